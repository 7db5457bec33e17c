/* test-sender-page.c: from the send dialog's sender chip to the record to publish, for a
 * sender whose domain lacks its DKIM key, with the DNS answered by dnsmasq in a private
 * network namespace (tests/mailjet/dns-test-util.c).
 *
 * The namespace hides the test session's D-Bus (an abstract socket, which belongs to the
 * network namespace), so the test starts its own bus inside; the X server is reached
 * through its socket file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "../mailjet/dns-test-util.h"
#include "herald-application.h"
#include "herald-preferences-window.h"
#include "herald-sandbox-private.h"
#include "herald-send-dialog.h"
#include "herald-test-gui.h"

static GPid bus_pid;

static void
stop_bus (void)
{
  if (bus_pid > 0)
    kill (bus_pid, SIGTERM);
}

static void
start_private_bus (void)
{
  g_autofree char *dir = g_dir_make_tmp ("herald-bus-XXXXXX", NULL);
  g_autofree char *socket = g_build_filename (dir, "bus", NULL);
  g_autofree char *address = g_strdup_printf ("unix:path=%s", socket);
  g_autofree char *listen = g_strdup_printf ("--address=%s", address);
  const char *argv[] = { "dbus-daemon", "--session", "--nofork", listen, NULL };
  g_autoptr (GError) error = NULL;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                    G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                dns_test_die_with_parent, NULL, &bus_pid, &error));
  g_assert_no_error (error);
  atexit (stop_bus);
  /* Bounded: 50 tries, 100 ms apart. */
  for (guint i = 0; i < 50 && !g_file_test (socket, G_FILE_TEST_EXISTS); i++)
    g_usleep (100 * 1000);
  g_assert_true (g_file_test (socket, G_FILE_TEST_EXISTS));
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
}

static char *
library_sending_from (const char *email)
{
  char *dir = herald_test_copy_sample_library ();
  g_autofree char *manifest = g_build_filename (dir, "herald.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GString) changed = NULL;

  g_assert_true (g_file_get_contents (manifest, &text, NULL, NULL));
  changed = g_string_new (text);
  g_assert_cmpuint (g_string_replace (changed, "alerts@ledgerly.example", email, 1), ==, 1);
  g_assert_true (g_file_set_contents (manifest, changed->str, -1, NULL));
  return dir;
}

static gboolean
window_ready (gpointer data)
{
  HeraldWindow *window = data;

  return herald_window_get_template (window) != NULL;
}

static gboolean
chip_settled (gpointer data)
{
  GtkButton *chip = data;
  const char *label = gtk_button_get_label (chip);

  return gtk_widget_get_visible (GTK_WIDGET (chip)) && label != NULL &&
         !g_str_equal (label, "Checking sender…");
}

static gboolean
page_settled (gpointer data)
{
  return !herald_sender_page_get_busy (data);
}

/* The visible labels under @root, in order. */
static void
collect_labels (GtkWidget *root, GPtrArray *labels)
{
  if (!gtk_widget_get_visible (root))
    return;
  if (GTK_IS_LABEL (root))
    g_ptr_array_add (labels, (gpointer) gtk_label_get_label (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

static void
test_chip_opens_dkim_record (void)
{
  g_autofree char *library_dir = library_sending_from ("alerts@nodkim.test");
  g_autoptr (HeraldApplication) app = herald_application_new ();
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  HeraldPreferencesWindow *preferences;
  HeraldSenderPage *page;
  HeraldSendDialog *dialog;
  HeraldWindow *window;
  GtkButton *chip;
  gboolean name_shown = FALSE;
  gboolean value_shown = FALSE;

  g_application_set_application_id (G_APPLICATION (app), APP_ID ".SenderTest");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = herald_window_new (app);
  herald_window_open_library (window, library_dir);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (window_ready, window, 30000));

  dialog = HERALD_SEND_DIALOG (
      herald_test_open_dialog (window, "win.send-test", HERALD_TYPE_SEND_DIALOG));

  /* The chip says there is a problem, in red. */
  chip = herald_send_dialog_get_sender_chip (dialog);
  herald_test_wait_until (chip_settled, chip, 20000);
  g_test_message ("chip: visible %d, “%s”", gtk_widget_get_visible (GTK_WIDGET (chip)),
                  gtk_button_get_label (chip));
  g_assert_cmpstr (gtk_button_get_label (chip), ==, "Sender: problems");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (chip), "error"));

  /* It opens the Sender page, which checks that very sender. */
  g_signal_emit_by_name (chip, "clicked");
  preferences =
      HERALD_PREFERENCES_WINDOW (herald_test_find_toplevel (HERALD_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (preferences);
  page = herald_preferences_window_get_sender_page (preferences);
  g_assert_true (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (preferences)) ==
                 ADW_PREFERENCES_PAGE (page));
  g_assert_true (herald_test_wait_until (page_settled, page, 30000));
  herald_test_spin (100);

  /* The record to add, as shown: its name and Mailjet's key, character for character. */
  collect_labels (GTK_WIDGET (page), labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = g_ptr_array_index (labels, i);

      name_shown |=
          strstr (text, "mailjet._domainkey.nodkim.test") != NULL && strstr (text, "TXT") != NULL;
      value_shown |= g_str_equal (text, HERALD_SANDBOX_DKIM_VALUE);
    }
  g_assert_true (name_shown);
  g_assert_true (value_shown);
  herald_test_save_screenshot (GTK_WIDGET (page), "sender-page.png");

  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_spin (50);
}

int
main (int argc, char *argv[])
{
  g_autofree char *why = NULL;
  gboolean ready = dns_test_enter_namespace (&why);

  /* Deliveries that earlier UI tests of the session left behind would be followed again and
   * announced through a notification service this private bus does not have. The runtime
   * folder is private too: a service the private bus starts (WebKit asks it for the
   * accessibility bus) would otherwise take over, then remove, the session's own
   * at-spi/bus_N socket, which the end-to-end tests need. */
  {
    g_autofree char *data_home = g_dir_make_tmp ("herald-sender-data-XXXXXX", NULL);
    g_autofree char *runtime = g_dir_make_tmp ("herald-sender-run-XXXXXX", NULL);

    g_assert_nonnull (data_home);
    g_assert_nonnull (runtime);
    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
    g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  }
  if (ready)
    start_private_bus ();
  herald_test_gui_init (&argc, &argv);
  /* A missing prerequisite (root, unshare, dnsmasq) fails the test: a skip would read as
   * a pass in CI. build-aux/dev installs dnsmasq-base, and CI runs as root. */
  if (!ready)
    {
      g_print ("Bail out! %s\n", why);
      return 1;
    }
  dns_test_start_server ();
  g_test_add_func ("/herald/ui/sender/chip-opens-dkim-record", test_chip_opens_dkim_record);
  return g_test_run ();
}
