/* herald-eml-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gmime/gmime.h>

#include "herald-render.h"

G_BEGIN_DECLS

#define HERALD_EML_ERROR (herald_eml_error_quark ())

typedef enum
{
  HERALD_EML_ERROR_INVALID,
} HeraldEmlError;

/* GMime 3.2 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMultipart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeObject, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)

GQuark herald_eml_error_quark (void);
GBytes *herald_eml_build (const HeraldRendered *rendered,
                          const char *from_name,
                          const char *from_email,
                          const char *to_email,
                          GError **error);

G_END_DECLS
