/* test-library-settings.c: creating a library and changing its herald.json.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "herald-core.h"
#include "herald-l10n-library.h"
#include "herald-library-settings.h"
#include "herald-locale-name.h"
#include "herald-test-files.h"
#include "test-l10n-util.h"

/* Frees *@field and puts a copy of @value in its place (g_set_str, before GLib 2.76). */
static void
replace_string (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static HeraldLibrarySettings *
make_settings (const char *const *targets)
{
  HeraldLibrarySettings *settings = herald_library_settings_new ();

  replace_string (&settings->name, "Billing notices");
  replace_string (&settings->from_name, "Example Billing");
  replace_string (&settings->from_email, "billing@example.com");
  g_strfreev (settings->target_locales);
  settings->target_locales = g_strdupv ((char **) targets);
  return settings;
}

static gboolean
path_exists (const char *dir, const char *relative)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static guint
count_entries (const char *dir, const char *relative)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autoptr (GDir) folder = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (folder);
  while (g_dir_read_name (folder) != NULL)
    n++;
  return n;
}

static void
test_create_empty (void)
{
  g_autofree char *parent = herald_test_make_temp_dir ("herald-test-XXXXXX");
  g_autofree char *dir = g_build_filename (parent, "billing", NULL);
  const char *none[] = { NULL };
  g_autoptr (HeraldLibrarySettings) settings = make_settings (none);
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr (HeraldLibrary) library = NULL;

  g_assert_true (herald_library_create (dir, settings, HERALD_LIBRARY_START_EMPTY, &error));
  g_assert_no_error (error);

  /* As docs/library-format.md describes it: format 1 first, two-space indents, the sender's
   * email before its name, no clients member (the defaults), a final newline. */
  json = herald_test_read_file (dir, "herald.json");
  g_assert_cmpstr (json, ==,
                   "{\n"
                   "  \"format\": 1,\n"
                   "  \"name\": \"Billing notices\",\n"
                   "  \"sourceLocale\": \"en\",\n"
                   "  \"targetLocales\": [],\n"
                   "  \"from\": {\n"
                   "    \"email\": \"billing@example.com\",\n"
                   "    \"name\": \"Example Billing\"\n"
                   "  }\n"
                   "}\n");
  g_assert_true (path_exists (dir, "templates"));
  g_assert_cmpuint (count_entries (dir, "templates"), ==, 0);
  g_assert_false (path_exists (dir, "po"));
  g_assert_cmpuint (count_entries (dir, "."), ==, 2);

  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_library_get_name (library), ==, "Billing notices");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
  herald_test_remove_tree (parent);
}

static void
test_create_starter_with_targets (void)
{
  g_autofree char *dir = herald_test_make_temp_dir ("herald-test-XXXXXX");
  const char *targets[] = { "fr", "pt-BR", NULL };
  g_autoptr (HeraldLibrarySettings) settings = make_settings (targets);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldPoCatalog) catalog = NULL;
  g_autoptr (HeraldPoCatalog) pot_catalog = NULL;
  g_autofree char *po_dir = NULL;
  HeraldTemplate *starter;

  /* An existing folder with unrelated files (a git checkout's README) is fine. */
  herald_test_write_file (dir, "README.md", "Our alerts\n");
  g_assert_true (herald_library_create (dir, settings, HERALD_LIBRARY_START_STARTER, &error));
  g_assert_no_error (error);

  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (herald_library_get_target_locales (library), targets);
  starter = herald_library_find_template (library, "starter");
  g_assert_nonnull (starter);
  g_assert_cmpuint (g_list_model_get_n_items (herald_template_get_scenarios (starter)), >=, 1);
  g_assert_true (path_exists (dir, "templates/starter/body.txt"));

  po_dir = g_build_filename (dir, "po", NULL);
  for (guint i = 0; targets[i] != NULL; i++)
    {
      g_autofree char *name = g_strconcat (targets[i], ".po", NULL);
      g_autofree char *path = g_build_filename (po_dir, name, NULL);

      l10n_test_msgfmt_check (path);
    }
  /* The .pot is named after the folder, as update-po names it, and holds the starter's
   * text, so the translations are not empty shells. The starter's wording is not assumed:
   * the starter template can change without this test. */
  {
    g_autofree char *base = g_path_get_basename (dir);
    g_autofree char *pot_name = g_strconcat (base, ".pot", NULL);
    g_autofree char *pot_path = g_build_filename (po_dir, pot_name, NULL);

    pot_catalog = herald_po_catalog_load (pot_path, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (herald_po_catalog_get_n_entries (pot_catalog), >, 0);
  catalog = herald_l10n_load_catalog (library, "fr", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (herald_po_catalog_get_n_entries (catalog), ==,
                    herald_po_catalog_get_n_entries (pot_catalog));
  g_assert_nonnull (
      herald_po_catalog_find (catalog, NULL, herald_po_catalog_get_entry (pot_catalog, 0)->msgid));
  herald_test_remove_tree (dir);
}

static void
test_refuse_existing_library (void)
{
  g_autofree char *dir = herald_test_make_temp_dir ("herald-test-XXXXXX");
  const char *none[] = { NULL };
  g_autoptr (HeraldLibrarySettings) settings = make_settings (none);
  g_autoptr (GError) error = NULL;
  const char *old = "{\n  \"format\": 1,\n  \"name\": \"Ours\"\n}\n";
  g_autofree char *after = NULL;

  herald_test_write_file (dir, "herald.json", old);
  g_assert_false (herald_library_create (dir, settings, HERALD_LIBRARY_START_STARTER, &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already holds a library"));
  after = herald_test_read_file (dir, "herald.json");
  g_assert_cmpstr (after, ==, old);
  g_assert_false (path_exists (dir, "templates"));
  g_clear_error (&error);

  /* A templates folder of something else is not mixed with. */
  g_assert_cmpint (g_unlink (g_build_filename (dir, "herald.json", NULL)), ==, 0);
  herald_test_write_file (dir, "templates/mine.txt", "x");
  g_assert_false (herald_library_create (dir, settings, HERALD_LIBRARY_START_EMPTY, &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_assert_false (path_exists (dir, "herald.json"));
  herald_test_remove_tree (dir);
}

static void
test_refuse_bad_settings (void)
{
  g_autofree char *dir = herald_test_make_temp_dir ("herald-test-XXXXXX");
  const char *targets[] = { "en", NULL };
  g_autoptr (HeraldLibrarySettings) settings = make_settings (targets);
  g_autoptr (GError) error = NULL;

  /* The source language cannot be a target too. */
  g_assert_false (herald_library_create (dir, settings, HERALD_LIBRARY_START_EMPTY, &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);

  g_strfreev (settings->target_locales);
  settings->target_locales = g_strsplit ("fr", ",", -1);
  replace_string (&settings->from_email, "billing.example.com");
  g_assert_false (herald_library_create (dir, settings, HERALD_LIBRARY_START_EMPTY, &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "billing.example.com"));
  g_clear_error (&error);

  replace_string (&settings->from_email, "billing@example.com");
  settings->clients = g_strsplit ("gmail.desktop-webmail,pigeon.post", ",", -1);
  g_assert_false (herald_library_create (dir, settings, HERALD_LIBRARY_START_EMPTY, &error));
  g_assert_nonnull (strstr (error->message, "pigeon.post"));
  g_assert_cmpuint (count_entries (dir, "."), ==, 0);
  herald_test_remove_tree (dir);
}

/* A herald.json as a person may have written it: an unknown member between known ones,
 * a member Herald does not edit at the end. */
static const char *HAND_WRITTEN = "{\n"
                                  "  \"format\": 1,\n"
                                  "  \"name\": \"Alerts\",\n"
                                  "  \"x-owner\": {\n"
                                  "    \"team\": \"growth\",\n"
                                  "    \"since\": 2024\n"
                                  "  },\n"
                                  "  \"sourceLocale\": \"en\",\n"
                                  "  \"targetLocales\": [\n"
                                  "    \"fr\"\n"
                                  "  ],\n"
                                  "  \"from\": {\n"
                                  "    \"email\": \"alerts@example.com\"\n"
                                  "  },\n"
                                  "  \"x-notes\": \"keep me\"\n"
                                  "}\n";

static char *
make_hand_written_library (void)
{
  char *dir = herald_test_make_temp_dir ("herald-test-XXXXXX");

  herald_test_write_file (dir, "herald.json", HAND_WRITTEN);
  herald_test_write_file (dir, "templates/hello/template.json",
                          "{\n  \"name\": \"Hello\",\n  \"subject\": \"Hello there\"\n}\n");
  herald_test_write_file (dir, "templates/hello/body.html", "<p>Good morning</p>\n");
  herald_test_write_file (
      dir, "po/fr.po",
      "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
      "\"Language: fr\\n\"\n\nmsgid \"Good morning\"\nmsgstr \"Bonjour\"\n");
  return dir;
}

static HeraldLibrarySettings *
settings_of (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (dir, &error);

  g_assert_no_error (error);
  return herald_library_settings_new_from_library (library);
}

static void
test_apply_keeps_unknown_members (void)
{
  g_autofree char *dir = make_hand_written_library ();
  g_autoptr (HeraldLibrarySettings) settings = settings_of (dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *po = NULL;

  g_assert_null (settings->clients);
  g_assert_cmpstr (settings->from_name, ==, "");

  replace_string (&settings->name, "Account alerts");
  replace_string (&settings->from_name, "Alerts team");
  settings->clients = g_strsplit ("outlook.windows,apple-mail.ios", ",", -1);
  g_assert_true (herald_library_settings_apply (dir, settings, FALSE, &error));
  g_assert_no_error (error);

  json = herald_test_read_file (dir, "herald.json");
  g_assert_cmpstr (json, ==,
                   "{\n"
                   "  \"format\": 1,\n"
                   "  \"name\": \"Account alerts\",\n"
                   "  \"x-owner\": {\n"
                   "    \"team\": \"growth\",\n"
                   "    \"since\": 2024\n"
                   "  },\n"
                   "  \"sourceLocale\": \"en\",\n"
                   "  \"targetLocales\": [\n"
                   "    \"fr\"\n"
                   "  ],\n"
                   "  \"from\": {\n"
                   "    \"email\": \"alerts@example.com\",\n"
                   "    \"name\": \"Alerts team\"\n"
                   "  },\n"
                   "  \"x-notes\": \"keep me\",\n"
                   "  \"clients\": [\n"
                   "    \"outlook.windows\",\n"
                   "    \"apple-mail.ios\"\n"
                   "  ]\n"
                   "}\n");
  /* No target changed: the translation is not touched. */
  po = herald_test_read_file (dir, "po/fr.po");
  g_assert_nonnull (strstr (po, "msgstr \"Bonjour\""));
  g_assert_false (path_exists (dir, "po/LINGUAS"));

  /* Read back, the clients are the chosen ones; reset to the defaults drops the member. */
  {
    g_autoptr (HeraldLibrarySettings) again = settings_of (dir);
    const char *expected[] = { "outlook.windows", "apple-mail.ios", NULL };

    g_assert_cmpstrv (again->clients, expected);
    g_clear_pointer (&again->clients, g_strfreev);
    g_assert_true (herald_library_settings_apply (dir, again, FALSE, &error));
    g_assert_no_error (error);
  }
  g_free (json);
  json = herald_test_read_file (dir, "herald.json");
  g_assert_null (strstr (json, "clients"));
  g_assert_true (g_str_has_suffix (json, "  \"x-notes\": \"keep me\"\n}\n"));
  herald_test_remove_tree (dir);
}

static void
test_apply_adds_and_removes_targets (void)
{
  g_autofree char *dir = make_hand_written_library ();
  g_autoptr (HeraldLibrarySettings) settings = settings_of (dir);
  g_autoptr (HeraldLibrarySettings) old = settings_of (dir);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) removed = NULL;
  g_autofree char *de_path = g_build_filename (dir, "po", "de.po", NULL);
  const char *only_fr[] = { "fr", NULL };

  g_strfreev (settings->target_locales);
  settings->target_locales = g_strsplit ("de", ",", -1);
  removed = herald_library_settings_dup_removed_locales (old, settings);
  g_assert_cmpstrv (removed, only_fr);

  /* Removing fr keeps its translations on disk unless asked. */
  g_assert_true (herald_library_settings_apply (dir, settings, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (path_exists (dir, "po/fr.po"));
  l10n_test_msgfmt_check (de_path);
  {
    g_autofree char *de = herald_test_read_file (dir, "po/de.po");

    g_assert_nonnull (strstr (de, "msgid \"Good morning\""));
    g_assert_nonnull (strstr (de, "Language: de"));
  }
  {
    g_autoptr (HeraldLibrarySettings) now = settings_of (dir);
    const char *only_de[] = { "de", NULL };

    g_assert_cmpstrv (now->target_locales, only_de);
  }

  /* Targets kept stay in their place, new ones follow, whatever order the caller gives. */
  g_strfreev (settings->target_locales);
  settings->target_locales = g_strsplit ("pt-BR,fr,de", ",", -1);
  g_assert_true (herald_library_settings_apply (dir, settings, FALSE, &error));
  g_assert_no_error (error);
  {
    g_autofree char *json = herald_test_read_file (dir, "herald.json");

    g_assert_nonnull (strstr (json, "  \"targetLocales\": [\n"
                                    "    \"de\",\n"
                                    "    \"pt-BR\",\n"
                                    "    \"fr\"\n"
                                    "  ],\n"));
  }

  /* Back to fr, and de's (and pt-BR's) file deleted this time. */
  g_strfreev (settings->target_locales);
  settings->target_locales = g_strsplit ("fr", ",", -1);
  g_assert_true (herald_library_settings_apply (dir, settings, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (path_exists (dir, "po/de.po"));
  g_assert_false (path_exists (dir, "po/pt-BR.po"));
  {
    g_autofree char *fr = herald_test_read_file (dir, "po/fr.po");

    /* fr.po was there: it is kept as the translator left it, not recreated. */
    g_assert_nonnull (strstr (fr, "msgstr \"Bonjour\""));
  }
  herald_test_remove_tree (dir);
}

static void
test_apply_refused_leaves_file (void)
{
  g_autofree char *dir = make_hand_written_library ();
  g_autoptr (HeraldLibrarySettings) settings = settings_of (dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;

  replace_string (&settings->from_email, "alerts at example.com");
  g_assert_false (herald_library_settings_apply (dir, settings, FALSE, &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  json = herald_test_read_file (dir, "herald.json");
  g_assert_cmpstr (json, ==, HAND_WRITTEN);
  herald_test_remove_tree (dir);
}

/* The file is replaced through the atomic helper: a herald.json kept as a link (to a
 * shared settings file) stays a link, and the file it points to gets the new content. */
static void
test_apply_writes_through_link (void)
{
  g_autofree char *dir = make_hand_written_library ();
  g_autofree char *real = g_build_filename (dir, "shared-herald.json", NULL);
  g_autofree char *link = g_build_filename (dir, "herald.json", NULL);
  g_autoptr (HeraldLibrarySettings) settings = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *json = NULL;

  g_assert_cmpint (g_rename (link, real), ==, 0);
  g_assert_cmpint (symlink ("shared-herald.json", link), ==, 0);
  settings = settings_of (dir);
  replace_string (&settings->name, "Linked");
  g_assert_true (herald_library_settings_apply (dir, settings, FALSE, &error));
  g_assert_no_error (error);

  target = g_file_read_link (link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (target, ==, "shared-herald.json");
  json = herald_test_read_file (dir, "shared-herald.json");
  g_assert_nonnull (strstr (json, "\"name\": \"Linked\""));
  herald_test_remove_tree (dir);
}

static void
test_language_names (void)
{
  g_autofree char *fr = herald_locale_name_dup_label ("fr");
  g_autofree char *pt_br = herald_locale_name_dup_label ("pt_BR");
  g_autofree char *unknown = herald_locale_name_dup_label ("tlh");

  g_assert_cmpstr (fr, ==, "French — fr");
  g_assert_cmpstr (pt_br, ==, "Portuguese (Brazil) — pt_BR");
  /* A language Herald has no name for reads as its code. */
  g_assert_cmpstr (unknown, ==, "tlh");
  for (const char *const *code = herald_locale_name_get_known (); *code != NULL; code++)
    g_assert_true (herald_locale_name_is_valid (*code));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/herald/library-settings/create-empty", test_create_empty);
  g_test_add_func ("/herald/library-settings/create-starter-with-targets",
                   test_create_starter_with_targets);
  g_test_add_func ("/herald/library-settings/refuse-existing-library",
                   test_refuse_existing_library);
  g_test_add_func ("/herald/library-settings/refuse-bad-settings", test_refuse_bad_settings);
  g_test_add_func ("/herald/library-settings/apply-keeps-unknown-members",
                   test_apply_keeps_unknown_members);
  g_test_add_func ("/herald/library-settings/apply-adds-and-removes-targets",
                   test_apply_adds_and_removes_targets);
  g_test_add_func ("/herald/library-settings/apply-refused-leaves-file",
                   test_apply_refused_leaves_file);
  g_test_add_func ("/herald/library-settings/apply-writes-through-link",
                   test_apply_writes_through_link);
  g_test_add_func ("/herald/library-settings/language-names", test_language_names);

  return g_test_run ();
}
