/* herald-tl.h: the Mailjet Templating Language, parsed once to a tree and rendered many times.
 *
 * The tree is public and read-only so that the checks (which variables are used where) and
 * the localization code (where the `{{ }}` and `{% %}` spans are) can walk it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HERALD_TL_ERROR (herald_tl_error_quark ())

typedef enum
{
  HERALD_TL_ERROR_SYNTAX,
  HERALD_TL_ERROR_EVALUATION,
  /* A `{% for %}` source that is missing or not an array (Mailjet fails even when the loop
   * sits in a false `{% if %}`), reported separately by the checks. */
  HERALD_TL_ERROR_LOOP_SOURCE,
} HeraldTlError;

GQuark herald_tl_error_quark (void);

/* line and column are 1-based; column counts characters, offset counts bytes. */
typedef struct
{
  guint line;
  guint column;
  gsize offset;
} HeraldTlLocation;

typedef enum
{
  HERALD_TL_NS_LOCAL,   /* bare name: a loop or `set` variable */
  HERALD_TL_NS_VAR,     /* var: the send call's Variables */
  HERALD_TL_NS_DATA,    /* data: contact properties */
  HERALD_TL_NS_MJ,      /* mj: predefined values */
  HERALD_TL_NS_SEGMENT, /* segment: a segmentation formula, a boolean */
} HeraldTlNamespace;

typedef enum
{
  HERALD_TL_EXPR_LITERAL,
  HERALD_TL_EXPR_VARIABLE,
  HERALD_TL_EXPR_UNARY,
  HERALD_TL_EXPR_BINARY,
  HERALD_TL_EXPR_CALL,
} HeraldTlExprKind;

typedef enum
{
  HERALD_TL_OP_NONE,
  /* unary */
  HERALD_TL_OP_NOT,
  HERALD_TL_OP_NEGATE,
  /* binary */
  HERALD_TL_OP_OR,
  HERALD_TL_OP_XOR,
  HERALD_TL_OP_AND,
  HERALD_TL_OP_EQ,        /* = and == */
  HERALD_TL_OP_IDENTICAL, /* === */
  HERALD_TL_OP_NE,        /* != and <> */
  HERALD_TL_OP_LT,
  HERALD_TL_OP_GT,
  HERALD_TL_OP_LE,
  HERALD_TL_OP_GE,
  HERALD_TL_OP_ADD,
  HERALD_TL_OP_SUB,
  HERALD_TL_OP_MUL,
  HERALD_TL_OP_DIV,     /* / (float) */
  HERALD_TL_OP_INT_DIV, /* div */
  HERALD_TL_OP_MOD,
} HeraldTlOperator;

typedef struct _HeraldTlExpr HeraldTlExpr;

struct _HeraldTlExpr
{
  HeraldTlExprKind kind;
  HeraldTlLocation location;
  union
  {
    /* A string, number or boolean literal. */
    struct
    {
      JsonNode *value;
    } literal;
    /* `var:user.address.city:"default"`. text is the whole reference without the default
     * ("var:user.address.city"), name its first segment ("user"), path all segments. */
    struct
    {
      HeraldTlNamespace ns;
      char *text;
      char *name;
      char **path;
      JsonNode *default_value; /* NULL without a default */
    } variable;
    struct
    {
      HeraldTlOperator op;
      HeraldTlExpr *operand;
    } unary;
    struct
    {
      HeraldTlOperator op;
      HeraldTlExpr *left;
      HeraldTlExpr *right;
    } binary;
    struct
    {
      char *name;
      HeraldTlExpr **args;
      guint n_args;
    } call;
  };
};

typedef enum
{
  HERALD_TL_NODE_TEXT,
  HERALD_TL_NODE_OUTPUT,
  HERALD_TL_NODE_IF,
  HERALD_TL_NODE_FOR,
  HERALD_TL_NODE_SET,
} HeraldTlNodeKind;

typedef struct _HeraldTlNode HeraldTlNode;
typedef struct _HeraldTlBranch HeraldTlBranch;

/* One `{% if %}`, `{% elseif %}` or `{% else %}` (condition NULL) and the nodes it guards. */
struct _HeraldTlBranch
{
  HeraldTlBranch *next;
  HeraldTlExpr *condition;
  HeraldTlNode *body;
  HeraldTlLocation location; /* of the tag's `{%` */
  gsize end_offset;          /* just past the tag's `%}` */
};

struct _HeraldTlNode
{
  HeraldTlNodeKind kind;
  HeraldTlNode *next;
  /* TEXT: the text itself. OUTPUT, SET: the whole `{{ }}` / `{% %}` tag. IF, FOR: the opening
   * tag only; the closing tag is end_tag_*. */
  HeraldTlLocation location;
  gsize end_offset;
  union
  {
    struct
    {
      HeraldTlExpr *expr;
    } output;
    /* Also Herald's source-only plural block, `{% plural var:n %}one{% plural_other %}other
     * {% endplural %}`: plural is TRUE, the first branch's condition is `var:n = 1` (the
     * source locale's rule) and the second is the "other" branch. Localization compiles it
     * into plain `{% if %}` chains per locale, so it never reaches Mailjet. */
    struct
    {
      HeraldTlBranch *branches;
      gboolean plural;
    } if_;
    struct
    {
      char *variable;
      HeraldTlExpr *source;
      HeraldTlNode *body;
    } for_;
    struct
    {
      char *variable;
      HeraldTlExpr *value;
    } set;
  };
  /* IF and FOR: the `{% endif %}` / `{% endfor %}` tag. */
  HeraldTlLocation end_tag_location;
  gsize end_tag_end_offset;
};

typedef enum
{
  HERALD_TL_SPAN_TEXT,
  HERALD_TL_SPAN_OUTPUT,    /* {{ … }} */
  HERALD_TL_SPAN_STATEMENT, /* {% … %} */
} HeraldTlSpanKind;

/* A flat, source-ordered view of the template: the localization code uses it to keep
 * `{{ }}` as placeholders and split units at `{% %}`. start/end are byte offsets (end
 * exclusive) and include the delimiters. */
typedef struct
{
  HeraldTlSpanKind kind;
  gsize start;
  gsize end;
  HeraldTlLocation location;
} HeraldTlSpan;

typedef struct _HeraldTlTemplate HeraldTlTemplate;

#define HERALD_TL_TYPE_TEMPLATE (herald_tl_template_get_type ())

GType herald_tl_template_get_type (void) G_GNUC_CONST;
/* On a syntax error returns NULL, sets error (HERALD_TL_ERROR_SYNTAX) and error_location. */
HeraldTlTemplate *herald_tl_template_parse (const char *source,
                                            gssize length,
                                            HeraldTlLocation *error_location,
                                            GError **error);
/* Like parse, but shares the tree of identical sources parsed recently (a small cache). */
HeraldTlTemplate *herald_tl_template_parse_cached (const char *source,
                                                   HeraldTlLocation *error_location,
                                                   GError **error);
HeraldTlTemplate *herald_tl_template_ref (HeraldTlTemplate *self);
void herald_tl_template_unref (HeraldTlTemplate *self);
const char *herald_tl_template_get_source (HeraldTlTemplate *self, gsize *length);
const HeraldTlNode *herald_tl_template_get_root (HeraldTlTemplate *self);
const HeraldTlSpan *herald_tl_template_get_spans (HeraldTlTemplate *self, guint *n_spans);

/* Calls func for every expression node, depth first, in source order (statement conditions,
 * loop sources, outputs, set values, call arguments). node is the statement or output that
 * holds the expression: for a HERALD_TL_NODE_FOR node, the expression is part of its source. */
typedef void (*HeraldTlExprFunc) (const HeraldTlExpr *expr,
                                  const HeraldTlNode *node,
                                  gpointer user_data);
void
herald_tl_template_foreach_expr (HeraldTlTemplate *self, HeraldTlExprFunc func, gpointer user_data);
/* Calls func for every node (all depths) in source order. */
typedef void (*HeraldTlNodeFunc) (const HeraldTlNode *node, gpointer user_data);
void
herald_tl_template_foreach_node (HeraldTlTemplate *self, HeraldTlNodeFunc func, gpointer user_data);

/* Called for every `{{ }}` output while rendering, with the printed value. */
typedef void (*HeraldTlOutputHook) (const HeraldTlNode *node,
                                    const char *text,
                                    gsize length,
                                    gpointer user_data);

/* What a render can see. Every member may be NULL. Contact activity answers
 * HasOpenedSince(days) / HasClickedSince(days): days since the last open or click, or -1 for
 * never. */
typedef struct
{
  JsonObject *variables;
  JsonObject *data;
  JsonObject *predefined; /* mj: values: {"contact": {"email": …}, "unsub_link": …} */
  JsonObject *segments;
  gint64 opened_days_ago;
  gint64 clicked_days_ago;
  HeraldTlOutputHook output_hook;
  gpointer output_hook_data;
} HeraldTlContext;

void herald_tl_context_init (HeraldTlContext *context);

/* Appends the output to out. On an evaluation error returns FALSE, sets error and
 * error_location; out then holds a partial render. */
gboolean herald_tl_template_render (HeraldTlTemplate *self,
                                    const HeraldTlContext *context,
                                    GString *out,
                                    HeraldTlLocation *error_location,
                                    GError **error);

/* Checks every `{% for %}` whose source is a var:/data:/mj: value, even inside false
 * branches, as Mailjet does. */
gboolean herald_tl_template_check_loops (HeraldTlTemplate *self,
                                         const HeraldTlContext *context,
                                         HeraldTlLocation *error_location,
                                         GError **error);

/* The value a var:/data:/mj:/segment: reference points at in a context, ignoring its
 * default; NULL when it has none. Borrowed from the context. */
JsonNode *herald_tl_context_lookup (const HeraldTlContext *context, const HeraldTlExpr *variable);

/* Formats a value as Mailjet prints it: true/false, 12 not 12.000000, strings raw. */
void herald_tl_append_value (GString *out, JsonNode *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTlTemplate, herald_tl_template_unref)

G_END_DECLS
