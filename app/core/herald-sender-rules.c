/* herald-sender-rules.c: SPF, DKIM and DMARC verdicts and their fixes.
 *
 * Sources: RFC 7208 (SPF), RFC 6376 (DKIM), RFC 7489 (DMARC), Mailjet's "Senders & Domains"
 * documentation (one SPF record that includes spf.mailjet.com; the DKIM key published at
 * mailjet._domainkey). Mailjet sends with its own bounce domain, so SPF passes for Mailjet's
 * domain, never the From domain: only DKIM can align for DMARC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "herald-sender-rules.h"

void
herald_sender_finding_free (HeraldSenderFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->id);
  g_free (finding->message);
  g_free (finding->fix);
  g_free (finding->record_name);
  g_free (finding->record_value);
  g_free (finding);
}

static HeraldSenderFinding *
add_finding (GPtrArray *findings,
             const char *id,
             HeraldSeverity severity,
             char *message,
             char *fix,
             const char *record_name,
             const char *record_value)
{
  HeraldSenderFinding *f = g_new0 (HeraldSenderFinding, 1);

  f->id = g_strdup (id);
  f->severity = severity;
  f->message = message;
  f->fix = fix;
  f->record_name = g_strdup (record_name);
  f->record_value = g_strdup (record_value);
  g_ptr_array_add (findings, f);
  return f;
}

/* SPF ------------------------------------------------------------------------------------ */

gboolean
herald_spf_is_record (const char *txt)
{
  /* RFC 7208 §4.5: "v=spf1" followed by a space or the end, case-insensitively. */
  return txt != NULL && g_ascii_strncasecmp (txt, "v=spf1", 6) == 0 &&
         (txt[6] == '\0' || txt[6] == ' ');
}

static GStrv
spf_terms (const char *record)
{
  g_auto (GStrv) parts = g_strsplit_set (record, " \t", -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i]; i++)
    if (*parts[i] != '\0' && !herald_spf_is_record (parts[i]))
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

/* The mechanism's name, lower case, without its qualifier; *value gets what follows ':' or
 * '=' (NULL when nothing). */
static char *
spf_term_name (const char *term, const char **value, char *qualifier)
{
  const char *start = term;
  gsize len;

  *qualifier = '+';
  if (*start != '\0' && strchr ("+-~?", *start))
    *qualifier = *start++;
  len = strcspn (start, ":=/");
  *value = start[len] == ':' || start[len] == '=' ? start + len + 1 : NULL;
  return g_ascii_strdown (start, len);
}

static gboolean
spf_has_all (const char *const *terms, char *qualifier)
{
  for (guint i = 0; terms[i]; i++)
    {
      const char *value;
      char q;
      g_autofree char *name = spf_term_name (terms[i], &value, &q);

      if (g_str_equal (name, "all"))
        {
          if (qualifier)
            *qualifier = q;
          return TRUE;
        }
    }
  return FALSE;
}

GStrv
herald_spf_targets (const char *record)
{
  g_auto (GStrv) terms = spf_terms (record);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  gboolean has_all = spf_has_all ((const char *const *) terms, NULL);

  for (guint i = 0; terms[i]; i++)
    {
      const char *value;
      char q;
      g_autofree char *name = spf_term_name (terms[i], &value, &q);

      /* RFC 7208 §6.1: redirect= is ignored when the record has an "all". */
      if (value == NULL || strchr (value, '%') ||
          !(g_str_equal (name, "include") || (g_str_equal (name, "redirect") && !has_all)))
        continue;
      g_strv_builder_add (builder, value);
    }
  return g_strv_builder_end (builder);
}

static guint
count_lookups (const char *record, GHashTable *records, GPtrArray *unresolved, GHashTable *seen)
{
  g_auto (GStrv) terms = spf_terms (record);
  g_auto (GStrv) targets = herald_spf_targets (record);
  gboolean has_all = spf_has_all ((const char *const *) terms, NULL);
  guint count = 0;

  for (guint i = 0; terms[i]; i++)
    {
      const char *value;
      char q;
      g_autofree char *name = spf_term_name (terms[i], &value, &q);

      if (g_str_equal (name, "include") || g_str_equal (name, "a") || g_str_equal (name, "mx") ||
          g_str_equal (name, "ptr") || g_str_equal (name, "exists") ||
          (g_str_equal (name, "redirect") && !has_all))
        count++;
    }

  for (guint i = 0; targets[i]; i++)
    {
      g_autofree char *target = g_ascii_strdown (targets[i], -1);
      const char *sub;

      /* A loop is a permanent error for receivers; counting it once is enough to say so. */
      if (!g_hash_table_add (seen, g_strdup (target)))
        continue;
      sub = records ? g_hash_table_lookup (records, target) : NULL;
      if (sub == NULL)
        {
          if (unresolved &&
              !g_ptr_array_find_with_equal_func (unresolved, target, g_str_equal, NULL))
            g_ptr_array_add (unresolved, g_steal_pointer (&target));
          continue;
        }
      if (*sub != '\0')
        count += count_lookups (sub, records, unresolved, seen);
    }
  return count;
}

guint
herald_spf_count_lookups (const char *record, GHashTable *records, GPtrArray *unresolved)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (record != NULL, 0);
  return count_lookups (record, records, unresolved, seen);
}

static gboolean
spf_includes_mailjet (const char *const *terms)
{
  for (guint i = 0; terms[i]; i++)
    {
      const char *t = terms[i][0] == '+' ? terms[i] + 1 : terms[i];

      if (g_ascii_strcasecmp (t, HERALD_MAILJET_SPF_INCLUDE) == 0)
        return TRUE;
    }
  return FALSE;
}

char *
herald_spf_merge_mailjet (const char *record)
{
  g_auto (GStrv) terms = NULL;
  g_autoptr (GString) out = g_string_new ("v=spf1");
  gboolean has_mailjet, has_redirect = FALSE, placed = FALSE;
  char all = 0;

  if (record == NULL)
    return g_strdup (HERALD_MAILJET_SPF_DEFAULT);

  terms = spf_terms (record);
  has_mailjet = spf_includes_mailjet ((const char *const *) terms);
  for (guint i = 0; terms[i]; i++)
    {
      const char *value;
      char q;
      g_autofree char *name = spf_term_name (terms[i], &value, &q);

      if (g_str_equal (name, "all"))
        {
          all = q;
          continue;
        }
      if (g_str_equal (name, "redirect"))
        has_redirect = TRUE;
      /* Mechanisms after "all" are never reached; Mailjet's include goes before it and before
       * a redirect=, which only applies when nothing matched. */
      if (!has_mailjet && !placed && g_str_equal (name, "redirect"))
        {
          g_string_append (out, " " HERALD_MAILJET_SPF_INCLUDE);
          placed = TRUE;
        }
      g_string_append_printf (out, " %s", terms[i]);
    }
  if (!has_mailjet && !placed)
    g_string_append (out, " " HERALD_MAILJET_SPF_INCLUDE);
  if (all == '-')
    g_string_append (out, " -all");
  else if (all != 0 || !has_redirect)
    g_string_append (out, " ~all");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Several SPF records into one: every mechanism once, the first record's "all". */
static char *
spf_merge_records (GPtrArray *records)
{
  g_autoptr (GString) joined = g_string_new ("v=spf1");
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *all = NULL;

  for (guint r = 0; r < records->len; r++)
    {
      g_auto (GStrv) terms = spf_terms (g_ptr_array_index (records, r));

      for (guint i = 0; terms[i]; i++)
        {
          const char *value;
          char q;
          g_autofree char *name = spf_term_name (terms[i], &value, &q);

          if (g_str_equal (name, "all"))
            {
              if (all == NULL)
                all = g_strdup (terms[i]);
              continue;
            }
          if (g_hash_table_contains (seen, terms[i]))
            continue;
          g_ptr_array_add (keep, g_strdup (terms[i]));
          g_hash_table_add (seen, g_ptr_array_index (keep, keep->len - 1));
        }
    }
  for (guint i = 0; i < keep->len; i++)
    g_string_append_printf (joined, " %s", (char *) g_ptr_array_index (keep, i));
  if (all)
    g_string_append_printf (joined, " %s", all);
  return herald_spf_merge_mailjet (joined->str);
}

static void
check_spf (const HeraldSenderFacts *facts, GPtrArray *findings)
{
  g_autoptr (GPtrArray) spf = g_ptr_array_new ();
  g_auto (GStrv) terms = NULL;
  const char *record;
  char qualifier = 0;

  for (guint i = 0; facts->domain_txt && facts->domain_txt[i]; i++)
    if (herald_spf_is_record (facts->domain_txt[i]))
      g_ptr_array_add (spf, (gpointer) facts->domain_txt[i]);

  if (spf->len == 0)
    {
      g_autofree char *value = herald_spf_merge_mailjet (NULL);

      add_finding (
          findings, "spf-missing", HERALD_SEVERITY_ERROR,
          g_strdup_printf (_ ("“%s” publishes no SPF record, so receivers cannot tell "
                              "that Mailjet may send its mail."),
                           facts->domain),
          g_strdup_printf (_ ("Add a TXT record at “%s” with the value below."), facts->domain),
          facts->domain, value);
      return;
    }
  if (spf->len > 1)
    {
      g_autofree char *value = spf_merge_records (spf);

      add_finding (findings, "spf-multiple", HERALD_SEVERITY_ERROR,
                   g_strdup_printf (_ ("“%s” publishes %u SPF records; receivers then treat SPF "
                                       "as a permanent error (RFC 7208, section 4.5)."),
                                    facts->domain, spf->len),
                   g_strdup_printf (_ ("Replace the SPF records of “%s” by this single TXT "
                                       "record, which keeps all of their mechanisms."),
                                    facts->domain),
                   facts->domain, value);
      return;
    }

  record = g_ptr_array_index (spf, 0);
  terms = spf_terms (record);
  if (!spf_includes_mailjet ((const char *const *) terms))
    {
      g_autofree char *value = herald_spf_merge_mailjet (record);

      add_finding (findings, "spf-no-mailjet", HERALD_SEVERITY_ERROR,
                   g_strdup_printf (_ ("The SPF record of “%s” does not include Mailjet "
                                       "(include:spf.mailjet.com), so mail sent through Mailjet "
                                       "fails SPF."),
                                    facts->domain),
                   g_strdup_printf (_ ("Change the SPF record of “%s” to the value below: it is "
                                       "your record with Mailjet’s include added. Do not add a "
                                       "second SPF record."),
                                    facts->domain),
                   facts->domain, value);
    }

  if (facts->spf_lookups_done && facts->spf_lookups > HERALD_SPF_MAX_LOOKUPS)
    add_finding (findings, "spf-too-many-lookups", HERALD_SEVERITY_ERROR,
                 g_strdup_printf (_ ("Evaluating the SPF record of “%s” takes %u DNS lookups; "
                                     "receivers give up after %u (RFC 7208, section 4.6.4) and "
                                     "SPF fails."),
                                  facts->domain, facts->spf_lookups, HERALD_SPF_MAX_LOOKUPS),
                 g_strdup (_ ("Remove the include: mechanisms of services that no longer send "
                              "for you, or replace some of them by the ip4: and ip6: ranges "
                              "they stand for, until at most 10 lookups remain.")),
                 NULL, NULL);

  if (!spf_has_all ((const char *const *) terms, &qualifier) || qualifier == '?' ||
      qualifier == '+')
    {
      g_autofree char *value = herald_spf_merge_mailjet (record);
      gboolean open = qualifier == '+';

      if (qualifier == 0 && strstr (record, "redirect=") != NULL)
        return;
      add_finding (findings, "spf-all", open ? HERALD_SEVERITY_ERROR : HERALD_SEVERITY_WARNING,
                   open ? g_strdup_printf (_ ("The SPF record of “%s” ends with “+all”: it "
                                              "allows any server in the world to send as "
                                              "this domain."),
                                           facts->domain)
                        : g_strdup_printf (_ ("The SPF record of “%s” ends neutrally (“?all” or "
                                              "no “all”): receivers are not told to distrust "
                                              "mail from other servers."),
                                           facts->domain),
                   g_strdup (_ ("End the record with “~all” (soft fail) or, once every service "
                                "that sends for you is listed, “-all” (fail).")),
                   facts->domain, value);
    }
  else
    add_finding (findings, "spf-ok", HERALD_SEVERITY_INFO,
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "SPF: one record, ending with “%call”, %u DNS "
                                               "lookup.",
                                               "SPF: one record, ending with “%call”, %u DNS "
                                               "lookups.",
                                               facts->spf_lookups),
                                  qualifier, facts->spf_lookups),
                 NULL, NULL, NULL);
}

/* DKIM ----------------------------------------------------------------------------------- */

char *
herald_sender_record_tag (const char *record, const char *tag)
{
  g_auto (GStrv) parts = NULL;

  if (record == NULL)
    return NULL;
  parts = g_strsplit (record, ";", -1);
  for (guint i = 0; parts[i]; i++)
    {
      char *eq = strchr (parts[i], '=');

      if (eq == NULL)
        continue;
      *eq = '\0';
      if (g_ascii_strcasecmp (g_strstrip (parts[i]), tag) == 0)
        return g_strdup (g_strstrip (eq + 1));
    }
  return NULL;
}

/* A DKIM key without its whitespace (RFC 6376 §3.6.1 allows folding anywhere in p=). */
static char *
dkim_key (const char *record)
{
  g_autofree char *p = herald_sender_record_tag (record, "p");
  GString *out = g_string_new (NULL);

  for (const char *c = p ? p : record; *c; c++)
    if (!g_ascii_isspace (*c))
      g_string_append_c (out, *c);
  return g_string_free (out, FALSE);
}

static void
check_dkim (const HeraldSenderFacts *facts, GPtrArray *findings, gboolean *aligned)
{
  g_autofree char *name = g_strdup_printf ("mailjet._domainkey.%s", facts->domain);
  const char *current = facts->dkim_txt ? facts->dkim_txt[0] : NULL;
  g_autofree char *want = facts->expected_dkim ? dkim_key (facts->expected_dkim) : NULL;

  *aligned = FALSE;
  if (current == NULL)
    {
      add_finding (findings, "dkim-missing", HERALD_SEVERITY_ERROR,
                   g_strdup_printf (_ ("There is no DKIM key at “%s”: mail from Mailjet is "
                                       "not signed for “%s” and DMARC cannot pass."),
                                    name, facts->domain),
                   facts->expected_dkim
                       ? g_strdup_printf (_ ("Add a TXT record at “%s” with Mailjet’s DKIM key "
                                             "below."),
                                          name)
                       : g_strdup_printf (_ ("Add the domain to Mailjet (Senders & Domains), "
                                             "then add a TXT record at “%s” with the DKIM key "
                                             "Mailjet shows."),
                                          name),
                   name, facts->expected_dkim);
      return;
    }
  if (want != NULL)
    {
      gboolean found = FALSE;

      /* Any of the records at that name may be the key (a rotation publishes two). */
      for (guint i = 0; facts->dkim_txt[i] && !found; i++)
        {
          g_autofree char *have = dkim_key (facts->dkim_txt[i]);

          found = g_str_equal (have, want);
        }
      if (!found)
        {
          add_finding (findings, "dkim-mismatch", HERALD_SEVERITY_ERROR,
                       g_strdup_printf (_ ("The DKIM key at “%s” is not the one Mailjet signs "
                                           "with, so signatures fail to verify."),
                                        name),
                       g_strdup_printf (_ ("Replace the TXT record at “%s” by Mailjet’s DKIM "
                                           "key below."),
                                        name),
                       name, facts->expected_dkim);
          return;
        }
    }
  *aligned = TRUE;
  add_finding (findings, "dkim-ok", HERALD_SEVERITY_INFO,
               g_strdup_printf (_ ("DKIM: Mailjet’s key is published at “%s”."), name), NULL, NULL,
               NULL);
}

/* DMARC ---------------------------------------------------------------------------------- */

static const char *
dmarc_record (const char *const *txt)
{
  for (guint i = 0; txt && txt[i]; i++)
    if (g_ascii_strncasecmp (txt[i], "v=DMARC1", 8) == 0)
      return txt[i];
  return NULL;
}

static void
check_dmarc (const HeraldSenderFacts *facts, GPtrArray *findings, gboolean dkim_aligned)
{
  g_autofree char *name = g_strdup_printf ("_dmarc.%s", facts->domain);
  g_autofree char *rua_value = g_strdup_printf ("mailto:dmarc-reports@%s", facts->domain);
  const char *record = dmarc_record (facts->dmarc_txt);
  const char *found_at = name;
  g_autofree char *org_name = NULL;
  g_autofree char *policy = NULL;
  g_autofree char *rua = NULL;
  gboolean inherited = FALSE;

  if (record == NULL && facts->org_domain && g_strcmp0 (facts->org_domain, facts->domain) != 0)
    {
      org_name = g_strdup_printf ("_dmarc.%s", facts->org_domain);
      record = dmarc_record (facts->org_dmarc_txt);
      found_at = org_name;
      inherited = record != NULL;
    }
  if (record == NULL)
    {
      g_autofree char *value = g_strdup_printf ("v=DMARC1; p=none; rua=%s", rua_value);

      add_finding (findings, "dmarc-missing", HERALD_SEVERITY_WARNING,
                   g_strdup_printf (_ ("“%s” has no DMARC policy: receivers do not know what to "
                                       "do with mail that fails SPF and DKIM, and large "
                                       "mailbox providers expect one."),
                                    facts->domain),
                   g_strdup_printf (_ ("Add a TXT record at “%s” with the value below; it only "
                                       "asks for reports. Once the reports show your mail "
                                       "passes, change p=none to p=quarantine."),
                                    name),
                   name, value);
      return;
    }

  /* RFC 7489 §6.6.3: a policy found at the organizational domain applies to its subdomains
   * through sp=, falling back to p=. */
  if (inherited)
    policy = herald_sender_record_tag (record, "sp");
  if (policy == NULL)
    policy = herald_sender_record_tag (record, "p");
  rua = herald_sender_record_tag (record, "rua");

  if (inherited)
    add_finding (findings, "dmarc-inherited", HERALD_SEVERITY_INFO,
                 g_strdup_printf (_ ("DMARC: “%s” has no record of its own and follows the "
                                     "policy of its organizational domain, at “%s”."),
                                  facts->domain, found_at),
                 NULL, NULL, NULL);

  if (policy == NULL || !(g_ascii_strcasecmp (policy, "none") == 0 ||
                          g_ascii_strcasecmp (policy, "quarantine") == 0 ||
                          g_ascii_strcasecmp (policy, "reject") == 0))
    {
      add_finding (findings, "dmarc-invalid", HERALD_SEVERITY_ERROR,
                   g_strdup_printf (_ ("The DMARC record at “%s” has no valid policy (p= must "
                                       "be none, quarantine or reject), so receivers ignore it."),
                                    found_at),
                   g_strdup_printf (_ ("Replace the record at “%s” by the value below."), found_at),
                   found_at, "v=DMARC1; p=none");
      return;
    }

  if (g_ascii_strcasecmp (policy, "none") == 0)
    {
      g_autofree char *value =
          g_strdup_printf ("v=DMARC1; p=quarantine; rua=%s", rua ? rua : rua_value);

      add_finding (findings, "dmarc-policy-none", HERALD_SEVERITY_WARNING,
                   g_strdup_printf (_ ("The DMARC policy for “%s” is “none”: receivers only "
                                       "report, and mail forged in its name is still "
                                       "delivered."),
                                    facts->domain),
                   g_strdup_printf (_ ("Once the reports show that your own mail passes, "
                                       "publish the value below at “%s”, and later "
                                       "p=reject."),
                                    found_at),
                   found_at, value);
    }
  else
    add_finding (findings, "dmarc-ok", HERALD_SEVERITY_INFO,
                 g_strdup_printf (_ ("DMARC: policy “%s”, found at “%s”."), policy, found_at), NULL,
                 NULL, NULL);

  if (rua == NULL)
    {
      g_autofree char *value = g_strdup_printf ("%s; rua=%s", record, rua_value);

      add_finding (findings, "dmarc-no-rua", HERALD_SEVERITY_WARNING,
                   g_strdup_printf (_ ("The DMARC record at “%s” asks for no reports (rua=), so "
                                       "you cannot see who sends mail in your name."),
                                    found_at),
                   g_strdup_printf (_ ("Add a rua= address to the record at “%s”, as in the "
                                       "value below."),
                                    found_at),
                   found_at, value);
    }

  if (!dkim_aligned)
    add_finding (findings, "dmarc-unaligned",
                 g_ascii_strcasecmp (policy, "none") == 0 ? HERALD_SEVERITY_WARNING
                                                          : HERALD_SEVERITY_ERROR,
                 g_strdup_printf (_ ("Mail sent through Mailjet fails DMARC for “%s”: SPF "
                                     "passes for Mailjet’s bounce domain, which is not yours, so "
                                     "only DKIM can align, and DKIM does not pass."),
                                  facts->domain),
                 g_strdup (_ ("Publish Mailjet’s DKIM key (see the DKIM finding).")), NULL, NULL);
  else
    add_finding (findings, "dmarc-aligned", HERALD_SEVERITY_INFO,
                 g_strdup_printf (_ ("DMARC alignment: DKIM signs with d=%s and aligns; SPF "
                                     "checks Mailjet’s bounce domain and does not need to."),
                                  facts->domain),
                 NULL, NULL, NULL);
}

/* Mailjet's side ------------------------------------------------------------------------- */

static void
check_mailjet_sender (const HeraldSenderFacts *facts, GPtrArray *findings)
{
  if (facts->sender_status == NULL)
    {
      add_finding (findings, "sender-unknown", HERALD_SEVERITY_ERROR,
                   g_strdup_printf (_ ("Neither the address nor “*@%s” is a sender of this "
                                       "Mailjet account: Mailjet refuses to send from it "
                                       "(error send-0008)."),
                                    facts->domain),
                   g_strdup (_ ("Add the address, or the whole domain, in Mailjet’s Senders & "
                                "Domains page, then validate it.")),
                   NULL, NULL);
      return;
    }
  if (g_str_equal (facts->sender_status, "Active"))
    {
      add_finding (findings, "sender-active", HERALD_SEVERITY_INFO,
                   g_strdup_printf (_ ("Mailjet: “%s” is an active sender."), facts->sender_email),
                   NULL, NULL, NULL);
      return;
    }

  if (facts->sender_email && g_str_has_prefix (facts->sender_email, "*@") &&
      facts->ownership_record_name && facts->ownership_token)
    {
      g_autofree char *name =
          g_strdup_printf ("%s.%s", facts->ownership_record_name, facts->domain);

      add_finding (findings, "sender-inactive", HERALD_SEVERITY_ERROR,
                   g_strdup_printf (_ ("Mailjet: the sender “%s” is not validated (%s), so "
                                       "Mailjet refuses to send from it."),
                                    facts->sender_email, facts->sender_status),
                   g_strdup_printf (_ ("Add the TXT record below at “%s” to prove you own the "
                                       "domain, then press Validate."),
                                    name),
                   name, facts->ownership_token);
      return;
    }
  add_finding (findings, "sender-inactive", HERALD_SEVERITY_ERROR,
               g_strdup_printf (_ ("Mailjet: the sender “%s” is not validated (%s), so Mailjet "
                                   "refuses to send from it."),
                                facts->sender_email, facts->sender_status),
               g_strdup (_ ("Press Validate: Mailjet sends an activation email to the address; "
                            "open the link in it.")),
               NULL, NULL);
}

char *
herald_sender_explain_validation (const char *validation_method,
                                  const char *global_error,
                                  const char *const *errors)
{
  if (global_error != NULL && *global_error != '\0')
    {
      g_autoptr (GString) text = g_string_new (NULL);
      g_autofree char *global = g_strstrip (g_strdup (global_error));

      g_string_append_printf (text, _ ("Mailjet could not validate the sender: %s"), global);
      for (guint i = 0; errors && errors[i]; i++)
        {
          g_autofree char *e = g_strstrip (g_strdup (errors[i]));
          g_string_append_printf (text, "\n%s", e);
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (g_strcmp0 (validation_method, "ActivationEmail") == 0)
    return g_strdup (_ ("Mailjet sent an activation email to the address: open the link in it "
                        "to validate the sender."));
  if (g_strcmp0 (validation_method, "DNS") == 0)
    return g_strdup (_ ("Mailjet found the ownership TXT record: the sender is validated."));
  if (g_strcmp0 (validation_method, "File") == 0)
    return g_strdup (_ ("Mailjet found the validation file at the domain root: the sender is "
                        "validated."));
  if (g_strcmp0 (validation_method, "Domain") == 0)
    return g_strdup (_ ("The address is covered by a validated domain: the sender is "
                        "validated."));
  return g_strdup (_ ("Mailjet answered without saying how the sender was validated."));
}

/* The verdict ---------------------------------------------------------------------------- */

static int
by_severity (gconstpointer a, gconstpointer b)
{
  const HeraldSenderFinding *fa = *(HeraldSenderFinding *const *) a;
  const HeraldSenderFinding *fb = *(HeraldSenderFinding *const *) b;

  return (int) fb->severity - (int) fa->severity;
}

HeraldSenderFinding *
herald_sender_findings_find (GPtrArray *findings, const char *id)
{
  for (guint i = 0; i < findings->len; i++)
    {
      HeraldSenderFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->id, id))
        return finding;
    }
  return NULL;
}

GPtrArray *
herald_sender_evaluate (const HeraldSenderFacts *facts)
{
  GPtrArray *findings =
      g_ptr_array_new_with_free_func ((GDestroyNotify) herald_sender_finding_free);
  gboolean dkim_aligned;

  g_return_val_if_fail (facts != NULL && facts->domain != NULL, findings);

  check_mailjet_sender (facts, findings);
  if (!facts->domain_exists)
    {
      add_finding (findings, "domain-not-found", HERALD_SEVERITY_ERROR,
                   g_strdup_printf (_ ("“%s” does not exist in the public DNS (no records at "
                                       "all): receivers reject mail from it."),
                                    facts->domain),
                   g_strdup (_ ("Check the spelling of the address. If it is right, register "
                                "the domain, or publish its records at your DNS host.")),
                   NULL, NULL);
    }
  else
    {
      check_spf (facts, findings);
      check_dkim (facts, findings, &dkim_aligned);
      check_dmarc (facts, findings, dkim_aligned);
    }
  g_ptr_array_sort (findings, by_severity);
  return findings;
}

HeraldSeverity
herald_sender_verdict (GPtrArray *findings)
{
  HeraldSeverity worst = HERALD_SEVERITY_INFO;

  for (guint i = 0; findings && i < findings->len; i++)
    {
      HeraldSenderFinding *f = g_ptr_array_index (findings, i);

      worst = MAX (worst, f->severity);
    }
  return worst;
}
