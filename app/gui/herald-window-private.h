/* herald-window-private.h: what herald-window.c shares with herald-window-actions.c,
 * herald-window-templates.c, herald-window-refresh.c and herald-window-locales.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-checks-panel.h"
#include "herald-clients-view.h"
#include "herald-deliveries-view.h"
#include "herald-l10n-library.h"
#include "herald-locale-grid.h"
#include "herald-localizer.h"
#include "herald-preview.h"
#include "herald-send-service.h"
#include "herald-template-editor.h"
#include "herald-window.h"

G_BEGIN_DECLS

struct _HeraldWindow
{
  AdwApplicationWindow parent_instance;

  /* Template Widgets */
  AdwViewSwitcherTitle *window_title;
  GtkMenuButton *library_button;
  GtkMenuButton *primary_menu_button;
  GtkLabel *library_label;
  AdwViewStack *view_stack;
  AdwViewSwitcherBar *switcher_bar;
  GtkStack *main_stack;
  AdwStatusPage *error_page; /* made when first needed */
  AdwBin *loading_slot;
  GtkListView *template_list;
  GtkDropDown *scenario_dropdown;
  GtkDropDown *locale_dropdown;
  HeraldTemplateEditor *editor;
  HeraldChecksPanel *checks_panel;
  HeraldClientsView *clients_view;
  HeraldPreview *preview;
  GtkStack *preview_stack;
  HeraldLocaleGrid *locale_grid;
  GtkWidget *editor_column;
  GtkRevealer *disk_revealer;
  AdwToastOverlay *toast_overlay;
  AdwBin *deliveries_slot;
  /* NULL until the Deliveries page is first shown or asked for: some fifty widgets. */
  HeraldDeliveriesView *deliveries_view;
  GMenu *library_menu;
  GMenu *primary_menu;
  GMenu *recent_menu;

  /* Owned References */
  GSettings *settings;
  HeraldLibrary *library;
  /* Codes offered by the locale picker: the source locale first, then the library's target
   * locales, then the pseudo-locale. */
  GtkStringList *locales;
  /* locale -> HeraldPoCatalog, loaded on first use and dropped when a .po changes */
  GHashTable *catalogs;
  /* HeraldTemplate -> GtkLabel of its sidebar row showing translation status */
  GHashTable *status_labels;
  HeraldTemplate *template;
  HeraldScenario *scenario;
  GtkSingleSelection *selection;
  GSignalGroup *template_signals;
  GSignalGroup *scenario_signals;
  GCancellable *cancellable;
  /* The folder of the last library that failed to open, for New Library… to offer it. */
  char *failed_directory;
  /* herald-window-templates.c: deletions waiting for Undo, the list's context menu */
  GPtrArray *deletions;
  GtkWidget *template_menu;

  guint preview_source;
  gint64 last_change_time;
  /* The language the preview was last refreshed in (NULL: the source), once it was. */
  char *refreshed_locale;
  guint refreshed : 1;
  guint checks_source;
  guint status_source;
  guint loading_title_source;
  guint close_confirmed : 1;
  guint comparing : 1;
};

typedef void (*HeraldAfterConfirm) (HeraldWindow *self, gpointer user_data);

void _herald_window_class_add_actions (GtkWidgetClass *widget_class);
void _herald_window_confirm_unsaved (HeraldWindow *self,
                                     HeraldAfterConfirm then,
                                     gpointer user_data,
                                     GDestroyNotify destroy);
HeraldSendService *_herald_window_get_send_service (HeraldWindow *self);

void _herald_window_class_add_template_actions (GtkWidgetClass *widget_class);
void _herald_window_init_templates (HeraldWindow *self);
void _herald_window_dispose_templates (HeraldWindow *self);
void _herald_window_finish_deletions (HeraldWindow *self);

void _herald_window_refresh_preview (HeraldWindow *self);
void _herald_window_queue_preview (HeraldWindow *self);

const char *_herald_window_current_locale (HeraldWindow *self);
HeraldPoCatalog *
_herald_window_get_catalog (HeraldWindow *self, const char *locale, GError **error);
HeraldLocalizedTemplate *_herald_window_localize_in (HeraldWindow *self,
                                                     const char *locale,
                                                     GPtrArray *diagnostics,
                                                     GError **error);
void _herald_window_update_status_labels (HeraldWindow *self);
void _herald_window_queue_status_update (HeraldWindow *self);
void _herald_window_rebuild_locales (HeraldWindow *self);
void _herald_window_rebuild_grid_columns (HeraldWindow *self);

G_END_DECLS
