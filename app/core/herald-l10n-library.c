/* herald-l10n-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-l10n-library"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <string.h>

#include "herald-extractor.h"
#include "herald-file-read.h"
#include "herald-file-util.h"
#include "herald-locale-name.h"
#include "herald-l10n-error.h"
#include "herald-l10n-library.h"
#include "herald-l10n-lint.h"
#include "herald-pseudo-locale.h"
#include "herald-plural.h"
#include "herald-po-merge.h"

static char *
reference_for (HeraldTemplate *tmpl, const HeraldL10nUnit *unit)
{
  const char *file = herald_l10n_part_file_name (unit->part);
  const char *id = herald_template_get_id (tmpl);

  char line[12];
  char *digit = line + sizeof line - 1;
  guint n = unit->line;

  if (unit->part == HERALD_PART_SUBJECT || unit->part == HERALD_PART_PREHEADER)
    return g_strconcat ("templates/", id, "/", file, NULL);
  /* One per unit of a library: printf's machinery costs more than the rest of adding it. */
  *digit = '\0';
  do
    *--digit = (char) ('0' + n % 10);
  while ((n /= 10) > 0);
  return g_strconcat ("templates/", id, "/", file, ":", digit, NULL);
}

static void
append_line (char **text, const char *line)
{
  char *joined;

  if (*text == NULL)
    {
      *text = g_strdup (line);
      return;
    }
  if (strstr (*text, line) != NULL)
    return;
  joined = g_strconcat (*text, "\n", line, NULL);
  g_free (*text);
  *text = joined;
}

/* References gathered per entry while a library is extracted, set on the entries at the
 * end: entries such as the footer's have one per template. */
typedef struct
{
  HeraldPoCatalog *pot;
  GHashTable *references; /* HeraldPoEntry → GPtrArray of char * */
} Extraction;

static void
append_reference (Extraction *self, HeraldPoEntry *entry, char *reference)
{
  GPtrArray *references = g_hash_table_lookup (self->references, entry);

  if (references == NULL)
    {
      references = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; entry->references && entry->references[i]; i++)
        g_ptr_array_add (references, g_strdup (entry->references[i]));
      g_hash_table_insert (self->references, entry, references);
    }
  /* Units come in file and line order, so a repeated reference is the latest one. */
  if (references->len > 0 && g_str_equal (references->pdata[references->len - 1], reference))
    {
      g_free (reference);
      return;
    }
  g_ptr_array_add (references, reference);
}

static void
set_references (gpointer key, gpointer value, gpointer user_data)
{
  HeraldPoEntry *entry = key;
  GPtrArray *references = value;

  g_strfreev (entry->references);
  g_ptr_array_add (references, NULL);
  entry->references = (char **) g_ptr_array_steal (references, NULL);
}

static void
extraction_init (Extraction *self, HeraldPoCatalog *pot)
{
  self->pot = pot;
  self->references = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

static void
extraction_finish (Extraction *self)
{
  g_hash_table_foreach (self->references, set_references, NULL);
  g_hash_table_unref (self->references);
}

static gboolean
same_shape (const HeraldPoEntry *entry, const HeraldL10nUnit *unit)
{
  return g_strcmp0 (entry->msgid_plural, unit->msgid_plural) == 0;
}

static void
add_unit (Extraction *self, HeraldTemplate *tmpl, const HeraldL10nUnit *unit)
{
  HeraldPoCatalog *pot = self->pot;
  const HeraldPoEntry *existing = herald_po_catalog_find (pot, NULL, unit->msgid);
  const char *msgctxt = NULL;
  HeraldPoEntry *entry;

  /* gettext keys entries by msgctxt and msgid: the same text as a plain and as a plural
   * entry (or with two plural texts) needs a context, the template's id. */
  if (existing != NULL && !same_shape (existing, unit))
    {
      msgctxt = herald_template_get_id (tmpl);
      existing = herald_po_catalog_find (pot, msgctxt, unit->msgid);
      if (existing != NULL && !same_shape (existing, unit))
        return;
    }

  if (existing != NULL)
    entry = (HeraldPoEntry *) existing;
  else
    {
      entry = herald_po_entry_new (msgctxt, unit->msgid, unit->msgid_plural);
      herald_po_catalog_add_entry (pot, entry);
    }
  append_reference (self, entry, reference_for (tmpl, unit));
  if (unit->comment != NULL)
    append_line (&entry->extracted_comments, unit->comment);
}

#define N_PARTS (HERALD_PART_TEXT + 1)

/* A template's parts, cut into units (NULL for a part it lacks), or the first error. */
typedef struct
{
  GPtrArray *units[N_PARTS];
  GError *error;
} Cut;

static void
cut_clear (Cut *cut)
{
  for (guint part = 0; part < N_PARTS; part++)
    g_clear_pointer (&cut->units[part], g_ptr_array_unref);
  g_clear_error (&cut->error);
}

static void
cut_template (HeraldTemplate *tmpl, Cut *cut)
{
  for (guint part = HERALD_PART_SUBJECT; part <= HERALD_PART_TEXT; part++)
    {
      const char *source = herald_template_get_part (tmpl, part);
      g_autoptr (GError) local_error = NULL;

      if (source == NULL)
        continue;
      cut->units[part] = herald_extract_part_cached (source, part, &local_error);
      if (cut->units[part] == NULL)
        {
          g_set_error (&cut->error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_TEMPLATE,
                       _ ("Template “%s”: %s"), herald_template_get_id (tmpl),
                       local_error->message);
          return;
        }
    }
}

static gboolean
add_cut (Extraction *self, HeraldTemplate *tmpl, Cut *cut, GError **error)
{
  if (cut->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&cut->error));
      return FALSE;
    }
  for (guint part = HERALD_PART_SUBJECT; part <= HERALD_PART_TEXT; part++)
    for (guint i = 0; cut->units[part] != NULL && i < cut->units[part]->len; i++)
      add_unit (self, tmpl, g_ptr_array_index (cut->units[part], i));
  return TRUE;
}

static gboolean
extract_template (Extraction *self, HeraldTemplate *tmpl, GError **error)
{
  Cut cut = { 0 };
  gboolean ok;

  cut_template (tmpl, &cut);
  ok = add_cut (self, tmpl, &cut, error);
  cut_clear (&cut);
  return ok;
}

gboolean
herald_l10n_extract_template (HeraldTemplate *tmpl, HeraldPoCatalog *pot, GError **error)
{
  Extraction extraction;
  gboolean ok;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), FALSE);
  g_return_val_if_fail (HERALD_IS_PO_CATALOG (pot), FALSE);

  extraction_init (&extraction, pot);
  ok = extract_template (&extraction, tmpl, error);
  extraction_finish (&extraction);
  return ok;
}

/* Cutting a template is independent of the others: in a large library every core cuts
 * templates, taken in order one at a time, while this thread adds them to the catalogue in
 * order as they are ready. */
typedef struct
{
  HeraldLibrary *library;
  Cut *cuts;
  gboolean *ready;
  guint n;
  gint next; /* the next template to cut, taken atomically */
  GMutex lock;
  GCond cond;
} CutQueue;

static gpointer
cut_worker (gpointer data)
{
  CutQueue *queue = data;
  guint i;

  while ((i = (guint) g_atomic_int_add (&queue->next, 1)) < queue->n)
    {
      g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (queue->library), i);

      cut_template (tmpl, &queue->cuts[i]);
      g_mutex_lock (&queue->lock);
      queue->ready[i] = TRUE;
      g_cond_broadcast (&queue->cond);
      g_mutex_unlock (&queue->lock);
    }
  return NULL;
}

static gboolean
extract_in_parallel (Extraction *self, HeraldLibrary *library, guint n_threads, GError **error)
{
  CutQueue queue = { 0 };
  GThread *threads[8];
  gboolean ok = TRUE;

  queue.library = library;
  queue.n = g_list_model_get_n_items (G_LIST_MODEL (library));
  queue.cuts = g_new0 (Cut, queue.n);
  queue.ready = g_new0 (gboolean, queue.n);
  g_mutex_init (&queue.lock);
  g_cond_init (&queue.cond);

  /* libxml2 must set up its globals once, on one thread. */
  xmlInitParser ();
  for (guint t = 0; t < n_threads; t++)
    threads[t] = g_thread_new ("herald-extract", cut_worker, &queue);

  for (guint i = 0; i < queue.n; i++)
    {
      g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (library), i);

      g_mutex_lock (&queue.lock);
      while (!queue.ready[i])
        g_cond_wait (&queue.cond, &queue.lock);
      g_mutex_unlock (&queue.lock);
      ok = add_cut (self, tmpl, &queue.cuts[i], error);
      cut_clear (&queue.cuts[i]);
      if (!ok)
        {
          /* Nothing more is taken; what is being cut finishes. */
          g_atomic_int_set (&queue.next, (gint) queue.n);
          break;
        }
    }

  for (guint t = 0; t < n_threads; t++)
    g_thread_join (threads[t]);
  for (guint i = 0; i < queue.n; i++)
    cut_clear (&queue.cuts[i]);
  g_free (queue.cuts);
  g_free (queue.ready);
  g_mutex_clear (&queue.lock);
  g_cond_clear (&queue.cond);
  return ok;
}

HeraldPoCatalog *
herald_l10n_extract_library (HeraldLibrary *library, GError **error)
{
  g_autoptr (HeraldPoCatalog) pot = herald_po_catalog_new ();
  g_autoptr (HeraldPluralForms) forms = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M%z");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (library));
  guint n_threads = MIN (g_get_num_processors (), 8);
  Extraction extraction;
  gboolean ok = TRUE;

  forms = herald_plural_forms_for_language (herald_library_get_source_locale (library));
  herald_po_catalog_set_header_field (pot, "Project-Id-Version", herald_library_get_name (library));
  herald_po_catalog_set_header_field (pot, "POT-Creation-Date", date);
  /* The source language's rule: msgfmt --check refuses the usual placeholder. */
  herald_po_catalog_set_header_field (pot, "Plural-Forms", herald_plural_forms_get_header (forms));

  extraction_init (&extraction, pot);
  if (n_threads >= 2 && n >= 16)
    ok = extract_in_parallel (&extraction, library, n_threads, error);
  else
    for (guint i = 0; ok && i < n; i++)
      {
        g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (library), i);

        ok = extract_template (&extraction, tmpl, error);
      }
  extraction_finish (&extraction);

  return ok ? g_steal_pointer (&pot) : NULL;
}

char *
herald_l10n_dup_pot_path (HeraldLibrary *library)
{
  g_autofree char *po_dir = herald_library_dup_po_directory (library);
  g_autofree char *folder = g_path_get_basename (herald_library_get_directory (library));
  g_autofree char *file = g_strconcat (folder, ".pot", NULL);

  return g_build_filename (po_dir, file, NULL);
}

/* NULL for a name that is not a locale's: "../../x" would lead out of the library. */
char *
herald_l10n_dup_po_path (HeraldLibrary *library, const char *locale)
{
  g_autofree char *po_dir = herald_library_dup_po_directory (library);
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (!herald_locale_name_is_valid (locale))
    return NULL;
  file = g_strconcat (locale, ".po", NULL);
  path = g_build_filename (po_dir, file, NULL);
  if (!herald_path_is_inside (path, po_dir))
    return NULL;
  return g_steal_pointer (&path);
}

GStrv
herald_l10n_dup_locales (HeraldLibrary *library)
{
  const char *const *targets = herald_library_get_target_locales (library);
  g_autofree char *po_dir = NULL;
  g_autofree char *linguas_path = NULL;
  g_autofree char *linguas = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;
  g_auto (GStrv) lines = NULL;

  if (targets != NULL && targets[0] != NULL)
    return g_strdupv ((char **) targets);

  builder = g_strv_builder_new ();
  po_dir = herald_library_dup_po_directory (library);
  linguas_path = g_build_filename (po_dir, "LINGUAS", NULL);
  linguas = herald_file_read_library_text (linguas_path, HERALD_FILE_MAX_CATALOG, NULL, NULL);
  if (linguas != NULL)
    {
      lines = g_strsplit_set (linguas, " \t\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '\0' && lines[i][0] != '#')
          g_strv_builder_add (builder, lines[i]);
    }
  return g_strv_builder_end (builder);
}

/* herald.json's locales are checked when the library loads, so a bad name here comes from
 * po/LINGUAS or from the caller (the command line). */
static gboolean
check_locale (HeraldLibrary *library, const char *locale, GError **error)
{
  g_auto (GStrv) locales = NULL;
  g_autofree char *po_dir = NULL;
  g_autofree char *linguas = NULL;
  g_autofree char *path = herald_l10n_dup_po_path (library, locale);

  /* A name and the path made of it, both checked. */
  if (path != NULL)
    return TRUE;

  locales = herald_l10n_dup_locales (library);
  if (g_strv_contains ((const char *const *) locales, locale) &&
      herald_library_get_target_locales (library)[0] == NULL)
    {
      po_dir = herald_library_dup_po_directory (library);
      linguas = g_build_filename (po_dir, "LINGUAS", NULL);
      g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_LOCALE,
                   _ ("%s: “%s” is not a locale name; write locales like pt-BR, zh-Hant or pt_BR"),
                   linguas, locale);
      return FALSE;
    }

  g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_LOCALE,
               _ ("“%s” is not a locale name; write locales like pt-BR, zh-Hant or pt_BR"), locale);
  return FALSE;
}

/* The header's creation-date line of a catalogue's text: its start, and its end (after
 * its newline); NULL when there is none. */
static const char *
find_creation_date (const char *contents, const char **line_end)
{
  const char *line = g_str_has_prefix (contents, "\"POT-Creation-Date:")
                         ? contents
                         : strstr (contents, "\n\"POT-Creation-Date:");
  const char *newline;

  if (line == NULL)
    return NULL;
  if (line != contents)
    line++;
  newline = strchr (line, '\n');
  *line_end = newline != NULL ? newline + 1 : line + strlen (line);
  return line;
}

/* Whether two catalogues' texts differ at most in their creation date. */
static gboolean
same_but_creation_date (const char *a, const char *b)
{
  const char *a_end = NULL;
  const char *b_end = NULL;
  const char *a_line = find_creation_date (a, &a_end);
  const char *b_line = find_creation_date (b, &b_end);

  if (a_line == NULL || b_line == NULL)
    return a_line == b_line && g_str_equal (a, b);
  return a_line - a == b_line - b && strncmp (a, b, a_line - a) == 0 && g_str_equal (a_end, b_end);
}

/* Adds catalog's text for path to batch, unless only the extraction date would change: then
 * the file is left alone, so that running update-po on an unchanged library changes
 * nothing under version control. Either way *new_path names a file that holds the new
 * text until the commit (the temporary, or path itself). */
static gboolean
add_catalog (HeraldFileBatch *batch,
             HeraldPoCatalog *catalog,
             const char *path,
             char **new_path,
             GError **error)
{
  const char *written =
      herald_po_catalog_add_to_batch (catalog, batch, path, same_but_creation_date, error);

  if (written == NULL)
    return FALSE;
  if (new_path != NULL)
    *new_path = g_strdup (written);
  return TRUE;
}

/* The .pot's new text in batch; *pot_path is where it can be read before the commit. */
static gboolean
add_pot (HeraldLibrary *library, HeraldFileBatch *batch, char **pot_path, GError **error)
{
  g_autoptr (HeraldPoCatalog) pot = herald_l10n_extract_library (library, error);
  g_autofree char *path = NULL;
  g_autofree char *po_dir = NULL;

  if (pot == NULL)
    return FALSE;
  po_dir = herald_library_dup_po_directory (library);
  if (g_mkdir_with_parents (po_dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_PO_WRITE,
                   _ ("The folder “%s” cannot be created: %s"), po_dir, g_strerror (saved_errno));
      return FALSE;
    }
  path = herald_l10n_dup_pot_path (library);
  return add_catalog (batch, pot, path, pot_path, error);
}

gboolean
herald_l10n_write_pot (HeraldLibrary *library, char **pot_path, GError **error)
{
  g_autoptr (HeraldFileBatch) batch = herald_file_batch_new ();

  if (!add_pot (library, batch, NULL, error) || !herald_file_batch_commit (batch, error))
    return FALSE;
  if (pot_path != NULL)
    *pot_path = herald_l10n_dup_pot_path (library);
  return TRUE;
}

HeraldPoCatalog *
herald_l10n_load_catalog (HeraldLibrary *library, const char *locale, GError **error)
{
  g_autofree char *path = NULL;
  HeraldPoCatalog *catalog;

  if (!check_locale (library, locale, error))
    return NULL;
  path = herald_l10n_dup_po_path (library, locale);
  catalog = herald_po_catalog_load (path, error);

  if (catalog != NULL && herald_po_catalog_get_locale (catalog) == NULL)
    herald_po_catalog_set_locale (catalog, locale);
  return catalog;
}

/* Every new text is written before any file is replaced, so that a failure (a full disk, a
 * catalogue that cannot be read) leaves the .pot and every .po as they were. */
gboolean
herald_l10n_update_po (HeraldLibrary *library, const char *const *locales, GError **error)
{
  g_autoptr (HeraldFileBatch) batch = herald_file_batch_new ();
  g_auto (GStrv) all_locales = NULL;
  g_autofree char *pot_path = NULL;
  g_autoptr (HeraldPoCatalog) pot = NULL;

  if (locales == NULL || locales[0] == NULL)
    {
      all_locales = herald_l10n_dup_locales (library);
      locales = (const char *const *) all_locales;
    }
  /* All names are checked before any file is written. */
  for (guint i = 0; locales[i] != NULL; i++)
    if (!check_locale (library, locales[i], error))
      return FALSE;

  if (!add_pot (library, batch, &pot_path, error))
    return FALSE;
  pot = herald_po_catalog_load (pot_path, error);
  if (pot == NULL)
    return FALSE;

  for (guint i = 0; locales[i] != NULL; i++)
    {
      g_autofree char *path = herald_l10n_dup_po_path (library, locales[i]);
      g_autoptr (HeraldPoCatalog) po = NULL;
      g_autoptr (HeraldPoCatalog) merged = NULL;

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          po = herald_po_catalog_load (path, error);
          if (po == NULL)
            return FALSE;
          merged = herald_po_merge (po, pot);
        }
      else
        {
          merged = herald_po_new_for_locale (pot, locales[i]);
        }
      if (!add_catalog (batch, merged, path, NULL, error))
        return FALSE;
    }

  return herald_file_batch_commit (batch, error);
}

gboolean
herald_l10n_count_template (HeraldTemplate *tmpl,
                            HeraldPoCatalog *catalog,
                            HeraldL10nCounts *counts,
                            GError **error)
{
  g_autoptr (HeraldLocalizedTemplate) localized = NULL;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), FALSE);
  g_return_val_if_fail (HERALD_IS_PO_CATALOG (catalog), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  localized = herald_localize_template (tmpl, catalog, NULL, error);
  if (localized == NULL)
    return FALSE;
  *counts = *herald_localized_template_get_counts (localized);
  return TRUE;
}

HeraldLocalizedTemplate *
herald_l10n_localize (HeraldLibrary *library,
                      HeraldTemplate *tmpl,
                      const char *locale,
                      GPtrArray *diagnostics,
                      GError **error)
{
  g_autoptr (HeraldPoCatalog) catalog = NULL;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);

  if (locale != NULL && herald_is_pseudo_locale (locale))
    return herald_localize_template_pseudo (tmpl, diagnostics, error);

  if (locale != NULL && g_strcmp0 (locale, herald_library_get_source_locale (library)) != 0)
    {
      catalog = herald_l10n_load_catalog (library, locale, error);
      if (catalog == NULL)
        return NULL;
    }

  return herald_localize_template (tmpl, catalog, diagnostics, error);
}

GPtrArray *
herald_l10n_lint_locale (HeraldLibrary *library,
                         HeraldTemplate *tmpl,
                         const char *locale,
                         GError **error)
{
  g_autoptr (HeraldPoCatalog) catalog = NULL;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (locale != NULL, NULL);

  catalog = herald_l10n_load_catalog (library, locale, error);
  if (catalog == NULL)
    return NULL;
  /* Translation findings repeat for every scenario: kept once, and the per-scenario ones
   * (sizes) for each scenario. */
  return herald_l10n_lint_template_scenarios (tmpl, catalog, herald_template_get_scenarios (tmpl),
                                              error);
}
