/* herald-sandbox-send.c: the Send API (POST /v3.1/send and /v3/send): renders each
 * message with Herald's template language engine and stores one message per recipient.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <string.h>

#include "herald-sandbox-store-private.h"
#include "herald-tl.h"

static JsonObject *
address_object (const char *email, const char *name)
{
  JsonObject *o = json_object_new ();
  const char *at = strrchr (email, '@');
  g_autofree char *local = g_strndup (email, at != NULL ? (gsize) (at - email) : strlen (email));

  json_object_set_string_member (o, "email", email);
  json_object_set_string_member (o, "local_part", local);
  json_object_set_string_member (o, "domain", herald_sandbox_email_domain (email));
  json_object_set_string_member (o, "name", name != NULL ? name : "");
  json_object_set_int_member (o, "ID", herald_sandbox_stable_id (email, 254000000, 1000000));
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
  report->lifecycle = &herald_sandbox_delivered_lifecycle;
  herald_sandbox_store_message (store, report);
}

static Message *
create_message (HeraldSandboxStore *store, const SendSpec *spec, const Recipient *recipient)
{
  Message *m = g_new0 (Message, 1);
  Sender *sender = herald_sandbox_find_active_sender (store, spec->from_email);

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
  m->created_mono = herald_sandbox_store_now (store);
  m->created_unix = herald_sandbox_store_now_unix (store);

  render_message (store, m, spec->subject, spec->html, spec->text, spec->variables);
  if (m->template_error != NULL && !spec->error_deliver)
    m->lifecycle = &herald_sandbox_template_error_lifecycle;
  else
    m->lifecycle = herald_sandbox_lifecycle_for (m->recipient);

  herald_sandbox_store_message (store, m);
  if (m->template_error != NULL && spec->report_email != NULL)
    add_report (store, m, spec->report_email);
  return m;
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
  herald_sandbox_reply_set (reply, 400, HERALD_SANDBOX_STYLE_MODERN,
                            herald_sandbox_object_node (o));
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
      reply_payload_error (reply, herald_sandbox_error_object ("mj-0003", 400,
                                                               "Missing mandatory property.",
                                                               "Messages", NULL));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      reply_payload_error (reply, herald_sandbox_error_object (
                                      "mj-0004", 400, "Type mismatch. Expected type \"Messages\".",
                                      "Messages", NULL));
      return NULL;
    }
  messages = json_node_get_array (node);
  if (json_array_get_length (messages) == 0)
    {
      reply_payload_error (
          reply, herald_sandbox_error_object ("mj-0007", 400,
                                              "At least 1 element is required in the array.",
                                              "Messages", NULL));
      return NULL;
    }
  if (json_array_get_length (messages) > MAX_MESSAGES)
    {
      reply_payload_error (reply,
                           herald_sandbox_error_object ("mj-0008", 400,
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
  gboolean sandbox_mode = herald_sandbox_member_true (root, "SandboxMode");
  g_autoptr (JsonArray) results = NULL;
  g_autoptr (JsonArray) all_errors = json_array_new ();
  guint n = 0, total_recipients = 0, n_errors = 0;
  SendSpec *specs;
  JsonArray **errors;
  char **from_storage;

  if (messages == NULL)
    return;

  n = json_array_get_length (messages);
  if (herald_sandbox_member_is_set (root, "Globals") &&
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
          herald_sandbox_type_mismatch (errors[i], "Message", "Messages");
          continue;
        }
      if (globals != NULL)
        apply_globals (json_node_get_object (node), globals);
      herald_sandbox_check_message (store, json_node_get_object (node), errors[i], &specs[i],
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
    herald_sandbox_reply_set (reply, status, HERALD_SANDBOX_STYLE_MODERN,
                              herald_sandbox_object_node (o));
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
  g_autoptr (JsonNode) root = herald_sandbox_parse_body (body, length);

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
      herald_sandbox_reply_set (reply, 400, HERALD_SANDBOX_STYLE_MODERN,
                                herald_sandbox_object_node (o));
      return;
    }

  g_mutex_lock (&store->mutex);
  send_v31_unlocked (store, json_node_get_object (root), reply);
  herald_sandbox_evict_messages_unlocked (store);
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
      herald_sandbox_parse_from_header (parts[i], &email, &name);
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
  spec.from_email = herald_sandbox_member_string (root, "FromEmail");
  spec.from_name = herald_sandbox_member_string (root, "FromName");
  spec.subject = herald_sandbox_member_string (root, "Subject");
  spec.text = herald_sandbox_member_string (root, "Text-part");
  spec.html = herald_sandbox_member_string (root, "Html-part");
  spec.custom_id = herald_sandbox_member_string (root, "Mj-CustomID");
  spec.event_payload = herald_sandbox_member_string (root, "Mj-EventPayLoad");
  spec.template_language = herald_sandbox_member_true (root, "Mj-TemplateLanguage");
  if (herald_sandbox_member_is_set (root, "Vars") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "Vars")))
    spec.variables = json_object_get_object_member (root, "Vars");

  if (herald_sandbox_member_is_set (root, "Recipients") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "Recipients")))
    {
      JsonArray *array = json_object_get_array_member (root, "Recipients");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *r = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
          Recipient recipient = { "To", herald_sandbox_member_string (r, "Email"),
                                  herald_sandbox_member_string (r, "Name") };

          if (recipient.email != NULL)
            g_array_append_val (spec.recipients, recipient);
        }
    }
  else if (herald_sandbox_member_string (root, "To") != NULL)
    parse_v3_to (herald_sandbox_member_string (root, "To"), storage, &spec);

  if (spec.from_email == NULL)
    herald_sandbox_reply_legacy_error (reply, 400, "At least FromEmail or Sender must be provided");
  else if (spec.recipients->len == 0)
    herald_sandbox_reply_legacy_error (reply, 400, "Missing \"To\" or \"Recipients\" property");
  else if (spec.recipients->len > MAX_RECIPIENTS)
    herald_sandbox_reply_legacy_error (reply, 400, "Too many recipients in To");
  else if (spec.text == NULL && spec.html == NULL &&
           !herald_sandbox_member_is_set (root, "Mj-TemplateID"))
    herald_sandbox_reply_legacy_error (
        reply, 400, "At least Text-part, Html-part or Mj-TemplateID must be provided");
  else if (!herald_sandbox_sender_is_allowed (store, spec.from_email))
    herald_sandbox_reply_legacy_error (reply, 401,
                                       "Sender is not an active sender of this account");
  else
    {
      for (guint i = 0; i < spec.recipients->len; i++)
        if (!herald_sandbox_email_is_valid (g_array_index (spec.recipients, Recipient, i).email))
          {
            g_autofree char *message =
                g_strdup_printf ("Invalid email address: \"%s\"",
                                 g_array_index (spec.recipients, Recipient, i).email);

            herald_sandbox_reply_legacy_error (reply, 400, message);
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
      herald_sandbox_reply_set (reply, 200, HERALD_SANDBOX_STYLE_LEGACY,
                                herald_sandbox_object_node (o));
    }
  send_spec_clear (&spec);
}

void
herald_sandbox_store_send_v3 (HeraldSandboxStore *store,
                              const char *body,
                              gsize length,
                              HeraldSandboxReply *reply)
{
  g_autoptr (JsonNode) root = herald_sandbox_parse_body (body, length);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      herald_sandbox_reply_legacy_error (reply, 400, "Invalid json input: expected a JSON object");
      return;
    }
  g_mutex_lock (&store->mutex);
  send_v3_unlocked (store, json_node_get_object (root), reply);
  herald_sandbox_evict_messages_unlocked (store);
  g_mutex_unlock (&store->mutex);
}
