/* herald-po-catalog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-po-catalog"

#include "config.h"

#include <gettext-po.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "herald-file-util.h"
#include "herald-l10n-error.h"
#include "herald-hash.h"
#include "herald-po-catalog.h"

struct _HeraldPoCatalog
{
  GObject parent_instance;

  char *path;
  char *header;
  char *locale;
  GPtrArray *entries;
  GHashTable *index; /* "msgctxt\004msgid" or "msgid" → HeraldPoEntry, live entries only */
  HeraldPluralForms *plural_forms;
  GHashTable *checked; /* HeraldPoEntry → bit set of the keys checked clean */
};

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

/* libgettextpo reports through a callback that must not return on fatal errors, and keeps
 * no per-call state, so reads and writes are serialized. */
G_LOCK_DEFINE_STATIC (gettextpo);
static jmp_buf po_fatal_jump;
static GString *po_first_error;

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
  if (severity != PO_SEVERITY_WARNING && po_first_error->len == 0)
    {
      g_autofree char *base = filename ? g_path_get_basename (filename) : NULL;

      if (base != NULL && lineno != (size_t) -1 && lineno > 0)
        g_string_append_printf (po_first_error, "%s, line %zu: ", base, lineno);
      else if (base != NULL)
        g_string_append_printf (po_first_error, "%s: ", base);
      g_string_append (po_first_error, message_text);
    }
  if (severity == PO_SEVERITY_FATAL_ERROR)
    longjmp (po_fatal_jump, 1);
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

static const struct po_xerror_handler po_handler = { po_xerror, po_xerror2 };

static HeraldPoEntry *
entry_from_message (po_message_t message)
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
  entry->previous_msgid = g_strdup (po_message_prev_msgid (message));
  entry->fuzzy = po_message_is_fuzzy (message);
  entry->obsolete = po_message_is_obsolete (message);

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
      !is_utf8 (entry->previous_msgid))
    return FALSE;
  for (guint i = 0; entry->msgstr && entry->msgstr[i]; i++)
    if (!is_utf8 (entry->msgstr[i]))
      return FALSE;
  for (guint i = 0; entry->references && entry->references[i]; i++)
    if (!is_utf8 (entry->references[i]))
      return FALSE;
  return TRUE;
}

/* Herald's catalogues are UTF-8, as its templates; libgettextpo does not convert on reading
 * and aborts when writing text that is not valid in the declared charset. */
static gboolean
take_po_file (HeraldPoCatalog *self, po_file_t file, const char *display_name, GError **error)
{
  const char *header = po_file_domain_header (file, NULL);
  po_message_iterator_t iterator;
  po_message_t message;
  gboolean ok = TRUE;

  if (header != NULL)
    {
      g_free (self->header);
      self->header = g_strdup (header);
    }
  ok = is_utf8 (self->header);

  iterator = po_message_iterator (file, NULL);
  while (ok && (message = po_next_message (iterator)) != NULL)
    {
      HeraldPoEntry *entry;

      if (*po_message_msgid (message) == '\0' && po_message_msgctxt (message) == NULL)
        continue;
      entry = entry_from_message (message);
      ok = entry_is_utf8 (entry);
      if (ok)
        herald_po_catalog_add_entry (self, entry);
      else
        herald_po_entry_free (entry);
    }
  po_message_iterator_free (iterator);

  if (!ok)
    g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ,
                 "The translation file “%s” is not in UTF-8: open it in a PO editor and save "
                 "it as UTF-8",
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

static gboolean
read_po_file (HeraldPoCatalog *self, const char *path, const char *display_name, GError **error)
{
  po_file_t volatile file = NULL;
  gboolean ok;

  G_LOCK (gettextpo);
  po_first_error = g_string_new (NULL);
  if (setjmp (po_fatal_jump) == 0)
    file = po_file_read (path, &po_handler);

  ok = file != NULL && po_first_error->len == 0;
  if (ok)
    ok = take_po_file (self, file, display_name, error);
  else
    g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ,
                 "The translation file “%s” cannot be read: %s", display_name,
                 po_first_error->len ? po_first_error->str : "it is missing or unreadable");
  /* A fatal error leaves libgettextpo's partial file unreachable; it is leaked rather than
   * freed half-built. */
  if (file != NULL)
    po_file_free (file);
  g_string_free (po_first_error, TRUE);
  po_first_error = NULL;
  G_UNLOCK (gettextpo);

  return ok;
}

HeraldPoCatalog *
herald_po_catalog_load (const char *path, GError **error)
{
  g_autoptr (HeraldPoCatalog) self = herald_po_catalog_new ();
  g_autofree char *display = g_filename_display_name (path);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_READ,
                   "The translation file “%s” does not exist", display);
      return NULL;
    }
  self->path = g_strdup (path);
  if (!read_po_file (self, path, display, error))
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
  ok = read_po_file (self, temp_path, display_name, error);
  g_unlink (temp_path);
  if (!ok)
    return NULL;
  guess_locale (self);

  return g_steal_pointer (&self);
}

/* Writing */

static void
set_message_msgstr (po_message_t message, const HeraldPoEntry *entry)
{
  if (entry->msgid_plural != NULL)
    {
      guint n = entry->msgstr ? g_strv_length (entry->msgstr) : 0;

      for (guint i = 0; i < MAX (n, 1); i++)
        po_message_set_msgstr_plural (message, i, i < n ? entry->msgstr[i] : "");
    }
  else
    {
      po_message_set_msgstr (message, entry->msgstr && entry->msgstr[0] ? entry->msgstr[0] : "");
    }
}

static void
add_references (po_message_t message, const HeraldPoEntry *entry)
{
  for (guint i = 0; entry->references && entry->references[i]; i++)
    {
      const char *reference = entry->references[i];
      const char *colon = strrchr (reference, ':');
      char *end = NULL;
      guint64 line = colon ? g_ascii_strtoull (colon + 1, &end, 10) : 0;

      if (colon != NULL && end != colon + 1 && *end == '\0')
        {
          g_autofree char *file = g_strndup (reference, colon - reference);

          po_message_add_filepos (message, file, (size_t) line);
        }
      else
        {
          po_message_add_filepos (message, reference, (size_t) -1);
        }
    }
}

static po_file_t
build_po_file (HeraldPoCatalog *self)
{
  po_file_t file = po_file_create ();
  po_message_iterator_t iterator = po_message_iterator (file, NULL);
  po_message_t header = po_message_create ();

  po_message_set_msgid (header, "");
  if (strstr (self->header, "charset=") == NULL)
    herald_po_catalog_set_header_field (self, "Content-Type", "text/plain; charset=UTF-8");
  po_message_set_msgstr (header, self->header);
  po_message_insert (iterator, header);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const HeraldPoEntry *entry = g_ptr_array_index (self->entries, i);
      po_message_t message = po_message_create ();

      if (entry->msgctxt != NULL)
        po_message_set_msgctxt (message, entry->msgctxt);
      po_message_set_msgid (message, entry->msgid);
      if (entry->msgid_plural != NULL)
        po_message_set_msgid_plural (message, entry->msgid_plural);
      set_message_msgstr (message, entry);
      if (entry->translator_comments != NULL)
        po_message_set_comments (message, entry->translator_comments);
      if (entry->extracted_comments != NULL)
        po_message_set_extracted_comments (message, entry->extracted_comments);
      if (entry->previous_msgid != NULL)
        po_message_set_prev_msgid (message, entry->previous_msgid);
      add_references (message, entry);
      po_message_set_fuzzy (message, entry->fuzzy);
      po_message_set_obsolete (message, entry->obsolete);
      po_message_insert (iterator, message);
    }

  po_message_iterator_free (iterator);
  return file;
}

/* Writes must be checked after the fact: libgettextpo 0.21 ignores failed writes (on a full
 * disk po_file_write() returns normally and leaves a short file, header and entries
 * missing), so the file is read back and compared with what it was given. Comments are
 * compared without their white space, which the writer reflows; obsolete entries are
 * written last. */
static gboolean
same_string (const char *a, const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

static gboolean
same_but_spaces (const char *a, const char *b)
{
  for (;;)
    {
      while (g_ascii_isspace (*a))
        a++;
      while (g_ascii_isspace (*b))
        b++;
      if (*a != *b)
        return FALSE;
      if (*a == '\0')
        return TRUE;
      a++;
      b++;
    }
}

/* The references as one string: libgettextpo 0.21 writes a file name with a space as is and
 * reads it back as several references, so only their text, spaces aside, can be compared. */
static char *
dup_filepos_text (po_message_t message)
{
  GString *text = g_string_new (NULL);
  po_filepos_t pos;

  for (int i = 0; (pos = po_message_filepos (message, i)) != NULL; i++)
    {
      g_string_append (text, po_filepos_file (pos));
      if (po_filepos_start_line (pos) != (size_t) -1)
        g_string_append_printf (text, ":%zu", po_filepos_start_line (pos));
    }
  return g_string_free (text, FALSE);
}

static gboolean
same_filepos (po_message_t a, po_message_t b)
{
  g_autofree char *text_a = dup_filepos_text (a);
  g_autofree char *text_b = dup_filepos_text (b);

  return same_but_spaces (text_a, text_b);
}

static gboolean
same_message (po_message_t a, po_message_t b)
{
  if (!same_string (po_message_msgctxt (a), po_message_msgctxt (b)) ||
      !same_string (po_message_msgid (a), po_message_msgid (b)) ||
      !same_string (po_message_msgid_plural (a), po_message_msgid_plural (b)) ||
      !same_string (po_message_prev_msgid (a), po_message_prev_msgid (b)) ||
      po_message_is_fuzzy (a) != po_message_is_fuzzy (b) ||
      po_message_is_obsolete (a) != po_message_is_obsolete (b) ||
      !same_but_spaces (po_message_comments (a), po_message_comments (b)) ||
      !same_but_spaces (po_message_extracted_comments (a), po_message_extracted_comments (b)) ||
      !same_filepos (a, b))
    return FALSE;

  if (po_message_msgid_plural (a) == NULL)
    return same_string (po_message_msgstr (a), po_message_msgstr (b));
  for (int i = 0;; i++)
    {
      const char *form_a = po_message_msgstr_plural (a, i);
      const char *form_b = po_message_msgstr_plural (b, i);

      if (!same_string (form_a, form_b))
        return FALSE;
      if (form_a == NULL)
        return TRUE;
    }
}

/* libgettextpo does not write an obsolete entry whose (first) translation is empty. */
static gboolean
is_written (po_message_t message)
{
  const char *msgstr = po_message_msgid_plural (message) != NULL
                           ? po_message_msgstr_plural (message, 0)
                           : po_message_msgstr (message);

  return !po_message_is_obsolete (message) || (msgstr != NULL && msgstr[0] != '\0');
}

static po_message_t
next_message (po_message_iterator_t iterator, gboolean obsolete)
{
  po_message_t message;

  while ((message = po_next_message (iterator)) != NULL)
    if (po_message_is_obsolete (message) == obsolete && is_written (message))
      return message;
  return NULL;
}

static gboolean
same_messages (po_file_t a, po_file_t b, gboolean obsolete)
{
  po_message_iterator_t iterator_a = po_message_iterator (a, NULL);
  po_message_iterator_t iterator_b = po_message_iterator (b, NULL);
  gboolean same = TRUE;

  while (same)
    {
      po_message_t message_a = next_message (iterator_a, obsolete);
      po_message_t message_b = next_message (iterator_b, obsolete);

      if (message_a == NULL || message_b == NULL)
        {
          same = message_a == message_b;
          if (!same)
            g_debug ("Written “%s” read back as “%s”",
                     message_a ? po_message_msgid (message_a) : "(end)",
                     message_b ? po_message_msgid (message_b) : "(end)");
          break;
        }
      same = same_message (message_a, message_b);
      if (!same)
        g_debug ("Written “%s” read back as “%s”", po_message_msgid (message_a),
                 po_message_msgid (message_b));
    }
  po_message_iterator_free (iterator_a);
  po_message_iterator_free (iterator_b);
  return same;
}

static gboolean
same_po_file (po_file_t a, po_file_t b)
{
  return same_messages (a, b, FALSE) && same_messages (a, b, TRUE);
}

/* The reason the disk gave for a short file is gone with libgettextpo's stream; asking the
 * disk again for room finds it (a full disk, a quota, a failing device). 0 when the disk now
 * takes the data. */
static int
probe_write_error (const char *path)
{
  static const char zeros[64 * 1024];
  int saved_errno = 0;
  int fd = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);

  if (fd < 0)
    return errno;
  for (guint i = 0; i < 16 && saved_errno == 0; i++)
    if (write (fd, zeros, sizeof zeros) < 0)
      saved_errno = errno;
  if (saved_errno == 0 && fsync (fd) != 0)
    saved_errno = errno;
  close (fd);
  return saved_errno;
}

static void
set_write_error (GError **error, const char *display_name, const char *path, const char *reason)
{
  int saved_errno = 0;

  if (reason == NULL)
    saved_errno = probe_write_error (path);
  if (reason == NULL && saved_errno != 0)
    reason = g_strerror (saved_errno);
  if (reason == NULL)
    /* TRANSLATORS: the end of “Could not write the translation file “fr.po”: …” */
    reason = _ ("what was written does not read back the same");
  /* TRANSLATORS: the file name, then the reason, e.g. “No space left on device” */
  g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_WRITE,
               _ ("Could not write the translation file “%s”: %s"), display_name, reason);
}

/* Kept apart from its callers: only this frame's state crosses setjmp(). */
static gboolean
write_po_file (HeraldPoCatalog *self, const char *path, const char *display_name, GError **error)
{
  po_file_t volatile file;
  gboolean ok;

  G_LOCK (gettextpo);
  po_first_error = g_string_new (NULL);
  file = build_po_file (self);
  if (setjmp (po_fatal_jump) == 0)
    po_file_write (file, path, &po_handler);
  ok = po_first_error->len == 0;
  if (!ok)
    set_write_error (error, display_name, path, po_first_error->str);
  po_file_free (file);
  g_string_free (po_first_error, TRUE);
  po_first_error = NULL;
  G_UNLOCK (gettextpo);
  return ok;
}

/* Whether path holds all that write_po_file() was given (see same_po_file()). */
static gboolean
check_po_file (HeraldPoCatalog *self, const char *path, const char *display_name, GError **error)
{
  po_file_t volatile file;
  po_file_t volatile written = NULL;
  gboolean ok;

  G_LOCK (gettextpo);
  po_first_error = g_string_new (NULL);
  file = build_po_file (self);
  if (setjmp (po_fatal_jump) == 0)
    written = po_file_read (path, &po_handler);
  if (po_first_error->len > 0)
    g_debug ("The written catalogue reads back with errors: %s", po_first_error->str);
  ok = written != NULL && po_first_error->len == 0 && same_po_file (file, written);
  /* As in read_po_file, a file left half-read by a fatal error is leaked. */
  if (written != NULL)
    po_file_free (written);
  po_file_free (file);
  g_string_free (po_first_error, TRUE);
  po_first_error = NULL;
  G_UNLOCK (gettextpo);

  if (!ok)
    set_write_error (error, display_name, path, NULL);
  return ok;
}

/* Without a file of its own the text is written to a temporary file: libgettextpo writes
 * only to named files. */
char *
herald_po_catalog_to_data (HeraldPoCatalog *self, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *temp_path = NULL;
  g_autofree char *display = NULL;
  char *contents = NULL;
  int fd;

  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), NULL);

  display = g_filename_display_name (self->path != NULL ? self->path : "messages.po");
  fd = g_file_open_tmp ("herald-XXXXXX.po", &temp_path, &local_error);
  if (fd < 0)
    {
      set_write_error (error, display, NULL, local_error->message);
      return NULL;
    }
  close (fd);
  if (write_po_file (self, temp_path, display, error) &&
      check_po_file (self, temp_path, display, error) &&
      !g_file_get_contents (temp_path, &contents, NULL, &local_error))
    set_write_error (error, display, NULL, local_error->message);
  g_unlink (temp_path);
  return contents;
}

/* A text that unchanged() finds equivalent to the file's is dropped unchecked: whatever the
 * disk made of it, nothing of it is kept. */
static gboolean
is_unchanged (const char *path, const char *temp_path, HeraldPoUnchangedFunc unchanged)
{
  g_autofree char *existing = NULL;
  g_autofree char *text = NULL;

  return unchanged != NULL && g_file_get_contents (path, &existing, NULL, NULL) &&
         g_file_get_contents (temp_path, &text, NULL, NULL) && unchanged (existing, text);
}

const char *
herald_po_catalog_add_to_batch (HeraldPoCatalog *self,
                                HeraldFileBatch *batch,
                                const char *path,
                                HeraldPoUnchangedFunc unchanged,
                                GError **error)
{
  g_autofree char *display = NULL;
  const char *temp_path;

  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), NULL);
  g_return_val_if_fail (batch != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  temp_path = herald_file_batch_add_temporary (batch, path, error);
  if (temp_path == NULL)
    return NULL;
  if (!write_po_file (self, temp_path, display, error))
    goto failed;
  if (is_unchanged (path, temp_path, unchanged))
    {
      herald_file_batch_remove (batch, path);
      return path;
    }
  if (!check_po_file (self, temp_path, display, error))
    goto failed;
  return temp_path;

failed:
  herald_file_batch_remove (batch, path);
  return NULL;
}

gboolean
herald_po_catalog_write (HeraldPoCatalog *self, const char *path, GError **error)
{
  g_autoptr (HeraldFileBatch) batch = herald_file_batch_new ();

  g_return_val_if_fail (HERALD_IS_PO_CATALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (herald_po_catalog_add_to_batch (self, batch, path, NULL, error) == NULL ||
      !herald_file_batch_commit (batch, error))
    return FALSE;
  if (self->path != path)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }
  return TRUE;
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
    self->plural_forms = herald_plural_forms_parse (header, error);
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
  const HeraldPoEntry *entry = herald_po_catalog_find (self, msgctxt, msgid);

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
