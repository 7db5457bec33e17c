/* herald-preview.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

G_BEGIN_DECLS

#define HERALD_TYPE_PREVIEW (herald_preview_get_type ())

G_DECLARE_FINAL_TYPE (HeraldPreview, herald_preview, HERALD, PREVIEW, GtkWidget)

HeraldPreview *herald_preview_new                      (void);
void           herald_preview_set_html                 (HeraldPreview *self,
                                                        const char    *html);
const char    *herald_preview_get_html                 (HeraldPreview *self);
void           herald_preview_set_error                (HeraldPreview *self,
                                                        const char    *message);
const char    *herald_preview_get_error                (HeraldPreview *self);
void           herald_preview_set_allow_remote_content (HeraldPreview *self,
                                                        gboolean       allow);
gboolean       herald_preview_get_allow_remote_content (HeraldPreview *self);
WebKitWebView *herald_preview_get_web_view             (HeraldPreview *self);
guint          herald_preview_get_load_count           (HeraldPreview *self);
char          *herald_preview_wrap_document            (const char    *html,
                                                        gboolean       allow_remote_content);

G_END_DECLS
