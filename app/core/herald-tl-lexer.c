/* herald-tl-lexer.c: the Mailjet Templating Language's tokenizer, and where in the source
 * (line, column) an offset is, for the parser's nodes and errors (herald-tl-parser.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-tl"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-tl-lexer.h"
#include "herald-utf8.h"

/* A literal's value, unreferenced when the tree's memory is freed. */
JsonNode *
_herald_tl_new_value (HeraldArena *arena)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  herald_arena_add_destroy (arena, (GDestroyNotify) json_node_unref, node);
  return node;
}

/* The value of an earlier literal written as [start, end), or NULL. Making a JsonNode costs
 * more than reading the whole expression, and templates repeat their literals (`""`,
 * `false`, a currency); the tree is read-only, so equal literals of one template share. */
JsonNode *
_herald_tl_find_literal (Parser *p, gsize start, gsize end)
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

JsonNode *
_herald_tl_keep_literal (Parser *p, gsize start, gsize end, JsonNode *value)
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

G_GNUC_NO_INLINE HeraldTlLocation
_herald_tl_locate_behind (Parser *p, gsize offset)
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
G_GNUC_NO_INLINE void
_herald_tl_advance_far (Parser *p, gsize offset)
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

G_GNUC_PRINTF (3, 4)
gboolean
_herald_tl_fail (Parser *p, gsize offset, const char *format, ...)
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
gsize
_herald_tl_scan_name (Parser *p, gsize pos)
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

void
_herald_tl_skip_space (Parser *p)
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
      return _herald_tl_fail (p, start,
                              _ ("not valid template: a text in double quotes is never closed"));
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

JsonNode *
_herald_tl_string_node (Parser *p, const char *text)
{
  JsonNode *node = _herald_tl_new_value (&p->arena);

  json_node_set_string (node, text);
  return node;
}

JsonNode *
_herald_tl_boolean_node (Parser *p, gboolean value)
{
  JsonNode *node = _herald_tl_new_value (&p->arena);

  json_node_set_boolean (node, value);
  return node;
}

JsonNode *
_herald_tl_number_node (Parser *p, const Token *tok)
{
  JsonNode *node = _herald_tl_new_value (&p->arena);

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
      p->tok.default_value = _herald_tl_find_literal (p, pos, p->pos);
      if (p->tok.default_value == NULL)
        p->tok.default_value =
            _herald_tl_keep_literal (p, pos, p->pos, _herald_tl_string_node (p, text));
      return TRUE;
    }
  if (lex_number_at (p, &pos, &tmp))
    {
      p->tok.default_value = _herald_tl_find_literal (p, p->pos, pos);
      if (p->tok.default_value == NULL)
        p->tok.default_value =
            _herald_tl_keep_literal (p, p->pos, pos, _herald_tl_number_node (p, &tmp));
      p->pos = pos;
      return TRUE;
    }
  if (pos < p->len && is_name_start (p->src[pos]))
    {
      gsize end = _herald_tl_scan_name (p, pos);
      gboolean value;

      if (end - pos == 4 && g_ascii_strncasecmp (p->src + pos, "true", 4) == 0)
        value = TRUE;
      else if (end - pos == 5 && g_ascii_strncasecmp (p->src + pos, "false", 5) == 0)
        value = FALSE;
      else
        return _herald_tl_fail (
            p, pos,
            _ ("A default value must be a text in double quotes, a number, true or "
               "false (found “%.*s”)"),
            (int) (end - pos), p->src + pos);
      p->tok.default_value = _herald_tl_find_literal (p, pos, end);
      if (p->tok.default_value == NULL)
        p->tok.default_value =
            _herald_tl_keep_literal (p, pos, end, _herald_tl_boolean_node (p, value));
      p->pos = end;
      return TRUE;
    }

  /* Mailjet's own wording for `{{var:url:}}`. */
  return _herald_tl_fail (
      p, reference_start,
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
      *end = *after = _herald_tl_scan_name (p, pos + 1);
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
          return _herald_tl_fail (
              p, pos, _ ("Expected a number between [ and ] to pick an item of a list"));
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
        return _herald_tl_fail (
            p, start,
            _ ("Unknown namespace “%.*s:”: use var: for variables, data: for contact "
               "properties or mj: for predefined values"),
            (int) (name_end - start), p->src + start);
      name_start = name_end + 1;
      if (name_start >= p->len || !is_name_char (p->src[name_start]))
        {
          p->pos = name_start;
          /* Translators: “Access violation” is how Mailjet words this error. */
          return _herald_tl_fail (p, start, _ ("Access violation: a name is expected after “%.*s”"),
                                  (int) (name_start - start), p->src + start);
        }
      name_end = _herald_tl_scan_name (p, name_start);
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
  gsize end = _herald_tl_scan_name (p, start);
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
    return _herald_tl_fail (p, p->pos,
                            _ ("Write texts in double quotes (\"…\"), not single quotes"));

  return _herald_tl_fail (p, p->pos, _ ("Unexpected character “%.*s” in an expression"),
                          (int) MIN ((gsize) g_utf8_skip[(guchar) s[0]], p->len - p->pos), s);
}

gboolean
_herald_tl_next_token (Parser *p)
{
  token_clear (&p->tok);
  _herald_tl_skip_space (p);
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

gboolean
_herald_tl_fail_unexpected (Parser *p, const char *expected)
{
  const char *what = token_description (p);

  if (what != NULL)
    return _herald_tl_fail (p, p->tok.start, _ ("Expected %s, found %s"), expected, what);
  return _herald_tl_fail (p, p->tok.start, _ ("Expected %s, found “%.*s”"), expected,
                          (int) (p->tok.end - p->tok.start), p->src + p->tok.start);
}