/* herald-memory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-memory.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

static guint release_source;

static gboolean
release_cb (gpointer user_data)
{
  release_source = 0;
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

/* glibc gives freed memory back to the system only from the top of its heap; the pages of
 * everything freed below a block still in use stay with the process. A render, a lint or a
 * preview load leaves megabytes of such pages behind (about 5 MB once the window has
 * settled on the sample library), so once the app has been quiet for a moment they are
 * handed back. The timer restarts at every call: typing never pays for it, and the pages
 * are taken again only if the next burst of work needs them. */
void
herald_memory_release_when_quiet (void)
{
  g_clear_handle_id (&release_source, g_source_remove);
  release_source =
      g_timeout_add_full (G_PRIORITY_LOW, HERALD_MEMORY_QUIET_MS, release_cb, NULL, NULL);
}
