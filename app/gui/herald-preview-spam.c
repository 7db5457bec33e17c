/* herald-preview-spam.c: the preview's Spam Score action. SpamAssassin scores the email
 * on this computer (herald-spam-check.c); this file asks for it and shows the verdict.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-preview"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "herald-preview-private.h"
#include "herald-spam-check.h"

static const char *rule_prefixes[] = { "BODY: ", "HEADER: ", "URI: ", "RAW: ", "HTML: " };

static GtkWidget *
spam_rules_list (const HeraldSpamReport *report)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  for (guint i = 0; i < report->rules->len; i++)
    {
      const HeraldSpamRule *rule = g_ptr_array_index (report->rules, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *points =
          ABS (rule->points) < 0.05 ? g_strdup ("0.0") : g_strdup_printf ("%+.1f", rule->points);
      GtkWidget *suffix = gtk_label_new (points);
      const char *description = rule->description[0] != '\0' ? rule->description : rule->name;

      /* "BODY: HTML included in message": where SpamAssassin looked is not news to a
       * reader; what it found is. */
      for (guint j = 0; j < G_N_ELEMENTS (rule_prefixes); j++)
        if (g_str_has_prefix (description, rule_prefixes[j]))
          description += strlen (rule_prefixes[j]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), description);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rule->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_add_css_class (suffix, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  return scrolled;
}

static void
spam_check_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldPreview) self = user_data;
  g_autoptr (HeraldSpamReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  report = herald_spam_check_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->spam_button), TRUE);
  gtk_button_set_label (self->spam_button, _ ("Spam Score"));

  if (report == NULL)
    {
      _herald_preview_show_message (self, _ ("The Email Could Not Be Scored"), error->message,
                                    NULL);
      return;
    }

  heading = g_strdup_printf (_ ("Spam Score: %.1f"), report->score);
  /* Translators: %.1f is SpamAssassin's threshold, usually 5.0. */
  body = g_strdup_printf (
      report->score >= report->required
          ? _ ("SpamAssassin would flag this email as spam (it flags %.1f and above). "
               "These rules matched, scored on this computer only:")
          : _ ("SpamAssassin would deliver this email (it flags %.1f and above). "
               "These rules matched, scored on this computer only:"),
      report->required);
  _herald_preview_show_message (self, heading, body, spam_rules_list (report));
}

void
_herald_preview_spam_score_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldPreview *self = HERALD_PREVIEW (widget);
  g_autofree char *program = herald_spam_check_find_program ();
  g_autoptr (GBytes) message = NULL;
  g_autoptr (GError) error = NULL;

  if (program == NULL)
    {
      _herald_preview_show_message (
          self, _ ("SpamAssassin Is Not Installed"),
          _ ("Herald scores emails with SpamAssassin, on this computer only. "
             "Install it, for example with “sudo apt install spamassassin”, then try again."),
          NULL);
      return;
    }

  message = herald_preview_build_eml (self, &error);
  if (message == NULL)
    {
      _herald_preview_show_message (self, _ ("The Email Could Not Be Scored"), error->message,
                                    NULL);
      return;
    }

  g_cancellable_cancel (self->spam_cancellable);
  g_clear_object (&self->spam_cancellable);
  self->spam_cancellable = g_cancellable_new ();

  gtk_widget_set_sensitive (GTK_WIDGET (self->spam_button), FALSE);
  gtk_button_set_label (self->spam_button, _ ("Scoring…"));
  herald_spam_check_async (message, self->spam_cancellable, spam_check_cb, g_object_ref (self));
}
