/* herald-scenario-ops.h: adding, duplicating, renaming and deleting a template's scenarios
 * on disk, and the edits the scenario form makes to a scenario's JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "herald-template.h"

G_BEGIN_DECLS

/* A scenario's id is its file name without ".json", so it must be a file name on every
 * system a library is cloned to: not empty, not "." or "..", no "/" "\" ":" "*" "?" "\""
 * "<" ">" "|" or control characters, no leading dot (hidden, and skipped when loading),
 * no trailing dot or space, not a name Windows reserves (CON, NUL, COM1…), at most
 * HERALD_SCENARIO_ID_MAX_CHARS characters. Errors are HERALD_LIBRARY_ERROR_INVALID, with a
 * sentence a person can act on. */
#define HERALD_SCENARIO_ID_MAX_CHARS 100

gboolean herald_scenario_id_validate (const char *id, GError **error);
/* Also refuses an id that another scenario of tmpl has, or has up to letter case (the two
 * files would be one on macOS and Windows); except may be that scenario itself (a rename
 * that only changes case). */
gboolean herald_scenario_id_check_free (HeraldTemplate *tmpl,
                                        const char *id,
                                        HeraldScenario *except,
                                        GError **error);
/* base, or base-2, base-3…: the first id that is free. */
char *herald_scenario_id_suggest (HeraldTemplate *tmpl, const char *base);

/* Each writes the file at once (atomically), then updates the template's scenario list, and
 * returns the scenario (transfer full) or NULL with nothing changed. */
HeraldScenario *
herald_scenario_add (HeraldTemplate *tmpl, const char *id, const char *name, GError **error);
/* The copy takes the source's text as edited (its unsaved edits included) with "name" set
 * to name; the source keeps its own edits. */
HeraldScenario *herald_scenario_duplicate (
    HeraldTemplate *tmpl, HeraldScenario *source, const char *id, const char *name, GError **error);
/* Changes the file name only: the display "name" member is not touched. Unsaved edits move
 * with the scenario. */
HeraldScenario *herald_scenario_rename (HeraldTemplate *tmpl,
                                        HeraldScenario *scenario,
                                        const char *id,
                                        GError **error);

/* A deleted scenario's file content and object, kept in memory so that Undo can write the
 * file back byte for byte (and keep its unsaved edits). */
typedef struct _HeraldDeletedScenario HeraldDeletedScenario;

HeraldDeletedScenario *
herald_scenario_delete (HeraldTemplate *tmpl, HeraldScenario *scenario, GError **error);
HeraldScenario *herald_deleted_scenario_get_scenario (HeraldDeletedScenario *deleted);
/* Writes the file back and puts the scenario back in the list; refuses when a file of that
 * name appeared meanwhile. */
gboolean
herald_scenario_restore (HeraldTemplate *tmpl, HeraldDeletedScenario *deleted, GError **error);
void herald_deleted_scenario_free (HeraldDeletedScenario *deleted);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldDeletedScenario, herald_deleted_scenario_free)

/* The kinds of value the form offers. */
typedef enum
{
  HERALD_VALUE_TEXT,
  HERALD_VALUE_NUMBER,
  HERALD_VALUE_BOOLEAN,
  HERALD_VALUE_LIST,
  HERALD_VALUE_OBJECT,
  HERALD_VALUE_NULL, /* found in files; the form shows it, never creates it */
} HeraldValueKind;

HeraldValueKind herald_value_kind_of (JsonNode *node);
/* An empty value of kind; or, from old, the same value converted where it makes sense
 * ("12" → 12, 12 → "12", true → "true"); old may be NULL. */
JsonNode *herald_value_convert (JsonNode *old, HeraldValueKind kind);
/* A copy that shares nothing with node (json_node_copy() shares values). */
JsonNode *herald_value_copy (JsonNode *node);
/* A whole number or a decimal with a dot ("12", "-3.5"), or NULL for anything else. */
JsonNode *herald_value_parse_number (const char *text);
/* A value as the form shows it in one line: the text, number or yes/no itself, or "3 items". */
char *herald_value_summary (JsonNode *node);

/* Edits of a scenario's parsed root. Members keep their place; a new one goes last. */
JsonObject *herald_scenario_json_ensure_variables (JsonObject *root);
void herald_scenario_json_set_override (JsonObject *root,
                                        const char *locale,
                                        const char *name,
                                        JsonNode *value);
/* Drops the override, then the locale's object and "locales" when they become empty. */
void herald_scenario_json_remove_override (JsonObject *root, const char *locale, const char *name);
/* The root back to text: two-space indentation, members in their order. */
char *herald_scenario_json_to_text (JsonObject *root);

/* Where a value lives in a scenario's JSON: a member of an object node or an element of an
 * array node. The scenario form keeps one on each of its rows. */
typedef struct
{
  JsonNode *container;
  char *member; /* NULL in an array */
  guint index;
  char *path; /* "items › 2 › title", for labels */
} HeraldValueSlot;

HeraldValueSlot *
herald_value_slot_new (JsonNode *container, const char *member, guint index, const char *path);
HeraldValueSlot *herald_value_slot_copy (const HeraldValueSlot *slot);
void herald_value_slot_free (HeraldValueSlot *slot);
JsonNode *herald_value_slot_get (const HeraldValueSlot *slot);
/* Takes value. An array has no "replace": it is copied with the one element changed. */
void herald_value_slot_set (const HeraldValueSlot *slot, JsonNode *value);
void herald_value_slot_remove (const HeraldValueSlot *slot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldValueSlot, herald_value_slot_free)

G_END_DECLS
