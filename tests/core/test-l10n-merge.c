/* test-l10n-merge.c: update-po behaves as msgmerge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gettext-po.h>
#include <glib/gstdio.h>

#include "herald-l10n-error.h"
#include "herald-l10n-library.h"
#include "herald-library.h"
#include "herald-po-merge.h"
#include "test-l10n-util.h"

static HeraldPoCatalog *
load_data (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (l10n_test_data_dir (), name, NULL);
  HeraldPoCatalog *catalog = herald_po_catalog_load (path, &error);

  g_assert_no_error (error);
  return catalog;
}

static HeraldPoCatalog *
merge_with_herald (char **written_path)
{
  g_autoptr (HeraldPoCatalog) po = load_data ("merge-old.po");
  g_autoptr (HeraldPoCatalog) pot = load_data ("merge-new.pot");
  g_autoptr (HeraldPoCatalog) merged = herald_po_merge (po, pot);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-merge-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "fr.po", NULL);
  HeraldPoCatalog *reloaded;

  g_assert_no_error (error);
  g_assert_true (herald_po_catalog_write (merged, path, &error));
  g_assert_no_error (error);
  reloaded = herald_po_catalog_load (path, &error);
  g_assert_no_error (error);
  if (written_path != NULL)
    *written_path = g_steal_pointer (&path);
  return reloaded;
}

static void
assert_agrees_with_msgmerge (const char *old_name, const char *pot_name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-msgmerge-XXXXXX", &error);
  g_autofree char *old_path = g_build_filename (l10n_test_data_dir (), old_name, NULL);
  g_autofree char *pot_path = g_build_filename (l10n_test_data_dir (), pot_name, NULL);
  g_autofree char *out_path = g_build_filename (dir, "msgmerge.po", NULL);
  const char *argv[] = { "msgmerge", "--quiet", "-o", out_path, old_path, pot_path, NULL };
  g_autoptr (HeraldPoCatalog) reference = NULL;
  g_autoptr (HeraldPoCatalog) po = load_data (old_name);
  g_autoptr (HeraldPoCatalog) pot = load_data (pot_name);
  g_autoptr (HeraldPoCatalog) ours = herald_po_merge (po, pot);

  g_free (l10n_test_run (argv));
  reference = herald_po_catalog_load (out_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (herald_po_catalog_get_n_entries (reference), >, 0);
  l10n_test_assert_same_entries (reference, ours);
}

static void
test_merge_agrees_with_msgmerge (void)
{
  assert_agrees_with_msgmerge ("merge-old.po", "merge-new.pot");
}

/* The sample's French against a template where sentences were edited (fuzzy matches),
 * removed (obsolete) and added. */
static void
test_merge_agrees_with_msgmerge_sample (void)
{
  assert_agrees_with_msgmerge ("merge-sample-fr.po", "merge-sample-new.pot");
}

/* What msgmerge's manual promises, checked entry by entry. */
static void
test_merge_expected_entries (void)
{
  g_autoptr (HeraldPoCatalog) merged = merge_with_herald (NULL);
  const HeraldPoEntry *entry;
  g_autofree char *date = NULL;
  g_autofree char *plural_forms = NULL;
  guint n_obsolete = 0;

  /* Unchanged text: translation and translator comment kept, new reference. */
  entry = herald_po_catalog_find (merged, NULL, "Your balance is low");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->msgstr[0], ==, "Votre solde est bas");
  g_assert_false (entry->fuzzy);
  g_assert_cmpstr (entry->translator_comments, ==, "Reviewed by the compliance team.\n");
  g_assert_cmpstr (entry->references[0], ==, "templates/low-balance/body.html:14");

  /* Edited text: the old translation, marked fuzzy. */
  entry = herald_po_catalog_find (merged, NULL, "Review your recent payments in the Ledgerly app.");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->msgstr[0], ==, "Consultez vos derniers paiements dans l’application.");
  g_assert_true (entry->fuzzy);

  /* Stays fuzzy until a translator confirms it. */
  entry = herald_po_catalog_find (merged, NULL, "Still fuzzy here");
  g_assert_true (entry->fuzzy);

  /* New text: empty, with the extracted comment. */
  entry = herald_po_catalog_find (merged, NULL, "Completely new and unlike anything before");
  g_assert_cmpstr (entry->msgstr[0], ==, "");
  g_assert_false (entry->fuzzy);
  g_assert_cmpstr (entry->extracted_comments, ==, "Translators: a brand new sentence.\n");

  /* Context kept apart; an obsolete translation comes back. */
  entry = herald_po_catalog_find (merged, "weekly-summary", "Spending");
  g_assert_cmpstr (entry->msgstr[0], ==, "Dépenses");
  entry = herald_po_catalog_find (merged, NULL, "Back from the dead");
  g_assert_cmpstr (entry->msgstr[0], ==, "Revenu d’entre les morts");
  g_assert_false (entry->obsolete);

  /* A new plural entry gets French's two forms. */
  entry = herald_po_catalog_find (merged, NULL, "You made one payment this week.");
  g_assert_cmpuint (g_strv_length (entry->msgstr), ==, 2);

  /* Removed translated text is kept as obsolete, removed untranslated text dropped. */
  for (guint i = 0; i < herald_po_catalog_get_n_entries (merged); i++)
    {
      entry = herald_po_catalog_get_entry (merged, i);
      if (!entry->obsolete)
        continue;
      n_obsolete++;
      g_assert_cmpstr (entry->msgid, ==, "This sentence disappears from the templates.");
    }
  g_assert_cmpuint (n_obsolete, ==, 1);
  g_assert_null (herald_po_catalog_find (merged, NULL, "Untranslated and removed"));

  /* The header is the translation's, dated by the template. */
  date = herald_po_catalog_dup_header_field (merged, "POT-Creation-Date");
  g_assert_cmpstr (date, ==, "2026-03-02 09:30+0100");
  plural_forms = herald_po_catalog_dup_header_field (merged, "Plural-Forms");
  g_assert_cmpstr (plural_forms, ==, "nplurals=2; plural=(n > 1);");
}

static void
test_merge_output_passes_msgfmt (void)
{
  g_autofree char *path = NULL;
  g_autoptr (HeraldPoCatalog) merged = merge_with_herald (&path);
  g_autofree char *contents = NULL;

  g_assert_nonnull (merged);
  l10n_test_msgfmt_check (path);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "#~ msgid \"This sentence disappears from the templates.\""));
  g_assert_nonnull (strstr (contents, "# Reviewed by the compliance team.\n"));
}

static void
test_merge_new_locale (void)
{
  g_autoptr (HeraldPoCatalog) pot = load_data ("merge-new.pot");
  g_autoptr (HeraldPoCatalog) pl = herald_po_new_for_locale (pot, "pl");
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-new-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "pl.po", NULL);
  g_autofree char *plural_forms = herald_po_catalog_dup_header_field (pl, "Plural-Forms");
  g_autofree char *language = herald_po_catalog_dup_header_field (pl, "Language");
  const HeraldPoEntry *entry;

  g_assert_cmpstr (language, ==, "pl");
  g_assert_nonnull (strstr (plural_forms, "nplurals=3;"));
  entry = herald_po_catalog_find (pl, NULL, "You made one payment this week.");
  g_assert_cmpuint (g_strv_length (entry->msgstr), ==, 3);
  g_assert_cmpuint (herald_po_catalog_get_n_entries (pl), ==, 7);

  g_assert_true (herald_po_catalog_write (pl, path, &error));
  g_assert_no_error (error);
  l10n_test_msgfmt_check_silent (path);
}

/* A new translation for any language, with any plural rule, passes msgfmt --check without
 * a warning, as msginit's does. */
static void
test_merge_new_locale_silent (void)
{
  g_autoptr (HeraldPoCatalog) pot = load_data ("merge-new.pot");
  const char *locales[] = { "lt", "sl", "ga", "ja", "pt-BR", "xx" };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-new-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      g_autoptr (HeraldPoCatalog) po = herald_po_new_for_locale (pot, locales[i]);
      g_autofree char *name = g_strconcat (locales[i], ".po", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_true (herald_po_catalog_write (po, path, &error));
      g_assert_no_error (error);
      l10n_test_msgfmt_check_silent (path);
    }
}

/* What libgettextpo would read wrongly without a word is refused, naming file and line. */
static void
test_po_read_strict (void)
{
  /* libgettextpo ends the string at the NUL and carries on: "Bonjour" would be written
   * back without " le monde". */
  const char with_nul[] = "msgid \"\"\nmsgstr \"\"\n"
                          "\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                          "msgid \"Hello world\"\nmsgstr \"Bonjour\0 le monde\"\n";
  const char *bogus = "msgid \"\"\nmsgstr \"\"\n"
                      "\"Content-Type: text/plain; charset=BOGUS-42\\n\"\n\n"
                      "msgid \"Hello\"\nmsgstr \"Bonjour\"\n";
  const char *template = "msgid \"\"\nmsgstr \"\"\n"
                         "\"Content-Type: text/plain; charset=CHARSET\\n\"\n\n"
                         "msgid \"Hello\"\nmsgstr \"\"\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPoCatalog) catalog = NULL;

  catalog = herald_po_catalog_load_data ("fr.po", with_nul, sizeof with_nul - 1, &error);
  g_assert_null (catalog);
  g_assert_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ);
  g_assert_nonnull (strstr (error->message, "fr.po"));
  g_assert_nonnull (strstr (error->message, "line 6"));
  g_assert_nonnull (strstr (error->message, "NUL"));
  g_clear_error (&error);

  catalog = herald_po_catalog_load_data ("de.po", bogus, strlen (bogus), &error);
  g_assert_null (catalog);
  g_assert_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ);
  g_assert_nonnull (strstr (error->message, "de.po"));
  g_assert_nonnull (strstr (error->message, "BOGUS-42"));
  g_clear_error (&error);

  /* xgettext's placeholder in a template is not an error. */
  catalog = herald_po_catalog_load_data ("herald.pot", template, strlen (template), &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);
}

/* update-po refuses the damaged file and leaves it byte for byte. */
static void
test_update_po_keeps_damaged_file (void)
{
  g_autofree char *source = g_build_filename (l10n_test_data_dir (), "tricky", NULL);
  g_autofree char *copy = l10n_test_copy_tree (source, "tricky");
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (copy, &error);
  g_autofree char *path = NULL;
  g_autofree char *po_dir = NULL;
  g_autofree char *after = NULL;
  gsize length = 0;
  const char *locales[] = { "fr", NULL };
  const char damaged[] = "msgid \"\"\nmsgstr \"\"\n"
                         "\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                         "msgid \"Statement\"\nmsgstr \"Relev\0e\"\n";

  g_assert_no_error (error);
  path = herald_l10n_dup_po_path (library, "fr");
  po_dir = herald_library_dup_po_directory (library);
  g_assert_cmpint (g_mkdir_with_parents (po_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, damaged, sizeof damaged - 1, &error));
  g_assert_no_error (error);

  g_assert_false (herald_l10n_update_po (library, locales, &error));
  g_assert_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ);
  g_assert_nonnull (strstr (error->message, "line 6"));
  g_assert_true (g_file_get_contents (path, &after, &length, NULL));
  g_assert_cmpmem (after, length, damaged, sizeof damaged - 1);
}

static void
test_similarity (void)
{
  g_assert_cmpfloat (herald_po_similarity ("abc", "abc", 0), ==, 1.0);
  g_assert_cmpfloat (herald_po_similarity ("abc", "xyz", 0), ==, 0.0);
  /* "abcd" and "abxd": 3 common characters of 8. */
  g_assert_cmpfloat_with_epsilon (herald_po_similarity ("abcd", "abxd", 0), 0.75, 1e-9);
}

static void
test_po_read_errors (void)
{
  const char *bad = "msgid \"unterminated\nmsgstr \"\"\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPoCatalog) catalog =
      herald_po_catalog_load_data ("fr.po", bad, strlen (bad), &error);

  g_assert_null (catalog);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "fr.po"));
  g_clear_error (&error);
  g_assert_null (herald_po_catalog_load ("/nonexistent/de.po", &error));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  /* Found by fuzz-po: no charset and bytes that are not UTF-8 made libgettextpo abort when the
   * catalogue was written back. */
  {
    const char *latin1 = "msgid \"Priorit\xe9\"\nmsgstr \"\"\n";
    g_autoptr (HeraldPoCatalog) refused =
        herald_po_catalog_load_data ("it.po", latin1, strlen (latin1), &error);

    g_assert_null (refused);
    g_assert_nonnull (strstr (error->message, "not in UTF-8"));
  }
}

static void
ignore_po_error (int severity,
                 po_message_t message,
                 const char *filename,
                 size_t lineno,
                 size_t column,
                 int multiline_p,
                 const char *message_text)
{
  g_assert_cmpint (severity, ==, PO_SEVERITY_WARNING);
}

static void
ignore_po_error2 (int severity,
                  po_message_t message1,
                  const char *filename1,
                  size_t lineno1,
                  size_t column1,
                  int multiline_p1,
                  const char *message_text1,
                  po_message_t message2,
                  const char *filename2,
                  size_t lineno2,
                  size_t column2,
                  int multiline_p2,
                  const char *message_text2)
{
  g_assert_cmpint (severity, ==, PO_SEVERITY_WARNING);
}

static const struct po_xerror_handler po_handler = { ignore_po_error, ignore_po_error2 };

static void
append_string (GString *out, const char *name, const char *value)
{
  if (value != NULL)
    g_string_append_printf (out, "%s=“%s” ", name, value);
}

/* Everything msgmerge decides about each entry of a written file, read by libgettextpo
 * itself rather than by the code under test: the header, then one line per entry. */
static GPtrArray *
describe_po_file (const char *path)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  po_file_t file = po_file_read (path, &po_handler);
  po_message_iterator_t iterator;
  po_message_t message;
  const char *const *formats = po_format_list ();

  g_assert_nonnull (file);
  iterator = po_message_iterator (file, NULL);
  while ((message = po_next_message (iterator)) != NULL)
    {
      GString *out = g_string_new (NULL);
      const char *form;
      int min, max;

      append_string (out, "msgctxt", po_message_msgctxt (message));
      append_string (out, "msgid", po_message_msgid (message));
      append_string (out, "msgid_plural", po_message_msgid_plural (message));
      if (po_message_msgid_plural (message) != NULL)
        for (int i = 0; (form = po_message_msgstr_plural (message, i)) != NULL; i++)
          g_string_append_printf (out, "msgstr[%d]=“%s” ", i, form);
      else
        append_string (out, "msgstr", po_message_msgstr (message));
      append_string (out, "#|msgctxt", po_message_prev_msgctxt (message));
      append_string (out, "#|msgid", po_message_prev_msgid (message));
      append_string (out, "#|msgid_plural", po_message_prev_msgid_plural (message));
      g_string_append (out, "flags:");
      if (po_message_is_fuzzy (message))
        g_string_append (out, " fuzzy");
      if (po_message_is_obsolete (message))
        g_string_append (out, " obsolete");
      for (guint i = 0; formats[i] != NULL; i++)
        if (po_message_is_format (message, formats[i]))
          g_string_append_printf (out, " %s", formats[i]);
      if (po_message_is_range (message, &min, &max))
        g_string_append_printf (out, " range: %d..%d", min, max);
      g_string_append (out, " ");
      append_string (out, "#", po_message_comments (message));
      append_string (out, "#.", po_message_extracted_comments (message));
      for (int i = 0; po_message_filepos (message, i) != NULL; i++)
        {
          po_filepos_t pos = po_message_filepos (message, i);

          g_string_append_printf (out, "#: %s:%zu ", po_filepos_file (pos),
                                  po_filepos_start_line (pos));
        }
      g_ptr_array_add (lines, g_string_free (out, FALSE));
    }
  po_message_iterator_free (iterator);
  po_file_free (file);
  return lines;
}

/* The "#," lines of a file, in order: libgettextpo reads "no-wrap" but does not report it. */
static char *
flag_lines (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GString *flags = g_string_new (NULL);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "#,"))
      g_string_append_printf (flags, "%s\n", lines[i]);
  return g_string_free (flags, FALSE);
}

static void
assert_same_flag_lines (const char *expected_path, const char *actual_path)
{
  g_autofree char *expected = flag_lines (expected_path);
  g_autofree char *actual = flag_lines (actual_path);

  g_assert_cmpstr (actual, ==, expected);
}

/* Merges old_path with pot_path as msgmerge --previous and as Herald, asserts that both
 * files say the same of every entry and returns the descriptions. */
static GPtrArray *
assert_merge_matches_msgmerge (const char *old_path, const char *pot_path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-previous-XXXXXX", &error);
  g_autofree char *reference_path = g_build_filename (dir, "msgmerge.po", NULL);
  g_autofree char *ours_path = g_build_filename (dir, "pl.po", NULL);
  const char *argv[] = { "msgmerge",     "--previous", "--quiet", "-o",
                         reference_path, old_path,     pot_path,  NULL };
  g_autoptr (HeraldPoCatalog) po = herald_po_catalog_load (old_path, &error);
  g_autoptr (HeraldPoCatalog) pot = NULL;
  g_autoptr (HeraldPoCatalog) ours = NULL;
  g_autoptr (GPtrArray) expected = NULL;
  g_autoptr (GPtrArray) actual = NULL;

  g_assert_no_error (error);
  pot = herald_po_catalog_load (pot_path, &error);
  g_assert_no_error (error);
  g_free (l10n_test_run (argv));
  ours = herald_po_merge (po, pot);
  g_assert_true (herald_po_catalog_write (ours, ours_path, &error));
  g_assert_no_error (error);
  l10n_test_msgfmt_check (ours_path);

  expected = describe_po_file (reference_path);
  actual = describe_po_file (ours_path);
  for (guint i = 0; i < MAX (expected->len, actual->len); i++)
    {
      const char *want = i < expected->len ? g_ptr_array_index (expected, i) : NULL;
      const char *have = i < actual->len ? g_ptr_array_index (actual, i) : NULL;

      g_assert_cmpstr (have, ==, want);
    }
  assert_same_flag_lines (reference_path, ours_path);
  return g_steal_pointer (&expected);
}

static guint
count_containing (GPtrArray *descriptions, const char *text)
{
  guint n = 0;

  for (guint i = 0; i < descriptions->len; i++)
    n += strstr (g_ptr_array_index (descriptions, i), text) != NULL;
  return n;
}

/* A real project's old translation brought up to date with its newer template: Herald's
 * file says what msgmerge --previous's says, entry by entry. */
static void
test_merge_real_project_matches_msgmerge (void)
{
  g_autofree char *old_path = g_build_filename (l10n_test_data_dir (), "elogind", "pl.po", NULL);
  g_autofree char *pot_path =
      g_build_filename (l10n_test_data_dir (), "elogind", "systemd.pot", NULL);
  g_autoptr (GPtrArray) entries = assert_merge_matches_msgmerge (old_path, pot_path);

  /* The pair is worth comparing: msgmerge made fuzzy suggestions and kept flags. */
  g_assert_cmpuint (count_containing (entries, "flags: fuzzy"), >=, 50);
  g_assert_cmpuint (count_containing (entries, "#|msgid="), >=, 50);
  g_assert_cmpuint (count_containing (entries, " c-format"), >=, 10);
}

static const HeraldPoEntry *
find_live (HeraldPoCatalog *catalog, const char *msgctxt, const char *msgid)
{
  const HeraldPoEntry *entry = herald_po_catalog_find (catalog, msgctxt, msgid);

  g_assert_nonnull (entry);
  return entry;
}

/* msgmerge's fuzzy search, case by case, on a small pair: only entries sharing 4 characters
 * in a row are suggestions; ties go to the entry without another context, then to the one
 * sharing more 4-grams; obsolete entries are suggestions too. */
static void
test_merge_fuzzy_choices (void)
{
  g_autofree char *old_path = g_build_filename (l10n_test_data_dir (), "merge-fuzzy-old.po", NULL);
  g_autofree char *pot_path = g_build_filename (l10n_test_data_dir (), "merge-fuzzy-new.pot", NULL);
  g_autoptr (GPtrArray) entries = assert_merge_matches_msgmerge (old_path, pot_path);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPoCatalog) po = herald_po_catalog_load (old_path, &error);
  g_autoptr (HeraldPoCatalog) pot = herald_po_catalog_load (pot_path, &error);
  g_autoptr (HeraldPoCatalog) merged = herald_po_merge (po, pot);
  g_autofree char *date = herald_po_catalog_dup_header_field (merged, "POT-Creation-Date");
  g_autofree char *bugs = herald_po_catalog_dup_header_field (merged, "Report-Msgid-Bugs-To");
  const HeraldPoEntry *entry;

  g_assert_cmpuint (entries->len, >, 10);

  /* What msgmerge --previous wrote for these, spelled out. */
  entry = find_live (merged, NULL, "Repeat");
  g_assert_cmpstr (entry->msgstr[0], ==, "Powtarzanie");
  g_assert_true (entry->fuzzy);
  g_assert_cmpstr (entry->previous_msgid, ==, "Repetition");
  entry = find_live (merged, NULL, "Pay your bill now");
  g_assert_cmpstr (entry->msgstr[0], ==, "Opłać rachunki teraz");
  entry = find_live (merged, NULL, "Your weekly statement");
  g_assert_cmpstr (entry->msgstr[0], ==, "Twój tygodniowy wyciąg (B)");
  entry = find_live (merged, NULL, "Your card ending in %s.");
  g_assert_cmpstr (entry->previous_msgid, ==, "Your card ends in %s");
  g_assert_true (herald_po_entry_has_flag (entry, "c-format"));
  entry = find_live (merged, NULL, "Balance: %d");
  g_assert_true (entry->fuzzy);
  entry = find_live (merged, NULL, "Lows");
  g_assert_cmpstr (entry->msgstr[0], ==, "");
  entry = find_live (merged, NULL, "Transfer money between your own accounts");
  g_assert_cmpstr (entry->msgstr[0], ==, "Przelej pieniądze między swoimi kontami");
  g_assert_true (herald_po_entry_has_flag (entry, "no-wrap"));
  entry = find_live (merged, NULL, "Something entirely different");
  g_assert_cmpuint (g_strv_length (entry->msgstr), ==, 3);

  g_assert_cmpstr (herald_po_catalog_get_header_comments (merged), ==,
                   "Polish translation of the Herald test catalogue.\n"
                   "Copyright (C) 2026 Ledgerly's translators\n"
                   "Anna Nowak <anna@example.com>, 2026.\n"
                   "\n");
  g_assert_cmpstr (date, ==, "2026-03-01 08:00+0100");
  g_assert_cmpstr (bugs, ==, "alerts@example.com");
}

/* An ASCII translation merged with a UTF-8 template is declared UTF-8, as msgmerge converts
 * it; msgmerge also puts the header's fields in its own order. */
static void
test_merge_header_as_msgmerge (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-header-XXXXXX", &error);
  g_autofree char *po_path = g_build_filename (dir, "fr.po", NULL);
  g_autofree char *pot_path = g_build_filename (dir, "herald.pot", NULL);
  g_autoptr (GPtrArray) entries = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (po_path,
                                      "msgid \"\"\nmsgstr \"\"\n"
                                      "\"Content-Type: text/plain; charset=ASCII\\n\"\n"
                                      "\"X-Generator: Vim\\n\"\n"
                                      "\"Language: fr\\n\"\n\n"
                                      "msgid \"Hello\"\nmsgstr \"Bonjour\"\n",
                                      -1, &error));
  g_assert_true (g_file_set_contents (pot_path,
                                      "msgid \"\"\nmsgstr \"\"\n"
                                      "\"Report-Msgid-Bugs-To: l10n@example.com\\n\"\n"
                                      "\"POT-Creation-Date: 2026-03-01 08:00+0100\\n\"\n"
                                      "\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                                      "msgid \"Hello\"\nmsgstr \"\"\n",
                                      -1, &error));
  g_assert_no_error (error);
  entries = assert_merge_matches_msgmerge (po_path, pot_path);
  g_assert_nonnull (strstr (g_ptr_array_index (entries, 0), "charset=UTF-8"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/herald/l10n/merge/agrees-with-msgmerge", test_merge_agrees_with_msgmerge);
  g_test_add_func ("/herald/l10n/merge/agrees-with-msgmerge-sample",
                   test_merge_agrees_with_msgmerge_sample);
  g_test_add_func ("/herald/l10n/merge/expected-entries", test_merge_expected_entries);
  g_test_add_func ("/herald/l10n/merge/passes-msgfmt", test_merge_output_passes_msgfmt);
  g_test_add_func ("/herald/l10n/merge/new-locale", test_merge_new_locale);
  g_test_add_func ("/herald/l10n/merge/similarity", test_similarity);
  g_test_add_func ("/herald/l10n/merge/po-read-errors", test_po_read_errors);
  g_test_add_func ("/herald/l10n/merge/po-read-strict", test_po_read_strict);
  g_test_add_func ("/herald/l10n/merge/update-po-keeps-damaged-file",
                   test_update_po_keeps_damaged_file);
  g_test_add_func ("/herald/l10n/merge/new-locale-silent", test_merge_new_locale_silent);
  g_test_add_func ("/herald/l10n/merge/fuzzy-choices", test_merge_fuzzy_choices);
  g_test_add_func ("/herald/l10n/merge/header-as-msgmerge", test_merge_header_as_msgmerge);
  g_test_add_func ("/herald/l10n/merge/real-project-matches-msgmerge",
                   test_merge_real_project_matches_msgmerge);

  return g_test_run ();
}
