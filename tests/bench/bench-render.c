/* bench-render.c: template render throughput against memcpy of the same bytes, parse and
 * render of one very long line, and the CPU time of linting 1,000 generated templates.
 * Prints figures; asserts nothing about time.
 *
 * Budgets (docs/testing.md): render ≥ 100 MB/s of output on one core; lint of 1,000
 * templates under 1 s of CPU.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <locale.h>
#include <time.h>

#include <glib/gstdio.h>

#include "herald-core.h"
#include "herald-lint.h"
#include "herald-render.h"
#include "herald-test-files.h"

#define MIN_SECONDS 0.5

static double
cpu_seconds (void)
{
  return (double) clock () / CLOCKS_PER_SEC;
}

typedef struct
{
  gsize bytes;
  double seconds;
} Measure;

/* Renders the parsed parts repeatedly for at least MIN_SECONDS. */
static Measure
measure_render (HeraldTlTemplate **trees, guint n_trees, const HeraldTlContext *ctx, GString *last)
{
  Measure m = { 0, 0 };
  GString *out = g_string_sized_new (256 * 1024);
  double start = cpu_seconds ();

  do
    {
      for (guint i = 0; i < n_trees; i++)
        {
          g_string_truncate (out, 0);
          if (!herald_tl_template_render (trees[i], ctx, out, NULL, NULL))
            g_error ("a benchmark template failed to render");
          m.bytes += out->len;
          if (last != NULL && i == n_trees - 1)
            g_string_assign (last, out->str);
        }
      m.seconds = cpu_seconds () - start;
    }
  while (m.seconds < MIN_SECONDS);

  g_string_free (out, TRUE);
  return m;
}

/* memcpy of the same total number of bytes, in chunks the size of the output. */
static double
memcpy_seconds (gsize total, gsize chunk)
{
  char *src = g_malloc (chunk + 1);
  char *dst = g_malloc (chunk + 1);
  volatile char sink = 0;
  double start = cpu_seconds ();
  gsize done = 0;

  memset (src, 'x', chunk);
  while (done < total)
    {
      memcpy (dst, src, chunk);
      sink ^= dst[done % chunk];
      src[0] = sink;
      done += chunk;
    }
  start = cpu_seconds () - start;
  g_free (src);
  g_free (dst);
  return MAX (start, 1e-9);
}

static void
report (const char *what, Measure m, gsize chunk)
{
  double mbs = m.bytes / m.seconds / 1e6;
  double copy = m.bytes / memcpy_seconds (m.bytes, MAX (chunk, 1)) / 1e6;

  g_print ("%-44s %9.1f MB/s   memcpy %9.1f MB/s   ratio %.3f   (%s)\n", what, mbs, copy,
           mbs / copy, mbs >= 100 ? "budget ≥ 100 MB/s met" : "UNDER the 100 MB/s budget");
}

static void
bench_samples (const char *library_dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (library_dir, &error);
  Measure total = { 0, 0 };
  gsize largest = 0;

  if (library == NULL)
    {
      g_print ("samples: not measured (%s)\n", error->message);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
    {
      g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (library), i);
      GListModel *scenarios = herald_template_get_scenarios (tmpl);
      HeraldTlTemplate *trees[4];

      for (guint part = 0; part < 4; part++)
        {
          trees[part] =
              herald_tl_template_parse (herald_template_get_part (tmpl, part), -1, NULL, &error);
          if (trees[part] == NULL)
            g_error ("%s: %s", herald_template_get_id (tmpl), error->message);
        }

      for (guint j = 0; j < g_list_model_get_n_items (scenarios); j++)
        {
          g_autoptr (HeraldScenario) scenario = g_list_model_get_item (scenarios, j);
          g_autoptr (HeraldRenderContext) context =
              herald_render_context_new (tmpl, NULL, scenario, NULL);
          g_autofree char *label = NULL;
          Measure m;

          if (context == NULL)
            continue;
          m = measure_render (trees, 4, herald_render_context_get_tl (context), NULL);
          label = g_strdup_printf ("  %s × %s", herald_template_get_id (tmpl),
                                   herald_scenario_get_id (scenario));
          report (label, m, 16 * 1024);
          total.bytes += m.bytes;
          total.seconds += m.seconds;
          largest = MAX (largest, m.bytes);
        }

      for (guint part = 0; part < 4; part++)
        herald_tl_template_unref (trees[part]);
    }
  if (total.seconds > 0)
    report ("samples, all templates × scenarios", total, 16 * 1024);
}

static char *
generated_template (gsize target)
{
  GString *source = g_string_new ("<html><body>\n<h1>Hello {{var:first_name:\"client\"}}</h1>\n");

  while (source->len < target)
    {
      g_string_append (
          source, "<p>Your balance is {{ Round(var:balance, 2) }} {{var:currency:\"EUR\"}}. "
                  "{% if var:balance < var:threshold %}It is under your threshold of "
                  "{{var:threshold}}.{% else %}All good.{% endif %}</p>\n"
                  "<table>{% for e in var:items %}<tr><td>{{ e.label }}</td>"
                  "<td>{{ e.amount }} EUR</td></tr>{% endfor %}</table>\n"
                  "<p>Plain paragraph of explanatory text that does not use the template "
                  "language at all, as most of an alert's HTML is static markup and copy.</p>\n");
    }
  g_string_append (source, "</body></html>\n");
  return g_string_free (source, FALSE);
}

static JsonObject *
generated_variables (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  json_parser_load_from_data (
      parser,
      "{\"first_name\": \"Léa\", \"balance\": 42.5, \"currency\": \"EUR\","
      " \"threshold\": 100, \"items\": [{\"label\": \"Loyer\", \"amount\": 850},"
      " {\"label\": \"Assurance\", \"amount\": 320}]}",
      -1, NULL);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
bench_generated (void)
{
  g_autofree char *source = generated_template (100 * 1024);
  g_autoptr (HeraldTlTemplate) tree = herald_tl_template_parse (source, -1, NULL, NULL);
  g_autoptr (JsonObject) variables = generated_variables ();
  g_autoptr (GString) last = g_string_new (NULL);
  HeraldTlTemplate *trees[1] = { tree };
  HeraldTlContext ctx;
  Measure m;
  double start;
  guint parses = 0;

  herald_tl_context_init (&ctx);
  ctx.variables = variables;
  m = measure_render (trees, 1, &ctx, last);
  g_print ("generated template: %zu bytes of source, %zu bytes of output\n", strlen (source),
           last->len);
  report ("generated ~100 KB template", m, last->len);

  start = cpu_seconds ();
  do
    {
      HeraldTlTemplate *parsed = herald_tl_template_parse (source, -1, NULL, NULL);

      herald_tl_template_unref (parsed);
      parses++;
    }
  while (cpu_seconds () - start < MIN_SECONDS);
  g_print ("%-44s %9.1f MB/s of source (%.2f ms per parse)\n", "  parse of the same template",
           parses * strlen (source) / (cpu_seconds () - start) / 1e6,
           (cpu_seconds () - start) * 1000 / parses);
}

/* Minified one-line HTML: tags per second must not fall as the line grows (issue 20: the
 * position of each tag was recounted from the line's start, 80,000 tags took 6.9 s). */
static void
bench_long_line (void)
{
  static const guint counts[] = { 10000, 40000, 80000, 1000000 };
  g_autoptr (JsonObject) variables = generated_variables ();
  HeraldTlContext ctx;

  herald_tl_context_init (&ctx);
  ctx.variables = variables;

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr (GString) source = g_string_new ("<p>");
      g_autoptr (GString) out = g_string_new (NULL);
      HeraldTlTemplate *tree;
      double start, parse_seconds, render_seconds;

      for (guint j = 0; j < counts[i]; j++)
        g_string_append (source, "{{var:currency}}");
      g_string_append (source, "</p>\n");

      start = cpu_seconds ();
      tree = herald_tl_template_parse (source->str, source->len, NULL, NULL);
      parse_seconds = cpu_seconds () - start;
      if (tree == NULL)
        g_error ("the long-line template failed to parse");
      start = cpu_seconds ();
      if (!herald_tl_template_render (tree, &ctx, out, NULL, NULL))
        g_error ("the long-line template failed to render");
      render_seconds = cpu_seconds () - start;
      herald_tl_template_unref (tree);

      g_print ("one line of %7u tags (%8zu bytes): parse %.3f s, render %.3f s, %.2f µs per tag\n",
               counts[i], source->len, parse_seconds, render_seconds,
               (parse_seconds + render_seconds) * 1e6 / counts[i]);
    }
}

/* 1,000 alert-sized templates (about 6 KB of HTML, two scenarios each) are written to a
 * temporary library; only the lint itself is timed. */
static void
bench_lint (void)
{
  g_autofree char *root = g_dir_make_tmp ("herald-bench-XXXXXX", NULL);
  g_autofree char *html = generated_template (6 * 1024);
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GError) error = NULL;
  guint n_templates = 1000;
  guint n_findings = 0;
  double start, seconds;

  herald_test_write_file (
      root, "herald.json",
      "{\"format\": 1, \"name\": \"Bench\", \"sourceLocale\": \"en\", \"targetLocales\": [],"
      " \"from\": {\"email\": \"a@example.com\", \"name\": \"Bench\"}}");
  for (guint i = 0; i < n_templates; i++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/templates/t%04u/scenarios", root, i);
      g_autofree char *tdir = g_path_get_dirname (dir);
      g_autofree char *meta =
          g_strdup_printf ("{\"name\": \"T%u\", \"subject\": \"Alert %u for {{var:first_name}}\","
                           " \"preheader\": \"Balance {{var:balance}}\", \"tags\": []}",
                           i, i);

      g_mkdir_with_parents (dir, 0700);
      herald_test_write_file (tdir, "template.json", meta);
      herald_test_write_file (tdir, "body.html", html);
      herald_test_write_file (
          tdir, "body.txt",
          "Hello {{var:first_name}}, {{var:balance}} {{var:currency}}"
          " {{var:threshold}} {% for e in var:items %}{{e.label}}{% endfor %}\n");
      herald_test_write_file (
          dir, "a.json",
          "{\"name\": \"A\", \"variables\": {\"first_name\": \"Léa\", \"balance\": 42.5,"
          " \"currency\": \"EUR\", \"threshold\": 100, \"items\": [{\"label\": \"L\", "
          "\"amount\": 1}]}}");
      herald_test_write_file (
          dir, "b.json",
          "{\"name\": \"B\", \"variables\": {\"first_name\": \"Tom\", \"balance\": 500,"
          " \"currency\": \"EUR\", \"threshold\": 100, \"items\": []}}");
    }

  library = herald_library_load (root, &error);
  if (library == NULL)
    g_error ("%s", error->message);

  start = cpu_seconds ();
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
    {
      g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (library), i);
      g_autoptr (GPtrArray) diagnostics = herald_lint_template (tmpl);

      n_findings += diagnostics->len;
    }
  seconds = cpu_seconds () - start;

  g_print ("lint of %u generated templates (%zu bytes of HTML, 2 scenarios each): %.3f s of CPU "
           "(%s), %u findings\n",
           g_list_model_get_n_items (G_LIST_MODEL (library)), strlen (html), seconds,
           seconds < 1.0 ? "budget < 1 s met" : "OVER the 1 s budget", n_findings);

  herald_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  const char *samples = g_getenv ("HERALD_SAMPLES_DIR");
  g_autofree char *library_dir = NULL;

  if (samples == NULL)
    samples = SOURCE_SAMPLES_DIR;
  library_dir = g_build_filename (samples, "account-alerts", NULL);

  setlocale (LC_ALL, "");
  g_print ("Render throughput (CPU time, output bytes; memcpy of the same bytes is the ceiling)\n");
  bench_samples (library_dir);
  bench_generated ();
  bench_long_line ();
  bench_lint ();
  return 0;
}
