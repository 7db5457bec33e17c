/* herald-lint-links.c: the links and images of an HTML text, for the translation checks.
 *
 * One concept: what the per-locale checks compare between a translation and its source
 * (each link's text and whether it is vague, each image and whether it is text in an
 * image), read without building a tree, and a quick look that tells when a translation has
 * neither, so that it need not be parsed. The accessibility rules (herald-lint-a11y.c) judge
 * the same elements from their tree of the source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>

#include "herald-html-lang.h"
#include "herald-lint-private.h"

/* Links and images, for the per-locale checks
 *
 * Read with libxml2's SAX callbacks, without a tree: the facts are those the tree of
 * a11y_open() would give (xmlNodeGetContent() of each <a> and heading, xmlGetProp() of each
 * <img>, its nearest <a>), taken from the same events. The parse is set up as
 * htmlReadMemory() does, so that libxml2 makes the same decisions; element names are split
 * at a prefix as xmlSAX2StartElement() does, and a parse nested deeper than the tree allows
 * stops where the tree's does. */

/* Link text that says nothing out of context, in the languages Herald is translated to and a
 * few more; compared after case folding, with punctuation and spaces at the ends removed. */
static const char *const vague_link_texts[] = {
  /* en */ "click here",
  "here",
  "click",
  "this link",
  "link",
  /* fr */ "cliquez ici",
  "cliquer ici",
  "ici",
  "ce lien",
  "lien",
  /* de */ "hier klicken",
  "klicken sie hier",
  "hier",
  "link",
  "dieser link",
  /* es */ "haga clic aquí",
  "haz clic aquí",
  "aquí",
  "clic aquí",
  /* it */ "clicca qui",
  "qui",
  /* pt */ "clique aqui",
  "aqui",
  /* nl */ "klik hier",
  NULL,
};

static void
link_clear (gpointer data)
{
  g_free (((HeraldLintLink *) data)->text);
}

gboolean
_herald_lint_is_vague_link_text (const char *text)
{
  return g_strv_contains (vague_link_texts, text) || g_str_has_prefix (text, "http://") ||
         g_str_has_prefix (text, "https://") || g_str_has_prefix (text, "www.");
}

gboolean
_herald_lint_has_vague_link_or_text_image (GArray *links, GArray *images)
{
  for (guint i = 0; i < links->len; i++)
    if (g_array_index (links, HeraldLintLink, i).vague)
      return TRUE;
  for (guint i = 0; i < images->len; i++)
    if (g_array_index (images, HeraldLintImage, i).reason != HERALD_LINT_TEXT_IMAGE_NONE)
      return TRUE;
  return FALSE;
}

/* A quick look before the parse
 *
 * Most translations have no image and no vague link: a look at the bytes can tell, and
 * spares the parse. The look only ever errs towards parsing: text that might begin a link
 * text, markup between letters, entities, and characters whose case folding gives ASCII
 * letters all count as possible. */

/* Bounds the backtracking over markup on pathological input (the answer is then "maybe"). */
#define LOOK_BUDGET 20000

typedef struct
{
  const char *html;
  gsize length;
  guint budget;
} Look;

static gsize
skip_entity (Look *l, gsize p)
{
  for (p++; p < l->length && (g_ascii_isalnum (l->html[p]) || l->html[p] == '#'); p++)
    ;
  return p < l->length && l->html[p] == ';' ? p + 1 : p;
}

static gboolean look_matches (Look *l, gsize p, const char *pattern, gboolean whole);

/* Markup at p may end at any ">" after it, one in a quoted attribute value too. */
static gboolean
look_matches_after_markup (Look *l, gsize p, const char *pattern, gboolean whole)
{
  for (const char *end = memchr (l->html + p, '>', l->length - p); end != NULL;
       end = memchr (end + 1, '>', l->html + l->length - end - 1))
    if (look_matches (l, end + 1 - l->html, pattern, whole))
      return TRUE;
  return FALSE;
}

/* Whether pattern (a lower-case text; a space stands for the blanks, spaces, entities and
 * markup between words) matches at p, with markup allowed between letters; whole: the text
 * must end after it, but for punctuation. */
static gboolean
look_matches (Look *l, gsize p, const char *pattern, gboolean whole)
{
  if (l->budget-- == 0)
    return TRUE;
  if (*pattern == ' ')
    {
      while (p < l->length &&
             (l->html[p] == '&' || (guchar) l->html[p] <= 0x20 || (guchar) l->html[p] >= 0x80))
        p = l->html[p] == '&' ? skip_entity (l, p) : p + 1;
      if (p < l->length && l->html[p] == '<')
        return look_matches_after_markup (l, p, pattern, whole);
      return look_matches (l, p, pattern + 1, whole);
    }
  /* A letter that is not ASCII ("aquí") may be written any way: the rest is not looked at. */
  if ((guchar) *pattern >= 0x80)
    return TRUE;
  if (*pattern == '\0')
    {
      if (!whole)
        return TRUE;
      while (p < l->length && l->html[p] != '<' && !g_ascii_isalnum (l->html[p]))
        p = l->html[p] == '&' ? skip_entity (l, p) : p + 1;
      return p == l->length || l->html[p] == '<';
    }
  if (p < l->length && _herald_lint_ascii_lower (l->html[p]) == (guchar) *pattern &&
      look_matches (l, p + 1, pattern + 1, whole))
    return TRUE;
  /* libxml2 leaves out control characters and non-characters (U+FFFE…): as well skip any
   * that is not ASCII. */
  if (p < l->length && ((guchar) l->html[p] >= 0x80 ||
                        ((guchar) l->html[p] < 0x20 && !g_ascii_isspace (l->html[p]))))
    return look_matches (l, p + 1, pattern, whole);
  return p < l->length && l->html[p] == '<' && look_matches_after_markup (l, p, pattern, whole);
}

/* Letters that are not ASCII letters in the bytes but are in the text or once case folded:
 * character references (or cut ones, which libxml2 reads too), the Kelvin sign, the long s
 * and the ligatures ("ﬁ"). "ß" folds to "ss", which no vague text has: one that did would
 * need it here too. */
static gboolean
is_hidden_letter_at (const char *p)
{
  const guchar *u = (const guchar *) p;

  if (p[0] == '&')
    {
      gboolean hex;
      gunichar value = 0;

      if (p[1] != '#')
        return FALSE;
      p += 2;
      hex = *p == 'x' || *p == 'X';
      for (p += hex; hex ? g_ascii_isxdigit (*p) : g_ascii_isdigit (*p); p++)
        value = MIN (value * (hex ? 16 : 10) + g_ascii_xdigit_value (*p), 0x110000);
      return *p != ';' || g_ascii_isalpha (value < 0x80 ? value : 0) || value == 0x17f ||
             value == 0x212a;
    }
  if (u[0] == 0xef)
    return u[1] == 0xac && u[2] >= 0x80 && u[2] <= 0x86;
  if (u[0] == 0xc5)
    return u[1] == 0xbf;
  return u[0] == 0xe2 && u[1] == 0x84 && u[2] == 0xaa;
}

/* The bytes that begin them are rare in a page: each is looked for with memchr(). */
static gboolean
has_hidden_letters (const char *html, gsize length)
{
  static const char starts[] = { '&', (char) 0xef, (char) 0xc5, (char) 0xe2 };

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    for (const char *p = memchr (html, starts[i], length); p != NULL;
         p = memchr (p + 1, starts[i], html + length - p - 1))
      if (is_hidden_letter_at (p))
        return TRUE;
  return FALSE;
}

/* Whether look_matches() may match pattern at text (a letter, the pattern's first): not
 * where a letter of text differs from the pattern's before either has a character that is
 * not an ASCII letter. Most words of a page (and of its CSS) share their first letters with
 * a vague text, not all of them. The text ends with a NUL, which is no letter. */
static gboolean
may_match (const char *text, const char *pattern)
{
  for (guint i = 1; pattern[i] >= 'a' && pattern[i] <= 'z' && g_ascii_isalpha (text[i]); i++)
    if (_herald_lint_ascii_lower (text[i]) != (guchar) pattern[i])
      return FALSE;
  return TRUE;
}

/* Letters only: "www." may be written "www&#46;". */
static const char *const url_starts[] = { "http", "www" };

#define N_LOOK_PATTERNS (G_N_ELEMENTS (url_starts) + G_N_ELEMENTS (vague_link_texts) - 1)

/* The texts the look tries, the starts of URLs (which need not end the text) first. */
static const char *
look_pattern (guint i, gboolean *whole)
{
  *whole = i >= G_N_ELEMENTS (url_starts);
  return *whole ? vague_link_texts[i - G_N_ELEMENTS (url_starts)] : url_starts[i];
}

/* The look's texts by their first letter: it asks at every word that follows markup or a
 * ";", most of them the CSS's. */
typedef struct
{
  /* The indices of the texts that begin with each letter (a to z), in order and ended by
   * N_LOOK_PATTERNS */
  guint8 patterns[26][N_LOOK_PATTERNS + 1];
  /* By first letter, bit s when a text's second byte is 'a' + s, bit 26 when one's is not a
   * lower-case letter: a word whose second letter has no bit matches none (may_match()) */
  guint32 seconds[26];
} LookTable;

#define ANY_SECOND (1u << 26)

static const LookTable *
look_table (void)
{
  static LookTable table;
  static gsize done = 0;

  G_STATIC_ASSERT (N_LOOK_PATTERNS < G_MAXUINT8);
  if (g_once_init_enter (&done))
    {
      for (guint l = 0; l < 26; l++)
        {
          guint n = 0;

          for (guint i = 0; i < N_LOOK_PATTERNS; i++)
            {
              gboolean whole;
              const char *pattern = look_pattern (i, &whole);

              if ((guchar) pattern[0] != 'a' + l)
                continue;
              table.patterns[l][n++] = i;
              table.seconds[l] |=
                  pattern[1] >= 'a' && pattern[1] <= 'z' ? 1u << (pattern[1] - 'a') : ANY_SECOND;
            }
          table.patterns[l][n] = N_LOOK_PATTERNS;
        }
      g_once_init_leave (&done, 1);
    }
  return &table;
}

/* Whether a link text that is vague could begin at p, a letter. */
static gboolean
look_at_text (Look *l, const LookTable *table, gsize p)
{
  guchar c = _herald_lint_ascii_lower (l->html[p]);
  const guint8 *candidates = table->patterns[c - 'a'];
  guint32 seconds = table->seconds[c - 'a'];
  char second = l->html[p + 1];

  if (g_ascii_isalpha (second) && (seconds & ANY_SECOND) == 0 &&
      (seconds & (1u << (_herald_lint_ascii_lower (second) - 'a'))) == 0)
    return FALSE;
  for (guint i = 0; candidates[i] != N_LOOK_PATTERNS; i++)
    {
      gboolean whole;
      const char *pattern = look_pattern (candidates[i], &whole);

      if (may_match (l->html + p, pattern) && look_matches (l, p, pattern, whole))
        return TRUE;
    }
  return FALSE;
}

static gboolean
begins_with_img (const char *p)
{
  return (p[0] | 0x20) == 'i' && (p[1] | 0x20) == 'm' && (p[2] | 0x20) == 'g';
}

/* An <img> or <prefix:img> element: "img" at the start of a start tag's name or after a
 * colon in it (libxml2 reads names of letters, digits and ":-_."). Only the "<" are looked
 * for, with memchr(): the colons of a page are mostly its CSS's. */
static gboolean
may_have_image (const char *html, gsize length)
{
  for (const char *p = memchr (html, '<', length); p != NULL;
       p = memchr (p + 1, '<', html + length - p - 1))
    for (const char *name = p + 1;; name++)
      {
        if (begins_with_img (name))
          return TRUE;
        while (g_ascii_isalnum (*name) || *name == '-' || *name == '_' || *name == '.')
          name++;
        if (*name != ':')
          break;
      }
  return FALSE;
}

/* Past the bytes before which a link's text may begin (blanks, controls, those of characters
 * that are not ASCII), up to end at most: eight at a time, as after most ">" comes the
 * indentation of the next line. */
static const char *
skip_spacing (const char *p, const char *end)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);

  /* More than half of the ">" and ";" of a page are followed at once by markup or a name. */
  if (p < end && (guchar) *p > 0x20 && (guchar) *p < 0x80)
    return p;
  for (; end - p >= 8; p += 8)
    {
      guint64 word;
      guint64 printable;

      memcpy (&word, p, sizeof word);
      word = GUINT64_FROM_LE (word);
      /* 0x21 to 0x7f: the high bit clear, and set by adding 0x5f to the low seven bits. */
      printable = ~word & ((word & ~highs) + 0x5f * ones) & highs;
      if (printable != 0)
        return p + __builtin_ctzll (printable) / 8;
    }
  while (p < end && ((guchar) *p <= 0x20 || (guchar) *p >= 0x80))
    p++;
  return p;
}

gboolean
_herald_lint_may_have_vague_links_or_images (const char *html)
{
  Look l = { html, html != NULL ? strlen (html) : 0, LOOK_BUDGET };
  const LookTable *table = look_table ();

  if (html == NULL || has_hidden_letters (html, l.length))
    return html != NULL;

  if (may_have_image (html, l.length))
    return TRUE;

  /* Where a link's text can begin: after markup or an entity, past blanks and characters
   * that may be spaces. */
  for (const char *p = html;; p = strpbrk (p, ">;"))
    {
      if (p == NULL)
        break;
      if (*p == '>' || *p == ';')
        p++;
      p = skip_spacing (p, html + l.length);
      if (g_ascii_isalpha (*p) && look_at_text (&l, table, p - html))
        return TRUE;
    }
  return FALSE;
}

/* An <a> element, with or without href: an image's nearest one decides whether the image
 * is all a link holds. */
typedef struct
{
  gboolean href;
  GString *text; /* its text content */
  gsize offset;  /* its start tag's offset + 1, 0 when not paired with one */
  guint line;    /* libxml2's line */
} Anchor;

typedef struct
{
  xmlNodePtr element; /* a detached <img> with the element's attributes */
  Anchor *anchor;     /* the nearest <a> around it, or NULL */
  gsize offset;
  guint line;
} Picture;

typedef struct
{
  Anchor *anchor;   /* when the element is an <a> */
  gboolean heading; /* the outermost open heading */
} OpenElement;

typedef struct
{
  xmlParserCtxtPtr ctxt;
  const char *html;
  gboolean positions;
  /* Start tags to pair the elements with, as map_nodes() does; NULL without positions or
   * when the template language cannot be read (positions are then libxml2's lines). */
  GArray *tags;
  GArray *line_starts;
  guint cursor;
  GArray *open;        /* OpenElement, one per element the tree would have open */
  GPtrArray *anchors;  /* Anchor, in document order */
  GPtrArray *pictures; /* Picture, in document order */
  GPtrArray *headings; /* normalized texts of the outermost headings */
  GString *heading;    /* the text of the open outermost heading, or NULL */
  guint n_open_anchors;
  gboolean halted;
} Reader;

static void
anchor_free (gpointer data)
{
  Anchor *anchor = data;

  g_string_free (anchor->text, TRUE);
  g_free (anchor);
}

static void
picture_free (gpointer data)
{
  Picture *picture = data;

  xmlFreeNode (picture->element);
  g_free (picture);
}

/* The offset + 1 of the start tag of the element that starts now, 0 when it has none. */
static gsize
pair_with_tag (Reader *r, const char *name, guint line)
{
  gsize length = strlen (name);

  for (guint i = r->cursor; i < r->tags->len && i < r->cursor + 4; i++)
    {
      HeraldHtmlStartTag *tag = &g_array_index (r->tags, HeraldHtmlStartTag, i);

      if (tag->name_end - tag->start - 1 != length ||
          g_ascii_strncasecmp (r->html + tag->start + 1, name, length) != 0)
        continue;
      /* libxml2 counts lines up to 65535 unless told otherwise: compare those only. */
      if (!_herald_lint_tag_on_line (r->line_starts, tag, line) && line < 65535)
        continue;
      r->cursor = i + 1;
      return tag->start + 1;
    }
  return 0;
}

static void
position_of (Reader *r, gsize offset, guint line_number, guint *line, guint *column)
{
  gsize start;
  guint index;

  if (!r->positions)
    {
      *line = *column = 0;
      return;
    }
  if (offset == 0)
    {
      *line = line_number;
      *column = 0;
      return;
    }
  index = _herald_lint_line_index (r->line_starts, offset - 1);
  start = g_array_index (r->line_starts, gsize, index);
  *line = index + 1;
  *column = (guint) g_utf8_strlen (r->html + start, offset - 1 - start) + 1;
}

static xmlNodePtr
detached_image (const xmlChar **atts)
{
  xmlNodePtr element = xmlNewNode (NULL, (const xmlChar *) "img");

  /* As xmlSAX2AttributeInternal() stores them: a bare boolean attribute has its name as
   * value. */
  for (guint i = 0; atts != NULL && atts[i] != NULL; i += 2)
    xmlNewProp (element, atts[i],
                atts[i + 1] == NULL && htmlIsBooleanAttr (atts[i]) ? atts[i] : atts[i + 1]);
  return element;
}

static void
on_start_element (void *data, const xmlChar *full_name, const xmlChar **atts)
{
  Reader *r = ((xmlParserCtxtPtr) data)->_private;
  xmlChar *local = NULL;
  xmlChar *prefix = NULL;
  const char *name = (const char *) full_name;
  OpenElement element = { NULL, FALSE };
  guint line = MIN (r->ctxt->input->line, 65535);
  gsize offset = 0;

  if (r->halted)
    return;
  /* xmlSAX2StartElement() stops the parse there. */
  if (r->open->len > xmlParserMaxDepth && (r->ctxt->options & XML_PARSE_HUGE) == 0)
    {
      r->halted = TRUE;
      xmlStopParser (r->ctxt);
      return;
    }
  if (strchr (name, ':') != NULL)
    {
      local = xmlSplitQName (r->ctxt, full_name, &prefix);
      xmlFree (prefix);
      name = (const char *) local;
    }
  if (r->tags != NULL)
    offset = pair_with_tag (r, name, line);

  if (g_ascii_strcasecmp (name, "a") == 0)
    {
      element.anchor = g_new0 (Anchor, 1);
      element.anchor->text = g_string_new (NULL);
      element.anchor->offset = offset;
      element.anchor->line = line;
      for (guint i = 0; atts != NULL && atts[i] != NULL; i += 2)
        element.anchor->href |= g_str_equal (atts[i], "href");
      g_ptr_array_add (r->anchors, element.anchor);
      r->n_open_anchors++;
    }
  else if (g_ascii_tolower (name[0]) == 'h' && name[1] >= '1' && name[1] <= '6' &&
           name[2] == '\0' && r->heading == NULL)
    {
      element.heading = TRUE;
      r->heading = g_string_new (NULL);
    }
  else if (g_ascii_strcasecmp (name, "img") == 0)
    {
      Picture *picture = g_new0 (Picture, 1);

      picture->element = detached_image (atts);
      picture->offset = offset;
      picture->line = line;
      for (guint i = r->open->len; i > 0 && picture->anchor == NULL; i--)
        picture->anchor = g_array_index (r->open, OpenElement, i - 1).anchor;
      g_ptr_array_add (r->pictures, picture);
    }
  g_array_append_val (r->open, element);
  xmlFree (local);
}

static void
close_heading (Reader *r)
{
  char *text = _herald_lint_normalize (r->heading->str);

  if (*text != '\0')
    g_ptr_array_add (r->headings, text);
  else
    g_free (text);
  g_string_free (r->heading, TRUE);
  r->heading = NULL;
}

static void
on_end_element (void *data, const xmlChar *name)
{
  Reader *r = ((xmlParserCtxtPtr) data)->_private;
  OpenElement *element;

  if (r->halted || r->open->len == 0)
    return;
  element = &g_array_index (r->open, OpenElement, r->open->len - 1);
  if (element->anchor != NULL)
    r->n_open_anchors--;
  if (element->heading)
    close_heading (r);
  g_array_set_size (r->open, r->open->len - 1);
}

/* Text and raw text (<style>, <script>) both count in an element's text content. */
static void
on_text (void *data, const xmlChar *text, int length)
{
  Reader *r = ((xmlParserCtxtPtr) data)->_private;

  if (r->halted)
    return;
  if (r->heading != NULL)
    g_string_append_len (r->heading, (const char *) text, length);
  for (guint i = r->open->len; i > 0 && r->n_open_anchors > 0; i--)
    {
      Anchor *anchor = g_array_index (r->open, OpenElement, i - 1).anchor;

      if (anchor != NULL)
        g_string_append_len (anchor->text, (const char *) text, length);
    }
}

static void
ignore_parse_error (void *data, const xmlError *error)
{
}

/* Runs libxml2 on html with r's callbacks, set up as htmlReadMemory() with a11y_open()'s
 * options. */
static void
reader_parse (Reader *r, const char *html)
{
  xmlSAXHandlerV1 handler = { 0 };
  xmlCharEncodingHandlerPtr encoding;

  handler.startElement = on_start_element;
  handler.endElement = on_end_element;
  handler.characters = on_text;
  handler.cdataBlock = on_text;
  handler.initialized = 1;

  xmlInitParser ();
  r->ctxt = xmlCreateMemoryParserCtxt (html, (int) MIN (strlen (html), G_MAXINT));
  if (r->ctxt == NULL)
    return;
  htmlDefaultSAXHandlerInit ();
  memcpy (r->ctxt->sax, &handler, sizeof handler);
  r->ctxt->_private = r;
  htmlCtxtUseOptions (r->ctxt, HTML_PARSE_NONET | HTML_PARSE_NOWARNING | HTML_PARSE_NOERROR);
  r->ctxt->html = 1;
  encoding = xmlFindCharEncodingHandler ("UTF-8");
  if (encoding != NULL)
    {
      xmlSwitchToEncoding (r->ctxt, encoding);
      xmlFree ((xmlChar *) r->ctxt->input->encoding);
      r->ctxt->input->encoding = xmlStrdup ((const xmlChar *) "UTF-8");
    }
  xmlSetStructuredErrorFunc (NULL, (xmlStructuredErrorFunc) ignore_parse_error);
  htmlParseDocument (r->ctxt);
  xmlSetStructuredErrorFunc (NULL, NULL);
  xmlFreeParserCtxt (r->ctxt);
  r->ctxt = NULL;
}

/* Whether the image is all its nearest link holds, judged on a copy of that link with the
 * same text around the image. */
static void
describe_picture (Reader *r, Picture *picture, HeraldLintImage *image)
{
  xmlNodePtr link = NULL;

  if (picture->anchor != NULL)
    {
      link = xmlNewNode (NULL, (const xmlChar *) "a");
      if (picture->anchor->href)
        xmlNewProp (link, (const xmlChar *) "href", (const xmlChar *) "");
      xmlAddChild (link, xmlNewText ((const xmlChar *) picture->anchor->text->str));
      xmlAddChild (link, picture->element);
    }
  position_of (r, picture->offset, picture->line, &image->line, &image->column);
  _herald_lint_describe_image (picture->element, r->headings, image);
  if (link != NULL)
    {
      xmlUnlinkNode (picture->element);
      xmlFreeNode (link);
    }
}

static void
read_links_and_images (
    const char *html, gboolean positions, GArray *tags, GArray **links, GArray **images)
{
  Reader r = { NULL, html, positions, tags };

  *links = g_array_new (FALSE, TRUE, sizeof (HeraldLintLink));
  g_array_set_clear_func (*links, link_clear);
  *images = g_array_new (FALSE, TRUE, sizeof (HeraldLintImage));
  g_array_set_clear_func (*images, _herald_lint_image_clear);
  if (html == NULL || *html == '\0')
    return;

  r.open = g_array_new (FALSE, FALSE, sizeof (OpenElement));
  r.anchors = g_ptr_array_new_with_free_func (anchor_free);
  r.pictures = g_ptr_array_new_with_free_func (picture_free);
  r.headings = g_ptr_array_new_with_free_func (g_free);
  if (tags != NULL)
    r.line_starts = _herald_lint_line_starts (html);
  reader_parse (&r, html);
  /* A heading the parse left open has the text read so far, as in the tree. */
  if (r.heading != NULL)
    close_heading (&r);

  for (guint i = 0; i < r.anchors->len; i++)
    {
      Anchor *anchor = g_ptr_array_index (r.anchors, i);
      HeraldLintLink link = { 0 };

      if (!anchor->href)
        continue;
      position_of (&r, anchor->offset, anchor->line, &link.line, &link.column);
      link.text = _herald_lint_normalize (anchor->text->str);
      link.vague = _herald_lint_is_vague_link_text (link.text);
      g_array_append_val (*links, link);
    }
  for (guint i = 0; i < r.pictures->len; i++)
    {
      HeraldLintImage image = { 0 };

      describe_picture (&r, g_ptr_array_index (r.pictures, i), &image);
      g_array_append_val (*images, image);
    }

  g_array_unref (r.open);
  g_ptr_array_unref (r.pictures);
  g_ptr_array_unref (r.anchors);
  g_ptr_array_unref (r.headings);
  g_clear_pointer (&r.line_starts, g_array_unref);
}

void
_herald_lint_collect_links_and_images (const char *html,
                                       gboolean positions,
                                       GArray **links,
                                       GArray **images)
{
  g_autoptr (GArray) tags = NULL;
  gint root;

  if (positions && html != NULL)
    tags = herald_html_start_tags (html, strlen (html), &root);
  read_links_and_images (html, positions, tags, links, images);
}

/* The source HTML's links, images and start tags, for the per-locale checks */

struct _HeraldLintSourceHtml
{
  const char *html;
  GArray *links;  /* HeraldLintLink, with positions; NULL until read */
  GArray *images; /* HeraldLintImage, with positions */
  GArray *tags;   /* herald_html_start_tags(), or NULL */
  gint root;
  gboolean tags_read;
  /* herald_html_lang_dir_only_on_root() of html: -1 until asked */
  int lang_dir_only_on_root;
};

HeraldLintSourceHtml *
_herald_lint_source_html_new (HeraldTemplate *tmpl)
{
  HeraldLintSourceHtml *source = g_new0 (HeraldLintSourceHtml, 1);

  source->html = herald_template_get_part (tmpl, HERALD_PART_HTML);
  source->root = -1;
  source->lang_dir_only_on_root = -1;
  return source;
}

gboolean
_herald_lint_source_html_lang_dir_only_on_root (HeraldLintSourceHtml *source)
{
  if (source->lang_dir_only_on_root < 0)
    source->lang_dir_only_on_root =
        source->html != NULL &&
        herald_html_lang_dir_only_on_root (source->html, strlen (source->html));
  return source->lang_dir_only_on_root;
}

GArray *
_herald_lint_source_html_get_tags (HeraldLintSourceHtml *source, gint *root)
{
  if (!source->tags_read && source->html != NULL)
    source->tags = herald_html_start_tags (source->html, strlen (source->html), &source->root);
  source->tags_read = TRUE;
  *root = source->root;
  return source->tags;
}

void
_herald_lint_source_html_get_links_and_images (HeraldLintSourceHtml *source,
                                               GArray **links,
                                               GArray **images)
{
  if (source->links == NULL)
    {
      gint root;
      GArray *tags = _herald_lint_source_html_get_tags (source, &root);

      /* Without start tags (the template language cannot be read), the positions are
       * libxml2's lines, as the accessibility rule's. */
      read_links_and_images (source->html, TRUE, tags, &source->links, &source->images);
    }
  *links = source->links;
  *images = source->images;
}

void
_herald_lint_source_html_free (HeraldLintSourceHtml *source)
{
  g_clear_pointer (&source->links, g_array_unref);
  g_clear_pointer (&source->images, g_array_unref);
  g_clear_pointer (&source->tags, g_array_unref);
  g_free (source);
}
