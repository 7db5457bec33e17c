/* test-sandbox.c: the sandbox over real TLS, talked to with a plain SoupSession.
 *
 * Expected values are written from the reference (docs/mailjet-api.md) and the recordings, not from
 * what the sandbox answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "herald-sandbox.h"
#include "test-sandbox-util.h"

#define TWO_POW_53 G_GINT64_CONSTANT (9007199254740992)

typedef struct
{
  HeraldSandbox *sandbox;
  SoupSession *session;
  SandboxVirtualClock clock;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->sandbox = herald_sandbox_new ();
  /* Lifecycles at their real pace, on a clock that only the test moves. */
  sandbox_virtual_clock_attach (&f->clock, f->sandbox);
  f->session = sandbox_test_start (f->sandbox);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  sandbox_test_stop (&f->sandbox, &f->session);
  sandbox_virtual_clock_clear (&f->clock);
}

static const char *simple_send =
    "{\"Messages\":[{\"From\":{\"Email\":\"pilot@example.com\",\"Name\":\"Pilot\"},"
    "\"To\":[{\"Email\":\"ok@example.com\",\"Name\":\"Test\"}],\"Subject\":\"Hello\","
    "\"TextPart\":\"Hi\",\"HTMLPart\":\"<p>Hi</p>\",\"CustomID\":\"test-custom-1\","
    "\"EventPayload\":\"{\\\"template\\\":\\\"t\\\"}\"}]}";

static void
test_send_success (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) r = NULL;
  g_autofree char *href = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *dump = NULL;
  JsonObject *message, *to;
  gint64 id;

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", simple_send, "key:secret",
                       NULL);
  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (r->content_type, ==, "application/json; charset=UTF-8");
  g_assert_nonnull (r->request_guid);
  g_assert_cmpuint (strlen (r->request_guid), ==, 36);

  message = sandbox_path_object (r->json, "Messages", 0, NULL);
  g_assert_cmpstr (json_object_get_string_member (message, "Status"), ==, "success");
  g_assert_cmpstr (json_object_get_string_member (message, "CustomID"), ==, "test-custom-1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (message, "Cc")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (message, "Bcc")), ==, 0);
  to = json_array_get_object_element (json_object_get_array_member (message, "To"), 0);
  g_assert_cmpstr (json_object_get_string_member (to, "Email"), ==, "ok@example.com");
  g_assert_cmpuint (strlen (json_object_get_string_member (to, "MessageUUID")), ==, 36);

  /* A JSON integer above 2^53, written out digit for digit. */
  g_assert_true (json_node_get_value_type (json_object_get_member (to, "MessageID")) ==
                 G_TYPE_INT64);
  id = json_object_get_int_member (to, "MessageID");
  g_assert_cmpint (id, >, TWO_POW_53);
  id_text = g_strdup_printf ("\"MessageID\":%" G_GINT64_FORMAT ",", id);
  g_assert_nonnull (strstr (r->body, id_text));
  href = g_strdup_printf ("%s/v3/REST/message/%" G_GINT64_FORMAT,
                          herald_sandbox_get_base_url (f->sandbox), id);
  g_assert_cmpstr (json_object_get_string_member (to, "MessageHref"), ==, href);

  g_assert_cmpuint (herald_sandbox_count_requests (f->sandbox, "/v3.1/send"), ==, 1);
  dump = herald_sandbox_dup_messages_json (f->sandbox);
  g_assert_nonnull (strstr (dump, "\"recipient\":\"ok@example.com\""));
  g_assert_nonnull (strstr (dump, "\"subject\":\"Hello\""));
  g_assert_nonnull (strstr (dump, "\"eventPayload\":\"{\\\"template\\\":\\\"t\\\"}\""));
}

/* The request and the answer of resource_send_v31_incorrect_email.yml. */
static void
test_send_invalid_email (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) r = NULL;
  g_autofree char *dump = NULL;
  JsonObject *message, *error;
  JsonArray *related;

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send",
                       "{\"Messages\":[{\"From\":{\"Email\":\"pilot@example.com\",\"Name\":"
                       "\"Mailjet Ruby Wrapper CI\"},\"To\":[{\"Email\":\"passenger@example..com\","
                       "\"Name\":\"test\"}],\"Subject\":\"Mailjet Ruby Wrapper CI Send API v3.1 "
                       "spec\",\"TextPart\":\"Mailjet Ruby Wrapper CI content\",\"HTMLPart\":"
                       "\"HTML Mailjet Ruby Wrapper CI content\"}]}",
                       "key:secret", NULL);
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (r->content_type, ==, "application/json; charset=UTF-8");
  message = sandbox_path_object (r->json, "Messages", 0, NULL);
  g_assert_cmpstr (json_object_get_string_member (message, "Status"), ==, "error");
  /* Error entries carry only Status and Errors. */
  g_assert_cmpuint (json_object_get_size (message), ==, 2);
  error = json_array_get_object_element (json_object_get_array_member (message, "Errors"), 0);
  g_assert_cmpstr (json_object_get_string_member (error, "ErrorCode"), ==, "mj-0013");
  g_assert_cmpint (json_object_get_int_member (error, "StatusCode"), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (error, "ErrorMessage"), ==,
                   "\"passenger@example..com\" is an invalid email address.");
  g_assert_cmpuint (strlen (json_object_get_string_member (error, "ErrorIdentifier")), ==, 36);
  related = json_object_get_array_member (error, "ErrorRelatedTo");
  g_assert_cmpuint (json_array_get_length (related), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (related, 0), ==, "To[0].Email");

  dump = herald_sandbox_dup_messages_json (f->sandbox);
  g_assert_cmpstr (dump, ==, "[]");
}

static void
test_send_no_content (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) r = NULL;
  JsonObject *error;
  JsonArray *related;

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send",
                       "{\"Messages\":[{\"From\":{\"Email\":\"pilot@example.com\"},"
                       "\"To\":[{\"Email\":\"passenger@example.com\"}],\"Subject\":\"x\"}]}",
                       "key:secret", NULL);
  g_assert_cmpuint (r->status, ==, 400);
  error = sandbox_path_object (r->json, "Messages", 0, "Errors", 0, NULL);
  g_assert_cmpstr (json_object_get_string_member (error, "ErrorCode"), ==, "send-0003");
  g_assert_cmpstr (json_object_get_string_member (error, "ErrorMessage"), ==,
                   "At least \"HTMLPart\", \"TextPart\" or \"TemplateID\" must be provided.");
  related = json_object_get_array_member (error, "ErrorRelatedTo");
  g_assert_cmpuint (json_array_get_length (related), ==, 3);
}

static void
test_send_partial (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) r = NULL;
  g_autoptr (JsonNode) dump = NULL;
  g_autofree char *dump_text = NULL;
  JsonObject *first, *second;
  JsonArray *messages;

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send",
                       "{\"Messages\":["
                       "{\"From\":{\"Email\":\"pilot@example.com\"},\"To\":[{\"Email\":"
                       "\"ok@example.com\"}],\"TextPart\":\"a\",\"CustomID\":\"first\"},"
                       "{\"From\":{\"Email\":\"pilot@example.com\"},\"To\":[{\"Email\":"
                       "\"not-an-address\"}],\"TextPart\":\"b\",\"CustomID\":\"second\"}]}",
                       "key:secret", NULL);
  /* 400 although the first message was accepted and goes out (§0.2). */
  g_assert_cmpuint (r->status, ==, 400);
  messages = json_object_get_array_member (json_node_get_object (r->json), "Messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  first = json_array_get_object_element (messages, 0);
  second = json_array_get_object_element (messages, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "Status"), ==, "success");
  g_assert_cmpstr (json_object_get_string_member (first, "CustomID"), ==, "first");
  g_assert_cmpstr (json_object_get_string_member (second, "Status"), ==, "error");
  g_assert_cmpstr (
      json_object_get_string_member (
          sandbox_path_object (r->json, "Messages", 1, "Errors", 0, NULL), "ErrorCode"),
      ==, "mj-0013");

  dump_text = herald_sandbox_dup_messages_json (f->sandbox);
  dump = json_from_string (dump_text, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (dump)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (json_node_get_array (dump), 0), "customId"),
                   ==, "first");
}

static void
test_send_too_many_messages (Fixture *f, gconstpointer data)
{
  g_autoptr (GString) body = g_string_new ("{\"Messages\":[");
  g_autoptr (SandboxResponse) r = NULL;
  JsonObject *error;

  for (guint i = 0; i < 51; i++)
    g_string_append_printf (body,
                            "%s{\"From\":{\"Email\":\"pilot@example.com\"},\"To\":[{"
                            "\"Email\":\"ok+%u@example.com\"}],\"TextPart\":\"x\"}",
                            i > 0 ? "," : "", i);
  g_string_append (body, "]}");

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", body->str, "key:secret", NULL);
  g_assert_cmpuint (r->status, ==, 400);
  /* Payload-level shape D: top-level Errors and an empty Messages. */
  g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (json_node_get_object (r->json), "Messages")),
                    ==, 0);
  error = sandbox_path_object (r->json, "Errors", 0, NULL);
  g_assert_cmpstr (json_object_get_string_member (error, "ErrorCode"), ==, "mj-0008");
  g_assert_cmpstr (
      json_array_get_string_element (json_object_get_array_member (error, "ErrorRelatedTo"), 0), ==,
      "Messages");
}

static void
test_send_too_many_recipients (Fixture *f, gconstpointer data)
{
  g_autoptr (GString) body = g_string_new ("{\"Messages\":[");
  g_autoptr (SandboxResponse) r = NULL;

  /* 30 + 30 recipients: the second message takes the call over 50 in total. */
  for (guint m = 0; m < 2; m++)
    {
      g_string_append_printf (body, "%s{\"From\":{\"Email\":\"pilot@example.com\"},\"To\":[",
                              m > 0 ? "," : "");
      for (guint i = 0; i < 30; i++)
        g_string_append_printf (body, "%s{\"Email\":\"r%u-%u@example.com\"}", i > 0 ? "," : "", m,
                                i);
      g_string_append (body, "],\"TextPart\":\"x\"}");
    }
  g_string_append (body, "]}");

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", body->str, "key:secret", NULL);
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpstr (
      json_object_get_string_member (sandbox_path_object (r->json, "Messages", 0, NULL), "Status"),
      ==, "success");
  g_assert_cmpstr (
      json_object_get_string_member (
          sandbox_path_object (r->json, "Messages", 1, "Errors", 0, NULL), "ErrorCode"),
      ==, "send-0015");
}

static void
test_send_malformed_body (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) r = NULL;
  JsonObject *o;

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", "{\"Messages\":[",
                       "key:secret", NULL);
  g_assert_cmpuint (r->status, ==, 400);
  o = json_node_get_object (r->json);
  g_assert_cmpstr (json_object_get_string_member (o, "ErrorCode"), ==, "mj-0002");
  g_assert_cmpstr (json_object_get_string_member (o, "ErrorMessage"), ==,
                   "Malformed JSON, please review the syntax and properties types.");
  g_assert_false (json_object_has_member (o, "Messages"));
}

static void
test_send_inactive_sender (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) refused = NULL;
  g_autoptr (SandboxResponse) accepted = NULL;
  const char *body = "{\"Messages\":[{\"From\":{\"Email\":\"alerts@bank.invalid\"},"
                     "\"To\":[{\"Email\":\"ok@example.com\"}],\"TextPart\":\"x\"}]}";
  JsonObject *error;

  refused =
      sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", body, "key:secret", NULL);
  /* Every error is a 403 one, so the call is a 403 (§3.9 step 6). */
  g_assert_cmpuint (refused->status, ==, 403);
  error = sandbox_path_object (refused->json, "Messages", 0, "Errors", 0, NULL);
  g_assert_cmpstr (json_object_get_string_member (error, "ErrorCode"), ==, "send-0008");
  g_assert_cmpint (json_object_get_int_member (error, "StatusCode"), ==, 403);

  herald_sandbox_add_sender (f->sandbox, "*@bank.invalid", "Bank");
  accepted =
      sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", body, "key:secret", NULL);
  g_assert_cmpuint (accepted->status, ==, 200);
}

static void
test_sandbox_mode (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) r = NULL;
  g_autofree char *dump = NULL;
  JsonObject *to;

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send",
                       "{\"SandboxMode\":true,\"Messages\":[{\"From\":{\"Email\":"
                       "\"pilot@example.com\"},\"To\":[{\"Email\":\"ok@example.com\"}],"
                       "\"TextPart\":\"x\"}]}",
                       "key:secret", NULL);
  g_assert_cmpuint (r->status, ==, 200);
  to = sandbox_path_object (r->json, "Messages", 0, "To", 0, NULL);
  g_assert_cmpint (json_object_get_int_member (to, "MessageID"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (to, "MessageUUID"), ==, "");
  dump = herald_sandbox_dup_messages_json (f->sandbox);
  g_assert_cmpstr (dump, ==, "[]");
}

static void
test_unauthorized (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) v31 = NULL;
  g_autoptr (SandboxResponse) rest = NULL;
  g_autoptr (SandboxResponse) wrong = NULL;
  g_autoptr (SandboxResponse) right = NULL;
  g_autoptr (SandboxResponse) empty_secret = NULL;
  g_autofree char *dump = NULL;

  v31 = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", simple_send, NULL, NULL);
  g_assert_cmpuint (v31->status, ==, 401);
  g_assert_cmpstr (v31->content_type, ==, "application/json; charset=UTF-8");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (v31->json), "StatusCode"), ==,
                   401);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (v31->json), "ErrorMessage"),
                   ==,
                   "API key authentication/authorization failure. You may be unauthorized to "
                   "access the API or your API key may be expired. Visit API keys management "
                   "section to check your keys.");

  rest = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/myprofile", NULL, NULL, NULL);
  g_assert_cmpuint (rest->status, ==, 401);
  g_assert_cmpstr (rest->content_type, ==, "text/html");
  g_assert_cmpstr (rest->body, ==, "");
  g_assert_cmpstr (rest->www_authenticate, ==, "Basic realm=\"Provide an apiKey and secretKey\"");

  empty_secret =
      sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/myprofile", NULL, "key:", NULL);
  g_assert_cmpuint (empty_secret->status, ==, 401);

  herald_sandbox_set_credentials (f->sandbox, "public-key", "private-key");
  wrong = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", simple_send,
                           "public-key:wrong", NULL);
  g_assert_cmpuint (wrong->status, ==, 401);
  right = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/myprofile", NULL,
                           "public-key:private-key", NULL);
  g_assert_cmpuint (right->status, ==, 200);

  dump = herald_sandbox_dup_messages_json (f->sandbox);
  g_assert_cmpstr (dump, ==, "[]");
}

static gint64
send_one (Fixture *f, const char *message_json)
{
  g_autofree char *body = g_strdup_printf ("{\"Messages\":[%s]}", message_json);
  g_autoptr (SandboxResponse) r = NULL;

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", body, "key:secret", NULL);
  g_assert_cmpuint (r->status, ==, 200);
  return json_object_get_int_member (sandbox_path_object (r->json, "Messages", 0, "To", 0, NULL),
                                     "MessageID");
}

static gint64
send_to (Fixture *f, const char *recipient)
{
  g_autofree char *message =
      g_strdup_printf ("{\"From\":{\"Email\":\"pilot@example.com\"},\"To\":[{\"Email\":\"%s\"}],"
                       "\"Subject\":\"Status test\",\"TextPart\":\"x\",\"CustomID\":\"cid-%s\"}",
                       recipient, recipient);

  return send_one (f, message);
}

static JsonObject *
message_object (SandboxResponse *r)
{
  return sandbox_path_object (r->json, "Data", 0, NULL);
}

/* Polls /message/{id} once every virtual second until its Status is @status, for at most
 * 120 virtual seconds (the longest lifecycle, "slow", takes 95). */
static SandboxResponse *
wait_for_status (Fixture *f, gint64 id, const char *status)
{
  g_autofree char *path = g_strdup_printf ("/v3/REST/message/%" G_GINT64_FORMAT, id);

  for (guint second = 0;; second++)
    {
      SandboxResponse *r =
          sandbox_request (f->session, f->sandbox, "GET", path, NULL, "key:secret", NULL);

      if (r->status == 200 &&
          g_strcmp0 (json_object_get_string_member (message_object (r), "Status"), status) == 0)
        return r;
      if (second >= 120)
        {
          g_test_message ("last answer: %u %s", r->status, r->body);
          sandbox_response_free (r);
          g_test_fail_printf ("message %" G_GINT64_FORMAT " never reached \"%s\"", id, status);
          return NULL;
        }
      sandbox_response_free (r);
      sandbox_virtual_clock_advance (&f->clock, 1);
    }
}

static JsonArray *
history (Fixture *f, gint64 id, SandboxResponse **keep)
{
  g_autofree char *path = g_strdup_printf ("/v3/REST/messagehistory/%" G_GINT64_FORMAT, id);

  *keep = sandbox_request (f->session, f->sandbox, "GET", path, NULL, "key:secret", NULL);
  g_assert_cmpuint ((*keep)->status, ==, 200);
  g_assert_cmpstr ((*keep)->content_type, ==, "application/json");
  return json_object_get_array_member (json_node_get_object ((*keep)->json), "Data");
}

static void
test_visibility_and_lifecycle (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) early = NULL;
  g_autoptr (SandboxResponse) early_history = NULL;
  g_autoptr (SandboxResponse) almost = NULL;
  g_autoptr (SandboxResponse) visible = NULL;
  g_autoptr (SandboxResponse) clicked = NULL;
  g_autoptr (SandboxResponse) hist = NULL;
  g_autoptr (SandboxResponse) by_custom_id = NULL;
  g_autoptr (SandboxResponse) with_alt = NULL;
  g_autofree char *path = NULL;
  g_autofree char *alt_path = NULL;
  const char *expected_events[] = { "sent", "opened", "clicked" };
  JsonObject *o;
  JsonArray *rows;
  gint64 id, previous_at = 0;

  /* The clock stands still while the test asks, however loaded the machine. */
  herald_sandbox_set_visibility_delay (f->sandbox, 30);
  id = send_to (f, "ok@example.com");
  path = g_strdup_printf ("/v3/REST/message/%" G_GINT64_FORMAT, id);

  early = sandbox_request (f->session, f->sandbox, "GET", path, NULL, "key:secret", NULL);
  g_assert_cmpuint (early->status, ==, 404);
  g_assert_cmpstr (early->content_type, ==, "application/json");
  g_assert_cmpstr (early->body, ==,
                   "{ \"ErrorInfo\" : \"\", \"ErrorMessage\" : \"Object not found\", "
                   "\"StatusCode\" : 404 }\n");
  g_assert_cmpuint (json_array_get_length (history (f, id, &early_history)), ==, 0);

  /* Visible once the delay has gone by on the Sandbox's clock, not a moment before. */
  sandbox_virtual_clock_advance (&f->clock, 29.5);
  almost = sandbox_request (f->session, f->sandbox, "GET", path, NULL, "key:secret", NULL);
  g_assert_cmpuint (almost->status, ==, 404);
  sandbox_virtual_clock_advance (&f->clock, 0.5);
  visible = sandbox_request (f->session, f->sandbox, "GET", path, NULL, "key:secret", NULL);
  g_assert_cmpuint (visible->status, ==, 200);

  clicked = wait_for_status (f, id, "clicked");
  g_assert_nonnull (clicked);
  g_assert_cmpstr (clicked->content_type, ==, "application/json");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (clicked->json), "Count"), ==,
                   1);
  o = message_object (clicked);
  g_assert_cmpint (json_object_get_int_member (o, "ID"), ==, id);
  /* ContactAlt and Subject stay empty unless asked for. */
  g_assert_cmpstr (json_object_get_string_member (o, "ContactAlt"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (o, "Subject"), ==, "");
  g_assert_false (json_object_has_member (o, "StateID"));

  alt_path = g_strdup_printf ("%s?ShowContactAlt=true&ShowSubject=true", path);
  with_alt = sandbox_request (f->session, f->sandbox, "GET", alt_path, NULL, "key:secret", NULL);
  g_assert_cmpstr (json_object_get_string_member (message_object (with_alt), "ContactAlt"), ==,
                   "ok@example.com");
  g_assert_cmpstr (json_object_get_string_member (message_object (with_alt), "Subject"), ==,
                   "Status test");

  rows = history (f, id, &hist);
  g_assert_cmpuint (json_array_get_length (rows), ==, G_N_ELEMENTS (expected_events));
  for (guint i = 0; i < G_N_ELEMENTS (expected_events); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      gint64 at = json_object_get_int_member (row, "EventAt");

      g_assert_cmpstr (json_object_get_string_member (row, "EventType"), ==, expected_events[i]);
      g_assert_cmpint (at, >=, previous_at);
      g_assert_cmpint (at, >, 1600000000);
      previous_at = at;
    }

  by_custom_id =
      sandbox_request (f->session, f->sandbox, "GET",
                       "/v3/REST/message?CustomID=cid-ok@example.com", NULL, "key:secret", NULL);
  g_assert_cmpuint (by_custom_id->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (by_custom_id->json), "Count"),
                   ==, 1);
  g_assert_cmpint (json_object_get_int_member (message_object (by_custom_id), "ID"), ==, id);
}

static void
test_lifecycle_bounces (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) hard = NULL;
  g_autoptr (SandboxResponse) soft = NULL;
  g_autoptr (SandboxResponse) blocked = NULL;
  g_autoptr (SandboxResponse) hist = NULL;
  g_autoptr (SandboxResponse) unknown = NULL;
  JsonObject *o, *last;
  JsonArray *rows;
  gint64 hard_id, soft_id, blocked_id;

  herald_sandbox_set_visibility_delay (f->sandbox, 0);
  hard_id = send_to (f, "bounce@example.com");
  soft_id = send_to (f, "soft@example.com");
  blocked_id = send_to (f, "blocked@example.com");

  hard = wait_for_status (f, hard_id, "hardbounced");
  g_assert_nonnull (hard);
  o = message_object (hard);
  g_assert_cmpint (json_object_get_int_member (o, "StateID"), ==, 1);
  g_assert_true (json_object_get_boolean_member (o, "StatePermanent"));
  rows = history (f, hard_id, &hist);
  last = json_array_get_object_element (rows, json_array_get_length (rows) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "EventType"), ==, "bounced");
  g_assert_cmpstr (json_object_get_string_member (last, "State"), ==, "user unknown");

  soft = wait_for_status (f, soft_id, "softbounced");
  g_assert_nonnull (soft);
  g_assert_cmpint (json_object_get_int_member (message_object (soft), "StateID"), ==, 3);

  blocked = wait_for_status (f, blocked_id, "blocked");
  g_assert_nonnull (blocked);
  g_assert_cmpint (json_object_get_int_member (message_object (blocked), "StateID"), ==, 20);

  /* Unknown history: 200 with an empty list, as recorded for id 123. */
  unknown = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/messagehistory/123", NULL,
                             "key:secret", NULL);
  g_assert_cmpuint (unknown->status, ==, 200);
  g_assert_cmpstr (unknown->body, ==, "{ \"Count\" : 0, \"Data\" : [], \"Total\" : 0 }\n");
}

static void
test_template_error_blocks (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) blocked = NULL;
  g_autoptr (SandboxResponse) delivered = NULL;
  g_autoptr (SandboxResponse) hist = NULL;
  g_autoptr (JsonNode) dump = NULL;
  g_autofree char *dump_text = NULL;
  JsonObject *row;
  JsonArray *messages;
  gint64 bad_id, deliver_id, good_id;
  gboolean found_good = FALSE, found_report = FALSE;

  herald_sandbox_set_visibility_delay (f->sandbox, 0);
  /* A missing variable without a default: the send still succeeds (§0.3). */
  bad_id = send_one (f, "{\"From\":{\"Email\":\"pilot@example.com\"},\"To\":[{\"Email\":"
                        "\"ok@example.com\"}],\"Subject\":\"Alert\",\"TextPart\":\"Balance: "
                        "{{var:balance}}\",\"TemplateLanguage\":true,\"TemplateErrorReporting\":"
                        "{\"Email\":\"tpl-bugs@example.com\"}}");
  deliver_id = send_one (f, "{\"From\":{\"Email\":\"pilot@example.com\"},\"To\":[{\"Email\":"
                            "\"someone@example.com\"}],\"TextPart\":\"{{var:balance}}\","
                            "\"TemplateLanguage\":true,\"TemplateErrorDeliver\":true}");
  good_id = send_one (f, "{\"From\":{\"Email\":\"pilot@example.com\"},\"To\":[{\"Email\":"
                         "\"someone@example.com\"}],\"Subject\":\"Hi {{var:name}}\","
                         "\"TextPart\":\"Hello {{var:name}}\",\"TemplateLanguage\":true,"
                         "\"Variables\":{\"name\":\"L\\u00e9a\"}}");

  blocked = wait_for_status (f, bad_id, "blocked");
  g_assert_nonnull (blocked);
  g_assert_cmpint (json_object_get_int_member (message_object (blocked), "StateID"), ==, 18);
  row = json_array_get_object_element (history (f, bad_id, &hist), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "EventType"), ==, "blocked");
  g_assert_cmpstr (json_object_get_string_member (row, "State"), ==, "error in template language");
  g_assert_cmpstr (json_object_get_string_member (row, "Comment"), !=, "");

  delivered = wait_for_status (f, deliver_id, "sent");
  g_assert_nonnull (delivered);

  dump_text = herald_sandbox_dup_messages_json (f->sandbox);
  dump = json_from_string (dump_text, NULL);
  messages = json_node_get_array (dump);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);

      if (json_object_get_int_member (m, "id") == good_id)
        {
          found_good = TRUE;
          g_assert_cmpstr (json_object_get_string_member (m, "subject"), ==, "Hi Léa");
          g_assert_cmpstr (json_object_get_string_member (m, "text"), ==, "Hello Léa");
        }
      if (g_str_equal (json_object_get_string_member (m, "kind"), "template-error-report"))
        {
          found_report = TRUE;
          g_assert_cmpstr (json_object_get_string_member (m, "recipient"), ==,
                           "tpl-bugs@example.com");
          g_assert_cmpstr (json_object_get_string_member (m, "subject"), ==,
                           "Error while evaluating Mailjet Templating language for message "
                           "\"Alert\"");
        }
    }
  g_assert_true (found_good);
  g_assert_true (found_report);
}

static void
test_templates (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) created = NULL;
  g_autoptr (SandboxResponse) duplicate = NULL;
  g_autoptr (SandboxResponse) content = NULL;
  g_autoptr (SandboxResponse) merged = NULL;
  g_autoptr (SandboxResponse) missing = NULL;
  g_autoptr (SandboxResponse) sent = NULL;
  g_autofree char *content_path = NULL;
  g_autofree char *send_body = NULL;
  JsonObject *o;
  gint64 id;

  created = sandbox_request (f->session, f->sandbox, "POST", "/v3/REST/template",
                             "{\"Name\":\"overdraft-risk fr\",\"Locale\":\"fr_FR\","
                             "\"Purposes\":[\"transactional\"]}",
                             "key:secret", NULL);
  g_assert_cmpuint (created->status, ==, 201);
  o = message_object (created);
  g_assert_cmpstr (json_object_get_string_member (o, "Locale"), ==, "fr_FR");
  id = json_object_get_int_member (o, "ID");

  duplicate = sandbox_request (f->session, f->sandbox, "POST", "/v3/REST/template",
                               "{\"Name\":\"overdraft-risk fr\"}", "key:secret", NULL);
  g_assert_cmpuint (duplicate->status, ==, 400);

  content_path = g_strdup_printf ("/v3/REST/template/%" G_GINT64_FORMAT "/detailcontent", id);
  content = sandbox_request (f->session, f->sandbox, "POST", content_path,
                             "{\"Html-part\":\"<p>{{var:x}}</p>\",\"Headers\":{\"From\":"
                             "\"\\\"Bank\\\" <alerts@bank.example>\",\"Subject\":\"S {{var:x}}\"}}",
                             "key:secret", NULL);
  g_assert_cmpuint (content->status, ==, 201);
  /* POST replaces: the text part was not given, so it is null. */
  g_assert_true (
      json_node_is_null (json_object_get_member (message_object (content), "Text-part")));
  merged = sandbox_request (f->session, f->sandbox, "PUT", content_path,
                            "{\"Text-part\":\"{{var:x}}\"}", "key:secret", NULL);
  g_assert_cmpuint (merged->status, ==, 200);
  /* PUT merges: the HTML part is kept. */
  g_assert_cmpstr (json_object_get_string_member (message_object (merged), "Html-part"), ==,
                   "<p>{{var:x}}</p>");

  missing = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/template/123/detailcontent",
                             NULL, "key:secret", NULL);
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpstr (
      json_object_get_string_member (json_node_get_object (missing->json), "ErrorMessage"), ==,
      "The resource with the specified ID you are trying to reach does not exist.");

  /* A send by TemplateID takes the From and parts from the stored template. */
  send_body = g_strdup_printf ("{\"Messages\":[{\"To\":[{\"Email\":\"ok@example.com\"}],"
                               "\"TemplateID\":%" G_GINT64_FORMAT ",\"TemplateLanguage\":true,"
                               "\"Variables\":{\"x\":\"42\"}}]}",
                               id);
  sent =
      sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", send_body, "key:secret", NULL);
  g_assert_cmpuint (sent->status, ==, 200);
  {
    g_autofree char *dump = herald_sandbox_dup_messages_json (f->sandbox);

    g_assert_nonnull (strstr (dump, "\"from\":\"alerts@bank.example\""));
    g_assert_nonnull (strstr (dump, "\"subject\":\"S 42\""));
    g_assert_nonnull (strstr (dump, "\"html\":\"<p>42</p>\""));
  }
}

static void
test_senders_and_dns (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) senders = NULL;
  g_autoptr (SandboxResponse) dns = NULL;
  g_autoptr (SandboxResponse) check = NULL;
  g_autoptr (SandboxResponse) bad_check = NULL;
  g_autoptr (SandboxResponse) unknown = NULL;
  g_autoptr (SandboxResponse) profile = NULL;
  JsonObject *o;

  senders = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/sender?Status=Active", NULL,
                             "key:secret", NULL);
  g_assert_cmpuint (senders->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (senders->json), "Count"), >=,
                   1);
  g_assert_cmpstr (json_object_get_string_member (message_object (senders), "Status"), ==,
                   "Active");

  dns = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/dns/ledgerly.example", NULL,
                         "key:secret", NULL);
  g_assert_cmpuint (dns->status, ==, 200);
  o = message_object (dns);
  g_assert_cmpstr (json_object_get_string_member (o, "Domain"), ==, "ledgerly.example");
  g_assert_cmpstr (json_object_get_string_member (o, "SPFStatus"), ==, "OK");
  g_assert_cmpstr (json_object_get_string_member (o, "DKIMRecordName"), ==,
                   "mailjet._domainkey.ledgerly.example");

  check = sandbox_request (f->session, f->sandbox, "POST", "/v3/REST/dns/ledgerly.example/check",
                           "{}", "key:secret", NULL);
  g_assert_cmpuint (check->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (message_object (check), "DKIMStatus"), ==, "OK");

  bad_check =
      sandbox_request (f->session, f->sandbox, "POST", "/v3/REST/dns/unauthenticated.example/check",
                       "{}", "key:secret", NULL);
  g_assert_cmpstr (json_object_get_string_member (message_object (bad_check), "DKIMStatus"), ==,
                   "Error");

  unknown = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/dns/nobody.invalid", NULL,
                             "key:secret", NULL);
  g_assert_cmpuint (unknown->status, ==, 404);

  profile = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/myprofile", NULL,
                             "key:secret", NULL);
  g_assert_cmpuint (profile->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (profile->json), "Count"), ==,
                   1);
}

/* §8.1: a new sender starts Inactive, even at the sandbox's own domains; PUT changes its Name,
 * EmailType and IsDefaultSender (200); DELETE answers 204 and hides it from lists unless
 * ShowDeleted=true. */
static void
test_sender_lifecycle (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) created = NULL;
  g_autoptr (SandboxResponse) changed = NULL;
  g_autoptr (SandboxResponse) validated = NULL;
  g_autoptr (SandboxResponse) fetched = NULL;
  g_autoptr (SandboxResponse) deleted = NULL;
  g_autoptr (SandboxResponse) listed = NULL;
  g_autoptr (SandboxResponse) with_deleted = NULL;
  g_autoptr (SandboxResponse) again = NULL;
  g_autofree char *path = NULL;
  g_autofree char *validate = NULL;
  JsonObject *o;

  created = sandbox_request (f->session, f->sandbox, "POST", "/v3/REST/sender",
                             "{\"Email\":\"alerts@bank.test\",\"Name\":\"Alerts\","
                             "\"EmailType\":\"transactional\"}",
                             "key:secret", NULL);
  g_assert_cmpuint (created->status, ==, 201);
  o = message_object (created);
  g_assert_cmpstr (json_object_get_string_member (o, "Status"), ==, "Inactive");
  path =
      g_strdup_printf ("/v3/REST/sender/%" G_GINT64_FORMAT, json_object_get_int_member (o, "ID"));

  changed =
      sandbox_request (f->session, f->sandbox, "PUT", path,
                       "{\"Name\":\"Bank alerts\",\"IsDefaultSender\":true}", "key:secret", NULL);
  g_assert_cmpuint (changed->status, ==, 200);
  o = message_object (changed);
  g_assert_cmpstr (json_object_get_string_member (o, "Name"), ==, "Bank alerts");
  g_assert_true (json_object_get_boolean_member (o, "IsDefaultSender"));
  g_assert_cmpstr (json_object_get_string_member (o, "EmailType"), ==, "transactional");
  g_assert_cmpstr (json_object_get_string_member (o, "Email"), ==, "alerts@bank.test");

  validate = g_strconcat (path, "/validate", NULL);
  validated = sandbox_request (f->session, f->sandbox, "POST", validate, "{}", "key:secret", NULL);
  g_assert_cmpuint (validated->status, ==, 200);
  fetched = sandbox_request (f->session, f->sandbox, "GET", path, NULL, "key:secret", NULL);
  g_assert_cmpstr (json_object_get_string_member (message_object (fetched), "Status"), ==,
                   "Active");

  deleted = sandbox_request (f->session, f->sandbox, "DELETE", path, NULL, "key:secret", NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  g_assert_cmpuint (deleted->length, ==, 0);

  listed = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/sender?Email=alerts@bank.test",
                            NULL, "key:secret", NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (listed->json), "Count"), ==,
                   0);
  with_deleted = sandbox_request (f->session, f->sandbox, "GET",
                                  "/v3/REST/sender?Email=alerts@bank.test&ShowDeleted=true", NULL,
                                  "key:secret", NULL);
  g_assert_cmpstr (json_object_get_string_member (message_object (with_deleted), "Status"), ==,
                   "Deleted");

  /* The address is free again for a new sender. */
  again = sandbox_request (f->session, f->sandbox, "POST", "/v3/REST/sender",
                           "{\"Email\":\"alerts@bank.test\"}", "key:secret", NULL);
  g_assert_cmpuint (again->status, ==, 201);
}

static void
test_unknown_paths (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) nginx = NULL;
  g_autoptr (SandboxResponse) module = NULL;

  nginx = sandbox_request (f->session, f->sandbox, "GET", "/v3.1/REST/contactslist", NULL,
                           "key:secret", NULL);
  g_assert_cmpuint (nginx->status, ==, 404);
  g_assert_cmpstr (nginx->content_type, ==, "text/html");
  g_assert_nonnull (strstr (nginx->body, "<h1>404 Not Found</h1>"));

  module = sandbox_request (f->session, f->sandbox, "GET", "/v3/wrongresourcepath?Limit=0", NULL,
                            "key:secret", NULL);
  g_assert_cmpuint (module->status, ==, 500);
  g_assert_cmpstr (module->body, ==,
                   "{ \"ErrorInfo\" : \"EFPWebError\", \"ErrorMessage\" : \"Could not determine "
                   "HTTP module for request \\\"wrongresourcepath\\\"\", \"StatusCode\" : 500 }\n");
}

/* ---------------------------------------------------------------------------------------- */
/* Faults                                                                                   */

static void
test_fault_401 (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) r = NULL;

  r = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/myprofile", NULL, "key:secret",
                       "401");
  g_assert_cmpuint (r->status, ==, 401);
  g_assert_cmpstr (r->content_type, ==, "text/html");
  g_assert_cmpstr (r->body, ==, "");
}

static void
test_fault_429 (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) r = NULL;

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", simple_send, "key:secret",
                       "429");
  g_assert_cmpuint (r->status, ==, 429);
  g_assert_cmpstr (r->content_type, ==, "text/html");
  g_assert_true (g_str_has_prefix (r->body, "<html><body><h1>429 Too Many Requests</h1>"));
  g_assert_null (r->json);
  g_assert_null (r->retry_after);
  /* Refused before any work: nothing was sent. */
  {
    g_autofree char *dump = herald_sandbox_dup_messages_json (f->sandbox);

    g_assert_cmpstr (dump, ==, "[]");
  }
}

static void
test_fault_500 (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) r = NULL;
  JsonObject *o;

  r = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/message/1", NULL, "key:secret",
                       "500");
  g_assert_cmpuint (r->status, ==, 500);
  o = json_node_get_object (r->json);
  g_assert_cmpint (json_object_get_int_member (o, "StatusCode"), ==, 500);
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "ErrorIdentifier")), ==, 36);
}

static void
test_fault_slow (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) timed_out = NULL;
  g_autoptr (SandboxResponse) patient = NULL;
  gint64 start;

  soup_session_set_timeout (f->session, 1);
  herald_sandbox_set_slow_delay (f->sandbox, 5);
  start = g_get_monotonic_time ();
  timed_out = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", simple_send,
                               "key:secret", "slow");
  g_assert_error (timed_out->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  g_assert_cmpuint (herald_sandbox_count_requests (f->sandbox, "/v3.1/send"), ==, 1);

  /* A short delay for one request arrives in time, late but whole. */
  soup_session_set_timeout (f->session, 10);
  start = g_get_monotonic_time ();
  patient = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/myprofile", NULL,
                             "key:secret", "slow=0.3");
  g_assert_no_error (patient->error);
  g_assert_cmpuint (patient->status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
}

static void
test_fault_reset (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) reset = NULL;
  g_autoptr (SandboxResponse) after = NULL;

  reset = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", simple_send, "key:secret",
                           "reset");
  g_assert_nonnull (reset->error);
  g_assert_cmpuint (reset->status, ==, 0);
  /* libsoup must not have sent the POST twice. */
  g_assert_cmpuint (herald_sandbox_count_requests (f->sandbox, "/v3.1/send"), ==, 1);

  after = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/myprofile", NULL, "key:secret",
                           NULL);
  g_assert_no_error (after->error);
  g_assert_cmpuint (after->status, ==, 200);
}

static void
test_fault_malformed (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) r = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();

  r = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/myprofile", NULL, "key:secret",
                       "malformed");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_true (g_str_has_prefix (r->content_type, "application/json"));
  g_assert_cmpuint (strlen (r->body), >, 0);
  g_assert_false (json_parser_load_from_data (parser, r->body, -1, NULL));
}

static void
test_fault_switch (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) first = NULL;
  g_autoptr (SandboxResponse) second = NULL;
  g_autoptr (SandboxResponse) cleared = NULL;

  herald_sandbox_set_fault (f->sandbox, HERALD_SANDBOX_FAULT_SERVER_ERROR);
  first = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/myprofile", NULL, "key:secret",
                           NULL);
  second = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", simple_send, "key:secret",
                            NULL);
  g_assert_cmpuint (first->status, ==, 500);
  g_assert_cmpuint (second->status, ==, 500);
  herald_sandbox_set_fault (f->sandbox, HERALD_SANDBOX_FAULT_NONE);
  cleared = sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/myprofile", NULL,
                             "key:secret", NULL);
  g_assert_cmpuint (cleared->status, ==, 200);
}

/* ---------------------------------------------------------------------------------------- */
/* TLS                                                                                      */

static void
test_untrusted_certificate (Fixture *f, gconstpointer data)
{
  g_autoptr (SoupSession) plain = soup_session_new ();
  g_autoptr (SandboxResponse) r = NULL;

  r = sandbox_request (plain, f->sandbox, "GET", "/v3/REST/myprofile", NULL, "key:secret", NULL);
  g_assert_error (r->error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (herald_sandbox_count_requests (f->sandbox, "/v3/REST/myprofile"), ==, 0);
}

static void
test_certificate_file (Fixture *f, gconstpointer data)
{
  const char *file = herald_sandbox_get_certificate_file (f->sandbox);
  g_autofree char *dir = g_path_get_dirname (file);
  g_autoptr (GTlsCertificate) cert = NULL;
  g_autoptr (GSocketConnectable) by_ip = NULL;
  g_autoptr (GSocketConnectable) by_name = NULL;
  g_autoptr (GSocketConnectable) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  /* Only the certificate: the key never touches the disk. */
  g_assert_null (strstr (contents, "PRIVATE KEY"));

  cert = g_tls_certificate_new_from_file (file, &error);
  g_assert_no_error (error);
  by_ip = g_network_address_new ("127.0.0.1", herald_sandbox_get_port (f->sandbox));
  by_name = g_network_address_new ("localhost", herald_sandbox_get_port (f->sandbox));
  other = g_network_address_new ("api.mailjet.com", 443);
  g_assert_cmpint (g_tls_certificate_verify (cert, by_ip, cert), ==, 0);
  g_assert_cmpint (g_tls_certificate_verify (cert, by_name, cert), ==, 0);
  g_assert_cmpint (g_tls_certificate_verify (cert, other, cert) & G_TLS_CERTIFICATE_BAD_IDENTITY,
                   !=, 0);
}

static void
test_start_stop (void)
{
  g_autoptr (HeraldSandbox) sandbox = herald_sandbox_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *file = NULL;

  g_assert_true (herald_sandbox_start (sandbox, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (herald_sandbox_get_port (sandbox), >, 0);
  g_assert_true (g_str_has_prefix (herald_sandbox_get_base_url (sandbox), "https://127.0.0.1:"));
  g_assert_nonnull (herald_sandbox_get_certificate (sandbox));
  file = g_strdup (herald_sandbox_get_certificate_file (sandbox));
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  herald_sandbox_stop (sandbox);
  herald_sandbox_stop (sandbox);
  g_clear_object (&sandbox);
  /* The private folder goes with the sandbox. */
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

int
main (int argc, char *argv[])
{
  /* The isolated XDG folders have no GSettings schemas for GNOME's proxy settings; the
   * sandbox is on loopback anyway. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func)                                                                            \
  g_test_add ("/herald/sandbox/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/herald/sandbox/start-stop", test_start_stop);
  ADD ("send/success", test_send_success);
  ADD ("send/invalid-email", test_send_invalid_email);
  ADD ("send/no-content", test_send_no_content);
  ADD ("send/partial-success", test_send_partial);
  ADD ("send/too-many-messages", test_send_too_many_messages);
  ADD ("send/too-many-recipients", test_send_too_many_recipients);
  ADD ("send/malformed-body", test_send_malformed_body);
  ADD ("send/inactive-sender", test_send_inactive_sender);
  ADD ("send/sandbox-mode", test_sandbox_mode);
  ADD ("auth/unauthorized", test_unauthorized);
  ADD ("status/visibility-and-lifecycle", test_visibility_and_lifecycle);
  ADD ("status/bounces", test_lifecycle_bounces);
  ADD ("status/template-error-blocks", test_template_error_blocks);
  ADD ("templates", test_templates);
  ADD ("senders-and-dns", test_senders_and_dns);
  ADD ("senders/lifecycle", test_sender_lifecycle);
  ADD ("unknown-paths", test_unknown_paths);
  ADD ("fault/401", test_fault_401);
  ADD ("fault/429", test_fault_429);
  ADD ("fault/500", test_fault_500);
  ADD ("fault/slow", test_fault_slow);
  ADD ("fault/reset", test_fault_reset);
  ADD ("fault/malformed", test_fault_malformed);
  ADD ("fault/switch", test_fault_switch);
  ADD ("tls/untrusted", test_untrusted_certificate);
  ADD ("tls/certificate-file", test_certificate_file);

#undef ADD

  return g_test_run ();
}
