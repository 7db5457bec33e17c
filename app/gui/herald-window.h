/* herald-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-application.h"
#include "herald-core.h"
#include "herald-deliveries-view.h"
#include "herald-locale-grid.h"
#include "herald-preview.h"
#include "herald-template-editor.h"

G_BEGIN_DECLS

#define HERALD_TYPE_WINDOW (herald_window_get_type ())

G_DECLARE_FINAL_TYPE (HeraldWindow, herald_window, HERALD, WINDOW, AdwApplicationWindow)

HeraldWindow *herald_window_new (HeraldApplication *application);
void herald_window_open_library (HeraldWindow *self, const char *directory);
HeraldLibrary *herald_window_get_library (HeraldWindow *self);
HeraldTemplate *herald_window_get_template (HeraldWindow *self);
void herald_window_select_template (HeraldWindow *self, const char *id);
HeraldScenario *herald_window_get_scenario (HeraldWindow *self);
HeraldTemplateEditor *herald_window_get_editor (HeraldWindow *self);
HeraldPreview *herald_window_get_preview (HeraldWindow *self);
void herald_window_show_deliveries (HeraldWindow *self);
HeraldDeliveriesView *herald_window_get_deliveries_view (HeraldWindow *self);
void herald_window_show_error (HeraldWindow *self, const char *title, const char *message);

void herald_window_set_comparing (HeraldWindow *self, gboolean comparing);
HeraldLocaleGrid *herald_window_get_locale_grid (HeraldWindow *self);

G_END_DECLS
