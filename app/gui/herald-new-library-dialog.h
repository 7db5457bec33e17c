/* herald-new-library-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-library-fields.h"

G_BEGIN_DECLS

#define HERALD_TYPE_NEW_LIBRARY_DIALOG (herald_new_library_dialog_get_type ())

/* Asks for a folder, a name, languages and a sender, writes the new library there and
 * announces it with ::created (the folder's path); closes itself once it has. */
G_DECLARE_FINAL_TYPE (
    HeraldNewLibraryDialog, herald_new_library_dialog, HERALD, NEW_LIBRARY_DIALOG, AdwWindow)

HeraldNewLibraryDialog *herald_new_library_dialog_new (GtkWindow *parent);
void herald_new_library_dialog_set_folder (HeraldNewLibraryDialog *self, const char *path);
void herald_new_library_dialog_set_start (HeraldNewLibraryDialog *self, HeraldLibraryStart start);
HeraldLibraryFields *herald_new_library_dialog_get_fields (HeraldNewLibraryDialog *self);
GtkButton *herald_new_library_dialog_get_create_button (HeraldNewLibraryDialog *self);
/* What went wrong on the last Create, or NULL. */
const char *herald_new_library_dialog_get_error (HeraldNewLibraryDialog *self);

G_END_DECLS
