/* herald-sandbox-limiter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <string.h>

#include "herald-sandbox-limiter.h"

struct _HeraldSandboxLimiter
{
  GObject parent_instance;

  gsize max_request_line;
  gsize max_head;

  gboolean in_head;
  gboolean request_line_done;
  gsize line_length; /* of the current line, without its CR LF */
  gsize head_length;
  guint refusal; /* 0, 414 or 431 */
  gint64 last_input;
};

enum
{
  REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void herald_sandbox_limiter_converter_init (GConverterIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldSandboxLimiter,
                               herald_sandbox_limiter,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_CONVERTER,
                                                      herald_sandbox_limiter_converter_init))

static void
herald_sandbox_limiter_class_init (HeraldSandboxLimiterClass *klass)
{
  /* HeraldSandboxLimiter::refused: (guint status) the head broke a limit; the handler
   * answers with this status before the connection goes. */
  signals[REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
herald_sandbox_limiter_init (HeraldSandboxLimiter *self)
{
  self->in_head = TRUE;
  self->last_input = g_get_monotonic_time ();
}

HeraldSandboxLimiter *
herald_sandbox_limiter_new (gsize max_request_line, gsize max_head)
{
  HeraldSandboxLimiter *self = g_object_new (HERALD_TYPE_SANDBOX_LIMITER, NULL);

  self->max_request_line = max_request_line;
  self->max_head = max_head;
  return self;
}

void
herald_sandbox_limiter_expect_head (HeraldSandboxLimiter *self)
{
  g_return_if_fail (HERALD_IS_SANDBOX_LIMITER (self));

  self->in_head = TRUE;
  self->request_line_done = FALSE;
  self->line_length = 0;
  self->head_length = 0;
}

gint64
herald_sandbox_limiter_get_last_input (HeraldSandboxLimiter *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX_LIMITER (self), 0);

  return self->last_input;
}

/* One byte of a head. Empty lines before the request line are allowed (RFC 9112 §2.2); the
 * first empty line after it ends the head. */
static void
measure (HeraldSandboxLimiter *self, guchar c)
{
  self->head_length++;
  if (c == '\n')
    {
      if (self->line_length == 0 && self->request_line_done)
        self->in_head = FALSE;
      else if (self->line_length > 0)
        self->request_line_done = TRUE;
      self->line_length = 0;
    }
  else if (c != '\r')
    self->line_length++;

  if (!self->request_line_done && self->line_length > self->max_request_line)
    self->refusal = 414;
  else if (self->in_head && self->head_length > self->max_head)
    self->refusal = self->request_line_done ? 431 : 414;
}

static GConverterResult
herald_sandbox_limiter_convert (GConverter *converter,
                                const void *inbuf,
                                gsize inbuf_size,
                                void *outbuf,
                                gsize outbuf_size,
                                GConverterFlags flags,
                                gsize *bytes_read,
                                gsize *bytes_written,
                                GError **error)
{
  HeraldSandboxLimiter *self = HERALD_SANDBOX_LIMITER (converter);
  gsize n = MIN (inbuf_size, outbuf_size);
  gboolean was_refused = self->refusal != 0;

  if (inbuf_size > 0)
    self->last_input = g_get_monotonic_time ();
  if (n == 0 && inbuf_size > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No room to pass bytes on");
      return G_CONVERTER_ERROR;
    }
  for (gsize i = 0; self->in_head && self->refusal == 0 && i < n; i++)
    measure (self, ((const guchar *) inbuf)[i]);

  if (self->refusal != 0)
    {
      if (!was_refused)
        g_signal_emit (self, signals[REFUSED], 0, self->refusal);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   "The request head is over the Sandbox's limits (%u)", self->refusal);
      return G_CONVERTER_ERROR;
    }

  memcpy (outbuf, inbuf, n);
  *bytes_read = n;
  *bytes_written = n;
  if (n == inbuf_size && (flags & G_CONVERTER_INPUT_AT_END))
    return G_CONVERTER_FINISHED;
  if (n == inbuf_size && (flags & G_CONVERTER_FLUSH))
    return G_CONVERTER_FLUSHED;
  return G_CONVERTER_CONVERTED;
}

static void
herald_sandbox_limiter_reset (GConverter *converter)
{
  HeraldSandboxLimiter *self = HERALD_SANDBOX_LIMITER (converter);

  herald_sandbox_limiter_expect_head (self);
  self->refusal = 0;
}

static void
herald_sandbox_limiter_converter_init (GConverterIface *iface)
{
  iface->convert = herald_sandbox_limiter_convert;
  iface->reset = herald_sandbox_limiter_reset;
}
