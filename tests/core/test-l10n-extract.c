/* test-l10n-extract.c: translatable units of templates, and the .pot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-extractor.h"
#include "herald-l10n-error.h"
#include "herald-l10n-library.h"
#include "herald-library.h"
#include "test-l10n-util.h"

static HeraldLibrary *
load_library (const char *path)
{
  g_autoptr (GError) error = NULL;
  HeraldLibrary *library = herald_library_load (path, &error);

  g_assert_no_error (error);
  return library;
}

static char *
joined (char **strv)
{
  return strv ? g_strjoinv (" ", strv) : g_strdup ("");
}

static void
test_extract_tricky_html (void)
{
  g_autofree char *library_path = g_build_filename (l10n_test_data_dir (), "tricky", NULL);
  g_autofree char *expected_path =
      g_build_filename (l10n_test_data_dir (), "tricky-expected.pot", NULL);
  g_autoptr (HeraldLibrary) library = load_library (library_path);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPoCatalog) pot = herald_l10n_extract_library (library, &error);
  g_autoptr (HeraldPoCatalog) expected = herald_po_catalog_load (expected_path, &error);

  g_assert_no_error (error);
  l10n_test_assert_same_entries (expected, pot);

  for (guint i = 0; i < herald_po_catalog_get_n_entries (expected); i++)
    {
      const HeraldPoEntry *want = herald_po_catalog_get_entry (expected, i);
      const HeraldPoEntry *have = herald_po_catalog_get_entry (pot, i);
      g_autofree char *want_references = joined (want->references);
      g_autofree char *have_references = joined (have->references);
      g_autofree char *have_comments = NULL;

      g_assert_cmpstr (have_references, ==, want_references);
      /* libgettextpo gives comments with their final newline. */
      if (have->extracted_comments != NULL)
        have_comments = g_strconcat (have->extracted_comments, "\n", NULL);
      g_assert_cmpstr (have_comments, ==, want->extracted_comments);
    }
}

static void
test_extract_writes_valid_pot (void)
{
  g_autofree char *source = g_build_filename (l10n_test_data_dir (), "tricky", NULL);
  g_autofree char *copy = l10n_test_copy_tree (source, "tricky");
  g_autoptr (HeraldLibrary) library = load_library (copy);
  g_autoptr (GError) error = NULL;
  g_autofree char *pot_path = NULL;
  g_autofree char *expected_path = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (herald_l10n_write_pot (library, &pot_path, &error));
  g_assert_no_error (error);
  expected_path = g_build_filename (copy, "po", "tricky.pot", NULL);
  g_assert_cmpstr (pot_path, ==, expected_path);
  l10n_test_msgfmt_check (pot_path);

  g_assert_true (g_file_get_contents (pot_path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents,
                            "#. Translators: The greeting; the name comes from the bank.\n"
                            "#: templates/statement/body.html:19\n"));
  g_assert_nonnull (strstr (contents, "msgid_plural \"You made {{var:count}} payments.\""));
  g_assert_nonnull (strstr (contents, "\"Project-Id-Version: Tricky alerts\\n\""));
}

static void
test_extract_sample_library (void)
{
  const char *samples = g_getenv ("HERALD_SAMPLES_DIR");
  g_autofree char *path = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldPoCatalog) pot = NULL;
  g_autoptr (GError) error = NULL;
  const HeraldPoEntry *entry;
  gboolean has_plural = FALSE;

  path = g_build_filename (samples ? samples : SOURCE_SAMPLES_DIR, "account-alerts", NULL);
  library = load_library (path);
  pot = herald_l10n_extract_library (library, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (herald_po_catalog_get_n_entries (pot), >, 50);

  for (guint i = 0; i < herald_po_catalog_get_n_entries (pot); i++)
    {
      entry = herald_po_catalog_get_entry (pot, i);
      /* No template logic, no layout markup, no Outlook comments reach translators. */
      g_assert_null (strstr (entry->msgid, "{%"));
      g_assert_null (strstr (entry->msgid, "<td"));
      g_assert_null (strstr (entry->msgid, "<table"));
      g_assert_null (strstr (entry->msgid, "<!--"));
      g_assert_null (strstr (entry->msgid, "\xee\x80"));
      g_assert_cmpuint (g_strv_length (entry->references), >=, 1);
      g_assert_true (g_str_has_prefix (entry->references[0], "templates/"));
      has_plural |= entry->msgid_plural != NULL;
    }
  g_assert_true (has_plural);

  /* The logo text is one entry for all five templates, with its translator note. */
  entry = herald_po_catalog_find (pot, NULL, "Ledgerly");
  g_assert_nonnull (entry);
  g_assert_cmpuint (g_strv_length (entry->references), ==, 5);
  g_assert_nonnull (entry->extracted_comments);
  g_assert_true (g_str_has_prefix (entry->extracted_comments, "Translators:"));

  entry = herald_po_catalog_find (pot, NULL, "Your weekly summary: {{var:week_label}}");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->references[0], ==, "templates/weekly-summary/template.json");
}

typedef struct
{
  const char *source;
  const char *units[6]; /* the raw source text each unit replaces */
} UnitCase;

static void
test_extract_unit_ranges (void)
{
  static const UnitCase cases[] = {
    { "<ul><li>One<li>Two</ul>", { "One", "Two" } },
    { "<p><b>{% if var:x %}Yes{% else %}No{% endif %}</b> later</p>", { "Yes", "No", "later" } },
    { "<p>A &lt; B, {{ var:a < var:b }} ok</p>", { "A &lt; B, {{ var:a < var:b }} ok" } },
    { "<!--[if !mso]><!--><p>Not Outlook</p><!--<![endif]--><!--[if "
      "mso]><p>Outlook</p><![endif]-->",
      { "Not Outlook" } },
    { "<table><tr>{% for x in var:rows %}<td>Row {{x.n}}</td>{% endfor %}</tr></table>",
      { "Row {{x.n}}" } },
    { "<p>Tap <img src=\"a.png\" alt=\"the bell\"> to <i>mute</i></p><img alt='Logo' src=x>",
      { "Tap <img src=\"a.png\" alt=\"the bell\"> to <i>mute</i>", "Logo" } },
    { "<a href=\"#\" style=\"x\"><span style=\"y\">Pay now</span></a>", { "Pay now" } },
    { "<p>12 345</p><p>{{var:amount}}</p><p>&nbsp;</p>", { NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) units = herald_extract_part (cases[i].source, HERALD_PART_HTML, &error);
      guint n_expected = 0;

      g_assert_no_error (error);
      while (cases[i].units[n_expected] != NULL)
        n_expected++;
      g_test_message ("case %u: %s", i, cases[i].source);
      g_assert_cmpuint (units->len, ==, n_expected);
      for (guint j = 0; j < units->len; j++)
        {
          const HeraldL10nUnit *unit = g_ptr_array_index (units, j);
          g_autofree char *raw = g_strndup (cases[i].source + unit->start, unit->end - unit->start);

          g_assert_cmpstr (raw, ==, cases[i].units[j]);
        }
    }
}

static void
test_extract_text_paragraphs (void)
{
  const char *text = "Dear {{var:name}},\n\n  First paragraph\n  on two lines.\n \n"
                     "{% if var:x %}Maybe.{% endif %}\n\n-- \nLedgerly\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) units = herald_extract_part (text, HERALD_PART_TEXT, &error);
  const char *expected[] = { "Dear {{var:name}},", "First paragraph\n  on two lines.", "Maybe.",
                             "-- \nLedgerly" };
  const guint lines[] = { 1, 3, 6, 8 };

  g_assert_no_error (error);
  g_assert_cmpuint (units->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < units->len; i++)
    {
      const HeraldL10nUnit *unit = g_ptr_array_index (units, i);

      g_assert_cmpstr (unit->msgid, ==, expected[i]);
      g_assert_cmpuint (unit->line, ==, lines[i]);
    }
}

static void
test_extract_errors (void)
{
  const char *broken[] = {
    "<p>{% plural var:n %}One payment.</p>",
    "<p>{% plural var:n %}One.{% plural_other %}Many.</p><p>{% endplural %}</p>",
    "<p>{% plural %}One.{% plural_other %}Many.{% endplural %}</p>",
    "<p>Before.{% plural_other %}Many.{% endplural %}</p>",
    "<p>{% plural var:n %}{% plural_other %}Many.{% endplural %}</p>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) units = herald_extract_part (broken[i], HERALD_PART_HTML, &error);

      g_assert_null (units);
      g_assert_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_TEMPLATE);
      g_assert_nonnull (strstr (error->message, "plural"));
      g_assert_nonnull (strstr (error->message, "line 1"));
    }

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) units = herald_extract_part ("<p>caf\xe9</p>", HERALD_PART_HTML, &error);

    g_assert_null (units);
    g_assert_nonnull (strstr (error->message, "UTF-8"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/herald/l10n/extract/tricky-html", test_extract_tricky_html);
  g_test_add_func ("/herald/l10n/extract/writes-valid-pot", test_extract_writes_valid_pot);
  g_test_add_func ("/herald/l10n/extract/sample-library", test_extract_sample_library);
  g_test_add_func ("/herald/l10n/extract/unit-ranges", test_extract_unit_ranges);
  g_test_add_func ("/herald/l10n/extract/text-paragraphs", test_extract_text_paragraphs);
  g_test_add_func ("/herald/l10n/extract/errors", test_extract_errors);

  return g_test_run ();
}
