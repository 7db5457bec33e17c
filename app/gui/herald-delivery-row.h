/* herald-delivery-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-delivery-tracker.h"

G_BEGIN_DECLS

typedef enum
{
  HERALD_DELIVERY_OUTCOME_PENDING,
  HERALD_DELIVERY_OUTCOME_SUCCESS,
  HERALD_DELIVERY_OUTCOME_FAILURE,
  HERALD_DELIVERY_OUTCOME_UNKNOWN,
} HeraldDeliveryOutcome;

HeraldDeliveryOutcome herald_delivery_outcome_of (HeraldDelivery *delivery);

#define HERALD_TYPE_DELIVERY_ROW (herald_delivery_row_get_type ())

/* One test email: recipient, language, scenario, a live status, and its timeline. */
G_DECLARE_FINAL_TYPE (HeraldDeliveryRow, herald_delivery_row, HERALD, DELIVERY_ROW, AdwExpanderRow)

GtkWidget *herald_delivery_row_new (HeraldDelivery *delivery,
                                    HeraldDeliveryTracker *tracker,
                                    const char *scenario_name);
HeraldDelivery *herald_delivery_row_get_delivery (HeraldDeliveryRow *self);
/* The status word shown ("Opened", "Bounced", …). */
const char *herald_delivery_row_get_status_text (HeraldDeliveryRow *self);
/* The events shown in the timeline. */
/* The title of a step of the timeline, the first being the send's acceptance. */
const char *herald_delivery_row_get_step_title (HeraldDeliveryRow *self, guint index);
/* The Check of an "outcome unknown" message (hidden otherwise). */
GtkButton *herald_delivery_row_get_look_up_button (HeraldDeliveryRow *self);
guint herald_delivery_row_get_n_events (HeraldDeliveryRow *self);

G_END_DECLS
