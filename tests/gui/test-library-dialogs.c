/* test-library-dialogs.c: New Library… and Library Settings… in a real window: the files a
 * new library gets, the window opening it, and the clients the checks look at changing
 * with the settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "herald-checks-panel.h"
#include "herald-library-settings-dialog.h"
#include "herald-new-library-dialog.h"
#include "herald-test-files.h"
#include "herald-test-gui.h"

static gboolean
toplevel_gone (gpointer data)
{
  return herald_test_find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static void
set_text (AdwEntryRow *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

typedef struct
{
  HeraldWindow *window;
  const char *directory;
} OpenedData;

static gboolean
library_opened (gpointer data)
{
  OpenedData *opened = data;
  HeraldLibrary *library = herald_window_get_library (opened->window);

  return library != NULL && g_str_equal (herald_library_get_directory (library), opened->directory);
}

static void
test_new_library (void)
{
  g_autofree char *sample = herald_test_copy_sample_library ();
  g_autoptr (GError) error = NULL;
  g_autofree char *parent = g_dir_make_tmp ("herald-new-XXXXXX", &error);
  g_autofree char *directory = g_build_filename (parent, "billing", NULL);
  HeraldWindow *window = herald_test_open_window (sample);
  HeraldNewLibraryDialog *dialog;
  HeraldLibraryFields *fields;
  GtkWidget *create;
  g_autofree char *json = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_auto (GStrv) recent = NULL;
  OpenedData opened = { window, directory };

  g_assert_no_error (error);
  dialog = HERALD_NEW_LIBRARY_DIALOG (
      herald_test_open_dialog (window, "win.new-library", HERALD_TYPE_NEW_LIBRARY_DIALOG));
  fields = herald_new_library_dialog_get_fields (dialog);
  create = GTK_WIDGET (herald_new_library_dialog_get_create_button (dialog));

  /* Nothing to create without a folder and a sender. */
  g_assert_false (gtk_widget_get_sensitive (create));
  herald_new_library_dialog_set_folder (dialog, directory);
  /* The folder's name is the first guess at the library's. */
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (herald_library_fields_get_name_row (fields))), ==,
      "billing");
  set_text (herald_library_fields_get_name_row (fields), "Billing notices");
  set_text (herald_library_fields_get_from_name_row (fields), "Example Billing");
  set_text (herald_library_fields_get_from_email_row (fields), "billing.example.com");
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_nonnull (herald_library_fields_get_email_problem (fields));
  set_text (herald_library_fields_get_from_email_row (fields), "billing@example.com");
  g_assert_null (herald_library_fields_get_email_problem (fields));
  herald_library_fields_set_target_active (fields, "fr", TRUE);
  herald_library_fields_set_target_active (fields, "de", TRUE);
  herald_new_library_dialog_set_start (dialog, HERALD_LIBRARY_START_STARTER);
  g_assert_true (gtk_widget_get_sensitive (create));
  herald_test_save_screenshot (adw_window_get_content (ADW_WINDOW (dialog)), "new-library.png");

  gtk_widget_activate (create);
  g_assert_true (herald_test_wait_until (toplevel_gone,
                                         GSIZE_TO_POINTER (HERALD_TYPE_NEW_LIBRARY_DIALOG), 5000));

  /* The files, as docs/library-format.md describes them. */
  json = herald_test_read_file (directory, "herald.json");
  g_assert_cmpstr (json, ==,
                   "{\n"
                   "  \"format\": 1,\n"
                   "  \"name\": \"Billing notices\",\n"
                   "  \"sourceLocale\": \"en\",\n"
                   "  \"targetLocales\": [\n"
                   "    \"fr\",\n"
                   "    \"de\"\n"
                   "  ],\n"
                   "  \"from\": {\n"
                   "    \"email\": \"billing@example.com\",\n"
                   "    \"name\": \"Example Billing\"\n"
                   "  }\n"
                   "}\n");
  for (const char *const *file =
           (const char *const[]){ "po/fr.po", "po/de.po", "po/billing.pot",
                                  "templates/starter/template.json", "templates/starter/body.html",
                                  "templates/starter/body.txt", NULL };
       *file != NULL; file++)
    {
      g_autofree char *path = g_build_filename (directory, *file, NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }

  /* The window opens it and remembers it. */
  g_assert_true (herald_test_wait_until (library_opened, &opened, 10000));
  g_assert_cmpstr (herald_library_get_name (herald_window_get_library (window)), ==,
                   "Billing notices");
  recent = g_settings_get_strv (settings, "recent-libraries");
  g_assert_cmpstr (recent[0], ==, directory);

  /* A second library in the same folder is refused, and the first stays as it was. */
  dialog = HERALD_NEW_LIBRARY_DIALOG (
      herald_test_open_dialog (window, "win.new-library", HERALD_TYPE_NEW_LIBRARY_DIALOG));
  fields = herald_new_library_dialog_get_fields (dialog);
  herald_new_library_dialog_set_folder (dialog, directory);
  set_text (herald_library_fields_get_from_email_row (fields), "other@example.com");
  g_assert_true (
      gtk_widget_get_sensitive (GTK_WIDGET (herald_new_library_dialog_get_create_button (dialog))));
  /* A click, at once (activating a button clicks it only after its pressed look). */
  g_signal_emit_by_name (herald_new_library_dialog_get_create_button (dialog), "clicked");
  g_assert_nonnull (herald_new_library_dialog_get_error (dialog));
  g_assert_nonnull (
      strstr (herald_new_library_dialog_get_error (dialog), "already holds a library"));
  {
    g_autofree char *again = herald_test_read_file (directory, "herald.json");

    g_assert_cmpstr (again, ==, json);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_remove_tree (parent);
}

/* Clicks @button once it is on screen: the New Library dialog it opens. */
static HeraldNewLibraryDialog *
click_new_library (GtkWidget *button)
{
  HeraldNewLibraryDialog *dialog;

  g_assert_true (herald_test_wait_until (herald_test_widget_mapped, button, 30000));
  g_signal_emit_by_name (button, "clicked");
  dialog = HERALD_NEW_LIBRARY_DIALOG (herald_test_find_toplevel (HERALD_TYPE_NEW_LIBRARY_DIALOG));
  g_assert_nonnull (dialog);
  return dialog;
}

static gboolean
new_library_button_shown (gpointer window)
{
  GtkWidget *button = herald_test_find_actionable (window, "win.new-library");

  return button != NULL && gtk_widget_get_mapped (button);
}

/* Started on a folder that holds no library, the error page's New Library… offers that
 * folder when it is empty, and only then. */
static void
test_new_library_in_failed_folder (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *parent = g_dir_make_tmp ("herald-failed-XXXXXX", &error);
  g_autofree char *directory = g_build_filename (parent, "card-alerts", NULL);
  g_autofree char *notes = g_build_filename (parent, "card-alerts", "notes.txt", NULL);
  HeraldWindow *window = g_object_new (HERALD_TYPE_WINDOW, NULL);
  HeraldNewLibraryDialog *dialog;
  HeraldLibraryFields *fields;
  GtkWidget *button;
  OpenedData opened = { window, directory };

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (directory, 0700), ==, 0);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  herald_window_open_library (window, directory);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (new_library_button_shown, window, 10000));
  button = herald_test_find_actionable (GTK_WIDGET (window), "win.new-library");

  dialog = click_new_library (button);
  fields = herald_new_library_dialog_get_fields (dialog);
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (herald_library_fields_get_name_row (fields))), ==,
      "card-alerts");
  /* The folder is chosen: a sender is all Create still needs. */
  set_text (herald_library_fields_get_from_email_row (fields), "alerts@example.com");
  g_assert_true (
      gtk_widget_get_sensitive (GTK_WIDGET (herald_new_library_dialog_get_create_button (dialog))));
  g_signal_emit_by_name (herald_new_library_dialog_get_create_button (dialog), "clicked");
  g_assert_true (herald_test_wait_until (library_opened, &opened, 10000));
  {
    g_autofree char *json = herald_test_read_file (directory, "herald.json");

    g_assert_nonnull (strstr (json, "\"name\": \"card-alerts\""));
  }

  /* A folder with files of its own may be something else: the user chooses. */
  herald_test_remove_tree (directory);
  g_assert_cmpint (g_mkdir (directory, 0700), ==, 0);
  g_assert_true (g_file_set_contents (notes, "not a library\n", -1, NULL));
  herald_window_open_library (window, directory);
  dialog = click_new_library (button);
  fields = herald_new_library_dialog_get_fields (dialog);
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (herald_library_fields_get_name_row (fields))), ==, "");
  set_text (herald_library_fields_get_from_email_row (fields), "alerts@example.com");
  g_assert_false (
      gtk_widget_get_sensitive (GTK_WIDGET (herald_new_library_dialog_get_create_button (dialog))));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_remove_tree (parent);
}

static guint
count_mentions (HeraldWindow *window, const char *client_label)
{
  HeraldChecksPanel *panel = HERALD_CHECKS_PANEL (
      herald_test_find_widget_of_type (GTK_WIDGET (window), HERALD_TYPE_CHECKS_PANEL));
  GListModel *diagnostics = herald_checks_panel_get_diagnostics (panel);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
    {
      g_autoptr (HeraldDiagnostic) diagnostic = g_list_model_get_item (diagnostics, i);

      n += g_str_equal (herald_diagnostic_get_rule_id (diagnostic), "client-support") &&
           strstr (herald_diagnostic_get_message (diagnostic), client_label) != NULL;
    }
  return n;
}

static gboolean
checks_mention_outlook (gpointer data)
{
  return count_mentions (data, "Outlook Windows") > 0;
}

typedef struct
{
  HeraldWindow *window;
  HeraldLibrary *before;
} ReloadData;

/* The library was loaded again and its checks ran with Apple Mail iOS alone (which, caniemail says,
 * ignores max-width on the sample's container table). */
static gboolean
checks_follow_new_clients (gpointer data)
{
  ReloadData *reload = data;
  HeraldLibrary *library = herald_window_get_library (reload->window);

  return library != NULL && library != reload->before &&
         herald_window_get_template (reload->window) != NULL &&
         count_mentions (reload->window, "Outlook Windows") == 0 &&
         count_mentions (reload->window, "Apple Mail iOS") > 0;
}

static void
test_library_settings_clients (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autofree char *before = herald_test_read_file (library_dir, "herald.json");
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldClientSupport *support = herald_client_support_get_default ();
  HeraldLibrarySettingsDialog *dialog;
  AdwMessageDialog *question;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  ReloadData reload = { window, herald_window_get_library (window) };

  /* With the default clients, the sample's checks name Outlook for Windows. */
  g_assert_true (herald_test_wait_until (checks_mention_outlook, window, 20000));

  dialog = HERALD_LIBRARY_SETTINGS_DIALOG (herald_test_open_dialog (
      window, "win.library-settings", HERALD_TYPE_LIBRARY_SETTINGS_DIALOG));
  herald_test_save_screenshot (adw_window_get_content (ADW_WINDOW (dialog)),
                               "library-settings.png");

  for (const char *const *client = herald_client_support_get_clients (support); *client != NULL;
       client++)
    herald_library_settings_dialog_set_client_active (dialog, *client, FALSE);
  /* No client at all is not a choice. */
  g_assert_false (gtk_widget_get_sensitive (
      GTK_WIDGET (herald_library_settings_dialog_get_save_button (dialog))));
  herald_library_settings_dialog_set_client_active (dialog, "apple-mail.ios", TRUE);
  /* Stop translating into German: Herald asks, and keeps the file. */
  herald_library_fields_set_target_active (herald_library_settings_dialog_get_fields (dialog), "de",
                                           FALSE);
  g_signal_emit_by_name (herald_library_settings_dialog_get_save_button (dialog), "clicked");
  question = herald_test_find_dialog (GTK_WINDOW (dialog));
  g_assert_nonnull (question);
  herald_test_respond (question, "keep");
  g_assert_true (herald_test_wait_until (
      toplevel_gone, GSIZE_TO_POINTER (HERALD_TYPE_LIBRARY_SETTINGS_DIALOG), 5000));

  /* The sample's herald.json with de gone and the clients added at the end; the rest as it
   * was written. */
  json = herald_test_read_file (library_dir, "herald.json");
  expected = g_strdup ("{\n"
                       "  \"format\": 1,\n"
                       "  \"name\": \"Account alerts\",\n"
                       "  \"sourceLocale\": \"en\",\n"
                       "  \"targetLocales\": [\n"
                       "    \"fr\"\n"
                       "  ],\n"
                       "  \"from\": {\n"
                       "    \"email\": \"alerts@ledgerly.example\",\n"
                       "    \"name\": \"Ledgerly\"\n"
                       "  },\n"
                       "  \"clients\": [\n"
                       "    \"apple-mail.ios\"\n"
                       "  ]\n"
                       "}\n");
  g_assert_cmpstr (json, ==, expected);
  g_assert_cmpstr (before, !=, json);
  {
    g_autofree char *de = g_build_filename (library_dir, "po", "de.po", NULL);

    g_assert_true (g_file_test (de, G_FILE_TEST_IS_REGULAR));
  }

  g_assert_true (herald_test_wait_until (checks_follow_new_clients, &reload, 20000));

  /* Reset to Defaults takes "clients" out again, so the library follows Herald's defaults;
   * the checks name Outlook for Windows once more. */
  dialog = HERALD_LIBRARY_SETTINGS_DIALOG (herald_test_open_dialog (
      window, "win.library-settings", HERALD_TYPE_LIBRARY_SETTINGS_DIALOG));
  g_signal_emit_by_name (herald_library_settings_dialog_get_reset_button (dialog), "clicked");
  g_signal_emit_by_name (herald_library_settings_dialog_get_save_button (dialog), "clicked");
  g_assert_null (herald_test_find_toplevel (HERALD_TYPE_LIBRARY_SETTINGS_DIALOG));
  g_free (json);
  json = herald_test_read_file (library_dir, "herald.json");
  g_assert_null (strstr (json, "clients"));
  g_assert_true (g_str_has_suffix (json, "  \"from\": {\n"
                                         "    \"email\": \"alerts@ledgerly.example\",\n"
                                         "    \"name\": \"Ledgerly\"\n"
                                         "  }\n"
                                         "}\n"));
  g_assert_true (herald_test_wait_until (checks_mention_outlook, window, 20000));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  herald_test_gui_init (&argc, &argv);

  g_test_add_func ("/herald/ui/library-dialogs/new-library", test_new_library);
  g_test_add_func ("/herald/ui/library-dialogs/new-library-in-failed-folder",
                   test_new_library_in_failed_folder);
  g_test_add_func ("/herald/ui/library-dialogs/settings-clients", test_library_settings_clients);

  return g_test_run ();
}
