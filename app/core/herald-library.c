/* herald-library.c: HeraldLibrary, one template library on disk: herald.json read and
 * checked, the templates listed and watched for changes made outside Herald, and saved all
 * or nothing.
 *
 * One concept, one file: loading, watching and saving share the list of templates and their
 * file monitors. Creating a library and changing its settings are herald-library-settings.c;
 * adding, renaming and deleting templates herald-template-ops.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-library"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "herald-core-error.h"
#include "herald-file-read.h"
#include "herald-file-util.h"
#include "herald-client-support.h"
#include "herald-json-util.h"
#include "herald-library-private.h"
#include "herald-locale-name.h"

#define CURRENT_FORMAT 1
/* Editors and git write a file in several steps; wait for the burst to end. */
#define MONITOR_SETTLE_MS 120

struct _HeraldLibrary
{
  GObject parent_instance;

  char *directory;
  JsonNode *json_root;
  char *name;
  char *source_locale;
  char **target_locales;
  char *from_email;
  char *from_name;

  GListStore *templates;
  GPtrArray *problems;
  char **clients; /* NULL: the default clients */

  /* path of a watched folder -> GFileMonitor */
  GHashTable *monitors;
  GHashTable *pending_paths;
  guint settle_source;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldLibrary,
                               herald_library,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_NAME,
  PROP_MODIFIED,
  PROP_MONITORED,
  N_PROPS
};

enum
{
  PO_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
herald_library_get_item_type (GListModel *model)
{
  return HERALD_TYPE_TEMPLATE;
}

static guint
herald_library_get_n_items (GListModel *model)
{
  HeraldLibrary *self = (HeraldLibrary *) model;

  return g_list_model_get_n_items (G_LIST_MODEL (self->templates));
}

static gpointer
herald_library_get_item (GListModel *model, guint position)
{
  HeraldLibrary *self = (HeraldLibrary *) model;

  return g_list_model_get_item (G_LIST_MODEL (self->templates), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = herald_library_get_item_type;
  iface->get_n_items = herald_library_get_n_items;
  iface->get_item = herald_library_get_item;
}

static void
herald_library_dispose (GObject *object)
{
  HeraldLibrary *self = (HeraldLibrary *) object;

  herald_library_set_monitored (self, FALSE);
  g_clear_object (&self->templates);

  G_OBJECT_CLASS (herald_library_parent_class)->dispose (object);
}

static void
herald_library_finalize (GObject *object)
{
  HeraldLibrary *self = (HeraldLibrary *) object;

  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->json_root, json_node_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->source_locale, g_free);
  g_clear_pointer (&self->target_locales, g_strfreev);
  g_clear_pointer (&self->from_email, g_free);
  g_clear_pointer (&self->from_name, g_free);
  g_clear_pointer (&self->monitors, g_hash_table_unref);
  g_clear_pointer (&self->pending_paths, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->clients, g_strfreev);

  G_OBJECT_CLASS (herald_library_parent_class)->finalize (object);
}

static void
herald_library_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HeraldLibrary *self = HERALD_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, herald_library_get_modified (self));
      break;
    case PROP_MONITORED:
      g_value_set_boolean (value, herald_library_get_monitored (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_library_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  HeraldLibrary *self = HERALD_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_MONITORED:
      herald_library_set_monitored (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_library_class_init (HeraldLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_library_dispose;
  object_class->finalize = herald_library_finalize;
  object_class->get_property = herald_library_get_property;
  object_class->set_property = herald_library_set_property;

  properties[PROP_NAME] =
      g_param_spec_string ("name", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
      g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MONITORED] =
      g_param_spec_boolean ("monitored", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HeraldLibrary::po-changed:
   * @path: the PO or POT file that changed on disk
   *
   * A translator's new `.po`, or a regenerated `.pot`: previews of that locale must follow.
   */
  signals[PO_CHANGED] = g_signal_new ("po-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                      NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
herald_library_init (HeraldLibrary *self)
{
  self->templates = g_list_store_new (HERALD_TYPE_TEMPLATE);
  self->problems = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  self->pending_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect_object (self->templates, "items-changed",
                           G_CALLBACK (g_list_model_items_changed), self, G_CONNECT_SWAPPED);
}

static gboolean
read_string_member (JsonObject *object,
                    const char *member,
                    const char *display,
                    gboolean required,
                    char **out,
                    GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL && !required)
    {
      *out = NULL;
      return TRUE;
    }

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   _ ("%s: \"%s\" must be a string"), display, member);
      return FALSE;
    }

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* "format" is the integer 1 or absent. Its text is checked, not json-glib's value: json-glib
 * wraps 18446744073709551617 round to 1 and reads 1.0, 1e400, "1" and true as numbers. */
static gboolean
check_format (const char *text, const char *display, GError **error)
{
  g_autofree char *source = herald_json_dup_member_source (text, strlen (text), "format");
  guint64 format = 0;

  if (source == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (source, 10, 0, G_MAXUINT64, &format, NULL) || format == 0)
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   _ ("%s: \"format\" must be the whole number %d, not %s"), display,
                   CURRENT_FORMAT, source);
      return FALSE;
    }

  if (format > CURRENT_FORMAT)
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   _ ("%s: this library was saved by a newer Herald (format %s); update Herald "
                      "to open it"),
                   display, source);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_locale_name (const char *locale, const char *member, const char *display, GError **error)
{
  if (herald_locale_name_is_valid (locale))
    return TRUE;

  g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
               _ ("%s: “%s” in \"%s\" is not a locale name; write locales like pt-BR, zh-Hant or "
                  "pt_BR"),
               display, locale, member);
  return FALSE;
}

static gboolean
read_target_locales (JsonObject *object, const char *display, GStrvBuilder *locales, GError **error)
{
  JsonNode *node = json_object_get_member (object, "targetLocales");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   _ ("%s: \"targetLocales\" must be a list of locale names"), display);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                       _ ("%s: \"targetLocales\" must be a list of locale names"), display);
          return FALSE;
        }
      if (!check_locale_name (json_node_get_string (element), "targetLocales", display, error))
        return FALSE;
      g_strv_builder_add (locales, json_node_get_string (element));
    }

  return TRUE;
}

/* "clients": caniemail's family.platform names, e.g. "outlook.windows". */
static gboolean
read_clients (JsonObject *object, const char *display, char ***clients, GError **error)
{
  JsonNode *node = json_object_get_member (object, "clients");
  HeraldClientSupport *support;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  *clients = NULL;
  if (node == NULL)
    return TRUE;
  /* Reading the caniemail snapshot is most of a library's loading time: only a library that
   * names its clients needs it here. */
  support = herald_client_support_get_default ();
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   _ ("%s: \"clients\" must be a list of email clients such as "
                      "\"outlook.windows\""),
                   display);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *name;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                       _ ("%s: \"clients\" must be a list of email clients such as "
                          "\"outlook.windows\""),
                       display);
          return FALSE;
        }
      name = json_node_get_string (element);
      if (!herald_client_support_has_client (support, name))
        {
          g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                       _ ("%s: “%s” in \"clients\" is not an email client Herald knows; use "
                          "caniemail's family.platform names, such as gmail.desktop-webmail, "
                          "outlook.windows or apple-mail.ios (herald-cli lint --clients=help "
                          "lists them)"),
                       display, name);
          return FALSE;
        }
      g_strv_builder_add (builder, name);
    }
  *clients = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_library_json (HeraldLibrary *self, GError **error)
{
  g_autofree char *path = g_build_filename (self->directory, "herald.json", NULL);
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GStrvBuilder) locales = g_strv_builder_new ();
  g_autofree char *name = NULL;
  g_autofree char *source_locale = NULL;
  g_auto (GStrv) clients = NULL;
  JsonObject *object;
  JsonNode *node;

  text = herald_file_read_library_text (path, HERALD_FILE_MAX_JSON, NULL, error);
  if (text == NULL)
    return FALSE;
  root = herald_json_parse_text (display, text, -1, error);
  if (root == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   _ ("%s:1:1: herald.json must be a JSON object"), display);
      return FALSE;
    }
  object = json_node_get_object (root);

  /* Everything is checked before anything is taken, so that a broken file on disk does not
   * leave an open library half updated. */
  if (!check_format (text, display, error) ||
      !read_string_member (object, "name", display, FALSE, &name, error) ||
      !read_string_member (object, "sourceLocale", display, FALSE, &source_locale, error) ||
      (source_locale != NULL &&
       !check_locale_name (source_locale, "sourceLocale", display, error)) ||
      !read_target_locales (object, display, locales, error) ||
      !read_clients (object, display, &clients, error))
    return FALSE;

  g_strfreev (self->clients);
  self->clients = g_steal_pointer (&clients);

  g_free (self->name);
  self->name = name != NULL ? g_steal_pointer (&name) : g_path_get_basename (self->directory);
  g_free (self->source_locale);
  self->source_locale = source_locale != NULL ? g_steal_pointer (&source_locale) : g_strdup ("en");
  g_strfreev (self->target_locales);
  self->target_locales = g_strv_builder_end (locales);

  g_clear_pointer (&self->from_email, g_free);
  g_clear_pointer (&self->from_name, g_free);
  node = json_object_get_member (object, "from");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *from = json_node_get_object (node);

      self->from_email = g_strdup (herald_json_object_get_string_or (from, "email", NULL));
      self->from_name = g_strdup (herald_json_object_get_string_or (from, "name", NULL));
    }

  g_clear_pointer (&self->json_root, json_node_unref);
  self->json_root = g_steal_pointer (&root);
  return TRUE;
}

static int
compare_templates (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return g_strcmp0 (herald_template_get_id ((HeraldTemplate *) a),
                    herald_template_get_id ((HeraldTemplate *) b));
}

static int
compare_template_pointers (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return compare_templates (*(HeraldTemplate *const *) a, *(HeraldTemplate *const *) b, user_data);
}

static void connect_template (HeraldLibrary *self, HeraldTemplate *template);

static gboolean
is_template_directory (const char *path)
{
  g_autofree char *json = g_build_filename (path, "template.json", NULL);

  return g_file_test (json, G_FILE_TEST_IS_REGULAR);
}

/* Whether the folder has a template.json of any kind: one that is not an ordinary file is
 * the template's error to report, not a reason to skip the folder. */
static gboolean
has_template_json (const char *path)
{
  g_autofree char *json = g_build_filename (path, "template.json", NULL);

  return g_file_test (json, G_FILE_TEST_EXISTS);
}

static gboolean
load_templates (HeraldLibrary *self, GError **error)
{
  g_autofree char *templates_dir = g_build_filename (self->directory, "templates", NULL);
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) local_error = NULL;
  /* Sorted once and added at once: inserted one by one in order, a big library's templates
   * cost a search and a signal each. Their ids, their folders' names, are all different. */
  g_autoptr (GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  const char *name;

  dir = g_dir_open (templates_dir, 0, &local_error);
  if (dir == NULL)
    {
      g_autofree char *display = g_filename_display_name (templates_dir);

      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MISSING_FILE,
                   _ ("%s: the templates folder is missing (%s)"), display, local_error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (templates_dir, name, NULL);
      g_autoptr (HeraldTemplate) template = NULL;

      if (name[0] == '.' || !g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;

      /* A leftover folder (a renamed template's old name, a build folder) is not a reason
       * to refuse the whole library. */
      if (!has_template_json (path))
        {
          g_autofree char *display = g_filename_display_name (path);

          g_ptr_array_add (self->problems,
                           g_strdup_printf (_ ("%s: a folder without template.json is not a "
                                               "template; it was skipped"),
                                            display));
          continue;
        }

      template = herald_template_load (path, error);
      if (template == NULL)
        return FALSE;
      connect_template (self, template);
      g_ptr_array_add (loaded, g_steal_pointer (&template));
    }

  g_ptr_array_sort_with_data (loaded, compare_template_pointers, NULL);
  /* The store is empty until the library's templates are read. */
  g_list_store_splice (self->templates, 0, 0, loaded->pdata, loaded->len);
  return TRUE;
}

static void
template_modified_cb (HeraldLibrary *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
connect_template (HeraldLibrary *self, HeraldTemplate *template)
{
  g_signal_connect_object (template, "notify::modified", G_CALLBACK (template_modified_cb), self,
                           G_CONNECT_SWAPPED);
}

HeraldLibrary *
herald_library_load (const char *directory, GError **error)
{
  g_autoptr (HeraldLibrary) self = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (HERALD_TYPE_LIBRARY, NULL);
  self->directory = g_canonicalize_filename (directory, NULL);

  if (!read_library_json (self, error) || !load_templates (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
load_in_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  HeraldLibrary *library = herald_library_load (task_data, &error);

  if (library == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, library, g_object_unref);
}

/* Loading reads every template of the library; keep it off the UI thread. Monitoring is
 * not started here: file monitors belong to the main context that will receive events,
 * so the caller turns it on with herald_library_set_monitored(). */
void
herald_library_load_async (const char *directory,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (directory != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_library_load_async);
  g_task_set_task_data (task, g_strdup (directory), g_free);
  g_task_run_in_thread (task, load_in_thread);
}

HeraldLibrary *
herald_library_load_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
herald_library_get_directory (HeraldLibrary *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY (self), NULL);
  return self->directory;
}

const char *
herald_library_get_name (HeraldLibrary *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY (self), NULL);
  return self->name;
}

const char *
herald_library_get_source_locale (HeraldLibrary *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY (self), NULL);
  return self->source_locale;
}

const char *const *
herald_library_get_target_locales (HeraldLibrary *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY (self), NULL);
  return (const char *const *) self->target_locales;
}

const char *
herald_library_get_from_email (HeraldLibrary *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY (self), NULL);
  return self->from_email;
}

const char *
herald_library_get_from_name (HeraldLibrary *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY (self), NULL);
  return self->from_name;
}

char *
herald_library_dup_po_directory (HeraldLibrary *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY (self), NULL);
  return g_build_filename (self->directory, "po", NULL);
}

const char *const *
herald_library_get_clients (HeraldLibrary *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY (self), NULL);

  if (self->clients == NULL)
    return herald_client_support_get_default_clients ();
  return (const char *const *) self->clients;
}

const char *const *
herald_library_get_problems (HeraldLibrary *self)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (HERALD_IS_LIBRARY (self), NULL);
  /* An empty array may have no storage at all. */
  if (self->problems->len == 0)
    return none;
  return (const char *const *) self->problems->pdata;
}

HeraldTemplate *
herald_library_find_template (HeraldLibrary *self, const char *id)
{
  guint n;

  g_return_val_if_fail (HERALD_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->templates));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldTemplate) template =
          g_list_model_get_item (G_LIST_MODEL (self->templates), i);

      if (g_str_equal (herald_template_get_id (template), id))
        return template;
    }

  return NULL;
}

gboolean
herald_library_get_modified (HeraldLibrary *self)
{
  guint n;

  g_return_val_if_fail (HERALD_IS_LIBRARY (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->templates));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldTemplate) template =
          g_list_model_get_item (G_LIST_MODEL (self->templates), i);

      if (herald_template_get_modified (template))
        return TRUE;
    }

  return FALSE;
}

/* Saves every modified template; stops at the first failure so that the error names one
 * file, and what was not saved stays modified in memory. */
gboolean
herald_library_save (HeraldLibrary *self, GError **error)
{
  guint n;

  g_return_val_if_fail (HERALD_IS_LIBRARY (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->templates));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldTemplate) template =
          g_list_model_get_item (G_LIST_MODEL (self->templates), i);

      if (herald_template_get_modified (template) && !herald_template_save (template, error))
        return FALSE;
    }

  return TRUE;
}

/* Monitoring */

static void monitor_directory (HeraldLibrary *self, const char *path);

static void
monitor_template_directory (HeraldLibrary *self, const char *template_dir)
{
  g_autofree char *scenarios = g_build_filename (template_dir, "scenarios", NULL);

  monitor_directory (self, template_dir);
  if (g_file_test (scenarios, G_FILE_TEST_IS_DIR))
    monitor_directory (self, scenarios);
}

static void
rescan_templates (HeraldLibrary *self)
{
  g_autofree char *templates_dir = g_build_filename (self->directory, "templates", NULL);
  g_autoptr (GDir) dir = g_dir_open (templates_dir, 0, NULL);
  const char *name;
  guint n;

  if (dir == NULL)
    return;

  /* Templates that appeared (a git pull, a copy in the file manager). */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (templates_dir, name, NULL);
      g_autoptr (HeraldTemplate) template = NULL;

      if (name[0] == '.' || herald_library_find_template (self, name) != NULL ||
          !is_template_directory (path))
        continue;

      template = herald_template_load (path, NULL);
      if (template == NULL)
        continue;
      connect_template (self, template);
      g_list_store_insert_sorted (self->templates, template, compare_templates, NULL);
      if (self->monitors != NULL)
        monitor_template_directory (self, path);
    }

  /* Templates that disappeared, unless the user has edits in them that would be lost. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->templates));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr (HeraldTemplate) template =
          g_list_model_get_item (G_LIST_MODEL (self->templates), i - 1);

      if (!is_template_directory (herald_template_get_directory (template)) &&
          !herald_template_get_modified (template))
        g_list_store_remove (self->templates, i - 1);
    }
}

static HeraldTemplate *
find_template_for_path (HeraldLibrary *self, const char *path)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->templates));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldTemplate) template =
          g_list_model_get_item (G_LIST_MODEL (self->templates), i);
      const char *dir = herald_template_get_directory (template);
      gsize len = strlen (dir);

      if (strncmp (path, dir, len) == 0 && path[len] == G_DIR_SEPARATOR)
        return template;
    }

  return NULL;
}

static void
dispatch_path (HeraldLibrary *self, const char *path)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *templates_dir = g_build_filename (self->directory, "templates", NULL);
  g_autofree char *po_dir = g_build_filename (self->directory, "po", NULL);
  HeraldTemplate *template;

  if (g_str_equal (parent, templates_dir))
    {
      rescan_templates (self);
      return;
    }

  if (g_str_equal (parent, po_dir))
    {
      if (g_str_has_suffix (base, ".po") || g_str_has_suffix (base, ".pot") ||
          g_str_equal (base, "LINGUAS"))
        g_signal_emit (self, signals[PO_CHANGED], 0, path);
      return;
    }

  if (g_str_equal (parent, self->directory))
    {
      if (g_str_equal (base, "herald.json") && read_library_json (self, NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
      else if (g_str_equal (base, "po") && g_file_test (path, G_FILE_TEST_IS_DIR))
        monitor_directory (self, path);
      return;
    }

  template = find_template_for_path (self, path);
  if (template == NULL)
    return;

  if (g_str_equal (base, "scenarios") && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      monitor_directory (self, path);
      return;
    }

  _herald_template_file_changed (template, path);
}

static gboolean
settle_cb (gpointer user_data)
{
  HeraldLibrary *self = user_data;
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  self->settle_source = 0;

  g_hash_table_iter_init (&iter, self->pending_paths);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_ptr_array_add (paths, key);
      g_hash_table_iter_steal (&iter);
    }

  g_object_ref (self);
  for (guint i = 0; i < paths->len; i++)
    dispatch_path (self, g_ptr_array_index (paths, i));
  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

static void
queue_path (HeraldLibrary *self, GFile *file)
{
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;

  if (file == NULL)
    return;

  path = g_file_get_path (file);
  base = g_path_get_basename (path);
  /* Our own and other editors' temporary files. */
  if (base[0] == '.' || g_str_has_suffix (base, "~"))
    return;

  g_hash_table_add (self->pending_paths, g_steal_pointer (&path));
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->settle_source = g_timeout_add (MONITOR_SETTLE_MS, settle_cb, self);
}

static void
monitor_changed_cb (GFileMonitor *monitor,
                    GFile *file,
                    GFile *other_file,
                    GFileMonitorEvent event,
                    gpointer user_data)
{
  HeraldLibrary *self = user_data;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_RENAMED:
      queue_path (self, file);
      queue_path (self, other_file);
      break;
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
      queue_path (self, file);
      break;
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}

static void
monitor_directory (HeraldLibrary *self, const char *path)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  GFileMonitor *monitor;

  if (self->monitors == NULL || g_hash_table_contains (self->monitors, path))
    return;

  file = g_file_new_for_path (path);
  monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (monitor == NULL)
    {
      g_debug ("Cannot watch %s: %s", path, error->message);
      return;
    }

  g_signal_connect (monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
  g_hash_table_insert (self->monitors, g_strdup (path), monitor);
}

static void
stop_monitor (gpointer data)
{
  GFileMonitor *monitor = data;

  g_signal_handlers_disconnect_matched (monitor, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        monitor_changed_cb, NULL);
  g_file_monitor_cancel (monitor);
  g_object_unref (monitor);
}

/* Watches the library folder so that another editor's save, a git pull or a translator's
 * new .po reach the open library. Must be called from the thread whose main context should
 * receive the changes. */
void
herald_library_set_monitored (HeraldLibrary *self, gboolean monitored)
{
  g_autofree char *templates_dir = NULL;
  g_autofree char *po_dir = NULL;
  guint n;

  g_return_if_fail (HERALD_IS_LIBRARY (self));

  if (monitored == herald_library_get_monitored (self))
    return;

  if (!monitored)
    {
      g_clear_pointer (&self->monitors, g_hash_table_unref);
      g_clear_handle_id (&self->settle_source, g_source_remove);
      g_hash_table_remove_all (self->pending_paths);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITORED]);
      return;
    }

  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stop_monitor);

  templates_dir = g_build_filename (self->directory, "templates", NULL);
  po_dir = g_build_filename (self->directory, "po", NULL);
  monitor_directory (self, self->directory);
  monitor_directory (self, templates_dir);
  if (g_file_test (po_dir, G_FILE_TEST_IS_DIR))
    monitor_directory (self, po_dir);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->templates));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldTemplate) template =
          g_list_model_get_item (G_LIST_MODEL (self->templates), i);

      monitor_template_directory (self, herald_template_get_directory (template));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITORED]);
}

gboolean
herald_library_get_monitored (HeraldLibrary *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY (self), FALSE);
  return self->monitors != NULL;
}

/* Template operations (herald-template-ops.c) */

static void
forget_template_directory (HeraldLibrary *self, const char *directory)
{
  g_autofree char *scenarios = g_build_filename (directory, "scenarios", NULL);

  /* A watch follows the folder's inode, and would report the new files under the old name. */
  if (self->monitors == NULL)
    return;
  g_hash_table_remove (self->monitors, directory);
  g_hash_table_remove (self->monitors, scenarios);
}

void
_herald_library_add_template (HeraldLibrary *self, HeraldTemplate *template)
{
  g_return_if_fail (HERALD_IS_LIBRARY (self));
  g_return_if_fail (HERALD_IS_TEMPLATE (template));

  connect_template (self, template);
  g_list_store_insert_sorted (self->templates, template, compare_templates, NULL);
  if (self->monitors != NULL)
    monitor_template_directory (self, herald_template_get_directory (template));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

void
_herald_library_remove_template (HeraldLibrary *self, HeraldTemplate *template)
{
  guint position;

  g_return_if_fail (HERALD_IS_LIBRARY (self));
  g_return_if_fail (HERALD_IS_TEMPLATE (template));

  forget_template_directory (self, herald_template_get_directory (template));
  g_signal_handlers_disconnect_by_func (template, template_modified_cb, self);
  if (g_list_store_find (self->templates, template, &position))
    g_list_store_remove (self->templates, position);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

void
_herald_library_template_moved (HeraldLibrary *self,
                                HeraldTemplate *template,
                                const char *old_directory)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint old_position;
  guint new_position = 0;
  guint n;
  guint first;
  guint last;

  g_return_if_fail (HERALD_IS_LIBRARY (self));
  g_return_if_fail (HERALD_IS_TEMPLATE (template));

  forget_template_directory (self, old_directory);
  if (self->monitors != NULL)
    monitor_template_directory (self, herald_template_get_directory (template));

  if (!g_list_store_find (self->templates, template, &old_position))
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->templates));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldTemplate) other = g_list_model_get_item (G_LIST_MODEL (self->templates), i);

      if (other != template && compare_templates (other, template, NULL) < 0)
        new_position++;
    }
  if (new_position == old_position)
    return;

  /* One splice over the range between the two places: GtkSingleSelection finds its item
   * again among what a change adds, where a remove then an insert would select another. */
  first = MIN (old_position, new_position);
  last = MAX (old_position, new_position);
  for (guint i = first; i <= last; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->templates), i));
  g_ptr_array_remove (items, template);
  g_ptr_array_insert (items, new_position - first, g_object_ref (template));
  g_list_store_splice (self->templates, first, last - first + 1, items->pdata, items->len);
}
