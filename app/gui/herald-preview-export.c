/* herald-preview-export.c: the email the preview shows, saved as a file (.eml, or a PNG
 * picture of the preview) and snapshotted for tests and exports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-eml-export.h"
#include "herald-preview-private.h"

GBytes *
herald_preview_build_eml (HeraldPreview *self, GError **error)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), NULL);

  if (self->rendered == NULL)
    {
      g_set_error (error, HERALD_EML_ERROR, HERALD_EML_ERROR_INVALID,
                   _ ("Choose a template first: there is no email to save."));
      return NULL;
    }

  return herald_eml_build (self->rendered, self->from_name,
                           self->from_email != NULL ? self->from_email : "sender@example.com",
                           "recipient@example.com", error);
}

static char *
suggested_file_name (HeraldPreview *self, const char *extension)
{
  const char *subject =
      self->rendered != NULL && self->rendered->subject != NULL ? self->rendered->subject : "";
  g_autofree char *base = g_strdup (subject[0] != '\0' ? subject : _ ("Email"));

  g_strdelimit (base, "/\\:*?\"<>|\n\r\t", '-');
  if (g_utf8_strlen (base, -1) > 60)
    *g_utf8_offset_to_pointer (base, 60) = '\0';

  return g_strconcat (g_strstrip (base), extension, NULL);
}

static void
export_saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldPreview) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _herald_preview_show_message (self, _ ("The File Could Not Be Saved"), error->message, NULL);
}

static void
save_bytes (HeraldPreview *self, GFile *file, GBytes *bytes)
{
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, export_saved_cb, g_object_ref (self));
}

static void
export_png_snapshot_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GFile) file = user_data;
  HeraldPreview *self = HERALD_PREVIEW (object);
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GError) error = NULL;

  texture = herald_preview_snapshot_finish (self, result, &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _herald_preview_show_message (self, _ ("The Image Could Not Be Made"), error->message,
                                      NULL);
      return;
    }

  png = gdk_texture_save_to_png_bytes (texture);
  save_bytes (self, file, png);
}

static void
export_response_cb (GtkNativeDialog *chooser, int response, HeraldPreview *self)
{
  g_autoptr (GFile) file = NULL;
  gboolean png = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "png"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL)
    return;

  if (png)
    {
      herald_preview_snapshot_async (self, self->cancellable, export_png_snapshot_cb,
                                     g_steal_pointer (&file));
    }
  else
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) eml = herald_preview_build_eml (self, &error);

      if (eml == NULL)
        _herald_preview_show_message (self, _ ("The Email Could Not Be Saved"), error->message,
                                      NULL);
      else
        save_bytes (self, file, eml);
    }
}

void
_herald_preview_export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldPreview *self = HERALD_PREVIEW (widget);
  gboolean png = g_str_equal (action_name, "preview.export-png");
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = suggested_file_name (self, png ? ".png" : ".eml");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (png ? _ ("Save Preview Image") : _ ("Save Email"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "png", GINT_TO_POINTER (png));
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
web_snapshot_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  HeraldPreview *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  GdkTexture *texture;

  texture = self->web->snapshot_finish (GTK_WIDGET (object), result, &error);
  if (texture == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static GdkTexture *
render_native_view (HeraldPreview *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (child);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (child);
  int height = gtk_widget_get_height (child);
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

  if (native == NULL || width <= 0 || height <= 0)
    return NULL;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL;

  return gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* The whole email as reviewers should see it: the full document in the web modes, what
 * the view shows in the others. */
void
herald_preview_snapshot_async (HeraldPreview *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  GdkTexture *texture;

  g_return_if_fail (HERALD_IS_PREVIEW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_preview_snapshot_async);

  if (_herald_preview_mode_is_web (self->mode))
    {
      if (self->web_view == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                                   _ ("The preview is still starting; try again in a moment."));
          return;
        }
      self->web->snapshot_async (self->web_view, cancellable, web_snapshot_cb,
                                 g_steal_pointer (&task));
      return;
    }

  texture = render_native_view (self);
  if (texture == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _ ("The preview is not on screen."));
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

GdkTexture *
herald_preview_snapshot_finish (HeraldPreview *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
