/* herald-cli-lint.c: `herald-cli lint LIBRARY [TEMPLATE…]`, the checks panel for CI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "herald-client-support.h"
#include "herald-cli-commands.h"
#include "herald-l10n-error.h"
#include "herald-l10n-library.h"
#include "herald-l10n-lint.h"
#include "herald-core.h"
#include "herald-lint.h"

static JsonNode *
diagnostics_to_json (GPtrArray *diagnostics)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);
      g_autofree char *text = herald_diagnostic_to_string (diagnostic);

      json_builder_begin_object (builder);
      herald_cli_json_add_string (builder, "rule", herald_diagnostic_get_rule_id (diagnostic));
      herald_cli_json_add_string (
          builder, "kind",
          herald_diagnostic_kind_to_string (herald_diagnostic_get_kind (diagnostic)));
      herald_cli_json_add_string (
          builder, "severity",
          herald_severity_to_string (herald_diagnostic_get_severity (diagnostic)));
      herald_cli_json_add_string (builder, "template",
                                  herald_diagnostic_get_template_id (diagnostic));
      herald_cli_json_add_string (builder, "locale", herald_diagnostic_get_locale (diagnostic));
      herald_cli_json_add_string (builder, "scenario",
                                  herald_diagnostic_get_scenario_id (diagnostic));
      herald_cli_json_add_string (builder, "part",
                                  herald_part_to_string (herald_diagnostic_get_part (diagnostic)));
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, herald_diagnostic_get_line (diagnostic));
      json_builder_set_member_name (builder, "column");
      json_builder_add_int_value (builder, herald_diagnostic_get_column (diagnostic));
      herald_cli_json_add_string (builder, "message", herald_diagnostic_get_message (diagnostic));
      herald_cli_json_add_string (builder, "fix", herald_diagnostic_get_fix (diagnostic));
      herald_cli_json_add_string (builder, "text", text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static void
print_summary (GPtrArray *diagnostics)
{
  guint counts[3] = { 0 };

  for (guint i = 0; i < diagnostics->len; i++)
    counts[herald_diagnostic_get_severity (g_ptr_array_index (diagnostics, i))]++;
  g_printerr (_ ("%u error(s), %u warning(s), %u note(s)\n"), counts[HERALD_SEVERITY_ERROR],
              counts[HERALD_SEVERITY_WARNING], counts[HERALD_SEVERITY_INFO]);
}

static void
print_clients (void)
{
  HeraldClientSupport *support = herald_client_support_get_default ();
  const char *const *all = herald_client_support_get_clients (support);
  const char *const *defaults = herald_client_support_get_default_clients ();

  /* TRANSLATORS: %s are the version and the date of the caniemail data */
  printf (_ ("Email clients (caniemail data %s, taken %s; * = checked by default):\n"),
          herald_client_support_get_version (support),
          herald_client_support_get_snapshot_date (support));
  for (guint i = 0; all[i] != NULL; i++)
    {
      g_autofree char *label = herald_client_support_dup_client_label (support, all[i]);

      printf ("%c %-28s %s\n", g_strv_contains (defaults, all[i]) ? '*' : ' ', all[i], label);
    }
}

/* A comma-separated list of known clients, or NULL after saying which name is unknown. */
static char **
parse_clients (const char *program, const char *list)
{
  HeraldClientSupport *support = herald_client_support_get_default ();
  g_auto (GStrv) names = g_strsplit (list, ",", -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (names[i][0] == '\0')
        continue;
      if (!herald_client_support_has_client (support, names[i]))
        {
          g_printerr (_ ("%s: “%s” is not an email client Herald knows; use caniemail's "
                         "family.platform names such as outlook.windows (--clients=help lists "
                         "them)\n"),
                      program, names[i]);
          return NULL;
        }
      g_strv_builder_add (builder, names[i]);
    }
  return g_strv_builder_end (builder);
}

/* The catalogue of each locale, in order; NULL and error at the first that cannot be read. */
static GPtrArray *
load_catalogs (HeraldLibrary *library, char **locales, GError **error)
{
  g_autoptr (GPtrArray) catalogs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint l = 0; locales[l] != NULL; l++)
    {
      HeraldPoCatalog *catalog = herald_l10n_load_catalog (library, locales[l], error);

      if (catalog == NULL)
        return NULL;
      g_ptr_array_add (catalogs, catalog);
    }
  return g_steal_pointer (&catalogs);
}

/* The translation checks of the templates, run template by template. */
typedef struct
{
  HeraldLibrary *library;
  char **locales;
  guint n_locales;
  /* Each read once for all the templates, when the first template to check needs them. */
  GPtrArray *catalogs;
  /* The findings of each locale, printed locale by locale after the template checks'. */
  GPtrArray *per_locale;
  GError *error;
} TranslationLint;

static void
translation_lint_init (TranslationLint *self, HeraldLibrary *library, char **locales)
{
  self->library = library;
  self->locales = locales;
  self->n_locales = g_strv_length (locales);
  self->catalogs = NULL;
  self->per_locale = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint l = 0; l < self->n_locales; l++)
    g_ptr_array_add (self->per_locale, g_ptr_array_new_with_free_func (g_object_unref));
  self->error = NULL;
}

static void
translation_lint_clear (TranslationLint *self)
{
  g_clear_pointer (&self->catalogs, g_ptr_array_unref);
  g_clear_pointer (&self->per_locale, g_ptr_array_unref);
  g_clear_error (&self->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TranslationLint, translation_lint_clear)

/* A HeraldLintTemplateFunc: the translations of tmpl are checked right after its template
 * checks, which hand over the parts they parsed. FALSE, with self->error set, on the first
 * catalogue or template that cannot be checked. */
static gboolean
lint_translations (HeraldTemplate *tmpl, HeraldTlTemplate *const *parsed, gpointer user_data)
{
  TranslationLint *self = user_data;
  g_autoptr (GPtrArray) found = NULL;

  if (self->catalogs == NULL)
    self->catalogs = load_catalogs (self->library, self->locales, &self->error);
  if (self->catalogs == NULL)
    return FALSE;
  found = herald_l10n_lint_template_locales (
      tmpl, (HeraldPoCatalog *const *) self->catalogs->pdata, self->catalogs->len,
      herald_template_get_scenarios (tmpl), parsed, &self->error);
  if (found == NULL)
    return FALSE;
  for (guint l = 0; l < self->n_locales; l++)
    g_ptr_array_extend (g_ptr_array_index (self->per_locale, l), g_ptr_array_index (found, l),
                        (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  return TRUE;
}

static int
translation_lint_failed (TranslationLint *self, const char *program)
{
  g_printerr ("%s: %s\n", program, self->error->message);
  /* A Plural-Forms that cannot be read is a finding in a file, not an I/O failure. */
  return g_error_matches (self->error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PLURAL_FORMS)
             ? HERALD_CLI_EXIT_FINDINGS
             : HERALD_CLI_EXIT_USAGE;
}

/* herald-cli exits as soon as its command returns, and the end of the process frees the
 * library and the findings at once: finalized one by one, every template, scenario and
 * finding of a big library would be walked (some 200 M instructions for 1,000 templates,
 * 3 % of the lint). A reference to each is kept in statics, so that they stay reachable
 * for leak checkers. */
static void
keep_until_exit (HeraldLibrary *library, GPtrArray *diagnostics)
{
  static HeraldLibrary *kept_library;
  static GPtrArray *kept_diagnostics;

  g_set_object (&kept_library, library);
  g_clear_pointer (&kept_diagnostics, g_ptr_array_unref);
  kept_diagnostics = g_ptr_array_ref (diagnostics);
}

int
herald_cli_lint_run (int argc, char **argv)
{
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GPtrArray) diagnostics = NULL;
  gboolean json = FALSE;
  g_auto (GStrv) locales = NULL;
  g_autofree char *clients_option = NULL;
  g_auto (GStrv) clients = NULL;
  /* Cleared on every return: it stays empty until the locales are known. */
  g_auto (TranslationLint) translations = { 0 };
  GOptionEntry entries[] = {
    { "clients", 0, 0, G_OPTION_ARG_STRING, &clients_option,
      N_ ("Check support in these email clients instead of the library's (comma-separated "
          "family.platform names; “help” lists them)"),
      N_ ("LIST") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print the findings as JSON"), NULL },
    { "locale", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &locales,
      N_ ("Also check the translation for this locale (repeatable)"), N_ ("LOCALE") },
    { NULL },
  };

  if (!herald_cli_parse_options (&argc, &argv, _ ("LIBRARY [TEMPLATE…] — check templates"), NULL,
                                 entries))
    return HERALD_CLI_EXIT_USAGE;
  if (clients_option != NULL && g_str_equal (clients_option, "help"))
    {
      print_clients ();
      return HERALD_CLI_EXIT_OK;
    }
  if (argc < 2)
    {
      g_printerr (_ ("%s: expected a library folder\n"), argv[0]);
      return HERALD_CLI_EXIT_USAGE;
    }
  if (clients_option != NULL && (clients = parse_clients (argv[0], clients_option)) == NULL)
    return HERALD_CLI_EXIT_USAGE;

  library = herald_cli_load_library (argv[0], argv[1]);
  if (library == NULL)
    return HERALD_CLI_EXIT_USAGE;

  if (locales != NULL && locales[0] != NULL)
    translation_lint_init (&translations, library, locales);

  if (argc == 2 && locales != NULL && locales[0] != NULL)
    {
      /* Each template's translations are checked after its template checks, while the parts
       * these parsed are at hand; the order of the findings is that of two passes. */
      diagnostics = herald_lint_library_each (library, (const char *const *) clients,
                                              lint_translations, &translations);
      if (diagnostics == NULL)
        return translation_lint_failed (&translations, argv[0]);
    }
  else if (argc == 2)
    {
      diagnostics = herald_lint_library_for_clients (library, (const char *const *) clients);
    }
  else
    {
      diagnostics = g_ptr_array_new_with_free_func (g_object_unref);
      for (int i = 2; i < argc; i++)
        {
          HeraldTemplate *tmpl = herald_library_find_template (library, argv[i]);
          g_autoptr (GPtrArray) found = NULL;

          if (tmpl == NULL)
            {
              g_printerr (_ ("%s: the library has no template “%s”\n"), argv[0], argv[i]);
              return HERALD_CLI_EXIT_USAGE;
            }
          found = herald_lint_template_in_library_for_clients (tmpl, library,
                                                               (const char *const *) clients);
          for (guint j = 0; j < found->len; j++)
            g_ptr_array_add (diagnostics, g_object_ref (g_ptr_array_index (found, j)));
        }
    }

  if (locales != NULL && locales[0] != NULL)
    {
      /* Templates named: their translations are checked after all the template checks (a
       * name the library lacks is a usage error before any catalogue is read), in the
       * library's order, each once. */
      if (argc > 2)
        {
          guint n = g_list_model_get_n_items (G_LIST_MODEL (library));

          for (guint i = 0; i < n; i++)
            {
              g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (library), i);

              if (g_strv_contains ((const char *const *) argv + 2, herald_template_get_id (tmpl)) &&
                  !lint_translations (tmpl, NULL, &translations))
                return translation_lint_failed (&translations, argv[0]);
            }
        }
      for (guint l = 0; l < translations.n_locales; l++)
        g_ptr_array_extend (diagnostics, g_ptr_array_index (translations.per_locale, l),
                            (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
    }

  if (json)
    {
      g_autoptr (JsonNode) root = diagnostics_to_json (diagnostics);
      g_autofree char *text = json_to_string (root, TRUE);

      printf ("%s\n", text);
    }
  else
    {
      for (guint i = 0; i < diagnostics->len; i++)
        {
          g_autofree char *line = herald_diagnostic_to_string (g_ptr_array_index (diagnostics, i));

          printf ("%s\n", line);
        }
      print_summary (diagnostics);
    }
  keep_until_exit (library, diagnostics);

  if (fflush (stdout) != 0)
    return HERALD_CLI_EXIT_USAGE;
  if (herald_lint_max_severity (diagnostics) >= HERALD_SEVERITY_ERROR)
    return HERALD_CLI_EXIT_FINDINGS;
  return HERALD_CLI_EXIT_OK;
}
