/* herald-locale-label.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-locale-label"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "herald-locale-label.h"

/* Names in the reader's language rather than each language's own: the rest of the interface
 * speaks the reader's language, and a name like "日本語" helps nobody who cannot read it.
 * Full locales come first so that a regional variant with a name of its own wins over its
 * language. */
static const struct
{
  const char *code;
  const char *name;
} language_names[] = {
  { "en-XA", N_ ("Pseudo-locale") },
  { "pt-BR", N_ ("Brazilian Portuguese") },
  { "zh-Hans", N_ ("Simplified Chinese") },
  { "zh-Hant", N_ ("Traditional Chinese") },
  { "ar", N_ ("Arabic") },
  { "bg", N_ ("Bulgarian") },
  { "ca", N_ ("Catalan") },
  { "cs", N_ ("Czech") },
  { "da", N_ ("Danish") },
  { "de", N_ ("German") },
  { "el", N_ ("Greek") },
  { "en", N_ ("English") },
  { "es", N_ ("Spanish") },
  { "et", N_ ("Estonian") },
  { "fi", N_ ("Finnish") },
  { "fr", N_ ("French") },
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
};

/* Whether a locale is code, or code followed by subtags, a codeset or a modifier; "-" and "_"
 * are the same separator (BCP 47 and POSIX spell "pt-BR" and "pt_BR"). */
static gboolean
has_prefix_code (const char *locale, const char *code)
{
  gsize i;

  for (i = 0; code[i] != '\0'; i++)
    {
      char a = locale[i] == '_' ? '-' : locale[i];

      if (a == '\0' || g_ascii_tolower (a) != g_ascii_tolower (code[i]))
        return FALSE;
    }
  return locale[i] == '\0' || strchr ("-_.@", locale[i]) != NULL;
}

const char *
herald_locale_label_lookup_language (const char *locale)
{
  g_return_val_if_fail (locale != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    if (has_prefix_code (locale, language_names[i].code))
      return _ (language_names[i].name);
  return NULL;
}

char *
herald_locale_label_dup (const char *locale)
{
  const char *name;

  g_return_val_if_fail (locale != NULL, NULL);

  name = herald_locale_label_lookup_language (locale);
  if (name == NULL)
    return g_strdup (locale);
  /* Translators: a language and its code, as in "French — fr". */
  return g_strdup_printf (_ ("%s — %s"), name, locale);
}
