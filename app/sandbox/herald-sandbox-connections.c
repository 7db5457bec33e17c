/* herald-sandbox-connections.c: the Sandbox's connections: listening on loopback, TLS
 * handshakes that cannot stall the server, heads too long for it, idle connections.
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

#include "herald-sandbox-server-private.h"

/* ---------------------------------------------------------------------------------------- */
/* Live connections                                                                         */

static void
conn_clear (HeraldSandboxConn *conn)
{
  g_signal_handlers_disconnect_by_data (conn->limiter, conn);
  g_clear_object (&conn->limiter);
  g_clear_object (&conn->stream);
  g_clear_object (&conn->tls);
  g_clear_object (&conn->connection);
}

static HeraldSandboxConn *
conn_ref (HeraldSandboxConn *conn)
{
  return g_rc_box_acquire (conn);
}

void
herald_sandbox_conn_unref (HeraldSandboxConn *conn)
{
  g_rc_box_release_full (conn, (GDestroyNotify) conn_clear);
}

static void
conn_closure_unref (gpointer data, GClosure *closure)
{
  herald_sandbox_conn_unref (data);
}

static void
answer_finished_cb (SoupServerMessage *msg, HeraldSandboxConn *conn)
{
  conn->busy--;
  conn->last_answer = g_get_monotonic_time ();
}

/* Counts the request as in flight until its answer is written, so that the idle timeout
 * leaves a connection alone while the Sandbox itself holds the answer back. */
void
herald_sandbox_conn_track (HeraldSandboxConn *conn, SoupServerMessage *msg)
{
  conn->busy++;
  g_signal_connect_data (msg, "finished", G_CALLBACK (answer_finished_cb), conn_ref (conn),
                         conn_closure_unref, 0);
}

static gboolean
conn_is_idle (HeraldSandboxConn *conn, gint64 now, guint idle_timeout)
{
  gint64 last = MAX (conn->last_answer, herald_sandbox_limiter_get_last_input (conn->limiter));

  return conn->busy == 0 && now - last >= (gint64) idle_timeout * G_USEC_PER_SEC;
}

/* Once a second: forgets connections libsoup has closed, and ends those idle too long.
 * (The socket's own timeout does not do it once TLS is up: libsoup waits on the TLS
 * connection's source, which only wakes it to a read that would block, never to a timeout.)
 * Shutting the socket down makes libsoup read the end of the stream and close the connection
 * the usual way. */
gboolean
herald_sandbox_sweep_cb (gpointer data)
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
      HeraldSandboxConn *conn = key;

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
refused_cb (HeraldSandboxLimiter *limiter, guint status, HeraldSandboxConn *conn)
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
  HeraldSandboxConn *conn;

  if (local == NULL || remote == NULL)
    {
      g_io_stream_close (G_IO_STREAM (tls), NULL, NULL);
      return;
    }
  conn = g_rc_box_new0 (HeraldSandboxConn);
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
                          (GDestroyNotify) herald_sandbox_conn_unref);
  g_hash_table_add (self->connections, conn);
  soup_server_accept_iostream (self->server, conn->stream, local, remote, NULL);
}

void
herald_sandbox_incoming_free (HeraldSandboxIncoming *incoming)
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
incoming_drop (HeraldSandboxIncoming *incoming)
{
  g_io_stream_close (G_IO_STREAM (incoming->connection), NULL, NULL);
  g_hash_table_remove (incoming->self->incoming, incoming);
}

static void
handshake_cb (GObject *source_object, GAsyncResult *result, gpointer data)
{
  HeraldSandboxIncoming *incoming = data;
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
start_handshake (HeraldSandboxIncoming *incoming)
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
  HeraldSandboxIncoming *incoming = data;
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
  HeraldSandboxIncoming *incoming;
  guint handshake_timeout;

  if (self->stopping || g_hash_table_size (self->incoming) >= MAX_HANDSHAKES)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }
  g_mutex_lock (&self->mutex);
  handshake_timeout = self->handshake_timeout;
  g_mutex_unlock (&self->mutex);

  incoming = g_new0 (HeraldSandboxIncoming, 1);
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

gboolean
herald_sandbox_listen_on_loopback (HeraldSandbox *self, GError **error)
{
  g_autoptr (GInetAddress) address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) socket_address =
      g_inet_socket_address_new (address, self->requested_port);
  g_autoptr (GSocketAddress) effective = NULL;

  self->server = soup_server_new ("server-header", "herald-sandbox ", NULL);
  soup_server_add_handler (self->server, NULL, herald_sandbox_server_callback, self, NULL);
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
void
herald_sandbox_stop_accepting (HeraldSandbox *self)
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
    if (((HeraldSandboxIncoming *) key)->tls == NULL)
      g_ptr_array_add (waiting, key);
  for (guint i = 0; i < waiting->len; i++)
    incoming_drop (g_ptr_array_index (waiting, i));
  while (g_hash_table_size (self->incoming) > 0)
    g_main_context_iteration (self->context, TRUE);
  g_clear_object (&self->service);
}
