/* herald-library-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-library"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "herald-client-support.h"
#include "herald-core-error.h"
#include "herald-file-util.h"
#include "herald-json-util.h"
#include "herald-l10n-library.h"
#include "herald-library-settings.h"
#include "herald-locale-name.h"
#include "herald-starter.h"

#define STARTER_RESOURCE "/io/github/heraldapp/Herald/core/starter/template"
/* The starter template's folder, hence its id, in a new library. */
#define STARTER_ID "starter"

HeraldLibrarySettings *
herald_library_settings_new (void)
{
  HeraldLibrarySettings *settings = g_new0 (HeraldLibrarySettings, 1);

  settings->name = g_strdup ("");
  settings->source_locale = g_strdup ("en");
  settings->target_locales = g_new0 (char *, 1);
  settings->from_name = g_strdup ("");
  settings->from_email = g_strdup ("");
  return settings;
}

HeraldLibrarySettings *
herald_library_settings_new_from_library (HeraldLibrary *library)
{
  HeraldLibrarySettings *settings = g_new0 (HeraldLibrarySettings, 1);
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonArray *clients = NULL;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);

  settings->name = g_strdup (herald_library_get_name (library));
  settings->source_locale = g_strdup (herald_library_get_source_locale (library));
  settings->target_locales = herald_l10n_dup_locales (library);
  settings->from_name = g_strdup (herald_library_get_from_name (library) ?: "");
  settings->from_email = g_strdup (herald_library_get_from_email (library) ?: "");

  /* The library answers with the defaults when herald.json names no clients; whether it
   * does is what "Reset to Defaults" changes, so it is read from the file. */
  path = g_build_filename (herald_library_get_directory (library), "herald.json", NULL);
  root = herald_json_parse_file (path, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    clients = herald_json_object_get_array_or_null (json_node_get_object (root), "clients");
  if (clients != NULL)
    settings->clients = g_strdupv ((char **) herald_library_get_clients (library));
  return settings;
}

void
herald_library_settings_free (HeraldLibrarySettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->name);
  g_free (settings->source_locale);
  g_strfreev (settings->target_locales);
  g_free (settings->from_name);
  g_free (settings->from_email);
  g_strfreev (settings->clients);
  g_free (settings);
}

static gboolean
invalid (GError **error, const char *message)
{
  g_set_error_literal (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID, message);
  return FALSE;
}

/* The address check the dialogs show is finer; this one keeps out what no mail system
 * would take. */
static gboolean
email_looks_valid (const char *email)
{
  const char *at = strchr (email, '@');

  for (const char *p = email; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == '<' || *p == '>')
      return FALSE;
  return at != NULL && at != email && strchr (at + 1, '@') == NULL && strchr (at + 1, '.') != NULL;
}

static gboolean
check_locales (const HeraldLibrarySettings *settings, GError **error)
{
  if (!herald_locale_name_is_valid (settings->source_locale))
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   _ ("The source language “%s” is not a locale name; write locales like pt-BR, "
                      "zh-Hant or pt_BR"),
                   settings->source_locale);
      return FALSE;
    }
  for (guint i = 0; settings->target_locales[i] != NULL; i++)
    {
      const char *locale = settings->target_locales[i];

      if (!herald_locale_name_is_valid (locale))
        {
          g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                       _ ("The target language “%s” is not a locale name; write locales like "
                          "pt-BR, zh-Hant or pt_BR"),
                       locale);
          return FALSE;
        }
      if (g_str_equal (locale, settings->source_locale))
        {
          g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                       _ ("“%s” is the source language; it cannot also be a target language"),
                       locale);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
herald_library_settings_check (const HeraldLibrarySettings *settings, GError **error)
{
  HeraldClientSupport *support = herald_client_support_get_default ();
  g_autofree char *name = NULL;

  g_return_val_if_fail (settings != NULL, FALSE);

  name = g_strstrip (g_strdup (settings->name ? settings->name : ""));
  if (name[0] == '\0')
    return invalid (error, _ ("The library needs a name"));
  if (!check_locales (settings, error))
    return FALSE;
  if (settings->from_email == NULL || settings->from_email[0] == '\0')
    return invalid (error, _ ("The default sender needs an email address"));
  if (!email_looks_valid (settings->from_email))
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   _ ("The default sender’s address “%s” is not an email address such as "
                      "alerts@example.com"),
                   settings->from_email);
      return FALSE;
    }
  if (settings->clients != NULL && settings->clients[0] == NULL)
    return invalid (error, _ ("Choose at least one email client for the checks"));
  for (guint i = 0; settings->clients != NULL && settings->clients[i] != NULL; i++)
    if (!herald_client_support_has_client (support, settings->clients[i]))
      {
        g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                     _ ("“%s” is not an email client Herald knows"), settings->clients[i]);
        return FALSE;
      }
  return TRUE;
}

/* herald.json's values, as JSON nodes */

static JsonNode *
string_node (const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  return node;
}

static JsonNode *
strv_node (const char *const *values)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  json_node_take_array (node, array);
  return node;
}

/* "email" first, as docs/library-format.md and the sample write it. */
static JsonNode *
from_node (const HeraldLibrarySettings *settings)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "email", settings->from_email);
  if (settings->from_name != NULL && settings->from_name[0] != '\0')
    json_object_set_string_member (object, "name", settings->from_name);
  json_node_take_object (node, object);
  return node;
}

static char *
settings_to_json (const HeraldLibrarySettings *settings)
{
  JsonObject *object = json_object_new ();
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (object, "format", 1);
  json_object_set_string_member (object, "name", settings->name);
  json_object_set_string_member (object, "sourceLocale", settings->source_locale);
  json_object_set_member (object, "targetLocales",
                          strv_node ((const char *const *) settings->target_locales));
  json_object_set_member (object, "from", from_node (settings));
  if (settings->clients != NULL)
    json_object_set_member (object, "clients", strv_node ((const char *const *) settings->clients));
  json_node_take_object (root, object);
  return herald_json_to_pretty (root);
}

/* A member's value as it reads one level in: herald_json_to_pretty indents from the left
 * margin. */
static char *
member_value_text (JsonNode *node)
{
  g_autofree char *pretty = herald_json_to_pretty (node);
  g_auto (GStrv) lines = NULL;

  g_strchomp (pretty);
  lines = g_strsplit (pretty, "\n", -1);
  return g_strjoinv ("\n  ", lines);
}

/* Rewriting herald.json in place */

static char *
remove_member (const char *text, const char *member)
{
  gsize length = strlen (text);
  g_autoptr (GArray) spans = herald_json_scan_members (text, length);
  GString *out;

  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      HeraldJsonMemberSpan *span = &g_array_index (spans, HeraldJsonMemberSpan, i);
      gsize cut_start, cut_end;

      if (!g_str_equal (span->name, member))
        continue;
      /* The member goes with the comma that joins it to its neighbour, and the blanks
       * before it, so the others keep their lines. */
      if (i > 0)
        {
          cut_start = g_array_index (spans, HeraldJsonMemberSpan, i - 1).value_end;
          cut_end = span->value_end;
        }
      else if (spans->len > 1)
        {
          cut_start = span->name_start;
          cut_end = g_array_index (spans, HeraldJsonMemberSpan, 1).name_start;
        }
      else
        {
          cut_start = span->name_start;
          cut_end = span->value_end;
        }
      out = g_string_new_len (text, cut_start);
      g_string_append (out, text + cut_end);
      return g_string_free (out, FALSE);
    }
  return g_strdup (text);
}

/* The targets kept stay where they were and new ones follow, so that a change reads as
 * one line in a diff. */
static GStrv
ordered_targets (const char *const *old, const char *const *wanted)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; old[i] != NULL; i++)
    if (g_strv_contains (wanted, old[i]))
      g_strv_builder_add (builder, old[i]);
  for (guint i = 0; wanted[i] != NULL; i++)
    if (!g_strv_contains (old, wanted[i]))
      g_strv_builder_add (builder, wanted[i]);
  return g_strv_builder_end (builder);
}

static char *
rewrite_library_json (const char *text,
                      const HeraldLibrarySettings *settings,
                      const char *const *target_locales,
                      GError **error)
{
  g_autoptr (JsonNode) name = string_node (settings->name);
  g_autoptr (JsonNode) source = string_node (settings->source_locale);
  g_autoptr (JsonNode) targets = strv_node (target_locales);
  g_autoptr (JsonNode) from = from_node (settings);
  g_autoptr (JsonNode) clients = NULL;
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  const char *names[] = { "name", "sourceLocale", "targetLocales", "from", "clients", NULL };
  g_autofree char *without_clients = NULL;
  g_autoptr (GArray) spans = herald_json_scan_members (text, strlen (text));

  if (spans == NULL)
    {
      invalid (error, _ ("herald.json is not a JSON object; it was left as it is"));
      return NULL;
    }

  g_ptr_array_add (values, member_value_text (name));
  g_ptr_array_add (values, member_value_text (source));
  g_ptr_array_add (values, member_value_text (targets));
  g_ptr_array_add (values, member_value_text (from));
  if (settings->clients == NULL)
    {
      /* Herald's defaults follow Herald's updates only while the file names no clients. */
      without_clients = remove_member (text, "clients");
      names[4] = NULL;
      text = without_clients;
    }
  else
    {
      clients = strv_node ((const char *const *) settings->clients);
      g_ptr_array_add (values, member_value_text (clients));
    }
  g_ptr_array_add (values, NULL);

  return herald_json_set_members (text, strlen (text), names, (const char *const *) values->pdata);
}

/* Creating a library */

static gboolean
make_folder (const char *path, GError **error)
{
  if (g_mkdir_with_parents (path, 0755) == 0)
    return TRUE;

  {
    int saved_errno = errno;
    g_autofree char *display = g_filename_display_name (path);

    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                 _ ("The folder “%s” cannot be created: %s"), display, g_strerror (saved_errno));
    return FALSE;
  }
}

static gboolean
check_new_library_folder (const char *directory, GError **error)
{
  const char *taken[] = { "herald.json", "templates", "po" };
  g_autofree char *display = g_filename_display_name (directory);

  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      g_autofree char *path = g_build_filename (directory, taken[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      if (i == 0)
        g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                     _ ("“%s” already holds a library; open it with Open Library, or choose an "
                        "empty folder for the new one"),
                     display);
      else
        g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                     _ ("“%s” already has a “%s” folder that a new library would mix with; "
                        "choose an empty folder"),
                     display, taken[i]);
      return FALSE;
    }
  return TRUE;
}

/* Every file under the starter's resource folder, into batch below destination. */
static gboolean
add_starter_files (HeraldFileBatch *batch,
                   const char *resource,
                   const char *destination,
                   GError **error)
{
  g_auto (GStrv) children = NULL;

  if (!make_folder (destination, error))
    return FALSE;
  children = g_resource_enumerate_children (herald_starter_get_resource (), resource,
                                            G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (children == NULL)
    return FALSE;

  for (guint i = 0; children[i] != NULL; i++)
    {
      g_autofree char *child_resource = g_build_path ("/", resource, children[i], NULL);
      g_autofree char *child_name = g_strdup (children[i]);
      g_autofree char *path = NULL;
      g_autoptr (GBytes) bytes = NULL;

      if (g_str_has_suffix (child_name, "/"))
        {
          child_name[strlen (child_name) - 1] = '\0';
          path = g_build_filename (destination, child_name, NULL);
          if (!add_starter_files (batch, child_resource, path, error))
            return FALSE;
          continue;
        }

      path = g_build_filename (destination, child_name, NULL);
      bytes = g_resource_lookup_data (herald_starter_get_resource (), child_resource,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL || !herald_file_batch_add (batch, path, g_bytes_get_data (bytes, NULL),
                                                   g_bytes_get_size (bytes), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_library_files (const char *directory,
                     const HeraldLibrarySettings *settings,
                     HeraldLibraryStart start,
                     GError **error)
{
  g_autoptr (HeraldFileBatch) batch = herald_file_batch_new ();
  g_autofree char *json_path = g_build_filename (directory, "herald.json", NULL);
  g_autofree char *json = settings_to_json (settings);
  g_autofree char *templates = g_build_filename (directory, "templates", NULL);

  if (!make_folder (templates, error))
    return FALSE;
  if (start == HERALD_LIBRARY_START_STARTER)
    {
      g_autofree char *starter = g_build_filename (templates, STARTER_ID, NULL);

      if (!add_starter_files (batch, STARTER_RESOURCE, starter, error))
        return FALSE;
    }
  /* herald.json last in the batch: it is what makes the folder a library. */
  return herald_file_batch_add (batch, json_path, json, -1, error) &&
         herald_file_batch_commit (batch, error);
}

gboolean
herald_library_create (const char *directory,
                       const HeraldLibrarySettings *settings,
                       HeraldLibraryStart start,
                       GError **error)
{
  g_autoptr (HeraldLibrary) library = NULL;

  g_return_val_if_fail (directory != NULL, FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  if (!herald_library_settings_check (settings, error) ||
      !check_new_library_folder (directory, error) || !make_folder (directory, error) ||
      !write_library_files (directory, settings, start, error))
    return FALSE;

  if (settings->target_locales[0] == NULL)
    return TRUE;
  /* The translations are made as `herald-cli update-po` makes them, from the library as it
   * now is on disk. */
  library = herald_library_load (directory, error);
  return library != NULL &&
         herald_l10n_update_po (library, (const char *const *) settings->target_locales, error);
}

/* Changing a library */

GStrv
herald_library_settings_dup_removed_locales (const HeraldLibrarySettings *old,
                                             const HeraldLibrarySettings *settings)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; old->target_locales[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *) settings->target_locales, old->target_locales[i]))
      g_strv_builder_add (builder, old->target_locales[i]);
  return g_strv_builder_end (builder);
}

static gboolean
delete_po_files (HeraldLibrary *library, const char *const *locales, GError **error)
{
  for (guint i = 0; locales[i] != NULL; i++)
    {
      g_autofree char *path = herald_l10n_dup_po_path (library, locales[i]);

      if (path != NULL && g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                       _ ("%s cannot be deleted: %s"), display, g_strerror (saved_errno));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
herald_library_settings_apply (const char *directory,
                               const HeraldLibrarySettings *settings,
                               gboolean delete_removed_po,
                               GError **error)
{
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldLibrarySettings) old = NULL;
  g_autoptr (GStrvBuilder) added_builder = g_strv_builder_new ();
  g_auto (GStrv) added = NULL;
  g_auto (GStrv) removed = NULL;
  g_auto (GStrv) targets = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *updated = NULL;
  g_autoptr (JsonNode) check = NULL;

  g_return_val_if_fail (directory != NULL, FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  if (!herald_library_settings_check (settings, error))
    return FALSE;
  /* From the disk, not from a window's copy: what is written must follow what is there. */
  library = herald_library_load (directory, error);
  if (library == NULL)
    return FALSE;
  old = herald_library_settings_new_from_library (library);

  path = g_build_filename (directory, "herald.json", NULL);
  text = herald_file_read_text (path, NULL, error);
  if (text == NULL)
    return FALSE;
  targets = ordered_targets ((const char *const *) old->target_locales,
                             (const char *const *) settings->target_locales);
  updated = rewrite_library_json (text, settings, (const char *const *) targets, error);
  if (updated == NULL)
    return FALSE;
  check = herald_json_parse_text (path, updated, -1, error);
  if (check == NULL)
    return FALSE;

  for (guint i = 0; settings->target_locales[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *) old->target_locales, settings->target_locales[i]))
      g_strv_builder_add (added_builder, settings->target_locales[i]);
  added = g_strv_builder_end (added_builder);
  removed = herald_library_settings_dup_removed_locales (old, settings);

  /* New translations first: if they cannot be written, herald.json still says what is on
   * disk. */
  if (added[0] != NULL && !herald_l10n_update_po (library, (const char *const *) added, error))
    return FALSE;
  if (!herald_file_write_atomic (path, updated, -1, error))
    return FALSE;
  if (delete_removed_po && !delete_po_files (library, (const char *const *) removed, error))
    return FALSE;
  return TRUE;
}
