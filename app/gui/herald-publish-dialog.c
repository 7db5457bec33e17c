/* herald-publish-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-publish-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-publish-dialog.h"
#include "herald-tooltip.h"

struct _HeraldPublishDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  AdwComboRow *account_row;
  GtkSwitch *force_switch;
  AdwPreferencesGroup *templates_group;
  AdwPreferencesGroup *locales_group;
  GtkButton *publish_button;
  GtkLabel *status_label;
  GtkListBox *rows_list;

  HeraldSendService *service;
  HeraldLibrary *library;
  HeraldPublish *publish;
  GCancellable *cancellable;
  GPtrArray *template_checks; /* GtkCheckButton, "herald-id" data */
  GPtrArray *locale_checks;
  gboolean busy;
  gboolean dry_run;
  gboolean selecting; /* checks toggled in bulk: one new look at the end, not one each */
};

G_DEFINE_FINAL_TYPE (HeraldPublishDialog, herald_publish_dialog, ADW_TYPE_WINDOW)

static HeraldAccount *
selected_account (HeraldPublishDialog *self)
{
  return adw_combo_row_get_selected_item (self->account_row);
}

static void
set_busy (HeraldPublishDialog *self, gboolean busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->publish_button),
                            !busy && self->publish != NULL && selected_account (self) != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_row), !busy);
  /* A new choice cancels a dry run, never a publish half done. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->templates_group), !busy || self->dry_run);
  gtk_widget_set_sensitive (GTK_WIDGET (self->locales_group), !busy || self->dry_run);
}

static void
copy_clicked_cb (GtkButton *button, gpointer user_data)
{
  const char *id = g_object_get_data (G_OBJECT (button), "herald-template-id");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), id);
}

static GtkWidget *
id_box (const HeraldPublishRow *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, row->mailjet_id);
  GtkWidget *label;
  GtkWidget *copy;

  if (row->mailjet_id <= 0)
    return box;
  label = gtk_label_new (id);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), label);

  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  herald_widget_set_tooltip (copy, _ ("Copy the TemplateID"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Copy the TemplateID"), -1);
  g_object_set_data_full (G_OBJECT (copy), "herald-template-id", g_steal_pointer (&id), g_free);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), NULL);
  gtk_box_append (GTK_BOX (box), copy);
  return box;
}

static GtkWidget *
detail_row (const char *text, gboolean is_error)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, is_error ? "error" : "monospace");
  return label;
}

static GtkWidget *
make_row (const HeraldPublishRow *row)
{
  g_autofree char *title = g_strdup_printf ("%s — %s", row->template_id, row->locale);
  const char *state = herald_publish_state_get_label (row->state);
  g_autofree char *subtitle =
      row->error ? g_strdup_printf ("%s: %s", state, row->error) : g_strdup (state);

  /* A row with something to read unfolds; the others stay one line. */
  if (row->diff != NULL)
    {
      GtkWidget *expander = adw_expander_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), id_box (row));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), detail_row (row->diff, FALSE));
      return expander;
    }
  else
    {
      GtkWidget *action_row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (action_row), 0);
      if (row->error)
        gtk_widget_add_css_class (action_row, "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), id_box (row));
      return action_row;
    }
}

static void
clear_rows (HeraldPublishDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_list))) != NULL)
    gtk_list_box_remove (self->rows_list, child);
}

static void
show_rows (HeraldPublishDialog *self)
{
  guint counts[HERALD_PUBLISH_FAILED + 1] = { 0 };
  guint n = herald_publish_get_n_rows (self->publish);
  g_autofree char *status = NULL;

  clear_rows (self);
  for (guint i = 0; i < n; i++)
    {
      const HeraldPublishRow *row = herald_publish_get_row (self->publish, i);

      counts[row->state]++;
      gtk_list_box_append (self->rows_list, make_row (row));
    }

  if (self->dry_run)
    status = g_strdup_printf (_ ("To publish: %u new, %u changed, %u unchanged, %u refused."),
                              counts[HERALD_PUBLISH_NEW], counts[HERALD_PUBLISH_CHANGED],
                              counts[HERALD_PUBLISH_UNCHANGED], counts[HERALD_PUBLISH_REFUSED]);
  else if (herald_publish_get_n_failed (self->publish) > 0)
    status = g_strdup_printf (
        _ ("Published: %u created, %u updated, %u unchanged. %u not published: see their rows, "
           "then publish again to finish."),
        counts[HERALD_PUBLISH_CREATED], counts[HERALD_PUBLISH_UPDATED],
        counts[HERALD_PUBLISH_UNCHANGED], herald_publish_get_n_failed (self->publish));
  else
    status = g_strdup_printf (_ ("Published: %u created, %u updated, %u unchanged."),
                              counts[HERALD_PUBLISH_CREATED], counts[HERALD_PUBLISH_UPDATED],
                              counts[HERALD_PUBLISH_UNCHANGED]);
  gtk_label_set_text (self->status_label, status);
}

static void
show_error (HeraldPublishDialog *self, const char *message)
{
  gtk_label_set_text (self->status_label, message);
}

static void
run_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldPublishDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!herald_publish_run_finish (HERALD_PUBLISH (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (
              _ ("The account’s templates cannot be listed, so nothing was published: %s"),
              error->message);

          show_error (self, message);
          set_busy (self, FALSE);
        }
      return;
    }
  show_rows (self);
  set_busy (self, FALSE);
}

static void
client_ready_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldPublishDialog) self = user_data;
  g_autoptr (HeraldMailjetClient) client = NULL;
  g_autoptr (GError) error = NULL;

  client = herald_send_service_get_client_finish (HERALD_SEND_SERVICE (object), result, &error);
  if (client == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_error (self, error->message);
          set_busy (self, FALSE);
        }
      return;
    }
  herald_publish_run_async (self->publish, client, self->dry_run,
                            gtk_switch_get_active (self->force_switch), self->cancellable,
                            run_done_cb, g_object_ref (self));
}

/* The ids of the checked rows, NULL-terminated; empty when none is checked. */
static char **
dup_checked (GPtrArray *checks)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      g_strv_builder_add (builder, g_object_get_data (g_ptr_array_index (checks, i), "herald-id"));
  return g_strv_builder_end (builder);
}

static void
start (HeraldPublishDialog *self, gboolean dry_run)
{
  HeraldAccount *account = selected_account (self);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) template_ids = dup_checked (self->template_checks);
  g_auto (GStrv) locales = dup_checked (self->locale_checks);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (account == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->dry_run = dry_run;

  /* The library is read again each time: what is published is what is on disk now. */
  g_clear_object (&self->publish);
  if (template_ids[0] == NULL || locales[0] == NULL)
    {
      clear_rows (self);
      show_error (self, _ ("Check at least one template and one language to publish."));
      set_busy (self, FALSE);
      return;
    }
  self->publish = herald_publish_new (
      self->library, (const char *const *) template_ids, (const char *const *) locales,
      herald_account_get_sender_email (account), herald_account_get_sender_name (account), &error);
  if (self->publish == NULL)
    {
      show_error (self, error->message);
      set_busy (self, FALSE);
      return;
    }
  gtk_label_set_text (self->status_label,
                      dry_run ? _ ("Comparing with the account…") : _ ("Publishing…"));
  set_busy (self, TRUE);
  herald_send_service_get_client_async (self->service, account, self->cancellable, client_ready_cb,
                                        g_object_ref (self));
}

static void
account_changed_cb (HeraldPublishDialog *self)
{
  if (self->service != NULL)
    start (self, TRUE);
}

static void
publish_clicked_cb (HeraldPublishDialog *self)
{
  start (self, FALSE);
}

static void
selection_changed_cb (HeraldPublishDialog *self)
{
  if (self->service != NULL && !self->selecting)
    start (self, TRUE);
}

static GtkCheckButton *
add_check_row (HeraldPublishDialog *self,
               AdwPreferencesGroup *group,
               GPtrArray *checks,
               const char *id,
               const char *title,
               const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data_full (G_OBJECT (check), "herald-id", g_strdup (id), g_free);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (selection_changed_cb), self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (checks, check);
  return GTK_CHECK_BUTTON (check);
}

static void
fill_selection (HeraldPublishDialog *self)
{
  GListModel *templates = G_LIST_MODEL (self->library);
  const char *source = herald_library_get_source_locale (self->library);
  const char *const *targets = herald_library_get_target_locales (self->library);

  for (guint i = 0; i < g_list_model_get_n_items (templates); i++)
    {
      g_autoptr (HeraldTemplate) template = g_list_model_get_item (templates, i);
      const char *id = herald_template_get_id (template);
      const char *name = herald_template_get_name (template);

      add_check_row (self, self->templates_group, self->template_checks, id,
                     name && *name ? name : id, name && *name ? id : NULL);
    }
  add_check_row (self, self->locales_group, self->locale_checks, source, source,
                 _ ("Source language"));
  for (guint i = 0; targets && targets[i]; i++)
    add_check_row (self, self->locales_group, self->locale_checks, targets[i], targets[i],
                   _ ("Translation"));
}

static void
set_all (HeraldPublishDialog *self, GPtrArray *checks, gboolean active)
{
  self->selecting = TRUE;
  for (guint i = 0; i < checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (checks, i), active);
  self->selecting = FALSE;
  selection_changed_cb (self);
}

static void
select_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldPublishDialog *self = HERALD_PUBLISH_DIALOG (widget);
  gboolean templates = g_str_has_prefix (action_name, "publish.templates-");

  set_all (self, templates ? self->template_checks : self->locale_checks,
           g_str_has_suffix (action_name, "-all"));
}

static void
set_checked (GPtrArray *checks, const char *id, gboolean active)
{
  for (guint i = 0; i < checks->len; i++)
    if (g_strcmp0 (g_object_get_data (g_ptr_array_index (checks, i), "herald-id"), id) == 0)
      gtk_check_button_set_active (g_ptr_array_index (checks, i), active);
}

static void
force_changed_cb (HeraldPublishDialog *self)
{
  if (self->service != NULL && !self->busy)
    start (self, TRUE);
}

static void
herald_publish_dialog_dispose (GObject *object)
{
  HeraldPublishDialog *self = HERALD_PUBLISH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->publish);
  g_clear_object (&self->library);
  g_clear_object (&self->service);
  g_clear_pointer (&self->template_checks, g_ptr_array_unref);
  g_clear_pointer (&self->locale_checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_PUBLISH_DIALOG);

  G_OBJECT_CLASS (herald_publish_dialog_parent_class)->dispose (object);
}

static const HeraldTooltipSpec tooltips[] = {
  { "publish_button", N_ ("Create or update the templates that differ") },
  { "all_templates_button", N_ ("Select every template") },
  { "no_templates_button", N_ ("Select no template") },
  { "all_languages_button", N_ ("Select every language") },
  { "no_languages_button", N_ ("Select no language") },
};

static void
herald_publish_dialog_class_init (HeraldPublishDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_publish_dialog_dispose;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/heraldapp/Herald/ui/herald-publish-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldPublishDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, HeraldPublishDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldPublishDialog, force_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldPublishDialog, templates_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldPublishDialog, locales_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldPublishDialog, publish_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldPublishDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldPublishDialog, rows_list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "publish.templates-all", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "publish.templates-none", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "publish.locales-all", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "publish.locales-none", NULL, select_action);
}

static void
herald_publish_dialog_init (HeraldPublishDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  herald_widget_set_template_tooltips (GTK_WIDGET (self), tooltips, G_N_ELEMENTS (tooltips));
  self->template_checks = g_ptr_array_new ();
  self->locale_checks = g_ptr_array_new ();
  g_signal_connect_swapped (self->publish_button, "clicked", G_CALLBACK (publish_clicked_cb), self);
  g_signal_connect_swapped (self->force_switch, "notify::active", G_CALLBACK (force_changed_cb),
                            self);
}

HeraldPublishDialog *
herald_publish_dialog_new (GtkWindow *parent, HeraldSendService *service, HeraldLibrary *library)
{
  HeraldPublishDialog *self;

  g_return_val_if_fail (HERALD_IS_SEND_SERVICE (service), NULL);
  g_return_val_if_fail (HERALD_IS_LIBRARY (library), NULL);

  self = g_object_new (HERALD_TYPE_PUBLISH_DIALOG, "transient-for", parent, NULL);
  self->library = g_object_ref (library);
  adw_window_title_set_subtitle (self->window_title, herald_library_get_name (library));
  fill_selection (self);

  herald_send_service_show_accounts (service, self->account_row);
  g_signal_connect_swapped (self->account_row, "notify::selected", G_CALLBACK (account_changed_cb),
                            self);

  self->service = g_object_ref (service);
  start (self, TRUE);
  return self;
}

AdwComboRow *
herald_publish_dialog_get_account_row (HeraldPublishDialog *self)
{
  g_return_val_if_fail (HERALD_IS_PUBLISH_DIALOG (self), NULL);
  return self->account_row;
}

GtkButton *
herald_publish_dialog_get_publish_button (HeraldPublishDialog *self)
{
  g_return_val_if_fail (HERALD_IS_PUBLISH_DIALOG (self), NULL);
  return self->publish_button;
}

GtkListBox *
herald_publish_dialog_get_rows (HeraldPublishDialog *self)
{
  g_return_val_if_fail (HERALD_IS_PUBLISH_DIALOG (self), NULL);
  return self->rows_list;
}

HeraldPublish *
herald_publish_dialog_get_publish (HeraldPublishDialog *self)
{
  g_return_val_if_fail (HERALD_IS_PUBLISH_DIALOG (self), NULL);
  return self->publish;
}

const char *
herald_publish_dialog_get_status (HeraldPublishDialog *self)
{
  g_return_val_if_fail (HERALD_IS_PUBLISH_DIALOG (self), NULL);
  return gtk_label_get_text (self->status_label);
}

void
herald_publish_dialog_set_template_checked (HeraldPublishDialog *self,
                                            const char *template_id,
                                            gboolean checked)
{
  g_return_if_fail (HERALD_IS_PUBLISH_DIALOG (self));
  set_checked (self->template_checks, template_id, checked);
}

void
herald_publish_dialog_set_locale_checked (HeraldPublishDialog *self,
                                          const char *locale,
                                          gboolean checked)
{
  g_return_if_fail (HERALD_IS_PUBLISH_DIALOG (self));
  set_checked (self->locale_checks, locale, checked);
}

gboolean
herald_publish_dialog_get_busy (HeraldPublishDialog *self)
{
  g_return_val_if_fail (HERALD_IS_PUBLISH_DIALOG (self), FALSE);
  return self->busy;
}
