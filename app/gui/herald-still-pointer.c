/* herald-still-pointer.c: a pointer that has not moved is not motion.
 *
 * After every layout that reallocates a widget, GTK 4.8 sends the window a motion event at
 * the pointer's unchanged position, so that hover and pointer focus follow widgets that
 * moved under it (gtk_window_native_layout(), its "fake motion event"). Typing
 * reallocates (the editor's lines, the title as the template becomes edited or saved
 * again), and every scrolled window that receives any motion shows its overlay scrollbars
 * and fades them in and out again over the next three seconds: with the pointer resting
 * over the editor, each key started a second of full-window repaints, 14-25 ms apiece
 * under a software renderer, in the very frames that bring the preview up to date.
 *
 * Hover and pointer focus are settled before an event reaches any widget (gtk_main_do_event
 * does that first), so the fake motion is stopped at the window, ahead of every widget's
 * motion handlers, when it repeats the last position seen on the same surface with the
 * same buttons and modifiers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-still-pointer.h"

typedef struct
{
  GdkSurface *surface; /* unowned: only compared */
  double x;
  double y;
  GdkModifierType state;
} LastMotion;

static gboolean
motion_event_cb (GtkEventControllerLegacy *controller, GdkEvent *event, LastMotion *last)
{
  GdkSurface *surface;
  GdkModifierType state;
  double x, y;

  if (gdk_event_get_event_type (event) != GDK_MOTION_NOTIFY ||
      !gdk_event_get_position (event, &x, &y))
    return GDK_EVENT_PROPAGATE;

  surface = gdk_event_get_surface (event);
  state = gdk_event_get_modifier_state (event);
  if (surface == last->surface && x == last->x && y == last->y && state == last->state)
    return GDK_EVENT_STOP;

  *last = (LastMotion){ surface, x, y, state };
  return GDK_EVENT_PROPAGATE;
}

void
herald_window_ignore_still_pointer (GtkWindow *window)
{
  GtkEventController *controller;
  LastMotion *last;

  g_return_if_fail (GTK_IS_WINDOW (window));

  controller = gtk_event_controller_legacy_new ();
  last = g_new0 (LastMotion, 1);
  g_object_set_data_full (G_OBJECT (controller), "herald-last-motion", last, g_free);
  gtk_event_controller_set_name (controller, "herald-still-pointer");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (motion_event_cb), last);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}
