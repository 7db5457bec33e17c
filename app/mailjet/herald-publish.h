/* herald-publish.h: one Mailjet transactional template per (template, locale) of a library.
 *
 * Herald finds its templates again by their Name, "herald:LIBRARY/TEMPLATE/LOCALE" (see
 * herald_publish_marker()), so publishing keeps no state: a second run, from any clone,
 * updates the same templates, and content that already matches costs no write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-library.h"
#include "herald-mailjet-client.h"

G_BEGIN_DECLS

typedef enum
{
  HERALD_PUBLISH_PENDING,   /* not looked at yet */
  HERALD_PUBLISH_NEW,       /* dry run: would be created */
  HERALD_PUBLISH_CHANGED,   /* dry run: would be updated */
  HERALD_PUBLISH_UNCHANGED, /* the account already holds this content: no write */
  HERALD_PUBLISH_CREATED,
  HERALD_PUBLISH_UPDATED,
  HERALD_PUBLISH_REFUSED, /* lint errors, and no --force */
  HERALD_PUBLISH_FAILED,
} HeraldPublishState;

typedef struct
{
  char *template_id;
  char *locale;         /* Herald's spelling, "fr" */
  char *mailjet_locale; /* Mailjet's, "fr_FR" */
  char *marker;         /* the Mailjet template's Name */
  JsonObject *content;  /* the detailcontent to store */
  guint n_lint_errors;
  char *first_lint_error;
  HeraldPublishState state;
  gint64 mailjet_id; /* 0: none on the account (yet) */
  char *diff;        /* CHANGED/UPDATED: what differs, part by part */
  char *error;       /* FAILED: why, in plain words */
} HeraldPublishRow;

/* Stable, for --json. */
const char *herald_publish_state_to_string (HeraldPublishState state);
/* Translated, for people. */
const char *herald_publish_state_get_label (HeraldPublishState state);
/* "herald:LIBRARY/TEMPLATE/LOCALE". */
char *herald_publish_marker (const char *library_name, const char *template_id, const char *locale);
/* Mailjet spells locales language_REGION: "fr" → "fr_FR", "pt-BR" → "pt_BR". */
char *herald_publish_mailjet_locale (const char *locale);

#define HERALD_TYPE_PUBLISH (herald_publish_get_type ())

G_DECLARE_FINAL_TYPE (HeraldPublish, herald_publish, HERALD, PUBLISH, GObject)

/* Prepares one row per template × locale: the localized content (exactly what a test send
 * rendered by Mailjet carries) and the lint errors that would refuse it. @template_ids and
 * @locales NULL or empty mean all; the sender is the library's From, else @fallback_from_*. */
HeraldPublish *herald_publish_new (HeraldLibrary *library,
                                   const char *const *template_ids,
                                   const char *const *locales,
                                   const char *fallback_from_email,
                                   const char *fallback_from_name,
                                   GError **error);
guint herald_publish_get_n_rows (HeraldPublish *self);
const HeraldPublishRow *herald_publish_get_row (HeraldPublish *self, guint index);

/* Compares every row with the account and, unless @dry_run, writes what differs. Rows with
 * lint errors are refused unless @force. A failing row does not stop the others; the
 * result is FALSE (with error) only when the account's templates cannot be listed. */
void herald_publish_run_async (HeraldPublish *self,
                               HeraldMailjetClient *client,
                               gboolean dry_run,
                               gboolean force,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean herald_publish_run_finish (HeraldPublish *self, GAsyncResult *result, GError **error);
/* Rows that failed or were refused after a run. */
guint herald_publish_get_n_failed (HeraldPublish *self);

G_END_DECLS
