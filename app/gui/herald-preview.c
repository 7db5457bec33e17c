/* herald-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-preview.h"

/* The web view costs a web process; it is created only after the window has drawn its
 * first frame so that start-up never waits for WebKit. Until then, and between updates,
 * the last HTML given is kept and loaded as soon as possible. */
struct _HeraldPreview
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkWidget *overlay;
  GtkStack *stack;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;

  /* Owned References */
  WebKitWebView *web_view;
  char *html;
  char *error;
  char *pending_html;
  GCancellable *cancellable;

  double scroll_x;
  double scroll_y;
  guint load_count;
  gulong after_paint_handler;
  guint updating : 1;
  guint allow_remote_content : 1;
};

G_DEFINE_FINAL_TYPE (HeraldPreview, herald_preview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HTML,
  PROP_ERROR,
  PROP_ALLOW_REMOTE_CONTENT,
  PROP_LOAD_COUNT,
  PROP_WEB_VIEW,
  N_PROPS
};

enum {
  LINK_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_update (HeraldPreview *self);

HeraldPreview *
herald_preview_new (void)
{
  return g_object_new (HERALD_TYPE_PREVIEW, NULL);
}

static const char *
find_tag_end (const char *html,
              const char *tag)
{
  gsize tag_len = strlen (tag);

  for (const char *p = html; (p = strchr (p, '<')) != NULL; p++)
    {
      if (g_ascii_strncasecmp (p + 1, tag, tag_len) == 0
          && (p[tag_len + 1] == '>' || g_ascii_isspace (p[tag_len + 1])))
        {
          const char *end = strchr (p, '>');

          return end != NULL ? end + 1 : NULL;
        }
    }

  return NULL;
}

/* Emails are previewed under a content security policy: no script at all, and nothing
 * fetched from the network unless the user allows remote content, so that tracking
 * pixels never fire while someone is designing. The meta element goes inside <head> so
 * that the document keeps its doctype and standards mode. */
char *
herald_preview_wrap_document (const char *html,
                              gboolean    allow_remote_content)
{
  const char *csp = allow_remote_content
    ? "default-src 'none'; script-src 'none'; style-src 'unsafe-inline' https: http:; "
      "img-src data: cid: https: http:; font-src data: https: http:; media-src 'none'"
    : "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; "
      "img-src data: cid:; font-src data:; media-src 'none'";
  g_autofree char *meta = g_strdup_printf ("<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">", csp);
  const char *insert_at;

  g_return_val_if_fail (html != NULL, NULL);

  insert_at = find_tag_end (html, "head");
  if (insert_at == NULL)
    insert_at = find_tag_end (html, "html");
  if (insert_at == NULL)
    return g_strconcat (meta, html, NULL);

  return g_strdup_printf ("%.*s%s%s", (int) (insert_at - html), html, meta, insert_at);
}

static void
finish_update (HeraldPreview *self)
{
  self->updating = FALSE;
  if (self->pending_html != NULL)
    start_update (self);
}

static void
load_changed_cb (HeraldPreview   *self,
                 WebKitLoadEvent  event,
                 WebKitWebView   *web_view)
{
  g_autofree char *script = NULL;

  if (event != WEBKIT_LOAD_FINISHED)
    return;

  /* Put the reader back where they were: an edit must not jump the view to the top. */
  if (self->scroll_x > 0 || self->scroll_y > 0)
    {
      script = g_strdup_printf ("window.scrollTo(%.0f, %.0f);", self->scroll_x, self->scroll_y);
      webkit_web_view_evaluate_javascript (web_view, script, -1, NULL, NULL, NULL, NULL, NULL);
    }

  self->load_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_COUNT]);
  finish_update (self);
}

static void
load_pending (HeraldPreview *self)
{
  g_autofree char *html = g_steal_pointer (&self->pending_html);
  g_autofree char *document = herald_preview_wrap_document (html, self->allow_remote_content);

  webkit_web_view_load_html (self->web_view, document, NULL);
}

static void
scroll_position_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(HeraldPreview) self = user_data;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->web_view == NULL)
    return;

  if (value != NULL && jsc_value_is_string (value))
    {
      text = jsc_value_to_string (value);
      if (sscanf (text, "%lf,%lf", &self->scroll_x, &self->scroll_y) != 2)
        self->scroll_x = self->scroll_y = 0;
    }

  load_pending (self);
}

static void
start_update (HeraldPreview *self)
{
  if (self->web_view == NULL || self->pending_html == NULL)
    return;

  self->updating = TRUE;

  if (self->load_count == 0)
    {
      load_pending (self);
      return;
    }

  webkit_web_view_evaluate_javascript (self->web_view,
                                       "window.scrollX + ',' + window.scrollY", -1,
                                       NULL, NULL, self->cancellable,
                                       scroll_position_cb, g_object_ref (self));
}

static gboolean
decide_policy_cb (HeraldPreview            *self,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  WebKitWebView            *web_view)
{
  WebKitNavigationAction *action;
  WebKitURIRequest *request;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return FALSE;

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  request = webkit_navigation_action_get_request (action);
  uri = webkit_uri_request_get_uri (request);

  /* Our own documents load as about:blank; an email never navigates the preview. */
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION
      && webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_OTHER
      && g_str_has_prefix (uri, "about:"))
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  webkit_policy_decision_ignore (decision);

  if (webkit_navigation_action_is_user_gesture (action)
      || webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED)
    g_signal_emit (self, signals[LINK_ACTIVATED], 0, uri);

  return TRUE;
}

static gboolean
context_menu_cb (HeraldPreview *self)
{
  /* WebKit's menu offers Reload, Back and "Open Link", all of which would navigate. */
  return TRUE;
}

static void
create_web_view (HeraldPreview *self)
{
  g_autoptr(WebKitNetworkSession) session = NULL;
  g_autoptr(WebKitSettings) settings = NULL;

  if (self->web_view != NULL)
    return;

  /* Nothing an email does is kept: no cookies, cache or storage on disk. */
  session = webkit_network_session_new_ephemeral ();
  settings = webkit_settings_new_with_settings (
    /* Scripts in the email never run; the API's own scripts (scroll restore) still may. */
    "enable-javascript-markup", FALSE,
    "javascript-can-open-windows-automatically", FALSE,
    "enable-html5-local-storage", FALSE,
    "enable-html5-database", FALSE,
    "enable-page-cache", FALSE,
    "enable-developer-extras", FALSE,
    "enable-back-forward-navigation-gestures", FALSE,
    "enable-webaudio", FALSE,
    "enable-webgl", FALSE,
    "enable-media", FALSE,
    "auto-load-images", TRUE,
    NULL);

  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "network-session", session,
                                 "settings", settings,
                                 "hexpand", TRUE,
                                 "vexpand", TRUE,
                                 NULL);
  g_object_ref_sink (self->web_view);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->web_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Email preview"),
                                  -1);

  g_signal_connect_object (self->web_view, "decide-policy", G_CALLBACK (decide_policy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-changed", G_CALLBACK (load_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "context-menu", G_CALLBACK (context_menu_cb), self, G_CONNECT_SWAPPED);

  gtk_stack_add_named (self->stack, GTK_WIDGET (self->web_view), "view");
  gtk_stack_set_visible_child_name (self->stack, "view");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEB_VIEW]);

  if (self->pending_html == NULL && self->html != NULL)
    self->pending_html = g_strdup (self->html);
  start_update (self);
}

static gboolean
create_web_view_idle (gpointer user_data)
{
  HeraldPreview *self = user_data;

  create_web_view (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
after_first_paint_cb (GdkFrameClock *clock,
                      HeraldPreview *self)
{
  g_clear_signal_handler (&self->after_paint_handler, clock);
  g_idle_add_full (G_PRIORITY_LOW, create_web_view_idle, g_object_ref (self), NULL);
}

static void
herald_preview_map (GtkWidget *widget)
{
  HeraldPreview *self = (HeraldPreview *) widget;
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (herald_preview_parent_class)->map (widget);

  if (self->web_view != NULL || self->after_paint_handler != 0)
    return;

  clock = gtk_widget_get_frame_clock (widget);
  self->after_paint_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_first_paint_cb), self);
}

static void
herald_preview_unmap (GtkWidget *widget)
{
  HeraldPreview *self = (HeraldPreview *) widget;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock != NULL)
    g_clear_signal_handler (&self->after_paint_handler, clock);

  GTK_WIDGET_CLASS (herald_preview_parent_class)->unmap (widget);
}

static void
herald_preview_dispose (GObject *object)
{
  HeraldPreview *self = (HeraldPreview *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->web_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_PREVIEW);

  G_OBJECT_CLASS (herald_preview_parent_class)->dispose (object);
}

static void
herald_preview_finalize (GObject *object)
{
  HeraldPreview *self = (HeraldPreview *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->html, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->pending_html, g_free);

  G_OBJECT_CLASS (herald_preview_parent_class)->finalize (object);
}

static void
herald_preview_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HeraldPreview *self = HERALD_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_HTML:
      g_value_set_string (value, self->html);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_ALLOW_REMOTE_CONTENT:
      g_value_set_boolean (value, self->allow_remote_content);
      break;
    case PROP_LOAD_COUNT:
      g_value_set_uint (value, self->load_count);
      break;
    case PROP_WEB_VIEW:
      g_value_set_object (value, self->web_view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_preview_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HeraldPreview *self = HERALD_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_HTML:
      herald_preview_set_html (self, g_value_get_string (value));
      break;
    case PROP_ERROR:
      herald_preview_set_error (self, g_value_get_string (value));
      break;
    case PROP_ALLOW_REMOTE_CONTENT:
      herald_preview_set_allow_remote_content (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_preview_class_init (HeraldPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_preview_dispose;
  object_class->finalize = herald_preview_finalize;
  object_class->get_property = herald_preview_get_property;
  object_class->set_property = herald_preview_set_property;

  widget_class->map = herald_preview_map;
  widget_class->unmap = herald_preview_unmap;

  properties[PROP_HTML] =
    g_param_spec_string ("html", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOW_REMOTE_CONTENT] =
    g_param_spec_boolean ("allow-remote-content", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOAD_COUNT] =
    g_param_spec_uint ("load-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WEB_VIEW] =
    g_param_spec_object ("web-view", NULL, NULL, WEBKIT_TYPE_WEB_VIEW,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HeraldPreview::link-activated:
   * @uri: the full address of the clicked link
   *
   * A link was clicked in the email. The preview did not follow it.
   */
  signals[LINK_ACTIVATED] =
    g_signal_new ("link-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/herald-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, overlay);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, error_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "preview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
herald_preview_init (HeraldPreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

void
herald_preview_set_html (HeraldPreview *self,
                         const char    *html)
{
  g_return_if_fail (HERALD_IS_PREVIEW (self));

  if (html == NULL)
    html = "";
  if (g_strcmp0 (self->html, html) == 0)
    return;

  g_free (self->html);
  self->html = g_strdup (html);
  g_free (self->pending_html);
  self->pending_html = g_strdup (html);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HTML]);

  if (!self->updating)
    start_update (self);
}

const char *
herald_preview_get_html (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), NULL);
  return self->html;
}

/* A render error keeps the last good preview on screen with the message over it: the
 * user sees what they broke without losing what they had. */
void
herald_preview_set_error (HeraldPreview *self,
                          const char    *message)
{
  g_return_if_fail (HERALD_IS_PREVIEW (self));

  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);
  if (message != NULL)
    gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

const char *
herald_preview_get_error (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), NULL);
  return self->error;
}

void
herald_preview_set_allow_remote_content (HeraldPreview *self,
                                         gboolean       allow)
{
  g_return_if_fail (HERALD_IS_PREVIEW (self));

  allow = !!allow;
  if (self->allow_remote_content == allow)
    return;

  self->allow_remote_content = allow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_REMOTE_CONTENT]);

  if (self->html != NULL)
    {
      g_free (self->pending_html);
      self->pending_html = g_strdup (self->html);
      if (!self->updating)
        start_update (self);
    }
}

gboolean
herald_preview_get_allow_remote_content (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), FALSE);
  return self->allow_remote_content;
}

WebKitWebView *
herald_preview_get_web_view (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), NULL);
  return self->web_view;
}

guint
herald_preview_get_load_count (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), 0);
  return self->load_count;
}
