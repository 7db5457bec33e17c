/* herald-file-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-file-util"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
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

static gboolean
set_errno_error (GError **error, int saved_errno, const char *what, const char *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE, "Could not %s “%s”: %s",
               what, display, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int fd, const char *contents, gsize length, const char *path, GError **error)
{
  while (length > 0)
    {
      gssize written = write (fd, contents, length);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return set_errno_error (error, errno, "write", path);
        }
      contents += written;
      length -= written;
    }

  return TRUE;
}

/* Writes to a temporary file in the same folder, fsyncs it and renames it over the target,
 * so that a crash at any point leaves either the old file or the new one, never half of
 * one. The folder is fsynced too so that the rename itself survives a power loss. */
gboolean
herald_file_write_atomic (const char *path, const char *contents, gssize length, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp_path = NULL;
  int fd;
  int dir_fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);

  if (length < 0)
    length = strlen (contents);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  temp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);

  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    return set_errno_error (error, errno, "create a temporary file next to", path);

  if (!write_all (fd, contents, length, path, error))
    goto failed;

  if (fsync (fd) != 0)
    {
      set_errno_error (error, errno, "flush", path);
      goto failed;
    }

  if (close (fd) != 0)
    {
      fd = -1;
      set_errno_error (error, errno, "close", path);
      goto failed;
    }
  fd = -1;

  if (before_rename_hook != NULL && !before_rename_hook (temp_path, path, error))
    goto failed;

  if (g_rename (temp_path, path) != 0)
    {
      set_errno_error (error, errno, "replace", path);
      goto failed;
    }

  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }

  return TRUE;

failed:
  if (fd >= 0)
    close (fd);
  g_unlink (temp_path);
  return FALSE;
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
