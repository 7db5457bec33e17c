/* herald-lint.h: the checks of a template or a whole library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-diagnostic.h"
#include "herald-library.h"
#include "herald-template.h"
#include "herald-tl.h"

G_BEGIN_DECLS

/* Gmail clips messages whose HTML is larger than about 102 KB. */
#define HERALD_LINT_GMAIL_CLIP_BYTES (102 * 1024)
/* Mailjet refuses longer subjects; clients truncate after about 78 characters. */
#define HERALD_LINT_SUBJECT_MAX_CHARS 255
#define HERALD_LINT_SUBJECT_WARN_CHARS 78

/* Both return a GPtrArray of HeraldDiagnostic (free function g_object_unref), in a stable
 * order: by template, then by rule, then by position. */
GPtrArray *herald_lint_template (HeraldTemplate *tmpl);
/* The same, also checking that the scenarios' per-locale values name the library's target
 * locales. */
GPtrArray *herald_lint_template_in_library (HeraldTemplate *tmpl, HeraldLibrary *library);
GPtrArray *herald_lint_template_in_library_for_clients (HeraldTemplate *tmpl,
                                                        HeraldLibrary *library,
                                                        const char *const *clients);
GPtrArray *herald_lint_library (HeraldLibrary *library);
/* The same, checking client support in clients (family.platform names; NULL for the
 * library's choice, or the defaults for a lone template). */
GPtrArray *herald_lint_template_for_clients (HeraldTemplate *tmpl, const char *const *clients);
GPtrArray *herald_lint_library_for_clients (HeraldLibrary *library, const char *const *clients);

/* Called after the checks of tmpl with its parts as they parsed them: parsed[HeraldPart], NULL
 * where a part does not parse, lent for the call. FALSE stops the lint. */
typedef gboolean (*HeraldLintTemplateFunc) (HeraldTemplate *tmpl,
                                            HeraldTlTemplate *const *parsed,
                                            gpointer user_data);

/* herald_lint_library_for_clients(), calling done after each template's checks, so that
 * more checks of the template (its translations') read its parts while they are parsed;
 * NULL when done stopped the lint. */
GPtrArray *herald_lint_library_each (HeraldLibrary *library,
                                     const char *const *clients,
                                     HeraldLintTemplateFunc done,
                                     gpointer user_data);

/* A var: variable the template uses: its first segment ("user" for var:user.city), whether
 * it is used with a path (an object) and whether a {% for %} loops over it (a list). */
typedef struct
{
  char *name;
  gboolean is_object;
  gboolean is_list;
} HeraldUsedVariable;

/* The var: variables of the parts that parse, in order of first use; the list the
 * missing-sample-data check goes through. A GPtrArray of HeraldUsedVariable (it frees them). */
GPtrArray *herald_lint_dup_used_variables (HeraldTemplate *tmpl);

/* The highest severity in a list of diagnostics, or -1 for an empty list. */
int herald_lint_max_severity (GPtrArray *diagnostics);

G_END_DECLS
