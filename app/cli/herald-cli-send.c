/* herald-cli-send.c: `herald-cli send`, a test send from a terminal or CI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "herald-account-store.h"
#include "herald-cli-commands.h"
#include "herald-core.h"
#include "herald-delivery-tracker.h"
#include "herald-sandbox.h"
#include "herald-send-request.h"
#include "herald-stored-send.h"
#include "herald-test-send.h"

static void
print_outcome (const HeraldSendOutcome *outcome, const HeraldSendItem *item)
{
  for (guint r = 0; r < outcome->recipients->len; r++)
    {
      HeraldSentRecipient *recipient = g_ptr_array_index (outcome->recipients, r);

      g_print (_ ("Accepted  %s  %s/%s/%s  MessageID %lld\n"), recipient->email,
               item ? item->template_id : "", item ? item->locale : "",
               item ? item->scenario_id : "", (long long) recipient->message_id);
    }
  for (guint e = 0; e < outcome->errors->len; e++)
    {
      HeraldSendError *error = g_ptr_array_index (outcome->errors, e);

      g_print (_ ("Refused   %s  %s/%s/%s  %s%s%s%s\n"),
               error->recipient ? error->recipient : (item ? item->recipient : ""),
               item ? item->template_id : "", item ? item->locale : "",
               item ? item->scenario_id : "", error->explanation,
               error->identifier ? _ (" (Mailjet error id ") : "",
               error->identifier ? error->identifier : "", error->identifier ? ")" : "");
    }
}

static void
on_delivery_status (HeraldDelivery *delivery, GParamSpec *pspec, gpointer user_data)
{
  gboolean json = GPOINTER_TO_INT (user_data);
  const char *last = g_object_get_data (G_OBJECT (delivery), "herald-cli-last");

  if (!json && last && g_str_has_prefix (herald_delivery_get_summary (delivery), "Queued") &&
      g_str_has_prefix (last, "Queued"))
    return;
  g_object_set_data_full (G_OBJECT (delivery), "herald-cli-last",
                          g_strdup (herald_delivery_get_summary (delivery)), g_free);

  if (json)
    {
      g_autoptr (JsonNode) node = herald_delivery_to_json (delivery);
      g_autofree char *text = json_to_string (node, FALSE);

      g_print ("%s\n", text);
    }
  else
    g_print ("%-28s %s\n", herald_delivery_get_recipient (delivery),
             herald_delivery_get_summary (delivery));
  fflush (stdout);
}

static gboolean
add_variants (HeraldSendRequest *request,
              HeraldLibrary *library,
              HeraldTemplate *template,
              char **locales,
              char **scenarios,
              GError **error)
{
  g_autoptr (GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; scenarios && scenarios[i]; i++)
    {
      HeraldScenario *scenario = herald_template_find_scenario (template, scenarios[i]);

      if (scenario == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _ ("The template “%s” has no sample data named “%s”."),
                       herald_template_get_id (template), scenarios[i]);
          return FALSE;
        }
      g_ptr_array_add (chosen, g_object_ref (scenario));
    }

  return herald_test_send_add_variants (request, library, template, (const char *const *) locales,
                                        chosen, error);
}

static HeraldDeliveryTracker *
open_tracker (void)
{
  g_autoptr (HeraldDeliveryTracker) tracker = herald_delivery_tracker_new (NULL);
  g_autoptr (GError) error = NULL;

  if (!herald_delivery_tracker_load (tracker, &error))
    g_printerr ("%s\n", error->message);
  return g_steal_pointer (&tracker);
}

/* The messages of a call whose outcome is unknown are recorded with their CustomID, so that
 * `status --custom-id` (or the app's Check) can tell whether they went out. */
static void
record_unknown (HeraldAccount *account,
                HeraldSendRequest *request,
                HeraldSendResult *before,
                char **unknown)
{
  g_autoptr (HeraldDeliveryTracker) tracker = open_tracker ();
  g_autofree char *joined = g_strjoinv (" ", unknown);

  if (before)
    herald_delivery_tracker_add_result (tracker, herald_account_get_id (account), request, before);
  herald_delivery_tracker_add_unknown (tracker, herald_account_get_id (account), request,
                                       (const char *const *) unknown);

  g_printerr (_ ("These messages may or may not have gone out; they are recorded in the "
                 "deliveries as “outcome unknown”:\n"));
  for (guint i = 0; unknown[i]; i++)
    {
      const HeraldSendItem *item = herald_send_request_find_item (request, unknown[i]);

      g_printerr ("  %s  %s\n", unknown[i], item ? item->recipient : "");
    }
  g_printerr (_ ("Check them before sending again: herald-cli status --custom-id %s\n"), joined);
}

/* --mode stored: the send names the account's stored templates, so they must be what the
 * library holds; only --publish-first may write them. */
static gboolean
prepare_stored (HeraldMailjetClient *client,
                HeraldLibrary *library,
                HeraldAccount *account,
                HeraldSendRequest *request,
                gboolean publish_first)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  HeraldCliWaiter waiter = { NULL };

  herald_stored_send_prepare_async (client, library, request,
                                    herald_account_get_sender_email (account),
                                    herald_account_get_sender_name (account), publish_first, NULL,
                                    herald_cli_waiter_done, &waiter);
  result = herald_cli_wait (&waiter);
  if (herald_stored_send_prepare_finish (result, NULL, &error))
    return TRUE;
  g_printerr ("%s\n", error->message);
  if (g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_STORED_OUTDATED))
    g_printerr (_ ("Nothing was sent. Add --publish-first to publish them, then send.\n"));
  return FALSE;
}

static HeraldSendResult *
send_all (HeraldMailjetClient *client,
          HeraldAccount *account,
          HeraldSendRequest *request,
          GError **error)
{
  g_autoptr (HeraldSendResult) before = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_auto (GStrv) unknown = NULL;
  HeraldSendResult *all;
  HeraldCliWaiter waiter = { NULL };

  herald_test_send_run_async (client, request, NULL, herald_cli_waiter_done, &waiter);
  result = herald_cli_wait (&waiter);
  if ((all = herald_test_send_run_finish (result, &before, error)))
    return all;

  g_printerr ("%s\n", (*error)->message);
  if (before)
    g_printerr (_ ("Calls before this one were sent: %u messages.\n"),
                herald_send_result_get_n_outcomes (before));
  if ((unknown = herald_test_send_run_dup_unknown_custom_ids (result)) && unknown[0])
    record_unknown (account, request, before, unknown);
  else if (before)
    {
      g_autoptr (HeraldDeliveryTracker) tracker = open_tracker ();

      herald_delivery_tracker_add_result (tracker, herald_account_get_id (account), request,
                                          before);
    }
  return NULL;
}

int
herald_cli_send_run (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) to = NULL;
  g_auto (GStrv) locales = NULL;
  g_auto (GStrv) scenarios = NULL;
  g_autofree char *mode_name = NULL;
  gboolean follow = FALSE;
  gboolean json = FALSE;
  gboolean publish_first = FALSE;
  g_autoptr (HeraldLibrary) library = NULL;
  g_auto (HeraldCliConnection) connection = { NULL };
  g_autoptr (HeraldSendRequest) request = NULL;
  g_autoptr (HeraldSendResult) result = NULL;
  g_autoptr (HeraldDeliveryTracker) tracker = NULL;
  HeraldTemplate *template;
  HeraldSendMode mode = HERALD_SEND_MODE_MAILJET;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING_ARRAY, &to, N_ ("Test inbox (repeat for several)"), "ADDR" },
    { "locale", 0, 0, G_OPTION_ARG_STRING_ARRAY, &locales,
      N_ ("Locale to send (repeatable; default: the source locale)"), "L" },
    { "scenario", 0, 0, G_OPTION_ARG_STRING_ARRAY, &scenarios,
      N_ ("Sample data to use (repeatable; default: the first)"), "S" },
    HERALD_CLI_ACCOUNT_OPTION (&connection),
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode_name,
      N_ ("Who renders: mailjet (default), herald, or stored (as production: the template "
          "published on Mailjet)"),
      "MODE" },
    { "publish-first", 0, 0, G_OPTION_ARG_NONE, &publish_first,
      N_ ("With --mode stored: publish the template first where Mailjet’s copy differs"), NULL },
    { "follow", 0, 0, G_OPTION_ARG_NONE, &follow,
      N_ ("Print status changes until every message is delivered, opened or refused"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON lines"), NULL },
    { NULL }
  };

  if (!herald_cli_parse_options (&argc, &argv, _ ("LIBRARY TEMPLATE"),
                                 _ ("Send test emails of a template and follow their delivery."),
                                 entries))
    return HERALD_CLI_EXIT_USAGE;
  if (argc != 3 || to == NULL)
    {
      g_printerr (
          _ ("Usage: herald-cli send LIBRARY TEMPLATE --to ADDR… [--locale L…] [--scenario "
             "S…] [--account NAME] [--mode mailjet|herald|stored [--publish-first]] [--follow]\n"));
      return HERALD_CLI_EXIT_USAGE;
    }
  if (mode_name && !herald_send_mode_from_string (mode_name, &mode))
    {
      g_printerr (_ ("--mode must be mailjet, herald or stored.\n"));
      return HERALD_CLI_EXIT_USAGE;
    }
  if (publish_first && mode != HERALD_SEND_MODE_STORED)
    {
      g_printerr (_ ("--publish-first goes with --mode stored.\n"));
      return HERALD_CLI_EXIT_USAGE;
    }

  library = herald_cli_load_library (argv[0], argv[1]);
  if (library == NULL)
    return HERALD_CLI_EXIT_USAGE;
  if (!(template = herald_library_find_template (library, argv[2])))
    {
      g_printerr (_ ("The library has no template “%s”. See “herald-cli templates %s”.\n"), argv[2],
                  argv[1]);
      return HERALD_CLI_EXIT_USAGE;
    }

  if (!herald_cli_connect (&connection, &error))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  request = herald_send_request_new (mode);
  herald_send_request_set_from (request,
                                herald_library_get_from_email (library)
                                    ? herald_library_get_from_email (library)
                                    : herald_account_get_sender_email (connection.account),
                                herald_library_get_from_email (library)
                                    ? herald_library_get_from_name (library)
                                    : herald_account_get_sender_name (connection.account));
  herald_send_request_set_error_reporting (request,
                                           herald_account_get_sender_email (connection.account));
  for (guint i = 0; to[i]; i++)
    herald_send_request_add_recipient (request, to[i], NULL);
  if (!add_variants (request, library, template, locales, scenarios, &error))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }
  if (mode == HERALD_SEND_MODE_STORED &&
      !prepare_stored (connection.client, library, connection.account, request, publish_first))
    return HERALD_CLI_EXIT_FINDINGS;
  if (!herald_send_request_build (request, &error))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  if (!(result = send_all (connection.client, connection.account, request, &error)))
    return HERALD_CLI_EXIT_FINDINGS;

  for (guint i = 0; i < herald_send_result_get_n_outcomes (result); i++)
    {
      const HeraldSendOutcome *outcome = herald_send_result_get_outcome (result, i);

      print_outcome (outcome, herald_send_request_find_item (request, outcome->custom_id));
    }

  tracker = herald_delivery_tracker_new (NULL);
  if (!herald_delivery_tracker_load (tracker, &error))
    {
      g_printerr ("%s\n", error->message);
      g_clear_error (&error);
    }
  if (herald_account_is_sandbox (connection.account))
    herald_delivery_tracker_set_time_scale (tracker, herald_cli_sandbox_speed ());

  {
    guint before = g_list_model_get_n_items (G_LIST_MODEL (tracker));
    guint added = herald_delivery_tracker_add_result (
        tracker, herald_account_get_id (connection.account), request, result);

    if (follow && added > 0)
      {
        for (guint i = before; i < g_list_model_get_n_items (G_LIST_MODEL (tracker)); i++)
          {
            g_autoptr (HeraldDelivery) delivery = g_list_model_get_item (G_LIST_MODEL (tracker), i);

            on_delivery_status (delivery, NULL, GINT_TO_POINTER (json));
            g_signal_connect (delivery, "notify::status", G_CALLBACK (on_delivery_status),
                              GINT_TO_POINTER (json));
          }
        /* Only this send's deliveries: older unfinished ones of other accounts never start. */
        herald_delivery_tracker_set_client (tracker, herald_account_get_id (connection.account),
                                            connection.client);
        for (;;)
          {
            gboolean pending = FALSE;

            for (guint i = before; i < g_list_model_get_n_items (G_LIST_MODEL (tracker)); i++)
              {
                g_autoptr (HeraldDelivery) delivery =
                    g_list_model_get_item (G_LIST_MODEL (tracker), i);

                /* An opened message is still followed for a while, but it has arrived:
                 * the command does not wait for the rest of its bounded time. */
                pending |=
                    !herald_delivery_get_finished (delivery) &&
                    !herald_delivery_status_is_engaged (herald_delivery_get_status (delivery));
              }
            if (!pending)
              break;
            g_main_context_iteration (NULL, TRUE);
          }
      }
  }

  return herald_send_result_get_n_failed (result) > 0 ? HERALD_CLI_EXIT_FINDINGS
                                                      : HERALD_CLI_EXIT_OK;
}
