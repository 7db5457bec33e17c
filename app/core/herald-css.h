/* herald-css.h: a small CSS tokenizer for the checks: declarations of a style attribute and
 * the rules and at-rules of a <style> element, as byte ranges of the text they came from.
 * Not a CSS engine: no selector matching, no shorthand expansion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gsize name_start;
  gsize name_end;
  gsize value_start;
  gsize value_end; /* before any "!important" */
  gboolean important;
} HeraldCssDeclaration;

typedef struct
{
  gsize selector_start;
  gsize selector_end;
  gsize body_start;
  gsize body_end;
  gboolean dark;     /* inside @media (prefers-color-scheme: dark) */
  gboolean in_media; /* inside any @media or @supports block */
} HeraldCssRule;

typedef struct
{
  gsize start;    /* the "@" */
  gsize name_end; /* just past the name */
  gsize prelude_end;
  guint depth; /* 0 at the top level, 1 inside an @media or @supports block… */
} HeraldCssAtRule;

/* Appends HeraldCssDeclaration for text[start, end). declarations has no clear function: it
 * is grown beyond what is appended, then cut back. */
void herald_css_parse_declarations (const char *text, gsize start, gsize end, GArray *declarations);
/* Appends HeraldCssRule and HeraldCssAtRule for the stylesheet text[start, end). */
void herald_css_parse_stylesheet (
    const char *text, gsize start, gsize end, GArray *rules, GArray *at_rules);

G_END_DECLS
