/* herald-import.h: a new library made of the transactional templates of a Mailjet account.
 *
 * Reads every transactional template of the key (or those whose name matches a pattern)
 * with its content, then lets herald-import-merge.h make a library of them. Nothing is
 * written before everything has been read, and the library appears in its folder whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-import-merge.h"
#include "herald-mailjet-client.h"

G_BEGIN_DECLS

#define HERALD_TYPE_IMPORT (herald_import_get_type ())

G_DECLARE_FINAL_TYPE (HeraldImport, herald_import, HERALD, IMPORT, GObject)

/* @name_pattern: a glob on the Mailjet template's Name ("Overdraft*"), or NULL for all.
 * @directory must not exist yet, or be an empty folder. */
HeraldImport *herald_import_new (const char *directory, const char *name_pattern);
const char *herald_import_get_directory (HeraldImport *self);
/* How far the run is, from 0 to 1 (the "fraction" property). */
double herald_import_get_fraction (HeraldImport *self);

void herald_import_run_async (HeraldImport *self,
                              HeraldMailjetClient *client,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
/* FALSE with error when the folder is not empty, when the account cannot be read (nothing is
 * written then) or when the library cannot be written (nothing is left behind). Importing
 * no template at all is not an error: the rows are empty and no library is written. */
gboolean herald_import_run_finish (HeraldImport *self, GAsyncResult *result, GError **error);

/* After a successful run: what became of each Mailjet template. */
guint herald_import_get_n_rows (HeraldImport *self);
const HeraldImportRow *herald_import_get_row (HeraldImport *self, guint index);

G_END_DECLS
