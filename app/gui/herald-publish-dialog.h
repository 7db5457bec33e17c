/* herald-publish-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-core.h"
#include "herald-publish.h"
#include "herald-send-service.h"

G_BEGIN_DECLS

#define HERALD_TYPE_PUBLISH_DIALOG (herald_publish_dialog_get_type ())

/* Publishes the library to a Mailjet account: the checked templates × the checked languages
 * (all, on open); first what would change (a dry run, on open and whenever the account or
 * the choice changes), then the table of TemplateIDs with copy buttons. */
G_DECLARE_FINAL_TYPE (HeraldPublishDialog, herald_publish_dialog, HERALD, PUBLISH_DIALOG, AdwWindow)

HeraldPublishDialog *
herald_publish_dialog_new (GtkWindow *parent, HeraldSendService *service, HeraldLibrary *library);
AdwComboRow *herald_publish_dialog_get_account_row (HeraldPublishDialog *self);
GtkButton *herald_publish_dialog_get_publish_button (HeraldPublishDialog *self);
GtkListBox *herald_publish_dialog_get_rows (HeraldPublishDialog *self);
/* The rows of the last check or publish, or NULL before the first answer. */
HeraldPublish *herald_publish_dialog_get_publish (HeraldPublishDialog *self);
/* The sentence over the rows: a summary, or what went wrong. */
const char *herald_publish_dialog_get_status (HeraldPublishDialog *self);
gboolean herald_publish_dialog_get_busy (HeraldPublishDialog *self);
/* As a click on the row's check would: a new dry run of the new choice follows. */
void herald_publish_dialog_set_template_checked (HeraldPublishDialog *self,
                                                 const char *template_id,
                                                 gboolean checked);
void herald_publish_dialog_set_locale_checked (HeraldPublishDialog *self,
                                               const char *locale,
                                               gboolean checked);

G_END_DECLS
