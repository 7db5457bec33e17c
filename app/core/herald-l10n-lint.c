/* herald-l10n-lint.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-l10n-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "herald-html-lang.h"
#include "herald-l10n-lint.h"
#include "herald-lint-private.h"
#include "herald-localizer.h"
#include "herald-render.h"
#include "herald-unit-spans.h"

typedef struct
{
  const char *template_id;
  const char *locale;
  const HeraldL10nUnit *unit;
  GPtrArray *diagnostics;
  gboolean usable;
} Check;

static void
report (
    Check *self, const char *rule_id, HeraldSeverity severity, const char *message, const char *fix)
{
  HeraldDiagnostic *diagnostic;

  if (severity == HERALD_SEVERITY_ERROR)
    self->usable = FALSE;
  if (self->diagnostics == NULL)
    return;
  diagnostic = herald_diagnostic_new (rule_id, severity, self->template_id, self->locale,
                                      self->unit->part, self->unit->line, 1, message);
  if (fix != NULL)
    herald_diagnostic_set_fix (diagnostic, fix);
  g_ptr_array_add (self->diagnostics, diagnostic);
}

/* Placeholders: the `{{ }}` spans without their inner spaces, sorted; statements apart. */
static GPtrArray *
collect_placeholders (const char *text, guint *n_statements, GError **error)
{
  g_autoptr (GArray) spans = herald_l10n_scan_spans (text, strlen (text), NULL, error);
  GPtrArray *placeholders;

  *n_statements = 0;
  if (spans == NULL)
    return NULL;
  placeholders = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < spans->len; i++)
    {
      const HeraldL10nSpan *span = &g_array_index (spans, HeraldL10nSpan, i);
      GString *normalized;

      if (span->kind == HERALD_L10N_SPAN_STATEMENT)
        {
          (*n_statements)++;
          continue;
        }
      normalized = g_string_new (NULL);
      for (gsize j = span->start; j < span->end; j++)
        if (!g_ascii_isspace (text[j]))
          g_string_append_c (normalized, text[j]);
      g_ptr_array_add (placeholders, g_string_free (normalized, FALSE));
    }
  g_ptr_array_sort (placeholders, (GCompareFunc) g_strcmp0);
  return placeholders;
}

static gboolean
contains_string (GPtrArray *array, const char *text)
{
  return g_ptr_array_find_with_equal_func (array, text, g_str_equal, NULL);
}

/* What `have` lacks from `want`, as a readable list, or NULL. */
static char *
missing_from (GPtrArray *want, GPtrArray *have, const char *except)
{
  g_autoptr (GPtrArray) remaining = g_ptr_array_new ();
  GString *list = NULL;

  for (guint i = 0; i < have->len; i++)
    g_ptr_array_add (remaining, have->pdata[i]);
  for (guint i = 0; i < want->len; i++)
    {
      guint index;

      if (g_ptr_array_find_with_equal_func (remaining, want->pdata[i], g_str_equal, &index))
        {
          g_ptr_array_remove_index (remaining, index);
          continue;
        }
      if (except != NULL && g_str_equal (want->pdata[i], except))
        continue;
      if (list == NULL)
        list = g_string_new (NULL);
      else
        g_string_append (list, ", ");
      g_string_append (list, want->pdata[i]);
    }

  return list ? g_string_free (list, FALSE) : NULL;
}

static void
check_placeholders (Check *self, const char *const *msgstr)
{
  const HeraldL10nUnit *unit = self->unit;
  guint n_statements = 0;
  g_autoptr (GPtrArray) source = collect_placeholders (unit->msgid, &n_statements, NULL);
  g_autoptr (GPtrArray) source_plural = NULL;
  g_autofree char *count = NULL;

  if (unit->msgid_plural != NULL)
    {
      source_plural = collect_placeholders (unit->msgid_plural, &n_statements, NULL);
      count = g_strdup_printf ("{{%s}}", unit->plural_count);
    }

  for (guint i = 0; msgstr[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) translated = collect_placeholders (msgstr[i], &n_statements, &error);
      GPtrArray *reference = source_plural && i > 0 ? source_plural : source;
      g_autofree char *missing = NULL;
      g_autofree char *added = NULL;
      g_autofree char *message = NULL;

      if (source == NULL || (source_plural == NULL && unit->msgid_plural != NULL))
        return;
      if (translated == NULL)
        {
          message = g_strdup_printf (_ ("The %s translation of “%s” has a broken {{ }} "
                                        "placeholder (%s); the source text is sent"),
                                     self->locale, unit->msgid, error->message);
          report (self, "placeholder-mismatch", HERALD_SEVERITY_ERROR, message,
                  _ ("Copy the placeholders exactly as they are in the source text"));
          continue;
        }

      if (n_statements > 0)
        {
          message = g_strdup_printf (_ ("The %s translation of “%s” contains template logic "
                                        "({%% … %%}); the source text is sent"),
                                     self->locale, unit->msgid);
          report (self, "placeholder-mismatch", HERALD_SEVERITY_ERROR, message,
                  _ ("Remove the {% … %} statements from the translation"));
          continue;
        }

      /* A plural form may leave out the count ("one payment"), never anything else. */
      missing = missing_from (source_plural ? source_plural : source, translated, count);
      if (source_plural != NULL)
        {
          g_autoptr (GPtrArray) all = g_ptr_array_new ();

          g_ptr_array_extend (all, source, NULL, NULL);
          g_ptr_array_extend (all, source_plural, NULL, NULL);
          for (guint j = 0; j < translated->len; j++)
            if (!contains_string (all, translated->pdata[j]))
              added = g_strdup (translated->pdata[j]);
        }
      else
        {
          added = missing_from (translated, reference, NULL);
        }

      if (missing != NULL)
        {
          message = g_strdup_printf (_ ("The %s translation of “%s” lacks the placeholder %s; "
                                        "the source text is sent"),
                                     self->locale, unit->msgid, missing);
          report (self, "placeholder-mismatch", HERALD_SEVERITY_ERROR, message,
                  _ ("Copy the placeholder from the source text into the translation"));
        }
      if (added != NULL)
        {
          g_free (message);
          message = g_strdup_printf (_ ("The %s translation of “%s” has the placeholder %s, "
                                        "which the source text does not have; the source text is "
                                        "sent"),
                                     self->locale, unit->msgid, added);
          report (self, "placeholder-mismatch", HERALD_SEVERITY_ERROR, message,
                  _ ("Use only the placeholders of the source text"));
        }
    }
}

/* Adds the tag text[start, end) as "b" or "/b"; comments and declarations are not tags. */
static void
add_tag (const char *text, gsize start, gsize end, GPtrArray *tags)
{
  gboolean closing = text[start + 1] == '/';
  gsize name_start = start + 1 + (closing ? 1 : 0);
  gsize name_end = name_start;
  g_autofree char *name = NULL;

  if (!g_ascii_isalpha (text[name_start]))
    return;
  while (name_end < end && g_ascii_isalnum (text[name_end]))
    name_end++;
  name = g_ascii_strdown (text + name_start, name_end - name_start);
  /* <br>, <br/> and a stray </br> are the same line break. */
  if (herald_html_is_void_element (name))
    {
      if (!closing)
        g_ptr_array_add (tags, g_steal_pointer (&name));
      return;
    }
  g_ptr_array_add (tags, closing ? g_strconcat ("/", name, NULL) : g_steal_pointer (&name));
  if (!closing && text[end - 2] == '/')
    g_ptr_array_add (tags, g_strconcat ("/", tags->pdata[tags->len - 1], NULL));
}

/* Tags of an HTML unit as "b" and "/b", skipping template spans; FALSE when a tag is cut. */
static gboolean
collect_tags (const char *text, GPtrArray *tags)
{
  g_autoptr (GArray) spans = NULL;

  /* A tag starts with "<": most units have none, and need no cutting into spans (which
   * parses their placeholders). */
  if (strchr (text, '<') == NULL)
    return TRUE;
  /* Broken placeholders are reported on their own; the tags are still checked. */
  spans = herald_unit_spans (text, strlen (text), TRUE);

  for (guint i = 0; i < spans->len; i++)
    {
      const HeraldUnitSpan *span = &g_array_index (spans, HeraldUnitSpan, i);

      if (span->kind != HERALD_UNIT_SPAN_TAG)
        continue;
      if (!span->closed)
        return FALSE;
      add_tag (text, span->start, span->end, tags);
    }
  return TRUE;
}

static gboolean
tags_nest (GPtrArray *tags)
{
  g_autoptr (GPtrArray) open = g_ptr_array_new ();

  for (guint i = 0; i < tags->len; i++)
    {
      const char *tag = tags->pdata[i];

      if (tag[0] != '/')
        {
          if (!herald_html_is_void_element (tag))
            g_ptr_array_add (open, (gpointer) tag);
          continue;
        }
      if (herald_html_is_void_element (tag + 1))
        continue;
      if (open->len == 0 || !g_str_equal (open->pdata[open->len - 1], tag + 1))
        return FALSE;
      g_ptr_array_set_size (open, open->len - 1);
    }
  return open->len == 0;
}

/* "b, a" → "<b>, <a>", or NULL for NULL. */
static char *
describe_tags (const char *list)
{
  g_auto (GStrv) names = NULL;
  GString *out;

  if (list == NULL)
    return NULL;
  names = g_strsplit (list, ", ", -1);
  out = g_string_new (NULL);
  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (out, "%s<%s>", i > 0 ? ", " : "", names[i]);
  return g_string_free (out, FALSE);
}

static void
check_markup (Check *self, const char *const *msgstr)
{
  const HeraldL10nUnit *unit = self->unit;
  g_autoptr (GPtrArray) source = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) source_plural = g_ptr_array_new_with_free_func (g_free);

  collect_tags (unit->msgid, source);
  if (unit->msgid_plural != NULL)
    collect_tags (unit->msgid_plural, source_plural);

  for (guint i = 0; msgstr[i] != NULL; i++)
    {
      g_autoptr (GPtrArray) translated = g_ptr_array_new_with_free_func (g_free);
      GPtrArray *reference = unit->msgid_plural && i > 0 ? source_plural : source;
      g_autofree char *missing = NULL;
      g_autofree char *added = NULL;
      g_autofree char *message = NULL;
      g_autofree char *missing_tags = NULL;
      g_autofree char *added_tags = NULL;

      if (!collect_tags (msgstr[i], translated) || !tags_nest (translated))
        {
          message = g_strdup_printf (_ ("The %s translation of “%s” breaks the HTML: a tag is "
                                        "not closed or tags overlap; the source text is sent"),
                                     self->locale, unit->msgid);
          report (self, "translation-breaks-html", HERALD_SEVERITY_ERROR, message,
                  _ ("Close every tag the translation opens, in the reverse order"));
          continue;
        }

      missing = missing_from (reference, translated, NULL);
      added = missing_from (translated, reference, NULL);
      if (missing == NULL && added == NULL)
        continue;

      missing_tags = describe_tags (missing);
      added_tags = describe_tags (added);
      if (missing_tags != NULL && added_tags != NULL)
        /* Translators: the first placeholder is a locale code such as fr, the second the
         * source text, the third and fourth lists of HTML tags such as “<b>, <a>”. */
        message = g_strdup_printf (_ ("The %s translation of “%s” lacks the tags %s and adds the "
                                      "tags %s"),
                                   self->locale, unit->msgid, missing_tags, added_tags);
      else if (missing_tags != NULL)
        /* Translators: the first placeholder is a locale code such as fr, the second the
         * source text, the third a list of HTML tags such as “<b>, <a>”. */
        message = g_strdup_printf (_ ("The %s translation of “%s” lacks the tags %s"), self->locale,
                                   unit->msgid, missing_tags);
      else
        /* Translators: the first placeholder is a locale code such as fr, the second the
         * source text, the third a list of HTML tags such as “<b>, <a>”. */
        message = g_strdup_printf (_ ("The %s translation of “%s” adds the tags %s"), self->locale,
                                   unit->msgid, added_tags);
      report (self, "markup-mismatch", HERALD_SEVERITY_WARNING, message,
              _ ("Keep the same inline tags as the source text"));
    }
}

/* Inside a conditional comment, a "-->" would end the comment early and show Outlook's
 * markup to every other reader. */
static void
check_comment (Check *self, const char *const *msgstr)
{
  for (guint i = 0; msgstr[i] != NULL; i++)
    {
      g_autofree char *message = NULL;

      if (strstr (msgstr[i], "-->") == NULL && strstr (msgstr[i], "<!--") == NULL)
        continue;
      message = g_strdup_printf (_ ("The %s translation of “%s” contains “<!--” or “-->”, which "
                                    "would break the Outlook-only comment around it; the source "
                                    "text is sent"),
                                 self->locale, self->unit->msgid);
      report (self, "translation-breaks-html", HERALD_SEVERITY_ERROR, message,
              _ ("Remove “<!--” and “-->” from the translation"));
    }
}

gboolean
herald_l10n_check_translation (const HeraldL10nUnit *unit,
                               const char *const *msgstr,
                               const char *template_id,
                               const char *locale,
                               GPtrArray *diagnostics)
{
  Check self = { template_id, locale, unit, diagnostics, TRUE };

  g_return_val_if_fail (unit != NULL, FALSE);
  g_return_val_if_fail (msgstr != NULL, FALSE);

  check_placeholders (&self, msgstr);
  if (unit->in_comment)
    check_comment (&self, msgstr);
  if (unit->part == HERALD_PART_HTML && !unit->is_attribute)
    check_markup (&self, msgstr);

  return self.usable;
}

/* A template's HTML in one locale: all the checks read of its localization. */
typedef struct
{
  const char *id;
  const char *locale; /* NULL: the source locale */
  const char *html;
} Localized;

static void
check_size (const Localized *localized,
            HeraldScenario *scenario,
            gsize size,
            GPtrArray *diagnostics)
{
  const char *id = localized->id;
  const char *locale = localized->locale;
  HeraldDiagnostic *diagnostic;
  g_autofree char *message = NULL;

  if (size <= HERALD_GMAIL_CLIPPING_LIMIT)
    return;

  if (locale != NULL)
    /* Translators: the first placeholder is a locale code such as fr, the second a scenario
     * name; “View entire message” is Gmail's own link text. */
    message = g_strdup_printf (_ ("In %s, the HTML of scenario “%s” weighs %.1f KB; Gmail clips "
                                  "messages over 102 KB and hides the rest behind “View entire "
                                  "message”"),
                               locale, herald_scenario_get_name (scenario), size / 1024.0);
  else
    /* Translators: the placeholder is a scenario name; “View entire message” is Gmail's own
     * link text. */
    message = g_strdup_printf (_ ("In the source language, the HTML of scenario “%s” weighs %.1f "
                                  "KB; Gmail clips messages over 102 KB and hides the rest behind "
                                  "“View entire message”"),
                               herald_scenario_get_name (scenario), size / 1024.0);
  diagnostic = herald_diagnostic_new ("gmail-clipping", HERALD_SEVERITY_WARNING, id, locale,
                                      HERALD_PART_HTML, 0, 0, message);
  herald_diagnostic_set_scenario_id (diagnostic, herald_scenario_get_id (scenario));
  herald_diagnostic_set_fix (diagnostic, _ ("Shorten the text or move inline styles to fewer "
                                            "elements"));
  g_ptr_array_add (diagnostics, diagnostic);
}

/* What the checks of several locales of one template share: the scenarios' render contexts,
 * made for the first locale and given each next one's variables (the rest of a context does
 * not depend on the locale), and whether the translated HTML bypasses the parse cache, as
 * each is read once. */
typedef struct
{
  gboolean uncached;
  HeraldRenderContext **contexts; /* one per scenario, NULL until made */
} Shared;

/* The render context of scenario i in the localized template's locale, or NULL; one made
 * for this call alone goes to *own. */
static HeraldRenderContext *
context_for (Shared *shared,
             guint i,
             const Localized *localized,
             HeraldScenario *scenario,
             HeraldRenderContext **own)
{
  const char *id = localized->id;
  const char *locale = localized->locale;

  if (shared == NULL)
    return *own = herald_render_context_new_for_locale (NULL, id, scenario, locale, NULL);
  if (shared->contexts[i] == NULL)
    return shared->contexts[i] =
               herald_render_context_new_for_locale (NULL, id, scenario, locale, NULL);
  return herald_render_context_set_locale (shared->contexts[i], locale, NULL) ? shared->contexts[i]
                                                                              : NULL;
}

/* The translated HTML's size in each of scenarios (NULL ones skipped): its template is read
 * once for them all, and each rendering goes to the same buffer. */
static void
check_sizes (const Localized *localized,
             HeraldScenario *const *scenarios,
             guint n_scenarios,
             Shared *shared,
             GPtrArray *diagnostics)
{
  const char *source = localized->html;
  g_autoptr (HeraldTlTemplate) tree = NULL;
  g_autoptr (GString) out = NULL;

  for (guint i = 0; i < n_scenarios; i++)
    {
      g_autoptr (HeraldRenderContext) own = NULL;
      HeraldRenderContext *context;

      if (scenarios[i] == NULL)
        continue;
      if (out == NULL)
        {
          gsize length;

          if (source == NULL)
            source = "";
          tree = shared != NULL && shared->uncached
                     ? herald_tl_template_parse (source, -1, NULL, NULL)
                     : herald_tl_template_parse_cached (source, NULL, NULL);
          /* A template that does not render is reported by the template checks. */
          if (tree == NULL)
            return;
          herald_tl_template_get_source (tree, &length);
          out = g_string_sized_new (length + length / 4 + 16);
        }
      context = context_for (shared, i, localized, scenarios[i], &own);
      g_string_truncate (out, 0);
      /* The length is the string's: the renderer writes no NUL (the template is a C string,
       * and every value is cut at its first NUL). */
      if (context != NULL &&
          herald_tl_template_render (tree, herald_render_context_get_tl (context), out, NULL, NULL))
        check_size (localized, scenarios[i], out->len, diagnostics);
    }
}

/* lang and dir */

static void
offset_to_position (const char *text, gsize offset, guint *line, guint *column)
{
  const char *line_start = text;

  *line = 1;
  for (const char *p = text; p < text + offset; p++)
    if (*p == '\n')
      {
        (*line)++;
        line_start = p + 1;
      }
  *column = (guint) g_utf8_strlen (line_start, text + offset - line_start) + 1;
}

static void
report_lang_dir (HeraldTemplate *tmpl,
                 const char *locale,
                 const char *html,
                 gsize offset,
                 const char *message,
                 const char *fix,
                 GPtrArray *diagnostics)
{
  HeraldDiagnostic *diagnostic;
  guint line;
  guint column;

  offset_to_position (html, offset, &line, &column);
  diagnostic =
      herald_diagnostic_new ("lang-dir", HERALD_SEVERITY_WARNING, herald_template_get_id (tmpl),
                             locale, HERALD_PART_HTML, line, column, message);
  herald_diagnostic_set_fix (diagnostic, fix);
  g_ptr_array_add (diagnostics, diagnostic);
}

/* The language of a tag or locale, "pt" for "pt-BR", "pt_BR" or "pt_BR.UTF-8". */
static char *
primary_language (const char *tag, gsize length)
{
  gsize n = 0;

  while (n < length && g_ascii_isalpha (tag[n]))
    n++;
  return g_ascii_strdown (tag, n);
}

/* An inner block element (a wrapper <div>, a <td>) whose hard-coded lang or dir overrides
 * the page's. Inline ones are left alone: <span lang="fr">Crédit Agricole</span> or an IBAN
 * in <bdi dir="ltr"> mean what they say in every locale. */
static void
check_inner_element (HeraldTemplate *tmpl,
                     const char *locale,
                     const char *language,
                     gboolean rtl,
                     const char *html,
                     const HeraldHtmlStartTag *tag,
                     GPtrArray *diagnostics)
{
  g_autofree char *name = g_ascii_strdown (html + tag->start + 1, tag->name_end - tag->start - 1);
  HeraldL10nAttribute attribute;

  if (herald_html_is_inline_element (name))
    return;

  if (herald_l10n_find_attribute (html, tag->start, tag->end, "lang", &attribute) &&
      attribute.value_end > attribute.value_start)
    {
      g_autofree char *value =
          g_strndup (html + attribute.value_start, attribute.value_end - attribute.value_start);
      g_autofree char *value_language = primary_language (value, strlen (value));

      if (*value_language != '\0' && !g_str_equal (value_language, language))
        {
          g_autofree char *message = g_strdup_printf (
              _ ("In %s, the <%s> element keeps lang=\"%s\", so everything inside it is "
                 "announced in that language instead of %s"),
              locale, name, value, locale);

          report_lang_dir (tmpl, locale, html, attribute.start, message,
                           _ ("Remove the lang attribute: Herald sets the language of each locale "
                              "on the root element"),
                           diagnostics);
        }
    }

  if (herald_l10n_find_attribute (html, tag->start, tag->end, "dir", &attribute))
    {
      gsize length = attribute.value_end - attribute.value_start;
      const char *value = html + attribute.value_start;
      const char *wrong = rtl ? "ltr" : "rtl";

      if (length == 3 && g_ascii_strncasecmp (value, wrong, 3) == 0)
        {
          g_autofree char *message = NULL;

          if (rtl)
            message = g_strdup_printf (_ ("In %s, the <%s> element keeps dir=\"ltr\", so its text "
                                          "runs left to right although %s is written right to "
                                          "left"),
                                       locale, name, locale);
          else
            message = g_strdup_printf (_ ("In %s, the <%s> element keeps dir=\"rtl\", so its text "
                                          "runs right to left although %s is written left to "
                                          "right"),
                                       locale, name, locale);
          report_lang_dir (tmpl, locale, html, attribute.start, message,
                           _ ("Remove the dir attribute: Herald sets the direction of each locale "
                              "on the root element"),
                           diagnostics);
        }
    }
}

/* Herald writes lang and dir on the root element when it localizes the HTML (see
 * herald-html-lang.h); what it cannot fix is a fragment without a root and what the author
 * hard-coded on inner elements. Positions are those of the source HTML, where they are
 * edited. */
static void
check_lang_dir (HeraldTemplate *tmpl,
                const char *locale,
                HeraldLintSourceHtml *source,
                GPtrArray *diagnostics)
{
  const char *html = herald_template_get_part (tmpl, HERALD_PART_HTML);
  GArray *tags;
  gint root;
  g_autofree char *language = NULL;
  gboolean rtl;

  if (html == NULL || locale == NULL)
    return;
  /* The usual email, whose <html> alone says lang and dir, needs no scan of its tags. */
  if (_herald_lint_source_html_lang_dir_only_on_root (source))
    return;
  tags = _herald_lint_source_html_get_tags (source, &root);
  if (tags == NULL || tags->len == 0)
    return;

  /* The locale's language and direction, for the root and every element. */
  language = primary_language (locale, strlen (locale));
  rtl = herald_locale_is_rtl (locale);
  if (root < 0)
    {
      g_autofree char *message = NULL;

      if (rtl)
        message = g_strdup_printf (_ ("The HTML has no <html> element and no single element around "
                                      "its content, so Herald cannot mark it lang=\"%s\" "
                                      "dir=\"rtl\": in %s the text runs left to right"),
                                   language, locale);
      else
        message = g_strdup_printf (_ ("The HTML has no <html> element and no single element around "
                                      "its content, so Herald cannot mark it lang=\"%s\": "
                                      "screen readers announce %s text in the wrong language"),
                                   language, locale);
      report_lang_dir (tmpl, locale, html, g_array_index (tags, HeraldHtmlStartTag, 0).start,
                       message,
                       _ ("Start the HTML with <html>, or wrap its content in one <div> or "
                          "<table>"),
                       diagnostics);
    }

  for (guint i = 0; i < tags->len; i++)
    if ((gint) i != root)
      check_inner_element (tmpl, locale, language, rtl, html,
                           &g_array_index (tags, HeraldHtmlStartTag, i), diagnostics);
}

/* Link text per locale: a translation can say "cliquez ici" where the source said more. The
 * translated HTML has the source's elements, so the n-th link of one is the n-th of the
 * other, reported where the source has it. */
static void
check_link_texts (HeraldTemplate *tmpl,
                  const char *locale,
                  GArray *source,
                  GArray *translated,
                  GPtrArray *diagnostics)
{
  if (source->len != translated->len)
    return;
  for (guint i = 0; i < translated->len; i++)
    {
      HeraldLintLink *link = &g_array_index (translated, HeraldLintLink, i);
      HeraldLintLink *original = &g_array_index (source, HeraldLintLink, i);
      g_autofree char *message = NULL;
      HeraldDiagnostic *diagnostic;

      /* The same text is the template rule's finding already. */
      if (!link->vague || g_str_equal (link->text, original->text))
        continue;
      message = g_strdup_printf (_ ("The link text “%s” does not say where the link goes; screen "
                                    "reader users often list the links on their own"),
                                 link->text);
      diagnostic = herald_diagnostic_new ("link-text", HERALD_SEVERITY_WARNING,
                                          herald_template_get_id (tmpl), locale, HERALD_PART_HTML,
                                          original->line, original->column, message);
      herald_diagnostic_set_fix (diagnostic,
                                 _ ("Translate the link so that it names the destination or the "
                                    "action, as the source text does"));
      g_ptr_array_add (diagnostics, diagnostic);
    }
}

/* Text in images per locale: the alt text is translated, and a translation can read like a
 * sentence or repeat a translated heading where the source did not. Reported like the link
 * text, at the source's n-th image. */
static void
check_text_images (HeraldTemplate *tmpl,
                   const char *locale,
                   GArray *source,
                   GArray *translated,
                   GPtrArray *diagnostics)
{
  if (source->len != translated->len)
    return;
  for (guint i = 0; i < translated->len; i++)
    {
      HeraldLintImage *image = &g_array_index (translated, HeraldLintImage, i);
      HeraldLintImage *original = &g_array_index (source, HeraldLintImage, i);
      g_autofree char *message = NULL;
      HeraldDiagnostic *diagnostic;

      /* An image flagged in the source is the template rule's finding already. */
      if (image->reason == HERALD_LINT_TEXT_IMAGE_NONE ||
          original->reason != HERALD_LINT_TEXT_IMAGE_NONE)
        continue;
      message = _herald_lint_text_image_message (image);
      diagnostic = herald_diagnostic_new ("img-text", HERALD_SEVERITY_WARNING,
                                          herald_template_get_id (tmpl), locale, HERALD_PART_HTML,
                                          original->line, original->column, message);
      herald_diagnostic_set_fix (diagnostic, _herald_lint_text_image_fix ());
      g_ptr_array_add (diagnostics, diagnostic);
    }
}

/* The checks of the localized template, then the size in each of scenarios (NULL ones
 * skipped): the localization and its checks do not depend on the scenario. source: what
 * they read of the source HTML, read on first need and kept by the caller for its other
 * locales. parsed: the template's parts as parsed already, or NULL. shared: what the checks
 * of the template's other locales share, or NULL. */
static GPtrArray *
lint_localized (HeraldTemplate *tmpl,
                HeraldPoCatalog *catalog,
                HeraldLintSourceHtml **source,
                HeraldTlTemplate *const *parsed,
                HeraldScenario *const *scenarios,
                guint n_scenarios,
                Shared *shared,
                GError **error)
{
  g_autoptr (GPtrArray) diagnostics = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *html = NULL;
  Localized localized = { herald_template_get_id (tmpl),
                          catalog != NULL ? herald_po_catalog_get_locale (catalog) : NULL, NULL };

  /* The checks read the HTML alone, and no counts. */
  html = herald_localize_template_html (tmpl, catalog, parsed, diagnostics, error);
  if (html == NULL)
    return NULL;
  localized.html = html;
  if (catalog != NULL)
    {
      const char *locale = localized.locale;
      g_autoptr (GArray) links = NULL;
      g_autoptr (GArray) images = NULL;

      if (*source == NULL)
        *source = _herald_lint_source_html_new (tmpl);
      /* Findings go where the source has the link or image: the translation's positions are
       * not read, nor its links and images when a look at its bytes shows no image and no
       * vague link text. */
      if (_herald_lint_may_have_vague_links_or_images (html))
        _herald_lint_collect_links_and_images (html, FALSE, &links, &images);
      check_lang_dir (tmpl, locale, *source, diagnostics);
      /* Only a vague link or an image of text in the translation is compared with the source,
       * which is then read. */
      if (links != NULL && _herald_lint_has_vague_link_or_text_image (links, images))
        {
          GArray *source_links;
          GArray *source_images;

          _herald_lint_source_html_get_links_and_images (*source, &source_links, &source_images);
          check_link_texts (tmpl, locale, source_links, links, diagnostics);
          check_text_images (tmpl, locale, source_images, images, diagnostics);
        }
    }
  check_sizes (&localized, scenarios, n_scenarios, shared, diagnostics);

  return g_steal_pointer (&diagnostics);
}

GPtrArray *
herald_l10n_lint_template (HeraldTemplate *tmpl,
                           HeraldPoCatalog *catalog,
                           HeraldScenario *scenario,
                           GError **error)
{
  g_autoptr (HeraldLintSourceHtml) source = NULL;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);

  return lint_localized (tmpl, catalog, &source, NULL, &scenario, 1, NULL, error);
}

/* uncached: the translated HTML is parsed without the parse cache, when nothing renders it
 * after the checks. */
static GPtrArray *
lint_locales (HeraldTemplate *tmpl,
              HeraldPoCatalog *const *catalogs,
              guint n_catalogs,
              GListModel *scenarios,
              HeraldTlTemplate *const *parsed,
              gboolean uncached,
              GError **error)
{
  guint n = scenarios != NULL ? g_list_model_get_n_items (scenarios) : 0;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) per_locale =
      g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr (HeraldLintSourceHtml) source = NULL;
  Shared shared = { uncached, NULL };
  gboolean ok = TRUE;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (scenarios, i));
  shared.contexts = g_new0 (HeraldRenderContext *, items->len + 1);
  for (guint l = 0; l < n_catalogs && ok; l++)
    {
      GPtrArray *found =
          lint_localized (tmpl, catalogs[l], &source, parsed,
                          (HeraldScenario *const *) items->pdata, items->len, &shared, error);

      if (found != NULL)
        g_ptr_array_add (per_locale, found);
      ok = found != NULL;
    }
  for (guint i = 0; i < items->len; i++)
    g_clear_pointer (&shared.contexts[i], herald_render_context_free);
  g_free (shared.contexts);
  return ok ? g_steal_pointer (&per_locale) : NULL;
}

GPtrArray *
herald_l10n_lint_template_locales (HeraldTemplate *tmpl,
                                   HeraldPoCatalog *const *catalogs,
                                   guint n_catalogs,
                                   GListModel *scenarios,
                                   HeraldTlTemplate *const *parsed,
                                   GError **error)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);

  /* herald-cli lint checks each locale of each template once, and renders none after. */
  return lint_locales (tmpl, catalogs, n_catalogs, scenarios, parsed, TRUE, error);
}

GPtrArray *
herald_l10n_lint_template_scenarios (HeraldTemplate *tmpl,
                                     HeraldPoCatalog *catalog,
                                     GListModel *scenarios,
                                     GError **error)
{
  g_autoptr (GPtrArray) per_locale = NULL;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);

  /* Publishing renders the translated HTML after checking it: the parse cache keeps it. */
  per_locale = lint_locales (tmpl, &catalog, 1, scenarios, NULL, FALSE, error);
  return per_locale != NULL ? g_ptr_array_ref (g_ptr_array_index (per_locale, 0)) : NULL;
}
