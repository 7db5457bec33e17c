/* herald-file-util-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-file-util.h"

G_BEGIN_DECLS

/* Lets tests interrupt a save between the fsync of the temporary file and the rename,
 * the moment where a crash or a full disk would strike. */
typedef gboolean (*HeraldBeforeRenameHook) (const char *temp_path,
                                            const char *final_path,
                                            GError **error);

void _herald_file_set_before_rename_hook (HeraldBeforeRenameHook hook);

G_END_DECLS
