/* herald-lint-clients-uses.c: the client-support rule's collection of what a template uses.
 * The start tags are described once (their attributes, classes and the key bits a selector
 * looks them up by), the CSS of each <style> and style attribute is read once, its selectors
 * matched against the tags, and each use of a feature the snapshot knows is recorded with its
 * element and value for the notes. It is apart from the rule (herald-lint-clients.c), which
 * only asks, client by client, what the collected uses lose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <string.h>

#include "herald-client-support.h"
#include "herald-css.h"
#include "herald-hash.h"
#include "herald-html-lang.h"
#include "herald-lint-clients-private.h"
#include "herald-lint-private.h"

/* An attribute of a start tag: where its name and value are in the HTML. */
typedef struct
{
  gsize name_start;
  gsize name_end;
  gsize value_start;
  gsize value_end;
  gboolean is_style;
  /* A class or style attribute the snapshot lists as no feature: not looked up (the most
   * frequent attributes of an email) */
  gboolean no_feature;
} Attribute;

/* Whether the snapshot lists no feature under the attribute name. */
static gboolean
is_no_attribute_feature (Collect *collect, const char *name)
{
  GPtrArray *features =
      herald_client_support_lookup (collect->support, HERALD_FEATURE_ATTRIBUTE, name);

  return features == NULL || features->len == 0;
}

/* What a selector asks of an element, by kind, as one of 64 bits: the elements with each bit
 * are listed (Collect.keyed), and a selector is matched against those with one of its bits. */
typedef enum
{
  KEY_CLASS = '.',
  KEY_ID = '#',
  KEY_NAME = 'n',
} Key;

static guint
key_of (Key kind, const char *text, gsize length)
{
  guint32 h = 5381 + (guint32) kind;

  for (gsize i = 0; i < length; i++)
    h = h * 33 + (guchar) text[i];
  return (h * 0x9e3779b1u) >> 26;
}

static guint64
key_bit (Key kind, const char *text, gsize length)
{
  return G_GUINT64_CONSTANT (1) << key_of (kind, text, length);
}

/* Where a declaration applies: one element, or an unknown one (element NULL). */
struct _Site
{
  const char *element;
  HeraldLintUseFlags flags;
};

typedef struct
{
  gsize start;
  GArray *rules;    /* HeraldCssRule */
  GArray *at_rules; /* HeraldCssAtRule */
  /* The declarations of each rule's body (borrowed), NULL until read: the backgrounds and
   * the uses read each rule, and a look-up by text would hash it again */
  const Declarations **bodies;
} Stylesheet;

static void
stylesheet_clear (gpointer data)
{
  Stylesheet *sheet = data;

  g_array_unref (sheet->rules);
  g_array_unref (sheet->at_rules);
  g_free (sheet->bodies);
}

/* The rules and at-rules of the <style> text html[start, end), parsed once (borrowed, until
 * another is parsed). */
static Stylesheet *
parse_stylesheet (Collect *collect, gsize start, gsize end)
{
  Stylesheet sheet = { start };

  for (guint i = 0; i < collect->stylesheets->len; i++)
    {
      Stylesheet *known = &g_array_index (collect->stylesheets, Stylesheet, i);

      if (known->start == start)
        return known;
    }
  sheet.rules = g_array_new (FALSE, FALSE, sizeof (HeraldCssRule));
  sheet.at_rules = g_array_new (FALSE, FALSE, sizeof (HeraldCssAtRule));
  _herald_lint_css_stylesheet (collect->html, start, end, sheet.rules, sheet.at_rules);
  sheet.bodies = g_new0 (const Declarations *, sheet.rules->len + 1);
  g_array_append_val (collect->stylesheets, sheet);
  return &g_array_index (collect->stylesheets, Stylesheet, collect->stylesheets->len - 1);
}

/* text[0, length), ended by a NUL, kept until the collection is cleared. */
static char *
keep_text (Collect *collect, const char *text, gsize length)
{
  char *kept = herald_arena_alloc_aligned (&collect->arena, length + 1, 1);

  memcpy (kept, text, length);
  kept[length] = '\0';
  return kept;
}

/* Eight bytes with their ASCII capitals in lower case, the others as they are: set 0x20 in
 * each byte from 'A' to 'Z' (no byte carries into the next: each is at most 0x7f + 0x3f). */
static guint64
ascii_lower (guint64 bytes)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 low7 = bytes & ~high;
  guint64 from_a = low7 + G_GUINT64_CONSTANT (0x3f3f3f3f3f3f3f3f);   /* high bit when >= 'A' */
  guint64 beyond_z = low7 + G_GUINT64_CONSTANT (0x2525252525252525); /* high bit when > 'Z' */
  guint64 upper = (from_a ^ beyond_z) & ~bytes & high;

  return bytes | (upper >> 2);
}

/* text[0, length) in lower case, kept until the collection is cleared. */
static char *
keep_lower (Collect *collect, const char *text, gsize length)
{
  char *kept = keep_text (collect, text, length);
  gsize i = 0;

  /* The long texts know() does not keep: eight bytes at a time. */
  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, kept + i, 8);
      word = ascii_lower (word);
      memcpy (kept + i, &word, 8);
    }
  for (; i < length; i++)
    if (kept[i] >= 'A' && kept[i] <= 'Z')
      kept[i] += 'a' - 'A';
  return kept;
}

/* A text know() keeps without looking it up. */
#define NO_KIND (-1)

/* Fills a Known for kind with the text it keeps: its features. */
static void
look_up_known (Collect *collect, Known *known, gint kind)
{
  known->kind = (gint8) kind;
  known->features =
      kind == NO_KIND ? NULL : herald_client_support_lookup (collect->support, kind, known->text);
}

/* Whether a[0, length) and b[0, length) are the same, both being padded with zeros to a
 * multiple of eight bytes: compared a word at a time, without a call. */
static gboolean
same_words (const char *a, const char *b, gsize length)
{
  for (gsize i = 0; i < length; i += 8)
    {
      guint64 wa;
      guint64 wb;

      memcpy (&wa, a + i, 8);
      memcpy (&wb, b + i, 8);
      if (wa != wb)
        return FALSE;
    }
  return TRUE;
}

/* text[0, length) in lower case, kept once per template, with the features (borrowed, NULL
 * for none) the snapshot has under that name for kind (none for NO_KIND). A template names
 * the same elements, attributes, properties and values again and again: each is lower-cased,
 * copied and looked up once, and uses on the same name or value tell them equal by address
 * (record_use()). Long texts are kept each time. */
static const Known *
know_slot (Collect *collect, gint kind, const char *text, gsize length)
{
  /* Room to lower-case and hash eight bytes at a time, the last ones padded with zeros. */
  char buffer[64 + 8];
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325) ^ (guint64) (gint64) kind;
  guint32 hash;
  Known *slot;
  guint i;

  if (length >= 64)
    {
      collect->long_text.text = keep_lower (collect, text, length);
      look_up_known (collect, &collect->long_text, kind);
      return &collect->long_text;
    }
  memcpy (buffer, text, length);
  memset (buffer + length, 0, 8);
  for (gsize i = 0; i < length; i += 8)
    {
      guint64 word;

      memcpy (&word, buffer + i, 8);
      word = ascii_lower (word);
      memcpy (buffer + i, &word, 8);
      h = (h ^ word) * G_GUINT64_CONSTANT (0x100000001b3);
      h ^= h >> 29;
    }
  hash = (guint32) (h ^ (h >> 32));
  if (collect->known == NULL)
    collect->known = g_new (Known, N_KNOWN);
  i = (hash * 0x9e3779b1u) >> (32 - N_KNOWN_BITS);
  slot = &collect->known[i];
  /* A slot holds the last text that fell in it, padded with zeros as buffer is. */
  if ((collect->known_used[i / 64] & (G_GUINT64_CONSTANT (1) << (i % 64))) == 0 ||
      slot->hash != hash || slot->length != length || slot->kind != kind ||
      !same_words (slot->text, buffer, length))
    {
      gsize padded = (length + 8) & ~(gsize) 7;
      char *kept = herald_arena_alloc_aligned (&collect->arena, padded, 8);

      memcpy (kept, buffer, padded);
      collect->known_used[i / 64] |= G_GUINT64_CONSTANT (1) << (i % 64);
      slot->text = kept;
      slot->hash = hash;
      slot->length = (guint16) length;
      look_up_known (collect, slot, kind);
    }
  return slot;
}

static const char *
know (Collect *collect, gint kind, const char *text, gsize length, GPtrArray **features)
{
  const Known *known = know_slot (collect, kind, text, length);

  *features = known->features;
  return known->text;
}

/* The features a name stands for (borrowed), or NULL. */
static GPtrArray *
lookup (Collect *collect, HeraldFeatureKind kind, const char *text, gsize length)
{
  GPtrArray *features;

  know (collect, kind, text, length, &features);
  return features;
}

/* A short value, kept once per template (know()). */
static const char *
keep_value (Collect *collect, const char *text, gsize length)
{
  GPtrArray *none;

  return know (collect, NO_KIND, text, length, &none);
}

/* The Use of a feature, made at offset when it is the first. */
static Use *
use_of (Collect *collect, const HeraldFeature *feature, gsize offset)
{
  guint index = herald_feature_get_index (feature);
  Use *use;

  if (collect->by_feature == NULL)
    {
      guint n_features = herald_client_support_get_n_features (collect->support);

      collect->by_feature = g_new0 (Use *, n_features);
      collect->pool = g_new (Use, n_features);
    }
  use = collect->by_feature[index];
  if (use != NULL)
    return use;
  use = &collect->pool[collect->n_uses++];
  *use = (Use){ feature, offset };
  collect->by_feature[index] = use;
  return use;
}

/* Records a use of features (NULL for none) at each site. */
static void
record_use (Collect *collect,
            GPtrArray *features,
            gsize offset,
            const HeraldLintUse *detail,
            const Site *sites,
            guint n_sites)
{
  for (guint i = 0; features != NULL && i < features->len; i++)
    {
      Use *use = use_of (collect, g_ptr_array_index (features, i), offset);

      for (guint s = 0; s < n_sites; s++)
        {
          HeraldLintUse copy = { sites[s].element, detail->name,
                                 detail->value,    detail->flags | sites[s].flags,
                                 detail->size,     offset };
          HeraldLintUse *last = use->n_items > 0 ? &use->items[use->n_items - 1] : NULL;

          /* A use like the one before it, which the notes cannot tell apart, is only where the
           * first of the two is: the same inline style on each cell of a table is one use. */
          if (last != NULL && last->element == copy.element && last->name == copy.name &&
              last->value == copy.value && last->flags == copy.flags && last->size == copy.size)
            last->offset = MIN (last->offset, offset);
          else
            {
              if (use->n_items == use->n_allocated)
                {
                  HeraldLintUse *old = use->items;

                  use->n_allocated = MAX (8, 2 * use->n_allocated);
                  use->items = herald_arena_alloc_aligned (
                      &collect->arena, use->n_allocated * sizeof (HeraldLintUse), 16);
                  if (use->n_items > 0)
                    memcpy (use->items, old, use->n_items * sizeof (HeraldLintUse));
                }
              use->items[use->n_items++] = copy;
            }
        }
    }
}

/* Records a use of whatever features the name stands for, at each site. */
static void
note_use (Collect *collect,
          HeraldFeatureKind kind,
          const char *text,
          gsize length,
          gsize offset,
          const HeraldLintUse *detail,
          const Site *sites,
          guint n_sites)
{
  record_use (collect, lookup (collect, kind, text, length), offset, detail, sites, n_sites);
}

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/* A piece of the HTML: a class or id in a selector. */
typedef struct
{
  const char *text;
  gsize length;
} Span;

/* Where the Declarations of key are or go in Collect.texts. */
static guint
text_slot (Collect *collect, const CssText *key)
{
  guint mask = collect->n_texts - 1;
  guint i;

  for (i = key->hash & mask; collect->texts[i] != NULL; i = (i + 1) & mask)
    if (_herald_lint_css_text_equal (&collect->texts[i]->key, key))
      break;
  return i;
}

/* Doubles Collect.texts, which is kept at most half full. */
static void
grow_texts (Collect *collect)
{
  const Declarations **old = collect->texts;
  guint n_old = collect->n_texts;

  collect->n_texts *= 2;
  collect->texts = g_new0 (const Declarations *, collect->n_texts);
  for (guint i = 0; i < n_old; i++)
    if (old[i] != NULL)
      collect->texts[text_slot (collect, &old[i]->key)] = old[i];
  g_free (old);
}

/* The declarations (borrowed) of css[start, end), with offsets from start. A text the template
 * repeats is found in its own table, without the lock of the run's. */
static const Declarations *
declarations_of (Collect *collect, const char *css, gsize start, gsize end)
{
  CssText key = { css + start, end - start, herald_bytes_hash (css + start, end - start, 0) };
  const Declarations *found;
  guint slot;

  if (collect->texts == NULL)
    {
      collect->n_texts = 64;
      collect->texts = g_new0 (const Declarations *, collect->n_texts);
    }
  slot = text_slot (collect, &key);
  if (collect->texts[slot] != NULL)
    return collect->texts[slot];
  found = _herald_lint_css_declarations (collect->support, &key, &collect->arena, collect->parsed);
  collect->texts[slot] = found;
  if (2 * ++collect->n_texts_used > collect->n_texts)
    grow_texts (collect);
  return found;
}

/* Records the uses of the declarations of a CSS text at start, at each site. */
static void
note_declarations (Collect *collect,
                   const Declarations *declarations,
                   gsize start,
                   HeraldLintUseFlags flags,
                   const Site *sites,
                   guint n_sites)
{
  for (guint i = 0; i < declarations->n_items; i++)
    {
      const Declaration *d = &declarations->items[i];
      HeraldLintUse detail = { NULL, d->name, d->value, flags, 0 };

      /* Most keywords are no feature (and some properties): no call for those. */
      if (d->property != NULL)
        record_use (collect, d->property, start + d->name_start, &detail, sites, n_sites);
      if (d->keyword != NULL)
        record_use (collect, d->keyword, start + d->name_start, &detail, sites, n_sites);
      for (guint f = 0; f < d->n_functions; f++)
        {
          const CssFunction *function = &d->functions[f];

          record_use (collect, function->features, start + function->start, &detail, sites,
                      n_sites);
        }
    }
}

/* The declarations of the body of a <style> rule, read once. */
static const Declarations *
rule_body (Collect *collect, Stylesheet *sheet, guint i)
{
  if (sheet->bodies[i] == NULL)
    {
      const HeraldCssRule *rule = &g_array_index (sheet->rules, HeraldCssRule, i);

      sheet->bodies[i] = declarations_of (collect, collect->html, rule->body_start, rule->body_end);
    }
  return sheet->bodies[i];
}

/* Whether text[0, length) is one of classes: most differ from it in their first byte,
 * compared without a call. */
static gboolean
has_class (const char *const *classes, const char *text, gsize length)
{
  for (; *classes != NULL; classes++)
    if ((length == 0 || (*classes)[0] == text[0]) && strncmp (*classes, text, length) == 0 &&
        (*classes)[length] == '\0')
      return TRUE;
  return FALSE;
}

/* Lists the tags by key bit (Collect.keyed), so that a selector is only tried on the elements
 * that may have its class, id or name: an email has hundreds, a stylesheet dozens of rules. */
static void
key_tags (Collect *collect)
{
  guint n = collect->tags->len;
  g_autofree guint64 *bits = g_new (guint64, n + 1);
  g_autofree guint *next = g_new0 (guint, 65);

  collect->keyed_start = g_new0 (guint, 65);
  for (guint t = 0; t < n; t++)
    {
      const TagInfo *info = &collect->info[t];

      bits[t] = G_MAXUINT64;
      if (!info->templated)
        bits[t] = info->class_bits | key_bit (KEY_NAME, info->name, strlen (info->name)) |
                  (info->id != NULL ? key_bit (KEY_ID, info->id, strlen (info->id)) : 0);
      for (guint64 b = bits[t]; b != 0; b &= b - 1)
        collect->keyed_start[__builtin_ctzll (b) + 1]++;
    }
  for (guint k = 0; k < 64; k++)
    next[k + 1] = collect->keyed_start[k + 1] += collect->keyed_start[k];
  collect->keyed = g_new (guint, collect->keyed_start[64] + 1);
  for (guint t = 0; t < n; t++)
    for (guint64 b = bits[t]; b != 0; b &= b - 1)
      collect->keyed[next[__builtin_ctzll (b)]++] = t;
}

/* The length of the name ([A-Za-z0-9_-]*) at p. */
static gsize
name_length (const char *p, const char *end)
{
  const char *q = p;

  while (q < end && is_ident_char (*q))
    q++;
  return (gsize) (q - p);
}

/* Whether an element matches a compound: its type (lower case, NULL for any), its
 * classes (whose key bits are wanted) and its id (NULL for any). */
static gboolean
tag_matches (Collect *collect,
             const TagInfo *info,
             const char *type,
             const Span *classes,
             guint n_classes,
             guint64 wanted,
             const Span *id)
{
  if (type != NULL && (type[0] != info->name[0] || strcmp (type, info->name) != 0))
    return FALSE;
  if (info->templated)
    return TRUE;
  if ((info->class_bits & wanted) != wanted)
    return FALSE;
  for (guint c = 0; c < n_classes; c++)
    if (info->classes == 0 ||
        !has_class (collect->class_words + info->classes - 1, classes[c].text, classes[c].length))
      return FALSE;
  return id->text == NULL || (info->id != NULL && strncmp (info->id, id->text, id->length) == 0 &&
                              info->id[id->length] == '\0');
}

/* Whether c separates a selector's compounds (a blank or a combinator), compared inline:
 * every byte of the last compound is asked. */
static inline gboolean
is_combinator (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '>' || c == '+' || c == '~';
}

/* The elements a selector's last compound (".card", "td", "a[x]", ":root") matches, marked
 * taken and added to Collect.sites, or marked as maybe having a background without sites; FALSE
 * when Herald does not follow it ("*", a templated name). selector[0, length) has no spaces
 * around it. */
static gboolean
match_selector (Collect *collect, const char *selector, gsize length, gboolean sites)
{
  const char *end = selector + length;
  const char *subject = end;
  const char *type_text = NULL;
  gsize type_length = 0;
  char type_buffer[32];
  g_autofree char *type_allocated = NULL;
  const char *type = NULL;
  Span stack[8];
  g_autofree Span *heap = NULL;
  Span *classes = stack;
  guint n_classes = 0;
  Span id = { NULL, 0 };
  guint64 wanted = 0;
  guint key;

  while (subject > selector && !is_combinator (subject[-1]))
    subject--;
  if (memchr (subject, '.', (gsize) (end - subject)) != NULL)
    {
      guint dots = 0;

      for (const char *p = subject; p < end; p++)
        dots += *p == '.';
      if (dots > G_N_ELEMENTS (stack))
        classes = heap = g_new (Span, dots);
    }
  for (const char *p = subject; p < end;)
    {
      if (g_ascii_isalpha (*p))
        {
          type_text = p;
          type_length = name_length (p, end);
          p += type_length;
        }
      else if (*p == '.' || *p == '#')
        {
          Span name = { p + 1, name_length (p + 1, end) };

          if (*p == '.')
            classes[n_classes++] = name;
          else
            id = name;
          p += name.length + 1;
        }
      else if (*p == '[')
        {
          const char *close = memchr (p, ']', (gsize) (end - p));

          p = close != NULL ? close + 1 : end;
        }
      else if (*p == ':')
        {
          if (type_text == NULL && end - p >= 5 && g_ascii_strncasecmp (p, ":root", 5) == 0)
            {
              type_text = "html";
              type_length = 4;
            }
          p++;
          while (p < end && (*p == ':' || is_ident_char (*p)))
            p++;
          if (p < end && *p == '(')
            {
              const char *close = memchr (p, ')', (gsize) (end - p));

              p = close != NULL ? close + 1 : end;
            }
        }
      else
        return FALSE;
    }
  if (type_text == NULL && n_classes == 0 && id.text == NULL)
    return FALSE;

  if (type_text != NULL)
    {
      char *lower = type_buffer;

      if (type_length >= sizeof type_buffer)
        lower = type_allocated = g_malloc (type_length + 1);
      for (gsize i = 0; i < type_length; i++)
        lower[i] = g_ascii_tolower (type_text[i]);
      lower[type_length] = '\0';
      type = lower;
    }
  for (guint c = 0; c < n_classes; c++)
    wanted |= key_bit (KEY_CLASS, classes[c].text, classes[c].length);
  if (n_classes > 0)
    key = key_of (KEY_CLASS, classes[0].text, classes[0].length);
  else if (id.text != NULL)
    key = key_of (KEY_ID, id.text, id.length);
  else
    key = key_of (KEY_NAME, type, type_length);
  if (collect->keyed == NULL)
    key_tags (collect);
  for (guint k = collect->keyed_start[key]; k < collect->keyed_start[key + 1]; k++)
    {
      guint t = collect->keyed[k];
      TagInfo *info = &collect->info[t];

      if (collect->taken[t] != collect->serial &&
          tag_matches (collect, info, type, classes, n_classes, wanted, &id))
        {
          Site site = { info->name, info->flags };

          collect->taken[t] = collect->serial;
          if (sites)
            collect->sites[collect->n_sites++] = site;
          else
            info->flags |= HERALD_LINT_USE_MAY_HAVE_BACKGROUND;
        }
    }
  return TRUE;
}

/* Matches each selector of css[start, end), a list, for one rule: the elements they match
 * are marked taken by a new serial number, and added to Collect.sites (marked as maybe having
 * a background without sites). FALSE when Herald does not follow one of them. */
static gboolean
match_selectors (Collect *collect, const char *css, gsize start, gsize end, gboolean sites)
{
  if (collect->taken == NULL)
    collect->taken = g_new0 (guint, collect->tags->len + 1);
  collect->serial++;
  /* No selector at all matches nothing, and is not one Herald does not follow; an empty one
   * between commas is. */
  if (start == end)
    return TRUE;
  for (;;)
    {
      const char *comma = memchr (css + start, ',', end - start);
      gsize piece_end = comma != NULL ? (gsize) (comma - css) : end;
      gsize a = start;
      gsize b = piece_end;

      while (a < b && g_ascii_isspace (css[a]))
        a++;
      while (b > a && g_ascii_isspace (css[b - 1]))
        b--;
      if (!match_selector (collect, css + a, b - a, sites))
        return FALSE;
      if (comma == NULL)
        return TRUE;
      start = piece_end + 1;
    }
}

/* Finds the sites of a rule, in Collect.sites: the elements its selectors match, or one unknown
 * element when Herald does not follow a selector or none matches (the rule may still style
 * what the template language writes). */
static void
rule_sites (Collect *collect, const char *css, const HeraldCssRule *rule)
{
  if (collect->sites == NULL)
    collect->sites = g_new (Site, collect->tags->len + 1);
  collect->n_sites = 0;
  if (!match_selectors (collect, css, rule->selector_start, rule->selector_end, TRUE) ||
      collect->n_sites == 0)
    {
      collect->sites[0] = (Site){ NULL, 0 };
      collect->n_sites = 1;
    }
}

static void
note_stylesheet (Collect *collect, gsize start, gsize end)
{
  const char *css = collect->html;
  Stylesheet *sheet = parse_stylesheet (collect, start, end);
  GArray *rules = sheet->rules;
  GArray *at_rules = sheet->at_rules;
  Site unknown = { NULL, 0 };

  for (guint i = 0; i < at_rules->len; i++)
    {
      HeraldCssAtRule *at = &g_array_index (at_rules, HeraldCssAtRule, i);
      gsize name_length = at->name_end - at->start - 1;
      const char *name = keep_lower (collect, css + at->start + 1, name_length);
      char *prelude = keep_lower (collect, css + at->name_end, at->prelude_end - at->name_end);
      HeraldLintUse detail = { NULL, name, g_strstrip (prelude),
                               at->depth > 0 ? HERALD_LINT_USE_NESTED : 0, 0 };

      note_use (collect, HERALD_FEATURE_AT_RULE, name, name_length, at->start, &detail, &unknown,
                1);
      /* Media features: the names after "(" in the prelude. */
      for (gsize p = at->name_end; p < at->prelude_end; p++)
        if (css[p] == '(')
          {
            gsize feature = p + 1;
            gsize feature_end;

            while (feature < at->prelude_end && g_ascii_isspace (css[feature]))
              feature++;
            feature_end = feature;
            while (feature_end < at->prelude_end && is_ident_char (css[feature_end]))
              feature_end++;
            note_use (collect, HERALD_FEATURE_MEDIA_FEATURE, css + feature, feature_end - feature,
                      feature, &detail, &unknown, 1);
          }
    }
  for (guint i = 0; i < rules->len; i++)
    {
      HeraldCssRule *rule = &g_array_index (rules, HeraldCssRule, i);
      HeraldLintUseFlags flags = (rule->in_media ? HERALD_LINT_USE_IN_MEDIA : 0) |
                                 (rule->dark ? HERALD_LINT_USE_IN_DARK : 0);

      rule_sites (collect, css, rule);
      note_declarations (collect, rule_body (collect, sheet, i), rule->body_start, flags,
                         collect->sites, collect->n_sites);
    }
}

/* The end of the text of the <style> element whose start tag ends at start. */
static gsize
style_end (const char *html, gsize start)
{
  const char *close = strstr (html + start, "</");

  while (close != NULL && g_ascii_strncasecmp (close + 2, "style", 5) != 0)
    close = strstr (close + 2, "</");
  return close != NULL ? (gsize) (close - html) : strlen (html);
}

/* The bytes that end an attribute's name: the blanks g_ascii_isspace() knows, the NUL, and
 * those strchr ("=>/\"'", c) finds. */
static const guint8 ends_name[256] = {
  ['\0'] = 1, ['\t'] = 1, ['\n'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
  ['='] = 1,  ['>'] = 1,  ['/'] = 1,  ['"'] = 1,  ['\''] = 1,
};

/* The next attribute of a start tag from *pos: its name and value (value_start == value_end
 * == name end when it has none); FALSE at the tag's end. The position is kept in a local: a
 * store through pos would be made again before each byte read. */
static gboolean
next_attribute (const char *html,
                const HeraldHtmlStartTag *tag,
                gsize *pos,
                gsize *name_start,
                gsize *name_end,
                gsize *value_start,
                gsize *value_end)
{
  gsize p = *pos;
  gsize end = tag->end;

  while (p < end)
    {
      while (p < end && (g_ascii_isspace (html[p]) || html[p] == '/'))
        p++;
      *name_start = p;
      while (p < end && !ends_name[(guchar) html[p]])
        p++;
      *name_end = p;
      if (*name_end == *name_start)
        {
          p++;
          continue;
        }
      *value_start = *value_end = *name_end;
      while (p < end && g_ascii_isspace (html[p]))
        p++;
      if (p < end && html[p] == '=')
        {
          p++;
          while (p < end && g_ascii_isspace (html[p]))
            p++;
          if (p < end && (html[p] == '"' || html[p] == '\''))
            {
              const char *close = memchr (html + p + 1, html[p], end - p - 1);

              *value_start = p + 1;
              *value_end = close != NULL ? (gsize) (close - html) : end;
              p = *value_end + 1;
            }
          else
            {
              *value_start = p;
              while (p < end && !g_ascii_isspace (html[p]) && html[p] != '>')
                p++;
              *value_end = p;
            }
        }
      *pos = p;
      return TRUE;
    }
  *pos = p;
  return FALSE;
}

/* Whether html[start, end) contains needle. */
static gboolean
contains (const char *html, gsize start, gsize end, const char *needle)
{
  gsize n = strlen (needle);

  for (const char *p = memchr (html + start, needle[0], end - start);
       p != NULL && (gsize) (html + end - p) >= n;
       p = memchr (p + 1, needle[0], html + end - p - 1))
    if (memcmp (p, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Whether html[start, end) contains "{{" or "{%", the template language's marks: one pass
 * over the value, every class and id being asked. */
static gboolean
is_templated (const char *html, gsize start, gsize end)
{
  for (const char *p = memchr (html + start, '{', end - start); p != NULL && p + 1 < html + end;
       p = memchr (p + 1, '{', html + end - p - 1))
    if (p[1] == '{' || p[1] == '%')
      return TRUE;
  return FALSE;
}

/* Whether html[start, end) is name (lower-case letters) in any case: c | 0x20 is a given
 * lower-case letter only when c is that letter in either case. */
static gboolean
name_is (const char *html, gsize start, gsize end, const char *name)
{
  gsize length = strlen (name);

  if (end - start != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if ((html[start + i] | 0x20) != name[i])
      return FALSE;
  return TRUE;
}

/* The element, its attributes, and the CSS of a style attribute or <style> element. */
static void
note_tag (Collect *collect, guint index)
{
  const HeraldHtmlStartTag *tag = &g_array_index (collect->tags, HeraldHtmlStartTag, index);
  const TagInfo *info = &collect->info[index];
  const char *html = collect->html;
  Site here = { info->name, info->flags };
  HeraldLintUse element = { NULL, info->name, NULL, 0, 0 };

  if (info->is_style)
    {
      gsize end = style_end (html, tag->end);

      element.size = end - tag->end;
      if (tag->start > collect->body_start || collect->body_start == G_MAXSIZE)
        element.flags = HERALD_LINT_USE_IN_BODY;
      record_use (collect, info->features, tag->start, &element, &here, 1);
      note_stylesheet (collect, tag->end, end);
    }
  else
    record_use (collect, info->features, tag->start, &element, &here, 1);

  for (guint i = 0; i < info->n_attributes; i++)
    {
      const Attribute *a =
          &g_array_index (collect->attributes, Attribute, info->first_attribute + i);
      gsize name_start = a->name_start, name_end = a->name_end;
      gsize value_start = a->value_start, value_end = a->value_end;
      GPtrArray *features = NULL;
      const char *name = a->no_feature ? NULL
                                       : know (collect, HERALD_FEATURE_ATTRIBUTE, html + name_start,
                                               name_end - name_start, &features);

      /* Most attributes are no feature: their value is kept only for one. */
      if (features != NULL && features->len > 0)
        {
          HeraldLintUse attribute = {
            NULL, name, keep_value (collect, html + value_start, value_end - value_start), 0, 0
          };

          record_use (collect, features, name_start, &attribute, &here, 1);
        }
      if (a->is_style)
        note_declarations (collect, declarations_of (collect, html, value_start, value_end),
                           value_start, 0, &here, 1);
    }
}

/* Marks the elements a <style> rule may give a background: those its selectors match, or
 * every element when Herald does not follow a selector. */
static void
mark_backgrounds (Collect *collect, gsize start, gsize end)
{
  const char *css = collect->html;
  Stylesheet *sheet = parse_stylesheet (collect, start, end);
  GArray *rules = sheet->rules;

  for (guint i = 0; i < rules->len; i++)
    {
      HeraldCssRule *rule = &g_array_index (rules, HeraldCssRule, i);
      const Declarations *declarations = rule_body (collect, sheet, i);
      gboolean background = FALSE;

      for (guint d = 0; d < declarations->n_items; d++)
        background |= declarations->items[d].name[0] == 'b' &&
                      strncmp (declarations->items[d].name, "background", 10) == 0;
      if (!background)
        continue;
      /* The elements its selectors match are marked as they are found. */
      if (!match_selectors (collect, css, rule->selector_start, rule->selector_end, FALSE))
        for (guint t = 0; t < collect->tags->len; t++)
          collect->info[t].flags |= HERALD_LINT_USE_MAY_HAVE_BACKGROUND;
    }
}

static void
add_class_word (Collect *collect, const char *word)
{
  if (collect->n_class_words == collect->n_class_words_allocated)
    {
      collect->n_class_words_allocated = MAX (64, 2 * collect->n_class_words_allocated);
      collect->class_words =
          g_renew (const char *, collect->class_words, collect->n_class_words_allocated);
    }
  collect->class_words[collect->n_class_words++] = word;
}

/* The classes of a class attribute's value text[0, length), split at spaces, tabs and
 * newlines as g_strsplit_set() would (an empty value has none, two spaces make an empty class
 * between them), kept in Collect.class_words. */
static void
split_classes (Collect *collect, TagInfo *info, const char *text, gsize length)
{
  info->classes = collect->n_class_words + 1;
  info->class_bits = 0;
  if (length > 0)
    {
      char *copy = keep_text (collect, text, length);
      char *word = copy;

      for (gsize i = 0; i <= length; i++)
        if (i == length || copy[i] == ' ' || copy[i] == '\t' || copy[i] == '\n')
          {
            copy[i] = '\0';
            add_class_word (collect, word);
            info->class_bits |= key_bit (KEY_CLASS, word, (gsize) (copy + i - word));
            word = copy + i + 1;
          }
    }
  add_class_word (collect, NULL);
}

/* Whether an element's name is name (of at least two letters): most elements' names differ
 * from it in their first two bytes, compared without a call. */
static gboolean
is_name (const char *element, const char *name)
{
  return element[0] == name[0] && element[1] == name[1] && strcmp (element, name) == 0;
}

/* Names, classes and ids of the elements, which contain a table, which may have a background
 * (set inline, by bgcolor, or by a <style> rule). */
static void
describe_tags (Collect *collect)
{
  const char *html = collect->html;
  /* The indices of the open elements: at most every one. */
  g_autofree guint *open = g_new (guint, collect->tags->len + 1);
  guint n_open = 0;
  GArray *attributes = collect->attributes;
  guint n_attributes = 0;
  gboolean class_no_feature = is_no_attribute_feature (collect, "class");
  gboolean style_no_feature = is_no_attribute_feature (collect, "style");

  collect->info = g_new (TagInfo, collect->tags->len);
  collect->body_start = G_MAXSIZE;
  for (guint i = 0; i < collect->tags->len; i++)
    {
      const HeraldHtmlStartTag *tag = &g_array_index (collect->tags, HeraldHtmlStartTag, i);
      TagInfo *info = &collect->info[i];
      gsize pos = tag->name_end;
      Attribute a;

      /* Set tag by tag: clearing the whole array first cost more. */
      *info = (TagInfo){ NULL };
      info->name = know (collect, HERALD_FEATURE_ELEMENT, html + tag->start + 1,
                         tag->name_end - tag->start - 1, &info->features);
      info->is_style = is_name (info->name, "style");
      if (is_name (info->name, "body") && collect->body_start == G_MAXSIZE)
        collect->body_start = tag->start;
      info->first_attribute = n_attributes;
      while (next_attribute (html, tag, &pos, &a.name_start, &a.name_end, &a.value_start,
                             &a.value_end))
        {
          gsize name_start = a.name_start, name_end = a.name_end;
          gsize value_start = a.value_start, value_end = a.value_end;
          gboolean is_class = name_is (html, name_start, name_end, "class");
          gboolean is_id = !is_class && name_is (html, name_start, name_end, "id");

          a.is_style = !is_class && !is_id && name_is (html, name_start, name_end, "style");
          a.no_feature = (is_class && class_no_feature) || (a.is_style && style_no_feature);
          /* Grown by doubling, written in place: every attribute of the email is kept. */
          if (n_attributes == attributes->len)
            g_array_set_size (attributes, MAX (64, 2 * n_attributes));
          g_array_index (attributes, Attribute, n_attributes++) = a;
          if ((is_class || is_id) && is_templated (html, value_start, value_end))
            info->templated = TRUE;
          if (is_class)
            split_classes (collect, info, html + value_start, value_end - value_start);
          else if (is_id)
            info->id = keep_text (collect, html + value_start, value_end - value_start);
          else if (name_is (html, name_start, name_end, "bgcolor") ||
                   (a.is_style && contains (html, value_start, value_end, "background")))
            info->flags |= HERALD_LINT_USE_MAY_HAVE_BACKGROUND;
        }
      info->n_attributes = n_attributes - info->first_attribute;

      /* The open elements are those of lower depth before this one. */
      while (n_open > 0 &&
             g_array_index (collect->tags, HeraldHtmlStartTag, open[n_open - 1]).depth >=
                 tag->depth)
        n_open--;
      if (is_name (info->name, "table"))
        for (guint o = n_open; o > 0; o--)
          {
            TagInfo *ancestor = &collect->info[open[o - 1]];

            if (ancestor->flags & HERALD_LINT_USE_CONTAINS_TABLE)
              break;
            ancestor->flags |= HERALD_LINT_USE_CONTAINS_TABLE;
          }
      open[n_open++] = i;
    }
  g_array_set_size (attributes, n_attributes);
  for (guint i = 0; i < collect->tags->len; i++)
    if (collect->info[i].is_style)
      {
        gsize start = g_array_index (collect->tags, HeraldHtmlStartTag, i).end;

        mark_backgrounds (collect, start, style_end (html, start));
      }
}

static void
free_tags (Collect *collect)
{
  g_free (collect->info);
  g_free (collect->keyed_start);
  g_free (collect->keyed);
  g_free (collect->taken);
}

/* Sorts items (pointers to structs) by the gsize at offset_field in each, keeping the order
 * of those at the same offset, by insertion: the uses and the reports are both made almost
 * in order, as the tags are read in order. */
void
_herald_lint_sort_by_offset (GPtrArray *items, gsize offset_field)
{
  gpointer *pdata = items->pdata;

  for (guint i = 1; i < items->len; i++)
    {
      gpointer item = pdata[i];
      gsize offset = G_STRUCT_MEMBER (gsize, item, offset_field);
      guint j = i;

      for (; j > 0 && G_STRUCT_MEMBER (gsize, pdata[j - 1], offset_field) > offset; j--)
        pdata[j] = pdata[j - 1];
      pdata[j] = item;
    }
}

/* The features html uses, each with its uses, in order of first use; lint: the template
 * whose HTML part html is, to share its start tags, or NULL. */
void
_herald_lint_clients_collect_uses (Collect *collect, const char *html, HeraldLintContext *lint)
{
  gint root;

  *collect = (Collect){ herald_client_support_get_default (), html };
  herald_arena_init (&collect->arena, 32 * 1024);
  collect->order = g_ptr_array_new ();
  collect->parsed = g_array_new (FALSE, FALSE, sizeof (HeraldCssDeclaration));
  collect->stylesheets = g_array_new (FALSE, FALSE, sizeof (Stylesheet));
  g_array_set_clear_func (collect->stylesheets, stylesheet_clear);
  collect->attributes = g_array_new (FALSE, FALSE, sizeof (Attribute));
  if (lint != NULL)
    collect->tags = _herald_lint_get_html_tags (lint);
  if (collect->tags != NULL)
    g_array_ref (collect->tags);
  else if (html != NULL && lint == NULL)
    collect->tags = herald_html_start_tags (html, strlen (html), &root);
  if (collect->tags != NULL)
    {
      describe_tags (collect);
      for (guint i = 0; i < collect->tags->len; i++)
        note_tag (collect, i);
    }
  /* The pool holds them in order of creation. */
  g_ptr_array_set_size (collect->order, collect->n_uses);
  for (guint i = 0; i < collect->n_uses; i++)
    collect->order->pdata[i] = &collect->pool[i];
  /* By first use. */
  _herald_lint_sort_by_offset (collect->order, G_STRUCT_OFFSET (Use, offset));
}

void
_herald_lint_clients_collect_clear (Collect *collect)
{
  if (collect->tags != NULL)
    {
      free_tags (collect);
      g_array_unref (collect->tags);
    }
  g_ptr_array_unref (collect->order);
  g_free (collect->by_feature);
  g_free (collect->pool);
  g_free (collect->texts);
  g_array_unref (collect->parsed);
  g_clear_pointer (&collect->missing, g_ptr_array_unref);
  g_clear_pointer (&collect->partial, g_ptr_array_unref);
  if (collect->notes != NULL)
    g_string_free (collect->notes, TRUE);
  if (collect->note != NULL)
    g_string_free (collect->note, TRUE);
  herald_arena_clear (&collect->arena);
  g_free (collect->known);
  for (guint i = 0; i < G_N_ELEMENTS (collect->reached); i++)
    if (collect->reached[i] != NULL)
      g_array_unref (collect->reached[i]);
  g_free (collect->applying);
  g_array_unref (collect->stylesheets);
  g_free (collect->sites);
  g_free (collect->class_words);
  g_array_unref (collect->attributes);
}
