/* herald-sandbox.c: the HTTPS side of the sandbox (TLS, thread, auth, routing, faults).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "herald-sandbox.h"
#include "herald-sandbox-limiter.h"
#include "herald-sandbox-private.h"

#define DEFAULT_SLOW_DELAY 30.0
#define FAULT_HEADER "X-Herald-Sandbox-Fault"
/* Longer than any client's own connect timeout, short enough that a stalled peer goes. */
#define DEFAULT_HANDSHAKE_TIMEOUT 10
#define DEFAULT_IDLE_TIMEOUT 60
/* Connections waiting for or in their handshake; one beyond this is closed at once. */
#define MAX_HANDSHAKES 512
/* As common servers (nginx's large_client_header_buffers is 8 KB a line): a longer request
 * line is answered 414, a longer head 431, where libsoup would drop the connection unanswered
 * past its own 64 KB. */
#define MAX_REQUEST_LINE 8192
#define MAX_HEAD 32768
/* After refusing a head, how long the unread rest of it is drained before the connection is
 * closed: closing with unread bytes would reset it and could lose the answer. */
#define LINGER_SECONDS 2
#define LINGER_MAX_BYTES (4 * 1024 * 1024)
#define CONN_KEY "herald-sandbox-connection"

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
  GSocketService *service;
  GSocket *dormant_peer;
  GHashTable *pending; /* GSource* of delayed ("slow") answers */

  GHashTable *incoming;    /* Incoming*, owned: connections before their handshake ends */
  GHashTable *connections; /* Conn*, a reference each: connections handed to libsoup */
  GSource *sweep;
  GCancellable *cancellable;
  gboolean stopping;

  /* Under the mutex. */
  guint handshake_timeout;
  guint idle_timeout;

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
  self->handshake_timeout = DEFAULT_HANDSHAKE_TIMEOUT;
  self->idle_timeout = DEFAULT_IDLE_TIMEOUT;
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

/* libsoup 3.2 rightly drops the Content-Length of a 204, then reads the missing length as
 * "the body ends with the connection" and closes the connection after the answer without a
 * "Connection: close": a keep-alive client (Node's agent, libsoup's own) then loses the next
 * request it sends on it. The headers are on the wire by now; declaring the (empty) length
 * again only keeps the connection open. */
static void
keep_alive_after_no_content (SoupServerMessage *msg)
{
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CONTENT_LENGTH);
}

static void
answer_apply (Answer *answer, SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, answer->status, NULL);
  if (answer->status == SOUP_STATUS_NO_CONTENT)
    g_signal_connect (msg, "wrote-headers", G_CALLBACK (keep_alive_after_no_content), NULL);
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
/* Live connections                                                                         */

/* A connection handed to libsoup (server thread only). It is shared by the Sandbox's set of
 * live connections, the remote address libsoup gives each request, and requests in flight. */
typedef struct
{
  GSocketConnection *connection;
  GTlsConnection *tls;
  GIOStream *stream; /* what libsoup reads and writes, and closes when it is done */
  HeraldSandboxLimiter *limiter;
  guint busy;         /* requests read but not yet answered (a "slow" fault holds one) */
  gint64 last_answer; /* monotonic time the last answer was written */
} Conn;

static void
conn_clear (Conn *conn)
{
  g_signal_handlers_disconnect_by_data (conn->limiter, conn);
  g_clear_object (&conn->limiter);
  g_clear_object (&conn->stream);
  g_clear_object (&conn->tls);
  g_clear_object (&conn->connection);
}

static Conn *
conn_ref (Conn *conn)
{
  return g_rc_box_acquire (conn);
}

static void
conn_unref (Conn *conn)
{
  g_rc_box_release_full (conn, (GDestroyNotify) conn_clear);
}

static void
conn_closure_unref (gpointer data, GClosure *closure)
{
  conn_unref (data);
}

static void
answer_finished_cb (SoupServerMessage *msg, Conn *conn)
{
  conn->busy--;
  conn->last_answer = g_get_monotonic_time ();
}

/* Counts the request as in flight until its answer is written, so that the idle timeout
 * leaves a connection alone while the Sandbox itself holds the answer back. */
static void
conn_track (Conn *conn, SoupServerMessage *msg)
{
  conn->busy++;
  g_signal_connect_data (msg, "finished", G_CALLBACK (answer_finished_cb), conn_ref (conn),
                         conn_closure_unref, 0);
}

static gboolean
conn_is_idle (Conn *conn, gint64 now, guint idle_timeout)
{
  gint64 last = MAX (conn->last_answer, herald_sandbox_limiter_get_last_input (conn->limiter));

  return conn->busy == 0 && now - last >= (gint64) idle_timeout * G_USEC_PER_SEC;
}

/* Once a second: forgets connections libsoup has closed, and ends those idle too long.
 * (The socket's own timeout does not do it once TLS is up: libsoup waits on the TLS
 * connection's source, which only wakes it to a read that would block, never to a timeout.)
 * Shutting the socket down makes libsoup read the end of the stream and close the connection
 * the usual way. */
static gboolean
sweep_cb (gpointer data)
{
  HeraldSandbox *self = data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer key;
  guint idle_timeout;

  g_mutex_lock (&self->mutex);
  idle_timeout = self->idle_timeout;
  g_mutex_unlock (&self->mutex);

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Conn *conn = key;

      if (g_io_stream_is_closed (conn->stream))
        {
          g_io_stream_close (G_IO_STREAM (conn->tls), NULL, NULL);
          g_hash_table_iter_remove (&iter);
        }
      else if (conn_is_idle (conn, now, idle_timeout))
        g_socket_shutdown (g_socket_connection_get_socket (conn->connection), TRUE, TRUE, NULL);
    }
  return G_SOURCE_CONTINUE;
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
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  Conn *conn = remote ? g_object_get_data (G_OBJECT (remote), CONN_KEY) : NULL;

  /* The whole request has been read: what comes next on the connection is a new head. */
  if (conn != NULL)
    {
      herald_sandbox_limiter_expect_head (conn->limiter);
      conn_track (conn, msg);
    }
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
/* Connections                                                                              */

static gboolean
linger_cb (GSocket *socket, GIOCondition condition, gpointer data)
{
  gsize *drained = data;
  char buffer[16384];
  gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);

  if (n > 0 && (*drained += n) < LINGER_MAX_BYTES)
    return G_SOURCE_CONTINUE;
  g_socket_close (socket, NULL);
  return G_SOURCE_REMOVE;
}

/* Reads and drops what the peer still sends for a while, through a duplicate of the socket,
 * so that closing the connection's own socket neither resets it nor cuts the answer short. */
static void
linger (GSocket *socket)
{
  int fd = dup (g_socket_get_fd (socket));
  g_autoptr (GSocket) copy = fd >= 0 ? g_socket_new_from_fd (fd, NULL) : NULL;
  g_autoptr (GSource) source = NULL;

  if (copy == NULL)
    {
      if (fd >= 0)
        close (fd);
      return;
    }
  /* The answer is all there is: the peer reads it, then the end of the stream. */
  g_socket_shutdown (copy, FALSE, TRUE, NULL);
  g_socket_set_blocking (copy, FALSE);
  g_socket_set_timeout (copy, LINGER_SECONDS);
  source = g_socket_create_source (copy, G_IO_IN, NULL);
  g_source_set_callback (source, G_SOURCE_FUNC (linger_cb), g_new0 (gsize, 1), g_free);
  g_source_set_name (source, "[herald-sandbox] linger");
  g_source_attach (source, g_main_context_get_thread_default ());
}

static void
refused_cb (HeraldSandboxLimiter *limiter, guint status, Conn *conn)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (conn->tls));
  const char *reason = soup_status_get_phrase (status);
  g_autofree char *body = g_strdup_printf (
      "<html>\r\n<head><title>%u %s</title></head>\r\n<body>\r\n<center><h1>%u %s</h1>"
      "</center>\r\n<hr><center>herald-sandbox</center>\r\n</body>\r\n</html>\r\n",
      status, reason, status, reason);
  g_autofree char *answer =
      g_strdup_printf ("HTTP/1.1 %u %s\r\nServer: herald-sandbox\r\nContent-Type: text/html\r\n"
                       "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                       status, reason, strlen (body), body);

  /* libsoup fails the read and closes the connection next: answer now, on the same thread. */
  if (g_output_stream_write_all (output, answer, strlen (answer), NULL, NULL, NULL))
    g_output_stream_flush (output, NULL, NULL);
  linger (g_socket_connection_get_socket (conn->connection));
}

/* Hands a connection whose TLS handshake is done to libsoup, behind a limiter that measures
 * each request head. */
static void
hand_over (HeraldSandbox *self, GSocketConnection *connection, GTlsConnection *tls)
{
  g_autoptr (GInputStream) input = NULL;
  g_autoptr (GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr (GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  Conn *conn;

  if (local == NULL || remote == NULL)
    {
      g_io_stream_close (G_IO_STREAM (tls), NULL, NULL);
      return;
    }
  conn = g_rc_box_new0 (Conn);
  conn->connection = g_object_ref (connection);
  conn->tls = g_object_ref (tls);
  conn->limiter = herald_sandbox_limiter_new (MAX_REQUEST_LINE, MAX_HEAD);
  conn->last_answer = g_get_monotonic_time ();
  input = g_converter_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (tls)),
                                        G_CONVERTER (conn->limiter));
  conn->stream = g_simple_io_stream_new (input, g_io_stream_get_output_stream (G_IO_STREAM (tls)));
  /* No reference for the handler: the limiter is part of the connection it would keep. */
  g_signal_connect (conn->limiter, "refused", G_CALLBACK (refused_cb), conn);
  /* libsoup hands each request's remote address to the handler: the way back to the
   * connection. */
  g_object_set_data_full (G_OBJECT (remote), CONN_KEY, conn_ref (conn),
                          (GDestroyNotify) conn_unref);
  g_hash_table_add (self->connections, conn);
  soup_server_accept_iostream (self->server, conn->stream, local, remote, NULL);
}

/* A connection between accept and the end of its TLS handshake (server thread only). */
typedef struct
{
  HeraldSandbox *self;
  GSocketConnection *connection;
  GTlsConnection *tls; /* once the handshake runs */
  GSource *source;     /* while waiting for the ClientHello */
  gint64 deadline;
} Incoming;

static void
incoming_free (Incoming *incoming)
{
  if (incoming->source != NULL)
    {
      g_source_destroy (incoming->source);
      g_source_unref (incoming->source);
    }
  g_clear_object (&incoming->tls);
  g_clear_object (&incoming->connection);
  g_free (incoming);
}

static void
incoming_drop (Incoming *incoming)
{
  g_io_stream_close (G_IO_STREAM (incoming->connection), NULL, NULL);
  g_hash_table_remove (incoming->self->incoming, incoming);
}

static void
handshake_cb (GObject *source_object, GAsyncResult *result, gpointer data)
{
  Incoming *incoming = data;
  HeraldSandbox *self = incoming->self;
  g_autoptr (GError) error = NULL;
  guint idle_timeout;

  if (!g_tls_connection_handshake_finish (incoming->tls, result, &error) || self->stopping)
    {
      g_debug ("TLS handshake ended: %s", error != NULL ? error->message : "stopping");
      incoming_drop (incoming);
      return;
    }
  g_mutex_lock (&self->mutex);
  idle_timeout = self->idle_timeout;
  g_mutex_unlock (&self->mutex);
  /* The idle timeout also bounds a blocking write to a peer that stopped reading. */
  g_socket_set_timeout (g_socket_connection_get_socket (incoming->connection), idle_timeout);
  hand_over (self, incoming->connection, incoming->tls);
  g_hash_table_remove (self->incoming, incoming);
}

static void
start_handshake (Incoming *incoming)
{
  HeraldSandbox *self = incoming->self;
  GSocket *socket = g_socket_connection_get_socket (incoming->connection);
  g_autoptr (GError) error = NULL;
  GIOStream *tls;

  /* The handshake runs in GIO's shared thread pool with blocking reads: the socket's timeout
   * bounds how long a peer that stalls halfway can hold a thread there. */
  g_socket_set_blocking (socket, TRUE);
  g_socket_set_timeout (socket,
                        MAX (1, (incoming->deadline - g_get_monotonic_time ()) / G_USEC_PER_SEC));
  /* With no database given, the connection would load and parse the system's whole CA
   * bundle, for client certificates the Sandbox never asks for: tens of milliseconds each. */
  tls = g_initable_new (g_tls_backend_get_server_connection_type (g_tls_backend_get_default ()),
                        NULL, &error, "base-io-stream", incoming->connection, "certificate",
                        self->certificate, "database", NULL, "require-close-notify", FALSE, NULL);
  if (tls == NULL)
    {
      g_warning ("The Sandbox could not start TLS: %s", error->message);
      incoming_drop (incoming);
      return;
    }
  incoming->tls = G_TLS_CONNECTION (tls);
  g_tls_connection_handshake_async (incoming->tls, G_PRIORITY_DEFAULT, self->cancellable,
                                    handshake_cb, incoming);
}

/* Whether the first TLS record (the ClientHello) has fully arrived; FALSE with *failed when
 * the peer closed or failed. Anything but a TLS handshake record counts as arrived: the
 * handshake then fails on it at once. */
static gboolean
hello_has_arrived (GSocket *socket, gboolean *failed)
{
  guint8 buffer[5 + 16384];
  GInputVector vector = { buffer, sizeof buffer };
  int flags = G_SOCKET_MSG_PEEK;
  g_autoptr (GError) error = NULL;
  gssize n = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, &error);

  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return FALSE;
  if (n <= 0)
    {
      *failed = TRUE;
      return FALSE;
    }
  if (n < 5)
    return buffer[0] != 0x16;
  return buffer[0] != 0x16 || (gsize) n >= 5 + ((gsize) buffer[3] << 8 | buffer[4]) ||
         (gsize) n == sizeof buffer;
}

static gboolean check_hello (gpointer data);

static gboolean
hello_readable_cb (GSocket *socket, GIOCondition condition, gpointer data)
{
  return check_hello (data);
}

/* The handshake starts only once the ClientHello is all there: a connection that never
 * speaks TLS then costs no thread and blocks no other handshake; it is closed when the
 * handshake timeout passes. A partial hello is looked at again shortly (peeking leaves it
 * readable, so waiting for input would spin). */
static gboolean
check_hello (gpointer data)
{
  Incoming *incoming = data;
  GSocket *socket = g_socket_connection_get_socket (incoming->connection);
  gboolean failed = FALSE;
  gboolean arrived = hello_has_arrived (socket, &failed);

  g_clear_pointer (&incoming->source, g_source_unref);
  if (arrived)
    start_handshake (incoming);
  else if (failed || g_get_monotonic_time () >= incoming->deadline)
    incoming_drop (incoming);
  else
    {
      incoming->source = g_timeout_source_new (20);
      g_source_set_callback (incoming->source, check_hello, incoming, NULL);
      g_source_attach (incoming->source, g_main_context_get_thread_default ());
    }
  return G_SOURCE_REMOVE;
}

static gboolean
incoming_cb (GSocketService *service,
             GSocketConnection *connection,
             GObject *source_object,
             gpointer user_data)
{
  HeraldSandbox *self = user_data;
  GSocket *socket = g_socket_connection_get_socket (connection);
  Incoming *incoming;
  guint handshake_timeout;

  if (self->stopping || g_hash_table_size (self->incoming) >= MAX_HANDSHAKES)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }
  g_mutex_lock (&self->mutex);
  handshake_timeout = self->handshake_timeout;
  g_mutex_unlock (&self->mutex);

  incoming = g_new0 (Incoming, 1);
  incoming->self = self;
  incoming->connection = g_object_ref (connection);
  incoming->deadline = g_get_monotonic_time () + handshake_timeout * G_USEC_PER_SEC;
  g_hash_table_add (self->incoming, incoming);

  /* As libsoup does for the sockets it accepts: an answer goes out in two writes (head, then
   * body), which Nagle's algorithm would hold back for the peer's delayed ACK. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  /* The socket's own timeout ends the wait for a hello that never comes. */
  g_socket_set_blocking (socket, FALSE);
  g_socket_set_timeout (socket, handshake_timeout);
  incoming->source = g_socket_create_source (socket, G_IO_IN, NULL);
  g_source_set_callback (incoming->source, G_SOURCE_FUNC (hello_readable_cb), incoming, NULL);
  g_source_set_name (incoming->source, "[herald-sandbox] hello");
  g_source_attach (incoming->source, g_main_context_get_thread_default ());
  return TRUE;
}

/* libsoup keeps a connection alive after an answer only while the server has a listener; the
 * connections come from our own TLS acceptor, so it gets one nobody can reach: one end of a
 * socket pair whose other end never writes. */
static gboolean
give_dormant_listener (HeraldSandbox *self, GError **error)
{
  int fds[2];
  g_autoptr (GSocket) end = NULL;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errno), g_strerror (errno));
      return FALSE;
    }
  end = g_socket_new_from_fd (fds[0], error);
  if (end == NULL)
    {
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }
  self->dormant_peer = g_socket_new_from_fd (fds[1], error);
  if (self->dormant_peer == NULL)
    {
      close (fds[1]);
      return FALSE;
    }
  return soup_server_listen_socket (self->server, end, 0, error);
}

static gboolean
listen_on_loopback (HeraldSandbox *self, GError **error)
{
  g_autoptr (GInetAddress) address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) socket_address =
      g_inet_socket_address_new (address, self->requested_port);
  g_autoptr (GSocketAddress) effective = NULL;

  self->server = soup_server_new ("server-header", "herald-sandbox ", NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  if (!give_dormant_listener (self, error))
    return FALSE;

  self->service = g_socket_service_new ();
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (self->service), 128);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), socket_address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &effective,
                                      error))
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);
  return TRUE;
}

/* Stops new connections, drops those waiting for a hello and waits for the handshakes in
 * flight, which the cancellable ends. */
static void
stop_accepting (HeraldSandbox *self)
{
  GHashTableIter iter;
  gpointer key;
  g_autoptr (GPtrArray) waiting = g_ptr_array_new ();

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
    }
  self->stopping = TRUE;
  g_cancellable_cancel (self->cancellable);

  g_hash_table_iter_init (&iter, self->incoming);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (((Incoming *) key)->tls == NULL)
      g_ptr_array_add (waiting, key);
  for (guint i = 0; i < waiting->len; i++)
    incoming_drop (g_ptr_array_index (waiting, i));
  while (g_hash_table_size (self->incoming) > 0)
    g_main_context_iteration (self->context, TRUE);
  g_clear_object (&self->service);
}

/* ---------------------------------------------------------------------------------------- */
/* The server thread                                                                        */

static gpointer
server_thread (gpointer data)
{
  HeraldSandbox *self = data;
  GError *error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);
  self->pending = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) g_source_unref, NULL);
  self->cancellable = g_cancellable_new ();
  self->stopping = FALSE;
  self->incoming = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) incoming_free, NULL);
  self->connections = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) conn_unref, NULL);

  ok = listen_on_loopback (self, &error);

  g_mutex_lock (&self->mutex);
  self->start_error = error;
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (ok)
    {
      self->sweep = g_timeout_source_new_seconds (1);
      g_source_set_callback (self->sweep, sweep_cb, self, NULL);
      g_source_set_name (self->sweep, "[herald-sandbox] idle connections");
      g_source_attach (self->sweep, self->context);
      g_main_loop_run (self->loop);
      g_source_destroy (self->sweep);
      g_clear_pointer (&self->sweep, g_source_unref);
    }

  stop_accepting (self);

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
  g_clear_object (&self->dormant_peer);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  /* Let the connections' close callbacks run before the context goes. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->incoming, g_hash_table_unref);
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
herald_sandbox_set_clock (HeraldSandbox *self, HeraldSandboxClock clock, gpointer user_data)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  herald_sandbox_store_set_clock (self->store, clock, user_data);
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

void
herald_sandbox_set_max_messages (HeraldSandbox *self, guint max_messages)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  herald_sandbox_store_set_message_cap (self->store, max_messages);
}

void
herald_sandbox_set_timeouts (HeraldSandbox *self, guint handshake_seconds, guint idle_seconds)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));
  g_return_if_fail (handshake_seconds > 0 && idle_seconds > 0);

  g_mutex_lock (&self->mutex);
  self->handshake_timeout = handshake_seconds;
  self->idle_timeout = idle_seconds;
  g_mutex_unlock (&self->mutex);
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
