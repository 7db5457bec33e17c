/* herald-cli-status.c: `herald-cli status`, what became of sent messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-account-store.h"
#include "herald-cli-commands.h"
#include "herald-delivery.h"
#include "herald-sandbox.h"

typedef struct
{
  GAsyncResult *result;
} StatusWaiter;

static void
status_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  StatusWaiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static GAsyncResult *
status_wait (StatusWaiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return waiter->result;
}

static gboolean
show_one (HeraldMailjetClient *client, gint64 id, gboolean json)
{
  g_autoptr (GAsyncResult) message_result = NULL;
  g_autoptr (GAsyncResult) history_result = NULL;
  g_autoptr (JsonObject) message = NULL;
  g_autoptr (JsonArray) history = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldDelivery) delivery = NULL;
  StatusWaiter waiter = { NULL };
  const char *status;
  JsonNode *state_id;

  herald_mailjet_client_get_message_async (client, id, NULL, status_done, &waiter);
  message_result = status_wait (&waiter);
  if (!(message = herald_mailjet_client_get_message_finish (client, message_result, &error)))
    {
      if (g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NOT_FOUND))
        g_print (_ ("%lld: Mailjet does not show this message (yet): a message "
                    "sent in the last minutes may not be visible.\n"),
                 (long long) id);
      else
        g_printerr ("%" G_GINT64_FORMAT ": %s\n", id, error->message);
      return FALSE;
    }

  waiter.result = NULL;
  herald_mailjet_client_get_history_async (client, id, NULL, status_done, &waiter);
  history_result = status_wait (&waiter);
  history = herald_mailjet_client_get_history_finish (client, history_result, &error);

  status = json_object_get_string_member_with_default (message, "Status", "unknown");
  state_id = json_object_get_member (message, "StateID");
  delivery = herald_delivery_new (
      NULL, id, json_object_get_string_member_with_default (message, "UUID", ""), NULL,
      json_object_get_string_member_with_default (message, "ContactAlt", ""), NULL, NULL, NULL, 0);
  herald_delivery_update (
      delivery, status,
      state_id && JSON_NODE_HOLDS_VALUE (state_id) ? (guint) json_node_get_int (state_id) : 0,
      NULL);
  if (history)
    herald_delivery_set_events (delivery, history);

  if (json)
    {
      g_autoptr (JsonNode) node = herald_delivery_to_json (delivery);
      g_autofree char *text = json_to_string (node, FALSE);

      g_print ("%s\n", text);
      return TRUE;
    }

  g_print ("%" G_GINT64_FORMAT ": %s\n", id, herald_delivery_get_summary (delivery));
  for (guint i = 0; i < herald_delivery_get_events (delivery)->len; i++)
    {
      HeraldDeliveryEvent *e = g_ptr_array_index (herald_delivery_get_events (delivery), i);
      g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (e->at);
      g_autofree char *when = at ? g_date_time_format (at, "%Y-%m-%d %H:%M:%S") : g_strdup ("");

      g_print ("    %s  %s%s%s%s%s\n", when, e->type, *e->state ? " — " : "", e->state,
               *e->comment ? " — " : "", e->comment);
    }
  return TRUE;
}

int
herald_cli_status_run (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *account_name = NULL;
  g_autoptr (HeraldAccountStore) store = NULL;
  g_autoptr (HeraldSandbox) sandbox = NULL;
  g_autoptr (HeraldMailjetClient) client = NULL;
  HeraldAccount *account;
  gboolean json = FALSE;
  gboolean all_ok = TRUE;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
      N_ ("Account (default: MAILJET_API_KEY if set, else the Sandbox)"), "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON lines"), NULL },
    { NULL }
  };

  context = g_option_context_new (_ ("MESSAGE_ID…"));
  g_option_context_set_summary (context,
                                _ ("Show the delivery status and history of sent messages."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!herald_cli_parse_options (context, &argc, &argv))
    return HERALD_CLI_EXIT_USAGE;
  if (argc < 2)
    {
      g_printerr (_ ("Usage: herald-cli status MESSAGE_ID… [--account NAME] [--json]\n"));
      return HERALD_CLI_EXIT_USAGE;
    }

  for (int i = 1; i < argc; i++)
    {
      guint64 id;

      if (!g_ascii_string_to_unsigned (argv[i], 10, 1, G_MAXINT64, &id, NULL))
        {
          g_printerr (_ ("“%s” is not a Mailjet MessageID (a positive whole number).\n"), argv[i]);
          return HERALD_CLI_EXIT_USAGE;
        }
    }

  if (!(store = herald_cli_open_accounts (&error)) ||
      !(account = herald_cli_pick_account (store, account_name, &sandbox, &error)) ||
      !(client = herald_cli_create_client (store, account, &error)))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  for (int i = 1; i < argc; i++)
    all_ok &= show_one (client, g_ascii_strtoll (argv[i], NULL, 10), json);

  return all_ok ? HERALD_CLI_EXIT_OK : HERALD_CLI_EXIT_FINDINGS;
}
