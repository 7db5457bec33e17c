/* test-publish.c: the Publish… dialog against the in-process Sandbox, in a real window: the
 * dry-run rows on open, the result table after publishing, its copy buttons, and a second
 * look that finds nothing to write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-application.h"
#include "herald-publish-dialog.h"
#include "herald-send-dialog.h"
#include "herald-test-files.h"
#include "herald-test-gui.h"

#define OLD_SENTENCE "Nous avons repéré une dépense importante"
#define NEW_SENTENCE "Nous avons remarqué une dépense importante"

/* The sample library: 5 templates × en, fr, de. */
#define N_ROWS 15

/* Translators' change: one sentence of one template, in French only. */
static void
change_french_sentence (const char *library)
{
  g_autofree char *po = g_build_filename (library, "po", "fr.po", NULL);

  herald_test_replace_once (po, OLD_SENTENCE, NEW_SENTENCE);
}

static gboolean
dialog_idle (gpointer data)
{
  HeraldPublishDialog *dialog = data;

  return herald_publish_dialog_get_publish (dialog) != NULL &&
         !herald_publish_dialog_get_busy (dialog);
}

typedef struct
{
  char *text;
  gboolean done;
} ClipboardRead;

static void
clipboard_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_read (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static void
test_publish_dialog (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autoptr (HeraldApplication) app = NULL;
  HeraldPublishDialog *dialog;
  HeraldWindow *window;
  HeraldSandbox *sandbox;
  GtkWidget *first_row;
  GtkWidget *copy;
  ClipboardRead read = { NULL };
  g_autofree char *expected_id = NULL;

  herald_test_forget_saved_state ();
  app = herald_test_start_application ();
  window = herald_test_open_app_window (app, library_dir);

  dialog = HERALD_PUBLISH_DIALOG (
      herald_test_open_dialog (window, "win.publish", HERALD_TYPE_PUBLISH_DIALOG));
  /* No account of their own: the Sandbox, and on open the dry run of every row. */
  g_assert_true (herald_account_is_sandbox (
      adw_combo_row_get_selected_item (herald_publish_dialog_get_account_row (dialog))));
  g_assert_true (herald_test_wait_until (dialog_idle, dialog, 30000));
  g_assert_cmpstr (herald_publish_dialog_get_status (dialog), ==,
                   "To publish: 15 new, 0 changed, 0 unchanged, 0 refused.");
  g_assert_cmpuint (
      herald_test_count_children (GTK_WIDGET (herald_publish_dialog_get_rows (dialog))), ==,
      N_ROWS);
  sandbox = herald_application_get_sandbox (app);
  g_assert_nonnull (sandbox);
  g_assert_cmpuint (herald_sandbox_count_writes (sandbox), ==, 0);

  g_signal_emit_by_name (herald_publish_dialog_get_publish_button (dialog), "clicked");
  g_assert_true (herald_test_wait_until (dialog_idle, dialog, 30000));
  g_assert_cmpstr (herald_publish_dialog_get_status (dialog), ==,
                   "Published: 15 created, 0 updated, 0 unchanged.");
  g_assert_cmpuint (herald_sandbox_count_writes (sandbox), ==, 2 * N_ROWS);
  g_assert_cmpuint (
      herald_test_count_children (GTK_WIDGET (herald_publish_dialog_get_rows (dialog))), ==,
      N_ROWS);
  herald_test_spin (200);
  herald_test_save_screenshot (adw_window_get_content (ADW_WINDOW (dialog)), "publish-dialog.png");

  /* The first row's copy button puts its TemplateID on the clipboard. */
  expected_id = g_strdup_printf (
      "%" G_GINT64_FORMAT,
      herald_publish_get_row (herald_publish_dialog_get_publish (dialog), 0)->mailjet_id);
  first_row = gtk_widget_get_first_child (GTK_WIDGET (herald_publish_dialog_get_rows (dialog)));
  copy = herald_test_find_widget_of_type (first_row, GTK_TYPE_BUTTON);
  g_assert_nonnull (copy);
  g_signal_emit_by_name (copy, "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (copy), NULL, clipboard_read_cb, &read);
  g_assert_true (herald_test_wait_until (clipboard_read, &read, 10000));
  g_assert_cmpstr (read.text, ==, expected_id);
  g_free (read.text);

  /* Looking again (the account row re-selected): everything is already there. */
  adw_combo_row_set_selected (herald_publish_dialog_get_account_row (dialog),
                              GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (herald_publish_dialog_get_account_row (dialog), 0);
  g_assert_true (herald_test_wait_until (dialog_idle, dialog, 30000));
  g_assert_cmpstr (herald_publish_dialog_get_status (dialog), ==,
                   "To publish: 0 new, 0 changed, 15 unchanged, 0 refused.");
  g_assert_cmpuint (herald_sandbox_count_writes (sandbox), ==, 2 * N_ROWS);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_spin (50);
}

/* Two templates in French only: the dry run shows just those rows, publishing writes just
 * those templates (counted at the Sandbox), and checking everything again finds the rest
 * new and those two unchanged. */
static void
test_publish_subset (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autoptr (HeraldApplication) app = NULL;
  HeraldPublishDialog *dialog;
  HeraldWindow *window;
  HeraldSandbox *sandbox;
  HeraldPublish *publish;
  guint writes;

  herald_test_forget_saved_state ();
  app = herald_test_start_application ();
  window = herald_test_open_app_window (app, library_dir);
  dialog = HERALD_PUBLISH_DIALOG (
      herald_test_open_dialog (window, "win.publish", HERALD_TYPE_PUBLISH_DIALOG));
  g_assert_true (herald_test_wait_until (dialog_idle, dialog, 30000));
  sandbox = herald_application_get_sandbox (app);
  writes = herald_sandbox_count_writes (sandbox);

  /* None, then two templates; none, then one language. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.templates-none", NULL));
  g_assert_true (herald_test_wait_until (dialog_idle, dialog, 30000) ||
                 herald_publish_dialog_get_publish (dialog) == NULL);
  g_assert_cmpuint (
      herald_test_count_children (GTK_WIDGET (herald_publish_dialog_get_rows (dialog))), ==, 0);
  g_assert_false (
      gtk_widget_get_sensitive (GTK_WIDGET (herald_publish_dialog_get_publish_button (dialog))));
  g_assert_cmpstr (herald_publish_dialog_get_status (dialog), ==,
                   "Check at least one template and one language to publish.");
  herald_publish_dialog_set_template_checked (dialog, "large-expense", TRUE);
  herald_publish_dialog_set_template_checked (dialog, "low-balance", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.locales-none", NULL));
  herald_publish_dialog_set_locale_checked (dialog, "fr", TRUE);
  g_assert_true (herald_test_wait_until (dialog_idle, dialog, 30000));
  g_assert_cmpstr (herald_publish_dialog_get_status (dialog), ==,
                   "To publish: 2 new, 0 changed, 0 unchanged, 0 refused.");
  g_assert_cmpuint (
      herald_test_count_children (GTK_WIDGET (herald_publish_dialog_get_rows (dialog))), ==, 2);
  g_assert_cmpuint (herald_sandbox_count_writes (sandbox), ==, writes);

  g_signal_emit_by_name (herald_publish_dialog_get_publish_button (dialog), "clicked");
  g_assert_true (herald_test_wait_until (dialog_idle, dialog, 30000));
  g_assert_cmpstr (herald_publish_dialog_get_status (dialog), ==,
                   "Published: 2 created, 0 updated, 0 unchanged.");
  /* A template and its content for each of the two, and nothing else. */
  g_assert_cmpuint (herald_sandbox_count_writes (sandbox), ==, writes + 4);
  publish = herald_publish_dialog_get_publish (dialog);
  g_assert_cmpuint (herald_publish_get_n_rows (publish), ==, 2);
  g_assert_cmpstr (herald_publish_get_row (publish, 0)->template_id, ==, "large-expense");
  g_assert_cmpstr (herald_publish_get_row (publish, 0)->locale, ==, "fr");
  g_assert_cmpstr (herald_publish_get_row (publish, 1)->template_id, ==, "low-balance");
  g_assert_cmpint (herald_publish_get_row (publish, 1)->mailjet_id, >, 0);
  herald_test_spin (200);
  herald_test_save_screenshot (adw_window_get_content (ADW_WINDOW (dialog)),
                               "publish-dialog-subset.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.templates-all", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.locales-all", NULL));
  g_assert_true (herald_test_wait_until (dialog_idle, dialog, 30000));
  g_assert_cmpstr (herald_publish_dialog_get_status (dialog), ==,
                   "To publish: 13 new, 0 changed, 2 unchanged, 0 refused.");
  g_assert_cmpuint (herald_sandbox_count_writes (sandbox), ==, writes + 4);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_spin (50);
}

/* A send of large-expense in French only, as production, to one inbox. */
static HeraldSendDialog *
start_stored_send (HeraldWindow *window)
{
  HeraldSendDialog *dialog;
  HeraldRecipientsGroup *group;

  dialog = HERALD_SEND_DIALOG (
      herald_test_open_dialog (window, "win.send-test", HERALD_TYPE_SEND_DIALOG));
  group = herald_send_dialog_get_recipients_group (dialog);
  gtk_editable_set_text (GTK_EDITABLE (herald_recipients_group_get_row (group, 0)),
                         "qa@example.com");
  herald_send_dialog_set_locale_active (dialog, "en", FALSE);
  herald_send_dialog_set_locale_active (dialog, "fr", TRUE);
  herald_send_dialog_set_mode (dialog, HERALD_SEND_MODE_STORED);
  herald_test_spin (100);
  g_assert_cmpstr (herald_send_dialog_get_summary (dialog), ==, "1 message to 1 inbox");
  g_signal_emit_by_name (herald_send_dialog_get_send_button (dialog), "clicked");
  return dialog;
}

static gboolean
asks_to_publish (gpointer data)
{
  return herald_test_find_dialog (data) != NULL;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static guint
count_sends (HeraldApplication *app)
{
  HeraldSandbox *sandbox = herald_application_get_sandbox (app);

  return sandbox ? herald_sandbox_count_requests (sandbox, "/v3.1/send") : 0;
}

/* The last email the Sandbox holds. */
static JsonObject *
last_delivered (HeraldSandbox *sandbox)
{
  g_autofree char *text = herald_sandbox_dup_messages_json (sandbox);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *messages;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  messages = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (messages), >, 0);
  return json_object_ref (
      json_array_get_object_element (messages, json_array_get_length (messages) - 1));
}

/* Send as production from the send dialog: nothing stored yet, so it asks first (Cancel
 * sends and writes nothing); "Publish and Send" publishes that one template and sends by its
 * TemplateID; once stored, it sends at once; after a change of the French text, it asks
 * again and publishing costs exactly one template write. */
static void
test_send_as_production (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  g_autoptr (HeraldApplication) app = NULL;
  g_autoptr (JsonObject) message = NULL;
  HeraldSendDialog *dialog;
  AdwMessageDialog *ask;
  HeraldWindow *window;
  HeraldSandbox *sandbox;
  gint64 template_id;
  guint writes;

  herald_test_forget_saved_state ();
  app = herald_test_start_application ();
  g_settings_reset (herald_application_get_settings (app), "test-recipients");
  window = herald_test_open_app_window (app, library_dir);
  herald_window_select_template (window, "large-expense");

  /* Not published yet: asked, and Cancel leaves everything as it was. */
  dialog = start_stored_send (window);
  g_assert_true (herald_test_wait_until (asks_to_publish, dialog, 30000));
  ask = herald_test_find_dialog (GTK_WINDOW (dialog));
  g_assert_nonnull (
      strstr (adw_message_dialog_get_body (ask), "“large-expense” (fr) is not published yet"));
  sandbox = herald_application_get_sandbox (app);
  g_assert_nonnull (sandbox);
  g_assert_cmpuint (herald_sandbox_count_writes (sandbox), ==, 0);
  herald_test_spin (300);
  herald_test_save_screenshot (gtk_window_get_child (GTK_WINDOW (ask)),
                               "send-as-production-ask.png");
  herald_test_respond (ask, "cancel");
  herald_test_spin (100);
  g_assert_false (herald_send_dialog_get_sending (dialog));
  g_assert_cmpuint (count_sends (app), ==, 0);
  g_assert_cmpuint (herald_sandbox_count_writes (sandbox), ==, 0);

  /* Publish and Send: the template and its content, then one send naming it. */
  g_signal_emit_by_name (herald_send_dialog_get_send_button (dialog), "clicked");
  g_assert_true (herald_test_wait_until (asks_to_publish, dialog, 30000));
  herald_test_respond (herald_test_find_dialog (GTK_WINDOW (dialog)), "publish");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (herald_test_wait_until (is_null, &dialog, 30000));
  g_assert_cmpuint (count_sends (app), ==, 1);
  g_assert_cmpuint (herald_sandbox_count_writes (sandbox), ==, 2 + 1);
  message = last_delivered (sandbox);
  template_id = json_object_get_int_member (message, "templateId");
  g_assert_cmpint (template_id, >, 0);
  g_assert_nonnull (strstr (json_object_get_string_member (message, "subject"), "1\u202f249,00"));
  g_assert_nonnull (strstr (json_object_get_string_member (message, "html"), OLD_SENTENCE));

  /* Stored and unchanged: sent at once, no question, no template write. */
  writes = herald_sandbox_count_writes (sandbox);
  dialog = start_stored_send (window);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (herald_test_wait_until (is_null, &dialog, 30000));
  g_assert_cmpuint (count_sends (app), ==, 2);
  g_assert_cmpuint (herald_sandbox_count_writes (sandbox), ==, writes + 1);
  g_clear_pointer (&message, json_object_unref);
  message = last_delivered (sandbox);
  g_assert_cmpint (json_object_get_int_member (message, "templateId"), ==, template_id);

  /* The French text changed: asked again; publishing writes the one template, then sends. */
  change_french_sentence (library_dir);
  writes = herald_sandbox_count_writes (sandbox);
  dialog = start_stored_send (window);
  g_assert_true (herald_test_wait_until (asks_to_publish, dialog, 30000));
  ask = herald_test_find_dialog (GTK_WINDOW (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ask),
                            "“large-expense” (fr) changed since it was published"));
  herald_test_respond (ask, "publish");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (herald_test_wait_until (is_null, &dialog, 30000));
  g_assert_cmpuint (count_sends (app), ==, 3);
  g_assert_cmpuint (herald_sandbox_count_writes (sandbox), ==, writes + 1 + 1);
  g_clear_pointer (&message, json_object_unref);
  message = last_delivered (sandbox);
  g_assert_cmpint (json_object_get_int_member (message, "templateId"), ==, template_id);
  g_assert_nonnull (strstr (json_object_get_string_member (message, "html"), NEW_SENTENCE));

  gtk_window_destroy (GTK_WINDOW (window));
  herald_test_spin (50);
}

int
main (int argc, char *argv[])
{
  herald_test_gui_init (&argc, &argv);
  /* The send as production ends in a delivery the app may notify about. */
  herald_test_serve_notifications ();

  g_test_add_func ("/herald/ui/publish/dry-run-publish-copy", test_publish_dialog);
  g_test_add_func ("/herald/ui/publish/subset", test_publish_subset);
  g_test_add_func ("/herald/ui/publish/send-as-production", test_send_as_production);

  return g_test_run ();
}
