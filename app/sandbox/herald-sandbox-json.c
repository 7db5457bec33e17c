/* herald-sandbox-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include "herald-json-util.h"

#include <math.h>

#include "herald-sandbox-private.h"

/* Our own writer rather than JsonGenerator: integers must go out as written (MessageIDs are
 * above 2^53) and the legacy dialect has its own spacing and escapes "/", as recorded. */

static void write_node (GString *out, JsonNode *node, HeraldSandboxStyle style);

static void
write_value (GString *out, JsonNode *node, HeraldSandboxStyle style)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* JSON has no NaN or infinity; Mailjet never sends them either. */
      if (!isfinite (d))
        d = 0;
      g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.15g", d));
    }
  else
    herald_json_append_string (out, json_node_get_string (node),
                               style == HERALD_SANDBOX_STYLE_LEGACY);
}

static void
write_object (GString *out, JsonObject *object, HeraldSandboxStyle style)
{
  gboolean legacy = style == HERALD_SANDBOX_STYLE_LEGACY;
  g_autoptr (GList) members = json_object_get_members (object);

  if (members == NULL)
    {
      g_string_append (out, legacy ? "{ }" : "{}");
      return;
    }

  g_string_append (out, legacy ? "{ " : "{");
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (l != members)
        g_string_append (out, legacy ? ", " : ",");
      herald_json_append_string (out, l->data, style == HERALD_SANDBOX_STYLE_LEGACY);
      g_string_append (out, legacy ? " : " : ":");
      write_node (out, json_object_get_member (object, l->data), style);
    }
  g_string_append (out, legacy ? " }" : "}");
}

static void
write_array (GString *out, JsonArray *array, HeraldSandboxStyle style)
{
  guint n = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, style == HERALD_SANDBOX_STYLE_LEGACY ? ", " : ",");
      write_node (out, json_array_get_element (array, i), style);
    }
  g_string_append_c (out, ']');
}

static void
write_node (GString *out, JsonNode *node, HeraldSandboxStyle style)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      write_object (out, json_node_get_object (node), style);
      break;
    case JSON_NODE_ARRAY:
      write_array (out, json_node_get_array (node), style);
      break;
    case JSON_NODE_VALUE:
      write_value (out, node, style);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
herald_sandbox_json_write (JsonNode *node, HeraldSandboxStyle style)
{
  GString *out = g_string_new (NULL);

  write_node (out, node, style);
  /* The legacy server ends its bodies with a newline (see the recorded "|" YAML blocks). */
  if (style == HERALD_SANDBOX_STYLE_LEGACY)
    g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
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
