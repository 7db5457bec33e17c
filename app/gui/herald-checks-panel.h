/* herald-checks-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "herald-core.h"

G_BEGIN_DECLS

#define HERALD_TYPE_CHECKS_PANEL (herald_checks_panel_get_type ())

G_DECLARE_FINAL_TYPE (HeraldChecksPanel, herald_checks_panel, HERALD, CHECKS_PANEL, GtkWidget)

void herald_checks_panel_set_diagnostics (HeraldChecksPanel *self, GPtrArray *diagnostics);
GListModel *herald_checks_panel_get_diagnostics (HeraldChecksPanel *self);

G_END_DECLS
