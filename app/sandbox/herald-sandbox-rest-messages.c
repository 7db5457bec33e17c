/* herald-sandbox-rest-messages.c: GET /v3/REST/message, messagehistory, messagestate,
 * messageinformation, bouncestatistics and the statistics resources.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <string.h>

#include "herald-sandbox-store-private.h"

/* GET /v3/REST/messagestate, §5.2 of the reference. */
static const struct
{
  const char *related_to;
  const char *state;
} message_states[] = {
  { "recipient", "user unknown" },
  { "recipient", "mailbox inactive" },
  { "recipient", "quota exceeded" },
  { "domain", "invalid domain" },
  { "domain", "no mail host" },
  { "domain", "relay/access denied" },
  { "spam", "sender blocked" },
  { "spam", "content blocked" },
  { "spam", "policy issue" },
  { "system", "system issue" },
  { "system", "protocol issue" },
  { "system", "connection issue" },
  { "domain", "greylisted" },
  { "mailjet", "preblocked" },
  { "mailjet", "duplicate in campaign" },
  { "spam", "spam preblocked" },
  { "content", "bad or empty template" },
  { "content", "error in template language" },
  { "domain", "typofix" },
  { "recipient", "blacklisted" },
  { "recipient", "spam reporter" },
};

typedef gboolean (*MessageFilter) (HeraldSandboxStore *store, Message *m, GHashTable *query);
typedef JsonObject *(*MessageWriter) (HeraldSandboxStore *store, Message *m, GHashTable *query);

/* A v3 REST list of messages: counts every match, but writes out only the page asked for,
 * so that a list over the whole store costs a walk, not a serialisation of everything. */
static void
reply_message_page (HeraldSandboxStore *store,
                    GHashTable *query,
                    gboolean newest_first,
                    MessageFilter matches,
                    MessageWriter write,
                    HeraldSandboxReply *reply)
{
  JsonArray *data = json_array_new ();
  gboolean count_only = herald_sandbox_query_true (query, "countOnly");
  guint64 first, last, total = 0;
  GList *link = newest_first ? store->messages.tail : store->messages.head;

  herald_sandbox_list_range (query, &first, &last);
  for (; link != NULL; link = newest_first ? link->prev : link->next)
    {
      Message *m = link->data;

      if (!matches (store, m, query))
        continue;
      if (!count_only && total >= first && total < last)
        {
          json_array_add_object_element (data, write (store, m, query));
          store->n_serialised++;
        }
      total++;
    }
  herald_sandbox_reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, data, (guint) total);
}

static JsonObject *
message_to_rest (HeraldSandboxStore *store, Message *m, GHashTable *query)
{
  const Step *step = herald_sandbox_message_step (store, m);
  JsonObject *o = json_object_new ();
  g_autofree char *arrived = herald_sandbox_iso_time (m->created_unix);
  gboolean sent = step != &m->lifecycle->steps[0];
  gsize size = strlen (m->subject) + strlen (m->html) + strlen (m->text) + 512;

  json_object_set_string_member (o, "ArrivedAt", arrived);
  json_object_set_int_member (o, "AttachmentCount", m->attachment_count);
  json_object_set_int_member (o, "AttemptCount", sent ? 1 : 0);
  json_object_set_int_member (o, "CampaignID", SANDBOX_CAMPAIGN_ID);
  json_object_set_string_member (
      o, "ContactAlt", herald_sandbox_query_true (query, "ShowContactAlt") ? m->recipient : "");
  json_object_set_int_member (o, "ContactID",
                              herald_sandbox_stable_id (m->recipient, 254000000, 1000000));
  if (herald_sandbox_query_true (query, "ShowCustomID"))
    json_object_set_string_member (o, "CustomID", m->custom_id);
  json_object_set_int_member (o, "Delay", 0);
  json_object_set_int_member (
      o, "DestinationID",
      herald_sandbox_stable_id (herald_sandbox_email_domain (m->recipient), 124000, 1000));
  json_object_set_int_member (o, "FilterTime", 0);
  json_object_set_int_member (o, "ID", m->id);
  json_object_set_boolean_member (o, "IsClickTracked", m->click_tracked);
  json_object_set_boolean_member (o, "IsHTMLPartIncluded", m->html[0] != '\0');
  json_object_set_boolean_member (o, "IsOpenTracked", m->open_tracked);
  json_object_set_boolean_member (o, "IsTextPartIncluded", m->text[0] != '\0');
  json_object_set_boolean_member (o, "IsUnsubTracked", FALSE);
  json_object_set_int_member (o, "MessageSize", size);
  json_object_set_int_member (o, "SenderID", m->sender_id);
  json_object_set_int_member (o, "SpamassassinScore", 0);
  json_object_set_string_member (o, "SpamassRules", "");
  /* Absent from the recorded "sent" message: only present when there is a reason. */
  if (step->state_id != 0)
    json_object_set_int_member (o, "StateID", step->state_id);
  json_object_set_boolean_member (o, "StatePermanent", step->permanent);
  json_object_set_string_member (o, "Status", step->status);
  json_object_set_string_member (
      o, "Subject", herald_sandbox_query_true (query, "ShowSubject") ? m->subject : "");
  json_object_set_string_member (o, "UUID", m->uuid);
  return o;
}

static JsonArray *
message_history (HeraldSandboxStore *store, Message *m)
{
  JsonArray *data = json_array_new ();
  double elapsed;

  if (m == NULL || !herald_sandbox_message_is_visible (store, m))
    return data;

  elapsed = herald_sandbox_elapsed_unlocked (store, m);
  for (guint i = 0; i < m->lifecycle->n_steps; i++)
    {
      const Step *step = &m->lifecycle->steps[i];
      JsonObject *row;

      if (step->event == NULL || step->at > elapsed)
        continue;

      row = json_object_new ();
      json_object_set_string_member (row, "Comment",
                                     step->comment != NULL ? step->comment
                                     : m->template_error   ? m->template_error
                                                           : "");
      json_object_set_int_member (row, "EventAt", herald_sandbox_step_time (store, m, step));
      json_object_set_string_member (row, "EventType", step->event);
      json_object_set_string_member (row, "State", step->state);
      json_object_set_string_member (row, "Useragent", step->useragent);
      json_object_set_int_member (row, "UseragentID", step->useragent_id);
      json_array_add_object_element (data, row);
    }
  return data;
}

static int
status_number (const char *status)
{
  static const char *const statuses[] = {
    "processed", "queued", "sent",    "opened",      "clicked",     "bounce",
    "spam",      "unsub",  "blocked", "softbounced", "hardbounced", "deferred",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_str_equal (statuses[i], status))
      return i;
  return -1;
}

static gboolean
message_matches (HeraldSandboxStore *store, Message *m, GHashTable *query)
{
  const char *value;

  if (!herald_sandbox_message_is_visible (store, m))
    return FALSE;
  if ((value = herald_sandbox_query_get (query, "CustomID")) != NULL &&
      !g_str_equal (value, m->custom_id))
    return FALSE;
  if ((value = herald_sandbox_query_get (query, "ContactAlt")) != NULL &&
      g_ascii_strcasecmp (value, m->recipient) != 0)
    return FALSE;
  if ((value = herald_sandbox_query_get (query, "MessageStatus")) != NULL)
    {
      g_auto (GStrv) wanted = g_strsplit (value, ",", -1);
      int current = status_number (herald_sandbox_message_step (store, m)->status);
      gboolean found = FALSE;

      for (guint i = 0; wanted[i] != NULL; i++)
        found |= (int) g_ascii_strtoll (wanted[i], NULL, 10) == current;
      if (!found)
        return FALSE;
    }
  if ((value = herald_sandbox_query_get (query, "MessageState")) != NULL &&
      (guint) g_ascii_strtoull (value, NULL, 10) !=
          herald_sandbox_message_step (store, m)->state_id)
    return FALSE;
  return TRUE;
}

void
herald_sandbox_rest_message_list (HeraldSandboxStore *store,
                                  const HeraldSandboxRequest *request,
                                  HeraldSandboxReply *reply)
{
  const char *sort = herald_sandbox_query_get (request->query, "Sort");
  gboolean descending = sort != NULL && g_str_has_suffix (sort, "DESC");

  reply_message_page (store, request->query, descending, message_matches, message_to_rest, reply);
}

void
herald_sandbox_rest_message_get (HeraldSandboxStore *store,
                                 const HeraldSandboxRequest *request,
                                 HeraldSandboxReply *reply)
{
  Message *m;
  gint64 id;

  /* Unknown and not-yet-indexed messages look the same, as on Mailjet (§5.5). */
  if (!herald_sandbox_parse_id (request->segments[1], &id) || request->segments[2] != NULL ||
      (m = herald_sandbox_find_message (store, id)) == NULL ||
      !herald_sandbox_message_is_visible (store, m))
    {
      herald_sandbox_reply_not_found (reply);
      return;
    }
  herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY,
                            message_to_rest (store, m, request->query));
}

void
herald_sandbox_rest_messagehistory_get (HeraldSandboxStore *store,
                                        const HeraldSandboxRequest *request,
                                        HeraldSandboxReply *reply)
{
  const char *id_text = request->segments[1] != NULL
                            ? request->segments[1]
                            : herald_sandbox_query_get (request->query, "Message");
  JsonArray *data;
  gint64 id = 0;

  /* An unknown id is an empty list with 200, as recorded for id 123. */
  herald_sandbox_parse_id (id_text, &id);
  data = message_history (store, id != 0 ? herald_sandbox_find_message (store, id) : NULL);
  herald_sandbox_reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, data,
                                 json_array_get_length (data));
}

static JsonObject *
message_state_object (guint index)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "ID", index + 1);
  json_object_set_string_member (o, "RelatedTo", message_states[index].related_to);
  json_object_set_string_member (o, "State", message_states[index].state);
  return o;
}

void
herald_sandbox_rest_messagestate_get (HeraldSandboxStore *store,
                                      const HeraldSandboxRequest *request,
                                      HeraldSandboxReply *reply)
{
  g_autoptr (GPtrArray) objects =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 id;

  if (request->segments[1] != NULL)
    {
      if (!herald_sandbox_parse_id (request->segments[1], &id) ||
          id > (gint64) G_N_ELEMENTS (message_states))
        herald_sandbox_reply_not_found (reply);
      else
        herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY,
                                  message_state_object (id - 1));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (message_states); i++)
    g_ptr_array_add (objects, message_state_object (i));
  herald_sandbox_reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY,
                                 herald_sandbox_window_array (objects, request->query),
                                 objects->len);
}

/* Tallies of the account's visible messages, by what has happened to them so far. */
typedef struct
{
  guint processed, queued, delivered, opened, clicked, bounced, hard, soft, blocked, spam, deferred;
  gint64 last_activity;
} Tally;

static void
tally_messages (HeraldSandboxStore *store, gint64 sender_id, Tally *tally)
{
  memset (tally, 0, sizeof *tally);
  for (GList *l = store->messages.head; l != NULL; l = l->next)
    {
      Message *m = l->data;
      const Step *step;
      const char *s;

      if (!herald_sandbox_message_is_visible (store, m) ||
          (sender_id != 0 && m->sender_id != sender_id))
        continue;
      step = herald_sandbox_message_step (store, m);
      s = step->status;
      tally->processed++;
      tally->last_activity = MAX (tally->last_activity, herald_sandbox_step_time (store, m, step));
      if (g_str_equal (s, "queued"))
        tally->queued++;
      else if (g_str_equal (s, "sent") || g_str_equal (s, "opened") || g_str_equal (s, "clicked") ||
               g_str_equal (s, "spam"))
        tally->delivered++;
      tally->opened += g_str_equal (s, "opened") || g_str_equal (s, "clicked");
      tally->clicked += g_str_equal (s, "clicked");
      tally->hard += g_str_equal (s, "hardbounced");
      tally->soft += g_str_equal (s, "softbounced");
      tally->blocked += g_str_equal (s, "blocked");
      tally->spam += g_str_equal (s, "spam");
      tally->deferred += g_str_equal (s, "deferred");
    }
  tally->bounced = tally->hard + tally->soft;
}

static JsonObject *
statistics_object (const Tally *t, const char *resource)
{
  JsonObject *o = json_object_new ();

  if (g_str_equal (resource, "messagestatistics"))
    {
      json_object_set_int_member (o, "AverageClickDelay", 0);
      json_object_set_int_member (o, "AverageClickedCount", 0);
      json_object_set_int_member (o, "AverageOpenDelay", 0);
      json_object_set_int_member (o, "AverageOpenedCount", 0);
    }
  json_object_set_int_member (o, "BlockedCount", t->blocked);
  json_object_set_int_member (o, "BouncedCount", t->bounced);
  if (g_str_equal (resource, "messagestatistics"))
    json_object_set_int_member (o, "CampaignCount", t->processed > 0 ? 1 : 0);
  json_object_set_int_member (o, "ClickedCount", t->clicked);
  json_object_set_int_member (o, "DeferredCount", t->deferred);
  json_object_set_int_member (o, "DeliveredCount", t->delivered);
  json_object_set_int_member (o, "HardBouncedCount", t->hard);
  if (g_str_equal (resource, "apikeytotals"))
    json_object_set_int_member (o, "LastActivity", t->last_activity);
  if (g_str_equal (resource, "senderstatistics"))
    {
      g_autofree char *last = herald_sandbox_iso_time (t->last_activity);

      json_object_set_string_member (o, "LastActivityAt", last);
    }
  json_object_set_int_member (o, "OpenedCount", t->opened);
  if (!g_str_equal (resource, "messagestatistics"))
    json_object_set_int_member (o, "PreQueuedCount", 0);
  json_object_set_int_member (o, "ProcessedCount", t->processed);
  if (!g_str_equal (resource, "apikeytotals"))
    json_object_set_int_member (o, "QueuedCount", t->queued);
  json_object_set_int_member (o, "SoftBouncedCount", t->soft);
  json_object_set_int_member (
      o, g_str_equal (resource, "apikeytotals") ? "SpamcomplaintCount" : "SpamComplaintCount",
      t->spam);
  if (g_str_equal (resource, "messagestatistics"))
    {
      json_object_set_int_member (o, "TotalClicksCount", t->clicked);
      json_object_set_int_member (o, "TotalOpensCount", t->opened);
      json_object_set_int_member (o, "TransactionalCount", t->processed);
    }
  json_object_set_int_member (o, "UnsubscribedCount", 0);
  if (!g_str_equal (resource, "messagestatistics"))
    json_object_set_int_member (o, "WorkFlowExitedCount", 0);
  return o;
}

void
herald_sandbox_rest_statistics_get (HeraldSandboxStore *store,
                                    const HeraldSandboxRequest *request,
                                    HeraldSandboxReply *reply)
{
  const char *resource = request->segments[0];
  GHashTable *query = request->query;
  Tally tally;

  if (g_str_equal (resource, "senderstatistics"))
    {
      g_autoptr (GPtrArray) objects =
          g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      for (guint i = 0; i < store->senders->len; i++)
        {
          Sender *sender = g_ptr_array_index (store->senders, i);
          JsonObject *o;

          tally_messages (store, sender->id, &tally);
          if (tally.processed == 0)
            continue;
          o = statistics_object (&tally, resource);
          json_object_set_int_member (o, "SenderID", sender->id);
          g_ptr_array_add (objects, o);
        }
      herald_sandbox_reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY,
                                     herald_sandbox_window_array (objects, query), objects->len);
      return;
    }

  tally_messages (store, 0, &tally);
  herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY,
                            statistics_object (&tally, resource));
}

static JsonObject *
message_information (HeraldSandboxStore *store, Message *m, GHashTable *query)
{
  JsonObject *o = json_object_new ();
  JsonObject *rules = json_object_new ();
  const Step *step = herald_sandbox_message_step (store, m);
  gboolean sent = step != &m->lifecycle->steps[0];
  g_autofree char *created = herald_sandbox_iso_time (m->created_unix);

  json_object_set_int_member (o, "CampaignID", SANDBOX_CAMPAIGN_ID);
  json_object_set_int_member (o, "ClickTrackedCount", g_str_equal (step->status, "clicked"));
  json_object_set_int_member (o, "ContactID",
                              herald_sandbox_stable_id (m->recipient, 254000000, 1000000));
  json_object_set_string_member (o, "CreatedAt", created);
  json_object_set_int_member (o, "ID", m->id);
  json_object_set_int_member (o, "MessageSize", 0);
  json_object_set_int_member (o, "OpenTrackedCount",
                              g_str_equal (step->status, "opened") ||
                                  g_str_equal (step->status, "clicked"));
  json_object_set_int_member (o, "QueuedCount", sent ? 0 : 1);
  json_object_set_string_member (o, "SendEndAt", created);
  json_object_set_int_member (o, "SentCount", sent ? 1 : 0);
  json_object_set_string_member (rules, "ALT", "");
  json_object_set_int_member (rules, "ID", -1);
  json_object_set_object_member (o, "SpamAssassinRules", rules);
  json_object_set_int_member (o, "SpamAssassinScore", 0);
  return o;
}

static gboolean
message_is_listed (HeraldSandboxStore *store, Message *m, GHashTable *query)
{
  return herald_sandbox_message_is_visible (store, m);
}

void
herald_sandbox_rest_messageinformation_get (HeraldSandboxStore *store,
                                            const HeraldSandboxRequest *request,
                                            HeraldSandboxReply *reply)
{
  char **segments = request->segments;
  GHashTable *query = request->query;
  gint64 id;

  if (segments[1] != NULL)
    {
      Message *m = herald_sandbox_parse_id (segments[1], &id)
                       ? herald_sandbox_find_message (store, id)
                       : NULL;

      if (m == NULL || !herald_sandbox_message_is_visible (store, m))
        herald_sandbox_reply_not_found (reply);
      else
        herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY,
                                  message_information (store, m, query));
      return;
    }
  reply_message_page (store, query, FALSE, message_is_listed, message_information, reply);
}

static gboolean
message_has_bounced (HeraldSandboxStore *store, Message *m, GHashTable *query)
{
  const Step *step;

  if (!herald_sandbox_message_is_visible (store, m))
    return FALSE;
  step = herald_sandbox_message_step (store, m);
  return g_str_has_suffix (step->status, "bounced") || g_str_equal (step->status, "blocked");
}

static JsonObject *
bounce_object (HeraldSandboxStore *store, Message *m, GHashTable *query)
{
  const Step *step = herald_sandbox_message_step (store, m);
  g_autofree char *at = herald_sandbox_iso_time (herald_sandbox_step_time (store, m, step));
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "BouncedAt", at);
  json_object_set_int_member (o, "CampaignID", SANDBOX_CAMPAIGN_ID);
  json_object_set_int_member (o, "ContactID",
                              herald_sandbox_stable_id (m->recipient, 254000000, 1000000));
  json_object_set_int_member (o, "ID", m->id);
  json_object_set_boolean_member (o, "IsBlocked", g_str_equal (step->status, "blocked"));
  json_object_set_boolean_member (o, "IsStatePermanent", step->permanent);
  json_object_set_int_member (o, "StateID", step->state_id);
  return o;
}

void
herald_sandbox_rest_bouncestatistics_get (HeraldSandboxStore *store,
                                          const HeraldSandboxRequest *request,
                                          HeraldSandboxReply *reply)
{
  reply_message_page (store, request->query, FALSE, message_has_bounced, bounce_object, reply);
}
