/* herald-core-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HERALD_LIBRARY_ERROR (herald_library_error_quark ())

typedef enum
{
  HERALD_LIBRARY_ERROR_MISSING_FILE,
  HERALD_LIBRARY_ERROR_MALFORMED,
  HERALD_LIBRARY_ERROR_INVALID,
  HERALD_LIBRARY_ERROR_WRITE,
  HERALD_LIBRARY_ERROR_EXISTS,
} HeraldLibraryError;

GQuark herald_library_error_quark (void);

G_END_DECLS
