/* herald-template-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "herald-core.h"

G_BEGIN_DECLS

#define HERALD_TYPE_TEMPLATE_EDITOR (herald_template_editor_get_type ())

G_DECLARE_FINAL_TYPE (
    HeraldTemplateEditor, herald_template_editor, HERALD, TEMPLATE_EDITOR, GtkWidget)

HeraldTemplate *herald_template_editor_get_template (HeraldTemplateEditor *self);
void herald_template_editor_set_template (HeraldTemplateEditor *self, HeraldTemplate *template);
HeraldScenario *herald_template_editor_get_scenario (HeraldTemplateEditor *self);
void herald_template_editor_set_scenario (HeraldTemplateEditor *self, HeraldScenario *scenario);
void herald_template_editor_show_part (HeraldTemplateEditor *self,
                                       HeraldPart part,
                                       guint line,
                                       guint column);
GtkTextBuffer *herald_template_editor_get_buffer (HeraldTemplateEditor *self, HeraldPart part);
void herald_template_editor_set_diagnostics (HeraldTemplateEditor *self, GPtrArray *diagnostics);

G_END_DECLS
