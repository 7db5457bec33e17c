/* herald-arena.c: memory freed all at once (see herald-arena.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-arena.h"

struct _HeraldArenaDestroy
{
  HeraldArenaDestroy *next;
  GDestroyNotify destroy;
  gpointer data;
};

#define MAX_BLOCK (64 * 1024)

void
herald_arena_init (HeraldArena *arena, gsize first_size)
{
  arena->blocks = NULL;
  arena->destroys = NULL;
  arena->next_size = CLAMP (first_size, 256, MAX_BLOCK);
}

G_GNUC_NO_INLINE HeraldArenaBlock *
herald_arena_grow (HeraldArena *arena, gsize size)
{
  gsize block_size = MAX (arena->next_size, size);
  HeraldArenaBlock *block = g_malloc (HERALD_ARENA_HEADER + block_size);

  block->size = block_size;
  block->used = 0;
  block->next = arena->blocks;
  arena->blocks = block;
  arena->next_size = MIN (block_size * 2, MAX_BLOCK);
  return block;
}

void
herald_arena_add_destroy (HeraldArena *arena, GDestroyNotify destroy, gpointer data)
{
  HeraldArenaDestroy *link = herald_arena_alloc (arena, sizeof *link);

  link->destroy = destroy;
  link->data = data;
  link->next = arena->destroys;
  arena->destroys = link;
}

void
herald_arena_clear (HeraldArena *arena)
{
  /* The links live in the blocks: call them first. */
  for (HeraldArenaDestroy *link = arena->destroys; link != NULL; link = link->next)
    link->destroy (link->data);
  while (arena->blocks != NULL)
    {
      HeraldArenaBlock *block = arena->blocks;

      arena->blocks = block->next;
      g_free (block);
    }
  arena->destroys = NULL;
}
