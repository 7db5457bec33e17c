/* herald-extractor.c: template spans, units and their emitters, the text part, and the
 * entry points with their cache (the HTML part is herald-extractor-html.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-extractor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "herald-extractor-private.h"
#include "herald-hash.h"
#include "herald-utf8.h"
#include "herald-html-compact.h"
#include "herald-html-lang.h"
#include "herald-l10n-error.h"
#include "herald-tl.h"
#include "herald-unit-spans.h"

void
herald_l10n_unit_free (HeraldL10nUnit *unit)
{
  if (unit == NULL)
    return;
  g_free (unit->msgid);
  g_free (unit->msgid_plural);
  g_free (unit->plural_count);
  g_free (unit->comment);
  g_free (unit);
}

const char *
herald_l10n_part_file_name (HeraldPart part)
{
  switch (part)
    {
    case HERALD_PART_SUBJECT:
    case HERALD_PART_PREHEADER:
      return "template.json";
    case HERALD_PART_HTML:
      return "body.html";
    case HERALD_PART_TEXT:
      return "body.txt";
    default:
      g_return_val_if_reached ("template.json");
    }
}

/* Spans */

static gboolean
has_span_opener (const char *source, gsize length)
{
  const char *p = source;
  const char *end = source + length;

  while (p < end && (p = memchr (p, '{', end - p)) != NULL)
    {
      if (p + 1 < end && (p[1] == '{' || p[1] == '%'))
        return TRUE;
      p++;
    }
  return FALSE;
}

GArray *
herald_l10n_scan_spans (const char *source, gsize length, gsize *error_offset, GError **error)
{
  g_autoptr (HeraldTlTemplate) tree = NULL;
  HeraldTlLocation location = { 0 };

  /* Most units hold no template span at all: no need to parse them. */
  if (!has_span_opener (source, length))
    return g_array_new (FALSE, FALSE, sizeof (HeraldL10nSpan));

  tree = herald_tl_template_parse (source, length, &location, error);
  if (tree == NULL)
    {
      if (error_offset != NULL)
        *error_offset = MIN (location.offset, length);
      return NULL;
    }
  return herald_l10n_spans_of_tree (source, length, tree);
}

GArray *
herald_l10n_spans_of_tree (const char *source, gsize length, HeraldTlTemplate *tree)
{
  const HeraldTlSpan *spans;
  GArray *result;
  guint n_spans = 0;

  if (!has_span_opener (source, length))
    return g_array_new (FALSE, FALSE, sizeof (HeraldL10nSpan));

  spans = herald_tl_template_get_spans (tree, &n_spans);
  result = g_array_sized_new (FALSE, FALSE, sizeof (HeraldL10nSpan), n_spans);
  for (guint i = 0; i < n_spans; i++)
    {
      HeraldL10nSpan span;

      if (spans[i].kind == HERALD_TL_SPAN_TEXT)
        continue;
      span.kind = spans[i].kind == HERALD_TL_SPAN_OUTPUT ? HERALD_L10N_SPAN_OUTPUT
                                                         : HERALD_L10N_SPAN_STATEMENT;
      span.start = spans[i].start;
      span.end = spans[i].end;
      g_array_append_val (result, span);
    }

  return result;
}

/* The first span starting at or after offset. */
guint
herald_extractor_first_span_from (GArray *spans, gsize offset)
{
  guint lo = 0;
  guint hi = spans->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (spans, HeraldL10nSpan, mid).start < offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Runs of whitespace outside spans become one space; spans[i].start - base is where span i
 * starts in text. The result is never longer than text. */
static char *
normalize_space_around (
    const char *text, gsize length, const HeraldL10nSpan *spans, guint n_spans, gsize base)
{
  char *out = g_malloc (length + 1);
  gsize n = 0;
  gboolean pending_space = FALSE;
  guint next_span = 0;
  gsize i = 0;

  while (i < length)
    {
      /* A span that does not start ahead (none should) is never reached, nor any after it. */
      gsize stop = next_span < n_spans ? spans[next_span].start - base : length;
      const HeraldL10nSpan *span;

      if (stop < i || stop > length)
        {
          stop = length;
          next_span = n_spans;
        }
      for (; i < stop; i++)
        {
          char c = text[i];

          if (g_ascii_isspace (c))
            {
              pending_space = TRUE;
              continue;
            }
          if (pending_space && n > 0)
            out[n++] = ' ';
          pending_space = FALSE;
          out[n++] = c;
        }
      if (i >= length)
        break;

      span = &spans[next_span++];
      if (pending_space && n > 0)
        out[n++] = ' ';
      pending_space = FALSE;
      memcpy (out + n, text + i, span->end - span->start);
      n += span->end - span->start;
      i = span->end - base;
    }

  out[n] = '\0';
  return out;
}

char *
herald_l10n_normalize_space (const char *text, gssize length)
{
  g_autoptr (GArray) spans = NULL;

  if (length < 0)
    length = strlen (text);
  /* A unit always parses (it is a piece of a parsed template); if not, no span is kept. */
  spans = herald_l10n_scan_spans (text, length, NULL, NULL);
  if (spans == NULL)
    return normalize_space_around (text, length, NULL, 0, 0);
  return normalize_space_around (text, length, (const HeraldL10nSpan *) (gpointer) spans->data,
                                 spans->len, 0);
}

/* Units */

static guint
line_of (Extractor *self, gsize offset)
{
  guint lo = 0;
  guint hi = self->line_starts->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->line_starts, gsize, mid) <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return MAX (lo, 1);
}

/* Whether a range holds words: a letter outside tags, entities and template spans. */
gboolean
herald_extractor_is_meaningful (Extractor *self, gsize start, gsize end)
{
  HeraldUnitWalk walk;
  HeraldUnitSpan span;

  herald_unit_walk_init (&walk, self->source, start, end, self->part == HERALD_PART_HTML,
                         (const HeraldL10nSpan *) (gpointer) self->spans->data, self->spans->len);
  while (herald_unit_walk_next (&walk, &span))
    {
      const char *p = self->source + span.start;

      if (span.kind != HERALD_UNIT_SPAN_TEXT)
        continue;
      for (; p < self->source + span.end; p = g_utf8_next_char (p))
        if (g_unichar_isalpha (g_utf8_get_char (p)))
          return TRUE;
    }

  return FALSE;
}

void
herald_extractor_add_unit (Extractor *self, HeraldL10nUnit *unit)
{
  unit->part = self->part;
  unit->line = line_of (self, unit->start);
  unit->text_hash = herald_str_hash (unit->msgid) ^
                    (unit->msgid_plural != NULL ? herald_str_hash (unit->msgid_plural) : 0);
  for (guint i = 0; self->comment_bodies != NULL && i + 1 < self->comment_bodies->len; i += 2)
    if (unit->start >= g_array_index (self->comment_bodies, gsize, i) &&
        unit->end <= g_array_index (self->comment_bodies, gsize, i + 1))
      unit->in_comment = TRUE;
  if (!unit->is_attribute)
    unit->comment = g_steal_pointer (&self->pending_comment);
  g_ptr_array_add (self->units, unit);
}

/* The template's own spans serve: the unit need not be parsed again. */
char *
herald_extractor_unit_text (Extractor *self, gsize start, gsize end)
{
  const HeraldL10nSpan *spans = (const HeraldL10nSpan *) (gpointer) self->spans->data;
  guint first;
  guint last;

  if (self->part != HERALD_PART_HTML)
    return g_strndup (self->source + start, end - start);
  first = last = herald_extractor_first_span_from (self->spans, start);
  while (last < self->spans->len && spans[last].end <= end)
    last++;
  if (last == first)
    return normalize_space_around (self->source + start, end - start, NULL, 0, start);
  return normalize_space_around (self->source + start, end - start, spans + first, last - first,
                                 start);
}

static void
trim_range (Extractor *self, gsize *start, gsize *end)
{
  while (*start < *end && g_ascii_isspace (self->source[*start]))
    (*start)++;
  while (*end > *start && g_ascii_isspace (self->source[*end - 1]))
    (*end)--;
}

/* The end of the tag starting at text[pos] == '<' (just past '>'), or 0, read as libxml2
 * reads it: attributes are a name, then maybe "=" and a value, quoted (a ">" inside does not
 * end the tag) or running to a blank or ">"; anything else up to a blank or the end of the
 * tag is skipped. */
gsize
herald_extractor_tag_end (const char *text, gsize pos, gsize end)
{
  gsize i = pos + 1;

  while (i < end && herald_html_is_name_char (text[i]))
    i++;
  for (;;)
    {
      while (i < end && herald_html_is_blank (text[i]))
        i++;
      if (i >= end)
        return 0;
      if (text[i] == '>')
        return i + 1;
      if (text[i] == '/' && i + 1 < end && text[i + 1] == '>')
        return i + 2;
      if (!herald_html_is_name_start (text[i]))
        {
          while (i < end && !herald_html_is_blank (text[i]) && text[i] != '>' &&
                 !(text[i] == '/' && i + 1 < end && text[i + 1] == '>'))
            i++;
          continue;
        }

      while (i < end && herald_html_is_name_char (text[i]))
        i++;
      while (i < end && herald_html_is_blank (text[i]))
        i++;
      if (i >= end || text[i] != '=')
        continue;
      i++;
      while (i < end && herald_html_is_blank (text[i]))
        i++;
      if (i < end && (text[i] == '"' || text[i] == '\''))
        {
          const char *close = memchr (text + i + 1, text[i], end - (i + 1));

          if (close == NULL)
            return 0;
          i = (gsize) (close - text) + 1;
        }
      else
        {
          while (i < end && !herald_html_is_blank (text[i]) && text[i] != '>')
            i++;
        }
    }
}

/* A unit that is one inline element from end to end, as a button's <a href style="…">Pay
 * now</a>, is narrowed to the element's content: the translator sees "Pay now". */
static gboolean
strip_wrapper (Extractor *self, gsize *start, gsize *end)
{
  const char *text = self->protected_text;
  gsize name_end = *start + 1;
  gsize open_end;
  gsize close_start = 0;
  gsize name_length;
  guint depth = 1;

  if (text[*start] != '<' || !g_ascii_isalpha (text[*start + 1]) || text[*end - 1] != '>')
    return FALSE;
  while (name_end < *end && g_ascii_isalnum (text[name_end]))
    name_end++;
  name_length = name_end - *start - 1;
  open_end = herald_extractor_tag_end (text, *start, *end);
  if (open_end == 0 || text[open_end - 2] == '/')
    return FALSE;

  for (gsize i = open_end; i < *end; i++)
    {
      gboolean closing;
      gsize next;

      if (text[i] != '<')
        continue;
      closing = text[i + 1] == '/';
      next = herald_extractor_tag_end (text, i, *end);
      if (next == 0)
        return FALSE;
      if (g_ascii_strncasecmp (text + i + 1 + closing, text + *start + 1, name_length) == 0 &&
          !g_ascii_isalnum (text[i + 1 + closing + name_length]))
        {
          depth += closing ? -1 : 1;
          if (depth == 0)
            {
              if (next != *end)
                return FALSE;
              close_start = i;
              break;
            }
        }
      i = next - 1;
    }
  if (close_start == 0)
    return FALSE;

  *start = open_end;
  *end = close_start;
  trim_range (self, start, end);
  return TRUE;
}

static gboolean
is_blank_line (const char *line, gsize length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_blank_range (Extractor *self, gsize start, gsize end)
{
  return end >= start && is_blank_line (self->source + start, end - start);
}

/* A unit never cuts a template span. libxml2 can end a text inside one (fuzz-extract found
 * a text of over a thousand bytes ending one byte into a placeholder before an unterminated
 * tag at the end of the input), and half a span in a unit gives a translation that does
 * not parse: a placeholder cut is taken whole, a statement cut is left out. */
static void
keep_spans_whole (Extractor *self, gsize *start, gsize *end)
{
  guint i = herald_extractor_first_span_from (self->spans, *start);
  const HeraldL10nSpan *span;

  if (i > 0 && (span = &g_array_index (self->spans, HeraldL10nSpan, i - 1))->end > *start)
    *start = span->kind == HERALD_L10N_SPAN_OUTPUT ? span->start : span->end;
  i = herald_extractor_first_span_from (self->spans, *end);
  if (i > 0 && (span = &g_array_index (self->spans, HeraldL10nSpan, i - 1))->end > *end)
    *end = span->kind == HERALD_L10N_SPAN_OUTPUT ? span->end : span->start;
  if (*end < *start)
    *end = *start;
}

static void
emit_trimmed (Extractor *self, gsize start, gsize end)
{
  HeraldL10nUnit *unit;

  /* Blanks give no unit, even inside a span: a placeholder taken whole holds no word, and a
   * statement is left out. Most ranges are the indentation between two blocks. */
  if (is_blank_range (self, start, end))
    return;
  keep_spans_whole (self, &start, &end);
  trim_range (self, &start, &end);
  if (start == end || !herald_extractor_is_meaningful (self, start, end))
    return;
  if (self->part == HERALD_PART_HTML)
    while (strip_wrapper (self, &start, &end))
      ;
  if (start == end)
    return;

  unit = g_new0 (HeraldL10nUnit, 1);
  unit->start = start;
  unit->end = end;
  unit->msgid = herald_extractor_unit_text (self, start, end);
  herald_extractor_add_unit (self, unit);
}

/* Whether offset lies inside a template span (an expression's string default may hold
 * blank lines: they do not end a paragraph there). */
static gboolean
inside_span (Extractor *self, gsize offset)
{
  guint next = herald_extractor_first_span_from (self->spans, offset + 1);

  return next > 0 && g_array_index (self->spans, HeraldL10nSpan, next - 1).end > offset;
}

/* The text part's paragraphs are separated by blank lines. */
static void
emit_paragraphs (Extractor *self, gsize start, gsize end)
{
  gsize paragraph_start = start;
  gsize pos = start;

  while (pos < end)
    {
      const char *newline = memchr (self->source + pos, '\n', end - pos);
      gsize line_end = newline ? (gsize) (newline - self->source) : end;

      if (is_blank_line (self->source + pos, line_end - pos) && !inside_span (self, pos))
        {
          emit_trimmed (self, paragraph_start, pos);
          paragraph_start = line_end;
        }
      pos = line_end + 1;
    }
  emit_trimmed (self, paragraph_start, end);
}

static void
emit_segment (Extractor *self, gsize start, gsize end)
{
  if (self->part == HERALD_PART_TEXT)
    emit_paragraphs (self, start, end);
  else
    emit_trimmed (self, start, end);
}

/* The statement's keyword and, in *rest, what follows it. */
static char *
statement_keyword (Extractor *self, const HeraldL10nSpan *span, char **rest)
{
  const char *p = self->source + span->start + 2;
  const char *stop = self->source + span->end - 2;
  const char *word;

  while (p < stop && g_ascii_isspace (*p))
    p++;
  word = p;
  while (p < stop && (g_ascii_isalnum (*p) || *p == '_'))
    p++;
  if (rest != NULL)
    *rest = g_strstrip (g_strndup (p, stop - p));
  return g_strndup (word, p - word);
}

static gboolean
is_plural_keyword (const char *keyword)
{
  return g_str_equal (keyword, "plural") || g_str_equal (keyword, "plural_other") ||
         g_str_equal (keyword, "endplural");
}

void
herald_extractor_set_template_error (Extractor *self, gsize offset, const char *message)
{
  if (self->error != NULL)
    return;
  g_set_error (&self->error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_TEMPLATE,
               /* Translators: a template part (subject, preheader, html or text), the file that
                * holds it, a line number and what is wrong there. */
               _ ("%s %s, line %u: %s"), herald_part_to_string (self->part),
               herald_l10n_part_file_name (self->part), line_of (self, offset), message);
}

static void
emit_plural (Extractor *self,
             const HeraldL10nSpan *open,
             const HeraldL10nSpan *other,
             const HeraldL10nSpan *close,
             char *count)
{
  HeraldL10nUnit *unit;
  g_autofree char *one = NULL;
  g_autofree char *many = NULL;

  one = herald_extractor_unit_text (self, open->end, other->start);
  many = herald_extractor_unit_text (self, other->end, close->start);
  g_strstrip (one);
  g_strstrip (many);
  if (*one == '\0' || *many == '\0')
    {
      herald_extractor_set_template_error (
          self, open->start,
          _ ("both forms of a {% plural %} block need text, the singular before "
             "{% plural_other %} and the plural after it"));
      g_free (count);
      return;
    }

  unit = g_new0 (HeraldL10nUnit, 1);
  unit->start = open->start;
  unit->end = close->end;
  unit->msgid = g_steal_pointer (&one);
  unit->msgid_plural = g_steal_pointer (&many);
  unit->plural_count = count;
  herald_extractor_add_unit (self, unit);
}

/* Returns the index of the span after the block, or 0 after an error. */
static guint
handle_plural (Extractor *self, guint open_index, gsize end)
{
  const HeraldL10nSpan *open = &g_array_index (self->spans, HeraldL10nSpan, open_index);
  const HeraldL10nSpan *other = NULL;
  char *count = NULL;

  g_free (statement_keyword (self, open, &count));
  if (*count == '\0')
    {
      herald_extractor_set_template_error (
          self, open->start,
          _ ("{% plural %} needs the count, as in {% plural var:payment_count %}"));
      g_free (count);
      return 0;
    }

  for (guint i = open_index + 1; i < self->spans->len; i++)
    {
      const HeraldL10nSpan *span = &g_array_index (self->spans, HeraldL10nSpan, i);
      g_autofree char *keyword = NULL;

      if (span->end > end)
        break;
      if (span->kind != HERALD_L10N_SPAN_STATEMENT)
        continue;
      keyword = statement_keyword (self, span, NULL);
      if (g_str_equal (keyword, "plural_other") && other == NULL)
        other = span;
      else if (g_str_equal (keyword, "endplural") && other != NULL)
        {
          emit_plural (self, open, other, span, count);
          return i + 1;
        }
      else
        break;
    }

  g_free (count);
  herald_extractor_set_template_error (
      self, open->start,
      _ ("a {% plural %} block must hold text only, then {% plural_other %}, "
         "then {% endplural %}, all in the same paragraph"));
  return 0;
}

/* Cuts [start, end) at statements and emits the pieces. */
void
herald_extractor_emit_range (Extractor *self, gsize start, gsize end)
{
  gsize pos = start;

  /* Nothing to cut: a span or a statement is never blank. */
  if (is_blank_range (self, start, end))
    return;
  for (guint i = herald_extractor_first_span_from (self->spans, start); i < self->spans->len; i++)
    {
      const HeraldL10nSpan *span = &g_array_index (self->spans, HeraldL10nSpan, i);
      g_autofree char *keyword = NULL;

      if (span->end > end)
        break;
      if (span->kind != HERALD_L10N_SPAN_STATEMENT)
        continue;

      emit_segment (self, pos, span->start);
      pos = span->end;
      keyword = statement_keyword (self, span, NULL);
      if (g_str_equal (keyword, "plural"))
        {
          guint after = handle_plural (self, i, end);

          if (after == 0)
            return;
          pos = g_array_index (self->spans, HeraldL10nSpan, after - 1).end;
          i = after - 1;
        }
      else if (is_plural_keyword (keyword))
        {
          herald_extractor_set_template_error (
              self, span->start,
              _ ("this statement belongs to a {% plural %} block that does not "
                 "start in the same paragraph"));
          return;
        }
    }

  emit_segment (self, pos, end);
}

/* Whether tree is the parse of source: what a caller hands over is checked, not trusted. */
static gboolean
is_parse_of (HeraldTlTemplate *tree, const char *source, gsize length)
{
  gsize tree_length;
  const char *tree_source = herald_tl_template_get_source (tree, &tree_length);

  return tree_length == length && memcmp (tree_source, source, length) == 0;
}

/* Units are cut around the spans the template language itself finds; a template that does
 * not parse cannot be cut (the checks report the syntax error itself). parsed: the source's
 * tree when the caller has it (the checks parse every part before localizing it), else
 * NULL. */
static gboolean
scan_template (Extractor *self, HeraldTlTemplate *parsed)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gsize offset = 0;

  if (parsed != NULL && is_parse_of (parsed, self->source, self->length))
    {
      self->spans = herald_l10n_spans_of_tree (self->source, self->length, parsed);
      return TRUE;
    }
  self->spans = herald_l10n_scan_spans (self->source, self->length, &offset, &error);
  if (self->spans != NULL)
    return TRUE;
  message = g_strdup_printf (_ ("the template language cannot be read, so the text cannot be cut "
                                "into translatable units: %s"),
                             error->message);
  herald_extractor_set_template_error (self, offset, message);
  return FALSE;
}

/* Where each line of source starts: counted first, then written in place. */
static GArray *
line_starts_of (const char *source, gsize length)
{
  GArray *line_starts;
  guint n_lines = 1;
  guint line = 1;
  gsize *starts;

  for (const char *newline = memchr (source, '\n', length); newline != NULL;
       newline = memchr (newline + 1, '\n', length - (newline + 1 - source)))
    n_lines++;
  line_starts = g_array_sized_new (FALSE, FALSE, sizeof (gsize), n_lines);
  g_array_set_size (line_starts, n_lines);
  starts = (gsize *) (gpointer) line_starts->data;
  starts[0] = 0;
  for (const char *newline = memchr (source, '\n', length); newline != NULL;
       newline = memchr (newline + 1, '\n', length - (newline + 1 - source)))
    starts[line++] = (gsize) (newline - source) + 1;
  return line_starts;
}

static GPtrArray *
extract_part (const char *source, HeraldPart part, HeraldTlTemplate *parsed, GError **error)
{
  Extractor self = { 0 };

  self.source = source;
  self.length = strlen (source);
  self.part = part;
  self.units = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_l10n_unit_free);
  self.line_starts = line_starts_of (source, self.length);

  if (!herald_utf8_validate (source, self.length))
    herald_extractor_set_template_error (&self, 0, _ ("the text is not valid UTF-8"));
  else if (!scan_template (&self, parsed))
    ;
  else if (part == HERALD_PART_HTML)
    herald_extractor_extract_html (&self);
  else
    herald_extractor_emit_range (&self, 0, self.length);

  g_clear_pointer (&self.spans, g_array_unref);
  g_clear_pointer (&self.comment_bodies, g_array_unref);
  g_array_unref (self.line_starts);
  g_free (self.pending_comment);

  if (self.error != NULL)
    {
      g_propagate_error (error, self.error);
      g_ptr_array_unref (self.units);
      return NULL;
    }

  return self.units;
}

GPtrArray *
herald_extract_part (const char *source, HeraldPart part, GError **error)
{
  g_return_val_if_fail (source != NULL, NULL);

  return extract_part (source, part, NULL, error);
}

/* Units of recent sources: a library's templates are cut once, then localized into every
 * locale and re-localized whenever a .po changes. Bounded by the size of the sources. */
#define CACHE_MAX_BYTES (32 * 1024 * 1024)

typedef struct
{
  HeraldPart part;
  gsize length;
  guint hash;
  char *source;
} CacheKey;

G_LOCK_DEFINE_STATIC (cache);
static GHashTable *cache;
/* Source address → CacheKey in cache, for recent_key(). */
static GHashTable *recent;
static gsize cache_bytes;

/* Every byte counts: a library's templates often differ in a few words of the same layout. */
static guint
source_hash (const char *source, gsize length, HeraldPart part)
{
  return herald_bytes_hash (source, length, part);
}

static guint
cache_key_hash (gconstpointer key)
{
  return ((const CacheKey *) key)->hash;
}

static gboolean
cache_key_equal (gconstpointer a, gconstpointer b)
{
  const CacheKey *key_a = a;
  const CacheKey *key_b = b;

  return key_a->hash == key_b->hash && key_a->part == key_b->part &&
         key_a->length == key_b->length &&
         memcmp (key_a->source, key_b->source, key_a->length) == 0;
}

static void
cache_key_free (CacheKey *key)
{
  g_free (key->source);
  g_free (key);
}

/* The cache's key for a source at this address, if the bytes there are still the same:
 * templates keep their sources, so a template localized again is found without hashing its
 * whole text again (comparing it is several times cheaper). Called with the lock held. */
static CacheKey *
recent_key (const char *source, gsize length, HeraldPart part)
{
  CacheKey *key = recent != NULL ? g_hash_table_lookup (recent, source) : NULL;

  if (key == NULL || key->part != part || key->length != length ||
      memcmp (key->source, source, length) != 0)
    return NULL;
  return key;
}

static void
remember_key (const char *source, CacheKey *key)
{
  if (recent == NULL)
    recent = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (recent, (gpointer) source, key);
}

static void
cache_clear_locked (void)
{
  if (recent != NULL)
    g_hash_table_remove_all (recent);
  if (cache != NULL)
    g_hash_table_remove_all (cache);
  cache_bytes = 0;
}

GPtrArray *
herald_extract_part_cached (const char *source, HeraldPart part, GError **error)
{
  return herald_extract_part_cached_parsed (source, part, NULL, error);
}

GPtrArray *
herald_extract_part_cached_parsed (const char *source,
                                   HeraldPart part,
                                   HeraldTlTemplate *parsed,
                                   GError **error)
{
  CacheKey lookup;
  CacheKey *key;
  GPtrArray *units = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  lookup.part = part;
  lookup.length = strlen (source);
  lookup.source = (char *) source;

  G_LOCK (cache);
  key = recent_key (source, lookup.length, part);
  if (key != NULL)
    units = g_ptr_array_ref (g_hash_table_lookup (cache, key));
  G_UNLOCK (cache);
  if (units != NULL)
    return units;

  lookup.hash = source_hash (source, lookup.length, part);
  G_LOCK (cache);
  if (cache != NULL &&
      g_hash_table_lookup_extended (cache, &lookup, (gpointer *) &key, (gpointer *) &units))
    {
      remember_key (source, key);
      g_ptr_array_ref (units);
    }
  G_UNLOCK (cache);
  if (units != NULL)
    return units;

  units = extract_part (source, part, parsed, error);
  if (units == NULL)
    return NULL;

  G_LOCK (cache);
  if (cache == NULL)
    cache = g_hash_table_new_full (cache_key_hash, cache_key_equal, (GDestroyNotify) cache_key_free,
                                   (GDestroyNotify) g_ptr_array_unref);
  if (cache_bytes + lookup.length > CACHE_MAX_BYTES)
    cache_clear_locked ();
  if (!g_hash_table_contains (cache, &lookup))
    {
      key = g_memdup2 (&lookup, sizeof lookup);
      key->source = g_memdup2 (source, lookup.length + 1);
      cache_bytes += lookup.length;
      g_hash_table_insert (cache, key, g_ptr_array_ref (units));
      remember_key (source, key);
    }
  G_UNLOCK (cache);

  return units;
}

void
herald_extract_clear_cache (void)
{
  G_LOCK (cache);
  cache_clear_locked ();
  G_UNLOCK (cache);
}
