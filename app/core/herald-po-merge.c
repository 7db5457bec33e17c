/* herald-po-merge.c
 *
 * The choices follow GNU gettext 0.21's msgmerge (msgmerge.c: match_domain, message_merge;
 * msgl-fsearch.c: the fuzzy index; message.c: fuzzy_search_goal_function) so that a
 * translator sees the same fuzzy suggestions whichever tool brought the file up to date.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-po-merge"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "herald-plural.h"
#include "herald-po-merge.h"

/* msgmerge's FUZZY_THRESHOLD: a suggestion must be at least this similar. */
#define FUZZY_THRESHOLD 0.6

/* A msgid of fewer than 4 characters has no 4-gram. It is compared with every translated
 * msgid whose length in bytes could still reach the threshold: 2 × l1 / (l1 + l2) ≥ 0.6.
 * A character is at most 4 bytes, so such lengths stay under (3 × 4) × (2 / 0.6 − 1). */
#define SHORT_STRING_MAX_BYTES (3 * 4)
#define SHORT_MSG_MAX 28

/* msgmerge prefers, by this much, a suggestion without a context or with the same one. */
#define SAME_CONTEXT_BONUS 0.00001

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

  /* fstrcmp's (n + m − edits) / (n + m), where a shortest edit script has
   * n + m − 2 × (longest common subsequence) insertions and deletions. */
  return (double) (2 * (gsize) previous[m]) / (double) (n + m);
}

/* What msgmerge counts as translated when it looks for suggestions and keeps obsolete
 * entries: the first form is not empty. */
static gboolean
first_form_translated (const HeraldPoEntry *entry)
{
  return entry->msgstr != NULL && entry->msgstr[0] != NULL && entry->msgstr[0][0] != '\0';
}

/* Fuzzy search */

typedef struct
{
  HeraldPoCatalog *po;
  GHashTable *gram4;                         /* 4-gram → GArray of entry indices, ascending */
  GArray *short_messages[SHORT_MSG_MAX + 1]; /* by msgid length in bytes: entry indices */
} FuzzyIndex;

static void
fuzzy_index_add_grams (FuzzyIndex *index, const char *msgid, guint position)
{
  const char *p0 = msgid;

  if (g_utf8_strlen (msgid, -1) < 4)
    return;
  for (;;)
    {
      const char *p4 = g_utf8_offset_to_pointer (p0, 4);
      g_autofree char *gram = g_strndup (p0, p4 - p0);
      GArray *list = g_hash_table_lookup (index->gram4, gram);

      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (index->gram4, g_steal_pointer (&gram), list);
        }
      if (list->len == 0 || g_array_index (list, guint, list->len - 1) != position)
        g_array_append_val (list, position);
      if (*p4 == '\0')
        break;
      p0 = g_utf8_next_char (p0);
    }
}

/* Every entry with a translation, obsolete and fuzzy ones included, as msgmerge's index. */
static FuzzyIndex *
fuzzy_index_new (HeraldPoCatalog *po)
{
  FuzzyIndex *index = g_new0 (FuzzyIndex, 1);
  guint n = herald_po_catalog_get_n_entries (po);

  index->po = po;
  index->gram4 =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  for (guint l = 0; l <= SHORT_MSG_MAX; l++)
    index->short_messages[l] = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      const HeraldPoEntry *entry = herald_po_catalog_get_entry (po, i);
      gsize length = strlen (entry->msgid);

      if (!first_form_translated (entry))
        continue;
      fuzzy_index_add_grams (index, entry->msgid, i);
      if (length <= SHORT_MSG_MAX)
        g_array_append_val (index->short_messages[length], i);
    }
  return index;
}

static void
fuzzy_index_free (FuzzyIndex *index)
{
  if (index == NULL)
    return;
  g_hash_table_unref (index->gram4);
  for (guint l = 0; l <= SHORT_MSG_MAX; l++)
    g_array_unref (index->short_messages[l]);
  g_free (index);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FuzzyIndex, fuzzy_index_free)

/* message.c's fuzzy_search_goal_function. */
static double
goal (const HeraldPoEntry *candidate, const char *msgctxt, const char *msgid, double lower_bound)
{
  double bonus = 0.0;
  /* As msgmerge, keep no excess precision before the comparison. */
  volatile double weight;

  if (candidate->msgctxt == NULL || g_strcmp0 (msgctxt, candidate->msgctxt) == 0)
    {
      bonus = SAME_CONTEXT_BONUS;
      lower_bound -= bonus * 1.01;
    }
  weight = herald_po_similarity (msgid, candidate->msgid, lower_bound);
  weight += bonus;
  return weight;
}

typedef struct
{
  guint position;
  guint count;
} Candidate;

static int
compare_candidates (gconstpointer a, gconstpointer b)
{
  const Candidate *x = a;
  const Candidate *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return x->position < y->position ? -1 : x->position > y->position;
}

/* The entries sharing a 4-gram with msgid, most shared 4-grams first, then in file order:
 * a later candidate wins only when strictly better, so this order settles ties. */
static GArray *
candidates_sharing_grams (FuzzyIndex *index, const char *msgid)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (NULL, NULL);
  GArray *candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  GHashTableIter iter;
  gpointer key, value;

  for (const char *p0 = msgid;; p0 = g_utf8_next_char (p0))
    {
      const char *p4 = g_utf8_offset_to_pointer (p0, 4);
      g_autofree char *gram = g_strndup (p0, p4 - p0);
      GArray *list = g_hash_table_lookup (index->gram4, gram);

      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          gpointer position = GUINT_TO_POINTER (g_array_index (list, guint, i) + 1);

          g_hash_table_insert (
              counts, position,
              GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, position)) + 1));
        }
      if (*p4 == '\0')
        break;
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Candidate candidate = { GPOINTER_TO_UINT (key) - 1, GPOINTER_TO_UINT (value) };

      g_array_append_val (candidates, candidate);
    }
  g_array_sort (candidates, compare_candidates);
  return candidates;
}

/* msgl-fsearch.c's message_fuzzy_index_search, without the heuristic cut, as msgmerge calls
 * it: every candidate sharing a 4-gram is weighed, never the others. */
static const HeraldPoEntry *
fuzzy_index_search (FuzzyIndex *index, const char *msgctxt, const char *msgid)
{
  const HeraldPoEntry *best = NULL;
  double best_weight = FUZZY_THRESHOLD;

  if (g_utf8_strlen (msgid, -1) >= 4)
    {
      g_autoptr (GArray) candidates = candidates_sharing_grams (index, msgid);

      for (guint i = 0; i < candidates->len; i++)
        {
          const HeraldPoEntry *entry = herald_po_catalog_get_entry (
              index->po, g_array_index (candidates, Candidate, i).position);
          double weight = goal (entry, msgctxt, msgid, best_weight);

          if (weight > best_weight)
            {
              best_weight = weight;
              best = entry;
            }
        }
    }
  else
    {
      gsize length = strlen (msgid);
      double ratio = 2 / FUZZY_THRESHOLD - 1;
      double lower = length / ratio;
      gsize lmin = (gsize) lower + ((double) (gsize) lower < lower ? 1 : 0);
      gsize lmax = (gsize) (length * ratio);

      g_assert (length <= SHORT_STRING_MAX_BYTES && lmax <= SHORT_MSG_MAX);
      for (gsize l = lmin; l <= lmax; l++)
        for (guint i = 0; i < index->short_messages[l]->len; i++)
          {
            const HeraldPoEntry *entry = herald_po_catalog_get_entry (
                index->po, g_array_index (index->short_messages[l], guint, i));
            double weight = goal (entry, msgctxt, msgid, best_weight);

            if (weight > best_weight)
              {
                best_weight = weight;
                best = entry;
              }
          }
    }
  return best;
}

/* Entries */

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

static char **
empty_forms (guint n)
{
  char **forms = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    forms[i] = g_strdup ("");
  return forms;
}

/* "c-format" or "possible-c-format": msgmerge's possible_format_p. */
static gboolean
is_possible_format (const char *flag)
{
  return g_str_has_suffix (flag, "-format") && !g_str_has_prefix (flag, "no-") &&
         !g_str_has_prefix (flag, "impossible-");
}

static const char *
format_name (const char *flag)
{
  return g_str_has_prefix (flag, "possible-") ? flag + strlen ("possible-") : flag;
}

static gboolean
marks_possible_format (const HeraldPoEntry *entry, const char *format)
{
  g_autofree char *possible = g_strconcat ("possible-", format, NULL);

  return herald_po_entry_has_flag (entry, format) || herald_po_entry_has_flag (entry, possible);
}

static gboolean
get_range (const HeraldPoEntry *entry, int *min, int *max)
{
  for (guint i = 0; entry->flags != NULL && entry->flags[i] != NULL; i++)
    if (sscanf (entry->flags[i], "range: %d..%d", min, max) == 2)
      return TRUE;
  return FALSE;
}

/* The template newly says the text is a format string: the old translation must still pass
 * msgfmt --check as one, or it needs a translator's look. */
static gboolean
breaks_new_formats (const HeraldPoEntry *merged, const HeraldPoEntry *definition)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) flags = NULL;
  gboolean any = FALSE;

  for (guint i = 0; merged->flags != NULL && merged->flags[i] != NULL; i++)
    {
      const char *flag = merged->flags[i];

      if (is_possible_format (flag))
        {
          if (!marks_possible_format (definition, format_name (flag)))
            {
              g_strv_builder_add (builder, format_name (flag));
              any = TRUE;
            }
        }
      else if (g_str_has_prefix (flag, "range: "))
        {
          g_strv_builder_add (builder, flag);
        }
    }
  if (!any)
    return FALSE;
  flags = g_strv_builder_end (builder);
  return !herald_po_entry_check_format (merged, (const char *const *) flags);
}

/* The definition's range no longer holds for the template's. */
static gboolean
narrows_range (const HeraldPoEntry *reference, const HeraldPoEntry *definition)
{
  int def_min, def_max, ref_min, ref_max;

  if (!get_range (definition, &def_min, &def_max))
    return FALSE;
  return !(get_range (reference, &ref_min, &ref_max) && ref_min >= def_min && ref_max <= def_max);
}

/* msgmerge.c's message_merge and the plural post-processing of match_domain: the template
 * gives the text, references, extracted comments and flags; the translation gives msgstr,
 * translator comments and what the source said when it was right (#| lines). */
static HeraldPoEntry *
merge_entry (const HeraldPoEntry *definition,
             const HeraldPoEntry *reference,
             gboolean force_fuzzy,
             guint n_plurals)
{
  HeraldPoEntry *entry =
      herald_po_entry_new (reference->msgctxt, reference->msgid, reference->msgid_plural);

  g_strfreev (entry->msgstr);
  entry->msgstr = g_strdupv (definition->msgstr);
  if (definition->fuzzy)
    {
      entry->previous_msgctxt = g_strdup (definition->previous_msgctxt);
      entry->previous_msgid = g_strdup (definition->previous_msgid);
      entry->previous_msgid_plural = g_strdup (definition->previous_msgid_plural);
    }
  else
    {
      entry->previous_msgctxt = g_strdup (definition->msgctxt);
      entry->previous_msgid = g_strdup (definition->msgid);
      entry->previous_msgid_plural = g_strdup (definition->msgid_plural);
    }
  entry->translator_comments = g_strdup (definition->translator_comments);
  entry->extracted_comments = g_strdup (reference->extracted_comments);
  entry->references = g_strdupv (reference->references);
  entry->flags = g_strdupv (reference->flags);

  entry->fuzzy = definition->fuzzy || force_fuzzy;
  if (!entry->fuzzy && g_strcmp0 (reference->msgid_plural, definition->msgid_plural) != 0)
    entry->fuzzy = TRUE;
  if (!entry->fuzzy && breaks_new_formats (entry, definition))
    entry->fuzzy = TRUE;
  if (!entry->fuzzy && narrows_range (reference, definition))
    entry->fuzzy = TRUE;

  if (reference->msgid_plural != NULL && definition->msgid_plural == NULL)
    {
      /* A singular translation stands for every plural form, to be checked. */
      const char *form = entry->msgstr && entry->msgstr[0] ? entry->msgstr[0] : "";
      char **forms = g_new0 (char *, n_plurals + 1);

      for (guint i = 0; i < n_plurals; i++)
        forms[i] = g_strdup (form);
      g_strfreev (entry->msgstr);
      entry->msgstr = forms;
      entry->fuzzy = TRUE;
    }
  else if (reference->msgid_plural == NULL && definition->msgid_plural != NULL &&
           entry->msgstr != NULL && g_strv_length (entry->msgstr) > 1)
    {
      /* Only the first plural form is kept for a text that is no longer plural. */
      g_free (entry->msgstr[1]);
      for (guint i = 2; entry->msgstr[i] != NULL; i++)
        g_free (entry->msgstr[i]);
      entry->msgstr[1] = NULL;
      entry->fuzzy = TRUE;
    }
  return entry;
}

/* A template entry nothing in the translation matches. */
static HeraldPoEntry *
untranslated_entry (const HeraldPoEntry *reference, guint n_plurals)
{
  HeraldPoEntry *entry = herald_po_entry_copy (reference);
  gboolean untranslated = TRUE;

  for (guint i = 0; entry->msgstr != NULL && entry->msgstr[i] != NULL; i++)
    untranslated &= entry->msgstr[i][0] == '\0';
  if (entry->msgid_plural != NULL && untranslated)
    {
      g_strfreev (entry->msgstr);
      entry->msgstr = empty_forms (n_plurals);
    }
  return entry;
}

/* What msgmerge writes: previous strings only on fuzzy translations, and no fuzzy mark on an
 * empty translation. */
static void
finish_entry (HeraldPoEntry *entry)
{
  if (!entry->fuzzy || !first_form_translated (entry))
    {
      g_clear_pointer (&entry->previous_msgctxt, g_free);
      g_clear_pointer (&entry->previous_msgid, g_free);
      g_clear_pointer (&entry->previous_msgid_plural, g_free);
    }
  entry->fuzzy = entry->fuzzy && first_form_translated (entry);
}

/* Header */

static const char *const known_fields[] = {
  "Project-Id-Version:", "Report-Msgid-Bugs-To:",
  "POT-Creation-Date:",  "PO-Revision-Date:",
  "Last-Translator:",    "Language-Team:",
  "Language:",           "MIME-Version:",
  "Content-Type:",       "Content-Transfer-Encoding:",
};

enum
{
  FIELD_REPORT_MSGID_BUGS_TO = 1,
  FIELD_POT_CREATION_DATE = 2,
};

/* The rest of the template header's line after field ("…\n"), or NULL. */
static char *
template_field (const char *header, const char *field)
{
  const char *start = strstr (header, field);
  gsize length;

  if (start == NULL)
    return NULL;
  start += strlen (field);
  length = strcspn (start, "\n");
  return g_strdup_printf ("%.*s\n", (int) length, start);
}

/* message_merge's header: the translation's fields in msgmerge's order, unknown ones after
 * them in their order, with the template's Report-Msgid-Bugs-To and POT-Creation-Date. */
static char *
merge_header (const char *po_header, const char *pot_header)
{
  char *values[G_N_ELEMENTS (known_fields)] = { NULL };
  g_autoptr (GString) unknown = g_string_new (NULL);
  g_auto (GStrv) lines = g_strsplit (po_header, "\n", -1);
  GString *merged = g_string_new (NULL);
  const guint from_template[] = { FIELD_REPORT_MSGID_BUGS_TO, FIELD_POT_CREATION_DATE };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint field;

      /* The text after the last newline is a line only when it is not empty. */
      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      for (field = 0; field < G_N_ELEMENTS (known_fields); field++)
        if (g_ascii_strncasecmp (lines[i], known_fields[field], strlen (known_fields[field])) == 0)
          break;
      if (field < G_N_ELEMENTS (known_fields))
        {
          g_free (values[field]);
          values[field] = g_strdup_printf ("%s\n", lines[i] + strlen (known_fields[field]));
        }
      else
        {
          g_string_append_printf (unknown, "%s\n", lines[i]);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (from_template); i++)
    {
      guint field = from_template[i];
      char *value = template_field (pot_header, known_fields[field]);

      if (value != NULL)
        {
          g_free (values[field]);
          values[field] = value;
        }
    }

  for (guint field = 0; field < G_N_ELEMENTS (known_fields); field++)
    {
      if (values[field] != NULL)
        g_string_append_printf (merged, "%s%s", known_fields[field], values[field]);
      g_free (values[field]);
    }
  g_string_append (merged, unknown->str);
  return g_string_free (merged, FALSE);
}

/* The charset named in a header, or NULL. */
static char *
header_charset (const char *header)
{
  const char *charset = strstr (header, "charset=");

  if (charset == NULL)
    return NULL;
  charset += strlen ("charset=");
  return g_strndup (charset, strcspn (charset, " \t\n"));
}

/* msgmerge converts the translation to UTF-8 when the template is in UTF-8, and says so in
 * its header; Herald's text is UTF-8 already. */
static char *
take_template_charset (char *header, const char *pot_header)
{
  g_autofree char *pot_charset = header_charset (pot_header);
  g_autofree char *charset = header_charset (header);
  const char *start;
  char *converted;

  if (pot_charset == NULL || g_ascii_strcasecmp (pot_charset, "UTF-8") != 0 || charset == NULL ||
      g_str_equal (charset, "UTF-8"))
    return header;
  start = strstr (header, "charset=") + strlen ("charset=");
  converted =
      g_strdup_printf ("%.*sUTF-8%s", (int) (start - header), header, start + strlen (charset));
  g_free (header);
  return converted;
}

/* msgmerge's count of forms for new plural entries: the translation's Plural-Forms, else
 * two. */
static guint
n_plurals_of (HeraldPoCatalog *po)
{
  g_autofree char *header = herald_po_catalog_dup_header_field (po, "Plural-Forms");
  g_autoptr (HeraldPluralForms) forms = NULL;

  if (header != NULL)
    forms = herald_plural_forms_parse (header, NULL);
  return forms != NULL ? herald_plural_forms_get_n_plurals (forms) : 2;
}

HeraldPoCatalog *
herald_po_merge (HeraldPoCatalog *po, HeraldPoCatalog *pot)
{
  HeraldPoCatalog *merged;
  g_autoptr (GHashTable) used = g_hash_table_new (NULL, NULL);
  g_autoptr (FuzzyIndex) index = NULL;
  g_autofree char *header = NULL;
  guint n_plurals;
  guint n;

  g_return_val_if_fail (HERALD_IS_PO_CATALOG (po), NULL);
  g_return_val_if_fail (HERALD_IS_PO_CATALOG (pot), NULL);

  merged = herald_po_catalog_new ();
  header = merge_header (herald_po_catalog_get_header (po), herald_po_catalog_get_header (pot));
  header = take_template_charset (header, herald_po_catalog_get_header (pot));
  herald_po_catalog_set_header (merged, header);
  herald_po_catalog_set_header_comments (merged, herald_po_catalog_get_header_comments (po));
  herald_po_catalog_set_header_fuzzy (merged, herald_po_catalog_get_header_fuzzy (po));
  herald_po_catalog_set_locale (merged, herald_po_catalog_get_locale (po));
  n_plurals = n_plurals_of (po);

  n = herald_po_catalog_get_n_entries (pot);
  for (guint i = 0; i < n; i++)
    {
      const HeraldPoEntry *reference = herald_po_catalog_get_entry (pot, i);
      const HeraldPoEntry *definition;
      gboolean fuzzy_match = FALSE;
      HeraldPoEntry *entry;

      if (reference->obsolete)
        continue;

      definition = find_exact (po, reference);
      if (definition == NULL)
        {
          if (index == NULL)
            index = fuzzy_index_new (po);
          definition = fuzzy_index_search (index, reference->msgctxt, reference->msgid);
          fuzzy_match = definition != NULL;
        }

      if (definition != NULL)
        {
          g_hash_table_add (used, (gpointer) definition);
          entry = merge_entry (definition, reference, fuzzy_match, n_plurals);
        }
      else
        {
          entry = untranslated_entry (reference, n_plurals);
        }
      finish_entry (entry);
      herald_po_catalog_add_entry (merged, entry);
    }

  /* What the template no longer has is kept as obsolete, if it was translated. */
  n = herald_po_catalog_get_n_entries (po);
  for (guint i = 0; i < n; i++)
    {
      const HeraldPoEntry *old = herald_po_catalog_get_entry (po, i);
      HeraldPoEntry *entry;

      if (g_hash_table_contains (used, old) || !first_form_translated (old))
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
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *language = g_strdup (locale);
  g_autofree char *project = herald_po_catalog_dup_header_field (pot, "Project-Id-Version");
  g_autofree char *revision_date = g_date_time_format (now, "%Y-%m-%d %H:%M%z");

  g_strdelimit (language, "-", '_');
  herald_po_catalog_set_header (empty, "");
  /* msginit --no-translator's fields, so that msgfmt --check finds none missing. */
  herald_po_catalog_set_header_field (empty, "Project-Id-Version", project ? project : "");
  herald_po_catalog_set_header_field (empty, "PO-Revision-Date", revision_date);
  herald_po_catalog_set_header_field (empty, "Last-Translator", "Automatically generated");
  herald_po_catalog_set_header_field (empty, "Language-Team", "none");
  herald_po_catalog_set_header_field (empty, "Language", language);
  herald_po_catalog_set_header_field (empty, "MIME-Version", "1.0");
  herald_po_catalog_set_header_field (empty, "Content-Type", "text/plain; charset=UTF-8");
  herald_po_catalog_set_header_field (empty, "Content-Transfer-Encoding", "8bit");
  herald_po_catalog_set_header_field (empty, "Plural-Forms",
                                      herald_plural_forms_get_header (forms));
  herald_po_catalog_set_locale (empty, locale);

  return herald_po_merge (empty, pot);
}
