/* herald-utf8.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <glib.h>

G_BEGIN_DECLS

/* How many of the first @length bytes of @text are ASCII. Most of any template is ASCII,
 * and walks over its UTF-8 (counting characters, validating, finding a character's byte)
 * are on the paths of a keystroke and of extraction: runs are checked sixteen bytes at a
 * time where SSE2 is there, else eight. */
static inline gsize
herald_utf8_ascii_prefix (const char *text, gsize length)
{
  gsize i = 0;

#ifdef __SSE2__
  for (; i + 16 <= length; i += 16)
    {
      guint mask = (guint) _mm_movemask_epi8 (
          _mm_loadu_si128 ((const __m128i *) (gconstpointer) (text + i)));

      if (mask != 0)
        return i + (guint) __builtin_ctz (mask);
    }
#endif

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, 8);
      if ((word & G_GUINT64_CONSTANT (0x8080808080808080)) != 0)
        break;
    }
  while (i < length && (guchar) text[i] < 0x80)
    i++;
  return i;
}

/* g_utf8_validate_len() with the ASCII runs skipped eight bytes at a time: a valid
 * sequence holds no ASCII byte, so each run of other bytes is valid on its own. */
static inline gboolean
herald_utf8_validate (const char *text, gsize length)
{
  gsize i = 0;

  while ((i += herald_utf8_ascii_prefix (text + i, length - i)) < length)
    {
      gsize end = i + 1;

      while (end < length && (guchar) text[end] >= 0x80)
        end++;
      if (!g_utf8_validate_len (text + i, end - i, NULL))
        return FALSE;
      i = end;
    }
  return TRUE;
}

G_END_DECLS
