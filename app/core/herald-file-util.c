/* herald-file-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-file-util"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "herald-core-error.h"
#include "herald-file-util-private.h"

G_DEFINE_QUARK (herald-library-error-quark, herald_library_error);

static HeraldBeforeRenameHook before_rename_hook;

void
_herald_file_set_before_rename_hook (HeraldBeforeRenameHook hook)
{
  before_rename_hook = hook;
}

typedef struct
{
  char *path;      /* as the caller named it, for messages */
  char *target;    /* the file replaced: path, or the file its symbolic links lead to */
  char *temp_path; /* beside target, so that the rename stays within one file system */
  int fd;
  gboolean synced;
} BatchEntry;

struct _HeraldFileBatch
{
  GPtrArray *entries;
};

/* Names the file as the user knows it, and where a link led. */
static gboolean
set_entry_error (GError **error, const BatchEntry *entry, const char *reason)
{
  g_autofree char *display = g_filename_display_name (entry->path);
  g_autofree char *target = NULL;

  if (entry->target == NULL || g_strcmp0 (entry->path, entry->target) == 0)
    {
      /* TRANSLATORS: the file, then the reason, e.g. “No space left on device” */
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                   _ ("Could not save “%s”: %s"), display, reason);
      return FALSE;
    }
  target = g_filename_display_name (entry->target);
  /* TRANSLATORS: the file, the file its symbolic link points to, then the reason */
  g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
               _ ("Could not save “%s” (a link to “%s”): %s"), display, target, reason);
  return FALSE;
}

static gboolean
set_save_error (GError **error, const BatchEntry *entry, int saved_errno)
{
  return set_entry_error (error, entry, g_strerror (saved_errno));
}

static void
batch_entry_free (BatchEntry *entry)
{
  if (entry->fd >= 0)
    close (entry->fd);
  if (entry->temp_path != NULL)
    g_unlink (entry->temp_path);
  g_free (entry->path);
  g_free (entry->target);
  g_free (entry->temp_path);
  g_free (entry);
}

HeraldFileBatch *
herald_file_batch_new (void)
{
  HeraldFileBatch *batch = g_new0 (HeraldFileBatch, 1);

  batch->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_entry_free);
  return batch;
}

void
herald_file_batch_free (HeraldFileBatch *batch)
{
  if (batch == NULL)
    return;
  g_ptr_array_unref (batch->entries);
  g_free (batch);
}

/* Follows symbolic links to the file that holds the content, as an editor writing "through"
 * a link does; a link to a file that does not exist yet creates that file. *st is filled
 * and TRUE returned in *exists when the file exists. */
static gboolean
resolve_target (BatchEntry *entry, struct stat *st, gboolean *exists, GError **error)
{
  g_autofree char *current = g_strdup (entry->path);

  for (guint hops = 0; hops <= 40; hops++)
    {
      g_autofree char *link = NULL;
      g_autofree char *dir = NULL;

      if (lstat (current, st) != 0)
        {
          int saved_errno = errno;

          entry->target = g_steal_pointer (&current);
          if (saved_errno != ENOENT)
            return set_save_error (error, entry, saved_errno);
          *exists = FALSE;
          return TRUE;
        }
      if (!S_ISLNK (st->st_mode))
        {
          entry->target = g_steal_pointer (&current);
          *exists = TRUE;
          if (S_ISREG (st->st_mode))
            return TRUE;
          /* TRANSLATORS: the end of “Could not save “body.html”: …” */
          return set_entry_error (error, entry, _ ("it is not a regular file"));
        }
      link = g_file_read_link (current, NULL);
      if (link == NULL)
        {
          int saved_errno = errno;

          entry->target = g_steal_pointer (&current);
          return set_save_error (error, entry, saved_errno);
        }
      dir = g_path_get_dirname (current);
      g_free (current);
      current =
          g_path_is_absolute (link) ? g_steal_pointer (&link) : g_build_filename (dir, link, NULL);
    }

  entry->target = g_steal_pointer (&current);
  return set_save_error (error, entry, ELOOP);
}

/* The temporary file gets the permissions of the file it replaces before any content goes
 * in (a 0600 file's text is never readable by others); a new file gets 0666 less the
 * umask, as any program's new file. */
static gboolean
create_temporary (BatchEntry *entry, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  struct stat st;
  gboolean exists = FALSE;

  if (!resolve_target (entry, &st, &exists, error))
    return FALSE;

  dir = g_path_get_dirname (entry->target);
  base = g_path_get_basename (entry->target);
  entry->temp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  entry->fd = g_mkstemp_full (entry->temp_path, O_RDWR | O_CLOEXEC, exists ? 0600 : 0666);
  if (entry->fd < 0)
    {
      int saved_errno = errno;

      g_clear_pointer (&entry->temp_path, g_free);
      return set_save_error (error, entry, saved_errno);
    }

  if (exists)
    {
      /* Root saving someone else's file keeps it theirs; others cannot give files away,
       * and their new file is theirs anyway. */
      if ((st.st_uid != geteuid () || st.st_gid != getegid ()) &&
          fchown (entry->fd, st.st_uid, st.st_gid) != 0)
        g_debug ("Could not keep the owner of %s: %s", entry->target, g_strerror (errno));
      /* File systems without permissions (FAT) refuse; the save is still wanted. */
      if (fchmod (entry->fd, st.st_mode & 07777) != 0)
        g_debug ("Could not keep the permissions of %s: %s", entry->target, g_strerror (errno));
    }

  return TRUE;
}

static gboolean
write_all (int fd, const char *contents, gsize length)
{
  while (length > 0)
    {
      gssize written = write (fd, contents, length);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      contents += written;
      length -= written;
    }

  return TRUE;
}

static BatchEntry *
batch_entry_new (HeraldFileBatch *batch, const char *path, GError **error)
{
  BatchEntry *entry = g_new0 (BatchEntry, 1);

  herald_file_batch_remove (batch, path);
  entry->path = g_strdup (path);
  entry->fd = -1;
  if (!create_temporary (entry, error))
    {
      batch_entry_free (entry);
      return NULL;
    }
  g_ptr_array_add (batch->entries, entry);
  return entry;
}

gboolean
herald_file_batch_add (
    HeraldFileBatch *batch, const char *path, const char *contents, gssize length, GError **error)
{
  BatchEntry *entry;

  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length <= 0, FALSE);

  if (length < 0)
    length = contents != NULL ? strlen (contents) : 0;

  entry = batch_entry_new (batch, path, error);
  if (entry == NULL)
    return FALSE;
  /* Flushed now rather than at the commit, so that a full disk is reported before any
   * other file of the batch is touched, naming the file that did not fit. */
  if (!write_all (entry->fd, contents, length) || fsync (entry->fd) != 0)
    {
      set_save_error (error, entry, errno);
      g_ptr_array_remove (batch->entries, entry);
      return FALSE;
    }
  entry->synced = TRUE;
  return TRUE;
}

const char *
herald_file_batch_add_temporary (HeraldFileBatch *batch, const char *path, GError **error)
{
  BatchEntry *entry;

  g_return_val_if_fail (batch != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  entry = batch_entry_new (batch, path, error);
  return entry != NULL ? entry->temp_path : NULL;
}

void
herald_file_batch_remove (HeraldFileBatch *batch, const char *path)
{
  g_return_if_fail (batch != NULL);

  for (guint i = 0; i < batch->entries->len; i++)
    {
      BatchEntry *entry = g_ptr_array_index (batch->entries, i);

      if (g_str_equal (entry->path, path))
        {
          g_ptr_array_remove_index (batch->entries, i);
          return;
        }
    }
}

static void
sync_directories (HeraldFileBatch *batch)
{
  g_autoptr (GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < batch->entries->len; i++)
    {
      BatchEntry *entry = g_ptr_array_index (batch->entries, i);
      char *dir = g_path_get_dirname (entry->target);
      int dir_fd;

      if (!g_hash_table_add (done, dir))
        continue;
      /* The renames are done; a folder that cannot be flushed only loses them to a power
       * cut, which no message could undo. */
      dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dir_fd >= 0)
        {
          fsync (dir_fd);
          close (dir_fd);
        }
    }
}

/* A rename that fails after others succeeded (the folder made read-only in between, say)
 * cannot be undone: the message names the file that kept its old content and the files
 * already replaced. */
static gboolean
set_rename_error (GError **error, HeraldFileBatch *batch, guint failed, int saved_errno)
{
  BatchEntry *entry = g_ptr_array_index (batch->entries, failed);
  g_autoptr (GString) replaced = g_string_new (NULL);
  g_autofree char *reason = NULL;

  if (failed == 0)
    return set_save_error (error, entry, saved_errno);

  for (guint i = 0; i < failed; i++)
    {
      BatchEntry *done = g_ptr_array_index (batch->entries, i);
      g_autofree char *display = g_filename_display_name (done->path);

      g_string_append_printf (replaced, "%s“%s”", i > 0 ? ", " : "", display);
    }
  /* TRANSLATORS: the end of “Could not save “body.html”: …”: the system's reason, then the
   * list of files that were saved */
  reason = g_strdup_printf (_ ("%s. These files were saved before the error: %s"),
                            g_strerror (saved_errno), replaced->str);
  return set_entry_error (error, entry, reason);
}

gboolean
herald_file_batch_commit (HeraldFileBatch *batch, GError **error)
{
  g_return_val_if_fail (batch != NULL, FALSE);

  for (guint i = 0; i < batch->entries->len; i++)
    {
      BatchEntry *entry = g_ptr_array_index (batch->entries, i);

      if (!entry->synced && fsync (entry->fd) != 0)
        return set_save_error (error, entry, errno);
      entry->synced = TRUE;
      if (close (entry->fd) != 0)
        {
          entry->fd = -1;
          return set_save_error (error, entry, errno);
        }
      entry->fd = -1;
    }

  for (guint i = 0; i < batch->entries->len; i++)
    {
      BatchEntry *entry = g_ptr_array_index (batch->entries, i);

      if (before_rename_hook != NULL && !before_rename_hook (entry->temp_path, entry->path, error))
        return FALSE;
    }

  for (guint i = 0; i < batch->entries->len; i++)
    {
      BatchEntry *entry = g_ptr_array_index (batch->entries, i);

      if (g_rename (entry->temp_path, entry->target) != 0)
        {
          int saved_errno = errno;

          for (guint j = 0; j < i; j++)
            g_clear_pointer (&((BatchEntry *) g_ptr_array_index (batch->entries, j))->temp_path,
                             g_free);
          return set_rename_error (error, batch, i, saved_errno);
        }
    }

  for (guint i = 0; i < batch->entries->len; i++)
    g_clear_pointer (&((BatchEntry *) g_ptr_array_index (batch->entries, i))->temp_path, g_free);
  sync_directories (batch);
  g_ptr_array_set_size (batch->entries, 0);
  return TRUE;
}

/* Writes to a temporary file in the same folder, fsyncs it and renames it over the target,
 * so that a crash at any point leaves either the old file or the new one, never half of
 * one. The folder is fsynced too so that the rename itself survives a power loss. */
gboolean
herald_file_write_atomic (const char *path, const char *contents, gssize length, GError **error)
{
  g_autoptr (HeraldFileBatch) batch = herald_file_batch_new ();

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);

  return herald_file_batch_add (batch, path, contents, length, error) &&
         herald_file_batch_commit (batch, error);
}

char *
herald_file_read_text (const char *path, gsize *length, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      display = g_filename_display_name (path);
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MISSING_FILE,
                     "%s: the file is missing", display);
      else
        g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MISSING_FILE, "%s: %s",
                     display, local_error->message);
      return NULL;
    }

  if (!g_utf8_validate (contents, len, NULL))
    {
      display = g_filename_display_name (path);
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MALFORMED,
                   "%s: the file is not valid UTF-8 text", display);
      g_free (contents);
      return NULL;
    }

  if (length != NULL)
    *length = len;

  return contents;
}

void
herald_file_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        herald_file_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
