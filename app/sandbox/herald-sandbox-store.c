/* herald-sandbox-store.c: what the Sandbox remembers (messages, templates, senders), its
 * limits, and the delivery lifecycle every message plays out on the Sandbox's clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <string.h>

#include "herald-sandbox-store-private.h"

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

const Lifecycle herald_sandbox_delivered_lifecycle = LIFECYCLE ("delivered", -1, delivered_steps);
const Lifecycle herald_sandbox_template_error_lifecycle =
    LIFECYCLE ("template-error", -1, template_error_steps);

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

char *
herald_sandbox_iso_time (gint64 unix_seconds)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

gint64
herald_sandbox_stable_id (const char *text, gint64 base, gint64 range)
{
  return base + (gint64) (g_str_hash (text) % (guint) range);
}

void
herald_sandbox_add_sender_unlocked (HeraldSandboxStore *store,
                                    const char *email,
                                    const char *name,
                                    const char *status)
{
  Sender *sender = g_new0 (Sender, 1);

  sender->id = store->next_sender_id++;
  sender->email = g_strdup (email);
  sender->name = g_strdup (name);
  sender->email_type = g_strdup ("transactional");
  sender->created_at = herald_sandbox_iso_time (herald_sandbox_store_now_unix (store));
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
  herald_sandbox_store_set_clock (store, NULL, NULL);
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
  herald_sandbox_add_sender_unlocked (store, "alerts@ledgerly.example", "Ledgerly", "Active");
  herald_sandbox_add_sender_unlocked (store, "*@example.com", "Example", "Active");
  return store;
}

void
herald_sandbox_store_set_clock (HeraldSandboxStore *store, HeraldClock clock, gpointer user_data)
{
  g_mutex_lock (&store->mutex);
  store->clock = clock;
  store->clock_data = user_data;
  store->epoch_clock = herald_clock_now (clock, user_data);
  store->epoch_unix = g_get_real_time ();
  g_mutex_unlock (&store->mutex);
}

gint64
herald_sandbox_store_now (HeraldSandboxStore *store)
{
  return herald_clock_now (store->clock, store->clock_data);
}

/* Wall-clock seconds as the store's clock tells them, for the dates it writes. */
gint64
herald_sandbox_store_now_unix (HeraldSandboxStore *store)
{
  return (store->epoch_unix + herald_sandbox_store_now (store) - store->epoch_clock) /
         G_USEC_PER_SEC;
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

void
herald_sandbox_evict_messages_unlocked (HeraldSandboxStore *store)
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
  herald_sandbox_evict_messages_unlocked (store);
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
  herald_sandbox_add_sender_unlocked (store, email, name ? name : "", "Active");
  g_mutex_unlock (&store->mutex);
}

static gboolean
is_atext (guchar c)
{
  return g_ascii_isalnum (c) || c >= 0x80 || strchr ("!#$%&'*+-/=?^_`{|}~.", c) != NULL;
}

/* Close to what Mailjet accepts: a dot-atom local part and a domain of at least two
 * non-empty labels ("passenger@example..com" is refused, as recorded). */
gboolean
herald_sandbox_email_is_valid (const char *email)
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

const char *
herald_sandbox_email_domain (const char *email)
{
  const char *at = strrchr (email, '@');

  return at != NULL ? at + 1 : "";
}

/* The sandbox owns the reserved documentation domains (RFC 2606), so tests and the sample
 * library can send from them without a sender setup. */
gboolean
herald_sandbox_domain_is_reserved (const char *domain)
{
  g_autofree char *lower = g_ascii_strdown (domain, -1);

  return g_str_equal (lower, "example.com") || g_str_equal (lower, "example.net") ||
         g_str_equal (lower, "example.org") || g_str_has_suffix (lower, ".example") ||
         g_str_has_suffix (lower, ".test") || g_str_has_suffix (lower, ".localhost");
}

/* A deleted sender is only a record: it neither sends nor blocks a new sender of its name. */
static gboolean
sender_has_email (gconstpointer item, gconstpointer email)
{
  const Sender *sender = item;

  return g_ascii_strcasecmp (sender->email, email) == 0 && !g_str_equal (sender->status, "Deleted");
}

static gboolean
sender_has_domain (gconstpointer item, gconstpointer domain)
{
  return g_ascii_strcasecmp (herald_sandbox_email_domain (((const Sender *) item)->email),
                             domain) == 0;
}

/* Any sender record at @domain, deleted ones included. */
Sender *
herald_sandbox_find_sender_at (HeraldSandboxStore *store, const char *domain)
{
  return herald_sandbox_find (store->senders, domain, sender_has_domain);
}

Sender *
herald_sandbox_find_sender (HeraldSandboxStore *store, const char *email)
{
  return herald_sandbox_find (store->senders, email, sender_has_email);
}

Sender *
herald_sandbox_find_active_sender (HeraldSandboxStore *store, const char *email)
{
  g_autofree char *catch_all = g_strconcat ("*@", herald_sandbox_email_domain (email), NULL);
  Sender *sender = herald_sandbox_find_sender (store, email);

  if (sender == NULL || !g_str_equal (sender->status, "Active"))
    sender = herald_sandbox_find_sender (store, catch_all);
  if (sender != NULL && g_str_equal (sender->status, "Active"))
    return sender;
  return NULL;
}

gboolean
herald_sandbox_sender_is_allowed (HeraldSandboxStore *store, const char *email)
{
  return herald_sandbox_domain_is_reserved (herald_sandbox_email_domain (email)) ||
         herald_sandbox_find_active_sender (store, email) != NULL;
}

const Lifecycle *
herald_sandbox_lifecycle_for (const char *email)
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
  return &herald_sandbox_delivered_lifecycle;
}

double
herald_sandbox_elapsed_unlocked (HeraldSandboxStore *store, Message *m)
{
  return (double) (herald_sandbox_store_now (store) - m->created_mono) / G_USEC_PER_SEC *
         store->speed;
}

gboolean
herald_sandbox_message_is_visible (HeraldSandboxStore *store, Message *m)
{
  double delay = m->lifecycle->visibility >= 0 ? m->lifecycle->visibility : store->visibility_delay;

  return !m->report && herald_sandbox_elapsed_unlocked (store, m) >= delay;
}

const Step *
herald_sandbox_message_step (HeraldSandboxStore *store, Message *m)
{
  double elapsed = herald_sandbox_elapsed_unlocked (store, m);
  const Step *step = &m->lifecycle->steps[0];

  for (guint i = 1; i < m->lifecycle->n_steps; i++)
    if (m->lifecycle->steps[i].at <= elapsed)
      step = &m->lifecycle->steps[i];
  return step;
}

gint64
herald_sandbox_step_time (HeraldSandboxStore *store, Message *m, const Step *step)
{
  return m->created_unix + (gint64) (step->at / store->speed);
}

Message *
herald_sandbox_find_message (HeraldSandboxStore *store, gint64 id)
{
  return g_hash_table_lookup (store->messages_by_id, &id);
}

void
herald_sandbox_store_message (HeraldSandboxStore *store, Message *m)
{
  g_queue_push_tail (&store->messages, m);
  g_hash_table_insert (store->messages_by_id, &m->id, m);
}

static gboolean
template_has_id (gconstpointer item, gconstpointer id)
{
  return ((const Template *) item)->id == *(const gint64 *) id;
}

Template *
herald_sandbox_find_template (HeraldSandboxStore *store, gint64 id)
{
  return herald_sandbox_find (store->templates, &id, template_has_id);
}

static JsonObject *
message_to_dump (HeraldSandboxStore *store, Message *m)
{
  JsonObject *o = json_object_new ();
  const Step *step = herald_sandbox_message_step (store, m);

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
  json_object_set_boolean_member (o, "visible", herald_sandbox_message_is_visible (store, m));
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

gpointer
herald_sandbox_find (GPtrArray *items, gconstpointer key, GEqualFunc matches)
{
  guint index;

  if (!g_ptr_array_find_with_equal_func (items, key, matches, &index))
    return NULL;
  return g_ptr_array_index (items, index);
}
