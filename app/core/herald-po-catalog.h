/* herald-po-catalog.h: a .po or .pot file in memory, read and written with libgettextpo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "herald-file-util.h"
#include "herald-plural.h"

G_BEGIN_DECLS

/* One message. Strings are UTF-8; msgstr holds one string, or nplurals strings for a plural
 * entry. references are "templates/<id>/body.html:12" (or without ":line"). flags are the
 * entry's flags other than fuzzy, spelled as in the file ("c-format", "no-c-format",
 * "range: 0..10", "no-wrap"), or NULL. The previous strings are msgmerge --previous's "#|"
 * lines: what the source said when the translation was last right. */
typedef struct
{
  char *msgctxt;
  char *msgid;
  char *msgid_plural;
  char **msgstr;
  char *translator_comments;
  char *extracted_comments;
  char **references;
  char *previous_msgid;
  gboolean fuzzy;
  char **flags;
  char *previous_msgctxt;
  char *previous_msgid_plural;
  gboolean obsolete;
} HeraldPoEntry;

HeraldPoEntry *
herald_po_entry_new (const char *msgctxt, const char *msgid, const char *msgid_plural);
HeraldPoEntry *herald_po_entry_copy (const HeraldPoEntry *entry);
void herald_po_entry_free (HeraldPoEntry *entry);
/* Translated: not fuzzy, and every msgstr non-empty. */
gboolean herald_po_entry_is_translated (const HeraldPoEntry *entry);
gboolean herald_po_entry_has_flag (const HeraldPoEntry *entry, const char *flag);
/* Whether msgstr passes msgfmt --check's format-string checks for the given flags (NULL:
 * the entry's own). */
gboolean herald_po_entry_check_format (const HeraldPoEntry *entry, const char *const *flags);

typedef enum
{
  HERALD_PO_STATUS_UNTRANSLATED,
  HERALD_PO_STATUS_FUZZY,
  HERALD_PO_STATUS_TRANSLATED,
} HeraldPoStatus;

#define HERALD_TYPE_PO_CATALOG (herald_po_catalog_get_type ())

G_DECLARE_FINAL_TYPE (HeraldPoCatalog, herald_po_catalog, HERALD, PO_CATALOG, GObject)

/* An empty catalogue (a .pot being built). */
HeraldPoCatalog *herald_po_catalog_new (void);
/* Reads a .po or .pot. Errors (HERALD_L10N_ERROR_PO_READ) name the file and line; a NUL
 * byte, text that is not UTF-8 and an unknown charset are refused. */
HeraldPoCatalog *herald_po_catalog_load (const char *path, GError **error);
HeraldPoCatalog *herald_po_catalog_load_data (const char *display_name,
                                              const char *data,
                                              gsize length,
                                              GError **error);
/* Writes through libgettextpo and replaces path atomically. */
/* Replaces path with the catalogue's text, or leaves it as it was and fails
 * (HERALD_L10N_ERROR_PO_WRITE or HERALD_LIBRARY_ERROR_WRITE, naming the file and the cause). */
gboolean herald_po_catalog_write (HeraldPoCatalog *self, const char *path, GError **error);
char *herald_po_catalog_to_data (HeraldPoCatalog *self, GError **error);
/* Whether new_text may leave old_text in place (they differ in nothing that matters). */
typedef gboolean (*HeraldPoUnchangedFunc) (const char *old_text, const char *new_text);
/* Writes the catalogue's text, checked, as the new content of path in batch; returns the
 * temporary file that holds it until the commit. When unchanged() accepts the file's text
 * as it is, path is left alone and returned instead. */
const char *herald_po_catalog_add_to_batch (HeraldPoCatalog *self,
                                            HeraldFileBatch *batch,
                                            const char *path,
                                            HeraldPoUnchangedFunc unchanged,
                                            GError **error);

const char *herald_po_catalog_get_path (HeraldPoCatalog *self);
/* The header entry's msgstr ("Content-Type: …\n…"), never NULL. */
const char *herald_po_catalog_get_header (HeraldPoCatalog *self);
void herald_po_catalog_set_header (HeraldPoCatalog *self, const char *header);
/* The header entry's translator comments ("Polish translation of …\n"), or NULL, and
 * whether the header is marked fuzzy. */
const char *herald_po_catalog_get_header_comments (HeraldPoCatalog *self);
void herald_po_catalog_set_header_comments (HeraldPoCatalog *self, const char *comments);
gboolean herald_po_catalog_get_header_fuzzy (HeraldPoCatalog *self);
void herald_po_catalog_set_header_fuzzy (HeraldPoCatalog *self, gboolean fuzzy);
/* A header field's value, or NULL. */
char *herald_po_catalog_dup_header_field (HeraldPoCatalog *self, const char *field);
void
herald_po_catalog_set_header_field (HeraldPoCatalog *self, const char *field, const char *value);
/* The Language header, else the file's base name ("fr" for po/fr.po), else NULL. */
const char *herald_po_catalog_get_locale (HeraldPoCatalog *self);
void herald_po_catalog_set_locale (HeraldPoCatalog *self, const char *locale);
/* The rules of the Plural-Forms header, or of the locale's language when the header is
 * missing, or English's. Fails only on a Plural-Forms header that cannot be parsed, with
 * HERALD_L10N_ERROR_PLURAL_FORMS and a message that starts with the file's name. */
HeraldPluralForms *herald_po_catalog_get_plural_forms (HeraldPoCatalog *self, GError **error);

/* Entries other than the header, in file order, obsolete ones included. */
guint herald_po_catalog_get_n_entries (HeraldPoCatalog *self);
const HeraldPoEntry *herald_po_catalog_get_entry (HeraldPoCatalog *self, guint index);
/* Takes ownership. An entry with the same msgctxt and msgid is replaced. */
void herald_po_catalog_add_entry (HeraldPoCatalog *self, HeraldPoEntry *entry);
/* The live (non-obsolete) entry for msgctxt (may be NULL) and msgid, or NULL. */
const HeraldPoEntry *
herald_po_catalog_find (HeraldPoCatalog *self, const char *msgctxt, const char *msgid);
/* The translation of a unit. For a plural unit (msgid_plural non-NULL) *msgstr is the array
 * of forms; otherwise a single string. Untranslated when missing or when the entry and the
 * unit disagree on being plural. */
HeraldPoStatus herald_po_catalog_lookup (HeraldPoCatalog *self,
                                         const char *msgctxt,
                                         const char *msgid,
                                         const char *msgid_plural,
                                         const char *const **msgstr);
/* The same for the entry found already (may be NULL). */
HeraldPoStatus herald_po_entry_get_status (const HeraldPoEntry *entry,
                                           const char *msgid_plural,
                                           const char *const **msgstr);

/* A memo for the checks of herald-l10n-lint.h: entry's translation passed them without any
 * finding for key (a part and whether it is an attribute). Forgotten when entries change. */
gboolean
herald_po_catalog_get_checked (HeraldPoCatalog *self, const HeraldPoEntry *entry, guint key);
void herald_po_catalog_set_checked (HeraldPoCatalog *self, const HeraldPoEntry *entry, guint key);

G_END_DECLS
