/* herald-sandbox-server-private.h: HeraldSandbox's instance and what its files share
 * (herald-sandbox.c, herald-sandbox-requests.c, herald-sandbox-connections.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "herald-sandbox.h"
#include "herald-sandbox-limiter.h"
#include "herald-sandbox-private.h"

G_BEGIN_DECLS

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

  GHashTable *incoming; /* HeraldSandboxIncoming*, owned: connections before their handshake ends */
  GHashTable *connections; /* HeraldSandboxConn*, a reference each: connections handed to libsoup */
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
  guint reads;
  guint read_fault_from; /* the first read that gets read_fault; 0: none */
  HeraldSandboxFault read_fault;
};

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
} HeraldSandboxConn;

/* A connection between accept and the end of its TLS handshake (server thread only). */
typedef struct
{
  HeraldSandbox *self;
  GSocketConnection *connection;
  GTlsConnection *tls; /* once the handshake runs */
  GSource *source;     /* while waiting for the ClientHello */
  gint64 deadline;
} HeraldSandboxIncoming;

/* herald-sandbox-requests.c */
void herald_sandbox_server_callback (SoupServer *server,
                                     SoupServerMessage *msg,
                                     const char *path,
                                     GHashTable *query,
                                     gpointer user_data);

/* herald-sandbox-connections.c */
void herald_sandbox_conn_unref (HeraldSandboxConn *conn);
void herald_sandbox_conn_track (HeraldSandboxConn *conn, SoupServerMessage *msg);
gboolean herald_sandbox_sweep_cb (gpointer data);
void herald_sandbox_incoming_free (HeraldSandboxIncoming *incoming);
gboolean herald_sandbox_listen_on_loopback (HeraldSandbox *self, GError **error);
void herald_sandbox_stop_accepting (HeraldSandbox *self);

G_END_DECLS
