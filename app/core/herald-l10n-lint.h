/* herald-l10n-lint.h: the checks of a template in one locale.
 *
 * Rule ids (HeraldDiagnostic's rule_id, with the locale set on each diagnostic):
 *
 *  - "untranslated" (warning): a unit has no translation; the source text is sent.
 *  - "fuzzy" (warning): the translation is marked fuzzy (the source changed since it was
 *    written); the source text is sent until a translator confirms it.
 *  - "placeholder-mismatch" (error): a `{{ }}` placeholder is missing from or added to a
 *    translation, or the translation holds template logic (`{% %}`). The source text is sent.
 *  - "markup-mismatch" (warning): an inline tag (`<b>`, `<a>`…) is missing or added.
 *  - "translation-breaks-html" (error): the translation's tags do not nest or a tag is not
 *    closed. The source text is sent.
 *  - "plural-forms" (error): the .po's Plural-Forms cannot be used, or a plural entry has the
 *    wrong number of forms.
 *  - "lang-dir" (warning): the HTML cannot carry the locale's language and direction:
 *    a fragment without <html> and without one element around its content (Herald writes
 *    lang and dir on that root element when it localizes), or an inner block element keeps
 *    a lang of another language or a dir against the locale's (dir="ltr" in ar, he, fa,
 *    ur…, see herald_locale_is_rtl()). Inline elements (<span lang="fr">, <bdi dir="ltr">)
 *    are taken as meant.
 *  - "gmail-clipping" (warning): the HTML rendered in this locale for a scenario is larger
 *    than the 102 KiB after which Gmail clips a message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "herald-diagnostic.h"
#include "herald-extractor.h"
#include "herald-po-catalog.h"
#include "herald-template.h"

G_BEGIN_DECLS

/* Gmail clips messages whose HTML exceeds 102 KiB. */
#define HERALD_GMAIL_CLIPPING_LIMIT (102 * 1024)

/* Checks one translation of unit (msgstr holds one string, or the plural forms) and appends
 * diagnostics. Returns FALSE when the translation must not be used (an error was found). */
gboolean herald_l10n_check_translation (const HeraldL10nUnit *unit,
                                        const char *const *msgstr,
                                        const char *template_id,
                                        const char *locale,
                                        GPtrArray *diagnostics);

/* All the localization checks of tmpl in the catalogue's locale (catalog NULL: the source
 * locale, where only the plural blocks and the size are checked). With a scenario, the
 * localized HTML is also rendered to check its size. Returns a GPtrArray of
 * HeraldDiagnostic; NULL and error only when the template cannot be cut into units. */
GPtrArray *herald_l10n_lint_template (HeraldTemplate *tmpl,
                                      HeraldPoCatalog *catalog,
                                      HeraldScenario *scenario,
                                      GError **error);

/* What herald_l10n_lint_template finds for each of scenarios (a GListModel of HeraldScenario,
 * or NULL), the findings that do not depend on the scenario kept once: the same list as
 * calling it per scenario and keeping, after the first, only the per-scenario findings (the
 * size), but localizing and checking the template once. */
GPtrArray *herald_l10n_lint_template_scenarios (HeraldTemplate *tmpl,
                                                HeraldPoCatalog *catalog,
                                                GListModel *scenarios,
                                                GError **error);

/* herald_l10n_lint_template_scenarios() in each of the n_catalogs catalogues, what the checks
 * read of the source HTML read once for all of them: a GPtrArray holding, in the catalogues'
 * order, a GPtrArray of HeraldDiagnostic each; NULL and error as there. parsed: the
 * template's parts as herald_tl_template_parse() read them (HeraldPart order, NULL where not
 * at hand), as the template checks leave them, or NULL: then they are parsed here. */
GPtrArray *herald_l10n_lint_template_locales (HeraldTemplate *tmpl,
                                              HeraldPoCatalog *const *catalogs,
                                              guint n_catalogs,
                                              GListModel *scenarios,
                                              HeraldTlTemplate *const *parsed,
                                              GError **error);

G_END_DECLS
