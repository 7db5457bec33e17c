/* test-library.c: the library model on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "herald-core.h"
#include "herald-file-util-private.h"
#include "herald-test-files.h"

static const char *TEMPLATE_JSON = "{\n"
                                   "  \"name\": \"Low balance\",\n"
                                   "  \"x-review\": {\n"
                                   "    \"owner\": \"maria\",\n"
                                   "    \"approved\": true,\n"
                                   "    \"score\": 4.5\n"
                                   "  },\n"
                                   "  \"description\": \"Balance under the threshold\",\n"
                                   "  \"subject\": \"Your balance is {{var:balance}}\",\n"
                                   "  \"preheader\": \"Check your account\",\n"
                                   "  \"tags\": [\n"
                                   "    \"balance\"\n"
                                   "  ]\n"
                                   "}\n";

/* A small library written by hand, so that the expectations below do not depend on the
 * sample library's wording. */
static char *
make_small_library (void)
{
  char *dir = herald_test_make_temp_dir ("herald-test-XXXXXX");

  herald_test_write_file (
      dir, "herald.json",
      "{\n  \"format\": 1,\n  \"name\": \"Test alerts\",\n  \"sourceLocale\": \"en\",\n"
      "  \"targetLocales\": [\n    \"fr\",\n    \"de\"\n  ],\n"
      "  \"from\": {\n    \"email\": \"alerts@example.com\",\n    \"name\": \"Example\"\n  }\n}\n");
  herald_test_write_file (dir, "templates/low-balance/template.json", TEMPLATE_JSON);
  herald_test_write_file (dir, "templates/low-balance/body.html", "<p>Hello {{var:name}}</p>\n");
  herald_test_write_file (dir, "templates/low-balance/body.txt", "Hello {{var:name}}\n");
  herald_test_write_file (
      dir, "templates/low-balance/scenarios/b-second.json",
      "{\n  \"name\": \"Second\",\n  \"variables\": {\n    \"name\": \"Bob\"\n  }\n}\n");
  herald_test_write_file (
      dir, "templates/low-balance/scenarios/a-first.json",
      "{\n  \"name\": \"First\",\n  \"variables\": {\n    \"name\": \"Ann\",\n    "
      "\"balance\": 12\n  }\n}\n");
  herald_test_write_file (
      dir, "templates/a-welcome/template.json",
      "{\n  \"name\": \"Welcome\",\n  \"subject\": \"Hi\",\n  \"preheader\": \"\"\n}\n");
  herald_test_write_file (dir, "templates/a-welcome/body.html", "<p>Welcome</p>\n");
  herald_test_write_file (dir, "po/LINGUAS", "fr\nde\n");

  return dir;
}

static void
test_load_small (void)
{
  g_autofree char *dir = make_small_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (dir, &error);
  g_autoptr (HeraldTemplate) first = NULL;
  HeraldTemplate *template;
  GListModel *scenarios;
  g_autoptr (HeraldScenario) scenario = NULL;
  JsonObject *variables;

  g_assert_no_error (error);
  g_assert_cmpstr (herald_library_get_name (library), ==, "Test alerts");
  g_assert_cmpstr (herald_library_get_source_locale (library), ==, "en");
  g_assert_cmpstrv (herald_library_get_target_locales (library),
                    ((const char *[]){ "fr", "de", NULL }));
  g_assert_cmpstr (herald_library_get_from_email (library), ==, "alerts@example.com");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);

  /* Sorted by id. */
  first = g_list_model_get_item (G_LIST_MODEL (library), 0);
  g_assert_cmpstr (herald_template_get_id (first), ==, "a-welcome");
  /* A template without body.txt loads; the checks report the missing part. */
  g_assert_false (herald_template_has_text_part (first));

  template = herald_library_find_template (library, "low-balance");
  g_assert_nonnull (template);
  g_assert_cmpstr (herald_template_get_name (template), ==, "Low balance");
  g_assert_cmpstr (herald_template_get_subject (template), ==, "Your balance is {{var:balance}}");
  g_assert_cmpstr (herald_template_get_html (template), ==, "<p>Hello {{var:name}}</p>\n");
  g_assert_cmpstrv (herald_template_get_tags (template), ((const char *[]){ "balance", NULL }));

  scenarios = herald_template_get_scenarios (template);
  g_assert_cmpuint (g_list_model_get_n_items (scenarios), ==, 2);
  scenario = g_list_model_get_item (scenarios, 0);
  g_assert_cmpstr (herald_scenario_get_id (scenario), ==, "a-first");
  g_assert_cmpstr (herald_scenario_get_name (scenario), ==, "First");
  variables = herald_scenario_get_variables (scenario, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (variables, "name"), ==, "Ann");
  g_assert_cmpint (json_object_get_int_member (variables, "balance"), ==, 12);
  g_assert_false (herald_library_get_modified (library));
}

/* The templates come sorted by id whatever order the folder lists them in, a folder that
 * is not a template left out. */
static void
test_load_sorts_templates (void)
{
  static const char *const written[] = { "m-mid", "b-bill", "z-last", "a-1", "a", "B-upper" };
  static const char *const sorted[] = { "B-upper", "a", "a-1", "b-bill", "m-mid", "z-last" };
  g_autofree char *dir = make_small_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  GListModel *model;

  for (guint i = 0; i < G_N_ELEMENTS (written); i++)
    {
      g_autofree char *json = g_strdup_printf ("templates/%s/template.json", written[i]);
      g_autofree char *html = g_strdup_printf ("templates/%s/body.html", written[i]);

      herald_test_write_file (dir, json,
                              "{\n  \"name\": \"T\",\n  \"subject\": \"Hi\",\n"
                              "  \"preheader\": \"\"\n}\n");
      herald_test_write_file (dir, html, "<p>Hi</p>\n");
    }
  herald_test_write_file (dir, "templates/c-not-a-template/notes.txt", "x\n");
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  model = G_LIST_MODEL (library);
  /* With the small library's a-welcome and low-balance. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (sorted) + 2);
  for (guint i = 0, s = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (HeraldTemplate) template = g_list_model_get_item (model, i);
      const char *id = herald_template_get_id (template);

      if (g_str_equal (id, "a-welcome") || g_str_equal (id, "low-balance"))
        continue;
      g_assert_cmpstr (id, ==, sorted[s++]);
    }
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (HeraldTemplate) before = g_list_model_get_item (model, i - 1);
      g_autoptr (HeraldTemplate) after = g_list_model_get_item (model, i);

      g_assert_cmpint (g_strcmp0 (herald_template_get_id (before), herald_template_get_id (after)),
                       <, 0);
    }
  herald_test_remove_tree (dir);
}

static void
test_load_sample (void)
{
  const char *samples = g_getenv ("HERALD_SAMPLES_DIR");
  g_autofree char *dir = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  const char *expected[] = { "large-expense", "low-balance", "overdraft-risk", "weekly-summary" };
  guint n;

  g_assert_nonnull (samples);
  dir = g_build_filename (samples, "account-alerts", NULL);
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);

  n = g_list_model_get_n_items (G_LIST_MODEL (library));
  g_assert_cmpuint (n, >=, 4);
  g_assert_cmpstr (herald_library_get_source_locale (library), ==, "en");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      HeraldTemplate *template = herald_library_find_template (library, expected[i]);

      g_assert_nonnull (template);
      g_assert_cmpstr (herald_template_get_subject (template), !=, "");
      g_assert_cmpstr (herald_template_get_preheader (template), !=, "");
      g_assert_true (herald_template_has_text_part (template));
      g_assert_nonnull (strstr (herald_template_get_html (template), "<table"));
      g_assert_cmpuint (g_list_model_get_n_items (herald_template_get_scenarios (template)), >=, 2);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldTemplate) template = g_list_model_get_item (G_LIST_MODEL (library), i);
      GListModel *scenarios = herald_template_get_scenarios (template);

      for (guint j = 0; j < g_list_model_get_n_items (scenarios); j++)
        {
          g_autoptr (HeraldScenario) scenario = g_list_model_get_item (scenarios, j);

          g_assert_nonnull (herald_scenario_get_variables (scenario, &error));
          g_assert_no_error (error);
        }
    }
}

typedef struct
{
  char *path;
  char *contents;
  gint64 mtime;
} Snapshot;

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_free (snapshot->path);
  g_free (snapshot->contents);
  g_free (snapshot);
}

static void
snapshot_dir (GPtrArray *out, const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          snapshot_dir (out, path);
        }
      else
        {
          Snapshot *snapshot = g_new0 (Snapshot, 1);

          g_assert_cmpint (g_stat (path, &st), ==, 0);
          snapshot->path = g_steal_pointer (&path);
          g_assert_true (g_file_get_contents (snapshot->path, &snapshot->contents, NULL, NULL));
          snapshot->mtime = st.st_mtime;
          g_ptr_array_add (out, snapshot);
        }
    }
}

static void
test_save_unchanged_is_byte_identical (void)
{
  const char *samples = g_getenv ("HERALD_SAMPLES_DIR");
  g_autofree char *src = g_build_filename (samples, "account-alerts", NULL);
  g_autofree char *dir = herald_test_make_temp_dir ("herald-test-XXXXXX");
  g_autofree char *copy = g_build_filename (dir, "account-alerts", NULL);
  g_autoptr (GPtrArray) before = g_ptr_array_new_with_free_func (snapshot_free);
  g_autoptr (GPtrArray) after = g_ptr_array_new_with_free_func (snapshot_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  const char *argv[] = { "cp", "-a", src, copy, NULL };
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  snapshot_dir (before, copy);
  library = herald_library_load (copy, &error);
  g_assert_no_error (error);

  /* Editing and reverting leaves nothing to save either. */
  {
    g_autoptr (HeraldTemplate) template = g_list_model_get_item (G_LIST_MODEL (library), 0);
    g_autofree char *subject = g_strdup (herald_template_get_subject (template));

    herald_template_set_part (template, HERALD_PART_SUBJECT, "changed");
    g_assert_true (herald_library_get_modified (library));
    herald_template_set_part (template, HERALD_PART_SUBJECT, subject);
    g_assert_false (herald_library_get_modified (library));
  }

  herald_library_save (library, &error);
  g_assert_no_error (error);
  snapshot_dir (after, copy);

  g_assert_cmpuint (before->len, ==, after->len);
  for (guint i = 0; i < before->len; i++)
    {
      Snapshot *a = g_ptr_array_index (before, i);
      Snapshot *b = g_ptr_array_index (after, i);

      g_assert_cmpstr (a->path, ==, b->path);
      g_assert_cmpstr (a->contents, ==, b->contents);
      g_assert_cmpint (a->mtime, ==, b->mtime);
    }
}

static void
test_save_keeps_unknown_members (void)
{
  g_autofree char *dir = make_small_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (dir, &error);
  g_autoptr (HeraldLibrary) reloaded = NULL;
  HeraldTemplate *template;
  g_autofree char *json = NULL;
  g_autofree char *html = NULL;

  g_assert_no_error (error);
  template = herald_library_find_template (library, "low-balance");
  herald_template_set_part (template, HERALD_PART_SUBJECT, "Balance: “{{var:balance}}”\tnow");
  herald_template_set_part (template, HERALD_PART_HTML, "<p>Changed</p>\n");
  g_assert_true (herald_template_get_modified (template));

  herald_library_save (library, &error);
  g_assert_no_error (error);
  g_assert_false (herald_template_get_modified (template));

  /* Only the subject line differs; the unknown member, its nested values (a double among
   * them) and the member order are as they were. */
  json = herald_test_read_file (dir, "templates/low-balance/template.json");
  g_assert_cmpstr (json, ==,
                   "{\n"
                   "  \"name\": \"Low balance\",\n"
                   "  \"x-review\": {\n"
                   "    \"owner\": \"maria\",\n"
                   "    \"approved\": true,\n"
                   "    \"score\": 4.5\n"
                   "  },\n"
                   "  \"description\": \"Balance under the threshold\",\n"
                   "  \"subject\": \"Balance: “{{var:balance}}”\\tnow\",\n"
                   "  \"preheader\": \"Check your account\",\n"
                   "  \"tags\": [\n"
                   "    \"balance\"\n"
                   "  ]\n"
                   "}\n");
  html = herald_test_read_file (dir, "templates/low-balance/body.html");
  g_assert_cmpstr (html, ==, "<p>Changed</p>\n");

  reloaded = herald_library_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (
      herald_template_get_subject (herald_library_find_template (reloaded, "low-balance")), ==,
      "Balance: “{{var:balance}}”\tnow");
}

static void
test_malformed_json_names_position (void)
{
  g_autofree char *dir = make_small_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;

  /* The stray word starts at line 3, column 3. */
  herald_test_write_file (dir, "templates/low-balance/template.json",
                          "{\n  \"name\": \"Low balance\",\n  oops\n}\n");
  library = herald_library_load (dir, &error);
  g_assert_null (library);
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MALFORMED);
  g_assert_true (strstr (error->message, "templates/low-balance/template.json:3:3:") != NULL);
  g_assert_true (strstr (error->message, "member name") != NULL);
}

static void
test_json_error_positions (void)
{
  struct
  {
    const char *text;
    const char *expected_prefix;
  } cases[] = {
    { "{\n  \"a\": 1\n  \"b\": 2\n}\n", "f.json:3:3: malformed JSON: expected a comma or “}”" },
    { "{\n  \"a\": [1, 2,]\n}", "f.json:2:14: malformed JSON: expected another value" },
    { "{\"a\": tru}", "f.json:1:7: malformed JSON: expected a value" },
    { "", "f.json:1:1: malformed JSON: the file is empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = herald_json_parse_text ("f.json", cases[i].text, -1, &error);

      g_assert_null (node);
      g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MALFORMED);
      g_assert_true (g_str_has_prefix (error->message, cases[i].expected_prefix));
    }
}

static void
test_missing_file_is_named (void)
{
  g_autofree char *dir = make_small_library ();
  g_autofree char *html = g_build_filename (dir, "templates", "a-welcome", "body.html", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;

  g_assert_cmpint (g_unlink (html), ==, 0);
  library = herald_library_load (dir, &error);
  g_assert_null (library);
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MISSING_FILE);
  g_assert_true (strstr (error->message, "templates/a-welcome/body.html") != NULL);
}

static gboolean
fail_before_rename (const char *temp_path, const char *final_path, GError **error)
{
  g_assert_true (g_file_test (temp_path, G_FILE_TEST_EXISTS));
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "simulated crash");
  return FALSE;
}

static void
test_interrupted_save_keeps_old_file (void)
{
  g_autofree char *dir = make_small_library ();
  g_autofree char *template_dir = g_build_filename (dir, "templates", "low-balance", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (dir, &error);
  g_autoptr (GDir) listing = NULL;
  g_autofree char *html = NULL;
  HeraldTemplate *template;
  const char *name;
  gboolean saved;

  g_assert_no_error (error);
  template = herald_library_find_template (library, "low-balance");
  herald_template_set_part (template, HERALD_PART_HTML, "<p>New text</p>\n");

  _herald_file_set_before_rename_hook (fail_before_rename);
  saved = herald_library_save (library, &error);
  _herald_file_set_before_rename_hook (NULL);

  g_assert_false (saved);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  html = herald_test_read_file (dir, "templates/low-balance/body.html");
  g_assert_cmpstr (html, ==, "<p>Hello {{var:name}}</p>\n");
  /* The edit is still there to save again, and no temporary file is left behind. */
  g_assert_true (herald_template_get_modified (template));
  g_assert_cmpstr (herald_template_get_html (template), ==, "<p>New text</p>\n");
  listing = g_dir_open (template_dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (name[0] == '.');
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the main context until the predicate holds, or fails after five seconds. */
#define WAIT_FOR(cond)                                                                             \
  G_STMT_START                                                                                     \
  {                                                                                                \
    gboolean timed_out = FALSE;                                                                    \
    guint id = g_timeout_add_seconds (5, timeout_cb, &timed_out);                                  \
    while (!(cond) && !timed_out)                                                                  \
      g_main_context_iteration (NULL, TRUE);                                                       \
    g_assert_false (timed_out);                                                                    \
    g_source_remove (id);                                                                          \
  }                                                                                                \
  G_STMT_END

static void
count_changes_cb (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  guint *count = user_data;

  *count += added;
}

static void
test_external_change_is_noticed (void)
{
  g_autofree char *dir = make_small_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (dir, &error);
  HeraldTemplate *template;
  HeraldTemplate *welcome;
  guint added = 0;

  g_assert_no_error (error);
  herald_library_set_monitored (library, TRUE);
  template = herald_library_find_template (library, "low-balance");
  welcome = herald_library_find_template (library, "a-welcome");

  /* Another editor saves a template the user has not touched: Herald follows. */
  herald_test_write_file (dir, "templates/low-balance/body.html", "<p>From git pull</p>\n");
  WAIT_FOR (g_strcmp0 (herald_template_get_html (template), "<p>From git pull</p>\n") == 0);
  g_assert_false (herald_template_get_modified (template));
  g_assert_false (herald_template_get_changed_on_disk (template));

  /* The user has unsaved edits: they stay, and the template says the file changed. */
  herald_template_set_part (welcome, HERALD_PART_HTML, "<p>My unsaved edit</p>\n");
  herald_test_write_file (dir, "templates/a-welcome/body.html", "<p>Someone else's</p>\n");
  WAIT_FOR (herald_template_get_changed_on_disk (welcome));
  g_assert_cmpstr (herald_template_get_html (welcome), ==, "<p>My unsaved edit</p>\n");
  g_assert_true (herald_template_get_modified (welcome));

  /* A scenario edited outside. */
  herald_test_write_file (dir, "templates/low-balance/scenarios/b-second.json",
                          "{\n  \"name\": \"Renamed\",\n  \"variables\": {}\n}\n");
  WAIT_FOR (
      g_strcmp0 (herald_scenario_get_name (herald_template_find_scenario (template, "b-second")),
                 "Renamed") == 0);

  /* A new template arrives. */
  g_signal_connect (library, "items-changed", G_CALLBACK (count_changes_cb), &added);
  herald_test_write_file (dir, "templates/m-new/body.html", "<p>New</p>\n");
  herald_test_write_file (dir, "templates/m-new/template.json", "{\n  \"name\": \"New\"\n}\n");
  WAIT_FOR (herald_library_find_template (library, "m-new") != NULL);
  g_assert_cmpuint (added, ==, 1);

  /* Herald's own save does not count as someone else's change. */
  herald_template_set_part (template, HERALD_PART_TEXT, "Saved by Herald\n");
  herald_library_save (library, &error);
  g_assert_no_error (error);
  {
    gboolean timed_out = FALSE;
    guint id = g_timeout_add (400, timeout_cb, &timed_out);

    while (!timed_out)
      g_main_context_iteration (NULL, TRUE);
    (void) id;
  }
  g_assert_false (herald_template_get_changed_on_disk (template));
  g_assert_cmpstr (herald_template_get_text (template), ==, "Saved by Herald\n");
}

static void
test_reload_discards_edits (void)
{
  g_autofree char *dir = make_small_library ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (dir, &error);
  HeraldTemplate *template = herald_library_find_template (library, "low-balance");

  herald_template_set_part (template, HERALD_PART_HTML, "<p>Mine</p>");
  herald_test_write_file (dir, "templates/low-balance/body.html", "<p>Theirs</p>\n");
  herald_template_reload (template, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_template_get_html (template), ==, "<p>Theirs</p>\n");
  g_assert_false (herald_template_get_modified (template));
}

/* A loaded body is not copied until something changes it: each way of changing one leaves
 * the edited and the saved texts apart. */
static void
test_bodies_edited_after_load (void)
{
  g_autofree char *dir = make_small_library ();
  g_autofree char *html_path = g_build_filename (dir, "templates/low-balance/body.html", NULL);
  g_autofree char *text_path = g_build_filename (dir, "templates/low-balance/body.txt", NULL);
  g_autofree char *template_dir = g_path_get_dirname (html_path);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (dir, &error);
  g_autoptr (HeraldTemplate) template =
      g_object_ref (herald_library_find_template (library, "low-balance"));
  g_autoptr (HeraldTemplate) untouched = NULL;
  g_autofree char *saved = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (herald_template_get_html (template), ==, "<p>Hello {{var:name}}</p>\n");
  g_assert_false (herald_template_get_modified (template));

  /* Changed on disk while unedited: taken in. */
  herald_test_write_file (dir, "templates/low-balance/body.html", "<p>Disk</p>\n");
  _herald_template_file_changed (template, html_path);
  g_assert_cmpstr (herald_template_get_html (template), ==, "<p>Disk</p>\n");
  g_assert_false (herald_template_get_modified (template));

  /* Edited, then edited back. */
  herald_template_set_part (template, HERALD_PART_TEXT, "Edited");
  g_assert_true (herald_template_get_modified (template));
  herald_template_set_part (template, HERALD_PART_TEXT, "Hello {{var:name}}\n");
  g_assert_false (herald_template_get_modified (template));

  /* Saved, then changed on disk while edited: the edit stays. */
  herald_template_set_part (template, HERALD_PART_HTML, "<p>Saved</p>");
  g_assert_true (herald_template_save (template, &error));
  g_assert_no_error (error);
  g_assert_false (herald_template_get_modified (template));
  g_assert_true (g_file_get_contents (html_path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, "<p>Saved</p>");
  herald_template_set_part (template, HERALD_PART_TEXT, "Mine");
  herald_test_write_file (dir, "templates/low-balance/body.txt", "Theirs\n");
  _herald_template_file_changed (template, text_path);
  g_assert_cmpstr (herald_template_get_part (template, HERALD_PART_TEXT), ==, "Mine");

  /* Reloaded, then freed with its bodies unedited. */
  g_assert_true (herald_template_reload (template, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (herald_template_get_part (template, HERALD_PART_TEXT), ==, "Theirs\n");
  g_assert_false (herald_template_get_modified (template));
  untouched = herald_template_load (template_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_template_get_html (untouched), ==, "<p>Saved</p>");
}

/* @json, parsed, then written in @style. */
static char *
rewrite_json (const char *json, HeraldJsonStyle style)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = herald_json_parse_text ("x.json", json, -1, &error);

  g_assert_no_error (error);
  return herald_json_write (node, style);
}

static void
test_json_pretty_printing (void)
{
  g_autofree char *text = rewrite_json (
      "{\"a\":[1,2.25,0.1,1e300,\"t\\\"\\n\\u0001é\"],\"b\":{},\"c\":[],\"d\":null,\"e\":false,"
      "\"id\":1152921509597813712}",
      HERALD_JSON_STYLE_PRETTY);

  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"a\": [\n"
                   "    1,\n"
                   "    2.25,\n"
                   "    0.1,\n"
                   "    1e+300,\n"
                   "    \"t\\\"\\n\\u0001é\"\n"
                   "  ],\n"
                   "  \"b\": {},\n"
                   "  \"c\": [],\n"
                   "  \"d\": null,\n"
                   "  \"e\": false,\n"
                   "  \"id\": 1152921509597813712\n"
                   "}\n");
}

/* The same writer in Mailjet's two dialects: the Sandbox answers in them (the recorded
 * bodies in tests/data/mailjet-recordings). */
static void
test_json_wire_styles (void)
{
  const char *json = "{\"Data\":[{\"ID\":1152921509597813712,\"URL\":\"a/b\",\"Rate\":0.1}],"
                     "\"Empty\":{},\"None\":[],\"Ok\":true}";
  g_autofree char *compact = rewrite_json (json, HERALD_JSON_STYLE_COMPACT);
  g_autofree char *spaced = rewrite_json (json, HERALD_JSON_STYLE_SPACED);

  g_assert_cmpstr (compact, ==, json);
  g_assert_cmpstr (spaced, ==,
                   "{ \"Data\" : [{ \"ID\" : 1152921509597813712, \"URL\" : \"a\\/b\", "
                   "\"Rate\" : 0.1 }], \"Empty\" : { }, \"None\" : [], \"Ok\" : true }\n");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/herald/library/load-small", test_load_small);
  g_test_add_func ("/herald/library/load-sorts-templates", test_load_sorts_templates);
  g_test_add_func ("/herald/library/load-sample", test_load_sample);
  g_test_add_func ("/herald/library/save-unchanged-byte-identical",
                   test_save_unchanged_is_byte_identical);
  g_test_add_func ("/herald/library/save-keeps-unknown-members", test_save_keeps_unknown_members);
  g_test_add_func ("/herald/library/malformed-json-position", test_malformed_json_names_position);
  g_test_add_func ("/herald/library/json-error-positions", test_json_error_positions);
  g_test_add_func ("/herald/library/missing-file", test_missing_file_is_named);
  g_test_add_func ("/herald/library/interrupted-save", test_interrupted_save_keeps_old_file);
  g_test_add_func ("/herald/library/external-change", test_external_change_is_noticed);
  g_test_add_func ("/herald/library/reload", test_reload_discards_edits);
  g_test_add_func ("/herald/library/bodies-edited-after-load", test_bodies_edited_after_load);
  g_test_add_func ("/herald/library/json-pretty", test_json_pretty_printing);
  g_test_add_func ("/herald/library/json-wire-styles", test_json_wire_styles);

  return g_test_run ();
}
