/* herald-po-catalog.c: a catalogue's entries and header, and reading one through
 * libgettextpo (writing is herald-po-write.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-po-catalog"
/* memfd_create() */
#define _GNU_SOURCE

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gettext-po.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "herald-file-read.h"
#include "herald-file-util.h"
#include "herald-l10n-error.h"
#include "herald-hash.h"
#include "herald-po-catalog-private.h"

G_DEFINE_FINAL_TYPE (HeraldPoCatalog, herald_po_catalog, G_TYPE_OBJECT)

static const char default_header[] = "Project-Id-Version: PACKAGE VERSION\n"
                                     "Report-Msgid-Bugs-To: \n"
                                     "POT-Creation-Date: \n"
                                     "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\n"
                                     "Last-Translator: FULL NAME <EMAIL@ADDRESS>\n"
                                     "Language-Team: LANGUAGE <LL@li.org>\n"
                                     "Language: \n"
                                     "MIME-Version: 1.0\n"
                                     "Content-Type: text/plain; charset=UTF-8\n"
                                     "Content-Transfer-Encoding: 8bit\n";

/* See herald-po-catalog-private.h. */
G_LOCK_DEFINE_STATIC (gettextpo);
jmp_buf herald_po_fatal_jump;
GString *herald_po_first_error;

/* Entries */

HeraldPoEntry *
herald_po_entry_new (const char *msgctxt, const char *msgid, const char *msgid_plural)
{
  HeraldPoEntry *entry = g_new0 (HeraldPoEntry, 1);

  entry->msgctxt = g_strdup (msgctxt);
  entry->msgid = g_strdup (msgid);
  entry->msgid_plural = g_strdup (msgid_plural);
  if (msgid_plural != NULL)
    {
      const char *empty[] = { "", "", NULL };

      entry->msgstr = g_strdupv ((char **) empty);
    }
  else
    {
      const char *empty[] = { "", NULL };

      entry->msgstr = g_strdupv ((char **) empty);
    }
  return entry;
}

HeraldPoEntry *
herald_po_entry_copy (const HeraldPoEntry *entry)
{
  HeraldPoEntry *copy = g_new0 (HeraldPoEntry, 1);

  copy->msgctxt = g_strdup (entry->msgctxt);
  copy->msgid = g_strdup (entry->msgid);
  copy->msgid_plural = g_strdup (entry->msgid_plural);
  copy->msgstr = g_strdupv (entry->msgstr);
  copy->translator_comments = g_strdup (entry->translator_comments);
  copy->extracted_comments = g_strdup (entry->extracted_comments);
  copy->references = g_strdupv (entry->references);
  copy->previous_msgid = g_strdup (entry->previous_msgid);
  copy->previous_msgctxt = g_strdup (entry->previous_msgctxt);
  copy->previous_msgid_plural = g_strdup (entry->previous_msgid_plural);
  copy->flags = g_strdupv (entry->flags);
  copy->fuzzy = entry->fuzzy;
  copy->obsolete = entry->obsolete;
  return copy;
}

void
herald_po_entry_free (HeraldPoEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->msgctxt);
  g_free (entry->msgid);
  g_free (entry->msgid_plural);
  g_strfreev (entry->msgstr);
  g_free (entry->translator_comments);
  g_free (entry->extracted_comments);
  g_strfreev (entry->references);
  g_free (entry->previous_msgid);
  g_free (entry->previous_msgctxt);
  g_free (entry->previous_msgid_plural);
  g_strfreev (entry->flags);
  g_free (entry);
}

gboolean
herald_po_entry_is_translated (const HeraldPoEntry *entry)
{
  if (entry->fuzzy || entry->msgstr == NULL || entry->msgstr[0] == NULL)
    return FALSE;
  for (guint i = 0; entry->msgstr[i] != NULL; i++)
    if (entry->msgstr[i][0] == '\0')
      return FALSE;
  return TRUE;
}

gboolean
herald_po_entry_has_flag (const HeraldPoEntry *entry, const char *flag)
{
  return entry->flags != NULL && g_strv_contains ((const char *const *) entry->flags, flag);
}

static guint po_format_errors;

static void
count_format_error (int severity,
                    po_message_t message,
                    const char *filename,
                    size_t lineno,
                    size_t column,
                    int multiline_p,
                    const char *message_text)
{
  po_format_errors++;
}

static void
count_format_error2 (int severity,
                     po_message_t message1,
                     const char *filename1,
                     size_t lineno1,
                     size_t column1,
                     int multiline_p1,
                     const char *message_text1,
                     po_message_t message2,
                     const char *filename2,
                     size_t lineno2,
                     size_t column2,
                     int multiline_p2,
                     const char *message_text2)
{
  po_format_errors++;
}

static const struct po_xerror_handler po_format_handler = { count_format_error,
                                                            count_format_error2 };

gboolean
herald_po_entry_check_format (const HeraldPoEntry *entry, const char *const *flags)
{
  po_file_t file;
  po_message_iterator_t iterator;
  po_message_t message;
  guint errors;

  G_LOCK (gettextpo);
  /* libgettextpo has no call to free a message that belongs to no file. */
  file = po_file_create ();
  iterator = po_message_iterator (file, NULL);
  message = po_message_create ();
  po_message_set_msgid (message, entry->msgid);
  if (entry->msgid_plural != NULL)
    po_message_set_msgid_plural (message, entry->msgid_plural);
  herald_po_set_message_msgstr (message, entry);
  herald_po_set_message_flags (message, flags != NULL ? flags : (const char *const *) entry->flags);
  po_message_insert (iterator, message);
  po_format_errors = 0;
  po_message_check_format (message, &po_format_handler);
  errors = po_format_errors;
  po_message_iterator_free (iterator);
  po_file_free (file);
  G_UNLOCK (gettextpo);

  return errors == 0;
}

static char *
entry_key (const char *msgctxt, const char *msgid)
{
  if (msgctxt == NULL)
    return g_strdup (msgid);
  return g_strconcat (msgctxt, "\004", msgid, NULL);
}

/* Object */

static void
herald_po_catalog_finalize (GObject *object)
{
  HeraldPoCatalog *self = (HeraldPoCatalog *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->header, g_free);
  g_clear_pointer (&self->header_comments, g_free);
  g_clear_pointer (&self->locale, g_free);
  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->plural_forms, herald_plural_forms_unref);
  g_clear_pointer (&self->checked, g_hash_table_unref);

  G_OBJECT_CLASS (herald_po_catalog_parent_class)->finalize (object);
}

static void
herald_po_catalog_class_init (HeraldPoCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_po_catalog_finalize;
}

static void
herald_po_catalog_init (HeraldPoCatalog *self)
{
  self->header = g_strdup (default_header);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_po_entry_free);
  self->index = g_hash_table_new_full (herald_str_hash, g_str_equal, g_free, NULL);
  self->checked = g_hash_table_new (NULL, NULL);
}

HeraldPoCatalog *
herald_po_catalog_new (void)
{
  return g_object_new (HERALD_TYPE_PO_CATALOG, NULL);
}

void
herald_po_catalog_add_entry (HeraldPoCatalog *self, HeraldPoEntry *entry)
{
  g_autofree char *key = NULL;
  HeraldPoEntry *existing;

  g_return_if_fail (HERALD_IS_PO_CATALOG (self));
  g_return_if_fail (entry != NULL && entry->msgid != NULL);

  g_hash_table_remove_all (self->checked);

  if (entry->obsolete)
    {
      g_ptr_array_add (self->entries, entry);
      return;
    }

  key = entry_key (entry->msgctxt, entry->msgid);
  existing = g_hash_table_lookup (self->index, key);
  if (existing != NULL)
    {
      guint index;

      if (g_ptr_array_find (self->entries, existing, &index))
        {
          self->entries->pdata[index] = entry;
          herald_po_entry_free (existing);
        }
      g_hash_table_replace (self->index, g_steal_pointer (&key), entry);
      return;
    }

  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->index, g_steal_pointer (&key), entry);
}

/* Reading */

static void
po_xerror (int severity,
           po_message_t message,
           const char *filename,
           size_t lineno,
           size_t column,
           int multiline_p,
           const char *message_text)
{
  if (severity != PO_SEVERITY_WARNING && herald_po_first_error->len == 0)
    {
      g_autofree char *base = filename ? g_path_get_basename (filename) : NULL;

      if (base != NULL && lineno != (size_t) -1 && lineno > 0)
        /* Translators: a file name, a line number and what is wrong there. */
        g_string_append_printf (herald_po_first_error, _ ("%s, line %zu: %s"), base, lineno,
                                message_text);
      else if (base != NULL)
        g_string_append_printf (herald_po_first_error, "%s: %s", base, message_text);
      else
        g_string_append (herald_po_first_error, message_text);
    }
  if (severity == PO_SEVERITY_FATAL_ERROR)
    longjmp (herald_po_fatal_jump, 1);
}

static void
po_xerror2 (int severity,
            po_message_t message1,
            const char *filename1,
            size_t lineno1,
            size_t column1,
            int multiline_p1,
            const char *message_text1,
            po_message_t message2,
            const char *filename2,
            size_t lineno2,
            size_t column2,
            int multiline_p2,
            const char *message_text2)
{
  po_xerror (severity == PO_SEVERITY_FATAL_ERROR ? PO_SEVERITY_ERROR : severity, message1,
             filename1, lineno1, column1, multiline_p1, message_text1);
  po_xerror (severity, message2, filename2, lineno2, column2, multiline_p2, message_text2);
}

const struct po_xerror_handler herald_po_handler = { po_xerror, po_xerror2 };

void
herald_po_errors_begin (void)
{
  G_LOCK (gettextpo);
  herald_po_first_error = g_string_new (NULL);
}

void
herald_po_errors_end (void)
{
  g_string_free (herald_po_first_error, TRUE);
  herald_po_first_error = NULL;
  G_UNLOCK (gettextpo);
}

static char **
strv_builder_finish (GStrvBuilder *builder)
{
  char **strv = g_strv_builder_end (builder);

  g_strv_builder_unref (builder);
  return strv;
}

/* The flags libgettextpo reports: the format strings a message is (possibly) marked as (when
 * formats_too), and its range. It cannot tell "no-c-format" from no mark, nor report "no-wrap". */
static char **
flags_from_message (po_message_t message, gboolean formats_too)
{
  const char *const *formats = po_format_list ();
  GStrvBuilder *builder = g_strv_builder_new ();
  int min, max;

  for (guint i = 0; formats_too && formats[i] != NULL; i++)
    if (po_message_is_format (message, formats[i]))
      g_strv_builder_add (builder, formats[i]);
  if (po_message_is_range (message, &min, &max))
    {
      g_autofree char *range = g_strdup_printf ("range: %d..%d", min, max);

      g_strv_builder_add (builder, range);
    }
  return strv_builder_finish (builder);
}

/* formats: whether to ask libgettextpo for the format flags, which the flag lines scanned
 * from the file give otherwise (see set_entry_flags()). */
static HeraldPoEntry *
entry_from_message (po_message_t message, gboolean formats)
{
  HeraldPoEntry *entry = g_new0 (HeraldPoEntry, 1);
  const char *msgid_plural = po_message_msgid_plural (message);
  GPtrArray *strings = g_ptr_array_new ();
  po_filepos_t pos;

  entry->msgctxt = g_strdup (po_message_msgctxt (message));
  entry->msgid = g_strdup (po_message_msgid (message));
  entry->msgid_plural = g_strdup (msgid_plural);
  if (msgid_plural != NULL)
    {
      const char *form;

      for (int i = 0; (form = po_message_msgstr_plural (message, i)) != NULL; i++)
        g_ptr_array_add (strings, g_strdup (form));
    }
  else
    {
      g_ptr_array_add (strings, g_strdup (po_message_msgstr (message)));
    }
  g_ptr_array_add (strings, NULL);
  entry->msgstr = (char **) g_ptr_array_free (strings, FALSE);

  if (*po_message_comments (message) != '\0')
    entry->translator_comments = g_strdup (po_message_comments (message));
  if (*po_message_extracted_comments (message) != '\0')
    entry->extracted_comments = g_strdup (po_message_extracted_comments (message));
  entry->previous_msgctxt = g_strdup (po_message_prev_msgctxt (message));
  entry->previous_msgid = g_strdup (po_message_prev_msgid (message));
  entry->previous_msgid_plural = g_strdup (po_message_prev_msgid_plural (message));
  entry->fuzzy = po_message_is_fuzzy (message);
  entry->obsolete = po_message_is_obsolete (message);
  entry->flags = flags_from_message (message, formats);

  strings = g_ptr_array_new ();
  for (int i = 0; (pos = po_message_filepos (message, i)) != NULL; i++)
    {
      size_t line = po_filepos_start_line (pos);

      if (line == (size_t) -1)
        g_ptr_array_add (strings, g_strdup (po_filepos_file (pos)));
      else
        g_ptr_array_add (strings, g_strdup_printf ("%s:%zu", po_filepos_file (pos), line));
    }
  g_ptr_array_add (strings, NULL);
  entry->references = (char **) g_ptr_array_free (strings, FALSE);

  return entry;
}

static gboolean
is_utf8 (const char *text)
{
  return text == NULL || g_utf8_validate (text, -1, NULL);
}

static gboolean
entry_is_utf8 (const HeraldPoEntry *entry)
{
  if (!is_utf8 (entry->msgctxt) || !is_utf8 (entry->msgid) || !is_utf8 (entry->msgid_plural) ||
      !is_utf8 (entry->translator_comments) || !is_utf8 (entry->extracted_comments) ||
      !is_utf8 (entry->previous_msgid) || !is_utf8 (entry->previous_msgctxt) ||
      !is_utf8 (entry->previous_msgid_plural))
    return FALSE;
  for (guint i = 0; entry->msgstr && entry->msgstr[i]; i++)
    if (!is_utf8 (entry->msgstr[i]))
      return FALSE;
  for (guint i = 0; entry->references && entry->references[i]; i++)
    if (!is_utf8 (entry->references[i]))
      return FALSE;
  return TRUE;
}

/* A keyword at p, followed by a blank or a quote. */
gboolean
herald_po_starts_with_keyword (const char *p, const char *keyword)
{
  gsize length = strlen (keyword);

  return strncmp (p, keyword, length) == 0 &&
         (p[length] == ' ' || p[length] == '\t' || p[length] == '"');
}

static void
add_flag_words (GStrvBuilder *builder, const char *start, const char *end)
{
  g_autofree char *line = g_strndup (start, end - start);
  g_auto (GStrv) words = g_strsplit (line, ",", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (*g_strstrip (words[i]) != '\0')
      g_strv_builder_add (builder, words[i]);
}

/* The "#," words of each entry of a PO text, in file order, header included.
 *
 * libgettextpo keeps "no-wrap" and "no-c-format" but has no call that reports them, so the
 * flag lines are read here. An entry starts at its msgctxt, or at a msgid without one
 * ("#~ " in front for an obsolete entry); "#|" lines are previous strings, not keywords.
 * The caller checks that this finds as many entries as libgettextpo did. */
GPtrArray *
herald_po_scan_flag_lines (const char *contents, gsize length)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GStrvBuilder *pending = g_strv_builder_new ();
  gboolean after_msgctxt = FALSE;
  const char *end_of_text = contents + length;

  for (const char *line = contents; line < end_of_text;)
    {
      const char *end = memchr (line, '\n', end_of_text - line);
      const char *p = line;
      gboolean msgctxt, msgid;

      if (end == NULL)
        end = end_of_text;
      if (p[0] == '#' && p + 1 < end && p[1] == ',')
        {
          add_flag_words (pending, p + 2, end);
          line = end + 1;
          continue;
        }
      if (p[0] == '#' && p + 1 < end && p[1] == '~')
        p += 2;
      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      msgctxt = herald_po_starts_with_keyword (p, "msgctxt");
      msgid = herald_po_starts_with_keyword (p, "msgid");
      if (msgctxt || (msgid && !after_msgctxt))
        {
          g_ptr_array_add (entries, strv_builder_finish (pending));
          pending = g_strv_builder_new ();
        }
      if (msgctxt || msgid)
        after_msgctxt = msgctxt;
      line = end + 1;
    }
  g_strv_builder_unref (pending);
  return entries;
}

/* The words libgettextpo would keep, in the order msgmerge writes them. */
static char **
known_flags (char **words, char **from_library)
{
  const char *const *formats = po_format_list ();
  GStrvBuilder *builder = g_strv_builder_new ();

  /* Most messages have no flag: then no word of the 30 formats' 120 is looked for. */
  for (guint i = 0; words[0] != NULL && formats[i] != NULL; i++)
    {
      const char *prefixes[] = { "", "possible-", "impossible-", "no-" };

      for (guint j = 0; j < G_N_ELEMENTS (prefixes); j++)
        {
          g_autofree char *word = g_strconcat (prefixes[j], formats[i], NULL);

          if (g_strv_contains ((const char *const *) words, word))
            {
              g_strv_builder_add (builder, word);
              break;
            }
        }
    }
  for (guint i = 0; from_library[i] != NULL; i++)
    if (g_str_has_prefix (from_library[i], "range: "))
      g_strv_builder_add (builder, from_library[i]);
  if (g_strv_contains ((const char *const *) words, "no-wrap"))
    g_strv_builder_add (builder, "no-wrap");
  else if (g_strv_contains ((const char *const *) words, "wrap"))
    g_strv_builder_add (builder, "wrap");
  return strv_builder_finish (builder);
}

static void
set_entry_flags (HeraldPoEntry *entry, GPtrArray *scanned, guint index)
{
  char **flags;

  if (scanned != NULL)
    {
      flags = known_flags (g_ptr_array_index (scanned, index), entry->flags);
      g_strfreev (entry->flags);
      entry->flags = flags;
    }
  if (entry->flags != NULL && entry->flags[0] == NULL)
    g_clear_pointer (&entry->flags, g_strfreev);
}

static gboolean
is_header_message (po_message_t message)
{
  return *po_message_msgid (message) == '\0' && po_message_msgctxt (message) == NULL &&
         !po_message_is_obsolete (message);
}

static guint
count_messages (po_file_t file)
{
  po_message_iterator_t iterator = po_message_iterator (file, NULL);
  guint n = 0;

  while (po_next_message (iterator) != NULL)
    n++;
  po_message_iterator_free (iterator);
  return n;
}

/* Herald reads and writes UTF-8. A charset iconv does not know is a typo that msgfmt only
 * warns about, and the translations would then be read as something they are not. */
static gboolean
check_charset (HeraldPoCatalog *self, const char *display_name, GError **error)
{
  g_autofree char *content_type = herald_po_catalog_dup_header_field (self, "Content-Type");
  const char *charset = content_type ? strstr (content_type, "charset=") : NULL;
  g_autofree char *name = NULL;
  GIConv converter;

  if (charset == NULL)
    return TRUE;
  name = g_strndup (charset + 8, strcspn (charset + 8, " \t;"));
  /* The placeholder of a template that was never filled in, as xgettext writes it. */
  if (*name == '\0' || g_str_equal (name, "CHARSET"))
    return TRUE;
  converter = g_iconv_open ("UTF-8", name);
  if (converter != (GIConv) -1)
    {
      g_iconv_close (converter);
      return TRUE;
    }
  g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ,
               _ ("The translation file “%s” declares the character set “%s”, which is "
                  "unknown: open it in a PO editor and save it as UTF-8"),
               display_name, name);
  return FALSE;
}

/* Herald's catalogues are UTF-8, as its templates; libgettextpo does not convert on reading
 * and aborts when writing text that is not valid in the declared charset. */
static gboolean
take_po_file (HeraldPoCatalog *self,
              po_file_t file,
              const char *contents,
              gsize length,
              const char *display_name,
              GError **error)
{
  const char *header = po_file_domain_header (file, NULL);
  g_autoptr (GPtrArray) scanned = herald_po_scan_flag_lines (contents, length);
  po_message_iterator_t iterator;
  po_message_t message;
  gboolean ok = TRUE;
  guint index = 0;

  if (header != NULL)
    {
      g_free (self->header);
      self->header = g_strdup (header);
    }
  ok = is_utf8 (self->header);
  if (ok && !check_charset (self, display_name, error))
    return FALSE;
  if (scanned->len != count_messages (file))
    g_clear_pointer (&scanned, g_ptr_array_unref);

  iterator = po_message_iterator (file, NULL);
  for (; ok && (message = po_next_message (iterator)) != NULL; index++)
    {
      HeraldPoEntry *entry;

      if (is_header_message (message))
        {
          const char *comments = po_message_comments (message);

          g_free (self->header_comments);
          self->header_comments = *comments != '\0' ? g_strdup (comments) : NULL;
          self->header_fuzzy = po_message_is_fuzzy (message);
          ok = is_utf8 (self->header_comments);
          continue;
        }
      if (*po_message_msgid (message) == '\0' && po_message_msgctxt (message) == NULL)
        continue;
      /* 30 questions a message, whose answers the scanned flag lines replace. */
      entry = entry_from_message (message, scanned == NULL);
      set_entry_flags (entry, scanned, index);
      ok = entry_is_utf8 (entry);
      if (ok)
        herald_po_catalog_add_entry (self, entry);
      else
        herald_po_entry_free (entry);
    }
  po_message_iterator_free (iterator);

  if (!ok)
    g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ,
                 _ ("The translation file “%s” is not in UTF-8: open it in a PO editor and save "
                    "it as UTF-8"),
                 display_name);
  return ok;
}

static void
guess_locale (HeraldPoCatalog *self)
{
  g_autofree char *language = herald_po_catalog_dup_header_field (self, "Language");

  g_clear_pointer (&self->locale, g_free);
  if (language != NULL && *g_strstrip (language) != '\0')
    {
      self->locale = g_steal_pointer (&language);
    }
  else if (self->path != NULL && g_str_has_suffix (self->path, ".po"))
    {
      g_autofree char *base = g_path_get_basename (self->path);

      base[strlen (base) - 3] = '\0';
      self->locale = g_steal_pointer (&base);
    }
}

/* libgettextpo stops a string at a NUL byte and reads on, so the rest of the line would be
 * lost silently and written back without it. */
static gboolean
check_no_nul (const char *contents, gsize length, const char *display_name, GError **error)
{
  const char *nul = memchr (contents, '\0', length);
  guint line = 1;

  if (nul == NULL)
    return TRUE;
  for (const char *p = contents; p < nul; p++)
    line += *p == '\n';
  g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ,
               _ ("The translation file “%s”, line %u, contains a NUL byte, which a translation "
                  "cannot hold: remove it in a text editor"),
               display_name, line);
  return FALSE;
}

gboolean
herald_po_read_file (HeraldPoCatalog *self,
                     const char *path,
                     const char *display_name,
                     GError **error)
{
  po_file_t volatile file = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean ok;

  /* Read once here for the checks libgettextpo does not make; a file that cannot be read
   * is reported as libgettextpo words it, below. */
  if (g_file_get_contents (path, &contents, &length, NULL) &&
      !check_no_nul (contents, length, display_name, error))
    return FALSE;

  herald_po_errors_begin ();
  if (setjmp (herald_po_fatal_jump) == 0)
    file = po_file_read (path, &herald_po_handler);

  ok = file != NULL && herald_po_first_error->len == 0;
  if (ok)
    ok = take_po_file (self, file, contents ? contents : "", length, display_name, error);
  else
    g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ,
                 _ ("The translation file “%s” cannot be read: %s"), display_name,
                 herald_po_first_error->len ? herald_po_first_error->str
                                            : _ ("it is missing or unreadable"));
  /* A fatal error leaves libgettextpo's partial file unreachable; it is leaked rather than
   * freed half-built. */
  if (file != NULL)
    po_file_free (file);
  herald_po_errors_end ();

  return ok;
}

HeraldPoCatalog *
herald_po_catalog_load (const char *path, GError **error)
{
  g_autoptr (HeraldPoCatalog) self = herald_po_catalog_new ();
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr (GError) local_error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ,
                   _ ("The translation file “%s” does not exist"), display);
      return NULL;
    }
  /* libgettextpo opens the file itself: a pipe would block it and /dev/zero fill memory. */
  if (!herald_file_check_regular (path, HERALD_FILE_MAX_CATALOG, &local_error))
    {
      g_set_error_literal (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ,
                           local_error->message);
      return NULL;
    }
  self->path = g_strdup (path);
  if (!herald_po_read_file (self, path, display, error))
    return NULL;
  guess_locale (self);

  return g_steal_pointer (&self);
}

HeraldPoCatalog *
herald_po_catalog_load_data (const char *display_name,
                             const char *data,
                             gsize length,
                             GError **error)
{
  g_autoptr (HeraldPoCatalog) self = herald_po_catalog_new ();
  g_autofree char *temp_path = NULL;
  gboolean ok;
  int fd;

  fd = g_file_open_tmp ("herald-XXXXXX.po", &temp_path, error);
  if (fd < 0)
    return NULL;
  close (fd);
  if (!g_file_set_contents (temp_path, data, length, error))
    {
      g_unlink (temp_path);
      return NULL;
    }
  ok = herald_po_read_file (self, temp_path, display_name, error);
  g_unlink (temp_path);
  if (!ok)
    return NULL;
  guess_locale (self);

  return g_steal_pointer (&self);
}

/* Accessors */

const char *
herald_po_catalog_get_path (HeraldPoCatalog *self)
{
  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), NULL);
  return self->path;
}

const char *
herald_po_catalog_get_header (HeraldPoCatalog *self)
{
  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), NULL);
  return self->header;
}

void
herald_po_catalog_set_header (HeraldPoCatalog *self, const char *header)
{
  g_return_if_fail (HERALD_IS_PO_CATALOG (self));
  g_free (self->header);
  self->header = g_strdup (header ? header : "");
  g_clear_pointer (&self->plural_forms, herald_plural_forms_unref);
}

const char *
herald_po_catalog_get_header_comments (HeraldPoCatalog *self)
{
  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), NULL);
  return self->header_comments;
}

void
herald_po_catalog_set_header_comments (HeraldPoCatalog *self, const char *comments)
{
  g_return_if_fail (HERALD_IS_PO_CATALOG (self));
  g_free (self->header_comments);
  self->header_comments = comments != NULL && *comments != '\0' ? g_strdup (comments) : NULL;
}

gboolean
herald_po_catalog_get_header_fuzzy (HeraldPoCatalog *self)
{
  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), FALSE);
  return self->header_fuzzy;
}

void
herald_po_catalog_set_header_fuzzy (HeraldPoCatalog *self, gboolean fuzzy)
{
  g_return_if_fail (HERALD_IS_PO_CATALOG (self));
  self->header_fuzzy = fuzzy;
}

char *
herald_po_catalog_dup_header_field (HeraldPoCatalog *self, const char *field)
{
  char *value;
  char *copy;

  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), NULL);
  value = po_header_field (self->header, field);
  if (value == NULL)
    return NULL;
  /* po_header_field's memory comes from libgettextpo's malloc. */
  copy = g_strdup (value);
  free (value);
  return copy;
}

void
herald_po_catalog_set_header_field (HeraldPoCatalog *self, const char *field, const char *value)
{
  char *header;

  g_return_if_fail (HERALD_IS_PO_CATALOG (self));
  header = po_header_set_field (self->header, field, value);
  herald_po_catalog_set_header (self, header);
  free (header);
}

const char *
herald_po_catalog_get_locale (HeraldPoCatalog *self)
{
  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), NULL);
  return self->locale;
}

void
herald_po_catalog_set_locale (HeraldPoCatalog *self, const char *locale)
{
  g_return_if_fail (HERALD_IS_PO_CATALOG (self));
  g_free (self->locale);
  self->locale = g_strdup (locale);
  g_clear_pointer (&self->plural_forms, herald_plural_forms_unref);
}

HeraldPluralForms *
herald_po_catalog_get_plural_forms (HeraldPoCatalog *self, GError **error)
{
  g_autofree char *header = NULL;

  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), NULL);

  if (self->plural_forms != NULL)
    return self->plural_forms;

  header = herald_po_catalog_dup_header_field (self, "Plural-Forms");
  if (header != NULL && strstr (header, "INTEGER") == NULL)
    {
      g_autoptr (GError) local_error = NULL;

      self->plural_forms = herald_plural_forms_parse (header, &local_error);
      if (local_error != NULL && self->path != NULL)
        {
          g_autofree char *name = g_filename_display_name (self->path);

          /* Translators: a file name, then what is wrong in it. */
          g_prefix_error (&local_error, _ ("%s: "), name);
        }
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  else
    self->plural_forms = herald_plural_forms_for_language (self->locale);

  return self->plural_forms;
}

guint
herald_po_catalog_get_n_entries (HeraldPoCatalog *self)
{
  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), 0);
  return self->entries->len;
}

const HeraldPoEntry *
herald_po_catalog_get_entry (HeraldPoCatalog *self, guint index)
{
  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return g_ptr_array_index (self->entries, index);
}

const HeraldPoEntry *
herald_po_catalog_find (HeraldPoCatalog *self, const char *msgctxt, const char *msgid)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), NULL);
  if (msgctxt == NULL)
    return g_hash_table_lookup (self->index, msgid);
  key = entry_key (msgctxt, msgid);
  return g_hash_table_lookup (self->index, key);
}

HeraldPoStatus
herald_po_catalog_lookup (HeraldPoCatalog *self,
                          const char *msgctxt,
                          const char *msgid,
                          const char *msgid_plural,
                          const char *const **msgstr)
{
  return herald_po_entry_get_status (herald_po_catalog_find (self, msgctxt, msgid), msgid_plural,
                                     msgstr);
}

HeraldPoStatus
herald_po_entry_get_status (const HeraldPoEntry *entry,
                            const char *msgid_plural,
                            const char *const **msgstr)
{
  *msgstr = NULL;
  if (entry == NULL || (entry->msgid_plural == NULL) != (msgid_plural == NULL))
    return HERALD_PO_STATUS_UNTRANSLATED;
  if (entry->fuzzy)
    {
      gboolean has_text = FALSE;

      for (guint i = 0; entry->msgstr && entry->msgstr[i]; i++)
        has_text |= entry->msgstr[i][0] != '\0';
      return has_text ? HERALD_PO_STATUS_FUZZY : HERALD_PO_STATUS_UNTRANSLATED;
    }
  if (!herald_po_entry_is_translated (entry))
    return HERALD_PO_STATUS_UNTRANSLATED;
  *msgstr = (const char *const *) entry->msgstr;
  return HERALD_PO_STATUS_TRANSLATED;
}

gboolean
herald_po_catalog_get_checked (HeraldPoCatalog *self, const HeraldPoEntry *entry, guint key)
{
  guint bits = GPOINTER_TO_UINT (g_hash_table_lookup (self->checked, entry));

  return key < 32 && (bits & (1u << key)) != 0;
}

void
herald_po_catalog_set_checked (HeraldPoCatalog *self, const HeraldPoEntry *entry, guint key)
{
  guint bits = GPOINTER_TO_UINT (g_hash_table_lookup (self->checked, entry));

  if (key < 32)
    g_hash_table_insert (self->checked, (gpointer) entry, GUINT_TO_POINTER (bits | (1u << key)));
}
