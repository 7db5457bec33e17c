/* test-unit-spans.c: the walk over a unit's text, placeholders, statements, tags and
 * character references.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-extractor.h"
#include "herald-html-lang.h"
#include "herald-unit-spans.h"

/* Each span written as kind letter and its text: T text, P placeholder, S statement, G tag
 * (g for a tag that is not closed), E entity. */
static char *
describe (const char *text, gboolean html)
{
  g_autoptr (GArray) spans = herald_unit_spans (text, strlen (text), html);
  GString *out = g_string_new (NULL);
  gsize previous_end = 0;

  for (guint i = 0; i < spans->len; i++)
    {
      const HeraldUnitSpan *span = &g_array_index (spans, HeraldUnitSpan, i);
      const char *kinds = "TPSGE";
      char kind = kinds[span->kind];

      /* The spans cover the text without gaps or overlaps. */
      g_assert_cmpuint (span->start, ==, previous_end);
      g_assert_cmpuint (span->end, >, span->start);
      previous_end = span->end;
      if (span->kind == HERALD_UNIT_SPAN_TAG && !span->closed)
        kind = 'g';
      g_string_append_printf (out, "%s%c[%.*s]", i > 0 ? " " : "", kind,
                              (int) (span->end - span->start), text + span->start);
    }
  g_assert_cmpuint (previous_end, ==, strlen (text));
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *text;
  const char *spans;
} WalkCase;

static void
test_unit_spans_html (void)
{
  static const WalkCase cases[] = {
    /* Issue 13: a placeholder inside an attribute, then one in the text. */
    { "Open <a href=\"https://x.example/{{var:account_id}}\">your forecast</a> for "
      "{{var:account_name}} today.",
      "T[Open ] G[<a href=\"https://x.example/{{var:account_id}}\">] T[your forecast] G[</a>] "
      "T[ for ] P[{{var:account_name}}] T[ today.]" },
    { "<a href=\"{{var:account_id}}\">{{var:account_name}}</a> {{var:bank_name}}",
      "G[<a href=\"{{var:account_id}}\">] P[{{var:account_name}}] G[</a>] T[ ] "
      "P[{{var:bank_name}}]" },
    /* Single quotes, and two placeholders in one tag. */
    { "<a href='{{var:a}}' title='{{var:b}}'>Go</a> {{var:c}}",
      "G[<a href='{{var:a}}' title='{{var:b}}'>] T[Go] G[</a>] T[ ] P[{{var:c}}]" },
    /* Unquoted, and a ">" inside the placeholder does not end the tag. */
    { "<a href={{var:x > 1}}>Go</a>{{var:y}}",
      "G[<a href={{var:x > 1}}>] T[Go] G[</a>] P[{{var:y}}]" },
    /* A quote inside the placeholder's default does not end the value. */
    { "<a href=\"{{var:u:\"https://x\"}}\">Go</a> {{var:v}}",
      "G[<a href=\"{{var:u:\"https://x\"}}\">] T[Go] G[</a>] T[ ] P[{{var:v}}]" },
    /* Nested inline tags, each with a placeholder. */
    { "<b class=\"{{var:c}}\"><a href=\"{{var:u}}\">{{var:n}}</a></b>: {{var:m}}",
      "G[<b class=\"{{var:c}}\">] G[<a href=\"{{var:u}}\">] P[{{var:n}}] G[</a>] G[</b>] T[: ] "
      "P[{{var:m}}]" },
    /* An apostrophe in the text is not a quote; "a < b" is not a tag. */
    { "It's {{var:a}} &lt; 3 & a < b", "T[It's ] P[{{var:a}}] T[ ] E[&lt;] T[ 3 & a < b]" },
    { "<!-- note --><br/>{% if var:x %}x{% endif %}",
      "G[<!-- note -->] G[<br/>] S[{% if var:x %}] T[x] S[{% endif %}]" },
    /* A tag cut by the end of the text, or by another tag. */
    { "Read <a href=\"x>this", "T[Read ] g[<a href=\"x>this]" },
    { "<b x<i>y", "g[<b x] G[<i>] T[y]" },
    /* Long runs of text, read eight bytes at a time: a "<" or "&" that starts nothing,
     * markup and a placeholder at every place in a group of eight. */
    { "Twelve bytes < and & here.<b>x</b>1234567&amp;{{var:a}}",
      "T[Twelve bytes < and & here.] G[<b>] T[x] G[</b>] T[1234567] E[&amp;] P[{{var:a}}]" },
    { "abcdefgh<br>abcdefg{{var:a}}abcdefghi&#233;abcdefgh",
      "T[abcdefgh] G[<br>] T[abcdefg] P[{{var:a}}] T[abcdefghi] E[&#233;] T[abcdefgh]" },
    /* Names, blanks and a quoted value in a long tag, then a placeholder right after it. */
    { "<td  class=big   width = \"50%\" data-x=a>b</td>{{var:a}}",
      "G[<td  class=big   width = \"50%\" data-x=a>] T[b] G[</td>] P[{{var:a}}]" },
    /* A quote opens a value only after an "=" and blanks: after any other byte it is part
     * of the name or value, and the ">" after it ends the tag. */
    { "<a title= \t\"x>y\">z</a>", "G[<a title= \t\"x>y\">] T[z] G[</a>]" },
    { "<a title=x\"y>z\">w</a>", "G[<a title=x\"y>] T[z\">w] G[</a>]" },
    { "<a title = 'x>y' alt=\"p>q\" b='r>s'>t</a>",
      "G[<a title = 'x>y' alt=\"p>q\" b='r>s'>] T[t] G[</a>]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *spans = describe (cases[i].text, TRUE);

      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpstr (spans, ==, cases[i].spans);
    }
}

/* Outside HTML a "<" or "&" is text. */
static void
test_unit_spans_text (void)
{
  g_autofree char *spans = describe ("Hi <b>{{var:n}}</b> &amp;", FALSE);

  g_assert_cmpstr (spans, ==, "T[Hi <b>] P[{{var:n}}] T[</b> &amp;]");
}

/* A range of a larger text, with the text's template spans: those before the range are
 * passed over. */
static void
test_unit_spans_range (void)
{
  const char *text = "{{var:a}} <a href=\"{{var:b}}\">x</a> {{var:c}}";
  g_autoptr (GArray) template_spans = herald_l10n_scan_spans (text, strlen (text), NULL, NULL);
  HeraldUnitWalk walk;
  HeraldUnitSpan span;
  GString *kinds = g_string_new (NULL);

  herald_unit_walk_init (&walk, text, 10, strlen (text), TRUE,
                         (const HeraldL10nSpan *) (gpointer) template_spans->data,
                         template_spans->len);
  while (herald_unit_walk_next (&walk, &span))
    g_string_append_c (kinds, "TPSGE"[span.kind]);
  g_assert_cmpstr (kinds->str, ==, "GTGTP");
  g_string_free (kinds, TRUE);
}

/* A walk starting at a span's start takes that span; one starting inside a span reads the
 * rest of it as text, up to the next span. */
static void
test_unit_spans_range_starts (void)
{
  /* Spans at 0-9 and 9-18, text 18-21, a span at 21-30. */
  const char *text = "{{var:a}}{{var:b}} x {{var:c}}";
  static const struct
  {
    gsize start;
    const char *kinds;
  } cases[] = { { 0, "PPTP" }, { 9, "PTP" }, { 10, "TP" }, { 18, "TP" }, { 21, "P" }, { 22, "T" } };
  g_autoptr (GArray) template_spans = herald_l10n_scan_spans (text, strlen (text), NULL, NULL);

  g_assert_cmpuint (template_spans->len, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) kinds = g_string_new (NULL);
      HeraldUnitWalk walk;
      HeraldUnitSpan span;

      herald_unit_walk_init (&walk, text, cases[i].start, strlen (text), TRUE,
                             (const HeraldL10nSpan *) (gpointer) template_spans->data,
                             template_spans->len);
      while (herald_unit_walk_next (&walk, &span))
        g_string_append_c (kinds, "TPSGE"[span.kind]);
      g_test_message ("from %" G_GSIZE_FORMAT, cases[i].start);
      g_assert_cmpstr (kinds->str, ==, cases[i].kinds);
    }
}

/* The start tags found with the spans of a parse someone already has (the lint's syntax
 * rule) are those found with a parse of their own. */
static void
test_start_tags_from_tree (void)
{
  static const char *const sources[] = {
    "<td {% if var:a > 1 %}class=\"x\"{% endif %} style=\"color: red\">{{var:name}}</td>",
    "<a href=\"{{var:url}}\" title='{{var:t}} >'>x</a><style>p { color: {{var:c}} }</style><p>",
    "<html><body><p>No span here</p></body></html>",
    "{% for x in var:items %}<li>{{x}}</li>{% endfor %}<br>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      gsize length = strlen (sources[i]);
      g_autoptr (HeraldTlTemplate) tree = herald_tl_template_parse (sources[i], length, NULL, NULL);
      g_autoptr (GArray) spans = herald_l10n_spans_of_tree (sources[i], length, tree);
      gint root = -2;
      gint root_from_tree = -2;
      g_autoptr (GArray) tags = herald_html_start_tags (sources[i], length, &root);
      g_autoptr (GArray) from_tree =
          herald_html_start_tags_in_spans (sources[i], length, spans, &root_from_tree);

      g_test_message ("%s", sources[i]);
      g_assert_nonnull (tags);
      g_assert_nonnull (from_tree);
      g_assert_cmpuint (tags->len, >, 0);
      g_assert_cmpint (root_from_tree, ==, root);
      g_assert_cmpuint (from_tree->len, ==, tags->len);
      for (guint t = 0; t < tags->len; t++)
        {
          const HeraldHtmlStartTag *a = &g_array_index (from_tree, HeraldHtmlStartTag, t);
          const HeraldHtmlStartTag *b = &g_array_index (tags, HeraldHtmlStartTag, t);

          g_assert_cmpuint (a->start, ==, b->start);
          g_assert_cmpuint (a->name_end, ==, b->name_end);
          g_assert_cmpuint (a->end, ==, b->end);
          g_assert_cmpuint (a->depth, ==, b->depth);
        }
    }
  /* The first source's tag ends after the statement's ">": its spans were read. */
  {
    g_autoptr (HeraldTlTemplate) tree =
        herald_tl_template_parse (sources[0], strlen (sources[0]), NULL, NULL);
    g_autoptr (GArray) spans = herald_l10n_spans_of_tree (sources[0], strlen (sources[0]), tree);
    gint root;
    g_autoptr (GArray) tags =
        herald_html_start_tags_in_spans (sources[0], strlen (sources[0]), spans, &root);

    g_assert_cmpuint (g_array_index (tags, HeraldHtmlStartTag, 0).end, ==,
                      strstr (sources[0], "\">{{") - sources[0] + 2);
  }
}

/* The depth of each start tag, as digits: end tags in any case, the end tags HTML implies,
 * raw text, void elements and names too long for a buffer on the stack. */
static char *
depths (const char *html, gint *root)
{
  g_autoptr (GArray) tags = herald_html_start_tags (html, strlen (html), root);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tags->len; i++)
    g_string_append_printf (out, "%u", g_array_index (tags, HeraldHtmlStartTag, i).depth);
  return g_string_free (out, FALSE);
}

static void
test_start_tag_depths (void)
{
  static const struct
  {
    const char *html;
    const char *depths;
    gint root;
  } cases[] = {
    { "<DIV><P>a<P>b</div><div></DIV>", "0110", -1 },
    { "<table><tr><td>a<td>b<tr><td>c</table>", "012234", 0 },
    { "<div><span><b>x</span>y</div>", "012", 0 },
    { "<div><style>p { } </div> <p></style><p>x</p></div>", "011", 0 },
    { "<x-a-very-long-custom-element-name-here><x-a-very-long-custom-element-name-here>"
      "</X-A-VERY-LONG-CUSTOM-ELEMENT-NAME-HERE><i></i></x-a-very-long-custom-element-name-here>"
      "<br>",
      "0110", -1 },
    { "<div><img src=a><br/><x/><p>z</p></div>", "01111", 0 },
    { "<head><title><b></title><SCRIPT>if (a<b) x('</p>')</script></head>"
      "<body><textarea><i></TEXTAREA><dl><dt>a<dt>b<dd>c</dl><ul><li>1<li>2</ul>"
      "<select><option>x<option>y</select><table><tr><th>h<th>i</table></body>",
      "0110112231221221233", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint root = -2;
      g_autofree char *found = depths (cases[i].html, &root);

      g_test_message ("%s", cases[i].html);
      g_assert_cmpstr (found, ==, cases[i].depths);
      g_assert_cmpint (root, ==, cases[i].root);
    }
}

/* HTML's void elements, which have no end tag, and a few that are not. */
static void
test_void_elements (void)
{
  const char *const void_elements[] = {
    "area",  "base", "br",   "col",   "embed",  "hr",    "img",
    "input", "link", "meta", "param", "source", "track", "wbr"
  };
  const char *const others[] = { "a", "b", "p", "div", "table", "td", "style", "html", "brr", "" };

  for (guint i = 0; i < G_N_ELEMENTS (void_elements); i++)
    g_assert_true (herald_html_is_void_element (void_elements[i]));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_assert_false (herald_html_is_void_element (others[i]));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/herald/l10n/unit-spans/html", test_unit_spans_html);
  g_test_add_func ("/herald/l10n/unit-spans/text", test_unit_spans_text);
  g_test_add_func ("/herald/l10n/unit-spans/range", test_unit_spans_range);
  g_test_add_func ("/herald/l10n/unit-spans/range-starts", test_unit_spans_range_starts);
  g_test_add_func ("/herald/l10n/unit-spans/start-tags-from-tree", test_start_tags_from_tree);
  g_test_add_func ("/herald/l10n/unit-spans/start-tag-depths", test_start_tag_depths);
  g_test_add_func ("/herald/l10n/unit-spans/void-elements", test_void_elements);
  return g_test_run ();
}
