/* mailjet-test-util.h: helpers shared by the mailjet tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs the default main context until *result is set by wait_cb. */
void mailjet_test_wait_cb (GObject *object, GAsyncResult *result, gpointer user_data);
GAsyncResult *mailjet_test_wait (GAsyncResult **result);

G_END_DECLS
