/* herald-lint-a11y-tree.c: the tree the accessibility rules (herald-lint-a11y.c) read, made
 * by libxml2's HTML parser from a compact copy of the HTML, with what the copy left out put
 * back, and without what no rule reads (blank text between tags, most comments, most
 * attributes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <limits.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "herald-html-input.h"
#include "herald-lint-a11y-private.h"

static gboolean compaction_enabled = TRUE;

void
_herald_lint_a11y_set_compaction (gboolean enabled)
{
  compaction_enabled = enabled;
}

/* Whether role is presentation or none, which takes an element out of the reading. */
static gboolean
is_presentation_role (const xmlChar *role)
{
  return role != NULL && (g_ascii_strcasecmp ((const char *) role, "presentation") == 0 ||
                          g_ascii_strcasecmp ((const char *) role, "none") == 0);
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
 * of html when there is one, given whole to libxml2. */
htmlDocPtr
_herald_lint_a11y_read_html (A11y *a, const char *html)
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
      doc = herald_html_read_whole_text (parser, text, length, "UTF-8",
                                         HTML_PARSE_NONET | HTML_PARSE_NOWARNING |
                                             HTML_PARSE_NOERROR);
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
