/* herald-library-private.h: how herald-template-ops.c keeps the library's list in step with
 * what it does on disk, ahead of the file monitor (which then finds nothing new).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-library.h"

G_BEGIN_DECLS

void _herald_library_add_template (HeraldLibrary *self, HeraldTemplate *tmpl);
void _herald_library_remove_template (HeraldLibrary *self, HeraldTemplate *tmpl);
/* After the template's folder moved from old_directory: watches the new folder instead,
 * and puts the template in its sorted place in one change, so that a selection of it in a
 * list view stays on it. */
void _herald_library_template_moved (HeraldLibrary *self,
                                     HeraldTemplate *tmpl,
                                     const char *old_directory);

G_END_DECLS
