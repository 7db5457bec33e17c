/* test-tracker.c: delivery tracking against an accelerated Sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-delivery-tracker.h"
#include "herald-sandbox.h"
#include "mailjet-test-util.h"

#define SPEED 20.0

static HeraldSandbox *sandbox;

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
give_up (gpointer data)
{
  g_error ("Tracking did not finish in time");
  return G_SOURCE_REMOVE;
}

static void
run_until_settled (HeraldDeliveryTracker *tracker)
{
  guint guard = g_timeout_add_seconds (60, give_up, NULL);

  while (herald_delivery_tracker_get_n_tracking (tracker) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
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

static void
test_lifecycle (void)
{
  g_autoptr (HeraldMailjetClient) client = new_client ();
  g_autofree char *path =
      g_build_filename (g_get_user_data_dir (), "herald", "deliveries.json", NULL);
  g_autoptr (HeraldDeliveryTracker) tracker = herald_delivery_tracker_new (NULL);
  g_autoptr (HeraldSendResult) sent = send_to (client, "ok@example.com", "bounce@example.com");
  HeraldDelivery *ok;
  HeraldDelivery *bounce;

  herald_delivery_tracker_set_time_scale (tracker, SPEED);
  g_assert_cmpuint (herald_delivery_tracker_add_result (tracker, "acct", NULL, sent), ==, 2);
  g_assert_cmpuint (herald_delivery_tracker_get_n_tracking (tracker), ==, 2);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  herald_delivery_tracker_set_client (tracker, "acct", client);
  run_until_settled (tracker);

  ok = delivery_for (tracker, "ok@example.com");
  g_assert_true (herald_delivery_get_is_final (ok));
  g_assert_true (g_str_equal (herald_delivery_get_status (ok), "opened") ||
                 g_str_equal (herald_delivery_get_status (ok), "clicked"));
  g_assert_true (g_str_has_prefix (herald_delivery_get_summary (ok), "Opened") ||
                 g_str_has_prefix (herald_delivery_get_summary (ok), "Clicked"));
  g_assert_cmpuint (herald_delivery_get_events (ok)->len, >=, 2);
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
    g_autoptr (HeraldDeliveryTracker) first = herald_delivery_tracker_new (NULL);

    /* No client: nothing polls before the "restart". */
    herald_delivery_tracker_add_result (first, "acct", NULL, sent);
    g_assert_cmpuint (herald_delivery_tracker_get_n_tracking (first), ==, 2);
  }

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* Written as the exact integer, never through a double (no exponent, no rounding). */
  id_text = g_strdup_printf ("\"messageId\": %" G_GINT64_FORMAT ",", first_recipient->message_id);
  g_assert_nonnull (strstr (text, id_text));

  second = herald_delivery_tracker_new (NULL);
  herald_delivery_tracker_set_time_scale (second, SPEED);
  g_assert_true (herald_delivery_tracker_load (second, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (second)), ==, 2);
  resumed = herald_delivery_tracker_find (second, first_recipient->message_id);
  g_assert_nonnull (resumed);
  g_assert_cmpint (herald_delivery_get_message_id (resumed), ==, first_recipient->message_id);

  herald_delivery_tracker_set_client (second, "acct", client);
  run_until_settled (second);
  g_assert_true (herald_delivery_get_is_final (resumed));
  g_assert_cmpstr (herald_delivery_get_summary (delivery_for (second, "blocked@example.com")), ==,
                   "Blocked: the address is on the blacklist");
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
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  sandbox = herald_sandbox_new ();
  herald_sandbox_set_speed (sandbox, SPEED);
  g_assert_true (herald_sandbox_start (sandbox, 0, &error));

  g_test_add_func ("/herald/mailjet/tracker/words", test_words);
  g_test_add_func ("/herald/mailjet/tracker/lifecycle", test_lifecycle);
  g_test_add_func ("/herald/mailjet/tracker/restart-resumes", test_restart_resumes);

  ret = g_test_run ();
  herald_sandbox_stop (sandbox);
  g_object_unref (sandbox);
  return ret;
}
