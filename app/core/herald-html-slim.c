/* herald-html-slim.c: a copy of an HTML document with what cannot give a libxml2 error cut
 * short (plain attributes, left out whole where their tag repeats no name, the insides of
 * plain quoted values where it does, long runs of plain text, of comments and of
 * <style>/<script> text), for its error list. Inside <body>, the tags of plain elements
 * with nothing inside them left are left out too, while the scan follows libxml2's stack
 * of open elements (Stack).
 *
 * The copy is made only where this scanner is sure of the state libxml2 2.9's HTML parser
 * is in: clean start and end tags, comments, DOCTYPE, <script> and <style> text ended by
 * their own end tag. Anything else, and any text that is not UTF-8, leaves the document
 * uncut.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-html-slim.h"

#include <string.h>

#include <libxml/HTMLparser.h>

#include "herald-html-compact.h"
#include "herald-html-slim-bytes.h"

/* libxml2's htmlParseHTMLName() takes at most this many bytes. */
#define NAME_MAX_LENGTH 99

/* Values and runs about this short are kept: cutting them saves next to nothing. */
#define CUT_MIN_LENGTH 3

typedef struct
{
  gsize offset; /* in the original: the first byte left out */
  gsize length;
} Cut;

struct _HeraldHtmlSlim
{
  char *text;
  gsize length;
  Cut *cuts; /* offsets in the copy: the first byte after the kept one */
  gsize n_cuts;
  GArray *line_starts; /* gsize, offsets in the copy; made when a column is mapped */
};

/* What an element's name is to libxml2 (Name.flags). */
enum
{
  NAME_HTML = 1 << 0,
  NAME_HEAD = 1 << 1,
  NAME_BODY = 1 << 2,
  NAME_IN_HEAD = 1 << 3, /* one htmlCheckImplied() puts in an implied <head> */
  NAME_FRAME = 1 << 4,
  NAME_MAY_GO = 1 << 5, /* in may_go_names */
  NAME_VOID = 1 << 6,
};

/* An element name of a document (Stack.names). */
typedef struct
{
  char name[16]; /* in lower case, as libxml2 reads it, padded with zeros */
  guint flags;
  /* Bit k of closes_known: whether a start tag of this name closes an element of name k is
   * known, and then bit k of closes says */
  guint32 closes_known;
  guint32 closes;
} Name;

#define MAX_NAMES 32

/* An element open in libxml2's parse, as the scan follows it (Stack). */
typedef struct
{
  guint name;  /* in Stack.names */
  gsize start; /* its start tag, [start, start_end) */
  gsize start_end;
  gboolean may_go; /* its tags may be left out, if nothing inside it stays */
  gboolean keeps;  /* a tag inside it stays */
  gsize gone_slot; /* its start tag's place in Stack.gone, when may_go */
} Open;

/* libxml2's stack of open elements, followed while the scan is sure of it, so that whole
 * tags libxml2 would read without a word can be left out: libxml2's time is per tag. Once
 * it is not sure (a tag libxml2 would close or open by itself, an end tag that is not the
 * last open element's, text where libxml2 would start a paragraph), nothing more is left
 * out. */
typedef struct
{
  Open *open;
  guint n_open;
  guint allocated;
  gboolean lost;
  gboolean tag_seen;
  Name names[MAX_NAMES];
  guint n_names;
  guint8 name_slots[64]; /* 1 + the index of a name in names, by a hash of it; 0 for none */
  guint n_body;          /* the <body> and <head> elements open */
  guint n_head;
  gboolean had_head; /* libxml2's ctxt->html: whether it pushed a <head>, a <body> */
  gboolean had_body;
  /* Whether the text since the last tag has a "<", or ends with a reference libxml2 may
   * report an error on at its end: a tag that follows it stays, as libxml2 may read them
   * together, or report the error at the tag's "<" */
  gboolean text_unsafe;
  /* The tags left out, in the order of the original (zero length: a start tag that stays) */
  Cut *gone;
  gsize n_gone;
  gsize gone_allocated;
} Stack;

typedef struct
{
  const char *s;
  gsize length; /* of s, its NUL left out */
  gsize i;
  Cut *cuts; /* offsets in the original */
  gsize n_cuts;
  gsize allocated;
  Stack stack;
} Scan;

/* Email markup makes thousands of cuts: appending one is kept to a store. */
static inline void
add_cut (Scan *scan, gsize offset, gsize length)
{
  /* Attributes left out one after another make one cut. */
  if (scan->n_cuts > 0 &&
      scan->cuts[scan->n_cuts - 1].offset + scan->cuts[scan->n_cuts - 1].length == offset)
    {
      scan->cuts[scan->n_cuts - 1].length += length;
      return;
    }
  if (G_UNLIKELY (scan->n_cuts == scan->allocated))
    {
      scan->allocated = MAX (256, 2 * scan->allocated);
      scan->cuts = g_renew (Cut, scan->cuts, scan->allocated);
    }
  scan->cuts[scan->n_cuts].offset = offset;
  scan->cuts[scan->n_cuts].length = length;
  scan->n_cuts++;
}

static void
skip_blanks (Scan *scan)
{
  while (herald_html_is_blank (scan->s[scan->i]))
    scan->i++;
}

/* The length of the name at s, 0 if none or too long for libxml2 to read whole. */
static gsize
name_length (const char *s)
{
  gsize n = 0;

  if (!herald_html_is_name_start (s[0]))
    return 0;
  while (herald_html_is_name_start (s[n]) || g_ascii_isdigit (s[n]) || s[n] == '-')
    n++;
  return n <= NAME_MAX_LENGTH ? n : 0;
}

/* The elements whose tags may be left out when nothing inside them stays: libxml2 reads
 * them as any element, and their text as their parent's. Others stay, the unusual ones
 * among them being read in ways this scan does not follow. */
static const char *const may_go_names[] = {
  "a",      "abbr",   "b",    "big", "blockquote", "br",    "center", "cite",  "code",
  "div",    "em",     "font", "h1",  "h2",         "h3",    "h4",     "h5",    "h6",
  "hr",     "i",      "img",  "li",  "ol",         "p",     "s",      "small", "span",
  "strike", "strong", "sub",  "sup", "table",      "tbody", "td",     "tfoot", "th",
  "thead",  "tr",     "u",    "ul",  NULL,
};

static gboolean
is_one_of (const char *name, const char *const *names)
{
  for (; *names != NULL; names++)
    if ((*names)[0] == name[0] && strcmp (*names, name) == 0)
      return TRUE;
  return FALSE;
}

/* What a name is to libxml2, found once per name and document. */
static guint
name_flags (const char *name)
{
  static const char *const head_names[] = {
    "script", "style", "meta", "link", "title", "base", NULL
  };
  static const char *const frame_names[] = { "noframes", "frame", "frameset", NULL };
  const htmlElemDesc *info = htmlTagLookup ((const xmlChar *) name);
  guint flags = 0;

  if (strcmp (name, "html") == 0)
    flags |= NAME_HTML;
  else if (strcmp (name, "head") == 0)
    flags |= NAME_HEAD;
  else if (strcmp (name, "body") == 0)
    flags |= NAME_BODY;
  if (is_one_of (name, head_names))
    flags |= NAME_IN_HEAD;
  if (is_one_of (name, frame_names))
    flags |= NAME_FRAME;
  if (is_one_of (name, may_go_names))
    flags |= NAME_MAY_GO;
  if (info != NULL && info->empty)
    flags |= NAME_VOID;
  return flags;
}

/* The index in Stack.names of the element name text[0, length), in any case, added when it
 * is new; -1 when it is too long or there are too many. */
static gint
name_index (Stack *stack, const char *text, gsize length)
{
  Name name = { { 0 } };
  guint64 first;
  guint slot;

  if (length >= sizeof name.name)
    return -1;
  for (gsize k = 0; k < length; k++)
    name.name[k] = text[k] >= 'A' && text[k] <= 'Z' ? text[k] + ('a' - 'A') : text[k];
  memcpy (&first, name.name, sizeof first);
  for (slot = (guint) ((first * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 58);
       stack->name_slots[slot] != 0; slot = (slot + 1) % G_N_ELEMENTS (stack->name_slots))
    {
      Name *known = &stack->names[stack->name_slots[slot] - 1];

      if (memcmp (known->name, name.name, sizeof name.name) == 0)
        return stack->name_slots[slot] - 1;
    }
  if (stack->n_names == MAX_NAMES)
    return -1;
  name.flags = name_flags (name.name);
  stack->names[stack->n_names] = name;
  stack->name_slots[slot] = (guint8) ++stack->n_names;
  return stack->n_names - 1;
}

/* Whether text[0, length), in any case, is name. */
static gboolean
is_name (const Name *name, const char *text, gsize length)
{
  if (length >= sizeof name->name || name->name[length] != '\0')
    return FALSE;
  for (gsize k = 0; k < length; k++)
    if ((text[k] >= 'A' && text[k] <= 'Z' ? text[k] + ('a' - 'A') : text[k]) != name->name[k])
      return FALSE;
  return TRUE;
}

/* Whether libxml2 closes the element top on a start tag of name (htmlAutoClose()), as its own
 * table says through the one public function that reads it (which does not say for two of
 * the same name). Asked once per pair and document. */
static gboolean
closes (Stack *stack, guint name, guint top)
{
  Name *known = &stack->names[name];

  if ((known->closes_known & (1u << top)) == 0)
    {
      xmlNode element = { .name = (const xmlChar *) known->name };

      if (htmlAutoCloseTag (NULL, (const xmlChar *) stack->names[top].name, &element))
        known->closes |= 1u << top;
      known->closes_known |= 1u << top;
    }
  return (known->closes & (1u << top)) != 0;
}

static gsize
add_gone (Stack *stack, gsize offset, gsize length)
{
  if (stack->n_gone == stack->gone_allocated)
    {
      stack->gone_allocated = MAX (64, 2 * stack->gone_allocated);
      stack->gone = g_renew (Cut, stack->gone, stack->gone_allocated);
    }
  stack->gone[stack->n_gone].offset = offset;
  stack->gone[stack->n_gone].length = length;
  return stack->n_gone++;
}

static Open *
top_of (Stack *stack)
{
  return stack->n_open > 0 ? &stack->open[stack->n_open - 1] : NULL;
}

static guint
top_flags (Stack *stack)
{
  return stack->n_open > 0 ? stack->names[stack->open[stack->n_open - 1].name].flags : 0;
}

/* Whether libxml2 opens no element of its own before a start tag (htmlCheckImplied()). */
static gboolean
implies_nothing (Stack *stack, guint flags)
{
  if (flags & NAME_HTML)
    return TRUE;
  if (stack->n_open == 0)
    return FALSE;
  if (flags & (NAME_BODY | NAME_HEAD))
    return TRUE;
  if (stack->n_open <= 1 && (flags & NAME_IN_HEAD))
    return stack->had_head || stack->had_body;
  if (flags & NAME_FRAME)
    return FALSE;
  return stack->had_body || stack->n_body > 0 || stack->n_head > 0;
}

/* Whether libxml2 reads the start tag of name as the scan follows it: it closes nothing,
 * opens nothing of its own, and is in its place. */
static gboolean
start_is_plain (Stack *stack, guint name)
{
  Open *top = top_of (stack);
  guint flags = stack->names[name].flags;

  if (top != NULL && (top->name == name || closes (stack, name, top->name)))
    return FALSE;
  if (flags & NAME_HTML)
    return stack->n_open == 0;
  if ((flags & NAME_HEAD) && stack->n_open != 1)
    return FALSE;
  if ((flags & NAME_BODY) && stack->n_body > 0)
    return FALSE;
  return implies_nothing (stack, flags);
}

static gboolean
has_line_break (const char *s, gsize start, gsize end)
{
  return memchr (s + start, '\n', end - start) != NULL ||
         memchr (s + start, '\r', end - start) != NULL;
}

/* The start tag [start, end) of the element name, at name_start; quiet: libxml2 reports
 * nothing on it. */
static void
follow_start_tag (Scan *scan,
                  gsize name_start,
                  gsize name_length,
                  gsize start,
                  gsize end,
                  gboolean self_closing,
                  gboolean quiet)
{
  Stack *stack = &scan->stack;
  Open *top = top_of (stack);
  gboolean unsafe = stack->text_unsafe;
  gint name;
  guint flags;
  gboolean may_go;
  Open *open;

  stack->text_unsafe = FALSE;
  if (stack->lost)
    return;
  stack->tag_seen = TRUE;
  name = name_index (stack, scan->s + name_start, name_length);
  if (name < 0 || !start_is_plain (stack, name))
    {
      stack->lost = TRUE;
      return;
    }
  flags = stack->names[name].flags;
  /* Text in <html> or <head> (or in none) may make libxml2 start a paragraph. */
  may_go = quiet && !unsafe && (flags & NAME_MAY_GO) && stack->n_body > 0 &&
           (top_flags (stack) & (NAME_HTML | NAME_HEAD)) == 0 &&
           !has_line_break (scan->s, start, end);
  stack->had_head |= (flags & NAME_HEAD) != 0;
  stack->had_body |= (flags & NAME_BODY) != 0;
  if ((flags & NAME_VOID) || self_closing)
    {
      if (may_go)
        add_gone (stack, start, end - start);
      else if (top != NULL)
        top->keeps = TRUE;
      return;
    }
  if (stack->n_open == stack->allocated)
    {
      stack->allocated = MAX (32, 2 * stack->allocated);
      stack->open = g_renew (Open, stack->open, stack->allocated);
    }
  open = &stack->open[stack->n_open++];
  open->name = name;
  open->start = start;
  open->start_end = end;
  open->may_go = may_go;
  open->keeps = FALSE;
  /* Its place, in order; it stays empty if the element does. */
  open->gone_slot = may_go ? add_gone (stack, start, 0) : 0;
  stack->n_body += (flags & NAME_BODY) != 0;
  stack->n_head += (flags & NAME_HEAD) != 0;
}

/* The end tag [start, end) of the element name, at name_start. */
static void
follow_end_tag (Scan *scan, gsize name_start, gsize name_length, gsize start, gsize end)
{
  Stack *stack = &scan->stack;
  Open *top = top_of (stack);
  gboolean unsafe = stack->text_unsafe;
  guint flags;

  stack->text_unsafe = FALSE;
  if (stack->lost)
    return;
  /* Any other end tag closes more, or nothing, or is an error. */
  if (top == NULL || !is_name (&stack->names[top->name], scan->s + name_start, name_length))
    {
      stack->lost = TRUE;
      return;
    }
  flags = stack->names[top->name].flags;
  stack->n_open--;
  stack->n_body -= (flags & NAME_BODY) != 0;
  stack->n_head -= (flags & NAME_HEAD) != 0;
  if (top->may_go && !top->keeps && !unsafe && !has_line_break (scan->s, start, end))
    {
      stack->gone[top->gone_slot].length = top->start_end - top->start;
      add_gone (stack, start, end - start);
    }
  else if (stack->n_open > 0)
    stack->open[stack->n_open - 1].keeps = TRUE;
}

/* Whether the last reference of text [from, to) may reach to: a tag left out there would
 * join it to the text after the tag, or move where libxml2 reports an error on it. It is
 * past when a byte that is in no reference's name ends it before to, or a ";" does, but
 * for a character reference whose ";" is followed by to and whose character is not one
 * (libxml2 reports that after the ";"). */
static gboolean
reference_reaches (const char *s, gsize from, gsize to)
{
  gsize amp;
  gsize k;
  gunichar value = 0;
  gboolean hex;

  const char *last = memchr (s + from, '&', to - from);

  /* Most texts have none. */
  if (last == NULL)
    return FALSE;
  for (const char *next = last; next != NULL; next = memchr (next + 1, '&', s + to - next - 1))
    last = next;
  amp = (gsize) (last - s) + 1;
  for (k = amp; k < to && (g_ascii_isalnum (s[k]) || (guchar) s[k] >= 0x80 || s[k] == '#' ||
                           s[k] == '.' || s[k] == '-' || s[k] == '_' || s[k] == ':');
       k++)
    ;
  if (k == to)
    return TRUE;
  if (s[k] != ';' || s[amp] != '#' || k + 1 < to)
    return FALSE;
  hex = s[amp + 1] == 'x' || s[amp + 1] == 'X';
  for (k = amp + 1 + hex; hex ? g_ascii_isxdigit (s[k]) : g_ascii_isdigit (s[k]); k++)
    value = MIN (value * (hex ? 16 : 10) + (gunichar) g_ascii_xdigit_value (s[k]), 0x110000);
  /* Digits only: any other byte is reported where it is, before the ";". */
  if (s[k] != ';')
    return FALSE;
  return !(value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value <= 0xD7FF) ||
           (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF));
}

/* Whether the comment [start, end), of plain characters, is left out: where a tag could
 * be, libxml2 reads it without a word and does nothing else with it. */
static gboolean
comment_may_go (Scan *scan, gsize start, gsize end)
{
  Stack *stack = &scan->stack;

  if (stack->lost || stack->text_unsafe || stack->n_body == 0 ||
      (top_flags (stack) & (NAME_HTML | NAME_HEAD)) != 0 || has_line_break (scan->s, start, end))
    return FALSE;
  add_gone (stack, start, end - start);
  return TRUE;
}

/* Text [from, to) of the document, outside <script> and <style>, with no "<" but a first one. */
static void
follow_text (Scan *scan, gsize from, gsize to)
{
  Stack *stack = &scan->stack;

  if (from == to)
    return;
  if (scan->s[from] == '<' || reference_reaches (scan->s, from, to))
    stack->text_unsafe = TRUE;
  if (stack->lost)
    return;
  /* In no element, <html> or <head>, libxml2 starts a paragraph at text that is not blank, and
   * at a blank chunk of 1000 bytes that more text follows. */
  if ((stack->n_open == 0 || (top_flags (stack) & (NAME_HTML | NAME_HEAD)) != 0) &&
      (to - from > 900 || !herald_html_is_blank_run (scan->s + from, to - from)))
    stack->lost = TRUE;
}

/* Cuts each long run of s[from, to) to its first byte. Text keeps a run only from a
 * non-blank byte: libxml2 decides on an implied <p> by whether the chunk holding a text's
 * first non-blank byte is blank, and the one byte left must not be. */
static inline G_ALWAYS_INLINE void
cut_runs (Scan *scan, gsize from, gsize to, RunKind kind)
{
  const guchar *s = (const guchar *) scan->s;

  for (gsize k = from; k < to;)
    {
      gsize start;

      if (!run_byte (s[k], kind) || (kind == RUN_TEXT && s[k] == ' '))
        {
          k++;
          continue;
        }
      start = k;
      while (k + 8 <= to && run_word (s + k, kind))
        k += 8;
      while (k < to && run_byte (s[k], kind))
        k++;
      /* The name of a reference is read whole. */
      if (kind == RUN_TEXT && start > 0 && s[start - 1] == '&')
        continue;
      if (k - start > CUT_MIN_LENGTH)
        {
          /* A line of <style> or <script> goes whole after its line break: the break
           * stays, and no "</" can meet a letter there. */
          gsize kept = kind == RUN_RAW && start > from && s[start - 1] == '\n' ? 0 : 1;

          add_cut (scan, start + kept, k - start - kept);
        }
    }
}

/* Indentation between tags (a blank stretch): libxml2 hands text on in chunks of 1000 bytes and
 * takes a blank chunk that more text follows for a non-blank one (an implied <p>), so only a blank
 * stretch well within one chunk has its runs of spaces and tabs cut, lines kept. The stretch's
 * first byte stays, for libxml2 to read a text there at all; a run after it goes whole (the
 * indentation after a line break), since libxml2 reads each blank byte one by one. */
static void
cut_indentation (Scan *scan, gsize from, gsize to)
{
  const char *s = scan->s;

  if (to - from > 900)
    return;
  for (gsize k = from; k < to;)
    {
      gsize start = k;

      while (k + 8 <= to && memcmp (s + k, "        ", 8) == 0)
        k += 8;
      while (k < to && (s[k] == ' ' || s[k] == '\t'))
        k++;
      if (k - start > 3)
        {
          gsize kept = start == from ? 1 : 0;

          add_cut (scan, start + kept, k - start - kept);
        }
      if (k == start)
        k++;
    }
}

/* An attribute of a start tag, as the scanner read it. */
typedef struct
{
  gsize start; /* its name's */
  gsize name_length;
  gsize value_start; /* inside the quotes, if any */
  gsize value_end;
  gboolean has_value;
  gboolean quoted;
  gsize end; /* after the value, or the name */
} Attribute;

/* Beyond this many attributes, a tag keeps them all. */
#define MAX_ATTRIBUTES 32

static gboolean
scan_value (Scan *scan, Attribute *attribute)
{
  const char *s = scan->s;
  char quote = s[scan->i];
  const char *end;

  attribute->has_value = TRUE;
  if (quote != '"' && quote != '\'')
    {
      attribute->value_start = scan->i;
      while (s[scan->i] != '\0' && !herald_html_is_blank (s[scan->i]) && s[scan->i] != '>')
        scan->i++;
      attribute->value_end = scan->i;
      return TRUE;
    }
  end = strchr (s + scan->i + 1, quote);
  if (end == NULL)
    return FALSE;
  attribute->quoted = TRUE;
  attribute->value_start = scan->i + 1;
  attribute->value_end = end - s;
  scan->i = end - s + 1;
  return TRUE;
}

/* Whether a tag's attributes have distinct names (libxml2 reports the second of two, and
 * reads them in lower case). */
static gboolean
names_are_distinct (const char *s, const Attribute *attributes, guint n)
{
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (attributes[i].name_length == attributes[j].name_length &&
          g_ascii_tolower (s[attributes[i].start]) == g_ascii_tolower (s[attributes[j].start]) &&
          g_ascii_strncasecmp (s + attributes[i].start, s + attributes[j].start,
                               attributes[i].name_length) == 0)
        return FALSE;
  return TRUE;
}

/* Whether libxml2 reads the attribute without a word to say: its name, the blanks around
 * "=" (on one line) and a value of plain characters. */
static gboolean
attribute_is_inert (const Scan *scan, const Attribute *attribute)
{
  const char *s = scan->s;

  if (!attribute->has_value)
    return TRUE;
  for (gsize k = attribute->start + attribute->name_length; k < attribute->value_start; k++)
    if (s[k] == '\n' || s[k] == '\r')
      return FALSE;
  return attribute->value_end > attribute->value_start &&
         value_is_inert (s + attribute->value_start, attribute->value_end - attribute->value_start,
                         scan->length + 1 - attribute->value_start);
}

/* Cuts a tag's attributes: libxml2 reports nothing of one that is inert in a tag whose
 * names are distinct, which is left out with the spaces after it (then what follows is
 * what followed them); of others, only the insides of inert quoted values. */
static gboolean
cut_attributes (Scan *scan, const Attribute *attributes, guint n)
{
  const char *s = scan->s;
  gboolean may_leave_out = n <= MAX_ATTRIBUTES && names_are_distinct (s, attributes, n);
  gboolean all_left_out = may_leave_out;

  for (guint i = 0; i < n; i++)
    {
      const Attribute *attribute = &attributes[i];
      gsize value_length = attribute->value_end - attribute->value_start;
      gboolean inert = may_leave_out && attribute_is_inert (scan, attribute);

      all_left_out &= inert;
      if (inert)
        {
          gsize end = attribute->end;

          while (s[end] == ' ' || s[end] == '\t')
            end++;
          add_cut (scan, attribute->start, end - attribute->start);
        }
      else if (attribute->quoted && value_length >= CUT_MIN_LENGTH &&
               value_is_inert (s + attribute->value_start, value_length,
                               scan->length + 1 - attribute->value_start))
        add_cut (scan, attribute->value_start + 1, value_length - 1);
    }
  return all_left_out;
}

/* A start tag at "<" + letter, read as libxml2's htmlParseStartTag() does when nothing in
 * it is bogus. raw is set for <script> and <style>, whose text libxml2 does not parse. */
static gboolean
scan_start_tag (Scan *scan, gboolean *raw)
{
  const char *s = scan->s;
  gsize start = scan->i;
  gsize name = scan->i + 1;
  gsize length = name_length (s + name);
  gboolean self_closing = FALSE;
  gboolean quiet;
  Attribute attributes[MAX_ATTRIBUTES + 1];
  guint n = 0;

  if (length == 0)
    return FALSE;
  /* "table", "tbody", "center": most names of five or six letters are not these two. */
  *raw = g_ascii_tolower (s[name]) == 's' &&
         ((length == 6 && g_ascii_strncasecmp (s + name, "script", 6) == 0) ||
          (length == 5 && g_ascii_strncasecmp (s + name, "style", 5) == 0));
  scan->i = name + length;
  skip_blanks (scan);
  for (;;)
    {
      Attribute *attribute;

      if (s[scan->i] == '>')
        {
          scan->i++;
          break;
        }
      if (s[scan->i] == '/' && s[scan->i + 1] == '>')
        {
          *raw = FALSE;
          self_closing = TRUE;
          scan->i += 2;
          break;
        }
      /* The ones after the last that fits are read, and kept as they are. */
      attribute = &attributes[MIN (n, MAX_ATTRIBUTES)];
      memset (attribute, 0, sizeof *attribute);
      attribute->start = scan->i;
      attribute->name_length = name_length (s + scan->i);
      if (attribute->name_length == 0)
        return FALSE;
      scan->i += attribute->name_length;
      attribute->end = scan->i;
      skip_blanks (scan);
      if (s[scan->i] == '=')
        {
          scan->i++;
          skip_blanks (scan);
          if (!scan_value (scan, attribute))
            return FALSE;
          attribute->end = scan->i;
        }
      if (n <= MAX_ATTRIBUTES)
        n++;
      skip_blanks (scan);
    }
  quiet = cut_attributes (scan, attributes, n);
  follow_start_tag (scan, name, length, start, scan->i, self_closing, quiet);
  return TRUE;
}

/* A plain end tag, "</name>" with blanks before ">"; if element is given, its own. */
static gboolean
scan_end_tag (Scan *scan, const char *element, gsize element_length)
{
  const char *s = scan->s;
  gsize start = scan->i;
  gsize length;

  if (!g_ascii_isalpha (s[scan->i + 2]))
    return FALSE;
  length = name_length (s + scan->i + 2);
  if (length == 0 ||
      (element != NULL &&
       (length != element_length || g_ascii_strncasecmp (s + scan->i + 2, element, length) != 0)))
    return FALSE;
  scan->i += 2 + length;
  skip_blanks (scan);
  if (s[scan->i] != '>')
    return FALSE;
  scan->i++;
  follow_end_tag (scan, start + 2, length, start, scan->i);
  return TRUE;
}

/* libxml2 (not recovering) ends <script> and <style> text at the first "</" + letter;
 * only their own end tag there leaves it in a known state. */
static gboolean
scan_raw_text (Scan *scan, const char *element, gsize element_length)
{
  const char *s = scan->s;
  gsize start = scan->i;

  /* A tag right after the start tag is markup to libxml2 (<style><body> closes the <style>,
   * "</_x>" is an end tag): only the element's own end tag is sure to be read as here. */
  if (s[start] == '<' && !(s[start + 1] == '/' && g_ascii_isalpha (s[start + 2])))
    return FALSE;
  for (;;)
    {
      const char *close = strstr (s + scan->i, "</");

      if (close == NULL)
        return FALSE;
      scan->i = close - s;
      if (g_ascii_isalpha (close[2]))
        {
          cut_runs (scan, start, scan->i, RUN_RAW);
          return scan_end_tag (scan, element, element_length);
        }
      scan->i += 2;
    }
}

/* Whether "--!>" is in [text, end): its "!" is looked for, rare in a comment. */
static gboolean
has_odd_closing (const char *text, const char *end)
{
  for (const char *bang = memchr (text, '!', end - text); bang != NULL;
       bang = memchr (bang + 1, '!', end - bang - 1))
    if (bang - text >= 2 && bang[-1] == '-' && bang[-2] == '-' && end - bang >= 2 && bang[1] == '>')
      return TRUE;
  return FALSE;
}

static gboolean
scan_comment (Scan *scan)
{
  const char *s = scan->s;
  const char *end;

  /* "<!-->", "<!--->" and "--!>" are closings some versions of libxml2 accept. */
  if (s[scan->i + 4] == '>' || (s[scan->i + 4] == '-' && s[scan->i + 5] == '>'))
    return FALSE;
  end = strstr (s + scan->i + 4, "-->");
  if (end == NULL)
    return FALSE;
  if (has_odd_closing (s + scan->i + 4, end))
    return FALSE;
  if (!has_non_characters (s + scan->i + 4, end - (s + scan->i + 4)) &&
      !comment_may_go (scan, scan->i, end - s + 3))
    cut_runs (scan, scan->i + 4, end - s, RUN_COMMENT);
  scan->i = end - s + 3;
  return TRUE;
}

static gboolean
scan_declaration (Scan *scan)
{
  const char *s = scan->s;
  const char *end;

  if (s[scan->i + 2] == '-' && s[scan->i + 3] == '-')
    return scan_comment (scan);
  if (g_ascii_strncasecmp (s + scan->i + 2, "DOCTYPE", 7) != 0)
    return FALSE;
  /* libxml2 reports one after a tag, and reads its own way. */
  if (scan->stack.tag_seen)
    scan->stack.lost = TRUE;
  /* Whichever way libxml2 reads its parts, it stops at the first ">" if none is quoted
   * and no "<" comes first. */
  end = strchr (s + scan->i, '>');
  if (end == NULL || memchr (s + scan->i + 1, '<', end - (s + scan->i + 1)) != NULL)
    return FALSE;
  scan->i = end - s + 1;
  return TRUE;
}

static gboolean
scan_markup (Scan *scan)
{
  const char *s = scan->s;

  for (;;)
    {
      const char *open = strchr (s + scan->i, '<');
      char next;

      if (open == NULL)
        {
          gsize end = scan->i + strlen (s + scan->i);

          follow_text (scan, scan->i, end);
          cut_runs (scan, scan->i, end, RUN_TEXT);
          return TRUE;
        }
      follow_text (scan, scan->i, open - s);
      /* Runs of text start at a byte that is not blank. */
      if (herald_html_is_blank_run (s + scan->i, open - s - scan->i))
        cut_indentation (scan, scan->i, open - s);
      else
        cut_runs (scan, scan->i, open - s, RUN_TEXT);
      scan->i = open - s;
      next = open[1];
      if (next == '/')
        {
          if (!scan_end_tag (scan, NULL, 0))
            return FALSE;
        }
      else if (next == '!')
        {
          if (!scan_declaration (scan))
            return FALSE;
        }
      else if (next == '?')
        return FALSE;
      else if (g_ascii_isalpha (next))
        {
          gboolean raw = FALSE;
          gsize name = scan->i + 1;

          if (!scan_start_tag (scan, &raw))
            return FALSE;
          if (raw && !scan_raw_text (scan, s + name, name_length (s + name)))
            return FALSE;
        }
      else
        {
          /* A "<" libxml2 reads as text. */
          follow_text (scan, scan->i, scan->i + 1);
          scan->i++;
        }
    }
}

/* Puts the tags left out among the cuts, in place of those inside them (their attributes'):
 * both are in the order of the original, and a cut is either inside a tag or apart from it. */
static void
merge_gone (Scan *scan)
{
  Stack *stack = &scan->stack;
  Cut *merged;
  gsize n = 0;
  gsize c = 0;

  if (stack->n_gone == 0)
    return;
  merged = g_new (Cut, scan->n_cuts + stack->n_gone);
  for (gsize g = 0; g < stack->n_gone; g++)
    {
      const Cut *gone = &stack->gone[g];

      if (gone->length == 0)
        continue;
      while (c < scan->n_cuts && scan->cuts[c].offset < gone->offset)
        merged[n++] = scan->cuts[c++];
      while (c < scan->n_cuts && scan->cuts[c].offset < gone->offset + gone->length)
        c++;
      merged[n++] = *gone;
    }
  while (c < scan->n_cuts)
    merged[n++] = scan->cuts[c++];
  g_free (scan->cuts);
  scan->cuts = merged;
  scan->n_cuts = n;
}

static void
scan_clear (Scan *scan)
{
  g_free (scan->stack.open);
  g_free (scan->stack.gone);
}

HeraldHtmlSlim *
herald_html_slim_new (const char *html)
{
  gsize length = strlen (html);
  Scan scan = { .s = html, .length = length };
  HeraldHtmlSlim *slim;
  gsize copied = 0;
  gsize out = 0;
  gboolean read = scan_markup (&scan);

  if (read)
    merge_gone (&scan);
  scan_clear (&scan);
  /* libxml2 reads bad UTF-8 as Latin-1 from there on, its columns then counting bytes. */
  if (!read || scan.n_cuts == 0 || !herald_utf8_validate (html, length))
    {
      g_free (scan.cuts);
      return NULL;
    }

  slim = g_new0 (HeraldHtmlSlim, 1);
  slim->text = g_malloc (length + 1);
  for (gsize k = 0; k < scan.n_cuts; k++)
    {
      Cut *cut = &scan.cuts[k];

      memcpy (slim->text + out, html + copied, cut->offset - copied);
      out += cut->offset - copied;
      copied = cut->offset + cut->length;
      cut->offset = out;
    }
  memcpy (slim->text + out, html + copied, length - copied);
  out += length - copied;
  slim->text[out] = '\0';
  slim->length = out;
  slim->cuts = scan.cuts;
  slim->n_cuts = scan.n_cuts;
  return slim;
}

void
herald_html_slim_free (HeraldHtmlSlim *slim)
{
  if (slim == NULL)
    return;
  g_free (slim->text);
  g_free (slim->cuts);
  if (slim->line_starts != NULL)
    g_array_unref (slim->line_starts);
  g_free (slim);
}

const char *
herald_html_slim_get_text (HeraldHtmlSlim *slim)
{
  return slim->text;
}

gsize
herald_html_slim_get_length (HeraldHtmlSlim *slim)
{
  return slim->length;
}

static void
find_line_starts (HeraldHtmlSlim *slim)
{
  const char *text = slim->text;
  gsize start = 0;

  slim->line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_val (slim->line_starts, start);
  for (const char *nl = strchr (text, '\n'); nl != NULL; nl = strchr (nl + 1, '\n'))
    {
      start = nl + 1 - text;
      g_array_append_val (slim->line_starts, start);
    }
}

/* The first cut at or after offset, by bisection. */
static gsize
first_cut_from (HeraldHtmlSlim *slim, gsize offset)
{
  gsize low = 0;
  gsize high = slim->n_cuts;

  while (low < high)
    {
      gsize mid = low + (high - low) / 2;

      if (slim->cuts[mid].offset < offset)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

int
herald_html_slim_map_column (HeraldHtmlSlim *slim, int line, int column)
{
  gsize start;
  gsize end;
  int shift = 0;

  if (slim->line_starts == NULL)
    find_line_starts (slim);
  if (line < 1 || (guint) line > slim->line_starts->len)
    return column;
  start = g_array_index (slim->line_starts, gsize, line - 1);
  end = (guint) line < slim->line_starts->len ? g_array_index (slim->line_starts, gsize, line)
                                              : slim->length;
  /* libxml2 counts characters from 1, so the byte after the kept one is at column (its
   * characters from the line start) + 1; the cut bytes were all ASCII, one column each,
   * and no error is ever inside a value that was cut. */
  for (gsize k = first_cut_from (slim, start); k < slim->n_cuts; k++)
    {
      Cut *cut = &slim->cuts[k];

      if (cut->offset >= end)
        break;
      if (column > (int) g_utf8_strlen (slim->text + start, cut->offset - start))
        shift += (int) cut->length;
    }
  return column + shift;
}
