/* herald-html-lang.h: where an HTML part declares its language and direction.
 *
 * A reader's client takes the language (for hyphenation, fonts, screen readers) and the
 * writing direction of an email from `lang` and `dir`. Localizing a template writes both on
 * its root element, the one around everything: `<html>`, or, in a fragment without
 * `<html>`, the single element around the content (a wrapper `<table>` or `<div>`). A
 * fragment of several top-level elements has no root, and an inner element that keeps the
 * author's `lang="en"` or `dir="ltr"` overrides the root: the lang-dir check
 * (herald-l10n-lint.h) reports both.
 *
 * Elements are read lexically with the unit walk (herald-unit-spans.h), so `{{ }}` in
 * attributes and `{% %}` between elements are no obstacle; comments (Outlook's conditional
 * ones included) and the raw text of `<style>` and `<script>` are passed over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gsize start;    /* the "<" */
  gsize name_end; /* just past the element's name */
  gsize end;      /* just past the ">" */
  guint depth;    /* 0 for a top-level element */
} HeraldHtmlStartTag;

/* The start tags of html in source order, as a GArray of HeraldHtmlStartTag; *root is the
 * index of the root element in it, or -1 when there is none. NULL when the template
 * language cannot be read (the syntax check reports it). */
GArray *herald_html_start_tags (const char *html, gsize length, gint *root);
/* The same, with the template spans of html (herald_l10n_scan_spans(), NULL when it has
 * none) already found. */
GArray *herald_html_start_tags_in_spans (const char *html,
                                         gsize length,
                                         GArray *template_spans,
                                         gint *root);

/* TRUE when html starts with its <html> element (after blanks, comments and a doctype) and
 * nothing after that tag spells "lang" or "dir": herald_html_start_tags() would find that root
 * and no other start tag with either attribute. A quick look that saves the scan; FALSE says
 * nothing. */
gboolean herald_html_lang_dir_only_on_root (const char *html, gsize length);

/* html with `lang` and `dir` set on its root element (replaced when present, added after the
 * name otherwise), or NULL when it has no root. */
char *herald_html_set_lang_dir (const char *html, const char *lang, const char *dir);
/* The <html> start tag when only blanks, comments and a doctype come before it, as in
 * nearly every email: the root herald_html_set_lang_dir() marks, found in the bytes up to
 * its end alone. */
gboolean herald_html_find_leading_root (const char *html, gsize length, HeraldHtmlStartTag *tag);
/* The start tag html[tag->start, tag->end) with `lang` and `dir` set, as
 * herald_html_set_lang_dir() writes it. */
char *herald_html_mark_root (const char *html,
                             const HeraldHtmlStartTag *tag,
                             const char *lang,
                             const char *dir);

/* Whether an element (name in lower case) is void, without content or end tag: `<br>`,
 * `<img>`, `<meta>`… */
gboolean herald_html_is_void_element (const char *name);
/* Whether an element (name in lower case) is inline text markup, `<b>`, `<a>`, `<span>`…:
 * part of a sentence rather than a block of the layout. */
gboolean herald_html_is_inline_element (const char *name);

G_END_DECLS
