/* herald-send-dialog.c: HeraldSendDialog, the one form a test send is set up in: account and
 * sender, inboxes, languages × scenarios, and how the email is rendered (by Mailjet, by
 * Herald, or as production by TemplateID).
 *
 * One dialog, one file: every part of it feeds the same HeraldTestSend request and is
 * checked against the others before Send is enabled; the sending itself is
 * HeraldSendService's, the inbox list HeraldRecipientsGroup's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-send-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-preferences-window.h"
#include "herald-send-dialog.h"
#include "herald-locale-name.h"
#include "herald-sender-check.h"
#include "herald-test-send.h"
#include "herald-tooltip.h"

typedef enum
{
  ERROR_ACTION_NONE,
  ERROR_ACTION_PREFERENCES,
  ERROR_ACTION_CHECK_SENT,
} ErrorAction;

struct _HeraldSendDialog
{
  AdwWindow parent_instance;

  /* Template Widgets */
  AdwWindowTitle *window_title;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkButton *copy_error_button;
  GtkButton *error_action_button;
  AdwComboRow *account_row;
  AdwActionRow *sandbox_row;
  AdwComboRow *sender_row;
  GtkButton *sender_chip;
  HeraldRecipientsGroup *recipients_group;
  AdwPreferencesGroup *locales_group;
  AdwPreferencesGroup *scenarios_group;
  GtkCheckButton *mode_mailjet_check;
  GtkCheckButton *mode_herald_check;
  GtkCheckButton *mode_stored_check;
  GtkLabel *summary_label;
  GtkButton *send_button;
  GtkSpinner *spinner;
  GtkLabel *send_label;

  /* Owned References */
  HeraldSendService *service;
  HeraldLibrary *library;
  HeraldTemplate *template;
  GtkStringList *senders;
  GSettings *settings;
  HeraldSenderCheck *sender_check;
  GCancellable *sender_cancellable;
  char *sender_checked;       /* "account-id sender", what the chip is about */
  GPtrArray *locale_checks;   /* GtkCheckButton, "herald-locale" data */
  GPtrArray *scenario_checks; /* GtkCheckButton, "herald-scenario" data */
  GCancellable *cancellable;
  HeraldSendRequest *unknown_request; /* sent, but whether it went out is unknown */
  HeraldAccount *unknown_account;
  char *error_identifier;

  ErrorAction error_action;
  guint sending : 1;
};

G_DEFINE_FINAL_TYPE (HeraldSendDialog, herald_send_dialog, ADW_TYPE_WINDOW)

enum
{
  SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static HeraldAccount *
selected_account (HeraldSendDialog *self)
{
  return adw_combo_row_get_selected_item (self->account_row);
}

static guint
count_active (GPtrArray *checks)
{
  guint n = 0;

  for (guint i = 0; i < checks->len; i++)
    n += gtk_check_button_get_active (g_ptr_array_index (checks, i));
  return n;
}

static guint
count_recipients (HeraldSendDialog *self)
{
  g_auto (GStrv) addresses = herald_recipients_group_dup_addresses (self->recipients_group);

  return addresses ? g_strv_length (addresses) : 0;
}

static void
update_summary (HeraldSendDialog *self)
{
  guint n_recipients = count_recipients (self);
  guint n_invalid = herald_recipients_group_get_n_invalid (self->recipients_group);
  guint n_scenarios =
      MAX (count_active (self->scenario_checks), self->scenario_checks->len ? 0 : 1);
  guint n_messages = n_recipients * count_active (self->locale_checks) * n_scenarios;
  g_autofree char *messages = NULL;
  g_autofree char *summary = NULL;

  if (n_invalid > 0)
    summary = g_strdup (_ ("Correct the marked address to send"));
  else if (n_recipients == 0)
    summary = g_strdup (_ ("Add a test inbox to send to"));
  else if (n_messages == 0)
    summary = g_strdup (_ ("Choose at least one language and one scenario"));
  else
    {
      messages = g_strdup_printf (ngettext ("%u message", "%u messages", n_messages), n_messages);
      /* Translators: "6 messages to 2 inboxes" */
      summary = g_strdup_printf (ngettext ("%s to %u inbox", "%s to %u inboxes", n_recipients),
                                 messages, n_recipients);
    }

  gtk_label_set_label (self->summary_label, summary);
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button),
                            n_invalid == 0 && n_messages > 0 && !self->sending &&
                                self->unknown_request == NULL && selected_account (self) != NULL &&
                                g_list_model_get_n_items (G_LIST_MODEL (self->senders)) > 0);
}

static void
show_error (HeraldSendDialog *self, const char *message, const char *identifier, ErrorAction action)
{
  self->error_action = action;
  g_free (self->error_identifier);
  self->error_identifier = g_strdup (identifier);

  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_error_button), identifier != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_action_button), action != ERROR_ACTION_NONE);
  if (action == ERROR_ACTION_PREFERENCES)
    gtk_button_set_label (self->error_action_button, _ ("Open _Preferences"));
  else if (action == ERROR_ACTION_CHECK_SENT)
    gtk_button_set_label (self->error_action_button, _ ("_Check Whether It Was Sent"));
}

static void
mark_row (GtkWidget *row, gboolean error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
clear_errors (HeraldSendDialog *self)
{
  show_error (self, NULL, NULL, ERROR_ACTION_NONE);
  herald_recipients_group_clear_errors (self->recipients_group);
  mark_row (GTK_WIDGET (self->account_row), FALSE);
  mark_row (GTK_WIDGET (self->sender_row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->account_row), NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->sender_row), NULL);
}

static void
set_sending (HeraldSendDialog *self, gboolean sending)
{
  self->sending = sending;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), sending);
  gtk_spinner_set_spinning (self->spinner, sending);
  gtk_label_set_label (self->send_label, sending ? _ ("Sending…") : _ ("_Send"));
  update_summary (self);
}

/* Senders --------------------------------------------------------------------------- */

static void
add_sender (HeraldSendDialog *self, const char *email, const char *name)
{
  g_autofree char *label = NULL;
  GListModel *model = G_LIST_MODEL (self->senders);

  if (email == NULL || *email == '\0')
    return;
  label = name && *name ? g_strdup_printf ("%s <%s>", name, email) : g_strdup (email);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (self->senders, i), label))
      return;
  gtk_string_list_append (self->senders, label);
}

static void
parse_sender (const char *label, char **email, char **name)
{
  const char *open = strrchr (label, '<');

  if (open == NULL)
    {
      *email = g_strdup (label);
      *name = NULL;
      return;
    }
  *name = g_strstrip (g_strndup (label, open - label));
  *email = g_strndup (open + 1, strcspn (open + 1, ">"));
}

static void
senders_listed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldSendDialog) self = user_data;
  g_autoptr (JsonArray) senders = NULL;
  g_autoptr (GError) error = NULL;

  senders =
      herald_mailjet_client_list_senders_finish (HERALD_MAILJET_CLIENT (object), result, &error);
  if (senders == NULL)
    {
      /* The library's sender still works; a wrong key shows when sending. */
      g_debug ("Senders not listed: %s", error->message);
      return;
    }

  for (guint i = 0; i < json_array_get_length (senders); i++)
    {
      JsonObject *sender = json_array_get_object_element (senders, i);

      if (sender && g_strcmp0 (json_object_get_string_member_with_default (sender, "Status", ""),
                               "Active") == 0)
        add_sender (self, json_object_get_string_member_with_default (sender, "Email", NULL),
                    json_object_get_string_member_with_default (sender, "Name", NULL));
    }
  update_summary (self);
}

static void
client_ready_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldSendDialog) self = user_data;
  g_autoptr (HeraldMailjetClient) client = NULL;
  g_autoptr (GError) error = NULL;

  client = herald_send_service_get_client_finish (HERALD_SEND_SERVICE (object), result, &error);
  if (client == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (self->account_row), error->message);
          mark_row (GTK_WIDGET (self->account_row), TRUE);
        }
      return;
    }
  herald_mailjet_client_list_senders_async (client, self->cancellable, senders_listed_cb,
                                            g_object_ref (self));
}

static void
account_changed_cb (HeraldSendDialog *self)
{
  HeraldAccount *account = selected_account (self);

  if (self->service == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->sandbox_row),
                          account != NULL && herald_account_is_sandbox (account));
  mark_row (GTK_WIDGET (self->account_row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->account_row), NULL);

  gtk_string_list_splice (self->senders, 0, g_list_model_get_n_items (G_LIST_MODEL (self->senders)),
                          NULL);
  if (self->library)
    add_sender (self, herald_library_get_from_email (self->library),
                herald_library_get_from_name (self->library));
  if (account)
    {
      add_sender (self, herald_account_get_sender_email (account),
                  herald_account_get_sender_name (account));
      herald_send_service_get_client_async (self->service, account, self->cancellable,
                                            client_ready_cb, g_object_ref (self));
    }
  adw_combo_row_set_selected (self->sender_row, 0);
  update_summary (self);
}

/* The sender chip -------------------------------------------------------------------- */

static void
set_chip (HeraldSendDialog *self, const char *label, const char *style, const char *tooltip)
{
  const char *styles[] = { "success", "warning", "error" };

  gtk_widget_set_visible (GTK_WIDGET (self->sender_chip), label != NULL);
  if (label == NULL)
    return;
  gtk_button_set_label (self->sender_chip, label);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->sender_chip), styles[i]);
  if (style)
    gtk_widget_add_css_class (GTK_WIDGET (self->sender_chip), style);
  herald_widget_set_tooltip (GTK_WIDGET (self->sender_chip), tooltip);
}

static char *
selected_sender_email (HeraldSendDialog *self)
{
  GtkStringObject *sender = adw_combo_row_get_selected_item (self->sender_row);
  g_autofree char *name = NULL;
  char *email = NULL;

  if (sender == NULL)
    return NULL;
  parse_sender (gtk_string_object_get_string (sender), &email, &name);
  return email;
}

/* RFC 2606 documentation domains never carry mail and have no DNS to check. */
static gboolean
is_example_domain (const char *email)
{
  const char *at = strrchr (email, '@');
  g_autofree char *domain = g_ascii_strdown (at ? at + 1 : email, -1);

  return g_str_equal (domain, "example.com") || g_str_equal (domain, "example.net") ||
         g_str_equal (domain, "example.org") || g_str_has_suffix (domain, ".example") ||
         g_str_has_suffix (domain, ".invalid") || g_str_has_suffix (domain, ".localhost");
}

static void
sender_checked_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldSendDialog) self = user_data;
  HeraldSenderCheck *check = HERALD_SENDER_CHECK (object);
  g_autoptr (GError) error = NULL;
  HeraldSenderFinding *worst;

  if (check != self->sender_check)
    return;
  if (!herald_sender_check_run_finish (check, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_chip (self, _ ("Sender not checked"), NULL, error->message);
      return;
    }
  worst = g_ptr_array_index (herald_sender_check_get_findings (check), 0);
  switch (herald_sender_check_get_verdict (check))
    {
    case HERALD_SEVERITY_ERROR:
      set_chip (self, _ ("Sender: problems"), "error", worst->message);
      break;
    case HERALD_SEVERITY_WARNING:
      set_chip (self, _ ("Sender: warnings"), "warning", worst->message);
      break;
    case HERALD_SEVERITY_INFO:
    default:
      set_chip (self, _ ("Sender: all good"), "success", _ ("SPF, DKIM and DMARC pass."));
      break;
    }
}

static void
sender_client_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldSendDialog) self = user_data;
  g_autoptr (HeraldMailjetClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *email = selected_sender_email (self);

  client = herald_send_service_get_client_finish (HERALD_SEND_SERVICE (object), result, &error);
  /* A newer choice of sender has taken over. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->sender_check);
  if (client && email)
    self->sender_check = herald_sender_check_new (client, email, &error);
  if (self->sender_check == NULL)
    {
      set_chip (self, _ ("Sender not checked"), NULL, error ? error->message : NULL);
      return;
    }
  herald_sender_check_run_async (self->sender_check, self->sender_cancellable, sender_checked_cb,
                                 g_object_ref (self));
}

static void
sender_changed_cb (HeraldSendDialog *self)
{
  HeraldAccount *account = selected_account (self);
  g_autofree char *email = selected_sender_email (self);
  g_autofree char *key =
      account && email ? g_strdup_printf ("%s %s", herald_account_get_id (account), email) : NULL;

  /* The list of senders grows as Mailjet answers; the chosen one may stay the same. */
  if (g_strcmp0 (key, self->sender_checked) == 0)
    return;
  g_free (self->sender_checked);
  self->sender_checked = g_steal_pointer (&key);
  g_cancellable_cancel (self->sender_cancellable);
  g_clear_object (&self->sender_cancellable);
  g_clear_object (&self->sender_check);
  if (self->service == NULL || account == NULL || email == NULL)
    {
      set_chip (self, NULL, NULL, NULL);
      return;
    }
  if (is_example_domain (email))
    {
      set_chip (self, _ ("Example domain"), NULL,
                _ ("Documentation domains have no DNS records to check."));
      return;
    }
  self->sender_cancellable = g_cancellable_new ();
  set_chip (self, _ ("Checking sender…"), NULL, NULL);
  herald_send_service_get_client_async (self->service, account, self->sender_cancellable,
                                        sender_client_cb, g_object_ref (self));
}

static void
sender_chip_clicked_cb (HeraldSendDialog *self)
{
  g_autofree char *email = selected_sender_email (self);
  HeraldPreferencesWindow *preferences;

  if (email == NULL || self->settings == NULL)
    return;
  preferences = herald_preferences_window_new (GTK_WINDOW (self), self->settings, self->service);
  herald_preferences_window_show_sender (preferences, selected_account (self), email);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* Languages and scenarios ------------------------------------------------------------- */

static GtkCheckButton *
add_check_row (HeraldSendDialog *self,
               AdwPreferencesGroup *group,
               const char *title,
               const char *subtitle,
               gboolean active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_signal_connect_object (check, "toggled", G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, row);
  return GTK_CHECK_BUTTON (check);
}

static void
fill_locales (HeraldSendDialog *self)
{
  const char *source = herald_library_get_source_locale (self->library);
  const char *const *targets = herald_library_get_target_locales (self->library);
  g_autofree char *source_title = herald_locale_name_dup_label (source);
  GtkCheckButton *check;

  check = add_check_row (self, self->locales_group, source_title, _ ("Source language"), TRUE);
  g_object_set_data_full (G_OBJECT (check), "herald-locale", g_strdup (source), g_free);
  g_ptr_array_add (self->locale_checks, check);

  for (guint i = 0; targets && targets[i]; i++)
    {
      g_autofree char *title = herald_locale_name_dup_label (targets[i]);

      check = add_check_row (self, self->locales_group, title, _ ("Translation"), FALSE);
      g_object_set_data_full (G_OBJECT (check), "herald-locale", g_strdup (targets[i]), g_free);
      g_ptr_array_add (self->locale_checks, check);
    }
}

static void
fill_scenarios (HeraldSendDialog *self, HeraldScenario *current)
{
  GListModel *scenarios = herald_template_get_scenarios (self->template);
  guint n = g_list_model_get_n_items (scenarios);

  gtk_widget_set_visible (GTK_WIDGET (self->scenarios_group), n > 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldScenario) scenario = g_list_model_get_item (scenarios, i);
      gboolean active = current ? scenario == current : i == 0;
      GtkCheckButton *check;

      check = add_check_row (self, self->scenarios_group, herald_scenario_get_name (scenario), NULL,
                             active);
      g_object_set_data_full (G_OBJECT (check), "herald-scenario", g_object_ref (scenario),
                              g_object_unref);
      g_ptr_array_add (self->scenario_checks, check);
    }
}

static void
set_check_active (GPtrArray *checks, const char *key, const char *value, gboolean active)
{
  for (guint i = 0; i < checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (checks, i);
      gpointer data = g_object_get_data (G_OBJECT (check), key);
      const char *id = g_str_equal (key, "herald-scenario") ? herald_scenario_get_id (data) : data;

      if (g_strcmp0 (id, value) == 0)
        gtk_check_button_set_active (check, active);
    }
}

void
herald_send_dialog_set_locale_active (HeraldSendDialog *self, const char *locale, gboolean active)
{
  g_return_if_fail (HERALD_IS_SEND_DIALOG (self));
  set_check_active (self->locale_checks, "herald-locale", locale, active);
}

void
herald_send_dialog_set_mode (HeraldSendDialog *self, HeraldSendMode mode)
{
  g_return_if_fail (HERALD_IS_SEND_DIALOG (self));

  if (mode == HERALD_SEND_MODE_STORED)
    gtk_check_button_set_active (self->mode_stored_check, TRUE);
  else if (mode == HERALD_SEND_MODE_MAILJET)
    gtk_check_button_set_active (self->mode_mailjet_check, TRUE);
  else
    gtk_check_button_set_active (self->mode_herald_check, TRUE);
}

void
herald_send_dialog_set_scenario_active (HeraldSendDialog *self,
                                        const char *scenario_id,
                                        gboolean active)
{
  g_return_if_fail (HERALD_IS_SEND_DIALOG (self));
  set_check_active (self->scenario_checks, "herald-scenario", scenario_id, active);
}

/* Sending ---------------------------------------------------------------------------- */

static HeraldSendMode
chosen_mode (HeraldSendDialog *self)
{
  if (gtk_check_button_get_active (self->mode_stored_check))
    return HERALD_SEND_MODE_STORED;
  return gtk_check_button_get_active (self->mode_mailjet_check) ? HERALD_SEND_MODE_MAILJET
                                                                : HERALD_SEND_MODE_HERALD;
}

/* Built at once, except a send as production: its TemplateIDs are known only once the
 * account's templates were checked. */
static HeraldSendRequest *
build_request (HeraldSendDialog *self, GError **error)
{
  HeraldSendMode mode = chosen_mode (self);
  g_autoptr (HeraldSendRequest) request = herald_send_request_new (mode);
  g_autoptr (GStrvBuilder) locales = g_strv_builder_new ();
  g_autoptr (GPtrArray) scenarios = g_ptr_array_new ();
  g_auto (GStrv) recipients = herald_recipients_group_dup_addresses (self->recipients_group);
  g_auto (GStrv) chosen_locales = NULL;
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;
  GtkStringObject *sender = adw_combo_row_get_selected_item (self->sender_row);

  parse_sender (gtk_string_object_get_string (sender), &email, &name);
  herald_send_request_set_from (request, email, name);
  herald_send_request_set_error_reporting (request, email);
  for (guint i = 0; recipients && recipients[i]; i++)
    herald_send_request_add_recipient (request, recipients[i], NULL);

  for (guint i = 0; i < self->locale_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->locale_checks, i)))
      g_strv_builder_add (
          locales, g_object_get_data (g_ptr_array_index (self->locale_checks, i), "herald-locale"));
  for (guint i = 0; i < self->scenario_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->scenario_checks, i)))
      g_ptr_array_add (scenarios, g_object_get_data (g_ptr_array_index (self->scenario_checks, i),
                                                     "herald-scenario"));
  chosen_locales = g_strv_builder_end (locales);

  if (!herald_test_send_add_variants (request, self->library, self->template,
                                      (const char *const *) chosen_locales, scenarios, error) ||
      (mode != HERALD_SEND_MODE_STORED && !herald_send_request_build (request, error)))
    return NULL;

  return g_steal_pointer (&request);
}

static gboolean
points_at_sender (const HeraldSendError *error)
{
  for (guint i = 0; error->related_to && error->related_to[i]; i++)
    if (g_str_has_prefix (error->related_to[i], "From"))
      return TRUE;
  return g_strcmp0 (error->code, "send-0008") == 0;
}

/* Puts each refusal next to what caused it: the address, the sender, or the form. */
static void
show_refusals (HeraldSendDialog *self, HeraldSendResult *result)
{
  g_autoptr (GString) general = g_string_new (NULL);
  const char *general_id = NULL;
  guint accepted = herald_send_result_get_n_accepted (result);
  guint total = herald_send_result_get_n_outcomes (result);

  for (guint i = 0; i < total; i++)
    {
      const HeraldSendOutcome *outcome = herald_send_result_get_outcome (result, i);

      for (guint e = 0; e < outcome->errors->len; e++)
        {
          const HeraldSendError *error = g_ptr_array_index (outcome->errors, e);

          if (error->recipient)
            herald_recipients_group_set_error (self->recipients_group, error->recipient,
                                               error->explanation, error->identifier);
          else if (points_at_sender (error))
            {
              adw_action_row_set_subtitle (ADW_ACTION_ROW (self->sender_row), error->explanation);
              mark_row (GTK_WIDGET (self->sender_row), TRUE);
              general_id = general_id ? general_id : error->identifier;
            }
          else if (!strstr (general->str, error->explanation))
            {
              g_string_append_printf (general, "%s%s", general->len ? "\n" : "",
                                      error->explanation);
              general_id = general_id ? general_id : error->identifier;
            }
        }
    }

  g_string_prepend (general, "\n");
  g_string_prepend (
      general, accepted > 0
                   ? _ ("Some messages were refused; the accepted ones are followed in Deliveries.")
                   : _ ("Mailjet refused the messages. What it said is shown next to each cause."));
  show_error (self, general->str, general_id, ERROR_ACTION_NONE);
}

static void
show_send_error (HeraldSendDialog *self, HeraldAccount *account, const GError *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NO_CREDENTIALS))
    {
      message = g_strdup_printf (
          _ ("Mailjet did not accept the key of the account “%s”: its API key or secret key is "
             "wrong, or was revoked. Nothing was sent. Check the keys in Preferences."),
          herald_account_get_name (account));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->account_row),
                                   _ ("Mailjet refused this account’s key"));
      mark_row (GTK_WIDGET (self->account_row), TRUE);
      show_error (self, message, NULL, ERROR_ACTION_PREFERENCES);
    }
  else if (herald_mailjet_error_is_outcome_unknown (error) ||
           g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TIMEOUT))
    {
      message = g_strdup_printf (
          _ ("%s\nThe messages may have gone out. Check before sending again, so that nobody "
             "gets them twice."),
          error->message);
      show_error (self, message, NULL, ERROR_ACTION_CHECK_SENT);
    }
  else
    show_error (self, error->message, NULL, ERROR_ACTION_NONE);
}

static void
sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldSendDialog) self = user_data;
  g_autoptr (HeraldSendRequest) request = g_object_steal_data (G_OBJECT (self), "herald-request");
  g_autoptr (HeraldSendResult) sent = NULL;
  g_autoptr (HeraldSendResult) before = NULL;
  g_autoptr (GError) error = NULL;
  HeraldAccount *account = g_object_get_data (G_OBJECT (self), "herald-account");

  sent = herald_send_service_send_finish (self->service, result, &before, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (sent == NULL)
    {
      if (herald_mailjet_error_is_outcome_unknown (error) ||
          g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TIMEOUT))
        {
          g_set_object (&self->unknown_request, request);
          g_set_object (&self->unknown_account, account);
        }
      set_sending (self, FALSE);
      show_send_error (self, account, error);
      return;
    }

  set_sending (self, FALSE);
  if (herald_send_result_get_n_failed (sent) > 0)
    {
      show_refusals (self, sent);
      if (herald_send_result_get_n_accepted (sent) > 0)
        g_signal_emit (self, signals[SENT], 0);
      return;
    }

  g_signal_emit (self, signals[SENT], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void prepare_stored (HeraldSendDialog *self, gboolean publish_first);

static void
publish_first_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  HeraldSendDialog *self = user_data;

  if (g_strcmp0 (response, "publish") == 0)
    prepare_stored (self, TRUE);
}

/* The stored templates differ from the library: sending now would not send this version. */
static void
ask_publish_first (HeraldSendDialog *self, const char *why)
{
  AdwMessageDialog *dialog =
      ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _ ("Publish First?"), why));

  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "publish",
                                    _ ("_Publish and Send"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "publish", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "publish");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (publish_first_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
stored_prepared_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldSendDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  HeraldSendRequest *request = g_object_get_data (G_OBJECT (self), "herald-request");
  HeraldAccount *account = g_object_get_data (G_OBJECT (self), "herald-account");

  if (!herald_send_service_prepare_stored_finish (self->service, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_sending (self, FALSE);
      if (g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_STORED_OUTDATED))
        ask_publish_first (self, error->message);
      else
        show_send_error (self, account, error);
      return;
    }
  herald_send_service_send_async (self->service, account, request, self->cancellable, sent_cb,
                                  g_object_ref (self));
}

static void
prepare_stored (HeraldSendDialog *self, gboolean publish_first)
{
  set_sending (self, TRUE);
  herald_send_service_prepare_stored_async (
      self->service, g_object_get_data (G_OBJECT (self), "herald-account"), self->library,
      g_object_get_data (G_OBJECT (self), "herald-request"), publish_first, self->cancellable,
      stored_prepared_cb, g_object_ref (self));
}

static void
send_clicked_cb (HeraldSendDialog *self)
{
  g_autoptr (HeraldSendRequest) request = NULL;
  g_autoptr (GError) error = NULL;
  HeraldAccount *account = selected_account (self);

  /* The button goes insensitive at once, but a second click may already be queued. */
  if (self->sending || !gtk_widget_get_sensitive (GTK_WIDGET (self->send_button)))
    return;

  clear_errors (self);
  if (!(request = build_request (self, &error)))
    {
      show_error (self, error->message, NULL, ERROR_ACTION_NONE);
      return;
    }

  g_object_set_data_full (G_OBJECT (self), "herald-request", g_object_ref (request),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (self), "herald-account", g_object_ref (account),
                          g_object_unref);
  if (herald_send_request_get_mode (request) == HERALD_SEND_MODE_STORED)
    {
      prepare_stored (self, FALSE);
      return;
    }
  set_sending (self, TRUE);
  herald_send_service_send_async (self->service, account, request, self->cancellable, sent_cb,
                                  g_object_ref (self));
}

static void
recovered_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldSendDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gssize found;
  guint total;

  found = herald_send_service_recover_finish (self->service, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_sending (self, FALSE);
  if (found < 0)
    {
      message = g_strdup_printf (_ ("Herald could not check: %s"), error->message);
      show_error (self, message, NULL, ERROR_ACTION_CHECK_SENT);
      return;
    }

  total = herald_send_request_get_n_items (self->unknown_request);
  g_clear_object (&self->unknown_request);
  g_clear_object (&self->unknown_account);
  if (found == 0)
    {
      show_error (self, _ ("None of the messages went out. You can send them again."), NULL,
                  ERROR_ACTION_NONE);
      update_summary (self);
      return;
    }

  message = g_strdup_printf (_ ("%u of %u messages went out; they are followed in Deliveries."),
                             (guint) found, total);
  show_error (self, message, NULL, ERROR_ACTION_NONE);
  update_summary (self);
  g_signal_emit (self, signals[SENT], 0);
}

static void
error_action_clicked_cb (HeraldSendDialog *self)
{
  if (self->error_action == ERROR_ACTION_PREFERENCES)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences", NULL);
  else if (self->error_action == ERROR_ACTION_CHECK_SENT && self->unknown_request && !self->sending)
    {
      set_sending (self, TRUE);
      herald_send_service_recover_async (self->service, self->unknown_account,
                                         self->unknown_request, self->cancellable, recovered_cb,
                                         g_object_ref (self));
    }
}

static void
copy_error_clicked_cb (HeraldSendDialog *self)
{
  if (self->error_identifier)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->error_identifier);
}

static void
cancel_clicked_cb (HeraldSendDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* Public ------------------------------------------------------------------------------ */

HeraldSendDialog *
herald_send_dialog_new (GtkWindow *parent,
                        HeraldSendService *service,
                        GSettings *settings,
                        HeraldLibrary *library,
                        HeraldTemplate *template,
                        HeraldScenario *scenario)
{
  HeraldSendDialog *self;

  g_return_val_if_fail (HERALD_IS_SEND_SERVICE (service), NULL);
  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (HERALD_IS_TEMPLATE (template), NULL);

  self = g_object_new (HERALD_TYPE_SEND_DIALOG, "transient-for", parent, NULL);
  /* For app.preferences ("Add Mailjet Account…", "Open Preferences"). */
  if (parent && gtk_window_get_application (parent))
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  self->service = g_object_ref (service);
  self->library = g_object_ref (library);
  self->template = g_object_ref (template);
  adw_window_title_set_subtitle (self->window_title, herald_template_get_name (template));

  herald_send_service_show_accounts (service, self->account_row);

  self->settings = g_object_ref (settings);
  herald_recipients_group_set_settings (self->recipients_group, settings);
  fill_locales (self);
  fill_scenarios (self, scenario);
  account_changed_cb (self);

  return self;
}

HeraldRecipientsGroup *
herald_send_dialog_get_recipients_group (HeraldSendDialog *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_DIALOG (self), NULL);
  return self->recipients_group;
}

AdwComboRow *
herald_send_dialog_get_account_row (HeraldSendDialog *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_DIALOG (self), NULL);
  return self->account_row;
}

GtkButton *
herald_send_dialog_get_send_button (HeraldSendDialog *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_DIALOG (self), NULL);
  return self->send_button;
}

GtkButton *
herald_send_dialog_get_sender_chip (HeraldSendDialog *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_DIALOG (self), NULL);
  return self->sender_chip;
}

const char *
herald_send_dialog_get_summary (HeraldSendDialog *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_DIALOG (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

const char *
herald_send_dialog_get_error (HeraldSendDialog *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_DIALOG (self), NULL);
  return gtk_revealer_get_reveal_child (self->error_revealer)
             ? gtk_label_get_label (self->error_label)
             : NULL;
}

gboolean
herald_send_dialog_get_sending (HeraldSendDialog *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_DIALOG (self), FALSE);
  return self->sending;
}

static void
herald_send_dialog_dispose (GObject *object)
{
  HeraldSendDialog *self = (HeraldSendDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->library);
  g_clear_object (&self->template);
  g_clear_object (&self->senders);
  g_cancellable_cancel (self->sender_cancellable);
  g_clear_object (&self->sender_cancellable);
  g_clear_object (&self->sender_check);
  g_clear_pointer (&self->sender_checked, g_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->unknown_request);
  g_clear_object (&self->unknown_account);
  g_clear_pointer (&self->error_identifier, g_free);
  g_clear_pointer (&self->locale_checks, g_ptr_array_unref);
  g_clear_pointer (&self->scenario_checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_SEND_DIALOG);

  G_OBJECT_CLASS (herald_send_dialog_parent_class)->dispose (object);
}

static const HeraldTooltipSpec tooltips[] = {
  { "copy_error_button", N_ ("Copy Mailjet’s Error ID (support asks for it)") },
  { "sender_chip", N_ ("Open the sender check") },
};

static void
herald_send_dialog_class_init (HeraldSendDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_send_dialog_dispose;

  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 0);

  g_type_ensure (HERALD_TYPE_RECIPIENTS_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/herald-send-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, copy_error_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, error_action_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, sandbox_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, sender_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, sender_chip);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, recipients_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, locales_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, scenarios_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, mode_mailjet_check);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, mode_herald_check);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, mode_stored_check);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, HeraldSendDialog, send_label);
  gtk_widget_class_bind_template_callback (widget_class, update_summary);
  gtk_widget_class_bind_template_callback (widget_class, account_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sender_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sender_chip_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_action_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_error_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
herald_send_dialog_init (HeraldSendDialog *self)
{
  self->senders = gtk_string_list_new (NULL);
  self->locale_checks = g_ptr_array_new ();
  self->scenario_checks = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  herald_widget_set_template_tooltips (GTK_WIDGET (self), tooltips, G_N_ELEMENTS (tooltips));
  adw_combo_row_set_model (self->sender_row, G_LIST_MODEL (self->senders));
}
