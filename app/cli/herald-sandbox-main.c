/* herald-sandbox-main.c: `herald-sandbox [--port N] [--speed X]`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib-unix.h>

#include "herald-sandbox.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (HeraldSandbox) sandbox = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GError) error = NULL;
  int port = 0;
  double speed = 1.0;
  double visibility_delay = -1;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port to listen on (default: any free port)", "N" },
    { "speed", 's', 0, G_OPTION_ARG_DOUBLE, &speed,
      "Play delivery lifecycles X times faster (default: 1, realistic)", "X" },
    { "visibility-delay", 0, 0, G_OPTION_ARG_DOUBLE, &visibility_delay,
      "Seconds before a sent message can be looked up (default: 5)", "SECONDS" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  options = g_option_context_new ("- a local stand-in for the Mailjet API");
  g_option_context_set_summary (
      options,
      "Serves the parts of the Mailjet API that Herald uses, over HTTPS on 127.0.0.1, with a\n"
      "certificate generated at start. Any non-empty API key and secret are accepted.\n"
      "The recipient's local part chooses what happens to a message: ok@ (opened, then\n"
      "clicked), bounce@ (user unknown), soft@ (deferred, then soft bounce), blocked@, spam@,\n"
      "slow@ (takes long to appear); any other address is delivered.\n"
      "Senders: the reserved domains (example.com/.net/.org, *.example, *.test,\n"
      "*.localhost) are active catch-all senders. /dns/{domain}/check reads the real DNS\n"
      "for names under .test (a test's own DNS server answers them); other domains get\n"
      "canned answers, failing SPF and DKIM when the domain starts with\n"
      "\"unauthenticated.\".");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("herald-sandbox: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535)
    {
      g_printerr ("herald-sandbox: the port must be between 0 and 65535\n");
      return 2;
    }
  if (speed <= 0)
    {
      g_printerr ("herald-sandbox: the speed must be greater than 0\n");
      return 2;
    }

  sandbox = herald_sandbox_new ();
  herald_sandbox_set_speed (sandbox, speed);
  if (visibility_delay >= 0)
    herald_sandbox_set_visibility_delay (sandbox, visibility_delay);
  if (!herald_sandbox_start (sandbox, (guint16) port, &error))
    {
      g_printerr ("herald-sandbox: %s\n", error->message);
      return 1;
    }

  g_print ("URL: %s\n", herald_sandbox_get_base_url (sandbox));
  g_print ("Certificate: %s\n", herald_sandbox_get_certificate_file (sandbox));
  g_print ("Press Ctrl+C to stop.\n");
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  herald_sandbox_stop (sandbox);
  return 0;
}
