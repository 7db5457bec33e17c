/* herald-send-request.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "herald-scenario.h"
#include "herald-template.h"

G_BEGIN_DECLS

/* Who renders the Templating Language, and from where. */
typedef enum
{
  HERALD_SEND_MODE_MAILJET, /* source + TemplateLanguage + Variables: Mailjet renders */
  HERALD_SEND_MODE_HERALD,  /* final parts rendered by Herald: what you see is what is sent */
  HERALD_SEND_MODE_STORED,  /* TemplateID + Variables: the published template, as production */
} HeraldSendMode;

/* The parts of one locale. Any NULL member falls back to the template's own part. */
typedef struct
{
  const char *subject;
  const char *preheader;
  const char *html;
  const char *text;
} HeraldSendContent;

/* What Herald needs to track one message once Mailjet accepted it. */
typedef struct
{
  char *template_id;
  char *locale;
  char *scenario_id;
  char *recipient;
  char *custom_id;
  guint batch;
  guint index_in_batch;
} HeraldSendItem;

/* Mailjet's limits per call (reference §3.7). */
#define HERALD_SEND_MAX_MESSAGES 50
#define HERALD_SEND_MAX_RECIPIENTS 50

#define HERALD_TYPE_SEND_REQUEST (herald_send_request_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSendRequest, herald_send_request, HERALD, SEND_REQUEST, GObject)

gboolean herald_send_mode_from_string (const char *text, HeraldSendMode *mode);
HeraldSendRequest *herald_send_request_new (HeraldSendMode mode);
HeraldSendMode herald_send_request_get_mode (HeraldSendRequest *self);
void herald_send_request_set_from (HeraldSendRequest *self, const char *email, const char *name);
/* Where Mailjet mails template-language errors (the modes where Mailjet renders). */
void herald_send_request_set_error_reporting (HeraldSendRequest *self, const char *email);
void
herald_send_request_add_recipient (HeraldSendRequest *self, const char *email, const char *name);
/* One locale × scenario of a template; every recipient gets one message of it.
 * @content NULL uses the template's own parts; @scenario NULL sends no Variables. */
gboolean herald_send_request_add_variant (HeraldSendRequest *self,
                                          HeraldTemplate *template,
                                          const char *locale,
                                          HeraldScenario *scenario,
                                          const HeraldSendContent *content,
                                          GError **error);
/* Stored mode: the Mailjet template that holds @template_id in @locale (see
 * herald-stored-send.h). Every variant needs one before herald_send_request_build(). */
void herald_send_request_set_stored_template (HeraldSendRequest *self,
                                              const char *template_id,
                                              const char *locale,
                                              gint64 mailjet_id);
/* The distinct template ids and locales of the variants, in the order added. */
char **herald_send_request_dup_template_ids (HeraldSendRequest *self);
char **herald_send_request_dup_locales (HeraldSendRequest *self);
/* Lays the variants × recipients out into calls that respect Mailjet's limits. */
gboolean herald_send_request_build (HeraldSendRequest *self, GError **error);
guint herald_send_request_get_n_batches (HeraldSendRequest *self);
/* {"Messages": [...]} for one call. */
JsonNode *herald_send_request_get_batch (HeraldSendRequest *self, guint batch);
guint herald_send_request_get_n_items (HeraldSendRequest *self);
const HeraldSendItem *herald_send_request_get_item (HeraldSendRequest *self, guint index);
const HeraldSendItem *herald_send_request_find_item (HeraldSendRequest *self,
                                                     const char *custom_id);

/* The hidden preview text mail clients show after the subject, put first in <body>. */
char *herald_send_insert_preheader (const char *html, const char *preheader);

G_END_DECLS
