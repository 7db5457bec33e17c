/* herald-cli-publish.c: `herald-cli publish`, the library's templates onto a Mailjet account.
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
#include "herald-publish.h"
#include "herald-sandbox.h"

typedef struct
{
  GAsyncResult *result;
} PublishWaiter;

static void
publish_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  PublishWaiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static void
print_json (HeraldPublish *publish, gboolean dry_run)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dryRun");
  json_builder_add_boolean_value (builder, dry_run);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < herald_publish_get_n_rows (publish); i++)
    {
      const HeraldPublishRow *row = herald_publish_get_row (publish, i);

      json_builder_begin_object (builder);
      herald_cli_json_add_string (builder, "template", row->template_id);
      herald_cli_json_add_string (builder, "locale", row->locale);
      herald_cli_json_add_string (builder, "mailjetLocale", row->mailjet_locale);
      herald_cli_json_add_string (builder, "name", row->marker);
      herald_cli_json_add_string (builder, "state", herald_publish_state_to_string (row->state));
      json_builder_set_member_name (builder, "templateId");
      if (row->mailjet_id > 0)
        json_builder_add_int_value (builder, row->mailjet_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "lintErrors");
      json_builder_add_int_value (builder, row->n_lint_errors);
      herald_cli_json_add_string (builder, "diff", row->diff);
      herald_cli_json_add_string (builder, "error", row->error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  herald_cli_print_json (builder, TRUE);
}

static void
print_table (HeraldPublish *publish, gboolean dry_run)
{
  int template_width = (int) g_utf8_strlen (_ ("TEMPLATE"), -1);

  for (guint i = 0; i < herald_publish_get_n_rows (publish); i++)
    template_width = MAX (
        template_width, (int) g_utf8_strlen (herald_publish_get_row (publish, i)->template_id, -1));

  g_print ("%-*s  %-8s  %-10s  %s\n", template_width, _ ("TEMPLATE"), _ ("LOCALE"), _ ("STATE"),
           _ ("TEMPLATEID"));
  for (guint i = 0; i < herald_publish_get_n_rows (publish); i++)
    {
      const HeraldPublishRow *row = herald_publish_get_row (publish, i);
      g_autofree char *id = row->mailjet_id > 0
                                ? g_strdup_printf ("%" G_GINT64_FORMAT, row->mailjet_id)
                                : g_strdup ("-");

      g_print ("%-*s  %-8s  %-10s  %s\n", template_width, row->template_id, row->locale,
               herald_publish_state_get_label (row->state), id);
      if (row->error)
        g_print ("    %s\n", row->error);
      if (dry_run && row->diff)
        {
          g_auto (GStrv) lines = g_strsplit (row->diff, "\n", -1);

          for (guint l = 0; lines[l] && lines[l][0]; l++)
            g_print ("    %s\n", lines[l]);
        }
    }
}

int
herald_cli_publish_run (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) locales = NULL;
  gboolean dry_run = FALSE;
  gboolean force = FALSE;
  gboolean json = FALSE;
  g_autoptr (HeraldLibrary) library = NULL;
  g_auto (HeraldCliConnection) connection = { NULL };
  g_autoptr (HeraldPublish) publish = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  PublishWaiter waiter = { NULL };
  gboolean listed;
  GOptionEntry entries[] = {
    HERALD_CLI_ACCOUNT_OPTION (&connection),
    { "locale", 0, 0, G_OPTION_ARG_STRING_ARRAY, &locales,
      N_ ("Locale to publish (repeatable; default: every locale of the library)"), "L" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_ ("Only say what is new, changed or unchanged; write nothing"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_ ("Publish templates even when the checks find errors"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
    { NULL }
  };

  if (!herald_cli_parse_options (
          &argc, &argv, _ ("LIBRARY [TEMPLATE…]"),
          _ ("Create or update one Mailjet template per template and locale, and print "
             "their TemplateIDs."),
          entries))
    return HERALD_CLI_EXIT_USAGE;
  if (argc < 2)
    {
      g_printerr (_ ("Usage: herald-cli publish LIBRARY [TEMPLATE…] [--account NAME] [--locale "
                     "L…] [--dry-run] [--force] [--json]\n"));
      return HERALD_CLI_EXIT_USAGE;
    }

  library = herald_cli_load_library (argv[0], argv[1]);
  if (library == NULL)
    return HERALD_CLI_EXIT_USAGE;

  if (!herald_cli_connection_open_account (&connection, &error))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  publish =
      herald_publish_new (library, (const char *const *) argv + 2, (const char *const *) locales,
                          herald_account_get_sender_email (connection.account),
                          herald_account_get_sender_name (connection.account), &error);
  if (publish == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ? HERALD_CLI_EXIT_USAGE
                                                                       : HERALD_CLI_EXIT_FINDINGS;
    }

  if (!(connection.client =
            herald_cli_create_client (connection.store, connection.account, &error)))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  herald_publish_run_async (publish, connection.client, dry_run, force, NULL, publish_done,
                            &waiter);
  while (waiter.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = waiter.result;
  listed = herald_publish_run_finish (publish, result, &error);

  if (json)
    print_json (publish, dry_run);
  else
    print_table (publish, dry_run);
  if (!listed)
    {
      g_printerr (_ ("The account’s templates cannot be listed, so nothing was published: %s\n"),
                  error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }
  for (guint i = 0; i < herald_publish_get_n_rows (publish); i++)
    if (herald_publish_get_row (publish, i)->state == HERALD_PUBLISH_REFUSED)
      {
        g_printerr (_ ("Fix the errors the checks find (see “herald-cli lint”), or publish anyway "
                       "with --force.\n"));
        break;
      }
  return herald_publish_get_n_failed (publish) > 0 ? HERALD_CLI_EXIT_FINDINGS : HERALD_CLI_EXIT_OK;
}
