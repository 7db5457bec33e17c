/* herald-cli-import.c: `herald-cli import`, a new library from a Mailjet account's templates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "herald-account-store.h"
#include "herald-cli-commands.h"
#include "herald-import.h"
#include "herald-sandbox.h"

static void
print_json (HeraldImport *import)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  herald_cli_json_add_string (builder, "directory", herald_import_get_directory (import));
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < herald_import_get_n_rows (import); i++)
    {
      const HeraldImportRow *row = herald_import_get_row (import, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "templateId");
      json_builder_add_int_value (builder, row->mailjet_id);
      herald_cli_json_add_string (builder, "name", row->mailjet_name);
      herald_cli_json_add_string (builder, "template", row->template_id);
      herald_cli_json_add_string (builder, "locale", row->locale);
      json_builder_set_member_name (builder, "separate");
      json_builder_add_boolean_value (builder, row->separate);
      herald_cli_json_add_string (builder, "note", row->note);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  herald_cli_print_json (builder, TRUE);
}

static void
print_table (HeraldImport *import)
{
  int template_width = (int) g_utf8_strlen (_ ("TEMPLATE"), -1);
  int name_width = (int) g_utf8_strlen (_ ("MAILJET NAME"), -1);

  for (guint i = 0; i < herald_import_get_n_rows (import); i++)
    {
      const HeraldImportRow *row = herald_import_get_row (import, i);

      template_width = MAX (template_width, (int) g_utf8_strlen (row->template_id, -1));
      name_width = MAX (name_width, (int) g_utf8_strlen (row->mailjet_name, -1));
    }

  g_print ("%-*s  %-8s  %-*s  %s\n", template_width, _ ("TEMPLATE"), _ ("LOCALE"), name_width,
           _ ("MAILJET NAME"), _ ("TEMPLATEID"));
  for (guint i = 0; i < herald_import_get_n_rows (import); i++)
    {
      const HeraldImportRow *row = herald_import_get_row (import, i);

      g_print ("%-*s  %-8s  %-*s  %" G_GINT64_FORMAT "\n", template_width, row->template_id,
               row->locale, name_width, row->mailjet_name, row->mailjet_id);
      if (row->note)
        g_print ("    %s\n", row->note);
    }
}

int
herald_cli_import_run (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pattern = NULL;
  gboolean json = FALSE;
  g_auto (HeraldCliConnection) connection = { NULL };
  g_autoptr (HeraldImport) import = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  HeraldCliWaiter waiter = { NULL };
  GOptionEntry entries[] = {
    HERALD_CLI_ACCOUNT_OPTION (&connection),
    { "name", 0, 0, G_OPTION_ARG_STRING, &pattern,
      N_ ("Import only the templates whose Mailjet name matches this pattern (* and ?)"),
      "PATTERN" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
    { NULL }
  };

  if (!herald_cli_parse_options (
          &argc, &argv, _ ("FOLDER"),
          _ ("Make a new library in FOLDER (new or empty) of the account’s transactional "
             "templates; templates that are languages of one another become one template "
             "with translations."),
          entries))
    return HERALD_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (
          _ ("Usage: herald-cli import FOLDER [--account NAME] [--name PATTERN] [--json]\n"));
      return HERALD_CLI_EXIT_USAGE;
    }

  if (!herald_import_check_directory (argv[1], &error))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_USAGE;
    }

  if (!herald_cli_connect (&connection, &error))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  import = herald_import_new (argv[1], pattern);
  herald_import_run_async (import, connection.client, NULL, herald_cli_waiter_done, &waiter);
  result = herald_cli_wait (&waiter);
  if (!herald_import_run_finish (import, result, &error))
    {
      g_printerr ("%s\n", error->message);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) ? HERALD_CLI_EXIT_USAGE
                                                                    : HERALD_CLI_EXIT_FINDINGS;
    }
  if (herald_import_get_n_rows (import) == 0)
    {
      if (pattern)
        g_printerr (_ ("No transactional template on the account has a name matching “%s”: "
                       "nothing was imported.\n"),
                    pattern);
      else
        g_printerr (_ ("The account has no transactional template: nothing was imported.\n"));
      return HERALD_CLI_EXIT_FINDINGS;
    }

  if (json)
    print_json (import);
  else
    {
      print_table (import);
      g_print (_ ("The library is in %s.\n"), herald_import_get_directory (import));
    }
  return HERALD_CLI_EXIT_OK;
}
