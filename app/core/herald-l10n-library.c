/* herald-l10n-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-l10n-library"

#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <string.h>

#include "herald-extractor.h"
#include "herald-file-util.h"
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

  if (unit->part == HERALD_PART_SUBJECT || unit->part == HERALD_PART_PREHEADER)
    return g_strdup_printf ("templates/%s/%s", id, file);
  return g_strdup_printf ("templates/%s/%s:%u", id, file, unit->line);
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

static gboolean
extract_template (Extraction *self, HeraldTemplate *tmpl, GError **error)
{
  for (guint part = HERALD_PART_SUBJECT; part <= HERALD_PART_TEXT; part++)
    {
      const char *source = herald_template_get_part (tmpl, part);
      g_autoptr (GPtrArray) units = NULL;
      g_autoptr (GError) local_error = NULL;

      if (source == NULL)
        continue;
      units = herald_extract_part_cached (source, part, &local_error);
      if (units == NULL)
        {
          g_set_error (error, HERALD_L10N_ERROR, HERALD_L10N_ERROR_TEMPLATE, "Template “%s”: %s",
                       herald_template_get_id (tmpl), local_error->message);
          return FALSE;
        }
      for (guint i = 0; i < units->len; i++)
        add_unit (self, tmpl, g_ptr_array_index (units, i));
    }
  return TRUE;
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

typedef struct
{
  GPtrArray *sources; /* char *, HeraldPart as a pointer, alternating */
  guint first;
  guint step;
} Warmup;

static gpointer
warm_up (gpointer data)
{
  Warmup *warmup = data;

  for (guint i = warmup->first * 2; i < warmup->sources->len; i += warmup->step * 2)
    {
      GPtrArray *units = herald_extract_part_cached (
          warmup->sources->pdata[i], GPOINTER_TO_UINT (warmup->sources->pdata[i + 1]), NULL);

      if (units != NULL)
        g_ptr_array_unref (units);
    }
  return NULL;
}

/* Cutting a template is independent of the others: a large library is cut on every core
 * into the units cache, then assembled in order (a template that fails is cut again there
 * and reports its error). */
static void
extract_in_parallel (HeraldLibrary *library)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (library));
  guint n_threads = MIN (g_get_num_processors (), 8);
  g_autoptr (GPtrArray) templates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) sources = g_ptr_array_new ();
  Warmup warmups[8];
  GThread *threads[8];

  if (n_threads < 2 || n < 16)
    return;

  /* libxml2 must set up its globals once, on one thread. */
  xmlInitParser ();
  for (guint i = 0; i < n; i++)
    {
      HeraldTemplate *tmpl = g_list_model_get_item (G_LIST_MODEL (library), i);

      g_ptr_array_add (templates, tmpl);
      for (guint part = HERALD_PART_SUBJECT; part <= HERALD_PART_TEXT; part++)
        if (herald_template_get_part (tmpl, part) != NULL)
          {
            g_ptr_array_add (sources, (gpointer) herald_template_get_part (tmpl, part));
            g_ptr_array_add (sources, GUINT_TO_POINTER (part));
          }
    }

  for (guint t = 0; t < n_threads; t++)
    {
      warmups[t].sources = sources;
      warmups[t].first = t;
      warmups[t].step = n_threads;
      threads[t] = g_thread_new ("herald-extract", warm_up, &warmups[t]);
    }
  for (guint t = 0; t < n_threads; t++)
    g_thread_join (threads[t]);
}

HeraldPoCatalog *
herald_l10n_extract_library (HeraldLibrary *library, GError **error)
{
  g_autoptr (HeraldPoCatalog) pot = herald_po_catalog_new ();
  g_autoptr (HeraldPluralForms) forms = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M%z");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (library));
  Extraction extraction;
  gboolean ok = TRUE;

  forms = herald_plural_forms_for_language (herald_library_get_source_locale (library));
  herald_po_catalog_set_header_field (pot, "Project-Id-Version", herald_library_get_name (library));
  herald_po_catalog_set_header_field (pot, "POT-Creation-Date", date);
  /* The source language's rule: msgfmt --check refuses the usual placeholder. */
  herald_po_catalog_set_header_field (pot, "Plural-Forms", herald_plural_forms_get_header (forms));

  extract_in_parallel (library);
  extraction_init (&extraction, pot);
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

char *
herald_l10n_dup_po_path (HeraldLibrary *library, const char *locale)
{
  g_autofree char *po_dir = herald_library_dup_po_directory (library);
  g_autofree char *file = g_strconcat (locale, ".po", NULL);

  return g_build_filename (po_dir, file, NULL);
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
  if (g_file_get_contents (linguas_path, &linguas, NULL, NULL))
    {
      lines = g_strsplit_set (linguas, " \t\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '\0' && lines[i][0] != '#')
          g_strv_builder_add (builder, lines[i]);
    }
  return g_strv_builder_end (builder);
}

static char *
without_creation_date (const char *contents)
{
  g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "\"POT-Creation-Date:"))
      g_string_append_printf (out, "%s\n", lines[i]);
  return g_string_free (out, FALSE);
}

/* A file whose only change would be the extraction date is left alone, so that running
 * update-po on an unchanged library changes nothing under version control. */
static gboolean
write_catalog (HeraldPoCatalog *catalog, const char *path, GError **error)
{
  g_autofree char *contents = herald_po_catalog_to_data (catalog, error);
  g_autofree char *existing = NULL;

  if (contents == NULL)
    return FALSE;
  if (g_file_get_contents (path, &existing, NULL, NULL))
    {
      g_autofree char *old_text = without_creation_date (existing);
      g_autofree char *new_text = without_creation_date (contents);

      if (g_str_equal (old_text, new_text))
        return TRUE;
    }
  return herald_file_write_atomic (path, contents, -1, error);
}

gboolean
herald_l10n_write_pot (HeraldLibrary *library, char **pot_path, GError **error)
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
                   "The folder “%s” cannot be created: %s", po_dir, g_strerror (saved_errno));
      return FALSE;
    }
  path = herald_l10n_dup_pot_path (library);
  if (!write_catalog (pot, path, error))
    return FALSE;
  if (pot_path != NULL)
    *pot_path = g_steal_pointer (&path);
  return TRUE;
}

HeraldPoCatalog *
herald_l10n_load_catalog (HeraldLibrary *library, const char *locale, GError **error)
{
  g_autofree char *path = herald_l10n_dup_po_path (library, locale);
  HeraldPoCatalog *catalog = herald_po_catalog_load (path, error);

  if (catalog != NULL && herald_po_catalog_get_locale (catalog) == NULL)
    herald_po_catalog_set_locale (catalog, locale);
  return catalog;
}

gboolean
herald_l10n_update_po (HeraldLibrary *library, const char *const *locales, GError **error)
{
  g_auto (GStrv) all_locales = NULL;
  g_autofree char *pot_path = NULL;
  g_autoptr (HeraldPoCatalog) pot = NULL;

  if (!herald_l10n_write_pot (library, &pot_path, error))
    return FALSE;
  pot = herald_po_catalog_load (pot_path, error);
  if (pot == NULL)
    return FALSE;

  if (locales == NULL || locales[0] == NULL)
    {
      all_locales = herald_l10n_dup_locales (library);
      locales = (const char *const *) all_locales;
    }

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
      if (!write_catalog (merged, path, error))
        return FALSE;
    }

  return TRUE;
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
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *scenarios = herald_template_get_scenarios (tmpl);
  guint n = g_list_model_get_n_items (scenarios);

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (locale != NULL, NULL);

  catalog = herald_l10n_load_catalog (library, locale, error);
  if (catalog == NULL)
    return NULL;

  /* Translation findings repeat for every scenario; keep them once, and the per-scenario
   * ones (sizes) for each scenario. */
  for (guint i = 0; i < MAX (n, 1); i++)
    {
      g_autoptr (HeraldScenario) scenario = n > 0 ? g_list_model_get_item (scenarios, i) : NULL;
      g_autoptr (GPtrArray) found = herald_l10n_lint_template (tmpl, catalog, scenario, error);

      if (found == NULL)
        return NULL;
      for (guint j = 0; j < found->len; j++)
        {
          HeraldDiagnostic *diagnostic = g_ptr_array_index (found, j);

          if (i > 0 && herald_diagnostic_get_scenario_id (diagnostic) == NULL)
            continue;
          g_ptr_array_add (all, g_object_ref (diagnostic));
        }
    }

  return g_steal_pointer (&all);
}
