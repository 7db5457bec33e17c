/* test-locale-name.c: locale codes read as language names, for people who do not know
 * that "nb" is Norwegian.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-locale-name.h"

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
    { "fr-BE", "French — fr-BE" },
    { "pt_PT", "Portuguese — pt_PT" },
    /* A variant with a name of its own, however it is spelt. */
    { "fr-CA", "French (Canada) — fr-CA" },
    { "pt-BR", "Portuguese (Brazil) — pt-BR" },
    { "pt_BR.UTF-8", "Portuguese (Brazil) — pt_BR.UTF-8" },
    { "zh-Hant-TW", "Chinese (Traditional) — zh-Hant-TW" },
    { "zh", "Chinese — zh" },
    { "sr@latin", "Serbian — sr@latin" },
    { "en-XA", "Pseudo-locale — en-XA" },
    { "EN", "English — EN" },
    /* A prefix of a code is not that code. */
    { "frr", "frr" },
    { "xx", "xx" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *described = herald_locale_name_dup_label (cases[i].locale);

      g_assert_cmpstr (described, ==, cases[i].expected);
    }
  g_assert_null (herald_locale_name_get_language ("qq"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/herald/core/locale-name/label", test_describe);

  return g_test_run ();
}
