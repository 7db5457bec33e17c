/* herald-html-compact.c
 *
 * The compactor reads markup the way libxml2 2.9's HTML parser does (not in recovery mode)
 * wherever it leaves bytes out, and gives up on the whole document wherever it cannot be
 * sure to: a document it returns parses to the same structure as the original.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-html-compact.h"

typedef struct
{
  gsize compact;
  gsize original;
} Piece;

/* Mapping looks up the piece of every 64th compact byte, then walks. */
#define INDEX_SHIFT 6

struct _HeraldHtmlCompact
{
  char *text;
  gsize length;
  GArray *pieces; /* Piece, one per run of kept bytes, in order */
  guint *index;   /* the piece holding compact offset k << INDEX_SHIFT */
};

typedef struct
{
  const char *src;
  gsize length;
  HeraldHtmlCompact *out;
  gsize kept_until; /* the original offset the last kept run ended at */
} Compactor;

/* libxml2 reads at most this many bytes of a name (HTML_PARSER_BUFFER_SIZE). */
#define MAX_NAME_LENGTH 100

static void
keep (Compactor *self, gsize from, gsize to)
{
  if (to <= from)
    return;
  if (self->out->pieces->len == 0 || from != self->kept_until)
    {
      Piece piece = { self->out->length, from };

      g_array_append_val (self->out->pieces, piece);
    }
  /* The output never outgrows the input: no bounds to check. */
  memcpy (self->out->text + self->out->length, self->src + from, to - from);
  self->out->length += to - from;
  self->kept_until = to;
}

/* Keeps [from, to) but only the first byte of each run of whitespace. */
static void
keep_collapsed (Compactor *self, gsize from, gsize to)
{
  gsize run = from;
  gsize i = from;

  while (i < to)
    {
      gsize j;

      if (!herald_html_is_blank (self->src[i]))
        {
          i++;
          continue;
        }
      for (j = i + 1; j < to && herald_html_is_blank (self->src[j]); j++)
        ;
      if (j - i > 1)
        {
          keep (self, run, i + 1);
          run = j;
        }
      i = j;
    }
  keep (self, run, to);
}

/* Text between markup. libxml2 hands long text over in pieces of a thousand bytes, and
 * where a piece ends moves the offsets the extractor sees: text with words in it is kept
 * as it is, only indentation (whitespace alone between two tags) is collapsed. */
static void
keep_text (Compactor *self, gsize from, gsize to)
{
  for (gsize i = from; i < to; i++)
    if (!herald_html_is_blank (self->src[i]))
      {
        keep (self, from, to);
        return;
      }
  keep_collapsed (self, from, to);
}

static gsize
skip_spaces (Compactor *self, gsize i)
{
  while (i < self->length && herald_html_is_blank (self->src[i]))
    i++;
  return i;
}

static const char *
find (Compactor *self, gsize from, const char *needle)
{
  if (from >= self->length)
    return NULL;
  return g_strstr_len (self->src + from, self->length - from, needle);
}

/* Whether [from, to) holds what libxml2 leaves out of a comment's text (control characters,
 * U+FFFE and U+FFFF): "Transla\vtors:" reaches the extractor as "Translators:", so such a
 * comment is kept whole. */
static gboolean
has_non_characters (Compactor *self, gsize from, gsize to)
{
  for (gsize i = from; i < to; i++)
    {
      guchar c = (guchar) self->src[i];

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
          (c == 0xEF && i + 2 < to && (guchar) self->src[i + 1] == 0xBF &&
           (guchar) self->src[i + 2] >= 0xBE))
        return TRUE;
    }
  return FALSE;
}

/* "<!--" at i. Returns the offset after the comment, 0 to give up. */
static gsize
compact_comment (Compactor *self, gsize i)
{
  gsize content = i + 4;
  const char *close;
  gsize end;
  gsize text;

  /* "<!-->" and "<!--->" end early in some parsers and not in others. */
  if (content >= self->length || self->src[content] == '>' ||
      (self->src[content] == '-' && content + 1 < self->length && self->src[content + 1] == '>'))
    return 0;
  close = find (self, content, "-->");
  if (close == NULL)
    return 0;
  end = (gsize) (close - self->src) + 3;
  if (g_strstr_len (self->src + content, close - (self->src + content), "--!>") != NULL)
    return 0;

  /* As the extractor reads them: after g_strstrip()'s whitespace. */
  for (text = content; text < end && g_ascii_isspace (self->src[text]); text++)
    ;
  if ((end - text >= strlen ("Translators:") &&
       memcmp (self->src + text, "Translators:", strlen ("Translators:")) == 0) ||
      has_non_characters (self, content, end - 3))
    keep (self, i, end);
  else
    {
      keep (self, i, content);
      keep (self, end - 3, end);
    }
  return end;
}

/* libxml2 ends the raw text of <style> and <script> at the first "</" and a letter, and
 * reads what follows as markup: only a document whose raw text ends with the element's
 * own end tag is compacted. */
static gsize
raw_text_end (Compactor *self, gsize from, const char *name)
{
  const char *p = self->src + from;
  const char *end = self->src + self->length;
  gsize name_length = strlen (name);

  while (p < end && (p = memchr (p, '<', end - p)) != NULL)
    {
      if (p + 2 < end && p[1] == '/' && g_ascii_isalpha (p[2]))
        {
          if ((gsize) (end - (p + 2)) > name_length &&
              g_ascii_strncasecmp (p + 2, name, name_length) == 0 &&
              !herald_html_is_name_char (p[2 + name_length]))
            return (gsize) (p - self->src);
          return 0;
        }
      p++;
    }
  return 0;
}

static gboolean
name_is (Compactor *self, gsize start, gsize end, const char *name)
{
  return end - start == strlen (name) &&
         g_ascii_strncasecmp (self->src + start, name, end - start) == 0;
}

/* A start tag at i ("<" and a letter). Returns the offset after it, 0 to give up. */
static gsize
compact_start_tag (Compactor *self, gsize i)
{
  gsize name_start = i + 1;
  gsize name_end = name_start;
  gsize pos;
  const char *raw_text = NULL;

  while (name_end < self->length && herald_html_is_name_char (self->src[name_end]))
    name_end++;
  if (name_end - name_start >= MAX_NAME_LENGTH)
    return 0;
  if (name_is (self, name_start, name_end, "style"))
    raw_text = "style";
  else if (name_is (self, name_start, name_end, "script"))
    raw_text = "script";
  keep (self, i, name_end);
  pos = name_end;

  /* Attributes other than alt and title go, with the whitespace before them: libxml2
   * builds the same elements without them. */
  for (;;)
    {
      gsize spaces_start = pos;
      gsize attribute_start;
      gsize attribute_end;
      gboolean kept;

      pos = skip_spaces (self, pos);
      if (pos >= self->length)
        return 0;
      if (self->src[pos] == '>')
        {
          keep (self, pos, pos + 1);
          pos++;
          break;
        }
      if (self->src[pos] == '/' && pos + 1 < self->length && self->src[pos + 1] == '>')
        {
          keep (self, pos, pos + 2);
          return pos + 2;
        }
      if (!herald_html_is_name_start (self->src[pos]))
        return 0;

      attribute_start = pos;
      while (pos < self->length && herald_html_is_name_char (self->src[pos]))
        pos++;
      attribute_end = pos;
      if (attribute_end - attribute_start >= MAX_NAME_LENGTH)
        return 0;
      kept = name_is (self, attribute_start, attribute_end, "alt") ||
             name_is (self, attribute_start, attribute_end, "title");
      pos = skip_spaces (self, pos);
      if (pos < self->length && self->src[pos] == '=')
        {
          pos = skip_spaces (self, pos + 1);
          if (pos < self->length && (self->src[pos] == '"' || self->src[pos] == '\''))
            {
              const char *close =
                  memchr (self->src + pos + 1, self->src[pos], self->length - pos - 1);

              if (close == NULL)
                return 0;
              pos = (gsize) (close - self->src) + 1;
            }
          else
            {
              while (pos < self->length && !herald_html_is_blank (self->src[pos]) &&
                     self->src[pos] != '>')
                pos++;
            }
        }
      else
        {
          /* No value: what follows the spaces is the next attribute or the end. */
          pos = attribute_end;
        }

      if (kept)
        {
          /* One byte of whitespace before it, when there was any, keeps it apart. */
          if (attribute_start > spaces_start)
            keep (self, spaces_start, spaces_start + 1);
          keep (self, attribute_start, pos);
        }
    }

  if (raw_text != NULL)
    {
      gsize content_end = raw_text_end (self, pos, raw_text);

      if (content_end == 0)
        return 0;
      pos = content_end;
    }
  return pos;
}

/* End tags and processing instructions: libxml2 skips to their first ">". */
static gsize
keep_through_gt (Compactor *self, gsize i)
{
  const char *gt = memchr (self->src + i, '>', self->length - i);

  if (gt == NULL || memchr (self->src + i + 1, '<', gt - (self->src + i + 1)) != NULL)
    return 0;
  keep (self, i, (gsize) (gt - self->src) + 1);
  return (gsize) (gt - self->src) + 1;
}

/* A doctype, quoted identifiers and all. */
static gsize
keep_doctype (Compactor *self, gsize i)
{
  gsize pos = i;

  while (pos < self->length && self->src[pos] != '>')
    {
      if (self->src[pos] == '"' || self->src[pos] == '\'')
        {
          const char *close = memchr (self->src + pos + 1, self->src[pos], self->length - pos - 1);

          if (close == NULL)
            return 0;
          pos = (gsize) (close - self->src);
        }
      pos++;
    }
  if (pos >= self->length)
    return 0;
  /* A malformed doctype may end at its first ">" for libxml2 even so: only one whose
   * quotes hold no ">" is sure to end in the same place. */
  if (memchr (self->src + i, '>', pos - i) != NULL)
    return 0;
  keep (self, i, pos + 1);
  return pos + 1;
}

static gboolean
compact (Compactor *self)
{
  gsize i = 0;

  while (i < self->length)
    {
      const char *lt = memchr (self->src + i, '<', self->length - i);
      gsize tag;
      gsize next;
      char c;

      if (lt == NULL)
        {
          keep_text (self, i, self->length);
          return TRUE;
        }
      tag = (gsize) (lt - self->src);
      keep_text (self, i, tag);
      c = tag + 1 < self->length ? self->src[tag + 1] : '\0';

      if (c == '!' && g_str_has_prefix (self->src + tag, "<!--"))
        next = compact_comment (self, tag);
      else if (c == '!' && tag + 9 <= self->length &&
               g_ascii_strncasecmp (self->src + tag, "<!doctype", 9) == 0)
        next = keep_doctype (self, tag);
      else if (c == '!')
        next = 0; /* CDATA sections and bogus comments: not worth the risk */
      else if (c == '?')
        next = keep_through_gt (self, tag);
      else if (c == '/' && tag + 2 < self->length && g_ascii_isalpha (self->src[tag + 2]))
        next = keep_through_gt (self, tag);
      else if (g_ascii_isalpha (c))
        next = compact_start_tag (self, tag);
      else
        {
          /* A "<" that opens nothing is text. */
          keep (self, tag, tag + 1);
          next = tag + 1;
        }

      if (next == 0)
        return FALSE;
      i = next;
    }
  return TRUE;
}

static void
build_index (HeraldHtmlCompact *self)
{
  const Piece *pieces = (const Piece *) (gpointer) self->pieces->data;
  gsize n_entries = (self->length >> INDEX_SHIFT) + 1;
  guint piece = 0;

  self->index = g_new (guint, n_entries);
  for (gsize k = 0; k < n_entries; k++)
    {
      gsize offset = k << INDEX_SHIFT;

      while (piece + 1 < self->pieces->len && pieces[piece + 1].compact <= offset)
        piece++;
      self->index[k] = piece;
    }
}

HeraldHtmlCompact *
herald_html_compact_new (const char *text, gsize length)
{
  HeraldHtmlCompact *self = g_new0 (HeraldHtmlCompact, 1);
  Compactor compactor = { text, length, self, 0 };

  self->text = g_malloc (length + 1);
  self->pieces = g_array_sized_new (FALSE, FALSE, sizeof (Piece), 256);
  if (!compact (&compactor))
    {
      herald_html_compact_free (self);
      return NULL;
    }
  self->text[self->length] = '\0';
  build_index (self);
  return self;
}

void
herald_html_compact_free (HeraldHtmlCompact *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_array_unref (self->pieces);
  g_free (self->index);
  g_free (self);
}

const char *
herald_html_compact_get_text (HeraldHtmlCompact *self, gsize *length)
{
  if (length != NULL)
    *length = self->length;
  return self->text;
}

gsize
herald_html_compact_map (HeraldHtmlCompact *self, gsize offset)
{
  const Piece *pieces = (const Piece *) (gpointer) self->pieces->data;
  guint piece;

  if (self->pieces->len == 0)
    return offset;
  offset = MIN (offset, self->length);
  /* The last piece starting at or before offset. */
  piece = self->index[offset >> INDEX_SHIFT];
  while (piece + 1 < self->pieces->len && pieces[piece + 1].compact <= offset)
    piece++;
  return pieces[piece].original + (offset - pieces[piece].compact);
}
