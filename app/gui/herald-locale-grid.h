/* herald-locale-grid.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "herald-library.h"
#include "herald-preview.h"
#include "herald-render.h"

G_BEGIN_DECLS

#define HERALD_TYPE_LOCALE_GRID (herald_locale_grid_get_type ())

G_DECLARE_FINAL_TYPE (HeraldLocaleGrid, herald_locale_grid, HERALD, LOCALE_GRID, GtkWidget)

void herald_locale_grid_set_locales (HeraldLocaleGrid *self, const char *const *locales);
guint herald_locale_grid_get_n_columns (HeraldLocaleGrid *self);
void herald_locale_grid_show (HeraldLocaleGrid *self,
                              guint column,
                              const HeraldRendered *rendered,
                              const char *error,
                              HeraldLibrary *library);
HeraldPreview *herald_locale_grid_get_preview (HeraldLocaleGrid *self, guint column);
void herald_locale_grid_drop_columns_after (HeraldLocaleGrid *self, guint seconds);

G_END_DECLS
