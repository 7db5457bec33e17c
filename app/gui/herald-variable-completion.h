/* herald-variable-completion.h: completes `var:` names from the template's scenarios.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

#include "herald-core.h"
#include "herald-variable-proposal.h"

G_BEGIN_DECLS

#define HERALD_TYPE_VARIABLE_COMPLETION (herald_variable_completion_get_type ())

G_DECLARE_FINAL_TYPE (
    HeraldVariableCompletion, herald_variable_completion, HERALD, VARIABLE_COMPLETION, GObject)

HeraldVariableCompletion *herald_variable_completion_new (void);
void herald_variable_completion_set_template (HeraldVariableCompletion *self,
                                              HeraldTemplate *template);
/* HeraldVariableProposals: each top-level variable of the template's scenarios whose name
 * starts with prefix (any case), once, sorted by name. Transfer full. */
GListModel *herald_variable_completion_list (HeraldVariableCompletion *self, const char *prefix);

G_END_DECLS
