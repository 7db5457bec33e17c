/* test-cli-session.c: herald-cli accounts/send/status end to end, for the acceptance
 * (follow shows queued → opened, a bounce with its reason, a template error blocked with
 * state 18) and for "the secret never leaks" (output and files under HOME/XDG).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <libsecret/secret.h>

#include "herald-sandbox.h"
#include "herald-test-files.h"
#include "test-sandbox-util.h"

#define SECRET "Zq9-leak-canary-5d1f0c"

static char *cli;

static char *
run_cli (const char *const *args, gboolean with_key, int *status)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) env = sandbox_test_cli_environ (with_key ? "herald-test-key" : NULL, SECRET);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (argv, cli);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  env = g_environ_setenv (env, "G_MESSAGES_DEBUG", "all", TRUE);
  env = g_environ_setenv (env, "HERALD_SANDBOX_SPEED", "20", TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, status, &error));
  g_assert_no_error (error);
  return g_strconcat (out, "\n--stderr--\n", err, NULL);
}

/* `herald-cli accounts add @name` for the started @sandbox, the key in the environment. */
static char *
add_account (HeraldSandbox *sandbox, const char *name, int *status)
{
  const char *args[] = { "accounts",
                         "add",
                         name,
                         "--url",
                         herald_sandbox_get_base_url (sandbox),
                         "--ca-file",
                         herald_sandbox_get_certificate_file (sandbox),
                         NULL };

  return run_cli (args, TRUE, status);
}

static char *
make_library (void)
{
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "herald-cli-lib-XXXXXX", NULL);
  char *root = g_mkdtemp (g_steal_pointer (&dir));

  herald_test_write_file (
      root, "herald.json",
      "{\n  \"format\": 1,\n  \"name\": \"Test\",\n  \"sourceLocale\": \"en\",\n  "
      "\"targetLocales\": [],\n"
      "  \"from\": {\"email\": \"alerts@ledgerly.example\", \"name\": \"Ledgerly\"}\n}\n");
  herald_test_write_file (
      root, "templates/hello/template.json",
      "{\n  \"name\": \"Hello\",\n  \"description\": \"\",\n  \"subject\": \"Hello "
      "{{var:name}}\",\n"
      "  \"preheader\": \"Hi\",\n  \"tags\": []\n}\n");
  herald_test_write_file (root, "templates/hello/body.html",
                          "<html><body><p>Hello {{var:name}}</p></body></html>\n");
  herald_test_write_file (root, "templates/hello/body.txt", "Hello {{var:name}}\n");
  herald_test_write_file (root, "templates/hello/scenarios/named.json",
                          "{\n  \"name\": \"Named\",\n  \"variables\": {\"name\": \"Léa\"}\n}\n");
  /* The same template without the variable: Mailjet blocks it (state 18). */
  herald_test_write_file (root, "templates/hello/scenarios/missing.json",
                          "{\n  \"name\": \"Missing\",\n  \"variables\": {}\n}\n");
  return root;
}

static gboolean
tree_contains (const char *path, const char *needle)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *text = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &text, &len, NULL))
        return FALSE;
      return g_strstr_len (text, len, needle) != NULL;
    }
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK) && tree_contains (child, needle))
        return TRUE;
    }
  return FALSE;
}

static void
test_follow_acceptance (void)
{
  g_autofree char *library = make_library ();
  const char *ok_args[] = { "send", library,          "hello", "--scenario",         "named",
                            "--to", "ok@example.com", "--to",  "bounce@example.com", "--follow",
                            NULL };
  const char *tl_args[] = {
    "send", library, "hello", "--scenario", "missing", "--to", "ok+2@example.com", "--follow", NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *tl_out = NULL;
  int status;

  out = run_cli (ok_args, FALSE, &status);
  g_test_message ("%s", out);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Accepted  ok@example.com"));
  g_assert_nonnull (strstr (out, "ok@example.com               Queued"));
  g_assert_nonnull (
      strstr (out, "ok@example.com               Opened: the recipient opened the email"));
  g_assert_nonnull (
      strstr (out, "bounce@example.com           Bounced: the address does not exist"));
  g_assert_true (strstr (out, "ok@example.com               Queued") <
                 strstr (out, "ok@example.com               Opened"));

  tl_out = run_cli (tl_args, FALSE, &status);
  g_test_message ("%s", tl_out);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (tl_out, "Blocked: error in the template language"));
}

static void
test_no_leak (void)
{
  g_autoptr (HeraldSandbox) sandbox = herald_sandbox_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, NULL);
  g_autofree char *library = make_library ();
  g_autoptr (GString) all = g_string_new (NULL);
  g_autofree char *out = NULL;
  SandboxVirtualClock clock;
  const char *id;
  int status;

  if (service == NULL)
    {
      g_test_fail_printf (
          "No Secret Service on the session bus: run inside build-aux/test-session");
      return;
    }

  sandbox_virtual_clock_attach (&clock, sandbox);
  herald_sandbox_set_credentials (sandbox, "herald-test-key", SECRET);
  g_assert_true (herald_sandbox_start (sandbox, 0, &error));

  {
    g_autofree char *o = add_account (sandbox, "Leaky", &status);

    g_string_append (all, o);
    g_assert_cmpint (status, ==, 0);
  }
  {
    const char *args[] = { "accounts", "verify", "Leaky", NULL };
    g_autofree char *o = run_cli (args, FALSE, &status);

    g_string_append (all, o);
    g_assert_nonnull (strstr (o, "works"));
    g_assert_cmpint (status, ==, 0);
  }
  {
    const char *args[] = { "send",      library, "hello", "--scenario",     "named",
                           "--account", "Leaky", "--to",  "ok@example.com", NULL };

    out = run_cli (args, FALSE, &status);
    g_string_append (all, out);
    g_assert_cmpint (status, ==, 0);
  }
  id = strstr (out, "MessageID ");
  g_assert_nonnull (id);
  {
    g_autofree char *message_id =
        g_strndup (id + strlen ("MessageID "), strspn (id + strlen ("MessageID "), "0123456789"));
    const char *args[] = { "status", "--account", "Leaky", message_id, NULL };
    g_autofree char *o = NULL;

    /* Past the Sandbox's visibility delay (5 s). */
    sandbox_virtual_clock_advance (&clock, 5);
    o = run_cli (args, FALSE, &status);
    g_string_append (all, o);
    g_assert_nonnull (strstr (o, message_id));
  }
  {
    const char *args[] = { "accounts", "remove", "Leaky", NULL };
    g_autofree char *o = run_cli (args, FALSE, &status);

    g_string_append (all, o);
    g_assert_cmpint (status, ==, 0);
  }

  /* The debug output is there (so the check means something), the secret is not. */
  g_assert_nonnull (strstr (all->str, "herald-"));
  g_assert_null (strstr (all->str, SECRET));
  g_assert_false (tree_contains (g_get_home_dir (), SECRET));
  g_assert_false (tree_contains (g_get_user_config_dir (), SECRET));
  g_assert_false (tree_contains (g_get_user_data_dir (), SECRET));
  g_assert_false (tree_contains (g_get_user_cache_dir (), SECRET));
  g_assert_false (tree_contains (g_get_user_state_dir (), SECRET));
  g_assert_false (tree_contains (library, SECRET));

  herald_sandbox_stop (sandbox);
  sandbox_virtual_clock_clear (&clock);
}

/* A send whose answer is lost (the Sandbox accepts it, then resets the connection) or refused
 * with a 500: each message is recorded as "outcome unknown" with its CustomID, and
 * `status --custom-id` tells which one went out. */
static char *
send_with_fault (HeraldSandbox *sandbox, const char *library, HeraldSandboxFault fault)
{
  const char *args[] = { "send",      library,  "hello", "--scenario",     "named",
                         "--account", "Faulty", "--to",  "ok@example.com", NULL };
  g_autofree char *out = NULL;
  g_autofree char *deliveries = NULL;
  g_autofree char *path =
      g_build_filename (g_get_user_data_dir (), "herald", "deliveries.json", NULL);
  const char *hint;
  char *custom_id;
  int status;

  herald_sandbox_set_fault (sandbox, fault);
  out = run_cli (args, FALSE, &status);
  herald_sandbox_set_fault (sandbox, HERALD_SANDBOX_FAULT_NONE);
  g_test_message ("%s", out);
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  hint = strstr (out, "herald-cli status --custom-id ");
  g_assert_nonnull (hint);
  hint += strlen ("herald-cli status --custom-id ");
  custom_id = g_strndup (hint, strcspn (hint, " \n"));
  g_assert_cmpuint (strlen (custom_id), >, 0);
  /* Printed next to its recipient, and saved where the app's Deliveries view reads it. */
  g_assert_nonnull (strstr (out, "outcome unknown"));
  g_assert_true (g_file_get_contents (path, &deliveries, NULL, NULL));
  g_assert_nonnull (strstr (deliveries, custom_id));
  g_assert_nonnull (strstr (deliveries, "\"unknown-outcome\""));
  return custom_id;
}

static void
test_unknown_outcome (void)
{
  g_autoptr (HeraldSandbox) sandbox = herald_sandbox_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *library = make_library ();
  g_autofree char *reset_id = NULL;
  g_autofree char *refused_id = NULL;
  SandboxVirtualClock clock;
  int status;

  sandbox_virtual_clock_attach (&clock, sandbox);
  herald_sandbox_set_credentials (sandbox, "herald-test-key", SECRET);
  g_assert_true (herald_sandbox_start (sandbox, 0, &error));
  {
    g_autofree char *o = add_account (sandbox, "Faulty", &status);

    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (o);
  }

  reset_id = send_with_fault (sandbox, library, HERALD_SANDBOX_FAULT_RESET);
  refused_id = send_with_fault (sandbox, library, HERALD_SANDBOX_FAULT_SERVER_ERROR);
  g_assert_cmpstr (reset_id, !=, refused_id);
  /* Past the Sandbox's visibility delay (5 s). */
  sandbox_virtual_clock_advance (&clock, 5);

  {
    const char *args[] = { "status", "--account", "Faulty", "--custom-id", reset_id, NULL };
    g_autofree char *o = run_cli (args, FALSE, &status);

    g_test_message ("%s", o);
    g_assert_nonnull (strstr (o, "found, it was sent: MessageID "));
    g_assert_cmpint (status, ==, 0);
  }
  {
    const char *args[] = { "status", "--account", "Faulty", "--custom-id", refused_id, NULL };
    g_autofree char *o = run_cli (args, FALSE, &status);

    g_test_message ("%s", o);
    g_assert_nonnull (strstr (o, "not found"));
    g_assert_nonnull (strstr (o, "safe to send it again"));
    g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  }
  {
    const char *args[] = { "accounts", "remove", "Faulty", NULL };
    g_autofree char *o = run_cli (args, FALSE, &status);

    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (o);
  }
  herald_sandbox_stop (sandbox);
  sandbox_virtual_clock_clear (&clock);
}

int
main (int argc, char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  cli = sandbox_test_cli_path ();

  g_test_add_func ("/herald/mailjet/cli/follow-acceptance", test_follow_acceptance);
  g_test_add_func ("/herald/mailjet/cli/no-leak", test_no_leak);
  g_test_add_func ("/herald/mailjet/cli/unknown-outcome", test_unknown_outcome);

  return g_test_run ();
}
