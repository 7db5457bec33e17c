/* herald-html-input.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/HTMLparser.h>

G_BEGIN_DECLS

/* Gives parser all of text[0, length) at once, as a push parser's input, where
 * htmlCreateMemoryParserCtxt() and htmlCtxtReadMemory() give it a memory input: libxml2 asks
 * that one for more at each of its steps within 250 bytes of its end (a callback that reads
 * nothing), a good part of a small document's steps, and never asks this one. (Not a static
 * input, which libxml2 2.9's HTML parser misreads once it has read 500 bytes of it.) FALSE
 * for an empty text, of which libxml2 makes no parser. */
gboolean herald_html_push_whole_text (htmlParserCtxtPtr parser, const char *text, gsize length);

/* htmlCtxtReadMemory (parser, text, length, NULL, encoding, options), its steps in its order,
 * with herald_html_push_whole_text(). */
htmlDocPtr herald_html_read_whole_text (
    htmlParserCtxtPtr parser, const char *text, gsize length, const char *encoding, int options);

G_END_DECLS
