/* herald-preview.c: HeraldPreview, the preview pane: one rendered email shown in each mode
 * (desktop, mobile, dark, images off, plain text, inbox line, source…).
 *
 * One widget, one file: the modes share the one HeraldRendered the pane keeps, its scroll
 * position and its loading state. Pure document rewriting lives in core
 * (herald-email-document.c); the native views (plain text, inbox line, source, size gauge),
 * exporting, the spam check and remote content are herald-preview-views.c,
 * herald-preview-export.c, herald-preview-spam.c and herald-preview-remote.c
 * (herald-preview-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-preview"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "herald-email-document.h"
#include "herald-first-frame.h"
#include "herald-memory.h"
#include "herald-preview-private.h"
#include "herald-tooltip.h"
#include "herald-web-module.h"

G_DEFINE_FINAL_TYPE (HeraldPreview, herald_preview, GTK_TYPE_WIDGET)
G_DEFINE_ENUM_TYPE (HeraldPreviewMode,
                    herald_preview_mode,
                    G_DEFINE_ENUM_VALUE (HERALD_PREVIEW_MODE_DESKTOP, "desktop"),
                    G_DEFINE_ENUM_VALUE (HERALD_PREVIEW_MODE_MOBILE, "mobile"),
                    G_DEFINE_ENUM_VALUE (HERALD_PREVIEW_MODE_DARK, "dark"),
                    G_DEFINE_ENUM_VALUE (HERALD_PREVIEW_MODE_INVERTED, "inverted"),
                    G_DEFINE_ENUM_VALUE (HERALD_PREVIEW_MODE_IMAGES_OFF, "images-off"),
                    G_DEFINE_ENUM_VALUE (HERALD_PREVIEW_MODE_TEXT, "text"),
                    G_DEFINE_ENUM_VALUE (HERALD_PREVIEW_MODE_INBOX, "inbox"),
                    G_DEFINE_ENUM_VALUE (HERALD_PREVIEW_MODE_SOURCE, "source"))

enum
{
  PROP_0,
  PROP_HTML,
  PROP_ERROR,
  PROP_MODE,
  PROP_NOTE,
  PROP_ALLOW_REMOTE_CONTENT,
  PROP_LOAD_COUNT,
  PROP_WEB_VIEW,
  N_PROPS
};

enum
{
  LINK_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_update (HeraldPreview *self);
static void update_note (HeraldPreview *self);

HeraldPreview *
herald_preview_new (void)
{
  return g_object_new (HERALD_TYPE_PREVIEW, NULL);
}

static HeraldEmailVariant
variant_for_mode (HeraldPreviewMode mode)
{
  switch (mode)
    {
    case HERALD_PREVIEW_MODE_DARK:
      return HERALD_EMAIL_VARIANT_DARK;
    case HERALD_PREVIEW_MODE_INVERTED:
      return HERALD_EMAIL_VARIANT_INVERTED;
    case HERALD_PREVIEW_MODE_IMAGES_OFF:
      return HERALD_EMAIL_VARIANT_IMAGES_OFF;
    case HERALD_PREVIEW_MODE_DESKTOP:
    case HERALD_PREVIEW_MODE_MOBILE:
    case HERALD_PREVIEW_MODE_TEXT:
    case HERALD_PREVIEW_MODE_INBOX:
    case HERALD_PREVIEW_MODE_SOURCE:
    default:
      return HERALD_EMAIL_VARIANT_NORMAL;
    }
}

char *
herald_preview_transform_document (const char *html,
                                   HeraldPreviewMode mode,
                                   gboolean allow_remote_content)
{
  g_return_val_if_fail (html != NULL, NULL);
  return herald_email_document_prepare (html, variant_for_mode (mode), allow_remote_content);
}

static gboolean
remote_content_loads (HeraldPreview *self)
{
  return self->allow_remote_content || self->remote_for_library;
}

/* ------------------------------------------------------------------------------------ */
/* Loading                                                                               */

static void
finish_update (HeraldPreview *self)
{
  self->updating = FALSE;
  if (self->pending_document != NULL)
    start_update (self);
}

/* Where to ask WebKit to scroll for the page to land on the device pixel the reader was
 * at (reported as device / zoom): WebKit takes a whole CSS pixel, scales it by the zoom
 * and drops the fraction, so asking for the reported place rounded down lands a device
 * pixel short, and the page crept up at every keystroke. */
static double
restorable_position (double reported, double zoom)
{
  double device = round (reported * zoom);
  double css;

  if (device <= 0)
    return 0;
  css = ceil ((device + 1.0 / 128) / zoom);

  /* At (nearly) no zoom, no whole CSS pixel falls strictly inside the device pixel. */
  if (css * zoom >= device + 1)
    css = round (device / zoom);
  return css;
}

/* The script putting the reader back where they were scrolled, or NULL at the top. */
static char *
scroll_restore_script (HeraldPreview *self)
{
  if (self->scroll_x <= 0 && self->scroll_y <= 0)
    return NULL;
  return g_strdup_printf ("window.scrollTo(%.0f, %.0f);",
                          restorable_position (self->scroll_x, self->zoom),
                          restorable_position (self->scroll_y, self->zoom));
}

static void
load_finished_cb (HeraldPreview *self)
{
  g_autofree char *restore = scroll_restore_script (self);

  /* The restore script already scrolled before the first paint; images that arrived since
   * may have moved things, so settle once more. */
  if (restore != NULL)
    self->web->run_script (self->web_view, restore);

  self->load_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_COUNT]);
  /* The first document is drawn: the cover over the view goes. */
  if (self->load_count == 1)
    herald_preview_set_mode (self, self->mode);
  finish_update (self);
  herald_memory_release_when_quiet ();
}

/* The view reports where the reader is scrolled as they scroll, so an update never waits
 * for a round trip to the web process before loading; the new document is put back at
 * that place before it is first drawn, so an edit never flashes the top of the email. */
static void
scrolled_cb (HeraldPreview *self, double x, double y)
{
  self->scroll_x = x;
  self->scroll_y = y;
}

static void
start_update (HeraldPreview *self)
{
  g_autofree char *document = NULL;
  g_autofree char *restore = NULL;

  if (self->web_view == NULL || self->pending_document == NULL)
    return;

  self->updating = TRUE;
  document = g_steal_pointer (&self->pending_document);
  restore = scroll_restore_script (self);
  self->web->load_html (self->web_view, document, (const char *const[]){ restore, NULL });
}

/* Builds the document the current mode shows, unless the web view already has it. */
void
_herald_preview_queue_web_update (HeraldPreview *self)
{
  HeraldEmailVariant variant;
  gboolean remote;

  if (self->web_view == NULL || self->rendered == NULL || !_herald_preview_mode_is_web (self->mode))
    return;

  variant = variant_for_mode (self->mode);
  remote = remote_content_loads (self);
  if (self->loaded_serial == self->serial && self->loaded_variant == (int) variant &&
      self->loaded_remote == remote)
    return;

  self->loaded_serial = self->serial;
  self->loaded_variant = (int) variant;
  self->loaded_remote = remote;

  g_free (self->pending_document);
  self->pending_document =
      herald_preview_transform_document (_herald_preview_html_or_empty (self), self->mode, remote);

  if (!self->updating)
    start_update (self);
}

static void
link_cb (HeraldPreview *self, const char *uri)
{
  g_signal_emit (self, signals[LINK_ACTIVATED], 0, uri);
}

static void
apply_zoom (HeraldPreview *self, int width)
{
  double zoom = 1.0;

  if (self->web_view == NULL)
    return;

  /* A desktop client gives the email a wide window; when the pane is narrower the page
   * is scaled down rather than reflowed into its mobile layout. */
  if (self->mode != HERALD_PREVIEW_MODE_MOBILE && width > 0 && width < HERALD_PREVIEW_DESKTOP_WIDTH)
    zoom = (double) width / HERALD_PREVIEW_DESKTOP_WIDTH;

  if (ABS (zoom - self->zoom) < 0.005)
    return;

  self->zoom = zoom;
  self->web->set_zoom (self->web_view, zoom);
}

/* Without its web engine the preview says so where the email would be, and the rest of
 * Herald (editing, checks, the text and inbox modes, sending) goes on working. */
static void
show_web_unavailable (HeraldPreview *self, const char *reason)
{
  AdwStatusPage *page = ADW_STATUS_PAGE (adw_status_page_new ());

  adw_status_page_set_icon_name (page, "dialog-warning-symbolic");
  adw_status_page_set_title (page, _ ("Preview Unavailable"));
  adw_status_page_set_description (page, reason);
  gtk_widget_set_vexpand (GTK_WIDGET (page), TRUE);
  adw_clamp_set_child (self->clamp, GTK_WIDGET (page));
  self->web_unavailable = TRUE;
  herald_preview_set_mode (self, self->mode);
}

static void
create_web_view (HeraldPreview *self)
{
  g_autoptr (GError) error = NULL;

  if (self->web_view != NULL || self->web_unavailable)
    return;

  self->web = herald_web_module_get (&error);
  if (self->web == NULL)
    {
      show_web_unavailable (self, error->message);
      return;
    }

  self->web_view = g_object_ref_sink (self->web->new_view (_ ("Email preview")));
  g_signal_connect_object (self->web_view, "herald-load-finished", G_CALLBACK (load_finished_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "herald-scrolled", G_CALLBACK (scrolled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "herald-link", G_CALLBACK (link_cb), self,
                           G_CONNECT_SWAPPED);

  adw_clamp_set_child (self->clamp, GTK_WIDGET (self->web_view));
  self->zoom = 1.0;
  herald_preview_set_mode (self, self->mode);
  apply_zoom (self, gtk_widget_get_width (GTK_WIDGET (self)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEB_VIEW]);

  _herald_preview_queue_web_update (self);
}

/* ------------------------------------------------------------------------------------ */
/* Modes                                                                                 */

static guint
count_long_lines (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint count = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_utf8_strlen (lines[i], -1) > 78)
      count++;

  return count;
}

static void
update_note (HeraldPreview *self)
{
  g_autofree char *note = NULL;
  const char *html = _herald_preview_html_or_empty (self);

  switch (self->mode)
    {
    case HERALD_PREVIEW_MODE_DESKTOP:
      note = g_strdup_printf (_ ("Desktop: an %d-pixel-wide window, scaled to fit the pane."),
                              HERALD_PREVIEW_DESKTOP_WIDTH);
      break;
    case HERALD_PREVIEW_MODE_MOBILE:
      note = g_strdup_printf (_ ("Mobile: a %d-pixel-wide phone screen."),
                              HERALD_PREVIEW_MOBILE_WIDTH);
      break;
    case HERALD_PREVIEW_MODE_DARK:
      note = g_strdup (herald_email_document_has_dark_styles (html)
                           ? _ ("Dark: the email’s own dark styles (prefers-color-scheme), as "
                                "Apple Mail, iOS and Outlook for Mac show them.")
                           : _ ("Dark: this email has no dark styles, so clients that honour them "
                                "show it light. Others invert it: see Inverted."));
      break;
    case HERALD_PREVIEW_MODE_INVERTED:
      note = g_strdup (_ ("Inverted: an approximation of clients that force dark mode on light "
                          "emails (Gmail apps, Outlook): colours are flipped, images kept."));
      break;
    case HERALD_PREVIEW_MODE_IMAGES_OFF:
      note = g_strdup (_ ("Images off: each image shows its alternative text, as clients that "
                          "block images show it."));
      break;
    case HERALD_PREVIEW_MODE_TEXT:
      {
        const char *text =
            self->rendered != NULL && self->rendered->text != NULL ? self->rendered->text : "";
        guint long_lines = count_long_lines (text);

        if (text[0] == '\0')
          note = g_strdup (_ ("Plain text: this email has no text part; some clients and spam "
                              "filters expect one."));
        else if (long_lines > 0)
          note = g_strdup_printf (
              g_dngettext (
                  GETTEXT_PACKAGE, "Plain text: %u line is longer than the 78 characters marked.",
                  "Plain text: %u lines are longer than the 78 characters marked.", long_lines),
              long_lines);
        else
          note = g_strdup (_ ("Plain text: every line fits in the 78 characters marked."));
      }
      break;
    case HERALD_PREVIEW_MODE_INBOX:
      note = g_strdup (_ ("Inbox: the sender, subject and preheader as message lists show them."));
      break;
    case HERALD_PREVIEW_MODE_SOURCE:
      note = g_strdup (_ ("Source: the rendered HTML, as it is sent."));
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (self->note_label, note);
  if (g_strcmp0 (self->note, note) != 0)
    {
      g_free (self->note);
      self->note = g_steal_pointer (&note);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
    }
}

static void
update_device_frame (HeraldPreview *self)
{
  gboolean mobile = self->mode == HERALD_PREVIEW_MODE_MOBILE;
  g_autofree char *width = NULL;

  if (mobile)
    {
      gtk_widget_add_css_class (self->device_frame, "device-frame");
      gtk_widget_add_css_class (self->canvas, "mobile");
    }
  else
    {
      gtk_widget_remove_css_class (self->device_frame, "device-frame");
      gtk_widget_remove_css_class (self->canvas, "mobile");
    }
  /* The clamp holds the phone's screen at its width, whatever the web view would like;
   * the frame is drawn around it. */
  adw_clamp_set_maximum_size (self->clamp, mobile ? HERALD_PREVIEW_MOBILE_WIDTH : 100000);
  adw_clamp_set_tightening_threshold (self->clamp, mobile ? HERALD_PREVIEW_MOBILE_WIDTH : 100000);
  gtk_widget_set_halign (self->device_frame, mobile ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);

  /* Translators: the width of the simulated phone screen. */
  width = g_strdup_printf (_ ("%d px"), HERALD_PREVIEW_MOBILE_WIDTH);
  gtk_label_set_text (self->frame_label, width);
  gtk_widget_set_visible (GTK_WIDGET (self->frame_label), mobile);

  if (self->web_view != NULL)
    gtk_widget_set_size_request (GTK_WIDGET (self->web_view),
                                 mobile ? HERALD_PREVIEW_MOBILE_WIDTH : -1, -1);
}

static const char *
page_for_mode (HeraldPreviewMode mode)
{
  switch (mode)
    {
    case HERALD_PREVIEW_MODE_TEXT:
      return "text";
    case HERALD_PREVIEW_MODE_INBOX:
      return "inbox";
    case HERALD_PREVIEW_MODE_SOURCE:
      return "source";
    case HERALD_PREVIEW_MODE_DESKTOP:
    case HERALD_PREVIEW_MODE_MOBILE:
    case HERALD_PREVIEW_MODE_DARK:
    case HERALD_PREVIEW_MODE_INVERTED:
    case HERALD_PREVIEW_MODE_IMAGES_OFF:
    default:
      return "web";
    }
}

void
herald_preview_set_mode (HeraldPreview *self, HeraldPreviewMode mode)
{
  const char *page;
  gboolean changed;
  gboolean loading;

  g_return_if_fail (HERALD_IS_PREVIEW (self));
  g_return_if_fail (mode <= HERALD_PREVIEW_MODE_SOURCE);

  changed = self->mode != mode;
  self->mode = mode;

  gtk_toggle_button_set_active (self->mode_buttons[mode], TRUE);

  page = page_for_mode (mode);
  if (g_str_equal (page, "web") && self->web_view == NULL && !self->web_unavailable)
    page = "waiting";
  gtk_stack_set_visible_child_name (self->stack, page);
  /* A web view shows white until its web process has drawn the first document, which takes
   * seconds when several start at once (the language grid): the cover says what is coming.
   * The view itself stays on screen underneath, since WebKit may not load a hidden view. */
  loading = g_str_equal (page, "web") && self->web_view != NULL && self->load_count == 0;
  gtk_widget_set_visible (self->loading_cover, loading);

  update_device_frame (self);
  _herald_preview_update_native_views (self);
  update_note (self);
  _herald_preview_update_remote_bar (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.export-png", TRUE);
  _herald_preview_queue_web_update (self);
  apply_zoom (self, gtk_widget_get_width (GTK_WIDGET (self)));

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

HeraldPreviewMode
herald_preview_get_mode (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), HERALD_PREVIEW_MODE_DESKTOP);
  return self->mode;
}

static void
mode_toggled_cb (HeraldPreview *self, GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (self->mode_buttons); i++)
    if (self->mode_buttons[i] == button && self->mode != i)
      herald_preview_set_mode (self, i);
}

/* ------------------------------------------------------------------------------------ */
/* Messages                                                                              */

void
_herald_preview_show_message (HeraldPreview *self,
                              const char *heading,
                              const char *body,
                              GtkWidget *extra)
{
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  if (extra != NULL)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), extra);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------------------ */
/* GtkWidget                                                                             */

static void
herald_preview_measure (GtkWidget *widget,
                        GtkOrientation orientation,
                        int for_size,
                        int *minimum,
                        int *natural,
                        int *minimum_baseline,
                        int *natural_baseline)
{
  HeraldPreview *self = (HeraldPreview *) widget;

  gtk_widget_measure (self->root_box, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
}

static void
herald_preview_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  HeraldPreview *self = (HeraldPreview *) widget;

  gtk_widget_allocate (self->root_box, width, height, baseline, NULL);
  apply_zoom (self, width);
}

static void
herald_preview_dispose (GObject *object)
{
  HeraldPreview *self = (HeraldPreview *) object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->spam_cancellable);
  if (self->web_view != NULL)
    adw_clamp_set_child (self->clamp, NULL);
  g_clear_object (&self->web_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_PREVIEW);
  /* They went with their scrolled windows. */
  self->text_view = self->source_view = NULL;

  G_OBJECT_CLASS (herald_preview_parent_class)->dispose (object);
}

static void
herald_preview_finalize (GObject *object)
{
  HeraldPreview *self = (HeraldPreview *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->spam_cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->rendered, herald_rendered_free);
  g_clear_pointer (&self->from_name, g_free);
  g_clear_pointer (&self->from_email, g_free);
  g_clear_pointer (&self->library_dir, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->pending_document, g_free);
  g_clear_pointer (&self->shown_size_text, g_free);

  G_OBJECT_CLASS (herald_preview_parent_class)->finalize (object);
}

static void
herald_preview_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HeraldPreview *self = HERALD_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_HTML:
      g_value_set_string (value, self->rendered != NULL ? self->rendered->html : NULL);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
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
herald_preview_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
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
    case PROP_MODE:
      herald_preview_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_ALLOW_REMOTE_CONTENT:
      herald_preview_set_allow_remote_content (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The mode buttons in the template, in HeraldPreviewMode order. */
static const char *const mode_button_names[] = {
  [HERALD_PREVIEW_MODE_DESKTOP] = "desktop_button",
  [HERALD_PREVIEW_MODE_MOBILE] = "mobile_button",
  [HERALD_PREVIEW_MODE_DARK] = "dark_button",
  [HERALD_PREVIEW_MODE_INVERTED] = "inverted_button",
  [HERALD_PREVIEW_MODE_IMAGES_OFF] = "images_off_button",
  [HERALD_PREVIEW_MODE_TEXT] = "text_button",
  [HERALD_PREVIEW_MODE_INBOX] = "inbox_button",
  [HERALD_PREVIEW_MODE_SOURCE] = "source_button",
};
G_STATIC_ASSERT (G_N_ELEMENTS (mode_button_names) == HERALD_PREVIEW_MODE_SOURCE + 1);

static const HeraldTooltipSpec tooltips[] = {
  { "desktop_button",
    N_ ("Desktop: a wide window, as webmail and desktop clients show the email") },
  { "mobile_button", N_ ("Mobile: a 375-pixel-wide phone screen") },
  { "dark_button", N_ ("Dark: the email’s own dark styles, as clients that honour them show it") },
  { "inverted_button", N_ ("Inverted: clients that force dark mode by inverting light emails") },
  { "images_off_button", N_ ("Images Off: images replaced by their alternative text, as clients "
                             "that block images show them") },
  { "text_button", N_ ("Plain Text: the text part of the email") },
  { "inbox_button", N_ ("Inbox: sender, subject and preheader as message lists show them") },
  { "source_button", N_ ("Source: the rendered HTML") },
  { "export_button", N_ ("Export for Reviewers") },
  { "spam_button", N_ ("Score the rendered email with SpamAssassin, on this computer only") },
};

static void
herald_preview_class_init (HeraldPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_preview_dispose;
  object_class->finalize = herald_preview_finalize;
  object_class->get_property = herald_preview_get_property;
  object_class->set_property = herald_preview_set_property;

  widget_class->measure = herald_preview_measure;
  widget_class->size_allocate = herald_preview_size_allocate;

  properties[PROP_HTML] =
      g_param_spec_string ("html", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
      g_param_spec_string ("error", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
      g_param_spec_enum ("mode", NULL, NULL, HERALD_TYPE_PREVIEW_MODE, HERALD_PREVIEW_MODE_DESKTOP,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
      g_param_spec_string ("note", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOW_REMOTE_CONTENT] =
      g_param_spec_boolean ("allow-remote-content", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOAD_COUNT] =
      g_param_spec_uint ("load-count", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WEB_VIEW] =
      g_param_spec_object ("web-view", NULL, NULL, GTK_TYPE_WIDGET,
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

  gtk_widget_class_install_action (widget_class, "preview.spam-score", NULL,
                                   _herald_preview_spam_score_action);
  gtk_widget_class_install_action (widget_class, "preview.export-eml", NULL,
                                   _herald_preview_export_action);
  gtk_widget_class_install_action (widget_class, "preview.export-png", NULL,
                                   _herald_preview_export_action);
  gtk_widget_class_install_action (widget_class, "preview.allow-remote-for-library", NULL,
                                   _herald_preview_allow_remote_for_library_action);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/herald-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, root_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, toolbar);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, status_bar);
  for (guint i = 0; i < G_N_ELEMENTS (mode_button_names); i++)
    gtk_widget_class_bind_template_child_full (widget_class, mode_button_names[i], FALSE,
                                               G_STRUCT_OFFSET (HeraldPreview, mode_buttons) +
                                                   i * sizeof (GtkToggleButton *));
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, remote_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, export_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, export_menu);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, remote_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, remote_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, canvas);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, frame_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, clamp);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, device_frame);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, text_scroller);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, inbox_scroller);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, source_scroller);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, note_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, size_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, size_bar);
  gtk_widget_class_bind_template_child (widget_class, HeraldPreview, spam_button);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);

  gtk_widget_class_set_css_name (widget_class, "preview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* WebKit and the highlighting definitions both load slowly; neither holds up the window's
 * first frame (herald-first-frame.c). */
static void
finish_setup (GtkWidget *widget)
{
  HeraldPreview *self = HERALD_PREVIEW (widget);

  _herald_preview_make_native_views (self);
  create_web_view (self);
}

/* The same words as the waiting page, over the web view until its first document is drawn.
 * No spinner: an endless animation keeps the frame clock busy, and under a software GL
 * renderer that starves the idle work Herald does after the first frame (loading WebKit,
 * counting translations). */
static void
create_loading_cover (HeraldPreview *self)
{
  GtkWidget *label = gtk_label_new (_ ("Drawing the email…"));

  gtk_widget_add_css_class (label, "preview-waiting");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_visible (label, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (gtk_widget_get_parent (GTK_WIDGET (self->stack))), label);
  self->loading_cover = label;
}

static void
herald_preview_init (HeraldPreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  herald_widget_set_template_tooltips (GTK_WIDGET (self), tooltips, G_N_ELEMENTS (tooltips));
  herald_revealer_hide_child_while_concealed (self->remote_revealer);
  herald_revealer_hide_child_while_concealed (self->error_revealer);
  create_loading_cover (self);
  herald_menu_button_set_menu_model_after_first_frame (self->export_button, self->export_menu);

  self->cancellable = g_cancellable_new ();
  self->loaded_variant = VARIANT_NONE;
  self->zoom = 1.0;
  self->settings = _herald_preview_open_settings ();

  /* Bigger is worse: the bar turns amber near Gmail's limit and red past it. */
  gtk_level_bar_remove_offset_value (self->size_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->size_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->size_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (self->size_bar, "size-fine", HERALD_PREVIEW_CLIP_LIMIT * 0.75);
  gtk_level_bar_add_offset_value (self->size_bar, "size-near", HERALD_PREVIEW_CLIP_LIMIT - 1);
  gtk_level_bar_add_offset_value (self->size_bar, "size-over", HERALD_PREVIEW_CLIP_LIMIT);

  herald_run_after_first_frame (GTK_WIDGET (self), finish_setup);
  _herald_preview_update_native_views (self);
  herald_preview_set_mode (self, HERALD_PREVIEW_MODE_DESKTOP);
}

/* ------------------------------------------------------------------------------------ */
/* Public API                                                                            */

/* Called on every keystroke: only what the new document changes is touched, so that the
 * web view's load does not wait behind relayouts of labels that read the same. */
static void
take_rendered (HeraldPreview *self, HeraldRendered *rendered)
{
  gboolean html_changed =
      self->rendered == NULL || g_strcmp0 (self->rendered->html, rendered->html) != 0;
  gboolean had_remote_content = self->has_remote_content;

  g_clear_pointer (&self->rendered, herald_rendered_free);
  self->rendered = rendered;

  if (html_changed)
    {
      self->serial++;
      self->has_remote_content =
          herald_email_document_has_remote_references (_herald_preview_html_or_empty (self));
    }

  /* The web process starts on the new document before anything else here is done. */
  _herald_preview_queue_web_update (self);
  _herald_preview_update_native_views (self);
  /* Of the notes, only the dark one depends on the document. */
  if (self->mode == HERALD_PREVIEW_MODE_DARK)
    update_note (self);
  if (self->has_remote_content != had_remote_content)
    _herald_preview_update_remote_bar (self);
  if (html_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HTML]);
}

static void
set_library (HeraldPreview *self, HeraldLibrary *library)
{
  const char *dir = library != NULL ? herald_library_get_directory (library) : NULL;

  g_free (self->from_name);
  self->from_name = g_strdup (library != NULL ? herald_library_get_from_name (library) : NULL);
  g_free (self->from_email);
  self->from_email = g_strdup (library != NULL ? herald_library_get_from_email (library) : NULL);

  if (g_strcmp0 (dir, self->library_dir) != 0)
    {
      g_free (self->library_dir);
      self->library_dir = g_strdup (dir);
      _herald_preview_set_remote_for_library (self, _herald_preview_library_is_allowed (self));
    }
}

/**
 * herald_preview_set_rendered:
 * @rendered: the email as the template engine rendered it
 * @library: (nullable): the library it belongs to, for the sender and the remote
 *   content allowance
 */
void
herald_preview_set_rendered (HeraldPreview *self,
                             const HeraldRendered *rendered,
                             HeraldLibrary *library)
{
  g_return_if_fail (HERALD_IS_PREVIEW (self));
  g_return_if_fail (rendered != NULL);

  set_library (self, library);
  take_rendered (self, herald_rendered_copy (rendered));
}

const HeraldRendered *
herald_preview_get_rendered (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), NULL);
  return self->rendered;
}

void
herald_preview_set_html (HeraldPreview *self, const char *html)
{
  HeraldRendered *rendered;

  g_return_if_fail (HERALD_IS_PREVIEW (self));

  if (html == NULL)
    html = "";
  if (self->rendered != NULL && g_strcmp0 (self->rendered->html, html) == 0)
    return;

  rendered =
      self->rendered != NULL ? herald_rendered_copy (self->rendered) : g_new0 (HeraldRendered, 1);
  g_free (rendered->html);
  rendered->html = g_strdup (html);
  take_rendered (self, rendered);
}

const char *
herald_preview_get_html (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), NULL);
  return self->rendered != NULL ? self->rendered->html : NULL;
}

/* A render error keeps the last good preview on screen with the message over it: the
 * user sees what they broke without losing what they had. */
void
herald_preview_set_error (HeraldPreview *self, const char *message)
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
herald_preview_set_allow_remote_content (HeraldPreview *self, gboolean allow)
{
  g_return_if_fail (HERALD_IS_PREVIEW (self));

  allow = !!allow;
  if (self->allow_remote_content == allow)
    return;

  self->allow_remote_content = allow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_REMOTE_CONTENT]);
  _herald_preview_update_remote_bar (self);
  _herald_preview_queue_web_update (self);
}

gboolean
herald_preview_get_allow_remote_content (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), FALSE);
  return self->allow_remote_content;
}

gboolean
herald_preview_get_remote_content_loads (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), FALSE);
  return remote_content_loads (self);
}

WebKitWebView *
herald_preview_get_web_view (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), NULL);
  return (WebKitWebView *) self->web_view;
}

/* Whether the preview shows that its email is on its way rather than the email. */
gboolean
herald_preview_get_waiting (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "waiting") == 0 ||
         gtk_widget_get_visible (self->loading_cover);
}

guint
herald_preview_get_load_count (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), 0);
  return self->load_count;
}

const char *
herald_preview_get_note (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), NULL);
  return self->note;
}

GtkTextBuffer *
herald_preview_get_text_buffer (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), NULL);

  _herald_preview_make_native_views (self);
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_view));
}

GtkTextBuffer *
herald_preview_get_source_buffer (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), NULL);

  _herald_preview_make_native_views (self);
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
}

/* Just the email: no mode toolbar and no status bar, for the locale comparison grid where
 * several previews stand side by side. */
void
herald_preview_set_compact (HeraldPreview *self, gboolean compact)
{
  g_return_if_fail (HERALD_IS_PREVIEW (self));

  gtk_widget_set_visible (self->toolbar, !compact);
  gtk_widget_set_visible (self->status_bar, !compact);
  /* A revealer keeps its child's width even while hidden, and the remote-content bar's
   * button runs long in translations; the choice it offers is made in the main preview. */
  gtk_widget_set_visible (GTK_WIDGET (self->remote_revealer), !compact);
  /* The other modes' pages (inbox rows, source) must not widen a narrow column. */
  gtk_stack_set_hhomogeneous (self->stack, !compact);
  /* A compact preview is a column of the language grid, made once the window is on screen:
   * its web view need not wait for a frame of its own. */
  if (compact)
    create_web_view (self);
}
