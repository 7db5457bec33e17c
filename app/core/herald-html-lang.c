/* herald-html-lang.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-html-lang"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "herald-extractor.h"
#include "herald-html-compact.h"
#include "herald-html-lang.h"
#include "herald-unit-spans.h"

/* Sorted: looked up with bsearch(). */
static const char *inline_elements[] = {
  "a",     "abbr", "b",    "bdi", "bdo",  "big",   "br",   "cite",   "code",
  "data",  "del",  "dfn",  "em",  "font", "i",     "img",  "ins",    "kbd",
  "label", "mark", "q",    "s",   "samp", "small", "span", "strike", "strong",
  "sub",   "sup",  "time", "tt",  "u",    "var",   "wbr",
};

typedef enum
{
  ELEMENT_VOID = 1 << 0,         /* no content, no end tag */
  ELEMENT_RAW_TEXT = 1 << 1,     /* content read as text up to the end tag */
  ELEMENT_SELF_CLOSING = 1 << 2, /* closed by the next start tag of the same name */
} ElementKind;

/* What an element (name in lower case) is, of the above: every start tag asks, and the first
 * letter rules out most names. Void: area base br col embed hr img input link meta param
 * source track wbr; raw text: script style textarea title xml; self-closing: dd dt li
 * option p td th tr. */
static ElementKind
element_kind (const char *name)
{
#define IS(word) (strcmp (name, word) == 0)
  switch (name[0])
    {
    case 'a':
      return IS ("area") ? ELEMENT_VOID : 0;
    case 'b':
      return IS ("br") || IS ("base") ? ELEMENT_VOID : 0;
    case 'c':
      return IS ("col") ? ELEMENT_VOID : 0;
    case 'd':
      return IS ("dd") || IS ("dt") ? ELEMENT_SELF_CLOSING : 0;
    case 'e':
      return IS ("embed") ? ELEMENT_VOID : 0;
    case 'h':
      return IS ("hr") ? ELEMENT_VOID : 0;
    case 'i':
      return IS ("img") || IS ("input") ? ELEMENT_VOID : 0;
    case 'l':
      return IS ("li") ? ELEMENT_SELF_CLOSING : IS ("link") ? ELEMENT_VOID : 0;
    case 'm':
      return IS ("meta") ? ELEMENT_VOID : 0;
    case 'o':
      return IS ("option") ? ELEMENT_SELF_CLOSING : 0;
    case 'p':
      return name[1] == '\0' ? ELEMENT_SELF_CLOSING : IS ("param") ? ELEMENT_VOID : 0;
    case 's':
      return IS ("source") ? ELEMENT_VOID : IS ("script") || IS ("style") ? ELEMENT_RAW_TEXT : 0;
    case 't':
      if (IS ("td") || IS ("th") || IS ("tr"))
        return ELEMENT_SELF_CLOSING;
      return IS ("track") ? ELEMENT_VOID : IS ("textarea") || IS ("title") ? ELEMENT_RAW_TEXT : 0;
    case 'w':
      return IS ("wbr") ? ELEMENT_VOID : 0;
    case 'x':
      return IS ("xml") ? ELEMENT_RAW_TEXT : 0;
    default:
      return 0;
    }
#undef IS
}

static int
compare_names (const void *key, const void *member)
{
  return strcmp (key, *(const char *const *) member);
}

gboolean
herald_html_is_void_element (const char *name)
{
  return element_kind (name) == ELEMENT_VOID;
}

gboolean
herald_html_is_inline_element (const char *name)
{
  return bsearch (name, inline_elements, G_N_ELEMENTS (inline_elements), sizeof inline_elements[0],
                  compare_names) != NULL;
}

static gboolean
has_words (const char *text, gsize start, gsize end)
{
  for (gsize i = start; i < end; i++)
    if (!herald_html_is_blank (text[i]))
      return TRUE;
  return FALSE;
}

/* Where the raw text of an element opened just before pos ends: at its end tag, or at the
 * end of the text. */
static gsize
raw_text_end (const char *html, gsize length, gsize pos, const char *name)
{
  gsize name_length = strlen (name);

  /* A <style> holds a whole stylesheet: its "<" are looked for, not each byte. */
  for (const char *lt = pos < length ? memchr (html + pos, '<', length - pos) : NULL;
       lt != NULL && (gsize) (lt - html) + 2 + name_length <= length;
       lt = memchr (lt + 1, '<', length - (gsize) (lt - html) - 1))
    if (lt[1] == '/' && g_ascii_strncasecmp (lt + 2, name, name_length) == 0)
      return lt - html;
  return length;
}

typedef struct
{
  /* The start tags found, copied into a GArray at the end. */
  HeraldHtmlStartTag *tags;
  guint n_tags;
  guint tags_size;
  /* The open elements: where each one's name starts in names, which holds them in order,
   * each ended by a NUL. One buffer that shrinks with the stack costs less than a copy of
   * each name. All three arrays are grown by hand: this runs on every tag. */
  gsize *open;
  guint n_open;
  guint open_size;
  char *names;
  gsize names_length;
  gsize names_size;
  guint n_top_level;
  gboolean loose_content; /* text or a placeholder outside every element */
  gint root;
} Scan;

static const char *
open_name (Scan *scan, guint index)
{
  return scan->names + scan->open[index];
}

/* Closes the open elements from index on. */
static void
close_from (Scan *scan, guint index)
{
  scan->names_length = scan->open[index];
  scan->n_open = index;
}

/* Opens an element: name is length bytes and a NUL. Returns where its copy is. */
static const char *
push_open (Scan *scan, const char *name, gsize length)
{
  gsize name_at = scan->names_length;

  if (scan->n_open == scan->open_size)
    {
      scan->open_size = MAX (32, scan->open_size * 2);
      scan->open = g_renew (gsize, scan->open, scan->open_size);
    }
  if (name_at + length + 1 > scan->names_size)
    {
      scan->names_size = MAX (name_at + length + 1, MAX (256, scan->names_size * 2));
      scan->names = g_realloc (scan->names, scan->names_size);
    }
  scan->open[scan->n_open++] = name_at;
  memcpy (scan->names + name_at, name, length + 1);
  scan->names_length += length + 1;
  return scan->names + name_at;
}

static void
push_tag (Scan *scan, const HeraldHtmlStartTag *tag)
{
  if (scan->n_tags == scan->tags_size)
    {
      scan->tags_size = MAX (64, scan->tags_size * 2);
      scan->tags = g_renew (HeraldHtmlStartTag, scan->tags, scan->tags_size);
    }
  scan->tags[scan->n_tags++] = *tag;
}

static void
close_element (Scan *scan, const char *name)
{
  for (guint i = scan->n_open; i > 0; i--)
    if (g_str_equal (open_name (scan, i - 1), name))
      {
        close_from (scan, i - 1);
        return;
      }
}

/* The name of html[start, end) in lower case, in buffer (of size bytes) when it fits; to be
 * freed when it is not buffer. */
static char *
lower_name (const char *html, gsize start, gsize end, char *buffer, gsize size)
{
  char *name = end - start < size ? buffer : g_malloc (end - start + 1);

  for (gsize i = start; i < end; i++)
    name[i - start] = html[i] >= 'A' && html[i] <= 'Z' ? html[i] + ('a' - 'A') : html[i];
  name[end - start] = '\0';
  return name;
}

/* Returns the name of a start tag that has content (raw text or not), in scan->names until
 * the element closes, or NULL; *kind says what the element is. */
static const char *
open_element (Scan *scan, const char *html, const HeraldUnitSpan *span, ElementKind *kind)
{
  HeraldHtmlStartTag tag = { span->start, span->start + 1, span->end, 0 };
  char buffer[32];
  char *name;
  const char *opened;

  while (tag.name_end < span->end && herald_html_is_name_char (html[tag.name_end]))
    tag.name_end++;
  name = lower_name (html, span->start + 1, tag.name_end, buffer, sizeof buffer);
  *kind = element_kind (name);

  if (scan->n_open > 0 && (*kind & ELEMENT_SELF_CLOSING) != 0 &&
      g_str_equal (open_name (scan, scan->n_open - 1), name))
    close_from (scan, scan->n_open - 1);

  tag.depth = scan->n_open;
  if (tag.depth == 0)
    {
      if (g_str_equal (name, "html") && scan->n_top_level == 0 && !scan->loose_content)
        scan->root = (gint) scan->n_tags;
      scan->n_top_level++;
    }
  push_tag (scan, &tag);

  if ((*kind & ELEMENT_VOID) != 0 || html[span->end - 2] == '/' || !span->closed)
    {
      if (name != buffer)
        g_free (name);
      return NULL;
    }
  opened = push_open (scan, name, tag.name_end - span->start - 1);
  if (name != buffer)
    g_free (name);
  return opened;
}

GArray *
herald_html_start_tags (const char *html, gsize length, gint *root)
{
  g_autoptr (GArray) template_spans = herald_l10n_scan_spans (html, length, NULL, NULL);

  return herald_html_start_tags_in_spans (html, length, template_spans, root);
}

GArray *
herald_html_start_tags_in_spans (const char *html, gsize length, GArray *template_spans, gint *root)
{
  Scan scan = { 0 };
  GArray *tags;
  const HeraldL10nSpan *spans;
  HeraldUnitWalk walk;
  HeraldUnitSpan span;

  *root = -1;
  if (template_spans == NULL)
    return NULL;
  spans = (const HeraldL10nSpan *) (gpointer) template_spans->data;
  scan.root = -1;

  herald_unit_walk_init (&walk, html, 0, length, TRUE, spans, template_spans->len);
  while (herald_unit_walk_next (&walk, &span))
    {
      const char *name;
      ElementKind kind;

      switch (span.kind)
        {
        case HERALD_UNIT_SPAN_TAG:
          if (html[span.start + 1] == '/')
            {
              char buffer[32];
              char *closing;
              gsize name_end = span.start + 2;

              while (name_end < span.end && herald_html_is_name_char (html[name_end]))
                name_end++;
              closing = lower_name (html, span.start + 2, name_end, buffer, sizeof buffer);
              close_element (&scan, closing);
              if (closing != buffer)
                g_free (closing);
            }
          else if (g_ascii_isalpha (html[span.start + 1]) &&
                   (name = open_element (&scan, html, &span, &kind)) != NULL &&
                   (kind & ELEMENT_RAW_TEXT) != 0)
            herald_unit_walk_init (&walk, html, raw_text_end (html, length, span.end, name), length,
                                   TRUE, spans, template_spans->len);
          break;
        case HERALD_UNIT_SPAN_TEXT:
        case HERALD_UNIT_SPAN_ENTITY:
        case HERALD_UNIT_SPAN_PLACEHOLDER:
          if (scan.n_open == 0 && has_words (html, span.start, span.end))
            scan.loose_content = TRUE;
          break;
        case HERALD_UNIT_SPAN_STATEMENT:
        default:
          break;
        }
    }

  if (scan.root < 0 && scan.n_top_level == 1 && !scan.loose_content)
    for (guint i = 0; i < scan.n_tags; i++)
      if (scan.tags[i].depth == 0)
        scan.root = (gint) i;
  *root = scan.root;
  tags = g_array_sized_new (FALSE, FALSE, sizeof (HeraldHtmlStartTag), scan.n_tags);
  g_array_append_vals (tags, scan.tags, scan.n_tags);
  g_free (scan.tags);
  g_free (scan.open);
  g_free (scan.names);
  return tags;
}

/* How many times the two bytes pair occur in text[0, length). */
static guint
count_pairs (const char *text, gsize length, const char *pair)
{
  guint n = 0;

  for (const char *p = text; (p = g_strstr_len (p, text + length - p, pair)) != NULL; p += 2)
    n++;
  return n;
}

/* Whether an attribute's text is whole template spans and plain text: found lexically, an
 * unquoted value ends at the first blank, which may be inside a span ({{ var:x }}), and a
 * quoted one at the first quote, which may be inside a statement. A statement is never
 * replaced either: its block may go on past the tag. */
static gboolean
replaceable (const char *text, gsize length)
{
  return g_strstr_len (text, length, "{%") == NULL &&
         count_pairs (text, length, "{{") == count_pairs (text, length, "}}");
}

/* tag with attribute name set to value; a value the template language makes, other than
 * whole placeholders, is left as written. */
static char *
set_attribute (char *tag, gsize name_end, const char *name, const char *value)
{
  HeraldL10nAttribute attribute;
  gboolean found = herald_l10n_find_attribute (tag, 0, strlen (tag), name, &attribute);
  GString *out;

  if (found && !replaceable (tag + attribute.start, attribute.end - attribute.start))
    return tag;

  out = g_string_sized_new (strlen (tag) + strlen (name) + strlen (value) + 4);
  if (found)
    {
      g_string_append_len (out, tag, attribute.start);
      g_string_append_printf (out, "%s=\"%s\"", name, value);
      g_string_append (out, tag + attribute.end);
    }
  else
    {
      g_string_append_len (out, tag, name_end);
      g_string_append_printf (out, " %s=\"%s\"", name, value);
      g_string_append (out, tag + name_end);
    }
  g_free (tag);
  return g_string_free (out, FALSE);
}

/* Found without reading the template language of the whole page. */
gboolean
herald_html_find_leading_root (const char *html, gsize length, HeraldHtmlStartTag *tag)
{
  HeraldUnitWalk walk;
  HeraldUnitSpan span;

  herald_unit_walk_init (&walk, html, 0, length, TRUE, NULL, 0);
  while (herald_unit_walk_next (&walk, &span))
    {
      if (span.kind == HERALD_UNIT_SPAN_TEXT && !has_words (html, span.start, span.end))
        continue;
      if (span.kind != HERALD_UNIT_SPAN_TAG || !span.closed)
        return FALSE;
      if (html[span.start + 1] == '!' || html[span.start + 1] == '?')
        continue;
      if (span.end - span.start < 6 ||
          g_ascii_strncasecmp (html + span.start + 1, "html", 4) != 0 ||
          herald_html_is_name_char (html[span.start + 5]) ||
          memchr (html + span.start, '{', span.end - span.start) != NULL)
        return FALSE;
      tag->start = span.start;
      tag->name_end = span.start + 5;
      tag->end = span.end;
      tag->depth = 0;
      return TRUE;
    }
  return FALSE;
}

char *
herald_html_mark_root (const char *html,
                       const HeraldHtmlStartTag *tag,
                       const char *lang,
                       const char *dir)
{
  char *text = g_strndup (html + tag->start, tag->end - tag->start);

  /* Set in this order, a tag without either reads <html dir="…" lang="…">. */
  text = set_attribute (text, tag->name_end - tag->start, "lang", lang);
  return set_attribute (text, tag->name_end - tag->start, "dir", dir);
}

char *
herald_html_set_lang_dir (const char *html, const char *lang, const char *dir)
{
  gsize length = strlen (html);
  g_autoptr (GArray) tags = NULL;
  HeraldHtmlStartTag leading;
  const HeraldHtmlStartTag *tag = &leading;
  char *text;
  GString *out;

  if (!herald_html_find_leading_root (html, length, &leading))
    {
      gint root = -1;

      tags = herald_html_start_tags (html, length, &root);
      if (root < 0)
        return NULL;
      tag = &g_array_index (tags, HeraldHtmlStartTag, root);
    }
  text = herald_html_mark_root (html, tag, lang, dir);
  out = g_string_sized_new (length + 32);
  g_string_append_len (out, html, tag->start);
  g_string_append (out, text);
  g_string_append (out, html + tag->end);
  g_free (text);
  return g_string_free (out, FALSE);
}

/* Whether "lang" or "dir" starts at p, in any case (ASCII letters only: | 0x20 folds their
 * case). p is in a string ended by a NUL. */
static inline gboolean
spells_lang_or_dir_at (const char *p)
{
  return ((*p | 0x20) == 'l' && (p[1] | 0x20) == 'a' && (p[2] | 0x20) == 'n' &&
          (p[3] | 0x20) == 'g') ||
         ((*p | 0x20) == 'd' && (p[1] | 0x20) == 'i' && (p[2] | 0x20) == 'r');
}

/* Whether "lang" or "dir" starts in html[from, length), in any case. */
static gboolean
spells_lang_or_dir (const char *html, gsize from, gsize length)
{
  gsize i = from;

#ifdef __SSE2__
  /* Sixteen bytes at a time: only an "l" before an "a" or a "d" before an "i" is looked at
   * closer, where one byte in a dozen is an "l" or a "d" in the text of an email. */
  const __m128i fold = _mm_set1_epi8 (0x20);
  const __m128i l = _mm_set1_epi8 ('l');
  const __m128i a = _mm_set1_epi8 ('a');
  const __m128i d = _mm_set1_epi8 ('d');
  const __m128i letter_i = _mm_set1_epi8 ('i');

  for (; i + 17 <= length; i += 16)
    {
      __m128i here =
          _mm_or_si128 (_mm_loadu_si128 ((const __m128i *) (gconstpointer) (html + i)), fold);
      __m128i next =
          _mm_or_si128 (_mm_loadu_si128 ((const __m128i *) (gconstpointer) (html + i + 1)), fold);
      __m128i la = _mm_and_si128 (_mm_cmpeq_epi8 (here, l), _mm_cmpeq_epi8 (next, a));
      __m128i di = _mm_and_si128 (_mm_cmpeq_epi8 (here, d), _mm_cmpeq_epi8 (next, letter_i));

      for (guint mask = (guint) _mm_movemask_epi8 (_mm_or_si128 (la, di)); mask != 0;
           mask &= mask - 1)
        if (spells_lang_or_dir_at (html + i + (guint) __builtin_ctz (mask)))
          return TRUE;
    }
#endif
  for (; i < length; i++)
    if (spells_lang_or_dir_at (html + i))
      return TRUE;
  return FALSE;
}

gboolean
herald_html_lang_dir_only_on_root (const char *html, gsize length)
{
  HeraldHtmlStartTag root;

  /* With no "{" before it, the template language cannot make the scan see it otherwise. */
  if (!herald_html_find_leading_root (html, length, &root) || memchr (html, '{', root.end) != NULL)
    return FALSE;
  return !spells_lang_or_dir (html, root.end, length);
}
