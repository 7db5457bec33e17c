/* herald-tl-value.c: the value model of the Mailjet Templating Language evaluator
 * (herald-tl-eval.c): JSON values with Mailjet's printing, truthiness, conversions to numbers
 * and comparisons.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-tl"

#include "config.h"

#include <math.h>
#include <string.h>

#include "herald-gstring.h"
#include "herald-tl-value-private.h"

void
_herald_tl_value_from_node (JsonNode *node, Value *v)
{
  memset (v, 0, sizeof *v);
  if (node == NULL)
    return;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      v->type = V_OBJECT;
      v->node = node;
      break;
    case JSON_NODE_ARRAY:
      v->type = V_ARRAY;
      v->node = node;
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          v->type = V_BOOL;
          v->b = json_node_get_boolean (node);
          break;
        case G_TYPE_INT64:
          v->type = V_INT;
          v->i = json_node_get_int (node);
          break;
        case G_TYPE_DOUBLE:
          v->type = V_DOUBLE;
          v->d = json_node_get_double (node);
          break;
        case G_TYPE_STRING:
          v->type = V_STRING;
          v->s = json_node_get_string (node);
          v->len = strlen (v->s);
          break;
        default:
          break;
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

static void
append_int (GString *out, gint64 i)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 u = i < 0 ? (guint64) 0 - (guint64) i : (guint64) i;

  do
    {
      *--p = (char) ('0' + u % 10);
      u /= 10;
    }
  while (u != 0);
  if (i < 0)
    *--p = '-';
  herald_gstring_append (out, p, buf + sizeof buf - p);
}

static void
append_double (GString *out, double d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (d))
    {
      g_string_append (out, "NaN");
      return;
    }
  if (isinf (d))
    {
      g_string_append (out, d > 0 ? "INF" : "-INF");
      return;
    }
  /* Whole numbers print without decimals (12, not 12.000000); others with the fewest digits
   * that read back the same (0.1, -42.5). */
  if (d == trunc (d) && fabs (d) < 1e15)
    {
      append_int (out, (gint64) d);
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.15g", d);
  if (g_ascii_strtod (buf, NULL) != d)
    g_ascii_formatd (buf, sizeof buf, "%.17g", d);
  g_string_append (out, buf);
}

void
_herald_tl_value_append (GString *out, const Value *v)
{
  switch (v->type)
    {
    case V_NULL:
      break;
    case V_BOOL:
      g_string_append (out, v->b ? "true" : "false");
      break;
    case V_INT:
      append_int (out, v->i);
      break;
    case V_DOUBLE:
      append_double (out, v->d);
      break;
    case V_STRING:
      herald_gstring_append (out, v->s, v->len);
      break;
    case V_ARRAY:
    case V_OBJECT:
      {
        g_autofree char *json = json_to_string (v->node, FALSE);

        g_string_append (out, json);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

void
herald_tl_append_value (GString *out, JsonNode *value)
{
  Value v;

  g_return_if_fail (out != NULL);

  _herald_tl_value_from_node (value, &v);
  _herald_tl_value_append (out, &v);
}

char *
_herald_tl_value_to_string (const Value *v)
{
  GString *out = g_string_new (NULL);

  _herald_tl_value_append (out, v);
  return g_string_free (out, FALSE);
}

gboolean
_herald_tl_truthy (const Value *v)
{
  switch (v->type)
    {
    case V_BOOL:
      return v->b;
    case V_INT:
      return v->i != 0;
    case V_DOUBLE:
      return v->d != 0.0;
    case V_STRING:
      return v->len > 0;
    case V_ARRAY:
      return json_array_get_length (json_node_get_array (v->node)) > 0;
    case V_OBJECT:
      return json_object_get_size (json_node_get_object (v->node)) > 0;
    case V_NULL:
    default:
      return FALSE;
    }
}

static gboolean
string_to_number (const char *s, gsize len, double *out)
{
  g_autofree char *copy = g_strstrip (g_strndup (s, len));
  char *end = NULL;

  if (*copy == '\0')
    return FALSE;
  *out = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0' && isfinite (*out);
}

gboolean
_herald_tl_to_number (const Value *v, double *out)
{
  switch (v->type)
    {
    case V_BOOL:
      *out = v->b ? 1 : 0;
      return TRUE;
    case V_INT:
      *out = (double) v->i;
      return TRUE;
    case V_DOUBLE:
      *out = v->d;
      return TRUE;
    case V_STRING:
      return string_to_number (v->s, v->len, out);
    case V_NULL:
    case V_ARRAY:
    case V_OBJECT:
    default:
      return FALSE;
    }
}

static inline gboolean
is_number (const Value *v)
{
  return v->type == V_INT || v->type == V_DOUBLE;
}

/* -1, 0 or 1; FALSE when the values cannot be ordered. */
int
_herald_tl_compare_values (const Value *a, const Value *b, gboolean *ok)
{
  double x, y;

  *ok = TRUE;
  if (a->type == V_STRING && b->type == V_STRING)
    {
      int c = strcmp (a->s, b->s);

      return (c > 0) - (c < 0);
    }
  if (_herald_tl_to_number (a, &x) && _herald_tl_to_number (b, &y))
    return (x > y) - (x < y);
  if (a->type == V_STRING || b->type == V_STRING)
    {
      g_autofree char *sa = _herald_tl_value_to_string (a);
      g_autofree char *sb = _herald_tl_value_to_string (b);
      int c = strcmp (sa, sb);

      return (c > 0) - (c < 0);
    }
  *ok = FALSE;
  return 0;
}

gboolean
_herald_tl_values_equal (const Value *a, const Value *b)
{
  gboolean ok;

  if (a->type == V_NULL || b->type == V_NULL)
    return a->type == b->type;
  if (a->type == V_BOOL || b->type == V_BOOL)
    return _herald_tl_truthy (a) == _herald_tl_truthy (b);
  if ((a->type == V_ARRAY || a->type == V_OBJECT) && (b->type == V_ARRAY || b->type == V_OBJECT))
    return json_node_equal (a->node, b->node);
  return _herald_tl_compare_values (a, b, &ok) == 0 && ok;
}

gboolean
_herald_tl_values_identical (const Value *a, const Value *b)
{
  if (is_number (a) && is_number (b))
    return _herald_tl_values_equal (a, b);
  if (a->type != b->type)
    return FALSE;
  return _herald_tl_values_equal (a, b);
}
