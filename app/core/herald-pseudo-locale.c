/* herald-pseudo-locale.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-pseudo-locale"

#include "config.h"

#include <string.h>

#include "herald-extractor.h"
#include "herald-pseudo-locale.h"

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

/* Length of markup starting at p that must be copied as is, or 0. */
static gsize
markup_length (const char *p, const char *end, HeraldPart part)
{
  const char *stop;

  if (part != HERALD_PART_HTML)
    return 0;
  if (*p == '<' && p + 1 < end && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!'))
    {
      gboolean in_quote = FALSE;
      char quote = 0;

      for (stop = p + 1; stop < end; stop++)
        {
          if (in_quote && *stop == quote)
            in_quote = FALSE;
          else if (!in_quote && (*stop == '"' || *stop == '\''))
            in_quote = TRUE, quote = *stop;
          else if (!in_quote && *stop == '>')
            return stop - p + 1;
        }
      return end - p;
    }
  if (*p == '&')
    {
      for (stop = p + 1; stop < end && stop - p < 12; stop++)
        {
          if (*stop == ';')
            return stop - p + 1;
          if (!g_ascii_isalnum (*stop) && *stop != '#')
            break;
        }
    }
  return 0;
}

char *
herald_pseudo_localize (const char *text, HeraldPart part)
{
  gsize length = strlen (text);
  g_autoptr (GArray) spans = herald_l10n_scan_spans (text, length, NULL, NULL);
  const char *end = text + length;
  GString *out = g_string_sized_new (length * 2 + 8);
  guint next_span = 0;
  guint letters = 0;
  guint padding;

  /* A unit is a piece of a parsed template, so it parses; if not, every byte is text. */
  if (spans == NULL)
    spans = g_array_new (FALSE, FALSE, sizeof (HeraldL10nSpan));
  g_string_append (out, "[");
  for (const char *p = text; p < end;)
    {
      gsize skip;

      if (next_span < spans->len &&
          g_array_index (spans, HeraldL10nSpan, next_span).start == (gsize) (p - text))
        {
          const HeraldL10nSpan *span = &g_array_index (spans, HeraldL10nSpan, next_span++);

          g_string_append_len (out, p, span->end - span->start);
          p = text + span->end;
          continue;
        }
      skip = markup_length (p, end, part);
      if (skip > 0)
        {
          g_string_append_len (out, p, skip);
          p += skip;
          continue;
        }
      if (g_ascii_islower (*p))
        g_string_append (out, accented_lower[*p - 'a']);
      else if (g_ascii_isupper (*p))
        g_string_append (out, accented_upper[*p - 'A']);
      else
        g_string_append_c (out, *p);
      if (g_ascii_isalnum (*p))
        letters++;
      p++;
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
