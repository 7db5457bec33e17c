/* herald-sandbox.c: the HTTPS side of the sandbox (TLS, thread, auth, routing, faults).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "herald-sandbox.h"
#include "herald-sandbox-private.h"

#define DEFAULT_SLOW_DELAY 30.0
#define FAULT_HEADER "X-Herald-Sandbox-Fault"

struct _HeraldSandbox
{
  GObject parent_instance;

  /* Guards everything below that both the caller's thread and the server thread touch. */
  GMutex mutex;
  GCond cond;

  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  gboolean ready;
  GError *start_error;
  guint16 requested_port;
  guint16 port;

  /* Server thread only. */
  SoupServer *server;
  GHashTable *pending; /* GSource* of delayed ("slow") answers */

  HeraldSandboxStore *store;
  GTlsCertificate *certificate;
  char *certificate_dir;
  char *certificate_file;
  char *base_url;

  HeraldSandboxFault fault;
  double slow_delay;
  char *api_key;
  char *secret_key;
  GHashTable *request_counts;
  guint writes;
  guint write_fault_at; /* the write number that gets write_fault; 0: none */
  HeraldSandboxFault write_fault;
};

G_DEFINE_FINAL_TYPE (HeraldSandbox, herald_sandbox, G_TYPE_OBJECT)

static void
herald_sandbox_finalize (GObject *object)
{
  HeraldSandbox *self = (HeraldSandbox *) object;

  herald_sandbox_stop (self);

  if (self->certificate_file != NULL)
    g_unlink (self->certificate_file);
  if (self->certificate_dir != NULL)
    g_rmdir (self->certificate_dir);

  g_clear_pointer (&self->store, herald_sandbox_store_free);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->certificate_dir, g_free);
  g_clear_pointer (&self->certificate_file, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->api_key, g_free);
  if (self->secret_key != NULL)
    memset (self->secret_key, 0, strlen (self->secret_key));
  g_clear_pointer (&self->secret_key, g_free);
  g_clear_pointer (&self->request_counts, g_hash_table_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (herald_sandbox_parent_class)->finalize (object);
}

static void
herald_sandbox_class_init (HeraldSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_sandbox_finalize;
}

static void
herald_sandbox_init (HeraldSandbox *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->store = herald_sandbox_store_new ();
  self->slow_delay = DEFAULT_SLOW_DELAY;
  self->request_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

HeraldSandbox *
herald_sandbox_new (void)
{
  return g_object_new (HERALD_TYPE_SANDBOX, NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* Answers                                                                                  */

typedef struct
{
  guint status;
  const char *content_type; /* NULL: no body at all */
  char *body;
  gsize length;
  gboolean request_guid;
  gboolean www_authenticate;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->body, g_free);
}

static void
answer_text (Answer *answer, guint status, const char *content_type, const char *text)
{
  answer_clear (answer);
  answer->status = status;
  answer->content_type = content_type;
  answer->body = g_strdup (text);
  answer->length = strlen (text);
  answer->request_guid = FALSE;
  answer->www_authenticate = FALSE;
}

static void
answer_json (Answer *answer, guint status, HeraldSandboxStyle style, JsonNode *node)
{
  answer_clear (answer);
  answer->status = status;
  answer->request_guid = style == HERALD_SANDBOX_STYLE_MODERN;
  answer->www_authenticate = FALSE;
  if (node == NULL)
    {
      answer->content_type = NULL;
      answer->length = 0;
      return;
    }
  answer->content_type =
      style == HERALD_SANDBOX_STYLE_MODERN ? "application/json; charset=UTF-8" : "application/json";
  answer->body = herald_sandbox_json_write (node, style);
  answer->length = strlen (answer->body);
}

static void
answer_reply (Answer *answer, HeraldSandboxReply *reply)
{
  answer_json (answer, reply->status, reply->style, reply->body);
}

/* What nginx in front of Mailjet answers for paths no API serves (recorded). */
static void
answer_nginx_not_found (Answer *answer)
{
  answer_text (answer, 404, "text/html",
               "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body bgcolor=\"white\">"
               "\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n"
               "</body>\r\n</html>\r\n");
}

static void
answer_unauthorized (Answer *answer, gboolean v31)
{
  if (v31)
    {
      g_autoptr (JsonNode) node = herald_sandbox_json_identified_error (
          "API key authentication/authorization failure. You may be unauthorized to access the "
          "API or your API key may be expired. Visit API keys management section to check your "
          "keys.",
          401);

      answer_json (answer, 401, HERALD_SANDBOX_STYLE_MODERN, node);
      return;
    }
  /* v3 REST: an empty text/html body and a challenge, as recorded. */
  answer_text (answer, 401, "text/html", "");
  answer->www_authenticate = TRUE;
}

static void
answer_rate_limited (Answer *answer)
{
  answer_text (answer, 429, "text/html",
               "<html><body><h1>429 Too Many Requests</h1>\nYou have sent too many requests in a "
               "given amount of time.\n</body></html>\n");
}

static void
answer_server_error (Answer *answer)
{
  g_autoptr (JsonNode) node = herald_sandbox_json_identified_error (
      "Internal Server Error. Please try again later; if the problem persists, contact support "
      "with the error identifier.",
      500);

  answer_json (answer, 500, HERALD_SANDBOX_STYLE_MODERN, node);
}

static void
answer_truncate (Answer *answer)
{
  /* Half of a real answer: a proxy that cut the connection short. */
  if (answer->body == NULL || answer->length < 2)
    {
      answer_text (answer, 200, "application/json", "{\"Count\":1,\"Data\":[{\"ID\":");
      return;
    }
  answer->length /= 2;
  answer->body[answer->length] = '\0';
  answer->status = 200;
  if (answer->content_type == NULL || !g_str_has_prefix (answer->content_type, "application/json"))
    answer->content_type = "application/json";
}

static void
answer_apply (Answer *answer, SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, answer->status, NULL);
  if (answer->request_guid)
    {
      g_autofree char *guid = g_uuid_string_random ();

      soup_message_headers_replace (headers, "X-Mj-Request-Guid", guid);
    }
  if (answer->www_authenticate)
    soup_message_headers_replace (headers, "WWW-Authenticate",
                                  "Basic realm=\"Provide an apiKey and secretKey\"");
  if (answer->content_type != NULL)
    {
      soup_server_message_set_response (msg, answer->content_type, SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&answer->body), answer->length);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Requests                                                                                 */

static gboolean
check_credentials (HeraldSandbox *self, SoupServerMessage *msg, char **api_key)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *pair = NULL;
  gsize length = 0;
  char *colon;
  gboolean ok;

  if (value == NULL || g_ascii_strncasecmp (value, "Basic ", 6) != 0)
    return FALSE;

  decoded = g_base64_decode (value + 6, &length);
  pair = g_strndup ((const char *) decoded, length);
  memset (decoded, 0, length);
  colon = strchr (pair, ':');
  ok = colon != NULL && colon != pair && colon[1] != '\0';
  if (ok)
    {
      *colon = '\0';
      g_mutex_lock (&self->mutex);
      if (self->api_key != NULL)
        ok = g_str_equal (pair, self->api_key) && g_str_equal (colon + 1, self->secret_key);
      g_mutex_unlock (&self->mutex);
      if (ok)
        *api_key = g_strdup (pair);
    }
  /* The secret never outlives the check. */
  memset (pair, 0, strlen (pair) + (colon != NULL ? strlen (colon + 1) + 1 : 0));
  return ok;
}

static HeraldSandboxFault
parse_fault (const char *name, double *slow_delay)
{
  if (name == NULL)
    return HERALD_SANDBOX_FAULT_NONE;
  if (g_str_equal (name, "401"))
    return HERALD_SANDBOX_FAULT_UNAUTHORIZED;
  if (g_str_equal (name, "429"))
    return HERALD_SANDBOX_FAULT_RATE_LIMITED;
  if (g_str_equal (name, "500"))
    return HERALD_SANDBOX_FAULT_SERVER_ERROR;
  if (g_str_equal (name, "reset"))
    return HERALD_SANDBOX_FAULT_RESET;
  if (g_str_equal (name, "malformed"))
    return HERALD_SANDBOX_FAULT_MALFORMED_JSON;
  /* "slow" or "slow=SECONDS" for one request. */
  if (g_str_has_prefix (name, "slow"))
    {
      if (name[4] == '=' || name[4] == ':')
        *slow_delay = g_ascii_strtod (name + 5, NULL);
      return HERALD_SANDBOX_FAULT_SLOW;
    }
  return HERALD_SANDBOX_FAULT_NONE;
}

static HeraldSandboxFault
request_fault (HeraldSandbox *self, SoupServerMessage *msg, double *slow_delay)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  HeraldSandboxFault fault;

  g_mutex_lock (&self->mutex);
  fault = self->fault;
  *slow_delay = self->slow_delay;
  if (!g_str_equal (soup_server_message_get_method (msg), "GET") &&
      !g_str_equal (soup_server_message_get_method (msg), "HEAD"))
    {
      self->writes++;
      if (self->write_fault_at != 0 && self->writes == self->write_fault_at)
        {
          fault = self->write_fault;
          self->write_fault_at = 0;
        }
    }
  g_mutex_unlock (&self->mutex);

  if (soup_message_headers_get_one (headers, FAULT_HEADER) != NULL)
    fault = parse_fault (soup_message_headers_get_one (headers, FAULT_HEADER), slow_delay);
  return fault;
}

static void
count_request (HeraldSandbox *self, const char *path)
{
  gpointer count;

  g_mutex_lock (&self->mutex);
  count = g_hash_table_lookup (self->request_counts, path);
  g_hash_table_replace (self->request_counts, g_strdup (path),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
  g_mutex_unlock (&self->mutex);
}

static char **
path_segments (const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  GPtrArray *segments = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (segments, g_strdup (parts[i]));
  g_ptr_array_add (segments, NULL);
  return (char **) g_ptr_array_free (segments, FALSE);
}

static void
route (HeraldSandbox *self,
       SoupServerMessage *msg,
       const char *path,
       GHashTable *query,
       Answer *answer)
{
  g_auto (GStrv) segments = path_segments (path);
  const char *method = soup_server_message_get_method (msg);
  g_autoptr (GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *data = g_bytes_get_data (body, NULL);
  gsize length = g_bytes_get_size (body);
  HeraldSandboxReply reply = { 0, HERALD_SANDBOX_STYLE_LEGACY, NULL };
  g_autofree char *api_key = NULL;
  gboolean v31 = g_strcmp0 (segments[0], "v3.1") == 0;

  if (!v31 && g_strcmp0 (segments[0], "v3") != 0)
    {
      answer_nginx_not_found (answer);
      return;
    }
  /* There is no /v3.1/REST: the edge answers it (recorded). */
  if (v31 && (g_strcmp0 (segments[1], "send") != 0 || segments[2] != NULL))
    {
      answer_nginx_not_found (answer);
      return;
    }
  if (!check_credentials (self, msg, &api_key))
    {
      answer_unauthorized (answer, v31);
      return;
    }
  herald_sandbox_store_set_api_key (self->store, api_key);

  if (v31 || (g_strcmp0 (segments[1], "send") == 0 && segments[2] == NULL))
    {
      if (!g_str_equal (method, "POST"))
        reply.status = 0;
      else if (v31)
        herald_sandbox_store_send_v31 (self->store, data, length, &reply);
      else
        herald_sandbox_store_send_v3 (self->store, data, length, &reply);

      if (reply.status == 0)
        {
          g_autoptr (JsonNode) node =
              herald_sandbox_json_legacy_error ("", "Method not allowed", 405);

          answer_json (answer, 405, HERALD_SANDBOX_STYLE_LEGACY, node);
        }
      else
        answer_reply (answer, &reply);
    }
  else if (g_strcmp0 (segments[1], "REST") == 0)
    {
      if (herald_sandbox_store_rest (self->store, method, segments + 2, query, data, length,
                                     &reply))
        answer_reply (answer, &reply);
      else
        answer_nginx_not_found (answer);
    }
  else if (segments[1] != NULL)
    {
      /* Recorded for /v3/wrongresourcepath: a 500, not a 404. */
      g_autofree char *message =
          g_strdup_printf ("Could not determine HTTP module for request \"%s\"", segments[1]);
      g_autoptr (JsonNode) node = herald_sandbox_json_legacy_error ("EFPWebError", message, 500);

      answer_json (answer, 500, HERALD_SANDBOX_STYLE_LEGACY, node);
    }
  else
    answer_nginx_not_found (answer);

  herald_sandbox_reply_clear (&reply);
}

typedef struct
{
  HeraldSandbox *self;
  SoupServerMessage *msg;
  GSource *source;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *delayed = data;

  g_object_unref (delayed->msg);
  g_free (delayed);
}

static gboolean
delayed_answer_cb (gpointer data)
{
  Delayed *delayed = data;

  soup_server_message_unpause (delayed->msg);
  /* Removing it from the table drops our reference; the source goes after this call. */
  g_hash_table_remove (delayed->self->pending, delayed->source);
  return G_SOURCE_REMOVE;
}

static void
answer_later (HeraldSandbox *self, SoupServerMessage *msg, double seconds)
{
  Delayed *delayed = g_new0 (Delayed, 1);

  delayed->self = self;
  delayed->msg = g_object_ref (msg);
  delayed->source = g_timeout_source_new ((guint) (MAX (seconds, 0) * 1000));
  g_source_set_callback (delayed->source, delayed_answer_cb, delayed, delayed_free);
  g_source_set_name (delayed->source, "[herald-sandbox] slow answer");
  g_hash_table_add (self->pending, delayed->source);
  soup_server_message_pause (msg);
  g_source_attach (delayed->source, self->context);
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr (GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
server_callback (SoupServer *server,
                 SoupServerMessage *msg,
                 const char *path,
                 GHashTable *query,
                 gpointer user_data)
{
  HeraldSandbox *self = user_data;
  double slow_delay = DEFAULT_SLOW_DELAY;
  HeraldSandboxFault fault = request_fault (self, msg, &slow_delay);
  Answer answer = { 0 };

  count_request (self, path);

  /* 401, 429 and 500 refuse the request before any work; slow, reset and malformed let the
   * work happen and spoil only the answer: the worst case for a send, since the message does
   * go out and only a lookup by CustomID tells. */
  switch (fault)
    {
    case HERALD_SANDBOX_FAULT_UNAUTHORIZED:
      answer_unauthorized (&answer, g_str_has_prefix (path, "/v3.1/"));
      break;
    case HERALD_SANDBOX_FAULT_RATE_LIMITED:
      answer_rate_limited (&answer);
      break;
    case HERALD_SANDBOX_FAULT_SERVER_ERROR:
      answer_server_error (&answer);
      break;
    case HERALD_SANDBOX_FAULT_NONE:
    case HERALD_SANDBOX_FAULT_SLOW:
    case HERALD_SANDBOX_FAULT_RESET:
    case HERALD_SANDBOX_FAULT_MALFORMED_JSON:
    default:
      route (self, msg, path, query, &answer);
      break;
    }

  if (fault == HERALD_SANDBOX_FAULT_RESET)
    {
      answer_clear (&answer);
      drop_connection (msg);
      return;
    }
  if (fault == HERALD_SANDBOX_FAULT_MALFORMED_JSON)
    answer_truncate (&answer);

  answer_apply (&answer, msg);
  answer_clear (&answer);

  if (fault == HERALD_SANDBOX_FAULT_SLOW)
    answer_later (self, msg, slow_delay);
}

/* ---------------------------------------------------------------------------------------- */
/* The server thread                                                                        */

static gboolean
listen_on_loopback (HeraldSandbox *self, GError **error)
{
  g_autoptr (GInetAddress) address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) socket_address =
      g_inet_socket_address_new (address, self->requested_port);
  GSList *listeners;
  g_autoptr (GSocketAddress) local = NULL;

  self->server = soup_server_new ("tls-certificate", self->certificate, "server-header",
                                  "herald-sandbox ", NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  if (!soup_server_listen (self->server, socket_address, SOUP_SERVER_LISTEN_HTTPS, error))
    return FALSE;

  listeners = soup_server_get_listeners (self->server);
  if (listeners == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "The Sandbox could not open a listening socket");
      return FALSE;
    }
  local = g_socket_get_local_address (listeners->data, error);
  g_slist_free (listeners);
  if (local == NULL)
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  HeraldSandbox *self = data;
  GError *error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);
  self->pending = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) g_source_unref, NULL);

  ok = listen_on_loopback (self, &error);

  g_mutex_lock (&self->mutex);
  self->start_error = error;
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (ok)
    g_main_loop_run (self->loop);

  /* Answers still held back by a "slow" fault are dropped with the server. */
  {
    GHashTableIter iter;
    gpointer source;

    g_hash_table_iter_init (&iter, self->pending);
    while (g_hash_table_iter_next (&iter, &source, NULL))
      g_source_destroy (source);
    g_clear_pointer (&self->pending, g_hash_table_unref);
  }
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* Let the connections' close callbacks run before the context goes. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
write_certificate (HeraldSandbox *self, const char *certificate_pem, GError **error)
{
  /* A private directory (0700), so that only this user can swap the file a client trusts. */
  self->certificate_dir = g_dir_make_tmp ("herald-sandbox-XXXXXX", error);
  if (self->certificate_dir == NULL)
    return FALSE;
  self->certificate_file =
      g_build_filename (self->certificate_dir, "sandbox-certificate.pem", NULL);
  return g_file_set_contents_full (self->certificate_file, certificate_pem, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

static gboolean
prepare_certificate (HeraldSandbox *self, GError **error)
{
  g_autofree char *certificate_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *both = NULL;

  if (self->certificate != NULL)
    return TRUE;
  if (!herald_sandbox_cert_generate (&certificate_pem, &key_pem, error))
    return FALSE;

  both = g_strconcat (certificate_pem, key_pem, NULL);
  memset (key_pem, 0, strlen (key_pem));
  self->certificate = g_tls_certificate_new_from_pem (both, -1, error);
  memset (both, 0, strlen (both));
  if (self->certificate == NULL)
    return FALSE;
  return write_certificate (self, certificate_pem, error);
}

gboolean
herald_sandbox_start (HeraldSandbox *self, guint16 port, GError **error)
{
  GError *start_error;

  g_return_val_if_fail (HERALD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  if (!prepare_certificate (self, error))
    return FALSE;

  self->requested_port = port;
  self->ready = FALSE;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("herald-sandbox", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  start_error = g_steal_pointer (&self->start_error);
  g_mutex_unlock (&self->mutex);

  if (start_error != NULL)
    {
      g_propagate_prefixed_error (error, start_error, "The Sandbox could not start: ");
      herald_sandbox_stop (self);
      return FALSE;
    }

  g_free (self->base_url);
  self->base_url = g_strdup_printf ("https://127.0.0.1:%u", self->port);
  herald_sandbox_store_set_base_url (self->store, self->base_url);
  g_debug ("Sandbox listening on %s", self->base_url);
  return TRUE;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
herald_sandbox_stop (HeraldSandbox *self)
{
  g_autoptr (GSource) source = NULL;

  g_return_if_fail (HERALD_IS_SANDBOX (self));

  if (self->thread == NULL)
    return;

  /* Through the loop's own context: quitting before the thread reached g_main_loop_run()
   * would otherwise be lost. */
  source = g_idle_source_new ();
  g_source_set_callback (source, quit_loop_cb, g_main_loop_ref (self->loop),
                         (GDestroyNotify) g_main_loop_unref);
  g_source_attach (source, self->context);
  g_thread_join (g_steal_pointer (&self->thread));

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->port = 0;
}

const char *
herald_sandbox_get_base_url (HeraldSandbox *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX (self), NULL);

  return self->base_url;
}

guint16
herald_sandbox_get_port (HeraldSandbox *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX (self), 0);

  return self->port;
}

const char *
herald_sandbox_get_certificate_file (HeraldSandbox *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX (self), NULL);

  return self->certificate_file;
}

GTlsCertificate *
herald_sandbox_get_certificate (HeraldSandbox *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX (self), NULL);

  return self->certificate;
}

void
herald_sandbox_set_speed (HeraldSandbox *self, double speed)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));
  g_return_if_fail (speed > 0);

  herald_sandbox_store_set_speed (self->store, speed);
}

void
herald_sandbox_set_visibility_delay (HeraldSandbox *self, double seconds)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  herald_sandbox_store_set_visibility_delay (self->store, seconds);
}

void
herald_sandbox_set_slow_delay (HeraldSandbox *self, double seconds)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  g_mutex_lock (&self->mutex);
  self->slow_delay = MAX (seconds, 0);
  g_mutex_unlock (&self->mutex);
}

void
herald_sandbox_set_fault (HeraldSandbox *self, HeraldSandboxFault fault)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  g_mutex_lock (&self->mutex);
  self->fault = fault;
  g_mutex_unlock (&self->mutex);
}

void
herald_sandbox_set_credentials (HeraldSandbox *self, const char *api_key, const char *secret_key)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  g_mutex_lock (&self->mutex);
  g_free (self->api_key);
  if (self->secret_key != NULL)
    memset (self->secret_key, 0, strlen (self->secret_key));
  g_free (self->secret_key);
  if (api_key != NULL && secret_key != NULL)
    {
      self->api_key = g_strdup (api_key);
      self->secret_key = g_strdup (secret_key);
    }
  else
    {
      self->api_key = NULL;
      self->secret_key = NULL;
    }
  g_mutex_unlock (&self->mutex);
}

void
herald_sandbox_add_sender (HeraldSandbox *self, const char *email, const char *name)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));
  g_return_if_fail (email != NULL);

  herald_sandbox_store_add_sender (self->store, email, name);
}

guint
herald_sandbox_count_requests (HeraldSandbox *self, const char *path)
{
  guint count;

  g_return_val_if_fail (HERALD_IS_SANDBOX (self), 0);
  g_return_val_if_fail (path != NULL, 0);

  g_mutex_lock (&self->mutex);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, path));
  g_mutex_unlock (&self->mutex);
  return count;
}

guint
herald_sandbox_count_writes (HeraldSandbox *self)
{
  guint count;

  g_return_val_if_fail (HERALD_IS_SANDBOX (self), 0);

  g_mutex_lock (&self->mutex);
  count = self->writes;
  g_mutex_unlock (&self->mutex);
  return count;
}

void
herald_sandbox_set_write_fault (HeraldSandbox *self, HeraldSandboxFault fault, guint nth)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  g_mutex_lock (&self->mutex);
  self->write_fault = fault;
  self->write_fault_at = nth > 0 ? self->writes + nth : 0;
  g_mutex_unlock (&self->mutex);
}

char *
herald_sandbox_dup_messages_json (HeraldSandbox *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX (self), NULL);

  return herald_sandbox_store_dup_messages_json (self->store);
}
