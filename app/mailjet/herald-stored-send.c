/* herald-stored-send.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-stored-send"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-stored-send.h"

typedef struct
{
  HeraldSendRequest *request;
  HeraldPublish *publish;
  gboolean publish_first;
} PrepareData;

static void
prepare_data_free (gpointer data)
{
  PrepareData *prepare = data;

  g_object_unref (prepare->request);
  g_object_unref (prepare->publish);
  g_free (prepare);
}

static void
give_ids (HeraldSendRequest *request, HeraldPublish *publish)
{
  for (guint i = 0; i < herald_publish_get_n_rows (publish); i++)
    {
      const HeraldPublishRow *row = herald_publish_get_row (publish, i);

      herald_send_request_set_stored_template (request, row->template_id, row->locale,
                                               row->mailjet_id);
    }
}

/* After the dry run: a row that could not be compared is an error of its own; rows that
 * differ are listed so that the person can decide to publish them. */
static gboolean
check_rows (HeraldPublish *publish, GError **error)
{
  g_autoptr (GString) outdated = g_string_new (NULL);

  for (guint i = 0; i < herald_publish_get_n_rows (publish); i++)
    {
      const HeraldPublishRow *row = herald_publish_get_row (publish, i);

      switch (row->state)
        {
        case HERALD_PUBLISH_UNCHANGED:
          break;
        case HERALD_PUBLISH_NEW:
          g_string_append_printf (outdated, "\n• ");
          g_string_append_printf (outdated, _ ("“%s” (%s) is not published yet"), row->template_id,
                                  row->locale);
          break;
        case HERALD_PUBLISH_CHANGED:
          g_string_append_printf (outdated, "\n• ");
          g_string_append_printf (outdated, _ ("“%s” (%s) changed since it was published"),
                                  row->template_id, row->locale);
          break;
        default:
          g_set_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_INVALID_RESPONSE,
                       _ ("The stored template of “%s” (%s) cannot be compared with the library, "
                          "so nothing was sent: %s"),
                       row->template_id, row->locale,
                       row->error ? row->error : _ ("unknown error"));
          return FALSE;
        }
    }
  if (outdated->len == 0)
    return TRUE;
  g_set_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_STORED_OUTDATED,
               _ ("The template stored on Mailjet is not this version, so a send as production "
                  "would not send what the library holds:\n%s\n\nPublish first, or send it "
                  "rendered by Mailjet."),
               outdated->str);
  return FALSE;
}

static gboolean
check_published (HeraldPublish *publish, GError **error)
{
  for (guint i = 0; i < herald_publish_get_n_rows (publish); i++)
    {
      const HeraldPublishRow *row = herald_publish_get_row (publish, i);

      if (row->state != HERALD_PUBLISH_CREATED && row->state != HERALD_PUBLISH_UPDATED &&
          row->state != HERALD_PUBLISH_UNCHANGED)
        {
          g_set_error (error, HERALD_MAILJET_ERROR,
                       row->state == HERALD_PUBLISH_REFUSED ? HERALD_MAILJET_ERROR_BAD_REQUEST
                                                            : HERALD_MAILJET_ERROR_SERVER_ERROR,
                       _ ("“%s” (%s) was not published, so nothing was sent: %s"), row->template_id,
                       row->locale, row->error ? row->error : _ ("unknown error"));
          return FALSE;
        }
    }
  return TRUE;
}

static void
run_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  PrepareData *prepare = g_task_get_task_data (task);
  GError *error = NULL;

  if (!herald_publish_run_finish (HERALD_PUBLISH (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (
              _ ("The account’s templates cannot be listed, so nothing was sent: %s"),
              error->message);

          g_free (error->message);
          error->message = g_steal_pointer (&message);
        }
      g_task_return_error (task, error);
      return;
    }
  if (prepare->publish_first ? !check_published (prepare->publish, &error)
                             : !check_rows (prepare->publish, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  give_ids (prepare->request, prepare->publish);
  g_task_return_boolean (task, TRUE);
}

void
herald_stored_send_prepare_async (HeraldMailjetClient *client,
                                  HeraldLibrary *library,
                                  HeraldSendRequest *request,
                                  const char *fallback_from_email,
                                  const char *fallback_from_name,
                                  gboolean publish_first,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_auto (GStrv) template_ids = NULL;
  g_auto (GStrv) locales = NULL;
  g_autoptr (GError) error = NULL;
  PrepareData *prepare;
  HeraldPublish *publish;

  g_return_if_fail (HERALD_IS_MAILJET_CLIENT (client));
  g_return_if_fail (HERALD_IS_LIBRARY (library));
  g_return_if_fail (HERALD_IS_SEND_REQUEST (request));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_stored_send_prepare_async);

  template_ids = herald_send_request_dup_template_ids (request);
  locales = herald_send_request_dup_locales (request);
  if (template_ids[0] == NULL)
    {
      g_task_return_new_error (
          task, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_BAD_REQUEST, "%s",
          _ ("There is nothing to send: choose at least one locale and scenario."));
      return;
    }
  publish = herald_publish_new (library, (const char *const *) template_ids,
                                (const char *const *) locales, fallback_from_email,
                                fallback_from_name, &error);
  if (publish == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  prepare = g_new0 (PrepareData, 1);
  prepare->request = g_object_ref (request);
  prepare->publish = publish;
  prepare->publish_first = publish_first;
  g_task_set_task_data (task, prepare, prepare_data_free);

  /* The check compares even templates the checks find errors in: what is stored is what
   * goes out, errors or not. Publishing them still takes the Publish dialog's consent. */
  herald_publish_run_async (publish, client, !publish_first, !publish_first, cancellable, run_done,
                            g_steal_pointer (&task));
}

gboolean
herald_stored_send_prepare_finish (GAsyncResult *result, HeraldPublish **publish, GError **error)
{
  PrepareData *prepare;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  prepare = g_task_get_task_data (G_TASK (result));
  if (publish != NULL)
    *publish = prepare ? g_object_ref (prepare->publish) : NULL;
  return g_task_propagate_boolean (G_TASK (result), error);
}
