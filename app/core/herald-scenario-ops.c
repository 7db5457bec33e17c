/* herald-scenario-ops.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-scenario-ops"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>

#include "herald-core-error.h"
#include "herald-file-util.h"
#include "herald-json-util.h"
#include "herald-scenario-ops.h"

static gboolean
invalid (GError **error, const char *message)
{
  g_set_error_literal (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID, message);
  return FALSE;
}

/* Windows refuses these names whatever their extension ("con.json" too). */
static gboolean
is_reserved_on_windows (const char *id)
{
  static const char *const reserved[] = { "CON", "PRN", "AUX", "NUL" };
  gsize stem = strcspn (id, ".");

  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    if (stem == 3 && g_ascii_strncasecmp (id, reserved[i], 3) == 0)
      return TRUE;
  return stem == 4 &&
         (g_ascii_strncasecmp (id, "COM", 3) == 0 || g_ascii_strncasecmp (id, "LPT", 3) == 0) &&
         id[3] >= '1' && id[3] <= '9';
}

gboolean
herald_scenario_id_validate (const char *id, GError **error)
{
  gsize length;

  g_return_val_if_fail (id != NULL, FALSE);

  length = strlen (id);
  if (length == 0)
    return invalid (error, _ ("Give the scenario a file name."));
  if (!g_utf8_validate (id, -1, NULL))
    return invalid (error, _ ("The file name is not valid text."));
  if (strcmp (id, ".") == 0 || strcmp (id, "..") == 0)
    return invalid (error, _ ("“.” and “..” are not file names: choose a word."));
  if (strpbrk (id, "/\\") != NULL)
    return invalid (error, _ ("A file name cannot contain “/” or “\\”."));
  for (const char *p = id; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return invalid (error, _ ("A file name cannot contain a line break, a tab or another "
                                "control character."));
  if (strpbrk (id, ":*?\"<>|") != NULL)
    return invalid (error, _ ("A file name cannot contain : * ? \" < > or | (Windows refuses "
                              "them)."));
  if (id[0] == '.')
    return invalid (error, _ ("A file name cannot start with a dot: the file would be hidden "
                              "and Herald would skip it."));
  if (id[length - 1] == '.' || id[length - 1] == ' ')
    return invalid (error, _ ("A file name cannot end with a dot or a space (Windows drops "
                              "them)."));
  if (is_reserved_on_windows (id))
    return invalid (error, _ ("Windows reserves this name for a device: choose another."));
  if (g_utf8_strlen (id, -1) > HERALD_SCENARIO_ID_MAX_CHARS)
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   _ ("A file name can have at most %d characters."), HERALD_SCENARIO_ID_MAX_CHARS);
      return FALSE;
    }
  return TRUE;
}

static char *
scenarios_dir (HeraldTemplate *tmpl)
{
  return g_build_filename (herald_template_get_directory (tmpl), "scenarios", NULL);
}

static char *
scenario_path (HeraldTemplate *tmpl, const char *id)
{
  g_autofree char *dir = scenarios_dir (tmpl);
  g_autofree char *file = g_strconcat (id, ".json", NULL);

  return g_build_filename (dir, file, NULL);
}

static gboolean
same_up_to_case (const char *a, const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_str_equal (fa, fb);
}

static gboolean
clash (GError **error, const char *id, const char *existing)
{
  if (g_str_equal (id, existing))
    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                 _ ("This template already has a scenario “%s”: choose another file name."), id);
  else
    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                 _ ("“%s” differs from the scenario “%s” only by capital letters: the two files "
                    "would be one on Windows and macOS."),
                 id, existing);
  return FALSE;
}

gboolean
herald_scenario_id_check_free (HeraldTemplate *tmpl,
                               const char *id,
                               HeraldScenario *except,
                               GError **error)
{
  GListModel *scenarios;
  g_autofree char *dir = NULL;
  g_autoptr (GDir) listing = NULL;
  const char *name;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), FALSE);

  if (!herald_scenario_id_validate (id, error))
    return FALSE;

  scenarios = herald_template_get_scenarios (tmpl);
  for (guint i = 0; i < g_list_model_get_n_items (scenarios); i++)
    {
      g_autoptr (HeraldScenario) other = g_list_model_get_item (scenarios, i);

      if (other != except && same_up_to_case (id, herald_scenario_get_id (other)))
        return clash (error, id, herald_scenario_get_id (other));
    }

  /* Files the list does not show (unreadable ones, or written a moment ago). */
  dir = scenarios_dir (tmpl);
  listing = g_dir_open (dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *other_id = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      other_id = g_strndup (name, strlen (name) - strlen (".json"));
      if (except != NULL && g_str_equal (other_id, herald_scenario_get_id (except)))
        continue;
      if (same_up_to_case (id, other_id))
        return clash (error, id, other_id);
    }
  return TRUE;
}

char *
herald_scenario_id_suggest (HeraldTemplate *tmpl, const char *base)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);

  if (herald_scenario_id_check_free (tmpl, base, NULL, NULL))
    return g_strdup (base);
  for (guint n = 2;; n++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", base, n);

      if (herald_scenario_id_check_free (tmpl, id, NULL, NULL))
        return g_steal_pointer (&id);
    }
}

static gboolean
ensure_scenarios_dir (HeraldTemplate *tmpl, GError **error)
{
  g_autofree char *dir = scenarios_dir (tmpl);

  if (g_mkdir_with_parents (dir, 0777) == 0)
    return TRUE;

  {
    int saved_errno = errno;
    g_autofree char *display = g_filename_display_name (dir);

    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                 _ ("Could not create the folder %s: %s"), display, g_strerror (saved_errno));
    return FALSE;
  }
}

/* Writes text as the new scenario id and lists it. */
static HeraldScenario *
create (HeraldTemplate *tmpl, const char *id, const char *text, GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr (HeraldScenario) scenario = NULL;

  if (!herald_scenario_id_check_free (tmpl, id, NULL, error) || !ensure_scenarios_dir (tmpl, error))
    return NULL;

  path = scenario_path (tmpl, id);
  if (!herald_file_write_atomic (path, text, -1, error))
    return NULL;
  scenario = herald_scenario_new_from_file (path, error);
  if (scenario == NULL)
    return NULL;

  _herald_template_insert_scenario (tmpl, scenario);
  return g_steal_pointer (&scenario);
}

HeraldScenario *
herald_scenario_add (HeraldTemplate *tmpl, const char *id, const char *name, GError **error)
{
  g_autoptr (JsonObject) root = json_object_new ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (name != NULL && *name != '\0')
    json_object_set_string_member (root, "name", name);
  json_object_set_object_member (root, "variables", json_object_new ());
  text = herald_scenario_json_to_text (root);

  return create (tmpl, id, text, error);
}

HeraldScenario *
herald_scenario_duplicate (
    HeraldTemplate *tmpl, HeraldScenario *source, const char *id, const char *name, GError **error)
{
  const char *text;
  g_autofree char *renamed = NULL;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);
  g_return_val_if_fail (HERALD_IS_SCENARIO (source), NULL);

  text = herald_scenario_get_text (source);
  if (name != NULL)
    {
      const char *names[] = { "name", NULL };
      const char *values[] = { name, NULL };

      /* Only the name's bytes change; broken JSON is copied as it is, for the user to fix. */
      renamed = herald_json_set_string_members (text, strlen (text), names, values);
    }

  return create (tmpl, id, renamed != NULL ? renamed : text, error);
}

static gboolean
rename_failed (GError **error, const char *from, int saved_errno)
{
  g_autofree char *display = g_filename_display_name (from);

  g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
               _ ("Could not rename %s: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

HeraldScenario *
herald_scenario_rename (HeraldTemplate *tmpl,
                        HeraldScenario *scenario,
                        const char *id,
                        GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr (HeraldScenario) renamed = NULL;
  const char *old_path;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);
  g_return_val_if_fail (HERALD_IS_SCENARIO (scenario), NULL);

  if (!herald_scenario_id_check_free (tmpl, id, scenario, error))
    return NULL;
  if (g_str_equal (id, herald_scenario_get_id (scenario)))
    return g_object_ref (scenario);

  old_path = herald_scenario_get_path (scenario);
  path = scenario_path (tmpl, id);
  /* A rename is atomic and keeps the file's permissions; the check above made sure no other
   * scenario's file is in the way. */
  if (g_rename (old_path, path) != 0)
    {
      rename_failed (error, old_path, errno);
      return NULL;
    }

  renamed = herald_scenario_new_from_file (path, error);
  if (renamed == NULL)
    {
      int ignored G_GNUC_UNUSED = g_rename (path, old_path);
      return NULL;
    }
  herald_scenario_set_text (renamed, herald_scenario_get_text (scenario));

  _herald_template_remove_scenario (tmpl, scenario);
  _herald_template_insert_scenario (tmpl, renamed);
  return g_steal_pointer (&renamed);
}

struct _HeraldDeletedScenario
{
  HeraldScenario *scenario;
  char *disk_text; /* NULL: there was no file */
};

void
herald_deleted_scenario_free (HeraldDeletedScenario *deleted)
{
  if (deleted == NULL)
    return;
  g_clear_object (&deleted->scenario);
  g_free (deleted->disk_text);
  g_free (deleted);
}

HeraldScenario *
herald_deleted_scenario_get_scenario (HeraldDeletedScenario *deleted)
{
  g_return_val_if_fail (deleted != NULL, NULL);
  return deleted->scenario;
}

HeraldDeletedScenario *
herald_scenario_delete (HeraldTemplate *tmpl, HeraldScenario *scenario, GError **error)
{
  g_autoptr (GError) read_error = NULL;
  g_autofree char *disk_text = NULL;
  const char *path;
  HeraldDeletedScenario *deleted;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);
  g_return_val_if_fail (HERALD_IS_SCENARIO (scenario), NULL);

  path = herald_scenario_get_path (scenario);
  /* The bytes on disk, not the text in the editor: Undo must give back the file as it was. */
  disk_text = herald_file_read_text (path, NULL, &read_error);
  if (disk_text == NULL && !g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      return NULL;
    }
  if (disk_text != NULL && g_unlink (path) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                   _ ("Could not delete %s: %s"), display, g_strerror (saved_errno));
      return NULL;
    }

  deleted = g_new0 (HeraldDeletedScenario, 1);
  deleted->scenario = g_object_ref (scenario);
  deleted->disk_text = g_steal_pointer (&disk_text);
  _herald_template_remove_scenario (tmpl, scenario);
  return deleted;
}

gboolean
herald_scenario_restore (HeraldTemplate *tmpl, HeraldDeletedScenario *deleted, GError **error)
{
  const char *path;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), FALSE);
  g_return_val_if_fail (deleted != NULL, FALSE);

  path = herald_scenario_get_path (deleted->scenario);
  if (g_file_test (path, G_FILE_TEST_EXISTS) ||
      !herald_scenario_id_check_free (tmpl, herald_scenario_get_id (deleted->scenario), NULL, NULL))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                   _ ("Could not restore the scenario: %s exists again."), display);
      return FALSE;
    }
  if (deleted->disk_text != NULL &&
      (!ensure_scenarios_dir (tmpl, error) ||
       !herald_file_write_atomic (path, deleted->disk_text, -1, error)))
    return FALSE;

  _herald_template_insert_scenario (tmpl, deleted->scenario);
  return TRUE;
}

HeraldValueKind
herald_value_kind_of (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return HERALD_VALUE_NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return HERALD_VALUE_LIST;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return HERALD_VALUE_OBJECT;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return HERALD_VALUE_NUMBER;
    case G_TYPE_BOOLEAN:
      return HERALD_VALUE_BOOLEAN;
    default:
      return HERALD_VALUE_TEXT;
    }
}

static char *
scalar_to_string (JsonNode *node)
{
  switch (herald_value_kind_of (node))
    {
    case HERALD_VALUE_TEXT:
      return g_strdup (json_node_get_string (node));
    case HERALD_VALUE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case HERALD_VALUE_NUMBER:
      {
        g_autofree char *text = herald_json_to_pretty (node);

        return g_strstrip (g_steal_pointer (&text));
      }
    default:
      return NULL;
    }
}

JsonNode *
herald_value_parse_number (const char *text)
{
  char *end = NULL;
  gint64 integer;
  double real;

  if (text == NULL || *text == '\0')
    return NULL;
  errno = 0;
  integer = g_ascii_strtoll (text, &end, 10);
  if (errno == 0 && end != text && *end == '\0')
    return json_node_init_int (json_node_alloc (), integer);
  real = g_ascii_strtod (text, &end);
  if (end != text && *end == '\0' && isfinite (real))
    return json_node_init_double (json_node_alloc (), real);
  return NULL;
}

JsonNode *
herald_value_convert (JsonNode *old, HeraldValueKind kind)
{
  g_autofree char *text = old != NULL ? scalar_to_string (old) : NULL;
  JsonNode *node;

  switch (kind)
    {
    case HERALD_VALUE_NUMBER:
      node = herald_value_parse_number (text != NULL ? g_strstrip (text) : NULL);
      return node != NULL ? node : json_node_init_int (json_node_alloc (), 0);
    case HERALD_VALUE_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (),
                                     text != NULL && (g_ascii_strcasecmp (text, "true") == 0 ||
                                                      g_ascii_strcasecmp (text, "yes") == 0 ||
                                                      g_strcmp0 (text, "1") == 0));
    case HERALD_VALUE_LIST:
      return json_node_init_array (json_node_alloc (), json_array_new ());
    case HERALD_VALUE_OBJECT:
      return json_node_init_object (json_node_alloc (), json_object_new ());
    case HERALD_VALUE_NULL:
      return json_node_init_null (json_node_alloc ());
    case HERALD_VALUE_TEXT:
    default:
      return json_node_init_string (json_node_alloc (), text != NULL ? text : "");
    }
}

static JsonObject *
ensure_object_member (JsonObject *object, const char *member)
{
  JsonObject *child = herald_json_object_get_object_or_null (object, member);

  if (child == NULL)
    {
      child = json_object_new ();
      /* Replacing a member of another type keeps its place. */
      json_object_set_object_member (object, member, child);
    }
  return child;
}

JsonObject *
herald_scenario_json_ensure_variables (JsonObject *root)
{
  g_return_val_if_fail (root != NULL, NULL);
  return ensure_object_member (root, "variables");
}

void
herald_scenario_json_set_override (JsonObject *root,
                                   const char *locale,
                                   const char *name,
                                   JsonNode *value)
{
  JsonObject *locales;

  g_return_if_fail (root != NULL && locale != NULL && name != NULL && value != NULL);

  locales = ensure_object_member (root, "locales");
  json_object_set_member (ensure_object_member (locales, locale), name, value);
}

void
herald_scenario_json_remove_override (JsonObject *root, const char *locale, const char *name)
{
  JsonObject *locales = herald_json_object_get_object_or_null (root, "locales");
  JsonObject *values = herald_json_object_get_object_or_null (locales, locale);

  if (values == NULL)
    return;
  json_object_remove_member (values, name);
  if (json_object_get_size (values) == 0)
    json_object_remove_member (locales, locale);
  if (json_object_get_size (locales) == 0)
    json_object_remove_member (root, "locales");
}

char *
herald_scenario_json_to_text (JsonObject *root)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), root);

  return herald_json_to_pretty (node);
}

char *
herald_value_summary (JsonNode *node)
{
  guint n;

  switch (herald_value_kind_of (node))
    {
    case HERALD_VALUE_LIST:
      n = json_array_get_length (json_node_get_array (node));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);
    case HERALD_VALUE_OBJECT:
      n = json_object_get_size (json_node_get_object (node));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", n), n);
    case HERALD_VALUE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? _ ("Yes") : _ ("No"));
    case HERALD_VALUE_NULL:
      return g_strdup ("null");
    case HERALD_VALUE_TEXT:
    case HERALD_VALUE_NUMBER:
    default:
      return scalar_to_string (node);
    }
}

/* json_node_copy() shares objects, arrays and even scalar values with the original, so that
 * editing the copy in place would edit the original too. */
JsonNode *
herald_value_copy (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *copy = json_object_new ();
      g_autoptr (GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (
            copy, l->data,
            herald_value_copy (json_object_get_member (json_node_get_object (node), l->data)));
      return json_node_init_object (json_node_alloc (), copy);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *copy = json_array_sized_new (json_array_get_length (array));

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, herald_value_copy (json_array_get_element (array, i)));
      return json_node_init_array (json_node_alloc (), copy);
    }
  if (JSON_NODE_HOLDS_NULL (node))
    return json_node_init_null (json_node_alloc ());
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_init_int (json_node_alloc (), json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return json_node_init_double (json_node_alloc (), json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), json_node_get_boolean (node));
    default:
      return json_node_init_string (json_node_alloc (), json_node_get_string (node));
    }
}

void
herald_value_slot_free (HeraldValueSlot *slot)
{
  json_node_unref (slot->container);
  g_free (slot->member);
  g_free (slot->path);
  g_free (slot);
}

HeraldValueSlot *
herald_value_slot_new (JsonNode *container, const char *member, guint index, const char *path)
{
  HeraldValueSlot *slot = g_new0 (HeraldValueSlot, 1);

  slot->container = json_node_ref (container);
  slot->member = g_strdup (member);
  slot->index = index;
  slot->path = g_strdup (path);
  return slot;
}

HeraldValueSlot *
herald_value_slot_copy (const HeraldValueSlot *slot)
{
  return herald_value_slot_new (slot->container, slot->member, slot->index, slot->path);
}

JsonNode *
herald_value_slot_get (const HeraldValueSlot *slot)
{
  if (slot->member != NULL)
    return json_object_get_member (json_node_get_object (slot->container), slot->member);
  return json_array_get_element (json_node_get_array (slot->container), slot->index);
}

void
herald_value_slot_set (const HeraldValueSlot *slot, JsonNode *value)
{
  JsonArray *old;
  JsonArray *copy;

  if (slot->member != NULL)
    {
      json_object_set_member (json_node_get_object (slot->container), slot->member, value);
      return;
    }

  old = json_node_get_array (slot->container);
  copy = json_array_sized_new (json_array_get_length (old));
  for (guint i = 0; i < json_array_get_length (old); i++)
    json_array_add_element (
        copy, i == slot->index ? value : json_node_ref (json_array_get_element (old, i)));
  json_node_take_array (slot->container, copy);
}

void
herald_value_slot_remove (const HeraldValueSlot *slot)
{
  if (slot->member != NULL)
    json_object_remove_member (json_node_get_object (slot->container), slot->member);
  else
    json_array_remove_element (json_node_get_array (slot->container), slot->index);
}
