/* bench-checks.c: the cost of the client-support and accessibility rules per template of the
 * sample library, next to the whole lint of the same template (all rules, every scenario)
 * measured in the same run. Prints figures; asserts nothing about time.
 *
 * Run from the build directory: tests/bench/bench-checks [LIBRARY]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "herald-core.h"
#include "herald-lint-private.h"

#define MIN_SECONDS 0.3

static double
cpu_seconds (void)
{
  return (double) clock () / CLOCKS_PER_SEC;
}

typedef void (*Rule) (HeraldLintContext *lint);

/* CPU milliseconds per run of rule on tmpl (its HTML parsed once, as lint does first). */
static double
time_rule (HeraldTemplate *tmpl, Rule rule)
{
  HeraldLintContext lint = { 0 };
  g_autoptr (GError) error = NULL;
  HeraldTlLocation location;
  double start;
  guint runs = 0;

  lint.tmpl = tmpl;
  lint.template_id = herald_template_get_id (tmpl);
  lint.trees[HERALD_PART_HTML] = herald_tl_template_parse (
      herald_template_get_part (tmpl, HERALD_PART_HTML), -1, &location, &error);
  lint.scenarios = g_ptr_array_new ();
  lint.contexts = g_ptr_array_new ();
  lint.rendered = g_ptr_array_new ();
  lint.diagnostics = g_ptr_array_new_with_free_func (g_object_unref);

  start = cpu_seconds ();
  do
    {
      rule (&lint);
      g_ptr_array_set_size (lint.diagnostics, 0);
      runs++;
    }
  while (cpu_seconds () - start < MIN_SECONDS);

  g_clear_pointer (&lint.trees[HERALD_PART_HTML], herald_tl_template_unref);
  g_ptr_array_unref (lint.diagnostics);
  g_ptr_array_unref (lint.rendered);
  g_ptr_array_unref (lint.contexts);
  g_ptr_array_unref (lint.scenarios);
  return (cpu_seconds () - start) * 1000.0 / runs;
}

static double
time_lint (HeraldTemplate *tmpl)
{
  double start = cpu_seconds ();
  guint runs = 0;

  do
    {
      g_ptr_array_unref (herald_lint_template (tmpl));
      runs++;
    }
  while (cpu_seconds () - start < MIN_SECONDS);
  return (cpu_seconds () - start) * 1000.0 / runs;
}

int
main (int argc, char **argv)
{
  const char *path = argc > 1 ? argv[1] : "../data/samples/account-alerts";
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (path, &error);
  double total_clients = 0;
  double total_a11y = 0;
  double total_lint = 0;
  guint n;

  if (library == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  /* Loaded once per process, as in the app; not part of any template's cost. */
  herald_client_support_get_default ();

  n = g_list_model_get_n_items (G_LIST_MODEL (library));
  printf ("%-20s %8s %12s %12s %12s\n", "template", "HTML KB", "clients ms", "a11y ms",
          "whole lint ms");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (library), i);
      double clients = time_rule (tmpl, _herald_lint_rule_client_support);
      double a11y = time_rule (tmpl, _herald_lint_rule_accessibility);
      double whole = time_lint (tmpl);

      printf ("%-20s %8.1f %12.3f %12.3f %12.3f\n", herald_template_get_id (tmpl),
              strlen (herald_template_get_part (tmpl, HERALD_PART_HTML)) / 1024.0, clients, a11y,
              whole);
      total_clients += clients;
      total_a11y += a11y;
      total_lint += whole;
    }
  printf ("per template (mean): client support %.3f ms, accessibility %.3f ms, whole lint "
          "%.3f ms (the new rules are %.0f%% of it)\n",
          total_clients / n, total_a11y / n, total_lint / n,
          100.0 * (total_clients + total_a11y) / total_lint);
  return 0;
}
