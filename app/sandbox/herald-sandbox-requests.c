/* herald-sandbox-requests.c: one HTTP request from head to answer: credentials, faults, the
 * route to the Send API or the REST resources, and the answer in Mailjet's dialects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <string.h>

#include "herald-sandbox-server-private.h"

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
  else
    {
      self->reads++;
      if (self->read_fault_from != 0 && self->reads >= self->read_fault_from)
        fault = self->read_fault;
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

void
herald_sandbox_server_callback (SoupServer *server,
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
  HeraldSandboxConn *conn = remote ? g_object_get_data (G_OBJECT (remote), CONN_KEY) : NULL;

  /* The whole request has been read: what comes next on the connection is a new head. */
  if (conn != NULL)
    {
      herald_sandbox_limiter_expect_head (conn->limiter);
      herald_sandbox_conn_track (conn, msg);
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
