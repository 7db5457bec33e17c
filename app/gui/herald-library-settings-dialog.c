/* herald-library-settings-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-library-settings-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-library-settings-dialog.h"
#include "herald-locale-name.h"

struct _HeraldLibrarySettingsDialog
{
  AdwWindow parent_instance;

  GtkButton *save_button;
  GtkButton *reset_button;
  GtkLabel *error_label;
  HeraldLibraryFields *fields;
  AdwPreferencesGroup *clients_group;

  HeraldLibrary *library;
  HeraldLibrarySettings *old;
  /* client name -> its GtkCheckButton */
  GHashTable *client_checks;
  /* family -> the AdwExpanderRow of its clients */
  GHashTable *family_rows;
  /* While set, saving writes no "clients": the library follows Herald's defaults. */
  gboolean default_clients;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (HeraldLibrarySettingsDialog, herald_library_settings_dialog, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (HeraldLibrarySettingsDialog *self, const char *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static guint
count_checked (HeraldLibrarySettingsDialog *self)
{
  GHashTableIter iter;
  gpointer check;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->client_checks);
  while (g_hash_table_iter_next (&iter, NULL, &check))
    n += gtk_check_button_get_active (check);
  return n;
}

static void
update_save_button (HeraldLibrarySettingsDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            herald_library_fields_get_valid (self->fields) &&
                                count_checked (self) > 0);
}

static char *
family_of (const char *client)
{
  const char *dot = strchr (client, '.');

  return g_strndup (client, dot ? (gsize) (dot - client) : strlen (client));
}

/* "2 of 4 checked" under each family, so what is chosen shows with the rows folded. */
static void
update_family_summaries (HeraldLibrarySettingsDialog *self)
{
  GHashTableIter iter;
  gpointer family, row;

  g_hash_table_iter_init (&iter, self->family_rows);
  while (g_hash_table_iter_next (&iter, &family, &row))
    {
      GHashTableIter clients;
      gpointer client, check;
      guint n = 0, checked = 0;
      g_autofree char *summary = NULL;

      g_hash_table_iter_init (&clients, self->client_checks);
      while (g_hash_table_iter_next (&clients, &client, &check))
        {
          g_autofree char *client_family = family_of (client);

          if (!g_str_equal (client_family, family))
            continue;
          n++;
          checked += gtk_check_button_get_active (check);
        }
      /* Translators: how many of an email client family's platforms the checks look at. */
      summary = g_strdup_printf (ngettext ("%u of %u checked", "%u of %u checked", n), checked, n);
      adw_expander_row_set_subtitle (row, summary);
    }
}

static void
client_toggled_cb (HeraldLibrarySettingsDialog *self)
{
  if (!self->updating)
    self->default_clients = FALSE;
  update_family_summaries (self);
  update_save_button (self);
}

static void
set_checked_clients (HeraldLibrarySettingsDialog *self, const char *const *clients)
{
  GHashTableIter iter;
  gpointer client, check;

  self->updating = TRUE;
  g_hash_table_iter_init (&iter, self->client_checks);
  while (g_hash_table_iter_next (&iter, &client, &check))
    gtk_check_button_set_active (check, g_strv_contains (clients, client));
  self->updating = FALSE;
  update_family_summaries (self);
  update_save_button (self);
}

static void
reset_clicked_cb (HeraldLibrarySettingsDialog *self)
{
  set_checked_clients (self, herald_client_support_get_default_clients ());
  self->default_clients = TRUE;
}

static AdwExpanderRow *
family_row (HeraldLibrarySettingsDialog *self, const char *client)
{
  HeraldClientSupport *support = herald_client_support_get_default ();
  g_autofree char *family = family_of (client);
  AdwExpanderRow *row = g_hash_table_lookup (self->family_rows, family);
  const char *label;

  if (row != NULL)
    return row;
  label = herald_client_support_get_family_label (support, client);
  row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  /* caniemail's names are plain text ("1&1"). */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label ? label : family);
  adw_preferences_group_add (self->clients_group, GTK_WIDGET (row));
  g_hash_table_insert (self->family_rows, g_steal_pointer (&family), row);
  return row;
}

static void
build_client_rows (HeraldLibrarySettingsDialog *self)
{
  HeraldClientSupport *support = herald_client_support_get_default ();

  /* The snapshot's names are sorted, so each family's platforms come together. */
  for (const char *const *client = herald_client_support_get_clients (support); *client != NULL;
       client++)
    {
      const char *platform = herald_client_support_get_platform_label (support, *client);
      g_autofree char *full = herald_client_support_dup_client_label (support, *client);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), platform ? platform : *client);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, full,
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (client_toggled_cb), self);
      g_hash_table_insert (self->client_checks, g_strdup (*client), check);
      adw_expander_row_add_row (family_row (self, *client), row);
    }
}

static void
finish_save (HeraldLibrarySettingsDialog *self, gboolean delete_removed_po)
{
  g_autoptr (HeraldLibrarySettings) settings = herald_library_fields_dup_settings (self->fields);
  g_autoptr (GError) error = NULL;

  if (!self->default_clients)
    {
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      HeraldClientSupport *support = herald_client_support_get_default ();

      /* In the snapshot's order, so that the file does not change with the hash table's. */
      for (const char *const *client = herald_client_support_get_clients (support); *client != NULL;
           client++)
        if (gtk_check_button_get_active (g_hash_table_lookup (self->client_checks, *client)))
          g_strv_builder_add (builder, *client);
      settings->clients = g_strv_builder_end (builder);
    }

  if (!herald_library_settings_apply (herald_library_get_directory (self->library), settings,
                                      delete_removed_po, &error))
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
save_keeping_files_cb (gpointer user_data)
{
  finish_save (user_data, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
save_deleting_files_cb (gpointer user_data)
{
  finish_save (user_data, TRUE);
  return G_SOURCE_REMOVE;
}

/* Saving closes this window: let the question go first, since a dialog that outlives its
 * parent trips GTK 4.8. */
static void
removal_response_cb (AdwMessageDialog *dialog,
                     const char *response,
                     HeraldLibrarySettingsDialog *self)
{
  if (g_str_equal (response, "keep"))
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, save_keeping_files_cb, g_object_ref (self),
                     g_object_unref);
  else if (g_str_equal (response, "delete"))
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, save_deleting_files_cb, g_object_ref (self),
                     g_object_unref);
}

static char *
join_language_labels (const char *const *codes)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new_null_terminated (4, g_free, TRUE);

  for (guint i = 0; codes[i] != NULL; i++)
    g_ptr_array_add (labels, herald_locale_name_dup_label (codes[i]));
  return g_strjoinv (", ", (char **) labels->pdata);
}

/* Removing a language is the one change that can lose work: ask, and keep the files unless
 * the user says otherwise. */
static void
save_clicked_cb (HeraldLibrarySettingsDialog *self)
{
  g_autoptr (HeraldLibrarySettings) settings = herald_library_fields_dup_settings (self->fields);
  g_auto (GStrv) removed = herald_library_settings_dup_removed_locales (self->old, settings);
  g_autofree char *languages = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (removed[0] == NULL)
    {
      finish_save (self, FALSE);
      return;
    }

  languages = join_language_labels ((const char *const *) removed);
  body = g_strdup_printf (
      ngettext ("Herald will stop offering %s. Its translation file stays in the library’s po "
                "folder, so its translations can come back later; delete it only if they are "
                "not needed.",
                "Herald will stop offering %s. Their translation files stay in the library’s po "
                "folder, so their translations can come back later; delete them only if they "
                "are not needed.",
                g_strv_length (removed)),
      languages);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (self),
      ngettext ("Remove a Target Language?", "Remove Target Languages?", g_strv_length (removed)),
      body));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "delete",
                                    _ ("_Delete Translation Files"), "keep", _ ("_Keep Files"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "keep", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (removal_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
herald_library_settings_dialog_dispose (GObject *object)
{
  HeraldLibrarySettingsDialog *self = (HeraldLibrarySettingsDialog *) object;

  g_clear_object (&self->library);

  G_OBJECT_CLASS (herald_library_settings_dialog_parent_class)->dispose (object);
}

static void
herald_library_settings_dialog_finalize (GObject *object)
{
  HeraldLibrarySettingsDialog *self = (HeraldLibrarySettingsDialog *) object;

  g_clear_pointer (&self->old, herald_library_settings_free);
  g_clear_pointer (&self->client_checks, g_hash_table_unref);
  g_clear_pointer (&self->family_rows, g_hash_table_unref);

  G_OBJECT_CLASS (herald_library_settings_dialog_parent_class)->finalize (object);
}

static void
herald_library_settings_dialog_class_init (HeraldLibrarySettingsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_library_settings_dialog_dispose;
  object_class->finalize = herald_library_settings_dialog_finalize;

  /**
   * HeraldLibrarySettingsDialog::saved:
   *
   * herald.json was rewritten (and translation files made or deleted).
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (HERALD_TYPE_LIBRARY_FIELDS);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/heraldapp/Herald/ui/herald-library-settings-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldLibrarySettingsDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldLibrarySettingsDialog, reset_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldLibrarySettingsDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldLibrarySettingsDialog, fields);
  gtk_widget_class_bind_template_child (widget_class, HeraldLibrarySettingsDialog, clients_group);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_save_button);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
herald_library_settings_dialog_init (HeraldLibrarySettingsDialog *self)
{
  self->client_checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->family_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  herald_library_fields_set_translations_note (
      self->fields, _ ("Removing one keeps its file in the library folder unless you choose to "
                       "delete it when you save."));
  build_client_rows (self);
}

HeraldLibrarySettingsDialog *
herald_library_settings_dialog_new (GtkWindow *parent, HeraldLibrary *library)
{
  HeraldLibrarySettingsDialog *self;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);

  self = g_object_new (HERALD_TYPE_LIBRARY_SETTINGS_DIALOG, "transient-for", parent, NULL);
  self->library = g_object_ref (library);
  self->old = herald_library_settings_new_from_library (library);
  herald_library_fields_set_settings (self->fields, self->old);
  set_checked_clients (self, herald_library_get_clients (library));
  self->default_clients = self->old->clients == NULL;
  return self;
}

HeraldLibraryFields *
herald_library_settings_dialog_get_fields (HeraldLibrarySettingsDialog *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY_SETTINGS_DIALOG (self), NULL);
  return self->fields;
}

void
herald_library_settings_dialog_set_client_active (HeraldLibrarySettingsDialog *self,
                                                  const char *client,
                                                  gboolean active)
{
  GtkCheckButton *check;

  g_return_if_fail (HERALD_IS_LIBRARY_SETTINGS_DIALOG (self));

  check = g_hash_table_lookup (self->client_checks, client);
  g_return_if_fail (check != NULL);
  gtk_check_button_set_active (check, active);
}

GtkButton *
herald_library_settings_dialog_get_save_button (HeraldLibrarySettingsDialog *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY_SETTINGS_DIALOG (self), NULL);
  return self->save_button;
}

GtkButton *
herald_library_settings_dialog_get_reset_button (HeraldLibrarySettingsDialog *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY_SETTINGS_DIALOG (self), NULL);
  return self->reset_button;
}

const char *
herald_library_settings_dialog_get_error (HeraldLibrarySettingsDialog *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY_SETTINGS_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}
