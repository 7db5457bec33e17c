/* herald-json-fast.c: strict JSON straight into json-glib's nodes.
 *
 * json-glib 1.6's JsonParser spends some 160 instructions on each byte of a small file: a
 * GScanner-like tokenizer that grows a GString per token, a copy of each member name, a
 * signal per member and per element. This reader builds the very tree JsonParser builds,
 * with the same node API in the same order, for the strict JSON that people and tools
 * write. Anything else, and every mistake, it leaves to json-glib (NULL: "not mine"), which
 * stays the parser of record, with its messages and positions, and its own readings of what
 * JSON does not allow: comments, single quotes, bare words, octal and hex numbers, "1.",
 * escapes such as \x or \0, a lone surrogate, \u0000, a second top-level value, a byte-order
 * mark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-json-fast"

#include "config.h"

#include <math.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "herald-json-fast.h"
#include "herald-json-util.h"

typedef struct
{
  const char *p;
  const char *end;
} Reader;

/* An open object or array. */
typedef struct
{
  JsonNode *node;
  JsonObject *object; /* NULL in an array */
  JsonArray *array;
} Frame;

/* Where a run of plain string bytes stops: the closing quote, an escape, and a NUL (json-glib
 * ends the string there and fails). */
static const guint8 string_stops[256] = {
  ['\0'] = 1,
  ['"'] = 1,
  ['\\'] = 1,
};

static void
skip_blanks (Reader *r)
{
  /* The blanks of json-glib's scanner; a form feed or a vertical tab is an error there. */
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r'))
    r->p++;
}

static gboolean
read_hex4 (const char *p, const char *end, gunichar *value)
{
  if (end - p < 4)
    return FALSE;

  *value = 0;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return FALSE;
      *value = *value * 16 + digit;
    }
  return TRUE;
}

/* \uXXXX at p, four digits, or a pair of them for a character beyond the BMP. json-glib reads
 * fewer digits, a lone surrogate (it swallows what follows) and \u0000 (it cuts the string
 * there) in ways of its own: those are left to it. */
static const char *
read_unicode_escape (const char *p, const char *end, char **out)
{
  gunichar c;
  gunichar low;

  if (!read_hex4 (p + 2, end, &c) || c == 0 || (c >= 0xDC00 && c <= 0xDFFF))
    return NULL;
  p += 6;

  if (c >= 0xD800 && c <= 0xDBFF)
    {
      if (end - p < 2 || p[0] != '\\' || p[1] != 'u' || !read_hex4 (p + 2, end, &low) ||
          low < 0xDC00 || low > 0xDFFF)
        return NULL;
      c = 0x10000 + ((c & 0x3FF) << 10) + (low & 0x3FF);
      p += 6;
    }

  /* Never longer than the escape it comes from: out stays behind the text. */
  *out += g_unichar_to_utf8 (c, *out);
  return p;
}

/* The escape whose backslash is at p; the end of it, or NULL. */
static const char *
read_escape (const char *p, const char *end, char **out)
{
  char c;

  if (end - p < 2)
    return NULL;

  switch (p[1])
    {
    case '"':
    case '\\':
    case '/':
      c = p[1];
      break;
    case 'b':
      c = '\b';
      break;
    case 'f':
      c = '\f';
      break;
    case 'n':
      c = '\n';
      break;
    case 'r':
      c = '\r';
      break;
    case 't':
      c = '\t';
      break;
    case 'u':
      return read_unicode_escape (p, end, out);
    default:
      return NULL;
    }

  *(*out)++ = c;
  return p + 2;
}

/* The first byte from p on that ends a run of plain string bytes, or end; high collects
 * the top bits of the bytes passed. */
static const char *
find_string_stop (const char *p, const char *end, guint *high)
{
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8 ('"');
  const __m128i backslash = _mm_set1_epi8 ('\\');
  const __m128i nul = _mm_setzero_si128 ();

  while (end - p >= 16)
    {
      __m128i bytes = _mm_loadu_si128 ((const __m128i *) (gconstpointer) p);
      guint stops = (guint) _mm_movemask_epi8 (_mm_or_si128 (
          _mm_or_si128 (_mm_cmpeq_epi8 (bytes, quote), _mm_cmpeq_epi8 (bytes, backslash)),
          _mm_cmpeq_epi8 (bytes, nul)));
      guint top_bits = (guint) _mm_movemask_epi8 (bytes);

      if (stops != 0)
        {
          guint n = (guint) __builtin_ctz (stops);

          *high |= top_bits & ((1u << n) - 1);
          return p + n;
        }
      *high |= top_bits;
      p += 16;
    }
#endif
  while (p < end && !string_stops[(guchar) *p])
    *high |= (guchar) *p++ & 0x80;
  return p;
}

/* From just past an opening quote: the string, decoded and NUL-terminated, into out (room
 * for as many bytes as the text has left). The end of what it wrote, or NULL. Control
 * characters are kept as they are, as json-glib does. */
static char *
read_string (Reader *r, char *out)
{
  const char *p = r->p;
  guint high = 0;

  for (;;)
    {
      const char *run = p;

      p = find_string_stop (p, r->end, &high);
      memcpy (out, run, p - run);
      out += p - run;

      if (p >= r->end || *p == '\0')
        return NULL;
      if (*p == '"')
        break;
      p = read_escape (p, r->end, &out);
      if (p == NULL)
        return NULL;
    }

  /* json-glib refuses the whole text unless it is UTF-8; outside strings, only ASCII gets
   * this far. */
  if (high != 0 && !g_utf8_validate (r->p, p - r->p, NULL))
    return NULL;

  *out = '\0';
  r->p = p + 1;
  return out;
}

static const char *
skip_digits (const char *p, const char *end)
{
  while (p < end && g_ascii_isdigit (*p))
    p++;
  return p;
}

/* json-glib reads the digits as an unsigned 64-bit number and negates it: up to 18 digits,
 * that is exactly this. */
static JsonNode *
make_integer (gboolean negative, const char *digits, const char *end)
{
  gint64 value = 0;

  if (end - digits > 18)
    return NULL;

  for (const char *d = digits; d < end; d++)
    value = value * 10 + (*d - '0');
  return json_node_init_int (json_node_alloc (), negative ? -value : value);
}

/* json-glib reads the digits with g_strtod(), then negates: for strict JSON digits, the
 * locale's strtod() and g_ascii_strtod() read the same correctly rounded double, and
 * rounding is symmetric about zero. Out of range (infinite) is left to it. */
static JsonNode *
make_double (const char *start, const char *end)
{
  char digits[64];
  char *digits_end = NULL;
  double value;

  if ((gsize) (end - start) >= sizeof digits)
    return NULL;

  memcpy (digits, start, end - start);
  digits[end - start] = '\0';
  value = g_ascii_strtod (digits, &digits_end);
  if (digits_end != digits + (end - start) || !isfinite (value))
    return NULL;
  return json_node_init_double (json_node_alloc (), value);
}

/* A number as JSON writes it: json-glib's scanner also takes "01", "0x1F", "1." and ".5",
 * each in its own way. What follows the number must be a blank or punctuation (the caller
 * checks), so "1a" or "1.5.2" never get through. */
static JsonNode *
read_number (Reader *r)
{
  const char *start = r->p;
  const char *p = start;
  const char *digits;
  gboolean negative = FALSE;
  gboolean integral = TRUE;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  digits = p;
  if (p >= r->end || !g_ascii_isdigit (*p))
    return NULL;
  p = *p == '0' ? p + 1 : skip_digits (p, r->end);

  if (p < r->end && *p == '.')
    {
      integral = FALSE;
      if (++p >= r->end || !g_ascii_isdigit (*p))
        return NULL;
      p = skip_digits (p, r->end);
    }
  if (p < r->end && (*p == 'e' || *p == 'E'))
    {
      integral = FALSE;
      if (++p < r->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= r->end || !g_ascii_isdigit (*p))
        return NULL;
      p = skip_digits (p, r->end);
    }

  r->p = p;
  return integral ? make_integer (negative, digits, p) : make_double (start, p);
}

static gboolean
read_word (Reader *r, const char *word, gsize length)
{
  if ((gsize) (r->end - r->p) < length || memcmp (r->p, word, length) != 0)
    return FALSE;
  r->p += length;
  return TRUE;
}

/* The value at r->p (not a blank), strings decoded into scratch; an object or array comes
 * back empty, to be filled by the caller. */
static JsonNode *
read_value (Reader *r, char *scratch)
{
  JsonNode *node;

  switch (*r->p)
    {
    case '"':
      r->p++;
      if (read_string (r, scratch) == NULL)
        return NULL;
      return json_node_init_string (json_node_alloc (), scratch);
    case '{':
      r->p++;
      node = json_node_init_object (json_node_alloc (), NULL);
      json_node_take_object (node, json_object_new ());
      return node;
    case '[':
      r->p++;
      node = json_node_init_array (json_node_alloc (), NULL);
      json_node_take_array (node, json_array_new ());
      return node;
    case 't':
      return read_word (r, "true", 4) ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;
    case 'f':
      return read_word (r, "false", 5) ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;
    case 'n':
      return read_word (r, "null", 4) ? json_node_init_null (json_node_alloc ()) : NULL;
    case '-':
    case '0' ... '9':
      return read_number (r);
    default:
      return NULL;
    }
}

/* Where the next member or element of top begins: for an object, its name and the colon.
 * The name is decoded at the start of scratch, where it stays until its value is in place;
 * the value's strings go past it. */
static gboolean
begin_item (Reader *r, const Frame *top, char *scratch, char **value_scratch)
{
  char *name_end;

  skip_blanks (r);
  if (top->object == NULL)
    {
      *value_scratch = scratch;
      return TRUE;
    }

  if (r->p >= r->end || *r->p != '"')
    return FALSE;
  r->p++;
  name_end = read_string (r, scratch);
  if (name_end == NULL)
    return FALSE;
  skip_blanks (r);
  if (r->p >= r->end || *r->p != ':')
    return FALSE;
  r->p++;
  skip_blanks (r);
  *value_scratch = name_end + 1;
  return TRUE;
}

/* As JsonParser does: the parent set, then json_object_set_member(), which keeps the first
 * place of a name written twice and the last value. */
static void
attach (const Frame *top, const char *name, JsonNode *node)
{
  json_node_set_parent (node, top->node);
  if (top->object != NULL)
    json_object_set_member (top->object, name, node);
  else
    json_array_add_element (top->array, node);
}

static char
closing_bracket (const Frame *frame)
{
  return frame->object != NULL ? '}' : ']';
}

/* The tree json_parser_load_from_data() makes of text, unsealed, or NULL when text is not
 * strict JSON, holds no value, or nests deeper than HERALD_JSON_MAX_DEPTH (json-glib then
 * says why). Iterative: a hostile text cannot exhaust the stack. */
JsonNode *
herald_json_fast_parse (const char *text, gsize length)
{
  /* Decoded strings never outgrow the text: a member name and its value's string fit side
   * by side. Most texts fit on the stack. */
  char small[4096];
  g_autofree char *large = NULL;
  char *scratch = length < sizeof small ? small : (large = g_malloc (length + 1));
  char *value_scratch = scratch;
  Frame stack[HERALD_JSON_MAX_DEPTH];
  guint depth = 0;
  Reader r = { text, text + length };
  JsonNode *root = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  skip_blanks (&r);
  for (;;)
    {
      JsonNode *node;
      char first;

      if (r.p >= r.end)
        goto not_mine;
      first = *r.p;
      node = read_value (&r, value_scratch);
      if (node == NULL)
        goto not_mine;
      if (depth == 0)
        root = node;
      else
        attach (&stack[depth - 1], scratch, node);

      if (first == '{' || first == '[')
        {
          Frame *frame;

          if (depth == HERALD_JSON_MAX_DEPTH)
            goto not_mine;
          frame = &stack[depth++];
          frame->node = node;
          frame->object = first == '{' ? json_node_get_object (node) : NULL;
          frame->array = frame->object == NULL ? json_node_get_array (node) : NULL;

          skip_blanks (&r);
          if (r.p >= r.end || *r.p != closing_bracket (frame))
            {
              if (!begin_item (&r, frame, scratch, &value_scratch))
                goto not_mine;
              continue;
            }
          r.p++;
          depth--;
        }

      /* Past a value: close what ends here, up to a comma before the next item. */
      for (;;)
        {
          skip_blanks (&r);
          if (depth == 0)
            {
              if (r.p < r.end)
                goto not_mine;
              return root;
            }
          if (r.p >= r.end)
            goto not_mine;
          if (*r.p == ',')
            break;
          if (*r.p != closing_bracket (&stack[depth - 1]))
            goto not_mine;
          r.p++;
          depth--;
        }
      r.p++;
      if (!begin_item (&r, &stack[depth - 1], scratch, &value_scratch))
        goto not_mine;
    }

not_mine:
  g_clear_pointer (&root, json_node_unref);
  return NULL;
}
