/* test-keyring.c: accounts and their keys in a real keyring (gnome-keyring over D-Bus).
 *
 * Run inside a private D-Bus session with an unlocked gnome-keyring (build-aux/test-session).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsecret/secret.h>

#include "herald-account-store.h"
#include "mailjet-test-util.h"

#define SECRET "s3cr3t-keyring-test-7f1e"

static const SecretSchema *
schema (void)
{
  static const SecretSchema s = { "io.github.heraldapp.Herald.Account",
                                  SECRET_SCHEMA_NONE,
                                  { { "account", SECRET_SCHEMA_ATTRIBUTE_STRING } } };
  return &s;
}

static gboolean
keyring_available (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);

  if (service == NULL)
    {
      g_test_fail_printf (
          "No Secret Service on the session bus: run inside build-aux/test-session");
      return FALSE;
    }
  return TRUE;
}

static void
test_store_lookup_remove (void)
{
  g_autoptr (HeraldAccountStore) store = herald_account_store_new (NULL);
  g_autoptr (HeraldAccountStore) reloaded = herald_account_store_new (NULL);
  g_autoptr (HeraldAccount) account =
      herald_account_new ("Production", HERALD_ACCOUNT_REGION_US, NULL);
  g_autoptr (GAsyncResult) added = NULL;
  g_autoptr (GAsyncResult) removed = NULL;
  g_autoptr (GAsyncResult) created = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldMailjetClient) client = NULL;
  g_autofree char *path =
      g_build_filename (g_get_user_config_dir (), "herald", "accounts.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *password = NULL;
  g_autofree char *id = NULL;

  if (!keyring_available ())
    return;

  herald_account_store_add_async (store, account, "public-key-1", SECRET, NULL,
                                  mailjet_test_wait_cb, &added);
  g_assert_true (herald_account_store_add_finish (store, mailjet_test_wait (&added), &error));
  g_assert_no_error (error);
  id = g_strdup (herald_account_get_id (account));

  /* The list holds no key; the keyring holds both, under the account id only. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strstr (text, SECRET));
  g_assert_null (strstr (text, "public-key-1"));
  g_assert_nonnull (strstr (text, "\"region\": \"us\""));
  password = secret_password_lookup_sync (schema (), NULL, &error, "account", id, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (password, SECRET));
  g_assert_nonnull (strstr (password, "public-key-1"));

  g_assert_true (herald_account_store_load (reloaded, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);
  g_assert_nonnull (herald_account_store_find (reloaded, "production"));
  g_assert_cmpstr (herald_account_get_base_url (herald_account_store_find (reloaded, id)), ==,
                   "https://api.us.mailjet.com");

  g_unsetenv ("MAILJET_API_KEY");
  g_unsetenv ("MAILJET_SECRET_KEY");
  herald_account_store_create_client_async (reloaded, herald_account_store_find (reloaded, id),
                                            NULL, mailjet_test_wait_cb, &created);
  client =
      herald_account_store_create_client_finish (reloaded, mailjet_test_wait (&created), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_mailjet_client_get_base_url (client), ==, "https://api.us.mailjet.com");

  herald_account_store_remove_async (store, account, NULL, mailjet_test_wait_cb, &removed);
  g_assert_true (herald_account_store_remove_finish (store, mailjet_test_wait (&removed), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  g_clear_pointer (&password, g_free);
  password = secret_password_lookup_sync (schema (), NULL, &error, "account", id, NULL);
  g_assert_no_error (error);
  g_assert_null (password);
}

static void
test_nothing_left_behind (void)
{
  g_autoptr (HeraldAccountStore) store = herald_account_store_new (NULL);
  g_autoptr (GAsyncResult) created = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldMailjetClient) client = NULL;
  g_autoptr (HeraldAccount) account = herald_account_new ("Gone", HERALD_ACCOUNT_REGION_EU, NULL);
  g_autoptr (GAsyncResult) added = NULL;
  g_autoptr (GAsyncResult) removed = NULL;
  GList *items;

  if (!keyring_available ())
    return;

  herald_account_store_add_async (store, account, "k", SECRET "-2", NULL, mailjet_test_wait_cb,
                                  &added);
  g_assert_true (herald_account_store_add_finish (store, mailjet_test_wait (&added), &error));
  herald_account_store_remove_async (store, account, NULL, mailjet_test_wait_cb, &removed);
  g_assert_true (herald_account_store_remove_finish (store, mailjet_test_wait (&removed), &error));

  /* No item of Herald's schema is left for this account. */
  items = secret_password_search_sync (schema (), SECRET_SEARCH_ALL, NULL, &error, "account",
                                       herald_account_get_id (account), NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 0);
  g_list_free_full (items, g_object_unref);

  /* Without a keyring entry and without the environment: a clear error. */
  g_unsetenv ("MAILJET_API_KEY");
  g_unsetenv ("MAILJET_SECRET_KEY");
  herald_account_store_create_client_async (store, account, NULL, mailjet_test_wait_cb, &created);
  client = herald_account_store_create_client_finish (store, mailjet_test_wait (&created), &error);
  g_assert_null (client);
  g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NO_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "MAILJET_API_KEY"));
}

static void
test_sandbox_builtin (void)
{
  g_autoptr (HeraldAccountStore) store = herald_account_store_new (NULL);
  g_autoptr (GAsyncResult) removed = NULL;
  g_autoptr (GError) error = NULL;
  HeraldAccount *sandbox = herald_account_store_get_sandbox (store);

  g_assert_true (herald_account_is_sandbox (sandbox));
  g_assert_true (herald_account_store_find (store, "sandbox") == sandbox);
  herald_account_store_remove_async (store, sandbox, NULL, mailjet_test_wait_cb, &removed);
  g_assert_false (herald_account_store_remove_finish (store, mailjet_test_wait (&removed), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/herald/mailjet/keyring/store-lookup-remove", test_store_lookup_remove);
  g_test_add_func ("/herald/mailjet/keyring/nothing-left-behind", test_nothing_left_behind);
  g_test_add_func ("/herald/mailjet/keyring/sandbox-builtin", test_sandbox_builtin);

  return g_test_run ();
}
