/* fuzz-extract.c: extraction of translatable units from any template text, and the
 * pseudo-locale built on it, for each part. The pseudo-locale must keep every placeholder
 * and tag of a unit (as the translation checks see them) and give a template that parses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-fatal-log.h"

#include "herald-extractor.h"
#include "herald-l10n-lint.h"
#include "herald-localizer.h"
#include "herald-pseudo-locale.h"
#include "herald-tl.h"

/* The compact copy libxml2 is given must not change what is found. */
static void
check_compaction (const char *text, GPtrArray *units)
{
  g_autoptr (GPtrArray) whole = NULL;

  herald_extract_set_compaction (FALSE);
  whole = herald_extract_part (text, HERALD_PART_HTML, NULL);
  herald_extract_set_compaction (TRUE);
  if (whole == NULL || whole->len != units->len)
    __builtin_trap ();
  for (guint i = 0; i < units->len; i++)
    {
      const HeraldL10nUnit *a = g_ptr_array_index (whole, i);
      const HeraldL10nUnit *b = g_ptr_array_index (units, i);

      if (a->start != b->start || a->end != b->end || a->line != b->line ||
          g_strcmp0 (a->msgid, b->msgid) != 0 ||
          g_strcmp0 (a->msgid_plural, b->msgid_plural) != 0 ||
          g_strcmp0 (a->comment, b->comment) != 0 || a->is_attribute != b->is_attribute)
        __builtin_trap ();
    }
}

/* A unit whose own text passes the translation checks passes them pseudo-localized too. */
static void
check_pseudo_unit (const HeraldL10nUnit *unit)
{
  g_autofree char *pseudo = NULL;
  const char *same[] = { unit->msgid, NULL };
  const char *accented[] = { NULL, NULL };

  if (unit->msgid_plural != NULL ||
      !herald_l10n_check_translation (unit, same, "fuzz", "en-XA", NULL))
    return;
  pseudo = herald_pseudo_localize (unit->msgid, unit->part);
  accented[0] = pseudo;
  if (!herald_l10n_check_translation (unit, accented, "fuzz", "en-XA", NULL))
    __builtin_trap ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  for (HeraldPart part = HERALD_PART_SUBJECT; part <= HERALD_PART_TEXT; part++)
    {
      g_autoptr (GPtrArray) units = herald_extract_part (text, part, NULL);
      g_autofree char *pseudo = NULL;
      gsize previous_end = 0;

      if (units == NULL)
        continue;
      /* Units are ordered, disjoint and inside the text. */
      for (guint i = 0; i < units->len; i++)
        {
          const HeraldL10nUnit *unit = g_ptr_array_index (units, i);

          if (unit->start < previous_end || unit->end < unit->start || unit->end > strlen (text))
            __builtin_trap ();
          previous_end = unit->end;
          check_pseudo_unit (unit);
        }
      if (part == HERALD_PART_HTML)
        check_compaction (text, units);
      pseudo = herald_localize_source ("fuzz", part, text, NULL, "en-XA", NULL, NULL, NULL);
      /* The source parses (it was cut into units), so its pseudo-translation must. */
      if (pseudo != NULL)
        {
          HeraldTlTemplate *tree = herald_tl_template_parse (pseudo, strlen (pseudo), NULL, NULL);

          if (tree == NULL)
            __builtin_trap ();
          herald_tl_template_unref (tree);
        }
    }
  return 0;
}
