/* herald-file-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean
herald_file_write_atomic (const char *path, const char *contents, gssize length, GError **error);
char *herald_file_read_text (const char *path, gsize *length, GError **error);

G_END_DECLS
