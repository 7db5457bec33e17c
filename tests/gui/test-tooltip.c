/* test-tooltip.c: herald_widget_set_tooltip() shows the tooltip a person expects, and does
 * not ask the X server where the pointer is while the widget is not on screen yet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-test-gui.h"
#include "herald-tooltip.h"

/* Set on a widget that is visible but whose window is not shown: GTK's own setter sends
 * the server requests (the pointer query) that the helper exists to avoid; the helper
 * sends none and still gives the text. */
static void
test_no_request_before_shown (void)
{
  Display *xdisplay = herald_test_xdisplay ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *by_gtk = gtk_button_new_with_label ("GTK");
  GtkWidget *by_herald = gtk_button_new_with_label ("Herald");
  unsigned long serial;

  gtk_box_append (GTK_BOX (box), by_gtk);
  gtk_box_append (GTK_BOX (box), by_herald);
  gtk_window_set_child (GTK_WINDOW (window), box);

  serial = XNextRequest (xdisplay);
  gtk_widget_set_tooltip_text (by_gtk, "Asks the server");
  g_assert_cmpuint (XNextRequest (xdisplay), >, serial);

  serial = XNextRequest (xdisplay);
  herald_widget_set_tooltip (by_herald, "Asks nothing");
  herald_widget_set_tooltip (by_herald, "Asks nothing either");
  g_assert_cmpuint (XNextRequest (xdisplay), ==, serial);
  g_assert_cmpstr (herald_widget_get_tooltip (by_herald), ==, "Asks nothing either");
  g_assert_true (gtk_widget_get_has_tooltip (by_herald));

  herald_widget_set_tooltip (by_herald, "");
  g_assert_null (herald_widget_get_tooltip (by_herald));
  g_assert_false (gtk_widget_get_has_tooltip (by_herald));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GtkWidget *window;
  const char *text;
} TooltipShown;

/* The window's tooltip popup is on screen and says @text (or, for NULL, no popup is). */
static gboolean
tooltip_shows (gpointer data)
{
  TooltipShown *want = data;

  for (GtkWidget *child = gtk_widget_get_first_child (want->window); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (G_OBJECT_TYPE_NAME (child), "GtkTooltipWindow") &&
        gtk_widget_get_mapped (child))
      return want->text != NULL && herald_test_find_label (child, want->text, FALSE) != NULL;
  return want->text == NULL;
}

/* The pointer comes from elsewhere in the window and rests on @target (no clicks), until
 * the tooltip shows: a window just shown may not yet follow the first move. */
static gboolean
hover_until_shown (GtkWidget *elsewhere, GtkWidget *target, TooltipShown *want)
{
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      herald_test_press_button (elsewhere, 1, 0);
      herald_test_spin (100);
      herald_test_press_button (target, 1, 0);
      if (herald_test_wait_until (tooltip_shows, want, 2000))
        return TRUE;
    }
  return FALSE;
}

/* A person resting the pointer on the widget sees the text; a change while it shows
 * updates it at once, and clearing it takes the tooltip away. Only the widget under the
 * pointer asks the server where the pointer is. */
static void
test_hover_shows_tooltip (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *elsewhere = gtk_label_new ("Elsewhere");
  GtkWidget *button = gtk_button_new_with_label ("Hover Me");
  TooltipShown want = { window, "First words" };
  unsigned long serial;

  gtk_window_set_default_size (GTK_WINDOW (window), 300, 200);
  gtk_widget_set_vexpand (elsewhere, TRUE);
  gtk_box_append (GTK_BOX (box), elsewhere);
  gtk_box_append (GTK_BOX (box), button);
  gtk_window_set_child (GTK_WINDOW (window), box);
  herald_widget_set_tooltip (button, "First words");
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (herald_test_widget_mapped, button, 5000));

  g_assert_true (hover_until_shown (elsewhere, button, &want));

  want.text = "Second words";
  herald_widget_set_tooltip (button, want.text);
  g_assert_true (herald_test_wait_until (tooltip_shows, &want, 5000));

  want.text = NULL;
  herald_widget_set_tooltip (button, NULL);
  g_assert_true (herald_test_wait_until (tooltip_shows, &want, 5000));

  /* The pointer has not moved: a tooltip given again shows again. */
  want.text = "Third words";
  herald_widget_set_tooltip (button, want.text);
  g_assert_true (herald_test_wait_until (tooltip_shows, &want, 5000));

  /* A widget on screen but not under the pointer cannot be showing a tooltip: giving it
   * one asks the server nothing. */
  serial = XNextRequest (herald_test_xdisplay ());
  herald_widget_set_tooltip (elsewhere, "Not under the pointer");
  g_assert_cmpuint (XNextRequest (herald_test_xdisplay ()), ==, serial);
  g_assert_true (herald_test_wait_until (tooltip_shows, &want, 5000));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  herald_test_gui_init (&argc, &argv);

  g_test_add_func ("/tooltip/no-request-before-shown", test_no_request_before_shown);
  g_test_add_func ("/tooltip/hover-shows-tooltip", test_hover_shows_tooltip);

  return g_test_run ();
}
