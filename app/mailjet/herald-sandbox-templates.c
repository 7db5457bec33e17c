/* herald-sandbox-templates.c: which templates a GET /v3/REST/template answers (reference
 * §7.1 filters), apart from the store so that the store's routing stays as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-sandbox-private.h"

static const char *
query_value (GHashTable *query, const char *name)
{
  GHashTableIter iter;
  gpointer key, value;

  if (query == NULL)
    return NULL;
  /* Mailjet's query parameters are case-insensitive. */
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_ascii_strcasecmp (key, name) == 0)
      return value;
  return NULL;
}

static const char *
property_string (JsonObject *properties, const char *name)
{
  JsonNode *node = json_object_get_member (properties, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Purposes and Categories are arrays of strings; older documents show one string. */
static gboolean
property_has (JsonObject *properties, const char *name, const char *wanted)
{
  JsonNode *node = json_object_get_member (properties, name);

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING &&
              g_ascii_strcasecmp (json_node_get_string (element), wanted) == 0)
            return TRUE;
        }
      return FALSE;
    }
  return property_string (properties, name) != NULL &&
         g_ascii_strcasecmp (property_string (properties, name), wanted) == 0;
}

static guint
property_length (JsonObject *properties, const char *name)
{
  JsonNode *node = json_object_get_member (properties, name);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node));
  return property_string (properties, name) != NULL ? 1 : 0;
}

/* "Purposes=transactional,marketing" with PurposesSelectionMethod containsany (the default,
 * an assumption: the reference does not say), containsall or issubset. */
static gboolean
set_matches (JsonObject *properties, GHashTable *query, const char *name)
{
  g_autofree char *method_name = g_strconcat (name, "SelectionMethod", NULL);
  const char *value = query_value (query, name);
  const char *method = query_value (query, method_name);
  g_auto (GStrv) wanted = NULL;
  guint found = 0;

  if (value == NULL)
    return TRUE;
  wanted = g_strsplit (value, ",", -1);
  for (guint i = 0; wanted[i] != NULL; i++)
    found += property_has (properties, name, g_strstrip (wanted[i]));

  if (method != NULL && g_ascii_strcasecmp (method, "containsall") == 0)
    return found == g_strv_length (wanted);
  if (method != NULL && g_ascii_strcasecmp (method, "issubset") == 0)
    return found == property_length (properties, name);
  return found > 0;
}

gboolean
herald_sandbox_template_matches (JsonObject *properties, GHashTable *query)
{
  const char *name = query_value (query, "Name");
  const char *owner_type = query_value (query, "OwnerType");
  const char *edit_mode = query_value (query, "EditMode");

  if (name != NULL && g_strcmp0 (name, property_string (properties, "Name")) != 0)
    return FALSE;
  if (owner_type != NULL && g_strcmp0 (owner_type, property_string (properties, "OwnerType")) != 0)
    return FALSE;
  if (edit_mode != NULL && g_ascii_strtoll (edit_mode, NULL, 10) !=
                               json_object_get_int_member_with_default (properties, "EditMode", 0))
    return FALSE;
  return set_matches (properties, query, "Purposes") &&
         set_matches (properties, query, "Categories");
}
