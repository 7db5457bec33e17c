/* herald-lint-text-images.c: text set in images. An image that shows a headline, an offer or a
 * button is read by no screen reader, translated into no language (the French email shows the
 * English banner) and inverted by no dark mode. Herald cannot see the pixels, so it looks for
 * what gives such images away, and for nothing else, to keep false alarms rare:
 *
 *  - the file name says banner, headline, heading, text, cta, button or btn;
 *  - the alt text is also a heading of the email (the headline is drawn and repeated);
 *  - the image is the only content of a link and its alt text is a phrase, not a name (a
 *    button drawn as an image: "Open the app", not "Acme Bank");
 *  - the image is wide (300px or more, or half the width) and its alt text reads like a
 *    sentence: five words or more that do not describe a picture ("A woman on a bike…"), or
 *    three or more with a figure ("Get 20% off your first transfer").
 *
 * Decorative images (alt="", role="presentation", spacers), logos ("logo" in the file name,
 * class, id or alt text) and icons (64px or less both ways) are never flagged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "herald-css.h"
#include "herald-lint-private.h"

#define WIDE_PX 300.0
#define ICON_PX 64.0

static char *
prop (xmlNodePtr node, const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

static gboolean
prop_contains (xmlNodePtr node, const char *name, const char *word)
{
  g_autofree char *value = prop (node, name);
  g_autofree char *folded = value != NULL ? g_utf8_casefold (value, -1) : NULL;

  return folded != NULL && strstr (folded, word) != NULL;
}

static gboolean
prop_is (xmlNodePtr node, const char *name, const char *value)
{
  g_autofree char *v = prop (node, name);

  return v != NULL && g_ascii_strcasecmp (v, value) == 0;
}

/* A length in px from an attribute ("600") or a declaration ("600px"); a percentage counts
 * as that share of a 600px email. -1 when not known. */
static double
length_px (const char *value)
{
  char *end;
  double n;

  if (value == NULL)
    return -1;
  n = g_ascii_strtod (value, &end);
  if (end == value)
    return -1;
  if (*end == '%')
    return n * 6;
  if (*end == '\0' || g_ascii_strncasecmp (end, "px", 2) == 0)
    return n;
  return -1;
}

/* The image's width or height from its attribute, else from its style attribute. */
static double
dimension_px (xmlNodePtr image, const char *name)
{
  g_autofree char *attribute = prop (image, name);
  g_autofree char *style = prop (image, "style");
  g_autoptr (GArray) declarations = NULL;
  double px = length_px (attribute);

  if (px >= 0 || style == NULL)
    return px;
  declarations = g_array_new (FALSE, FALSE, sizeof (HeraldCssDeclaration));
  herald_css_parse_declarations (style, 0, strlen (style), declarations);
  for (guint i = 0; i < declarations->len; i++)
    {
      HeraldCssDeclaration *d = &g_array_index (declarations, HeraldCssDeclaration, i);
      g_autofree char *value = NULL;

      if (d->name_end - d->name_start != strlen (name) ||
          g_ascii_strncasecmp (style + d->name_start, name, strlen (name)) != 0)
        continue;
      value = g_strndup (style + d->value_start, d->value_end - d->value_start);
      px = length_px (value);
    }
  return px;
}

static gboolean
is_decorative (xmlNodePtr image)
{
  double width = dimension_px (image, "width");
  double height = dimension_px (image, "height");

  return prop_is (image, "alt", "") || prop_is (image, "role", "presentation") ||
         prop_is (image, "role", "none") || prop_is (image, "aria-hidden", "true") ||
         (width >= 0 && width <= 2 && height >= 0 && height <= 2);
}

static gboolean
is_logo (xmlNodePtr image)
{
  static const char *const names[] = { "src", "class", "id", "alt" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (prop_contains (image, names[i], "logo") || prop_contains (image, names[i], "wordmark"))
      return TRUE;
  return FALSE;
}

static gboolean
is_icon (xmlNodePtr image)
{
  double width = dimension_px (image, "width");
  double height = dimension_px (image, "height");

  return width >= 0 && width <= ICON_PX && height >= 0 && height <= ICON_PX;
}

/* The last part of src, without its query. */
static char *
file_name (xmlNodePtr image)
{
  g_autofree char *src = prop (image, "src");
  const char *slash;

  if (src == NULL)
    return NULL;
  src[strcspn (src, "?#")] = '\0';
  slash = strrchr (src, '/');
  return g_strdup (slash != NULL ? slash + 1 : src);
}

/* Words of a file name: "spring-Banner_2x.png" and "springBanner.png" give spring, banner. */
static gboolean
file_name_says_text (const char *name)
{
  static const char *const words[] = { "banner", "headline", "heading", "text",
                                       "cta",    "button",   "btn",     NULL };
  g_autoptr (GString) word = g_string_new (NULL);

  for (const char *p = name;; p++)
    {
      gboolean boundary = !g_ascii_isalpha (*p) ||
                          (word->len > 0 && g_ascii_isupper (*p) && g_ascii_islower (p[-1]));

      if (boundary && word->len > 0)
        {
          if (g_strv_contains (words, word->str))
            return TRUE;
          g_string_truncate (word, 0);
        }
      if (*p == '\0')
        return FALSE;
      if (g_ascii_isalpha (*p))
        g_string_append_c (word, g_ascii_tolower (*p));
    }
}

static guint
count_words (const char *text)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \t\n", -1);
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    n += *words[i] != '\0';
  return n;
}

/* A figure or an exclamation: what offers and calls to action are made of. */
static gboolean
has_figure (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c) || c == '%' || c == '!' ||
          g_unichar_type (c) == G_UNICODE_CURRENCY_SYMBOL)
        return TRUE;
    }
  return FALSE;
}

/* A short name, every word capitalized: "Acme Bank", "Ledgerly". */
static gboolean
looks_like_name (const char *alt)
{
  g_auto (GStrv) words = g_strsplit_set (alt, " \t\n", -1);
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gunichar first = g_utf8_get_char_validated (words[i], -1);

      if (*words[i] == '\0')
        continue;
      if (++n > 4 ||
          (first != (gunichar) -1 && first != (gunichar) -2 && g_unichar_islower (first)))
        return FALSE;
    }
  return n > 0;
}

/* How alt texts of photographs start, in the languages Herald is translated to. */
static gboolean
describes_picture (const char *normalized)
{
  static const char *const starts[] = {
    "a ",   "an ",  "photo", "picture", "image", "illustration", "portrait", "un ",
    "une ", "des ", "ein ",  "eine ",   "foto",  "bild",         NULL,
  };

  for (guint i = 0; starts[i] != NULL; i++)
    if (g_str_has_prefix (normalized, starts[i]))
      return TRUE;
  return FALSE;
}

/* The link around an image, when the image is all it holds. */
static gboolean
is_only_content_of_link (xmlNodePtr image)
{
  for (xmlNodePtr node = image->parent; node != NULL && node->type == XML_ELEMENT_NODE;
       node = node->parent)
    if (g_ascii_strcasecmp ((const char *) node->name, "a") == 0)
      {
        g_autofree char *text = NULL;

        if (!xmlHasProp (node, (const xmlChar *) "href"))
          return FALSE;
        text = _herald_lint_normalized_text (node);
        return *text == '\0';
      }
  return FALSE;
}

static HeraldLintTextImage
classify (xmlNodePtr image, const char *name, const char *alt, GPtrArray *headings)
{
  g_autofree char *normalized = NULL;
  guint words;
  gboolean name_like;

  if (is_decorative (image) || is_logo (image) || is_icon (image))
    return HERALD_LINT_TEXT_IMAGE_NONE;
  if (name != NULL && file_name_says_text (name))
    return HERALD_LINT_TEXT_IMAGE_FILE_NAME;
  if (alt == NULL || !g_utf8_validate (alt, -1, NULL))
    return HERALD_LINT_TEXT_IMAGE_NONE;
  normalized = _herald_lint_normalize (alt);
  if (*normalized == '\0')
    return HERALD_LINT_TEXT_IMAGE_NONE;
  if (g_ptr_array_find_with_equal_func (headings, normalized, g_str_equal, NULL))
    return HERALD_LINT_TEXT_IMAGE_HEADING;

  words = count_words (normalized);
  name_like = looks_like_name (alt);
  if (!name_like && words >= 2 && is_only_content_of_link (image))
    return HERALD_LINT_TEXT_IMAGE_LINK;
  if (!name_like && dimension_px (image, "width") >= WIDE_PX &&
      ((words >= 3 && has_figure (alt)) || (words >= 5 && !describes_picture (normalized))))
    return HERALD_LINT_TEXT_IMAGE_SENTENCE;
  return HERALD_LINT_TEXT_IMAGE_NONE;
}

void
_herald_lint_describe_image (xmlNodePtr element, GPtrArray *headings, HeraldLintImage *image)
{
  image->alt = prop (element, "alt");
  image->file_name = file_name (element);
  image->reason = classify (element, image->file_name, image->alt, headings);
}

char *
_herald_lint_text_image_message (const HeraldLintImage *image)
{
  switch (image->reason)
    {
    case HERALD_LINT_TEXT_IMAGE_FILE_NAME:
      return g_strdup_printf (_ ("The image “%s” is probably text set in an image (its file name "
                                 "says so): screen readers, translations and dark mode cannot "
                                 "reach that text"),
                              image->file_name);
    case HERALD_LINT_TEXT_IMAGE_HEADING:
      return g_strdup_printf (_ ("The image with the alt text “%s” repeats a heading: the heading "
                                 "is probably set in the image, where screen readers, "
                                 "translations and dark mode cannot reach it"),
                              image->alt);
    case HERALD_LINT_TEXT_IMAGE_LINK:
      return g_strdup_printf (_ ("This link is an image with the alt text “%s”: a button set in an "
                                 "image shows no text when images are off, in no language but "
                                 "the image's, and is not adapted by dark mode"),
                              image->alt);
    case HERALD_LINT_TEXT_IMAGE_SENTENCE:
      return g_strdup_printf (_ ("The image with the alt text “%s” probably shows that text: "
                                 "screen readers, translations and dark mode cannot reach text "
                                 "set in an image"),
                              image->alt);
    case HERALD_LINT_TEXT_IMAGE_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
_herald_lint_text_image_fix (void)
{
  return _ ("Put the text in HTML so screen readers, translation and dark mode can reach it");
}
