/* herald-plural.h: gettext Plural-Forms, evaluated and compiled to Mailjet conditions.
 *
 * A .po file says which plural form a count takes with a C expression over n, for example
 * Polish: "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ?
 * 1 : 2);". Mailjet has no such thing, so Herald turns the expression into an if chain over
 * the count variable:
 *
 *   {% if var:n == 1 %}…{% elseif ((var:n mod 10) >= 2) and … %}…{% else %}…{% endif %}
 *
 * using only what the Mailjet Templating Language has: `mod`, `div`, `and`, `or`, `not` and
 * comparisons.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _HeraldPluralForms HeraldPluralForms;

/* One condition of a compiled chain: the form to use when it holds (and the earlier ones do
 * not). The last condition of a chain is always "true". */
typedef struct _HeraldPluralCond HeraldPluralCond;

#define HERALD_TYPE_PLURAL_FORMS (herald_plural_forms_get_type ())

GType herald_plural_forms_get_type (void) G_GNUC_CONST;
/* Parses a Plural-Forms header value ("nplurals=2; plural=(n != 1);"). Fails with
 * HERALD_L10N_ERROR_PLURAL_FORMS and a message that says what is wrong. */
HeraldPluralForms *herald_plural_forms_parse (const char *header_value, GError **error);
/* gettext's rules for a language ("pl", "pt_BR", "fr-CA"); English's when unknown. */
HeraldPluralForms *herald_plural_forms_for_language (const char *locale);
HeraldPluralForms *herald_plural_forms_ref (HeraldPluralForms *self);
void herald_plural_forms_unref (HeraldPluralForms *self);
guint herald_plural_forms_get_n_plurals (HeraldPluralForms *self);
/* The header value, normalized: "nplurals=3; plural=…;". */
const char *herald_plural_forms_get_header (HeraldPluralForms *self);
/* The form index for n, as gettext computes it (an out-of-range result gives 0). */
guint herald_plural_forms_evaluate (HeraldPluralForms *self, gulong n);

/* The chain of conditions, as a GPtrArray of HeraldPluralCond. */
GPtrArray *herald_plural_forms_compile (HeraldPluralForms *self, GError **error);
guint herald_plural_cond_get_form (const HeraldPluralCond *cond);
/* TRUE for the final, unconditional entry. */
gboolean herald_plural_cond_is_else (const HeraldPluralCond *cond);
/* Evaluates the compiled condition itself (not the source expression) for n. */
gboolean herald_plural_cond_evaluate (const HeraldPluralCond *cond, gulong n);
/* The condition in Mailjet syntax, with count standing for n ("var:payment_count"). */
char *herald_plural_cond_to_mailjet (const HeraldPluralCond *cond, const char *count);

/* The whole Mailjet `{% if %}` chain choosing among forms (n_plurals strings). With one
 * form, or when every condition picks the same form, just that form. */
char *herald_plural_forms_to_mailjet (HeraldPluralForms *self,
                                      const char *count,
                                      const char *const *forms,
                                      GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldPluralForms, herald_plural_forms_unref)

G_END_DECLS
