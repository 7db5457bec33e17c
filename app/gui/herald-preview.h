/* herald-preview.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "herald-library.h"
#include "herald-render.h"

G_BEGIN_DECLS

/* WebKit itself is loaded at run time (herald-web-module.h); callers that use the view
 * include <webkit/webkit.h> and link WebKit themselves. */
typedef struct _WebKitWebView WebKitWebView;

typedef enum
{
  HERALD_PREVIEW_MODE_DESKTOP,
  HERALD_PREVIEW_MODE_MOBILE,
  HERALD_PREVIEW_MODE_DARK,
  HERALD_PREVIEW_MODE_INVERTED,
  HERALD_PREVIEW_MODE_IMAGES_OFF,
  HERALD_PREVIEW_MODE_TEXT,
  HERALD_PREVIEW_MODE_INBOX,
  HERALD_PREVIEW_MODE_SOURCE,
} HeraldPreviewMode;

/* Gmail shows "[Message clipped]" past this much HTML. */
#define HERALD_PREVIEW_CLIP_LIMIT (102 * 1024)
#define HERALD_PREVIEW_MOBILE_WIDTH 375
#define HERALD_PREVIEW_DESKTOP_WIDTH 800

#define HERALD_TYPE_PREVIEW_MODE (herald_preview_mode_get_type ())
#define HERALD_TYPE_PREVIEW (herald_preview_get_type ())

GType herald_preview_mode_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (HeraldPreview, herald_preview, HERALD, PREVIEW, GtkWidget)

HeraldPreview *herald_preview_new (void);
void herald_preview_set_rendered (HeraldPreview *self,
                                  const HeraldRendered *rendered,
                                  HeraldLibrary *library);
const HeraldRendered *herald_preview_get_rendered (HeraldPreview *self);
void herald_preview_set_html (HeraldPreview *self, const char *html);
const char *herald_preview_get_html (HeraldPreview *self);
void herald_preview_set_error (HeraldPreview *self, const char *message);
const char *herald_preview_get_error (HeraldPreview *self);
void herald_preview_set_mode (HeraldPreview *self, HeraldPreviewMode mode);
HeraldPreviewMode herald_preview_get_mode (HeraldPreview *self);
void herald_preview_set_allow_remote_content (HeraldPreview *self, gboolean allow);
gboolean herald_preview_get_allow_remote_content (HeraldPreview *self);
void herald_preview_set_remote_allowed_for_library (HeraldPreview *self, gboolean allowed);
gboolean herald_preview_get_remote_content_loads (HeraldPreview *self);
WebKitWebView *herald_preview_get_web_view (HeraldPreview *self);
guint herald_preview_get_load_count (HeraldPreview *self);
gboolean herald_preview_get_waiting (HeraldPreview *self);
const char *herald_preview_get_note (HeraldPreview *self);
GtkTextBuffer *herald_preview_get_text_buffer (HeraldPreview *self);
GtkTextBuffer *herald_preview_get_source_buffer (HeraldPreview *self);
GBytes *herald_preview_build_eml (HeraldPreview *self, GError **error);
void herald_preview_snapshot_async (HeraldPreview *self,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
GdkTexture *
herald_preview_snapshot_finish (HeraldPreview *self, GAsyncResult *result, GError **error);
char *herald_preview_transform_document (const char *html,
                                         HeraldPreviewMode mode,
                                         gboolean allow_remote_content);

void herald_preview_set_compact (HeraldPreview *self, gboolean compact);

G_END_DECLS
