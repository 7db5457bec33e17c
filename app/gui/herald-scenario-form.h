/* herald-scenario-form.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "herald-core.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SCENARIO_FORM (herald_scenario_form_get_type ())

G_DECLARE_FINAL_TYPE (HeraldScenarioForm, herald_scenario_form, HERALD, SCENARIO_FORM, GtkWidget)

HeraldScenario *herald_scenario_form_get_scenario (HeraldScenarioForm *self);
void herald_scenario_form_set_scenario (HeraldScenarioForm *self, HeraldScenario *scenario);
/* The template whose variables are suggested. */
void herald_scenario_form_set_template (HeraldScenarioForm *self, HeraldTemplate *template);
/* The library's target locales, which may get values of their own. */
void herald_scenario_form_set_locales (HeraldScenarioForm *self, const char *const *locales);
/* NULL for the values all languages share, or the locale whose values the form edits. */
const char *herald_scenario_form_get_locale (HeraldScenarioForm *self);
void herald_scenario_form_set_locale (HeraldScenarioForm *self, const char *locale);

G_END_DECLS
