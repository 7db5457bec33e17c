/* test-html-input.c: libxml2's HTML parser given a whole text at once reads what it reads from
 * a memory input: the same tree, and the same events at the same offsets, over documents
 * longer than what libxml2 keeps of its input behind where it reads (its 250-byte chunks).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>

#include "herald-html-input.h"

/* A document of about size bytes: tags over lines, attributes, entities, words in other
 * scripts, comments, a script, a "<" that opens nothing, texts longer than libxml2's pieces. */
static char *
document (gsize size)
{
  GString *html = g_string_new ("\xef\xbb\xbf<!DOCTYPE html>\n<html><head><title>T</title>"
                                "<style>p { color: red }</style></head>\n<body>\n");

  for (guint i = 0; html->len < size; i++)
    {
      g_string_append_printf (html,
                              "<table role=presentation><tr>\n  <td class=\"c%u\"\n"
                              "      style=\"padding:0\">Caf\xc3\xa9 &amp; th\xc3\xa9 %u &lt; "
                              "<b>gras</b> a < b</td></tr></table>\n<!-- note %u -->\n",
                              i, i, i);
      if (i % 7 == 0)
        g_string_append (html, "<script>if (a < b) { x(); }</script>\n");
      if (i % 11 == 0)
        {
          g_string_append (html, "<p>");
          for (guint j = 0; j < 60; j++)
            g_string_append (html, "words and words ");
          g_string_append (html, "</p>\n");
        }
    }
  g_string_append (html, "</body></html>\n");
  return g_string_free (html, FALSE);
}

static char *
dump (htmlDocPtr doc)
{
  xmlChar *bytes = NULL;
  int length = 0;
  char *copy;

  g_assert_nonnull (doc);
  htmlDocDumpMemory (doc, &bytes, &length);
  copy = g_strndup ((const char *) bytes, length);
  xmlFree (bytes);
  xmlFreeDoc (doc);
  return copy;
}

static void
ignore_error (void *data, const xmlError *error)
{
}

/* The tree, as htmlCtxtReadMemory() makes it, of documents short and long, and of one that
 * is not UTF-8 half way (libxml2 reads the rest as Latin-1). */
static void
test_same_tree (void)
{
  const int options = HTML_PARSE_NONET | HTML_PARSE_NOWARNING | HTML_PARSE_NOERROR;
  g_autofree char *broken = NULL;
  char *texts[] = { g_strdup ("<p>Short</p>"), document (600), document (20000), NULL };

  broken = document (3000);
  broken[1500] = '\xff';
  texts[3] = g_steal_pointer (&broken);
  xmlSetStructuredErrorFunc (NULL, (xmlStructuredErrorFunc) ignore_error);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      htmlParserCtxtPtr parser = htmlNewParserCtxt ();
      gsize length = strlen (texts[i]);
      g_autofree char *expected = NULL;
      g_autofree char *whole = NULL;

      expected = dump (htmlCtxtReadMemory (parser, texts[i], (int) length, NULL, "UTF-8", options));
      whole = dump (herald_html_read_whole_text (parser, texts[i], length, "UTF-8", options));
      g_assert_cmpstr (whole, ==, expected);
      /* The comparison compares something. */
      g_assert_nonnull (strstr (expected, i == 0 ? "Short" : "gras"));
      htmlFreeParserCtxt (parser);
      g_free (texts[i]);
    }
  xmlSetStructuredErrorFunc (NULL, NULL);
}

static void
note_element (void *ctx, const xmlChar *name, const xmlChar **atts)
{
  xmlParserCtxtPtr parser = ctx;

  g_string_append_printf (parser->_private, "<%s@%ld", name, xmlByteConsumed (parser));
}

static void
note_text (void *ctx, const xmlChar *text, int length)
{
  xmlParserCtxtPtr parser = ctx;

  g_string_append_printf (parser->_private, "\"%d@%ld", length, xmlByteConsumed (parser));
}

/* What libxml2's events give a SAX reader that takes offsets from it (the extractor), with
 * the parser made by htmlCreateMemoryParserCtxt() or given the whole text. */
static char *
events (const char *text, gboolean whole)
{
  GString *out = g_string_new (NULL);
  htmlParserCtxtPtr parser;
  htmlSAXHandler handler = { 0 };

  if (whole)
    {
      parser = htmlNewParserCtxt ();
      g_assert_true (herald_html_push_whole_text (parser, text, strlen (text)));
    }
  else
    parser = htmlCreateMemoryParserCtxt (text, (int) strlen (text));
  htmlCtxtUseOptions (parser, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                  HTML_PARSE_IGNORE_ENC);
  xmlSwitchEncoding (parser, XML_CHAR_ENCODING_UTF8);
  handler.startElement = note_element;
  handler.characters = note_text;
  memcpy (parser->sax, &handler, sizeof handler);
  parser->_private = out;
  htmlParseDocument (parser);
  htmlFreeParserCtxt (parser);
  return g_string_free (out, FALSE);
}

static void
test_same_offsets (void)
{
  g_autofree char *text = document (20000);
  g_autofree char *expected = events (text, FALSE);
  g_autofree char *whole = events (text, TRUE);

  g_assert_cmpstr (whole, ==, expected);
  /* Elements are read to the end. */
  g_assert_cmpint (atol (g_strrstr (expected, "<b@") + 3), >, 19000);
  g_assert_false (herald_html_push_whole_text (NULL, "", 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/herald/html-input/same-tree", test_same_tree);
  g_test_add_func ("/herald/html-input/same-offsets", test_same_offsets);
  return g_test_run ();
}
