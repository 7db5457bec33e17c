/* test-sandbox-recordings.c: the sandbox answers the recorded requests like Mailjet did.
 *
 * For every exchange in the recordings (tests/data/mailjet-recordings), the same request
 * goes to the sandbox; its answer must have the recorded status, the recorded Content-Type
 * and a body of the same shape (the same JSON member names with the same JSON types, recursively).
 * The values differ: they are the sandbox's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "herald-sandbox.h"
#include "test-sandbox-util.h"
#include "vcr-cassette.h"

#define RECORDED_HOST "https://api.mailjet.com"
#define GOOD_CREDENTIALS "sandbox-key:sandbox-secret"
#define BAD_CREDENTIALS "sandbox-key:not-the-secret"

/* ---------------------------------------------------------------------------------------- */
/* Shapes                                                                                   */

static const char *
json_kind (JsonNode *node)
{
  GType type;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      type = json_node_get_value_type (node);
      if (type == G_TYPE_STRING)
        return "string";
      if (type == G_TYPE_BOOLEAN)
        return "boolean";
      /* JSON has one number type; 9876543210123457000 parses as a double, ids as int64. */
      return "number";
    }
}

static void
compare_shapes (JsonNode *expected, JsonNode *actual, const char *path, GString *problems)
{
  const char *expected_kind = json_kind (expected);
  const char *actual_kind = json_kind (actual);

  if (!g_str_equal (expected_kind, actual_kind))
    {
      g_string_append_printf (problems, "%s: recorded %s, sandbox %s\n", path, expected_kind,
                              actual_kind);
      return;
    }

  if (g_str_equal (expected_kind, "object"))
    {
      JsonObject *e = json_node_get_object (expected);
      JsonObject *a = json_node_get_object (actual);
      g_autoptr (GList) e_members = json_object_get_members (e);
      g_autoptr (GList) a_members = json_object_get_members (a);

      for (GList *l = e_members; l != NULL; l = l->next)
        {
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, (char *) l->data);

          if (!json_object_has_member (a, l->data))
            g_string_append_printf (problems, "%s: missing\n", sub);
          else
            compare_shapes (json_object_get_member (e, l->data),
                            json_object_get_member (a, l->data), sub, problems);
        }
      for (GList *l = a_members; l != NULL; l = l->next)
        if (!json_object_has_member (e, l->data))
          g_string_append_printf (problems, "%s.%s: not in the recording\n", path,
                                  (char *) l->data);
    }
  else if (g_str_equal (expected_kind, "array"))
    {
      JsonArray *e = json_node_get_array (expected);
      JsonArray *a = json_node_get_array (actual);
      guint e_len = json_array_get_length (e);
      guint a_len = json_array_get_length (a);

      if ((e_len == 0) != (a_len == 0))
        {
          g_string_append_printf (problems, "%s: recorded %u elements, sandbox %u\n", path, e_len,
                                  a_len);
          return;
        }
      for (guint i = 0; i < a_len; i++)
        {
          g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);

          compare_shapes (json_array_get_element (e, MIN (i, e_len - 1)),
                          json_array_get_element (a, i), sub, problems);
        }
    }
}

/* ---------------------------------------------------------------------------------------- */
/* The sandbox, set up once with what the recorded account had: a delivered message, a
 * bounce, a template with content and an event callback. */

static HeraldSandbox *sandbox;
static SoupSession *session;
static gint64 message_id;
static gint64 template_id;

static gint64
send_and_wait (const char *recipient, const char *final_status)
{
  g_autofree char *body = g_strdup_printf (
      "{\"Messages\":[{\"From\":{\"Email\":\"pilot@example.com\"},\"To\":[{\"Email\":\"%s\"}],"
      "\"Subject\":\"Recorded\",\"TextPart\":\"x\"}]}",
      recipient);
  g_autoptr (SandboxResponse) sent = NULL;
  g_autofree char *path = NULL;
  gint64 id, deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  sent = sandbox_request (session, sandbox, "POST", "/v3.1/send", body, GOOD_CREDENTIALS, NULL);
  g_assert_cmpuint (sent->status, ==, 200);
  id = json_object_get_int_member (sandbox_path_object (sent->json, "Messages", 0, "To", 0, NULL),
                                   "MessageID");
  path = g_strdup_printf ("/v3/REST/message/%" G_GINT64_FORMAT, id);
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr (SandboxResponse) r =
          sandbox_request (session, sandbox, "GET", path, NULL, GOOD_CREDENTIALS, NULL);

      if (r->status == 200 &&
          g_strcmp0 (json_object_get_string_member (sandbox_path_object (r->json, "Data", 0, NULL),
                                                    "Status"),
                     final_status) == 0)
        return id;
      g_usleep (20 * 1000);
    }
  g_error ("the sandbox never reached \"%s\" for %s", final_status, recipient);
  return 0;
}

static void
ensure_sandbox (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SandboxResponse) template = NULL;
  g_autoptr (SandboxResponse) content = NULL;
  g_autoptr (SandboxResponse) callback = NULL;
  g_autofree char *content_path = NULL;

  if (sandbox != NULL)
    return;

  sandbox = herald_sandbox_new ();
  herald_sandbox_set_credentials (sandbox, "sandbox-key", "sandbox-secret");
  herald_sandbox_set_speed (sandbox, 1000);
  herald_sandbox_set_visibility_delay (sandbox, 0);
  g_assert_true (herald_sandbox_start (sandbox, 0, &error));
  g_assert_no_error (error);
  session = sandbox_test_session_new (sandbox);

  message_id = send_and_wait ("ok@example.com", "clicked");
  send_and_wait ("bounce@example.com", "hardbounced");

  template = sandbox_request (session, sandbox, "POST", "/v3/REST/template",
                              "{\"Name\":\"Recorded template\"}", GOOD_CREDENTIALS, NULL);
  g_assert_cmpuint (template->status, ==, 201);
  template_id =
      json_object_get_int_member (sandbox_path_object (template->json, "Data", 0, NULL), "ID");
  content_path =
      g_strdup_printf ("/v3/REST/template/%" G_GINT64_FORMAT "/detailcontent", template_id);
  content = sandbox_request (session, sandbox, "POST", content_path,
                             "{\"Html-part\":\"Hello\",\"Headers\":{\"From\":\"pilot@example.com\","
                             "\"Subject\":\"Your email flight plan!\"}}",
                             GOOD_CREDENTIALS, NULL);
  g_assert_cmpuint (content->status, ==, 201);
  callback = sandbox_request (session, sandbox, "POST", "/v3/REST/eventcallbackurl",
                              "{\"EventType\":\"open\",\"Url\":\"https://www.example.com/123/\","
                              "\"Version\":2}",
                              GOOD_CREDENTIALS, NULL);
  g_assert_cmpuint (callback->status, ==, 201);
}

static gboolean
recorded_has_data (VcrInteraction *it)
{
  g_autoptr (JsonNode) node = json_from_string (it->response_body ? it->response_body : "", NULL);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
         json_object_has_member (json_node_get_object (node), "Count") &&
         json_object_get_int_member (json_node_get_object (node), "Count") > 0;
}

/* Recorded ids belong to the recorded account: a lookup that found something there looks up
 * the sandbox's own message or template; one that found nothing keeps its unknown id. */
static char *
sandbox_path (VcrInteraction *it)
{
  const char *path = it->uri + strlen (RECORDED_HOST);
  g_autofree char *query = NULL;
  g_autofree char *bare = NULL;
  g_auto (GStrv) segments = NULL;
  const char *q = strchr (path, '?');

  if (!recorded_has_data (it))
    return g_strdup (path);

  bare = q != NULL ? g_strndup (path, q - path) : g_strdup (path);
  query = g_strdup (q != NULL ? q : "");
  segments = g_strsplit (bare, "/", -1);
  for (guint i = 1; segments[i] != NULL; i++)
    {
      guint64 ignored;

      if (!g_ascii_string_to_unsigned (segments[i], 10, 0, G_MAXUINT64, &ignored, NULL))
        continue;
      g_free (segments[i]);
      if (g_str_equal (segments[i - 1], "template"))
        segments[i] = g_strdup_printf ("%" G_GINT64_FORMAT, template_id);
      else
        segments[i] = g_strdup_printf ("%" G_GINT64_FORMAT, message_id);
    }
  g_free (bare);
  bare = g_strjoinv ("/", segments);
  return g_strconcat (bare, query, NULL);
}

static void
check_interaction (VcrInteraction *it)
{
  g_autofree char *path = NULL;
  g_autoptr (SandboxResponse) r = NULL;
  g_autoptr (JsonNode) recorded = NULL;
  g_autoptr (GString) problems = g_string_new (NULL);

  g_assert_true (g_str_has_prefix (it->uri, RECORDED_HOST));
  path = sandbox_path (it);
  g_test_message ("%s %s (recorded %s)", it->method, path, it->uri);

  r = sandbox_request (session, sandbox, it->method, path,
                       it->request_body != NULL && it->request_body[0] != '\0' ? it->request_body
                                                                               : NULL,
                       it->status == 401 ? BAD_CREDENTIALS : GOOD_CREDENTIALS, NULL);
  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, it->status);
  g_assert_nonnull (it->content_type);
  g_assert_nonnull (r->content_type);
  g_assert_cmpint (g_ascii_strcasecmp (r->content_type, it->content_type), ==, 0);

  recorded = json_from_string (it->response_body ? it->response_body : "", NULL);
  if (recorded == NULL)
    {
      /* Not JSON (an HTML page or an empty body): neither may the sandbox's be. */
      g_assert_null (r->json);
      if (it->response_body == NULL || it->response_body[0] == '\0')
        g_assert_cmpstr (r->body, ==, "");
      return;
    }

  g_assert_nonnull (r->json);
  compare_shapes (recorded, r->json, "$", problems);
  if (problems->len > 0)
    g_test_message ("sandbox body: %s", r->body);
  g_assert_cmpstr (problems->str, ==, "");
}

static void
test_recording (gconstpointer data)
{
  const char *file = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) interactions = vcr_cassette_load (file, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (interactions->len, >, 0);
  ensure_sandbox ();
  for (guint i = 0; i < interactions->len; i++)
    check_interaction (g_ptr_array_index (interactions, i));
}

/* The parser itself, on the three scalar styles of the cassettes. */
static void
test_yaml_scalars (void)
{
  char *lines[] = {
    "      string: '{\"a\" : \"it''s\",",
    "        \"b\" : 1 }'",
    "      string: \"<p>one",
    "        two\\\"</p>\\r\\n\"",
    "      string: |",
    "        { \"Sent\" : [] }",
    "    http_version: null",
    NULL,
  };
  g_autofree char *single = NULL;
  g_autofree char *doubled = NULL;
  g_autofree char *literal = NULL;
  guint i = 0;

  single = vcr_parse_scalar (lines, &i, lines[0] + 13, 6);
  g_assert_cmpuint (i, ==, 1);
  g_assert_cmpstr (single, ==, "{\"a\" : \"it's\", \"b\" : 1 }");
  i = 2;
  doubled = vcr_parse_scalar (lines, &i, lines[2] + 13, 6);
  g_assert_cmpuint (i, ==, 3);
  g_assert_cmpstr (doubled, ==, "<p>one two\"</p>\r\n");
  i = 4;
  literal = vcr_parse_scalar (lines, &i, lines[4] + 13, 6);
  g_assert_cmpuint (i, ==, 5);
  g_assert_cmpstr (literal, ==, "{ \"Sent\" : [] }\n");
}

static void
test_recordings_missing (gconstpointer data)
{
  g_test_fail_printf ("%s", (const char *) data);
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

int
main (int argc, char *argv[])
{
  g_autofree char *folder = g_strdup (g_getenv ("HERALD_RECORDINGS_DIR"));
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  int ret;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/herald/sandbox/recordings/yaml-scalars", test_yaml_scalars);

  if (folder != NULL && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".yml"))
          g_ptr_array_add (files, g_build_filename (folder, name, NULL));
      g_ptr_array_sort (files, compare_paths);
    }

  if (files->len == 0)
    g_test_add_data_func ("/herald/sandbox/recordings/all",
                          "No recording found in HERALD_RECORDINGS_DIR "
                          "(tests/data/mailjet-recordings)",
                          test_recordings_missing);

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (files, i));
      g_autofree char *test_path = NULL;

      base[strlen (base) - strlen (".yml")] = '\0';
      test_path = g_strdup_printf ("/herald/sandbox/recordings/%s", base);
      g_test_add_data_func (test_path, g_ptr_array_index (files, i), test_recording);
    }

  ret = g_test_run ();

  g_clear_object (&session);
  if (sandbox != NULL)
    herald_sandbox_stop (sandbox);
  g_clear_object (&sandbox);
  return ret;
}
