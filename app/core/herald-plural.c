/* herald-plural.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-plural"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "herald-l10n-error.h"
#include "herald-plural.h"

#define MAX_DEPTH 64

typedef enum
{
  NODE_NUMBER,
  NODE_N,
  NODE_NOT,
  NODE_BINARY,
  NODE_CONDITIONAL,
} NodeKind;

typedef enum
{
  OP_OR,
  OP_AND,
  OP_EQ,
  OP_NE,
  OP_LT,
  OP_GT,
  OP_LE,
  OP_GE,
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_DIV,
  OP_MOD,
} Operator;

typedef struct _Node Node;

struct _Node
{
  NodeKind kind;
  Operator op;
  gulong value;
  Node *a;
  Node *b;
  Node *c;
};

struct _HeraldPluralForms
{
  gatomicrefcount ref_count;
  guint n_plurals;
  Node *expression;
  char *header;
};

struct _HeraldPluralCond
{
  Node *condition; /* NULL: always */
  guint form;
};

/* gettext 0.21's table (plural-table.c, what msginit writes), in its order, then a few
 * languages msginit leaves as "nplurals=INTEGER" whose rules gettext's manual gives. A
 * locale is looked up whole ("pt_BR") before its language ("pt"), as msginit does. */
static const struct
{
  const char *language;
  const char *rule;
} known_rules[] = {
  { "ja", "nplurals=1; plural=0;" },
  { "vi", "nplurals=1; plural=0;" },
  { "ko", "nplurals=1; plural=0;" },
  { "en", "nplurals=2; plural=(n != 1);" },
  { "de", "nplurals=2; plural=(n != 1);" },
  { "nl", "nplurals=2; plural=(n != 1);" },
  { "sv", "nplurals=2; plural=(n != 1);" },
  { "da", "nplurals=2; plural=(n != 1);" },
  { "no", "nplurals=2; plural=(n != 1);" },
  { "nb", "nplurals=2; plural=(n != 1);" },
  { "nn", "nplurals=2; plural=(n != 1);" },
  { "fo", "nplurals=2; plural=(n != 1);" },
  { "es", "nplurals=2; plural=(n != 1);" },
  { "pt", "nplurals=2; plural=(n != 1);" },
  { "it", "nplurals=2; plural=(n != 1);" },
  { "bg", "nplurals=2; plural=(n != 1);" },
  { "el", "nplurals=2; plural=(n != 1);" },
  { "fi", "nplurals=2; plural=(n != 1);" },
  { "et", "nplurals=2; plural=(n != 1);" },
  { "he", "nplurals=2; plural=(n != 1);" },
  { "eo", "nplurals=2; plural=(n != 1);" },
  { "hu", "nplurals=2; plural=(n != 1);" },
  { "tr", "nplurals=2; plural=(n != 1);" },
  { "pt_BR", "nplurals=2; plural=(n > 1);" },
  { "fr", "nplurals=2; plural=(n > 1);" },
  { "lv", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);" },
  { "ga", "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;" },
  { "ro", "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;" },
  { "lt", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) "
          "? 1 : 2);" },
  { "ru", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
          "n%100>=20) ? 1 : 2);" },
  { "uk", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
          "n%100>=20) ? 1 : 2);" },
  { "be", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
          "n%100>=20) ? 1 : 2);" },
  { "sr", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
          "n%100>=20) ? 1 : 2);" },
  { "hr", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
          "n%100>=20) ? 1 : 2);" },
  { "cs", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;" },
  { "sk", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;" },
  { "pl",
    "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);" },
  { "sl", "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);" },
  /* Not in msginit's table. */
  { "ar", "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
          "n%100>=11 ? 4 : 5);" },
  { "fa", "nplurals=2; plural=(n > 1);" },
  { "ur", "nplurals=2; plural=(n != 1);" },
  { "zh", "nplurals=1; plural=0;" },
};

G_DEFINE_BOXED_TYPE (HeraldPluralForms,
                     herald_plural_forms,
                     herald_plural_forms_ref,
                     herald_plural_forms_unref)

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  node_free (node->a);
  node_free (node->b);
  node_free (node->c);
  g_free (node);
}

static Node *
node_copy (const Node *node)
{
  Node *copy;

  if (node == NULL)
    return NULL;
  copy = g_memdup2 (node, sizeof *node);
  copy->a = node_copy (node->a);
  copy->b = node_copy (node->b);
  copy->c = node_copy (node->c);
  return copy;
}

static Node *
node_new (NodeKind kind, Operator op, Node *a, Node *b)
{
  Node *node = g_new0 (Node, 1);

  node->kind = kind;
  node->op = op;
  node->a = a;
  node->b = b;
  return node;
}

/* Parser: C precedence, as gettext's plural-exp grammar. */

typedef struct
{
  const char *p;
  const char *error;
  guint depth;
} Parser;

static Node *parse_conditional (Parser *parser);

static void
skip_space (Parser *parser)
{
  while (g_ascii_isspace (*parser->p))
    parser->p++;
}

static gboolean
accept (Parser *parser, const char *token)
{
  gsize length = strlen (token);

  skip_space (parser);
  if (strncmp (parser->p, token, length) != 0)
    return FALSE;
  /* "<" must not take the first half of "<=", "!" of "!=", "=" is never alone. */
  if (length == 1 && strchr ("<>!", token[0]) != NULL && parser->p[1] == '=')
    return FALSE;
  parser->p += length;
  return TRUE;
}

static Node *
fail (Parser *parser, const char *message, Node *to_free)
{
  if (parser->error == NULL)
    parser->error = message;
  node_free (to_free);
  return NULL;
}

static Node *
parse_primary (Parser *parser)
{
  Node *node;

  skip_space (parser);
  if (++parser->depth > MAX_DEPTH)
    return fail (parser, N_ ("the expression is nested too deeply"), NULL);

  if (accept (parser, "("))
    {
      node = parse_conditional (parser);
      if (node == NULL)
        return NULL;
      if (!accept (parser, ")"))
        return fail (parser, N_ ("a closing parenthesis is missing"), node);
    }
  else if (accept (parser, "!"))
    {
      Node *operand = parse_primary (parser);

      if (operand == NULL)
        return NULL;
      node = node_new (NODE_NOT, OP_OR, operand, NULL);
    }
  else if (*parser->p == 'n' && !g_ascii_isalnum (parser->p[1]) && parser->p[1] != '_')
    {
      parser->p++;
      node = node_new (NODE_N, OP_OR, NULL, NULL);
    }
  else if (g_ascii_isdigit (*parser->p))
    {
      char *end = NULL;
      guint64 value = g_ascii_strtoull (parser->p, &end, 10);

      if (value > G_MAXUINT32)
        return fail (parser, N_ ("a number is too large"), NULL);
      parser->p = end;
      node = node_new (NODE_NUMBER, OP_OR, NULL, NULL);
      node->value = (gulong) value;
    }
  else
    {
      return fail (parser, N_ ("expected n, a number or a parenthesis"), NULL);
    }

  parser->depth--;
  return node;
}

typedef struct
{
  const char *token;
  Operator op;
} OperatorToken;

static const OperatorToken level_or[] = { { "||", OP_OR } };
static const OperatorToken level_and[] = { { "&&", OP_AND } };
static const OperatorToken level_equality[] = { { "==", OP_EQ }, { "!=", OP_NE } };
static const OperatorToken level_relational[] = {
  { "<=", OP_LE }, { ">=", OP_GE }, { "<", OP_LT }, { ">", OP_GT }
};
static const OperatorToken level_additive[] = { { "+", OP_ADD }, { "-", OP_SUB } };
static const OperatorToken level_multiplicative[] = { { "*", OP_MUL },
                                                      { "/", OP_DIV },
                                                      { "%", OP_MOD } };

static const struct
{
  const OperatorToken *tokens;
  guint n_tokens;
} levels[] = {
  { level_or, G_N_ELEMENTS (level_or) },
  { level_and, G_N_ELEMENTS (level_and) },
  { level_equality, G_N_ELEMENTS (level_equality) },
  { level_relational, G_N_ELEMENTS (level_relational) },
  { level_additive, G_N_ELEMENTS (level_additive) },
  { level_multiplicative, G_N_ELEMENTS (level_multiplicative) },
};

static Node *
parse_level (Parser *parser, guint level)
{
  Node *left;

  if (level == G_N_ELEMENTS (levels))
    return parse_primary (parser);

  left = parse_level (parser, level + 1);
  while (left != NULL)
    {
      const OperatorToken *found = NULL;
      Node *right;

      for (guint i = 0; i < levels[level].n_tokens && found == NULL; i++)
        if (accept (parser, levels[level].tokens[i].token))
          found = &levels[level].tokens[i];
      if (found == NULL)
        break;
      right = parse_level (parser, level + 1);
      if (right == NULL)
        return fail (parser, N_ ("an operand is missing"), left);
      left = node_new (NODE_BINARY, found->op, left, right);
    }

  return left;
}

static Node *
parse_conditional (Parser *parser)
{
  Node *condition;
  Node *node;

  if (++parser->depth > MAX_DEPTH)
    return fail (parser, N_ ("the expression is nested too deeply"), NULL);
  condition = parse_level (parser, 0);
  if (condition == NULL || !accept (parser, "?"))
    {
      parser->depth--;
      return condition;
    }

  node = node_new (NODE_CONDITIONAL, OP_OR, condition, parse_conditional (parser));
  if (node->b == NULL)
    return fail (parser, N_ ("the value after ? is missing"), node);
  if (!accept (parser, ":"))
    return fail (parser, N_ ("a : is missing after ?"), node);
  node->c = parse_conditional (parser);
  if (node->c == NULL)
    return fail (parser, N_ ("the value after : is missing"), node);
  parser->depth--;
  return node;
}

/* Evaluation, with gettext's unsigned long arithmetic. */

static gulong
node_evaluate (const Node *node, gulong n)
{
  gulong a, b;

  switch (node->kind)
    {
    case NODE_NUMBER:
      return node->value;
    case NODE_N:
      return n;
    case NODE_NOT:
      return !node_evaluate (node->a, n);
    case NODE_CONDITIONAL:
      return node_evaluate (node->a, n) ? node_evaluate (node->b, n) : node_evaluate (node->c, n);
    case NODE_BINARY:
    default:
      break;
    }

  a = node_evaluate (node->a, n);
  if (node->op == OP_OR && a)
    return 1;
  if (node->op == OP_AND && !a)
    return 0;
  b = node_evaluate (node->b, n);

  switch (node->op)
    {
    case OP_OR:
    case OP_AND:
      return b != 0;
    case OP_EQ:
      return a == b;
    case OP_NE:
      return a != b;
    case OP_LT:
      return a < b;
    case OP_GT:
      return a > b;
    case OP_LE:
      return a <= b;
    case OP_GE:
      return a >= b;
    case OP_ADD:
      return a + b;
    case OP_SUB:
      return a - b;
    case OP_MUL:
      return a * b;
    case OP_DIV:
      return b ? a / b : 0;
    case OP_MOD:
      return b ? a % b : 0;
    default:
      g_return_val_if_reached (0);
    }
}

HeraldPluralForms *
herald_plural_forms_parse (const char *header_value, GError **error)
{
  g_autoptr (HeraldPluralForms) self = NULL;
  Parser parser = { 0 };
  const char *nplurals;
  const char *plural;
  guint64 n_plurals;
  char *end = NULL;

  g_return_val_if_fail (header_value != NULL, NULL);

  nplurals = strstr (header_value, "nplurals");
  plural = nplurals ? strstr (nplurals + 8, "plural") : NULL;
  if (nplurals == NULL || plural == NULL)
    {
      g_set_error (
          error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PLURAL_FORMS,
          _ ("The Plural-Forms header “%s” should look like “nplurals=2; plural=(n != 1);”"),
          header_value);
      return NULL;
    }

  parser.p = nplurals + 8;
  skip_space (&parser);
  if (*parser.p == '=')
    parser.p++;
  skip_space (&parser);
  n_plurals = g_ascii_strtoull (parser.p, &end, 10);
  if (end == parser.p || n_plurals < 1 || n_plurals > 6)
    {
      g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PLURAL_FORMS,
                   _ ("The Plural-Forms header “%s” needs nplurals between 1 and 6"), header_value);
      return NULL;
    }

  self = g_new0 (HeraldPluralForms, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n_plurals = (guint) n_plurals;

  parser.p = plural + 6;
  skip_space (&parser);
  if (*parser.p == '=')
    parser.p++;
  self->expression = parse_conditional (&parser);
  if (self->expression != NULL && (accept (&parser, ";"), skip_space (&parser), *parser.p != '\0'))
    parser.error = N_ ("there is unexpected text after the expression");
  if (parser.error != NULL)
    {
      g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PLURAL_FORMS,
                   _ ("The plural expression in Plural-Forms “%s” cannot be read: %s"),
                   header_value, _ (parser.error));
      return NULL;
    }

  {
    const char *expr_start = strchr (plural, '=');
    g_autofree char *expr = g_strstrip (g_strdup (expr_start ? expr_start + 1 : "0"));
    gsize length = strlen (expr);

    if (length > 0 && expr[length - 1] == ';')
      expr[length - 1] = '\0';
    g_strstrip (expr);
    self->header = g_strdup_printf ("nplurals=%u; plural=%s;", self->n_plurals, expr);
  }

  return g_steal_pointer (&self);
}

/* Rules are immutable once parsed: each known one is parsed once, on first use (the
 * localizer asks for the source language's with every template). */
G_LOCK_DEFINE_STATIC (known_forms);
static HeraldPluralForms *known_forms[G_N_ELEMENTS (known_rules) + 1];

static HeraldPluralForms *
known_forms_get (guint index, const char *rule)
{
  HeraldPluralForms *forms;

  G_LOCK (known_forms);
  if (known_forms[index] == NULL)
    known_forms[index] = herald_plural_forms_parse (rule, NULL);
  forms = herald_plural_forms_ref (known_forms[index]);
  G_UNLOCK (known_forms);
  return forms;
}

HeraldPluralForms *
herald_plural_forms_for_language (const char *locale)
{
  g_autofree char *normalized = g_strdup (locale ? locale : "en");
  g_autofree char *language = NULL;

  g_strdelimit (normalized, "-", '_');
  language = g_strndup (normalized, strcspn (normalized, "_.@"));

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < G_N_ELEMENTS (known_rules); i++)
      if (g_ascii_strcasecmp (known_rules[i].language, pass == 0 ? normalized : language) == 0)
        return known_forms_get (i, known_rules[i].rule);

  return known_forms_get (G_N_ELEMENTS (known_rules), "nplurals=2; plural=(n != 1);");
}

HeraldPluralForms *
herald_plural_forms_ref (HeraldPluralForms *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
herald_plural_forms_unref (HeraldPluralForms *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  node_free (self->expression);
  g_free (self->header);
  g_free (self);
}

guint
herald_plural_forms_get_n_plurals (HeraldPluralForms *self)
{
  return self->n_plurals;
}

const char *
herald_plural_forms_get_header (HeraldPluralForms *self)
{
  return self->header;
}

guint
herald_plural_forms_evaluate (HeraldPluralForms *self, gulong n)
{
  gulong form = node_evaluate (self->expression, n);

  return form < self->n_plurals ? (guint) form : 0;
}

/* Compilation */

static gboolean
is_boolean (const Node *node)
{
  if (node->kind == NODE_NOT)
    return TRUE;
  return node->kind == NODE_BINARY && node->op <= OP_GE;
}

/* A condition true when node is non-zero, as C reads it. */
static Node *
as_condition (const Node *node)
{
  Node *zero;

  if (is_boolean (node))
    return node_copy (node);
  zero = node_new (NODE_NUMBER, OP_OR, NULL, NULL);
  return node_new (NODE_BINARY, OP_NE, node_copy (node), zero);
}

static Node *
guarded (const Node *guard, Node *condition)
{
  if (guard == NULL)
    return condition;
  return node_new (NODE_BINARY, OP_AND, node_copy (guard), condition);
}

static void
add_cond (GPtrArray *chain, Node *condition, gulong form, guint n_plurals)
{
  HeraldPluralCond *cond = g_new0 (HeraldPluralCond, 1);

  cond->condition = condition;
  cond->form = form < n_plurals ? (guint) form : 0;
  g_ptr_array_add (chain, cond);
}

/* First match wins, and every call covers all of its guard, so the else branch of a ?: needs
 * no "not condition". */
static void
compile_chain (const Node *node, const Node *guard, guint n_plurals, GPtrArray *chain)
{
  if (node->kind == NODE_CONDITIONAL)
    {
      Node *inner = guarded (guard, as_condition (node->a));

      compile_chain (node->b, inner, n_plurals, chain);
      node_free (inner);
      compile_chain (node->c, guard, n_plurals, chain);
    }
  else if (node->kind == NODE_NUMBER)
    {
      add_cond (chain, node_copy (guard), node->value, n_plurals);
    }
  else if (is_boolean (node))
    {
      add_cond (chain, guarded (guard, node_copy (node)), 1, n_plurals);
      add_cond (chain, node_copy (guard), 0, n_plurals);
    }
  else
    {
      for (guint i = 1; i < n_plurals; i++)
        {
          Node *number = node_new (NODE_NUMBER, OP_OR, NULL, NULL);

          number->value = i;
          add_cond (chain, guarded (guard, node_new (NODE_BINARY, OP_EQ, node_copy (node), number)),
                    i, n_plurals);
        }
      add_cond (chain, node_copy (guard), 0, n_plurals);
    }
}

static void
plural_cond_free (HeraldPluralCond *cond)
{
  node_free (cond->condition);
  g_free (cond);
}

/* Drops what follows the unconditional entry and joins neighbours that pick the same form. */
static GPtrArray *
simplify_chain (GPtrArray *chain)
{
  GPtrArray *simple = g_ptr_array_new_with_free_func ((GDestroyNotify) plural_cond_free);

  for (guint i = 0; i < chain->len; i++)
    {
      HeraldPluralCond *cond = g_ptr_array_index (chain, i);
      HeraldPluralCond *last = simple->len ? g_ptr_array_index (simple, simple->len - 1) : NULL;

      if (last != NULL && last->form == cond->form)
        {
          if (cond->condition == NULL)
            g_clear_pointer (&last->condition, node_free);
          else
            last->condition =
                node_new (NODE_BINARY, OP_OR, last->condition, g_steal_pointer (&cond->condition));
        }
      else
        {
          g_ptr_array_add (simple, g_memdup2 (cond, sizeof *cond));
          cond->condition = NULL;
        }
      last = g_ptr_array_index (simple, simple->len - 1);
      if (last->condition == NULL)
        break;
    }

  g_ptr_array_unref (chain);
  return simple;
}

/* Mailjet has no ?: and no arithmetic on truth values. */
static gboolean
is_compilable (const Node *node)
{
  switch (node->kind)
    {
    case NODE_NUMBER:
    case NODE_N:
      return TRUE;
    case NODE_NOT:
      return is_compilable (node->a);
    case NODE_CONDITIONAL:
      return FALSE;
    case NODE_BINARY:
    default:
      if (node->op != OP_OR && node->op != OP_AND && (is_boolean (node->a) || is_boolean (node->b)))
        return FALSE;
      return is_compilable (node->a) && is_compilable (node->b);
    }
}

GPtrArray *
herald_plural_forms_compile (HeraldPluralForms *self, GError **error)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func ((GDestroyNotify) plural_cond_free);

  compile_chain (self->expression, NULL, self->n_plurals, chain);
  chain = simplify_chain (chain);

  for (guint i = 0; i < chain->len; i++)
    {
      HeraldPluralCond *cond = g_ptr_array_index (chain, i);

      /* A non-zero test on a number reads as a comparison; anything else (arithmetic on
       * truth values, ?: inside an operand) has no Mailjet equivalent. */
      if (cond->condition != NULL && !is_compilable (cond->condition))
        {
          g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PLURAL_FORMS,
                       _ ("The plural rule “%s” cannot be written as Mailjet conditions: use the "
                          "usual gettext rule for the language"),
                       self->header);
          g_ptr_array_unref (chain);
          return NULL;
        }
    }

  return chain;
}

guint
herald_plural_cond_get_form (const HeraldPluralCond *cond)
{
  return cond->form;
}

gboolean
herald_plural_cond_is_else (const HeraldPluralCond *cond)
{
  return cond->condition == NULL;
}

gboolean
herald_plural_cond_evaluate (const HeraldPluralCond *cond, gulong n)
{
  return cond->condition == NULL || node_evaluate (cond->condition, n) != 0;
}

static const char *
operator_text (Operator op)
{
  static const char *texts[] = {
    [OP_OR] = "or", [OP_AND] = "and", [OP_EQ] = "==",   [OP_NE] = "!=", [OP_LT] = "<",
    [OP_GT] = ">",  [OP_LE] = "<=",   [OP_GE] = ">=",   [OP_ADD] = "+", [OP_SUB] = "-",
    [OP_MUL] = "*", [OP_DIV] = "div", [OP_MOD] = "mod",
  };

  return texts[op];
}

static void append_mailjet (GString *out, const Node *node, const char *count, gboolean nested);

/* Where Mailjet expects a truth value, a number n reads "n != 0" as in C. */
static void
append_condition (GString *out, const Node *node, const char *count, gboolean nested)
{
  if (is_boolean (node))
    {
      append_mailjet (out, node, count, nested);
      return;
    }
  g_string_append_c (out, '(');
  append_mailjet (out, node, count, TRUE);
  g_string_append (out, " != 0)");
}

static void
append_mailjet (GString *out, const Node *node, const char *count, gboolean nested)
{
  switch (node->kind)
    {
    case NODE_NUMBER:
      g_string_append_printf (out, "%lu", node->value);
      return;
    case NODE_N:
      g_string_append (out, count);
      return;
    case NODE_NOT:
      g_string_append (out, "not (");
      append_condition (out, node->a, count, FALSE);
      g_string_append_c (out, ')');
      return;
    case NODE_CONDITIONAL:
    case NODE_BINARY:
    default:
      break;
    }

  if (nested)
    g_string_append_c (out, '(');
  if (node->op == OP_OR || node->op == OP_AND)
    {
      append_condition (out, node->a, count, TRUE);
      g_string_append_printf (out, " %s ", operator_text (node->op));
      append_condition (out, node->b, count, TRUE);
    }
  else
    {
      append_mailjet (out, node->a, count, TRUE);
      g_string_append_printf (out, " %s ", operator_text (node->op));
      append_mailjet (out, node->b, count, TRUE);
    }
  if (nested)
    g_string_append_c (out, ')');
}

char *
herald_plural_cond_to_mailjet (const HeraldPluralCond *cond, const char *count)
{
  GString *out = g_string_new (NULL);

  if (cond->condition == NULL)
    g_string_append (out, "true");
  else
    append_condition (out, cond->condition, count, FALSE);
  return g_string_free (out, FALSE);
}

char *
herald_plural_forms_to_mailjet (HeraldPluralForms *self,
                                const char *count,
                                const char *const *forms,
                                GError **error)
{
  g_autoptr (GPtrArray) chain = herald_plural_forms_compile (self, error);
  GString *out;

  if (chain == NULL)
    return NULL;
  if (chain->len == 1)
    return g_strdup (forms[herald_plural_cond_get_form (g_ptr_array_index (chain, 0))]);

  out = g_string_new (NULL);
  for (guint i = 0; i < chain->len; i++)
    {
      const HeraldPluralCond *cond = g_ptr_array_index (chain, i);

      if (cond->condition == NULL)
        {
          g_string_append (out, "{% else %}");
        }
      else
        {
          g_autofree char *condition = herald_plural_cond_to_mailjet (cond, count);

          g_string_append_printf (out, "{%% %s %s %%}", i == 0 ? "if" : "elseif", condition);
        }
      g_string_append (out, forms[cond->form]);
    }
  g_string_append (out, "{% endif %}");

  return g_string_free (out, FALSE);
}
