/* herald-cli-commands.h: one entry point per `herald-cli` sub-command.
 *
 * Each command gets argv with argv[0] set to "herald-cli COMMAND" and returns the process
 * exit status: 0 clean, 1 findings or a failed operation, 2 usage or I/O error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  const char *summary;
  int (*run) (int argc, char **argv);
} HeraldCliCommand;

enum
{
  HERALD_CLI_EXIT_OK = 0,
  HERALD_CLI_EXIT_FINDINGS = 1,
  HERALD_CLI_EXIT_USAGE = 2,
};

int herald_cli_extract_run (int argc, char **argv);
int herald_cli_update_po_run (int argc, char **argv);
int herald_cli_stats_run (int argc, char **argv);
int herald_cli_render_run (int argc, char **argv);
int herald_cli_lint_run (int argc, char **argv);
int herald_cli_accounts_run (int argc, char **argv);
int herald_cli_send_run (int argc, char **argv);
int herald_cli_status_run (int argc, char **argv);
int herald_cli_check_sender_run (int argc, char **argv);
int herald_cli_publish_run (int argc, char **argv);
int herald_cli_import_run (int argc, char **argv);
int herald_cli_new_template_run (int argc, char **argv);

/* Shared by every command; defined in herald-cli.c. On failure they print why, prefixed by
 * the command, and the command exits with HERALD_CLI_EXIT_USAGE. */
typedef struct _HeraldLibrary HeraldLibrary;
/* Parses a command's options; parameters and summary (or NULL) are what --help shows, and
 * entries may be NULL for a command without options. */
gboolean herald_cli_parse_options (int *argc,
                                   char ***argv,
                                   const char *parameters,
                                   const char *summary,
                                   const GOptionEntry *entries);
HeraldLibrary *herald_cli_load_library (const char *command, const char *path);
/* The library named by the only argument left after the options (argv[1]). */
HeraldLibrary *herald_cli_load_library_argument (int argc, char **argv);

/* Prints the builder's document on stdout: pretty for people, one line where each message is
 * one line. Defined in herald-cli.c. */
typedef struct _JsonBuilder JsonBuilder;
void herald_cli_print_json (JsonBuilder *builder, gboolean pretty);
/* A string member of the object being built; NULL gives null, as scripts expect of a member
 * that has no value. */
void herald_cli_json_add_string (JsonBuilder *builder, const char *member, const char *value);

/* The libraries work asynchronously and a command blocks: pass herald_cli_waiter_done as
 * the callback and the waiter as its data, then herald_cli_wait() spins the default main
 * context until the result is there. It returns the result (the caller owns it) and leaves
 * the waiter ready for another call. Defined in herald-cli.c. */
typedef struct
{
  GAsyncResult *result;
} HeraldCliWaiter;
void herald_cli_waiter_done (GObject *object, GAsyncResult *result, gpointer waiter);
GAsyncResult *herald_cli_wait (HeraldCliWaiter *waiter);

/* Shared by the commands that use an account; defined in herald-cli-accounts.c. */
typedef struct _HeraldAccount HeraldAccount;
typedef struct _HeraldAccountStore HeraldAccountStore;
typedef struct _HeraldMailjetClient HeraldMailjetClient;
typedef struct _HeraldSandbox HeraldSandbox;
double herald_cli_sandbox_speed (void);
HeraldAccountStore *herald_cli_open_accounts (GError **error);
HeraldAccount *herald_cli_pick_account (HeraldAccountStore *store,
                                        const char *name,
                                        HeraldSandbox **sandbox,
                                        GError **error);
HeraldMailjetClient *
herald_cli_create_client (HeraldAccountStore *store, HeraldAccount *account, GError **error);
/* What a command that talks to Mailjet holds: the --account it was given, and what
 * herald_cli_connect() opens for it. The store, the account and the Sandbox stay alive as long
 * as the client: the account belongs to the store, and the Sandbox is what the client talks
 * to. Declare it g_auto (HeraldCliConnection) connection = { NULL }. */
typedef struct
{
  char *account_name;
  HeraldAccountStore *store;
  HeraldAccount *account;
  HeraldSandbox *sandbox;
  HeraldMailjetClient *client;
} HeraldCliConnection;
void herald_cli_connection_clear (HeraldCliConnection *connection);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HeraldCliConnection, herald_cli_connection_clear)

/* The --account option of every such command, for its GOptionEntry list. */
#define HERALD_CLI_ACCOUNT_OPTION(connection)                                                      \
  {                                                                                                \
    "account", 0, 0, G_OPTION_ARG_STRING, &(connection)->account_name,                             \
        N_ ("Account (default: MAILJET_API_KEY if set, else the Sandbox)"), "NAME"                 \
  }

/* The store and the account --account names (the Sandbox started if it is that one); for a
 * command that looks at the account before it needs a client. */
gboolean herald_cli_connection_open_account (HeraldCliConnection *connection, GError **error);
/* The above, then the client. */
gboolean herald_cli_connect (HeraldCliConnection *connection, GError **error);

G_END_DECLS
