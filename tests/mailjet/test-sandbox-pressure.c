/* test-sandbox-pressure.c: the Sandbox under pressure and on the wire: keep-alive after a
 * 204, many stored messages, connections that never speak TLS or go idle, oversized request
 * heads, and the herald-sandbox command's credentials and help.
 *
 * Everything talks to 127.0.0.1 only, with bounded counts; every wait has a client-side
 * timeout, so that a hang turns into a failure rather than a stuck test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "herald-sandbox-private.h"
#include "herald-sandbox.h"
#include "test-sandbox-util.h"

/* No client-side wait here lasts longer; the Sandbox's handshake timeout is 10 s. */
#define CLIENT_TIMEOUT 8

/* ---------------------------------------------------------------------------------------- */
/* A raw HTTP/1.1 client over TLS on one connection, to see what the server really does with
 * a connection (libsoup's client would quietly retry on a fresh one).                       */

typedef struct
{
  GSocketConnection *tcp;
  GIOStream *tls;
  GDataInputStream *in;
  GOutputStream *out;
} Raw;

typedef struct
{
  guint status; /* 0: no answer (the connection ended or failed first) */
  char *head;
  char *body;
  gboolean closed; /* the server ended the connection right after the answer */
} RawAnswer;

static void
raw_answer_free (RawAnswer *answer)
{
  g_free (answer->head);
  g_free (answer->body);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawAnswer, raw_answer_free)

static GSocketConnection *
tcp_connect (HeraldSandbox *sandbox)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GError) error = NULL;
  GSocketConnection *tcp;

  g_socket_client_set_timeout (client, CLIENT_TIMEOUT);
  tcp = g_socket_client_connect_to_host (client, "127.0.0.1", herald_sandbox_get_port (sandbox),
                                         NULL, &error);
  g_assert_no_error (error);
  return tcp;
}

static void
raw_free (Raw *raw)
{
  if (raw->tls != NULL)
    g_io_stream_close (raw->tls, NULL, NULL);
  g_clear_object (&raw->in);
  g_clear_object (&raw->tls);
  g_clear_object (&raw->tcp);
  g_free (raw);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Raw, raw_free)

static Raw *
raw_connect (HeraldSandbox *sandbox)
{
  Raw *raw = g_new0 (Raw, 1);
  g_autoptr (GSocketConnectable) identity =
      g_network_address_new ("127.0.0.1", herald_sandbox_get_port (sandbox));
  g_autoptr (GTlsDatabase) database = NULL;
  g_autoptr (GError) error = NULL;

  raw->tcp = tcp_connect (sandbox);
  database = g_tls_file_database_new (herald_sandbox_get_certificate_file (sandbox), &error);
  g_assert_no_error (error);
  raw->tls = g_tls_client_connection_new (G_IO_STREAM (raw->tcp), identity, &error);
  g_assert_no_error (error);
  g_tls_connection_set_database (G_TLS_CONNECTION (raw->tls), database);
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (raw->tls), FALSE);
  g_tls_connection_handshake (G_TLS_CONNECTION (raw->tls), NULL, &error);
  g_assert_no_error (error);
  raw->in = g_data_input_stream_new (g_io_stream_get_input_stream (raw->tls));
  g_data_input_stream_set_newline_type (raw->in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  raw->out = g_io_stream_get_output_stream (raw->tls);
  return raw;
}

static gboolean
raw_send (Raw *raw, const char *method, const char *target, const char *extra_headers)
{
  g_autofree char *request =
      g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
                       "a2V5OnNlY3JldA==\r\n%sContent-Length: 0\r\n\r\n",
                       method, target, extra_headers ? extra_headers : "");

  return g_output_stream_write_all (raw->out, request, strlen (request), NULL, NULL, NULL);
}

/* Whether the server has ended the connection: the next read gives the end of the stream or
 * an error (a TLS layer may report a missing close_notify as one). */
static gboolean
raw_at_end (Raw *raw)
{
  guint8 byte;
  g_autoptr (GError) error = NULL;
  gssize n = g_input_stream_read (G_INPUT_STREAM (raw->in), &byte, 1, NULL, &error);

  if (error != NULL)
    g_test_message ("read after the answer: %s", error->message);
  return n == 0 || (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
}

static RawAnswer *
raw_read_answer (Raw *raw)
{
  RawAnswer *answer = g_new0 (RawAnswer, 1);
  g_autoptr (GString) head = g_string_new (NULL);
  guint64 length = 0;
  gsize got = 0;
  char *line;

  answer->body = g_strdup ("");
  while ((line = g_data_input_stream_read_line (raw->in, NULL, NULL, NULL)) != NULL)
    {
      gboolean end = line[0] == '\0';

      if (head->len == 0)
        sscanf (line, "HTTP/1.%*d %u", &answer->status);
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        length = g_ascii_strtoull (line + 15, NULL, 10);
      g_string_append_printf (head, "%s\n", line);
      g_free (line);
      if (end)
        break;
    }
  answer->head = g_strdup (head->str);
  if (line == NULL)
    {
      answer->status = 0;
      return answer;
    }
  if (length > 0)
    {
      g_free (answer->body);
      answer->body = g_malloc0 (length + 1);
      if (!g_input_stream_read_all (G_INPUT_STREAM (raw->in), answer->body, length, &got, NULL,
                                    NULL) ||
          got != length)
        answer->status = 0;
    }
  return answer;
}

/* ---------------------------------------------------------------------------------------- */

typedef SandboxFixture Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->sandbox = herald_sandbox_new ();
  herald_sandbox_set_speed (f->sandbox, 100);
  if (data != NULL)
    herald_sandbox_set_timeouts (f->sandbox, 1, 1);
  f->session = sandbox_test_start (f->sandbox);
}

static void
assert_sandbox_answers (Fixture *f)
{
  g_autoptr (Raw) raw = raw_connect (f->sandbox);
  g_autoptr (RawAnswer) answer = NULL;

  g_assert_true (raw_send (raw, "GET", "/v3/REST/myprofile", NULL));
  answer = raw_read_answer (raw);
  g_assert_cmpuint (answer->status, ==, 200);
}

/* §7.1: DELETE /template/{id} answers 204; the connection stays usable, as on Mailjet (the
 * Node SDK's keep-alive agent sends its next request on it). */
static void
test_keep_alive_after_204 (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) created = NULL;
  g_autoptr (Raw) raw = NULL;
  g_autoptr (RawAnswer) deleted = NULL;
  g_autoptr (RawAnswer) next = NULL;
  g_autofree char *target = NULL;

  created = sandbox_request (f->session, f->sandbox, "POST", "/v3/REST/template",
                             "{\"Name\":\"keep-alive\"}", "key:secret", NULL);
  g_assert_cmpuint (created->status, ==, 201);
  target = g_strdup_printf (
      "/v3/REST/template/%" G_GINT64_FORMAT,
      json_object_get_int_member (sandbox_path_object (created->json, "Data", 0, NULL), "ID"));

  raw = raw_connect (f->sandbox);
  g_assert_true (raw_send (raw, "DELETE", target, NULL));
  deleted = raw_read_answer (raw);
  g_assert_cmpuint (deleted->status, ==, 204);
  /* RFC 9110 §8.6: no Content-Length in a 204. */
  g_assert_null (strstr (deleted->head, "Content-Length"));

  g_assert_true (raw_send (raw, "GET", target, NULL));
  next = raw_read_answer (raw);
  /* The template is gone: shape B's 404, on the same connection. */
  g_assert_cmpuint (next->status, ==, 404);
  g_assert_nonnull (strstr (next->body, "does not exist"));
}

/* A 64 KB URL gets 414 and a 100 KB header 431, then the connection ends; before, libsoup's
 * own 64 KB limit dropped the connection without an answer. */
static void
test_oversized_heads (Fixture *f, gconstpointer data)
{
  g_autofree char *long_target = NULL;
  g_autofree char *big_header = NULL;
  g_autofree char *filler = g_strnfill (100 * 1024, 'b');
  g_autofree char *letters = g_strnfill (64 * 1024, 'a');

  long_target = g_strconcat ("/v3/REST/message?CustomID=", letters, NULL);
  {
    g_autoptr (Raw) raw = raw_connect (f->sandbox);
    g_autoptr (RawAnswer) answer = NULL;

    raw_send (raw, "GET", long_target, NULL);
    answer = raw_read_answer (raw);
    g_assert_cmpuint (answer->status, ==, 414);
    g_assert_nonnull (strstr (answer->head, "Connection: close"));
    g_assert_true (raw_at_end (raw));
  }

  big_header = g_strdup_printf ("X-Filler: %s\r\n", filler);
  {
    g_autoptr (Raw) raw = raw_connect (f->sandbox);
    g_autoptr (RawAnswer) answer = NULL;

    raw_send (raw, "GET", "/v3/REST/myprofile", big_header);
    answer = raw_read_answer (raw);
    g_assert_cmpuint (answer->status, ==, 431);
    g_assert_true (raw_at_end (raw));
  }

  /* A head just under the limits still goes through, on a connection that then goes on. */
  {
    g_autofree char *fair = g_strnfill (7 * 1024, 'c');
    g_autofree char *target = g_strconcat ("/v3/REST/message?CustomID=", fair, NULL);
    g_autoptr (Raw) raw = raw_connect (f->sandbox);
    g_autoptr (RawAnswer) first = NULL;
    g_autoptr (RawAnswer) second = NULL;

    raw_send (raw, "GET", target, NULL);
    first = raw_read_answer (raw);
    g_assert_cmpuint (first->status, ==, 200);
    raw_send (raw, "GET", target, NULL);
    second = raw_read_answer (raw);
    g_assert_cmpuint (second->status, ==, 200);
  }
  assert_sandbox_answers (f);
}

/* Connections that never start TLS do not hold up a real client's handshake. */
static void
test_idle_connections (Fixture *f, gconstpointer data)
{
  const guint counts[] = { 0, 30, 100 };

  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    {
      g_autoptr (GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
      gint64 start, elapsed;

      for (guint i = 0; i < counts[c]; i++)
        g_ptr_array_add (idle, tcp_connect (f->sandbox));
      /* Let the server accept them all before the real client comes. */
      g_usleep (200 * 1000);

      start = g_get_monotonic_time ();
      assert_sandbox_answers (f);
      elapsed = g_get_monotonic_time () - start;
      g_test_message ("with %u idle connections open, a TLS request took %.0f ms", counts[c],
                      elapsed / 1000.0);
      /* Not a measure of speed, the guard that turns a stall into a failure: the request must
       * not have waited for the idle connections' handshake timeout (10 s) to free the way.
       * (The client's own socket timeout cannot catch it: this process's handshakes, the
       * client's included, wait in the same GIO thread pool.) */
      g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);
    }
}

/* A connection that never starts TLS is closed after the handshake timeout (1 s here), and a
 * keep-alive connection after the idle timeout (1 s here). */
static void
test_timeouts (Fixture *f, gconstpointer data)
{
  g_autoptr (GSocketConnection) silent = tcp_connect (f->sandbox);
  GSocket *socket = g_socket_connection_get_socket (silent);
  g_autoptr (GError) error = NULL;
  g_autoptr (Raw) raw = NULL;
  g_autoptr (RawAnswer) answer = NULL;
  char byte;
  gssize n;

  g_socket_set_timeout (socket, CLIENT_TIMEOUT);
  n = g_socket_receive (socket, &byte, 1, NULL, &error);
  /* The end of the stream (or a reset), not our own timeout. */
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
  g_assert_cmpint (n, <=, 0);

  /* A generous handshake timeout again for the next connection: a loaded machine may take
   * more than a second over a handshake. */
  herald_sandbox_set_timeouts (f->sandbox, 10, 1);
  raw = raw_connect (f->sandbox);
  g_socket_set_timeout (g_socket_connection_get_socket (raw->tcp), CLIENT_TIMEOUT);
  raw_send (raw, "GET", "/v3/REST/myprofile", NULL);
  answer = raw_read_answer (raw);
  g_assert_cmpuint (answer->status, ==, 200);
  g_assert_true (raw_at_end (raw));
}

/* ---------------------------------------------------------------------------------------- */
/* The message store, in process: eviction and paging                                        */

static HeraldSandboxStore *
store_new (void)
{
  HeraldSandboxStore *store = herald_sandbox_store_new ();

  herald_sandbox_store_set_visibility_delay (store, 0);
  return store;
}

static gint64
store_send (HeraldSandboxStore *store, guint n)
{
  g_autofree char *body = g_strdup_printf (
      "{\"Messages\":[{\"From\":{\"Email\":\"pilot@example.com\"},\"To\":[{\"Email\":"
      "\"ok+%u@example.com\"}],\"Subject\":\"Flood %u\",\"TextPart\":\"x\","
      "\"CustomID\":\"flood-%u\"}]}",
      n, n, n);
  HeraldSandboxReply reply = { 0 };
  JsonObject *to;
  gint64 id;

  herald_sandbox_store_send_v31 (store, body, strlen (body), &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  to = sandbox_path_object (reply.body, "Messages", 0, "To", 0, NULL);
  id = json_object_get_int_member (to, "MessageID");
  herald_sandbox_reply_clear (&reply);
  return id;
}

/* GET on /v3/REST/<path>; returns the status and, in *root, the body. */
static guint
store_get (HeraldSandboxStore *store, const char *path, const char *query_text, JsonNode **root)
{
  g_auto (GStrv) segments = g_strsplit (path, "/", -1);
  g_autoptr (GHashTable) query =
      query_text != NULL ? g_uri_parse_params (query_text, -1, "&", G_URI_PARAMS_WWW_FORM, NULL)
                         : NULL;
  HeraldSandboxReply reply = { 0 };
  guint status;

  g_assert_true (herald_sandbox_store_rest (store, "GET", segments, query, NULL, 0, &reply));
  status = reply.status;
  if (root != NULL)
    *root = reply.body != NULL ? json_node_ref (reply.body) : NULL;
  herald_sandbox_reply_clear (&reply);
  return status;
}

/* @method on /v3/REST/<path>: the status, or 0 when the Sandbox does not know the resource
 * (its caller then answers nginx's 404). */
static guint
store_call_body (HeraldSandboxStore *store,
                 const char *method,
                 const char *path,
                 const char *body,
                 HeraldSandboxStyle *style)
{
  g_auto (GStrv) segments = g_strsplit (path, "/", -1);
  HeraldSandboxReply reply = { 0 };
  guint status;

  if (!herald_sandbox_store_rest (store, method, segments, NULL, body,
                                  body != NULL ? strlen (body) : 0, &reply))
    return 0;
  status = reply.status;
  if (style != NULL)
    *style = reply.style;
  herald_sandbox_reply_clear (&reply);
  return status;
}

static guint
store_call (HeraldSandboxStore *store,
            const char *method,
            const char *path,
            HeraldSandboxStyle *style)
{
  return store_call_body (store, method, path, NULL, style);
}

/* The routing table answers as the string chain it replaced: 405 for a method a known path
 * does not take, 404 for what is not there, in the dialect of the resource. */
static void
test_routes (void)
{
  HeraldSandboxStore *store = store_new ();
  HeraldSandboxStyle style = HERALD_SANDBOX_STYLE_LEGACY;

  g_assert_cmpuint (store_call (store, "GET", "nosuchresource", NULL), ==, 0);
  g_assert_cmpuint (store_call (store, "POST", "message", NULL), ==, 405);
  g_assert_cmpuint (store_call (store, "DELETE", "myprofile", NULL), ==, 405);
  g_assert_cmpuint (store_call (store, "GET", "myprofile", NULL), ==, 200);
  g_assert_cmpuint (store_call (store, "GET", "message/1/extra", NULL), ==, 404);
  g_assert_cmpuint (store_call (store, "GET", "sender/46935/validate", NULL), ==, 405);
  g_assert_cmpuint (store_call (store, "GET", "sender/46935", NULL), ==, 200);
  /* Templates answer their own 404 (the modern dialect) for anything under a template... */
  g_assert_cmpuint (store_call_body (store, "POST", "template", "{\"Name\":\"routes\"}", NULL), ==,
                    201);
  g_assert_cmpuint (store_call (store, "GET", "template/5000001", NULL), ==, 200);
  g_assert_cmpuint (store_call (store, "GET", "template/5000001/unknown", &style), ==, 404);
  g_assert_cmpint (style, ==, HERALD_SANDBOX_STYLE_MODERN);
  g_assert_cmpuint (store_call (store, "GET", "template/5000002", &style), ==, 404);
  g_assert_cmpint (style, ==, HERALD_SANDBOX_STYLE_MODERN);
  /* ...but a method that a known path does not take is still a 405. */
  g_assert_cmpuint (store_call (store, "DELETE", "template/5000001/detailcontent", NULL), ==, 405);
  g_assert_cmpuint (store_call (store, "PATCH", "template/5000001", NULL), ==, 405);
  herald_sandbox_store_free (store);
}

static void
test_eviction (void)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  HeraldSandboxStore *store = store_new ();
  const guint cap = 50, sent = 120;

  herald_sandbox_store_set_message_cap (store, cap);
  for (guint i = 0; i < sent; i++)
    {
      gint64 id = store_send (store, i);

      g_array_append_val (ids, id);
    }
  g_assert_cmpuint (herald_sandbox_store_count_messages (store), ==, cap);

  for (guint i = 0; i < sent; i++)
    {
      g_autofree char *message =
          g_strdup_printf ("message/%" G_GINT64_FORMAT, g_array_index (ids, gint64, i));
      g_autofree char *history =
          g_strdup_printf ("messagehistory/%" G_GINT64_FORMAT, g_array_index (ids, gint64, i));
      g_autoptr (JsonNode) events = NULL;
      gboolean kept = i >= sent - cap;

      /* Oldest first: the first 70 are gone (404, §5.5), history and all (§5.3: an empty
       * list for an unknown id); the newest 50 are there. */
      g_assert_cmpuint (store_get (store, message, NULL, NULL), ==, kept ? 200 : 404);
      g_assert_cmpuint (store_get (store, history, NULL, &events), ==, 200);
      if (!kept)
        g_assert_cmpint (json_object_get_int_member (json_node_get_object (events), "Count"), ==,
                         0);
    }
  herald_sandbox_store_free (store);
}

static void
test_list_pages (void)
{
  HeraldSandboxStore *store = store_new ();
  const guint sent = 1500;
  g_autoptr (JsonNode) page = NULL;
  g_autoptr (JsonNode) last = NULL;
  g_autoptr (JsonNode) newest = NULL;
  g_autoptr (JsonNode) counted = NULL;
  gint64 last_id = 0;
  guint before;
  JsonObject *o;

  for (guint i = 0; i < sent; i++)
    last_id = store_send (store, i);

  /* Limit=10 over 1500 messages: ten written out, Count 10, Total every match (§2.2). */
  before = herald_sandbox_store_count_serialised (store);
  g_assert_cmpuint (store_get (store, "message", "Limit=10", &page), ==, 200);
  o = json_node_get_object (page);
  g_assert_cmpint (json_object_get_int_member (o, "Count"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (o, "Total"), ==, sent);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "Data")), ==, 10);
  g_assert_cmpuint (herald_sandbox_store_count_serialised (store) - before, ==, 10);

  /* The last page ends with the newest message; Sort=ArrivedAt DESC starts with it. */
  g_assert_cmpuint (store_get (store, "message", "Limit=10&Offset=1495", &last), ==, 200);
  o = json_node_get_object (last);
  g_assert_cmpint (json_object_get_int_member (o, "Count"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (sandbox_path_object (last, "Data", 4, NULL), "ID"),
                   ==, last_id);
  g_assert_cmpuint (store_get (store, "message", "Limit=1&Sort=ArrivedAt+DESC", &newest), ==, 200);
  g_assert_cmpint (json_object_get_int_member (sandbox_path_object (newest, "Data", 0, NULL), "ID"),
                   ==, last_id);

  /* countOnly: no Data written at all. */
  before = herald_sandbox_store_count_serialised (store);
  g_assert_cmpuint (store_get (store, "message", "countOnly=1", &counted), ==, 200);
  o = json_node_get_object (counted);
  g_assert_cmpint (json_object_get_int_member (o, "Total"), ==, sent);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "Data")), ==, 0);
  g_assert_cmpuint (herald_sandbox_store_count_serialised (store), ==, before);
  herald_sandbox_store_free (store);
}

/* ---------------------------------------------------------------------------------------- */
/* The herald-sandbox command                                                                */

static const char *
sandbox_command (void)
{
  const char *path = g_getenv ("HERALD_SANDBOX");

  if (path == NULL)
    g_error ("HERALD_SANDBOX is not set: run this test through meson");
  return path;
}

typedef struct
{
  GSubprocess *process;
  GDataInputStream *out;
  char *url;
  char *certificate;
  char *api_key;
  char *secret_key;
} Command;

static void
command_free (Command *c)
{
  if (c->process != NULL)
    {
      g_subprocess_send_signal (c->process, SIGTERM);
      g_subprocess_wait (c->process, NULL, NULL);
    }
  g_clear_object (&c->out);
  g_clear_object (&c->process);
  g_free (c->url);
  g_free (c->certificate);
  g_free (c->api_key);
  g_free (c->secret_key);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Command, command_free)

/* A failed assertion must not leave a server behind holding the test's output open. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts herald-sandbox and reads what it prints until "Press Ctrl+C". */
static Command *
command_start (const char *const *extra_args, const char *env_key, const char *env_secret)
{
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  Command *c = g_new0 (Command, 1);
  char *line;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_unsetenv (launcher, "HERALD_SANDBOX_API_KEY");
  g_subprocess_launcher_unsetenv (launcher, "HERALD_SANDBOX_SECRET_KEY");
  if (env_key != NULL)
    g_subprocess_launcher_setenv (launcher, "HERALD_SANDBOX_API_KEY", env_key, TRUE);
  if (env_secret != NULL)
    g_subprocess_launcher_setenv (launcher, "HERALD_SANDBOX_SECRET_KEY", env_secret, TRUE);
  g_ptr_array_add (argv, (gpointer) sandbox_command ());
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);
  c->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  c->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (c->process));
  while ((line = g_data_input_stream_read_line (c->out, NULL, NULL, NULL)) != NULL)
    {
      gboolean done = g_str_has_prefix (line, "Press");

      if (g_str_has_prefix (line, "URL: "))
        c->url = g_strdup (line + 5);
      else if (g_str_has_prefix (line, "Certificate: "))
        c->certificate = g_strdup (line + 13);
      else if (g_str_has_prefix (line, "API key: "))
        c->api_key = g_strdup (line + 9);
      else if (g_str_has_prefix (line, "Secret key: "))
        c->secret_key = g_strdup (line + 12);
      g_free (line);
      if (done)
        break;
    }
  g_assert_nonnull (c->url);
  g_assert_nonnull (c->certificate);
  return c;
}

static SoupMessage *
command_request (Command *c,
                 SoupSession *session,
                 const char *method,
                 const char *path,
                 const char *body,
                 const char *key,
                 const char *secret,
                 char **answer)
{
  g_autofree char *url = g_strconcat (c->url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  if (body != NULL)
    {
      g_autoptr (GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
    }
  if (key != NULL)
    {
      g_autofree char *pair = g_strconcat (key, ":", secret, NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *value = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *answer = g_bytes_get_size (bytes) > 0
                ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                : g_strdup ("");
  return msg;
}

static SoupSession *
command_session (Command *c)
{
  g_autoptr (GTlsDatabase) database = NULL;
  g_autoptr (GError) error = NULL;
  SoupSession *session = soup_session_new_with_options ("timeout", CLIENT_TIMEOUT, NULL);

  database = g_tls_file_database_new (c->certificate, &error);
  g_assert_no_error (error);
  soup_session_set_tls_database (session, database);
  return session;
}

static void
assert_refused_v3 (SoupMessage *msg, const char *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  /* §1.3, recorded: empty text/html body and the challenge. */
  g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Type"), ==, "text/html");
  g_assert_cmpstr (body, ==, "");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "WWW-Authenticate"), ==,
                   "Basic realm=\"Provide an apiKey and secretKey\"");
}

static void
test_command_credentials (void)
{
  const char *args[] = { "--api-key", "ci-key", "--secret-key", "ci-secret", NULL };
  const char *send = "{\"Messages\":[{\"From\":{\"Email\":\"pilot@example.com\"},\"To\":[{"
                     "\"Email\":\"ok@example.com\"}],\"TextPart\":\"x\"}]}";
  g_autoptr (Command) c = command_start (args, NULL, NULL);
  g_autoptr (SoupSession) session = command_session (c);
  g_autoptr (SoupMessage) right = NULL;
  g_autoptr (SoupMessage) wrong = NULL;
  g_autoptr (SoupMessage) none = NULL;
  g_autoptr (SoupMessage) wrong_send = NULL;
  g_autofree char *right_body = NULL;
  g_autofree char *wrong_body = NULL;
  g_autofree char *none_body = NULL;
  g_autofree char *send_body = NULL;

  g_assert_cmpstr (c->api_key, ==, "ci-key");
  /* A secret that was given is not printed back. */
  g_assert_null (c->secret_key);

  right = command_request (c, session, "GET", "/v3/REST/myprofile", NULL, "ci-key", "ci-secret",
                           &right_body);
  g_assert_cmpuint (soup_message_get_status (right), ==, 200);
  wrong = command_request (c, session, "GET", "/v3/REST/myprofile", NULL, "ci-key", "other",
                           &wrong_body);
  assert_refused_v3 (wrong, wrong_body);
  none = command_request (c, session, "GET", "/v3/REST/myprofile", NULL, NULL, NULL, &none_body);
  assert_refused_v3 (none, none_body);

  /* v3.1 answers with JSON (resource_send_v31_invalid_credentials.yml). */
  wrong_send =
      command_request (c, session, "POST", "/v3.1/send", send, "some-key", "ci-secret", &send_body);
  g_assert_cmpuint (soup_message_get_status (wrong_send), ==, 401);
  g_assert_nonnull (strstr (send_body, "\"ErrorMessage\":\"API key authentication/authorization "
                                       "failure."));
}

static void
test_command_generated_credentials (void)
{
  g_autoptr (Command) c = command_start (NULL, NULL, NULL);
  g_autoptr (Command) from_env = command_start (NULL, "env-key", "env-secret");
  g_autoptr (SoupSession) session = command_session (c);
  g_autoptr (SoupSession) env_session = command_session (from_env);
  g_autoptr (SoupMessage) right = NULL;
  g_autoptr (SoupMessage) guessed = NULL;
  g_autoptr (SoupMessage) env_right = NULL;
  g_autofree char *right_body = NULL;
  g_autofree char *guessed_body = NULL;
  g_autofree char *env_body = NULL;

  g_assert_nonnull (c->api_key);
  g_assert_nonnull (c->secret_key);
  right = command_request (c, session, "GET", "/v3/REST/myprofile", NULL, c->api_key, c->secret_key,
                           &right_body);
  g_assert_cmpuint (soup_message_get_status (right), ==, 200);
  guessed = command_request (c, session, "GET", "/v3/REST/myprofile", NULL, "key", "secret",
                             &guessed_body);
  assert_refused_v3 (guessed, guessed_body);

  g_assert_cmpstr (from_env->api_key, ==, "env-key");
  env_right = command_request (from_env, env_session, "GET", "/v3/REST/myprofile", NULL, "env-key",
                               "env-secret", &env_body);
  g_assert_cmpuint (soup_message_get_status (env_right), ==, 200);
}

static void
test_command_help (void)
{
  const char *argv[] = { sandbox_command (), "--help", NULL };
  const char *documented[] = {
    /* the special recipients (herald-sandbox --help, reference §5.6) */
    "ok@", "bounce@", "soft@", "blocked@", "spam@", "slow@",
    /* every fault header value */
    "X-Herald-Sandbox-Fault", "401", "429", "500", "slow=SECONDS", "reset", "malformed",
    /* credentials and limits */
    "--api-key", "--secret-key", "HERALD_SANDBOX_API_KEY", "--max-messages", "--idle-timeout",
    "--handshake-timeout", "414", "431"
  };
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  for (guint i = 0; i < G_N_ELEMENTS (documented); i++)
    if (strstr (out, documented[i]) == NULL)
      g_error ("herald-sandbox --help does not mention %s", documented[i]);
}

int
main (int argc, char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, data, func)                                                                      \
  g_test_add ("/herald/sandbox/pressure/" path, Fixture, data, fixture_setup, func,                \
              sandbox_fixture_teardown)

  ADD ("keep-alive-after-204", NULL, test_keep_alive_after_204);
  ADD ("oversized-heads", NULL, test_oversized_heads);
  ADD ("idle-connections", NULL, test_idle_connections);
  ADD ("timeouts", "short", test_timeouts);
  g_test_add_func ("/herald/sandbox/pressure/eviction", test_eviction);
  g_test_add_func ("/herald/sandbox/store/routes", test_routes);
  g_test_add_func ("/herald/sandbox/pressure/list-pages", test_list_pages);
  g_test_add_func ("/herald/sandbox/command/credentials", test_command_credentials);
  g_test_add_func ("/herald/sandbox/command/generated-credentials",
                   test_command_generated_credentials);
  g_test_add_func ("/herald/sandbox/command/help", test_command_help);

#undef ADD

  return g_test_run ();
}
