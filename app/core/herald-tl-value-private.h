/* herald-tl-value-private.h: what the evaluator (herald-tl-eval.c) and its value model
 * (herald-tl-value.c) share: the value of an expression, and what Mailjet's values mean when
 * they are printed, tested, turned into numbers and compared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-tl-private.h"

G_BEGIN_DECLS

typedef enum
{
  V_NULL,
  V_BOOL,
  V_INT,
  V_DOUBLE,
  V_STRING,
  V_ARRAY,
  V_OBJECT,
} ValueType;

/* Strings and containers are borrowed from the context, the tree or a binding unless owned
 * is set. */
typedef struct
{
  ValueType type;
  gboolean b;
  gint64 i;
  double d;
  const char *s;
  gsize len;
  char *owned;
  JsonNode *node;
} Value;

/* Points v at a JSON value; strings and containers stay borrowed from node. NULL and JSON
 * null give V_NULL. */
void _herald_tl_value_from_node (JsonNode *node, Value *v);
/* Appends v as the output of `{{ … }}` prints it. */
void _herald_tl_value_append (GString *out, const Value *v);
char *_herald_tl_value_to_string (const Value *v);
gboolean _herald_tl_truthy (const Value *v);
/* FALSE when v is not a number and no text that reads as one. */
gboolean _herald_tl_to_number (const Value *v, double *out);
/* -1, 0 or 1; FALSE when the values cannot be ordered. */
int _herald_tl_compare_values (const Value *a, const Value *b, gboolean *ok);
gboolean _herald_tl_values_equal (const Value *a, const Value *b);
gboolean _herald_tl_values_identical (const Value *a, const Value *b);

G_END_DECLS
