/* bench-startup.c: launch to first frame of the main window, for Herald, for the floor (a
 * bare libadwaita window with a header bar: bench-floor-window), for the same window
 * loading every library Herald links (bench-floor-window-libs) and, when it is installed,
 * GNOME Text Editor, all measured the same way in the same run, taking turns.
 *
 * "First frame" is observed from outside, identically for every program: the X server
 * reports the first top-level window that maps, then each drawing on it (DAMAGE), and the
 * clock stops at the first drawing after which the window shows something: more than one
 * colour along a few lines across it, the header bar's among them. (The first drawing on
 * a new window is its background, one colour, before the toolkit has painted anything.) Run under
 * Xvfb in a D-Bus session, e.g. build-aux/test-session --run _build/tests/bench/bench-startup
 * [RUNS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#define TIMEOUT_US (60 * G_USEC_PER_SEC)

static int damage_event_base;

static gboolean
wait_for_event (Display *display, XEvent *event, gint64 deadline)
{
  int fd = ConnectionNumber (display);

  while (!XPending (display))
    {
      fd_set fds;
      struct timeval tv = { 0, 20000 };

      if (g_get_monotonic_time () > deadline)
        return FALSE;
      FD_ZERO (&fds);
      FD_SET (fd, &fds);
      select (fd + 1, &fds, NULL, NULL, &tv);
    }

  XNextEvent (display, event);
  return TRUE;
}

/* TRUE when the window shows more than one colour along lines across it: near the top
 * (through a header bar's title and buttons) and at a quarter, half and three quarters of
 * its height. */
static gboolean
shows_content (Display *display, Window window)
{
  XWindowAttributes attributes;
  unsigned long first = 0;
  gboolean have_first = FALSE;

  if (!XGetWindowAttributes (display, window, &attributes) || attributes.width < 2)
    return FALSE;
  for (int line = 0; line < 4; line++)
    {
      int y = line == 0 ? MIN (20, attributes.height - 1) : attributes.height * line / 4;
      XImage *image =
          XGetImage (display, window, 0, y, (unsigned) attributes.width, 1, AllPlanes, ZPixmap);

      if (image == NULL)
        continue;
      for (int x = 0; x < attributes.width; x++)
        {
          unsigned long pixel = XGetPixel (image, x, 0) & 0xffffff;

          if (!have_first)
            {
              first = pixel;
              have_first = TRUE;
            }
          else if (pixel != first)
            {
              XDestroyImage (image);
              return TRUE;
            }
        }
      XDestroyImage (image);
    }
  return FALSE;
}

/* Spawns argv and returns microseconds from spawn to the first drawing that shows
 * something on its first mapped window, or -1. */
static gint64
measure_once (Display *display, char **argv, char **envp)
{
  Window root = DefaultRootWindow (display);
  g_autoptr (GError) error = NULL;
  GPid pid;
  gint64 start;
  gint64 deadline;
  gint64 result = -1;
  Window mapped = None;
  Damage damage = None;
  XEvent event;

  XSelectInput (display, root, SubstructureNotifyMask);
  XSync (display, True);

  start = g_get_monotonic_time ();
  deadline = start + TIMEOUT_US;
  if (!g_spawn_async (NULL, argv, envp,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                          G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    {
      g_printerr ("bench-startup: cannot start %s: %s\n", argv[0], error->message);
      return -1;
    }

  while (wait_for_event (display, &event, deadline))
    {
      if (mapped == None && event.type == MapNotify && !event.xmap.override_redirect)
        {
          mapped = event.xmap.window;
          damage = XDamageCreate (display, mapped, XDamageReportNonEmpty);
        }
      else if (mapped != None && event.type == damage_event_base + XDamageNotify &&
               ((XDamageNotifyEvent *) &event)->drawable == mapped)
        {
          gint64 seen = g_get_monotonic_time ();

          /* Reported again only once this drawing is taken off the damage. */
          XDamageSubtract (display, damage, None, None);
          if (shows_content (display, mapped))
            {
              result = seen - start;
              break;
            }
        }
    }

  if (damage != None)
    XDamageDestroy (display, damage);
  XSelectInput (display, root, NoEventMask);
  XSync (display, True);

  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  /* Let the session bus forget the name before the next run. */
  g_usleep (300 * 1000);

  return result;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  const char *label;
  char **argv;
  GArray *samples; /* gint64 microseconds */
  gboolean failed;
} Program;

/* One unmeasured start of each warms the disk cache and any first-run work (Herald copies
 * its sample library once). */
static void
warm_up (Display *display, Program *programs, guint n_programs, char **envp)
{
  for (guint p = 0; p < n_programs; p++)
    measure_once (display, programs[p].argv, envp);
}

/* The programs take turns, one start each per round, so that whatever changes on the machine
 * over the minutes of the run (other load, the disk cache, the clock's frequency) falls on
 * all of them alike instead of on whichever ran during it: the ratios compare like with
 * like. */
static void
measure_rounds (Display *display, Program *programs, guint n_programs, char **envp, guint runs)
{
  for (guint i = 0; i < runs; i++)
    for (guint p = 0; p < n_programs; p++)
      {
        gint64 us;

        if (programs[p].failed)
          continue;
        us = measure_once (display, programs[p].argv, envp);
        if (us < 0)
          {
            g_printerr ("bench-startup: %s did not show a window within %d s\n", programs[p].label,
                        (int) (TIMEOUT_US / G_USEC_PER_SEC));
            programs[p].failed = TRUE;
            continue;
          }
        g_array_append_val (programs[p].samples, us);
      }
}

/* Prints the program's figures and returns its median in ms, or -1 if it failed. */
static double
report (Program *program)
{
  GArray *samples = program->samples;
  guint runs = samples->len;

  if (program->failed || runs == 0)
    return -1;
  g_array_sort (samples, compare_gint64);
  printf ("%-20s runs %u  min %7.1f ms  median %7.1f ms  max %7.1f ms\n", program->label, runs,
          g_array_index (samples, gint64, 0) / 1000.0,
          g_array_index (samples, gint64, runs / 2) / 1000.0,
          g_array_index (samples, gint64, runs - 1) / 1000.0);
  return g_array_index (samples, gint64, runs / 2) / 1000.0;
}

int
main (int argc, char *argv[])
{
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 7;
  const char *herald = g_getenv ("HERALD_BINARY");
  g_autofree char *default_herald = NULL;
  g_autofree char *editor = g_find_program_in_path ("gnome-text-editor");
  g_auto (GStrv) envp = g_get_environ ();
  Display *display;
  int error_base;
  g_autofree char *floor_window = NULL;
  g_autofree char *floor_with_libraries = NULL;
  double herald_ms;
  double floor_ms;
  double libraries_ms;
  double editor_ms;

  if (runs < 1)
    runs = 1;

  display = XOpenDisplay (NULL);
  if (display == NULL || !XDamageQueryExtension (display, &damage_event_base, &error_base))
    {
      g_printerr (
          "bench-startup: needs an X display with the DAMAGE extension (run it under xvfb-run)\n");
      return 2;
    }

  if (herald == NULL)
    {
      g_autofree char *dir = g_path_get_dirname (argv[0]);

      default_herald = g_build_filename (dir, "..", "..", "app", "gui", "herald", NULL);
      herald = default_herald;
    }

  {
    g_autofree char *dir = g_path_get_dirname (argv[0]);

    floor_window = g_build_filename (dir, "bench-floor-window", NULL);
    floor_with_libraries = g_build_filename (dir, "bench-floor-window-libs", NULL);
  }

  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", BUILD_DATA_DIR, FALSE);
  envp = g_environ_setenv (envp, "WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS", "1", FALSE);
  envp = g_environ_setenv (envp, "HERALD_WEB_MODULE", HERALD_BUILD_WEB_MODULE, FALSE);

  {
    char *herald_argv[] = { (char *) herald, NULL };
    char *floor_argv[] = { floor_window, NULL };
    /* The same window, with every library the herald binary links loaded at start: what
     * the libraries alone add before any of Herald's code runs. */
    char *libraries_argv[] = { floor_with_libraries, NULL };
    char *editor_argv[] = { editor, "--standalone", "--new-window", NULL };
    Program programs[] = {
      { "herald", herald_argv, g_array_new (FALSE, FALSE, sizeof (gint64)), FALSE },
      { "floor (adw window)", floor_argv, g_array_new (FALSE, FALSE, sizeof (gint64)), FALSE },
      { "floor + herald libs", libraries_argv, g_array_new (FALSE, FALSE, sizeof (gint64)), FALSE },
      { "gnome-text-editor", editor_argv, g_array_new (FALSE, FALSE, sizeof (gint64)), FALSE },
    };
    guint n_programs = editor != NULL ? G_N_ELEMENTS (programs) : G_N_ELEMENTS (programs) - 1;

    warm_up (display, programs, n_programs, envp);
    measure_rounds (display, programs, n_programs, envp, runs);

    herald_ms = report (&programs[0]);
    floor_ms = report (&programs[1]);
    libraries_ms = report (&programs[2]);
    editor_ms = editor != NULL ? report (&programs[3]) : -1;
    for (guint p = 0; p < G_N_ELEMENTS (programs); p++)
      g_array_unref (programs[p].samples);
  }

  if (herald_ms > 0 && floor_ms > 0)
    printf ("ratio herald / floor (median start to first frame): %.2f (budget <= 1.15)\n",
            herald_ms / floor_ms);
  if (libraries_ms > 0 && floor_ms > 0)
    printf ("ratio floor with herald's libraries / floor: %.2f; herald / that: %.2f\n",
            libraries_ms / floor_ms, herald_ms / libraries_ms);

  if (editor == NULL)
    {
      printf (
          "gnome-text-editor is not installed: no reference run (apt install gnome-text-editor)\n");
      return herald_ms < 0 || floor_ms < 0 || libraries_ms < 0 ? 1 : 0;
    }

  if (herald_ms < 0 || floor_ms < 0 || libraries_ms < 0 || editor_ms < 0)
    return 1;

  printf ("ratio herald / gnome-text-editor (median start to first frame): %.2f (budget <= 1.00)\n",
          herald_ms / editor_ms);
  return 0;
}
