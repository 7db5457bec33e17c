/* test-import-merge.c: the library made of Mailjet templates, without the network: which
 * templates are languages of one another, which translations line up, the preheader taken
 * back out, the sample data, and the folder written whole or not at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "herald-core.h"
#include "herald-import-merge.h"
#include "herald-l10n-library.h"
#include "herald-test-files.h"

static HeraldImportSource *
source (gint64 id, const char *name, const char *locale, const char *subject, const char *html)
{
  HeraldImportSource *s = herald_import_source_new (id, name);

  s->locale = g_strdup (locale);
  s->subject = g_strdup (subject);
  s->html = g_strdup (html);
  s->text = g_strdup ("");
  s->from_email = g_strdup ("team@bank.example");
  s->from_name = g_strdup ("Bank");
  return s;
}

static GPtrArray *
sources_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) herald_import_source_free);
}

static char *
scratch_folder (void)
{
  g_autofree char *tmp = g_build_filename (g_get_tmp_dir (), "herald-import-merge-XXXXXX", NULL);

  return g_mkdtemp (g_steal_pointer (&tmp));
}

static void
test_locale_suffix (void)
{
  const struct
  {
    const char *name;
    const char *stem;
    const char *locale;
  } cases[] = {
    { "Overdraft risk (fr)", "Overdraft risk", "fr" },
    { "overdraft-risk-fr", "overdraft-risk", "fr" },
    { "welcome-fr", "welcome", "fr" },
    { "overdraft_risk fr_FR", "overdraft_risk", "fr" },
    { "Overdraft risk (pt_BR)", "Overdraft risk", "pt-BR" },
    { "Overdraft risk (en_US)", "Overdraft risk", "en" },
    { "card-due", NULL, NULL },
    { "Weekly summary", NULL, NULL },
    { "(fr)", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *stem = NULL;
      g_autofree char *locale = NULL;
      gboolean found = herald_import_split_locale_suffix (cases[i].name, &stem, &locale);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (found, ==, cases[i].stem != NULL);
      g_assert_cmpstr (stem, ==, cases[i].stem);
      g_assert_cmpstr (locale, ==, cases[i].locale);
    }
}

static void
test_slug (void)
{
  g_autofree char *a = herald_import_slug ("Découvert : risque (fr)");
  g_autofree char *b = herald_import_slug ("***");
  g_autofree char *c = herald_import_slug ("herald:Account alerts/overdraft-risk");
  g_autofree char *d = herald_import_slug ("CON");
  g_autofree char *e = herald_import_slug (
      "A very long template name that goes on and on, well past what a folder name should be");

  g_assert_cmpstr (a, ==, "decouvert-risque-fr");
  g_assert_cmpstr (b, ==, "template");
  g_assert_cmpstr (c, ==, "herald-account-alerts-overdraft-risk");
  g_assert_cmpstr (d, ==, "con-template");
  g_assert_cmpstr (e, ==, "a-very-long-template-name-that-goes-on-and-on-well-past-what-a-f");
}

static void
test_preheader (void)
{
  const char *published = "<html><body class=\"x\"><div style=\"display:none;max-height:0;"
                          "overflow:hidden;mso-hide:all\">Balance: {{var:b}}</div><p>Hi</p>"
                          "</body></html>";
  const char *elsewhere = "<p>Hi</p><div style=\"display:none;max-height:0;overflow:hidden;"
                          "mso-hide:all\">Not first</div>";
  g_autofree char *html = NULL;
  g_autofree char *preheader = NULL;

  g_assert_true (herald_import_split_preheader (published, &html, &preheader));
  g_assert_cmpstr (preheader, ==, "Balance: {{var:b}}");
  g_assert_cmpstr (html, ==, "<html><body class=\"x\"><p>Hi</p></body></html>");
  g_clear_pointer (&html, g_free);
  g_clear_pointer (&preheader, g_free);
  g_assert_false (herald_import_split_preheader (elsewhere, &html, &preheader));
}

static const HeraldImportRow *
row_of (GPtrArray *rows, gint64 mailjet_id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const HeraldImportRow *row = g_ptr_array_index (rows, i);

      if (row->mailjet_id == mailjet_id)
        return row;
    }
  g_assert_not_reached ();
}

static void
assert_row (
    GPtrArray *rows, gint64 id, const char *template_id, const char *locale, gboolean separate)
{
  const HeraldImportRow *row = row_of (rows, id);

  g_test_message ("%s", row->mailjet_name);
  g_assert_cmpstr (row->template_id, ==, template_id);
  g_assert_cmpstr (row->locale, ==, locale);
  g_assert_cmpint (row->separate, ==, separate);
  g_assert_cmpint (row->note != NULL, ==, separate);
}

/* One name with two Mailjet Locales, and a "-fr" version; a second French version; a
 * template with no English version. */
static void
test_grouping (void)
{
  g_autofree char *root = scratch_folder ();
  g_autofree char *dir = g_build_filename (root, "bank-alerts", NULL);
  g_autoptr (GPtrArray) sources = sources_new ();
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldLocalizedTemplate) german = NULL;
  g_autofree char *de_po = NULL;
  g_autofree char *promo = NULL;
  g_autofree char *sample = NULL;

  g_ptr_array_add (sources, source (1, "Welcome", "en", "Welcome",
                                    "<p>Hello {{var:name:\"friend\"}}.</p><p>Nice.</p>"));
  g_ptr_array_add (sources, source (2, "Welcome", "de", "Willkommen",
                                    "<p>Hallo {{var:name:\"friend\"}}.</p><p>Schön.</p>"));
  g_ptr_array_add (sources, source (3, "Welcome (fr)", NULL, "Bienvenue",
                                    "<p>Bonjour {{var:name:\"friend\"}}.</p><p>Super.</p>"));
  g_ptr_array_add (sources, source (4, "welcome-fr", NULL, "Bienvenue !",
                                    "<p>Salut {{var:name:\"friend\"}}.</p><p>Top.</p>"));
  g_ptr_array_add (sources, source (5, "Promo (fr)", NULL, "Promo", "<p>Soldes.</p>"));
  g_ptr_array_add (sources, source (6, "Promo (de)", NULL, "Aktion", "<p>Rabatt {{var:pct}}.</p>"));

  /* Most templates are in English, so English is the source. */
  g_ptr_array_add (sources, source (7, "Goodbye", NULL, "Bye", "<p>Bye.</p>"));
  g_ptr_array_add (sources, source (8, "Statement ready", "en", "Statement", "<p>Ready.</p>"));

  rows = herald_import_write_library (sources, dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 8);
  assert_row (rows, 7, "goodbye", "en", FALSE);
  assert_row (rows, 1, "welcome", "en", FALSE);
  assert_row (rows, 2, "welcome", "de", FALSE);
  assert_row (rows, 3, "welcome", "fr", FALSE);
  assert_row (rows, 4, "welcome-fr", "fr", TRUE);
  g_assert_nonnull (strstr (row_of (rows, 4)->note, "already a fr version"));
  assert_row (rows, 5, "promo-fr", "fr", TRUE);
  assert_row (rows, 6, "promo-de", "de", TRUE);
  g_assert_nonnull (strstr (row_of (rows, 5)->note, "no en version"));

  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_library_get_name (library), ==, "bank-alerts");
  g_assert_cmpstr (herald_library_get_source_locale (library), ==, "en");
  g_assert_cmpstr (herald_library_get_from_email (library), ==, "team@bank.example");
  de_po = herald_test_read_file (dir, "po/de.po");
  g_assert_nonnull (strstr (de_po, "msgid \"Hello {{var:name:\\\"friend\\\"}}.\"\n"
                                   "msgstr \"Hallo {{var:name:\\\"friend\\\"}}.\""));
  g_assert_nonnull (strstr (de_po, "msgid \"Welcome\"\nmsgstr \"Willkommen\""));
  german = herald_l10n_localize (library, herald_library_find_template (library, "welcome"), "de",
                                 NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_localized_template_get_part (german, HERALD_PART_HTML), ==,
                   "<p>Hallo {{var:name:\"friend\"}}.</p><p>Schön.</p>");

  promo = herald_test_read_file (dir, "templates/promo-fr/template.json");
  g_assert_nonnull (strstr (promo, row_of (rows, 5)->note));
  g_assert_nonnull (strstr (promo, "\"name\": \"Promo (fr)\""));
  sample = herald_test_read_file (dir, "templates/promo-de/scenarios/sample.json");
  g_assert_nonnull (strstr (sample, "\"pct\": \"[pct]\""));
  herald_test_remove_tree (root);
}

/* Two templates translate one sentence differently: the second cannot share the .po. */
static void
test_conflict (void)
{
  g_autofree char *root = scratch_folder ();
  g_autofree char *dir = g_build_filename (root, "alerts", NULL);
  g_autoptr (GPtrArray) sources = sources_new ();
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (sources, source (1, "Alpha", "en", "A", "<p>Hello.</p>"));
  g_ptr_array_add (sources, source (2, "Alpha (fr)", NULL, "A", "<p>Bonjour.</p>"));
  g_ptr_array_add (sources, source (3, "Beta", "en", "B", "<p>Hello.</p>"));
  g_ptr_array_add (sources, source (4, "Beta (fr)", NULL, "B", "<p>Salut.</p>"));

  rows = herald_import_write_library (sources, dir, "Alerts", &error);
  g_assert_no_error (error);
  assert_row (rows, 2, "alpha", "fr", FALSE);
  assert_row (rows, 4, "beta-fr", "fr", TRUE);
  g_assert_nonnull (strstr (row_of (rows, 4)->note, "another template"));
  herald_test_remove_tree (root);
}

/* A folder with something in it is refused, and a failure leaves nothing beside it. */
static void
test_folder (void)
{
  g_autofree char *root = scratch_folder ();
  g_autofree char *full = g_build_filename (root, "full", NULL);
  g_autofree char *file = g_build_filename (root, "file", NULL);
  g_autoptr (GPtrArray) sources = sources_new ();
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) listing = NULL;
  const char *name;
  guint n = 0;

  g_ptr_array_add (sources, source (1, "Alpha", "en", "A", "<p>Hello.</p>"));
  herald_test_write_file (full, "notes.txt", "mine");
  herald_test_write_file (root, "file", "a file");

  rows = herald_import_write_library (sources, full, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_null (rows);
  g_clear_error (&error);
  g_assert_false (herald_import_check_directory (file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);

  listing = g_dir_open (root, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_false (g_str_has_prefix (name, ".herald-import"));
      n++;
    }
  g_assert_cmpuint (n, ==, 2);
  herald_test_remove_tree (root);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/herald/import/locale-suffix", test_locale_suffix);
  g_test_add_func ("/herald/import/slug", test_slug);
  g_test_add_func ("/herald/import/preheader", test_preheader);
  g_test_add_func ("/herald/import/grouping", test_grouping);
  g_test_add_func ("/herald/import/conflict", test_conflict);
  g_test_add_func ("/herald/import/folder", test_folder);

  return g_test_run ();
}
