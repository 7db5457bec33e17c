/* herald-import-merge.h: a new library made of templates read from a Mailjet account.
 *
 * Mailjet keeps one template per language. Templates that are languages of one another
 * become one Herald template with its translations in po/LOCALE.po:
 *
 *  - Herald's own, named "herald:LIBRARY/TEMPLATE/LOCALE" when they were published;
 *  - the same name with a language at its end, "Overdraft risk (fr)", "overdraft-risk-fr",
 *    "overdraft_risk fr_FR", when another template has the same name without it;
 *  - the same name, with a different Mailjet Locale.
 *
 * A language becomes a translation only when applying the translation to the source
 * language's version gives back exactly that language's version: the same layout and
 * template logic, only the texts differ. Otherwise it is kept as a template of its own,
 * with a note saying why (printed, and written into the template's description).
 *
 * No network here: herald-import.c (the Mailjet room) reads the account.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One Mailjet template, as read from the account. */
typedef struct
{
  gint64 mailjet_id;
  char *name;   /* the template's Name */
  char *locale; /* its Locale in Herald's spelling ("fr" for fr_FR), or NULL */
  char *subject;
  char *from_email; /* NULL when the template has no sender */
  char *from_name;
  char *html;
  char *text;
} HeraldImportSource;

HeraldImportSource *herald_import_source_new (gint64 mailjet_id, const char *name);
void herald_import_source_free (HeraldImportSource *source);

/* What became of one Mailjet template. */
typedef struct
{
  gint64 mailjet_id;
  char *mailjet_name;
  char *template_id; /* in the new library */
  char *locale;      /* its language: the library's source or a translation's */
  gboolean separate; /* kept as a template of its own: locale is the language it is in */
  char *note;        /* why it is separate, or NULL */
} HeraldImportRow;

void herald_import_row_free (HeraldImportRow *row);

/* Fails (G_IO_ERROR_EXISTS) when directory exists and is not an empty folder. */
gboolean herald_import_check_directory (const char *directory, GError **error);

/* Builds the library in a temporary folder beside directory and renames it to directory
 * only once every file is written, so a failure leaves nothing behind. library_name is
 * used when no template carries Herald's marker (NULL: the folder's name). Returns the
 * rows (HeraldImportRow), in the order of the library's templates. */
GPtrArray *herald_import_write_library (GPtrArray *sources,
                                        const char *directory,
                                        const char *library_name,
                                        GError **error);

/* A template id made of a name: lower-case ASCII letters, digits and dashes, at most 64
 * bytes, never a device name of Windows ("con"). */
char *herald_import_slug (const char *name);
/* "Overdraft risk (fr)" → "Overdraft risk" and "fr"; FALSE when the name does not end in a
 * language. */
gboolean herald_import_split_locale_suffix (const char *name, char **stem, char **locale);
/* Mailjet's "fr_FR" → "fr", "pt_BR" → "pt-BR": the region is dropped when it is the
 * language's usual one. */
char *herald_import_locale_from_mailjet (const char *mailjet_locale);
/* The preheader Herald puts first in a published HTML part, taken back out: TRUE and the
 * html without it and the preheader, or FALSE when the part has none. */
gboolean herald_import_split_preheader (const char *html, char **html_out, char **preheader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldImportSource, herald_import_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldImportRow, herald_import_row_free)

G_END_DECLS
