/* herald-sandbox-rest-dns.c: /v3/REST/dns: the sender domains, their SPF/DKIM records and
 * checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include "herald-sandbox-store-private.h"

gint64
herald_sandbox_dns_id (const char *domain)
{
  g_autofree char *lower = g_ascii_strdown (domain, -1);

  return herald_sandbox_stable_id (lower, 325000000, 1000000);
}

static gboolean
sender_has_dns_id (gconstpointer item, gconstpointer id)
{
  return herald_sandbox_dns_id (herald_sandbox_email_domain (((const Sender *) item)->email)) ==
         *(const gint64 *) id;
}

static gboolean
domain_is_known (HeraldSandboxStore *store, const char *domain)
{
  return herald_sandbox_domain_is_reserved (domain) ||
         herald_sandbox_find_sender_at (store, domain) != NULL;
}

/* A domain whose first label is "unauthenticated" (e.g. unauthenticated.example) fails its
 * SPF and DKIM checks, so the sender check has a failure to show. */
static gboolean
domain_is_authenticated (const char *domain)
{
  return !g_str_has_prefix (domain, "unauthenticated.");
}

static JsonObject *
dns_object (HeraldSandboxStore *store, const char *domain)
{
  JsonObject *o = json_object_new ();
  g_autofree char *lower = g_ascii_strdown (domain, -1);
  g_autofree char *token = g_compute_checksum_for_string (G_CHECKSUM_MD5, lower, -1);
  g_autofree char *dkim_name = g_strdup_printf ("mailjet._domainkey.%s", lower);
  g_autofree char *token_name = g_strdup_printf ("mailjet._%.8s", token);
  g_autofree char *now = herald_sandbox_iso_time (herald_sandbox_store_now_unix (store));
  const char *status = domain_is_authenticated (lower) ? "OK" : "Error";

  json_object_set_string_member (o, "DKIMRecordName", dkim_name);
  json_object_set_string_member (o, "DKIMRecordValue", HERALD_SANDBOX_DKIM_VALUE);
  json_object_set_string_member (o, "DKIMStatus", status);
  json_object_set_string_member (o, "Domain", lower);
  json_object_set_int_member (o, "ID", herald_sandbox_dns_id (lower));
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
  JsonObject *o = herald_sandbox_dns_live_check (domain);
  JsonArray *dkim_errors, *spf_errors, *spf_values;
  gboolean ok = domain_is_authenticated (domain);

  if (o != NULL)
    return o;
  o = json_object_new ();
  dkim_errors = json_array_new ();
  spf_errors = json_array_new ();
  spf_values = json_array_new ();

  if (!ok)
    {
      json_array_add_string_element (dkim_errors, "no DKIM record");
      json_array_add_string_element (spf_errors, "no SPF record");
    }
  else
    json_array_add_string_element (spf_values, "v=spf1 include:spf.mailjet.com -all");
  json_object_set_array_member (o, "DKIMErrors", dkim_errors);
  json_object_set_string_member (o, "DKIMRecordCurrentValue", ok ? HERALD_SANDBOX_DKIM_VALUE : "");
  json_object_set_string_member (o, "DKIMStatus", ok ? "OK" : "Error");
  json_object_set_array_member (o, "SPFErrors", spf_errors);
  json_object_set_array_member (o, "SPFRecordsCurrentValues", spf_values);
  json_object_set_string_member (o, "SPFStatus", ok ? "OK" : "Error");
  return o;
}

static const char *
resolve_dns_domain (HeraldSandboxStore *store, const char *id_or_domain)
{
  Sender *sender;
  gint64 id;

  if (!herald_sandbox_parse_id (id_or_domain, &id))
    return domain_is_known (store, id_or_domain) ? id_or_domain : NULL;
  sender = herald_sandbox_find (store->senders, &id, sender_has_dns_id);
  return sender != NULL ? herald_sandbox_email_domain (sender->email) : NULL;
}

void
herald_sandbox_rest_dns_list (HeraldSandboxStore *store,
                              const HeraldSandboxRequest *request,
                              HeraldSandboxReply *reply)
{
  g_autoptr (GPtrArray) objects =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < store->senders->len; i++)
    {
      Sender *s = g_ptr_array_index (store->senders, i);

      if (g_hash_table_add (seen, (gpointer) herald_sandbox_email_domain (s->email)))
        g_ptr_array_add (objects, dns_object (store, herald_sandbox_email_domain (s->email)));
    }
  herald_sandbox_reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY,
                                 herald_sandbox_window_array (objects, request->query),
                                 objects->len);
}

/* The domain the path's second segment names (an id or the domain itself); else NULL and the
 * reply is a 404. */
static const char *
request_domain (HeraldSandboxStore *store,
                const HeraldSandboxRequest *request,
                HeraldSandboxReply *reply)
{
  const char *domain = resolve_dns_domain (store, request->segments[1]);

  if (domain == NULL)
    herald_sandbox_reply_not_found (reply);
  return domain;
}

void
herald_sandbox_rest_dns_get (HeraldSandboxStore *store,
                             const HeraldSandboxRequest *request,
                             HeraldSandboxReply *reply)
{
  const char *domain = request_domain (store, request, reply);

  if (domain != NULL)
    herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, dns_object (store, domain));
}

void
herald_sandbox_rest_dns_check (HeraldSandboxStore *store,
                               const HeraldSandboxRequest *request,
                               HeraldSandboxReply *reply)
{
  const char *domain = request_domain (store, request, reply);

  if (domain != NULL)
    herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, dns_check_object (domain));
}
