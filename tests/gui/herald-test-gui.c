/* herald-test-gui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <X11/extensions/XTest.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "herald-test-files.h"
#include "herald-test-gui.h"
#include "herald-tooltip.h"

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

HeraldApplication *
herald_test_start_application (void)
{
  HeraldApplication *app = herald_application_new ();
  g_autoptr (GError) error = NULL;
  static guint counter;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APP_ID, ++counter);

  g_application_set_application_id (G_APPLICATION (app), id);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

void
herald_test_forget_saved_state (void)
{
  g_autofree char *deliveries =
      g_build_filename (g_get_user_data_dir (), "herald", "deliveries.json", NULL);
  g_autofree char *accounts =
      g_build_filename (g_get_user_config_dir (), "herald", "accounts.json", NULL);

  g_unlink (deliveries);
  g_unlink (accounts);
}

static GPtrArray *notifications;

static const char notifications_xml[] =
    "<node><interface name='org.freedesktop.Notifications'>"
    "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
    "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' "
    "direction='in'/>"
    "<arg type='u' direction='out'/></method>"
    "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
    "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
    "</interface></node>";

static void
notifications_method_cb (GDBusConnection *connection,
                         const char *sender,
                         const char *object_path,
                         const char *interface_name,
                         const char *method_name,
                         GVariant *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      const char *summary;
      const char *body;
      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (notifications, g_strdup_printf ("%s: %s", summary, body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notifications->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

/* A stand-in notification server on the test session's bus, as a desktop has: a test whose
 * app notifies (a delivery that ends while the window is not active) records what would be
 * shown instead of GLib warning that nobody listens. */
GPtrArray *
herald_test_serve_notifications (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  g_autoptr (GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr (GError) error = NULL;
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr (GVariant) reply = NULL;

  g_assert_no_error (error);
  if (notifications != NULL)
    return notifications;
  notifications = g_ptr_array_new_with_free_func (g_free);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (
      bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "RequestName",
      g_variant_new ("(su)", "org.freedesktop.Notifications", 4), G_VARIANT_TYPE ("(u)"),
      G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  return notifications;
}

/* The whole text of buffer, hidden characters included. */
char *
herald_test_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* Where item (a string of the dropdown's GtkStringList) stands; the test fails without it. */
guint
herald_test_dropdown_position (GtkDropDown *dropdown, const char *item)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), item))
      return i;

  g_assert_not_reached ();
}

char *
herald_test_copy_sample_library (void)
{
  g_autofree char *src = g_build_filename (g_getenv ("HERALD_SAMPLES_DIR"), "account-alerts", NULL);

  return herald_test_copy_to_temp (src, "herald-ui-XXXXXX");
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
  return herald_test_open_window_sized (library_dir, 1280, 820);
}

static HeraldWindow *
show_library (HeraldWindow *window, const char *library_dir, int width, int height)
{
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  herald_window_open_library (window, library_dir);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (window_ready, window, 30000));

  return window;
}

HeraldWindow *
herald_test_open_window_sized (const char *library_dir, int width, int height)
{
  return show_library (g_object_new (HERALD_TYPE_WINDOW, NULL), library_dir, width, height);
}

HeraldWindow *
herald_test_open_app_window (HeraldApplication *app, const char *library_dir)
{
  return show_library (herald_window_new (app), library_dir, 1280, 820);
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

GtkWindow *
herald_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

GtkWindow *
herald_test_open_dialog (HeraldWindow *window, const char *action, GType type)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  dialog = herald_test_find_toplevel (type);
  g_assert_nonnull (dialog);
  return dialog;
}

guint
herald_test_count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
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

Display *
herald_test_xdisplay (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  return gdk_x11_display_get_xdisplay (display);
}

void
herald_test_press_button (GtkWidget *widget, guint button, guint times)
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
  for (guint i = 0; i < times; i++)
    {
      XTestFakeButtonEvent (xdisplay, button, True, CurrentTime);
      XTestFakeButtonEvent (xdisplay, button, False, CurrentTime);
    }
  XFlush (xdisplay);
}

void
herald_test_wheel (GtkWidget *widget, int clicks)
{
  /* X11 has no wheel: its buttons 4 and 5 are one notch up and down. */
  herald_test_press_button (widget, clicks > 0 ? 5 : 4, ABS (clicks));
}

GtkWidget *
herald_test_find_widget (GtkWidget *root, HeraldTestMatch match, gconstpointer data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = herald_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
has_action (GtkWidget *widget, gconstpointer action_name)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

GtkWidget *
herald_test_find_widget_of_type (GtkWidget *root, GType type)
{
  return herald_test_find_widget (root, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
has_row_title (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

GtkWidget *
herald_test_find_row (GtkWidget *root, const char *title)
{
  return herald_test_find_widget (root, has_row_title, title);
}

gboolean
herald_test_widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

GtkWidget *
herald_test_find_actionable (GtkWidget *root, const char *action_name)
{
  return herald_test_find_widget (root, has_action, action_name);
}

typedef struct
{
  const char *text;
  gboolean mapped;
} LabelMatch;

static gboolean
shows_text (GtkWidget *widget, gconstpointer data)
{
  const LabelMatch *want = data;

  return GTK_IS_LABEL (widget) && (!want->mapped || gtk_widget_get_mapped (widget)) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), want->text) == 0;
}

GtkLabel *
herald_test_find_label (GtkWidget *root, const char *text, gboolean mapped)
{
  LabelMatch want = { text, mapped };

  return GTK_LABEL (herald_test_find_widget (root, shows_text, &want));
}

typedef struct
{
  GType type;
  const char *tooltip_prefix;
} TooltipMatch;

static gboolean
has_tooltip_prefix (GtkWidget *widget, gconstpointer data)
{
  const TooltipMatch *want = data;
  const char *tooltip = herald_widget_get_tooltip (widget);

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, want->type) && tooltip != NULL &&
         g_str_has_prefix (tooltip, want->tooltip_prefix);
}

GtkWidget *
herald_test_find_by_tooltip (GtkWidget *root, GType type, const char *tooltip_prefix)
{
  TooltipMatch want = { type, tooltip_prefix };

  return herald_test_find_widget (root, has_tooltip_prefix, &want);
}

/* Where @widget lies across the window, in the window's coordinates. */
static void
horizontal_extent (GtkWidget *widget, GtkWidget *window, double *left, double *right)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  *left = bounds.origin.x;
  *right = bounds.origin.x + bounds.size.width;
}

static gboolean
all_columns_loaded (gpointer data)
{
  HeraldLocaleGrid *grid = data;

  for (guint i = 0; i < herald_locale_grid_get_n_columns (grid); i++)
    if (herald_preview_get_load_count (herald_locale_grid_get_preview (grid, i)) == 0)
      return FALSE;
  return TRUE;
}

static gboolean
grid_has_no_columns (gpointer data)
{
  return herald_locale_grid_get_n_columns (data) == 0;
}

static gboolean
single_preview_laid_out (gpointer data)
{
  HeraldWindow *window = data;
  GtkWidget *preview = GTK_WIDGET (herald_window_get_preview (window));

  return gtk_widget_get_mapped (preview) &&
         !gtk_widget_get_mapped (GTK_WIDGET (herald_window_get_locale_grid (window)));
}

void
herald_test_check_compare_layout (HeraldWindow *window)
{
  GtkWidget *root = GTK_WIDGET (window);
  HeraldLocaleGrid *grid = herald_window_get_locale_grid (window);
  GtkWidget *preview = GTK_WIDGET (herald_window_get_preview (window));
  /* The outermost pane holds the sidebar. */
  GtkWidget *sidebar = gtk_paned_get_start_child (
      GTK_PANED (herald_test_find_widget_of_type (root, GTK_TYPE_PANED)));
  GtkWidget *spam_button = herald_test_find_actionable (preview, "preview.spam-score");
  double sidebar_left, sidebar_right, left, right;
  int window_width = gtk_widget_get_width (root);

  g_assert_nonnull (sidebar);
  g_assert_nonnull (spam_button);
  horizontal_extent (sidebar, root, &sidebar_left, &sidebar_right);

  g_assert_true (gtk_widget_activate_action (root, "win.compare-locales", NULL));
  g_assert_cmpuint (herald_locale_grid_get_n_columns (grid), >, 1);

  /* Until its email is drawn, a column says that it is on its way rather than staying
   * blank; each column shows its email as soon as it is ready. */
  for (guint i = 0; i < herald_locale_grid_get_n_columns (grid); i++)
    {
      HeraldPreview *column = herald_locale_grid_get_preview (grid, i);

      g_assert_cmpuint (herald_preview_get_load_count (column), ==, 0);
      g_assert_true (herald_preview_get_waiting (column));
      /* Its web view is on its way at once, not a frame later (that frame cost the grid
       * most of a second under a software renderer). */
      g_assert_nonnull (herald_preview_get_web_view (column));
    }
  if (herald_preview_get_load_count (herald_locale_grid_get_preview (grid, 0)) == 0)
    g_assert_true (herald_preview_get_waiting (herald_locale_grid_get_preview (grid, 0)));
  g_assert_true (herald_test_wait_until (all_columns_loaded, grid, 30000));
  for (guint i = 0; i < herald_locale_grid_get_n_columns (grid); i++)
    g_assert_false (herald_preview_get_waiting (herald_locale_grid_get_preview (grid, i)));
  gtk_test_widget_wait_for_draw (root);

  /* Every column lies between the sidebar and the window's right edge. */
  for (guint i = 0; i < herald_locale_grid_get_n_columns (grid); i++)
    {
      GtkWidget *column = GTK_WIDGET (herald_locale_grid_get_preview (grid, i));

      horizontal_extent (column, root, &left, &right);
      if (left < sidebar_right - 0.5 || right > window_width + 0.5)
        g_error ("Column %u of the language grid spans %.0f–%.0f px; the sidebar ends at %.0f px "
                 "and the window at %d px",
                 i, left, right, sidebar_right, window_width);
    }

  g_assert_true (gtk_widget_activate_action (root, "win.compare-locales", NULL));
  g_assert_true (herald_test_wait_until (single_preview_laid_out, window, 10000));
  gtk_test_widget_wait_for_draw (root);

  /* Back to one preview: its controls are inside the window again. */
  horizontal_extent (spam_button, root, &left, &right);
  if (right > window_width + 0.5)
    g_error ("After Compare Languages, Spam Score ends at %.0f px, outside the %d px window", right,
             window_width);
  horizontal_extent (preview, root, &left, &right);
  g_assert_cmpfloat (right, <=, window_width + 0.5);

  /* On again, the grid shows the emails it has drawn: no column waits for WebKit anew. */
  g_assert_true (gtk_widget_activate_action (root, "win.compare-locales", NULL));
  for (guint i = 0; i < herald_locale_grid_get_n_columns (grid); i++)
    g_assert_false (herald_preview_get_waiting (herald_locale_grid_get_preview (grid, i)));
  g_assert_true (gtk_widget_activate_action (root, "win.compare-locales", NULL));
  g_assert_true (herald_test_wait_until (single_preview_laid_out, window, 10000));

  /* Put away for long, the columns give their web views back; on again, they are made and
   * drawn anew. */
  herald_locale_grid_drop_columns_after (grid, 0);
  g_assert_true (herald_test_wait_until (grid_has_no_columns, grid, 5000));
  g_assert_true (gtk_widget_activate_action (root, "win.compare-locales", NULL));
  g_assert_cmpuint (herald_locale_grid_get_n_columns (grid), >, 1);
  g_assert_true (herald_test_wait_until (all_columns_loaded, grid, 30000));
  g_assert_true (gtk_widget_activate_action (root, "win.compare-locales", NULL));
  g_assert_true (herald_test_wait_until (single_preview_laid_out, window, 10000));
}
