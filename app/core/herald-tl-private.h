/* herald-tl-private.h: internals shared by the parser and the evaluator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-tl.h"

G_BEGIN_DECLS

/* Deeper nesting is refused rather than risking the stack on hostile input. */
#define HERALD_TL_MAX_DEPTH 200

struct _HeraldTlTemplate
{
  gatomicrefcount ref_count;
  char *source;
  gsize length;
  HeraldTlNode *root;
  HeraldTlSpan *spans;
  guint n_spans;
  /* FOR nodes whose source is a var:/data:/mj: value: Mailjet evaluates those before
   * rendering, even inside false branches. */
  HeraldTlNode **static_loops;
  guint n_static_loops;
};

typedef enum
{
  HERALD_TL_FUNC_UPPER,
  HERALD_TL_FUNC_LOWER,
  HERALD_TL_FUNC_CAPITALIZE,
  HERALD_TL_FUNC_ROUND,
  HERALD_TL_FUNC_INT,
  HERALD_TL_FUNC_URL_ENCODE,
  HERALD_TL_FUNC_ESCAPE,
  HERALD_TL_FUNC_HAS_OPENED_SINCE,
  HERALD_TL_FUNC_HAS_CLICKED_SINCE,
} HeraldTlFunction;

typedef struct
{
  const char *name;
  HeraldTlFunction function;
  guint min_args;
  guint max_args;
} HeraldTlFunctionInfo;

const HeraldTlFunctionInfo *_herald_tl_function_lookup (const char *name);
const char *_herald_tl_namespace_prefix (HeraldTlNamespace ns);

G_END_DECLS
