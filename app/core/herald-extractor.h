/* herald-extractor.h: cuts a template part into translatable units.
 *
 * A unit is a byte range of the part's source that a translation replaces as a whole:
 *
 *  - subject and preheader: the whole line, cut at `{% %}` statements;
 *  - HTML: the text of each block element with its inline markup (`<b>`, `<a href>`…), and
 *    the `alt` and `title` attributes of elements whose text is not already a unit;
 *  - text part: paragraphs separated by blank lines.
 *
 * `{{ }}` outputs stay inside a unit as placeholders; `{% %}` statements end a unit, so a
 * translator never sees template logic. The one exception is Herald's plural block, which
 * becomes a single gettext entry with msgid and msgid_plural:
 *
 *   {% plural var:payment_count %}You made one payment this week.{% plural_other %}You made
 *   {{var:payment_count}} payments this week.{% endplural %}
 *
 * The block is Herald's own syntax: localizing a template always compiles it into Mailjet
 * `{% if %}` chains (see herald-plural.h), so it never reaches Mailjet.
 *
 * An HTML comment starting "Translators:" becomes the extracted comment of the next unit.
 *
 * The body of an Outlook conditional comment, `<!--[if mso]>BODY<![endif]-->`, is HTML that
 * only Outlook renders (a VML button's label, a fixed-width wrapper): it is cut into units
 * like the rest of the document, and a translation replaces text inside the comment, its
 * markers untouched. The downlevel-revealed form `<!--[if !mso]><!-->HTML<!--<![endif]-->`
 * keeps its HTML outside the comments, where it is cut as usual.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "herald-template.h"
#include "herald-tl.h"

G_BEGIN_DECLS

typedef enum
{
  HERALD_L10N_SPAN_OUTPUT,    /* {{ … }} */
  HERALD_L10N_SPAN_STATEMENT, /* {% … %} */
} HeraldL10nSpanKind;

/* start/end are byte offsets, end exclusive, delimiters included. */
typedef struct
{
  HeraldL10nSpanKind kind;
  gsize start;
  gsize end;
} HeraldL10nSpan;

/* The `{{ }}` and `{% %}` spans of a source, found by the template engine's parser
 * (herald-tl.h), in source order. NULL and error (HERALD_TL_ERROR) when the source does not
 * parse, with the byte offset of the problem in *error_offset (may be NULL). */
GArray *
herald_l10n_scan_spans (const char *source, gsize length, gsize *error_offset, GError **error);
/* The same spans, read from tree: the parse of source someone already has. */
GArray *herald_l10n_spans_of_tree (const char *source, gsize length, HeraldTlTemplate *tree);

typedef struct
{
  HeraldPart part;
  /* The byte range of the part's source that the translation replaces. For a plural block
   * it covers the block from `{% plural` to `{% endplural %}` included. */
  gsize start;
  gsize end;
  guint line; /* 1-based, of start in the part's source */
  char *msgid;
  char *msgid_plural;    /* NULL unless plural */
  char *plural_count;    /* the count expression of a plural block, "var:payment_count" */
  char *comment;         /* from <!-- Translators: … -->, or NULL */
  gboolean is_attribute; /* an alt or title value */
  char attribute_quote;  /* its quote: '"', '\'' or 0 when unquoted */
  gboolean in_comment;   /* inside an Outlook conditional comment, <!--[if mso]>…<![endif]--> */
  /* herald_str_hash() of msgid, xor that of msgid_plural when plural: set by the extractor,
   * for the localizer, which looks every unit's text up in every locale. */
  guint text_hash;
} HeraldL10nUnit;

void herald_l10n_unit_free (HeraldL10nUnit *unit);

/* Returns the units of one part in source order, non-overlapping, as a GPtrArray of
 * HeraldL10nUnit (owned). Fails with HERALD_L10N_ERROR_TEMPLATE on a broken plural block
 * or source that is not UTF-8. */
GPtrArray *herald_extract_part (const char *source, HeraldPart part, GError **error);

/* Like herald_extract_part(), sharing the (read-only) units of a source cut recently: the
 * same template is localized into every locale. Unref the result. */
GPtrArray *herald_extract_part_cached (const char *source, HeraldPart part, GError **error);
/* The same, given the source's template-language tree (herald_tl_template_parse()) when the
 * caller has parsed it already, so that it is not parsed again; NULL, or the tree of another
 * text, is as herald_extract_part_cached(). */
GPtrArray *herald_extract_part_cached_parsed (const char *source,
                                              HeraldPart part,
                                              HeraldTlTemplate *parsed,
                                              GError **error);
/* Forgets the cached units (benchmarks measure cold extraction with it). */
void herald_extract_clear_cache (void);

/* For tests: whether HTML is compacted before libxml2 reads it (by default it is); the units
 * must not depend on it. */
void herald_extract_set_compaction (gboolean enabled);

/* Collapses runs of whitespace to one space, outside `{{ }}` spans (HTML only). */
char *herald_l10n_normalize_space (const char *text, gssize length);

/* One attribute of a start tag: [start, end) is the whole `name="value"`, the value is
 * [value_start, value_end) without its quotes. */
typedef struct
{
  gsize start;
  gsize name_end;
  gsize value_start;
  gsize value_end;
  gsize end;
  char quote;
  gboolean has_value;
} HeraldL10nAttribute;

/* Finds attribute `name` in the start tag text[tag_start, tag_end), lexically. */
gboolean herald_l10n_find_attribute (const char *text,
                                     gsize tag_start,
                                     gsize tag_end,
                                     const char *name,
                                     HeraldL10nAttribute *attribute);

/* Where a unit of a template appears in a .pot reference: "templates/<id>/body.html". */
const char *herald_l10n_part_file_name (HeraldPart part);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldL10nUnit, herald_l10n_unit_free)

G_END_DECLS
