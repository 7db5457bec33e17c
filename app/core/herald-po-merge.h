/* herald-po-merge.h: brings a translation up to date with a new template, as msgmerge does.
 *
 * For each entry of the .pot, in the .pot's order:
 *  - the .po entry with the same msgctxt and msgid (even an obsolete one) gives its
 *    translation, translator comments and fuzzy flag;
 *  - otherwise the most similar live .po entry (similarity ≥ 0.6, as msgmerge's fstrcmp)
 *    gives its translation and comments, marked fuzzy;
 *  - otherwise the entry stays untranslated.
 * References, extracted comments and the entry's shape come from the .pot. Translated .po
 * entries that nothing used are kept as obsolete (#~), untranslated ones dropped. The .po
 * header is kept, with the .pot's POT-Creation-Date.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-po-catalog.h"

G_BEGIN_DECLS

HeraldPoCatalog *herald_po_merge (HeraldPoCatalog *po, HeraldPoCatalog *pot);

/* gettext's string similarity: 2 × (common subsequence) / (sum of lengths), in [0, 1]. */
double herald_po_similarity (const char *a, const char *b, double lower_bound);

/* A new translation for locale from a template, as msginit does: the .pot's entries, a
 * header with Language, Plural-Forms and UTF-8. */
HeraldPoCatalog *herald_po_new_for_locale (HeraldPoCatalog *pot, const char *locale);

G_END_DECLS
