/* herald-sender-check.c: gathers the facts of a sender check, then lets
 * herald-sender-rules judge them.
 *
 * Public DNS answers come from GIO's default GResolver (the system's resolver, which follows
 * CNAMEs for us); Mailjet's from the account's client. A name that does not exist is an
 * answer ("no record"); a resolver that does not answer is not, and the check then fails
 * rather than report records as missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sender-check"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "herald-sender-check.h"

/* Rounds of include: chasing; each round is one level deeper. RFC 7208 allows 10 lookups, so
 * a chain deeper than that is over the limit anyway. */
#define MAX_SPF_ROUNDS 11

G_DEFINE_QUARK (herald-sender-check-error-quark, herald_sender_check_error);

struct _HeraldSenderCheck
{
  GObject parent_instance;

  HeraldMailjetClient *client;
  char *address; /* NULL when a domain was given */
  char *domain;
  char *org_domain;

  /* name → GStrv of TXT strings; a NULL value is "no such record". Also "MX:" + name. */
  GHashTable *answers;
  JsonObject *sender;
  JsonObject *dns;
  JsonObject *dns_check;
  guint spf_lookups;
  gboolean spf_done;
  GPtrArray *findings;
};

G_DEFINE_FINAL_TYPE (HeraldSenderCheck, herald_sender_check, G_TYPE_OBJECT)

typedef struct
{
  guint pending;
  guint spf_rounds;
  GError *error;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_error (&data->error);
  g_free (data);
}

static void
herald_sender_check_finalize (GObject *object)
{
  HeraldSenderCheck *self = HERALD_SENDER_CHECK (object);

  g_clear_object (&self->client);
  g_free (self->address);
  g_free (self->domain);
  g_free (self->org_domain);
  g_hash_table_unref (self->answers);
  g_clear_pointer (&self->sender, json_object_unref);
  g_clear_pointer (&self->dns, json_object_unref);
  g_clear_pointer (&self->dns_check, json_object_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  G_OBJECT_CLASS (herald_sender_check_parent_class)->finalize (object);
}

static void
herald_sender_check_class_init (HeraldSenderCheckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_sender_check_finalize;
}

static void
herald_sender_check_init (HeraldSenderCheck *self)
{
  self->answers =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
}

static gboolean
domain_is_valid (const char *domain)
{
  if (domain == NULL || strchr (domain, '.') == NULL || domain[0] == '.' ||
      g_str_has_suffix (domain, ".") || strstr (domain, "..") != NULL || strlen (domain) > 253)
    return FALSE;
  for (const char *c = domain; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '.' && *c != '_')
      return FALSE;
  return TRUE;
}

/* RFC 7489 §3.2: the Public Suffix List, through libsoup's libpsl, knows that "bank.co.uk" is
 * the organizational domain of "mail.bank.co.uk". libsoup refuses names under a TLD the list
 * does not have (".test"); the list's own default rule "*" then makes the last two labels
 * the organizational domain. */
static char *
organizational_domain (const char *domain)
{
  const char *base = soup_tld_get_base_domain (domain, NULL);
  const char *last_dot = strrchr (domain, '.');

  if (base != NULL)
    return g_strdup (base);
  for (const char *c = last_dot - 1; last_dot != NULL && c >= domain; c--)
    if (*c == '.')
      return g_strdup (c + 1);
  return g_strdup (domain);
}

HeraldSenderCheck *
herald_sender_check_new (HeraldMailjetClient *client, const char *address_or_domain, GError **error)
{
  g_autoptr (HeraldSenderCheck) self = NULL;
  const char *at;
  g_autofree char *ascii = NULL;

  g_return_val_if_fail (client == NULL || HERALD_IS_MAILJET_CLIENT (client), NULL);
  g_return_val_if_fail (address_or_domain != NULL, NULL);

  self = g_object_new (HERALD_TYPE_SENDER_CHECK, NULL);
  self->client = client ? g_object_ref (client) : NULL;
  at = strrchr (address_or_domain, '@');
  if (at != NULL && at != address_or_domain)
    self->address = g_ascii_strdown (address_or_domain, -1);
  ascii = g_hostname_to_ascii (at ? at + 1 : address_or_domain);
  if (ascii == NULL || !domain_is_valid (ascii))
    {
      g_set_error (error, HERALD_SENDER_CHECK_ERROR, HERALD_SENDER_CHECK_ERROR_INVALID,
                   _ ("“%s” is neither an email address nor a domain name."), address_or_domain);
      return NULL;
    }
  self->domain = g_ascii_strdown (ascii, -1);
  self->org_domain = organizational_domain (self->domain);
  return g_steal_pointer (&self);
}

const char *
herald_sender_check_get_address (HeraldSenderCheck *self)
{
  g_return_val_if_fail (HERALD_IS_SENDER_CHECK (self), NULL);
  return self->address ? self->address : self->domain;
}

const char *
herald_sender_check_get_domain (HeraldSenderCheck *self)
{
  g_return_val_if_fail (HERALD_IS_SENDER_CHECK (self), NULL);
  return self->domain;
}

/* DNS ------------------------------------------------------------------------------------ */

char **
herald_txt_records_join (GList *records)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (GList *l = records; l; l = l->next)
    {
      g_autoptr (GVariantIter) iter = NULL;
      g_autoptr (GString) joined = g_string_new (NULL);
      const char *part;

      /* RFC 7208 §3.3: a record's strings are joined without spaces. */
      g_variant_get (l->data, "(as)", &iter);
      while (g_variant_iter_next (iter, "&s", &part))
        g_string_append (joined, part);
      g_strv_builder_add (builder, joined->str);
    }
  return g_strv_builder_end (builder);
}

static void finish_dns_round (GTask *task);

typedef struct
{
  GTask *task;
  char *key;
  char *name;
} Lookup;

static void
lookup_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Lookup *lookup = user_data;
  g_autoptr (GTask) task = lookup->task;
  HeraldSenderCheck *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  GList *records = g_resolver_lookup_records_finish (G_RESOLVER (source), result, &error);

  if (records != NULL)
    {
      char **strings = herald_txt_records_join (records);
      g_autofree char *joined = g_strjoinv ("\" \"", strings);

      g_debug ("%s: \"%s\"", lookup->key, joined);
      g_hash_table_replace (self->answers, g_strdup (lookup->key), strings);
    }
  else if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    g_hash_table_replace (self->answers, g_strdup (lookup->key), NULL);
  else if (data->error == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        data->error = g_steal_pointer (&error);
      else
        data->error = g_error_new (HERALD_SENDER_CHECK_ERROR, HERALD_SENDER_CHECK_ERROR_DNS,
                                   _ ("The DNS did not answer for “%s” (%s): check the network "
                                      "connection and try again."),
                                   lookup->name, error->message);
    }
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  g_free (lookup->key);
  g_free (lookup->name);
  g_free (lookup);

  if (--data->pending == 0)
    finish_dns_round (task);
}

static void
start_lookup (GTask *task, const char *name, GResolverRecordType type)
{
  HeraldSenderCheck *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GResolver) resolver = g_resolver_get_default ();
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->task = g_object_ref (task);
  lookup->name = g_strdup (name);
  lookup->key = type == G_RESOLVER_RECORD_MX ? g_strconcat ("MX:", name, NULL) : g_strdup (name);
  /* Claimed now, so a second request for the same name in this round is not started. */
  g_hash_table_replace (self->answers, g_strdup (lookup->key), NULL);
  data->pending++;
  g_resolver_lookup_records_async (resolver, name, type, g_task_get_cancellable (task), lookup_done,
                                   lookup);
}

static const char *const *
answer (HeraldSenderCheck *self, const char *name)
{
  return g_hash_table_lookup (self->answers, name);
}

static const char *
spf_of (HeraldSenderCheck *self, const char *name, guint *count)
{
  const char *const *txt = answer (self, name);
  const char *found = NULL;

  *count = 0;
  for (guint i = 0; txt && txt[i]; i++)
    if (herald_spf_is_record (txt[i]))
      {
        found = txt[i];
        (*count)++;
      }
  return found;
}

/* Counts the lookups with what is known; returns the include targets still to resolve. */
static GPtrArray *
count_spf (HeraldSenderCheck *self)
{
  g_autoptr (GHashTable) records = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *unresolved = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  guint n;
  const char *root = spf_of (self, self->domain, &n);

  if (root == NULL || n != 1)
    {
      self->spf_lookups = 0;
      return unresolved;
    }
  g_hash_table_iter_init (&iter, self->answers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint m;
      const char *spf = spf_of (self, key, &m);

      if (!g_str_has_prefix (key, "MX:"))
        g_hash_table_insert (records, key, (gpointer) (spf && m == 1 ? spf : ""));
    }
  self->spf_lookups = herald_spf_count_lookups (root, records, unresolved);
  return unresolved;
}

static void
evaluate (HeraldSenderCheck *self)
{
  g_autofree char *dkim_name = g_strdup_printf ("mailjet._domainkey.%s", self->domain);
  g_autofree char *dmarc_name = g_strdup_printf ("_dmarc.%s", self->domain);
  g_autofree char *org_dmarc_name = g_strdup_printf ("_dmarc.%s", self->org_domain);
  g_autofree char *mx_name = g_strconcat ("MX:", self->domain, NULL);
  HeraldSenderFacts facts = {
    .domain = self->domain,
    .org_domain = self->org_domain,
    .domain_exists = answer (self, self->domain) != NULL || answer (self, mx_name) != NULL,
    .domain_txt = answer (self, self->domain),
    .spf_lookups = self->spf_lookups,
    .spf_lookups_done = self->spf_done,
    .dkim_txt = answer (self, dkim_name),
    .dmarc_txt = answer (self, dmarc_name),
    .org_dmarc_txt = answer (self, org_dmarc_name),
  };

  if (self->sender)
    {
      facts.sender_email = json_object_get_string_member_with_default (self->sender, "Email", NULL);
      facts.sender_status =
          json_object_get_string_member_with_default (self->sender, "Status", NULL);
    }
  if (self->dns)
    {
      facts.expected_dkim =
          json_object_get_string_member_with_default (self->dns, "DKIMRecordValue", NULL);
      facts.expected_spf =
          json_object_get_string_member_with_default (self->dns, "SPFRecordValue", NULL);
      facts.ownership_record_name =
          json_object_get_string_member_with_default (self->dns, "OwnerShipTokenRecordName", NULL);
      facts.ownership_token =
          json_object_get_string_member_with_default (self->dns, "OwnerShipToken", NULL);
    }
  if (self->client == NULL)
    {
      /* Without an account only the DNS is judged: no sender findings to report. */
      facts.sender_status = "Active";
      facts.sender_email = self->address ? self->address : self->domain;
    }
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = herald_sender_evaluate (&facts);
  if (self->client == NULL)
    {
      HeraldSenderFinding *active = herald_sender_findings_find (self->findings, "sender-active");

      if (active != NULL)
        g_ptr_array_remove (self->findings, active);
    }
}

static void
finish_dns_round (GTask *task)
{
  HeraldSenderCheck *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GPtrArray) unresolved = NULL;

  if (data->error)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }

  unresolved = count_spf (self);
  if (unresolved->len > 0 && self->spf_lookups <= HERALD_SPF_MAX_LOOKUPS &&
      data->spf_rounds++ < MAX_SPF_ROUNDS)
    {
      g_object_ref (task);
      data->pending++; /* holds the round open while it is being started */
      for (guint i = 0; i < unresolved->len; i++)
        start_lookup (task, g_ptr_array_index (unresolved, i), G_RESOLVER_RECORD_TXT);
      if (--data->pending == 0)
        finish_dns_round (task);
      g_object_unref (task);
      return;
    }
  /* Over the limit already, or every include resolved: the count is final either way. */
  self->spf_done = unresolved->len == 0 || self->spf_lookups > HERALD_SPF_MAX_LOOKUPS;
  evaluate (self);
  g_task_return_boolean (task, TRUE);
}

static void
start_dns (GTask *task)
{
  HeraldSenderCheck *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autofree char *dkim_name = g_strdup_printf ("mailjet._domainkey.%s", self->domain);
  g_autofree char *dmarc_name = g_strdup_printf ("_dmarc.%s", self->domain);

  data->pending++;
  start_lookup (task, self->domain, G_RESOLVER_RECORD_TXT);
  start_lookup (task, self->domain, G_RESOLVER_RECORD_MX);
  start_lookup (task, dkim_name, G_RESOLVER_RECORD_TXT);
  start_lookup (task, dmarc_name, G_RESOLVER_RECORD_TXT);
  if (g_strcmp0 (self->org_domain, self->domain) != 0)
    {
      g_autofree char *org_dmarc_name = g_strdup_printf ("_dmarc.%s", self->org_domain);

      start_lookup (task, org_dmarc_name, G_RESOLVER_RECORD_TXT);
    }
  if (--data->pending == 0)
    finish_dns_round (task);
}

/* Mailjet -------------------------------------------------------------------------------- */

static void
fail_mailjet (GTask *task, GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else
    {
      g_task_return_new_error (task, HERALD_SENDER_CHECK_ERROR, HERALD_SENDER_CHECK_ERROR_MAILJET,
                               _ ("Could not ask Mailjet about the sender: %s"), error->message);
      g_error_free (error);
    }
}

static void
dns_check_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  HeraldSenderCheck *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->dns_check =
      herald_mailjet_client_get_dns_finish (HERALD_MAILJET_CLIENT (source), result, &error);
  if (error != NULL)
    {
      fail_mailjet (task, error);
      return;
    }
  start_dns (task);
}

static void
dns_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  HeraldSenderCheck *self = g_task_get_source_object (task);
  GCancellable *cancellable;
  GError *error = NULL;

  self->dns = herald_mailjet_client_get_dns_finish (HERALD_MAILJET_CLIENT (source), result, &error);
  if (g_error_matches (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NOT_FOUND))
    {
      /* Not a domain of this account: nothing to compare the DKIM key with. */
      g_clear_error (&error);
      start_dns (task);
      return;
    }
  if (error != NULL)
    {
      fail_mailjet (task, error);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  herald_mailjet_client_get_dns_async (self->client, self->domain, TRUE, cancellable,
                                       dns_check_done, g_steal_pointer (&task));
}

/* The sender covering the address: itself, or the catch-all of its domain; an active one
 * wins, then the exact address. */
static int
sender_rank (HeraldSenderCheck *self, JsonObject *sender)
{
  const char *email = json_object_get_string_member_with_default (sender, "Email", "");
  const char *status = json_object_get_string_member_with_default (sender, "Status", "");
  g_autofree char *catch_all = g_strconcat ("*@", self->domain, NULL);
  int rank;

  if (self->address && g_ascii_strcasecmp (email, self->address) == 0)
    rank = 1;
  else if (g_ascii_strcasecmp (email, catch_all) == 0)
    rank = 0;
  else
    return -1;
  if (g_str_equal (status, "Deleted"))
    return -1;
  return rank + (g_str_equal (status, "Active") ? 2 : 0);
}

static void
senders_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  HeraldSenderCheck *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr (JsonArray) senders =
      herald_mailjet_client_get_finish (HERALD_MAILJET_CLIENT (source), result, &error);
  GCancellable *cancellable;
  int best = -1;

  if (senders == NULL)
    {
      fail_mailjet (task, error);
      return;
    }
  for (guint i = 0; i < json_array_get_length (senders); i++)
    {
      JsonObject *sender = json_array_get_object_element (senders, i);
      int rank = sender ? sender_rank (self, sender) : -1;

      if (rank > best)
        {
          best = rank;
          g_clear_pointer (&self->sender, json_object_unref);
          self->sender = json_object_ref (sender);
        }
    }
  cancellable = g_task_get_cancellable (task);
  herald_mailjet_client_get_dns_async (self->client, self->domain, FALSE, cancellable, dns_done,
                                       g_steal_pointer (&task));
}

void
herald_sender_check_run_async (HeraldSenderCheck *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (HERALD_IS_SENDER_CHECK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_sender_check_run_async);
  g_task_set_task_data (task, g_new0 (RunData, 1), (GDestroyNotify) run_data_free);
  g_hash_table_remove_all (self->answers);
  g_clear_pointer (&self->sender, json_object_unref);
  g_clear_pointer (&self->dns, json_object_unref);
  g_clear_pointer (&self->dns_check, json_object_unref);
  self->spf_done = FALSE;

  if (self->client == NULL)
    {
      start_dns (task);
      return;
    }
  escaped = g_uri_escape_string (self->domain, NULL, FALSE);
  path = g_strdup_printf ("/v3/REST/sender?Domain=%s&Limit=1000", escaped);
  herald_mailjet_client_get_async (self->client, path, cancellable, senders_done,
                                   g_steal_pointer (&task));
}

gboolean
herald_sender_check_run_finish (HeraldSenderCheck *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Results -------------------------------------------------------------------------------- */

GPtrArray *
herald_sender_check_get_findings (HeraldSenderCheck *self)
{
  g_return_val_if_fail (HERALD_IS_SENDER_CHECK (self), NULL);
  return self->findings;
}

HeraldSeverity
herald_sender_check_get_verdict (HeraldSenderCheck *self)
{
  g_return_val_if_fail (HERALD_IS_SENDER_CHECK (self), HERALD_SEVERITY_INFO);
  return herald_sender_verdict (self->findings);
}

gint64
herald_sender_check_get_sender_id (HeraldSenderCheck *self)
{
  g_return_val_if_fail (HERALD_IS_SENDER_CHECK (self), 0);
  return self->sender ? json_object_get_int_member_with_default (self->sender, "ID", 0) : 0;
}

const char *
herald_sender_check_get_sender_status (HeraldSenderCheck *self)
{
  g_return_val_if_fail (HERALD_IS_SENDER_CHECK (self), NULL);
  return self->sender ? json_object_get_string_member_with_default (self->sender, "Status", NULL)
                      : NULL;
}

const char *
herald_sender_check_get_mailjet_spf_status (HeraldSenderCheck *self)
{
  g_return_val_if_fail (HERALD_IS_SENDER_CHECK (self), NULL);
  return self->dns_check
             ? json_object_get_string_member_with_default (self->dns_check, "SPFStatus", NULL)
             : NULL;
}

const char *
herald_sender_check_get_mailjet_dkim_status (HeraldSenderCheck *self)
{
  g_return_val_if_fail (HERALD_IS_SENDER_CHECK (self), NULL);
  return self->dns_check
             ? json_object_get_string_member_with_default (self->dns_check, "DKIMStatus", NULL)
             : NULL;
}

static const char *
severity_name (HeraldSeverity severity)
{
  return severity == HERALD_SEVERITY_ERROR     ? "error"
         : severity == HERALD_SEVERITY_WARNING ? "warning"
                                               : "ok";
}

JsonNode *
herald_sender_check_to_json (HeraldSenderCheck *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (HERALD_IS_SENDER_CHECK (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "address");
  json_builder_add_string_value (b, herald_sender_check_get_address (self));
  json_builder_set_member_name (b, "domain");
  json_builder_add_string_value (b, self->domain);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, severity_name (herald_sender_check_get_verdict (self)));
  json_builder_set_member_name (b, "sender");
  if (self->sender)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, herald_sender_check_get_sender_id (self));
      json_builder_set_member_name (b, "email");
      json_builder_add_string_value (
          b, json_object_get_string_member_with_default (self->sender, "Email", ""));
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, herald_sender_check_get_sender_status (self));
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "mailjet_spf_status");
  json_builder_add_string_value (b, herald_sender_check_get_mailjet_spf_status (self));
  json_builder_set_member_name (b, "mailjet_dkim_status");
  json_builder_add_string_value (b, herald_sender_check_get_mailjet_dkim_status (self));
  json_builder_set_member_name (b, "findings");
  json_builder_begin_array (b);
  for (guint i = 0; self->findings && i < self->findings->len; i++)
    {
      HeraldSenderFinding *f = g_ptr_array_index (self->findings, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, f->id);
      json_builder_set_member_name (b, "severity");
      json_builder_add_string_value (b, severity_name (f->severity));
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, f->message);
      json_builder_set_member_name (b, "fix");
      json_builder_add_string_value (b, f->fix);
      json_builder_set_member_name (b, "record");
      if (f->record_name)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, f->record_name);
          json_builder_set_member_name (b, "type");
          json_builder_add_string_value (b, "TXT");
          json_builder_set_member_name (b, "value");
          json_builder_add_string_value (b, f->record_value);
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Validation ----------------------------------------------------------------------------- */

static void
validate_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  g_autoptr (JsonArray) data =
      herald_mailjet_client_write_finish (HERALD_MAILJET_CLIENT (source), result, &error);
  g_autoptr (GPtrArray) errors = g_ptr_array_new ();
  JsonObject *o;
  JsonNode *errors_node;

  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  o = json_array_get_length (data) > 0 ? json_array_get_object_element (data, 0) : NULL;
  if (o == NULL)
    {
      g_task_return_pointer (task, herald_sender_explain_validation (NULL, NULL, NULL), g_free);
      return;
    }
  /* The documentation shows Errors as an object of messages, the Node types as a string. */
  errors_node = json_object_get_member (o, "Errors");
  if (errors_node && JSON_NODE_HOLDS_OBJECT (errors_node))
    {
      JsonObject *eo = json_node_get_object (errors_node);
      g_autoptr (GList) members = json_object_get_members (eo);

      for (GList *l = members; l; l = l->next)
        {
          const char *text = json_object_get_string_member_with_default (eo, l->data, NULL);

          if (text && *text)
            g_ptr_array_add (errors, (gpointer) text);
        }
    }
  else if (errors_node && JSON_NODE_HOLDS_VALUE (errors_node) &&
           json_node_get_string (errors_node) && *json_node_get_string (errors_node))
    g_ptr_array_add (errors, (gpointer) json_node_get_string (errors_node));
  g_ptr_array_add (errors, NULL);

  g_task_return_pointer (
      task,
      herald_sender_explain_validation (
          json_object_get_string_member_with_default (o, "ValidationMethod", NULL),
          json_object_get_string_member_with_default (o, "GlobalError", NULL),
          (const char *const *) errors->pdata),
      g_free);
}

void
herald_sender_check_validate_async (HeraldSenderCheck *self,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (JsonNode) empty = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (HERALD_IS_SENDER_CHECK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_sender_check_validate_async);
  if (self->client == NULL || herald_sender_check_get_sender_id (self) == 0)
    {
      g_task_return_new_error (task, HERALD_SENDER_CHECK_ERROR, HERALD_SENDER_CHECK_ERROR_MAILJET,
                               _ ("“%s” is not a sender of this account, so there is nothing "
                                  "to validate: add it in Mailjet first."),
                               herald_sender_check_get_address (self));
      return;
    }
  empty = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (empty, json_object_new ());
  path = g_strdup_printf ("/v3/REST/sender/%" G_GINT64_FORMAT "/validate",
                          herald_sender_check_get_sender_id (self));
  herald_mailjet_client_write_async (self->client, "POST", path, empty, cancellable, validate_done,
                                     g_steal_pointer (&task));
}

char *
herald_sender_check_validate_finish (HeraldSenderCheck *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
