/* herald-scenario-actions.h: the template editor's scenario actions (scenario.add,
 * scenario.duplicate, scenario.rename, scenario.delete) and their dialogs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Installs the actions on HeraldTemplateEditor's class. */
void herald_scenario_actions_install (GtkWidgetClass *widget_class);

/* A file name from a display name: "Card payment (copy)" → "card-payment-copy". */
char *herald_scenario_actions_id_from_name (const char *name);

G_END_DECLS
