/* herald-test-send.h: what the app and herald-cli share to send a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-account-store.h"
#include "herald-library.h"
#include "herald-mailjet-client.h"
#include "herald-send-request.h"
#include "herald-send-result.h"

G_BEGIN_DECLS

/* Adds one variant per locale × scenario. Each locale other than the source locale is
 * localized with the library's po/<locale>.po; a missing catalogue sends the source text.
 * @scenarios holds HeraldScenario (none: the template's first, if any). */
gboolean herald_test_send_add_variants (HeraldSendRequest *request,
                                        HeraldLibrary *library,
                                        HeraldTemplate *template,
                                        const char *const *locales,
                                        GPtrArray *scenarios,
                                        GError **error);

/* Sends every call of a built request one after the other; stops at the first call that
 * fails. *n_sent_before_error tells how many messages earlier calls had sent. */
void herald_test_send_run_async (HeraldMailjetClient *client,
                                 HeraldSendRequest *request,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
HeraldSendResult *herald_test_send_run_finish (GAsyncResult *result,
                                               HeraldSendResult **sent_before_error,
                                               GError **error);

/* After a failed run: the CustomIDs of the call whose outcome is unknown (it may have gone
 * out), or NULL when the error proves nothing of that call was sent. */
char **herald_test_send_run_dup_unknown_custom_ids (GAsyncResult *result);

G_END_DECLS
