/* herald-extractor.c
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

#include "herald-extractor.h"
#include "herald-hash.h"
#include "herald-utf8.h"
#include "herald-html-compact.h"
#include "herald-html-lang.h"
#include "herald-l10n-error.h"
#include "herald-tl.h"
#include "herald-unit-spans.h"

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

typedef enum
{
  NODE_ROOT,
  NODE_ELEMENT,
  NODE_TEXT,
  NODE_COMMENT,
} NodeKind;

/* The parsed HTML, built from libxml2's SAX events: libxml2 decides the structure (implied
 * and auto-closed elements, comments, raw text), the events give byte offsets. Nodes refer
 * to each other by index in HtmlParse.nodes; 0 is the root and never a child. */
typedef struct
{
  NodeKind kind;
  guint parent;
  guint first_child;
  guint last_child;
  guint next;
  guint comment; /* index + 1 in HtmlParse.comments of a "Translators:" comment */
  gboolean is_inline;
  gboolean skipped;
  gboolean has_source_tag;
  gboolean in_comment; /* inside a conditional comment's body */
  gsize start;
  gsize content_start;
  gsize content_end;
  gsize end;
} Node;

typedef struct
{
  Extractor *extractor;
  const char *text; /* what libxml2 parses, then the protected text */
  gsize length;
  GArray *nodes;
  GArray *open; /* indices of the open elements, the root first */
  GPtrArray *comments;
  gsize last_end;
} HtmlParse;

#define NODE(self, index) (&g_array_index ((self)->nodes, Node, (index)))

/* Sorted: looked up with bsearch(). */
static const char *skipped_elements[] = {
  "noscript", "script", "style", "template", "xml",
};

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
  const HeraldTlSpan *spans;
  GArray *result;
  guint n_spans = 0;

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
static guint
first_span_from (GArray *spans, gsize offset)
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
 * starts in text. */
static char *
normalize_space_around (
    const char *text, gsize length, const HeraldL10nSpan *spans, guint n_spans, gsize base)
{
  GString *out = g_string_sized_new (length);
  gboolean pending_space = FALSE;
  guint next_span = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (next_span < n_spans && spans[next_span].start - base == i)
        {
          const HeraldL10nSpan *span = &spans[next_span++];

          if (pending_space && out->len > 0)
            g_string_append_c (out, ' ');
          pending_space = FALSE;
          g_string_append_len (out, text + i, span->end - span->start);
          i = span->end - base - 1;
          continue;
        }
      if (g_ascii_isspace (text[i]))
        {
          pending_space = TRUE;
          continue;
        }
      if (pending_space && out->len > 0)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, text[i]);
    }

  return g_string_free (out, FALSE);
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
static gboolean
is_meaningful (Extractor *self, gsize start, gsize end)
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

static void
add_unit (Extractor *self, HeraldL10nUnit *unit)
{
  unit->part = self->part;
  unit->line = line_of (self, unit->start);
  for (guint i = 0; self->comment_bodies != NULL && i + 1 < self->comment_bodies->len; i += 2)
    if (unit->start >= g_array_index (self->comment_bodies, gsize, i) &&
        unit->end <= g_array_index (self->comment_bodies, gsize, i + 1))
      unit->in_comment = TRUE;
  if (!unit->is_attribute)
    unit->comment = g_steal_pointer (&self->pending_comment);
  g_ptr_array_add (self->units, unit);
}

/* The template's own spans serve: the unit need not be parsed again. */
static char *
unit_text (Extractor *self, gsize start, gsize end)
{
  const HeraldL10nSpan *spans = (const HeraldL10nSpan *) (gpointer) self->spans->data;
  guint first;
  guint last;

  if (self->part != HERALD_PART_HTML)
    return g_strndup (self->source + start, end - start);
  first = last = first_span_from (self->spans, start);
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
static gsize
tag_end (const char *text, gsize pos, gsize end)
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
  open_end = tag_end (text, *start, *end);
  if (open_end == 0 || text[open_end - 2] == '/')
    return FALSE;

  for (gsize i = open_end; i < *end; i++)
    {
      gboolean closing;
      gsize next;

      if (text[i] != '<')
        continue;
      closing = text[i + 1] == '/';
      next = tag_end (text, i, *end);
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

static void
emit_trimmed (Extractor *self, gsize start, gsize end)
{
  HeraldL10nUnit *unit;

  trim_range (self, &start, &end);
  if (start == end || !is_meaningful (self, start, end))
    return;
  if (self->part == HERALD_PART_HTML)
    while (strip_wrapper (self, &start, &end))
      ;
  if (start == end)
    return;

  unit = g_new0 (HeraldL10nUnit, 1);
  unit->start = start;
  unit->end = end;
  unit->msgid = unit_text (self, start, end);
  add_unit (self, unit);
}

static gboolean
is_blank_line (const char *line, gsize length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

/* Whether offset lies inside a template span (an expression's string default may hold
 * blank lines: they do not end a paragraph there). */
static gboolean
inside_span (Extractor *self, gsize offset)
{
  guint next = first_span_from (self->spans, offset + 1);

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

static void
set_template_error (Extractor *self, gsize offset, const char *message)
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

  one = unit_text (self, open->end, other->start);
  many = unit_text (self, other->end, close->start);
  g_strstrip (one);
  g_strstrip (many);
  if (*one == '\0' || *many == '\0')
    {
      set_template_error (self, open->start,
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
  add_unit (self, unit);
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
      set_template_error (self, open->start,
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
  set_template_error (self, open->start,
                      _ ("a {% plural %} block must hold text only, then {% plural_other %}, "
                         "then {% endplural %}, all in the same paragraph"));
  return 0;
}

/* Cuts [start, end) at statements and emits the pieces. */
static void
emit_range (Extractor *self, gsize start, gsize end)
{
  gsize pos = start;

  for (guint i = first_span_from (self->spans, start); i < self->spans->len; i++)
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
          set_template_error (self, span->start,
                              _ ("this statement belongs to a {% plural %} block that does not "
                                 "start in the same paragraph"));
          return;
        }
    }

  emit_segment (self, pos, end);
}

/* HTML parsing with byte offsets */

static gsize
current_offset (HtmlParse *self, xmlParserCtxtPtr ctxt)
{
  long consumed = xmlByteConsumed (ctxt);

  if (consumed < 0)
    return self->last_end;
  return MIN ((gsize) consumed, self->length);
}

static guint
append_node (HtmlParse *self, NodeKind kind, gsize start)
{
  guint parent = g_array_index (self->open, guint, self->open->len - 1);
  guint index = self->nodes->len;
  Node node = { 0 };

  node.kind = kind;
  node.parent = parent;
  node.start = node.content_start = node.content_end = node.end = start;
  g_array_append_val (self->nodes, node);
  if (NODE (self, parent)->last_child != 0)
    NODE (self, NODE (self, parent)->last_child)->next = index;
  else
    NODE (self, parent)->first_child = index;
  NODE (self, parent)->last_child = index;
  return index;
}

static int
compare_names (const void *key, const void *member)
{
  return strcmp (key, *(const char *const *) member);
}

/* libxml2's HTML parser gives element names in lower case; the lists are sorted. */
static gboolean
name_in (const char *name, const char **names, guint n_names)
{
  return bsearch (name, names, n_names, sizeof names[0], compare_names) != NULL;
}

static gboolean
tag_name_at (const char *text, gsize length, gsize pos, const char *name)
{
  gsize name_len = strlen (name);

  if (pos + name_len > length || g_ascii_strncasecmp (text + pos, name, name_len) != 0)
    return FALSE;
  return pos + name_len == length || !g_ascii_isalnum (text[pos + name_len]);
}

static void
on_start_element (void *ctx, const xmlChar *name, const xmlChar **attrs)
{
  xmlParserCtxtPtr ctxt = ctx;
  HtmlParse *self = ctxt->_private;
  gsize cur = current_offset (self, ctxt);
  gsize length = self->length;
  const char *text = self->text;
  guint index = append_node (self, NODE_ELEMENT, self->last_end);
  Node *node = NODE (self, index);
  gsize lt = self->last_end;

  node->is_inline = herald_html_is_inline_element ((const char *) name);
  node->skipped = name_in ((const char *) name, skipped_elements, G_N_ELEMENTS (skipped_elements));
  g_array_append_val (self->open, index);

  /* libxml2 calls back with the input at the tag's ">" (or "/>"). The tag is the first one
   * since the last event with this name: tags libxml2 dropped (a misplaced <html>, a stray
   * end tag) may come before it, and a "<" may hide in a quoted value. Implied elements such
   * as <body> around a fragment have no tag in the source at all. */
  while (lt < cur)
    {
      const char *open = memchr (text + lt, '<', cur - lt);
      gsize after;

      if (open == NULL)
        {
          lt = cur;
          break;
        }
      lt = (gsize) (open - text);
      if (tag_name_at (text, length, lt + 1, (const char *) name))
        break;
      after = tag_end (text, lt, length);
      lt = after != 0 ? after : cur;
    }
  if (lt < cur)
    {
      gsize after = tag_end (text, lt, length);

      node->has_source_tag = TRUE;
      node->start = lt;
      node->content_start = after != 0 ? after : length;
      self->last_end = node->content_start;
    }
  node->content_end = node->end = node->content_start;
}

static void
on_end_element (void *ctx, const xmlChar *name)
{
  xmlParserCtxtPtr ctxt = ctx;
  HtmlParse *self = ctxt->_private;
  gsize cur = current_offset (self, ctxt);
  gsize lt = cur >= 2 ? cur - 2 : 0;
  Node *node;

  if (self->open->len <= 1)
    return;
  node = NODE (self, g_array_index (self->open, guint, self->open->len - 1));
  g_array_set_size (self->open, self->open->len - 1);

  while (lt > self->last_end && !(self->text[lt] == '<' && self->text[lt + 1] == '/'))
    lt--;
  if (lt + 1 < self->length && self->text[lt] == '<' && self->text[lt + 1] == '/' &&
      lt >= self->last_end && tag_name_at (self->text, self->length, lt + 2, (const char *) name))
    {
      node->content_end = lt;
      node->end = cur;
      self->last_end = cur;
    }
  else
    {
      /* Closed by libxml2 (<li>One<li>Two, or the end of the input): it ends where what
       * closed it begins. */
      node->content_end = node->end = MAX (self->last_end, node->content_start);
    }
}

static void
on_characters (void *ctx, const xmlChar *ch, int len)
{
  xmlParserCtxtPtr ctxt = ctx;
  HtmlParse *self = ctxt->_private;
  gsize cur = current_offset (self, ctxt);
  guint parent = g_array_index (self->open, guint, self->open->len - 1);
  guint last = NODE (self, parent)->last_child;

  if (last != 0 && NODE (self, last)->kind == NODE_TEXT && NODE (self, last)->end == self->last_end)
    NODE (self, last)->content_end = NODE (self, last)->end = cur;
  else
    {
      guint index = append_node (self, NODE_TEXT, self->last_end);

      NODE (self, index)->content_end = NODE (self, index)->end = cur;
    }
  self->last_end = cur;
}

static void
on_skipped_text (void *ctx, const xmlChar *ch, int len)
{
  xmlParserCtxtPtr ctxt = ctx;
  HtmlParse *self = ctxt->_private;

  self->last_end = current_offset (self, ctxt);
}

static void
on_comment (void *ctx, const xmlChar *value)
{
  xmlParserCtxtPtr ctxt = ctx;
  HtmlParse *self = ctxt->_private;
  gsize cur = current_offset (self, ctxt);
  guint index = append_node (self, NODE_COMMENT, self->last_end);
  g_autofree char *comment = g_strstrip (g_strdup ((const char *) value));

  NODE (self, index)->content_end = NODE (self, index)->end = cur;
  if (g_str_has_prefix (comment, "Translators:"))
    {
      g_ptr_array_add (self->comments, g_steal_pointer (&comment));
      NODE (self, index)->comment = self->comments->len;
    }
  self->last_end = cur;
}

static void
on_internal_subset (void *ctx,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  on_skipped_text (ctx, NULL, 0);
}

static void
on_processing_instruction (void *ctx, const xmlChar *target, const xmlChar *data)
{
  on_skipped_text (ctx, NULL, 0);
}

static char *
protect_spans (Extractor *self)
{
  char *text = g_memdup2 (self->source, self->length + 1);

  for (guint i = 0; i < self->spans->len; i++)
    {
      const HeraldL10nSpan *span = &g_array_index (self->spans, HeraldL10nSpan, i);
      gsize span_length = span->end - span->start;

      /* A span is at least four bytes ("{{}}"), the marker three. */
      memcpy (text + span->start,
              span->kind == HERALD_L10N_SPAN_OUTPUT ? PROTECT_OUTPUT : PROTECT_STATEMENT, 3);
      for (gsize j = 3; j < span_length; j++)
        text[span->start + j] = self->source[span->start + j] == '\n' ? '\n' : '_';
    }

  return text;
}

static gboolean
range_has_statement (Extractor *self, gsize start, gsize end)
{
  for (guint i = first_span_from (self->spans, start); i < self->spans->len; i++)
    {
      const HeraldL10nSpan *span = &g_array_index (self->spans, HeraldL10nSpan, i);

      if (span->start >= end)
        break;
      if (span->kind == HERALD_L10N_SPAN_STATEMENT)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_inline_tree (HtmlParse *self, guint index)
{
  Node *node = NODE (self, index);

  if (node->kind == NODE_TEXT)
    return TRUE;
  if (node->kind != NODE_ELEMENT || !node->is_inline || !node->has_source_tag)
    return FALSE;
  /* Markup around a statement cannot be kept whole in both halves of the cut. */
  if (range_has_statement (self->extractor, node->content_start, node->content_end))
    return FALSE;
  for (guint child = node->first_child; child != 0; child = NODE (self, child)->next)
    if (!is_inline_tree (self, child))
      return FALSE;
  return TRUE;
}

static void
flush_run (HtmlParse *self, guint first, guint last)
{
  if (first == 0 || NODE (self, last)->end <= NODE (self, first)->start)
    return;
  emit_range (self->extractor, NODE (self, first)->start, NODE (self, last)->end);
}

static void
walk_children (HtmlParse *self, guint parent)
{
  guint run_first = 0;
  guint run_last = 0;

  for (guint child = NODE (self, parent)->first_child; child != 0; child = NODE (self, child)->next)
    {
      Node *node = NODE (self, child);

      if (self->extractor->error != NULL)
        return;
      if (is_inline_tree (self, child))
        {
          if (run_first == 0)
            run_first = child;
          run_last = child;
          continue;
        }

      flush_run (self, run_first, run_last);
      run_first = run_last = 0;

      if (node->kind == NODE_COMMENT && node->comment != 0)
        {
          g_free (self->extractor->pending_comment);
          self->extractor->pending_comment = g_strdup (self->comments->pdata[node->comment - 1]);
        }
      else if ((node->kind == NODE_ELEMENT && !node->skipped) ||
               (node->kind == NODE_COMMENT && node->first_child != 0))
        {
          walk_children (self, child);
        }
    }

  flush_run (self, run_first, run_last);
}

/* The last of the first n_units units (sorted and disjoint) that starts before limit, or
 * NULL. */
static HeraldL10nUnit *
last_unit_before (Extractor *self, guint n_units, gsize limit)
{
  guint lo = 0;
  guint hi = n_units;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      HeraldL10nUnit *unit = g_ptr_array_index (self->units, mid);

      if (unit->start < limit)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? g_ptr_array_index (self->units, lo - 1) : NULL;
}

/* Whether [start, end) lies inside one of the first n_units units. */
static gboolean
inside_unit (Extractor *self, guint n_units, gsize start, gsize end)
{
  HeraldL10nUnit *unit = last_unit_before (self, n_units, start + 1);

  return unit != NULL && end <= unit->end;
}

/* Whether [start, end) shares a byte with one of the first n_units units. */
static gboolean
overlaps_unit (Extractor *self, guint n_units, gsize start, gsize end)
{
  HeraldL10nUnit *unit = last_unit_before (self, n_units, end);

  return unit != NULL && unit->end > start;
}

gboolean
herald_l10n_find_attribute (const char *text,
                            gsize tag_start,
                            gsize tag_end,
                            const char *wanted,
                            HeraldL10nAttribute *attribute)
{
  gsize i = tag_start + 1;
  gsize end = tag_end;

  while (i < end && !g_ascii_isspace (text[i]) && text[i] != '>' && text[i] != '/')
    i++;

  while (i < end)
    {
      HeraldL10nAttribute found = { 0 };

      while (i < end && (g_ascii_isspace (text[i]) || text[i] == '/'))
        i++;
      found.start = i;
      while (i < end && !g_ascii_isspace (text[i]) && text[i] != '=' && text[i] != '>')
        i++;
      if (i == found.start)
        return FALSE;
      found.name_end = i;
      while (i < end && g_ascii_isspace (text[i]))
        i++;
      if (i < end && text[i] == '=')
        {
          i++;
          while (i < end && g_ascii_isspace (text[i]))
            i++;
          if (i < end && (text[i] == '"' || text[i] == '\''))
            {
              const char *close = memchr (text + i + 1, text[i], end - i - 1);

              found.quote = text[i];
              found.value_start = i + 1;
              found.value_end = close ? (gsize) (close - text) : end;
              i = MIN (found.value_end + 1, end);
            }
          else
            {
              found.value_start = i;
              while (i < end && !g_ascii_isspace (text[i]) && text[i] != '>')
                i++;
              found.value_end = i;
            }
          found.has_value = TRUE;
        }
      else
        {
          found.value_start = found.value_end = found.name_end;
        }
      found.end = i;
      if (found.name_end - found.start == strlen (wanted) &&
          g_ascii_strncasecmp (text + found.start, wanted, found.name_end - found.start) == 0)
        {
          *attribute = found;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
is_skipped (HtmlParse *self, guint index)
{
  for (; index != 0; index = NODE (self, index)->parent)
    if (NODE (self, index)->skipped)
      return TRUE;
  return FALSE;
}

static void
emit_attributes (HtmlParse *self)
{
  static const char *attributes[] = { "alt", "title" };
  /* The text units, in document order; attribute units are appended after them. */
  guint n_text_units = self->extractor->units->len;
  /* Where the last attribute unit ends: two elements libxml2 made of one broken tag must
   * not both give its alt. */
  gsize attributes_end = 0;

  for (guint index = 1; index < self->nodes->len; index++)
    {
      Node *node = NODE (self, index);

      if (node->kind != NODE_ELEMENT || !node->has_source_tag)
        continue;
      /* An attribute inside a text unit travels with it. */
      if (inside_unit (self->extractor, n_text_units, node->start, node->content_start) ||
          is_skipped (self, index))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (attributes); i++)
        {
          HeraldL10nAttribute attribute;
          HeraldL10nUnit *unit;

          if (!herald_l10n_find_attribute (self->text, node->start, node->content_start,
                                           attributes[i], &attribute))
            continue;
          /* A tag left open at the end may reach into a text unit. */
          if (attribute.value_start >= attribute.value_end ||
              attribute.value_start < attributes_end ||
              overlaps_unit (self->extractor, n_text_units, attribute.value_start,
                             attribute.value_end) ||
              !is_meaningful (self->extractor, attribute.value_start, attribute.value_end))
            continue;
          unit = g_new0 (HeraldL10nUnit, 1);
          unit->start = attribute.value_start;
          unit->end = attribute.value_end;
          unit->is_attribute = TRUE;
          unit->attribute_quote = attribute.quote;
          unit->msgid = unit_text (self->extractor, attribute.value_start, attribute.value_end);
          add_unit (self->extractor, unit);
          attributes_end = attribute.value_end;
        }
    }
}

static int
compare_units (gconstpointer a, gconstpointer b)
{
  const HeraldL10nUnit *unit_a = *(HeraldL10nUnit **) a;
  const HeraldL10nUnit *unit_b = *(HeraldL10nUnit **) b;

  if (unit_a->start != unit_b->start)
    return unit_a->start < unit_b->start ? -1 : 1;
  return 0;
}

static gboolean compaction_enabled = TRUE;

void
herald_extract_set_compaction (gboolean enabled)
{
  compaction_enabled = enabled;
}

/* Fills parse->nodes from libxml2's events on parse->text. */
static gboolean
run_libxml2 (HtmlParse *parse)
{
  htmlParserCtxtPtr ctxt;
  htmlSAXHandler handler = { 0 };

  ctxt = htmlCreateMemoryParserCtxt (parse->text, (int) parse->length);
  if (ctxt == NULL)
    return FALSE;
  /* Implied <html> and <body> stay: without them libxml2 nests every top-level element of a
   * fragment in the first one to keep a single root. */
  htmlCtxtUseOptions (ctxt, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                HTML_PARSE_IGNORE_ENC);
  xmlSwitchEncoding (ctxt, XML_CHAR_ENCODING_UTF8);

  /* SAX only: no libxml2 tree is built. */
  handler.startElement = on_start_element;
  handler.endElement = on_end_element;
  handler.characters = on_characters;
  handler.cdataBlock = on_skipped_text;
  handler.ignorableWhitespace = on_skipped_text;
  handler.comment = on_comment;
  handler.internalSubset = on_internal_subset;
  handler.processingInstruction = on_processing_instruction;
  memcpy (ctxt->sax, &handler, sizeof handler);
  ctxt->_private = parse;

  htmlParseDocument (ctxt);
  htmlFreeParserCtxt (ctxt);
  return TRUE;
}

/* Outlook's conditional comments */

static const char *
find_bytes (const char *text, gsize start, gsize end, const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = start; i + needle_length <= end; i++)
    if (memcmp (text + i, needle, needle_length) == 0)
      return text + i;
  return NULL;
}

/* The body of a downlevel-hidden conditional comment in text[start, end),
 * `<!--[if mso]>BODY<![endif]-->`: HTML that Outlook renders and everything else ignores.
 * The downlevel-revealed form, `<!--[if !mso]><!-->HTML<!--<![endif]-->`, has its HTML
 * outside the comments and is no body. */
static gboolean
conditional_body (const char *text, gsize start, gsize end, gsize *body_start, gsize *body_end)
{
  const char *open = find_bytes (text, start, end, "<!--");
  const char *endif;
  gsize p;

  if (open == NULL || end < start + 3 || memcmp (text + end - 3, "-->", 3) != 0)
    return FALSE;
  p = (gsize) (open - text) + 4;
  while (p < end && herald_html_is_blank (text[p]))
    p++;
  if (p + 3 > end || g_ascii_strncasecmp (text + p, "[if", 3) != 0)
    return FALSE;
  open = find_bytes (text, p, end - 3, "]>");
  if (open == NULL)
    return FALSE;
  *body_start = (gsize) (open - text) + 2;

  /* The last <![endif] before the "-->". */
  endif = NULL;
  for (const char *next = find_bytes (text, *body_start, end - 3, "<![endif]"); next != NULL;
       next = find_bytes (text, (gsize) (next - text) + 1, end - 3, "<![endif]"))
    endif = next;
  if (endif == NULL)
    return FALSE;
  for (gsize i = (gsize) (endif - text) + 9; i < end - 3; i++)
    if (!herald_html_is_blank (text[i]))
      return FALSE;
  *body_end = (gsize) (endif - text);
  return TRUE;
}

/* Parses the body text[start, end) of the conditional comment node `comment` as HTML and
 * hangs its nodes under the comment, at the offsets of the source. */
static void
graft_body (HtmlParse *parse, guint comment, gsize start, gsize end)
{
  HtmlParse body = { 0 };
  Node root = { 0 };
  guint root_index = 0;
  guint base = parse->nodes->len - 1; /* body node i >= 1 becomes node base + i */

  body.extractor = parse->extractor;
  body.text = parse->text + start;
  body.length = end - start;
  body.nodes = g_array_sized_new (FALSE, FALSE, sizeof (Node), 32);
  body.open = g_array_sized_new (FALSE, FALSE, sizeof (guint), 16);
  /* "Translators:" comments inside the body are numbered with the document's. */
  body.comments = parse->comments;
  root.kind = NODE_ROOT;
  root.end = root.content_end = body.length;
  g_array_append_val (body.nodes, root);
  g_array_append_val (body.open, root_index);

  if (run_libxml2 (&body) && body.nodes->len > 1)
    {
      if (parse->extractor->comment_bodies == NULL)
        parse->extractor->comment_bodies = g_array_new (FALSE, FALSE, sizeof (gsize));
      g_array_append_val (parse->extractor->comment_bodies, start);
      g_array_append_val (parse->extractor->comment_bodies, end);
      for (guint index = 1; index < body.nodes->len; index++)
        {
          Node node = g_array_index (body.nodes, Node, index);

          node.parent = node.parent == 0 ? comment : base + node.parent;
          node.first_child = node.first_child ? base + node.first_child : 0;
          node.last_child = node.last_child ? base + node.last_child : 0;
          node.next = node.next ? base + node.next : 0;
          node.in_comment = TRUE;
          node.start += start;
          node.content_start += start;
          node.content_end += start;
          node.end += start;
          g_array_append_val (parse->nodes, node);
        }
      NODE (parse, comment)->first_child = base + NODE (&body, 0)->first_child;
      NODE (parse, comment)->last_child = base + NODE (&body, 0)->last_child;
    }

  g_array_unref (body.nodes);
  g_array_unref (body.open);
}

static void
graft_conditional_bodies (HtmlParse *parse)
{
  guint n_nodes = parse->nodes->len;

  for (guint index = 1; index < n_nodes; index++)
    {
      Node *node = NODE (parse, index);
      gsize body_start;
      gsize body_end;

      if (node->kind == NODE_COMMENT &&
          conditional_body (parse->text, node->start, node->end, &body_start, &body_end) &&
          body_end > body_start && !is_skipped (parse, index))
        graft_body (parse, index, body_start, body_end);
    }
}

/* Nodes found in the compact text, moved to the offsets of the source. */
static void
map_nodes (HtmlParse *parse, HeraldHtmlCompact *compact)
{
  for (guint index = 1; index < parse->nodes->len; index++)
    {
      Node *node = NODE (parse, index);

      node->start = herald_html_compact_map (compact, node->start);
      node->content_start = herald_html_compact_map (compact, node->content_start);
      node->content_end = herald_html_compact_map (compact, node->content_end);
      node->end = herald_html_compact_map (compact, node->end);
    }
}

static void
extract_html (Extractor *self)
{
  g_autofree char *text = protect_spans (self);
  g_autoptr (HeraldHtmlCompact) compact = NULL;
  HtmlParse parse = { 0 };
  Node root = { 0 };
  guint root_index = 0;

  if (self->length > G_MAXINT)
    {
      set_template_error (self, 0, _ ("the HTML part is too large"));
      return;
    }

  parse.extractor = self;
  parse.text = text;
  parse.length = self->length;
  if (compaction_enabled)
    compact = herald_html_compact_new (text, self->length);
  if (compact != NULL)
    parse.text = herald_html_compact_get_text (compact, &parse.length);
  parse.nodes = g_array_sized_new (FALSE, FALSE, sizeof (Node), 256);
  parse.open = g_array_sized_new (FALSE, FALSE, sizeof (guint), 32);
  parse.comments = g_ptr_array_new_with_free_func (g_free);
  root.kind = NODE_ROOT;
  root.end = root.content_end = self->length;
  g_array_append_val (parse.nodes, root);
  g_array_append_val (parse.open, root_index);
  self->protected_text = text;

  if (!run_libxml2 (&parse))
    set_template_error (self, 0, _ ("the HTML parser could not start"));
  else
    {
      if (compact != NULL)
        map_nodes (&parse, compact);
      parse.text = text;
      parse.length = self->length;
      graft_conditional_bodies (&parse);
      walk_children (&parse, 0);
      if (self->error == NULL)
        emit_attributes (&parse);
    }

  g_array_unref (parse.nodes);
  g_array_unref (parse.open);
  g_ptr_array_unref (parse.comments);
  self->protected_text = NULL;

  g_ptr_array_sort (self->units, compare_units);
}

/* Units are cut around the spans the template language itself finds; a template that does
 * not parse cannot be cut (the checks report the syntax error itself). */
static gboolean
scan_template (Extractor *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gsize offset = 0;

  self->spans = herald_l10n_scan_spans (self->source, self->length, &offset, &error);
  if (self->spans != NULL)
    return TRUE;
  message = g_strdup_printf (_ ("the template language cannot be read, so the text cannot be cut "
                                "into translatable units: %s"),
                             error->message);
  set_template_error (self, offset, message);
  return FALSE;
}

/* g_utf8_validate(), with ASCII runs skipped at speed. */
static gboolean
is_valid_utf8 (const char *text, gsize length)
{
  gsize i = 0;

  while (i < length)
    {
      gsize char_length;
      const char *end;

      i += herald_utf8_ascii_prefix (text + i, length - i);
      if (i == length)
        break;
      char_length = MIN ((gsize) g_utf8_skip[(guchar) text[i]], length - i);
      if (!g_utf8_validate_len (text + i, char_length, &end) || end != text + i + char_length)
        return FALSE;
      i += char_length;
    }
  return TRUE;
}

GPtrArray *
herald_extract_part (const char *source, HeraldPart part, GError **error)
{
  Extractor self = { 0 };
  gsize zero = 0;

  g_return_val_if_fail (source != NULL, NULL);

  self.source = source;
  self.length = strlen (source);
  self.part = part;
  self.units = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_l10n_unit_free);
  self.line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_val (self.line_starts, zero);
  for (const char *newline = memchr (source, '\n', self.length); newline != NULL;
       newline = memchr (newline + 1, '\n', self.length - (newline + 1 - source)))
    {
      gsize next = (gsize) (newline - source) + 1;

      g_array_append_val (self.line_starts, next);
    }

  if (!is_valid_utf8 (source, self.length))
    set_template_error (&self, 0, _ ("the text is not valid UTF-8"));
  else if (!scan_template (&self))
    ;
  else if (part == HERALD_PART_HTML)
    extract_html (&self);
  else
    emit_range (&self, 0, self.length);

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

  units = herald_extract_part (source, part, error);
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
