/* herald-lint-clients.h: the client-support rule, per client, for the Clients view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "herald-client-support.h"

G_BEGIN_DECLS

/* A feature a client lacks or only partly supports in a template, as the client-support
 * check sees it: a client is listed here iff the check's finding on the feature names it. */
typedef struct
{
  const HeraldFeature *feature; /* owned by herald_client_support_get_default () */
  HeraldSupport support;        /* HERALD_SUPPORT_NO or HERALD_SUPPORT_PARTIAL */
  char *notes;  /* caniemail's notes that concern the template, joined; NULL when none */
  guint line;   /* of the first use the client reads that they concern, from 1 */
  guint column; /* in characters, from 1 */
} HeraldClientLoss;

/* For each of clients (family.platform names; NULL for the defaults), in order, a GArray of
 * the HeraldClientLoss of html (a template's HTML part; NULL for none), by position. */
GPtrArray *herald_lint_client_losses (const char *html, const char *const *clients);

G_END_DECLS
