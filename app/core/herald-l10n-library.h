/* herald-l10n-library.h: the translation files of a template library.
 *
 * po/<library-folder-name>.pot holds every unit of every template; po/<locale>.po one
 * translation per target locale (herald.json's "targetLocales", else po/LINGUAS).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-library.h"
#include "herald-localizer.h"
#include "herald-po-catalog.h"

G_BEGIN_DECLS

/* The template of translations of all templates, in library order. */
HeraldPoCatalog *herald_l10n_extract_library (HeraldLibrary *library, GError **error);
/* Units of one template added to pot (references, merged identical strings). */
gboolean herald_l10n_extract_template (HeraldTemplate *tmpl, HeraldPoCatalog *pot, GError **error);
char *herald_l10n_dup_pot_path (HeraldLibrary *library);
/* NULL when locale is not a locale name. */
char *herald_l10n_dup_po_path (HeraldLibrary *library, const char *locale);
/* The target locales: herald.json's, else po/LINGUAS'. */
GStrv herald_l10n_dup_locales (HeraldLibrary *library);

/* Extracts and writes the .pot; its path in *pot_path when not NULL. */
gboolean herald_l10n_write_pot (HeraldLibrary *library, char **pot_path, GError **error);
/* Extracts, writes the .pot, and merges it into po/<locale>.po for each locale (all target
 * locales when locales is NULL or empty), creating missing ones. */
gboolean herald_l10n_update_po (HeraldLibrary *library, const char *const *locales, GError **error);
/* The translation status of one template in a catalogue (the sidebar's "fr 100 %",
 * "de 2 fuzzy"): counts is filled, not added to. */
gboolean herald_l10n_count_template (HeraldTemplate *tmpl,
                                     HeraldPoCatalog *catalog,
                                     HeraldL10nCounts *counts,
                                     GError **error);
/* po/<locale>.po, loaded. */
HeraldPoCatalog *
herald_l10n_load_catalog (HeraldLibrary *library, const char *locale, GError **error);

/* The template as readers of locale get it: the locale's .po applied, or the pseudo-locale,
 * or (for the source locale or NULL) the source with its plural blocks compiled. */
HeraldLocalizedTemplate *herald_l10n_localize (HeraldLibrary *library,
                                               HeraldTemplate *tmpl,
                                               const char *locale,
                                               GPtrArray *diagnostics,
                                               GError **error);

/* The checks of one translation: what herald_l10n_lint_template finds for every scenario
 * of the template (each scenario renders differently, so sizes differ). */
GPtrArray *herald_l10n_lint_locale (HeraldLibrary *library,
                                    HeraldTemplate *tmpl,
                                    const char *locale,
                                    GError **error);

G_END_DECLS
