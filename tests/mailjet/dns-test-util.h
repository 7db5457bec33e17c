/* dns-test-util.h: a private DNS for tests: a network and mount namespace of their own, with
 * dnsmasq on 127.0.0.1:53 serving the sender-check fixtures, and a resolv.conf pointing at
 * it. Needs root (CI runs the tests as root); nothing leaves the namespace's loopback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call first thing in main(), before any thread exists. FALSE, with *why set, when the
 * namespace cannot be made (not root, no dnsmasq): the caller then skips its tests. */
gboolean dns_test_enter_namespace (char **why);
/* Starts dnsmasq with the fixtures and waits until it answers; stops it at exit. */
void dns_test_start_server (void);
/* A GSpawnChildSetupFunc: the child is killed when the test process ends, even by abort(). */
void dns_test_die_with_parent (gpointer user_data);

G_END_DECLS
