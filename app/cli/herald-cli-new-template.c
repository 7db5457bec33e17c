/* herald-cli-new-template.c: `herald-cli new-template LIBRARY ID`, a template from the
 * starter (or blank), as New Template… makes it in the app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "herald-cli-commands.h"
#include "herald-core.h"

int
herald_cli_new_template_run (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autofree char *name = NULL;
  gboolean blank = FALSE;
  HeraldTemplate *created;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_ ("Display name (default: the ID)"),
      N_ ("NAME") },
    { "blank", 0, 0, G_OPTION_ARG_NONE, &blank,
      N_ ("Start from an empty HTML part instead of the starter layout"), NULL },
    { NULL },
  };

  if (!herald_cli_parse_options (&argc, &argv, _ ("LIBRARY ID — add a template to a library"),
                                 _ ("Writes templates/ID/ from the starter: a responsive, "
                                    "dark-mode-aware, accessible layout with a text part and an "
                                    "example scenario. ID is the folder name: lower-case letters, "
                                    "digits, “-” and “_”."),
                                 entries))
    return HERALD_CLI_EXIT_USAGE;
  if (argc != 3)
    {
      g_printerr (_ ("%s: expected a library folder and a template ID\n"), argv[0]);
      return HERALD_CLI_EXIT_USAGE;
    }

  library = herald_cli_load_library (argv[0], argv[1]);
  if (library == NULL)
    return HERALD_CLI_EXIT_USAGE;

  created = herald_template_ops_create (
      library, argv[2], name != NULL ? name : argv[2],
      blank ? HERALD_TEMPLATE_CONTENT_BLANK : HERALD_TEMPLATE_CONTENT_STARTER, &error);
  if (created == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  printf (_ ("Created %s\n"), herald_template_get_directory (created));
  return HERALD_CLI_EXIT_OK;
}
