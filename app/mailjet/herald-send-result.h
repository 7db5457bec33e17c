/* herald-send-result.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One Mailjet message created by a send: one per recipient (To, Cc and Bcc alike). */
typedef struct
{
  char *kind; /* "To", "Cc" or "Bcc" */
  char *email;
  gint64 message_id; /* above 2^53: never a double */
  char *uuid;
  char *href;
} HeraldSentRecipient;

/* One error Mailjet reported for an input message, tied to what caused it. */
typedef struct
{
  char *identifier; /* ErrorIdentifier: support asks for it */
  char *code;       /* "mj-0013", "send-0003", … */
  guint status_code;
  char *message;     /* Mailjet's ErrorMessage */
  char **related_to; /* ErrorRelatedTo paths, e.g. "To[0].Email" */
  char *recipient;   /* the input address a path such as To[0].Email points at, or NULL */
  char *explanation; /* plain words for the UI */
} HeraldSendError;

typedef struct
{
  guint index; /* position of the input message in its call */
  gboolean accepted;
  char *custom_id;
  GPtrArray *recipients; /* HeraldSentRecipient */
  GPtrArray *errors;     /* HeraldSendError */
} HeraldSendOutcome;

#define HERALD_TYPE_SEND_RESULT (herald_send_result_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSendResult, herald_send_result, HERALD, SEND_RESULT, GObject)

/* Parses a /v3.1/send answer whose status is 200, or 400/403 carrying per-message results.
 * @input_messages (nullable) is the request's Messages array, used to map errors to the
 * recipient that caused them. Returns NULL with an error for any other answer. */
HeraldSendResult *
herald_send_result_parse (guint status, GBytes *body, JsonArray *input_messages, GError **error);
HeraldSendResult *herald_send_result_new (void);
/* Adds the outcomes of another call (a split send) after this one's. */
void herald_send_result_append (HeraldSendResult *self, HeraldSendResult *other);
guint herald_send_result_get_n_outcomes (HeraldSendResult *self);
const HeraldSendOutcome *herald_send_result_get_outcome (HeraldSendResult *self, guint index);
const HeraldSendOutcome *herald_send_result_find_custom_id (HeraldSendResult *self,
                                                            const char *custom_id);
guint herald_send_result_get_n_accepted (HeraldSendResult *self);
guint herald_send_result_get_n_failed (HeraldSendResult *self);
gboolean herald_send_result_get_partial (HeraldSendResult *self);
guint herald_send_result_get_http_status (HeraldSendResult *self);

G_END_DECLS
