/* herald-account-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-account.h"
#include "herald-mailjet-client.h"

G_BEGIN_DECLS

/* The Sandbox's credentials are fixed public strings, not secrets. */
#define HERALD_SANDBOX_API_KEY "sandbox"
#define HERALD_SANDBOX_SECRET_KEY "sandbox"

#define HERALD_TYPE_ACCOUNT_STORE (herald_account_store_get_type ())

/* A GListModel of HeraldAccount: the built-in Sandbox first, then the user's accounts. */
G_DECLARE_FINAL_TYPE (HeraldAccountStore, herald_account_store, HERALD, ACCOUNT_STORE, GObject)

/* @path: the JSON account list, NULL for g_get_user_config_dir()/herald/accounts.json. */
HeraldAccountStore *herald_account_store_new (const char *path);
gboolean herald_account_store_load (HeraldAccountStore *self, GError **error);
gboolean herald_account_store_save (HeraldAccountStore *self, GError **error);
HeraldAccount *herald_account_store_get_sandbox (HeraldAccountStore *self);
/* The embedding program starts a HeraldSandbox and tells the store where it listens. */
void herald_account_store_set_sandbox_endpoint (HeraldAccountStore *self,
                                                const char *base_url,
                                                const char *certificate_file);
/* By id, or by name (case-insensitive). */
HeraldAccount *herald_account_store_find (HeraldAccountStore *self, const char *id_or_name);
gboolean herald_account_store_rename (HeraldAccountStore *self,
                                      HeraldAccount *account,
                                      const char *name,
                                      GError **error);

/* Stores key and secret together in the keyring, then saves the list. */
void herald_account_store_add_async (HeraldAccountStore *self,
                                     HeraldAccount *account,
                                     const char *api_key,
                                     const char *secret_key,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean
herald_account_store_add_finish (HeraldAccountStore *self, GAsyncResult *result, GError **error);
/* Clears the secret, then removes the account from the list. */
void herald_account_store_remove_async (HeraldAccountStore *self,
                                        HeraldAccount *account,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gboolean
herald_account_store_remove_finish (HeraldAccountStore *self, GAsyncResult *result, GError **error);
/* A client with the account's URL, trust, pin and credentials: from the keyring, or from
 * MAILJET_API_KEY/MAILJET_SECRET_KEY when the keyring has none (CI). */
void herald_account_store_create_client_async (HeraldAccountStore *self,
                                               HeraldAccount *account,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
HeraldMailjetClient *herald_account_store_create_client_finish (HeraldAccountStore *self,
                                                                GAsyncResult *result,
                                                                GError **error);
/* Whether the keyring holds a secret for this account. */
void herald_account_store_has_secret_async (HeraldAccountStore *self,
                                            HeraldAccount *account,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data);
gboolean herald_account_store_has_secret_finish (HeraldAccountStore *self,
                                                 GAsyncResult *result,
                                                 GError **error);

G_END_DECLS
