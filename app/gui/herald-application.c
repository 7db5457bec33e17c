/* herald-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-application"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "herald-application.h"
#include "herald-preferences-window.h"
#include "herald-send-notifier.h"
#include "herald-window.h"

struct _HeraldApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  HeraldSendService *send_service;
  HeraldSendNotifier *send_notifier;
};

G_DEFINE_FINAL_TYPE (HeraldApplication, herald_application, ADW_TYPE_APPLICATION)

HeraldApplication *
herald_application_new (void)
{
  return g_object_new (HERALD_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_HANDLES_OPEN, "resource-base-path", APP_PATH, NULL);
}

GSettings *
herald_application_get_settings (HeraldApplication *self)
{
  g_return_val_if_fail (HERALD_IS_APPLICATION (self), NULL);
  return self->settings;
}

HeraldSendService *
herald_application_get_send_service (HeraldApplication *self)
{
  g_return_val_if_fail (HERALD_IS_APPLICATION (self), NULL);
  return self->send_service;
}

HeraldAccountStore *
herald_application_get_account_store (HeraldApplication *self)
{
  g_return_val_if_fail (HERALD_IS_APPLICATION (self), NULL);
  return self->send_service ? herald_send_service_get_account_store (self->send_service) : NULL;
}

HeraldSendNotifier *
herald_application_get_send_notifier (HeraldApplication *self)
{
  g_return_val_if_fail (HERALD_IS_APPLICATION (self), NULL);
  return self->send_notifier;
}

HeraldDeliveryTracker *
herald_application_get_tracker (HeraldApplication *self)
{
  g_return_val_if_fail (HERALD_IS_APPLICATION (self), NULL);
  return self->send_service ? herald_send_service_get_tracker (self->send_service) : NULL;
}

HeraldSandbox *
herald_application_get_sandbox (HeraldApplication *self)
{
  g_return_val_if_fail (HERALD_IS_APPLICATION (self), NULL);
  return self->send_service ? herald_send_service_get_sandbox (self->send_service) : NULL;
}

static gboolean
copy_tree (GFile *source, GFile *destination, GError **error)
{
  g_autoptr (GFileEnumerator) enumerator = NULL;
  GFileInfo *next;

  if (!g_file_make_directory_with_parents (destination, NULL, error))
    {
      if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        return FALSE;
      g_clear_error (error);
    }

  enumerator = g_file_enumerate_children (
      source, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
      G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (enumerator == NULL)
    return FALSE;

  while ((next = g_file_enumerator_next_file (enumerator, NULL, error)) != NULL)
    {
      g_autoptr (GFileInfo) info = next;
      const char *name = g_file_info_get_name (info);
      g_autoptr (GFile) child = g_file_get_child (source, name);
      g_autoptr (GFile) target = g_file_get_child (destination, name);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!copy_tree (child, target, error))
            return FALSE;
        }
      else if (!g_file_copy (child, target, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
        {
          return FALSE;
        }
    }

  return *error == NULL;
}

static char *
find_installed_samples (void)
{
  const char *override = g_getenv ("HERALD_SAMPLES_DIR");
  const char *candidates[] = {
    override,
    PKGDATADIR "/samples",
    SOURCE_SAMPLES_DIR,
  };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *json = NULL;

      if (candidates[i] == NULL)
        continue;
      path = g_build_filename (candidates[i], "account-alerts", NULL);
      json = g_build_filename (path, "herald.json", NULL);
      if (g_file_test (json, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }

  return NULL;
}

/* The sample library is installed read-only; the user gets a private copy to edit, made
 * once, so that their changes survive and installed files are never written. */
char *
herald_application_dup_sample_library (GError **error)
{
  g_autofree char *destination = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *source = NULL;
  g_autoptr (GFile) source_file = NULL;
  g_autoptr (GFile) destination_file = NULL;

  destination =
      g_build_filename (g_get_user_data_dir (), "herald", "libraries", "account-alerts", NULL);
  marker = g_build_filename (destination, "herald.json", NULL);
  if (g_file_test (marker, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&destination);

  source = find_installed_samples ();
  if (source == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _ ("The sample library is not installed"));
      return NULL;
    }

  source_file = g_file_new_for_path (source);
  destination_file = g_file_new_for_path (destination);
  if (!copy_tree (source_file, destination_file, error))
    return NULL;

  return g_steal_pointer (&destination);
}

static HeraldWindow *
get_or_create_window (HeraldApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (herald_window_new (self));

  return HERALD_WINDOW (window);
}

static void
herald_application_activate (GApplication *app)
{
  HeraldApplication *self = (HeraldApplication *) app;
  GtkWindow *existing = gtk_application_get_active_window (GTK_APPLICATION (self));
  HeraldWindow *window;
  g_autofree char *last = NULL;

  if (existing != NULL)
    {
      gtk_window_present (existing);
      return;
    }

  window = get_or_create_window (self);
  last = g_settings_get_string (self->settings, "last-library");
  if (last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
    {
      herald_window_open_library (window, last);
    }
  else
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *sample = herald_application_dup_sample_library (&error);

      if (sample != NULL)
        herald_window_open_library (window, sample);
      else
        herald_window_show_error (window, _ ("Could not open the sample library"), error->message);
    }

  gtk_window_present (GTK_WINDOW (window));
}

static void
herald_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  HeraldApplication *self = (HeraldApplication *) app;

  for (int i = 0; i < n_files; i++)
    {
      HeraldWindow *window = i == 0 ? get_or_create_window (self) : herald_window_new (self);
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        herald_window_open_library (window, path);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HeraldApplication *self = user_data;
  static const char *developers[] = { "Herald contributors", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _ ("Herald"), "application-icon", APP_ID,
                         "developer-name", _ ("Herald contributors"), "version", PACKAGE_VERSION,
                         "comments", _ ("Design, translate and test alert emails"), "website",
                         "https://github.com/heraldapp/herald", "issue-url",
                         "https://github.com/heraldapp/herald/issues", "license-type",
                         GTK_LICENSE_GPL_3_0, "developers", developers,
                         /* Translators: put your names here, one per line. */
                         "translator-credits", _ ("translator-credits"), NULL);
}

static void
quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HeraldApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Each window asks about its unsaved changes before it goes. */
  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
preferences_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HeraldApplication *self = user_data;
  HeraldPreferencesWindow *preferences;

  preferences =
      herald_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                     self->settings, self->send_service);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
show_deliveries_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  HeraldApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = gtk_application_get_active_window (GTK_APPLICATION (self));
    }
  if (HERALD_IS_WINDOW (window))
    herald_window_show_deliveries (HERALD_WINDOW (window));
  gtk_window_present (window);
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "show-deliveries", show_deliveries_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
herald_application_startup (GApplication *app)
{
  HeraldApplication *self = (HeraldApplication *) app;

  G_APPLICATION_CLASS (herald_application_parent_class)->startup (app);

  gtk_source_init ();
  /* GLib allows one name per process, and tests start several applications. */
  if (g_strcmp0 (g_get_application_name (), _ ("Herald")) != 0)
    g_set_application_name (_ ("Herald"));
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  self->send_service = herald_send_service_new (NULL, NULL);
  {
    GListModel *deliveries = G_LIST_MODEL (herald_send_service_get_tracker (self->send_service));

    self->send_notifier =
        herald_send_notifier_new (GTK_APPLICATION (self), HERALD_DELIVERY_TRACKER (deliveries));
    herald_send_service_resume (self->send_service);
  }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]){ "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.save",
                                         (const char *[]){ "<Control>s", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open-library",
                                         (const char *[]){ "<Control>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-library",
                                         (const char *[]){ "<Control><Shift>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-shortcuts",
                                         (const char *[]){ "<Control>question", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]){ "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.send-test",
                                         (const char *[]){ "<Control>Return", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close",
                                         (const char *[]){ "<Control>w", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.find",
                                         (const char *[]){ "<Control>f", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.find-replace",
                                         (const char *[]){ "<Control>h", NULL });
  /* As in GNOME Text Editor. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.goto-line",
                                         (const char *[]){ "<Control>i", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-template",
                                         (const char *[]){ "<Control>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.duplicate-template",
                                         (const char *[]){ "<Control><Shift>d", NULL });
  /* As in Files. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.rename-template",
                                         (const char *[]){ "F2", NULL });
}

static void
herald_application_shutdown (GApplication *app)
{
  HeraldApplication *self = (HeraldApplication *) app;

  g_clear_object (&self->settings);
  g_clear_object (&self->send_notifier);
  if (self->send_service != NULL)
    g_object_run_dispose (G_OBJECT (self->send_service));
  g_clear_object (&self->send_service);
  G_APPLICATION_CLASS (herald_application_parent_class)->shutdown (app);
}

static void
herald_application_dispose (GObject *object)
{
  HeraldApplication *self = (HeraldApplication *) object;

  g_clear_object (&self->send_notifier);
  /* Without a shutdown (an application that never ran), the Sandbox still has to stop. */
  if (self->send_service != NULL)
    g_object_run_dispose (G_OBJECT (self->send_service));
  g_clear_object (&self->send_service);
  G_OBJECT_CLASS (herald_application_parent_class)->dispose (object);
}

static void
herald_application_class_init (HeraldApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = herald_application_dispose;

  app_class->activate = herald_application_activate;
  app_class->open = herald_application_open;
  app_class->startup = herald_application_startup;
  app_class->shutdown = herald_application_shutdown;
}

static void
herald_application_init (HeraldApplication *self)
{
}
