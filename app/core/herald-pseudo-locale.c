/* herald-pseudo-locale.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-pseudo-locale"

#include "config.h"

#include <string.h>

#include "herald-extractor.h"
#include "herald-pseudo-locale.h"
#include "herald-unit-spans.h"

/* Accented look-alikes of ASCII letters, a to z then A to Z. */
static const char *accented_lower[] = {
  "á", "ƀ", "ç", "đ", "é", "ƒ", "ğ", "ĥ", "í", "ĵ", "ķ", "ł", "ɱ",
  "ñ", "ó", "þ", "ǫ", "ŕ", "š", "ţ", "ú", "ṽ", "ŵ", "ẋ", "ý", "ž",
};
static const char *accented_upper[] = {
  "Á", "Ɓ", "Ç", "Đ", "É", "Ƒ", "Ğ", "Ĥ", "Í", "Ĵ", "Ķ", "Ł", "Ṁ",
  "Ñ", "Ó", "Þ", "Ǫ", "Ŕ", "Š", "Ţ", "Ú", "Ṽ", "Ŵ", "Ẋ", "Ý", "Ž",
};

gboolean
herald_is_pseudo_locale (const char *locale)
{
  return locale != NULL && (g_ascii_strcasecmp (locale, HERALD_PSEUDO_LOCALE) == 0 ||
                            g_ascii_strcasecmp (locale, "en_XA") == 0);
}

static void
accent (GString *out, const char *p, const char *end, guint *letters)
{
  for (; p < end; p++)
    {
      if (g_ascii_islower (*p))
        g_string_append (out, accented_lower[*p - 'a']);
      else if (g_ascii_isupper (*p))
        g_string_append (out, accented_upper[*p - 'A']);
      else
        g_string_append_c (out, *p);
      if (g_ascii_isalnum (*p))
        (*letters)++;
    }
}

char *
herald_pseudo_localize (const char *text, HeraldPart part)
{
  gsize length = strlen (text);
  g_autoptr (GArray) spans = herald_unit_spans (text, length, part == HERALD_PART_HTML);
  GString *out = g_string_sized_new (length * 2 + 8);
  guint letters = 0;
  guint padding;

  g_string_append (out, "[");
  for (guint i = 0; i < spans->len; i++)
    {
      const HeraldUnitSpan *span = &g_array_index (spans, HeraldUnitSpan, i);

      if (span->kind == HERALD_UNIT_SPAN_TEXT)
        accent (out, text + span->start, text + span->end, &letters);
      else
        g_string_append_len (out, text + span->start, span->end - span->start);
    }

  /* About 40 % more, as a translation into German or French often takes. */
  padding = (letters * 2 + 4) / 5;
  if (padding > 0)
    {
      g_string_append_c (out, ' ');
      for (guint i = 0; i < padding; i++)
        g_string_append (out, i % 6 == 5 ? " " : "~");
    }
  g_string_append (out, "]");

  return g_string_free (out, FALSE);
}
