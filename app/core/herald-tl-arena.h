/* herald-tl-arena.h: the memory of a parsed template's tree.
 *
 * The nodes, expressions and strings of a tree live in a few large blocks that the template
 * frees at once: one malloc() and one free() for each would cost more than the parsing
 * itself (a template of a few hundred tags has thousands of them, and the lint parses each
 * of its parts, then each translation). Literals are JsonNodes, reference-counted: the
 * arena keeps a list of them to unref.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _HeraldTlArenaBlock HeraldTlArenaBlock;
typedef struct _HeraldTlArenaJson HeraldTlArenaJson;

struct _HeraldTlArenaBlock
{
  HeraldTlArenaBlock *next;
  gsize size;
  gsize used;
};

typedef struct
{
  HeraldTlArenaBlock *blocks;
  HeraldTlArenaJson *json;
  gsize next_size;
} HeraldTlArena;

#define HERALD_TL_ARENA_ALIGN 8
#define HERALD_TL_ARENA_ROUND(size)                                                                \
  (((size) + HERALD_TL_ARENA_ALIGN - 1) & ~(gsize) (HERALD_TL_ARENA_ALIGN - 1))
#define HERALD_TL_ARENA_HEADER HERALD_TL_ARENA_ROUND (sizeof (HeraldTlArenaBlock))

void herald_tl_arena_init (HeraldTlArena *arena, gsize source_length);
HeraldTlArenaBlock *herald_tl_arena_grow (HeraldTlArena *arena, gsize size);
JsonNode *herald_tl_arena_new_value (HeraldTlArena *arena);
void herald_tl_arena_clear (HeraldTlArena *arena);

/* Uninitialized bytes. Inline: the parser asks for a piece at every token. */
static inline gpointer
herald_tl_arena_alloc_bytes (HeraldTlArena *arena, gsize size)
{
  HeraldTlArenaBlock *block = arena->blocks;
  gpointer result;

  size = HERALD_TL_ARENA_ROUND (size);
  if (G_UNLIKELY (block == NULL || block->size - block->used < size))
    block = herald_tl_arena_grow (arena, size);
  result = (char *) block + HERALD_TL_ARENA_HEADER + block->used;
  block->used += size;
  return result;
}

static inline gpointer
herald_tl_arena_alloc0 (HeraldTlArena *arena, gsize size)
{
  return memset (herald_tl_arena_alloc_bytes (arena, size), 0, size);
}

static inline char *
herald_tl_arena_strndup (HeraldTlArena *arena, const char *text, gsize length)
{
  char *copy = herald_tl_arena_alloc_bytes (arena, length + 1);

  memcpy (copy, text, length);
  copy[length] = '\0';
  return copy;
}

G_END_DECLS
