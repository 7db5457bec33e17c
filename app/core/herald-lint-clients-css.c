/* herald-lint-clients-css.c: the client-support rule's reading of a CSS text's declarations
 * (a style attribute's value or a <style> rule's body): each property and value in lower case,
 * with the features the snapshot has for the property, its keyword and its functions.
 *
 * What a text's declarations are depends on the text and the snapshot alone, and the templates
 * of a library repeat the same inline styles and <style> elements (a design's), so each text
 * is read once per run and kept in a table shared by the templates (and their threads), up to
 * a bound on its memory; past it, a text is read for the template alone. So is a <style>
 * text's parse into rules and at-rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <string.h>

#include "herald-css.h"
#include "herald-hash.h"
#include "herald-lint-clients-private.h"

/* The memory the shared table may keep (texts and their declarations): thousands of
 * templates' worth of distinct styles, while an app that lints as its user types for days does
 * not grow without bound. */
#define SHARED_MAX_BYTES (4 * 1024 * 1024)

static struct
{
  GMutex lock;
  /* The snapshot the declarations were read with (the process has one,
   * herald_client_support_get_default()); another reads for its template alone. */
  HeraldClientSupport *support;
  /* An open table of n_slots (a power of two, NULL for a free slot), kept at most half full */
  const Declarations **slots;
  guint n_slots;
  guint n_used;
  HeraldArena arena; /* of the declarations and their texts; never cleared */
  gsize bytes;
  /* Their names and values, each kept once: a use like the one before it is merged with it
   * when their strings are the same ones (record_use()), as a template's own were */
  GHashTable *strings;
  GHashTable *stylesheets; /* CssText → Stylesheet */
} shared;

/* A <style> text's rules and at-rules, with offsets from its start. */
typedef struct
{
  CssText key;
  HeraldCssRule *rules;
  guint n_rules;
  HeraldCssAtRule *at_rules;
  guint n_at_rules;
} Stylesheet;

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/* text[0, length) in ASCII lower case and ended by a NUL, in arena; the run's copy when arena
 * is the run's. */
static const char *
lower_copy (HeraldArena *arena, const char *text, gsize length)
{
  char *copy = herald_arena_alloc_aligned (arena, length + 1, 1);
  const char *kept;

  for (gsize i = 0; i < length; i++)
    copy[i] = text[i] >= 'A' && text[i] <= 'Z' ? text[i] + ('a' - 'A') : text[i];
  copy[length] = '\0';
  if (arena != &shared.arena)
    return copy;
  /* The copy is left unused when the run has the string: this is the rare path, a text's
   * first reading. */
  kept = g_hash_table_lookup (shared.strings, copy);
  if (kept != NULL)
    return kept;
  g_hash_table_add (shared.strings, copy);
  return copy;
}

/* The features the snapshot has for text[0, length) in lower case, or NULL. */
static GPtrArray *
lookup (HeraldClientSupport *support, HeraldFeatureKind kind, const char *text, gsize length)
{
  char buffer[128];
  g_autofree char *allocated = NULL;
  char *lower = buffer;

  if (length >= sizeof buffer)
    lower = allocated = g_malloc (length + 1);
  for (gsize i = 0; i < length; i++)
    lower[i] = text[i] >= 'A' && text[i] <= 'Z' ? text[i] + ('a' - 'A') : text[i];
  lower[length] = '\0';
  return herald_client_support_lookup (support, kind, lower);
}

/* The features of "name:keyword", keyword being the identifier value starts with (both in
 * lower case). */
static GPtrArray *
keyword_features (HeraldClientSupport *support,
                  const char *name,
                  gsize name_length,
                  const char *value)
{
  gsize keyword_length = 0;
  char buffer[128];
  g_autofree char *allocated = NULL;
  char *pair = buffer;

  while (is_ident_char (value[keyword_length]))
    keyword_length++;
  if (name_length + 1 + keyword_length >= sizeof buffer)
    pair = allocated = g_malloc (name_length + 1 + keyword_length + 1);
  memcpy (pair, name, name_length);
  pair[name_length] = ':';
  memcpy (pair + name_length + 1, value, keyword_length);
  pair[name_length + 1 + keyword_length] = '\0';
  return herald_client_support_lookup (support, HERALD_FEATURE_VALUE, pair);
}

/* Where the name of the function whose "(" is at paren starts, or paren when none does. */
static gsize
function_start (const char *text, gsize value_start, gsize paren)
{
  gsize start = paren;

  while (start > value_start && is_ident_char (text[start - 1]))
    start--;
  return start;
}

static void
read_declaration (HeraldClientSupport *support,
                  HeraldArena *arena,
                  const char *text,
                  const HeraldCssDeclaration *d,
                  Declaration *out)
{
  gsize name_length = d->name_end - d->name_start;
  guint n_functions = 0;

  out->name_start = d->name_start;
  out->name = lower_copy (arena, text + d->name_start, name_length);
  out->property = herald_client_support_lookup (support, HERALD_FEATURE_PROPERTY, out->name);
  out->value = lower_copy (arena, text + d->value_start, d->value_end - d->value_start);
  /* Only a few properties have a keyword that is a feature ("display:flex"). */
  out->keyword = herald_client_support_has_values (support, out->name)
                     ? keyword_features (support, out->name, name_length, out->value)
                     : NULL;
  out->functions = NULL;
  out->n_functions = 0;
  /* Most values have no function: their parentheses are looked for with memchr(), counted
   * first, then read. */
  for (int pass = 0; pass < 2; pass++)
    {
      for (const char *paren = memchr (text + d->value_start, '(', d->value_end - d->value_start);
           paren != NULL; paren = memchr (paren + 1, '(', text + d->value_end - paren - 1))
        if (paren > text + d->value_start && is_ident_char (paren[-1]))
          {
            gsize i = (gsize) (paren - text);
            CssFunction *function;

            if (pass == 0)
              {
                n_functions++;
                continue;
              }
            function = &out->functions[out->n_functions++];
            function->start = function_start (text, d->value_start, i);
            function->features = lookup (support, HERALD_FEATURE_FUNCTION, text + function->start,
                                         i - function->start);
          }
      if (n_functions == 0)
        break;
      if (pass == 0)
        out->functions = herald_arena_alloc (arena, n_functions * sizeof (CssFunction));
    }
}

/* The declarations of key's text, read into arena with a copy of the text; parsed: a scratch
 * array of HeraldCssDeclaration. */
static Declarations *
read_declarations (HeraldClientSupport *support,
                   HeraldArena *arena,
                   const CssText *key,
                   GArray *parsed)
{
  Declarations *found;
  char *text;

  g_array_set_size (parsed, 0);
  herald_css_parse_declarations (key->text, 0, key->length, parsed);
  found = herald_arena_alloc_aligned (
      arena, sizeof (Declarations) + parsed->len * sizeof (Declaration), 16);
  text = herald_arena_alloc_aligned (arena, key->length + 1, 1);
  memcpy (text, key->text, key->length);
  text[key->length] = '\0';
  found->key = (CssText){ text, key->length, key->hash };
  found->n_items = parsed->len;
  for (guint i = 0; i < parsed->len; i++)
    read_declaration (support, arena, key->text, &g_array_index (parsed, HeraldCssDeclaration, i),
                      &found->items[i]);
  return found;
}

gboolean
_herald_lint_css_text_equal (const CssText *a, const CssText *b)
{
  return a->hash == b->hash && a->length == b->length && memcmp (a->text, b->text, a->length) == 0;
}

/* Where the Declarations of key are or go in the shared table. */
static guint
shared_slot (const CssText *key)
{
  guint mask = shared.n_slots - 1;
  guint i;

  for (i = key->hash & mask; shared.slots[i] != NULL; i = (i + 1) & mask)
    if (_herald_lint_css_text_equal (&shared.slots[i]->key, key))
      break;
  return i;
}

static void
grow_shared (void)
{
  const Declarations **old = shared.slots;
  guint n_old = shared.n_slots;

  shared.n_slots = MAX (256, 2 * n_old);
  shared.slots = g_new0 (const Declarations *, shared.n_slots);
  for (guint i = 0; i < n_old; i++)
    if (old[i] != NULL)
      shared.slots[shared_slot (&old[i]->key)] = old[i];
  g_free (old);
}

static guint
css_text_hash (gconstpointer key)
{
  return ((const CssText *) key)->hash;
}

static gboolean
css_text_equal (gconstpointer a, gconstpointer b)
{
  return _herald_lint_css_text_equal (a, b);
}

/* Called with the lock held. */
static void
init_shared (void)
{
  if (shared.slots != NULL)
    return;
  grow_shared ();
  herald_arena_init (&shared.arena, 64 * 1024);
  shared.strings = g_hash_table_new (g_str_hash, g_str_equal);
  shared.stylesheets = g_hash_table_new (css_text_hash, css_text_equal);
}

/* The memory a text's declarations take in an arena, roughly: what the bound counts. */
static gsize
size_of (const Declarations *declarations)
{
  gsize size = sizeof (Declarations) + 2 * (declarations->key.length + 1);

  for (guint i = 0; i < declarations->n_items; i++)
    size += sizeof (Declaration) + declarations->items[i].n_functions * sizeof (CssFunction);
  return size;
}

const Declarations *
_herald_lint_css_declarations (HeraldClientSupport *support,
                               const CssText *key,
                               HeraldArena *arena,
                               GArray *parsed)
{
  const Declarations *found = NULL;
  guint slot;

  g_mutex_lock (&shared.lock);
  init_shared ();
  if (shared.support == NULL)
    shared.support = support;
  if (shared.support != support)
    {
      g_mutex_unlock (&shared.lock);
      return read_declarations (support, arena, key, parsed);
    }
  slot = shared_slot (key);
  found = shared.slots[slot];
  if (found == NULL && shared.bytes < SHARED_MAX_BYTES)
    {
      found = read_declarations (support, &shared.arena, key, parsed);
      shared.bytes += size_of (found);
      shared.slots[slot] = found;
      if (2 * ++shared.n_used > shared.n_slots)
        grow_shared ();
    }
  g_mutex_unlock (&shared.lock);
  if (found == NULL)
    found = read_declarations (support, arena, key, parsed);
  return found;
}

gboolean
_herald_lint_css_shared_full (void)
{
  gboolean full;

  g_mutex_lock (&shared.lock);
  full = shared.bytes >= SHARED_MAX_BYTES;
  g_mutex_unlock (&shared.lock);
  return full;
}

/* A copy of what the run's arena keeps for n pieces of size bytes. */
static gpointer
keep_pieces (gconstpointer pieces, guint n, gsize size)
{
  gpointer copy = herald_arena_alloc_aligned (&shared.arena, MAX (n, 1) * size, 16);

  if (n > 0)
    memcpy (copy, pieces, n * size);
  shared.bytes += n * size;
  return copy;
}

/* The stylesheet key's text is, parsed and kept for the run. Called with the lock held. */
static const Stylesheet *
keep_stylesheet (const CssText *key)
{
  g_autoptr (GArray) rules = g_array_new (FALSE, FALSE, sizeof (HeraldCssRule));
  g_autoptr (GArray) at_rules = g_array_new (FALSE, FALSE, sizeof (HeraldCssAtRule));
  Stylesheet *sheet = herald_arena_alloc_aligned (&shared.arena, sizeof (Stylesheet), 16);

  /* Its offsets from the text's start are those in the HTML less the start: the parser reads
   * nothing outside the range it is given. */
  herald_css_parse_stylesheet (key->text, 0, key->length, rules, at_rules);
  sheet->key = (CssText){ keep_pieces (key->text, key->length, 1), key->length, key->hash };
  sheet->rules = keep_pieces (rules->data, rules->len, sizeof (HeraldCssRule));
  sheet->n_rules = rules->len;
  sheet->at_rules = keep_pieces (at_rules->data, at_rules->len, sizeof (HeraldCssAtRule));
  sheet->n_at_rules = at_rules->len;
  shared.bytes += sizeof (Stylesheet);
  g_hash_table_add (shared.stylesheets, sheet);
  return sheet;
}

void
_herald_lint_css_stylesheet (
    const char *html, gsize start, gsize end, GArray *rules, GArray *at_rules)
{
  CssText key = { html + start, end - start, herald_bytes_hash (html + start, end - start, 0) };
  const Stylesheet *sheet;
  guint n_rules = rules->len;
  guint n_at_rules = at_rules->len;

  g_mutex_lock (&shared.lock);
  init_shared ();
  sheet = g_hash_table_lookup (shared.stylesheets, &key);
  if (sheet == NULL && shared.bytes < SHARED_MAX_BYTES)
    sheet = keep_stylesheet (&key);
  g_mutex_unlock (&shared.lock);
  if (sheet == NULL)
    {
      herald_css_parse_stylesheet (html, start, end, rules, at_rules);
      return;
    }
  g_array_set_size (rules, n_rules + sheet->n_rules);
  for (guint i = 0; i < sheet->n_rules; i++)
    {
      HeraldCssRule *rule = &g_array_index (rules, HeraldCssRule, n_rules + i);

      *rule = sheet->rules[i];
      rule->selector_start += start;
      rule->selector_end += start;
      rule->body_start += start;
      rule->body_end += start;
    }
  g_array_set_size (at_rules, n_at_rules + sheet->n_at_rules);
  for (guint i = 0; i < sheet->n_at_rules; i++)
    {
      HeraldCssAtRule *at = &g_array_index (at_rules, HeraldCssAtRule, n_at_rules + i);

      *at = sheet->at_rules[i];
      at->start += start;
      at->name_end += start;
      at->prelude_end += start;
    }
}
