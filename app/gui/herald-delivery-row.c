/* herald-delivery-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-delivery-row"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-delivery-row.h"
#include "herald-tooltip.h"

struct _HeraldDeliveryRow
{
  AdwExpanderRow parent_instance;

  /* Template Widgets */
  GtkImage *status_icon;
  GtkLabel *status_label;
  GtkButton *check_button;
  GtkButton *look_up_button;

  /* Owned References */
  HeraldDelivery *delivery;
  HeraldDeliveryTracker *tracker;
  char *scenario_name;
  GPtrArray *event_rows; /* unowned: the expander holds them */
};

G_DEFINE_FINAL_TYPE (HeraldDeliveryRow, herald_delivery_row, ADW_TYPE_EXPANDER_ROW)

HeraldDeliveryOutcome
herald_delivery_outcome_of (HeraldDelivery *delivery)
{
  const char *status = herald_delivery_get_status (delivery);
  static const char *const success[] = { "sent", "opened", "clicked", "delivered", NULL };
  static const char *const failure[] = { "bounce",
                                         "hardbounced",
                                         "softbounced",
                                         "blocked",
                                         "spam",
                                         "unsub",
                                         HERALD_DELIVERY_STATUS_NOT_SENT,
                                         NULL };

  if (status && g_strv_contains (success, status))
    return HERALD_DELIVERY_OUTCOME_SUCCESS;
  if (status && g_strv_contains (failure, status))
    return HERALD_DELIVERY_OUTCOME_FAILURE;
  if (herald_delivery_get_finished (delivery))
    return HERALD_DELIVERY_OUTCOME_UNKNOWN;
  return HERALD_DELIVERY_OUTCOME_PENDING;
}

/* "Bounced: user unknown" → "Bounced" and "user unknown". */
static char *
split_summary (const char *summary, const char **reason)
{
  const char *colon = strstr (summary, ": ");

  *reason = colon ? colon + 2 : NULL;
  return colon ? g_strndup (summary, colon - summary) : g_strdup (summary);
}

static const char *
event_words (const char *type)
{
  if (g_strcmp0 (type, "sent") == 0)
    return _ ("Delivered to the recipient’s server");
  if (g_strcmp0 (type, "opened") == 0)
    return _ ("Opened");
  if (g_strcmp0 (type, "clicked") == 0)
    return _ ("Clicked a link");
  if (g_strcmp0 (type, "bounce") == 0 || g_strcmp0 (type, "hardbounced") == 0)
    return _ ("Bounced");
  if (g_strcmp0 (type, "softbounced") == 0)
    return _ ("Bounced for now (soft bounce)");
  if (g_strcmp0 (type, "blocked") == 0)
    return _ ("Blocked by Mailjet");
  if (g_strcmp0 (type, "spam") == 0)
    return _ ("Marked as spam");
  if (g_strcmp0 (type, "unsub") == 0)
    return _ ("Unsubscribed");
  if (g_strcmp0 (type, "deferred") == 0)
    return _ ("Delayed by the receiving server");
  if (g_strcmp0 (type, "queued") == 0 || g_strcmp0 (type, "processed") == 0)
    return _ ("Queued at Mailjet");
  return type;
}

static void
rebuild_timeline (HeraldDeliveryRow *self)
{
  GPtrArray *events = herald_delivery_get_events (self->delivery);
  g_autoptr (GDateTime) sent =
      g_date_time_new_from_unix_local (herald_delivery_get_sent_at (self->delivery));
  g_autofree char *sent_time = g_date_time_format (sent, "%X");
  g_autofree char *sent_subtitle = NULL;
  GtkWidget *row;

  for (guint i = 0; i < self->event_rows->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self), g_ptr_array_index (self->event_rows, i));
  g_ptr_array_set_size (self->event_rows, 0);

  /* The first step is Herald's own: Mailjet (or the Sandbox) accepted the message, or the
   * send was interrupted and only its CustomID is known. */
  row = adw_action_row_new ();
  if (herald_delivery_get_message_id (self->delivery) == 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("Sent without confirmation"));
      sent_subtitle = g_strdup_printf (_ ("%s · CustomID %s"), sent_time,
                                       herald_delivery_get_custom_id (self->delivery));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     herald_delivery_get_is_sandbox (self->delivery)
                                         ? _ ("Accepted by the Sandbox")
                                         : _ ("Accepted by Mailjet"));
      sent_subtitle = g_strdup_printf (_ ("%s · message %lld"), sent_time,
                                       (long long) herald_delivery_get_message_id (self->delivery));
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sent_subtitle);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
  g_ptr_array_add (self->event_rows, row);

  for (guint i = 0; events && i < events->len; i++)
    {
      HeraldDeliveryEvent *event = g_ptr_array_index (events, i);
      g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (event->at);
      g_autofree char *time = g_date_time_format (at, "%X");
      g_autofree char *subtitle = NULL;
      const char *why = event->comment && *event->comment ? event->comment : event->state;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), event_words (event->type));
      subtitle = why && *why ? g_strdup_printf ("%s · %s", time, why) : g_strdup (time);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
      g_ptr_array_add (self->event_rows, row);
    }

  if (!herald_delivery_get_finished (self->delivery))
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _ ("Herald is following this message"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _ ("Its events appear here once it reaches a final state."));
      gtk_widget_add_css_class (row, "dim-label");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
      g_ptr_array_add (self->event_rows, row);
    }
}

/* A list row is what a screen reader announces while moving through the deliveries: the
 * inbox, where the message is and why, in one sentence. */
static void
update_accessible_label (HeraldDeliveryRow *self, const char *status, const char *details)
{
  g_autofree char *label =
      /* Translators: how a screen reader reads a delivery: inbox, status, then language,
       * scenario and reason, e.g. "ok@example.com: Delivered, fr · Near threshold" */
      g_strdup_printf (_ ("%1$s: %2$s, %3$s"),
                       adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)), status, details);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update (HeraldDeliveryRow *self)
{
  const char *reason = NULL;
  g_autofree char *word = split_summary (herald_delivery_get_summary (self->delivery), &reason);
  g_autofree char *subtitle = NULL;
  HeraldDeliveryOutcome outcome = herald_delivery_outcome_of (self->delivery);
  const char *locale = herald_delivery_get_locale (self->delivery);
  static const char *const icons[] = { "content-loading-symbolic", "emblem-ok-symbolic",
                                       "dialog-error-symbolic", "dialog-question-symbolic" };
  static const char *const classes[] = { "delivery-pending", "delivery-success", "delivery-failure",
                                         "delivery-unknown" };

  gtk_label_set_label (self->status_label, word);
  herald_widget_set_tooltip (GTK_WIDGET (self->status_label),
                             herald_delivery_get_summary (self->delivery));
  gtk_image_set_from_icon_name (self->status_icon, icons[outcome]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  word, -1);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self), classes[outcome]);

  /* The reason of a failure is the point of the test: on the row, not behind a click. */
  subtitle = g_strdup_printf ("%s · %s%s%s", locale && *locale ? locale : "—",
                              self->scenario_name ? self->scenario_name : _ ("no sample data"),
                              outcome != HERALD_DELIVERY_OUTCOME_SUCCESS && reason ? " · " : "",
                              outcome != HERALD_DELIVERY_OUTCOME_SUCCESS && reason ? reason : "");
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  update_accessible_label (self, word, subtitle);
  /* A message without a MessageID is looked up by its CustomID instead of polled. */
  gtk_widget_set_visible (GTK_WIDGET (self->look_up_button),
                          herald_delivery_get_outcome_unknown (self->delivery));
  gtk_widget_set_visible (GTK_WIDGET (self->check_button),
                          herald_delivery_get_message_id (self->delivery) > 0);
  rebuild_timeline (self);
}

static void
check_clicked_cb (HeraldDeliveryRow *self)
{
  herald_delivery_tracker_check_now (self->tracker, self->delivery);
}

GtkWidget *
herald_delivery_row_new (HeraldDelivery *delivery,
                         HeraldDeliveryTracker *tracker,
                         const char *scenario_name)
{
  HeraldDeliveryRow *self;

  g_return_val_if_fail (HERALD_IS_DELIVERY (delivery), NULL);

  self = g_object_new (HERALD_TYPE_DELIVERY_ROW, NULL);
  self->delivery = g_object_ref (delivery);
  self->tracker = g_object_ref (tracker);
  self->scenario_name = g_strdup (scenario_name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 herald_delivery_get_recipient (delivery));
  g_signal_connect_object (delivery, "notify::summary", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (delivery, "notify::finished", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  update (self);

  return GTK_WIDGET (self);
}

HeraldDelivery *
herald_delivery_row_get_delivery (HeraldDeliveryRow *self)
{
  g_return_val_if_fail (HERALD_IS_DELIVERY_ROW (self), NULL);
  return self->delivery;
}

const char *
herald_delivery_row_get_status_text (HeraldDeliveryRow *self)
{
  g_return_val_if_fail (HERALD_IS_DELIVERY_ROW (self), NULL);
  return gtk_label_get_label (self->status_label);
}

const char *
herald_delivery_row_get_step_title (HeraldDeliveryRow *self, guint index)
{
  g_return_val_if_fail (HERALD_IS_DELIVERY_ROW (self), NULL);
  if (index >= self->event_rows->len)
    return NULL;
  return adw_preferences_row_get_title (g_ptr_array_index (self->event_rows, index));
}

GtkButton *
herald_delivery_row_get_look_up_button (HeraldDeliveryRow *self)
{
  g_return_val_if_fail (HERALD_IS_DELIVERY_ROW (self), NULL);
  return self->look_up_button;
}

guint
herald_delivery_row_get_n_events (HeraldDeliveryRow *self)
{
  GPtrArray *events;

  g_return_val_if_fail (HERALD_IS_DELIVERY_ROW (self), 0);
  events = herald_delivery_get_events (self->delivery);
  return events ? events->len : 0;
}

static void
herald_delivery_row_dispose (GObject *object)
{
  HeraldDeliveryRow *self = (HeraldDeliveryRow *) object;

  g_clear_object (&self->delivery);
  g_clear_object (&self->tracker);
  g_clear_pointer (&self->scenario_name, g_free);
  g_clear_pointer (&self->event_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (herald_delivery_row_parent_class)->dispose (object);
}

static const HeraldTooltipSpec tooltips[] = {
  { "look_up_button", N_ ("Ask Mailjet whether this message went out") },
  { "check_button", N_ ("Check Now") },
};

static void
herald_delivery_row_class_init (HeraldDeliveryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_delivery_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/herald-delivery-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldDeliveryRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeliveryRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeliveryRow, check_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeliveryRow, look_up_button);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
}

static void
herald_delivery_row_init (HeraldDeliveryRow *self)
{
  self->event_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  herald_widget_set_template_tooltips (GTK_WIDGET (self), tooltips, G_N_ELEMENTS (tooltips));
}
