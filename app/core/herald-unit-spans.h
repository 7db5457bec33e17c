/* herald-unit-spans.h: the one walk over the spans of a translatable unit.
 *
 * A unit (see herald-extractor.h) mixes translatable text with pieces a translator must copy
 * as they are: `{{ }}` placeholders, `{% %}` statements and, in HTML, tags and character
 * references. The extractor (does a range hold words?), the pseudo-locale (which letters to
 * accent?) and the markup check of translations (which tags?) all walk a unit the same
 * way, with this walk:
 *
 *   HeraldUnitWalk walk;
 *   HeraldUnitSpan span;
 *
 *   herald_unit_walk_init (&walk, text, 0, strlen (text), TRUE, spans, n_spans);
 *   while (herald_unit_walk_next (&walk, &span))
 *     if (span.kind == HERALD_UNIT_SPAN_TEXT)
 *       …
 *
 * A tag is read as libxml2 reads it: its attributes may hold `{{ }}` spans, quotes inside
 * them included (`href="{{var:url:"https://x"}}"`), and the spans inside a tag belong to the
 * tag, so the walk never loses its place among the template spans that follow it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "herald-extractor.h"

G_BEGIN_DECLS

typedef enum
{
  HERALD_UNIT_SPAN_TEXT,        /* words, spaces, punctuation */
  HERALD_UNIT_SPAN_PLACEHOLDER, /* {{ … }} outside a tag */
  HERALD_UNIT_SPAN_STATEMENT,   /* {% … %} outside a tag */
  HERALD_UNIT_SPAN_TAG,         /* <…>, </…>, <!-- … -->, <!…>: HTML only */
  HERALD_UNIT_SPAN_ENTITY,      /* &amp; &#233; &#xE9;: HTML only */
} HeraldUnitSpanKind;

/* [start, end) in the walked text. A tag is not closed when the text ends, or a "<" comes,
 * before its ">" (or a comment's "-->"). */
typedef struct
{
  HeraldUnitSpanKind kind;
  gsize start;
  gsize end;
  gboolean closed;
} HeraldUnitSpan;

typedef struct
{
  /*< private >*/
  const char *text;
  gsize pos;
  gsize end;
  gboolean html;
  const HeraldL10nSpan *spans;
  guint n_spans;
  guint next;
} HeraldUnitWalk;

/* Walks text[start, end). spans are the template spans of text (offsets in text, source
 * order, from herald_l10n_scan_spans()); those before start are passed over. html: whether
 * tags and character references are recognised. */
void herald_unit_walk_init (HeraldUnitWalk *walk,
                            const char *text,
                            gsize start,
                            gsize end,
                            gboolean html,
                            const HeraldL10nSpan *spans,
                            guint n_spans);

/* The next span, or FALSE at the end. Spans cover the range without gaps. */
gboolean herald_unit_walk_next (HeraldUnitWalk *walk, HeraldUnitSpan *span);

/* The spans of a whole unit, scanning its template spans first (a unit that does not parse
 * has none: every byte is text or markup). A GArray of HeraldUnitSpan. */
GArray *herald_unit_spans (const char *text, gsize length, gboolean html);

G_END_DECLS
