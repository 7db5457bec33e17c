/* herald-window-refresh.c: the render that feeds the panes after each edit: the preview
 * (and the language grid when comparing), scheduled so that a keystroke's frame is not held
 * up, and the checks, which follow once the preview is under way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-window"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-l10n-lint.h"
#include "herald-lint.h"
#include "herald-memory.h"
#include "herald-pseudo-locale.h"
#include "herald-render.h"
#include "herald-window-private.h"

#define PREVIEW_DEBOUNCE_MS 120
#define CHECKS_DELAY_MS 250

static char *
describe_render_error (HeraldDiagnostic *diagnostic, const GError *error)
{
  const char *part_names[] = { N_ ("Subject"), N_ ("Preheader"), N_ ("HTML"), N_ ("Text") };
  HeraldPart part;

  if (diagnostic == NULL)
    return g_strdup (error->message);

  part = herald_diagnostic_get_part (diagnostic);
  if (herald_diagnostic_get_line (diagnostic) == 0)
    return g_strdup_printf ("%s: %s", _ (part_names[part]),
                            herald_diagnostic_get_message (diagnostic));

  /* Translators: "HTML, line 12, column 5: Unknown identifier: var:day" */
  return g_strdup_printf (_ ("%s, line %u, column %u: %s"), _ (part_names[part]),
                          herald_diagnostic_get_line (diagnostic),
                          herald_diagnostic_get_column (diagnostic),
                          herald_diagnostic_get_message (diagnostic));
}

/* The checks follow every edit, but only after the preview: linting and rebuilding the
 * findings list while WebKit loads would delay the page the user is watching. */
static void
refresh_checks (HeraldWindow *self)
{
  g_autoptr (GPtrArray) diagnostics = NULL;

  if (self->template != NULL)
    diagnostics = self->library != NULL
                      ? herald_lint_template_in_library (self->template, self->library)
                      : herald_lint_template (self->template);

  if (self->template != NULL && _herald_window_current_locale (self) != NULL &&
      !herald_is_pseudo_locale (_herald_window_current_locale (self)))
    {
      HeraldPoCatalog *catalog =
          _herald_window_get_catalog (self, _herald_window_current_locale (self), NULL);
      g_autoptr (GPtrArray) l10n = NULL;

      if (catalog != NULL)
        l10n = herald_l10n_lint_template (self->template, catalog, self->scenario, NULL);
      for (guint i = 0; l10n != NULL && i < l10n->len; i++)
        g_ptr_array_add (diagnostics, g_object_ref (g_ptr_array_index (l10n, i)));
    }

  herald_checks_panel_set_diagnostics (self->checks_panel, diagnostics);
  herald_template_editor_set_diagnostics (self->editor, diagnostics);
  herald_clients_view_update (
      self->clients_view,
      self->template != NULL ? herald_template_get_part (self->template, HERALD_PART_HTML) : NULL,
      self->library != NULL ? herald_library_get_clients (self->library)
                            : herald_client_support_get_default_clients ());
  herald_memory_release_when_quiet ();
}

static gboolean
checks_timeout_cb (gpointer user_data)
{
  HeraldWindow *self = user_data;

  self->checks_source = 0;
  refresh_checks (self);
  return G_SOURCE_REMOVE;
}

static void
queue_checks (HeraldWindow *self)
{
  g_clear_handle_id (&self->checks_source, g_source_remove);
  /* Below the frame clock's priority: a frame due when the delay ends (the window's first,
   * the one showing a key) is drawn before the lint's tens of milliseconds. */
  self->checks_source =
      g_timeout_add_full (G_PRIORITY_LOW, CHECKS_DELAY_MS, checks_timeout_cb, self, NULL);
}

/* Renders the template with the chosen scenario in one locale (NULL: the source), as
 * Mailjet would; on failure, says what is wrong and where. */
static HeraldRendered *
render_in (HeraldWindow *self, const char *locale, char **error_message)
{
  g_autoptr (HeraldDiagnostic) diagnostic = NULL;
  g_autoptr (GError) error = NULL;
  HeraldRendered *rendered = NULL;

  if (locale == NULL)
    {
      rendered = herald_render_template (self->template, self->scenario, &diagnostic, &error);
    }
  else
    {
      g_autoptr (HeraldLocalizedTemplate) localized =
          _herald_window_localize_in (self, locale, NULL, &error);

      if (localized != NULL)
        rendered = herald_render_localized (self->template, localized, self->scenario, &diagnostic,
                                            &error);
    }

  if (rendered == NULL)
    *error_message = describe_render_error (diagnostic, error);

  return rendered;
}

static void
refresh_grid (HeraldWindow *self)
{
  guint n = herald_locale_grid_get_n_columns (self->locale_grid);

  for (guint i = 0; i < n; i++)
    {
      const char *locale = i == 0 ? NULL : gtk_string_list_get_string (self->locales, i);
      g_autofree char *message = NULL;
      g_autoptr (HeraldRendered) rendered = render_in (self, locale, &message);

      herald_locale_grid_show (self->locale_grid, i, rendered, message, self->library);
    }
}

/* A broken template keeps the last good preview on screen, with what is wrong and where
 * shown over it. */
void
_herald_window_refresh_preview (HeraldWindow *self)
{
  g_autoptr (HeraldRendered) rendered = NULL;
  g_autofree char *message = NULL;

  queue_checks (self);
  g_free (self->refreshed_locale);
  self->refreshed_locale = g_strdup (_herald_window_current_locale (self));
  self->refreshed = TRUE;

  if (self->template == NULL)
    {
      herald_preview_set_error (self->preview, NULL);
      herald_preview_set_html (self->preview, "");
      return;
    }

  if (self->comparing)
    refresh_grid (self);

  rendered = render_in (self, _herald_window_current_locale (self), &message);
  herald_preview_set_error (self->preview, message);
  if (rendered != NULL)
    herald_preview_set_rendered (self->preview, rendered, self->library);
}

static gboolean
refresh_preview_cb (gpointer user_data)
{
  HeraldWindow *self = user_data;

  self->preview_source = 0;
  _herald_window_refresh_preview (self);
  return G_SOURCE_REMOVE;
}

static void
refresh_before_paint_cb (HeraldWindow *self, GdkFrameClock *clock)
{
  g_signal_handlers_disconnect_by_func (clock, refresh_before_paint_cb, self);
  if (self->preview_source == 0)
    return;

  g_clear_handle_id (&self->preview_source, g_source_remove);
  _herald_window_refresh_preview (self);
}

/* GTK hands a key to the editor inside a frame, just before laying that frame out and
 * painting it: an idle queued by the keystroke runs only once the letter is painted, which
 * under a software renderer takes tens of milliseconds (bench-keystroke's trace: the load
 * started 40-60 ms after the key). The refresh runs at the frame's before-paint instead,
 * after every event of the frame and ahead of the layout and painting, so that WebKit's
 * process works on the new document while this one paints the letter just typed. */
static void
refresh_before_next_paint (HeraldWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL)
    return;

  g_signal_handlers_disconnect_by_func (clock, refresh_before_paint_cb, self);
  g_signal_connect_object (clock, "before-paint", G_CALLBACK (refresh_before_paint_cb), self,
                           G_CONNECT_SWAPPED);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_BEFORE_PAINT);
}

/* A change after a pause shows at once; typing fires many changes, and during a burst the
 * preview follows once it settles rather than reloading for every letter. */
void
_herald_window_queue_preview (HeraldWindow *self)
{
  gint64 now = g_get_monotonic_time ();
  gboolean after_pause = now - self->last_change_time >= PREVIEW_DEBOUNCE_MS * 1000;

  self->last_change_time = now;
  g_clear_handle_id (&self->preview_source, g_source_remove);
  if (after_pause)
    {
      /* The idle refreshes a window that paints no frame (hidden, or not yet shown). */
      self->preview_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_preview_cb, self, NULL);
      refresh_before_next_paint (self);
    }
  else
    {
      self->preview_source = g_timeout_add (PREVIEW_DEBOUNCE_MS, refresh_preview_cb, self);
    }
  g_source_set_name_by_id (self->preview_source, "[herald] refresh preview");
}
