/* herald-lint-a11y-styles.c: the style texts the cascade (herald-lint-a11y-cascade.c) reads,
 * each read once per template and once per library: inline style attributes' rules, and
 * stylesheets' rules (those through the client-support rule's reading,
 * herald-lint-clients-css.c).
 *
 * An email repeats the same inline styles on many elements, and a library's templates share
 * their design: the same texts come back from template to template. Reading one (its
 * declarations, their colours and sizes; a stylesheet's rules) costs some twenty times more
 * than finding it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <string.h>

#include "herald-css.h"
#include "herald-hash.h"
#include "herald-lint-a11y-private.h"

/* The inline styles' table: open addressing, each text hashed once (eight bytes at a time,
 * they are long) and compared only with those of its hash. */
typedef struct
{
  const char *text; /* NULL for an empty slot */
  gsize length;
  guint hash;
  StyleRule *rule;
} InlineStyle;

struct _InlineStyles
{
  InlineStyle *slots;
  guint mask; /* the number of slots - 1 */
  guint n;
};

InlineStyles *
_herald_lint_inline_styles_new (void)
{
  InlineStyles *styles = g_new0 (InlineStyles, 1);

  styles->mask = 63;
  styles->slots = g_new0 (InlineStyle, styles->mask + 1);
  return styles;
}

void
_herald_lint_inline_styles_free (InlineStyles *styles)
{
  for (guint i = 0; i <= styles->mask; i++)
    if (styles->slots[i].text != NULL)
      _herald_lint_style_rule_free (styles->slots[i].rule);
  g_free (styles->slots);
  g_free (styles);
}

static InlineStyle *
inline_style_slot (const InlineStyles *styles, const char *text, gsize length, guint hash)
{
  for (guint i = hash & styles->mask;; i = (i + 1) & styles->mask)
    {
      InlineStyle *slot = &styles->slots[i];

      if (slot->text == NULL ||
          (slot->hash == hash && slot->length == length && memcmp (slot->text, text, length) == 0))
        return slot;
    }
}

/* Twice the slots, kept under half full. */
static void
inline_styles_grow (InlineStyles *styles)
{
  InlineStyle *old = styles->slots;
  guint old_size = styles->mask + 1;

  styles->mask = 2 * old_size - 1;
  styles->slots = g_new0 (InlineStyle, styles->mask + 1);
  for (guint i = 0; i < old_size; i++)
    if (old[i].text != NULL)
      *inline_style_slot (styles, old[i].text, old[i].length, old[i].hash) = old[i];
  g_free (old);
}

/* Puts rule in slot, found empty for text (kept in texts), and grows the table if need be. */
static void
inline_styles_add (InlineStyles *styles,
                   InlineStyle *slot,
                   GStringChunk *texts,
                   const char *text,
                   gsize length,
                   guint hash,
                   StyleRule *rule)
{
  *slot = (InlineStyle){ g_string_chunk_insert_len (texts, text, length), length, hash, rule };
  if (++styles->n > styles->mask / 2)
    inline_styles_grow (styles);
}

/* What the inline styles read by every template's check so far give, for the next ones. The
 * table is bounded by the size of its texts (a library's design has some hundred inline
 * styles), and emptied whenever it would grow past it, by any thread: a check takes a copy. */
#define SHARED_MAX_BYTES (1024 * 1024)

/* An inline style's rule is the same whatever the template: only its declarations, none of
 * its order or specificity. */

G_LOCK_DEFINE_STATIC (shared);
static InlineStyles *shared_styles;
static GStringChunk *shared_texts;
static gsize shared_bytes;

static StyleRule *
shared_rule_copy (A11y *a, const char *text, gsize length, guint hash)
{
  InlineStyle *slot;
  StyleRule *copy;

  G_LOCK (shared);
  if (shared_styles == NULL || shared_bytes + length > SHARED_MAX_BYTES)
    {
      g_clear_pointer (&shared_styles, _herald_lint_inline_styles_free);
      g_clear_pointer (&shared_texts, g_string_chunk_free);
      shared_styles = _herald_lint_inline_styles_new ();
      shared_texts = g_string_chunk_new (4096);
      shared_bytes = 0;
    }
  slot = inline_style_slot (shared_styles, text, length, hash);
  if (slot->text == NULL)
    {
      StyleRule *rule = _herald_lint_inline_rule_new (a, text, length);

      inline_styles_add (shared_styles, slot, shared_texts, text, length, hash, rule);
      shared_bytes += length;
      copy = _herald_lint_inline_rule_copy (rule);
    }
  else
    copy = _herald_lint_inline_rule_copy (slot->rule);
  G_UNLOCK (shared);
  return copy;
}

StyleRule *
_herald_lint_inline_style (A11y *a, const char *text)
{
  gsize length = strlen (text);
  guint hash = herald_bytes_hash (text, length, 0);
  InlineStyle *slot = inline_style_slot (a->inline_styles, text, length, hash);

  if (slot->text == NULL)
    {
      StyleRule *rule = shared_rule_copy (a, text, length, hash);

      inline_styles_add (a->inline_styles, slot, a->texts, text, length, hash, rule);
      return rule;
    }
  return slot->rule;
}

/* A stylesheet's rules are offsets into its text, the same whatever the template: the
 * client-support rule's reading serves. */
GArray *
_herald_lint_stylesheet_rules (const char *css)
{
  GArray *rules = g_array_new (FALSE, FALSE, sizeof (HeraldCssRule));
  g_autoptr (GArray) at_rules = g_array_new (FALSE, FALSE, sizeof (HeraldCssAtRule));

  _herald_lint_css_stylesheet (css, 0, strlen (css), rules, at_rules);
  return rules;
}
