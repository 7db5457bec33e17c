/* herald-po-catalog-private.h: what reading (herald-po-catalog.c) and writing
 * (herald-po-write.c) a catalogue share: the instance, and libgettextpo's one lock and error
 * channel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gettext-po.h>
#include <setjmp.h>

#include "herald-po-catalog.h"

G_BEGIN_DECLS

struct _HeraldPoCatalog
{
  GObject parent_instance;

  char *path;
  char *header;
  char *header_comments;
  gboolean header_fuzzy;
  char *locale;
  GPtrArray *entries;
  GHashTable *index; /* "msgctxt\004msgid" or "msgid" → HeraldPoEntry, live entries only */
  HeraldPluralForms *plural_forms;
  GHashTable *checked; /* HeraldPoEntry → bit set of the keys checked clean */
};

/* libgettextpo reports through a callback that must not return on fatal errors, and keeps
 * no per-call state, so reads and writes are serialized: the handler records the first error
 * in herald_po_first_error and jumps to herald_po_fatal_jump on a fatal one. */
extern jmp_buf herald_po_fatal_jump;
extern GString *herald_po_first_error;
extern const struct po_xerror_handler herald_po_handler;
/* Around every use of herald_po_handler: takes the lock and starts herald_po_first_error
 * empty; the end frees it and lets go of the lock. setjmp() stays with the caller, whose
 * frame must outlive the jump. */
void herald_po_errors_begin (void);
void herald_po_errors_end (void);

/* herald-po-catalog.c */
gboolean herald_po_starts_with_keyword (const char *p, const char *keyword);
GPtrArray *herald_po_scan_flag_lines (const char *contents, gsize length);
gboolean herald_po_read_file (HeraldPoCatalog *self,
                              const char *path,
                              const char *display_name,
                              GError **error);

/* herald-po-write.c */
void herald_po_set_message_msgstr (po_message_t message, const HeraldPoEntry *entry);
void herald_po_set_message_flags (po_message_t message, const char *const *flags);

G_END_DECLS
