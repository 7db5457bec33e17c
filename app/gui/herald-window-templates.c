/* herald-window-templates.c: what the window does with whole templates: New Template,
 * Duplicate, Rename, Delete with Undo, and the template list's context menu. The work on
 * disk is herald-template-ops.c's.
 *
 * A deleted template waits in the library's staging folder while its toast is up; it goes
 * to the trash when the toast goes (timeout, dismissal), when the window closes or another
 * library opens. If Herald stops first, the next opening of the library trashes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-window"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-first-frame.h"
#include "herald-template-dialog.h"
#include "herald-window-private.h"

typedef struct
{
  HeraldWindow *self; /* unowned: the window finishes every deletion before it goes */
  HeraldDeletedTemplate *deleted;
  AdwToast *toast;
} Deletion;

static void
show_toast (HeraldWindow *self, const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
deletion_free (Deletion *deletion)
{
  g_signal_handlers_disconnect_by_data (deletion->toast, deletion);
  g_clear_object (&deletion->toast);
  g_clear_pointer (&deletion->deleted, herald_deleted_template_free);
  g_free (deletion);
}

static void
trash_deletion (HeraldWindow *self, Deletion *deletion, gboolean report)
{
  g_autoptr (GError) error = NULL;

  if (!herald_deleted_template_trash (deletion->deleted, &error))
    {
      if (report)
        show_toast (self, error->message);
      else
        g_warning ("%s", error->message);
    }
}

static void
toast_dismissed_cb (AdwToast *toast, Deletion *deletion)
{
  HeraldWindow *self = deletion->self;

  /* Undo took it out of the list before dismissing the toast. */
  if (!g_ptr_array_remove (self->deletions, deletion))
    return;
  trash_deletion (self, deletion, TRUE);
  deletion_free (deletion);
}

/* Sends what waits for Undo to the trash: the window is closing or shows another library. */
void
_herald_window_finish_deletions (HeraldWindow *self)
{
  g_autoptr (GPtrArray) deletions = NULL;

  if (self->deletions == NULL)
    return;

  deletions = g_steal_pointer (&self->deletions);
  self->deletions = g_ptr_array_new ();
  for (guint i = 0; i < deletions->len; i++)
    {
      Deletion *deletion = g_ptr_array_index (deletions, i);

      g_signal_handlers_disconnect_by_data (deletion->toast, deletion);
      adw_toast_dismiss (deletion->toast);
      trash_deletion (self, deletion, FALSE);
      deletion_free (deletion);
    }
}

static void
template_done_cb (HeraldWindow *self, HeraldTemplate *template)
{
  herald_window_select_template (self, herald_template_get_id (template));
}

static void
new_template_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  HeraldTemplateDialog *dialog;

  if (self->library == NULL)
    return;

  dialog = herald_template_dialog_new_create (GTK_WINDOW (self), self->library);
  g_signal_connect_object (dialog, "done", G_CALLBACK (template_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
duplicate_template_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  HeraldTemplate *copy;

  if (self->library == NULL || self->template == NULL)
    return;

  copy = herald_template_ops_duplicate (self->library, self->template, &error);
  if (copy == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  herald_window_select_template (self, herald_template_get_id (copy));
}

static void
rename_template_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  HeraldTemplateDialog *dialog;

  if (self->library == NULL || self->template == NULL)
    return;

  dialog = herald_template_dialog_new_rename (GTK_WINDOW (self), self->library, self->template);
  g_signal_connect_object (dialog, "done", G_CALLBACK (template_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* No question first: the toast's Undo brings the template back as it was, unsaved edits
 * included, as GNOME apps do for files. */
static void
delete_template_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  HeraldDeletedTemplate *deleted;
  Deletion *deletion;

  if (self->library == NULL || self->template == NULL)
    return;

  /* Translators: a toast after deleting a template, e.g. "“Low balance” deleted" */
  title = g_strdup_printf (_ ("“%s” deleted"), herald_template_get_name (self->template));
  deleted = herald_template_ops_delete (self->library, self->template, &error);
  if (deleted == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  deletion = g_new0 (Deletion, 1);
  deletion->self = self;
  deletion->deleted = deleted;
  deletion->toast = adw_toast_new (title);
  adw_toast_set_button_label (deletion->toast, _ ("_Undo"));
  adw_toast_set_action_name (deletion->toast, "win.undo-delete-template");
  adw_toast_set_priority (deletion->toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (deletion->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), deletion);
  g_ptr_array_add (self->deletions, deletion);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (deletion->toast));
}

/* Brings back the latest deletion still waiting. */
static void
undo_delete_template_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  HeraldTemplate *template;
  Deletion *deletion;

  if (self->deletions == NULL || self->deletions->len == 0)
    return;

  deletion = g_ptr_array_steal_index (self->deletions, self->deletions->len - 1);
  template = herald_deleted_template_get_template (deletion->deleted);
  if (!herald_deleted_template_restore (deletion->deleted, &error))
    {
      show_toast (self, error->message);
      trash_deletion (self, deletion, TRUE);
    }
  else
    herald_window_select_template (self, herald_template_get_id (template));

  adw_toast_dismiss (deletion->toast);
  deletion_free (deletion);
}

static void
update_template_actions (HeraldWindow *self)
{
  gboolean has_template = self->template != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-template", self->library != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.duplicate-template", has_template);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-template", has_template);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-template", has_template);
}

/* What earlier sessions could not send to the trash goes now; the toast says so. */
static void
library_changed_cb (HeraldWindow *self)
{
  g_autoptr (GError) error = NULL;

  _herald_window_finish_deletions (self);
  update_template_actions (self);
  if (self->library != NULL && herald_template_ops_trash_leftovers (self->library, &error) > 0 &&
      error != NULL)
    show_toast (self, error->message);
}

/* The context menu */

/* The list item of the row under a point of the list, or NULL between rows. */
static GtkListItem *
item_at (HeraldWindow *self, double x, double y)
{
  GtkWidget *widget = gtk_widget_pick (GTK_WIDGET (self->template_list), x, y, GTK_PICK_DEFAULT);

  for (; widget != NULL && widget != GTK_WIDGET (self->template_list);
       widget = gtk_widget_get_parent (widget))
    {
      GtkListItem *item = g_object_get_data (G_OBJECT (widget), "herald-list-item");

      if (item != NULL)
        return item;
    }
  return NULL;
}

/* Made after the first frame, or when first asked for if that is sooner: a menu's items are
 * widgets the first frame can do without. */
static GtkPopover *
ensure_template_menu (HeraldWindow *self)
{
  g_autoptr (GtkBuilder) builder = NULL;

  if (self->template_menu != NULL)
    return GTK_POPOVER (self->template_menu);

  builder = gtk_builder_new_from_resource (APP_PATH "/ui/herald-template-menu.ui");
  self->template_menu = gtk_popover_menu_new_from_model (
      G_MENU_MODEL (gtk_builder_get_object (builder, "template_menu")));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->template_menu), FALSE);
  gtk_widget_set_halign (self->template_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->template_menu, GTK_WIDGET (self->template_list));
  return GTK_POPOVER (self->template_menu);
}

static void
make_template_menu (GtkWidget *template_list)
{
  ensure_template_menu (HERALD_WINDOW (gtk_widget_get_root (template_list)));
}

static void
popup_menu_at (HeraldWindow *self, double x, double y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };
  GtkPopover *menu = ensure_template_menu (self);

  gtk_popover_set_pointing_to (menu, &rect);
  gtk_popover_popup (menu);
}

static void
popup_for_point (HeraldWindow *self, double x, double y)
{
  GtkListItem *item = item_at (self, x, y);

  /* The menu acts on the row it was opened on, as in Files. */
  if (item != NULL)
    gtk_single_selection_set_selected (self->selection, gtk_list_item_get_position (item));
  popup_menu_at (self, x, y);
}

static void
right_click_cb (GtkGestureClick *gesture, int n_press, double x, double y, HeraldWindow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_for_point (self, x, y);
}

static void
long_press_cb (GtkGestureLongPress *gesture, double x, double y, HeraldWindow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_for_point (self, x, y);
}

/* Menu or Shift+F10: the menu opens on the focused row (the selected one). */
static gboolean
menu_key_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  HeraldWindow *self = HERALD_WINDOW (gtk_widget_get_root (widget));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  graphene_rect_t bounds;

  if (focus != NULL && gtk_widget_is_ancestor (focus, widget) &&
      gtk_widget_compute_bounds (focus, widget, &bounds))
    popup_menu_at (self, bounds.origin.x + 24, bounds.origin.y + bounds.size.height / 2);
  else
    popup_menu_at (self, 24, 24);
  return TRUE;
}

static void
add_list_shortcut (GtkShortcutController *controller,
                   const char *trigger,
                   GtkShortcutAction *action)
{
  gtk_shortcut_controller_add_shortcut (
      controller, gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger), action));
}

/* Set up once the list exists: the menu, its gestures and the list's own keys. */
void
_herald_window_init_templates (HeraldWindow *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->deletions = g_ptr_array_new ();
  herald_run_after_first_frame (GTK_WIDGET (self->template_list), make_template_menu);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (right_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->template_list), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->template_list), GTK_EVENT_CONTROLLER (gesture));

  /* Delete deletes only from the list: in the editor it deletes text. */
  controller = gtk_shortcut_controller_new ();
  add_list_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "Delete",
                     gtk_named_action_new ("win.delete-template"));
  add_list_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "Menu|<Shift>F10",
                     gtk_callback_action_new (menu_key_cb, NULL, NULL));
  gtk_widget_add_controller (GTK_WIDGET (self->template_list), controller);

  g_signal_connect (self, "notify::library", G_CALLBACK (library_changed_cb), NULL);
  g_signal_connect (self, "notify::template", G_CALLBACK (update_template_actions), NULL);
  update_template_actions (self);
}

void
_herald_window_dispose_templates (HeraldWindow *self)
{
  _herald_window_finish_deletions (self);
  g_clear_pointer (&self->deletions, g_ptr_array_unref);
  g_clear_pointer (&self->template_menu, gtk_widget_unparent);
}

void
_herald_window_class_add_template_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-template", NULL, new_template_action);
  gtk_widget_class_install_action (widget_class, "win.duplicate-template", NULL,
                                   duplicate_template_action);
  gtk_widget_class_install_action (widget_class, "win.rename-template", NULL,
                                   rename_template_action);
  gtk_widget_class_install_action (widget_class, "win.delete-template", NULL,
                                   delete_template_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete-template", NULL,
                                   undo_delete_template_action);
}
