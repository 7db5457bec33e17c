/* herald-test-send.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-mailjet"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-json-util.h"
#include "herald-l10n-library.h"
#include "herald-localizer.h"
#include "herald-pseudo-locale.h"
#include "herald-test-send.h"

static HeraldLocalizedTemplate *
localize (HeraldLibrary *library, HeraldTemplate *template, const char *locale, GError **error)
{
  g_autofree char *po_path = herald_l10n_dup_po_path (library, locale);

  /* An untranslated locale still sends: the source text is what its readers get today.
   * Even then the template goes through the localizer, which compiles Herald's plural
   * blocks into plain Mailjet {% if %} chains, the only language Mailjet knows. */
  if (po_path != NULL && !herald_is_pseudo_locale (locale) &&
      !g_file_test (po_path, G_FILE_TEST_EXISTS))
    locale = NULL;

  return herald_l10n_localize (library, template, locale, NULL, error);
}

gboolean
herald_test_send_add_variants (HeraldSendRequest *request,
                               HeraldLibrary *library,
                               HeraldTemplate *template,
                               const char *const *locales,
                               GPtrArray *scenarios,
                               GError **error)
{
  const char *source_only[] = { herald_library_get_source_locale (library), NULL };
  g_autoptr (GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *all = herald_template_get_scenarios (template);

  if (scenarios && scenarios->len > 0)
    for (guint i = 0; i < scenarios->len; i++)
      g_ptr_array_add (chosen, g_object_ref (g_ptr_array_index (scenarios, i)));
  else if (g_list_model_get_n_items (all) > 0)
    g_ptr_array_add (chosen, g_list_model_get_item (all, 0));

  if (locales == NULL || locales[0] == NULL)
    locales = source_only;

  for (guint l = 0; locales[l]; l++)
    {
      g_autoptr (HeraldLocalizedTemplate) localized = NULL;
      g_autoptr (GError) local_error = NULL;
      HeraldSendContent content = { NULL };

      if (!(localized = localize (library, template, locales[l], &local_error)) && local_error)
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _ ("The “%s” version cannot be made: %s"), locales[l], local_error->message);
          return FALSE;
        }
      if (localized)
        {
          content.subject = herald_localized_template_get_part (localized, HERALD_PART_SUBJECT);
          content.preheader = herald_localized_template_get_part (localized, HERALD_PART_PREHEADER);
          content.html = herald_localized_template_get_part (localized, HERALD_PART_HTML);
          content.text = herald_localized_template_get_part (localized, HERALD_PART_TEXT);
        }

      if (chosen->len == 0 && !herald_send_request_add_variant (request, template, locales[l], NULL,
                                                                localized ? &content : NULL, error))
        return FALSE;
      for (guint s = 0; s < chosen->len; s++)
        if (!herald_send_request_add_variant (request, template, locales[l],
                                              g_ptr_array_index (chosen, s),
                                              localized ? &content : NULL, error))
          return FALSE;
    }

  return TRUE;
}

typedef struct
{
  HeraldMailjetClient *client;
  HeraldSendRequest *request;
  HeraldSendResult *all;
  guint batch;
  char **unknown; /* CustomIDs of the call whose outcome is unknown */
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_object_unref (run->client);
  g_object_unref (run->request);
  g_object_unref (run->all);
  g_strfreev (run->unknown);
  g_free (run);
}

static void send_next (GTask *task);

static char **
batch_custom_ids (JsonNode *batch)
{
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  JsonArray *messages =
      JSON_NODE_HOLDS_OBJECT (batch)
          ? herald_json_object_get_array_or_null (json_node_get_object (batch), "Messages")
          : NULL;

  for (guint i = 0; messages && i < json_array_get_length (messages); i++)
    {
      const char *id = herald_json_object_get_string_or (
          herald_json_array_get_object_or_null (messages, i), "CustomID", NULL);

      if (id && *id)
        g_strv_builder_add (ids, id);
    }
  return g_strv_builder_end (ids);
}

static void
batch_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RunData *run = g_task_get_task_data (task);
  g_autoptr (HeraldSendResult) batch = NULL;
  GError *error = NULL;

  if (!(batch = herald_mailjet_client_send_finish (run->client, result, &error)))
    {
      if (herald_mailjet_error_is_outcome_unknown (error))
        run->unknown = batch_custom_ids (herald_send_request_get_batch (run->request, run->batch));
      g_task_return_error (task, error);
      return;
    }
  herald_send_result_append (run->all, batch);
  run->batch++;
  send_next (g_steal_pointer (&task));
}

static void
send_next (GTask *task)
{
  RunData *run = g_task_get_task_data (task);

  if (run->batch >= herald_send_request_get_n_batches (run->request))
    {
      g_task_return_pointer (task, g_object_ref (run->all), g_object_unref);
      g_object_unref (task);
      return;
    }

  herald_mailjet_client_send_async (run->client,
                                    herald_send_request_get_batch (run->request, run->batch),
                                    g_task_get_cancellable (task), batch_done, task);
}

void
herald_test_send_run_async (HeraldMailjetClient *client,
                            HeraldSendRequest *request,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  GTask *task;
  RunData *run;

  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (client));
  g_return_if_fail (HERALD_IS_SEND_REQUEST (request));

  run = g_new0 (RunData, 1);
  run->client = g_object_ref (client);
  run->request = g_object_ref (request);
  run->all = herald_send_result_new ();
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_test_send_run_async);
  g_task_set_task_data (task, run, run_data_free);
  send_next (task);
}

HeraldSendResult *
herald_test_send_run_finish (GAsyncResult *result,
                             HeraldSendResult **sent_before_error,
                             GError **error)
{
  GTask *task = G_TASK (result);
  RunData *run = g_task_get_task_data (task);
  HeraldSendResult *ret = g_task_propagate_pointer (task, error);

  if (ret == NULL && sent_before_error && herald_send_result_get_n_outcomes (run->all) > 0)
    *sent_before_error = g_object_ref (run->all);

  return ret;
}

char **
herald_test_send_run_dup_unknown_custom_ids (GAsyncResult *result)
{
  RunData *run;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  run = g_task_get_task_data (G_TASK (result));
  return run->unknown ? g_strdupv (run->unknown) : NULL;
}
