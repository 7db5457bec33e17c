/* test-scenario-ops.c: adding, duplicating, renaming and deleting scenarios on disk, and the
 * JSON the scenario form writes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "herald-core.h"
#include "herald-lint.h"
#include "herald-scenario-ops.h"
#include "herald-test-files.h"

/* Unknown members, an unusual order and a nested object: all must survive. */
static const char *CARD = "{\n"
                          "  \"x-owner\": \"payments\",\n"
                          "  \"variables\": {\n"
                          "    \"amount\": 12.5,\n"
                          "    \"card\": {\n"
                          "      \"brand\": \"Visa\"\n"
                          "    }\n"
                          "  },\n"
                          "  \"name\": \"Card payment\",\n"
                          "  \"x-notes\": [\n"
                          "    1,\n"
                          "    2\n"
                          "  ]\n"
                          "}\n";

typedef struct
{
  char *dir;
  HeraldTemplate *tmpl;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = herald_test_make_temp_dir ("herald-scenario-ops-XXXXXX");
  herald_test_write_file (fixture->dir, "template.json", "{\"name\": \"Alert\"}\n");
  herald_test_write_file (fixture->dir, "body.html",
                          "<p>{{var:amount}} {{var:user.city}} {{var:note:\"-\"}}</p>\n"
                          "{% for item in var:items %}{{item}}{% endfor %}{{var:amount}}\n");
  herald_test_write_file (fixture->dir, "scenarios/card.json", CARD);
  fixture->tmpl = herald_template_load (fixture->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->tmpl);
  herald_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
ids (HeraldTemplate *tmpl)
{
  GListModel *model = herald_template_get_scenarios (tmpl);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (HeraldScenario) scenario = g_list_model_get_item (model, i);

      g_string_append_printf (out, "%s%s", i ? "," : "", herald_scenario_get_id (scenario));
    }
  return g_string_free (out, FALSE);
}

static gboolean
exists (Fixture *fixture, const char *relative)
{
  g_autofree char *path = g_build_filename (fixture->dir, relative, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_id_validation (void)
{
  const char *bad[] = { "",        ".",     "..",    "a/b",   "a\\b", "tab\there", "line\nx",
                        "CON",     "con",   "nul.x", "COM1",  "lpt9", "dot.",      "space ",
                        ".hidden", "what?", "a:b",   "star*", "<x>",  "pipe|it",   "quo\"te" };
  const char *good[] = { "near-threshold", "Überweisung", "com10", "console", "a.b", "x y" };
  g_autofree char *too_long = g_strnfill (HERALD_SCENARIO_ID_MAX_CHARS + 1, 'a');
  g_autofree char *longest = g_strnfill (HERALD_SCENARIO_ID_MAX_CHARS, 'a');

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("id “%s”", bad[i]);
      g_assert_false (herald_scenario_id_validate (bad[i], &error));
      g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_true (herald_scenario_id_validate (good[i], &error));
      g_assert_no_error (error);
    }
  g_assert_false (herald_scenario_id_validate (too_long, NULL));
  g_assert_true (herald_scenario_id_validate (longest, NULL));
}

static void
test_add (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldScenario) added = NULL;
  g_autoptr (HeraldScenario) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *list = NULL;

  added = herald_scenario_add (fixture->tmpl, "aa-first", "First \"one\"", &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  text = herald_test_read_file (fixture->dir, "scenarios/aa-first.json");
  g_assert_cmpstr (text, ==, "{\n  \"name\": \"First \\\"one\\\"\",\n  \"variables\": {}\n}\n");
  g_assert_false (herald_scenario_get_modified (added));
  list = ids (fixture->tmpl);
  g_assert_cmpstr (list, ==, "aa-first,card");
  g_assert_true (herald_template_find_scenario (fixture->tmpl, "aa-first") == added);

  /* Taken, exactly or up to case: refused, the file untouched. */
  again = herald_scenario_add (fixture->tmpl, "card", NULL, &error);
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_assert_null (again);
  g_clear_error (&error);
  again = herald_scenario_add (fixture->tmpl, "Card", NULL, &error);
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "card"));
  g_clear_error (&error);
  g_free (text);
  text = herald_test_read_file (fixture->dir, "scenarios/card.json");
  g_assert_cmpstr (text, ==, CARD);

  /* Not portable: refused, no file. */
  again = herald_scenario_add (fixture->tmpl, "aux", NULL, &error);
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_assert_false (exists (fixture, "scenarios/aux.json"));
  g_clear_error (&error);

  /* A file the list does not show (unreadable) still counts. */
  herald_test_write_file (fixture->dir, "scenarios/Broken.json", "{");
  again = herald_scenario_add (fixture->tmpl, "broken", NULL, &error);
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_assert_false (exists (fixture, "scenarios/broken.json"));
}

/* The file monitor reports the scenario Herald just wrote; once the user has edited it, that
 * report is no change on disk. Other content is. */
static void
test_own_write_is_no_news (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldScenario) added = herald_scenario_add (fixture->tmpl, "new", NULL, &error);
  const char *path;

  g_assert_no_error (error);
  path = herald_scenario_get_path (added);
  herald_scenario_set_text (added, "{\"variables\": {\"a\": 1}}");
  _herald_template_file_changed (fixture->tmpl, path);
  g_assert_false (herald_template_get_changed_on_disk (fixture->tmpl));
  g_assert_cmpstr (herald_scenario_get_text (added), ==, "{\"variables\": {\"a\": 1}}");

  herald_test_write_file (fixture->dir, "scenarios/new.json", "{\"variables\": {\"b\": 2}}");
  _herald_template_file_changed (fixture->tmpl, path);
  g_assert_true (herald_template_get_changed_on_disk (fixture->tmpl));
  g_assert_cmpstr (herald_scenario_get_text (added), ==, "{\"variables\": {\"a\": 1}}");
}

static void
test_suggest (Fixture *fixture, gconstpointer data)
{
  g_autofree char *first = herald_scenario_id_suggest (fixture->tmpl, "new-scenario");
  g_autofree char *taken = herald_scenario_id_suggest (fixture->tmpl, "CARD");

  g_assert_cmpstr (first, ==, "new-scenario");
  g_assert_cmpstr (taken, ==, "CARD-2");
}

static void
test_duplicate (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  HeraldScenario *card = herald_template_find_scenario (fixture->tmpl, "card");
  g_autoptr (HeraldScenario) copy = NULL;
  g_autofree char *text = NULL;
  g_autofree char *source = NULL;

  copy =
      herald_scenario_duplicate (fixture->tmpl, card, "card-copy", "Card payment (copy)", &error);
  g_assert_no_error (error);
  text = herald_test_read_file (fixture->dir, "scenarios/card-copy.json");
  /* Byte for byte the source but for the name's value. */
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"x-owner\": \"payments\",\n"
                   "  \"variables\": {\n"
                   "    \"amount\": 12.5,\n"
                   "    \"card\": {\n"
                   "      \"brand\": \"Visa\"\n"
                   "    }\n"
                   "  },\n"
                   "  \"name\": \"Card payment (copy)\",\n"
                   "  \"x-notes\": [\n"
                   "    1,\n"
                   "    2\n"
                   "  ]\n"
                   "}\n");
  g_assert_cmpstr (herald_scenario_get_name (copy), ==, "Card payment (copy)");
  source = herald_test_read_file (fixture->dir, "scenarios/card.json");
  g_assert_cmpstr (source, ==, CARD);
  g_assert_cmpuint (g_list_model_get_n_items (herald_template_get_scenarios (fixture->tmpl)), ==,
                    2);

  g_assert_null (herald_scenario_duplicate (fixture->tmpl, card, "CARD-copy", NULL, &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
}

static void
test_rename (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  HeraldScenario *card = herald_template_find_scenario (fixture->tmpl, "card");
  g_autoptr (HeraldScenario) renamed = NULL;
  g_autoptr (HeraldScenario) other = NULL;
  g_autofree char *text = NULL;
  g_autofree char *list = NULL;
  g_autofree char *edited = g_strdup (herald_scenario_get_text (card));

  /* Unsaved edits go along; the file on disk keeps its own bytes. */
  *strstr (edited, "12.5") = '3';
  herald_scenario_set_text (card, edited);

  renamed = herald_scenario_rename (fixture->tmpl, card, "visa-payment", &error);
  g_assert_no_error (error);
  g_assert_false (exists (fixture, "scenarios/card.json"));
  text = herald_test_read_file (fixture->dir, "scenarios/visa-payment.json");
  g_assert_cmpstr (text, ==, CARD);
  g_assert_cmpstr (herald_scenario_get_id (renamed), ==, "visa-payment");
  g_assert_cmpstr (herald_scenario_get_name (renamed), ==, "Card payment");
  g_assert_cmpstr (herald_scenario_get_text (renamed), ==, edited);
  g_assert_true (herald_scenario_get_modified (renamed));
  list = ids (fixture->tmpl);
  g_assert_cmpstr (list, ==, "visa-payment");

  /* Onto another scenario, even up to case: refused, both files stay. */
  other = herald_scenario_add (fixture->tmpl, "other", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (herald_scenario_rename (fixture->tmpl, renamed, "Other", &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (exists (fixture, "scenarios/visa-payment.json"));
  g_assert_null (herald_scenario_rename (fixture->tmpl, renamed, "a/b", &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);

  /* Its own name in other letter case is fine. */
  g_clear_object (&other);
  other = herald_scenario_rename (fixture->tmpl, renamed, "Visa-Payment", &error);
  g_assert_no_error (error);
  g_assert_true (exists (fixture, "scenarios/Visa-Payment.json"));
}

static void
test_delete_undo (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  HeraldScenario *card = herald_template_find_scenario (fixture->tmpl, "card");
  g_autoptr (HeraldDeletedScenario) deleted = NULL;
  g_autofree char *text = NULL;

  herald_scenario_set_text (card, "{\"variables\": {}}");
  deleted = herald_scenario_delete (fixture->tmpl, card, &error);
  g_assert_no_error (error);
  g_assert_nonnull (deleted);
  g_assert_false (exists (fixture, "scenarios/card.json"));
  g_assert_cmpuint (g_list_model_get_n_items (herald_template_get_scenarios (fixture->tmpl)), ==,
                    0);
  g_assert_false (herald_template_get_modified (fixture->tmpl));

  /* A file of that name appeared meanwhile: Undo refuses rather than overwrite it. */
  herald_test_write_file (fixture->dir, "scenarios/card.json", "{}");
  g_assert_false (herald_scenario_restore (fixture->tmpl, deleted, &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE);
  g_clear_error (&error);
  text = herald_test_read_file (fixture->dir, "scenarios/card.json");
  g_assert_cmpstr (text, ==, "{}");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (g_unlink (text = g_build_filename (fixture->dir, "scenarios/card.json", NULL)),
                   ==, 0);
  g_clear_pointer (&text, g_free);

  g_assert_true (herald_scenario_restore (fixture->tmpl, deleted, &error));
  g_assert_no_error (error);
  text = herald_test_read_file (fixture->dir, "scenarios/card.json");
  g_assert_cmpstr (text, ==, CARD);
  g_assert_true (herald_template_find_scenario (fixture->tmpl, "card") == card);
  /* The unsaved edit survived. */
  g_assert_cmpstr (herald_scenario_get_text (card), ==, "{\"variables\": {}}");
  g_assert_true (herald_template_get_modified (fixture->tmpl));
}

static void
test_overrides_written (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = herald_json_parse_text ("card.json", CARD, -1, &error);
  JsonObject *root;
  JsonObject *variables;
  g_autofree char *text = NULL;
  g_autofree char *back = NULL;

  g_assert_no_error (error);
  root = json_node_get_object (node);

  /* A changed type keeps its place; a new variable goes last. */
  variables = herald_scenario_json_ensure_variables (root);
  json_object_set_member (
      variables, "amount",
      herald_value_convert (json_object_get_member (variables, "amount"), HERALD_VALUE_TEXT));
  json_object_set_member (variables, "items", herald_value_convert (NULL, HERALD_VALUE_LIST));
  herald_scenario_json_set_override (root, "fr", "amount",
                                     json_node_init_string (json_node_alloc (), "12,5 €"));
  herald_scenario_json_set_override (root, "de", "card",
                                     herald_value_convert (NULL, HERALD_VALUE_OBJECT));
  text = herald_scenario_json_to_text (root);
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"x-owner\": \"payments\",\n"
                   "  \"variables\": {\n"
                   "    \"amount\": \"12.5\",\n"
                   "    \"card\": {\n"
                   "      \"brand\": \"Visa\"\n"
                   "    },\n"
                   "    \"items\": []\n"
                   "  },\n"
                   "  \"name\": \"Card payment\",\n"
                   "  \"x-notes\": [\n"
                   "    1,\n"
                   "    2\n"
                   "  ],\n"
                   "  \"locales\": {\n"
                   "    \"fr\": {\n"
                   "      \"amount\": \"12,5 €\"\n"
                   "    },\n"
                   "    \"de\": {\n"
                   "      \"card\": {}\n"
                   "    }\n"
                   "  }\n"
                   "}\n");

  /* What the core reads back is what was meant. */
  {
    g_autoptr (HeraldScenario) scenario = herald_scenario_new_from_text ("/x/card.json", text);
    g_autoptr (JsonObject) fr = herald_scenario_dup_variables_for_locale (scenario, "fr", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (fr, "amount"), ==, "12,5 €");
  }

  /* Removing the last overrides removes "locales" altogether. */
  herald_scenario_json_remove_override (root, "fr", "amount");
  herald_scenario_json_remove_override (root, "de", "card");
  back = herald_scenario_json_to_text (root);
  g_assert_null (strstr (back, "locales"));
  g_assert_nonnull (strstr (back, "\"x-notes\""));
}

static void
test_convert (void)
{
  struct
  {
    const char *json;
    HeraldValueKind kind;
    const char *expected;
  } cases[] = {
    { "\"12\"", HERALD_VALUE_NUMBER, "12" },     { "\" 2.5 \"", HERALD_VALUE_NUMBER, "2.5" },
    { "\"abc\"", HERALD_VALUE_NUMBER, "0" },     { "12", HERALD_VALUE_TEXT, "\"12\"" },
    { "true", HERALD_VALUE_TEXT, "\"true\"" },   { "\"yes\"", HERALD_VALUE_BOOLEAN, "true" },
    { "\"no\"", HERALD_VALUE_BOOLEAN, "false" }, { "\"x\"", HERALD_VALUE_LIST, "[]" },
    { "[1]", HERALD_VALUE_TEXT, "\"\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) old = json_from_string (cases[i].json, NULL);
      g_autoptr (JsonNode) converted = herald_value_convert (old, cases[i].kind);
      g_autofree char *text = herald_json_to_pretty (converted);

      g_assert_cmpstr (g_strstrip (text), ==, cases[i].expected);
      g_assert_cmpint (herald_value_kind_of (converted), ==, cases[i].kind);
    }
}

static void
test_used_variables (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) used = herald_lint_dup_used_variables (fixture->tmpl);
  const char *names[] = { "amount", "user", "note", "items" };

  g_assert_cmpuint (used->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < used->len; i++)
    {
      HeraldUsedVariable *variable = g_ptr_array_index (used, i);

      g_assert_cmpstr (variable->name, ==, names[i]);
      g_assert_true (variable->is_object == g_str_equal (names[i], "user"));
      g_assert_true (variable->is_list == g_str_equal (names[i], "items"));
    }
}

/* A slot reads, replaces and removes the value it names, in an object by member and in an
 * array by position, and leaves every other value where it was; in an unsealed tree, as the
 * scenario form reads its own. */
static void
test_value_slots (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = herald_json_parse_text_unsealed (
      "slots.json", "{\"a\": 1, \"list\": [\"x\", \"y\", \"z\"]}", -1, &error);
  JsonNode *list;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  list = json_object_get_member (json_node_get_object (root), "list");
  {
    g_autoptr (HeraldValueSlot) member = herald_value_slot_new (root, "a", 0, "a");
    g_autoptr (HeraldValueSlot) element = herald_value_slot_new (list, NULL, 1, "list › 2");
    g_autoptr (HeraldValueSlot) copy = herald_value_slot_copy (element);

    g_assert_cmpint (json_node_get_int (herald_value_slot_get (member)), ==, 1);
    g_assert_cmpstr (json_node_get_string (herald_value_slot_get (element)), ==, "y");
    g_assert_cmpstr (copy->path, ==, "list › 2");

    herald_value_slot_set (member, json_node_init_string (json_node_alloc (), "one"));
    herald_value_slot_set (copy, json_node_init_int (json_node_alloc (), 2));
    /* The slot made before the copy sees the array the copy replaced. */
    g_assert_cmpint (json_node_get_int (herald_value_slot_get (element)), ==, 2);
  }
  text = json_to_string (root, FALSE);
  g_assert_cmpstr (text, ==, "{\"a\":\"one\",\"list\":[\"x\",2,\"z\"]}");

  {
    g_autoptr (HeraldValueSlot) first = herald_value_slot_new (list, NULL, 0, "list › 1");
    g_autoptr (HeraldValueSlot) member = herald_value_slot_new (root, "a", 0, "a");

    herald_value_slot_remove (first);
    herald_value_slot_remove (member);
  }
  g_clear_pointer (&text, g_free);
  text = json_to_string (root, FALSE);
  g_assert_cmpstr (text, ==, "{\"list\":[2,\"z\"]}");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenario-ops/id-validation", test_id_validation);
  g_test_add ("/scenario-ops/add", Fixture, NULL, fixture_set_up, test_add, fixture_tear_down);
  g_test_add ("/scenario-ops/own-write-is-no-news", Fixture, NULL, fixture_set_up,
              test_own_write_is_no_news, fixture_tear_down);
  g_test_add ("/scenario-ops/suggest", Fixture, NULL, fixture_set_up, test_suggest,
              fixture_tear_down);
  g_test_add ("/scenario-ops/duplicate", Fixture, NULL, fixture_set_up, test_duplicate,
              fixture_tear_down);
  g_test_add ("/scenario-ops/rename", Fixture, NULL, fixture_set_up, test_rename,
              fixture_tear_down);
  g_test_add ("/scenario-ops/delete-undo", Fixture, NULL, fixture_set_up, test_delete_undo,
              fixture_tear_down);
  g_test_add_func ("/scenario-ops/overrides-written", test_overrides_written);
  g_test_add_func ("/scenario-ops/convert", test_convert);
  g_test_add_func ("/scenario-ops/value-slots", test_value_slots);
  g_test_add ("/scenario-ops/used-variables", Fixture, NULL, fixture_set_up, test_used_variables,
              fixture_tear_down);

  return g_test_run ();
}
