/* test-window.c: the main window on the sample library, in a real window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtksourceview/gtksource.h>

#include "herald-application.h"
#include "herald-checks-panel.h"
#include "herald-clients-view.h"
#include "herald-test-files.h"
#include "herald-test-gui.h"

/* ui/herald-window.ui: the bar shown when the template changed on disk. */
#define DISK_CHANGED_TEXT                                                                          \
  "This template changed on disk while you were editing it. Your edits are kept until you choose."

typedef struct
{
  HeraldPreview *preview;
  const char *needle;
} PreviewWait;

static gboolean
preview_shows (gpointer data)
{
  PreviewWait *wait = data;
  WebKitWebView *web_view = herald_preview_get_web_view (wait->preview);
  g_autofree char *text = NULL;

  if (web_view == NULL || webkit_web_view_is_loading (web_view))
    return FALSE;

  text = herald_test_eval_string (web_view, "document.body ? document.body.innerText : ''");
  return strstr (text, wait->needle) != NULL;
}

static gboolean
html_highlighted (gpointer data)
{
  GtkSourceLanguage *language = gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (data));

  return language != NULL && g_strcmp0 (gtk_source_language_get_id (language), "mailjet-html") == 0;
}

static gboolean
library_mapped (const char *file_name_start)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, file_name_start) != NULL;
}

static void
test_opens_sample_library (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldLibrary *library = herald_window_get_library (window);
  g_autofree char *html = NULL;
  GtkTextBuffer *buffer;
  PreviewWait wait;
  guint loads;

  g_assert_nonnull (library);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), >=, 4);

  /* Selecting a template puts its HTML, as it is on disk, in the editor. */
  loads = herald_preview_get_load_count (herald_window_get_preview (window));
  herald_window_select_template (window, "overdraft-risk");
  /* The first scenario by file name, already-overdrawn.json, greets Julien. */
  g_assert_cmpstr (herald_scenario_get_id (herald_window_get_scenario (window)), ==,
                   "already-overdrawn");
  g_assert_cmpstr (herald_template_get_id (herald_window_get_template (window)), ==,
                   "overdraft-risk");
  html = herald_test_read_file (library_dir, "templates/overdraft-risk/body.html");
  buffer = herald_template_editor_get_buffer (herald_window_get_editor (window), HERALD_PART_HTML);
  {
    g_autofree char *text = herald_test_buffer_text (buffer);

    g_assert_cmpstr (text, ==, html);
  }

  /* Highlighting of HTML with the template language, loaded once the window has painted. */
  g_assert_true (herald_test_wait_until (html_highlighted, buffer, 5000));

  /* The scenario picker follows the template. */
  g_assert_nonnull (herald_window_get_scenario (window));
  g_assert_true (g_list_model_get_n_items (
                     herald_template_get_scenarios (herald_window_get_template (window))) >= 2);

  /* The preview renders the selected template with the selected scenario. */
  wait.preview = herald_window_get_preview (window);
  wait.needle = "Hello Julien";
  g_assert_true (herald_test_wait_until (preview_shows, &wait, 20000));
  g_assert_cmpuint (herald_preview_get_load_count (wait.preview), >, loads);
  {
    g_autofree char *text = herald_test_eval_string (herald_preview_get_web_view (wait.preview),
                                                     "document.body.innerText");

    g_assert_null (strstr (text, "{{"));
    g_assert_null (strstr (text, "{%"));
  }

  /* No icon of the window, shown or hidden, needs the SVG renderer (librsvg, 6 MB of the
   * process) until a page that draws one is opened. This test runs first in its process. */
  g_assert_false (library_mapped ("/librsvg-"));

  herald_test_save_screenshot (GTK_WIDGET (window), "main-window.png");
  {
    g_autofree char *path =
        g_build_filename (g_getenv ("HERALD_SCREENSHOT_DIR"), "main-window.png", NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (GdkTexture) png = gdk_texture_new_from_filename (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (png), >=, 1000);
    g_assert_cmpint (gdk_texture_get_height (png), >=, 600);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_edit_reaches_preview (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  PreviewWait wait;
  guint loads_before;

  herald_window_select_template (window, "low-balance");
  buffer = herald_template_editor_get_buffer (herald_window_get_editor (window), HERALD_PART_HTML);

  /* Typed just before </body>, as a user would add a closing line. */
  {
    g_autofree char *text = herald_test_buffer_text (buffer);
    const char *body_end = strstr (text, "</body>");

    g_assert_nonnull (body_end);
    gtk_text_buffer_get_iter_at_offset (buffer, &iter, g_utf8_pointer_to_offset (text, body_end));
  }
  loads_before = herald_preview_get_load_count (herald_window_get_preview (window));
  gtk_text_buffer_insert (buffer, &iter, "<p>Typed by the UI test</p>", -1);

  g_assert_true (herald_template_get_modified (herald_window_get_template (window)));
  wait.preview = herald_window_get_preview (window);
  wait.needle = "Typed by the UI test";
  g_assert_true (herald_test_wait_until (preview_shows, &wait, 20000));
  g_assert_cmpuint (herald_preview_get_load_count (wait.preview), >, loads_before);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* GTK hands input to widgets inside a frame, before laying it out and painting it. */
typedef struct
{
  GtkTextBuffer *buffer;
  HeraldPreview *preview;
  gboolean typed;
  gboolean checked;
  gboolean preview_had_it;
} FrameEdit;

static void
type_in_frame_cb (GdkFrameClock *clock, FrameEdit *edit)
{
  GtkTextIter iter;

  if (edit->typed)
    return;
  edit->typed = TRUE;
  gtk_text_buffer_get_start_iter (edit->buffer, &iter);
  gtk_text_buffer_insert (edit->buffer, &iter, "<!-- Typed in a frame -->", -1);
}

static void
layout_cb (GdkFrameClock *clock, FrameEdit *edit)
{
  if (!edit->typed || edit->checked)
    return;
  edit->checked = TRUE;
  edit->preview_had_it =
      strstr (herald_preview_get_html (edit->preview), "Typed in a frame") != NULL;
}

static gboolean
frame_checked (gpointer data)
{
  return ((FrameEdit *) data)->checked;
}

/* A key typed after a pause reaches the preview before the frame that shows the letter is
 * laid out and painted: WebKit loads the new document while Herald paints, instead of
 * starting once the letter is on screen. */
static void
test_edit_reaches_preview_before_paint (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  FrameEdit edit = { 0 };
  gulong flush_handler, layout_handler;

  herald_window_select_template (window, "low-balance");
  edit.buffer =
      herald_template_editor_get_buffer (herald_window_get_editor (window), HERALD_PART_HTML);
  edit.preview = herald_window_get_preview (window);
  /* After a pause: the preview follows a burst of typing only once it settles. */
  herald_test_spin (400);
  g_assert_null (strstr (herald_preview_get_html (edit.preview), "Typed in a frame"));

  flush_handler = g_signal_connect (clock, "flush-events", G_CALLBACK (type_in_frame_cb), &edit);
  layout_handler = g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), &edit);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_FLUSH_EVENTS);
  g_assert_true (herald_test_wait_until (frame_checked, &edit, 5000));
  g_signal_handler_disconnect (clock, flush_handler);
  g_signal_handler_disconnect (clock, layout_handler);

  g_assert_true (edit.preview_had_it);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_template_has_herald_test_buffer_text (HeraldWindow *window,
                                             GtkTextBuffer *buffer,
                                             const char *what)
{
  g_autofree char *text = herald_test_buffer_text (buffer);

  g_test_message ("after %s", what);
  g_assert_cmpstr (herald_template_get_part (herald_window_get_template (window), HERALD_PART_HTML),
                   ==, text);
}

/* The editor hands the template its text after each edit from a copy it keeps in step with
 * the buffer: every kind of edit, anywhere, in any script, must leave the two identical. */
static void
test_edits_reach_template (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  herald_window_select_template (window, "overdraft-risk");
  buffer = herald_template_editor_get_buffer (herald_window_get_editor (window), HERALD_PART_HTML);

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, "<!-- é -->", -1);
  assert_template_has_herald_test_buffer_text (window, buffer, "an insert at the start");

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\nΤέλος — 終わり 🎉", -1);
  assert_template_has_herald_test_buffer_text (window, buffer, "an insert at the end");

  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, 40, 3);
  gtk_text_buffer_insert (buffer, &start, "«ü»", -1);
  assert_template_has_herald_test_buffer_text (window, buffer, "an insert mid-line");

  gtk_text_buffer_get_iter_at_offset (buffer, &start, 5);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 9);
  gtk_text_buffer_delete (buffer, &start, &end);
  assert_template_has_herald_test_buffer_text (window, buffer,
                                               "a deletion across a multibyte letter");

  gtk_text_buffer_get_iter_at_line (buffer, &start, 10);
  gtk_text_buffer_get_iter_at_line (buffer, &end, 30);
  gtk_text_buffer_delete (buffer, &start, &end);
  assert_template_has_herald_test_buffer_text (window, buffer, "deleting twenty lines");

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_iter_backward_chars (&end, 3);
  gtk_text_buffer_get_end_iter (buffer, &start);
  gtk_text_buffer_delete (buffer, &start, &end);
  assert_template_has_herald_test_buffer_text (window, buffer, "a deletion given end first");

  gtk_text_buffer_undo (buffer);
  assert_template_has_herald_test_buffer_text (window, buffer, "undo");
  gtk_text_buffer_redo (buffer);
  assert_template_has_herald_test_buffer_text (window, buffer, "redo");

  gtk_text_buffer_set_text (buffer, "<p>Replaced — entirely</p>", -1);
  assert_template_has_herald_test_buffer_text (window, buffer, "replacing all the text");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
dialog_shown (gpointer data)
{
  return herald_test_find_dialog (GTK_WINDOW (data)) != NULL;
}

static gboolean
window_gone (gpointer data)
{
  GtkWindow **window = data;

  return *window == NULL;
}

static guint
count_hidden_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint hidden = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (!gtk_widget_get_visible (toplevel))
        hidden++;
    }
  return hidden;
}

static gboolean
shortcuts_window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* A hidden toplevel crashes GTK 4.8's AT-SPI root when a screen reader reads a child that a
 * closing dialog just took away, so the shortcuts window lives only while it is shown. */
static void
test_shortcuts_window (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint before = g_list_model_get_n_items (toplevels);
  g_autoptr (GtkWidget) last = NULL;
  GtkWindow *shortcuts;

  g_assert_cmpuint (count_hidden_toplevels (), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-shortcuts", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);
  last = g_list_model_get_item (toplevels, before);
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (last));
  g_assert_true (gtk_widget_get_visible (last));
  shortcuts = GTK_WINDOW (last);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));

  g_object_add_weak_pointer (G_OBJECT (shortcuts), (gpointer *) &shortcuts);
  g_clear_object (&last);
  gtk_window_close (shortcuts);
  g_assert_true (herald_test_wait_until (shortcuts_window_gone, &shortcuts, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before);
  g_assert_cmpuint (count_hidden_toplevels (), ==, 0);

  /* Closing the main window takes an open shortcuts window with it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-shortcuts", NULL);
  last = g_list_model_get_item (toplevels, before);
  shortcuts = GTK_WINDOW (last);
  g_object_add_weak_pointer (G_OBJECT (shortcuts), (gpointer *) &shortcuts);
  g_clear_object (&last);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (shortcuts_window_gone, &shortcuts, 5000));
}

static void
collect_shortcuts (GtkWidget *widget, GPtrArray *shortcuts)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    g_ptr_array_add (shortcuts, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, shortcuts);
}

/* Every entry shows its keys, and every key the application binds has an entry. */
static void
test_shortcuts_list_every_key (void)
{
  g_autoptr (HeraldApplication) app = herald_application_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = g_ptr_array_new ();
  g_autoptr (GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) actions = NULL;
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr (GtkWidget) shortcuts = NULL;
  HeraldWindow *window;
  guint bound = 0;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = herald_window_new (app);
  herald_window_open_library (window, library_dir);
  gtk_window_present (GTK_WINDOW (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-shortcuts", NULL);
  shortcuts = g_list_model_get_item (toplevels, g_list_model_get_n_items (toplevels) - 1);
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (shortcuts));
  collect_shortcuts (shortcuts, entries);
  g_assert_cmpuint (entries->len, >, 0);

  for (guint i = 0; i < entries->len; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;

      g_object_get (entries->pdata[i], "title", &title, "accelerator", &accelerator, NULL);
      if (accelerator == NULL || *accelerator == '\0')
        g_error ("The shortcuts window shows no keys for “%s”", title);
      g_hash_table_add (shown, g_steal_pointer (&accelerator));
    }

  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto (GStrv) accels =
          gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);
      g_autofree char *joined = g_strjoinv (" ", accels);

      if (accels[0] == NULL)
        continue;
      bound++;
      if (!g_hash_table_contains (shown, joined))
        g_error ("%s (%s) is missing from the shortcuts window", actions[i], joined);
    }
  g_assert_cmpuint (bound, >=, 7);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_unsaved_changes_dialog (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  AdwMessageDialog *dialog;
  g_autofree char *on_disk = NULL;

  herald_window_select_template (window, "weekly-summary");
  herald_template_set_part (herald_window_get_template (window), HERALD_PART_SUBJECT,
                            "Edited subject");

  /* Cancel keeps the window and the edit. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (dialog_shown, window, 5000));
  dialog = herald_test_find_dialog (GTK_WINDOW (window));
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  herald_test_respond (dialog, "cancel");
  herald_test_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (herald_template_get_subject (herald_window_get_template (window)), ==,
                   "Edited subject");

  /* Discard closes it and writes nothing. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (dialog_shown, window, 5000));
  herald_test_respond (herald_test_find_dialog (GTK_WINDOW (window)), "discard");
  g_assert_true (herald_test_wait_until (window_gone, &window, 5000));

  on_disk = herald_test_read_file (library_dir, "templates/weekly-summary/template.json");
  g_assert_null (strstr (on_disk, "Edited subject"));
}

static void
test_save_writes_edit (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  g_autofree char *on_disk = NULL;

  herald_window_select_template (window, "large-expense");
  herald_template_set_part (herald_window_get_template (window), HERALD_PART_PREHEADER,
                            "Saved from the window");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  on_disk = herald_test_read_file (library_dir, "templates/large-expense/template.json");
  g_assert_nonnull (strstr (on_disk, "\"preheader\": \"Saved from the window\""));
  g_assert_false (herald_library_get_modified (herald_window_get_library (window)));

  /* Nothing left to save: closing asks nothing. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (window_gone, &window, 5000));
}

static gboolean
checks_mention (gpointer data)
{
  HeraldWindow *window = data;
  HeraldChecksPanel *panel = g_object_get_data (G_OBJECT (window), "checks-panel");
  GListModel *diagnostics = herald_checks_panel_get_diagnostics (panel);

  for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
    {
      g_autoptr (HeraldDiagnostic) diagnostic = g_list_model_get_item (diagnostics, i);

      if (g_str_equal (herald_diagnostic_get_rule_id (diagnostic), "syntax-error"))
        return TRUE;
    }
  return FALSE;
}

static gboolean
checks_clear (gpointer data)
{
  return !checks_mention (data);
}

static gboolean
preview_has_error (gpointer data)
{
  return herald_preview_get_error (HERALD_PREVIEW (data)) != NULL;
}

static gboolean
preview_error_cleared (gpointer data)
{
  return herald_preview_get_error (HERALD_PREVIEW (data)) == NULL;
}

static guint
count_rows (GtkListBox *list_box)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list_box, (int) n) != NULL)
    n++;
  return n;
}

static gboolean
every_finding_has_row (gpointer data)
{
  HeraldChecksPanel *panel = data;
  GtkListBox *list_box =
      GTK_LIST_BOX (herald_test_find_widget_of_type (GTK_WIDGET (panel), GTK_TYPE_LIST_BOX));

  return count_rows (list_box) ==
         g_list_model_get_n_items (herald_checks_panel_get_diagnostics (panel));
}

/* The findings of rule are together, under a header "title (N)", N counted here. */
static void
assert_grouped (HeraldChecksPanel *panel, const char *rule, const char *title)
{
  GListModel *diagnostics = herald_checks_panel_get_diagnostics (panel);
  GtkListBox *list_box =
      GTK_LIST_BOX (herald_test_find_widget_of_type (GTK_WIDGET (panel), GTK_TYPE_LIST_BOX));
  g_autofree char *expected = NULL;
  GtkWidget *header;
  guint n = 0;
  gint first = -1;
  gint last = -1;

  g_assert_true (herald_test_wait_until (every_finding_has_row, panel, 5000));

  for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
    {
      g_autoptr (HeraldDiagnostic) diagnostic = g_list_model_get_item (diagnostics, i);

      if (g_str_equal (herald_diagnostic_get_rule_id (diagnostic), rule))
        {
          n++;
          if (first < 0)
            first = (gint) i;
          last = (gint) i;
        }
    }
  g_assert_cmpuint (n, >, 1);
  g_assert_cmpint (last - first + 1, ==, (gint) n);
  expected = g_strdup_printf ("%s (%u)", title, n);
  header = gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (list_box, first));
  g_assert_true (GTK_IS_LABEL (header));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (header)), ==, expected);
  g_assert_null (gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (list_box, first + 1)));
}

/* A broken edit: the checks name it with its place, the editor underlines it, activating
 * the finding puts the cursor there, and the preview keeps the last good render with the
 * error over it. */
static void
test_checks_and_render_errors (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldChecksPanel *panel = HERALD_CHECKS_PANEL (
      herald_test_find_widget_of_type (GTK_WIDGET (window), HERALD_TYPE_CHECKS_PANEL));
  HeraldPreview *preview = herald_window_get_preview (window);
  GtkTextBuffer *buffer;
  GtkTextTagTable *tags;
  GtkTextIter iter;
  g_autofree char *good_html = NULL;
  g_autoptr (HeraldDiagnostic) finding = NULL;
  GListModel *diagnostics;
  guint line = 0;
  int lines;

  g_assert_nonnull (panel);
  g_object_set_data (G_OBJECT (window), "checks-panel", panel);
  herald_window_select_template (window, "low-balance");
  buffer = herald_template_editor_get_buffer (herald_window_get_editor (window), HERALD_PART_HTML);
  herald_test_spin (400);
  good_html = g_strdup (herald_preview_get_html (preview));
  g_assert_nonnull (good_html);

  /* An {% if %} that is never closed, typed on a new last line. */
  lines = gtk_text_buffer_get_line_count (buffer);
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert (buffer, &iter, "\n{% if var:balance > 0 %}", -1);

  g_assert_true (herald_test_wait_until (checks_mention, window, 5000));
  g_assert_true (herald_test_wait_until (preview_has_error, preview, 5000));
  g_assert_nonnull (strstr (herald_preview_get_error (preview), "HTML, line"));
  g_assert_cmpstr (herald_preview_get_html (preview), ==, good_html);

  diagnostics = herald_checks_panel_get_diagnostics (panel);
  for (guint i = 0; i < g_list_model_get_n_items (diagnostics) && finding == NULL; i++)
    {
      g_autoptr (HeraldDiagnostic) diagnostic = g_list_model_get_item (diagnostics, i);

      if (g_str_equal (herald_diagnostic_get_rule_id (diagnostic), "syntax-error"))
        finding = g_object_ref (diagnostic);
    }
  g_assert_nonnull (finding);
  g_assert_cmpint (herald_diagnostic_get_part (finding), ==, HERALD_PART_HTML);

  /* The findings are grouped: the syntax error first, under "Template language". */
  {
    GtkListBox *list_box =
        GTK_LIST_BOX (herald_test_find_widget_of_type (GTK_WIDGET (panel), GTK_TYPE_LIST_BOX));
    g_autoptr (HeraldDiagnostic) first = g_list_model_get_item (diagnostics, 0);
    GtkWidget *header = gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (list_box, 0));

    g_assert_cmpstr (herald_diagnostic_get_rule_id (first), ==, "syntax-error");
    g_assert_true (GTK_IS_LABEL (header));
    g_assert_true (
        g_str_has_prefix (gtk_label_get_text (GTK_LABEL (header)), "Template language ("));
  }
  /* The unclosed if sits on the line just added, after the file's own last line. */
  line = herald_diagnostic_get_line (finding);
  g_assert_cmpint (line, ==, lines + 1);

  tags = gtk_text_buffer_get_tag_table (buffer);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, line - 1,
                                           herald_diagnostic_get_column (finding) - 1);
  g_assert_true (
      gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (tags, "diagnostic-error")));

  /* Activating the finding moves the cursor to it. */
  g_signal_emit_by_name (panel, "diagnostic-activated", finding);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_line (&iter) + 1, ==, line);

  /* Fixed again: the error goes away. */
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert (buffer, &iter, "{% endif %}", -1);
  g_assert_true (herald_test_wait_until (preview_error_cleared, preview, 5000));
  g_assert_true (herald_test_wait_until (checks_clear, window, 5000));
  assert_grouped (panel, "client-support", "Client support");

  herald_template_reload (herald_window_get_template (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GPtrArray *
client_findings (guint n, const char *message)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (findings, herald_diagnostic_new ("client-support", HERALD_SEVERITY_INFO, "t",
                                                      NULL, HERALD_PART_HTML, i + 1, 1, message));
  return findings;
}

/* Rows below the fold are not laid out before the panel first paints: a window's first
 * frame waits for the rows it shows, not for all of them. The rest follow once it has
 * painted; an edit remakes only the rows of what changed, and a newer set of findings
 * replaces the rows still to come. */
static void
test_checks_rows_after_first_frame (void)
{
  GtkWidget *window = gtk_window_new ();
  HeraldChecksPanel *panel = g_object_new (HERALD_TYPE_CHECKS_PANEL, NULL);
  GtkListBox *list_box =
      GTK_LIST_BOX (herald_test_find_widget_of_type (GTK_WIDGET (panel), GTK_TYPE_LIST_BOX));
  g_autoptr (GPtrArray) many = client_findings (40, "Many");
  g_autoptr (GPtrArray) few = client_findings (3, "Few");
  GtkWidget *header;
  guint before_paint;

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 200);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (panel));
  herald_checks_panel_set_diagnostics (panel, many);
  herald_test_spin (300);
  before_paint = count_rows (list_box);
  g_assert_cmpuint (g_list_model_get_n_items (herald_checks_panel_get_diagnostics (panel)), ==, 40);
  g_assert_cmpuint (before_paint, >=, 1);
  g_assert_cmpuint (before_paint, <, 40);
  /* The first row already carries its group's heading, counted over all the findings. */
  header = gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (list_box, 0));
  g_assert_true (GTK_IS_LABEL (header));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (header)), ==, "Client support (40)");

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (every_finding_has_row, panel, 5000));
  g_assert_null (gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (list_box, 39)));

  /* An edit that moves one finding remakes that finding's row only. */
  {
    g_autoptr (GPtrArray) edited = client_findings (40, "Many");
    GtkListBoxRow *rows[40];

    g_object_unref (g_ptr_array_index (edited, 20));
    g_ptr_array_index (edited, 20) = herald_diagnostic_new (
        "client-support", HERALD_SEVERITY_INFO, "t", NULL, HERALD_PART_HTML, 21, 7, "Many");
    for (int i = 0; i < 40; i++)
      rows[i] = gtk_list_box_get_row_at_index (list_box, i);
    herald_checks_panel_set_diagnostics (panel, edited);
    g_assert_cmpuint (count_rows (list_box), ==, 40);
    for (int i = 0; i < 40; i++)
      if (i == 20)
        g_assert_true (gtk_list_box_get_row_at_index (list_box, i) != rows[i]);
      else
        g_assert_true (gtk_list_box_get_row_at_index (list_box, i) == rows[i]);
  }

  /* Newer findings while rows are still to come: only the newer ones are shown. */
  herald_checks_panel_set_diagnostics (panel, NULL);
  herald_checks_panel_set_diagnostics (panel, many);
  herald_checks_panel_set_diagnostics (panel, few);
  herald_test_spin (300);
  g_assert_cmpuint (count_rows (list_box), ==, 3);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (
                       gtk_list_box_row_get_header (gtk_list_box_get_row_at_index (list_box, 0)))),
                   ==, "Client support (3)");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
collect_status_labels (GtkWidget *root, GString *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "translation-status"))
        g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
      collect_status_labels (child, out);
    }
}

typedef struct
{
  HeraldPreview *preview;
  const char *script;
  const char *expected;
} ScriptWait;

static gboolean
script_returns (gpointer data)
{
  ScriptWait *wait = data;
  WebKitWebView *web_view = herald_preview_get_web_view (wait->preview);
  g_autofree char *value = NULL;

  if (web_view == NULL || webkit_web_view_is_loading (web_view))
    return FALSE;
  value = herald_test_eval_string (web_view, wait->script);
  return g_strcmp0 (value, wait->expected) == 0;
}

typedef struct
{
  HeraldPreview *preview;
  const HeraldRendered *rendered;
} RenderedWait;

static gboolean
rendered_replaced (gpointer data)
{
  RenderedWait *wait = data;

  return herald_preview_get_rendered (wait->preview) != wait->rendered;
}

/* The language drop-down also tells of its selection when it is given its list (a library
 * opening), the language shown unchanged: that renders nothing again. Another language
 * does. */
static void
test_same_locale_not_rendered_again (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldPreview *preview = herald_window_get_preview (window);
  GtkDropDown *locales = GTK_DROP_DOWN (
      herald_test_find_by_tooltip (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, "Language"));
  RenderedWait wait = { preview, NULL };

  g_assert_nonnull (locales);
  herald_test_spin (400);
  wait.rendered = herald_preview_get_rendered (preview);
  g_assert_nonnull (wait.rendered);

  g_object_notify (G_OBJECT (locales), "selected");
  herald_test_spin (400);
  g_assert_true (herald_preview_get_rendered (preview) == wait.rendered);

  gtk_drop_down_set_selected (locales, herald_test_dropdown_position (locales, "fr"));
  g_assert_true (herald_test_wait_until (rendered_replaced, &wait, 5000));

  /* A folder that fails to open leaves the language it was shown in as it was. */
  {
    g_autofree char *not_a_library = herald_test_make_temp_dir ("herald-not-a-library-XXXXXX");

    herald_window_open_library (window, not_a_library);
    herald_test_spin (500);
    wait.rendered = herald_preview_get_rendered (preview);
    gtk_drop_down_set_selected (locales, herald_test_dropdown_position (locales, "de"));
    g_assert_true (herald_test_wait_until (rendered_replaced, &wait, 5000));
    herald_test_remove_tree (not_a_library);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The locale picker renders the .po's translation, the pseudo-locale needs none, a
 * translator's change on disk reaches the preview, and the sidebar shows how complete each
 * translation is. */
static void
test_locales (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldPreview *preview = herald_window_get_preview (window);
  GtkDropDown *locales = GTK_DROP_DOWN (
      herald_test_find_by_tooltip (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, "Language"));
  g_autofree char *po_path = g_build_filename (library_dir, "po", "fr.po", NULL);
  g_autofree char *po = NULL;
  g_autoptr (GString) statuses = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  ScriptWait wait = { preview, NULL, NULL };
  PreviewWait text_wait = { preview, NULL };
  char *hello;

  g_assert_nonnull (locales);
  herald_window_select_template (window, "overdraft-risk");

  /* Written by the translators in po/fr.po: "Hello …," is "Bonjour …,". */
  gtk_drop_down_set_selected (locales, herald_test_dropdown_position (locales, "fr"));
  wait.script = "document.documentElement.lang";
  wait.expected = "fr";
  g_assert_true (herald_test_wait_until (script_returns, &wait, 10000));
  text_wait.needle = "Bonjour Julien";
  g_assert_true (herald_test_wait_until (preview_shows, &text_wait, 10000));
  /* The scenario's French sample values (its "locales" → "fr"), as a backend formats them. */
  text_wait.needle = "jeudi 3 décembre";
  g_assert_true (herald_test_wait_until (preview_shows, &text_wait, 10000));

  gtk_drop_down_set_selected (locales, herald_test_dropdown_position (locales, "de"));
  wait.expected = "de";
  g_assert_true (herald_test_wait_until (script_returns, &wait, 10000));
  text_wait.needle = "Hallo Julien";
  g_assert_true (herald_test_wait_until (preview_shows, &text_wait, 10000));
  text_wait.needle = "Donnerstag, 3. Dezember";
  g_assert_true (herald_test_wait_until (preview_shows, &text_wait, 10000));

  /* The pseudo-locale brackets every unit. */
  gtk_drop_down_set_selected (locales, herald_test_dropdown_position (locales, "en-XA"));
  text_wait.needle = "[";
  g_assert_true (herald_test_wait_until (preview_shows, &text_wait, 10000));

  /* A translator edits fr.po while Herald is open. */
  gtk_drop_down_set_selected (locales, herald_test_dropdown_position (locales, "fr"));
  g_file_get_contents (po_path, &po, NULL, &error);
  g_assert_no_error (error);
  hello = strstr (po, "msgstr \"Bonjour ");
  g_assert_nonnull (hello);
  memcpy (hello + strlen ("msgstr \""), "Bonsoir", strlen ("Bonsoir"));
  g_file_set_contents (po_path, po, -1, &error);
  g_assert_no_error (error);
  text_wait.needle = "Bonsoir Julien";
  g_assert_true (herald_test_wait_until (preview_shows, &text_wait, 10000));

  /* Side by side: the source and both translations, each in its own language. */
  {
    const char *expected_lang[] = { "en", "fr", "de" };
    const char *expected_text[] = { "Hello Julien", "Bonsoir Julien", "Hallo Julien" };
    const char *expected_date[] = { "Thursday 3 December", "jeudi 3 décembre",
                                    "Donnerstag, 3. Dezember" };
    HeraldLocaleGrid *grid = herald_window_get_locale_grid (window);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare-locales", NULL));
    g_assert_cmpuint (herald_locale_grid_get_n_columns (grid), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        ScriptWait lang = { herald_locale_grid_get_preview (grid, i),
                            "document.documentElement.lang", expected_lang[i] };
        PreviewWait text = { herald_locale_grid_get_preview (grid, i), expected_text[i] };
        PreviewWait date = { herald_locale_grid_get_preview (grid, i), expected_date[i] };

        g_assert_true (herald_test_wait_until (script_returns, &lang, 20000));
        g_assert_true (herald_test_wait_until (preview_shows, &text, 20000));
        g_assert_true (herald_test_wait_until (preview_shows, &date, 20000));
      }
    /* Let WebKit redraw at the columns' final width before the picture. */
    herald_test_spin (1500);
    herald_test_save_screenshot (GTK_WIDGET (window), "locale-grid.png");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare-locales", NULL));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (grid)) &&
                    gtk_widget_get_mapped (GTK_WIDGET (grid)));
  }

  collect_status_labels (GTK_WIDGET (window), statuses);
  g_assert_nonnull (strstr (statuses->str, "fr 100 %"));
  g_assert_nonnull (strstr (statuses->str, "de 100 %"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Compare Languages must fit beside the sidebar and give the preview its own width back. */
static void
test_compare_layout (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);

  herald_window_select_template (window, "overdraft-risk");
  herald_test_check_compare_layout (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_source_view (gpointer window)
{
  return herald_test_find_widget_of_type (GTK_WIDGET (window), GTK_SOURCE_TYPE_VIEW) != NULL;
}

/* What the first frame does not show is made later: the code views once the window has
 * painted, the Deliveries page when it is first shown. */
static void
test_hidden_parts_made_later (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  GtkWidget *deliveries;

  g_assert_true (herald_test_wait_until (has_source_view, window, 5000));
  g_assert_null (
      herald_test_find_widget_of_type (GTK_WIDGET (window), HERALD_TYPE_DELIVERIES_VIEW));
  /* Nor have the language grid and the Clients view made their own widgets yet. */
  g_assert_null (gtk_widget_get_first_child (GTK_WIDGET (herald_window_get_locale_grid (window))));
  g_assert_null (gtk_widget_get_first_child (
      herald_test_find_widget_of_type (GTK_WIDGET (window), HERALD_TYPE_CLIENTS_VIEW)));

  herald_window_show_deliveries (window);
  deliveries = herald_test_find_widget_of_type (GTK_WIDGET (window), HERALD_TYPE_DELIVERIES_VIEW);
  g_assert_nonnull (deliveries);
  g_assert_true (deliveries == GTK_WIDGET (herald_window_get_deliveries_view (window)));
  herald_test_spin (100);
  g_assert_true (gtk_widget_get_mapped (deliveries));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
disk_bar_shown (gpointer window)
{
  GtkLabel *label = herald_test_find_label (window, DISK_CHANGED_TEXT, TRUE);

  return label != NULL && gtk_widget_get_child_visible (GTK_WIDGET (label)) &&
         gtk_widget_get_height (GTK_WIDGET (label)) > 0;
}

/* Built but hidden while concealed (a concealed revealer still measures its child). */
static gboolean
disk_bar_hidden (gpointer window)
{
  GtkLabel *label = herald_test_find_label (window, DISK_CHANGED_TEXT, FALSE);

  return label != NULL && !gtk_widget_is_visible (GTK_WIDGET (label));
}

/* Another program rewrites the template being edited: the bar offers to keep the edits or
 * reload; keeping them takes the bar away, and the edit stays. */
static void
test_changed_on_disk_bar (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldTemplate *template;
  g_autofree char *json = NULL;
  g_autofree char *subject = NULL;

  herald_window_select_template (window, "weekly-summary");
  template = herald_window_get_template (window);
  g_assert_true (disk_bar_hidden (window));

  subject = g_strdup (herald_template_get_subject (template));
  herald_template_set_part (template, HERALD_PART_SUBJECT, "Edited here");
  json = herald_test_read_file (library_dir, "templates/weekly-summary/template.json");
  g_assert_nonnull (strstr (json, subject));
  {
    g_autoptr (GString) changed = g_string_new (json);

    g_string_replace (changed, subject, "Edited elsewhere", 1);
    herald_test_write_file (library_dir, "templates/weekly-summary/template.json", changed->str);
  }
  g_assert_true (herald_test_wait_until (disk_bar_shown, window, 10000));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.keep-mine", NULL);
  g_assert_true (herald_test_wait_until (disk_bar_hidden, window, 5000));
  g_assert_cmpstr (herald_template_get_subject (template), ==, "Edited here");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_loading_title (gpointer window)
{
  return herald_test_find_label (window, "Opening Library…", TRUE) != NULL;
}

/* "Opening Library…" appears only once opening has taken long enough for it to be read:
 * not when the window is shown (nor is the page that says it made yet), and after a
 * moment while a library is still opening (here, none is). */
static void
test_loading_title_waits (void)
{
  HeraldWindow *window = g_object_new (HERALD_TYPE_WINDOW, NULL);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_null (herald_test_find_label (GTK_WIDGET (window), "Opening Library…", FALSE));
  g_assert_null (herald_test_find_widget_of_type (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));
  g_assert_true (herald_test_wait_until (shows_loading_title, window, 5000));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  herald_test_gui_init (&argc, &argv);

  g_test_add_func ("/herald/ui/window/opens-sample-library", test_opens_sample_library);
  g_test_add_func ("/herald/ui/window/hidden-parts-made-later", test_hidden_parts_made_later);
  g_test_add_func ("/herald/ui/window/edit-reaches-preview", test_edit_reaches_preview);
  g_test_add_func ("/herald/ui/window/edit-reaches-preview-before-paint",
                   test_edit_reaches_preview_before_paint);
  g_test_add_func ("/herald/ui/window/edits-reach-template", test_edits_reach_template);
  g_test_add_func ("/herald/ui/window/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/herald/ui/window/shortcuts-list-every-key", test_shortcuts_list_every_key);
  g_test_add_func ("/herald/ui/window/unsaved-changes-dialog", test_unsaved_changes_dialog);
  g_test_add_func ("/herald/ui/window/save", test_save_writes_edit);
  g_test_add_func ("/herald/ui/window/checks-and-render-errors", test_checks_and_render_errors);
  g_test_add_func ("/herald/ui/window/checks-rows-after-first-frame",
                   test_checks_rows_after_first_frame);
  g_test_add_func ("/herald/ui/window/locales", test_locales);
  g_test_add_func ("/herald/ui/window/changed-on-disk-bar", test_changed_on_disk_bar);
  g_test_add_func ("/herald/ui/window/loading-title-waits", test_loading_title_waits);
  g_test_add_func ("/herald/ui/window/same-locale-not-rendered-again",
                   test_same_locale_not_rendered_again);
  g_test_add_func ("/herald/ui/window/compare-layout", test_compare_layout);

  return g_test_run ();
}
