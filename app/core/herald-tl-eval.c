/* herald-tl-eval.c: renders a parsed Mailjet Templating Language tree over JSON values.
 *
 * One concept in one file, on purpose: the evaluator is a single recursive walk whose
 * operators, functions and statements call one another, and whose errors carry the node's
 * position. Its value model (JSON values with Mailjet's truthiness, comparisons and
 * conversions) is herald-tl-value.c; the parser is herald-tl-parser.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-tl"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "herald-gstring.h"
#include "herald-tl-value-private.h"

/* name is borrowed from the tree, which outlives the render. */
typedef struct
{
  const char *name;
  Value value;
} Binding;

typedef struct
{
  const HeraldTlContext *ctx;
  GArray *bindings;
  guint depth;
  GError *error;
  HeraldTlLocation error_location;
} Eval;

void
herald_tl_context_init (HeraldTlContext *context)
{
  g_return_if_fail (context != NULL);

  memset (context, 0, sizeof *context);
  context->opened_days_ago = -1;
  context->clicked_days_ago = -1;
}

static void
value_clear (Value *v)
{
  g_clear_pointer (&v->owned, g_free);
  memset (v, 0, sizeof *v);
}

static void
value_set_owned_string (Value *v, char *str)
{
  memset (v, 0, sizeof *v);
  v->type = V_STRING;
  v->owned = str;
  v->s = str;
  v->len = strlen (str);
}

static void
value_set_bool (Value *v, gboolean b)
{
  memset (v, 0, sizeof *v);
  v->type = V_BOOL;
  v->b = !!b;
}

static void
value_set_int (Value *v, gint64 i)
{
  memset (v, 0, sizeof *v);
  v->type = V_INT;
  v->i = i;
}

static void
value_set_double (Value *v, double d)
{
  memset (v, 0, sizeof *v);
  v->type = V_DOUBLE;
  v->d = d;
}

/* A copy that owns its string, for bindings. */
static void
value_copy (const Value *src, Value *dest)
{
  *dest = *src;
  if (src->type == V_STRING)
    {
      dest->owned = g_strndup (src->s, src->len);
      dest->s = dest->owned;
    }
}

G_GNUC_PRINTF (4, 5)
static gboolean
eval_fail (Eval *e, const HeraldTlLocation *location, HeraldTlError code, const char *format, ...)
{
  va_list args;
  char *message;

  if (e->error != NULL)
    return FALSE;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  e->error = g_error_new_literal (HERALD_TL_ERROR, code, message);
  e->error_location = *location;
  g_free (message);
  return FALSE;
}

/* Variables */

static Binding *
find_binding (Eval *e, const char *name)
{
  for (guint i = e->bindings->len; i > 0; i--)
    {
      Binding *binding = &g_array_index (e->bindings, Binding, i - 1);

      if (strcmp (binding->name, name) == 0)
        return binding;
    }
  return NULL;
}

static void
truncate_bindings (Eval *e, guint len)
{
  for (guint i = len; i < e->bindings->len; i++)
    {
      Binding *binding = &g_array_index (e->bindings, Binding, i);

      value_clear (&binding->value);
    }
  g_array_set_size (e->bindings, len);
}

/* mj:unsub_link_xx exists for every ISO 639-1 language; unless the context lists it, the
 * preview answers with the generic link and the language as a parameter. */
static gboolean
synthesize_unsub_link (Eval *e, const char *name, Value *v)
{
  JsonNode *generic;
  const char *link;

  if (e->ctx->predefined == NULL || !g_str_has_prefix (name, "unsub_link_") ||
      strlen (name) != strlen ("unsub_link_xx") || !g_ascii_isalpha (name[11]) ||
      !g_ascii_isalpha (name[12]))
    return FALSE;

  generic = json_object_get_member (e->ctx->predefined, "unsub_link");
  if (generic == NULL || !JSON_NODE_HOLDS_VALUE (generic) ||
      json_node_get_value_type (generic) != G_TYPE_STRING)
    return FALSE;

  link = json_node_get_string (generic);
  value_set_owned_string (
      v, g_strdup_printf ("%s%clang=%s", link, strchr (link, '?') != NULL ? '&' : '?', name + 11));
  return TRUE;
}

static JsonObject *
namespace_object (Eval *e, HeraldTlNamespace ns)
{
  switch (ns)
    {
    case HERALD_TL_NS_VAR:
      return e->ctx->variables;
    case HERALD_TL_NS_DATA:
      return e->ctx->data;
    case HERALD_TL_NS_SEGMENT:
      return e->ctx->segments;
    case HERALD_TL_NS_MJ:
    case HERALD_TL_NS_LOCAL:
    default:
      return NULL;
    }
}

static gboolean
step_into (Value *v, const char *segment)
{
  if (v->type == V_OBJECT)
    {
      JsonObject *object = json_node_get_object (v->node);
      JsonNode *member = json_object_get_member (object, segment);

      if (member == NULL)
        return FALSE;
      _herald_tl_value_from_node (member, v);
      return TRUE;
    }
  if (v->type == V_ARRAY && g_ascii_isdigit (segment[0]))
    {
      JsonArray *array = json_node_get_array (v->node);
      guint64 index = g_ascii_strtoull (segment, NULL, 10);

      if (index >= json_array_get_length (array))
        return FALSE;
      _herald_tl_value_from_node (json_array_get_element (array, index), v);
      return TRUE;
    }
  return FALSE;
}

/* Resolves a reference without applying its default. Returns FALSE when it has no value
 * (missing, or JSON null). */
static gboolean
resolve (Eval *e, const HeraldTlExpr *expr, Value *out)
{
  const char *name = expr->variable.name;
  HeraldTlNamespace ns = expr->variable.ns;
  Value v = { 0 };

  if (ns == HERALD_TL_NS_LOCAL)
    {
      Binding *binding = find_binding (e, name);

      if (binding == NULL)
        return FALSE;
      v = binding->value;
      v.owned = NULL;
    }
  else if (ns == HERALD_TL_NS_MJ)
    {
      JsonObject *predefined = e->ctx->predefined;

      _herald_tl_value_from_node (
          predefined != NULL ? json_object_get_member (predefined, name) : NULL, &v);
      if (v.type == V_NULL && expr->variable.path[1] == NULL &&
          synthesize_unsub_link (e, name, out))
        return TRUE;
    }
  else
    {
      JsonObject *object = namespace_object (e, ns);

      _herald_tl_value_from_node (object != NULL ? json_object_get_member (object, name) : NULL,
                                  &v);
    }

  for (guint i = 1; v.type != V_NULL && expr->variable.path[i] != NULL; i++)
    if (!step_into (&v, expr->variable.path[i]))
      return FALSE;

  if (v.type == V_NULL)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
eval_variable (Eval *e, const HeraldTlExpr *expr, Value *out)
{
  if (resolve (e, expr, out))
    return TRUE;

  if (expr->variable.default_value != NULL)
    {
      _herald_tl_value_from_node (expr->variable.default_value, out);
      return TRUE;
    }

  /* Someone outside a segment is simply not in it. */
  if (expr->variable.ns == HERALD_TL_NS_SEGMENT)
    {
      value_set_bool (out, FALSE);
      return TRUE;
    }

  return eval_fail (e, &expr->location, HERALD_TL_ERROR_EVALUATION,
                    /* Translators: “Unknown identifier” is how Mailjet words this error. */
                    _ ("Unknown identifier: %s (no value in this scenario and no default)"),
                    expr->variable.text);
}

/* Operators */

static gboolean eval_expr (Eval *e, const HeraldTlExpr *expr, Value *out);

static const char *
operator_text (HeraldTlOperator op)
{
  switch (op)
    {
    case HERALD_TL_OP_ADD:
      return "+";
    case HERALD_TL_OP_SUB:
      return "-";
    case HERALD_TL_OP_MUL:
      return "*";
    case HERALD_TL_OP_DIV:
      return "/";
    case HERALD_TL_OP_INT_DIV:
      return "div";
    case HERALD_TL_OP_MOD:
      return "mod";
    case HERALD_TL_OP_NEGATE:
      return "-";
    default:
      return "?";
    }
}

static gboolean
number_operand (Eval *e, const HeraldTlExpr *expr, const Value *v, HeraldTlOperator op, double *out)
{
  g_autofree char *text = NULL;

  if (_herald_tl_to_number (v, out))
    return TRUE;
  text = _herald_tl_value_to_string (v);
  return eval_fail (e, &expr->location, HERALD_TL_ERROR_EVALUATION,
                    _ ("“%s” is not a number, so it cannot be used with “%s”"), text,
                    operator_text (op));
}

static gboolean
int_arith (HeraldTlOperator op, gint64 a, gint64 b, gint64 *out)
{
  switch (op)
    {
    case HERALD_TL_OP_ADD:
      return !__builtin_add_overflow (a, b, out);
    case HERALD_TL_OP_SUB:
      return !__builtin_sub_overflow (a, b, out);
    case HERALD_TL_OP_MUL:
      return !__builtin_mul_overflow (a, b, out);
    case HERALD_TL_OP_INT_DIV:
      if (b == -1 && a == G_MININT64)
        return FALSE;
      *out = a / b;
      return TRUE;
    case HERALD_TL_OP_MOD:
      if (b == -1)
        {
          *out = 0;
          return TRUE;
        }
      *out = a % b;
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
eval_arith (Eval *e, const HeraldTlExpr *expr, const Value *a, const Value *b, Value *out)
{
  HeraldTlOperator op = expr->binary.op;
  double x, y, r;

  /* `+` joins texts: a number and a text make a text. */
  if (op == HERALD_TL_OP_ADD && (a->type == V_STRING || b->type == V_STRING))
    {
      GString *str = g_string_new (NULL);

      _herald_tl_value_append (str, a);
      _herald_tl_value_append (str, b);
      value_set_owned_string (out, g_string_free (str, FALSE));
      return TRUE;
    }

  if (!number_operand (e, expr->binary.left, a, op, &x) ||
      !number_operand (e, expr->binary.right, b, op, &y))
    return FALSE;

  if ((op == HERALD_TL_OP_DIV || op == HERALD_TL_OP_INT_DIV || op == HERALD_TL_OP_MOD) && y == 0)
    return eval_fail (e, &expr->location, HERALD_TL_ERROR_EVALUATION,
                      _ ("Division by zero (“%s” with 0 on its right)"), operator_text (op));

  if (op != HERALD_TL_OP_DIV && a->type != V_DOUBLE && b->type != V_DOUBLE && a->type != V_STRING &&
      b->type != V_STRING)
    {
      gint64 ir;

      if (int_arith (op, (gint64) x, (gint64) y, &ir))
        {
          value_set_int (out, ir);
          return TRUE;
        }
    }

  switch (op)
    {
    case HERALD_TL_OP_ADD:
      r = x + y;
      break;
    case HERALD_TL_OP_SUB:
      r = x - y;
      break;
    case HERALD_TL_OP_MUL:
      r = x * y;
      break;
    case HERALD_TL_OP_DIV:
      r = x / y;
      break;
    case HERALD_TL_OP_INT_DIV:
      r = trunc (x / y);
      break;
    case HERALD_TL_OP_MOD:
      r = fmod (x, y);
      break;
    default:
      g_assert_not_reached ();
    }
  value_set_double (out, r);
  return TRUE;
}

static gboolean
eval_compare (Eval *e, const HeraldTlExpr *expr, const Value *a, const Value *b, Value *out)
{
  HeraldTlOperator op = expr->binary.op;
  gboolean ok;
  int c;

  switch (op)
    {
    case HERALD_TL_OP_EQ:
      value_set_bool (out, _herald_tl_values_equal (a, b));
      return TRUE;
    case HERALD_TL_OP_NE:
      value_set_bool (out, !_herald_tl_values_equal (a, b));
      return TRUE;
    case HERALD_TL_OP_IDENTICAL:
      value_set_bool (out, _herald_tl_values_identical (a, b));
      return TRUE;
    default:
      break;
    }

  c = _herald_tl_compare_values (a, b, &ok);
  if (!ok)
    return eval_fail (e, &expr->location, HERALD_TL_ERROR_EVALUATION,
                      _ ("These values cannot be compared with <, >, <= or >="));
  switch (op)
    {
    case HERALD_TL_OP_LT:
      value_set_bool (out, c < 0);
      break;
    case HERALD_TL_OP_GT:
      value_set_bool (out, c > 0);
      break;
    case HERALD_TL_OP_LE:
      value_set_bool (out, c <= 0);
      break;
    case HERALD_TL_OP_GE:
      value_set_bool (out, c >= 0);
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static gboolean
eval_binary (Eval *e, const HeraldTlExpr *expr, Value *out)
{
  HeraldTlOperator op = expr->binary.op;
  Value a = { 0 };
  Value b = { 0 };
  gboolean ok;

  if (!eval_expr (e, expr->binary.left, &a))
    return FALSE;

  if (op == HERALD_TL_OP_AND || op == HERALD_TL_OP_OR)
    {
      gboolean left = _herald_tl_truthy (&a);

      value_clear (&a);
      if ((op == HERALD_TL_OP_AND && !left) || (op == HERALD_TL_OP_OR && left))
        {
          value_set_bool (out, left);
          return TRUE;
        }
      if (!eval_expr (e, expr->binary.right, &b))
        return FALSE;
      value_set_bool (out, _herald_tl_truthy (&b));
      value_clear (&b);
      return TRUE;
    }

  if (!eval_expr (e, expr->binary.right, &b))
    {
      value_clear (&a);
      return FALSE;
    }

  switch (op)
    {
    case HERALD_TL_OP_XOR:
      value_set_bool (out, _herald_tl_truthy (&a) != _herald_tl_truthy (&b));
      ok = TRUE;
      break;
    case HERALD_TL_OP_ADD:
    case HERALD_TL_OP_SUB:
    case HERALD_TL_OP_MUL:
    case HERALD_TL_OP_DIV:
    case HERALD_TL_OP_INT_DIV:
    case HERALD_TL_OP_MOD:
      ok = eval_arith (e, expr, &a, &b, out);
      break;
    default:
      ok = eval_compare (e, expr, &a, &b, out);
      break;
    }
  value_clear (&a);
  value_clear (&b);
  return ok;
}

static gboolean
eval_unary (Eval *e, const HeraldTlExpr *expr, Value *out)
{
  Value v = { 0 };
  double x;

  if (!eval_expr (e, expr->unary.operand, &v))
    return FALSE;

  if (expr->unary.op == HERALD_TL_OP_NOT)
    {
      value_set_bool (out, !_herald_tl_truthy (&v));
      value_clear (&v);
      return TRUE;
    }

  if (!number_operand (e, expr->unary.operand, &v, HERALD_TL_OP_NEGATE, &x))
    {
      value_clear (&v);
      return FALSE;
    }
  if (v.type == V_INT && v.i != G_MININT64)
    value_set_int (out, -v.i);
  else
    value_set_double (out, -x);
  value_clear (&v);
  return TRUE;
}

/* Functions */

static double
round_half_away (double x, int precision)
{
  double factor = pow (10.0, precision);
  double scaled = x * factor;
  double r = round (scaled);

  /* 1.005 * 100 is 100.49999…: treat values within rounding noise of .5 as .5. */
  if (fabs (fabs (scaled - trunc (scaled)) - 0.5) < 1e-9 * MAX (1.0, fabs (scaled)))
    r = trunc (scaled) + (scaled < 0 ? -1 : 1);
  return r / factor;
}

static char *
capitalize (const char *s)
{
  GString *out = g_string_new (NULL);
  gunichar first;

  if (!g_utf8_validate (s, -1, NULL) || *s == '\0')
    {
      g_string_append (out, s);
      return g_string_free (out, FALSE);
    }
  first = g_utf8_get_char (s);
  g_string_append_unichar (out, g_unichar_totitle (first));
  g_string_append (out, g_utf8_next_char (s));
  return g_string_free (out, FALSE);
}

static gboolean
eval_call (Eval *e, const HeraldTlExpr *expr, Value *out)
{
  const HeraldTlFunctionInfo *info = _herald_tl_function_lookup (expr->call.name);
  Value args[2] = { { 0 } };
  g_autofree char *text = NULL;
  gboolean ok = TRUE;
  double x, y = 0;

  g_assert (info != NULL && expr->call.n_args <= G_N_ELEMENTS (args));

  for (guint i = 0; i < expr->call.n_args; i++)
    {
      if (!eval_expr (e, expr->call.args[i], &args[i]))
        {
          for (guint j = 0; j < i; j++)
            value_clear (&args[j]);
          return FALSE;
        }
    }

  switch (info->function)
    {
    case HERALD_TL_FUNC_UPPER:
    case HERALD_TL_FUNC_LOWER:
    case HERALD_TL_FUNC_CAPITALIZE:
    case HERALD_TL_FUNC_URL_ENCODE:
    case HERALD_TL_FUNC_ESCAPE:
      text = _herald_tl_value_to_string (&args[0]);
      if (!g_utf8_validate (text, -1, NULL))
        {
          char *valid = g_utf8_make_valid (text, -1);

          g_free (text);
          text = valid;
        }
      if (info->function == HERALD_TL_FUNC_UPPER)
        value_set_owned_string (out, g_utf8_strup (text, -1));
      else if (info->function == HERALD_TL_FUNC_LOWER)
        value_set_owned_string (out, g_utf8_strdown (text, -1));
      else if (info->function == HERALD_TL_FUNC_CAPITALIZE)
        value_set_owned_string (out, capitalize (text));
      else if (info->function == HERALD_TL_FUNC_URL_ENCODE)
        value_set_owned_string (out, g_uri_escape_string (text, NULL, FALSE));
      else
        value_set_owned_string (out, g_markup_escape_text (text, -1));
      break;

    case HERALD_TL_FUNC_ROUND:
      ok = number_operand (e, expr->call.args[0], &args[0], HERALD_TL_OP_NONE, &x);
      if (ok && expr->call.n_args == 2)
        ok = number_operand (e, expr->call.args[1], &args[1], HERALD_TL_OP_NONE, &y);
      if (ok)
        value_set_double (out, round_half_away (x, (int) CLAMP (trunc (y), -15, 15)));
      break;

    case HERALD_TL_FUNC_INT:
      ok = number_operand (e, expr->call.args[0], &args[0], HERALD_TL_OP_NONE, &x);
      if (ok && args[0].type == V_INT)
        value_set_int (out, args[0].i);
      else if (ok && fabs (x) < 9.2e18)
        value_set_int (out, (gint64) trunc (x));
      else if (ok)
        value_set_double (out, trunc (x));
      break;

    case HERALD_TL_FUNC_HAS_OPENED_SINCE:
    case HERALD_TL_FUNC_HAS_CLICKED_SINCE:
      ok = number_operand (e, expr->call.args[0], &args[0], HERALD_TL_OP_NONE, &x);
      if (ok)
        {
          gint64 days_ago = info->function == HERALD_TL_FUNC_HAS_OPENED_SINCE
                                ? e->ctx->opened_days_ago
                                : e->ctx->clicked_days_ago;

          value_set_bool (out, days_ago >= 0 && (double) days_ago <= x);
        }
      break;

    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; i < expr->call.n_args; i++)
    value_clear (&args[i]);
  return ok;
}

static gboolean
eval_expr (Eval *e, const HeraldTlExpr *expr, Value *out)
{
  gboolean ok;

  memset (out, 0, sizeof *out);
  if (++e->depth > 4 * HERALD_TL_MAX_DEPTH)
    return eval_fail (e, &expr->location, HERALD_TL_ERROR_EVALUATION,
                      _ ("This expression is nested too deeply"));

  switch (expr->kind)
    {
    case HERALD_TL_EXPR_LITERAL:
      _herald_tl_value_from_node (expr->literal.value, out);
      ok = TRUE;
      break;
    case HERALD_TL_EXPR_VARIABLE:
      ok = eval_variable (e, expr, out);
      break;
    case HERALD_TL_EXPR_UNARY:
      ok = eval_unary (e, expr, out);
      break;
    case HERALD_TL_EXPR_BINARY:
      ok = eval_binary (e, expr, out);
      break;
    case HERALD_TL_EXPR_CALL:
      ok = eval_call (e, expr, out);
      break;
    default:
      g_assert_not_reached ();
    }
  e->depth--;
  return ok;
}

/* Statements */

static gboolean render_list (Eval *e, const HeraldTlNode *node, const char *source, GString *out);

/* Mailjet's wording: "No value for" a missing source, "is not an array value" for a scalar. */
static gboolean
eval_loop_source (Eval *e, const HeraldTlExpr *source, Value *out)
{
  if (source->kind != HERALD_TL_EXPR_VARIABLE)
    {
      if (!eval_expr (e, source, out))
        return FALSE;
    }
  else if (!resolve (e, source, out))
    {
      if (source->variable.default_value == NULL)
        return eval_fail (e, &source->location, HERALD_TL_ERROR_LOOP_SOURCE,
                          _ ("No value for \"%s\": a {%% for %%} loop needs a list here"),
                          source->variable.text);
      _herald_tl_value_from_node (source->variable.default_value, out);
    }

  if (out->type != V_ARRAY && out->type != V_OBJECT)
    {
      value_clear (out);
      return eval_fail (
          /* Translators: Mailjet words this error “"var:day" is not an array value”. */
          e, &source->location, HERALD_TL_ERROR_LOOP_SOURCE, _ ("\"%s\" is not an array value"),
          source->kind == HERALD_TL_EXPR_VARIABLE ? source->variable.text : _ ("the loop source"));
    }
  return TRUE;
}

/* Loop items borrow from the JSON values, which outlive the render: no copy. */
static void
bind (Eval *e, const char *name, const Value *value)
{
  Binding binding;

  binding.name = name;
  binding.value = *value;
  binding.value.owned = NULL;
  g_array_append_val (e->bindings, binding);
}

static gboolean
render_for (Eval *e, const HeraldTlNode *node, const char *source, GString *out)
{
  Value list;
  g_autoptr (GList) members = NULL;
  JsonArray *array = NULL;
  JsonObject *object = NULL;
  guint mark = e->bindings->len;
  guint n;
  GList *iter;

  if (!eval_loop_source (e, node->for_.source, &list))
    return FALSE;

  if (list.type == V_ARRAY)
    {
      array = json_node_get_array (list.node);
      n = json_array_get_length (array);
    }
  else
    {
      object = json_node_get_object (list.node);
      members = json_object_get_members (object);
      n = g_list_length (members);
    }

  iter = members;
  for (guint i = 0; i < n; i++)
    {
      Value item;

      _herald_tl_value_from_node (array != NULL ? json_array_get_element (array, i)
                                                : json_object_get_member (object, iter->data),
                                  &item);
      if (iter != NULL)
        iter = iter->next;
      truncate_bindings (e, mark);
      bind (e, node->for_.variable, &item);
      if (!render_list (e, node->for_.body, source, out))
        {
          truncate_bindings (e, mark);
          return FALSE;
        }
    }
  truncate_bindings (e, mark);
  return TRUE;
}

static gboolean
render_set (Eval *e, const HeraldTlNode *node)
{
  Binding *binding;
  Value value;
  Value copy;

  if (!eval_expr (e, node->set.value, &value))
    return FALSE;

  /* Copy before freeing the old value: `set x = x` borrows from the binding. */
  value_copy (&value, &copy);
  value_clear (&value);
  binding = find_binding (e, node->set.variable);
  if (binding != NULL)
    {
      value_clear (&binding->value);
      binding->value = copy;
    }
  else
    {
      Binding fresh = { node->set.variable, copy };

      g_array_append_val (e->bindings, fresh);
    }
  return TRUE;
}

static gboolean
render_output (Eval *e, const HeraldTlNode *node, GString *out)
{
  Value value;
  gsize before = out->len;

  if (!eval_expr (e, node->output.expr, &value))
    return FALSE;
  _herald_tl_value_append (out, &value);
  value_clear (&value);
  if (e->ctx->output_hook != NULL)
    e->ctx->output_hook (node, out->str + before, out->len - before, e->ctx->output_hook_data);
  return TRUE;
}

static gboolean
render_list (Eval *e, const HeraldTlNode *node, const char *source, GString *out)
{
  for (; node != NULL; node = node->next)
    {
      switch (node->kind)
        {
        case HERALD_TL_NODE_TEXT:
          herald_gstring_append (out, source + node->location.offset,
                                 node->end_offset - node->location.offset);
          break;
        case HERALD_TL_NODE_OUTPUT:
          if (!render_output (e, node, out))
            return FALSE;
          break;
        case HERALD_TL_NODE_IF:
          for (const HeraldTlBranch *branch = node->if_.branches; branch; branch = branch->next)
            {
              Value cond;
              gboolean taken;

              if (branch->condition == NULL)
                taken = TRUE;
              else if (!eval_expr (e, branch->condition, &cond))
                return FALSE;
              else
                {
                  taken = _herald_tl_truthy (&cond);
                  value_clear (&cond);
                }
              if (taken)
                {
                  if (!render_list (e, branch->body, source, out))
                    return FALSE;
                  break;
                }
            }
          break;
        case HERALD_TL_NODE_FOR:
          if (!render_for (e, node, source, out))
            return FALSE;
          break;
        case HERALD_TL_NODE_SET:
          if (!render_set (e, node))
            return FALSE;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

static void
eval_init (Eval *e, const HeraldTlContext *context)
{
  static HeraldTlContext empty = { NULL, NULL, NULL, NULL, -1, -1, NULL, NULL };

  memset (e, 0, sizeof *e);
  e->ctx = context != NULL ? context : &empty;
  e->bindings = g_array_new (FALSE, FALSE, sizeof (Binding));
}

static gboolean
eval_finish (Eval *e, gboolean ok, HeraldTlLocation *error_location, GError **error)
{
  truncate_bindings (e, 0);
  g_array_unref (e->bindings);
  if (ok)
    return TRUE;
  if (error_location != NULL)
    *error_location = e->error_location;
  g_propagate_error (error, e->error);
  return FALSE;
}

static gboolean
check_loops (Eval *e, HeraldTlTemplate *self)
{
  for (guint i = 0; i < self->n_static_loops; i++)
    {
      const HeraldTlNode *node = self->static_loops[i];
      Value list;

      if (!eval_loop_source (e, node->for_.source, &list))
        return FALSE;
      value_clear (&list);
    }
  return TRUE;
}

gboolean
herald_tl_template_check_loops (HeraldTlTemplate *self,
                                const HeraldTlContext *context,
                                HeraldTlLocation *error_location,
                                GError **error)
{
  Eval e;

  g_return_val_if_fail (self != NULL, FALSE);

  eval_init (&e, context);
  return eval_finish (&e, check_loops (&e, self), error_location, error);
}

gboolean
herald_tl_template_render (HeraldTlTemplate *self,
                           const HeraldTlContext *context,
                           GString *out,
                           HeraldTlLocation *error_location,
                           GError **error)
{
  Eval e;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  eval_init (&e, context);
  ok = check_loops (&e, self) && render_list (&e, self->root, self->source, out);
  return eval_finish (&e, ok, error_location, error);
}

JsonNode *
herald_tl_context_lookup (const HeraldTlContext *context, const HeraldTlExpr *variable)
{
  JsonObject *object = NULL;
  JsonNode *node;

  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (variable != NULL && variable->kind == HERALD_TL_EXPR_VARIABLE, NULL);

  switch (variable->variable.ns)
    {
    case HERALD_TL_NS_VAR:
      object = context->variables;
      break;
    case HERALD_TL_NS_DATA:
      object = context->data;
      break;
    case HERALD_TL_NS_MJ:
      object = context->predefined;
      break;
    case HERALD_TL_NS_SEGMENT:
      object = context->segments;
      break;
    case HERALD_TL_NS_LOCAL:
    default:
      return NULL;
    }
  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, variable->variable.name);
  for (guint i = 1; node != NULL && variable->variable.path[i] != NULL; i++)
    {
      const char *segment = variable->variable.path[i];

      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), segment);
      else if (JSON_NODE_HOLDS_ARRAY (node) && g_ascii_isdigit (segment[0]) &&
               g_ascii_strtoull (segment, NULL, 10) <
                   json_array_get_length (json_node_get_array (node)))
        node = json_array_get_element (json_node_get_array (node),
                                       g_ascii_strtoull (segment, NULL, 10));
      else
        node = NULL;
    }
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}
