/* herald-delivery-tracker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-tracker"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "herald-delivery-tracker.h"
#include "herald-file-util.h"
#include "herald-json-util.h"

static const guint poll_schedule[] = HERALD_DELIVERY_POLL_SCHEDULE;
static const guint engaged_schedule[] = HERALD_DELIVERY_ENGAGED_SCHEDULE;

typedef struct
{
  HeraldDeliveryTracker *tracker; /* unowned */
  HeraldDelivery *delivery;
  gint64 origin; /* the send, on the tracker's clock (µs) */
  double last_offset;
  guint source_id;
  gboolean in_flight;
  gboolean started;
  gboolean removed; /* out of the model; freed when its request in flight returns */
} Track;

struct _HeraldDeliveryTracker
{
  GObject parent_instance;
  char *path;
  GPtrArray *tracks;   /* Track, in model order */
  GHashTable *clients; /* account id → HeraldMailjetClient */
  GCancellable *cancellable;
  double scale;
  HeraldClock clock;
  gpointer clock_data;
  guint n_tracking;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldDeliveryTracker,
                               herald_delivery_tracker,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_N_TRACKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_poll (Track *track);
static void start_track (Track *track);
static Track *append (HeraldDeliveryTracker *self, HeraldDelivery *delivery, gboolean fresh);
static gboolean look_up_cb (gpointer user_data);

static GType
get_item_type (GListModel *model)
{
  return HERALD_TYPE_DELIVERY;
}

static guint
get_n_items (GListModel *model)
{
  return HERALD_DELIVERY_TRACKER (model)->tracks->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  HeraldDeliveryTracker *self = HERALD_DELIVERY_TRACKER (model);

  if (position >= self->tracks->len)
    return NULL;
  return g_object_ref (((Track *) g_ptr_array_index (self->tracks, position))->delivery);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
track_free (gpointer data)
{
  Track *track = data;

  g_clear_handle_id (&track->source_id, g_source_remove);
  g_object_unref (track->delivery);
  g_free (track);
}

static void
herald_delivery_tracker_dispose (GObject *object)
{
  HeraldDeliveryTracker *self = (HeraldDeliveryTracker *) object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (herald_delivery_tracker_parent_class)->dispose (object);
}

static void
herald_delivery_tracker_finalize (GObject *object)
{
  HeraldDeliveryTracker *self = (HeraldDeliveryTracker *) object;

  g_free (self->path);
  /* A request still in flight (cancelled by dispose) frees its track when it returns. */
  while (self->tracks->len > 0)
    {
      Track *track = g_ptr_array_steal_index (self->tracks, self->tracks->len - 1);

      if (track->in_flight)
        {
          track->removed = TRUE;
          g_clear_handle_id (&track->source_id, g_source_remove);
        }
      else
        track_free (track);
    }
  g_ptr_array_unref (self->tracks);
  g_hash_table_unref (self->clients);
  g_object_unref (self->cancellable);

  G_OBJECT_CLASS (herald_delivery_tracker_parent_class)->finalize (object);
}

static void
herald_delivery_tracker_get_property (GObject *object,
                                      guint prop_id,
                                      GValue *value,
                                      GParamSpec *pspec)
{
  HeraldDeliveryTracker *self = HERALD_DELIVERY_TRACKER (object);

  switch (prop_id)
    {
    case PROP_N_TRACKING:
      g_value_set_uint (value, self->n_tracking);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_delivery_tracker_class_init (HeraldDeliveryTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_delivery_tracker_dispose;
  object_class->finalize = herald_delivery_tracker_finalize;
  object_class->get_property = herald_delivery_tracker_get_property;

  properties[PROP_N_TRACKING] =
      g_param_spec_uint ("n-tracking", NULL, NULL, 0, G_MAXUINT, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_delivery_tracker_init (HeraldDeliveryTracker *self)
{
  self->tracks = g_ptr_array_new_with_free_func (track_free);
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->scale = 1.0;
}

HeraldDeliveryTracker *
herald_delivery_tracker_new (const char *path)
{
  HeraldDeliveryTracker *self = g_object_new (HERALD_TYPE_DELIVERY_TRACKER, NULL);

  self->path = path ? g_strdup (path)
                    : g_build_filename (g_get_user_data_dir (), "herald", "deliveries.json", NULL);
  return self;
}

static void
update_n_tracking (HeraldDeliveryTracker *self)
{
  guint n = 0;

  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *track = g_ptr_array_index (self->tracks, i);

      n += !herald_delivery_get_finished (track->delivery);
    }
  if (n == self->n_tracking)
    return;
  self->n_tracking = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TRACKING]);
}

guint
herald_delivery_tracker_get_n_tracking (HeraldDeliveryTracker *self)
{
  g_return_val_if_fail (HERALD_IS_DELIVERY_TRACKER (self), 0);
  return self->n_tracking;
}

gboolean
herald_delivery_tracker_save (HeraldDeliveryTracker *self, GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (HERALD_IS_DELIVERY_TRACKER (self), FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "deliveries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->tracks->len; i++)
    json_builder_add_value (
        builder,
        herald_delivery_to_json (((Track *) g_ptr_array_index (self->tracks, i))->delivery));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return herald_json_write_state_file (self->path, root, error);
}

static void
save_quietly (HeraldDeliveryTracker *self)
{
  g_autoptr (GError) error = NULL;

  if (!herald_delivery_tracker_save (self, &error))
    g_warning ("Deliveries not saved: %s", error->message);
}

/* Seconds since the send, on the Sandbox's clock when it runs faster. */
static double
elapsed_scaled (Track *track)
{
  HeraldDeliveryTracker *self = track->tracker;

  return (double) (herald_clock_now (self->clock, self->clock_data) - track->origin) /
         G_USEC_PER_SEC * self->scale;
}

/* Calls @func when the send is @offset seconds old (scaled). */
static guint
at_offset (Track *track, double offset, GSourceFunc func)
{
  HeraldDeliveryTracker *self = track->tracker;

  return herald_clock_timeout_add (self->clock, self->clock_data,
                                   track->origin + (gint64) (offset * G_USEC_PER_SEC / self->scale),
                                   func, track);
}

/* Room for a status poll and the history read a change may need. */
static gboolean
can_poll (Track *track)
{
  return herald_delivery_get_request_count (track->delivery) + 2 <= HERALD_DELIVERY_MAX_REQUESTS;
}

static void
finish (Track *track)
{
  herald_delivery_set_finished (track->delivery, TRUE);
  update_n_tracking (track->tracker);
  save_quietly (track->tracker);
}

static void
history_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Track *track = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) history = NULL;

  if (track->removed)
    {
      track_free (track);
      return;
    }

  history =
      herald_mailjet_client_get_history_finish (HERALD_MAILJET_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  track->in_flight = FALSE;

  if (history)
    {
      HeraldDelivery *delivery = track->delivery;

      herald_delivery_set_events (delivery, history);
      /* The status object may lack StateID; the last event's State still says why. */
      if (herald_delivery_get_state_id (delivery) == 0 && history &&
          json_array_get_length (history) > 0)
        {
          GPtrArray *events = herald_delivery_get_events (delivery);
          HeraldDeliveryEvent *last = g_ptr_array_index (events, events->len - 1);

          if (last->state && *last->state)
            herald_delivery_update (delivery, herald_delivery_get_status (delivery), 0,
                                    last->state);
        }
    }
  else
    g_debug ("History of %" G_GINT64_FORMAT " not read: %s",
             herald_delivery_get_message_id (track->delivery), error->message);

  if (herald_delivery_get_is_final (track->delivery))
    {
      finish (track);
      return;
    }
  /* Opened or clicked: the timeline shows it now, and the message is still followed. */
  save_quietly (track->tracker);
  schedule_poll (track);
}

static void
fetch_history (Track *track, HeraldMailjetClient *client)
{
  track->in_flight = TRUE;
  herald_delivery_count_request (track->delivery);
  herald_mailjet_client_get_history_async (client, herald_delivery_get_message_id (track->delivery),
                                           track->tracker->cancellable, history_done, track);
}

static guint
member_uint (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node && JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        return (guint) CLAMP (json_node_get_int (node), 0, G_MAXUINT);
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return (guint) g_ascii_strtoull (json_node_get_string (node), NULL, 10);
    }
  return 0;
}

static void
message_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Track *track = user_data;
  HeraldMailjetClient *client = HERALD_MAILJET_CLIENT (object);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) message = NULL;

  if (track->removed)
    {
      track_free (track);
      return;
    }

  message = herald_mailjet_client_get_message_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  track->in_flight = FALSE;

  if (message)
    {
      const char *status = herald_json_object_get_string_or (message, "Status", "unknown");
      const char *state = herald_json_object_get_string_or (message, "State", NULL);
      gboolean changed = g_strcmp0 (status, herald_delivery_get_status (track->delivery)) != 0;

      herald_delivery_update (track->delivery, status, member_uint (message, "StateID"), state);
      if (herald_delivery_status_is_final (status) ||
          (changed && herald_delivery_status_is_engaged (status)))
        {
          if (herald_delivery_get_request_count (track->delivery) < HERALD_DELIVERY_MAX_REQUESTS)
            fetch_history (track, client);
          else
            finish (track);
          return;
        }
      if (changed)
        save_quietly (track->tracker);
    }
  else if (g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NOT_FOUND))
    {
      if (elapsed_scaled (track) > HERALD_DELIVERY_NOT_VISIBLE_WINDOW)
        {
          herald_delivery_update (track->delivery, "expired", 0, NULL);
          finish (track);
          return;
        }
      herald_delivery_update (track->delivery, "not-visible", 0, NULL);
    }
  else
    g_debug ("Status of %" G_GINT64_FORMAT " not read: %s",
             herald_delivery_get_message_id (track->delivery), error->message);

  schedule_poll (track);
}

static gboolean
poll_cb (gpointer user_data)
{
  Track *track = user_data;
  HeraldMailjetClient *client;

  track->source_id = 0;
  client = g_hash_table_lookup (track->tracker->clients,
                                herald_delivery_get_account_id (track->delivery));
  if (client == NULL)
    {
      /* Resumes when the account's client is set again. */
      track->started = FALSE;
      return G_SOURCE_REMOVE;
    }

  track->in_flight = TRUE;
  herald_delivery_count_request (track->delivery);
  herald_mailjet_client_get_message_async (client, herald_delivery_get_message_id (track->delivery),
                                           track->tracker->cancellable, message_done, track);

  return G_SOURCE_REMOVE;
}

static void
stop_following (Track *track)
{
  const char *status = herald_delivery_get_status (track->delivery);

  if (g_strcmp0 (status, "not-visible") == 0 || g_strcmp0 (status, "accepted") == 0)
    herald_delivery_update (track->delivery, "expired", 0, NULL);
  finish (track);
}

/* The next poll is the first point of the schedule after both now and the last poll; an
 * opened or clicked message follows the slow schedule. Bounded in time and in requests. */
static void
schedule_poll (Track *track)
{
  gboolean engaged =
      herald_delivery_status_is_engaged (herald_delivery_get_status (track->delivery));
  const guint *schedule = engaged ? engaged_schedule : poll_schedule;
  guint n = engaged ? G_N_ELEMENTS (engaged_schedule) : G_N_ELEMENTS (poll_schedule);
  double elapsed = elapsed_scaled (track);
  double after = MAX (elapsed, track->last_offset);
  guint i;

  if (herald_delivery_get_finished (track->delivery))
    return;

  for (i = 0; i < n && schedule[i] <= after; i++)
    ;
  if (i == n || !can_poll (track))
    {
      stop_following (track);
      return;
    }

  track->last_offset = schedule[i];
  track->source_id = at_offset (track, schedule[i], poll_cb);
}

static void
start_track (Track *track)
{
  double elapsed;

  if (track->started || herald_delivery_get_finished (track->delivery) ||
      !g_hash_table_contains (track->tracker->clients,
                              herald_delivery_get_account_id (track->delivery)))
    return;
  track->started = TRUE;

  /* After a restart, a message whose first poll is past is asked about at once. */
  elapsed = elapsed_scaled (track);
  if (elapsed >= poll_schedule[0])
    {
      track->last_offset = elapsed;
      track->source_id = g_idle_add (poll_cb, track);
    }
  else
    schedule_poll (track);
}

static void
look_up_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Track *track = user_data;
  HeraldDeliveryTracker *self = track->tracker;
  HeraldDelivery *delivery = track->delivery;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) found = NULL;
  gboolean resolved = FALSE;

  if (track->removed)
    {
      track_free (track);
      return;
    }
  found = herald_mailjet_client_find_by_custom_id_finish (HERALD_MAILJET_CLIENT (object), result,
                                                          &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  track->in_flight = FALSE;
  if (found == NULL)
    {
      g_debug ("CustomID %s not looked up: %s", herald_delivery_get_custom_id (delivery),
               error->message);
      return;
    }

  for (guint i = 0; i < json_array_get_length (found); i++)
    {
      JsonObject *message = herald_json_array_get_object_or_null (found, i);
      gint64 id = herald_json_object_get_int_or (message, "ID", 0);

      if (id <= 0 || herald_delivery_tracker_find (self, id))
        continue;
      if (!resolved)
        {
          /* The same row becomes a followed message. */
          herald_delivery_set_message_id (delivery, id,
                                          herald_json_object_get_string_or (message, "UUID", NULL));
          herald_delivery_update (delivery,
                                  herald_json_object_get_string_or (message, "Status", "accepted"),
                                  member_uint (message, "StateID"), NULL);
          herald_delivery_set_finished (delivery, FALSE);
          track->started = FALSE;
          track->last_offset = 0;
          start_track (track);
          resolved = TRUE;
        }
      else
        {
          g_autoptr (HeraldDelivery) other = herald_delivery_new (
              herald_delivery_get_account_id (delivery), id,
              herald_json_object_get_string_or (message, "UUID", NULL),
              herald_delivery_get_custom_id (delivery),
              herald_json_object_get_string_or (message, "ContactAlt", NULL),
              herald_delivery_get_template_id (delivery), herald_delivery_get_locale (delivery),
              herald_delivery_get_scenario_id (delivery), herald_delivery_get_sent_at (delivery));

          start_track (append (self, other, FALSE));
        }
    }

  /* A message is not visible at once: before its first poll time, "none" proves nothing. */
  if (!resolved && elapsed_scaled (track) < poll_schedule[0])
    {
      track->source_id = at_offset (track, poll_schedule[0], look_up_cb);
      return;
    }
  if (!resolved)
    herald_delivery_update (delivery, HERALD_DELIVERY_STATUS_NOT_SENT, 0, NULL);
  update_n_tracking (self);
  save_quietly (self);
}

static gboolean
look_up_cb (gpointer user_data)
{
  Track *track = user_data;
  HeraldMailjetClient *client = g_hash_table_lookup (
      track->tracker->clients, herald_delivery_get_account_id (track->delivery));

  track->source_id = 0;
  if (client == NULL)
    return G_SOURCE_REMOVE;
  track->in_flight = TRUE;
  herald_delivery_count_request (track->delivery);
  herald_mailjet_client_find_by_custom_id_async (client,
                                                 herald_delivery_get_custom_id (track->delivery),
                                                 track->tracker->cancellable, look_up_done, track);
  return G_SOURCE_REMOVE;
}

/* @fresh: sent just now, timed from this moment rather than from the saved second. */
static Track *
append (HeraldDeliveryTracker *self, HeraldDelivery *delivery, gboolean fresh)
{
  Track *track = g_new0 (Track, 1);
  gint64 age = g_get_real_time () - herald_delivery_get_sent_at (delivery) * G_USEC_PER_SEC;

  track->tracker = self;
  track->delivery = g_object_ref (delivery);
  track->origin = herald_clock_now (self->clock, self->clock_data) - (fresh ? 0 : MAX (age, 0));
  g_ptr_array_add (self->tracks, track);
  g_list_model_items_changed (G_LIST_MODEL (self), self->tracks->len - 1, 0, 1);

  return track;
}

/* A message is known by its MessageID; one whose outcome is unknown only by its CustomID. */
static HeraldDelivery *
find_same (HeraldDeliveryTracker *self, HeraldDelivery *delivery)
{
  if (herald_delivery_get_message_id (delivery) > 0)
    return herald_delivery_tracker_find (self, herald_delivery_get_message_id (delivery));

  for (guint i = 0; i < self->tracks->len; i++)
    {
      HeraldDelivery *other = ((Track *) g_ptr_array_index (self->tracks, i))->delivery;

      if (herald_delivery_get_message_id (other) == 0 &&
          g_strcmp0 (herald_delivery_get_custom_id (other),
                     herald_delivery_get_custom_id (delivery)) == 0 &&
          g_strcmp0 (herald_delivery_get_recipient (other),
                     herald_delivery_get_recipient (delivery)) == 0)
        return other;
    }
  return NULL;
}

gboolean
herald_delivery_tracker_load (HeraldDeliveryTracker *self, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode *list;

  g_return_val_if_fail (HERALD_IS_DELIVERY_TRACKER (self), FALSE);

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!(root = herald_json_parse_file (self->path, &local_error)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The saved deliveries in %s cannot be read: %s"), self->path,
                   local_error->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !(list = json_object_get_member (json_node_get_object (root), "deliveries")) ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The saved deliveries in %s are not in the expected format."), self->path);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonObject *object = herald_json_array_get_object_or_null (json_node_get_array (list), i);
      g_autoptr (HeraldDelivery) delivery = NULL;

      if (object == NULL || !(delivery = herald_delivery_new_from_json (object, &local_error)))
        {
          g_clear_error (&local_error);
          continue;
        }
      if (find_same (self, delivery) == NULL)
        start_track (append (self, delivery, FALSE));
    }
  update_n_tracking (self);

  return TRUE;
}

void
herald_delivery_tracker_set_client (HeraldDeliveryTracker *self,
                                    const char *account_id,
                                    HeraldMailjetClient *client)
{
  g_return_if_fail (HERALD_IS_DELIVERY_TRACKER (self));
  g_return_if_fail (account_id != NULL);

  if (client == NULL)
    {
      g_hash_table_remove (self->clients, account_id);
      return;
    }
  g_hash_table_replace (self->clients, g_strdup (account_id), g_object_ref (client));

  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *track = g_ptr_array_index (self->tracks, i);

      if (g_strcmp0 (herald_delivery_get_account_id (track->delivery), account_id) == 0)
        start_track (track);
    }
}

void
herald_delivery_tracker_set_time_scale (HeraldDeliveryTracker *self, double scale)
{
  g_return_if_fail (HERALD_IS_DELIVERY_TRACKER (self));
  self->scale = scale > 0 ? scale : 1.0;
}

void
herald_delivery_tracker_set_clock (HeraldDeliveryTracker *self,
                                   HeraldClock clock,
                                   gpointer user_data)
{
  g_return_if_fail (HERALD_IS_DELIVERY_TRACKER (self));
  g_return_if_fail (self->tracks->len == 0);
  self->clock = clock;
  self->clock_data = user_data;
}

HeraldDelivery *
herald_delivery_tracker_add (HeraldDeliveryTracker *self, HeraldDelivery *delivery)
{
  HeraldDelivery *existing;

  g_return_val_if_fail (HERALD_IS_DELIVERY_TRACKER (self), NULL);
  g_return_val_if_fail (HERALD_IS_DELIVERY (delivery), NULL);

  if ((existing = find_same (self, delivery)))
    return existing;

  start_track (append (self, delivery, TRUE));
  update_n_tracking (self);
  save_quietly (self);

  return delivery;
}

guint
herald_delivery_tracker_add_result (HeraldDeliveryTracker *self,
                                    const char *account_id,
                                    HeraldSendRequest *request,
                                    HeraldSendResult *result)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint added = 0;

  g_return_val_if_fail (HERALD_IS_DELIVERY_TRACKER (self), 0);
  g_return_val_if_fail (HERALD_IS_SEND_RESULT (result), 0);

  for (guint i = 0; i < herald_send_result_get_n_outcomes (result); i++)
    {
      const HeraldSendOutcome *outcome = herald_send_result_get_outcome (result, i);
      const HeraldSendItem *item =
          request ? herald_send_request_find_item (request, outcome->custom_id) : NULL;

      if (!outcome->accepted)
        continue;
      for (guint r = 0; r < outcome->recipients->len; r++)
        {
          HeraldSentRecipient *recipient = g_ptr_array_index (outcome->recipients, r);
          g_autoptr (HeraldDelivery) delivery = NULL;

          /* A SandboxMode send has no real id: nothing to follow. */
          if (recipient->message_id <= 0)
            continue;
          delivery = herald_delivery_new (
              account_id, recipient->message_id, recipient->uuid, outcome->custom_id,
              recipient->email, item ? item->template_id : NULL, item ? item->locale : NULL,
              item ? item->scenario_id : NULL, now);
          herald_delivery_tracker_add (self, delivery);
          added++;
        }
    }

  return added;
}

guint
herald_delivery_tracker_add_unknown (HeraldDeliveryTracker *self,
                                     const char *account_id,
                                     HeraldSendRequest *request,
                                     const char *const *custom_ids)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint added = 0;

  g_return_val_if_fail (HERALD_IS_DELIVERY_TRACKER (self), 0);

  for (guint i = 0; custom_ids && custom_ids[i]; i++)
    {
      const HeraldSendItem *item =
          request ? herald_send_request_find_item (request, custom_ids[i]) : NULL;
      g_autoptr (HeraldDelivery) delivery = herald_delivery_new_unknown (
          account_id, custom_ids[i], item ? item->recipient : NULL, item ? item->template_id : NULL,
          item ? item->locale : NULL, item ? item->scenario_id : NULL, now);

      herald_delivery_tracker_add (self, delivery);
      added++;
    }

  return added;
}

HeraldDelivery *
herald_delivery_tracker_find_custom_id (HeraldDeliveryTracker *self, const char *custom_id)
{
  g_return_val_if_fail (HERALD_IS_DELIVERY_TRACKER (self), NULL);

  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *track = g_ptr_array_index (self->tracks, i);

      if (g_strcmp0 (herald_delivery_get_custom_id (track->delivery), custom_id) == 0)
        return track->delivery;
    }
  return NULL;
}

HeraldDelivery *
herald_delivery_tracker_find (HeraldDeliveryTracker *self, gint64 message_id)
{
  g_return_val_if_fail (HERALD_IS_DELIVERY_TRACKER (self), NULL);

  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *track = g_ptr_array_index (self->tracks, i);

      if (herald_delivery_get_message_id (track->delivery) == message_id)
        return track->delivery;
    }
  return NULL;
}

/* Stops following a delivery and forgets it. */
void
herald_delivery_tracker_remove (HeraldDeliveryTracker *self, HeraldDelivery *delivery)
{
  g_return_if_fail (HERALD_IS_DELIVERY_TRACKER (self));
  g_return_if_fail (HERALD_IS_DELIVERY (delivery));

  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *track = g_ptr_array_index (self->tracks, i);

      if (track->delivery != delivery)
        continue;
      g_clear_handle_id (&track->source_id, g_source_remove);
      if (track->in_flight)
        {
          track->removed = TRUE;
          g_ptr_array_steal_index (self->tracks, i);
        }
      else
        g_ptr_array_remove_index (self->tracks, i);
      g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
      update_n_tracking (self);
      save_quietly (self);
      return;
    }
}

/* Asks Mailjet at once instead of waiting for the next poll; a finished delivery is read
 * again, in case something happened since (an open after a delivery). */
void
herald_delivery_tracker_check_now (HeraldDeliveryTracker *self, HeraldDelivery *delivery)
{
  g_return_if_fail (HERALD_IS_DELIVERY_TRACKER (self));
  g_return_if_fail (HERALD_IS_DELIVERY (delivery));

  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *track = g_ptr_array_index (self->tracks, i);

      if (track->delivery != delivery || track->in_flight)
        continue;
      g_clear_handle_id (&track->source_id, g_source_remove);
      if (herald_delivery_get_message_id (delivery) == 0)
        look_up_cb (track);
      else
        poll_cb (track);
      return;
    }
}
