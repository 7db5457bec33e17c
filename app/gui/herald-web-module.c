/* herald-web-module.c: loads libherald-web.so once the window needs a web view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>

#include "herald-web-module.h"

/* HERALD_WEB_MODULE points an uninstalled build (tests, build-aux/dev run) at the module in
 * the build folder; an installed Herald uses the one installed beside it. */
static char *
module_path (void)
{
  const char *override = g_getenv ("HERALD_WEB_MODULE");

  if (override != NULL && override[0] != '\0')
    return g_strdup (override);
  return g_build_filename (HERALD_PKGLIBDIR, "libherald-web.so", NULL);
}

static const HeraldWebModule *
load_module (GError **error)
{
  g_autofree char *path = module_path ();
  const HeraldWebModule *module = NULL;
  GModule *handle;

  handle = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (handle == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("The preview engine could not be loaded (%s). Reinstalling Herald should "
                      "repair it."),
                   g_module_error ());
      return NULL;
    }

  if (!g_module_symbol (handle, HERALD_WEB_MODULE_SYMBOL, (gpointer *) &module) || module == NULL ||
      module->abi != HERALD_WEB_MODULE_ABI)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The preview engine at %s belongs to another version of Herald. "
                      "Reinstalling Herald should repair it."),
                   path);
      g_module_close (handle);
      return NULL;
    }

  /* The module registers GTypes, which can never be unloaded. */
  g_module_make_resident (handle);
  return module;
}

const HeraldWebModule *
herald_web_module_get (GError **error)
{
  static const HeraldWebModule *module;
  static char *failure;

  if (module == NULL && failure == NULL)
    {
      g_autoptr (GError) local_error = NULL;

      module = load_module (&local_error);
      if (module == NULL)
        failure = g_strdup (local_error->message);
    }

  if (module == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, failure);
  return module;
}
