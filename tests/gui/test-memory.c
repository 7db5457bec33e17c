/* test-memory.c: freed memory goes back to the system once the app is quiet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-memory.h"
#include "herald-test-files.h"

#define CHUNK_SIZE 4096
#define CHUNK_COUNT (64 * 256) /* 64 MiB in blocks glibc takes from its heap, not mmap() */

/* What the process holds in memory, in KiB. */
static gsize
resident_kib (void)
{
  return herald_test_proc_kib ("/proc/self/smaps_rollup", "Rss:");
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
spin_ms (guint ms)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_cb, loop);
  g_main_loop_run (loop);
}

static void
test_released_when_quiet (void)
{
  g_autofree gpointer *chunks = g_new (gpointer, CHUNK_COUNT);
  gsize before, after;

  for (guint i = 0; i < CHUNK_COUNT; i++)
    chunks[i] = memset (g_malloc (CHUNK_SIZE), 1, CHUNK_SIZE);
  /* The last block, taken last from the heap's top, stays: free() alone then gives back
   * nothing below it, as in an app whose heap is never empty. */
  for (guint i = 0; i + 1 < CHUNK_COUNT; i++)
    g_free (chunks[i]);
  before = resident_kib ();

  herald_memory_release_when_quiet ();
  spin_ms (HERALD_MEMORY_QUIET_MS / 2);
  /* Not while still busy: the pages stay until the quiet moment. */
  g_assert_cmpuint (resident_kib (), >, before - 8 * 1024);
  spin_ms (HERALD_MEMORY_QUIET_MS);
  after = resident_kib ();

  g_test_message ("resident %" G_GSIZE_FORMAT " KiB before, %" G_GSIZE_FORMAT " KiB after", before,
                  after);
  g_assert_cmpuint (after + 48 * 1024, <, before);
  g_free (chunks[CHUNK_COUNT - 1]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/herald/ui/memory/released-when-quiet", test_released_when_quiet);
  return g_test_run ();
}
