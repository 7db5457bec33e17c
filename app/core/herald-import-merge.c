/* herald-import-merge.c: a new library from templates read off a Mailjet account, without
 * the network: which templates are languages of one another, whether a version pairs with its
 * source unit by unit (kept only when applying the pairing gives that version back exactly),
 * and the library written whole in a hidden folder then renamed into place.
 *
 * One concept, one file: grouping, pairing and writing are the three steps of one decision
 * (a version either becomes a translation or a template of its own, with the note saying
 * why), and each needs what the previous one found. Reading the account is
 * app/mailjet/herald-import.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-import"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "herald-core-error.h"
#include "herald-extractor.h"
#include "herald-file-util.h"
#include "herald-html-lang.h"
#include "herald-import-merge.h"
#include "herald-json-util.h"
#include "herald-l10n-library.h"
#include "herald-library.h"
#include "herald-locale-name.h"
#include "herald-localizer.h"
#include "herald-plural.h"
#include "herald-po-catalog.h"
#include "herald-tl.h"

/* What herald_send_insert_preheader() writes before the preheader (herald-send-request.c). */
#define PREHEADER_OPEN "<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all\">"
#define PREHEADER_CLOSE "</div>"

HeraldImportSource *
herald_import_source_new (gint64 mailjet_id, const char *name)
{
  HeraldImportSource *source = g_new0 (HeraldImportSource, 1);

  source->mailjet_id = mailjet_id;
  source->name = g_strdup (name);
  return source;
}

void
herald_import_source_free (HeraldImportSource *source)
{
  if (source == NULL)
    return;
  g_free (source->name);
  g_free (source->locale);
  g_free (source->subject);
  g_free (source->from_email);
  g_free (source->from_name);
  g_free (source->html);
  g_free (source->text);
  g_free (source);
}

void
herald_import_row_free (HeraldImportRow *row)
{
  if (row == NULL)
    return;
  g_free (row->mailjet_name);
  g_free (row->template_id);
  g_free (row->locale);
  g_free (row->note);
  g_free (row);
}

/* ---------------------------------------------------------------------------------------- */
/* Names and languages                                                                       */

#define SLUG_MAX 64

static const char *const windows_devices[] = {
  "con",  "prn",  "aux",  "nul",  "com1", "com2", "com3", "com4", "com5", "com6", "com7",
  "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
};

char *
herald_import_slug (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name ? name : "", "C");
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  /* Folder names every system and git host takes: short, and no device name of Windows. */
  if (slug->len > SLUG_MAX)
    g_string_truncate (slug, SLUG_MAX);
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "template");
  for (guint i = 0; i < G_N_ELEMENTS (windows_devices); i++)
    if (g_str_equal (slug->str, windows_devices[i]))
      g_string_append (slug, "-template");
  return g_string_free (slug, FALSE);
}

char *
herald_import_locale_from_mailjet (const char *mailjet_locale)
{
  /* The regions herald_publish_mailjet_locale() gives a bare language. */
  static const char *const usual[][2] = {
    { "en", "US" }, { "da", "DK" }, { "sv", "SE" }, { "nb", "NO" }, { "ja", "JP" },
    { "cs", "CZ" }, { "el", "GR" }, { "ko", "KR" }, { "zh", "CN" }, { "uk", "UA" },
  };
  g_auto (GStrv) subtags = NULL;
  g_autofree char *language = NULL;
  g_autofree char *region = NULL;
  char *locale;

  if (mailjet_locale == NULL || *mailjet_locale == '\0')
    return NULL;
  subtags = g_strsplit_set (mailjet_locale, "-_", 3);
  if (subtags[0] == NULL || (subtags[1] != NULL && subtags[2] != NULL))
    return NULL;
  language = g_ascii_strdown (subtags[0], -1);
  if (strlen (language) < 2 || strlen (language) > 3)
    return NULL;
  for (const char *p = language; *p; p++)
    if (!g_ascii_isalpha (*p))
      return NULL;
  if (subtags[1] == NULL)
    return g_steal_pointer (&language);
  region = g_ascii_strup (subtags[1], -1);
  if (strlen (region) != 2 || !g_ascii_isalpha (region[0]) || !g_ascii_isalpha (region[1]))
    return NULL;

  if (g_ascii_strcasecmp (language, region) == 0)
    return g_steal_pointer (&language);
  for (guint i = 0; i < G_N_ELEMENTS (usual); i++)
    if (g_str_equal (language, usual[i][0]) && g_str_equal (region, usual[i][1]))
      return g_steal_pointer (&language);
  locale = g_strdup_printf ("%s-%s", language, region);
  return locale;
}

gboolean
herald_import_split_locale_suffix (const char *name, char **stem, char **locale)
{
  gsize len = strlen (name);
  const char *start;
  g_autofree char *tag = NULL;
  g_autofree char *found = NULL;
  gsize stem_len = 0;

  if (len >= 4 && name[len - 1] == ')' && (start = strrchr (name, '(')) != NULL)
    {
      tag = g_strndup (start + 1, name + len - 1 - (start + 1));
      stem_len = start - name;
    }
  else
    {
      /* "overdraft-risk-fr", "overdraft_risk fr_FR": the last word, or its last two. */
      const char *p = name + len;
      guint words = 0;

      while (p > name && words < 2)
        {
          const char *word_end = p;

          while (p > name && g_ascii_isalpha (p[-1]))
            p--;
          /* A word of its own, after a separator: the stem before it may not be empty. */
          if (p == word_end || p == name || strchr ("-_ ", p[-1]) == NULL)
            break;
          words++;
          g_clear_pointer (&found, g_free);
          found = herald_import_locale_from_mailjet (p);
          /* A single word must be a bare language of two letters: "risk-fr", not
           * "card-due". */
          if (found != NULL && (words == 2 || word_end - p == 2))
            {
              tag = g_strdup (p);
              stem_len = p - 1 - name;
            }
          p--;
        }
      if (tag == NULL)
        return FALSE;
    }

  g_clear_pointer (&found, g_free);
  found = herald_import_locale_from_mailjet (g_strstrip (tag));
  if (found == NULL || !herald_locale_name_is_valid (found))
    return FALSE;
  while (stem_len > 0 && strchr ("-_ ", name[stem_len - 1]) != NULL)
    stem_len--;
  if (stem_len == 0)
    return FALSE;
  *stem = g_strndup (name, stem_len);
  *locale = g_steal_pointer (&found);
  return TRUE;
}

gboolean
herald_import_split_preheader (const char *html, char **html_out, char **preheader)
{
  const char *open = strstr (html, PREHEADER_OPEN);
  const char *body = strstr (html, "<body");
  const char *inner;
  const char *close;
  const char *expected;

  if (open == NULL)
    return FALSE;
  /* Only where publishing puts it: just after <body …>, or first in a fragment. */
  expected = body ? strchr (body, '>') : NULL;
  expected = expected ? expected + 1 : html;
  if (open != expected)
    return FALSE;
  inner = open + strlen (PREHEADER_OPEN);
  close = strstr (inner, PREHEADER_CLOSE);
  if (close == NULL || g_strstr_len (inner, close - inner, "<div") != NULL)
    return FALSE;
  *preheader = g_strndup (inner, close - inner);
  *html_out =
      g_strdup_printf ("%.*s%s", (int) (open - html), html, close + strlen (PREHEADER_CLOSE));
  return TRUE;
}

gboolean
herald_import_check_directory (const char *directory, GError **error)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) local_error = NULL;

  if (!g_file_test (directory, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _ ("%s is a file: import into a new or empty folder."), directory);
      return FALSE;
    }
  dir = g_dir_open (directory, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("%s cannot be read: %s"), directory,
                   local_error->message);
      return FALSE;
    }
  if (g_dir_read_name (dir) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _ ("%s is not empty: import into a new or empty folder, so that nothing in it "
                      "is overwritten."),
                   directory);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------------------- */
/* Grouping                                                                                  */

typedef struct
{
  HeraldImportSource *source;
  char *key; /* members of one template share it */
  char *name;
  char *locale; /* NULL until known */
  char *library_name;
} Member;

static void
member_free (Member *m)
{
  g_free (m->key);
  g_free (m->name);
  g_free (m->locale);
  g_free (m->library_name);
  g_free (m);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Member, member_free)

/* "herald:LIBRARY/TEMPLATE/LOCALE" (herald_publish_marker()). */
static gboolean
parse_marker (Member *m)
{
  const char *name = m->source->name;
  const char *last;
  g_autofree char *rest = NULL;
  char *template_slash;

  if (!g_str_has_prefix (name, "herald:"))
    return FALSE;
  rest = g_strdup (name + strlen ("herald:"));
  last = strrchr (rest, '/');
  if (last == NULL || !herald_locale_name_is_valid (last + 1))
    return FALSE;
  m->locale = g_strdup (last + 1);
  rest[last - rest] = '\0';
  template_slash = strrchr (rest, '/');
  if (template_slash == NULL || template_slash[1] == '\0' || template_slash == rest)
    {
      g_clear_pointer (&m->locale, g_free);
      return FALSE;
    }
  m->name = g_strdup (template_slash + 1);
  *template_slash = '\0';
  m->library_name = g_strdup (rest);
  m->key = g_strdup_printf ("herald:%s/%s", rest, m->name);
  return TRUE;
}

/* Each source gets its key, name and language; the suffix of a name counts only when
 * another template has the same name without it (or with another one). */
static GPtrArray *
classify (GPtrArray *sources)
{
  GPtrArray *members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  g_autoptr (GHashTable) stems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) stem_of = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) locale_of = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < sources->len; i++)
    {
      Member *m = g_new0 (Member, 1);
      char *stem = NULL;
      char *locale = NULL;

      m->source = g_ptr_array_index (sources, i);
      g_ptr_array_add (members, m);
      if (parse_marker (m) || !herald_import_split_locale_suffix (m->source->name, &stem, &locale))
        {
          g_ptr_array_add (stem_of, NULL);
          g_ptr_array_add (locale_of, NULL);
        }
      else
        {
          g_ptr_array_add (stem_of, herald_import_slug (stem));
          g_ptr_array_add (locale_of, locale);
          g_free (stem);
        }
      if (m->key == NULL)
        {
          char *slug = herald_import_slug (m->source->name);

          g_hash_table_insert (
              stems, slug,
              GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (stems, slug)) + 1));
        }
    }
  for (guint i = 0; i < members->len; i++)
    if (g_ptr_array_index (stem_of, i) != NULL)
      {
        const char *stem = g_ptr_array_index (stem_of, i);

        g_hash_table_insert (
            stems, g_strdup (stem),
            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (stems, stem)) + 1));
      }

  for (guint i = 0; i < members->len; i++)
    {
      Member *m = g_ptr_array_index (members, i);
      const char *stem = g_ptr_array_index (stem_of, i);

      if (m->key != NULL)
        continue;
      if (stem != NULL && GPOINTER_TO_UINT (g_hash_table_lookup (stems, stem)) >= 2)
        {
          g_autofree char *full = NULL;
          char *unused_locale = NULL;

          herald_import_split_locale_suffix (m->source->name, &full, &unused_locale);
          g_free (unused_locale);
          m->key = g_strconcat ("name:", stem, NULL);
          m->name = g_steal_pointer (&full);
          m->locale = g_strdup (g_ptr_array_index (locale_of, i));
        }
      else
        {
          g_autofree char *slug = herald_import_slug (m->source->name);

          m->key = g_strconcat ("name:", slug, NULL);
          m->name = g_strdup (m->source->name);
          m->locale = g_strdup (m->source->locale);
        }
    }
  return members;
}

/* The language most templates are in, each counted once per template; English wins a tie,
 * as it is where most libraries start. */
static char *
choose_source_locale (GPtrArray *groups)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  const char *best = NULL;
  guint best_count = 0;

  for (guint g = 0; g < groups->len; g++)
    {
      GPtrArray *group = g_ptr_array_index (groups, g);
      g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < group->len; i++)
        {
          Member *m = g_ptr_array_index (group, i);

          if (m->locale == NULL || !g_hash_table_add (seen, m->locale))
            continue;
          g_hash_table_insert (
              counts, m->locale,
              GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, m->locale)) + 1));
        }
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint count = GPOINTER_TO_UINT (value);

      if (count > best_count ||
          (count == best_count &&
           (g_str_equal (key, "en") || (g_strcmp0 (best, "en") != 0 && strcmp (key, best) < 0))))
        {
          best = key;
          best_count = count;
        }
    }
  return g_strdup (best ? best : "en");
}

/* ---------------------------------------------------------------------------------------- */
/* Translations                                                                              */

typedef struct
{
  char *source_locale;
  GHashTable *catalogs; /* locale → HeraldPoCatalog */
  GPtrArray *locales;   /* target locales, in the order they were first met */
  GHashTable *ids;      /* template ids taken */
  GPtrArray *rows;
  GPtrArray *templates; /* Built */
} Import;

typedef struct
{
  char *id;
  char *name;
  char *description;
  const HeraldImportSource *source;
  char *parts[4]; /* HeraldPart */
} Built;

static void
built_free (Built *b)
{
  g_free (b->id);
  g_free (b->name);
  g_free (b->description);
  for (guint i = 0; i < G_N_ELEMENTS (b->parts); i++)
    g_free (b->parts[i]);
  g_free (b);
}

/* A source's four parts, its preheader taken back out of the HTML. */
static void
source_parts (const HeraldImportSource *source, char *parts[4])
{
  char *html = NULL;
  char *preheader = NULL;

  parts[HERALD_PART_SUBJECT] = g_strdup (source->subject ? source->subject : "");
  parts[HERALD_PART_TEXT] = g_strdup (source->text ? source->text : "");
  if (source->html != NULL && herald_import_split_preheader (source->html, &html, &preheader))
    {
      parts[HERALD_PART_HTML] = html;
      parts[HERALD_PART_PREHEADER] = preheader;
    }
  else
    {
      parts[HERALD_PART_HTML] = g_strdup (source->html ? source->html : "");
      parts[HERALD_PART_PREHEADER] = g_strdup ("");
    }
}

static void
free_parts (char *parts[4])
{
  for (guint i = 0; i < 4; i++)
    g_clear_pointer (&parts[i], g_free);
}

static char *
unique_id (Import *import, const char *name)
{
  g_autofree char *base = herald_import_slug (name);
  char *id = g_strdup (base);

  for (guint n = 2; g_hash_table_contains (import->ids, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, n);
    }
  g_hash_table_add (import->ids, g_strdup (id));
  return id;
}

/* The HTML a localization gives, with the language of its root set as the localizer sets
 * it: a hand-made translation may not say its language. */
static char *
comparable (const char *text, HeraldPart part, const char *locale)
{
  char *with_lang;

  if (part != HERALD_PART_HTML)
    return g_strdup (text);
  with_lang =
      herald_html_set_lang_dir (text, locale, herald_locale_is_rtl (locale) ? "rtl" : "ltr");
  return with_lang ? with_lang : g_strdup (text);
}

/* The translation of the source's units into the target's, unit by unit: NULL and a reason
 * when the two do not line up. */
static HeraldPoCatalog *
pair_units (Import *import, char *source[4], char *target[4], const char *locale, char **reason)
{
  g_autoptr (HeraldPoCatalog) catalog = herald_po_catalog_new ();

  herald_po_catalog_set_locale (catalog, locale);
  for (guint p = 0; p < 4; p++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) from = herald_extract_part (source[p], p, &error);
      g_autoptr (GPtrArray) to = from ? herald_extract_part (target[p], p, &error) : NULL;

      if (to == NULL)
        {
          *reason = g_strdup_printf (
              _ ("Kept as a separate template: its text cannot be cut into sentences to "
                 "translate (%s)."),
              error->message);
          return NULL;
        }
      if (from->len != to->len)
        {
          *reason = g_strdup_printf (
              _ ("Kept as a separate template: it has %u texts to translate where the %s "
                 "version has %u."),
              to->len, import->source_locale, from->len);
          return NULL;
        }
      for (guint u = 0; u < from->len; u++)
        {
          const HeraldL10nUnit *a = g_ptr_array_index (from, u);
          const HeraldL10nUnit *b = g_ptr_array_index (to, u);
          const HeraldPoEntry *known = herald_po_catalog_find (catalog, NULL, a->msgid);
          HeraldPoEntry *entry;

          if (a->msgid_plural != NULL || b->msgid_plural != NULL ||
              a->is_attribute != b->is_attribute)
            goto differs;
          if (known != NULL)
            {
              if (g_strcmp0 (known->msgstr[0], b->msgid) != 0)
                {
                  *reason = g_strdup (
                      _ ("Kept as a separate template: one of its sentences is translated in two "
                         "different ways."));
                  return NULL;
                }
              continue;
            }
          entry = herald_po_entry_new (NULL, a->msgid, NULL);
          g_free (entry->msgstr[0]);
          entry->msgstr[0] = g_strdup (b->msgid);
          herald_po_catalog_add_entry (catalog, entry);
        }
    }

  /* The proof: the translation applied to the source gives the target back. */
  for (guint p = 0; p < 4; p++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *localized =
          herald_localize_source ("import", p, source[p], catalog, locale, NULL, NULL, &error);
      g_autofree char *got = localized ? comparable (localized, p, locale) : NULL;
      g_autofree char *want = comparable (target[p], p, locale);

      if (got == NULL || !g_str_equal (got, want))
        goto differs;
    }
  return g_steal_pointer (&catalog);

differs:
  *reason = g_strdup_printf (
      _ ("Kept as a separate template: its layout or template logic differs from the %s "
         "version, so it cannot be a translation of it."),
      import->source_locale);
  return NULL;
}

static HeraldPoCatalog *
catalog_for (Import *import, const char *locale)
{
  HeraldPoCatalog *catalog = g_hash_table_lookup (import->catalogs, locale);

  if (catalog == NULL)
    {
      g_autoptr (HeraldPluralForms) forms = herald_plural_forms_for_language (locale);

      catalog = herald_po_catalog_new ();
      herald_po_catalog_set_header_field (catalog, "Content-Type", "text/plain; charset=UTF-8");
      herald_po_catalog_set_header_field (catalog, "Content-Transfer-Encoding", "8bit");
      herald_po_catalog_set_locale (catalog, locale);
      herald_po_catalog_set_header_field (catalog, "Plural-Forms",
                                          herald_plural_forms_get_header (forms));
      g_hash_table_insert (import->catalogs, g_strdup (locale), catalog);
      g_ptr_array_add (import->locales, g_strdup (locale));
    }
  return catalog;
}

/* Adds the pairs to the library's catalogue of locale, unless one of them contradicts a
 * translation another template brought. */
static gboolean
merge_catalog (Import *import, HeraldPoCatalog *pairs, const char *locale)
{
  HeraldPoCatalog *catalog = g_hash_table_lookup (import->catalogs, locale);

  for (guint i = 0; catalog != NULL && i < herald_po_catalog_get_n_entries (pairs); i++)
    {
      const HeraldPoEntry *entry = herald_po_catalog_get_entry (pairs, i);
      const HeraldPoEntry *known = herald_po_catalog_find (catalog, NULL, entry->msgid);

      if (known != NULL && g_strcmp0 (known->msgstr[0], entry->msgstr[0]) != 0)
        return FALSE;
    }
  catalog = catalog_for (import, locale);
  for (guint i = 0; i < herald_po_catalog_get_n_entries (pairs); i++)
    herald_po_catalog_add_entry (catalog,
                                 herald_po_entry_copy (herald_po_catalog_get_entry (pairs, i)));
  return TRUE;
}

static void
add_row (Import *import,
         const Member *m,
         const char *template_id,
         const char *locale,
         gboolean separate,
         const char *note)
{
  HeraldImportRow *row = g_new0 (HeraldImportRow, 1);

  row->mailjet_id = m->source->mailjet_id;
  row->mailjet_name = g_strdup (m->source->name);
  row->template_id = g_strdup (template_id);
  row->locale = g_strdup (locale);
  row->separate = separate;
  row->note = g_strdup (note);
  g_ptr_array_add (import->rows, row);
}

static Built *
add_template (Import *import, const Member *m, const char *name, const char *description)
{
  Built *b = g_new0 (Built, 1);

  b->id = unique_id (import, name);
  b->name = g_strdup (name);
  b->description = g_strdup (description);
  b->source = m->source;
  source_parts (m->source, b->parts);
  g_ptr_array_add (import->templates, b);
  return b;
}

static void
add_separate (Import *import, const Member *m, const char *note)
{
  g_autofree char *name = m->locale && g_strcmp0 (m->locale, import->source_locale) != 0
                              ? g_strdup_printf ("%s (%s)", m->name, m->locale)
                              : g_strdup (m->name);
  Built *b = add_template (import, m, name, note);

  add_row (import, m, b->id, m->locale ? m->locale : import->source_locale, TRUE, note);
}

static void
import_group (Import *import, GPtrArray *group)
{
  const Member *source = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  Built *b;

  for (guint i = 0; i < group->len && source == NULL; i++)
    {
      const Member *m = g_ptr_array_index (group, i);

      if (g_strcmp0 (m->locale, import->source_locale) == 0)
        source = m;
    }
  if (source == NULL)
    {
      g_autofree char *note = g_strdup_printf (
          _ ("Kept as a separate template: there is no %s version to translate from."),
          import->source_locale);

      for (guint i = 0; i < group->len; i++)
        add_separate (import, g_ptr_array_index (group, i), group->len > 1 ? note : NULL);
      return;
    }

  b = add_template (import, source, source->name, "");
  add_row (import, source, b->id, import->source_locale, FALSE, NULL);
  g_hash_table_add (seen, source->locale);

  for (guint i = 0; i < group->len; i++)
    {
      const Member *m = g_ptr_array_index (group, i);
      g_autoptr (HeraldPoCatalog) pairs = NULL;
      g_autofree char *reason = NULL;
      char *target[4] = { NULL };

      if (m == source)
        continue;
      if (g_hash_table_contains (seen, m->locale))
        {
          g_autofree char *note = g_strdup_printf (
              _ ("Kept as a separate template: there is already a %s version of “%s”."), m->locale,
              m->name);

          add_separate (import, m, note);
          continue;
        }
      source_parts (m->source, target);
      pairs = pair_units (import, b->parts, target, m->locale, &reason);
      free_parts (target);
      if (pairs != NULL && !merge_catalog (import, pairs, m->locale))
        {
          g_clear_object (&pairs);
          reason = g_strdup (_ ("Kept as a separate template: one of its sentences is translated "
                                "differently in another template."));
        }
      if (pairs == NULL)
        {
          add_separate (import, m, reason);
          continue;
        }
      g_hash_table_add (seen, m->locale);
      add_row (import, m, b->id, m->locale, FALSE, NULL);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Sample data                                                                               */

typedef struct
{
  JsonObject *variables;
  GHashTable *loops; /* names used as a {% for %} source */
} Variables;

static void
set_path (JsonObject *object, char **path, JsonNode *value)
{
  JsonNode *node = json_object_get_member (object, path[0]);

  if (path[1] == NULL)
    {
      if (node == NULL)
        json_object_set_member (object, path[0], json_node_copy (value));
      return;
    }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      json_object_set_object_member (object, path[0], json_object_new ());
      node = json_object_get_member (object, path[0]);
    }
  set_path (json_node_get_object (node), path + 1, value);
}

static void
collect_expr (const HeraldTlExpr *expr, const HeraldTlNode *node, gpointer user_data)
{
  Variables *v = user_data;
  g_autoptr (JsonNode) value = NULL;

  if (expr->kind != HERALD_TL_EXPR_VARIABLE || expr->variable.ns != HERALD_TL_NS_VAR ||
      expr->variable.path == NULL || expr->variable.path[0] == NULL)
    return;
  if (node != NULL && node->kind == HERALD_TL_NODE_FOR && node->for_.source == expr)
    {
      /* A list to loop over: an empty one previews without an error. */
      value = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (value, json_array_new ());
    }
  else if (expr->variable.default_value != NULL)
    value = json_node_copy (expr->variable.default_value);
  else
    {
      g_autofree char *joined = g_strjoinv (".", expr->variable.path);
      g_autofree char *text = g_strdup_printf ("[%s]", joined);

      value = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (value, text);
    }
  set_path (v->variables, expr->variable.path, value);
}

/* One scenario with every var: the template uses, from the defaults it gives. */
static char *
sample_scenario (Built *b)
{
  Variables v = { json_object_new (), NULL };
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *scenario = json_object_new ();
  char *text;

  for (guint p = 0; p < 4; p++)
    {
      g_autoptr (HeraldTlTemplate) parsed = herald_tl_template_parse (b->parts[p], -1, NULL, NULL);

      if (parsed != NULL)
        herald_tl_template_foreach_expr (parsed, collect_expr, &v);
    }
  json_object_set_string_member (scenario, "name", _ ("Sample"));
  json_object_set_string_member (
      scenario, "description",
      _ ("Made by the import from the template’s defaults; replace the values with a real "
         "situation."));
  json_object_set_object_member (scenario, "variables", v.variables);
  json_node_take_object (root, scenario);
  text = herald_json_to_pretty (root);
  return text;
}

/* ---------------------------------------------------------------------------------------- */
/* Writing                                                                                   */

static gboolean
write_json (const char *path, JsonObject *object, GError **error)
{
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (root, object);
  return herald_json_write_file (path, root, error);
}

static gboolean
write_text (const char *path, const char *text, GError **error)
{
  return herald_file_write_atomic (path, text, -1, error);
}

static gboolean
make_dir (const char *path, GError **error)
{
  if (g_mkdir_with_parents (path, 0755) == 0)
    return TRUE;
  g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
               _ ("The folder %s cannot be created: %s"), path, g_strerror (errno));
  return FALSE;
}

static gboolean
write_template (Built *b, const char *templates_dir, GError **error)
{
  g_autofree char *dir = g_build_filename (templates_dir, b->id, NULL);
  g_autofree char *scenarios = g_build_filename (dir, "scenarios", NULL);
  g_autofree char *json_path = g_build_filename (dir, "template.json", NULL);
  g_autofree char *html_path = g_build_filename (dir, "body.html", NULL);
  g_autofree char *text_path = g_build_filename (dir, "body.txt", NULL);
  g_autofree char *sample_path = g_build_filename (scenarios, "sample.json", NULL);
  g_autofree char *sample = sample_scenario (b);
  g_autoptr (JsonObject) template = json_object_new ();

  json_object_set_string_member (template, "name", b->name);
  json_object_set_string_member (template, "description", b->description ? b->description : "");
  json_object_set_string_member (template, "subject", b->parts[HERALD_PART_SUBJECT]);
  if (*b->parts[HERALD_PART_PREHEADER] != '\0')
    json_object_set_string_member (template, "preheader", b->parts[HERALD_PART_PREHEADER]);

  return make_dir (scenarios, error) && write_json (json_path, template, error) &&
         write_text (html_path, b->parts[HERALD_PART_HTML], error) &&
         (*b->parts[HERALD_PART_TEXT] == '\0' ||
          write_text (text_path, b->parts[HERALD_PART_TEXT], error)) &&
         write_text (sample_path, sample, error);
}

/* The sender most source-language templates use. */
static const HeraldImportSource *
common_sender (Import *import)
{
  const HeraldImportSource *best = NULL;
  guint best_count = 0;

  for (guint i = 0; i < import->templates->len; i++)
    {
      const HeraldImportSource *a = ((Built *) g_ptr_array_index (import->templates, i))->source;
      guint count = 0;

      if (a->from_email == NULL || *a->from_email == '\0')
        continue;
      for (guint j = 0; j < import->templates->len; j++)
        {
          const HeraldImportSource *b =
              ((Built *) g_ptr_array_index (import->templates, j))->source;

          count += g_strcmp0 (a->from_email, b->from_email) == 0 &&
                   g_strcmp0 (a->from_name, b->from_name) == 0;
        }
      if (count > best_count)
        {
          best = a;
          best_count = count;
        }
    }
  return best;
}

static gboolean
write_settings (Import *import, const char *root, const char *library_name, GError **error)
{
  g_autofree char *path = g_build_filename (root, "herald.json", NULL);
  g_autoptr (JsonObject) settings = json_object_new ();
  const HeraldImportSource *sender = common_sender (import);
  JsonArray *targets = json_array_new ();

  json_object_set_int_member (settings, "format", 1);
  json_object_set_string_member (settings, "name", library_name);
  json_object_set_string_member (settings, "sourceLocale", import->source_locale);
  for (guint i = 0; i < import->locales->len; i++)
    json_array_add_string_element (targets, g_ptr_array_index (import->locales, i));
  json_object_set_array_member (settings, "targetLocales", targets);
  if (sender != NULL)
    {
      JsonObject *from = json_object_new ();

      json_object_set_string_member (from, "email", sender->from_email);
      if (sender->from_name != NULL && *sender->from_name != '\0')
        json_object_set_string_member (from, "name", sender->from_name);
      json_object_set_object_member (settings, "from", from);
    }
  return write_json (path, settings, error);
}

static gboolean
write_catalogs (Import *import, const char *root, GError **error)
{
  g_autofree char *po_dir = g_build_filename (root, "po", NULL);
  g_autoptr (HeraldLibrary) library = NULL;

  if (import->locales->len == 0)
    return TRUE;
  if (!make_dir (po_dir, error))
    return FALSE;
  for (guint i = 0; i < import->locales->len; i++)
    {
      const char *locale = g_ptr_array_index (import->locales, i);
      g_autofree char *file = g_strconcat (locale, ".po", NULL);
      g_autofree char *path = g_build_filename (po_dir, file, NULL);

      if (!herald_po_catalog_write (g_hash_table_lookup (import->catalogs, locale), path, error))
        return FALSE;
    }
  /* The .pot, and the catalogues merged with it as update-po does: references included. */
  library = herald_library_load (root, error);
  return library != NULL && herald_l10n_update_po (library, NULL, error);
}

static gboolean
write_library (Import *import, const char *root, const char *library_name, GError **error)
{
  g_autofree char *templates_dir = g_build_filename (root, "templates", NULL);

  if (!make_dir (templates_dir, error) || !write_settings (import, root, library_name, error))
    return FALSE;
  for (guint i = 0; i < import->templates->len; i++)
    if (!write_template (g_ptr_array_index (import->templates, i), templates_dir, error))
      return FALSE;
  return write_catalogs (import, root, error);
}

/* Templates in the order of their names, whatever order the account lists them in. */
static gint
compare_groups (gconstpointer a, gconstpointer b)
{
  const Member *first_a = (*(GPtrArray *const *) a)->pdata[0];
  const Member *first_b = (*(GPtrArray *const *) b)->pdata[0];

  return g_strcmp0 (first_a->name, first_b->name);
}

static GPtrArray *
group_members (GPtrArray *members)
{
  g_autoptr (GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < members->len; i++)
    {
      Member *m = g_ptr_array_index (members, i);
      GPtrArray *group = g_hash_table_lookup (by_key, m->key);

      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_ptr_array_add (groups, group);
          g_hash_table_insert (by_key, m->key, group);
        }
      g_ptr_array_add (group, m);
    }
  g_ptr_array_sort (groups, compare_groups);
  return groups;
}

static const char *
marker_library_name (GPtrArray *members)
{
  for (guint i = 0; i < members->len; i++)
    {
      Member *m = g_ptr_array_index (members, i);

      if (m->library_name != NULL)
        return m->library_name;
    }
  return NULL;
}

GPtrArray *
herald_import_write_library (GPtrArray *sources,
                             const char *directory,
                             const char *library_name,
                             GError **error)
{
  g_autoptr (GPtrArray) members = classify (sources);
  g_autoptr (GPtrArray) groups = group_members (members);
  g_autofree char *parent = g_path_get_dirname (directory);
  g_autofree char *base = g_path_get_basename (directory);
  g_autofree char *staging_template = g_build_filename (parent, ".herald-import-XXXXXX", NULL);
  g_autofree char *staging = NULL;
  g_autofree char *root = NULL;
  g_autofree char *default_name = NULL;
  Import import = { 0 };
  GPtrArray *rows = NULL;

  if (!herald_import_check_directory (directory, error))
    return NULL;

  import.source_locale = choose_source_locale (groups);
  import.catalogs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  import.locales = g_ptr_array_new_with_free_func (g_free);
  import.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  import.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_import_row_free);
  import.templates = g_ptr_array_new_with_free_func ((GDestroyNotify) built_free);
  for (guint i = 0; i < members->len; i++)
    {
      Member *m = g_ptr_array_index (members, i);

      if (m->locale == NULL)
        m->locale = g_strdup (import.source_locale);
    }
  for (guint i = 0; i < groups->len; i++)
    import_group (&import, g_ptr_array_index (groups, i));

  if (marker_library_name (members) != NULL)
    library_name = marker_library_name (members);
  else if (library_name == NULL)
    library_name = default_name = g_strdup (base);

  /* Built aside, under the name it will have (the .pot is named after its folder), and
   * moved into place whole. */
  if (!make_dir (parent, error))
    goto out;
  staging = g_mkdtemp (g_steal_pointer (&staging_template));
  if (staging == NULL)
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                   _ ("A folder cannot be created in %s: %s"), parent, g_strerror (errno));
      goto out;
    }
  root = g_build_filename (staging, base, NULL);
  if (!make_dir (root, error) || !write_library (&import, root, library_name, error) ||
      !herald_import_check_directory (directory, error))
    goto out;
  if (g_rename (root, directory) != 0)
    {
      g_set_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_WRITE,
                   _ ("The library cannot be moved to %s: %s"), directory, g_strerror (errno));
      goto out;
    }
  rows = g_steal_pointer (&import.rows);

out:
  if (staging != NULL)
    herald_file_remove_tree (staging);
  g_free (import.source_locale);
  g_hash_table_unref (import.catalogs);
  g_ptr_array_unref (import.locales);
  g_hash_table_unref (import.ids);
  g_clear_pointer (&import.rows, g_ptr_array_unref);
  g_ptr_array_unref (import.templates);
  return rows;
}
