/* herald-tl-lexer.h: what the template language's parser (herald-tl-parser.c) and its
 * tokenizer (herald-tl-lexer.c) share: the parser's state, the token it reads, and turning
 * a byte offset into a line and column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "herald-arena.h"
#include "herald-tl-private.h"

G_BEGIN_DECLS

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

JsonNode *_herald_tl_new_value (HeraldArena *arena);
JsonNode *_herald_tl_find_literal (Parser *p, gsize start, gsize end);
JsonNode *_herald_tl_keep_literal (Parser *p, gsize start, gsize end, JsonNode *value);
HeraldTlLocation _herald_tl_locate_behind (Parser *p, gsize offset);
void _herald_tl_advance_far (Parser *p, gsize offset);
G_GNUC_PRINTF (3, 4)
gboolean _herald_tl_fail (Parser *p, gsize offset, const char *format, ...);
gsize _herald_tl_scan_name (Parser *p, gsize pos);
void _herald_tl_skip_space (Parser *p);
JsonNode *_herald_tl_string_node (Parser *p, const char *text);
JsonNode *_herald_tl_boolean_node (Parser *p, gboolean value);
JsonNode *_herald_tl_number_node (Parser *p, const Token *tok);
gboolean _herald_tl_next_token (Parser *p);
gboolean _herald_tl_fail_unexpected (Parser *p, const char *expected);

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
    return _herald_tl_locate_behind (p, offset);

  if (offset - p->loc_offset > 16)
    {
      _herald_tl_advance_far (p, offset);
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

G_END_DECLS
