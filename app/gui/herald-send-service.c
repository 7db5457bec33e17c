/* herald-send-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-send-service"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-json-util.h"
#include "herald-send-service.h"
#include "herald-builtin-sandbox.h"
#include "herald-stored-send.h"
#include "herald-test-send.h"

struct _HeraldSendService
{
  GObject parent_instance;

  HeraldAccountStore *store;
  HeraldDeliveryTracker *tracker;
  HeraldSandbox *sandbox;
  GHashTable *clients; /* account id → HeraldMailjetClient */
  HeraldMailjetClient *last_client;
  HeraldAccount *last_account;
  double speed;
};

G_DEFINE_FINAL_TYPE (HeraldSendService, herald_send_service, G_TYPE_OBJECT)

static void
herald_send_service_dispose (GObject *object)
{
  HeraldSendService *self = (HeraldSendService *) object;

  if (self->sandbox)
    herald_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->tracker);
  g_clear_object (&self->store);
  g_clear_object (&self->last_client);
  g_clear_object (&self->last_account);
  g_clear_pointer (&self->clients, g_hash_table_unref);

  G_OBJECT_CLASS (herald_send_service_parent_class)->dispose (object);
}

static void
herald_send_service_class_init (HeraldSendServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_send_service_dispose;
}

static void
herald_send_service_init (HeraldSendService *self)
{
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->speed = herald_builtin_sandbox_speed ();
}

HeraldSendService *
herald_send_service_new (const char *accounts_path, const char *deliveries_path)
{
  HeraldSendService *self = g_object_new (HERALD_TYPE_SEND_SERVICE, NULL);
  g_autoptr (GError) error = NULL;

  self->store = herald_account_store_new (accounts_path);
  if (!herald_account_store_load (self->store, &error))
    {
      g_warning ("%s", error->message);
      g_clear_error (&error);
    }

  self->tracker = herald_delivery_tracker_new (deliveries_path);
  /* A faster Sandbox (development, tests) is followed at the same pace. */
  herald_delivery_tracker_set_time_scale (self->tracker, self->speed);
  if (!herald_delivery_tracker_load (self->tracker, &error))
    g_warning ("%s", error->message);

  return self;
}

HeraldAccountStore *
herald_send_service_get_account_store (HeraldSendService *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_SERVICE (self), NULL);
  return self->store;
}

HeraldDeliveryTracker *
herald_send_service_get_tracker (HeraldSendService *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_SERVICE (self), NULL);
  return self->tracker;
}

HeraldSandbox *
herald_send_service_get_sandbox (HeraldSendService *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_SERVICE (self), NULL);
  return self->sandbox;
}

HeraldMailjetClient *
herald_send_service_get_last_client (HeraldSendService *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_SERVICE (self), NULL);
  return self->last_client;
}

HeraldAccount *
herald_send_service_get_last_account (HeraldSendService *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_SERVICE (self), NULL);
  return self->last_account;
}

HeraldSandbox *
herald_send_service_ensure_sandbox (HeraldSendService *self, GError **error)
{
  g_return_val_if_fail (HERALD_IS_SEND_SERVICE (self), NULL);

  if (self->sandbox == NULL)
    self->sandbox = herald_builtin_sandbox_start (self->store, self->speed, error);
  return self->sandbox;
}

HeraldAccount *
herald_send_service_get_default_account (HeraldSendService *self)
{
  GListModel *model = G_LIST_MODEL (self->store);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (HeraldAccount) account = g_list_model_get_item (model, i);

      if (!herald_account_is_sandbox (account))
        return account;
    }
  return herald_account_store_get_sandbox (self->store);
}

static void
client_created (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  HeraldSendService *self = g_task_get_source_object (task);
  HeraldAccount *account = g_task_get_task_data (task);
  HeraldMailjetClient *client;
  GError *error = NULL;

  if (!(client = herald_account_store_create_client_finish (self->store, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_hash_table_replace (self->clients, g_strdup (herald_account_get_id (account)), client);
  g_set_object (&self->last_client, client);
  g_set_object (&self->last_account, account);
  herald_delivery_tracker_set_client (self->tracker, herald_account_get_id (account), client);
  g_task_return_pointer (task, g_object_ref (client), g_object_unref);
}

void
herald_send_service_get_client_async (HeraldSendService *self,
                                      HeraldAccount *account,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  HeraldMailjetClient *client;
  GError *error = NULL;

  g_return_if_fail (HERALD_IS_SEND_SERVICE (self));
  g_return_if_fail (HERALD_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_send_service_get_client_async);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);

  if ((client = g_hash_table_lookup (self->clients, herald_account_get_id (account))))
    {
      g_task_return_pointer (task, g_object_ref (client), g_object_unref);
      return;
    }
  if (herald_account_is_sandbox (account) && !herald_send_service_ensure_sandbox (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  herald_account_store_create_client_async (self->store, account, cancellable, client_created,
                                            g_steal_pointer (&task));
}

HeraldMailjetClient *
herald_send_service_get_client_finish (HeraldSendService *self,
                                       GAsyncResult *result,
                                       GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
herald_send_service_forget_client (HeraldSendService *self, const char *account_id)
{
  g_return_if_fail (HERALD_IS_SEND_SERVICE (self));

  g_hash_table_remove (self->clients, account_id);
  herald_delivery_tracker_set_client (self->tracker, account_id, NULL);
}

static void
resume_client_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldMailjetClient) client = NULL;
  g_autoptr (GError) error = NULL;

  client = herald_send_service_get_client_finish (HERALD_SEND_SERVICE (object), result, &error);
  if (client == NULL)
    g_message ("Deliveries of an account are not followed: %s", error->message);
}

void
herald_send_service_resume (HeraldSendService *self)
{
  GListModel *model = G_LIST_MODEL (self->tracker);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (HeraldDelivery) delivery = g_list_model_get_item (model, i);
      const char *account_id = herald_delivery_get_account_id (delivery);
      HeraldAccount *account;

      /* An "outcome unknown" message needs its client for the Check. */
      if ((herald_delivery_get_finished (delivery) &&
           !herald_delivery_get_outcome_unknown (delivery)) ||
          g_hash_table_contains (seen, account_id))
        continue;
      g_hash_table_add (seen, (gpointer) account_id);
      if ((account = herald_account_store_find (self->store, account_id)))
        herald_send_service_get_client_async (self, account, NULL, resume_client_cb, NULL);
    }
}

/* Sending ----------------------------------------------------------------------------- */

typedef struct
{
  HeraldAccount *account;
  HeraldSendRequest *request;
  HeraldMailjetClient *client;
  HeraldSendResult *before;
  GPtrArray *pending; /* HeraldSendItem still looked up, for recover */
  guint found;
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *send = data;

  g_clear_object (&send->account);
  g_clear_object (&send->request);
  g_clear_object (&send->client);
  g_clear_object (&send->before);
  g_clear_pointer (&send->pending, g_ptr_array_unref);
  g_free (send);
}

static GTask *
new_send_task (HeraldSendService *self,
               HeraldAccount *account,
               HeraldSendRequest *request,
               GCancellable *cancellable,
               GAsyncReadyCallback callback,
               gpointer user_data,
               gpointer tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SendData *send = g_new0 (SendData, 1);

  send->account = g_object_ref (account);
  send->request = g_object_ref (request);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, send, send_data_free);
  return task;
}

static void
track_result (HeraldSendService *self, SendData *send, HeraldSendResult *result)
{
  herald_delivery_tracker_add_result (self->tracker, herald_account_get_id (send->account),
                                      send->request, result);
}

static void
sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  HeraldSendService *self = g_task_get_source_object (task);
  SendData *send = g_task_get_task_data (task);
  HeraldSendResult *sent;
  GError *error = NULL;

  g_set_object (&self->last_client, send->client);
  g_set_object (&self->last_account, send->account);
  if (!(sent = herald_test_send_run_finish (result, &send->before, &error)))
    {
      g_auto (GStrv) unknown = herald_test_send_run_dup_unknown_custom_ids (result);

      /* Earlier calls of a split send did go out: follow them all the same. */
      if (send->before)
        track_result (self, send, send->before);
      /* The call that failed may have gone out: its messages wait for a lookup by CustomID. */
      if (unknown)
        herald_delivery_tracker_add_unknown (self->tracker, herald_account_get_id (send->account),
                                             send->request, (const char *const *) unknown);
      g_task_return_error (task, error);
      return;
    }

  track_result (self, send, sent);
  g_task_return_pointer (task, sent, g_object_unref);
}

static void
send_client_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  HeraldSendService *self = g_task_get_source_object (task);
  SendData *send = g_task_get_task_data (task);
  GError *error = NULL;

  if (!(send->client = herald_send_service_get_client_finish (self, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  herald_test_send_run_async (send->client, send->request, cancellable, sent_cb,
                              g_steal_pointer (&task));
}

typedef struct
{
  HeraldAccount *account;
  HeraldLibrary *library;
  HeraldSendRequest *request;
  gboolean publish_first;
} PrepareData;

static void
prepare_data_free (gpointer data)
{
  PrepareData *prepare = data;

  g_object_unref (prepare->account);
  g_object_unref (prepare->library);
  g_object_unref (prepare->request);
  g_free (prepare);
}

static void
stored_prepared_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  PrepareData *prepare = g_task_get_task_data (task);
  GError *error = NULL;

  if (!herald_stored_send_prepare_finish (result, NULL, &error) ||
      !herald_send_request_build (prepare->request, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
prepare_client_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  PrepareData *prepare = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (HeraldMailjetClient) client = NULL;
  GError *error = NULL;

  if (!(client =
            herald_send_service_get_client_finish (HERALD_SEND_SERVICE (object), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The account's sender, as the Publish dialog uses: the check must agree with it. */
  herald_stored_send_prepare_async (client, prepare->library, prepare->request,
                                    herald_account_get_sender_email (prepare->account),
                                    herald_account_get_sender_name (prepare->account),
                                    prepare->publish_first, cancellable, stored_prepared_cb,
                                    g_steal_pointer (&task));
}

void
herald_send_service_prepare_stored_async (HeraldSendService *self,
                                          HeraldAccount *account,
                                          HeraldLibrary *library,
                                          HeraldSendRequest *request,
                                          gboolean publish_first,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  GTask *task;
  PrepareData *prepare;

  g_return_if_fail (HERALD_IS_SEND_SERVICE (self));
  g_return_if_fail (HERALD_IS_ACCOUNT (account));
  g_return_if_fail (HERALD_IS_LIBRARY (library));
  g_return_if_fail (HERALD_IS_SEND_REQUEST (request));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_send_service_prepare_stored_async);
  prepare = g_new0 (PrepareData, 1);
  prepare->account = g_object_ref (account);
  prepare->library = g_object_ref (library);
  prepare->request = g_object_ref (request);
  prepare->publish_first = publish_first;
  g_task_set_task_data (task, prepare, prepare_data_free);
  herald_send_service_get_client_async (self, account, cancellable, prepare_client_cb, task);
}

gboolean
herald_send_service_prepare_stored_finish (HeraldSendService *self,
                                           GAsyncResult *result,
                                           GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
herald_send_service_send_async (HeraldSendService *self,
                                HeraldAccount *account,
                                HeraldSendRequest *request,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  GTask *task;

  g_return_if_fail (HERALD_IS_SEND_SERVICE (self));
  g_return_if_fail (HERALD_IS_ACCOUNT (account));
  g_return_if_fail (HERALD_IS_SEND_REQUEST (request));

  task = new_send_task (self, account, request, cancellable, callback, user_data,
                        herald_send_service_send_async);
  herald_send_service_get_client_async (self, account, cancellable, send_client_cb, task);
}

HeraldSendResult *
herald_send_service_send_finish (HeraldSendService *self,
                                 GAsyncResult *result,
                                 HeraldSendResult **sent_before_error,
                                 GError **error)
{
  SendData *send;
  HeraldSendResult *ret;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  send = g_task_get_task_data (G_TASK (result));
  ret = g_task_propagate_pointer (G_TASK (result), error);
  if (ret == NULL && sent_before_error && send->before)
    *sent_before_error = g_object_ref (send->before);
  return ret;
}

/* Recovering a send whose outcome is unknown ------------------------------------------ */

static void lookup_next (GTask *task);

static void
lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  HeraldSendService *self = g_task_get_source_object (task);
  SendData *send = g_task_get_task_data (task);
  const HeraldSendItem *item = g_ptr_array_index (send->pending, 0);
  g_autoptr (JsonArray) found = NULL;
  GError *error = NULL;

  found = herald_mailjet_client_find_by_custom_id_finish (send->client, result, &error);
  if (found == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < json_array_get_length (found); i++)
    {
      JsonObject *message = herald_json_array_get_object_or_null (found, i);
      gint64 id = herald_json_object_get_int_or (message, "ID", 0);
      g_autoptr (HeraldDelivery) delivery = NULL;
      HeraldDelivery *unknown;

      if (id <= 0)
        continue;
      /* The "outcome unknown" record of this message gives way to the message itself. */
      unknown = herald_delivery_tracker_find_custom_id (self->tracker, item->custom_id);
      if (unknown && herald_delivery_get_outcome_unknown (unknown))
        herald_delivery_tracker_remove (self->tracker, unknown);
      delivery = herald_delivery_new (
          herald_account_get_id (send->account), id, NULL, item->custom_id, item->recipient,
          item->template_id, item->locale, item->scenario_id, g_get_real_time () / G_USEC_PER_SEC);
      herald_delivery_tracker_add (self->tracker, delivery);
      send->found++;
    }

  g_ptr_array_remove_index (send->pending, 0);
  lookup_next (g_steal_pointer (&task));
}

static void
lookup_next (GTask *task)
{
  SendData *send = g_task_get_task_data (task);
  const HeraldSendItem *item;

  if (send->pending->len == 0)
    {
      g_task_return_int (task, send->found);
      g_object_unref (task);
      return;
    }

  item = g_ptr_array_index (send->pending, 0);
  herald_mailjet_client_find_by_custom_id_async (send->client, item->custom_id,
                                                 g_task_get_cancellable (task), lookup_cb, task);
}

static void
recover_client_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  HeraldSendService *self = g_task_get_source_object (task);
  SendData *send = g_task_get_task_data (task);
  GError *error = NULL;

  if (!(send->client = herald_send_service_get_client_finish (self, result, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  send->pending = g_ptr_array_new ();
  for (guint i = 0; i < herald_send_request_get_n_items (send->request); i++)
    g_ptr_array_add (send->pending, (gpointer) herald_send_request_get_item (send->request, i));
  lookup_next (task);
}

void
herald_send_service_recover_async (HeraldSendService *self,
                                   HeraldAccount *account,
                                   HeraldSendRequest *request,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  GTask *task;

  g_return_if_fail (HERALD_IS_SEND_SERVICE (self));

  task = new_send_task (self, account, request, cancellable, callback, user_data,
                        herald_send_service_recover_async);
  herald_send_service_get_client_async (self, account, cancellable, recover_client_cb, task);
}

gssize
herald_send_service_recover_finish (HeraldSendService *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

static char *
account_label (HeraldAccount *account)
{
  if (account && herald_account_is_sandbox (account))
    return g_strdup_printf (_ ("%s (simulated)"), herald_account_get_name (account));
  return g_strdup (account ? herald_account_get_name (account) : "");
}

void
herald_send_service_show_accounts (HeraldSendService *self, AdwComboRow *row)
{
  g_autoptr (GtkExpression) expression = NULL;

  g_return_if_fail (HERALD_IS_SEND_SERVICE (self));
  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (account_label), NULL, NULL);
  adw_combo_row_set_expression (row, expression);
  adw_combo_row_set_model (row, G_LIST_MODEL (herald_send_service_get_account_store (self)));
  herald_send_service_select_account (self, row, herald_send_service_get_default_account (self));
}

void
herald_send_service_select_account (HeraldSendService *self,
                                    AdwComboRow *row,
                                    HeraldAccount *account)
{
  GListModel *store;

  g_return_if_fail (HERALD_IS_SEND_SERVICE (self));
  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  store = G_LIST_MODEL (herald_send_service_get_account_store (self));
  for (guint i = 0; account != NULL && i < g_list_model_get_n_items (store); i++)
    {
      g_autoptr (HeraldAccount) item = g_list_model_get_item (store, i);

      if (item == account)
        adw_combo_row_set_selected (row, i);
    }
}
