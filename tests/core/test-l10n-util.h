/* test-l10n-util.h: helpers shared by the localization tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "herald-library.h"
#include "herald-po-catalog.h"

G_BEGIN_DECLS

/* Runs a command; fails the test unless it exits 0. Returns its standard output. */
char *l10n_test_run (const char *const *argv);
/* Asserts that `msgfmt --check` accepts path. */
void l10n_test_msgfmt_check (const char *path);
/* Asserts that `msgfmt --check` accepts path without a single warning. */
void l10n_test_msgfmt_check_silent (const char *path);
/* Asserts that two catalogues hold the same live and obsolete entries: msgctxt, msgid,
 * msgid_plural, msgstr, fuzzy and obsolete flags, in the same order. */
void l10n_test_assert_same_entries (HeraldPoCatalog *expected, HeraldPoCatalog *actual);
/* A copy of a source folder into a fresh temporary folder; returns the copy's path. */
char *l10n_test_copy_tree (const char *source, const char *name);
const char *l10n_test_data_dir (void);
/* The library at @path, loaded without an error. */
HeraldLibrary *l10n_test_load_library (const char *path);

G_END_DECLS
