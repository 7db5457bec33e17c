/* herald-sandbox-rest-templates.c: /v3/REST/template and its detailcontent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <string.h>

#include "herald-json-util.h"
#include "herald-sandbox-store-private.h"

static void
reply_template_not_found (HeraldSandboxReply *reply)
{
  herald_sandbox_reply_set (
      reply, 404, HERALD_SANDBOX_STYLE_MODERN,
      herald_sandbox_json_identified_error (
          "The resource with the specified ID you are trying to reach does not exist.", 404));
}

static void
reply_template_error (HeraldSandboxReply *reply, const char *message)
{
  herald_sandbox_reply_set (reply, 400, HERALD_SANDBOX_STYLE_MODERN,
                            herald_sandbox_json_identified_error (message, 400));
}

/* Template properties a client may write, with their JSON types. */
static const struct
{
  const char *name;
  JsonNodeType node_type;
  GType value_type;
} template_fields[] = {
  { "Author", JSON_NODE_VALUE, G_TYPE_STRING },
  { "Categories", JSON_NODE_ARRAY, G_TYPE_INVALID },
  { "Copyright", JSON_NODE_VALUE, G_TYPE_STRING },
  { "Description", JSON_NODE_VALUE, G_TYPE_STRING },
  { "EditMode", JSON_NODE_VALUE, G_TYPE_INT64 },
  { "IsStarred", JSON_NODE_VALUE, G_TYPE_BOOLEAN },
  { "IsTextPartGenerationEnabled", JSON_NODE_VALUE, G_TYPE_BOOLEAN },
  { "Locale", JSON_NODE_VALUE, G_TYPE_STRING },
  { "Name", JSON_NODE_VALUE, G_TYPE_STRING },
  { "OwnerType", JSON_NODE_VALUE, G_TYPE_STRING },
  { "Presets", JSON_NODE_VALUE, G_TYPE_STRING },
  { "Purposes", JSON_NODE_ARRAY, G_TYPE_INVALID },
};

static gboolean
apply_template_fields (JsonObject *properties, JsonObject *body, HeraldSandboxReply *reply)
{
  for (guint i = 0; i < G_N_ELEMENTS (template_fields); i++)
    {
      JsonNode *node = json_object_get_member (body, template_fields[i].name);

      if (node == NULL)
        continue;
      if (json_node_get_node_type (node) != template_fields[i].node_type ||
          (template_fields[i].value_type != G_TYPE_INVALID &&
           json_node_get_value_type (node) != template_fields[i].value_type))
        {
          g_autofree char *message =
              g_strdup_printf ("Invalid value for property \"%s\".", template_fields[i].name);

          reply_template_error (reply, message);
          return FALSE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (template_fields); i++)
    {
      JsonNode *node = json_object_get_member (body, template_fields[i].name);

      if (node != NULL)
        json_object_set_member (properties, template_fields[i].name, json_node_copy (node));
    }
  return TRUE;
}

static gboolean
template_has_name (gconstpointer item, gconstpointer name)
{
  return g_strcmp0 (herald_sandbox_member_string (((const Template *) item)->properties, "Name"),
                    name) == 0;
}

static Template *
find_template_by_name (HeraldSandboxStore *store, const char *name)
{
  return herald_sandbox_find (store->templates, name, template_has_name);
}

static void
template_create (HeraldSandboxStore *store, JsonObject *body, HeraldSandboxReply *reply)
{
  const char *name = herald_sandbox_member_string (body, "Name");
  g_autofree char *now = herald_sandbox_iso_time (herald_sandbox_store_now_unix (store));
  JsonObject *p;
  Template *t;

  if (name == NULL || name[0] == '\0')
    {
      reply_template_error (reply, "The \"Name\" property is mandatory.");
      return;
    }
  if (find_template_by_name (store, name) != NULL)
    {
      g_autofree char *message = g_strdup_printf ("A template named \"%s\" already exists.", name);

      reply_template_error (reply, message);
      return;
    }

  p = json_object_new ();
  json_object_set_string_member (p, "Author", "");
  json_object_set_array_member (p, "Categories", json_array_new ());
  json_object_set_string_member (p, "Copyright", "");
  json_object_set_string_member (p, "CreatedAt", now);
  json_object_set_string_member (p, "Description", "");
  json_object_set_int_member (p, "EditMode", 2);
  json_object_set_int_member (p, "ID", store->next_template_id);
  json_object_set_boolean_member (p, "IsStarred", FALSE);
  json_object_set_boolean_member (p, "IsTextPartGenerationEnabled", FALSE);
  json_object_set_string_member (p, "LastUpdatedAt", now);
  json_object_set_string_member (p, "Locale", "en_US");
  json_object_set_array_member (p, "LocaleList", json_array_new ());
  json_object_set_string_member (p, "Name", name);
  json_object_set_int_member (p, "OwnerId", 1404561);
  json_object_set_string_member (p, "OwnerType", "apikey");
  json_object_set_string_member (p, "Presets", "");
  json_object_set_array_member (p, "Previews", json_array_new ());
  json_object_set_array_member (p, "Purposes", json_array_new ());
  if (!apply_template_fields (p, body, reply))
    {
      json_object_unref (p);
      return;
    }

  t = g_new0 (Template, 1);
  t->id = store->next_template_id++;
  t->properties = p;
  g_ptr_array_add (store->templates, t);
  herald_sandbox_reply_one (reply, 201, HERALD_SANDBOX_STYLE_MODERN, json_object_ref (p));
}

static JsonObject *
template_content (Template *t)
{
  JsonObject *o = json_object_new ();

  if (t->mjml != NULL)
    json_object_set_string_member (o, "MJMLContent", t->mjml);
  else
    json_object_set_null_member (o, "MJMLContent");
  if (t->html != NULL)
    json_object_set_string_member (o, "Html-part", t->html);
  else
    json_object_set_null_member (o, "Html-part");
  if (t->text != NULL)
    json_object_set_string_member (o, "Text-part", t->text);
  else
    json_object_set_null_member (o, "Text-part");
  if (t->headers != NULL)
    json_object_set_object_member (o, "Headers", json_object_ref (t->headers));
  else
    json_object_set_null_member (o, "Headers");
  return o;
}

static gboolean
content_member (
    JsonObject *body, const char *name, gboolean replace, char **field, HeraldSandboxReply *reply)
{
  JsonNode *node = json_object_get_member (body, name);

  if (node == NULL)
    {
      if (replace)
        g_clear_pointer (field, g_free);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      g_clear_pointer (field, g_free);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *message = g_strdup_printf ("Invalid value for property \"%s\".", name);

      reply_template_error (reply, message);
      return FALSE;
    }
  g_free (*field);
  *field = g_strdup (json_node_get_string (node));
  return TRUE;
}

static void
template_set_content (Template *t, JsonObject *body, gboolean replace, HeraldSandboxReply *reply)
{
  JsonNode *headers = json_object_get_member (body, "Headers");
  g_autofree char *html = g_strdup (t->html);
  g_autofree char *text = g_strdup (t->text);
  g_autofree char *mjml = g_strdup (t->mjml);

  if (headers != NULL && !JSON_NODE_HOLDS_OBJECT (headers) && !JSON_NODE_HOLDS_NULL (headers))
    {
      reply_template_error (reply, "Invalid value for property \"Headers\".");
      return;
    }
  if (!content_member (body, "Html-part", replace, &html, reply) ||
      !content_member (body, "Text-part", replace, &text, reply) ||
      !content_member (body, "MJMLContent", replace, &mjml, reply))
    return;

  g_free (t->html);
  t->html = g_steal_pointer (&html);
  g_free (t->text);
  t->text = g_steal_pointer (&text);
  g_free (t->mjml);
  t->mjml = g_steal_pointer (&mjml);
  if (headers != NULL || replace)
    {
      g_clear_pointer (&t->headers, json_object_unref);
      if (headers != NULL && JSON_NODE_HOLDS_OBJECT (headers))
        t->headers = json_object_ref (json_node_get_object (headers));
    }
  herald_sandbox_reply_one (reply, replace ? 201 : 200, HERALD_SANDBOX_STYLE_MODERN,
                            template_content (t));
}

/* Which templates a GET /v3/REST/template answers: the filters of reference §7.1. */

/* Purposes and Categories are arrays of strings; older documents show one string. */
static gboolean
property_has (JsonObject *properties, const char *name, const char *wanted)
{
  JsonArray *array = herald_json_object_get_array_or_null (properties, name);
  const char *single;

  if (array != NULL)
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *element = herald_json_array_get_string_or_null (array, i);

          if (element != NULL && g_ascii_strcasecmp (element, wanted) == 0)
            return TRUE;
        }
      return FALSE;
    }
  single = herald_json_object_get_string_or (properties, name, NULL);
  return single != NULL && g_ascii_strcasecmp (single, wanted) == 0;
}

static guint
property_length (JsonObject *properties, const char *name)
{
  JsonNode *node = json_object_get_member (properties, name);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node));
  return herald_json_object_get_string_or (properties, name, NULL) != NULL ? 1 : 0;
}

/* "Purposes=transactional,marketing" with PurposesSelectionMethod containsany (the default,
 * an assumption: the reference does not say), containsall or issubset. */
static gboolean
set_matches (JsonObject *properties, GHashTable *query, const char *name)
{
  g_autofree char *method_name = g_strconcat (name, "SelectionMethod", NULL);
  const char *value = herald_sandbox_query_get (query, name);
  const char *method = herald_sandbox_query_get (query, method_name);
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

static gboolean
template_matches (JsonObject *properties, GHashTable *query)
{
  const char *name = herald_sandbox_query_get (query, "Name");
  const char *owner_type = herald_sandbox_query_get (query, "OwnerType");
  const char *edit_mode = herald_sandbox_query_get (query, "EditMode");

  if (name != NULL &&
      g_strcmp0 (name, herald_json_object_get_string_or (properties, "Name", NULL)) != 0)
    return FALSE;
  if (owner_type != NULL &&
      g_strcmp0 (owner_type, herald_json_object_get_string_or (properties, "OwnerType", NULL)) != 0)
    return FALSE;
  if (edit_mode != NULL && g_ascii_strtoll (edit_mode, NULL, 10) !=
                               json_object_get_int_member_with_default (properties, "EditMode", 0))
    return FALSE;
  return set_matches (properties, query, "Purposes") &&
         set_matches (properties, query, "Categories");
}

void
herald_sandbox_rest_template_list (HeraldSandboxStore *store,
                                   const HeraldSandboxRequest *request,
                                   HeraldSandboxReply *reply)
{
  GHashTable *query = request->query;
  g_autoptr (GPtrArray) objects =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < store->templates->len; i++)
    {
      Template *t = g_ptr_array_index (store->templates, i);

      if (!template_matches (t->properties, query))
        continue;
      g_ptr_array_add (objects, json_object_ref (t->properties));
    }
  herald_sandbox_reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_MODERN,
                                 herald_sandbox_window_array (objects, query), objects->len);
}

/* The body of a POST or PUT, as an object; else NULL and the reply is Mailjet's 400. Mailjet
 * checks the body before it looks the template up. */
static JsonNode *
template_request_object (const HeraldSandboxRequest *request, HeraldSandboxReply *reply)
{
  JsonNode *root = herald_sandbox_parse_body (request->body, request->length);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_pointer (&root, json_node_unref);
      reply_template_error (reply, "Malformed JSON, please review the syntax and "
                                   "properties types.");
    }
  return root;
}

/* The template named by the path's second segment; else NULL and the reply is a 404. */
static Template *
request_template (HeraldSandboxStore *store,
                  const HeraldSandboxRequest *request,
                  HeraldSandboxReply *reply)
{
  Template *t = NULL;
  gint64 id;

  if (herald_sandbox_parse_id (request->segments[1], &id))
    t = herald_sandbox_find_template (store, id);
  if (t == NULL)
    reply_template_not_found (reply);
  return t;
}

void
herald_sandbox_rest_template_create (HeraldSandboxStore *store,
                                     const HeraldSandboxRequest *request,
                                     HeraldSandboxReply *reply)
{
  g_autoptr (JsonNode) root = template_request_object (request, reply);

  if (root != NULL)
    template_create (store, json_node_get_object (root), reply);
}

void
herald_sandbox_rest_template_get (HeraldSandboxStore *store,
                                  const HeraldSandboxRequest *request,
                                  HeraldSandboxReply *reply)
{
  Template *t = request_template (store, request, reply);

  if (t != NULL)
    herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_MODERN,
                              json_object_ref (t->properties));
}

void
herald_sandbox_rest_template_change (HeraldSandboxStore *store,
                                     const HeraldSandboxRequest *request,
                                     HeraldSandboxReply *reply)
{
  g_autoptr (JsonNode) root = template_request_object (request, reply);
  g_autofree char *now = NULL;
  Template *t;

  if (root == NULL || (t = request_template (store, request, reply)) == NULL)
    return;
  if (!apply_template_fields (t->properties, json_node_get_object (root), reply))
    return;
  now = herald_sandbox_iso_time (herald_sandbox_store_now_unix (store));
  json_object_set_string_member (t->properties, "LastUpdatedAt", now);
  herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_MODERN,
                            json_object_ref (t->properties));
}

void
herald_sandbox_rest_template_delete (HeraldSandboxStore *store,
                                     const HeraldSandboxRequest *request,
                                     HeraldSandboxReply *reply)
{
  Template *t = request_template (store, request, reply);

  if (t == NULL)
    return;
  g_ptr_array_remove (store->templates, t);
  herald_sandbox_reply_set (reply, 204, HERALD_SANDBOX_STYLE_MODERN, NULL);
}

void
herald_sandbox_rest_template_content_get (HeraldSandboxStore *store,
                                          const HeraldSandboxRequest *request,
                                          HeraldSandboxReply *reply)
{
  Template *t = request_template (store, request, reply);

  if (t != NULL)
    herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_MODERN, template_content (t));
}

/* POST replaces the whole content, PUT only the parts it names. */
void
herald_sandbox_rest_template_content_set (HeraldSandboxStore *store,
                                          const HeraldSandboxRequest *request,
                                          HeraldSandboxReply *reply)
{
  g_autoptr (JsonNode) root = template_request_object (request, reply);
  Template *t;

  if (root != NULL && (t = request_template (store, request, reply)) != NULL)
    template_set_content (t, json_node_get_object (root), g_str_equal (request->method, "POST"),
                          reply);
}

/* Any other path under a template, such as /template/{id}/unknown. */
void
herald_sandbox_rest_template_not_found (HeraldSandboxStore *store,
                                        const HeraldSandboxRequest *request,
                                        HeraldSandboxReply *reply)
{
  reply_template_not_found (reply);
}
