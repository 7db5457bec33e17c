/* herald-delivery.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 at;   /* Unix seconds */
  char *type;  /* sent, opened, clicked, bounced, blocked, … */
  char *state; /* reason text, when there is one */
  char *comment;
} HeraldDeliveryEvent;

/* Statuses of Herald's own, next to Mailjet's: a message of a send whose outcome is unknown
 * (it has a CustomID but no MessageID), and one that a lookup by CustomID did not find. */
#define HERALD_DELIVERY_STATUS_UNKNOWN_OUTCOME "unknown-outcome"
#define HERALD_DELIVERY_STATUS_NOT_SENT "not-sent"

#define HERALD_TYPE_DELIVERY (herald_delivery_get_type ())

/* One accepted test email, followed until it reaches a final state. */
G_DECLARE_FINAL_TYPE (HeraldDelivery, herald_delivery, HERALD, DELIVERY, GObject)

HeraldDelivery *herald_delivery_new (const char *account_id,
                                     gint64 message_id,
                                     const char *uuid,
                                     const char *custom_id,
                                     const char *recipient,
                                     const char *template_id,
                                     const char *locale,
                                     const char *scenario_id,
                                     gint64 sent_at);
/* A message of a send whose outcome is unknown: "outcome unknown", finished, no MessageID. */
HeraldDelivery *herald_delivery_new_unknown (const char *account_id,
                                             const char *custom_id,
                                             const char *recipient,
                                             const char *template_id,
                                             const char *locale,
                                             const char *scenario_id,
                                             gint64 sent_at);
HeraldDelivery *herald_delivery_new_from_json (JsonObject *object, GError **error);
JsonNode *herald_delivery_to_json (HeraldDelivery *self);

const char *herald_delivery_get_account_id (HeraldDelivery *self);
gint64 herald_delivery_get_message_id (HeraldDelivery *self);
const char *herald_delivery_get_uuid (HeraldDelivery *self);
const char *herald_delivery_get_custom_id (HeraldDelivery *self);
const char *herald_delivery_get_recipient (HeraldDelivery *self);
const char *herald_delivery_get_template_id (HeraldDelivery *self);
const char *herald_delivery_get_locale (HeraldDelivery *self);
const char *herald_delivery_get_scenario_id (HeraldDelivery *self);
gint64 herald_delivery_get_sent_at (HeraldDelivery *self);
/* Mailjet's word ("queued", "hardbounced", …), or "not-visible"/"unknown" before/without one. */
const char *herald_delivery_get_status (HeraldDelivery *self);
guint herald_delivery_get_state_id (HeraldDelivery *self);
const char *herald_delivery_get_state (HeraldDelivery *self);
/* The status and its reason in words a product manager understands. */
const char *herald_delivery_get_summary (HeraldDelivery *self);
gboolean herald_delivery_get_is_final (HeraldDelivery *self);
gboolean herald_delivery_get_outcome_unknown (HeraldDelivery *self);
/* Sent through the built-in Sandbox account rather than Mailjet. */
gboolean herald_delivery_get_is_sandbox (HeraldDelivery *self);
/* Tracking ended: final state, or Herald stopped checking after its time bound. */
gboolean herald_delivery_get_finished (HeraldDelivery *self);
guint herald_delivery_get_request_count (HeraldDelivery *self);
GPtrArray *herald_delivery_get_events (HeraldDelivery *self);

/* Used by the tracker. */
void herald_delivery_update (HeraldDelivery *self,
                             const char *status,
                             guint state_id,
                             const char *state);
void herald_delivery_set_events (HeraldDelivery *self, JsonArray *history);
void herald_delivery_set_finished (HeraldDelivery *self, gboolean finished);
void herald_delivery_count_request (HeraldDelivery *self);
/* When a lookup by CustomID found the message of an "outcome unknown" delivery. */
void herald_delivery_set_message_id (HeraldDelivery *self, gint64 message_id, const char *uuid);

gboolean herald_delivery_status_is_final (const char *status);
/* Opened or clicked: delivered and read, still followed for a while (spam, unsubscribe). */
gboolean herald_delivery_status_is_engaged (const char *status);
char *herald_delivery_describe (const char *status, guint state_id, const char *state);
const char *herald_delivery_state_to_words (guint state_id);

G_END_DECLS
