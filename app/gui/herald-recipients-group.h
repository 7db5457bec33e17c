/* herald-recipients-group.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HERALD_TYPE_RECIPIENTS_GROUP (herald_recipients_group_get_type ())

/* The saved test inboxes (GSettings "test-recipients"), one editable row each, checked as
 * they are typed. */
G_DECLARE_FINAL_TYPE (
    HeraldRecipientsGroup, herald_recipients_group, HERALD, RECIPIENTS_GROUP, AdwPreferencesGroup)

GtkWidget *herald_recipients_group_new (void);
void herald_recipients_group_set_settings (HeraldRecipientsGroup *self, GSettings *settings);
/* The addresses of the rows, in order, empty rows left out; NULL when a row is invalid. */
GStrv herald_recipients_group_dup_addresses (HeraldRecipientsGroup *self);
guint herald_recipients_group_get_n_invalid (HeraldRecipientsGroup *self);
/* Appends a row (focused) and returns its entry row. */
AdwEntryRow *herald_recipients_group_add_row (HeraldRecipientsGroup *self, const char *address);
AdwEntryRow *herald_recipients_group_get_row (HeraldRecipientsGroup *self, guint index);
guint herald_recipients_group_get_n_rows (HeraldRecipientsGroup *self);
/* Shows what Mailjet said about an address on its row; @identifier can be copied. */
void herald_recipients_group_set_error (HeraldRecipientsGroup *self,
                                        const char *address,
                                        const char *message,
                                        const char *identifier);
void herald_recipients_group_clear_errors (HeraldRecipientsGroup *self);

/* NULL for a plausible address, else what is wrong in words. */
const char *herald_recipients_check_address (const char *address);

G_END_DECLS
