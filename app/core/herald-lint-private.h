/* herald-lint-private.h: what a lint rule sees, so that more rules (localization) can be
 * added to the list in herald-lint.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-lint.h"
#include "herald-render.h"
#include "herald-tl.h"

G_BEGIN_DECLS

#define HERALD_LINT_N_PARTS 4

typedef struct _HeraldLintContext HeraldLintContext;

struct _HeraldLintContext
{
  HeraldTemplate *tmpl;
  const char *template_id;
  /* Parsed parts; NULL where the part has a syntax error. */
  HeraldTlTemplate *trees[HERALD_LINT_N_PARTS];
  /* HeraldScenario, sorted by id, and their render contexts (NULL when unreadable). */
  GPtrArray *scenarios;
  GPtrArray *contexts;
  /* rendered[scenario * N_PARTS + part]: NULL when it failed to render. */
  GPtrArray *rendered;
  GPtrArray *diagnostics;
  /* The library's target locales, or NULL when the template is checked on its own. */
  const char *const *target_locales;
};

typedef void (*HeraldLintRule) (HeraldLintContext *lint);

HeraldDiagnostic *_herald_lint_add (HeraldLintContext *lint,
                                    const char *rule_id,
                                    HeraldSeverity severity,
                                    HeraldPart part,
                                    guint line,
                                    guint column,
                                    HeraldScenario *scenario,
                                    const char *format,
                                    ...) G_GNUC_PRINTF (8, 9);
const char *
_herald_lint_get_rendered (HeraldLintContext *lint, guint scenario_index, HeraldPart part);

G_END_DECLS
