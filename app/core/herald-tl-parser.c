/* herald-tl-parser.c: the parser of the Mailjet Templating Language: source text in, a
 * tree (herald-tl-private.h) or a positioned error out. The expression grammar and the
 * statement blocks ({% if %}…{% endif %}, {% for %}, {% set %}, Herald's {% plural %}) read
 * tokens from herald-tl-lexer.c, which also keeps the cursor's line and column and builds
 * the errors; the evaluator is herald-tl-eval.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-tl"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-arena.h"
#include "herald-hash.h"
#include "herald-tl-lexer.h"
#include "herald-tl-private.h"

G_DEFINE_QUARK (herald-tl-error-quark, herald_tl_error);

G_DEFINE_BOXED_TYPE (HeraldTlTemplate,
                     herald_tl_template,
                     herald_tl_template_ref,
                     herald_tl_template_unref)

static const HeraldTlFunctionInfo functions[] = {
  { "Upper", HERALD_TL_FUNC_UPPER, 1, 1 },
  { "Lower", HERALD_TL_FUNC_LOWER, 1, 1 },
  { "Capitalize", HERALD_TL_FUNC_CAPITALIZE, 1, 1 },
  { "Round", HERALD_TL_FUNC_ROUND, 1, 2 },
  { "Int", HERALD_TL_FUNC_INT, 1, 1 },
  { "UrlEncode", HERALD_TL_FUNC_URL_ENCODE, 1, 1 },
  { "Escape", HERALD_TL_FUNC_ESCAPE, 1, 1 },
  { "HasOpenedSince", HERALD_TL_FUNC_HAS_OPENED_SINCE, 1, 1 },
  { "HasClickedSince", HERALD_TL_FUNC_HAS_CLICKED_SINCE, 1, 1 },
};

const HeraldTlFunctionInfo *
_herald_tl_function_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (strcmp (functions[i].name, name) == 0)
      return &functions[i];
  return NULL;
}

const char *
_herald_tl_namespace_prefix (HeraldTlNamespace ns)
{
  switch (ns)
    {
    case HERALD_TL_NS_VAR:
      return "var:";
    case HERALD_TL_NS_DATA:
      return "data:";
    case HERALD_TL_NS_MJ:
      return "mj:";
    case HERALD_TL_NS_SEGMENT:
      return "segment:";
    case HERALD_TL_NS_LOCAL:
    default:
      return "";
    }
}

/* @data, an array of @len elements of @element_size bytes in @arena, with room for one more:
 * moved to a piece twice as large when full, the old one left to be freed with the rest. */
static gpointer
arena_array_reserve (HeraldArena *arena, gpointer data, guint len, guint *size, gsize element_size)
{
  gpointer larger;

  if (len < *size)
    return data;
  *size = MAX (8, *size * 2);
  larger = herald_arena_alloc (arena, *size * element_size);
  if (len > 0)
    memcpy (larger, data, len * element_size);
  return larger;
}

/* The template as the parser allocates it: in the arena that holds its tree. */
typedef struct
{
  HeraldTlTemplate base;
  HeraldArena arena;
} ParsedTemplate;

HeraldTlTemplate *
herald_tl_template_ref (HeraldTlTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
herald_tl_template_unref (HeraldTlTemplate *self)
{
  HeraldArena arena;

  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  /* The template itself, its spans and its loops live in its arena: cleared from a copy. */
  arena = ((ParsedTemplate *) self)->arena;
  g_free (self->source);
  herald_arena_clear (&arena);
}

const char *
herald_tl_template_get_source (HeraldTlTemplate *self, gsize *length)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (length != NULL)
    *length = self->length;
  return self->source;
}

const HeraldTlNode *
herald_tl_template_get_root (HeraldTlTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->root;
}

const HeraldTlSpan *
herald_tl_template_get_spans (HeraldTlTemplate *self, guint *n_spans)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (n_spans != NULL)
    *n_spans = self->n_spans;
  return self->spans;
}

/* Expressions, by precedence from loosest to tightest:
 * or < xor < and < not < comparisons < + - < * / div mod < unary - ! not < primary.
 * Binary operators associate to the left. */

static HeraldTlExpr *parse_expr (Parser *p);

static HeraldTlExpr *
new_expr_at (Parser *p, HeraldTlExprKind kind, HeraldTlLocation location)
{
  HeraldTlExpr *expr = herald_arena_alloc0 (&p->arena, sizeof *expr);

  expr->kind = kind;
  expr->location = location;
  return expr;
}

static HeraldTlExpr *
new_expr (Parser *p, HeraldTlExprKind kind, gsize offset)
{
  return new_expr_at (p, kind, locate (p, offset));
}

/* Operators are located when met, before their operands: behind the cursor, they would be
 * counted again. */
static HeraldTlExpr *
new_binary (Parser *p,
            HeraldTlOperator op,
            HeraldTlExpr *left,
            HeraldTlExpr *right,
            HeraldTlLocation location)
{
  HeraldTlExpr *expr = new_expr_at (p, HERALD_TL_EXPR_BINARY, location);

  expr->binary.op = op;
  expr->binary.left = left;
  expr->binary.right = right;
  return expr;
}

static HeraldTlExpr *
parse_call (Parser *p)
{
  const HeraldTlFunctionInfo *info;
  HeraldTlExpr *expr;
  HeraldTlLocation location;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  gsize start = p->tok.start;
  const char *name = p->tok.text;

  info = _herald_tl_function_lookup (name);
  if (info == NULL)
    {
      _herald_tl_fail (
          p, start,
          _ ("Unknown function “%s”: Mailjet knows Upper, Lower, Capitalize, Round, Int, "
             "UrlEncode, Escape, HasOpenedSince and HasClickedSince"),
          name);
      return NULL;
    }

  location = locate (p, start);
  if (!_herald_tl_next_token (p) || !_herald_tl_next_token (p)) /* the name, then ( */
    return NULL;

  if (p->tok.type != TOK_RPAREN)
    {
      for (;;)
        {
          HeraldTlExpr *arg = parse_expr (p);

          if (arg == NULL)
            return NULL;
          g_ptr_array_add (args, arg);
          if (p->tok.type == TOK_COMMA)
            {
              if (!_herald_tl_next_token (p))
                return NULL;
              continue;
            }
          if (p->tok.type != TOK_RPAREN)
            {
              _herald_tl_fail_unexpected (p, _ ("“,” or “)”"));
              return NULL;
            }
          break;
        }
    }
  if (!_herald_tl_next_token (p))
    return NULL;

  if (args->len < info->min_args || args->len > info->max_args)
    {
      if (info->min_args == info->max_args)
        _herald_tl_fail (
            p, start,
            /* Translators: the first placeholder is a function name such as Round, the second how
             * many values it takes, the third how many the template gives it. */
            g_dngettext (GETTEXT_PACKAGE, "%s expects %u value in parentheses, found %u",
                         "%s expects %u values in parentheses, found %u", info->min_args),
            info->name, info->min_args, args->len);
      else
        /* Translators: the first placeholder is a function name such as Round. */
        _herald_tl_fail (p, start, _ ("%s expects %u or %u values in parentheses, found %u"),
                         info->name, info->min_args, info->max_args, args->len);
      return NULL;
    }

  expr = new_expr_at (p, HERALD_TL_EXPR_CALL, location);
  expr->call.name = herald_arena_strndup (&p->arena, info->name, strlen (info->name));
  expr->call.n_args = args->len;
  expr->call.args = herald_arena_alloc (&p->arena, args->len * sizeof (HeraldTlExpr *));
  memcpy (expr->call.args, args->pdata, args->len * sizeof (HeraldTlExpr *));
  return expr;
}

/* The value of the literal token. */
static JsonNode *
literal_node (Parser *p)
{
  if (p->tok.type == TOK_NUMBER)
    return _herald_tl_number_node (p, &p->tok);
  if (p->tok.type == TOK_STRING)
    return _herald_tl_string_node (p, p->tok.text);
  return _herald_tl_boolean_node (p, p->tok.type == TOK_TRUE);
}

static HeraldTlExpr *
parse_primary (Parser *p)
{
  HeraldTlExpr *expr;
  gsize start = p->tok.start;

  switch (p->tok.type)
    {
    case TOK_NUMBER:
    case TOK_STRING:
    case TOK_TRUE:
    case TOK_FALSE:
      expr = new_expr (p, HERALD_TL_EXPR_LITERAL, start);
      expr->literal.value = _herald_tl_find_literal (p, start, p->tok.end);
      if (expr->literal.value == NULL)
        expr->literal.value = _herald_tl_keep_literal (p, start, p->tok.end, literal_node (p));
      break;
    case TOK_REFERENCE:
      expr = new_expr (p, HERALD_TL_EXPR_VARIABLE, start);
      expr->variable.ns = p->tok.ns;
      expr->variable.text = g_steal_pointer (&p->tok.text);
      expr->variable.path = g_steal_pointer (&p->tok.path);
      expr->variable.name = expr->variable.path[0];
      expr->variable.default_value = g_steal_pointer (&p->tok.default_value);
      break;
    case TOK_FUNCTION:
      return parse_call (p);
    case TOK_LPAREN:
      if (!_herald_tl_next_token (p))
        return NULL;
      expr = parse_expr (p);
      if (expr == NULL)
        return NULL;
      if (p->tok.type != TOK_RPAREN)
        {
          _herald_tl_fail_unexpected (p, "“)”");
          return NULL;
        }
      break;
    default:
      _herald_tl_fail_unexpected (p, _ ("a value"));
      return NULL;
    }

  if (!_herald_tl_next_token (p))
    return NULL;
  return expr;
}

static HeraldTlExpr *
parse_unary (Parser *p)
{
  HeraldTlExpr *expr;
  HeraldTlExpr *operand;
  HeraldTlOperator op;
  HeraldTlLocation location;
  gsize start = p->tok.start;

  if (p->tok.type != TOK_OPERATOR ||
      (p->tok.op != HERALD_TL_OP_NOT && p->tok.op != HERALD_TL_OP_SUB))
    return parse_primary (p);

  op = p->tok.op == HERALD_TL_OP_SUB ? HERALD_TL_OP_NEGATE : HERALD_TL_OP_NOT;
  if (++p->depth > HERALD_TL_MAX_DEPTH)
    {
      _herald_tl_fail (p, start, _ ("This expression is nested too deeply"));
      return NULL;
    }
  location = locate (p, start);
  if (!_herald_tl_next_token (p))
    return NULL;
  operand = parse_unary (p);
  p->depth--;
  if (operand == NULL)
    return NULL;

  expr = new_expr_at (p, HERALD_TL_EXPR_UNARY, location);
  expr->unary.op = op;
  expr->unary.operand = operand;
  return expr;
}

/* How tightly each binary operator binds, 0 for the unary ones. The word `not` binds between
 * `and` and the comparisons. */
enum
{
  PREC_OR = 1,
  PREC_XOR,
  PREC_AND,
  PREC_NOT,
  PREC_COMPARE,
  PREC_ADD,
  PREC_MUL,
};

static const guint8 binary_precedence[] = {
  [HERALD_TL_OP_OR] = PREC_OR,
  [HERALD_TL_OP_XOR] = PREC_XOR,
  [HERALD_TL_OP_AND] = PREC_AND,
  [HERALD_TL_OP_EQ] = PREC_COMPARE,
  [HERALD_TL_OP_IDENTICAL] = PREC_COMPARE,
  [HERALD_TL_OP_NE] = PREC_COMPARE,
  [HERALD_TL_OP_LT] = PREC_COMPARE,
  [HERALD_TL_OP_GT] = PREC_COMPARE,
  [HERALD_TL_OP_LE] = PREC_COMPARE,
  [HERALD_TL_OP_GE] = PREC_COMPARE,
  [HERALD_TL_OP_ADD] = PREC_ADD,
  [HERALD_TL_OP_SUB] = PREC_ADD,
  [HERALD_TL_OP_MUL] = PREC_MUL,
  [HERALD_TL_OP_DIV] = PREC_MUL,
  [HERALD_TL_OP_INT_DIV] = PREC_MUL,
  [HERALD_TL_OP_MOD] = PREC_MUL,
};

static HeraldTlExpr *parse_binary (Parser *p, guint min_prec);

static HeraldTlExpr *
parse_not (Parser *p)
{
  HeraldTlExpr *expr;
  HeraldTlExpr *operand;
  HeraldTlLocation location;
  gsize start = p->tok.start;

  if (++p->depth > HERALD_TL_MAX_DEPTH)
    {
      _herald_tl_fail (p, start, _ ("This expression is nested too deeply"));
      return NULL;
    }
  location = locate (p, start);
  if (!_herald_tl_next_token (p))
    return NULL;
  operand = parse_binary (p, PREC_NOT);
  p->depth--;
  if (operand == NULL)
    return NULL;

  expr = new_expr_at (p, HERALD_TL_EXPR_UNARY, location);
  expr->unary.op = HERALD_TL_OP_NOT;
  expr->unary.operand = operand;
  return expr;
}

/* Precedence climbing: one loop for all the binary levels instead of a function per level,
 * which every primary expression would walk down. Binary operators associate to the left. */
static HeraldTlExpr *
parse_binary (Parser *p, guint min_prec)
{
  HeraldTlExpr *left;

  /* The word `not` binds looser than comparisons (`not a = b` is `not (a = b)`); `!` binds
   * tightly, like other unary operators, and so does `not` as an operand of a comparison or
   * tighter operator. */
  if (min_prec <= PREC_NOT && p->tok.type == TOK_OPERATOR && p->tok.op == HERALD_TL_OP_NOT &&
      p->src[p->tok.start] != '!')
    left = parse_not (p);
  else
    left = parse_unary (p);

  while (left != NULL && p->tok.type == TOK_OPERATOR)
    {
      HeraldTlOperator op = p->tok.op;
      guint prec = binary_precedence[op];
      HeraldTlLocation location;
      HeraldTlExpr *right;

      if (prec < min_prec)
        break;
      location = locate (p, p->tok.start);
      if (!_herald_tl_next_token (p))
        return NULL;
      right = parse_binary (p, prec + 1);
      if (right == NULL)
        return NULL;
      left = new_binary (p, op, left, right, location);
    }
  return left;
}

static HeraldTlExpr *
parse_expr (Parser *p)
{
  HeraldTlExpr *expr;

  if (++p->depth > HERALD_TL_MAX_DEPTH)
    {
      _herald_tl_fail (p, p->tok.start, _ ("This expression is nested too deeply"));
      return NULL;
    }
  expr = parse_binary (p, PREC_OR);
  p->depth--;
  return expr;
}

/* Statements and the block structure */

typedef struct
{
  HeraldTlNode *node;     /* IF or FOR */
  HeraldTlBranch *branch; /* IF: the branch being filled */
  HeraldTlNode **tail;    /* where the next node of the enclosing list goes */
  HeraldTlNode **body_tail;
  gsize keyword_offset; /* of `if` / `for`, for "never closed" */
  gboolean seen_else;
} Block;

typedef struct
{
  Parser *p;
  Block *blocks; /* in the arena */
  guint n_blocks;
  guint blocks_size;
  HeraldTlNode *root;
  HeraldTlNode **root_tail;
} Builder;

static HeraldTlNode **
current_tail (Builder *b)
{
  if (b->n_blocks == 0)
    return b->root_tail;
  return b->blocks[b->n_blocks - 1].body_tail;
}

static void
set_current_tail (Builder *b, HeraldTlNode **tail)
{
  if (b->n_blocks == 0)
    b->root_tail = tail;
  else
    b->blocks[b->n_blocks - 1].body_tail = tail;
}

static void
append_node (Builder *b, HeraldTlNode *node)
{
  HeraldTlNode **tail = current_tail (b);

  *tail = node;
  set_current_tail (b, &node->next);
}

static HeraldTlNode *
new_node (Parser *p, HeraldTlNodeKind kind, HeraldTlLocation location, gsize end)
{
  HeraldTlNode *node = herald_arena_alloc0 (&p->arena, sizeof *node);

  node->kind = kind;
  node->location = location;
  node->end_offset = end;
  return node;
}

static void
add_span (Parser *p, HeraldTlSpanKind kind, HeraldTlLocation location, gsize end)
{
  HeraldTlSpan span = { kind, location.offset, end, location };

  p->spans = arena_array_reserve (&p->arena, p->spans, p->n_spans, &p->spans_size, sizeof span);
  p->spans[p->n_spans++] = span;
}

static gboolean
expect_close_stmt (Parser *p)
{
  if (p->tok.type == TOK_CLOSE_STMT)
    return TRUE;
  if (p->tok.type == TOK_EOF)
    /* Translators: “not valid template” is how Mailjet words this error. */
    return _herald_tl_fail (p, p->tok.start,
                            _ ("not valid template: “{%%” is never closed with “%%}”"));
  return _herald_tl_fail_unexpected (p, "“%}”");
}

static const char *
block_keyword (const Block *block)
{
  if (block->node->kind == HERALD_TL_NODE_IF && block->node->if_.plural)
    return "plural";
  return block->node->kind == HERALD_TL_NODE_IF ? "if" : "for";
}

static gboolean
open_block (Builder *b, HeraldTlNode *node, gsize keyword_offset)
{
  Block block = { 0 };

  if (b->n_blocks >= HERALD_TL_MAX_DEPTH)
    return _herald_tl_fail (b->p, keyword_offset, _ ("Statements are nested too deeply"));

  append_node (b, node);
  block.node = node;
  block.keyword_offset = keyword_offset;
  if (node->kind == HERALD_TL_NODE_IF)
    {
      block.branch = node->if_.branches;
      block.body_tail = &block.branch->body;
    }
  else
    {
      block.body_tail = &node->for_.body;
    }
  b->blocks =
      arena_array_reserve (&b->p->arena, b->blocks, b->n_blocks, &b->blocks_size, sizeof block);
  b->blocks[b->n_blocks++] = block;
  return TRUE;
}

static Block *
top_block (Builder *b)
{
  if (b->n_blocks == 0)
    return NULL;
  return &b->blocks[b->n_blocks - 1];
}

static gboolean
parse_if (Builder *b, gsize keyword_offset, gboolean plural)
{
  Parser *p = b->p;
  HeraldTlNode *node;
  HeraldTlBranch *branch;
  HeraldTlExpr *cond;

  if (!_herald_tl_next_token (p))
    return FALSE;
  if (p->tok.type == TOK_CLOSE_STMT)
    return _herald_tl_fail (p, keyword_offset,
                            plural ? _ ("{%% plural %%} needs a count, as in {%% plural var:n %%}")
                                   : _ ("{%% if %%} needs a condition"));
  cond = parse_expr (p);
  if (cond == NULL)
    return FALSE;
  if (!expect_close_stmt (p))
    return FALSE;

  /* The source locale's rule: one when the count is 1, other otherwise. */
  if (plural)
    {
      HeraldTlExpr *one = new_expr_at (p, HERALD_TL_EXPR_LITERAL, cond->location);

      one->literal.value = _herald_tl_new_value (&p->arena);
      json_node_set_int (one->literal.value, 1);
      cond = new_binary (p, HERALD_TL_OP_EQ, cond, one, cond->location);
    }

  node = new_node (p, HERALD_TL_NODE_IF, p->tag_location, p->tok.end);
  node->if_.plural = plural;
  branch = herald_arena_alloc0 (&p->arena, sizeof *branch);
  branch->condition = cond;
  branch->location = node->location;
  branch->end_offset = p->tok.end;
  node->if_.branches = branch;
  return open_block (b, node, keyword_offset);
}

static gboolean
parse_else (Builder *b, gsize keyword_offset, gboolean with_condition, const char *keyword)
{
  Parser *p = b->p;
  Block *block = top_block (b);
  gboolean plural = g_str_equal (keyword, "plural_other");
  HeraldTlBranch *branch;
  HeraldTlExpr *cond = NULL;

  if (block == NULL || block->node->kind != HERALD_TL_NODE_IF || block->node->if_.plural != plural)
    return _herald_tl_fail (p, keyword_offset, _ ("{%% %s %%} without a matching {%% %s %%}"),
                            keyword, plural ? "plural" : "if");
  if (block->seen_else)
    return _herald_tl_fail (p, keyword_offset,
                            _ ("{%% %s %%} after {%% else %%}: {%% else %%} must come last"),
                            keyword);

  if (!_herald_tl_next_token (p))
    return FALSE;
  if (with_condition)
    {
      if (p->tok.type == TOK_CLOSE_STMT)
        return _herald_tl_fail (p, keyword_offset, _ ("{%% elseif %%} needs a condition"));
      cond = parse_expr (p);
      if (cond == NULL)
        return FALSE;
    }
  else if (p->tok.type == TOK_REFERENCE && g_strcmp0 (p->tok.text, "if") == 0)
    {
      return _herald_tl_fail (p, keyword_offset, _ ("Write “elseif” as one word"));
    }
  if (!expect_close_stmt (p))
    return FALSE;

  branch = herald_arena_alloc0 (&p->arena, sizeof *branch);
  branch->condition = cond;
  branch->location = p->tag_location;
  branch->end_offset = p->tok.end;
  block->branch->next = branch;
  block->branch = branch;
  block->body_tail = &branch->body;
  block->seen_else = !with_condition;
  return TRUE;
}

static gboolean
parse_end (Builder *b, gsize keyword_offset, HeraldTlNodeKind kind, gboolean plural)
{
  Parser *p = b->p;
  Block *block = top_block (b);
  const char *keyword = plural ? "endplural" : kind == HERALD_TL_NODE_IF ? "endif" : "endfor";
  const char *opener = plural ? "plural" : kind == HERALD_TL_NODE_IF ? "if" : "for";
  HeraldTlNode *node;
  HeraldTlNode **tail;

  if (block == NULL)
    return _herald_tl_fail (p, keyword_offset, _ ("{%% %s %%} without a matching {%% %s %%}"),
                            keyword, opener);
  if (block->node->kind != kind || (kind == HERALD_TL_NODE_IF && block->node->if_.plural != plural))
    {
      HeraldTlLocation loc = locate (p, block->keyword_offset);

      return _herald_tl_fail (
          p, keyword_offset,
          _ ("{%% %s %%} found, but the {%% %s %%} of line %u is still open: close it "
             "first with {%% end%s %%}"),
          keyword, block_keyword (block), loc.line, block_keyword (block));
    }

  if (!_herald_tl_next_token (p))
    return FALSE;
  if (!expect_close_stmt (p))
    return FALSE;

  node = block->node;
  node->end_tag_location = p->tag_location;
  node->end_tag_end_offset = p->tok.end;
  b->n_blocks--;
  tail = &node->next;
  set_current_tail (b, tail);
  return TRUE;
}

static gboolean
parse_for (Builder *b, gsize keyword_offset)
{
  Parser *p = b->p;
  HeraldTlNode *node;
  HeraldTlExpr *source;
  char *variable;

  if (!_herald_tl_next_token (p))
    return FALSE;
  if (p->tok.type != TOK_REFERENCE || p->tok.ns != HERALD_TL_NS_LOCAL || p->tok.path[1] != NULL)
    return _herald_tl_fail_unexpected (
        p, _ ("a loop variable name (as in {% for item in var:items %})"));
  variable = g_steal_pointer (&p->tok.text);
  if (!_herald_tl_next_token (p))
    return FALSE;
  if (p->tok.type != TOK_IN)
    return _herald_tl_fail_unexpected (p, "“in”");
  if (!_herald_tl_next_token (p))
    return FALSE;
  source = parse_expr (p);
  if (source == NULL)
    return FALSE;
  if (!expect_close_stmt (p))
    return FALSE;

  node = new_node (p, HERALD_TL_NODE_FOR, p->tag_location, p->tok.end);
  node->for_.variable = variable;
  node->for_.source = source;
  /* Loops are met in the order of a walk of the tree. */
  if (source->kind == HERALD_TL_EXPR_VARIABLE && source->variable.ns != HERALD_TL_NS_LOCAL)
    {
      p->static_loops = arena_array_reserve (&p->arena, p->static_loops, p->n_static_loops,
                                             &p->static_loops_size, sizeof node);
      p->static_loops[p->n_static_loops++] = node;
    }
  return open_block (b, node, keyword_offset);
}

static gboolean
parse_set (Builder *b)
{
  Parser *p = b->p;
  HeraldTlNode *node;
  HeraldTlExpr *value;
  char *variable;

  if (!_herald_tl_next_token (p))
    return FALSE;
  if (p->tok.type != TOK_REFERENCE || p->tok.ns != HERALD_TL_NS_LOCAL || p->tok.path[1] != NULL)
    return _herald_tl_fail_unexpected (
        p, _ ("a variable name (as in {% set greeting = \"Hello\" %})"));
  variable = g_steal_pointer (&p->tok.text);
  if (!_herald_tl_next_token (p))
    return FALSE;
  if (p->tok.type != TOK_OPERATOR || p->tok.op != HERALD_TL_OP_EQ || p->tok.end - p->tok.start != 1)
    return _herald_tl_fail_unexpected (p, "“=”");
  if (!_herald_tl_next_token (p))
    return FALSE;
  value = parse_expr (p);
  if (value == NULL)
    return FALSE;
  if (!expect_close_stmt (p))
    return FALSE;

  node = new_node (p, HERALD_TL_NODE_SET, p->tag_location, p->tok.end);
  node->set.variable = variable;
  node->set.value = value;
  append_node (b, node);
  return TRUE;
}

static gboolean
parse_statement (Builder *b, gsize tag_start)
{
  Parser *p = b->p;
  gsize keyword_offset;
  gsize keyword_end;
  const char *word;
  gsize len;

  _herald_tl_skip_space (p);
  keyword_offset = p->pos;
  keyword_end = _herald_tl_scan_name (p, keyword_offset);
  word = p->src + keyword_offset;
  len = keyword_end - keyword_offset;
  p->pos = keyword_end;

#define IS(w) (len == strlen (w) && strncmp (word, w, len) == 0)
  if (IS ("if"))
    return parse_if (b, keyword_offset, FALSE);
  if (IS ("elseif"))
    return parse_else (b, keyword_offset, TRUE, "elseif");
  if (IS ("else"))
    return parse_else (b, keyword_offset, FALSE, "else");
  if (IS ("endif"))
    return parse_end (b, keyword_offset, HERALD_TL_NODE_IF, FALSE);
  if (IS ("for"))
    return parse_for (b, keyword_offset);
  if (IS ("endfor"))
    return parse_end (b, keyword_offset, HERALD_TL_NODE_FOR, FALSE);
  if (IS ("plural"))
    return parse_if (b, keyword_offset, TRUE);
  if (IS ("plural_other"))
    return parse_else (b, keyword_offset, FALSE, "plural_other");
  if (IS ("endplural"))
    return parse_end (b, keyword_offset, HERALD_TL_NODE_IF, TRUE);
  if (IS ("set"))
    return parse_set (b);
  if (IS ("elsif") || IS ("elif"))
    return _herald_tl_fail (p, keyword_offset,
                            _ ("Unknown statement “%.*s”: Mailjet writes “elseif”"), (int) len,
                            word);
#undef IS

  if (len == 0)
    {
      p->pos = keyword_offset;
      if (!_herald_tl_next_token (p))
        return FALSE;
      if (p->tok.type == TOK_CLOSE_STMT)
        return _herald_tl_fail (p, tag_start,
                                _ ("Empty {%% %%}: write a statement such as if, for or set"));
      return _herald_tl_fail_unexpected (
          p, _ ("a statement (if, elseif, else, endif, for, endfor or set)"));
    }
  return _herald_tl_fail (
      p, keyword_offset,
      _ ("Unknown statement “%.*s”: Mailjet knows if, elseif, else, endif, for, endfor "
         "and set"),
      (int) len, word);
}

static gboolean
parse_output (Builder *b, gsize tag_start)
{
  Parser *p = b->p;
  HeraldTlExpr *expr;
  HeraldTlNode *node;

  if (!_herald_tl_next_token (p))
    return FALSE;
  if (p->tok.type == TOK_CLOSE_OUTPUT)
    return _herald_tl_fail (p, tag_start,
                            _ ("Empty {{ }}: write a variable or an expression inside"));
  expr = parse_expr (p);
  if (expr == NULL)
    return FALSE;
  if (p->tok.type != TOK_CLOSE_OUTPUT)
    {
      if (p->tok.type == TOK_EOF)
        /* Translators: “not valid template” is how Mailjet words this error. */
        return _herald_tl_fail (p, tag_start,
                                _ ("not valid template: “{{” is never closed with “}}”"));
      return _herald_tl_fail_unexpected (p, "“}}”");
    }

  node = new_node (p, HERALD_TL_NODE_OUTPUT, p->tag_location, p->tok.end);
  node->output.expr = expr;
  append_node (b, node);
  return TRUE;
}

static const char *
find_tag (const char *s, gsize from, gsize len)
{
  const char *end = s + len;
  const char *q = s + from;

  while (q < end)
    {
      q = memchr (q, '{', end - q);
      if (q == NULL || q + 1 >= end)
        return NULL;
      if (q[1] == '{' || q[1] == '%')
        return q;
      q++;
    }
  return NULL;
}

static gboolean
parse_document (Builder *b)
{
  Parser *p = b->p;
  gsize pos = 0;

  while (pos < p->len)
    {
      const char *tag = find_tag (p->src, pos, p->len);
      gsize tag_start = tag != NULL ? (gsize) (tag - p->src) : p->len;
      gboolean ok;

      if (tag_start > pos)
        {
          HeraldTlLocation location = locate (p, pos);

          append_node (b, new_node (p, HERALD_TL_NODE_TEXT, location, tag_start));
          add_span (p, HERALD_TL_SPAN_TEXT, location, tag_start);
        }
      if (tag == NULL)
        break;

      p->tag_location = locate (p, tag_start);
      p->pos = tag_start + 2;
      if (tag[1] == '{')
        ok = parse_output (b, tag_start);
      else
        ok = parse_statement (b, tag_start);
      if (!ok)
        return FALSE;

      pos = p->tok.end;
      add_span (p, tag[1] == '{' ? HERALD_TL_SPAN_OUTPUT : HERALD_TL_SPAN_STATEMENT,
                p->tag_location, pos);
    }

  if (b->n_blocks > 0)
    {
      /* The innermost open block is the one the missing tag most likely belongs to. */
      Block *block = top_block (b);

      return _herald_tl_fail (
          p, block->keyword_offset,
          /* Translators: “not valid template” is how Mailjet words this error. */
          _ ("not valid template: {%% %s %%} is never closed with {%% end%s %%}"),
          block_keyword (block), block_keyword (block));
    }
  return TRUE;
}

HeraldTlTemplate *
herald_tl_template_parse (const char *source,
                          gssize length,
                          HeraldTlLocation *error_location,
                          GError **error)
{
  ParsedTemplate *parsed;
  HeraldTlTemplate *self;
  Parser p = { 0 };
  Builder b = { 0 };
  Literal literals[MAX_LITERALS];

  g_return_val_if_fail (source != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (source);

  p.src = source;
  p.len = length;
  p.loc_line = 1;
  p.loc_column = 1;
  p.literals = literals;
  /* The tree takes a few hundred bytes even for a short source (a translation unit). */
  herald_arena_init (&p.arena, CLAMP ((gsize) length, 1024, 16 * 1024));
  b.p = &p;
  b.root_tail = &b.root;

  if (!parse_document (&b))
    {
      herald_arena_clear (&p.arena);
      g_clear_pointer (&p.line_starts, g_array_unref);
      g_clear_pointer (&p.block_chars, g_array_unref);
      if (error_location != NULL)
        *error_location = p.error_location;
      g_propagate_error (error, p.error);
      return NULL;
    }

  g_clear_pointer (&p.line_starts, g_array_unref);
  g_clear_pointer (&p.block_chars, g_array_unref);

  parsed = herald_arena_alloc0 (&p.arena, sizeof *parsed);
  parsed->arena = p.arena;
  self = &parsed->base;
  g_atomic_ref_count_init (&self->ref_count);
  self->source = g_strndup (source, length);
  self->length = length;
  self->root = b.root;
  self->spans = p.spans;
  self->n_spans = p.n_spans;
  self->static_loops = p.static_loops;
  self->n_static_loops = p.n_static_loops;
  return self;
}

/* Parse once, render many: the GUI re-renders every part on each keystroke, but usually only
 * one part changed. A few recent trees are kept by source text. */

#define CACHE_SIZE 32

G_LOCK_DEFINE_STATIC (cache);
static GHashTable *cache_table;
static GQueue cache_order = G_QUEUE_INIT;

HeraldTlTemplate *
herald_tl_template_parse_cached (const char *source,
                                 HeraldTlLocation *error_location,
                                 GError **error)
{
  HeraldTlTemplate *self;

  g_return_val_if_fail (source != NULL, NULL);

  G_LOCK (cache);
  if (cache_table == NULL)
    cache_table = g_hash_table_new_full (herald_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) herald_tl_template_unref);
  self = g_hash_table_lookup (cache_table, source);
  if (self != NULL)
    {
      GList *link = g_queue_find (&cache_order, self);

      g_queue_unlink (&cache_order, link);
      g_queue_push_head_link (&cache_order, link);
      herald_tl_template_ref (self);
      G_UNLOCK (cache);
      return self;
    }
  G_UNLOCK (cache);

  self = herald_tl_template_parse (source, -1, error_location, error);
  if (self == NULL)
    return NULL;

  G_LOCK (cache);
  if (!g_hash_table_contains (cache_table, self->source))
    {
      g_hash_table_insert (cache_table, self->source, herald_tl_template_ref (self));
      g_queue_push_head (&cache_order, self);
      while (cache_order.length > CACHE_SIZE)
        {
          HeraldTlTemplate *old = g_queue_pop_tail (&cache_order);

          g_hash_table_remove (cache_table, old->source);
        }
    }
  G_UNLOCK (cache);
  return self;
}

/* Walking */

static void
foreach_expr_in (const HeraldTlExpr *expr,
                 const HeraldTlNode *node,
                 HeraldTlExprFunc func,
                 gpointer user_data)
{
  if (expr == NULL)
    return;
  func (expr, node, user_data);
  switch (expr->kind)
    {
    case HERALD_TL_EXPR_UNARY:
      foreach_expr_in (expr->unary.operand, node, func, user_data);
      break;
    case HERALD_TL_EXPR_BINARY:
      foreach_expr_in (expr->binary.left, node, func, user_data);
      foreach_expr_in (expr->binary.right, node, func, user_data);
      break;
    case HERALD_TL_EXPR_CALL:
      for (guint i = 0; i < expr->call.n_args; i++)
        foreach_expr_in (expr->call.args[i], node, func, user_data);
      break;
    case HERALD_TL_EXPR_LITERAL:
    case HERALD_TL_EXPR_VARIABLE:
    default:
      break;
    }
}

typedef struct
{
  HeraldTlExprFunc expr_func;
  HeraldTlNodeFunc node_func;
  gpointer user_data;
} Walk;

static void
walk_list (const HeraldTlNode *node, const Walk *walk)
{
  for (; node != NULL; node = node->next)
    {
      if (walk->node_func != NULL)
        walk->node_func (node, walk->user_data);
      switch (node->kind)
        {
        case HERALD_TL_NODE_OUTPUT:
          if (walk->expr_func != NULL)
            foreach_expr_in (node->output.expr, node, walk->expr_func, walk->user_data);
          break;
        case HERALD_TL_NODE_SET:
          if (walk->expr_func != NULL)
            foreach_expr_in (node->set.value, node, walk->expr_func, walk->user_data);
          break;
        case HERALD_TL_NODE_FOR:
          if (walk->expr_func != NULL)
            foreach_expr_in (node->for_.source, node, walk->expr_func, walk->user_data);
          walk_list (node->for_.body, walk);
          break;
        case HERALD_TL_NODE_IF:
          for (const HeraldTlBranch *branch = node->if_.branches; branch; branch = branch->next)
            {
              if (walk->expr_func != NULL)
                foreach_expr_in (branch->condition, node, walk->expr_func, walk->user_data);
              walk_list (branch->body, walk);
            }
          break;
        case HERALD_TL_NODE_TEXT:
        default:
          break;
        }
    }
}

void
herald_tl_template_foreach_expr (HeraldTlTemplate *self, HeraldTlExprFunc func, gpointer user_data)
{
  Walk walk = { func, NULL, user_data };

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);
  walk_list (self->root, &walk);
}

void
herald_tl_template_foreach_node (HeraldTlTemplate *self, HeraldTlNodeFunc func, gpointer user_data)
{
  Walk walk = { NULL, func, user_data };

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);
  walk_list (self->root, &walk);
}
