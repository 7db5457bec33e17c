/* bench-l10n.c: extraction + apply over the sample library and a generated 1,000-template
 * library, against translate-toolkit's html2po extracting the same HTML files in the same
 * run. Prints figures; asserts nothing about time.
 *
 * Budget (issue 6): Herald's extraction + apply ≥ 20× faster than html2po's extraction,
 * in elapsed time: what the person running `herald-cli extract` waits for. Herald cuts
 * templates on every core, html2po on one; CPU time is printed next to it, and so is the
 * ratio in CPU time.
 *
 * Usage: bench-l10n [SAMPLES_DIR]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "herald-core.h"
#include "herald-extractor.h"
#include "herald-l10n-library.h"
#include "herald-localizer.h"
#include "herald-test-files.h"

#define N_GENERATED 1000

typedef struct
{
  double cpu;
  double wall;
} Cost;

typedef struct
{
  Cost extract;
  Cost apply;
  Cost apply_cold;
  guint units;
  guint templates;
} HeraldFigures;

/* CPU time, of this process and of the children it waited for: the machine may be busy
 * with other work, and html2po runs as a child. */
static double
cpu_seconds (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static Cost
cost_start (void)
{
  return (Cost){ cpu_seconds (RUSAGE_SELF) + cpu_seconds (RUSAGE_CHILDREN),
                 g_get_monotonic_time () / 1e6 };
}

static Cost
cost_since (Cost start)
{
  Cost now = cost_start ();

  return (Cost){ now.cpu - start.cpu, now.wall - start.wall };
}

static int
compare_doubles (const void *a, const void *b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

/* The median of each figure: a run now and then is slowed by the machine (or by the first
 * touch of memory), and one such run should not decide the ratio. */
static Cost
cost_median (const Cost *costs, guint n)
{
  g_autofree double *cpu = g_new (double, n);
  g_autofree double *wall = g_new (double, n);

  for (guint i = 0; i < n; i++)
    {
      cpu[i] = costs[i].cpu;
      wall[i] = costs[i].wall;
    }
  qsort (cpu, n, sizeof *cpu, compare_doubles);
  qsort (wall, n, sizeof *wall, compare_doubles);
  return n % 2 ? (Cost){ cpu[n / 2], wall[n / 2] }
               : (Cost){ (cpu[n / 2 - 1] + cpu[n / 2]) / 2, (wall[n / 2 - 1] + wall[n / 2]) / 2 };
}

static char *
read_or_die (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("%s", error->message);
  return contents;
}

static void
write_or_die (const char *path, const char *contents)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents (path, contents, -1, &error))
    g_error ("%s", error->message);
}

static char *
replace_first (const char *text, const char *needle, const char *replacement)
{
  const char *found = strstr (text, needle);

  if (found == NULL)
    return g_strdup (text);
  return g_strdup_printf ("%.*s%s%s", (int) (found - text), text, replacement,
                          found + strlen (needle));
}

/* 1,000 templates cycling over the sample's, each with its own greeting so that the
 * catalogue does not collapse them into one. The sample's fr.po comes along. */
static char *
generate_library (const char *sample)
{
  g_autoptr (HeraldLibrary) library = herald_library_load (sample, NULL);
  g_autofree char *root = g_dir_make_tmp ("herald-bench-l10n-XXXXXX", NULL);
  char *path = g_build_filename (root, "generated", NULL);
  g_autofree char *herald_json = g_build_filename (sample, "herald.json", NULL);
  g_autofree char *fr_po = g_build_filename (sample, "po", "fr.po", NULL);
  guint n_sample = g_list_model_get_n_items (G_LIST_MODEL (library));
  const char *files[] = { "template.json", "body.html", "body.txt" };

  write_or_die (g_build_filename (path, "herald.json", NULL), read_or_die (herald_json));
  write_or_die (g_build_filename (path, "po", "fr.po", NULL), read_or_die (fr_po));

  for (guint i = 0; i < N_GENERATED; i++)
    {
      g_autoptr (HeraldTemplate) tmpl =
          g_list_model_get_item (G_LIST_MODEL (library), i % n_sample);
      g_autofree char *name = g_strdup_printf ("t%04u-%s", i, herald_template_get_id (tmpl));
      g_autofree char *greeting = g_strdup_printf ("Hello again (%u)", i);

      for (guint f = 0; f < G_N_ELEMENTS (files); f++)
        {
          g_autofree char *from =
              g_build_filename (herald_template_get_directory (tmpl), files[f], NULL);
          g_autofree char *to = g_build_filename (path, "templates", name, files[f], NULL);
          g_autofree char *contents = read_or_die (from);
          g_autofree char *varied = replace_first (contents, "Hello", greeting);

          write_or_die (to, varied);
        }
    }

  return path;
}

static guint
apply_all (HeraldLibrary *library, HeraldPoCatalog *fr)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (library));
  guint units = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (library), i);
      g_autoptr (HeraldLocalizedTemplate) localized =
          herald_localize_template (tmpl, fr, NULL, &error);
      const HeraldL10nCounts *counts;

      if (localized == NULL)
        g_error ("%s", error->message);
      counts = herald_localized_template_get_counts (localized);
      units += counts->translated + counts->fuzzy + counts->untranslated;
    }
  return units;
}

/* One round: extraction and .pot, apply with the units just cut, apply from nothing. */
static void
run_herald_once (HeraldLibrary *library, HeraldPoCatalog *fr, Cost costs[3], guint *units)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pot_path = NULL;
  Cost start;

  /* Cold: the units cache is emptied before the extraction. */
  herald_extract_clear_cache ();
  start = cost_start ();
  /* Extraction, merging and writing the .pot through libgettextpo. */
  if (!herald_l10n_write_pot (library, &pot_path, &error))
    g_error ("%s", error->message);
  costs[0] = cost_since (start);

  /* Then every template in French, reusing the units just cut, as after update-po. */
  start = cost_start ();
  *units = apply_all (library, fr);
  costs[1] = cost_since (start);

  /* And from nothing: the templates cut again. */
  herald_extract_clear_cache ();
  start = cost_start ();
  apply_all (library, fr);
  costs[2] = cost_since (start);
}

/* html2po's input: a copy of the HTML parts only (it knows nothing else). Returns the
 * folder holding "in"; *n_files is how many files it has. */
static char *
html2po_input_new (const char *library_path, guint *n_files)
{
  char *root = g_dir_make_tmp ("herald-bench-html2po-XXXXXX", NULL);
  g_autofree char *input = g_build_filename (root, "in", NULL);
  g_autofree char *templates = g_build_filename (library_path, "templates", NULL);
  g_autoptr (GDir) dir = g_dir_open (templates, 0, NULL);
  const char *name;

  *n_files = 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (templates, name, "body.html", NULL);
      g_autofree char *file = g_strconcat (name, ".html", NULL);
      g_autofree char *to = g_build_filename (input, file, NULL);
      g_autofree char *contents = read_or_die (from);

      write_or_die (to, contents);
      (*n_files)++;
    }
  return root;
}

static Cost
run_html2po_once (const char *root)
{
  g_autofree char *input = g_build_filename (root, "in", NULL);
  g_autofree char *output = g_build_filename (root, "out", NULL);
  g_autofree char *standard_error = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = {
    "html2po", "--pot", "--duplicates=merge", "-i", input, "-o", output, NULL
  };
  int status = 0;
  Cost start = cost_start ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &standard_error, &status, &error))
    g_error ("html2po could not run (apt-get install translate-toolkit): %s", error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("html2po failed: %s", standard_error);
  return cost_since (start);
}

static void
print_cost (const char *label, Cost cost, const char *note)
{
  printf ("  %-34s %9.2f ms %9.2f ms  %s\n", label, cost.wall * 1e3, cost.cpu * 1e3, note);
}

static void
report (const char *label, const char *library_path, guint repeat, guint html2po_repeat)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (library_path, &error);
  g_autoptr (HeraldPoCatalog) fr = NULL;
  g_autofree Cost *extract = g_new0 (Cost, repeat);
  g_autofree Cost *apply = g_new0 (Cost, repeat);
  g_autofree Cost *apply_cold = g_new0 (Cost, repeat);
  g_autofree Cost *html2po_runs = g_new0 (Cost, html2po_repeat);
  g_autofree char *html2po_root = NULL;
  g_autofree char *html2po_label = NULL;
  HeraldFigures herald = { 0 };
  Cost html2po, ours, ours_cold;
  guint n_files = 0;

  if (library == NULL)
    g_error ("%s", error->message);
  fr = herald_l10n_load_catalog (library, "fr", &error);
  if (fr == NULL)
    g_error ("%s", error->message);
  herald.templates = g_list_model_get_n_items (G_LIST_MODEL (library));
  html2po_root = html2po_input_new (library_path, &n_files);

  /* Rounds of Herald and html2po alternate: the machine's pace drifts, and both should see
   * the same drifts. */
  for (guint r = 0; r < MAX (repeat, html2po_repeat); r++)
    {
      if (r < repeat)
        {
          Cost costs[3];

          run_herald_once (library, fr, costs, &herald.units);
          extract[r] = costs[0];
          apply[r] = costs[1];
          apply_cold[r] = costs[2];
        }
      if (r < html2po_repeat)
        html2po_runs[r] = run_html2po_once (html2po_root);
    }
  herald_test_remove_tree (html2po_root);
  herald.extract = cost_median (extract, repeat);
  herald.apply = cost_median (apply, repeat);
  herald.apply_cold = cost_median (apply_cold, repeat);
  html2po = cost_median (html2po_runs, html2po_repeat);

  ours = (Cost){ herald.extract.cpu + herald.apply.cpu, herald.extract.wall + herald.apply.wall };
  ours_cold = (Cost){ herald.extract.cpu + herald.apply_cold.cpu,
                      herald.extract.wall + herald.apply_cold.wall };
  html2po_label = g_strdup_printf ("html2po, %u HTML files", n_files);

  printf ("%s: %u templates, %u units per locale, %u cores, medians of %u runs (html2po %u)\n",
          label, herald.templates, herald.units, g_get_num_processors (), repeat, html2po_repeat);
  printf ("  %-34s %12s %12s\n", "", "elapsed", "CPU");
  print_cost ("herald extract + write .pot", herald.extract, "");
  print_cost ("herald apply fr, 4 parts", herald.apply, "(units reused from the extraction)");
  print_cost ("herald apply fr, cut again", herald.apply_cold, "(cold)");
  print_cost (html2po_label, html2po, "");
  printf ("  ratio html2po / herald extract+apply      %6.1f× elapsed (budget ≥ 20×), %.1f× CPU\n",
          html2po.wall / ours.wall, html2po.cpu / ours.cpu);
  printf ("  ratio html2po / herald extract+cold apply %6.1f× elapsed, %.1f× CPU\n\n",
          html2po.wall / ours_cold.wall, html2po.cpu / ours_cold.cpu);
}

int
main (int argc, char **argv)
{
  const char *samples = argc > 1 ? argv[1] : SOURCE_SAMPLES_DIR;
  g_autofree char *sample = g_build_filename (samples, "account-alerts", NULL);
  g_autofree char *sample_copy = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *root = NULL;

  setlocale (LC_ALL, "");

  /* The .pot is written into the library: work on copies. */
  generated = generate_library (sample);
  root = g_path_get_dirname (generated);
  sample_copy = g_build_filename (root, "account-alerts", NULL);
  {
    g_autofree char *command = g_strdup_printf ("cp -r '%s' '%s'", sample, sample_copy);

    if (system (command) != 0)
      g_error ("could not copy the sample library");
  }

  report ("Sample library", sample_copy, 21, 5);
  report ("Generated library", generated, 5, 3);
  herald_test_remove_tree (root);
  return 0;
}
