/* test-editor.c: the template editor's highlighting, find and replace, and go to line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtksourceview/gtksource.h>

#include "herald-application.h"
#include "herald-test-gui.h"

/* A buffer in a part's language, highlighted from start to end. */
static GtkSourceBuffer *
highlighted_buffer (HeraldPart part, const char *text)
{
  GtkSourceLanguage *language = herald_template_editor_get_part_language (part);
  GtkSourceBuffer *buffer;
  GtkTextIter start, end;

  g_assert_nonnull (language);
  buffer = gtk_source_buffer_new_with_language (language);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text, -1);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  gtk_source_buffer_ensure_highlight (buffer, &start, &end);
  return buffer;
}

static gboolean
has_class_at (GtkSourceBuffer *buffer, const char *text, const char *at, const char *class)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (buffer), &iter,
                                      (int) g_utf8_pointer_to_offset (text, at));
  return gtk_source_buffer_iter_has_context_class (buffer, &iter, class);
}

/* Every {{ … }} and {% … %} of a sample part is styled as the template language (its
 * namespace and variable name too), and the last character of the file is in no string,
 * comment or template tag: no region was left open. */
static void
check_sample_part (const char *path, HeraldPart part)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GtkSourceBuffer) buffer = NULL;
  GtkTextIter last;
  guint n_tags = 0;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  buffer = highlighted_buffer (part, text);

  for (const char *p = strstr (text, "{"); p != NULL; p = strstr (p + 1, "{"))
    {
      if (p[1] != '{' && p[1] != '%')
        continue;
      n_tags++;
      if (!has_class_at (buffer, text, p, "mailjet-tag"))
        g_error ("%s: offset %ld: “%.20s” is not highlighted as a template tag", path,
                 g_utf8_pointer_to_offset (text, p), p);
      g_assert_false (has_class_at (buffer, text, p, "mailjet-unclosed"));
      if (g_str_has_prefix (p, "{{var:"))
        {
          g_assert_true (has_class_at (buffer, text, p + 2, "mailjet-namespace"));
          g_assert_true (has_class_at (buffer, text, p + 6, "mailjet-variable"));
        }
      p++;
    }
  g_assert_cmpuint (n_tags, >, 0);

  gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (buffer), &last);
  gtk_text_iter_backward_char (&last);
  g_assert_false (gtk_source_buffer_iter_has_context_class (buffer, &last, "mailjet-tag"));
  g_assert_false (gtk_source_buffer_iter_has_context_class (buffer, &last, "string"));
  g_assert_false (gtk_source_buffer_iter_has_context_class (buffer, &last, "comment"));
}

static void
test_highlight_samples (void)
{
  g_autofree char *library = herald_test_copy_sample_library ();
  g_autofree char *templates = g_build_filename (library, "templates", NULL);
  g_autoptr (GDir) dir = g_dir_open (templates, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *html = g_build_filename (templates, name, "body.html", NULL);
      g_autofree char *text = g_build_filename (templates, name, "body.txt", NULL);

      check_sample_part (html, HERALD_PART_HTML);
      check_sample_part (text, HERALD_PART_TEXT);
      n++;
    }
  g_assert_cmpuint (n, >=, 5);
}

/* Inside attribute values and text, strings, functions and unclosed tags. */
static void
test_highlight_details (void)
{
  const char *text = "<a href=\"https://x.example/{{var:id}}\" title=\"{{ Upper(var:name) }}\">\n"
                     "{{var:greeting:\"Hello, there\"}} {% if var:n > 1 %}many{% endif %}\n"
                     "<p>{{ var:broken\n"
                     "<p class=\"after\">plain</p>\n";
  g_autoptr (GtkSourceBuffer) buffer = highlighted_buffer (HERALD_PART_HTML, text);

  g_assert_true (has_class_at (buffer, text, strstr (text, "var:id"), "mailjet-namespace"));
  g_assert_true (has_class_at (buffer, text, strstr (text, "Upper"), "mailjet-function"));
  g_assert_true (has_class_at (buffer, text, strstr (text, "Hello, there"), "string"));
  g_assert_true (has_class_at (buffer, text, strstr (text, "Hello, there"), "mailjet-tag"));
  g_assert_true (has_class_at (buffer, text, strstr (text, "if var"), "mailjet-tag"));
  g_assert_false (has_class_at (buffer, text, strstr (text, "many"), "mailjet-tag"));
  /* The opening without its closing is marked, and the next line is HTML again. */
  g_assert_true (has_class_at (buffer, text, strstr (text, "{{ var:broken"), "mailjet-unclosed"));
  g_assert_false (has_class_at (buffer, text, strstr (text, "after"), "mailjet-tag"));
  g_assert_true (has_class_at (buffer, text, strstr (text, "after"), "string"));
}

static gboolean
is_button_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_replace_entry (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_ENTRY (widget) &&
         g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (widget)), "Replace with") == 0;
}

static gboolean
is_line_entry (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_ENTRY (widget) &&
         gtk_entry_get_input_purpose (GTK_ENTRY (widget)) == GTK_INPUT_PURPOSE_DIGITS;
}

/* Case-insensitive, as the find bar is by default. */
static guint
count_occurrences (const char *text, const char *needle)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  guint n = 0;

  for (const char *p = strstr (lower, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static GtkTextBuffer *
html_buffer (HeraldWindow *window)
{
  return herald_template_editor_get_buffer (herald_window_get_editor (window), HERALD_PART_HTML);
}

static char *
selected_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  return gtk_text_iter_get_text (&start, &end);
}

typedef struct
{
  GtkTextBuffer *buffer;
  const char *expected;
} SelectionWait;

static gboolean
selection_is (gpointer data)
{
  SelectionWait *wait = data;
  g_autofree char *selected = selected_text (wait->buffer);

  return g_ascii_strcasecmp (selected, wait->expected) == 0;
}

/* Ctrl+F and Ctrl+H open the find bar over the HTML (from the Message page), typing selects
 * the first match, Replace changes the selected match only, Replace All the rest, and the
 * template (what is saved) follows. */
static void
test_find_replace (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldTemplateEditor *editor = herald_window_get_editor (window);
  GtkWidget *search = GTK_WIDGET (herald_template_editor_get_search (editor));
  GtkEditable *find_entry;
  GtkEntry *replace_entry;
  HeraldTemplate *template;
  GtkTextBuffer *buffer;
  SelectionWait wait;
  guint payments;

  herald_window_select_template (window, "large-expense");
  template = herald_window_get_template (window);
  buffer = html_buffer (window);
  payments = count_occurrences (herald_template_get_html (template), "payment");
  g_assert_cmpuint (payments, >, 2);
  g_assert_cmpuint (count_occurrences (herald_template_get_html (template), "disbursement"), ==, 0);

  /* Find from the Message page goes to the HTML. */
  herald_template_editor_show_part (editor, HERALD_PART_SUBJECT, 0, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  find_entry = GTK_EDITABLE (herald_test_find_widget_of_type (search, GTK_TYPE_SEARCH_ENTRY));
  replace_entry = GTK_ENTRY (herald_test_find_widget (search, is_replace_entry, NULL));
  g_assert_nonnull (find_entry);
  g_assert_nonnull (replace_entry);
  g_assert_true (herald_test_wait_until (herald_test_widget_mapped, find_entry, 5000));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (replace_entry)));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (
                       herald_test_find_widget_of_type (GTK_WIDGET (editor), ADW_TYPE_VIEW_STACK))),
                   ==, "html");

  gtk_editable_set_text (find_entry, "payment");
  wait.buffer = buffer;
  wait.expected = "payment";

  g_assert_true (herald_test_wait_until (selection_is, &wait, 5000));

  /* Ctrl+H shows the replace row. Replace: the selected match only. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-replace", NULL));
  g_assert_true (herald_test_wait_until (herald_test_widget_mapped, replace_entry, 5000));
  gtk_editable_set_text (GTK_EDITABLE (replace_entry), "disbursement");
  g_signal_emit_by_name (herald_test_find_widget (search, is_button_labelled, "_Replace"),
                         "clicked");
  g_assert_cmpuint (count_occurrences (herald_template_get_html (template), "disbursement"), ==, 1);
  g_assert_cmpuint (count_occurrences (herald_template_get_html (template), "payment"), ==,
                    payments - 1);
  /* …and moves on to the next match. */
  {
    g_autofree char *selected = selected_text (buffer);

    g_assert_cmpint (g_ascii_strcasecmp (selected, "payment"), ==, 0);
  }

  /* Replace All: every other match. */
  g_signal_emit_by_name (herald_test_find_widget (search, is_button_labelled, "Replace _All"),
                         "clicked");
  g_assert_cmpuint (count_occurrences (herald_template_get_html (template), "payment"), ==, 0);
  g_assert_cmpuint (count_occurrences (herald_template_get_html (template), "disbursement"), ==,
                    payments);
  g_assert_true (herald_template_get_modified (template));

  gtk_window_destroy (GTK_WINDOW (window));
}

static int
cursor_line (GtkTextBuffer *buffer)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_line (&iter);
}

/* Ctrl+I asks for a line and moves the cursor there; a line the part does not have is
 * refused and the cursor stays. */
static void
test_goto_line (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldTemplateEditor *editor = herald_window_get_editor (window);
  GtkWidget *search = GTK_WIDGET (herald_template_editor_get_search (editor));
  GtkEntry *line_entry;
  GtkTextBuffer *buffer;
  GtkTextIter start;

  /* The bars are built the first time one is asked for. */
  g_assert_null (herald_test_find_widget (search, is_line_entry, NULL));
  herald_window_select_template (window, "large-expense");
  herald_template_editor_show_part (editor, HERALD_PART_HTML, 0, 0);
  buffer = html_buffer (window);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), >, 100);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.goto-line", NULL));
  line_entry = GTK_ENTRY (herald_test_find_widget (search, is_line_entry, NULL));
  g_assert_nonnull (line_entry);
  g_assert_true (herald_test_wait_until (herald_test_widget_mapped, line_entry, 5000));
  gtk_editable_set_text (GTK_EDITABLE (line_entry), "100000");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (line_entry), "error"));
  g_signal_emit_by_name (line_entry, "activate");
  g_assert_cmpint (cursor_line (buffer), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (line_entry), "42");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (line_entry), "error"));
  g_signal_emit_by_name (line_entry, "activate");
  g_assert_cmpint (cursor_line (buffer), ==, 41);
  /* Back in the code, at that line. */
  g_assert_true (GTK_IS_TEXT_VIEW (gtk_root_get_focus (GTK_ROOT (window))));
  g_assert_true (
      gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_root_get_focus (GTK_ROOT (window)))) == buffer);

  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
proposal_names (GListModel *proposals)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (proposals); i++)
    {
      g_autoptr (HeraldVariableProposal) proposal = g_list_model_get_item (proposals, i);

      g_string_append_printf (names, "%s%s", i > 0 ? " " : "",
                              herald_variable_proposal_get_name (proposal));
    }
  return g_string_free (names, FALSE);
}

/* After `var:`, the names of the template's sample variables: from every scenario, once,
 * sorted, filtered by what is typed, with a sample value; a variable added to the sample
 * data is offered at once. */
static void
test_variable_completion (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldTemplateEditor *editor = herald_window_get_editor (window);
  HeraldVariableCompletion *completion = herald_template_editor_get_variable_completion (editor);
  g_autoptr (GListModel) amounts = NULL;
  g_autoptr (GListModel) all = NULL;
  g_autoptr (GListModel) added = NULL;
  g_autoptr (HeraldVariableProposal) first = NULL;
  g_autofree char *names = NULL;
  g_autofree char *all_names = NULL;
  HeraldScenario *scenario;

  herald_window_select_template (window, "large-expense");
  amounts = herald_variable_completion_list (completion, "AMO");
  names = proposal_names (amounts);
  g_assert_cmpstr (names, ==, "amount_display");
  first = g_list_model_get_item (amounts, 0);
  g_assert_cmpstr (herald_variable_proposal_get_sample (first), ==, "€1,249.00");

  /* original_amount_display is only in foreign-currency; firstname is in two scenarios. */
  all = herald_variable_completion_list (completion, "");
  all_names = proposal_names (all);
  g_assert_nonnull (strstr (all_names, "original_amount_display"));
  g_assert_nonnull (strstr (all_names, "exchange_rate_display"));
  g_assert_cmpuint (count_occurrences (all_names, "firstname"), ==, 1);
  for (guint i = 1; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr (HeraldVariableProposal) a = g_list_model_get_item (all, i - 1);
      g_autoptr (HeraldVariableProposal) b = g_list_model_get_item (all, i);

      g_assert_cmpint (
          g_strcmp0 (herald_variable_proposal_get_name (a), herald_variable_proposal_get_name (b)),
          <, 0);
    }

  scenario = herald_template_find_scenario (herald_window_get_template (window), "card-payment");
  herald_scenario_set_text (scenario, "{\"variables\": {\"amount_cents\": 124900}}");
  added = herald_variable_completion_list (completion, "amount_c");
  g_clear_pointer (&names, g_free);
  names = proposal_names (added);
  g_assert_cmpstr (names, ==, "amount_cents");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The keys of GNOME Text Editor (the shortcuts window lists them: test-window checks that
 * every application key has an entry there). */
static void
test_accels (void)
{
  g_autoptr (HeraldApplication) app = herald_application_new ();
  g_autoptr (GError) error = NULL;
  const char *expected[][2] = {
    { "win.find", "<Control>f" },
    { "win.find-replace", "<Control>h" },
    { "win.goto-line", "<Control>i" },
  };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto (GStrv) accels =
          gtk_application_get_accels_for_action (GTK_APPLICATION (app), expected[i][0]);

      g_assert_cmpstr (accels[0], ==, expected[i][1]);
    }
}

/* The editor makes its code views only when something needs them (after the window's first
 * frame, or a caller asking for a buffer), and then fills them with the template, the
 * scenario and the findings it was given while they did not exist. */
static void
test_code_views_made_late (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (library_dir, &error);
  HeraldTemplate *template;
  g_autoptr (HeraldScenario) scenario = NULL;
  g_autoptr (GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  HeraldTemplateEditor *editor;
  GtkTextBuffer *html;
  GtkTextBuffer *json;
  GtkTextIter iter;

  g_assert_no_error (error);
  template = herald_library_find_template (library, "low-balance");
  g_assert_nonnull (template);
  scenario = g_list_model_get_item (herald_template_get_scenarios (template), 0);
  g_assert_nonnull (scenario);

  editor = g_object_ref_sink (g_object_new (HERALD_TYPE_TEMPLATE_EDITOR, NULL));
  herald_template_editor_set_template (editor, template);
  herald_template_editor_set_scenario (editor, scenario);
  g_ptr_array_add (findings,
                   herald_diagnostic_new ("syntax-error", HERALD_SEVERITY_ERROR, "low-balance",
                                          NULL, HERALD_PART_HTML, 3, 2, "A finding on line 3"));
  herald_template_editor_set_diagnostics (editor, findings);
  g_assert_null (herald_test_find_widget_of_type (GTK_WIDGET (editor), GTK_SOURCE_TYPE_VIEW));

  html = herald_template_editor_get_buffer (editor, HERALD_PART_HTML);
  g_assert_nonnull (herald_test_find_widget_of_type (GTK_WIDGET (editor), GTK_SOURCE_TYPE_VIEW));
  {
    g_autofree char *text = herald_test_buffer_text (html);

    g_assert_cmpstr (text, ==, herald_template_get_html (template));
  }
  gtk_text_buffer_get_iter_at_line_offset (html, &iter, 2, 1);
  g_assert_true (gtk_text_iter_has_tag (
      &iter, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (html), "diagnostic-error")));
  gtk_text_buffer_get_iter_at_line_offset (html, &iter, 1, 0);
  g_assert_false (gtk_text_iter_has_tag (
      &iter, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (html), "diagnostic-error")));

  json = herald_template_editor_get_scenario_buffer (editor);
  {
    g_autofree char *text = herald_test_buffer_text (json);

    g_assert_cmpstr (text, ==, herald_scenario_get_text (scenario));
  }

  /* An edit in the view made late reaches the template. */
  gtk_text_buffer_get_start_iter (html, &iter);
  gtk_text_buffer_insert (html, &iter, "<!-- late -->", -1);
  g_assert_true (g_str_has_prefix (herald_template_get_html (template), "<!-- late -->"));

  g_object_unref (editor);
}

static gboolean
focus_within (gpointer widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Down from the last Inbox row reaches the first row of the Template group, and Up comes
 * back, as between any two groups of preferences. */
static void
test_message_rows_keynav (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (library_dir, &error);
  GtkWidget *window = gtk_window_new ();
  HeraldTemplateEditor *editor = g_object_new (HERALD_TYPE_TEMPLATE_EDITOR, NULL);
  GtkWidget *preheader, *name;

  g_assert_no_error (error);
  herald_template_editor_set_template (editor,
                                       herald_library_find_template (library, "low-balance"));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (editor));
  gtk_window_present (GTK_WINDOW (window));

  preheader = herald_test_find_row (GTK_WIDGET (editor), "Preheader");
  name = herald_test_find_row (GTK_WIDGET (editor), "Name");
  g_assert_nonnull (preheader);
  g_assert_nonnull (name);
  /* The last row of its list, so that Down has no row left there. */
  g_assert_null (gtk_widget_get_next_sibling (preheader));

  g_assert_true (gtk_widget_grab_focus (preheader));
  g_signal_emit_by_name (gtk_widget_get_parent (preheader), "move-cursor",
                         GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
  g_assert_true (herald_test_wait_until (focus_within, name, 5000));

  g_signal_emit_by_name (gtk_widget_get_parent (name), "move-cursor", GTK_MOVEMENT_DISPLAY_LINES,
                         -1, FALSE, FALSE);
  g_assert_true (herald_test_wait_until (focus_within, preheader, 5000));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  herald_test_gui_init (&argc, &argv);

  g_test_add_func ("/herald/ui/editor/highlight/samples", test_highlight_samples);
  g_test_add_func ("/herald/ui/editor/highlight/details", test_highlight_details);
  g_test_add_func ("/herald/ui/editor/accels", test_accels);
  g_test_add_func ("/herald/ui/editor/find-replace", test_find_replace);
  g_test_add_func ("/herald/ui/editor/goto-line", test_goto_line);
  g_test_add_func ("/herald/ui/editor/variable-completion", test_variable_completion);
  g_test_add_func ("/herald/ui/editor/code-views-made-late", test_code_views_made_late);
  g_test_add_func ("/herald/ui/editor/message-rows-keynav", test_message_rows_keynav);

  return g_test_run ();
}
