/* herald-html-slim.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A copy of an HTML document for libxml2's error list only: each attribute, or the inside
 * of each quoted attribute value, and each long run of text, of a comment or of
 * <style>/<script> text, that libxml2 can neither report on nor act upon is cut (a run to
 * its first byte), and so are the start and end tags of each element it would read without
 * a word, once nothing inside them stays; every other byte is kept.
 * libxml2's cost is per byte and per tag, and most of an email's bytes (inline styles,
 * links, style sheets) and tags (its layout tables) are such. */
typedef struct _HeraldHtmlSlim HeraldHtmlSlim;

/* NULL when nothing was cut or the markup is too odd to be sure of what libxml2 reads
 * (then parse the original). The copy is for a parse told the encoding (UTF-8): libxml2
 * then reads nothing of a <meta> charset, which is cut like any attribute. */
HeraldHtmlSlim *herald_html_slim_new (const char *html);
void herald_html_slim_free (HeraldHtmlSlim *slim);

const char *herald_html_slim_get_text (HeraldHtmlSlim *slim);
gsize herald_html_slim_get_length (HeraldHtmlSlim *slim);

/* The original's column of libxml2's (line, column) on the copy: columns count
 * characters, and the lines are the same. */
int herald_html_slim_map_column (HeraldHtmlSlim *slim, int line, int column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldHtmlSlim, herald_html_slim_free)

G_END_DECLS
