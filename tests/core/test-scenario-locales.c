/* test-scenario-locales.c: a scenario's per-locale variables ("locales").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "herald-core.h"
#include "herald-lint.h"
#include "herald-render.h"
#include "herald-test-files.h"

static const char *SCENARIO = "{\n"
                              "  \"name\": \"Card\",\n"
                              "  \"variables\": {\n"
                              "    \"firstname\": \"Claire\",\n"
                              "    \"amount_display\": \"€1,249.00\",\n"
                              "    \"card\": {\"brand\": \"Visa\", \"mask\": \"4821\"},\n"
                              "    \"items\": [\"a\", \"b\"]\n"
                              "  },\n"
                              "  \"locales\": {\n"
                              "    \"fr\": {\n"
                              "      \"amount_display\": \"1\u202f249,00\u00a0€\",\n"
                              "      \"card\": {\"brand\": \"Carte Visa\"},\n"
                              "      \"items\": [\"c\"]\n"
                              "    },\n"
                              "    \"de\": {\"amount_display\": \"1.249,00\u00a0€\"}\n"
                              "  }\n"
                              "}\n";

static const char *
string_member (JsonObject *object, const char *name)
{
  return json_object_get_string_member (object, name);
}

/* The locale's values replace the base's by name; everything else is the base's. */
static void
test_merge (void)
{
  g_autoptr (HeraldScenario) scenario = herald_scenario_new_from_text ("/x/card.json", SCENARIO);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) fr = herald_scenario_dup_variables_for_locale (scenario, "fr", &error);
  g_autoptr (JsonObject) de = NULL;
  g_autoptr (JsonObject) source = NULL;
  JsonObject *card;
  JsonObject *base;

  g_assert_no_error (error);
  g_assert_nonnull (fr);
  g_assert_cmpstr (string_member (fr, "amount_display"), ==, "1\u202f249,00\u00a0€");
  g_assert_cmpstr (string_member (fr, "firstname"), ==, "Claire");
  /* Shallow: an object override replaces the whole object, "mask" is gone. */
  card = json_object_get_object_member (fr, "card");
  g_assert_cmpstr (string_member (card, "brand"), ==, "Carte Visa");
  g_assert_false (json_object_has_member (card, "mask"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (fr, "items")), ==, 1);

  de = herald_scenario_dup_variables_for_locale (scenario, "de", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (string_member (de, "amount_display"), ==, "1.249,00\u00a0€");
  g_assert_cmpstr (string_member (json_object_get_object_member (de, "card"), "mask"), ==, "4821");

  /* The source locale and a locale without values get the base; the base is untouched. */
  source = herald_scenario_dup_variables_for_locale (scenario, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (string_member (source, "amount_display"), ==, "€1,249.00");
  g_clear_pointer (&source, json_object_unref);
  source = herald_scenario_dup_variables_for_locale (scenario, "it", &error);
  g_assert_cmpstr (string_member (source, "amount_display"), ==, "€1,249.00");
  base = herald_scenario_get_variables (scenario, &error);
  g_assert_cmpstr (string_member (base, "amount_display"), ==, "€1,249.00");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (base, "items")), ==, 2);
}

/* A regional locale without values of its own takes its language's. */
static void
test_language_fallback (void)
{
  g_autoptr (HeraldScenario) scenario = herald_scenario_new_from_text ("/x/card.json", SCENARIO);
  g_autoptr (JsonObject) fr_ca = herald_scenario_dup_variables_for_locale (scenario, "fr_CA", NULL);
  g_autoptr (JsonObject) de_at = herald_scenario_dup_variables_for_locale (scenario, "de-AT", NULL);

  g_assert_cmpstr (string_member (fr_ca, "amount_display"), ==, "1\u202f249,00\u00a0€");
  g_assert_cmpstr (string_member (de_at, "amount_display"), ==, "1.249,00\u00a0€");
}

/* The template language sees the locale's values. */
static void
test_render (void)
{
  g_autoptr (HeraldScenario) scenario = herald_scenario_new_from_text ("/x/card.json", SCENARIO);
  g_autoptr (GError) error = NULL;
  g_autofree char *fr = herald_render_source_for_locale (
      "{{var:firstname}}: {{var:amount_display}}, {{var:card.brand}}", HERALD_PART_SUBJECT, "alert",
      scenario, "fr", NULL, &error);
  g_autofree char *source = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (fr, ==, "Claire: 1\u202f249,00\u00a0€, Carte Visa");
  source = herald_render_source ("{{var:amount_display}}", HERALD_PART_SUBJECT, "alert", scenario,
                                 NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (source, ==, "€1,249.00");
}

static char *
render_with (HeraldRenderContext *context, const char *source)
{
  g_autoptr (HeraldTlTemplate) tree = herald_tl_template_parse (source, -1, NULL, NULL);
  g_autoptr (GString) out = g_string_new (NULL);

  g_assert_true (
      herald_tl_template_render (tree, herald_render_context_get_tl (context), out, NULL, NULL));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A context moved to another locale renders as one made for it; when the scenario's values
 * can no longer be read, it is left as it was. */
static void
test_context_set_locale (void)
{
  const char *source = "{{var:amount_display}} {{var:card.brand}}";
  g_autoptr (HeraldScenario) scenario = herald_scenario_new_from_text ("/x/card.json", SCENARIO);
  g_autoptr (HeraldRenderContext) context =
      herald_render_context_new_for_locale (NULL, "alert", scenario, "fr", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *fr = render_with (context, source);
  g_autofree char *de = NULL;
  g_autofree char *base = NULL;
  g_autofree char *kept = NULL;

  g_assert_cmpstr (fr, ==, "1\u202f249,00\u00a0€ Carte Visa");
  g_assert_true (herald_render_context_set_locale (context, "de", &error));
  g_assert_no_error (error);
  de = render_with (context, source);
  g_assert_cmpstr (de, ==, "1.249,00\u00a0€ Visa");
  g_assert_true (herald_render_context_set_locale (context, NULL, &error));
  base = render_with (context, source);
  g_assert_cmpstr (base, ==, "€1,249.00 Visa");

  herald_scenario_set_text (scenario, "{\"variables\": {\"a\": 1}, \"locales\": {\"fr\": 1}}");
  g_assert_false (herald_render_context_set_locale (context, "fr", &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  kept = render_with (context, source);
  g_assert_cmpstr (kept, ==, "€1,249.00 Visa");
}

/* "locales" that is not an object of objects is an error that names the file and member. */
static void
test_bad_format (void)
{
  const char *texts[] = {
    "{\"variables\": {\"a\": 1}, \"locales\": [\"fr\"]}",
    "{\"variables\": {\"a\": 1}, \"locales\": {\"fr\": \"1,00\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (HeraldScenario) scenario =
          herald_scenario_new_from_text ("/lib/scenarios/broken.json", texts[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonObject) variables =
          herald_scenario_dup_variables_for_locale (scenario, "fr", &error);

      g_assert_null (variables);
      g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "/lib/scenarios/broken.json"));
      g_assert_nonnull (strstr (error->message, "\"locales\""));
    }
}

static guint
count_rule (GPtrArray *diagnostics, const char *rule_id, const char *needle)
{
  guint n = 0;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (g_strcmp0 (herald_diagnostic_get_rule_id (diagnostic), rule_id) == 0 &&
          strstr (herald_diagnostic_get_message (diagnostic), needle) != NULL)
        {
          g_assert_cmpint (herald_diagnostic_get_severity (diagnostic), ==,
                           HERALD_SEVERITY_WARNING);
          g_assert_cmpstr (herald_diagnostic_get_scenario_id (diagnostic), ==, "card");
          n++;
        }
    }
  return n;
}

/* Values for a locale the library does not translate to, and a value for a variable the base
 * lacks, are warnings; the library's own locales with known variables are not. */
static void
test_lint (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-test-XXXXXX", &error);
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GPtrArray) in_library = NULL;
  g_autoptr (GPtrArray) alone = NULL;
  HeraldTemplate *tmpl;

  g_assert_no_error (error);
  herald_test_write_file (
      dir, "herald.json",
      "{\"format\": 1, \"name\": \"T\", \"sourceLocale\": \"en\", \"targetLocales\": "
      "[\"fr\"], \"from\": {\"email\": \"a@example.com\", \"name\": \"A\"}}");
  herald_test_write_file (
      dir, "templates/alert/template.json",
      "{\"name\": \"Alert\", \"subject\": \"{{var:amount}}\", \"preheader\": \"\"}");
  herald_test_write_file (dir, "templates/alert/body.html", "<p>{{var:amount}}</p>\n");
  herald_test_write_file (dir, "templates/alert/body.txt", "{{var:amount}}\n");
  herald_test_write_file (dir, "templates/alert/scenarios/card.json",
                          "{\"variables\": {\"amount\": \"€1.00\"}, \"locales\": {"
                          "\"fr\": {\"amount\": \"1,00 €\"}, \"es\": {\"amount\": \"1,00 €\"},"
                          " \"de\": {\"amount\": \"1,00 €\", \"amount_long\": \"ein Euro\"}}}");

  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  tmpl = herald_library_find_template (library, "alert");
  g_assert_nonnull (tmpl);

  in_library = herald_lint_template_in_library (tmpl, library);
  g_assert_cmpuint (count_rule (in_library, "locale-override-unknown-locale", "“es”"), ==, 1);
  g_assert_cmpuint (count_rule (in_library, "locale-override-unknown-locale", "“de”"), ==, 1);
  g_assert_cmpuint (count_rule (in_library, "locale-override-unknown-locale", "“fr”"), ==, 0);
  g_assert_cmpuint (count_rule (in_library, "locale-override-unknown-variable", "“amount_long”"),
                    ==, 1);
  g_assert_cmpuint (count_rule (in_library, "locale-override-unknown-variable", "“amount”"), ==, 0);

  /* The whole library's checks say the same. */
  {
    g_autoptr (GPtrArray) all = herald_lint_library (library);

    g_assert_cmpuint (count_rule (all, "locale-override-unknown-locale", "“es”"), ==, 1);
  }

  /* Without the library, the locales cannot be judged; the variables still can. */
  alone = herald_lint_template (tmpl);
  g_assert_cmpuint (count_rule (alone, "locale-override-unknown-locale", "“es”"), ==, 0);
  g_assert_cmpuint (count_rule (alone, "locale-override-unknown-variable", "“amount_long”"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/herald/scenario/locales/merge", test_merge);
  g_test_add_func ("/herald/scenario/locales/language-fallback", test_language_fallback);
  g_test_add_func ("/herald/scenario/locales/render", test_render);
  g_test_add_func ("/herald/scenario/locales/context-set-locale", test_context_set_locale);
  g_test_add_func ("/herald/scenario/locales/bad-format", test_bad_format);
  g_test_add_func ("/herald/scenario/locales/lint", test_lint);

  return g_test_run ();
}
