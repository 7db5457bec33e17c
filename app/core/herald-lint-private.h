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
  /* The email clients to check support in (family.platform); NULL for the defaults. */
  const char *const *clients;
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

/* Rules in their own files. */
void _herald_lint_rule_client_support (HeraldLintContext *lint);
void _herald_lint_rule_accessibility (HeraldLintContext *lint);

/* Each <a href> of an HTML text, in document order, with its text case-folded and whether it
 * says nothing out of context ("click here", "cliquez ici", a bare URL). */
typedef struct
{
  guint line;
  guint column;
  char *text;
  gboolean vague;
} HeraldLintLink;

GArray *_herald_lint_collect_links (const char *html);

G_END_DECLS
