/* herald-lint-a11y-cascade.c: the cascade the accessibility rules (herald-lint-a11y.c) read,
 * the computed colours and sizes of each element, light and dark.
 *
 * The cascade is the one Herald can see: inline style attributes, bgcolor, and <style> rules
 * whose selectors are a type, a class, an id or type.class (alone or in a comma list).
 * Descendant, child, attribute and pseudo selectors, media queries other than
 * prefers-color-scheme: dark, and CSS variables are not followed.
 *
 * Apart from the rules that judge what it computes, so that each file stays one concept of a
 * readable size; the rules see it through herald-lint-a11y-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "herald-css.h"
#include "herald-hash.h"
#include "herald-lint-a11y-private.h"

/* The properties the cascade reads. */
typedef enum
{
  PROPERTY_OTHER,
  PROPERTY_COLOR,
  PROPERTY_BACKGROUND, /* background and background-color */
  PROPERTY_FONT_SIZE,
  PROPERTY_HIDING, /* display, visibility, mso-hide, opacity */
  PROPERTY_FONT_WEIGHT,
} Property;

/* How a font-size value reads: its number is px, pt, rem, em or % of the parent's size, or
 * it is a keyword (its size in number). */
typedef enum
{
  SIZE_UNKNOWN,
  SIZE_PX,
  SIZE_PT,
  SIZE_REM,
  SIZE_EM,
  SIZE_PERCENT,
  SIZE_KEYWORD,
} SizeUnit;

/* A declaration, with what its value says read once: an element's style is computed for
 * light and dark, and the same declarations apply to many elements. */
typedef struct
{
  gboolean important;
  Property property;
  gboolean templated; /* a colour or background set by the template language */
  gboolean has_rgb;   /* colour, background: the value's colour */
  guint32 rgb;
  gboolean clears; /* background: transparent or none */
  gboolean hides;  /* hiding: the value hides the element */
  gboolean bold;   /* font-weight */
  SizeUnit unit;   /* font-size, with its number */
  double number;
} StyleDeclaration;

struct _StyleRule
{
  int specificity; /* id 100, class 10, type 1 */
  guint order;
  gboolean dark;
  char *type;  /* NULL for any; this and the next two in the rule's allocation */
  char *klass; /* NULL for none */
  gsize klass_length;
  char *id;
  /* NULL for none; another rule's when it shares them (the rules of a selector list, all
   * freed together). */
  StyleDeclaration *declarations;
  guint n_declarations;
  gboolean owns_declarations;
  /* The rule whose declarations apply (NULL for this one): the first of a selector list's. */
  StyleRule *owner;
  /* A stylesheet's rule's declarations, not read until an element matches it (many rules
   * are for elements or classes an email does not have): NULL once read. */
  const char *pending_css;
  gsize body_start;
  gsize body_end;
};

void
_herald_lint_style_rule_free (gpointer data)
{
  StyleRule *rule = data;

  /* Its type, class and id are in its allocation. */
  if (rule->owns_declarations)
    g_free (rule->declarations);
  g_free (rule);
}

/* Colours and lengths */

static const struct
{
  const char *name;
  guint32 rgb;
} named_colors[] = {
  { "black", 0x000000 },     { "white", 0xffffff },    { "gray", 0x808080 },
  { "grey", 0x808080 },      { "silver", 0xc0c0c0 },   { "red", 0xff0000 },
  { "maroon", 0x800000 },    { "green", 0x008000 },    { "lime", 0x00ff00 },
  { "blue", 0x0000ff },      { "navy", 0x000080 },     { "yellow", 0xffff00 },
  { "olive", 0x808000 },     { "orange", 0xffa500 },   { "purple", 0x800080 },
  { "teal", 0x008080 },      { "aqua", 0x00ffff },     { "fuchsia", 0xff00ff },
  { "darkgray", 0xa9a9a9 },  { "darkgrey", 0xa9a9a9 }, { "lightgray", 0xd3d3d3 },
  { "lightgrey", 0xd3d3d3 }, { "dimgray", 0x696969 },  { "dimgrey", 0x696969 },
};

/* g_ascii_xdigit_value() of a hex digit, in place: every colour asks it six times. */
static inline guint
xdigit_value (char c)
{
  return c <= '9' ? (guint) (c - '0') : (guint) (_herald_lint_ascii_lower (c) - 'a' + 10);
}

/* The first colour in a value ("#777", "rgb(1,2,3)", "white", "url(x) #fff no-repeat"). Its
 * words are read in place: this runs on every colour of every style. */
static gboolean
parse_color (const char *value, guint32 *rgb)
{
  const char *word = value;

  for (;; word++)
    {
      gsize length = strcspn (word, " \t\n");

      if (word[0] == '#' && (length == 4 || length == 5 || length == 7 || length == 9))
        {
          guint32 v = 0;

          for (gsize i = 1; i < length; i++)
            if (!g_ascii_isxdigit (word[i]))
              return FALSE;
          if (length <= 5)
            for (int i = 1; i <= 3; i++)
              v = (v << 8) | (xdigit_value (word[i]) * 17);
          else
            for (int i = 1; i <= 5; i += 2)
              v = (v << 8) | (xdigit_value (word[i]) * 16 + xdigit_value (word[i + 1]));
          *rgb = v;
          return TRUE;
        }
      if (length >= 3 && g_ascii_strncasecmp (word, "rgb", 3) == 0)
        {
          const char *open = strchr (value, '(');
          double c[4] = { 0, 0, 0, 1 };
          int n;

          if (open == NULL)
            return FALSE;
          n = sscanf (open + 1, " %lf%*[ ,] %lf%*[ ,] %lf%*[ ,/] %lf", &c[0], &c[1], &c[2], &c[3]);
          if (n < 3 || c[3] < 1.0)
            return FALSE; /* translucent: what shows through is not known */
          *rgb = ((guint32) CLAMP (c[0], 0, 255) << 16) | ((guint32) CLAMP (c[1], 0, 255) << 8) |
                 (guint32) CLAMP (c[2], 0, 255);
          return TRUE;
        }
      for (guint i = 0; i < G_N_ELEMENTS (named_colors); i++)
        if (strlen (named_colors[i].name) == length &&
            g_ascii_strncasecmp (word, named_colors[i].name, length) == 0)
          {
            *rgb = named_colors[i].rgb;
            return TRUE;
          }
      word += length;
      if (*word == '\0')
        return FALSE;
    }
}

/* The linear value of each sRGB channel byte: two pow() a text element was most of the
 * contrast check. */
static const double *
linear_channels (void)
{
  static double linear[256];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (linear); i++)
        {
          double c = i / 255.0;

          linear[i] = c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
        }
      g_once_init_leave (&done, 1);
    }
  return linear;
}

static double
luminance (const double *linear, guint32 rgb)
{
  return 0.2126 * linear[(rgb >> 16) & 0xff] + 0.7152 * linear[(rgb >> 8) & 0xff] +
         0.0722 * linear[rgb & 0xff];
}

double
_herald_lint_contrast (guint32 a, guint32 b)
{
  const double *linear = linear_channels ();
  double la = luminance (linear, a);
  double lb = luminance (linear, b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* A font size's number and unit, read once for every element it applies to. */
/* g_ascii_strtod() of a plain decimal ("16", "13.5"), which most sizes are, without its
 * locale and its general forms; FALSE for any other (a sign, an exponent, hex, an infinity,
 * too many digits), left to g_ascii_strtod(). The digits and the power of ten both exact,
 * their quotient is the correctly rounded value g_ascii_strtod() gives too. */
static gboolean
parse_plain_decimal (const char *value, double *number, const char **end)
{
  static const double powers[] = { 1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
  const char *p = value;
  guint64 digits = 0;
  guint n_digits = 0;
  guint scale = 0;

  for (; g_ascii_isdigit (*p); p++, n_digits++)
    digits = digits * 10 + (guint64) (*p - '0');
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++, n_digits++, scale++)
      digits = digits * 10 + (guint64) (*p - '0');
  if (n_digits == 0 || n_digits > 15 || *p == 'e' || *p == 'E' || *p == 'x' || *p == 'X')
    return FALSE;
  *number = (double) digits / powers[scale];
  *end = p;
  return TRUE;
}

static SizeUnit
parse_font_size (const char *value, double *number)
{
  const char *end;

  if (!parse_plain_decimal (value, number, &end))
    {
      char *strtod_end;

      *number = g_ascii_strtod (value, &strtod_end);
      end = strtod_end;
    }
  if (end == value)
    {
      if (g_ascii_strcasecmp (value, "small") == 0)
        *number = 13;
      else if (g_ascii_strcasecmp (value, "x-small") == 0)
        *number = 10;
      else if (g_ascii_strcasecmp (value, "medium") == 0)
        *number = 16;
      else
        return SIZE_UNKNOWN;
      return SIZE_KEYWORD;
    }
  if (g_ascii_strncasecmp (end, "px", 2) == 0)
    return SIZE_PX;
  if (g_ascii_strncasecmp (end, "pt", 2) == 0)
    return SIZE_PT;
  if (g_ascii_strncasecmp (end, "rem", 3) == 0)
    return SIZE_REM;
  if (g_ascii_strncasecmp (end, "em", 2) == 0)
    return SIZE_EM;
  if (*end == '%')
    return SIZE_PERCENT;
  return SIZE_UNKNOWN;
}

/* A font size in px relative to the parent's, or -1 when it cannot be told. */
static double
font_size_px (SizeUnit unit, double n, double parent)
{
  switch (unit)
    {
    case SIZE_PX:
    case SIZE_KEYWORD:
      return n;
    case SIZE_PT:
      return n * 4.0 / 3.0;
    case SIZE_REM:
      return n * 16;
    case SIZE_EM:
      return n * parent;
    case SIZE_PERCENT:
      return n * parent / 100.0;
    case SIZE_UNKNOWN:
    default:
      return -1;
    }
}

/* The cascade */

static gboolean
is_ident (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum (*s) && *s != '-' && *s != '_')
      return FALSE;
  return TRUE;
}

/* is_ident() of text[0, length). */
static gboolean
is_ident_length (const char *text, gsize length)
{
  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-' && text[i] != '_')
      return FALSE;
  return TRUE;
}

/* text[0, length) copied to *out (lowered when lower), which moves past it. */
static char *
copy_part (char **out, const char *text, gsize length, gboolean lower)
{
  char *part = *out;

  for (gsize i = 0; i < length; i++)
    part[i] = lower ? g_ascii_tolower (text[i]) : text[i];
  part[length] = '\0';
  *out += length + 1;
  return part;
}

/* A rule for a selector Herald follows, or NULL; its type, class and id are in its own
 * allocation (a stylesheet has many rules, each had three more). */
static StyleRule *
new_selector_rule (const char *selector)
{
  const char *dot = strchr (selector, '.');
  const char *type = NULL;
  const char *klass = NULL;
  const char *id = NULL;
  gsize type_length = 0;
  gsize klass_length = 0;
  gsize id_length = 0;
  int specificity;
  StyleRule *rule;
  char *out;

  if (selector[0] == '#' && is_ident (selector + 1))
    {
      id = selector + 1;
      id_length = strlen (id);
      specificity = 100;
    }
  else if (dot != NULL && is_ident (dot + 1))
    {
      type_length = dot - selector;
      if (type_length > 0 && !is_ident_length (selector, type_length))
        return NULL;
      type = type_length > 0 ? selector : NULL;
      klass = dot + 1;
      klass_length = strlen (klass);
      specificity = 10 + (type != NULL);
    }
  else if (is_ident (selector))
    {
      type = selector;
      type_length = strlen (selector);
      specificity = 1;
    }
  else
    return NULL;
  rule = g_malloc0 (sizeof *rule + type_length + klass_length + id_length + 3);
  out = (char *) (rule + 1);
  rule->specificity = specificity;
  if (type != NULL)
    rule->type = copy_part (&out, type, type_length, TRUE);
  if (klass != NULL)
    {
      rule->klass = copy_part (&out, klass, klass_length, FALSE);
      rule->klass_length = klass_length;
    }
  if (id != NULL)
    rule->id = copy_part (&out, id, id_length, FALSE);
  return rule;
}

static gboolean
name_is (const char *css, const HeraldCssDeclaration *decl, const char *name)
{
  gsize length = decl->name_end - decl->name_start;

  return length == strlen (name) && g_ascii_strncasecmp (css + decl->name_start, name, length) == 0;
}

/* Whether name[0, length) is lower (lower case, of that length) in any case. */
static inline gboolean
name_equal (const char *name, const char *lower, gsize length)
{
  for (gsize c = 0; c < length; c++)
    if (_herald_lint_ascii_lower (name[c]) != lower[c])
      return FALSE;
  return TRUE;
}

/* Compared in place, the candidates of each length only: every declaration of every style
 * asks. */
static Property
property_of (const char *css, const HeraldCssDeclaration *decl)
{
  const char *name = css + decl->name_start;
  gsize length = decl->name_end - decl->name_start;

  switch (length)
    {
    case 5:
      return name_equal (name, "color", 5) ? PROPERTY_COLOR : PROPERTY_OTHER;
    case 7:
      return name_equal (name, "display", 7) || name_equal (name, "opacity", 7) ? PROPERTY_HIDING
                                                                                : PROPERTY_OTHER;
    case 8:
      return name_equal (name, "mso-hide", 8) ? PROPERTY_HIDING : PROPERTY_OTHER;
    case 9:
      return name_equal (name, "font-size", 9) ? PROPERTY_FONT_SIZE : PROPERTY_OTHER;
    case 10:
      return name_equal (name, "background", 10)   ? PROPERTY_BACKGROUND
             : name_equal (name, "visibility", 10) ? PROPERTY_HIDING
                                                   : PROPERTY_OTHER;
    case 11:
      return name_equal (name, "font-weight", 11) ? PROPERTY_FONT_WEIGHT : PROPERTY_OTHER;
    case 16:
      return name_equal (name, "background-color", 16) ? PROPERTY_BACKGROUND : PROPERTY_OTHER;
    default:
      return PROPERTY_OTHER;
    }
}

/* What apply() needs of a declaration of this property, read from its (lower-case) name and
 * its value, which is not kept. */
static void
read_declaration (StyleDeclaration *out,
                  Property property,
                  const char *css,
                  const HeraldCssDeclaration *decl)
{
  gsize length = decl->value_end - decl->value_start;
  char buffer[128];
  g_autofree char *long_value = NULL;
  const char *value;

  /* Values are short: most are read from a copy on the stack. */
  if (length < sizeof buffer)
    {
      memcpy (buffer, css + decl->value_start, length);
      buffer[length] = '\0';
      value = buffer;
    }
  else
    value = long_value = g_strndup (css + decl->value_start, length);
  out->important = decl->important;
  out->property = property;

  switch (out->property)
    {
    case PROPERTY_COLOR:
    case PROPERTY_BACKGROUND:
      out->templated = strstr (value, "{{") != NULL || strstr (value, "{%") != NULL;
      out->has_rgb = parse_color (value, &out->rgb);
      out->clears =
          g_ascii_strcasecmp (value, "transparent") == 0 || g_ascii_strcasecmp (value, "none") == 0;
      break;
    case PROPERTY_HIDING:
      out->hides =
          (name_is (css, decl, "display") && g_ascii_strcasecmp (value, "none") == 0) ||
          (name_is (css, decl, "visibility") && g_ascii_strcasecmp (value, "hidden") == 0) ||
          (name_is (css, decl, "mso-hide") && g_ascii_strcasecmp (value, "all") == 0) ||
          (name_is (css, decl, "opacity") && g_ascii_strtod (value, NULL) == 0 &&
           g_ascii_isdigit (value[0]));
      break;
    case PROPERTY_FONT_WEIGHT:
      out->bold = g_ascii_strcasecmp (value, "bold") == 0 ||
                  g_ascii_strcasecmp (value, "bolder") == 0 || atoi (value) >= 600;
      break;
    case PROPERTY_FONT_SIZE:
      out->unit = parse_font_size (value, &out->number);
      break;
    case PROPERTY_OTHER:
    default:
      break;
    }
}

/* The declarations of css[start, end) that apply() reads (an email's inline styles are
 * mostly margins, paddings and fonts): read into a store on the stack, most styles keep a
 * few, many none. */
typedef struct
{
  StyleDeclaration stack[32];
  StyleDeclaration *heap;
  StyleDeclaration *kept; /* stack or heap */
  guint n;
} Kept;

static void
kept_read (A11y *a, Kept *kept, const char *css, gsize start, gsize end)
{
  GArray *declarations = a->css_declarations;

  g_array_set_size (declarations, 0);
  herald_css_parse_declarations (css, start, end, declarations);
  kept->heap = NULL;
  kept->kept = kept->stack;
  kept->n = 0;
  if (declarations->len > G_N_ELEMENTS (kept->stack))
    kept->kept = kept->heap = g_new (StyleDeclaration, declarations->len);
  for (guint d = 0; d < declarations->len; d++)
    {
      const HeraldCssDeclaration *declaration =
          &g_array_index (declarations, HeraldCssDeclaration, d);
      Property property = property_of (css, declaration);

      if (property != PROPERTY_OTHER)
        {
          memset (&kept->kept[kept->n], 0, sizeof kept->kept[kept->n]);
          read_declaration (&kept->kept[kept->n++], property, css, declaration);
        }
    }
}

/* The declarations of css[start, end) into rule's. */
static void
take_declarations (A11y *a, StyleRule *rule, const char *css, gsize start, gsize end)
{
  Kept kept;

  kept_read (a, &kept, css, start, end);
  rule->declarations = kept.n > 0 ? g_memdup2 (kept.kept, kept.n * sizeof *kept.kept) : NULL;
  rule->n_declarations = kept.n;
  rule->owns_declarations = TRUE;
  g_free (kept.heap);
}

/* A rule of the declarations of css[start, end), in one allocation with them: an inline
 * style's, which no other rule shares. */
G_STATIC_ASSERT (sizeof (StyleRule) % G_ALIGNOF (StyleDeclaration) == 0);

StyleRule *
_herald_lint_inline_rule_new (A11y *a, const char *css, gsize length)
{
  Kept kept;
  StyleRule *rule;

  kept_read (a, &kept, css, 0, length);
  rule = g_malloc0 (sizeof *rule + kept.n * sizeof *kept.kept);
  if (kept.n > 0)
    {
      rule->declarations = (StyleDeclaration *) (rule + 1);
      memcpy (rule->declarations, kept.kept, kept.n * sizeof *kept.kept);
    }
  rule->n_declarations = kept.n;
  g_free (kept.heap);
  return rule;
}

StyleRule *
_herald_lint_inline_rule_copy (const StyleRule *rule)
{
  StyleRule *copy =
      g_memdup2 (rule, sizeof *rule + rule->n_declarations * sizeof *rule->declarations);

  if (copy->n_declarations > 0)
    copy->declarations = (StyleDeclaration *) (copy + 1);
  return copy;
}

/* The rule whose declarations apply for rule, read now if they were not. */
static StyleRule *
declarations_of (A11y *a, StyleRule *rule)
{
  StyleRule *owner = rule->owner != NULL ? rule->owner : rule;

  if (owner->pending_css != NULL)
    {
      take_declarations (a, owner, owner->pending_css, owner->body_start, owner->body_end);
      owner->pending_css = NULL;
    }
  return owner;
}

static void
add_stylesheet (A11y *a, const char *css)
{
  g_autoptr (GArray) rules = _herald_lint_stylesheet_rules (css);

  for (guint i = 0; i < rules->len; i++)
    {
      HeraldCssRule *css_rule = &g_array_index (rules, HeraldCssRule, i);
      const StyleRule *first = NULL;

      /* Other media queries (a phone's width, print) are not the reading Herald judges. */
      if (css_rule->in_media && !css_rule->dark)
        continue;
      /* Each selector of the comma list, without its blanks. */
      for (gsize start = css_rule->selector_start, end; start <= css_rule->selector_end;
           start = end + 1)
        {
          const char *comma = memchr (css + start, ',', css_rule->selector_end - start);
          gsize first_char = start;
          gsize last_char;
          char buffer[128];
          g_autofree char *long_selector = NULL;
          const char *selector;
          StyleRule *rule;

          end = comma != NULL ? (gsize) (comma - css) : css_rule->selector_end;
          last_char = end;
          while (first_char < last_char && g_ascii_isspace (css[first_char]))
            first_char++;
          while (last_char > first_char && g_ascii_isspace (css[last_char - 1]))
            last_char--;
          if (last_char - first_char < sizeof buffer)
            {
              memcpy (buffer, css + first_char, last_char - first_char);
              buffer[last_char - first_char] = '\0';
              selector = buffer;
            }
          else
            selector = long_selector = g_strndup (css + first_char, last_char - first_char);
          rule = new_selector_rule (selector);
          if (rule == NULL)
            continue;
          rule->order = a->rules->len;
          rule->dark = css_rule->dark;
          a->has_dark_rules |= rule->dark;
          a->has_id_rules |= rule->id != NULL;
          /* "h1, h2, .title {…}": one body, parsed once for its selectors. */
          if (first != NULL)
            rule->owner = (StyleRule *) first;
          else
            {
              rule->pending_css = css;
              rule->body_start = css_rule->body_start;
              rule->body_end = css_rule->body_end;
              first = rule;
            }
          g_ptr_array_add (a->rules, rule);
        }
    }
}

/* The <style> elements, in document order (noted as the tree was built). */
void
_herald_lint_collect_stylesheets (A11y *a)
{
  for (guint i = 0; i < a->style_elements->len; i++)
    {
      xmlChar *css = xmlNodeGetContent (g_ptr_array_index (a->style_elements, i));

      /* Kept: its rules' declarations are read from it later. */
      if (css != NULL)
        {
          add_stylesheet (a, (const char *) css);
          g_ptr_array_add (a->stylesheets, css);
        }
    }
}

/* The words of an element's class attribute (split at spaces, tabs and newlines), read in
 * place: most elements have one, and every rule with a class asks. */
#define MAX_CLASSES 16

typedef struct
{
  guint n; /* G_MAXUINT: more than MAX_CLASSES */
  const char *starts[MAX_CLASSES];
  gsize lengths[MAX_CLASSES];
  const char *text;
} Classes;

static gboolean
is_class_separator (char c)
{
  return c == ' ' || c == '\t' || c == '\n';
}

static void
classes_init (Classes *classes, const char *text)
{
  classes->n = 0;
  classes->text = text;
  for (const char *p = text; p != NULL && *p != '\0';)
    {
      const char *start = p;

      while (*p != '\0' && !is_class_separator (*p))
        p++;
      if (p > start)
        {
          if (classes->n == MAX_CLASSES)
            {
              classes->n = G_MAXUINT;
              return;
            }
          classes->starts[classes->n] = start;
          classes->lengths[classes->n++] = p - start;
        }
      if (*p != '\0')
        p++;
    }
}

static gboolean
has_class (const Classes *classes, const StyleRule *rule)
{
  gsize length = rule->klass_length;

  if (classes->n == G_MAXUINT)
    {
      for (const char *p = strstr (classes->text, rule->klass); p != NULL;
           p = strstr (p + 1, rule->klass))
        if ((p == classes->text || is_class_separator (p[-1])) &&
            (p[length] == '\0' || is_class_separator (p[length])))
          return TRUE;
      return FALSE;
    }
  for (guint i = 0; i < classes->n; i++)
    if (classes->lengths[i] == length && memcmp (classes->starts[i], rule->klass, length) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
rule_matches (const StyleRule *rule, xmlNodePtr node, const Classes *classes, const char *id)
{
  /* The first letters first: most rules are for other elements. */
  if (rule->type != NULL && (_herald_lint_ascii_lower (rule->type[0]) !=
                                 _herald_lint_ascii_lower ((char) node->name[0]) ||
                             g_ascii_strcasecmp (rule->type, (const char *) node->name) != 0))
    return FALSE;
  if (rule->klass != NULL && !has_class (classes, rule))
    return FALSE;
  if (rule->id != NULL)
    return id != NULL && g_str_equal (id, rule->id);
  return TRUE;
}

static void
apply (Style *style, const StyleDeclaration *declaration, double parent_px)
{
  double px;

  switch (declaration->property)
    {
    case PROPERTY_COLOR:
      if (declaration->templated)
        style->color_unknown = TRUE;
      else if (declaration->has_rgb)
        {
          style->color = declaration->rgb;
          style->has_color = TRUE;
          style->color_unknown = FALSE;
        }
      break;
    case PROPERTY_BACKGROUND:
      if (declaration->templated)
        style->background_unknown = TRUE;
      else if (declaration->has_rgb)
        {
          style->background = declaration->rgb;
          style->has_background = TRUE;
          style->background_unknown = FALSE;
        }
      else if (declaration->clears)
        style->has_background = FALSE;
      break;
    case PROPERTY_FONT_SIZE:
      if ((px = font_size_px (declaration->unit, declaration->number, parent_px)) > 0)
        style->font_px = px;
      break;
    case PROPERTY_HIDING:
      if (declaration->hides)
        style->hidden = TRUE;
      break;
    case PROPERTY_FONT_WEIGHT:
      style->bold = declaration->bold;
      break;
    case PROPERTY_OTHER:
    default:
      break;
    }
}

/* Applies the declarations of rule (NULL for none) whose importance is important. */
static void
apply_rule (Style *style, const StyleRule *rule, gboolean important, double parent_px)
{
  for (guint d = 0; rule != NULL && d < rule->n_declarations; d++)
    {
      const StyleDeclaration *declaration = &rule->declarations[d];

      if (declaration->important == important)
        apply (style, declaration, parent_px);
    }
}

int
_herald_lint_compare_rules (gconstpointer a, gconstpointer b)
{
  const StyleRule *ra = *(StyleRule **) a;
  const StyleRule *rb = *(StyleRule **) b;

  if (ra->specificity != rb->specificity)
    return ra->specificity - rb->specificity;
  return (int) ra->order - (int) rb->order;
}

/* What an element's name gives its style, read once for light and dark. */
static void
read_name_defaults (const char *name, Element *element)
{
  static const struct
  {
    const char *name;
    double em;
  } sizes[] = { { "h1", 2 },    { "h2", 1.5 },  { "h3", 1.17 },
                { "h5", 0.83 }, { "h6", 0.67 }, { "small", 0.83 } };

  element->has_size_em = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (is_named (name, sizes[i].name))
      {
        element->has_size_em = TRUE;
        element->size_em = sizes[i].em;
        break;
      }
  element->bold = is_named (name, "b") || is_named (name, "strong") || is_named (name, "th") ||
                  (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0');
  element->link = is_named (name, "a");
}

/* An attribute's value as xmlGetProp() gives it, or NULL. Borrowed from the tree when it is
 * one text node (as the HTML parser writes them), so that the four attributes read of every
 * element are not copied; otherwise a copy, which *copy receives for the caller to free. */
const char *
_herald_lint_attribute_value (xmlNodePtr node, const char *name, xmlChar **copy)
{
  *copy = NULL;
  for (xmlAttrPtr attribute = node->properties; attribute != NULL; attribute = attribute->next)
    {
      xmlNodePtr text = attribute->children;

      if (!xmlStrEqual (attribute->name, (const xmlChar *) name))
        continue;
      if (text == NULL)
        return "";
      if (text->next == NULL && text->type == XML_TEXT_NODE && text->content != NULL)
        return (const char *) text->content;
      break;
    }
  return (const char *) (*copy = xmlGetProp (node, (const xmlChar *) name));
}

/* The index of the rules by what their selector names: each element then asks the rules for
 * its type, its classes and its id instead of every rule (a stylesheet's rules are mostly
 * for classes, and an element has one or two). An open-addressing table of its own: a
 * GHashTable's calls cost more than the few rules each key finds. */
typedef enum
{
  KEY_TYPE, /* compared in any case */
  KEY_CLASS,
  KEY_ID,
} KeyKind;

typedef struct
{
  const char *text; /* NULL for an empty slot */
  gsize length;
  KeyKind kind;
  guint hash;
  guint start; /* its rules' indices in a->rules, ascending, in RuleIndex's order */
  guint n;
} RuleKey;

struct _RuleIndex
{
  RuleKey *keys;
  guint mask; /* the number of slots - 1 */
  guint *order;
};

void
_herald_lint_rule_index_free (RuleIndex *index)
{
  g_free (index->keys);
  g_free (index->order);
  g_free (index);
}

static guint
key_hash (KeyKind kind, const char *text, gsize length)
{
  guint hash = 2166136261u ^ kind;

  for (gsize i = 0; i < length; i++)
    hash = (hash ^ (kind == KEY_TYPE ? _herald_lint_ascii_lower (text[i]) : (guchar) text[i])) *
           16777619u;
  return hash;
}

/* The slot of the key, or the empty one where it goes. */
static RuleKey *
key_slot (const RuleIndex *index, KeyKind kind, const char *text, gsize length, guint hash)
{
  for (guint i = hash & index->mask;; i = (i + 1) & index->mask)
    {
      RuleKey *key = &index->keys[i];

      if (key->text == NULL)
        return key;
      if (key->hash == hash && key->kind == kind && key->length == length &&
          (memcmp (key->text, text, length) == 0 ||
           (kind == KEY_TYPE && g_ascii_strncasecmp (key->text, text, length) == 0)))
        return key;
    }
}

void
_herald_lint_index_rules (A11y *a)
{
  RuleIndex *index = g_new0 (RuleIndex, 1);
  guint n_rules = a->rules->len;
  g_autofree RuleKey **keys_of = g_new (RuleKey *, n_rules);
  guint slots = 8;
  guint start = 0;

  while (slots < 2 * n_rules)
    slots *= 2;
  index->keys = g_new0 (RuleKey, slots);
  index->mask = slots - 1;
  index->order = g_new (guint, MAX (n_rules, 1));
  for (guint i = 0; i < n_rules; i++)
    {
      const StyleRule *rule = g_ptr_array_index (a->rules, i);
      /* A selector names an id alone, or a class (with or without a type), or a type. */
      KeyKind kind = rule->id != NULL ? KEY_ID : rule->klass != NULL ? KEY_CLASS : KEY_TYPE;
      const char *text = kind == KEY_ID ? rule->id : kind == KEY_CLASS ? rule->klass : rule->type;
      gsize length = strlen (text);
      guint hash = key_hash (kind, text, length);
      RuleKey *key = key_slot (index, kind, text, length, hash);

      if (key->text == NULL)
        *key = (RuleKey){ text, length, kind, hash };
      key->n++;
      keys_of[i] = key;
    }
  for (guint i = 0; i < slots; i++)
    {
      index->keys[i].start = start;
      start += index->keys[i].n;
      index->keys[i].n = 0;
    }
  for (guint i = 0; i < n_rules; i++)
    index->order[keys_of[i]->start + keys_of[i]->n++] = i;
  a->rule_index = index;
  /* Room for an element's matching rules. */
  g_ptr_array_set_size (a->matched, n_rules);
}

/* The indices of the rules that name text as kind added to candidates; FALSE when they do
 * not fit. */
#define MAX_CANDIDATES 64

typedef struct
{
  guint indices[MAX_CANDIDATES];
  guint n;
} Candidates;

static gboolean
add_candidates (A11y *a, Candidates *candidates, KeyKind kind, const char *text, gsize length)
{
  const RuleIndex *index = a->rule_index;
  const RuleKey *key = key_slot (index, kind, text, length, key_hash (kind, text, length));

  if (key->text == NULL)
    return TRUE;
  if (candidates->n + key->n > MAX_CANDIDATES)
    return FALSE;
  memcpy (candidates->indices + candidates->n, index->order + key->start, key->n * sizeof (guint));
  candidates->n += key->n;
  return TRUE;
}

/* The rules that may match an element with this name, class text and id, in cascade order
 * and each once; FALSE when there are too many to hold. */
static gboolean
find_candidates (A11y *a, const char *name, const char *klass, const char *id, Candidates *out)
{
  out->n = 0;
  if (!add_candidates (a, out, KEY_TYPE, name, strlen (name)))
    return FALSE;
  for (const char *p = klass; p != NULL && *p != '\0';)
    {
      const char *start = p;

      while (*p != '\0' && !is_class_separator (*p))
        p++;
      if (p > start && !add_candidates (a, out, KEY_CLASS, start, p - start))
        return FALSE;
      if (*p != '\0')
        p++;
    }
  if (id != NULL && !add_candidates (a, out, KEY_ID, id, strlen (id)))
    return FALSE;
  /* Few: sorted in place, and a class written twice gives its rules once. */
  for (guint i = 1; i < out->n; i++)
    for (guint j = i; j > 0 && out->indices[j - 1] > out->indices[j]; j--)
      {
        guint t = out->indices[j];

        out->indices[j] = out->indices[j - 1];
        out->indices[j - 1] = t;
      }
  {
    guint n = 0;

    for (guint i = 0; i < out->n; i++)
      if (n == 0 || out->indices[n - 1] != out->indices[i])
        out->indices[n++] = out->indices[i];
    out->n = n;
  }
  return TRUE;
}

void
_herald_lint_element_init (A11y *a, xmlNodePtr node, Element *element)
{
  xmlChar *copies[3] = { NULL };
  /* Read when the tree was built, as the inline style. */
  const char *klass = node->psvi;
  const char *id = a->has_id_rules ? _herald_lint_attribute_value (node, "id", &copies[0]) : NULL;
  const char *attribute;
  Classes classes;
  Candidates candidates;

  /* a->rules are in cascade order already. */
  element->matched = (StyleRule **) a->matched->pdata;
  element->n_matched = 0;
  if (find_candidates (a, (const char *) node->name, klass, id, &candidates))
    for (guint i = 0; i < candidates.n; i++)
      {
        StyleRule *rule = g_ptr_array_index (a->rules, candidates.indices[i]);

        /* Found by what its selector names; a type.class one has its type to match too. */
        if (rule->klass == NULL || rule->type == NULL ||
            g_ascii_strcasecmp (rule->type, (const char *) node->name) == 0)
          element->matched[element->n_matched++] = declarations_of (a, rule);
      }
  else
    {
      classes_init (&classes, klass);
      for (guint i = 0; i < a->rules->len; i++)
        {
          StyleRule *rule = g_ptr_array_index (a->rules, i);

          if (rule_matches (rule, node, &classes, id))
            element->matched[element->n_matched++] = declarations_of (a, rule);
        }
    }

  read_name_defaults ((const char *) node->name, element);
  element->inline_rule = node->_private;
  element->has_bgcolor = FALSE;
  if ((node->extra & ELEMENT_HAS_BGCOLOR) != 0 &&
      (attribute = _herald_lint_attribute_value (node, "bgcolor", &copies[1])) != NULL)
    element->has_bgcolor = parse_color (attribute, &element->bgcolor);
  element->has_font_color = FALSE;
  if (is_named ((const char *) node->name, "font") &&
      (attribute = _herald_lint_attribute_value (node, "color", &copies[2])) != NULL)
    element->has_font_color = parse_color (attribute, &element->font_color);
  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    xmlFree (copies[i]);
}

/* The style of node given its parent's (color, size and weight inherit; a background shows
 * through, so it "inherits" for _herald_lint_contrast). */
Style
_herald_lint_compute_style (const Element *element,
                            xmlNodePtr node,
                            const Style *parent,
                            gboolean dark)
{
  Style style = *parent;
  const StyleRule *inline_rule = element->inline_rule;

  if (element->has_size_em)
    style.font_px = parent->font_px * element->size_em;
  if (element->bold)
    style.bold = TRUE;
  if (element->link)
    {
      style.color = 0x0000ee;
      style.has_color = TRUE;
    }
  if (element->has_bgcolor)
    {
      style.background = element->bgcolor;
      style.has_background = TRUE;
    }
  if (element->has_font_color)
    {
      style.color = element->font_color;
      style.has_color = TRUE;
    }

  /* Normal declarations, then the inline style, then !important ones (which is how dark-mode
   * rules beat inline colours). */
  for (int important = 0; important < 2; important++)
    {
      for (guint i = 0; i < element->n_matched; i++)
        {
          StyleRule *rule = element->matched[i];

          if (rule->dark && !dark)
            continue;
          apply_rule (&style, rule, important, parent->font_px);
        }
      apply_rule (&style, inline_rule, important, parent->font_px);
    }
  return style;
}
