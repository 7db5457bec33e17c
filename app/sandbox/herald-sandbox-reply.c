/* herald-sandbox-reply.c: the small JSON, query and reply helpers every resource handler
 * shares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include "herald-json-util.h"
#include "herald-sandbox-store-private.h"

JsonNode *
herald_sandbox_object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

gboolean
herald_sandbox_member_has_type (JsonObject *object, const char *name, GType type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
herald_sandbox_member_is_set (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

const char *
herald_sandbox_member_string (JsonObject *object, const char *name)
{
  if (object != NULL && herald_sandbox_member_has_type (object, name, G_TYPE_STRING))
    return json_object_get_string_member (object, name);
  return NULL;
}

gboolean
herald_sandbox_member_true (JsonObject *object, const char *name)
{
  return herald_sandbox_member_has_type (object, name, G_TYPE_BOOLEAN) &&
         json_object_get_boolean_member (object, name);
}

const char *
herald_sandbox_query_get (GHashTable *query, const char *name)
{
  GHashTableIter iter;
  gpointer key, value;

  if (query == NULL)
    return NULL;

  /* Mailjet's query parameters are case-insensitive (ShowContactAlt, showcontactalt). */
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_ascii_strcasecmp (key, name) == 0)
      return value;
  return NULL;
}

gboolean
herald_sandbox_query_true (GHashTable *query, const char *name)
{
  const char *value = herald_sandbox_query_get (query, name);

  return value != NULL && (g_ascii_strcasecmp (value, "true") == 0 || g_strcmp0 (value, "1") == 0);
}

JsonNode *
herald_sandbox_parse_body (const char *body, gsize length)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();

  if (body == NULL || length == 0)
    return NULL;
  if (!herald_json_parser_load (parser, body, length, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

void
herald_sandbox_reply_set (HeraldSandboxReply *reply,
                          guint status,
                          HeraldSandboxStyle style,
                          JsonNode *body)
{
  herald_sandbox_reply_clear (reply);
  reply->status = status;
  reply->style = style;
  reply->body = body;
}

void
herald_sandbox_reply_envelope (
    HeraldSandboxReply *reply, guint status, HeraldSandboxStyle style, JsonArray *data, guint total)
{
  herald_sandbox_reply_set (reply, status, style, herald_sandbox_json_envelope (data, total));
}

void
herald_sandbox_reply_one (HeraldSandboxReply *reply,
                          guint status,
                          HeraldSandboxStyle style,
                          JsonObject *object)
{
  JsonArray *data = json_array_new ();

  json_array_add_object_element (data, object);
  herald_sandbox_reply_envelope (reply, status, style, data, 1);
}

void
herald_sandbox_reply_not_found (HeraldSandboxReply *reply)
{
  herald_sandbox_reply_set (reply, 404, HERALD_SANDBOX_STYLE_LEGACY,
                            herald_sandbox_json_legacy_error ("", "Object not found", 404));
}

void
herald_sandbox_reply_legacy_error (HeraldSandboxReply *reply, guint status, const char *message)
{
  herald_sandbox_reply_set (reply, status, HERALD_SANDBOX_STYLE_LEGACY,
                            herald_sandbox_json_legacy_error ("", message, status));
}

void
herald_sandbox_reply_method_not_allowed (HeraldSandboxReply *reply)
{
  herald_sandbox_reply_legacy_error (reply, 405, "Method not allowed");
}

gboolean
herald_sandbox_parse_id (const char *text, gint64 *id)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

/* Limit (default 10, 0 meaning the maximum of 1000) and Offset of a v3 REST list, as the
 * half-open range [first, last) of the matching items it shows. */
void
herald_sandbox_list_range (GHashTable *query, guint64 *first, guint64 *last)
{
  guint64 limit = 10, offset = 0;
  const char *value;

  if ((value = herald_sandbox_query_get (query, "Limit")) != NULL)
    g_ascii_string_to_unsigned (value, 10, 0, 1000, &limit, NULL);
  if (limit == 0)
    limit = 1000;
  if ((value = herald_sandbox_query_get (query, "Offset")) != NULL)
    g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &offset, NULL);
  *first = offset;
  *last = offset + limit;
}

static void
list_window (GHashTable *query, guint n_items, guint *first, guint *last)
{
  guint64 from, to;

  herald_sandbox_list_range (query, &from, &to);
  *first = (guint) MIN (from, n_items);
  *last = (guint) MIN (to, n_items);
}

JsonArray *
herald_sandbox_window_array (GPtrArray *objects, GHashTable *query)
{
  JsonArray *data = json_array_new ();
  guint first, last;

  list_window (query, objects->len, &first, &last);
  if (herald_sandbox_query_true (query, "countOnly"))
    return data;
  for (guint i = first; i < last; i++)
    json_array_add_object_element (data, json_object_ref (g_ptr_array_index (objects, i)));
  return data;
}

JsonNode *
herald_sandbox_request_object (const HeraldSandboxRequest *request, HeraldSandboxReply *reply)
{
  JsonNode *root = herald_sandbox_parse_body (request->body, request->length);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_pointer (&root, json_node_unref);
      herald_sandbox_reply_legacy_error (reply, 400, "Invalid json input: expected a JSON object");
    }
  return root;
}
