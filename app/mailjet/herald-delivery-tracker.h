/* herald-delivery-tracker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-delivery.h"
#include "herald-mailjet-client.h"
#include "herald-send-request.h"
#include "herald-send-result.h"

G_BEGIN_DECLS

/* Seconds between successive status polls of one message: fast at first, slower later.
 * After the last one Herald stops checking (about 20 minutes). */
#define HERALD_DELIVERY_POLL_SCHEDULE                                                              \
  {                                                                                                \
    2, 3, 5, 10, 20, 40, 80, 160, 320, 600                                                         \
  }
/* How long a 404 from /message/{id} means "not visible yet" rather than "unknown". */
#define HERALD_DELIVERY_NOT_VISIBLE_WINDOW 600

#define HERALD_TYPE_DELIVERY_TRACKER (herald_delivery_tracker_get_type ())

/* A GListModel of HeraldDelivery, saved in g_get_user_data_dir()/herald/deliveries.json. */
G_DECLARE_FINAL_TYPE (
    HeraldDeliveryTracker, herald_delivery_tracker, HERALD, DELIVERY_TRACKER, GObject)

HeraldDeliveryTracker *herald_delivery_tracker_new (const char *path);
/* Loads saved deliveries; unfinished ones resume when their account's client is set. */
gboolean herald_delivery_tracker_load (HeraldDeliveryTracker *self, GError **error);
gboolean herald_delivery_tracker_save (HeraldDeliveryTracker *self, GError **error);
void herald_delivery_tracker_set_client (HeraldDeliveryTracker *self,
                                         const char *account_id,
                                         HeraldMailjetClient *client);
/* Divides every delay (for tests against an accelerated Sandbox). */
void herald_delivery_tracker_set_time_scale (HeraldDeliveryTracker *self, double scale);
HeraldDelivery *herald_delivery_tracker_add (HeraldDeliveryTracker *self, HeraldDelivery *delivery);
/* Tracks every recipient Mailjet accepted; returns how many. */
guint herald_delivery_tracker_add_result (HeraldDeliveryTracker *self,
                                          const char *account_id,
                                          HeraldSendRequest *request,
                                          HeraldSendResult *result);
void herald_delivery_tracker_remove (HeraldDeliveryTracker *self, HeraldDelivery *delivery);
void herald_delivery_tracker_check_now (HeraldDeliveryTracker *self, HeraldDelivery *delivery);
HeraldDelivery *herald_delivery_tracker_find (HeraldDeliveryTracker *self, gint64 message_id);
/* Deliveries still being followed. */
guint herald_delivery_tracker_get_n_tracking (HeraldDeliveryTracker *self);

G_END_DECLS
