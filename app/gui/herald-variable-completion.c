/* herald-variable-completion.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-variable-completion.h"
#include "herald-variable-proposal.h"

/* The names come from the scenarios when the list is asked for, so that a variable added to
 * the sample data is offered at once. */
struct _HeraldVariableCompletion
{
  GObject parent_instance;

  HeraldTemplate *template;
};

static void provider_iface_init (GtkSourceCompletionProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldVariableCompletion,
                               herald_variable_completion,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_SOURCE_TYPE_COMPLETION_PROVIDER,
                                                      provider_iface_init))

static char *
sample_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static int
compare_proposals (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return g_strcmp0 (herald_variable_proposal_get_name ((HeraldVariableProposal *) a),
                    herald_variable_proposal_get_name ((HeraldVariableProposal *) b));
}

GListModel *
herald_variable_completion_list (HeraldVariableCompletion *self, const char *prefix)
{
  GListStore *store = g_list_store_new (HERALD_TYPE_VARIABLE_PROPOSAL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *lower_prefix = g_utf8_strdown (prefix != NULL ? prefix : "", -1);
  GListModel *scenarios;

  g_return_val_if_fail (HERALD_IS_VARIABLE_COMPLETION (self), NULL);

  scenarios = self->template != NULL ? herald_template_get_scenarios (self->template) : NULL;
  for (guint i = 0; scenarios != NULL && i < g_list_model_get_n_items (scenarios); i++)
    {
      g_autoptr (HeraldScenario) scenario = g_list_model_get_item (scenarios, i);
      JsonObject *variables = herald_scenario_get_variables (scenario, NULL);
      g_autoptr (GList) names = variables != NULL ? json_object_get_members (variables) : NULL;

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *lower = g_utf8_strdown (l->data, -1);
          g_autofree char *sample = NULL;
          g_autoptr (HeraldVariableProposal) proposal = NULL;

          if (!g_str_has_prefix (lower, lower_prefix) || g_hash_table_contains (seen, l->data))
            continue;
          g_hash_table_add (seen, g_strdup (l->data));
          sample = sample_text (json_object_get_member (variables, l->data));
          proposal = herald_variable_proposal_new (l->data, sample);
          g_list_store_insert_sorted (store, proposal, compare_proposals, NULL);
        }
    }

  return G_LIST_MODEL (store);
}

/* Offered right after `var:` (and while typing the name that follows). */
static gboolean
after_var_namespace (GtkSourceCompletionContext *context)
{
  GtkTextIter begin, end, before;
  g_autofree char *text = NULL;

  if (!gtk_source_completion_context_get_bounds (context, &begin, &end))
    return FALSE;
  before = begin;
  if (!gtk_text_iter_backward_chars (&before, 4))
    return FALSE;
  text = gtk_text_iter_get_slice (&before, &begin);
  return g_strcmp0 (text, "var:") == 0;
}

static GListModel *
provider_populate (GtkSourceCompletionProvider *provider,
                   GtkSourceCompletionContext *context,
                   GError **error)
{
  g_autofree char *word = NULL;

  if (!after_var_namespace (context))
    return G_LIST_MODEL (g_list_store_new (HERALD_TYPE_VARIABLE_PROPOSAL));
  word = gtk_source_completion_context_get_word (context);
  return herald_variable_completion_list (HERALD_VARIABLE_COMPLETION (provider), word);
}

static void
provider_refilter (GtkSourceCompletionProvider *provider,
                   GtkSourceCompletionContext *context,
                   GListModel *model)
{
  g_autoptr (GListModel) proposals = provider_populate (provider, context, NULL);

  gtk_source_completion_context_set_proposals_for_provider (context, provider, proposals);
}

static void
provider_display (GtkSourceCompletionProvider *provider,
                  GtkSourceCompletionContext *context,
                  GtkSourceCompletionProposal *proposal,
                  GtkSourceCompletionCell *cell)
{
  HeraldVariableProposal *variable = HERALD_VARIABLE_PROPOSAL (proposal);

  switch (gtk_source_completion_cell_get_column (cell))
    {
    case GTK_SOURCE_COMPLETION_COLUMN_TYPED_TEXT:
      gtk_source_completion_cell_set_text (cell, herald_variable_proposal_get_name (variable));
      break;
    case GTK_SOURCE_COMPLETION_COLUMN_COMMENT:
      gtk_source_completion_cell_set_text (cell, herald_variable_proposal_get_sample (variable));
      break;
    default:
      gtk_source_completion_cell_set_text (cell, NULL);
    }
}

static void
provider_activate (GtkSourceCompletionProvider *provider,
                   GtkSourceCompletionContext *context,
                   GtkSourceCompletionProposal *proposal)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (gtk_source_completion_context_get_buffer (context));
  GtkTextIter begin, end;

  gtk_source_completion_context_get_bounds (context, &begin, &end);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &begin, &end);
  gtk_text_buffer_insert (
      buffer, &begin, herald_variable_proposal_get_name (HERALD_VARIABLE_PROPOSAL (proposal)), -1);
  gtk_text_buffer_end_user_action (buffer);
}

static gboolean
provider_is_trigger (GtkSourceCompletionProvider *provider, const GtkTextIter *iter, gunichar ch)
{
  return ch == ':';
}

static char *
provider_get_title (GtkSourceCompletionProvider *provider)
{
  return g_strdup (_ ("Sample variables"));
}

static void
provider_iface_init (GtkSourceCompletionProviderInterface *iface)
{
  iface->get_title = provider_get_title;
  iface->is_trigger = provider_is_trigger;
  iface->populate = provider_populate;
  iface->refilter = provider_refilter;
  iface->display = provider_display;
  iface->activate = provider_activate;
}

static void
herald_variable_completion_dispose (GObject *object)
{
  HeraldVariableCompletion *self = (HeraldVariableCompletion *) object;

  g_clear_object (&self->template);

  G_OBJECT_CLASS (herald_variable_completion_parent_class)->dispose (object);
}

static void
herald_variable_completion_class_init (HeraldVariableCompletionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = herald_variable_completion_dispose;
}

static void
herald_variable_completion_init (HeraldVariableCompletion *self)
{
}

HeraldVariableCompletion *
herald_variable_completion_new (void)
{
  return g_object_new (HERALD_TYPE_VARIABLE_COMPLETION, NULL);
}

void
herald_variable_completion_set_template (HeraldVariableCompletion *self, HeraldTemplate *template)
{
  g_return_if_fail (HERALD_IS_VARIABLE_COMPLETION (self));
  g_return_if_fail (template == NULL || HERALD_IS_TEMPLATE (template));

  g_set_object (&self->template, template);
}
