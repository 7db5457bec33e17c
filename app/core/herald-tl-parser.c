/* herald-tl-parser.c: tokenizer and parser of the Mailjet Templating Language.
 *
 * One concept in one file, on purpose: source text in, a tree (herald-tl-private.h) or a
 * positioned error out. The tokenizer, the expression grammar and the statement blocks
 * ({% if %}…{% endif %}, {% for %}, {% set %}, Herald's {% plural %}) read the same cursor and
 * report through the same error builder, and each grammar rule calls the others; cut apart
 * they would only trade static functions for a private header. The evaluator is
 * herald-tl-eval.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-tl"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-arena.h"
#include "herald-hash.h"
#include "herald-utf8.h"
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

/* A literal's value, unreferenced when the tree's memory is freed. */
static JsonNode *
new_value (HeraldArena *arena)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  herald_arena_add_destroy (arena, (GDestroyNotify) json_node_unref, node);
  return node;
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

/* Tokenizer */

typedef enum
{
  TOK_EOF,
  TOK_CLOSE_OUTPUT, /* }} */
  TOK_CLOSE_STMT,   /* %} */
  TOK_NUMBER,
  TOK_STRING,
  TOK_TRUE,
  TOK_FALSE,
  TOK_REFERENCE, /* var:x.y, data:x, mj:x, segment:x or a bare name.path */
  TOK_FUNCTION,  /* a name followed by ( */
  TOK_OPERATOR,  /* op holds which */
  TOK_LPAREN,
  TOK_RPAREN,
  TOK_COMMA,
  TOK_IN,
} TokenType;

typedef struct
{
  TokenType type;
  gsize start;
  gsize end;
  HeraldTlOperator op;
  gboolean is_int;
  gint64 int_value;
  double double_value;
  /* In the parser's arena, taken into the tree as they are. */
  char *text; /* STRING: decoded; REFERENCE: whole reference; FUNCTION: the name */
  HeraldTlNamespace ns;
  char **path;
  JsonNode *default_value;
} Token;

#define MAX_LITERALS 32

typedef struct
{
  gsize start;
  gsize length;
  JsonNode *value;
} Literal;

typedef struct
{
  const char *src;
  gsize len;
  gsize pos;
  Token tok;
  /* Incremental position → line:column. */
  gsize loc_offset;
  gsize loc_line_start;
  guint loc_line;
  guint loc_column;
  /* For positions behind the cursor, built on first need: where each line starts, and how
   * many characters precede each INDEX_BLOCK-byte block. */
  GArray *line_starts;
  GArray *block_chars;
  /* Of the `{{` or `{%` being parsed: its node, span and branch share it. */
  HeraldTlLocation tag_location;
  guint depth;
  GError *error;
  HeraldTlLocation error_location;
  /* In the arena, taken into the template as they are. */
  HeraldTlSpan *spans;
  guint n_spans;
  guint spans_size;
  HeraldTlNode **static_loops; /* see HeraldTlTemplate */
  guint n_static_loops;
  guint static_loops_size;
  /* The first literals met, by source text, for equal ones to share their value. */
  Literal *literals; /* MAX_LITERALS, on the caller's stack */
  guint n_literals;
  HeraldArena arena;
} Parser;

/* The value of an earlier literal written as [start, end), or NULL. Making a JsonNode costs
 * more than reading the whole expression, and templates repeat their literals (`""`,
 * `false`, a currency); the tree is read-only, so equal literals of one template share. */
static JsonNode *
find_literal (Parser *p, gsize start, gsize end)
{
  const char *text = p->src + start;
  gsize length = end - start;

  for (guint i = 0; i < p->n_literals; i++)
    {
      const char *other = p->src + p->literals[i].start;

      if (p->literals[i].length == length && other[0] == text[0] &&
          memcmp (other, text, length) == 0)
        return p->literals[i].value;
    }
  return NULL;
}

static JsonNode *
keep_literal (Parser *p, gsize start, gsize end, JsonNode *value)
{
  if (p->n_literals < MAX_LITERALS)
    {
      p->literals[p->n_literals].start = start;
      p->literals[p->n_literals].length = end - start;
      p->literals[p->n_literals].value = value;
      p->n_literals++;
    }
  return value;
}

/* Characters are the bytes that do not continue one. */
static guint
count_chars (const char *s, gsize from, gsize to)
{
  guint n = 0;
  gsize i = from;

  while (i < to)
    {
      gsize ascii;

      /* Lines are mostly ASCII: sixteen bytes per test first. */
      for (; i + 16 <= to; i += 16, n += 16)
        {
          guint64 words[2];

          memcpy (words, s + i, 16);
          if (((words[0] | words[1]) & G_GUINT64_CONSTANT (0x8080808080808080)) != 0)
            break;
        }
      ascii = herald_utf8_ascii_prefix (s + i, to - i);

      n += ascii;
      i += ascii;
      if (i == to)
        break;
      if (((guchar) s[i] & 0xC0) != 0x80)
        n++;
      i++;
    }
  return n;
}

/* A step back costs at most this many bytes of counting. */
#define INDEX_BLOCK 256

static void
build_position_index (Parser *p)
{
  gsize line_start = 0;
  gsize chars = 0;

  p->line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_val (p->line_starts, line_start);
  for (const char *nl = p->src; (nl = memchr (nl, '\n', p->len - (gsize) (nl - p->src))) != NULL;
       nl++)
    {
      line_start = (gsize) (nl - p->src) + 1;
      g_array_append_val (p->line_starts, line_start);
    }

  p->block_chars = g_array_sized_new (FALSE, FALSE, sizeof (gsize), p->len / INDEX_BLOCK + 1);
  for (gsize block = 0; block <= p->len; block += INDEX_BLOCK)
    {
      g_array_append_val (p->block_chars, chars);
      chars += count_chars (p->src, block, MIN (block + INDEX_BLOCK, p->len));
    }
}

/* Characters before @offset in the whole source. */
static gsize
chars_before (Parser *p, gsize offset)
{
  gsize block = offset / INDEX_BLOCK;

  return g_array_index (p->block_chars, gsize, block) +
         count_chars (p->src, block * INDEX_BLOCK, offset);
}

static G_GNUC_NO_INLINE HeraldTlLocation
locate_behind (Parser *p, gsize offset)
{
  HeraldTlLocation loc = { 0 };
  guint lo = 0;
  guint hi;

  /* Close behind on the cursor's line (an error at the start of a tag): count back from the
   * cursor. */
  if (offset >= p->loc_line_start && p->loc_offset - offset <= INDEX_BLOCK)
    {
      loc.line = p->loc_line;
      loc.column = p->loc_column - count_chars (p->src, offset, p->loc_offset);
      loc.offset = offset;
      return loc;
    }

  if (p->line_starts == NULL)
    build_position_index (p);

  /* The last line starting at or before offset. */
  hi = p->line_starts->len;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (p->line_starts, gsize, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }

  loc.line = lo + 1;
  loc.column =
      1 + chars_before (p, offset) - chars_before (p, g_array_index (p->line_starts, gsize, lo));
  loc.offset = offset;
  return loc;
}

/* The cursor moved forward to @offset: whole lines are skipped with memchr(), only the last
 * one is counted in characters. */
static G_GNUC_NO_INLINE void
advance_far (Parser *p, gsize offset)
{
  for (;;)
    {
      const char *newline = memchr (p->src + p->loc_offset, '\n', offset - p->loc_offset);

      if (newline == NULL)
        break;
      p->loc_line++;
      p->loc_column = 1;
      p->loc_offset = p->loc_line_start = (gsize) (newline - p->src) + 1;
    }
  p->loc_column += count_chars (p->src, p->loc_offset, offset);
  p->loc_offset = offset;
}

/* Positions are asked for mostly in increasing order and the cursor follows them, so the
 * forward walk is linear over the whole source. A position behind the cursor (an error
 * located at the start of its tag, a block's opening tag named at its end) is answered
 * from an index without moving the cursor, so a long line is never recounted. Most steps
 * are between two tokens of a tag, a few bytes counted here without a call. */
static inline HeraldTlLocation
locate (Parser *p, gsize offset)
{
  HeraldTlLocation loc;

  offset = MIN (offset, p->len);
  if (G_UNLIKELY (offset < p->loc_offset))
    return locate_behind (p, offset);

  if (offset - p->loc_offset > 16)
    {
      advance_far (p, offset);
    }
  else
    {
      for (gsize i = p->loc_offset; i < offset; i++)
        {
          if (p->src[i] == '\n')
            {
              p->loc_line++;
              p->loc_column = 1;
              p->loc_line_start = i + 1;
            }
          else if (((guchar) p->src[i] & 0xC0) != 0x80)
            {
              p->loc_column++;
            }
        }
      p->loc_offset = offset;
    }
  loc.line = p->loc_line;
  loc.column = p->loc_column;
  loc.offset = offset;
  return loc;
}

G_GNUC_PRINTF (3, 4)
static gboolean
fail (Parser *p, gsize offset, const char *format, ...)
{
  va_list args;
  char *message;

  if (p->error != NULL)
    return FALSE;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  p->error = g_error_new_literal (HERALD_TL_ERROR, HERALD_TL_ERROR_SYNTAX, message);
  p->error_location = locate (p, offset);
  g_free (message);
  return FALSE;
}

/* Only what a token may leave unset: the number fields are read only from a NUMBER, which
 * sets them. */
static void
token_clear (Token *tok)
{
  tok->op = HERALD_TL_OP_NONE;
  tok->text = NULL;
  tok->ns = HERALD_TL_NS_LOCAL;
  tok->path = NULL;
  tok->default_value = NULL;
}

/* What a byte can be to the lexer, looked up once per byte. */
enum
{
  NAME_CHAR = 1 << 0,  /* a letter, a digit or _ */
  NAME_START = 1 << 1, /* a letter or _ */
  SPACE = 1 << 2,      /* as g_ascii_isspace() */
};

static const guint8 char_class[256] = {
  ['0' ... '9'] = NAME_CHAR,
  ['A' ... 'Z'] = NAME_CHAR | NAME_START,
  ['a' ... 'z'] = NAME_CHAR | NAME_START,
  ['_'] = NAME_CHAR | NAME_START,
  [' '] = SPACE,
  ['\t'] = SPACE,
  ['\n'] = SPACE,
  ['\f'] = SPACE,
  ['\r'] = SPACE,
};

static inline gboolean
is_name_start (char c)
{
  return (char_class[(guchar) c] & NAME_START) != 0;
}

static inline gboolean
is_name_char (char c)
{
  return (char_class[(guchar) c] & NAME_CHAR) != 0;
}

/* Hyphens are legal inside names (`yo-yo`, `background-url`), so `a-b` is one name and a
 * subtraction needs spaces, as on Mailjet. A trailing hyphen is not part of the name. */
static gsize
scan_name (Parser *p, gsize pos)
{
  const char *src = p->src;
  gsize len = p->len;

  for (;;)
    {
      while (pos < len && is_name_char (src[pos]))
        pos++;
      if (pos + 1 < len && src[pos] == '-' && is_name_char (src[pos + 1]))
        pos += 2;
      else
        return pos;
    }
}

static void
skip_space (Parser *p)
{
  while (p->pos < p->len && (char_class[(guchar) p->src[p->pos]] & SPACE) != 0)
    p->pos++;
}

/* The text of the string at p->pos, decoded, in the arena: measured first, then copied. */
static gboolean
scan_string (Parser *p, char **out)
{
  gsize start = p->pos;
  gsize end = start + 1;
  gsize length = 0;
  char *text;

  while (end < p->len && p->src[end] != '"')
    {
      end += p->src[end] == '\\' && end + 1 < p->len ? 2 : 1;
      length++;
    }
  if (end >= p->len)
    {
      p->pos = end;
      /* Translators: “not valid template” is how Mailjet words this error. */
      return fail (p, start, _ ("not valid template: a text in double quotes is never closed"));
    }

  text = herald_arena_alloc (&p->arena, length + 1);
  length = 0;
  for (gsize i = start + 1; i < end; i++)
    {
      char c = p->src[i];

      if (c == '\\' && i + 1 < p->len)
        {
          char e = p->src[++i];

          c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
        }
      text[length++] = c;
    }
  text[length] = '\0';
  p->pos = end + 1;
  *out = text;
  return TRUE;
}

static gboolean
lex_string (Parser *p)
{
  if (!scan_string (p, &p->tok.text))
    return FALSE;
  p->tok.type = TOK_STRING;
  return TRUE;
}

static gboolean
lex_number_at (Parser *p, gsize *pos, Token *tok)
{
  gsize start = *pos;
  gsize i = start;
  gboolean is_int = TRUE;
  char buffer[64];
  char *copy;

  if (i < p->len && p->src[i] == '-')
    i++;
  if (i >= p->len || !g_ascii_isdigit (p->src[i]))
    return FALSE;
  while (i < p->len && g_ascii_isdigit (p->src[i]))
    i++;
  if (i + 1 < p->len && p->src[i] == '.' && g_ascii_isdigit (p->src[i + 1]))
    {
      is_int = FALSE;
      i++;
      while (i < p->len && g_ascii_isdigit (p->src[i]))
        i++;
    }

  /* The number alone, NUL-terminated for the conversions. */
  if (i - start < sizeof buffer)
    {
      memcpy (buffer, p->src + start, i - start);
      buffer[i - start] = '\0';
      copy = buffer;
    }
  else
    {
      copy = g_strndup (p->src + start, i - start);
    }
  tok->double_value = g_ascii_strtod (copy, NULL);
  tok->is_int = is_int && (i - start) < 18;
  if (tok->is_int)
    tok->int_value = g_ascii_strtoll (copy, NULL, 10);
  if (copy != buffer)
    g_free (copy);
  *pos = i;
  return TRUE;
}

static JsonNode *
string_node (Parser *p, const char *text)
{
  JsonNode *node = new_value (&p->arena);

  json_node_set_string (node, text);
  return node;
}

static JsonNode *
boolean_node (Parser *p, gboolean value)
{
  JsonNode *node = new_value (&p->arena);

  json_node_set_boolean (node, value);
  return node;
}

static JsonNode *
number_node (Parser *p, const Token *tok)
{
  JsonNode *node = new_value (&p->arena);

  if (tok->is_int)
    json_node_set_int (node, tok->int_value);
  else
    json_node_set_double (node, tok->double_value);
  return node;
}

static gboolean
lex_default (Parser *p, gsize reference_start)
{
  gsize pos = p->pos;
  Token tmp = { 0 };

  if (pos < p->len && p->src[pos] == '"')
    {
      char *text = NULL;

      if (!scan_string (p, &text))
        return FALSE;
      p->tok.default_value = find_literal (p, pos, p->pos);
      if (p->tok.default_value == NULL)
        p->tok.default_value = keep_literal (p, pos, p->pos, string_node (p, text));
      return TRUE;
    }
  if (lex_number_at (p, &pos, &tmp))
    {
      p->tok.default_value = find_literal (p, p->pos, pos);
      if (p->tok.default_value == NULL)
        p->tok.default_value = keep_literal (p, p->pos, pos, number_node (p, &tmp));
      p->pos = pos;
      return TRUE;
    }
  if (pos < p->len && is_name_start (p->src[pos]))
    {
      gsize end = scan_name (p, pos);
      gboolean value;

      if (end - pos == 4 && g_ascii_strncasecmp (p->src + pos, "true", 4) == 0)
        value = TRUE;
      else if (end - pos == 5 && g_ascii_strncasecmp (p->src + pos, "false", 5) == 0)
        value = FALSE;
      else
        return fail (p, pos,
                     _ ("A default value must be a text in double quotes, a number, true or "
                        "false (found “%.*s”)"),
                     (int) (end - pos), p->src + pos);
      p->tok.default_value = find_literal (p, pos, end);
      if (p->tok.default_value == NULL)
        p->tok.default_value = keep_literal (p, pos, end, boolean_node (p, value));
      p->pos = end;
      return TRUE;
    }

  /* Mailjet's own wording for `{{var:url:}}`. */
  return fail (p, reference_start,
               /* Translators: “Access violation” is how Mailjet words this error. */
               _ ("Access violation: “%.*s” ends with a colon but gives no default value"),
               (int) (p->pos - reference_start), p->src + reference_start);
}

/* The segment of a path at pos, `.name` or `[digits]`, as [*start, *end), the path going
 * on at *after: 1, or 0 when the path ends at pos, or -1 when a `[` is not followed by
 * digits and `]`. */
static int
path_segment (Parser *p, gsize pos, gsize *start, gsize *end, gsize *after)
{
  if (pos + 1 < p->len && p->src[pos] == '.' && is_name_char (p->src[pos + 1]))
    {
      *start = pos + 1;
      *end = *after = scan_name (p, pos + 1);
      return 1;
    }
  if (pos < p->len && p->src[pos] == '[')
    {
      gsize i = pos + 1;

      while (i < p->len && g_ascii_isdigit (p->src[i]))
        i++;
      if (i == pos + 1 || i >= p->len || p->src[i] != ']')
        return -1;
      *start = pos + 1;
      *end = i;
      *after = i + 1;
      return 1;
    }
  return 0;
}

/* The segments of the path whose first one is [name_start, name_end), as a NULL-terminated
 * vector, and the whole reference from @reference_start, in one piece of the arena, the
 * path measured first; p->pos goes past it. A path of one segment, the most common, is the
 * end of the reference's text and shares its bytes. */
static gboolean
lex_path (
    Parser *p, gsize reference_start, gsize name_start, gsize name_end, char **text, char ***path)
{
  guint n_segments = 1;
  gsize bytes = name_end - name_start + 1;
  gsize pos = name_end;
  gsize start;
  gsize end;
  gsize after;
  gsize text_length;
  int found;
  char *strings;

  while ((found = path_segment (p, pos, &start, &end, &after)) != 0)
    {
      if (found < 0)
        {
          p->pos = pos;
          return fail (p, pos, _ ("Expected a number between [ and ] to pick an item of a list"));
        }
      n_segments++;
      bytes += end - start + 1;
      pos = after;
    }

  if (n_segments == 1)
    bytes = 0;
  text_length = pos - reference_start;
  *path =
      herald_arena_alloc (&p->arena, (n_segments + 1) * sizeof (char *) + text_length + 1 + bytes);
  *text = (char *) (*path + n_segments + 1);
  memcpy (*text, p->src + reference_start, text_length);
  (*text)[text_length] = '\0';
  if (n_segments == 1)
    {
      (*path)[0] = *text + (name_start - reference_start);
      (*path)[1] = NULL;
      p->pos = pos;
      return TRUE;
    }

  strings = *text + text_length + 1;
  start = name_start;
  end = name_end;
  pos = name_end;
  for (guint i = 0; i < n_segments; i++)
    {
      if (i > 0)
        {
          path_segment (p, pos, &start, &end, &after);
          pos = after;
        }
      (*path)[i] = strings;
      memcpy (strings, p->src + start, end - start);
      strings[end - start] = '\0';
      strings += end - start + 1;
    }
  (*path)[n_segments] = NULL;
  p->pos = pos;
  return TRUE;
}

static HeraldTlNamespace
namespace_from_name (const char *s, gsize len, gboolean *found)
{
  *found = TRUE;
  /* The length tells the candidate apart: one comparison per reference. */
  switch (len)
    {
    case 2:
      if (memcmp (s, "mj", 2) == 0)
        return HERALD_TL_NS_MJ;
      break;
    case 3:
      if (memcmp (s, "var", 3) == 0)
        return HERALD_TL_NS_VAR;
      break;
    case 4:
      if (memcmp (s, "data", 4) == 0)
        return HERALD_TL_NS_DATA;
      break;
    case 7:
      if (memcmp (s, "segment", 7) == 0)
        return HERALD_TL_NS_SEGMENT;
      break;
    case 12:
      if (memcmp (s, "segmentation", 12) == 0)
        return HERALD_TL_NS_SEGMENT;
      break;
    default:
      break;
    }
  *found = FALSE;
  return HERALD_TL_NS_LOCAL;
}

static gboolean
lex_reference (Parser *p, gsize start, gsize name_end)
{
  HeraldTlNamespace ns = HERALD_TL_NS_LOCAL;
  gsize name_start = start;

  if (name_end < p->len && p->src[name_end] == ':')
    {
      gboolean known;

      ns = namespace_from_name (p->src + start, name_end - start, &known);
      if (!known)
        return fail (p, start,
                     _ ("Unknown namespace “%.*s:”: use var: for variables, data: for contact "
                        "properties or mj: for predefined values"),
                     (int) (name_end - start), p->src + start);
      name_start = name_end + 1;
      if (name_start >= p->len || !is_name_char (p->src[name_start]))
        {
          p->pos = name_start;
          /* Translators: “Access violation” is how Mailjet words this error. */
          return fail (p, start, _ ("Access violation: a name is expected after “%.*s”"),
                       (int) (name_start - start), p->src + start);
        }
      name_end = scan_name (p, name_start);
    }

  if (!lex_path (p, start, name_start, name_end, &p->tok.text, &p->tok.path))
    return FALSE;

  p->tok.type = TOK_REFERENCE;
  p->tok.ns = ns;

  if (ns != HERALD_TL_NS_LOCAL && p->pos < p->len && p->src[p->pos] == ':')
    {
      p->pos++;
      if (!lex_default (p, start))
        return FALSE;
    }
  return TRUE;
}

/* Whether the name at s is @lower in any case. Setting bit 5 lowers a letter and turns no
 * other byte into one. */
static inline gboolean
word_is (const char *s, const char *lower, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if ((s[i] | 0x20) != lower[i])
      return FALSE;
  return TRUE;
}

/* The operator words (any case), true and false (any case) and `in`; the length picks the
 * few candidates. */
static gboolean
lex_keyword (Token *tok, const char *s, gsize len)
{
  static const struct
  {
    const char *word;
    HeraldTlOperator op;
  } words[] = {
    { "and", HERALD_TL_OP_AND },     { "xor", HERALD_TL_OP_XOR }, { "not", HERALD_TL_OP_NOT },
    { "div", HERALD_TL_OP_INT_DIV }, { "mod", HERALD_TL_OP_MOD },
  };

  switch (len)
    {
    case 2:
      if (word_is (s, "or", 2))
        {
          tok->type = TOK_OPERATOR;
          tok->op = HERALD_TL_OP_OR;
          return TRUE;
        }
      if (s[0] == 'i' && s[1] == 'n')
        {
          tok->type = TOK_IN;
          return TRUE;
        }
      return FALSE;
    case 3:
      for (guint i = 0; i < G_N_ELEMENTS (words); i++)
        {
          if (word_is (s, words[i].word, 3))
            {
              tok->type = TOK_OPERATOR;
              tok->op = words[i].op;
              return TRUE;
            }
        }
      return FALSE;
    case 4:
      if (!word_is (s, "true", 4))
        return FALSE;
      tok->type = TOK_TRUE;
      return TRUE;
    case 5:
      if (!word_is (s, "false", 5))
        return FALSE;
      tok->type = TOK_FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
lex_word (Parser *p)
{
  gsize start = p->pos;
  gsize end = scan_name (p, start);
  gsize len = end - start;
  gsize after;

  if (end < p->len && p->src[end] == ':')
    return lex_reference (p, start, end);

  if (lex_keyword (&p->tok, p->src + start, len))
    {
      p->pos = end;
      return TRUE;
    }

  after = end;
  while (after < p->len && (p->src[after] == ' ' || p->src[after] == '\t'))
    after++;
  if (after < p->len && p->src[after] == '(')
    {
      p->tok.type = TOK_FUNCTION;
      p->tok.text = herald_arena_strndup (&p->arena, p->src + start, len);
      p->pos = end;
      return TRUE;
    }

  return lex_reference (p, start, end);
}

static gboolean
lex_operator (Parser *p)
{
  const char *s = p->src + p->pos;
  /* A NUL past the end matches no second character. */
  char second = p->pos + 1 < p->len ? s[1] : '\0';
  TokenType type = TOK_OPERATOR;
  HeraldTlOperator op = HERALD_TL_OP_NONE;
  gsize n = 1;

  /* The longest operator wins: `===` over `==` over `=`. */
  switch (s[0])
    {
    case '=':
      op = HERALD_TL_OP_EQ;
      if (second == '=')
        n = p->pos + 2 < p->len && s[2] == '=' ? 3 : 2;
      if (n == 3)
        op = HERALD_TL_OP_IDENTICAL;
      break;
    case '}':
      if (second != '}')
        goto unexpected;
      type = TOK_CLOSE_OUTPUT;
      n = 2;
      break;
    case '%':
      if (second != '}')
        goto unexpected;
      type = TOK_CLOSE_STMT;
      n = 2;
      break;
    case '!':
      op = second == '=' ? HERALD_TL_OP_NE : HERALD_TL_OP_NOT;
      n = second == '=' ? 2 : 1;
      break;
    case '<':
      op = second == '>' ? HERALD_TL_OP_NE : second == '=' ? HERALD_TL_OP_LE : HERALD_TL_OP_LT;
      n = second == '>' || second == '=' ? 2 : 1;
      break;
    case '>':
      op = second == '=' ? HERALD_TL_OP_GE : HERALD_TL_OP_GT;
      n = second == '=' ? 2 : 1;
      break;
    case '+':
      op = HERALD_TL_OP_ADD;
      break;
    case '-':
      op = HERALD_TL_OP_SUB;
      break;
    case '*':
      op = HERALD_TL_OP_MUL;
      break;
    case '/':
      op = HERALD_TL_OP_DIV;
      break;
    case '(':
      type = TOK_LPAREN;
      break;
    case ')':
      type = TOK_RPAREN;
      break;
    case ',':
      type = TOK_COMMA;
      break;
    default:
      goto unexpected;
    }
  p->tok.type = type;
  p->tok.op = op;
  p->pos += n;
  return TRUE;

unexpected:
  if (s[0] == '\'')
    return fail (p, p->pos, _ ("Write texts in double quotes (\"…\"), not single quotes"));

  return fail (p, p->pos, _ ("Unexpected character “%.*s” in an expression"),
               (int) MIN ((gsize) g_utf8_skip[(guchar) s[0]], p->len - p->pos), s);
}

static gboolean
next_token (Parser *p)
{
  token_clear (&p->tok);
  skip_space (p);
  p->tok.start = p->pos;

  if (p->pos >= p->len)
    p->tok.type = TOK_EOF;
  else if (p->src[p->pos] == '"')
    {
      if (!lex_string (p))
        return FALSE;
    }
  else if (g_ascii_isdigit (p->src[p->pos]))
    {
      lex_number_at (p, &p->pos, &p->tok);
      p->tok.type = TOK_NUMBER;
    }
  else if (is_name_start (p->src[p->pos]))
    {
      if (!lex_word (p))
        return FALSE;
    }
  else if (!lex_operator (p))
    {
      return FALSE;
    }

  p->tok.end = p->pos;
  return TRUE;
}

static const char *
token_description (Parser *p)
{
  switch (p->tok.type)
    {
    case TOK_EOF:
      return _ ("the end of the template");
    case TOK_CLOSE_OUTPUT:
      return "“}}”";
    case TOK_CLOSE_STMT:
      return "“%}”";
    default:
      return NULL;
    }
}

static gboolean
fail_unexpected (Parser *p, const char *expected)
{
  const char *what = token_description (p);

  if (what != NULL)
    return fail (p, p->tok.start, _ ("Expected %s, found %s"), expected, what);
  return fail (p, p->tok.start, _ ("Expected %s, found “%.*s”"), expected,
               (int) (p->tok.end - p->tok.start), p->src + p->tok.start);
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
      fail (p, start,
            _ ("Unknown function “%s”: Mailjet knows Upper, Lower, Capitalize, Round, Int, "
               "UrlEncode, Escape, HasOpenedSince and HasClickedSince"),
            name);
      return NULL;
    }

  location = locate (p, start);
  if (!next_token (p) || !next_token (p)) /* the name, then ( */
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
              if (!next_token (p))
                return NULL;
              continue;
            }
          if (p->tok.type != TOK_RPAREN)
            {
              fail_unexpected (p, _ ("“,” or “)”"));
              return NULL;
            }
          break;
        }
    }
  if (!next_token (p))
    return NULL;

  if (args->len < info->min_args || args->len > info->max_args)
    {
      if (info->min_args == info->max_args)
        fail (p, start,
              /* Translators: the first placeholder is a function name such as Round, the second how
               * many values it takes, the third how many the template gives it. */
              g_dngettext (GETTEXT_PACKAGE, "%s expects %u value in parentheses, found %u",
                           "%s expects %u values in parentheses, found %u", info->min_args),
              info->name, info->min_args, args->len);
      else
        /* Translators: the first placeholder is a function name such as Round. */
        fail (p, start, _ ("%s expects %u or %u values in parentheses, found %u"), info->name,
              info->min_args, info->max_args, args->len);
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
    return number_node (p, &p->tok);
  if (p->tok.type == TOK_STRING)
    return string_node (p, p->tok.text);
  return boolean_node (p, p->tok.type == TOK_TRUE);
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
      expr->literal.value = find_literal (p, start, p->tok.end);
      if (expr->literal.value == NULL)
        expr->literal.value = keep_literal (p, start, p->tok.end, literal_node (p));
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
      if (!next_token (p))
        return NULL;
      expr = parse_expr (p);
      if (expr == NULL)
        return NULL;
      if (p->tok.type != TOK_RPAREN)
        {
          fail_unexpected (p, "“)”");
          return NULL;
        }
      break;
    default:
      fail_unexpected (p, _ ("a value"));
      return NULL;
    }

  if (!next_token (p))
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
      fail (p, start, _ ("This expression is nested too deeply"));
      return NULL;
    }
  location = locate (p, start);
  if (!next_token (p))
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
      fail (p, start, _ ("This expression is nested too deeply"));
      return NULL;
    }
  location = locate (p, start);
  if (!next_token (p))
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
      if (!next_token (p))
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
      fail (p, p->tok.start, _ ("This expression is nested too deeply"));
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
    return fail (p, p->tok.start, _ ("not valid template: “{%%” is never closed with “%%}”"));
  return fail_unexpected (p, "“%}”");
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
    return fail (b->p, keyword_offset, _ ("Statements are nested too deeply"));

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

  if (!next_token (p))
    return FALSE;
  if (p->tok.type == TOK_CLOSE_STMT)
    return fail (p, keyword_offset,
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

      one->literal.value = new_value (&p->arena);
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
    return fail (p, keyword_offset, _ ("{%% %s %%} without a matching {%% %s %%}"), keyword,
                 plural ? "plural" : "if");
  if (block->seen_else)
    return fail (p, keyword_offset,
                 _ ("{%% %s %%} after {%% else %%}: {%% else %%} must come last"), keyword);

  if (!next_token (p))
    return FALSE;
  if (with_condition)
    {
      if (p->tok.type == TOK_CLOSE_STMT)
        return fail (p, keyword_offset, _ ("{%% elseif %%} needs a condition"));
      cond = parse_expr (p);
      if (cond == NULL)
        return FALSE;
    }
  else if (p->tok.type == TOK_REFERENCE && g_strcmp0 (p->tok.text, "if") == 0)
    {
      return fail (p, keyword_offset, _ ("Write “elseif” as one word"));
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
    return fail (p, keyword_offset, _ ("{%% %s %%} without a matching {%% %s %%}"), keyword,
                 opener);
  if (block->node->kind != kind || (kind == HERALD_TL_NODE_IF && block->node->if_.plural != plural))
    {
      HeraldTlLocation loc = locate (p, block->keyword_offset);

      return fail (p, keyword_offset,
                   _ ("{%% %s %%} found, but the {%% %s %%} of line %u is still open: close it "
                      "first with {%% end%s %%}"),
                   keyword, block_keyword (block), loc.line, block_keyword (block));
    }

  if (!next_token (p))
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

  if (!next_token (p))
    return FALSE;
  if (p->tok.type != TOK_REFERENCE || p->tok.ns != HERALD_TL_NS_LOCAL || p->tok.path[1] != NULL)
    return fail_unexpected (p, _ ("a loop variable name (as in {% for item in var:items %})"));
  variable = g_steal_pointer (&p->tok.text);
  if (!next_token (p))
    return FALSE;
  if (p->tok.type != TOK_IN)
    return fail_unexpected (p, "“in”");
  if (!next_token (p))
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

  if (!next_token (p))
    return FALSE;
  if (p->tok.type != TOK_REFERENCE || p->tok.ns != HERALD_TL_NS_LOCAL || p->tok.path[1] != NULL)
    return fail_unexpected (p, _ ("a variable name (as in {% set greeting = \"Hello\" %})"));
  variable = g_steal_pointer (&p->tok.text);
  if (!next_token (p))
    return FALSE;
  if (p->tok.type != TOK_OPERATOR || p->tok.op != HERALD_TL_OP_EQ || p->tok.end - p->tok.start != 1)
    return fail_unexpected (p, "“=”");
  if (!next_token (p))
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

  skip_space (p);
  keyword_offset = p->pos;
  keyword_end = scan_name (p, keyword_offset);
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
    return fail (p, keyword_offset, _ ("Unknown statement “%.*s”: Mailjet writes “elseif”"),
                 (int) len, word);
#undef IS

  if (len == 0)
    {
      p->pos = keyword_offset;
      if (!next_token (p))
        return FALSE;
      if (p->tok.type == TOK_CLOSE_STMT)
        return fail (p, tag_start, _ ("Empty {%% %%}: write a statement such as if, for or set"));
      return fail_unexpected (p, _ ("a statement (if, elseif, else, endif, for, endfor or set)"));
    }
  return fail (p, keyword_offset,
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

  if (!next_token (p))
    return FALSE;
  if (p->tok.type == TOK_CLOSE_OUTPUT)
    return fail (p, tag_start, _ ("Empty {{ }}: write a variable or an expression inside"));
  expr = parse_expr (p);
  if (expr == NULL)
    return FALSE;
  if (p->tok.type != TOK_CLOSE_OUTPUT)
    {
      if (p->tok.type == TOK_EOF)
        /* Translators: “not valid template” is how Mailjet words this error. */
        return fail (p, tag_start, _ ("not valid template: “{{” is never closed with “}}”"));
      return fail_unexpected (p, "“}}”");
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

      return fail (p, block->keyword_offset,
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
