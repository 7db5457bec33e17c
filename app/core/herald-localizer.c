/* herald-localizer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-localizer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "herald-diagnostic.h"
#include "herald-extractor.h"
#include "herald-gstring.h"
#include "herald-html-lang.h"
#include "herald-l10n-error.h"
#include "herald-l10n-lint.h"
#include "herald-localizer.h"
#include "herald-plural.h"
#include "herald-pseudo-locale.h"
#include "herald-unit-spans.h"

#define N_PARTS 4

struct _HeraldLocalizedTemplate
{
  gatomicrefcount ref_count;
  char *id;
  char *locale;
  char *parts[N_PARTS];
  HeraldL10nCounts counts;
};

/* Units by their text, open-addressed: a template has a few dozen, each looked up once per
 * locale, and a GHashTable growing from nothing costs several times more. */
typedef struct
{
  guint hash;
  const HeraldL10nUnit *unit; /* NULL: free slot */
} CountedSlot;

typedef struct
{
  CountedSlot *slots;
  guint size; /* a power of two */
  guint n_units;
} CountedSet;

typedef struct
{
  const char *template_id;
  HeraldPoCatalog *catalog;
  const char *locale; /* NULL: source locale */
  gboolean pseudo;
  HeraldPluralForms *plural_forms;
  HeraldPluralForms *source_plural_forms; /* NULL until a plural block keeps its source */
  HeraldL10nCounts *counts;
  CountedSet counted; /* the units counted, of the parts in units; no slots until one is */
  GPtrArray *units;   /* each part's units, kept while counted points into them */
  GPtrArray *diagnostics;
} Localizer;

static const char *rtl_languages[] = { "ar", "arc", "ckb", "dv", "fa", "ha", "he",
                                       "iw", "ks",  "ps",  "sd", "ug", "ur", "yi" };

G_DEFINE_BOXED_TYPE (HeraldLocalizedTemplate,
                     herald_localized_template,
                     herald_localized_template_ref,
                     herald_localized_template_unref)

HeraldLocalizedTemplate *
herald_localized_template_ref (HeraldLocalizedTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
herald_localized_template_unref (HeraldLocalizedTemplate *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->id);
  g_free (self->locale);
  for (guint i = 0; i < N_PARTS; i++)
    g_free (self->parts[i]);
  g_free (self);
}

const char *
herald_localized_template_get_id (HeraldLocalizedTemplate *self)
{
  return self->id;
}

const char *
herald_localized_template_get_locale (HeraldLocalizedTemplate *self)
{
  return self->locale;
}

const char *
herald_localized_template_get_part (HeraldLocalizedTemplate *self, HeraldPart part)
{
  g_return_val_if_fail (part < N_PARTS, "");
  return self->parts[part];
}

const HeraldL10nCounts *
herald_localized_template_get_counts (HeraldLocalizedTemplate *self)
{
  return &self->counts;
}

gboolean
herald_locale_is_rtl (const char *locale)
{
  g_autofree char *language = NULL;

  if (locale == NULL)
    return FALSE;
  language = g_ascii_strdown (locale, strcspn (locale, "_-.@"));
  for (guint i = 0; i < G_N_ELEMENTS (rtl_languages); i++)
    if (g_str_equal (language, rtl_languages[i]))
      return TRUE;
  return FALSE;
}

/* Units */

static void
add_diagnostic (Localizer *self,
                const HeraldL10nUnit *unit,
                const char *rule_id,
                const char *message)
{
  HeraldDiagnostic *diagnostic;

  if (self->diagnostics == NULL)
    return;
  diagnostic = herald_diagnostic_new (rule_id, HERALD_SEVERITY_WARNING, self->template_id,
                                      self->locale, unit->part, unit->line, 1, message);
  g_ptr_array_add (self->diagnostics, diagnostic);
}

/* Units counted so far, by their text: the same text twice in a template counts once. */
static gboolean
unit_text_equal (gconstpointer a, gconstpointer b)
{
  const HeraldL10nUnit *unit_a = a;
  const HeraldL10nUnit *unit_b = b;

  return g_str_equal (unit_a->msgid, unit_b->msgid) &&
         g_strcmp0 (unit_a->msgid_plural, unit_b->msgid_plural) == 0;
}

static void
counted_set_init (CountedSet *set, guint size)
{
  set->slots = g_new0 (CountedSlot, size);
  set->size = size;
  set->n_units = 0;
}

/* The slot of unit's text, or the free one where it goes. */
static CountedSlot *
counted_set_slot (CountedSet *set, const HeraldL10nUnit *unit, guint hash)
{
  guint mask = set->size - 1;

  for (guint i = hash & mask;; i = (i + 1) & mask)
    {
      CountedSlot *slot = &set->slots[i];

      if (slot->unit == NULL || (slot->hash == hash && unit_text_equal (slot->unit, unit)))
        return slot;
    }
}

static void
counted_set_grow (CountedSet *set)
{
  CountedSlot *old = set->slots;
  guint old_size = set->size;

  counted_set_init (set, old_size * 2);
  for (guint i = 0; i < old_size; i++)
    if (old[i].unit != NULL)
      {
        *counted_set_slot (set, old[i].unit, old[i].hash) = old[i];
        set->n_units++;
      }
  g_free (old);
}

/* TRUE the first time a unit of this text is met. */
static gboolean
count_once (Localizer *self, const HeraldL10nUnit *unit)
{
  CountedSet *set = &self->counted;
  guint hash = unit->text_hash;
  CountedSlot *slot;

  /* Made on first need: the checks count nothing, and each locale of each template would
   * clear a table of its own. */
  if (set->slots == NULL)
    counted_set_init (set, 128);
  slot = counted_set_slot (set, unit, hash);

  if (slot->unit != NULL)
    return FALSE;
  slot->hash = hash;
  slot->unit = unit;
  /* At most half full, so that a search stops soon at a free slot. */
  if (++set->n_units * 2 > set->size)
    counted_set_grow (set);
  return TRUE;
}

/* Looks the unit up without msgctxt, then with the template id, which the extractor uses as
 * msgctxt when the same text is a plural entry in one place and not in another. *plain: the
 * entry without msgctxt, or NULL. */
static HeraldPoStatus
lookup (Localizer *self,
        const HeraldL10nUnit *unit,
        const char *const **msgstr,
        const HeraldPoEntry **plain)
{
  HeraldPoStatus status;

  *plain = herald_po_catalog_find (self->catalog, NULL, unit->msgid);
  status = herald_po_entry_get_status (*plain, unit->msgid_plural, msgstr);
  if (status == HERALD_PO_STATUS_UNTRANSLATED && *plain == NULL)
    status = herald_po_catalog_lookup (self->catalog, self->template_id, unit->msgid,
                                       unit->msgid_plural, msgstr);
  if (status == HERALD_PO_STATUS_UNTRANSLATED && self->template_id != NULL &&
      herald_po_catalog_find (self->catalog, self->template_id, unit->msgid) != NULL)
    status = herald_po_catalog_lookup (self->catalog, self->template_id, unit->msgid,
                                       unit->msgid_plural, msgstr);
  return status;
}

static char *
shorten (const char *text)
{
  g_autofree char *start = NULL;

  if (g_utf8_strlen (text, -1) <= 60)
    return g_strdup (text);
  start = g_utf8_substring (text, 0, 57);
  return g_strconcat (start, "…", NULL);
}

static void
count_status (Localizer *self, const HeraldL10nUnit *unit, HeraldPoStatus status)
{
  if (self->counts == NULL || !count_once (self, unit))
    return;
  if (status == HERALD_PO_STATUS_TRANSLATED)
    self->counts->translated++;
  else if (status == HERALD_PO_STATUS_FUZZY)
    self->counts->fuzzy++;
  else
    self->counts->untranslated++;
}

static gboolean
has_right_plural_count (Localizer *self, const HeraldL10nUnit *unit, const char *const *msgstr)
{
  guint expected = herald_plural_forms_get_n_plurals (self->plural_forms);
  guint found = g_strv_length ((char **) msgstr);
  g_autofree char *quoted = NULL;
  g_autofree char *message = NULL;

  if (unit->msgid_plural == NULL || found == expected)
    return TRUE;
  quoted = shorten (unit->msgid);
  /* Translators: the first placeholder is a locale code such as fr, the second the source
   * text, the third how many plural forms the translation has, the fourth how many the
   * language needs. */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The %s translation of “%s” has %u plural form but the "
                                          "language has %u; the source text is sent",
                                          "The %s translation of “%s” has %u plural forms but the "
                                          "language has %u; the source text is sent",
                                          found),
                             self->locale, quoted, found, expected);
  add_diagnostic (self, unit, "plural-forms", message);
  return FALSE;
}

/* The checks of a translation run once per catalogue entry and kind of place (part,
 * attribute or not, inside a conditional comment or not) while they find nothing: the same
 * footer is in every template of a library. Plural units depend on their
 * count expression as well, so they are always checked. */
static gboolean
check_translation (Localizer *self,
                   const HeraldL10nUnit *unit,
                   const char *const *msgstr,
                   const HeraldPoEntry *plain)
{
  const HeraldPoEntry *entry = NULL;
  guint key = unit->part * 4 + (unit->is_attribute ? 2 : 0) + (unit->in_comment ? 1 : 0);
  guint n_diagnostics = self->diagnostics ? self->diagnostics->len : 0;
  gboolean usable;

  if (unit->msgid_plural == NULL)
    {
      entry = plain;
      if (entry != NULL && entry->msgstr != NULL && (const char *const *) entry->msgstr != msgstr)
        entry = NULL;
      if (entry != NULL && herald_po_catalog_get_checked (self->catalog, entry, key))
        return TRUE;
    }

  usable = herald_l10n_check_translation (unit, msgstr, self->template_id, self->locale,
                                          self->diagnostics);
  if (entry != NULL && usable &&
      (self->diagnostics == NULL || self->diagnostics->len == n_diagnostics))
    herald_po_catalog_set_checked (self->catalog, entry, key);
  return usable;
}

/* The translation of a unit (NULL: keep the source), counted and checked. A translation that
 * fails a blocking check counts as fuzzy: it needs a translator again. */
static const char *const *
translation_of (Localizer *self, const HeraldL10nUnit *unit)
{
  const char *const *msgstr = NULL;
  const HeraldPoEntry *plain;
  HeraldPoStatus status;
  g_autofree char *quoted = NULL;
  g_autofree char *message = NULL;

  if (self->catalog == NULL)
    {
      count_status (self, unit, HERALD_PO_STATUS_TRANSLATED);
      return NULL;
    }

  status = lookup (self, unit, &msgstr, &plain);
  if (status == HERALD_PO_STATUS_TRANSLATED)
    {
      if (!check_translation (self, unit, msgstr, plain) ||
          !has_right_plural_count (self, unit, msgstr))
        {
          msgstr = NULL;
          status = HERALD_PO_STATUS_FUZZY;
        }
    }
  else if (self->diagnostics == NULL)
    {
      /* Nobody reads the findings. */
    }
  else if (status == HERALD_PO_STATUS_FUZZY)
    {
      quoted = shorten (unit->msgid);
      message = g_strdup_printf (_ ("The %s translation of “%s” is marked fuzzy (the source "
                                    "changed since); the source text is sent until a translator "
                                    "confirms it"),
                                 self->locale, quoted);
      add_diagnostic (self, unit, "fuzzy", message);
    }
  else
    {
      quoted = shorten (unit->msgid);
      message = g_strdup_printf (_ ("“%s” is not translated into %s yet; the source text is sent"),
                                 quoted, self->locale);
      add_diagnostic (self, unit, "untranslated", message);
    }

  count_status (self, unit, status);
  return status == HERALD_PO_STATUS_TRANSLATED ? msgstr : NULL;
}

/* The value's quotes are escaped in its text only: a placeholder's default, as in
 * alt="{{var:bank:"Example"}} logo", is template language that Mailjet reads before any
 * HTML parser does, and must reach it as written. */
static void
append_attribute_value (GString *out, const HeraldL10nUnit *unit, const char *value)
{
  char quote = unit->attribute_quote;
  g_autoptr (GArray) spans = herald_unit_spans (value, strlen (value), FALSE);

  if (quote == 0)
    g_string_append_c (out, '"');
  for (guint i = 0; i < spans->len; i++)
    {
      const HeraldUnitSpan *span = &g_array_index (spans, HeraldUnitSpan, i);

      if (span->kind != HERALD_UNIT_SPAN_TEXT)
        {
          g_string_append_len (out, value + span->start, span->end - span->start);
          continue;
        }
      for (const char *p = value + span->start; p < value + span->end; p++)
        {
          if (*p == '"' && quote != '\'')
            g_string_append (out, "&quot;");
          else if (*p == '\'' && quote == '\'')
            g_string_append (out, "&#39;");
          else
            g_string_append_c (out, *p);
        }
    }
  if (quote == 0)
    g_string_append_c (out, '"');
}

static gboolean
append_plural (Localizer *self,
               GString *out,
               const HeraldL10nUnit *unit,
               const char *const *msgstr,
               GError **error)
{
  g_autofree char *chain = NULL;
  HeraldPluralForms *forms;
  g_autofree char *pseudo_one = NULL;
  g_autofree char *pseudo_other = NULL;
  const char *source_forms[3] = { unit->msgid, unit->msgid_plural, NULL };

  if (msgstr != NULL)
    {
      forms = self->plural_forms;
    }
  else
    {
      /* Made on first need: most templates have no plural block. */
      if (self->source_plural_forms == NULL)
        self->source_plural_forms = herald_plural_forms_for_language ("en");
      forms = self->source_plural_forms;
    }
  if (msgstr == NULL && self->pseudo)
    {
      pseudo_one = herald_pseudo_localize (unit->msgid, unit->part);
      pseudo_other = herald_pseudo_localize (unit->msgid_plural, unit->part);
      source_forms[0] = pseudo_one;
      source_forms[1] = pseudo_other;
    }

  chain = herald_plural_forms_to_mailjet (forms, unit->plural_count, msgstr ? msgstr : source_forms,
                                          error);
  if (chain == NULL)
    return FALSE;
  g_string_append (out, chain);
  return TRUE;
}

static gboolean
append_unit (
    Localizer *self, GString *out, const char *source, const HeraldL10nUnit *unit, GError **error)
{
  const char *const *msgstr = translation_of (self, unit);
  g_autofree char *pseudo = NULL;
  const char *text;

  if (unit->msgid_plural != NULL)
    return append_plural (self, out, unit, msgstr, error);

  if (msgstr != NULL)
    text = msgstr[0];
  else if (self->pseudo)
    text = pseudo = herald_pseudo_localize (unit->msgid, unit->part);
  else
    {
      g_string_append_len (out, source + unit->start, unit->end - unit->start);
      return TRUE;
    }

  if (unit->is_attribute)
    append_attribute_value (out, unit, text);
  else
    herald_gstring_append_str (out, text);
  return TRUE;
}

/* lang and dir of the root element */

static char *
html_language_tag (const char *locale)
{
  g_autofree char *tag = g_strndup (locale, strcspn (locale, ".@"));

  g_strdelimit (tag, "_", '-');
  return g_steal_pointer (&tag);
}

/* Starts out with the source's leading <html> tag marked with the locale's lang and dir, when
 * the source has one and no unit comes before its end: the translation then has the same
 * bytes up to there, and herald_html_set_lang_dir() need not copy it all again. *pos: where
 * the source goes on. */
static gboolean
mark_leading_root (
    Localizer *self, GString *out, const char *source, gsize length, GPtrArray *units, gsize *pos)
{
  HeraldHtmlStartTag root;
  g_autofree char *language = NULL;
  g_autofree char *marked = NULL;

  if (!herald_html_find_leading_root (source, length, &root) ||
      (units->len > 0 && ((const HeraldL10nUnit *) units->pdata[0])->start < root.end))
    return FALSE;
  language = html_language_tag (self->locale);
  marked = herald_html_mark_root (source, &root, language,
                                  herald_locale_is_rtl (self->locale) ? "rtl" : "ltr");
  g_string_append_len (out, source, root.start);
  g_string_append (out, marked);
  *pos = root.end;
  return TRUE;
}

/* parsed: the source's template-language tree, or NULL. */
static char *
localize_part (
    Localizer *self, HeraldPart part, const char *source, HeraldTlTemplate *parsed, GError **error)
{
  g_autoptr (GPtrArray) units = herald_extract_part_cached_parsed (source, part, parsed, error);
  gsize length = strlen (source);
  gboolean marked = FALSE;
  GString *out;
  gsize pos = 0;
  char *result;

  if (units == NULL)
    return NULL;
  g_ptr_array_add (self->units, g_ptr_array_ref (units));

  out = g_string_sized_new (length + length / 4 + 32);
  if (part == HERALD_PART_HTML && self->locale != NULL)
    marked = mark_leading_root (self, out, source, length, units, &pos);
  for (guint i = 0; i < units->len; i++)
    {
      const HeraldL10nUnit *unit = g_ptr_array_index (units, i);

      herald_gstring_append (out, source + pos, unit->start - pos);
      if (!append_unit (self, out, source, unit, error))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      pos = unit->end;
    }
  herald_gstring_append (out, source + pos, length - pos);
  result = g_string_free (out, FALSE);

  if (part == HERALD_PART_HTML && self->locale != NULL && !marked)
    {
      g_autofree char *language = html_language_tag (self->locale);
      char *marked = herald_html_set_lang_dir (result, language,
                                               herald_locale_is_rtl (self->locale) ? "rtl" : "ltr");

      /* A fragment of several top-level elements has no root; the lang-dir check says so. */
      if (marked != NULL)
        {
          g_free (result);
          result = marked;
        }
    }

  return result;
}

/* What localize_part() finds in a part that nobody reads: each unit is looked up and
 * checked, and each plural block compiled, as that can fail; no text is written. */
static gboolean
check_part (
    Localizer *self, HeraldPart part, const char *source, HeraldTlTemplate *parsed, GError **error)
{
  g_autoptr (GPtrArray) units = herald_extract_part_cached_parsed (source, part, parsed, error);
  g_autoptr (GString) scratch = NULL;

  if (units == NULL)
    return FALSE;
  g_ptr_array_add (self->units, g_ptr_array_ref (units));
  for (guint i = 0; i < units->len; i++)
    {
      const HeraldL10nUnit *unit = g_ptr_array_index (units, i);
      const char *const *msgstr = translation_of (self, unit);

      if (unit->msgid_plural == NULL)
        continue;
      if (scratch == NULL)
        scratch = g_string_new (NULL);
      g_string_truncate (scratch, 0);
      if (!append_plural (self, scratch, unit, msgstr, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
localizer_init (Localizer *self,
                const char *template_id,
                HeraldPoCatalog *catalog,
                const char *locale,
                GError **error)
{
  memset (self, 0, sizeof *self);
  self->template_id = template_id;
  self->catalog = catalog;
  self->locale = locale ? locale : (catalog ? herald_po_catalog_get_locale (catalog) : NULL);
  self->pseudo = catalog == NULL && herald_is_pseudo_locale (self->locale);
  self->units = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  if (catalog != NULL)
    {
      self->plural_forms = herald_po_catalog_get_plural_forms (catalog, error);
      if (self->plural_forms == NULL)
        return FALSE;
      herald_plural_forms_ref (self->plural_forms);
    }
  return TRUE;
}

static void
localizer_clear (Localizer *self)
{
  g_clear_pointer (&self->counted.slots, g_free);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->plural_forms, herald_plural_forms_unref);
  g_clear_pointer (&self->source_plural_forms, herald_plural_forms_unref);
}

char *
herald_localize_source (const char *template_id,
                        HeraldPart part,
                        const char *source,
                        HeraldPoCatalog *catalog,
                        const char *locale,
                        HeraldL10nCounts *counts,
                        GPtrArray *diagnostics,
                        GError **error)
{
  Localizer self;
  char *result = NULL;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (catalog == NULL || HERALD_IS_PO_CATALOG (catalog), NULL);

  if (localizer_init (&self, template_id, catalog, locale, error))
    {
      self.counts = counts;
      self.diagnostics = diagnostics;
      result = localize_part (&self, part, source, NULL, error);
    }
  localizer_clear (&self);

  return result;
}

/* parsed: the template's parts as parsed already, or NULL. */
static HeraldLocalizedTemplate *
localize_template (HeraldTemplate *tmpl,
                   HeraldPoCatalog *catalog,
                   const char *locale,
                   HeraldTlTemplate *const *parsed,
                   gboolean html_only,
                   GPtrArray *diagnostics,
                   GError **error)
{
  g_autoptr (HeraldLocalizedTemplate) localized = NULL;
  Localizer self;
  gboolean ok;

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);
  g_return_val_if_fail (catalog == NULL || HERALD_IS_PO_CATALOG (catalog), NULL);

  localized = g_new0 (HeraldLocalizedTemplate, 1);
  g_atomic_ref_count_init (&localized->ref_count);
  localized->id = g_strdup (herald_template_get_id (tmpl));

  ok = localizer_init (&self, localized->id, catalog, locale, error);
  localized->locale = g_strdup (self.locale);
  /* html_only: for checks that read neither the other parts nor the counts. Those parts are
   * still looked up and checked, so that the diagnostics and failures are the same. */
  self.counts = html_only ? NULL : &localized->counts;
  self.diagnostics = diagnostics;
  for (guint part = 0; ok && part < N_PARTS; part++)
    {
      const char *source = herald_template_get_part (tmpl, part);
      HeraldTlTemplate *tree = parsed != NULL ? parsed[part] : NULL;

      if (html_only && part != HERALD_PART_HTML)
        {
          ok = check_part (&self, part, source ? source : "", tree, error);
          continue;
        }
      localized->parts[part] = localize_part (&self, part, source ? source : "", tree, error);
      ok = localized->parts[part] != NULL;
    }
  localizer_clear (&self);

  return ok ? g_steal_pointer (&localized) : NULL;
}

HeraldLocalizedTemplate *
herald_localize_template (HeraldTemplate *tmpl,
                          HeraldPoCatalog *catalog,
                          GPtrArray *diagnostics,
                          GError **error)
{
  return localize_template (tmpl, catalog, NULL, NULL, FALSE, diagnostics, error);
}

HeraldLocalizedTemplate *
herald_localize_template_parsed (HeraldTemplate *tmpl,
                                 HeraldPoCatalog *catalog,
                                 HeraldTlTemplate *const *parsed,
                                 GPtrArray *diagnostics,
                                 GError **error)
{
  return localize_template (tmpl, catalog, NULL, parsed, FALSE, diagnostics, error);
}

char *
herald_localize_template_html (HeraldTemplate *tmpl,
                               HeraldPoCatalog *catalog,
                               HeraldTlTemplate *const *parsed,
                               GPtrArray *diagnostics,
                               GError **error)
{
  g_autoptr (HeraldLocalizedTemplate) localized =
      localize_template (tmpl, catalog, NULL, parsed, TRUE, diagnostics, error);

  return localized != NULL ? g_steal_pointer (&localized->parts[HERALD_PART_HTML]) : NULL;
}

HeraldLocalizedTemplate *
herald_localize_template_pseudo (HeraldTemplate *tmpl, GPtrArray *diagnostics, GError **error)
{
  return localize_template (tmpl, NULL, HERALD_PSEUDO_LOCALE, NULL, FALSE, diagnostics, error);
}
