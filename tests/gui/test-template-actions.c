/* test-template-actions.c: New Template, Duplicate, Rename and Delete with Undo through the
 * window's actions, in a real window, checked on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <X11/extensions/XTest.h>
#include <gdk/x11/gdkx.h>

#include "herald-template-dialog.h"
#include "herald-test-files.h"
#include "herald-test-gui.h"

static gboolean
path_exists (const char *library, const char *relative)
{
  g_autofree char *path = g_build_filename (library, relative, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
dialog_gone (gpointer data)
{
  return herald_test_find_toplevel (HERALD_TYPE_TEMPLATE_DIALOG) == NULL;
}

static const char *
current_id (HeraldWindow *window)
{
  HeraldTemplate *template = herald_window_get_template (window);

  return template != NULL ? herald_template_get_id (template) : NULL;
}

static HeraldTemplateDialog *
open_dialog (HeraldWindow *window, const char *action)
{
  HeraldTemplateDialog *dialog;

  dialog = (HeraldTemplateDialog *) herald_test_open_dialog (window, action,
                                                             HERALD_TYPE_TEMPLATE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

static void
confirm (HeraldTemplateDialog *dialog)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "template-dialog.confirm", NULL));
  g_assert_true (herald_test_wait_until (dialog_gone, NULL, 5000));
}

static void
test_new_from_starter (HeraldWindow *window, const char *library)
{
  HeraldTemplateDialog *dialog = open_dialog (window, "win.new-template");
  g_autofree char *json = NULL;

  /* A template needs a name. */
  herald_template_dialog_set_name (dialog, "  ");
  g_assert_nonnull (strstr (herald_template_dialog_get_message (dialog), "name"));
  g_assert_false (gtk_widget_is_sensitive (
      herald_test_find_actionable (GTK_WIDGET (dialog), "template-dialog.confirm")));

  /* The ID follows the name, as a portable slug. */
  herald_template_dialog_set_name (dialog, "Card blocked!");
  g_assert_cmpstr (herald_template_dialog_get_id (dialog), ==, "card-blocked");
  herald_test_save_screenshot (adw_window_get_content (ADW_WINDOW (dialog)),
                               "new-template-dialog.png");

  /* A name Windows reserves is refused next to the ID, and Create does nothing. */
  herald_template_dialog_set_id (dialog, "con");
  g_assert_nonnull (strstr (herald_template_dialog_get_message (dialog), "Windows"));
  g_assert_false (gtk_widget_is_sensitive (
      herald_test_find_actionable (GTK_WIDGET (dialog), "template-dialog.confirm")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "template-dialog.confirm", NULL);
  g_assert_true (herald_test_find_toplevel (HERALD_TYPE_TEMPLATE_DIALOG) == GTK_WINDOW (dialog));
  g_assert_false (path_exists (library, "templates/con"));
  /* So is an existing template. */
  herald_template_dialog_set_id (dialog, "low-balance");
  g_assert_nonnull (strstr (herald_template_dialog_get_message (dialog), "low-balance"));
  herald_test_save_screenshot (adw_window_get_content (ADW_WINDOW (dialog)),
                               "new-template-dialog-clash.png");

  herald_template_dialog_set_id (dialog, "card-blocked");
  herald_template_dialog_set_content (dialog, HERALD_TEMPLATE_CONTENT_STARTER);
  confirm (dialog);

  g_assert_cmpstr (current_id (window), ==, "card-blocked");
  g_assert_true (path_exists (library, "templates/card-blocked/body.html"));
  g_assert_true (path_exists (library, "templates/card-blocked/body.txt"));
  g_assert_true (path_exists (library, "templates/card-blocked/scenarios/example.json"));
  herald_test_spin (1500);
  herald_test_save_screenshot (GTK_WIDGET (window), "new-template-starter.png");
  json = herald_test_read_file (library, "templates/card-blocked/template.json");
  g_assert_nonnull (strstr (json, "\"name\": \"Card blocked!\""));
}

static void
test_duplicate (HeraldWindow *window, const char *library)
{
  HeraldTemplate *original = herald_window_get_template (window);
  g_autofree char *html = NULL;

  /* An edit not saved yet goes into the copy; the original keeps it unsaved. */
  herald_template_set_part (original, HERALD_PART_HTML, "<p lang=\"en\">Copied edit</p>\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.duplicate-template", NULL));

  g_assert_cmpstr (current_id (window), ==, "card-blocked-copy");
  g_assert_cmpstr (herald_template_get_name (herald_window_get_template (window)), ==,
                   "Card blocked! (copy)");
  html = herald_test_read_file (library, "templates/card-blocked-copy/body.html");
  g_assert_cmpstr (html, ==, "<p lang=\"en\">Copied edit</p>\n");
  g_assert_true (herald_template_get_modified (original));
}

static void
test_rename_keeps_editor (HeraldWindow *window, const char *library)
{
  HeraldTemplate *template = herald_window_get_template (window);
  HeraldTemplateEditor *editor = herald_window_get_editor (window);
  HeraldTemplateDialog *dialog;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  herald_template_set_part (template, HERALD_PART_HTML, "<p>Unsaved while renamed</p>\n");
  dialog = open_dialog (window, "win.rename-template");
  herald_test_save_screenshot (adw_window_get_content (ADW_WINDOW (dialog)),
                               "rename-template-dialog.png");
  herald_template_dialog_set_name (dialog, "Card frozen");
  herald_template_dialog_set_id (dialog, "zz-card-frozen");
  confirm (dialog);

  /* The same template stays open, in its new place in the list, with its edit unsaved. */
  g_assert_true (herald_window_get_template (window) == template);
  g_assert_true (herald_template_editor_get_template (editor) == template);
  g_assert_cmpstr (current_id (window), ==, "zz-card-frozen");
  g_assert_true (herald_template_get_modified (template));
  text = herald_test_buffer_text (herald_template_editor_get_buffer (editor, HERALD_PART_HTML));
  g_assert_cmpstr (text, ==, "<p>Unsaved while renamed</p>\n");

  g_assert_false (path_exists (library, "templates/card-blocked-copy"));
  json = herald_test_read_file (library, "templates/zz-card-frozen/template.json");
  g_assert_nonnull (strstr (json, "\"name\": \"Card frozen\""));
}

/* The template list's context menu: the popover menu whose parent is a list view. */
static gboolean
is_list_menu (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_POPOVER_MENU (widget) && GTK_IS_LIST_VIEW (gtk_widget_get_parent (widget));
}

static gboolean
is_list_view (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LIST_VIEW (widget);
}

/* The window makes the menu once it has painted, or when it is first asked for. */
static gboolean
list_menu_shown (gpointer data)
{
  GtkWidget *menu = herald_test_find_widget (GTK_WIDGET (data), is_list_menu, NULL);

  return menu != NULL && gtk_widget_get_mapped (menu);
}

static gboolean
menu_hidden (gpointer data)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
press_key (GtkWidget *widget, KeySym keysym)
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  KeyCode keycode = XKeysymToKeycode (xdisplay, keysym);

  g_assert_cmpuint (keycode, !=, 0);
  XTestFakeKeyEvent (xdisplay, keycode, True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, keycode, False, CurrentTime);
  XFlush (xdisplay);
}

/* A right-click on a row selects it and opens the menu of template actions there. */
static void
test_context_menu (HeraldWindow *window)
{
  GtkWidget *list = herald_test_find_widget (GTK_WIDGET (window), is_list_view, NULL);
  GtkWidget *row = GTK_WIDGET (herald_test_find_label (list, "Large expense", FALSE));
  GtkWidget *menu;

  g_assert_nonnull (list);
  g_assert_nonnull (row);
  g_assert_cmpstr (current_id (window), !=, "large-expense");
  herald_test_press_button (row, 3, 1);
  g_assert_true (herald_test_wait_until (list_menu_shown, window, 5000));
  menu = herald_test_find_widget (GTK_WIDGET (window), is_list_menu, NULL);
  g_assert_cmpstr (current_id (window), ==, "large-expense");
  herald_test_spin (300);
  herald_test_save_screenshot (gtk_popover_get_child (GTK_POPOVER (menu)),
                               "template-context-menu.png");
  gtk_popover_popdown (GTK_POPOVER (menu));
  g_assert_true (herald_test_wait_until (menu_hidden, menu, 5000));

  /* The Menu key opens it on the focused row, as a person without a mouse would. */
  herald_window_select_template (window, "zz-card-frozen");
  gtk_widget_grab_focus (gtk_widget_get_parent (menu));
  press_key (GTK_WIDGET (window), XK_Menu);
  g_assert_true (herald_test_wait_until (herald_test_widget_mapped, menu, 5000));
  gtk_popover_popdown (GTK_POPOVER (menu));
}

static void
test_delete_and_undo (HeraldWindow *window, const char *library)
{
  HeraldTemplate *template = herald_window_get_template (window);
  HeraldLibrary *model = herald_window_get_library (window);

  g_assert_cmpstr (current_id (window), ==, "zz-card-frozen");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-template", NULL));
  g_assert_false (path_exists (library, "templates/zz-card-frozen"));
  g_assert_null (herald_library_find_template (model, "zz-card-frozen"));
  g_assert_cmpstr (current_id (window), !=, "zz-card-frozen");
  herald_test_spin (600);
  herald_test_save_screenshot (GTK_WIDGET (window), "template-deleted-toast.png");

  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-delete-template", NULL));
  g_assert_true (path_exists (library, "templates/zz-card-frozen/template.json"));
  g_assert_true (herald_library_find_template (model, "zz-card-frozen") == template);
  g_assert_true (herald_window_get_template (window) == template);
  /* Undo brings back the edit that was not saved. */
  g_assert_true (herald_template_get_modified (template));
  g_assert_false (path_exists (library, ".herald-deleted"));

  /* Deleted for good: the folder goes to the trash when the window closes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-template", NULL));
  g_assert_true (path_exists (library, ".herald-deleted"));
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_template_operations (void)
{
  g_autofree char *library = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library);

  test_new_from_starter (window, library);
  test_duplicate (window, library);
  test_rename_keeps_editor (window, library);
  test_context_menu (window);
  test_delete_and_undo (window, library);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (window_gone, &window, 5000));
  g_assert_false (path_exists (library, ".herald-deleted"));
  g_assert_false (path_exists (library, "templates/zz-card-frozen"));
}

int
main (int argc, char *argv[])
{
  herald_test_gui_init (&argc, &argv);

  g_test_add_func ("/herald/ui/template-ops", test_template_operations);

  return g_test_run ();
}
