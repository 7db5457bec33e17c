/* herald-file-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Replaces one file; see HeraldFileBatch. */
gboolean
herald_file_write_atomic (const char *path, const char *contents, gssize length, GError **error);
char *herald_file_read_text (const char *path, gsize *length, GError **error);

/* Files that are replaced together, or not at all: every new content is first written to a
 * temporary file beside its file and flushed to the disk; only when all are complete does
 * herald_file_batch_commit() rename them over the old files. A replaced file keeps its
 * permissions, and a symbolic link stays a link: the file it points to is replaced. Freeing
 * a batch that was not committed deletes its temporary files and changes nothing. Only a
 * rename failing once others succeeded (the folder made read-only meanwhile) leaves some
 * files replaced: the error then lists them. Hard links to a replaced file keep the old
 * content, as with any editor that saves by renaming. */
typedef struct _HeraldFileBatch HeraldFileBatch;

HeraldFileBatch *herald_file_batch_new (void);
void herald_file_batch_free (HeraldFileBatch *batch);
/* Writes the new content of path to its temporary file. Errors name path and the cause. */
gboolean herald_file_batch_add (
    HeraldFileBatch *batch, const char *path, const char *contents, gssize length, GError **error);
/* For writers that only take a file name (libgettextpo): creates the empty temporary file of
 * path and returns its name, for the caller to fill before the commit. */
const char *
herald_file_batch_add_temporary (HeraldFileBatch *batch, const char *path, GError **error);
/* Leaves path as it is after all (its new content turned out to be the same). */
void herald_file_batch_remove (HeraldFileBatch *batch, const char *path);
gboolean herald_file_batch_commit (HeraldFileBatch *batch, GError **error);

/* Removes a folder and all in it, best effort, to undo a folder the caller made itself: a link
 * inside is removed, never followed. */
void herald_file_remove_tree (const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldFileBatch, herald_file_batch_free)

G_END_DECLS
