/* herald-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-preferences-window.h"
#include "herald-recipients-group.h"
#include "herald-sender-page.h"
#include "herald-tooltip.h"

struct _HeraldPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template Widgets */
  AdwPreferencesGroup *accounts_group;
  AdwEntryRow *name_row;
  AdwEntryRow *api_key_row;
  AdwEntryRow *secret_key_row;
  AdwComboRow *region_row;
  AdwActionRow *add_status_row;
  GtkButton *add_button;
  HeraldRecipientsGroup *recipients_group;
  GtkSwitch *remote_switch;
  HeraldSenderPage *sender_page;

  /* Owned References */
  HeraldSendService *service;
  GPtrArray *account_rows; /* unowned */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (HeraldPreferencesWindow,
                     herald_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void rebuild_accounts (HeraldPreferencesWindow *self);

static const char *
region_words (HeraldAccount *account)
{
  switch (herald_account_get_region (account))
    {
    case HERALD_ACCOUNT_REGION_EU:
      return _ ("Mailjet, Europe");
    case HERALD_ACCOUNT_REGION_US:
      return _ ("Mailjet, United States");
    case HERALD_ACCOUNT_REGION_CUSTOM:
      return herald_account_get_base_url (account);
    case HERALD_ACCOUNT_REGION_SANDBOX:
    default:
      return _ ("Built in");
    }
}

/* Verify --------------------------------------------------------------------------- */

typedef struct
{
  HeraldPreferencesWindow *self;
  AdwActionRow *row;
  HeraldAccount *account;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->row);
  g_object_unref (data->account);
  g_free (data);
}

static void
show_verdict (VerifyData *data, const GError *error)
{
  g_autofree char *words = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error == NULL)
    words =
        g_strdup_printf (_ ("Works: Mailjet accepted the key (%s)"), region_words (data->account));
  else if (g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_UNAUTHORIZED))
    words = g_strdup (_ ("Does not work: Mailjet refused the API key or the secret key. Remove the "
                         "account and add it again with the right keys."));
  else
    words = g_strdup_printf (_ ("Could not be checked: %s"), error->message);

  adw_action_row_set_subtitle (data->row, words);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (data->row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (data->row), "error");
}

static void
verified_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VerifyData *data = user_data;
  g_autoptr (GError) error = NULL;

  herald_mailjet_client_verify_finish (HERALD_MAILJET_CLIENT (object), result, &error);
  show_verdict (data, error);
  verify_data_free (data);
}

static void
verify_client_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VerifyData *data = user_data;
  g_autoptr (HeraldMailjetClient) client = NULL;
  g_autoptr (GError) error = NULL;

  client = herald_send_service_get_client_finish (HERALD_SEND_SERVICE (object), result, &error);
  if (client == NULL)
    {
      show_verdict (data, error);
      verify_data_free (data);
      return;
    }
  herald_mailjet_client_verify_async (client, data->self->cancellable, verified_cb, data);
}

static void
verify (HeraldPreferencesWindow *self, AdwActionRow *row, HeraldAccount *account)
{
  VerifyData *data = g_new0 (VerifyData, 1);

  data->self = g_object_ref (self);
  data->row = g_object_ref (row);
  data->account = g_object_ref (account);
  adw_action_row_set_subtitle (row, _ ("Checking with Mailjet…"));
  /* A new client reads the keys as they are now in the keyring. */
  herald_send_service_forget_client (self->service, herald_account_get_id (account));
  herald_send_service_get_client_async (self->service, account, self->cancellable, verify_client_cb,
                                        data);
}

static void
verify_clicked_cb (GtkButton *button, HeraldPreferencesWindow *self)
{
  verify (self, g_object_get_data (G_OBJECT (button), "herald-row"),
          g_object_get_data (G_OBJECT (button), "herald-account"));
}

/* Remove --------------------------------------------------------------------------- */

static void
removed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldPreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!herald_account_store_remove_finish (HERALD_ACCOUNT_STORE (object), result, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (error->message));
}

static void
remove_response_cb (AdwMessageDialog *dialog, const char *response, HeraldPreferencesWindow *self)
{
  HeraldAccount *account = g_object_get_data (G_OBJECT (dialog), "herald-account");

  if (!g_str_equal (response, "remove"))
    return;
  herald_send_service_forget_client (self->service, herald_account_get_id (account));
  herald_account_store_remove_async (herald_send_service_get_account_store (self->service), account,
                                     self->cancellable, removed_cb, g_object_ref (self));
}

static void
remove_clicked_cb (GtkButton *button, HeraldPreferencesWindow *self)
{
  HeraldAccount *account = g_object_get_data (G_OBJECT (button), "herald-account");
  g_autofree char *heading =
      g_strdup_printf (_ ("Remove “%s”?"), herald_account_get_name (account));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (self), heading,
      _ ("Its keys are deleted from your keyring. The account itself stays at Mailjet.")));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "remove", _ ("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "herald-account", g_object_ref (account),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Accounts list -------------------------------------------------------------------- */

static GtkWidget *
row_button (const char *label, const char *icon, HeraldAccount *account, GtkWidget *row)
{
  GtkWidget *button =
      icon ? gtk_button_new_from_icon_name (icon) : gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (icon)
    {
      gtk_widget_add_css_class (button, "flat");
      herald_widget_set_tooltip (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
  g_object_set_data_full (G_OBJECT (button), "herald-account", g_object_ref (account),
                          g_object_unref);
  g_object_set_data (G_OBJECT (button), "herald-row", row);
  return button;
}

static void
rebuild_accounts (HeraldPreferencesWindow *self)
{
  GListModel *accounts = G_LIST_MODEL (herald_send_service_get_account_store (self->service));

  for (guint i = 0; i < self->account_rows->len; i++)
    adw_preferences_group_remove (self->accounts_group, g_ptr_array_index (self->account_rows, i));
  g_ptr_array_set_size (self->account_rows, 0);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr (HeraldAccount) account = g_list_model_get_item (accounts, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), herald_account_get_name (account));
      if (herald_account_is_sandbox (account))
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                       _ ("Built in, always there. It simulates Mailjet on this "
                                          "computer: messages reach no real inbox. "
                                          "Send to bounce@example.com, blocked@example.com or "
                                          "spam@example.com to see those outcomes."));
          adw_action_row_add_prefix (
              ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("applications-science-symbolic"));
        }
      else
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), region_words (account));
          adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                     gtk_image_new_from_icon_name ("mail-send-symbolic"));
          button = row_button (_ ("_Verify"), NULL, account, row);
          g_signal_connect (button, "clicked", G_CALLBACK (verify_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          button = row_button (_ ("Remove Account"), "user-trash-symbolic", account, row);
          g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      adw_preferences_group_add (self->accounts_group, row);
      g_ptr_array_add (self->account_rows, row);
    }
}

/* Add ------------------------------------------------------------------------------ */

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
form_changed_cb (HeraldPreferencesWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (row_text (self->name_row)));

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), *name && *row_text (self->api_key_row) &&
                                                               *row_text (self->secret_key_row));
}

static void
added_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldPreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  HeraldAccount *account = g_object_get_data (G_OBJECT (self), "herald-adding");

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), TRUE);
  if (!herald_account_store_add_finish (HERALD_ACCOUNT_STORE (object), result, &error))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_status_row), error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->api_key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->secret_key_row), "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_status_row),
                                 _ ("Added. Its check with Mailjet shows under its name above."));
  for (guint i = 0; i < self->account_rows->len; i++)
    {
      AdwActionRow *row = g_ptr_array_index (self->account_rows, i);

      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                     herald_account_get_name (account)) == 0)
        verify (self, row, account);
    }
}

static void
add_clicked_cb (HeraldPreferencesWindow *self)
{
  g_autoptr (HeraldAccount) account = NULL;
  HeraldAccountRegion region = adw_combo_row_get_selected (self->region_row) == 1
                                   ? HERALD_ACCOUNT_REGION_US
                                   : HERALD_ACCOUNT_REGION_EU;

  account = herald_account_new (row_text (self->name_row), region, NULL);
  g_object_set_data_full (G_OBJECT (self), "herald-adding", g_object_ref (account), g_object_unref);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_status_row),
                                 _ ("Saving the keys in your keyring…"));
  herald_account_store_add_async (herald_send_service_get_account_store (self->service), account,
                                  row_text (self->api_key_row), row_text (self->secret_key_row),
                                  self->cancellable, added_cb, g_object_ref (self));
}

HeraldPreferencesWindow *
herald_preferences_window_new (GtkWindow *parent, GSettings *settings, HeraldSendService *service)
{
  HeraldPreferencesWindow *self;

  g_return_val_if_fail (HERALD_IS_SEND_SERVICE (service), NULL);

  self = g_object_new (HERALD_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->service = g_object_ref (service);
  g_signal_connect_object (herald_send_service_get_account_store (service), "items-changed",
                           G_CALLBACK (rebuild_accounts), self, G_CONNECT_SWAPPED);
  rebuild_accounts (self);
  herald_recipients_group_set_settings (self->recipients_group, settings);
  herald_sender_page_set_service (self->sender_page, service);
  g_settings_bind (settings, "allow-remote-content", self->remote_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  return self;
}

void
herald_preferences_window_show_sender (HeraldPreferencesWindow *self,
                                       HeraldAccount *account,
                                       const char *address)
{
  g_return_if_fail (HERALD_IS_PREFERENCES_WINDOW (self));

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self),
                                           ADW_PREFERENCES_PAGE (self->sender_page));
  herald_sender_page_check (self->sender_page, account, address);
}

HeraldSenderPage *
herald_preferences_window_get_sender_page (HeraldPreferencesWindow *self)
{
  g_return_val_if_fail (HERALD_IS_PREFERENCES_WINDOW (self), NULL);
  return self->sender_page;
}

static void
herald_preferences_window_dispose (GObject *object)
{
  HeraldPreferencesWindow *self = (HeraldPreferencesWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->account_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (herald_preferences_window_parent_class)->dispose (object);
}

static void
herald_preferences_window_class_init (HeraldPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_preferences_window_dispose;

  g_type_ensure (HERALD_TYPE_RECIPIENTS_GROUP);
  g_type_ensure (HERALD_TYPE_SENDER_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/herald-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, api_key_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, secret_key_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, region_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, add_status_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, recipients_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, remote_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreferencesWindow, sender_page);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
herald_preferences_window_init (HeraldPreferencesWindow *self)
{
  self->account_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
