/* herald-l10n-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-l10n"

#include "config.h"

#include "herald-l10n-error.h"

G_DEFINE_QUARK (herald-l10n-error-quark, herald_l10n_error);
