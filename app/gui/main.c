/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-application.h"
#include "herald-i18n.h"

int
main (int argc, char *argv[])
{
  g_autoptr (HeraldApplication) app = NULL;

  herald_i18n_init ();

  app = herald_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
