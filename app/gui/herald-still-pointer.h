/* herald-still-pointer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void herald_window_ignore_still_pointer (GtkWindow *window);

G_END_DECLS
