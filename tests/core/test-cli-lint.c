/* test-cli-lint.c: `herald-cli lint` and `herald-cli render` as a CI job runs them: exit
 * statuses, the compiler-like line format, JSON, and byte-for-byte agreement with the
 * preview's renderer. The binary comes from HERALD_CLI (set by meson).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "herald-core.h"
#include "herald-render.h"
#include "herald-test-files.h"

typedef HeraldTestRun Run;

/* Runs herald-cli with LANGUAGE=language in a UTF-8 locale, or as the test runs (English)
 * when language is NULL. */
static Run
run_cli_va (const char *language, const char *first, va_list args)
{
  const char *in_language[] = { NULL, "LC_ALL=C.UTF-8", NULL };
  g_autofree char *language_env = g_strconcat ("LANGUAGE=", language, NULL);

  in_language[0] = language_env;
  return herald_test_run_cli_va (language != NULL ? in_language : NULL, first, args);
}

static Run
run_cli (const char *first, ...)
{
  va_list args;
  Run run;

  va_start (args, first);
  run = run_cli_va (NULL, first, args);
  va_end (args);
  return run;
}

static Run
run_cli_in (const char *language, const char *first, ...)
{
  va_list args;
  Run run;

  va_start (args, first);
  run = run_cli_va (language, first, args);
  va_end (args);
  return run;
}

/* The translation of msgid in po/LANGUAGE.po as its translators wrote it, compiled here by the
 * real msgfmt into a domain of the test's own, so that nothing comes from the code under test
 * or from the build's catalogues. */
static char *
catalogue_lookup (const char *language, const char *msgid)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-po-XXXXXX", &error);
  g_autofree char *folder = NULL;
  g_autofree char *mo = NULL;
  g_autofree char *po = NULL;
  g_autofree char *po_name = g_strconcat (language, ".po", NULL);
  const char *source_dir = g_getenv ("HERALD_SOURCE_DIR");
  int wait_status = 0;
  char *translation;

  g_assert_no_error (error);
  g_assert_nonnull (source_dir);
  folder = g_build_filename (dir, language, "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  mo = g_build_filename (folder, "herald-expected.mo", NULL);
  po = g_build_filename (source_dir, "po", po_name, NULL);
  {
    const char *argv[] = { "msgfmt", "--check", "-o", mo, po, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  &wait_status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  }

  /* gettext reads LANGUAGE only outside the C locale; glibc always has C.UTF-8. */
  g_assert_nonnull (setlocale (LC_MESSAGES, "C.UTF-8"));
  bindtextdomain ("herald-expected", dir);
  bind_textdomain_codeset ("herald-expected", "UTF-8");
  g_setenv ("LANGUAGE", language, TRUE);
  translation = g_strdup (dgettext ("herald-expected", msgid));
  g_unsetenv ("LANGUAGE");
  setlocale (LC_MESSAGES, "C");

  g_unlink (mo);
  g_rmdir (folder);
  g_clear_pointer (&folder, g_free);
  folder = g_build_filename (dir, language, NULL);
  g_rmdir (folder);
  g_rmdir (dir);

  g_assert_cmpstr (translation, !=, msgid);
  return translation;
}

/* A one-template library; html replaces the body. */
static char *
make_library (const char *html)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("herald-cli-XXXXXX", &error);

  g_assert_no_error (error);
  herald_test_write_file (
      dir, "herald.json",
      "{\"format\": 1, \"name\": \"T\", \"sourceLocale\": \"en\", \"targetLocales\": [],"
      " \"from\": {\"email\": \"alerts@ledgerly.example\", \"name\": \"Ledgerly\"}}");
  herald_test_write_file (dir, "templates/alert/template.json",
                          "{\"name\": \"Alert\", \"subject\": \"Hi {{var:name}}\","
                          " \"preheader\": \"Balance {{var:balance}}\", \"tags\": []}");
  herald_test_write_file (dir, "templates/alert/body.html", html);
  herald_test_write_file (dir, "templates/alert/body.txt", "Hello {{var:name}} {{var:balance}}\n");
  herald_test_write_file (
      dir, "templates/alert/scenarios/b-second.json",
      "{\"name\": \"Second\", \"variables\": {\"name\": \"Tom\", \"balance\": 7}}");
  herald_test_write_file (
      dir, "templates/alert/scenarios/a-first.json",
      "{\"name\": \"First\", \"variables\": {\"name\": \"Léa\", \"balance\": -42.5}}");
  return dir;
}

static void
test_lint_clean (void)
{
  g_autofree char *lib = make_library ("<p>Hello {{var:name}}, {{var:balance}}</p>\n");
  Run run = run_cli ("lint", lib, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (strstr (run.err, "0 error(s), 0 warning(s)") != NULL);
  herald_test_run_clear (&run);
}

static void
test_lint_errors (void)
{
  g_autofree char *lib =
      make_library ("<p>Hello {{var:name}}</p>\n<p>{% if var:balance < 0 %}{{var:balance}}</p>\n");
  Run run = run_cli ("lint", lib, "alert", NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==,
                   "templates/alert/body.html:2:7: error: not valid template: {% if %} is never "
                   "closed with {% endif %} [syntax-error]\n");
  herald_test_run_clear (&run);
}

static void
test_lint_warnings_only (void)
{
  g_autofree char *lib =
      make_library ("<p>Hello {{var:name}} {{var:balance}}</p><img src=\"https://e.com/a.png\">\n");
  Run run = run_cli ("lint", lib, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "templates/alert/body.html:1:42: warning: "));
  g_assert_true (g_str_has_suffix (run.out, " [img-alt]\n"));
  herald_test_run_clear (&run);
}

/* `LANGUAGE=de herald-cli lint` speaks German: the findings and fix hints of the checks and
 * the errors of the template language come from the build tree's catalogue. */
static void
test_lint_german (void)
{
  g_autofree char *no_alt =
      make_library ("<p>Hello {{var:name}} {{var:balance}}</p><img src=\"https://e.com/a.png\">\n");
  g_autofree char *empty_output =
      make_library ("<p>Hello {{var:name}} {{var:balance}} {{ }}</p>\n");
  g_autofree char *alt_finding = catalogue_lookup (
      "de", "This image has no alt text: with images off (the default in many mail clients) "
            "readers see nothing");
  g_autofree char *alt_fix = catalogue_lookup (
      "de", "Describe the image in alt=\"…\", or write alt=\"\" if it is decorative");
  g_autofree char *syntax =
      catalogue_lookup ("de", "Empty {{ }}: write a variable or an expression inside");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *first;
  Run run;

  run = run_cli_in ("de", "lint", no_alt, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "templates/alert/body.html:1:42: warning: "));
  g_assert_nonnull (strstr (run.out, alt_finding));
  g_assert_true (g_str_has_suffix (run.out, " [img-alt]\n"));
  herald_test_run_clear (&run);

  run = run_cli_in ("de", "lint", "--json", no_alt, NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  first = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "rule"), ==, "img-alt");
  g_assert_cmpstr (json_object_get_string_member (first, "severity"), ==, "warning");
  g_assert_cmpstr (json_object_get_string_member (first, "message"), ==, alt_finding);
  g_assert_cmpstr (json_object_get_string_member (first, "fix"), ==, alt_fix);
  herald_test_run_clear (&run);

  run = run_cli_in ("de", "lint", empty_output, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, syntax));
  g_assert_nonnull (strstr (run.out, " [syntax-error]\n"));
  herald_test_run_clear (&run);
}

static void
test_lint_json (void)
{
  g_autofree char *lib = make_library ("<p>{{var:name}} {{var:balance}} {{var:oops}}</p>\n");
  Run run = run_cli ("lint", "--json", lib, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *array;
  JsonObject *first;

  g_assert_cmpint (run.status, ==, 1);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), >=, 2);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "rule"), ==, "evaluation-error");
  g_assert_cmpstr (json_object_get_string_member (first, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (first, "template"), ==, "alert");
  g_assert_cmpstr (json_object_get_string_member (first, "part"), ==, "html");
  g_assert_cmpstr (json_object_get_string_member (first, "scenario"), ==, "a-first");
  g_assert_cmpint (json_object_get_int_member (first, "line"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (first, "column"), ==, 35);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (first, "message"),
                                   "Unknown identifier: var:oops"));
  herald_test_run_clear (&run);
}

static void
test_usage_errors (void)
{
  g_autofree char *lib = make_library ("<p>{{var:name}} {{var:balance}}</p>\n");
  Run missing = run_cli ("lint", "/nonexistent/library", NULL);
  Run unknown = run_cli ("lint", lib, "no-such-template", NULL);
  Run no_args = run_cli ("lint", NULL);
  Run bad_part = run_cli ("render", lib, "alert", "--part", "footer", NULL);
  Run bad_scenario = run_cli ("render", lib, "alert", "--scenario", "nope", NULL);

  g_assert_cmpint (missing.status, ==, 2);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_cmpint (no_args.status, ==, 2);
  g_assert_cmpint (bad_part.status, ==, 2);
  g_assert_cmpint (bad_scenario.status, ==, 2);
  g_assert_cmpstr (bad_part.out, ==, "");
  herald_test_run_clear (&missing);
  herald_test_run_clear (&unknown);
  herald_test_run_clear (&no_args);
  herald_test_run_clear (&bad_part);
  herald_test_run_clear (&bad_scenario);
}

/* --clients: the chosen clients replace the library's; an unknown name is a usage error that
 * names it; --clients=help lists the names with the defaults starred. */
static void
test_lint_clients (void)
{
  g_autofree char *lib =
      make_library ("<html><body><p style=\"border-radius:4px\">{{var:name}} {{var:balance}}</p>"
                    "</body></html>\n");
  Run outlook = run_cli ("lint", lib, "--clients", "outlook.windows", NULL);
  Run apple = run_cli ("lint", lib, "--clients=apple-mail.ios", NULL);
  Run unknown = run_cli ("lint", lib, "--clients", "outlook.windows,outlook.windowz", NULL);
  Run help = run_cli ("lint", "--clients=help", NULL);
  Run json = run_cli ("lint", lib, "--clients", "outlook.windows", "--json", NULL);

  /* caniemail: border-radius is "n" in Outlook for Windows, "y" in Apple Mail for iOS. */
  g_assert_cmpint (outlook.status, ==, 0);
  g_assert_nonnull (strstr (outlook.out, "border-radius is not supported in Outlook Windows "
                                         "[client-support]"));
  g_assert_null (strstr (outlook.out, "Gmail"));
  g_assert_cmpint (apple.status, ==, 0);
  g_assert_null (strstr (apple.out, "[client-support]"));
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "“outlook.windowz”"));
  g_assert_cmpstr (unknown.out, ==, "");
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "* outlook.windows"));
  g_assert_nonnull (strstr (help.out, "  thunderbird.windows"));
  /* --json carries the group of each finding. */
  g_assert_nonnull (
      strstr (json.out, "\"rule\" : \"client-support\",\n    \"kind\" : \"clients\""));
  herald_test_run_clear (&json);
  herald_test_run_clear (&outlook);
  herald_test_run_clear (&apple);
  herald_test_run_clear (&unknown);
  herald_test_run_clear (&help);
}

static void
test_render (void)
{
  g_autofree char *lib =
      make_library ("<p>Hello {{var:name}}, {{ Round(var:balance, 2) }} {{mj:sender.name}}</p>\n");
  Run html = run_cli ("render", lib, "alert", NULL);
  Run subject =
      run_cli ("render", lib, "alert", "--part", "subject", "--scenario", "b-second", NULL);
  Run text = run_cli ("render", lib, "alert", "--part", "text", NULL);

  /* Default: the first scenario by id (a-first), the HTML part, nothing added. */
  g_assert_cmpint (html.status, ==, 0);
  g_assert_cmpstr (html.out, ==, "<p>Hello Léa, -42.5 Ledgerly</p>\n");
  g_assert_cmpint (subject.status, ==, 0);
  g_assert_cmpstr (subject.out, ==, "Hi Tom");
  g_assert_cmpstr (text.out, ==, "Hello Léa -42.5\n");
  herald_test_run_clear (&html);
  herald_test_run_clear (&subject);
  herald_test_run_clear (&text);
}

static void
test_render_error (void)
{
  g_autofree char *lib = make_library ("<p>\n  {{var:day}}</p>\n");
  Run run = run_cli ("render", lib, "alert", NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err,
                                   "templates/alert/body.html:2:5: error: [scenario a-first] "
                                   "Unknown identifier: var:day"));
  herald_test_run_clear (&run);
}

/* The preview (herald_render_template) and the CLI agree byte for byte on the samples. */
static void
test_samples_agree (void)
{
  const char *samples = g_getenv ("HERALD_SAMPLES_DIR");
  g_autofree char *path =
      g_build_filename (samples != NULL ? samples : SOURCE_SAMPLES_DIR, "account-alerts", NULL);
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GError) error = NULL;
  Run lint;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_test_fail_printf ("the sample library data/samples/account-alerts is absent");
      return;
    }

  lint = run_cli ("lint", path, NULL);
  g_assert_cmpint (lint.status, ==, 0);
  herald_test_run_clear (&lint);

  library = herald_library_load (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
    {
      g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (library), i);
      GListModel *scenarios = herald_template_get_scenarios (tmpl);

      for (guint j = 0; j < g_list_model_get_n_items (scenarios); j++)
        {
          g_autoptr (HeraldScenario) scenario = g_list_model_get_item (scenarios, j);
          g_autoptr (HeraldRendered) rendered =
              herald_render_template (tmpl, scenario, NULL, &error);
          Run html = run_cli ("render", path, herald_template_get_id (tmpl), "--scenario",
                              herald_scenario_get_id (scenario), NULL);
          Run text = run_cli ("render", path, herald_template_get_id (tmpl), "--scenario",
                              herald_scenario_get_id (scenario), "--part", "text", NULL);

          g_assert_no_error (error);
          g_assert_cmpint (html.status, ==, 0);
          g_assert_cmpstr (html.out, ==, rendered->html);
          g_assert_cmpstr (text.out, ==, rendered->text);
          herald_test_run_clear (&html);
          herald_test_run_clear (&text);
        }
    }
}

/* --locale renders the translation from po/<locale>.po (expected text from the sample's
 * fr.po, written by its translator) and lint --locale adds the translation checks. */
static void
test_locale_options (void)
{
  g_autofree char *library =
      g_build_filename (g_getenv ("HERALD_SAMPLES_DIR"), "account-alerts", NULL);
  Run fr = run_cli ("render", library, "weekly-summary", "--locale", "fr", "--part", "subject",
                    "--scenario", "busy-week", NULL);
  Run pseudo = run_cli ("render", library, "weekly-summary", "--locale", "en-XA", "--part",
                        "subject", "--scenario", "busy-week", NULL);
  Run missing = run_cli ("render", library, "weekly-summary", "--locale", "xx", NULL);
  Run lint = run_cli ("lint", library, "overdraft-risk", "--locale", "fr", "--locale", "de", NULL);

  g_assert_cmpint (fr.status, ==, 0);
  /* French puts a no-break space before the colon. */
  g_assert_true (g_str_has_prefix (fr.out, "Votre récapitulatif de la semaine\u00a0: "));
  g_assert_cmpint (pseudo.status, ==, 0);
  g_assert_true (g_str_has_prefix (pseudo.out, "["));
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "xx.po"));
  /* The sample translations are complete: only the source's warnings remain. */
  g_assert_cmpint (lint.status, ==, 0);
  g_assert_null (strstr (lint.out, "[untranslated]"));
  g_assert_null (strstr (lint.out, "[fuzzy]"));

  herald_test_run_clear (&fr);
  herald_test_run_clear (&pseudo);
  herald_test_run_clear (&missing);
  herald_test_run_clear (&lint);
}

/* A scenario's "locales" values reach `render --locale` (and only that locale), and lint
 * warns about values for a locale the library does not translate to and about a variable
 * the base lacks. */
static void
test_render_locale_overrides (void)
{
  g_autofree char *lib = make_library ("<p>{{var:name}} {{var:balance}}</p>\n");
  Run fr, source, lint;

  herald_test_write_file (
      lib, "herald.json",
      "{\"format\": 1, \"name\": \"T\", \"sourceLocale\": \"en\","
      " \"targetLocales\": [\"fr\"],"
      " \"from\": {\"email\": \"alerts@ledgerly.example\", \"name\": \"Ledgerly\"}}");
  herald_test_write_file (
      lib, "po/fr.po",
      "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
      "\"Language: fr\\n\"\n\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n");
  herald_test_write_file (
      lib, "templates/alert/scenarios/a-first.json",
      "{\"name\": \"First\", \"variables\": {\"name\": \"Léa\", \"balance\": \"€42.50\"},"
      " \"locales\": {\"fr\": {\"balance\": \"42,50\u00a0€\"},"
      " \"de\": {\"balance\": \"42,50 €\", \"nickname\": \"Lé\"}}}");

  fr = run_cli ("render", lib, "alert", "--locale", "fr", NULL);
  source = run_cli ("render", lib, "alert", NULL);
  lint = run_cli ("lint", lib, NULL);

  g_assert_cmpint (fr.status, ==, 0);
  g_assert_nonnull (strstr (fr.out, ">Léa 42,50\u00a0€</p>"));
  g_assert_cmpint (source.status, ==, 0);
  g_assert_cmpstr (source.out, ==, "<p>Léa €42.50</p>\n");
  /* Warnings only. */
  g_assert_cmpint (lint.status, ==, 0);
  g_assert_nonnull (strstr (lint.out, "[scenario a-first] The sample data has values for “de”, "
                                      "which is not one of the library's target languages "
                                      "[locale-override-unknown-locale]"));
  g_assert_nonnull (strstr (lint.out, "[scenario a-first] The sample variable “nickname” is given "
                                      "for “de” but not in \"variables\""));
  g_assert_null (strstr (lint.out, "“fr”"));
  herald_test_run_clear (&fr);
  herald_test_run_clear (&source);
  herald_test_run_clear (&lint);
}

/* `lint --locale ar` on a library whose templates are fragments: the hard-coded inner
 * lang/dir and the fragment with no element for them are reported where they are written. */
static void
test_lint_locale_lang_dir (void)
{
  const char *data = g_getenv ("HERALD_TEST_DATA_DIR");
  g_autofree char *lib = NULL;
  Run run;

  g_assert_nonnull (data);
  lib = g_build_filename (data, "l10n", "fragment", NULL);
  run = run_cli ("lint", "--locale", "ar", lib, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "templates/forecast/body.html:7:12: warning: (ar) In ar, the "
                                     "<div> element keeps lang=\"en\""));
  g_assert_nonnull (strstr (run.out, "templates/forecast/body.html:7:22: warning: (ar) In ar, the "
                                     "<div> element keeps dir=\"ltr\""));
  g_assert_nonnull (strstr (run.out,
                            "templates/notice/body.html:2:1: warning: (ar) The HTML has no "
                            "<html> element"));
  g_assert_nonnull (strstr (run.out, "templates/notice/body.html:3:4: warning: (ar) In ar, the <p> "
                                     "element keeps dir=\"ltr\""));
  herald_test_run_clear (&run);
}

/* A Plural-Forms that cannot be read is a finding in that file (exit 1), named in the
 * message, not a usage or I/O error (exit 2). */
static void
test_plural_forms_error (void)
{
  g_autofree char *lib = make_library ("<p>Hello {{var:name}}</p>\n");
  Run lint, render;

  herald_test_write_file (lib, "po/fr.po",
                          "msgid \"\"\nmsgstr \"\"\n"
                          "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                          "\"Plural-Forms: nplurals=2; plural=(n > ;\\n\"\n\n"
                          "msgid \"Hello {{var:name}}\"\nmsgstr \"Bonjour {{var:name}}\"\n");
  lint = run_cli ("lint", lib, "--locale", "fr", NULL);
  render = run_cli ("render", lib, "alert", "--locale", "fr", NULL);

  g_assert_cmpint (lint.status, ==, 1);
  g_assert_nonnull (strstr (lint.err, "fr.po: "));
  g_assert_nonnull (strstr (lint.err, "Plural-Forms"));
  g_assert_cmpint (render.status, ==, 1);
  g_assert_nonnull (strstr (render.err, "fr.po: "));

  herald_test_run_clear (&lint);
  herald_test_run_clear (&render);
}

/* The findings grouped as they come: "alert" for a template's own, "fr:alert" for those of
 * its French translation, consecutive lines of one group counted once. */
static char *
finding_groups (const char *out)
{
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr (GString) groups = g_string_new (NULL);
  g_autofree char *last = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *name = lines[i] + strlen ("templates/");
      const char *locale = strstr (lines[i], ": (");
      g_autofree char *group = NULL;

      if (lines[i][0] == '\0')
        continue;
      g_assert_true (g_str_has_prefix (lines[i], "templates/"));
      group = g_strndup (name, strchr (name, '/') - name);
      if (locale != NULL)
        {
          g_autofree char *own = g_steal_pointer (&group);

          group = g_strdup_printf ("%.2s:%s", locale + 3, own);
        }
      if (last == NULL || !g_str_equal (last, group))
        g_string_append_printf (groups, "%s%s", groups->len > 0 ? " " : "", group);
      g_free (last);
      last = g_steal_pointer (&group);
    }
  return g_string_free (g_steal_pointer (&groups), FALSE);
}

/* With locales, the template checks' findings come first, template by template, then those
 * of each locale in the order given, template by template in the library's order, however
 * the checks of a template and of its translations are interleaved. */
static void
test_lint_locales_order (void)
{
  const char *html = "<p>Hello {{var:name}} {{var:balance}}</p><img src=\"https://e.com/a.png\">\n";
  const char *po = "msgid \"\"\nmsgstr \"\"\n"
                   "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                   "\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n";
  g_autofree char *lib = make_library (html);
  g_autofree char *all_groups = NULL;
  g_autofree char *named_groups = NULL;
  Run all, named;

  herald_test_write_file (lib, "templates/beta/template.json",
                          "{\"name\": \"Beta\", \"subject\": \"Hi {{var:name}}\","
                          " \"preheader\": \"Balance {{var:balance}}\", \"tags\": []}");
  herald_test_write_file (lib, "templates/beta/body.html", html);
  herald_test_write_file (lib, "templates/beta/body.txt", "Hello {{var:name}}\n");
  herald_test_write_file (lib, "templates/beta/scenarios/one.json",
                          "{\"name\": \"One\", \"variables\": {\"name\": \"Tom\", "
                          "\"balance\": 7}}");
  herald_test_write_file (lib, "po/fr.po", po);
  herald_test_write_file (lib, "po/de.po", po);

  all = run_cli ("lint", "--locale", "fr", "--locale", "de", lib, NULL);
  named = run_cli ("lint", "--locale", "fr", "--locale", "de", lib, "beta", "alert", NULL);
  g_assert_cmpint (all.status, ==, 0);
  g_assert_cmpint (named.status, ==, 0);
  all_groups = finding_groups (all.out);
  named_groups = finding_groups (named.out);
  g_assert_cmpstr (all_groups, ==, "alert beta fr:alert fr:beta de:alert de:beta");
  /* Named templates are checked in the order named, their translations in the library's. */
  g_assert_cmpstr (named_groups, ==, "beta alert fr:alert fr:beta de:alert de:beta");

  herald_test_run_clear (&all);
  herald_test_run_clear (&named);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/herald/cli/plural-forms-error", test_plural_forms_error);

  g_test_add_func ("/herald/cli/lint/clean", test_lint_clean);
  g_test_add_func ("/herald/cli/lint/errors", test_lint_errors);
  g_test_add_func ("/herald/cli/lint/warnings-only", test_lint_warnings_only);
  g_test_add_func ("/herald/cli/lint/json", test_lint_json);
  g_test_add_func ("/herald/cli/lint/german", test_lint_german);
  g_test_add_func ("/herald/cli/lint/locale-lang-dir", test_lint_locale_lang_dir);
  g_test_add_func ("/herald/cli/lint/locales-order", test_lint_locales_order);
  g_test_add_func ("/herald/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/herald/cli/lint/clients", test_lint_clients);
  g_test_add_func ("/herald/cli/render", test_render);
  g_test_add_func ("/herald/cli/render/error", test_render_error);
  g_test_add_func ("/herald/cli/render/samples-agree", test_samples_agree);
  g_test_add_func ("/herald/cli/locale-options", test_locale_options);
  g_test_add_func ("/herald/cli/render/locale-overrides", test_render_locale_overrides);

  return g_test_run ();
}
