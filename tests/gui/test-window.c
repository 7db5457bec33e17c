/* test-window.c: the main window on the sample library, in a real window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-test-gui.h"

static char *
read_sample_file (const char *library,
                  const char *relative)
{
  g_autofree char *path = g_build_filename (library, relative, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

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
  g_assert_cmpstr (herald_scenario_get_id (herald_window_get_scenario (window)), ==, "already-overdrawn");
  g_assert_cmpstr (herald_template_get_id (herald_window_get_template (window)), ==, "overdraft-risk");
  html = read_sample_file (library_dir, "templates/overdraft-risk/body.html");
  buffer = herald_template_editor_get_buffer (herald_window_get_editor (window), HERALD_PART_HTML);
  {
    g_autofree char *text = buffer_text (buffer);

    g_assert_cmpstr (text, ==, html);
  }

  /* The scenario picker follows the template. */
  g_assert_nonnull (herald_window_get_scenario (window));
  g_assert_true (g_list_model_get_n_items (herald_template_get_scenarios (herald_window_get_template (window))) >= 2);

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

  herald_test_save_screenshot (GTK_WIDGET (window), "main-window.png");
  {
    g_autofree char *path = g_build_filename (g_getenv ("HERALD_SCREENSHOT_DIR"), "main-window.png", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkTexture) png = gdk_texture_new_from_filename (path, &error);

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
    g_autofree char *text = buffer_text (buffer);
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

static void
test_unsaved_changes_dialog (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  AdwMessageDialog *dialog;
  g_autofree char *on_disk = NULL;

  herald_window_select_template (window, "weekly-summary");
  herald_template_set_part (herald_window_get_template (window), HERALD_PART_SUBJECT, "Edited subject");

  /* Cancel keeps the window and the edit. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (dialog_shown, window, 5000));
  dialog = herald_test_find_dialog (GTK_WINDOW (window));
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  herald_test_respond (dialog, "cancel");
  herald_test_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (herald_template_get_subject (herald_window_get_template (window)), ==, "Edited subject");

  /* Discard closes it and writes nothing. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (dialog_shown, window, 5000));
  herald_test_respond (herald_test_find_dialog (GTK_WINDOW (window)), "discard");
  g_assert_true (herald_test_wait_until (window_gone, &window, 5000));

  on_disk = read_sample_file (library_dir, "templates/weekly-summary/template.json");
  g_assert_null (strstr (on_disk, "Edited subject"));
}

static void
test_save_writes_edit (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  g_autofree char *on_disk = NULL;

  herald_window_select_template (window, "large-expense");
  herald_template_set_part (herald_window_get_template (window), HERALD_PART_PREHEADER, "Saved from the window");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  on_disk = read_sample_file (library_dir, "templates/large-expense/template.json");
  g_assert_nonnull (strstr (on_disk, "\"preheader\": \"Saved from the window\""));
  g_assert_false (herald_library_get_modified (herald_window_get_library (window)));

  /* Nothing left to save: closing asks nothing. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (window_gone, &window, 5000));
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gui_init (&argc, &argv);

  g_test_add_func ("/herald/ui/window/opens-sample-library", test_opens_sample_library);
  g_test_add_func ("/herald/ui/window/edit-reaches-preview", test_edit_reaches_preview);
  g_test_add_func ("/herald/ui/window/unsaved-changes-dialog", test_unsaved_changes_dialog);
  g_test_add_func ("/herald/ui/window/save", test_save_writes_edit);

  return g_test_run ();
}
