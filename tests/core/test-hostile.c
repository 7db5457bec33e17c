/* test-hostile.c: libraries and data built to break Herald: nesting deep enough to overflow
 * json-glib's stack, a million tags on one line, pipes and devices where files should be,
 * locale names that climb out of the library, values json-glib cannot write back.
 *
 * Cases that crashed or hung before their fix run in a subprocess with a time limit, so that
 * a regression fails its own case instead of the whole program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "herald-core.h"
#include "herald-l10n-error.h"
#include "herald-l10n-library.h"
#include "herald-lint.h"
#include "herald-locale-name.h"
#include "herald-test-files.h"

/* json-glib recursed once per level and crashed near 75,000 levels (issue 20). */
#define DEEP 100000
#define TRAP_TIMEOUT (60 * G_USEC_PER_SEC)

/* Removed when the program ends (a long-line library holds 9 MB). */
static GPtrArray *temp_dirs;

static char *
make_temp_dir (void)
{
  char *dir = herald_test_make_temp_dir ("herald-hostile-XXXXXX");

  g_ptr_array_add (temp_dirs, g_strdup (dir));
  return dir;
}

/* A library of one template, "t", with one scenario. */
static char *
make_library_in (const char *parent)
{
  char *dir = g_build_filename (parent, "lib", NULL);

  herald_test_write_file (dir, "herald.json", "{\n  \"format\": 1,\n  \"name\": \"Hostile\"\n}\n");
  herald_test_write_file (dir, "templates/t/template.json",
                          "{\n  \"name\": \"T\",\n  \"subject\": \"Hi {{var:name}}\",\n"
                          "  \"preheader\": \"P\"\n}\n");
  herald_test_write_file (dir, "templates/t/body.html", "<p>Hello {{var:name}}</p>\n");
  herald_test_write_file (dir, "templates/t/body.txt", "Hello {{var:name}}\n");
  herald_test_write_file (
      dir, "templates/t/scenarios/a.json",
      "{\n  \"name\": \"A\",\n  \"variables\": {\n    \"name\": \"Ann\"\n  }\n}\n");
  return dir;
}

static char *
make_library (void)
{
  g_autofree char *parent = make_temp_dir ();

  return make_library_in (parent);
}

static char *
deep_json (const char *prefix, guint depth, const char *suffix)
{
  GString *out = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (out, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (out, ']');
  g_string_append (out, suffix);
  return g_string_free (out, FALSE);
}

#if defined(__SANITIZE_ADDRESS__)
#define HOSTILE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOSTILE_ASAN 1
#endif
#endif

/* A broken memory bound must fail its case, not exhaust a shared machine. AddressSanitizer
 * reserves far more address space than it uses, so there the limit is left alone. */
static void
limit_memory (void)
{
#ifndef HOSTILE_ASAN
  struct rlimit limit = { 1024 * 1024 * 1024, 1024 * 1024 * 1024 };

  g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);
#endif
}

static void
assert_load_fails (const char *dir, const char *file_part, const char *message_part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (dir, &error);

  g_assert_null (library);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, file_part));
  g_assert_nonnull (strstr (error->message, message_part));
}

/* Runs the current test case again in a subprocess with a time limit, so that a crash or a
 * hang fails this case alone; the case itself runs when g_test_subprocess () is true. */
static void
trap_subprocess_passed (void)
{
  g_test_trap_subprocess (NULL, TRAP_TIMEOUT, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Replaces @file of the library @dir with a FIFO, or with a link to @link_target. */
static void
replace_file (const char *dir, const char *file, const char *link_target)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
  if (link_target != NULL)
    g_assert_cmpint (symlink (link_target, path), ==, 0);
  else
    g_assert_cmpint (mkfifo (path, 0644), ==, 0);
}

/* Deep JSON */

/* A library file replaced with JSON nested DEEP levels; the error names the place of the
 * first bracket too many. */
typedef struct
{
  const char *path;
  const char *file;
  const char *prefix;
  const char *location;
} DeepFileCase;

static const DeepFileCase deep_file_cases[] = {
  /* Line 1, after `{"format": 1, "x": ` and 512 brackets. */
  { "/herald/hostile/deep/library-json", "herald.json",
    "{\"format\": 1, \"x\": ", "herald.json:1:531:" },
  { "/herald/hostile/deep/template-json", "templates/t/template.json",
    "{\"name\": \"T\",\n \"x\": ", "template.json:2:518:" },
};

static void
test_deep_file (gconstpointer data)
{
  const DeepFileCase *c = data;

  if (g_test_subprocess ())
    {
      g_autofree char *dir = make_library ();
      g_autofree char *deep = deep_json (c->prefix, DEEP, "}");

      herald_test_write_file (dir, c->file, deep);
      assert_load_fails (dir, c->location, "less deeply nested");
      return;
    }
  trap_subprocess_passed ();
}

static void
test_deep_scenario (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = make_library ();
      g_autofree char *deep = deep_json ("{\"variables\": {\"name\": ", DEEP, "}}");
      g_autoptr (GError) error = NULL;
      g_autoptr (HeraldLibrary) library = NULL;
      g_autoptr (HeraldScenario) scenario = NULL;
      g_autoptr (GPtrArray) diagnostics = NULL;
      HeraldTemplate *template;

      herald_test_write_file (dir, "templates/t/scenarios/a.json", deep);
      library = herald_library_load (dir, &error);
      g_assert_no_error (error);
      template = herald_library_find_template (library, "t");
      scenario = g_list_model_get_item (herald_template_get_scenarios (template), 0);

      g_assert_null (herald_scenario_get_variables (scenario, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "a.json:1:534:"));
      g_assert_nonnull (strstr (error->message, "less deeply nested"));

      /* The checks report it instead of crashing. */
      diagnostics = herald_lint_template (template);
      g_assert_cmpint (herald_lint_max_severity (diagnostics), ==, HERALD_SEVERITY_ERROR);
      return;
    }
  trap_subprocess_passed ();
}

/* What the Mailjet client and the Sandbox use for HTTP bodies. */
static void
test_deep_parser_load (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *deep = deep_json ("{\"Messages\": ", DEEP, "}");
      g_autofree char *at_limit = deep_json ("", HERALD_JSON_MAX_DEPTH, "");
      g_autofree char *over_limit = deep_json ("", HERALD_JSON_MAX_DEPTH + 1, "");
      g_autoptr (GString) in_string = g_string_new ("[\"\\\"");
      g_autoptr (JsonParser) parser = json_parser_new_immutable ();
      g_autoptr (GError) error = NULL;

      g_assert_false (herald_json_parser_load (parser, deep, -1, &error));
      g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
      g_clear_error (&error);

      g_assert_true (herald_json_parser_load (parser, at_limit, -1, &error));
      g_assert_no_error (error);
      g_assert_false (herald_json_parser_load (parser, over_limit, -1, &error));
      g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
      g_clear_error (&error);

      /* Brackets in strings, after an escaped quote, are text, not nesting. */
      for (guint i = 0; i < DEEP; i++)
        g_string_append (in_string, "[{");
      g_string_append (in_string, "\"]");
      g_assert_true (herald_json_parser_load (parser, in_string->str, in_string->len, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (strlen (json_array_get_string_element (
                            json_node_get_array (json_parser_get_root (parser)), 0)),
                        ==, 1 + 2 * DEEP);
      return;
    }
  trap_subprocess_passed ();
}

/* A long line */

#define LONG_LINE_TAGS 1000000

static char *
long_line (const char *prefix, guint tags, const char *suffix)
{
  GString *out = g_string_sized_new (strlen (prefix) + 9 * (gsize) tags + strlen (suffix));

  g_string_append (out, prefix);
  for (guint i = 0; i < tags; i++)
    g_string_append (out, "{{var:x}}");
  g_string_append (out, suffix);
  return g_string_free (out, FALSE);
}

/* Minified one-line HTML: parse and render stay linear. The time is printed as a figure;
 * before the position index the quadratic recount took minutes and hit the test timeout. */
static void
test_long_line_render (void)
{
  g_autofree char *source = long_line ("<p>é", LONG_LINE_TAGS, "</p>");
  g_autoptr (HeraldTlTemplate) tree = NULL;
  g_autoptr (JsonObject) variables = json_object_new ();
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  HeraldTlLocation location;
  HeraldTlContext context;
  gint64 start = g_get_monotonic_time ();

  json_object_set_string_member (variables, "x", "ab");
  herald_tl_context_init (&context);
  context.variables = variables;

  tree = herald_tl_template_parse (source, -1, &location, &error);
  g_assert_no_error (error);
  g_assert_true (herald_tl_template_render (tree, &context, out, &location, &error));
  g_assert_no_error (error);
  g_test_message ("long line: %u tags on one line (%zu bytes) parsed and rendered in %.2f s",
                  LONG_LINE_TAGS, strlen (source),
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  g_assert_cmpuint (out->len, ==, strlen ("<p>é") + 2 * (gsize) LONG_LINE_TAGS + strlen ("</p>"));
  g_assert_true (g_str_has_suffix (out->str, "abab</p>"));
}

/* The checks on the same line: the finding at its end has the right column, counted in
 * characters (the "é" is two bytes and one column). */
static void
test_long_line_lint (void)
{
  g_autofree char *dir = make_library ();
  g_autofree char *html = long_line ("<p>é", LONG_LINE_TAGS, "{% endif %}</p>\n");
  g_autofree char *path = g_build_filename (dir, "templates/t/body.html", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GPtrArray) diagnostics = NULL;
  HeraldDiagnostic *syntax = NULL;
  gint64 start;

  g_file_set_contents (path, html, -1, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  diagnostics = herald_lint_template (herald_library_find_template (library, "t"));
  g_test_message ("long line: %u tags on one line loaded and checked in %.2f s", LONG_LINE_TAGS,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  for (guint i = 0; i < diagnostics->len; i++)
    if (g_str_equal (herald_diagnostic_get_rule_id (g_ptr_array_index (diagnostics, i)),
                     "syntax-error"))
      syntax = g_ptr_array_index (diagnostics, i);
  g_assert_nonnull (syntax);
  g_assert_cmpint (herald_diagnostic_get_part (syntax), ==, HERALD_PART_HTML);
  g_assert_cmpuint (herald_diagnostic_get_line (syntax), ==, 1);
  /* "<p>é" is 4 characters, the tags 9 each, then "{% " before the keyword. */
  g_assert_cmpuint (herald_diagnostic_get_column (syntax), ==, 4 + 9 * LONG_LINE_TAGS + 3 + 1);
}

/* Every position the parser gives, including those it looks up behind its cursor (an
 * operator after a long right operand, a step back across a line), against a plain count. */
typedef struct
{
  const char *source;
  guint checked;
} PositionCheck;

static void
assert_location (PositionCheck *check, const HeraldTlLocation *location)
{
  guint line = 1;
  guint column = 1;

  for (gsize i = 0; i < location->offset; i++)
    {
      if (check->source[i] == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) check->source[i] & 0xC0) != 0x80)
        {
          column++;
        }
    }
  g_assert_cmpuint (location->line, ==, line);
  g_assert_cmpuint (location->column, ==, column);
  check->checked++;
}

static void
check_expr (const HeraldTlExpr *expr, const HeraldTlNode *node, gpointer user_data)
{
  assert_location (user_data, &expr->location);
}

static void
check_node (const HeraldTlNode *node, gpointer user_data)
{
  assert_location (user_data, &node->location);
  if (node->kind == HERALD_TL_NODE_IF || node->kind == HERALD_TL_NODE_FOR)
    assert_location (user_data, &node->end_tag_location);
  if (node->kind == HERALD_TL_NODE_IF)
    for (const HeraldTlBranch *b = node->if_.branches; b != NULL; b = b->next)
      assert_location (user_data, &b->location);
}

static void
test_positions_behind_cursor (void)
{
  g_autoptr (GString) source = g_string_new ("<p>ünïcödé {{ var:a + \"");
  g_autoptr (HeraldTlTemplate) tree = NULL;
  g_autoptr (GError) error = NULL;
  HeraldTlLocation location;
  PositionCheck check = { NULL, 0 };

  /* A right operand far longer than one index block, with multi-byte characters. */
  for (guint i = 0; i < 700; i++)
    g_string_append (source, i % 3 == 0 ? "é" : "x");
  g_string_append (source, "\" }}\n{% if var:b\n  = 2 %}\n");
  for (guint i = 0; i < 300; i++)
    g_string_append (source, "{{ var:c * 2 }}ł");
  g_string_append (source, "\n{% elseif var:a\n+\n\"long\" %}x{% else %}y{% endif %}\n"
                           "{% for item in var:list %}{{ item.name }}{% endfor %}{{ 1 +\n");
  for (guint i = 0; i < 400; i++)
    g_string_append (source, "2 + ");
  g_string_append (source, "3 }}\n");

  tree = herald_tl_template_parse (source->str, source->len, &location, &error);
  g_assert_no_error (error);
  check.source = source->str;
  herald_tl_template_foreach_node (tree, check_node, &check);
  herald_tl_template_foreach_expr (tree, check_expr, &check);
  g_assert_cmpuint (check.checked, >, 1000);
}

/* Special files */

/* A library file that is no ordinary file must fail the load, naming the file, instead of
 * blocking on a FIFO or reading /dev/zero until memory runs out. */
typedef struct
{
  const char *path;
  const char *file;
  const char *link_target; /* NULL: a FIFO */
  const char *file_part;
} SpecialFileCase;

static const SpecialFileCase special_file_cases[] = {
  { "/herald/hostile/special/fifo-body", "templates/t/body.html", NULL, "body.html" },
  { "/herald/hostile/special/fifo-library-json", "herald.json", NULL, "herald.json" },
  { "/herald/hostile/special/dev-zero-body", "templates/t/body.html", "/dev/zero", "body.html" },
};

static void
test_special_file (gconstpointer data)
{
  const SpecialFileCase *c = data;

  if (g_test_subprocess ())
    {
      g_autofree char *dir = make_library ();

      if (c->link_target != NULL)
        limit_memory ();
      replace_file (dir, c->file, c->link_target);
      assert_load_fails (dir, c->file_part, "not an ordinary file");
      return;
    }
  trap_subprocess_passed ();
}

static void
test_fifo_po (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = make_library ();
      g_autofree char *path = g_build_filename (dir, "po/fr.po", NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (HeraldLibrary) library = NULL;

      herald_test_write_file (dir, "po/LINGUAS", "fr\n");
      g_assert_cmpint (mkfifo (path, 0644), ==, 0);
      library = herald_library_load (dir, &error);
      g_assert_no_error (error);
      g_assert_null (herald_l10n_load_catalog (library, "fr", &error));
      g_assert_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ);
      g_assert_nonnull (strstr (error->message, "fr.po"));
      g_assert_nonnull (strstr (error->message, "not an ordinary file"));
      return;
    }
  trap_subprocess_passed ();
}

/* A legitimate link (a shared body) still loads. */
static void
test_symlinked_body (void)
{
  g_autofree char *dir = make_library ();
  g_autofree char *shared = g_build_filename (dir, "shared.html", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;

  herald_test_write_file (dir, "shared.html", "<p>Shared</p>\n");
  replace_file (dir, "templates/t/body.html", shared);
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_template_get_html (herald_library_find_template (library, "t")), ==,
                   "<p>Shared</p>\n");
}

static void
test_too_large_body (void)
{
  g_autofree char *dir = make_library ();
  g_autofree char *path = g_build_filename (dir, "templates/t/body.txt", NULL);
  int fd = open (path, O_WRONLY | O_TRUNC);

  g_assert_cmpint (fd, >=, 0);
  /* Sparse: nothing is written, the size is what counts. */
  g_assert_cmpint (ftruncate (fd, HERALD_FILE_MAX_TEMPLATE_PART + 1), ==, 0);
  close (fd);
  assert_load_fails (dir, "body.txt", "too large");
}

/* Locale names */

static void
test_locale_names (void)
{
  const char *valid[] = { "fr",    "pt-BR", "zh-Hant",  "sr-Latn",     "sr-Latn-RS",    "es-419",
                          "en-XA", "pt_BR", "sr@latin", "de_DE.UTF-8", "ca_ES@valencia" };
  const char *invalid[] = { "",
                            "..",
                            "../../evil",
                            "fr/../de",
                            "/tmp/x",
                            "f",
                            "fr-",
                            "fr\n",
                            "fr de",
                            "fr..po",
                            "fr.",
                            "fr@",
                            "-fr",
                            "français",
                            "fr-ABCDEFGHI",
                            "en-aaaaaaaa-bbbbbbbb-cccccccc-dddddddd-eeeeeeee-ffffffff-gggggggg" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (herald_locale_name_is_valid (valid[i]));
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("%s", invalid[i]);
      g_assert_false (herald_locale_name_is_valid (invalid[i]));
    }
}

/* Everything under parent except what lies in skip, as sorted relative paths. */
static void
list_tree (const char *root, const char *relative, const char *skip, GPtrArray *out)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child =
          relative[0] ? g_build_filename (relative, name, NULL) : g_strdup (name);
      g_autofree char *full = g_build_filename (root, child, NULL);

      if (skip != NULL && g_str_equal (child, skip))
        continue;
      g_ptr_array_add (out, g_strdup (child));
      if (g_file_test (full, G_FILE_TEST_IS_DIR) && !g_file_test (full, G_FILE_TEST_IS_SYMLINK))
        list_tree (root, child, skip, out);
    }
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static char *
snapshot (const char *root, const char *skip)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  list_tree (root, "", skip, paths);
  g_ptr_array_sort (paths, compare_paths);
  g_ptr_array_add (paths, NULL);
  return g_strjoinv ("\n", (char **) paths->pdata);
}

static void
test_traversal_target_locales (void)
{
  g_autofree char *parent = make_temp_dir ();
  g_autofree char *dir = make_library_in (parent);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  herald_test_write_file (
      dir, "herald.json",
      "{\n  \"format\": 1,\n  \"targetLocales\": [\"fr\", \"../../evil\"]\n}\n");
  before = snapshot (parent, NULL);
  assert_load_fails (dir, "herald.json", "“../../evil” in \"targetLocales\" is not a locale name");
  after = snapshot (parent, NULL);
  g_assert_cmpstr (after, ==, before);
}

static void
test_traversal_linguas (void)
{
  g_autofree char *parent = make_temp_dir ();
  g_autofree char *dir = make_library_in (parent);
  g_autofree char *outside_before = NULL;
  g_autofree char *outside_after = NULL;
  g_autofree char *po_before = NULL;
  g_autofree char *po_after = NULL;
  g_autofree char *po_dir = g_build_filename (dir, "po", NULL);
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GError) error = NULL;

  herald_test_write_file (dir, "po/LINGUAS", "fr\n../../evil\n");
  outside_before = snapshot (parent, "lib");
  po_before = snapshot (po_dir, NULL);

  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  g_assert_false (herald_l10n_update_po (library, NULL, &error));
  g_assert_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_LOCALE);
  g_assert_nonnull (strstr (error->message, "LINGUAS"));
  g_assert_nonnull (strstr (error->message, "“../../evil”"));
  g_clear_error (&error);

  /* A name given by the caller (the command line) is refused the same way. */
  g_assert_false (herald_l10n_update_po (library, (const char *[]){ "../x", NULL }, &error));
  g_assert_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_LOCALE);
  g_clear_error (&error);
  g_assert_null (herald_l10n_load_catalog (library, "../../evil", &error));
  g_assert_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_LOCALE);
  g_assert_null (herald_l10n_dup_po_path (library, "../../evil"));

  outside_after = snapshot (parent, "lib");
  po_after = snapshot (po_dir, NULL);
  g_assert_cmpstr (outside_after, ==, outside_before);
  /* Nothing was written at all: the names are checked before the first file. */
  g_assert_cmpstr (po_after, ==, po_before);
}

/* Round trips */

static const char *ODD_TEMPLATE_JSON = "{\n"
                                       "  \"name\": \"Round trip\",\n"
                                       "  \"x-big\": 12345678901234567890,\n"
                                       "  \"x-huge\": 1e400,\n"
                                       "  \"x-nul\": \"a\\u0000b\",\n"
                                       "  \"x-nested\" : { \"a\":[1 ,2,{\"b\" :  -0.0}] ,"
                                       "\"c\":\"\\ud83d\\ude00\\/\"},\n"
                                       "  \"subject\":\"Old\",\n"
                                       "  \"x-after\":[ ]\n"
                                       "}\n";

static void
test_unknown_members_round_trip (void)
{
  g_autofree char *dir = make_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldLibrary) reloaded = NULL;
  g_autofree char *saved = NULL;
  HeraldTemplate *template;

  herald_test_write_file (dir, "templates/t/template.json", ODD_TEMPLATE_JSON);
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  template = herald_library_find_template (library, "t");
  herald_template_set_part (template, HERALD_PART_SUBJECT, "New “subject”\n");
  herald_template_set_description (template, "Added");
  g_assert_true (herald_library_save (library, &error));
  g_assert_no_error (error);

  /* The edited value changes in place, the new member goes last; every other byte stays. */
  saved = herald_test_read_file (dir, "templates/t/template.json");
  g_assert_cmpstr (saved, ==,
                   "{\n"
                   "  \"name\": \"Round trip\",\n"
                   "  \"x-big\": 12345678901234567890,\n"
                   "  \"x-huge\": 1e400,\n"
                   "  \"x-nul\": \"a\\u0000b\",\n"
                   "  \"x-nested\" : { \"a\":[1 ,2,{\"b\" :  -0.0}] ,"
                   "\"c\":\"\\ud83d\\ude00\\/\"},\n"
                   "  \"subject\":\"New “subject”\\n\",\n"
                   "  \"x-after\":[ ],\n"
                   "  \"description\": \"Added\"\n"
                   "}\n");

  reloaded = herald_library_load (dir, &error);
  g_assert_no_error (error);
  template = herald_library_find_template (reloaded, "t");
  g_assert_cmpstr (herald_template_get_subject (template), ==, "New “subject”\n");
  g_assert_cmpstr (herald_template_get_description (template), ==, "Added");
}

/* A member name written with escapes is the same member. */
static void
test_escaped_member_name (void)
{
  g_autofree char *dir = make_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autofree char *saved = NULL;

  herald_test_write_file (dir, "templates/t/template.json",
                          "{\"\\u0073ubject\": \"Old\", \"x\": 1.50}");
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  herald_template_set_part (herald_library_find_template (library, "t"), HERALD_PART_SUBJECT,
                            "New");
  g_assert_true (herald_library_save (library, &error));
  saved = herald_test_read_file (dir, "templates/t/template.json");
  g_assert_cmpstr (saved, ==, "{\"\\u0073ubject\": \"New\", \"x\": 1.50}");
}

/* Stricter library checks */

static void
test_format_strict (void)
{
  const char *refused[] = {
    "\"1\"", "\"2\"", "1e400", "1.0", "true", "[2]", "{}", "null", "0", "-1", "18446744073709551617"
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *dir = make_library ();
      g_autofree char *json = g_strdup_printf ("{\"format\": %s}", refused[i]);

      g_test_message ("format %s", refused[i]);
      herald_test_write_file (dir, "herald.json", json);
      assert_load_fails (dir, "herald.json", "\"format\" must be the whole number 1");
    }

  {
    g_autofree char *dir = make_library ();

    herald_test_write_file (dir, "herald.json", "{\"format\": 2}");
    assert_load_fails (dir, "herald.json", "newer Herald (format 2)");
  }
  {
    g_autofree char *dir = make_library ();
    g_autoptr (GError) error = NULL;
    g_autoptr (HeraldLibrary) library = NULL;

    herald_test_write_file (dir, "herald.json", "{\"format\": 1}");
    library = herald_library_load (dir, &error);
    g_assert_no_error (error);
  }
}

static void
test_stray_folder (void)
{
  g_autofree char *dir = make_library ();
  g_autofree char *stray = g_build_filename (dir, "templates", "old-name", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  const char *const *problems;

  g_assert_cmpint (g_mkdir_with_parents (stray, 0755), ==, 0);
  herald_test_write_file (dir, "templates/old-name/body.html", "<p>left over</p>\n");

  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);
  g_assert_nonnull (herald_library_find_template (library, "t"));

  problems = herald_library_get_problems (library);
  g_assert_nonnull (problems);
  g_assert_cmpuint (g_strv_length ((char **) problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], "templates/old-name"));
  g_assert_nonnull (strstr (problems[0], "template.json"));
}

/* herald-cli, as CI runs it: the exit statuses the README promises, the file named on
 * stderr. The binary comes from HERALD_CLI; /usr/bin/timeout turns a hang into status 124. */

typedef HeraldTestRun Run;

static Run
run_cli (const char *first, ...)
{
  va_list args;
  Run run;

  va_start (args, first);
  run = herald_test_run_cli_va (NULL, first, args);
  va_end (args);
  g_test_message ("status %d: %s", run.status, run.err);
  return run;
}

static void
test_cli_deep_library_json (void)
{
  g_autofree char *dir = make_library ();
  g_autofree char *deep = deep_json ("{\"format\": 1, \"x\": ", DEEP, "}");
  Run run;

  herald_test_write_file (dir, "herald.json", deep);
  run = run_cli ("lint", dir, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "herald.json:1:531:"));
  herald_test_run_clear (&run);
}

static void
test_cli_fifo (void)
{
  g_autofree char *dir = make_library ();
  Run run;

  replace_file (dir, "templates/t/body.html", NULL);
  run = run_cli ("render", dir, "t", "--part", "html", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "body.html"));
  herald_test_run_clear (&run);
}

static void
test_cli_update_po_traversal (void)
{
  g_autofree char *parent = make_temp_dir ();
  g_autofree char *dir = make_library_in (parent);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Run run;

  herald_test_write_file (dir, "po/LINGUAS", "fr\n../../evil\n");
  before = snapshot (parent, NULL);

  run = run_cli ("update-po", dir, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "LINGUAS"));
  herald_test_run_clear (&run);

  run = run_cli ("update-po", dir, "../x", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "“../x”"));
  herald_test_run_clear (&run);

  after = snapshot (parent, NULL);
  g_assert_cmpstr (after, ==, before);
}

static void
test_cli_stray_folder (void)
{
  g_autofree char *dir = make_library ();
  g_autofree char *stray = g_build_filename (dir, "templates", "old-name", NULL);
  Run run;

  g_assert_cmpint (g_mkdir_with_parents (stray, 0755), ==, 0);
  run = run_cli ("render", dir, "t", "--part", "subject", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "templates/old-name"));
  herald_test_run_clear (&run);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  temp_dirs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (deep_file_cases); i++)
    g_test_add_data_func (deep_file_cases[i].path, &deep_file_cases[i], test_deep_file);
  g_test_add_func ("/herald/hostile/deep/scenario", test_deep_scenario);
  g_test_add_func ("/herald/hostile/deep/parser-load", test_deep_parser_load);
  g_test_add_func ("/herald/hostile/long-line/render", test_long_line_render);
  g_test_add_func ("/herald/hostile/long-line/lint", test_long_line_lint);
  g_test_add_func ("/herald/hostile/long-line/positions", test_positions_behind_cursor);
  for (guint i = 0; i < G_N_ELEMENTS (special_file_cases); i++)
    g_test_add_data_func (special_file_cases[i].path, &special_file_cases[i], test_special_file);
  g_test_add_func ("/herald/hostile/special/fifo-po", test_fifo_po);
  g_test_add_func ("/herald/hostile/special/symlinked-body", test_symlinked_body);
  g_test_add_func ("/herald/hostile/special/too-large", test_too_large_body);
  g_test_add_func ("/herald/hostile/locale/names", test_locale_names);
  g_test_add_func ("/herald/hostile/locale/target-locales", test_traversal_target_locales);
  g_test_add_func ("/herald/hostile/locale/linguas", test_traversal_linguas);
  g_test_add_func ("/herald/hostile/round-trip/unknown-members", test_unknown_members_round_trip);
  g_test_add_func ("/herald/hostile/round-trip/escaped-name", test_escaped_member_name);
  g_test_add_func ("/herald/hostile/library/format", test_format_strict);
  g_test_add_func ("/herald/hostile/library/stray-folder", test_stray_folder);

  g_test_add_func ("/herald/hostile/cli/deep-library-json", test_cli_deep_library_json);
  g_test_add_func ("/herald/hostile/cli/fifo", test_cli_fifo);
  g_test_add_func ("/herald/hostile/cli/update-po-traversal", test_cli_update_po_traversal);
  g_test_add_func ("/herald/hostile/cli/stray-folder", test_cli_stray_folder);

  status = g_test_run ();
  for (guint i = 0; i < temp_dirs->len; i++)
    herald_test_remove_tree (g_ptr_array_index (temp_dirs, i));
  g_ptr_array_unref (temp_dirs);
  return status;
}
