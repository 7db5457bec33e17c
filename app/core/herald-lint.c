/* herald-lint.c: the checks behind the checks panel, the editor's underlines and
 * `herald-cli lint`.
 *
 * One concept, the template rules and the pass that runs them: template_rules[] runs in
 * order and later rules use what syntax and evaluation computed, so the rules stay next to
 * the list. Rules with their own model live apart: client support (herald-lint-clients.c),
 * accessibility (herald-lint-a11y.c), localization (herald-l10n-lint.c); so does the tag
 * scanner the HTML rule runs (herald-lint-tag-scanner.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "herald-extractor.h"
#include "herald-html-lang.h"
#include "herald-html-slim.h"
#include "herald-lint-private.h"
#include "herald-lint-tag-scanner-private.h"

/* Rendering */

HeraldDiagnostic *
_herald_lint_add (HeraldLintContext *lint,
                  const char *rule_id,
                  HeraldSeverity severity,
                  HeraldPart part,
                  guint line,
                  guint column,
                  HeraldScenario *scenario,
                  const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  const char *text;
  HeraldDiagnostic *diagnostic;
  va_list args;

  /* Most findings come as "%s" and a message made beforehand (the client-support rule's
   * hundreds): that text is taken as it is, without a printf. */
  va_start (args, format);
  if (format[0] == '%' && format[1] == 's' && format[2] == '\0')
    {
      text = va_arg (args, const char *);
      if (text == NULL)
        text = "(null)";
    }
  else
    text = message = g_strdup_vprintf (format, args);
  va_end (args);

  diagnostic =
      herald_diagnostic_new (rule_id, severity, lint->template_id, NULL, part, line, column, text);
  if (scenario != NULL)
    herald_diagnostic_set_scenario_id (diagnostic, herald_scenario_get_id (scenario));
  g_ptr_array_add (lint->diagnostics, diagnostic);
  return diagnostic;
}

const char *
_herald_lint_get_rendered (HeraldLintContext *lint, guint scenario_index, HeraldPart part)
{
  guint index = scenario_index * HERALD_LINT_N_PARTS + part;

  if (index >= lint->rendered->len)
    return NULL;
  return g_ptr_array_index (lint->rendered, index);
}

GArray *
_herald_lint_line_starts (const char *text)
{
  gsize length = text != NULL ? strlen (text) : 0;
  const char *end = text != NULL ? text + length : NULL;
  guint n = 1;
  GArray *starts;
  gsize *at;

  /* Counted first, then filled in place: an email has hundreds of lines. */
  for (const char *p = length > 0 ? memchr (text, '\n', length) : NULL; p != NULL;
       p = memchr (p + 1, '\n', end - p - 1))
    n++;
  starts = g_array_sized_new (FALSE, FALSE, sizeof (gsize), n);
  g_array_set_size (starts, n);
  at = (gsize *) (gpointer) starts->data;
  *at++ = 0;
  for (const char *p = length > 0 ? memchr (text, '\n', length) : NULL; p != NULL;
       p = memchr (p + 1, '\n', end - p - 1))
    *at++ = p - text + 1;
  return starts;
}

guint
_herald_lint_line_index (GArray *line_starts, gsize offset)
{
  guint low = 0;
  guint high = line_starts->len;

  while (high - low > 1)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (line_starts, gsize, middle) <= offset)
        low = middle;
      else
        high = middle;
    }
  return low;
}

gboolean
_herald_lint_tag_on_line (GArray *line_starts, const HeraldHtmlStartTag *tag, long line)
{
  /* Most tags are on one line: the second look-up is for the others. */
  return _herald_lint_line_index (line_starts, tag->start) + 1 == (guint) line ||
         _herald_lint_line_index (line_starts, MAX (tag->end, tag->start + 1) - 1) + 1 ==
             (guint) line;
}

GArray *
_herald_lint_get_html_line_starts (HeraldLintContext *lint)
{
  if (lint->html_line_starts == NULL)
    lint->html_line_starts =
        _herald_lint_line_starts (herald_template_get_part (lint->tmpl, HERALD_PART_HTML));
  return lint->html_line_starts;
}

GArray *
_herald_lint_get_html_tags (HeraldLintContext *lint)
{
  if (!lint->html_tags_done)
    {
      const char *html = herald_template_get_part (lint->tmpl, HERALD_PART_HTML);
      gint root;

      /* The syntax rule's parse gives the template spans, when it could read the part. */
      if (html != NULL && lint->trees[HERALD_PART_HTML] != NULL)
        {
          g_autoptr (GArray) spans =
              herald_l10n_spans_of_tree (html, strlen (html), lint->trees[HERALD_PART_HTML]);

          lint->html_tags = herald_html_start_tags_in_spans (html, strlen (html), spans, &root);
        }
      else if (html != NULL)
        lint->html_tags = herald_html_start_tags (html, strlen (html), &root);
      lint->html_tags_done = TRUE;
    }
  return lint->html_tags;
}

static const char *
part_source (HeraldLintContext *lint, HeraldPart part)
{
  const char *source = herald_template_get_part (lint->tmpl, part);

  return source != NULL ? source : "";
}

/* Rule: syntax-error */

static void
rule_syntax (HeraldLintContext *lint)
{
  for (guint part = 0; part < HERALD_LINT_N_PARTS; part++)
    {
      g_autoptr (GError) error = NULL;
      HeraldTlLocation location = { 0 };

      lint->trees[part] =
          lint->uncached
              ? herald_tl_template_parse (part_source (lint, part), -1, &location, &error)
              : herald_tl_template_parse_cached (part_source (lint, part), &location, &error);
      if (lint->trees[part] == NULL)
        _herald_lint_add (lint, "syntax-error", HERALD_SEVERITY_ERROR, part, location.line,
                          location.column, NULL, "%s", error->message);
    }
}

/* Rules: evaluation-error and raw-html-value (seen while rendering) */

typedef struct
{
  HeraldLintContext *lint;
  HeraldScenario *scenario;
  GHashTable *reported; /* node → TRUE */
} RawHtmlHook;

static gboolean
expr_is_plain_value (const HeraldTlExpr *expr)
{
  return expr->kind == HERALD_TL_EXPR_VARIABLE;
}

static void
raw_html_hook (const HeraldTlNode *node, const char *text, gsize length, gpointer user_data)
{
  RawHtmlHook *hook = user_data;
  const HeraldTlExpr *expr = node->output.expr;

  if (!expr_is_plain_value (expr) || expr->variable.ns == HERALD_TL_NS_MJ)
    return;
  if (memchr (text, '<', length) == NULL && memchr (text, '&', length) == NULL)
    return;
  if (!g_hash_table_add (hook->reported, (gpointer) node))
    return;

  herald_diagnostic_set_fix (
      _herald_lint_add (hook->lint, "raw-html-value", HERALD_SEVERITY_WARNING, HERALD_PART_HTML,
                        node->location.line, node->location.column, hook->scenario,
                        _ ("“%s” holds “<” or “&”, and Mailjet inserts values as they are: the "
                           "email will show it as HTML"),
                        expr->variable.text),
      _ ("Escape the value before sending it (the sender's code), or write Escape(…) around it"));
}

static void
rule_evaluation (HeraldLintContext *lint)
{
  g_autoptr (GHashTable) reported = g_hash_table_new (NULL, NULL);

  for (guint s = 0; s < lint->scenarios->len; s++)
    {
      HeraldScenario *scenario = g_ptr_array_index (lint->scenarios, s);
      HeraldRenderContext *context = g_ptr_array_index (lint->contexts, s);
      RawHtmlHook hook = { lint, scenario, reported };

      if (context == NULL)
        {
          g_autoptr (GError) error = NULL;
          /* Built again only for the message of the error that left the context NULL. */
          HeraldRenderContext *probe =
              herald_render_context_new (NULL, lint->template_id, scenario, &error);

          g_clear_pointer (&probe, herald_render_context_free);

          _herald_lint_add (lint, "evaluation-error", HERALD_SEVERITY_ERROR, HERALD_PART_HTML, 0, 0,
                            scenario, _ ("The scenario cannot be read: %s"),
                            error != NULL ? error->message : _ ("unknown error"));
          for (guint part = 0; part < HERALD_LINT_N_PARTS; part++)
            g_ptr_array_add (lint->rendered, NULL);
          continue;
        }

      for (guint part = 0; part < HERALD_LINT_N_PARTS; part++)
        {
          HeraldTlContext *tl = herald_render_context_get_tl_mutable (context);
          g_autoptr (GError) error = NULL;
          HeraldTlLocation location = { 0 };
          GString *out;
          gsize length;

          if (lint->trees[part] == NULL)
            {
              g_ptr_array_add (lint->rendered, NULL);
              continue;
            }

          /* Sized as the renderer does: grown by doubling, the HTML is copied a dozen times. */
          herald_tl_template_get_source (lint->trees[part], &length);
          out = g_string_sized_new (length + length / 4 + 16);
          if (part == HERALD_PART_HTML)
            {
              tl->output_hook = raw_html_hook;
              tl->output_hook_data = &hook;
            }
          if (herald_tl_template_render (lint->trees[part], tl, out, &location, &error))
            {
              g_ptr_array_add (lint->rendered, g_string_free (out, FALSE));
            }
          else
            {
              g_string_free (out, TRUE);
              g_ptr_array_add (lint->rendered, NULL);
              /* Loop sources have their own rule, which reports every loop. */
              if (!g_error_matches (error, HERALD_TL_ERROR, HERALD_TL_ERROR_LOOP_SOURCE))
                _herald_lint_add (lint, "evaluation-error", HERALD_SEVERITY_ERROR, part,
                                  location.line, location.column, scenario, "%s", error->message);
            }
          tl->output_hook = NULL;
          tl->output_hook_data = NULL;
        }
    }
}

/* Rule: loop-source */

typedef struct
{
  HeraldLintContext *lint;
  HeraldPart part;
} PartWalk;

static void
check_loop_node (const HeraldTlNode *node, gpointer user_data)
{
  PartWalk *walk = user_data;
  HeraldLintContext *lint = walk->lint;
  const HeraldTlExpr *source;

  if (node->kind != HERALD_TL_NODE_FOR)
    return;
  source = node->for_.source;
  if (source->kind != HERALD_TL_EXPR_VARIABLE || source->variable.ns == HERALD_TL_NS_LOCAL)
    return;

  for (guint s = 0; s < lint->scenarios->len; s++)
    {
      HeraldScenario *scenario = g_ptr_array_index (lint->scenarios, s);
      HeraldRenderContext *context = g_ptr_array_index (lint->contexts, s);
      JsonNode *value;

      if (context == NULL)
        continue;
      value = herald_tl_context_lookup (herald_render_context_get_tl (context), source);
      if (value == NULL && source->variable.default_value != NULL)
        value = source->variable.default_value;

      if (value == NULL)
        herald_diagnostic_set_fix (
            _herald_lint_add (
                lint, "loop-source", HERALD_SEVERITY_ERROR, walk->part, source->location.line,
                source->location.column, scenario,
                _ ("No value for \"%s\": Mailjet blocks the message, even when the loop "
                   "sits in an {%% if %%} that is false"),
                source->variable.text),
            _ ("Always send this variable, as an empty list if need be"));
      else if (!JSON_NODE_HOLDS_ARRAY (value) && !JSON_NODE_HOLDS_OBJECT (value))
        _herald_lint_add (lint, "loop-source", HERALD_SEVERITY_ERROR, walk->part,
                          source->location.line, source->location.column, scenario,
                          _ ("\"%s\" is not an array value: a {%% for %%} loop needs a list"),
                          source->variable.text);
      else if (JSON_NODE_HOLDS_ARRAY (value) &&
               json_array_get_length (json_node_get_array (value)) == 0)
        _herald_lint_add (lint, "loop-source", HERALD_SEVERITY_WARNING, walk->part,
                          source->location.line, source->location.column, scenario,
                          _ ("\"%s\" is an empty list: Mailjet has been reported to fail on loops "
                             "over empty lists; confirm with a real test send"),
                          source->variable.text);
    }
}

static void
rule_loop_source (HeraldLintContext *lint)
{
  for (guint part = 0; part < HERALD_LINT_N_PARTS; part++)
    {
      PartWalk walk = { lint, part };

      if (lint->trees[part] != NULL)
        herald_tl_template_foreach_node (lint->trees[part], check_loop_node, &walk);
    }
}

/* Rules: missing-sample-data and unused-sample-variable */

/* The var: variables used, in order of first use; the scenario form's suggestions come from
 * the same walk as the checks' "missing sample value" findings. */
typedef struct
{
  GHashTable *by_name; /* name → HeraldUsedVariable (in list) */
  GPtrArray *list;
} UsedVariables;

static void
used_variable_free (HeraldUsedVariable *used)
{
  g_free (used->name);
  g_free (used);
}

static void
note_used_variable (UsedVariables *used, const HeraldTlExpr *expr, const HeraldTlNode *node)
{
  HeraldUsedVariable *variable;

  if (expr->kind != HERALD_TL_EXPR_VARIABLE || expr->variable.ns != HERALD_TL_NS_VAR)
    return;
  variable = g_hash_table_lookup (used->by_name, expr->variable.name);
  if (variable == NULL)
    {
      variable = g_new0 (HeraldUsedVariable, 1);
      variable->name = g_strdup (expr->variable.name);
      g_ptr_array_add (used->list, variable);
      g_hash_table_insert (used->by_name, variable->name, variable);
    }
  if (expr->variable.path != NULL && g_strv_length (expr->variable.path) > 1)
    variable->is_object = TRUE;
  if (node != NULL && node->kind == HERALD_TL_NODE_FOR && node->for_.source == expr)
    variable->is_list = TRUE;
}

static void
used_variables_init (UsedVariables *used)
{
  used->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  used->list = g_ptr_array_new_with_free_func ((GDestroyNotify) used_variable_free);
}

static void
used_variables_clear (UsedVariables *used)
{
  g_clear_pointer (&used->by_name, g_hash_table_unref);
  g_clear_pointer (&used->list, g_ptr_array_unref);
}

static void
collect_used_variable (const HeraldTlExpr *expr, const HeraldTlNode *node, gpointer user_data)
{
  note_used_variable (user_data, expr, node);
}

GPtrArray *
herald_lint_dup_used_variables (HeraldTemplate *tmpl)
{
  UsedVariables used;
  GPtrArray *list;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);

  used_variables_init (&used);
  for (guint part = 0; part < HERALD_LINT_N_PARTS; part++)
    {
      const char *source = herald_template_get_part (tmpl, part);
      g_autoptr (HeraldTlTemplate) tree = NULL;

      tree = herald_tl_template_parse_cached (source != NULL ? source : "", NULL, NULL);
      if (tree != NULL)
        herald_tl_template_foreach_expr (tree, collect_used_variable, &used);
    }
  list = g_ptr_array_ref (used.list);
  used_variables_clear (&used);
  return list;
}

typedef struct
{
  HeraldLintContext *lint;
  HeraldPart part;
  UsedVariables *used;
  GHashTable *reported; /* "ns:name" → TRUE */
} VariableWalk;

static gboolean
any_scenario_has (HeraldLintContext *lint, HeraldTlNamespace ns, const char *name)
{
  for (guint s = 0; s < lint->contexts->len; s++)
    {
      HeraldRenderContext *context = g_ptr_array_index (lint->contexts, s);
      const HeraldTlContext *tl;
      JsonObject *object;

      if (context == NULL)
        continue;
      tl = herald_render_context_get_tl (context);
      object = ns == HERALD_TL_NS_VAR ? tl->variables : tl->data;
      if (object != NULL && json_object_has_member (object, name))
        return TRUE;
    }
  return FALSE;
}

static void
check_variable (const HeraldTlExpr *expr, const HeraldTlNode *node, gpointer user_data)
{
  VariableWalk *walk = user_data;
  g_autofree char *key = NULL;
  HeraldTlNamespace ns;

  if (expr->kind != HERALD_TL_EXPR_VARIABLE)
    return;
  ns = expr->variable.ns;
  note_used_variable (walk->used, expr, node);
  if ((ns != HERALD_TL_NS_VAR && ns != HERALD_TL_NS_DATA) || expr->variable.default_value != NULL)
    return;
  if (any_scenario_has (walk->lint, ns, expr->variable.name))
    return;

  key = g_strconcat (ns == HERALD_TL_NS_VAR ? "var:" : "data:", expr->variable.name, NULL);
  if (!g_hash_table_add (walk->reported, g_steal_pointer (&key)))
    return;

  herald_diagnostic_set_fix (
      _herald_lint_add (
          walk->lint, "missing-sample-data", HERALD_SEVERITY_WARNING, walk->part,
          expr->location.line, expr->location.column, NULL,
          /* Translators: the two placeholders make one name such as var:amount. */
          _ ("“%s%s” has no sample value in any scenario and no default, so no preview "
             "can show it"),
          ns == HERALD_TL_NS_VAR ? "var:" : "data:", expr->variable.name),
      ns == HERALD_TL_NS_VAR ? _ ("Add it to the scenarios' variables, or give a default such as "
                                  "{{var:name:\"…\"}}")
                             : _ ("Add it to the scenarios' data, or give a default such as "
                                  "{{data:name:\"…\"}}"));
}

static void
rule_variables (HeraldLintContext *lint)
{
  UsedVariables used;
  g_autoptr (GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean all_parsed = TRUE;

  used_variables_init (&used);
  for (guint part = 0; part < HERALD_LINT_N_PARTS; part++)
    {
      VariableWalk walk = { lint, part, &used, reported };

      if (lint->trees[part] == NULL)
        {
          all_parsed = FALSE;
          continue;
        }
      herald_tl_template_foreach_expr (lint->trees[part], check_variable, &walk);
    }

  /* With a syntax error some uses are unknown: no "unused" guesses then. */
  if (!all_parsed)
    {
      used_variables_clear (&used);
      return;
    }

  for (guint s = 0; s < lint->contexts->len; s++)
    {
      HeraldRenderContext *context = g_ptr_array_index (lint->contexts, s);
      JsonObject *variables;
      g_autoptr (GList) members = NULL;

      if (context == NULL ||
          (variables = herald_render_context_get_tl (context)->variables) == NULL)
        continue;
      members = json_object_get_members (variables);
      for (GList *l = members; l != NULL; l = l->next)
        {
          if (g_hash_table_contains (used.by_name, l->data))
            continue;
          _herald_lint_add (lint, "unused-sample-variable", HERALD_SEVERITY_WARNING,
                            HERALD_PART_HTML, 0, 0, g_ptr_array_index (lint->scenarios, s),
                            _ ("The sample variable “%s” is never used by the template"),
                            (const char *) l->data);
        }
    }
  used_variables_clear (&used);
}

/* HTML checks: the tag scanner's (herald-lint-tag-scanner.c) and libxml2's. Template tags
 * are blanked out first (each character becomes a space, line breaks stay), so that lines and
 * columns still match the source and `{% if %}` does not look like markup. */

static char *
neutralize (HeraldTlTemplate *tree)
{
  gsize length;
  const char *source = herald_tl_template_get_source (tree, &length);
  const HeraldTlSpan *spans;
  GString *out = g_string_sized_new (length);
  guint n;

  spans = herald_tl_template_get_spans (tree, &n);
  for (guint i = 0; i < n; i++)
    {
      if (spans[i].kind == HERALD_TL_SPAN_TEXT)
        {
          g_string_append_len (out, source + spans[i].start, spans[i].end - spans[i].start);
          continue;
        }
      for (gsize j = spans[i].start; j < spans[i].end; j++)
        {
          guchar c = (guchar) source[j];

          if (c == '\n')
            g_string_append_c (out, '\n');
          else if ((c & 0xC0) != 0x80)
            g_string_append_c (out, ' ');
        }
    }
  return g_string_free (out, FALSE);
}

static void
libxml_error (void *user_data, xmlErrorPtr error)
{
  GPtrArray *problems = user_data;
  g_autofree char *message = NULL;

  /* HTML 5 elements (nav, section…) are unknown to libxml2's HTML 4 parser, not errors. */
  if (error->code == XML_HTML_UNKNOWN_TAG)
    return;
  /* A bare "&" ("Terms & conditions", "?a=1&b=2") is valid HTML 5. */
  if (error->code == XML_ERR_NAME_REQUIRED || error->code == XML_ERR_ENTITYREF_SEMICOL_MISSING)
    return;
  message = g_strstrip (g_strdup (error->message != NULL ? error->message : _ ("invalid HTML")));
  _herald_lint_add_html_problem (problems, MAX (error->line, 1), MAX (error->int2, 1),
                                 g_strdup_printf (_ ("The HTML parser reports: %s"), message));
}

/* htmlCtxtReadMemory (parser, text, length, NULL, "UTF-8", options), step by step, but on the
 * text in place. libxml2 reads its copy of the memory through a callback which, the copy used
 * up, it calls again before each token of the last INPUT_CHUNK bytes (a tenth of a slim copy);
 * a static buffer has no callback, and gives the same characters. */
static htmlDocPtr
read_html (htmlParserCtxtPtr parser, const char *text, int length, int options)
{
  xmlParserInputBufferPtr buffer;
  xmlParserInputPtr input;
  xmlCharEncodingHandlerPtr utf8;
  htmlDocPtr doc;

  /* libxml2 makes no static buffer of nothing, and an empty document is an error. */
  if (length == 0)
    return htmlCtxtReadMemory (parser, text, length, NULL, "UTF-8", options);
  htmlCtxtReset (parser);
  buffer = xmlParserInputBufferCreateStatic (text, length, XML_CHAR_ENCODING_NONE);
  if (buffer == NULL)
    return NULL;
  input = xmlNewIOInputStream (parser, buffer, XML_CHAR_ENCODING_NONE);
  if (input == NULL)
    {
      xmlFreeParserInputBuffer (buffer);
      return NULL;
    }
  inputPush (parser, input);
  htmlCtxtUseOptions (parser, options);
  parser->html = 1;
  utf8 = xmlFindCharEncodingHandler ("UTF-8");
  if (utf8 != NULL)
    {
      xmlSwitchToEncoding (parser, utf8);
      if (parser->input->encoding != NULL)
        xmlFree ((xmlChar *) parser->input->encoding);
      parser->input->encoding = xmlStrdup ((const xmlChar *) "UTF-8");
    }
  htmlParseDocument (parser);
  doc = parser->myDoc;
  parser->myDoc = NULL;
  return doc;
}

/* Appends libxml2's problems with an HTML text to the scanner's. */
static void
add_parser_problems (const char *html, GPtrArray *problems)
{
  g_autoptr (GPtrArray) parser_problems =
      g_ptr_array_new_with_free_func (_herald_lint_html_problem_free);
  /* libxml2's cost is per byte; most of an email's are attribute values it only copies. */
  g_autoptr (HeraldHtmlSlim) slim = herald_html_slim_new (html);
  htmlParserCtxtPtr parser = htmlNewParserCtxt ();
  htmlDocPtr doc;

  /* Only the error list is wanted: with no SAX callbacks the parser builds no tree (a third
   * of its time) and reports the same errors, which reach the structured error function set
   * below whatever the handler. */
  memset (parser->sax, 0, sizeof *parser->sax);
  xmlSetStructuredErrorFunc (parser_problems, libxml_error);
  if (slim != NULL)
    doc = read_html (parser, herald_html_slim_get_text (slim),
                     (int) MIN (herald_html_slim_get_length (slim), G_MAXINT),
                     HTML_PARSE_NONET | HTML_PARSE_NOWARNING);
  else
    doc = read_html (parser, html, (int) MIN (strlen (html), G_MAXINT),
                     HTML_PARSE_NONET | HTML_PARSE_NOWARNING);
  xmlSetStructuredErrorFunc (NULL, NULL);
  if (doc != NULL)
    xmlFreeDoc (doc);
  htmlFreeParserCtxt (parser);
  for (guint i = 0; slim != NULL && i < parser_problems->len; i++)
    {
      HtmlProblem *problem = g_ptr_array_index (parser_problems, i);

      problem->column = herald_html_slim_map_column (slim, problem->line, problem->column);
    }

  /* The scanner's message is plainer; keep the parser's only on other lines. */
  for (guint i = 0; i < parser_problems->len; i++)
    {
      HtmlProblem *problem = g_ptr_array_index (parser_problems, i);
      gboolean same_line = FALSE;

      for (guint j = 0; j < problems->len && !same_line; j++)
        same_line = ((HtmlProblem *) g_ptr_array_index (problems, j))->line == problem->line;
      if (!same_line)
        g_ptr_array_add (problems, g_ptr_array_steal_index (parser_problems, i--));
    }
}

static void
rule_html (HeraldLintContext *lint)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (_herald_lint_html_problem_free);
  g_autofree char *neutral = NULL;
  const char *rendered = NULL;
  guint rendered_scenario = 0;

  if (lint->trees[HERALD_PART_HTML] == NULL)
    return;

  neutral = neutralize (lint->trees[HERALD_PART_HTML]);
  _herald_lint_scan_html (lint, neutral, problems);

  for (guint s = 0; s < lint->scenarios->len && rendered == NULL; s++)
    {
      rendered = _herald_lint_get_rendered (lint, s, HERALD_PART_HTML);
      rendered_scenario = s;
    }

  /* Alternatives in {% if %} can look unbalanced in the source; what counts is the HTML
   * Mailjet sends. */
  if (rendered != NULL)
    {
      g_autoptr (GPtrArray) rendered_problems =
          g_ptr_array_new_with_free_func (_herald_lint_html_problem_free);

      _herald_lint_scan_html (NULL, rendered, rendered_problems);
      add_parser_problems (rendered, rendered_problems);
      if (rendered_problems->len == 0)
        return;
      /* Only now do the source's own parser problems count: parsing it is half of this
       * rule's time, and a well-formed rendering (the usual case) never needs them. */
      add_parser_problems (neutral, problems);
      if (problems->len == 0)
        {
          HtmlProblem *first = g_ptr_array_index (rendered_problems, 0);

          _herald_lint_add (lint, "html-invalid", HERALD_SEVERITY_WARNING, HERALD_PART_HTML, 0, 0,
                            g_ptr_array_index (lint->scenarios, rendered_scenario),
                            _ ("The rendered HTML is not well formed (line %u of the output): %s"),
                            first->line, first->message);
          return;
        }
    }
  else
    add_parser_problems (neutral, problems);

  for (guint i = 0; i < problems->len; i++)
    {
      HtmlProblem *problem = g_ptr_array_index (problems, i);

      _herald_lint_add (lint, "html-invalid", HERALD_SEVERITY_WARNING, HERALD_PART_HTML,
                        problem->line, problem->column, NULL, "%s", problem->message);
    }
}

/* Rules on parts: subject, preheader, text, size */

static gboolean
is_blank (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static void
rule_subject (HeraldLintContext *lint)
{
  const char *source = part_source (lint, HERALD_PART_SUBJECT);
  glong longest = -1;
  guint longest_scenario = 0;

  if (is_blank (source))
    {
      _herald_lint_add (lint, "subject-empty", HERALD_SEVERITY_ERROR, HERALD_PART_SUBJECT, 0, 0,
                        NULL, _ ("The subject is empty: Mailjet needs one"));
      return;
    }

  for (guint s = 0; s < lint->scenarios->len; s++)
    {
      const char *subject = _herald_lint_get_rendered (lint, s, HERALD_PART_SUBJECT);
      glong chars;

      if (subject == NULL)
        continue;
      if (is_blank (subject))
        {
          _herald_lint_add (lint, "subject-empty", HERALD_SEVERITY_ERROR, HERALD_PART_SUBJECT, 0, 0,
                            g_ptr_array_index (lint->scenarios, s),
                            _ ("The subject renders empty in this scenario"));
          continue;
        }
      chars = g_utf8_strlen (subject, -1);
      if (chars > longest)
        {
          longest = chars;
          longest_scenario = s;
        }
    }
  if (longest < 0 && lint->scenarios->len == 0)
    longest = g_utf8_strlen (source, -1);

  if (longest > HERALD_LINT_SUBJECT_MAX_CHARS)
    _herald_lint_add (
        lint, "subject-too-long", HERALD_SEVERITY_ERROR, HERALD_PART_SUBJECT, 0, 0,
        lint->scenarios->len ? g_ptr_array_index (lint->scenarios, longest_scenario) : NULL,
        g_dngettext (GETTEXT_PACKAGE,
                     "The subject is %ld character long; Mailjet accepts at most %d",
                     "The subject is %ld characters long; Mailjet accepts at most %d", longest),
        longest, HERALD_LINT_SUBJECT_MAX_CHARS);
  else if (longest > HERALD_LINT_SUBJECT_WARN_CHARS)
    _herald_lint_add (
        lint, "subject-long", HERALD_SEVERITY_WARNING, HERALD_PART_SUBJECT, 0, 0,
        lint->scenarios->len ? g_ptr_array_index (lint->scenarios, longest_scenario) : NULL,
        g_dngettext (GETTEXT_PACKAGE,
                     "The subject is %ld character long; inboxes cut it after about %d",
                     "The subject is %ld characters long; inboxes cut it after about %d", longest),
        longest, HERALD_LINT_SUBJECT_WARN_CHARS);
}

static void
rule_preheader (HeraldLintContext *lint)
{
  if (is_blank (part_source (lint, HERALD_PART_PREHEADER)))
    herald_diagnostic_set_fix (
        _herald_lint_add (
            lint, "preheader-missing", HERALD_SEVERITY_WARNING, HERALD_PART_PREHEADER, 0, 0, NULL,
            _ ("There is no preheader: inboxes show the first words of the body instead")),
        _ ("Write a short summary that completes the subject"));
}

static void
rule_text (HeraldLintContext *lint)
{
  if (is_blank (part_source (lint, HERALD_PART_TEXT)))
    _herald_lint_add (lint, "text-missing", HERALD_SEVERITY_WARNING, HERALD_PART_TEXT, 0, 0, NULL,
                      _ ("There is no text part: some readers and spam filters expect one"));
}

static void
rule_html_size (HeraldLintContext *lint)
{
  gsize largest = 0;
  guint largest_scenario = 0;
  gboolean any = FALSE;

  for (guint s = 0; s < lint->scenarios->len; s++)
    {
      const char *html = _herald_lint_get_rendered (lint, s, HERALD_PART_HTML);

      if (html != NULL && strlen (html) > largest)
        {
          largest = strlen (html);
          largest_scenario = s;
          any = TRUE;
        }
    }
  if (!any)
    largest = strlen (part_source (lint, HERALD_PART_HTML));

  if (largest > HERALD_LINT_GMAIL_CLIP_BYTES)
    _herald_lint_add (lint, "html-size", HERALD_SEVERITY_WARNING, HERALD_PART_HTML, 0, 0,
                      any ? g_ptr_array_index (lint->scenarios, largest_scenario) : NULL,
                      _ ("The HTML is %.1f KB: Gmail clips messages over 102 KB and hides the rest "
                         "(including the unsubscribe link)"),
                      largest / 1024.0);
}

/* The rules, in the order they run: later rules use what syntax and evaluation computed.
 * Localization rules go at the end. */
/* A scenario's per-locale variables ("locales") that are likely mistakes. A locale that is
 * not a target is never previewed with them, and an override of a variable the base
 * lacks means the source-language preview differs from the translated ones in shape, not
 * only in formatting. */
static void
rule_locale_overrides (HeraldLintContext *lint)
{
  for (guint s = 0; s < lint->scenarios->len; s++)
    {
      HeraldScenario *scenario = g_ptr_array_index (lint->scenarios, s);
      JsonObject *variables = herald_scenario_get_variables (scenario, NULL);
      JsonObject *locales = herald_scenario_get_locale_overrides (scenario, NULL);
      g_autoptr (GList) codes = NULL;

      /* An unreadable scenario is reported by the evaluation rule. */
      if (variables == NULL || locales == NULL)
        continue;

      codes = json_object_get_members (locales);
      for (GList *l = codes; l != NULL; l = l->next)
        {
          const char *locale = l->data;
          JsonObject *overrides = json_object_get_object_member (locales, locale);
          g_autoptr (GList) names = json_object_get_members (overrides);

          if (lint->target_locales != NULL && !g_strv_contains (lint->target_locales, locale))
            _herald_lint_add (
                lint, "locale-override-unknown-locale", HERALD_SEVERITY_WARNING, HERALD_PART_HTML,
                0, 0, scenario,
                /* Translators: %s is a locale code such as fr. */
                _ ("The sample data has values for “%s”, which is not one of the library's "
                   "target languages"),
                locale);
          for (GList *n = names; n != NULL; n = n->next)
            if (!json_object_has_member (variables, n->data))
              _herald_lint_add (
                  lint, "locale-override-unknown-variable", HERALD_SEVERITY_WARNING,
                  HERALD_PART_HTML, 0, 0, scenario,
                  /* Translators: the first placeholder is a variable name, the second a
                   * locale code such as fr. */
                  _ ("The sample variable “%s” is given for “%s” but not in \"variables\"; "
                     "add a value for the source language too"),
                  (const char *) n->data, locale);
        }
    }
}

static const HeraldLintRule template_rules[] = {
  rule_syntax,
  rule_evaluation,
  rule_loop_source,
  rule_variables,
  rule_html,
  rule_subject,
  rule_preheader,
  rule_text,
  rule_html_size,
  rule_locale_overrides,
  _herald_lint_rule_client_support,
  _herald_lint_rule_accessibility,
};

static int
compare_scenarios (gconstpointer a, gconstpointer b)
{
  HeraldScenario *sa = *(HeraldScenario **) a;
  HeraldScenario *sb = *(HeraldScenario **) b;

  return g_strcmp0 (herald_scenario_get_id (sa), herald_scenario_get_id (sb));
}

/* done, when not NULL, is called with the parsed parts before they are freed; its result is
 * returned (TRUE without it). */
static gboolean
lint_template_into (HeraldTemplate *tmpl,
                    const char *const *target_locales,
                    const char *const *clients,
                    gboolean uncached,
                    GPtrArray *diagnostics,
                    HeraldLintTemplateFunc done,
                    gpointer done_data)
{
  gboolean result = TRUE;
  HeraldLintContext lint = { 0 };
  GListModel *scenarios = herald_template_get_scenarios (tmpl);
  guint n = scenarios != NULL ? g_list_model_get_n_items (scenarios) : 0;

  lint.tmpl = tmpl;
  lint.template_id = herald_template_get_id (tmpl);
  lint.diagnostics = diagnostics;
  lint.target_locales = target_locales;
  lint.clients = clients;
  lint.uncached = uncached;
  lint.scenarios = g_ptr_array_new_with_free_func (g_object_unref);
  lint.contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_render_context_free);
  lint.rendered = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (lint.scenarios, g_list_model_get_item (scenarios, i));
  g_ptr_array_sort (lint.scenarios, compare_scenarios);
  for (guint i = 0; i < lint.scenarios->len; i++)
    g_ptr_array_add (lint.contexts,
                     herald_render_context_new (tmpl, lint.template_id,
                                                g_ptr_array_index (lint.scenarios, i), NULL));

  for (guint i = 0; i < G_N_ELEMENTS (template_rules); i++)
    template_rules[i](&lint);
  if (done != NULL)
    result = done (tmpl, lint.trees, done_data);

  for (guint part = 0; part < HERALD_LINT_N_PARTS; part++)
    g_clear_pointer (&lint.trees[part], herald_tl_template_unref);
  g_clear_pointer (&lint.html_tags, g_array_unref);
  g_clear_pointer (&lint.html_line_starts, g_array_unref);
  g_ptr_array_unref (lint.rendered);
  g_ptr_array_unref (lint.contexts);
  g_ptr_array_unref (lint.scenarios);
  return result;
}

GPtrArray *
herald_lint_template (HeraldTemplate *tmpl)
{
  return herald_lint_template_for_clients (tmpl, NULL);
}

static GPtrArray *
lint_template (HeraldTemplate *tmpl, const char *const *target_locales, const char *const *clients)
{
  GPtrArray *diagnostics = g_ptr_array_new_with_free_func (g_object_unref);

  lint_template_into (tmpl, target_locales, clients, FALSE, diagnostics, NULL, NULL);
  return diagnostics;
}

GPtrArray *
herald_lint_template_for_clients (HeraldTemplate *tmpl, const char *const *clients)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);

  return lint_template (tmpl, NULL, clients);
}

GPtrArray *
herald_lint_template_in_library (HeraldTemplate *tmpl, HeraldLibrary *library)
{
  return herald_lint_template_in_library_for_clients (tmpl, library, NULL);
}

/* @clients: NULL for the library's own choice. */
GPtrArray *
herald_lint_template_in_library_for_clients (HeraldTemplate *tmpl,
                                             HeraldLibrary *library,
                                             const char *const *clients)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);
  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);

  if (clients == NULL)
    clients = herald_library_get_clients (library);
  return lint_template (tmpl, herald_library_get_target_locales (library), clients);
}

GPtrArray *
herald_lint_library (HeraldLibrary *library)
{
  return herald_lint_library_for_clients (library, NULL);
}

GPtrArray *
herald_lint_library_for_clients (HeraldLibrary *library, const char *const *clients)
{
  return herald_lint_library_each (library, clients, NULL, NULL);
}

GPtrArray *
herald_lint_library_each (HeraldLibrary *library,
                          const char *const *clients,
                          HeraldLintTemplateFunc done,
                          gpointer user_data)
{
  g_autoptr (GPtrArray) diagnostics = NULL;
  guint n;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);

  if (clients == NULL)
    clients = herald_library_get_clients (library);

  diagnostics = g_ptr_array_new_with_free_func (g_object_unref);
  n = g_list_model_get_n_items (G_LIST_MODEL (library));
  if (n == 0)
    g_ptr_array_add (diagnostics,
                     herald_diagnostic_new (
                         "library-empty", HERALD_SEVERITY_WARNING, NULL, NULL, HERALD_PART_HTML, 0,
                         0, _ ("The library has no templates (templates/<id>/template.json)")));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (library), i);

      if (!lint_template_into (tmpl, herald_library_get_target_locales (library), clients, TRUE,
                               diagnostics, done, user_data))
        return NULL;
    }
  return g_steal_pointer (&diagnostics);
}

int
herald_lint_max_severity (GPtrArray *diagnostics)
{
  int max = -1;

  g_return_val_if_fail (diagnostics != NULL, -1);

  for (guint i = 0; i < diagnostics->len; i++)
    max = MAX (max, (int) herald_diagnostic_get_severity (g_ptr_array_index (diagnostics, i)));
  return max;
}
