/* herald-editor-search.h: find, replace and go to line for the template editor's views.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define HERALD_TYPE_EDITOR_SEARCH (herald_editor_search_get_type ())

G_DECLARE_FINAL_TYPE (HeraldEditorSearch, herald_editor_search, HERALD, EDITOR_SEARCH, GtkWidget)

/* The view searched; NULL (a page without code) hides the bars. */
void herald_editor_search_set_view (HeraldEditorSearch *self, GtkSourceView *view);
/* Shows the find bar (with the replace row when replace is TRUE) and focuses it, starting
 * from the selection when it is on one line. */
void herald_editor_search_find (HeraldEditorSearch *self, gboolean replace);
void herald_editor_search_goto_line (HeraldEditorSearch *self);
/* Moves to the next (or previous) match; FALSE when there is none. */
gboolean herald_editor_search_move (HeraldEditorSearch *self, gboolean forward);
/* Replaces the selected match and moves to the next one. */
void herald_editor_search_replace (HeraldEditorSearch *self);
/* Replaces every match; returns how many. */
guint herald_editor_search_replace_all (HeraldEditorSearch *self);

G_END_DECLS
