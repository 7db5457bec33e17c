/* herald-preview-private.h: what the preview's own files share (herald-preview.c, the
 * widget; herald-preview-export.c, saving and snapshots; herald-preview-spam.c, the spam
 * score; herald-preview-remote.c, remote content; herald-preview-views.c, the native
 * views), as GNOME Text Editor shares EditorWindow's insides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "herald-preview.h"
#include "herald-web-module.h"

G_BEGIN_DECLS

/* loaded_variant before the web view holds anything. */
#define VARIANT_NONE (-1)

/* The web view costs a web process; it is created only after the window has drawn its
 * first frame so that start-up never waits for WebKit. Until then, and between updates,
 * the last rendering given is kept and loaded as soon as possible. Switching modes never
 * renders the template again: each mode is a view of the one HeraldRendered kept here. */
struct _HeraldPreview
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkWidget *root_box;
  GtkWidget *toolbar;
  GtkWidget *status_bar;
  GtkToggleButton *mode_buttons[HERALD_PREVIEW_MODE_SOURCE + 1];
  GtkRevealer *remote_revealer;
  GtkLabel *remote_label;
  GtkButton *remote_button;
  GtkStack *stack;
  GtkWidget *loading_cover;
  GtkWidget *canvas;
  GtkLabel *frame_label;
  AdwClamp *clamp;
  GtkWidget *device_frame;
  GtkScrolledWindow *text_scroller;
  GtkScrolledWindow *inbox_scroller;
  /* The inbox view, made when first shown (herald-preview-views.c). */
  GtkLabel *desktop_sender;
  GtkLabel *desktop_summary;
  GtkLabel *mobile_sender;
  GtkLabel *mobile_subject;
  GtkLabel *mobile_preheader;
  GtkLabel *inbox_counts;
  GtkScrolledWindow *source_scroller;
  /* NULL until made (_herald_preview_make_native_views): after the first frame, or when first
   * shown. */
  GtkSourceView *text_view;
  GtkSourceView *source_view;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkLabel *note_label;
  GtkLabel *size_label;
  GtkLevelBar *size_bar;
  GtkButton *spam_button;
  GtkMenuButton *export_button;
  GMenuModel *export_menu;

  /* Owned References */
  GtkWidget *web_view;
  const HeraldWebModule *web;
  gboolean web_unavailable;
  char *shown_size_text;
  gsize shown_size_step;
  gboolean shown_clipped;
  HeraldRendered *rendered;
  char *from_name;
  char *from_email;
  char *library_dir;
  char *error;
  char *note;
  char *pending_document;
  GCancellable *cancellable;
  GCancellable *spam_cancellable;
  GSettings *settings;

  HeraldPreviewMode mode;
  int loaded_variant; /* a HeraldEmailVariant, or VARIANT_NONE */
  guint serial;
  guint loaded_serial;
  double scroll_x;
  double scroll_y;
  double zoom;
  guint load_count;
  guint updating : 1;
  guint allow_remote_content : 1;
  guint remote_for_library : 1;
  guint loaded_remote : 1;
  guint has_remote_content : 1;
};

static inline gboolean
_herald_preview_mode_is_web (HeraldPreviewMode mode)
{
  return mode <= HERALD_PREVIEW_MODE_IMAGES_OFF;
}

static inline const char *
_herald_preview_html_or_empty (HeraldPreview *self)
{
  return self->rendered != NULL && self->rendered->html != NULL ? self->rendered->html : "";
}

void _herald_preview_queue_web_update (HeraldPreview *self);
void _herald_preview_show_message (HeraldPreview *self,
                                   const char *heading,
                                   const char *body,
                                   GtkWidget *extra);
void
_herald_preview_spam_score_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void
_herald_preview_export_action (GtkWidget *widget, const char *action_name, GVariant *parameter);

/* herald-preview-views.c */
void _herald_preview_update_native_views (HeraldPreview *self);
void _herald_preview_make_native_views (HeraldPreview *self);

/* herald-preview-remote.c */
void _herald_preview_update_remote_bar (HeraldPreview *self);
GSettings *_herald_preview_open_settings (void);
gboolean _herald_preview_library_is_allowed (HeraldPreview *self);
void _herald_preview_set_remote_for_library (HeraldPreview *self, gboolean allowed);
void _herald_preview_allow_remote_for_library_action (GtkWidget *widget,
                                                      const char *action_name,
                                                      GVariant *parameter);

G_END_DECLS
