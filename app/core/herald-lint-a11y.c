/* herald-lint-a11y.c: accessibility rules. Contrast (light and the email's own dark styles),
 * text size, heading order, link text, decorative and linked images, layout tables.
 *
 * The cascade is the one Herald can see: inline style attributes, bgcolor, and <style> rules
 * whose selectors are a type, a class, an id or type.class (alone or in a comma list).
 * Descendant, child, attribute and pseudo selectors, media queries other than
 * prefers-color-scheme: dark, and CSS variables are not followed.
 *
 * One concept, the accessibility rules, kept in one file with the small cascade they all
 * read (the computed colours and sizes of each element). The translation checks compare
 * the same links and images, read by herald-lint-links.c from the events of the same
 * libxml2 parse without its tree, with the same list of vague link texts, so both judge the
 * same elements.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "herald-css.h"
#include "herald-hash.h"
#include "herald-html-lang.h"
#include "herald-lint-private.h"

#define BODY_TEXT_MIN_PX 14.0
#define AA_NORMAL 4.5
#define AA_LARGE 3.0

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

typedef struct
{
  int specificity; /* id 100, class 10, type 1 */
  guint order;
  gboolean dark;
  char *type;  /* NULL for any */
  char *klass; /* NULL for none */
  gsize klass_length;
  char *id;
  GArray *declarations; /* StyleDeclaration, NULL for none */
} StyleRule;

typedef struct
{
  guint32 color;
  gboolean has_color;
  guint32 background;
  gboolean has_background;
  double font_px;
  gboolean bold;
  gboolean hidden;
  /* Set by the template language ("color:{{colour}}"): not judged here. */
  gboolean color_unknown;
  gboolean background_unknown;
} Style;

typedef struct
{
  HeraldLintContext *lint;
  const char *html;
  GArray *line_starts;      /* gsize */
  GHashTable *node_offsets; /* xmlNodePtr → offset + 1 */
  GPtrArray *rules;         /* StyleRule */
  /* style attribute text → its declarations as a StyleRule: each element's style is
   * computed for light and dark, and an email repeats the same inline styles on many
   * elements, so each text is parsed once. The tree does not keep the attribute (but on an
   * <img>, whose style the image checks read): each element's _private is its rule. */
  GHashTable *inline_styles; /* keys in texts */
  /* The style and class attributes' texts, each once: each element's psvi is its class. */
  GStringChunk *texts;
  GPtrArray *style_elements; /* xmlNodePtr, <style> in document order */
  /* The rules that match the element being computed, and the declarations of the style
   * being read: one array each for them all. */
  GPtrArray *matched;
  GArray *css_declarations; /* HeraldCssDeclaration */
  gboolean has_dark_rules;
  gboolean has_id_rules; /* without any, no element's id is read */
  /* Set when no one reads the positions: they are then 0, and not computed. */
  gboolean no_positions;
  htmlDocPtr doc;
  /* The start tags the elements were paired with (with positions), and the root's index. */
  GArray *tags;
  gint root_tag;
  /* The last column computed, so that positions met in document order on one long line
   * cost the distance from the previous one, not from the line's start. */
  guint cached_line;
  gsize cached_offset;
  guint cached_column;
} A11y;

static void
style_rule_free (gpointer data)
{
  StyleRule *rule = data;

  g_free (rule->type);
  g_free (rule->klass);
  g_free (rule->id);
  if (rule->declarations != NULL)
    g_array_unref (rule->declarations);
  g_free (rule);
}

/* Positions */

/* Pairs libxml2's elements with the scanner's start tags (which know their offsets), in
 * document order, by name and line; elements libxml2 implied stay unpaired. */
static void
map_nodes (A11y *a, xmlNodePtr node, GArray *tags, guint *cursor)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      for (guint i = *cursor; i < tags->len && i < *cursor + 4; i++)
        {
          HeraldHtmlStartTag *tag = &g_array_index (tags, HeraldHtmlStartTag, i);
          gsize length = tag->name_end - tag->start - 1;

          if (strlen ((const char *) node->name) != length ||
              g_ascii_strncasecmp (a->html + tag->start + 1, (const char *) node->name, length) !=
                  0)
            continue;
          /* libxml2 counts lines up to 65535 unless told otherwise: compare those only. */
          if (_herald_lint_line_index (a->line_starts, tag->start) + 1 !=
                  (guint) xmlGetLineNo (node) &&
              xmlGetLineNo (node) < 65535)
            continue;
          g_hash_table_insert (a->node_offsets, node, GSIZE_TO_POINTER (tag->start + 1));
          *cursor = i + 1;
          break;
        }
      map_nodes (a, node->children, tags, cursor);
    }
}

/* The elements' positions, found when the first finding needs one: most templates have
 * none. */
static void
map_positions (A11y *a)
{
  guint cursor = 0;

  /* A template's rules share its line starts (html is then its HTML part). */
  a->line_starts = a->lint != NULL ? g_array_ref (_herald_lint_get_html_line_starts (a->lint))
                                   : _herald_lint_line_starts (a->html);
  a->node_offsets = g_hash_table_new (NULL, NULL);
  /* A template's rules share its start tags (html is then its HTML part). */
  if (a->lint != NULL)
    a->tags = _herald_lint_get_html_tags (a->lint);
  if (a->tags != NULL)
    g_array_ref (a->tags);
  else if (a->lint == NULL)
    a->tags = herald_html_start_tags (a->html, strlen (a->html), &a->root_tag);
  if (a->tags != NULL)
    map_nodes (a, xmlDocGetRootElement (a->doc), a->tags, &cursor);
}

static void
node_position (A11y *a, xmlNodePtr node, guint *line, guint *column)
{
  gsize offset;
  gsize start;
  guint index;

  if (a->no_positions)
    {
      *line = *column = 0;
      return;
    }
  if (a->node_offsets == NULL)
    map_positions (a);
  offset = GPOINTER_TO_SIZE (g_hash_table_lookup (a->node_offsets, node));
  if (offset == 0)
    {
      *line = (guint) xmlGetLineNo (node);
      *column = 0;
      return;
    }
  offset--;
  index = _herald_lint_line_index (a->line_starts, offset);
  start = g_array_index (a->line_starts, gsize, index);
  if (a->cached_line == index + 1 && a->cached_offset <= offset)
    *column = a->cached_column +
              (guint) g_utf8_strlen (a->html + a->cached_offset, offset - a->cached_offset);
  else
    *column = (guint) g_utf8_strlen (a->html + start, offset - start) + 1;
  *line = index + 1;
  a->cached_line = *line;
  a->cached_offset = offset;
  a->cached_column = *column;
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
              v = (v << 8) | (g_ascii_xdigit_value (word[i]) * 17);
          else
            for (int i = 1; i <= 5; i += 2)
              v = (v << 8) |
                  (g_ascii_xdigit_value (word[i]) * 16 + g_ascii_xdigit_value (word[i + 1]));
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
channel (guint32 rgb, int shift)
{
  return linear_channels ()[(rgb >> shift) & 0xff];
}

static double
luminance (guint32 rgb)
{
  return 0.2126 * channel (rgb, 16) + 0.7152 * channel (rgb, 8) + 0.0722 * channel (rgb, 0);
}

static double
contrast (guint32 a, guint32 b)
{
  double la = luminance (a);
  double lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* A font size's number and unit, read once for every element it applies to. */
static SizeUnit
parse_font_size (const char *value, double *number)
{
  char *end;

  *number = g_ascii_strtod (value, &end);
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

/* A selector Herald follows, or FALSE. */
static gboolean
parse_selector (const char *selector, StyleRule *rule)
{
  const char *dot = strchr (selector, '.');

  if (selector[0] == '#' && is_ident (selector + 1))
    {
      rule->id = g_strdup (selector + 1);
      rule->specificity = 100;
      return TRUE;
    }
  if (dot != NULL && is_ident (dot + 1))
    {
      g_autofree char *type = g_strndup (selector, dot - selector);

      if (*type != '\0' && !is_ident (type))
        return FALSE;
      rule->klass = g_strdup (dot + 1);
      rule->klass_length = strlen (rule->klass);
      rule->type = *type != '\0' ? g_ascii_strdown (type, -1) : NULL;
      rule->specificity = 10 + (rule->type != NULL);
      return TRUE;
    }
  if (is_ident (selector))
    {
      rule->type = g_ascii_strdown (selector, -1);
      rule->specificity = 1;
      return TRUE;
    }
  return FALSE;
}

static gboolean
name_is (const char *css, const HeraldCssDeclaration *decl, const char *name)
{
  gsize length = decl->name_end - decl->name_start;

  return length == strlen (name) && g_ascii_strncasecmp (css + decl->name_start, name, length) == 0;
}

/* g_ascii_tolower(), without a call. */
static inline char
lower (char c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

#define NAME_AND_LENGTH(name) name, sizeof (name) - 1

static Property
property_of (const char *css, const HeraldCssDeclaration *decl)
{
  static const struct
  {
    const char *name; /* lower case */
    gsize length;
    Property property;
  } names[] = {
    { NAME_AND_LENGTH ("color"), PROPERTY_COLOR },
    { NAME_AND_LENGTH ("background-color"), PROPERTY_BACKGROUND },
    { NAME_AND_LENGTH ("background"), PROPERTY_BACKGROUND },
    { NAME_AND_LENGTH ("font-size"), PROPERTY_FONT_SIZE },
    { NAME_AND_LENGTH ("font-weight"), PROPERTY_FONT_WEIGHT },
    { NAME_AND_LENGTH ("display"), PROPERTY_HIDING },
    { NAME_AND_LENGTH ("visibility"), PROPERTY_HIDING },
    { NAME_AND_LENGTH ("mso-hide"), PROPERTY_HIDING },
    { NAME_AND_LENGTH ("opacity"), PROPERTY_HIDING },
  };
  const char *name = css + decl->name_start;
  gsize length = decl->name_end - decl->name_start;

  /* Compared in place, by length first: every declaration of every style asks. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gsize c = 0;

      if (names[i].length != length)
        continue;
      while (c < length && lower (name[c]) == names[i].name[c])
        c++;
      if (c == length)
        return names[i].property;
    }
  return PROPERTY_OTHER;
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

/* The declarations of css[start, end) into rule's; only those apply() reads are kept (an
 * email's inline styles are mostly margins, paddings and fonts). */
static void
take_declarations (A11y *a, StyleRule *rule, const char *css, gsize start, gsize end)
{
  GArray *declarations = a->css_declarations;
  guint n = 0;

  g_array_set_size (declarations, 0);
  herald_css_parse_declarations (css, start, end, declarations);
  rule->declarations =
      g_array_sized_new (FALSE, TRUE, sizeof (StyleDeclaration), declarations->len);
  g_array_set_size (rule->declarations, declarations->len);
  for (guint d = 0; d < declarations->len; d++)
    {
      const HeraldCssDeclaration *declaration =
          &g_array_index (declarations, HeraldCssDeclaration, d);
      Property property = property_of (css, declaration);

      if (property != PROPERTY_OTHER)
        read_declaration (&g_array_index (rule->declarations, StyleDeclaration, n++), property, css,
                          declaration);
    }
  g_array_set_size (rule->declarations, n);
}

/* rule's declarations shared with another rule's (neither changes them). */
static void
share_declarations (StyleRule *rule, const StyleRule *from)
{
  rule->declarations = g_array_ref (from->declarations);
}

static StyleRule *
inline_style (A11y *a, const char *text)
{
  StyleRule *rule = g_hash_table_lookup (a->inline_styles, text);

  if (rule == NULL)
    {
      rule = g_new0 (StyleRule, 1);
      take_declarations (a, rule, text, 0, strlen (text));
      g_hash_table_insert (a->inline_styles, g_string_chunk_insert (a->texts, text), rule);
    }
  return rule;
}

static void
add_stylesheet (A11y *a, const char *css)
{
  g_autoptr (GArray) rules = g_array_new (FALSE, FALSE, sizeof (HeraldCssRule));
  g_autoptr (GArray) at_rules = g_array_new (FALSE, FALSE, sizeof (HeraldCssAtRule));

  herald_css_parse_stylesheet (css, 0, strlen (css), rules, at_rules);
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
          rule = g_new0 (StyleRule, 1);
          if (!parse_selector (selector, rule))
            {
              style_rule_free (rule);
              continue;
            }
          rule->order = a->rules->len;
          rule->dark = css_rule->dark;
          a->has_dark_rules |= rule->dark;
          a->has_id_rules |= rule->id != NULL;
          /* "h1, h2, .title {…}": one body, parsed once for its selectors. */
          if (first != NULL)
            share_declarations (rule, first);
          else
            take_declarations (a, rule, css, css_rule->body_start, css_rule->body_end);
          first = rule;
          g_ptr_array_add (a->rules, rule);
        }
    }
}

/* The <style> elements, in document order (noted as the tree was built). */
static void
collect_stylesheets (A11y *a)
{
  for (guint i = 0; i < a->style_elements->len; i++)
    {
      xmlChar *css = xmlNodeGetContent (g_ptr_array_index (a->style_elements, i));

      if (css != NULL)
        add_stylesheet (a, (const char *) css);
      xmlFree (css);
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
  if (rule->type != NULL && (lower (rule->type[0]) != lower ((char) node->name[0]) ||
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
  for (guint d = 0; rule != NULL && rule->declarations != NULL && d < rule->declarations->len; d++)
    {
      const StyleDeclaration *declaration =
          &g_array_index (rule->declarations, StyleDeclaration, d);

      if (declaration->important == important)
        apply (style, declaration, parent_px);
    }
}

static int
compare_rules (gconstpointer a, gconstpointer b)
{
  const StyleRule *ra = *(StyleRule **) a;
  const StyleRule *rb = *(StyleRule **) b;

  if (ra->specificity != rb->specificity)
    return ra->specificity - rb->specificity;
  return (int) ra->order - (int) rb->order;
}

/* Whether an element's name is name: asked of every element for several names, most of
 * which differ in their first letter. */
static inline gboolean
is_named (const char *element_name, const char *name)
{
  return element_name[0] == name[0] && strcmp (element_name, name) == 0;
}

static double
default_size (const char *name, double parent)
{
  static const struct
  {
    const char *name;
    double em;
  } sizes[] = { { "h1", 2 },    { "h2", 1.5 },  { "h3", 1.17 },
                { "h5", 0.83 }, { "h6", 0.67 }, { "small", 0.83 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (is_named (name, sizes[i].name))
      return parent * sizes[i].em;
  return parent;
}

/* What the cascade reads of an element, the same in light and dark: read once for both. */
typedef struct
{
  GPtrArray *matched; /* StyleRule, light and dark ones, in cascade order; A11y's */
  const StyleRule *inline_rule;
  gboolean has_bgcolor;
  guint32 bgcolor;
  gboolean has_font_color; /* <font color> */
  guint32 font_color;
} Element;

/* An attribute's value as xmlGetProp() gives it, or NULL. Borrowed from the tree when it is
 * one text node (as the HTML parser writes them), so that the four attributes read of every
 * element are not copied; otherwise a copy, which *copy receives for the caller to free. */
static const char *
attribute_value (xmlNodePtr node, const char *name, xmlChar **copy)
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

static void
element_init (A11y *a, xmlNodePtr node, Element *element)
{
  xmlChar *copies[3] = { NULL };
  /* Read when the tree was built, as the inline style. */
  const char *klass = node->psvi;
  const char *id = a->has_id_rules ? attribute_value (node, "id", &copies[0]) : NULL;
  const char *attribute;
  Classes classes;

  classes_init (&classes, klass);
  /* a->rules are in cascade order already. */
  element->matched = a->matched;
  g_ptr_array_set_size (element->matched, 0);
  for (guint i = 0; i < a->rules->len; i++)
    {
      StyleRule *rule = g_ptr_array_index (a->rules, i);

      if (rule_matches (rule, node, &classes, id))
        g_ptr_array_add (element->matched, rule);
    }

  element->inline_rule = node->_private;
  element->has_bgcolor = FALSE;
  if ((attribute = attribute_value (node, "bgcolor", &copies[1])) != NULL)
    element->has_bgcolor = parse_color (attribute, &element->bgcolor);
  element->has_font_color = FALSE;
  if (is_named ((const char *) node->name, "font") &&
      (attribute = attribute_value (node, "color", &copies[2])) != NULL)
    element->has_font_color = parse_color (attribute, &element->font_color);
  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    xmlFree (copies[i]);
}

static void
element_clear (Element *element)
{
  element->matched = NULL;
}

/* The style of node given its parent's (color, size and weight inherit; a background shows
 * through, so it "inherits" for contrast). */
static Style
compute_style (const Element *element, xmlNodePtr node, const Style *parent, gboolean dark)
{
  Style style = *parent;
  const StyleRule *inline_rule = element->inline_rule;
  const char *name = (const char *) node->name;

  style.font_px = default_size (name, parent->font_px);
  if (is_named (name, "b") || is_named (name, "strong") || is_named (name, "th") ||
      (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0'))
    style.bold = TRUE;
  if (is_named (name, "a"))
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
      for (guint i = 0; i < element->matched->len; i++)
        {
          StyleRule *rule = g_ptr_array_index (element->matched, i);

          if (rule->dark && !dark)
            continue;
          apply_rule (&style, rule, important, parent->font_px);
        }
      apply_rule (&style, inline_rule, important, parent->font_px);
    }
  return style;
}

/* Whether a text node shows words: template statements ({% if %}, {% endfor %}) do not. */
static gboolean
shows_words (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '{' && p[1] == '%')
        {
          const char *end = strstr (p + 2, "%}");

          if (end == NULL)
            return FALSE;
          p = end + 1;
          continue;
        }
      if (!g_ascii_isspace (*p) && !((guchar) p[0] == 0xc2 && (guchar) p[1] == 0xa0))
        return TRUE;
      if ((guchar) *p == 0xc2)
        p++;
    }
  return FALSE;
}

static gboolean
has_own_text (xmlNodePtr node)
{
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    if (child->type == XML_TEXT_NODE && child->content != NULL &&
        shows_words ((const char *) child->content))
      return TRUE;
  return FALSE;
}

/* Findings, grouped: the first element of each group is where the finding goes. */

typedef struct
{
  char *key;
  xmlNodePtr first;
  guint count;
  double ratio;
  double needed;
  guint32 fg;
  guint32 bg;
  double px;
} Group;

static void
group_free (gpointer data)
{
  Group *group = data;

  g_free (group->key);
  g_free (group);
}

static Group *
group_note (GPtrArray *groups, char *key, xmlNodePtr node)
{
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);

      if (g_str_equal (group->key, key))
        {
          g_free (key);
          group->count++;
          return NULL;
        }
    }
  {
    Group *group = g_new0 (Group, 1);

    group->key = key;
    group->first = node;
    group->count = 1;
    g_ptr_array_add (groups, group);
    return group;
  }
}

typedef struct
{
  A11y *a;
  GPtrArray *contrast[2]; /* light, dark */
  GPtrArray *small;
} Walk;

static void
walk_styles (Walk *w, xmlNodePtr node, const Style *light_parent, const Style *dark_parent)
{
  for (; node != NULL; node = node->next)
    {
      Style light;
      Style dark;
      Element element;
      const char *name;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      name = (const char *) node->name;
      if (is_named (name, "style") || is_named (name, "script") || is_named (name, "head"))
        continue;
      element_init (w->a, node, &element);
      light = compute_style (&element, node, light_parent, FALSE);
      dark = w->a->has_dark_rules ? compute_style (&element, node, dark_parent, TRUE) : light;
      element_clear (&element);
      /* Hidden text (a preheader) is read by no one on screen. */
      if (light.hidden)
        continue;

      if (has_own_text (node))
        {
          for (int mode = 0; mode < 2; mode++)
            {
              const Style *s = mode == 0 ? &light : &dark;
              gboolean large = s->font_px >= 24 || (s->bold && s->font_px >= 18.66);
              double needed = large ? AA_LARGE : AA_NORMAL;
              double ratio = contrast (s->color, s->background);
              Group *group;

              if (mode == 1 && (!w->a->has_dark_rules ||
                                (dark.color == light.color && dark.background == light.background)))
                continue;
              if (ratio >= needed || s->color_unknown || s->background_unknown)
                continue;
              group = group_note (w->contrast[mode],
                                  g_strdup_printf ("%06x/%06x/%d", s->color, s->background, large),
                                  node);
              if (group != NULL)
                {
                  group->ratio = ratio;
                  group->needed = needed;
                  group->fg = s->color;
                  group->bg = s->background;
                }
            }
          if (light.font_px < BODY_TEXT_MIN_PX)
            {
              Group *group = group_note (w->small, g_strdup_printf ("%.2f", light.font_px), node);

              if (group != NULL)
                group->px = light.font_px;
            }
        }
      walk_styles (w, node->children, &light, &dark);
    }
}

static void
report_contrast (A11y *a, GPtrArray *groups, gboolean dark)
{
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      g_autofree char *message = NULL;
      g_autofree char *fix = NULL;
      guint line;
      guint column;

      node_position (a, group->first, &line, &column);
      if (dark)
        message = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE,
                         "In dark mode (the email's prefers-color-scheme: dark styles), text "
                         "#%06X on #%06X has a contrast of %.2f:1, under the %.1f:1 WCAG AA asks "
                         "for (%u element)",
                         "In dark mode (the email's prefers-color-scheme: dark styles), text "
                         "#%06X on #%06X has a contrast of %.2f:1, under the %.1f:1 WCAG AA asks "
                         "for (%u elements)",
                         group->count),
            group->fg, group->bg, group->ratio, group->needed, group->count);
      else
        message = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE,
                         "Text #%06X on #%06X has a contrast of %.2f:1, under the %.1f:1 WCAG AA "
                         "asks for (%u element)",
                         "Text #%06X on #%06X has a contrast of %.2f:1, under the %.1f:1 WCAG AA "
                         "asks for (%u elements)",
                         group->count),
            group->fg, group->bg, group->ratio, group->needed, group->count);
      fix = g_strdup_printf (_ ("Darken the text or lighten the background (or the reverse) until "
                                "the contrast reaches %.1f:1"),
                             group->needed);
      herald_diagnostic_set_fix (_herald_lint_add (a->lint, dark ? "contrast-dark" : "contrast",
                                                   HERALD_SEVERITY_WARNING, HERALD_PART_HTML, line,
                                                   column, NULL, "%s", message),
                                 fix);
    }
}

static void
report_small (A11y *a, GPtrArray *groups)
{
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      guint line;
      guint column;

      node_position (a, group->first, &line, &column);
      herald_diagnostic_set_fix (
          _herald_lint_add (
              a->lint, "text-size", HERALD_SEVERITY_WARNING, HERALD_PART_HTML, line, column, NULL,
              g_dngettext (GETTEXT_PACKAGE,
                           "Text is %.1fpx, under the %.0fpx that stays readable on a phone (%u "
                           "element)",
                           "Text is %.1fpx, under the %.0fpx that stays readable on a phone (%u "
                           "elements)",
                           group->count),
              group->px, BODY_TEXT_MIN_PX, group->count),
          _ ("Set body text to at least 14px; keep smaller sizes for legal small print"));
    }
}

/* Structure: headings, links, images, tables */

/* What g_unichar_isspace() says of an ASCII character. */
static gboolean
is_unichar_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* _herald_lint_normalize() of ASCII text (most link texts and headings), without decoding:
 * ASCII folds to lower case, and its punctuation and symbols are g_ascii_ispunct()'s. */
static char *
normalize_ascii (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (is_unichar_space (*p))
      space = out->len > 0;
    else
      {
        if (space)
          g_string_append_c (out, ' ');
        space = FALSE;
        g_string_append_c (out, g_ascii_tolower (*p));
      }
  while (out->len > 0 &&
         (g_ascii_ispunct (out->str[out->len - 1]) || is_unichar_space (out->str[out->len - 1])))
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static gboolean
is_ascii (const char *text)
{
  for (; *text != '\0'; text++)
    if ((guchar) *text >= 0x80)
      return FALSE;
  return TRUE;
}

char *
_herald_lint_normalize (const char *text)
{
  g_autofree char *folded = NULL;
  GString *out;
  gboolean space = FALSE;

  if (text != NULL && is_ascii (text))
    return normalize_ascii (text);
  out = g_string_new (NULL);
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_string_free (out, FALSE);
  folded = g_utf8_casefold (text, -1);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0xa0)
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
    }
  /* Trailing punctuation and arrows: "Click here!", "here »". */
  while (out->len > 0)
    {
      const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);
      gunichar c = g_utf8_get_char (last);

      if (!g_unichar_ispunct (c) && !g_unichar_isspace (c))
        break;
      g_string_truncate (out, last - out->str);
    }
  return g_string_free (out, FALSE);
}

char *
_herald_lint_normalized_text (xmlNodePtr node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = _herald_lint_normalize ((const char *) content);

  xmlFree (content);
  return text;
}

static xmlNodePtr
find_descendant (xmlNodePtr node, const char *name)
{
  for (xmlNodePtr child = node->children; child != NULL; child = child->next)
    {
      xmlNodePtr found;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (g_ascii_strcasecmp ((const char *) child->name, name) == 0)
        return child;
      /* A nested table's cells are its own. */
      if (g_ascii_strcasecmp ((const char *) child->name, "table") == 0)
        continue;
      if ((found = find_descendant (child, name)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
prop_is (xmlNodePtr node, const char *name, const char *value)
{
  xmlChar *copy;
  const char *v = attribute_value (node, name, &copy);
  gboolean is = v != NULL && g_ascii_strcasecmp (v, value) == 0;

  xmlFree (copy);
  return is;
}

static double
prop_number (xmlNodePtr node, const char *name)
{
  xmlChar *v = xmlGetProp (node, (const xmlChar *) name);
  double n = v != NULL ? g_ascii_strtod ((const char *) v, NULL) : -1;

  xmlFree (v);
  return v != NULL ? n : -1;
}

static void
add_at_node (A11y *a, xmlNodePtr node, const char *rule_id, const char *fix, const char *message)
{
  guint line;
  guint column;

  node_position (a, node, &line, &column);
  herald_diagnostic_set_fix (_herald_lint_add (a->lint, rule_id, HERALD_SEVERITY_WARNING,
                                               HERALD_PART_HTML, line, column, NULL, "%s", message),
                             fix);
}

static void report_text_images (A11y *a, GArray *images);
static GArray *a11y_images (A11y *a);

static void
check_link (A11y *a, xmlNodePtr link)
{
  g_autofree char *text = _herald_lint_normalized_text (link);
  xmlNodePtr image;

  if (*text == '\0')
    {
      image = find_descendant (link, "img");
      if (image != NULL && prop_is (image, "alt", ""))
        add_at_node (a, image, "link-image-alt",
                     _ ("Describe where the link goes in the image's alt text"),
                     _ ("This link's only content is an image with alt=\"\": screen readers "
                        "announce a link without a name"));
      return;
    }
  if (_herald_lint_is_vague_link_text (text))
    {
      g_autofree char *message = g_strdup_printf (
          _ ("The link text “%s” does not say where the link goes; screen reader users often "
             "list the links on their own"),
          text);

      add_at_node (a, link, "link-text",
                   _ ("Name the destination or the action in the link, e.g. “Review the "
                      "transaction”"),
                   message);
    }
}

static void
check_image (A11y *a, xmlNodePtr image)
{
  xmlChar *alt = xmlGetProp (image, (const xmlChar *) "alt");
  gboolean decorative = prop_is (image, "role", "presentation") ||
                        prop_is (image, "role", "none") || prop_is (image, "aria-hidden", "true");
  double width = prop_number (image, "width");
  double height = prop_number (image, "height");

  if (width >= 0 && width <= 2 && height >= 0 && height <= 2)
    decorative = TRUE; /* a spacer or a tracking pixel */
  if (decorative && alt != NULL && *alt != '\0')
    {
      g_autofree char *message =
          g_strdup_printf (_ ("This image is decorative (a spacer, or marked as presentation) but "
                              "has the alt text “%s”, which screen readers read out"),
                           (const char *) alt);

      add_at_node (a, image, "img-decorative-alt", _ ("Write alt=\"\" on decorative images"),
                   message);
    }
  xmlFree (alt);
}

typedef struct
{
  A11y *a;
  int previous_heading;
  xmlNodePtr first_layout_table;
  guint layout_tables;
} Structure;

static void
walk_structure (Structure *s, xmlNodePtr node)
{
  for (; node != NULL; node = node->next)
    {
      const char *name;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      name = (const char *) node->name;
      if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0')
        {
          int level = name[1] - '0';

          if (s->previous_heading > 0 && level > s->previous_heading + 1)
            {
              g_autofree char *message = g_strdup_printf (
                  _ ("<h%d> follows <h%d>: heading levels skip, and screen reader users who "
                     "navigate by headings lose the outline"),
                  level, s->previous_heading);
              g_autofree char *fix = g_strdup_printf (
                  _ ("Use <h%d> here, and set its size with CSS instead"), s->previous_heading + 1);

              add_at_node (s->a, node, "heading-order", fix, message);
            }
          s->previous_heading = level;
        }
      else if (g_str_equal (name, "a") && xmlHasProp (node, (const xmlChar *) "href"))
        check_link (s->a, node);
      else if (g_str_equal (name, "img"))
        check_image (s->a, node);
      else if (g_str_equal (name, "table") && !prop_is (node, "role", "presentation") &&
               !prop_is (node, "role", "none") && find_descendant (node, "th") == NULL &&
               find_descendant (node, "caption") == NULL)
        {
          if (s->layout_tables++ == 0)
            s->first_layout_table = node;
        }
      walk_structure (s, node->children);
    }
}

static void
report_layout_tables (Structure *s)
{
  g_autofree char *message = NULL;

  if (s->layout_tables == 0)
    return;
  message = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "This layout table has no role=\"presentation\": screen readers announce it as "
                   "a data table with its rows and columns",
                   "%u layout tables have no role=\"presentation\" (this is the first): screen "
                   "readers announce them as data tables with rows and columns",
                   s->layout_tables),
      s->layout_tables);
  add_at_node (s->a, s->first_layout_table, "table-role",
               _ ("Add role=\"presentation\" to tables used for layout"), message);
}

static void
ignore_error (void *data, const xmlError *error)
{
}

/* The attributes the rules read (herald-lint-text-images.c's of an <img> too). */
static const char *const read_attributes[] = {
  "class", "id",  "style", "bgcolor", "color",  "href",
  "alt",   "src", "role",  "width",   "height", "aria-hidden",
};

/* Attributes read of images only (check_image(), herald-lint-text-images.c). */
static gboolean
is_image_attribute (const xmlChar *name)
{
  static const char *const names[] = { "alt", "src", "width", "height", "aria-hidden" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (is_named ((const char *) name, names[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_read_attribute (const xmlChar *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (read_attributes); i++)
    if (is_named ((const char *) name, read_attributes[i]))
      return TRUE;
  return FALSE;
}

/* xmlSAX2StartElement() with the attributes no rule reads left out: an email's tables and
 * cells carry many (cellpadding, border, align…), and each costs the tree three
 * allocations. The parser names attributes in lower case, as the rules ask for them. The
 * style and class attributes, on most elements, are read into the element instead: its
 * _private is its inline style's rule, its psvi its class text (an <img> keeps both as
 * attributes too, for the image checks). A bare attribute reads as "", as xmlGetProp()
 * gives it. */
static void
start_element (void *ctx, const xmlChar *name, const xmlChar **atts)
{
  htmlParserCtxtPtr parser = ctx;
  A11y *a = parser->_private;
  xmlNodePtr parent = parser->node;
  xmlNodePtr node;
  const xmlChar *kept[2 * G_N_ELEMENTS (read_attributes) + 1];
  guint n = 0;
  gboolean has_style = FALSE;
  const xmlChar *style = NULL;
  gboolean has_class = FALSE;
  const xmlChar *klass = NULL;
  gboolean all = FALSE;
  /* The element's name is split at a prefix later ("v:img"): any prefixed one may be one. */
  gboolean maybe_image = g_ascii_strcasecmp ((const char *) name, "img") == 0 ||
                         strchr ((const char *) name, ':') != NULL;

  for (guint i = 0; atts != NULL && atts[i] != NULL; i += 2)
    if (is_named ((const char *) atts[i], "style"))
      {
        has_style = TRUE;
        style = atts[i + 1];
      }
    else if (is_named ((const char *) atts[i], "class"))
      {
        has_class = TRUE;
        klass = atts[i + 1];
      }
    else if (is_read_attribute (atts[i]) && (maybe_image || !is_image_attribute (atts[i])))
      {
        /* The parser drops repeated attributes; should one get through, all are kept. */
        all |= n + 2 >= G_N_ELEMENTS (kept);
        if (all)
          continue;
        kept[n++] = atts[i];
        kept[n++] = atts[i + 1];
      }
  kept[n] = NULL;
  xmlSAX2StartElement (ctx, name, all ? atts : n > 0 ? kept : NULL);
  node = parser->node;
  if (node == NULL || node == parent)
    return;
  /* Elements are made in document order, and never moved. */
  if (lower (node->name[0]) == 's' && g_ascii_strcasecmp ((const char *) node->name, "style") == 0)
    g_ptr_array_add (a->style_elements, node);
  if (has_style)
    node->_private = inline_style (a, style != NULL ? (const char *) style : "");
  if (has_class)
    node->psvi = g_string_chunk_insert_const (a->texts, klass != NULL ? (const char *) klass : "");
  if (!all && lower (node->name[0]) == 'i' &&
      g_ascii_strcasecmp ((const char *) node->name, "img") == 0)
    {
      if (has_style)
        xmlNewProp (node, (const xmlChar *) "style", style);
      if (has_class)
        xmlNewProp (node, (const xmlChar *) "class", klass);
    }
}

/* Blank text and comments
 *
 * The rules read text as words (has_own_text(), which skips blanks) and as the content of
 * links and headings (xmlNodeGetContent()). Blank text outside links and headings, and
 * comments, then need no node, as long as leaving them out merges no two texts: the indent
 * between an email's tags is most of its nodes. Only blanks before a text can join it, and
 * has_own_text() skips them. (libxml2's HTML parser decides nothing on these nodes: the
 * only time it looks at the tree, for blank text, matters only where no element or <html>
 * or <head> is open, where it does not look.) */

static gboolean
last_is_text (xmlNodePtr node)
{
  return node->last != NULL && node->last->type == XML_TEXT_NODE;
}

/* Whether node or an element around it is a link or a heading, or holds a stylesheet; asked
 * at each blank text, of every element around it: their first letters first. */
static gboolean
in_read_text (xmlNodePtr node)
{
  for (; node != NULL && node->type == XML_ELEMENT_NODE; node = node->parent)
    {
      const char *name = (const char *) node->name;

      switch (lower (name[0]))
        {
        case 'a':
          if (name[1] == '\0')
            return TRUE;
          break;
        case 'h':
          if (name[1] >= '1' && name[1] <= '6' && name[2] == '\0')
            return TRUE;
          break;
        case 's':
          if (g_ascii_strcasecmp (name, "style") == 0)
            return TRUE;
          break;
        default:
          break;
        }
    }
  return FALSE;
}

static void
characters (void *ctx, const xmlChar *text, int length)
{
  htmlParserCtxtPtr parser = ctx;
  int i = 0;

  while (i < length && g_ascii_isspace (text[i]))
    i++;
  if (i == length && parser->node != NULL && !last_is_text (parser->node) &&
      !in_read_text (parser->node))
    return;
  xmlSAX2Characters (ctx, text, length);
}

static void
comment (void *ctx, const xmlChar *value)
{
  htmlParserCtxtPtr parser = ctx;

  /* Kept between two texts, which would otherwise make one. */
  if (parser->node != NULL && !last_is_text (parser->node))
    return;
  xmlSAX2Comment (ctx, value);
}

/* htmlReadMemory() with start_element(), characters() and comment(). */
static htmlDocPtr
read_html (A11y *a, const char *html)
{
  htmlParserCtxtPtr parser = htmlNewParserCtxt ();
  htmlDocPtr doc;

  if (parser == NULL)
    return NULL;
  parser->_private = a;
  parser->sax->startElement = start_element;
  parser->sax->characters = characters;
  parser->sax->comment = comment;
  doc = htmlCtxtReadMemory (parser, html, (int) MIN (strlen (html), G_MAXINT), NULL, "UTF-8",
                            HTML_PARSE_NONET | HTML_PARSE_NOWARNING | HTML_PARSE_NOERROR);
  htmlFreeParserCtxt (parser);
  return doc;
}

/* Parses html and pairs its elements with their positions; FALSE when there is nothing. */
static gboolean
a11y_open (A11y *a, const char *html)
{
  a->html = html;
  a->root_tag = -1;
  if (html == NULL || *html == '\0')
    return FALSE;
  xmlSetStructuredErrorFunc (NULL, (xmlStructuredErrorFunc) ignore_error);
  /* Style attributes are long: hashed eight bytes at a time. */
  a->inline_styles = g_hash_table_new_full (herald_str_hash, g_str_equal, NULL, style_rule_free);
  a->css_declarations = g_array_new (FALSE, FALSE, sizeof (HeraldCssDeclaration));
  a->texts = g_string_chunk_new (4096);
  a->style_elements = g_ptr_array_new ();
  a->doc = read_html (a, html);
  xmlSetStructuredErrorFunc (NULL, NULL);
  if (a->doc == NULL)
    return FALSE;

  a->rules = g_ptr_array_new_with_free_func (style_rule_free);
  a->matched = g_ptr_array_new ();
  return TRUE;
}

static void
a11y_close (A11y *a)
{
  g_clear_pointer (&a->tags, g_array_unref);
  g_clear_pointer (&a->rules, g_ptr_array_unref);
  g_clear_pointer (&a->inline_styles, g_hash_table_unref);
  g_clear_pointer (&a->matched, g_ptr_array_unref);
  g_clear_pointer (&a->css_declarations, g_array_unref);
  g_clear_pointer (&a->texts, g_string_chunk_free);
  g_clear_pointer (&a->style_elements, g_ptr_array_unref);
  g_clear_pointer (&a->doc, xmlFreeDoc);
  g_clear_pointer (&a->node_offsets, g_hash_table_unref);
  g_clear_pointer (&a->line_starts, g_array_unref);
}

void
_herald_lint_rule_accessibility (HeraldLintContext *lint)
{
  A11y a = { lint };
  Style root = { 0x000000, TRUE, 0xffffff, TRUE, 16.0, FALSE };
  g_autoptr (GArray) images = NULL;

  if (lint->trees[HERALD_PART_HTML] == NULL ||
      !a11y_open (&a, herald_template_get_part (lint->tmpl, HERALD_PART_HTML)))
    {
      a11y_close (&a);
      return;
    }
  collect_stylesheets (&a);
  /* Cascade order, once: each element's matching rules then come in that order. */
  g_ptr_array_sort (a.rules, compare_rules);

  {
    Walk w = { &a,
               { g_ptr_array_new_with_free_func (group_free),
                 g_ptr_array_new_with_free_func (group_free) },
               g_ptr_array_new_with_free_func (group_free) };
    Structure s = { &a, 0, NULL, 0 };

    walk_styles (&w, xmlDocGetRootElement (a.doc), &root, &root);
    report_contrast (&a, w.contrast[0], FALSE);
    report_contrast (&a, w.contrast[1], TRUE);
    report_small (&a, w.small);
    walk_structure (&s, xmlDocGetRootElement (a.doc));
    report_layout_tables (&s);
    images = a11y_images (&a);
    report_text_images (&a, images);
    g_ptr_array_unref (w.contrast[0]);
    g_ptr_array_unref (w.contrast[1]);
    g_ptr_array_unref (w.small);
  }
  a11y_close (&a);
}

/* Text in images, for the rule and the per-locale check */

static void
collect_headings (xmlNodePtr node, GPtrArray *headings)
{
  for (; node != NULL; node = node->next)
    {
      const char *name = (const char *) node->name;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (g_ascii_tolower (name[0]) == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0')
        {
          char *text = _herald_lint_normalized_text (node);

          if (*text != '\0')
            g_ptr_array_add (headings, text);
          else
            g_free (text);
        }
      else
        collect_headings (node->children, headings);
    }
}

/* *headings: the headings' texts, read at the first image (many emails have none). */
static void
collect_images (A11y *a, xmlNodePtr node, GPtrArray **headings, GArray *images)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (g_ascii_strcasecmp ((const char *) node->name, "img") == 0)
        {
          HeraldLintImage image = { 0 };

          if (*headings == NULL)
            {
              *headings = g_ptr_array_new_with_free_func (g_free);
              collect_headings (xmlDocGetRootElement (a->doc), *headings);
            }
          node_position (a, node, &image.line, &image.column);
          _herald_lint_describe_image (node, *headings, &image);
          g_array_append_val (images, image);
        }
      collect_images (a, node->children, headings, images);
    }
}

void
_herald_lint_image_clear (gpointer data)
{
  HeraldLintImage *image = data;

  g_free (image->alt);
  g_free (image->file_name);
}

static GArray *
a11y_images (A11y *a)
{
  g_autoptr (GPtrArray) headings = NULL;
  GArray *images = g_array_new (FALSE, TRUE, sizeof (HeraldLintImage));

  g_array_set_clear_func (images, _herald_lint_image_clear);
  collect_images (a, xmlDocGetRootElement (a->doc), &headings, images);
  return images;
}

static void
report_text_images (A11y *a, GArray *images)
{
  for (guint i = 0; i < images->len; i++)
    {
      HeraldLintImage *image = &g_array_index (images, HeraldLintImage, i);
      g_autofree char *message = NULL;

      if (image->reason == HERALD_LINT_TEXT_IMAGE_NONE)
        continue;
      message = _herald_lint_text_image_message (image);
      herald_diagnostic_set_fix (_herald_lint_add (a->lint, "img-text", HERALD_SEVERITY_WARNING,
                                                   HERALD_PART_HTML, image->line, image->column,
                                                   NULL, "%s", message),
                                 _herald_lint_text_image_fix ());
    }
}
