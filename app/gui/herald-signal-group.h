/* herald-signal-group.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The properties of a template that its rendering reads: what a view of the rendered
 * message follows. */
#define HERALD_TEMPLATE_CONTENT_PROPERTIES "html", "text", "subject", "preheader"

/* Calls callback (swapped: data first) when any of the NULL-terminated properties of the
 * group's target changes, for as long as data lives. */
void herald_signal_group_connect_notifies (GSignalGroup *group,
                                           const char *const *properties,
                                           GCallback callback,
                                           gpointer data);

G_END_DECLS
