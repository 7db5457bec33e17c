/* herald-sender-page.h: the Sender page of the preferences: a sender check for an address
 * or a domain on one account, each finding with its fix and the record to publish.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-send-service.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SENDER_PAGE (herald_sender_page_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSenderPage, herald_sender_page, HERALD, SENDER_PAGE, AdwPreferencesPage)

void herald_sender_page_set_service (HeraldSenderPage *self, HeraldSendService *service);
/* Chooses @account (NULL keeps the current one) and @address, and runs the check. */
void herald_sender_page_check (HeraldSenderPage *self, HeraldAccount *account, const char *address);
/* TRUE while a check or a validation runs. */
gboolean herald_sender_page_get_busy (HeraldSenderPage *self);

G_END_DECLS
