/* test-l10n-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "herald-test-files.h"
#include "test-l10n-util.h"

char *
l10n_test_run (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *standard_error = NULL;
  char *standard_output = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &standard_output, &standard_error, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s", argv[0], standard_error);
  return standard_output;
}

void
l10n_test_msgfmt_check (const char *path)
{
  const char *argv[] = { "msgfmt", "--check", "-o", "/dev/null", path, NULL };

  g_free (l10n_test_run (argv));
}

void
l10n_test_msgfmt_check_silent (const char *path)
{
  const char *argv[] = { "msgfmt", "--check", "-o", "/dev/null", path, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *standard_output = NULL;
  g_autofree char *standard_error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &standard_output, &standard_error, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (standard_error, ==, "");
  g_assert_cmpstr (standard_output, ==, "");
}

static char *
describe (const HeraldPoEntry *entry)
{
  g_autofree char *msgstr = g_strjoinv ("|", entry->msgstr);

  return g_strdup_printf ("[%s] %s / %s → %s%s%s", entry->msgctxt ? entry->msgctxt : "",
                          entry->msgid, entry->msgid_plural ? entry->msgid_plural : "-", msgstr,
                          entry->fuzzy ? " (fuzzy)" : "", entry->obsolete ? " (obsolete)" : "");
}

void
l10n_test_assert_same_entries (HeraldPoCatalog *expected, HeraldPoCatalog *actual)
{
  guint n = herald_po_catalog_get_n_entries (expected);

  for (guint i = 0; i < MAX (n, herald_po_catalog_get_n_entries (actual)); i++)
    {
      g_autofree char *want = NULL;
      g_autofree char *have = NULL;

      if (i < n)
        want = describe (herald_po_catalog_get_entry (expected, i));
      if (i < herald_po_catalog_get_n_entries (actual))
        have = describe (herald_po_catalog_get_entry (actual, i));
      g_assert_cmpstr (have, ==, want);
    }
}

static void
copy_recursive (GFile *source, GFile *destination)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileEnumerator) children = NULL;
  GFileInfo *info;

  if (g_file_query_file_type (source, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      g_file_copy (source, destination, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      return;
    }

  g_file_make_directory_with_parents (destination, NULL, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_assert_no_error (error);
  g_clear_error (&error);
  children = g_file_enumerate_children (source, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  while ((info = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
    {
      g_autoptr (GFile) child = g_file_get_child (source, g_file_info_get_name (info));
      g_autoptr (GFile) target = g_file_get_child (destination, g_file_info_get_name (info));

      copy_recursive (child, target);
      g_object_unref (info);
    }
  g_assert_no_error (error);
}

char *
l10n_test_copy_tree (const char *source, const char *name)
{
  g_autofree char *parent = herald_test_make_temp_dir ("herald-l10n-XXXXXX");
  char *path;
  g_autoptr (GFile) from = g_file_new_for_path (source);
  g_autoptr (GFile) to = NULL;

  path = g_build_filename (parent, name, NULL);
  to = g_file_new_for_path (path);
  copy_recursive (from, to);
  return path;
}

HeraldLibrary *
l10n_test_load_library (const char *path)
{
  g_autoptr (GError) error = NULL;
  HeraldLibrary *library = herald_library_load (path, &error);

  g_assert_no_error (error);
  return library;
}

const char *
l10n_test_data_dir (void)
{
  static char *dir;

  if (dir == NULL)
    dir = g_test_build_filename (G_TEST_DIST, "data", "l10n", NULL);
  return dir;
}

const char *__lsan_default_suppressions (void);

/* Under LeakSanitizer: libgettextpo 0.21 leaks by design (po_message_comments() joins the
 * comment lines into a string it never frees, "FIXME: memory leak" in gettext-po.c), and
 * GLib 2.74's G_TEST_OPTION_ISOLATE_DIRS keeps the directories it sets. */
const char *
__lsan_default_suppressions (void)
{
  return "leak:libgettextpo.so\nleak:g_set_user_dirs\n";
}

const char *__asan_default_options (void);

/* Full malloc stacks: the suppressions above match frames that the fast unwinder, without
 * frame pointers in the system libraries, cannot see. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
