/* herald-html-compact.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/* A copy of an HTML document with what cannot change its structure or its translatable
 * text left out (attributes other than alt and title, the contents of <style> and
 * <script>, comments other than "Translators:" ones, indentation after its first byte),
 * and the way back to the original's byte offsets. Email HTML is mostly such bytes, and
 * libxml2's cost is per byte. */
typedef struct _HeraldHtmlCompact HeraldHtmlCompact;

/* libxml2's HTML parser's lexical classes: its IS_BLANK_CH (a form feed is not one), and
 * what its htmlParseHTMLName() takes for a name. */
static inline gboolean
herald_html_is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The high bit of each byte of word that differs from c (no carry crosses bytes). */
static inline guint64
herald_html_bytes_other_than (guint64 word, char c)
{
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 x = word ^ (G_GUINT64_CONSTANT (0x0101010101010101) * (guchar) c);

  return (((x & ~highs) + ~highs) | x) & highs;
}

/* Whether the length bytes at s are all blanks: eight at a time (indentation between tags
 * is most of an email's text), a byte of a word blank when it equals one of the four. */
static inline gboolean
herald_html_is_blank_run (const char *s, gsize length)
{
  gsize k = 0;

  for (; k + 8 <= length; k += 8)
    {
      guint64 word;

      memcpy (&word, s + k, sizeof word);
      if ((herald_html_bytes_other_than (word, ' ') & herald_html_bytes_other_than (word, '\t') &
           herald_html_bytes_other_than (word, '\n') & herald_html_bytes_other_than (word, '\r')) !=
          0)
        return FALSE;
    }
  for (; k < length; k++)
    if (!herald_html_is_blank (s[k]))
      return FALSE;
  return TRUE;
}

/* What a byte may be in a name, looked up once: every byte of every tag and attribute name
 * asks. HERALD_HTML_NAME_START_: a name's first byte or any other (a letter, "_", ":",
 * "."), HERALD_HTML_NAME_CHAR_: any but the first (a digit, "-"). */
#define HERALD_HTML_NAME_START_ 3
#define HERALD_HTML_NAME_CHAR_ 2
#define HERALD_HTML_DIGITS_ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2
#define HERALD_HTML_LETTERS_                                                                       \
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3

static const guint8 herald_html_name_bytes[256] = {
  ['-'] = HERALD_HTML_NAME_CHAR_,  ['.'] = HERALD_HTML_NAME_START_, ['0'] = HERALD_HTML_DIGITS_,
  [':'] = HERALD_HTML_NAME_START_, ['A'] = HERALD_HTML_LETTERS_,    ['_'] = HERALD_HTML_NAME_START_,
  ['a'] = HERALD_HTML_LETTERS_,
};

static inline gboolean
herald_html_is_name_start (char c)
{
  return herald_html_name_bytes[(guchar) c] == HERALD_HTML_NAME_START_;
}

static inline gboolean
herald_html_is_name_char (char c)
{
  return herald_html_name_bytes[(guchar) c] != 0;
}

/* NULL when the document has markup whose extent the compactor cannot be sure of (an
 * unterminated quote, comment or raw-text element, an odd attribute): parse it whole. */
HeraldHtmlCompact *herald_html_compact_new (const char *text, gsize length);

/* What a reader of libxml2's tree needs kept that herald_html_compact_new() leaves out. */
typedef struct
{
  /* Attributes kept as they are: lower-case names, NULL-terminated. */
  const char *const *kept_attributes;
  /* Attributes left out, their value noted (herald_html_compact_get_moved()) for the reader
   * to take from the original: long values, which libxml2 copies a character at a time. One
   * without a value, or with a value that libxml2 would not read as its bytes (with an
   * entity, or bytes that are not UTF-8 characters), is kept instead. A name in both lists
   * is moved; at most 32 names; a tag with one of them twice gives up (libxml2 keeps the
   * first of two). */
  const char *const *moved_attributes;
  /* Every newline kept, where libxml2 counts it as in the original, so that each node has
   * the original's line; blanks that libxml2 hands over in several pieces are kept whole. */
  gboolean keep_lines;
  /* The text of <style> and <script> noted, as a moved value, instead of left out (but
   * when libxml2 would not read it as its bytes: then it is kept). */
  gboolean move_raw_text;
  /* The text of every comment left out (herald_html_compact_new() keeps "Translators:"
   * ones, for the extractor). */
  gboolean no_comment_text;
  /* Text with words in it cut down to its first byte and first character that is not
   * blank, for a reader that takes only the offsets of text from libxml2 (not its
   * characters), where libxml2 would hand it over whole: libxml2 copies text a character at a
   * time. Only for a text that is valid UTF-8. The text of "Translators:" comments is left
   * out too, as that of other comments: the reader takes it from the original. */
  gboolean short_text;
  /* Text that libxml2 hands over whole and as its bytes, noted as a moved value (its tag_start
   * and tag_end: where it starts and ends in the copy) and cut down to its first character
   * that is not blank (and its newlines, with keep_lines), for a reader that puts the
   * original's characters in its tree: libxml2 copies text a character at a time. */
  gboolean move_text;
} HeraldHtmlCompactOptions;

/* The attribute index of a moved <style> or <script> text. */
#define HERALD_HTML_COMPACT_RAW_TEXT (-1)
/* The attribute index of a moved text (move_text), which libxml2 hands over when it reaches
 * its end: its tag_end is the "<" after it, where no element's ">" is. */
#define HERALD_HTML_COMPACT_TEXT (-2)

/* A value or a raw text left out of the compact text, to be read from the original. */
typedef struct
{
  /* The compact offsets of its start tag's "<" and ">" (the "/" of a "/>"), where libxml2 is
   * when it calls back with the element (and with those it implies before it). */
  gsize tag_start;
  gsize tag_end;
  int attribute; /* in moved_attributes, HERALD_HTML_COMPACT_RAW_TEXT or _TEXT */
  gsize start;   /* its bytes in the original */
  gsize end;
} HeraldHtmlCompactMoved;

HeraldHtmlCompact *herald_html_compact_new_full (const char *text,
                                                 gsize length,
                                                 const HeraldHtmlCompactOptions *options);
/* In document order (by tag_end, then as they come in the tag). */
const HeraldHtmlCompactMoved *herald_html_compact_get_moved (HeraldHtmlCompact *self, guint *n);
void herald_html_compact_free (HeraldHtmlCompact *self);

const char *herald_html_compact_get_text (HeraldHtmlCompact *self, gsize *length);

/* The original offset of a compact one. An offset where bytes were left out maps to the
 * first byte kept after them, so an end maps past what was left out before it. */
gsize herald_html_compact_map (HeraldHtmlCompact *self, gsize offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldHtmlCompact, herald_html_compact_free)

G_END_DECLS
