/* herald-builtin-sandbox.h: the in-process Sandbox that the app and herald-cli start for the
 * Sandbox account. It lives with the Sandbox, not in libherald-mailjet, so that the client
 * never depends on the server it is tested against.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-account-store.h"
#include "herald-sandbox.h"

G_BEGIN_DECLS

/* HERALD_SANDBOX_SPEED, else 1 (realistic). */
double herald_builtin_sandbox_speed (void);

/* Starts an in-process Sandbox at @speed and points the store's Sandbox account at it. */
HeraldSandbox *
herald_builtin_sandbox_start (HeraldAccountStore *store, double speed, GError **error);

G_END_DECLS
