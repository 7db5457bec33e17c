/* test-l10n-extract.c: translatable units of templates, and the .pot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-extractor.h"
#include "herald-html-compact.h"
#include "herald-l10n-error.h"
#include "herald-l10n-library.h"
#include "herald-library.h"
#include "herald-localizer.h"
#include "herald-tl.h"
#include "test-l10n-util.h"

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
  g_autoptr (HeraldLibrary) library = l10n_test_load_library (library_path);
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
  g_autoptr (HeraldLibrary) library = l10n_test_load_library (copy);
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

/* Extracting an unchanged library leaves its .pot alone, date and all; a change rewrites it. */
static void
test_extract_unchanged_pot_left_alone (void)
{
  g_autofree char *source = g_build_filename (l10n_test_data_dir (), "tricky", NULL);
  g_autofree char *copy = l10n_test_copy_tree (source, "tricky");
  g_autofree char *body = g_build_filename (copy, "templates", "statement", "body.html", NULL);
  g_autoptr (HeraldLibrary) library = l10n_test_load_library (copy);
  g_autoptr (HeraldLibrary) changed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *pot_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dated = NULL;
  g_autofree char *after = NULL;
  g_autofree char *html = NULL;
  g_autofree char *edited = NULL;
  char *date;

  g_assert_true (herald_l10n_write_pot (library, &pot_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pot_path, &contents, NULL, NULL));
  date = strstr (contents, "POT-Creation-Date: ");
  g_assert_nonnull (date);
  memcpy (date + strlen ("POT-Creation-Date: "), "2001-02-03 04:05", 16);
  dated = g_strdup (contents);
  g_assert_true (g_file_set_contents (pot_path, dated, -1, NULL));

  g_assert_true (herald_l10n_write_pot (library, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pot_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, dated);
  g_clear_pointer (&after, g_free);

  g_assert_true (g_file_get_contents (body, &html, NULL, NULL));
  {
    g_auto (GStrv) halves = g_strsplit (html, "</body>", 2);

    edited = g_strjoinv ("<p>A brand new sentence.</p></body>", halves);
  }
  g_assert_true (g_file_set_contents (body, edited, -1, NULL));
  changed = l10n_test_load_library (copy);
  g_assert_true (herald_l10n_write_pot (changed, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pot_path, &after, NULL, NULL));
  g_assert_nonnull (strstr (after, "msgid \"A brand new sentence.\""));
  g_assert_null (strstr (after, "2001-02-03 04:05"));
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
  library = l10n_test_load_library (path);
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

/* Whether a msgid has a word once placeholders, tags and entities are taken out; written
 * apart from the extractor's own walk on purpose. */
static gboolean
has_words (const char *msgid)
{
  g_autoptr (GRegex) markup = g_regex_new ("\\{\\{.*?\\}\\}|<[^>]*>|&[#a-zA-Z0-9]+;", 0, 0, NULL);
  g_autofree char *bare = g_regex_replace_literal (markup, msgid, -1, 0, "", 0, NULL);

  for (const char *p = bare; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Issue 13: a placeholder in a tag's attribute, then one in the text. The .pot gets the
 * sentence whole and no unit made only of placeholders and markup. */
static void
test_extract_placeholder_in_attribute (void)
{
  g_autofree char *path = g_build_filename (l10n_test_data_dir (), "fragment", NULL);
  g_autoptr (HeraldLibrary) library = l10n_test_load_library (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldPoCatalog) pot = herald_l10n_extract_library (library, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < herald_po_catalog_get_n_entries (pot); i++)
    {
      const HeraldPoEntry *entry = herald_po_catalog_get_entry (pot, i);

      g_test_message ("entry: %s", entry->msgid);
      g_assert_true (has_words (entry->msgid));
    }
  g_assert_nonnull (herald_po_catalog_find (
      pot, NULL,
      "Open <a href=\"https://x.example/{{var:account_id}}\">your forecast</a> for "
      "{{var:account_name}} today."));
  g_assert_nonnull (herald_po_catalog_find (
      pot, NULL,
      "<a href='https://x.example/{{var:account_id}}'>{{var:account_name}}</a> at "
      "{{var:bank_name}}"));
  g_assert_null (herald_po_catalog_find (
      pot, NULL, "<a href=\"{{var:account_id}}\">{{var:account_name}}</a> {{var:bank_name}}"));
}

/* Found by fuzz-extract: libxml2 ends a text of over a thousand bytes one byte into the
 * placeholder before an unterminated tag at the end of the input; the unit takes the
 * placeholder whole, so that its pseudo-translation parses. */
static void
test_extract_unit_keeps_spans_whole (void)
{
  g_autoptr (GString) html = g_string_new ("<p>");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) units = NULL;
  g_autofree char *pseudo = NULL;
  g_autoptr (HeraldTlTemplate) tree = NULL;
  const HeraldL10nUnit *unit;

  for (guint i = 0; i < 974; i++)
    g_string_append_c (html, 'x');
  g_string_append (html, " passw{{var:account_name}}<f");
  units = herald_extract_part (html->str, HERALD_PART_HTML, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (units->len, ==, 1);
  unit = g_ptr_array_index (units, 0);
  g_assert_true (g_str_has_suffix (unit->msgid, " passw{{var:account_name}}"));
  g_assert_cmpuint (unit->end, ==, html->len - 2);

  pseudo =
      herald_localize_source ("t", HERALD_PART_HTML, html->str, NULL, "en-XA", NULL, NULL, &error);
  g_assert_no_error (error);
  tree = herald_tl_template_parse (pseudo, strlen (pseudo), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tree);
}

/* Found by fuzz-extract: an unquoted alt whose value runs into the {% endif %} of a block
 * opened outside the tag. Replacing the value would carry half a block into the unit, so
 * the value is no unit and the pseudo-locale leaves it, and the template still parses. A
 * value holding a whole block is still cut around it. */
static void
test_extract_attribute_splitting_a_block (void)
{
  const char *split = "{% if var:p %}<img alt=Logo{% endif %}><p>Hello</p>";
  const char *whole = "<img alt=\"{% if var:x %}Hi{% else %}Bye{% endif %}\">";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) split_units = herald_extract_part (split, HERALD_PART_HTML, &error);
  g_autoptr (GPtrArray) whole_units = NULL;
  g_autofree char *pseudo = NULL;
  g_autoptr (HeraldTlTemplate) tree = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (split_units->len, ==, 1);
  g_assert_cmpstr (((HeraldL10nUnit *) g_ptr_array_index (split_units, 0))->msgid, ==, "Hello");

  pseudo = herald_localize_source ("t", HERALD_PART_HTML, split, NULL, "en-XA", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (pseudo, "alt=Logo{% endif %}>"));
  g_assert_nonnull (strstr (pseudo, "[Ĥéłłó"));
  tree = herald_tl_template_parse (pseudo, strlen (pseudo), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tree);

  whole_units = herald_extract_part (whole, HERALD_PART_HTML, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (whole_units->len, ==, 2);
  g_assert_cmpstr (((HeraldL10nUnit *) g_ptr_array_index (whole_units, 0))->msgid, ==, "Hi");
  g_assert_cmpstr (((HeraldL10nUnit *) g_ptr_array_index (whole_units, 1))->msgid, ==, "Bye");
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
      { "Not Outlook", "Outlook" } },
    /* A VML button's label inside the comment; the comment's markers are no unit. */
    { "<div><!--[if mso]>\n<v:roundrect href=\"{{var:u}}\" fillcolor=\"#000\"><w:anchorlock/>"
      "<center style=\"color:#fff\">Pay <b>now</b></center></v:roundrect>\n<![endif]--></div>"
      "<!--[if gte mso 9]><img src=x alt=\"Logo\"><![endif]--><!-- [if mso]>not a body -->",
      { "Pay <b>now</b>", "Logo" } },
    { "<table><tr>{% for x in var:rows %}<td>Row {{x.n}}</td>{% endfor %}</tr></table>",
      { "Row {{x.n}}" } },
    { "<p>Tap <img src=\"a.png\" alt=\"the bell\"> to <i>mute</i></p><img alt='Logo' src=x>",
      { "Tap <img src=\"a.png\" alt=\"the bell\"> to <i>mute</i>", "Logo" } },
    { "<a href=\"#\" style=\"x\"><span style=\"y\">Pay now</span></a>", { "Pay now" } },
    { "<p>12 345</p><p>{{var:amount}}</p><p>&nbsp;</p>", { NULL } },
    /* A placeholder inside an attribute does not hide the placeholders after the tag. */
    { "<p><a href=\"{{var:id}}\">{{var:name}}</a> {{var:bank}}</p>"
      "<p><b title='{{var:t}}'><i class=\"{{var:c}}\">{{var:n}}</i></b>{{var:m}}</p>",
      { NULL } },
    { "<p>Open <a href=\"https://x.example/{{var:id}}\">it</a> for {{var:name}} today.</p>",
      { "Open <a href=\"https://x.example/{{var:id}}\">it</a> for {{var:name}} today." } },
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

/* A blank line inside an expression (a default string of several paragraphs) does not end
 * a paragraph: the expression stays whole in one unit, and en-XA of the part still parses.
 * Found by fuzz-extract. */
static void
test_extract_text_blank_line_in_expression (void)
{
  const char *text = "Read {{var:note:\"one\n\ntwo\"}} now.\n\nBye.\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) units = herald_extract_part (text, HERALD_PART_TEXT, &error);
  g_autofree char *pseudo = NULL;
  HeraldTlTemplate *tree;

  g_assert_no_error (error);
  g_assert_cmpuint (units->len, ==, 2);
  g_assert_cmpstr (((HeraldL10nUnit *) units->pdata[0])->msgid, ==,
                   "Read {{var:note:\"one\n\ntwo\"}} now.");
  g_assert_cmpstr (((HeraldL10nUnit *) units->pdata[1])->msgid, ==, "Bye.");

  pseudo = herald_localize_source ("t", HERALD_PART_TEXT, text, NULL, "en-XA", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (pseudo, "{{var:note:\"one\n\ntwo\"}}"));
  tree = herald_tl_template_parse (pseudo, -1, NULL, &error);
  g_assert_no_error (error);
  herald_tl_template_unref (tree);
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

static void
assert_same_units (GPtrArray *expected, GPtrArray *actual, const char *what)
{
  gsize previous_end = 0;

  g_test_message ("%s", what);
  g_assert_cmpuint (actual->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      const HeraldL10nUnit *want = g_ptr_array_index (expected, i);
      const HeraldL10nUnit *have = g_ptr_array_index (actual, i);

      /* Units are ordered and disjoint. */
      g_assert_cmpuint (have->start, >=, previous_end);
      previous_end = have->end;

      g_assert_cmpstr (have->msgid, ==, want->msgid);
      g_assert_cmpstr (have->msgid_plural, ==, want->msgid_plural);
      g_assert_cmpstr (have->comment, ==, want->comment);
      g_assert_cmpuint (have->start, ==, want->start);
      g_assert_cmpuint (have->end, ==, want->end);
      g_assert_cmpuint (have->line, ==, want->line);
      g_assert_cmpint (have->is_attribute, ==, want->is_attribute);
    }
}

static GPtrArray *
extract_html (const char *html, gboolean compaction)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *units;

  herald_extract_set_compaction (compaction);
  units = herald_extract_part (html, HERALD_PART_HTML, &error);
  herald_extract_set_compaction (TRUE);
  g_assert_no_error (error);
  return units;
}

/* libxml2 is given a compact copy of the HTML; what it finds must be what it finds in the
 * whole document. */
static void
test_extract_compaction_changes_nothing (void)
{
  const char *samples = g_getenv ("HERALD_SAMPLES_DIR");
  g_autofree char *sample_path =
      g_build_filename (samples ? samples : SOURCE_SAMPLES_DIR, "account-alerts", NULL);
  g_autofree char *tricky_path = g_build_filename (l10n_test_data_dir (), "tricky", NULL);
  const char *paths[] = { sample_path, tricky_path };
  const char *cases[] = {
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
    "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
    "<html><body>\n  <p   class = \"a > b\"   data-x='y\"z'>One   <b  id=c>two</b>\n\n three</p>",
    "<style>p::after { content: \"</p>\"; }</style><p>After the style</p>",
    "<script>if (a < b) { x = '</div>'; }</script>\n<p>After the script</p>",
    "<!-- Translators: kept -->\n<p>Noted</p><!--[if mso]><p>Outlook</p><![endif]--><p>Last</p>",
    "<!--[if !mso]><!--><div>Not Outlook</div><!--<![endif]-->",
    "<p>A <img src=\"x.png\" alt=\"  A   picture \" title='Its title'> inside</p>",
    "<td nowrap width=600 align=center>Unquoted   values</td><p>1 < 2 and 3 > 2</p>",
    "<pre>  keep\n    this   </pre><textarea>  and <b>this</b>  </textarea>",
    "<p>Broken <a href=\"x>unterminated",
    "<p>Odd <a \"quoted\"=1>attribute</a></p>",
    "<?xml version=\"1.0\"?><p>Processing instruction</p>",
    "<![CDATA[ <p>not</p> ]]><p>CDATA</p>",
    "<!--> <p>Abrupt</p> -->",
    "<p>{{var:name}}   and   {% if var:x %}yes{% else %}no{% endif %}</p>",
    "<ul><li>One<li>Two   <li>Three</ul>\r\n<p>\tTabs\r\n and CRLF</p>",
    "  <p>Fragment</p>   <p>Trailing space</p>   ",
    /* Found by fuzz-extract. */
    "h<html g=\">\">t",
    "<m n=\"<\">Y",
    "<style></p><!--</style>f-->",
    "<i alt=E\n",
    "<t/h=\"> <g\"\nalt=E\n",
    "<b c==\">l<",
    "<a=\">></html>m",
    "<!DOCTYPE\"><n s=\"><l X=1\">s",
    "<!--Transla\vtors:-->n",
  };
  guint n_compacted = 0;

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      g_autoptr (HeraldLibrary) library = l10n_test_load_library (paths[p]);

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
        {
          g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (library), i);
          const char *html = herald_template_get_part (tmpl, HERALD_PART_HTML);
          g_autoptr (GPtrArray) whole = extract_html (html, FALSE);
          g_autoptr (GPtrArray) compacted = extract_html (html, TRUE);
          g_autoptr (HeraldHtmlCompact) compact = herald_html_compact_new (html, strlen (html));
          gsize compact_length = 0;

          /* The sample's email layouts do get compacted, to well under half. */
          g_assert_nonnull (compact);
          herald_html_compact_get_text (compact, &compact_length);
          g_assert_cmpuint (compact_length, <, p == 0 ? strlen (html) / 2 : strlen (html));
          n_compacted++;
          g_assert_cmpuint (whole->len, >, 0);
          assert_same_units (whole, compacted, herald_template_get_id (tmpl));
        }
    }
  g_assert_cmpuint (n_compacted, ==, 6);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) whole = extract_html (cases[i], FALSE);
      g_autoptr (GPtrArray) compacted = extract_html (cases[i], TRUE);

      assert_same_units (whole, compacted, cases[i]);
    }

  /* Blanks longer than libxml2's thousand-byte pieces of text where no text may be, as
   * "<html>" then 800 lines of " \n" (found by fuzz-extract). */
  {
    g_autoptr (GString) long_blanks = g_string_new ("<html>");
    g_autoptr (GPtrArray) whole = NULL;
    g_autoptr (GPtrArray) compacted = NULL;

    for (guint i = 0; i < 800; i++)
      g_string_append (long_blanks, " \n");
    g_string_append (long_blanks, "<body>Text here</body></html>");
    whole = extract_html (long_blanks->str, FALSE);
    compacted = extract_html (long_blanks->str, TRUE);
    assert_same_units (whole, compacted, "long blanks after <html>");
  }

  /* Text longer than libxml2's thousand-byte pieces, with runs of spaces and letters
   * outside ASCII in it (also found by fuzz-extract). */
  {
    g_autoptr (GString) long_text = g_string_new ("<div>\n  <p>");
    g_autoptr (GPtrArray) whole = NULL;
    g_autoptr (GPtrArray) compacted = NULL;

    for (guint i = 0; i < 60; i++)
      g_string_append_printf (long_text, "Écuries %u,   can’t  move {{var:n%u}}. ", i, i);
    g_string_append (long_text, "</p>\n</div>");
    whole = extract_html (long_text->str, FALSE);
    compacted = extract_html (long_text->str, TRUE);
    assert_same_units (whole, compacted, "long text");
  }
}

/* Offsets in the compact text lead back to the same bytes of the original. */
static void
test_extract_compaction_map (void)
{
  const char *html = "<td  style=\"color: red\">Hi   there</td>\n    <style>x{}</style>"
                     "<img src=x.png  alt='A'><b>!</b>";
  g_autoptr (HeraldHtmlCompact) compact = herald_html_compact_new (html, strlen (html));
  gsize length = 0;
  const char *text;

  g_assert_nonnull (compact);
  text = herald_html_compact_get_text (compact, &length);
  /* Text keeps its spaces; indentation keeps its first byte. */
  g_assert_cmpstr (text, ==, "<td>Hi   there</td>\n<style></style><img alt='A'><b>!</b>");
  for (gsize i = 0; i < length; i++)
    {
      gsize original = herald_html_compact_map (compact, i);

      g_assert_cmpuint (original, <, strlen (html));
      /* Whitespace left is the first of its run, so the bytes agree. */
      g_assert_cmpint (html[original], ==, text[i]);
    }
  /* Where bytes were left out, an offset maps past them. */
  g_assert_cmpuint (herald_html_compact_map (compact, strlen ("<td")), ==,
                    strlen ("<td  style=\"color: red\""));
  g_assert_cmpuint (herald_html_compact_map (compact, length), ==, strlen (html));

  g_assert_null (herald_html_compact_new ("<p title=\"open", 14));
  g_assert_null (herald_html_compact_new ("<p>x<!-- open", 13));
}

/* The units cache is keyed by the text: the same text elsewhere is found, and new text at
 * an address seen before is not mistaken for what was there. */
static void
test_extract_cache_follows_text (void)
{
  g_autofree char *text = g_strdup ("<p>One</p>");
  g_autofree char *copy = g_strdup (text);
  g_autoptr (GPtrArray) first = NULL;
  g_autoptr (GPtrArray) again = NULL;
  g_autoptr (GPtrArray) elsewhere = NULL;
  g_autoptr (GPtrArray) changed = NULL;

  herald_extract_clear_cache ();
  first = herald_extract_part_cached (text, HERALD_PART_HTML, NULL);
  again = herald_extract_part_cached (text, HERALD_PART_HTML, NULL);
  elsewhere = herald_extract_part_cached (copy, HERALD_PART_HTML, NULL);
  g_assert_true (again == first);
  g_assert_true (elsewhere == first);
  g_assert_cmpstr (((HeraldL10nUnit *) first->pdata[0])->msgid, ==, "One");

  memcpy (text + 3, "Two", 3);
  changed = herald_extract_part_cached (text, HERALD_PART_HTML, NULL);
  g_assert_true (changed != first);
  g_assert_cmpstr (((HeraldL10nUnit *) changed->pdata[0])->msgid, ==, "Two");
}

/* The units of a source are the same whether the extractor parses it or is handed its tree;
 * the tree of another text, even one as long, is not taken for it. */
static void
test_extract_parsed_tree (void)
{
  const char *source = "<p>One</p><p>{{var:x}}</p>";
  /* As long, with a span over "One</p><p>{{v" of the source: taken for the source's spans,
   * it would hide "One" and leave "ar:x}}" as text. */
  const char *other = "<p>{{ var:abc }}</p>xxxxxx";
  g_autoptr (HeraldTlTemplate) tree = herald_tl_template_parse (source, -1, NULL, NULL);
  g_autoptr (HeraldTlTemplate) other_tree = herald_tl_template_parse (other, -1, NULL, NULL);
  g_autoptr (GPtrArray) expected = NULL;
  g_autoptr (GPtrArray) parsed = NULL;
  g_autoptr (GPtrArray) mismatched = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (tree);
  g_assert_nonnull (other_tree);
  g_assert_cmpuint (strlen (source), ==, strlen (other));
  expected = herald_extract_part (source, HERALD_PART_HTML, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, >=, 1);
  g_assert_cmpstr (((HeraldL10nUnit *) expected->pdata[0])->msgid, ==, "One");

  herald_extract_clear_cache ();
  parsed = herald_extract_part_cached_parsed (source, HERALD_PART_HTML, tree, &error);
  g_assert_no_error (error);
  assert_same_units (expected, parsed, "handed its tree");

  herald_extract_clear_cache ();
  mismatched = herald_extract_part_cached_parsed (source, HERALD_PART_HTML, other_tree, &error);
  g_assert_no_error (error);
  assert_same_units (expected, mismatched, "handed another tree");
  herald_extract_clear_cache ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/herald/l10n/extract/tricky-html", test_extract_tricky_html);
  g_test_add_func ("/herald/l10n/extract/writes-valid-pot", test_extract_writes_valid_pot);
  g_test_add_func ("/herald/l10n/extract/unchanged-pot-left-alone",
                   test_extract_unchanged_pot_left_alone);
  g_test_add_func ("/herald/l10n/extract/sample-library", test_extract_sample_library);
  g_test_add_func ("/herald/l10n/extract/unit-ranges", test_extract_unit_ranges);
  g_test_add_func ("/herald/l10n/extract/placeholder-in-attribute",
                   test_extract_placeholder_in_attribute);
  g_test_add_func ("/herald/l10n/extract/unit-keeps-spans-whole",
                   test_extract_unit_keeps_spans_whole);
  g_test_add_func ("/herald/l10n/extract/attribute-splitting-a-block",
                   test_extract_attribute_splitting_a_block);
  g_test_add_func ("/herald/l10n/extract/text-paragraphs", test_extract_text_paragraphs);
  g_test_add_func ("/herald/l10n/extract/errors", test_extract_errors);
  g_test_add_func ("/herald/l10n/extract/compaction-changes-nothing",
                   test_extract_compaction_changes_nothing);
  g_test_add_func ("/herald/l10n/extract/compaction-map", test_extract_compaction_map);
  g_test_add_func ("/herald/l10n/extract/cache-follows-text", test_extract_cache_follows_text);
  g_test_add_func ("/herald/l10n/extract/parsed-tree", test_extract_parsed_tree);
  g_test_add_func ("/herald/l10n/extract/text-blank-line-in-expression",
                   test_extract_text_blank_line_in_expression);

  return g_test_run ();
}
