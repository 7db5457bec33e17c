/* test-hostile-sandbox.c: request bodies meant to break the Sandbox, sent over real TLS on
 * 127.0.0.1. The Sandbox must refuse them the way Mailjet refuses malformed JSON (400) and
 * keep answering afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "herald-mailjet-client.h"
#include "herald-sandbox.h"
#include "herald-send-result.h"
#include "test-sandbox-util.h"

/* json-glib recurses once per level: this many levels overflowed the stack before the
 * depth pre-scan. */
#define HOSTILE_DEPTH 100000

typedef SandboxFixture Fixture;

/* {"Messages":[[[[…]]]]}: an object at the top, as a send body must be, then arrays. */
static char *
deep_body (guint depth)
{
  GString *body = g_string_new ("{\"Messages\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (body, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (body, ']');
  g_string_append_c (body, '}');
  return g_string_free (body, FALSE);
}

static const char *simple_send =
    "{\"Messages\":[{\"From\":{\"Email\":\"pilot@example.com\"},"
    "\"To\":[{\"Email\":\"ok@example.com\"}],\"Subject\":\"Hello\",\"TextPart\":\"Hi\"}]}";

static void
assert_still_answers (Fixture *f)
{
  g_autoptr (SandboxResponse) r = NULL;

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", simple_send, "key:secret",
                       NULL);
  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, 200);
}

static void
test_deep_send_v31 (Fixture *f, gconstpointer data)
{
  g_autofree char *body = deep_body (HOSTILE_DEPTH);
  g_autoptr (SandboxResponse) r = NULL;
  JsonObject *o;

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", body, "key:secret", NULL);
  g_assert_no_error (r->error);
  /* Mailjet's answer to a body it cannot parse (reference §2.4, shape C). */
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_nonnull (r->json);
  o = json_node_get_object (r->json);
  g_assert_cmpstr (json_object_get_string_member (o, "ErrorCode"), ==, "mj-0002");
  g_assert_cmpint (json_object_get_int_member (o, "StatusCode"), ==, 400);
  g_assert_false (json_object_has_member (o, "Messages"));

  assert_still_answers (f);
}

static void
test_deep_send_v3 (Fixture *f, gconstpointer data)
{
  g_autofree char *body = deep_body (HOSTILE_DEPTH);
  g_autoptr (SandboxResponse) r = NULL;

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3/send", body, "key:secret", NULL);
  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_nonnull (r->json);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (r->json), "StatusCode"), ==,
                   400);

  assert_still_answers (f);
}

/* Depth the product accepts must still be accepted: the limit is not "any nesting". */
static void
test_moderate_depth_accepted (Fixture *f, gconstpointer data)
{
  g_autoptr (GString) body =
      g_string_new ("{\"Messages\":[{\"From\":{\"Email\":\"pilot@example.com\"},"
                    "\"To\":[{\"Email\":\"ok@example.com\"}],"
                    "\"Subject\":\"Hello\",\"TextPart\":\"Hi\","
                    "\"Variables\":{\"deep\":");
  g_autoptr (SandboxResponse) r = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append_c (body, '[');
  for (guint i = 0; i < 100; i++)
    g_string_append_c (body, ']');
  g_string_append (body, "}}]}");

  r = sandbox_request (f->session, f->sandbox, "POST", "/v3.1/send", body->str, "key:secret", NULL);
  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, 200);
}

/* The client's side: what a broken proxy or a hostile server could answer. Each parser says
 * the answer cannot be understood instead of overflowing the stack. In a subprocess, so that
 * a crash fails this case only. */
static void
test_deep_responses (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *body = deep_body (HOSTILE_DEPTH);
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
      g_autoptr (GError) error = NULL;
      g_autoptr (GError) refusal = NULL;
      HeraldSendResult *result;

      result = herald_send_result_parse (200, bytes, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_INVALID_RESPONSE);
      g_clear_error (&error);

      g_assert_null (herald_mailjet_parse_envelope (bytes, &error));
      g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_INVALID_RESPONSE);

      refusal = herald_mailjet_error_from_response (400, "application/json", bytes, TRUE);
      g_assert_nonnull (refusal);
      g_assert_true (refusal->domain == HERALD_MAILJET_ERROR);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/herald/hostile-sandbox/deep-send-v31", Fixture, NULL, sandbox_fixture_setup_fast,
              test_deep_send_v31, sandbox_fixture_teardown);
  g_test_add ("/herald/hostile-sandbox/deep-send-v3", Fixture, NULL, sandbox_fixture_setup_fast,
              test_deep_send_v3, sandbox_fixture_teardown);
  g_test_add ("/herald/hostile-sandbox/moderate-depth", Fixture, NULL, sandbox_fixture_setup_fast,
              test_moderate_depth_accepted, sandbox_fixture_teardown);

  g_test_add_func ("/herald/hostile-sandbox/deep-responses", test_deep_responses);

  return g_test_run ();
}
