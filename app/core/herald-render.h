/* herald-render.h: renders templates and scenarios to what Mailjet would send.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-diagnostic.h"
#include "herald-localizer.h"
#include "herald-template.h"
#include "herald-tl.h"

G_BEGIN_DECLS

typedef struct
{
  char *subject;
  char *preheader;
  char *html;
  char *text;
} HeraldRendered;

#define HERALD_TYPE_RENDERED (herald_rendered_get_type ())

GType herald_rendered_get_type (void) G_GNUC_CONST;
HeraldRendered *herald_rendered_copy (const HeraldRendered *self);
void herald_rendered_free (HeraldRendered *self);
const char *herald_rendered_get_part (const HeraldRendered *self, HeraldPart part);

/* Renders the template's own (source-locale) parts with one scenario. On failure returns
 * NULL, sets error, and if error_diagnostic != NULL gives a HeraldDiagnostic with
 * part/line/column (rule id "syntax-error" or "evaluation-error"). */
HeraldRendered *herald_render_template (HeraldTemplate *tmpl,
                                        HeraldScenario *scenario,
                                        HeraldDiagnostic **error_diagnostic,
                                        GError **error);

/* Renders a localized version of the template (a locale's .po applied, or the pseudo-locale)
 * with one scenario, whose variables are those of the localized template's locale
 * (herald_scenario_dup_variables_for_locale()); diagnostics point into the localized text. */
HeraldRendered *herald_render_localized (HeraldTemplate *tmpl,
                                         HeraldLocalizedTemplate *localized,
                                         HeraldScenario *scenario,
                                         HeraldDiagnostic **error_diagnostic,
                                         GError **error);

/* Renders any source text for one part (the localization code passes translated sources).
 * template_id is used in diagnostics. */
char *herald_render_source (const char *source,
                            HeraldPart part,
                            const char *template_id,
                            HeraldScenario *scenario,
                            HeraldDiagnostic **error_diagnostic,
                            GError **error);

/* The same with the scenario's variables in locale (NULL: the source locale). */
char *herald_render_source_for_locale (const char *source,
                                       HeraldPart part,
                                       const char *template_id,
                                       HeraldScenario *scenario,
                                       const char *locale,
                                       HeraldDiagnostic **error_diagnostic,
                                       GError **error);

/* What a scenario gives the template language: its "variables" (var:), "data" (data:),
 * "segments" (segment:), and two optional preview members:
 *
 *   "contact":  {"email": "lea@example.com", "name": "Léa"}   overrides mj:contact.*
 *   "activity": {"openedDaysAgo": 3, "clickedDaysAgo": null}  answers HasOpenedSince(days)
 *               and HasClickedSince(days): true when the last open/click is at most that
 *               many days ago; null or absent means never.
 *
 * mj: values are preview stand-ins (the sender comes from the library's herald.json). tmpl
 * and scenario may be NULL. The _for_locale variant applies the scenario's "locales"
 * overrides for locale (NULL: none). */
typedef struct _HeraldRenderContext HeraldRenderContext;

HeraldRenderContext *herald_render_context_new (HeraldTemplate *tmpl,
                                                const char *template_id,
                                                HeraldScenario *scenario,
                                                GError **error);
HeraldRenderContext *herald_render_context_new_for_locale (HeraldTemplate *tmpl,
                                                           const char *template_id,
                                                           HeraldScenario *scenario,
                                                           const char *locale,
                                                           GError **error);
/* Gives the context its scenario's variables for another locale, as
 * herald_render_context_new_for_locale() would have: the rest of a context does not depend
 * on the locale. FALSE, and the context unchanged, when they cannot be read. */
gboolean
herald_render_context_set_locale (HeraldRenderContext *self, const char *locale, GError **error);
const HeraldTlContext *herald_render_context_get_tl (HeraldRenderContext *self);
HeraldTlContext *herald_render_context_get_tl_mutable (HeraldRenderContext *self);
void herald_render_context_free (HeraldRenderContext *self);

/* Turns a template-language error into a diagnostic. */
HeraldDiagnostic *herald_render_error_to_diagnostic (const GError *error,
                                                     const HeraldTlLocation *location,
                                                     const char *template_id,
                                                     HeraldPart part,
                                                     HeraldScenario *scenario);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldRendered, herald_rendered_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldRenderContext, herald_render_context_free)

G_END_DECLS
