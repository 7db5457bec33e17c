/* herald-hash.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/* A string hash for GHashTable reading eight bytes at a time: catalogue keys are whole
 * sentences and paragraphs, which g_str_hash() walks one byte at a time. */
static inline guint
herald_str_hash (gconstpointer key)
{
  const char *text = key;
  gsize length = strlen (text);
  guint64 hash = (length + 1) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, 8);
      hash = (hash ^ word) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      hash ^= hash >> 29;
    }
  for (; i < length; i++)
    hash = (hash ^ (guchar) text[i]) * G_GUINT64_CONSTANT (0x100000001B3);
  return (guint) (hash ^ (hash >> 32));
}

G_END_DECLS
