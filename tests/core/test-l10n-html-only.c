/* test-l10n-html-only.c: herald_localize_template_html() against the whole localization.
 *
 * The checks localize each template in each locale but read only its HTML: the other parts
 * are looked up and checked, not written. Their findings, and the failures, must be those of
 * herald_localize_template_parsed().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-diagnostic.h"
#include "herald-l10n-error.h"
#include "herald-library.h"
#include "herald-localizer.h"
#include "herald-po-catalog.h"
#include "herald-test-files.h"

#define PO_HEADER                                                                                  \
  "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Language: fr\\n\"\n"

/* A finding in every part: the subject's translation is fuzzy, the preheader's drops its
 * placeholder, the text's sentence has no translation and its plural block the wrong number
 * of forms, the HTML's paragraph loses its <b> and its alt text is translated. */
static const char *const po_body =
    "#, fuzzy\nmsgid \"Your statement\"\nmsgstr \"Votre relevé\"\n\n"
    "msgid \"Hello {{var:name}}\"\nmsgstr \"Bonjour\"\n\n"
    "msgid \"Your balance is low.\"\nmsgstr \"\"\n\n"
    "msgid \"You made one payment.\"\nmsgid_plural \"You made {{var:count}} payments.\"\n"
    "msgstr[0] \"Un paiement.\"\nmsgstr[1] \"{{var:count}} paiements.\"\n"
    "msgstr[2] \"{{var:count}} paiements !\"\n\n"
    "msgid \"Read <b>this</b> now.\"\nmsgstr \"Lisez ceci maintenant.\"\n\n"
    "msgid \"Bank logo\"\nmsgstr \"Logo de la \\\"banque\\\"\"\n\n"
    "msgid \"Thanks, {{var:name}}.\"\nmsgstr \"Merci, {{var:name}}.\"\n";

static const char *const html =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<body>\n"
    "<p>Read <b>this</b> now.</p>\n"
    "<p><img src=\"logo.png\" alt=\"Bank logo\"></p>\n"
    "<p>Thanks, {{var:name}}.</p>\n"
    "<p>{% plural var:count %}You made one payment.{% plural_other %}You made {{var:count}} "
    "payments.{% endplural %}</p>\n"
    "</body>\n</html>\n";

static const char *const text = "Your balance is low.\n\n"
                                "{% plural var:count %}You made one payment.{% plural_other %}"
                                "You made {{var:count}} payments.{% endplural %}\n";

static HeraldTemplate *
load_template (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "templates", "t", NULL);
  HeraldTemplate *tmpl;

  herald_test_write_file (dir, "templates/t/template.json",
                          "{\"name\": \"T\", \"subject\": \"Your statement\", "
                          "\"preheader\": \"Hello {{var:name}}\"}");
  herald_test_write_file (dir, "templates/t/body.html", html);
  herald_test_write_file (dir, "templates/t/body.txt", text);
  tmpl = herald_template_load (path, &error);
  g_assert_no_error (error);
  return tmpl;
}

/* A catalogue of its own for each localization: the checks remember in it which entries
 * passed, and each run must find the same by itself. */
static HeraldPoCatalog *
load_catalog (const char *plural_forms)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data =
      g_strdup_printf (PO_HEADER "\"Plural-Forms: %s\\n\"\n\n%s", plural_forms, po_body);
  HeraldPoCatalog *catalog = herald_po_catalog_load_data ("fr.po", data, strlen (data), &error);

  g_assert_no_error (error);
  return catalog;
}

static guint
count_in_part (GPtrArray *diagnostics, const char *rule_id, HeraldPart part)
{
  guint n = 0;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (g_str_equal (herald_diagnostic_get_rule_id (diagnostic), rule_id) &&
          herald_diagnostic_get_part (diagnostic) == part)
        n++;
    }
  return n;
}

static void
assert_same_diagnostics (GPtrArray *expected, GPtrArray *actual)
{
  g_assert_cmpuint (actual->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autofree char *want = herald_diagnostic_to_string (g_ptr_array_index (expected, i));
      g_autofree char *have = herald_diagnostic_to_string (g_ptr_array_index (actual, i));

      g_assert_cmpstr (have, ==, want);
    }
}

static void
test_same_as_whole (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-l10n-html-only-XXXXXX", &error);
  g_autoptr (HeraldTemplate) tmpl = NULL;
  g_autoptr (HeraldPoCatalog) whole_catalog = load_catalog ("nplurals=2; plural=(n > 1);");
  g_autoptr (HeraldPoCatalog) html_catalog = load_catalog ("nplurals=2; plural=(n > 1);");
  g_autoptr (GPtrArray) whole_found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) html_found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (HeraldLocalizedTemplate) whole = NULL;
  g_autofree char *localized_html = NULL;

  g_assert_no_error (error);
  tmpl = load_template (dir);
  whole = herald_localize_template_parsed (tmpl, whole_catalog, NULL, whole_found, &error);
  g_assert_no_error (error);
  localized_html = herald_localize_template_html (tmpl, html_catalog, NULL, html_found, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (localized_html, ==,
                   herald_localized_template_get_part (whole, HERALD_PART_HTML));
  /* The translations reached the HTML, the root has the locale's lang and the quotes of the
   * alt text are escaped. */
  g_assert_nonnull (strstr (localized_html, " lang=\"fr\""));
  g_assert_nonnull (strstr (localized_html, "Lisez ceci maintenant."));
  g_assert_nonnull (strstr (localized_html, "Merci, {{var:name}}."));
  g_assert_nonnull (strstr (localized_html, "alt=\"Logo de la &quot;banque&quot;\""));
  /* The plural block with three forms for a language of two keeps the source's. */
  g_assert_nonnull (strstr (localized_html, "You made one payment."));
  g_assert_null (strstr (localized_html, "paiement"));

  assert_same_diagnostics (whole_found, html_found);
  /* The parts that are not written are read all the same. */
  g_assert_cmpuint (count_in_part (html_found, "fuzzy", HERALD_PART_SUBJECT), ==, 1);
  g_assert_cmpuint (count_in_part (html_found, "placeholder-mismatch", HERALD_PART_PREHEADER), ==,
                    1);
  g_assert_cmpuint (count_in_part (html_found, "untranslated", HERALD_PART_TEXT), ==, 1);
  g_assert_cmpuint (count_in_part (html_found, "plural-forms", HERALD_PART_TEXT), ==, 1);
  g_assert_cmpuint (count_in_part (html_found, "plural-forms", HERALD_PART_HTML), ==, 1);
  g_assert_cmpuint (count_in_part (html_found, "markup-mismatch", HERALD_PART_HTML), ==, 1);
  /* In part order: the subject's finding first, the text's last. */
  g_assert_cmpint (herald_diagnostic_get_part (g_ptr_array_index (html_found, 0)), ==,
                   HERALD_PART_SUBJECT);
  g_assert_cmpint (herald_diagnostic_get_part (g_ptr_array_index (html_found, html_found->len - 1)),
                   ==, HERALD_PART_TEXT);

  herald_test_remove_tree (dir);
}

/* Plural-Forms that cannot be read fail both, with the same error. */
static void
test_same_failure (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) whole_error = NULL;
  g_autoptr (GError) html_error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-l10n-html-only-XXXXXX", &error);
  g_autoptr (HeraldTemplate) tmpl = NULL;
  g_autoptr (HeraldPoCatalog) whole_catalog = load_catalog ("nplurals=2; plural=(n >;");
  g_autoptr (HeraldPoCatalog) html_catalog = load_catalog ("nplurals=2; plural=(n >;");
  g_autoptr (HeraldLocalizedTemplate) whole = NULL;
  g_autofree char *localized_html = NULL;

  g_assert_no_error (error);
  tmpl = load_template (dir);
  whole = herald_localize_template_parsed (tmpl, whole_catalog, NULL, NULL, &whole_error);
  localized_html = herald_localize_template_html (tmpl, html_catalog, NULL, NULL, &html_error);

  g_assert_null (whole);
  g_assert_null (localized_html);
  g_assert_error (whole_error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PLURAL_FORMS);
  g_assert_error (html_error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PLURAL_FORMS);
  g_assert_cmpstr (html_error->message, ==, whole_error->message);

  herald_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/herald/l10n/html-only/same-as-whole", test_same_as_whole);
  g_test_add_func ("/herald/l10n/html-only/same-failure", test_same_failure);
  return g_test_run ();
}
