/* test-clients-view.c: the Clients view lists, for each email client the library chose,
 * what the selected template loses there. It must agree with the client-support findings of
 * the checks on the same template: a client loses a feature in the view iff the finding on
 * that feature names it. The plain "not supported" entries of the caniemail data file itself
 * (data/caniemail/caniemail.json) are an expectation independent of Herald's code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "herald-checks-panel.h"
#include "herald-clients-view.h"
#include "herald-template-editor.h"
#include "herald-test-files.h"
#include "herald-test-gui.h"
#include "herald-window.h"

/* tests/data/clients-view/herald.json "clients" */
static const char *const test_clients[] = { "outlook.windows", "gmail.android", "apple-mail.macos",
                                            NULL };

/* What templates/flex-card/body.html is made of, read by eye: the elements, the one
 * attribute, the CSS property and its value. */
static const char *const used_elements[] = { "div", "p", NULL };
static const char *const used_attributes[] = { "style", NULL };
static const char *const used_properties[] = { "display", NULL };

static JsonObject *
load_caniemail (JsonParser *parser)
{
  g_autofree char *path = g_build_filename (g_getenv ("HERALD_SOURCE_DIR"), "data", "caniemail",
                                            "caniemail.json", NULL);
  g_autoptr (GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static gboolean
array_has_string (JsonObject *feature, const char *member, const char *const *names)
{
  JsonArray *array;

  if (!json_object_has_member (feature, member))
    return FALSE;
  array = json_object_get_array_member (feature, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strv_contains (names, json_array_get_string_element (array, i)))
      return TRUE;
  return FALSE;
}

static gboolean
uses_display_flex (JsonObject *feature)
{
  JsonArray *values;

  if (!json_object_has_member (feature, "values"))
    return FALSE;
  values = json_object_get_array_member (feature, "values");
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonArray *pair = json_array_get_array_element (values, i);

      if (g_str_equal (json_array_get_string_element (pair, 0), "display") &&
          g_str_equal (json_array_get_string_element (pair, 1), "flex"))
        return TRUE;
    }
  return FALSE;
}

static gboolean
template_uses (JsonObject *feature)
{
  return array_has_string (feature, "elements", used_elements) ||
         array_has_string (feature, "attributes", used_attributes) ||
         array_has_string (feature, "properties", used_properties) || uses_display_flex (feature);
}

/* The titles of the features the template uses that client plainly lacks: "n" with no note,
 * which no narrowing of the notes can change. */
static GPtrArray *
plainly_unsupported (JsonObject *caniemail, const char *client)
{
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);
  JsonArray *features = json_object_get_array_member (caniemail, "features");

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *stats = json_object_get_object_member (feature, "stats");

      if (template_uses (feature) && json_object_has_member (stats, client) &&
          g_str_equal (json_object_get_string_member (stats, client), "n"))
        g_ptr_array_add (titles, g_strdup (json_object_get_string_member (feature, "title")));
    }
  return titles;
}

static char *
client_label (JsonObject *caniemail, const char *client)
{
  g_auto (GStrv) parts = g_strsplit (client, ".", 2);

  return g_strdup_printf ("%s %s",
                          json_object_get_string_member (
                              json_object_get_object_member (caniemail, "families"), parts[0]),
                          json_object_get_string_member (
                              json_object_get_object_member (caniemail, "platforms"), parts[1]));
}

static GtkWidget *
find_row (GtkWidget *root, GType type, const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, ADW_TYPE_PREFERENCES_ROW) &&
      G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, type, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The rows inside a client's expander row, but not the row that heads it. */
static void
collect_feature_rows (GtkWidget *root, const char *client, GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), client) != 0)
    g_ptr_array_add (rows, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    collect_feature_rows (child, client, rows);
}

/* A client-support finding read back: "<title> is not supported in A, B, and only partly in
 * C", or "<title> is only partly supported in C". */
typedef struct
{
  char *title;
  char **missing; /* client labels */
  char **partial;
} Finding;

static void
finding_clear (Finding *finding)
{
  g_free (finding->title);
  g_strfreev (finding->missing);
  g_strfreev (finding->partial);
}

static void
parse_finding (const char *message, Finding *finding)
{
  static const char not_supported[] = " is not supported in ";
  static const char only_partly[] = " is only partly supported in ";
  static const char and_partly[] = ", and only partly in ";
  const char *no = strstr (message, not_supported);
  const char *partly = strstr (message, only_partly);

  if (no != NULL && (partly == NULL || no < partly))
    {
      const char *list = no + strlen (not_supported);
      const char *and = strstr (list, and_partly);
      g_autofree char *missing = and != NULL ? g_strndup (list, and-list) : g_strdup (list);

      finding->title = g_strndup (message, no - message);
      finding->missing = g_strsplit (missing, ", ", -1);
      finding->partial =
          and != NULL ? g_strsplit (and+strlen (and_partly), ", ", -1) : g_new0 (char *, 1);
    }
  else
    {
      g_assert_nonnull (partly);
      finding->title = g_strndup (message, partly - message);
      finding->missing = g_new0 (char *, 1);
      finding->partial = g_strsplit (partly + strlen (only_partly), ", ", -1);
    }
}

/* The line a feature row points to: its subtitle ends in "— line N". */
static guint
row_line (const char *subtitle)
{
  const char *line = g_strrstr (subtitle, " — line ");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen (" — line "), NULL, 10);
}

/* The Clients view against the checks' client-support findings on the window's template: a
 * client lists a feature iff the finding on it names the client, as not or partly supported
 * alike; the notes the row shows are among the finding's; the finding sits at the first use
 * one of its clients reads. Returns whether some client has full support. */
static gboolean
assert_view_agrees_with_checks (GtkWidget *view, HeraldWindow *window, JsonObject *caniemail)
{
  g_autoptr (GPtrArray) diagnostics = herald_lint_template_in_library (
      herald_window_get_template (window), herald_window_get_library (window));
  guint n_listed[G_N_ELEMENTS (test_clients)] = { 0 };
  gboolean someone_has_full_support = FALSE;

  for (guint d = 0; d < diagnostics->len; d++)
    {
      HeraldDiagnostic *diagnostic = g_ptr_array_index (diagnostics, d);
      Finding finding = { NULL };
      guint first_line = G_MAXUINT;

      if (!g_str_equal (herald_diagnostic_get_rule_id (diagnostic), "client-support"))
        continue;
      parse_finding (herald_diagnostic_get_message (diagnostic), &finding);
      for (guint c = 0; test_clients[c] != NULL; c++)
        {
          g_autofree char *label = client_label (caniemail, test_clients[c]);
          gboolean missing = g_strv_contains ((const char *const *) finding.missing, label);
          gboolean partial = g_strv_contains ((const char *const *) finding.partial, label);
          const char *status = missing ? "Not supported" : "Partly supported";
          GtkWidget *client_row = find_row (view, ADW_TYPE_PREFERENCES_ROW, label);
          GtkWidget *feature;
          const char *subtitle;

          if (!missing && !partial)
            continue;
          n_listed[c]++;
          g_assert_nonnull (client_row);
          g_assert_true (ADW_IS_EXPANDER_ROW (client_row));
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (client_row), TRUE);
          feature = find_row (client_row, ADW_TYPE_ACTION_ROW, finding.title);
          if (feature == NULL)
            g_error ("The checks say %s loses “%s”, the Clients view does not", label,
                     finding.title);
          subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (feature));
          g_assert_true (g_str_has_prefix (subtitle, status));
          if (subtitle[strlen (status)] == ':')
            {
              const char *notes = subtitle + strlen (status) + 2;
              g_autofree char *text = g_strndup (notes, g_strrstr (notes, " — line ") - notes);

              g_assert_nonnull (strstr (herald_diagnostic_get_fix (diagnostic), text));
            }
          first_line = MIN (first_line, row_line (subtitle));
        }
      g_assert_cmpuint (first_line, ==, herald_diagnostic_get_line (diagnostic));
      finding_clear (&finding);
    }

  for (guint c = 0; test_clients[c] != NULL; c++)
    {
      g_autofree char *label = client_label (caniemail, test_clients[c]);
      GtkWidget *client_row = find_row (view, ADW_TYPE_PREFERENCES_ROW, label);
      g_autoptr (GPtrArray) rows = g_ptr_array_new ();

      if (client_row == NULL)
        g_error ("The Clients view has no row for %s", label);
      if (n_listed[c] == 0)
        {
          someone_has_full_support = TRUE;
          g_assert_true (ADW_IS_ACTION_ROW (client_row));
          g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (client_row)), ==,
                           "Full support");
          continue;
        }
      collect_feature_rows (client_row, label, rows);
      if (rows->len != n_listed[c])
        g_error ("The Clients view lists %u features for %s, the checks %u", rows->len, label,
                 n_listed[c]);
    }
  return someone_has_full_support;
}

static char *
copy_test_library (void)
{
  g_autofree char *src =
      g_build_filename (g_getenv ("HERALD_SOURCE_DIR"), "tests", "data", "clients-view", NULL);

  return herald_test_copy_to_temp (src, "herald-clients-XXXXXX");
}

typedef struct
{
  GtkWidget *view;
  const char *client;
  const char *feature;
  gboolean present;
} RowWait;

static gboolean
feature_row_is (gpointer data)
{
  RowWait *wait = data;
  GtkWidget *client = find_row (wait->view, ADW_TYPE_PREFERENCES_ROW, wait->client);

  /* A client's features are listed once it is opened, as a person would. */
  if (client != NULL && ADW_IS_EXPANDER_ROW (client))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (client), TRUE);
  return client != NULL &&
         (find_row (client, ADW_TYPE_ACTION_ROW, wait->feature) != NULL) == wait->present;
}

static guint
line_of (const char *text, const char *needle)
{
  const char *found = strstr (text, needle);
  guint line = 1;

  g_assert_nonnull (found);
  for (const char *p = text; p < found; p++)
    line += *p == '\n';
  return line;
}

static guint
cursor_line (GtkTextBuffer *buffer)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_line (&iter) + 1;
}

static const char media_flex_html[] = "<html>\n"
                                      "<head>\n"
                                      "<style>\n"
                                      "@media (max-width: 600px) {\n"
                                      "  .card { display: flex; }\n"
                                      "}\n"
                                      "</style>\n"
                                      "</head>\n"
                                      "<body>\n"
                                      "<div class=\"card\"><p>Left</p><p>Right</p></div>\n"
                                      "</body>\n"
                                      "</html>\n";

static gboolean
checks_listed (gpointer data)
{
  GtkWidget *panel = herald_test_find_widget_of_type (GTK_WIDGET (data), HERALD_TYPE_CHECKS_PANEL);

  return g_list_model_get_n_items (
             herald_checks_panel_get_diagnostics (HERALD_CHECKS_PANEL (panel))) > 0;
}

static void
test_clients_view (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *caniemail = load_caniemail (parser);
  g_autofree char *library_dir = copy_test_library ();
  g_autofree char *html_path =
      g_build_filename (library_dir, "templates", "flex-card", "body.html", NULL);
  g_autofree char *html = NULL;
  HeraldWindow *window = herald_test_open_window (library_dir);
  GtkWidget *view = herald_test_find_widget_of_type (GTK_WIDGET (window), HERALD_TYPE_CLIENTS_VIEW);
  g_autofree char *outlook = client_label (caniemail, "outlook.windows");
  RowWait wait = { view, outlook, "display:flex", TRUE };
  GtkTextBuffer *buffer =
      herald_template_editor_get_buffer (herald_window_get_editor (window), HERALD_PART_HTML);
  GtkWidget *row;
  gboolean outlook_loses_flex = FALSE;

  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_nonnull (view);

  /* Behind the Checks page the view checks nothing, even once the checks have run, and
   * has not even made its list; its rows come when it is shown. */
  g_assert_true (herald_test_wait_until (checks_listed, window, 10000));
  g_assert_null (herald_test_find_widget_of_type (view, GTK_TYPE_LIST_BOX));
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_ancestor (view, GTK_TYPE_STACK)),
                                    "clients");
  g_assert_true (herald_test_wait_until (feature_row_is, &wait, 10000));

  g_assert_true (assert_view_agrees_with_checks (view, window, caniemail));
  for (guint c = 0; test_clients[c] != NULL; c++)
    {
      g_autoptr (GPtrArray) plain = plainly_unsupported (caniemail, test_clients[c]);
      g_autofree char *label = client_label (caniemail, test_clients[c]);
      GtkWidget *client_row = find_row (view, ADW_TYPE_PREFERENCES_ROW, label);

      for (guint i = 0; i < plain->len; i++)
        {
          GtkWidget *feature = find_row (client_row, ADW_TYPE_ACTION_ROW, plain->pdata[i]);

          if (feature == NULL)
            g_error ("%s does not list “%s”", label, (char *) plain->pdata[i]);
          g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (feature)),
                                           "Not supported"));
          outlook_loses_flex |= g_str_equal (test_clients[c], "outlook.windows") &&
                                g_str_equal (plain->pdata[i], "display:flex");
        }
    }
  /* The data behind this test still says what it was written for. */
  g_assert_true (outlook_loses_flex);

  adw_expander_row_set_expanded (
      ADW_EXPANDER_ROW (find_row (view, ADW_TYPE_PREFERENCES_ROW, outlook)), TRUE);
  /* Room for the rows in the picture: the pane between the editor and the findings. */
  gtk_paned_set_position (GTK_PANED (gtk_widget_get_ancestor (view, GTK_TYPE_PANED)), 260);
  herald_test_spin (300);
  herald_test_save_screenshot (GTK_WIDGET (window), "clients-view.png");

  /* Choosing a feature shows its first use in the HTML. */
  row = find_row (find_row (view, ADW_TYPE_PREFERENCES_ROW, outlook), ADW_TYPE_ACTION_ROW,
                  "display:flex");
  g_signal_emit_by_name (row, "activated");
  g_assert_cmpuint (cursor_line (buffer), ==, line_of (html, "display:flex"));

  /* An edit that drops flexbox takes it off the list. */
  gtk_text_buffer_set_text (buffer, "<div>\n  <p>One column</p>\n</div>\n", -1);
  wait.present = FALSE;
  g_assert_true (herald_test_wait_until (feature_row_is, &wait, 10000));

  /* Flexbox only inside @media, which Outlook skips: Outlook loses @media, not flexbox, and
   * the view still says what the checks say. */
  gtk_text_buffer_set_text (buffer, media_flex_html, -1);
  wait.feature = "@media";
  wait.present = TRUE;
  g_assert_true (herald_test_wait_until (feature_row_is, &wait, 10000));
  g_assert_null (find_row (find_row (view, ADW_TYPE_PREFERENCES_ROW, outlook), ADW_TYPE_ACTION_ROW,
                           "display:flex"));
  assert_view_agrees_with_checks (view, window, caniemail);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  herald_test_gui_init (&argc, &argv);

  g_test_add_func ("/herald/ui/clients-view/per-client-losses", test_clients_view);

  return g_test_run ();
}
