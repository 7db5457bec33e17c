/* herald-account-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-accounts"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "herald-account-store.h"
#include "herald-file-util.h"
#include "herald-json-util.h"

struct _HeraldAccountStore
{
  GObject parent_instance;
  char *path;
  HeraldAccount *sandbox;
  GPtrArray *accounts; /* sandbox first */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldAccountStore,
                               herald_account_store,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Nothing secret in attributes: only which account the item belongs to. */
static const SecretSchema *
account_schema (void)
{
  static const SecretSchema schema = { "io.github.heraldapp.Herald.Account",
                                       SECRET_SCHEMA_NONE,
                                       {
                                           { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                       } };

  return &schema;
}

static GType
get_item_type (GListModel *model)
{
  return HERALD_TYPE_ACCOUNT;
}

static guint
get_n_items (GListModel *model)
{
  return HERALD_ACCOUNT_STORE (model)->accounts->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  HeraldAccountStore *self = HERALD_ACCOUNT_STORE (model);

  if (position >= self->accounts->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
herald_account_store_finalize (GObject *object)
{
  HeraldAccountStore *self = (HeraldAccountStore *) object;

  g_free (self->path);
  g_clear_object (&self->sandbox);
  g_ptr_array_unref (self->accounts);

  G_OBJECT_CLASS (herald_account_store_parent_class)->finalize (object);
}

static void
herald_account_store_class_init (HeraldAccountStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_account_store_finalize;
}

static void
herald_account_store_init (HeraldAccountStore *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->sandbox = herald_account_new (_ ("Sandbox"), HERALD_ACCOUNT_REGION_SANDBOX, NULL);
  herald_account_set_sender (self->sandbox, "alerts@example.com", "Herald Sandbox");
  g_ptr_array_add (self->accounts, g_object_ref (self->sandbox));
}

HeraldAccountStore *
herald_account_store_new (const char *path)
{
  HeraldAccountStore *self = g_object_new (HERALD_TYPE_ACCOUNT_STORE, NULL);

  self->path = path ? g_strdup (path)
                    : g_build_filename (g_get_user_config_dir (), "herald", "accounts.json", NULL);
  return self;
}

gboolean
herald_account_store_load (HeraldAccountStore *self, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode *list;
  guint removed;

  g_return_val_if_fail (HERALD_IS_ACCOUNT_STORE (self), FALSE);

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    return TRUE;

  if (!(root = herald_json_parse_file (self->path, &local_error)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The account list %s cannot be read: %s"), self->path, local_error->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !(list = json_object_get_member (json_node_get_object (root), "accounts")) ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The account list %s is not in the expected format."), self->path);
      return FALSE;
    }

  removed = self->accounts->len - 1;
  g_ptr_array_set_size (self->accounts, 1);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonObject *object = json_array_get_object_element (json_node_get_array (list), i);
      HeraldAccount *account;

      if (object == NULL)
        continue;
      if (!(account = herald_account_new_from_json (object, &local_error)))
        {
          g_warning ("%s: %s", self->path, local_error->message);
          g_clear_error (&local_error);
          continue;
        }
      g_ptr_array_add (self->accounts, account);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), 1, removed, self->accounts->len - 1);

  return TRUE;
}

gboolean
herald_account_store_save (HeraldAccountStore *self, GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (HERALD_IS_ACCOUNT_STORE (self), FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 1; i < self->accounts->len; i++)
    json_builder_add_value (builder,
                            herald_account_to_json (g_ptr_array_index (self->accounts, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return herald_json_write_state_file (self->path, root, error);
}

HeraldAccount *
herald_account_store_get_sandbox (HeraldAccountStore *self)
{
  g_return_val_if_fail (HERALD_IS_ACCOUNT_STORE (self), NULL);
  return self->sandbox;
}

void
herald_account_store_set_sandbox_endpoint (HeraldAccountStore *self,
                                           const char *base_url,
                                           const char *certificate_file)
{
  g_return_if_fail (HERALD_IS_ACCOUNT_STORE (self));

  herald_account_set_base_url (self->sandbox, base_url);
  herald_account_set_ca_file (self->sandbox, certificate_file);
}

HeraldAccount *
herald_account_store_find (HeraldAccountStore *self, const char *id_or_name)
{
  g_return_val_if_fail (HERALD_IS_ACCOUNT_STORE (self), NULL);

  if (id_or_name == NULL)
    return NULL;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      HeraldAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (herald_account_get_id (account), id_or_name) == 0 ||
          g_ascii_strcasecmp (herald_account_get_name (account), id_or_name) == 0)
        return account;
    }
  return NULL;
}

static gboolean
check_name (HeraldAccountStore *self, HeraldAccount *account, const char *name, GError **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name ? name : ""));
  HeraldAccount *other;

  if (*stripped == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("An account needs a name."));
      return FALSE;
    }
  other = herald_account_store_find (self, name);
  if (other && other != account)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _ ("There is already an account named “%s”."), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
herald_account_store_rename (HeraldAccountStore *self,
                             HeraldAccount *account,
                             const char *name,
                             GError **error)
{
  g_return_val_if_fail (HERALD_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (HERALD_IS_ACCOUNT (account), FALSE);

  if (herald_account_is_sandbox (account))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _ ("The built-in Sandbox account cannot be renamed."));
      return FALSE;
    }
  if (!check_name (self, account, name, error))
    return FALSE;
  herald_account_set_name (account, name);

  return herald_account_store_save (self, error);
}

static char *
account_label (HeraldAccount *account)
{
  return g_strdup_printf (_ ("Mailjet API key for Herald account “%s”"),
                          herald_account_get_name (account));
}

static char *
encode_credentials (const char *api_key, const char *secret_key)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiKey");
  json_builder_add_string_value (builder, api_key);
  json_builder_set_member_name (builder, "secretKey");
  json_builder_add_string_value (builder, secret_key);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static gboolean
decode_credentials (const char *text, char **api_key, char **secret_key)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *key;
  const char *secret;

  if (!herald_json_parser_load (parser, text, -1, NULL) ||
      (object = herald_json_parser_get_object (parser)) == NULL)
    return FALSE;
  key = json_object_get_string_member_with_default (object, "apiKey", NULL);
  secret = json_object_get_string_member_with_default (object, "secretKey", NULL);
  if (key == NULL || secret == NULL)
    return FALSE;

  *api_key = g_strdup (key);
  *secret_key = g_strdup (secret);
  return TRUE;
}

/* Adding, removing and opening a client all run as a task that holds the account. */
static GTask *
account_task_new (HeraldAccountStore *self,
                  HeraldAccount *account,
                  gpointer source_tag,
                  GCancellable *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);
  return task;
}

/* The list changed: the task is done once the account list is saved. */
static void
save_and_return (GTask *task)
{
  HeraldAccountStore *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;

  if (!herald_account_store_save (self, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Add ------------------------------------------------------------------------------------- */

static void
store_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  HeraldAccountStore *self = g_task_get_source_object (task);
  HeraldAccount *account = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_new_error (task, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NO_CREDENTIALS,
                               _ ("The API key could not be stored in the keyring: %s"),
                               error->message);
      return;
    }

  if (herald_account_store_find (self, herald_account_get_id (account)) == NULL)
    {
      g_ptr_array_add (self->accounts, g_object_ref (account));
      g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);
    }

  save_and_return (task);
}

void
herald_account_store_add_async (HeraldAccountStore *self,
                                HeraldAccount *account,
                                const char *api_key,
                                const char *secret_key,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  char *secret;

  g_return_if_fail (HERALD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (HERALD_IS_ACCOUNT (account));

  task = account_task_new (self, account, herald_account_store_add_async, cancellable, callback,
                           user_data);

  if (herald_account_is_sandbox (account))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _ ("The Sandbox account is built in and needs no key."));
      return;
    }
  if (!check_name (self, account, herald_account_get_name (account), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (api_key == NULL || *api_key == 0 || secret_key == NULL || *secret_key == 0)
    {
      g_task_return_new_error (task, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NO_CREDENTIALS,
                               _ ("An account needs both its API key and its secret key."));
      return;
    }

  label = account_label (account);
  secret = encode_credentials (api_key, secret_key);
  secret_password_store (account_schema (), SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                         store_done, g_steal_pointer (&task), "account",
                         herald_account_get_id (account), NULL);
  secret_password_wipe (secret);
  g_free (secret);
}

gboolean
herald_account_store_add_finish (HeraldAccountStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Remove ---------------------------------------------------------------------------------- */

static void
clear_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  HeraldAccountStore *self = g_task_get_source_object (task);
  HeraldAccount *account = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  guint position;

  /* FALSE without error means there was nothing to clear: fine. */
  secret_password_clear_finish (result, &error);
  if (error)
    {
      g_task_return_new_error (
          task, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NO_CREDENTIALS,
          _ ("The API key could not be removed from the keyring, so the account was kept: %s"),
          error->message);
      return;
    }

  if (g_ptr_array_find (self->accounts, account, &position))
    {
      g_ptr_array_remove_index (self->accounts, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }

  save_and_return (task);
}

void
herald_account_store_remove_async (HeraldAccountStore *self,
                                   HeraldAccount *account,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (HERALD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (HERALD_IS_ACCOUNT (account));

  task = account_task_new (self, account, herald_account_store_remove_async, cancellable, callback,
                           user_data);

  if (herald_account_is_sandbox (account))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _ ("The built-in Sandbox account cannot be removed."));
      return;
    }

  secret_password_clear (account_schema (), cancellable, clear_done, g_steal_pointer (&task),
                         "account", herald_account_get_id (account), NULL);
}

gboolean
herald_account_store_remove_finish (HeraldAccountStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Credentials ------------------------------------------------------------------------------ */

static HeraldMailjetClient *
make_client (HeraldAccount *account, const char *api_key, const char *secret_key, GError **error)
{
  g_autoptr (HeraldMailjetClient) client = NULL;
  const char *url = herald_account_get_base_url (account);

  if (url == NULL)
    {
      g_set_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NETWORK,
                   _ ("The account “%s” has no address yet (is the Sandbox running?)."),
                   herald_account_get_name (account));
      return NULL;
    }

  client = herald_mailjet_client_new (url, api_key, secret_key);
  if (herald_account_get_ca_file (account) &&
      !herald_mailjet_client_set_trusted_certificate_file (
          client, herald_account_get_ca_file (account), error))
    return NULL;
  herald_mailjet_client_set_pin (client, herald_account_get_pin (account));

  return g_steal_pointer (&client);
}

static void
return_client (GTask *task, const char *api_key, const char *secret_key)
{
  HeraldAccount *account = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  HeraldMailjetClient *client = make_client (account, api_key, secret_key, &error);

  if (client)
    g_task_return_pointer (task, client, g_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
lookup_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  HeraldAccount *account = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *api_key = NULL;
  g_autofree char *secret_key = NULL;
  char *secret;
  gboolean found = FALSE;

  secret = secret_password_lookup_finish (result, &error);
  if (secret)
    {
      found = decode_credentials (secret, &api_key, &secret_key);
      secret_password_free (secret);
    }
  else if (error)
    g_debug ("Keyring lookup failed: %s", error->message);

  /* CI has no keyring: take the pair from the environment. */
  if (!found && g_getenv ("MAILJET_API_KEY") && g_getenv ("MAILJET_SECRET_KEY"))
    {
      api_key = g_strdup (g_getenv ("MAILJET_API_KEY"));
      secret_key = g_strdup (g_getenv ("MAILJET_SECRET_KEY"));
      found = *api_key && *secret_key;
    }

  if (!found)
    {
      g_task_return_new_error (task, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NO_CREDENTIALS,
                               _ ("No API key is stored for the account “%s”. Add the account "
                                  "again, or set MAILJET_API_KEY and MAILJET_SECRET_KEY."),
                               herald_account_get_name (account));
      return;
    }

  return_client (task, api_key, secret_key);
  memset (secret_key, 0, strlen (secret_key));
}

void
herald_account_store_create_client_async (HeraldAccountStore *self,
                                          HeraldAccount *account,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (HERALD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (HERALD_IS_ACCOUNT (account));

  task = account_task_new (self, account, herald_account_store_create_client_async, cancellable,
                           callback, user_data);

  if (herald_account_is_sandbox (account))
    {
      return_client (task, HERALD_SANDBOX_API_KEY, HERALD_SANDBOX_SECRET_KEY);
      return;
    }

  secret_password_lookup (account_schema (), cancellable, lookup_done, g_steal_pointer (&task),
                          "account", herald_account_get_id (account), NULL);
}

HeraldMailjetClient *
herald_account_store_create_client_finish (HeraldAccountStore *self,
                                           GAsyncResult *result,
                                           GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
has_secret_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, secret != NULL);
  if (secret)
    secret_password_free (secret);
}

void
herald_account_store_has_secret_async (HeraldAccountStore *self,
                                       HeraldAccount *account,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  GTask *task;

  g_return_if_fail (HERALD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (HERALD_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_account_store_has_secret_async);
  secret_password_lookup (account_schema (), cancellable, has_secret_done, task, "account",
                          herald_account_get_id (account), NULL);
}

gboolean
herald_account_store_has_secret_finish (HeraldAccountStore *self,
                                        GAsyncResult *result,
                                        GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
