/* herald-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-send-service.h"

G_BEGIN_DECLS

#define HERALD_TYPE_PREFERENCES_WINDOW (herald_preferences_window_get_type ())

/* Accounts, test inboxes and the preview's remote content. */
G_DECLARE_FINAL_TYPE (HeraldPreferencesWindow,
                      herald_preferences_window,
                      HERALD,
                      PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

HeraldPreferencesWindow *
herald_preferences_window_new (GtkWindow *parent, GSettings *settings, HeraldSendService *service);

G_END_DECLS
