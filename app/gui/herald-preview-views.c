/* herald-preview-views.c: the preview's native views: the plain text, the inbox line, the
 * source (herald-preview-views.ui) and the size gauge, filled from the one HeraldRendered
 * the preview keeps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-first-frame.h"
#include "herald-preview-private.h"
#include "herald-tooltip.h"

static void
set_buffer_text (GtkTextView *view, const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  g_autofree char *current = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  current = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  if (g_strcmp0 (current, text) != 0)
    gtk_text_buffer_set_text (buffer, text, -1);
}

/* The inbox view, made the first time it is shown: most sessions never open it. */
static void
make_inbox_view (HeraldPreview *self)
{
  g_autoptr (GtkBuilder) builder = NULL;

  if (self->inbox_counts != NULL)
    return;

  builder = gtk_builder_new_from_resource (APP_PATH "/ui/herald-preview-inbox.ui");
  herald_scrolled_window_take_child (self->inbox_scroller, builder, "inbox_box");
  self->desktop_sender = GTK_LABEL (gtk_builder_get_object (builder, "desktop_sender"));
  self->desktop_summary = GTK_LABEL (gtk_builder_get_object (builder, "desktop_summary"));
  self->mobile_sender = GTK_LABEL (gtk_builder_get_object (builder, "mobile_sender"));
  self->mobile_subject = GTK_LABEL (gtk_builder_get_object (builder, "mobile_subject"));
  self->mobile_preheader = GTK_LABEL (gtk_builder_get_object (builder, "mobile_preheader"));
  self->inbox_counts = GTK_LABEL (gtk_builder_get_object (builder, "inbox_counts"));
}

static void
update_inbox (HeraldPreview *self)
{
  const char *subject =
      self->rendered != NULL && self->rendered->subject != NULL ? self->rendered->subject : "";
  const char *preheader =
      self->rendered != NULL && self->rendered->preheader != NULL ? self->rendered->preheader : "";
  const char *sender = self->from_name != NULL && self->from_name[0] != '\0' ? self->from_name
                       : self->from_email != NULL                            ? self->from_email
                                                                             : _ ("Sender");
  g_autofree char *summary = NULL;
  g_autofree char *counts = NULL;
  glong subject_len = g_utf8_strlen (subject, -1);
  glong preheader_len = g_utf8_strlen (preheader, -1);

  make_inbox_view (self);
  gtk_label_set_text (self->desktop_sender, sender);
  gtk_label_set_text (self->mobile_sender, sender);
  gtk_label_set_text (self->mobile_subject, subject);
  gtk_label_set_text (self->mobile_preheader, preheader);

  /* Webmail lists put subject and preheader on one line, the preheader fainter. */
  if (preheader[0] != '\0')
    summary =
        g_markup_printf_escaped ("<b>%s</b> <span alpha=\"60%%\">— %s</span>", subject, preheader);
  else
    summary = g_markup_printf_escaped ("<b>%s</b>", subject);
  gtk_label_set_markup (self->desktop_summary, summary);

  /* Translators: the counts are numbers of characters. */
  counts = g_strdup_printf (
      _ ("Subject: %ld characters. Preheader: %ld characters. "
         "Phones show about 35 characters of a subject and two lines of preheader; "
         "webmail shows subject and preheader together on one line, cut where the window ends."),
      subject_len, preheader_len);
  if (preheader_len == 0)
    {
      g_autofree char *more = g_strconcat (
          counts, " ", _ ("Without a preheader, clients show the first text of the email instead."),
          NULL);

      g_free (counts);
      counts = g_steal_pointer (&more);
    }
  gtk_label_set_text (self->inbox_counts, counts);
}

/* The gauge changes only what a reader can see change: setting its label, bar and tooltip
 * for every byte typed cost each keystroke about a millisecond of relayout and repaint. */
#define SIZE_BAR_STEP 256

static void
update_size (HeraldPreview *self)
{
  gsize size = strlen (_herald_preview_html_or_empty (self));
  gsize step = MIN (size, HERALD_PREVIEW_CLIP_LIMIT) / SIZE_BAR_STEP;
  gboolean clipped = size > HERALD_PREVIEW_CLIP_LIMIT;
  g_autofree char *used = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
  gboolean first = self->shown_size_text == NULL;

  if (first || !g_str_equal (used, self->shown_size_text))
    {
      /* Translators: "14.2 KiB of 102 KiB", the HTML size against Gmail's clipping limit. */
      g_autofree char *label = g_strdup_printf (_ ("%s of 102 KiB"), used);

      gtk_label_set_text (self->size_label, label);
      g_free (self->shown_size_text);
      self->shown_size_text = g_steal_pointer (&used);
    }

  if (first || step != self->shown_size_step)
    {
      gtk_level_bar_set_value (self->size_bar, MIN (size, HERALD_PREVIEW_CLIP_LIMIT));
      self->shown_size_step = step;
    }

  if (first || clipped != self->shown_clipped)
    {
      herald_widget_set_tooltip (
          GTK_WIDGET (self->size_bar),
          clipped ? _ ("Gmail clips this email: past 102 KiB of HTML it hides the rest behind "
                       "“View entire message”.")
                  : _ ("Gmail clips emails whose HTML is larger than 102 KiB."));
      self->shown_clipped = clipped;
    }
}

/* The native views are filled only when shown: highlighting the source of a large email
 * on every keystroke would slow down the web preview the user is looking at. */
void
_herald_preview_update_native_views (HeraldPreview *self)
{
  update_size (self);

  switch (self->mode)
    {
    case HERALD_PREVIEW_MODE_TEXT:
      _herald_preview_make_native_views (self);
      set_buffer_text (GTK_TEXT_VIEW (self->text_view),
                       self->rendered != NULL && self->rendered->text != NULL ? self->rendered->text
                                                                              : "");
      break;
    case HERALD_PREVIEW_MODE_INBOX:
      update_inbox (self);
      break;
    case HERALD_PREVIEW_MODE_SOURCE:
      _herald_preview_make_native_views (self);
      set_buffer_text (GTK_TEXT_VIEW (self->source_view), _herald_preview_html_or_empty (self));
      break;
    case HERALD_PREVIEW_MODE_DESKTOP:
    case HERALD_PREVIEW_MODE_MOBILE:
    case HERALD_PREVIEW_MODE_DARK:
    case HERALD_PREVIEW_MODE_INVERTED:
    case HERALD_PREVIEW_MODE_IMAGES_OFF:
    default:
      break;
    }
}

static void
update_style_scheme (HeraldPreview *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (
      schemes, adw_style_manager_get_dark (style) ? "Adwaita-dark" : "Adwaita");
  gtk_source_buffer_set_style_scheme (
      GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view))), scheme);
  gtk_source_buffer_set_style_scheme (
      GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_view))), scheme);
}

/* The plain-text and source views, made once, with the source's highlighting. */
void
_herald_preview_make_native_views (HeraldPreview *self)
{
  g_autoptr (GtkBuilder) builder = NULL;
  GtkSourceLanguageManager *languages;
  GtkSourceBuffer *buffer;

  if (self->text_view != NULL)
    return;

  builder = gtk_builder_new_from_resource (APP_PATH "/ui/herald-preview-views.ui");
  self->text_view = GTK_SOURCE_VIEW (
      herald_scrolled_window_take_child (self->text_scroller, builder, "text_view"));
  self->source_view = GTK_SOURCE_VIEW (
      herald_scrolled_window_take_child (self->source_scroller, builder, "source_view"));

  languages = gtk_source_language_manager_get_default ();
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view)));
  gtk_source_buffer_set_language (buffer,
                                  gtk_source_language_manager_get_language (languages, "html"));
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  update_style_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
}
