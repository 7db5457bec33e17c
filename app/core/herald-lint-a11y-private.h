/* herald-lint-a11y-private.h: what the accessibility rules (herald-lint-a11y.c) and their
 * cascade (herald-lint-a11y-cascade.c) share: the state of one template's check, the computed
 * style of an element, and the cascade's entry points.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <libxml/HTMLparser.h>

#include "herald-html-compact.h"
#include "herald-lint-private.h"

G_BEGIN_DECLS

/* A rule of the cascade (a <style> selector's or an inline style's declarations): only the
 * cascade reads one. */
typedef struct _StyleRule StyleRule;
/* The rules by the type, class or id their selector names (herald-lint-a11y-cascade.c). */
typedef struct _RuleIndex RuleIndex;
/* The inline styles' rules by their text (herald-lint-a11y-styles.c). */
typedef struct _InlineStyles InlineStyles;

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
  InlineStyles *inline_styles; /* their texts in texts */
  /* The style attributes' texts, each once, and each element's class text (its psvi):
   * looking a class up costs more than copying it. */
  GStringChunk *texts;
  GPtrArray *style_elements; /* xmlNodePtr, <style> in document order */
  GPtrArray *stylesheets;    /* xmlChar, their texts, which the rules read */
  RuleIndex *rule_index;
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
  /* While libxml2 parses a compact copy of html: the copy, the values it left out (NULL
   * when libxml2 parses html itself), the next one to look at, their copies for the element
   * being made, and the <style> and <script> elements whose text is to be put back. */
  const char *compact_text;
  const HeraldHtmlCompactMoved *moved;
  guint n_moved;
  guint next_moved;
  GString *restored;
  GArray *raw_texts; /* RawText (herald-lint-a11y.c) */
  /* The tree builder's current node while libxml2 parses (herald-lint-a11y.c). */
  xmlNodePtr node;
} A11y;

/* What start_element() (herald-lint-a11y.c) notes of an element in its extra, which libxml2
 * leaves to its users: whether it has a bgcolor attribute (few have), whether it or an
 * element around it is a link or a heading, or holds a stylesheet, and its role. */
enum
{
  ELEMENT_HAS_BGCOLOR = 1 << 0,
  ELEMENT_IN_READ_TEXT = 1 << 1,
  ELEMENT_PRESENTATION = 1 << 2, /* role="presentation" or "none" */
};

/* What the cascade reads of an element, the same in light and dark: read once for both. */
typedef struct
{
  /* StyleRule, light and dark ones, in cascade order: in A11y's matched, which has room
   * for all the rules. */
  StyleRule **matched;
  guint n_matched;
  const StyleRule *inline_rule;
  gboolean has_bgcolor;
  guint32 bgcolor;
  gboolean has_font_color; /* <font color> */
  guint32 font_color;
  /* What the element's name gives: its font size in its parent's (when not the same), bold
   * text, a link's colour. */
  gboolean has_size_em;
  double size_em;
  gboolean bold;
  gboolean link;
} Element;

/* Whether an element's name is name: asked of every element for several names, most of
 * which differ in their first letter. */
static inline gboolean
is_named (const char *element_name, const char *name)
{
  return element_name[0] == name[0] && strcmp (element_name, name) == 0;
}

/* Here rather than in the cascade: one store, for every element the rules walk. */
static inline void
element_clear (Element *element)
{
  element->matched = NULL;
}

/* Whether the rule parses a compact copy of the HTML (for the tests, which compare), and the
 * copy it parses (NULL when it parses the HTML itself). */
void _herald_lint_a11y_set_compaction (gboolean enabled);
HeraldHtmlCompact *_herald_lint_a11y_compact (const char *html, gsize length);
/* The tree of html (herald-lint-a11y-tree.c), as htmlReadMemory() would make it but for what
 * no rule reads, with a's inline styles, class texts and <style> elements noted. */
htmlDocPtr _herald_lint_a11y_read_html (A11y *a, const char *html);

void _herald_lint_style_rule_free (gpointer data);
double _herald_lint_contrast (guint32 a, guint32 b);
InlineStyles *_herald_lint_inline_styles_new (void);
void _herald_lint_inline_styles_free (InlineStyles *styles);
StyleRule *_herald_lint_inline_style (A11y *a, const char *text);
/* The rule of the inline style css[0, length), and a copy of one
 * (herald-lint-a11y-cascade.c, for herald-lint-a11y-styles.c). */
StyleRule *_herald_lint_inline_rule_new (A11y *a, const char *css, gsize length);
StyleRule *_herald_lint_inline_rule_copy (const StyleRule *rule);
/* The HeraldCssRule of the stylesheet css, read once per run (herald-lint-a11y-styles.c). */
GArray *_herald_lint_stylesheet_rules (const char *css);
void _herald_lint_collect_stylesheets (A11y *a);
void _herald_lint_index_rules (A11y *a);
void _herald_lint_rule_index_free (RuleIndex *index);
int _herald_lint_compare_rules (gconstpointer a, gconstpointer b);
const char *_herald_lint_attribute_value (xmlNodePtr node, const char *name, xmlChar **copy);
void _herald_lint_element_init (A11y *a, xmlNodePtr node, Element *element);
Style _herald_lint_compute_style (const Element *element,
                                  xmlNodePtr node,
                                  const Style *parent,
                                  gboolean dark);

G_END_DECLS
