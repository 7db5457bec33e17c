/* test-l10n-apply.c: extract → translate → apply → render, checks, pseudo-locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-extractor.h"
#include "herald-html-lang.h"
#include "herald-l10n-library.h"
#include "herald-l10n-lint.h"
#include "herald-library.h"
#include "herald-localizer.h"
#include "herald-pseudo-locale.h"
#include "herald-render.h"
#include "herald-tl.h"
#include "test-l10n-util.h"

/* French, as a translator would fill in the .po. "Monthly statement" is left out and the
 * text part's link sentence is only a fuzzy guess. */
static const char *french[][2] = {
  { "Priority:", "Priorité :" },
  { "Your statement is ready", "Votre relevé est disponible" },
  { "Hello {{var:name}}, your statement is ready.",
    "Bonjour {{var:name}}, votre relevé est disponible." },
  { "Your statement", "Votre relevé" },
  { "Outlook only wrapper text", "Texte réservé à Outlook" },
  { "Example Bank", "Banque Exemple" },
  { "Hello <b>{{var:name}}</b>,<br> your statement is ready.",
    "Bonjour <b>{{var:name}}</b>,<br> votre relevé est disponible." },
  { "Your balance is <strong>negative</strong>.", "Votre solde est <strong>négatif</strong>." },
  { "Your balance is {{var:balance}} EUR.", "Votre solde est de {{var:balance}} EUR." },
  { "Open your statement", "Ouvrir votre relevé" },
  { "View the statement", "Voir le relevé" },
  { "Read our <a href=\"https://example.com/terms\">terms</a> &amp; conditions.",
    "Lisez nos <a href=\"https://example.com/terms\">conditions</a> générales." },
  { "Fallback: {{var:missing:\"<none>\"}} shown here",
    "Valeur par défaut : {{var:missing:\"<none>\"}} affichée ici" },
  { "Hello {{var:name}},\nyour statement is ready.",
    "Bonjour {{var:name}},\nvotre relevé est disponible." },
  { "Your balance is negative.", "Votre solde est négatif." },
};

/* A copy of the "tricky" library, loaded: a test may write its .po files. */
static HeraldLibrary *
load_tricky_copy (void)
{
  g_autofree char *source = g_build_filename (l10n_test_data_dir (), "tricky", NULL);
  g_autofree char *path = l10n_test_copy_tree (source, "tricky");

  return l10n_test_load_library (path);
}

/* update-po creates fr.po, the test translates it and writes it back. */
static HeraldPoCatalog *
translate_french (HeraldLibrary *library)
{
  const char *locales[] = { "fr", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = herald_l10n_dup_po_path (library, "fr");
  g_autoptr (HeraldPoCatalog) po = NULL;
  HeraldPoEntry *entry;

  g_assert_true (herald_l10n_update_po (library, locales, &error));
  g_assert_no_error (error);
  l10n_test_msgfmt_check (path);

  po = herald_po_catalog_load (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (french); i++)
    {
      entry = (HeraldPoEntry *) herald_po_catalog_find (po, NULL, french[i][0]);
      g_assert_nonnull (entry);
      g_free (entry->msgstr[0]);
      entry->msgstr[0] = g_strdup (french[i][1]);
    }
  entry = (HeraldPoEntry *) herald_po_catalog_find (po, NULL, "You made one payment.");
  g_assert_cmpuint (g_strv_length (entry->msgstr), ==, 2);
  g_free (entry->msgstr[0]);
  g_free (entry->msgstr[1]);
  entry->msgstr[0] = g_strdup ("Vous avez effectué un paiement.");
  entry->msgstr[1] = g_strdup ("Vous avez effectué {{var:count}} paiements.");
  entry = (HeraldPoEntry *) herald_po_catalog_find (po, NULL, "View it at {{var:url}}");
  g_free (entry->msgstr[0]);
  entry->msgstr[0] = g_strdup ("Consultez-le sur {{var:url}}");
  entry->fuzzy = TRUE;

  g_assert_true (herald_po_catalog_write (po, path, &error));
  g_assert_no_error (error);
  l10n_test_msgfmt_check (path);

  return herald_l10n_load_catalog (library, "fr", NULL);
}

static char *
render (HeraldLocalizedTemplate *localized, HeraldPart part, HeraldScenario *scenario)
{
  g_autoptr (GError) error = NULL;
  char *text =
      herald_render_source (herald_localized_template_get_part (localized, part), part,
                            herald_localized_template_get_id (localized), scenario, NULL, &error);

  g_assert_no_error (error);
  return text;
}

static char *
read_data (const char *name)
{
  g_autofree char *path = g_build_filename (l10n_test_data_dir (), name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static guint
count_rule (GPtrArray *diagnostics, const char *rule_id)
{
  guint n = 0;

  for (guint i = 0; i < diagnostics->len; i++)
    if (g_str_equal (herald_diagnostic_get_rule_id (g_ptr_array_index (diagnostics, i)), rule_id))
      n++;
  return n;
}

static void
test_apply_round_trip (void)
{
  g_autoptr (HeraldLibrary) library = load_tricky_copy ();
  g_autoptr (HeraldPoCatalog) fr = translate_french (library);
  HeraldTemplate *tmpl = herald_library_find_template (library, "statement");
  HeraldScenario *one = herald_template_find_scenario (tmpl, "one-payment");
  HeraldScenario *overdrawn = herald_template_find_scenario (tmpl, "overdrawn");
  g_autoptr (GPtrArray) diagnostics = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLocalizedTemplate) localized = NULL;
  g_autofree char *html = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_overdrawn = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *subject_overdrawn = NULL;
  g_autofree char *preheader = NULL;
  g_autofree char *expected_html = read_data ("tricky-fr-expected.html");
  g_autofree char *expected_text = read_data ("tricky-fr-expected.txt");
  g_autofree char *expected_text_overdrawn = read_data ("tricky-fr-overdrawn-expected.txt");
  const HeraldL10nCounts *counts;
  HeraldL10nCounts sidebar = { 0 };

  g_assert_nonnull (fr);
  g_assert_nonnull (one);
  g_assert_nonnull (overdrawn);
  localized = herald_localize_template (tmpl, fr, diagnostics, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_localized_template_get_locale (localized), ==, "fr");

  /* Herald's plural syntax never reaches Mailjet. */
  for (HeraldPart part = HERALD_PART_SUBJECT; part <= HERALD_PART_TEXT; part++)
    g_assert_null (strstr (herald_localized_template_get_part (localized, part), "plural"));

  html = render (localized, HERALD_PART_HTML, one);
  g_assert_cmpstr (html, ==, expected_html);
  text = render (localized, HERALD_PART_TEXT, one);
  g_assert_cmpstr (text, ==, expected_text);
  text_overdrawn = render (localized, HERALD_PART_TEXT, overdrawn);
  g_assert_cmpstr (text_overdrawn, ==, expected_text_overdrawn);
  subject = render (localized, HERALD_PART_SUBJECT, one);
  g_assert_cmpstr (subject, ==, "Votre relevé est disponible");
  subject_overdrawn = render (localized, HERALD_PART_SUBJECT, overdrawn);
  g_assert_cmpstr (subject_overdrawn, ==, "Priorité : Votre relevé est disponible");
  preheader = render (localized, HERALD_PART_PREHEADER, one);
  g_assert_cmpstr (preheader, ==, "Bonjour Léa, votre relevé est disponible.");

  /* The untranslated and the fuzzy unit are reported, once each, in French. */
  g_assert_cmpuint (count_rule (diagnostics, "untranslated"), ==, 1);
  g_assert_cmpuint (count_rule (diagnostics, "fuzzy"), ==, 1);
  g_assert_cmpuint (diagnostics->len, ==, 2);
  for (guint i = 0; i < diagnostics->len; i++)
    g_assert_cmpstr (herald_diagnostic_get_locale (g_ptr_array_index (diagnostics, i)), ==, "fr");

  counts = herald_localized_template_get_counts (localized);
  g_assert_cmpuint (counts->translated, ==, 16);
  g_assert_cmpuint (counts->fuzzy, ==, 1);
  g_assert_cmpuint (counts->untranslated, ==, 1);

  g_assert_true (herald_l10n_count_template (tmpl, fr, &sidebar, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sidebar.translated, ==, 16);
  g_assert_cmpuint (sidebar.fuzzy, ==, 1);
  g_assert_cmpuint (sidebar.untranslated, ==, 1);
}

static void
test_apply_source_locale (void)
{
  g_autoptr (HeraldLibrary) library = load_tricky_copy ();
  HeraldTemplate *tmpl = herald_library_find_template (library, "statement");
  HeraldScenario *overdrawn = herald_template_find_scenario (tmpl, "overdrawn");
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLocalizedTemplate) localized =
      herald_localize_template (tmpl, NULL, NULL, &error);
  g_autofree char *text = NULL;
  const char *html;

  g_assert_no_error (error);
  g_assert_null (herald_localized_template_get_locale (localized));
  html = herald_localized_template_get_part (localized, HERALD_PART_HTML);
  /* Untouched but for the plural block, compiled with English rules. */
  g_assert_nonnull (strstr (html, "<html lang=\"en\" xmlns:v="));
  g_assert_nonnull (strstr (html, "<p>{% if var:count != 1 %}You made {{var:count}} payments."
                                  "{% else %}You made one payment.{% endif %}</p>"));
  g_assert_null (strstr (html, "plural"));
  text = render (localized, HERALD_PART_TEXT, overdrawn);
  g_assert_cmpstr (text, ==,
                   "Hello Léa,\nyour statement is ready.\n\nYour balance is negative.\n\n"
                   "You made 3 payments.\n\nView it at https://example.com/s/1\n");
}

static const char *
lang_of (const char *html)
{
  return strstr (html, "<html");
}

static void
test_apply_rtl (void)
{
  const char *po = "msgid \"\"\nmsgstr \"\"\n\"Language: ar\\n\"\n"
                   "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                   "\"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
                   "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;\\n\"\n\n"
                   "msgid \"Hello\"\nmsgstr \"مرحبا\"\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPoCatalog) ar = herald_po_catalog_load_data ("ar.po", po, strlen (po), &error);
  g_autofree char *html = NULL;
  g_autofree char *no_lang = NULL;

  g_assert_no_error (error);
  html = herald_localize_source ("t", HERALD_PART_HTML, "<html><body><p>Hello</p></body></html>",
                                 ar, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (html, ==, "<html dir=\"rtl\" lang=\"ar\"><body><p>مرحبا</p></body></html>");

  no_lang = herald_localize_source ("t", HERALD_PART_HTML,
                                    "<!-- <html> -->\n<HTML LANG='en' DIR=ltr><p>Hello</p></HTML>",
                                    ar, "he_IL", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lang_of (no_lang), ==,
                   "<html> -->\n<HTML lang=\"he-IL\" dir=\"rtl\"><p>مرحبا</p></HTML>");
  g_assert_true (herald_locale_is_rtl ("fa"));
  g_assert_true (herald_locale_is_rtl ("ur_PK"));
  g_assert_false (herald_locale_is_rtl ("fr"));
}

typedef struct
{
  const char *msgid;
  const char *msgstr;
  const char *rule; /* NULL: accepted without diagnostic */
  gboolean usable;
} CheckCase;

static void
test_checks (void)
{
  static const CheckCase cases[] = {
    { "Hello <b>{{var:name}}</b>", "Bonjour <b>{{ var:name }}</b>", NULL, TRUE },
    { "Hello <b>{{var:name}}</b>", "Bonjour <b>{{var:nom}}</b>", "placeholder-mismatch", FALSE },
    { "Hello <b>{{var:name}}</b>", "Bonjour <b>cher client</b>", "placeholder-mismatch", FALSE },
    { "Hello {{var:name}}", "Bonjour {{var:name}} {{var:name}}", "placeholder-mismatch", FALSE },
    { "Hello {{var:name}}", "{% if var:x %}Bonjour{% endif %} {{var:name}}", "placeholder-mismatch",
      FALSE },
    { "Hello <b>{{var:name}}</b>", "Bonjour {{var:name}}", "markup-mismatch", TRUE },
    { "Hello <b>{{var:name}}</b>", "Bonjour <i>{{var:name}}</i>", "markup-mismatch", TRUE },
    { "Hello <b>{{var:name}}</b>", "Bonjour <b>{{var:name}}", "translation-breaks-html", FALSE },
    { "<b>A</b> <i>B</i>", "<b>A <i>B</b></i>", "translation-breaks-html", FALSE },
    { "Read <a href=\"x\">this</a>", "Lisez <a href=\"x>ceci</a>", "translation-breaks-html",
      FALSE },
    { "Line<br>break", "Ligne<br/>coupée", NULL, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) diagnostics = g_ptr_array_new_with_free_func (g_object_unref);
      HeraldL10nUnit unit = { 0 };
      const char *msgstr[] = { cases[i].msgstr, NULL };
      gboolean usable;

      unit.part = HERALD_PART_HTML;
      unit.line = 7;
      unit.msgid = (char *) cases[i].msgid;
      g_test_message ("case %u: %s → %s", i, cases[i].msgid, cases[i].msgstr);
      usable = herald_l10n_check_translation (&unit, msgstr, "t", "fr", diagnostics);
      g_assert_cmpint (usable, ==, cases[i].usable);
      if (cases[i].rule == NULL)
        {
          g_assert_cmpuint (diagnostics->len, ==, 0);
          continue;
        }
      g_assert_cmpuint (diagnostics->len, >=, 1);
      g_assert_cmpstr (herald_diagnostic_get_rule_id (g_ptr_array_index (diagnostics, 0)), ==,
                       cases[i].rule);
      g_assert_cmpuint (herald_diagnostic_get_line (g_ptr_array_index (diagnostics, 0)), ==, 7);
    }
}

static void
test_checks_plural (void)
{
  g_autoptr (GPtrArray) diagnostics = g_ptr_array_new_with_free_func (g_object_unref);
  HeraldL10nUnit unit = { 0 };
  const char *good[] = { "Un paiement de {{var:who}}.", "{{var:n}} paiements de {{var:who}}.",
                         NULL };
  const char *lost[] = { "Un paiement.", "{{var:n}} paiements.", NULL };

  unit.part = HERALD_PART_TEXT;
  unit.msgid = (char *) "One payment by {{var:who}}.";
  unit.msgid_plural = (char *) "{{var:n}} payments by {{var:who}}.";
  unit.plural_count = (char *) "var:n";
  g_assert_true (herald_l10n_check_translation (&unit, good, "t", "fr", diagnostics));
  g_assert_cmpuint (diagnostics->len, ==, 0);
  g_assert_false (herald_l10n_check_translation (&unit, lost, "t", "fr", diagnostics));
  g_assert_cmpuint (count_rule (diagnostics, "placeholder-mismatch"), ==, 2);
}

/* A translation that would break the email is reported and the source text is sent. */
static void
test_apply_falls_back_on_broken (void)
{
  const char *po = "msgid \"\"\nmsgstr \"\"\n\"Language: de\\n\"\n"
                   "\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                   "msgid \"Hello <b>{{var:name}}</b>\"\nmsgstr \"Hallo <b>{{var:nmae}}</b>\"\n\n"
                   "msgid \"Bye\"\nmsgstr \"Tschüss <i>\"\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPoCatalog) de = herald_po_catalog_load_data ("de.po", po, strlen (po), &error);
  g_autoptr (GPtrArray) diagnostics = g_ptr_array_new_with_free_func (g_object_unref);
  HeraldL10nCounts counts = { 0 };
  g_autofree char *html = NULL;

  g_assert_no_error (error);
  html =
      herald_localize_source ("t", HERALD_PART_HTML, "<p>Hello <b>{{var:name}}</b></p><p>Bye</p>",
                              de, NULL, &counts, diagnostics, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (html, ==, "<p>Hello <b>{{var:name}}</b></p><p>Bye</p>");
  g_assert_cmpuint (count_rule (diagnostics, "placeholder-mismatch"), ==, 2);
  g_assert_cmpuint (count_rule (diagnostics, "translation-breaks-html"), ==, 1);
  g_assert_cmpuint (counts.fuzzy, ==, 2);
  g_assert_cmpuint (counts.translated, ==, 0);
}

static void
test_pseudo_locale (void)
{
  g_autoptr (HeraldLibrary) library = load_tricky_copy ();
  HeraldTemplate *tmpl = herald_library_find_template (library, "statement");
  HeraldScenario *one = herald_template_find_scenario (tmpl, "one-payment");
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLocalizedTemplate) pseudo = herald_localize_template_pseudo (tmpl, NULL, &error);
  g_autofree char *unit = herald_pseudo_localize (
      "Your balance is <b>{{var:balance}}</b> &amp; more", HERALD_PART_HTML);
  g_autofree char *html = NULL;
  g_autofree char *subject = NULL;
  glong source_length = g_utf8_strlen ("Your statement is ready", -1);

  g_assert_no_error (error);
  g_assert_cmpstr (herald_localized_template_get_locale (pseudo), ==, "en-XA");

  /* Accented, bracketed, markup/placeholders/entities untouched. */
  g_assert_true (g_str_has_prefix (unit, "[Ýóúŕ ƀáłáñçé íš <b>{{var:balance}}</b> &amp; ɱóŕé"));
  g_assert_true (g_str_has_suffix (unit, "]"));

  subject = render (pseudo, HERALD_PART_SUBJECT, one);
  g_assert_true (g_str_has_prefix (subject, "[Ýóúŕ šţáţéɱéñţ íš ŕéáđý"));
  /* About 40 % longer. */
  g_assert_cmpint (g_utf8_strlen (subject, -1), >=, source_length * 13 / 10);
  g_assert_cmpint (g_utf8_strlen (subject, -1), <=, source_length * 16 / 10);

  html = render (pseudo, HERALD_PART_HTML, one);
  g_assert_nonnull (strstr (html, "<html dir=\"ltr\" lang=\"en-XA\""));
  g_assert_nonnull (strstr (html, "[Ĥéłłó <b>Léa</b>,<br> ýóúŕ šţáţéɱéñţ íš ŕéáđý."));
  g_assert_nonnull (strstr (html, "alt=\"[Éẋáɱþłé Ɓáñķ"));
  g_assert_nonnull (strstr (html, "href=\"https://example.com/s/1\""));
  /* The Outlook-only text inside its conditional comment is a unit too, the comment kept. */
  g_assert_nonnull (strstr (html, "<!--[if mso]><table role=\"presentation\"><tr><td>[Óúţłóóķ "
                                  "óñłý ŵŕáþþéŕ ţéẋţ"));
}

/* Issue 13: en-XA of units with a placeholder inside a tag's attribute and another after
 * the tag renders, with every placeholder intact and the words around them accented. */
static void
test_pseudo_placeholder_in_attribute (void)
{
  g_autofree char *path = g_build_filename (l10n_test_data_dir (), "fragment", NULL);
  g_autoptr (HeraldLibrary) library = l10n_test_load_library (path);
  HeraldTemplate *tmpl = herald_library_find_template (library, "forecast");
  HeraldScenario *typical = herald_template_find_scenario (tmpl, "typical");
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLocalizedTemplate) pseudo = herald_localize_template_pseudo (tmpl, NULL, &error);
  g_autofree char *html = NULL;
  g_autofree char *unit = NULL;

  g_assert_no_error (error);
  html = render (pseudo, HERALD_PART_HTML, typical);
  g_assert_nonnull (strstr (html, "[Óþéñ <a href=\"https://x.example/acc-42\">ýóúŕ ƒóŕéçášţ</a> "
                                  "ƒóŕ Everyday account ţóđáý."));
  g_assert_nonnull (
      strstr (html, "[<a href='https://x.example/acc-42'>Everyday account</a> áţ Example Bank"));
  /* The placeholder-only paragraph is no unit: no brackets. */
  g_assert_nonnull (strstr (html, "<p><a href=\"acc-42\">Everyday account</a> Example Bank</p>"));

  unit = herald_pseudo_localize ("<a title=\"{{var:t}}\"><i class='{{var:c}}'>{{var:n}}</i></a> "
                                 "by {{var:m}}",
                                 HERALD_PART_HTML);
  g_assert_true (g_str_has_prefix (
      unit, "[<a title=\"{{var:t}}\"><i class='{{var:c}}'>{{var:n}}</i></a> ƀý {{var:m}}"));
}

/* The text between `from` and the next `to` (included), or NULL. */
static char *
slice (const char *text, const char *from, const char *to)
{
  const char *start = strstr (text, from);
  const char *end = start ? strstr (start, to) : NULL;

  return end ? g_strndup (start, end + strlen (to) - start) : NULL;
}

/* Issue 13: a VML "bulletproof" button's label lives in an Outlook conditional comment. It
 * reaches the .pot, a French .po translates it, and the French HTML has the label inside the
 * comment, the comment otherwise byte for byte the source's. */
static void
test_apply_outlook_comment (void)
{
  g_autofree char *source = g_build_filename (l10n_test_data_dir (), "fragment", NULL);
  g_autofree char *path = l10n_test_copy_tree (source, "fragment");
  g_autoptr (HeraldLibrary) library = l10n_test_load_library (path);
  HeraldTemplate *tmpl = herald_library_find_template (library, "forecast");
  HeraldScenario *typical = herald_template_find_scenario (tmpl, "typical");
  const char *locales[] = { "fr", NULL };
  g_autofree char *po_path = herald_l10n_dup_po_path (library, "fr");
  g_autofree char *pot_path = NULL;
  g_autofree char *pot = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPoCatalog) po = NULL;
  g_autoptr (HeraldPoCatalog) fr = NULL;
  g_autoptr (HeraldLocalizedTemplate) localized = NULL;
  HeraldPoEntry *entry;
  g_autofree char *html = NULL;
  g_autofree char *source_comment = NULL;
  g_autofree char *french_comment = NULL;
  g_autofree char *expected_comment = NULL;

  g_assert_true (herald_l10n_write_pot (library, &pot_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pot_path, &pot, NULL, NULL));
  /* One entry for the VML label (line 12, in the comment) and the other clients' link. */
  g_assert_nonnull (strstr (pot, "#: templates/forecast/body.html:12 "
                                 "templates/forecast/body.html:16\nmsgid \"View my forecast\""));

  g_assert_true (herald_l10n_update_po (library, locales, &error));
  g_assert_no_error (error);
  po = herald_po_catalog_load (po_path, &error);
  g_assert_no_error (error);
  entry = (HeraldPoEntry *) herald_po_catalog_find (po, NULL, "View my forecast");
  g_assert_nonnull (entry);
  g_free (entry->msgstr[0]);
  entry->msgstr[0] = g_strdup ("Voir mes prévisions");
  g_assert_true (herald_po_catalog_write (po, po_path, &error));
  g_assert_no_error (error);
  l10n_test_msgfmt_check (po_path);

  fr = herald_l10n_load_catalog (library, "fr", &error);
  g_assert_no_error (error);
  localized = herald_localize_template (tmpl, fr, NULL, &error);
  g_assert_no_error (error);
  html = render (localized, HERALD_PART_HTML, typical);

  source_comment =
      slice (herald_template_get_part (tmpl, HERALD_PART_HTML), "<!--[if mso]>", "<![endif]-->");
  french_comment = slice (html, "<!--[if mso]>", "<![endif]-->");
  g_assert_nonnull (source_comment);
  g_assert_nonnull (french_comment);
  {
    g_auto (GStrv) halves = g_strsplit (source_comment, ">View my forecast</center>", 2);
    g_auto (GStrv) around_href = NULL;
    g_autofree char *rendered = NULL;

    g_assert_cmpuint (g_strv_length (halves), ==, 2);
    expected_comment = g_strjoinv (">Voir mes prévisions</center>", halves);
    /* The scenario's value in the VML href, as the renderer fills it in. */
    around_href = g_strsplit (expected_comment, "https://x.example/{{var:account_id}}", -1);
    g_assert_cmpuint (g_strv_length (around_href), ==, 2);
    rendered = g_strjoinv ("https://x.example/acc-42", around_href);
    g_assert_cmpstr (french_comment, ==, rendered);
  }
  /* The other clients' link is French too. */
  g_assert_nonnull (strstr (html, "width:220px;\">Voir mes prévisions</a>"));
}

/* A translation of a unit inside a conditional comment must not end the comment. */
static void
test_checks_comment (void)
{
  g_autoptr (GPtrArray) diagnostics = g_ptr_array_new_with_free_func (g_object_unref);
  HeraldL10nUnit unit = { 0 };
  const char *good[] = { "Voir -> ici", NULL };
  const char *bad[] = { "Voir --> ici", NULL };

  unit.part = HERALD_PART_HTML;
  unit.msgid = (char *) "View -> here";
  unit.in_comment = TRUE;
  g_assert_true (herald_l10n_check_translation (&unit, good, "t", "fr", diagnostics));
  g_assert_false (herald_l10n_check_translation (&unit, bad, "t", "fr", diagnostics));
  g_assert_cmpuint (count_rule (diagnostics, "translation-breaks-html"), ==, 1);
  unit.in_comment = FALSE;
  g_assert_true (herald_l10n_check_translation (&unit, bad, "t", "fr", diagnostics));
}

/* The same text outside and then inside a conditional comment: the translation that is fine
 * outside is still refused inside. */
static void
test_apply_comment_checked_apart (void)
{
  const char *po = "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n"
                   "\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                   "msgid \"Go\"\nmsgstr \"Aller -->\"\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPoCatalog) fr = herald_po_catalog_load_data ("fr.po", po, strlen (po), &error);
  g_autoptr (GPtrArray) diagnostics = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *html = NULL;

  g_assert_no_error (error);
  html =
      herald_localize_source ("t", HERALD_PART_HTML, "<p>Go</p><!--[if mso]><p>Go</p><![endif]-->",
                              fr, NULL, NULL, diagnostics, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (html, ==,
                   "<p dir=\"ltr\" lang=\"fr\">Aller --></p><!--[if mso]><p>Go</p><![endif]-->");
  g_assert_cmpuint (count_rule (diagnostics, "translation-breaks-html"), ==, 1);
}

static HeraldPoCatalog *
catalog_for (const char *language)
{
  g_autofree char *po = g_strdup_printf ("msgid \"\"\nmsgstr \"\"\n\"Language: %s\\n\"\n"
                                         "\"Content-Type: text/plain; charset=UTF-8\\n\"\n",
                                         language);
  g_autoptr (GError) error = NULL;
  HeraldPoCatalog *catalog = herald_po_catalog_load_data ("x.po", po, strlen (po), &error);

  g_assert_no_error (error);
  return catalog;
}

typedef struct
{
  const char *html;
  const char *localized; /* NULL: unchanged */
} RootCase;

/* Herald writes lang and dir on the element around everything: <html>, or the one element
 * around a fragment's content. */
static void
test_apply_lang_dir_root (void)
{
  static const RootCase cases[] = {
    { "<!DOCTYPE html>\n<html lang=\"en\"><body><p>Hello</p></body></html>",
      "<!DOCTYPE html>\n<html dir=\"rtl\" lang=\"ar\"><body><p>Hello</p></body></html>" },
    /* A fragment: one wrapper after comments (an Outlook one too) and a statement. */
    { "<!-- wrapper -->\n<!--[if mso]><table><tr><td><![endif]-->{% if var:x %}{% endif %}"
      "<div class=\"{{var:c}}\" lang=\"en\" dir=\"ltr\"><p>Hello</p><p>Bye</div>\n"
      "<!--[if mso]></td></tr></table><![endif]-->",
      "<!-- wrapper -->\n<!--[if mso]><table><tr><td><![endif]-->{% if var:x %}{% endif %}"
      "<div class=\"{{var:c}}\" lang=\"ar\" dir=\"rtl\"><p>Hello</p><p>Bye</div>\n"
      "<!--[if mso]></td></tr></table><![endif]-->" },
    { "<table><tr><td><style>p { x: '</table><p>' }</style>Hello</td></tr></table>",
      "<table dir=\"rtl\" lang=\"ar\"><tr><td><style>p { x: '</table><p>' }</style>Hello</td>"
      "</tr></table>" },
    /* A value made by the template language: a placeholder is replaced whole; a statement,
     * or a value cut inside a span (unquoted, it ends at the first blank), is left as
     * written, lest the localized template no longer parse. Found by fuzzing. */
    { "<html lang={{var:lang}}><p>Hello</p></html>",
      "<html dir=\"rtl\" lang=\"ar\"><p>Hello</p></html>" },
    { "<l lang={%if a%}{%endif%}>Hello</l>", "<l dir=\"rtl\" lang={%if a%}{%endif%}>Hello</l>" },
    { "<l lang=\"{% if a %}fr{% endif %}\" dir={{ var:d }}>Hello</l>", NULL },
    /* No root: two top-level elements, or text outside any element. */
    { "<p>Hello</p>\n<p>Bye</p>", NULL },
    { "Hello <b>{{var:n}}</b>", NULL },
    { "<p>Hello</p><html><p>Bye</p></html>", NULL },
  };
  g_autoptr (HeraldPoCatalog) ar = catalog_for ("ar");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *html = herald_localize_source ("t", HERALD_PART_HTML, cases[i].html, ar,
                                                      NULL, NULL, NULL, &error);

      g_test_message ("case %u: %s", i, cases[i].html);
      g_assert_no_error (error);
      g_assert_cmpstr (html, ==, cases[i].localized ? cases[i].localized : cases[i].html);
    }
}

static guint
count_lang_dir (GPtrArray *diagnostics, GString *positions)
{
  guint n = 0;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (!g_str_equal (herald_diagnostic_get_rule_id (diagnostic), "lang-dir"))
        continue;
      n++;
      g_string_append_printf (positions, "%s%u:%u", positions->len ? " " : "",
                              herald_diagnostic_get_line (diagnostic),
                              herald_diagnostic_get_column (diagnostic));
      g_assert_nonnull (herald_diagnostic_get_fix (diagnostic));
    }
  return n;
}

/* The lang-dir check: in ar, the inner wrapper's lang="en" and dir="ltr" and a fragment of
 * two paragraphs; in fr, only the lang; in the source locale, nothing. */
static void
test_checks_lang_dir (void)
{
  g_autofree char *path = g_build_filename (l10n_test_data_dir (), "fragment", NULL);
  g_autoptr (HeraldLibrary) library = l10n_test_load_library (path);
  HeraldTemplate *forecast = herald_library_find_template (library, "forecast");
  HeraldTemplate *notice = herald_library_find_template (library, "notice");
  g_autoptr (HeraldPoCatalog) ar = herald_l10n_load_catalog (library, "ar", NULL);
  g_autoptr (HeraldPoCatalog) fr = catalog_for ("fr");
  g_autoptr (HeraldPoCatalog) he = catalog_for ("he_IL");
  struct
  {
    HeraldTemplate *tmpl;
    HeraldPoCatalog *catalog;
    const char *positions;
  } cases[] = {
    { forecast, ar, "7:12 7:22" }, { notice, ar, "2:1 3:4" }, { forecast, fr, "7:12" },
    { notice, fr, "2:1" },         { notice, he, "2:1 3:4" }, { forecast, NULL, "" },
  };
  g_autoptr (HeraldLocalizedTemplate) localized = NULL;
  const char *html;

  g_assert_nonnull (ar);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) diagnostics =
          herald_l10n_lint_template (cases[i].tmpl, cases[i].catalog, NULL, &error);
      g_autoptr (GString) positions = g_string_new (NULL);

      g_assert_no_error (error);
      g_test_message ("case %u", i);
      count_lang_dir (diagnostics, positions);
      g_assert_cmpstr (positions->str, ==, cases[i].positions);
    }

  /* Herald itself marks the fragment's wrapper table; the inner div keeps what it says. */
  localized = herald_localize_template (forecast, ar, NULL, NULL);
  html = herald_localized_template_get_part (localized, HERALD_PART_HTML);
  g_assert_true (g_str_has_prefix (html, "<table dir=\"rtl\" lang=\"ar\" role=\"presentation\""));
  g_assert_nonnull (strstr (html, "<div lang=\"en\" dir=\"ltr\">Figures are estimates.</div>"));
}

/* The quick look that spares the lang-dir check its scan of the start tags: TRUE only for
 * HTML that begins with its <html> and spells lang or dir nowhere after that tag. */
static void
test_lang_dir_only_on_root (void)
{
  static const struct
  {
    const char *html;
    gboolean only_on_root;
  } cases[] = {
    { "<!DOCTYPE html>\n<!-- x -->\n<html lang=\"en\" dir=\"ltr\"><body><p>Hi</p></body></html>",
      TRUE },
    { "<html><body><div LANG=\"en\">Hi</div></body></html>", FALSE },
    { "<html><body><div Dir=\"ltr\">Hi</div></body></html>", FALSE },
    /* In text too: a false alarm costs the scan only. */
    { "<html><body><p>Direct debit</p></body></html>", FALSE },
    { "<div><p>Hi</p></div>", FALSE },
    { "{% if var:x %}<html><body></body></html>{% endif %}", FALSE },
    { "<!-- {{var:x}} -->\n<html><body></body></html>", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u: %s", i, cases[i].html);
      g_assert_cmpint (herald_html_lang_dir_only_on_root (cases[i].html, strlen (cases[i].html)),
                       ==, cases[i].only_on_root);
    }
}

/* An email that starts with <html>: an inner element's lang, in any case, is still found;
 * the root's own is not a finding. */
static void
test_checks_lang_dir_after_root (void)
{
  g_autofree char *path = g_build_filename (l10n_test_data_dir (), "fragment", NULL);
  g_autoptr (HeraldLibrary) library = l10n_test_load_library (path);
  HeraldTemplate *notice = herald_library_find_template (library, "notice");
  g_autoptr (HeraldPoCatalog) fr = catalog_for ("fr");
  static const char *const cases[][2] = {
    { "<!DOCTYPE html>\n<html lang=\"en\">\n<body>\n<div LANG=\"en\">Hi</div>\n</body>\n</html>\n",
      "4:6" },
    { "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<body>\n<div>Hi</div>\n</body>\n</html>\n",
      "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) diagnostics = NULL;
      g_autoptr (GString) positions = g_string_new (NULL);

      herald_template_set_part (notice, HERALD_PART_HTML, cases[i][0]);
      diagnostics = herald_l10n_lint_template (notice, fr, NULL, &error);
      g_assert_no_error (error);
      count_lang_dir (diagnostics, positions);
      g_assert_cmpstr (positions->str, ==, cases[i][1]);
    }
}

/* An alt whose placeholder has a quoted default: en-XA and a translation keep the
 * placeholder as written and escape the quotes of the text only. */
static void
test_apply_attribute_placeholder_quotes (void)
{
  const char *source = "<p>Hi</p><img src=x alt=\"{{var:bank:\"Example\"}} logo\">";
  const char *po = "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n"
                   "\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                   "msgid \"{{var:bank:\\\"Example\\\"}} logo\"\n"
                   "msgstr \"logo \\\"officiel\\\" {{var:bank:\\\"Example\\\"}}\"\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPoCatalog) fr = herald_po_catalog_load_data ("fr.po", po, strlen (po), &error);
  g_autofree char *pseudo = NULL;
  g_autofree char *french = NULL;
  HeraldTlTemplate *tree;

  g_assert_no_error (error);
  pseudo = herald_localize_source ("t", HERALD_PART_HTML, source, NULL, HERALD_PSEUDO_LOCALE, NULL,
                                   NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (pseudo, "alt=\"[{{var:bank:\"Example\"}} łóğó"));
  tree = herald_tl_template_parse (pseudo, strlen (pseudo), NULL, &error);
  g_assert_no_error (error);
  herald_tl_template_unref (tree);

  french = herald_localize_source ("t", HERALD_PART_HTML, source, fr, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (french, "alt=\"logo &quot;officiel&quot; {{var:bank:\"Example\"}}\""));
}

static void
test_gmail_clipping (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-clip-XXXXXX", &error);
  g_autofree char *template_dir = g_build_filename (dir, "big", NULL);
  g_autofree char *scenario_dir = g_build_filename (template_dir, "scenarios", NULL);
  g_autofree char *json_path = g_build_filename (template_dir, "template.json", NULL);
  g_autofree char *html_path = g_build_filename (template_dir, "body.html", NULL);
  g_autofree char *text_path = g_build_filename (template_dir, "body.txt", NULL);
  g_autofree char *scenario_path = g_build_filename (scenario_dir, "many.json", NULL);
  g_autoptr (GString) html = g_string_new ("<html><body>");
  g_autoptr (HeraldTemplate) tmpl = NULL;
  g_autoptr (GPtrArray) diagnostics = NULL;
  const char *po = "msgid \"\"\nmsgstr \"\"\n\"Language: de\\n\"\n"
                   "\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                   "msgid \"Row {{row}}\"\nmsgstr \"Zeile {{row}} mit einer viel längeren "
                   "Beschreibung, die auf Deutsch deutlich mehr Platz braucht\"\n";
  g_autoptr (HeraldPoCatalog) de = herald_po_catalog_load_data ("de.po", po, strlen (po), &error);
  GString *rows = g_string_new ("{\"name\": \"Many rows\", \"variables\": {\"rows\": [");

  g_assert_no_error (error);
  /* 1,500 rows: under 102 KB in English, over it in German. */
  for (guint i = 0; i < 1500; i++)
    g_string_append_printf (rows, "%s%u", i ? ", " : "", i);
  g_string_append (rows, "]}}");
  g_string_append (html, "{% for row in var:rows %}<p>Row {{row}}</p>\n{% endfor %}</body></html>");

  g_assert_cmpint (g_mkdir_with_parents (scenario_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (json_path,
                                      "{\"name\": \"Big\", \"subject\": \"Big\", "
                                      "\"preheader\": \"\", \"tags\": []}",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (html_path, html->str, -1, NULL));
  g_assert_true (g_file_set_contents (text_path, "Big\n", -1, NULL));
  g_assert_true (g_file_set_contents (scenario_path, rows->str, -1, NULL));
  g_string_free (rows, TRUE);

  tmpl = herald_template_load (template_dir, &error);
  g_assert_no_error (error);

  diagnostics =
      herald_l10n_lint_template (tmpl, NULL, herald_template_find_scenario (tmpl, "many"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_rule (diagnostics, "gmail-clipping"), ==, 0);
  g_clear_pointer (&diagnostics, g_ptr_array_unref);

  diagnostics =
      herald_l10n_lint_template (tmpl, de, herald_template_find_scenario (tmpl, "many"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_rule (diagnostics, "gmail-clipping"), ==, 1);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (g_str_equal (herald_diagnostic_get_rule_id (diagnostic), "gmail-clipping"))
        {
          g_assert_cmpstr (herald_diagnostic_get_locale (diagnostic), ==, "de");
          g_assert_cmpstr (herald_diagnostic_get_scenario_id (diagnostic), ==, "many");
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/herald/l10n/apply/round-trip", test_apply_round_trip);
  g_test_add_func ("/herald/l10n/apply/source-locale", test_apply_source_locale);
  g_test_add_func ("/herald/l10n/apply/rtl", test_apply_rtl);
  g_test_add_func ("/herald/l10n/apply/falls-back-on-broken", test_apply_falls_back_on_broken);
  g_test_add_func ("/herald/l10n/checks/units", test_checks);
  g_test_add_func ("/herald/l10n/checks/plural", test_checks_plural);
  g_test_add_func ("/herald/l10n/checks/comment", test_checks_comment);
  g_test_add_func ("/herald/l10n/apply/attribute-placeholder-quotes",
                   test_apply_attribute_placeholder_quotes);
  g_test_add_func ("/herald/l10n/apply/comment-checked-apart", test_apply_comment_checked_apart);
  g_test_add_func ("/herald/l10n/checks/lang-dir", test_checks_lang_dir);
  g_test_add_func ("/herald/l10n/apply/lang-dir-root", test_apply_lang_dir_root);
  g_test_add_func ("/herald/l10n/apply/outlook-comment", test_apply_outlook_comment);
  g_test_add_func ("/herald/l10n/checks/gmail-clipping", test_gmail_clipping);
  g_test_add_func ("/herald/l10n/checks/lang-dir-after-root", test_checks_lang_dir_after_root);
  g_test_add_func ("/herald/l10n/lang-dir-only-on-root", test_lang_dir_only_on_root);
  g_test_add_func ("/herald/l10n/pseudo/properties", test_pseudo_locale);
  g_test_add_func ("/herald/l10n/pseudo/placeholder-in-attribute",
                   test_pseudo_placeholder_in_attribute);

  return g_test_run ();
}
