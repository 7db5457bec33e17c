/* herald-spam-check.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_SPAM_CHECK_ERROR (herald_spam_check_error_quark ())

typedef enum
{
  HERALD_SPAM_CHECK_ERROR_NOT_INSTALLED,
  HERALD_SPAM_CHECK_ERROR_FAILED,
} HeraldSpamCheckError;

typedef struct
{
  double points;
  char *name;
  char *description;
} HeraldSpamRule;

typedef struct
{
  double score;
  double required;
  GPtrArray *rules; /* HeraldSpamRule */
} HeraldSpamReport;

#define HERALD_TYPE_SPAM_REPORT (herald_spam_report_get_type ())

GQuark herald_spam_check_error_quark (void);
GType herald_spam_report_get_type (void) G_GNUC_CONST;
HeraldSpamReport *herald_spam_report_copy (const HeraldSpamReport *self);
void herald_spam_report_free (HeraldSpamReport *self);
HeraldSpamReport *herald_spam_report_parse (const char *output, GError **error);
char *herald_spam_check_find_program (void);
void herald_spam_check_async (GBytes *message,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
HeraldSpamReport *herald_spam_check_finish (GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldSpamReport, herald_spam_report_free)

G_END_DECLS
