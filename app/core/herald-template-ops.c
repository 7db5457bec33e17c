/* herald-template-ops.c: new, duplicated, renamed and deleted templates, on disk first and
 * then in the library's list (the file monitor then finds nothing left to do).
 *
 * Every change that makes a template appear or disappear is one rename(2) of a folder on
 * one file system, so a crash leaves the template whole at one place or the other:
 *
 * - A new or duplicated template is written complete in a hidden folder of templates/
 *   (".ID-XXXXXX", which the library skips), flushed, and renamed to its id.
 * - Deleting moves the folder to LIBRARY/.herald-deleted/ID-XXXXXX/ID, where it waits for
 *   Undo, and only then to the trash (g_file_trash). Untrashing is not used: GIO gives no
 *   way back from the trash but looking up trash::orig-path among every trashed file, which
 *   breaks with two deletions of one id or a trash emptied meanwhile. If Herald stops
 *   before the trash step, the folder stays there, hidden from the library and from git
 *   (the folder holds a .gitignore of "*"); the next time the library is opened it goes to
 *   the trash (herald_template_ops_trash_leftovers): the user did delete it and did not
 *   undo. Where the trash is not available, the folder stays there and the error says so.
 * - Renaming renames the folder, then writes the new display name into template.json
 *   atomically; if that write fails the folder is renamed back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-template-ops"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "herald-core-error.h"
#include "herald-file-util.h"
#include "herald-json-util.h"
#include "herald-library-private.h"
#include "herald-starter.h"
#include "herald-template-ops.h"

#define STARTER_RESOURCE "/io/github/heraldapp/Herald/core/starter/template"

/* Ids */

static gboolean
is_reserved_on_windows (const char *id)
{
  static const char *const reserved[] = { "con", "prn", "aux", "nul", NULL };
  g_autofree char *stem = g_ascii_strdown (id, strcspn (id, "."));

  if (g_strv_contains (reserved, stem))
    return TRUE;
  /* COM0–COM9 and LPT0–LPT9 */
  return strlen (stem) == 4 && (g_str_has_prefix (stem, "com") || g_str_has_prefix (stem, "lpt")) &&
         g_ascii_isdigit (stem[3]);
}

static gboolean
is_slug_char (char c)
{
  return (c >= 'a' && c <= 'z') || g_ascii_isdigit (c) || c == '-' || c == '_';
}

static gboolean
has_control_char (const char *id)
{
  for (const char *p = id; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

static glong
id_length (const char *id)
{
  return g_utf8_validate (id, -1, NULL) ? g_utf8_strlen (id, -1) : (glong) strlen (id);
}

static gboolean
refuse (GError **error, const char *message)
{
  g_set_error_literal (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID, message);
  return FALSE;
}

gboolean
herald_template_id_is_portable (const char *id, GError **error)
{
  g_autofree char *message = NULL;
  g_autofree char *suggestion = NULL;
  gsize length;

  g_return_val_if_fail (id != NULL, FALSE);

  length = strlen (id);
  if (length == 0)
    return refuse (error, _ ("The ID is empty; it names the template’s folder, so it needs at "
                             "least one letter or digit."));
  if (g_str_equal (id, ".") || g_str_equal (id, ".."))
    return refuse (error, _ ("“.” and “..” cannot name a folder; choose an ID with letters or "
                             "digits."));
  if (strchr (id, '/') != NULL || strchr (id, '\\') != NULL)
    return refuse (error, _ ("The ID cannot contain “/” or “\\”: it names one folder, not a "
                             "path."));
  if (has_control_char (id))
    return refuse (error, _ ("The ID contains a control character (a tab or a line break); use "
                             "letters, digits and hyphens."));
  if (id_length (id) > HERALD_TEMPLATE_ID_MAX_LENGTH)
    {
      message = g_strdup_printf (_ ("The ID is %ld characters long; %d at most keep paths short "
                                    "enough for every system."),
                                 id_length (id), HERALD_TEMPLATE_ID_MAX_LENGTH);
      return refuse (error, message);
    }
  if (id[length - 1] == '.' || id[length - 1] == ' ')
    return refuse (error, _ ("The ID cannot end with a dot or a space: Windows drops them, so "
                             "the folder would not be found there."));
  if (id[0] == '.')
    return refuse (error, _ ("The ID cannot start with a dot: the folder would be hidden, and "
                             "Herald skips hidden folders."));
  if (is_reserved_on_windows (id))
    {
      message = g_strdup_printf (_ ("“%s” is a name Windows reserves for a device; a library "
                                    "with this folder could not be checked out there."),
                                 id);
      return refuse (error, message);
    }

  suggestion = herald_template_id_from_name (id);
  for (const char *p = id; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      {
        message = g_strdup_printf (_ ("Use lower-case letters, as in “%s”: Windows and macOS do "
                                      "not tell “A” from “a” in folder names."),
                                   suggestion);
        return refuse (error, message);
      }
  for (const char *p = id; *p != '\0'; p++)
    if (!is_slug_char (*p))
      {
        message = g_strdup_printf (_ ("The ID may only use the letters a to z, digits, “-” and "
                                      "“_”, as in “%s”."),
                                   suggestion);
        return refuse (error, message);
      }
  if (id[0] == '-')
    return refuse (error, _ ("The ID cannot start with “-”: command-line tools would take it "
                             "for an option."));

  return TRUE;
}

char *
herald_template_id_from_name (const char *name)
{
  g_autofree char *ascii = NULL;
  GString *id = g_string_new (NULL);
  gboolean hyphen = FALSE;

  g_return_val_if_fail (name != NULL, NULL);

  ascii = g_utf8_validate (name, -1, NULL) ? g_str_to_ascii (name, "C") : g_strdup (name);
  for (const char *p = ascii; *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);

      if (is_slug_char (c) && c != '-')
        {
          if (hyphen && id->len > 0)
            g_string_append_c (id, '-');
          g_string_append_c (id, c);
          hyphen = FALSE;
        }
      else
        hyphen = TRUE;
    }

  if (id->len > HERALD_TEMPLATE_ID_MAX_LENGTH)
    g_string_truncate (id, HERALD_TEMPLATE_ID_MAX_LENGTH);
  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);
  if (id->len == 0)
    g_string_append (id, "template");
  else if (is_reserved_on_windows (id->str))
    g_string_append (id, "-template");

  return g_string_free (id, FALSE);
}

static char *
templates_directory (HeraldLibrary *library)
{
  return g_build_filename (herald_library_get_directory (library), "templates", NULL);
}

/* The folder or template whose id equals id without case, except the template except. */
static char *
find_clash (HeraldLibrary *library, const char *id, HeraldTemplate *except)
{
  g_autofree char *templates_dir = templates_directory (library);
  g_autoptr (GDir) dir = g_dir_open (templates_dir, 0, NULL);
  const char *name;
  guint n;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_ascii_strcasecmp (name, id) == 0 &&
        (except == NULL || !g_str_equal (name, herald_template_get_id (except))))
      return g_strdup (name);

  /* A template whose folder went away but whose edits Herald keeps. */
  n = g_list_model_get_n_items (G_LIST_MODEL (library));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldTemplate) other = g_list_model_get_item (G_LIST_MODEL (library), i);

      if (other != except && g_ascii_strcasecmp (herald_template_get_id (other), id) == 0)
        return g_strdup (herald_template_get_id (other));
    }

  return NULL;
}

static gboolean
check_new_id (HeraldLibrary *library, const char *id, HeraldTemplate *except, GError **error)
{
  g_autofree char *clash = NULL;

  if (!herald_template_id_is_portable (id, error))
    return FALSE;

  clash = find_clash (library, id, except);
  if (clash == NULL)
    return TRUE;
  if (g_str_equal (clash, id))
    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_EXISTS,
                 _ ("This library already has a template with the ID “%s”."), id);
  else
    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_EXISTS,
                 _ ("“%s” differs from the existing “%s” only in case; Windows and macOS would "
                    "take them for one folder."),
                 id, clash);
  return FALSE;
}

gboolean
herald_template_ops_check_new_id (HeraldLibrary *library, const char *id, GError **error)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY (library), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return check_new_id (library, id, NULL, error);
}

/* base, or base with a numbered suffix, cut so that the whole stays within the limit. */
static char *
numbered_id (const char *base, const char *suffix, guint number)
{
  g_autofree char *tail = NULL;
  glong room;

  if (number <= 1)
    tail = g_strdup (suffix);
  else
    tail = g_strdup_printf ("%s-%u", suffix, number);
  room = HERALD_TEMPLATE_ID_MAX_LENGTH - (glong) strlen (tail);
  return g_strdup_printf ("%.*s%s", (int) MIN ((glong) strlen (base), room), base, tail);
}

static char *
first_free_id (HeraldLibrary *library, const char *base, const char *suffix, guint *number)
{
  for (guint i = 1;; i++)
    {
      g_autofree char *id = numbered_id (base, suffix, i);
      g_autofree char *clash = find_clash (library, id, NULL);

      if (clash == NULL)
        {
          if (number != NULL)
            *number = i;
          return g_steal_pointer (&id);
        }
    }
}

char *
herald_template_ops_suggest_id (HeraldLibrary *library, const char *base)
{
  g_autofree char *slug = NULL;
  g_autofree char *clash = NULL;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (base != NULL, NULL);

  slug = herald_template_id_from_name (base);
  clash = find_clash (library, slug, NULL);
  if (clash == NULL)
    return g_steal_pointer (&slug);
  for (guint i = 2;; i++)
    {
      g_autofree char *suffix = g_strdup_printf ("-%u", i);
      g_autofree char *id = numbered_id (slug, suffix, 1);
      g_autofree char *other = find_clash (library, id, NULL);

      if (other == NULL)
        return g_steal_pointer (&id);
    }
}

/* Files and folders */

static void
sync_directory (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
move_folder (const char *from, const char *to, GError **error)
{
  int saved_errno;

  /* rename(2) would replace an empty folder at to. */
  if (g_file_test (to, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (to);

      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_EXISTS,
                   _ ("%s already exists."), display);
      return FALSE;
    }
  if (g_rename (from, to) == 0)
    {
      g_autofree char *from_parent = g_path_get_dirname (from);
      g_autofree char *to_parent = g_path_get_dirname (to);

      sync_directory (to_parent);
      if (!g_str_equal (from_parent, to_parent))
        sync_directory (from_parent);
      return TRUE;
    }

  saved_errno = errno;
  {
    g_autofree char *from_display = g_filename_display_name (from);
    g_autofree char *to_display = g_filename_display_name (to);

    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                 _ ("Could not move %s to %s: %s"), from_display, to_display,
                 g_strerror (saved_errno));
  }
  return FALSE;
}

static char *
make_hidden_folder (const char *parent, const char *id, GError **error)
{
  g_autofree char *template = g_strdup_printf (".%s-XXXXXX", id);
  g_autofree char *path = g_build_filename (parent, template, NULL);
  int saved_errno;

  if (g_mkdtemp_full (path, 0755) != NULL)
    return g_steal_pointer (&path);

  saved_errno = errno;
  {
    g_autofree char *display = g_filename_display_name (parent);

    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                 _ ("Could not create a folder in %s: %s"), display, g_strerror (saved_errno));
  }
  return NULL;
}

/* A template's files: relative path → contents, in the order written. */
typedef struct
{
  GPtrArray *paths;
  GPtrArray *contents;
} Files;

static void
files_init (Files *files)
{
  files->paths = g_ptr_array_new_with_free_func (g_free);
  files->contents = g_ptr_array_new_with_free_func (g_free);
}

static void
files_clear (Files *files)
{
  g_ptr_array_unref (files->paths);
  g_ptr_array_unref (files->contents);
}

static void
files_take (Files *files, const char *relative_path, char *contents)
{
  g_ptr_array_add (files->paths, g_strdup (relative_path));
  g_ptr_array_add (files->contents, contents);
}

/* Writes the files in a hidden folder, then renames it into place: other programs and the
 * library see the template complete or not at all. */
static HeraldTemplate *
write_template (HeraldLibrary *library, const char *id, Files *files, GError **error)
{
  g_autofree char *templates_dir = templates_directory (library);
  g_autofree char *final = g_build_filename (templates_dir, id, NULL);
  g_autofree char *staging = NULL;
  g_autoptr (HeraldTemplate) template = NULL;

  staging = make_hidden_folder (templates_dir, id, error);
  if (staging == NULL)
    return NULL;

  for (guint i = 0; i < files->paths->len; i++)
    {
      g_autofree char *path = g_build_filename (staging, files->paths->pdata[i], NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      if (g_mkdir_with_parents (parent, 0755) != 0 ||
          !herald_file_write_atomic (path, files->contents->pdata[i], -1, error))
        {
          if (error != NULL && *error == NULL)
            {
              g_autofree char *display = g_filename_display_name (parent);

              g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                           _ ("Could not create %s: %s"), display, g_strerror (errno));
            }
          herald_file_remove_tree (staging);
          return NULL;
        }
    }

  if (!move_folder (staging, final, error))
    {
      herald_file_remove_tree (staging);
      return NULL;
    }

  template = herald_template_load (final, error);
  if (template == NULL)
    return NULL;
  _herald_library_add_template (library, template);
  return g_steal_pointer (&template);
}

/* The starter */

GBytes *
herald_template_ops_get_starter_file (const char *relative_path, GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (relative_path != NULL, NULL);

  path = g_build_path ("/", STARTER_RESOURCE, relative_path, NULL);
  /* Through the resource itself: a static library's constructor may be left out. */
  return g_resource_lookup_data (herald_starter_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                 error);
}

static char *
starter_text (const char *relative_path, GError **error)
{
  g_autoptr (GBytes) bytes = herald_template_ops_get_starter_file (relative_path, error);

  if (bytes == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gboolean
add_starter_files (Files *files, const char *name, GError **error)
{
  static const char *const parts[] = { "body.html", "body.txt", NULL };
  const char *names[] = { "name", NULL };
  const char *values[] = { name, NULL };
  g_autofree char *json = starter_text ("template.json", error);
  g_auto (GStrv) scenarios = NULL;

  if (json == NULL)
    return FALSE;
  files_take (files, "template.json",
              herald_json_set_string_members (json, strlen (json), names, values));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *text = starter_text (parts[i], error);

      if (text == NULL)
        return FALSE;
      files_take (files, parts[i], text);
    }

  scenarios =
      g_resource_enumerate_children (herald_starter_get_resource (), STARTER_RESOURCE "/scenarios",
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (scenarios == NULL)
    return FALSE;
  for (guint i = 0; scenarios[i] != NULL; i++)
    {
      g_autofree char *relative = g_build_path ("/", "scenarios", scenarios[i], NULL);
      char *text = starter_text (relative, error);

      if (text == NULL)
        return FALSE;
      files_take (files, relative, text);
    }

  return TRUE;
}

/* What the library format asks for and nothing more: the checks then say what is missing. */
static void
add_blank_files (Files *files, const char *name)
{
  GString *json = g_string_new ("{\n  \"name\": ");

  herald_json_append_string (json, name, FALSE);
  g_string_append (json, ",\n  \"description\": \"\",\n  \"subject\": \"\",\n"
                         "  \"preheader\": \"\",\n  \"tags\": []\n}\n");
  files_take (files, "template.json", g_string_free (json, FALSE));
  files_take (files, "body.html", g_strdup (""));
}

HeraldTemplate *
herald_template_ops_create (HeraldLibrary *library,
                            const char *id,
                            const char *name,
                            HeraldTemplateContent content,
                            GError **error)
{
  Files files;
  HeraldTemplate *template = NULL;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!check_new_id (library, id, NULL, error))
    return NULL;

  files_init (&files);
  if (content == HERALD_TEMPLATE_CONTENT_BLANK)
    add_blank_files (&files, name);
  if (content == HERALD_TEMPLATE_CONTENT_BLANK || add_starter_files (&files, name, error))
    template = write_template (library, id, &files, error);
  files_clear (&files);

  return template;
}

HeraldTemplate *
herald_template_ops_duplicate (HeraldLibrary *library, HeraldTemplate *tmpl, GError **error)
{
  g_autofree char *base = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  GListModel *scenarios;
  HeraldTemplate *copy;
  guint number = 1;
  Files files;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);

  base = herald_template_id_from_name (herald_template_get_id (tmpl));
  id = first_free_id (library, base, "-copy", &number);
  if (number == 1)
    /* Translators: the name of a duplicated template, e.g. "Low balance (copy)" */
    name = g_strdup_printf (_ ("%s (copy)"), herald_template_get_name (tmpl));
  else
    /* Translators: the name of a duplicated template, e.g. "Low balance (copy 2)" */
    name = g_strdup_printf (_ ("%s (copy %u)"), herald_template_get_name (tmpl), number);

  files_init (&files);
  files_take (&files, "template.json", _herald_template_dup_json_text (tmpl, name));
  files_take (&files, "body.html", g_strdup (herald_template_get_html (tmpl)));
  if (herald_template_get_text (tmpl) != NULL)
    files_take (&files, "body.txt", g_strdup (herald_template_get_text (tmpl)));
  scenarios = herald_template_get_scenarios (tmpl);
  for (guint i = 0; i < g_list_model_get_n_items (scenarios); i++)
    {
      g_autoptr (HeraldScenario) scenario = g_list_model_get_item (scenarios, i);
      g_autofree char *file = g_path_get_basename (herald_scenario_get_path (scenario));
      g_autofree char *relative = g_build_filename ("scenarios", file, NULL);

      files_take (&files, relative, g_strdup (herald_scenario_get_text (scenario)));
    }

  copy = write_template (library, id, &files, error);
  files_clear (&files);
  return copy;
}

gboolean
herald_template_ops_rename (HeraldLibrary *library,
                            HeraldTemplate *tmpl,
                            const char *new_id,
                            const char *new_name,
                            GError **error)
{
  g_autofree char *old_directory = NULL;
  g_autofree char *new_directory = NULL;
  g_autoptr (GError) name_error = NULL;
  gboolean move;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), FALSE);
  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), FALSE);
  g_return_val_if_fail (new_id != NULL, FALSE);
  g_return_val_if_fail (new_name != NULL, FALSE);

  move = !g_str_equal (new_id, herald_template_get_id (tmpl));
  if (move && !check_new_id (library, new_id, tmpl, error))
    return FALSE;

  old_directory = g_strdup (herald_template_get_directory (tmpl));
  if (move)
    {
      g_autofree char *parent = g_path_get_dirname (old_directory);

      new_directory = g_build_filename (parent, new_id, NULL);
      if (!move_folder (old_directory, new_directory, error))
        return FALSE;
      _herald_template_set_directory (tmpl, new_directory);
    }

  if (!g_str_equal (new_name, herald_template_get_name (tmpl)) &&
      !_herald_template_save_name (tmpl, new_name, &name_error))
    {
      /* Half a rename is worse than none: the old id comes back with the old name. */
      if (move && move_folder (new_directory, old_directory, NULL))
        _herald_template_set_directory (tmpl, old_directory);
      else if (move)
        _herald_library_template_moved (library, tmpl, old_directory);
      g_propagate_error (error, g_steal_pointer (&name_error));
      return FALSE;
    }

  if (move)
    _herald_library_template_moved (library, tmpl, old_directory);
  return TRUE;
}

/* Deleting */

struct _HeraldDeletedTemplate
{
  HeraldLibrary *library;
  HeraldTemplate *template;
  char *directory; /* where the template was */
  char *holder;    /* .herald-deleted/ID-XXXXXX */
  char *staged;    /* holder/ID */
};

static char *
deleted_root (HeraldLibrary *library)
{
  return g_build_filename (herald_library_get_directory (library), HERALD_DELETED_FOLDER, NULL);
}

static gboolean
ensure_deleted_root (const char *root, GError **error)
{
  g_autofree char *ignore = g_build_filename (root, ".gitignore", NULL);
  int saved_errno;

  if (g_mkdir_with_parents (root, 0755) != 0)
    {
      g_autofree char *display = g_filename_display_name (root);

      saved_errno = errno;
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                   _ ("Could not create %s: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }
  /* Waiting deletions are nobody's commit. */
  return g_file_test (ignore, G_FILE_TEST_EXISTS) ||
         herald_file_write_atomic (ignore, "*\n", -1, error);
}

/* The waiting room goes once empty, so that the library looks as before. */
static void
tidy_deleted_root (const char *root)
{
  g_autoptr (GDir) dir = g_dir_open (root, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (!g_str_equal (name, ".gitignore"))
      return;

  g_autofree char *ignore = g_build_filename (root, ".gitignore", NULL);

  g_unlink (ignore);
  g_rmdir (root);
}

HeraldDeletedTemplate *
herald_template_ops_delete (HeraldLibrary *library, HeraldTemplate *tmpl, GError **error)
{
  g_autoptr (HeraldDeletedTemplate) deleted = NULL;
  g_autofree char *root = NULL;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);

  root = deleted_root (library);
  if (!ensure_deleted_root (root, error))
    return NULL;

  deleted = g_new0 (HeraldDeletedTemplate, 1);
  deleted->library = g_object_ref (library);
  deleted->template = g_object_ref (tmpl);
  deleted->directory = g_strdup (herald_template_get_directory (tmpl));
  deleted->holder = make_hidden_folder (root, herald_template_get_id (tmpl), error);
  if (deleted->holder == NULL)
    return NULL;
  deleted->staged = g_build_filename (deleted->holder, herald_template_get_id (tmpl), NULL);

  if (!move_folder (deleted->directory, deleted->staged, error))
    {
      g_rmdir (deleted->holder);
      tidy_deleted_root (root);
      return NULL;
    }

  _herald_library_remove_template (library, tmpl);
  return g_steal_pointer (&deleted);
}

HeraldTemplate *
herald_deleted_template_get_template (HeraldDeletedTemplate *deleted)
{
  g_return_val_if_fail (deleted != NULL, NULL);
  return deleted->template;
}

const char *
herald_deleted_template_get_path (HeraldDeletedTemplate *deleted)
{
  g_return_val_if_fail (deleted != NULL, NULL);
  return deleted->staged;
}

static void
forget_holder (HeraldDeletedTemplate *deleted)
{
  g_autofree char *root = deleted_root (deleted->library);

  g_rmdir (deleted->holder);
  tidy_deleted_root (root);
  g_clear_pointer (&deleted->staged, g_free);
}

/* Puts the same template object back, with the edits it had. */
gboolean
herald_deleted_template_restore (HeraldDeletedTemplate *deleted, GError **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (deleted != NULL, FALSE);
  g_return_val_if_fail (deleted->staged != NULL, FALSE);

  id = g_path_get_basename (deleted->directory);
  if (herald_library_find_template (deleted->library, id) != NULL ||
      g_file_test (deleted->directory, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_EXISTS,
                   _ ("A new template “%s” was made since; the deleted one goes to the trash "
                      "instead of replacing it."),
                   id);
      return FALSE;
    }
  if (!move_folder (deleted->staged, deleted->directory, error))
    return FALSE;

  forget_holder (deleted);
  _herald_library_add_template (deleted->library, deleted->template);
  return TRUE;
}

static gboolean
trash_folder (const char *path, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) local_error = NULL;

  if (g_file_trash (file, NULL, &local_error))
    return TRUE;

  {
    g_autofree char *display = g_filename_display_name (path);

    g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                 _ ("Could not move the deleted template to the trash (%s); it is kept in %s."),
                 local_error->message, display);
  }
  return FALSE;
}

gboolean
herald_deleted_template_trash (HeraldDeletedTemplate *deleted, GError **error)
{
  g_return_val_if_fail (deleted != NULL, FALSE);
  g_return_val_if_fail (deleted->staged != NULL, FALSE);

  if (!trash_folder (deleted->staged, error))
    return FALSE;
  forget_holder (deleted);
  return TRUE;
}

void
herald_deleted_template_free (HeraldDeletedTemplate *deleted)
{
  if (deleted == NULL)
    return;
  g_clear_object (&deleted->library);
  g_clear_object (&deleted->template);
  g_free (deleted->directory);
  g_free (deleted->holder);
  g_free (deleted->staged);
  g_free (deleted);
}

guint
herald_template_ops_trash_leftovers (HeraldLibrary *library, GError **error)
{
  g_autofree char *root = NULL;
  g_autoptr (GDir) dir = NULL;
  const char *name;
  guint count = 0;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), 0);

  root = deleted_root (library);
  dir = g_dir_open (root, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *holder = g_build_filename (root, name, NULL);
      g_autoptr (GDir) inside = NULL;
      const char *entry;

      if (g_str_equal (name, ".gitignore") || !g_file_test (holder, G_FILE_TEST_IS_DIR))
        continue;
      inside = g_dir_open (holder, 0, NULL);
      while (inside != NULL && (entry = g_dir_read_name (inside)) != NULL)
        {
          g_autofree char *staged = g_build_filename (holder, entry, NULL);

          count++;
          if (!trash_folder (staged, error))
            return count;
        }
      g_rmdir (holder);
    }
  tidy_deleted_root (root);
  return count;
}
