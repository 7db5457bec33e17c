/* test-json-util.c: herald_json_parser_load() hands json-glib the text without its blanks;
 * the tree must be the one json-glib makes of the text as written. herald_json_fast_parse()
 * builds the tree itself: it must be json-glib's to the last node, or NULL (json-glib then
 * reads the text), and NULL for every text json-glib refuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "herald-core-error.h"
#include "herald-json-fast.h"
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

/* The differential part. The comparer is the test's own: json_node_equal() takes 1 and 1.0
 * for equal, and neither looks at member order, parents or sealing. */
static void
assert_same_node (JsonNode *want, JsonNode *got, JsonNode *want_parent, JsonNode *got_parent)
{
  g_assert_cmpint (JSON_NODE_TYPE (got), ==, JSON_NODE_TYPE (want));
  g_assert_true (json_node_get_parent (want) == want_parent);
  g_assert_true (json_node_get_parent (got) == got_parent);
  g_assert_cmpint (json_node_is_immutable (got), ==, json_node_is_immutable (want));
  if (json_node_is_immutable (want))
    g_assert_cmpuint (json_node_hash (got), ==, json_node_hash (want));

  switch (JSON_NODE_TYPE (want))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *want_object = json_node_get_object (want);
        JsonObject *got_object = json_node_get_object (got);
        g_autoptr (GList) want_names = json_object_get_members (want_object);
        g_autoptr (GList) got_names = json_object_get_members (got_object);
        const GList *w = want_names;
        const GList *g = got_names;

        g_assert_cmpuint (json_object_get_size (got_object), ==,
                          json_object_get_size (want_object));
        g_assert_cmpuint (g_list_length (got_names), ==, g_list_length (want_names));
        for (; w != NULL; w = w->next, g = g->next)
          {
            g_assert_cmpstr (g->data, ==, w->data);
            assert_same_node (json_object_get_member (want_object, w->data),
                              json_object_get_member (got_object, g->data), want, got);
          }
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *want_array = json_node_get_array (want);
        JsonArray *got_array = json_node_get_array (got);

        g_assert_cmpuint (json_array_get_length (got_array), ==,
                          json_array_get_length (want_array));
        for (guint i = 0; i < json_array_get_length (want_array); i++)
          assert_same_node (json_array_get_element (want_array, i),
                            json_array_get_element (got_array, i), want, got);
        break;
      }
    case JSON_NODE_VALUE:
      g_assert_true (json_node_get_value_type (got) == json_node_get_value_type (want));
      switch (json_node_get_value_type (want))
        {
        case G_TYPE_INT64:
          g_assert_cmpint (json_node_get_int (got), ==, json_node_get_int (want));
          break;
        case G_TYPE_DOUBLE:
          {
            double want_double = json_node_get_double (want);
            double got_double = json_node_get_double (got);

            /* Bit for bit: -0.0 is not 0.0. */
            g_assert_cmpmem (&got_double, sizeof got_double, &want_double, sizeof want_double);
            break;
          }
        case G_TYPE_BOOLEAN:
          g_assert_cmpint (json_node_get_boolean (got), ==, json_node_get_boolean (want));
          break;
        case G_TYPE_STRING:
          g_assert_cmpstr (json_node_get_string (got), ==, json_node_get_string (want));
          break;
        default:
          g_assert_not_reached ();
        }
      break;
    case JSON_NODE_NULL:
      break;
    default:
      g_assert_not_reached ();
    }
}

/* json-glib's tree of text, through the path Herald took before the fast reader, or NULL
 * when it refuses the text or finds no value in it. */
static JsonNode *
parse_with_json_glib (const char *text, gsize length, gboolean sealed)
{
  g_autoptr (JsonParser) parser = sealed ? json_parser_new_immutable () : json_parser_new ();
  JsonNode *root;

  if (!herald_json_parser_load (parser, text, length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL ? json_node_ref (root) : NULL;
}

typedef enum
{
  FAST_MAY_DECLINE,
  FAST_MUST_READ,
  FAST_MUST_DECLINE,
} FastExpectation;

static guint n_read_fast;
static guint n_declined;

static void
check_text_len (const char *text, gsize length, FastExpectation expectation)
{
  g_autoptr (JsonNode) want = parse_with_json_glib (text, length, FALSE);
  g_autoptr (JsonNode) got = herald_json_fast_parse (text, length);

  if (expectation == FAST_MUST_READ && got == NULL)
    g_error ("The fast reader declined “%.*s”", (int) MIN (length, 200), text);
  if (expectation == FAST_MUST_DECLINE && got != NULL)
    g_error ("The fast reader read “%.*s”", (int) MIN (length, 200), text);
  if (want == NULL && got != NULL)
    g_error ("The fast reader read “%.*s”, which json-glib refuses", (int) MIN (length, 200), text);

  if (got == NULL)
    {
      n_declined++;
      return;
    }
  n_read_fast++;
  assert_same_node (want, got, NULL, NULL);

  /* Sealed as an immutable JsonParser seals, node by node. */
  {
    g_autoptr (JsonNode) want_sealed = parse_with_json_glib (text, length, TRUE);
    g_autoptr (JsonNode) got_sealed = herald_json_parse_text ("test", text, length, NULL);
    g_autoptr (JsonNode) got_unsealed =
        herald_json_parse_text_unsealed ("test", text, length, NULL);

    g_assert_nonnull (want_sealed);
    g_assert_true (json_node_is_immutable (want_sealed));
    assert_same_node (want_sealed, got_sealed, NULL, NULL);
    assert_same_node (want, got_unsealed, NULL, NULL);
  }
}

static void
check_text (const char *text, FastExpectation expectation)
{
  check_text_len (text, strlen (text), expectation);
}

/* Strict JSON of every kind: the fast reader must take each and build json-glib's tree. */
static const char *const strict_texts[] = {
  /* Numbers: which are gint64, which double, and their exact values. */
  "0",
  "-0",
  "1",
  "-1",
  "10",
  "-10",
  "123456789012345678",
  "-123456789012345678",
  "999999999999999999",
  "0.0",
  "-0.0",
  "0.1",
  "-0.1",
  "1.0",
  "1.5",
  "1e5",
  "1E5",
  "1e+5",
  "1E+2",
  "1e-2",
  "-1e-2",
  "0e0",
  "-0e-0",
  "0E+0",
  "12.5e3",
  "1.7976931348623157e308",
  "4.9e-324",
  "2.2250738585072014e-308",
  "1e-400",
  "0.30000000000000004",
  "[0,1,-1,0.5,-0.5,1e2,-1E-2]",
  /* Strings: every escape, \u escapes, surrogate pairs, raw UTF-8, raw control characters
   * (json-glib keeps them). */
  "\"\"",
  "\"a\"",
  "\"\\\"\"",
  "\"\\\\\"",
  "\"\\/\"",
  "\"\\b\\f\\n\\r\\t\"",
  "\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"",
  "\"\\u0041\"",
  "\"\\u00e9\\u00C9\"",
  "\"\\u20ac\"",
  "\"\\uFFFF\"",
  "\"\\uD83D\\uDE00\"",
  "\"\\ud83d\\ude00x\"",
  "\"\\uDBFF\\uDFFF\"",
  "\"\\u0001\"",
  "\"é€😀 •••• 3306\"",
  "\"tab\there\"",
  "\"line\nbreak\"",
  "\"\x01\x1f\"",
  "\"0123456789abcdef0123456789abcdef\\n0123456789abcdef\"",
  /* Words. */
  "true",
  "false",
  "null",
  "[true,false,null]",
  /* Containers, empty and nested, blanks everywhere JSON allows them. */
  "{}",
  "[]",
  "[[]]",
  "[{}]",
  "{\"a\":{}}",
  "{\"a\":[]}",
  "[[],{},[[{}]]]",
  "{ }",
  "[ ]",
  " \t\r\n{ \"a\" \t:\n 1 ,\r\n\"b\" : [ 1 , 2 ] ,\"c\":{\"d\":\"e\"} } \n\t",
  "{\"\":\"\"}",
  "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9}",
  "{\"z\":1,\"a\":2,\"m\":3}",
  /* Names written twice: json-glib keeps the first place and the last value. */
  "{\"a\":1,\"a\":2}",
  "{\"a\":1,\"b\":2,\"a\":[3],\"c\":{\"a\":4,\"a\":{}}}",
  "{\"a\":{\"x\":1},\"a\":{\"y\":2}}",
  /* Escaped names. */
  "{\"\\u00e9\":1,\"\\n\":2,\"a\\\"b\":3}",
  /* A realistic scenario. */
  "{\n  \"name\": \"Usual salary\",\n  \"variables\": {\n    \"amount\": 2480,\n"
  "    \"balance\": 2518.2,\n    \"items\": [\n      { \"label\": \"Rent\", \"due\": true },\n"
  "      { \"label\": \"Café\", \"due\": null }\n    ],\n    \"note\": \"€0.00\"\n  },\n"
  "  \"locales\": { \"fr\": { \"amount\": 2480 } }\n}\n",
};

/* Texts outside the fast reader's subset: mistakes, and what json-glib reads in its own
 * way. Either way json-glib must read them. */
static const char *const declined_texts[] = {
  "",
  " ",
  " \n\t ",
  "01",
  "-01",
  "00",
  "1.",
  "-1.",
  ".5",
  "-.5",
  "0x10",
  "0X1f",
  "0b1",
  "$10",
  "+1",
  "- 1",
  "-",
  "1e",
  "1e+",
  "1E-",
  "1.e5",
  "1ee5",
  "1.5.2",
  "1a",
  "12345678901234567890",
  "1234567890123456789",
  "-9223372036854775808",
  "1e400",
  "-1e400",
  "1.00000000000000000000000000000000000000000000000000000000000001",
  "[1,]",
  "[,1]",
  "[1 2]",
  "[1,,2]",
  "{\"a\":1,}",
  "{,}",
  "{\"a\" 1}",
  "{\"a\":}",
  "{\"a\"}",
  "{a:1}",
  "{'a':1}",
  "['a']",
  "{\"a\":1 \"b\":2}",
  "[1}",
  "{\"a\":1]",
  "[",
  "{",
  "]",
  "}",
  "[[]",
  "{\"a\":{}",
  "// comment\n{}",
  "/* comment */ {}",
  "{} // comment",
  "# hash\n{}",
  "{}/",
  "tru",
  "truex",
  "True",
  "nul",
  "nulll",
  "falsey",
  "[true1]",
  "[null-1]",
  "{} {}",
  "{}x",
  "1 2",
  "\"a\" \"b\"",
  "var a = {};",
  "var a = 1",
  "\xEF\xBB\xBF{}",
  "[1]\f",
  "\f[1]",
  "\v1",
  "\"\\u0000\"",
  "\"a\\u0000b\"",
  "\"\\uD800\"",
  "\"\\uDC00\"",
  "\"\\uD800x\"",
  "\"\\uD800\\u0041\"",
  "\"\\uD800\\uD800\"",
  "\"\\uDC00\\uD800\"",
  "\"\\uD83D\\uDE0\"",
  "\"\\u12\"",
  "\"\\u12\" ",
  "\"\\u\"",
  "\"\\uZZZZ\"",
  "\"\\x41\"",
  "\"\\0\"",
  "\"\\101\"",
  "\"\\a\"",
  "\"\\'\"",
  "\"\\",
  "\"abc",
  "\"\xC3\"",
  "\"\xC3(\"",
  "\"\xFF\"",
  "\"\xED\xA0\x80\"",
  "{\"\xC3\":1}",
  "\xC3\xA9",
  "[\"a\",\xC3\xA9]",
  "'single'",
  "undefined",
  "NaN",
  "Infinity",
  "-Infinity",
  "[1,2,3]]",
  "{\"a\":1}}",
};

static void
test_fast_strict (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (strict_texts); i++)
    check_text (strict_texts[i], FAST_MUST_READ);
}

static void
test_fast_declined (void)
{
  /* A NUL inside a string, and after the value. */
  static const char with_nul[] = "{\"a\":\"b\0c\"}";
  static const char nul_after[] = "{}\0";

  for (gsize i = 0; i < G_N_ELEMENTS (declined_texts); i++)
    check_text (declined_texts[i], FAST_MUST_DECLINE);
  check_text_len (with_nul, sizeof with_nul - 1, FAST_MUST_DECLINE);
  check_text_len (nul_after, sizeof nul_after - 1, FAST_MUST_DECLINE);
}

static char *
nested (guint depth, const char *open, const char *inner, const char *close)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, open);
  g_string_append (text, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append (text, close);
  return g_string_free (text, FALSE);
}

/* HERALD_JSON_MAX_DEPTH levels are read; one more is refused, by json-glib's path too. */
static void
test_fast_depth (void)
{
  g_autofree char *arrays = nested (HERALD_JSON_MAX_DEPTH, "[", "1", "]");
  g_autofree char *objects = nested (HERALD_JSON_MAX_DEPTH, "{\"a\":", "{}", "}");
  g_autofree char *too_deep = nested (HERALD_JSON_MAX_DEPTH + 1, "[", "", "]");
  g_autofree char *too_deep_objects = nested (HERALD_JSON_MAX_DEPTH, "{\"a\":", "[]", "}");

  check_text (arrays, FAST_MUST_READ);
  check_text (objects + strlen ("{\"a\":"), FAST_MAY_DECLINE);
  check_text (too_deep, FAST_MUST_DECLINE);
  check_text (too_deep_objects, FAST_MUST_DECLINE);
  g_assert_null (parse_with_json_glib (too_deep, strlen (too_deep), FALSE));
}

/* Every text one byte away from a strict one: deleted, replaced or inserted, with the bytes
 * that matter to a JSON reader. Whatever json-glib makes of them, the fast reader agrees or
 * declines. */
static void
test_fast_mutations (void)
{
  static const char bytes[] = " \t\n\f\"\\/,:[]{}0159-+.eEuxbtfn'#\xC3\xA9\x80";
  guint before_read = n_read_fast;

  for (gsize i = 0; i < G_N_ELEMENTS (strict_texts); i++)
    {
      const char *base = strict_texts[i];
      gsize length = strlen (base);
      g_autofree char *text = g_malloc (length + 2);

      for (gsize at = 0; at <= length; at++)
        {
          if (at < length)
            {
              /* Deleted. */
              memcpy (text, base, at);
              memcpy (text + at, base + at + 1, length - at - 1);
              check_text_len (text, length - 1, FAST_MAY_DECLINE);
            }
          for (gsize b = 0; b < sizeof bytes; b++) /* with the NUL */
            {
              /* Inserted. */
              memcpy (text, base, at);
              text[at] = bytes[b];
              memcpy (text + at + 1, base + at, length - at);
              check_text_len (text, length + 1, FAST_MAY_DECLINE);
              if (at < length)
                {
                  /* Replaced. */
                  memcpy (text, base, length);
                  text[at] = bytes[b];
                  check_text_len (text, length, FAST_MAY_DECLINE);
                }
            }
        }
    }
  /* Blanks added or a digit changed leave strict JSON: the reader must still be used. */
  g_assert_cmpuint (n_read_fast - before_read, >, 1000);
}

static void
check_files_under (const char *dir, GPtrArray *read_fast)
{
  g_autoptr (GDir) entries = g_dir_open (dir, 0, NULL);
  const char *name;

  if (entries == NULL)
    return;
  while ((name = g_dir_read_name (entries)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          check_files_under (path, read_fast);
          continue;
        }
      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      check_text_len (contents, length, FAST_MAY_DECLINE);
      {
        g_autoptr (JsonNode) root = herald_json_fast_parse (contents, length);

        if (root != NULL)
          g_ptr_array_add (read_fast, g_strdup (path));
        /* The files every lint reads must take the fast way, or the speed-up is gone. */
        else if (strstr (path, "/scenarios/") != NULL || g_str_has_suffix (path, "template.json") ||
                 g_str_has_suffix (path, "caniemail.json"))
          g_error ("The fast reader declined %s", path);
      }
    }
}

/* Every JSON file of the repository: samples, test data, the caniemail snapshot, the
 * fuzzing corpus. */
static void
test_fast_repository_files (void)
{
  const char *source_dir = g_getenv ("HERALD_SOURCE_DIR");
  g_autoptr (GPtrArray) read_fast = g_ptr_array_new_with_free_func (g_free);
  static const char *const dirs[] = { "data", "tests", "build-aux" };
  gboolean caniemail = FALSE;
  guint scenarios = 0;

  /* tests/core/meson.build sets it: without it the test would check nothing. */
  g_assert_nonnull (source_dir);
  for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (source_dir, dirs[i], NULL);

      check_files_under (dir, read_fast);
    }
  for (guint i = 0; i < read_fast->len; i++)
    {
      const char *path = read_fast->pdata[i];

      caniemail = caniemail || g_str_has_suffix (path, "caniemail.json");
      scenarios += strstr (path, "/samples/") != NULL && strstr (path, "/scenarios/") != NULL;
    }
  g_assert_true (caniemail);
  g_assert_cmpuint (scenarios, >=, 10);
}

/* A file json-glib refuses is still reported with its place, as before. */
static void
test_parse_text_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = herald_json_parse_text ("x.json", "{\n  \"a\": 1,\n}", -1, &error);

  g_assert_null (root);
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (error->message, "x.json:3:1: malformed JSON"));
  g_clear_error (&error);

  g_assert_null (herald_json_parse_text_unsealed ("y.json", " \n", -1, &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MALFORMED);
  g_assert_cmpstr (error->message, ==, "y.json:1:1: malformed JSON: the file is empty");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-util/parser-load/strings-around-blocks", test_strings_around_blocks);
  g_test_add_func ("/json-util/fast/strict", test_fast_strict);
  g_test_add_func ("/json-util/fast/declined", test_fast_declined);
  g_test_add_func ("/json-util/fast/depth", test_fast_depth);
  g_test_add_func ("/json-util/fast/mutations", test_fast_mutations);
  g_test_add_func ("/json-util/fast/repository-files", test_fast_repository_files);
  g_test_add_func ("/json-util/parse-text/errors", test_parse_text_errors);
  return g_test_run ();
}
