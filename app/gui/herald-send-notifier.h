/* herald-send-notifier.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "herald-delivery-tracker.h"

G_BEGIN_DECLS

#define HERALD_TYPE_SEND_NOTIFIER (herald_send_notifier_get_type ())

/* One desktop notification per test send (not per message), updated as its messages settle
 * and naming the exceptions: bounces, blocks, messages whose outcome is unknown. */
G_DECLARE_FINAL_TYPE (HeraldSendNotifier, herald_send_notifier, HERALD, SEND_NOTIFIER, GObject)

HeraldSendNotifier *herald_send_notifier_new (GtkApplication *application,
                                              HeraldDeliveryTracker *tracker);
/* The ids of the sends notified so far, oldest first (for tests). */
GStrv herald_send_notifier_dup_ids (HeraldSendNotifier *self);
/* "title\nbody" of a send's notification as last shown, or NULL. */
const char *herald_send_notifier_get_text (HeraldSendNotifier *self, const char *id);
/* How many times a send's notification was shown or updated. */
guint herald_send_notifier_get_n_updates (HeraldSendNotifier *self, const char *id);

G_END_DECLS
