/* herald-gstring.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/* g_string_append_len() for the many short pieces of a rendering, a translation or a
 * finding: when they fit, a copy in place (GLib 2.74's goes through g_string_insert_len(),
 * whose checks cost more than most copies), else GLib's own, which grows the string the same
 * way. bytes must not lie inside string's buffer, as is the case of the template, of JSON
 * values and of catalogue entries. */
static inline void
herald_gstring_append (GString *string, const char *bytes, gsize length)
{
  if (G_LIKELY (string->allocated_len - string->len > length))
    {
      memcpy (string->str + string->len, bytes, length);
      string->len += length;
      string->str[string->len] = '\0';
    }
  else
    g_string_append_len (string, bytes, length);
}

/* herald_gstring_append() of a NUL-terminated text. */
static inline void
herald_gstring_append_str (GString *string, const char *text)
{
  herald_gstring_append (string, text, strlen (text));
}

G_END_DECLS
