/* herald-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HERALD_TYPE_APPLICATION (herald_application_get_type ())

G_DECLARE_FINAL_TYPE (HeraldApplication, herald_application, HERALD, APPLICATION, AdwApplication)

HeraldApplication *herald_application_new               (void);
GSettings         *herald_application_get_settings      (HeraldApplication *self);
char              *herald_application_dup_sample_library (GError          **error);

G_END_DECLS
