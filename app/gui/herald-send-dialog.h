/* herald-send-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-core.h"
#include "herald-recipients-group.h"
#include "herald-send-service.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SEND_DIALOG (herald_send_dialog_get_type ())

/* Sends a test of one template: account, sender, inboxes, languages × scenarios, mode. */
G_DECLARE_FINAL_TYPE (HeraldSendDialog, herald_send_dialog, HERALD, SEND_DIALOG, AdwWindow)

HeraldSendDialog *herald_send_dialog_new (GtkWindow *parent,
                                          HeraldSendService *service,
                                          GSettings *settings,
                                          HeraldLibrary *library,
                                          HeraldTemplate *template,
                                          HeraldScenario *scenario);
HeraldRecipientsGroup *herald_send_dialog_get_recipients_group (HeraldSendDialog *self);
AdwComboRow *herald_send_dialog_get_account_row (HeraldSendDialog *self);
GtkButton *herald_send_dialog_get_send_button (HeraldSendDialog *self);
/* The status chip on the Sender row (green, amber, red); it opens the sender check. */
GtkButton *herald_send_dialog_get_sender_chip (HeraldSendDialog *self);
const char *herald_send_dialog_get_summary (HeraldSendDialog *self);
/* The message shown over the form, or NULL when there is none. */
const char *herald_send_dialog_get_error (HeraldSendDialog *self);
gboolean herald_send_dialog_get_sending (HeraldSendDialog *self);
/* Chooses a language (by code) or a scenario (by id). */
void
herald_send_dialog_set_locale_active (HeraldSendDialog *self, const char *locale, gboolean active);
/* As a click on the mode's row would. */
void herald_send_dialog_set_mode (HeraldSendDialog *self, HeraldSendMode mode);
void herald_send_dialog_set_scenario_active (HeraldSendDialog *self,
                                             const char *scenario_id,
                                             gboolean active);

G_END_DECLS
