/* herald-lint-clients.c: the client-support rule. Which HTML elements, attributes and CSS
 * features the template uses that the library's chosen email clients lack or only partly
 * support, from the caniemail snapshot. One finding per feature, at its first use in the
 * source, listing the clients.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "herald-client-support.h"
#include "herald-feature-uses.h"
#include "herald-lint-private.h"

static char *
join_labels (HeraldClientSupport *support, GPtrArray *clients)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < clients->len; i++)
    {
      g_autofree char *label = herald_client_support_dup_client_label (support, clients->pdata[i]);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
report_use (HeraldLintContext *lint,
            HeraldClientSupport *support_data,
            const HeraldFeatureUse *use,
            const char *const *clients)
{
  g_autoptr (GPtrArray) missing = g_ptr_array_new ();
  g_autoptr (GPtrArray) partial = g_ptr_array_new ();
  g_autoptr (GString) notes = g_string_new (NULL);
  g_autofree char *missing_text = NULL;
  g_autofree char *partial_text = NULL;
  g_autofree char *message = NULL;
  const char *title = herald_feature_get_title (use->feature);
  HeraldDiagnostic *diagnostic;

  for (guint i = 0; clients[i] != NULL; i++)
    {
      g_autofree char *note = NULL;
      HeraldSupport support = herald_feature_get_support (use->feature, clients[i], &note);

      if (support == HERALD_SUPPORT_NO)
        g_ptr_array_add (missing, (gpointer) clients[i]);
      else if (support == HERALD_SUPPORT_PARTIAL)
        g_ptr_array_add (partial, (gpointer) clients[i]);
      else
        continue;
      if (note != NULL && strstr (notes->str, note) == NULL)
        {
          g_autofree char *label =
              herald_client_support_dup_client_label (support_data, clients[i]);

          g_string_append_printf (notes, "%s%s: %s", notes->len > 0 ? " " : "", label, note);
        }
    }
  if (missing->len == 0 && partial->len == 0)
    return;

  missing_text = join_labels (support_data, missing);
  partial_text = join_labels (support_data, partial);
  if (partial->len == 0)
    message = g_strdup_printf (_ ("%s is not supported in %s"), title, missing_text);
  else if (missing->len == 0)
    message = g_strdup_printf (_ ("%s is only partly supported in %s"), title, partial_text);
  else
    message = g_strdup_printf (_ ("%s is not supported in %s, and only partly in %s"), title,
                               missing_text, partial_text);

  /* Partial support is a note: caniemail's notes often concern a use the template does not
   * make (a value, an element), which Herald cannot tell from the note's text. */
  diagnostic = _herald_lint_add (lint, "client-support",
                                 missing->len > 0 ? HERALD_SEVERITY_WARNING : HERALD_SEVERITY_INFO,
                                 HERALD_PART_HTML, use->line, use->column, NULL, "%s", message);
  if (notes->len > 0)
    herald_diagnostic_set_fix (diagnostic, notes->str);
  else
    {
      g_autofree char *fix =
          g_strdup_printf (_ ("See %s for workarounds"), herald_feature_get_url (use->feature));

      herald_diagnostic_set_fix (diagnostic, fix);
    }
}

void
_herald_lint_rule_client_support (HeraldLintContext *lint)
{
  const char *html = herald_template_get_part (lint->tmpl, HERALD_PART_HTML);
  const char *const *clients =
      lint->clients != NULL ? lint->clients : herald_client_support_get_default_clients ();
  g_autoptr (GArray) uses = herald_feature_uses_collect (html);

  for (guint i = 0; i < uses->len; i++)
    report_use (lint, herald_client_support_get_default (),
                &g_array_index (uses, HeraldFeatureUse, i), clients);
}
