/* herald-i18n.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-i18n"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-i18n.h"

/* TRUE when the running program is a file under the build tree that meson configured, i.e.
 * a program run before `meson install`. The executable's own path decides rather than an
 * environment variable: every uninstalled run (build-aux/dev run, a debugger, the tests, a
 * plain `_build/app/gui/herald`) gets the build's catalogues, and an installed copy, which
 * never lives inside the build tree, can never be sent there by its environment. */
static gboolean
running_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *root = realpath (HERALD_BUILD_ROOT, NULL);
  gsize root_len;

  if (exe == NULL || root == NULL)
    return FALSE;
  root_len = strlen (root);
  return strncmp (exe, root, root_len) == 0 && exe[root_len] == G_DIR_SEPARATOR;
}

/**
 * herald_i18n_get_localedir:
 *
 * Returns: the folder of Herald's compiled catalogues: the build tree's `po` folder (where
 * meson's i18n module builds `LANG/LC_MESSAGES/herald.mo`) when the program runs
 * uninstalled, the install prefix's locale folder otherwise.
 */
const char *
herald_i18n_get_localedir (void)
{
  return running_from_build_tree () ? HERALD_BUILD_LOCALEDIR : LOCALEDIR;
}

/**
 * herald_i18n_init:
 *
 * Sets the locale from the environment and binds Herald's text domain, which also carries
 * the messages of libherald-core. Call first thing in main().
 */
void
herald_i18n_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, herald_i18n_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
