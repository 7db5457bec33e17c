/* herald-lint-clients-private.h: what the client-support rule (herald-lint-clients.c) and
 * its collection of the template's uses (herald-lint-clients-uses.c) share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "herald-arena.h"
#include "herald-client-support.h"
#include "herald-lint-private.h"

G_BEGIN_DECLS

typedef struct _NoteAnswer NoteAnswer;
typedef struct _Site Site;

typedef struct
{
  const HeraldFeature *feature;
  gsize offset; /* of the first use */
  /* The uses, grown by doubling: a template records thousands, and most features are never
   * asked about their notes, which want them in a GArray (Collect.reached) */
  HeraldLintUse *items;
  guint n_items;
  guint n_allocated;
  /* The first use a client reads, by what it skips (reached_slot()), once first_found has
   * the slot's bit */
  gsize first_reached[4];
  guint first_found;
  /* The notes' answers on the feature so far */
  NoteAnswer *answers;
  guint n_answers;
  guint n_answers_allocated;
} Use;

/* What the notes ask of an element: its name, and what a simple selector matches it by. */
typedef struct
{
  const char *name;      /* lower case; this and the rest in the collection's arena */
  GPtrArray *features;   /* the snapshot's for the element (borrowed), NULL for none */
  guint first_attribute; /* its attributes, in Collect.attributes */
  guint n_attributes;
  guint classes;      /* those from Collect.class_words[classes - 1] to a NULL; 0 for none */
  guint64 class_bits; /* key_bit() of each of classes: most elements lack a selector's class */
  const char *id;
  gboolean templated; /* class or id written by the template language: may match anything */
  gboolean is_style;
  HeraldLintUseFlags flags;
} TagInfo;

/* What a client does not read of a template. */
typedef enum
{
  READING_KNOWN = 1 << 0,
  READING_NO_MEDIA = 1 << 1, /* rules inside @media and @supports */
  READING_NO_DARK = 1 << 2,  /* rules inside prefers-color-scheme: dark */
} Reading;

/* A text know() has kept, with the features the snapshot has under it. */
typedef struct
{
  const char *text; /* lower case, in the collection's arena */
  GPtrArray *features;
  guint32 hash;
  guint16 length;
  gint8 kind; /* a HeraldFeatureKind, or NO_KIND */
} Known;

#define N_KNOWN_BITS 9
#define N_KNOWN (1 << N_KNOWN_BITS)

/* A CSS text (a style attribute's value, a rule's body) with its hash: a key of the tables
 * of declarations. */
typedef struct
{
  const char *text;
  gsize length;
  guint hash;
} CssText;

/* A function in a declaration's value: "linear-gradient(" and the like. */
typedef struct
{
  gsize start; /* of the function's name, in the text */
  GPtrArray *features;
} CssFunction;

/* A declaration as this rule reads it. Its strings and arrays live as long as its
 * Declarations. */
typedef struct
{
  gsize name_start;  /* in the text */
  const char *name;  /* lower case */
  const char *value; /* lower case */
  /* The features (borrowed, NULL for none) of the property, of "property:keyword" */
  GPtrArray *property;
  GPtrArray *keyword;
  CssFunction *functions; /* those in the value; NULL for none */
  guint n_functions;
} Declaration;

/* The declarations of a CSS text, and a copy of the text they were read from (their key). */
typedef struct
{
  CssText key;
  guint n_items;
  Declaration items[];
} Declarations;

gboolean _herald_lint_css_text_equal (const CssText *a, const CssText *b);
/* The declarations of key's text (its offsets from the text's start): those read before in
 * the run, or read now, kept for the run or, past the bound of what is kept, in arena.
 * parsed: a scratch GArray of HeraldCssDeclaration. Thread-safe. */
const Declarations *_herald_lint_css_declarations (HeraldClientSupport *support,
                                                   const CssText *key,
                                                   HeraldArena *arena,
                                                   GArray *parsed);
/* Where the narrowings of caniemail's notes on the feature slug start in
 * herald-lint-client-notes.c's list, plus one; 0 when it has none. */
guint _herald_lint_note_narrowings (const char *slug);
/* _herald_lint_note_applies(), first being _herald_lint_note_narrowings (slug). */
gboolean _herald_lint_note_applies_from (guint first,
                                         const char *slug,
                                         const char *note,
                                         HeraldSupport support,
                                         GArray *uses,
                                         gsize *at);
/* Whether the run keeps no more texts: new ones are read for their template alone. */
gboolean _herald_lint_css_shared_full (void);

typedef struct
{
  HeraldClientSupport *support;
  const char *html;
  /* The Use of each feature, by herald_feature_get_index() (NULL for none), in pool: one
   * allocation per template for the few dozen features an email uses */
  Use **by_feature;
  Use *pool;
  guint n_uses;     /* those made, the first of pool */
  GPtrArray *order; /* Use, by first use, once collected; they are in pool */
  GArray *tags;     /* HeraldHtmlStartTag */
  TagInfo *info;    /* one per tag */
  gsize body_start; /* of the <body> start tag, G_MAXSIZE without one */
  /* The Declarations of each CSS text of html, found once per text, in an open table of
   * n_texts slots (a power of two, NULL for a free slot) */
  const Declarations **texts;
  guint n_texts;
  guint n_texts_used;
  GArray *parsed; /* HeraldCssDeclaration: those of the text being read */
  /* The memory of the strings the uses point to (they own none), of the uses, of the
   * declarations and of the findings, freed with the collection: a template keeps thousands
   * of strings and grows hundreds of small arrays. */
  HeraldArena arena;
  /* The uses a client reads, by what it skips (reached_slot()), of the Use in reached_use: a
   * GArray for the notes, filled again for each feature asked */
  GArray *reached[4];
  Use *reached_use[4];
  /* find_loss()'s notes that concern the template, NULL-terminated */
  const char **applying;
  guint n_applying_allocated;
  /* describe_use()'s: the labels of the clients that lack a feature, of those that partly
   * support it, their notes, and one client's notes */
  GPtrArray *missing;
  GPtrArray *partial;
  GString *notes;
  GString *note;
  /* Stylesheet: each <style> text, parsed once for the backgrounds and for the uses */
  GArray *stylesheets;
  /* For each key bit b, the tags with it, keyed[keyed_start[b], keyed_start[b + 1]), in
   * order; made on the first selector. Templated tags have every bit. */
  guint *keyed_start;
  guint *keyed;
  /* A tag is taken by the rule being matched when its entry is that rule's serial number. */
  guint *taken;
  guint serial;
  /* The sites of the rule being noted: at most one per tag, as a rule takes each once */
  Site *sites;
  guint n_sites;
  /* The tags' classes, in the collection's arena, each tag's ended by NULL */
  const char **class_words;
  guint n_class_words;
  guint n_class_words_allocated;
  /* know()'s, by hash; NULL until the first. Not cleared: a slot holds a text only once its
   * bit in known_used is set. */
  Known *known;
  guint64 known_used[N_KNOWN / 64];
  Known long_text;    /* know()'s answer on a text too long to keep in known */
  GArray *attributes; /* Attribute: those of every tag, read once */
} Collect;

/* The features html uses, each with its uses, in order of first use (Collect.order); lint:
 * the template whose HTML part html is, to share its start tags, or NULL. */
void
_herald_lint_clients_collect_uses (Collect *collect, const char *html, HeraldLintContext *lint);
/* size bytes at a multiple of align (a power of two, at most 16), freed with collect. */
/* Frees what collect holds, the rule's parts too. */
void _herald_lint_clients_collect_clear (Collect *collect);

void _herald_lint_sort_by_offset (GPtrArray *items, gsize offset_field);

G_END_DECLS
