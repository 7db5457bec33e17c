/* herald-library-settings-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-library-fields.h"

G_BEGIN_DECLS

#define HERALD_TYPE_LIBRARY_SETTINGS_DIALOG (herald_library_settings_dialog_get_type ())

/* Edits herald.json: name, languages, default sender and the email clients the checks look
 * at. Saving rewrites the file in place and emits ::saved; the window then reloads the
 * library. */
G_DECLARE_FINAL_TYPE (HeraldLibrarySettingsDialog,
                      herald_library_settings_dialog,
                      HERALD,
                      LIBRARY_SETTINGS_DIALOG,
                      AdwWindow)

HeraldLibrarySettingsDialog *herald_library_settings_dialog_new (GtkWindow *parent,
                                                                 HeraldLibrary *library);
HeraldLibraryFields *herald_library_settings_dialog_get_fields (HeraldLibrarySettingsDialog *self);
void herald_library_settings_dialog_set_client_active (HeraldLibrarySettingsDialog *self,
                                                       const char *client,
                                                       gboolean active);
GtkButton *herald_library_settings_dialog_get_save_button (HeraldLibrarySettingsDialog *self);
GtkButton *herald_library_settings_dialog_get_reset_button (HeraldLibrarySettingsDialog *self);
/* What went wrong on the last Save, or NULL. */
const char *herald_library_settings_dialog_get_error (HeraldLibrarySettingsDialog *self);

G_END_DECLS
