/* herald-send-service.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-account-store.h"
#include "herald-library.h"
#include "herald-delivery-tracker.h"
#include "herald-mailjet-client.h"
#include "herald-sandbox.h"
#include "herald-send-request.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SEND_SERVICE (herald_send_service_get_type ())

/* The long-lived side of test sends: the accounts, one client per account, the in-process
 * Sandbox (started on first use) and the tracker that follows every accepted message. */
G_DECLARE_FINAL_TYPE (HeraldSendService, herald_send_service, HERALD, SEND_SERVICE, GObject)

/* NULL paths: the user's accounts.json and deliveries.json. */
HeraldSendService *herald_send_service_new (const char *accounts_path, const char *deliveries_path);
HeraldAccountStore *herald_send_service_get_account_store (HeraldSendService *self);
HeraldDeliveryTracker *herald_send_service_get_tracker (HeraldSendService *self);
HeraldSandbox *herald_send_service_get_sandbox (HeraldSendService *self);
/* Starts the Sandbox now if it is not running. */
HeraldSandbox *herald_send_service_ensure_sandbox (HeraldSendService *self, GError **error);
/* The account a new send uses: the first Mailjet account, else the Sandbox. */
HeraldAccount *herald_send_service_get_default_account (HeraldSendService *self);
/* The client that answered last (for the connection details), or NULL. */
HeraldMailjetClient *herald_send_service_get_last_client (HeraldSendService *self);
HeraldAccount *herald_send_service_get_last_account (HeraldSendService *self);
/* Gives the saved deliveries that were still being followed their clients again. */
void herald_send_service_resume (HeraldSendService *self);

void herald_send_service_get_client_async (HeraldSendService *self,
                                           HeraldAccount *account,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
HeraldMailjetClient *herald_send_service_get_client_finish (HeraldSendService *self,
                                                            GAsyncResult *result,
                                                            GError **error);
/* After an account's key changed or the account went away. */
void herald_send_service_forget_client (HeraldSendService *self, const char *account_id);

/* Sends a built request and follows every message Mailjet accepted. */
void herald_send_service_send_async (HeraldSendService *self,
                                     HeraldAccount *account,
                                     HeraldSendRequest *request,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
HeraldSendResult *herald_send_service_send_finish (HeraldSendService *self,
                                                   GAsyncResult *result,
                                                   HeraldSendResult **sent_before_error,
                                                   GError **error);

/* Before a send as production (HERALD_SEND_MODE_STORED, not built yet): checks the stored
 * templates against @library, publishing what differs first if @publish_first, then builds
 * @request. See herald_stored_send_prepare_async() for the errors. */
void herald_send_service_prepare_stored_async (HeraldSendService *self,
                                               HeraldAccount *account,
                                               HeraldLibrary *library,
                                               HeraldSendRequest *request,
                                               gboolean publish_first,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
gboolean herald_send_service_prepare_stored_finish (HeraldSendService *self,
                                                    GAsyncResult *result,
                                                    GError **error);

/* Looks the messages of a send whose outcome is unknown up by their CustomID, and follows
 * those Mailjet has. Returns how many were found. */
void herald_send_service_recover_async (HeraldSendService *self,
                                        HeraldAccount *account,
                                        HeraldSendRequest *request,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gssize
herald_send_service_recover_finish (HeraldSendService *self, GAsyncResult *result, GError **error);

/* Lists the service's accounts in row (the Sandbox marked as simulated) and selects the
 * default account. */
void herald_send_service_show_accounts (HeraldSendService *self, AdwComboRow *row);
/* Selects account in a row that herald_send_service_show_accounts() filled. */
void herald_send_service_select_account (HeraldSendService *self,
                                         AdwComboRow *row,
                                         HeraldAccount *account);

G_END_DECLS
