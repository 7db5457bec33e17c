/* test-response-types.c: Mailjet answers whose members have unexpected JSON types.
 *
 * Every test runs with criticals and warnings fatal: json-glib's getters assert (a critical)
 * when asked for an object that is a number, which would abort the app in a debug session
 * and stops the fuzzers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-delivery.h"
#include "herald-mailjet-client.h"
#include "herald-send-result.h"

static GBytes *
bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static JsonArray *
input_messages (void)
{
  g_autoptr (JsonNode) node =
      json_from_string ("[{\"To\":[{\"Email\":\"a@example.com\"}],\"CustomID\":\"x\"}, 7]", NULL);

  return json_array_ref (json_node_get_array (node));
}

static void
test_messages_not_objects (void)
{
  g_autoptr (GBytes) body = bytes ("{\"Messages\":[1]}");
  g_autoptr (JsonArray) input = input_messages ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldSendResult) result = herald_send_result_parse (200, body, input, &error);

  g_assert_null (result);
  g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_INVALID_RESPONSE);
}

static void
test_errors_not_objects (void)
{
  g_autoptr (GBytes) body =
      bytes ("{\"Messages\":[{\"Status\":\"error\",\"Errors\":[1,[],\"x\",{\"ErrorMessage\":"
             "\"Bad address\",\"ErrorCode\":7,\"StatusCode\":\"400\",\"ErrorRelatedTo\":[1,{},"
             "\"To[0].Email\"]}]}]}");
  g_autoptr (JsonArray) input = input_messages ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldSendResult) result = herald_send_result_parse (400, body, input, &error);
  const HeraldSendOutcome *outcome;
  HeraldSendError *e;

  g_assert_no_error (error);
  g_assert_nonnull (result);
  outcome = herald_send_result_get_outcome (result, 0);
  g_assert_false (outcome->accepted);
  g_assert_cmpstr (outcome->custom_id, ==, "x");
  /* The three non-objects are skipped; the real error keeps its recipient. */
  g_assert_cmpuint (outcome->errors->len, ==, 1);
  e = g_ptr_array_index (outcome->errors, 0);
  g_assert_cmpstr (e->message, ==, "Bad address");
  g_assert_null (e->code);
  g_assert_cmpstr (e->recipient, ==, "a@example.com");
}

static void
test_recipients_wrong_types (void)
{
  g_autoptr (GBytes) body =
      bytes ("{\"Messages\":[{\"Status\":\"success\",\"CustomID\":{},\"To\":[1,{\"Email\":3,"
             "\"MessageID\":{},\"MessageUUID\":[]},{\"Email\":\"b@example.com\",\"MessageID\":"
             "\"1152921504606846977\"}],\"Cc\":{\"Email\":\"c@example.com\"},\"Bcc\":7}]}");
  g_autoptr (JsonArray) input = input_messages ();
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldSendResult) result = herald_send_result_parse (200, body, input, &error);
  const HeraldSendOutcome *outcome;
  HeraldSentRecipient *r;

  g_assert_no_error (error);
  outcome = herald_send_result_get_outcome (result, 0);
  g_assert_true (outcome->accepted);
  g_assert_cmpstr (outcome->custom_id, ==, "x");
  g_assert_cmpuint (outcome->recipients->len, ==, 2);
  r = g_ptr_array_index (outcome->recipients, 0);
  g_assert_null (r->email);
  g_assert_cmpint (r->message_id, ==, 0);
  r = g_ptr_array_index (outcome->recipients, 1);
  g_assert_cmpint (r->message_id, ==, G_GINT64_CONSTANT (1152921504606846977));
}

static void
test_error_bodies (void)
{
  const char *bodies[] = {
    "{\"Errors\":[1]}",
    "{\"Errors\":[1,{\"ErrorMessage\":\"Too big\",\"ErrorRelatedTo\":[{}]}]}",
    "{\"Errors\":[{\"ErrorMessage\":\"Too big\",\"ErrorRelatedTo\":[1]}]}",
    "{\"ErrorMessage\":[],\"ErrorIdentifier\":{},\"Errors\":{}}",
    "{\"Messages\":[1],\"Errors\":[[]]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (GBytes) body = bytes (bodies[i]);
      g_autoptr (GError) error =
          herald_mailjet_error_from_response (400, "application/json", body, TRUE);
      g_autoptr (GError) send_error = NULL;
      g_autoptr (HeraldSendResult) result = herald_send_result_parse (400, body, NULL, &send_error);

      g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_BAD_REQUEST);
      g_assert_null (strstr (error->message, "(null)"));
      g_assert_null (result);
      g_assert_nonnull (send_error);
      if (i == 1 || i == 2)
        g_assert_nonnull (strstr (error->message, "Too big"));
    }
}

static void
test_envelope_and_history (void)
{
  g_autoptr (GBytes) body = bytes ("{\"Data\":[1,{\"EventAt\":\"x\",\"EventType\":{}},"
                                   "{\"EventAt\":1603784101,\"EventType\":\"opened\"}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) data = herald_mailjet_parse_envelope (body, &error);
  g_autoptr (HeraldDelivery) delivery =
      herald_delivery_new ("a", 1, NULL, NULL, NULL, NULL, NULL, NULL, 0);
  HeraldDeliveryEvent *e;

  g_assert_no_error (error);
  herald_delivery_set_events (delivery, data);
  g_assert_cmpuint (herald_delivery_get_events (delivery)->len, ==, 2);
  e = g_ptr_array_index (herald_delivery_get_events (delivery), 1);
  g_assert_cmpint (e->at, ==, 1603784101);
  g_assert_cmpstr (e->type, ==, "opened");
}

static void
test_saved_delivery_wrong_types (void)
{
  g_autoptr (JsonNode) node =
      json_from_string ("{\"messageId\":5,\"status\":\"sent\",\"finished\":{},\"stateId\":[],"
                        "\"events\":[1,{\"EventAt\":2}]}",
                        NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldDelivery) delivery =
      herald_delivery_new_from_json (json_node_get_object (node), &error);

  g_assert_no_error (error);
  g_assert_false (herald_delivery_get_finished (delivery));
  g_assert_cmpuint (herald_delivery_get_events (delivery)->len, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  g_test_add_func ("/herald/mailjet/response-types/messages-not-objects",
                   test_messages_not_objects);
  g_test_add_func ("/herald/mailjet/response-types/errors-not-objects", test_errors_not_objects);
  g_test_add_func ("/herald/mailjet/response-types/recipients-wrong-types",
                   test_recipients_wrong_types);
  g_test_add_func ("/herald/mailjet/response-types/error-bodies", test_error_bodies);
  g_test_add_func ("/herald/mailjet/response-types/envelope-and-history",
                   test_envelope_and_history);
  g_test_add_func ("/herald/mailjet/response-types/saved-delivery",
                   test_saved_delivery_wrong_types);

  return g_test_run ();
}
