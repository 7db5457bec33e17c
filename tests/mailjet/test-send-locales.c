/* test-send-locales.c: a test send uses each locale's sample values ("locales" in a
 * scenario), whether Herald renders the message or Mailjet does from Variables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-core.h"
#include "herald-send-request.h"
#include "herald-test-send.h"

typedef struct
{
  HeraldLibrary *library;
  HeraldTemplate *template;
  HeraldScenario *scenario;
} Sample;

static void
load_sample (Sample *sample)
{
  g_autofree char *path =
      g_build_filename (g_getenv ("HERALD_SOURCE_DIR"), "data", "samples", "account-alerts", NULL);
  g_autoptr (GError) error = NULL;

  sample->library = herald_library_load (path, &error);
  g_assert_no_error (error);
  sample->template = herald_library_find_template (sample->library, "large-expense");
  g_assert_nonnull (sample->template);
  sample->scenario = herald_template_find_scenario (sample->template, "card-payment");
  g_assert_nonnull (sample->scenario);
}

/* The messages of a built request, one per locale in the order given. */
static JsonArray *
build_messages (HeraldSendMode mode, Sample *sample, JsonNode **root)
{
  g_autoptr (HeraldSendRequest) request = herald_send_request_new (mode);
  g_autoptr (GPtrArray) scenarios = g_ptr_array_new ();
  const char *locales[] = { "en", "fr", "de", NULL };
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (scenarios, sample->scenario);
  herald_send_request_set_from (request, "alerts@ledgerly.example", "Ledgerly");
  herald_send_request_add_recipient (request, "qa@example.com", NULL);
  g_assert_true (herald_test_send_add_variants (request, sample->library, sample->template, locales,
                                                scenarios, &error));
  g_assert_no_error (error);
  g_assert_true (herald_send_request_build (request, &error));
  g_assert_no_error (error);
  *root = json_node_ref (herald_send_request_get_batch (request, 0));
  return json_object_get_array_member (json_node_get_object (*root), "Messages");
}

static void
test_rendered_by_herald (void)
{
  Sample sample = { 0 };
  g_autoptr (JsonNode) root = NULL;
  JsonArray *messages;

  load_sample (&sample);
  messages = build_messages (HERALD_SEND_MODE_HERALD, &sample, &root);
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  g_assert_nonnull (strstr (
      json_object_get_string_member (json_array_get_object_element (messages, 0), "Subject"),
      "€1,249.00"));
  g_assert_nonnull (strstr (
      json_object_get_string_member (json_array_get_object_element (messages, 1), "Subject"),
      "1\u202f249,00\u00a0€"));
  g_assert_nonnull (strstr (
      json_object_get_string_member (json_array_get_object_element (messages, 2), "HTMLPart"),
      "Donnerstag, 26. November"));
  g_object_unref (sample.library);
}

static void
test_rendered_by_mailjet (void)
{
  Sample sample = { 0 };
  g_autoptr (JsonNode) root = NULL;
  JsonArray *messages;
  const char *expected[] = { "€1,249.00", "1\u202f249,00\u00a0€", "1.249,00\u00a0€" };

  load_sample (&sample);
  messages = build_messages (HERALD_SEND_MODE_MAILJET, &sample, &root);
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *variables =
          json_object_get_object_member (json_array_get_object_element (messages, i), "Variables");

      g_assert_cmpstr (json_object_get_string_member (variables, "amount_display"), ==,
                       expected[i]);
      g_assert_cmpstr (json_object_get_string_member (variables, "merchant"), ==,
                       "Apple Store Opéra");
    }
  g_object_unref (sample.library);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/herald/mailjet/send/locales/herald", test_rendered_by_herald);
  g_test_add_func ("/herald/mailjet/send/locales/mailjet", test_rendered_by_mailjet);

  return g_test_run ();
}
