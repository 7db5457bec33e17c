/* herald-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-clock.h"

typedef struct
{
  GSource source;
  HeraldClock clock;
  gpointer clock_data;
  gint64 due;
} ClockSource;

gint64
herald_clock_now (HeraldClock clock, gpointer user_data)
{
  return clock != NULL ? clock (user_data) : g_get_monotonic_time ();
}

static gboolean
clock_source_prepare (GSource *source, int *timeout)
{
  ClockSource *self = (ClockSource *) source;
  gint64 left = self->due - herald_clock_now (self->clock, self->clock_data);

  if (left <= 0)
    {
      *timeout = 0;
      return TRUE;
    }
  /* The system clock's wait is known; a virtual clock moves only when someone moves it. */
  *timeout = self->clock == NULL ? (int) MIN ((left + 999) / 1000, G_MAXINT) : -1;
  return FALSE;
}

static gboolean
clock_source_check (GSource *source)
{
  ClockSource *self = (ClockSource *) source;

  return herald_clock_now (self->clock, self->clock_data) >= self->due;
}

static gboolean
clock_source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  if (callback != NULL)
    callback (user_data);
  return G_SOURCE_REMOVE;
}

static GSourceFuncs clock_source_funcs = {
  .prepare = clock_source_prepare,
  .check = clock_source_check,
  .dispatch = clock_source_dispatch,
};

guint
herald_clock_timeout_add (
    HeraldClock clock, gpointer clock_data, gint64 due, GSourceFunc func, gpointer data)
{
  GSource *source = g_source_new (&clock_source_funcs, sizeof (ClockSource));
  ClockSource *self = (ClockSource *) source;
  guint id;

  self->clock = clock;
  self->clock_data = clock_data;
  self->due = due;
  g_source_set_callback (source, func, data, NULL);
  g_source_set_static_name (source, "[herald] clock timeout");
  id = g_source_attach (source, NULL);
  g_source_unref (source);
  return id;
}
