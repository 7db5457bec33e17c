/* herald-template-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-template-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-template-dialog.h"

struct _HeraldTemplateDialog
{
  AdwWindow parent_instance;

  AdwEntryRow *name_row;
  AdwEntryRow *id_row;
  GtkLabel *message_label;
  GtkWidget *content_group;
  GtkButton *confirm_button;
  GtkCheckButton *starter_check;
  GtkCheckButton *blank_check;

  HeraldLibrary *library;
  HeraldTemplate *template; /* the one renamed, or NULL for a new one */
  /* The ID follows the name until the user types one. */
  guint id_edited : 1;
  guint setting_id : 1;
};

G_DEFINE_FINAL_TYPE (HeraldTemplateDialog, herald_template_dialog, ADW_TYPE_WINDOW)

enum
{
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A hint, or why the dialog cannot go on, marking the row at fault (culprit). */
static void
show_message (HeraldTemplateDialog *self, const char *message, GtkWidget *culprit)
{
  gtk_label_set_text (self->message_label, message);
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->id_row), "error");
  if (culprit != NULL)
    {
      gtk_widget_add_css_class (culprit, "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
}

static const char *
hint (HeraldTemplateDialog *self)
{
  if (self->template != NULL)
    return _ ("A new ID renames the template’s folder. Templates already published to Mailjet "
              "keep the old ID there.");
  return _ ("The ID names the template’s folder in the library: lower-case letters, digits and "
            "hyphens.");
}

/* Checks as the user types, so that the reason shows next to its cause before Create. */
static gboolean
validate (HeraldTemplateDialog *self)
{
  g_autofree char *trimmed =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *id = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  g_autoptr (GError) error = NULL;
  gboolean same_id =
      self->template != NULL && g_str_equal (id, herald_template_get_id (self->template));
  gboolean valid = TRUE;

  if (!same_id && !herald_template_ops_check_new_id (self->library, id, &error))
    {
      show_message (self, error->message, GTK_WIDGET (self->id_row));
      valid = FALSE;
    }
  else if (trimmed[0] == '\0')
    {
      show_message (self, _ ("The template needs a name: it is how the list shows it."),
                    GTK_WIDGET (self->name_row));
      valid = FALSE;
    }
  else
    show_message (self, hint (self), NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "template-dialog.confirm", valid);
  return valid;
}

static void
set_id_text (HeraldTemplateDialog *self, const char *id)
{
  self->setting_id = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), id);
  self->setting_id = FALSE;
}

static void
name_changed_cb (HeraldTemplateDialog *self)
{
  if (self->template == NULL && !self->id_edited)
    {
      const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
      g_autofree char *id =
          herald_template_ops_suggest_id (self->library, name[0] ? name : "template");

      set_id_text (self, id);
    }
  validate (self);
}

static void
id_changed_cb (HeraldTemplateDialog *self)
{
  if (!self->setting_id)
    self->id_edited = TRUE;
  validate (self);
}

static void
entry_activated_cb (HeraldTemplateDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "template-dialog.confirm", NULL);
}

static void
confirm_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldTemplateDialog *self = HERALD_TEMPLATE_DIALOG (widget);
  g_autofree char *name = NULL;
  const char *id = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldTemplate) result = NULL;

  if (!validate (self))
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (self->template == NULL)
    {
      HeraldTemplateContent content = gtk_check_button_get_active (self->starter_check)
                                          ? HERALD_TEMPLATE_CONTENT_STARTER
                                          : HERALD_TEMPLATE_CONTENT_BLANK;
      HeraldTemplate *created =
          herald_template_ops_create (self->library, id, name, content, &error);

      if (created != NULL)
        result = g_object_ref (created);
    }
  else if (herald_template_ops_rename (self->library, self->template, id, name, &error))
    result = g_object_ref (self->template);

  if (result == NULL)
    {
      show_message (self, error->message, GTK_WIDGET (self->id_row));
      return;
    }

  g_signal_emit (self, signals[DONE], 0, result);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
herald_template_dialog_dispose (GObject *object)
{
  HeraldTemplateDialog *self = (HeraldTemplateDialog *) object;

  g_clear_object (&self->library);
  g_clear_object (&self->template);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_TEMPLATE_DIALOG);

  G_OBJECT_CLASS (herald_template_dialog_parent_class)->dispose (object);
}

static void
herald_template_dialog_class_init (HeraldTemplateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_template_dialog_dispose;

  /**
   * HeraldTemplateDialog::done:
   * @template: the new template, or the renamed one
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 1, HERALD_TYPE_TEMPLATE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/herald-template-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateDialog, id_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateDialog, content_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateDialog, starter_check);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateDialog, blank_check);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, id_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_install_action (widget_class, "template-dialog.confirm", NULL, confirm_action);
}

static void
herald_template_dialog_init (HeraldTemplateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static HeraldTemplateDialog *
new_dialog (GtkWindow *parent, HeraldLibrary *library, HeraldTemplate *tmpl)
{
  HeraldTemplateDialog *self =
      g_object_new (HERALD_TYPE_TEMPLATE_DIALOG, "transient-for", parent, NULL);

  self->library = g_object_ref (library);
  g_set_object (&self->template, tmpl);
  return self;
}

HeraldTemplateDialog *
herald_template_dialog_new_create (GtkWindow *parent, HeraldLibrary *library)
{
  HeraldTemplateDialog *self;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);

  self = new_dialog (parent, library, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), _ ("New alert"));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

HeraldTemplateDialog *
herald_template_dialog_new_rename (GtkWindow *parent, HeraldLibrary *library, HeraldTemplate *tmpl)
{
  HeraldTemplateDialog *self;

  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);

  self = new_dialog (parent, library, tmpl);
  gtk_window_set_title (GTK_WINDOW (self), _ ("Rename Template"));
  gtk_button_set_label (self->confirm_button, _ ("_Rename"));
  gtk_widget_set_visible (self->content_group, FALSE);
  set_id_text (self, herald_template_get_id (tmpl));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), herald_template_get_name (tmpl));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

void
herald_template_dialog_set_name (HeraldTemplateDialog *self, const char *name)
{
  g_return_if_fail (HERALD_IS_TEMPLATE_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
}

void
herald_template_dialog_set_id (HeraldTemplateDialog *self, const char *id)
{
  g_return_if_fail (HERALD_IS_TEMPLATE_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), id);
}

const char *
herald_template_dialog_get_id (HeraldTemplateDialog *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->id_row));
}

void
herald_template_dialog_set_content (HeraldTemplateDialog *self, HeraldTemplateContent content)
{
  g_return_if_fail (HERALD_IS_TEMPLATE_DIALOG (self));
  gtk_check_button_set_active (
      content == HERALD_TEMPLATE_CONTENT_STARTER ? self->starter_check : self->blank_check, TRUE);
}

const char *
herald_template_dialog_get_message (HeraldTemplateDialog *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE_DIALOG (self), NULL);
  return gtk_label_get_text (self->message_label);
}
