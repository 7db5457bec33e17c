/* herald-sandbox-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include "herald-json-util.h"

#include "herald-sandbox-private.h"

/* Both dialects are written by core's one writer (herald_json_write()): Mailjet's integers
 * must go out exact (MessageIDs are above 2^53) and the legacy dialect has its own spacing
 * and escapes "/", as recorded. */
char *
herald_sandbox_json_write (JsonNode *node, HeraldSandboxStyle style)
{
  return herald_json_write (node, style == HERALD_SANDBOX_STYLE_LEGACY ? HERALD_JSON_STYLE_SPACED
                                                                       : HERALD_JSON_STYLE_COMPACT);
}

JsonNode *
herald_sandbox_json_envelope (JsonArray *data, guint total)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (object, "Count", json_array_get_length (data));
  json_object_set_array_member (object, "Data", data);
  json_object_set_int_member (object, "Total", total);
  json_node_take_object (node, object);
  return node;
}

JsonNode *
herald_sandbox_json_legacy_error (const char *info, const char *message, guint status)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "ErrorInfo", info);
  json_object_set_string_member (object, "ErrorMessage", message);
  json_object_set_int_member (object, "StatusCode", status);
  json_node_take_object (node, object);
  return node;
}

JsonNode *
herald_sandbox_json_identified_error (const char *message, guint status)
{
  g_autofree char *uuid = g_uuid_string_random ();
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "ErrorIdentifier", uuid);
  json_object_set_int_member (object, "StatusCode", status);
  json_object_set_string_member (object, "ErrorMessage", message);
  json_node_take_object (node, object);
  return node;
}
