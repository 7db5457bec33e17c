/* herald-html-compact.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A copy of an HTML document with what cannot change its structure or its translatable
 * text left out (attributes other than alt and title, the contents of <style> and
 * <script>, comments other than "Translators:" ones, indentation after its first byte),
 * and the way back to the original's byte offsets. Email HTML is mostly such bytes, and
 * libxml2's cost is per byte. */
typedef struct _HeraldHtmlCompact HeraldHtmlCompact;

/* libxml2's HTML parser's lexical classes: its IS_BLANK_CH (a form feed is not one), and
 * what its htmlParseHTMLName() takes for a name. */
static inline gboolean
herald_html_is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline gboolean
herald_html_is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_' || c == ':' || c == '.';
}

static inline gboolean
herald_html_is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == ':' || c == '.' || c == '-';
}

/* NULL when the document has markup whose extent the compactor cannot be sure of (an
 * unterminated quote, comment or raw-text element, an odd attribute): parse it whole. */
HeraldHtmlCompact *herald_html_compact_new (const char *text, gsize length);
void herald_html_compact_free (HeraldHtmlCompact *self);

const char *herald_html_compact_get_text (HeraldHtmlCompact *self, gsize *length);

/* The original offset of a compact one. An offset where bytes were left out maps to the
 * first byte kept after them, so an end maps past what was left out before it. */
gsize herald_html_compact_map (HeraldHtmlCompact *self, gsize offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldHtmlCompact, herald_html_compact_free)

G_END_DECLS
