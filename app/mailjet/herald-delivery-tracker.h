/* herald-delivery-tracker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-clock.h"
#include "herald-delivery.h"
#include "herald-mailjet-client.h"
#include "herald-send-request.h"
#include "herald-send-result.h"

G_BEGIN_DECLS

/* When Herald asks for a message's status, in seconds after the send: not before it can be
 * visible (Mailjet answers 404 for a few seconds; the Sandbox for 5 s), fast at first, slower
 * later. After the last one Herald stops checking a message that was not opened (20 min). */
#define HERALD_DELIVERY_POLL_SCHEDULE                                                              \
  {                                                                                                \
    6, 15, 30, 60, 120, 300, 600, 1200                                                             \
  }
/* An opened or clicked message can still be reported as spam, unsubscribe or click again:
 * it is followed at a slow pace until 2 hours after the send. */
#define HERALD_DELIVERY_ENGAGED_SCHEDULE                                                           \
  {                                                                                                \
    600, 1800, 3600, 7200                                                                          \
  }
/* The budget of API requests per message, status polls and history reads together. */
#define HERALD_DELIVERY_MAX_REQUESTS 10
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
/* Divides every delay (for an accelerated Sandbox). */
void herald_delivery_tracker_set_time_scale (HeraldDeliveryTracker *self, double scale);
/* The clock the polls are timed on (NULL: g_get_monotonic_time()), set before any delivery
 * is added. Tests give the tracker and the Sandbox one virtual clock and advance it instead
 * of waiting. The dates of the sends stay on the wall clock. */
void herald_delivery_tracker_set_clock (HeraldDeliveryTracker *self,
                                        HeraldClock clock,
                                        gpointer user_data);
HeraldDelivery *herald_delivery_tracker_add (HeraldDeliveryTracker *self, HeraldDelivery *delivery);
/* Tracks every recipient Mailjet accepted; returns how many. */
guint herald_delivery_tracker_add_result (HeraldDeliveryTracker *self,
                                          const char *account_id,
                                          HeraldSendRequest *request,
                                          HeraldSendResult *result);
/* Records every message of @custom_ids (the call whose outcome is unknown) as "outcome
 * unknown", so that it can be looked up by its CustomID later; returns how many. */
guint herald_delivery_tracker_add_unknown (HeraldDeliveryTracker *self,
                                           const char *account_id,
                                           HeraldSendRequest *request,
                                           const char *const *custom_ids);
void herald_delivery_tracker_remove (HeraldDeliveryTracker *self, HeraldDelivery *delivery);
/* Asks at once. For an "outcome unknown" delivery, looks its CustomID up: it becomes a
 * followed message when Mailjet has it, else "not sent". */
void herald_delivery_tracker_check_now (HeraldDeliveryTracker *self, HeraldDelivery *delivery);
HeraldDelivery *herald_delivery_tracker_find (HeraldDeliveryTracker *self, gint64 message_id);
HeraldDelivery *herald_delivery_tracker_find_custom_id (HeraldDeliveryTracker *self,
                                                        const char *custom_id);
/* Deliveries still being followed. */
guint herald_delivery_tracker_get_n_tracking (HeraldDeliveryTracker *self);

G_END_DECLS
