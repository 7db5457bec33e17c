/* herald-publish.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-publish"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-l10n-library.h"
#include "herald-json-util.h"
#include "herald-lint.h"
#include "herald-publish.h"
#include "herald-send-request.h"
#include "herald-test-send.h"

/* Mailjet answers at most this many templates per list call (reference §2.3). */
#define LIST_PAGE 1000

struct _HeraldPublish
{
  GObject parent_instance;
  GPtrArray *rows; /* HeraldPublishRow */
};

G_DEFINE_FINAL_TYPE (HeraldPublish, herald_publish, G_TYPE_OBJECT)

static void
row_free (gpointer data)
{
  HeraldPublishRow *row = data;

  g_free (row->template_id);
  g_free (row->locale);
  g_free (row->mailjet_locale);
  g_free (row->marker);
  g_clear_pointer (&row->content, json_object_unref);
  g_free (row->first_lint_error);
  g_free (row->diff);
  g_free (row->error);
  g_free (row);
}

static void
herald_publish_finalize (GObject *object)
{
  HeraldPublish *self = (HeraldPublish *) object;

  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (herald_publish_parent_class)->finalize (object);
}

static void
herald_publish_class_init (HeraldPublishClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_publish_finalize;
}

static void
herald_publish_init (HeraldPublish *self)
{
  self->rows = g_ptr_array_new_with_free_func (row_free);
}

/* Each state's name in the CLI's JSON and its label for people, side by side so that a new
 * state gets both. */
static const struct
{
  const char *name;
  const char *label;
} state_names[] = {
  [HERALD_PUBLISH_PENDING] = { "pending", N_ ("not done") },
  [HERALD_PUBLISH_NEW] = { "new", N_ ("new") },
  [HERALD_PUBLISH_CHANGED] = { "changed", N_ ("changed") },
  [HERALD_PUBLISH_UNCHANGED] = { "unchanged", N_ ("unchanged") },
  [HERALD_PUBLISH_CREATED] = { "created", N_ ("created") },
  [HERALD_PUBLISH_UPDATED] = { "updated", N_ ("updated") },
  [HERALD_PUBLISH_REFUSED] = { "refused", N_ ("refused") },
  [HERALD_PUBLISH_FAILED] = { "failed", N_ ("failed") },
};

const char *
herald_publish_state_to_string (HeraldPublishState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    state = HERALD_PUBLISH_FAILED;
  return state_names[state].name;
}

const char *
herald_publish_state_get_label (HeraldPublishState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    state = HERALD_PUBLISH_PENDING;
  return _ (state_names[state].label);
}

char *
herald_publish_marker (const char *library_name, const char *template_id, const char *locale)
{
  return g_strdup_printf ("herald:%s/%s/%s", library_name, template_id, locale);
}

char *
herald_publish_mailjet_locale (const char *locale)
{
  /* The usual country of a bare language; Mailjet wants a region. */
  static const char *const regions[][2] = {
    { "en", "US" }, { "da", "DK" }, { "sv", "SE" }, { "nb", "NO" }, { "ja", "JP" },
    { "cs", "CZ" }, { "el", "GR" }, { "ko", "KR" }, { "zh", "CN" }, { "uk", "UA" },
  };
  g_autofree char *copy = g_strdup (locale);
  g_auto (GStrv) subtags = NULL;
  g_autofree char *language = NULL;
  g_autofree char *region = NULL;

  /* "sr@latin": the modifier has no place in Mailjet's spelling. */
  copy[strcspn (copy, "@")] = '\0';
  subtags = g_strsplit_set (copy, "-_", -1);
  language = g_ascii_strdown (subtags[0] ? subtags[0] : "", -1);
  /* "zh-Hant-TW": the region is the two-letter (or three-digit) subtag, not the script. */
  for (guint i = 1; subtags[i] != NULL && region == NULL; i++)
    if (strlen (subtags[i]) == 2 || (strlen (subtags[i]) == 3 && g_ascii_isdigit (subtags[i][0])))
      region = g_ascii_strup (subtags[i], -1);
  for (guint i = 0; region == NULL && i < G_N_ELEMENTS (regions); i++)
    if (g_str_equal (language, regions[i][0]))
      region = g_strdup (regions[i][1]);
  if (region == NULL)
    region = g_ascii_strup (language, -1);
  return g_strdup_printf ("%s_%s", language, region);
}

/* The content a test send "rendered by Mailjet" carries, taken from the very request such a
 * send would build, so that what production sends cannot drift from what was tested. */
static JsonObject *
build_content (HeraldLibrary *library,
               HeraldTemplate *template,
               const char *locale,
               const char *from_email,
               const char *from_name,
               GError **error)
{
  g_autoptr (HeraldSendRequest) request = herald_send_request_new (HERALD_SEND_MODE_MAILJET);
  const char *const locales[] = { locale, NULL };
  JsonObject *message;
  JsonObject *content;
  JsonObject *headers;
  const char *html;
  const char *text;

  herald_send_request_set_from (request, from_email, from_name);
  herald_send_request_add_recipient (request, "publish@herald.invalid", NULL);
  if (!herald_test_send_add_variants (request, library, template, locales, NULL, error) ||
      !herald_send_request_build (request, error))
    return NULL;

  message = json_array_get_object_element (
      json_object_get_array_member (
          json_node_get_object (herald_send_request_get_batch (request, 0)), "Messages"),
      0);
  html = json_object_get_string_member_with_default (message, "HTMLPart", "");
  text = json_object_get_string_member_with_default (message, "TextPart", "");

  headers = json_object_new ();
  if (from_name != NULL && *from_name != '\0')
    {
      g_autofree char *from = g_strdup_printf ("\"%s\" <%s>", from_name, from_email);

      json_object_set_string_member (headers, "From", from);
    }
  else
    json_object_set_string_member (headers, "From", from_email);
  json_object_set_string_member (headers, "Subject",
                                 json_object_get_string_member (message, "Subject"));

  content = json_object_new ();
  json_object_set_object_member (content, "Headers", headers);
  json_object_set_string_member (content, "Html-part", html);
  json_object_set_string_member (content, "Text-part", text);
  return content;
}

static void
count_lint_errors (HeraldPublishRow *row, GPtrArray *diagnostics)
{
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      HeraldDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (herald_diagnostic_get_severity (d) < HERALD_SEVERITY_ERROR)
        continue;
      if (row->n_lint_errors++ == 0)
        row->first_lint_error = herald_diagnostic_to_string (d);
    }
}

static gboolean
has_catalogue (HeraldLibrary *library, const char *locale)
{
  g_autofree char *po_path = herald_l10n_dup_po_path (library, locale);

  return po_path == NULL || g_file_test (po_path, G_FILE_TEST_EXISTS);
}

static gboolean
add_rows (HeraldPublish *self,
          HeraldLibrary *library,
          HeraldTemplate *template,
          const char *const *locales,
          const char *from_email,
          const char *from_name,
          GError **error)
{
  g_autoptr (GPtrArray) template_lint = herald_lint_template (template);

  for (guint l = 0; locales[l] != NULL; l++)
    {
      HeraldPublishRow *row = g_new0 (HeraldPublishRow, 1);
      g_autoptr (GPtrArray) locale_lint = NULL;
      g_autoptr (GError) local_error = NULL;

      g_ptr_array_add (self->rows, row);
      row->template_id = g_strdup (herald_template_get_id (template));
      row->locale = g_strdup (locales[l]);
      row->mailjet_locale = herald_publish_mailjet_locale (locales[l]);
      row->marker =
          herald_publish_marker (herald_library_get_name (library), row->template_id, row->locale);
      count_lint_errors (row, template_lint);
      /* The source locale has no catalogue: the template's own checks are its checks. A
       * locale not translated yet publishes the source text, as a test send sends it. */
      if (g_strcmp0 (locales[l], herald_library_get_source_locale (library)) != 0 &&
          has_catalogue (library, locales[l]))
        {
          locale_lint = herald_l10n_lint_locale (library, template, locales[l], &local_error);
          if (locale_lint == NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          count_lint_errors (row, locale_lint);
        }
      row->content = build_content (library, template, locales[l], from_email, from_name, error);
      if (row->content == NULL)
        return FALSE;
    }
  return TRUE;
}

HeraldPublish *
herald_publish_new (HeraldLibrary *library,
                    const char *const *template_ids,
                    const char *const *locales,
                    const char *fallback_from_email,
                    const char *fallback_from_name,
                    GError **error)
{
  g_autoptr (HeraldPublish) self = g_object_new (HERALD_TYPE_PUBLISH, NULL);
  g_autoptr (GPtrArray) all_locales = g_ptr_array_new ();
  const char *from_email = herald_library_get_from_email (library);
  const char *from_name = herald_library_get_from_name (library);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (library));

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);

  if (from_email == NULL || *from_email == '\0')
    {
      from_email = fallback_from_email;
      from_name = fallback_from_name;
    }
  if (from_email == NULL || *from_email == '\0')
    {
      g_set_error_literal (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_BAD_REQUEST,
                           _ ("There is no sender address: set the library’s From address or the "
                              "account’s default sender."));
      return NULL;
    }

  if (locales == NULL || locales[0] == NULL)
    {
      const char *const *targets = herald_library_get_target_locales (library);

      g_ptr_array_add (all_locales, (gpointer) herald_library_get_source_locale (library));
      for (guint i = 0; targets != NULL && targets[i] != NULL; i++)
        g_ptr_array_add (all_locales, (gpointer) targets[i]);
      g_ptr_array_add (all_locales, NULL);
      locales = (const char *const *) all_locales->pdata;
    }

  for (guint i = 0; template_ids != NULL && template_ids[i] != NULL; i++)
    if (herald_library_find_template (library, template_ids[i]) == NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _ ("The library has no template “%s”."), template_ids[i]);
        return NULL;
      }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldTemplate) template = g_list_model_get_item (G_LIST_MODEL (library), i);

      if (template_ids != NULL && template_ids[0] != NULL &&
          !g_strv_contains (template_ids, herald_template_get_id (template)))
        continue;
      if (!add_rows (self, library, template, locales, from_email, from_name, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

guint
herald_publish_get_n_rows (HeraldPublish *self)
{
  g_return_val_if_fail (HERALD_IS_PUBLISH (self), 0);
  return self->rows->len;
}

const HeraldPublishRow *
herald_publish_get_row (HeraldPublish *self, guint index)
{
  g_return_val_if_fail (HERALD_IS_PUBLISH (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, index);
}

guint
herald_publish_get_n_failed (HeraldPublish *self)
{
  guint n = 0;

  g_return_val_if_fail (HERALD_IS_PUBLISH (self), 0);
  for (guint i = 0; i < self->rows->len; i++)
    {
      HeraldPublishRow *row = g_ptr_array_index (self->rows, i);

      n += row->state == HERALD_PUBLISH_FAILED || row->state == HERALD_PUBLISH_REFUSED;
    }
  return n;
}

/* ---------------------------------------------------------------------------------------- */
/* Comparing with what the account holds                                                     */

static const char *
member_text (JsonObject *object, const char *name)
{
  /* Mailjet answers null for a part never set: the same as empty. */
  return herald_json_object_get_string_or (object, name, "");
}

/* A readable difference of one part: the lines between the common head and tail. */
static void
diff_part (GString *out, const char *label, const char *old_text, const char *new_text)
{
  g_auto (GStrv) a = NULL;
  g_auto (GStrv) b = NULL;
  guint na, nb, head = 0, tail = 0;

  if (g_str_equal (old_text, new_text))
    return;
  a = g_strsplit (old_text, "\n", -1);
  b = g_strsplit (new_text, "\n", -1);
  na = g_strv_length (a);
  nb = g_strv_length (b);
  while (head < na && head < nb && g_str_equal (a[head], b[head]))
    head++;
  while (tail < na - head && tail < nb - head && g_str_equal (a[na - 1 - tail], b[nb - 1 - tail]))
    tail++;
  g_string_append_printf (out, "@@ %s @@\n", label);
  for (guint i = head; i < na - tail; i++)
    g_string_append_printf (out, "-%s\n", a[i]);
  for (guint i = head; i < nb - tail; i++)
    g_string_append_printf (out, "+%s\n", b[i]);
}

/* NULL when the stored content is what the row would store. */
static char *
diff_content (JsonObject *stored, JsonObject *wanted)
{
  GString *out = g_string_new (NULL);
  JsonObject *stored_headers = herald_json_object_get_object_or_null (stored, "Headers");
  JsonObject *wanted_headers = herald_json_object_get_object_or_null (wanted, "Headers");

  diff_part (out, "Subject", member_text (stored_headers, "Subject"),
             member_text (wanted_headers, "Subject"));
  diff_part (out, "From", member_text (stored_headers, "From"),
             member_text (wanted_headers, "From"));
  diff_part (out, "Html-part", member_text (stored, "Html-part"),
             member_text (wanted, "Html-part"));
  diff_part (out, "Text-part", member_text (stored, "Text-part"),
             member_text (wanted, "Text-part"));
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------------------------- */
/* The run: list once, then each row in turn                                                 */

typedef struct
{
  HeraldMailjetClient *client;
  gboolean dry_run;
  gboolean force;
  GHashTable *found; /* marker → JsonObject, the template as listed */
  guint offset;
  guint row;
  gboolean properties_differ; /* of the current row */
  gboolean content_differs;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_object_unref (run->client);
  g_hash_table_unref (run->found);
  g_free (run);
}

static void next_row (GTask *task);
static void list_page (GTask *task);

static HeraldPublishRow *
current_row (GTask *task)
{
  HeraldPublish *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);

  return g_ptr_array_index (self->rows, run->row);
}

/* Every row ends here, whatever became of it: the run goes on with the next one. */
static void
row_done (GTask *task, HeraldPublishState state)
{
  RunData *run = g_task_get_task_data (task);

  current_row (task)->state = state;
  run->row++;
  next_row (task);
}

static void
row_failed (GTask *task, const GError *error)
{
  HeraldPublishRow *row = current_row (task);

  g_free (row->error);
  row->error = g_strdup (error->message);
  row_done (task, HERALD_PUBLISH_FAILED);
}

static void
content_written (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr (JsonObject) written = NULL;
  g_autoptr (GError) error = NULL;
  HeraldPublishRow *row = current_row (task);

  written = herald_mailjet_client_template_content_finish (HERALD_MAILJET_CLIENT (object), result,
                                                           &error);
  if (written == NULL)
    {
      row_failed (task, error);
      return;
    }
  row_done (task,
            row->state == HERALD_PUBLISH_NEW ? HERALD_PUBLISH_CREATED : HERALD_PUBLISH_UPDATED);
}

static void
write_content (GTask *task)
{
  HeraldPublishRow *row = current_row (task);
  RunData *run = g_task_get_task_data (task);

  /* POST replaces every part (reference §7.2), so nothing stale survives an update. */
  herald_mailjet_client_template_content_async (run->client, row->mailjet_id, row->content,
                                                g_task_get_cancellable (task), content_written,
                                                task);
}

static void
template_created (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr (JsonObject) created = NULL;
  g_autoptr (GError) error = NULL;
  HeraldPublishRow *row = current_row (task);

  created =
      herald_mailjet_client_save_template_finish (HERALD_MAILJET_CLIENT (object), result, &error);
  if (created == NULL)
    {
      row_failed (task, error);
      return;
    }
  row->mailjet_id = json_object_get_int_member_with_default (created, "ID", 0);
  if (row->mailjet_id <= 0)
    {
      g_autoptr (GError) missing =
          g_error_new_literal (HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_INVALID_RESPONSE,
                               _ ("Mailjet created the template but did not say its ID."));

      row_failed (task, missing);
      return;
    }
  write_content (task);
}

/* What makes a stored template one of Herald's: transactional, in Mailjet's spelling of the
 * locale, edited as HTML. These are also checked, and put back, on every publish. */
static JsonObject *
kept_properties (const HeraldPublishRow *row)
{
  JsonObject *properties = json_object_new ();
  JsonArray *purposes = json_array_new ();

  json_array_add_string_element (purposes, "transactional");
  json_object_set_string_member (properties, "Locale", row->mailjet_locale);
  json_object_set_int_member (properties, "EditMode", 2);
  json_object_set_array_member (properties, "Purposes", purposes);
  return properties;
}

static char *
purposes_text (JsonObject *template)
{
  JsonNode *node = json_object_get_member (template, "Purposes");
  g_autoptr (GString) text = g_string_new (NULL);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        JsonNode *element = json_array_get_element (json_node_get_array (node), i);

        if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
          g_string_append_printf (text, "%s%s", text->len ? "," : "",
                                  json_node_get_string (element));
      }
  else
    g_string_append (text, member_text (template, "Purposes"));
  return g_strdup (text->str);
}

/* NULL when the listed template already has the properties Herald keeps. */
static char *
diff_properties (JsonObject *found, const HeraldPublishRow *row)
{
  GString *out = g_string_new (NULL);
  g_autofree char *purposes = purposes_text (found);
  g_autofree char *edit_mode = g_strdup_printf (
      "%" G_GINT64_FORMAT, json_object_get_int_member_with_default (found, "EditMode", 0));

  diff_part (out, "Locale", member_text (found, "Locale"), row->mailjet_locale);
  diff_part (out, "Purposes", purposes, "transactional");
  diff_part (out, "EditMode", edit_mode, "2");
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static void
create_template (GTask *task)
{
  HeraldPublishRow *row = current_row (task);
  RunData *run = g_task_get_task_data (task);
  g_autoptr (JsonObject) properties = kept_properties (row);
  /* Not translated: the same library must describe its templates the same way from every
   * machine. */
  g_autofree char *description =
      g_strdup_printf ("%s (%s), published by Herald", row->template_id, row->locale);

  json_object_set_string_member (properties, "Name", row->marker);
  json_object_set_string_member (properties, "Description", description);
  json_object_set_string_member (properties, "OwnerType", "apikey");
  json_object_set_boolean_member (properties, "IsTextPartGenerationEnabled", FALSE);
  herald_mailjet_client_save_template_async (run->client, 0, properties,
                                             g_task_get_cancellable (task), template_created, task);
}

static void
properties_saved (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr (JsonObject) saved = NULL;
  g_autoptr (GError) error = NULL;
  RunData *run = g_task_get_task_data (task);

  saved =
      herald_mailjet_client_save_template_finish (HERALD_MAILJET_CLIENT (object), result, &error);
  if (saved == NULL)
    {
      row_failed (task, error);
      return;
    }
  if (run->content_differs)
    {
      write_content (task);
      return;
    }
  row_done (task, HERALD_PUBLISH_UPDATED);
}

static void
content_read (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr (JsonObject) stored = NULL;
  g_autoptr (GError) error = NULL;
  HeraldPublishRow *row = current_row (task);
  RunData *run = g_task_get_task_data (task);

  stored = herald_mailjet_client_template_content_finish (HERALD_MAILJET_CLIENT (object), result,
                                                          &error);
  if (stored == NULL)
    {
      row_failed (task, error);
      return;
    }
  {
    g_autofree char *properties_diff =
        diff_properties (g_hash_table_lookup (run->found, row->marker), row);
    g_autofree char *content_diff = diff_content (stored, row->content);

    run->properties_differ = properties_diff != NULL;
    run->content_differs = content_diff != NULL;
    g_free (row->diff);
    row->diff = run->properties_differ || run->content_differs
                    ? g_strconcat (properties_diff ? properties_diff : "",
                                   content_diff ? content_diff : "", NULL)
                    : NULL;
  }
  if (row->diff == NULL)
    {
      row_done (task, HERALD_PUBLISH_UNCHANGED);
      return;
    }
  if (run->dry_run)
    {
      row_done (task, HERALD_PUBLISH_CHANGED);
      return;
    }
  row->state = HERALD_PUBLISH_CHANGED;
  if (run->properties_differ)
    {
      g_autoptr (JsonObject) properties = kept_properties (row);

      /* PUT changes only what it is given (reference §2.1): Name and the rest stay. */
      herald_mailjet_client_save_template_async (run->client, row->mailjet_id, properties,
                                                 g_task_get_cancellable (task), properties_saved,
                                                 task);
      return;
    }
  write_content (task);
}

/* The chain of callbacks holds one reference to the task: each step hands it on, and
 * the last one drops it. */
static void
next_row (GTask *task)
{
  HeraldPublish *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  HeraldPublishRow *row;
  JsonObject *found;

  if (run->row >= self->rows->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  row = g_ptr_array_index (self->rows, run->row);
  g_clear_pointer (&row->error, g_free);
  g_clear_pointer (&row->diff, g_free);
  found = g_hash_table_lookup (run->found, row->marker);
  row->mailjet_id = found ? json_object_get_int_member_with_default (found, "ID", 0) : 0;

  if (row->n_lint_errors > 0 && !run->force)
    {
      row->error = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "Not published: the checks find %u error: %s",
                       "Not published: the checks find %u errors; the first: %s",
                       row->n_lint_errors),
          row->n_lint_errors, row->first_lint_error);
      row_done (task, HERALD_PUBLISH_REFUSED);
      return;
    }

  if (row->mailjet_id > 0)
    {
      herald_mailjet_client_template_content_async (
          run->client, row->mailjet_id, NULL, g_task_get_cancellable (task), content_read, task);
      return;
    }

  if (run->dry_run)
    {
      row_done (task, HERALD_PUBLISH_NEW);
      return;
    }
  row->state = HERALD_PUBLISH_NEW;
  create_template (task);
}

static void
page_listed (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  RunData *run = g_task_get_task_data (task);
  g_autoptr (JsonArray) page = NULL;
  GError *error = NULL;
  guint n;

  page = herald_mailjet_client_get_finish (HERALD_MAILJET_CLIENT (object), result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  n = json_array_get_length (page);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *template = json_array_get_object_element (page, i);
      const char *name = template ? member_text (template, "Name") : "";
      gint64 id = template ? json_object_get_int_member_with_default (template, "ID", 0) : 0;

      /* The first one found wins should a marker ever be doubled by hand. */
      if (g_str_has_prefix (name, "herald:") && id > 0 && !g_hash_table_contains (run->found, name))
        g_hash_table_insert (run->found, g_strdup (name), json_object_ref (template));
    }
  if (n >= LIST_PAGE)
    {
      run->offset += n;
      list_page (task);
      return;
    }
  next_row (task);
}

static void
list_page (GTask *task)
{
  RunData *run = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("/v3/REST/template?OwnerType=apikey&Limit=%d&Offset=%u",
                                           LIST_PAGE, run->offset);

  herald_mailjet_client_get_async (run->client, path, g_task_get_cancellable (task), page_listed,
                                   task);
}

void
herald_publish_run_async (HeraldPublish *self,
                          HeraldMailjetClient *client,
                          gboolean dry_run,
                          gboolean force,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  GTask *task;
  RunData *run;

  g_return_if_fail (HERALD_IS_PUBLISH (self));
  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (client));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_publish_run_async);
  run = g_new0 (RunData, 1);
  run->client = g_object_ref (client);
  run->dry_run = dry_run;
  run->force = force;
  run->found =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  g_task_set_task_data (task, run, run_data_free);
  for (guint i = 0; i < self->rows->len; i++)
    ((HeraldPublishRow *) g_ptr_array_index (self->rows, i))->state = HERALD_PUBLISH_PENDING;
  list_page (task);
}

gboolean
herald_publish_run_finish (HeraldPublish *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
