/* herald-test-files.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "herald-test-files.h"

char *
herald_test_make_temp_dir (const char *tmpl)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

void
herald_test_write_file (const char *dir, const char *relative, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

char *
herald_test_read_file (const char *dir, const char *relative)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

void
herald_test_remove_tree (const char *path)
{
  GDir *dir = g_file_test (path, G_FILE_TEST_IS_SYMLINK) ? NULL : g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      herald_test_remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

void
herald_test_copy_tree (const char *from, const char *to)
{
  g_autoptr (GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);

      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        herald_test_copy_tree (src, dst);
      else
        {
          g_autofree char *text = NULL;
          gsize len;

          g_assert_true (g_file_get_contents (src, &text, &len, NULL));
          g_assert_true (g_file_set_contents (dst, text, len, NULL));
        }
    }
}

int
herald_test_spawn (const char *const *argv, const char *const *envp, char **out, char **err)
{
  g_autoptr (GError) error = NULL;
  GSpawnFlags flags = G_SPAWN_SEARCH_PATH | (out == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : 0);
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, (char **) envp, flags, NULL, NULL, out, err, &wait_status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

char *
herald_test_copy_to_temp (const char *from, const char *tmpl)
{
  g_autofree char *tmp = herald_test_make_temp_dir (tmpl);
  g_autofree char *name = g_path_get_basename (from);
  char *copy = g_build_filename (tmp, name, NULL);

  herald_test_copy_tree (from, copy);
  return copy;
}

void
herald_test_replace_once (const char *path, const char *old, const char *replacement)
{
  g_autofree char *text = NULL;
  g_autoptr (GString) changed = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  changed = g_string_new (text);
  g_assert_cmpuint (g_string_replace (changed, old, replacement, 0), ==, 1);
  g_assert_true (g_file_set_contents (path, changed->str, changed->len, NULL));
}

void
herald_test_run_clear (HeraldTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

HeraldTestRun
herald_test_run_cli_va (const char *const *env, const char *first, va_list args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();
  const char *cli = g_getenv ("HERALD_CLI");
  HeraldTestRun run = { NULL, NULL, -1 };

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) "timeout");
  g_ptr_array_add (argv, (char *) "60");
  g_ptr_array_add (argv, (char *) cli);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (env[i], "=", 2);

      envp = g_environ_setenv (envp, pair[0], pair[1], TRUE);
    }

  run.status = herald_test_spawn ((const char *const *) argv->pdata, (const char *const *) envp,
                                  &run.out, &run.err);
  return run;
}

HeraldTestRun
herald_test_run_cli (const char *const *env, const char *first, ...)
{
  HeraldTestRun run;
  va_list args;

  va_start (args, first);
  run = herald_test_run_cli_va (env, first, args);
  va_end (args);
  return run;
}

gsize
herald_test_proc_kib (const char *path, const char *key)
{
  g_autofree char *text = NULL;
  g_autofree char *at_line_start = g_strconcat ("\n", key, NULL);
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  if (g_str_has_prefix (text, key))
    line = text;
  else if ((line = strstr (text, at_line_start)) != NULL)
    line++;
  g_assert_nonnull (line);
  return (gsize) g_ascii_strtoull (line + strlen (key), NULL, 10);
}
