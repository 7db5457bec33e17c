/* herald-json-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *herald_json_parse_file (const char *path, GError **error);
JsonNode *
herald_json_parse_text (const char *display_name, const char *text, gssize length, GError **error);
void herald_json_append_string (GString *out, const char *str, gboolean escape_slash);
char *herald_json_to_pretty (JsonNode *node);
gboolean herald_json_write_file (const char *path, JsonNode *node, GError **error);

/* The parsed document's top-level object, or NULL when it is something else or nothing at
 * all (a body of blanks parses "successfully" to no root). */
JsonObject *herald_json_parser_get_object (JsonParser *parser);

const char *
herald_json_object_get_string_or (JsonObject *object, const char *member, const char *fallback);
/* Type-checked accessors for documents from outside: json-glib's own getters assert (a
 * critical) when a member or element has another type than the one asked for. */
gint64 herald_json_object_get_int_or (JsonObject *object, const char *member, gint64 fallback);
gboolean
herald_json_object_get_boolean_or (JsonObject *object, const char *member, gboolean fallback);
JsonObject *herald_json_object_get_object_or_null (JsonObject *object, const char *member);
JsonArray *herald_json_object_get_array_or_null (JsonObject *object, const char *member);
JsonObject *herald_json_array_get_object_or_null (JsonArray *array, guint index);
const char *herald_json_array_get_string_or_null (JsonArray *array, guint index);

G_END_DECLS
