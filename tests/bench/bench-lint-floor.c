/* bench-lint-floor.c: the CPU time libxml2 alone needs to read every template's HTML of a
 * library twice, as `herald-cli lint` must at least: once for the source's structure (the
 * accessibility rule) and once for what Mailjet would send (is the rendered HTML well
 * formed). Both parses here build no tree, so this is a floor no change to Herald's own code
 * can go under while libxml2 parses the HTML. bench-big-library prints it beside the
 * lint's CPU time. Prints a figure; asserts nothing about time.
 *
 * Run from the build directory: tests/bench/bench-lint-floor LIBRARY
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

/* User and system time of this process. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
ignore_error (void *data, xmlErrorPtr error)
{
}

/* The lint's error-only parse (herald-lint.c's add_parser_problems): no callbacks, no tree. */
static void
parse_without_tree (const char *html, gsize length)
{
  htmlParserCtxtPtr parser = htmlNewParserCtxt ();
  htmlDocPtr doc;

  memset (parser->sax, 0, sizeof *parser->sax);
  doc = htmlCtxtReadMemory (parser, html, (int) MIN (length, G_MAXINT), NULL, "UTF-8",
                            HTML_PARSE_NONET | HTML_PARSE_NOWARNING);
  if (doc != NULL)
    xmlFreeDoc (doc);
  htmlFreeParserCtxt (parser);
}

/* Every templates/NAME/body.html of library, read into memory before the clock starts. */
static GPtrArray *
read_bodies (const char *library, GError **error)
{
  g_autofree char *folder = g_build_filename (library, "templates", NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, error);
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, "body.html", NULL);
      char *text;

      if (g_file_get_contents (path, &text, NULL, NULL))
        g_ptr_array_add (bodies, text);
    }
  return g_steal_pointer (&bodies);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) bodies = NULL;
  double start;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s LIBRARY\n", argv[0]);
      return 2;
    }
  bodies = read_bodies (argv[1], &error);
  if (bodies == NULL)
    {
      fprintf (stderr, "bench-lint-floor: %s\n", error->message);
      return 1;
    }

  xmlInitParser ();
  xmlSetStructuredErrorFunc (NULL, ignore_error);
  start = cpu_seconds ();
  for (guint i = 0; i < bodies->len; i++)
    {
      const char *html = g_ptr_array_index (bodies, i);
      gsize length = strlen (html);

      parse_without_tree (html, length);
      parse_without_tree (html, length);
    }
  printf ("%.3f s CPU: libxml2 parsing the HTML of %u templates twice\n", cpu_seconds () - start,
          bodies->len);
  return 0;
}
