/* test-send.c: test sends from the app against the in-process Sandbox, in a real window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-application.h"
#include "herald-preferences-window.h"
#include "herald-send-dialog.h"
#include "herald-test-gui.h"

#define SANDBOX_SPEED "50"

/* What the desktop was asked to show: "summary: body" (herald_test_serve_notifications). */
static GPtrArray *notifications;

static gboolean
notified (gpointer data)
{
  for (guint i = 0; i < notifications->len; i++)
    if (strstr (g_ptr_array_index (notifications, i), data))
      return TRUE;
  return FALSE;
}

static HeraldApplication *
start_application (void)
{
  HeraldApplication *app = herald_test_start_application ();

  g_assert_nonnull (herald_application_get_send_service (app));
  return app;
}

static HeraldWindow *
open_window (HeraldApplication *app, const char *library_dir)
{
  HeraldWindow *window = herald_test_open_app_window (app, library_dir);

  herald_window_select_template (window, "overdraft-risk");
  g_assert_cmpstr (herald_template_get_id (herald_window_get_template (window)), ==,
                   "overdraft-risk");
  return window;
}

/* A new application, with nothing saved by an earlier test and no test recipients, and its
 * window on @library_dir. */
static HeraldWindow *
open_fresh_window (HeraldApplication **app, const char *library_dir)
{
  herald_test_forget_saved_state ();
  *app = start_application ();
  g_settings_reset (herald_application_get_settings (*app), "test-recipients");
  return open_window (*app, library_dir);
}

static HeraldSendDialog *
open_send_dialog (HeraldWindow *window)
{
  HeraldSendDialog *dialog;

  dialog = HERALD_SEND_DIALOG (
      herald_test_open_dialog (window, "win.send-test", HERALD_TYPE_SEND_DIALOG));
  herald_test_spin (100);
  return dialog;
}

static void
set_recipients (HeraldSendDialog *dialog, const char *const *addresses)
{
  HeraldRecipientsGroup *group = herald_send_dialog_get_recipients_group (dialog);

  /* First run: one empty row to type into. */
  g_assert_cmpuint (herald_recipients_group_get_n_rows (group), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (herald_recipients_group_get_row (group, 0)), addresses[0]);
  for (guint i = 1; addresses[i]; i++)
    herald_recipients_group_add_row (group, addresses[i]);
}

typedef struct
{
  HeraldWindow *window;
  const char *recipient;
  const char *status;
} RowWait;

static gboolean
row_reaches (gpointer data)
{
  RowWait *wait = data;
  HeraldDeliveryRow *row = herald_deliveries_view_find_row (
      herald_window_get_deliveries_view (wait->window), wait->recipient);

  return row != NULL && g_strcmp0 (herald_delivery_row_get_status_text (row), wait->status) == 0;
}

static void
assert_row_reaches (HeraldWindow *window, const char *recipient, const char *status)
{
  RowWait wait = { window, recipient, status };

  if (!herald_test_wait_until (row_reaches, &wait, 30000))
    {
      HeraldDeliveryRow *row =
          herald_deliveries_view_find_row (herald_window_get_deliveries_view (window), recipient);

      g_error ("%s never reached %s (last: %s; %u sends shown)", recipient, status,
               row ? herald_delivery_row_get_status_text (row) : "no row",
               herald_deliveries_view_get_n_groups (herald_window_get_deliveries_view (window)));
    }
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
destroy_window (HeraldWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_spin (50);
}

static void
test_send_and_follow (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autoptr (HeraldApplication) app = NULL;
  const char *addresses[] = { "ok@example.com", "bounce@example.com", NULL };
  HeraldSendDialog *dialog;
  HeraldWindow *window;
  HeraldDeliveryRow *row;
  GtkWidget *send_button;
  HeraldSandbox *sandbox;

  window = open_fresh_window (&app, library_dir);
  /* Nothing is started before it is used. */
  g_assert_null (herald_application_get_sandbox (app));

  dialog = open_send_dialog (window);
  /* No account of their own: the Sandbox is chosen, and says it is simulated. */
  g_assert_cmpuint (adw_combo_row_get_selected (herald_send_dialog_get_account_row (dialog)), ==,
                    0);
  g_assert_true (herald_account_is_sandbox (
      adw_combo_row_get_selected_item (herald_send_dialog_get_account_row (dialog))));

  set_recipients (dialog, addresses);
  /* One language (the source) × the current scenario × two inboxes. */
  g_assert_cmpstr (herald_send_dialog_get_summary (dialog), ==, "2 messages to 2 inboxes");
  herald_send_dialog_set_locale_active (dialog, "fr", TRUE);
  g_assert_cmpstr (herald_send_dialog_get_summary (dialog), ==, "4 messages to 2 inboxes");
  herald_send_dialog_set_locale_active (dialog, "fr", FALSE);
  herald_test_spin (300);
  herald_test_save_screenshot (adw_window_get_content (ADW_WINDOW (dialog)), "send-dialog.png");

  /* The saved list is what was typed. */
  {
    g_auto (GStrv) saved =
        g_settings_get_strv (herald_application_get_settings (app), "test-recipients");

    g_assert_cmpstrv (saved, addresses);
  }

  /* A double click sends once. */
  send_button = GTK_WIDGET (herald_send_dialog_get_send_button (dialog));
  g_assert_true (gtk_widget_get_sensitive (send_button));
  g_signal_emit_by_name (send_button, "clicked");
  g_assert_true (herald_send_dialog_get_sending (dialog));
  g_assert_false (gtk_widget_get_sensitive (send_button));
  g_signal_emit_by_name (send_button, "clicked");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (herald_test_wait_until (is_null, &dialog, 30000));

  sandbox = herald_application_get_sandbox (app);
  g_assert_nonnull (sandbox);
  g_assert_cmpuint (herald_sandbox_count_requests (sandbox, "/v3.1/send"), ==, 1);

  /* Both accepted messages are followed. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (herald_application_get_tracker (app))),
                    ==, 2);

  /* After a send, the window shows the deliveries. */
  g_assert_cmpstr (
      adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (
          GTK_WIDGET (herald_window_get_deliveries_view (window)), ADW_TYPE_VIEW_STACK))),
      ==, "deliveries");

  assert_row_reaches (window, "ok@example.com", "Opened");
  assert_row_reaches (window, "bounce@example.com", "Bounced");
  /* Under Xvfb no window is focused: the desktop is told. */
  g_assert_true (herald_test_wait_until (
      notified, "bounce@example.com: Bounced: the address does not exist", 10000));

  row = herald_deliveries_view_find_row (herald_window_get_deliveries_view (window),
                                         "bounce@example.com");
  /* The reason is on the row itself, in words. */
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            "the address does not exist"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "delivery-failure"));
  row = herald_deliveries_view_find_row (herald_window_get_deliveries_view (window),
                                         "ok@example.com");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "delivery-success"));
  /* The Sandbox, not Mailjet, took it. */
  g_assert_cmpstr (herald_delivery_row_get_step_title (row, 0), ==, "Accepted by the Sandbox");
  g_assert_cmpuint (
      herald_deliveries_view_get_n_groups (herald_window_get_deliveries_view (window)), ==, 1);

  /* The connection details come from the client that sent. */
  {
    g_autofree char *text =
        herald_deliveries_view_dup_connection_text (herald_window_get_deliveries_view (window));

    g_assert_nonnull (strstr (text, "Protocol: TLS"));
    g_assert_nonnull (strstr (text, "Pinned key: No"));
  }

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  herald_test_spin (400);
  herald_test_save_screenshot (GTK_WIDGET (window), "deliveries.png");

  destroy_window (window);
}

static void
test_invalid_recipient_flagged (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autoptr (HeraldApplication) app = NULL;
  HeraldRecipientsGroup *group;
  HeraldSendDialog *dialog;
  HeraldWindow *window;
  AdwEntryRow *good;
  AdwEntryRow *bad;

  window = open_fresh_window (&app, library_dir);
  dialog = open_send_dialog (window);
  group = herald_send_dialog_get_recipients_group (dialog);

  good = herald_recipients_group_get_row (group, 0);
  gtk_editable_set_text (GTK_EDITABLE (good), "ok@example.com");
  bad = herald_recipients_group_add_row (group, "bounce@example");

  /* Flagged on its own row, as typed, before any send. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (bad), "error"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (good), "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (bad)), ==,
                   "The domain after the @ looks incomplete, as in example.com");
  g_assert_false (
      gtk_widget_get_sensitive (GTK_WIDGET (herald_send_dialog_get_send_button (dialog))));
  g_assert_cmpstr (herald_send_dialog_get_summary (dialog), ==,
                   "Correct the marked address to send");
  /* Only what looks like an address is saved. */
  {
    g_auto (GStrv) saved =
        g_settings_get_strv (herald_application_get_settings (app), "test-recipients");
    const char *expected[] = { "ok@example.com", NULL };

    g_assert_cmpstrv (saved, expected);
  }

  gtk_editable_set_text (GTK_EDITABLE (bad), "name without at");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (bad)), ==,
                   "An address has no spaces, commas or angle brackets");

  /* Fixing it clears the flag and allows sending. */
  gtk_editable_set_text (GTK_EDITABLE (bad), "bounce@example.com");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (bad), "error"));
  g_assert_true (
      gtk_widget_get_sensitive (GTK_WIDGET (herald_send_dialog_get_send_button (dialog))));
  g_assert_cmpstr (herald_send_dialog_get_summary (dialog), ==, "2 messages to 2 inboxes");

  gtk_window_destroy (GTK_WINDOW (dialog));
  destroy_window (window);
}

static gboolean
dialog_settled (gpointer data)
{
  HeraldSendDialog *dialog = data;

  return !herald_send_dialog_get_sending (dialog) && herald_send_dialog_get_error (dialog) != NULL;
}

static void
test_wrong_key_in_words (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autoptr (HeraldApplication) app = NULL;
  const char *addresses[] = { "ok@example.com", NULL };
  g_autoptr (GError) error = NULL;
  HeraldSendDialog *dialog;
  HeraldWindow *window;
  HeraldSandbox *sandbox;
  AdwComboRow *account_row;
  guint deliveries_before;

  window = open_fresh_window (&app, library_dir);

  /* The Sandbox refuses the key it is given, as Mailjet does with a revoked one. */
  sandbox = herald_send_service_ensure_sandbox (herald_application_get_send_service (app), &error);
  g_assert_no_error (error);
  herald_sandbox_set_fault (sandbox, HERALD_SANDBOX_FAULT_UNAUTHORIZED);
  deliveries_before =
      g_list_model_get_n_items (G_LIST_MODEL (herald_application_get_tracker (app)));

  dialog = open_send_dialog (window);
  set_recipients (dialog, addresses);
  g_signal_emit_by_name (herald_send_dialog_get_send_button (dialog), "clicked");
  g_assert_true (herald_test_wait_until (dialog_settled, dialog, 20000));

  g_assert_cmpstr (
      herald_send_dialog_get_error (dialog), ==,
      "Mailjet did not accept the key of the account “Sandbox”: its API key or secret key is "
      "wrong, or was revoked. Nothing was sent. Check the keys in Preferences.");
  account_row = herald_send_dialog_get_account_row (dialog);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (account_row), "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (account_row)), ==,
                   "Mailjet refused this account’s key");
  /* Nothing to follow, and the dialog stays for the user to fix it. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (herald_application_get_tracker (app))),
                    ==, deliveries_before);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  herald_sandbox_set_fault (sandbox, HERALD_SANDBOX_FAULT_NONE);
  gtk_window_destroy (GTK_WINDOW (dialog));
  destroy_window (window);
}

static gboolean
all_finished (gpointer data)
{
  GListModel *model = data;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (HeraldDelivery) delivery = g_list_model_get_item (model, i);

      if (!herald_delivery_get_finished (delivery))
        return FALSE;
    }
  return g_list_model_get_n_items (model) > 0;
}

static void
test_deliveries_survive_restart (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldApplication *app;
  const char *addresses[] = { "bounce@example.com", NULL };
  HeraldSendDialog *dialog;
  HeraldWindow *window;
  HeraldDeliveryRow *row;
  HeraldDelivery *delivery;

  window = open_fresh_window (&app, library_dir);
  dialog = open_send_dialog (window);
  set_recipients (dialog, addresses);
  g_signal_emit_by_name (herald_send_dialog_get_send_button (dialog), "clicked");
  assert_row_reaches (window, "bounce@example.com", "Bounced");
  g_assert_true (
      herald_test_wait_until (all_finished, herald_application_get_tracker (app), 20000));

  /* A new window of the same application shows them. */
  destroy_window (window);
  window = open_window (app, library_dir);
  assert_row_reaches (window, "bounce@example.com", "Bounced");
  destroy_window (window);

  /* So does a new application, from what the first one saved. */
  /* What quitting does to the sending state (GTK keeps the application object itself). */
  g_object_run_dispose (G_OBJECT (herald_application_get_send_service (app)));
  g_assert_null (herald_application_get_sandbox (app));
  g_object_unref (app);

  app = start_application ();
  window = open_window (app, library_dir);
  row = herald_deliveries_view_find_row (herald_window_get_deliveries_view (window),
                                         "bounce@example.com");
  g_assert_nonnull (row);
  g_assert_cmpstr (herald_delivery_row_get_status_text (row), ==, "Bounced");
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            "the address does not exist"));
  delivery = herald_delivery_row_get_delivery (row);
  g_assert_cmpstr (herald_delivery_get_template_id (delivery), ==, "overdraft-risk");
  g_assert_true (herald_delivery_get_finished (delivery));
  /* Its timeline is kept too: the bounce event with Mailjet's words. */
  g_assert_cmpuint (herald_delivery_row_get_n_events (row), >=, 1);

  /* Remove forgets it, for good. */
  {
    GListModel *tracked = G_LIST_MODEL (herald_application_get_tracker (app));

    for (guint i = 0; i < g_list_model_get_n_items (tracked); i++)
      {
        g_autoptr (HeraldDelivery) item = g_list_model_get_item (tracked, i);

        g_test_message ("tracked before removal: %s %s", herald_delivery_get_recipient (item),
                        herald_delivery_get_template_id (item));
      }
  }
  g_assert_cmpuint (
      herald_deliveries_view_get_n_groups (herald_window_get_deliveries_view (window)), ==, 1);
  herald_delivery_tracker_remove (herald_application_get_tracker (app), delivery);
  g_assert_cmpuint (
      herald_deliveries_view_get_n_groups (herald_window_get_deliveries_view (window)), ==, 0);
  g_assert_null (herald_deliveries_view_find_row (herald_window_get_deliveries_view (window),
                                                  "bounce@example.com"));

  destroy_window (window);
  g_object_unref (app);
}

static void
test_preferences_open (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autoptr (HeraldApplication) app = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *preferences = NULL;
  HeraldWindow *window;

  herald_test_forget_saved_state ();
  app = start_application ();
  window = open_window (app, library_dir);
  gtk_window_present (GTK_WINDOW (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (HERALD_IS_PREFERENCES_WINDOW (toplevel))
        preferences = toplevel;
    }
  g_assert_nonnull (preferences);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (preferences)));
  herald_test_spin (200);
  herald_test_save_screenshot (adw_window_get_content (ADW_WINDOW (preferences)),
                               "preferences.png");

  gtk_window_destroy (preferences);
  destroy_window (window);
}

static HeraldDeliveryRow *
row_of (HeraldWindow *window, const char *recipient)
{
  return herald_deliveries_view_find_row (herald_window_get_deliveries_view (window), recipient);
}

static void
send_with_fault (HeraldWindow *window,
                 HeraldSandbox *sandbox,
                 const char *recipient,
                 HeraldSandboxFault fault)
{
  const char *addresses[] = { recipient, NULL };
  HeraldSendDialog *dialog = open_send_dialog (window);

  set_recipients (dialog, addresses);
  herald_sandbox_set_fault (sandbox, fault);
  g_signal_emit_by_name (herald_send_dialog_get_send_button (dialog), "clicked");
  g_assert_true (herald_test_wait_until (dialog_settled, dialog, 20000));
  herald_sandbox_set_fault (sandbox, HERALD_SANDBOX_FAULT_NONE);
  g_test_message ("%s", herald_send_dialog_get_error (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
row_resolved (gpointer data)
{
  HeraldDeliveryRow *row = data;

  return !herald_delivery_get_outcome_unknown (herald_delivery_row_get_delivery (row));
}

/* A send whose answer is lost after the Sandbox accepted it (reset) and one refused with a
 * 500: both rows say "Outcome unknown" with a Check button; the Check turns the first into a
 * followed message and the second into "Not sent". */
static void
test_unknown_outcome_check (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autoptr (HeraldApplication) app = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path =
      g_build_filename (g_get_user_data_dir (), "herald", "deliveries.json", NULL);
  g_autofree char *saved = NULL;
  HeraldWindow *window;
  HeraldSandbox *sandbox;
  HeraldDeliveryRow *accepted;
  HeraldDeliveryRow *refused;
  GtkButton *check;
  char *problem;

  window = open_fresh_window (&app, library_dir);
  sandbox = herald_send_service_ensure_sandbox (herald_application_get_send_service (app), &error);
  g_assert_no_error (error);

  send_with_fault (window, sandbox, "ok@example.com", HERALD_SANDBOX_FAULT_RESET);
  send_with_fault (window, sandbox, "bounce@example.com", HERALD_SANDBOX_FAULT_SERVER_ERROR);

  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "\"unknown-outcome\""));
  herald_window_show_deliveries (window);
  accepted = row_of (window, "ok@example.com");
  refused = row_of (window, "bounce@example.com");
  g_assert_nonnull (accepted);
  g_assert_nonnull (refused);
  g_assert_cmpstr (herald_delivery_row_get_status_text (accepted), ==, "Outcome unknown");
  g_assert_cmpstr (herald_delivery_row_get_status_text (refused), ==, "Outcome unknown");

  check = herald_delivery_row_get_look_up_button (accepted);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (check)));
  g_assert_cmpstr (gtk_button_get_label (check), ==, "Check");
  herald_test_spin (200);
  herald_test_save_screenshot (GTK_WIDGET (window), "deliveries-unknown-outcome.png");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (check)));
  problem = gtk_test_accessible_check_property (
      GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, "Check whether this message was sent");
  g_assert_null (problem);

  g_signal_emit_by_name (check, "clicked");
  g_assert_true (herald_test_wait_until (row_resolved, accepted, 20000));
  /* The message the Sandbox accepted before it reset the connection. */
  g_assert_cmpint (herald_delivery_get_message_id (herald_delivery_row_get_delivery (accepted)), >,
                   0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (check)));
  g_assert_cmpstr (herald_delivery_row_get_status_text (accepted), !=, "Outcome unknown");

  g_signal_emit_by_name (herald_delivery_row_get_look_up_button (refused), "clicked");
  g_assert_true (herald_test_wait_until (row_resolved, refused, 20000));
  g_assert_cmpstr (herald_delivery_row_get_status_text (refused), ==, "Not sent");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (refused), "delivery-failure"));

  destroy_window (window);
}

/* Three messages, two of which fail: one notification, updated until it names both. */
static void
test_one_notification_per_send (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autoptr (HeraldApplication) app = NULL;
  const char *addresses[] = { "ok@example.com", "bounce@example.com", "blocked@example.com", NULL };
  HeraldSendDialog *dialog;
  HeraldWindow *window;
  g_auto (GStrv) ids = NULL;
  const char *last;

  window = open_fresh_window (&app, library_dir);
  dialog = open_send_dialog (window);
  set_recipients (dialog, addresses);
  g_ptr_array_set_size (notifications, 0);
  g_signal_emit_by_name (herald_send_dialog_get_send_button (dialog), "clicked");

  g_assert_true (
      herald_test_wait_until (notified, "Test send finished: 1 of 3 messages delivered", 30000));
  /* Every notification the desktop got is about the send, none about a single message, and
   * all of them are one notification (one id) updated in place. */
  for (guint i = 0; i < notifications->len; i++)
    {
      g_test_message ("notification: %s", (char *) g_ptr_array_index (notifications, i));
      g_assert_true (g_str_has_prefix (g_ptr_array_index (notifications, i), "Test send"));
    }
  ids = herald_send_notifier_dup_ids (herald_application_get_send_notifier (app));
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpuint (
      herald_send_notifier_get_n_updates (herald_application_get_send_notifier (app), ids[0]), ==,
      notifications->len);
  last = g_ptr_array_index (notifications, notifications->len - 1);
  g_assert_nonnull (strstr (last, "2 of 3 bounced or blocked"));
  g_assert_nonnull (strstr (last, "bounce@example.com: Bounced: the address does not exist"));
  g_assert_nonnull (strstr (last, "blocked@example.com: Blocked"));

  destroy_window (window);
}

int
main (int argc, char *argv[])
{
  g_setenv ("HERALD_SANDBOX_SPEED", SANDBOX_SPEED, TRUE);
  /* GTK's test accessibility backend: what a screen reader would be told can be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  herald_test_gui_init (&argc, &argv);
  notifications = herald_test_serve_notifications ();

  g_test_add_func ("/herald/ui/send/send-and-follow", test_send_and_follow);
  g_test_add_func ("/herald/ui/send/invalid-recipient-flagged", test_invalid_recipient_flagged);
  g_test_add_func ("/herald/ui/send/wrong-key-in-words", test_wrong_key_in_words);
  g_test_add_func ("/herald/ui/send/deliveries-survive-restart", test_deliveries_survive_restart);
  g_test_add_func ("/herald/ui/send/preferences-open", test_preferences_open);
  g_test_add_func ("/herald/ui/send/unknown-outcome-check", test_unknown_outcome_check);
  g_test_add_func ("/herald/ui/send/one-notification-per-send", test_one_notification_per_send);

  return g_test_run ();
}
