/* herald-editor-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-editor-search.h"
#include "herald-tooltip.h"

/* One GtkSourceSearchSettings for all the views, so that the text looked for stays when the
 * user switches from the HTML part to the text part; one GtkSourceSearchContext for the view
 * shown, which highlights its matches. */
struct _HeraldEditorSearch
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkRevealer *search_revealer;
  GtkSearchEntry *search_entry;
  GtkLabel *count_label;
  GtkToggleButton *replace_toggle;
  GtkEntry *replace_entry;
  GtkRevealer *goto_revealer;
  GtkEntry *goto_entry;

  GtkSourceView *view;
  GtkSourceSearchSettings *settings;
  GtkSourceSearchContext *context;
};

G_DEFINE_FINAL_TYPE (HeraldEditorSearch, herald_editor_search, GTK_TYPE_WIDGET)

static GtkTextBuffer *
view_buffer (HeraldEditorSearch *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
}

#define MATCH_START_MARK "herald-search-match-start"
#define MATCH_END_MARK "herald-search-match-end"

/* The match the user is on: the selection, or the last match shown while the cursor has
 * not moved from it (another widget taking the primary selection, such as the find entry
 * selecting its text, empties the buffer's selection). */
static gboolean
get_current_match (HeraldEditorSearch *self, GtkTextIter *start, GtkTextIter *end)
{
  GtkTextBuffer *buffer = view_buffer (self);
  GtkTextMark *start_mark = gtk_text_buffer_get_mark (buffer, MATCH_START_MARK);
  GtkTextMark *end_mark = gtk_text_buffer_get_mark (buffer, MATCH_END_MARK);
  GtkTextIter cursor;

  if (gtk_text_buffer_get_selection_bounds (buffer, start, end))
    return TRUE;
  if (start_mark == NULL || end_mark == NULL)
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_get_iter_at_mark (buffer, start, start_mark);
  gtk_text_buffer_get_iter_at_mark (buffer, end, end_mark);
  if (gtk_text_iter_equal (&cursor, start) || gtk_text_iter_equal (&cursor, end))
    return TRUE;

  *start = *end = cursor;
  return FALSE;
}

static void
update_count (HeraldEditorSearch *self)
{
  GtkTextIter start, end;
  int count, position;
  g_autofree char *text = NULL;

  if (self->count_label == NULL)
    return;
  if (self->context == NULL || gtk_source_search_settings_get_search_text (self->settings) == NULL)
    {
      gtk_label_set_text (self->count_label, "");
      return;
    }

  count = gtk_source_search_context_get_occurrences_count (self->context);
  /* -1: the buffer is still being scanned. */
  if (count < 0)
    return;
  if (count == 0)
    {
      gtk_label_set_text (self->count_label, _ ("No results"));
      return;
    }

  get_current_match (self, &start, &end);
  position = gtk_source_search_context_get_occurrence_position (self->context, &start, &end);
  if (position > 0)
    /* Translators: a match's position among all the matches, e.g. “2 of 7”. */
    text = g_strdup_printf (_ ("%d of %d"), position, count);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", count), count);
  gtk_label_set_text (self->count_label, text);
}

static void
select_match (HeraldEditorSearch *self, GtkTextIter *start, GtkTextIter *end)
{
  GtkTextBuffer *buffer = view_buffer (self);

  if (gtk_text_buffer_get_mark (buffer, MATCH_START_MARK) == NULL)
    {
      gtk_text_buffer_create_mark (buffer, MATCH_START_MARK, start, TRUE);
      gtk_text_buffer_create_mark (buffer, MATCH_END_MARK, end, FALSE);
    }
  gtk_text_buffer_move_mark_by_name (buffer, MATCH_START_MARK, start);
  gtk_text_buffer_move_mark_by_name (buffer, MATCH_END_MARK, end);
  gtk_text_buffer_select_range (buffer, start, end);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view), gtk_text_buffer_get_insert (buffer),
                                0.2, FALSE, 0, 0);
  update_count (self);
}

gboolean
herald_editor_search_move (HeraldEditorSearch *self, gboolean forward)
{
  GtkTextIter start, end, match_start, match_end;
  gboolean wrapped, found;

  g_return_val_if_fail (HERALD_IS_EDITOR_SEARCH (self), FALSE);

  if (self->context == NULL)
    return FALSE;

  get_current_match (self, &start, &end);
  if (forward)
    found =
        gtk_source_search_context_forward (self->context, &end, &match_start, &match_end, &wrapped);
  else
    found = gtk_source_search_context_backward (self->context, &start, &match_start, &match_end,
                                                &wrapped);
  if (found)
    select_match (self, &match_start, &match_end);
  return found;
}

/* Typing looks for the text from where the cursor is, as GNOME Text Editor does. */
static void
search_changed_cb (HeraldEditorSearch *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkTextIter start, end, match_start, match_end;
  gboolean wrapped;

  gtk_source_search_settings_set_search_text (self->settings, text[0] != '\0' ? text : NULL);
  if (self->context == NULL || text[0] == '\0')
    {
      update_count (self);
      return;
    }

  gtk_text_buffer_get_selection_bounds (view_buffer (self), &start, &end);
  if (gtk_source_search_context_forward (self->context, &start, &match_start, &match_end, &wrapped))
    select_match (self, &match_start, &match_end);
  else
    update_count (self);
}

static void
next_cb (HeraldEditorSearch *self)
{
  herald_editor_search_move (self, TRUE);
}

static void
previous_cb (HeraldEditorSearch *self)
{
  herald_editor_search_move (self, FALSE);
}

static void
search_activate_cb (HeraldEditorSearch *self)
{
  herald_editor_search_move (self, TRUE);
}

void
herald_editor_search_replace (HeraldEditorSearch *self)
{
  GtkTextIter start, end;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (HERALD_IS_EDITOR_SEARCH (self));

  if (self->context == NULL || self->replace_entry == NULL)
    return;

  /* Only a selection that is a match is replaced (the call checks it); otherwise this just
   * moves to the next match. */
  get_current_match (self, &start, &end);
  if (!gtk_source_search_context_replace (
          self->context, &start, &end, gtk_editable_get_text (GTK_EDITABLE (self->replace_entry)),
          -1, &error) &&
      error != NULL)
    {
      g_warning ("Cannot replace: %s", error->message);
      return;
    }
  gtk_text_buffer_select_range (view_buffer (self), &end, &end);
  herald_editor_search_move (self, TRUE);
}

guint
herald_editor_search_replace_all (HeraldEditorSearch *self)
{
  g_autoptr (GError) error = NULL;
  guint n;

  g_return_val_if_fail (HERALD_IS_EDITOR_SEARCH (self), 0);

  if (self->context == NULL || self->replace_entry == NULL)
    return 0;

  n = gtk_source_search_context_replace_all (
      self->context, gtk_editable_get_text (GTK_EDITABLE (self->replace_entry)), -1, &error);
  if (error != NULL)
    g_warning ("Cannot replace: %s", error->message);
  update_count (self);
  return n;
}

static void
replace_cb (HeraldEditorSearch *self)
{
  herald_editor_search_replace (self);
}

static void
replace_all_cb (HeraldEditorSearch *self)
{
  herald_editor_search_replace_all (self);
}

static gboolean
find_bar_shown (HeraldEditorSearch *self)
{
  return self->search_revealer != NULL && gtk_revealer_get_reveal_child (self->search_revealer);
}

static void
close_cb (HeraldEditorSearch *self)
{
  gboolean had_focus;

  if (self->box == NULL)
    return;

  had_focus = gtk_revealer_get_reveal_child (self->search_revealer) ||
              gtk_revealer_get_reveal_child (self->goto_revealer);
  gtk_revealer_set_reveal_child (self->search_revealer, FALSE);
  gtk_revealer_set_reveal_child (self->goto_revealer, FALSE);
  if (self->context != NULL)
    gtk_source_search_context_set_highlight (self->context, FALSE);
  if (had_focus && self->view != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* A line number the buffer has, or 0. */
static int
parse_line (HeraldEditorSearch *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->goto_entry)));
  guint64 line = 0;

  if (self->view == NULL ||
      !g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, G_MAXINT, &line, NULL))
    return 0;
  if (line > (guint64) gtk_text_buffer_get_line_count (view_buffer (self)))
    return 0;
  return (int) line;
}

static void
goto_changed_cb (HeraldEditorSearch *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->goto_entry));

  if (text[0] == '\0' || parse_line (self) > 0)
    gtk_widget_remove_css_class (GTK_WIDGET (self->goto_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->goto_entry), "error");
}

static void
goto_activate_cb (HeraldEditorSearch *self)
{
  int line = parse_line (self);
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  if (line == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->goto_entry));
      return;
    }

  buffer = view_buffer (self);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, line - 1);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->view), &iter, 0.2, FALSE, 0, 0);
  close_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static const HeraldTooltipSpec tooltips[] = {
  { "previous_button", N_ ("Previous Match") }, { "next_button", N_ ("Next Match") },
  { "replace_toggle", N_ ("Replace") },         { "close_button", N_ ("Close Search") },
  { "goto_close_button", N_ ("Close") },
};

/* The bars are built the first time one is asked for: many editing sessions never search,
 * and their 31 widgets (with a search entry that asks the X server where the pointer is)
 * were built before the window's first frame. */
static void
ensure_bars (HeraldEditorSearch *self)
{
  if (self->box != NULL)
    return;

  gtk_widget_init_template (GTK_WIDGET (self));
  herald_widget_set_template_tooltips (GTK_WIDGET (self), tooltips, G_N_ELEMENTS (tooltips));
}

void
herald_editor_search_set_view (HeraldEditorSearch *self, GtkSourceView *view)
{
  g_return_if_fail (HERALD_IS_EDITOR_SEARCH (self));
  g_return_if_fail (view == NULL || GTK_SOURCE_IS_VIEW (view));

  if (self->view == view)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  self->view = view;

  if (view == NULL)
    {
      close_cb (self);
      return;
    }

  self->context = gtk_source_search_context_new (
      GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view))), self->settings);
  gtk_source_search_context_set_highlight (self->context, find_bar_shown (self));
  g_signal_connect_swapped (self->context, "notify::occurrences-count", G_CALLBACK (update_count),
                            self);
  update_count (self);
}

void
herald_editor_search_find (HeraldEditorSearch *self, gboolean replace)
{
  GtkTextIter start, end;

  g_return_if_fail (HERALD_IS_EDITOR_SEARCH (self));

  if (self->view == NULL)
    return;

  ensure_bars (self);
  gtk_revealer_set_reveal_child (self->goto_revealer, FALSE);
  gtk_revealer_set_reveal_child (self->search_revealer, TRUE);
  gtk_toggle_button_set_active (self->replace_toggle, replace);
  gtk_source_search_context_set_highlight (self->context, TRUE);

  /* A selection on one line is what the user wants to find. */
  if (gtk_text_buffer_get_selection_bounds (view_buffer (self), &start, &end) &&
      gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end))
    {
      g_autofree char *selected = gtk_text_iter_get_visible_text (&start, &end);

      /* Setting the same text would empty the entry first, and an empty search entry
       * reports its change at once: the search would stop for a moment. */
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), selected) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), selected);
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
herald_editor_search_goto_line (HeraldEditorSearch *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter cursor;
  g_autofree char *placeholder = NULL;

  g_return_if_fail (HERALD_IS_EDITOR_SEARCH (self));

  if (self->view == NULL)
    return;

  ensure_bars (self);
  buffer = view_buffer (self);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  /* Translators: the placeholder of the Go to Line entry; %d is the number of lines. */
  placeholder = g_strdup_printf (_ ("Line number (1–%d)"), gtk_text_buffer_get_line_count (buffer));
  gtk_entry_set_placeholder_text (self->goto_entry, placeholder);
  gtk_editable_set_text (GTK_EDITABLE (self->goto_entry), "");

  gtk_revealer_set_reveal_child (self->search_revealer, FALSE);
  gtk_revealer_set_reveal_child (self->goto_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->goto_entry));
}

static void
herald_editor_search_dispose (GObject *object)
{
  HeraldEditorSearch *self = (HeraldEditorSearch *) object;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  self->view = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_EDITOR_SEARCH);

  G_OBJECT_CLASS (herald_editor_search_parent_class)->dispose (object);
}

static void
close_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  close_cb (HERALD_EDITOR_SEARCH (widget));
}

static void
herald_editor_search_class_init (HeraldEditorSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_editor_search_dispose;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/heraldapp/Herald/ui/herald-editor-search.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldEditorSearch, box);
  gtk_widget_class_bind_template_child (widget_class, HeraldEditorSearch, search_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeraldEditorSearch, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldEditorSearch, count_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldEditorSearch, replace_toggle);
  gtk_widget_class_bind_template_child (widget_class, HeraldEditorSearch, replace_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldEditorSearch, goto_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeraldEditorSearch, goto_entry);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_cb);
  gtk_widget_class_bind_template_callback (widget_class, previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_cb);
  gtk_widget_class_bind_template_callback (widget_class, replace_cb);
  gtk_widget_class_bind_template_callback (widget_class, replace_all_cb);
  gtk_widget_class_bind_template_callback (widget_class, goto_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, goto_changed_cb);

  /* Escape in the replace or line entry closes the bar, as in the find entry. */
  gtk_widget_class_install_action (widget_class, "search.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "search.close", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "editorsearch");
}

static void
herald_editor_search_init (HeraldEditorSearch *self)
{
  self->settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->settings, TRUE);
}
