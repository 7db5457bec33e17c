/* test-layout.c: the header bar keeps to what acts on the window and names the library at
 * every width; what the preview shows is chosen above the preview; languages go by name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "herald-test-gui.h"
#include "herald-window.h"

/* data/samples/account-alerts/herald.json: "name", "sourceLocale", "targetLocales". */
#define SAMPLE_LIBRARY_NAME "Account alerts"

#define LONG_PAGE_TITLE "Modèles de messages pour chaque langue et chaque scénario"

/* A label shows all of its text: Pango did not ellipsize it, it lies inside the window and,
 * when strict, it got at least its natural width (AdwButtonContent gives its label a pixel
 * or two less than it asks for without cutting a glyph, so not every label is strict). */
static void
assert_label_whole (GtkLabel *label, GtkWidget *window, gboolean strict)
{
  graphene_rect_t bounds;
  int natural;

  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL,
                      NULL);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (label), window, &bounds));
  if (pango_layout_is_ellipsized (gtk_label_get_layout (label)) ||
      (strict && gtk_widget_get_width (GTK_WIDGET (label)) < natural) || bounds.origin.x < -0.5 ||
      bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 0.5)
    g_error ("“%s” is cut%s: %d px of its %d, at %.0f–%.0f px in a %d px window",
             gtk_label_get_text (label),
             pango_layout_is_ellipsized (gtk_label_get_layout (label)) ? " (ellipsized)" : "",
             gtk_widget_get_width (GTK_WIDGET (label)), natural, bounds.origin.x,
             bounds.origin.x + bounds.size.width, gtk_widget_get_width (window));
}

static void
assert_inside (GtkWidget *widget, GtkWidget *window)
{
  graphene_rect_t bounds;

  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  if (bounds.origin.x < -0.5 ||
      bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 0.5)
    g_error ("%s spans %.0f–%.0f px, outside the %d px window", G_OBJECT_TYPE_NAME (widget),
             bounds.origin.x, bounds.origin.x + bounds.size.width, gtk_widget_get_width (window));
}

static guint
assert_labels_whole (GtkWidget *root, GtkWidget *window)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (root))
    return 0;
  if (GTK_IS_LABEL (root) && gtk_label_get_text (GTK_LABEL (root))[0] != '\0')
    {
      assert_label_whole (GTK_LABEL (root), window, FALSE);
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    n += assert_labels_whole (child, window);
  return n;
}

/* Asked for @width, the window takes at least the width its content needs: at whatever width
 * it gets, the header shows the library's name and cuts nothing, and the preview's controls
 * are inside the window. */
static void
check_header_at (int width, int max_width)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window_sized (library_dir, width, 760);
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *header = herald_test_find_widget_of_type (root, ADW_TYPE_HEADER_BAR);
  GtkWidget *preview = GTK_WIDGET (herald_window_get_preview (window));
  g_autofree char *file_name = g_strdup_printf ("layout-header-%d.png", width);
  GtkLabel *name;

  gtk_test_widget_wait_for_draw (root);
  herald_test_save_screenshot (root, file_name);
  g_assert_cmpint (gtk_widget_get_width (root), <=, max_width);
  g_assert_nonnull (header);

  name = herald_test_find_label (header, SAMPLE_LIBRARY_NAME, TRUE);
  if (name == NULL)
    g_error ("At %d px the header bar does not show the library’s name", width);
  assert_label_whole (name, root, TRUE);
  /* The view switcher's page names, the buttons' labels: nothing in the header is cut. */
  g_assert_cmpuint (assert_labels_whole (header, root), >=, 3);
  g_assert_null (herald_test_find_actionable (header, "win.compare-locales"));

  assert_inside (herald_test_find_actionable (root, "win.compare-locales"), root);
  assert_inside (herald_test_find_actionable (preview, "preview.spam-score"), root);
  assert_inside (herald_test_find_by_tooltip (preview, GTK_TYPE_MENU_BUTTON, "Export"), root);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_header_1280 (void)
{
  check_header_at (1280, 1280);
}

/* The window's minimum: the sidebar, the editor's tab row and the preview's toolbars side
 * by side. It must still fit a 1024-pixel-wide screen. */
static void
test_header_narrowest (void)
{
  check_header_at (800, 1024);
}

/* The toolbar a control sits in spans the preview's column, just above the preview. */
static void
assert_above_preview (GtkWidget *control, GtkWidget *preview, GtkWidget *window)
{
  GtkWidget *bar = control;
  graphene_rect_t bar_bounds;
  graphene_rect_t preview_bounds;

  g_assert_nonnull (control);
  g_assert_true (gtk_widget_get_mapped (control));
  g_assert_null (gtk_widget_get_ancestor (control, ADW_TYPE_HEADER_BAR));
  while (bar != NULL && !gtk_widget_has_css_class (bar, "toolbar"))
    bar = gtk_widget_get_parent (bar);
  g_assert_nonnull (bar);

  g_assert_true (gtk_widget_compute_bounds (bar, window, &bar_bounds));
  g_assert_true (gtk_widget_compute_bounds (preview, window, &preview_bounds));
  g_assert_cmpfloat (bar_bounds.origin.y + bar_bounds.size.height, <=,
                     preview_bounds.origin.y + 0.5);
  g_assert_cmpfloat (fabs (bar_bounds.origin.x - preview_bounds.origin.x), <=, 0.5);
  g_assert_cmpfloat (fabs (bar_bounds.size.width - preview_bounds.size.width), <=, 0.5);
}

static void
collect_grid_titles (GtkWidget *root, GString *titles)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "locale-grid-title"))
    g_string_append_printf (titles, "%s|", gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    collect_grid_titles (child, titles);
}

/* Scenario, language and Compare Languages choose what the preview shows, so they sit on
 * the preview's toolbar, and stay there while languages are compared. Languages read as
 * names with their codes. */
static void
test_preview_bar (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *preview = GTK_WIDGET (herald_window_get_preview (window));
  GtkWidget *scenario = herald_test_find_by_tooltip (root, GTK_TYPE_DROP_DOWN, "Scenario");
  GtkWidget *language = herald_test_find_by_tooltip (root, GTK_TYPE_DROP_DOWN, "Language");
  GtkWidget *compare = herald_test_find_actionable (root, "win.compare-locales");
  g_autoptr (GString) titles = g_string_new (NULL);

  herald_window_select_template (window, "overdraft-risk");
  gtk_test_widget_wait_for_draw (root);
  assert_above_preview (scenario, preview, root);
  assert_above_preview (language, preview, root);
  assert_above_preview (compare, preview, root);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (language),
                              herald_test_dropdown_position (GTK_DROP_DOWN (language), "fr"));
  gtk_test_widget_wait_for_draw (root);
  g_assert_nonnull (herald_test_find_label (language, "French — fr", TRUE));
  herald_test_save_screenshot (root, "layout-preview-bar.png");

  g_assert_true (gtk_widget_activate_action (root, "win.compare-locales", NULL));
  gtk_test_widget_wait_for_draw (root);
  assert_above_preview (compare, GTK_WIDGET (herald_window_get_locale_grid (window)), root);
  collect_grid_titles (GTK_WIDGET (herald_window_get_locale_grid (window)), titles);
  g_assert_cmpstr (titles->str, ==, "English — en (source)|French — fr|German — de|");
  g_assert_true (gtk_widget_activate_action (root, "win.compare-locales", NULL));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
bar_shows_page (gpointer bar)
{
  return herald_test_find_label (bar, LONG_PAGE_TITLE, TRUE) != NULL;
}

/* In a language whose page names are long, the header has no room for a view switcher: the
 * bar at the bottom takes over, with a button for each page (made only then, see
 * herald-window.c). */
static void
test_switcher_bar_long_titles (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window_sized (library_dir, 800, 760);
  GtkWidget *title =
      herald_test_find_widget_of_type (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE);
  GtkWidget *bar =
      herald_test_find_widget_of_type (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR);
  AdwViewStack *stack;
  g_autoptr (GtkSelectionModel) pages = NULL;

  g_assert_nonnull (title);
  g_assert_nonnull (bar);
  g_assert_false (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)));

  stack = adw_view_switcher_title_get_stack (ADW_VIEW_SWITCHER_TITLE (title));
  pages = adw_view_stack_get_pages (stack);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr (AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      adw_view_stack_page_set_title (page, LONG_PAGE_TITLE);
    }

  g_assert_true (herald_test_wait_until (bar_shows_page, bar, 5000));
  g_assert_true (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)));
  herald_test_spin (600); /* the header and the bar finish their transitions */
  herald_test_save_screenshot (GTK_WIDGET (window), "layout-long-page-titles.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  herald_test_gui_init (&argc, &argv);

  g_test_add_func ("/herald/ui/layout/header-1280", test_header_1280);
  g_test_add_func ("/herald/ui/layout/header-narrowest", test_header_narrowest);
  g_test_add_func ("/herald/ui/layout/preview-bar", test_preview_bar);
  g_test_add_func ("/herald/ui/layout/switcher-bar-long-titles", test_switcher_bar_long_titles);

  return g_test_run ();
}
