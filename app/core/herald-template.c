/* herald-template.c: HeraldTemplate, one template folder of a library: its metadata, parts
 * and scenarios, modified state, and saving and reloading them as files.
 *
 * One GObject, one file: loading, saving and reloading share the pairs of edited and saved
 * fields (and template.json as read), which is how a save writes only what changed and a
 * reload tells a change on disk from an edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-template"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "herald-core-error.h"
#include "herald-file-read.h"
#include "herald-file-util.h"
#include "herald-json-util.h"
#include "herald-template.h"

#define N_META 4 /* name, description, subject, preheader: the members of template.json we edit */

typedef enum
{
  META_NAME,
  META_DESCRIPTION,
  META_SUBJECT,
  META_PREHEADER,
} MetaField;

static const char *meta_members[N_META] = { "name", "description", "subject", "preheader" };

struct _HeraldTemplate
{
  GObject parent_instance;

  char *directory;
  char *id;

  /* template.json as read, so that members Herald does not know survive a save: the text
   * too, since json-glib cannot write every number and string back as it was. */
  JsonNode *json_root;
  char *json_text;

  /* What the user sees and edits, and what the files on disk hold. A field is modified
   * when the two differ; a change on disk is taken only for unmodified fields. */
  char *meta[N_META];
  char *saved_meta[N_META];
  char *html;
  char *saved_html;
  char *text;
  char *saved_text;
  char **tags;

  GListStore *scenarios;

  guint changed_on_disk : 1;
  guint last_modified : 1;
};

G_DEFINE_FINAL_TYPE (HeraldTemplate, herald_template, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_SUBJECT,
  PROP_PREHEADER,
  PROP_HTML,
  PROP_TEXT,
  PROP_MODIFIED,
  PROP_CHANGED_ON_DISK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const int meta_props[N_META] = { PROP_NAME, PROP_DESCRIPTION, PROP_SUBJECT, PROP_PREHEADER };

const char *
herald_part_to_string (HeraldPart part)
{
  switch (part)
    {
    case HERALD_PART_SUBJECT:
      return "subject";
    case HERALD_PART_PREHEADER:
      return "preheader";
    case HERALD_PART_HTML:
      return "html";
    case HERALD_PART_TEXT:
      return "text";
    default:
      g_return_val_if_reached ("html");
    }
}

static void
herald_template_dispose (GObject *object)
{
  HeraldTemplate *self = (HeraldTemplate *) object;

  g_clear_object (&self->scenarios);

  G_OBJECT_CLASS (herald_template_parent_class)->dispose (object);
}

/* A loaded template's html and text are its saved_html and saved_text themselves, not copies:
 * a library's lint loads every template and changes none, and a body can be large. Whatever
 * frees or replaces one of the four calls this first. */
static void
unshare_bodies (HeraldTemplate *self)
{
  if (self->html != NULL && self->html == self->saved_html)
    self->html = g_strdup (self->saved_html);
  if (self->text != NULL && self->text == self->saved_text)
    self->text = g_strdup (self->saved_text);
}

static void
herald_template_finalize (GObject *object)
{
  HeraldTemplate *self = (HeraldTemplate *) object;

  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->json_root, json_node_unref);
  g_clear_pointer (&self->json_text, g_free);
  for (guint i = 0; i < N_META; i++)
    {
      g_clear_pointer (&self->meta[i], g_free);
      g_clear_pointer (&self->saved_meta[i], g_free);
    }
  /* Not copied when never changed: see unshare_bodies(). */
  if (self->html == self->saved_html)
    self->html = NULL;
  if (self->text == self->saved_text)
    self->text = NULL;
  g_clear_pointer (&self->html, g_free);
  g_clear_pointer (&self->saved_html, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->saved_text, g_free);
  g_clear_pointer (&self->tags, g_strfreev);

  G_OBJECT_CLASS (herald_template_parent_class)->finalize (object);
}

static void
herald_template_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HeraldTemplate *self = HERALD_TEMPLATE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, herald_template_get_name (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->meta[META_DESCRIPTION]);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->meta[META_SUBJECT]);
      break;
    case PROP_PREHEADER:
      g_value_set_string (value, self->meta[META_PREHEADER]);
      break;
    case PROP_HTML:
      g_value_set_string (value, self->html);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, herald_template_get_modified (self));
      break;
    case PROP_CHANGED_ON_DISK:
      g_value_set_boolean (value, self->changed_on_disk);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_template_set_property (GObject *object,
                              guint prop_id,
                              const GValue *value,
                              GParamSpec *pspec)
{
  HeraldTemplate *self = HERALD_TEMPLATE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      herald_template_set_name (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      herald_template_set_description (self, g_value_get_string (value));
      break;
    case PROP_SUBJECT:
      herald_template_set_part (self, HERALD_PART_SUBJECT, g_value_get_string (value));
      break;
    case PROP_PREHEADER:
      herald_template_set_part (self, HERALD_PART_PREHEADER, g_value_get_string (value));
      break;
    case PROP_HTML:
      herald_template_set_part (self, HERALD_PART_HTML, g_value_get_string (value));
      break;
    case PROP_TEXT:
      herald_template_set_part (self, HERALD_PART_TEXT, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_template_class_init (HeraldTemplateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = herald_template_dispose;
  object_class->finalize = herald_template_finalize;
  object_class->get_property = herald_template_get_property;
  object_class->set_property = herald_template_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, rw);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, rw);
  properties[PROP_PREHEADER] = g_param_spec_string ("preheader", NULL, NULL, NULL, rw);
  properties[PROP_HTML] = g_param_spec_string ("html", NULL, NULL, NULL, rw);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, rw);
  properties[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE, ro);
  properties[PROP_CHANGED_ON_DISK] =
      g_param_spec_boolean ("changed-on-disk", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_template_init (HeraldTemplate *self)
{
  self->scenarios = g_list_store_new (HERALD_TYPE_SCENARIO);
}

static gboolean
compute_modified (HeraldTemplate *self)
{
  guint n;

  for (guint i = 0; i < N_META; i++)
    if (g_strcmp0 (self->meta[i], self->saved_meta[i]) != 0)
      return TRUE;

  if (g_strcmp0 (self->html, self->saved_html) != 0 ||
      g_strcmp0 (self->text, self->saved_text) != 0)
    return TRUE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->scenarios));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldScenario) scenario =
          g_list_model_get_item (G_LIST_MODEL (self->scenarios), i);

      if (herald_scenario_get_modified (scenario))
        return TRUE;
    }

  return FALSE;
}

/* Every change funnels through here so that "modified" is notified exactly when it flips. */
static void
update_modified (HeraldTemplate *self)
{
  gboolean modified = compute_modified (self);

  if (modified == self->last_modified)
    return;

  self->last_modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
set_changed_on_disk (HeraldTemplate *self, gboolean changed_on_disk)
{
  changed_on_disk = !!changed_on_disk;
  if (self->changed_on_disk == changed_on_disk)
    return;

  self->changed_on_disk = changed_on_disk;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGED_ON_DISK]);
}

static void
scenario_modified_cb (HeraldTemplate *self)
{
  update_modified (self);
}

static void
add_scenario (HeraldTemplate *self, HeraldScenario *scenario)
{
  g_signal_connect_object (scenario, "notify::modified", G_CALLBACK (scenario_modified_cb), self,
                           G_CONNECT_SWAPPED);
  g_list_store_append (self->scenarios, scenario);
}

static int
compare_scenarios (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return g_strcmp0 (herald_scenario_get_id ((HeraldScenario *) a),
                    herald_scenario_get_id ((HeraldScenario *) b));
}

/* For herald-scenario-ops.c: a scenario whose file it has just written, or removed. */
void
_herald_template_insert_scenario (HeraldTemplate *self, HeraldScenario *scenario)
{
  g_return_if_fail (HERALD_IS_TEMPLATE (self));
  g_return_if_fail (HERALD_IS_SCENARIO (scenario));

  add_scenario (self, scenario);
  g_list_store_sort (self->scenarios, compare_scenarios, NULL);
  update_modified (self);
}

void
_herald_template_remove_scenario (HeraldTemplate *self, HeraldScenario *scenario)
{
  guint position;

  g_return_if_fail (HERALD_IS_TEMPLATE (self));

  if (!g_list_store_find (self->scenarios, scenario, &position))
    return;
  g_signal_handlers_disconnect_by_func (scenario, scenario_modified_cb, self);
  g_list_store_remove (self->scenarios, position);
  update_modified (self);
}

static GPtrArray *
list_scenario_paths (const char *directory, GError **error)
{
  g_autofree char *scenarios_dir = g_build_filename (directory, "scenarios", NULL);
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (scenarios_dir, 0, &local_error);
  if (dir == NULL)
    {
      /* A template without sample data is legitimate: the checks say what it lacks. */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&paths);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (name[0] == '.' || !g_str_has_suffix (name, ".json"))
        continue;
      g_ptr_array_add (paths, g_build_filename (scenarios_dir, name, NULL));
    }

  return g_steal_pointer (&paths);
}

static int
compare_path_ptrs (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
read_meta (JsonNode *root, const char *display, char **meta, char ***tags, GError **error)
{
  JsonObject *object;
  JsonNode *tags_node;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   _ ("%s:1:1: template.json must be a JSON object"), display);
      return FALSE;
    }

  object = json_node_get_object (root);
  for (guint i = 0; i < N_META; i++)
    {
      JsonNode *node = json_object_get_member (object, meta_members[i]);

      if (node != NULL &&
          !(JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING))
        {
          g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                       _ ("%s: \"%s\" must be a string"), display, meta_members[i]);
          return FALSE;
        }
      meta[i] = g_strdup (node ? json_node_get_string (node) : "");
    }

  tags_node = json_object_get_member (object, "tags");
  if (tags_node != NULL && JSON_NODE_HOLDS_ARRAY (tags_node))
    {
      JsonArray *array = json_node_get_array (tags_node);
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
      *tags = g_strv_builder_end (builder);
    }
  else
    *tags = g_new0 (char *, 1);

  return TRUE;
}

HeraldTemplate *
herald_template_load (const char *directory, GError **error)
{
  g_autoptr (HeraldTemplate) self = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *html_path = NULL;
  g_autofree char *text_path = NULL;
  g_autofree char *display = NULL;
  g_autoptr (GPtrArray) scenario_paths = NULL;
  g_autoptr (GError) text_error = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (HERALD_TYPE_TEMPLATE, NULL);
  self->directory = g_strdup (directory);
  self->id = g_path_get_basename (directory);

  json_path = g_build_filename (directory, "template.json", NULL);
  display = g_filename_display_name (json_path);
  self->json_text = herald_file_read_library_text (json_path, HERALD_FILE_MAX_JSON, NULL, error);
  if (self->json_text == NULL)
    return NULL;
  self->json_root = herald_json_parse_text (display, self->json_text, -1, error);
  if (self->json_root == NULL)
    return NULL;

  if (!read_meta (self->json_root, display, self->saved_meta, &self->tags, error))
    return NULL;
  for (guint i = 0; i < N_META; i++)
    self->meta[i] = g_strdup (self->saved_meta[i]);

  html_path = g_build_filename (directory, "body.html", NULL);
  self->saved_html =
      herald_file_read_library_text (html_path, HERALD_FILE_MAX_TEMPLATE_PART, NULL, error);
  if (self->saved_html == NULL)
    return NULL;
  self->html = self->saved_html;

  /* The text part is optional; its absence is a finding of the checks, not a load error. */
  text_path = g_build_filename (directory, "body.txt", NULL);
  self->saved_text =
      herald_file_read_library_text (text_path, HERALD_FILE_MAX_TEMPLATE_PART, NULL, &text_error);
  if (self->saved_text == NULL)
    {
      if (!g_error_matches (text_error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MISSING_FILE) ||
          g_file_test (text_path, G_FILE_TEST_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&text_error));
          return NULL;
        }
    }
  self->text = self->saved_text;

  scenario_paths = list_scenario_paths (directory, error);
  if (scenario_paths == NULL)
    return NULL;
  g_ptr_array_sort (scenario_paths, compare_path_ptrs);

  for (guint i = 0; i < scenario_paths->len; i++)
    {
      g_autoptr (HeraldScenario) scenario = NULL;

      scenario = herald_scenario_new_from_file (g_ptr_array_index (scenario_paths, i), error);
      if (scenario == NULL)
        return NULL;
      add_scenario (self, scenario);
    }

  return g_steal_pointer (&self);
}

const char *
herald_template_get_id (HeraldTemplate *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), NULL);
  return self->id;
}

const char *
herald_template_get_directory (HeraldTemplate *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), NULL);
  return self->directory;
}

static void
set_meta (HeraldTemplate *self, MetaField field, const char *value)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (self->meta[field], value) == 0)
    return;

  g_free (self->meta[field]);
  self->meta[field] = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[meta_props[field]]);
  update_modified (self);
}

const char *
herald_template_get_name (HeraldTemplate *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), NULL);
  return self->meta[META_NAME][0] != '\0' ? self->meta[META_NAME] : self->id;
}

void
herald_template_set_name (HeraldTemplate *self, const char *name)
{
  g_return_if_fail (HERALD_IS_TEMPLATE (self));
  set_meta (self, META_NAME, name);
}

const char *
herald_template_get_description (HeraldTemplate *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), NULL);
  return self->meta[META_DESCRIPTION];
}

void
herald_template_set_description (HeraldTemplate *self, const char *description)
{
  g_return_if_fail (HERALD_IS_TEMPLATE (self));
  set_meta (self, META_DESCRIPTION, description);
}

const char *
herald_template_get_part (HeraldTemplate *self, HeraldPart part)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), NULL);

  switch (part)
    {
    case HERALD_PART_SUBJECT:
      return self->meta[META_SUBJECT];
    case HERALD_PART_PREHEADER:
      return self->meta[META_PREHEADER];
    case HERALD_PART_HTML:
      return self->html;
    case HERALD_PART_TEXT:
      return self->text != NULL ? self->text : "";
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
set_body (HeraldTemplate *self, char **field, int prop, const char *value)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;

  unshare_bodies (self);
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  update_modified (self);
}

void
herald_template_set_part (HeraldTemplate *self, HeraldPart part, const char *text)
{
  g_return_if_fail (HERALD_IS_TEMPLATE (self));

  switch (part)
    {
    case HERALD_PART_SUBJECT:
      set_meta (self, META_SUBJECT, text);
      break;
    case HERALD_PART_PREHEADER:
      set_meta (self, META_PREHEADER, text);
      break;
    case HERALD_PART_HTML:
      set_body (self, &self->html, PROP_HTML, text);
      break;
    case HERALD_PART_TEXT:
      set_body (self, &self->text, PROP_TEXT, text);
      break;
    default:
      g_return_if_reached ();
    }
}

const char *
herald_template_get_subject (HeraldTemplate *self)
{
  return herald_template_get_part (self, HERALD_PART_SUBJECT);
}

const char *
herald_template_get_preheader (HeraldTemplate *self)
{
  return herald_template_get_part (self, HERALD_PART_PREHEADER);
}

const char *
herald_template_get_html (HeraldTemplate *self)
{
  return herald_template_get_part (self, HERALD_PART_HTML);
}

const char *
herald_template_get_text (HeraldTemplate *self)
{
  return herald_template_get_part (self, HERALD_PART_TEXT);
}

gboolean
herald_template_has_text_part (HeraldTemplate *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), FALSE);
  return self->text != NULL && self->text[0] != '\0';
}

const char *const *
herald_template_get_tags (HeraldTemplate *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), NULL);
  return (const char *const *) self->tags;
}

GListModel *
herald_template_get_scenarios (HeraldTemplate *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), NULL);
  return G_LIST_MODEL (self->scenarios);
}

static HeraldScenario *
find_scenario_by (HeraldTemplate *self, const char *key, gboolean by_path, guint *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->scenarios));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldScenario) scenario =
          g_list_model_get_item (G_LIST_MODEL (self->scenarios), i);
      const char *value =
          by_path ? herald_scenario_get_path (scenario) : herald_scenario_get_id (scenario);

      if (g_strcmp0 (value, key) == 0)
        {
          if (position != NULL)
            *position = i;
          return scenario;
        }
    }

  return NULL;
}

HeraldScenario *
herald_template_find_scenario (HeraldTemplate *self, const char *id)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return find_scenario_by (self, id, FALSE, NULL);
}

gboolean
herald_template_get_modified (HeraldTemplate *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), FALSE);
  return compute_modified (self);
}

gboolean
herald_template_get_changed_on_disk (HeraldTemplate *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), FALSE);
  return self->changed_on_disk;
}

void
herald_template_keep_own_changes (HeraldTemplate *self)
{
  g_return_if_fail (HERALD_IS_TEMPLATE (self));
  set_changed_on_disk (self, FALSE);
}

static gboolean
meta_modified (HeraldTemplate *self)
{
  for (guint i = 0; i < N_META; i++)
    if (g_strcmp0 (self->meta[i], self->saved_meta[i]) != 0)
      return TRUE;
  return FALSE;
}

/* template.json's new text in batch; *new_root and *new_text get the document to keep once
 * saved. */
static gboolean
add_json (HeraldTemplate *self,
          HeraldFileBatch *batch,
          JsonNode **new_root,
          char **new_text,
          GError **error)
{
  g_autofree char *path = g_build_filename (self->directory, "template.json", NULL);
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) root = NULL;
  const char *values[N_META + 1] = { NULL };
  const char *names[N_META + 1] = { NULL };

  /* Only the values of the edited members are rewritten; every other byte of the file,
   * unknown members included, stays as it was. */
  for (guint i = 0; i < N_META; i++)
    {
      names[i] = meta_members[i];
      if (g_strcmp0 (self->meta[i], self->saved_meta[i]) != 0)
        values[i] = self->meta[i];
    }

  text = herald_json_set_string_members (self->json_text, strlen (self->json_text), names, values);
  root = text != NULL ? herald_json_parse_text (display, text, -1, error) : NULL;
  if (root == NULL)
    return FALSE;

  if (!herald_file_batch_add (batch, path, text, -1, error))
    return FALSE;
  *new_root = g_steal_pointer (&root);
  *new_text = g_steal_pointer (&text);
  return TRUE;
}

static void
json_saved (HeraldTemplate *self, JsonNode *root, char *text)
{
  g_clear_pointer (&self->json_root, json_node_unref);
  self->json_root = root;
  g_free (self->json_text);
  self->json_text = text;
  for (guint i = 0; i < N_META; i++)
    {
      g_free (self->saved_meta[i]);
      self->saved_meta[i] = g_strdup (self->meta[i]);
    }
}

static gboolean
body_modified (const char *current, const char *saved)
{
  return g_strcmp0 (current, saved) != 0;
}

static gboolean
add_body (HeraldTemplate *self,
          HeraldFileBatch *batch,
          const char *file_name,
          const char *current,
          GError **error)
{
  g_autofree char *path = g_build_filename (self->directory, file_name, NULL);

  return herald_file_batch_add (batch, path, current ? current : "", -1, error);
}

/* Writes only what changed, all or nothing: every changed file's new text is written beside
 * it first, and only then are they renamed over the old ones, so that a full disk never
 * leaves template.json saved and body.html not. An untouched template leaves every file
 * byte for byte as it was. */
gboolean
herald_template_save (HeraldTemplate *self, GError **error)
{
  g_autoptr (HeraldFileBatch) batch = herald_file_batch_new ();
  g_autoptr (JsonNode) new_root = NULL;
  g_autofree char *new_text = NULL;
  g_autoptr (GPtrArray) scenarios = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean save_html;
  gboolean save_text;
  guint n;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), FALSE);

  if (meta_modified (self) && !add_json (self, batch, &new_root, &new_text, error))
    goto out;

  save_html = body_modified (self->html, self->saved_html);
  if (save_html && !add_body (self, batch, "body.html", self->html, error))
    goto out;

  save_text = body_modified (self->text, self->saved_text) &&
              !(self->text != NULL && self->text[0] == '\0' && self->saved_text == NULL);
  if (save_text && !add_body (self, batch, "body.txt", self->text, error))
    goto out;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->scenarios));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldScenario) scenario =
          g_list_model_get_item (G_LIST_MODEL (self->scenarios), i);

      if (!herald_scenario_get_modified (scenario))
        continue;
      if (!herald_file_batch_add (batch, herald_scenario_get_path (scenario),
                                  herald_scenario_get_text (scenario), -1, error))
        goto out;
      g_ptr_array_add (scenarios, g_steal_pointer (&scenario));
    }

  if (!herald_file_batch_commit (batch, error))
    goto out;

  if (new_root != NULL)
    json_saved (self, g_steal_pointer (&new_root), g_steal_pointer (&new_text));
  unshare_bodies (self);
  if (save_html)
    {
      g_free (self->saved_html);
      self->saved_html = g_strdup (self->html);
    }
  if (save_text)
    {
      g_free (self->saved_text);
      self->saved_text = g_strdup (self->text);
    }
  /* The files now hold the scenarios' texts: what a reload from disk would take in. */
  for (guint i = 0; i < scenarios->len; i++)
    {
      HeraldScenario *scenario = g_ptr_array_index (scenarios, i);

      _herald_scenario_take_disk_text (scenario, herald_scenario_get_text (scenario));
    }

  set_changed_on_disk (self, FALSE);
  update_modified (self);
  return TRUE;

out:
  update_modified (self);
  return FALSE;
}

/* Takes a file's new content into one field: silently when the user has not touched it,
 * otherwise the user's text stays and the template is flagged as changed on disk. */
static void
take_disk_value (HeraldTemplate *self, char **current, char **saved, int prop, const char *disk)
{
  gboolean user_modified = g_strcmp0 (*current, *saved) != 0;

  if (g_strcmp0 (*saved, disk) == 0)
    return;

  unshare_bodies (self);
  g_free (*saved);
  *saved = g_strdup (disk);

  if (g_strcmp0 (*current, disk) == 0)
    return;

  if (user_modified)
    {
      set_changed_on_disk (self, TRUE);
      return;
    }

  g_free (*current);
  *current = g_strdup (disk);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
json_file_changed (HeraldTemplate *self, const char *path)
{
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_auto (GStrv) tags = NULL;
  char *disk_meta[N_META] = {
    NULL,
  };

  /* A half-written or broken file from another editor is ignored until it parses again;
   * what the user has in Herald stays as it is. */
  text = herald_file_read_library_text (path, HERALD_FILE_MAX_JSON, NULL, NULL);
  root = text != NULL ? herald_json_parse_text (display, text, -1, NULL) : NULL;
  if (root == NULL || !read_meta (root, display, disk_meta, &tags, NULL))
    goto out;

  g_clear_pointer (&self->json_root, json_node_unref);
  self->json_root = json_node_ref (root);
  g_free (self->json_text);
  self->json_text = g_steal_pointer (&text);
  g_strfreev (self->tags);
  self->tags = g_steal_pointer (&tags);

  for (guint i = 0; i < N_META; i++)
    take_disk_value (self, &self->meta[i], &self->saved_meta[i], meta_props[i], disk_meta[i]);

out:
  for (guint i = 0; i < N_META; i++)
    g_free (disk_meta[i]);
}

static void
scenario_file_changed (HeraldTemplate *self, const char *path)
{
  g_autofree char *text = NULL;
  HeraldScenario *scenario;
  gboolean was_modified;
  guint position;

  scenario = find_scenario_by (self, path, TRUE, &position);
  text = herald_file_read_library_text (path, HERALD_FILE_MAX_JSON, NULL, NULL);

  if (text == NULL)
    {
      /* Deleted on disk: drop it unless the user is editing it. */
      if (scenario != NULL && !herald_scenario_get_modified (scenario))
        g_list_store_remove (self->scenarios, position);
      else if (scenario != NULL)
        set_changed_on_disk (self, TRUE);
      return;
    }

  if (scenario == NULL)
    {
      g_autoptr (HeraldScenario) added = herald_scenario_new_from_file (path, NULL);

      if (added != NULL)
        {
          add_scenario (self, added);
          g_list_store_sort (self->scenarios, compare_scenarios, NULL);
        }
      return;
    }

  /* The file as Herald last wrote or read it (a scenario just added, then edited) is no
   * news; only other content competes with the user's edits. */
  was_modified = herald_scenario_get_modified (scenario);
  if (!_herald_scenario_take_disk_text (scenario, text))
    return;
  if (was_modified && g_strcmp0 (herald_scenario_get_text (scenario), text) != 0)
    set_changed_on_disk (self, TRUE);
}

void
_herald_template_file_changed (HeraldTemplate *self, const char *path)
{
  g_autofree char *base = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *parent_base = NULL;

  g_return_if_fail (HERALD_IS_TEMPLATE (self));
  g_return_if_fail (path != NULL);

  base = g_path_get_basename (path);
  parent = g_path_get_dirname (path);
  parent_base = g_path_get_basename (parent);

  if (g_str_equal (parent, self->directory))
    {
      if (g_str_equal (base, "template.json"))
        json_file_changed (self, path);
      else if (g_str_equal (base, "body.html") || g_str_equal (base, "body.txt"))
        {
          gboolean is_html = g_str_equal (base, "body.html");
          g_autofree char *disk =
              herald_file_read_library_text (path, HERALD_FILE_MAX_TEMPLATE_PART, NULL, NULL);

          /* A deleted body is not taken as "empty": that would wipe the editor. */
          if (disk != NULL)
            take_disk_value (self, is_html ? &self->html : &self->text,
                             is_html ? &self->saved_html : &self->saved_text,
                             is_html ? PROP_HTML : PROP_TEXT, disk);
        }
    }
  else if (g_str_equal (parent_base, "scenarios") && g_str_has_suffix (base, ".json") &&
           base[0] != '.')
    {
      scenario_file_changed (self, path);
    }

  update_modified (self);
}

gboolean
herald_template_reload (HeraldTemplate *self, GError **error)
{
  g_autoptr (HeraldTemplate) fresh = NULL;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), FALSE);

  fresh = herald_template_load (self->directory, error);
  if (fresh == NULL)
    return FALSE;

  g_clear_pointer (&self->json_root, json_node_unref);
  self->json_root = json_node_ref (fresh->json_root);
  g_free (self->json_text);
  self->json_text = g_strdup (fresh->json_text);
  g_strfreev (self->tags);
  self->tags = g_strdupv (fresh->tags);

  for (guint i = 0; i < N_META; i++)
    {
      g_free (self->saved_meta[i]);
      self->saved_meta[i] = g_strdup (fresh->saved_meta[i]);
      set_meta (self, i, fresh->meta[i]);
    }

  unshare_bodies (self);
  g_free (self->saved_html);
  self->saved_html = g_strdup (fresh->saved_html);
  set_body (self, &self->html, PROP_HTML, fresh->html);
  g_free (self->saved_text);
  self->saved_text = g_strdup (fresh->saved_text);
  set_body (self, &self->text, PROP_TEXT, fresh->text);

  g_list_store_remove_all (self->scenarios);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fresh->scenarios)); i++)
    {
      g_autoptr (HeraldScenario) scenario =
          g_list_model_get_item (G_LIST_MODEL (fresh->scenarios), i);

      add_scenario (self, scenario);
    }

  set_changed_on_disk (self, FALSE);
  update_modified (self);
  return TRUE;
}

void
_herald_template_set_directory (HeraldTemplate *self, const char *directory)
{
  guint n;

  g_return_if_fail (HERALD_IS_TEMPLATE (self));
  g_return_if_fail (directory != NULL);

  g_free (self->directory);
  self->directory = g_strdup (directory);
  g_free (self->id);
  self->id = g_path_get_basename (directory);

  /* Unsaved scenario edits are saved to the new folder, not to the old one again. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->scenarios));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldScenario) scenario =
          g_list_model_get_item (G_LIST_MODEL (self->scenarios), i);
      g_autofree char *base = g_path_get_basename (herald_scenario_get_path (scenario));
      g_autofree char *path = g_build_filename (directory, "scenarios", base, NULL);

      _herald_scenario_set_path (scenario, path);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

/* template.json's saved text with name as the display name and, when with_edits, the
 * other edited values too. Every other byte stays. */
static char *
json_text_with (HeraldTemplate *self, const char *name, gboolean with_edits)
{
  const char *values[N_META + 1] = { NULL };
  const char *names[N_META + 1] = { NULL };

  for (guint i = 0; i < N_META; i++)
    {
      names[i] = meta_members[i];
      if (with_edits && g_strcmp0 (self->meta[i], self->saved_meta[i]) != 0)
        values[i] = self->meta[i];
    }
  values[META_NAME] = name;

  return herald_json_set_string_members (self->json_text, strlen (self->json_text), names, values);
}

gboolean
_herald_template_save_name (HeraldTemplate *self, const char *name, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  path = g_build_filename (self->directory, "template.json", NULL);
  display = g_filename_display_name (path);
  text = json_text_with (self, name, FALSE);
  root = text != NULL ? herald_json_parse_text (display, text, -1, error) : NULL;
  if (root == NULL || !herald_file_write_atomic (path, text, -1, error))
    return FALSE;

  g_clear_pointer (&self->json_root, json_node_unref);
  self->json_root = g_steal_pointer (&root);
  g_free (self->json_text);
  self->json_text = g_steal_pointer (&text);
  g_free (self->saved_meta[META_NAME]);
  self->saved_meta[META_NAME] = g_strdup (name);
  set_meta (self, META_NAME, name);
  update_modified (self);
  return TRUE;
}

char *
_herald_template_dup_json_text (HeraldTemplate *self, const char *name)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return json_text_with (self, name, TRUE);
}
