/* test-web-module.c: Herald without its WebKit module says so in the preview and keeps
 * working. This runs in its own process because the module is loaded once per process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-test-gui.h"

static gboolean
status_page_shown (gpointer data)
{
  return herald_test_find_widget_of_type (GTK_WIDGET (data), ADW_TYPE_STATUS_PAGE) != NULL;
}

static gboolean
template_selected (gpointer data)
{
  return herald_window_get_template (HERALD_WINDOW (data)) != NULL;
}

static void
test_missing_module (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = g_object_new (HERALD_TYPE_WINDOW, NULL);
  HeraldPreview *preview = herald_window_get_preview (window);
  AdwStatusPage *page;

  /* herald_test_open_window() waits for a page load, which never comes here. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  herald_window_open_library (window, library_dir);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (template_selected, window, 10000));

  herald_window_select_template (window, "overdraft-risk");
  g_assert_true (herald_test_wait_until (status_page_shown, preview, 10000));
  page = ADW_STATUS_PAGE (
      herald_test_find_widget_of_type (GTK_WIDGET (preview), ADW_TYPE_STATUS_PAGE));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Preview Unavailable");
  /* The reason names what is missing and what to do about it. */
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "no-such-module.so"));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "Reinstalling Herald"));
  g_assert_null (herald_preview_get_web_view (preview));
  herald_test_spin (200);
  herald_test_save_screenshot (GTK_WIDGET (window), "preview-unavailable.png");

  /* Everything that does not need WebKit goes on: the text mode shows the rendered text. */
  herald_preview_set_mode (preview, HERALD_PREVIEW_MODE_TEXT);
  {
    GtkTextBuffer *buffer = herald_preview_get_text_buffer (preview);
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_nonnull (strstr (text, "Julien"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_setenv ("HERALD_WEB_MODULE", "/nonexistent/no-such-module.so", TRUE);
  herald_test_gui_init (&argc, &argv);

  g_test_add_func ("/herald/ui/web-module/missing", test_missing_module);

  return g_test_run ();
}
