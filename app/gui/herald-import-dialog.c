/* herald-import-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-import-dialog.h"
#include "herald-tooltip.h"

struct _HeraldImportDialog
{
  AdwWindow parent_instance;

  AdwComboRow *account_row;
  AdwActionRow *folder_row;
  AdwEntryRow *name_row;
  GtkButton *action_button;
  GtkProgressBar *progress_bar;
  GtkLabel *status_label;
  GtkListBox *rows_list;

  HeraldSendService *service;
  HeraldImport *import;
  GCancellable *cancellable;
  char *folder;
  gboolean busy;
  gboolean done; /* the library is written: the button opens it */
};

G_DEFINE_FINAL_TYPE (HeraldImportDialog, herald_import_dialog, ADW_TYPE_WINDOW)

enum
{
  OPEN_LIBRARY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static HeraldAccount *
selected_account (HeraldImportDialog *self)
{
  return adw_combo_row_get_selected_item (self->account_row);
}

static void
update_sensitivity (HeraldImportDialog *self)
{
  gboolean ready = self->done || (self->folder != NULL && selected_account (self) != NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->action_button), !self->busy && ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_row), !self->busy && !self->done);
  gtk_widget_set_sensitive (GTK_WIDGET (self->folder_row), !self->busy && !self->done);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !self->busy && !self->done);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), self->busy);
}

static void
set_busy (HeraldImportDialog *self, gboolean busy)
{
  self->busy = busy;
  update_sensitivity (self);
}

static void
clear_rows (HeraldImportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_list))) != NULL)
    gtk_list_box_remove (self->rows_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->rows_list), FALSE);
}

static GtkWidget *
make_row (const HeraldImportRow *row)
{
  GtkWidget *action_row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("%s — %s", row->template_id, row->locale);
  g_autofree char *subtitle = row->note ? g_strdup_printf ("%s\n%s", row->mailjet_name, row->note)
                                        : g_strdup (row->mailjet_name);

  /* Names come from the account: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (action_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (action_row), 0);
  if (row->note != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");

      herald_widget_set_tooltip (icon, row->note);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _ ("Kept as a separate template"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), icon);
    }
  return action_row;
}

static void
show_rows (HeraldImportDialog *self)
{
  guint n = herald_import_get_n_rows (self->import);
  guint n_notes = 0;
  g_autofree char *status = NULL;

  clear_rows (self);
  for (guint i = 0; i < n; i++)
    {
      const HeraldImportRow *row = herald_import_get_row (self->import, i);

      n_notes += row->note != NULL;
      gtk_list_box_append (self->rows_list, make_row (row));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->rows_list), n > 0);

  if (n == 0)
    status = g_strdup (_ ("No transactional template on the account matches: nothing was "
                          "imported."));
  else if (n_notes > 0)
    status = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE,
                     "Imported %u Mailjet templates into %s. %u is kept as a separate template: "
                     "see its note.",
                     "Imported %u Mailjet templates into %s. %u are kept as separate templates: "
                     "see their notes.",
                     n_notes),
        n, self->folder, n_notes);
  else
    status = g_strdup_printf (_ ("Imported %u Mailjet templates into %s."), n, self->folder);
  gtk_label_set_text (self->status_label, status);
}

static void
fraction_changed_cb (HeraldImportDialog *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar, herald_import_get_fraction (self->import));
}

static void
run_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!herald_import_run_finish (HERALD_IMPORT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->status_label, error->message);
          set_busy (self, FALSE);
        }
      return;
    }
  show_rows (self);
  if (herald_import_get_n_rows (self->import) > 0)
    {
      self->done = TRUE;
      gtk_button_set_label (self->action_button, _ ("_Open Library"));
      herald_widget_set_tooltip (GTK_WIDGET (self->action_button),
                                 _ ("Open the new library in this window"));
    }
  set_busy (self, FALSE);
}

static void
client_ready_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldImportDialog) self = user_data;
  g_autoptr (HeraldMailjetClient) client = NULL;
  g_autoptr (GError) error = NULL;

  client = herald_send_service_get_client_finish (HERALD_SEND_SERVICE (object), result, &error);
  if (client == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->status_label, error->message);
          set_busy (self, FALSE);
        }
      return;
    }
  herald_import_run_async (self->import, client, self->cancellable, run_done_cb,
                           g_object_ref (self));
}

static void
start_import (HeraldImportDialog *self)
{
  HeraldAccount *account = selected_account (self);
  const char *pattern = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (account == NULL || self->folder == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->import != NULL)
    g_signal_handlers_disconnect_by_data (self->import, self);
  g_clear_object (&self->import);
  self->import = herald_import_new (self->folder, pattern);
  g_signal_connect_swapped (self->import, "notify::fraction", G_CALLBACK (fraction_changed_cb),
                            self);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  clear_rows (self);
  gtk_label_set_text (self->status_label, _ ("Reading the account’s templates…"));
  set_busy (self, TRUE);
  herald_send_service_get_client_async (self->service, account, self->cancellable, client_ready_cb,
                                        g_object_ref (self));
}

static void
action_clicked_cb (HeraldImportDialog *self)
{
  g_autofree char *folder = NULL;

  if (!self->done)
    {
      start_import (self);
      return;
    }
  folder = g_strdup (self->folder);
  g_signal_emit (self, signals[OPEN_LIBRARY], 0, folder);
  gtk_window_close (GTK_WINDOW (self));
}

void
herald_import_dialog_set_folder (HeraldImportDialog *self, const char *folder)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (HERALD_IS_IMPORT_DIALOG (self));

  g_clear_pointer (&self->folder, g_free);
  adw_action_row_set_subtitle (self->folder_row, folder ? folder : _ ("None chosen"));
  /* Said at once, before the account is read. */
  if (folder != NULL && !herald_import_check_directory (folder, &error))
    gtk_label_set_text (self->status_label, error->message);
  else
    {
      self->folder = g_strdup (folder);
      gtk_label_set_text (self->status_label,
                          _ ("The new library is written into this folder, which must be new or "
                             "empty."));
    }
  update_sensitivity (self);
}

static void
folder_chosen_cb (GtkNativeDialog *chooser, int response, HeraldImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        herald_import_dialog_set_folder (self, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_folder_cb (HeraldImportDialog *self)
{
  GtkFileChooserNative *chooser;

  /* GTK 4.8 has no GtkFileDialog. A new folder can be made from the chooser. */
  chooser = gtk_file_chooser_native_new (_ ("Folder for the New Library"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("_Choose"),
                                         _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
herald_import_dialog_dispose (GObject *object)
{
  HeraldImportDialog *self = HERALD_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->import != NULL)
    g_signal_handlers_disconnect_by_data (self->import, self);
  g_clear_object (&self->import);
  g_clear_object (&self->service);
  g_clear_pointer (&self->folder, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (herald_import_dialog_parent_class)->dispose (object);
}

static const HeraldTooltipSpec tooltips[] = {
  { "action_button", N_ ("Read the account’s transactional templates and write the new library") },
  { "folder_button", N_ ("Choose a new or empty folder for the library") },
};

static void
herald_import_dialog_class_init (HeraldImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_import_dialog_dispose;

  /* The folder of the library to open. */
  signals[OPEN_LIBRARY] =
      g_signal_new ("open-library", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/heraldapp/Herald/ui/herald-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, action_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldImportDialog, rows_list);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, action_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
herald_import_dialog_init (HeraldImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  herald_widget_set_template_tooltips (GTK_WIDGET (self), tooltips, G_N_ELEMENTS (tooltips));
}

HeraldImportDialog *
herald_import_dialog_new (GtkWindow *parent, HeraldSendService *service)
{
  HeraldImportDialog *self;

  g_return_val_if_fail (HERALD_IS_SEND_SERVICE (service), NULL);

  self = g_object_new (HERALD_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->service = g_object_ref (service);
  herald_send_service_show_accounts (service, self->account_row);
  g_signal_connect_swapped (self->account_row, "notify::selected", G_CALLBACK (update_sensitivity),
                            self);
  update_sensitivity (self);
  return self;
}

AdwComboRow *
herald_import_dialog_get_account_row (HeraldImportDialog *self)
{
  g_return_val_if_fail (HERALD_IS_IMPORT_DIALOG (self), NULL);
  return self->account_row;
}

AdwEntryRow *
herald_import_dialog_get_name_row (HeraldImportDialog *self)
{
  g_return_val_if_fail (HERALD_IS_IMPORT_DIALOG (self), NULL);
  return self->name_row;
}

GtkButton *
herald_import_dialog_get_action_button (HeraldImportDialog *self)
{
  g_return_val_if_fail (HERALD_IS_IMPORT_DIALOG (self), NULL);
  return self->action_button;
}

GtkListBox *
herald_import_dialog_get_rows (HeraldImportDialog *self)
{
  g_return_val_if_fail (HERALD_IS_IMPORT_DIALOG (self), NULL);
  return self->rows_list;
}

const char *
herald_import_dialog_get_status (HeraldImportDialog *self)
{
  g_return_val_if_fail (HERALD_IS_IMPORT_DIALOG (self), NULL);
  return gtk_label_get_text (self->status_label);
}

gboolean
herald_import_dialog_get_busy (HeraldImportDialog *self)
{
  g_return_val_if_fail (HERALD_IS_IMPORT_DIALOG (self), FALSE);
  return self->busy;
}

HeraldImport *
herald_import_dialog_get_import (HeraldImportDialog *self)
{
  g_return_val_if_fail (HERALD_IS_IMPORT_DIALOG (self), NULL);
  return self->import;
}
