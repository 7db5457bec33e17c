/* herald-scenario.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include "herald-core-error.h"
#include "herald-file-read.h"
#include "herald-file-util.h"
#include "herald-json-util.h"
#include "herald-scenario.h"

/* A scenario is kept as the text the user edits, so that saving writes back exactly what
 * was typed (comments on formatting, key order and all); the parsed form is derived on
 * demand and cached until the text changes. */
struct _HeraldScenario
{
  GObject parent_instance;

  char *path;
  char *id;
  char *text;
  char *saved_text;
  JsonNode *root;
  char *name;
};

G_DEFINE_FINAL_TYPE (HeraldScenario, herald_scenario, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_TEXT,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
herald_scenario_finalize (GObject *object)
{
  HeraldScenario *self = (HeraldScenario *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->saved_text, g_free);
  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (herald_scenario_parent_class)->finalize (object);
}

static void
herald_scenario_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HeraldScenario *self = HERALD_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, herald_scenario_get_name (self));
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, herald_scenario_get_modified (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_scenario_set_property (GObject *object,
                              guint prop_id,
                              const GValue *value,
                              GParamSpec *pspec)
{
  HeraldScenario *self = HERALD_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      herald_scenario_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_scenario_class_init (HeraldScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_scenario_finalize;
  object_class->get_property = herald_scenario_get_property;
  object_class->set_property = herald_scenario_set_property;

  properties[PROP_ID] =
      g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
      g_param_spec_string ("name", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
      g_param_spec_string ("text", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
      g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_scenario_init (HeraldScenario *self)
{
}

static char *
id_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  if (g_str_has_suffix (base, ".json"))
    base[strlen (base) - strlen (".json")] = '\0';

  return g_steal_pointer (&base);
}

/* Builds a scenario from text that may not have a file yet (a new scenario, or the Sandbox
 * rendering a request's Variables). */
HeraldScenario *
herald_scenario_new_from_text (const char *path, const char *text)
{
  HeraldScenario *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (HERALD_TYPE_SCENARIO, NULL);
  self->path = g_strdup (path);
  self->id = id_from_path (path);
  self->text = g_strdup (text);

  return self;
}

HeraldScenario *
herald_scenario_new_from_file (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  HeraldScenario *self;

  g_return_val_if_fail (path != NULL, NULL);

  text = herald_file_read_library_text (path, HERALD_FILE_MAX_JSON, NULL, error);
  if (text == NULL)
    return NULL;

  self = herald_scenario_new_from_text (path, text);
  self->saved_text = g_steal_pointer (&text);

  return self;
}

const char *
herald_scenario_get_id (HeraldScenario *self)
{
  g_return_val_if_fail (HERALD_IS_SCENARIO (self), NULL);
  return self->id;
}

const char *
herald_scenario_get_path (HeraldScenario *self)
{
  g_return_val_if_fail (HERALD_IS_SCENARIO (self), NULL);
  return self->path;
}

static JsonNode *
ensure_root (HeraldScenario *self, GError **error)
{
  g_autofree char *display = NULL;
  JsonNode *root;

  if (self->root != NULL)
    return self->root;

  display = g_filename_display_name (self->path);
  /* Nothing writes into the tree: editors change the text, and a copy to edit is deep. */
  root = herald_json_parse_text_unsealed (display, self->text, -1, error);
  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   _ ("%s:1:1: a scenario must be a JSON object with \"variables\""), display);
      json_node_unref (root);
      return NULL;
    }

  self->root = root;
  return root;
}

/* The scenario's display name: its "name" member, or its file name while the JSON is
 * broken, so that the picker never shows an empty row. */
const char *
herald_scenario_get_name (HeraldScenario *self)
{
  JsonNode *root;

  g_return_val_if_fail (HERALD_IS_SCENARIO (self), NULL);

  root = ensure_root (self, NULL);
  g_free (self->name);
  self->name = g_strdup (herald_json_object_get_string_or (
      root ? json_node_get_object (root) : NULL, "name", self->id));
  return self->name;
}

const char *
herald_scenario_get_text (HeraldScenario *self)
{
  g_return_val_if_fail (HERALD_IS_SCENARIO (self), NULL);
  return self->text;
}

void
herald_scenario_set_text (HeraldScenario *self, const char *text)
{
  gboolean was_modified;

  g_return_if_fail (HERALD_IS_SCENARIO (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;

  was_modified = herald_scenario_get_modified (self);

  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->root, json_node_unref);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (was_modified != herald_scenario_get_modified (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

gboolean
herald_scenario_get_modified (HeraldScenario *self)
{
  g_return_val_if_fail (HERALD_IS_SCENARIO (self), FALSE);
  return g_strcmp0 (self->text, self->saved_text) != 0;
}

JsonObject *
herald_scenario_get_root (HeraldScenario *self, GError **error)
{
  JsonNode *root;

  g_return_val_if_fail (HERALD_IS_SCENARIO (self), NULL);

  root = ensure_root (self, error);
  return root ? json_node_get_object (root) : NULL;
}

static JsonObject *
get_object_member (HeraldScenario *self, const char *member, gboolean required, GError **error)
{
  g_autofree char *display = NULL;
  JsonObject *root;
  JsonNode *node;

  root = herald_scenario_get_root (self, error);
  if (root == NULL)
    return NULL;

  node = json_object_get_member (root, member);
  if (node == NULL && !required)
    return NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      display = g_filename_display_name (self->path);
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   _ ("%s: \"%s\" must be a JSON object"), display, member);
      return NULL;
    }

  return json_node_get_object (node);
}

JsonObject *
herald_scenario_get_variables (HeraldScenario *self, GError **error)
{
  g_return_val_if_fail (HERALD_IS_SCENARIO (self), NULL);
  return get_object_member (self, "variables", TRUE, error);
}

/* Contact properties for the data: namespace. A scenario without them is fine: NULL and no
 * error. */
JsonObject *
herald_scenario_get_data (HeraldScenario *self, GError **error)
{
  g_return_val_if_fail (HERALD_IS_SCENARIO (self), NULL);
  return get_object_member (self, "data", FALSE, error);
}

JsonObject *
herald_scenario_get_locale_overrides (HeraldScenario *self, GError **error)
{
  JsonObject *locales;
  g_autoptr (GList) members = NULL;

  g_return_val_if_fail (HERALD_IS_SCENARIO (self), NULL);

  locales = get_object_member (self, "locales", FALSE, error);
  if (locales == NULL)
    return NULL;

  members = json_object_get_members (locales);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (locales, l->data);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *display = g_filename_display_name (self->path);

          g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                       /* Translators: the second placeholder is a locale code such as fr. */
                       _ ("%s: \"locales\" → \"%s\" must be a JSON object of variables"), display,
                       (const char *) l->data);
          return NULL;
        }
    }

  return locales;
}

static JsonObject *
find_locale_overrides (JsonObject *locales, const char *locale)
{
  g_autofree char *language = NULL;
  gsize length;

  if (locales == NULL || locale == NULL)
    return NULL;
  if (json_object_has_member (locales, locale))
    return json_object_get_object_member (locales, locale);

  length = strcspn (locale, "_-@.");
  if (locale[length] == '\0')
    return NULL;
  language = g_strndup (locale, length);
  if (json_object_has_member (locales, language))
    return json_object_get_object_member (locales, language);
  return NULL;
}

/* A new object, so that the scenario's own tree (and its member order) stays as read. Its
 * members are the scenario's nodes, shared: nothing writes into either. The variables keep
 * their order, a locale's own ones come last; each member is set once, as json-glib finds
 * a member it replaces by a walk over all the names. */
static JsonObject *
merge_overrides (JsonObject *variables, JsonObject *overrides)
{
  JsonObject *merged = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, variables);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      JsonNode *override = json_object_get_member (overrides, name);

      json_object_set_member (merged, name, json_node_ref (override != NULL ? override : node));
    }
  json_object_iter_init_ordered (&iter, overrides);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    if (!json_object_has_member (variables, name))
      json_object_set_member (merged, name, json_node_ref (node));
  return merged;
}

JsonObject *
herald_scenario_dup_variables_for_locale (HeraldScenario *self, const char *locale, GError **error)
{
  JsonObject *variables;
  JsonObject *locales;
  JsonObject *overrides;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (HERALD_IS_SCENARIO (self), NULL);

  variables = herald_scenario_get_variables (self, error);
  if (variables == NULL)
    return NULL;
  locales = herald_scenario_get_locale_overrides (self, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  overrides = find_locale_overrides (locales, locale);
  if (overrides == NULL)
    return json_object_ref (variables);
  return merge_overrides (variables, overrides);
}

gboolean
herald_scenario_save (HeraldScenario *self, GError **error)
{
  g_return_val_if_fail (HERALD_IS_SCENARIO (self), FALSE);

  if (!herald_scenario_get_modified (self))
    return TRUE;

  if (!herald_file_write_atomic (self->path, self->text, -1, error))
    return FALSE;

  g_free (self->saved_text);
  self->saved_text = g_strdup (self->text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);

  return TRUE;
}

/* Takes the file's current content when the user has no edits of their own; returns TRUE
 * when something changed. */
gboolean
_herald_scenario_take_disk_text (HeraldScenario *self, const char *disk_text)
{
  gboolean modified = herald_scenario_get_modified (self);

  if (g_strcmp0 (disk_text, self->saved_text) == 0)
    return FALSE;

  g_free (self->saved_text);
  self->saved_text = g_strdup (disk_text);

  if (!modified)
    herald_scenario_set_text (self, disk_text);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);

  return TRUE;
}

gboolean
herald_scenario_reload (HeraldScenario *self, GError **error)
{
  g_autofree char *text = NULL;
  gboolean was_modified;

  g_return_val_if_fail (HERALD_IS_SCENARIO (self), FALSE);

  text = herald_file_read_library_text (self->path, HERALD_FILE_MAX_JSON, NULL, error);
  if (text == NULL)
    return FALSE;

  was_modified = herald_scenario_get_modified (self);
  g_free (self->saved_text);
  self->saved_text = g_strdup (text);
  herald_scenario_set_text (self, text);
  if (was_modified)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);

  return TRUE;
}

void
_herald_scenario_set_path (HeraldScenario *self, const char *path)
{
  g_return_if_fail (HERALD_IS_SCENARIO (self));
  g_return_if_fail (path != NULL);

  g_free (self->path);
  self->path = g_strdup (path);
}
