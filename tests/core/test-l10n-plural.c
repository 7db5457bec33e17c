/* test-l10n-plural.c: Plural-Forms compiled to Mailjet conditions agree with gettext.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <glib/gstdio.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "herald-l10n-error.h"
#include "herald-po-catalog.h"
#include "herald-plural.h"
#include "herald-tl.h"

/* The Plural-Forms lines of gettext's manual ("Plural forms", "Translating plural forms"). */
static const struct
{
  const char *language;
  const char *plural_forms;
} languages[] = {
  { "en", "nplurals=2; plural=n != 1;" },
  { "fr", "nplurals=2; plural=n>1;" },
  { "de", "nplurals=2; plural=n != 1;" },
  { "pl", "nplurals=3; plural=n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;" },
  { "ru", "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
          "n%100>=20) ? 1 : 2;" },
  { "cs", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;" },
  { "ar", "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
          "n%100>=11 ? 4 : 5;" },
  { "ja", "nplurals=1; plural=0;" },
};

static char *locale_dir;

/* A catalogue whose plural entry's forms are "form0", "form1"…, compiled by msgfmt. */
static void
compile_catalog (const char *language, const char *plural_forms, guint n_plurals)
{
  g_autofree char *domain = g_strconcat ("herald-plural-", language, NULL);
  g_autofree char *dir = g_build_filename (locale_dir, "xx", "LC_MESSAGES", NULL);
  g_autofree char *po_path = g_build_filename (locale_dir, "test.po", NULL);
  g_autofree char *mo_name = g_strconcat (domain, ".mo", NULL);
  g_autofree char *mo_path = g_build_filename (dir, mo_name, NULL);
  g_autoptr (GString) po = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *standard_error = NULL;
  int status = 0;
  const char *argv[] = { "msgfmt", "--check", "-o", mo_path, po_path, NULL };

  g_string_append_printf (po,
                          "msgid \"\"\nmsgstr \"\"\n"
                          "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                          "\"Plural-Forms: %s\\n\"\n\n"
                          "msgid \"one\"\nmsgid_plural \"other\"\n",
                          plural_forms);
  for (guint i = 0; i < n_plurals; i++)
    g_string_append_printf (po, "msgstr[%u] \"form%u\"\n", i, i);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (po_path, po->str, -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               &standard_error, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("msgfmt failed: %s", standard_error);
  bindtextdomain (domain, locale_dir);
  bind_textdomain_codeset (domain, "UTF-8");
}

static guint
gettext_form (const char *language, gulong n)
{
  g_autofree char *domain = g_strconcat ("herald-plural-", language, NULL);
  const char *text = dngettext (domain, "one", "other", n);

  g_assert_true (g_str_has_prefix (text, "form"));
  return (guint) g_ascii_strtoull (text + 4, NULL, 10);
}

static void
test_plural_matches_gettext (gconstpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  const char *language = languages[index].language;
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPluralForms) forms =
      herald_plural_forms_parse (languages[index].plural_forms, &error);
  g_autoptr (GPtrArray) chain = NULL;
  g_autoptr (HeraldTlTemplate) tmpl = NULL;
  g_autoptr (JsonObject) variables = json_object_new ();
  g_autofree char *source = NULL;
  const char *form_texts[] = { "form0", "form1", "form2", "form3", "form4", "form5", NULL };
  HeraldTlContext context;
  guint n_plurals;

  g_assert_no_error (error);
  n_plurals = herald_plural_forms_get_n_plurals (forms);
  compile_catalog (language, languages[index].plural_forms, n_plurals);

  chain = herald_plural_forms_compile (forms, &error);
  g_assert_no_error (error);
  g_assert_true (herald_plural_cond_is_else (g_ptr_array_index (chain, chain->len - 1)));

  source = herald_plural_forms_to_mailjet (forms, "var:n", form_texts, &error);
  g_assert_no_error (error);
  /* Only Mailjet's own operators may appear in the conditions. */
  for (guint i = 0; i < chain->len; i++)
    {
      g_autofree char *condition =
          herald_plural_cond_to_mailjet (g_ptr_array_index (chain, i), "var:n");

      g_assert_null (strchr (condition, '%'));
      g_assert_null (strstr (condition, "&&"));
      g_assert_null (strstr (condition, "||"));
      g_assert_null (strchr (condition, '?'));
      for (const char *p = condition; (p = strchr (p, '!')) != NULL; p++)
        g_assert_cmpint (p[1], ==, '=');
    }
  g_assert_null (strstr (source, "plural"));

  tmpl = herald_tl_template_parse (source, -1, NULL, &error);
  g_assert_no_error (error);
  herald_tl_context_init (&context);
  context.variables = variables;

  for (gulong n = 0; n <= 1000; n++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      guint expected = gettext_form (language, n);
      guint compiled = 0;

      json_object_set_int_member (variables, "n", (gint64) n);
      g_assert_true (herald_tl_template_render (tmpl, &context, out, NULL, &error));
      g_assert_no_error (error);
      if (!g_str_equal (out->str, form_texts[expected]))
        g_error ("%s, n = %lu: the Mailjet chain printed “%s”, gettext chose form%u\n%s", language,
                 n, out->str, expected, source);

      g_assert_cmpuint (herald_plural_forms_evaluate (forms, n), ==, expected);
      for (guint i = 0; i < chain->len; i++)
        if (herald_plural_cond_evaluate (g_ptr_array_index (chain, i), n))
          {
            compiled = herald_plural_cond_get_form (g_ptr_array_index (chain, i));
            break;
          }
      g_assert_cmpuint (compiled, ==, expected);
    }
}

static void
test_plural_english_chain (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPluralForms) forms = herald_plural_forms_for_language ("en");
  const char *texts[] = { "You made one payment.", "You made {{var:count}} payments.", NULL };
  g_autofree char *chain = herald_plural_forms_to_mailjet (forms, "var:count", texts, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (chain, ==,
                   "{% if var:count != 1 %}You made {{var:count}} payments.{% else %}You made one "
                   "payment.{% endif %}");
}

static void
test_plural_polish_chain (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPluralForms) forms = herald_plural_forms_for_language ("pl");
  const char *texts[] = { "A", "B", "C", NULL };
  g_autofree char *chain = herald_plural_forms_to_mailjet (forms, "var:n", texts, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (chain, ==,
                   "{% if var:n == 1 %}A"
                   "{% elseif (((var:n mod 10) >= 2) and ((var:n mod 10) <= 4)) and "
                   "(((var:n mod 100) < 10) or ((var:n mod 100) >= 20)) %}B"
                   "{% else %}C{% endif %}");
}

static void
test_plural_bad_header (void)
{
  const char *bad[] = {
    "nplurals=2;",
    "nplurals=INTEGER; plural=EXPRESSION;",
    "nplurals=2; plural=(n != 1",
    "nplurals=2; plural=n ? : 1;",
    "nplurals=0; plural=0;",
    "nplurals=2; plural=n != 1; garbage",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HeraldPluralForms) forms = herald_plural_forms_parse (bad[i], &error);

      g_assert_null (forms);
      g_assert_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PLURAL_FORMS);
      g_assert_nonnull (strstr (error->message, "Plural-Forms"));
    }
}

/* A .pot with one plural entry, for msginit. */
static const char msginit_pot[] = "msgid \"\"\nmsgstr \"\"\n"
                                  "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                                  "\"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n\"\n\n"
                                  "msgid \"one\"\nmsgid_plural \"other\"\n"
                                  "msgstr[0] \"\"\nmsgstr[1] \"\"\n";

/* The Plural-Forms msginit writes for locale, or NULL when its table does not know it. */
static char *
msginit_plural_forms (GSubprocess *msginit, const char *locale)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *output = NULL;
  const char *field;

  g_assert_true (g_subprocess_communicate_utf8 (msginit, NULL, NULL, &output, NULL, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (msginit))
    g_error ("msginit -l %s failed", locale);
  /* --no-wrap keeps the field on one line: "Plural-Forms: nplurals=3; plural=…;\n" */
  field = strstr (output, "\"Plural-Forms: ");
  g_assert_nonnull (field);
  field += strlen ("\"Plural-Forms: ");
  if (g_str_has_prefix (field, "nplurals=INTEGER"))
    return NULL;
  return g_strndup (field, strstr (field, "\\n\"") - field);
}

static void
assert_same_rule (const char *locale, const char *msginit_rule)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPluralForms) expected = herald_plural_forms_parse (msginit_rule, &error);
  g_autoptr (HeraldPluralForms) ours = herald_plural_forms_for_language (locale);

  g_assert_no_error (error);
  if (herald_plural_forms_get_n_plurals (ours) != herald_plural_forms_get_n_plurals (expected))
    g_error ("%s: Herald says “%s”, msginit “%s”", locale, herald_plural_forms_get_header (ours),
             msginit_rule);
  for (gulong n = 0; n <= 1000; n++)
    if (herald_plural_forms_evaluate (ours, n) != herald_plural_forms_evaluate (expected, n))
      g_error ("%s, n = %lu: Herald says “%s”, msginit “%s”", locale, n,
               herald_plural_forms_get_header (ours), msginit_rule);
}

/* ISO 639-1's codes from the iso-codes package when the system has it (184 msginit runs
 * instead of 676: this test runs under ASan on busy machines too), else every pair of
 * letters. */
static void
add_two_letter_codes (GPtrArray *locales)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *languages = NULL;

  if (json_parser_load_from_file (parser, "/usr/share/iso-codes/json/iso_639-2.json", NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "639-2"))
    languages = json_object_get_array_member (json_node_get_object (root), "639-2");
  for (guint i = 0; languages != NULL && i < json_array_get_length (languages); i++)
    {
      JsonObject *language = json_array_get_object_element (languages, i);

      if (language != NULL && json_object_has_member (language, "alpha_2"))
        g_ptr_array_add (locales, g_strdup (json_object_get_string_member (language, "alpha_2")));
    }
  if (locales->len >= 100)
    return;
  g_ptr_array_set_size (locales, 0);
  for (char a = 'a'; a <= 'z'; a++)
    for (char b = 'a'; b <= 'z'; b++)
      g_ptr_array_add (locales, g_strdup_printf ("%c%c", a, b));
}

/* Every language msginit has a rule for gets the same one from Herald. gettext 0.21's table
 * (plural-table.c) is keyed by ISO 639-1 codes and "pt_BR": probing every ISO 639-1 code
 * covers it without a copy of the list; a few locales with a region check that the region
 * is looked up first and then dropped, as msginit does. */
static void
test_plural_table_matches_msginit (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-msginit-XXXXXX", &error);
  g_autofree char *pot_path = g_build_filename (dir, "plural.pot", NULL);
  g_autoptr (GPtrArray) locales = g_ptr_array_new_with_free_func (g_free);
  const char *with_region[] = { "pt_BR", "pt_PT", "sr_RS", "de_CH", "fr_CA", "nb_NO" };
  guint n_known = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (pot_path, msginit_pot, -1, &error));
  g_assert_no_error (error);
  add_two_letter_codes (locales);
  for (guint i = 0; i < G_N_ELEMENTS (with_region); i++)
    g_ptr_array_add (locales, g_strdup (with_region[i]));

  /* A few msginit at a time: one takes tens of milliseconds, nearly all of it starting. */
  for (guint start = 0; start < locales->len; start += 8)
    {
      GSubprocess *running[8] = { NULL };
      guint end = MIN (start + 8, locales->len);

      for (guint i = start; i < end; i++)
        {
          const char *locale = g_ptr_array_index (locales, i);

          running[i - start] = g_subprocess_new (
              G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, "msginit",
              "--no-translator", "--no-wrap", "-l", locale, "-i", pot_path, "-o", "-", NULL);
          g_assert_no_error (error);
        }
      for (guint i = start; i < end; i++)
        {
          const char *locale = g_ptr_array_index (locales, i);
          g_autoptr (GSubprocess) msginit = running[i - start];
          g_autofree char *rule = msginit_plural_forms (msginit, locale);

          if (rule == NULL)
            continue;
          n_known++;
          assert_same_rule (locale, rule);
        }
    }

  /* gettext 0.21 knows 37 languages and pt_BR; fewer means msginit was not really asked. */
  g_assert_cmpuint (n_known, >=, 38);
  g_unlink (pot_path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* gettext only reads LANGUAGE outside the C locale; all test catalogues live under "xx". */
  g_setenv ("LANGUAGE", "xx", TRUE);
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  setlocale (LC_ALL, "C.UTF-8");
  locale_dir = g_dir_make_tmp ("herald-plural-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *path =
          g_strdup_printf ("/herald/l10n/plural/gettext/%s", languages[i].language);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_plural_matches_gettext);
    }
  g_test_add_func ("/herald/l10n/plural/english-chain", test_plural_english_chain);
  g_test_add_func ("/herald/l10n/plural/polish-chain", test_plural_polish_chain);
  g_test_add_func ("/herald/l10n/plural/bad-header", test_plural_bad_header);
  g_test_add_func ("/herald/l10n/plural/table-matches-msginit", test_plural_table_matches_msginit);

  status = g_test_run ();
  g_free (locale_dir);
  return status;
}
