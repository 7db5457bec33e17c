/* herald-sandbox-main.c: `herald-sandbox [--port N] [--speed X] [--api-key KEY] …`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "herald-sandbox.h"

typedef struct
{
  int port;
  double speed;
  double visibility_delay;
  int max_messages;
  int handshake_timeout;
  int idle_timeout;
  char *api_key;
  char *secret_key;
} Options;

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Test credentials of a local stand-in, made to look nothing like a real Mailjet key. */
static char *
random_credential (const char *prefix)
{
  return g_strdup_printf ("%s-%08x%08x", prefix, g_random_int (), g_random_int ());
}

static const char *
describe (void)
{
  return _ ("Credentials: only the API key and secret printed at start are accepted; any other "
            "pair, or none, gets Mailjet's 401 answer. Set them with --api-key and "
            "--secret-key, or with the HERALD_SANDBOX_API_KEY and HERALD_SANDBOX_SECRET_KEY "
            "environment variables; otherwise new ones are made at each start.\n"
            "\n"
            "Recipients: the local part of the address chooses what happens to a message.\n"
            "  ok@          delivered, opened, then clicked\n"
            "  bounce@      hard bounce (user unknown)\n"
            "  soft@        deferred (greylisted), then soft bounce (mailbox full)\n"
            "  blocked@     blocked (blacklisted)\n"
            "  spam@        delivered, opened, then reported as spam\n"
            "  slow@        delivered, but can be looked up only after 90 seconds\n"
            "  any other    delivered\n"
            "A \"+tag\" is ignored (bounce+2@ plays like bounce@). A message whose template "
            "fails to render is blocked with state 18, as on Mailjet. Senders at example.com, "
            "example.net, example.org, *.example, *.test and *.localhost may always send. New "
            "senders start Inactive until validated; validating one at those domains "
            "activates it at once; asked about a reserved domain, the sender list shows it as an "
            "active catch-all sender (*@domain).\n"
            "\n"
            "DNS: /dns/{domain}/check reads the real DNS for names under .test (a test's own "
            "DNS server answers them); other domains get canned answers, failing SPF and DKIM "
            "when the domain starts with \"unauthenticated.\".\n"
            "\n"
            "Faults: a request with the header \"X-Herald-Sandbox-Fault: NAME\" gets one:\n"
            "  401          Mailjet's 401 (empty text/html on v3 REST, JSON on v3.1)\n"
            "  429          too many requests, with an HTML body and no Retry-After\n"
            "  500          a server error with an ErrorIdentifier\n"
            "  slow         the answer after 30 seconds (slow=SECONDS sets the delay)\n"
            "  reset        the connection closed without an answer (the work is done)\n"
            "  malformed    a 200 whose JSON body is cut in half (the work is done)\n"
            "\n"
            "Limits: at most --max-messages messages are kept, the oldest going first with "
            "their history. A request line over 8 KB gets 414, a request head over 32 KB gets "
            "431. A connection that has not finished its TLS handshake after "
            "--handshake-timeout seconds, or stays idle for --idle-timeout seconds, is "
            "closed.");
}

static gboolean
check_options (Options *o)
{
  if (o->port < 0 || o->port > 65535)
    g_printerr (_ ("herald-sandbox: the port must be between 0 and 65535\n"));
  else if (o->speed <= 0)
    g_printerr (_ ("herald-sandbox: the speed must be greater than 0\n"));
  else if (o->max_messages < 1)
    g_printerr (_ ("herald-sandbox: --max-messages must be at least 1\n"));
  else if (o->handshake_timeout < 1 || o->idle_timeout < 1)
    g_printerr (_ ("herald-sandbox: the timeouts must be at least 1 second\n"));
  else if ((o->api_key != NULL && o->api_key[0] == '\0') ||
           (o->secret_key != NULL && o->secret_key[0] == '\0') ||
           (o->api_key != NULL && strchr (o->api_key, ':') != NULL))
    g_printerr (_ ("herald-sandbox: the API key and the secret key must not be empty, and the "
                   "API key must not contain \":\"\n"));
  else
    return TRUE;
  return FALSE;
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (HeraldSandbox) sandbox = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *api_key = NULL;
  g_autofree char *secret_key = NULL;
  gboolean secret_given;
  Options o = { 0, 1.0, -1, 10000, 10, 60, NULL, NULL };
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &o.port, N_ ("Port to listen on (default: any free port)"),
      "N" },
    { "speed", 's', 0, G_OPTION_ARG_DOUBLE, &o.speed,
      N_ ("Play delivery lifecycles X times faster (default: 1, realistic)"), "X" },
    { "visibility-delay", 0, 0, G_OPTION_ARG_DOUBLE, &o.visibility_delay,
      N_ ("Seconds before a sent message can be looked up (default: 5)"), "SECONDS" },
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &o.api_key,
      N_ ("The only API key accepted (default: $HERALD_SANDBOX_API_KEY, else a new one)"), "KEY" },
    { "secret-key", 0, 0, G_OPTION_ARG_STRING, &o.secret_key,
      N_ ("The only secret key accepted (default: $HERALD_SANDBOX_SECRET_KEY, else a new one)"),
      "SECRET" },
    { "max-messages", 0, 0, G_OPTION_ARG_INT, &o.max_messages,
      N_ ("Messages kept before the oldest go (default: 10000)"), "N" },
    { "handshake-timeout", 0, 0, G_OPTION_ARG_INT, &o.handshake_timeout,
      N_ ("Seconds a new connection has to finish its TLS handshake (default: 10)"), "SECONDS" },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &o.idle_timeout,
      N_ ("Seconds an idle connection stays open (default: 60)"), "SECONDS" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_ ("- a local stand-in for the Mailjet API"));
  g_option_context_set_summary (
      context, _ ("Serves the parts of the Mailjet API that Herald uses, over HTTPS on "
                  "127.0.0.1, with a certificate generated at start."));
  g_option_context_set_description (context, describe ());
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("herald-sandbox: %s\n", error->message);
      return 2;
    }
  if (o.api_key == NULL && g_getenv ("HERALD_SANDBOX_API_KEY") != NULL)
    o.api_key = g_strdup (g_getenv ("HERALD_SANDBOX_API_KEY"));
  if (o.secret_key == NULL && g_getenv ("HERALD_SANDBOX_SECRET_KEY") != NULL)
    o.secret_key = g_strdup (g_getenv ("HERALD_SANDBOX_SECRET_KEY"));
  if (!check_options (&o))
    return 2;

  secret_given = o.secret_key != NULL;
  api_key = o.api_key != NULL ? g_steal_pointer (&o.api_key) : random_credential ("sandbox-key");
  secret_key =
      o.secret_key != NULL ? g_steal_pointer (&o.secret_key) : random_credential ("sandbox-secret");

  sandbox = herald_sandbox_new ();
  herald_sandbox_set_speed (sandbox, o.speed);
  if (o.visibility_delay >= 0)
    herald_sandbox_set_visibility_delay (sandbox, o.visibility_delay);
  herald_sandbox_set_credentials (sandbox, api_key, secret_key);
  herald_sandbox_set_max_messages (sandbox, (guint) o.max_messages);
  herald_sandbox_set_timeouts (sandbox, (guint) o.handshake_timeout, (guint) o.idle_timeout);
  if (!herald_sandbox_start (sandbox, (guint16) o.port, &error))
    {
      g_printerr ("herald-sandbox: %s\n", error->message);
      return 1;
    }

  /* Lines that scripts read, so not translated. A secret someone chose stays out of the
   * output, and so out of any log of it. */
  g_print ("URL: %s\n", herald_sandbox_get_base_url (sandbox));
  g_print ("Certificate: %s\n", herald_sandbox_get_certificate_file (sandbox));
  g_print ("API key: %s\n", api_key);
  if (!secret_given)
    g_print ("Secret key: %s\n", secret_key);
  g_print (_ ("Press Ctrl+C to stop.\n"));
  fflush (stdout);
  memset (secret_key, 0, strlen (secret_key));

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  herald_sandbox_stop (sandbox);
  return 0;
}
