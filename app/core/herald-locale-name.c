/* herald-locale-name.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-locale-name"

#include "config.h"

#include <string.h>

#include "herald-locale-name.h"

/* Longer than any real tag (BCP 47 asks implementations to handle 35 characters). */
#define MAX_LOCALE_NAME 64

static gsize
span_of (const char *p, gboolean (*is_class) (gchar c))
{
  gsize n = 0;

  while (p[n] != '\0' && is_class (p[n]))
    n++;
  return n;
}

static gboolean
is_alpha (gchar c)
{
  return g_ascii_isalpha (c);
}

static gboolean
is_alnum (gchar c)
{
  return g_ascii_isalnum (c);
}

static gboolean
is_codeset (gchar c)
{
  return g_ascii_isalnum (c) || c == '-';
}

/* A locale name becomes a file name (po/LOCALE.po) and a line of LINGUAS, so only the
 * shapes locales really have are accepted: BCP 47 ("pt-BR", "zh-Hant", "sr-Latn-RS",
 * "en-XA") and POSIX ("pt_BR", "sr@latin", "de_DE.UTF-8"). A language of two or three
 * letters, then subtags of one to eight letters or digits after "-" or "_", then an optional
 * ".codeset" and "@modifier". Nothing else: no "/", no "..", no blanks or controls. */
gboolean
herald_locale_name_is_valid (const char *name)
{
  const char *p = name;
  gsize n;

  if (name == NULL || strlen (name) > MAX_LOCALE_NAME)
    return FALSE;

  n = span_of (p, is_alpha);
  if (n < 2 || n > 3)
    return FALSE;
  p += n;

  while (*p == '-' || *p == '_')
    {
      n = span_of (p + 1, is_alnum);
      if (n < 1 || n > 8)
        return FALSE;
      p += 1 + n;
    }

  if (*p == '.')
    {
      n = span_of (p + 1, is_codeset);
      if (n < 1)
        return FALSE;
      p += 1 + n;
    }

  if (*p == '@')
    {
      n = span_of (p + 1, is_alnum);
      if (n < 1)
        return FALSE;
      p += 1 + n;
    }

  return *p == '\0';
}
