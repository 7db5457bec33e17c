/* herald-clients-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HERALD_TYPE_CLIENTS_VIEW (herald_clients_view_get_type ())

G_DECLARE_FINAL_TYPE (HeraldClientsView, herald_clients_view, HERALD, CLIENTS_VIEW, GtkWidget)

/* Shows, for each client (family.platform names), the features of @html it does not or only
 * partly supports; @html NULL for no template. A view not on screen checks once it is shown. */
void
herald_clients_view_update (HeraldClientsView *self, const char *html, const char *const *clients);

G_END_DECLS
