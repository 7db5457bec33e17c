/* herald-test-gui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <X11/extensions/XTest.h>
#include <gdk/x11/gdkx.h>
#include <gtksourceview/gtksource.h>

#include "herald-test-gui.h"

void
herald_test_gui_init (int *argc, char ***argv)
{
  /* The test command gives each run a private HOME and XDG folders; per-test isolation
   * would also hide the system's XDG_DATA_DIRS, where icons and GtkSourceView's language
   * definitions live. */
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  gtk_source_init ();
}

char *
herald_test_copy_sample_library (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("herald-ui-XXXXXX", &error);
  g_autofree char *src = g_build_filename (g_getenv ("HERALD_SAMPLES_DIR"), "account-alerts", NULL);
  char *dest = g_build_filename (tmp, "account-alerts", NULL);
  const char *argv[] = { "cp", "-a", src, dest, NULL };
  int status = 0;

  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  return dest;
}

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
herald_test_wait_until (gboolean (*cond) (gpointer), gpointer data, guint timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timed_out_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return !timed_out;
}

void
herald_test_spin (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timed_out_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
window_ready (gpointer data)
{
  HeraldWindow *window = data;

  return herald_window_get_template (window) != NULL &&
         herald_preview_get_load_count (herald_window_get_preview (window)) > 0;
}

HeraldWindow *
herald_test_open_window (const char *library_dir)
{
  HeraldWindow *window = g_object_new (HERALD_TYPE_WINDOW, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  herald_window_open_library (window, library_dir);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (window_ready, window, 30000));

  return window;
}

typedef struct
{
  char *result;
  gboolean done;
} EvalData;

static void
eval_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  EvalData *data = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JSCValue) value =
      webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);

  g_assert_no_error (error);
  data->result = jsc_value_to_string (value);
  data->done = TRUE;
}

static gboolean
eval_done (gpointer data)
{
  return ((EvalData *) data)->done;
}

char *
herald_test_eval_string (WebKitWebView *web_view, const char *script)
{
  EvalData data = { NULL, FALSE };

  webkit_web_view_evaluate_javascript (web_view, script, -1, NULL, NULL, NULL, eval_cb, &data);
  g_assert_true (herald_test_wait_until (eval_done, &data, 10000));
  return data.result;
}

/* Saves what the widget shows, as a PNG in the build folder, for the README and for a
 * person to look at. */
void
herald_test_save_screenshot (GtkWidget *widget, const char *file_name)
{
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("HERALD_SCREENSHOT_DIR");
  graphene_rect_t bounds;
  GskRenderer *renderer;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  /* The window's content, drawn from its current render nodes: what is on screen now,
   * without the shadow around the window. */
  GtkWidget *content = ADW_IS_APPLICATION_WINDOW (widget)
                           ? adw_application_window_get_content (ADW_APPLICATION_WINDOW (widget))
                           : widget;

  gtk_test_widget_wait_for_draw (widget);
  gtk_widget_snapshot_child (gtk_widget_get_parent (content), content, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  gsk_render_node_get_bounds (node, &bounds);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  path = g_build_filename (dir, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

AdwMessageDialog *
herald_test_find_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (window) == parent &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* What a click on one of the dialog's buttons does: answer, then close. */
void
herald_test_respond (AdwMessageDialog *dialog, const char *response)
{
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));

  /* The answer may destroy the dialog along with its parent window. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (dialog, response);
  if (dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

void
herald_test_wheel (GtkWidget *widget, int clicks)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkDisplay *display = gtk_widget_get_display (widget);
  graphene_point_t middle = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                 gtk_widget_get_height (widget) / 2.0);
  graphene_point_t point;
  Display *xdisplay;
  Window child;
  double surface_x, surface_y;
  int root_x, root_y, event_base, error_base, major, minor;

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  xdisplay = gdk_x11_display_get_xdisplay (display);
  g_assert_true (XTestQueryExtension (xdisplay, &event_base, &error_base, &major, &minor));

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &middle, &point));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (xdisplay), (int) (point.x + surface_x),
                         (int) (point.y + surface_y), &root_x, &root_y, &child);

  XTestFakeMotionEvent (xdisplay, -1, root_x, root_y, CurrentTime);
  /* X11 has no wheel: its buttons 4 and 5 are one notch up and down. */
  for (int i = 0; i < ABS (clicks); i++)
    {
      XTestFakeButtonEvent (xdisplay, clicks > 0 ? 5 : 4, True, CurrentTime);
      XTestFakeButtonEvent (xdisplay, clicks > 0 ? 5 : 4, False, CurrentTime);
    }
  XFlush (xdisplay);
}
