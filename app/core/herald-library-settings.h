/* herald-library-settings.h: creating a library, and changing its herald.json.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "herald-library.h"

G_BEGIN_DECLS

/* What herald.json says about a library, as New Library… and Library Settings… edit it. */
typedef struct
{
  char *name;
  char *source_locale;
  char **target_locales; /* never NULL */
  char *from_name;
  char *from_email;
  char **clients; /* NULL: Herald's default clients (no "clients" member) */
} HeraldLibrarySettings;

typedef enum
{
  HERALD_LIBRARY_START_EMPTY,
  HERALD_LIBRARY_START_STARTER, /* with a copy of the starter template */
} HeraldLibraryStart;

HeraldLibrarySettings *herald_library_settings_new (void);
HeraldLibrarySettings *herald_library_settings_new_from_library (HeraldLibrary *library);
void herald_library_settings_free (HeraldLibrarySettings *settings);
/* Whether herald.json could hold these settings; the error is a sentence naming the field. */
gboolean herald_library_settings_check (const HeraldLibrarySettings *settings, GError **error);

/* Writes a new library into directory (made if missing): herald.json, templates/ (with the
 * starter template or empty) and, for each target locale, po/LOCALE.po and the .pot as
 * `herald-cli update-po` writes them. A folder that already holds a library, or a templates
 * or po folder, is refused. */
gboolean herald_library_create (const char *directory,
                                const HeraldLibrarySettings *settings,
                                HeraldLibraryStart start,
                                GError **error);

/* Rewrites the herald.json of the library in directory with settings, keeping its other
 * members, their order and spacing; a new target locale gets its po/LOCALE.po through
 * update-po. A removed target's .po is deleted only when delete_removed_po is set. */
gboolean herald_library_settings_apply (const char *directory,
                                        const HeraldLibrarySettings *settings,
                                        gboolean delete_removed_po,
                                        GError **error);

/* The target locales of old that settings no longer have. */
GStrv herald_library_settings_dup_removed_locales (const HeraldLibrarySettings *old,
                                                   const HeraldLibrarySettings *settings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldLibrarySettings, herald_library_settings_free)

G_END_DECLS
