/* herald-template-ops.h: creating, duplicating, renaming and deleting a library's templates
 * on disk, with the library's list following.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-library.h"
#include "herald-template.h"

G_BEGIN_DECLS

/* Longer folder names make paths that Windows checkouts and some tools refuse. */
#define HERALD_TEMPLATE_ID_MAX_LENGTH 64

/* The folder, inside the library, where a deleted template waits for its Undo. */
#define HERALD_DELETED_FOLDER ".herald-deleted"

typedef enum
{
  HERALD_TEMPLATE_CONTENT_BLANK,
  HERALD_TEMPLATE_CONTENT_STARTER,
} HeraldTemplateContent;

/* Whether id can name a template folder in a library kept in git and checked out on any
 * system: a lower-case ASCII slug (a-z, 0-9, "-", "_"), at most 64 characters, not a name
 * Windows reserves. Otherwise an error of HERALD_LIBRARY_ERROR_INVALID saying why. */
gboolean herald_template_id_is_portable (const char *id, GError **error);
/* A portable id made from a display name ("Low balance!" → "low-balance"). */
char *herald_template_id_from_name (const char *name);
/* Whether id is portable and names no template or folder of library, compared without
 * case as Windows and macOS do (HERALD_LIBRARY_ERROR_EXISTS otherwise). */
gboolean herald_template_ops_check_new_id (HeraldLibrary *library, const char *id, GError **error);
/* The first free id among base, base-2, base-3… */
char *herald_template_ops_suggest_id (HeraldLibrary *library, const char *base);

/* The starter's files, from the resources (path relative to the template folder). */
GBytes *herald_template_ops_get_starter_file (const char *relative_path, GError **error);

HeraldTemplate *herald_template_ops_create (HeraldLibrary *library,
                                            const char *id,
                                            const char *name,
                                            HeraldTemplateContent content,
                                            GError **error);
/* A copy as shown in Herald, unsaved edits included, as "ID-copy" (then "-copy-2"…). */
HeraldTemplate *
herald_template_ops_duplicate (HeraldLibrary *library, HeraldTemplate *tmpl, GError **error);
/* Renames the folder (one rename on one file system) and writes the new name into
 * template.json; the same HeraldTemplate follows, with its unsaved edits. */
gboolean herald_template_ops_rename (HeraldLibrary *library,
                                     HeraldTemplate *tmpl,
                                     const char *new_id,
                                     const char *new_name,
                                     GError **error);

/* A template moved out of the library, waiting for Undo before it goes to the trash. */
typedef struct _HeraldDeletedTemplate HeraldDeletedTemplate;

HeraldDeletedTemplate *
herald_template_ops_delete (HeraldLibrary *library, HeraldTemplate *tmpl, GError **error);
HeraldTemplate *herald_deleted_template_get_template (HeraldDeletedTemplate *deleted);
/* Where the folder waits. */
const char *herald_deleted_template_get_path (HeraldDeletedTemplate *deleted);
gboolean herald_deleted_template_restore (HeraldDeletedTemplate *deleted, GError **error);
gboolean herald_deleted_template_trash (HeraldDeletedTemplate *deleted, GError **error);
void herald_deleted_template_free (HeraldDeletedTemplate *deleted);
/* Moves to the trash what earlier sessions deleted but could not (a crash before the
 * Undo expired). Returns how many were left; errors name the folder. */
guint herald_template_ops_trash_leftovers (HeraldLibrary *library, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldDeletedTemplate, herald_deleted_template_free)

G_END_DECLS
