/* herald-window-actions.c: the window's actions (win.*): saving, opening libraries with
 * the unsaved-changes question, reloading a template changed on disk, sending a test and
 * the shortcuts window. As GNOME Text Editor keeps editor-window-actions.c apart from
 * editor-window.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-window"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-import-dialog.h"
#include "herald-library-settings-dialog.h"
#include "herald-new-library-dialog.h"
#include "herald-publish-dialog.h"
#include "herald-send-dialog.h"
#include "herald-window-private.h"

static gboolean
save_library (HeraldWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (self->library == NULL)
    return TRUE;

  if (!herald_library_save (self->library, &error))
    {
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (
          adw_message_dialog_new (GTK_WINDOW (self), _ ("Could not save"), error->message));
      adw_message_dialog_add_response (dialog, "close", _ ("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }

  _herald_window_update_status_labels (self);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_ ("Saved")));
  return TRUE;
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  save_library (HERALD_WINDOW (widget));
}

typedef struct
{
  HeraldWindow *self;
  HeraldAfterConfirm then;
  gpointer user_data;
  GDestroyNotify destroy;
} ConfirmData;

static void
confirm_data_free (ConfirmData *data)
{
  if (data->destroy)
    data->destroy (data->user_data);
  g_object_unref (data->self);
  g_free (data);
}

static gboolean
confirmed_idle_cb (gpointer user_data)
{
  ConfirmData *data = user_data;

  data->then (data->self, data->user_data);
  confirm_data_free (data);
  return G_SOURCE_REMOVE;
}

static void
confirm_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  ConfirmData *data = user_data;
  gboolean proceed = FALSE;

  /* The dialog answers once more with its close response when it goes away. */
  g_signal_handlers_disconnect_by_data (dialog, data);

  if (g_str_equal (response, "save"))
    proceed = save_library (data->self);
  else if (g_str_equal (response, "discard"))
    proceed = TRUE;

  /* What follows may close the window; let the dialog finish going first, since a dialog
   * that outlives its parent trips GTK 4.8. */
  if (proceed)
    g_idle_add (confirmed_idle_cb, data);
  else
    confirm_data_free (data);
}

/* Asks what to do with unsaved edits, then runs `then` unless the user cancelled. */
void
_herald_window_confirm_unsaved (HeraldWindow *self,
                                HeraldAfterConfirm then,
                                gpointer user_data,
                                GDestroyNotify destroy)
{
  AdwMessageDialog *dialog;
  ConfirmData *data;

  if (self->library == NULL || !herald_library_get_modified (self->library))
    {
      then (self, user_data);
      if (destroy)
        destroy (user_data);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (GTK_WINDOW (self), _ ("Save Changes?"),
                              _ ("Some templates have changes that are not saved. "
                                 "Unsaved changes are lost if you don’t save them.")));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "discard", _ ("_Discard"),
                                    "save", _ ("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");

  data = g_new0 (ConfirmData, 1);
  data->self = g_object_ref (self);
  data->then = then;
  data->user_data = user_data;
  data->destroy = destroy;
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), data);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_directory_then (HeraldWindow *self, gpointer user_data)
{
  herald_window_open_library (self, user_data);
}

static void
folder_chosen_cb (GtkNativeDialog *dialog, int response, HeraldWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      char *path = g_file_get_path (folder);

      if (path != NULL)
        _herald_window_confirm_unsaved (self, open_directory_then, path, g_free);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
open_library_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_ ("Open Library"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("_Open"),
                                         _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_recent_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);

  _herald_window_confirm_unsaved (self, open_directory_then, g_variant_dup_string (parameter, NULL),
                                  g_free);
}

static void
library_created_cb (HeraldWindow *self, const char *directory)
{
  herald_window_open_library (self, directory);
}

static gboolean
is_empty_folder (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

static void
show_new_library_dialog (HeraldWindow *self, gpointer user_data)
{
  HeraldNewLibraryDialog *dialog = herald_new_library_dialog_new (GTK_WINDOW (self));

  /* Started on an empty folder, the user most likely meant to make a library there. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "error") == 0 &&
      self->failed_directory != NULL && is_empty_folder (self->failed_directory))
    herald_new_library_dialog_set_folder (dialog, self->failed_directory);

  g_signal_connect_object (dialog, "created", G_CALLBACK (library_created_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The new library replaces the open one, so unsaved edits are settled first. */
static void
new_library_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _herald_window_confirm_unsaved (HERALD_WINDOW (widget), show_new_library_dialog, NULL, NULL);
}

static void
library_settings_saved_cb (HeraldWindow *self)
{
  /* Loaded again, the library's checks run with the new clients and languages. */
  if (self->library != NULL)
    herald_window_open_library (self, herald_library_get_directory (self->library));
}

static void
show_library_settings_dialog (HeraldWindow *self, gpointer user_data)
{
  HeraldLibrarySettingsDialog *dialog;

  if (self->library == NULL)
    return;
  dialog = herald_library_settings_dialog_new (GTK_WINDOW (self), self->library);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (library_settings_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Saving the settings reloads the library, which would drop unsaved edits: they are
 * settled before the dialog opens. */
static void
library_settings_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _herald_window_confirm_unsaved (HERALD_WINDOW (widget), show_library_settings_dialog, NULL, NULL);
}

static void
reload_template_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (self->template == NULL)
    return;

  if (!herald_template_reload (self->template, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
keep_mine_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);

  if (self->template != NULL)
    herald_template_keep_own_changes (self->template);
}

static void
send_test_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  HeraldSendDialog *dialog;

  if (self->template == NULL || _herald_window_get_send_service (self) == NULL)
    return;

  dialog = herald_send_dialog_new (GTK_WINDOW (self), _herald_window_get_send_service (self),
                                   self->settings, self->library, self->template, self->scenario);
  if (_herald_window_current_locale (self) != NULL)
    herald_send_dialog_set_locale_active (dialog, _herald_window_current_locale (self), TRUE);
  g_signal_connect_object (dialog, "sent", G_CALLBACK (herald_window_show_deliveries), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
publish_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  HeraldPublishDialog *dialog;

  if (self->library == NULL || _herald_window_get_send_service (self) == NULL)
    return;

  dialog = herald_publish_dialog_new (GTK_WINDOW (self), _herald_window_get_send_service (self),
                                      self->library);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_open_library_cb (HeraldWindow *self, const char *folder)
{
  _herald_window_confirm_unsaved (self, open_directory_then, g_strdup (folder), g_free);
}

static void
import_library_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  HeraldImportDialog *dialog;

  if (_herald_window_get_send_service (self) == NULL)
    return;
  dialog = herald_import_dialog_new (GTK_WINDOW (self), _herald_window_get_send_service (self));
  g_signal_connect_object (dialog, "open-library", G_CALLBACK (import_open_library_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Find, replace and Go to Line act on the editor wherever the focus is in the window, and
 * bring the editor back from Compare Languages. */
static HeraldTemplateEditor *
show_editor (HeraldWindow *self)
{
  if (!gtk_widget_get_visible (self->editor_column))
    g_object_set (self, "comparing", FALSE, NULL);
  return self->editor;
}

static void
find_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  herald_template_editor_find (show_editor (HERALD_WINDOW (widget)),
                               g_str_equal (action_name, "win.find-replace"));
}

static void
goto_line_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  herald_template_editor_goto_line (show_editor (HERALD_WINDOW (widget)));
}

/* A shortcuts window finds the keys of its actions only when it is a help overlay, which
 * this one cannot be (below). The application's accelerators are the one list of keys:
 * every entry that names an action, including the copies the window keeps for its search
 * page, shows the keys the application gives that action. */
static void
show_application_accels (GtkWidget *widget, GtkApplication *app)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *action_name = NULL;

      g_object_get (widget, "action-name", &action_name, NULL);
      if (action_name != NULL)
        {
          g_auto (GStrv) accels = gtk_application_get_accels_for_action (app, action_name);
          g_autofree char *accelerator = g_strjoinv (" ", accels);

          g_object_set (widget, "accelerator", accelerator, NULL);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    show_application_accels (child, app);
}

/* Built on demand and destroyed on close rather than kept hidden as GtkApplicationWindow's
 * help overlay is: GTK 4.8 answers an AT-SPI GetChildAtIndex that races a closing dialog with
 * the last toplevel in its list, and a hidden window there has no accessible path, which
 * crashes the app under a screen reader. */
static void
show_shortcuts_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr (GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder =
      gtk_builder_new_from_resource ("/io/github/heraldapp/Herald/ui/herald-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  if (gtk_window_get_application (GTK_WINDOW (widget)) != NULL)
    show_application_accels (GTK_WIDGET (shortcuts),
                             gtk_window_get_application (GTK_WINDOW (widget)));
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_set_destroy_with_parent (shortcuts, TRUE);
  gtk_window_present (shortcuts);
}

void
_herald_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.open-library", NULL, open_library_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.new-library", NULL, new_library_action);
  gtk_widget_class_install_action (widget_class, "win.library-settings", NULL,
                                   library_settings_action);
  gtk_widget_class_install_action (widget_class, "win.reload-template", NULL,
                                   reload_template_action);
  gtk_widget_class_install_action (widget_class, "win.keep-mine", NULL, keep_mine_action);
  gtk_widget_class_install_property_action (widget_class, "win.compare-locales", "comparing");
  gtk_widget_class_install_action (widget_class, "win.send-test", NULL, send_test_action);
  gtk_widget_class_install_action (widget_class, "win.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "win.import-library", NULL, import_library_action);
  gtk_widget_class_install_action (widget_class, "win.show-shortcuts", NULL, show_shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-replace", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.goto-line", NULL, goto_line_action);
}
