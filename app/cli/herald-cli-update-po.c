/* herald-cli-update-po.c: `herald-cli update-po LIBRARY [LOCALE…]`, msgmerge for a library.
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

static void
print_summary (HeraldLibrary *library, const char *const *locales)
{
  for (guint i = 0; locales[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HeraldPoCatalog) po = herald_l10n_load_catalog (library, locales[i], &error);
      guint translated = 0, fuzzy = 0, untranslated = 0, obsolete = 0;

      if (po == NULL)
        continue;
      for (guint j = 0; j < herald_po_catalog_get_n_entries (po); j++)
        {
          const HeraldPoEntry *entry = herald_po_catalog_get_entry (po, j);

          if (entry->obsolete)
            obsolete++;
          else if (herald_po_entry_is_translated (entry))
            translated++;
          else if (entry->fuzzy)
            fuzzy++;
          else
            untranslated++;
        }
      printf (_ ("%s: %u translated, %u fuzzy, %u untranslated, %u obsolete\n"),
              herald_po_catalog_get_path (po), translated, fuzzy, untranslated, obsolete);
    }
}

int
herald_cli_update_po_run (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_auto (GStrv) locales = NULL;

  if (!herald_cli_parse_options (&argc, &argv,
                                 _ ("LIBRARY [LOCALE…] — bring translations up to date"),
                                 _ ("Extracts the template of translations and merges it into "
                                    "po/LOCALE.po for each locale (all target locales by "
                                    "default), as msgmerge does: changed text becomes fuzzy, "
                                    "removed text obsolete."),
                                 NULL))
    return HERALD_CLI_EXIT_USAGE;
  if (argc < 2)
    {
      g_printerr (_ ("%s: expected a library folder\n"), argv[0]);
      return HERALD_CLI_EXIT_USAGE;
    }

  library = herald_cli_load_library (argv[0], argv[1]);
  if (library == NULL)
    return HERALD_CLI_EXIT_USAGE;

  if (argc > 2)
    locales = g_strdupv (argv + 2);
  else
    locales = herald_l10n_dup_locales (library);
  if (locales[0] == NULL)
    {
      g_printerr (_ ("%s: the library has no target locales: add them to herald.json "
                     "(\"targetLocales\") or name them on the command line\n"),
                  argv[0]);
      return HERALD_CLI_EXIT_USAGE;
    }

  if (!herald_l10n_update_po (library, (const char *const *) locales, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return g_error_matches (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_TEMPLATE) ||
                     g_error_matches (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PLURAL_FORMS)
                 ? HERALD_CLI_EXIT_FINDINGS
                 : HERALD_CLI_EXIT_USAGE;
    }

  print_summary (library, (const char *const *) locales);
  return HERALD_CLI_EXIT_OK;
}
