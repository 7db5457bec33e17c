/* herald-lint-clients.c: the client-support rule. Which HTML elements, attributes and CSS
 * features the template uses that the library's chosen email clients lack or only partly
 * support, from the caniemail snapshot. One finding per feature, at its first use in the
 * source, listing the clients.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "herald-client-support.h"
#include "herald-css.h"
#include "herald-html-lang.h"
#include "herald-lint-private.h"

typedef struct
{
  const HeraldFeature *feature;
  gsize offset; /* of the first use */
  guint count;
} Use;

typedef struct
{
  HeraldClientSupport *support;
  const char *html;
  GHashTable *uses; /* slug → Use */
  GPtrArray *order; /* Use, by first use */
} Collect;

static void
note_use (Collect *collect, HeraldFeatureKind kind, const char *text, gsize length, gsize offset)
{
  g_autofree char *name = g_ascii_strdown (text, length);
  GPtrArray *features = herald_client_support_lookup (collect->support, kind, name);

  for (guint i = 0; features != NULL && i < features->len; i++)
    {
      const HeraldFeature *feature = g_ptr_array_index (features, i);
      Use *use = g_hash_table_lookup (collect->uses, herald_feature_get_slug (feature));

      if (use == NULL)
        {
          use = g_new0 (Use, 1);
          use->feature = feature;
          use->offset = offset;
          g_hash_table_insert (collect->uses, (gpointer) herald_feature_get_slug (feature), use);
          g_ptr_array_add (collect->order, use);
        }
      use->count++;
    }
}

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/* Functions in a value: "linear-gradient(" and the like. */
static void
note_functions (Collect *collect, const char *css, gsize start, gsize end, gsize base)
{
  for (gsize i = start; i < end; i++)
    if (css[i] == '(' && i > start && is_ident_char (css[i - 1]))
      {
        gsize name = i;

        while (name > start && is_ident_char (css[name - 1]))
          name--;
        note_use (collect, HERALD_FEATURE_FUNCTION, css + name, i - name, base + name);
      }
}

static void
note_declarations (Collect *collect, const char *css, gsize start, gsize end, gsize base)
{
  g_autoptr (GArray) declarations = g_array_new (FALSE, FALSE, sizeof (HeraldCssDeclaration));

  herald_css_parse_declarations (css, start, end, declarations);
  for (guint i = 0; i < declarations->len; i++)
    {
      HeraldCssDeclaration *d = &g_array_index (declarations, HeraldCssDeclaration, i);
      g_autofree char *pair = NULL;
      gsize keyword_end = d->value_start;

      note_use (collect, HERALD_FEATURE_PROPERTY, css + d->name_start, d->name_end - d->name_start,
                base + d->name_start);
      while (keyword_end < d->value_end && is_ident_char (css[keyword_end]))
        keyword_end++;
      pair = g_strdup_printf ("%.*s:%.*s", (int) (d->name_end - d->name_start), css + d->name_start,
                              (int) (keyword_end - d->value_start), css + d->value_start);
      note_use (collect, HERALD_FEATURE_VALUE, pair, strlen (pair), base + d->name_start);
      note_functions (collect, css, d->value_start, d->value_end, base);
    }
}

static void
note_stylesheet (Collect *collect, gsize start, gsize end)
{
  const char *css = collect->html;
  g_autoptr (GArray) rules = g_array_new (FALSE, FALSE, sizeof (HeraldCssRule));
  g_autoptr (GArray) at_rules = g_array_new (FALSE, FALSE, sizeof (HeraldCssAtRule));

  herald_css_parse_stylesheet (css, start, end, rules, at_rules);
  for (guint i = 0; i < at_rules->len; i++)
    {
      HeraldCssAtRule *at = &g_array_index (at_rules, HeraldCssAtRule, i);

      note_use (collect, HERALD_FEATURE_AT_RULE, css + at->start + 1, at->name_end - at->start - 1,
                at->start);
      /* Media features: the names after "(" in the prelude. */
      for (gsize p = at->name_end; p < at->prelude_end; p++)
        if (css[p] == '(')
          {
            gsize name = p + 1;
            gsize name_end;

            while (name < at->prelude_end && g_ascii_isspace (css[name]))
              name++;
            name_end = name;
            while (name_end < at->prelude_end && is_ident_char (css[name_end]))
              name_end++;
            note_use (collect, HERALD_FEATURE_MEDIA_FEATURE, css + name, name_end - name, name);
          }
    }
  for (guint i = 0; i < rules->len; i++)
    {
      HeraldCssRule *rule = &g_array_index (rules, HeraldCssRule, i);

      note_declarations (collect, css, rule->body_start, rule->body_end, 0);
    }
}

/* The element, its attributes, and the CSS of a style attribute or <style> element. */
static void
note_tag (Collect *collect, const HeraldHtmlStartTag *tag)
{
  const char *html = collect->html;
  g_autofree char *name = g_ascii_strdown (html + tag->start + 1, tag->name_end - tag->start - 1);
  gsize pos = tag->name_end;

  note_use (collect, HERALD_FEATURE_ELEMENT, name, strlen (name), tag->start);

  while (pos < tag->end)
    {
      gsize attr_start;
      gsize attr_end;

      while (pos < tag->end && (g_ascii_isspace (html[pos]) || html[pos] == '/'))
        pos++;
      attr_start = pos;
      while (pos < tag->end && !g_ascii_isspace (html[pos]) && !strchr ("=>/\"'", html[pos]))
        pos++;
      attr_end = pos;
      if (attr_end == attr_start)
        {
          pos++;
          continue;
        }
      note_use (collect, HERALD_FEATURE_ATTRIBUTE, html + attr_start, attr_end - attr_start,
                attr_start);
      while (pos < tag->end && g_ascii_isspace (html[pos]))
        pos++;
      if (pos < tag->end && html[pos] == '=')
        {
          gsize value_start;
          gsize value_end;

          pos++;
          while (pos < tag->end && g_ascii_isspace (html[pos]))
            pos++;
          if (pos < tag->end && (html[pos] == '"' || html[pos] == '\''))
            {
              const char *close = memchr (html + pos + 1, html[pos], tag->end - pos - 1);

              value_start = pos + 1;
              value_end = close != NULL ? (gsize) (close - html) : tag->end;
              pos = value_end + 1;
            }
          else
            {
              value_start = pos;
              while (pos < tag->end && !g_ascii_isspace (html[pos]) && html[pos] != '>')
                pos++;
              value_end = pos;
            }
          if (attr_end - attr_start == 5 &&
              g_ascii_strncasecmp (html + attr_start, "style", 5) == 0)
            note_declarations (collect, html, value_start, value_end, 0);
        }
    }

  if (g_str_equal (name, "style"))
    {
      const char *close = strstr (html + tag->end, "</");

      while (close != NULL && g_ascii_strncasecmp (close + 2, "style", 5) != 0)
        close = strstr (close + 2, "</");
      note_stylesheet (collect, tag->end, close != NULL ? (gsize) (close - html) : strlen (html));
    }
}

/* Positions of offsets visited in increasing order, in one pass over the text. */
typedef struct
{
  const char *text;
  gsize offset;
  gsize line_start;
  guint line;
} Cursor;

static void
cursor_move (Cursor *cursor, gsize offset, guint *line, guint *column)
{
  for (; cursor->offset < offset; cursor->offset++)
    if (cursor->text[cursor->offset] == '\n')
      {
        cursor->line++;
        cursor->line_start = cursor->offset + 1;
      }
  *line = cursor->line;
  *column =
      (guint) g_utf8_strlen (cursor->text + cursor->line_start, offset - cursor->line_start) + 1;
}

static char *
join_labels (HeraldClientSupport *support, GPtrArray *clients)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < clients->len; i++)
    {
      g_autofree char *label = herald_client_support_dup_client_label (support, clients->pdata[i]);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
report_use (
    HeraldLintContext *lint, Collect *collect, Use *use, const char *const *clients, Cursor *cursor)
{
  g_autoptr (GPtrArray) missing = g_ptr_array_new ();
  g_autoptr (GPtrArray) partial = g_ptr_array_new ();
  g_autoptr (GString) notes = g_string_new (NULL);
  g_autofree char *missing_text = NULL;
  g_autofree char *partial_text = NULL;
  g_autofree char *message = NULL;
  const char *title = herald_feature_get_title (use->feature);
  HeraldDiagnostic *diagnostic;
  guint line;
  guint column;

  for (guint i = 0; clients[i] != NULL; i++)
    {
      g_autofree char *note = NULL;
      HeraldSupport support = herald_feature_get_support (use->feature, clients[i], &note);

      if (support == HERALD_SUPPORT_NO)
        g_ptr_array_add (missing, (gpointer) clients[i]);
      else if (support == HERALD_SUPPORT_PARTIAL)
        g_ptr_array_add (partial, (gpointer) clients[i]);
      else
        continue;
      if (note != NULL && strstr (notes->str, note) == NULL)
        {
          g_autofree char *label =
              herald_client_support_dup_client_label (collect->support, clients[i]);

          g_string_append_printf (notes, "%s%s: %s", notes->len > 0 ? " " : "", label, note);
        }
    }
  if (missing->len == 0 && partial->len == 0)
    return;

  missing_text = join_labels (collect->support, missing);
  partial_text = join_labels (collect->support, partial);
  if (partial->len == 0)
    message = g_strdup_printf (_ ("%s is not supported in %s"), title, missing_text);
  else if (missing->len == 0)
    message = g_strdup_printf (_ ("%s is only partly supported in %s"), title, partial_text);
  else
    message = g_strdup_printf (_ ("%s is not supported in %s, and only partly in %s"), title,
                               missing_text, partial_text);

  cursor_move (cursor, use->offset, &line, &column);
  /* Partial support is a note: caniemail's notes often concern a use the template does not
   * make (a value, an element), which Herald cannot tell from the note's text. */
  diagnostic = _herald_lint_add (lint, "client-support",
                                 missing->len > 0 ? HERALD_SEVERITY_WARNING : HERALD_SEVERITY_INFO,
                                 HERALD_PART_HTML, line, column, NULL, "%s", message);
  if (notes->len > 0)
    herald_diagnostic_set_fix (diagnostic, notes->str);
  else
    {
      g_autofree char *fix =
          g_strdup_printf (_ ("See %s for workarounds"), herald_feature_get_url (use->feature));

      herald_diagnostic_set_fix (diagnostic, fix);
    }
}

static int
compare_uses (gconstpointer a, gconstpointer b)
{
  const Use *ua = *(Use **) a;
  const Use *ub = *(Use **) b;

  return ua->offset < ub->offset ? -1 : ua->offset > ub->offset;
}

void
_herald_lint_rule_client_support (HeraldLintContext *lint)
{
  const char *html = herald_template_get_part (lint->tmpl, HERALD_PART_HTML);
  const char *const *clients =
      lint->clients != NULL ? lint->clients : herald_client_support_get_default_clients ();
  Collect collect = { herald_client_support_get_default (), html,
                      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free),
                      g_ptr_array_new () };
  g_autoptr (GArray) tags = NULL;
  gint root;

  if (html != NULL)
    tags = herald_html_start_tags (html, strlen (html), &root);
  for (guint i = 0; tags != NULL && i < tags->len; i++)
    note_tag (&collect, &g_array_index (tags, HeraldHtmlStartTag, i));

  Cursor cursor = { html, 0, 0, 1 };

  g_ptr_array_sort (collect.order, compare_uses);
  for (guint i = 0; i < collect.order->len; i++)
    report_use (lint, &collect, g_ptr_array_index (collect.order, i), clients, &cursor);

  g_ptr_array_unref (collect.order);
  g_hash_table_unref (collect.uses);
}
