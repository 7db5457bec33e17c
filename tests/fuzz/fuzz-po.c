/* fuzz-po.c: PO import (libgettextpo through HeraldPoCatalog), plural rules, merge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-fatal-log.h"

#include "herald-po-catalog.h"
#include "herald-po-merge.h"

const char *__lsan_default_suppressions (void);

/* libgettextpo 0.21 leaks by design: po_message_comments() joins the comment lines into a
 * string it never frees ("FIXME: memory leak" in gettext-po.c), and po_file_read() keeps a
 * few bytes of its own. Herald's allocations stay checked. */
const char *
__lsan_default_suppressions (void)
{
  return "leak:libgettextpo.so\n";
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (HeraldPoCatalog) catalog = NULL;
  g_autoptr (HeraldPoCatalog) merged = NULL;
  HeraldPluralForms *forms;
  const char *const *msgstr = NULL;

  catalog = herald_po_catalog_load_data ("fuzz.po", (const char *) data, size, NULL);
  if (catalog == NULL)
    return 0;

  forms = herald_po_catalog_get_plural_forms (catalog, NULL);
  if (forms != NULL)
    {
      const char *texts[] = { "a", "b", "c", "d", "e", "f", NULL };
      g_autofree char *chain = herald_plural_forms_to_mailjet (forms, "var:n", texts, NULL);

      /* The compiled chain is Mailjet syntax only: no C operator survives. */
      if (chain != NULL && (strchr (chain, '?') != NULL || strstr (chain, "&&") != NULL))
        __builtin_trap ();
      for (gulong n = 0; n < 200; n++)
        herald_plural_forms_evaluate (forms, n);
    }

  for (guint i = 0; i < herald_po_catalog_get_n_entries (catalog); i++)
    {
      const HeraldPoEntry *entry = herald_po_catalog_get_entry (catalog, i);

      herald_po_catalog_lookup (catalog, entry->msgctxt, entry->msgid, entry->msgid_plural,
                                &msgstr);
    }

  merged = herald_po_merge (catalog, catalog);
  g_free (herald_po_catalog_to_data (merged, NULL));
  return 0;
}
