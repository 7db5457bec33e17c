/* herald-cli-render.c: `herald-cli render LIBRARY TEMPLATE`, the same bytes as the preview.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "herald-cli-commands.h"
#include "herald-l10n-error.h"
#include "herald-core.h"
#include "herald-l10n-library.h"
#include "herald-render.h"

static gboolean
parse_part (const char *name, HeraldPart *part)
{
  static const struct
  {
    const char *name;
    HeraldPart part;
  } parts[] = {
    { "subject", HERALD_PART_SUBJECT },
    { "preheader", HERALD_PART_PREHEADER },
    { "html", HERALD_PART_HTML },
    { "text", HERALD_PART_TEXT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (g_str_equal (parts[i].name, name))
        {
          *part = parts[i].part;
          return TRUE;
        }
    }
  return FALSE;
}

/* The first scenario by id, so that the default does not depend on directory order. */
static HeraldScenario *
first_scenario (HeraldTemplate *tmpl)
{
  GListModel *scenarios = herald_template_get_scenarios (tmpl);
  HeraldScenario *first = NULL;
  guint n = scenarios != NULL ? g_list_model_get_n_items (scenarios) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldScenario) scenario = g_list_model_get_item (scenarios, i);

      if (first == NULL ||
          g_strcmp0 (herald_scenario_get_id (scenario), herald_scenario_get_id (first)) < 0)
        first = scenario;
    }
  return first != NULL ? g_object_ref (first) : NULL;
}

/* People type what they see in the app: accept a scenario's name as well as its id. */
static HeraldScenario *
find_scenario_by_name (HeraldTemplate *tmpl, const char *name)
{
  GListModel *scenarios = herald_template_get_scenarios (tmpl);
  guint n = scenarios != NULL ? g_list_model_get_n_items (scenarios) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldScenario) scenario = g_list_model_get_item (scenarios, i);

      if (g_strcmp0 (herald_scenario_get_name (scenario), name) == 0)
        return scenario;
    }
  return NULL;
}

int
herald_cli_render_run (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldTemplate) tmpl = NULL;
  g_autoptr (HeraldScenario) scenario = NULL;
  g_autoptr (HeraldDiagnostic) diagnostic = NULL;
  g_autoptr (HeraldRendered) rendered = NULL;
  g_autofree char *scenario_id = NULL;
  g_autofree char *part_name = NULL;
  g_autofree char *locale = NULL;
  HeraldPart part = HERALD_PART_HTML;
  const char *output;
  GOptionEntry entries[] = {
    { "scenario", 's', 0, G_OPTION_ARG_STRING, &scenario_id,
      N_ ("Scenario to render (default: the first by id)"), N_ ("NAME") },
    { "part", 'p', 0, G_OPTION_ARG_STRING, &part_name,
      N_ ("Part to print: subject, preheader, html or text (default: html)"), N_ ("PART") },
    { "locale", 'l', 0, G_OPTION_ARG_STRING, &locale,
      N_ ("Render the translation for this locale, or en-XA for the pseudo-locale (default: the "
          "source)"),
      N_ ("LOCALE") },
    { NULL },
  };

  if (!herald_cli_parse_options (&argc, &argv, _ ("LIBRARY TEMPLATE — print a rendered template"),
                                 NULL, entries))
    return HERALD_CLI_EXIT_USAGE;
  if (argc != 3)
    {
      g_printerr (_ ("%s: expected a library folder and a template id\n"), argv[0]);
      return HERALD_CLI_EXIT_USAGE;
    }
  if (part_name != NULL && !parse_part (part_name, &part))
    {
      g_printerr (_ ("%s: unknown part “%s” (use subject, preheader, html or text)\n"), argv[0],
                  part_name);
      return HERALD_CLI_EXIT_USAGE;
    }

  library = herald_cli_load_library (argv[0], argv[1]);
  if (library == NULL)
    return HERALD_CLI_EXIT_USAGE;
  tmpl = herald_library_find_template (library, argv[2]);
  if (tmpl == NULL)
    {
      g_printerr (_ ("%s: the library has no template “%s”\n"), argv[0], argv[2]);
      return HERALD_CLI_EXIT_USAGE;
    }
  g_object_ref (tmpl);

  if (scenario_id != NULL)
    {
      scenario = herald_template_find_scenario (tmpl, scenario_id);
      if (scenario == NULL)
        scenario = find_scenario_by_name (tmpl, scenario_id);
      if (scenario == NULL)
        {
          g_printerr (_ ("%s: the template “%s” has no scenario “%s”\n"), argv[0], argv[2],
                      scenario_id);
          return HERALD_CLI_EXIT_USAGE;
        }
      g_object_ref (scenario);
    }
  else
    {
      scenario = first_scenario (tmpl);
    }

  if (locale == NULL)
    {
      rendered = herald_render_template (tmpl, scenario, &diagnostic, &error);
    }
  else
    {
      g_autoptr (HeraldLocalizedTemplate) localized =
          herald_l10n_localize (library, tmpl, locale, NULL, &error);

      if (localized == NULL)
        {
          g_printerr ("%s: %s\n", argv[0], error->message);
          /* A Plural-Forms that cannot be read is a finding in a file, not an I/O failure. */
          return g_error_matches (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PLURAL_FORMS)
                     ? HERALD_CLI_EXIT_FINDINGS
                     : HERALD_CLI_EXIT_USAGE;
        }
      rendered = herald_render_localized (tmpl, localized, scenario, &diagnostic, &error);
    }
  if (rendered == NULL)
    {
      if (diagnostic != NULL)
        {
          g_autofree char *line = herald_diagnostic_to_string (diagnostic);

          g_printerr ("%s\n", line);
        }
      else
        {
          g_printerr ("%s: %s\n", argv[0], error->message);
        }
      return HERALD_CLI_EXIT_FINDINGS;
    }

  output = herald_rendered_get_part (rendered, part);
  fwrite (output, 1, strlen (output), stdout);
  if (fflush (stdout) != 0)
    return HERALD_CLI_EXIT_USAGE;
  return HERALD_CLI_EXIT_OK;
}
