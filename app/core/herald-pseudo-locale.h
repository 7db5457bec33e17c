/* herald-pseudo-locale.h: a fake translation to test layouts before any translator works.
 *
 * The pseudo-locale en-XA makes every unit look foreign yet readable: letters get accents
 * (“Your balance” → “Ýóúŕ ƀáłáñçé”), the text grows by about 40 % as German or French often
 * do, and brackets show where each unit starts and ends, so hard-coded text that was not
 * extracted stands out. Placeholders, statements, markup and entities are left untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "herald-template.h"

G_BEGIN_DECLS

#define HERALD_PSEUDO_LOCALE "en-XA"

gboolean herald_is_pseudo_locale (const char *locale);

/* Pseudo-translates one unit of the given part (markup is only recognised in HTML). */
char *herald_pseudo_localize (const char *text, HeraldPart part);

G_END_DECLS
