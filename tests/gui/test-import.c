/* test-import.c: New Library from Mailjet… against the in-process Sandbox, in a real window:
 * the sample library published, then imported into a new folder (the rows and their notes),
 * a full folder refused before the account is read, and the new library opened in the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-application.h"
#include "herald-import-dialog.h"
#include "herald-publish-dialog.h"
#include "herald-test-files.h"
#include "herald-test-gui.h"

/* The sample library: 5 templates × en, fr, de. */
#define N_ROWS 15

static gboolean
publish_idle (gpointer data)
{
  HeraldPublishDialog *dialog = data;

  return herald_publish_dialog_get_publish (dialog) != NULL &&
         !herald_publish_dialog_get_busy (dialog);
}

static gboolean
import_idle (gpointer data)
{
  HeraldImportDialog *dialog = data;

  return herald_import_dialog_get_import (dialog) != NULL &&
         !herald_import_dialog_get_busy (dialog);
}

typedef struct
{
  HeraldWindow *window;
  const char *folder;
} OpenedData;

static gboolean
library_opened (gpointer data)
{
  OpenedData *opened = data;
  HeraldLibrary *library = herald_window_get_library (opened->window);

  return library != NULL && g_str_equal (herald_library_get_directory (library), opened->folder) &&
         herald_window_get_template (opened->window) != NULL;
}

static void
publish_sample (HeraldWindow *window)
{
  HeraldPublishDialog *dialog;

  dialog = HERALD_PUBLISH_DIALOG (
      herald_test_open_dialog (window, "win.publish", HERALD_TYPE_PUBLISH_DIALOG));
  g_assert_true (herald_test_wait_until (publish_idle, dialog, 30000));
  g_signal_emit_by_name (herald_publish_dialog_get_publish_button (dialog), "clicked");
  g_assert_true (herald_test_wait_until (publish_idle, dialog, 30000));
  g_assert_cmpstr (herald_publish_dialog_get_status (dialog), ==,
                   "Published: 15 created, 0 updated, 0 unchanged.");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_import_dialog (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autofree char *scratch = g_dir_make_tmp ("herald-import-ui-XXXXXX", NULL);
  g_autofree char *full = g_build_filename (scratch, "full", NULL);
  g_autofree char *folder = g_build_filename (scratch, "from-mailjet", NULL);
  g_autoptr (HeraldApplication) app = NULL;
  HeraldImportDialog *dialog;
  HeraldWindow *window;
  GtkButton *button;
  OpenedData opened;
  guint n_notes = 0;

  herald_test_forget_saved_state ();
  app = herald_test_start_application ();
  window = herald_test_open_app_window (app, library_dir);
  publish_sample (window);

  dialog = HERALD_IMPORT_DIALOG (
      herald_test_open_dialog (window, "win.import-library", HERALD_TYPE_IMPORT_DIALOG));
  button = herald_import_dialog_get_action_button (dialog);
  /* The Sandbox is chosen; without a folder there is nothing to import into. */
  g_assert_true (herald_account_is_sandbox (
      adw_combo_row_get_selected_item (herald_import_dialog_get_account_row (dialog))));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (button)));

  /* A folder with something in it is refused at once. */
  herald_test_write_file (full, "notes.txt", "mine");
  herald_import_dialog_set_folder (dialog, full);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_assert_nonnull (strstr (herald_import_dialog_get_status (dialog), "not empty"));

  herald_import_dialog_set_folder (dialog, folder);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (herald_test_wait_until (import_idle, dialog, 30000));
  g_assert_cmpuint (
      herald_test_count_children (GTK_WIDGET (herald_import_dialog_get_rows (dialog))), ==, N_ROWS);
  for (guint i = 0; i < herald_import_get_n_rows (herald_import_dialog_get_import (dialog)); i++)
    n_notes += herald_import_get_row (herald_import_dialog_get_import (dialog), i)->note != NULL;
  /* French plurals follow another rule than English ones, so the weekly summary's French
   * version is not a translation of its English one: the one note. */
  g_assert_cmpuint (n_notes, ==, 1);
  g_assert_true (g_str_has_prefix (herald_import_dialog_get_status (dialog),
                                   "Imported 15 Mailjet templates into "));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  herald_test_spin (200);
  herald_test_save_screenshot (adw_window_get_content (ADW_WINDOW (dialog)), "import-dialog.png");

  /* The button now opens the new library in the window. */
  g_assert_cmpstr (gtk_button_get_label (button), ==, "_Open Library");
  g_signal_emit_by_name (button, "clicked");
  opened.window = window;
  opened.folder = folder;
  g_assert_true (herald_test_wait_until (library_opened, &opened, 30000));
  g_assert_null (herald_test_find_toplevel (HERALD_TYPE_IMPORT_DIALOG));

  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_spin (50);
  herald_test_remove_tree (scratch);
}

int
main (int argc, char *argv[])
{
  herald_test_gui_init (&argc, &argv);
  /* Publishing through the dialog ends in a notification when the window is not active. */
  herald_test_serve_notifications ();

  g_test_add_func ("/herald/ui/import/publish-import-open", test_import_dialog);

  return g_test_run ();
}
