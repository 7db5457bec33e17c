/* herald-language-name.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The translated name of a locale's language ("French" for fr), or the code itself for a
 * language Herald has no name for. */
const char *herald_language_name (const char *code);

G_END_DECLS
