/* herald-builtin-sandbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include "herald-builtin-sandbox.h"

double
herald_builtin_sandbox_speed (void)
{
  const char *text = g_getenv ("HERALD_SANDBOX_SPEED");
  double speed = text ? g_ascii_strtod (text, NULL) : 1.0;

  return speed > 0 ? speed : 1.0;
}

HeraldSandbox *
herald_builtin_sandbox_start (HeraldAccountStore *store, double speed, GError **error)
{
  g_autoptr (HeraldSandbox) sandbox = herald_sandbox_new ();

  g_return_val_if_fail (HERALD_IS_ACCOUNT_STORE (store), NULL);

  herald_sandbox_set_speed (sandbox, speed);
  /* The Sandbox account's own pair: any other is refused, as Mailjet would. */
  herald_sandbox_set_credentials (sandbox, HERALD_SANDBOX_API_KEY, HERALD_SANDBOX_SECRET_KEY);
  if (!herald_sandbox_start (sandbox, 0, error))
    return NULL;
  herald_account_store_set_sandbox_endpoint (store, herald_sandbox_get_base_url (sandbox),
                                             herald_sandbox_get_certificate_file (sandbox));
  return g_steal_pointer (&sandbox);
}
