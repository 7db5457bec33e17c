/* herald-cli-check-sender.c: `herald-cli check-sender`, SPF/DKIM/DMARC and Mailjet's view of
 * a sender, with the exact record to publish for each finding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-account-store.h"
#include "herald-cli-commands.h"
#include "herald-sandbox.h"
#include "herald-sender-check.h"

static void
check_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
check_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
print_human (HeraldSenderCheck *check)
{
  GPtrArray *findings = herald_sender_check_get_findings (check);
  HeraldSeverity verdict = herald_sender_check_get_verdict (check);

  g_print (_ ("Sender check of %s\n"), herald_sender_check_get_address (check));
  if (herald_sender_check_get_mailjet_spf_status (check))
    g_print (_ ("Mailjet’s own check: SPF %s, DKIM %s\n"),
             herald_sender_check_get_mailjet_spf_status (check),
             herald_sender_check_get_mailjet_dkim_status (check));
  for (guint i = 0; i < findings->len; i++)
    {
      HeraldSenderFinding *f = g_ptr_array_index (findings, i);
      const char *mark = f->severity == HERALD_SEVERITY_ERROR     ? _ ("error")
                         : f->severity == HERALD_SEVERITY_WARNING ? _ ("warning")
                                                                  : _ ("ok");

      g_print ("\n%s: %s\n", mark, f->message);
      if (f->fix)
        g_print (_ ("  Fix: %s\n"), f->fix);
      if (f->record_name && f->record_value)
        g_print (_ ("  Record: %s  TXT  \"%s\"\n"), f->record_name, f->record_value);
    }
  g_print ("\n%s\n", verdict == HERALD_SEVERITY_ERROR ? _ ("Verdict: mail from this sender is "
                                                           "likely to be refused or filtered.")
                     : verdict == HERALD_SEVERITY_WARNING
                         ? _ ("Verdict: it works, with the warnings above.")
                         : _ ("Verdict: all good."));
}

static int
validate (HeraldSenderCheck *check)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *outcome = NULL;

  herald_sender_check_validate_async (check, NULL, check_done, &result);
  check_wait (&result);
  if (!(outcome = herald_sender_check_validate_finish (check, result, &error)))
    {
      g_printerr (_ ("Could not validate the sender: %s\n"), error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }
  g_print ("%s\n", outcome);
  return HERALD_CLI_EXIT_OK;
}

int
herald_cli_check_sender_run (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_auto (HeraldCliConnection) connection = { NULL };
  g_autoptr (HeraldSenderCheck) check = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  gboolean json = FALSE;
  gboolean do_validate = FALSE;
  GOptionEntry entries[] = {
    HERALD_CLI_ACCOUNT_OPTION (&connection),
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print the findings as JSON"), NULL },
    { "validate", 0, 0, G_OPTION_ARG_NONE, &do_validate,
      N_ ("Ask Mailjet to validate the sender after the check"), NULL },
    { NULL },
  };

  if (!herald_cli_parse_options (
          &argc, &argv, _ ("ADDRESS|DOMAIN"),
          _ ("Check that Mailjet may send as an address or a domain: Mailjet’s sender "
             "status and the domain’s SPF, DKIM and DMARC records in the public DNS.\n\n"
             "Exit status: 0 all good, 1 findings, 2 could not check."),
          entries))
    return HERALD_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_ ("Usage: herald-cli check-sender ADDRESS|DOMAIN [--account NAME] [--json]\n"));
      return HERALD_CLI_EXIT_USAGE;
    }

  if (!herald_cli_connect (&connection, &error) ||
      !(check = herald_sender_check_new (connection.client, argv[1], &error)))
    {
      g_printerr (_ ("Could not check the sender: %s\n"), error->message);
      return HERALD_CLI_EXIT_USAGE;
    }

  herald_sender_check_run_async (check, NULL, check_done, &result);
  check_wait (&result);
  if (!herald_sender_check_run_finish (check, result, &error))
    {
      g_printerr (_ ("Could not check the sender: %s\n"), error->message);
      return HERALD_CLI_EXIT_USAGE;
    }

  if (json)
    {
      g_autoptr (JsonNode) node = herald_sender_check_to_json (check);
      g_autofree char *text = json_to_string (node, TRUE);

      g_print ("%s\n", text);
    }
  else
    print_human (check);

  if (do_validate && validate (check) != HERALD_CLI_EXIT_OK)
    return HERALD_CLI_EXIT_FINDINGS;
  return herald_sender_check_get_verdict (check) == HERALD_SEVERITY_INFO ? HERALD_CLI_EXIT_OK
                                                                         : HERALD_CLI_EXIT_FINDINGS;
}
