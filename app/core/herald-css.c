/* herald-css.c: see herald-css.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-css"

#include "config.h"

#include <string.h>

#include "herald-css.h"

/* Past a comment or a string starting at pos, or pos itself. */
static gsize
skip_comment_or_string (const char *text, gsize pos, gsize end)
{
  if (pos + 1 < end && text[pos] == '/' && text[pos + 1] == '*')
    {
      for (gsize i = pos + 2; i + 1 < end; i++)
        if (text[i] == '*' && text[i + 1] == '/')
          return i + 2;
      return end;
    }
  if (text[pos] == '"' || text[pos] == '\'')
    {
      for (gsize i = pos + 1; i < end; i++)
        {
          if (text[i] == '\\')
            i++;
          else if (text[i] == text[pos])
            return i + 1;
        }
      return end;
    }
  return pos;
}

/* Whether c is one of stops (as with strchr(), the terminating NUL counts). */
static inline gboolean
is_stop (char c, const char *stops)
{
  for (;; stops++)
    {
      if (*stops == c)
        return TRUE;
      if (*stops == '\0')
        return FALSE;
    }
}

/* The characters that can stop a scan, start a comment or a string, or nest: the others
 * are skipped in a tight loop, as the scans run over every character of every declaration. */
static const guint8 notable[256] = {
  ['\0'] = TRUE, ['/'] = TRUE, ['"'] = TRUE, ['\''] = TRUE, ['('] = TRUE,
  [')'] = TRUE,  ['{'] = TRUE, ['}'] = TRUE, ['['] = TRUE,  [']'] = TRUE,
  [';'] = TRUE,  [':'] = TRUE, ['!'] = TRUE,
};

/* Where a declaration's parts are, found while its end is: its first ":" at depth 0, and
 * the first "!" at depth 0 after that (G_MAXSIZE for none). */
typedef struct
{
  gsize colon;
  gsize bang;
} Marks;

/* The first of stops (some of ";:!{}") at depth 0 from pos, or end; marks, when not NULL,
 * receives the marks before it. Inlined where it is called, so that each call's stops are
 * compared as constants: the scans run over every character of every declaration. */
G_ALWAYS_INLINE static inline gsize
scan_to_stop (const char *text, gsize pos, gsize end, const char *stops, Marks *marks)
{
  int depth = 0;

  while (pos < end)
    {
      char c;

      while (pos < end && !notable[(guchar) text[pos]])
        pos++;
      if (pos == end)
        break;
      c = text[pos];
      if (c == '/' || c == '"' || c == '\'')
        {
          gsize next = skip_comment_or_string (text, pos, end);

          if (next != pos)
            {
              pos = next;
              continue;
            }
        }
      if (depth == 0 && is_stop (c, stops))
        return pos;
      if (depth == 0 && marks != NULL)
        {
          if (c == ':' && marks->colon == G_MAXSIZE)
            marks->colon = pos;
          else if (c == '!' && marks->colon != G_MAXSIZE && marks->bang == G_MAXSIZE)
            marks->bang = pos;
        }
      if (c == '(' || c == '{' || c == '[')
        depth++;
      else if ((c == ')' || c == '}' || c == ']') && depth > 0)
        depth--;
      pos++;
    }
  return end;
}

static gsize
find_stop (const char *text, gsize pos, gsize end, const char *stops)
{
  return scan_to_stop (text, pos, end, stops, NULL);
}

static inline void
trim (const char *text, gsize *start, gsize *end)
{
  while (*start < *end && g_ascii_isspace (text[*start]))
    (*start)++;
  while (*end > *start && g_ascii_isspace (text[*end - 1]))
    (*end)--;
}

void
herald_css_parse_declarations (const char *text, gsize start, gsize end, GArray *declarations)
{
  gsize pos = start;
  /* The array is grown a few at a time and written in place, cut to n at the end: a style
   * has a few declarations, and appending them one by one was a call each. */
  guint n = declarations->len;

  while (pos < end)
    {
      /* One pass finds what three scans would: the ";", the ":" before it, the "!" after. */
      Marks marks = { G_MAXSIZE, G_MAXSIZE };
      gsize stop = scan_to_stop (text, pos, end, ";", &marks);
      gsize colon = MIN (marks.colon, stop);
      gsize bang = MIN (marks.bang, stop);
      HeraldCssDeclaration declaration = { pos, colon, colon + 1, stop, FALSE };

      if (colon < stop)
        {
          trim (text, &declaration.name_start, &declaration.name_end);
          trim (text, &declaration.value_start, &declaration.value_end);
          /* Comments before a name belong to no declaration. */
          while (declaration.name_start + 1 < declaration.name_end &&
                 text[declaration.name_start] == '/' && text[declaration.name_start + 1] == '*')
            {
              declaration.name_start =
                  skip_comment_or_string (text, declaration.name_start, declaration.name_end);
              trim (text, &declaration.name_start, &declaration.name_end);
            }
          if (bang < declaration.value_end)
            {
              declaration.important = TRUE;
              declaration.value_end = bang;
              trim (text, &declaration.value_start, &declaration.value_end);
            }
          if (declaration.name_end > declaration.name_start)
            {
              if (n == declarations->len)
                g_array_set_size (declarations, n + 8);
              g_array_index (declarations, HeraldCssDeclaration, n++) = declaration;
            }
        }
      pos = stop + 1;
    }
  if (declarations->len != n)
    g_array_set_size (declarations, n);
}

static gboolean
prelude_has (const char *text, gsize start, gsize end, const char *word)
{
  g_autofree char *prelude = g_ascii_strdown (text + start, end - start);

  return strstr (prelude, word) != NULL;
}

/* Deeper @media or @supports blocks are skipped: no email nests them, and a hostile
 * stylesheet must not exhaust the stack. */
#define MAX_NESTING 16

static void
parse_block (const char *text,
             gsize pos,
             gsize end,
             guint depth,
             gboolean in_media,
             gboolean dark,
             GArray *rules,
             GArray *at_rules)
{
  while (pos < end)
    {
      gsize next = skip_comment_or_string (text, pos, end);
      gsize brace;
      gsize close;

      if (next != pos)
        {
          pos = next;
          continue;
        }
      if (g_ascii_isspace (text[pos]) || text[pos] == ';' || text[pos] == '}')
        {
          pos++;
          continue;
        }

      brace = find_stop (text, pos, end, text[pos] == '@' ? "{;" : "{");
      close = brace < end && text[brace] == '{' ? find_stop (text, brace + 1, end, "}") : brace;

      if (text[pos] == '@')
        {
          HeraldCssAtRule at_rule = { pos, pos + 1, brace, depth };

          while (at_rule.name_end < end &&
                 (g_ascii_isalnum (text[at_rule.name_end]) || text[at_rule.name_end] == '-'))
            at_rule.name_end++;
          g_array_append_val (at_rules, at_rule);
          if (brace < end && text[brace] == '{')
            {
              gboolean media =
                  at_rule.name_end - pos == 6 && g_ascii_strncasecmp (text + pos, "@media", 6) == 0;
              gboolean supports = at_rule.name_end - pos == 9 &&
                                  g_ascii_strncasecmp (text + pos, "@supports", 9) == 0;

              if ((media || supports) && depth < MAX_NESTING)
                parse_block (text, brace + 1, close, depth + 1, TRUE,
                             dark ||
                                 (media && prelude_has (text, pos, brace, "prefers-color-scheme") &&
                                  prelude_has (text, pos, brace, "dark")),
                             rules, at_rules);
            }
        }
      else if (brace < end)
        {
          HeraldCssRule rule = { pos, brace, brace + 1, close, dark, in_media };

          trim (text, &rule.selector_start, &rule.selector_end);
          g_array_append_val (rules, rule);
        }
      pos = close + 1;
    }
}

void
herald_css_parse_stylesheet (
    const char *text, gsize start, gsize end, GArray *rules, GArray *at_rules)
{
  parse_block (text, start, end, 0, FALSE, FALSE, rules, at_rules);
}
