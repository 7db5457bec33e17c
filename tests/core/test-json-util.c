/* test-json-util.c: herald_json_parser_load() hands json-glib the text without its blanks;
 * the tree must be the one json-glib makes of the text as written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-json-util.h"

static JsonNode *
parse_as_written (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static void
assert_same_tree (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) expected = parse_as_written (text);
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;

  g_assert_true (herald_json_parser_load (parser, text, -1, &error));
  g_assert_no_error (error);
  want = json_to_string (expected, FALSE);
  got = json_to_string (json_parser_get_root (parser), FALSE);
  g_assert_cmpstr (got, ==, want);
  g_assert_true (json_node_equal (expected, json_parser_get_root (parser)));
}

/* Strings of each length around the sixteen bytes read at a time, an escape (a quote, a
 * backslash, a line break, a slash, a \u one) at each place, in an indented object. */
static void
test_strings_around_blocks (void)
{
  static const char *const escapes[] = { "\\\"", "\\\\", "\\n", "\\/", "\\u00e9", "\\\"\\\\" };

  for (gsize length = 0; length <= 40; length++)
    for (gsize e = 0; e < G_N_ELEMENTS (escapes); e++)
      for (gsize at = 0; at <= length; at++)
        {
          g_autoptr (GString) value = g_string_new (NULL);
          g_autofree char *text = NULL;

          for (gsize k = 0; k < length; k++)
            {
              if (k == at)
                g_string_append (value, escapes[e]);
              g_string_append_c (value, (char) ('a' + k % 26));
            }
          if (at == length)
            g_string_append (value, escapes[e]);
          text = g_strdup_printf ("{\n  \"name\": \"%s\",\n  \"list\": [\n    \"%s\", 1, true\n"
                                  "  ],\n  \"%s\": { \"x\": \"%s\" }\n}\n",
                                  value->str, value->str, value->str, value->str);
          assert_same_tree (text);
        }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-util/parser-load/strings-around-blocks", test_strings_around_blocks);
  return g_test_run ();
}
