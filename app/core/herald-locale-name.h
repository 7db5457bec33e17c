/* herald-locale-name.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean herald_locale_name_is_valid (const char *name);

/* The languages the language pickers offer: codes, in no particular order. */
const char *const *herald_locale_name_get_known (void);
/* "French" for "fr", translated; NULL for a code Herald has no name for. */
const char *herald_locale_name_get_language (const char *code);
/* "French — fr", or the code alone when Herald has no name for it. */
char *herald_locale_name_dup_label (const char *code);

G_END_DECLS
