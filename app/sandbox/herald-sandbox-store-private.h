/* herald-sandbox-store-private.h: the Sandbox's model (messages, templates, senders and
 * their lifecycles) as the store, the Send API and the REST resources share it. Every
 * function named *_unlocked, and every handler, runs with the store's mutex held.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-sandbox-private.h"

G_BEGIN_DECLS

/* Real MessageIDs are 64-bit and above 2^53 (e.g. 1152921509597813712): ours start there too
 * so that any client that goes through a double breaks in tests, not in production. */
#define FIRST_MESSAGE_ID G_GINT64_CONSTANT (1152921509597813712)
#define MAX_MESSAGES 50
#define MAX_RECIPIENTS 50
#define MAX_SUBJECT 255
#define MAX_URL_TAGS 256
#define DEFAULT_VISIBILITY_DELAY 5.0
#define DEFAULT_MESSAGE_CAP 10000
#define SANDBOX_CAMPAIGN_ID 7390730
#define SANDBOX_SENDER_ID_BASE 46935

/* Delivery lifecycles, chosen by the recipient's local part. Times are seconds after the send
 * at speed 1 on the store's clock; the sandbox's speed divides them. A step without an event
 * changes the status without adding a messagehistory row (Mailjet records no event for
 * "queued"/"deferred"). */
typedef struct
{
  double at;
  const char *status;
  guint state_id;
  const char *event;
  const char *state;
  const char *comment; /* NULL: the message's template error */
  gboolean permanent;
  const char *useragent;
  guint useragent_id;
} Step;

typedef struct
{
  const char *name;
  double visibility; /* < 0: the sandbox's configured delay */
  const Step *steps;
  guint n_steps;
} Lifecycle;

typedef struct
{
  gint64 id;
  char *uuid;
  char *custom_id;
  char *event_payload;
  char *from_email;
  char *from_name;
  char *recipient;
  char *recipient_name;
  const char *field; /* "To", "Cc" or "Bcc" */
  char *subject;
  char *html;
  char *text;
  char *template_error;
  gint64 template_id;
  gboolean template_language;
  gboolean open_tracked;
  gboolean click_tracked;
  gboolean report; /* an error report Mailjet mails to TemplateErrorReporting */
  guint attachment_count;
  gint64 sender_id;
  gint64 created_mono;
  gint64 created_unix;
  const Lifecycle *lifecycle;
} Message;

typedef struct
{
  gint64 id;
  JsonObject *properties;
  gboolean has_content;
  char *html;
  char *text;
  char *mjml;
  JsonObject *headers;
} Template;

typedef struct
{
  gint64 id;
  char *email;
  char *name;
  char *email_type;
  gboolean is_default;
  char *created_at;
  char *status;
} Sender;

struct _HeraldSandboxStore
{
  GMutex mutex;
  char *base_url;
  char *api_key;
  double speed;
  double visibility_delay;
  /* Every lifecycle runs on this clock (monotonic microseconds); tests set a virtual one. */
  HeraldClock clock;
  gpointer clock_data;
  gint64 epoch_clock; /* the clock's reading at epoch_unix */
  gint64 epoch_unix;  /* g_get_real_time() when the clock was set */
  gint64 next_message_id;
  gint64 next_template_id;
  gint64 next_sender_id;
  /* Oldest first; beyond message_cap the oldest go, history and all. */
  GQueue messages;
  GHashTable *messages_by_id; /* gint64* → Message*, both owned by the queue */
  guint message_cap;
  guint n_serialised; /* message objects written for lists, for tests of paging */
  GPtrArray *templates;
  GPtrArray *senders;
  GPtrArray *callbacks; /* JsonObject* */
};

/* A REST request as the handlers see it. */
typedef struct
{
  const char *method;
  char **segments;   /* the path after "/v3/REST/", split at "/" */
  GHashTable *query; /* decoded; may be NULL */
  const char *body;
  gsize length;
} HeraldSandboxRequest;

/* Answers one route of the routing table (herald-sandbox-router.c), with the store's mutex
 * held. */
typedef void (*HeraldSandboxHandler) (HeraldSandboxStore *store,
                                      const HeraldSandboxRequest *request,
                                      HeraldSandboxReply *reply);

typedef struct
{
  const char *field;
  const char *email;
  const char *name;
} Recipient;

typedef struct
{
  const char *from_email;
  const char *from_name;
  const char *subject;
  const char *html;
  const char *text;
  JsonObject *variables;
  const char *custom_id;
  const char *event_payload;
  const char *report_email;
  gint64 template_id;
  gboolean template_language;
  gboolean error_deliver;
  gboolean open_tracked;
  gboolean click_tracked;
  guint attachment_count;
  GArray *recipients; /* of Recipient */
} SendSpec;

/* herald-sandbox-store.c */
gint64 herald_sandbox_store_now (HeraldSandboxStore *store);
gint64 herald_sandbox_store_now_unix (HeraldSandboxStore *store);
/* The first item of @items that @matches (called as matches (item, key)), or NULL: the one
 * linear search behind every lookup of a template or a sender. */
gpointer herald_sandbox_find (GPtrArray *items, gconstpointer key, GEqualFunc matches);

extern const Lifecycle herald_sandbox_delivered_lifecycle;
extern const Lifecycle herald_sandbox_template_error_lifecycle;
char *herald_sandbox_iso_time (gint64 unix_seconds);
gint64 herald_sandbox_stable_id (const char *text, gint64 base, gint64 range);
void herald_sandbox_add_sender_unlocked (HeraldSandboxStore *store,
                                         const char *email,
                                         const char *name,
                                         const char *status);
void herald_sandbox_evict_messages_unlocked (HeraldSandboxStore *store);
gboolean herald_sandbox_email_is_valid (const char *email);
const char *herald_sandbox_email_domain (const char *email);
gboolean herald_sandbox_domain_is_reserved (const char *domain);
Sender *herald_sandbox_find_sender (HeraldSandboxStore *store, const char *email);
Sender *herald_sandbox_find_sender_at (HeraldSandboxStore *store, const char *domain);
Sender *herald_sandbox_find_active_sender (HeraldSandboxStore *store, const char *email);
gboolean herald_sandbox_sender_is_allowed (HeraldSandboxStore *store, const char *email);
const Lifecycle *herald_sandbox_lifecycle_for (const char *email);
double herald_sandbox_elapsed_unlocked (HeraldSandboxStore *store, Message *m);
gboolean herald_sandbox_message_is_visible (HeraldSandboxStore *store, Message *m);
const Step *herald_sandbox_message_step (HeraldSandboxStore *store, Message *m);
gint64 herald_sandbox_step_time (HeraldSandboxStore *store, Message *m, const Step *step);
Message *herald_sandbox_find_message (HeraldSandboxStore *store, gint64 id);
void herald_sandbox_store_message (HeraldSandboxStore *store, Message *m);
Template *herald_sandbox_find_template (HeraldSandboxStore *store, gint64 id);

/* herald-sandbox-reply.c */
/* The request's body as a JSON object, or NULL after a 400 reply in the v3 REST dialect. */
JsonNode *herald_sandbox_request_object (const HeraldSandboxRequest *request,
                                         HeraldSandboxReply *reply);

JsonNode *herald_sandbox_object_node (JsonObject *object);
gboolean herald_sandbox_member_has_type (JsonObject *object, const char *name, GType type);
gboolean herald_sandbox_member_is_set (JsonObject *object, const char *name);
const char *herald_sandbox_member_string (JsonObject *object, const char *name);
gboolean herald_sandbox_member_true (JsonObject *object, const char *name);
const char *herald_sandbox_query_get (GHashTable *query, const char *name);
gboolean herald_sandbox_query_true (GHashTable *query, const char *name);
JsonNode *herald_sandbox_parse_body (const char *body, gsize length);
void herald_sandbox_reply_set (HeraldSandboxReply *reply,
                               guint status,
                               HeraldSandboxStyle style,
                               JsonNode *body);
void herald_sandbox_reply_envelope (HeraldSandboxReply *reply,
                                    guint status,
                                    HeraldSandboxStyle style,
                                    JsonArray *data,
                                    guint total);
void herald_sandbox_reply_one (HeraldSandboxReply *reply,
                               guint status,
                               HeraldSandboxStyle style,
                               JsonObject *object);
void herald_sandbox_reply_not_found (HeraldSandboxReply *reply);
void
herald_sandbox_reply_legacy_error (HeraldSandboxReply *reply, guint status, const char *message);
void herald_sandbox_reply_method_not_allowed (HeraldSandboxReply *reply);
gboolean herald_sandbox_parse_id (const char *text, gint64 *id);
void herald_sandbox_list_range (GHashTable *query, guint64 *first, guint64 *last);
JsonArray *herald_sandbox_window_array (GPtrArray *objects, GHashTable *query);

/* herald-sandbox-validate.c */
#define ADD_ERROR(errors, ...)                                                                     \
  json_array_add_object_element (errors, herald_sandbox_error_object (__VA_ARGS__))

JsonObject *herald_sandbox_error_object (
    const char *code, guint status, const char *message, const char *related_first, ...);
void herald_sandbox_type_mismatch (JsonArray *errors, const char *expected, const char *related);
void herald_sandbox_parse_from_header (const char *value, char **email, char **name);
void herald_sandbox_check_message (HeraldSandboxStore *store,
                                   JsonObject *msg,
                                   JsonArray *errors,
                                   SendSpec *spec,
                                   char **from_storage);

/* herald-sandbox-rest-dns.c */
gint64 herald_sandbox_dns_id (const char *domain);

/* herald-sandbox-dns.c */
/* POST /dns/{domain}/check's Data object from the DNS for a ".test" domain, else NULL. */
JsonObject *herald_sandbox_dns_live_check (const char *domain);

/* herald-sandbox-rest-templates.c */

/* REST handlers: one per route of the table in herald-sandbox-router.c. */
/* herald-sandbox-rest-account.c */
void herald_sandbox_rest_myprofile_get (HeraldSandboxStore *store,
                                        const HeraldSandboxRequest *request,
                                        HeraldSandboxReply *reply);
void herald_sandbox_rest_user_get (HeraldSandboxStore *store,
                                   const HeraldSandboxRequest *request,
                                   HeraldSandboxReply *reply);
void herald_sandbox_rest_apikey_get (HeraldSandboxStore *store,
                                     const HeraldSandboxRequest *request,
                                     HeraldSandboxReply *reply);
void herald_sandbox_rest_eventcallbackurl_list (HeraldSandboxStore *store,
                                                const HeraldSandboxRequest *request,
                                                HeraldSandboxReply *reply);
void herald_sandbox_rest_eventcallbackurl_create (HeraldSandboxStore *store,
                                                  const HeraldSandboxRequest *request,
                                                  HeraldSandboxReply *reply);
/* herald-sandbox-rest-dns.c */
void herald_sandbox_rest_dns_list (HeraldSandboxStore *store,
                                   const HeraldSandboxRequest *request,
                                   HeraldSandboxReply *reply);
void herald_sandbox_rest_dns_get (HeraldSandboxStore *store,
                                  const HeraldSandboxRequest *request,
                                  HeraldSandboxReply *reply);
void herald_sandbox_rest_dns_check (HeraldSandboxStore *store,
                                    const HeraldSandboxRequest *request,
                                    HeraldSandboxReply *reply);
/* herald-sandbox-rest-messages.c */
void herald_sandbox_rest_message_list (HeraldSandboxStore *store,
                                       const HeraldSandboxRequest *request,
                                       HeraldSandboxReply *reply);
void herald_sandbox_rest_message_get (HeraldSandboxStore *store,
                                      const HeraldSandboxRequest *request,
                                      HeraldSandboxReply *reply);
void herald_sandbox_rest_messagehistory_get (HeraldSandboxStore *store,
                                             const HeraldSandboxRequest *request,
                                             HeraldSandboxReply *reply);
void herald_sandbox_rest_messagestate_get (HeraldSandboxStore *store,
                                           const HeraldSandboxRequest *request,
                                           HeraldSandboxReply *reply);
void herald_sandbox_rest_statistics_get (HeraldSandboxStore *store,
                                         const HeraldSandboxRequest *request,
                                         HeraldSandboxReply *reply);
void herald_sandbox_rest_messageinformation_get (HeraldSandboxStore *store,
                                                 const HeraldSandboxRequest *request,
                                                 HeraldSandboxReply *reply);
void herald_sandbox_rest_bouncestatistics_get (HeraldSandboxStore *store,
                                               const HeraldSandboxRequest *request,
                                               HeraldSandboxReply *reply);
/* herald-sandbox-rest-senders.c */
void herald_sandbox_rest_sender_list (HeraldSandboxStore *store,
                                      const HeraldSandboxRequest *request,
                                      HeraldSandboxReply *reply);
void herald_sandbox_rest_sender_create (HeraldSandboxStore *store,
                                        const HeraldSandboxRequest *request,
                                        HeraldSandboxReply *reply);
void herald_sandbox_rest_sender_get (HeraldSandboxStore *store,
                                     const HeraldSandboxRequest *request,
                                     HeraldSandboxReply *reply);
void herald_sandbox_rest_sender_change (HeraldSandboxStore *store,
                                        const HeraldSandboxRequest *request,
                                        HeraldSandboxReply *reply);
void herald_sandbox_rest_sender_delete (HeraldSandboxStore *store,
                                        const HeraldSandboxRequest *request,
                                        HeraldSandboxReply *reply);
void herald_sandbox_rest_sender_validate (HeraldSandboxStore *store,
                                          const HeraldSandboxRequest *request,
                                          HeraldSandboxReply *reply);
/* herald-sandbox-rest-templates.c */
void herald_sandbox_rest_template_list (HeraldSandboxStore *store,
                                        const HeraldSandboxRequest *request,
                                        HeraldSandboxReply *reply);
void herald_sandbox_rest_template_create (HeraldSandboxStore *store,
                                          const HeraldSandboxRequest *request,
                                          HeraldSandboxReply *reply);
void herald_sandbox_rest_template_get (HeraldSandboxStore *store,
                                       const HeraldSandboxRequest *request,
                                       HeraldSandboxReply *reply);
void herald_sandbox_rest_template_change (HeraldSandboxStore *store,
                                          const HeraldSandboxRequest *request,
                                          HeraldSandboxReply *reply);
void herald_sandbox_rest_template_delete (HeraldSandboxStore *store,
                                          const HeraldSandboxRequest *request,
                                          HeraldSandboxReply *reply);
void herald_sandbox_rest_template_content_get (HeraldSandboxStore *store,
                                               const HeraldSandboxRequest *request,
                                               HeraldSandboxReply *reply);
void herald_sandbox_rest_template_content_set (HeraldSandboxStore *store,
                                               const HeraldSandboxRequest *request,
                                               HeraldSandboxReply *reply);
void herald_sandbox_rest_template_not_found (HeraldSandboxStore *store,
                                             const HeraldSandboxRequest *request,
                                             HeraldSandboxReply *reply);

G_END_DECLS
