/* test-html-slim.c: libxml2's error list on the slim copy of an HTML document, columns
 * mapped back, is the one on the document itself: messages, lines and columns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libxml/HTMLparser.h>

#include "herald-html-slim.h"
#include "herald-html-slim-bytes.h"

/* Long enough to be cut. */
#define STYLE "style=\"color: #333333; font-family: Arial, sans-serif; margin: 0\""
#define E20                                                                                        \
  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"               \
  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
/* Ten of them are more than libxml2 reads of a text at once. */
#define SPACES                                                                                     \
  "                                                                                              " \
  "      "
#define HREF "href=\"https://example.com/some/long/path?utm_source=mail\""

typedef struct
{
  const char *name;
  const char *html;
  gboolean cut; /* whether a copy is made */
} Case;

static const Case cases[] = {
  { "clean",
    "<!DOCTYPE html>\n<html><head><title>T</title></head><body><p " STYLE ">Hi <a " HREF
    ">there</a></p></body></html>\n",
    TRUE },
  { "unclosed after values",
    "<html><body><div " STYLE "><table " STYLE "><tr><td " STYLE
    ">x</div></td></tr></table></body></html>",
    TRUE },
  { "duplicate attribute after values",
    "<html><body><p " STYLE " class=\"one two three\" " STYLE ">x</p></body></html>", TRUE },
  { "misplaced html",
    "<html><body><div " STYLE "><a " HREF "><html lang=\"en-GB-oxendict\">"
    "</a></div></body></html>",
    TRUE },
  { "misplaced body", "<html><body " STYLE "><p " STYLE ">x</p><body " STYLE "></body></html>",
    TRUE },
  { "several lines",
    "<html>\n<body>\n<p " STYLE "\n   " STYLE " " HREF ">\n<a " HREF " " HREF
    ">\n</b></p>\n</body>\n</html>",
    TRUE },
  { "long line",
    "<html><body><p " STYLE "><a " HREF ">a</a><a " HREF "><span " STYLE "></p></span></a><i " STYLE
    "></b></body></html>",
    TRUE },
  { "bad entity in text",
    "<html><body><p " STYLE ">&nosuchentity; &#xZZ; &#99999999;</p></body></html>", TRUE },
  { "bad entity in a value",
    "<html><body><a href=\"https://example.com/?a=1&nosuch;b=2\" " STYLE
    ">&#xZZ;</a></p></body></html>",
    TRUE },
  { "control character",
    "<html><body><p " STYLE ">a\x01 b</p><p title=\"long \x02 value\" " STYLE
    "></i></p></body></html>",
    TRUE },
  { "unterminated quote",
    "<html><body><p " STYLE "><a href=\"https://example.com/x>y</a>\n"
    "<p " STYLE ">z</p></body></html>",
    FALSE },
  { "unquoted values",
    "<html><body><p class=one-two-three-four " STYLE " id=x>y</i></p></body></html>", TRUE },
  { "multi-line tag",
    "<html><body>\n<table\n  " STYLE "\n  width=\"100%\" " STYLE
    "\n><tr><td></tr></table></p>\n</body></html>",
    TRUE },
  /* Columns count characters: twenty two-byte ones before a cut value, an error just
   * after it. */
  { "non-ASCII before",
    "<html><body><p title=\"" E20 "\" " STYLE "></b><a " HREF "></i></a></p></body></html>", TRUE },
  { "style and script",
    "<html><head><style>p { color: red } a > b { margin: 0 }</style>"
    "<script>if (a < b) x = \"</p>\";</script></head><body " STYLE "></i></body></html>",
    FALSE },
  { "style",
    "<html><head><style type=\"text/css\">p { color: red }</style></head><body " STYLE
    "></i><p " STYLE "></b></p></body></html>",
    TRUE },
  { "comments",
    "<html><body><!-- <p " STYLE "> --><!--[if mso]><table " STYLE "><![endif]--><p " STYLE
    "></b></p></body></html>",
    TRUE },
  { "long text",
    "<html><body><p>Dear customer, your statement is ready to view.</p> And more text "
    "here.</i> Tail text after the error</b></body></html>",
    TRUE },
  { "text at top level",
    "Some text before the document starts\n<html>More text inside html "
    "itself<head><title>A long enough title</title></head><body></i>"
    "</body></html>",
    TRUE },
  { "references in text",
    "<html><body><p>&nbspandsomemoretext &#12345678901234567; "
    "&unknownentityname; and then &#xFFFFFFFFF;</i> a long text after them</b></p></body></html>",
    TRUE },
  { "style text",
    "<html><head><style>\n  p { color: red; margin: 0 auto; padding: 0 }\n"
    "  a:hover { text-decoration: underline }</style></head><body>"
    "<p>x</i></p><style>b { font-weight: bold; color: blue }</style></b></body></html>",
    TRUE },
  /* A line of style text goes whole after its line break: the errors after it, on its
   * line and further, stay where they were. */
  { "style lines",
    "<html><head><style>\n  p { color: red; margin: 0 }\x01 a { x }\n  td < tr { b }\n"
    "  i { y: z } </ p\n</style></head><body " STYLE "></i></body></html>",
    TRUE },
  { "indentation",
    "<html>\n  <body>\n    <table>\n      <tr>\n        <td>x</i>\n      "
    "</tr>\n\t\t\t\t</table>        </b>\n  </body>\n</html>",
    TRUE },
  /* After a line break, the whole indentation goes: the error's column counts it back. */
  { "error after indentation",
    "<html>\n  <body>\n    <p>x</p>\n        </i>\n\t\t\t\t\t</b>\n    </body>\n</html>", TRUE },
  { "long blank stretch",
    "<html>" SPACES SPACES SPACES SPACES SPACES SPACES SPACES SPACES SPACES SPACES
    "<head><title>T</title></head><body " STYLE "></i></body></html>",
    TRUE },
  { "meta charset",
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
    "charset=iso-8859-1\"></head><body " STYLE "></i></body></html>",
    TRUE },
  { "invalid start tag", "<html><body><p " STYLE "><1abc " STYLE "></b></p></body></html>", TRUE },
  { "bogus attribute", "<html><body><p " STYLE " \"x y\"=z></b></p></body></html>", FALSE },
  { "unterminated comment", "<html><body><p " STYLE "><!-- never closed</p></body></html>", FALSE },
  { "doctype with identifiers",
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
    "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html><body " STYLE
    "></i></body></html>",
    TRUE },
  { "end tag with attributes", "<html><body><p " STYLE "></p " STYLE "></body></html>", FALSE },
  { "processing instruction", "<?xml version=\"1.0\"?><html><body " STYLE "></i></body></html>",
    FALSE },
  { "not UTF-8", "<html><body " STYLE "><p>\xe9t\xe9</i></p></body></html>", FALSE },
  /* Inert attributes are left out whole, with the spaces after them. */
  { "attributes left out",
    "<html><body><table width=\"100%\" cellpadding=\"0\" border=0 nowrap>"
    "<tr><td align = \"left\"\tvalign=top></i></td></tr></table></body></html>",
    TRUE },
  { "attributes run together",
    "<html><body><p a=\"one\"b=\"two\"c='three'd=four></b><br a=\"x\"/></i></p></body></html>",
    TRUE },
  { "value on another line",
    "<html><body><p title\n=\n\"a value here\" " STYLE "></b></p></body></html>", TRUE },
  { "attribute repeated in upper case",
    "<html><body><p class=\"one two\" " STYLE " CLASS=\"three four\"></b></p></body></html>",
    TRUE },
  { "more attributes than are left out",
    "<html><body><p a=\"1\" b=\"2\" c=\"3\" d=\"4\" e=\"5\" f=\"6\" g=\"7\" h=\"8\" i=\"9\" "
    "j=\"10\" "
    "k=\"11\" l=\"12\" m=\"13\" n=\"14\" o=\"15\" p=\"16\" q=\"17\" r=\"18\" s=\"19\" t=\"20\" "
    "u=\"21\" v=\"22\" w=\"23\" x=\"24\" y=\"25\" z=\"26\" aa=\"27\" ab=\"28\" ac=\"29\" "
    "ad=\"30\" ae=\"31\" af=\"32\" ag=\"33\" ah=\"34\" a=\"35\" " STYLE "></b></p></body></html>",
    TRUE },
  /* A comment's text is cut but for "-", "!" and ">", which could end it elsewhere. */
  { "comment text",
    "<html><body><!-- a -> b --!x > c - d --><!--[if mso]><td style=\"x\"><![endif]-->"
    "<!-- x---><p " STYLE "></b></p><!--text--></i></body></html>",
    TRUE },
  { "control character in a comment",
    "<html><body><!-- one two \x01 three four five --><p " STYLE "></b><!-- \xef\xbf\xbe six "
    "seven --></i></p></body></html>",
    TRUE },
  { "style opening with a tag",
    "<html><head><style><body " STYLE "></style></head><body></i></body></html>", FALSE },
  { "script opening with an end tag",
    "<html><head><script></_x " STYLE "></script></head><body></i></body></html>", FALSE },
  /* Inside <body>, the tags of plain elements that hold nothing kept are left out, while
   * the copy follows libxml2's open elements: what closes what, what it opens itself. */
  { "plain tags left out",
    "<html><body><div " STYLE "><span><b>one</b> <i>two</i></span></div></x>"
    "<table><tr><td><a " HREF ">three</a></td></tr></table></y></body></html>",
    TRUE },
  { "paragraph closed by a block",
    "<html><body><p " STYLE ">one<div>two</div></p><span>three</span></z></body></html>", TRUE },
  { "items and cells close their own",
    "<html><body><ul><li " STYLE ">one<li>two</ul><table><tr><td>a<td>b</tr><tr><td>c"
    "</table></b><span>d</span></body></html>",
    TRUE },
  { "a reference that a left-out tag would join",
    "<html><body><p " STYLE ">x &<br>#8467; and &amp<b>lt</b>; then &#0<i>;</i></p></q>"
    "</body></html>",
    TRUE },
  { "tags split over lines stay",
    "<html><body><div " STYLE "><span\n>one</span\n><b>two</b></div></x></body></html>", TRUE },
  { "end tag of another element",
    "<html><body><div " STYLE "><span><b>one</span></b></div><i>two</i></x></body></html>", TRUE },
  { "text before the body",
    "<html>loose text<div " STYLE "><b>one</b></div><body><i>two</i></x></body></html>", TRUE },
};

typedef struct
{
  int line;
  int column;
  char *message;
} Error;

static void
error_clear (gpointer data)
{
  g_free (((Error *) data)->message);
}

static void
collect_error (void *user_data, xmlErrorPtr error)
{
  Error copy = { error->line, error->int2, g_strdup (error->message) };

  g_array_append_val ((GArray *) user_data, copy);
}

/* As herald-lint.c parses: no SAX callbacks, the structured error function only. */
static GArray *
parse (const char *html, gsize length)
{
  GArray *errors = g_array_new (FALSE, FALSE, sizeof (Error));
  htmlParserCtxtPtr parser = htmlNewParserCtxt ();
  htmlDocPtr doc;

  g_array_set_clear_func (errors, error_clear);
  memset (parser->sax, 0, sizeof *parser->sax);
  xmlSetStructuredErrorFunc (errors, collect_error);
  doc = htmlCtxtReadMemory (parser, html, (int) length, NULL, "UTF-8",
                            HTML_PARSE_NONET | HTML_PARSE_NOWARNING);
  xmlSetStructuredErrorFunc (NULL, NULL);
  if (doc != NULL)
    xmlFreeDoc (doc);
  htmlFreeParserCtxt (parser);
  return errors;
}

static void
test_same_errors (gconstpointer data)
{
  const Case *c = data;
  g_autoptr (HeraldHtmlSlim) slim = herald_html_slim_new (c->html);
  g_autoptr (GArray) expected = NULL;
  g_autoptr (GArray) found = NULL;

  g_assert_cmpint (slim != NULL, ==, c->cut);
  if (slim == NULL)
    return;
  g_assert_cmpuint (herald_html_slim_get_length (slim), <, strlen (c->html));
  expected = parse (c->html, strlen (c->html));
  found = parse (herald_html_slim_get_text (slim), herald_html_slim_get_length (slim));
  g_assert_cmpuint (found->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      Error *want = &g_array_index (expected, Error, i);
      Error *got = &g_array_index (found, Error, i);

      g_assert_cmpstr (got->message, ==, want->message);
      g_assert_cmpint (got->line, ==, want->line);
      g_assert_cmpint (herald_html_slim_map_column (slim, got->line, got->column), ==,
                       want->column);
    }
}

/* The plain cases above must leave tags out, or they test nothing of that. */
static void
test_plain_tags_left_out (void)
{
  const char *html = "<html><body><div><span><b>one</b> <i>two</i></span></div></x>"
                     "<p>three<div>four</div></body></html>";
  g_autoptr (HeraldHtmlSlim) slim = herald_html_slim_new (html);
  g_autofree char *text = NULL;

  g_assert_nonnull (slim);
  text = g_strndup (herald_html_slim_get_text (slim), herald_html_slim_get_length (slim));
  g_assert_null (strstr (text, "<span>"));
  g_assert_null (strstr (text, "<b>"));
  g_assert_null (strstr (text, "</i>"));
  /* The error stays, and so does what libxml2 closes by itself: a <div> ends the <p>. */
  g_assert_nonnull (strstr (text, "</x>"));
  g_assert_nonnull (strstr (text, "<p>"));
  g_assert_nonnull (strstr (text, "<div>"));
}

/* The cases above must exercise the mapping: errors after cut values on their line. */
static void
test_columns_move (void)
{
  guint moved = 0;

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr (HeraldHtmlSlim) slim = herald_html_slim_new (cases[k].html);
      g_autoptr (GArray) found = NULL;

      if (slim == NULL)
        continue;
      found = parse (herald_html_slim_get_text (slim), herald_html_slim_get_length (slim));
      for (guint i = 0; i < found->len; i++)
        {
          Error *got = &g_array_index (found, Error, i);

          if (herald_html_slim_map_column (slim, got->line, got->column) != got->column)
            moved++;
        }
    }
  g_assert_cmpuint (moved, >=, 10);
}

/* A value is inert when all its bytes are printable ASCII but "&", "<" and ">": each odd
 * byte, at each place of values of each length around the sixteen a test reads, and past
 * their end (which must not count). */
static void
test_value_is_inert (void)
{
  static const guchar odd[] = { 0x00, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xC3, 0xFF, '&', '<', '>' };
  static const char printable[] = " !\"#$%'()*+,-./0123456789:;=?@AZ[\\]^_`az{|}~";
  char text[64];

  for (gsize length = 0; length <= 40; length++)
    {
      memset (text, 'a', sizeof text);
      text[sizeof text - 1] = '\0';
      g_assert_true (value_is_inert (text, length, sizeof text));
      for (gsize i = 0; i < G_N_ELEMENTS (odd); i++)
        for (gsize at = 0; at < length + 8; at++)
          {
            text[at] = (char) odd[i];
            g_assert_cmpint (value_is_inert (text, length, sizeof text), ==, at >= length);
            /* With no more of the text to read than the value and its NUL. */
            if (at < length)
              {
                char exact[48];

                memcpy (exact, text, length);
                exact[length] = '\0';
                g_assert_false (value_is_inert (exact, length, length + 1));
              }
            text[at] = 'a';
          }
    }
  g_assert_true (value_is_inert (printable, sizeof printable - 1, sizeof printable));
}

/* The copy is made of valid UTF-8 only: a valid or broken sequence at each place of texts
 * around the sixteen bytes a test reads, as GLib judges it. */
static void
test_utf8_validate (void)
{
  static const char *const sequences[] = { "\xc3\xa9",     "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                                           "\xe9",         "\xc3",         "\xe2\x82",
                                           "\xed\xa0\x80", "\xc0\xaf",     "\xff" };
  char text[64];

  for (gsize length = 0; length <= 40; length++)
    for (gsize i = 0; i < G_N_ELEMENTS (sequences); i++)
      for (gsize at = 0; at + strlen (sequences[i]) <= length; at++)
        {
          memset (text, 'a', sizeof text);
          memcpy (text + at, sequences[i], strlen (sequences[i]));
          g_assert_cmpint (herald_utf8_validate (text, length), ==,
                           g_utf8_validate_len (text, length, NULL));
        }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *path = g_strdup_printf ("/html-slim/same-errors/%s", cases[k].name);

      g_test_add_data_func (path, &cases[k], test_same_errors);
    }
  g_test_add_func ("/html-slim/columns-move", test_columns_move);
  g_test_add_func ("/html-slim/plain-tags-left-out", test_plain_tags_left_out);
  g_test_add_func ("/html-slim/value-is-inert", test_value_is_inert);
  g_test_add_func ("/html-slim/utf8-validate", test_utf8_validate);
  return g_test_run ();
}
