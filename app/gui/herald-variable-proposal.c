/* herald-variable-proposal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-variable-proposal.h"

struct _HeraldVariableProposal
{
  GObject parent_instance;

  char *name;
  char *sample;
};

static char *
herald_variable_proposal_get_typed_text (GtkSourceCompletionProposal *proposal)
{
  return g_strdup (HERALD_VARIABLE_PROPOSAL (proposal)->name);
}

static void
proposal_iface_init (GtkSourceCompletionProposalInterface *iface)
{
  iface->get_typed_text = herald_variable_proposal_get_typed_text;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldVariableProposal,
                               herald_variable_proposal,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_SOURCE_TYPE_COMPLETION_PROPOSAL,
                                                      proposal_iface_init))

static void
herald_variable_proposal_finalize (GObject *object)
{
  HeraldVariableProposal *self = (HeraldVariableProposal *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->sample, g_free);

  G_OBJECT_CLASS (herald_variable_proposal_parent_class)->finalize (object);
}

static void
herald_variable_proposal_class_init (HeraldVariableProposalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_variable_proposal_finalize;
}

static void
herald_variable_proposal_init (HeraldVariableProposal *self)
{
}

HeraldVariableProposal *
herald_variable_proposal_new (const char *name, const char *sample)
{
  HeraldVariableProposal *self = g_object_new (HERALD_TYPE_VARIABLE_PROPOSAL, NULL);

  self->name = g_strdup (name);
  self->sample = g_strdup (sample);
  return self;
}

const char *
herald_variable_proposal_get_name (HeraldVariableProposal *self)
{
  g_return_val_if_fail (HERALD_IS_VARIABLE_PROPOSAL (self), NULL);
  return self->name;
}

const char *
herald_variable_proposal_get_sample (HeraldVariableProposal *self)
{
  g_return_val_if_fail (HERALD_IS_VARIABLE_PROPOSAL (self), NULL);
  return self->sample;
}
