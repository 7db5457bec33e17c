/* herald-feature-uses.h: which caniemail features an HTML part uses, and where.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "herald-client-support.h"

G_BEGIN_DECLS

typedef struct
{
  const HeraldFeature *feature; /* owned by herald_client_support_get_default () */
  guint line;                   /* of the first use, from 1 */
  guint column;                 /* in characters, from 1 */
} HeraldFeatureUse;

/* Each feature the HTML uses once, at its first use, in source order; an array of
 * HeraldFeatureUse. */
GArray *herald_feature_uses_collect (const char *html);

G_END_DECLS
