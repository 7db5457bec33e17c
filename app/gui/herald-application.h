/* herald-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-send-notifier.h"
#include "herald-send-service.h"

G_BEGIN_DECLS

#define HERALD_TYPE_APPLICATION (herald_application_get_type ())

G_DECLARE_FINAL_TYPE (HeraldApplication, herald_application, HERALD, APPLICATION, AdwApplication)

HeraldApplication *herald_application_new (void);
GSettings *herald_application_get_settings (HeraldApplication *self);
char *herald_application_dup_sample_library (GError **error);

/* Test sends: accounts, the in-process Sandbox, and the deliveries followed across runs. */
HeraldSendService *herald_application_get_send_service (HeraldApplication *self);
HeraldAccountStore *herald_application_get_account_store (HeraldApplication *self);
HeraldDeliveryTracker *herald_application_get_tracker (HeraldApplication *self);
/* One desktop notification per test send. */
HeraldSendNotifier *herald_application_get_send_notifier (HeraldApplication *self);
/* NULL until the Sandbox account is first used. */
HeraldSandbox *herald_application_get_sandbox (HeraldApplication *self);

G_END_DECLS
