/* herald-template.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-scenario.h"

G_BEGIN_DECLS

/* The parts of an alert that carry Mailjet Templating Language. */
typedef enum
{
  HERALD_PART_SUBJECT,
  HERALD_PART_PREHEADER,
  HERALD_PART_HTML,
  HERALD_PART_TEXT,
} HeraldPart;

const char *herald_part_to_string (HeraldPart part);

#define HERALD_TYPE_TEMPLATE (herald_template_get_type ())

G_DECLARE_FINAL_TYPE (HeraldTemplate, herald_template, HERALD, TEMPLATE, GObject)

HeraldTemplate *herald_template_load (const char *directory, GError **error);
const char *herald_template_get_id (HeraldTemplate *self);
const char *herald_template_get_directory (HeraldTemplate *self);
const char *herald_template_get_name (HeraldTemplate *self);
void herald_template_set_name (HeraldTemplate *self, const char *name);
const char *herald_template_get_description (HeraldTemplate *self);
void herald_template_set_description (HeraldTemplate *self, const char *description);
const char *herald_template_get_part (HeraldTemplate *self, HeraldPart part);
void herald_template_set_part (HeraldTemplate *self, HeraldPart part, const char *text);
const char *herald_template_get_subject (HeraldTemplate *self);
const char *herald_template_get_preheader (HeraldTemplate *self);
const char *herald_template_get_html (HeraldTemplate *self);
const char *herald_template_get_text (HeraldTemplate *self);
const char *const *herald_template_get_tags (HeraldTemplate *self);
GListModel *herald_template_get_scenarios (HeraldTemplate *self);
HeraldScenario *herald_template_find_scenario (HeraldTemplate *self, const char *id);
gboolean herald_template_get_modified (HeraldTemplate *self);
gboolean herald_template_get_changed_on_disk (HeraldTemplate *self);
void herald_template_keep_own_changes (HeraldTemplate *self);
gboolean herald_template_has_text_part (HeraldTemplate *self);
gboolean herald_template_save (HeraldTemplate *self, GError **error);
gboolean herald_template_reload (HeraldTemplate *self, GError **error);
void _herald_template_file_changed (HeraldTemplate *self, const char *path);
/* For herald-scenario-ops.c, once the scenario's file is written or removed. */
void _herald_template_insert_scenario (HeraldTemplate *self, HeraldScenario *scenario);
void _herald_template_remove_scenario (HeraldTemplate *self, HeraldScenario *scenario);

/* For herald-template-ops.c: the folder moved (its scenarios follow); the display name
 * written to template.json alone, other unsaved edits staying unsaved; template.json as
 * shown in Herald, with name in place of the display name. */
void _herald_template_set_directory (HeraldTemplate *self, const char *directory);
gboolean _herald_template_save_name (HeraldTemplate *self, const char *name, GError **error);
char *_herald_template_dup_json_text (HeraldTemplate *self, const char *name);

G_END_DECLS
