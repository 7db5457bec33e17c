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

/* A scenario may give other values to some variables in one locale, as a backend formats
 * amounts and dates for each reader:
 *
 *   "locales": { "fr": { "amount_display": "1 249,00 €" }, "de": { … } }
 *
 * Each locale's object replaces top-level variables of "variables" by name (a shallow
 * replace: an object or list override replaces the whole value). The locales' member, or
 * NULL without one; an error when it or one of its locales is not an object. */
JsonObject *herald_scenario_get_locale_overrides (HeraldScenario *self, GError **error);
/* The variables seen in locale (NULL: the source locale): "variables" with the locale's
 * overrides applied. A locale without overrides of its own takes its language's ("fr_CA"
 * takes "fr"'s). Transfer full. */
JsonObject *
herald_scenario_dup_variables_for_locale (HeraldScenario *self, const char *locale, GError **error);
JsonObject *herald_scenario_get_root (HeraldScenario *self, GError **error);
gboolean herald_scenario_save (HeraldScenario *self, GError **error);
gboolean herald_scenario_reload (HeraldScenario *self, GError **error);

/* For HeraldTemplate's file monitoring. */
gboolean _herald_scenario_take_disk_text (HeraldScenario *self, const char *disk_text);
/* Its template's folder was renamed; the file name, hence the id, stays. */
void _herald_scenario_set_path (HeraldScenario *self, const char *path);

G_END_DECLS
