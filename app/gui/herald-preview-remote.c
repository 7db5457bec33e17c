/* herald-preview-remote.c: the preview's remote content: the bar saying whether remote images
 * and styles load, and the per-library allowance kept in GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-preview-private.h"

void
_herald_preview_update_remote_bar (HeraldPreview *self)
{
  gboolean show = self->has_remote_content && _herald_preview_mode_is_web (self->mode) &&
                  self->mode != HERALD_PREVIEW_MODE_IMAGES_OFF;

  gtk_revealer_set_reveal_child (self->remote_revealer, show);
  gtk_widget_set_visible (GTK_WIDGET (self->remote_button), !self->allow_remote_content);

  if (self->allow_remote_content)
    gtk_label_set_text (self->remote_label, _ ("Remote images and styles load for every library."));
  else if (self->remote_for_library)
    {
      gtk_label_set_text (self->remote_label,
                          _ ("Remote images and styles load for this library."));
      gtk_button_set_label (self->remote_button, _ ("_Block"));
    }
  else
    {
      gtk_label_set_text (
          self->remote_label,
          _ ("Remote images are blocked, so tracking pixels do not fire while you work."));
      gtk_button_set_label (self->remote_button, _ ("_Allow for This Library"));
    }
  gtk_button_set_use_underline (self->remote_button, TRUE);
}

static gboolean
settings_have_key (GSettings *settings, const char *key)
{
  g_autoptr (GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

GSettings *
_herald_preview_open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "remote-content-libraries"))
    return NULL;

  return g_settings_new (APP_ID);
}

gboolean
_herald_preview_library_is_allowed (HeraldPreview *self)
{
  g_auto (GStrv) allowed = NULL;

  if (self->settings == NULL || self->library_dir == NULL)
    return FALSE;

  allowed = g_settings_get_strv (self->settings, "remote-content-libraries");
  return g_strv_contains ((const char *const *) allowed, self->library_dir);
}

void
_herald_preview_set_remote_for_library (HeraldPreview *self, gboolean allowed)
{
  allowed = !!allowed;
  if (self->remote_for_library == allowed)
    return;

  self->remote_for_library = allowed;
  _herald_preview_update_remote_bar (self);
  _herald_preview_queue_web_update (self);
}

static void
remember_library_allowance (HeraldPreview *self, gboolean allowed)
{
  g_auto (GStrv) current = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) updated = NULL;

  if (self->settings == NULL || self->library_dir == NULL ||
      !settings_have_key (self->settings, "remote-content-libraries"))
    return;

  current = g_settings_get_strv (self->settings, "remote-content-libraries");
  for (guint i = 0; current[i] != NULL; i++)
    if (!g_str_equal (current[i], self->library_dir))
      g_strv_builder_add (builder, current[i]);
  if (allowed)
    g_strv_builder_add (builder, self->library_dir);

  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "remote-content-libraries", (const char *const *) updated);
}

void
herald_preview_set_remote_allowed_for_library (HeraldPreview *self, gboolean allowed)
{
  g_return_if_fail (HERALD_IS_PREVIEW (self));

  remember_library_allowance (self, allowed);
  _herald_preview_set_remote_for_library (self, allowed);
}

void
_herald_preview_allow_remote_for_library_action (GtkWidget *widget,
                                                 const char *action_name,
                                                 GVariant *parameter)
{
  HeraldPreview *self = HERALD_PREVIEW (widget);

  herald_preview_set_remote_allowed_for_library (self, !self->remote_for_library);
}
