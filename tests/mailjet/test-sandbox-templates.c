/* test-sandbox-templates.c: the Sandbox's template list filters (reference §7.1) and its
 * write counter and one-shot write fault, which the publish tests rely on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "herald-sandbox.h"
#include "test-sandbox-util.h"

#define CREDENTIALS "templates-key:templates-secret"

typedef SandboxFixture Fixture;

static void
create (Fixture *f, const char *body)
{
  g_autoptr (SandboxResponse) r = sandbox_request (f->session, f->sandbox, "POST",
                                                   "/v3/REST/template", body, CREDENTIALS, NULL);

  g_assert_cmpuint (r->status, ==, 201);
}

/* The Names a filtered list answers, joined with commas, in the order answered. */
static char *
list_names (Fixture *f, const char *query)
{
  g_autofree char *path = g_strconcat ("/v3/REST/template?Limit=100&", query, NULL);
  g_autoptr (SandboxResponse) r =
      sandbox_request (f->session, f->sandbox, "GET", path, NULL, CREDENTIALS, NULL);
  g_autoptr (GString) names = g_string_new (NULL);
  JsonArray *data;

  g_assert_cmpuint (r->status, ==, 200);
  data = json_object_get_array_member (json_node_get_object (r->json), "Data");
  for (guint i = 0; i < json_array_get_length (data); i++)
    g_string_append_printf (
        names, "%s%s", i ? "," : "",
        json_object_get_string_member (json_array_get_object_element (data, i), "Name"));
  return g_strdup (names->str);
}

static void
test_filters (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *query;
    const char *names;
  } cases[] = {
    { "Name=b", "b" },
    { "Purposes=transactional", "a,b" },
    { "Purposes=marketing,automation", "b,c" },
    { "Purposes=transactional,marketing&PurposesSelectionMethod=containsall", "b" },
    { "Purposes=transactional&PurposesSelectionMethod=issubset", "a" },
    { "Categories=account", "a" },
    { "EditMode=4", "c" },
    { "OwnerType=user", "c" },
    { "OwnerType=apikey&Purposes=transactional", "a,b" },
  };

  create (f, "{\"Name\":\"a\",\"Purposes\":[\"transactional\"],\"Categories\":[\"account\"],"
             "\"EditMode\":2,\"OwnerType\":\"apikey\"}");
  create (f, "{\"Name\":\"b\",\"Purposes\":[\"transactional\",\"marketing\"],\"EditMode\":2,"
             "\"OwnerType\":\"apikey\"}");
  create (f,
          "{\"Name\":\"c\",\"Purposes\":[\"automation\"],\"EditMode\":4,\"OwnerType\":\"user\"}");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *names = list_names (f, cases[i].query);

      g_test_message ("%s", cases[i].query);
      g_assert_cmpstr (names, ==, cases[i].names);
    }
}

static void
test_write_count_and_fault (Fixture *f, gconstpointer data)
{
  g_autoptr (SandboxResponse) listed = NULL;
  g_autoptr (SandboxResponse) second = NULL;
  g_autoptr (SandboxResponse) third = NULL;
  g_autofree char *names = NULL;

  herald_sandbox_set_write_fault (f->sandbox, HERALD_SANDBOX_FAULT_SERVER_ERROR, 2);
  create (f, "{\"Name\":\"one\"}");
  /* Reads neither count as writes nor take the fault. */
  listed =
      sandbox_request (f->session, f->sandbox, "GET", "/v3/REST/template", NULL, CREDENTIALS, NULL);
  g_assert_cmpuint (listed->status, ==, 200);
  second = sandbox_request (f->session, f->sandbox, "POST", "/v3/REST/template",
                            "{\"Name\":\"two\"}", CREDENTIALS, NULL);
  g_assert_cmpuint (second->status, ==, 500);
  third = sandbox_request (f->session, f->sandbox, "POST", "/v3/REST/template",
                           "{\"Name\":\"three\"}", CREDENTIALS, NULL);
  g_assert_cmpuint (third->status, ==, 201);
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, 3);
  /* The 500 refused the write before any work. */
  names = list_names (f, "OwnerType=apikey");
  g_assert_cmpstr (names, ==, "one,three");
}

int
main (int argc, char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/herald/mailjet/sandbox/templates/filters", Fixture, NULL, sandbox_fixture_setup,
              test_filters, sandbox_fixture_teardown);
  g_test_add ("/herald/mailjet/sandbox/templates/write-count-and-fault", Fixture, NULL,
              sandbox_fixture_setup, test_write_count_and_fault, sandbox_fixture_teardown);

  return g_test_run ();
}
