/* herald-mailjet-client.c: HeraldMailjetClient, Herald's one HTTPS client of the Mailjet API.
 *
 * One concept in one file, on purpose: every call (send, message, history, templates,
 * senders…) goes through the same request path (one long-lived SoupSession, the TLS checks
 * and pinning, retries, timeouts, the request count) and comes back through the same
 * error text builder, which says whether the outcome of a send is unknown (the text of
 * Mailjet's own error answers is herald-mailjet-response.c). The calls themselves are a few
 * lines each on top of that path; what they send and read is herald-send-request.c,
 * herald-send-result.c and herald-mailjet-response.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-mailjet"

#include "config.h"

#include "herald-json-util.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "herald-mailjet-client.h"

#define USER_AGENT "Herald/" PACKAGE_VERSION " (+https://github.com/heraldapp/herald)"
#define DEFAULT_TIMEOUT 30
#define MAX_BODY_IN_MESSAGE 200
/* No Mailjet answer comes near this (a page of 1000 templates is a few hundred kB); a larger
 * body is a proxy or a wrong address, and reading it whole could exhaust memory. */
#define MAX_RESPONSE_BYTES (4 * 1024 * 1024)
#define READ_CHUNK (64 * 1024)

struct _HeraldMailjetClient
{
  GObject parent_instance;
  SoupSession *session;
  char *base_url;
  char *authorization;
  char *pin;
  GList *trusted; /* GTlsCertificate from the trusted file */
  HeraldTlsInfo *tls_info;
  guint request_count;
  guint first_delay_ms;
  guint max_delay_ms;
  guint max_attempts;
};

G_DEFINE_FINAL_TYPE (HeraldMailjetClient, herald_mailjet_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (herald-mailjet-error-quark, herald_mailjet_error);

typedef enum
{
  RESULT_ENVELOPE,
  RESULT_FIRST_OBJECT,
  RESULT_SEND,
  RESULT_VERIFY,
} ResultKind;

typedef struct
{
  char *method;
  char *path;
  GBytes *body;
  JsonNode *payload;
  ResultKind kind;
  gboolean is_send;
  gboolean retry;
  guint attempt;
  SoupMessage *message;
  GCancellable *attempt_cancellable;
  GCancellable *task_cancellable; /* the caller's; relayed to attempt_cancellable */
  gulong cancel_handler;
  gboolean pin_mismatch;
  char *seen_pin;
  GTlsCertificateFlags tls_errors;
  GInputStream *stream;
  GByteArray *received;
} Request;

static void request_start (GTask *task);

static void
disconnect_cancel (Request *r)
{
  if (r->cancel_handler)
    g_cancellable_disconnect (r->task_cancellable, r->cancel_handler);
  r->cancel_handler = 0;
}

static void
request_free (gpointer data)
{
  Request *r = data;

  disconnect_cancel (r);
  g_clear_object (&r->task_cancellable);
  g_free (r->method);
  g_free (r->path);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->payload, json_node_unref);
  g_clear_object (&r->message);
  g_clear_object (&r->attempt_cancellable);
  g_free (r->seen_pin);
  g_clear_object (&r->stream);
  g_clear_pointer (&r->received, g_byte_array_unref);
  g_free (r);
}

gboolean
herald_mailjet_error_is_outcome_unknown (const GError *error)
{
  return g_error_matches (error, HERALD_MAILJET_ERROR,
                          HERALD_MAILJET_ERROR_TIMEOUT_UNKNOWN_OUTCOME) ||
         g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_SERVER_ERROR) ||
         g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_INVALID_RESPONSE) ||
         g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TOO_LARGE);
}

/* GObject ---------------------------------------------------------------------------------- */

static void
herald_mailjet_client_finalize (GObject *object)
{
  HeraldMailjetClient *self = (HeraldMailjetClient *) object;

  g_clear_object (&self->session);
  g_free (self->base_url);
  if (self->authorization)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);
  g_free (self->pin);
  g_list_free_full (self->trusted, g_object_unref);
  g_clear_object (&self->tls_info);

  G_OBJECT_CLASS (herald_mailjet_client_parent_class)->finalize (object);
}

static void
herald_mailjet_client_class_init (HeraldMailjetClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_mailjet_client_finalize;
}

static void
herald_mailjet_client_init (HeraldMailjetClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT, "timeout",
                                                 DEFAULT_TIMEOUT, "idle-timeout", 60, NULL);
  self->first_delay_ms = 1000;
  self->max_delay_ms = 60000;
  self->max_attempts = 5;
}

HeraldMailjetClient *
herald_mailjet_client_new (const char *base_url, const char *api_key, const char *secret_key)
{
  HeraldMailjetClient *self;
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (HERALD_TYPE_MAILJET_CLIENT, NULL);
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = 0;

  if (api_key && secret_key)
    {
      pair = g_strdup_printf ("%s:%s", api_key, secret_key);
      encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      self->authorization = g_strdup_printf ("Basic %s", encoded);
      memset (pair, 0, strlen (pair));
      memset (encoded, 0, strlen (encoded));
    }

  return self;
}

const char *
herald_mailjet_client_get_base_url (HeraldMailjetClient *self)
{
  g_return_val_if_fail (HERALD_IS_MAILJET_CLIENT (self), NULL);
  return self->base_url;
}

gboolean
herald_mailjet_client_set_trusted_certificate_file (HeraldMailjetClient *self,
                                                    const char *path,
                                                    GError **error)
{
  g_autoptr (GTlsDatabase) database = NULL;
  g_autoptr (GError) local_error = NULL;
  GList *certificates;

  g_return_val_if_fail (HERALD_IS_MAILJET_CLIENT (self), FALSE);

  if (path == NULL)
    {
      g_list_free_full (g_steal_pointer (&self->trusted), g_object_unref);
      soup_session_set_tls_database (self->session, NULL);
      return TRUE;
    }

  certificates = g_tls_certificate_list_new_from_file (path, &local_error);
  if (certificates == NULL)
    {
      g_set_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TLS_UNTRUSTED,
                   _ ("The trusted certificate file “%s” could not be read: %s"), path,
                   local_error ? local_error->message : _ ("it holds no certificate"));
      return FALSE;
    }
  database = g_tls_file_database_new (path, &local_error);
  if (database == NULL)
    {
      g_list_free_full (certificates, g_object_unref);
      g_set_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TLS_UNTRUSTED,
                   _ ("The trusted certificate file “%s” could not be read: %s"), path,
                   local_error->message);
      return FALSE;
    }

  g_list_free_full (self->trusted, g_object_unref);
  self->trusted = certificates;
  soup_session_set_tls_database (self->session, database);

  return TRUE;
}

void
herald_mailjet_client_set_pin (HeraldMailjetClient *self, const char *spki_sha256)
{
  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));

  g_free (self->pin);
  self->pin = (spki_sha256 && *spki_sha256) ? g_strdup (spki_sha256) : NULL;
}

void
herald_mailjet_client_set_timeout (HeraldMailjetClient *self, guint seconds)
{
  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));
  soup_session_set_timeout (self->session, seconds);
}

void
herald_mailjet_client_set_retry_policy (HeraldMailjetClient *self,
                                        guint first_delay_ms,
                                        guint max_delay_ms,
                                        guint max_attempts)
{
  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));

  self->first_delay_ms = first_delay_ms;
  self->max_delay_ms = MAX (first_delay_ms, max_delay_ms);
  self->max_attempts = MAX (1, max_attempts);
}

HeraldTlsInfo *
herald_mailjet_client_get_tls_info (HeraldMailjetClient *self)
{
  g_return_val_if_fail (HERALD_IS_MAILJET_CLIENT (self), NULL);
  return self->tls_info;
}

guint
herald_mailjet_client_get_request_count (HeraldMailjetClient *self)
{
  g_return_val_if_fail (HERALD_IS_MAILJET_CLIENT (self), 0);
  return self->request_count;
}

/* TLS ------------------------------------------------------------------------------------- */

/* Only reached when normal validation failed: a certificate identical to one of the
 * account's trusted file is accepted whatever its name (the Sandbox's is self-signed). */
static gboolean
on_accept_certificate (SoupMessage *message,
                       GTlsCertificate *certificate,
                       GTlsCertificateFlags errors,
                       gpointer user_data)
{
  GTask *task = user_data;
  HeraldMailjetClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);

  r->tls_errors = errors;
  for (const GList *l = self->trusted; l; l = l->next)
    {
      if (g_tls_certificate_is_same (certificate, l->data))
        return TRUE;
    }

  return FALSE;
}

static void
check_pin (GTask *task, GTlsCertificate *certificate)
{
  HeraldMailjetClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);

  if (self->pin == NULL || certificate == NULL)
    return;

  g_free (r->seen_pin);
  r->seen_pin = herald_tls_compute_spki_sha256 (certificate, NULL);
  if (g_strcmp0 (r->seen_pin, self->pin) != 0)
    {
      /* Cancelling before the request is written: nothing reaches a server we do not trust. */
      r->pin_mismatch = TRUE;
      g_cancellable_cancel (r->attempt_cancellable);
    }
}

static void
on_network_event (SoupMessage *message,
                  GSocketClientEvent event,
                  GIOStream *connection,
                  gpointer user_data)
{
  GTask *task = user_data;

  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKED && G_IS_TLS_CONNECTION (connection))
    check_pin (task, g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (connection)));
}

static void
remember_tls (HeraldMailjetClient *self, SoupMessage *message)
{
  GTlsCertificate *certificate = soup_message_get_tls_peer_certificate (message);

  if (certificate == NULL)
    return;
  g_clear_object (&self->tls_info);
  self->tls_info =
      herald_tls_info_new (certificate, soup_message_get_tls_protocol_version (message),
                           soup_message_get_tls_ciphersuite_name (message));
}

/* Requests --------------------------------------------------------------------------------- */

static gboolean
retry_cb (gpointer user_data)
{
  request_start (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
schedule_retry (GTask *task)
{
  HeraldMailjetClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  g_autoptr (GSource) source = NULL;
  guint delay;

  if (r->attempt >= self->max_attempts ||
      g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return FALSE;

  /* Capped exponential backoff with jitter, so that many clients do not retry in step. */
  delay = self->first_delay_ms;
  for (guint i = 1; i < r->attempt && delay < self->max_delay_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->max_delay_ms);
  delay = delay / 2 + g_random_int_range (0, delay / 2 + 1);

  g_debug ("Retrying %s %s in %u ms (attempt %u)", r->method, r->path, delay, r->attempt + 1);
  source = g_timeout_source_new (delay);
  g_task_attach_source (task, source, retry_cb);

  return TRUE;
}

static gboolean
is_retryable_status (guint status)
{
  return status == 429 || status == 502 || status == 503 || status == 504;
}

/* Errors that prove nothing reached the server. */
static gboolean
is_nothing_sent (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
         error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR;
}

/* One plain sentence per reason the certificate was refused, with what the user can do. The
 * most telling reason wins when there are several. */
static GError *
tls_error (HeraldMailjetClient *self, GTlsCertificateFlags flags, const GError *error)
{
  g_autofree char *message = NULL;

  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    message = g_strdup_printf (
        _ ("The server at %s presented a certificate issued by an authority this computer does "
           "not trust, so Herald did not connect. If your company’s network inspects secure "
           "connections through a proxy, ask your IT team to install its certificate on this "
           "computer; otherwise someone may be intercepting the connection."),
        self->base_url);
  else if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    message = g_strdup_printf (
        _ ("The server at %s presented a certificate made out to another host name, so Herald "
           "did not connect. Check the API address in the account’s settings (Mailjet’s is "
           "https://api.mailjet.com); if it is right, the network may be redirecting the "
           "connection."),
        self->base_url);
  else if (flags & G_TLS_CERTIFICATE_EXPIRED)
    message = g_strdup_printf (
        _ ("The certificate of the server at %s has expired, so Herald did not connect. Check "
           "that this computer’s date and time are right; if they are, the server’s owner must "
           "renew the certificate."),
        self->base_url);
  else if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    message = g_strdup_printf (
        _ ("The certificate of the server at %s is not valid yet, so Herald did not connect. "
           "Check that this computer’s date and time are right."),
        self->base_url);
  else if (flags & G_TLS_CERTIFICATE_REVOKED)
    message = g_strdup_printf (
        _ ("The certificate of the server at %s was revoked by the authority that issued it, so "
           "Herald did not connect. Do not use this server until it has a new certificate."),
        self->base_url);
  else if (flags & G_TLS_CERTIFICATE_INSECURE)
    message = g_strdup_printf (
        _ ("The certificate of the server at %s uses an algorithm that is no longer safe, so "
           "Herald did not connect. The server’s owner must replace the certificate."),
        self->base_url);
  else
    message = g_strdup_printf (
        _ ("The secure connection to %s failed, so Herald did not connect. Check the network "
           "and the API address in the account’s settings. Details: %s"),
        self->base_url, error->message);

  return g_error_new_literal (HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TLS_UNTRUSTED, message);
}

static GError *
transport_error (GTask *task, const GError *error)
{
  HeraldMailjetClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);

  if (r->pin_mismatch)
    return g_error_new (HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_PIN_MISMATCH,
                        _ ("The server at %s presented a different public key than the one pinned "
                           "for this account (expected %s, got %s), so Herald did not connect. "
                           "Someone may be intercepting the connection: do not send from this "
                           "network. If the server’s key was changed on purpose, remove or update "
                           "the pinned key in the account’s settings."),
                        self->base_url, self->pin, r->seen_pin ? r->seen_pin : _ ("none"));

  if (error->domain == G_TLS_ERROR)
    return tls_error (self, r->tls_errors, error);

  if (!r->retry && !is_nothing_sent (error))
    return g_error_new (HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TIMEOUT_UNKNOWN_OUTCOME,
                        _ ("The connection to Mailjet broke before it confirmed the send (%s). The "
                           "emails may or may not have gone out: Herald did not send them again. "
                           "Check whether they were sent before trying again."),
                        error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (
        HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TIMEOUT,
        _ ("Mailjet did not answer in time. Check the network connection and try again."));

  return g_error_new (HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NETWORK,
                      _ ("Herald could not reach %s: %s"), self->base_url, error->message);
}

static void
return_parsed (GTask *task, guint status, GBytes *body)
{
  Request *r = g_task_get_task_data (task);
  GError *error = NULL;

  switch (r->kind)
    {
    case RESULT_SEND:
      {
        JsonArray *input = NULL;
        JsonNode *messages;
        HeraldSendResult *result;

        if (r->payload && JSON_NODE_HOLDS_OBJECT (r->payload) &&
            (messages = json_object_get_member (json_node_get_object (r->payload), "Messages")) &&
            JSON_NODE_HOLDS_ARRAY (messages))
          input = json_node_get_array (messages);
        result = herald_send_result_parse (status, body, input, &error);
        if (result)
          g_task_return_pointer (task, result, g_object_unref);
        else
          g_task_return_error (task, error);
      }
      break;

    case RESULT_VERIFY:
    case RESULT_ENVELOPE:
    case RESULT_FIRST_OBJECT:
      {
        g_autoptr (JsonArray) data = herald_mailjet_parse_envelope (body, &error);

        if (data == NULL)
          g_task_return_error (task, error);
        else if (r->kind == RESULT_VERIFY)
          g_task_return_boolean (task, TRUE);
        else if (r->kind == RESULT_ENVELOPE)
          g_task_return_pointer (task, g_steal_pointer (&data), (GDestroyNotify) json_array_unref);
        else if (herald_json_array_get_object_or_null (data, 0))
          g_task_return_pointer (task,
                                 json_object_ref (herald_json_array_get_object_or_null (data, 0)),
                                 (GDestroyNotify) json_object_unref);
        else
          g_task_return_new_error (task, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NOT_FOUND,
                                   _ ("Mailjet returned no item."));
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
answer (GTask *task, GBytes *body)
{
  Request *r = g_task_get_task_data (task);
  guint status = soup_message_get_status (r->message);

  g_debug ("%s %s → HTTP %u", r->method, r->path, status);

  if (status >= 200 && status < 300)
    {
      if (status == 204)
        {
          g_autoptr (GBytes) empty =
              g_bytes_new_static ("{\"Count\":0,\"Data\":[],\"Total\":0}", 31);

          return_parsed (task, status, empty);
        }
      else
        return_parsed (task, status, body);
      return;
    }

  if (r->is_send && (status == 400 || status == 403))
    {
      return_parsed (task, status, body);
      return;
    }

  /* A 429 is refused before processing, so even a send may wait and try once more. */
  if ((r->retry && is_retryable_status (status)) || (r->is_send && status == 429 && r->attempt < 2))
    {
      if (schedule_retry (task))
        return;
    }

  g_task_return_error (task, herald_mailjet_error_from_response (
                                 status,
                                 soup_message_headers_get_content_type (
                                     soup_message_get_response_headers (r->message), NULL),
                                 body, r->is_send));
}

/* Closing a body stream that was not read to its end makes libsoup drop the connection, so
 * the rest of an oversized answer is never received. */
static void
stop_reading (Request *r)
{
  if (r->stream)
    g_input_stream_close_async (r->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&r->stream);
  g_clear_pointer (&r->received, g_byte_array_unref);
}

static void
return_too_large (GTask *task)
{
  Request *r = g_task_get_task_data (task);

  stop_reading (r);
  if (r->is_send)
    g_task_return_new_error (
        task, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TOO_LARGE,
        _ ("Mailjet’s answer to the send is larger than %u MB, far more than any real answer, so "
           "Herald stopped reading it. The emails may or may not have gone out: check the "
           "deliveries before sending again."),
        MAX_RESPONSE_BYTES / (1024 * 1024));
  else
    g_task_return_new_error (
        task, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TOO_LARGE,
        _ ("Mailjet’s answer is larger than %u MB, far more than any real answer, so Herald "
           "stopped reading it. Check the API address in the account’s settings: it may point "
           "at something other than Mailjet."),
        MAX_RESPONSE_BYTES / (1024 * 1024));
}

/* A transfer that fails halfway is handled like one that never started. */
static void
return_transport_failure (GTask *task, GError *error)
{
  Request *r = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !r->pin_mismatch)
    {
      g_task_return_error (task, error);
      return;
    }
  g_debug ("%s %s failed: %s", r->method, r->path, error->message);
  if (r->retry && !r->pin_mismatch && error->domain != G_TLS_ERROR && schedule_retry (task))
    {
      g_error_free (error);
      return;
    }
  g_task_return_error (task, transport_error (task, error));
  g_error_free (error);
}

static void read_more (GTask *task);

static void
read_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Request *r = g_task_get_task_data (task);
  g_autoptr (GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      stop_reading (r);
      return_transport_failure (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_autoptr (GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&r->received));

      g_clear_object (&r->stream);
      answer (task, body);
      return;
    }

  if (r->received->len + g_bytes_get_size (chunk) > MAX_RESPONSE_BYTES)
    {
      return_too_large (task);
      return;
    }
  g_byte_array_append (r->received, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (g_steal_pointer (&task));
}

static void
read_more (GTask *task)
{
  Request *r = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (r->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   r->attempt_cancellable, read_done, task);
}

static void
request_sent (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  HeraldMailjetClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;

  r->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (r->stream == NULL)
    {
      return_transport_failure (task, error);
      return;
    }

  remember_tls (self, r->message);
  headers = soup_message_get_response_headers (r->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MAX_RESPONSE_BYTES)
    {
      return_too_large (task);
      return;
    }

  r->received = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}

static void
on_task_cancelled (GCancellable *cancellable, gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
request_start (GTask *task)
{
  HeraldMailjetClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  g_autofree char *uri = g_strconcat (self->base_url, r->path, NULL);
  GCancellable *cancellable = g_task_get_cancellable (task);
  SoupMessageHeaders *headers;

  r->attempt++;
  g_clear_object (&r->message);
  g_clear_object (&r->attempt_cancellable);
  r->pin_mismatch = FALSE;
  r->tls_errors = 0;

  r->message = soup_message_new (r->method, uri);
  if (r->message == NULL)
    {
      g_task_return_new_error (task, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_BAD_REQUEST,
                               _ ("“%s” is not a valid address for the Mailjet API."), uri);
      return;
    }

  headers = soup_message_get_request_headers (r->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->authorization)
    soup_message_headers_replace (headers, "Authorization", self->authorization);
  if (r->body)
    soup_message_set_request_body_from_bytes (r->message, "application/json", r->body);

  g_signal_connect (r->message, "accept-certificate", G_CALLBACK (on_accept_certificate), task);
  g_signal_connect (r->message, "network-event", G_CALLBACK (on_network_event), task);

  disconnect_cancel (r);
  r->attempt_cancellable = g_cancellable_new ();
  if (cancellable)
    r->cancel_handler =
        g_cancellable_connect (cancellable, G_CALLBACK (on_task_cancelled),
                               g_object_ref (r->attempt_cancellable), g_object_unref);

  self->request_count++;
  soup_session_send_async (self->session, r->message, G_PRIORITY_DEFAULT, r->attempt_cancellable,
                           request_sent, g_object_ref (task));
}

static void
run_request (HeraldMailjetClient *self,
             const char *method,
             const char *path,
             JsonNode *payload,
             ResultKind kind,
             gpointer source_tag,
             GCancellable *cancellable,
             GAsyncReadyCallback callback,
             gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *r = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  r->method = g_strdup (method);
  r->path = g_strdup (path);
  r->kind = kind;
  r->task_cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  r->is_send = kind == RESULT_SEND;
  r->retry = g_str_equal (method, "GET");
  if (payload)
    {
      g_autofree char *text = json_to_string (payload, FALSE);

      r->payload = json_node_ref (payload);
      r->body = g_bytes_new_take (g_steal_pointer (&text), strlen (text));
    }
  g_task_set_task_data (task, r, request_free);

  request_start (task);
  g_object_unref (task);
}

static gpointer
finish_pointer (HeraldMailjetClient *self,
                GAsyncResult *result,
                gpointer source_tag,
                GError **error)
{
  g_return_val_if_fail (HERALD_IS_MAILJET_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Calls ----------------------------------------------------------------------------------- */

void
herald_mailjet_client_get_async (HeraldMailjetClient *self,
                                 const char *path_and_query,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));
  run_request (self, "GET", path_and_query, NULL, RESULT_ENVELOPE, herald_mailjet_client_get_async,
               cancellable, callback, user_data);
}

JsonArray *
herald_mailjet_client_get_finish (HeraldMailjetClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, herald_mailjet_client_get_async, error);
}

void
herald_mailjet_client_write_async (HeraldMailjetClient *self,
                                   const char *method,
                                   const char *path,
                                   JsonNode *body,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));
  g_return_if_fail (body != NULL);
  run_request (self, method, path, body, RESULT_ENVELOPE, herald_mailjet_client_write_async,
               cancellable, callback, user_data);
}

JsonArray *
herald_mailjet_client_write_finish (HeraldMailjetClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, herald_mailjet_client_write_async, error);
}

void
herald_mailjet_client_send_async (HeraldMailjetClient *self,
                                  JsonNode *payload,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));
  g_return_if_fail (payload != NULL);
  run_request (self, "POST", "/v3.1/send", payload, RESULT_SEND, herald_mailjet_client_send_async,
               cancellable, callback, user_data);
}

HeraldSendResult *
herald_mailjet_client_send_finish (HeraldMailjetClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, herald_mailjet_client_send_async, error);
}

void
herald_mailjet_client_get_message_async (HeraldMailjetClient *self,
                                         gint64 message_id,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  g_autofree char *path = g_strdup_printf ("/v3/REST/message/%" G_GINT64_FORMAT, message_id);

  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));
  run_request (self, "GET", path, NULL, RESULT_FIRST_OBJECT,
               herald_mailjet_client_get_message_async, cancellable, callback, user_data);
}

JsonObject *
herald_mailjet_client_get_message_finish (HeraldMailjetClient *self,
                                          GAsyncResult *result,
                                          GError **error)
{
  return finish_pointer (self, result, herald_mailjet_client_get_message_async, error);
}

void
herald_mailjet_client_get_history_async (HeraldMailjetClient *self,
                                         gint64 message_id,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  g_autofree char *path = g_strdup_printf ("/v3/REST/messagehistory/%" G_GINT64_FORMAT, message_id);

  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));
  run_request (self, "GET", path, NULL, RESULT_ENVELOPE, herald_mailjet_client_get_history_async,
               cancellable, callback, user_data);
}

JsonArray *
herald_mailjet_client_get_history_finish (HeraldMailjetClient *self,
                                          GAsyncResult *result,
                                          GError **error)
{
  return finish_pointer (self, result, herald_mailjet_client_get_history_async, error);
}

void
herald_mailjet_client_find_by_custom_id_async (HeraldMailjetClient *self,
                                               const char *custom_id,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data)
{
  g_autofree char *escaped = g_uri_escape_string (custom_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf (
      "/v3/REST/message?CustomID=%s&ShowContactAlt=true&ShowCustomID=true", escaped);

  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));
  run_request (self, "GET", path, NULL, RESULT_ENVELOPE,
               herald_mailjet_client_find_by_custom_id_async, cancellable, callback, user_data);
}

JsonArray *
herald_mailjet_client_find_by_custom_id_finish (HeraldMailjetClient *self,
                                                GAsyncResult *result,
                                                GError **error)
{
  return finish_pointer (self, result, herald_mailjet_client_find_by_custom_id_async, error);
}

void
herald_mailjet_client_verify_async (HeraldMailjetClient *self,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));
  run_request (self, "GET", "/v3/REST/myprofile", NULL, RESULT_VERIFY,
               herald_mailjet_client_verify_async, cancellable, callback, user_data);
}

gboolean
herald_mailjet_client_verify_finish (HeraldMailjetClient *self,
                                     GAsyncResult *result,
                                     GError **error)
{
  g_return_val_if_fail (HERALD_IS_MAILJET_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
herald_mailjet_client_list_senders_async (HeraldMailjetClient *self,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));
  run_request (self, "GET", "/v3/REST/sender?Limit=1000", NULL, RESULT_ENVELOPE,
               herald_mailjet_client_list_senders_async, cancellable, callback, user_data);
}

JsonArray *
herald_mailjet_client_list_senders_finish (HeraldMailjetClient *self,
                                           GAsyncResult *result,
                                           GError **error)
{
  return finish_pointer (self, result, herald_mailjet_client_list_senders_async, error);
}

void
herald_mailjet_client_get_dns_async (HeraldMailjetClient *self,
                                     const char *domain,
                                     gboolean check,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_autofree char *escaped = g_uri_escape_string (domain, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/v3/REST/dns/%s%s", escaped, check ? "/check" : "");
  g_autoptr (JsonNode) empty = NULL;

  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));

  if (check)
    {
      empty = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (empty, json_object_new ());
    }
  /* A check is a POST with an empty object: not retried, like any write. */
  run_request (self, check ? "POST" : "GET", path, empty, RESULT_FIRST_OBJECT,
               herald_mailjet_client_get_dns_async, cancellable, callback, user_data);
}

JsonObject *
herald_mailjet_client_get_dns_finish (HeraldMailjetClient *self,
                                      GAsyncResult *result,
                                      GError **error)
{
  return finish_pointer (self, result, herald_mailjet_client_get_dns_async, error);
}

void
herald_mailjet_client_list_templates_async (HeraldMailjetClient *self,
                                            const char *name,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));

  if (name)
    {
      g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);

      path = g_strdup_printf ("/v3/REST/template?OwnerType=apikey&Limit=1000&Name=%s", escaped);
    }
  else
    path = g_strdup ("/v3/REST/template?OwnerType=apikey&Limit=1000");

  run_request (self, "GET", path, NULL, RESULT_ENVELOPE, herald_mailjet_client_list_templates_async,
               cancellable, callback, user_data);
}

JsonArray *
herald_mailjet_client_list_templates_finish (HeraldMailjetClient *self,
                                             GAsyncResult *result,
                                             GError **error)
{
  return finish_pointer (self, result, herald_mailjet_client_list_templates_async, error);
}

void
herald_mailjet_client_save_template_async (HeraldMailjetClient *self,
                                           gint64 template_id,
                                           JsonObject *properties,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data)
{
  g_autoptr (JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *path = NULL;

  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));
  g_return_if_fail (properties != NULL);

  json_node_set_object (body, properties);
  if (template_id > 0)
    path = g_strdup_printf ("/v3/REST/template/%" G_GINT64_FORMAT, template_id);
  else
    path = g_strdup ("/v3/REST/template");

  run_request (self, template_id > 0 ? "PUT" : "POST", path, body, RESULT_FIRST_OBJECT,
               herald_mailjet_client_save_template_async, cancellable, callback, user_data);
}

JsonObject *
herald_mailjet_client_save_template_finish (HeraldMailjetClient *self,
                                            GAsyncResult *result,
                                            GError **error)
{
  return finish_pointer (self, result, herald_mailjet_client_save_template_async, error);
}

void
herald_mailjet_client_template_content_async (HeraldMailjetClient *self,
                                              gint64 template_id,
                                              JsonObject *content,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data)
{
  g_autofree char *path =
      g_strdup_printf ("/v3/REST/template/%" G_GINT64_FORMAT "/detailcontent", template_id);
  g_autoptr (JsonNode) body = NULL;

  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (self));

  if (content)
    {
      body = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (body, content);
    }
  run_request (self, content ? "POST" : "GET", path, body, RESULT_FIRST_OBJECT,
               herald_mailjet_client_template_content_async, cancellable, callback, user_data);
}

JsonObject *
herald_mailjet_client_template_content_finish (HeraldMailjetClient *self,
                                               GAsyncResult *result,
                                               GError **error)
{
  return finish_pointer (self, result, herald_mailjet_client_template_content_async, error);
}
