/* test-file-util.c: what a save keeps of the file it replaces (permissions, a symbolic
 * link), what it refuses, and that a batch of files changes all together or not at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "herald-core.h"
#include "herald-l10n-library.h"
#include "herald-test-files.h"

static void
write_text (const char *path, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static char *
read_text (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static gboolean
is_symlink (const char *path)
{
  struct stat st;

  return g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode);
}

static guint
count_entries (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (listing);
  while (g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static void
test_keeps_mode (void)
{
  g_autofree char *dir = herald_test_make_temp_dir ("herald-file-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "secret.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  write_text (path, "{}\n");
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);

  g_assert_true (herald_file_write_atomic (path, "{\"a\": 1}\n", -1, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (file_mode (path), ==, 0600);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "{\"a\": 1}\n");
}

/* A new file is made as any program makes one: 0666 less the umask. */
static void
test_new_file_follows_umask (void)
{
  g_autofree char *dir = herald_test_make_temp_dir ("herald-file-XXXXXX");
  g_autofree char *shared = g_build_filename (dir, "shared.txt", NULL);
  g_autofree char *private = g_build_filename (dir, "private.txt", NULL);
  g_autoptr (GError) error = NULL;
  mode_t old_umask = umask (002);

  g_assert_true (herald_file_write_atomic (shared, "a\n", -1, &error));
  umask (077);
  g_assert_true (herald_file_write_atomic (private, "b\n", -1, &error));
  umask (old_umask);

  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (shared), ==, 0664);
  g_assert_cmpuint (file_mode (private), ==, 0600);
}

/* A link stays a link; the file it points to (relative, through a second link) gets the new
 * content and keeps its mode. */
static void
test_writes_through_symlink (void)
{
  g_autofree char *dir = herald_test_make_temp_dir ("herald-file-XXXXXX");
  g_autofree char *shared_dir = g_build_filename (dir, "common", NULL);
  g_autofree char *real = g_build_filename (shared_dir, "de.po", NULL);
  g_autofree char *po_dir = g_build_filename (dir, "po", NULL);
  g_autofree char *middle = g_build_filename (po_dir, "de-link.po", NULL);
  g_autofree char *link = g_build_filename (po_dir, "de.po", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;

  g_assert_cmpint (g_mkdir (shared_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (po_dir, 0755), ==, 0);
  write_text (real, "old\n");
  g_assert_cmpint (g_chmod (real, 0640), ==, 0);
  g_assert_cmpint (symlink ("../common/de.po", middle), ==, 0);
  g_assert_cmpint (symlink ("de-link.po", link), ==, 0);

  g_assert_true (herald_file_write_atomic (link, "new\n", -1, &error));
  g_assert_no_error (error);

  g_assert_true (is_symlink (link));
  g_assert_true (is_symlink (middle));
  target = g_file_read_link (link, NULL);
  g_assert_cmpstr (target, ==, "de-link.po");
  text = read_text (real);
  g_assert_cmpstr (text, ==, "new\n");
  g_assert_cmpuint (file_mode (real), ==, 0640);
  /* No temporary file left in either folder. */
  g_assert_cmpuint (count_entries (po_dir), ==, 2);
  g_assert_cmpuint (count_entries (shared_dir), ==, 1);
}

/* A link to a file not yet there creates that file, as writing through the link would. */
static void
test_dangling_symlink (void)
{
  g_autofree char *dir = herald_test_make_temp_dir ("herald-file-XXXXXX");
  g_autofree char *link = g_build_filename (dir, "fr.po", NULL);
  g_autofree char *real = g_build_filename (dir, "real-fr.po", NULL);
  g_autofree char *missing_dir_link = g_build_filename (dir, "it.po", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (symlink ("real-fr.po", link), ==, 0);
  g_assert_true (herald_file_write_atomic (link, "created\n", -1, &error));
  g_assert_no_error (error);
  g_assert_true (is_symlink (link));
  text = read_text (real);
  g_assert_cmpstr (text, ==, "created\n");

  /* A link into a folder that does not exist: refused, naming both. */
  g_assert_cmpint (symlink ("nowhere/it.po", missing_dir_link), ==, 0);
  g_assert_false (herald_file_write_atomic (missing_dir_link, "x\n", -1, &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "it.po"));
  g_assert_nonnull (strstr (error->message, "nowhere/it.po"));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_assert_true (is_symlink (missing_dir_link));
}

/* A folder or a named pipe where a file is expected is left alone. */
static void
test_refuses_special_file (void)
{
  g_autofree char *dir = herald_test_make_temp_dir ("herald-file-XXXXXX");
  g_autofree char *fifo = g_build_filename (dir, "body.html", NULL);
  g_autoptr (GError) error = NULL;
  struct stat st;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_false (herald_file_write_atomic (fifo, "<p>x</p>\n", -1, &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "body.html"));
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpuint (count_entries (dir), ==, 1);
}

/* The second file of a batch cannot be written: the first stays as it was, and no
 * temporary file is left. */
static void
test_batch_all_or_nothing (void)
{
  g_autofree char *dir = herald_test_make_temp_dir ("herald-file-XXXXXX");
  g_autofree char *first = g_build_filename (dir, "template.json", NULL);
  g_autofree char *second = g_build_filename (dir, "missing", "body.html", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  HeraldFileBatch *batch;

  write_text (first, "old\n");
  batch = herald_file_batch_new ();
  g_assert_true (herald_file_batch_add (batch, first, "new\n", -1, &error));
  g_assert_false (herald_file_batch_add (batch, second, "new\n", -1, &error));
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "body.html"));
  herald_file_batch_free (batch);

  text = read_text (first);
  g_assert_cmpstr (text, ==, "old\n");
  g_assert_cmpuint (count_entries (dir), ==, 1);
}

static void
write_library (const char *dir)
{
  struct
  {
    const char *path;
    const char *text;
  } files[] = {
    { "herald.json", "{\"format\": 1, \"name\": \"T\", \"sourceLocale\": \"en\","
                     " \"targetLocales\": [\"fr\", \"de\"],"
                     " \"from\": {\"email\": \"a@example.com\", \"name\": \"A\"}}" },
    { "templates/alert/template.json",
      "{\"name\": \"Alert\", \"subject\": \"Hello\", \"preheader\": \"Look\", \"tags\": []}" },
    { "templates/alert/body.html", "<p>Your balance is low.</p>\n<p>New line.</p>\n" },
    { "templates/alert/scenarios/a.json", "{\"name\": \"A\", \"variables\": {}}" },
    { "po/fr.po", "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                  "\"Language: fr\\n\"\n\n"
                  "msgid \"Your balance is low.\"\nmsgstr \"Votre solde est bas.\"\n" },
    { "common/de.po", "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                      "\"Language: de\\n\"\n\n"
                      "msgid \"Your balance is low.\"\nmsgstr \"Ihr Kontostand ist niedrig.\"\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].path, NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      write_text (path, files[i].text);
    }
}

/* msgmerge -U's users keep a private .po private and a .po shared through a link shared. */
static void
test_update_po_mode_and_symlink (void)
{
  g_autofree char *dir = herald_test_make_temp_dir ("herald-file-XXXXXX");
  g_autofree char *fr = g_build_filename (dir, "po", "fr.po", NULL);
  g_autofree char *de_link = g_build_filename (dir, "po", "de.po", NULL);
  g_autofree char *de_real = g_build_filename (dir, "common", "de.po", NULL);
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *fr_text = NULL;
  g_autofree char *de_text = NULL;

  write_library (dir);
  g_assert_cmpint (g_chmod (fr, 0600), ==, 0);
  g_assert_cmpint (symlink ("../common/de.po", de_link), ==, 0);
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);

  g_assert_true (herald_l10n_update_po (library, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (file_mode (fr), ==, 0600);
  fr_text = read_text (fr);
  g_assert_nonnull (strstr (fr_text, "msgstr \"Votre solde est bas.\""));
  g_assert_nonnull (strstr (fr_text, "msgid \"New line.\""));
  g_assert_true (is_symlink (de_link));
  de_text = read_text (de_real);
  g_assert_nonnull (strstr (de_text, "msgstr \"Ihr Kontostand ist niedrig.\""));
  g_assert_nonnull (strstr (de_text, "msgid \"New line.\""));
}

/* A library text is read whole whatever its size, and only as UTF-8 without NUL bytes. */
static void
test_read_library_text (void)
{
  g_autofree char *dir = herald_test_make_temp_dir ("herald-file-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "part.html", NULL);
  g_autoptr (GString) large = g_string_new (NULL);
  struct
  {
    const char *text;
    gsize length;
    gboolean valid;
  } cases[] = {
    { "", 0, TRUE },         { "caf\xc3\xa9 \xe2\x80\x9cok\xe2\x80\x9d", 14, TRUE },
    { "caf\xc3", 4, FALSE }, { "a\xc3\xa9\xff", 4, FALSE },
    { "a\0b", 3, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *text = NULL;
      gsize length = 0;

      g_assert_true (g_file_set_contents (path, cases[i].text, cases[i].length, NULL));
      text = herald_file_read_library_text (path, HERALD_FILE_MAX_TEMPLATE_PART, &length, &error);
      if (cases[i].valid)
        {
          g_assert_no_error (error);
          g_assert_cmpmem (text, length, cases[i].text, cases[i].length);
          g_assert_cmpint (text[length], ==, '\0');
        }
      else
        {
          g_assert_null (text);
          g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MALFORMED);
        }
    }

  for (guint i = 0; i < 20000; i++)
    g_string_append (large, i % 7 == 0 ? "\xc3\xa9" : "abcdefg");
  g_assert_true (g_file_set_contents (path, large->str, large->len, NULL));
  {
    g_autoptr (GError) error = NULL;
    gsize length = 0;
    g_autofree char *text =
        herald_file_read_library_text (path, HERALD_FILE_MAX_TEMPLATE_PART, &length, &error);

    g_assert_no_error (error);
    g_assert_cmpmem (text, length, large->str, large->len);
  }
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *text = herald_file_read_library_text (path, large->len - 1, NULL, &error);

    g_assert_null (text);
    g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file-util/keeps-mode", test_keeps_mode);
  g_test_add_func ("/file-util/new-file-follows-umask", test_new_file_follows_umask);
  g_test_add_func ("/file-util/writes-through-symlink", test_writes_through_symlink);
  g_test_add_func ("/file-util/dangling-symlink", test_dangling_symlink);
  g_test_add_func ("/file-util/refuses-special-file", test_refuses_special_file);
  g_test_add_func ("/file-util/batch-all-or-nothing", test_batch_all_or_nothing);
  g_test_add_func ("/file-util/update-po-mode-and-symlink", test_update_po_mode_and_symlink);
  g_test_add_func ("/file-util/read-library-text", test_read_library_text);

  return g_test_run ();
}
