/* herald-window.c: HeraldWindow, one open library: template list, editor, checks, preview
 * and locale grid, and the render that feeds them after each edit.
 *
 * One widget, one file: what is left here is the wiring between the panes, which all follow
 * the same selected template, scenario and locale. Actions are herald-window-actions.c,
 * whole templates herald-window-templates.c, the render after each edit with its
 * scheduling herald-window-refresh.c, and the languages (locales, catalogs, translation
 * statuses) herald-window-locales.c (herald-window-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-window"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-checks-panel.h"
#include "herald-deliveries-view.h"
#include "herald-drop-down-labels.h"
#include "herald-first-frame.h"
#include "herald-still-pointer.h"
#include "herald-locale-grid.h"
#include "herald-locale-name.h"
#include "herald-send-dialog.h"
#include "herald-signal-group.h"
#include "herald-stack-switcher.h"
#include "herald-tooltip.h"
#include "herald-window-private.h"

#define MAX_RECENT_LIBRARIES 8
#define LIBRARY_NAME_CHARS 24

G_DEFINE_FINAL_TYPE (HeraldWindow, herald_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_LIBRARY,
  PROP_TEMPLATE,
  PROP_SCENARIO,
  PROP_COMPARING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

HeraldWindow *
herald_window_new (HeraldApplication *application)
{
  return g_object_new (HERALD_TYPE_WINDOW, "application", application, NULL);
}

static void
update_actions (HeraldWindow *self)
{
  gboolean modified = self->library != NULL && herald_library_get_modified (self->library);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", modified);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload-template", self->template != NULL);
}

/* GTK 4.8 reads a button by its label property, not by the label inside it. */
static void
name_library_button (HeraldWindow *self, const char *name)
{
  /* Translators: what a screen reader says of the button naming the open library */
  g_autofree char *label = g_strdup_printf (_ ("Library: %s"), name);
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (self->library_button));

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* The header names the library at every width; the title of the view switcher, shown only
 * when the window is too narrow for the switcher, names the template. */
static void
update_title (HeraldWindow *self)
{
  g_autofree char *title = NULL;

  if (self->library != NULL)
    {
      const char *name = herald_library_get_name (self->library);

      /* Ellipsized only past what any sensible name needs, so the title next to it gives
       * way first. */
      gtk_label_set_width_chars (self->library_label,
                                 MIN ((int) g_utf8_strlen (name, -1), LIBRARY_NAME_CHARS));
      gtk_label_set_label (self->library_label, name);
      name_library_button (self, name);
      herald_widget_set_tooltip (GTK_WIDGET (self->library_button),
                                 herald_library_get_directory (self->library));
    }
  else
    {
      gtk_label_set_width_chars (self->library_label, -1);
      gtk_label_set_label (self->library_label, _ ("No Library"));
      name_library_button (self, _ ("No Library"));
      herald_widget_set_tooltip (GTK_WIDGET (self->library_button), NULL);
    }

  if (self->template != NULL)
    title = g_strdup_printf ("%s%s", herald_template_get_modified (self->template) ? "• " : "",
                             herald_template_get_name (self->template));

  adw_view_switcher_title_set_title (self->window_title, title ? title : _ ("Herald"));
}

static void
diagnostic_activated_cb (HeraldWindow *self, HeraldDiagnostic *diagnostic)
{
  herald_template_editor_show_part (self->editor, herald_diagnostic_get_part (diagnostic),
                                    herald_diagnostic_get_line (diagnostic),
                                    herald_diagnostic_get_column (diagnostic));
}

static void
feature_activated_cb (HeraldWindow *self, guint line, guint column)
{
  herald_template_editor_show_part (self->editor, HERALD_PART_HTML, line, column);
}

static void
template_content_changed_cb (HeraldWindow *self)
{
  _herald_window_queue_preview (self);
}

static void
template_state_changed_cb (HeraldWindow *self)
{
  update_title (self);
  update_actions (self);
  gtk_revealer_set_reveal_child (self->disk_revealer,
                                 self->template != NULL &&
                                     herald_template_get_changed_on_disk (self->template));
}

/* The bar at the bottom takes over from the header's view switcher only when the header has
 * no room for one (page names far longer than English ones): its buttons, about 30 widgets,
 * are made the first time it shows. */
static void
switcher_bar_revealed_cb (HeraldWindow *self)
{
  if (adw_view_switcher_bar_get_reveal (self->switcher_bar) &&
      adw_view_switcher_bar_get_stack (self->switcher_bar) == NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, self->view_stack);
}

/* A library usually opens before the window's first frame: a title shown that briefly
 * would only flash, and laying out its large type cost that frame about a millisecond. The
 * status page itself (17 widgets) is made only then too. */
#define LOADING_TITLE_DELAY_MS 300

static gboolean
show_loading_title_cb (gpointer user_data)
{
  HeraldWindow *self = user_data;
  GtkWidget *page = adw_bin_get_child (self->loading_slot);

  self->loading_title_source = 0;
  if (page == NULL)
    {
      page = adw_status_page_new ();
      adw_bin_set_child (self->loading_slot, page);
    }
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _ ("Opening Library…"));
  return G_SOURCE_REMOVE;
}

static void
set_scenario (HeraldWindow *self, HeraldScenario *scenario)
{
  if (!g_set_object (&self->scenario, scenario))
    return;

  g_signal_group_set_target (self->scenario_signals, scenario);
  herald_template_editor_set_scenario (self->editor, scenario);
  _herald_window_queue_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
}

static void
scenario_selected_cb (HeraldWindow *self)
{
  set_scenario (self, gtk_drop_down_get_selected_item (self->scenario_dropdown));
}

/* The editor added, duplicated, renamed or restored a scenario: it becomes the one shown. */
static void
editor_select_scenario_cb (HeraldWindow *self, HeraldScenario *scenario)
{
  GListModel *model = gtk_drop_down_get_model (self->scenario_dropdown);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (HeraldScenario) item = g_list_model_get_item (model, i);

      if (item == scenario)
        gtk_drop_down_set_selected (self->scenario_dropdown, i);
    }
}

static void
set_template (HeraldWindow *self, HeraldTemplate *template)
{
  if (!g_set_object (&self->template, template))
    return;

  g_signal_group_set_target (self->template_signals, template);
  herald_template_editor_set_template (self->editor, template);

  gtk_drop_down_set_model (self->scenario_dropdown,
                           template ? herald_template_get_scenarios (template) : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scenario_dropdown), template != NULL);
  scenario_selected_cb (self);

  template_state_changed_cb (self);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  _herald_window_refresh_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATE]);
}

static void
selection_changed_cb (HeraldWindow *self)
{
  set_template (self, gtk_single_selection_get_selected_item (self->selection));
}

static void
remember_library (HeraldWindow *self, const char *directory)
{
  g_auto (GStrv) recent = g_settings_get_strv (self->settings, "recent-libraries");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) updated = NULL;
  guint count = 1;

  g_strv_builder_add (builder, directory);
  for (guint i = 0; recent[i] != NULL && count < MAX_RECENT_LIBRARIES; i++)
    {
      if (g_str_equal (recent[i], directory))
        continue;
      g_strv_builder_add (builder, recent[i]);
      count++;
    }
  updated = g_strv_builder_end (builder);

  g_settings_set_strv (self->settings, "recent-libraries", (const char *const *) updated);
  g_settings_set_string (self->settings, "last-library", directory);
}

static void
rebuild_recent_menu (HeraldWindow *self)
{
  g_auto (GStrv) recent = g_settings_get_strv (self->settings, "recent-libraries");

  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *label = g_path_get_basename (recent[i]);
      g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_menu, item);
    }
}

static void
library_modified_cb (HeraldWindow *self)
{
  update_actions (self);
}

/* How long the language grid's columns outlive Compare Languages turned off. */
#define GRID_KEPT_HIDDEN_S 60

void
herald_window_set_comparing (HeraldWindow *self, gboolean comparing)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));

  comparing = !!comparing;
  if (self->comparing == comparing)
    return;

  self->comparing = comparing;
  if (comparing)
    _herald_window_rebuild_grid_columns (self);
  else
    herald_locale_grid_drop_columns_after (self->locale_grid, GRID_KEPT_HIDDEN_S);
  /* Comparing wants the width: the editor steps aside until the user is done. */
  gtk_widget_set_visible (self->editor_column, !comparing);
  gtk_stack_set_visible_child_name (self->preview_stack, comparing ? "grid" : "single");
  _herald_window_refresh_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARING]);
}

HeraldLocaleGrid *
herald_window_get_locale_grid (HeraldWindow *self)
{
  g_return_val_if_fail (HERALD_IS_WINDOW (self), NULL);
  return self->locale_grid;
}

/* A translator's new .po, or a regenerated .pot: statuses and the preview follow. */
static void
po_changed_cb (HeraldWindow *self, const char *path)
{
  g_hash_table_remove_all (self->catalogs);
  _herald_window_update_status_labels (self);
  _herald_window_queue_preview (self);
}

static void
locale_selected_cb (HeraldWindow *self)
{
  /* The drop-down also tells when it is given its list (a library opening) with the
   * language shown still selected: rendering it again cost the first frame 12 ms. */
  if (self->refreshed &&
      g_strcmp0 (self->refreshed_locale, _herald_window_current_locale (self)) == 0)
    return;
  _herald_window_queue_preview (self);
}

static void
set_library (HeraldWindow *self, HeraldLibrary *library)
{
  if (self->library != NULL)
    {
      herald_library_set_monitored (self->library, FALSE);
      g_signal_handlers_disconnect_by_data (self->library, self);
    }

  g_set_object (&self->library, library);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (library));

  g_hash_table_remove_all (self->catalogs);
  _herald_window_rebuild_locales (self);
  herald_template_editor_set_locales (self->editor,
                                      library ? herald_library_get_target_locales (library) : NULL);

  if (library != NULL)
    {
      herald_library_set_monitored (library, TRUE);
      g_signal_connect_object (library, "po-changed", G_CALLBACK (po_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (library, "notify::modified", G_CALLBACK (library_modified_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (library, "notify::name", G_CALLBACK (update_title), self,
                               G_CONNECT_SWAPPED);
      g_clear_handle_id (&self->loading_title_source, g_source_remove);
      gtk_stack_set_visible_child_name (self->main_stack, "library");
    }

  selection_changed_cb (self);
  update_title (self);
  update_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.library-settings", library != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY]);
}

void
herald_window_show_error (HeraldWindow *self, const char *title, const char *message)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));

  g_clear_handle_id (&self->loading_title_source, g_source_remove);
  if (self->error_page == NULL)
    {
      g_autoptr (GtkBuilder) builder =
          gtk_builder_new_from_resource (APP_PATH "/ui/herald-window-error.ui");

      self->error_page = ADW_STATUS_PAGE (gtk_builder_get_object (builder, "error_page"));
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->error_page), "error");
    }
  /* Set here rather than in the .ui file: this icon exists only as SVG at a status page's
   * size, and loading it loads the SVG renderer (librsvg, 6 MB). */
  adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

typedef struct
{
  HeraldWindow *self;
  char *directory;
} OpenData;

static void
library_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  OpenData *data = user_data;
  g_autoptr (HeraldWindow) self = data->self;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *directory = data->directory;

  g_free (data);

  library = herald_library_load_finish (result, &error);
  if (library == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_free (self->failed_directory);
          self->failed_directory = g_steal_pointer (&directory);
          herald_window_show_error (self, _ ("This folder is not a library Herald can open"),
                                    error->message);
        }
      return;
    }

  g_clear_pointer (&self->failed_directory, g_free);

  set_library (self, library);
  remember_library (self, herald_library_get_directory (library));
  for (const char *const *problem = herald_library_get_problems (library); *problem != NULL;
       problem++)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (*problem));
}

/* Opens a library in place of the current one. The current one's unsaved edits are the
 * caller's concern (the open action asks first). */
void
herald_window_open_library (HeraldWindow *self, const char *directory)
{
  OpenData *data;

  g_return_if_fail (HERALD_IS_WINDOW (self));
  g_return_if_fail (directory != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  data = g_new0 (OpenData, 1);
  data->self = g_object_ref (self);
  data->directory = g_strdup (directory);
  herald_library_load_async (directory, self->cancellable, library_loaded_cb, data);
}

HeraldLibrary *
herald_window_get_library (HeraldWindow *self)
{
  g_return_val_if_fail (HERALD_IS_WINDOW (self), NULL);
  return self->library;
}

HeraldTemplate *
herald_window_get_template (HeraldWindow *self)
{
  g_return_val_if_fail (HERALD_IS_WINDOW (self), NULL);
  return self->template;
}

HeraldScenario *
herald_window_get_scenario (HeraldWindow *self)
{
  g_return_val_if_fail (HERALD_IS_WINDOW (self), NULL);
  return self->scenario;
}

HeraldTemplateEditor *
herald_window_get_editor (HeraldWindow *self)
{
  g_return_val_if_fail (HERALD_IS_WINDOW (self), NULL);
  return self->editor;
}

HeraldPreview *
herald_window_get_preview (HeraldWindow *self)
{
  g_return_val_if_fail (HERALD_IS_WINDOW (self), NULL);
  return self->preview;
}

void
herald_window_select_template (HeraldWindow *self, const char *id)
{
  guint n;

  g_return_if_fail (HERALD_IS_WINDOW (self));

  if (self->library == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->library));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldTemplate) template = g_list_model_get_item (G_LIST_MODEL (self->library), i);

      if (g_str_equal (herald_template_get_id (template), id))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

static void
open_link_response_cb (AdwMessageDialog *dialog, const char *response, HeraldWindow *self)
{
  const char *uri = g_object_get_data (G_OBJECT (dialog), "uri");

  if (g_str_equal (response, "open"))
    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* The preview never follows links itself; the user sees the whole address (tracking and
 * look-alike domains included) before anything opens. */
static void
link_activated_cb (HeraldWindow *self, const char *uri)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (GTK_WINDOW (self), _ ("Open Link in Browser?"), uri));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "open", _ ("_Open Link"),
                                    NULL);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "uri", g_strdup (uri), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_link_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_then (HeraldWindow *self, gpointer user_data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
herald_window_close_request (GtkWindow *window)
{
  HeraldWindow *self = (HeraldWindow *) window;
  int width, height;

  if (!self->close_confirmed && self->library != NULL &&
      herald_library_get_modified (self->library))
    {
      _herald_window_confirm_unsaved (self, close_then, NULL, NULL);
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (herald_window_parent_class)->close_request (window);
}

/* Sidebar rows: name, description and, per target locale, how much is translated. */
static GtkWidget *
add_row_label (GtkWidget *box, const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (style != NULL)
    {
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, style);
    }
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static void
setup_template_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, HeraldWindow *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *marker = gtk_label_new ("•");

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_hexpand (texts, TRUE);
  add_row_label (texts, NULL);
  add_row_label (texts, "dim-label");
  add_row_label (texts, "translation-status");
  gtk_box_append (GTK_BOX (row), texts);

  gtk_widget_set_valign (marker, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (marker, "accent");
  herald_widget_set_tooltip (marker, _ ("Unsaved changes"));
  gtk_box_append (GTK_BOX (row), marker);

  gtk_list_item_set_child (item, row);
  /* For the context menu: which row a click landed on. */
  g_object_set_data (G_OBJECT (row), "herald-list-item", item);
}

static void
bind_template_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, HeraldWindow *self)
{
  HeraldTemplate *template = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (row);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *description = gtk_widget_get_next_sibling (name);
  GtkWidget *status = gtk_widget_get_next_sibling (description);
  GtkWidget *marker = gtk_widget_get_last_child (row);
  GBinding *binding;

  binding = g_object_bind_property (template, "name", name, "label", G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (name), "binding", binding);
  binding =
      g_object_bind_property (template, "description", description, "label", G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (description), "binding", binding);
  binding = g_object_bind_property (template, "modified", marker, "visible", G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (marker), "binding", binding);

  /* Counting translations reads every .po and walks the template's HTML: it waits until
   * the window is on screen and idle (_herald_window_queue_status_update). */
  g_hash_table_insert (self->status_labels, template, status);
  _herald_window_queue_status_update (self);
}

static void
unbind_widget (GtkWidget *widget)
{
  GBinding *binding = g_object_steal_data (G_OBJECT (widget), "binding");

  if (binding != NULL)
    g_binding_unbind (binding);
}

static void
unbind_template_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, HeraldWindow *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (row);

  for (GtkWidget *child = gtk_widget_get_first_child (texts); child;
       child = gtk_widget_get_next_sibling (child))
    unbind_widget (child);
  unbind_widget (gtk_widget_get_last_child (row));
  /* Rows are unbound while the window is being disposed, too. */
  if (self->status_labels != NULL)
    g_hash_table_remove (self->status_labels, gtk_list_item_get_item (item));
}

/* Test sends ------------------------------------------------------------------------ */

HeraldSendService *
_herald_window_get_send_service (HeraldWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return HERALD_IS_APPLICATION (app)
             ? herald_application_get_send_service (HERALD_APPLICATION (app))
             : NULL;
}

static void
update_deliveries_view (HeraldWindow *self)
{
  if (self->deliveries_view == NULL)
    return;
  herald_deliveries_view_set_service (self->deliveries_view,
                                      _herald_window_get_send_service (self));
  herald_deliveries_view_set_library (self->deliveries_view, self->library);
}

static HeraldDeliveriesView *
ensure_deliveries_view (HeraldWindow *self)
{
  if (self->deliveries_view == NULL)
    {
      self->deliveries_view = g_object_new (HERALD_TYPE_DELIVERIES_VIEW, NULL);
      adw_bin_set_child (self->deliveries_slot, GTK_WIDGET (self->deliveries_view));
      update_deliveries_view (self);
    }
  return self->deliveries_view;
}

static void
sending_state_changed_cb (HeraldWindow *self)
{
  update_deliveries_view (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.send-test",
                                 self->template != NULL &&
                                     _herald_window_get_send_service (self) != NULL);
}

void
herald_window_show_deliveries (HeraldWindow *self)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));
  ensure_deliveries_view (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "deliveries");
}

HeraldDeliveriesView *
herald_window_get_deliveries_view (HeraldWindow *self)
{
  g_return_val_if_fail (HERALD_IS_WINDOW (self), NULL);
  return ensure_deliveries_view (self);
}

static void
herald_window_constructed (GObject *object)
{
  HeraldWindow *self = (HeraldWindow *) object;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  G_OBJECT_CLASS (herald_window_parent_class)->constructed (object);

  if (app != NULL && herald_application_get_settings (HERALD_APPLICATION (app)) != NULL)
    self->settings = g_object_ref (herald_application_get_settings (HERALD_APPLICATION (app)));
  else
    self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "allow-remote-content", self->preview, "allow-remote-content",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed::recent-libraries",
                           G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
  rebuild_recent_menu (self);

  /* The application is set after construction. */
  g_signal_connect_swapped (self->deliveries_slot, "map", G_CALLBACK (ensure_deliveries_view),
                            self);
  g_signal_connect (self, "notify::application", G_CALLBACK (sending_state_changed_cb), NULL);
  g_signal_connect (self, "notify::template", G_CALLBACK (sending_state_changed_cb), NULL);
  g_signal_connect (self, "notify::library", G_CALLBACK (sending_state_changed_cb), NULL);
  sending_state_changed_cb (self);
}

static void
herald_window_dispose (GObject *object)
{
  HeraldWindow *self = (HeraldWindow *) object;

  /* libadwaita 1.2's switchers must let go of the stack before it is destroyed. */
  if (self->switcher_bar != NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
  if (self->window_title != NULL)
    adw_view_switcher_title_set_stack (self->window_title, NULL);

  _herald_window_dispose_templates (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_clear_handle_id (&self->checks_source, g_source_remove);
  g_clear_handle_id (&self->status_source, g_source_remove);
  g_clear_handle_id (&self->loading_title_source, g_source_remove);
  if (self->library != NULL)
    herald_library_set_monitored (self->library, FALSE);
  g_clear_object (&self->template_signals);
  g_clear_object (&self->scenario_signals);
  g_clear_object (&self->selection);
  g_clear_object (&self->template);
  g_clear_object (&self->scenario);
  g_clear_object (&self->library);
  g_clear_object (&self->locales);
  g_clear_pointer (&self->catalogs, g_hash_table_unref);
  g_clear_pointer (&self->status_labels, g_hash_table_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->failed_directory, g_free);
  g_clear_pointer (&self->refreshed_locale, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_WINDOW);
  /* It went with its slot. */
  self->deliveries_view = NULL;

  G_OBJECT_CLASS (herald_window_parent_class)->dispose (object);
}

static void
herald_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HeraldWindow *self = HERALD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;
    case PROP_TEMPLATE:
      g_value_set_object (value, self->template);
      break;
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_COMPARING:
      g_value_set_boolean (value, self->comparing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  HeraldWindow *self = HERALD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_COMPARING:
      herald_window_set_comparing (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static const HeraldTooltipSpec tooltips[] = {
  { "send_test_button", N_ ("Send a Test of This Template (Ctrl+Return)") },
  { "primary_menu_button", N_ ("Main Menu") },
  { "save_button", N_ ("Save All Templates (Ctrl+S)") },
  { "scenario_dropdown", N_ ("Scenario: the sample data the preview uses") },
  { "locale_dropdown",
    N_ ("Language of the preview; en-XA is a pseudo-translation for testing layouts") },
  { "compare_button", N_ ("Compare Languages Side by Side") },
};

static void
herald_window_class_init (HeraldWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = herald_window_constructed;
  object_class->dispose = herald_window_dispose;
  object_class->get_property = herald_window_get_property;
  object_class->set_property = herald_window_set_property;
  window_class->close_request = herald_window_close_request;

  properties[PROP_LIBRARY] =
      g_param_spec_object ("library", NULL, NULL, HERALD_TYPE_LIBRARY,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEMPLATE] =
      g_param_spec_object ("template", NULL, NULL, HERALD_TYPE_TEMPLATE,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCENARIO] =
      g_param_spec_object ("scenario", NULL, NULL, HERALD_TYPE_SCENARIO,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPARING] =
      g_param_spec_boolean ("comparing", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HERALD_TYPE_TEMPLATE_EDITOR);
  g_type_ensure (HERALD_TYPE_CHECKS_PANEL);
  g_type_ensure (HERALD_TYPE_CLIENTS_VIEW);
  g_type_ensure (HERALD_TYPE_DELIVERIES_VIEW);
  g_type_ensure (HERALD_TYPE_PREVIEW);
  g_type_ensure (HERALD_TYPE_LOCALE_GRID);
  g_type_ensure (HERALD_TYPE_STACK_SWITCHER);
  g_type_ensure (HERALD_TYPE_TEMPLATE);
  g_type_ensure (HERALD_TYPE_SCENARIO);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/herald-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, library_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, library_menu);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, library_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, loading_slot);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, template_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, scenario_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, locale_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, locale_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, switcher_bar_revealed_cb);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, checks_panel);
  gtk_widget_class_bind_template_callback (widget_class, diagnostic_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, clients_view);
  gtk_widget_class_bind_template_callback (widget_class, feature_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, locale_grid);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, editor_column);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, disk_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, deliveries_slot);
  gtk_widget_class_bind_template_callback (widget_class, scenario_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_activated_cb);

  _herald_window_class_add_actions (widget_class);
  _herald_window_class_add_template_actions (widget_class);
}

/* GTK 4.8 gives a drop-down's label to the drop-down only, while screen readers land on
 * the button inside it, which then reads as "GtkToggleButton". */
static void
name_drop_down_button (GtkDropDown *drop_down, const char *label)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (drop_down));

  g_return_if_fail (GTK_IS_TOGGLE_BUTTON (button));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static char *
describe_locale_cb (GtkStringObject *item, const char *locale)
{
  return herald_locale_name_dup_label (locale);
}

/* The picker holds locale codes, which other code and tests select by; people read names. */
static void
show_language_names (GtkDropDown *drop_down)
{
  GtkExpression *code = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  g_autoptr (GtkExpression) name = gtk_cclosure_expression_new (
      G_TYPE_STRING, NULL, 1, &code, G_CALLBACK (describe_locale_cb), NULL, NULL);

  gtk_drop_down_set_expression (drop_down, name);
}

static void
herald_window_init (HeraldWindow *self)
{
  g_autoptr (GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading_title_source = g_timeout_add (LOADING_TITLE_DELAY_MS, show_loading_title_cb, self);
  herald_widget_set_template_tooltips (GTK_WIDGET (self), tooltips, G_N_ELEMENTS (tooltips));
  herald_revealer_hide_child_while_concealed (self->disk_revealer);
  herald_window_ignore_still_pointer (GTK_WINDOW (self));
  name_drop_down_button (self->scenario_dropdown, _ ("Scenario"));
  name_drop_down_button (self->locale_dropdown, _ ("Language"));
  show_language_names (self->locale_dropdown);
  herald_drop_down_use_shrinking_labels (self->scenario_dropdown);
  herald_drop_down_use_shrinking_labels (self->locale_dropdown);
  g_menu_append_section (self->library_menu, NULL, G_MENU_MODEL (self->recent_menu));
  herald_menu_button_set_menu_model_after_first_frame (self->library_button,
                                                       G_MENU_MODEL (self->library_menu));
  herald_menu_button_set_menu_model_after_first_frame (self->primary_menu_button,
                                                       G_MENU_MODEL (self->primary_menu));

  self->cancellable = g_cancellable_new ();
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_template_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_template_row_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_template_row_cb), self, 0);
  gtk_list_view_set_factory (self->template_list, factory);
  self->catalogs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->status_labels = g_hash_table_new (NULL, NULL);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_list_view_set_model (self->template_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  _herald_window_init_templates (self);

  g_signal_connect_object (self->editor, "select-scenario", G_CALLBACK (editor_select_scenario_cb),
                           self, G_CONNECT_SWAPPED);
  self->template_signals = g_signal_group_new (HERALD_TYPE_TEMPLATE);
  herald_signal_group_connect_notifies (
      self->template_signals, (const char *const[]){ HERALD_TEMPLATE_CONTENT_PROPERTIES, NULL },
      G_CALLBACK (template_content_changed_cb), self);
  herald_signal_group_connect_notifies (
      self->template_signals, (const char *const[]){ "modified", "changed-on-disk", NULL },
      G_CALLBACK (template_state_changed_cb), self);
  g_signal_group_connect_object (self->template_signals, "notify::name", G_CALLBACK (update_title),
                                 self, G_CONNECT_SWAPPED);

  self->scenario_signals = g_signal_group_new (HERALD_TYPE_SCENARIO);
  g_signal_group_connect_object (self->scenario_signals, "notify::text",
                                 G_CALLBACK (template_content_changed_cb), self, G_CONNECT_SWAPPED);

  update_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.library-settings", FALSE);
}
