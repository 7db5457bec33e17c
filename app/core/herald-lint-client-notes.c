/* herald-lint-client-notes.c: which of caniemail's notes concern the template.
 *
 * A "partial" entry of caniemail ("a #N") says that a client supports a feature except in the
 * cases its notes describe: a value, an element, a size. When every note of a client's entry
 * describes a case the template demonstrably does not have, that client renders the template's
 * uses as intended and the client-support rule leaves it out. Each narrowing below quotes the
 * note it decides, word for word (a test checks that the snapshot still has it), and says
 * why the template's CSS or HTML settles it. A note Herald cannot decide from the source
 * (an account type, a rendering mode, "big" values) is not listed and always applies; so does
 * a note on a use Herald cannot resolve (a selector it does not follow, a value written by the
 * template language).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <string.h>

#include "herald-lint-clients-private.h"
#include "herald-lint-private.h"

/* Helpers; each returns whether one use is in the case a note describes. */

/* Whether the value is missing or written by the template language ("{{" or "{%" in it). */
static gboolean
unknown_value (const HeraldLintUse *use)
{
  if (use->value == NULL)
    return TRUE;
  for (const char *p = strchr (use->value, '{'); p != NULL; p = strchr (p + 1, '{'))
    if (p[1] == '{' || p[1] == '%')
      return TRUE;
  return FALSE;
}

/* Whether the element is one of a NULL-terminated list, or unknown. */
static gboolean
element_may_be (const HeraldLintUse *use, const char *const *names)
{
  return use->element == NULL || g_strv_contains (names, use->element);
}

/* The next word of a value from *p ("1px", "solid", "#fff": the value is split at spaces,
 * commas and slashes), its length in *length; NULL after the last. */
static const char *
next_word (const char **p, gsize *length)
{
  while (**p != '\0')
    {
      const char *word = *p;

      *length = strcspn (word, " \t\n,/");
      *p += *length;
      if (**p != '\0')
        (*p)++;
      if (*length > 0)
        return word;
    }
  return NULL;
}

/* Whether text[0, length) is one of a NULL-terminated list; most differ in the first byte. */
static gboolean
word_is_one_of (const char *text, gsize length, const char *const *list)
{
  char first = length > 0 ? text[0] : '\0';

  for (; *list != NULL; list++)
    if ((*list)[0] == first && strncmp (*list, text, length) == 0 && (*list)[length] == '\0')
      return TRUE;
  return FALSE;
}

/* g_ascii_strtod() of text[0, length), which it reads up to the end at most. */
static const char *
strtod_of (const char *text, gsize length, double *number)
{
  char buffer[64];
  g_autofree char *allocated = NULL;
  char *copy = buffer;
  char *end;

  if (length >= sizeof buffer)
    copy = allocated = g_malloc (length + 1);
  memcpy (copy, text, length);
  copy[length] = '\0';
  *number = g_ascii_strtod (copy, &end);
  return text + (end - copy);
}

/* Whether g_ascii_strtod() reads on from p, where digits stop: a hexadecimal number ("0x1f")
 * or an exponent ("1e3", but not "1em"). */
static gboolean
number_goes_on (const char *p, const char *end)
{
  if (p < end && (*p == 'x' || *p == 'X'))
    return TRUE;
  if (p + 1 >= end || (*p != 'e' && *p != 'E'))
    return FALSE;
  if (p[1] == '+' || p[1] == '-')
    p++;
  return p + 1 < end && g_ascii_isdigit (p[1]);
}

/* The number text[0, length) starts with, as g_ascii_strtod() reads it; returns where it ends
 * (text when there is none). Plain decimals of up to 15 digits are read here, rounded as
 * g_ascii_strtod() rounds them (an exact integer over an exact power of ten): every length of
 * every use is read, and g_ascii_strtod() costs more than the tests that ask. */
static const char *
read_number (const char *text, gsize length, double *number)
{
  static const double powers[] = { 1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
  const char *p = text;
  const char *end = text + length;
  guint64 mantissa = 0;
  guint digits = 0;
  guint decimals = 0;
  gboolean negative = FALSE;

  if (p < end && (*p == '+' || *p == '-'))
    negative = *p++ == '-';
  for (; p < end && g_ascii_isdigit (*p); p++, digits++)
    mantissa = mantissa * 10 + (guint64) (*p - '0');
  if (p < end && *p == '.')
    for (p++; p < end && g_ascii_isdigit (*p); p++, digits++, decimals++)
      mantissa = mantissa * 10 + (guint64) (*p - '0');
  /* No digits ("inf", ".", a leading space) or too many. */
  if (digits == 0 || digits > 15 || number_goes_on (p, end))
    return strtod_of (text, length, number);
  *number = (double) mantissa / powers[decimals];
  if (negative)
    *number = -*number;
  return p;
}

/* A word's unit ("px", "em", "%", "" for a bare number), its length in *unit_length, or NULL
 * when it is not a number. */
static const char *
unit_of (const char *word, gsize length, double *number, gsize *unit_length)
{
  const char *end = read_number (word, length, number);
  char second = length > 1 ? word[1] : '\0';

  if (end == word || (!g_ascii_isdigit (*word) && !g_ascii_isdigit (second) && second != '.'))
    return NULL;
  *unit_length = (gsize) (word + length - end);
  return end;
}

/* Whether text[0, length), a word, has one of the units. */
static gboolean
word_has_unit (const char *text, gsize length, const char *const *units)
{
  double number;
  gsize unit_length;
  const char *unit = unit_of (text, length, &number, &unit_length);

  return unit != NULL && word_is_one_of (unit, unit_length, units);
}

/* Whether a word of the value has one of the units (a NULL-terminated list). */
static gboolean
has_unit (const HeraldLintUse *use, const char *const *units)
{
  const char *p = use->value;
  const char *word;
  gsize length;

  if (unknown_value (use))
    return TRUE;
  while ((word = next_word (&p, &length)) != NULL)
    if (word_has_unit (word, length, units))
      return TRUE;
  return FALSE;
}

/* Whether one of the value's words is one of a NULL-terminated list. */
static gboolean
value_has_word (const HeraldLintUse *use, const char *const *list)
{
  const char *p = use->value;
  const char *word;
  gsize length;

  if (unknown_value (use))
    return TRUE;
  while ((word = next_word (&p, &length)) != NULL)
    if (word_is_one_of (word, length, list))
      return TRUE;
  return FALSE;
}

/* The value with its spaces collapsed, for comparing with keywords written in a note. */
static gboolean
value_is_one_of (const HeraldLintUse *use, const char *const *values)
{
  char buffer[128];
  g_autofree char *allocated = NULL;
  char *joined = buffer;
  gsize n = 0;
  const char *p;
  const char *word;
  gsize length;

  if (unknown_value (use))
    return TRUE;
  /* The words and a space between each two fit in the value's length. */
  if (strlen (use->value) >= sizeof buffer)
    joined = allocated = g_malloc (strlen (use->value) + 1);
  for (p = use->value; (word = next_word (&p, &length)) != NULL; n += length)
    {
      if (n > 0)
        joined[n++] = ' ';
      memcpy (joined + n, word, length);
    }
  return word_is_one_of (joined, n, values);
}

static gboolean
is_display_none (const HeraldLintUse *use)
{
  static const char *const none[] = { "none", NULL };

  return value_is_one_of (use, none);
}

/* @media */

static gboolean
media_nested (const HeraldLintUse *use)
{
  return (use->flags & HERALD_LINT_USE_NESTED) != 0;
}

/* A prelude beyond `screen` and the four width and height features, e.g. `print` or
 * `(prefers-color-scheme: dark)`. */
static gboolean
media_beyond_yahoo (const HeraldLintUse *use)
{
  static const char *const types[] = { "screen", "and", "only", NULL };
  static const char *const features[] = { "min-width", "max-width", "min-height", "max-height",
                                          NULL };
  const char *p;

  if (unknown_value (use))
    return TRUE;
  for (p = use->value; *p != '\0';)
    {
      gsize length;
      g_autofree char *word = NULL;

      if (g_ascii_isspace (*p) || *p == ',')
        {
          p++;
          continue;
        }
      if (*p == '(')
        {
          const char *close = strchr (p, ')');
          gsize name = strspn (p + 1, " \t\n");
          gsize name_length = strcspn (p + 1 + name, ": \t\n)");

          word = g_strndup (p + 1 + name, name_length);
          if (!g_strv_contains (features, word))
            return TRUE;
          if (close == NULL)
            return TRUE;
          p = close + 1;
          continue;
        }
      length = strcspn (p, " \t\n,(");
      word = g_strndup (p, length);
      if (!g_strv_contains (types, word))
        return TRUE;
      p += length;
    }
  return FALSE;
}

static gboolean
media_height (const HeraldLintUse *use)
{
  return unknown_value (use) || strstr (use->value, "height") != NULL ||
         strstr (use->value, "aspect-ratio") != NULL || strstr (use->value, "orientation") != NULL;
}

/* Properties */

static gboolean
radius_slash (const HeraldLintUse *use)
{
  return unknown_value (use) || strchr (use->value, '/') != NULL;
}

/* A width over 8px, or one in a unit Herald does not convert ("thin", "medium" and "thick"
 * are at most 5px in every engine). */
static gboolean
border_over_8px (const HeraldLintUse *use)
{
  const char *p = use->value;
  const char *word;
  gsize length;

  if (strstr (use->name, "color") != NULL || strstr (use->name, "style") != NULL)
    return FALSE;
  if (unknown_value (use))
    return TRUE;
  while ((word = next_word (&p, &length)) != NULL)
    {
      double number;
      gsize unit_length;
      const char *unit = unit_of (word, length, &number, &unit_length);

      if (unit == NULL || number == 0)
        continue;
      if (unit_length != 2 || strncmp (unit, "px", 2) != 0 || number > 8)
        return TRUE;
    }
  return FALSE;
}

static gboolean
hides_a_table (const HeraldLintUse *use)
{
  return is_display_none (use) &&
         (use->element == NULL || (use->flags & HERALD_LINT_USE_CONTAINS_TABLE) != 0);
}

static gboolean
display_beyond_none (const HeraldLintUse *use)
{
  static const char *const img[] = { "img", NULL };

  return !is_display_none (use) || element_may_be (use, img);
}

/* Relative units, percentages and the relative keywords; calc() and var() may hold them. */
static gboolean
font_size_relative (const HeraldLintUse *use)
{
  static const char *const units[] = { "%",  "em", "rem",  "ex",   "ch",
                                       "vw", "vh", "vmin", "vmax", NULL };

  return has_unit (use, units) || strstr (use->value, "smaller") != NULL ||
         strstr (use->value, "larger") != NULL || strchr (use->value, '(') != NULL;
}

/* A number as a font weight; keywords (bold, normal) are not concerned. */
static gboolean
weight_number (const HeraldLintUse *use, double *number)
{
  gsize unit_length;

  if (unknown_value (use))
    {
      *number = -1;
      return TRUE;
    }
  return unit_of (use->value, strlen (use->value), number, &unit_length) != NULL &&
         unit_length == 0;
}

static gboolean
weight_off_hundreds (const HeraldLintUse *use)
{
  double n;

  return weight_number (use, &n) && (n < 100 || n > 900 || (int) n % 100 != 0 || n != (int) n);
}

/* 400 and 700 are what Outlook renders (normal and bold); any other number changes. */
static gboolean
weight_rounded (const HeraldLintUse *use)
{
  double n;

  return weight_number (use, &n) && n != 400 && n != 700;
}

static gboolean
negative_value (const HeraldLintUse *use)
{
  return unknown_value (use) || strstr (use->value, "-") != NULL;
}

/* A margin other than 0 on an element that may have a background. */
static gboolean
margin_around_background (const HeraldLintUse *use)
{
  const char *p = use->value;
  const char *word;
  gsize length;
  gboolean some = FALSE;

  if (use->element != NULL && (use->flags & HERALD_LINT_USE_MAY_HAVE_BACKGROUND) == 0)
    return FALSE;
  if (unknown_value (use))
    return TRUE;
  while ((word = next_word (&p, &length)) != NULL)
    {
      double number;
      gsize unit_length;

      if (unit_of (word, length, &number, &unit_length) == NULL || number != 0)
        some = TRUE;
    }
  return some;
}

static gboolean
overflow_logical (const HeraldLintUse *use)
{
  return !g_str_equal (use->name, "overflow");
}

static gboolean
several_values (const HeraldLintUse *use)
{
  const char *p = use->value;
  gsize length;

  if (unknown_value (use))
    return TRUE;
  return next_word (&p, &length) != NULL && next_word (&p, &length) != NULL;
}

/* Attributes and elements */

static gboolean
table_aligned_aside (const HeraldLintUse *use)
{
  static const char *const table[] = { "table", NULL };
  static const char *const sides[] = { "left", "right", NULL };

  return element_may_be (use, table) && value_is_one_of (use, sides);
}

static gboolean
img_percentage (const HeraldLintUse *use)
{
  static const char *const names[] = { "img", NULL };

  return element_may_be (use, names) && (unknown_value (use) || strchr (use->value, '%') != NULL);
}

static gboolean
style_in_body (const HeraldLintUse *use)
{
  return (use->flags & HERALD_LINT_USE_IN_BODY) != 0;
}

/* Counted in thousands of bytes, below the 16 KiB the note may mean, to stay on the safe
 * side. */
static gboolean
style_over_16kb (const HeraldLintUse *use)
{
  return use->size > 16000;
}

typedef gboolean (*Concerns) (const HeraldLintUse *use);

/* How a narrowing tells whether a use is in its note's case. Most notes name elements, units,
 * values or words, listed with the note; the others have a function above. */
typedef enum
{
  ON,        /* on one of the elements (or an unknown one) */
  NOT_ON,    /* on none of the elements (or an unknown one) */
  UNIT,      /* a word of the value has one of the units */
  VALUE,     /* the whole value is one of the values */
  NOT_VALUE, /* the whole value is none of the values */
  WORD,      /* a word of the value is one of the words */
  FUNCTION,  /* as concerns says */
} Test;

#define LIST(...) ((const char *const[]){ __VA_ARGS__, NULL })

typedef struct
{
  const char *slug;
  const char *note;
  Test test;
  const char *const *list; /* the elements, units, values or words of the test */
  Concerns concerns;       /* FUNCTION's */
  /* Also on an "n" entry: the note says the client does what the template asks. */
  gboolean unsupported_too;
} Narrowing;

static const Narrowing narrowings[] = {
  /* Media queries nest only when an @media is written inside another. */
  { "css-at-media", "Partial. Does not support nested media queries.", FUNCTION, NULL, media_nested,
    FALSE },
  { "css-at-media", "Partial. Nested media queries are removed.", FUNCTION, NULL, media_nested,
    FALSE },
  /* Decided from each prelude: its media types and the features in parentheses. */
  { "css-at-media",
    "Partial. Only supports `screen`, `min-width`, `max-width`, `min-height` and `max-height` "
    "based media queries.",
    FUNCTION, NULL, media_beyond_yahoo, FALSE },
  { "css-at-media", "Partial. Does not support height based media queries.", FUNCTION, NULL,
    media_height, FALSE },
  /* Only a value with "/" sets elliptical corners. */
  { "css-border-radius",
    "Partial support. Shorthand for setting elliptical borders with the slash `/` notation is "
    "not supported e.g. `border-radius: 27% 73% 70% 30% / 30% 34% 66% 70%;`.",
    FUNCTION, NULL, radius_slash, FALSE },
  /* Widths are in the value; colours and styles have none. */
  { "css-border", "Partial. A border can not be bigger than 8px.", FUNCTION, NULL, border_over_8px,
    FALSE },
  /* The element of a style attribute, or those a simple selector matches. */
  { "css-border", "Buggy. Unreliable if used on a `<p>` or a `<div>`.", ON, LIST ("p", "div"), NULL,
    FALSE },
  /* The display values the notes list. */
  { "css-display",
    "Partial. `flex`, `grid`, `flow-root`, `contents`, `inline flow-root`, `inline flex`, "
    "`inline grid`, `initial`, `revert`, `unset` are not supported with non Google accounts.",
    VALUE,
    LIST ("flex",
          "grid",
          "flow-root",
          "contents",
          "inline flow-root",
          "inline flex",
          "inline grid",
          "initial",
          "revert",
          "unset"),
    NULL, FALSE },
  { "css-display", "Buggy. `display:none` does not inherit to inner tables.", FUNCTION, NULL,
    hides_a_table, FALSE },
  { "css-display", "Partial. Only supports `display:none` (but not on `<img>`).", FUNCTION, NULL,
    display_beyond_none, FALSE },
  { "css-display",
    "Partial. `flow-root`, `inline-flex`, `inline-grid`, `inline flow`, `contents`, `revert` are "
    "not supported.",
    VALUE, LIST ("flow-root", "inline-flex", "inline-grid", "inline flow", "contents", "revert"),
    NULL, FALSE },
  { "css-display-none", "Partial. Does not inherit onto nested `<table>` elements.", FUNCTION, NULL,
    hides_a_table, FALSE },
  { "css-display-none", "Partial. Does not work when applied directly to an `<img>` element.", ON,
    LIST ("img"), NULL, FALSE },
  /* Units are in the value. */
  { "css-font-size", "Partial support. `rem` values are not supported.", UNIT, LIST ("rem"), NULL,
    FALSE },
  { "css-font-size", "Partial support. `relative` and `percentage` size values not supported.",
    FUNCTION, NULL, font_size_relative, FALSE },
  /* Numeric weights are in the value; keywords are not concerned. */
  { "css-font-weight",
    "Partial support. `<number>` values are not supported as per CSS Fonts Level 4 where any "
    "`<number>` value between 1 and 1000 (inclusive) is a valid value. Only the following "
    "numeric values are supported: 100, 200, 300, 400, 500, 600, 700, 800, and 900.",
    FUNCTION, NULL, weight_off_hundreds, FALSE },
  { "css-font-weight",
    "Partial support. `<number>` values between 0 and 599 are set as normal font weight. "
    "`<number>` values between 600 and 1000 are set as bold font weight.",
    FUNCTION, NULL, weight_rounded, FALSE },
  /* Elements: that of a style attribute, or those a selector Herald follows matches. */
  { "css-height", "Partial. Not supported on `<body>`, `<span>`, `<div>` or `<p>` elements.", ON,
    LIST ("body", "span", "div", "p"), NULL, FALSE },
  /* "Big" is not defined: any negative value counts. */
  { "css-letter-spacing",
    "Partial. Big negative values are rendered differently from CSS standards.", FUNCTION, NULL,
    negative_value, FALSE },
  { "css-letter-spacing",
    "Buggy. Values set in `em` are smaller than the expected render in CSS. See "
    "[#192](https://github.com/hteumeuleu/caniemail/issues/192).",
    UNIT, LIST ("em", "rem"), NULL, FALSE },
  /* Units are in the value; Outlook's advice does not change that px misbehaves. */
  { "css-line-height",
    "Buggy. `em` and `px` units behave weirdly. Use `mso-line-height-rule:exactly`.", UNIT,
    LIST ("em", "px"), NULL, FALSE },
  /* A minus sign in a margin is a negative value (or a calc(), counted too). */
  { "css-margin", "Partial. Negative values are not supported.", FUNCTION, NULL, negative_value,
    FALSE },
  { "css-margin", "Partial. Not supported on `<span>` and `<body>` elements.", ON,
    LIST ("span", "body"), NULL, FALSE },
  /* A margin of 0 has no area to paint; a background may come from the element's style,
   * bgcolor, or a stylesheet rule on its class or id. */
  { "css-margin", "Buggy. `background-color` is included inside the `margin`.", FUNCTION, NULL,
    margin_around_background, FALSE },
  { "css-margin", "Partial. `auto` value is not supported.", WORD, LIST ("auto"), NULL, FALSE },
  /* Elements, as for height. */
  { "css-max-width", "Partial. Only works on `<table>` elements.", NOT_ON, LIST ("table"), NULL,
    FALSE },
  { "css-max-width",
    "Partial. Doesn't work on `<table>` elements, as per [CSS 2.1 "
    "specification](https://www.w3.org/TR/CSS2/visudet.html#min-max-widths).",
    ON, LIST ("table"), NULL, FALSE },
  /* Content hidden by overflow:hidden is not meant to be scrolled to in any client. */
  { "css-overflow", "Buggy. Cannot scroll through to hidden content.", NOT_VALUE,
    LIST ("hidden", "visible", "clip"), NULL, FALSE },
  { "css-overflow", "Partial. `overflow-block` & `overflow-inline` not supported.", FUNCTION, NULL,
    overflow_logical, FALSE },
  /* Elements: padding on cells only is supported, and only cells share a row. */
  { "css-padding", "Partial. Only supported on table cells.", NOT_ON, LIST ("td", "th"), NULL,
    FALSE },
  { "css-padding",
    "Buggy. Vertical padding will be the same for all cells of a same row, adopting the "
    "biggest value.",
    ON, LIST ("td", "th"), NULL, FALSE },
  /* Keywords are in the value. */
  { "css-text-decoration", "Partial. Not supported with multiple values.", FUNCTION, NULL,
    several_values, FALSE },
  { "css-text-decoration", "Partial. `overline` is not supported.", WORD, LIST ("overline"), NULL,
    FALSE },
  { "css-text-transform", "Partial. `lowercase` value is not supported.", WORD, LIST ("lowercase"),
    NULL, FALSE },
  { "css-width",
    "Partial. Not supported on `<body>`, `<span>`, `<div>`, `<p>` or `<img>` elements.", ON,
    LIST ("body", "span", "div", "p", "img"), NULL, FALSE },
  /* Attributes: their element and value. */
  { "html-align",
    "Partial. `left` and `right` do not work on `<table>` elements. Use `float:left` or "
    "`float:right` styles instead.",
    FUNCTION, NULL, table_aligned_aside, FALSE },
  { "html-dir", "Buggy on anchor `<a>` tags.", ON, LIST ("a"), NULL, FALSE },
  { "html-height",
    "Buggy. Percentage width on `<img>` elements are based on the physical file's width, not on "
    "the parent element's width.",
    FUNCTION, NULL, img_percentage, FALSE },
  { "html-width",
    "Buggy. Percentage width on `<img>` elements are based on the physical file's width, not on "
    "the parent element's width.",
    FUNCTION, NULL, img_percentage, FALSE },
  { "html-lang", "Not supported on `<td>` elements.", ON, LIST ("td"), NULL, FALSE },
  { "html-role", "Partial. Only works on the `<table>` tag.", NOT_ON, LIST ("table"), NULL, FALSE },
  /* A <style> before <body> is in <head>, and before every element its rules style. */
  { "html-style", "Partial. Not supported inside the `<body>`.", FUNCTION, NULL, style_in_body,
    FALSE },
  { "html-style", "Buggy. `<style>` elements need to be declared before their rules are used.",
    FUNCTION, NULL, style_in_body, FALSE },
  { "html-style",
    "The size of the `<style>` tag [is limited to "
    "16 KB](https://github.com/hteumeuleu/email-bugs/issues/90)",
    FUNCTION, NULL, style_over_16kb, FALSE },
  /* target="_blank" asks for a new window, which these clients open anyway. */
  { "html-target", "Not supported. `target=\"_blank\"` is forced on all links.", NOT_VALUE,
    LIST ("_blank"), NULL, TRUE },
  { "html-target", "The attribute is supported but links always open in a new window anyway.",
    NOT_VALUE, LIST ("_blank"), NULL, FALSE },
};

static gboolean
concerns (const Narrowing *narrowing, const HeraldLintUse *use)
{
  switch (narrowing->test)
    {
    case ON:
      return element_may_be (use, narrowing->list);
    case NOT_ON:
      return use->element == NULL || !g_strv_contains (narrowing->list, use->element);
    case UNIT:
      return has_unit (use, narrowing->list);
    case VALUE:
      return value_is_one_of (use, narrowing->list);
    case NOT_VALUE:
      return !value_is_one_of (use, narrowing->list);
    case WORD:
      return value_has_word (use, narrowing->list);
    case FUNCTION:
    default:
      return narrowing->concerns (use);
    }
}

/* The first offset of the uses a narrowing concerns; of all the uses when it is NULL. */
static gsize
first_offset (GArray *uses, const Narrowing *narrowing)
{
  gsize first = G_MAXSIZE;

  for (guint u = 0; u < uses->len; u++)
    {
      const HeraldLintUse *use = &g_array_index (uses, HeraldLintUse, u);

      /* A use no earlier than the first found cannot change it: skip the test. */
      if (use->offset < first && (narrowing == NULL || concerns (narrowing, use)))
        first = use->offset;
    }
  return first;
}

/* Where each feature's narrowings start, plus one (they are listed together), found once:
 * the notes of every feature a template uses with partial support are asked about. */
static GHashTable *
narrowings_by_slug (void)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *found = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (narrowings); i++)
        {
          if (i > 0 && g_str_equal (narrowings[i].slug, narrowings[i - 1].slug))
            continue;
          /* _herald_lint_note_applies() reads a feature's narrowings from its first on: an
           * entry written apart from the others of its feature would never be asked. */
          if (g_hash_table_contains (found, narrowings[i].slug))
            g_critical ("The narrowings of %s are not listed together", narrowings[i].slug);
          g_hash_table_insert (found, (gpointer) narrowings[i].slug, GUINT_TO_POINTER (i + 1));
        }
      g_once_init_leave (&table, found);
    }
  return table;
}

guint
_herald_lint_note_narrowings (const char *slug)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (narrowings_by_slug (), slug));
}

gboolean
_herald_lint_note_applies (
    const char *slug, const char *note, HeraldSupport support, GArray *uses, gsize *at)
{
  return _herald_lint_note_applies_from (_herald_lint_note_narrowings (slug), slug, note, support,
                                         uses, at);
}

gboolean
_herald_lint_note_applies_from (
    guint first, const char *slug, const char *note, HeraldSupport support, GArray *uses, gsize *at)
{
  for (guint i = first - 1;
       first > 0 && i < G_N_ELEMENTS (narrowings) && g_str_equal (narrowings[i].slug, slug); i++)
    {
      if (!g_str_equal (narrowings[i].note, note))
        continue;
      if (support == HERALD_SUPPORT_NO && !narrowings[i].unsupported_too)
        break;
      *at = first_offset (uses, &narrowings[i]);
      return *at != G_MAXSIZE || uses->len == 0;
    }
  *at = first_offset (uses, NULL);
  return TRUE;
}

guint
_herald_lint_get_n_narrowings (void)
{
  return G_N_ELEMENTS (narrowings);
}

void
_herald_lint_get_narrowing (guint index, const char **slug, const char **note)
{
  g_return_if_fail (index < G_N_ELEMENTS (narrowings));

  *slug = narrowings[index].slug;
  *note = narrowings[index].note;
}
