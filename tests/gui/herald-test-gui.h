/* herald-test-gui.h: helpers shared by the UI tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <webkit/webkit.h>

#include "herald-application.h"
#include "herald-window.h"

G_BEGIN_DECLS

void herald_test_gui_init (int *argc, char ***argv);
/* A registered application, with an id of its own: each one stays exported on the bus under
 * its id until the process ends. */
HeraldApplication *herald_test_start_application (void);
/* Removes the accounts and deliveries an earlier test of the process saved. */
void herald_test_forget_saved_state (void);
GPtrArray *herald_test_serve_notifications (void);
char *herald_test_buffer_text (GtkTextBuffer *buffer);
guint herald_test_dropdown_position (GtkDropDown *dropdown, const char *item);
char *herald_test_copy_sample_library (void);
/* Spins the default main context until cond() holds; fails the test after timeout_ms. */
gboolean herald_test_wait_until (gboolean (*cond) (gpointer), gpointer data, guint timeout_ms);
/* A condition for herald_test_wait_until(): the widget @widget is mapped. */
gboolean herald_test_widget_mapped (gpointer widget);
void herald_test_spin (guint ms);
HeraldWindow *herald_test_open_window (const char *library_dir);
HeraldWindow *herald_test_open_window_sized (const char *library_dir, int width, int height);
/* A window of @app showing the library, once its first template is drawn. */
HeraldWindow *herald_test_open_app_window (HeraldApplication *app, const char *library_dir);
char *herald_test_eval_string (WebKitWebView *web_view, const char *script);
/* Turns the mouse wheel @clicks notches down (up if negative) with the pointer over the
 * middle of @widget, as a person would: through the X server, so that GTK and WebKit see
 * real events. The window must be on screen. */
void herald_test_wheel (GtkWidget *widget, int clicks);
/* The X display the tests run on (asserted to be X11), to count the requests a step sends
 * with XNextRequest(). */
Display *herald_test_xdisplay (void);
/* Presses and releases the pointer's @button (1 left, 3 right) @times over the middle of
 * @widget, through the X server as herald_test_wheel() does. */
void herald_test_press_button (GtkWidget *widget, guint button, guint times);
void herald_test_save_screenshot (GtkWidget *widget, const char *file_name);
AdwMessageDialog *herald_test_find_dialog (GtkWindow *parent);
typedef gboolean (*HeraldTestMatch) (GtkWidget *widget, gconstpointer data);
/* The first widget in @root's tree, @root included and depth first, that @match accepts. */
GtkWidget *herald_test_find_widget (GtkWidget *root, HeraldTestMatch match, gconstpointer data);
GtkWidget *herald_test_find_widget_of_type (GtkWidget *root, GType type);
/* The first preferences row (action, entry, combo… row) titled exactly @title. */
GtkWidget *herald_test_find_row (GtkWidget *root, const char *title);
/* The label showing exactly @text; when @mapped, only one that is on screen. */
GtkLabel *herald_test_find_label (GtkWidget *root, const char *text, gboolean mapped);
/* The widget of @type whose tooltip starts with @tooltip_prefix. */
GtkWidget *herald_test_find_by_tooltip (GtkWidget *root, GType type, const char *tooltip_prefix);
GtkWidget *herald_test_find_actionable (GtkWidget *root, const char *action_name);
/* Compares languages and back, checking that the grid fits beside the sidebar, that each
 * column shows progress until its email is drawn, and that the single preview's controls
 * are inside the window afterwards. */
void herald_test_check_compare_layout (HeraldWindow *window);
void herald_test_respond (AdwMessageDialog *dialog, const char *response);
/* The visible toplevel window of @type (a dialog the test opened), or NULL. */
GtkWindow *herald_test_find_toplevel (GType type);
/* Activates @window's @action and returns the dialog of @type that it shows (asserted). */
GtkWindow *herald_test_open_dialog (HeraldWindow *window, const char *action, GType type);
guint herald_test_count_children (GtkWidget *widget);

G_END_DECLS
