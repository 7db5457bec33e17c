/* herald-cli-accounts.c: `herald-cli accounts`, and what send/status share with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "herald-account-store.h"
#include "herald-cli-commands.h"
#include "herald-builtin-sandbox.h"
#include "herald-test-send.h"

/* Shared helpers ------------------------------------------------------------------------- */

double
herald_cli_sandbox_speed (void)
{
  return herald_builtin_sandbox_speed ();
}

HeraldAccountStore *
herald_cli_open_accounts (GError **error)
{
  g_autoptr (HeraldAccountStore) store = herald_account_store_new (NULL);

  if (!herald_account_store_load (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

/* NULL name: the environment's key pair if set (CI), else the Sandbox. */
HeraldAccount *
herald_cli_pick_account (HeraldAccountStore *store,
                         const char *name,
                         HeraldSandbox **sandbox,
                         GError **error)
{
  HeraldAccount *account;

  if (name == NULL && g_getenv ("MAILJET_API_KEY") && g_getenv ("MAILJET_SECRET_KEY"))
    {
      g_autofree char *url = g_strdup (g_getenv ("MAILJET_API_URL"));
      HeraldAccount *env = herald_account_new (
          _ ("Environment"), url ? HERALD_ACCOUNT_REGION_CUSTOM : HERALD_ACCOUNT_REGION_EU, url);

      g_object_set_data_full (G_OBJECT (store), "herald-cli-env-account", env, g_object_unref);
      return env;
    }

  account =
      name ? herald_account_store_find (store, name) : herald_account_store_get_sandbox (store);
  if (account == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _ ("There is no account named “%s”. See “herald-cli accounts list”."), name);
      return NULL;
    }

  if (herald_account_is_sandbox (account) && sandbox && *sandbox == NULL)
    {
      if (!(*sandbox = herald_builtin_sandbox_start (store, herald_cli_sandbox_speed (), error)))
        return NULL;
    }

  return account;
}

HeraldMailjetClient *
herald_cli_create_client (HeraldAccountStore *store, HeraldAccount *account, GError **error)
{
  HeraldCliWaiter waiter = { NULL };
  g_autoptr (GAsyncResult) result = NULL;

  herald_account_store_create_client_async (store, account, NULL, herald_cli_waiter_done, &waiter);
  result = herald_cli_wait (&waiter);
  return herald_account_store_create_client_finish (store, result, error);
}

void
herald_cli_connection_clear (HeraldCliConnection *connection)
{
  g_clear_object (&connection->client);
  g_clear_object (&connection->sandbox);
  connection->account = NULL;
  g_clear_object (&connection->store);
  g_clear_pointer (&connection->account_name, g_free);
}

gboolean
herald_cli_connection_open_account (HeraldCliConnection *connection, GError **error)
{
  return (connection->store = herald_cli_open_accounts (error)) != NULL &&
         (connection->account = herald_cli_pick_account (
              connection->store, connection->account_name, &connection->sandbox, error)) != NULL;
}

gboolean
herald_cli_connect (HeraldCliConnection *connection, GError **error)
{
  return herald_cli_connection_open_account (connection, error) &&
         (connection->client =
              herald_cli_create_client (connection->store, connection->account, error)) != NULL;
}

/* Accounts ------------------------------------------------------------------------------- */

static char *
prompt_hidden (const char *question)
{
  struct termios saved, quiet;
  char buffer[512];
  FILE *tty = fopen ("/dev/tty", "r+");
  char *ret = NULL;

  if (tty == NULL)
    return NULL;

  fprintf (tty, "%s", question);
  fflush (tty);
  tcgetattr (fileno (tty), &saved);
  quiet = saved;
  quiet.c_lflag &= ~ECHO;
  tcsetattr (fileno (tty), TCSAFLUSH, &quiet);
  if (fgets (buffer, sizeof buffer, tty))
    ret = g_strdup (g_strstrip (buffer));
  tcsetattr (fileno (tty), TCSAFLUSH, &saved);
  fprintf (tty, "\n");
  memset (buffer, 0, sizeof buffer);
  fclose (tty);

  return ret;
}

/* Never from argv: other users can read a process's arguments. */
static gboolean
read_credentials (char **api_key, char **secret_key, GError **error)
{
  if (g_getenv ("MAILJET_API_KEY") && g_getenv ("MAILJET_SECRET_KEY"))
    {
      *api_key = g_strdup (g_getenv ("MAILJET_API_KEY"));
      *secret_key = g_strdup (g_getenv ("MAILJET_SECRET_KEY"));
      return TRUE;
    }

  if (isatty (STDIN_FILENO))
    {
      *api_key = prompt_hidden (_ ("Mailjet API key: "));
      *secret_key = *api_key ? prompt_hidden (_ ("Mailjet secret key: ")) : NULL;
      if (*api_key && **api_key && *secret_key && **secret_key)
        return TRUE;
      g_clear_pointer (api_key, g_free);
      g_clear_pointer (secret_key, g_free);
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _ ("No API key given: set MAILJET_API_KEY and MAILJET_SECRET_KEY, or run in "
                          "a terminal to type them."));
  return FALSE;
}

static int
accounts_list (HeraldAccountStore *store, gboolean json)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr (HeraldAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);
      const char *where = herald_account_is_sandbox (account)
                              ? _ ("local sandbox, started on demand")
                              : herald_account_get_base_url (account);

      if (json)
        {
          json_builder_add_value (builder, herald_account_to_json (account));
          continue;
        }
      g_print ("%-20s %-8s %s%s%s\n", herald_account_get_name (account),
               herald_account_region_to_string (herald_account_get_region (account)), where,
               herald_account_get_pin (account) ? _ (" (pinned)") : "",
               herald_account_get_ca_file (account) && !herald_account_is_sandbox (account)
                   ? _ (" (own CA)")
                   : "");
    }
  json_builder_end_array (builder);

  if (json)
    herald_cli_print_json (builder, TRUE);

  return HERALD_CLI_EXIT_OK;
}

static int
accounts_add (HeraldAccountStore *store,
              const char *name,
              const char *region_name,
              const char *url,
              const char *ca_file,
              const char *sender,
              const char *pin)
{
  g_autoptr (HeraldAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *api_key = NULL;
  g_autofree char *secret_key = NULL;
  HeraldAccountRegion region = HERALD_ACCOUNT_REGION_EU;
  HeraldCliWaiter waiter = { NULL };

  if (url)
    {
      if (!g_str_has_prefix (url, "https://"))
        {
          g_printerr (_ ("The URL must start with https://\n"));
          return HERALD_CLI_EXIT_USAGE;
        }
      region = HERALD_ACCOUNT_REGION_CUSTOM;
    }
  else if (region_name && !herald_account_region_from_string (region_name, &region))
    region = HERALD_ACCOUNT_REGION_SANDBOX;
  if (region == HERALD_ACCOUNT_REGION_SANDBOX || (region_name && url))
    {
      g_printerr (_ ("Choose either --region eu|us or --url URL.\n"));
      return HERALD_CLI_EXIT_USAGE;
    }
  if (ca_file && !g_file_test (ca_file, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_ ("The certificate file %s does not exist.\n"), ca_file);
      return HERALD_CLI_EXIT_USAGE;
    }

  if (!read_credentials (&api_key, &secret_key, &error))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_USAGE;
    }

  account = herald_account_new (name, region, url);
  if (ca_file)
    {
      g_autofree char *absolute = g_canonicalize_filename (ca_file, NULL);

      herald_account_set_ca_file (account, absolute);
    }
  if (sender)
    herald_account_set_sender (account, sender, NULL);
  herald_account_set_pin (account, pin);

  herald_account_store_add_async (store, account, api_key, secret_key, NULL, herald_cli_waiter_done,
                                  &waiter);
  memset (secret_key, 0, strlen (secret_key));
  result = herald_cli_wait (&waiter);
  if (!herald_account_store_add_finish (store, result, &error))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  g_print (_ ("Added the account “%s”; its key is in the keyring.\n"), name);
  return HERALD_CLI_EXIT_OK;
}

static int
accounts_verify (HeraldAccountStore *store, const char *name, gboolean json)
{
  g_autoptr (HeraldSandbox) sandbox = NULL;
  g_autoptr (HeraldMailjetClient) client = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  HeraldAccount *account;
  HeraldTlsInfo *tls;
  HeraldCliWaiter waiter = { NULL };

  if (!(account = herald_cli_pick_account (store, name, &sandbox, &error)) ||
      !(client = herald_cli_create_client (store, account, &error)))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  herald_mailjet_client_verify_async (client, NULL, herald_cli_waiter_done, &waiter);
  result = herald_cli_wait (&waiter);
  if (!herald_mailjet_client_verify_finish (client, result, &error))
    {
      g_printerr (_ ("The account “%s” does not work: %s\n"), herald_account_get_name (account),
                  error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  tls = herald_mailjet_client_get_tls_info (client);
  if (json)
    {
      g_print ("{\"account\": \"%s\", \"valid\": true, \"tls\": \"%s\", \"cipher\": \"%s\", "
               "\"pin\": \"%s\"}\n",
               herald_account_get_id (account), tls ? herald_tls_info_get_protocol (tls) : "",
               tls ? herald_tls_info_get_cipher (tls) : "",
               tls ? herald_tls_info_get_spki_sha256 (tls) : "");
    }
  else
    {
      g_print (_ ("The account “%s” works: Mailjet accepted its key.\n"),
               herald_account_get_name (account));
      if (tls)
        {
          g_autofree char *text = herald_tls_info_to_string (tls);

          g_print ("%s\n", text);
        }
    }

  return HERALD_CLI_EXIT_OK;
}

static int
accounts_remove (HeraldAccountStore *store, const char *name)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  HeraldAccount *account = herald_account_store_find (store, name);
  g_autoptr (HeraldAccount) keep = NULL;
  HeraldCliWaiter waiter = { NULL };

  if (account == NULL)
    {
      g_printerr (_ ("There is no account named “%s”.\n"), name);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  keep = g_object_ref (account);
  herald_account_store_remove_async (store, keep, NULL, herald_cli_waiter_done, &waiter);
  result = herald_cli_wait (&waiter);
  if (!herald_account_store_remove_finish (store, result, &error))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_FINDINGS;
    }

  g_print (_ ("Removed the account “%s” and its key.\n"), herald_account_get_name (keep));
  return HERALD_CLI_EXIT_OK;
}

int
herald_cli_accounts_run (int argc, char **argv)
{
  g_autoptr (HeraldAccountStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *region = NULL;
  g_autofree char *url = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *pin = NULL;
  gboolean json = FALSE;
  const char *action;
  GOptionEntry entries[] = {
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, N_ ("Mailjet region for add: eu or us"),
      "REGION" },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_ ("Another API base URL for add (a proxy, a test server)"), "URL" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_ ("PEM certificate to trust for that URL"), "PEM" },
    { "sender", 0, 0, G_OPTION_ARG_STRING, &sender, N_ ("Default sender address"), "EMAIL" },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &pin,
      N_ ("Pin the server's public key (base64 SPKI SHA-256)"), "PIN" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
    { NULL }
  };

  if (!herald_cli_parse_options (
          &argc, &argv, _ ("list | add NAME | verify [NAME] | remove NAME"),
          _ ("Manage Mailjet accounts. Keys are read from MAILJET_API_KEY and "
             "MAILJET_SECRET_KEY, or typed in a terminal, and kept in the keyring."),
          entries))
    return HERALD_CLI_EXIT_USAGE;

  action = argc > 1 ? argv[1] : "list";
  if (!(store = herald_cli_open_accounts (&error)))
    {
      g_printerr ("%s\n", error->message);
      return HERALD_CLI_EXIT_USAGE;
    }

  if (g_str_equal (action, "list"))
    return accounts_list (store, json);
  if (g_str_equal (action, "verify"))
    return accounts_verify (store, argc > 2 ? argv[2] : NULL, json);
  if (g_str_equal (action, "add") && argc > 2)
    return accounts_add (store, argv[2], region, url, ca_file, sender, pin);
  if (g_str_equal (action, "remove") && argc > 2)
    return accounts_remove (store, argv[2]);

  g_printerr (_ ("Usage: herald-cli accounts list | add NAME (--region eu|us | --url URL "
                 "[--ca-file PEM]) | verify [NAME] | remove NAME\n"));
  return HERALD_CLI_EXIT_USAGE;
}
