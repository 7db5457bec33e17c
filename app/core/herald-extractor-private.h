/* herald-extractor-private.h: what cutting the text part and the HTML part into units share
 * (herald-extractor.c, herald-extractor-html.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-extractor.h"

G_BEGIN_DECLS

/* Template spans become same-length runs of private-use and filler bytes before libxml2 sees
 * the HTML, so byte offsets and line numbers of the parsed tree are those of the source and
 * `{{ a < b }}` cannot be taken for a tag. */
#define PROTECT_OUTPUT "\xee\x80\x80"    /* U+E000 */
#define PROTECT_STATEMENT "\xee\x80\x81" /* U+E001 */

typedef struct
{
  const char *source;
  const char *protected_text; /* HTML: the source with template spans masked */
  gsize length;
  HeraldPart part;
  GArray *spans;
  GArray *line_starts;
  GPtrArray *units;
  char *pending_comment;
  GArray *comment_bodies; /* pairs of offsets: the conditional comments' bodies */
  GError *error;
} Extractor;

void herald_extractor_add_unit (Extractor *self, HeraldL10nUnit *unit);
void herald_extractor_emit_range (Extractor *self, gsize start, gsize end);
guint herald_extractor_first_span_from (GArray *spans, gsize offset);
gboolean herald_extractor_is_meaningful (Extractor *self, gsize start, gsize end);
void herald_extractor_set_template_error (Extractor *self, gsize offset, const char *message);
gsize herald_extractor_tag_end (const char *text, gsize pos, gsize end);
char *herald_extractor_unit_text (Extractor *self, gsize start, gsize end);
void herald_extractor_extract_html (Extractor *self);

G_END_DECLS
