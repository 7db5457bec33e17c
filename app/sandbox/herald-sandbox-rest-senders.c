/* herald-sandbox-rest-senders.c: /v3/REST/sender: list, create, read, change, delete,
 * validate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include "herald-sandbox-store-private.h"

static JsonObject *
sender_object (Sender *s)
{
  JsonObject *o = json_object_new ();
  gboolean catch_all = g_str_has_prefix (s->email, "*@");

  json_object_set_string_member (o, "CreatedAt", s->created_at);
  json_object_set_int_member (o, "DNSID",
                              herald_sandbox_dns_id (herald_sandbox_email_domain (s->email)));
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

static gboolean
sender_has_id (gconstpointer item, gconstpointer id)
{
  return ((const Sender *) item)->id == *(const gint64 *) id;
}

static Sender *
find_sender_by_id (HeraldSandboxStore *store, const char *text)
{
  gint64 id;

  if (!herald_sandbox_parse_id (text, &id))
    return NULL;
  return herald_sandbox_find (store->senders, &id, sender_has_id);
}

static void
sender_update (Sender *sender, JsonObject *body)
{
  if (herald_sandbox_member_string (body, "Name") != NULL)
    {
      g_free (sender->name);
      sender->name = g_strdup (herald_sandbox_member_string (body, "Name"));
    }
  if (herald_sandbox_member_string (body, "EmailType") != NULL)
    {
      g_free (sender->email_type);
      sender->email_type = g_strdup (herald_sandbox_member_string (body, "EmailType"));
    }
  if (herald_sandbox_member_has_type (body, "IsDefaultSender", G_TYPE_BOOLEAN))
    sender->is_default = herald_sandbox_member_true (body, "IsDefaultSender");
}

static void
sender_create (HeraldSandboxStore *store, JsonObject *body, HeraldSandboxReply *reply)
{
  const char *email = herald_sandbox_member_string (body, "Email");
  const char *check = email != NULL && g_str_has_prefix (email, "*@") ? email + 1 : email;
  g_autofree char *probe = check != NULL ? g_strconcat ("x", check, NULL) : NULL;
  Sender *sender;

  if (email == NULL || !herald_sandbox_email_is_valid (check[0] == '@' ? probe : check))
    {
      herald_sandbox_reply_legacy_error (reply, 400,
                                         "Invalid \"Email\" property: a valid address is required");
      return;
    }
  if (herald_sandbox_find_sender (store, email) != NULL)
    {
      herald_sandbox_reply_legacy_error (reply, 400,
                                         "There is already a sender with this email address");
      return;
    }
  /* Every new sender starts Inactive until validated, as on Mailjet (§8.1), even at the
   * sandbox's own domains (those may send without a sender record anyway). */
  herald_sandbox_add_sender_unlocked (store, email,
                                      herald_sandbox_member_string (body, "Name")
                                          ? herald_sandbox_member_string (body, "Name")
                                          : "",
                                      "Inactive");
  sender = g_ptr_array_index (store->senders, store->senders->len - 1);
  sender_update (sender, body);
  herald_sandbox_reply_one (reply, 201, HERALD_SANDBOX_STYLE_LEGACY, sender_object (sender));
}

static void
sender_validate (Sender *sender, HeraldSandboxReply *reply)
{
  JsonObject *o = json_object_new ();

  if (g_str_equal (sender->status, "Active"))
    {
      json_object_unref (o);
      herald_sandbox_reply_legacy_error (reply, 400, "The sender is already active");
      return;
    }
  /* At its own domains the sandbox plays the owner who clicks the activation link at once;
   * elsewhere it has no mailbox to click one in, so it only reports the email sent. */
  if (herald_sandbox_domain_is_reserved (herald_sandbox_email_domain (sender->email)))
    {
      g_free (sender->status);
      sender->status = g_strdup ("Active");
    }
  json_object_set_object_member (o, "Errors", json_object_new ());
  json_object_set_string_member (o, "GlobalError", "");
  json_object_set_string_member (o, "ValidationMethod", "ActivationEmail");
  herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, o);
}

void
herald_sandbox_rest_sender_list (HeraldSandboxStore *store,
                                 const HeraldSandboxRequest *request,
                                 HeraldSandboxReply *reply)
{
  g_autoptr (GPtrArray) objects =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  GHashTable *query = request->query;
  const char *status = herald_sandbox_query_get (query, "Status");
  const char *email = herald_sandbox_query_get (query, "Email");
  const char *domain = herald_sandbox_query_get (query, "Domain");

  /* Sending from a reserved domain needs no sender setup, so such a domain has an implicit
   * active catch-all sender, listed once someone asks about the domain. */
  if (domain != NULL && herald_sandbox_domain_is_reserved (domain) &&
      herald_sandbox_find_sender_at (store, domain) == NULL)
    {
      g_autofree char *catch_all = g_strconcat ("*@", domain, NULL);

      herald_sandbox_add_sender_unlocked (store, catch_all, "", "Active");
    }

  for (guint i = 0; i < store->senders->len; i++)
    {
      Sender *s = g_ptr_array_index (store->senders, i);

      if ((g_str_equal (s->status, "Deleted") &&
           !herald_sandbox_query_true (query, "ShowDeleted")) ||
          (status != NULL && g_ascii_strcasecmp (status, s->status) != 0) ||
          (email != NULL && g_ascii_strcasecmp (email, s->email) != 0) ||
          (domain != NULL &&
           g_ascii_strcasecmp (domain, herald_sandbox_email_domain (s->email)) != 0))
        continue;
      g_ptr_array_add (objects, sender_object (s));
    }
  herald_sandbox_reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY,
                                 herald_sandbox_window_array (objects, query), objects->len);
}

void
herald_sandbox_rest_sender_create (HeraldSandboxStore *store,
                                   const HeraldSandboxRequest *request,
                                   HeraldSandboxReply *reply)
{
  g_autoptr (JsonNode) root = herald_sandbox_request_object (request, reply);

  if (root != NULL)
    sender_create (store, json_node_get_object (root), reply);
}

/* The sender the path's second segment names; else NULL and the reply is a 404. A deleted
 * sender can still be read and validated, not changed again. */
static Sender *
request_sender (HeraldSandboxStore *store,
                const HeraldSandboxRequest *request,
                gboolean deleted_too,
                HeraldSandboxReply *reply)
{
  Sender *sender = find_sender_by_id (store, request->segments[1]);

  if (sender != NULL && !deleted_too && g_str_equal (sender->status, "Deleted"))
    sender = NULL;
  if (sender == NULL)
    herald_sandbox_reply_not_found (reply);
  return sender;
}

void
herald_sandbox_rest_sender_get (HeraldSandboxStore *store,
                                const HeraldSandboxRequest *request,
                                HeraldSandboxReply *reply)
{
  Sender *sender = request_sender (store, request, TRUE, reply);

  if (sender != NULL)
    herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, sender_object (sender));
}

/* PUT /sender/{id} changes Name, EmailType and IsDefaultSender only (§8.1). */
void
herald_sandbox_rest_sender_change (HeraldSandboxStore *store,
                                   const HeraldSandboxRequest *request,
                                   HeraldSandboxReply *reply)
{
  Sender *sender = request_sender (store, request, FALSE, reply);
  g_autoptr (JsonNode) root = NULL;

  if (sender == NULL || (root = herald_sandbox_request_object (request, reply)) == NULL)
    return;
  sender_update (sender, json_node_get_object (root));
  herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, sender_object (sender));
}

/* DELETE marks the sender Deleted, which lists show only with ShowDeleted=true. */
void
herald_sandbox_rest_sender_delete (HeraldSandboxStore *store,
                                   const HeraldSandboxRequest *request,
                                   HeraldSandboxReply *reply)
{
  Sender *sender = request_sender (store, request, FALSE, reply);

  if (sender == NULL)
    return;
  g_free (sender->status);
  sender->status = g_strdup ("Deleted");
  herald_sandbox_reply_set (reply, 204, HERALD_SANDBOX_STYLE_LEGACY, NULL);
}

void
herald_sandbox_rest_sender_validate (HeraldSandboxStore *store,
                                     const HeraldSandboxRequest *request,
                                     HeraldSandboxReply *reply)
{
  Sender *sender = request_sender (store, request, TRUE, reply);

  if (sender != NULL)
    sender_validate (sender, reply);
}
