/* herald-lint-a11y.c: accessibility rules. Contrast (light and the email's own dark styles),
 * text size, heading order, link text, decorative and linked images, layout tables.
 *
 * One concept, the accessibility rules. The small cascade they all read (the computed
 * colours and sizes of each element) is herald-lint-a11y-cascade.c. The translation checks
 * compare the same links and images, read by herald-lint-links.c from the events of the same
 * libxml2 parse without its tree, with the same list of vague link texts, so both judge the
 * same elements.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <limits.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "herald-css.h"
#include "herald-html-lang.h"
#include "herald-lint-a11y-private.h"

#define BODY_TEXT_MIN_PX 14.0
#define AA_NORMAL 4.5
#define AA_LARGE 3.0

static gboolean compaction_enabled = TRUE;

void
_herald_lint_a11y_set_compaction (gboolean enabled)
{
  compaction_enabled = enabled;
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

/* Whether role is presentation or none, which takes an element out of the reading. */
static gboolean
is_presentation_role (const xmlChar *role)
{
  return role != NULL && (g_ascii_strcasecmp ((const char *) role, "presentation") == 0 ||
                          g_ascii_strcasecmp ((const char *) role, "none") == 0);
}

/* Whether node has that role: noted as it was made (the tree keeps the role of images
 * only, start_element()), or in the tree. */
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

/* The attributes the rules read (herald-lint-text-images.c's of an <img> too). */
static const char *const read_attributes[] = {
  "class", "id",   "style", "bgcolor", "color",       "href", "alt",
  "src",   "role", "width", "height",  "aria-hidden", NULL,
};

/* Those whose values libxml2 is spared, read from the original instead: the long ones (an
 * email's inline styles are most of its bytes), and frequent ones (libxml2 reads an
 * attribute's name and value a character at a time, and copies them): every table's role,
 * the height of cells, which only an image's is read of. Rarer ones cost less kept than
 * looked for on every tag; width stays, as the tests of the copy expect. */
static const char *const moved_attributes[] = {
  "style", "class", "href", "src", "role", "height", NULL,
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
  for (guint i = 0; read_attributes[i] != NULL; i++)
    if (is_named ((const char *) name, read_attributes[i]))
      return TRUE;
  return FALSE;
}

/* Moved values */

/* Where libxml2 is in the compact copy: at a start tag's ">" when it makes its element. */
static gsize
parser_offset (htmlParserCtxtPtr parser)
{
  return parser->input->consumed + (gsize) (parser->input->cur - parser->input->base);
}

/* A <style> or <script> element whose text was moved. */
typedef struct
{
  xmlNodePtr node;
  gsize start;
  gsize end;
} RawText;

/* Skips the moved values of the tags before the one libxml2 is at (at): elements are made in
 * document order. */
static void
skip_moved_before (A11y *a, gsize at)
{
  while (a->next_moved < a->n_moved && a->moved[a->next_moved].tag_end < at)
    a->next_moved++;
}

/* Whether the moved values at the tag libxml2 is at (at) are those of the element name: not
 * of one that libxml2 implies there before it (<html>, <head>, <body>), whose name differs. */
static gboolean
is_moved_tag (A11y *a, gsize at, const xmlChar *name)
{
  const HeraldHtmlCompactMoved *moved = &a->moved[a->next_moved];
  const char *tag_name;
  gsize length;

  if (a->next_moved >= a->n_moved || moved->tag_end != at ||
      moved->attribute == HERALD_HTML_COMPACT_TEXT)
    return FALSE;
  tag_name = a->compact_text + moved->tag_start + 1;
  /* In place: the parser's names are in lower case, most tags too. */
  for (length = 0; name[length] != '\0'; length++)
    if (_herald_lint_ascii_lower (tag_name[length]) != _herald_lint_ascii_lower (name[length]))
      return FALSE;
  return !herald_html_is_name_char (tag_name[length]);
}

/* The moved values of the start tag libxml2 is at, as copies into values (by index in
 * moved_attributes; the others are left as they are). */
static void
restore_values (A11y *a, gsize at, const xmlChar *values[])
{
  gsize length = 0;
  char *out;

  /* The room for them all first, so that each is copied in place and stays there. */
  for (guint i = a->next_moved; i < a->n_moved && a->moved[i].tag_end == at; i++)
    if (a->moved[i].attribute != HERALD_HTML_COMPACT_RAW_TEXT)
      length += a->moved[i].end - a->moved[i].start + 1;
  g_string_set_size (a->restored, length);
  out = a->restored->str;
  for (guint i = a->next_moved; i < a->n_moved && a->moved[i].tag_end == at; i++)
    {
      const HeraldHtmlCompactMoved *moved = &a->moved[i];

      if (moved->attribute == HERALD_HTML_COMPACT_RAW_TEXT)
        continue;
      memcpy (out, a->html + moved->start, moved->end - moved->start);
      values[moved->attribute] = (const xmlChar *) out;
      out += moved->end - moved->start;
      *out++ = '\0';
    }
}

/* A <style> or <script> element (node) whose text was moved: it is put back once the tree is
 * made. */
static void
note_raw_text (A11y *a, gsize at, xmlNodePtr node)
{
  for (guint i = a->next_moved; i < a->n_moved && a->moved[i].tag_end == at; i++)
    if (a->moved[i].attribute == HERALD_HTML_COMPACT_RAW_TEXT)
      {
        RawText raw_text = { node, a->moved[i].start, a->moved[i].end };

        g_array_append_val (a->raw_texts, raw_text);
      }
}

/* The moved texts, in the CDATA node that libxml2 makes of such a text. */
static void
restore_raw_texts (A11y *a)
{
  for (guint i = 0; i < a->raw_texts->len; i++)
    {
      RawText *raw_text = &g_array_index (a->raw_texts, RawText, i);
      xmlNodePtr node = raw_text->node;
      xmlNodePtr text = xmlNewCDataBlock (node->doc, (const xmlChar *) a->html + raw_text->start,
                                          (int) (raw_text->end - raw_text->start));

      /* What libxml2 made of the copy's text (its newlines). */
      xmlFreeNodeList (node->children);
      node->children = node->last = NULL;
      if (xmlAddChild (node, text) == NULL)
        xmlFreeNode (text);
    }
}

/* The tree builder's current node
 *
 * libxml2's tree builder keeps the node it adds to in the parser, where the HTML parser
 * reads it too: at each blank text, to choose between two callbacks that are one here, it
 * compares the name of that node's last child with some fifty names. Between callbacks the
 * node is kept in A11y instead, and the parser's is NULL, which that choice takes as "not
 * blank" at once. (Where the choice matters, with no element or <html> or <head> open, it
 * is made before the node is looked at.) */

static void
enter_tree (htmlParserCtxtPtr parser)
{
  A11y *a = parser->_private;

  parser->node = a->node;
}

static void
leave_tree (htmlParserCtxtPtr parser)
{
  A11y *a = parser->_private;

  a->node = parser->node;
  parser->node = NULL;
}

static void
end_element (void *ctx, const xmlChar *name)
{
  enter_tree (ctx);
  xmlSAX2EndElement (ctx, name);
  leave_tree (ctx);
}

static void
cdata_block (void *ctx, const xmlChar *value, int length)
{
  enter_tree (ctx);
  xmlSAX2CDataBlock (ctx, value, length);
  leave_tree (ctx);
}

static void
processing_instruction (void *ctx, const xmlChar *target, const xmlChar *data)
{
  enter_tree (ctx);
  xmlSAX2ProcessingInstruction (ctx, target, data);
  leave_tree (ctx);
}

/* Whether an element is a link or a heading, or holds a stylesheet, whose blank texts are
 * read: its first letter first. */
static gboolean
is_read_text (xmlNodePtr node)
{
  const char *name = (const char *) node->name;

  switch (_herald_lint_ascii_lower (name[0]))
    {
    case 'a':
      return name[1] == '\0';
    case 'h':
      return name[1] >= '1' && name[1] <= '6' && name[2] == '\0';
    case 's':
      return g_ascii_strcasecmp (name, "style") == 0;
    default:
      return FALSE;
    }
}

/* Making elements
 *
 * The parser's names (of elements and attributes) are in its dictionary, which the document
 * shares (start_document()): xmlSAX2StartElement() copies them, a call and an allocation each,
 * and frees the copies with the tree. */

static void
start_document (void *ctx)
{
  htmlParserCtxtPtr parser = ctx;

  xmlSAX2StartDocument (ctx);
  if (parser->myDoc != NULL && parser->myDoc->dict == NULL && parser->dict != NULL)
    {
      parser->myDoc->dict = parser->dict;
      xmlDictReference (parser->dict);
    }
}

/* name as one of the dictionary's strings (those of elements libxml2 implies are not). */
static const xmlChar *
dict_name (htmlParserCtxtPtr parser, const xmlChar *name)
{
  return xmlDictOwns (parser->dict, name) == 1 ? name : xmlDictLookup (parser->dict, name, -1);
}

/* Whether build_element() makes what xmlSAX2StartElement() would: when the document shares the
 * dictionary, for a name without a prefix (which xmlSAX2StartElement() takes off). */
static gboolean
can_build_element (htmlParserCtxtPtr parser)
{
  return parser->myDoc != NULL && parser->dict != NULL && parser->myDoc->dict == parser->dict;
}

/* xmlSAX2StartElement() of an HTML element (its steps, in its order) with the dictionary's
 * names. Its attributes are made as xmlSAX2StartElement() makes those of an HTML element
 * that are not boolean ones (none of those kept is), but for the table of ids, which no one
 * here looks up. */
static void
build_element (htmlParserCtxtPtr parser, const xmlChar *name, const xmlChar **atts)
{
  xmlDocPtr doc = parser->myDoc;
  xmlNodePtr parent = parser->node;
  xmlNodePtr node = xmlNewDocNodeEatName (doc, NULL, (xmlChar *) dict_name (parser, name), NULL);

  if (node == NULL)
    return;
  if (doc->children == NULL)
    xmlAddChild ((xmlNodePtr) doc, node);
  else if (parent == NULL)
    parent = doc->children;
  parser->nodemem = -1;
  if (parser->linenumbers && parser->input != NULL)
    node->line = parser->input->line < USHRT_MAX ? (unsigned short) parser->input->line : USHRT_MAX;
  if (nodePush (parser, node) < 0)
    {
      xmlUnlinkNode (node);
      xmlFreeNode (node);
      return;
    }
  if (parent != NULL)
    {
      if (parent->type == XML_ELEMENT_NODE)
        xmlAddChild (parent, node);
      else
        xmlAddSibling (parent, node);
    }
  for (guint i = 0; atts != NULL && atts[i] != NULL; i += 2)
    {
      xmlAttrPtr attribute =
          xmlNewNsPropEatName (node, NULL, (xmlChar *) dict_name (parser, atts[i]), NULL);

      if (attribute != NULL && atts[i + 1] != NULL)
        {
          attribute->children = attribute->last = xmlNewDocText (doc, atts[i + 1]);
          if (attribute->children != NULL)
            attribute->children->parent = (xmlNodePtr) attribute;
        }
    }
}

/* What start_element() makes of an element's attributes. */
typedef struct
{
  const xmlChar *kept[2 * G_N_ELEMENTS (read_attributes) + 1];
  guint n;
  gboolean all;
  gboolean has_style;
  const xmlChar *style;
  gboolean has_class;
  const xmlChar *klass;
  gboolean has_bgcolor;
  gboolean presentation;
} Attributes;

/* Its kept array is written up to its end only: not cleared. */
static void
attributes_init (Attributes *attributes)
{
  attributes->n = 0;
  attributes->all = FALSE;
  attributes->has_style = FALSE;
  attributes->style = NULL;
  attributes->has_class = FALSE;
  attributes->klass = NULL;
  attributes->has_bgcolor = FALSE;
  attributes->presentation = FALSE;
}

/* What start_element() does with an attribute, by its name. */
typedef enum
{
  ATTRIBUTE_OTHER, /* left out */
  ATTRIBUTE_STYLE,
  ATTRIBUTE_CLASS,
  ATTRIBUTE_READ,
  ATTRIBUTE_BGCOLOR, /* read, and noted */
  ATTRIBUTE_IMAGE,   /* read of images only */
  ATTRIBUTE_ROLE,    /* read of images, noted of the others (a table's) */
} AttributeKind;

static AttributeKind
attribute_kind (const xmlChar *name)
{
  if (is_named ((const char *) name, "style"))
    return ATTRIBUTE_STYLE;
  if (is_named ((const char *) name, "class"))
    return ATTRIBUTE_CLASS;
  if (!is_read_attribute (name))
    return ATTRIBUTE_OTHER;
  if (is_image_attribute (name))
    return ATTRIBUTE_IMAGE;
  if (is_named ((const char *) name, "role"))
    return ATTRIBUTE_ROLE;
  return is_named ((const char *) name, "bgcolor") ? ATTRIBUTE_BGCOLOR : ATTRIBUTE_READ;
}

/* The kinds of moved_attributes, found once: every element asks. */
static const AttributeKind *
moved_kinds (void)
{
  static AttributeKind kinds[G_N_ELEMENTS (moved_attributes)];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; moved_attributes[i] != NULL; i++)
        kinds[i] = attribute_kind ((const xmlChar *) moved_attributes[i]);
      g_once_init_leave (&done, 1);
    }
  return kinds;
}

static void
sort_attribute (Attributes *attributes,
                AttributeKind kind,
                const xmlChar *name,
                const xmlChar *value,
                gboolean maybe_image)
{
  switch (kind)
    {
    case ATTRIBUTE_STYLE:
      attributes->has_style = TRUE;
      attributes->style = value;
      return;
    case ATTRIBUTE_CLASS:
      attributes->has_class = TRUE;
      attributes->klass = value;
      return;
    case ATTRIBUTE_IMAGE:
      if (!maybe_image)
        return;
      break;
    case ATTRIBUTE_BGCOLOR:
      attributes->has_bgcolor = TRUE;
      break;
    case ATTRIBUTE_ROLE:
      attributes->presentation |= is_presentation_role (value);
      if (!maybe_image)
        return;
      break;
    case ATTRIBUTE_READ:
      break;
    case ATTRIBUTE_OTHER:
    default:
      return;
    }
  /* The parser drops repeated attributes; should one get through, all are kept. */
  attributes->all |= attributes->n + 2 >= G_N_ELEMENTS (attributes->kept);
  if (attributes->all)
    return;
  attributes->kept[attributes->n++] = name;
  attributes->kept[attributes->n++] = value;
}

/* atts and the moved values (restored), for all of them to be kept. */
static const xmlChar **
all_attributes (const xmlChar **atts, const xmlChar *const restored[])
{
  GPtrArray *all = g_ptr_array_new ();

  for (guint i = 0; atts != NULL && atts[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) atts[i]);
  for (guint i = 0; moved_attributes[i] != NULL; i++)
    if (restored[i] != NULL)
      {
        g_ptr_array_add (all, (gpointer) moved_attributes[i]);
        g_ptr_array_add (all, (gpointer) restored[i]);
      }
  g_ptr_array_add (all, NULL);
  return (const xmlChar **) g_ptr_array_free (all, FALSE);
}

/* xmlSAX2StartElement() with the attributes no rule reads left out: an email's tables and
 * cells carry many (cellpadding, border, align…), and each costs the tree three
 * allocations. The parser names attributes in lower case, as the rules ask for them. The
 * style and class attributes, on most elements, are read into the element instead: its
 * _private is its inline style's rule, its psvi its class text (an <img> keeps both as
 * attributes too, for the image checks). A bare attribute reads as "", as xmlGetProp()
 * gives it. The compact copy of the HTML has the values it moved out put back. */
static void
start_element (void *ctx, const xmlChar *name, const xmlChar **atts)
{
  htmlParserCtxtPtr parser = ctx;
  A11y *a = parser->_private;
  xmlNodePtr parent = a->node;
  xmlNodePtr node;
  Attributes attributes;
  const xmlChar *restored[G_N_ELEMENTS (moved_attributes)] = { NULL };
  const AttributeKind *kinds = moved_kinds ();
  g_autofree const xmlChar **all_atts = NULL;
  gsize at = 0;
  gboolean prefixed = strchr ((const char *) name, ':') != NULL;
  /* The element's name is split at a prefix later ("v:img"): any prefixed one may be one. */
  gboolean maybe_image = prefixed || (_herald_lint_ascii_lower (name[0]) == 'i' &&
                                      g_ascii_strcasecmp ((const char *) name, "img") == 0);

  attributes_init (&attributes);
  if (a->moved != NULL)
    {
      at = parser_offset (parser);
      skip_moved_before (a, at);
      if (is_moved_tag (a, at, name))
        restore_values (a, at, restored);
    }
  for (guint i = 0; atts != NULL && atts[i] != NULL; i += 2)
    sort_attribute (&attributes, attribute_kind (atts[i]), atts[i], atts[i + 1], maybe_image);
  for (guint i = 0; moved_attributes[i] != NULL; i++)
    if (restored[i] != NULL)
      sort_attribute (&attributes, kinds[i], (const xmlChar *) moved_attributes[i], restored[i],
                      maybe_image);
  attributes.kept[attributes.n] = NULL;
  if (attributes.all)
    all_atts = all_attributes (atts, restored);
  enter_tree (parser);
  if (attributes.all || prefixed || !can_build_element (parser))
    xmlSAX2StartElement (ctx, name,
                         attributes.all     ? all_atts
                         : attributes.n > 0 ? attributes.kept
                                            : NULL);
  else
    build_element (parser, name, attributes.kept);
  leave_tree (parser);
  node = a->node;
  if (node == NULL || node == parent)
    return;
  if (attributes.has_bgcolor)
    node->extra |= ELEMENT_HAS_BGCOLOR;
  if (attributes.presentation)
    node->extra |= ELEMENT_PRESENTATION;
  if (is_read_text (node) || (node->parent != NULL && node->parent->type == XML_ELEMENT_NODE &&
                              (node->parent->extra & ELEMENT_IN_READ_TEXT) != 0))
    node->extra |= ELEMENT_IN_READ_TEXT;
  if (_herald_lint_ascii_lower (node->name[0]) == 's')
    {
      gboolean is_style = g_ascii_strcasecmp ((const char *) node->name, "style") == 0;

      /* Elements are made in document order, and never moved. */
      if (is_style)
        g_ptr_array_add (a->style_elements, node);
      if (a->moved != NULL &&
          (is_style || g_ascii_strcasecmp ((const char *) node->name, "script") == 0) &&
          is_moved_tag (a, at, node->name))
        note_raw_text (a, at, node);
    }
  if (attributes.has_style)
    node->_private = _herald_lint_inline_style (
        a, attributes.style != NULL ? (const char *) attributes.style : "");
  if (attributes.has_class)
    node->psvi = g_string_chunk_insert (
        a->texts, attributes.klass != NULL ? (const char *) attributes.klass : "");
  if (!attributes.all && _herald_lint_ascii_lower (node->name[0]) == 'i' &&
      g_ascii_strcasecmp ((const char *) node->name, "img") == 0)
    {
      if (attributes.has_style)
        xmlNewProp (node, (const xmlChar *) "style", attributes.style);
      if (attributes.has_class)
        xmlNewProp (node, (const xmlChar *) "class", attributes.klass);
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

/* Whether node or an element around it is a link or a heading, or holds a stylesheet: noted
 * as each element is made (start_element()), asked at each blank text. */
static gboolean
in_read_text (xmlNodePtr node)
{
  return node->type == XML_ELEMENT_NODE && (node->extra & ELEMENT_IN_READ_TEXT) != 0;
}

/* The original of a text that the copy cut down (HERALD_HTML_COMPACT_TEXT) into *text and
 * *length, when libxml2 hands over one at its end. */
static void
take_moved_text (A11y *a, htmlParserCtxtPtr parser, const xmlChar **text, int *length)
{
  gsize at = parser_offset (parser);
  const HeraldHtmlCompactMoved *moved;

  skip_moved_before (a, at);
  if (a->next_moved >= a->n_moved)
    return;
  moved = &a->moved[a->next_moved];
  if (moved->tag_end != at || moved->attribute != HERALD_HTML_COMPACT_TEXT)
    return;
  *text = (const xmlChar *) a->html + moved->start;
  *length = (int) (moved->end - moved->start);
  a->next_moved++;
}

static void
characters (void *ctx, const xmlChar *text, int length)
{
  htmlParserCtxtPtr parser = ctx;
  A11y *a = parser->_private;
  int i = 0;

  if (a->moved != NULL)
    take_moved_text (a, parser, &text, &length);
  while (i < length && g_ascii_isspace (text[i]))
    i++;
  if (i == length && a->node != NULL && !last_is_text (a->node) && !in_read_text (a->node))
    return;
  enter_tree (parser);
  xmlSAX2Characters (ctx, text, length);
  leave_tree (parser);
}

static void
comment (void *ctx, const xmlChar *value)
{
  htmlParserCtxtPtr parser = ctx;
  A11y *a = parser->_private;

  /* Kept between two texts, which would otherwise make one. */
  if (a->node != NULL && !last_is_text (a->node))
    return;
  enter_tree (parser);
  xmlSAX2Comment (ctx, value);
  leave_tree (parser);
}

/* What libxml2 parses instead of html (NULL for html itself): libxml2's cost is per byte,
 * and email HTML is mostly attributes no rule reads, long inline styles, stylesheets and
 * indentation. The copy keeps the attributes the rules read and every newline (elements are
 * paired with their tags by line); the long values and the stylesheets it moves out are put
 * back from html, so that the tree is html's. */
HeraldHtmlCompact *
_herald_lint_a11y_compact (const char *html, gsize length)
{
  static const HeraldHtmlCompactOptions options = {
    .kept_attributes = read_attributes,
    .moved_attributes = moved_attributes,
    .keep_lines = TRUE,
    .move_raw_text = TRUE,
    .no_comment_text = TRUE,
    .move_text = TRUE,
  };

  return herald_html_compact_new_full (html, length, &options);
}

/* htmlReadMemory() with start_element(), characters() and comment(), on the compact copy
 * of html when there is one. */
static htmlDocPtr
read_html (A11y *a, const char *html)
{
  g_autoptr (HeraldHtmlCompact) compact = NULL;
  htmlParserCtxtPtr parser;
  const char *text = html;
  gsize length = strlen (html);
  htmlDocPtr doc;

  if (compaction_enabled)
    compact = _herald_lint_a11y_compact (html, length);
  if (compact != NULL)
    {
      text = herald_html_compact_get_text (compact, &length);
      a->compact_text = text;
      a->moved = herald_html_compact_get_moved (compact, &a->n_moved);
      a->next_moved = 0;
      a->restored = g_string_new (NULL);
      a->raw_texts = g_array_new (FALSE, FALSE, sizeof (RawText));
    }
  parser = htmlNewParserCtxt ();
  if (parser == NULL)
    doc = NULL;
  else
    {
      parser->_private = a;
      parser->sax->startDocument = start_document;
      parser->sax->startElement = start_element;
      parser->sax->endElement = end_element;
      parser->sax->characters = characters;
      parser->sax->cdataBlock = cdata_block;
      parser->sax->processingInstruction = processing_instruction;
      parser->sax->comment = comment;
      a->node = NULL;
      doc = htmlCtxtReadMemory (parser, text, (int) MIN (length, G_MAXINT), NULL, "UTF-8",
                                HTML_PARSE_NONET | HTML_PARSE_NOWARNING | HTML_PARSE_NOERROR);
      htmlFreeParserCtxt (parser);
    }
  if (compact != NULL)
    {
      if (doc != NULL)
        restore_raw_texts (a);
      a->moved = NULL;
      a->compact_text = NULL;
      g_string_free (a->restored, TRUE);
      g_array_unref (a->raw_texts);
    }
  return doc;
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
  a->doc = read_html (a, html);
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
