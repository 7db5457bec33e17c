/* herald-tl-arena.c: the memory of a parsed template's tree (see herald-tl-arena.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-tl-arena.h"

struct _HeraldTlArenaJson
{
  HeraldTlArenaJson *next;
  JsonNode *node;
};

#define MAX_BLOCK (64 * 1024)

/* The first block is sized after the source, the next ones double. */
void
herald_tl_arena_init (HeraldTlArena *arena, gsize source_length)
{
  arena->blocks = NULL;
  arena->json = NULL;
  arena->next_size = CLAMP (source_length, 256, MAX_BLOCK / 4);
}

G_GNUC_NO_INLINE HeraldTlArenaBlock *
herald_tl_arena_grow (HeraldTlArena *arena, gsize size)
{
  gsize block_size = MAX (arena->next_size, size);
  HeraldTlArenaBlock *block = g_malloc (HERALD_TL_ARENA_HEADER + block_size);

  block->size = block_size;
  block->used = 0;
  block->next = arena->blocks;
  arena->blocks = block;
  arena->next_size = MIN (block_size * 2, MAX_BLOCK);
  return block;
}

JsonNode *
herald_tl_arena_new_value (HeraldTlArena *arena)
{
  HeraldTlArenaJson *link = herald_tl_arena_alloc_bytes (arena, sizeof *link);

  link->node = json_node_new (JSON_NODE_VALUE);
  link->next = arena->json;
  arena->json = link;
  return link->node;
}

void
herald_tl_arena_clear (HeraldTlArena *arena)
{
  /* The links live in the blocks: unref the values first. */
  for (HeraldTlArenaJson *link = arena->json; link != NULL; link = link->next)
    json_node_unref (link->node);
  while (arena->blocks != NULL)
    {
      HeraldTlArenaBlock *block = arena->blocks;

      arena->blocks = block->next;
      g_free (block);
    }
  arena->json = NULL;
}
