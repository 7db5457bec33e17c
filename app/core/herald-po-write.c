/* herald-po-write.c: writing a HeraldPoCatalog through libgettextpo, checked after the
 * fact, with the flags libgettextpo cannot set patched in (reading is herald-po-catalog.c).
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

void
herald_po_set_message_msgstr (po_message_t message, const HeraldPoEntry *entry)
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

/* What libgettextpo can set: format marks and ranges. */
void
herald_po_set_message_flags (po_message_t message, const char *const *flags)
{
  for (guint i = 0; flags != NULL && flags[i] != NULL; i++)
    {
      const char *flag = flags[i];
      int min, max;

      if (g_str_has_prefix (flag, "no-") && g_str_has_suffix (flag, "-format"))
        po_message_set_format (message, flag + 3, 0);
      else if (g_str_has_suffix (flag, "-format") && !g_str_has_prefix (flag, "possible-") &&
               !g_str_has_prefix (flag, "impossible-"))
        po_message_set_format (message, flag, 1);
      else if (sscanf (flag, "range: %d..%d", &min, &max) == 2 && 0 <= min && min < max)
        po_message_set_range (message, min, max);
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
  if (self->header_comments != NULL)
    po_message_set_comments (header, self->header_comments);
  po_message_set_fuzzy (header, self->header_fuzzy);
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
      herald_po_set_message_msgstr (message, entry);
      if (entry->translator_comments != NULL)
        po_message_set_comments (message, entry->translator_comments);
      if (entry->extracted_comments != NULL)
        po_message_set_extracted_comments (message, entry->extracted_comments);
      if (entry->previous_msgctxt != NULL)
        po_message_set_prev_msgctxt (message, entry->previous_msgctxt);
      if (entry->previous_msgid != NULL)
        po_message_set_prev_msgid (message, entry->previous_msgid);
      if (entry->previous_msgid_plural != NULL)
        po_message_set_prev_msgid_plural (message, entry->previous_msgid_plural);
      herald_po_set_message_flags (message, (const char *const *) entry->flags);
      add_references (message, entry);
      po_message_set_fuzzy (message, entry->fuzzy);
      po_message_set_obsolete (message, entry->obsolete);
      po_message_insert (iterator, message);
    }

  po_message_iterator_free (iterator);
  return file;
}

/* libgettextpo writes only to a named file: an anonymous one in memory where the system
 * has them (a large .pot is megabytes), else a temporary file. fd < 0 on failure. */
static int
open_scratch_file (char **path, GError **error)
{
  int fd = memfd_create ("herald-po", MFD_CLOEXEC);

  if (fd >= 0)
    {
      *path = g_strdup_printf ("/proc/self/fd/%d", fd);
      if (g_file_test (*path, G_FILE_TEST_EXISTS))
        return fd;
      g_clear_pointer (path, g_free);
      close (fd);
    }
  fd = g_file_open_tmp ("herald-XXXXXX.po", path, error);
  if (fd >= 0)
    g_unlink (*path);
  return fd;
}

static char *
read_scratch_file (int fd, GError **error)
{
  struct stat st;
  char *contents;
  gsize done = 0;

  if (fstat (fd, &st) != 0 || lseek (fd, 0, SEEK_SET) != 0)
    goto failed;
  contents = g_malloc ((gsize) st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      gssize n = read (fd, contents + done, (gsize) st.st_size - done);

      if (n <= 0)
        {
          g_free (contents);
          goto failed;
        }
      done += (gsize) n;
    }
  contents[done] = '\0';
  return contents;

failed:
  g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_WRITE,
               _ ("The translation file cannot be written: %s"), g_strerror (errno));
  return NULL;
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

  herald_po_errors_begin ();
  file = build_po_file (self);
  if (setjmp (herald_po_fatal_jump) == 0)
    po_file_write (file, path, &herald_po_handler);
  ok = herald_po_first_error->len == 0;
  if (!ok)
    set_write_error (error, display_name, path, herald_po_first_error->str);
  po_file_free (file);
  herald_po_errors_end ();
  return ok;
}

/* Whether path holds all that write_po_file() was given (see same_po_file()). */
static gboolean
check_po_file (HeraldPoCatalog *self, const char *path, const char *display_name, GError **error)
{
  po_file_t volatile file;
  po_file_t volatile written = NULL;
  gboolean ok;

  herald_po_errors_begin ();
  file = build_po_file (self);
  if (setjmp (herald_po_fatal_jump) == 0)
    written = po_file_read (path, &herald_po_handler);
  if (herald_po_first_error->len > 0)
    g_debug ("The written catalogue reads back with errors: %s", herald_po_first_error->str);
  ok = written != NULL && herald_po_first_error->len == 0 && same_po_file (file, written);
  /* As in herald_po_read_file, a file left half-read by a fatal error is leaked. */
  if (written != NULL)
    po_file_free (written);
  po_file_free (file);
  herald_po_errors_end ();

  if (!ok)
    set_write_error (error, display_name, path, NULL);
  return ok;
}

/* Flags libgettextpo 0.21 keeps when it reads a file but has no call to set. */
static gboolean
is_unsettable_flag (const char *flag)
{
  return g_str_equal (flag, "no-wrap") || g_str_equal (flag, "wrap") ||
         g_str_has_prefix (flag, "possible-") || g_str_has_prefix (flag, "impossible-");
}

static char *
unsettable_flags (const HeraldPoEntry *entry)
{
  g_autoptr (GString) words = g_string_new (NULL);

  for (guint i = 0; entry->flags != NULL && entry->flags[i] != NULL; i++)
    if (is_unsettable_flag (entry->flags[i]))
      g_string_append_printf (words, "%s%s", words->len ? ", " : "", entry->flags[i]);
  return words->len ? g_strdup (words->str) : NULL;
}

/* The entries in the order libgettextpo writes them: live ones, then the obsolete ones
 * that are translated (it leaves out the others). */
static GPtrArray *
entries_as_written (HeraldPoCatalog *self)
{
  GPtrArray *written = g_ptr_array_new ();

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->entries->len; i++)
      {
        const HeraldPoEntry *entry = g_ptr_array_index (self->entries, i);

        if (entry->obsolete != (pass == 1))
          continue;
        if (entry->obsolete &&
            (entry->msgstr == NULL || entry->msgstr[0] == NULL || entry->msgstr[0][0] == '\0'))
          continue;
        g_ptr_array_add (written, (gpointer) entry);
      }
  return written;
}

typedef struct
{
  gssize flag_line_end; /* the "\n" of its "#," line, or -1 */
  gsize insert_at;      /* where a "#," line goes: before "#|" lines and keywords */
} WrittenEntry;

/* Where each entry of libgettextpo's output (header first) has or can take its "#," line:
 * the same walk as herald_po_scan_flag_lines(). */
static GArray *
find_flag_places (const char *text)
{
  GArray *places = g_array_new (FALSE, FALSE, sizeof (WrittenEntry));
  gssize flag_line_end = -1;
  gssize first_previous = -1;
  gboolean after_msgctxt = FALSE;

  for (const char *line = text; *line != '\0';)
    {
      const char *end = strchrnul (line, '\n');
      const char *p = line;
      gboolean msgctxt, msgid;

      if (g_str_has_prefix (p, "#,"))
        flag_line_end = end - text;
      else if ((g_str_has_prefix (p, "#|") || g_str_has_prefix (p, "#~|")) && first_previous < 0)
        first_previous = line - text;
      if (g_str_has_prefix (p, "#~") && p[2] != '|')
        p += 2;
      while (*p == ' ' || *p == '\t')
        p++;
      msgctxt = herald_po_starts_with_keyword (p, "msgctxt");
      msgid = herald_po_starts_with_keyword (p, "msgid");
      if (msgctxt || (msgid && !after_msgctxt))
        {
          WrittenEntry place = { flag_line_end, first_previous >= 0 ? (gsize) first_previous
                                                                    : (gsize) (line - text) };

          g_array_append_val (places, place);
          flag_line_end = -1;
          first_previous = -1;
        }
      if (msgctxt || msgid)
        after_msgctxt = msgctxt;
      line = *end ? end + 1 : end;
    }
  return places;
}

/* Kept apart from its caller: only this frame's state crosses setjmp(). */
static gboolean
read_and_write_po_file (const char *in_path, const char *out_path, GError **error)
{
  po_file_t volatile file = NULL;
  gboolean ok;

  herald_po_errors_begin ();
  if (setjmp (herald_po_fatal_jump) == 0)
    {
      file = po_file_read (in_path, &herald_po_handler);
      if (file != NULL && herald_po_first_error->len == 0)
        po_file_write (file, out_path, &herald_po_handler);
    }
  ok = file != NULL && herald_po_first_error->len == 0;
  if (!ok)
    g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_WRITE,
                 _ ("The translation file cannot be written: %s"),
                 herald_po_first_error->len ? herald_po_first_error->str
                                            : _ ("libgettextpo could not lay it out"));
  if (file != NULL)
    po_file_free (file);
  herald_po_errors_end ();
  return ok;
}

/* libgettextpo reads text and writes it again, laying it out as its flags say. */
static char *
relayout_po_text (const char *text, GError **error)
{
  g_autofree char *in_path = NULL;
  g_autofree char *out_path = NULL;
  char *contents = NULL;
  gsize length = strlen (text);
  int in_fd, out_fd;

  in_fd = open_scratch_file (&in_path, error);
  if (in_fd < 0)
    return NULL;
  out_fd = open_scratch_file (&out_path, error);
  if (out_fd >= 0 && write (in_fd, text, length) != (gssize) length)
    {
      int saved_errno = errno;

      g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_WRITE,
                   _ ("The translation file cannot be written: %s"), g_strerror (saved_errno));
    }
  else if (out_fd >= 0 && read_and_write_po_file (in_path, out_path, error))
    {
      contents = read_scratch_file (out_fd, error);
    }
  close (in_fd);
  if (out_fd >= 0)
    close (out_fd);
  return contents;
}

static gboolean
has_unsettable_flags (HeraldPoCatalog *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      g_autofree char *words = unsettable_flags (g_ptr_array_index (self->entries, i));

      if (words != NULL)
        return TRUE;
    }
  return FALSE;
}

/* libgettextpo 0.21 can read "no-wrap" (and possible-/impossible- format marks) but has no
 * call to set them: they are written into its output, which it then reads and writes once
 * more so that long lines are left unwrapped as msgmerge leaves them. NULL when contents
 * needs none, or when its entries cannot be matched with the catalogue's. */
static char *
patch_unsettable_flags (HeraldPoCatalog *self, const char *contents)
{
  g_autoptr (GPtrArray) written = entries_as_written (self);
  g_autoptr (GArray) places = NULL;
  GString *patched;

  if (!has_unsettable_flags (self))
    return NULL;

  places = find_flag_places (contents);
  /* The header, then the entries. */
  if (places->len != written->len + 1)
    {
      g_warning ("The flags no-wrap, possible- and impossible- are not written: the PO text "
                 "has %u entries where %u were expected",
                 places->len, written->len + 1);
      return NULL;
    }

  patched = g_string_new (contents);
  /* From the end, so that earlier offsets stay right. */
  for (guint i = written->len; i > 0; i--)
    {
      g_autofree char *words = unsettable_flags (g_ptr_array_index (written, i - 1));
      const WrittenEntry *place = &g_array_index (places, WrittenEntry, i);

      if (words == NULL)
        continue;
      if (place->flag_line_end >= 0)
        {
          g_autofree char *tail = g_strconcat (", ", words, NULL);

          g_string_insert (patched, place->flag_line_end, tail);
        }
      else
        {
          g_autofree char *line = g_strconcat ("#, ", words, "\n", NULL);

          g_string_insert (patched, place->insert_at, line);
        }
    }
  return g_string_free (patched, FALSE);
}

/* Takes contents. */
static char *
add_unsettable_flags (HeraldPoCatalog *self, char *contents, GError **error)
{
  g_autofree char *patched = patch_unsettable_flags (self, contents);

  if (patched == NULL)
    return contents;
  g_free (contents);
  return relayout_po_text (patched, error);
}

/* The same for a file libgettextpo wrote: it is rewritten in place (the batch keeps the
 * temporary open, so it must stay the same file) and laid out again; check_po_file() then
 * reads the result back like any other write. */
static gboolean
add_unsettable_flags_to_file (HeraldPoCatalog *self,
                              const char *path,
                              const char *display_name,
                              GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *patched = NULL;
  gsize length;
  int fd;

  if (!has_unsettable_flags (self))
    return TRUE;
  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      set_write_error (error, display_name, NULL, local_error->message);
      return FALSE;
    }
  patched = patch_unsettable_flags (self, contents);
  if (patched == NULL)
    return TRUE;

  length = strlen (patched);
  fd = open (path, O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0 || write (fd, patched, length) != (gssize) length)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      set_write_error (error, display_name, NULL, g_strerror (saved_errno));
      return FALSE;
    }
  if (close (fd) != 0)
    {
      set_write_error (error, display_name, NULL, g_strerror (errno));
      return FALSE;
    }
  return read_and_write_po_file (path, path, error);
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
  if (contents != NULL)
    contents = add_unsettable_flags (self, contents, error);
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
  if (!write_po_file (self, temp_path, display, error) ||
      !add_unsettable_flags_to_file (self, temp_path, display, error))
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
