/* herald-library-fields.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-core.h"

G_BEGIN_DECLS

#define HERALD_TYPE_LIBRARY_FIELDS (herald_library_fields_get_type ())

/* What New Library… and Library Settings… both ask: the name, the source and target
 * languages (by name, with their codes) and the default sender. */
G_DECLARE_FINAL_TYPE (HeraldLibraryFields, herald_library_fields, HERALD, LIBRARY_FIELDS, GtkBox)

void herald_library_fields_set_settings (HeraldLibraryFields *self,
                                         const HeraldLibrarySettings *settings);
/* The fields' values in a new settings (clients NULL). */
HeraldLibrarySettings *herald_library_fields_dup_settings (HeraldLibraryFields *self);
/* Whether the fields can be saved as they are (a name, a sender address that looks right). */
/* A sentence added after what the translations group says of target languages. */
void herald_library_fields_set_translations_note (HeraldLibraryFields *self, const char *note);
gboolean herald_library_fields_get_valid (HeraldLibraryFields *self);
void herald_library_fields_set_source (HeraldLibraryFields *self, const char *code);
void herald_library_fields_set_target_active (HeraldLibraryFields *self,
                                              const char *code,
                                              gboolean active);
AdwEntryRow *herald_library_fields_get_name_row (HeraldLibraryFields *self);
AdwEntryRow *herald_library_fields_get_from_name_row (HeraldLibraryFields *self);
AdwEntryRow *herald_library_fields_get_from_email_row (HeraldLibraryFields *self);
/* The sentence shown under the sender's address, or NULL. */
const char *herald_library_fields_get_email_problem (HeraldLibraryFields *self);

G_END_DECLS
