/* herald-deliveries-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-core.h"
#include "herald-delivery-row.h"
#include "herald-send-service.h"

G_BEGIN_DECLS

#define HERALD_TYPE_DELIVERIES_VIEW (herald_deliveries_view_get_type ())

/* Every test send, grouped by send, newest first, each message with its live status. */
G_DECLARE_FINAL_TYPE (HeraldDeliveriesView, herald_deliveries_view, HERALD, DELIVERIES_VIEW, AdwBin)

void herald_deliveries_view_set_service (HeraldDeliveriesView *self, HeraldSendService *service);
/* Where template and scenario names come from, and what "Send Again" sends. */
void herald_deliveries_view_set_library (HeraldDeliveriesView *self, HeraldLibrary *library);
guint herald_deliveries_view_get_n_groups (HeraldDeliveriesView *self);
/* The row of the newest message to @recipient, or NULL. */
HeraldDeliveryRow *herald_deliveries_view_find_row (HeraldDeliveriesView *self,
                                                    const char *recipient);
/* What the connection popover shows, as "Label: value" lines. */
char *herald_deliveries_view_dup_connection_text (HeraldDeliveriesView *self);

G_END_DECLS
