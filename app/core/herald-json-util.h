/* herald-json-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper JSON is refused before json-glib, whose parser recurses once per level, sees it:
 * a hostile file or HTTP body would otherwise overflow the stack. */
#define HERALD_JSON_MAX_DEPTH 512

gboolean herald_json_check_depth (const char *data, gsize length, gsize *offset);
gboolean
herald_json_parser_load (JsonParser *parser, const char *data, gssize length, GError **error);
/* Where a top-level member of an object is in its file, in bytes: the name with its quotes,
 * and the value. */
typedef struct
{
  char *name; /* decoded */
  gsize name_start;
  gsize value_start;
  gsize value_end;
} HeraldJsonMemberSpan;

GArray *herald_json_scan_members (const char *text, gsize length);
char *herald_json_dup_member_source (const char *text, gsize length, const char *member);
char *herald_json_set_members (const char *text,
                               gsize length,
                               const char *const *names,
                               const char *const *values);
char *herald_json_set_string_members (const char *text,
                                      gsize length,
                                      const char *const *names,
                                      const char *const *values);
JsonNode *herald_json_parse_file (const char *path, GError **error);
JsonNode *
herald_json_parse_text (const char *display_name, const char *text, gssize length, GError **error);
/* As herald_json_parse_text(), without json-glib's sealing pass (it hashes every node):
 * for a tree parsed on every load whose owner hands it to readers only. */
JsonNode *herald_json_parse_text_unsealed (const char *display_name,
                                           const char *text,
                                           gssize length,
                                           GError **error);
void herald_json_append_string (GString *out, const char *str, gboolean escape_slash);

typedef enum
{
  /* Two-space indented, `"key": value`, members in their original order, final newline:
   * the shape people write by hand and git diffs well (library and state files). */
  HERALD_JSON_STYLE_PRETTY,
  /* {"key":1}: Mailjet's newer answers (Send API v3.1, errors with an identifier). */
  HERALD_JSON_STYLE_COMPACT,
  /* { "key" : 1 }, "/" written "\\/", final newline: Mailjet's legacy v3 REST answers. */
  HERALD_JSON_STYLE_SPACED,
} HeraldJsonStyle;

char *herald_json_write (JsonNode *node, HeraldJsonStyle style);
char *herald_json_to_pretty (JsonNode *node);
gboolean herald_json_write_file (const char *path, JsonNode *node, GError **error);
/* For Herald's own state (the account list, the deliveries): a missing folder is made, readable
 * by the user alone. */
gboolean herald_json_write_state_file (const char *path, JsonNode *node, GError **error);

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
