/* herald-sandbox-rest-account.c: GET /v3/REST/myprofile, user and apikey, and
 * eventcallbackurl.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include "herald-sandbox-store-private.h"

void
herald_sandbox_rest_myprofile_get (HeraldSandboxStore *store,
                                   const HeraldSandboxRequest *request,
                                   HeraldSandboxReply *reply)
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
  herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, o);
}

void
herald_sandbox_rest_user_get (HeraldSandboxStore *store,
                              const HeraldSandboxRequest *request,
                              HeraldSandboxReply *reply)
{
  JsonObject *o = json_object_new ();
  g_autofree char *now = herald_sandbox_iso_time (herald_sandbox_store_now_unix (store));

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
  herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, o);
}

void
herald_sandbox_rest_apikey_get (HeraldSandboxStore *store,
                                const HeraldSandboxRequest *request,
                                HeraldSandboxReply *reply)
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
  herald_sandbox_reply_one (reply, 200, HERALD_SANDBOX_STYLE_LEGACY, o);
}

static void
eventcallback_create (HeraldSandboxStore *store, JsonObject *body, HeraldSandboxReply *reply)
{
  static const char *const event_types[] = {
    "open", "click", "bounce", "spam", "blocked", "unsub", "sent",
  };
  const char *event_type = herald_sandbox_member_string (body, "EventType");
  const char *url = herald_sandbox_member_string (body, "Url");
  gboolean known = FALSE;
  JsonObject *o;

  for (guint i = 0; event_type != NULL && i < G_N_ELEMENTS (event_types); i++)
    known |= g_str_equal (event_type, event_types[i]);
  if (!known || url == NULL || !g_str_has_prefix (url, "http"))
    {
      herald_sandbox_reply_legacy_error (reply, 400, "Invalid \"EventType\" or \"Url\" property");
      return;
    }

  o = json_object_new ();
  json_object_set_string_member (o, "EventType", event_type);
  json_object_set_boolean_member (o, "IsBackup", herald_sandbox_member_true (body, "IsBackup"));
  json_object_set_string_member (o, "Status",
                                 herald_sandbox_member_string (body, "Status")
                                     ? herald_sandbox_member_string (body, "Status")
                                     : "alive");
  json_object_set_int_member (o, "APIKeyID", 1404561);
  json_object_set_int_member (o, "ID", 987654 + store->callbacks->len);
  json_object_set_int_member (o, "Version",
                              herald_sandbox_member_has_type (body, "Version", G_TYPE_INT64)
                                  ? json_object_get_int_member (body, "Version")
                                  : 1);
  json_object_set_string_member (o, "Url", url);
  g_ptr_array_add (store->callbacks, o);
  herald_sandbox_reply_one (reply, 201, HERALD_SANDBOX_STYLE_LEGACY, json_object_ref (o));
}

/* Kept, never called: a desktop app has no public endpoint for Mailjet to reach. */
void
herald_sandbox_rest_eventcallbackurl_list (HeraldSandboxStore *store,
                                           const HeraldSandboxRequest *request,
                                           HeraldSandboxReply *reply)
{
  herald_sandbox_reply_envelope (reply, 200, HERALD_SANDBOX_STYLE_LEGACY,
                                 herald_sandbox_window_array (store->callbacks, request->query),
                                 store->callbacks->len);
}

/* Kept, never called: a desktop app has no public endpoint for Mailjet to reach. */
void
herald_sandbox_rest_eventcallbackurl_create (HeraldSandboxStore *store,
                                             const HeraldSandboxRequest *request,
                                             HeraldSandboxReply *reply)
{
  g_autoptr (JsonNode) root = herald_sandbox_request_object (request, reply);

  if (root != NULL)
    eventcallback_create (store, json_node_get_object (root), reply);
}
