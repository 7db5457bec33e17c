/* test-send-stored.c: sending "as production", by TemplateID, with `herald-cli send --mode
 * stored` against the Sandbox over TLS. When the stored template is what the library holds,
 * one send goes out naming it and the delivered email is what Herald renders for that locale
 * and scenario; when the library changed, nothing is sent unless --publish-first, which
 * writes exactly the one template that differs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "herald-core.h"
#include "herald-sandbox.h"
#include "herald-send-request.h"
#include "herald-send-result.h"
#include "herald-test-files.h"
#include "herald-test-send.h"
#include "test-sandbox-util.h"

#define KEY "herald-stored-key"
#define SECRET "stored-secret-2b9d"
#define OLD_SENTENCE "Nous avons repéré une dépense importante"
#define NEW_SENTENCE "Nous avons remarqué une dépense importante"
#define INBOX "qa@example.com"
/* Herald's stand-in for the per-message link Mailjet makes (app/core/herald-render.c). */
#define HERALD_UNSUB "https://example.com/unsubscribe"

typedef struct
{
  HeraldSandbox *sandbox;
  char *library;
} Fixture;

static char *
run_cli (const char *const *args, int *status, char **err_out)
{
  return sandbox_test_run_cli (args, KEY, SECRET, status, err_out);
}

static void
change_french_sentence (const char *library)
{
  g_autofree char *po = g_build_filename (library, "po", "fr.po", NULL);

  herald_test_replace_once (po, OLD_SENTENCE, NEW_SENTENCE);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *tmp = g_build_filename (g_get_tmp_dir (), "herald-stored-XXXXXX", NULL);
  g_autofree char *sample =
      g_build_filename (g_getenv ("HERALD_SOURCE_DIR"), "data", "samples", "account-alerts", NULL);

  f->library = g_mkdtemp (g_steal_pointer (&tmp));
  herald_test_copy_tree (sample, f->library);
  f->sandbox = sandbox_test_start_account ("Stored", KEY, SECRET);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  sandbox_test_stop_account (&f->sandbox, "Stored");
  herald_test_remove_tree (f->library);
  g_free (f->library);
}

/* `publish` of one template and locale; returns its TemplateID. */
static gint64
publish (Fixture *f, const char *template_id, const char *locale)
{
  const char *args[] = { "publish",  f->library, template_id, "--account", "Stored",
                         "--locale", locale,     "--json",    NULL };
  g_autoptr (JsonObject) result = sandbox_test_run_cli_json (args, KEY, SECRET, 0);
  JsonObject *row =
      json_array_get_object_element (json_object_get_array_member (result, "rows"), 0);

  return json_object_get_int_member (row, "templateId");
}

static int
send_stored (Fixture *f, const char *locale, gboolean publish_first, char **err)
{
  const char *args[] = { "send",
                         f->library,
                         "large-expense",
                         "--to",
                         INBOX,
                         "--locale",
                         locale,
                         "--scenario",
                         "card-payment",
                         "--account",
                         "Stored",
                         "--mode",
                         "stored",
                         publish_first ? "--publish-first" : NULL,
                         NULL };
  g_autofree char *out = NULL;
  int status;

  out = run_cli (args, &status, err);
  return status;
}

/* The one email the Sandbox holds, as it was delivered. */
static JsonObject *
delivered (Fixture *f)
{
  g_autofree char *text = herald_sandbox_dup_messages_json (f->sandbox);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *messages;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  messages = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  return json_object_ref (json_array_get_object_element (messages, 0));
}

/* A delivered part with the Sandbox's own unsubscribe link put back to Herald's stand-in. */
static char *
as_herald_would_link (Fixture *f, JsonObject *message, const char *member)
{
  g_autofree char *link = g_strdup_printf ("%s/unsub/%s", herald_sandbox_get_base_url (f->sandbox),
                                           json_object_get_string_member (message, "uuid"));
  g_autoptr (GString) part = g_string_new (json_object_get_string_member (message, member));

  g_assert_cmpuint (g_string_replace (part, link, HERALD_UNSUB, 0), >, 0);
  return g_string_free (g_steal_pointer (&part), FALSE);
}

/* What Herald itself renders for the template, the locale and card-payment: the subject,
 * HTML and text of a message rendered by Herald. */
static JsonObject *
herald_render (Fixture *f, const char *locale)
{
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldSendRequest) request = herald_send_request_new (HERALD_SEND_MODE_HERALD);
  g_autoptr (GPtrArray) scenarios = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  const char *locales[] = { locale, NULL };
  HeraldTemplate *template;
  JsonNode *batch;

  library = herald_library_load (f->library, &error);
  g_assert_no_error (error);
  template = herald_library_find_template (library, "large-expense");
  g_ptr_array_add (scenarios, herald_template_find_scenario (template, "card-payment"));
  herald_send_request_set_from (request, "alerts@ledgerly.example", "Ledgerly");
  herald_send_request_add_recipient (request, INBOX, NULL);
  g_assert_true (
      herald_test_send_add_variants (request, library, template, locales, scenarios, &error));
  g_assert_true (herald_send_request_build (request, &error));
  g_assert_no_error (error);
  batch = herald_send_request_get_batch (request, 0);
  return json_object_ref (json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (batch), "Messages"), 0));
}

static void
test_unchanged_sends_by_id (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonObject) message = NULL;
  g_autoptr (JsonObject) expected = NULL;
  g_autofree char *html = NULL;
  g_autofree char *text = NULL;
  gint64 fr_id;
  guint writes;

  if (!sandbox_test_have_keyring ())
    return;

  fr_id = publish (f, "large-expense", "fr");
  g_assert_cmpint (fr_id, >, 0);
  writes = herald_sandbox_count_writes (f->sandbox);

  g_assert_cmpint (send_stored (f, "fr", FALSE, NULL), ==, 0);
  /* One send and no template write. */
  g_assert_cmpuint (herald_sandbox_count_requests (f->sandbox, "/v3.1/send"), ==, 1);
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, writes + 1);

  message = delivered (f);
  g_assert_cmpint (json_object_get_int_member (message, "templateId"), ==, fr_id);
  g_assert_true (json_object_get_boolean_member (message, "templateLanguage"));
  g_assert_true (json_object_get_null_member (message, "templateError"));

  /* Mailjet's render of the stored template is Herald's render, French sample values
   * included. */
  expected = herald_render (f, "fr");
  g_assert_cmpstr (json_object_get_string_member (message, "subject"), ==,
                   json_object_get_string_member (expected, "Subject"));
  g_assert_nonnull (
      strstr (json_object_get_string_member (message, "subject"), "1\u202f249,00\u00a0€"));
  html = as_herald_would_link (f, message, "html");
  text = as_herald_would_link (f, message, "text");
  g_assert_cmpstr (html, ==, json_object_get_string_member (expected, "HTMLPart"));
  g_assert_cmpstr (text, ==, json_object_get_string_member (expected, "TextPart"));
  g_assert_nonnull (strstr (html, OLD_SENTENCE));
  g_assert_nonnull (strstr (html, "jeudi 26 novembre"));
}

static void
test_changed_refused_then_published_first (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonObject) message = NULL;
  g_autoptr (JsonObject) expected = NULL;
  g_autofree char *err = NULL;
  g_autofree char *html = NULL;
  gint64 fr_id;
  guint writes;

  if (!sandbox_test_have_keyring ())
    return;

  fr_id = publish (f, "large-expense", "fr");
  change_french_sentence (f->library);
  writes = herald_sandbox_count_writes (f->sandbox);

  /* Refused: the stored French template is the old one. Nothing written, nothing sent. */
  g_assert_cmpint (send_stored (f, "fr", FALSE, &err), ==, 1);
  g_assert_nonnull (strstr (err, "“large-expense” (fr) changed since it was published"));
  g_assert_nonnull (strstr (err, "--publish-first"));
  g_assert_cmpuint (herald_sandbox_count_requests (f->sandbox, "/v3.1/send"), ==, 0);
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, writes);

  /* With --publish-first: exactly one template write (the French content), then the send. */
  g_assert_cmpint (send_stored (f, "fr", TRUE, NULL), ==, 0);
  g_assert_cmpuint (herald_sandbox_count_requests (f->sandbox, "/v3.1/send"), ==, 1);
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, writes + 2);

  message = delivered (f);
  g_assert_cmpint (json_object_get_int_member (message, "templateId"), ==, fr_id);
  expected = herald_render (f, "fr");
  html = as_herald_would_link (f, message, "html");
  g_assert_cmpstr (html, ==, json_object_get_string_member (expected, "HTMLPart"));
  g_assert_nonnull (strstr (html, NEW_SENTENCE));
}

static void
test_never_published_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;

  if (!sandbox_test_have_keyring ())
    return;

  g_assert_cmpint (send_stored (f, "de", FALSE, &err), ==, 1);
  g_assert_nonnull (strstr (err, "“large-expense” (de) is not published yet"));
  g_assert_cmpuint (herald_sandbox_count_requests (f->sandbox, "/v3.1/send"), ==, 0);
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, 0);
}

/* The message itself, without a server: the stored template's id, no parts of its own (they
 * would override the stored ones), and this locale's Variables. */
static void
test_request_shape (void)
{
  g_autofree char *path =
      g_build_filename (g_getenv ("HERALD_SOURCE_DIR"), "data", "samples", "account-alerts", NULL);
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldSendRequest) request = herald_send_request_new (HERALD_SEND_MODE_STORED);
  g_autoptr (GPtrArray) scenarios = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  const char *locales[] = { "en", "fr", NULL };
  HeraldTemplate *template;
  JsonArray *messages;
  JsonObject *fr;

  library = herald_library_load (path, &error);
  g_assert_no_error (error);
  template = herald_library_find_template (library, "large-expense");
  g_ptr_array_add (scenarios, herald_template_find_scenario (template, "card-payment"));
  herald_send_request_set_from (request, "alerts@ledgerly.example", "Ledgerly");
  herald_send_request_add_recipient (request, INBOX, NULL);
  g_assert_true (
      herald_test_send_add_variants (request, library, template, locales, scenarios, &error));

  /* Not checked against an account yet: no id, no build. */
  herald_send_request_set_stored_template (request, "large-expense", "en", 4082179);
  g_assert_false (herald_send_request_build (request, &error));
  g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "(fr)"));
  g_clear_error (&error);

  herald_send_request_set_stored_template (request, "large-expense", "fr", 4082180);
  g_assert_true (herald_send_request_build (request, &error));
  g_assert_no_error (error);
  messages = json_object_get_array_member (
      json_node_get_object (herald_send_request_get_batch (request, 0)), "Messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpint (
      json_object_get_int_member (json_array_get_object_element (messages, 0), "TemplateID"), ==,
      4082179);
  fr = json_array_get_object_element (messages, 1);
  g_assert_cmpint (json_object_get_int_member (fr, "TemplateID"), ==, 4082180);
  g_assert_true (json_object_get_boolean_member (fr, "TemplateLanguage"));
  g_assert_false (json_object_has_member (fr, "Subject"));
  g_assert_false (json_object_has_member (fr, "HTMLPart"));
  g_assert_false (json_object_has_member (fr, "TextPart"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fr, "Variables"),
                                                  "amount_display"),
                   ==, "1\u202f249,00\u00a0€");
}

/* Mailjet's refusals of a send by TemplateID (reference §3.6) come out in plain words, and
 * Mailjet's own text stays available for support. */
static void
test_template_errors_in_words (void)
{
  static const char body[] =
      "{\"Messages\":[{\"Status\":\"error\",\"Errors\":[{\"ErrorIdentifier\":"
      "\"1c2d3e4f-0000-4000-8000-000000000001\",\"ErrorCode\":\"send-0010\",\"StatusCode\":400,"
      "\"ErrorMessage\":\"Template ID \\\"123456789\\\" doesn't exist for your account.\","
      "\"ErrorRelatedTo\":[\"TemplateID\"]}]},{\"Status\":\"error\",\"Errors\":[{"
      "\"ErrorIdentifier\":\"1c2d3e4f-0000-4000-8000-000000000002\",\"ErrorCode\":"
      "\"send-0019\",\"StatusCode\":400,\"ErrorMessage\":\"Wrong type for template header, "
      "expected type \\\"string\\\"\",\"ErrorRelatedTo\":[\"sender\"]}]}]}";
  g_autoptr (GBytes) bytes = g_bytes_new_static (body, strlen (body));
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldSendResult) result = herald_send_result_parse (400, bytes, NULL, &error);
  const HeraldSendError *missing;
  const HeraldSendError *header;

  g_assert_no_error (error);
  g_assert_cmpuint (herald_send_result_get_n_outcomes (result), ==, 2);
  missing = g_ptr_array_index (herald_send_result_get_outcome (result, 0)->errors, 0);
  g_assert_cmpstr (missing->message, ==,
                   "Template ID \"123456789\" doesn't exist for your account.");
  g_assert_nonnull (strstr (missing->explanation, "no such stored template"));
  g_assert_nonnull (strstr (missing->explanation, "Publish the template again"));
  header = g_ptr_array_index (herald_send_result_get_outcome (result, 1)->errors, 0);
  g_assert_nonnull (strstr (header->explanation, "is not plain text"));
}

int
main (int argc, char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/herald/mailjet/send/stored/request-shape", test_request_shape);
  g_test_add_func ("/herald/mailjet/send/stored/template-errors-in-words",
                   test_template_errors_in_words);
  g_test_add ("/herald/mailjet/cli/send-stored/unchanged", Fixture, NULL, fixture_set_up,
              test_unchanged_sends_by_id, fixture_tear_down);
  g_test_add ("/herald/mailjet/cli/send-stored/changed", Fixture, NULL, fixture_set_up,
              test_changed_refused_then_published_first, fixture_tear_down);
  g_test_add ("/herald/mailjet/cli/send-stored/never-published", Fixture, NULL, fixture_set_up,
              test_never_published_refused, fixture_tear_down);

  return g_test_run ();
}
