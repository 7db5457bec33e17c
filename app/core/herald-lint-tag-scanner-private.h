/* herald-lint-tag-scanner-private.h: what the HTML rule (herald-lint.c) and its tag scanner
 * (herald-lint-tag-scanner.c) share: the problems they find in an HTML text, and the scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-lint-private.h"

G_BEGIN_DECLS

/* A problem with an HTML text, from the tag scanner or from libxml2's parse: the HTML rule
 * merges both before it reports them. */
typedef struct
{
  guint line;
  guint column;
  char *message;
} HtmlProblem;

/* The clear function of a GPtrArray of HtmlProblem. */
void _herald_lint_html_problem_free (gpointer data);
/* Appends a problem at line and column to problems; takes message. */
void _herald_lint_add_html_problem (GPtrArray *problems, guint line, guint column, char *message);
/* Appends the tag scanner's problems of an HTML text to problems; lint != NULL also runs the
 * alt and link rules on it. */
void _herald_lint_scan_html (HeraldLintContext *lint, const char *html, GPtrArray *problems);

G_END_DECLS
