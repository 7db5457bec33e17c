/* herald-email-document.c: the documents the preview shows, made from the rendered HTML.
 *
 * Every preview mode that needs a different document (dark mode, a client's forced
 * inversion, images off) gets it by rewriting the rendered HTML, never by running scripts
 * in the page; every document is wrapped in a content security policy that forbids scripts
 * and, unless the user allows it, anything fetched from the network. No GTK here, so the
 * rewriting is tested without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>

#include "herald-email-document.h"

static const char *
find_tag_end (const char *html, const char *tag)
{
  gsize tag_len = strlen (tag);

  for (const char *p = html; (p = strchr (p, '<')) != NULL; p++)
    {
      if (g_ascii_strncasecmp (p + 1, tag, tag_len) == 0 &&
          (p[tag_len + 1] == '>' || g_ascii_isspace (p[tag_len + 1])))
        {
          const char *end = strchr (p, '>');

          return end != NULL ? end + 1 : NULL;
        }
    }

  return NULL;
}

/* Emails are previewed under a content security policy: no script at all, and nothing
 * fetched from the network unless the user allows remote content, so that tracking
 * pixels never fire while someone is designing. The meta element goes inside <head> so
 * that the document keeps its doctype and standards mode. */
static char *
wrap_with_style (const char *html, gboolean allow_remote_content, const char *extra_css)
{
  const char *csp =
      allow_remote_content
          ? "default-src 'none'; script-src 'none'; style-src 'unsafe-inline' https: http:; "
            "img-src data: cid: https: http:; font-src data: https: http:; media-src 'none'"
          : "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; "
            "img-src data: cid:; font-src data:; media-src 'none'";
  g_autofree char *head = NULL;
  const char *insert_at;

  head = g_strdup_printf ("<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">%s%s%s", csp,
                          extra_css != NULL ? "<style>" : "", extra_css != NULL ? extra_css : "",
                          extra_css != NULL ? "</style>" : "");

  insert_at = find_tag_end (html, "head");
  if (insert_at == NULL)
    insert_at = find_tag_end (html, "html");
  if (insert_at == NULL)
    return g_strconcat (head, html, NULL);

  return g_strdup_printf ("%.*s%s%s", (int) (insert_at - html), html, head, insert_at);
}

/* The email's own `@media (prefers-color-scheme: dark)` rules, as a client in dark mode
 * applies them. WebKit follows the whole application's AdwStyleManager for this media
 * feature, which would turn Herald itself dark; rewriting the queries into conditions
 * that always (or never) hold gives the same result for this document only. */
static char *
apply_dark_queries (const char *html)
{
  g_autoptr (GRegex) dark = g_regex_new ("\\(\\s*prefers-color-scheme\\s*:\\s*dark\\s*\\)",
                                         G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
  g_autoptr (GRegex) light = g_regex_new ("\\(\\s*prefers-color-scheme\\s*:\\s*light\\s*\\)",
                                          G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
  g_autofree char *step = g_regex_replace_literal (dark, html, -1, 0, "(min-width: 0px)", 0, NULL);

  return g_regex_replace_literal (light, step, -1, 0, "(max-width: 0px)", 0, NULL);
}

gboolean
herald_email_document_declares_dark_support (const char *html)
{
  /* A color-scheme property or meta element that lists dark; not the
   * prefers-color-scheme media queries, which style dark mode without declaring it. */
  return g_regex_match_simple (
      "(?<!prefers-)color-scheme[\"']?\\s*(:|content\\s*=\\s*[\"'])[^;>\"']*dark", html,
      G_REGEX_CASELESS, 0);
}

gboolean
herald_email_document_has_dark_styles (const char *html)
{
  return g_regex_match_simple ("prefers-color-scheme\\s*:\\s*dark", html, G_REGEX_CASELESS, 0);
}

#define REMOTE_WINDOW 512

gboolean
herald_email_document_has_remote_references (const char *html)
{
  /* Asked on every keystroke: compiled once. */
  static GRegex *remote;

  if (g_once_init_enter (&remote))
    g_once_init_leave (
        &remote, g_regex_new ("(\\b(src|srcset|background|poster)\\s*=\\s*[\"']?\\s*(https?:)?//)"
                              "|(url\\(\\s*[\"']?\\s*(https?:)?//)"
                              "|(<link\\b[^>]*\\bhref\\s*=\\s*[\"']?\\s*(https?:)?//)"
                              "|(@import\\s+[\"']?\\s*(url\\()?\\s*[\"']?(https?:)?//)",
                              G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL));
  /* Every reference the pattern finds ends in "//": it is tried on the bytes before each
   * "//" rather than at every byte of the document (a tag's attributes before its href fit
   * well within the window). */
  for (const char *slashes = strstr (html, "//"); slashes != NULL;
       slashes = strstr (slashes + 2, "//"))
    {
      const char *start = slashes - MIN ((gsize) (slashes - html), REMOTE_WINDOW);

      /* Not in the middle of a word, where "\b" would wrongly hold. */
      if (start != html)
        while (start < slashes && !g_ascii_isspace (*start) && *start != '<' && *start != '>')
          start++;
      if (g_regex_match_full (remote, start, (slashes + 2) - start, 0, 0, NULL, NULL))
        return TRUE;
    }
  return FALSE;
}

static void
append_style (xmlNodePtr node, const char *style)
{
  xmlSetProp (node, BAD_CAST "style", BAD_CAST style);
}

/* A blocked image keeps its box and shows its alt text in it, as Gmail and Outlook do;
 * the image's own style (font, colour) styles the text. */
static xmlNodePtr
blocked_image_new (xmlNodePtr img)
{
  g_autoptr (GString) style =
      g_string_new ("display:inline-block;box-sizing:border-box;overflow:hidden;"
                    "vertical-align:middle;");
  xmlChar *alt = xmlGetProp (img, BAD_CAST "alt");
  xmlChar *width = xmlGetProp (img, BAD_CAST "width");
  xmlChar *height = xmlGetProp (img, BAD_CAST "height");
  xmlChar *img_style = xmlGetProp (img, BAD_CAST "style");
  xmlNodePtr span = xmlNewNode (NULL, BAD_CAST "span");

  if (width != NULL && g_ascii_isdigit (width[0]))
    g_string_append_printf (style, "width:%upx;",
                            (guint) g_ascii_strtoull ((char *) width, NULL, 10));
  if (height != NULL && g_ascii_isdigit (height[0]))
    g_string_append_printf (style, "min-height:%upx;",
                            (guint) g_ascii_strtoull ((char *) height, NULL, 10));
  if (img_style != NULL)
    g_string_append (style, (char *) img_style);

  xmlSetProp (span, BAD_CAST "class", BAD_CAST "herald-blocked-image");
  append_style (span, style->str);
  if (alt != NULL && alt[0] != '\0')
    xmlNodeAddContent (span, alt);

  xmlFree (alt);
  xmlFree (width);
  xmlFree (height);
  xmlFree (img_style);

  return span;
}

static void
block_images (xmlNodePtr node)
{
  xmlNodePtr child = node->children;

  while (child != NULL)
    {
      xmlNodePtr next = child->next;

      if (child->type == XML_ELEMENT_NODE)
        {
          if (g_ascii_strcasecmp ((const char *) child->name, "img") == 0)
            {
              xmlNodePtr span = blocked_image_new (child);

              xmlReplaceNode (child, span);
              xmlFreeNode (child);
            }
          else
            {
              xmlUnsetProp (child, BAD_CAST "background");
              block_images (child);
            }
        }

      child = next;
    }
}

static char *
replace_images_with_alt (const char *html)
{
  htmlDocPtr doc;
  xmlChar *out = NULL;
  int size = 0;
  char *result;

  doc = htmlReadMemory (html, (int) strlen (html), NULL, "utf-8",
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                            HTML_PARSE_NOIMPLIED);
  if (doc == NULL)
    return g_strdup (html);

  block_images ((xmlNodePtr) doc);
  htmlDocDumpMemoryFormat (doc, &out, &size, 0);
  result = out != NULL ? g_strndup ((const char *) out, size) : g_strdup (html);

  xmlFree (out);
  xmlFreeDoc (doc);

  return result;
}

static const char dark_scheme_css[] = ":root{color-scheme:dark !important}";

/* Gmail's apps and Outlook invert light emails: colours flip, lightness and hue kept
 * apart, photos left as they are. invert + hue-rotate(180deg) flips lightness while
 * keeping hues; images are inverted twice, so they look unchanged. */
static const char inverted_css[] =
    "html{background-color:#ffffff;min-height:100%;filter:invert(1) hue-rotate(180deg) !important}"
    "img,picture,video,svg,[background],[style*=\"background-image\"]"
    "{filter:invert(1) hue-rotate(180deg) !important}";

static const char images_off_css[] =
    "*{background-image:none !important}"
    ".herald-blocked-image{outline:1px dashed rgba(128,128,128,0.7);outline-offset:-1px;"
    "font-size:13px;line-height:1.3;white-space:nowrap;text-overflow:ellipsis}";

char *
herald_email_document_prepare (const char *html,
                               HeraldEmailVariant variant,
                               gboolean allow_remote_content)
{
  g_autofree char *body = NULL;
  const char *extra_css = NULL;

  g_return_val_if_fail (html != NULL, NULL);

  switch (variant)
    {
    case HERALD_EMAIL_VARIANT_DARK:
      body = apply_dark_queries (html);
      if (herald_email_document_declares_dark_support (html))
        extra_css = dark_scheme_css;
      break;
    case HERALD_EMAIL_VARIANT_INVERTED:
      extra_css = inverted_css;
      break;
    case HERALD_EMAIL_VARIANT_IMAGES_OFF:
      body = replace_images_with_alt (html);
      extra_css = images_off_css;
      /* Nothing is fetched in this mode, whatever the allowance. */
      allow_remote_content = FALSE;
      break;
    case HERALD_EMAIL_VARIANT_NORMAL:
    default:
      break;
    }

  return wrap_with_style (body != NULL ? body : html, allow_remote_content, extra_css);
}
