/* herald-template-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "herald-core.h"
#include "herald-editor-search.h"
#include "herald-scenario-form.h"
#include "herald-variable-completion.h"

G_BEGIN_DECLS

#define HERALD_TYPE_TEMPLATE_EDITOR (herald_template_editor_get_type ())

G_DECLARE_FINAL_TYPE (
    HeraldTemplateEditor, herald_template_editor, HERALD, TEMPLATE_EDITOR, GtkWidget)

HeraldTemplate *herald_template_editor_get_template (HeraldTemplateEditor *self);
void herald_template_editor_set_template (HeraldTemplateEditor *self, HeraldTemplate *template);
HeraldScenario *herald_template_editor_get_scenario (HeraldTemplateEditor *self);
void herald_template_editor_set_scenario (HeraldTemplateEditor *self, HeraldScenario *scenario);
/* Shows scenario and emits ::select-scenario, for the window to choose it too. */
void herald_template_editor_select_scenario (HeraldTemplateEditor *self, HeraldScenario *scenario);
/* The library's target locales, which a scenario may give values of their own. */
void herald_template_editor_set_locales (HeraldTemplateEditor *self, const char *const *locales);
HeraldScenarioForm *herald_template_editor_get_scenario_form (HeraldTemplateEditor *self);
/* Brings the Scenario page forward, on its form or its JSON. */
void herald_template_editor_show_scenario (HeraldTemplateEditor *self, gboolean json);
GtkTextBuffer *herald_template_editor_get_scenario_buffer (HeraldTemplateEditor *self);
void herald_template_editor_show_part (HeraldTemplateEditor *self,
                                       HeraldPart part,
                                       guint line,
                                       guint column);
GtkTextBuffer *herald_template_editor_get_buffer (HeraldTemplateEditor *self, HeraldPart part);
void herald_template_editor_set_diagnostics (HeraldTemplateEditor *self, GPtrArray *diagnostics);
/* Find (and replace) and Go to Line in the page's code (the HTML from the Message page). */
void herald_template_editor_find (HeraldTemplateEditor *self, gboolean replace);
void herald_template_editor_goto_line (HeraldTemplateEditor *self);
HeraldEditorSearch *herald_template_editor_get_search (HeraldTemplateEditor *self);
/* Completes `var:` names in the HTML and text parts from the template's scenarios. */
HeraldVariableCompletion *
herald_template_editor_get_variable_completion (HeraldTemplateEditor *self);

/* The highlighting of a part: "mailjet-html" (HTML with the Mailjet Templating Language) or,
 * for HERALD_PART_TEXT, "mailjet-text"; compiled into the program's resources. */
GtkSourceLanguage *herald_template_editor_get_part_language (HeraldPart part);

G_END_DECLS
