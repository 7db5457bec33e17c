/* herald-sandbox-limiter.h: measures each HTTP request head the Sandbox reads, so that a head
 * too long for it is answered (414 or 431) rather than dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_TYPE_SANDBOX_LIMITER (herald_sandbox_limiter_get_type ())

G_DECLARE_FINAL_TYPE (
    HeraldSandboxLimiter, herald_sandbox_limiter, HERALD, SANDBOX_LIMITER, GObject)

/* A GConverter that passes a connection's bytes through unchanged while it measures the
 * request head at their start. When the request line grows past max_request_line bytes it
 * emits "refused" with 414, when the whole head grows past max_head bytes with 431; from then
 * on it fails every read with G_IO_ERROR_MESSAGE_TOO_LARGE. After a head it lets the body
 * through unmeasured until herald_sandbox_limiter_expect_head() says a request has been read
 * and the next bytes are a new head. */
HeraldSandboxLimiter *herald_sandbox_limiter_new (gsize max_request_line, gsize max_head);
void herald_sandbox_limiter_expect_head (HeraldSandboxLimiter *self);
/* g_get_monotonic_time() of the last bytes that went through, or of its creation. */
gint64 herald_sandbox_limiter_get_last_input (HeraldSandboxLimiter *self);

G_END_DECLS
