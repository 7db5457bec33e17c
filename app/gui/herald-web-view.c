/* herald-web-view.c: the WebKit module (libherald-web.so); see herald-web-module.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <webkit/webkit.h>

#include "herald-web-module.h"

/* Herald's few scripts (scroll tracking and restore) run in a world of their own: the email
 * can neither see nor call them, even though its own scripts never run at all. */
#define SCRIPT_WORLD "herald-preview"

#define HERALD_TYPE_WEB_VIEW (herald_web_view_get_type ())
G_DECLARE_FINAL_TYPE (HeraldWebView, herald_web_view, HERALD, WEB_VIEW, WebKitWebView)

struct _HeraldWebView
{
  WebKitWebView parent_instance;

  /* The user scripts installed for the last load. */
  char **scripts;
  /* The reader has scrolled, clicked or typed in the view: it may not be at the top. */
  gboolean reader_moved;
};

G_DEFINE_FINAL_TYPE (HeraldWebView, herald_web_view, WEBKIT_TYPE_WEB_VIEW)

enum
{
  LOAD_FINISHED,
  SCROLLED,
  LINK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The page reports where the reader is scrolled as they scroll, so that Herald never has
 * to ask the web process before it loads the next version of the document. It starts only
 * once the reader has done something in the view that may scroll it: as soon as any script
 * has run in a view, WebKit sets up a script world for every later document it loads,
 * which makes each load (what typing in the editor waits for) a tenth to a fifth slower. A
 * view the reader never touched is at the top, and needs no report to stay there.
 *
 * It reports the visual viewport's place: window.scrollY is rounded down to a whole CSS
 * pixel, which at the preview's zoom can be a device pixel short of where the reader is. */
static const char scroll_tracker_js[] =
    "(function () {"
    "  function report () {"
    "    var v = window.visualViewport;"
    "    window.webkit.messageHandlers.heraldScroll.postMessage(v ? v.pageLeft + ',' + v.pageTop"
    "      : window.scrollX + ',' + window.scrollY);"
    "  }"
    "  window.addEventListener('scroll', report, { passive: true });"
    "  if (window.scrollX || window.scrollY) report();"
    "})();";

static void
start_scroll_tracker (WebKitWebView *web_view)
{
  webkit_web_view_evaluate_javascript (web_view, scroll_tracker_js, -1, SCRIPT_WORLD, NULL, NULL,
                                       NULL, NULL);
}

/* Seen before WebKit handles it: wheel, touchpad and touch scrolling, keys (arrows, Page
 * Down, Space…) and presses (scrollbar drags, selection drags) can all scroll the page. The
 * tracker reports a page already scrolled as it starts, so starting it while WebKit
 * handles the same event loses nothing. */
static gboolean
reader_event_cb (GtkEventControllerLegacy *controller, GdkEvent *event, HeraldWebView *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_SCROLL:
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      if (!self->reader_moved)
        {
          self->reader_moved = TRUE;
          start_scroll_tracker (WEBKIT_WEB_VIEW (self));
        }
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
herald_web_view_load_changed (WebKitWebView *web_view, WebKitLoadEvent event)
{
  WebKitWebViewClass *parent_class = WEBKIT_WEB_VIEW_CLASS (herald_web_view_parent_class);

  if (parent_class->load_changed != NULL)
    parent_class->load_changed (web_view, event);
  if (event != WEBKIT_LOAD_FINISHED)
    return;

  /* Whoever waits for the load hears of it first. */
  g_signal_emit (web_view, signals[LOAD_FINISHED], 0);
  if (HERALD_WEB_VIEW (web_view)->reader_moved)
    start_scroll_tracker (web_view);
}

static gboolean
herald_web_view_decide_policy (WebKitWebView *web_view,
                               WebKitPolicyDecision *decision,
                               WebKitPolicyDecisionType type)
{
  WebKitNavigationAction *action;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return WEBKIT_WEB_VIEW_CLASS (herald_web_view_parent_class)
        ->decide_policy (web_view, decision, type);

  action = webkit_navigation_policy_decision_get_navigation_action (
      WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

  /* Herald's own documents load as about:blank; an email never navigates the view. */
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
      webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_OTHER &&
      g_str_has_prefix (uri, "about:"))
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  webkit_policy_decision_ignore (decision);

  if (webkit_navigation_action_is_user_gesture (action) ||
      webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED)
    g_signal_emit (web_view, signals[LINK], 0, uri);

  return TRUE;
}

static gboolean
herald_web_view_context_menu (WebKitWebView *web_view,
                              WebKitContextMenu *menu,
                              WebKitHitTestResult *hit_test_result)
{
  /* WebKit's menu offers Reload, Back and "Open Link", all of which would navigate. */
  return TRUE;
}

static void
scroll_message_cb (HeraldWebView *self, JSCValue *value)
{
  g_autofree char *text = NULL;
  double x, y;

  if (!jsc_value_is_string (value))
    return;

  text = jsc_value_to_string (value);
  if (sscanf (text, "%lf,%lf", &x, &y) == 2)
    g_signal_emit (self, signals[SCROLLED], 0, x, y);
}

static void
herald_web_view_finalize (GObject *object)
{
  HeraldWebView *self = (HeraldWebView *) object;

  g_strfreev (self->scripts);
  G_OBJECT_CLASS (herald_web_view_parent_class)->finalize (object);
}

static void
herald_web_view_class_init (HeraldWebViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  WebKitWebViewClass *web_view_class = WEBKIT_WEB_VIEW_CLASS (klass);

  object_class->finalize = herald_web_view_finalize;
  web_view_class->load_changed = herald_web_view_load_changed;
  web_view_class->decide_policy = herald_web_view_decide_policy;
  web_view_class->context_menu = herald_web_view_context_menu;

  signals[LOAD_FINISHED] = g_signal_new ("herald-load-finished", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SCROLLED] =
      g_signal_new ("herald-scrolled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[LINK] = g_signal_new ("herald-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
herald_web_view_init (HeraldWebView *self)
{
  GtkEventController *controller = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (reader_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* Every view (the preview, each column of the language grid, exports) shares one network
 * process and, through "related-view", one web process: each extra WebKit process costs
 * tens of megabytes, and the views show the same kind of small, static document. The
 * context caches as a document viewer does (no page cache, small memory cache), and WebKit
 * frees its caches once the processes pass a modest limit instead of growing with the
 * machine's memory. */
#define WEB_MEMORY_LIMIT_MB 160

static WebKitNetworkSession *shared_session;
static WebKitWebContext *shared_context;
static GWeakRef last_view;

static WebKitMemoryPressureSettings *
new_memory_pressure_settings (void)
{
  WebKitMemoryPressureSettings *pressure = webkit_memory_pressure_settings_new ();

  webkit_memory_pressure_settings_set_memory_limit (pressure, WEB_MEMORY_LIMIT_MB);
  return pressure;
}

static void
ensure_shared_context (void)
{
  g_autoptr (WebKitMemoryPressureSettings) pressure = NULL;

  if (shared_context != NULL)
    return;

  pressure = new_memory_pressure_settings ();
  /* Applies to network sessions created after it. */
  webkit_network_session_set_memory_pressure_settings (pressure);
  /* Nothing an email does is kept: no cookies, cache or storage on disk. */
  shared_session = webkit_network_session_new_ephemeral ();
  shared_context =
      g_object_new (WEBKIT_TYPE_WEB_CONTEXT, "memory-pressure-settings", pressure, NULL);
  webkit_web_context_set_cache_model (shared_context, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
}

/* WebKit's own overlay scrollbars keep asking for frames on a page that scrolls, as long as
 * the page is shown (seen with WebKitGTK 2.50 under software GL): each is a whole-window
 * redraw in GTK, which costs the editor its keystrokes (bench-keystroke: Herald's echo went
 * from 2.6x GNOME Text Editor's to 1.5x without them) and a laptop its battery, for pixels
 * that do not change. A styled scrollbar would be drawn once but would take its width from
 * the email's layout (a 375-pixel phone would lay out at 367), which no phone does; so the
 * preview has none: the wheel, the touchpad, the keys and a drag still scroll it. It is a
 * user style sheet: not part of the email, its export or its checks. */
static const char scrollbar_css[] = "::-webkit-scrollbar { display: none; }";

static GtkWidget *
new_view (const char *accessible_label)
{
  g_autoptr (WebKitUserStyleSheet) scrollbar_style = NULL;
  g_autoptr (WebKitSettings) settings = NULL;
  g_autoptr (WebKitUserContentManager) manager = NULL;
  g_autoptr (GtkWidget) related = NULL;
  GtkWidget *view;

  ensure_shared_context ();
  related = g_weak_ref_get (&last_view);
  manager = webkit_user_content_manager_new ();
  webkit_user_content_manager_register_script_message_handler (manager, "heraldScroll",
                                                               SCRIPT_WORLD);
  scrollbar_style =
      webkit_user_style_sheet_new (scrollbar_css, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                   WEBKIT_USER_STYLE_LEVEL_USER, NULL, NULL);
  webkit_user_content_manager_add_style_sheet (manager, scrollbar_style);
  /* An email is a static document: WebKit's compositing (on by default) brings nothing to
   * it, and it costs the web process a GL context of its own. Without a GPU that is Mesa's
   * software renderer, with LLVM and its compiled shaders in every process: painting in
   * software, the web process with the sample library open takes 88 MB instead of 146,
   * and the preview shows a keystroke no later (bench-keystroke). */
  settings = webkit_settings_new_with_settings (
      /* Scripts in the email never run; Herald's own (scroll restore) still may. */
      "enable-javascript-markup", FALSE, "javascript-can-open-windows-automatically", FALSE,
      "enable-html5-local-storage", FALSE, "enable-html5-database", FALSE, "enable-page-cache",
      FALSE, "enable-developer-extras", FALSE, "enable-back-forward-navigation-gestures", FALSE,
      "enable-webaudio", FALSE, "enable-webgl", FALSE, "enable-media", FALSE, "auto-load-images",
      TRUE, "hardware-acceleration-policy", WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER, NULL);

  /* A related view brings its context and session along; WebKit refuses both at once. */
  if (related != NULL)
    view = g_object_new (HERALD_TYPE_WEB_VIEW, "related-view", related, "settings", settings,
                         "user-content-manager", manager, "hexpand", TRUE, "vexpand", TRUE, NULL);
  else
    view = g_object_new (HERALD_TYPE_WEB_VIEW, "web-context", shared_context, "network-session",
                         shared_session, "settings", settings, "user-content-manager", manager,
                         "hexpand", TRUE, "vexpand", TRUE, NULL);
  g_weak_ref_set (&last_view, view);
  g_signal_connect_object (manager, "script-message-received::heraldScroll",
                           G_CALLBACK (scroll_message_cb), view, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  return view;
}

static void
add_user_script (WebKitUserContentManager *manager, const char *source)
{
  g_autoptr (WebKitUserScript) script = NULL;

  script = webkit_user_script_new_for_world (source, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                             WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END,
                                             SCRIPT_WORLD, NULL, NULL);
  webkit_user_content_manager_add_script (manager, script);
}

/* Scripts are injected into every load, which costs each load; in the common case of a
 * preview the reader has not scrolled there are none. */
static void
set_user_scripts (HeraldWebView *self, const char *const *scripts)
{
  WebKitUserContentManager *manager =
      webkit_web_view_get_user_content_manager (WEBKIT_WEB_VIEW (self));

  if (self->scripts != NULL && scripts != NULL &&
      g_strv_equal (scripts, (const char *const *) self->scripts))
    return;

  webkit_user_content_manager_remove_all_scripts (manager);
  for (guint i = 0; scripts != NULL && scripts[i] != NULL; i++)
    add_user_script (manager, scripts[i]);

  g_strfreev (self->scripts);
  self->scripts = scripts != NULL ? g_strdupv ((char **) scripts) : g_new0 (char *, 1);
}

static void
load_html (GtkWidget *view, const char *html, const char *const *scripts)
{
  set_user_scripts (HERALD_WEB_VIEW (view), scripts);
  webkit_web_view_load_html (WEBKIT_WEB_VIEW (view), html, NULL);
}

static void
run_script (GtkWidget *view, const char *script)
{
  webkit_web_view_evaluate_javascript (WEBKIT_WEB_VIEW (view), script, -1, SCRIPT_WORLD, NULL, NULL,
                                       NULL, NULL);
}

static void
set_zoom (GtkWidget *view, double zoom)
{
  webkit_web_view_set_zoom_level (WEBKIT_WEB_VIEW (view), zoom);
}

static void
snapshot_async (GtkWidget *view,
                GCancellable *cancellable,
                GAsyncReadyCallback callback,
                gpointer user_data)
{
  webkit_web_view_get_snapshot (WEBKIT_WEB_VIEW (view), WEBKIT_SNAPSHOT_REGION_FULL_DOCUMENT,
                                WEBKIT_SNAPSHOT_OPTIONS_NONE, cancellable, callback, user_data);
}

static GdkTexture *
snapshot_finish (GtkWidget *view, GAsyncResult *result, GError **error)
{
  return webkit_web_view_get_snapshot_finish (WEBKIT_WEB_VIEW (view), result, error);
}

G_MODULE_EXPORT const HeraldWebModule herald_web_module = {
  .abi = HERALD_WEB_MODULE_ABI,
  .new_view = new_view,
  .load_html = load_html,
  .run_script = run_script,
  .set_zoom = set_zoom,
  .snapshot_async = snapshot_async,
  .snapshot_finish = snapshot_finish,
};
