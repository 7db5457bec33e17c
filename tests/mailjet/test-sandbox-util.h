/* test-sandbox-util.h: talking to the sandbox from tests with a plain SoupSession.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "herald-sandbox.h"

G_BEGIN_DECLS

typedef struct
{
  guint status;       /* 0 when the request failed */
  char *content_type; /* the whole header, parameters included */
  char *body;         /* NUL-terminated */
  gsize length;
  JsonNode *json; /* NULL when the body is not JSON */
  char *request_guid;
  char *www_authenticate;
  char *retry_after;
  GError *error;
} SandboxResponse;

void sandbox_response_free (SandboxResponse *response);
/* A session that trusts exactly the sandbox's certificate file, with verification on. */
SoupSession *sandbox_test_session_new (HeraldSandbox *sandbox);
/* Starts @sandbox (made and set up by the caller) on a free port of 127.0.0.1 and returns
 * such a session. */
SoupSession *sandbox_test_start (HeraldSandbox *sandbox);
/* Frees the session, stops the Sandbox and frees it; both pointers end NULL. */
void sandbox_test_stop (HeraldSandbox **sandbox, SoupSession **session);
/* The environment for a spawned herald-cli: the test's isolated folders, and the API key
 * variables set to @key and @secret, or unset when @key is NULL. */
char **sandbox_test_cli_environ (const char *key, const char *secret);
/* $HERALD_CLI, else the build tree's herald-cli. */
char *sandbox_test_cli_path (void);
/* Runs herald-cli with @args in that environment, in the C locale, and returns its stdout;
 * @status gets its exit status and @err_out (if not NULL) its stderr. */
char *sandbox_test_run_cli (
    const char *const *args, const char *key, const char *secret, int *status, char **err_out);
/* The same for a command that prints a JSON object (--json): asserts the exit status and
 * returns the object parsed. */
JsonObject *sandbox_test_run_cli_json (const char *const *args,
                                       const char *key,
                                       const char *secret,
                                       int expected_status);
/* Whether the session bus has a Secret Service; the test fails, saying so, when not. */
gboolean sandbox_test_have_keyring (void);
/* A started Sandbox that takes @key and @secret, added to the keyring as the account @name
 * by `herald-cli accounts add`, which reads the key from the environment as in CI. */
HeraldSandbox *sandbox_test_start_account (const char *name, const char *key, const char *secret);
/* Removes the account @name with `herald-cli accounts remove`, stops the Sandbox and frees it. */
void sandbox_test_stop_account (HeraldSandbox **sandbox, const char *name);
/* What most Sandbox tests run against: a started Sandbox and a session that trusts it. */
typedef struct
{
  HeraldSandbox *sandbox;
  SoupSession *session;
} SandboxFixture;

/* g_test_add set-up: a new Sandbox, at its default pace, started. */
void sandbox_fixture_setup (SandboxFixture *f, gconstpointer data);
/* The same, with lifecycles a hundred times faster. */
void sandbox_fixture_setup_fast (SandboxFixture *f, gconstpointer data);
/* g_test_add tear-down of either: sandbox_test_stop. */
void sandbox_fixture_teardown (SandboxFixture *f, gconstpointer data);

/* credentials is "key:secret" or NULL (no Authorization header); fault is the value of the
 * X-Herald-Sandbox-Fault header or NULL. */
SandboxResponse *sandbox_request (SoupSession *session,
                                  HeraldSandbox *sandbox,
                                  const char *method,
                                  const char *path,
                                  const char *body,
                                  const char *credentials,
                                  const char *fault);
/* Walks "Member", index pairs ending with NULL ("Messages", 0, "To", 0, NULL) and asserts
 * that each step exists. */
JsonObject *sandbox_path_object (JsonNode *root, ...) G_GNUC_NULL_TERMINATED;

/* Virtual time for the Sandbox's lifecycles: it stands still until the test advances it. The
 * Sandbox reads it from its own thread, hence the lock. */
typedef struct
{
  GMutex mutex;
  gint64 now; /* microseconds */
} SandboxVirtualClock;

/* Starts the clock at an arbitrary non-zero time and gives it to @sandbox (before any send). */
void sandbox_virtual_clock_attach (SandboxVirtualClock *clock, HeraldSandbox *sandbox);
void sandbox_virtual_clock_clear (SandboxVirtualClock *clock);
void sandbox_virtual_clock_advance (SandboxVirtualClock *clock, double seconds);
/* A HeraldClock reading @data, a SandboxVirtualClock: for the delivery tracker. */
gint64 sandbox_virtual_clock_read (gpointer data);
/* Runs the default main context until @done says so, moving the clock on by @step seconds
 * whenever nothing is left to do; fails the test past @limit virtual seconds. */
void sandbox_virtual_clock_run_until (SandboxVirtualClock *clock,
                                      double step,
                                      double limit,
                                      gboolean (*done) (gpointer data),
                                      gpointer data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SandboxResponse, sandbox_response_free)

G_END_DECLS
