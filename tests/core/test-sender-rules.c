/* test-sender-rules.c: SPF/DKIM/DMARC verdicts from given records, no DNS.
 *
 * Expected records and counts are worked out by hand from RFC 7208 (SPF), RFC 6376 (DKIM),
 * RFC 7489 (DMARC) and Mailjet's documentation, not taken from the code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-sender-rules.h"

#define KEY "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkey"

static const char *const good_txt[] = { "google-site-verification=abc",
                                        "v=spf1 include:spf.mailjet.com -all", NULL };
static const char *const good_dkim[] = { KEY, NULL };
static const char *const good_dmarc[] = { "v=DMARC1; p=reject; rua=mailto:d@bank.test", NULL };

static HeraldSenderFacts
good_facts (void)
{
  HeraldSenderFacts f = {
    .domain = "bank.test",
    .org_domain = "bank.test",
    .domain_exists = TRUE,
    .domain_txt = good_txt,
    .spf_lookups = 3,
    .spf_lookups_done = TRUE,
    .dkim_txt = good_dkim,
    .dmarc_txt = good_dmarc,
    .sender_email = "*@bank.test",
    .sender_status = "Active",
    .expected_dkim = KEY,
    .expected_spf = "v=spf1 include:spf.mailjet.com ?all",
  };
  return f;
}

static HeraldSenderFinding *
expect (GPtrArray *findings, const char *id, HeraldSeverity severity)
{
  HeraldSenderFinding *f = herald_sender_findings_find (findings, id);

  if (f == NULL)
    g_error ("no finding “%s”", id);
  g_assert_cmpint (f->severity, ==, severity);
  if (severity != HERALD_SEVERITY_INFO)
    {
      g_assert_nonnull (f->fix);
      g_assert_cmpstr (f->fix, !=, "");
    }
  return f;
}

static void
test_all_good (void)
{
  HeraldSenderFacts facts = good_facts ();
  g_autoptr (GPtrArray) findings = herald_sender_evaluate (&facts);

  g_assert_cmpint (herald_sender_verdict (findings), ==, HERALD_SEVERITY_INFO);
  expect (findings, "spf-ok", HERALD_SEVERITY_INFO);
  expect (findings, "dkim-ok", HERALD_SEVERITY_INFO);
  expect (findings, "dmarc-ok", HERALD_SEVERITY_INFO);
  expect (findings, "dmarc-aligned", HERALD_SEVERITY_INFO);
  expect (findings, "sender-active", HERALD_SEVERITY_INFO);
}

static void
test_no_spf (void)
{
  static const char *const txt[] = { "google-site-verification=abc", NULL };
  HeraldSenderFacts facts = good_facts ();
  g_autoptr (GPtrArray) findings = NULL;
  HeraldSenderFinding *f;

  facts.domain_txt = txt;
  findings = herald_sender_evaluate (&facts);
  g_assert_cmpint (herald_sender_verdict (findings), ==, HERALD_SEVERITY_ERROR);
  f = expect (findings, "spf-missing", HERALD_SEVERITY_ERROR);
  g_assert_cmpstr (f->record_name, ==, "bank.test");
  g_assert_cmpstr (f->record_value, ==, "v=spf1 include:spf.mailjet.com ~all");
  /* The first finding is the worst. */
  g_assert_cmpint (((HeraldSenderFinding *) g_ptr_array_index (findings, 0))->severity, ==,
                   HERALD_SEVERITY_ERROR);
}

static void
test_two_spf (void)
{
  static const char *const txt[] = { "v=spf1 ip4:192.0.2.1 -all",
                                     "v=spf1 include:_spf.google.com ~all", NULL };
  HeraldSenderFacts facts = good_facts ();
  g_autoptr (GPtrArray) findings = NULL;
  HeraldSenderFinding *f;

  facts.domain_txt = txt;
  findings = herald_sender_evaluate (&facts);
  f = expect (findings, "spf-multiple", HERALD_SEVERITY_ERROR);
  /* RFC 7208 §4.5: one record; both records' mechanisms, Mailjet's include before "all". */
  g_assert_cmpstr (f->record_value, ==,
                   "v=spf1 ip4:192.0.2.1 include:_spf.google.com include:spf.mailjet.com -all");
  g_assert_nonnull (g_strstr_len (f->message, -1, "2"));
}

static void
test_spf_without_mailjet (void)
{
  static const char *const txt[] = { "v=spf1 include:_spf.google.com -all", NULL };
  static const char *const redirect[] = { "v=spf1 ip4:192.0.2.0/24 redirect=_spf.bank.test", NULL };
  HeraldSenderFacts facts = good_facts ();
  g_autoptr (GPtrArray) findings = NULL;
  g_autoptr (GPtrArray) again = NULL;
  HeraldSenderFinding *f;

  facts.domain_txt = txt;
  findings = herald_sender_evaluate (&facts);
  f = expect (findings, "spf-no-mailjet", HERALD_SEVERITY_ERROR);
  g_assert_cmpstr (f->record_name, ==, "bank.test");
  g_assert_cmpstr (f->record_value, ==,
                   "v=spf1 include:_spf.google.com include:spf.mailjet.com -all");
  g_assert_null (herald_sender_findings_find (findings, "spf-missing"));

  /* A redirect= only applies when nothing matched: the include goes before it. */
  facts.domain_txt = redirect;
  again = herald_sender_evaluate (&facts);
  f = expect (again, "spf-no-mailjet", HERALD_SEVERITY_ERROR);
  g_assert_cmpstr (f->record_value, ==,
                   "v=spf1 ip4:192.0.2.0/24 include:spf.mailjet.com redirect=_spf.bank.test");
}

static void
test_spf_qualifier (void)
{
  static const char *const neutral[] = { "v=spf1 include:spf.mailjet.com ?all", NULL };
  static const char *const open[] = { "v=spf1 include:spf.mailjet.com +all", NULL };
  HeraldSenderFacts facts = good_facts ();
  g_autoptr (GPtrArray) a = NULL;
  g_autoptr (GPtrArray) b = NULL;
  HeraldSenderFinding *f;

  facts.domain_txt = neutral;
  a = herald_sender_evaluate (&facts);
  f = expect (a, "spf-all", HERALD_SEVERITY_WARNING);
  g_assert_cmpstr (f->record_value, ==, "v=spf1 include:spf.mailjet.com ~all");
  g_assert_cmpint (herald_sender_verdict (a), ==, HERALD_SEVERITY_WARNING);

  facts.domain_txt = open;
  b = herald_sender_evaluate (&facts);
  expect (b, "spf-all", HERALD_SEVERITY_ERROR);
}

static void
test_count_lookups (void)
{
  g_autoptr (GHashTable) records = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) unresolved = g_ptr_array_new_with_free_func (g_free);
  const char *root = "v=spf1 a mx ip4:192.0.2.1 include:one.test redirect=ignored.test -all";

  /* a, mx, include:one.test = 3; redirect= is ignored with an "all" (RFC 7208 §6.1). */
  g_assert_cmpuint (herald_spf_count_lookups (root, records, unresolved), ==, 3);
  g_assert_cmpuint (unresolved->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (unresolved, 0), ==, "one.test");

  /* one.test: include:two.test, exists:%{i}.x.test (macro: counted, not followed) = 2;
   * two.test: ptr, a:mail.two.test = 2. */
  g_hash_table_insert (records, "one.test", "v=spf1 include:two.test exists:%{i}.x.test ~all");
  g_hash_table_insert (records, "two.test", "v=spf1 ptr a:mail.two.test -all");
  g_ptr_array_set_size (unresolved, 0);
  g_assert_cmpuint (herald_spf_count_lookups (root, records, unresolved), ==, 7);
  g_assert_cmpuint (unresolved->len, ==, 0);

  /* A loop is counted once, not forever. */
  g_hash_table_insert (records, "two.test", "v=spf1 include:one.test -all");
  g_assert_cmpuint (herald_spf_count_lookups (root, records, NULL), ==, 6);
}

static void
test_too_many_lookups (void)
{
  HeraldSenderFacts facts = good_facts ();
  g_autoptr (GPtrArray) findings = NULL;
  g_autoptr (GPtrArray) ten = NULL;
  HeraldSenderFinding *f;

  facts.spf_lookups = 11;
  findings = herald_sender_evaluate (&facts);
  f = expect (findings, "spf-too-many-lookups", HERALD_SEVERITY_ERROR);
  g_assert_nonnull (g_strstr_len (f->message, -1, "11"));

  facts.spf_lookups = 10;
  ten = herald_sender_evaluate (&facts);
  g_assert_null (herald_sender_findings_find (ten, "spf-too-many-lookups"));
}

static void
test_dkim (void)
{
  static const char *const other[] = { "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDother",
                                       NULL };
  static const char *const folded[] = { "k=rsa;  p=MIGfMA0GCSqGSIb3DQEBAQUAA4GN ADCBiQKBgQDkey",
                                        NULL };
  HeraldSenderFacts facts = good_facts ();
  g_autoptr (GPtrArray) missing = NULL;
  g_autoptr (GPtrArray) mismatch = NULL;
  static const char *const rotation[] = { "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDother",
                                          KEY, NULL };
  g_autoptr (GPtrArray) same = NULL;
  g_autoptr (GPtrArray) rotating = NULL;
  HeraldSenderFinding *f;

  facts.dkim_txt = NULL;
  missing = herald_sender_evaluate (&facts);
  f = expect (missing, "dkim-missing", HERALD_SEVERITY_ERROR);
  g_assert_cmpstr (f->record_name, ==, "mailjet._domainkey.bank.test");
  g_assert_cmpstr (f->record_value, ==, KEY);
  /* p=reject and no DKIM: Mailjet's mail is rejected (SPF cannot align). */
  expect (missing, "dmarc-unaligned", HERALD_SEVERITY_ERROR);

  facts.dkim_txt = other;
  mismatch = herald_sender_evaluate (&facts);
  f = expect (mismatch, "dkim-mismatch", HERALD_SEVERITY_ERROR);
  g_assert_cmpstr (f->record_name, ==, "mailjet._domainkey.bank.test");
  g_assert_cmpstr (f->record_value, ==, KEY);

  /* Whitespace inside p= is folding (RFC 6376 §3.6.1), not a different key. */
  facts.dkim_txt = folded;
  same = herald_sender_evaluate (&facts);
  expect (same, "dkim-ok", HERALD_SEVERITY_INFO);

  /* During a key rotation the old and the new key are both published. */
  facts.dkim_txt = rotation;
  rotating = herald_sender_evaluate (&facts);
  expect (rotating, "dkim-ok", HERALD_SEVERITY_INFO);
  g_assert_null (herald_sender_findings_find (rotating, "dkim-mismatch"));
}

static void
test_dmarc (void)
{
  static const char *const none[] = { "v=DMARC1; p=none; rua=mailto:r@bank.test", NULL };
  static const char *const no_rua[] = { "v=DMARC1; p=quarantine", NULL };
  static const char *const org[] = { "v=DMARC1; p=none; sp=reject; rua=mailto:r@bank.test", NULL };
  HeraldSenderFacts facts = good_facts ();
  g_autoptr (GPtrArray) missing = NULL;
  g_autoptr (GPtrArray) p_none = NULL;
  g_autoptr (GPtrArray) rua = NULL;
  g_autoptr (GPtrArray) inherited = NULL;
  HeraldSenderFinding *f;

  facts.dmarc_txt = NULL;
  missing = herald_sender_evaluate (&facts);
  f = expect (missing, "dmarc-missing", HERALD_SEVERITY_WARNING);
  g_assert_cmpstr (f->record_name, ==, "_dmarc.bank.test");
  g_assert_cmpstr (f->record_value, ==, "v=DMARC1; p=none; rua=mailto:dmarc-reports@bank.test");

  facts.dmarc_txt = none;
  p_none = herald_sender_evaluate (&facts);
  f = expect (p_none, "dmarc-policy-none", HERALD_SEVERITY_WARNING);
  g_assert_cmpstr (f->record_value, ==, "v=DMARC1; p=quarantine; rua=mailto:r@bank.test");

  facts.dmarc_txt = no_rua;
  rua = herald_sender_evaluate (&facts);
  f = expect (rua, "dmarc-no-rua", HERALD_SEVERITY_WARNING);
  g_assert_cmpstr (f->record_value, ==,
                   "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@bank.test");

  /* Only the organizational domain has a record: its sp= applies (RFC 7489 §6.6.3). */
  facts.domain = "mail.bank.test";
  facts.dmarc_txt = NULL;
  facts.org_dmarc_txt = org;
  inherited = herald_sender_evaluate (&facts);
  expect (inherited, "dmarc-inherited", HERALD_SEVERITY_INFO);
  f = expect (inherited, "dmarc-ok", HERALD_SEVERITY_INFO);
  g_assert_nonnull (g_strstr_len (f->message, -1, "reject"));
  g_assert_nonnull (g_strstr_len (f->message, -1, "_dmarc.bank.test"));
  g_assert_null (herald_sender_findings_find (inherited, "dmarc-missing"));
  g_assert_null (herald_sender_findings_find (inherited, "dmarc-policy-none"));
}

static void
test_domain_and_sender (void)
{
  HeraldSenderFacts facts = good_facts ();
  g_autoptr (GPtrArray) gone = NULL;
  g_autoptr (GPtrArray) unknown = NULL;
  g_autoptr (GPtrArray) inactive = NULL;
  HeraldSenderFinding *f;

  facts.domain_exists = FALSE;
  facts.domain_txt = NULL;
  facts.dkim_txt = NULL;
  facts.dmarc_txt = NULL;
  gone = herald_sender_evaluate (&facts);
  expect (gone, "domain-not-found", HERALD_SEVERITY_ERROR);
  /* Nothing to fix record by record on a name that does not exist. */
  g_assert_null (herald_sender_findings_find (gone, "spf-missing"));

  facts = good_facts ();
  facts.sender_status = NULL;
  unknown = herald_sender_evaluate (&facts);
  expect (unknown, "sender-unknown", HERALD_SEVERITY_ERROR);

  facts = good_facts ();
  facts.sender_status = "Inactive";
  facts.ownership_record_name = "mailjet._a1b2c3d4";
  facts.ownership_token = "a1b2c3d4e5";
  inactive = herald_sender_evaluate (&facts);
  f = expect (inactive, "sender-inactive", HERALD_SEVERITY_ERROR);
  g_assert_cmpstr (f->record_name, ==, "mailjet._a1b2c3d4.bank.test");
  g_assert_cmpstr (f->record_value, ==, "a1b2c3d4e5");
}

static void
test_validation (void)
{
  const char *errors[] = { " DNS record verification failed as no TXT record for that "
                           "ownership token was found on the remote server.",
                           NULL };
  g_autofree char *failed = herald_sender_explain_validation (
      "",
      "Neither the file at your domain root nor the DNS TXT record have been found to "
      "validate this sender.",
      errors);
  g_autofree char *email = herald_sender_explain_validation ("ActivationEmail", "", NULL);

  g_assert_nonnull (g_strstr_len (failed, -1, "Neither the file"));
  g_assert_nonnull (g_strstr_len (failed, -1, "ownership token"));
  g_assert_nonnull (g_strstr_len (email, -1, "activation email"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sender/all-good", test_all_good);
  g_test_add_func ("/sender/spf/missing", test_no_spf);
  g_test_add_func ("/sender/spf/two-records", test_two_spf);
  g_test_add_func ("/sender/spf/without-mailjet", test_spf_without_mailjet);
  g_test_add_func ("/sender/spf/qualifier", test_spf_qualifier);
  g_test_add_func ("/sender/spf/count-lookups", test_count_lookups);
  g_test_add_func ("/sender/spf/too-many-lookups", test_too_many_lookups);
  g_test_add_func ("/sender/dkim", test_dkim);
  g_test_add_func ("/sender/dmarc", test_dmarc);
  g_test_add_func ("/sender/domain-and-sender", test_domain_and_sender);
  g_test_add_func ("/sender/validation", test_validation);
  return g_test_run ();
}
