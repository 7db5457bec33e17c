/* test-full-disk.c: saves that meet a real full disk. The program moves itself into a
 * private mount namespace (it needs root, as the test machine and CI run), mounts a small
 * tmpfs per test, copies the sample library onto it and fills it; `herald-cli` (from
 * HERALD_CLI) and the core then run against it. Every failed save must exit 2 or return an
 * error naming the file and the cause, and leave every old file byte for byte as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "herald-core.h"
#include "herald-l10n-error.h"
#include "herald-po-catalog.h"
#include "herald-test-files.h"

static int namespace_errno;

typedef HeraldTestRun Run;

static gboolean
have_namespace (void)
{
  if (namespace_errno == 0)
    return TRUE;
  g_test_fail_printf ("these tests need a private mount namespace (run them as root): "
                      "unshare(CLONE_NEWNS) failed: %s",
                      g_strerror (namespace_errno));
  return FALSE;
}

/* A tmpfs of size_kib on a new folder, for this test only. */
static char *
mount_tmpfs (guint size_kib)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *options = g_strdup_printf ("size=%uk", size_kib);
  char *dir = g_dir_make_tmp ("herald-full-XXXXXX", &error);

  g_assert_no_error (error);
  if (mount ("tmpfs", dir, "tmpfs", 0, options) != 0)
    g_error ("mount -t tmpfs %s: %s", dir, g_strerror (errno));
  return dir;
}

static void
unmount_tmpfs (char *dir)
{
  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
  g_rmdir (dir);
  g_free (dir);
}

/* Fills the disk that holds dir, then gives back leave_kib: what a save may still use. */
static void
fill_disk (const char *dir, guint leave_kib)
{
  static const char zeros[64 * 1024];
  g_autofree char *path = g_build_filename (dir, "fill", NULL);
  int fd = open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  gsize size = 0;

  g_assert_cmpint (fd, >=, 0);
  for (;;)
    {
      gssize n = write (fd, zeros, sizeof zeros);

      if (n < 0)
        {
          g_assert_cmpint (errno, ==, ENOSPC);
          break;
        }
      size += (gsize) n;
    }
  g_assert_cmpint (ftruncate (fd, (off_t) (size > leave_kib * 1024 ? size - leave_kib * 1024 : 0)),
                   ==, 0);
  close (fd);
}

static char *
copy_sample_library (const char *parent)
{
  const char *samples = g_getenv ("HERALD_SAMPLES_DIR");
  g_autofree char *source =
      g_build_filename (samples != NULL ? samples : SOURCE_SAMPLES_DIR, "account-alerts", NULL);
  char *library = g_build_filename (parent, "account-alerts", NULL);
  const char *argv[] = { "cp", "-a", source, library, NULL };
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  return library;
}

static void
write_text (const char *path, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* An edit that changes the template of translations: update-po has new text to write. */
static void
edit_low_balance (const char *library)
{
  g_autofree char *path = g_build_filename (library, "templates", "low-balance", "body.html", NULL);
  g_autofree char *html = NULL;
  g_autoptr (GString) edited = NULL;

  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  edited = g_string_new (html);
  g_assert_cmpuint (g_string_replace (edited, "</p>", " Thank you.</p>", 1), ==, 1);
  write_text (path, edited->str);
}

static void
add_tree (GHashTable *tree, const char *root, const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (relative, name, NULL);
      g_autofree char *child_path = g_build_filename (root, child, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        {
          add_tree (tree, root, child);
          continue;
        }
      g_assert_true (g_file_get_contents (child_path, &contents, &length, NULL));
      g_hash_table_insert (
          tree, g_steal_pointer (&child),
          g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length));
    }
}

/* Every file under root (temporary files included) → the SHA-256 of its bytes. */
static GHashTable *
checksum_tree (const char *root)
{
  GHashTable *tree = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  add_tree (tree, root, ".");
  return tree;
}

static void
assert_tree_unchanged (GHashTable *before, const char *root)
{
  g_autoptr (GHashTable) after = checksum_tree (root);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (before, key))
      g_error ("%s was left behind", (char *) key);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *now = g_hash_table_lookup (after, key);

      if (now == NULL)
        g_error ("%s disappeared", (char *) key);
      if (!g_str_equal (now, value))
        g_error ("%s changed", (char *) key);
    }
}

/* The setting: no /proc (a chroot, a container), so no memfd scratch by name. */
static void
mask_proc (void)
{
  g_assert_cmpint (mount ("tmpfs", "/proc", "tmpfs", 0, "size=4k"), ==, 0);
}

static void
unmask_proc (void)
{
  g_assert_cmpint (umount2 ("/proc", MNT_DETACH), ==, 0);
}

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED_BUILD 1
#endif
#endif

/* A herald-cli built with AddressSanitizer cannot run without /proc (its runtime reads it
 * at exit): that build runs the same commands with /proc in place. */
static gboolean
mask_proc_for_cli (void)
{
#ifdef SANITIZED_BUILD
  g_test_message ("sanitized build: herald-cli runs with /proc mounted");
  return FALSE;
#else
  mask_proc ();
  return TRUE;
#endif
}

/* A tmpfs of @size_kib holding the sample library with edit_low_balance made; the library's
 * path goes to @library. */
static char *
mount_edited_library (guint size_kib, char **library)
{
  char *disk = mount_tmpfs (size_kib);

  *library = copy_sample_library (disk);
  edit_low_balance (*library);
  return disk;
}

/* herald-cli @command @library with TMPDIR=@tmpdir, where it cannot see /proc. */
static Run
run_cli_without_proc (const char *tmpdir, const char *command, const char *library)
{
  g_autofree char *tmpdir_env = g_strdup_printf ("TMPDIR=%s", tmpdir);
  gboolean masked = mask_proc_for_cli ();
  const char *env[] = { tmpdir_env, NULL };
  Run run = herald_test_run_cli (env, command, library, NULL);

  if (masked)
    unmask_proc ();
  return run;
}

/* Room for the new .pot (28 KiB), not for fr.po (40 KiB) even once the old .pot's space is
 * given back: neither may change. */
static void
test_update_po_full_disk (void)
{
  g_autofree char *disk = NULL;
  g_autofree char *library = NULL;
  g_autoptr (GHashTable) before = NULL;
  Run run;

  if (!have_namespace ())
    return;
  disk = mount_edited_library (2048, &library);
  before = checksum_tree (library);
  fill_disk (disk, 32);

  run = herald_test_run_cli (NULL, "update-po", library, NULL);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "No space left on device"));
  g_assert_nonnull (strstr (run.err, "fr.po"));
  assert_tree_unchanged (before, library);
  herald_test_run_clear (&run);
  unmount_tmpfs (g_steal_pointer (&disk));
}

/* No /proc and the scratch folder ($TMPDIR) full as well as the library's disk. */
static void
test_extract_full_disk (void)
{
  g_autofree char *disk = NULL;
  g_autofree char *library = NULL;
  g_autoptr (GHashTable) before = NULL;
  Run run;

  if (!have_namespace ())
    return;
  disk = mount_edited_library (1024, &library);
  before = checksum_tree (library);
  fill_disk (disk, 0);

  run = run_cli_without_proc (disk, "extract", library);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "account-alerts.pot"));
  g_assert_nonnull (strstr (run.err, "No space left on device"));
  assert_tree_unchanged (before, library);
  herald_test_run_clear (&run);
  unmount_tmpfs (g_steal_pointer (&disk));
}

/* The report: no /proc, $TMPDIR full, the library's own disk fine. The translations
 * must come out whole (nothing in $TMPDIR is needed any more). */
static void
test_update_po_full_tmpdir (void)
{
  g_autofree char *tmp = NULL;
  g_autofree char *disk = NULL;
  g_autofree char *library = NULL;
  g_autofree char *fr_path = NULL;
  g_autoptr (HeraldPoCatalog) fr = NULL;
  g_autoptr (GError) error = NULL;
  guint translated = 0;
  gboolean has_edit = FALSE;
  Run run;

  if (!have_namespace ())
    return;
  tmp = mount_tmpfs (256);
  fill_disk (tmp, 0);
  disk = mount_edited_library (2048, &library);

  run = run_cli_without_proc (tmp, "update-po", library);

  g_assert_cmpint (run.status, ==, 0);
  fr_path = g_build_filename (library, "po", "fr.po", NULL);
  fr = herald_po_catalog_load (fr_path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < herald_po_catalog_get_n_entries (fr); i++)
    {
      const HeraldPoEntry *entry = herald_po_catalog_get_entry (fr, i);

      translated += herald_po_entry_is_translated (entry);
      has_edit |= strstr (entry->msgid, "Thank you.") != NULL;
    }
  /* The sample's 141 translations, less the one whose source text was edited. */
  g_assert_cmpuint (translated, >=, 140);
  g_assert_true (has_edit);
  g_assert_nonnull (strstr (herald_po_catalog_get_header (fr), "Language: fr"));
  herald_test_run_clear (&run);
  unmount_tmpfs (g_steal_pointer (&tmp));
  unmount_tmpfs (g_steal_pointer (&disk));
}

/* libgettextpo writes part of the file and reports nothing: the old file must stay. */
static void
test_po_write_partial (void)
{
  g_autofree char *disk = NULL;
  g_autofree char *library = NULL;
  g_autofree char *path = NULL;
  g_autofree char *old = NULL;
  g_autofree char *now = NULL;
  g_autoptr (HeraldPoCatalog) catalog = NULL;
  g_autoptr (GError) error = NULL;
  gboolean written;

  if (!have_namespace ())
    return;
  disk = mount_tmpfs (1024);
  library = copy_sample_library (disk);
  path = g_build_filename (library, "po", "fr.po", NULL);
  catalog = herald_po_catalog_load (path, &error);
  g_assert_no_error (error);
  herald_po_catalog_set_header_field (catalog, "Last-Translator", "Léa <lea@example.com>");
  g_assert_true (g_file_get_contents (path, &old, NULL, NULL));
  fill_disk (disk, 8);

  mask_proc ();
  written = herald_po_catalog_write (catalog, path, &error);
  unmask_proc ();

  g_assert_false (written);
  g_assert_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_WRITE);
  g_assert_nonnull (strstr (error->message, "fr.po"));
  g_assert_nonnull (strstr (error->message, "No space left on device"));
  g_assert_true (g_file_get_contents (path, &now, NULL, NULL));
  g_assert_cmpstr (now, ==, old);
  unmount_tmpfs (g_steal_pointer (&disk));
}

/* template.json fits on the disk, body.html does not: neither changes. */
static void
test_template_save_full_disk (void)
{
  g_autofree char *disk = NULL;
  g_autofree char *library_dir = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GHashTable) before = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) html = g_string_new (NULL);
  HeraldTemplate *tmpl;
  gboolean saved;

  if (!have_namespace ())
    return;
  disk = mount_tmpfs (1024);
  library_dir = copy_sample_library (disk);
  library = herald_library_load (library_dir, &error);
  g_assert_no_error (error);
  tmpl = herald_library_find_template (library, "low-balance");
  g_assert_nonnull (tmpl);
  herald_template_set_part (tmpl, HERALD_PART_SUBJECT, "Your balance is low");
  while (html->len < 64 * 1024)
    g_string_append (html, "<p>A long body that no longer fits on the disk.</p>\n");
  herald_template_set_part (tmpl, HERALD_PART_HTML, html->str);
  before = checksum_tree (library_dir);
  fill_disk (disk, 16);

  saved = herald_template_save (tmpl, &error);

  g_assert_false (saved);
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "body.html"));
  g_assert_nonnull (strstr (error->message, "No space left on device"));
  assert_tree_unchanged (before, library_dir);
  /* Nothing was saved, so everything is still to save. */
  g_assert_true (herald_template_get_modified (tmpl));
  g_assert_cmpstr (herald_template_get_html (tmpl), ==, html->str);
  g_clear_object (&library);
  unmount_tmpfs (g_steal_pointer (&disk));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Mounts made here stay in this process and its children; "/" is made private so that
   * they never reach the machine's own mount table. */
  if (unshare (CLONE_NEWNS) != 0 || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    namespace_errno = errno;

  g_test_add_func ("/full-disk/update-po", test_update_po_full_disk);
  g_test_add_func ("/full-disk/extract", test_extract_full_disk);
  g_test_add_func ("/full-disk/update-po-full-tmpdir", test_update_po_full_tmpdir);
  g_test_add_func ("/full-disk/po-write-partial", test_po_write_partial);
  g_test_add_func ("/full-disk/template-save", test_template_save_full_disk);

  return g_test_run ();
}
