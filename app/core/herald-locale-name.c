/* herald-locale-name.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-locale-name"

#include "config.h"

#include <glib/gi18n-lib.h>
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

static const struct
{
  const char *code;
  const char *name;
} languages[] = {
  { "ar", N_ ("Arabic") },
  { "bg", N_ ("Bulgarian") },
  { "ca", N_ ("Catalan") },
  { "cs", N_ ("Czech") },
  { "da", N_ ("Danish") },
  { "de", N_ ("German") },
  { "el", N_ ("Greek") },
  { "en", N_ ("English") },
  { "en-GB", N_ ("English (United Kingdom)") },
  { "en-US", N_ ("English (United States)") },
  { "es", N_ ("Spanish") },
  { "es-419", N_ ("Spanish (Latin America)") },
  { "et", N_ ("Estonian") },
  { "fi", N_ ("Finnish") },
  { "fr", N_ ("French") },
  { "fr-CA", N_ ("French (Canada)") },
  { "he", N_ ("Hebrew") },
  { "hi", N_ ("Hindi") },
  { "hr", N_ ("Croatian") },
  { "hu", N_ ("Hungarian") },
  { "id", N_ ("Indonesian") },
  { "it", N_ ("Italian") },
  { "ja", N_ ("Japanese") },
  { "ko", N_ ("Korean") },
  { "lt", N_ ("Lithuanian") },
  { "lv", N_ ("Latvian") },
  { "nb", N_ ("Norwegian Bokmål") },
  { "nl", N_ ("Dutch") },
  { "pl", N_ ("Polish") },
  { "pt", N_ ("Portuguese") },
  { "pt-BR", N_ ("Portuguese (Brazil)") },
  { "ro", N_ ("Romanian") },
  { "ru", N_ ("Russian") },
  { "sk", N_ ("Slovak") },
  { "sl", N_ ("Slovenian") },
  { "sr", N_ ("Serbian") },
  { "sv", N_ ("Swedish") },
  { "th", N_ ("Thai") },
  { "tr", N_ ("Turkish") },
  { "uk", N_ ("Ukrainian") },
  { "vi", N_ ("Vietnamese") },
  { "zh", N_ ("Chinese") },
  { "zh-Hans", N_ ("Chinese (Simplified)") },
  { "zh-Hant", N_ ("Chinese (Traditional)") },
};

const char *const *
herald_locale_name_get_known (void)
{
  static const char *codes[G_N_ELEMENTS (languages) + 1];

  if (codes[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
      codes[i] = languages[i].code;
  return codes;
}

/* How much of locale is code: all of it, or code followed by subtags, a codeset or a
 * modifier ("fr" in "fr-CA", "pt-BR" in "pt_BR.UTF-8", "sr" in "sr@latin"), else 0. "-" and
 * "_" are one separator: BCP 47 and POSIX spell "pt-BR" and "pt_BR" and a person choosing
 * means the same language. */
static gsize
code_prefix_length (const char *locale, const char *code)
{
  gsize i;

  for (i = 0; code[i] != '\0'; i++)
    {
      char a = locale[i] == '_' ? '-' : locale[i];

      if (a == '\0' || g_ascii_tolower (a) != g_ascii_tolower (code[i]))
        return 0;
    }
  return locale[i] == '\0' || strchr ("-_.@", locale[i]) != NULL ? i : 0;
}

/* Names in the reader's language rather than each language's own: the rest of the interface
 * speaks the reader's language, and a name like "日本語" helps nobody who cannot read it. The
 * longest known code a locale starts with names it, so a region with a name of its own
 * ("pt-BR") wins over its language and one without ("de-AT") keeps its language's. */
const char *
herald_locale_name_get_language (const char *code)
{
  const char *name = NULL;
  gsize longest = 0;

  g_return_val_if_fail (code != NULL, NULL);

  /* Herald's own pseudo-locale, never offered as a target language. */
  if (code_prefix_length (code, "en-XA") > 0)
    return _ ("Pseudo-locale");
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      gsize length = code_prefix_length (code, languages[i].code);

      if (length > longest)
        {
          longest = length;
          name = languages[i].name;
        }
    }
  return name != NULL ? _ (name) : NULL;
}

char *
herald_locale_name_dup_label (const char *code)
{
  const char *language;

  g_return_val_if_fail (code != NULL, NULL);

  language = herald_locale_name_get_language (code);
  if (language == NULL)
    return g_strdup (code);
  /* Translators: a language and its code, as in "French — fr". */
  return g_strdup_printf (_ ("%s — %s"), language, code);
}
