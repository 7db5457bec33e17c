/* test-tracker.c: delivery tracking against the Sandbox, both on one virtual clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-delivery-tracker.h"
#include "herald-sandbox.h"
#include "mailjet-test-util.h"
#include "test-sandbox-util.h"

/* Virtual seconds the clock moves whenever nothing is left to do: polls come at most this
 * late, and following an opened message for its whole bounded time (2 h) takes 1,440 steps. */
#define STEP 5.0
/* Longer than any delivery is followed. */
#define LIMIT (3 * 3600.0)

static HeraldSandbox *sandbox;
static SandboxVirtualClock virtual_clock;

static HeraldDeliveryTracker *
new_tracker (void)
{
  HeraldDeliveryTracker *tracker = herald_delivery_tracker_new (NULL);

  herald_delivery_tracker_set_clock (tracker, sandbox_virtual_clock_read, &virtual_clock);
  return tracker;
}

static HeraldMailjetClient *
new_client (void)
{
  HeraldMailjetClient *client =
      herald_mailjet_client_new (herald_sandbox_get_base_url (sandbox), "key", "secret");

  g_assert_true (herald_mailjet_client_set_trusted_certificate_file (
      client, herald_sandbox_get_certificate_file (sandbox), NULL));
  return client;
}

static HeraldSendResult *
send_to (HeraldMailjetClient *client, const char *first, const char *second)
{
  g_autofree char *text =
      g_strdup_printf ("{\"Messages\":[{\"From\":{\"Email\":\"alerts@ledgerly.example\"},\"To\":[{"
                       "\"Email\":\"%s\"},{\"Email\":\"%s\"}],"
                       "\"Subject\":\"Hi\",\"TextPart\":\"Hello\",\"CustomID\":\"t-1\"}]}",
                       first, second);
  g_autoptr (JsonNode) node = json_from_string (text, NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  HeraldSendResult *sent;

  herald_mailjet_client_send_async (client, node, NULL, mailjet_test_wait_cb, &result);
  sent = herald_mailjet_client_send_finish (client, mailjet_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (herald_send_result_get_n_accepted (sent), ==, 1);
  return sent;
}

static gboolean
settled (gpointer tracker)
{
  return herald_delivery_tracker_get_n_tracking (tracker) == 0;
}

static void
run_until_settled (HeraldDeliveryTracker *tracker)
{
  sandbox_virtual_clock_run_until (&virtual_clock, STEP, LIMIT, settled, tracker);
}

static HeraldDelivery *
delivery_for (HeraldDeliveryTracker *tracker, const char *recipient)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (tracker)); i++)
    {
      g_autoptr (HeraldDelivery) d = g_list_model_get_item (G_LIST_MODEL (tracker), i);

      if (g_str_equal (herald_delivery_get_recipient (d), recipient))
        return d;
    }
  g_assert_not_reached ();
}

/* Each status a delivery went through, in order. */
static void
remember_status (HeraldDelivery *delivery, GParamSpec *pspec, GString *seen)
{
  g_string_append_printf (seen, "%s ", herald_delivery_get_status (delivery));
}

static void
test_lifecycle (void)
{
  g_autoptr (HeraldMailjetClient) client = new_client ();
  g_autofree char *path =
      g_build_filename (g_get_user_data_dir (), "herald", "deliveries.json", NULL);
  g_autoptr (HeraldDeliveryTracker) tracker = new_tracker ();
  g_autoptr (HeraldSendResult) sent = send_to (client, "ok@example.com", "bounce@example.com");
  HeraldDelivery *ok;
  HeraldDelivery *bounce;

  g_autoptr (GString) ok_seen = g_string_new (NULL);
  g_autoptr (GString) bounce_seen = g_string_new (NULL);

  g_assert_cmpuint (herald_delivery_tracker_add_result (tracker, "acct", NULL, sent), ==, 2);
  g_assert_cmpuint (herald_delivery_tracker_get_n_tracking (tracker), ==, 2);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_signal_connect (delivery_for (tracker, "ok@example.com"), "notify::status",
                    G_CALLBACK (remember_status), ok_seen);
  g_signal_connect (delivery_for (tracker, "bounce@example.com"), "notify::status",
                    G_CALLBACK (remember_status), bounce_seen);
  herald_delivery_tracker_set_client (tracker, "acct", client);
  run_until_settled (tracker);

  ok = delivery_for (tracker, "ok@example.com");
  g_test_message ("ok@ went through: %s", ok_seen->str);
  g_test_message ("bounce@ went through: %s", bounce_seen->str);
  /* The first poll waits until a message can be visible: never a 404 ("not-visible"). */
  g_assert_null (strstr (ok_seen->str, "not-visible"));
  g_assert_null (strstr (bounce_seen->str, "not-visible"));
  /* Opened is not the end: the click that follows it is seen too. */
  g_assert_cmpstr (herald_delivery_get_status (ok), ==, "clicked");
  g_assert_true (g_str_has_prefix (herald_delivery_get_summary (ok), "Clicked"));
  g_assert_cmpuint (herald_delivery_get_events (ok)->len, >=, 3);
  g_assert_cmpstr (
      ((HeraldDeliveryEvent *) g_ptr_array_index (herald_delivery_get_events (ok), 2))->type, ==,
      "clicked");
  g_assert_cmpuint (herald_delivery_get_request_count (ok), <=, 10);
  g_test_message ("ok@: %u requests", herald_delivery_get_request_count (ok));

  bounce = delivery_for (tracker, "bounce@example.com");
  g_assert_cmpstr (herald_delivery_get_status (bounce), ==, "hardbounced");
  g_assert_cmpuint (herald_delivery_get_state_id (bounce), ==, 1);
  g_assert_cmpstr (herald_delivery_get_summary (bounce), ==, "Bounced: the address does not exist");
  g_assert_cmpuint (herald_delivery_get_request_count (bounce), <=, 10);
  g_test_message ("bounce@: %u requests", herald_delivery_get_request_count (bounce));
}

static void
test_restart_resumes (void)
{
  g_autoptr (HeraldMailjetClient) client = new_client ();
  g_autoptr (HeraldSendResult) sent = send_to (client, "ok@example.com", "blocked@example.com");
  g_autofree char *path =
      g_build_filename (g_get_user_data_dir (), "herald", "deliveries.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *id_text = NULL;
  g_autoptr (HeraldDeliveryTracker) second = NULL;
  g_autoptr (GError) error = NULL;
  HeraldSentRecipient *first_recipient =
      g_ptr_array_index (herald_send_result_get_outcome (sent, 0)->recipients, 0);
  HeraldDelivery *resumed;

  {
    g_autoptr (HeraldDeliveryTracker) first = new_tracker ();

    /* No client: nothing polls before the "restart". */
    herald_delivery_tracker_add_result (first, "acct", NULL, sent);
    g_assert_cmpuint (herald_delivery_tracker_get_n_tracking (first), ==, 2);
  }

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* Written as the exact integer, never through a double (no exponent, no rounding). */
  id_text = g_strdup_printf ("\"messageId\": %" G_GINT64_FORMAT ",", first_recipient->message_id);
  g_assert_nonnull (strstr (text, id_text));

  second = new_tracker ();
  g_assert_true (herald_delivery_tracker_load (second, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (second)), ==, 2);
  resumed = herald_delivery_tracker_find (second, first_recipient->message_id);
  g_assert_nonnull (resumed);
  g_assert_cmpint (herald_delivery_get_message_id (resumed), ==, first_recipient->message_id);

  herald_delivery_tracker_set_client (second, "acct", client);
  run_until_settled (second);
  g_assert_cmpstr (herald_delivery_get_status (resumed), ==, "clicked");
  g_assert_cmpstr (herald_delivery_get_summary (delivery_for (second, "blocked@example.com")), ==,
                   "Blocked: the address is on the blacklist");
}

static gboolean
finished (gpointer delivery)
{
  return herald_delivery_get_finished (delivery);
}

/* Time moves a second at a time: the first poll comes after the Sandbox's visibility delay
 * (5 s), not into a 404. */
static void
test_first_poll_visible (void)
{
  g_autoptr (HeraldMailjetClient) client = new_client ();
  g_autoptr (HeraldDeliveryTracker) tracker = new_tracker ();
  g_autoptr (HeraldSendResult) sent = NULL;
  g_autoptr (GString) seen = g_string_new (NULL);
  HeraldDelivery *bounce;

  sent = send_to (client, "bounce@example.com", "soft@example.com");
  herald_delivery_tracker_set_client (tracker, "acct", client);
  herald_delivery_tracker_add_result (tracker, "acct", NULL, sent);
  bounce = delivery_for (tracker, "bounce@example.com");
  g_signal_connect (bounce, "notify::status", G_CALLBACK (remember_status), seen);
  sandbox_virtual_clock_run_until (&virtual_clock, 1, LIMIT, finished, bounce);

  g_test_message ("bounce@ went through: %s", seen->str);
  g_assert_cmpstr (herald_delivery_get_status (bounce), ==, "hardbounced");
  g_assert_null (strstr (seen->str, "not-visible"));
}

static gboolean
resolved (gpointer delivery)
{
  return !herald_delivery_get_outcome_unknown (delivery);
}

static HeraldDelivery *
wait_resolved (HeraldDeliveryTracker *tracker, HeraldDelivery *delivery)
{
  herald_delivery_tracker_check_now (tracker, delivery);
  sandbox_virtual_clock_run_until (&virtual_clock, STEP, LIMIT, resolved, delivery);
  return delivery;
}

/* A send whose answer is lost after the Sandbox accepted it (malformed body, an answer slower
 * than the client's timeout) or before (500): recorded with its CustomID in deliveries.json,
 * then the lookup finds what the Sandbox accepted and calls the rest not sent. */
static void
test_unknown_outcome (gconstpointer data)
{
  HeraldSandboxFault fault = GPOINTER_TO_INT (data);
  g_autoptr (HeraldMailjetClient) client = new_client ();
  g_autofree char *custom_id = g_strdup_printf ("unknown-%d", fault);
  g_autofree char *text = g_strdup_printf (
      "{\"Messages\":[{\"From\":{\"Email\":\"alerts@ledgerly.example\"},\"To\":[{"
      "\"Email\":\"blocked@example.com\"}],\"Subject\":\"Hi\",\"TextPart\":\"Hello\","
      "\"CustomID\":\"%s\"}]}",
      custom_id);
  g_autoptr (JsonNode) node = json_from_string (text, NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldSendResult) sent = NULL;
  g_autoptr (HeraldDeliveryTracker) tracker = new_tracker ();
  g_autoptr (HeraldDeliveryTracker) reloaded = new_tracker ();
  g_autofree char *path =
      g_build_filename (g_get_user_data_dir (), "herald", "deliveries.json", NULL);
  g_autofree char *saved = NULL;
  const char *ids[] = { custom_id, NULL };
  g_autofree char *accepted = NULL;
  HeraldDelivery *delivery;

  herald_mailjet_client_set_timeout (client, 1);
  herald_sandbox_set_slow_delay (sandbox, 3);
  herald_sandbox_set_fault (sandbox, fault);
  herald_mailjet_client_send_async (client, node, NULL, mailjet_test_wait_cb, &result);
  sent = herald_mailjet_client_send_finish (client, mailjet_test_wait (&result), &error);
  herald_sandbox_set_fault (sandbox, HERALD_SANDBOX_FAULT_NONE);
  g_assert_null (sent);
  g_test_message ("%s", error->message);
  g_assert_true (herald_mailjet_error_is_outcome_unknown (error));
  g_clear_error (&error);

  g_assert_cmpuint (herald_delivery_tracker_add_unknown (tracker, "acct", NULL, ids), ==, 1);
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, custom_id));
  g_assert_nonnull (strstr (saved, "\"unknown-outcome\""));
  /* It survives a restart. */
  g_assert_true (herald_delivery_tracker_load (reloaded, &error));
  g_assert_no_error (error);
  delivery = herald_delivery_tracker_find_custom_id (reloaded, custom_id);
  g_assert_nonnull (delivery);
  g_assert_true (herald_delivery_get_outcome_unknown (delivery));
  g_assert_cmpint (herald_delivery_get_message_id (delivery), ==, 0);

  /* The Check, in the tracker that timed the send to the microsecond (a reloaded one knows
   * the second of the send only). */
  delivery = herald_delivery_tracker_find_custom_id (tracker, custom_id);
  herald_delivery_tracker_set_client (tracker, "acct", client);
  wait_resolved (tracker, delivery);
  accepted = herald_sandbox_dup_messages_json (sandbox);
  if (fault == HERALD_SANDBOX_FAULT_SERVER_ERROR)
    {
      g_assert_cmpstr (herald_delivery_get_status (delivery), ==, "not-sent");
      g_assert_true (g_str_has_prefix (herald_delivery_get_summary (delivery), "Not sent"));
      g_assert_null (strstr (accepted, custom_id));
    }
  else
    {
      g_autofree char *id_text =
          g_strdup_printf ("%" G_GINT64_FORMAT, herald_delivery_get_message_id (delivery));

      g_assert_cmpint (herald_delivery_get_message_id (delivery), >, 0);
      /* The id the Sandbox gave the message it accepted. */
      g_assert_nonnull (strstr (accepted, id_text));
      run_until_settled (tracker);
      g_assert_cmpstr (herald_delivery_get_status (delivery), ==, "blocked");
    }
}

static void
test_words (void)
{
  g_autofree char *t = herald_delivery_describe ("blocked", 18, NULL);
  g_autofree char *s = herald_delivery_describe ("softbounced", 3, "quota exceeded");

  g_assert_cmpstr (t, ==, "Blocked: error in the template language");
  g_assert_cmpstr (s, ==, "Bounced for now (soft bounce): the mailbox is full");
  g_assert_true (herald_delivery_status_is_final ("hardbounced"));
  g_assert_false (herald_delivery_status_is_final ("sent"));
  g_assert_false (herald_delivery_status_is_final ("deferred"));
  /* A spam report or an unsubscribe can still follow an open or a click. */
  g_assert_false (herald_delivery_status_is_final ("opened"));
  g_assert_false (herald_delivery_status_is_final ("clicked"));
  g_assert_true (herald_delivery_status_is_engaged ("opened"));
  g_assert_true (herald_delivery_status_is_final ("spam"));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  sandbox = herald_sandbox_new ();
  sandbox_virtual_clock_attach (&virtual_clock, sandbox);
  g_assert_true (herald_sandbox_start (sandbox, 0, &error));

  g_test_add_func ("/herald/mailjet/tracker/words", test_words);
  g_test_add_func ("/herald/mailjet/tracker/lifecycle", test_lifecycle);
  g_test_add_func ("/herald/mailjet/tracker/restart-resumes", test_restart_resumes);
  g_test_add_func ("/herald/mailjet/tracker/first-poll-visible", test_first_poll_visible);
  g_test_add_data_func ("/herald/mailjet/tracker/unknown-outcome/malformed",
                        GINT_TO_POINTER (HERALD_SANDBOX_FAULT_MALFORMED_JSON),
                        test_unknown_outcome);
  g_test_add_data_func ("/herald/mailjet/tracker/unknown-outcome/slow",
                        GINT_TO_POINTER (HERALD_SANDBOX_FAULT_SLOW), test_unknown_outcome);
  g_test_add_data_func ("/herald/mailjet/tracker/unknown-outcome/reset",
                        GINT_TO_POINTER (HERALD_SANDBOX_FAULT_RESET), test_unknown_outcome);
  g_test_add_data_func ("/herald/mailjet/tracker/unknown-outcome/500",
                        GINT_TO_POINTER (HERALD_SANDBOX_FAULT_SERVER_ERROR), test_unknown_outcome);

  ret = g_test_run ();
  herald_sandbox_stop (sandbox);
  g_object_unref (sandbox);
  sandbox_virtual_clock_clear (&virtual_clock);
  return ret;
}
