/* herald-file-read.h: reading a library's files, which may be anything a git checkout or a
 * file manager put there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest file Herald reads of each kind. A template part this large is already far
 * beyond what a mail client shows (a million `{{ }}` tags on one line is 9 MB); the limits
 * only stop a runaway file, such as a link to /dev/zero, from filling memory. */
#define HERALD_FILE_MAX_TEMPLATE_PART ((gsize) 16 * 1024 * 1024)
#define HERALD_FILE_MAX_JSON ((gsize) 16 * 1024 * 1024)
#define HERALD_FILE_MAX_CATALOG ((gsize) 32 * 1024 * 1024)
/* Herald's own state (the deliveries it tracks, the accounts) grows with use, not by hand. */
#define HERALD_FILE_MAX_STATE ((gsize) 256 * 1024 * 1024)

gboolean herald_file_check_regular (const char *path, gsize max_size, GError **error);
char *herald_file_read_regular (const char *path, gsize max_size, gsize *length, GError **error);
char *
herald_file_read_library_text (const char *path, gsize max_size, gsize *length, GError **error);
gboolean herald_path_is_inside (const char *path, const char *directory);

G_END_DECLS
