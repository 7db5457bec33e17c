/* herald-sandbox.h: a local HTTPS stand-in for the parts of the Mailjet API Herald uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_TYPE_SANDBOX (herald_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSandbox, herald_sandbox, HERALD, SANDBOX, GObject)

/* Fault switches. A test selects one per request with the request header
 * "X-Herald-Sandbox-Fault: NAME" (names: "401", "429", "500", "slow", "reset", "malformed"),
 * or for every following request with herald_sandbox_set_fault(). */
typedef enum
{
  HERALD_SANDBOX_FAULT_NONE,
  HERALD_SANDBOX_FAULT_UNAUTHORIZED,     /* 401, empty body on v3 REST, JSON on v3.1 */
  HERALD_SANDBOX_FAULT_RATE_LIMITED,     /* 429 with an HTML body */
  HERALD_SANDBOX_FAULT_SERVER_ERROR,     /* 500 */
  HERALD_SANDBOX_FAULT_SLOW,             /* answers after a long delay */
  HERALD_SANDBOX_FAULT_RESET,            /* closes the connection without answering */
  HERALD_SANDBOX_FAULT_MALFORMED_JSON,   /* 200 with a truncated JSON body */
} HeraldSandboxFault;

HeraldSandbox   *herald_sandbox_new                  (void);
/* Generates a self-signed certificate with GnuTLS, then listens on 127.0.0.1:port (0 picks
 * a free port) over TLS, serving from a thread of its own so that callers may block. */
gboolean         herald_sandbox_start                (HeraldSandbox       *self,
                                                      guint16              port,
                                                      GError             **error);
void             herald_sandbox_stop                 (HeraldSandbox       *self);
/* "https://127.0.0.1:PORT", without a trailing slash. */
const char      *herald_sandbox_get_base_url         (HeraldSandbox       *self);
/* PEM file of the generated certificate: the only certificate the Sandbox account trusts. */
const char      *herald_sandbox_get_certificate_file (HeraldSandbox       *self);
GTlsCertificate *herald_sandbox_get_certificate      (HeraldSandbox       *self);
/* Multiplies the pace of delivery lifecycles and of the visibility delay (1.0 = realistic). */
void             herald_sandbox_set_speed            (HeraldSandbox       *self,
                                                      double               speed);
void             herald_sandbox_set_fault            (HeraldSandbox       *self,
                                                      HeraldSandboxFault   fault);
/* When set, only this key and secret are accepted; by default any non-empty pair is. */
void             herald_sandbox_set_credentials      (HeraldSandbox       *self,
                                                      const char          *api_key,
                                                      const char          *secret_key);
/* How many requests reached a path (e.g. "/v3.1/send"), for tests of "never resend". */
guint            herald_sandbox_count_requests       (HeraldSandbox       *self,
                                                      const char          *path);
/* The messages received so far, as a JSON array (one object per message, with its id,
 * recipient, subject, rendered parts and current state). */
char            *herald_sandbox_dup_messages_json    (HeraldSandbox       *self);

G_END_DECLS
