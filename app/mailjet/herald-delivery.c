/* herald-delivery.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-delivery"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-delivery.h"
#include "herald-json-util.h"

struct _HeraldDelivery
{
  GObject parent_instance;
  char *account_id;
  gint64 message_id;
  char *uuid;
  char *custom_id;
  char *recipient;
  char *template_id;
  char *locale;
  char *scenario_id;
  gint64 sent_at;
  char *status;
  guint state_id;
  char *state;
  char *summary;
  gboolean finished;
  guint request_count;
  GPtrArray *events;
};

G_DEFINE_FINAL_TYPE (HeraldDelivery, herald_delivery, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATUS,
  PROP_STATE_ID,
  PROP_SUMMARY,
  PROP_IS_FINAL,
  PROP_FINISHED,
  PROP_REQUEST_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *state_words[] = {
  NULL,
  N_ ("the address does not exist"),
  N_ ("the mailbox is inactive"),
  N_ ("the mailbox is full"),
  N_ ("the domain does not exist"),
  N_ ("the domain has no mail server"),
  N_ ("the receiving server refused it (relay or access denied)"),
  N_ ("the sender is blocked as a spammer"),
  N_ ("the content was blocked as spam"),
  N_ ("the receiving server’s policy refused it"),
  N_ ("a system problem on the receiving side"),
  N_ ("a protocol problem with the receiving server"),
  N_ ("the receiving server could not be reached"),
  N_ ("the receiving server asked to try again later (greylisting)"),
  N_ ("Mailjet blocked the address in advance (earlier bounces or spam reports)"),
  N_ ("a duplicate in the same campaign"),
  N_ ("Mailjet blocked it in advance as spam"),
  N_ ("the template is empty or invalid"),
  N_ ("error in the template language"),
  N_ ("the address looks like a typo"),
  N_ ("the address is on the blacklist"),
  N_ ("the recipient reported earlier emails as spam"),
};

const char *
herald_delivery_state_to_words (guint state_id)
{
  if (state_id == 0 || state_id >= G_N_ELEMENTS (state_words))
    return NULL;
  return _ (state_words[state_id]);
}

gboolean
herald_delivery_status_is_final (const char *status)
{
  /* Opened and clicked are not final: a spam report, an unsubscribe or a click may follow. */
  static const char *final[] = {
    "bounce", "hardbounced", "softbounced", "blocked", "spam", "unsub",
  };

  for (guint i = 0; i < G_N_ELEMENTS (final); i++)
    {
      if (g_strcmp0 (status, final[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
herald_delivery_status_is_engaged (const char *status)
{
  return g_strcmp0 (status, "opened") == 0 || g_strcmp0 (status, "clicked") == 0;
}

char *
herald_delivery_describe (const char *status, guint state_id, const char *state)
{
  const char *reason = herald_delivery_state_to_words (state_id);

  if (reason == NULL && state && *state)
    reason = state;
  if (reason == NULL)
    reason = _ ("no reason given");

  if (g_strcmp0 (status, "queued") == 0)
    return g_strdup (_ ("Queued: Mailjet accepted it and will send it shortly"));
  if (g_strcmp0 (status, "sent") == 0)
    return g_strdup (_ ("Sent: the recipient’s mail server accepted it"));
  if (g_strcmp0 (status, "opened") == 0)
    return g_strdup (_ ("Opened: the recipient opened the email"));
  if (g_strcmp0 (status, "clicked") == 0)
    return g_strdup (_ ("Clicked: the recipient clicked a link"));
  if (g_strcmp0 (status, "bounce") == 0 || g_strcmp0 (status, "hardbounced") == 0)
    return g_strdup_printf (_ ("Bounced: %s"), reason);
  if (g_strcmp0 (status, "softbounced") == 0)
    return g_strdup_printf (_ ("Bounced for now (soft bounce): %s"), reason);
  if (g_strcmp0 (status, "deferred") == 0)
    return g_strdup_printf (_ ("Delayed: the receiving server did not take it yet (%s)"), reason);
  if (g_strcmp0 (status, "blocked") == 0)
    return g_strdup_printf (_ ("Blocked: %s"), reason);
  if (g_strcmp0 (status, "spam") == 0)
    return g_strdup (_ ("Marked as spam by the recipient"));
  if (g_strcmp0 (status, "unsub") == 0)
    return g_strdup (_ ("Unsubscribed: the recipient clicked the unsubscribe link"));
  if (g_strcmp0 (status, "not-visible") == 0)
    return g_strdup (_ ("Queued: Mailjet accepted it; it is not visible in Mailjet’s reports yet"));
  /* Mailjet's first status for every accepted message is "queued". */
  if (g_strcmp0 (status, "accepted") == 0)
    return g_strdup (_ ("Queued: Mailjet accepted it and will send it shortly"));
  if (g_strcmp0 (status, HERALD_DELIVERY_STATUS_UNKNOWN_OUTCOME) == 0)
    return g_strdup (_ ("Outcome unknown: the send was interrupted before Mailjet confirmed it. "
                        "Check whether it went out before sending it again"));
  if (g_strcmp0 (status, HERALD_DELIVERY_STATUS_NOT_SENT) == 0)
    return g_strdup (_ ("Not sent: Mailjet has no message with this CustomID, so it is safe to "
                        "send it again"));
  if (g_strcmp0 (status, "expired") == 0)
    return g_strdup (_ ("Unknown: Mailjet never showed this message, Herald stopped checking"));
  return g_strdup_printf (_ ("Unknown status “%s”"), status ? status : "");
}

static void
event_free (gpointer data)
{
  HeraldDeliveryEvent *e = data;

  g_free (e->type);
  g_free (e->state);
  g_free (e->comment);
  g_free (e);
}

static void
herald_delivery_finalize (GObject *object)
{
  HeraldDelivery *self = (HeraldDelivery *) object;

  g_free (self->account_id);
  g_free (self->uuid);
  g_free (self->custom_id);
  g_free (self->recipient);
  g_free (self->template_id);
  g_free (self->locale);
  g_free (self->scenario_id);
  g_free (self->status);
  g_free (self->state);
  g_free (self->summary);
  g_ptr_array_unref (self->events);

  G_OBJECT_CLASS (herald_delivery_parent_class)->finalize (object);
}

static void
herald_delivery_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HeraldDelivery *self = HERALD_DELIVERY (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_STATE_ID:
      g_value_set_uint (value, self->state_id);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_IS_FINAL:
      g_value_set_boolean (value, herald_delivery_get_is_final (self));
      break;
    case PROP_FINISHED:
      g_value_set_boolean (value, self->finished);
      break;
    case PROP_REQUEST_COUNT:
      g_value_set_uint (value, self->request_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_delivery_class_init (HeraldDeliveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_delivery_finalize;
  object_class->get_property = herald_delivery_get_property;

  properties[PROP_STATUS] =
      g_param_spec_string ("status", NULL, NULL, NULL,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE_ID] =
      g_param_spec_uint ("state-id", NULL, NULL, 0, G_MAXUINT, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUMMARY] =
      g_param_spec_string ("summary", NULL, NULL, NULL,
                           (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_IS_FINAL] =
      g_param_spec_boolean ("is-final", NULL, NULL, FALSE,
                            (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FINISHED] =
      g_param_spec_boolean ("finished", NULL, NULL, FALSE,
                            (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REQUEST_COUNT] =
      g_param_spec_uint ("request-count", NULL, NULL, 0, G_MAXUINT, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_delivery_init (HeraldDelivery *self)
{
  self->events = g_ptr_array_new_with_free_func (event_free);
}

HeraldDelivery *
herald_delivery_new (const char *account_id,
                     gint64 message_id,
                     const char *uuid,
                     const char *custom_id,
                     const char *recipient,
                     const char *template_id,
                     const char *locale,
                     const char *scenario_id,
                     gint64 sent_at)
{
  HeraldDelivery *self = g_object_new (HERALD_TYPE_DELIVERY, NULL);

  self->account_id = g_strdup (account_id ? account_id : "");
  self->message_id = message_id;
  self->uuid = g_strdup (uuid ? uuid : "");
  self->custom_id = g_strdup (custom_id ? custom_id : "");
  self->recipient = g_strdup (recipient ? recipient : "");
  self->template_id = g_strdup (template_id ? template_id : "");
  self->locale = g_strdup (locale ? locale : "");
  self->scenario_id = g_strdup (scenario_id ? scenario_id : "");
  self->sent_at = sent_at;
  self->status = g_strdup ("accepted");
  self->summary = herald_delivery_describe (self->status, 0, NULL);

  return self;
}

HeraldDelivery *
herald_delivery_new_unknown (const char *account_id,
                             const char *custom_id,
                             const char *recipient,
                             const char *template_id,
                             const char *locale,
                             const char *scenario_id,
                             gint64 sent_at)
{
  HeraldDelivery *self = herald_delivery_new (account_id, 0, NULL, custom_id, recipient,
                                              template_id, locale, scenario_id, sent_at);

  herald_delivery_update (self, HERALD_DELIVERY_STATUS_UNKNOWN_OUTCOME, 0, NULL);
  /* Nothing to poll without a MessageID: only a lookup by CustomID tells. */
  self->finished = TRUE;
  return self;
}

gboolean
herald_delivery_get_outcome_unknown (HeraldDelivery *self)
{
  g_return_val_if_fail (HERALD_IS_DELIVERY (self), FALSE);
  return g_strcmp0 (self->status, HERALD_DELIVERY_STATUS_UNKNOWN_OUTCOME) == 0;
}

gboolean
herald_delivery_get_is_sandbox (HeraldDelivery *self)
{
  g_return_val_if_fail (HERALD_IS_DELIVERY (self), FALSE);
  /* The id the account store gives its built-in Sandbox account. */
  return g_strcmp0 (self->account_id, "sandbox") == 0;
}

void
herald_delivery_set_message_id (HeraldDelivery *self, gint64 message_id, const char *uuid)
{
  g_return_if_fail (HERALD_IS_DELIVERY (self));

  self->message_id = message_id;
  g_free (self->uuid);
  self->uuid = g_strdup (uuid ? uuid : "");
}

HeraldDelivery *
herald_delivery_new_from_json (JsonObject *object, GError **error)
{
  HeraldDelivery *self;
  JsonNode *events;
  gint64 message_id = herald_json_object_get_int_or (object, "messageId", 0);
  const char *status = herald_json_object_get_string_or (object, "status", NULL);
  const char *custom_id = herald_json_object_get_string_or (object, "customId", NULL);
  /* A message whose send was interrupted has only its CustomID. */
  gboolean without_id = (g_strcmp0 (status, HERALD_DELIVERY_STATUS_UNKNOWN_OUTCOME) == 0 ||
                         g_strcmp0 (status, HERALD_DELIVERY_STATUS_NOT_SENT) == 0) &&
                        custom_id && *custom_id;

  if ((message_id <= 0 && !without_id) || status == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _ ("A saved delivery has no message id or status."));
      return NULL;
    }

  self = herald_delivery_new (herald_json_object_get_string_or (object, "account", NULL),
                              message_id, herald_json_object_get_string_or (object, "uuid", NULL),
                              herald_json_object_get_string_or (object, "customId", NULL),
                              herald_json_object_get_string_or (object, "recipient", NULL),
                              herald_json_object_get_string_or (object, "template", NULL),
                              herald_json_object_get_string_or (object, "locale", NULL),
                              herald_json_object_get_string_or (object, "scenario", NULL),
                              herald_json_object_get_int_or (object, "sentAt", 0));
  self->request_count = (guint) herald_json_object_get_int_or (object, "requests", 0);
  self->finished = herald_json_object_get_boolean_or (object, "finished", FALSE);
  herald_delivery_update (self, herald_json_object_get_string_or (object, "status", NULL),
                          (guint) herald_json_object_get_int_or (object, "stateId", 0),
                          herald_json_object_get_string_or (object, "state", NULL));

  events = json_object_get_member (object, "events");
  if (events && JSON_NODE_HOLDS_ARRAY (events))
    herald_delivery_set_events (self, json_node_get_array (events));

  return self;
}

JsonNode *
herald_delivery_to_json (HeraldDelivery *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (HERALD_IS_DELIVERY (self), NULL);

  json_builder_begin_object (builder);
#define ADD_STRING(name, value)                                                                    \
  json_builder_set_member_name (builder, name);                                                    \
  json_builder_add_string_value (builder, value)
#define ADD_INT(name, value)                                                                       \
  json_builder_set_member_name (builder, name);                                                    \
  json_builder_add_int_value (builder, value)
  ADD_STRING ("account", self->account_id);
  /* gint64 end to end: json-glib writes it as an integer, never through a double. */
  ADD_INT ("messageId", self->message_id);
  ADD_STRING ("uuid", self->uuid);
  ADD_STRING ("customId", self->custom_id);
  ADD_STRING ("recipient", self->recipient);
  ADD_STRING ("template", self->template_id);
  ADD_STRING ("locale", self->locale);
  ADD_STRING ("scenario", self->scenario_id);
  ADD_INT ("sentAt", self->sent_at);
  ADD_STRING ("status", self->status);
  ADD_INT ("stateId", self->state_id);
  ADD_STRING ("state", self->state ? self->state : "");
  ADD_INT ("requests", self->request_count);
  json_builder_set_member_name (builder, "finished");
  json_builder_add_boolean_value (builder, self->finished);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->events->len; i++)
    {
      HeraldDeliveryEvent *e = g_ptr_array_index (self->events, i);

      json_builder_begin_object (builder);
      ADD_INT ("EventAt", e->at);
      ADD_STRING ("EventType", e->type);
      ADD_STRING ("State", e->state);
      ADD_STRING ("Comment", e->comment);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
#undef ADD_STRING
#undef ADD_INT
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

#define GETTER(type, name, field)                                                                  \
  type herald_delivery_get_##name (HeraldDelivery *self)                                           \
  {                                                                                                \
    g_return_val_if_fail (HERALD_IS_DELIVERY (self), (type) 0);                                    \
    return self->field;                                                                            \
  }

GETTER (const char *, account_id, account_id)
GETTER (gint64, message_id, message_id)
GETTER (const char *, uuid, uuid)
GETTER (const char *, custom_id, custom_id)
GETTER (const char *, recipient, recipient)
GETTER (const char *, template_id, template_id)
GETTER (const char *, locale, locale)
GETTER (const char *, scenario_id, scenario_id)
GETTER (gint64, sent_at, sent_at)
GETTER (const char *, status, status)
GETTER (guint, state_id, state_id)
GETTER (const char *, state, state)
GETTER (const char *, summary, summary)
GETTER (gboolean, finished, finished)
GETTER (guint, request_count, request_count)
GETTER (GPtrArray *, events, events)

#undef GETTER

gboolean
herald_delivery_get_is_final (HeraldDelivery *self)
{
  g_return_val_if_fail (HERALD_IS_DELIVERY (self), FALSE);
  return herald_delivery_status_is_final (self->status);
}

void
herald_delivery_update (HeraldDelivery *self, const char *status, guint state_id, const char *state)
{
  gboolean was_final;

  g_return_if_fail (HERALD_IS_DELIVERY (self));
  g_return_if_fail (status != NULL);

  if (g_strcmp0 (self->status, status) == 0 && self->state_id == state_id &&
      g_strcmp0 (self->state, state) == 0)
    return;

  was_final = herald_delivery_get_is_final (self);
  g_free (self->status);
  self->status = g_strdup (status);
  g_free (self->state);
  self->state = g_strdup (state);
  self->state_id = state_id;
  g_free (self->summary);
  self->summary = herald_delivery_describe (status, state_id, state);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
  if (was_final != herald_delivery_get_is_final (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_FINAL]);
  /* Last, so that a handler of "status" sees a consistent object. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
herald_delivery_set_events (HeraldDelivery *self, JsonArray *history)
{
  g_return_if_fail (HERALD_IS_DELIVERY (self));

  g_ptr_array_set_size (self->events, 0);
  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *object = herald_json_array_get_object_or_null (history, i);
      HeraldDeliveryEvent *e;

      if (object == NULL)
        continue;
      e = g_new0 (HeraldDeliveryEvent, 1);
      e->at = herald_json_object_get_int_or (object, "EventAt", 0);
      e->type = g_strdup (herald_json_object_get_string_or (object, "EventType", NULL)
                              ? herald_json_object_get_string_or (object, "EventType", NULL)
                              : "");
      e->state = g_strdup (herald_json_object_get_string_or (object, "State", NULL)
                               ? herald_json_object_get_string_or (object, "State", NULL)
                               : "");
      e->comment = g_strdup (herald_json_object_get_string_or (object, "Comment", NULL)
                                 ? herald_json_object_get_string_or (object, "Comment", NULL)
                                 : "");
      g_ptr_array_add (self->events, e);
    }
}

void
herald_delivery_set_finished (HeraldDelivery *self, gboolean finished)
{
  g_return_if_fail (HERALD_IS_DELIVERY (self));

  finished = !!finished;
  if (self->finished == finished)
    return;
  self->finished = finished;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
}

void
herald_delivery_count_request (HeraldDelivery *self)
{
  g_return_if_fail (HERALD_IS_DELIVERY (self));

  self->request_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_COUNT]);
}
