/* herald-sender-rules.h: the verdict of a sender check, from facts gathered elsewhere.
 *
 * Looking things up (public DNS, Mailjet's API) is the Mailjet room's job
 * (herald-sender-check.c); this file only reads the TXT records and Mailjet's answers it is
 * given, so every rule is tested without a network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "herald-diagnostic.h"

G_BEGIN_DECLS

#define HERALD_SPF_MAX_LOOKUPS 10 /* RFC 7208 §4.6.4 */
#define HERALD_MAILJET_SPF_INCLUDE "include:spf.mailjet.com"
#define HERALD_MAILJET_SPF_DEFAULT "v=spf1 include:spf.mailjet.com ~all"

typedef struct
{
  char *id;                /* stable, untranslated: "spf-missing", "dkim-mismatch", … */
  HeraldSeverity severity; /* INFO findings say what is fine */
  char *message;           /* what is wrong, a sentence */
  char *fix;               /* what to do, in words; NULL for INFO */
  char *record_name;       /* the TXT record to publish (host name), or NULL */
  char *record_value;      /* its exact value, or NULL */
} HeraldSenderFinding;

void herald_sender_finding_free (HeraldSenderFinding *finding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldSenderFinding, herald_sender_finding_free)

/* What the check found out. TXT records are given one string per record, the record's
 * character-strings already joined (RFC 7208 §3.3). A NULL array means "no such record"
 * (NXDOMAIN or no TXT at that name). */
typedef struct
{
  const char *domain;     /* the From domain, lower case */
  const char *org_domain; /* its organizational domain (Public Suffix List); may equal domain */
  gboolean domain_exists; /* the name has some record (TXT, MX…) in the public DNS */
  const char *const *domain_txt;
  guint spf_lookups;                /* from herald_spf_count_lookups() */
  gboolean spf_lookups_done;        /* every include was resolved */
  const char *const *dkim_txt;      /* at mailjet._domainkey.DOMAIN */
  const char *const *dmarc_txt;     /* at _dmarc.DOMAIN */
  const char *const *org_dmarc_txt; /* at _dmarc.ORG_DOMAIN, when it differs */

  /* Mailjet's side; all may be NULL when Mailjet was not asked. */
  const char *sender_email;          /* the sender that covers the address: it, or *@domain */
  const char *sender_status;         /* "Active", "Inactive"…; NULL when not a sender */
  const char *expected_dkim;         /* DKIMRecordValue */
  const char *expected_spf;          /* SPFRecordValue */
  const char *ownership_record_name; /* OwnerShipTokenRecordName, relative to the domain */
  const char *ownership_token;
} HeraldSenderFacts;

/* Findings, most severe first (HeraldSenderFinding). */
GPtrArray *herald_sender_evaluate (const HeraldSenderFacts *facts);
/* The finding of @findings with this id, or NULL. */
HeraldSenderFinding *herald_sender_findings_find (GPtrArray *findings, const char *id);
/* The highest severity among findings; INFO when all is well. */
HeraldSeverity herald_sender_verdict (GPtrArray *findings);

/* SPF helpers, public for the lookups and the tests. */
gboolean herald_spf_is_record (const char *txt);
/* The domains a record's include: and redirect= point to (macros left out). */
GStrv herald_spf_targets (const char *record);
/* DNS lookups that evaluating @record costs (RFC 7208 §4.6.4: include, a, mx, ptr, exists,
 * redirect), following includes through @records (domain → its SPF record, "" when it has
 * none). Domains not in @records are added to @unresolved when it is not NULL. */
guint herald_spf_count_lookups (const char *record, GHashTable *records, GPtrArray *unresolved);
/* @record with Mailjet's include added before its "all" (or redirect=), or Mailjet's default
 * record when @record is NULL; a neutral or missing "all" becomes "~all". */
char *herald_spf_merge_mailjet (const char *record);

/* Value of a "tag=value" in a DMARC or DKIM record, stripped; NULL when absent. */
char *herald_sender_record_tag (const char *record, const char *tag);

/* The explanation of POST /sender/{id}/validate's first Data object, a sentence. */
char *herald_sender_explain_validation (const char *validation_method,
                                        const char *global_error,
                                        const char *const *errors);

G_END_DECLS
