/* fuzz-extract.c: extraction of translatable units from any template text, and the
 * pseudo-locale built on it, for each part.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-extractor.h"
#include "herald-localizer.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
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
        }
      pseudo = herald_localize_source ("fuzz", part, text, NULL, "en-XA", NULL, NULL, NULL);
    }
  return 0;
}
