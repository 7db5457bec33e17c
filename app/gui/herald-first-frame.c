/* herald-first-frame.c: work that must not hold up the first frame of a window.
 *
 * Highlighting definitions, style schemes and the like cost tens of milliseconds to load;
 * a start-up that waits for them shows its window that much later. Such work runs here
 * once the widget's window has painted, at low priority. A window's popover menus (a widget
 * per item) are made then too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-first-frame.h"

typedef struct
{
  GWeakRef widget;
  HeraldFirstFrameFunc func;
  GdkFrameClock *clock;
  gulong handler;
} FirstFrame;

static void
first_frame_free (FirstFrame *first)
{
  g_weak_ref_clear (&first->widget);
  g_free (first);
}

/* The window went away before it painted. */
static void
clock_finalized_cb (gpointer data, GObject *where_the_clock_was)
{
  FirstFrame *first = data;

  first->clock = NULL;
  first->handler = 0;
  first_frame_free (first);
}

static void
stop_watching_clock (FirstFrame *first)
{
  g_clear_signal_handler (&first->handler, first->clock);
  g_object_weak_unref (G_OBJECT (first->clock), clock_finalized_cb, first);
  first->clock = NULL;
}

static gboolean
run_idle_cb (gpointer user_data)
{
  FirstFrame *first = user_data;
  g_autoptr (GtkWidget) widget = g_weak_ref_get (&first->widget);

  if (widget != NULL)
    first->func (widget);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock, FirstFrame *first)
{
  stop_watching_clock (first);
  g_idle_add_full (G_PRIORITY_LOW, run_idle_cb, first, (GDestroyNotify) first_frame_free);
}

static void
wait_for_paint (FirstFrame *first, GtkWidget *widget)
{
  first->clock = gtk_widget_get_frame_clock (widget);
  g_object_weak_ref (G_OBJECT (first->clock), clock_finalized_cb, first);
  first->handler =
      g_signal_connect (first->clock, "after-paint", G_CALLBACK (after_paint_cb), first);
}

static void
map_cb (GtkWidget *widget, FirstFrame *first)
{
  /* Watching the clock first tells map_closure_notify that @first lives on. */
  wait_for_paint (first, widget);
  g_signal_handlers_disconnect_by_func (widget, map_cb, first);
}

static void
map_closure_notify (gpointer data, GClosure *closure)
{
  FirstFrame *first = data;

  /* The widget went away before it was ever shown. */
  if (first->clock == NULL)
    first_frame_free (first);
}

/* Calls @func with @widget, at low priority, once @widget has been mapped and its window has
 * painted; in an idle when @widget is already on screen; never when @widget is finalized
 * first. */
void
herald_run_after_first_frame (GtkWidget *widget, HeraldFirstFrameFunc func)
{
  FirstFrame *first;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL);

  first = g_new0 (FirstFrame, 1);
  g_weak_ref_init (&first->widget, widget);
  first->func = func;

  if (gtk_widget_get_mapped (widget))
    g_idle_add_full (G_PRIORITY_LOW, run_idle_cb, first, (GDestroyNotify) first_frame_free);
  else
    g_signal_connect_data (widget, "map", G_CALLBACK (map_cb), first, map_closure_notify, 0);
}

#define DEFERRED_MENU "herald-deferred-menu"

static void
set_menu_model_now (GtkWidget *button)
{
  if (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)) == NULL)
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button),
                                    g_object_get_data (G_OBJECT (button), DEFERRED_MENU));
}

static void
create_popup_cb (GtkMenuButton *button, gpointer user_data)
{
  set_menu_model_now (GTK_WIDGET (button));
}

/* Like gtk_menu_button_set_menu_model(), but the popover is made once the window has painted,
 * or earlier if the menu is opened before that. Made on first opening only, a menu's items
 * would appear to assistive technologies only once opened. */
void
herald_menu_button_set_menu_model_after_first_frame (GtkMenuButton *button, GMenuModel *model)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (model));

  g_object_set_data_full (G_OBJECT (button), DEFERRED_MENU, g_object_ref (model), g_object_unref);
  gtk_menu_button_set_create_popup_func (button, create_popup_cb, NULL, NULL);
  herald_run_after_first_frame (GTK_WIDGET (button), set_menu_model_now);
}

/* The widget @name of @builder (a view made after the first frame, from a builder file of its
 * own), put in the scrolled window kept for it. */
GtkWidget *
herald_scrolled_window_take_child (GtkScrolledWindow *scroller,
                                   GtkBuilder *builder,
                                   const char *name)
{
  GtkWidget *child = GTK_WIDGET (gtk_builder_get_object (builder, name));

  gtk_scrolled_window_set_child (scroller, child);
  return child;
}

static void
revealer_state_cb (GtkRevealer *revealer)
{
  GtkWidget *child = gtk_revealer_get_child (revealer);

  if (child == NULL)
    return;
  if (gtk_revealer_get_reveal_child (revealer))
    gtk_widget_set_visible (child, TRUE);
  else if (!gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (child, FALSE);
}

/* A concealed GtkRevealer still measures its child at every layout, for its slide: a bar
 * with a wrapping label cost the first frame a millisecond that way. The child is hidden
 * while concealed, shown when the revealer starts to reveal it and hidden again once it has
 * slid away. */
void
herald_revealer_hide_child_while_concealed (GtkRevealer *revealer)
{
  g_signal_connect (revealer, "notify::reveal-child", G_CALLBACK (revealer_state_cb), NULL);
  g_signal_connect (revealer, "notify::child-revealed", G_CALLBACK (revealer_state_cb), NULL);
  revealer_state_cb (revealer);
}
