/* test-sandbox-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <libsecret/secret.h>

#include "test-sandbox-util.h"

void
sandbox_response_free (SandboxResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->content_type);
  g_free (response->body);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response->request_guid);
  g_free (response->www_authenticate);
  g_free (response->retry_after);
  g_clear_error (&response->error);
  g_free (response);
}

SoupSession *
sandbox_test_session_new (HeraldSandbox *sandbox)
{
  g_autoptr (GTlsDatabase) database = NULL;
  g_autoptr (GError) error = NULL;
  SoupSession *session;

  database = g_tls_file_database_new (herald_sandbox_get_certificate_file (sandbox), &error);
  g_assert_no_error (error);
  session = soup_session_new_with_options ("timeout", 20, NULL);
  soup_session_set_tls_database (session, database);
  return session;
}

SoupSession *
sandbox_test_start (HeraldSandbox *sandbox)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (herald_sandbox_start (sandbox, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (herald_sandbox_get_base_url (sandbox), "https://127.0.0.1:"));
  return sandbox_test_session_new (sandbox);
}

void
sandbox_fixture_setup (SandboxFixture *f, gconstpointer data)
{
  f->sandbox = herald_sandbox_new ();
  f->session = sandbox_test_start (f->sandbox);
}

void
sandbox_fixture_setup_fast (SandboxFixture *f, gconstpointer data)
{
  f->sandbox = herald_sandbox_new ();
  herald_sandbox_set_speed (f->sandbox, 100);
  f->session = sandbox_test_start (f->sandbox);
}

void
sandbox_fixture_teardown (SandboxFixture *f, gconstpointer data)
{
  sandbox_test_stop (&f->sandbox, &f->session);
}

void
sandbox_test_stop (HeraldSandbox **sandbox, SoupSession **session)
{
  g_clear_object (session);
  herald_sandbox_stop (*sandbox);
  g_clear_object (sandbox);
}

char *
sandbox_test_cli_path (void)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");

  if (g_getenv ("HERALD_CLI") != NULL)
    return g_strdup (g_getenv ("HERALD_CLI"));
  return g_build_filename (builddir ? builddir : ".", "..", "..", "app", "cli", "herald-cli", NULL);
}

char **
sandbox_test_cli_environ (const char *key, const char *secret)
{
  char **env = g_get_environ ();

  /* The isolated test folders live in GLib's cache, not in the environment. */
  env = g_environ_setenv (env, "HOME", g_get_home_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  if (key != NULL)
    {
      env = g_environ_setenv (env, "MAILJET_API_KEY", key, TRUE);
      env = g_environ_setenv (env, "MAILJET_SECRET_KEY", secret, TRUE);
    }
  else
    {
      env = g_environ_unsetenv (env, "MAILJET_API_KEY");
      env = g_environ_unsetenv (env, "MAILJET_SECRET_KEY");
    }
  return env;
}

char *
sandbox_test_run_cli (
    const char *const *args, const char *key, const char *secret, int *status, char **err_out)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) env = sandbox_test_cli_environ (key, secret);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (argv, sandbox_test_cli_path ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (*status));
  *status = WEXITSTATUS (*status);
  g_test_message ("herald-cli %s → %d\n%s%s", args[0], *status, out, err);
  if (err_out)
    *err_out = g_steal_pointer (&err);
  return g_steal_pointer (&out);
}

JsonObject *
sandbox_test_run_cli_json (const char *const *args,
                           const char *key,
                           const char *secret,
                           int expected_status)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  int status;

  out = sandbox_test_run_cli (args, key, secret, &status, NULL);
  g_assert_cmpint (status, ==, expected_status);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

gboolean
sandbox_test_have_keyring (void)
{
  g_autoptr (SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, NULL);

  if (service == NULL)
    g_test_fail_printf ("No Secret Service on the session bus: run inside build-aux/test-session");
  return service != NULL;
}

HeraldSandbox *
sandbox_test_start_account (const char *name, const char *key, const char *secret)
{
  HeraldSandbox *sandbox = herald_sandbox_new ();
  g_autoptr (GError) error = NULL;
  const char *args[] = { "accounts", "add", name, "--url", NULL, "--ca-file", NULL, NULL };
  g_autofree char *out = NULL;
  int status;

  herald_sandbox_set_credentials (sandbox, key, secret);
  g_assert_true (herald_sandbox_start (sandbox, 0, &error));
  g_assert_no_error (error);
  if (!sandbox_test_have_keyring ())
    return sandbox;
  args[4] = herald_sandbox_get_base_url (sandbox);
  args[6] = herald_sandbox_get_certificate_file (sandbox);
  out = sandbox_test_run_cli (args, key, secret, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  return sandbox;
}

void
sandbox_test_stop_account (HeraldSandbox **sandbox, const char *name)
{
  const char *args[] = { "accounts", "remove", name, NULL };
  g_autofree char *out = NULL;
  int status;

  out = sandbox_test_run_cli (args, NULL, NULL, &status, NULL);
  herald_sandbox_stop (*sandbox);
  g_clear_object (sandbox);
}

SandboxResponse *
sandbox_request (SoupSession *session,
                 HeraldSandbox *sandbox,
                 const char *method,
                 const char *path,
                 const char *body,
                 const char *credentials,
                 const char *fault)
{
  g_autofree char *url = g_strconcat (herald_sandbox_get_base_url (sandbox), path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  SandboxResponse *response = g_new0 (SandboxResponse, 1);
  SoupMessageHeaders *request_headers;
  SoupMessageHeaders *headers;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (request_headers, "Accept", "application/json");
  if (body != NULL)
    {
      g_autoptr (GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
    }
  if (credentials != NULL)
    {
      g_autofree char *encoded =
          g_base64_encode ((const guchar *) credentials, strlen (credentials));
      g_autofree char *value = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (request_headers, "Authorization", value);
    }
  if (fault != NULL)
    soup_message_headers_replace (request_headers, "X-Herald-Sandbox-Fault", fault);

  bytes = soup_session_send_and_read (session, msg, NULL, &response->error);
  if (bytes == NULL)
    {
      response->body = g_strdup ("");
      return response;
    }

  headers = soup_message_get_response_headers (msg);
  response->status = soup_message_get_status (msg);
  response->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  response->request_guid = g_strdup (soup_message_headers_get_one (headers, "X-Mj-Request-Guid"));
  response->www_authenticate =
      g_strdup (soup_message_headers_get_one (headers, "WWW-Authenticate"));
  response->retry_after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  response->length = g_bytes_get_size (bytes);
  response->body = response->length > 0
                       ? g_strndup (g_bytes_get_data (bytes, NULL), response->length)
                       : g_strdup ("");
  if (response->length > 0 && json_parser_load_from_data (parser, response->body, -1, NULL))
    response->json = json_parser_steal_root (parser);
  return response;
}

JsonObject *
sandbox_path_object (JsonNode *root, ...)
{
  JsonNode *node = root;
  const char *member;
  va_list args;

  g_assert_nonnull (root);
  va_start (args, root);
  while ((member = va_arg (args, const char *)) != NULL)
    {
      int index = va_arg (args, int);
      JsonArray *array;

      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_assert_true (json_object_has_member (json_node_get_object (node), member));
      node = json_object_get_member (json_node_get_object (node), member);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
      array = json_node_get_array (node);
      g_assert_cmpuint (json_array_get_length (array), >, (guint) index);
      node = json_array_get_element (array, index);
    }
  va_end (args);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

gint64
sandbox_virtual_clock_read (gpointer data)
{
  SandboxVirtualClock *clock = data;
  gint64 now;

  g_mutex_lock (&clock->mutex);
  now = clock->now;
  g_mutex_unlock (&clock->mutex);
  return now;
}

void
sandbox_virtual_clock_attach (SandboxVirtualClock *clock, HeraldSandbox *sandbox)
{
  g_mutex_init (&clock->mutex);
  clock->now = 1000 * G_USEC_PER_SEC;
  herald_sandbox_set_clock (sandbox, sandbox_virtual_clock_read, clock);
}

void
sandbox_virtual_clock_clear (SandboxVirtualClock *clock)
{
  g_mutex_clear (&clock->mutex);
}

void
sandbox_virtual_clock_advance (SandboxVirtualClock *clock, double seconds)
{
  g_mutex_lock (&clock->mutex);
  clock->now += (gint64) (seconds * G_USEC_PER_SEC);
  g_mutex_unlock (&clock->mutex);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
sandbox_virtual_clock_run_until (SandboxVirtualClock *clock,
                                 double step,
                                 double limit,
                                 gboolean (*done) (gpointer data),
                                 gpointer data)
{
  double moved = 0;

  while (!done (data))
    {
      gboolean waited = FALSE;

      if (g_main_context_iteration (NULL, FALSE))
        continue;
      /* Nothing is ready: give an answer on its way over the loopback a real millisecond to
       * arrive before time moves on. */
      g_timeout_add (1, set_flag, &waited);
      while (!waited)
        g_main_context_iteration (NULL, TRUE);
      if (g_main_context_pending (NULL))
        continue;
      g_assert_cmpfloat (moved, <, limit);
      sandbox_virtual_clock_advance (clock, step);
      moved += step;
    }
}
