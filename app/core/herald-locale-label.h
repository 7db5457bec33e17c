/* herald-locale-label.h: languages by name for people who do not read locale codes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The translated name of a locale's language ("French" for "fr" or "fr_CA"), or NULL for a
 * language Herald does not know. Not owned. */
const char *herald_locale_label_lookup_language (const char *locale);

/* "French — fr": the name with the code it stands for, or the bare code when unknown. */
char *herald_locale_label_dup (const char *locale);

G_END_DECLS
