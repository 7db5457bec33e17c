/* herald-sandbox-private.h: the pieces behind HeraldSandbox (certificate, JSON dialects,
 * message store), kept apart from the HTTP plumbing so each can be read on its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "herald-sandbox.h"

G_BEGIN_DECLS

/* herald-sandbox-cert.c */

/* A fresh ECDSA P-256 key and a self-signed certificate for 127.0.0.1, ::1 and localhost,
 * both PEM-encoded (the key as unencrypted PKCS#8). */
gboolean
herald_sandbox_cert_generate (char **certificate_pem, char **private_key_pem, GError **error);

/* herald-sandbox-json.c */

/* Mailjet answers in two dialects: the legacy v3 REST one ({ "Count" : 1 }, "\/" escaped,
 * Content-Type "application/json") and the newer compact one ({"Count":1},
 * "application/json; charset=UTF-8" and an X-Mj-Request-Guid header). */
typedef enum
{
  HERALD_SANDBOX_STYLE_LEGACY,
  HERALD_SANDBOX_STYLE_MODERN,
} HeraldSandboxStyle;

char *herald_sandbox_json_write (JsonNode *node, HeraldSandboxStyle style);
/* Members are added in the order given, as Mailjet sorts them. */
JsonNode *herald_sandbox_json_envelope (JsonArray *data, guint total);
JsonNode *herald_sandbox_json_legacy_error (const char *info, const char *message, guint status);
JsonNode *herald_sandbox_json_identified_error (const char *message, guint status);

/* herald-sandbox-rest-dns.c */

/* The DKIM key the Sandbox "signs" with (DKIMRecordValue of every /dns record). */
#define HERALD_SANDBOX_DKIM_VALUE                                                                  \
  "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC5heraldsandboxAAAAB3NzaC1yc2EAAAADAQABAAABAQ"

/* The store (herald-sandbox-store.c) and what answers from it: the Send API
 * (herald-sandbox-send.c) and the REST resources (herald-sandbox-router.c). */

/* What a resource handler answers. body is NULL for an empty body. */
typedef struct
{
  guint status;
  HeraldSandboxStyle style;
  JsonNode *body;
} HeraldSandboxReply;

void herald_sandbox_reply_clear (HeraldSandboxReply *reply);

typedef struct _HeraldSandboxStore HeraldSandboxStore;

HeraldSandboxStore *herald_sandbox_store_new (void);
void herald_sandbox_store_free (HeraldSandboxStore *store);
void herald_sandbox_store_set_base_url (HeraldSandboxStore *store, const char *base_url);
void herald_sandbox_store_set_speed (HeraldSandboxStore *store, double speed);
/* NULL: g_get_monotonic_time(). Messages already stored keep their place on the old clock's
 * scale, so set it before the first send. */
void
herald_sandbox_store_set_clock (HeraldSandboxStore *store, HeraldClock clock, gpointer user_data);
void herald_sandbox_store_set_visibility_delay (HeraldSandboxStore *store, double seconds);
void herald_sandbox_store_set_api_key (HeraldSandboxStore *store, const char *api_key);
/* At most cap messages are kept (at least 1); beyond it the oldest go, with their history. */
void herald_sandbox_store_set_message_cap (HeraldSandboxStore *store, guint cap);
guint herald_sandbox_store_count_messages (HeraldSandboxStore *store);
/* How many message objects the list endpoints have written out so far (tests of paging). */
guint herald_sandbox_store_count_serialised (HeraldSandboxStore *store);
void
herald_sandbox_store_add_sender (HeraldSandboxStore *store, const char *email, const char *name);
char *herald_sandbox_store_dup_messages_json (HeraldSandboxStore *store);

/* Every handler takes the request's method, the path segments after "/v3/REST/" (or the
 * whole path for the send calls), the decoded query (may be NULL) and the request body. */
void herald_sandbox_store_send_v31 (HeraldSandboxStore *store,
                                    const char *body,
                                    gsize length,
                                    HeraldSandboxReply *reply);
void herald_sandbox_store_send_v3 (HeraldSandboxStore *store,
                                   const char *body,
                                   gsize length,
                                   HeraldSandboxReply *reply);
/* Returns FALSE when the resource is not one the sandbox knows (the caller answers 404). */
gboolean herald_sandbox_store_rest (HeraldSandboxStore *store,
                                    const char *method,
                                    char **segments,
                                    GHashTable *query,
                                    const char *body,
                                    gsize length,
                                    HeraldSandboxReply *reply);

G_END_DECLS
