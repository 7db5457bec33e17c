/* dns-test-util.c: see dns-test-util.h. The zone below is the sender check's fixture: one
 * domain per case of issue 16.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns-test-util.h"
#include "herald-sandbox-private.h"

#define DNSMASQ "/usr/sbin/dnsmasq"
/* A UDP socket that reads nothing: names under slow.test are forwarded to it and time out. */
#define BLACK_HOLE_PORT 5399

static GPid dnsmasq_pid;
static GSocket *black_hole;

/* name, TXT value (no commas: dnsmasq splits on them); the same name twice is two records. */
static const char *const zone[][2] = {
  /* Stand-in for Mailjet's own record: addresses only, no further lookups. */
  { "spf.mailjet.com", "v=spf1 ip4:87.253.232.0/21 ip4:185.189.236.0/22 ~all" },
  { "_spf.partner.test", "v=spf1 ip4:192.0.2.0/24 -all" },

  { "good.test", "v=spf1 include:spf.mailjet.com -all" },
  { "mailjet._domainkey.good.test", HERALD_SANDBOX_DKIM_VALUE },
  { "_dmarc.good.test", "v=DMARC1; p=reject; rua=mailto:dmarc@good.test" },

  { "nospf.test", "site-verification=4f2a" },
  { "mailjet._domainkey.nospf.test", HERALD_SANDBOX_DKIM_VALUE },
  { "_dmarc.nospf.test", "v=DMARC1; p=reject; rua=mailto:dmarc@nospf.test" },

  { "twospf.test", "v=spf1 include:spf.mailjet.com -all" },
  { "twospf.test", "v=spf1 ip4:192.0.2.10 -all" },
  { "mailjet._domainkey.twospf.test", HERALD_SANDBOX_DKIM_VALUE },
  { "_dmarc.twospf.test", "v=DMARC1; p=reject; rua=mailto:dmarc@twospf.test" },

  { "nomj.test", "v=spf1 include:_spf.partner.test -all" },
  { "mailjet._domainkey.nomj.test", HERALD_SANDBOX_DKIM_VALUE },
  { "_dmarc.nomj.test", "v=DMARC1; p=reject; rua=mailto:dmarc@nomj.test" },

  /* 4 + 4 + 3 = 11 lookups (RFC 7208 §4.6.4 counts include, a, mx, ptr, exists). */
  { "lookups.test", "v=spf1 include:spf.mailjet.com include:l1.lookups.test a mx -all" },
  { "l1.lookups.test", "v=spf1 include:l2.lookups.test a mx ptr -all" },
  { "l2.lookups.test", "v=spf1 a mx exists:x.lookups.test -all" },
  { "mailjet._domainkey.lookups.test", HERALD_SANDBOX_DKIM_VALUE },
  { "_dmarc.lookups.test", "v=DMARC1; p=reject; rua=mailto:dmarc@lookups.test" },

  { "nodkim.test", "v=spf1 include:spf.mailjet.com -all" },
  { "_dmarc.nodkim.test", "v=DMARC1; p=reject; rua=mailto:dmarc@nodkim.test" },

  { "baddkim.test", "v=spf1 include:spf.mailjet.com -all" },
  { "mailjet._domainkey.baddkim.test", "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADoldrotatedkey" },
  { "_dmarc.baddkim.test", "v=DMARC1; p=reject; rua=mailto:dmarc@baddkim.test" },

  { "nodmarc.test", "v=spf1 include:spf.mailjet.com -all" },
  { "mailjet._domainkey.nodmarc.test", HERALD_SANDBOX_DKIM_VALUE },

  { "pnone.test", "v=spf1 include:spf.mailjet.com -all" },
  { "mailjet._domainkey.pnone.test", HERALD_SANDBOX_DKIM_VALUE },
  { "_dmarc.pnone.test", "v=DMARC1; p=none; rua=mailto:dmarc@pnone.test" },

  /* DMARC only at the organizational domain; sp= is what applies to mail.orgdmarc.test. */
  { "mail.orgdmarc.test", "v=spf1 include:spf.mailjet.com -all" },
  { "mailjet._domainkey.mail.orgdmarc.test", HERALD_SANDBOX_DKIM_VALUE },
  { "_dmarc.orgdmarc.test", "v=DMARC1; p=none; sp=quarantine; rua=mailto:d@orgdmarc.test" },

  /* The DKIM key reached through a CNAME, as DNS hosts that delegate keys publish it. */
  { "cname.test", "v=spf1 include:spf.mailjet.com -all" },
  { "dkim.keys.test", HERALD_SANDBOX_DKIM_VALUE },
  { "_dmarc.cname.test", "v=DMARC1; p=reject; rua=mailto:dmarc@cname.test" },
};

void
dns_test_die_with_parent (gpointer user_data)
{
  /* A test that aborts runs no atexit(): its helpers must not outlive it (and hold the test
   * runner's pipes open). */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

gboolean
dns_test_enter_namespace (char **why)
{
  g_autofree char *dir = NULL;
  g_autofree char *resolv = NULL;
  struct ifreq ifr = { 0 };
  int fd;

  if (geteuid () != 0)
    {
      *why = g_strdup ("needs root for a private network namespace");
      return FALSE;
    }
  if (!g_file_test (DNSMASQ, G_FILE_TEST_IS_EXECUTABLE))
    {
      *why = g_strdup ("needs dnsmasq (Debian package dnsmasq-base)");
      return FALSE;
    }
  if (unshare (CLONE_NEWNET | CLONE_NEWNS) != 0 ||
      mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    {
      *why = g_strdup_printf ("cannot make a namespace: %s", g_strerror (errno));
      return FALSE;
    }

  /* A new network namespace has only "lo", and it is down. */
  fd = socket (AF_INET, SOCK_DGRAM, 0);
  g_strlcpy (ifr.ifr_name, "lo", IFNAMSIZ);
  if (fd < 0 || ioctl (fd, SIOCGIFFLAGS, &ifr) != 0 ||
      (ifr.ifr_flags |= IFF_UP, ioctl (fd, SIOCSIFFLAGS, &ifr)) != 0)
    g_error ("cannot bring up lo: %s", g_strerror (errno));
  close (fd);

  dir = g_dir_make_tmp ("herald-dns-XXXXXX", NULL);
  resolv = g_build_filename (dir, "resolv.conf", NULL);
  /* One attempt of one second: the timeout case stays short. */
  g_assert_true (g_file_set_contents (
      resolv, "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n", -1, NULL));
  if (mount (resolv, "/etc/resolv.conf", NULL, MS_BIND, NULL) != 0)
    g_error ("cannot bind-mount resolv.conf: %s", g_strerror (errno));
  return TRUE;
}

static void
stop_server (void)
{
  if (dnsmasq_pid > 0)
    {
      kill (dnsmasq_pid, SIGTERM);
      g_spawn_close_pid (dnsmasq_pid);
      dnsmasq_pid = 0;
    }
  g_clear_object (&black_hole);
}

static gboolean
server_answers (void)
{
  g_autoptr (GResolver) resolver = g_resolver_get_default ();
  g_autoptr (GError) error = NULL;
  GList *records =
      g_resolver_lookup_records (resolver, "good.test", G_RESOLVER_RECORD_TXT, NULL, &error);

  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  return records != NULL;
}

void
dns_test_start_server (void)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, BLACK_HOLE_PORT);

  black_hole =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (black_hole, address, TRUE, &error));

  g_ptr_array_add (argv, g_strdup (DNSMASQ));
  g_ptr_array_add (argv, g_strdup ("--keep-in-foreground"));
  g_ptr_array_add (argv, g_strdup ("--conf-file=/dev/null"));
  g_ptr_array_add (argv, g_strdup ("--pid-file="));
  g_ptr_array_add (argv, g_strdup ("--no-resolv"));
  g_ptr_array_add (argv, g_strdup ("--no-hosts"));
  g_ptr_array_add (argv, g_strdup ("--user=root"));
  g_ptr_array_add (argv, g_strdup ("--listen-address=127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("--bind-interfaces"));
  g_ptr_array_add (argv, g_strdup ("--port=53"));
  /* Every other name under .test, mailjet.com and .invalid does not exist (NXDOMAIN). */
  g_ptr_array_add (argv, g_strdup ("--local=/test/"));
  g_ptr_array_add (argv, g_strdup ("--local=/mailjet.com/"));
  g_ptr_array_add (argv, g_strdup ("--local=/invalid/"));
  g_ptr_array_add (argv, g_strdup_printf ("--server=/slow.test/127.0.0.1#%d", BLACK_HOLE_PORT));
  g_ptr_array_add (argv, g_strdup ("--cname=mailjet._domainkey.cname.test,dkim.keys.test"));
  for (guint i = 0; i < G_N_ELEMENTS (zone); i++)
    g_ptr_array_add (argv, g_strdup_printf ("--txt-record=%s,%s", zone[i][0], zone[i][1]));
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_async (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                NULL, &dnsmasq_pid, &error));
  g_assert_no_error (error);
  atexit (stop_server);

  /* Bounded: 50 tries, 100 ms apart. */
  for (guint i = 0; i < 50 && !server_answers (); i++)
    g_usleep (100 * 1000);
  g_assert_true (server_answers ());
}
