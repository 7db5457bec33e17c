/* herald-diagnostic.h: one finding of a check, shared by the checks panel, the editor's
 * underlines and `herald-cli lint`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "herald-template.h"

G_BEGIN_DECLS

typedef enum
{
  HERALD_SEVERITY_INFO,
  HERALD_SEVERITY_WARNING,
  HERALD_SEVERITY_ERROR,
} HeraldSeverity;

const char *herald_severity_to_string (HeraldSeverity severity);

/* The groups of the checks panel, in the order it shows them. */
typedef enum
{
  HERALD_DIAGNOSTIC_KIND_TEMPLATE, /* the template language and the HTML */
  HERALD_DIAGNOSTIC_KIND_CONTENT,  /* subject, preheader, size, translations */
  HERALD_DIAGNOSTIC_KIND_CLIENTS,  /* support in email clients */
  HERALD_DIAGNOSTIC_KIND_ACCESSIBILITY,
} HeraldDiagnosticKind;

#define HERALD_DIAGNOSTIC_N_KINDS 4

/* "template", "content", "clients", "accessibility" (stable, for --json). */
const char *herald_diagnostic_kind_to_string (HeraldDiagnosticKind kind);

#define HERALD_TYPE_DIAGNOSTIC (herald_diagnostic_get_type ())

G_DECLARE_FINAL_TYPE (HeraldDiagnostic, herald_diagnostic, HERALD, DIAGNOSTIC, GObject)

/* line and column are 1-based; 0 means "the whole part". locale is NULL for the source locale. */
HeraldDiagnostic *herald_diagnostic_new (const char *rule_id,
                                         HeraldSeverity severity,
                                         const char *template_id,
                                         const char *locale,
                                         HeraldPart part,
                                         guint line,
                                         guint column,
                                         const char *message);
const char *herald_diagnostic_get_rule_id (HeraldDiagnostic *self);
HeraldDiagnosticKind herald_diagnostic_get_kind (HeraldDiagnostic *self);
HeraldSeverity herald_diagnostic_get_severity (HeraldDiagnostic *self);
const char *herald_diagnostic_get_template_id (HeraldDiagnostic *self);
const char *herald_diagnostic_get_locale (HeraldDiagnostic *self);
HeraldPart herald_diagnostic_get_part (HeraldDiagnostic *self);
guint herald_diagnostic_get_line (HeraldDiagnostic *self);
guint herald_diagnostic_get_column (HeraldDiagnostic *self);
const char *herald_diagnostic_get_message (HeraldDiagnostic *self);
/* An optional quick fix, in words ("Add alt=\"\" to mark the image decorative"). */
const char *herald_diagnostic_get_fix (HeraldDiagnostic *self);
void herald_diagnostic_set_fix (HeraldDiagnostic *self, const char *fix);
/* Where the scenario matters (evaluation errors), its id; NULL otherwise. */
const char *herald_diagnostic_get_scenario_id (HeraldDiagnostic *self);
void herald_diagnostic_set_scenario_id (HeraldDiagnostic *self, const char *scenario_id);
/* "templates/<id>/body.html:12:5: error: message [rule]" like a compiler. */
char *herald_diagnostic_to_string (HeraldDiagnostic *self);
/* Whether two findings say the same thing about the same place. */
gboolean herald_diagnostic_equal (HeraldDiagnostic *a, HeraldDiagnostic *b);
/* Whether two lists of findings (either may be NULL, meaning none) are the same, in order. */
gboolean herald_diagnostics_equal (GPtrArray *a, GPtrArray *b);

G_END_DECLS
