/* herald-html-slim-bytes.h: the byte tests of herald-html-slim.c's scan, eight or sixteen
 * bytes at a time: which characters libxml2 reads as plain ones in a value, a text, a
 * comment or <style>/<script> text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <string.h>

#include "herald-utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

G_BEGIN_DECLS

#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Whether [text, text + length) holds a character libxml2 reports in a comment: a control
 * character, U+FFFE or U+FFFF. It reports it three characters on, where a cut would move
 * the column. */
static inline gboolean
has_non_characters (const char *text, gsize length)
{
  for (gsize k = 0; k < length;)
    {
      gsize stop = MIN (k + 8, length);

      /* Eight bytes at a time past those with no control character (a line break is one)
       * and no 0xEF; the others one by one. */
      if (stop - k == 8)
        {
          guint64 word;
          guint64 ef;

          memcpy (&word, text + k, sizeof word);
          ef = word ^ (ONES * 0xEF);
          if (((((word - ONES * 0x20) & ~word) | ((ef - ONES) & ~ef)) & HIGHS) == 0)
            {
              k = stop;
              continue;
            }
        }
      for (; k < stop; k++)
        {
          guchar c = (guchar) text[k];

          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
              (c == 0xEF && k + 2 < length && (guchar) text[k + 1] == 0xBF &&
               (guchar) text[k + 2] >= 0xBE))
            return TRUE;
        }
    }
  return FALSE;
}

/* Whether a byte of word is c (a byte of the word xor'ed with it is zero). */
static inline gboolean
word_has (guint64 word, char c)
{
  guint64 x = word ^ (ONES * (guchar) c);

  return ((x - ONES) & ~x & HIGHS) != 0;
}

/* Whether the eight bytes of word are printable ASCII: none under a space, none from DEL
 * on (whose high bit, or that of the byte plus one, is set). */
static inline gboolean
word_is_printable (guint64 word)
{
  return ((((word - ONES * 0x20) & ~word) | word | (word + ONES)) & HIGHS) == 0;
}

/* Whether libxml2 reads the value as plain characters: no references, no encoding
 * question, no line, nothing it could misread as markup. The text goes on for readable
 * bytes from value (its NUL included). */
static inline gboolean
value_is_inert (const char *value, gsize length, gsize readable)
{
  gsize k = 0;

#ifdef __SSE2__
  /* Inline styles make most of an email's values, and short ones most of the others:
   * sixteen bytes a test, those past the value masked. Signed, every byte from 0x80 on is
   * under a space too. */
  const __m128i space = _mm_set1_epi8 (0x20);
  const __m128i del = _mm_set1_epi8 (0x7F);
  const __m128i ampersand = _mm_set1_epi8 ('&');
  const __m128i greater = _mm_set1_epi8 ('>');
  const __m128i angle_bit = _mm_set1_epi8 (0x02);

  for (; k < length && k + 16 <= readable; k += 16)
    {
      __m128i bytes = _mm_loadu_si128 ((const __m128i *) (gconstpointer) (value + k));
      __m128i odd = _mm_or_si128 (_mm_cmplt_epi8 (bytes, space), _mm_cmpeq_epi8 (bytes, del));
      guint mask;

      odd = _mm_or_si128 (odd, _mm_cmpeq_epi8 (bytes, ampersand));
      odd = _mm_or_si128 (odd, _mm_cmpeq_epi8 (_mm_or_si128 (bytes, angle_bit), greater));
      mask = (guint) _mm_movemask_epi8 (odd);
      if (length - k < 16)
        mask &= (1u << (length - k)) - 1;
      if (mask != 0)
        return FALSE;
    }
  if (k >= length)
    return TRUE;
#else
  (void) readable;
#endif
  for (; k + 8 <= length; k += 8)
    {
      guint64 word;
      guint64 amp;
      guint64 angle;

      memcpy (&word, value + k, sizeof word);
      /* One test for the three: a byte of amp is zero for "&", one of angle for "<" and ">"
       * (which differ only in the bit set here), and the high bit of a zero byte is set by
       * subtracting one, as for word_is_printable(). */
      amp = word ^ (ONES * '&');
      angle = (word | (ONES * 0x02)) ^ (ONES * '>');
      if (((((word - ONES * 0x20) & ~word) | word | (word + ONES) | ((amp - ONES) & ~amp) |
            ((angle - ONES) & ~angle)) &
           HIGHS) != 0)
        return FALSE;
    }
  for (; k < length; k++)
    {
      guchar c = (guchar) value[k];

      if (c < 0x20 || c > 0x7E || c == '&' || c == '<' || c == '>')
        return FALSE;
    }
  return TRUE;
}

/* What a run to cut may hold beyond printable ASCII's exclusions, by where it is. */
typedef enum
{
  RUN_TEXT,    /* no reference, no markup */
  RUN_RAW,     /* <script> and <style>: no "<", so no "</" */
  RUN_COMMENT, /* no "-", "!" or ">", so no new end, and the end stays */
} RunKind;

static inline G_ALWAYS_INLINE gboolean
run_byte (guchar c, RunKind kind)
{
  if (c < 0x20 || c > 0x7E)
    return FALSE;
  switch (kind)
    {
    case RUN_TEXT:
      return c != '&' && c != '>' && c != '<';
    case RUN_RAW:
      return c != '<';
    case RUN_COMMENT:
      return c != '-' && c != '!' && c != '>';
    default:
      g_assert_not_reached ();
    }
}

/* Whether the eight bytes at s are all run_byte()s of kind. */
static inline G_ALWAYS_INLINE gboolean
run_word (const guchar *s, RunKind kind)
{
  guint64 word;

  memcpy (&word, s, sizeof word);
  if (!word_is_printable (word))
    return FALSE;
  switch (kind)
    {
    case RUN_TEXT:
      return !word_has (word, '&') && !word_has (word, '>') && !word_has (word, '<');
    case RUN_RAW:
      return !word_has (word, '<');
    case RUN_COMMENT:
      return !word_has (word, '-') && !word_has (word, '!') && !word_has (word, '>');
    default:
      g_assert_not_reached ();
    }
}

G_END_DECLS
