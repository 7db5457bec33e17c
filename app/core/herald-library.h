/* herald-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-template.h"

G_BEGIN_DECLS

#define HERALD_TYPE_LIBRARY (herald_library_get_type ())

/* A library folder as a GListModel of HeraldTemplate, sorted by template id. */
G_DECLARE_FINAL_TYPE (HeraldLibrary, herald_library, HERALD, LIBRARY, GObject)

HeraldLibrary *herald_library_load (const char *directory, GError **error);
void herald_library_load_async (const char *directory,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
HeraldLibrary *herald_library_load_finish (GAsyncResult *result, GError **error);
const char *herald_library_get_directory (HeraldLibrary *self);
const char *herald_library_get_name (HeraldLibrary *self);
const char *herald_library_get_source_locale (HeraldLibrary *self);
const char *const *herald_library_get_target_locales (HeraldLibrary *self);
const char *herald_library_get_from_email (HeraldLibrary *self);
const char *herald_library_get_from_name (HeraldLibrary *self);
char *herald_library_dup_po_directory (HeraldLibrary *self);
/* The email clients the checks look at: herald.json's "clients", or the defaults. */
const char *const *herald_library_get_clients (HeraldLibrary *self);
/* What was skipped while loading (a folder in templates/ that is not a template), one
 * sentence each naming the file or folder; an empty list when nothing was. */
const char *const *herald_library_get_problems (HeraldLibrary *self);
HeraldTemplate *herald_library_find_template (HeraldLibrary *self, const char *id);
gboolean herald_library_get_modified (HeraldLibrary *self);
gboolean herald_library_save (HeraldLibrary *self, GError **error);
void herald_library_set_monitored (HeraldLibrary *self, gboolean monitored);
gboolean herald_library_get_monitored (HeraldLibrary *self);

G_END_DECLS
