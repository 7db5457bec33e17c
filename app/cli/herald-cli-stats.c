/* herald-cli-stats.c: `herald-cli stats LIBRARY [--json]`, translation status per template
 * and locale. Exits 1 when anything is fuzzy or untranslated, so CI can require 100 %.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "herald-cli-commands.h"
#include "herald-core.h"
#include "herald-json-util.h"
#include "herald-l10n-library.h"
#include "herald-localizer.h"

static void
add_counts (JsonBuilder *builder, const HeraldL10nCounts *counts)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "translated");
  json_builder_add_int_value (builder, counts->translated);
  json_builder_set_member_name (builder, "fuzzy");
  json_builder_add_int_value (builder, counts->fuzzy);
  json_builder_set_member_name (builder, "untranslated");
  json_builder_add_int_value (builder, counts->untranslated);
  json_builder_end_object (builder);
}

static GPtrArray *
load_catalogs (HeraldLibrary *library, GStrv locales, const char *program)
{
  GPtrArray *catalogs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; locales[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = herald_l10n_dup_po_path (library, locales[i]);
      HeraldPoCatalog *catalog = NULL;

      /* A locale without its .po yet is simply all untranslated. */
      if (path == NULL || g_file_test (path, G_FILE_TEST_EXISTS))
        catalog = herald_l10n_load_catalog (library, locales[i], &error);
      else
        catalog = herald_po_catalog_new ();
      if (catalog == NULL)
        {
          g_printerr ("%s: %s\n", program, error->message);
          g_ptr_array_unref (catalogs);
          return NULL;
        }
      herald_po_catalog_set_locale (catalog, locales[i]);
      g_ptr_array_add (catalogs, catalog);
    }
  return catalogs;
}

int
herald_cli_stats_run (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GPtrArray) catalogs = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_auto (GStrv) locales = NULL;
  gboolean json = FALSE;
  gboolean complete = TRUE;
  guint n_templates;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print the figures as JSON"), NULL },
    { NULL },
  };

  if (!herald_cli_parse_options (
          &argc, &argv, _ ("LIBRARY — translation status per template and locale"), NULL, entries))
    return HERALD_CLI_EXIT_USAGE;
  library = herald_cli_load_library_argument (argc, argv);
  if (library == NULL)
    return HERALD_CLI_EXIT_USAGE;
  locales = herald_l10n_dup_locales (library);
  catalogs = load_catalogs (library, locales, argv[0]);
  if (catalogs == NULL)
    return HERALD_CLI_EXIT_USAGE;

  if (!json)
    printf ("%-28s %-8s %10s %6s %12s\n", _ ("TEMPLATE"), _ ("LOCALE"), _ ("TRANSLATED"),
            _ ("FUZZY"), _ ("UNTRANSLATED"));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "templates");
  json_builder_begin_array (builder);

  n_templates = g_list_model_get_n_items (G_LIST_MODEL (library));
  for (guint i = 0; i < n_templates; i++)
    {
      g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (library), i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, herald_template_get_id (tmpl));
      json_builder_set_member_name (builder, "locales");
      json_builder_begin_object (builder);
      for (guint j = 0; j < catalogs->len; j++)
        {
          g_autoptr (HeraldLocalizedTemplate) localized = NULL;
          const HeraldL10nCounts *counts;

          localized =
              herald_localize_template (tmpl, g_ptr_array_index (catalogs, j), NULL, &error);
          if (localized == NULL)
            {
              g_printerr ("%s: %s: %s\n", argv[0], herald_template_get_id (tmpl), error->message);
              return HERALD_CLI_EXIT_FINDINGS;
            }
          counts = herald_localized_template_get_counts (localized);
          complete &= counts->fuzzy == 0 && counts->untranslated == 0;
          json_builder_set_member_name (builder, locales[j]);
          add_counts (builder, counts);
          if (!json)
            printf ("%-28s %-8s %10u %6u %12u\n", herald_template_get_id (tmpl), locales[j],
                    counts->translated, counts->fuzzy, counts->untranslated);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (builder);
      g_autofree char *text = herald_json_to_pretty (root);

      printf ("%s\n", text);
    }

  return complete ? HERALD_CLI_EXIT_OK : HERALD_CLI_EXIT_FINDINGS;
}
