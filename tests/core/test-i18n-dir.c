/* test-i18n-dir.c: a program under the build tree reads the build's catalogues, and the same
 * program copied elsewhere (as `meson install` does) reads the install prefix's. The expected
 * folders come from meson (HERALD_BUILD_LOCALEDIR_EXPECTED, HERALD_PREFIX_LOCALEDIR_EXPECTED).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "herald-i18n.h"

static void
test_uninstalled (void)
{
  g_assert_cmpstr (herald_i18n_get_localedir (), ==, g_getenv ("HERALD_BUILD_LOCALEDIR_EXPECTED"));
}

/* This very test program, copied out of the build tree, stands for an installed binary. */
static void
test_installed_copy (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", &error);
  g_autofree char *dir = g_dir_make_tmp ("herald-installed-XXXXXX", &error);
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  gsize length = 0;
  int wait_status = 0;

  g_assert_no_error (error);
  copy = g_build_filename (dir, "herald-copy", NULL);
  g_file_get_contents (self, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (copy, contents, length, G_FILE_SET_CONTENTS_NONE, 0755, &error);
  g_assert_no_error (error);

  {
    const char *argv[] = { copy, "--print-localedir", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &wait_status,
                  &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  g_assert_cmpstr (out, ==, g_getenv ("HERALD_PREFIX_LOCALEDIR_EXPECTED"));
  g_assert_cmpstr (out, !=, g_getenv ("HERALD_BUILD_LOCALEDIR_EXPECTED"));

  g_unlink (copy);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "--print-localedir"))
    {
      g_print ("%s", herald_i18n_get_localedir ());
      return 0;
    }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/herald/i18n/localedir/uninstalled", test_uninstalled);
  g_test_add_func ("/herald/i18n/localedir/installed-copy", test_installed_copy);
  return g_test_run ();
}
