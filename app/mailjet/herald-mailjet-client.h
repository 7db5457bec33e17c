/* herald-mailjet-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "herald-send-result.h"
#include "herald-tls-info.h"

G_BEGIN_DECLS

#define HERALD_MAILJET_ERROR (herald_mailjet_error_quark ())

/* Codes a UI can branch on. The GError message is always a sentence for people, and ends
 * with Mailjet's ErrorIdentifier when there is one (support asks for it). */
typedef enum
{
  HERALD_MAILJET_ERROR_UNAUTHORIZED,
  HERALD_MAILJET_ERROR_FORBIDDEN,
  HERALD_MAILJET_ERROR_RATE_LIMITED,
  HERALD_MAILJET_ERROR_SERVER_ERROR,
  HERALD_MAILJET_ERROR_TIMEOUT_UNKNOWN_OUTCOME,
  HERALD_MAILJET_ERROR_TIMEOUT,
  HERALD_MAILJET_ERROR_NETWORK,
  HERALD_MAILJET_ERROR_TLS_UNTRUSTED,
  HERALD_MAILJET_ERROR_PIN_MISMATCH,
  HERALD_MAILJET_ERROR_INVALID_RESPONSE,
  HERALD_MAILJET_ERROR_NOT_FOUND,
  HERALD_MAILJET_ERROR_BAD_REQUEST,
  HERALD_MAILJET_ERROR_NO_CREDENTIALS,
  HERALD_MAILJET_ERROR_TOO_LARGE,
  /* A send as production: the stored template is missing or differs from the library. */
  HERALD_MAILJET_ERROR_STORED_OUTDATED,
} HeraldMailjetError;

GQuark herald_mailjet_error_quark (void);

/* Whether a failed send may nevertheless have gone out (timeout, broken connection, 5xx,
 * an answer that cannot be read): then only a lookup by CustomID tells. */
gboolean herald_mailjet_error_is_outcome_unknown (const GError *error);

#define HERALD_MAILJET_URL_EU "https://api.mailjet.com"
#define HERALD_MAILJET_URL_US "https://api.us.mailjet.com"

/* Pure parsing, shared by the client, the tests and the fuzz target. */
GError *herald_mailjet_error_from_response (guint status,
                                            const char *content_type,
                                            GBytes *body,
                                            gboolean is_send);
JsonArray *herald_mailjet_parse_envelope (GBytes *body, GError **error);

#define HERALD_TYPE_MAILJET_CLIENT (herald_mailjet_client_get_type ())

G_DECLARE_FINAL_TYPE (HeraldMailjetClient, herald_mailjet_client, HERALD, MAILJET_CLIENT, GObject)

HeraldMailjetClient *
herald_mailjet_client_new (const char *base_url, const char *api_key, const char *secret_key);
const char *herald_mailjet_client_get_base_url (HeraldMailjetClient *self);
/* Trust exactly the certificates of this PEM file (in addition to none of the system's). */
gboolean herald_mailjet_client_set_trusted_certificate_file (HeraldMailjetClient *self,
                                                             const char *path,
                                                             GError **error);
/* Base64 SPKI SHA-256; NULL to stop pinning. */
void herald_mailjet_client_set_pin (HeraldMailjetClient *self, const char *spki_sha256);
void herald_mailjet_client_set_timeout (HeraldMailjetClient *self, guint seconds);
/* Backoff of GET retries: first delay, cap, and total attempts. */
void herald_mailjet_client_set_retry_policy (HeraldMailjetClient *self,
                                             guint first_delay_ms,
                                             guint max_delay_ms,
                                             guint max_attempts);
/* Details of the last TLS connection, or NULL before the first answer. */
HeraldTlsInfo *herald_mailjet_client_get_tls_info (HeraldMailjetClient *self);
/* HTTP requests put on the wire so far, retries included. */
guint herald_mailjet_client_get_request_count (HeraldMailjetClient *self);

/* Generic authenticated GET of a v3 REST path ("/v3/REST/…"): the envelope's Data array. */
void herald_mailjet_client_get_async (HeraldMailjetClient *self,
                                      const char *path_and_query,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
JsonArray *
herald_mailjet_client_get_finish (HeraldMailjetClient *self, GAsyncResult *result, GError **error);
/* POST or PUT of a JSON object to a v3 REST path; the envelope's Data array. */
void herald_mailjet_client_write_async (HeraldMailjetClient *self,
                                        const char *method,
                                        const char *path,
                                        JsonNode *body,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
JsonArray *herald_mailjet_client_write_finish (HeraldMailjetClient *self,
                                               GAsyncResult *result,
                                               GError **error);

/* POST /v3.1/send, never repeated automatically after a timeout or a 5xx. The payload is
 * {"Messages": [...]} as built by HeraldSendRequest. A 400 with per-message results is a
 * result, not an error. */
void herald_mailjet_client_send_async (HeraldMailjetClient *self,
                                       JsonNode *payload,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
HeraldSendResult *
herald_mailjet_client_send_finish (HeraldMailjetClient *self, GAsyncResult *result, GError **error);

/* GET /v3/REST/message/{id}: the message object (NOT_FOUND while not visible yet). */
void herald_mailjet_client_get_message_async (HeraldMailjetClient *self,
                                              gint64 message_id,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
JsonObject *herald_mailjet_client_get_message_finish (HeraldMailjetClient *self,
                                                      GAsyncResult *result,
                                                      GError **error);
/* GET /v3/REST/messagehistory/{id}: the events (empty for an unknown id). */
void herald_mailjet_client_get_history_async (HeraldMailjetClient *self,
                                              gint64 message_id,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
JsonArray *herald_mailjet_client_get_history_finish (HeraldMailjetClient *self,
                                                     GAsyncResult *result,
                                                     GError **error);
/* GET /v3/REST/message?CustomID=…: whether a send whose outcome is unknown went out. */
void herald_mailjet_client_find_by_custom_id_async (HeraldMailjetClient *self,
                                                    const char *custom_id,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data);
JsonArray *herald_mailjet_client_find_by_custom_id_finish (HeraldMailjetClient *self,
                                                           GAsyncResult *result,
                                                           GError **error);
/* GET /v3/REST/myprofile: the cheap "is this key valid?" call. */
void herald_mailjet_client_verify_async (HeraldMailjetClient *self,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
gboolean herald_mailjet_client_verify_finish (HeraldMailjetClient *self,
                                              GAsyncResult *result,
                                              GError **error);
/* GET /v3/REST/sender?Limit=1000 */
void herald_mailjet_client_list_senders_async (HeraldMailjetClient *self,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
JsonArray *herald_mailjet_client_list_senders_finish (HeraldMailjetClient *self,
                                                      GAsyncResult *result,
                                                      GError **error);
/* GET /v3/REST/dns/{domain}, or POST /v3/REST/dns/{domain}/check when @check. */
void herald_mailjet_client_get_dns_async (HeraldMailjetClient *self,
                                          const char *domain,
                                          gboolean check,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
JsonObject *herald_mailjet_client_get_dns_finish (HeraldMailjetClient *self,
                                                  GAsyncResult *result,
                                                  GError **error);
/* GET /v3/REST/template?OwnerType=apikey&Name=… (NULL name lists all). */
void herald_mailjet_client_list_templates_async (HeraldMailjetClient *self,
                                                 const char *name,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer user_data);
JsonArray *herald_mailjet_client_list_templates_finish (HeraldMailjetClient *self,
                                                        GAsyncResult *result,
                                                        GError **error);
/* POST /v3/REST/template (template_id 0) or PUT /v3/REST/template/{id}: the template object. */
void herald_mailjet_client_save_template_async (HeraldMailjetClient *self,
                                                gint64 template_id,
                                                JsonObject *properties,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer user_data);
JsonObject *herald_mailjet_client_save_template_finish (HeraldMailjetClient *self,
                                                        GAsyncResult *result,
                                                        GError **error);
/* GET /v3/REST/template/{id}/detailcontent when @content is NULL, else POST it (replace). */
void herald_mailjet_client_template_content_async (HeraldMailjetClient *self,
                                                   gint64 template_id,
                                                   JsonObject *content,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data);
JsonObject *herald_mailjet_client_template_content_finish (HeraldMailjetClient *self,
                                                           GAsyncResult *result,
                                                           GError **error);

G_END_DECLS
