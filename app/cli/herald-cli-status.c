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
#include "herald-json-util.h"
#include "herald-sandbox.h"

static gboolean
show_one (HeraldMailjetClient *client, gint64 id, gboolean json)
{
  g_autoptr (GAsyncResult) message_result = NULL;
  g_autoptr (GAsyncResult) history_result = NULL;
  g_autoptr (JsonObject) message = NULL;
  g_autoptr (JsonArray) history = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldDelivery) delivery = NULL;
  HeraldCliWaiter waiter = { NULL };
  const char *status;

  herald_mailjet_client_get_message_async (client, id, NULL, herald_cli_waiter_done, &waiter);
  message_result = herald_cli_wait (&waiter);
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

  herald_mailjet_client_get_history_async (client, id, NULL, herald_cli_waiter_done, &waiter);
  history_result = herald_cli_wait (&waiter);
  history = herald_mailjet_client_get_history_finish (client, history_result, &error);

  status = herald_json_object_get_string_or (message, "Status", "unknown");
  delivery = herald_delivery_new (
      NULL, id, herald_json_object_get_string_or (message, "UUID", ""), NULL,
      herald_json_object_get_string_or (message, "ContactAlt", ""), NULL, NULL, NULL, 0);
  herald_delivery_update (delivery, status,
                          (guint) herald_json_object_get_int_or (message, "StateID", 0), NULL);
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

static void
print_json_lookup (const char *custom_id, JsonArray *found)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "customId");
  json_builder_add_string_value (builder, custom_id);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (found); i++)
    {
      JsonObject *message = herald_json_array_get_object_or_null (found, i);

      if (herald_json_object_get_int_or (message, "ID", 0) <= 0)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "messageId");
      json_builder_add_int_value (builder, herald_json_object_get_int_or (message, "ID", 0));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (
          builder, herald_json_object_get_string_or (message, "Status", "unknown"));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  herald_cli_print_json (builder, FALSE);
}

/* Whether a message of a send whose outcome is unknown went out. FALSE when it did not (or
 * the lookup failed): a finding for scripts. */
static gboolean
look_up_one (HeraldMailjetClient *client, const char *custom_id, gboolean json)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JsonArray) found = NULL;
  g_autoptr (GError) error = NULL;
  HeraldCliWaiter waiter = { NULL };
  guint n = 0;

  herald_mailjet_client_find_by_custom_id_async (client, custom_id, NULL, herald_cli_waiter_done,
                                                 &waiter);
  result = herald_cli_wait (&waiter);
  if (!(found = herald_mailjet_client_find_by_custom_id_finish (client, result, &error)))
    {
      g_printerr ("%s: %s\n", custom_id, error->message);
      return FALSE;
    }
  if (json)
    print_json_lookup (custom_id, found);

  for (guint i = 0; i < json_array_get_length (found); i++)
    {
      JsonObject *message = herald_json_array_get_object_or_null (found, i);
      gint64 id = herald_json_object_get_int_or (message, "ID", 0);
      g_autofree char *summary = NULL;

      if (id <= 0)
        continue;
      n++;
      summary = herald_delivery_describe (
          herald_json_object_get_string_or (message, "Status", "unknown"),
          (guint) herald_json_object_get_int_or (message, "StateID", 0), NULL);
      if (!json)
        g_print (_ ("%s: found, it was sent: MessageID %lld, %s\n"), custom_id, (long long) id,
                 summary);
    }
  if (n == 0 && !json)
    g_print (_ ("%s: not found: Mailjet has no message with this CustomID, so it was not sent "
                "and it is safe to send it again. (A message sent less than a minute ago may "
                "not be visible yet.)\n"),
             custom_id);
  return n > 0;
}

int
herald_cli_status_run (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_auto (HeraldCliConnection) connection = { NULL };
  gboolean json = FALSE;
  gboolean by_custom_id = FALSE;
  gboolean all_ok = TRUE;
  GOptionEntry entries[] = {
    HERALD_CLI_ACCOUNT_OPTION (&connection),
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON lines"), NULL },
    { "custom-id", 0, 0, G_OPTION_ARG_NONE, &by_custom_id,
      N_ ("Look the arguments up as CustomIDs: did a send whose outcome is unknown go out?"),
      NULL },
    { NULL }
  };

  if (!herald_cli_parse_options (&argc, &argv, _ ("MESSAGE_ID…"),
                                 _ ("Show the delivery status and history of sent messages."),
                                 entries))
    return HERALD_CLI_EXIT_USAGE;
  if (argc < 2)
    {
      g_printerr (
          _ ("Usage: herald-cli status MESSAGE_ID… [--account NAME] [--json]\n"
             "       herald-cli status --custom-id CUSTOM_ID… [--account NAME] [--json]\n"));
      return HERALD_CLI_EXIT_USAGE;
    }

  for (int i = 1; i < argc && !by_custom_id; i++)
    {
      guint64 id;

      if (!g_ascii_string_to_unsigned (argv[i], 10, 1, G_MAXINT64, &id, NULL))
        {
          g_printerr (_ ("“%s” is not a Mailjet MessageID (a positive whole number).\n"), argv[i]);
          return HERALD_CLI_EXIT_USAGE;
        }
    }

  if (!herald_cli_connect (&connection, &error))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  for (int i = 1; i < argc; i++)
    all_ok &= by_custom_id
                  ? look_up_one (connection.client, argv[i], json)
                  : show_one (connection.client, g_ascii_strtoll (argv[i], NULL, 10), json);

  return all_ok ? HERALD_CLI_EXIT_OK : HERALD_CLI_EXIT_FINDINGS;
}
