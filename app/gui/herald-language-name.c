/* herald-language-name.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-language-name.h"

static const struct
{
  const char *code;
  const char *name;
} language_names[] = {
  { "en", N_ ("English") },    { "fr", N_ ("French") },           { "de", N_ ("German") },
  { "es", N_ ("Spanish") },    { "it", N_ ("Italian") },          { "nl", N_ ("Dutch") },
  { "pt", N_ ("Portuguese") }, { "pl", N_ ("Polish") },           { "sv", N_ ("Swedish") },
  { "da", N_ ("Danish") },     { "ja", N_ ("Japanese") },         { "ar", N_ ("Arabic") },
  { "he", N_ ("Hebrew") },     { "en-XA", N_ ("Pseudo-locale") },
};

const char *
herald_language_name (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    if (g_ascii_strcasecmp (language_names[i].code, code) == 0)
      return _ (language_names[i].name);
  return code;
}
