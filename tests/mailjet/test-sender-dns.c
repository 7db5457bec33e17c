/* test-sender-dns.c: the sender check against a real DNS server (dnsmasq on the loopback of
 * a private network namespace, see dns-test-util.c) and the Sandbox, one fixture domain per
 * case of issue 16; then herald-cli check-sender's exit statuses and --json.
 *
 * Expected findings and records are written from RFC 7208/6376/7489 and Mailjet's
 * documentation (one SPF record including spf.mailjet.com, Mailjet's DKIM key at
 * mailjet._domainkey), not from the code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dns-test-util.h"
#include "herald-sandbox-private.h"
#include "herald-sandbox.h"
#include "herald-sender-check.h"
#include "mailjet-test-util.h"

static HeraldSandbox *sandbox;
static HeraldMailjetClient *client;

static HeraldSenderCheck *
run_check (const char *address, GError **error)
{
  g_autoptr (HeraldSenderCheck) check = herald_sender_check_new (client, address, error);
  g_autoptr (GAsyncResult) result = NULL;

  g_assert_nonnull (check);
  herald_sender_check_run_async (check, NULL, mailjet_test_wait_cb, &result);
  mailjet_test_wait (&result);
  if (!herald_sender_check_run_finish (check, result, error))
    return NULL;
  return g_steal_pointer (&check);
}

static HeraldSenderCheck *
check_ok (const char *address)
{
  g_autoptr (GError) error = NULL;
  HeraldSenderCheck *check = run_check (address, &error);
  g_autoptr (JsonNode) json = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  json = herald_sender_check_to_json (check);
  text = json_to_string (json, TRUE);
  g_test_message ("%s", text);
  return check;
}

static HeraldSenderFinding *
find (HeraldSenderCheck *check, const char *id)
{
  return herald_sender_findings_find (herald_sender_check_get_findings (check), id);
}

static HeraldSenderFinding *
expect (HeraldSenderCheck *check, const char *id, HeraldSeverity severity)
{
  HeraldSenderFinding *f = find (check, id);

  if (f == NULL)
    g_error ("%s: no finding “%s”", herald_sender_check_get_address (check), id);
  g_assert_cmpint (f->severity, ==, severity);
  if (severity != HERALD_SEVERITY_INFO)
    g_assert_true (f->fix != NULL && *f->fix != '\0');
  return f;
}

static void
test_all_good (void)
{
  g_autoptr (HeraldSenderCheck) check = check_ok ("alerts@good.test");

  g_assert_cmpint (herald_sender_check_get_verdict (check), ==, HERALD_SEVERITY_INFO);
  expect (check, "spf-ok", HERALD_SEVERITY_INFO);
  expect (check, "dkim-ok", HERALD_SEVERITY_INFO);
  expect (check, "dmarc-ok", HERALD_SEVERITY_INFO);
  expect (check, "sender-active", HERALD_SEVERITY_INFO);
  /* Mailjet's (the Sandbox's) live check reads the same DNS and agrees. */
  g_assert_cmpstr (herald_sender_check_get_mailjet_spf_status (check), ==, "OK");
  g_assert_cmpstr (herald_sender_check_get_mailjet_dkim_status (check), ==, "OK");
}

static void
test_no_spf (void)
{
  g_autoptr (HeraldSenderCheck) check = check_ok ("alerts@nospf.test");
  HeraldSenderFinding *f = expect (check, "spf-missing", HERALD_SEVERITY_ERROR);

  g_assert_cmpint (herald_sender_check_get_verdict (check), ==, HERALD_SEVERITY_ERROR);
  g_assert_cmpstr (f->record_name, ==, "nospf.test");
  g_assert_cmpstr (f->record_value, ==, "v=spf1 include:spf.mailjet.com ~all");
  g_assert_cmpstr (herald_sender_check_get_mailjet_spf_status (check), ==, "Error");
}

static void
test_two_spf (void)
{
  g_autoptr (HeraldSenderCheck) check = check_ok ("alerts@twospf.test");
  HeraldSenderFinding *f = expect (check, "spf-multiple", HERALD_SEVERITY_ERROR);
  g_auto (GStrv) words = g_strsplit (f->record_value, " ", -1);

  /* One record with both records' mechanisms; the DNS may list them in either order. */
  g_assert_cmpstr (f->record_name, ==, "twospf.test");
  g_assert_cmpuint (g_strv_length (words), ==, 4);
  g_assert_cmpstr (words[0], ==, "v=spf1");
  g_assert_true (g_strv_contains ((const char *const *) words, "include:spf.mailjet.com"));
  g_assert_true (g_strv_contains ((const char *const *) words, "ip4:192.0.2.10"));
  g_assert_cmpstr (words[3], ==, "-all");
}

static void
test_spf_without_mailjet (void)
{
  g_autoptr (HeraldSenderCheck) check = check_ok ("alerts@nomj.test");
  HeraldSenderFinding *f = expect (check, "spf-no-mailjet", HERALD_SEVERITY_ERROR);

  g_assert_cmpstr (f->record_name, ==, "nomj.test");
  g_assert_cmpstr (f->record_value, ==,
                   "v=spf1 include:_spf.partner.test include:spf.mailjet.com -all");
  g_assert_null (find (check, "spf-multiple"));
}

static void
test_eleven_lookups (void)
{
  g_autoptr (HeraldSenderCheck) check = check_ok ("alerts@lookups.test");
  HeraldSenderFinding *f = expect (check, "spf-too-many-lookups", HERALD_SEVERITY_ERROR);

  g_assert_nonnull (g_strstr_len (f->message, -1, "11"));
  g_assert_null (find (check, "spf-no-mailjet"));
}

static void
test_dkim_missing (void)
{
  g_autoptr (HeraldSenderCheck) check = check_ok ("alerts@nodkim.test");
  HeraldSenderFinding *f = expect (check, "dkim-missing", HERALD_SEVERITY_ERROR);

  g_assert_cmpstr (f->record_name, ==, "mailjet._domainkey.nodkim.test");
  g_assert_cmpstr (f->record_value, ==, HERALD_SANDBOX_DKIM_VALUE);
  /* p=reject, SPF aligned only with Mailjet's bounce domain: DMARC fails. */
  expect (check, "dmarc-unaligned", HERALD_SEVERITY_ERROR);
  g_assert_cmpstr (herald_sender_check_get_mailjet_dkim_status (check), ==, "Error");
}

static void
test_dkim_different (void)
{
  g_autoptr (HeraldSenderCheck) check = check_ok ("alerts@baddkim.test");
  HeraldSenderFinding *f = expect (check, "dkim-mismatch", HERALD_SEVERITY_ERROR);

  g_assert_cmpstr (f->record_name, ==, "mailjet._domainkey.baddkim.test");
  g_assert_cmpstr (f->record_value, ==, HERALD_SANDBOX_DKIM_VALUE);
}

static void
test_dkim_through_cname (void)
{
  g_autoptr (HeraldSenderCheck) check = check_ok ("alerts@cname.test");

  expect (check, "dkim-ok", HERALD_SEVERITY_INFO);
  g_assert_cmpint (herald_sender_check_get_verdict (check), ==, HERALD_SEVERITY_INFO);
}

static void
test_no_dmarc (void)
{
  g_autoptr (HeraldSenderCheck) check = check_ok ("alerts@nodmarc.test");
  HeraldSenderFinding *f = expect (check, "dmarc-missing", HERALD_SEVERITY_WARNING);

  g_assert_cmpint (herald_sender_check_get_verdict (check), ==, HERALD_SEVERITY_WARNING);
  g_assert_cmpstr (f->record_name, ==, "_dmarc.nodmarc.test");
  g_assert_cmpstr (f->record_value, ==, "v=DMARC1; p=none; rua=mailto:dmarc-reports@nodmarc.test");
}

static void
test_dmarc_p_none (void)
{
  g_autoptr (HeraldSenderCheck) check = check_ok ("alerts@pnone.test");
  HeraldSenderFinding *f = expect (check, "dmarc-policy-none", HERALD_SEVERITY_WARNING);

  g_assert_cmpstr (f->record_name, ==, "_dmarc.pnone.test");
  g_assert_cmpstr (f->record_value, ==, "v=DMARC1; p=quarantine; rua=mailto:dmarc@pnone.test");
}

static void
test_dmarc_organizational (void)
{
  g_autoptr (HeraldSenderCheck) check = check_ok ("alerts@mail.orgdmarc.test");
  HeraldSenderFinding *f = expect (check, "dmarc-ok", HERALD_SEVERITY_INFO);

  /* RFC 7489 §6.6.3: the organizational domain's sp= (quarantine), not its p= (none). */
  expect (check, "dmarc-inherited", HERALD_SEVERITY_INFO);
  g_assert_nonnull (g_strstr_len (f->message, -1, "quarantine"));
  g_assert_nonnull (g_strstr_len (f->message, -1, "_dmarc.orgdmarc.test"));
  g_assert_null (find (check, "dmarc-missing"));
  g_assert_cmpint (herald_sender_check_get_verdict (check), ==, HERALD_SEVERITY_INFO);
}

static void
test_dns_timeout (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldSenderCheck) check = run_check ("alerts@slow.test", &error);

  /* Not "no records": the check could not be made. */
  g_assert_null (check);
  g_assert_error (error, HERALD_SENDER_CHECK_ERROR, HERALD_SENDER_CHECK_ERROR_DNS);
  g_assert_nonnull (g_strstr_len (error->message, -1, "slow.test"));
}

static void
test_mailjet_refuses_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldSenderCheck) check = NULL;

  /* A 401 is not "not a sender": the check could not be made, and says Mailjet refused. */
  herald_sandbox_set_fault (sandbox, HERALD_SANDBOX_FAULT_UNAUTHORIZED);
  check = run_check ("alerts@good.test", &error);
  herald_sandbox_set_fault (sandbox, HERALD_SANDBOX_FAULT_NONE);
  g_assert_null (check);
  g_assert_error (error, HERALD_SENDER_CHECK_ERROR, HERALD_SENDER_CHECK_ERROR_MAILJET);
  g_assert_nonnull (g_strstr_len (error->message, -1, "API key"));
}

static void
test_validate (void)
{
  g_autoptr (JsonNode) body = json_from_string ("{\"Email\": \"news@inactive.invalid\", "
                                                "\"Name\": \"News\"}",
                                                NULL);
  g_autoptr (GAsyncResult) created = NULL;
  g_autoptr (GAsyncResult) validated = NULL;
  g_autoptr (JsonArray) data = NULL;
  g_autoptr (HeraldSenderCheck) check = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *outcome = NULL;

  /* A new sender outside the Sandbox's own domains starts Inactive (reference §8.1). */
  herald_mailjet_client_write_async (client, "POST", "/v3/REST/sender", body, NULL,
                                     mailjet_test_wait_cb, &created);
  data = herald_mailjet_client_write_finish (client, mailjet_test_wait (&created), &error);
  g_assert_no_error (error);

  check = check_ok ("news@inactive.invalid");
  expect (check, "sender-inactive", HERALD_SEVERITY_ERROR);
  g_assert_cmpstr (herald_sender_check_get_sender_status (check), ==, "Inactive");

  /* For a plain address, validating sends an activation email (§8.2). */
  herald_sender_check_validate_async (check, NULL, mailjet_test_wait_cb, &validated);
  outcome = herald_sender_check_validate_finish (check, mailjet_test_wait (&validated), &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (outcome, -1, "activation email"));
}

static void
test_nxdomain (void)
{
  g_autoptr (HeraldSenderCheck) check = check_ok ("alerts@missing.test");

  expect (check, "domain-not-found", HERALD_SEVERITY_ERROR);
  g_assert_null (find (check, "spf-missing"));
}

/* herald-cli ----------------------------------------------------------------------------- */

static char *
run_cli_at (const char *api_url, const char *target, gboolean json, int *exit_status, char **err)
{
  const char *argv[] = { g_getenv ("HERALD_CLI"), "check-sender", target, json ? "--json" : NULL,
                         NULL };
  g_auto (GStrv) env = g_get_environ ();
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status;

  env = g_environ_unsetenv (env, "MAILJET_API_KEY");
  if (api_url)
    {
      /* An account from the environment, at a URL where nothing listens. */
      env = g_environ_setenv (env, "MAILJET_API_KEY", "herald-test-key", TRUE);
      env = g_environ_setenv (env, "MAILJET_SECRET_KEY", "herald-test-secret", TRUE);
      env = g_environ_setenv (env, "MAILJET_API_URL", api_url, TRUE);
    }
  env = g_environ_setenv (env, "HOME", g_get_home_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  *exit_status = WEXITSTATUS (status);
  return out;
}

static char *
run_cli (const char *target, gboolean json, int *exit_status, char **err)
{
  return run_cli_at (NULL, target, json, exit_status, err);
}

static void
test_cli (void)
{
  g_autofree char *good = NULL, *good_err = NULL;
  g_autofree char *nodkim = NULL, *nodkim_err = NULL;
  g_autofree char *slow = NULL, *slow_err = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;
  JsonArray *findings;
  gboolean found = FALSE;
  int status;

  good = run_cli ("good.test", FALSE, &status, &good_err);
  g_assert_cmpint (status, ==, 0);

  nodkim = run_cli ("alerts@nodkim.test", TRUE, &status, &nodkim_err);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (json_parser_load_from_data (parser, nodkim, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "verdict"), ==, "error");
  findings = json_object_get_array_member (root, "findings");
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *f = json_array_get_object_element (findings, i);
      JsonObject *record;

      if (!g_str_equal (json_object_get_string_member (f, "id"), "dkim-missing"))
        continue;
      record = json_object_get_object_member (f, "record");
      g_assert_cmpstr (json_object_get_string_member (record, "name"), ==,
                       "mailjet._domainkey.nodkim.test");
      g_assert_cmpstr (json_object_get_string_member (record, "type"), ==, "TXT");
      g_assert_cmpstr (json_object_get_string_member (record, "value"), ==,
                       HERALD_SANDBOX_DKIM_VALUE);
      found = TRUE;
    }
  g_assert_true (found);

  /* Could not check: exit 2, and the reason names the DNS. */
  slow = run_cli ("alerts@slow.test", FALSE, &status, &slow_err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (g_strstr_len (slow_err, -1, "DNS"));
  g_assert_cmpstr (slow, ==, "");
}

static void
test_cli_mailjet_unreachable (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  /* Could not check: Mailjet does not answer (port 9 of the loopback: nothing listens). */
  out = run_cli_at ("https://127.0.0.1:9", "alerts@good.test", FALSE, &status, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (g_strstr_len (err, -1, "Mailjet"));
  g_assert_cmpstr (out, ==, "");
}

int
main (int argc, char **argv)
{
  g_autofree char *why = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ready = dns_test_enter_namespace (&why);

  g_test_init (&argc, &argv, NULL);
  /* A missing prerequisite (root, unshare, dnsmasq) fails the test: a skip would read as
   * a pass in CI. build-aux/dev installs dnsmasq-base, and CI runs as root. */
  if (!ready)
    {
      g_print ("Bail out! %s\n", why);
      return 1;
    }
  dns_test_start_server ();

  sandbox = herald_sandbox_new ();
  g_assert_true (herald_sandbox_start (sandbox, 0, &error));
  g_assert_no_error (error);
  client = herald_mailjet_client_new (herald_sandbox_get_base_url (sandbox), "key", "secret");
  herald_sandbox_set_credentials (sandbox, "key", "secret");
  g_assert_true (herald_mailjet_client_set_trusted_certificate_file (
      client, herald_sandbox_get_certificate_file (sandbox), &error));

  g_test_add_func ("/sender-dns/all-good", test_all_good);
  g_test_add_func ("/sender-dns/no-spf", test_no_spf);
  g_test_add_func ("/sender-dns/two-spf", test_two_spf);
  g_test_add_func ("/sender-dns/spf-without-mailjet", test_spf_without_mailjet);
  g_test_add_func ("/sender-dns/eleven-lookups", test_eleven_lookups);
  g_test_add_func ("/sender-dns/dkim-missing", test_dkim_missing);
  g_test_add_func ("/sender-dns/dkim-different", test_dkim_different);
  g_test_add_func ("/sender-dns/dkim-through-cname", test_dkim_through_cname);
  g_test_add_func ("/sender-dns/no-dmarc", test_no_dmarc);
  g_test_add_func ("/sender-dns/dmarc-p-none", test_dmarc_p_none);
  g_test_add_func ("/sender-dns/dmarc-organizational", test_dmarc_organizational);
  g_test_add_func ("/sender-dns/dns-timeout", test_dns_timeout);
  g_test_add_func ("/sender-dns/nxdomain", test_nxdomain);
  g_test_add_func ("/sender-dns/validate", test_validate);
  g_test_add_func ("/sender-dns/mailjet-refuses-key", test_mailjet_refuses_key);
  g_test_add_func ("/sender-dns/cli", test_cli);
  g_test_add_func ("/sender-dns/cli-mailjet-unreachable", test_cli_mailjet_unreachable);
  return g_test_run ();
}
