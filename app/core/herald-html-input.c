/* herald-html-input.c: libxml2's HTML parser given the whole of a text at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libxml/parserInternals.h>

#include "herald-html-input.h"

gboolean
herald_html_push_whole_text (htmlParserCtxtPtr parser, const char *text, gsize length)
{
  xmlParserInputBufferPtr buffer;
  xmlParserInputPtr input;

  if (length == 0 || length > G_MAXINT)
    return FALSE;
  /* No read callback: what is pushed is all there is. */
  buffer = xmlAllocParserInputBuffer (XML_CHAR_ENCODING_NONE);
  if (buffer == NULL)
    return FALSE;
  if (xmlParserInputBufferPush (buffer, (int) length, text) != (int) length ||
      (input = xmlNewIOInputStream (parser, buffer, XML_CHAR_ENCODING_NONE)) == NULL)
    {
      xmlFreeParserInputBuffer (buffer);
      return FALSE;
    }
  inputPush (parser, input);
  return TRUE;
}

htmlDocPtr
herald_html_read_whole_text (
    htmlParserCtxtPtr parser, const char *text, gsize length, const char *encoding, int options)
{
  xmlCharEncodingHandlerPtr handler;
  htmlDocPtr doc;

  if (length == 0 || length > G_MAXINT)
    return htmlCtxtReadMemory (parser, text, (int) MIN (length, G_MAXINT), NULL, encoding, options);
  xmlInitParser ();
  htmlCtxtReset (parser);
  if (!herald_html_push_whole_text (parser, text, length))
    return NULL;
  htmlCtxtUseOptions (parser, options);
  parser->html = 1;
  handler = encoding != NULL ? xmlFindCharEncodingHandler (encoding) : NULL;
  if (handler != NULL)
    {
      xmlSwitchToEncoding (parser, handler);
      if (parser->input->encoding != NULL)
        xmlFree ((xmlChar *) parser->input->encoding);
      parser->input->encoding = xmlStrdup ((const xmlChar *) encoding);
    }
  htmlParseDocument (parser);
  doc = parser->myDoc;
  parser->myDoc = NULL;
  return doc;
}
