/* herald-first-frame.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*HeraldFirstFrameFunc) (GtkWidget *widget);

void herald_run_after_first_frame (GtkWidget *widget, HeraldFirstFrameFunc func);

void herald_menu_button_set_menu_model_after_first_frame (GtkMenuButton *button, GMenuModel *model);

GtkWidget *herald_scrolled_window_take_child (GtkScrolledWindow *scroller,
                                              GtkBuilder *builder,
                                              const char *name);

void herald_revealer_hide_child_while_concealed (GtkRevealer *revealer);

G_END_DECLS
