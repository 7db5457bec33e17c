/* test-scenario-form.c: the scenario actions (add, duplicate, rename, delete) and the form
 * that edits a scenario's sample data, kept in step with its JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-test-files.h"
#include "herald-test-gui.h"

static gboolean
is_named (GtkWidget *widget, gconstpointer name)
{
  return ADW_IS_PREFERENCES_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static gboolean
has_label (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_status (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_STATUS_PAGE (widget) &&
         g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0;
}

/* The form's row for a variable, by its path ("items › 2 › label"). */
typedef struct
{
  GtkWidget *form;
  const char *path;
  GType holding; /* a widget the row must hold, or G_TYPE_INVALID */
  GType type;    /* the row's own type */
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *wait = data;
  GtkWidget *found = herald_test_find_widget (wait->form, is_named, wait->path);

  return found != NULL && G_TYPE_CHECK_INSTANCE_TYPE (found, wait->type) &&
         (wait->holding == G_TYPE_INVALID ||
          herald_test_find_widget_of_type (found, wait->holding) != NULL);
}

/* The rows are made again once an edit's handler is done: wait for the row as it must be. */
static GtkWidget *
row_of (GtkWidget *form, const char *path, GType type, GType holding)
{
  RowWait wait = { form, path, holding, type };

  if (!herald_test_wait_until (row_shown, &wait, 5000))
    g_error ("no row for “%s” holding a %s", path, g_type_name (holding));
  return herald_test_find_widget (form, is_named, path);
}

static GtkWidget *
row (GtkWidget *form, const char *path)
{
  return row_of (form, path, ADW_TYPE_PREFERENCES_ROW, G_TYPE_INVALID);
}

static GtkWidget *
expander (GtkWidget *form, const char *path)
{
  return row_of (form, path, ADW_TYPE_EXPANDER_ROW, G_TYPE_INVALID);
}

static GtkWidget *
titled (GtkWidget *root, const char *title)
{
  GtkWidget *found = herald_test_find_row (root, title);

  if (found == NULL)
    g_error ("no row titled “%s”", title);
  return found;
}

static void
click (GtkWidget *root, const char *label)
{
  GtkWidget *button = herald_test_find_widget (root, has_label, label);

  if (button == NULL)
    g_error ("no button “%s”", label);
  g_signal_emit_by_name (button, "clicked");
  /* The rows are made again once the click's handler is done. */
  herald_test_spin (50);
}

static GtkWidget *
of_type (GtkWidget *root, GType type)
{
  GtkWidget *found = herald_test_find_widget_of_type (root, type);

  g_assert_nonnull (found);
  return found;
}

static void
set_value (GtkWidget *form, const char *path, const char *text)
{
  GtkWidget *found = row_of (form, path, ADW_TYPE_ACTION_ROW, GTK_TYPE_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (of_type (found, GTK_TYPE_ENTRY)), text);
}

static void
set_type (GtkWidget *form, const char *path, guint kind)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (of_type (row (form, path), GTK_TYPE_DROP_DOWN)), kind);
  herald_test_spin (50);
}

enum
{
  TEXT,
  NUMBER,
  YES_NO,
  LIST,
  OBJECT
};

/* Through the "New Variable" rows, as a person fills them. */
static void
add_variable (GtkWidget *form, const char *name, guint kind, const char *value)
{
  GtkWidget *type_row = titled (form, "Type");

  gtk_editable_set_text (GTK_EDITABLE (titled (form, "Variable Name")), name);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (of_type (type_row, GTK_TYPE_DROP_DOWN)), kind);
  gtk_editable_set_text (GTK_EDITABLE (titled (form, "Value")), value);
  click (form, "Add _Variable");
}

static AdwMessageDialog *
dialog_of (HeraldWindow *window)
{
  AdwMessageDialog *dialog = NULL;

  for (guint i = 0; i < 50 && dialog == NULL; i++)
    {
      herald_test_spin (20);
      dialog = herald_test_find_dialog (GTK_WINDOW (window));
    }
  g_assert_nonnull (dialog);
  return dialog;
}

/* Written by hand: what the steps below must produce, member order included. */
static const char *EXPECTED = "{\n"
                              "  \"name\": \"Weekend spending\",\n"
                              "  \"variables\": {\n"
                              "    \"firstname\": \"Julien\",\n"
                              "    \"balance\": -12.5,\n"
                              "    \"urgent\": true,\n"
                              "    \"items\": [\n"
                              "      \"Rent\",\n"
                              "      {\n"
                              "        \"label\": \"Car insurance\"\n"
                              "      }\n"
                              "    ],\n"
                              "    \"account\": {\n"
                              "      \"iban\": \"FR76 0000\"\n"
                              "    },\n"
                              "    \"upcoming\": []\n"
                              "  },\n"
                              "  \"locales\": {\n"
                              "    \"fr\": {\n"
                              "      \"firstname\": \"Julien (fr)\"\n"
                              "    }\n"
                              "  }\n"
                              "}\n";

/* Start-up shows the Message page: the form's rows, dozens of widgets, are made once the
 * Scenario page is shown, and are then those of the scenario chosen meanwhile. */
static void
test_rows_made_when_shown (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldTemplateEditor *editor = herald_window_get_editor (window);
  GtkWidget *form = GTK_WIDGET (herald_template_editor_get_scenario_form (editor));
  GtkWidget *firstname;

  herald_window_select_template (window, "overdraft-risk");
  herald_template_editor_select_scenario (
      editor,
      herald_template_find_scenario (herald_window_get_template (window), "near-threshold"));
  g_assert_false (gtk_widget_get_mapped (form));
  g_assert_null (herald_test_find_widget (form, is_named, "firstname"));

  herald_template_editor_show_scenario (editor, FALSE);
  firstname = row (form, "firstname");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (of_type (firstname, GTK_TYPE_EDITABLE))),
                   ==, "Claire");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_form (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autofree char *template_dir = g_build_filename (library_dir, "templates/overdraft-risk", NULL);
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldTemplateEditor *editor = herald_window_get_editor (window);
  GtkWidget *form = GTK_WIDGET (herald_template_editor_get_scenario_form (editor));
  GtkTextBuffer *json = herald_template_editor_get_scenario_buffer (editor);
  AdwMessageDialog *dialog;
  g_autofree char *text = NULL;

  herald_window_select_template (window, "overdraft-risk");
  herald_template_editor_show_scenario (editor, FALSE);

  /* Add: the file name follows the name typed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "scenario.add", NULL));
  dialog = dialog_of (window);
  gtk_editable_set_text (GTK_EDITABLE (titled (GTK_WIDGET (dialog), "Name")), "Weekend spending");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (titled (GTK_WIDGET (dialog), "File Name"))),
                   ==, "weekend-spending");
  herald_test_respond (dialog, "ok");
  g_assert_cmpstr (herald_scenario_get_id (herald_window_get_scenario (window)), ==,
                   "weekend-spending");
  text = herald_test_read_file (template_dir, "scenarios/weekend-spending.json");
  g_assert_cmpstr (text, ==, "{\n  \"name\": \"Weekend spending\",\n  \"variables\": {}\n}\n");
  g_clear_pointer (&text, g_free);

  /* One variable of each kind; lists and objects get rows of their own. */
  add_variable (form, "firstname", TEXT, "Julien");
  add_variable (form, "balance", NUMBER, "-12.5");
  add_variable (form, "urgent", YES_NO, "");
  gtk_switch_set_active (GTK_SWITCH (of_type (row (form, "urgent"), GTK_TYPE_SWITCH)), TRUE);
  add_variable (form, "items", LIST, "");
  click (expander (form, "items"), "Add _Item");
  set_value (form, "items › 1", "Rent");
  click (expander (form, "items"), "Add _Item");
  row (form, "items › 2");
  set_type (form, "items › 2", OBJECT);
  gtk_editable_set_text (GTK_EDITABLE (of_type (expander (form, "items › 2"), GTK_TYPE_ENTRY)),
                         "label");
  click (expander (form, "items › 2"), "Add _Member");
  set_value (form, "items › 2 › label", "Car insurance");
  add_variable (form, "account", OBJECT, "");
  gtk_editable_set_text (GTK_EDITABLE (of_type (expander (form, "account"), GTK_TYPE_ENTRY)),
                         "iban");
  click (expander (form, "account"), "Add _Member");
  set_value (form, "account › iban", "FR76 0000");

  /* A name already taken is refused next to the button, and changes nothing. */
  text = herald_scenario_get_text (herald_window_get_scenario (window))
             ? g_strdup (herald_scenario_get_text (herald_window_get_scenario (window)))
             : NULL;
  add_variable (form, "balance", TEXT, "x");
  g_assert_cmpstr (herald_scenario_get_text (herald_window_get_scenario (window)), ==, text);
  g_clear_pointer (&text, g_free);
  gtk_editable_set_text (GTK_EDITABLE (titled (form, "Variable Name")), "");

  /* The template loops over var:upcoming: suggested as a list, added in one click. */
  click (titled (form, "upcoming"), "Add");
  herald_test_save_screenshot (GTK_WIDGET (window), "scenario-form.png");

  /* French readers get their own first name. */
  herald_scenario_form_set_locale (HERALD_SCENARIO_FORM (form), "fr");
  herald_test_spin (50);
  click (row (form, "firstname"), "Add Value");
  set_value (form, "firstname", "Julien (fr)");
  herald_test_save_screenshot (GTK_WIDGET (window), "scenario-form-fr.png");

  text = herald_test_buffer_text (json);
  g_assert_cmpstr (text, ==, EXPECTED);
  g_clear_pointer (&text, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  herald_test_spin (100);
  text = herald_test_read_file (template_dir, "scenarios/weekend-spending.json");
  g_assert_cmpstr (text, ==, EXPECTED);
  g_clear_pointer (&text, g_free);

  /* JSON to form: a valid edit shows at once, in the locale shown and in all languages. */
  herald_scenario_form_set_locale (HERALD_SCENARIO_FORM (form), NULL);
  herald_template_editor_show_scenario (editor, TRUE);
  {
    g_autoptr (GString) edited = g_string_new (EXPECTED);

    g_string_replace (edited, "\"upcoming\": []", "\"upcoming\": [],\n    \"extra\": \"x\"", 1);
    gtk_text_buffer_set_text (json, edited->str, -1);
  }
  herald_template_editor_show_scenario (editor, FALSE);
  herald_test_spin (50);
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (of_type (row (form, "extra"), GTK_TYPE_ENTRY))), ==,
      "x");

  /* A list read from the text, not made in the form, takes its items' edits too (json-glib
   * refuses to change an array of a parsed tree that is sealed). */
  gtk_text_buffer_set_text (json, "{ \"variables\": {\"tags\": [\"a\", \"b\"]}}", -1);
  herald_test_spin (50);
  set_value (form, "tags › 2", "c");
  text = herald_test_buffer_text (json);
  g_assert_nonnull (strstr (text, "\"tags\": [\n      \"a\",\n      \"c\"\n    ]"));
  g_clear_pointer (&text, g_free);

  /* Broken JSON: the form says so, the text stays as typed, and fixing it brings it back. */
  gtk_text_buffer_set_text (json, "{ \"variables\": {\"a\": ", -1);
  herald_test_spin (50);
  g_assert_true (gtk_widget_get_mapped (
      herald_test_find_widget (form, is_status, "Fix the JSON to Use the Form")));
  g_assert_cmpstr (herald_scenario_get_text (herald_window_get_scenario (window)), ==,
                   "{ \"variables\": {\"a\": ");
  herald_test_save_screenshot (GTK_WIDGET (window), "scenario-form-broken.png");
  gtk_text_buffer_insert_at_cursor (json, "1}}", -1);
  herald_test_spin (50);
  g_assert_false (gtk_widget_get_mapped (
      herald_test_find_widget (form, is_status, "Fix the JSON to Use the Form")));
  set_value (form, "a", "2");
  text = herald_test_buffer_text (json);
  g_assert_cmpstr (text, ==, "{\n  \"variables\": {\n    \"a\": 2\n  }\n}\n");
  g_clear_pointer (&text, g_free);

  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_remove_tree (library_dir);
}

static gboolean
file_exists (const char *dir, const char *relative)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_actions (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autofree char *template_dir = g_build_filename (library_dir, "templates/overdraft-risk", NULL);
  g_autofree char *original =
      herald_test_read_file (template_dir, "scenarios/already-overdrawn.json");
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldTemplateEditor *editor = herald_window_get_editor (window);
  AdwMessageDialog *dialog;
  GtkWidget *id_row;
  g_autofree char *text = NULL;
  g_autofree char *twin = NULL;

  herald_window_select_template (window, "overdraft-risk");
  g_assert_cmpstr (herald_scenario_get_id (herald_window_get_scenario (window)), ==,
                   "already-overdrawn");

  /* Duplicate: a copy named after the source, chosen at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "scenario.duplicate", NULL));
  dialog = dialog_of (window);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (titled (GTK_WIDGET (dialog), "Name"))), ==,
                   "Already overdrawn (copy)");
  herald_test_respond (dialog, "ok");
  g_assert_cmpstr (herald_scenario_get_id (herald_window_get_scenario (window)), ==,
                   "already-overdrawn-copy");
  text = herald_test_read_file (template_dir, "scenarios/already-overdrawn-copy.json");
  g_assert_nonnull (strstr (text, "\"name\": \"Already overdrawn (copy)\""));
  g_assert_nonnull (strstr (text, "\"locales\""));
  g_clear_pointer (&text, g_free);

  /* Rename: a name Windows refuses or one taken up to case cannot be confirmed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "scenario.rename", NULL));
  dialog = dialog_of (window);
  id_row = titled (GTK_WIDGET (dialog), "File Name");
  gtk_editable_set_text (GTK_EDITABLE (id_row), "con");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
  gtk_editable_set_text (GTK_EDITABLE (id_row), "Already-Overdrawn");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
  gtk_editable_set_text (GTK_EDITABLE (id_row), "overdrawn-twin");
  herald_test_respond (dialog, "ok");
  g_assert_cmpstr (herald_scenario_get_id (herald_window_get_scenario (window)), ==,
                   "overdrawn-twin");
  g_assert_false (file_exists (template_dir, "scenarios/already-overdrawn-copy.json"));
  g_assert_true (file_exists (template_dir, "scenarios/overdrawn-twin.json"));
  /* The display name is not the file name. */
  g_assert_cmpstr (herald_scenario_get_name (herald_window_get_scenario (window)), ==,
                   "Already overdrawn (copy)");

  /* Delete: the file goes, another scenario is shown; the original is untouched. */
  twin = herald_test_read_file (template_dir, "scenarios/overdrawn-twin.json");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "scenario.delete", NULL));
  herald_test_spin (50);
  g_assert_false (file_exists (template_dir, "scenarios/overdrawn-twin.json"));
  g_assert_cmpstr (herald_scenario_get_id (herald_window_get_scenario (window)), !=,
                   "overdrawn-twin");
  text = herald_test_read_file (template_dir, "scenarios/already-overdrawn.json");
  g_assert_cmpstr (text, ==, original);
  g_clear_pointer (&text, g_free);

  /* Undo, on the toast: the file comes back byte for byte, and is shown again. */
  click (GTK_WIDGET (window), "_Undo");
  text = herald_test_read_file (template_dir, "scenarios/overdrawn-twin.json");
  g_assert_cmpstr (text, ==, twin);
  g_assert_cmpstr (herald_scenario_get_id (herald_window_get_scenario (window)), ==,
                   "overdrawn-twin");

  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_remove_tree (library_dir);
}

int
main (int argc, char *argv[])
{
  herald_test_gui_init (&argc, &argv);

  g_test_add_func ("/scenario-form/rows-made-when-shown", test_rows_made_when_shown);
  g_test_add_func ("/scenario-form/form", test_form);
  g_test_add_func ("/scenario-form/actions", test_actions);

  return g_test_run ();
}
