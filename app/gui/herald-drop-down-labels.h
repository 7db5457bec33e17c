/* herald-drop-down-labels.h: drop-downs whose labels give way in a narrow window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows each item as the drop-down's expression reads it, ellipsized only when the window
 * is too narrow for the whole text: GTK 4.8's own labels never shrink, so one long scenario
 * name would set the width of the whole preview column. */
void herald_drop_down_use_shrinking_labels (GtkDropDown *drop_down);

G_END_DECLS
