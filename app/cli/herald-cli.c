/* herald-cli.c: the command line, for CI and for people who prefer a terminal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "herald-cli-commands.h"
#include "herald-i18n.h"
#include "herald-library.h"

static const HeraldCliCommand commands[] = {
  { "render", N_ ("Print a template rendered with one scenario"), herald_cli_render_run },
  { "lint", N_ ("Check templates for errors and common problems"), herald_cli_lint_run },
  { "new-template", N_ ("Add a template to a library, from the starter layout or blank"),
    herald_cli_new_template_run },
  { "extract", N_ ("Write the translation template (.pot) of a library"), herald_cli_extract_run },
  { "update-po", N_ ("Merge the translation template into each locale's .po"),
    herald_cli_update_po_run },
  { "stats", N_ ("Show the translation status per template and locale"), herald_cli_stats_run },
  { "accounts", N_ ("List, add, verify or remove Mailjet accounts"), herald_cli_accounts_run },
  { "send", N_ ("Send test emails of a template and follow their delivery"), herald_cli_send_run },
  { "status", N_ ("Show the delivery status of sent messages"), herald_cli_status_run },
  { "check-sender", N_ ("Check a sender's Mailjet status and its SPF, DKIM and DMARC records"),
    herald_cli_check_sender_run },
  { "publish", N_ ("Create or update the library’s templates on a Mailjet account"),
    herald_cli_publish_run },
  { "import", N_ ("Make a new library of a Mailjet account's templates"), herald_cli_import_run },
};

void
herald_cli_waiter_done (GObject *object, GAsyncResult *result, gpointer waiter)
{
  ((HeraldCliWaiter *) waiter)->result = g_object_ref (result);
}

GAsyncResult *
herald_cli_wait (HeraldCliWaiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (&waiter->result);
}

gboolean
herald_cli_parse_options (int *argc,
                          char ***argv,
                          const char *parameters,
                          const char *summary,
                          const GOptionEntry *entries)
{
  g_autoptr (GOptionContext) context = g_option_context_new (parameters);
  g_autoptr (GError) error = NULL;

  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;
  g_printerr ("%s: %s\n", (*argv)[0], error->message);
  return FALSE;
}

HeraldLibrary *
herald_cli_load_library (const char *command, const char *path)
{
  g_autoptr (GError) error = NULL;
  HeraldLibrary *library = herald_library_load (path, &error);

  if (library == NULL)
    {
      g_printerr ("%s: %s\n", command, error->message);
      return NULL;
    }
  for (const char *const *problem = herald_library_get_problems (library); *problem != NULL;
       problem++)
    g_printerr (_ ("%s: warning: %s\n"), command, *problem);
  return library;
}

HeraldLibrary *
herald_cli_load_library_argument (int argc, char **argv)
{
  if (argc != 2)
    {
      g_printerr (_ ("%s: expected one library folder\n"), argv[0]);
      return NULL;
    }
  return herald_cli_load_library (argv[0], argv[1]);
}

void
herald_cli_print_json (JsonBuilder *builder, gboolean pretty)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, pretty);

  g_print ("%s\n", text);
}

void
herald_cli_json_add_string (JsonBuilder *builder, const char *member, const char *value)
{
  json_builder_set_member_name (builder, member);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _ ("Usage: herald-cli COMMAND [OPTION…]"));
  fprintf (stream, "%s\n", _ ("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-14s %s\n", commands[i].name, _ (commands[i].summary));
  fprintf (stream, "\n%s\n", _ ("Run “herald-cli COMMAND --help” for the options of a command."));
}

int
main (int argc, char **argv)
{
  const char *name;

  herald_i18n_init ();

  if (argc < 2)
    {
      print_usage (stderr);
      return HERALD_CLI_EXIT_USAGE;
    }

  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return HERALD_CLI_EXIT_OK;
    }
  if (g_str_equal (name, "--version"))
    {
      printf ("herald-cli %s\n", PACKAGE_VERSION);
      return HERALD_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, name))
        {
          g_autofree char *program = g_strdup_printf ("herald-cli %s", name);

          argv[1] = program;
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  g_printerr (_ ("herald-cli: unknown command “%s”\n\n"), name);
  print_usage (stderr);
  return HERALD_CLI_EXIT_USAGE;
}
