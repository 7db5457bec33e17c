/* herald-l10n-error.h: the error domain of template localization.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HERALD_L10N_ERROR (herald_l10n_error_quark ())

typedef enum
{
  /* The template's own markup cannot be cut into units (an unclosed `{% plural %}`). */
  HERALD_L10N_ERROR_TEMPLATE,
  /* A .po or .pot file cannot be read. */
  HERALD_L10N_ERROR_PO_READ,
  /* A .po or .pot file cannot be written. */
  HERALD_L10N_ERROR_PO_WRITE,
  /* The Plural-Forms header cannot be understood. */
  HERALD_L10N_ERROR_PLURAL_FORMS,
  /* A name given as a locale is not one (it would name a file outside po/). */
  HERALD_L10N_ERROR_LOCALE,
} HeraldL10nError;

GQuark herald_l10n_error_quark (void);

G_END_DECLS
