/* herald-arena.h: memory freed all at once.
 *
 * Many small pieces that live exactly as long as one owner (a parsed template's nodes,
 * expressions and strings; a template's client-support uses and findings) are taken from a
 * few large blocks freed together: a malloc() and a free() for each would cost more than the
 * work that makes them. A piece that owns something else (a reference-counted JsonNode) is
 * given a destroy function, called when the arena is cleared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _HeraldArenaBlock HeraldArenaBlock;
typedef struct _HeraldArenaDestroy HeraldArenaDestroy;

struct _HeraldArenaBlock
{
  HeraldArenaBlock *next;
  gsize size;
  gsize used;
};

typedef struct
{
  HeraldArenaBlock *blocks;
  HeraldArenaDestroy *destroys;
  gsize next_size;
} HeraldArena;

/* Blocks start at a multiple of 16 bytes: so does every piece asked for at that alignment. */
#define HERALD_ARENA_HEADER ((sizeof (HeraldArenaBlock) + 15) & ~(gsize) 15)

/* first_size: the first block's size, the next ones double. */
void herald_arena_init (HeraldArena *arena, gsize first_size);
HeraldArenaBlock *herald_arena_grow (HeraldArena *arena, gsize size);
/* Calls destroy (data) when the arena is cleared, the last added first. */
void herald_arena_add_destroy (HeraldArena *arena, GDestroyNotify destroy, gpointer data);
/* Frees every piece; the arena can be used again. */
void herald_arena_clear (HeraldArena *arena);

/* size uninitialized bytes at a multiple of align (a power of two, at most 16). Inline: the
 * template parser asks for a piece at every token. */
static inline gpointer
herald_arena_alloc_aligned (HeraldArena *arena, gsize size, gsize align)
{
  HeraldArenaBlock *block = arena->blocks;
  gsize start;

  if (G_UNLIKELY (block == NULL))
    block = herald_arena_grow (arena, size);
  start = (block->used + align - 1) & ~(align - 1);
  if (G_UNLIKELY (block->size - MIN (start, block->size) < size))
    {
      block = herald_arena_grow (arena, size);
      start = 0;
    }
  block->used = start + size;
  return (char *) block + HERALD_ARENA_HEADER + start;
}

/* Uninitialized bytes, aligned for any pointer or 8-byte number. */
static inline gpointer
herald_arena_alloc (HeraldArena *arena, gsize size)
{
  return herald_arena_alloc_aligned (arena, size, 8);
}

static inline gpointer
herald_arena_alloc0 (HeraldArena *arena, gsize size)
{
  return memset (herald_arena_alloc (arena, size), 0, size);
}

static inline char *
herald_arena_strndup (HeraldArena *arena, const char *text, gsize length)
{
  char *copy = herald_arena_alloc_aligned (arena, length + 1, 1);

  memcpy (copy, text, length);
  copy[length] = '\0';
  return copy;
}

G_END_DECLS
