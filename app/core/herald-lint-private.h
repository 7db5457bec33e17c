/* herald-lint-private.h: what a lint rule sees, so that more rules (localization) can be
 * added to the list in herald-lint.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libxml/tree.h>

#include "herald-client-support.h"
#include "herald-html-lang.h"
#include "herald-lint.h"
#include "herald-render.h"
#include "herald-tl.h"

G_BEGIN_DECLS

#define HERALD_LINT_N_PARTS 4

typedef struct _HeraldLintContext HeraldLintContext;

struct _HeraldLintContext
{
  HeraldTemplate *tmpl;
  const char *template_id;
  /* Parsed parts; NULL where the part has a syntax error. */
  HeraldTlTemplate *trees[HERALD_LINT_N_PARTS];
  /* HeraldScenario, sorted by id, and their render contexts (NULL when unreadable). */
  GPtrArray *scenarios;
  GPtrArray *contexts;
  /* rendered[scenario * N_PARTS + part]: NULL when it failed to render. */
  GPtrArray *rendered;
  GPtrArray *diagnostics;
  /* The library's target locales, or NULL when the template is checked on its own. */
  const char *const *target_locales;
  /* The email clients to check support in (family.platform); NULL for the defaults. */
  const char *const *clients;
  /* The start tags of the HTML part, for the rules that read them: see
   * _herald_lint_get_html_tags(). */
  GArray *html_tags;
  gboolean html_tags_done;
  /* _herald_lint_line_starts() of the HTML part, NULL until a rule asks. */
  GArray *html_line_starts;
  /* The parts are parsed without the parse cache: a library's lint reads each template
   * once, and its trees would only push out those the editor and the preview share. */
  gboolean uncached;
};

typedef void (*HeraldLintRule) (HeraldLintContext *lint);

HeraldDiagnostic *_herald_lint_add (HeraldLintContext *lint,
                                    const char *rule_id,
                                    HeraldSeverity severity,
                                    HeraldPart part,
                                    guint line,
                                    guint column,
                                    HeraldScenario *scenario,
                                    const char *format,
                                    ...) G_GNUC_PRINTF (8, 9);
const char *
_herald_lint_get_rendered (HeraldLintContext *lint, guint scenario_index, HeraldPart part);
/* The offsets (gsize) at which the lines of a text start, for telling positions in any
 * order. */
GArray *_herald_lint_line_starts (const char *text);
/* The 0-based line, in _herald_lint_line_starts(), of a byte offset. */
guint _herald_lint_line_index (GArray *line_starts, gsize offset);
/* Whether libxml2's line number of an element (the line of its start tag's ">", not of its
 * "<" when the tag is written over several lines) is that of tag. */
gboolean _herald_lint_tag_on_line (GArray *line_starts, const HeraldHtmlStartTag *tag, long line);

/* g_ascii_tolower() without a call: the rules lower-case names and texts byte by byte. */
static inline guchar
_herald_lint_ascii_lower (guchar c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}
/* The line starts of the template's HTML part, found once for the rules that place findings
 * in it; owned by lint. */
GArray *_herald_lint_get_html_line_starts (HeraldLintContext *lint);
/* herald_html_start_tags() of the HTML part, found once for all the rules; NULL as there. */
GArray *_herald_lint_get_html_tags (HeraldLintContext *lint);

/* Rules in their own files. */
void _herald_lint_rule_client_support (HeraldLintContext *lint);
void _herald_lint_rule_accessibility (HeraldLintContext *lint);

/* One use of a caniemail feature, as the client-support rule saw it, for deciding whether a
 * note of caniemail's concerns the template (herald-lint-client-notes.c). */
typedef enum
{
  HERALD_LINT_USE_CONTAINS_TABLE = 1 << 0, /* the element has a <table> inside */
  HERALD_LINT_USE_MAY_HAVE_BACKGROUND = 1 << 1,
  HERALD_LINT_USE_NESTED = 1 << 2,   /* an at-rule inside another one */
  HERALD_LINT_USE_IN_BODY = 1 << 3,  /* a <style> not before <body> */
  HERALD_LINT_USE_IN_MEDIA = 1 << 4, /* a declaration inside @media or @supports */
  HERALD_LINT_USE_IN_DARK = 1 << 5,  /* … inside @media (prefers-color-scheme: dark) */
} HeraldLintUseFlags;

typedef struct
{
  /* Borrowed from the rule's collection of uses. */
  const char *element; /* lower case; NULL when Herald cannot tell which elements */
  const char *name;    /* the property, attribute or at-rule, lower case */
  const char *value;   /* its value or prelude; NULL when none */
  HeraldLintUseFlags flags;
  gsize size;   /* <style>: the length of its text */
  gsize offset; /* in the HTML */
} HeraldLintUse;

/* Whether a note of caniemail's on a feature concerns one of its uses (a GArray of
 * HeraldLintUse), TRUE when Herald cannot tell; *at receives the offset of the first use it
 * concerns. */
gboolean _herald_lint_note_applies (
    const char *slug, const char *note, HeraldSupport support, GArray *uses, gsize *at);
/* The notes Herald knows how to decide, for the test that keeps them in step with the
 * caniemail snapshot. */
guint _herald_lint_get_n_narrowings (void);
void _herald_lint_get_narrowing (guint index, const char **slug, const char **note);

/* Each <a href> of an HTML text, in document order, with its text case-folded and whether it
 * says nothing out of context ("click here", "cliquez ici", a bare URL). */
typedef struct
{
  guint line;
  guint column;
  char *text;
  gboolean vague;
} HeraldLintLink;

/* A text case-folded, its spaces collapsed, its trailing punctuation removed; "" for text
 * that is not UTF-8. */
char *_herald_lint_normalize (const char *text);
/* The same of an element's text. */
char *_herald_lint_normalized_text (xmlNodePtr node);

/* Why an <img> probably shows text (herald-lint-text-images.c). */
typedef enum
{
  HERALD_LINT_TEXT_IMAGE_NONE,
  HERALD_LINT_TEXT_IMAGE_FILE_NAME, /* "spring-banner.png", "cta-button.png" */
  HERALD_LINT_TEXT_IMAGE_HEADING,   /* its alt text is also a heading's */
  HERALD_LINT_TEXT_IMAGE_LINK,      /* the only content of a link: a button drawn as an image */
  HERALD_LINT_TEXT_IMAGE_SENTENCE,  /* a wide image whose alt text reads like a sentence */
} HeraldLintTextImage;

/* Each <img> of an HTML text, in document order. */
typedef struct
{
  guint line;
  guint column;
  char *alt;       /* as written, NULL when absent */
  char *file_name; /* the last part of src, NULL when absent */
  HeraldLintTextImage reason;
} HeraldLintImage;

/* The links (HeraldLintLink) and the images (HeraldLintImage) of an HTML text, read from
 * libxml2's parse of it as the accessibility rule's tree has them; without positions, their
 * lines and columns are 0 (finding them is most of the work after the parse). */
void _herald_lint_collect_links_and_images (const char *html,
                                            gboolean positions,
                                            GArray **links,
                                            GArray **images);

/* Whether links has a vague link or images an image of text. */
gboolean _herald_lint_has_vague_link_or_text_image (GArray *links, GArray *images);
/* Whether a link's normalized text says nothing out of context ("click here", a bare URL):
 * the accessibility rule's and the translation checks' one list (herald-lint-links.c). */
gboolean _herald_lint_is_vague_link_text (const char *text);
/* Frees what a HeraldLintImage holds: the clear function of arrays of them. */
void _herald_lint_image_clear (gpointer data);
/* FALSE when a quick look at html shows no <img> and no place where a link text that
 * _herald_lint_collect_links_and_images() calls vague could be: then neither need be read.
 * TRUE says nothing. */
gboolean _herald_lint_may_have_vague_links_or_images (const char *html);

/* What the per-locale checks read from a template's source HTML, which does not depend on the
 * locale: kept by whoever checks several locales of the template, each part read on its first
 * use (most translations give the checks no reason to read the source's links). */
typedef struct _HeraldLintSourceHtml HeraldLintSourceHtml;

HeraldLintSourceHtml *_herald_lint_source_html_new (HeraldTemplate *tmpl);
void _herald_lint_source_html_free (HeraldLintSourceHtml *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldLintSourceHtml, _herald_lint_source_html_free)
/* herald_html_start_tags() of the HTML part, or NULL; owned by source. */
GArray *_herald_lint_source_html_get_tags (HeraldLintSourceHtml *source, gint *root);
/* herald_html_lang_dir_only_on_root() of the HTML part, asked once for all the locales. */
gboolean _herald_lint_source_html_lang_dir_only_on_root (HeraldLintSourceHtml *source);
/* Its links and images, with positions; owned by source. */
void _herald_lint_source_html_get_links_and_images (HeraldLintSourceHtml *source,
                                                    GArray **links,
                                                    GArray **images);
/* Fills the alt text, file name and reason of image from its element; headings: the
 * normalized texts of the document's <h1>…<h6>. */
void _herald_lint_describe_image (xmlNodePtr element, GPtrArray *headings, HeraldLintImage *image);
char *_herald_lint_text_image_message (const HeraldLintImage *image);
const char *_herald_lint_text_image_fix (void);

/* Appends the HeraldCssRule and HeraldCssAtRule of the stylesheet html[start, end), as
 * herald_css_parse_stylesheet() does: parsed once per run while the run keeps what it reads
 * (herald-lint-clients-css.c), for the client-support and accessibility rules alike.
 * Thread-safe. */
void _herald_lint_css_stylesheet (
    const char *html, gsize start, gsize end, GArray *rules, GArray *at_rules);

G_END_DECLS
