/* herald-locale-name.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean herald_locale_name_is_valid (const char *name);

G_END_DECLS
