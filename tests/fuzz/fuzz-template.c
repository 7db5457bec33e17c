/* fuzz-template.c: libFuzzer target for the template language: parse, then render with a
 * fixed scenario. Crashes, leaks, sanitizer reports and hangs are the findings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-fatal-log.h"

#include "herald-tl.h"

static JsonObject *
object_from (const char *json)
{
  JsonParser *parser = json_parser_new ();
  JsonObject *object;

  if (!json_parser_load_from_data (parser, json, -1, NULL))
    g_error ("bad fixed scenario");
  object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_object_unref (parser);
  return object;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static JsonObject *variables;
  static JsonObject *data_object;
  static JsonObject *predefined;
  HeraldTlTemplate *tmpl;
  HeraldTlContext ctx;
  GString *out;

  if (variables == NULL)
    {
      variables =
          object_from ("{\"first_name\": \"Léa\", \"balance\": -42.5, \"threshold\": 100,"
                       " \"flag\": true, \"html\": \"<b>x</b>\", \"list\": [1, \"a\", true, null],"
                       " \"items\": [{\"label\": \"Loyer\", \"amount\": 850, \"tags\": [\"a\"]}],"
                       " \"obj\": {\"a\": 1, \"b\": {\"c\": [2, 3]}}, \"big\": 1152921509597813712,"
                       " \"zero\": 0, \"empty\": \"\", \"none\": null}");
      data_object = object_from ("{\"age\": 30, \"city\": \"Lyon\"}");
      predefined = object_from (
          "{\"contact\": {\"email\": \"a@b.c\"}, \"unsub_link\": \"https://e.com/u\"}");
    }

  tmpl = herald_tl_template_parse ((const char *) data, size, NULL, NULL);
  if (tmpl == NULL)
    return 0;

  herald_tl_context_init (&ctx);
  ctx.variables = variables;
  ctx.data = data_object;
  ctx.predefined = predefined;
  ctx.opened_days_ago = 3;
  out = g_string_new (NULL);
  herald_tl_template_render (tmpl, &ctx, out, NULL, NULL);
  herald_tl_template_check_loops (tmpl, &ctx, NULL, NULL);
  g_string_free (out, TRUE);
  herald_tl_template_unref (tmpl);
  return 0;
}
