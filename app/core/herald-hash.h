/* herald-hash.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/* Hashes bytes eight at a time (g_str_hash() takes one): keys here are whole sentences,
 * paragraphs and templates. seed tells apart keys of different kinds. */
static inline guint
herald_bytes_hash (const char *data, gsize length, guint64 seed)
{
  guint64 hash = (length + 1) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) ^ seed;
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, data + i, 8);
      hash = (hash ^ word) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      hash ^= hash >> 29;
    }
  for (; i < length; i++)
    hash = (hash ^ (guchar) data[i]) * G_GUINT64_CONSTANT (0x100000001B3);
  return (guint) (hash ^ (hash >> 32));
}

/* herald_bytes_hash() for a GHashTable of strings. */
static inline guint
herald_str_hash (gconstpointer key)
{
  return herald_bytes_hash (key, strlen (key), 0);
}

G_END_DECLS
