/* herald-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-send-service.h"
#include "herald-sender-page.h"

G_BEGIN_DECLS

#define HERALD_TYPE_PREFERENCES_WINDOW (herald_preferences_window_get_type ())

/* Accounts, test inboxes, the preview's remote content and the sender check. */
G_DECLARE_FINAL_TYPE (HeraldPreferencesWindow,
                      herald_preferences_window,
                      HERALD,
                      PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

HeraldPreferencesWindow *
herald_preferences_window_new (GtkWindow *parent, GSettings *settings, HeraldSendService *service);
/* Shows the Sender page and checks @address on @account. */
void herald_preferences_window_show_sender (HeraldPreferencesWindow *self,
                                            HeraldAccount *account,
                                            const char *address);
HeraldSenderPage *herald_preferences_window_get_sender_page (HeraldPreferencesWindow *self);

G_END_DECLS
