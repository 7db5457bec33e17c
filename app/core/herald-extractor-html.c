/* herald-extractor-html.c: the HTML part's units, found in the tree libxml2 parses, with
 * byte offsets into the source, Outlook's conditional comments and translatable attributes
 * (the text part and the units themselves are herald-extractor.c).
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
#include "herald-html-input.h"
#include "herald-html-lang.h"
#include "herald-l10n-error.h"
#include "herald-tl.h"
#include "herald-unit-spans.h"

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
  gboolean in_comment;    /* inside a conditional comment's body */
  gboolean text_left_out; /* a comment whose text the compact copy left out */
  gsize start;
  gsize content_start;
  gsize content_end;
  gsize end;
} Node;

/* What an element's name says of it, kept for the names met last: a document has a few
 * dozen distinct ones, each looked up in two lists otherwise. */
#define NAME_CACHE_SIZE 32
#define NAME_CACHE_LENGTH 16

typedef struct
{
  char name[NAME_CACHE_LENGTH];
  gboolean is_inline;
  gboolean skipped;
} NameClass;

typedef struct
{
  Extractor *extractor;
  NameClass names[NAME_CACHE_SIZE];
  const char *text; /* what libxml2 parses, then the protected text */
  gsize length;
  /* Plain arrays: libxml2 reports thousands of events per document, each appending a node
   * or opening or closing an element. */
  Node *nodes;
  guint n_nodes;
  guint nodes_size;
  guint *open; /* indices of the open elements, the root first */
  guint n_open;
  guint open_size;
  GPtrArray *comments;
  gsize last_end;
} HtmlParse;

#define NODE(self, index) (&(self)->nodes[(index)])

static guint
push_node (HtmlParse *self, const Node *node)
{
  if (self->n_nodes == self->nodes_size)
    {
      self->nodes_size = MAX (64, self->nodes_size * 2);
      self->nodes = g_renew (Node, self->nodes, self->nodes_size);
    }
  self->nodes[self->n_nodes] = *node;
  return self->n_nodes++;
}

static void
push_open (HtmlParse *self, guint index)
{
  if (self->n_open == self->open_size)
    {
      self->open_size = MAX (32, self->open_size * 2);
      self->open = g_renew (guint, self->open, self->open_size);
    }
  self->open[self->n_open++] = index;
}

/* A parse of text[0, length) whose root ends at root_end. */
static void
html_parse_init (
    HtmlParse *self, Extractor *extractor, const char *text, gsize length, gsize root_end)
{
  Node root = { 0 };

  memset (self, 0, sizeof *self);
  self->extractor = extractor;
  self->text = text;
  self->length = length;
  root.kind = NODE_ROOT;
  root.end = root.content_end = root_end;
  push_node (self, &root);
  push_open (self, 0);
}

static void
html_parse_clear (HtmlParse *self)
{
  g_clear_pointer (&self->nodes, g_free);
  g_clear_pointer (&self->open, g_free);
}

/* Sorted: looked up with bsearch(). */
static const char *skipped_elements[] = {
  "noscript", "script", "style", "template", "xml",
};

static gsize
current_offset (HtmlParse *self, xmlParserCtxtPtr ctxt)
{
  xmlParserInputPtr input = ctxt->input;
  long consumed;

  /* What xmlByteConsumed() gives of an input read without an encoder (UTF-8, read as it is),
   * without the call: every event asks. */
  if (input != NULL && (input->buf == NULL || input->buf->encoder == NULL))
    consumed = (long) (input->consumed + (gsize) (input->cur - input->base));
  else
    consumed = xmlByteConsumed (ctxt);

  if (consumed < 0)
    return self->last_end;
  return MIN ((gsize) consumed, self->length);
}

static guint
append_node (HtmlParse *self, NodeKind kind, gsize start)
{
  guint parent = self->open[self->n_open - 1];
  Node node = { 0 };
  guint index;

  node.kind = kind;
  node.parent = parent;
  node.start = node.content_start = node.content_end = node.end = start;
  index = push_node (self, &node);
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

/* A slot per first and last letter and length: distinct names of a document rarely share
 * one. */
static void
classify_element (HtmlParse *self, const char *name, Node *node)
{
  gsize length = strlen (name);
  NameClass *slot;

  if (length == 0 || length >= NAME_CACHE_LENGTH)
    {
      node->is_inline = herald_html_is_inline_element (name);
      node->skipped = name_in (name, skipped_elements, G_N_ELEMENTS (skipped_elements));
      return;
    }
  slot = &self->names[((guchar) name[0] * 7 + (guchar) name[length - 1] * 3 + length) %
                      NAME_CACHE_SIZE];
  if (strcmp (slot->name, name) != 0)
    {
      memcpy (slot->name, name, length + 1);
      slot->is_inline = herald_html_is_inline_element (name);
      slot->skipped = name_in (name, skipped_elements, G_N_ELEMENTS (skipped_elements));
    }
  node->is_inline = slot->is_inline;
  node->skipped = slot->skipped;
}

/* g_ascii_tolower(), which GLib does not inline. */
static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether the tag name at text[pos] is name, in any case. */
static gboolean
tag_name_at (const char *text, gsize length, gsize pos, const char *name)
{
  gsize i = 0;

  for (; name[i] != '\0'; i++)
    if (pos + i >= length || ascii_lower (text[pos + i]) != ascii_lower (name[i]))
      return FALSE;
  return pos + i == length || !g_ascii_isalnum (text[pos + i]);
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

  classify_element (self, (const char *) name, node);
  push_open (self, index);

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
      after = herald_extractor_tag_end (text, lt, length);
      lt = after != 0 ? after : cur;
    }
  if (lt < cur)
    {
      gsize after = herald_extractor_tag_end (text, lt, length);

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

  if (self->n_open <= 1)
    return;
  node = NODE (self, self->open[--self->n_open]);

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
  guint parent = self->open[self->n_open - 1];
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

/* Keeps the comment text[0, length) of node index when it is for translators. */
static void
take_comment (HtmlParse *self, guint index, const char *text, gsize length)
{
  g_autofree char *comment = g_strstrip (g_strndup (text, length));

  if (g_str_has_prefix (comment, "Translators:"))
    {
      g_ptr_array_add (self->comments, g_steal_pointer (&comment));
      NODE (self, index)->comment = self->comments->len;
    }
}

static void
on_comment (void *ctx, const xmlChar *value)
{
  xmlParserCtxtPtr ctxt = ctx;
  HtmlParse *self = ctxt->_private;
  gsize cur = current_offset (self, ctxt);
  guint index = append_node (self, NODE_COMMENT, self->last_end);

  NODE (self, index)->content_end = NODE (self, index)->end = cur;
  /* An empty text is read from the source once the comment's offsets are the source's
   * (read_left_out_comments()): the compact copy leaves every comment's text out. */
  if (*value == '\0')
    NODE (self, index)->text_left_out = TRUE;
  else
    take_comment (self, index, (const char *) value, strlen ((const char *) value));
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
  for (guint i = herald_extractor_first_span_from (self->spans, start); i < self->spans->len; i++)
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
  herald_extractor_emit_range (self->extractor, NODE (self, first)->start, NODE (self, last)->end);
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

/* Past the name of the start tag at text[tag_start]. */
static gsize
skip_tag_name (const char *text, gsize tag_start, gsize end)
{
  gsize i = tag_start + 1;

  while (i < end && !g_ascii_isspace (text[i]) && text[i] != '>' && text[i] != '/')
    i++;
  return i;
}

/* The attribute at or after *pos in a start tag ending at end, read lexically; *pos moves
 * past it. FALSE after the last one. */
static gboolean
next_attribute (const char *text, gsize *pos, gsize end, HeraldL10nAttribute *found)
{
  gsize i = *pos;

  memset (found, 0, sizeof *found);
  while (i < end && (g_ascii_isspace (text[i]) || text[i] == '/'))
    i++;
  found->start = i;
  while (i < end && !g_ascii_isspace (text[i]) && text[i] != '=' && text[i] != '>')
    i++;
  if (i == found->start)
    return FALSE;
  found->name_end = i;
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

          found->quote = text[i];
          found->value_start = i + 1;
          found->value_end = close ? (gsize) (close - text) : end;
          i = MIN (found->value_end + 1, end);
        }
      else
        {
          found->value_start = i;
          while (i < end && !g_ascii_isspace (text[i]) && text[i] != '>')
            i++;
          found->value_end = i;
        }
      found->has_value = TRUE;
    }
  else
    {
      found->value_start = found->value_end = found->name_end;
    }
  found->end = i;
  *pos = i;
  return TRUE;
}

static gboolean
attribute_is (const char *text, const HeraldL10nAttribute *attribute, const char *name)
{
  gsize length = attribute->name_end - attribute->start;

  return length == strlen (name) &&
         g_ascii_strncasecmp (text + attribute->start, name, length) == 0;
}

gboolean
herald_l10n_find_attribute (const char *text,
                            gsize tag_start,
                            gsize tag_end,
                            const char *wanted,
                            HeraldL10nAttribute *attribute)
{
  gsize i = skip_tag_name (text, tag_start, tag_end);
  HeraldL10nAttribute found;

  while (i < tag_end && next_attribute (text, &i, tag_end, &found))
    if (attribute_is (text, &found, wanted))
      {
        *attribute = found;
        return TRUE;
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

/* A value that holds one half of a block, as the unquoted alt=L{% endif %} after an
 * {% if %} outside the tag, cannot be replaced as one piece: its translation would carry the
 * half-block through the pseudo-locale and the translation checks, which read a unit alone.
 * Such a value is left as written. */
static gboolean
value_splits_block (Extractor *extractor, gsize start, gsize end)
{
  g_autoptr (GArray) spans = NULL;

  if (!range_has_statement (extractor, start, end))
    return FALSE;
  spans = herald_l10n_scan_spans (extractor->source + start, end - start, NULL, NULL);
  return spans == NULL;
}

/* The first alt and the first title attribute of the start tag text[start, end), read in
 * one pass; found[i] tells which. */
static void
find_translatable_attributes (
    const char *text, gsize start, gsize end, HeraldL10nAttribute attributes[2], gboolean found[2])
{
  gsize i = skip_tag_name (text, start, end);
  HeraldL10nAttribute attribute;

  found[0] = found[1] = FALSE;
  while (i < end && !(found[0] && found[1]) && next_attribute (text, &i, end, &attribute))
    {
      guint which;

      if (attribute_is (text, &attribute, "alt"))
        which = 0;
      else if (attribute_is (text, &attribute, "title"))
        which = 1;
      else
        continue;
      if (!found[which])
        {
          attributes[which] = attribute;
          found[which] = TRUE;
        }
    }
}

/* Whether text[start, end) ends with name, in any case. */
static gboolean
ends_with_name (const char *text, gsize start, gsize end, const char *name)
{
  gsize length = strlen (name);

  return end - start >= length && g_ascii_strncasecmp (text + end - length, name, length) == 0;
}

/* Whether the start tag text[start, end) may have an alt or a title with a value: then one of
 * its "=" comes after that name and blanks. Most tags have neither, and reading all their
 * attributes costs several times more than looking at their "=". */
static gboolean
may_have_translatable_value (const char *text, gsize start, gsize end)
{
  const char *eq = end > start ? memchr (text + start, '=', end - start) : NULL;

  for (; eq != NULL; eq = memchr (eq + 1, '=', text + end - (eq + 1)))
    {
      gsize name_end = (gsize) (eq - text);

      while (name_end > start && g_ascii_isspace (text[name_end - 1]))
        name_end--;
      /* Most "=" follow neither name: the last letter rules them out. */
      if (name_end > start &&
          ((((text[name_end - 1] | 0x20) == 't' &&
             ends_with_name (text, start, name_end, "alt"))) ||
           ((text[name_end - 1] | 0x20) == 'e' && ends_with_name (text, start, name_end, "title"))))
        return TRUE;
    }
  return FALSE;
}

static void
emit_attributes (HtmlParse *self)
{
  /* The text units, in document order; attribute units are appended after them. */
  guint n_text_units = self->extractor->units->len;
  /* Where the last attribute unit ends: two elements libxml2 made of one broken tag must
   * not both give its alt. */
  gsize attributes_end = 0;

  for (guint index = 1; index < self->n_nodes; index++)
    {
      Node *node = NODE (self, index);
      HeraldL10nAttribute attributes[2];
      gboolean found[2];

      if (node->kind != NODE_ELEMENT || !node->has_source_tag ||
          !may_have_translatable_value (self->text, node->start, node->content_start))
        continue;
      /* An attribute inside a text unit travels with it. */
      if (inside_unit (self->extractor, n_text_units, node->start, node->content_start) ||
          is_skipped (self, index))
        continue;
      find_translatable_attributes (self->text, node->start, node->content_start, attributes,
                                    found);
      /* alt, then title */
      for (guint i = 0; i < G_N_ELEMENTS (attributes); i++)
        {
          HeraldL10nAttribute *attribute = &attributes[i];
          HeraldL10nUnit *unit;

          if (!found[i])
            continue;
          /* A tag left open at the end may reach into a text unit. */
          if (attribute->value_start >= attribute->value_end ||
              attribute->value_start < attributes_end ||
              overlaps_unit (self->extractor, n_text_units, attribute->value_start,
                             attribute->value_end) ||
              !herald_extractor_is_meaningful (self->extractor, attribute->value_start,
                                               attribute->value_end) ||
              value_splits_block (self->extractor, attribute->value_start, attribute->value_end))
            continue;
          unit = g_new0 (HeraldL10nUnit, 1);
          unit->start = attribute->value_start;
          unit->end = attribute->value_end;
          unit->is_attribute = TRUE;
          unit->attribute_quote = attribute->quote;
          unit->msgid = herald_extractor_unit_text (self->extractor, attribute->value_start,
                                                    attribute->value_end);
          herald_extractor_add_unit (self->extractor, unit);
          attributes_end = attribute->value_end;
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

  /* As htmlCreateMemoryParserCtxt() would, but with the whole text pushed. */
  ctxt = htmlNewParserCtxt ();
  if (ctxt == NULL)
    return FALSE;
  if (!herald_html_push_whole_text (ctxt, parse->text, parse->length))
    {
      htmlFreeParserCtxt (ctxt);
      return FALSE;
    }
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
  const char *p = text + start;
  const char *last = text + end; /* past the last byte the needle may end at */

  /* The first byte is looked for with memchr(): comments and their bodies are long. */
  while (p + needle_length <= last &&
         (p = memchr (p, needle[0], (gsize) (last - p) - needle_length + 1)) != NULL)
    {
      if (memcmp (p, needle, needle_length) == 0)
        return p;
      p++;
    }
  return NULL;
}

/* The text of the comments from node first on whose text the compact copy left out, read
 * from text, whose offsets the nodes have now, as libxml2 reads it: up to the first "-->"
 * (the copy is only made when no "--!>" ends a comment earlier, and keeps whole a comment
 * with characters libxml2 leaves out). An empty comment reads as empty. */
static void
read_left_out_comments (HtmlParse *parse, const char *text, guint first)
{
  for (guint index = first; index < parse->n_nodes; index++)
    {
      Node *node = NODE (parse, index);
      const char *open;
      const char *close;

      if (node->kind != NODE_COMMENT || !node->text_left_out)
        continue;
      open = find_bytes (text, node->start, node->end, "<!--");
      close = open != NULL ? find_bytes (text, (gsize) (open - text) + 4, node->end, "-->") : NULL;
      if (close != NULL)
        take_comment (parse, index, open + 4, (gsize) (close - (open + 4)));
    }
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

/* The copy libxml2 reads: the extractor takes only offsets of text from it. */
static HeraldHtmlCompact *
compact_new (const char *text, gsize length)
{
  static const char *const kept[] = { "alt", "title", NULL };
  static const HeraldHtmlCompactOptions options = {
    .kept_attributes = kept,
    .short_text = TRUE,
  };

  if (!compaction_enabled)
    return NULL;
  return herald_html_compact_new_full (text, length, &options);
}

typedef struct
{
  HeraldHtmlCompact *compact;
  gsize offset; /* the last offset mapped, G_MAXSIZE before the first */
  gsize mapped;
} Mapping;

/* Offsets repeat: a text's start is its content's, a node often starts where the one before
 * it ended. */
static gsize
map_offset (Mapping *mapping, gsize offset)
{
  if (offset != mapping->offset)
    {
      mapping->offset = offset;
      mapping->mapped = herald_html_compact_map (mapping->compact, offset);
    }
  return mapping->mapped;
}

/* Nodes found in the compact text, moved to the offsets of the source. */
static void
map_nodes (HtmlParse *parse, HeraldHtmlCompact *compact)
{
  Mapping mapping = { compact, G_MAXSIZE, 0 };

  for (guint index = 1; index < parse->n_nodes; index++)
    {
      Node *node = NODE (parse, index);

      node->start = map_offset (&mapping, node->start);
      node->content_start = map_offset (&mapping, node->content_start);
      node->content_end = map_offset (&mapping, node->content_end);
      node->end = map_offset (&mapping, node->end);
    }
}

/* Parses the body text[start, end) of the conditional comment node `comment` as HTML and
 * hangs its nodes under the comment, at the offsets of the source. */
static void
graft_body (HtmlParse *parse, guint comment, gsize start, gsize end)
{
  g_autoptr (HeraldHtmlCompact) compact = NULL;
  HtmlParse body;
  guint base = parse->n_nodes - 1; /* body node i >= 1 becomes node base + i */

  html_parse_init (&body, parse->extractor, parse->text + start, end - start, end - start);
  /* "Translators:" comments inside the body are numbered with the document's. */
  body.comments = parse->comments;
  /* The body is read like the document: its <style> is what Outlook's bodies mostly hold. */
  compact = compact_new (body.text, body.length);
  if (compact != NULL)
    body.text = herald_html_compact_get_text (compact, &body.length);

  if (run_libxml2 (&body) && body.n_nodes > 1)
    {
      if (compact != NULL)
        map_nodes (&body, compact);
      read_left_out_comments (&body, parse->text + start, 1);
      if (parse->extractor->comment_bodies == NULL)
        parse->extractor->comment_bodies = g_array_new (FALSE, FALSE, sizeof (gsize));
      g_array_append_val (parse->extractor->comment_bodies, start);
      g_array_append_val (parse->extractor->comment_bodies, end);
      for (guint index = 1; index < body.n_nodes; index++)
        {
          Node node = *NODE (&body, index);

          node.parent = node.parent == 0 ? comment : base + node.parent;
          node.first_child = node.first_child ? base + node.first_child : 0;
          node.last_child = node.last_child ? base + node.last_child : 0;
          node.next = node.next ? base + node.next : 0;
          node.in_comment = TRUE;
          node.start += start;
          node.content_start += start;
          node.content_end += start;
          node.end += start;
          push_node (parse, &node);
        }
      NODE (parse, comment)->first_child = base + NODE (&body, 0)->first_child;
      NODE (parse, comment)->last_child = base + NODE (&body, 0)->last_child;
    }

  html_parse_clear (&body);
}

static void
graft_conditional_bodies (HtmlParse *parse)
{
  guint n_nodes = parse->n_nodes;

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

void
herald_extractor_extract_html (Extractor *self)
{
  g_autofree char *text = protect_spans (self);
  g_autoptr (HeraldHtmlCompact) compact = NULL;
  HtmlParse parse;

  if (self->length > G_MAXINT)
    {
      herald_extractor_set_template_error (self, 0, _ ("the HTML part is too large"));
      return;
    }

  html_parse_init (&parse, self, text, self->length, self->length);
  compact = compact_new (text, self->length);
  if (compact != NULL)
    parse.text = herald_html_compact_get_text (compact, &parse.length);
  parse.comments = g_ptr_array_new_with_free_func (g_free);
  self->protected_text = text;

  if (!run_libxml2 (&parse))
    herald_extractor_set_template_error (self, 0, _ ("the HTML parser could not start"));
  else
    {
      if (compact != NULL)
        map_nodes (&parse, compact);
      parse.text = text;
      parse.length = self->length;
      read_left_out_comments (&parse, text, 1);
      graft_conditional_bodies (&parse);
      walk_children (&parse, 0);
      if (self->error == NULL)
        emit_attributes (&parse);
    }

  html_parse_clear (&parse);
  g_ptr_array_unref (parse.comments);
  self->protected_text = NULL;

  g_ptr_array_sort (self->units, compare_units);
}
