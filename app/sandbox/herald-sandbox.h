/* herald-sandbox.h: a local HTTPS stand-in for the parts of the Mailjet API Herald uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-clock.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SANDBOX (herald_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSandbox, herald_sandbox, HERALD, SANDBOX, GObject)

/* Fault switches. A test selects one per request with the request header
 * "X-Herald-Sandbox-Fault: NAME" (names: "401", "429", "500", "slow", "reset", "malformed"),
 * or for every following request with herald_sandbox_set_fault(). */
typedef enum
{
  HERALD_SANDBOX_FAULT_NONE,
  HERALD_SANDBOX_FAULT_UNAUTHORIZED,   /* 401, empty body on v3 REST, JSON on v3.1 */
  HERALD_SANDBOX_FAULT_RATE_LIMITED,   /* 429 with an HTML body */
  HERALD_SANDBOX_FAULT_SERVER_ERROR,   /* 500 */
  HERALD_SANDBOX_FAULT_SLOW,           /* answers after a long delay */
  HERALD_SANDBOX_FAULT_RESET,          /* closes the connection without answering */
  HERALD_SANDBOX_FAULT_MALFORMED_JSON, /* 200 with a truncated JSON body */
} HeraldSandboxFault;

HeraldSandbox *herald_sandbox_new (void);
/* Generates a self-signed certificate with GnuTLS, then listens on 127.0.0.1:port (0 picks
 * a free port) over TLS, serving from a thread of its own so that callers may block. */
gboolean herald_sandbox_start (HeraldSandbox *self, guint16 port, GError **error);
void herald_sandbox_stop (HeraldSandbox *self);
/* "https://127.0.0.1:PORT", without a trailing slash. */
const char *herald_sandbox_get_base_url (HeraldSandbox *self);
/* PEM file of the generated certificate: the only certificate the Sandbox account trusts. */
const char *herald_sandbox_get_certificate_file (HeraldSandbox *self);
GTlsCertificate *herald_sandbox_get_certificate (HeraldSandbox *self);
/* Multiplies the pace of delivery lifecycles and of the visibility delay (1.0 = realistic). */
void herald_sandbox_set_speed (HeraldSandbox *self, double speed);
void herald_sandbox_set_fault (HeraldSandbox *self, HeraldSandboxFault fault);
/* When set, only this key and secret are accepted (anything else gets Mailjet's 401); by
 * default any non-empty pair is. The herald-sandbox command always sets a pair. */
void
herald_sandbox_set_credentials (HeraldSandbox *self, const char *api_key, const char *secret_key);
/* How many requests reached a path (e.g. "/v3.1/send"), for tests of "never resend". */
guint herald_sandbox_count_requests (HeraldSandbox *self, const char *path);
/* How many writes (POST, PUT, DELETE) reached the Sandbox, for tests of "costs no write". */
guint herald_sandbox_count_writes (HeraldSandbox *self);
/* Gives @fault to the @nth write request from now on (1: the next one), once. */
void herald_sandbox_set_write_fault (HeraldSandbox *self, HeraldSandboxFault fault, guint nth);
/* Gives @fault to the @nth read request (GET, HEAD) from now on and to every read after it,
 * retries included: an account that breaks down in the middle of a long read. nth 0 ends it. */
void herald_sandbox_set_read_fault (HeraldSandbox *self, HeraldSandboxFault fault, guint nth);
/* The messages received so far, as a JSON array (one object per message, with its id,
 * recipient, subject, rendered parts and current state). */
char *herald_sandbox_dup_messages_json (HeraldSandbox *self);

/* Additions for tests and the herald-sandbox command. */
/* The port actually listened on (useful with port 0); 0 when stopped. */
guint16 herald_sandbox_get_port (HeraldSandbox *self);
/* How long a sent message answers 404 on /v3/REST/message/{id} before it becomes visible, in
 * seconds at speed 1 (divided by the speed). Default 5 s; "slow@" recipients take 90 s. */
void herald_sandbox_set_visibility_delay (HeraldSandbox *self, double seconds);
/* How long the "slow" fault holds an answer back, in real seconds (not scaled by the speed).
 * Default 30 s. The header form "X-Herald-Sandbox-Fault: slow=2" sets it for one request. */
void herald_sandbox_set_slow_delay (HeraldSandbox *self, double seconds);
/* Adds an active sender (an address, or "*@domain" for a whole domain). Addresses at the
 * reserved example domains (example.com/.net/.org, *.example, *.test, *.localhost) are
 * always active senders; any other From is refused with send-0008 unless added here. */
void herald_sandbox_add_sender (HeraldSandbox *self, const char *email, const char *name);
/* At most this many messages are kept (default 10,000); beyond it the oldest go first, with
 * their history, and answer 404 like any unknown message. */
void herald_sandbox_set_max_messages (HeraldSandbox *self, guint max_messages);
/* How long, in whole seconds, a new connection may take to complete its TLS handshake
 * (default 10) and a connection may stay idle between requests (default 60) before the
 * Sandbox closes it. The handshake timeout applies to connections accepted afterwards, the
 * idle timeout at once. */
void herald_sandbox_set_timeouts (HeraldSandbox *self, guint handshake_seconds, guint idle_seconds);
/* The clock the delivery lifecycles, the visibility delay and the dates the Sandbox writes
 * run on (NULL: g_get_monotonic_time()). Tests pass a virtual clock and advance it instead of
 * waiting; it is called from the Sandbox's thread, so it must be thread-safe. Network
 * timeouts and the "slow" fault keep real time. */
void herald_sandbox_set_clock (HeraldSandbox *self, HeraldClock clock, gpointer user_data);

G_END_DECLS
