/* herald-cli-extract.c: `herald-cli extract LIBRARY`, writes po/<library>.pot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "herald-cli-commands.h"
#include "herald-core.h"
#include "herald-l10n-error.h"
#include "herald-l10n-library.h"

int
herald_cli_extract_run (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldPoCatalog) pot = NULL;
  g_autofree char *path = NULL;

  if (!herald_cli_parse_options (&argc, &argv,
                                 _ ("LIBRARY — write the translation template po/LIBRARY.pot"),
                                 _ ("Collects the translatable text of every template: subject, "
                                    "preheader, HTML blocks, alt and title attributes, text "
                                    "paragraphs."),
                                 NULL))
    return HERALD_CLI_EXIT_USAGE;
  library = herald_cli_load_library_argument (argc, argv);
  if (library == NULL)
    return HERALD_CLI_EXIT_USAGE;

  pot = herald_l10n_extract_library (library, &error);
  if (pot == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }
  path = herald_l10n_dup_pot_path (library);
  if (!herald_l10n_write_pot (library, NULL, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return HERALD_CLI_EXIT_USAGE;
    }

  printf (_ ("Wrote %s (%u messages)\n"), path, herald_po_catalog_get_n_entries (pot));
  return HERALD_CLI_EXIT_OK;
}
