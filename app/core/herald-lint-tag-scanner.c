/* herald-lint-tag-scanner.c: the HTML rule's tag scanner.
 *
 * One concept: a walk over the tags of an HTML text, with the offsets of tags and their
 * attributes, for balance (an element closed that is not open, or never closed), alt
 * (img-alt) and links (insecure-link). The HTML rule in herald-lint.c runs it over the
 * template's HTML and its rendering, and merges its problems with libxml2's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "herald-html-lang.h"
#include "herald-lint-tag-scanner-private.h"

void
_herald_lint_html_problem_free (gpointer data)
{
  HtmlProblem *problem = data;

  g_free (problem->message);
  g_free (problem);
}

void
_herald_lint_add_html_problem (GPtrArray *problems, guint line, guint column, char *message)
{
  HtmlProblem *problem = g_new0 (HtmlProblem, 1);

  problem->line = line;
  problem->column = column;
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

typedef struct
{
  const char *text;
  gsize length;
  gsize pos;
  guint line;
  guint column;
} Scanner;

/* The characters of text[0, length) that start a UTF-8 sequence: the bytes that do not
 * continue one (10xxxxxx), counted eight at a time. */
static gsize
count_characters (const char *text, gsize length)
{
  gsize count = length;
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, 8);
      /* Bit 7 of each byte where bit 7 is set and bit 6 is not, moved to bit 0 and summed
       * into the top byte. */
      word = (word & ~(word << 1) & G_GUINT64_CONSTANT (0x8080808080808080)) >> 7;
      count -= (word * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56;
    }
  for (; i < length; i++)
    if (((guchar) text[i] & 0xC0) == 0x80)
      count--;
  return count;
}

static void
scanner_advance_to (Scanner *sc, gsize target)
{
  /* A position before the last one told is counted from the start again. */
  if (target < sc->pos)
    {
      sc->pos = 0;
      sc->line = 1;
      sc->column = 1;
    }
  target = MIN (target, sc->length);
  while (sc->pos < target)
    {
      /* Line by line, from the last position told. */
      const char *newline = memchr (sc->text + sc->pos, '\n', target - sc->pos);
      gsize stop = newline != NULL ? (gsize) (newline - sc->text) : target;

      sc->column += count_characters (sc->text + sc->pos, stop - sc->pos);
      sc->pos = stop;
      if (newline != NULL)
        {
          sc->pos++;
          sc->line++;
          sc->column = 1;
        }
    }
}

/* needle (which starts with "<") in haystack, ignoring case. */
static const char *
find_ci (const char *haystack, gsize length, const char *needle)
{
  gsize n = strlen (needle);
  const char *end = haystack + length;

  g_assert (needle[0] == '<');
  for (const char *p = memchr (haystack, '<', length); p != NULL && (gsize) (end - p) >= n;
       p = memchr (p + 1, '<', end - p - 1))
    if (g_ascii_strncasecmp (p, needle, n) == 0)
      return p;
  return NULL;
}

typedef struct
{
  gsize name_at; /* of its name in TagCheck.names */
  gsize offset;  /* of its "<" */
} OpenElement;

static gboolean
name_in (const char *name, const char *const *list)
{
  /* The scanner lower-cases names, as the lists are written. */
  for (; *list != NULL; list++)
    if ((*list)[0] == name[0] && strcmp (*list, name) == 0)
      return TRUE;
  return FALSE;
}

/* Elements whose end tag HTML lets you leave out. */
static const char *const optional_end[] = {
  "p",      "li",       "dt",       "dd",      "tr", "td", "th",   "thead", "tbody", "tfoot",
  "option", "optgroup", "colgroup", "caption", "rp", "rt", "html", "head",  "body",  NULL,
};

typedef struct
{
  HeraldLintContext *lint; /* NULL: only count problems */
  GPtrArray *problems;     /* balance problems */
  /* The open elements, and their names, each ended by a NUL, in the same order: one buffer
   * that shrinks with the stack instead of a copy of each name. Both are grown by hand: this
   * runs on every tag. */
  OpenElement *stack;
  guint n_open;
  guint stack_size;
  char *names;
  gsize names_length;
  gsize names_size;
  /* Lines and columns are counted only for what is reported: most tags report nothing. */
  Scanner positions;
} TagCheck;

static void
position_of (TagCheck *check, gsize offset, guint *line, guint *column)
{
  scanner_advance_to (&check->positions, offset);
  *line = check->positions.line;
  *column = check->positions.column;
}

/* Finds the first of each of names (NULL-terminated, fewer than 32) in the tag, in one walk
 * over its attributes: bit k of the result says whether names[k] is there, and its trimmed
 * value goes to values[k] when values is not NULL (a check that only asks whether it is
 * there allocates nothing). */
static guint
find_attributes (const char *tag, gsize length, const char *const *names, char **values)
{
  guint all = (1u << g_strv_length ((char **) names)) - 1;
  guint found = 0;
  gsize i = 1;

  while (i < length && !g_ascii_isspace (tag[i]) && tag[i] != '>')
    i++;
  while (i < length)
    {
      gsize name_start;
      gsize name_end;
      gsize value_start = 0;
      gboolean has_value = FALSE;
      char quote = 0;

      while (i < length && (g_ascii_isspace (tag[i]) || tag[i] == '/'))
        i++;
      name_start = i;
      while (i < length && !g_ascii_isspace (tag[i]) && tag[i] != '=' && tag[i] != '>' &&
             tag[i] != '/')
        i++;
      name_end = i;
      if (name_end == name_start)
        {
          i++;
          continue;
        }
      while (i < length && g_ascii_isspace (tag[i]))
        i++;
      if (i < length && tag[i] == '=')
        {
          has_value = TRUE;
          i++;
          while (i < length && g_ascii_isspace (tag[i]))
            i++;
          if (i < length && (tag[i] == '"' || tag[i] == '\''))
            quote = tag[i++];
          value_start = i;
          if (quote)
            {
              /* Searched for: inline styles are long. */
              const char *close = memchr (tag + i, quote, length - i);

              i = close != NULL ? (gsize) (close - tag) : length;
            }
          else
            while (i < length && !g_ascii_isspace (tag[i]) && tag[i] != '>')
              i++;
        }
      for (guint k = 0; names[k] != NULL; k++)
        if ((found & (1u << k)) == 0 && strlen (names[k]) == name_end - name_start &&
            g_ascii_strncasecmp (tag + name_start, names[k], name_end - name_start) == 0)
          {
            found |= 1u << k;
            if (values != NULL)
              values[k] = has_value ? g_strstrip (g_strndup (tag + value_start, i - value_start))
                                    : g_strdup ("");
          }
      if (found == all)
        break;
      if (quote && i < length)
        i++;
    }
  return found;
}

/* Whether "http:", in any case, is in tag[0, length). */
static gboolean
has_http_colon (const char *tag, gsize length)
{
  for (const char *colon = memchr (tag, ':', length); colon != NULL;
       colon = memchr (colon + 1, ':', tag + length - colon - 1))
    if (colon - tag >= 4 && g_ascii_strncasecmp (colon - 4, "http", 4) == 0)
      return TRUE;
  return FALSE;
}

static void
check_tag_attributes (TagCheck *check, const char *name, const char *tag, gsize length)
{
  static const char *const url_attributes[] = { "href", "src", NULL };
  char *urls[G_N_ELEMENTS (url_attributes) - 1] = { NULL };
  guint line = 0;
  guint column = 0;

  if (check->lint == NULL)
    return;

  if (g_str_equal (name, "img"))
    {
      static const char *const alt[] = { "alt", NULL };
      gboolean has_alt = find_attributes (tag, length, alt, NULL) != 0;

      if (!has_alt)
        {
          position_of (check, tag - check->positions.text, &line, &column);
          herald_diagnostic_set_fix (
              _herald_lint_add (check->lint, "img-alt", HERALD_SEVERITY_WARNING, HERALD_PART_HTML,
                                line, column, NULL,
                                _ ("This image has no alt text: with images off (the default in "
                                   "many mail clients) readers see nothing")),
              _ ("Describe the image in alt=\"…\", or write alt=\"\" if it is decorative"));
        }
    }

  /* Only an address that starts with "http:" is reported, and most tags have none: the
   * attributes are read only when one is somewhere in the tag. */
  if (!has_http_colon (tag, length))
    return;
  /* One walk for both: this runs on every start tag. */
  find_attributes (tag, length, url_attributes, urls);
  for (guint i = 0; url_attributes[i] != NULL; i++)
    {
      g_autofree char *url = urls[i];

      if (url != NULL && g_ascii_strncasecmp (url, "http:", 5) == 0)
        {
          position_of (check, tag - check->positions.text, &line, &column);
          herald_diagnostic_set_fix (
              _herald_lint_add (
                  check->lint, "insecure-link", HERALD_SEVERITY_WARNING, HERALD_PART_HTML, line,
                  column, NULL,
                  _ ("“%s” is not https: mail clients warn about or block insecure links "
                     "and images"),
                  url),
              _ ("Use the https:// address"));
        }
    }
}

static const char *
open_element_name (TagCheck *check, const OpenElement *open)
{
  return check->names + open->name_at;
}

/* Opens the element name (of length bytes) whose start tag's "<" is at offset. */
static void
push_element (TagCheck *check, const char *name, gsize length, gsize offset)
{
  if (check->n_open == check->stack_size)
    {
      check->stack_size = MAX (32, check->stack_size * 2);
      check->stack = g_renew (OpenElement, check->stack, check->stack_size);
    }
  if (check->names_length + length + 1 > check->names_size)
    {
      check->names_size = MAX (check->names_length + length + 1, MAX (256, check->names_size * 2));
      check->names = g_realloc (check->names, check->names_size);
    }
  check->stack[check->n_open].name_at = check->names_length;
  check->stack[check->n_open].offset = offset;
  check->n_open++;
  memcpy (check->names + check->names_length, name, length + 1);
  check->names_length += length + 1;
}

/* offset: of the end tag's "<". */
static void
close_element (TagCheck *check, const char *name, gsize offset)
{
  gint found = -1;
  guint line;
  guint column;

  for (gint i = (gint) check->n_open - 1; i >= 0; i--)
    {
      if (g_str_equal (open_element_name (check, &check->stack[i]), name))
        {
          found = i;
          break;
        }
    }
  if (found < 0)
    {
      position_of (check, offset, &line, &column);
      _herald_lint_add_html_problem (
          check->problems, line, column,
          g_strdup_printf (_ ("“</%s>” closes an element that is not open"), name));
      return;
    }
  for (gint i = (gint) check->n_open - 1; i > found; i--)
    {
      OpenElement *open = &check->stack[i];
      guint open_line;
      guint open_column;

      if (name_in (open_element_name (check, open), optional_end))
        continue;
      position_of (check, offset, &line, &column);
      position_of (check, open->offset, &open_line, &open_column);
      _herald_lint_add_html_problem (
          check->problems, open_line, open_column,
          g_strdup_printf (_ ("“<%s>” is not closed before “</%s>” on line %u"),
                           open_element_name (check, open), name, line));
    }
  if ((guint) found < check->n_open)
    check->names_length = check->stack[found].name_at;
  check->n_open = found;
}

/* The ">" that ends the tag whose name ends at from, skipping quoted attribute values; the
 * end of the text when there is none. Searched for, not stepped through: tags hold most of
 * an email's bytes (its inline styles). */
static const char *
tag_end (const Scanner *sc, gsize from)
{
  const char *end = sc->text + sc->length;
  const char *p = sc->text + from;

  while (p < end && (p = strpbrk (p, "\"'>")) != NULL && *p != '>')
    {
      const char *close = memchr (p + 1, *p, end - p - 1);

      p = close != NULL ? close + 1 : end;
    }
  return p != NULL ? p : end;
}

static void
scan_tags (TagCheck *check, const char *html)
{
  Scanner sc = { html, strlen (html), 0, 1, 1 };

  check->positions = sc;
  /* sc.pos is where the scan is; its line and column are not kept. */
  while (sc.pos < sc.length)
    {
      const char *lt = memchr (sc.text + sc.pos, '<', sc.length - sc.pos);
      const char *p;
      const char *end;
      gsize name_start;
      gsize name_end;
      gboolean closing;
      char buffer[32];
      g_autofree char *allocated = NULL;
      char *name = buffer;

      if (lt == NULL)
        break;
      sc.pos = lt - sc.text;
      p = lt + 1;

      if (strncmp (p, "!--", 3) == 0)
        {
          end = strstr (p + 3, "-->");
          sc.pos = end != NULL ? (gsize) (end - sc.text) + 3 : sc.length;
          continue;
        }
      if (*p == '!' || *p == '?')
        {
          end = strchr (p, '>');
          sc.pos = end != NULL ? (gsize) (end - sc.text) + 1 : sc.length;
          continue;
        }

      closing = *p == '/';
      name_start = (p - sc.text) + (closing ? 1 : 0);
      name_end = name_start;
      while (name_end < sc.length && (g_ascii_isalnum (sc.text[name_end]) ||
                                      sc.text[name_end] == '-' || sc.text[name_end] == ':'))
        name_end++;
      if (name_end == name_start || !g_ascii_isalpha (sc.text[name_start]))
        {
          sc.pos++; /* a lone "<" in text */
          continue;
        }
      /* Lower case, on the stack: a tag name is short, and this runs on every tag. */
      if (name_end - name_start >= sizeof buffer)
        name = allocated = g_malloc (name_end - name_start + 1);
      for (gsize i = name_start; i < name_end; i++)
        name[i - name_start] =
            sc.text[i] >= 'A' && sc.text[i] <= 'Z' ? sc.text[i] + ('a' - 'A') : sc.text[i];
      name[name_end - name_start] = '\0';

      end = tag_end (&sc, name_end);

      if (closing)
        close_element (check, name, lt - sc.text);
      else
        {
          gboolean self_closing = end > lt && end < sc.text + sc.length && end[-1] == '/';

          check_tag_attributes (check, name, lt, end - lt);
          if (!herald_html_is_void_element (name) && !self_closing)
            {
              push_element (check, name, name_end - name_start, lt - sc.text);
            }
          /* Raw text: skip to the matching end tag. */
          if (name[0] == 's' && (g_str_equal (name, "script") || g_str_equal (name, "style")))
            {
              g_autofree char *closer = g_strdup_printf ("</%s", name);
              const char *close = find_ci (end, sc.text + sc.length - end, closer);

              if (close != NULL)
                {
                  sc.pos = close - sc.text;
                  continue;
                }
            }
        }
      sc.pos = end < sc.text + sc.length ? (gsize) (end - sc.text) + 1 : sc.length;
    }

  for (guint i = 0; i < check->n_open; i++)
    {
      OpenElement *open = &check->stack[i];
      guint line;
      guint column;

      if (name_in (open_element_name (check, open), optional_end))
        continue;
      position_of (check, open->offset, &line, &column);
      _herald_lint_add_html_problem (
          check->problems, line, column,
          g_strdup_printf (_ ("“<%s>” is never closed"), open_element_name (check, open)));
    }
}

void
_herald_lint_scan_html (HeraldLintContext *lint, const char *html, GPtrArray *problems)
{
  TagCheck check = { lint, problems };

  scan_tags (&check, html);
  g_free (check.stack);
  g_free (check.names);
}
