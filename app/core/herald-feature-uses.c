/* herald-feature-uses.c: the HTML elements, attributes and CSS features a template uses,
 * looked up in the caniemail snapshot, each at its first use, for the Clients view. It scans
 * the HTML as the client-support check (herald-lint-clients.c) does; the check tells the
 * result per feature, the view per client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-feature-uses"

#include "config.h"

#include <string.h>

#include "herald-css.h"
#include "herald-feature-uses.h"
#include "herald-html-lang.h"

typedef struct
{
  const HeraldFeature *feature;
  gsize offset; /* of the first use */
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

static int
compare_uses (gconstpointer a, gconstpointer b)
{
  const Use *ua = *(Use **) a;
  const Use *ub = *(Use **) b;

  return ua->offset < ub->offset ? -1 : ua->offset > ub->offset;
}

GArray *
herald_feature_uses_collect (const char *html)
{
  Collect collect = { herald_client_support_get_default (), html,
                      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free),
                      g_ptr_array_new () };
  GArray *uses = g_array_new (FALSE, FALSE, sizeof (HeraldFeatureUse));
  g_autoptr (GArray) tags = NULL;
  Cursor cursor = { html, 0, 0, 1 };
  gint root;

  if (html != NULL)
    tags = herald_html_start_tags (html, strlen (html), &root);
  for (guint i = 0; tags != NULL && i < tags->len; i++)
    note_tag (&collect, &g_array_index (tags, HeraldHtmlStartTag, i));

  g_ptr_array_sort (collect.order, compare_uses);
  for (guint i = 0; i < collect.order->len; i++)
    {
      Use *use = g_ptr_array_index (collect.order, i);
      HeraldFeatureUse found = { use->feature, 0, 0 };

      cursor_move (&cursor, use->offset, &found.line, &found.column);
      g_array_append_val (uses, found);
    }

  g_ptr_array_unref (collect.order);
  g_hash_table_unref (collect.uses);
  return uses;
}
