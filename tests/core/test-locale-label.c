/* test-locale-label.c: locale codes read as language names, for people who do not know
 * that "nb" is Norwegian.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-locale-label.h"

static void
test_describe (void)
{
  const struct
  {
    const char *locale;
    const char *expected;
  } cases[] = {
    { "fr", "French — fr" },
    { "de", "German — de" },
    /* A region Herald has no name for keeps its language's name and its own code. */
    { "fr-CA", "French — fr-CA" },
    { "pt_PT", "Portuguese — pt_PT" },
    /* A variant with a name of its own. */
    { "pt-BR", "Brazilian Portuguese — pt-BR" },
    { "pt_BR.UTF-8", "Brazilian Portuguese — pt_BR.UTF-8" },
    { "zh-Hant-TW", "Traditional Chinese — zh-Hant-TW" },
    { "sr@latin", "Serbian — sr@latin" },
    { "en-XA", "Pseudo-locale — en-XA" },
    { "EN", "English — EN" },
    /* A prefix of a code is not that code. */
    { "frr", "frr" },
    { "xx", "xx" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *described = herald_locale_label_dup (cases[i].locale);

      g_assert_cmpstr (described, ==, cases[i].expected);
    }
  g_assert_null (herald_locale_label_lookup_language ("qq"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/herald/core/locale-label/dup", test_describe);

  return g_test_run ();
}
