/* herald-sandbox-dns.c: the Sandbox's live DNS check (POST /v3/REST/dns/{domain}/check) for
 * names under ".test".
 *
 * Like Mailjet, it reads the domain's SPF and DKIM records from the DNS. Only ".test" names
 * are looked up (RFC 6761: they never exist publicly, so only a test's own DNS server
 * answers); other domains keep the canned answers of herald-sandbox-rest-dns.c, and the
 * Sandbox never reaches the public DNS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <gio/gio.h>

#include "herald-sandbox-store-private.h"
#include "herald-sender-check.h"
#include "herald-sender-rules.h"

static GStrv
lookup_txt (const char *name, gboolean *failed)
{
  g_autoptr (GResolver) resolver = g_resolver_get_default ();
  g_autoptr (GError) error = NULL;
  GList *records = g_resolver_lookup_records (resolver, name, G_RESOLVER_RECORD_TXT, NULL, &error);
  GStrv strings = herald_txt_records_join (records);

  if (error && !g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    *failed = TRUE;
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  return strings;
}

JsonObject *
herald_sandbox_dns_live_check (const char *domain)
{
  g_autofree char *lower = g_ascii_strdown (domain, -1);
  g_autofree char *dkim_name = NULL;
  g_auto (GStrv) txt = NULL;
  g_auto (GStrv) dkim = NULL;
  JsonObject *o;
  JsonArray *spf_values, *spf_errors, *dkim_errors;
  gboolean failed = FALSE;
  gboolean spf_ok = FALSE;
  gboolean dkim_ok;
  guint n_spf = 0;

  if (!g_str_has_suffix (lower, ".test"))
    return NULL;

  dkim_name = g_strdup_printf ("mailjet._domainkey.%s", lower);
  txt = lookup_txt (lower, &failed);
  dkim = lookup_txt (dkim_name, &failed);

  o = json_object_new ();
  spf_values = json_array_new ();
  spf_errors = json_array_new ();
  dkim_errors = json_array_new ();
  for (guint i = 0; txt[i]; i++)
    if (herald_spf_is_record (txt[i]))
      {
        json_array_add_string_element (spf_values, txt[i]);
        spf_ok = g_strstr_len (txt[i], -1, HERALD_MAILJET_SPF_INCLUDE) != NULL;
        n_spf++;
      }
  if (n_spf != 1)
    spf_ok = FALSE;
  /* Mailjet's error texts, as its documentation shows them. */
  if (failed)
    json_array_add_string_element (spf_errors, "DNS lookup failed");
  else if (n_spf == 0)
    json_array_add_string_element (spf_errors, "no SPF record");
  else if (n_spf > 1)
    json_array_add_string_element (spf_errors, "multiple SPF records");
  else if (!spf_ok)
    json_array_add_string_element (spf_errors, "SPF record does not include spf.mailjet.com");

  dkim_ok = dkim[0] != NULL && g_str_equal (dkim[0], HERALD_SANDBOX_DKIM_VALUE);
  if (dkim[0] == NULL)
    json_array_add_string_element (dkim_errors, "no DKIM record");
  else if (!dkim_ok)
    json_array_add_string_element (dkim_errors, "DKIM record does not match");

  json_object_set_array_member (o, "DKIMErrors", dkim_errors);
  json_object_set_string_member (o, "DKIMRecordCurrentValue", dkim[0] ? dkim[0] : "");
  json_object_set_string_member (o, "DKIMStatus", dkim_ok ? "OK" : "Error");
  json_object_set_array_member (o, "SPFErrors", spf_errors);
  json_object_set_array_member (o, "SPFRecordsCurrentValues", spf_values);
  json_object_set_string_member (o, "SPFStatus", spf_ok ? "OK" : "Error");
  return o;
}
