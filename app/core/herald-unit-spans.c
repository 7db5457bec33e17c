/* herald-unit-spans.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-unit-spans"

#include "config.h"

#include <string.h>

#include "herald-html-compact.h"
#include "herald-unit-spans.h"

/* The index of the first of the sorted spans that starts at or after start, n_spans when
 * none does: the extractor walks each unit of a page from its start, and a search from the
 * first span cost a step per span before it. */
static guint
first_span_from (const HeraldL10nSpan *spans, guint n_spans, gsize start)
{
  guint low = 0;
  guint high = n_spans;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (spans[middle].start < start)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

void
herald_unit_walk_init (HeraldUnitWalk *walk,
                       const char *text,
                       gsize start,
                       gsize end,
                       gboolean html,
                       const HeraldL10nSpan *spans,
                       guint n_spans)
{
  walk->text = text;
  walk->pos = start;
  walk->end = end;
  walk->html = html;
  walk->spans = spans;
  walk->n_spans = spans != NULL ? n_spans : 0;
  walk->next = first_span_from (walk->spans, walk->n_spans, start);
}

/* Whether a template span starts at or before pos: the walkers ask at every byte, and most
 * bytes are far from the next span, so this is checked before anything else. */
static inline gboolean
span_due (const HeraldUnitWalk *walk, gsize pos)
{
  return walk->next < walk->n_spans && walk->spans[walk->next].start <= pos;
}

/* Where the walk next has to look at a template span: the start of the next one, or its end. */
static inline gsize
next_span_start (const HeraldUnitWalk *walk)
{
  return walk->next < walk->n_spans ? MIN (walk->spans[walk->next].start, walk->end) : walk->end;
}

/* The end of the template span starting at pos, past it, or 0 when none starts there.
 * Spans that started before pos (inside a cut tag) are dropped on the way. */
static gsize
take_template_span (HeraldUnitWalk *walk, gsize pos)
{
  if (!span_due (walk, pos))
    return 0;
  while (walk->next < walk->n_spans && walk->spans[walk->next].start < pos)
    walk->next++;
  if (walk->next < walk->n_spans && walk->spans[walk->next].start == pos)
    {
      gsize end = walk->spans[walk->next].end;

      walk->next++;
      return MIN (end, walk->end);
    }
  return 0;
}

static gboolean
template_span_at (HeraldUnitWalk *walk, gsize pos)
{
  guint next = walk->next;

  if (!span_due (walk, pos))
    return FALSE;
  while (next < walk->n_spans && walk->spans[next].start < pos)
    next++;
  return next < walk->n_spans && walk->spans[next].start == pos;
}

static gboolean
is_tag_start (HeraldUnitWalk *walk, gsize pos)
{
  const char *text = walk->text;
  char next;

  if (!walk->html || text[pos] != '<' || pos + 1 >= walk->end)
    return FALSE;
  next = text[pos + 1];
  return g_ascii_isalpha (next) || next == '/' || next == '!' || next == '?';
}

/* A character reference, as the pseudo-locale always copied them: at most 12 bytes. */
static gsize
entity_length (HeraldUnitWalk *walk, gsize pos)
{
  const char *text = walk->text;

  if (!walk->html || text[pos] != '&')
    return 0;
  for (gsize i = pos + 1; i < walk->end && i - pos < 12; i++)
    {
      if (text[i] == ';')
        return i > pos + 1 ? i - pos + 1 : 0;
      if (!g_ascii_isalnum (text[i]) && text[i] != '#')
        return 0;
    }
  return 0;
}

static void
read_comment (HeraldUnitWalk *walk, HeraldUnitSpan *span)
{
  const char *text = walk->text;

  for (gsize i = span->start + 4; i + 3 <= walk->end; i++)
    if (text[i] == '-' && text[i + 1] == '-' && text[i + 2] == '>')
      {
        span->end = i + 3;
        span->closed = TRUE;
        return;
      }
  span->end = walk->end;
}

/* What the bytes of a tag are to read_tag(): the blanks keep an "=" waiting for its value,
 * the special bytes are looked at one by one, any other ends a wait for a value. */
enum
{
  TAG_BYTE_OTHER,
  TAG_BYTE_BLANK,
  TAG_BYTE_SPECIAL,
};

static const guint8 tag_bytes[256] = {
  ['\t'] = TAG_BYTE_BLANK,  ['\n'] = TAG_BYTE_BLANK,  ['\r'] = TAG_BYTE_BLANK,
  [' '] = TAG_BYTE_BLANK,   ['"'] = TAG_BYTE_SPECIAL, ['\''] = TAG_BYTE_SPECIAL,
  ['<'] = TAG_BYTE_SPECIAL, ['='] = TAG_BYTE_SPECIAL, ['>'] = TAG_BYTE_SPECIAL,
};

/* Reads a tag as libxml2 does: a ">" ends it unless it is inside a quoted attribute value or
 * a template span; a "<" outside them cuts it (the tag is not closed). */
static void
read_tag (HeraldUnitWalk *walk, HeraldUnitSpan *span)
{
  const char *text = walk->text;
  gboolean after_equals = FALSE;
  gsize i = span->start + 1;

  if (text[i] == '!' && i + 2 < walk->end && text[i + 1] == '-' && text[i + 2] == '-')
    {
      read_comment (walk, span);
      return;
    }

  while (i < walk->end)
    {
      gsize skip = span_due (walk, i) ? take_template_span (walk, i) : 0;
      gsize stop;
      char c;

      if (skip != 0)
        {
          i = skip;
          after_equals = FALSE;
          continue;
        }
      /* No template span starts before stop: names and blanks are passed over at speed, the
       * blanks after an "=" first, as only they keep it waiting for its value. */
      stop = next_span_start (walk);
      if (after_equals)
        {
          while (i < stop && tag_bytes[(guchar) text[i]] == TAG_BYTE_BLANK)
            i++;
          after_equals = i >= stop || tag_bytes[(guchar) text[i]] != TAG_BYTE_OTHER;
        }
      while (i < stop && tag_bytes[(guchar) text[i]] != TAG_BYTE_SPECIAL)
        i++;
      if (i >= stop)
        continue;
      c = text[i];
      if (c == '>')
        {
          span->end = i + 1;
          span->closed = TRUE;
          return;
        }
      if (c == '<' && i > span->start + 1)
        break;
      if ((c == '"' || c == '\'') && after_equals)
        {
          gsize close = i + 1;

          while (close < walk->end && text[close] != c)
            {
              gsize span_end = span_due (walk, close) ? take_template_span (walk, close) : 0;
              gsize limit;
              const char *quote;

              if (span_end != 0)
                {
                  close = span_end;
                  continue;
                }
              /* Up to the next template span, the closing quote is a plain search (inline
               * styles are long). */
              limit = MAX (next_span_start (walk), close + 1);
              quote = memchr (text + close, c, limit - close);
              close = quote != NULL ? (gsize) (quote - text) : limit;
            }
          if (close >= walk->end)
            {
              i = walk->end;
              break;
            }
          i = close + 1;
          after_equals = FALSE;
          continue;
        }
      if (c == '=')
        after_equals = TRUE;
      else if (!herald_html_is_blank (c))
        after_equals = FALSE;
      i++;
    }

  span->end = MIN (i, walk->end);
}

/* The first "<" or "&" in text[from, limit), or limit: eight bytes at a time, as text runs
 * are mostly neither. */
static inline gsize
find_markup_byte (const char *text, gsize from, gsize limit)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  gsize i = from;

  for (; i + 8 <= limit; i += 8)
    {
      guint64 word;
      guint64 lt;
      guint64 amp;

      memcpy (&word, text + i, 8);
      lt = word ^ (ones * '<');
      amp = word ^ (ones * '&');
      /* Nonzero when a byte of lt or amp is zero. */
      if ((((lt - ones) & ~lt) | ((amp - ones) & ~amp)) & highs)
        break;
    }
  while (i < limit && text[i] != '<' && text[i] != '&')
    i++;
  return i;
}

/* Where a text span going on at from stops: where a template span, a tag or a character
 * reference starts. The template spans are sorted: the first one at or after from bounds
 * the search for the others. */
static gsize
text_end (HeraldUnitWalk *walk, gsize from)
{
  gsize limit = walk->end;
  guint next = walk->next;
  gsize i = from;

  while (next < walk->n_spans && walk->spans[next].start < from)
    next++;
  if (next < walk->n_spans && walk->spans[next].start < limit)
    limit = walk->spans[next].start;
  if (!walk->html)
    return limit;
  while ((i = find_markup_byte (walk->text, i, limit)) < limit)
    {
      if (is_tag_start (walk, i) || entity_length (walk, i) != 0)
        return i;
      i++;
    }
  return limit;
}

gboolean
herald_unit_walk_next (HeraldUnitWalk *walk, HeraldUnitSpan *span)
{
  gsize pos = walk->pos;
  gsize skip;

  if (pos >= walk->end)
    return FALSE;

  span->start = pos;
  span->closed = TRUE;
  if (template_span_at (walk, pos))
    {
      span->kind = walk->spans[walk->next].kind == HERALD_L10N_SPAN_OUTPUT
                       ? HERALD_UNIT_SPAN_PLACEHOLDER
                       : HERALD_UNIT_SPAN_STATEMENT;
      span->end = take_template_span (walk, pos);
    }
  else if (is_tag_start (walk, pos))
    {
      span->kind = HERALD_UNIT_SPAN_TAG;
      span->closed = FALSE;
      read_tag (walk, span);
    }
  else if ((skip = entity_length (walk, pos)) != 0)
    {
      span->kind = HERALD_UNIT_SPAN_ENTITY;
      span->end = pos + skip;
    }
  else
    {
      span->kind = HERALD_UNIT_SPAN_TEXT;
      span->end = text_end (walk, pos + 1);
    }

  walk->pos = span->end;
  return TRUE;
}

GArray *
herald_unit_spans (const char *text, gsize length, gboolean html)
{
  g_autoptr (GArray) template_spans = herald_l10n_scan_spans (text, length, NULL, NULL);
  GArray *result = g_array_new (FALSE, FALSE, sizeof (HeraldUnitSpan));
  HeraldUnitWalk walk;
  HeraldUnitSpan span;

  herald_unit_walk_init (&walk, text, 0, length, html,
                         template_spans ? (const HeraldL10nSpan *) (gpointer) template_spans->data
                                        : NULL,
                         template_spans ? template_spans->len : 0);
  while (herald_unit_walk_next (&walk, &span))
    g_array_append_val (result, span);
  return result;
}
