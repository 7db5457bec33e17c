/* herald-json-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-json-util"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <glib/gi18n-lib.h>

#include "herald-core-error.h"
#include "herald-file-read.h"
#include "herald-file-util.h"
#include "herald-json-fast.h"
#include "herald-json-util.h"

/* json-glib 1.6 reports the position of the token before the mistake, sometimes the one
 * after, and names the wrong token. A person fixing a file by hand needs the exact place,
 * so on failure a small recursive-descent pass over the same text finds the first thing
 * that is not JSON and says what was expected there. */
typedef struct
{
  const char *p;
  const char *end;
  guint line;
  guint column;
  const char *expected;
  guint depth;
} Locator;

static void
locator_advance (Locator *l)
{
  if (*l->p == '\n')
    {
      l->line++;
      l->column = 1;
    }
  else if (((guchar) *l->p & 0xC0) != 0x80)
    {
      l->column++;
    }
  l->p++;
}

static void
locator_skip_space (Locator *l)
{
  while (l->p < l->end && (*l->p == ' ' || *l->p == '\t' || *l->p == '\n' || *l->p == '\r'))
    locator_advance (l);
}

static gboolean
locator_fail (Locator *l, const char *expected)
{
  l->expected = expected;
  return FALSE;
}

static gboolean locate_value (Locator *l);

static gboolean
locate_string (Locator *l)
{
  if (l->p >= l->end || *l->p != '"')
    return locator_fail (l, N_ ("a string in double quotes"));
  locator_advance (l);

  while (l->p < l->end && *l->p != '"')
    {
      if (*l->p == '\\')
        {
          locator_advance (l);
          if (l->p >= l->end || strchr ("\"\\/bfnrtu", *l->p) == NULL)
            return locator_fail (l, N_ ("a valid escape such as \\n, \\\" or \\\\"));
        }
      locator_advance (l);
    }

  if (l->p >= l->end)
    return locator_fail (l, N_ ("a closing double quote"));
  locator_advance (l);
  return TRUE;
}

static gboolean
locate_literal (Locator *l)
{
  static const char *words[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize len = strlen (words[i]);

      if ((gsize) (l->end - l->p) >= len && strncmp (l->p, words[i], len) == 0)
        {
          for (gsize j = 0; j < len; j++)
            locator_advance (l);
          return TRUE;
        }
    }

  if (*l->p == '-' || g_ascii_isdigit (*l->p))
    {
      char *number_end = NULL;

      g_ascii_strtod (l->p, &number_end);
      while (l->p < number_end && l->p < l->end)
        locator_advance (l);
      return TRUE;
    }

  return locator_fail (l, N_ ("a value (a string in double quotes, a number, true, false, null, an "
                              "object or an array)"));
}

static gboolean
locate_container (Locator *l, char close)
{
  gboolean object = close == '}';

  if (++l->depth > HERALD_JSON_MAX_DEPTH)
    return locator_fail (l, N_ ("less deeply nested data"));

  locator_advance (l);
  locator_skip_space (l);
  if (l->p < l->end && *l->p == close)
    {
      locator_advance (l);
      l->depth--;
      return TRUE;
    }

  for (;;)
    {
      locator_skip_space (l);
      if (object)
        {
          if (l->p >= l->end || *l->p != '"')
            return locator_fail (l, N_ ("a member name in double quotes"));
          if (!locate_string (l))
            return FALSE;
          locator_skip_space (l);
          if (l->p >= l->end || *l->p != ':')
            return locator_fail (l, N_ ("a colon after the member name"));
          locator_advance (l);
        }
      if (!locate_value (l))
        return FALSE;
      locator_skip_space (l);
      if (l->p < l->end && *l->p == ',')
        {
          locator_advance (l);
          locator_skip_space (l);
          if (l->p < l->end && *l->p == close)
            return locator_fail (l, object
                                        ? N_ ("another member (JSON allows no comma before “}”)")
                                        : N_ ("another value (JSON allows no comma before “]”)"));
          continue;
        }
      if (l->p < l->end && *l->p == close)
        {
          locator_advance (l);
          l->depth--;
          return TRUE;
        }
      return locator_fail (l, object ? N_ ("a comma or “}”") : N_ ("a comma or “]”"));
    }
}

static gboolean
locate_value (Locator *l)
{
  locator_skip_space (l);
  if (l->p >= l->end)
    return locator_fail (l, N_ ("a value, but the file ends here"));

  switch (*l->p)
    {
    case '{':
      return locate_container (l, '}');
    case '[':
      return locate_container (l, ']');
    case '"':
      return locate_string (l);
    default:
      return locate_literal (l);
    }
}

static gboolean
locate_syntax_error (
    const char *text, gsize length, guint *line, guint *column, const char **expected)
{
  Locator l = { text, text + length, 1, 1, NULL, 0 };

  if (locate_value (&l))
    {
      locator_skip_space (&l);
      if (l.p >= l.end)
        return FALSE;
      l.expected = N_ ("the end of the file after the top-level value");
    }

  *line = l.line;
  *column = l.column;
  *expected = l.expected;
  return TRUE;
}

static void
set_parse_error (GError **error,
                 const char *display_name,
                 const char *text,
                 gsize length,
                 const GError *parse_error)
{
  const char *expected = NULL;
  guint line;
  guint column;

  if (locate_syntax_error (text, length, &line, &column, &expected))
    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MALFORMED,
                 /* Translators: file:line:column, then what the file should hold there, such as “a
                  * comma or “}””. */
                 _ ("%s:%u:%u: malformed JSON: expected %s"), display_name, line, column,
                 _ (expected));
  else
    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MALFORMED,
                 _ ("%s: malformed JSON: %s"), display_name, parse_error->message);
}

/* Counts brackets outside strings: linear, no recursion, and it runs on anything json-glib
 * would accept. On excess depth, offset is where the first bracket too many is. */
gboolean
herald_json_check_depth (const char *data, gsize length, gsize *offset)
{
  gsize depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > HERALD_JSON_MAX_DEPTH)
            {
              if (offset != NULL)
                *offset = i;
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

/* Blanks between tokens. json-glib's scanner spends several times more per blank than per
 * byte of a string, and the files people write are indented: the parser is given the text
 * without them. What it reads must stay the same tokens, so the text is left as it is (NULL)
 * when anything outside strings is not plain JSON (a comment, a single-quoted string, a
 * NUL, a non-ASCII byte), when a string holds a \u escape (json-glib reads a short one past
 * its closing quote) or when it is nested too deep. Blanks between two letters, digits or
 * signs stay one space: "1 2" must not become "12". */
enum
{
  CHAR_OTHER,
  CHAR_BLANK,
  CHAR_WORD,
  CHAR_PUNCT,
  CHAR_OPEN,
  CHAR_CLOSE,
  CHAR_QUOTE,
};

static const guint8 char_classes[256] = {
  [' '] = CHAR_BLANK,        ['\t'] = CHAR_BLANK,       ['\n'] = CHAR_BLANK,
  ['\r'] = CHAR_BLANK,       ['{'] = CHAR_OPEN,         ['['] = CHAR_OPEN,
  ['}'] = CHAR_CLOSE,        [']'] = CHAR_CLOSE,        [','] = CHAR_PUNCT,
  [':'] = CHAR_PUNCT,        ['"'] = CHAR_QUOTE,        ['-'] = CHAR_WORD,
  ['+'] = CHAR_WORD,         ['.'] = CHAR_WORD,         ['_'] = CHAR_WORD,
  ['0' ... '9'] = CHAR_WORD, ['a' ... 'z'] = CHAR_WORD, ['A' ... 'Z'] = CHAR_WORD,
};

/* From just past an opening quote; the end of the string's bytes (its closing quote, or
 * end), or NULL when the string cannot be copied as it is. A NUL needs no care: json-glib
 * ends the string there and fails, and the text is then parsed again as written. */
static const char *
copy_string_body (const char *p, const char *end, char **out)
{
#ifdef __SSE2__
  /* Most strings are short: sixteen bytes a test, copied whole (out is never ahead of p, so
   * the room is there), up to the first quote or backslash. */
  const __m128i quote = _mm_set1_epi8 ('"');
  const __m128i backslash = _mm_set1_epi8 ('\\');

  while (end - p >= 16)
    {
      __m128i bytes = _mm_loadu_si128 ((const __m128i *) (gconstpointer) p);
      guint mask = (guint) _mm_movemask_epi8 (
          _mm_or_si128 (_mm_cmpeq_epi8 (bytes, quote), _mm_cmpeq_epi8 (bytes, backslash)));
      guint n = mask != 0 ? (guint) __builtin_ctz (mask) : 16;

      _mm_storeu_si128 ((__m128i *) (gpointer) *out, bytes);
      *out += n;
      p += n;
      if (n == 16)
        continue;
      if (*p == '"')
        return p;
      /* A backslash: its escape is copied with it, as below. */
      if (p + 1 >= end || p[1] == 'u')
        return NULL;
      (*out)[0] = p[0];
      (*out)[1] = p[1];
      *out += 2;
      p += 2;
    }
#endif
  for (;;)
    {
      const char *quote = memchr (p, '"', end - p);
      const char *stop = quote != NULL ? quote : end;
      const char *backslash = memchr (p, '\\', stop - p);

      if (backslash == NULL)
        {
          memcpy (*out, p, stop - p);
          *out += stop - p;
          return stop;
        }
      if (backslash + 1 >= end || backslash[1] == 'u')
        return NULL;
      /* The escaped character may be the quote found: look again past it. */
      memcpy (*out, p, backslash + 2 - p);
      *out += backslash + 2 - p;
      p = backslash + 2;
    }
}

/* out has room for length bytes. */
static gboolean
strip_blanks (const char *data, gsize length, char *out, gsize *stripped_length)
{
  const char *p = data;
  const char *end = data + length;
  char *o = out;
  gsize depth = 0;

  while (p < end)
    {
      switch (char_classes[(guchar) *p])
        {
        case CHAR_BLANK:
          while (++p < end && char_classes[(guchar) *p] == CHAR_BLANK)
            ;
          if (o > out && p < end && char_classes[(guchar) o[-1]] == CHAR_WORD &&
              char_classes[(guchar) *p] == CHAR_WORD)
            *o++ = ' ';
          continue;
        case CHAR_QUOTE:
          *o++ = *p++;
          p = copy_string_body (p, end, &o);
          if (p == NULL)
            return FALSE;
          if (p < end)
            *o++ = *p++;
          continue;
        case CHAR_OPEN:
          if (++depth > HERALD_JSON_MAX_DEPTH)
            return FALSE;
          break;
        case CHAR_CLOSE:
          if (depth > 0)
            depth--;
          break;
        case CHAR_WORD:
        case CHAR_PUNCT:
          break;
        case CHAR_OTHER:
        default:
          return FALSE;
        }
      *o++ = *p++;
    }

  *stripped_length = o - out;
  return TRUE;
}

/* json_parser_load_from_data() behind the depth check; use it for every JSON that comes
 * from outside (files, HTTP bodies). */
gboolean
herald_json_parser_load (JsonParser *parser, const char *data, gssize length, GError **error)
{
  /* Most texts fit on the stack: a malloc() of a kilobyte or more first has glibc merge all
   * its free small blocks, which costs more than the copy. */
  char small[4096];
  g_autofree char *large = NULL;
  char *stripped;
  gboolean strippable;
  gsize stripped_length;

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (data == NULL)
    data = "";
  if (length < 0)
    length = strlen (data);

  /* A text that fails is parsed again as written, for json-glib's own message and
   * position. */
  stripped = (gsize) length <= sizeof small ? small : (large = g_malloc (length));
  strippable = strip_blanks (data, length, stripped, &stripped_length);
  if (strippable && stripped_length < (gsize) length &&
      json_parser_load_from_data (parser, stripped, stripped_length, NULL))
    return TRUE;

  if (!strippable && !herald_json_check_depth (data, length, NULL))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                   _ ("The JSON is nested more than %d levels deep"), HERALD_JSON_MAX_DEPTH);
      return FALSE;
    }

  return json_parser_load_from_data (parser, data, length, error);
}

/* Member spans. json-glib turns numbers into gint64 or double and cuts strings at "\u0000",
 * so what it parsed cannot be written back unchanged. These scan the original text, which
 * must already have parsed as JSON, without recursion. */

static gsize
skip_blanks (const char *text, gsize length, gsize i)
{
  while (i < length && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
    i++;
  return i;
}

/* From an opening quote to just past the closing one. */
static gsize
skip_string (const char *text, gsize length, gsize i)
{
  for (i++; i < length && text[i] != '"'; i++)
    if (text[i] == '\\')
      i++;
  return MIN (i + 1, length);
}

static gsize
skip_value (const char *text, gsize length, gsize i)
{
  gsize depth = 0;

  if (i >= length)
    return i;
  if (text[i] == '"')
    return skip_string (text, length, i);
  if (text[i] != '{' && text[i] != '[')
    {
      while (i < length && strchr (",}] \t\r\n", text[i]) == NULL)
        i++;
      return i;
    }

  while (i < length)
    {
      char c = text[i];

      if (c == '"')
        {
          i = skip_string (text, length, i);
          continue;
        }
      if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && --depth == 0)
        return i + 1;
      i++;
    }
  return i;
}

static guint
hex_value (const char *p)
{
  guint value = 0;

  for (guint i = 0; i < 4; i++)
    value = value * 16 + g_ascii_xdigit_value (p[i]);
  return value;
}

/* The member name a quoted JSON string stands for. */
static char *
decode_string (const char *text, gsize start, gsize end)
{
  GString *out = g_string_new (NULL);

  for (gsize i = start + 1; i + 1 < end; i++)
    {
      gunichar c;

      if (text[i] != '\\')
        {
          g_string_append_c (out, text[i]);
          continue;
        }
      i++;
      switch (text[i])
        {
        case 'b':
          g_string_append_c (out, '\b');
          break;
        case 'f':
          g_string_append_c (out, '\f');
          break;
        case 'n':
          g_string_append_c (out, '\n');
          break;
        case 'r':
          g_string_append_c (out, '\r');
          break;
        case 't':
          g_string_append_c (out, '\t');
          break;
        case 'u':
          if (i + 4 >= end)
            break;
          c = hex_value (text + i + 1);
          i += 4;
          if (c >= 0xD800 && c < 0xDC00 && i + 6 < end && text[i + 1] == '\\' && text[i + 2] == 'u')
            {
              gunichar low = hex_value (text + i + 3);

              if (low >= 0xDC00 && low < 0xE000)
                {
                  c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                  i += 6;
                }
            }
          g_string_append_unichar (out, c);
          break;
        default:
          g_string_append_c (out, text[i]);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

static void
member_span_clear (gpointer data)
{
  HeraldJsonMemberSpan *span = data;

  g_free (span->name);
}

/* The top-level members of text, in file order; NULL when text is not a JSON object. */
GArray *
herald_json_scan_members (const char *text, gsize length)
{
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (HeraldJsonMemberSpan));
  gsize i = skip_blanks (text, length, 0);

  g_array_set_clear_func (spans, member_span_clear);
  if (i >= length || text[i] != '{')
    return NULL;
  i = skip_blanks (text, length, i + 1);

  while (i < length && text[i] == '"')
    {
      HeraldJsonMemberSpan span;
      gsize name_end = skip_string (text, length, i);

      span.name_start = i;
      span.name = decode_string (text, i, name_end);
      i = skip_blanks (text, length, name_end);
      if (i < length && text[i] == ':')
        i++;
      span.value_start = skip_blanks (text, length, i);
      span.value_end = skip_value (text, length, span.value_start);
      g_array_append_val (spans, span);

      i = skip_blanks (text, length, span.value_end);
      if (i < length && text[i] == ',')
        i = skip_blanks (text, length, i + 1);
    }

  return g_steal_pointer (&spans);
}

/* A member's value as written in the file, or NULL. With duplicates, the last one counts,
 * as for json-glib. */
char *
herald_json_dup_member_source (const char *text, gsize length, const char *member)
{
  g_autoptr (GArray) spans = herald_json_scan_members (text, length);
  char *source = NULL;

  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      HeraldJsonMemberSpan *span = &g_array_index (spans, HeraldJsonMemberSpan, i);

      if (g_str_equal (span->name, member))
        {
          g_free (source);
          source = g_strndup (text + span->value_start, span->value_end - span->value_start);
        }
    }
  return source;
}

/* text with the given top-level members set to the given JSON texts (values[i] NULL leaves
 * names[i] as it is). Only the bytes of those values change: every other member, the spacing
 * and the order stay as written. A member the file lacks goes last. NULL when text is not a
 * JSON object. */
char *
herald_json_set_members (const char *text,
                         gsize length,
                         const char *const *names,
                         const char *const *values)
{
  g_autoptr (GArray) spans = herald_json_scan_members (text, length);
  GString *out;
  gsize copied = 0;
  gsize insert_at;
  guint n_names;
  guint added = 0;

  if (spans == NULL)
    return NULL;
  n_names = g_strv_length ((char **) names);

  out = g_string_sized_new (length + 64);
  for (guint i = 0; i < spans->len; i++)
    {
      HeraldJsonMemberSpan *span = &g_array_index (spans, HeraldJsonMemberSpan, i);

      for (guint j = 0; j < n_names; j++)
        {
          if (values[j] == NULL || !g_str_equal (span->name, names[j]))
            continue;
          g_string_append_len (out, text + copied, span->value_start - copied);
          g_string_append (out, values[j]);
          copied = span->value_end;
        }
    }

  /* New members go right after the last value (or the opening brace), before the blanks
   * that lead to the closing brace, so that the brace keeps its line. */
  insert_at = spans->len > 0 ? g_array_index (spans, HeraldJsonMemberSpan, spans->len - 1).value_end
                             : skip_blanks (text, length, 0) + 1;
  g_string_append_len (out, text + copied, insert_at - copied);
  copied = insert_at;

  for (guint j = 0; j < n_names; j++)
    {
      gboolean present = FALSE;

      if (values[j] == NULL)
        continue;
      for (guint i = 0; i < spans->len && !present; i++)
        present = g_str_equal (g_array_index (spans, HeraldJsonMemberSpan, i).name, names[j]);
      if (present)
        continue;

      g_string_append (out, added == 0 && spans->len == 0 ? "\n  " : ",\n  ");
      herald_json_append_string (out, names[j], FALSE);
      g_string_append (out, ": ");
      g_string_append (out, values[j]);
      added++;
    }
  if (added > 0 &&
      memchr (text + insert_at, '\n', skip_blanks (text, length, insert_at) - insert_at) == NULL)
    g_string_append_c (out, '\n');

  g_string_append_len (out, text + copied, length - copied);
  return g_string_free (out, FALSE);
}

/* As herald_json_set_members(), with values that are strings to write as JSON strings. */
char *
herald_json_set_string_members (const char *text,
                                gsize length,
                                const char *const *names,
                                const char *const *values)
{
  guint n_names = g_strv_length ((char **) names);
  g_autoptr (GPtrArray) quoted = g_ptr_array_new_full (n_names + 1, g_free);

  for (guint j = 0; j < n_names; j++)
    {
      GString *value = NULL;

      if (values[j] != NULL)
        {
          value = g_string_new (NULL);
          herald_json_append_string (value, values[j], FALSE);
        }
      g_ptr_array_add (quoted, value ? g_string_free (value, FALSE) : NULL);
    }
  g_ptr_array_add (quoted, NULL);
  return herald_json_set_members (text, length, names, (const char *const *) quoted->pdata);
}

/* The strict JSON that people and tools write is read by herald_json_fast_parse(), which
 * builds json-glib's own tree at a fraction of JsonParser's cost; json-glib reads the rest,
 * and finds and reports every mistake. */
static JsonNode *
parse_text (
    gboolean sealed, const char *display_name, const char *text, gssize length, GError **error)
{
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;

  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);

  root = herald_json_fast_parse (text, length);
  if (root != NULL)
    {
      /* What an immutable JsonParser does node by node, in one pass. */
      if (sealed)
        json_node_seal (root);
      return root;
    }

  parser = sealed ? json_parser_new_immutable () : json_parser_new ();
  if (!herald_json_parser_load (parser, text, length, &parse_error))
    {
      set_parse_error (error, display_name, text, length, parse_error);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MALFORMED,
                   _ ("%s:1:1: malformed JSON: the file is empty"), display_name);
      return NULL;
    }

  return json_node_ref (root);
}

JsonNode *
herald_json_parse_text (const char *display_name, const char *text, gssize length, GError **error)
{
  return parse_text (TRUE, display_name, text, length, error);
}

JsonNode *
herald_json_parse_text_unsealed (const char *display_name,
                                 const char *text,
                                 gssize length,
                                 GError **error)
{
  return parse_text (FALSE, display_name, text, length, error);
}

/* For Herald's own files; a library's files are read with their own, smaller limit. */
JsonNode *
herald_json_parse_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  gsize length;

  contents = herald_file_read_library_text (path, HERALD_FILE_MAX_STATE, &length, error);
  if (contents == NULL)
    return NULL;

  display = g_filename_display_name (path);
  return herald_json_parse_text (display, contents, length, error);
}

/* JSON's escapes, with non-ASCII kept as UTF-8. escape_slash writes "/" as "\\/", as
 * Mailjet's legacy v3 REST answers do. */
void
herald_json_append_string (GString *out, const char *str, gboolean escape_slash)
{
  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '/':
          g_string_append (out, escape_slash ? "\\/" : "/");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* The shortest decimal form that reads back as the same double, as JavaScript prints it,
 * so that a value typed as 12.5 is not saved as 12.500000000000000. */
static void
append_double (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  g_string_append (out, buf);
  /* Keep a double a double when the file is read again. */
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

/* The one JSON writer. Each style is a set of separators; only the pretty one breaks lines.
 * json-glib's generator is not used for what we write to files or on the wire: it prints
 * doubles with 17 digits (0.1 becomes 0.10000000000000001), it cannot write Mailjet's
 * legacy spacing or its escaped "/", and its pretty output is not the hand-written shape of
 * docs/library-format.md. Integers go out as the exact 64-bit value (Mailjet's MessageIDs
 * are above 2^53, beyond what a double holds). */
typedef struct
{
  const char *object_open;
  const char *object_close;
  const char *object_empty;
  const char *name_separator;
  const char *item_separator;
  gboolean lines;
  gboolean escape_slash;
} Syntax;

static const Syntax syntaxes[] = {
  [HERALD_JSON_STYLE_PRETTY] = { "{", "}", "{}", ": ", ",", TRUE, FALSE },
  [HERALD_JSON_STYLE_COMPACT] = { "{", "}", "{}", ":", ",", FALSE, FALSE },
  [HERALD_JSON_STYLE_SPACED] = { "{ ", " }", "{ }", " : ", ", ", FALSE, TRUE },
};

static void append_node (GString *out, const Syntax *syntax, JsonNode *node, guint depth);

static void
append_line (GString *out, const Syntax *syntax, guint depth)
{
  if (!syntax->lines)
    return;
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
append_object (GString *out, const Syntax *syntax, JsonObject *object, guint depth)
{
  /* json-glib keeps members in insertion order, which is the file's order. */
  g_autoptr (GList) members = json_object_get_members (object);

  if (members == NULL)
    {
      g_string_append (out, syntax->object_empty);
      return;
    }

  g_string_append (out, syntax->object_open);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (l != members)
        g_string_append (out, syntax->item_separator);
      append_line (out, syntax, depth + 1);
      herald_json_append_string (out, l->data, syntax->escape_slash);
      g_string_append (out, syntax->name_separator);
      append_node (out, syntax, json_object_get_member (object, l->data), depth + 1);
    }
  append_line (out, syntax, depth);
  g_string_append (out, syntax->object_close);
}

static void
append_array (GString *out, const Syntax *syntax, JsonArray *array, guint depth)
{
  guint length = json_array_get_length (array);

  if (length == 0)
    {
      g_string_append (out, "[]");
      return;
    }

  g_string_append_c (out, '[');
  for (guint i = 0; i < length; i++)
    {
      if (i > 0)
        g_string_append (out, syntax->item_separator);
      append_line (out, syntax, depth + 1);
      append_node (out, syntax, json_array_get_element (array, i), depth + 1);
    }
  append_line (out, syntax, depth);
  g_string_append_c (out, ']');
}

static void
append_value (GString *out, const Syntax *syntax, JsonNode *node)
{
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      append_double (out, json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_STRING:
    default:
      herald_json_append_string (out, json_node_get_string (node), syntax->escape_slash);
      break;
    }
}

static void
append_node (GString *out, const Syntax *syntax, JsonNode *node, guint depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, syntax, json_node_get_object (node), depth);
      break;
    case JSON_NODE_ARRAY:
      append_array (out, syntax, json_node_get_array (node), depth);
      break;
    case JSON_NODE_VALUE:
      append_value (out, syntax, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
herald_json_write (JsonNode *node, HeraldJsonStyle style)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (style < G_N_ELEMENTS (syntaxes), NULL);

  append_node (out, &syntaxes[style], node, 0);
  /* A file ends with a newline; so does a body of Mailjet's legacy v3 REST API (see the
   * recorded "|" YAML blocks). */
  if (style != HERALD_JSON_STYLE_COMPACT)
    g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

char *
herald_json_to_pretty (JsonNode *node)
{
  return herald_json_write (node, HERALD_JSON_STYLE_PRETTY);
}

gboolean
herald_json_write_file (const char *path, JsonNode *node, GError **error)
{
  g_autofree char *text = herald_json_to_pretty (node);

  return herald_file_write_atomic (path, text, -1, error);
}

gboolean
herald_json_write_state_file (const char *path, JsonNode *node, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _ ("The folder %s cannot be created: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return herald_json_write_file (path, node, error);
}

const char *
herald_json_object_get_string_or (JsonObject *object, const char *member, const char *fallback)
{
  JsonNode *node;

  if (object == NULL)
    return fallback;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;

  return json_node_get_string (node);
}

static JsonNode *
member_of_type (JsonObject *object, const char *member, JsonNodeType type)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_TYPE (node) == type ? node : NULL;
}

gint64
herald_json_object_get_int_or (JsonObject *object, const char *member, gint64 fallback)
{
  JsonNode *node = member_of_type (object, member, JSON_NODE_VALUE);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

gboolean
herald_json_object_get_boolean_or (JsonObject *object, const char *member, gboolean fallback)
{
  JsonNode *node = member_of_type (object, member, JSON_NODE_VALUE);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

JsonObject *
herald_json_object_get_object_or_null (JsonObject *object, const char *member)
{
  JsonNode *node = member_of_type (object, member, JSON_NODE_OBJECT);

  return node ? json_node_get_object (node) : NULL;
}

JsonArray *
herald_json_object_get_array_or_null (JsonObject *object, const char *member)
{
  JsonNode *node = member_of_type (object, member, JSON_NODE_ARRAY);

  return node ? json_node_get_array (node) : NULL;
}

JsonObject *
herald_json_array_get_object_or_null (JsonArray *array, guint index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
herald_json_array_get_string_or_null (JsonArray *array, guint index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
herald_json_parser_get_object (JsonParser *parser)
{
  JsonNode *root = json_parser_get_root (parser);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_get_object (root);
}
