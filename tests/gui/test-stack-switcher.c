/* test-stack-switcher.c: HeraldStackSwitcher shows a stack's pages as GtkStackSwitcher does
 * (a linked button per titled page, the shown page's pressed), switches pages when a
 * person clicks, follows the stack when the program switches, and asks the X server
 * nothing while it is made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-stack-switcher.h"
#include "herald-test-gui.h"

static GtkStack *
three_pages (void)
{
  GtkStack *stack = GTK_STACK (gtk_stack_new ());

  gtk_stack_add_titled (stack, gtk_label_new ("first page"), "checks", "Checks");
  gtk_stack_add_titled (stack, gtk_label_new ("second page"), "clients", "Clients");
  gtk_stack_add_titled (stack, gtk_label_new ("third page"), "json", "JSON (Advanced)");
  return stack;
}

static GtkWidget *
nth_button (HeraldStackSwitcher *switcher, guint n)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (switcher));

  for (guint i = 0; button != NULL && i < n; i++)
    button = gtk_widget_get_next_sibling (button);
  g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
  return button;
}

static const char *
button_text (GtkWidget *button)
{
  return gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))));
}

static gboolean
is_active (GtkWidget *button)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button));
}

/* Made the way a template makes it, with GTK's own switcher beside it for comparison:
 * GTK's asks the server where the pointer is, Herald's asks nothing. */
static void
test_made_without_requests (void)
{
  Display *xdisplay = herald_test_xdisplay ();
  GtkStack *stack = three_pages ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *gtk_switcher = gtk_stack_switcher_new ();
  HeraldStackSwitcher *switcher = g_object_new (HERALD_TYPE_STACK_SWITCHER, NULL);
  unsigned long serial;

  gtk_box_append (GTK_BOX (box), gtk_switcher);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (switcher));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (stack));
  gtk_window_set_child (GTK_WINDOW (window), box);

  serial = XNextRequest (xdisplay);
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (gtk_switcher), stack);
  g_assert_cmpuint (XNextRequest (xdisplay), >, serial);

  serial = XNextRequest (xdisplay);
  g_object_set (switcher, "stack", stack, NULL);
  g_assert_cmpuint (XNextRequest (xdisplay), ==, serial);
  g_assert_true (herald_stack_switcher_get_stack (switcher) == stack);

  /* What GTK's shows, Herald's shows: the same titles, the same page pressed, the same
   * style classes and node name for the theme, the same roles for a screen reader. */
  g_assert_cmpstr (gtk_widget_get_css_name (GTK_WIDGET (switcher)), ==,
                   gtk_widget_get_css_name (gtk_switcher));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (switcher), "linked"));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (switcher)), ==,
                   gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (gtk_switcher)));
  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *ours = nth_button (switcher, i);
      GtkWidget *theirs = gtk_widget_get_first_child (gtk_switcher);

      for (guint j = 0; j < i; j++)
        theirs = gtk_widget_get_next_sibling (theirs);
      g_assert_cmpstr (button_text (ours), ==, button_text (theirs));
      g_assert_cmpint (is_active (ours), ==, is_active (theirs));
      g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (ours)), ==,
                       GTK_ACCESSIBLE_ROLE_TAB);
      g_assert_true (gtk_widget_has_css_class (ours, "text-button"));
    }
  g_assert_null (gtk_widget_get_next_sibling (nth_button (switcher, 2)));
  g_assert_true (is_active (nth_button (switcher, 0)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
page_is (gpointer data)
{
  GtkStack *stack = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack),
                    g_object_get_data (G_OBJECT (stack), "wanted")) == 0;
}

static gboolean
is_drawn (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* Clicks @button until @stack shows @page: a window just shown may not yet follow the
 * first click. */
static gboolean
click_until_shown (GtkWidget *button, GtkStack *stack, const char *page)
{
  g_object_set_data (G_OBJECT (stack), "wanted", (gpointer) page);
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      herald_test_press_button (button, 1, 1);
      if (herald_test_wait_until (page_is, stack, 1000))
        return TRUE;
    }
  return FALSE;
}

/* A click shows the button's page; the program's switching, a page's new title, a page
 * hidden and a page added show on the buttons. */
static void
test_follows_the_stack (void)
{
  GtkStack *stack = three_pages ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  HeraldStackSwitcher *switcher = g_object_new (HERALD_TYPE_STACK_SWITCHER, "stack", stack, NULL);
  GtkWidget *clients_page = gtk_stack_get_child_by_name (stack, "clients");

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (switcher));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (stack));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (is_drawn, nth_button (switcher, 1), 5000));

  g_assert_true (click_until_shown (nth_button (switcher, 1), stack, "clients"));
  g_assert_false (is_active (nth_button (switcher, 0)));
  g_assert_true (is_active (nth_button (switcher, 1)));

  /* Pressing the shown page's button again leaves it shown. */
  herald_test_press_button (nth_button (switcher, 1), 1, 1);
  herald_test_spin (200);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "clients");
  g_assert_true (is_active (nth_button (switcher, 1)));

  gtk_stack_set_visible_child_name (stack, "json");
  g_assert_false (is_active (nth_button (switcher, 1)));
  g_assert_true (is_active (nth_button (switcher, 2)));

  gtk_stack_page_set_title (gtk_stack_get_page (stack, clients_page), "Clients (3)");
  g_assert_cmpstr (button_text (nth_button (switcher, 1)), ==, "Clients (3)");

  gtk_stack_page_set_visible (gtk_stack_get_page (stack, clients_page), FALSE);
  g_assert_false (gtk_widget_get_visible (nth_button (switcher, 1)));
  gtk_stack_page_set_visible (gtk_stack_get_page (stack, clients_page), TRUE);
  g_assert_true (gtk_widget_get_visible (nth_button (switcher, 1)));

  gtk_stack_add_titled (stack, gtk_label_new ("fourth page"), "more", "More");
  g_assert_cmpstr (button_text (nth_button (switcher, 3)), ==, "More");
  g_assert_true (is_active (nth_button (switcher, 2)));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  herald_test_gui_init (&argc, &argv);

  g_test_add_func ("/stack-switcher/made-without-requests", test_made_without_requests);
  g_test_add_func ("/stack-switcher/follows-the-stack", test_follows_the_stack);

  return g_test_run ();
}
