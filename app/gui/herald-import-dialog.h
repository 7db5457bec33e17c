/* herald-import-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-import.h"
#include "herald-send-service.h"

G_BEGIN_DECLS

#define HERALD_TYPE_IMPORT_DIALOG (herald_import_dialog_get_type ())

/* New Library from Mailjet: an account, a new or empty folder and an optional name filter;
 * then the progress, what became of each Mailjet template with its notes, and a button that
 * opens the new library (the "open-library" signal, with the folder). */
G_DECLARE_FINAL_TYPE (HeraldImportDialog, herald_import_dialog, HERALD, IMPORT_DIALOG, AdwWindow)

HeraldImportDialog *herald_import_dialog_new (GtkWindow *parent, HeraldSendService *service);
AdwComboRow *herald_import_dialog_get_account_row (HeraldImportDialog *self);
/* What the folder chooser sets; for tests. */
void herald_import_dialog_set_folder (HeraldImportDialog *self, const char *folder);
AdwEntryRow *herald_import_dialog_get_name_row (HeraldImportDialog *self);
/* "Import", then "Open Library" once the library is written. */
GtkButton *herald_import_dialog_get_action_button (HeraldImportDialog *self);
GtkListBox *herald_import_dialog_get_rows (HeraldImportDialog *self);
/* The sentence over the rows: what to do, how far it is, what went wrong. */
const char *herald_import_dialog_get_status (HeraldImportDialog *self);
gboolean herald_import_dialog_get_busy (HeraldImportDialog *self);
/* The last import, or NULL before the first. */
HeraldImport *herald_import_dialog_get_import (HeraldImportDialog *self);

G_END_DECLS
