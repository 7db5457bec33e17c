/* test-template-ops.c: new, duplicated, renamed and deleted templates on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "herald-core.h"
#include "herald-test-files.h"

static const char *TEMPLATE_JSON = "{\n"
                                   "  \"name\": \"Low balance\",\n"
                                   "  \"x-owner\": \"maria\",\n"
                                   "  \"description\": \"Balance under the threshold\",\n"
                                   "  \"subject\": \"Your balance is {{var:balance}}\",\n"
                                   "  \"preheader\": \"Check your account\",\n"
                                   "  \"tags\": []\n"
                                   "}\n";

/* A library of two templates, written by hand. */
static char *
make_library (void)
{
  char *dir = herald_test_make_temp_dir ("herald-ops-XXXXXX");

  herald_test_write_file (dir, "herald.json", "{\n  \"format\": 1,\n  \"name\": \"Ops\"\n}\n");
  herald_test_write_file (dir, "templates/low-balance/template.json", TEMPLATE_JSON);
  herald_test_write_file (dir, "templates/low-balance/body.html", "<p>Hello {{var:name}}</p>\n");
  herald_test_write_file (dir, "templates/low-balance/body.txt", "Hello {{var:name}}\n");
  herald_test_write_file (
      dir, "templates/low-balance/scenarios/ann.json",
      "{\n  \"name\": \"Ann\",\n  \"variables\": {\n    \"name\": \"Ann\"\n  }\n}\n");
  herald_test_write_file (dir, "templates/overdraft/template.json",
                          "{\n  \"name\": \"Overdraft\",\n  \"subject\": \"Overdrawn\"\n}\n");
  herald_test_write_file (dir, "templates/overdraft/body.html", "<p>Overdrawn</p>\n");
  return dir;
}

static HeraldLibrary *
load (const char *dir)
{
  g_autoptr (GError) error = NULL;
  HeraldLibrary *library = herald_library_load (dir, &error);

  g_assert_no_error (error);
  return library;
}

/* The library of make_library, loaded; removed after the test. */
typedef struct
{
  char *dir;
  HeraldLibrary *library;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = make_library ();
  f->library = load (f->dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->library);
  herald_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gboolean
exists (const char *dir, const char *relative)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static char *
ids (HeraldLibrary *library)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
    {
      g_autoptr (HeraldTemplate) t = g_list_model_get_item (G_LIST_MODEL (library), i);

      g_string_append_printf (out, "%s%s", i ? " " : "", herald_template_get_id (t));
    }
  return g_string_free (out, FALSE);
}

/* Only the files a template is made of, and no hidden folder left in templates/. */
static void
assert_no_hidden_leftovers (const char *dir)
{
  g_autofree char *templates = g_build_filename (dir, "templates", NULL);
  g_autoptr (GDir) listing = g_dir_open (templates, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (name[0] == '.');
}

static void
test_portable_ids (void)
{
  const char *bad[] = {
    "",    ".",    "..",   "a/b", "a\\b", "tab\there", "line\nbreak", "con",         "NUL",
    "aux", "com1", "lpt9", "prn", "abc.", "abc ",      ".x",          "Low-Balance", "café",
    "a b", "a:b",  "a*b",  "-x",  "a.b",
  };
  const char *good[] = { "a", "low-balance", "x_1", "console", "com10", "auxiliary", "2fa-code" };
  g_autofree char *longest = g_strnfill (HERALD_TEMPLATE_ID_MAX_LENGTH, 'a');
  g_autofree char *too_long = g_strnfill (HERALD_TEMPLATE_ID_MAX_LENGTH + 1, 'a');

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("bad id: “%s”", bad[i]);
      g_assert_false (herald_template_id_is_portable (bad[i], &error));
      g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
      g_assert_cmpuint (strlen (error->message), >, 20);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_true (herald_template_id_is_portable (good[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (herald_template_id_is_portable (longest, NULL));
  g_assert_false (herald_template_id_is_portable (too_long, NULL));
}

static void
test_id_from_name (void)
{
  const struct
  {
    const char *name;
    const char *id;
  } cases[] = {
    { "Low balance!", "low-balance" },
    { "  Café crème  ", "cafe-creme" },
    { "Salary -- received", "salary-received" },
    { "", "template" },
    { "***", "template" },
    { "CON", "con-template" },
    { "2FA code", "2fa-code" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = herald_template_id_from_name (cases[i].name);

      g_assert_cmpstr (id, ==, cases[i].id);
      g_assert_true (herald_template_id_is_portable (id, NULL));
    }
}

static void
test_create_from_starter (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *list = NULL;
  HeraldTemplate *created;

  created = herald_template_ops_create (f->library, "account-locked", "Account locked",
                                        HERALD_TEMPLATE_CONTENT_STARTER, &error);
  g_assert_no_error (error);
  g_assert_nonnull (created);
  g_assert_cmpstr (herald_template_get_id (created), ==, "account-locked");
  g_assert_cmpstr (herald_template_get_name (created), ==, "Account locked");
  g_assert_false (herald_template_get_modified (created));
  g_assert_true (herald_library_find_template (f->library, "account-locked") == created);
  list = ids (f->library);
  g_assert_cmpstr (list, ==, "account-locked low-balance overdraft");

  g_assert_true (exists (f->dir, "templates/account-locked/body.html"));
  g_assert_true (exists (f->dir, "templates/account-locked/body.txt"));
  g_assert_true (exists (f->dir, "templates/account-locked/scenarios/example.json"));
  json = herald_test_read_file (f->dir, "templates/account-locked/template.json");
  g_assert_nonnull (strstr (json, "\"name\": \"Account locked\""));
  assert_no_hidden_leftovers (f->dir);

  /* What a library opened afresh finds on disk is the same template. */
  {
    g_autoptr (HeraldLibrary) again = load (f->dir);
    HeraldTemplate *found = herald_library_find_template (again, "account-locked");

    g_assert_nonnull (found);
    g_assert_cmpstr (herald_template_get_html (found), ==, herald_template_get_html (created));
    g_assert_cmpuint (g_list_model_get_n_items (herald_template_get_scenarios (found)), ==, 1);
  }
}

static void
test_create_blank (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  HeraldTemplate *created;

  created = herald_template_ops_create (f->library, "blank", "A \"quoted\" name",
                                        HERALD_TEMPLATE_CONTENT_BLANK, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_template_get_name (created), ==, "A \"quoted\" name");
  g_assert_cmpstr (herald_template_get_html (created), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (herald_template_get_scenarios (created)), ==, 0);
  g_assert_false (exists (f->dir, "templates/blank/body.txt"));
}

static void
test_create_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) clash = NULL;
  g_autoptr (GError) case_clash = NULL;
  g_autoptr (GError) reserved = NULL;
  g_autofree char *list = NULL;
  g_autofree char *legacy = NULL;

  g_assert_null (herald_template_ops_create (f->library, "overdraft", "Again",
                                             HERALD_TEMPLATE_CONTENT_STARTER, &clash));
  g_assert_error (clash, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_EXISTS);
  g_assert_nonnull (strstr (clash->message, "overdraft"));

  /* A folder that only differs in case is one folder on Windows and macOS. */
  legacy = g_build_filename (f->dir, "templates", "Legacy", NULL);
  g_assert_cmpint (g_mkdir (legacy, 0755), ==, 0);
  g_assert_false (herald_template_ops_check_new_id (f->library, "legacy", &case_clash));
  g_assert_error (case_clash, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_EXISTS);
  g_assert_nonnull (strstr (case_clash->message, "Legacy"));

  g_assert_null (herald_template_ops_create (f->library, "aux", "Aux",
                                             HERALD_TEMPLATE_CONTENT_STARTER, &reserved));
  g_assert_error (reserved, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_assert_false (exists (f->dir, "templates/aux"));

  list = ids (f->library);
  g_assert_cmpstr (list, ==, "low-balance overdraft");
  assert_no_hidden_leftovers (f->dir);
}

static void
test_suggest_id (Fixture *f, gconstpointer data)
{
  g_autofree char *fresh = herald_template_ops_suggest_id (f->library, "Account locked");
  g_autofree char *taken = herald_template_ops_suggest_id (f->library, "Overdraft");

  g_assert_cmpstr (fresh, ==, "account-locked");
  g_assert_cmpstr (taken, ==, "overdraft-2");
}

static void
test_duplicate (Fixture *f, gconstpointer data)
{
  HeraldTemplate *original = herald_library_find_template (f->library, "low-balance");
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *html = NULL;
  g_autofree char *original_html = NULL;
  g_autofree char *scenario = NULL;
  HeraldTemplate *copy;
  HeraldTemplate *second;

  /* The copy is what the user sees, unsaved edit included; the original keeps it unsaved. */
  herald_template_set_part (original, HERALD_PART_HTML, "<p>Edited {{var:name}}</p>\n");
  copy = herald_template_ops_duplicate (f->library, original, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_template_get_id (copy), ==, "low-balance-copy");
  g_assert_cmpstr (herald_template_get_name (copy), ==, "Low balance (copy)");
  g_assert_false (herald_template_get_modified (copy));
  g_assert_true (herald_template_get_modified (original));

  html = herald_test_read_file (f->dir, "templates/low-balance-copy/body.html");
  g_assert_cmpstr (html, ==, "<p>Edited {{var:name}}</p>\n");
  original_html = herald_test_read_file (f->dir, "templates/low-balance/body.html");
  g_assert_cmpstr (original_html, ==, "<p>Hello {{var:name}}</p>\n");
  scenario = herald_test_read_file (f->dir, "templates/low-balance-copy/scenarios/ann.json");
  g_assert_nonnull (strstr (scenario, "\"Ann\""));
  /* Members Herald does not know travel with the copy. */
  json = herald_test_read_file (f->dir, "templates/low-balance-copy/template.json");
  g_assert_nonnull (strstr (json, "\"x-owner\": \"maria\""));

  second = herald_template_ops_duplicate (f->library, original, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_template_get_id (second), ==, "low-balance-copy-2");
  g_assert_cmpstr (herald_template_get_name (second), ==, "Low balance (copy 2)");
  assert_no_hidden_leftovers (f->dir);
}

static void
test_rename (Fixture *f, gconstpointer data)
{
  HeraldTemplate *template = herald_library_find_template (f->library, "low-balance");
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *html = NULL;
  g_autofree char *list = NULL;
  g_autofree char *scenario_text = NULL;
  HeraldScenario *scenario;

  /* Unsaved edits stay unsaved, and go to the new folder when saved. */
  herald_template_set_part (template, HERALD_PART_HTML, "<p>Edited</p>\n");
  scenario = herald_template_find_scenario (template, "ann");
  herald_scenario_set_text (scenario, "{\n  \"variables\": {\n    \"name\": \"Zoé\"\n  }\n}\n");

  g_assert_true (
      herald_template_ops_rename (f->library, template, "zz-balance", "Balance warning", &error));
  g_assert_no_error (error);
  g_assert_false (exists (f->dir, "templates/low-balance"));
  g_assert_true (exists (f->dir, "templates/zz-balance/body.txt"));
  g_assert_cmpstr (herald_template_get_id (template), ==, "zz-balance");
  g_assert_cmpstr (herald_template_get_name (template), ==, "Balance warning");
  g_assert_true (herald_library_find_template (f->library, "zz-balance") == template);
  g_assert_null (herald_library_find_template (f->library, "low-balance"));
  list = ids (f->library);
  g_assert_cmpstr (list, ==, "overdraft zz-balance");

  json = herald_test_read_file (f->dir, "templates/zz-balance/template.json");
  g_assert_nonnull (strstr (json, "\"name\": \"Balance warning\""));
  g_assert_nonnull (strstr (json, "\"x-owner\": \"maria\""));
  html = herald_test_read_file (f->dir, "templates/zz-balance/body.html");
  g_assert_cmpstr (html, ==, "<p>Hello {{var:name}}</p>\n");
  g_assert_true (herald_template_get_modified (template));

  g_assert_true (herald_template_save (template, &error));
  g_assert_no_error (error);
  g_clear_pointer (&html, g_free);
  html = herald_test_read_file (f->dir, "templates/zz-balance/body.html");
  g_assert_cmpstr (html, ==, "<p>Edited</p>\n");
  scenario_text = herald_test_read_file (f->dir, "templates/zz-balance/scenarios/ann.json");
  g_assert_nonnull (strstr (scenario_text, "Zoé"));
  g_assert_false (exists (f->dir, "templates/low-balance"));

  /* The name alone: the folder stays. */
  g_assert_true (
      herald_template_ops_rename (f->library, template, "zz-balance", "Low funds", &error));
  g_assert_no_error (error);
  g_clear_pointer (&json, g_free);
  json = herald_test_read_file (f->dir, "templates/zz-balance/template.json");
  g_assert_nonnull (strstr (json, "\"name\": \"Low funds\""));
}

static void
test_rename_refused (Fixture *f, gconstpointer data)
{
  HeraldTemplate *template = herald_library_find_template (f->library, "low-balance");
  g_autoptr (GError) clash = NULL;
  g_autoptr (GError) not_portable = NULL;
  g_autoptr (GError) case_clash = NULL;
  g_autofree char *json = NULL;

  g_assert_false (herald_template_ops_rename (f->library, template, "overdraft", "New", &clash));
  g_assert_error (clash, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_EXISTS);
  g_assert_false (herald_template_ops_rename (f->library, template, "a/b", "New", &not_portable));
  g_assert_error (not_portable, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_assert_false (
      herald_template_ops_rename (f->library, template, "OVERDRAFT", "New", &case_clash));
  g_assert_error (case_clash, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);

  /* Nothing moved and nothing was written. */
  g_assert_cmpstr (herald_template_get_id (template), ==, "low-balance");
  g_assert_cmpstr (herald_template_get_name (template), ==, "Low balance");
  json = herald_test_read_file (f->dir, "templates/low-balance/template.json");
  g_assert_cmpstr (json, ==, TEMPLATE_JSON);
}

static void
test_delete_and_undo (Fixture *f, gconstpointer data)
{
  HeraldTemplate *template = herald_library_find_template (f->library, "low-balance");
  g_autoptr (HeraldDeletedTemplate) deleted = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *list = NULL;
  g_autofree char *html = NULL;
  g_autofree char *ignore = NULL;

  herald_template_set_part (template, HERALD_PART_HTML, "<p>Unsaved</p>\n");
  deleted = herald_template_ops_delete (f->library, template, &error);
  g_assert_no_error (error);
  g_assert_false (exists (f->dir, "templates/low-balance"));
  g_assert_null (herald_library_find_template (f->library, "low-balance"));
  g_assert_true (g_file_test (herald_deleted_template_get_path (deleted), G_FILE_TEST_IS_DIR));
  g_assert_true (g_str_has_prefix (herald_deleted_template_get_path (deleted), f->dir));
  /* Waiting for Undo, the folder is out of git's sight. */
  ignore = herald_test_read_file (f->dir, ".herald-deleted/.gitignore");
  g_assert_cmpstr (ignore, ==, "*\n");

  /* A library opened meanwhile does not see it. */
  {
    g_autoptr (HeraldLibrary) other = load (f->dir);

    g_assert_null (herald_library_find_template (other, "low-balance"));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, 1);
  }

  g_assert_true (herald_deleted_template_restore (deleted, &error));
  g_assert_no_error (error);
  g_assert_true (herald_library_find_template (f->library, "low-balance") == template);
  g_assert_true (herald_template_get_modified (template));
  list = ids (f->library);
  g_assert_cmpstr (list, ==, "low-balance overdraft");
  html = herald_test_read_file (f->dir, "templates/low-balance/body.html");
  g_assert_cmpstr (html, ==, "<p>Hello {{var:name}}</p>\n");
  g_assert_false (exists (f->dir, ".herald-deleted"));
}

/* Where g_file_trash put a folder: the home trash or the trash at the top of its mount. */
static gboolean
in_trash (const char *library_dir, const char *name)
{
  g_autofree char *home = g_build_filename (g_get_user_data_dir (), "Trash", "files", name, NULL);
  g_autofree char *top = NULL;

  if (g_file_test (home, G_FILE_TEST_IS_DIR))
    return TRUE;

  /* The topdir trash of the library's file system: search the library's ancestors. */
  top = g_strdup (library_dir);
  while (top != NULL && strlen (top) > 1)
    {
      g_autofree char *uid = g_strdup_printf (".Trash-%u", (guint) getuid ());
      g_autofree char *candidate = g_build_filename (top, uid, "files", name, NULL);
      char *parent;

      if (g_file_test (candidate, G_FILE_TEST_IS_DIR))
        return TRUE;
      parent = g_path_get_dirname (top);
      g_free (top);
      top = parent;
    }
  return FALSE;
}

static void
test_delete_to_trash (Fixture *f, gconstpointer data)
{
  g_autoptr (HeraldDeletedTemplate) deleted = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *staged = NULL;
  g_autofree char *base = g_path_get_basename (f->dir);
  g_autofree char *unique = g_ascii_strdown (base, -1);
  HeraldTemplate *template = herald_library_find_template (f->library, "overdraft");

  /* A name no earlier run left in the trash. */
  for (char *p = unique; *p; p++)
    if (!g_ascii_isalnum (*p))
      *p = '-';
  g_assert_true (herald_template_ops_rename (f->library, template, unique, "Overdraft", &error));
  g_assert_no_error (error);

  deleted = herald_template_ops_delete (f->library, template, &error);
  g_assert_no_error (error);
  staged = g_strdup (herald_deleted_template_get_path (deleted));
  g_assert_true (herald_deleted_template_trash (deleted, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (staged, G_FILE_TEST_EXISTS));
  g_assert_false (exists (f->dir, ".herald-deleted"));
  g_assert_true (in_trash (f->dir, unique));
}

/* Herald stopped between the move out of the library and the trash: nothing is lost, and
 * the next opening finishes the deletion. */
static void
test_leftover_deletion (void)
{
  g_autofree char *dir = make_library ();
  g_autofree char *staged = NULL;
  g_autoptr (GError) error = NULL;

  {
    g_autoptr (HeraldLibrary) library = load (dir);
    HeraldTemplate *template = herald_library_find_template (library, "overdraft");
    g_autoptr (HeraldDeletedTemplate) deleted =
        herald_template_ops_delete (library, template, &error);

    g_assert_no_error (error);
    staged = g_strdup (herald_deleted_template_get_path (deleted));
  }
  g_assert_true (g_file_test (staged, G_FILE_TEST_IS_DIR));
  {
    g_autofree char *html = g_build_filename (staged, "body.html", NULL);

    g_assert_true (g_file_test (html, G_FILE_TEST_IS_REGULAR));
  }

  {
    g_autoptr (HeraldLibrary) library = load (dir);

    g_assert_null (herald_library_find_template (library, "overdraft"));
    g_assert_cmpuint (herald_template_ops_trash_leftovers (library, &error), ==, 1);
    g_assert_no_error (error);
    g_assert_false (g_file_test (staged, G_FILE_TEST_EXISTS));
    g_assert_false (exists (dir, ".herald-deleted"));
    g_assert_cmpuint (herald_template_ops_trash_leftovers (library, &error), ==, 0);
  }
  herald_test_remove_tree (dir);
}

/* The starter passes every check Herald has, but for the client-support findings that its
 * required parts bring (see data/starter/README.md): its lang on <html> and role on
 * <table> are where caniemail's notes say the clients keep them, so only <style> and the
 * media queries remain. */
static void
test_starter_lints_clean (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) diagnostics = NULL;
  const char *expected[] = {
    "<style> element",
    "@media is",
    "@media (prefers-color-scheme)",
  };
  HeraldTemplate *created;

  created = herald_template_ops_create (f->library, "starter", "Starter",
                                        HERALD_TEMPLATE_CONTENT_STARTER, &error);
  g_assert_no_error (error);
  diagnostics = herald_lint_template_in_library (created, f->library);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *d = g_ptr_array_index (diagnostics, i);

      g_test_message ("%s: %s", herald_diagnostic_get_rule_id (d),
                      herald_diagnostic_get_message (d));
      g_assert_cmpstr (herald_diagnostic_get_rule_id (d), ==, "client-support");
    }
  g_assert_cmpuint (diagnostics->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_str_has_prefix (
        herald_diagnostic_get_message (g_ptr_array_index (diagnostics, i)), expected[i]));
}

static int
run_cli (const char *const *args, char **err)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  g_assert_nonnull (g_getenv ("HERALD_CLI"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("HERALD_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return herald_test_spawn ((const char *const *) argv->pdata, NULL, NULL, err);
}

/* herald-cli new-template writes what New Template… writes, and refuses what it refuses. */
static void
test_cli_new_template (void)
{
  g_autofree char *dir = make_library ();
  g_autofree char *err = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *json = NULL;
  const char *create[] = { "new-template", "--name", "Card blocked", dir, "card-blocked", NULL };
  const char *reserved[] = { "new-template", dir, "nul", NULL };

  g_assert_cmpint (run_cli (create, &err), ==, 0);
  json = herald_test_read_file (dir, "templates/card-blocked/template.json");
  g_assert_nonnull (strstr (json, "\"name\": \"Card blocked\""));
  g_assert_true (exists (dir, "templates/card-blocked/scenarios/example.json"));

  g_assert_cmpint (run_cli (reserved, &refused), ==, 1);
  g_assert_nonnull (strstr (refused, "Windows"));
  g_assert_false (exists (dir, "templates/nul"));
  herald_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "", TRUE);
  g_test_init (&argc, &argv, NULL);

  /* A test on the library of make_library, made and removed by the fixture. */
#define ADD_WITH_LIBRARY(name, func)                                                               \
  g_test_add ("/herald/template-ops/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/herald/template-ops/portable-ids", test_portable_ids);
  g_test_add_func ("/herald/template-ops/id-from-name", test_id_from_name);
  ADD_WITH_LIBRARY ("create-from-starter", test_create_from_starter);
  ADD_WITH_LIBRARY ("create-blank", test_create_blank);
  ADD_WITH_LIBRARY ("create-refused", test_create_refused);
  ADD_WITH_LIBRARY ("suggest-id", test_suggest_id);
  ADD_WITH_LIBRARY ("duplicate", test_duplicate);
  ADD_WITH_LIBRARY ("rename", test_rename);
  ADD_WITH_LIBRARY ("rename-refused", test_rename_refused);
  ADD_WITH_LIBRARY ("delete-and-undo", test_delete_and_undo);
  ADD_WITH_LIBRARY ("delete-to-trash", test_delete_to_trash);
  g_test_add_func ("/herald/template-ops/leftover-deletion", test_leftover_deletion);
  ADD_WITH_LIBRARY ("starter-lints-clean", test_starter_lints_clean);
  g_test_add_func ("/herald/template-ops/cli-new-template", test_cli_new_template);

#undef ADD_WITH_LIBRARY

  return g_test_run ();
}
