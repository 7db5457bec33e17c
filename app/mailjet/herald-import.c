/* herald-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-import"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-import.h"
#include "herald-json-util.h"

/* Mailjet answers at most this many templates per list call (reference §2.3). */
#define LIST_PAGE 1000

struct _HeraldImport
{
  GObject parent_instance;
  char *directory;
  GPatternSpec *pattern;
  double fraction;
  GPtrArray *rows; /* HeraldImportRow */
};

G_DEFINE_FINAL_TYPE (HeraldImport, herald_import, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
herald_import_finalize (GObject *object)
{
  HeraldImport *self = (HeraldImport *) object;

  g_free (self->directory);
  g_clear_pointer (&self->pattern, g_pattern_spec_free);
  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (herald_import_parent_class)->finalize (object);
}

static void
herald_import_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HeraldImport *self = HERALD_IMPORT (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_import_class_init (HeraldImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_import_finalize;
  object_class->get_property = herald_import_get_property;

  properties[PROP_FRACTION] =
      g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_import_init (HeraldImport *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_import_row_free);
}

HeraldImport *
herald_import_new (const char *directory, const char *name_pattern)
{
  HeraldImport *self = g_object_new (HERALD_TYPE_IMPORT, NULL);

  g_return_val_if_fail (directory != NULL, NULL);

  self->directory = g_strdup (directory);
  if (name_pattern != NULL && *name_pattern != '\0')
    self->pattern = g_pattern_spec_new (name_pattern);
  return self;
}

const char *
herald_import_get_directory (HeraldImport *self)
{
  g_return_val_if_fail (HERALD_IS_IMPORT (self), NULL);
  return self->directory;
}

double
herald_import_get_fraction (HeraldImport *self)
{
  g_return_val_if_fail (HERALD_IS_IMPORT (self), 0);
  return self->fraction;
}

static void
set_fraction (HeraldImport *self, double fraction)
{
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

guint
herald_import_get_n_rows (HeraldImport *self)
{
  g_return_val_if_fail (HERALD_IS_IMPORT (self), 0);
  return self->rows->len;
}

const HeraldImportRow *
herald_import_get_row (HeraldImport *self, guint index)
{
  g_return_val_if_fail (HERALD_IS_IMPORT (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, index);
}

/* ---------------------------------------------------------------------------------------- */
/* Reading the account                                                                       */

typedef struct
{
  HeraldMailjetClient *client;
  guint offset;
  GPtrArray *sources; /* HeraldImportSource */
  guint next;         /* the source whose content is read next */
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_object_unref (run->client);
  g_ptr_array_unref (run->sources);
  g_free (run);
}

/* From: "\"Name\" <email>", "Name <email>" or a bare address (reference §7.2); the .NET
 * client's SenderName and SenderEmail when there is no From. */
static void
read_sender (HeraldImportSource *source, JsonObject *headers)
{
  const char *from = herald_json_object_get_string_or (headers, "From", NULL);
  const char *open;
  const char *close;

  if (from == NULL || *from == '\0')
    {
      source->from_email =
          g_strdup (herald_json_object_get_string_or (headers, "SenderEmail", NULL));
      source->from_name = g_strdup (herald_json_object_get_string_or (headers, "SenderName", NULL));
      return;
    }
  open = strrchr (from, '<');
  close = open ? strchr (open, '>') : NULL;
  if (open == NULL || close == NULL)
    {
      source->from_email = g_strstrip (g_strdup (from));
      source->from_name = g_strdup (herald_json_object_get_string_or (headers, "SenderName", NULL));
      return;
    }
  source->from_email = g_strstrip (g_strndup (open + 1, close - open - 1));
  source->from_name = g_strstrip (g_strndup (from, open - from));
  if (source->from_name[0] == '"' && strlen (source->from_name) >= 2 &&
      g_str_has_suffix (source->from_name, "\""))
    {
      char *unquoted = g_strndup (source->from_name + 1, strlen (source->from_name) - 2);

      g_free (source->from_name);
      source->from_name = unquoted;
    }
}

static void read_next (GTask *task);
static void list_page (GTask *task);

static void
library_written (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  HeraldImport *self = g_task_get_source_object (task);
  GError *error = NULL;
  GPtrArray *rows = g_task_propagate_pointer (G_TASK (result), &error);

  if (rows == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_ptr_array_unref (self->rows);
  self->rows = rows;
  set_fraction (self, 1);
  g_task_return_boolean (task, TRUE);
}

static void
write_in_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  HeraldImport *self = source_object;
  GPtrArray *sources = task_data;
  GError *error = NULL;
  GPtrArray *rows = herald_import_write_library (sources, self->directory, NULL, &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

/* The extraction and the writing take a while for a large account: off the main thread. */
static void
write_library (GTask *task)
{
  RunData *run = g_task_get_task_data (task);
  GTask *writer;

  if (run->sources->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  writer = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                       library_written, task);
  /* The thread reads only the sources, which nothing else touches meanwhile. */
  g_task_set_task_data (writer, g_ptr_array_ref (run->sources), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (writer, write_in_thread);
  g_object_unref (writer);
}

static void
content_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  HeraldImport *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  HeraldImportSource *source = g_ptr_array_index (run->sources, run->next);
  g_autoptr (JsonObject) content = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *headers_node;
  JsonObject *headers;

  content = herald_mailjet_client_template_content_finish (HERALD_MAILJET_CLIENT (object), result,
                                                           &error);
  if (content == NULL)
    {
      g_task_return_new_error (
          task, error->domain, error->code,
          _ ("The template “%s” cannot be read from Mailjet, so nothing was imported: %s"),
          source->name, error->message);
      g_object_unref (task);
      return;
    }
  headers_node = json_object_get_member (content, "Headers");
  headers = headers_node && JSON_NODE_HOLDS_OBJECT (headers_node)
                ? json_node_get_object (headers_node)
                : NULL;
  source->html = g_strdup (herald_json_object_get_string_or (content, "Html-part", NULL));
  source->text = g_strdup (herald_json_object_get_string_or (content, "Text-part", NULL));
  source->subject = g_strdup (herald_json_object_get_string_or (headers, "Subject", NULL));
  read_sender (source, headers);

  run->next++;
  /* Reading is most of the time; writing the rest. */
  set_fraction (self, 0.9 * run->next / run->sources->len);
  read_next (task);
}

static void
read_next (GTask *task)
{
  RunData *run = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (run->next >= run->sources->len)
    {
      write_library (task);
      return;
    }
  herald_mailjet_client_template_content_async (
      run->client, ((HeraldImportSource *) g_ptr_array_index (run->sources, run->next))->mailjet_id,
      NULL, g_task_get_cancellable (task), content_read, task);
}

static void
page_listed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  HeraldImport *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  g_autoptr (JsonArray) page = NULL;
  g_autoptr (GError) error = NULL;
  guint n;

  page = herald_mailjet_client_get_finish (HERALD_MAILJET_CLIENT (object), result, &error);
  if (page == NULL)
    {
      g_task_return_new_error (
          task, error->domain, error->code,
          _ ("The account’s templates cannot be listed, so nothing was imported: %s"),
          error->message);
      g_object_unref (task);
      return;
    }
  n = json_array_get_length (page);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *template = json_array_get_object_element (page, i);
      const char *name = herald_json_object_get_string_or (template, "Name", NULL);
      gint64 id = template ? json_object_get_int_member_with_default (template, "ID", 0) : 0;
      HeraldImportSource *source;

      if (name == NULL || id <= 0 ||
          (self->pattern != NULL && !g_pattern_spec_match_string (self->pattern, name)))
        continue;
      source = herald_import_source_new (id, name);
      source->locale = herald_import_locale_from_mailjet (
          herald_json_object_get_string_or (template, "Locale", NULL));
      g_ptr_array_add (run->sources, source);
    }
  if (n >= LIST_PAGE)
    {
      run->offset += n;
      list_page (task);
      return;
    }
  read_next (task);
}

static void
list_page (GTask *task)
{
  RunData *run = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf (
      "/v3/REST/template?OwnerType=apikey&Purposes=transactional&Limit=%d&Offset=%u", LIST_PAGE,
      run->offset);

  herald_mailjet_client_get_async (run->client, path, g_task_get_cancellable (task), page_listed,
                                   task);
}

void
herald_import_run_async (HeraldImport *self,
                         HeraldMailjetClient *client,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  GTask *task;
  RunData *run;
  GError *error = NULL;

  g_return_if_fail (HERALD_IS_IMPORT (self));
  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (client));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_import_run_async);
  g_ptr_array_set_size (self->rows, 0);
  set_fraction (self, 0);
  /* Before the account is read: a full folder is known at once. */
  if (!herald_import_check_directory (self->directory, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  run = g_new0 (RunData, 1);
  run->client = g_object_ref (client);
  run->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_import_source_free);
  g_task_set_task_data (task, run, run_data_free);
  list_page (task);
}

gboolean
herald_import_run_finish (HeraldImport *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
