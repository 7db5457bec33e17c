/* herald-clock.h: the clock that timed behaviour runs on, so that tests can move time
 * instead of waiting for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Microseconds on a monotonic scale, as g_get_monotonic_time() counts them. NULL stands for
 * g_get_monotonic_time() itself. The Sandbox's lifecycles and the delivery tracker's polls
 * run on one; a test gives both the same virtual clock and advances it. */
typedef gint64 (*HeraldClock) (gpointer user_data);

gint64 herald_clock_now (HeraldClock clock, gpointer user_data);

/* Calls @func once, in the default main context (as g_timeout_add()), when @clock reaches @due
 * (µs); @func's return value is ignored. On the system clock this is an ordinary timeout. A virtual
 * clock is read again each time the main context wakes: whoever advances it from another thread
 * wakes the context (g_main_context_wakeup()); advancing it between iterations of the
 * context's own thread needs nothing more. Returns the source id. */
guint herald_clock_timeout_add (
    HeraldClock clock, gpointer clock_data, gint64 due, GSourceFunc func, gpointer data);

G_END_DECLS
