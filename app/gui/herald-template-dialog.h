/* herald-template-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-core.h"

G_BEGIN_DECLS

#define HERALD_TYPE_TEMPLATE_DIALOG (herald_template_dialog_get_type ())

/* New Template (a name, a folder ID and the starter or a blank template) and Rename
 * Template (a name and a folder ID). The dialog does the work itself and stays open with the
 * reason when it cannot, next to the ID; "done" gives the new or renamed template. */
G_DECLARE_FINAL_TYPE (
    HeraldTemplateDialog, herald_template_dialog, HERALD, TEMPLATE_DIALOG, AdwWindow)

HeraldTemplateDialog *herald_template_dialog_new_create (GtkWindow *parent, HeraldLibrary *library);
HeraldTemplateDialog *
herald_template_dialog_new_rename (GtkWindow *parent, HeraldLibrary *library, HeraldTemplate *tmpl);
void herald_template_dialog_set_name (HeraldTemplateDialog *self, const char *name);
void herald_template_dialog_set_id (HeraldTemplateDialog *self, const char *id);
const char *herald_template_dialog_get_id (HeraldTemplateDialog *self);
void herald_template_dialog_set_content (HeraldTemplateDialog *self, HeraldTemplateContent content);
/* The sentence under the ID: a hint, or why the ID or the operation was refused. */
const char *herald_template_dialog_get_message (HeraldTemplateDialog *self);

G_END_DECLS
