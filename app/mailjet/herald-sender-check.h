/* herald-sender-check.h: a sender check for an address or a domain on one account: Mailjet's
 * view (sender status, /dns record and live check) and the public DNS (GResolver), turned
 * into findings by herald-sender-rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "herald-mailjet-client.h"
#include "herald-sender-rules.h"

G_BEGIN_DECLS

#define HERALD_SENDER_CHECK_ERROR (herald_sender_check_error_quark ())

typedef enum
{
  HERALD_SENDER_CHECK_ERROR_INVALID, /* not an address or a domain */
  HERALD_SENDER_CHECK_ERROR_DNS,     /* the DNS did not answer (timeout, no network) */
  HERALD_SENDER_CHECK_ERROR_MAILJET, /* Mailjet did not answer (401, network…) */
} HeraldSenderCheckError;

GQuark herald_sender_check_error_quark (void);

#define HERALD_TYPE_SENDER_CHECK (herald_sender_check_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSenderCheck, herald_sender_check, HERALD, SENDER_CHECK, GObject)

/* @client may be NULL: then only the public DNS is checked. */
HeraldSenderCheck *herald_sender_check_new (HeraldMailjetClient *client,
                                            const char *address_or_domain,
                                            GError **error);
const char *herald_sender_check_get_address (HeraldSenderCheck *self);
const char *herald_sender_check_get_domain (HeraldSenderCheck *self);

void herald_sender_check_run_async (HeraldSenderCheck *self,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean
herald_sender_check_run_finish (HeraldSenderCheck *self, GAsyncResult *result, GError **error);

/* After a successful run: HeraldSenderFinding, most severe first. */
GPtrArray *herald_sender_check_get_findings (HeraldSenderCheck *self);
HeraldSeverity herald_sender_check_get_verdict (HeraldSenderCheck *self);
/* Mailjet's sender ID covering the address, 0 when none; its status or NULL. */
gint64 herald_sender_check_get_sender_id (HeraldSenderCheck *self);
const char *herald_sender_check_get_sender_status (HeraldSenderCheck *self);
/* Mailjet's own live check, "OK"/"Error"/"Not checked", or NULL when not asked. */
const char *herald_sender_check_get_mailjet_spf_status (HeraldSenderCheck *self);
const char *herald_sender_check_get_mailjet_dkim_status (HeraldSenderCheck *self);
JsonNode *herald_sender_check_to_json (HeraldSenderCheck *self);

/* POST /v3/REST/sender/{id}/validate: a sentence saying what happened. */
void herald_sender_check_validate_async (HeraldSenderCheck *self,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
char *
herald_sender_check_validate_finish (HeraldSenderCheck *self, GAsyncResult *result, GError **error);

/* The TXT records of a g_resolver_lookup_records() answer, one string per record: its
 * character-strings joined without spaces (RFC 7208 §3.3), as herald-sender-rules.h wants
 * them. */
char **herald_txt_records_join (GList *records);

G_END_DECLS
