/* herald-sandbox-store.c: what the sandbox remembers (messages, templates, senders) and the
 * Mailjet behaviour it imitates on top of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <string.h>

#include "herald-json-util.h"
#include "herald-sandbox-private.h"
#include "herald-tl.h"

/* Real MessageIDs are 64-bit and above 2^53 (e.g. 1152921509597813712): ours start there too
 * so that any client that goes through a double breaks in tests, not in production. */
#define FIRST_MESSAGE_ID G_GINT64_CONSTANT (1152921509597813712)
#define MAX_MESSAGES 50
#define MAX_RECIPIENTS 50
#define MAX_SUBJECT 255
#define MAX_URL_TAGS 256
#define DEFAULT_VISIBILITY_DELAY 5.0
#define DEFAULT_MESSAGE_CAP 10000
#define SANDBOX_CAMPAIGN_ID 7390730
#define SANDBOX_SENDER_ID_BASE 46935

/* Delivery lifecycles, chosen by the recipient's local part. Times are seconds after the send
 * at speed 1; the sandbox's speed divides them. A step without an event changes the status
 * without adding a messagehistory row (Mailjet records no event for "queued"/"deferred"). */
typedef struct
{
  double at;
  const char *status;
  guint state_id;
  const char *event;
  const char *state;
  const char *comment; /* NULL: the message's template error */
  gboolean permanent;
  const char *useragent;
  guint useragent_id;
} Step;

typedef struct
{
  const char *name;
  double visibility; /* < 0: the sandbox's configured delay */
  const Step *steps;
  guint n_steps;
} Lifecycle;

#define UA_THUNDERBIRD "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.0"

static const Step ok_steps[] = {
  { 0, "queued", 0, NULL, "", "", FALSE, "", 0 },
  { 3, "sent", 0, "sent", "", "", FALSE, "", 0 },
  { 20, "opened", 0, "opened", "", "", FALSE, UA_THUNDERBIRD, 1675 },
  { 45, "clicked", 0, "clicked", "", "", FALSE, UA_THUNDERBIRD, 1675 },
};

/* Any other address is delivered and then nothing more happens: most test inboxes never
 * open the message, and a lifecycle that ends at "sent" is the common real case. */
static const Step delivered_steps[] = {
  { 0, "queued", 0, NULL, "", "", FALSE, "", 0 },
  { 3, "sent", 0, "sent", "", "", FALSE, "", 0 },
};

static const Step bounce_steps[] = {
  { 0, "queued", 0, NULL, "", "", FALSE, "", 0 },
  { 4, "hardbounced", 1, "bounced", "user unknown",
    "550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table", TRUE, "", 0 },
};

static const Step soft_steps[] = {
  { 0, "queued", 0, NULL, "", "", FALSE, "", 0 },
  { 4, "deferred", 13, NULL, "greylisted", "451 4.7.1 Greylisted, please try again later", FALSE,
    "", 0 },
  { 30, "softbounced", 3, "bounced", "quota exceeded", "452 4.2.2 Mailbox full, message refused",
    FALSE, "", 0 },
};

static const Step blocked_steps[] = {
  { 0, "queued", 0, NULL, "", "", FALSE, "", 0 },
  { 2, "blocked", 20, "blocked", "blacklisted", "", TRUE, "", 0 },
};

static const Step spam_steps[] = {
  { 0, "queued", 0, NULL, "", "", FALSE, "", 0 },
  { 3, "sent", 0, "sent", "", "", FALSE, "", 0 },
  { 15, "opened", 0, "opened", "", "", FALSE, UA_THUNDERBIRD, 1675 },
  { 30, "spam", 0, "spam", "", "", FALSE, "", 0 },
};

static const Step slow_steps[] = {
  { 0, "queued", 0, NULL, "", "", FALSE, "", 0 },
  { 95, "sent", 0, "sent", "", "", FALSE, "", 0 },
};

static const Step template_error_steps[] = {
  { 0, "queued", 0, NULL, "", "", FALSE, "", 0 },
  { 1, "blocked", 18, "blocked", "error in template language", NULL, TRUE, "", 0 },
};

#define LIFECYCLE(name, visibility, steps)                                                         \
  {                                                                                                \
    name, visibility, steps, G_N_ELEMENTS (steps)                                                  \
  }

static const Lifecycle lifecycles[] = {
  LIFECYCLE ("ok", -1, ok_steps),
  LIFECYCLE ("bounce", -1, bounce_steps),
  LIFECYCLE ("soft", -1, soft_steps),
  LIFECYCLE ("blocked", -1, blocked_steps),
  LIFECYCLE ("spam", -1, spam_steps),
  /* Long enough that a client must really treat 404 as "not indexed yet". */
  LIFECYCLE ("slow", 90, slow_steps),
};

static const Lifecycle delivered_lifecycle = LIFECYCLE ("delivered", -1, delivered_steps);
static const Lifecycle template_error_lifecycle =
    LIFECYCLE ("template-error", -1, template_error_steps);

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

static const char *const forbidden_headers[] = {
  "From",
  "Sender",
  "Subject",
  "To",
  "Cc",
  "Bcc",
  "Return-Path",
  "Delivered-To",
  "DKIM-Signature",
  "DomainKey-Status",
  "Received-SPF",
  "Authentication-Results",
  "Received",
  "X-Mailjet-Prio",
  "X-Mailjet-Debug",
  "User-Agent",
  "X-Mailer",
  "X-MJ-CustomID",
  "X-MJ-EventPayload",
  "X-MJ-Vars",
  "X-MJ-TemplateErrorDeliver",
  "X-MJ-TemplateErrorReporting",
  "X-MJ-TemplateLanguage",
  "X-Mailjet-TrackOpen",
  "X-Mailjet-TrackClick",
  "X-MJ-TemplateID",
  "X-MJ-WorkflowID",
  "X-Feedback-Id",
  "X-Mailjet-Segmentation",
  "List-Id",
  "X-MJ-MID",
  "X-MJ-ErrorMessage",
  "Date",
  "X-CSA-Complaints",
  "Message-Id",
  "X-Mailjet-Campaign",
  "X-MJ-StatisticsContactsListID",
};

typedef struct
{
  gint64 id;
  char *uuid;
  char *custom_id;
  char *event_payload;
  char *from_email;
  char *from_name;
  char *recipient;
  char *recipient_name;
  const char *field; /* "To", "Cc" or "Bcc" */
  char *subject;
  char *html;
  char *text;
  char *template_error;
  gint64 template_id;
  gboolean template_language;
  gboolean open_tracked;
  gboolean click_tracked;
  gboolean report; /* an error report Mailjet mails to TemplateErrorReporting */
  guint attachment_count;
  gint64 sender_id;
  gint64 created_mono;
  gint64 created_unix;
  const Lifecycle *lifecycle;
} Message;

typedef struct
{
  gint64 id;
  JsonObject *properties;
  gboolean has_content;
  char *html;
  char *text;
  char *mjml;
  JsonObject *headers;
} Template;

typedef struct
{
  gint64 id;
  char *email;
  char *name;
  char *email_type;
  gboolean is_default;
  char *created_at;
  char *status;
} Sender;

struct _HeraldSandboxStore
{
  GMutex mutex;
  char *base_url;
  char *api_key;
  double speed;
  double visibility_delay;
  gint64 next_message_id;
  gint64 next_template_id;
  gint64 next_sender_id;
  /* Oldest first; beyond message_cap the oldest go, history and all. */
  GQueue messages;
  GHashTable *messages_by_id; /* gint64* → Message*, both owned by the queue */
  guint message_cap;
  guint n_serialised; /* message objects written for lists, for tests of paging */
  GPtrArray *templates;
  GPtrArray *senders;
  GPtrArray *callbacks; /* JsonObject* */
};

static void
message_free (Message *m)
{
  g_free (m->uuid);
  g_free (m->custom_id);
  g_free (m->event_payload);
  g_free (m->from_email);
  g_free (m->from_name);
  g_free (m->recipient);
  g_free (m->recipient_name);
  g_free (m->subject);
  g_free (m->html);
  g_free (m->text);
  g_free (m->template_error);
  g_free (m);
}

static void
template_free (Template *t)
{
  json_object_unref (t->properties);
  g_free (t->html);
  g_free (t->text);
  g_free (t->mjml);
  g_clear_pointer (&t->headers, json_object_unref);
  g_free (t);
}

static void
sender_free (Sender *s)
{
  g_free (s->email);
  g_free (s->name);
  g_free (s->email_type);
  g_free (s->created_at);
  g_free (s->status);
  g_free (s);
}

void
herald_sandbox_reply_clear (HeraldSandboxReply *reply)
{
  g_clear_pointer (&reply->body, json_node_unref);
}

static char *
iso_time (gint64 unix_seconds)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static gint64
stable_id (const char *text, gint64 base, gint64 range)
{
  return base + (gint64) (g_str_hash (text) % (guint) range);
}

static void
add_sender_unlocked (HeraldSandboxStore *store,
                     const char *email,
                     const char *name,
                     const char *status)
{
  Sender *sender = g_new0 (Sender, 1);

  sender->id = store->next_sender_id++;
  sender->email = g_strdup (email);
  sender->name = g_strdup (name);
  sender->email_type = g_strdup ("transactional");
  sender->created_at = iso_time (g_get_real_time () / G_USEC_PER_SEC);
  sender->status = g_strdup (status);
  g_ptr_array_add (store->senders, sender);
}

HeraldSandboxStore *
herald_sandbox_store_new (void)
{
  HeraldSandboxStore *store = g_new0 (HeraldSandboxStore, 1);

  g_mutex_init (&store->mutex);
  store->base_url = g_strdup ("https://127.0.0.1");
  store->api_key = g_strdup ("");
  store->speed = 1.0;
  store->visibility_delay = DEFAULT_VISIBILITY_DELAY;
  /* Spread the start so that two sandboxes in one test run do not hand out the same ids. */
  store->next_message_id = FIRST_MESSAGE_ID + (gint64) g_random_int_range (0, 1 << 20) * 16;
  store->next_template_id = 5000001;
  store->next_sender_id = SANDBOX_SENDER_ID_BASE;
  g_queue_init (&store->messages);
  store->messages_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  store->message_cap = DEFAULT_MESSAGE_CAP;
  store->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) template_free);
  store->senders = g_ptr_array_new_with_free_func ((GDestroyNotify) sender_free);
  store->callbacks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  /* The sample library's sender and a catch-all for the documentation domain, so that the
   * From picker has something to show out of the box. */
  add_sender_unlocked (store, "alerts@ledgerly.example", "Ledgerly", "Active");
  add_sender_unlocked (store, "*@example.com", "Example", "Active");
  return store;
}

void
herald_sandbox_store_free (HeraldSandboxStore *store)
{
  if (store == NULL)
    return;
  g_hash_table_unref (store->messages_by_id);
  g_queue_clear_full (&store->messages, (GDestroyNotify) message_free);
  g_ptr_array_unref (store->templates);
  g_ptr_array_unref (store->senders);
  g_ptr_array_unref (store->callbacks);
  g_free (store->base_url);
  g_free (store->api_key);
  g_mutex_clear (&store->mutex);
  g_free (store);
}

void
herald_sandbox_store_set_base_url (HeraldSandboxStore *store, const char *base_url)
{
  g_mutex_lock (&store->mutex);
  g_free (store->base_url);
  store->base_url = g_strdup (base_url);
  g_mutex_unlock (&store->mutex);
}

void
herald_sandbox_store_set_speed (HeraldSandboxStore *store, double speed)
{
  g_mutex_lock (&store->mutex);
  store->speed = speed > 0 ? speed : 1.0;
  g_mutex_unlock (&store->mutex);
}

void
herald_sandbox_store_set_visibility_delay (HeraldSandboxStore *store, double seconds)
{
  g_mutex_lock (&store->mutex);
  store->visibility_delay = MAX (seconds, 0);
  g_mutex_unlock (&store->mutex);
}

void
herald_sandbox_store_set_api_key (HeraldSandboxStore *store, const char *api_key)
{
  g_mutex_lock (&store->mutex);
  g_free (store->api_key);
  store->api_key = g_strdup (api_key ? api_key : "");
  g_mutex_unlock (&store->mutex);
}

static void
evict_messages_unlocked (HeraldSandboxStore *store)
{
  while (store->messages.length > store->message_cap)
    {
      Message *oldest = g_queue_pop_head (&store->messages);

      g_hash_table_remove (store->messages_by_id, &oldest->id);
      message_free (oldest);
    }
}

void
herald_sandbox_store_set_message_cap (HeraldSandboxStore *store, guint cap)
{
  g_mutex_lock (&store->mutex);
  store->message_cap = MAX (cap, 1);
  evict_messages_unlocked (store);
  g_mutex_unlock (&store->mutex);
}

guint
herald_sandbox_store_count_messages (HeraldSandboxStore *store)
{
  guint count;

  g_mutex_lock (&store->mutex);
  count = store->messages.length;
  g_mutex_unlock (&store->mutex);
  return count;
}

guint
herald_sandbox_store_count_serialised (HeraldSandboxStore *store)
{
  guint count;

  g_mutex_lock (&store->mutex);
  count = store->n_serialised;
  g_mutex_unlock (&store->mutex);
  return count;
}

void
herald_sandbox_store_add_sender (HeraldSandboxStore *store, const char *email, const char *name)
{
  g_mutex_lock (&store->mutex);
  add_sender_unlocked (store, email, name ? name : "", "Active");
  g_mutex_unlock (&store->mutex);
}

/* ---------------------------------------------------------------------------------------- */
/* Small JSON helpers                                                                       */

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static gboolean
member_has_type (JsonObject *object, const char *name, GType type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
member_is_set (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

static const char *
member_string (JsonObject *object, const char *name)
{
  if (object != NULL && member_has_type (object, name, G_TYPE_STRING))
    return json_object_get_string_member (object, name);
  return NULL;
}

static gboolean
member_true (JsonObject *object, const char *name)
{
  return member_has_type (object, name, G_TYPE_BOOLEAN) &&
         json_object_get_boolean_member (object, name);
}

static const char *
query_get (GHashTable *query, const char *name)
{
  GHashTableIter iter;
  gpointer key, value;

  if (query == NULL)
    return NULL;

  /* Mailjet's query parameters are case-insensitive (ShowContactAlt, showcontactalt). */
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_ascii_strcasecmp (key, name) == 0)
      return value;
  return NULL;
}

static gboolean
query_true (GHashTable *query, const char *name)
{
  const char *value = query_get (query, name);

  return value != NULL && (g_ascii_strcasecmp (value, "true") == 0 || g_strcmp0 (value, "1") == 0);
}

static JsonNode *
parse_body (const char *body, gsize length)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();

  if (body == NULL || length == 0)
    return NULL;
  if (!herald_json_parser_load (parser, body, length, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

static void
reply_set (HeraldSandboxReply *reply, guint status, HeraldSandboxStyle style, JsonNode *body)
{
  herald_sandbox_reply_clear (reply);
  reply->status = status;
  reply->style = style;
  reply->body = body;
}

static void
reply_envelope (
    HeraldSandboxReply *reply, guint status, HeraldSandboxStyle style, JsonArray *data, guint total)
{
  reply_set (reply, status, style, herald_sandbox_json_envelope (data, total));
}

static void
reply_one (HeraldSandboxReply *reply, guint status, HeraldSandboxStyle style, JsonObject *object)
{
  JsonArray *data = json_array_new ();

  json_array_add_object_element (data, object);
  reply_envelope (reply, status, style, data, 1);
}

static void
reply_not_found (HeraldSandboxReply *reply)
{
  reply_set (reply, 404, HERALD_SANDBOX_STYLE_LEGACY,
             herald_sandbox_json_legacy_error ("", "Object not found", 404));
}

static void
reply_legacy_error (HeraldSandboxReply *reply, guint status, const char *message)
{
  reply_set (reply, status, HERALD_SANDBOX_STYLE_LEGACY,
             herald_sandbox_json_legacy_error ("", message, status));
}

static void
reply_method_not_allowed (HeraldSandboxReply *reply)
{
  reply_legacy_error (reply, 405, "Method not allowed");
}

static gboolean
parse_id (const char *text, gint64 *id)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

/* Limit (default 10, 0 meaning the maximum of 1000) and Offset of a v3 REST list, as the
 * half-open range [first, last) of the matching items it shows. */
static void
list_range (GHashTable *query, guint64 *first, guint64 *last)
{
  guint64 limit = 10, offset = 0;
  const char *value;

  if ((value = query_get (query, "Limit")) != NULL)
    g_ascii_string_to_unsigned (value, 10, 0, 1000, &limit, NULL);
  if (limit == 0)
    limit = 1000;
  if ((value = query_get (query, "Offset")) != NULL)
    g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &offset, NULL);
  *first = offset;
  *last = offset + limit;
}

static void
list_window (GHashTable *query, guint n_items, guint *first, guint *last)
{
  guint64 from, to;

  list_range (query, &from, &to);
  *first = (guint) MIN (from, n_items);
  *last = (guint) MIN (to, n_items);
}

static JsonArray *
window_array (GPtrArray *objects, GHashTable *query)
{
  JsonArray *data = json_array_new ();
  guint first, last;

  list_window (query, objects->len, &first, &last);
  if (query_true (query, "countOnly"))
    return data;
  for (guint i = first; i < last; i++)
    json_array_add_object_element (data, json_object_ref (g_ptr_array_index (objects, i)));
  return data;
}

/* ---------------------------------------------------------------------------------------- */
/* Addresses and senders                                                                    */

static gboolean
is_atext (guchar c)
{
  return g_ascii_isalnum (c) || c >= 0x80 || strchr ("!#$%&'*+-/=?^_`{|}~.", c) != NULL;
}

/* Close to what Mailjet accepts: a dot-atom local part and a domain of at least two
 * non-empty labels ("passenger@example..com" is refused, as recorded). */
static gboolean
email_is_valid (const char *email)
{
  const char *at = strrchr (email, '@');
  g_auto (GStrv) labels = NULL;

  if (at == NULL || at == email || at[1] == '\0')
    return FALSE;
  if (email[0] == '.' || at[-1] == '.')
    return FALSE;
  for (const char *p = email; p < at; p++)
    if (!is_atext ((guchar) *p) || (p[0] == '.' && p[1] == '.'))
      return FALSE;

  labels = g_strsplit (at + 1, ".", -1);
  if (g_strv_length (labels) < 2)
    return FALSE;
  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0 || len > 63 || labels[i][0] == '-' || labels[i][len - 1] == '-')
        return FALSE;
      for (const char *p = labels[i]; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && (guchar) *p < 0x80)
          return FALSE;
    }
  return TRUE;
}

static const char *
email_domain (const char *email)
{
  const char *at = strrchr (email, '@');

  return at != NULL ? at + 1 : "";
}

/* The sandbox owns the reserved documentation domains (RFC 2606), so tests and the sample
 * library can send from them without a sender setup. */
static gboolean
domain_is_reserved (const char *domain)
{
  g_autofree char *lower = g_ascii_strdown (domain, -1);

  return g_str_equal (lower, "example.com") || g_str_equal (lower, "example.net") ||
         g_str_equal (lower, "example.org") || g_str_has_suffix (lower, ".example") ||
         g_str_has_suffix (lower, ".test") || g_str_has_suffix (lower, ".localhost");
}

/* A deleted sender is only a record: it neither sends nor blocks a new sender of its name. */
static Sender *
find_sender (HeraldSandboxStore *store, const char *email)
{
  for (guint i = 0; i < store->senders->len; i++)
    {
      Sender *sender = g_ptr_array_index (store->senders, i);

      if (g_ascii_strcasecmp (sender->email, email) == 0 &&
          !g_str_equal (sender->status, "Deleted"))
        return sender;
    }
  return NULL;
}

static Sender *
find_active_sender (HeraldSandboxStore *store, const char *email)
{
  g_autofree char *catch_all = g_strconcat ("*@", email_domain (email), NULL);
  Sender *sender = find_sender (store, email);

  if (sender == NULL || !g_str_equal (sender->status, "Active"))
    sender = find_sender (store, catch_all);
  if (sender != NULL && g_str_equal (sender->status, "Active"))
    return sender;
  return NULL;
}

static gboolean
sender_is_allowed (HeraldSandboxStore *store, const char *email)
{
  return domain_is_reserved (email_domain (email)) || find_active_sender (store, email) != NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* Lifecycles                                                                               */

static const Lifecycle *
lifecycle_for (const char *email)
{
  const char *at = strrchr (email, '@');
  g_autofree char *local = g_ascii_strdown (email, at != NULL ? at - email : -1);
  char *plus = strchr (local, '+');

  /* "bounce+1@" plays like "bounce@", so one test can send several of a kind. */
  if (plus != NULL)
    *plus = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (lifecycles); i++)
    if (g_str_equal (local, lifecycles[i].name))
      return &lifecycles[i];
  return &delivered_lifecycle;
}

static double
elapsed_unlocked (HeraldSandboxStore *store, Message *m)
{
  return (double) (g_get_monotonic_time () - m->created_mono) / G_USEC_PER_SEC * store->speed;
}

static gboolean
message_is_visible (HeraldSandboxStore *store, Message *m)
{
  double delay = m->lifecycle->visibility >= 0 ? m->lifecycle->visibility : store->visibility_delay;

  return !m->report && elapsed_unlocked (store, m) >= delay;
}

static const Step *
message_step (HeraldSandboxStore *store, Message *m)
{
  double elapsed = elapsed_unlocked (store, m);
  const Step *step = &m->lifecycle->steps[0];

  for (guint i = 1; i < m->lifecycle->n_steps; i++)
    if (m->lifecycle->steps[i].at <= elapsed)
      step = &m->lifecycle->steps[i];
  return step;
}

static gint64
step_time (HeraldSandboxStore *store, Message *m, const Step *step)
{
  return m->created_unix + (gint64) (step->at / store->speed);
}

static Message *
find_message (HeraldSandboxStore *store, gint64 id)
{
  return g_hash_table_lookup (store->messages_by_id, &id);
}

static void
store_message (HeraldSandboxStore *store, Message *m)
{
  g_queue_push_tail (&store->messages, m);
  g_hash_table_insert (store->messages_by_id, &m->id, m);
}

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
  gboolean count_only = query_true (query, "countOnly");
  guint64 first, last, total = 0;
  GList *link = newest_first ? store->messages.tail : store->messages.head;

  list_range (query, &first, &last);
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
  reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, data, (guint) total);
}

static JsonObject *
message_to_rest (HeraldSandboxStore *store, Message *m, GHashTable *query)
{
  const Step *step = message_step (store, m);
  JsonObject *o = json_object_new ();
  g_autofree char *arrived = iso_time (m->created_unix);
  gboolean sent = step != &m->lifecycle->steps[0];
  gsize size = strlen (m->subject) + strlen (m->html) + strlen (m->text) + 512;

  json_object_set_string_member (o, "ArrivedAt", arrived);
  json_object_set_int_member (o, "AttachmentCount", m->attachment_count);
  json_object_set_int_member (o, "AttemptCount", sent ? 1 : 0);
  json_object_set_int_member (o, "CampaignID", SANDBOX_CAMPAIGN_ID);
  json_object_set_string_member (o, "ContactAlt",
                                 query_true (query, "ShowContactAlt") ? m->recipient : "");
  json_object_set_int_member (o, "ContactID", stable_id (m->recipient, 254000000, 1000000));
  if (query_true (query, "ShowCustomID"))
    json_object_set_string_member (o, "CustomID", m->custom_id);
  json_object_set_int_member (o, "Delay", 0);
  json_object_set_int_member (o, "DestinationID",
                              stable_id (email_domain (m->recipient), 124000, 1000));
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
  json_object_set_string_member (o, "Subject", query_true (query, "ShowSubject") ? m->subject : "");
  json_object_set_string_member (o, "UUID", m->uuid);
  return o;
}

static JsonArray *
message_history (HeraldSandboxStore *store, Message *m)
{
  JsonArray *data = json_array_new ();
  double elapsed;

  if (m == NULL || !message_is_visible (store, m))
    return data;

  elapsed = elapsed_unlocked (store, m);
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
      json_object_set_int_member (row, "EventAt", step_time (store, m, step));
      json_object_set_string_member (row, "EventType", step->event);
      json_object_set_string_member (row, "State", step->state);
      json_object_set_string_member (row, "Useragent", step->useragent);
      json_object_set_int_member (row, "UseragentID", step->useragent_id);
      json_array_add_object_element (data, row);
    }
  return data;
}

/* ---------------------------------------------------------------------------------------- */
/* Rendering with Herald's template language engine                                         */

static JsonObject *
address_object (const char *email, const char *name)
{
  JsonObject *o = json_object_new ();
  const char *at = strrchr (email, '@');
  g_autofree char *local = g_strndup (email, at != NULL ? (gsize) (at - email) : strlen (email));

  json_object_set_string_member (o, "email", email);
  json_object_set_string_member (o, "local_part", local);
  json_object_set_string_member (o, "domain", email_domain (email));
  json_object_set_string_member (o, "name", name != NULL ? name : "");
  json_object_set_int_member (o, "ID", stable_id (email, 254000000, 1000000));
  return o;
}

static JsonObject *
predefined_values (HeraldSandboxStore *store, Message *m)
{
  static const char *const languages[] = { "en", "fr", "de", "es", "it", "nl", "pt" };
  JsonObject *mj = json_object_new ();
  JsonObject *template = json_object_new ();
  g_autofree char *unsub = g_strdup_printf ("%s/unsub/%s", store->base_url, m->uuid);

  json_object_set_object_member (mj, "contact", address_object (m->recipient, m->recipient_name));
  json_object_set_object_member (mj, "sender", address_object (m->from_email, m->from_name));
  json_object_set_int_member (template, "ID", m->template_id);
  json_object_set_string_member (template, "name", "");
  json_object_set_string_member (template, "copyright", "");
  json_object_set_object_member (mj, "template", template);
  json_object_set_string_member (mj, "unsub_link", unsub);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *key = g_strconcat ("unsub_link_", languages[i], NULL);
      g_autofree char *link = g_strdup_printf ("%s?lang=%s", unsub, languages[i]);

      json_object_set_string_member (mj, key, link);
    }
  return mj;
}

/* Renders one part. On failure returns NULL and sets *failure to a report line naming the
 * part and position, worded like Mailjet's error reports. */
static char *
render_part (const char *source,
             const char *part_name,
             const HeraldTlContext *context,
             char **failure)
{
  g_autoptr (HeraldTlTemplate) tl = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = NULL;
  HeraldTlLocation location = { 0, 0, 0 };

  if (source == NULL || source[0] == '\0')
    return g_strdup ("");

  tl = herald_tl_template_parse (source, -1, &location, &error);
  if (tl != NULL && herald_tl_template_check_loops (tl, context, &location, &error))
    {
      out = g_string_new (NULL);
      if (herald_tl_template_render (tl, context, out, &location, &error))
        return g_string_free (g_steal_pointer (&out), FALSE);
    }

  *failure = g_strdup_printf ("%s, line %u, column %u: %s", part_name, location.line,
                              location.column, error != NULL ? error->message : "error");
  return NULL;
}

/* Fills the message's parts from the sources, through the engine when TemplateLanguage is
 * on. Mailjet renders per recipient (mj:contact differs), so do we. */
static void
render_message (HeraldSandboxStore *store,
                Message *m,
                const char *subject,
                const char *html,
                const char *text,
                JsonObject *variables)
{
  g_autoptr (JsonObject) predefined = NULL;
  HeraldTlContext context;
  char *failure = NULL;

  if (!m->template_language)
    {
      m->subject = g_strdup (subject ? subject : "");
      m->html = g_strdup (html ? html : "");
      m->text = g_strdup (text ? text : "");
      return;
    }

  predefined = predefined_values (store, m);
  herald_tl_context_init (&context);
  context.variables = variables;
  context.predefined = predefined;

  m->subject = render_part (subject, "Subject", &context, &failure);
  if (failure == NULL)
    m->html = render_part (html, "HTMLPart", &context, &failure);
  if (failure == NULL)
    m->text = render_part (text, "TextPart", &context, &failure);

  if (failure != NULL)
    {
      /* With TemplateErrorDeliver, Mailjet sends the source as it is (node #82). */
      g_clear_pointer (&m->subject, g_free);
      g_clear_pointer (&m->html, g_free);
      g_clear_pointer (&m->text, g_free);
      m->subject = g_strdup (subject ? subject : "");
      m->html = g_strdup (html ? html : "");
      m->text = g_strdup (text ? text : "");
      m->template_error = failure;
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Sending                                                                                  */

typedef struct
{
  const char *field;
  const char *email;
  const char *name;
} Recipient;

typedef struct
{
  const char *from_email;
  const char *from_name;
  const char *subject;
  const char *html;
  const char *text;
  JsonObject *variables;
  const char *custom_id;
  const char *event_payload;
  const char *report_email;
  gint64 template_id;
  gboolean template_language;
  gboolean error_deliver;
  gboolean open_tracked;
  gboolean click_tracked;
  guint attachment_count;
  GArray *recipients; /* of Recipient */
} SendSpec;

static void
send_spec_init (SendSpec *spec)
{
  memset (spec, 0, sizeof *spec);
  spec->open_tracked = TRUE;
  spec->click_tracked = TRUE;
  spec->recipients = g_array_new (FALSE, TRUE, sizeof (Recipient));
}

static void
send_spec_clear (SendSpec *spec)
{
  g_clear_pointer (&spec->recipients, g_array_unref);
}

static void
add_report (HeraldSandboxStore *store, Message *m, const char *report_email)
{
  Message *report = g_new0 (Message, 1);

  report->id = store->next_message_id++;
  report->uuid = g_uuid_string_random ();
  report->custom_id = g_strdup ("");
  report->event_payload = g_strdup ("");
  report->from_email = g_strdup ("templating-language-error@mailjet.com");
  report->from_name = g_strdup ("Mailjet");
  report->recipient = g_strdup (report_email);
  report->field = "To";
  report->subject = g_strdup_printf (
      "Error while evaluating Mailjet Templating language for message \"%s\"", m->subject);
  report->html = g_strdup ("");
  report->text = g_strdup (m->template_error);
  report->report = TRUE;
  report->created_mono = m->created_mono;
  report->created_unix = m->created_unix;
  report->lifecycle = &delivered_lifecycle;
  store_message (store, report);
}

static Message *
create_message (HeraldSandboxStore *store, const SendSpec *spec, const Recipient *recipient)
{
  Message *m = g_new0 (Message, 1);
  Sender *sender = find_active_sender (store, spec->from_email);

  m->id = store->next_message_id++;
  m->uuid = g_uuid_string_random ();
  m->custom_id = g_strdup (spec->custom_id ? spec->custom_id : "");
  m->event_payload = g_strdup (spec->event_payload ? spec->event_payload : "");
  m->from_email = g_strdup (spec->from_email);
  m->from_name = g_strdup (spec->from_name ? spec->from_name : "");
  m->recipient = g_strdup (recipient->email);
  m->recipient_name = g_strdup (recipient->name ? recipient->name : "");
  m->field = recipient->field;
  m->template_id = spec->template_id;
  m->template_language = spec->template_language;
  m->open_tracked = spec->open_tracked;
  m->click_tracked = spec->click_tracked;
  m->attachment_count = spec->attachment_count;
  m->sender_id = sender != NULL ? sender->id : SANDBOX_SENDER_ID_BASE;
  m->created_mono = g_get_monotonic_time ();
  m->created_unix = g_get_real_time () / G_USEC_PER_SEC;

  render_message (store, m, spec->subject, spec->html, spec->text, spec->variables);
  if (m->template_error != NULL && !spec->error_deliver)
    m->lifecycle = &template_error_lifecycle;
  else
    m->lifecycle = lifecycle_for (m->recipient);

  store_message (store, m);
  if (m->template_error != NULL && spec->report_email != NULL)
    add_report (store, m, spec->report_email);
  return m;
}

static JsonObject *
error_object (const char *code, guint status, const char *message, const char *related_first, ...)
{
  g_autofree char *uuid = g_uuid_string_random ();
  JsonObject *o = json_object_new ();
  JsonArray *related = json_array_new ();
  va_list args;

  va_start (args, related_first);
  for (const char *r = related_first; r != NULL; r = va_arg (args, const char *))
    json_array_add_string_element (related, r);
  va_end (args);

  json_object_set_string_member (o, "ErrorIdentifier", uuid);
  json_object_set_string_member (o, "ErrorCode", code);
  json_object_set_int_member (o, "StatusCode", status);
  json_object_set_string_member (o, "ErrorMessage", message);
  json_object_set_array_member (o, "ErrorRelatedTo", related);
  return o;
}

#define ADD_ERROR(errors, ...) json_array_add_object_element (errors, error_object (__VA_ARGS__))

static void
type_mismatch (JsonArray *errors, const char *expected, const char *related)
{
  g_autofree char *message = g_strdup_printf ("Type mismatch. Expected type \"%s\".", expected);

  ADD_ERROR (errors, "mj-0004", 400, message, related, NULL);
}

static void
check_address (JsonArray *errors,
               JsonNode *node,
               const char *path,
               const char *expected_type,
               const char **email_out,
               const char **name_out)
{
  JsonObject *o;
  const char *email;
  g_autofree char *email_path = g_strdup_printf ("%s.Email", path);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      type_mismatch (errors, expected_type, path);
      return;
    }
  o = json_node_get_object (node);
  if (!member_is_set (o, "Email"))
    {
      ADD_ERROR (errors, "mj-0003", 400, "Missing mandatory property.", email_path, NULL);
      return;
    }
  if ((email = member_string (o, "Email")) == NULL)
    {
      type_mismatch (errors, "string", email_path);
      return;
    }
  if (email[0] == '\0')
    {
      ADD_ERROR (errors, "mj-0012", 400, "Empty string not allowed.", email_path, NULL);
      return;
    }
  if (!email_is_valid (email))
    {
      g_autofree char *message = g_strdup_printf ("\"%s\" is an invalid email address.", email);

      ADD_ERROR (errors, "mj-0013", 400, message, email_path, NULL);
      return;
    }
  *email_out = email;
  *name_out = member_string (o, "Name");
}

static void
check_recipients (
    JsonObject *msg, const char *field, gboolean required, JsonArray *errors, SendSpec *spec)
{
  JsonNode *node = json_object_get_member (msg, field);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        ADD_ERROR (errors, "mj-0003", 400, "Missing mandatory property.", field, NULL);
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      type_mismatch (errors, "array of emails", field);
      return;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0 && required)
    {
      ADD_ERROR (errors, "mj-0007", 400, "At least 1 element is required in the array.", field,
                 NULL);
      return;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", field, i);
      Recipient r = { field, NULL, NULL };

      check_address (errors, json_array_get_element (array, i), path, "emailIn", &r.email, &r.name);
      if (r.email != NULL)
        g_array_append_val (spec->recipients, r);
    }
}

static Template *
find_template (HeraldSandboxStore *store, gint64 id)
{
  for (guint i = 0; i < store->templates->len; i++)
    {
      Template *t = g_ptr_array_index (store->templates, i);

      if (t->id == id)
        return t;
    }
  return NULL;
}

static const char *
template_header (Template *t, const char *name)
{
  return t != NULL && t->headers != NULL ? member_string (t->headers, name) : NULL;
}

/* Splits a template's From header ("Name" <email> or a bare address). */
static void
parse_from_header (const char *value, char **email, char **name)
{
  const char *lt = strrchr (value, '<');
  const char *gt = lt != NULL ? strchr (lt, '>') : NULL;

  if (lt != NULL && gt != NULL)
    {
      g_autofree char *raw_name = g_strndup (value, lt - value);

      *email = g_strndup (lt + 1, gt - lt - 1);
      *name = g_strdup (g_strstrip (raw_name));
      if ((*name)[0] == '"')
        {
          gsize len = strlen (*name);

          memmove (*name, *name + 1, len);
          if (len > 1 && (*name)[len - 2] == '"')
            (*name)[len - 2] = '\0';
        }
    }
  else
    {
      *email = g_strstrip (g_strdup (value));
      *name = g_strdup ("");
    }
}

static void
check_template (HeraldSandboxStore *store,
                JsonObject *msg,
                JsonArray *errors,
                SendSpec *spec,
                Template **template_out)
{
  JsonNode *node = json_object_get_member (msg, "TemplateID");
  Template *t;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      type_mismatch (errors, "integer", "TemplateID");
      return;
    }
  spec->template_id = json_node_get_int (node);
  t = find_template (store, spec->template_id);
  if (t == NULL)
    {
      g_autofree char *message =
          g_strdup_printf ("Template ID \"%" G_GINT64_FORMAT "\" doesn't exist for your account.",
                           spec->template_id);

      ADD_ERROR (errors, "send-0010", 400, message, "TemplateID", NULL);
      return;
    }
  if (member_is_set (msg, "HTMLPart") && t->html != NULL && t->html[0] != '\0')
    ADD_ERROR (errors, "send-0004", 400,
               "\"HTMLPart\" and \"TemplateID\" can not be used together if the template "
               "already has an HTML part.",
               "HTMLPart", "TemplateID", NULL);
  *template_out = t;
}

static void
check_from (HeraldSandboxStore *store,
            JsonObject *msg,
            Template *t,
            JsonArray *errors,
            SendSpec *spec,
            char **from_storage)
{
  JsonNode *node = json_object_get_member (msg, "From");
  const char *from_header = template_header (t, "From");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (from_header != NULL)
        {
          parse_from_header (from_header, &from_storage[0], &from_storage[1]);
          spec->from_email = from_storage[0];
          spec->from_name = from_storage[1];
        }
      else if (!member_is_set (msg, "TemplateID"))
        ADD_ERROR (errors, "mj-0003", 400, "Missing mandatory property.", "From", NULL);
      /* A stored template without a From is only found out later: gem #166. */
    }
  else
    check_address (errors, node, "From", "emailIn", &spec->from_email, &spec->from_name);

  if (spec->from_email != NULL && !sender_is_allowed (store, spec->from_email))
    {
      g_autofree char *message = g_strdup_printf (
          "The From email address \"%s\" is not an active sender of this account. Add and "
          "validate it as a sender first.",
          spec->from_email);

      ADD_ERROR (errors, "send-0008", 403, message, "From", NULL);
    }
}

static void
check_template_language (JsonObject *msg, JsonArray *errors, SendSpec *spec)
{
  JsonNode *reporting = json_object_get_member (msg, "TemplateErrorReporting");

  if (member_is_set (msg, "TemplateLanguage") &&
      !member_has_type (msg, "TemplateLanguage", G_TYPE_BOOLEAN))
    type_mismatch (errors, "boolean", "TemplateLanguage");
  if (member_is_set (msg, "TemplateErrorDeliver") &&
      !member_has_type (msg, "TemplateErrorDeliver", G_TYPE_BOOLEAN))
    type_mismatch (errors, "boolean", "TemplateErrorDeliver");
  spec->template_language = member_true (msg, "TemplateLanguage");
  spec->error_deliver = member_true (msg, "TemplateErrorDeliver");

  if (reporting != NULL && !JSON_NODE_HOLDS_NULL (reporting))
    {
      const char *name = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (reporting))
        type_mismatch (errors, "emailIn", "Messages.TemplateErrorReporting");
      else
        check_address (errors, reporting, "TemplateErrorReporting", "emailIn", &spec->report_email,
                       &name);
    }

  if ((member_is_set (msg, "TemplateErrorReporting") ||
       member_is_set (msg, "TemplateErrorDeliver")) &&
      !spec->template_language)
    ADD_ERROR (errors, "send-0016", 400,
               "\"TemplateErrorReporting\" and \"TemplateErrorDeliver\" can only be used "
               "with \"TemplateLanguage\" set to true.",
               "TemplateLanguage", NULL);

  if (member_is_set (msg, "Variables"))
    {
      JsonNode *node = json_object_get_member (msg, "Variables");

      if (!JSON_NODE_HOLDS_OBJECT (node))
        type_mismatch (errors, "object", "Variables");
      else
        spec->variables = json_node_get_object (node);
    }
}

static void
check_strings (JsonObject *msg, JsonArray *errors, SendSpec *spec)
{
  static const char *const string_members[] = {
    "Subject",      "TextPart", "HTMLPart",       "CustomID",
    "EventPayload", "URLTags",  "CustomCampaign", "MonitoringCategory",
  };

  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    if (member_is_set (msg, string_members[i]) &&
        !member_has_type (msg, string_members[i], G_TYPE_STRING))
      type_mismatch (errors, "string", string_members[i]);

  spec->subject = member_string (msg, "Subject");
  spec->html = member_string (msg, "HTMLPart");
  spec->text = member_string (msg, "TextPart");
  spec->custom_id = member_string (msg, "CustomID");
  spec->event_payload = member_string (msg, "EventPayload");

  if (spec->subject != NULL && g_utf8_strlen (spec->subject, -1) > MAX_SUBJECT)
    ADD_ERROR (errors, "mj-0006", 400, "String is too long. Maximum length is 255 characters.",
               "Subject", NULL);
  if (member_string (msg, "URLTags") != NULL &&
      g_utf8_strlen (member_string (msg, "URLTags"), -1) > MAX_URL_TAGS)
    ADD_ERROR (errors, "mj-0006", 400, "String is too long. Maximum length is 256 characters.",
               "URLTags", NULL);
}

static void
check_tracking (JsonObject *msg, const char *member, JsonArray *errors, gboolean *tracked)
{
  const char *value;

  if (!member_is_set (msg, member))
    return;
  value = member_string (msg, member);
  if (value == NULL || (!g_str_equal (value, "account_default") &&
                        !g_str_equal (value, "disabled") && !g_str_equal (value, "enabled")))
    {
      ADD_ERROR (errors, "mj-0005", 400,
                 "Value is not allowed. Allowed values: \"account_default\", \"disabled\", "
                 "\"enabled\".",
                 member, NULL);
      return;
    }
  *tracked = !g_str_equal (value, "disabled");
}

static void
check_headers (JsonObject *msg, JsonArray *errors)
{
  JsonNode *node = json_object_get_member (msg, "Headers");
  g_autoptr (GList) names = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      type_mismatch (errors, "object", "Headers");
      return;
    }
  names = json_object_get_members (json_node_get_object (node));
  for (GList *l = names; l != NULL; l = l->next)
    for (guint i = 0; i < G_N_ELEMENTS (forbidden_headers); i++)
      if (g_ascii_strcasecmp (l->data, forbidden_headers[i]) == 0)
        {
          g_autofree char *related = g_strdup_printf ("Headers[\"%s\"]", (char *) l->data);
          g_autofree char *message = g_strdup_printf (
              "The header \"%s\" can not be set in \"Headers\".", (char *) l->data);

          ADD_ERROR (errors, "send-0011", 400, message, related, NULL);
        }
}

static void
check_attachments (JsonObject *msg, const char *member, JsonArray *errors, SendSpec *spec)
{
  static const char *const fields[] = { "ContentType", "Filename", "Base64Content" };
  JsonNode *node = json_object_get_member (msg, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      type_mismatch (errors, "array of attachments", member);
      return;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          const char *value = member_string (o, fields[f]);

          if (value == NULL || value[0] == '\0')
            {
              g_autofree char *related = g_strdup_printf ("%s[%u].%s", member, i, fields[f]);

              ADD_ERROR (errors, "mj-0012", 400, "Empty string not allowed.", related, NULL);
            }
        }
      spec->attachment_count++;
    }
}

/* §3.9 step 4: every check runs, so that one answer lists all of a message's problems. */
static void
check_message (HeraldSandboxStore *store,
               JsonObject *msg,
               JsonArray *errors,
               SendSpec *spec,
               char **from_storage)
{
  Template *t = NULL;

  check_template (store, msg, errors, spec, &t);
  check_from (store, msg, t, errors, spec, from_storage);
  check_recipients (msg, "To", TRUE, errors, spec);
  check_recipients (msg, "Cc", FALSE, errors, spec);
  check_recipients (msg, "Bcc", FALSE, errors, spec);
  check_strings (msg, errors, spec);

  if (!member_is_set (msg, "HTMLPart") && !member_is_set (msg, "TextPart") &&
      !member_is_set (msg, "TemplateID"))
    ADD_ERROR (errors, "send-0003", 400,
               "At least \"HTMLPart\", \"TextPart\" or \"TemplateID\" must be provided.",
               "TextPart", "HTMLPart", "TemplateID", NULL);

  check_template_language (msg, errors, spec);
  check_tracking (msg, "TrackOpens", errors, &spec->open_tracked);
  check_tracking (msg, "TrackClicks", errors, &spec->click_tracked);
  check_headers (msg, errors);
  if (member_true (msg, "DeduplicateCampaign") && !member_is_set (msg, "CustomCampaign"))
    ADD_ERROR (errors, "send-0012", 400,
               "\"DeduplicateCampaign\" can only be used with \"CustomCampaign\".",
               "CustomCampaign", "DeduplicateCampaign", NULL);
  check_attachments (msg, "Attachments", errors, spec);
  check_attachments (msg, "InlinedAttachments", errors, spec);

  /* A stored template supplies whatever the call leaves out. */
  if (t != NULL)
    {
      if (spec->subject == NULL)
        spec->subject = template_header (t, "Subject");
      if (spec->html == NULL)
        spec->html = t->html;
      if (spec->text == NULL)
        spec->text = t->text;
    }
}

/* Globals apply to every message; a message's own value wins, and Variables and Headers are
 * merged member by member (the merge rule is undocumented, §3.1). */
static void
apply_globals (JsonObject *msg, JsonObject *globals)
{
  g_autoptr (GList) names = json_object_get_members (globals);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *global = json_object_get_member (globals, name);
      JsonNode *own = json_object_get_member (msg, name);

      if (own == NULL)
        json_object_set_member (msg, name, json_node_copy (global));
      else if ((g_str_equal (name, "Variables") || g_str_equal (name, "Headers")) &&
               JSON_NODE_HOLDS_OBJECT (own) && JSON_NODE_HOLDS_OBJECT (global))
        {
          JsonObject *own_object = json_node_get_object (own);
          g_autoptr (GList) inner = json_object_get_members (json_node_get_object (global));

          for (GList *i = inner; i != NULL; i = i->next)
            if (!json_object_has_member (own_object, i->data))
              json_object_set_member (
                  own_object, i->data,
                  json_node_copy (json_object_get_member (json_node_get_object (global), i->data)));
        }
    }
}

static JsonArray *
recipient_results (HeraldSandboxStore *store,
                   const SendSpec *spec,
                   const char *field,
                   gboolean sandbox_mode)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < spec->recipients->len; i++)
    {
      const Recipient *r = &g_array_index (spec->recipients, Recipient, i);
      JsonObject *o;
      g_autofree char *href = NULL;

      if (!g_str_equal (r->field, field))
        continue;

      o = json_object_new ();
      json_object_set_string_member (o, "Email", r->email);
      if (sandbox_mode)
        {
          /* Documented SandboxMode answer: no real ids (§3.8). */
          json_object_set_string_member (o, "MessageUUID", "");
          json_object_set_int_member (o, "MessageID", 0);
          href = g_strdup_printf ("%s/v3/message/0", store->base_url);
        }
      else
        {
          Message *m = create_message (store, spec, r);

          json_object_set_string_member (o, "MessageUUID", m->uuid);
          json_object_set_int_member (o, "MessageID", m->id);
          href = g_strdup_printf ("%s/v3/REST/message/%" G_GINT64_FORMAT, store->base_url, m->id);
        }
      json_object_set_string_member (o, "MessageHref", href);
      json_array_add_object_element (array, o);
    }
  return array;
}

static JsonObject *
success_entry (HeraldSandboxStore *store, const SendSpec *spec, gboolean sandbox_mode)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "Status", "success");
  json_object_set_string_member (o, "CustomID", spec->custom_id ? spec->custom_id : "");
  json_object_set_array_member (o, "To", recipient_results (store, spec, "To", sandbox_mode));
  json_object_set_array_member (o, "Cc", recipient_results (store, spec, "Cc", sandbox_mode));
  json_object_set_array_member (o, "Bcc", recipient_results (store, spec, "Bcc", sandbox_mode));
  return o;
}

static JsonObject *
error_entry (JsonArray *errors)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "Status", "error");
  json_object_set_array_member (o, "Errors", json_array_ref (errors));
  return o;
}

static void
reply_payload_error (HeraldSandboxReply *reply, JsonObject *error)
{
  JsonObject *o = json_object_new ();
  JsonArray *errors = json_array_new ();

  json_array_add_object_element (errors, error);
  json_object_set_array_member (o, "Errors", errors);
  json_object_set_array_member (o, "Messages", json_array_new ());
  reply_set (reply, 400, HERALD_SANDBOX_STYLE_MODERN, object_node (o));
}

static gboolean
all_errors_forbidden (JsonArray *errors)
{
  for (guint i = 0; i < json_array_get_length (errors); i++)
    if (json_object_get_int_member (json_array_get_object_element (errors, i), "StatusCode") != 403)
      return FALSE;
  return TRUE;
}

/* The Messages array itself (§3.9 step 3), answered with the payload-level shape D. */
static JsonArray *
check_messages_member (JsonObject *root, HeraldSandboxReply *reply)
{
  JsonNode *node = json_object_get_member (root, "Messages");
  JsonArray *messages;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      reply_payload_error (
          reply, error_object ("mj-0003", 400, "Missing mandatory property.", "Messages", NULL));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      reply_payload_error (reply, error_object ("mj-0004", 400,
                                                "Type mismatch. Expected type \"Messages\".",
                                                "Messages", NULL));
      return NULL;
    }
  messages = json_node_get_array (node);
  if (json_array_get_length (messages) == 0)
    {
      reply_payload_error (reply, error_object ("mj-0007", 400,
                                                "At least 1 element is required in the array.",
                                                "Messages", NULL));
      return NULL;
    }
  if (json_array_get_length (messages) > MAX_MESSAGES)
    {
      reply_payload_error (reply, error_object ("mj-0008", 400,
                                                "Too many elements in the array. Maximum "
                                                "allowed: 50.",
                                                "Messages", NULL));
      return NULL;
    }
  return messages;
}

static void
send_v31_unlocked (HeraldSandboxStore *store, JsonObject *root, HeraldSandboxReply *reply)
{
  JsonArray *messages = check_messages_member (root, reply);
  JsonObject *globals = NULL;
  gboolean sandbox_mode = member_true (root, "SandboxMode");
  g_autoptr (JsonArray) results = NULL;
  g_autoptr (JsonArray) all_errors = json_array_new ();
  guint n = 0, total_recipients = 0, n_errors = 0;
  SendSpec *specs;
  JsonArray **errors;
  char **from_storage;

  if (messages == NULL)
    return;

  n = json_array_get_length (messages);
  if (member_is_set (root, "Globals") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "Globals")))
    globals = json_object_get_object_member (root, "Globals");

  specs = g_new0 (SendSpec, n);
  errors = g_new0 (JsonArray *, n);
  from_storage = g_new0 (char *, 2 * n);

  /* Validate everything first: a batch either creates nothing for a failed message or
   * everything for an accepted one, never half a message. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (messages, i);

      send_spec_init (&specs[i]);
      errors[i] = json_array_new ();
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          type_mismatch (errors[i], "Message", "Messages");
          continue;
        }
      if (globals != NULL)
        apply_globals (json_node_get_object (node), globals);
      check_message (store, json_node_get_object (node), errors[i], &specs[i],
                     &from_storage[2 * i]);

      /* §3.7: 50 recipients in total per call; the message that goes over is refused. */
      if (json_array_get_length (errors[i]) == 0)
        {
          total_recipients += specs[i].recipients->len;
          if (total_recipients > MAX_RECIPIENTS)
            {
              ADD_ERROR (errors[i], "send-0015", 400,
                         "Total number of recipients exceeded. Max allowed - 50", "To", "Cc", "Bcc",
                         NULL);
              total_recipients -= specs[i].recipients->len;
            }
        }
    }

  results = json_array_new ();
  for (guint i = 0; i < n; i++)
    {
      if (json_array_get_length (errors[i]) == 0)
        json_array_add_object_element (results, success_entry (store, &specs[i], sandbox_mode));
      else
        {
          json_array_add_object_element (results, error_entry (errors[i]));
          for (guint e = 0; e < json_array_get_length (errors[i]); e++)
            json_array_add_element (all_errors,
                                    json_node_copy (json_array_get_element (errors[i], e)));
          n_errors++;
        }
      send_spec_clear (&specs[i]);
      json_array_unref (errors[i]);
    }

  {
    JsonObject *o = json_object_new ();
    guint status = 200;

    if (n_errors > 0)
      status = all_errors_forbidden (all_errors) ? 403 : 400;
    json_object_set_array_member (o, "Messages", g_steal_pointer (&results));
    reply_set (reply, status, HERALD_SANDBOX_STYLE_MODERN, object_node (o));
  }

  for (guint i = 0; i < 2 * n; i++)
    g_free (from_storage[i]);
  g_free (from_storage);
  g_free (specs);
  g_free (errors);
}

void
herald_sandbox_store_send_v31 (HeraldSandboxStore *store,
                               const char *body,
                               gsize length,
                               HeraldSandboxReply *reply)
{
  g_autoptr (JsonNode) root = parse_body (body, length);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *o = json_object_new ();
      g_autofree char *uuid = g_uuid_string_random ();

      /* Shape C of §2.4: the whole request is refused. */
      json_object_set_string_member (o, "ErrorIdentifier", uuid);
      json_object_set_string_member (o, "ErrorCode", "mj-0002");
      json_object_set_string_member (o, "ErrorMessage",
                                     "Malformed JSON, please review the syntax and properties "
                                     "types.");
      json_object_set_int_member (o, "StatusCode", 400);
      reply_set (reply, 400, HERALD_SANDBOX_STYLE_MODERN, object_node (o));
      return;
    }

  g_mutex_lock (&store->mutex);
  send_v31_unlocked (store, json_node_get_object (root), reply);
  evict_messages_unlocked (store);
  g_mutex_unlock (&store->mutex);
}

/* Legacy "To": "Name" <a@b>, c@d */
static void
parse_v3_to (const char *to, GPtrArray *storage, SendSpec *spec)
{
  g_auto (GStrv) parts = g_strsplit (to, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *email = NULL, *name = NULL;
      Recipient r = { "To", NULL, NULL };

      if (g_strstrip (parts[i])[0] == '\0')
        continue;
      parse_from_header (parts[i], &email, &name);
      g_ptr_array_add (storage, email);
      g_ptr_array_add (storage, name);
      r.email = email;
      r.name = name;
      g_array_append_val (spec->recipients, r);
    }
}

static void
send_v3_unlocked (HeraldSandboxStore *store, JsonObject *root, HeraldSandboxReply *reply)
{
  g_autoptr (GPtrArray) storage = g_ptr_array_new_with_free_func (g_free);
  JsonObject *o;
  JsonArray *sent;
  SendSpec spec;

  send_spec_init (&spec);
  spec.from_email = member_string (root, "FromEmail");
  spec.from_name = member_string (root, "FromName");
  spec.subject = member_string (root, "Subject");
  spec.text = member_string (root, "Text-part");
  spec.html = member_string (root, "Html-part");
  spec.custom_id = member_string (root, "Mj-CustomID");
  spec.event_payload = member_string (root, "Mj-EventPayLoad");
  spec.template_language = member_true (root, "Mj-TemplateLanguage");
  if (member_is_set (root, "Vars") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "Vars")))
    spec.variables = json_object_get_object_member (root, "Vars");

  if (member_is_set (root, "Recipients") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "Recipients")))
    {
      JsonArray *array = json_object_get_array_member (root, "Recipients");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *r = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
          Recipient recipient = { "To", member_string (r, "Email"), member_string (r, "Name") };

          if (recipient.email != NULL)
            g_array_append_val (spec.recipients, recipient);
        }
    }
  else if (member_string (root, "To") != NULL)
    parse_v3_to (member_string (root, "To"), storage, &spec);

  if (spec.from_email == NULL)
    reply_legacy_error (reply, 400, "At least FromEmail or Sender must be provided");
  else if (spec.recipients->len == 0)
    reply_legacy_error (reply, 400, "Missing \"To\" or \"Recipients\" property");
  else if (spec.recipients->len > MAX_RECIPIENTS)
    reply_legacy_error (reply, 400, "Too many recipients in To");
  else if (spec.text == NULL && spec.html == NULL && !member_is_set (root, "Mj-TemplateID"))
    reply_legacy_error (reply, 400,
                        "At least Text-part, Html-part or Mj-TemplateID must be provided");
  else if (!sender_is_allowed (store, spec.from_email))
    reply_legacy_error (reply, 401, "Sender is not an active sender of this account");
  else
    {
      for (guint i = 0; i < spec.recipients->len; i++)
        if (!email_is_valid (g_array_index (spec.recipients, Recipient, i).email))
          {
            g_autofree char *message =
                g_strdup_printf ("Invalid email address: \"%s\"",
                                 g_array_index (spec.recipients, Recipient, i).email);

            reply_legacy_error (reply, 400, message);
            send_spec_clear (&spec);
            return;
          }

      sent = json_array_new ();
      for (guint i = 0; i < spec.recipients->len; i++)
        {
          Message *m =
              create_message (store, &spec, &g_array_index (spec.recipients, Recipient, i));
          JsonObject *row = json_object_new ();

          json_object_set_string_member (row, "Email", m->recipient);
          json_object_set_int_member (row, "MessageID", m->id);
          json_object_set_string_member (row, "MessageUUID", m->uuid);
          json_array_add_object_element (sent, row);
        }
      o = json_object_new ();
      json_object_set_array_member (o, "Sent", sent);
      reply_set (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, object_node (o));
    }
  send_spec_clear (&spec);
}

void
herald_sandbox_store_send_v3 (HeraldSandboxStore *store,
                              const char *body,
                              gsize length,
                              HeraldSandboxReply *reply)
{
  g_autoptr (JsonNode) root = parse_body (body, length);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_legacy_error (reply, 400, "Invalid json input: expected a JSON object");
      return;
    }
  g_mutex_lock (&store->mutex);
  send_v3_unlocked (store, json_node_get_object (root), reply);
  evict_messages_unlocked (store);
  g_mutex_unlock (&store->mutex);
}

/* ---------------------------------------------------------------------------------------- */
/* /message, /messagehistory, /messagestate, statistics                                     */

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

  if (!message_is_visible (store, m))
    return FALSE;
  if ((value = query_get (query, "CustomID")) != NULL && !g_str_equal (value, m->custom_id))
    return FALSE;
  if ((value = query_get (query, "ContactAlt")) != NULL &&
      g_ascii_strcasecmp (value, m->recipient) != 0)
    return FALSE;
  if ((value = query_get (query, "MessageStatus")) != NULL)
    {
      g_auto (GStrv) wanted = g_strsplit (value, ",", -1);
      int current = status_number (message_step (store, m)->status);
      gboolean found = FALSE;

      for (guint i = 0; wanted[i] != NULL; i++)
        found |= (int) g_ascii_strtoll (wanted[i], NULL, 10) == current;
      if (!found)
        return FALSE;
    }
  if ((value = query_get (query, "MessageState")) != NULL &&
      (guint) g_ascii_strtoull (value, NULL, 10) != message_step (store, m)->state_id)
    return FALSE;
  return TRUE;
}

static void
message_list (HeraldSandboxStore *store, GHashTable *query, HeraldSandboxReply *reply)
{
  const char *sort = query_get (query, "Sort");
  gboolean descending = sort != NULL && g_str_has_suffix (sort, "DESC");

  reply_message_page (store, query, descending, message_matches, message_to_rest, reply);
}

static void
handle_message (HeraldSandboxStore *store,
                const char *method,
                char **segments,
                GHashTable *query,
                HeraldSandboxReply *reply)
{
  Message *m;
  gint64 id;

  if (!g_str_equal (method, "GET"))
    {
      reply_method_not_allowed (reply);
      return;
    }
  if (segments[1] == NULL)
    {
      message_list (store, query, reply);
      return;
    }
  /* Unknown and not-yet-indexed messages look the same, as on Mailjet (§5.5). */
  if (!parse_id (segments[1], &id) || segments[2] != NULL ||
      (m = find_message (store, id)) == NULL || !message_is_visible (store, m))
    {
      reply_not_found (reply);
      return;
    }
  reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, message_to_rest (store, m, query));
}

static void
handle_messagehistory (HeraldSandboxStore *store,
                       const char *method,
                       char **segments,
                       GHashTable *query,
                       HeraldSandboxReply *reply)
{
  const char *id_text = segments[1] != NULL ? segments[1] : query_get (query, "Message");
  JsonArray *data;
  gint64 id = 0;

  if (!g_str_equal (method, "GET"))
    {
      reply_method_not_allowed (reply);
      return;
    }
  /* An unknown id is an empty list with 200, as recorded for id 123. */
  parse_id (id_text, &id);
  data = message_history (store, id != 0 ? find_message (store, id) : NULL);
  reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, data, json_array_get_length (data));
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

static void
handle_messagestate (HeraldSandboxStore *store,
                     const char *method,
                     char **segments,
                     GHashTable *query,
                     HeraldSandboxReply *reply)
{
  g_autoptr (GPtrArray) objects =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 id;

  if (segments[1] != NULL)
    {
      if (!parse_id (segments[1], &id) || id > (gint64) G_N_ELEMENTS (message_states))
        reply_not_found (reply);
      else
        reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, message_state_object (id - 1));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (message_states); i++)
    g_ptr_array_add (objects, message_state_object (i));
  reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, window_array (objects, query),
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

      if (!message_is_visible (store, m) || (sender_id != 0 && m->sender_id != sender_id))
        continue;
      step = message_step (store, m);
      s = step->status;
      tally->processed++;
      tally->last_activity = MAX (tally->last_activity, step_time (store, m, step));
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
      g_autofree char *last = iso_time (t->last_activity);

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

static void
handle_statistics (HeraldSandboxStore *store,
                   const char *resource,
                   GHashTable *query,
                   HeraldSandboxReply *reply)
{
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
      reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, window_array (objects, query),
                      objects->len);
      return;
    }

  tally_messages (store, 0, &tally);
  reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, statistics_object (&tally, resource));
}

static JsonObject *
message_information (HeraldSandboxStore *store, Message *m, GHashTable *query)
{
  JsonObject *o = json_object_new ();
  JsonObject *rules = json_object_new ();
  const Step *step = message_step (store, m);
  gboolean sent = step != &m->lifecycle->steps[0];
  g_autofree char *created = iso_time (m->created_unix);

  json_object_set_int_member (o, "CampaignID", SANDBOX_CAMPAIGN_ID);
  json_object_set_int_member (o, "ClickTrackedCount", g_str_equal (step->status, "clicked"));
  json_object_set_int_member (o, "ContactID", stable_id (m->recipient, 254000000, 1000000));
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
  return message_is_visible (store, m);
}

static void
handle_messageinformation (HeraldSandboxStore *store,
                           char **segments,
                           GHashTable *query,
                           HeraldSandboxReply *reply)
{
  gint64 id;

  if (segments[1] != NULL)
    {
      Message *m = parse_id (segments[1], &id) ? find_message (store, id) : NULL;

      if (m == NULL || !message_is_visible (store, m))
        reply_not_found (reply);
      else
        reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, message_information (store, m, query));
      return;
    }
  reply_message_page (store, query, FALSE, message_is_listed, message_information, reply);
}

static gboolean
message_has_bounced (HeraldSandboxStore *store, Message *m, GHashTable *query)
{
  const Step *step;

  if (!message_is_visible (store, m))
    return FALSE;
  step = message_step (store, m);
  return g_str_has_suffix (step->status, "bounced") || g_str_equal (step->status, "blocked");
}

static JsonObject *
bounce_object (HeraldSandboxStore *store, Message *m, GHashTable *query)
{
  const Step *step = message_step (store, m);
  g_autofree char *at = iso_time (step_time (store, m, step));
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "BouncedAt", at);
  json_object_set_int_member (o, "CampaignID", SANDBOX_CAMPAIGN_ID);
  json_object_set_int_member (o, "ContactID", stable_id (m->recipient, 254000000, 1000000));
  json_object_set_int_member (o, "ID", m->id);
  json_object_set_boolean_member (o, "IsBlocked", g_str_equal (step->status, "blocked"));
  json_object_set_boolean_member (o, "IsStatePermanent", step->permanent);
  json_object_set_int_member (o, "StateID", step->state_id);
  return o;
}

static void
handle_bouncestatistics (HeraldSandboxStore *store, GHashTable *query, HeraldSandboxReply *reply)
{
  reply_message_page (store, query, FALSE, message_has_bounced, bounce_object, reply);
}

/* ---------------------------------------------------------------------------------------- */
/* Account resources                                                                        */

static void
handle_myprofile (HeraldSandboxReply *reply)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "AddressCity", "");
  json_object_set_string_member (o, "AddressCountry", "FR");
  json_object_set_string_member (o, "AddressPostalCode", "");
  json_object_set_string_member (o, "AddressState", "");
  json_object_set_string_member (o, "AddressStreet", "");
  json_object_set_string_member (o, "BillingEmail", "");
  json_object_set_string_member (o, "BirthdayAt", "");
  json_object_set_string_member (o, "CompanyName", "Herald Sandbox");
  json_object_set_string_member (o, "CompanyNumOfEmployees", "");
  json_object_set_string_member (o, "ContactPhone", "");
  json_object_set_int_member (o, "EstimatedVolume", 6000);
  json_object_set_string_member (o, "Features", "");
  json_object_set_string_member (o, "Firstname", "Sandbox");
  json_object_set_int_member (o, "ID", 1);
  json_object_set_string_member (o, "Industry", "");
  json_object_set_string_member (o, "JobTitle", "");
  json_object_set_string_member (o, "Lastname", "User");
  json_object_set_int_member (o, "UserID", 1);
  json_object_set_int_member (o, "VAT", 0);
  json_object_set_string_member (o, "VATNumber", "");
  json_object_set_string_member (o, "Website", "https://www.example.com/");
  reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, o);
}

static void
handle_user (HeraldSandboxReply *reply)
{
  JsonObject *o = json_object_new ();
  g_autofree char *now = iso_time (g_get_real_time () / G_USEC_PER_SEC);

  json_object_set_string_member (o, "ACL", "");
  json_object_set_string_member (o, "CreatedAt", "2021-06-20T09:19:01Z");
  json_object_set_string_member (o, "Email", "sandbox@example.com");
  json_object_set_string_member (o, "FirstIp", "127.0.0.1");
  json_object_set_int_member (o, "ID", 1);
  json_object_set_string_member (o, "LastIp", "127.0.0.1");
  json_object_set_string_member (o, "LastLoginAt", now);
  json_object_set_string_member (o, "Locale", "en_US");
  json_object_set_int_member (o, "MaxAllowedAPIKeys", 2);
  json_object_set_string_member (o, "Timezone", "Europe/Paris");
  json_object_set_string_member (o, "Username", "sandbox");
  json_object_set_string_member (o, "WarnedRatelimitAt", "");
  reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, o);
}

static void
handle_apikey (HeraldSandboxStore *store, HeraldSandboxReply *reply)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "ACL", "");
  json_object_set_string_member (o, "APIKey", store->api_key);
  json_object_set_string_member (o, "CreatedAt", "2021-06-20T09:19:01Z");
  json_object_set_int_member (o, "ID", 1404561);
  json_object_set_boolean_member (o, "IsActive", TRUE);
  json_object_set_boolean_member (o, "IsMaster", TRUE);
  json_object_set_string_member (o, "Name", "Sandbox");
  json_object_set_int_member (o, "QuarantineValue", 0);
  json_object_set_int_member (o, "RegionID", 0);
  json_object_set_string_member (o, "Runlevel", "Normal");
  /* Mailjet echoes the secret here; the sandbox never does, so no client log can leak it. */
  json_object_set_string_member (o, "SecretKey", "********************************");
  json_object_set_int_member (o, "Skipspamd", 1);
  json_object_set_string_member (o, "TrackHost", "sandbox.mjt.lu");
  json_object_set_int_member (o, "UserID", 1);
  reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, o);
}

static void
eventcallback_create (HeraldSandboxStore *store, JsonObject *body, HeraldSandboxReply *reply)
{
  static const char *const event_types[] = {
    "open", "click", "bounce", "spam", "blocked", "unsub", "sent",
  };
  const char *event_type = member_string (body, "EventType");
  const char *url = member_string (body, "Url");
  gboolean known = FALSE;
  JsonObject *o;

  for (guint i = 0; event_type != NULL && i < G_N_ELEMENTS (event_types); i++)
    known |= g_str_equal (event_type, event_types[i]);
  if (!known || url == NULL || !g_str_has_prefix (url, "http"))
    {
      reply_legacy_error (reply, 400, "Invalid \"EventType\" or \"Url\" property");
      return;
    }

  o = json_object_new ();
  json_object_set_string_member (o, "EventType", event_type);
  json_object_set_boolean_member (o, "IsBackup", member_true (body, "IsBackup"));
  json_object_set_string_member (
      o, "Status", member_string (body, "Status") ? member_string (body, "Status") : "alive");
  json_object_set_int_member (o, "APIKeyID", 1404561);
  json_object_set_int_member (o, "ID", 987654 + store->callbacks->len);
  json_object_set_int_member (o, "Version",
                              member_has_type (body, "Version", G_TYPE_INT64)
                                  ? json_object_get_int_member (body, "Version")
                                  : 1);
  json_object_set_string_member (o, "Url", url);
  g_ptr_array_add (store->callbacks, o);
  reply_one (reply, 201, HERALD_SANDBOX_STYLE_LEGACY, json_object_ref (o));
}

/* Kept, never called: a desktop app has no public endpoint for Mailjet to reach. */
static void
handle_eventcallbackurl (HeraldSandboxStore *store,
                         const char *method,
                         GHashTable *query,
                         const char *body,
                         gsize length,
                         HeraldSandboxReply *reply)
{
  if (g_str_equal (method, "POST"))
    {
      g_autoptr (JsonNode) root = parse_body (body, length);

      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        reply_legacy_error (reply, 400, "Invalid json input: expected a JSON object");
      else
        eventcallback_create (store, json_node_get_object (root), reply);
      return;
    }
  reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, window_array (store->callbacks, query),
                  store->callbacks->len);
}

/* ---------------------------------------------------------------------------------------- */
/* Senders and DNS                                                                          */

static gint64
dns_id (const char *domain)
{
  g_autofree char *lower = g_ascii_strdown (domain, -1);

  return stable_id (lower, 325000000, 1000000);
}

static JsonObject *
sender_object (Sender *s)
{
  JsonObject *o = json_object_new ();
  gboolean catch_all = g_str_has_prefix (s->email, "*@");

  json_object_set_string_member (o, "CreatedAt", s->created_at);
  json_object_set_int_member (o, "DNSID", dns_id (email_domain (s->email)));
  json_object_set_string_member (o, "Email", s->email);
  json_object_set_string_member (o, "EmailType", s->email_type);
  json_object_set_string_member (o, "Filename",
                                 catch_all ? "ecff63dc3593b2323b5ab3d7d823c103.txt" : "");
  json_object_set_int_member (o, "ID", s->id);
  json_object_set_boolean_member (o, "IsDefaultSender", s->is_default);
  json_object_set_string_member (o, "Name", s->name);
  json_object_set_string_member (o, "Status", s->status);
  return o;
}

static Sender *
find_sender_by_id (HeraldSandboxStore *store, const char *text)
{
  gint64 id;

  if (!parse_id (text, &id))
    return NULL;
  for (guint i = 0; i < store->senders->len; i++)
    {
      Sender *s = g_ptr_array_index (store->senders, i);

      if (s->id == id)
        return s;
    }
  return NULL;
}

static void
sender_update (Sender *sender, JsonObject *body)
{
  if (member_string (body, "Name") != NULL)
    {
      g_free (sender->name);
      sender->name = g_strdup (member_string (body, "Name"));
    }
  if (member_string (body, "EmailType") != NULL)
    {
      g_free (sender->email_type);
      sender->email_type = g_strdup (member_string (body, "EmailType"));
    }
  if (member_has_type (body, "IsDefaultSender", G_TYPE_BOOLEAN))
    sender->is_default = member_true (body, "IsDefaultSender");
}

static void
sender_create (HeraldSandboxStore *store, JsonObject *body, HeraldSandboxReply *reply)
{
  const char *email = member_string (body, "Email");
  const char *check = email != NULL && g_str_has_prefix (email, "*@") ? email + 1 : email;
  g_autofree char *probe = check != NULL ? g_strconcat ("x", check, NULL) : NULL;
  Sender *sender;

  if (email == NULL || !email_is_valid (check[0] == '@' ? probe : check))
    {
      reply_legacy_error (reply, 400, "Invalid \"Email\" property: a valid address is required");
      return;
    }
  if (find_sender (store, email) != NULL)
    {
      reply_legacy_error (reply, 400, "There is already a sender with this email address");
      return;
    }
  /* Every new sender starts Inactive until validated, as on Mailjet (§8.1), even at the
   * sandbox's own domains (those may send without a sender record anyway). */
  add_sender_unlocked (
      store, email, member_string (body, "Name") ? member_string (body, "Name") : "", "Inactive");
  sender = g_ptr_array_index (store->senders, store->senders->len - 1);
  sender_update (sender, body);
  reply_one (reply, 201, HERALD_SANDBOX_STYLE_LEGACY, sender_object (sender));
}

static void
sender_validate (Sender *sender, HeraldSandboxReply *reply)
{
  JsonObject *o = json_object_new ();

  if (g_str_equal (sender->status, "Active"))
    {
      json_object_unref (o);
      reply_legacy_error (reply, 400, "The sender is already active");
      return;
    }
  /* At its own domains the sandbox plays the owner who clicks the activation link at once;
   * elsewhere it has no mailbox to click one in, so it only reports the email sent. */
  if (domain_is_reserved (email_domain (sender->email)))
    {
      g_free (sender->status);
      sender->status = g_strdup ("Active");
    }
  json_object_set_object_member (o, "Errors", json_object_new ());
  json_object_set_string_member (o, "GlobalError", "");
  json_object_set_string_member (o, "ValidationMethod", "ActivationEmail");
  reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, o);
}

/* PUT /sender/{id} changes Name, EmailType and IsDefaultSender only (§8.1); DELETE marks the
 * sender Deleted, which lists show only with ShowDeleted=true. */
static void
sender_change (
    Sender *sender, const char *method, const char *body, gsize length, HeraldSandboxReply *reply)
{
  if (g_str_equal (method, "PUT"))
    {
      g_autoptr (JsonNode) root = parse_body (body, length);

      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          reply_legacy_error (reply, 400, "Invalid json input: expected a JSON object");
          return;
        }
      sender_update (sender, json_node_get_object (root));
      reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, sender_object (sender));
    }
  else
    {
      g_free (sender->status);
      sender->status = g_strdup ("Deleted");
      reply_set (reply, 204, HERALD_SANDBOX_STYLE_LEGACY, NULL);
    }
}

static void
handle_sender (HeraldSandboxStore *store,
               const char *method,
               char **segments,
               GHashTable *query,
               const char *body,
               gsize length,
               HeraldSandboxReply *reply)
{
  g_autoptr (GPtrArray) objects =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const char *status = query_get (query, "Status");
  const char *email = query_get (query, "Email");
  const char *domain = query_get (query, "Domain");

  if (segments[1] != NULL)
    {
      Sender *sender = find_sender_by_id (store, segments[1]);

      if (sender == NULL)
        reply_not_found (reply);
      else if (segments[2] != NULL && g_str_equal (segments[2], "validate") &&
               g_str_equal (method, "POST"))
        sender_validate (sender, reply);
      else if (segments[2] == NULL && g_str_equal (method, "GET"))
        reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, sender_object (sender));
      else if (segments[2] == NULL && g_str_equal (sender->status, "Deleted") &&
               (g_str_equal (method, "PUT") || g_str_equal (method, "DELETE")))
        reply_not_found (reply);
      else if (segments[2] == NULL &&
               (g_str_equal (method, "PUT") || g_str_equal (method, "DELETE")))
        sender_change (sender, method, body, length, reply);
      else
        reply_method_not_allowed (reply);
      return;
    }

  if (g_str_equal (method, "POST"))
    {
      g_autoptr (JsonNode) root = parse_body (body, length);

      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        reply_legacy_error (reply, 400, "Invalid json input: expected a JSON object");
      else
        sender_create (store, json_node_get_object (root), reply);
      return;
    }
  if (!g_str_equal (method, "GET"))
    {
      reply_method_not_allowed (reply);
      return;
    }

  for (guint i = 0; i < store->senders->len; i++)
    {
      Sender *s = g_ptr_array_index (store->senders, i);

      if ((g_str_equal (s->status, "Deleted") && !query_true (query, "ShowDeleted")) ||
          (status != NULL && g_ascii_strcasecmp (status, s->status) != 0) ||
          (email != NULL && g_ascii_strcasecmp (email, s->email) != 0) ||
          (domain != NULL && g_ascii_strcasecmp (domain, email_domain (s->email)) != 0))
        continue;
      g_ptr_array_add (objects, sender_object (s));
    }
  reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, window_array (objects, query),
                  objects->len);
}

static gboolean
domain_is_known (HeraldSandboxStore *store, const char *domain)
{
  if (domain_is_reserved (domain))
    return TRUE;
  for (guint i = 0; i < store->senders->len; i++)
    {
      Sender *s = g_ptr_array_index (store->senders, i);

      if (g_ascii_strcasecmp (email_domain (s->email), domain) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A domain whose first label is "unauthenticated" (e.g. unauthenticated.example) fails its
 * SPF and DKIM checks, so the sender check has a failure to show. */
static gboolean
domain_is_authenticated (const char *domain)
{
  return !g_str_has_prefix (domain, "unauthenticated.");
}

static JsonObject *
dns_object (const char *domain)
{
  JsonObject *o = json_object_new ();
  g_autofree char *lower = g_ascii_strdown (domain, -1);
  g_autofree char *token = g_compute_checksum_for_string (G_CHECKSUM_MD5, lower, -1);
  g_autofree char *dkim_name = g_strdup_printf ("mailjet._domainkey.%s", lower);
  g_autofree char *token_name = g_strdup_printf ("mailjet._%.8s", token);
  g_autofree char *now = iso_time (g_get_real_time () / G_USEC_PER_SEC);
  const char *status = domain_is_authenticated (lower) ? "OK" : "Error";

  json_object_set_string_member (o, "DKIMRecordName", dkim_name);
  json_object_set_string_member (o, "DKIMRecordValue",
                                 "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC5herald"
                                 "sandboxAAAAB3NzaC1yc2EAAAADAQABAAABAQ");
  json_object_set_string_member (o, "DKIMStatus", status);
  json_object_set_string_member (o, "Domain", lower);
  json_object_set_int_member (o, "ID", dns_id (lower));
  json_object_set_boolean_member (o, "IsCheckInProgress", FALSE);
  json_object_set_string_member (o, "LastCheckAt", now);
  json_object_set_string_member (o, "OwnerShipToken", token);
  json_object_set_string_member (o, "OwnerShipTokenRecordName", token_name);
  json_object_set_string_member (o, "SPFRecordValue", "v=spf1 include:spf.mailjet.com ?all");
  json_object_set_string_member (o, "SPFStatus", status);
  return o;
}

static JsonObject *
dns_check_object (const char *domain)
{
  JsonObject *o = json_object_new ();
  JsonArray *dkim_errors = json_array_new ();
  JsonArray *spf_errors = json_array_new ();
  JsonArray *spf_values = json_array_new ();
  gboolean ok = domain_is_authenticated (domain);

  if (!ok)
    {
      json_array_add_string_element (dkim_errors, "no DKIM record");
      json_array_add_string_element (spf_errors, "no SPF record");
    }
  else
    json_array_add_string_element (spf_values, "v=spf1 include:spf.mailjet.com -all");
  json_object_set_array_member (o, "DKIMErrors", dkim_errors);
  json_object_set_string_member (o, "DKIMRecordCurrentValue",
                                 ok ? "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC5herald"
                                      "sandboxAAAAB3NzaC1yc2EAAAADAQABAAABAQ"
                                    : "");
  json_object_set_string_member (o, "DKIMStatus", ok ? "OK" : "Error");
  json_object_set_array_member (o, "SPFErrors", spf_errors);
  json_object_set_array_member (o, "SPFRecordsCurrentValues", spf_values);
  json_object_set_string_member (o, "SPFStatus", ok ? "OK" : "Error");
  return o;
}

static const char *
resolve_dns_domain (HeraldSandboxStore *store, const char *id_or_domain)
{
  gint64 id;

  if (!parse_id (id_or_domain, &id))
    return domain_is_known (store, id_or_domain) ? id_or_domain : NULL;

  for (guint i = 0; i < store->senders->len; i++)
    {
      Sender *s = g_ptr_array_index (store->senders, i);

      if (dns_id (email_domain (s->email)) == id)
        return email_domain (s->email);
    }
  return NULL;
}

static void
handle_dns (HeraldSandboxStore *store,
            const char *method,
            char **segments,
            GHashTable *query,
            HeraldSandboxReply *reply)
{
  const char *domain;

  if (segments[1] == NULL)
    {
      g_autoptr (GPtrArray) objects =
          g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < store->senders->len; i++)
        {
          Sender *s = g_ptr_array_index (store->senders, i);

          if (g_hash_table_add (seen, (gpointer) email_domain (s->email)))
            g_ptr_array_add (objects, dns_object (email_domain (s->email)));
        }
      reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, window_array (objects, query),
                      objects->len);
      return;
    }

  domain = resolve_dns_domain (store, segments[1]);
  if (domain == NULL)
    reply_not_found (reply);
  else if (segments[2] == NULL && g_str_equal (method, "GET"))
    reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, dns_object (domain));
  else if (segments[2] != NULL && g_str_equal (segments[2], "check") && segments[3] == NULL &&
           g_str_equal (method, "POST"))
    reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, dns_check_object (domain));
  else
    reply_method_not_allowed (reply);
}

/* ---------------------------------------------------------------------------------------- */
/* Templates                                                                                */

static void
reply_template_not_found (HeraldSandboxReply *reply)
{
  reply_set (
      reply, 404, HERALD_SANDBOX_STYLE_MODERN,
      herald_sandbox_json_identified_error (
          "The resource with the specified ID you are trying to reach does not exist.", 404));
}

static void
reply_template_error (HeraldSandboxReply *reply, const char *message)
{
  reply_set (reply, 400, HERALD_SANDBOX_STYLE_MODERN,
             herald_sandbox_json_identified_error (message, 400));
}

/* Template properties a client may write, with their JSON types. */
static const struct
{
  const char *name;
  JsonNodeType node_type;
  GType value_type;
} template_fields[] = {
  { "Author", JSON_NODE_VALUE, G_TYPE_STRING },
  { "Categories", JSON_NODE_ARRAY, G_TYPE_INVALID },
  { "Copyright", JSON_NODE_VALUE, G_TYPE_STRING },
  { "Description", JSON_NODE_VALUE, G_TYPE_STRING },
  { "EditMode", JSON_NODE_VALUE, G_TYPE_INT64 },
  { "IsStarred", JSON_NODE_VALUE, G_TYPE_BOOLEAN },
  { "IsTextPartGenerationEnabled", JSON_NODE_VALUE, G_TYPE_BOOLEAN },
  { "Locale", JSON_NODE_VALUE, G_TYPE_STRING },
  { "Name", JSON_NODE_VALUE, G_TYPE_STRING },
  { "OwnerType", JSON_NODE_VALUE, G_TYPE_STRING },
  { "Presets", JSON_NODE_VALUE, G_TYPE_STRING },
  { "Purposes", JSON_NODE_ARRAY, G_TYPE_INVALID },
};

static gboolean
apply_template_fields (JsonObject *properties, JsonObject *body, HeraldSandboxReply *reply)
{
  for (guint i = 0; i < G_N_ELEMENTS (template_fields); i++)
    {
      JsonNode *node = json_object_get_member (body, template_fields[i].name);

      if (node == NULL)
        continue;
      if (json_node_get_node_type (node) != template_fields[i].node_type ||
          (template_fields[i].value_type != G_TYPE_INVALID &&
           json_node_get_value_type (node) != template_fields[i].value_type))
        {
          g_autofree char *message =
              g_strdup_printf ("Invalid value for property \"%s\".", template_fields[i].name);

          reply_template_error (reply, message);
          return FALSE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (template_fields); i++)
    {
      JsonNode *node = json_object_get_member (body, template_fields[i].name);

      if (node != NULL)
        json_object_set_member (properties, template_fields[i].name, json_node_copy (node));
    }
  return TRUE;
}

static Template *
find_template_by_name (HeraldSandboxStore *store, const char *name)
{
  for (guint i = 0; i < store->templates->len; i++)
    {
      Template *t = g_ptr_array_index (store->templates, i);

      if (g_strcmp0 (member_string (t->properties, "Name"), name) == 0)
        return t;
    }
  return NULL;
}

static void
template_create (HeraldSandboxStore *store, JsonObject *body, HeraldSandboxReply *reply)
{
  const char *name = member_string (body, "Name");
  g_autofree char *now = iso_time (g_get_real_time () / G_USEC_PER_SEC);
  JsonObject *p;
  Template *t;

  if (name == NULL || name[0] == '\0')
    {
      reply_template_error (reply, "The \"Name\" property is mandatory.");
      return;
    }
  if (find_template_by_name (store, name) != NULL)
    {
      g_autofree char *message = g_strdup_printf ("A template named \"%s\" already exists.", name);

      reply_template_error (reply, message);
      return;
    }

  p = json_object_new ();
  json_object_set_string_member (p, "Author", "");
  json_object_set_array_member (p, "Categories", json_array_new ());
  json_object_set_string_member (p, "Copyright", "");
  json_object_set_string_member (p, "CreatedAt", now);
  json_object_set_string_member (p, "Description", "");
  json_object_set_int_member (p, "EditMode", 2);
  json_object_set_int_member (p, "ID", store->next_template_id);
  json_object_set_boolean_member (p, "IsStarred", FALSE);
  json_object_set_boolean_member (p, "IsTextPartGenerationEnabled", FALSE);
  json_object_set_string_member (p, "LastUpdatedAt", now);
  json_object_set_string_member (p, "Locale", "en_US");
  json_object_set_array_member (p, "LocaleList", json_array_new ());
  json_object_set_string_member (p, "Name", name);
  json_object_set_int_member (p, "OwnerId", 1404561);
  json_object_set_string_member (p, "OwnerType", "apikey");
  json_object_set_string_member (p, "Presets", "");
  json_object_set_array_member (p, "Previews", json_array_new ());
  json_object_set_array_member (p, "Purposes", json_array_new ());
  if (!apply_template_fields (p, body, reply))
    {
      json_object_unref (p);
      return;
    }

  t = g_new0 (Template, 1);
  t->id = store->next_template_id++;
  t->properties = p;
  g_ptr_array_add (store->templates, t);
  reply_one (reply, 201, HERALD_SANDBOX_STYLE_MODERN, json_object_ref (p));
}

static JsonObject *
template_content (Template *t)
{
  JsonObject *o = json_object_new ();

  if (t->mjml != NULL)
    json_object_set_string_member (o, "MJMLContent", t->mjml);
  else
    json_object_set_null_member (o, "MJMLContent");
  if (t->html != NULL)
    json_object_set_string_member (o, "Html-part", t->html);
  else
    json_object_set_null_member (o, "Html-part");
  if (t->text != NULL)
    json_object_set_string_member (o, "Text-part", t->text);
  else
    json_object_set_null_member (o, "Text-part");
  if (t->headers != NULL)
    json_object_set_object_member (o, "Headers", json_object_ref (t->headers));
  else
    json_object_set_null_member (o, "Headers");
  return o;
}

static gboolean
content_member (
    JsonObject *body, const char *name, gboolean replace, char **field, HeraldSandboxReply *reply)
{
  JsonNode *node = json_object_get_member (body, name);

  if (node == NULL)
    {
      if (replace)
        g_clear_pointer (field, g_free);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      g_clear_pointer (field, g_free);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *message = g_strdup_printf ("Invalid value for property \"%s\".", name);

      reply_template_error (reply, message);
      return FALSE;
    }
  g_free (*field);
  *field = g_strdup (json_node_get_string (node));
  return TRUE;
}

static void
template_set_content (Template *t, JsonObject *body, gboolean replace, HeraldSandboxReply *reply)
{
  JsonNode *headers = json_object_get_member (body, "Headers");
  g_autofree char *html = g_strdup (t->html);
  g_autofree char *text = g_strdup (t->text);
  g_autofree char *mjml = g_strdup (t->mjml);

  if (headers != NULL && !JSON_NODE_HOLDS_OBJECT (headers) && !JSON_NODE_HOLDS_NULL (headers))
    {
      reply_template_error (reply, "Invalid value for property \"Headers\".");
      return;
    }
  if (!content_member (body, "Html-part", replace, &html, reply) ||
      !content_member (body, "Text-part", replace, &text, reply) ||
      !content_member (body, "MJMLContent", replace, &mjml, reply))
    return;

  g_free (t->html);
  t->html = g_steal_pointer (&html);
  g_free (t->text);
  t->text = g_steal_pointer (&text);
  g_free (t->mjml);
  t->mjml = g_steal_pointer (&mjml);
  if (headers != NULL || replace)
    {
      g_clear_pointer (&t->headers, json_object_unref);
      if (headers != NULL && JSON_NODE_HOLDS_OBJECT (headers))
        t->headers = json_object_ref (json_node_get_object (headers));
    }
  reply_one (reply, replace ? 201 : 200, HERALD_SANDBOX_STYLE_MODERN, template_content (t));
}

static void
template_list (HeraldSandboxStore *store, GHashTable *query, HeraldSandboxReply *reply)
{
  g_autoptr (GPtrArray) objects =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const char *name = query_get (query, "Name");
  const char *owner_type = query_get (query, "OwnerType");

  for (guint i = 0; i < store->templates->len; i++)
    {
      Template *t = g_ptr_array_index (store->templates, i);

      if ((name != NULL && g_strcmp0 (name, member_string (t->properties, "Name")) != 0) ||
          (owner_type != NULL &&
           g_strcmp0 (owner_type, member_string (t->properties, "OwnerType")) != 0))
        continue;
      g_ptr_array_add (objects, json_object_ref (t->properties));
    }
  reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_MODERN, window_array (objects, query),
                  objects->len);
}

static void
handle_template (HeraldSandboxStore *store,
                 const char *method,
                 char **segments,
                 GHashTable *query,
                 const char *body,
                 gsize length,
                 HeraldSandboxReply *reply)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object = NULL;
  Template *t = NULL;
  gint64 id;

  if (g_str_equal (method, "POST") || g_str_equal (method, "PUT"))
    {
      root = parse_body (body, length);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          reply_template_error (reply, "Malformed JSON, please review the syntax and "
                                       "properties types.");
          return;
        }
      object = json_node_get_object (root);
    }

  if (segments[1] == NULL)
    {
      if (g_str_equal (method, "GET"))
        template_list (store, query, reply);
      else if (g_str_equal (method, "POST"))
        template_create (store, object, reply);
      else
        reply_method_not_allowed (reply);
      return;
    }

  if (parse_id (segments[1], &id))
    t = find_template (store, id);
  if (t == NULL)
    {
      reply_template_not_found (reply);
      return;
    }

  if (segments[2] == NULL)
    {
      if (g_str_equal (method, "GET"))
        reply_one (reply, 200, HERALD_SANDBOX_STYLE_MODERN, json_object_ref (t->properties));
      else if (g_str_equal (method, "PUT"))
        {
          g_autofree char *now = iso_time (g_get_real_time () / G_USEC_PER_SEC);

          if (apply_template_fields (t->properties, object, reply))
            {
              json_object_set_string_member (t->properties, "LastUpdatedAt", now);
              reply_one (reply, 200, HERALD_SANDBOX_STYLE_MODERN, json_object_ref (t->properties));
            }
        }
      else if (g_str_equal (method, "DELETE"))
        {
          g_ptr_array_remove (store->templates, t);
          reply_set (reply, 204, HERALD_SANDBOX_STYLE_MODERN, NULL);
        }
      else
        reply_method_not_allowed (reply);
      return;
    }

  if (!g_str_equal (segments[2], "detailcontent") || segments[3] != NULL)
    reply_template_not_found (reply);
  else if (g_str_equal (method, "GET"))
    reply_one (reply, 200, HERALD_SANDBOX_STYLE_MODERN, template_content (t));
  else if (g_str_equal (method, "POST") || g_str_equal (method, "PUT"))
    template_set_content (t, object, g_str_equal (method, "POST"), reply);
  else
    reply_method_not_allowed (reply);
}

/* ---------------------------------------------------------------------------------------- */

gboolean
herald_sandbox_store_rest (HeraldSandboxStore *store,
                           const char *method,
                           char **segments,
                           GHashTable *query,
                           const char *body,
                           gsize length,
                           HeraldSandboxReply *reply)
{
  const char *resource = segments[0];
  gboolean handled = TRUE;
  gboolean read_only = g_str_equal (method, "GET");

  if (resource == NULL)
    return FALSE;

  g_mutex_lock (&store->mutex);
  if (g_str_equal (resource, "message"))
    handle_message (store, method, segments, query, reply);
  else if (g_str_equal (resource, "messagehistory"))
    handle_messagehistory (store, method, segments, query, reply);
  else if (g_str_equal (resource, "sender"))
    handle_sender (store, method, segments, query, body, length, reply);
  else if (g_str_equal (resource, "dns"))
    handle_dns (store, method, segments, query, reply);
  else if (g_str_equal (resource, "template"))
    handle_template (store, method, segments, query, body, length, reply);
  else if (!read_only &&
           (g_str_equal (resource, "messagestate") || g_str_equal (resource, "myprofile") ||
            g_str_equal (resource, "user") || g_str_equal (resource, "apikey") ||
            g_str_equal (resource, "messageinformation") ||
            g_str_equal (resource, "bouncestatistics") || g_str_equal (resource, "apikeytotals") ||
            g_str_equal (resource, "messagestatistics") ||
            g_str_equal (resource, "senderstatistics")))
    reply_method_not_allowed (reply);
  else if (g_str_equal (resource, "messagestate"))
    handle_messagestate (store, method, segments, query, reply);
  else if (g_str_equal (resource, "myprofile"))
    handle_myprofile (reply);
  else if (g_str_equal (resource, "user"))
    handle_user (reply);
  else if (g_str_equal (resource, "apikey"))
    handle_apikey (store, reply);
  else if (g_str_equal (resource, "messageinformation"))
    handle_messageinformation (store, segments, query, reply);
  else if (g_str_equal (resource, "bouncestatistics"))
    handle_bouncestatistics (store, query, reply);
  else if (g_str_equal (resource, "apikeytotals") || g_str_equal (resource, "messagestatistics") ||
           g_str_equal (resource, "senderstatistics"))
    handle_statistics (store, resource, query, reply);
  else if (g_str_equal (resource, "eventcallbackurl") &&
           (read_only || g_str_equal (method, "POST")))
    handle_eventcallbackurl (store, method, query, body, length, reply);
  else
    handled = FALSE;
  g_mutex_unlock (&store->mutex);
  return handled;
}

/* ---------------------------------------------------------------------------------------- */

static JsonObject *
message_to_dump (HeraldSandboxStore *store, Message *m)
{
  JsonObject *o = json_object_new ();
  const Step *step = message_step (store, m);

  json_object_set_int_member (o, "id", m->id);
  json_object_set_string_member (o, "uuid", m->uuid);
  json_object_set_string_member (o, "kind", m->report ? "template-error-report" : "message");
  json_object_set_string_member (o, "customId", m->custom_id);
  json_object_set_string_member (o, "eventPayload", m->event_payload);
  json_object_set_string_member (o, "from", m->from_email);
  json_object_set_string_member (o, "fromName", m->from_name);
  json_object_set_string_member (o, "recipient", m->recipient);
  json_object_set_string_member (o, "recipientName", m->recipient_name ? m->recipient_name : "");
  json_object_set_string_member (o, "field", m->field);
  json_object_set_string_member (o, "subject", m->subject);
  json_object_set_string_member (o, "html", m->html);
  json_object_set_string_member (o, "text", m->text);
  json_object_set_boolean_member (o, "templateLanguage", m->template_language);
  json_object_set_int_member (o, "templateId", m->template_id);
  if (m->template_error != NULL)
    json_object_set_string_member (o, "templateError", m->template_error);
  else
    json_object_set_null_member (o, "templateError");
  json_object_set_string_member (o, "lifecycle", m->lifecycle->name);
  json_object_set_boolean_member (o, "visible", message_is_visible (store, m));
  json_object_set_string_member (o, "status", step->status);
  json_object_set_int_member (o, "stateId", step->state_id);
  json_object_set_string_member (o, "state", step->state);
  json_object_set_int_member (o, "createdAt", m->created_unix);
  return o;
}

char *
herald_sandbox_store_dup_messages_json (HeraldSandboxStore *store)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  g_mutex_lock (&store->mutex);
  for (GList *l = store->messages.head; l != NULL; l = l->next)
    json_array_add_object_element (array, message_to_dump (store, l->data));
  g_mutex_unlock (&store->mutex);

  json_node_take_array (node, array);
  return herald_sandbox_json_write (node, HERALD_SANDBOX_STYLE_MODERN);
}
