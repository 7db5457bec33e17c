/* herald-i18n.h: where Herald's programs find their translations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *herald_i18n_get_localedir (void);
void herald_i18n_init (void);

G_END_DECLS
