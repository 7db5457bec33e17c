/* herald-localizer.h: a template in another locale.
 *
 * Localizing replaces each translatable unit (see herald-extractor.h) of the four parts by
 * its translation from a .po catalogue and gives Mailjet Templating Language sources that
 * the engine renders like the template's own:
 *
 *  - a unit with no translation, a fuzzy one, or one that fails a blocking check
 *    (placeholder missing or added, HTML broken) keeps the source text and is reported;
 *  - `lang` and `dir` of the root element, `<html>` or the one element around a fragment's
 *    content (herald-html-lang.h), follow the locale: dir="rtl" for the languages written
 *    right to left (herald_locale_is_rtl());
 *  - every `{% plural %}` block becomes a Mailjet `{% if %}` chain built from the locale's
 *    Plural-Forms; in the source locale (catalog NULL) from the source language's rules,
 *    so Herald's plural syntax never reaches Mailjet;
 *  - the pseudo-locale en-XA (herald-pseudo-locale.h) needs no catalogue.
 *
 * Usage from the GUI, for the preview of one template in French:
 *
 *   g_autoptr(HeraldPoCatalog) fr = herald_po_catalog_load ("…/po/fr.po", &error);
 *   g_autoptr(GPtrArray) diagnostics = g_ptr_array_new_with_free_func (g_object_unref);
 *   g_autoptr(HeraldLocalizedTemplate) localized =
 *     herald_localize_template (tmpl, fr, diagnostics, &error);
 *   html = herald_localized_template_get_part (localized, HERALD_PART_HTML);
 *   → herald_render_source (html, HERALD_PART_HTML, id, scenario, …)
 *
 * and herald_localized_template_get_counts() for the sidebar's "fr 100 %" / "de 2 fuzzy".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "herald-po-catalog.h"
#include "herald-template.h"
#include "herald-tl.h"

G_BEGIN_DECLS

/* Units of a template by status, each distinct msgid counted once. */
typedef struct
{
  guint translated;
  guint fuzzy;
  guint untranslated;
} HeraldL10nCounts;

typedef struct _HeraldLocalizedTemplate HeraldLocalizedTemplate;

#define HERALD_TYPE_LOCALIZED_TEMPLATE (herald_localized_template_get_type ())

GType herald_localized_template_get_type (void) G_GNUC_CONST;
HeraldLocalizedTemplate *herald_localized_template_ref (HeraldLocalizedTemplate *self);
void herald_localized_template_unref (HeraldLocalizedTemplate *self);
const char *herald_localized_template_get_id (HeraldLocalizedTemplate *self);
/* The locale ("fr", "en-XA"), or NULL for the source locale. */
const char *herald_localized_template_get_locale (HeraldLocalizedTemplate *self);
/* A Mailjet Templating Language source, never NULL. */
const char *herald_localized_template_get_part (HeraldLocalizedTemplate *self, HeraldPart part);
const HeraldL10nCounts *herald_localized_template_get_counts (HeraldLocalizedTemplate *self);

/* catalog NULL means the source locale. Diagnostics (HeraldDiagnostic, see
 * herald-l10n-lint.h for the rule ids) are appended to diagnostics when it is not NULL.
 * Fails (HERALD_L10N_ERROR) only when a part cannot be cut into units or the catalogue's
 * Plural-Forms is unusable. */
HeraldLocalizedTemplate *herald_localize_template (HeraldTemplate *tmpl,
                                                   HeraldPoCatalog *catalog,
                                                   GPtrArray *diagnostics,
                                                   GError **error);
/* The same, given the template's parts as herald_tl_template_parse() read them (in
 * HeraldPart order, NULL where not at hand), so that cutting them into units does not parse
 * them again. */
HeraldLocalizedTemplate *herald_localize_template_parsed (HeraldTemplate *tmpl,
                                                          HeraldPoCatalog *catalog,
                                                          HeraldTlTemplate *const *parsed,
                                                          GPtrArray *diagnostics,
                                                          GError **error);
/* The localized HTML alone, for checks that read neither the other parts nor the counts:
 * the diagnostics, and the failures, are those of herald_localize_template_parsed(), the
 * other parts only looked up and checked. */
char *herald_localize_template_html (HeraldTemplate *tmpl,
                                     HeraldPoCatalog *catalog,
                                     HeraldTlTemplate *const *parsed,
                                     GPtrArray *diagnostics,
                                     GError **error);
/* The pseudo-locale en-XA. */
HeraldLocalizedTemplate *
herald_localize_template_pseudo (HeraldTemplate *tmpl, GPtrArray *diagnostics, GError **error);

/* The same for one source text. locale overrides the catalogue's; with catalog NULL, a NULL
 * locale is the source locale (English plural rules) and "en-XA" the pseudo-locale. counts
 * may be NULL; it is added to, not reset. */
char *herald_localize_source (const char *template_id,
                              HeraldPart part,
                              const char *source,
                              HeraldPoCatalog *catalog,
                              const char *locale,
                              HeraldL10nCounts *counts,
                              GPtrArray *diagnostics,
                              GError **error);

/* TRUE for languages written right to left, by the language of the locale ("ar_EG" → "ar"):
 * ar, arc, ckb, dv, fa, ha, he, iw, ks, ps, sd, ug, ur, yi. Scripts are not looked at: a
 * locale such as "ks@devanagari" counts as its language's usual script. */
gboolean herald_locale_is_rtl (const char *locale);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldLocalizedTemplate, herald_localized_template_unref)

G_END_DECLS
