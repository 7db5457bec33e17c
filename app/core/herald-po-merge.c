/* herald-po-merge.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-po-merge"

#include "config.h"

#include <string.h>

#include "herald-plural.h"
#include "herald-po-merge.h"

/* msgmerge's FUZZY_THRESHOLD. */
#define FUZZY_THRESHOLD 0.6

double
herald_po_similarity (const char *a, const char *b, double lower_bound)
{
  gsize n = strlen (a);
  gsize m = strlen (b);
  g_autofree guint *previous = NULL;
  g_autofree guint *current = NULL;

  if (n + m == 0)
    return 1.0;
  /* The common part cannot be longer than the shorter string. */
  if (2.0 * MIN (n, m) / (n + m) < lower_bound)
    return 0.0;

  previous = g_new0 (guint, m + 1);
  current = g_new0 (guint, m + 1);
  for (gsize i = 1; i <= n; i++)
    {
      guint *swap;

      for (gsize j = 1; j <= m; j++)
        {
          if (a[i - 1] == b[j - 1])
            current[j] = previous[j - 1] + 1;
          else
            current[j] = MAX (previous[j], current[j - 1]);
        }
      swap = previous;
      previous = current;
      current = swap;
    }

  return 2.0 * previous[m] / (n + m);
}

static gboolean
has_translation (const HeraldPoEntry *entry)
{
  for (guint i = 0; entry->msgstr && entry->msgstr[i]; i++)
    if (entry->msgstr[i][0] != '\0')
      return TRUE;
  return FALSE;
}

/* The definition's msgstr in the shape of the new entry (singular or n plural forms). */
static char **
adapt_msgstr (const HeraldPoEntry *definition, const HeraldPoEntry *reference, guint n_plurals)
{
  GPtrArray *forms = g_ptr_array_new ();
  guint n_have = definition->msgstr ? g_strv_length (definition->msgstr) : 0;

  if (reference->msgid_plural == NULL)
    {
      g_ptr_array_add (forms, g_strdup (n_have > 0 ? definition->msgstr[0] : ""));
    }
  else
    {
      guint n_want = MAX (n_plurals, 1);

      for (guint i = 0; i < n_want; i++)
        {
          const char *form = i < n_have ? definition->msgstr[i] : "";

          /* A singular translation stands for every plural form, as msgmerge does. */
          if (definition->msgid_plural == NULL && n_have > 0)
            form = definition->msgstr[0];
          g_ptr_array_add (forms, g_strdup (form));
        }
    }
  g_ptr_array_add (forms, NULL);
  return (char **) g_ptr_array_free (forms, FALSE);
}

static const HeraldPoEntry *
find_exact (HeraldPoCatalog *po, const HeraldPoEntry *wanted)
{
  const HeraldPoEntry *found = herald_po_catalog_find (po, wanted->msgctxt, wanted->msgid);
  guint n = herald_po_catalog_get_n_entries (po);

  if (found != NULL)
    return found;
  for (guint i = 0; i < n; i++)
    {
      const HeraldPoEntry *entry = herald_po_catalog_get_entry (po, i);

      if (entry->obsolete && g_strcmp0 (entry->msgctxt, wanted->msgctxt) == 0 &&
          g_str_equal (entry->msgid, wanted->msgid))
        return entry;
    }
  return NULL;
}

static const HeraldPoEntry *
find_similar (HeraldPoCatalog *po, const HeraldPoEntry *wanted)
{
  const HeraldPoEntry *best = NULL;
  double best_weight = FUZZY_THRESHOLD;
  guint n = herald_po_catalog_get_n_entries (po);

  for (guint i = 0; i < n; i++)
    {
      const HeraldPoEntry *entry = herald_po_catalog_get_entry (po, i);
      double weight;

      if (entry->obsolete || !has_translation (entry))
        continue;
      weight = herald_po_similarity (wanted->msgid, entry->msgid, best_weight);
      /* Entries of the same context come first on a tie. */
      if (g_strcmp0 (entry->msgctxt, wanted->msgctxt) != 0)
        weight *= 0.99;
      if (weight > best_weight || (best == NULL && weight >= FUZZY_THRESHOLD))
        {
          best = entry;
          best_weight = weight;
        }
    }
  return best;
}

static guint
n_plurals_of (HeraldPoCatalog *po)
{
  HeraldPluralForms *forms = herald_po_catalog_get_plural_forms (po, NULL);

  return forms ? herald_plural_forms_get_n_plurals (forms) : 2;
}

HeraldPoCatalog *
herald_po_merge (HeraldPoCatalog *po, HeraldPoCatalog *pot)
{
  HeraldPoCatalog *merged = herald_po_catalog_new ();
  g_autoptr (GHashTable) used = g_hash_table_new (NULL, NULL);
  g_autofree char *creation_date = herald_po_catalog_dup_header_field (pot, "POT-Creation-Date");
  guint n_plurals = n_plurals_of (po);
  guint n;

  g_return_val_if_fail (HERALD_IS_PO_CATALOG (po), NULL);
  g_return_val_if_fail (HERALD_IS_PO_CATALOG (pot), NULL);

  herald_po_catalog_set_header (merged, herald_po_catalog_get_header (po));
  herald_po_catalog_set_locale (merged, herald_po_catalog_get_locale (po));
  if (creation_date != NULL)
    herald_po_catalog_set_header_field (merged, "POT-Creation-Date", creation_date);

  n = herald_po_catalog_get_n_entries (pot);
  for (guint i = 0; i < n; i++)
    {
      const HeraldPoEntry *reference = herald_po_catalog_get_entry (pot, i);
      const HeraldPoEntry *definition;
      HeraldPoEntry *entry;

      if (reference->obsolete)
        continue;

      entry = herald_po_entry_copy (reference);
      g_clear_pointer (&entry->translator_comments, g_free);
      entry->fuzzy = FALSE;
      definition = find_exact (po, reference);
      if (definition != NULL)
        {
          entry->fuzzy = definition->fuzzy ||
                         g_strcmp0 (definition->msgid_plural, reference->msgid_plural) != 0;
        }
      else
        {
          definition = find_similar (po, reference);
          entry->fuzzy = definition != NULL;
        }

      if (definition != NULL)
        {
          g_hash_table_add (used, (gpointer) definition);
          g_strfreev (entry->msgstr);
          entry->msgstr = adapt_msgstr (definition, reference, n_plurals);
          entry->translator_comments = g_strdup (definition->translator_comments);
          if (!has_translation (entry))
            entry->fuzzy = FALSE;
        }
      else if (reference->msgid_plural != NULL)
        {
          g_strfreev (entry->msgstr);
          entry->msgstr = adapt_msgstr (reference, reference, n_plurals);
        }
      herald_po_catalog_add_entry (merged, entry);
    }

  n = herald_po_catalog_get_n_entries (po);
  for (guint i = 0; i < n; i++)
    {
      const HeraldPoEntry *old = herald_po_catalog_get_entry (po, i);
      HeraldPoEntry *entry;

      if (g_hash_table_contains (used, old) || !has_translation (old))
        continue;
      entry = herald_po_entry_copy (old);
      entry->obsolete = TRUE;
      g_clear_pointer (&entry->references, g_strfreev);
      g_clear_pointer (&entry->extracted_comments, g_free);
      herald_po_catalog_add_entry (merged, entry);
    }

  return merged;
}

HeraldPoCatalog *
herald_po_new_for_locale (HeraldPoCatalog *pot, const char *locale)
{
  g_autoptr (HeraldPoCatalog) empty = herald_po_catalog_new ();
  g_autoptr (HeraldPluralForms) forms = herald_plural_forms_for_language (locale);
  g_autofree char *language = g_strdup (locale);
  g_autofree char *project = herald_po_catalog_dup_header_field (pot, "Project-Id-Version");

  g_strdelimit (language, "-", '_');
  herald_po_catalog_set_header (empty, "");
  herald_po_catalog_set_header_field (empty, "Project-Id-Version", project ? project : "");
  herald_po_catalog_set_header_field (empty, "Language", language);
  herald_po_catalog_set_header_field (empty, "MIME-Version", "1.0");
  herald_po_catalog_set_header_field (empty, "Content-Type", "text/plain; charset=UTF-8");
  herald_po_catalog_set_header_field (empty, "Content-Transfer-Encoding", "8bit");
  herald_po_catalog_set_header_field (empty, "Plural-Forms",
                                      herald_plural_forms_get_header (forms));
  herald_po_catalog_set_locale (empty, locale);

  return herald_po_merge (empty, pot);
}
