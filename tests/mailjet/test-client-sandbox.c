/* test-client-sandbox.c: the client against the Sandbox over real TLS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-mailjet-client.h"
#include "herald-sandbox.h"
#include "mailjet-test-util.h"

static HeraldSandbox *sandbox;

static HeraldMailjetClient *
new_client (gboolean trusted)
{
  HeraldMailjetClient *client =
      herald_mailjet_client_new (herald_sandbox_get_base_url (sandbox), "key", "secret");

  if (trusted)
    g_assert_true (herald_mailjet_client_set_trusted_certificate_file (
        client, herald_sandbox_get_certificate_file (sandbox), NULL));
  herald_mailjet_client_set_retry_policy (client, 10, 40, 3);
  return client;
}

static JsonNode *
payload (const char *first, const char *second)
{
  g_autofree char *text = g_strdup_printf (
      "{\"Messages\":["
      "{\"From\":{\"Email\":\"alerts@ledgerly.example\"},\"To\":[{\"Email\":\"%s\"}],\"Subject\":"
      "\"Hi\",\"TextPart\":\"Hello\",\"CustomID\":\"c-1\"}"
      "%s%s%s]}",
      first,
      second ? ",{\"From\":{\"Email\":\"alerts@ledgerly.example\"},\"To\":[{\"Email\":\"" : "",
      second ? second : "",
      second ? "\"}],\"Subject\":\"Hi\",\"TextPart\":\"Hello\",\"CustomID\":\"c-2\"}" : "");

  return json_from_string (text, NULL);
}

static HeraldSendResult *
send_sync (HeraldMailjetClient *client, JsonNode *node, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  herald_mailjet_client_send_async (client, node, NULL, mailjet_test_wait_cb, &result);
  return herald_mailjet_client_send_finish (client, mailjet_test_wait (&result), error);
}

static gboolean
verify_sync (HeraldMailjetClient *client, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  herald_mailjet_client_verify_async (client, NULL, mailjet_test_wait_cb, &result);
  return herald_mailjet_client_verify_finish (client, mailjet_test_wait (&result), error);
}

static void
test_send (void)
{
  g_autoptr (HeraldMailjetClient) client = new_client (TRUE);
  g_autoptr (JsonNode) node = payload ("ok@example.com", NULL);
  g_autoptr (HeraldSendResult) result = NULL;
  g_autoptr (GError) error = NULL;
  HeraldSentRecipient *r;

  result = send_sync (client, node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (herald_send_result_get_n_accepted (result), ==, 1);
  g_assert_cmpstr (herald_send_result_get_outcome (result, 0)->custom_id, ==, "c-1");
  r = g_ptr_array_index (herald_send_result_get_outcome (result, 0)->recipients, 0);
  g_assert_cmpstr (r->email, ==, "ok@example.com");
  /* The Sandbox hands out ids above 2^53, like Mailjet. */
  g_assert_cmpint (r->message_id, >, G_GINT64_CONSTANT (9007199254740992));
  g_assert_nonnull (herald_mailjet_client_get_tls_info (client));
  g_assert_nonnull (
      strstr (herald_tls_info_get_protocol (herald_mailjet_client_get_tls_info (client)), "TLS"));
}

static void
test_partial_failure (void)
{
  g_autoptr (HeraldMailjetClient) client = new_client (TRUE);
  g_autoptr (JsonNode) node = payload ("ok@example.com", "not..valid@example..com");
  g_autoptr (HeraldSendResult) result = NULL;
  g_autoptr (GError) error = NULL;
  const HeraldSendOutcome *failed;
  HeraldSendError *e;

  result = send_sync (client, node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (herald_send_result_get_http_status (result), ==, 400);
  g_assert_true (herald_send_result_get_partial (result));
  g_assert_true (herald_send_result_get_outcome (result, 0)->accepted);
  failed = herald_send_result_get_outcome (result, 1);
  g_assert_false (failed->accepted);
  g_assert_cmpstr (failed->custom_id, ==, "c-2");
  e = g_ptr_array_index (failed->errors, 0);
  g_assert_cmpstr (e->code, ==, "mj-0013");
  g_assert_cmpstr (e->recipient, ==, "not..valid@example..com");
  g_assert_cmpstr (e->explanation, ==, "“not..valid@example..com” is not a valid email address.");
  g_assert_nonnull (e->identifier);
}

static void
assert_send_fault (HeraldSandboxFault fault, int code, const char *words)
{
  g_autoptr (HeraldMailjetClient) client = new_client (TRUE);
  g_autoptr (JsonNode) node = payload ("ok@example.com", NULL);
  g_autoptr (HeraldSendResult) result = NULL;
  g_autoptr (GError) error = NULL;
  guint before = herald_sandbox_count_requests (sandbox, "/v3.1/send");

  herald_mailjet_client_set_timeout (client, 1);
  herald_sandbox_set_fault (sandbox, fault);
  result = send_sync (client, node, &error);
  herald_sandbox_set_fault (sandbox, HERALD_SANDBOX_FAULT_NONE);

  g_assert_null (result);
  g_assert_error (error, HERALD_MAILJET_ERROR, code);
  g_assert_nonnull (strstr (error->message, words));
  /* Never sent twice on its own (a 429 is refused before processing: one more try). */
  g_assert_cmpuint (herald_sandbox_count_requests (sandbox, "/v3.1/send") - before, ==,
                    fault == HERALD_SANDBOX_FAULT_RATE_LIMITED ? 2 : 1);
}

static void
test_fault_unauthorized (void)
{
  assert_send_fault (HERALD_SANDBOX_FAULT_UNAUTHORIZED, HERALD_MAILJET_ERROR_UNAUTHORIZED,
                     "Mailjet refused the API key and secret");
}

static void
test_fault_rate_limited (void)
{
  assert_send_fault (HERALD_SANDBOX_FAULT_RATE_LIMITED, HERALD_MAILJET_ERROR_RATE_LIMITED,
                     "too many requests");
}

static void
test_fault_server_error (void)
{
  assert_send_fault (HERALD_SANDBOX_FAULT_SERVER_ERROR, HERALD_MAILJET_ERROR_SERVER_ERROR,
                     "may or may not have gone out");
}

static void
test_fault_slow (void)
{
  herald_sandbox_set_slow_delay (sandbox, 3);
  assert_send_fault (HERALD_SANDBOX_FAULT_SLOW, HERALD_MAILJET_ERROR_TIMEOUT_UNKNOWN_OUTCOME,
                     "Herald did not send them again");
}

static void
test_fault_reset (void)
{
  assert_send_fault (HERALD_SANDBOX_FAULT_RESET, HERALD_MAILJET_ERROR_TIMEOUT_UNKNOWN_OUTCOME,
                     "may or may not have gone out");
}

static void
test_fault_malformed (void)
{
  assert_send_fault (HERALD_SANDBOX_FAULT_MALFORMED_JSON, HERALD_MAILJET_ERROR_INVALID_RESPONSE,
                     "could not be understood");
}

static void
test_get_retries (void)
{
  g_autoptr (HeraldMailjetClient) client = new_client (TRUE);
  g_autoptr (GError) error = NULL;
  guint before = herald_sandbox_count_requests (sandbox, "/v3/REST/myprofile");

  herald_sandbox_set_fault (sandbox, HERALD_SANDBOX_FAULT_RATE_LIMITED);
  g_assert_false (verify_sync (client, &error));
  herald_sandbox_set_fault (sandbox, HERALD_SANDBOX_FAULT_NONE);
  g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_RATE_LIMITED);
  /* A GET is retried up to the policy's 3 attempts. */
  g_assert_cmpuint (herald_sandbox_count_requests (sandbox, "/v3/REST/myprofile") - before, ==, 3);
}

static void
test_pin_match (void)
{
  g_autoptr (HeraldMailjetClient) client = new_client (TRUE);
  g_autoptr (GError) error = NULL;
  g_autofree char *pin =
      herald_tls_compute_spki_sha256 (herald_sandbox_get_certificate (sandbox), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (pin), ==, 44);
  herald_mailjet_client_set_pin (client, pin);
  g_assert_true (verify_sync (client, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (herald_tls_info_get_spki_sha256 (herald_mailjet_client_get_tls_info (client)),
                   ==, pin);
}

static void
test_pin_mismatch (void)
{
  g_autoptr (HeraldMailjetClient) client = new_client (TRUE);
  g_autoptr (GError) error = NULL;
  guint before = herald_sandbox_count_requests (sandbox, "/v3/REST/myprofile");

  herald_mailjet_client_set_pin (client, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  g_assert_false (verify_sync (client, &error));
  g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_PIN_MISMATCH);
  g_assert_nonnull (strstr (error->message, "different public key"));
  /* Refused before any request was written. */
  g_assert_cmpuint (herald_sandbox_count_requests (sandbox, "/v3/REST/myprofile"), ==, before);
}

static void
test_untrusted (void)
{
  g_autoptr (HeraldMailjetClient) client = new_client (FALSE);
  g_autoptr (GError) error = NULL;

  g_assert_false (verify_sync (client, &error));
  g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TLS_UNTRUSTED);
  /* Says which check failed and what to do, not only "unacceptable certificate". */
  g_assert_nonnull (strstr (error->message, "issued by an authority this computer does not trust"));
  g_assert_nonnull (strstr (error->message, "ask your IT team"));
}

static void
test_find_by_custom_id (void)
{
  g_autoptr (HeraldMailjetClient) client = new_client (TRUE);
  g_autoptr (JsonNode) node =
      json_from_string ("{\"Messages\":[{\"From\":{\"Email\":\"alerts@ledgerly.example\"},"
                        "\"To\":[{\"Email\":\"ok@example.com\"}],\"Subject\":\"Hi\","
                        "\"TextPart\":\"Hello\",\"CustomID\":\"find-me-42\"}]}",
                        NULL);
  g_autoptr (HeraldSendResult) sent = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JsonArray) found = NULL;
  g_autoptr (GError) error = NULL;

  sent = send_sync (client, node, &error);
  g_assert_no_error (error);
  herald_sandbox_set_visibility_delay (sandbox, 0);
  herald_mailjet_client_find_by_custom_id_async (client, "find-me-42", NULL, mailjet_test_wait_cb,
                                                 &result);
  found =
      herald_mailjet_client_find_by_custom_id_finish (client, mailjet_test_wait (&result), &error);
  herald_sandbox_set_visibility_delay (sandbox, 5);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (found, 0), "ID"), ==,
                   ((HeraldSentRecipient *) g_ptr_array_index (
                        herald_send_result_get_outcome (sent, 0)->recipients, 0))
                       ->message_id);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  sandbox = herald_sandbox_new ();
  g_assert_true (herald_sandbox_start (sandbox, 0, &error));
  g_assert_no_error (error);

  g_test_add_func ("/herald/mailjet/client/send", test_send);
  g_test_add_func ("/herald/mailjet/client/partial-failure", test_partial_failure);
  g_test_add_func ("/herald/mailjet/client/fault/unauthorized", test_fault_unauthorized);
  g_test_add_func ("/herald/mailjet/client/fault/rate-limited", test_fault_rate_limited);
  g_test_add_func ("/herald/mailjet/client/fault/server-error", test_fault_server_error);
  g_test_add_func ("/herald/mailjet/client/fault/slow-no-resend", test_fault_slow);
  g_test_add_func ("/herald/mailjet/client/fault/reset-no-resend", test_fault_reset);
  g_test_add_func ("/herald/mailjet/client/fault/malformed", test_fault_malformed);
  g_test_add_func ("/herald/mailjet/client/get-retries", test_get_retries);
  g_test_add_func ("/herald/mailjet/client/pin-match", test_pin_match);
  g_test_add_func ("/herald/mailjet/client/pin-mismatch", test_pin_mismatch);
  g_test_add_func ("/herald/mailjet/client/untrusted", test_untrusted);
  g_test_add_func ("/herald/mailjet/client/find-by-custom-id", test_find_by_custom_id);

  ret = g_test_run ();
  herald_sandbox_stop (sandbox);
  g_object_unref (sandbox);
  return ret;
}
