/* herald-po-merge.h: brings a translation up to date with a new template, as msgmerge
 * --previous does (GNU gettext 0.21).
 *
 * For each entry of the .pot, in the .pot's order:
 *  - the .po entry with the same msgctxt and msgid (even an obsolete one) gives its
 *    translation, translator comments and fuzzy flag;
 *  - otherwise the most similar translated .po entry (obsolete and fuzzy ones included)
 *    among those sharing a sequence of 4 characters with the msgid, if its similarity
 *    (msgmerge's fstrcmp) reaches 0.6, gives its translation and comments, marked fuzzy;
 *    on a tie the one sharing most 4-grams, then the first in the file, wins, and one
 *    without a context or with the same one is preferred by 0.00001;
 *  - otherwise the entry stays untranslated.
 * A fuzzy entry keeps, as previous strings (#|), the text its translation was made for.
 * References, extracted comments and flags (c-format, no-wrap…) come from the .pot; an old
 * translation that no longer passes the .pot's new format flags turns fuzzy. Translated
 * .po entries that nothing used are kept as obsolete (#~), untranslated ones dropped. The
 * .po header is kept with its comments, its fields in msgmerge's order, and the .pot's
 * Report-Msgid-Bugs-To and POT-Creation-Date.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-po-catalog.h"

G_BEGIN_DECLS

HeraldPoCatalog *herald_po_merge (HeraldPoCatalog *po, HeraldPoCatalog *pot);

/* gettext's string similarity: 2 × (common subsequence) / (sum of lengths), in [0, 1]. */
double herald_po_similarity (const char *a, const char *b, double lower_bound);

/* A new translation for locale from a template, as msginit --no-translator does: the
 * .pot's entries and a complete header (Language, Plural-Forms from gettext's table, UTF-8,
 * PO-Revision-Date, Last-Translator, Language-Team). */
HeraldPoCatalog *herald_po_new_for_locale (HeraldPoCatalog *pot, const char *locale);

G_END_DECLS
