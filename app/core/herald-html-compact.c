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

/* Mapping looks up the piece of every 8th compact byte, then walks: a copy keeps a piece for
 * most texts, comments and newlines, and the extractor maps four offsets of every node. */
#define INDEX_SHIFT 3

struct _HeraldHtmlCompact
{
  char *text;
  gsize length;
  /* One per run of kept bytes, in order: a plain array, as a copy that keeps every newline
   * has thousands. */
  Piece *pieces;
  guint n_pieces;
  guint pieces_size;
  guint *index;    /* the piece holding compact offset k << INDEX_SHIFT */
  guint n_indexed; /* entries of index filled so far */
  /* HeraldHtmlCompactMoved, grown by hand: an email has thousands of moved values. */
  HeraldHtmlCompactMoved *moved;
  guint n_moved;
  guint moved_size;
};

typedef struct
{
  const char *src;
  gsize length;
  const HeraldHtmlCompactOptions *options;
  HeraldHtmlCompact *out;
  gsize kept_until; /* the original offset the last kept run ended at */
} Compactor;

/* libxml2 reads at most this many bytes of a name (HTML_PARSER_BUFFER_SIZE). */
#define MAX_NAME_LENGTH 100

/* libxml2 hands text over in pieces of this many bytes (HTML_PARSER_BIG_BUFFER_SIZE). */
#define TEXT_PIECE_LENGTH 1000

static void
keep (Compactor *self, gsize from, gsize to)
{
  if (to <= from)
    return;
  if (self->out->n_pieces == 0 || from != self->kept_until)
    {
      HeraldHtmlCompact *out = self->out;

      if (out->n_pieces == out->pieces_size)
        {
          out->pieces_size *= 2;
          out->pieces = g_renew (Piece, out->pieces, out->pieces_size);
        }
      out->pieces[out->n_pieces].compact = out->length;
      out->pieces[out->n_pieces].original = from;
      out->n_pieces++;
    }
  /* The output never outgrows the input: no bounds to check. Most pieces kept are a newline
   * or a blank. */
  if (to - from == 1)
    self->out->text[self->out->length] = self->src[from];
  else
    memcpy (self->out->text + self->out->length, self->src + from, to - from);
  self->out->length += to - from;
  self->kept_until = to;
  /* The index is filled as the copy grows: the last piece holds its new bytes. */
  for (HeraldHtmlCompact *out = self->out; ((gsize) out->n_indexed << INDEX_SHIFT) < out->length;
       out->n_indexed++)
    out->index[out->n_indexed] = out->n_pieces - 1;
}

/* Keeps the newlines of [from, to), when the lines are kept. */
static void
keep_newlines (Compactor *self, gsize from, gsize to)
{
  const char *p = self->src + from;
  const char *end = self->src + to;

  if (!self->options->keep_lines)
    return;
  while (p < end && (p = memchr (p, '\n', end - p)) != NULL)
    {
      keep (self, (gsize) (p - self->src), (gsize) (p - self->src) + 1);
      p++;
    }
}

/* Keeps the blanks [from, to) as their first byte (and their newlines). */
static void
keep_blanks (Compactor *self, gsize from, gsize to)
{
  if (to <= from)
    return;
  keep (self, from, from + 1);
  keep_newlines (self, from + 1, to);
}

/* Whether one of the eight bytes of word is c (or, rarely, one after a c). */
static inline gboolean
word_has_byte (guint64 word, guchar c)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  guint64 x = word ^ (ones * c);

  return ((x - ones) & ~x & (ones * 0x80)) != 0;
}

/* Whether one of the eight bytes of word is below 0x20 (or, rarely, one after it). */
static inline gboolean
word_has_control (guint64 word)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);

  return ((word - ones * 0x20) & ~word & (ones * 0x80)) != 0;
}

/* From i, the start of the first eight-byte word of [i, to) that may hold a control
 * character, a 0xEF byte (U+FFFE and U+FFFF start with it) or, if amp, an "&"; to if none
 * does. Most text and most comments have none of those bytes. */
static gsize
skip_quiet_words (Compactor *self, gsize i, gsize to, gboolean amp)
{
  for (; i + 8 <= to; i += 8)
    {
      guint64 word;

      memcpy (&word, self->src + i, sizeof word);
      if (word_has_control (word) || word_has_byte (word, 0xEF) ||
          (amp && word_has_byte (word, '&')))
        return i;
    }
  return i;
}

/* Whether libxml2 reads the text [from, to) of valid UTF-8 as its bytes, with no entity:
 * no control character, "&" or non-character (U+FFFE, U+FFFF). */
static gboolean
text_reads_as_bytes (Compactor *self, gsize from, gsize to)
{
  gsize i = from;

  while (i < to)
    {
      gsize word_end;

      i = skip_quiet_words (self, i, to, TRUE);
      word_end = MIN (i + 8, to);
      for (; i < word_end; i++)
        {
          guchar c = (guchar) self->src[i];

          if ((c < 0x20 && !herald_html_is_blank ((char) c)) || c == '&' ||
              (c == 0xEF && i + 2 < self->length && (guchar) self->src[i + 1] == 0xBF &&
               (guchar) self->src[i + 2] >= 0xBE))
            return FALSE;
        }
    }
  return TRUE;
}

/* Whether the text [from, to) reaches libxml2's characters() as one piece that is not blank
 * and only that way, whatever its length: it is shorter than a piece, follows markup (not a
 * "<" that opens nothing, which libxml2 may read with what follows it) and holds no entity
 * and nothing that libxml2 leaves out. Then only its first byte (where its offset starts) and
 * something not blank matter. The markup after it is kept, and maps its end back. */
static gboolean
may_shorten_text (Compactor *self, gsize from, gsize to)
{
  return self->options->short_text && to - from < TEXT_PIECE_LENGTH && from > 0 &&
         to < self->length && self->src[from - 1] == '>' && text_reads_as_bytes (self, from, to);
}

/* The text [from, to), not blank, as its first character and, when that one is blank, its
 * first character that is not. */
static void
keep_text_start (Compactor *self, gsize from, gsize to)
{
  gsize first_end = from + g_utf8_skip[(guchar) self->src[from]];

  keep (self, from, first_end);
  if (herald_html_is_blank (self->src[from]))
    {
      gsize word = first_end;

      while (herald_html_is_blank (self->src[word]))
        word++;
      keep (self, word, word + g_utf8_skip[(guchar) self->src[word]]);
    }
}

static gboolean reads_as_bytes (Compactor *self, gsize from, gsize to, gboolean is_value);
static void
note_moved (Compactor *self, gsize tag_start, gsize tag_end, int attribute, gsize start, gsize end);

/* Moving a text costs its reader a look-up: a shorter one is kept. */
#define MIN_MOVED_TEXT_LENGTH 8

/* Whether the text [from, to), not blank, reaches libxml2's characters() as its bytes, in one
 * piece and only that way (as may_shorten_text() asks), for move_text: then what libxml2
 * hands over of its first character that is not blank is put back as the original's text. */
static gboolean
may_move_text (Compactor *self, gsize from, gsize to)
{
  return self->options->move_text && to - from >= MIN_MOVED_TEXT_LENGTH &&
         to - from < TEXT_PIECE_LENGTH && from > 0 && to < self->length &&
         self->src[from - 1] == '>' && reads_as_bytes (self, from, to, TRUE);
}

/* The text [from, to) as its first character that is not blank, among its newlines (when
 * the lines are kept), noted as moved: tag_end is where the markup after it starts. */
static void
move_text (Compactor *self, gsize from, gsize to)
{
  gsize text_start = self->out->length;
  gsize word = from;
  gsize word_end;

  while (herald_html_is_blank (self->src[word]))
    word++;
  word_end = word + g_utf8_skip[(guchar) self->src[word]];
  keep_newlines (self, from, word);
  keep (self, word, word_end);
  keep_newlines (self, word_end, to);
  note_moved (self, text_start, self->out->length, HERALD_HTML_COMPACT_TEXT, from, to);
}

/* Text between markup. libxml2 hands long text over in pieces of a thousand bytes, and
 * where a piece ends moves the offsets the extractor sees: text with words in it is kept
 * as it is (or cut short, with short_text, where may_shorten_text() allows), only indentation
 * (whitespace alone between two tags) is collapsed. A piece of blanks that does not end its text is
 * not blank to libxml2 (what follows it is no "<"), and opens a <p> or a <body> where no text may
 * be: such long blanks are kept whole (fuzz-extract found "<html>" then 1,600 bytes of blanks,
 * where the whole text put "<body>" in a unit). */
static void
keep_text (Compactor *self, gsize from, gsize to)
{
  if (!herald_html_is_blank_run (self->src + from, to - from))
    {
      if (may_shorten_text (self, from, to))
        keep_text_start (self, from, to);
      else if (may_move_text (self, from, to))
        move_text (self, from, to);
      else
        keep (self, from, to);
      return;
    }
  if (to - from >= TEXT_PIECE_LENGTH)
    keep (self, from, to);
  else if (!self->options->keep_lines)
    keep (self, from, MIN (from + 1, to)); /* collapsed to its first byte */
  else
    keep_blanks (self, from, to);
}

static gsize
skip_spaces (Compactor *self, gsize i)
{
  while (i < self->length && herald_html_is_blank (self->src[i]))
    i++;
  return i;
}

/* The first needle in [from, to), or NULL: its first byte is looked for with memchr(). */
static const char *
find_between (Compactor *self, gsize from, gsize to, const char *needle)
{
  gsize needle_length = strlen (needle);
  const char *p = self->src + from;
  const char *end = self->src + to;

  while (p + needle_length <= end && (p = memchr (p, needle[0], end - p)) != NULL)
    {
      if (p + needle_length <= end && memcmp (p, needle, needle_length) == 0)
        return p;
      p++;
    }
  return NULL;
}

static const char *
find (Compactor *self, gsize from, const char *needle)
{
  if (from >= self->length)
    return NULL;
  return find_between (self, from, self->length, needle);
}

/* Whether [from, to) holds what libxml2 leaves out of a comment's text (control characters,
 * U+FFFE and U+FFFF): "Transla\vtors:" reaches the extractor as "Translators:", so such a
 * comment is kept whole. */
static gboolean
has_non_characters (Compactor *self, gsize from, gsize to)
{
  gsize i = from;

  while (i < to)
    {
      gsize word_end;

      i = skip_quiet_words (self, i, to, FALSE);
      word_end = MIN (i + 8, to);
      for (; i < word_end; i++)
        {
          guchar c = (guchar) self->src[i];

          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
              (c == 0xEF && i + 2 < to && (guchar) self->src[i + 1] == 0xBF &&
               (guchar) self->src[i + 2] >= 0xBE))
            return TRUE;
        }
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
  if (find_between (self, content, (gsize) (close - self->src), "--!>") != NULL)
    return 0;

  /* As the extractor reads them: after g_strstrip()'s whitespace. */
  for (text = content; text < end && g_ascii_isspace (self->src[text]); text++)
    ;
  if (!self->options->no_comment_text &&
      ((!self->options->short_text && end - text >= strlen ("Translators:") &&
        memcmp (self->src + text, "Translators:", strlen ("Translators:")) == 0) ||
       has_non_characters (self, content, end - 3)))
    keep (self, i, end);
  else
    {
      keep (self, i, content);
      keep_newlines (self, content, end - 3);
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

  /* A tag right at the start is markup to libxml2 (<style><body> closes the <style>, "</_x>"
   * is an end tag): only the element's own end tag is sure to be read as here. */
  if (p < end && *p == '<' && !(p + 2 < end && p[1] == '/' && g_ascii_isalpha (p[2])))
    return 0;
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

/* g_ascii_tolower(), which is a call: this one is asked of every letter of every attribute's
 * name. */
static inline char
lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

/* The index of the name [start, end) in names (lower case, NULL-terminated, or NULL), or
 * -1. Asked of every attribute: the first letters first. */
static int
find_name (Compactor *self, const char *const *names, gsize start, gsize end)
{
  const char *name = self->src + start;
  gsize length = end - start;
  char first = lower (name[0]);

  for (int i = 0; names != NULL && names[i] != NULL; i++)
    {
      gsize c = 1;

      if (names[i][0] != first)
        continue;
      while (c < length && names[i][c] == lower (name[c]))
        c++;
      if (c == length && names[i][c] == '\0')
        return i;
    }
  return -1;
}

/* Whether any of the eight bytes in word is a control character, not ASCII or an "&". */
static inline gboolean
has_unusual_byte (guint64 word)
{
  const guint64 ones = 0x0101010101010101ULL;
  const guint64 highs = 0x8080808080808080ULL;
  guint64 ampersands = word ^ (ones * '&');

  return ((word | ((word - ones * 0x20) & ~word) | ((ampersands - ones) & ~ampersands)) & highs) !=
         0;
}

/* Whether libxml2 reads [from, to) of raw text as its bytes: it copies it a character at a
 * time, leaving out what is not a character and reading a byte that is not UTF-8 as
 * Latin-1. An attribute's value is copied the same way, but for its entities: with
 * is_value, one with a "&" is not read as its bytes. Most are ASCII without a control
 * character: looked at eight bytes at a time, and a byte at a time where one is not. */
static gboolean
reads_as_bytes (Compactor *self, gsize from, gsize to, gboolean is_value)
{
  gsize i = from;

  while (i < to)
    {
      gsize word_end = MIN (i + 8, to);

      if (word_end == i + 8)
        {
          guint64 word;

          memcpy (&word, self->src + i, sizeof word);
          if (!has_unusual_byte (word))
            {
              i = word_end;
              continue;
            }
        }
      for (; i < word_end; i++)
        {
          guchar c = (guchar) self->src[i];

          if ((c >= 0x20 && c < 0x80 && (c != '&' || !is_value)) || c == '\t' || c == '\n' ||
              c == '\r')
            continue;
          if (c < 0x80)
            return FALSE;
          return g_utf8_validate_len (self->src + i, to - i, NULL) &&
                 !has_non_characters (self, i, to) &&
                 (!is_value || memchr (self->src + i, '&', to - i) == NULL);
        }
    }
  return TRUE;
}

/* An attribute's tag_end is known once the tag ends. */
static void
note_moved (Compactor *self, gsize tag_start, gsize tag_end, int attribute, gsize start, gsize end)
{
  HeraldHtmlCompact *out = self->out;
  HeraldHtmlCompactMoved moved = { tag_start, tag_end, attribute, start, end };

  if (out->n_moved == out->moved_size)
    {
      out->moved_size = MAX (64, out->moved_size * 2);
      out->moved = g_renew (HeraldHtmlCompactMoved, out->moved, out->moved_size);
    }
  out->moved[out->n_moved++] = moved;
}

/* The value of an attribute at pos ("=" or what follows its name and blanks), into *start
 * and *end (inside its quotes). Returns the offset after it, 0 to give up. */
static gsize
skip_value (Compactor *self, gsize pos, gsize *start, gsize *end)
{
  pos = skip_spaces (self, pos + 1);
  if (pos < self->length && (self->src[pos] == '"' || self->src[pos] == '\''))
    {
      const char *close = memchr (self->src + pos + 1, self->src[pos], self->length - pos - 1);

      if (close == NULL)
        return 0;
      *start = pos + 1;
      *end = (gsize) (close - self->src);
      return *end + 1;
    }
  *start = pos;
  while (pos < self->length && !herald_html_is_blank (self->src[pos]) && self->src[pos] != '>')
    pos++;
  *end = pos;
  return pos;
}

/* A start tag at i ("<" and a letter). Returns the offset after it, 0 to give up. */
static gsize
compact_start_tag (Compactor *self, gsize i)
{
  const HeraldHtmlCompactOptions *options = self->options;
  gsize name_start = i + 1;
  gsize name_end = name_start;
  gsize pos;
  gsize spaces_start;
  gsize tag_start = self->out->length;
  gsize tag_end;
  const char *raw_text = NULL;
  guint first_moved = self->out->n_moved;
  guint32 seen_moved = 0;

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

  /* Attributes other than the kept and moved ones go, with the whitespace before them:
   * libxml2 builds the same elements without them. */
  for (;;)
    {
      gsize attribute_start;
      gsize attribute_end;
      gsize value_start = 0;
      gsize value_end = 0;
      gboolean has_value = FALSE;
      int moved;
      gboolean kept;

      spaces_start = pos;
      pos = skip_spaces (self, pos);
      if (pos >= self->length)
        return 0;
      if (self->src[pos] == '>' ||
          (self->src[pos] == '/' && pos + 1 < self->length && self->src[pos + 1] == '>'))
        break;
      if (!herald_html_is_name_start (self->src[pos]))
        return 0;

      attribute_start = pos;
      while (pos < self->length && herald_html_is_name_char (self->src[pos]))
        pos++;
      attribute_end = pos;
      if (attribute_end - attribute_start >= MAX_NAME_LENGTH)
        return 0;
      moved = find_name (self, options->moved_attributes, attribute_start, attribute_end);
      kept = moved < 0 &&
             find_name (self, options->kept_attributes, attribute_start, attribute_end) >= 0;
      pos = skip_spaces (self, pos);
      if (pos < self->length && self->src[pos] == '=')
        {
          pos = skip_value (self, pos, &value_start, &value_end);
          if (pos == 0)
            return 0;
          has_value = TRUE;
        }
      else
        {
          /* No value: what follows the spaces is the next attribute or the end. */
          pos = attribute_end;
        }

      if (moved >= 0)
        {
          /* libxml2 keeps the first of two, which the copy may leave out. */
          if (seen_moved & (1u << moved))
            return 0;
          seen_moved |= 1u << moved;
          if (!has_value || value_end == value_start ||
              !reads_as_bytes (self, value_start, value_end, TRUE))
            {
              kept = TRUE;
              moved = -1;
            }
        }

      if (kept)
        {
          /* One byte of whitespace before it, when there was any, keeps it apart. */
          keep_blanks (self, spaces_start, attribute_start);
          keep (self, attribute_start, pos);
        }
      /* "a=b />" is "a" is "b" in an empty element, "a=b/>" is "a" is "b/": for a tree, the
       * blank after a value without quotes stays. (The extractor's copy, whose values it
       * reads from the original, leaves it out.) */
      if (kept && options->keep_lines && has_value && value_end == pos && pos < self->length &&
          herald_html_is_blank (self->src[pos]))
        {
          keep (self, pos, pos + 1);
          pos++;
        }
      if (moved >= 0)
        note_moved (self, tag_start, 0, moved, value_start, value_end);
      if (!kept)
        keep_newlines (self, spaces_start, pos);
    }

  keep_newlines (self, spaces_start, pos);
  tag_end = self->out->length;
  for (guint m = first_moved; m < self->out->n_moved; m++)
    self->out->moved[m].tag_end = tag_end;
  if (self->src[pos] == '/')
    {
      keep (self, pos, pos + 2);
      return pos + 2;
    }
  keep (self, pos, pos + 1);
  pos++;

  if (raw_text != NULL)
    {
      gsize content_end = raw_text_end (self, pos, raw_text);

      if (content_end == 0)
        return 0;
      if (!options->move_raw_text)
        keep_newlines (self, pos, content_end);
      else if (!reads_as_bytes (self, pos, content_end, FALSE))
        keep (self, pos, content_end);
      else if (content_end > pos)
        {
          keep_newlines (self, pos, content_end);
          note_moved (self, tag_start, tag_end, HERALD_HTML_COMPACT_RAW_TEXT, pos, content_end);
        }
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

/* The index's entries past the copy's last byte: the last piece. */
static void
finish_index (HeraldHtmlCompact *self)
{
  gsize n_entries = (self->length >> INDEX_SHIFT) + 1;

  for (; self->n_indexed < n_entries; self->n_indexed++)
    self->index[self->n_indexed] = self->n_pieces > 0 ? self->n_pieces - 1 : 0;
}

HeraldHtmlCompact *
herald_html_compact_new (const char *text, gsize length)
{
  static const char *const kept[] = { "alt", "title", NULL };
  static const HeraldHtmlCompactOptions options = { kept, NULL, FALSE, FALSE, FALSE };

  return herald_html_compact_new_full (text, length, &options);
}

HeraldHtmlCompact *
herald_html_compact_new_full (const char *text,
                              gsize length,
                              const HeraldHtmlCompactOptions *options)
{
  HeraldHtmlCompact *self;
  Compactor compactor = { text, length, options, NULL, 0 };
  guint n_moved_names = 0;

  /* Each moved name is a bit of a tag's seen_moved. */
  while (options->moved_attributes != NULL && options->moved_attributes[n_moved_names] != NULL)
    n_moved_names++;
  g_return_val_if_fail (n_moved_names <= 32, NULL);
  self = compactor.out = g_new0 (HeraldHtmlCompact, 1);

  self->text = g_malloc (length + 1);
  self->pieces_size = 256;
  self->pieces = g_new (Piece, self->pieces_size);
  /* The copy is never longer than the text. */
  self->index = g_new (guint, (length >> INDEX_SHIFT) + 2);
  if (!compact (&compactor))
    {
      herald_html_compact_free (self);
      return NULL;
    }
  self->text[self->length] = '\0';
  finish_index (self);
  return self;
}

void
herald_html_compact_free (HeraldHtmlCompact *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self->pieces);
  g_free (self->moved);
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

const HeraldHtmlCompactMoved *
herald_html_compact_get_moved (HeraldHtmlCompact *self, guint *n)
{
  *n = self->n_moved;
  return self->moved;
}

gsize
herald_html_compact_map (HeraldHtmlCompact *self, gsize offset)
{
  const Piece *pieces = self->pieces;
  guint piece;

  if (self->n_pieces == 0)
    return offset;
  offset = MIN (offset, self->length);
  /* The last piece starting at or before offset. */
  piece = self->index[offset >> INDEX_SHIFT];
  while (piece + 1 < self->n_pieces && pieces[piece + 1].compact <= offset)
    piece++;
  return pieces[piece].original + (offset - pieces[piece].compact);
}
