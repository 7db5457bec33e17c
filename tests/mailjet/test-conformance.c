/* test-conformance.c: the client against real Mailjet answers replayed over TLS.
 *
 * Each test serves one recorded response from tests/data/mailjet-recordings and checks what
 * the client made of it. Expected values are copied by hand from the recordings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "herald-delivery.h"
#include "herald-mailjet-client.h"
#include "herald-sandbox-private.h"
#include "mailjet-test-util.h"
#include "vcr-cassette.h"

static SoupServer *server;
static char *server_url;
static char *cert_file;
static VcrInteraction *current;
static guint n_requests;

/* The one exchange of a recording, or NULL when the file is missing. */
static VcrInteraction *
load_recording (const char *name)
{
  const char *folder = g_getenv ("HERALD_RECORDINGS_DIR");
  g_autofree char *path = NULL;
  g_autoptr (GPtrArray) interactions = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (folder);
  path = g_build_filename (folder, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  interactions = vcr_cassette_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (interactions->len, >=, 1);
  g_assert_nonnull (((VcrInteraction *) interactions->pdata[0])->response_body);
  return g_ptr_array_steal_index (interactions, 0);
}

static void
server_cb (SoupServer *srv,
           SoupServerMessage *msg,
           const char *path,
           GHashTable *query,
           gpointer user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  n_requests++;
  g_assert_nonnull (current);
  g_assert_cmpstr (soup_server_message_get_method (msg), ==, current->method);
  g_assert_true (g_str_has_prefix (
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization"),
      "Basic "));
  g_assert_true (g_str_has_prefix (
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "User-Agent"),
      "Herald/"));
  soup_server_message_set_status (msg, current->status, NULL);
  soup_server_message_set_response (
      msg, current->content_type ? current->content_type : "text/plain", SOUP_MEMORY_COPY,
      current->response_body, strlen (current->response_body));
  soup_message_headers_replace (headers, "Connection", "close");
}

static void
start_server (void)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *both = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  g_autofree char *dir = NULL;

  g_assert_true (herald_sandbox_cert_generate (&cert, &key, &error));
  g_assert_no_error (error);
  both = g_strconcat (cert, key, NULL);
  certificate = g_tls_certificate_new_from_pem (both, -1, &error);
  g_assert_no_error (error);

  dir = g_dir_make_tmp ("herald-conformance-XXXXXX", &error);
  g_assert_no_error (error);
  cert_file = g_build_filename (dir, "cert.pem", NULL);
  g_assert_true (g_file_set_contents (cert_file, cert, -1, NULL));

  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (
      server, 0, SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  server_url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

static HeraldMailjetClient *
client_for (const char *recording)
{
  HeraldMailjetClient *client;
  VcrInteraction *r = load_recording (recording);

  if (r == NULL)
    {
      g_test_fail_printf ("The recording %s is missing from HERALD_RECORDINGS_DIR", recording);
      return NULL;
    }
  g_clear_pointer (&current, vcr_interaction_free);
  current = r;
  n_requests = 0;

  client = herald_mailjet_client_new (server_url, "<PUBLIC_KEY>", "<PRIVATE_KEY>");
  g_assert_true (herald_mailjet_client_set_trusted_certificate_file (client, cert_file, NULL));
  herald_mailjet_client_set_retry_policy (client, 10, 20, 3);
  return client;
}

static HeraldSendResult *
replay_send (HeraldMailjetClient *client, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JsonNode) payload = json_from_string (current->request_body, NULL);

  g_assert_nonnull (payload);
  herald_mailjet_client_send_async (client, payload, NULL, mailjet_test_wait_cb, &result);
  return herald_mailjet_client_send_finish (client, mailjet_test_wait (&result), error);
}

static JsonArray *
replay_get (HeraldMailjetClient *client, const char *path, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  herald_mailjet_client_get_async (client, path, NULL, mailjet_test_wait_cb, &result);
  return herald_mailjet_client_get_finish (client, mailjet_test_wait (&result), error);
}

/* Each case has a client of its own for its recording, the one data of the case. */
typedef struct
{
  HeraldMailjetClient *client; /* NULL (and the case failed) when the recording is missing */
  GAsyncResult *result;
  GError *error;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer recording)
{
  f->client = client_for (recording);
}

static void
fixture_teardown (Fixture *f, gconstpointer recording)
{
  g_clear_object (&f->client);
  g_clear_object (&f->result);
  g_clear_error (&f->error);
}

static void
test_send_success (Fixture *f, gconstpointer recording)
{
  g_autoptr (HeraldSendResult) result = NULL;
  const HeraldSendOutcome *outcome;
  HeraldSentRecipient *recipient;

  if (f->client == NULL)
    return;
  result = replay_send (f->client, &f->error);
  g_assert_no_error (f->error);
  g_assert_cmpuint (herald_send_result_get_n_outcomes (result), ==, 1);
  g_assert_cmpuint (herald_send_result_get_n_accepted (result), ==, 1);
  outcome = herald_send_result_get_outcome (result, 0);
  g_assert_true (outcome->accepted);
  g_assert_cmpstr (outcome->custom_id, ==, "");
  g_assert_cmpuint (outcome->recipients->len, ==, 1);
  recipient = g_ptr_array_index (outcome->recipients, 0);
  g_assert_cmpstr (recipient->email, ==, "passenger@example.com");
  /* Above 2^53: a double would have turned it into …712 ± rounding. */
  g_assert_cmpint (recipient->message_id, ==, G_GINT64_CONSTANT (1152921509597813712));
  g_assert_cmpstr (recipient->uuid, ==, "23ba1150-6546-4e6d-b896-34713f0374ea");
  g_assert_cmpstr (recipient->href, ==,
                   "https://api.mailjet.com/v3/REST/message/1152921509597813712");
  g_assert_cmpuint (n_requests, ==, 1);
  g_assert_nonnull (herald_mailjet_client_get_tls_info (f->client));
  g_assert_nonnull (
      herald_tls_info_get_spki_sha256 (herald_mailjet_client_get_tls_info (f->client)));
}

static void
test_send_to_cc_bcc (Fixture *f, gconstpointer recording)
{
  g_autoptr (HeraldSendResult) result = NULL;
  const HeraldSendOutcome *outcome;
  const char *kinds[] = { "To", "Cc", "Bcc" };
  const gint64 ids[] = {
    G_GINT64_CONSTANT (1152921509561837015),
    G_GINT64_CONSTANT (1152921509561837016),
    G_GINT64_CONSTANT (1152921509561837017),
  };

  if (f->client == NULL)
    return;
  result = replay_send (f->client, &f->error);
  g_assert_no_error (f->error);
  outcome = herald_send_result_get_outcome (result, 0);
  g_assert_cmpuint (outcome->recipients->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      HeraldSentRecipient *r = g_ptr_array_index (outcome->recipients, i);

      g_assert_cmpstr (r->kind, ==, kinds[i]);
      g_assert_cmpint (r->message_id, ==, ids[i]);
    }
}

static void
test_send_invalid_address (Fixture *f, gconstpointer recording)
{
  g_autoptr (HeraldSendResult) result = NULL;
  const HeraldSendOutcome *outcome;
  HeraldSendError *e;

  if (f->client == NULL)
    return;
  /* HTTP 400, yet a per-message result: not an error of the whole call. */
  result = replay_send (f->client, &f->error);
  g_assert_no_error (f->error);
  g_assert_cmpuint (herald_send_result_get_http_status (result), ==, 400);
  g_assert_cmpuint (herald_send_result_get_n_failed (result), ==, 1);
  outcome = herald_send_result_get_outcome (result, 0);
  g_assert_false (outcome->accepted);
  g_assert_cmpuint (outcome->errors->len, ==, 1);
  e = g_ptr_array_index (outcome->errors, 0);
  g_assert_cmpstr (e->code, ==, "mj-0013");
  g_assert_cmpstr (e->identifier, ==, "154364af-36e6-4177-a771-82ac1dc32d54");
  g_assert_cmpuint (e->status_code, ==, 400);
  g_assert_cmpstr (e->related_to[0], ==, "To[0].Email");
  g_assert_null (e->related_to[1]);
  g_assert_cmpstr (e->message, ==, "\"passenger@example..com\" is an invalid email address.");
  /* Mapped back to the recipient of the request. */
  g_assert_cmpstr (e->recipient, ==, "passenger@example..com");
  g_assert_cmpstr (e->explanation, ==, "“passenger@example..com” is not a valid email address.");
}

static void
test_send_no_content (Fixture *f, gconstpointer recording)
{
  g_autoptr (HeraldSendResult) result = NULL;
  HeraldSendError *e;

  if (f->client == NULL)
    return;
  result = replay_send (f->client, &f->error);
  g_assert_no_error (f->error);
  e = g_ptr_array_index (herald_send_result_get_outcome (result, 0)->errors, 0);
  g_assert_cmpstr (e->code, ==, "send-0003");
  g_assert_cmpstr (e->identifier, ==, "611f2471-fd20-474c-8928-b22f27bff0c5");
  g_assert_cmpstr (e->related_to[0], ==, "TextPart");
  g_assert_cmpstr (e->related_to[1], ==, "HTMLPart");
  g_assert_cmpstr (e->related_to[2], ==, "TemplateID");
  g_assert_null (e->recipient);
}

static void
test_send_bad_credentials (Fixture *f, gconstpointer recording)
{
  g_autoptr (HeraldSendResult) result = NULL;

  if (f->client == NULL)
    return;
  result = replay_send (f->client, &f->error);
  g_assert_null (result);
  g_assert_error (f->error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (f->error->message, "API key"));
  g_assert_nonnull (strstr (f->error->message, "df3d4f76-1853-492b-b544-b75545e99e76"));
  g_assert_cmpuint (n_requests, ==, 1);
}

static void
test_rest_bad_credentials_empty_body (Fixture *f, gconstpointer recording)
{
  if (f->client == NULL)
    return;
  g_assert_cmpstr (current->response_body, ==, "");
  herald_mailjet_client_verify_async (f->client, NULL, mailjet_test_wait_cb, &f->result);
  g_assert_false (
      herald_mailjet_client_verify_finish (f->client, mailjet_test_wait (&f->result), &f->error));
  g_assert_error (f->error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (f->error->message, "refused the API key"));
  g_assert_cmpuint (n_requests, ==, 1);
}

static void
test_message (Fixture *f, gconstpointer recording)
{
  g_autoptr (JsonObject) message = NULL;

  if (f->client == NULL)
    return;
  herald_mailjet_client_get_message_async (f->client, G_GINT64_CONSTANT (95420017985181303), NULL,
                                           mailjet_test_wait_cb, &f->result);
  message = herald_mailjet_client_get_message_finish (f->client, mailjet_test_wait (&f->result),
                                                      &f->error);
  g_assert_no_error (f->error);
  g_assert_cmpint (json_object_get_int_member (message, "ID"), ==,
                   G_GINT64_CONSTANT (95420017985181303));
  g_assert_cmpstr (json_object_get_string_member (message, "Status"), ==, "sent");
  g_assert_cmpstr (json_object_get_string_member (message, "UUID"), ==,
                   "606434fb-5cf2-4ee8-adaf-fd8dcf60890a");
  g_assert_false (json_object_get_boolean_member (message, "StatePermanent"));
}

static void
test_history (Fixture *f, gconstpointer recording)
{
  g_autoptr (JsonArray) history = NULL;
  g_autoptr (HeraldDelivery) delivery = NULL;
  HeraldDeliveryEvent *event;

  if (f->client == NULL)
    return;
  herald_mailjet_client_get_history_async (f->client, 1, NULL, mailjet_test_wait_cb, &f->result);
  history = herald_mailjet_client_get_history_finish (f->client, mailjet_test_wait (&f->result),
                                                      &f->error);
  g_assert_no_error (f->error);
  g_assert_cmpuint (json_array_get_length (history), ==, 6);

  delivery = herald_delivery_new ("a", 1, NULL, NULL, NULL, NULL, NULL, NULL, 0);
  herald_delivery_set_events (delivery, history);
  g_assert_cmpuint (herald_delivery_get_events (delivery)->len, ==, 6);
  event = g_ptr_array_index (herald_delivery_get_events (delivery), 0);
  g_assert_cmpint (event->at, ==, 1603783745);
  g_assert_cmpstr (event->type, ==, "sent");
  event = g_ptr_array_index (herald_delivery_get_events (delivery), 5);
  g_assert_cmpint (event->at, ==, 1603793094);
  g_assert_cmpstr (event->type, ==, "opened");
}

static void
test_history_empty (Fixture *f, gconstpointer recording)
{
  g_autoptr (JsonArray) history = NULL;

  if (f->client == NULL)
    return;
  herald_mailjet_client_get_history_async (f->client, 123, NULL, mailjet_test_wait_cb, &f->result);
  history = herald_mailjet_client_get_history_finish (f->client, mailjet_test_wait (&f->result),
                                                      &f->error);
  g_assert_no_error (f->error);
  g_assert_cmpuint (json_array_get_length (history), ==, 0);
}

static void
test_myprofile_verifies (Fixture *f, gconstpointer recording)
{
  if (f->client == NULL)
    return;
  herald_mailjet_client_verify_async (f->client, NULL, mailjet_test_wait_cb, &f->result);
  g_assert_true (
      herald_mailjet_client_verify_finish (f->client, mailjet_test_wait (&f->result), &f->error));
  g_assert_no_error (f->error);
}

static void
test_senders (Fixture *f, gconstpointer recording)
{
  g_autoptr (JsonArray) senders = NULL;
  JsonObject *sender;

  if (f->client == NULL)
    return;
  herald_mailjet_client_list_senders_async (f->client, NULL, mailjet_test_wait_cb, &f->result);
  senders = herald_mailjet_client_list_senders_finish (f->client, mailjet_test_wait (&f->result),
                                                       &f->error);
  g_assert_no_error (f->error);
  g_assert_cmpuint (json_array_get_length (senders), ==, 1);
  sender = json_array_get_object_element (senders, 0);
  g_assert_cmpstr (json_object_get_string_member (sender, "Email"), ==, "email@email.com");
  g_assert_cmpint (json_object_get_int_member (sender, "ID"), ==, 46935);
  g_assert_cmpstr (json_object_get_string_member (sender, "Status"), ==, "Active");
}

static void
test_detailcontent (Fixture *f, gconstpointer recording)
{
  g_autoptr (JsonObject) content = NULL;

  if (f->client == NULL)
    return;
  herald_mailjet_client_template_content_async (f->client, 123, NULL, NULL, mailjet_test_wait_cb,
                                                &f->result);
  content = herald_mailjet_client_template_content_finish (
      f->client, mailjet_test_wait (&f->result), &f->error);
  g_assert_no_error (f->error);
  g_assert_cmpstr (json_object_get_string_member (content, "Html-part"), ==, "Hello");
  g_assert_true (json_object_get_null_member (content, "Text-part"));
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (content, "Headers"), "Subject"),
      ==, "Your email flight plan!");
}

static void
test_detailcontent_not_found (Fixture *f, gconstpointer recording)
{
  g_autoptr (JsonObject) content = NULL;

  if (f->client == NULL)
    return;
  herald_mailjet_client_template_content_async (f->client, 123, NULL, NULL, mailjet_test_wait_cb,
                                                &f->result);
  content = herald_mailjet_client_template_content_finish (
      f->client, mailjet_test_wait (&f->result), &f->error);
  g_assert_null (content);
  g_assert_error (f->error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NOT_FOUND);
  g_assert_nonnull (
      strstr (f->error->message,
              "The resource with the specified ID you are trying to reach does not exist."));
  g_assert_nonnull (strstr (f->error->message, "cfe8d2f9-049f-40aa-9353-cf0b76514e34"));
}

static void
test_unknown_resource_500 (Fixture *f, gconstpointer recording)
{
  g_autoptr (JsonArray) data = NULL;

  if (f->client == NULL)
    return;
  data = replay_get (f->client, "/v3/REST/wrongresourcepath", &f->error);
  g_assert_null (data);
  g_assert_error (f->error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_SERVER_ERROR);
  g_assert_nonnull (strstr (f->error->message,
                            "Could not determine HTTP module for request \"wrongresourcepath\""));
  /* 500 is not among the statuses a GET retries (429, 502–504). */
  g_assert_cmpuint (n_requests, ==, 1);
}

static void
test_html_404 (Fixture *f, gconstpointer recording)
{
  g_autoptr (JsonArray) data = NULL;

  if (f->client == NULL)
    return;
  g_assert_cmpstr (current->content_type, ==, "text/html");
  data = replay_get (f->client, "/v3.1/REST/contactslist", &f->error);
  g_assert_null (data);
  g_assert_error (f->error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NOT_FOUND);
  /* Plain words, none of the HTML page. */
  g_assert_null (strstr (f->error->message, "<html>"));
  g_assert_nonnull (strstr (f->error->message, "does not know"));
}

typedef struct
{
  const char *path;
  const char *recording;
  void (*test) (Fixture *f, gconstpointer recording);
} ConformanceCase;

static const ConformanceCase cases[] = {
  { "/herald/mailjet/conformance/send-success", "resource_send_v31.yml", test_send_success },
  { "/herald/mailjet/conformance/send-to-cc-bcc", "api_mailer_send_html_email_v31.yml",
    test_send_to_cc_bcc },
  { "/herald/mailjet/conformance/send-invalid-address", "resource_send_v31_incorrect_email.yml",
    test_send_invalid_address },
  { "/herald/mailjet/conformance/send-no-content", "api_mailer_raise_error_v31.yml",
    test_send_no_content },
  { "/herald/mailjet/conformance/send-bad-credentials", "resource_send_v31_invalid_credentials.yml",
    test_send_bad_credentials },
  { "/herald/mailjet/conformance/rest-bad-credentials",
    "Mailjet_Resource_invalid_credentials_should_raise_api_connection_error.yml",
    test_rest_bad_credentials_empty_body },
  { "/herald/mailjet/conformance/message", "Mailjet_Resource_message_should_not_be_nil.yml",
    test_message },
  { "/herald/mailjet/conformance/history", "Mailjet_Messagehistory--find_returns_all_records.yml",
    test_history },
  { "/herald/mailjet/conformance/history-empty",
    "Mailjet_Messagehistory--find_returns_empty_list_when_no_records_found.yml",
    test_history_empty },
  { "/herald/mailjet/conformance/myprofile", "Mailjet_Resource_myprofile_should_not_be_nil.yml",
    test_myprofile_verifies },
  { "/herald/mailjet/conformance/senders", "Mailjet_Resource_sender_should_not_be_nil.yml",
    test_senders },
  { "/herald/mailjet/conformance/detailcontent",
    "Mailjet_Template_detailcontent--find_returns_correct_content.yml", test_detailcontent },
  { "/herald/mailjet/conformance/detailcontent-not-found",
    "Mailjet_Template_detailcontent--find_returns_nil_when_template_not_found.yml",
    test_detailcontent_not_found },
  { "/herald/mailjet/conformance/unknown-resource",
    "Mailjet_API_Resource_the_resource_path_does_not_exist_raises_an_error.yml",
    test_unknown_resource_500 },
  { "/herald/mailjet/conformance/html-404",
    "Mailjet_API_Resource_API_responds_with_non_JSON_content_type_raises_an_error.yml",
    test_html_404 },
};

int
main (int argc, char *argv[])
{
  int ret;

  /* Isolated XDG dirs hide the GSettings schemas that the GNOME proxy resolver reads. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  start_server ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add (cases[i].path, Fixture, cases[i].recording, fixture_setup, cases[i].test,
                fixture_teardown);

  ret = g_test_run ();
  g_clear_pointer (&current, vcr_interaction_free);
  return ret;
}
