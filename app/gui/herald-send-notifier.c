/* herald-send-notifier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-send-notifier"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "herald-delivery-row.h"
#include "herald-send-notifier.h"

/* At most this many exceptions are named; the rest are counted. */
#define MAX_NAMED 3

typedef struct
{
  char *text;
  guint n_updates;
  gboolean shown;
} Shown;

struct _HeraldSendNotifier
{
  GObject parent_instance;

  GtkApplication *application; /* unowned: it owns us */
  HeraldDeliveryTracker *tracker;
  GHashTable *sends; /* id → Shown */
  GPtrArray *order;  /* ids, oldest first */
};

G_DEFINE_FINAL_TYPE (HeraldSendNotifier, herald_send_notifier, G_TYPE_OBJECT)

static void
shown_free (gpointer data)
{
  Shown *shown = data;

  g_free (shown->text);
  g_free (shown);
}

/* The messages of one send share their account and the second they were sent. */
static char *
send_id (HeraldDelivery *delivery)
{
  return g_strdup_printf ("send-%s-%" G_GINT64_FORMAT, herald_delivery_get_account_id (delivery),
                          herald_delivery_get_sent_at (delivery));
}

static void
append_exception (GString *names, guint *n_named, HeraldDelivery *delivery)
{
  if ((*n_named)++ >= MAX_NAMED)
    return;
  if (names->len)
    g_string_append (names, "; ");
  /* Translators: a recipient and what became of the message, in a notification. */
  g_string_append_printf (names, _ ("%s: %s"), herald_delivery_get_recipient (delivery),
                          herald_delivery_get_summary (delivery));
}

static char *
describe_send (HeraldSendNotifier *self, const char *id, gboolean *settled)
{
  GListModel *model = G_LIST_MODEL (self->tracker);
  g_autoptr (GString) failed = g_string_new (NULL);
  g_autoptr (GString) unknown = g_string_new (NULL);
  guint n = 0, n_delivered = 0, n_pending = 0, n_failed = 0, n_unknown = 0;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (HeraldDelivery) delivery = g_list_model_get_item (model, i);
      g_autofree char *other = send_id (delivery);

      if (!g_str_equal (other, id))
        continue;
      n++;
      switch (herald_delivery_outcome_of (delivery))
        {
        case HERALD_DELIVERY_OUTCOME_PENDING:
          n_pending++;
          break;
        case HERALD_DELIVERY_OUTCOME_SUCCESS:
          n_delivered++;
          break;
        case HERALD_DELIVERY_OUTCOME_FAILURE:
          append_exception (failed, &n_failed, delivery);
          break;
        case HERALD_DELIVERY_OUTCOME_UNKNOWN:
        default:
          append_exception (unknown, &n_unknown, delivery);
          break;
        }
    }

  *settled = n > 0 && n_pending == 0;
  if (n == 0 || n_pending == n)
    return NULL;

  if (*settled)
    title = g_strdup_printf (ngettext ("Test send finished: %u of %u message delivered",
                                       "Test send finished: %u of %u messages delivered", n),
                             n_delivered, n);
  else
    title = g_strdup_printf (ngettext ("Test send: %u of %u message delivered so far",
                                       "Test send: %u of %u messages delivered so far", n),
                             n_delivered, n);

  if (n_failed > 0 && n_unknown > 0)
    body =
        g_strdup_printf (_ ("%u bounced or blocked: %s%s. %u with an unknown outcome: %s%s."),
                         n_failed, failed->str, n_failed > MAX_NAMED ? _ (" and others") : "",
                         n_unknown, unknown->str, n_unknown > MAX_NAMED ? _ (" and others") : "");
  else if (n_failed > 0)
    body = g_strdup_printf (_ ("%u of %u bounced or blocked: %s%s."), n_failed, n, failed->str,
                            n_failed > MAX_NAMED ? _ (" and others") : "");
  else if (n_unknown > 0)
    body = g_strdup_printf (_ ("%u of %u with an unknown outcome: %s%s."), n_unknown, n,
                            unknown->str, n_unknown > MAX_NAMED ? _ (" and others") : "");
  else if (*settled)
    body = g_strdup (_ ("No bounce, no block."));
  else
    body = g_strdup_printf (ngettext ("%u message is still on its way.",
                                      "%u messages are still on their way.", n_pending),
                            n_pending);

  return g_strdup_printf ("%s\n%s", title, body);
}

/* A send that ends while the user looks elsewhere gets their attention; once shown, its
 * notification is kept up to date rather than shown again. */
static void
update_send (HeraldSendNotifier *self, HeraldDelivery *delivery)
{
  g_autofree char *id = send_id (delivery);
  g_autofree char *text = NULL;
  g_autoptr (GNotification) notification = NULL;
  GtkWindow *window = gtk_application_get_active_window (self->application);
  gboolean settled = FALSE;
  Shown *shown;
  char *newline;

  if (!(text = describe_send (self, id, &settled)))
    return;
  if (!(shown = g_hash_table_lookup (self->sends, id)))
    {
      shown = g_new0 (Shown, 1);
      g_hash_table_insert (self->sends, g_strdup (id), shown);
      g_ptr_array_add (self->order, g_strdup (id));
    }
  if (g_strcmp0 (shown->text, text) == 0)
    return;
  g_free (shown->text);
  shown->text = g_strdup (text);

  if (!shown->shown && window != NULL && gtk_window_is_active (window))
    return;
  shown->shown = TRUE;
  shown->n_updates++;

  newline = strchr (text, '\n');
  *newline = '\0';
  notification = g_notification_new (text);
  g_notification_set_body (notification, newline + 1);
  g_notification_set_default_action_and_target (notification, "app.show-deliveries", NULL);
  g_application_send_notification (G_APPLICATION (self->application), id, notification);
}

static void
delivery_changed_cb (HeraldDelivery *delivery, GParamSpec *pspec, HeraldSendNotifier *self)
{
  update_send (self, delivery);
}

static void
items_changed_cb (
    GListModel *model, guint position, guint removed, guint added, HeraldSendNotifier *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (HeraldDelivery) delivery = g_list_model_get_item (model, i);

      g_signal_connect_object (delivery, "notify::summary", G_CALLBACK (delivery_changed_cb), self,
                               0);
      g_signal_connect_object (delivery, "notify::finished", G_CALLBACK (delivery_changed_cb), self,
                               0);
    }
}

static void
herald_send_notifier_finalize (GObject *object)
{
  HeraldSendNotifier *self = (HeraldSendNotifier *) object;

  g_clear_object (&self->tracker);
  g_hash_table_unref (self->sends);
  g_ptr_array_unref (self->order);

  G_OBJECT_CLASS (herald_send_notifier_parent_class)->finalize (object);
}

static void
herald_send_notifier_class_init (HeraldSendNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_send_notifier_finalize;
}

static void
herald_send_notifier_init (HeraldSendNotifier *self)
{
  self->sends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, shown_free);
  self->order = g_ptr_array_new_with_free_func (g_free);
}

HeraldSendNotifier *
herald_send_notifier_new (GtkApplication *application, HeraldDeliveryTracker *tracker)
{
  HeraldSendNotifier *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (HERALD_IS_DELIVERY_TRACKER (tracker), NULL);

  self = g_object_new (HERALD_TYPE_SEND_NOTIFIER, NULL);
  self->application = application;
  self->tracker = g_object_ref (tracker);
  g_signal_connect_object (tracker, "items-changed", G_CALLBACK (items_changed_cb), self, 0);
  items_changed_cb (G_LIST_MODEL (tracker), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (tracker)),
                    self);
  return self;
}

GStrv
herald_send_notifier_dup_ids (HeraldSendNotifier *self)
{
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();

  g_return_val_if_fail (HERALD_IS_SEND_NOTIFIER (self), NULL);

  for (guint i = 0; i < self->order->len; i++)
    {
      Shown *shown = g_hash_table_lookup (self->sends, g_ptr_array_index (self->order, i));

      if (shown->shown)
        g_strv_builder_add (ids, g_ptr_array_index (self->order, i));
    }
  return g_strv_builder_end (ids);
}

const char *
herald_send_notifier_get_text (HeraldSendNotifier *self, const char *id)
{
  Shown *shown;

  g_return_val_if_fail (HERALD_IS_SEND_NOTIFIER (self), NULL);
  shown = g_hash_table_lookup (self->sends, id);
  return shown && shown->shown ? shown->text : NULL;
}

guint
herald_send_notifier_get_n_updates (HeraldSendNotifier *self, const char *id)
{
  Shown *shown;

  g_return_val_if_fail (HERALD_IS_SEND_NOTIFIER (self), 0);
  shown = g_hash_table_lookup (self->sends, id);
  return shown ? shown->n_updates : 0;
}
