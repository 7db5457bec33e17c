/* herald-variable-proposal.h: one sample variable offered by the editor's completion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define HERALD_TYPE_VARIABLE_PROPOSAL (herald_variable_proposal_get_type ())

G_DECLARE_FINAL_TYPE (
    HeraldVariableProposal, herald_variable_proposal, HERALD, VARIABLE_PROPOSAL, GObject)

HeraldVariableProposal *herald_variable_proposal_new (const char *name, const char *sample);
const char *herald_variable_proposal_get_name (HeraldVariableProposal *self);
/* The value in the first scenario that has the variable, as JSON (strings unquoted). */
const char *herald_variable_proposal_get_sample (HeraldVariableProposal *self);

G_END_DECLS
