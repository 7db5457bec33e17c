/* herald-new-library-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-new-library-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-new-library-dialog.h"

struct _HeraldNewLibraryDialog
{
  AdwWindow parent_instance;

  GtkButton *create_button;
  GtkLabel *error_label;
  AdwActionRow *folder_row;
  HeraldLibraryFields *fields;
  GtkCheckButton *starter_check;
  GtkCheckButton *empty_check;

  char *folder;
};

G_DEFINE_FINAL_TYPE (HeraldNewLibraryDialog, herald_new_library_dialog, ADW_TYPE_WINDOW)

enum
{
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_create_button (HeraldNewLibraryDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            self->folder != NULL && herald_library_fields_get_valid (self->fields));
}

static void
show_error (HeraldNewLibraryDialog *self, const char *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
create_clicked_cb (HeraldNewLibraryDialog *self)
{
  g_autoptr (HeraldLibrarySettings) settings = herald_library_fields_dup_settings (self->fields);
  g_autoptr (GError) error = NULL;
  HeraldLibraryStart start = gtk_check_button_get_active (self->empty_check)
                                 ? HERALD_LIBRARY_START_EMPTY
                                 : HERALD_LIBRARY_START_STARTER;

  if (self->folder == NULL)
    return;

  /* A handful of small files: quicker than the dialog takes to go. */
  if (!herald_library_create (self->folder, settings, start, &error))
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[CREATED], 0, self->folder);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
folder_chosen_cb (GtkNativeDialog *chooser, int response, HeraldNewLibraryDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (folder);

      if (path != NULL)
        herald_new_library_dialog_set_folder (self, path);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_folder_cb (HeraldNewLibraryDialog *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_ ("Folder for the New Library"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("_Select"),
                                         _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
herald_new_library_dialog_finalize (GObject *object)
{
  HeraldNewLibraryDialog *self = (HeraldNewLibraryDialog *) object;

  g_clear_pointer (&self->folder, g_free);

  G_OBJECT_CLASS (herald_new_library_dialog_parent_class)->finalize (object);
}

static void
herald_new_library_dialog_class_init (HeraldNewLibraryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = herald_new_library_dialog_finalize;

  /**
   * HeraldNewLibraryDialog::created:
   * @directory: the new library's folder
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (HERALD_TYPE_LIBRARY_FIELDS);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/heraldapp/Herald/ui/herald-new-library-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldNewLibraryDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldNewLibraryDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldNewLibraryDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldNewLibraryDialog, fields);
  gtk_widget_class_bind_template_child (widget_class, HeraldNewLibraryDialog, starter_check);
  gtk_widget_class_bind_template_child (widget_class, HeraldNewLibraryDialog, empty_check);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_create_button);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
herald_new_library_dialog_init (HeraldNewLibraryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

HeraldNewLibraryDialog *
herald_new_library_dialog_new (GtkWindow *parent)
{
  return g_object_new (HERALD_TYPE_NEW_LIBRARY_DIALOG, "transient-for", parent, NULL);
}

void
herald_new_library_dialog_set_folder (HeraldNewLibraryDialog *self, const char *path)
{
  AdwEntryRow *name_row;
  g_autofree char *display = NULL;

  g_return_if_fail (HERALD_IS_NEW_LIBRARY_DIALOG (self));
  g_return_if_fail (path != NULL);

  g_free (self->folder);
  self->folder = g_strdup (path);
  display = g_filename_display_name (path);
  adw_action_row_set_subtitle (self->folder_row, display);

  /* The folder usually says what the library is for. */
  name_row = herald_library_fields_get_name_row (self->fields);
  if (gtk_editable_get_text (GTK_EDITABLE (name_row))[0] == '\0')
    {
      g_autofree char *base = g_filename_display_basename (path);

      gtk_editable_set_text (GTK_EDITABLE (name_row), base);
    }
  show_error (self, NULL);
  update_create_button (self);
}

void
herald_new_library_dialog_set_start (HeraldNewLibraryDialog *self, HeraldLibraryStart start)
{
  g_return_if_fail (HERALD_IS_NEW_LIBRARY_DIALOG (self));

  gtk_check_button_set_active (
      start == HERALD_LIBRARY_START_EMPTY ? self->empty_check : self->starter_check, TRUE);
}

HeraldLibraryFields *
herald_new_library_dialog_get_fields (HeraldNewLibraryDialog *self)
{
  g_return_val_if_fail (HERALD_IS_NEW_LIBRARY_DIALOG (self), NULL);
  return self->fields;
}

GtkButton *
herald_new_library_dialog_get_create_button (HeraldNewLibraryDialog *self)
{
  g_return_val_if_fail (HERALD_IS_NEW_LIBRARY_DIALOG (self), NULL);
  return self->create_button;
}

const char *
herald_new_library_dialog_get_error (HeraldNewLibraryDialog *self)
{
  g_return_val_if_fail (HERALD_IS_NEW_LIBRARY_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}
