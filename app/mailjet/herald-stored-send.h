/* herald-stored-send.h: before a test send "as production" (by TemplateID), make sure the
 * templates stored on the account are what the library holds.
 *
 * The comparison is publishing's own dry run for the (template, locale) pairs of the send, so
 * "unchanged" means exactly what `herald-cli publish --dry-run` says it means.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-library.h"
#include "herald-mailjet-client.h"
#include "herald-publish.h"
#include "herald-send-request.h"

G_BEGIN_DECLS

/* Compares the stored templates of @request's (template, locale) pairs with the library.
 * When all are unchanged, gives @request their TemplateIDs. Otherwise, with @publish_first
 * the ones that differ are published (nothing else is written) and then given; without it
 * the result is FALSE with HERALD_MAILJET_ERROR_STORED_OUTDATED, a message naming what
 * differs, and nothing written. The sender is the library's From, else @fallback_from_*
 * (the account's sender, as publishing uses). */
void herald_stored_send_prepare_async (HeraldMailjetClient *client,
                                       HeraldLibrary *library,
                                       HeraldSendRequest *request,
                                       const char *fallback_from_email,
                                       const char *fallback_from_name,
                                       gboolean publish_first,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
/* @publish (optional) receives the rows of the comparison or of the publish, also on
 * failure once they exist. */
gboolean
herald_stored_send_prepare_finish (GAsyncResult *result, HeraldPublish **publish, GError **error);

G_END_DECLS
