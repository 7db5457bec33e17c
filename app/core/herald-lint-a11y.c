/* herald-lint-a11y.c: accessibility rules. Contrast (light and the email's own dark styles),
 * text size, heading order, link text, decorative and linked images, layout tables.
 *
 * One concept, the accessibility rules. The small cascade they all read (the computed
 * colours and sizes of each element) is herald-lint-a11y-cascade.c, the tree they read (made
 * by libxml2 from a compact copy of the HTML) herald-lint-a11y-tree.c. The translation checks
 * compare the same links and images, read by herald-lint-links.c from the events of the same
 * libxml2 parse without its tree, with the same list of vague link texts, so both judge the
 * same elements.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "herald-css.h"
#include "herald-html-lang.h"
#include "herald-lint-a11y-private.h"

#define BODY_TEXT_MIN_PX 14.0
#define AA_NORMAL 4.5
#define AA_LARGE 3.0

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
          if (!_herald_lint_tag_on_line (a->line_starts, tag, xmlGetLineNo (node)) &&
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

      /* An element without children has no text to judge, and no one to pass its style
       * on to (a spacer cell, an image). */
      if (node->type != XML_ELEMENT_NODE || node->children == NULL)
        continue;
      name = (const char *) node->name;
      if (is_named (name, "style") || is_named (name, "script") || is_named (name, "head"))
        continue;
      _herald_lint_element_init (w->a, node, &element);
      light = _herald_lint_compute_style (&element, node, light_parent, FALSE);
      dark = w->a->has_dark_rules ? _herald_lint_compute_style (&element, node, dark_parent, TRUE)
                                  : light;
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
              double ratio;
              Group *group;

              if (mode == 1 && (!w->a->has_dark_rules ||
                                (dark.color == light.color && dark.background == light.background)))
                continue;
              ratio = _herald_lint_contrast (s->color, s->background);
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
  const char *v = _herald_lint_attribute_value (node, name, &copy);
  gboolean is = v != NULL && g_ascii_strcasecmp (v, value) == 0;

  xmlFree (copy);
  return is;
}

/* Whether node has that role: noted as it was made (the tree keeps the role of images
 * only, start_element() in herald-lint-a11y-tree.c), or in the tree. */
static gboolean
has_presentation_role (xmlNodePtr node)
{
  return (node->extra & ELEMENT_PRESENTATION) != 0 || prop_is (node, "role", "presentation") ||
         prop_is (node, "role", "none");
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
      else if (is_named (name, "a") && xmlHasProp (node, (const xmlChar *) "href"))
        check_link (s->a, node);
      else if (is_named (name, "img"))
        check_image (s->a, node);
      else if (is_named (name, "table") && !has_presentation_role (node) &&
               find_descendant (node, "th") == NULL && find_descendant (node, "caption") == NULL)
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

static void
free_xml_string (gpointer data)
{
  xmlFree (data);
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
  a->inline_styles = _herald_lint_inline_styles_new ();
  a->css_declarations = g_array_new (FALSE, FALSE, sizeof (HeraldCssDeclaration));
  a->texts = g_string_chunk_new (4096);
  a->style_elements = g_ptr_array_new ();
  a->stylesheets = g_ptr_array_new_with_free_func (free_xml_string);
  a->doc = _herald_lint_a11y_read_html (a, html);
  xmlSetStructuredErrorFunc (NULL, NULL);
  if (a->doc == NULL)
    return FALSE;

  a->rules = g_ptr_array_new_with_free_func (_herald_lint_style_rule_free);
  a->matched = g_ptr_array_new ();
  return TRUE;
}

static void
a11y_close (A11y *a)
{
  g_clear_pointer (&a->tags, g_array_unref);
  g_clear_pointer (&a->rules, g_ptr_array_unref);
  g_clear_pointer (&a->rule_index, _herald_lint_rule_index_free);
  g_clear_pointer (&a->inline_styles, _herald_lint_inline_styles_free);
  g_clear_pointer (&a->matched, g_ptr_array_unref);
  g_clear_pointer (&a->css_declarations, g_array_unref);
  g_clear_pointer (&a->texts, g_string_chunk_free);
  g_clear_pointer (&a->style_elements, g_ptr_array_unref);
  g_clear_pointer (&a->stylesheets, g_ptr_array_unref);
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
  _herald_lint_collect_stylesheets (&a);
  /* Cascade order, once: each element's matching rules then come in that order. */
  g_ptr_array_sort (a.rules, _herald_lint_compare_rules);
  _herald_lint_index_rules (&a);

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
