/* herald-sender-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sender-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-sender-check.h"
#include "herald-tooltip.h"
#include "herald-sender-page.h"

struct _HeraldSenderPage
{
  AdwPreferencesPage parent_instance;

  /* Template Widgets */
  AdwComboRow *account_row;
  AdwEntryRow *address_row;
  AdwActionRow *status_row;
  GtkButton *check_button;
  GtkButton *validate_button;
  AdwPreferencesGroup *results_group;

  /* Owned References */
  HeraldSendService *service;
  HeraldSenderCheck *check;
  GCancellable *cancellable;
  GPtrArray *result_rows; /* unowned, in results_group */
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (HeraldSenderPage, herald_sender_page, ADW_TYPE_PREFERENCES_PAGE)

static void
set_busy (HeraldSenderPage *self, gboolean busy, const char *status)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->validate_button), !busy);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), status);
}

static void
clear_results (HeraldSenderPage *self)
{
  for (guint i = 0; i < self->result_rows->len; i++)
    adw_preferences_group_remove (self->results_group, g_ptr_array_index (self->result_rows, i));
  g_ptr_array_set_size (self->result_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->results_group), FALSE);
}

static void
add_result_row (HeraldSenderPage *self, GtkWidget *row)
{
  adw_preferences_group_add (self->results_group, row);
  g_ptr_array_add (self->result_rows, row);
}

static void
free_value (gpointer value, GClosure *closure)
{
  g_free (value);
}

static void
copy_clicked_cb (GtkButton *button, const char *value)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), value);
}

/* The record as a person copies it into their DNS host's form: name, type, value. */
static GtkWidget *
record_row (HeraldSenderFinding *finding)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *heading =
      g_strdup_printf (_ ("Record to publish: %s, type TXT"), finding->record_name);
  GtkWidget *name = gtk_label_new (heading);
  GtkWidget *value = gtk_label_new (finding->record_value);
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autoptr (PangoAttrList) attributes = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), heading);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_selectable (GTK_LABEL (name), TRUE);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_CHAR);
  /* A hyphen shown at a break would look like part of the key to someone typing it. */
  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (GTK_LABEL (value), attributes);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_widget_add_css_class (value, "monospace");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), value);
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  herald_widget_set_tooltip (copy, _ ("Copy the Value"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Copy the Value"), -1);
  g_signal_connect_data (copy, "clicked", G_CALLBACK (copy_clicked_cb),
                         g_strdup (finding->record_value), free_value, 0);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), copy);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
finding_row (HeraldSenderFinding *finding)
{
  GtkWidget *row = adw_action_row_new ();
  const char *icon = finding->severity == HERALD_SEVERITY_ERROR     ? "dialog-error-symbolic"
                     : finding->severity == HERALD_SEVERITY_WARNING ? "dialog-warning-symbolic"
                                                                    : "emblem-ok-symbolic";
  GtkWidget *image = gtk_image_new_from_icon_name (icon);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), finding->message);
  if (finding->fix)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), finding->fix);
  gtk_widget_add_css_class (image, finding->severity == HERALD_SEVERITY_ERROR     ? "error"
                                   : finding->severity == HERALD_SEVERITY_WARNING ? "warning"
                                                                                  : "success");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  return row;
}

static void
show_results (HeraldSenderPage *self)
{
  GPtrArray *findings = herald_sender_check_get_findings (self->check);
  HeraldSeverity verdict = herald_sender_check_get_verdict (self->check);
  const char *status = herald_sender_check_get_sender_status (self->check);

  clear_results (self);
  for (guint i = 0; i < findings->len; i++)
    {
      HeraldSenderFinding *f = g_ptr_array_index (findings, i);

      add_result_row (self, finding_row (f));
      if (f->record_name && f->record_value)
        add_result_row (self, record_row (f));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->results_group), findings->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->validate_button),
                          status != NULL && g_strcmp0 (status, "Active") != 0);
  set_busy (self, FALSE,
            verdict == HERALD_SEVERITY_ERROR     ? _ ("Problems: mail from this sender is likely "
                                                          "to be refused or filtered.")
            : verdict == HERALD_SEVERITY_WARNING ? _ ("It works, with warnings.")
                                                 : _ ("All good."));
}

static void
check_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldSenderPage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (HERALD_SENDER_CHECK (object) != self->check)
    return;
  if (!herald_sender_check_run_finish (HERALD_SENDER_CHECK (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_busy (self, FALSE, error->message);
      return;
    }
  show_results (self);
}

static void
client_ready_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldSenderPage) self = user_data;
  g_autoptr (HeraldMailjetClient) client = NULL;
  g_autoptr (GError) error = NULL;
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->address_row));

  client = herald_send_service_get_client_finish (HERALD_SEND_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->check);
  if (client != NULL)
    self->check = herald_sender_check_new (client, address, &error);
  if (self->check == NULL)
    {
      set_busy (self, FALSE, error->message);
      return;
    }
  herald_sender_check_run_async (self->check, self->cancellable, check_done_cb,
                                 g_object_ref (self));
}

static void
check_clicked_cb (HeraldSenderPage *self)
{
  HeraldAccount *account = adw_combo_row_get_selected_item (self->account_row);

  if (self->service == NULL || account == NULL ||
      *gtk_editable_get_text (GTK_EDITABLE (self->address_row)) == '\0')
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  clear_results (self);
  gtk_widget_set_visible (GTK_WIDGET (self->validate_button), FALSE);
  set_busy (self, TRUE, _ ("Checking with Mailjet and the DNS…"));
  herald_send_service_get_client_async (self->service, account, self->cancellable, client_ready_cb,
                                        g_object_ref (self));
}

static void
validated_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldSenderPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *outcome =
      herald_sender_check_validate_finish (HERALD_SENDER_CHECK (object), result, &error);

  if (error && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE, outcome ? outcome : error->message);
}

static void
validate_clicked_cb (HeraldSenderPage *self)
{
  if (self->check == NULL)
    return;
  set_busy (self, TRUE, _ ("Asking Mailjet to validate the sender…"));
  herald_sender_check_validate_async (self->check, self->cancellable, validated_cb,
                                      g_object_ref (self));
}

void
herald_sender_page_set_service (HeraldSenderPage *self, HeraldSendService *service)
{

  g_return_if_fail (HERALD_IS_SENDER_PAGE (self));
  g_return_if_fail (HERALD_IS_SEND_SERVICE (service));

  g_set_object (&self->service, service);
  herald_send_service_show_accounts (service, self->account_row);
}

void
herald_sender_page_check (HeraldSenderPage *self, HeraldAccount *account, const char *address)
{
  g_return_if_fail (HERALD_IS_SENDER_PAGE (self));
  g_return_if_fail (address != NULL);

  if (self->service != NULL)
    herald_send_service_select_account (self->service, self->account_row, account);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
  check_clicked_cb (self);
}

gboolean
herald_sender_page_get_busy (HeraldSenderPage *self)
{
  g_return_val_if_fail (HERALD_IS_SENDER_PAGE (self), FALSE);
  return self->busy;
}

static void
herald_sender_page_dispose (GObject *object)
{
  HeraldSenderPage *self = HERALD_SENDER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->check);
  g_clear_object (&self->service);
  g_clear_pointer (&self->result_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_SENDER_PAGE);
  G_OBJECT_CLASS (herald_sender_page_parent_class)->dispose (object);
}

static const HeraldTooltipSpec tooltips[] = {
  { "validate_button", N_ ("Ask Mailjet to validate this sender") },
};

static void
herald_sender_page_class_init (HeraldSenderPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = herald_sender_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/herald-sender-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldSenderPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldSenderPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldSenderPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldSenderPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldSenderPage, validate_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldSenderPage, results_group);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, validate_clicked_cb);
}

static void
herald_sender_page_init (HeraldSenderPage *self)
{
  self->result_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  herald_widget_set_template_tooltips (GTK_WIDGET (self), tooltips, G_N_ELEMENTS (tooltips));
}
