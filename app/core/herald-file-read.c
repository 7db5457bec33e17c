/* herald-file-read.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-file-read"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "herald-core-error.h"
#include "herald-file-read.h"
#include "herald-utf8.h"

static void
set_open_error (GError **error, const char *path, int saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  if (saved_errno == ENOENT)
    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MISSING_FILE,
                 _ ("%s: the file is missing"), display);
  else
    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MISSING_FILE, "%s: %s", display,
                 g_strerror (saved_errno));
}

static void
set_too_large_error (GError **error, const char *path, guint64 size, gsize max_size)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *size_text =
      g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
  g_autofree char *max_text = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
               _ ("%s: the file is too large (%s); Herald reads files of at most %s"), display,
               size_text, max_text);
}

/* Opens without blocking (a FIFO would wait for a writer forever) and keeps the descriptor
 * only for an ordinary file within the size limit. Links are followed: a library may link
 * a shared body. It is the opened file that is checked, not the name. */
static int
open_regular (const char *path, gsize max_size, gsize *size, GError **error)
{
  struct stat st;
  int fd;

  do
    fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      set_open_error (error, path, errno);
      return -1;
    }

  if (fstat (fd, &st) != 0)
    {
      set_open_error (error, path, errno);
      close (fd);
      return -1;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID,
                   S_ISDIR (st.st_mode)
                       ? _ ("%s: a folder is where a file should be")
                       : _ ("%s: not an ordinary file (a pipe, device or socket); Herald reads "
                            "only ordinary files"),
                   display);
      close (fd);
      return -1;
    }

  if ((guint64) st.st_size > max_size)
    {
      set_too_large_error (error, path, st.st_size, max_size);
      close (fd);
      return -1;
    }

  if (size != NULL)
    *size = st.st_size;
  return fd;
}

/* Whether path can be read as a library file of at most max_size bytes, for readers that
 * open files themselves (libgettextpo). */
gboolean
herald_file_check_regular (const char *path, gsize max_size, GError **error)
{
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = open_regular (path, max_size, NULL, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

/* The whole file, NUL-terminated. Reading stops one byte past the limit, so a file that
 * grows while it is read is refused too rather than followed. */
char *
herald_file_read_regular (const char *path, gsize max_size, gsize *length, GError **error)
{
  g_autofree char *contents = NULL;
  gsize capacity = 0;
  gsize len = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = open_regular (path, max_size, &capacity, error);
  if (fd < 0)
    return NULL;

  /* Room for the size fstat() told and one byte more, so that the read that finds the end
   * needs no second buffer; a file that grows meanwhile still doubles it. */
  capacity = MIN (MAX (capacity + 1, 64), max_size + 1);
  contents = g_malloc (capacity + 1);
  for (;;)
    {
      gssize n;

      if (len == capacity)
        {
          capacity = MIN (capacity * 2, max_size + 1);
          contents = g_realloc (contents, capacity + 1);
        }

      n = read (fd, contents + len, capacity - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_open_error (error, path, errno);
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;
      len += n;
      if (len > max_size)
        {
          set_too_large_error (error, path, len, max_size);
          close (fd);
          return NULL;
        }
    }
  close (fd);

  contents[len] = '\0';
  if (length != NULL)
    *length = len;
  return g_steal_pointer (&contents);
}

/* A library text file: an ordinary file within the limit, in UTF-8. */
char *
herald_file_read_library_text (const char *path, gsize max_size, gsize *length, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  contents = herald_file_read_regular (path, max_size, &len, error);
  if (contents == NULL)
    return NULL;

  /* g_utf8_validate() with a length also refuses NUL bytes. */
  if (memchr (contents, '\0', len) != NULL || !herald_utf8_validate (contents, len))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_MALFORMED,
                   _ ("%s: the file is not valid UTF-8 text"), display);
      return NULL;
    }

  if (length != NULL)
    *length = len;
  return g_steal_pointer (&contents);
}

/* Whether path names something inside directory once "." and ".." are resolved as text.
 * Links are not resolved: a link inside the library is the library's own choice, while a
 * name from a file's content ("../../x") must not lead out of it. */
gboolean
herald_path_is_inside (const char *path, const char *directory)
{
  g_autofree char *canonical_path = NULL;
  g_autofree char *canonical_dir = NULL;
  gsize dir_len;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (directory != NULL, FALSE);

  canonical_path = g_canonicalize_filename (path, NULL);
  canonical_dir = g_canonicalize_filename (directory, NULL);
  dir_len = strlen (canonical_dir);

  if (dir_len == 1 && canonical_dir[0] == G_DIR_SEPARATOR)
    return TRUE;
  return strncmp (canonical_path, canonical_dir, dir_len) == 0 &&
         canonical_path[dir_len] == G_DIR_SEPARATOR;
}
