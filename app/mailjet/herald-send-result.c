/* herald-send-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-send-result"

#include "config.h"

#include "herald-json-util.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-mailjet-client.h"
#include "herald-send-result.h"

struct _HeraldSendResult
{
  GObject parent_instance;
  GPtrArray *outcomes;
  guint http_status;
};

G_DEFINE_FINAL_TYPE (HeraldSendResult, herald_send_result, G_TYPE_OBJECT)

static void
sent_recipient_free (gpointer data)
{
  HeraldSentRecipient *r = data;

  g_free (r->kind);
  g_free (r->email);
  g_free (r->uuid);
  g_free (r->href);
  g_free (r);
}

static void
send_error_free (gpointer data)
{
  HeraldSendError *e = data;

  g_free (e->identifier);
  g_free (e->code);
  g_free (e->message);
  g_strfreev (e->related_to);
  g_free (e->recipient);
  g_free (e->explanation);
  g_free (e);
}

static void
outcome_free (gpointer data)
{
  HeraldSendOutcome *o = data;

  g_free (o->custom_id);
  g_ptr_array_unref (o->recipients);
  g_ptr_array_unref (o->errors);
  g_free (o);
}

static HeraldSendOutcome *
outcome_new (guint index)
{
  HeraldSendOutcome *o = g_new0 (HeraldSendOutcome, 1);

  o->index = index;
  o->recipients = g_ptr_array_new_with_free_func (sent_recipient_free);
  o->errors = g_ptr_array_new_with_free_func (send_error_free);

  return o;
}

static void
herald_send_result_finalize (GObject *object)
{
  HeraldSendResult *self = (HeraldSendResult *) object;

  g_ptr_array_unref (self->outcomes);

  G_OBJECT_CLASS (herald_send_result_parent_class)->finalize (object);
}

static void
herald_send_result_class_init (HeraldSendResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_send_result_finalize;
}

static void
herald_send_result_init (HeraldSendResult *self)
{
  self->outcomes = g_ptr_array_new_with_free_func (outcome_free);
}

HeraldSendResult *
herald_send_result_new (void)
{
  return g_object_new (HERALD_TYPE_SEND_RESULT, NULL);
}

/* json-glib keeps integers as gint64; a MessageID that arrives as a string is accepted too. */
static gint64
member_int64 (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return 0;
}

/* "To[0].Email" → the address the request put there. */
static char *
recipient_for_path (JsonArray *input_messages, guint message_index, const char *path)
{
  static const char *kinds[] = { "To", "Cc", "Bcc" };
  JsonObject *message;

  if (input_messages == NULL || message_index >= json_array_get_length (input_messages))
    return NULL;
  message = herald_json_array_get_object_or_null (input_messages, message_index);
  if (message == NULL)
    return NULL;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      gsize len = strlen (kinds[k]);
      const char *p = path;
      guint64 index;
      char *end;
      JsonNode *list;
      JsonObject *address;

      if (g_str_has_prefix (p, "Messages."))
        p += strlen ("Messages.");
      if (strncmp (p, kinds[k], len) != 0 || p[len] != '[')
        continue;
      index = g_ascii_strtoull (p + len + 1, &end, 10);
      if (end == p + len + 1 || *end != ']')
        continue;
      list = json_object_get_member (message, kinds[k]);
      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) ||
          index >= json_array_get_length (json_node_get_array (list)))
        return NULL;
      address = herald_json_array_get_object_or_null (json_node_get_array (list), index);
      if (address && herald_json_object_get_string_or (address, "Email", NULL))
        return g_strdup (herald_json_object_get_string_or (address, "Email", NULL));
    }

  return NULL;
}

static char *
explain_error (const char *code, const char *message, const char *recipient)
{
  if (g_strcmp0 (code, "mj-0013") == 0 && recipient)
    return g_strdup_printf (_ ("“%s” is not a valid email address."), recipient);
  if (g_strcmp0 (code, "send-0008") == 0)
    return g_strdup (_ ("The sender address is not an active sender of this Mailjet account: "
                        "validate it in the sender check."));
  if (g_strcmp0 (code, "send-0003") == 0)
    return g_strdup (
        _ ("The email has no content: it needs an HTML part, a text part or a template."));
  /* A send as production names a stored template (reference §3.6, §7.2). */
  if (g_strcmp0 (code, "send-0010") == 0)
    return g_strdup (_ ("This account has no such stored template: it was deleted on Mailjet or "
                        "belongs to another account. Publish the template again, then send."));
  if (g_strcmp0 (code, "send-0004") == 0)
    return g_strdup (_ ("The stored template already has an HTML part, so the email may not "
                        "bring one of its own."));
  if (g_strcmp0 (code, "send-0016") == 0)
    return g_strdup (_ ("Template error reports were asked for without the template language "
                        "being switched on."));
  if (g_strcmp0 (code, "send-0019") == 0)
    return g_strdup (_ ("A header of the stored template (its From or Subject) is not plain text: "
                        "publish the template again to put it right."));
  if (g_strcmp0 (code, "send-0015") == 0)
    return g_strdup (_ ("Too many recipients in one call: Mailjet accepts 50 at most."));
  if (recipient)
    return g_strdup_printf (_ ("%s (recipient %s)"),
                            message ? message : _ ("Mailjet refused this email"), recipient);
  return g_strdup (message ? message : _ ("Mailjet refused this email."));
}

static HeraldSendError *
parse_error (JsonObject *object, JsonArray *input_messages, guint message_index)
{
  HeraldSendError *e = g_new0 (HeraldSendError, 1);
  JsonNode *related = json_object_get_member (object, "ErrorRelatedTo");
  g_autoptr (GPtrArray) paths = g_ptr_array_new ();

  e->identifier = g_strdup (herald_json_object_get_string_or (object, "ErrorIdentifier", NULL));
  e->code = g_strdup (herald_json_object_get_string_or (object, "ErrorCode", NULL));
  e->status_code = (guint) member_int64 (object, "StatusCode");
  e->message = g_strdup (herald_json_object_get_string_or (object, "ErrorMessage", NULL));

  /* Usually an array of paths; one SDK mock has a bare string. */
  if (related && JSON_NODE_HOLDS_ARRAY (related))
    {
      JsonArray *array = json_node_get_array (related);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_ptr_array_add (paths, g_strdup (json_node_get_string (node)));
        }
    }
  else if (related && JSON_NODE_HOLDS_VALUE (related) &&
           json_node_get_value_type (related) == G_TYPE_STRING)
    g_ptr_array_add (paths, g_strdup (json_node_get_string (related)));
  g_ptr_array_add (paths, NULL);
  e->related_to = (char **) g_ptr_array_steal (paths, NULL);

  for (guint i = 0; e->related_to[i] && e->recipient == NULL; i++)
    e->recipient = recipient_for_path (input_messages, message_index, e->related_to[i]);

  e->explanation = explain_error (e->code, e->message, e->recipient);

  return e;
}

static void
parse_recipients (HeraldSendOutcome *outcome, JsonObject *object, const char *kind)
{
  JsonNode *node = json_object_get_member (object, kind);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = herald_json_array_get_object_or_null (array, i);
      HeraldSentRecipient *r;

      if (entry == NULL)
        continue;
      r = g_new0 (HeraldSentRecipient, 1);
      r->kind = g_strdup (kind);
      r->email = g_strdup (herald_json_object_get_string_or (entry, "Email", NULL));
      r->message_id = member_int64 (entry, "MessageID");
      r->uuid = g_strdup (herald_json_object_get_string_or (entry, "MessageUUID", NULL));
      r->href = g_strdup (herald_json_object_get_string_or (entry, "MessageHref", NULL));
      g_ptr_array_add (outcome->recipients, r);
    }
}

static HeraldSendOutcome *
parse_outcome (JsonObject *object, guint index, JsonArray *input_messages)
{
  HeraldSendOutcome *outcome = outcome_new (index);
  JsonNode *errors = json_object_get_member (object, "Errors");
  const char *custom_id = herald_json_object_get_string_or (object, "CustomID", NULL);

  outcome->accepted =
      g_strcmp0 (herald_json_object_get_string_or (object, "Status", NULL), "success") == 0;

  /* Error entries carry no CustomID: take it from the request. */
  if ((custom_id == NULL || *custom_id == 0) && input_messages &&
      index < json_array_get_length (input_messages))
    {
      JsonObject *input = herald_json_array_get_object_or_null (input_messages, index);

      if (input)
        custom_id = herald_json_object_get_string_or (input, "CustomID", NULL);
    }
  outcome->custom_id = g_strdup (custom_id ? custom_id : "");

  parse_recipients (outcome, object, "To");
  parse_recipients (outcome, object, "Cc");
  parse_recipients (outcome, object, "Bcc");

  if (errors && JSON_NODE_HOLDS_ARRAY (errors))
    {
      JsonArray *array = json_node_get_array (errors);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *e = herald_json_array_get_object_or_null (array, i);

          if (e)
            g_ptr_array_add (outcome->errors, parse_error (e, input_messages, index));
        }
    }

  if (!outcome->accepted && outcome->errors->len == 0)
    {
      HeraldSendError *e = g_new0 (HeraldSendError, 1);

      e->related_to = g_new0 (char *, 1);
      e->explanation = g_strdup (_ ("Mailjet did not accept this email and gave no reason."));
      g_ptr_array_add (outcome->errors, e);
    }

  return outcome;
}

HeraldSendResult *
herald_send_result_parse (guint status, GBytes *body, JsonArray *input_messages, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (HeraldSendResult) self = NULL;
  JsonObject *root;
  JsonNode *messages;
  JsonArray *array;
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;

  if (status != 200 && status != 400 && status != 403)
    goto not_a_result;
  if (data == NULL || len == 0 || !herald_json_parser_load (parser, data, len, NULL))
    goto not_a_result;
  root = herald_json_parser_get_object (parser);
  if (root == NULL)
    goto not_a_result;
  messages = json_object_get_member (root, "Messages");
  if (messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
    goto not_a_result;
  array = json_node_get_array (messages);
  /* An empty Messages next to top-level Errors: the payload itself was refused. */
  if (json_array_get_length (array) == 0)
    goto not_a_result;

  self = herald_send_result_new ();
  self->http_status = status;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = herald_json_array_get_object_or_null (array, i);

      if (object == NULL)
        {
          g_set_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_INVALID_RESPONSE,
                       _ ("Mailjet’s answer to the send could not be understood (message %u is not "
                          "an object)."),
                       i + 1);
          return NULL;
        }
      g_ptr_array_add (self->outcomes, parse_outcome (object, i, input_messages));
    }

  if (status == 200 && herald_send_result_get_n_failed (self) > 0)
    g_debug ("Status 200 with failed messages");

  return g_steal_pointer (&self);

not_a_result:
  if (status == 200)
    {
      g_set_error_literal (
          error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_INVALID_RESPONSE,
          _ ("Mailjet answered the send, but the answer could not be understood. The emails may "
             "have been sent: check the deliveries before sending again."));
      return NULL;
    }
  g_propagate_error (error,
                     herald_mailjet_error_from_response (status, "application/json", body, TRUE));
  return NULL;
}

void
herald_send_result_append (HeraldSendResult *self, HeraldSendResult *other)
{
  g_return_if_fail (HERALD_IS_SEND_RESULT (self));
  g_return_if_fail (HERALD_IS_SEND_RESULT (other));

  /* Outcomes are shared, not copied: steal them from the other result. */
  while (other->outcomes->len > 0)
    g_ptr_array_add (self->outcomes, g_ptr_array_steal_index (other->outcomes, 0));
  self->http_status = MAX (self->http_status, other->http_status);
}

guint
herald_send_result_get_n_outcomes (HeraldSendResult *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_RESULT (self), 0);
  return self->outcomes->len;
}

const HeraldSendOutcome *
herald_send_result_get_outcome (HeraldSendResult *self, guint index)
{
  g_return_val_if_fail (HERALD_IS_SEND_RESULT (self), NULL);
  g_return_val_if_fail (index < self->outcomes->len, NULL);
  return g_ptr_array_index (self->outcomes, index);
}

const HeraldSendOutcome *
herald_send_result_find_custom_id (HeraldSendResult *self, const char *custom_id)
{
  g_return_val_if_fail (HERALD_IS_SEND_RESULT (self), NULL);

  for (guint i = 0; i < self->outcomes->len; i++)
    {
      const HeraldSendOutcome *o = g_ptr_array_index (self->outcomes, i);

      if (g_strcmp0 (o->custom_id, custom_id) == 0)
        return o;
    }
  return NULL;
}

guint
herald_send_result_get_n_accepted (HeraldSendResult *self)
{
  guint n = 0;

  g_return_val_if_fail (HERALD_IS_SEND_RESULT (self), 0);

  for (guint i = 0; i < self->outcomes->len; i++)
    n += ((HeraldSendOutcome *) g_ptr_array_index (self->outcomes, i))->accepted;
  return n;
}

guint
herald_send_result_get_n_failed (HeraldSendResult *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_RESULT (self), 0);
  return self->outcomes->len - herald_send_result_get_n_accepted (self);
}

gboolean
herald_send_result_get_partial (HeraldSendResult *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_RESULT (self), FALSE);
  return herald_send_result_get_n_accepted (self) > 0 && herald_send_result_get_n_failed (self) > 0;
}

guint
herald_send_result_get_http_status (HeraldSendResult *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_RESULT (self), 0);
  return self->http_status;
}
