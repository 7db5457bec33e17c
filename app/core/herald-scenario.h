/* herald-scenario.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HERALD_TYPE_SCENARIO (herald_scenario_get_type ())

G_DECLARE_FINAL_TYPE (HeraldScenario, herald_scenario, HERALD, SCENARIO, GObject)

HeraldScenario *herald_scenario_new_from_file (const char *path, GError **error);
HeraldScenario *herald_scenario_new_from_text (const char *path, const char *text);
const char *herald_scenario_get_id (HeraldScenario *self);
const char *herald_scenario_get_path (HeraldScenario *self);
const char *herald_scenario_get_name (HeraldScenario *self);
const char *herald_scenario_get_text (HeraldScenario *self);
void herald_scenario_set_text (HeraldScenario *self, const char *text);
gboolean herald_scenario_get_modified (HeraldScenario *self);
JsonObject *herald_scenario_get_variables (HeraldScenario *self, GError **error);
JsonObject *herald_scenario_get_data (HeraldScenario *self, GError **error);
JsonObject *herald_scenario_get_root (HeraldScenario *self, GError **error);
gboolean herald_scenario_save (HeraldScenario *self, GError **error);
gboolean herald_scenario_reload (HeraldScenario *self, GError **error);

/* For HeraldTemplate's file monitoring. */
gboolean _herald_scenario_take_disk_text (HeraldScenario *self, const char *disk_text);

G_END_DECLS
