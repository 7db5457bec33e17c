/* herald-memory.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HERALD_MEMORY_QUIET_MS 2000

void herald_memory_release_when_quiet (void);

G_END_DECLS
