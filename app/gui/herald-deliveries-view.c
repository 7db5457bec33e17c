/* herald-deliveries-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-deliveries-view"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-deliveries-view.h"
#include "herald-test-send.h"
#include "herald-tooltip.h"

struct _HeraldDeliveriesView
{
  AdwBin parent_instance;

  /* Template Widgets */
  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkBox *groups_box;
  GtkMenuButton *connection_button;
  GtkPopover *connection_popover;
  GtkGrid *connection_grid;

  /* Owned References */
  HeraldSendService *service;
  HeraldLibrary *library;
  GPtrArray *groups; /* Group */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (HeraldDeliveriesView, herald_deliveries_view, ADW_TYPE_BIN)

/* The messages of one send: same time, account and template. */
typedef struct
{
  char *key;
  GPtrArray *deliveries; /* HeraldDelivery */
  GPtrArray *rows;       /* HeraldDeliveryRow, unowned */
} Group;

static void
group_free (gpointer data)
{
  Group *group = data;

  g_free (group->key);
  g_ptr_array_unref (group->deliveries);
  g_ptr_array_unref (group->rows);
  g_free (group);
}

static char *
group_key (HeraldDelivery *delivery)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%s", herald_delivery_get_sent_at (delivery),
                          herald_delivery_get_account_id (delivery),
                          herald_delivery_get_template_id (delivery));
}

static HeraldTemplate *
find_template (HeraldDeliveriesView *self, const char *id)
{
  return self->library && id ? herald_library_find_template (self->library, id) : NULL;
}

static const char *
scenario_name (HeraldTemplate *template, const char *id)
{
  HeraldScenario *scenario =
      template && id && *id ? herald_template_find_scenario (template, id) : NULL;

  return scenario ? herald_scenario_get_name (scenario) : id;
}

static char *
describe_group (HeraldDeliveriesView *self, HeraldDelivery *first, guint n)
{
  g_autoptr (GDateTime) sent =
      g_date_time_new_from_unix_local (herald_delivery_get_sent_at (first));
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = NULL;
  g_autofree char *messages = g_strdup_printf (ngettext ("%u message", "%u messages", n), n);
  HeraldAccount *account =
      herald_account_store_find (herald_send_service_get_account_store (self->service),
                                 herald_delivery_get_account_id (first));
  g_autofree char *account_name = NULL;

  if (account == NULL)
    account_name = g_strdup (_ ("a removed account"));
  else if (herald_account_is_sandbox (account))
    account_name =
        g_strdup_printf (_ ("%s (simulated, no real inbox)"), herald_account_get_name (account));
  else
    account_name = g_strdup (herald_account_get_name (account));

  if (g_date_time_get_year (sent) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (sent) == g_date_time_get_day_of_year (now))
    when = g_date_time_format (sent, _ ("Today at %H:%M"));
  else
    when = g_date_time_format (sent, _ ("%e %B %Y at %H:%M"));

  /* Translators: "Today at 14:02 · Sandbox (simulated, no real inbox) · 4 messages" */
  return g_strdup_printf (_ ("%s · %s · %s"), when, account_name, messages);
}

/* Send again ----------------------------------------------------------------------- */

static void
resent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HeraldDeliveriesView) self = user_data;
  g_autoptr (HeraldSendResult) sent = NULL;
  g_autoptr (GError) error = NULL;
  AdwMessageDialog *dialog;
  GtkRoot *root;

  sent = herald_send_service_send_finish (HERALD_SEND_SERVICE (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (sent && herald_send_result_get_n_failed (sent) == 0)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("The Test Was Not Sent Again"),
      error ? error->message
            : _ ("Mailjet refused some messages. Open Send Test to see why, next to each cause.")));
  adw_message_dialog_add_response (dialog, "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_unique (GPtrArray *array, const char *value)
{
  if (value && *value && !g_ptr_array_find_with_equal_func (array, value, g_str_equal, NULL))
    g_ptr_array_add (array, (gpointer) value);
}

static void
send_again (HeraldDeliveriesView *self, Group *group)
{
  HeraldDelivery *first = g_ptr_array_index (group->deliveries, 0);
  HeraldTemplate *template = find_template (self, herald_delivery_get_template_id (first));
  HeraldAccount *account =
      herald_account_store_find (herald_send_service_get_account_store (self->service),
                                 herald_delivery_get_account_id (first));
  g_autoptr (HeraldSendRequest) request = herald_send_request_new (HERALD_SEND_MODE_MAILJET);
  g_autoptr (GPtrArray) recipients = g_ptr_array_new ();
  g_autoptr (GPtrArray) locales = g_ptr_array_new ();
  g_autoptr (GPtrArray) scenario_ids = g_ptr_array_new ();
  g_autoptr (GPtrArray) scenarios = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  if (template == NULL || account == NULL)
    return;

  for (guint i = 0; i < group->deliveries->len; i++)
    {
      HeraldDelivery *delivery = g_ptr_array_index (group->deliveries, i);

      add_unique (recipients, herald_delivery_get_recipient (delivery));
      add_unique (locales, herald_delivery_get_locale (delivery));
      add_unique (scenario_ids, herald_delivery_get_scenario_id (delivery));
    }
  for (guint i = 0; i < scenario_ids->len; i++)
    {
      HeraldScenario *scenario =
          herald_template_find_scenario (template, g_ptr_array_index (scenario_ids, i));

      if (scenario)
        g_ptr_array_add (scenarios, scenario);
    }
  g_ptr_array_add (locales, NULL);

  herald_send_request_set_from (request, herald_library_get_from_email (self->library),
                                herald_library_get_from_name (self->library));
  herald_send_request_set_error_reporting (request, herald_library_get_from_email (self->library));
  for (guint i = 0; i < recipients->len; i++)
    herald_send_request_add_recipient (request, g_ptr_array_index (recipients, i), NULL);
  if (!herald_test_send_add_variants (request, self->library, template,
                                      (const char *const *) locales->pdata, scenarios, &error) ||
      !herald_send_request_build (request, &error))
    {
      AdwMessageDialog *dialog;
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      dialog = ADW_MESSAGE_DIALOG (
          adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                  _ ("The Test Was Not Sent Again"), error->message));
      adw_message_dialog_add_response (dialog, "close", _ ("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  herald_send_service_send_async (self->service, account, request, self->cancellable, resent_cb,
                                  g_object_ref (self));
}

static void
send_again_response_cb (AdwMessageDialog *dialog, const char *response, HeraldDeliveriesView *self)
{
  const char *key = g_object_get_data (G_OBJECT (dialog), "herald-group-key");

  if (!g_str_equal (response, "send") || self->groups == NULL)
    return;

  /* The list may have been rebuilt while the dialog was open: find the send again. */
  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *group = g_ptr_array_index (self->groups, i);

      if (g_str_equal (group->key, key))
        {
          send_again (self, group);
          return;
        }
    }
}

static void
send_again_clicked_cb (GtkButton *button, HeraldDeliveriesView *self)
{
  Group *group = g_object_get_data (G_OBJECT (button), "herald-group");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  body = g_strdup_printf (ngettext ("The same template, languages, sample data and inboxes: %u new "
                                    "message. Nothing is sent until you confirm.",
                                    "The same template, languages, sample data and inboxes: %u new "
                                    "messages. Nothing is sent until you confirm.",
                                    group->deliveries->len),
                          group->deliveries->len);
  dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (GTK_WINDOW (root), _ ("Send This Test Again?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "send", _ ("_Send Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "herald-group-key", g_strdup (group->key), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (send_again_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_clicked_cb (GtkButton *button, HeraldDeliveriesView *self)
{
  Group *group = g_object_get_data (G_OBJECT (button), "herald-group");
  g_autoptr (GPtrArray) deliveries = g_ptr_array_ref (group->deliveries);
  HeraldDeliveryTracker *tracker = herald_send_service_get_tracker (self->service);

  /* Each removal rebuilds the view and frees the group: work on our own reference. */
  for (guint i = 0; i < deliveries->len; i++)
    herald_delivery_tracker_remove (tracker, g_ptr_array_index (deliveries, i));
}

/* Building ------------------------------------------------------------------------- */

static GtkWidget *
header_button (const char *icon, const char *label, const char *tooltip, Group *group)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon);
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  herald_widget_set_tooltip (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "herald-group", group);
  return button;
}

static GtkWidget *
build_group (HeraldDeliveriesView *self, Group *group)
{
  HeraldDelivery *first = g_ptr_array_index (group->deliveries, 0);
  HeraldTemplate *template = find_template (self, herald_delivery_get_template_id (first));
  GtkWidget *widget = adw_preferences_group_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *again;
  GtkWidget *remove;
  g_autofree char *description = describe_group (self, first, group->deliveries->len);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (widget),
                                   template ? herald_template_get_name (template)
                                            : herald_delivery_get_template_id (first));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (widget), description);

  again = header_button ("mail-send-symbolic", _ ("Send _Again…"),
                         _ ("Send the same messages again, after you confirm"), group);
  gtk_widget_set_sensitive (again, template != NULL);
  g_signal_connect (again, "clicked", G_CALLBACK (send_again_clicked_cb), self);
  remove = header_button ("user-trash-symbolic", _ ("_Remove"),
                          _ ("Remove this send from the list (Mailjet keeps its records)"), group);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), again);
  gtk_box_append (GTK_BOX (buttons), remove);
  gtk_widget_set_valign (buttons, GTK_ALIGN_END);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (widget), buttons);

  for (guint i = 0; i < group->deliveries->len; i++)
    {
      HeraldDelivery *delivery = g_ptr_array_index (group->deliveries, i);
      GtkWidget *row = herald_delivery_row_new (
          delivery, herald_send_service_get_tracker (self->service),
          scenario_name (template, herald_delivery_get_scenario_id (delivery)));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (widget), row);
      g_ptr_array_add (group->rows, row);
    }

  return widget;
}

static void
rebuild (HeraldDeliveriesView *self)
{
  GListModel *model =
      self->service ? G_LIST_MODEL (herald_send_service_get_tracker (self->service)) : NULL;
  guint n = model ? g_list_model_get_n_items (model) : 0;
  g_autoptr (GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))))
    gtk_box_remove (self->groups_box, child);
  g_ptr_array_set_size (self->groups, 0);

  /* Newest send first; its messages in the order they were sent. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr (HeraldDelivery) delivery = g_list_model_get_item (model, i - 1);
      g_autofree char *key = group_key (delivery);
      Group *group = g_hash_table_lookup (by_key, key);

      if (group == NULL)
        {
          group = g_new0 (Group, 1);
          group->key = g_steal_pointer (&key);
          group->deliveries = g_ptr_array_new_with_free_func (g_object_unref);
          group->rows = g_ptr_array_new ();
          g_hash_table_insert (by_key, group->key, group);
          g_ptr_array_add (self->groups, group);
        }
      g_ptr_array_insert (group->deliveries, 0, g_object_ref (delivery));
    }

  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_append (self->groups_box, build_group (self, g_ptr_array_index (self->groups, i)));

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

/* Connection details --------------------------------------------------------------- */

static GPtrArray *
connection_lines (HeraldDeliveriesView *self)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  HeraldMailjetClient *client =
      self->service ? herald_send_service_get_last_client (self->service) : NULL;
  HeraldAccount *account =
      self->service ? herald_send_service_get_last_account (self->service) : NULL;
  HeraldTlsInfo *tls = client ? herald_mailjet_client_get_tls_info (client) : NULL;
  g_autofree char *expiry = NULL;

  if (tls == NULL)
    {
      g_ptr_array_add (lines, g_strdup (_ ("Connection")));
      g_ptr_array_add (lines, g_strdup (_ ("No connection to Mailjet yet in this session")));
      return lines;
    }

  if (herald_tls_info_get_expiry (tls))
    expiry = g_date_time_format (herald_tls_info_get_expiry (tls), "%e %B %Y");

#define ADD(label, value)                                                                          \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_ptr_array_add (lines, g_strdup (label));                                                     \
    g_ptr_array_add (lines, g_strdup ((value) ? (value) : "—"));                                   \
  }                                                                                                \
  G_STMT_END

  ADD (_ ("Server"), herald_mailjet_client_get_base_url (client));
  ADD (_ ("Protocol"), herald_tls_info_get_protocol (tls));
  ADD (_ ("Cipher"), herald_tls_info_get_cipher (tls));
  ADD (_ ("Certificate"), herald_tls_info_get_subject (tls));
  ADD (_ ("Issued by"), herald_tls_info_get_issuer (tls));
  ADD (_ ("Expires"), expiry);
  ADD (_ ("Pinned key"),
       account && herald_account_get_pin (account)
           ? _ ("Yes: a server with another key is refused")
           : (account && herald_account_is_sandbox (account)
                  ? _ ("No: the Sandbox’s own certificate is the only one trusted")
                  : _ ("No: the system’s trusted authorities decide")));
#undef ADD

  return lines;
}

char *
herald_deliveries_view_dup_connection_text (HeraldDeliveriesView *self)
{
  g_autoptr (GPtrArray) lines = connection_lines (self);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i + 1 < lines->len; i += 2)
    g_string_append_printf (text, "%s: %s\n", (char *) g_ptr_array_index (lines, i),
                            (char *) g_ptr_array_index (lines, i + 1));
  return g_string_free (text, FALSE);
}

static void
connection_popover_show_cb (HeraldDeliveriesView *self)
{
  g_autoptr (GPtrArray) lines = connection_lines (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->connection_grid))))
    gtk_grid_remove (self->connection_grid, child);

  for (guint i = 0; i + 1 < lines->len; i += 2)
    {
      GtkWidget *name = gtk_label_new (g_ptr_array_index (lines, i));
      GtkWidget *value = gtk_label_new (g_ptr_array_index (lines, i + 1));

      gtk_label_set_xalign (GTK_LABEL (name), 1);
      gtk_widget_add_css_class (name, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (value), 48);
      gtk_grid_attach (self->connection_grid, name, 0, i / 2, 1, 1);
      gtk_grid_attach (self->connection_grid, value, 1, i / 2, 1, 1);
    }
}

/* Public ----------------------------------------------------------------------------- */

static void
items_changed_cb (HeraldDeliveriesView *self)
{
  rebuild (self);
}

void
herald_deliveries_view_set_service (HeraldDeliveriesView *self, HeraldSendService *service)
{
  g_return_if_fail (HERALD_IS_DELIVERIES_VIEW (self));

  if (self->service == service)
    return;
  if (self->service)
    g_signal_handlers_disconnect_by_data (herald_send_service_get_tracker (self->service), self);
  g_set_object (&self->service, service);
  if (service)
    g_signal_connect_object (herald_send_service_get_tracker (service), "items-changed",
                             G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

void
herald_deliveries_view_set_library (HeraldDeliveriesView *self, HeraldLibrary *library)
{
  g_return_if_fail (HERALD_IS_DELIVERIES_VIEW (self));

  if (g_set_object (&self->library, library))
    rebuild (self);
}

guint
herald_deliveries_view_get_n_groups (HeraldDeliveriesView *self)
{
  g_return_val_if_fail (HERALD_IS_DELIVERIES_VIEW (self), 0);
  return self->groups->len;
}

HeraldDeliveryRow *
herald_deliveries_view_find_row (HeraldDeliveriesView *self, const char *recipient)
{
  g_return_val_if_fail (HERALD_IS_DELIVERIES_VIEW (self), NULL);

  for (guint g = 0; g < self->groups->len; g++)
    {
      Group *group = g_ptr_array_index (self->groups, g);

      for (guint r = 0; r < group->rows->len; r++)
        {
          HeraldDeliveryRow *row = g_ptr_array_index (group->rows, r);

          if (g_strcmp0 (herald_delivery_get_recipient (herald_delivery_row_get_delivery (row)),
                         recipient) == 0)
            return row;
        }
    }
  return NULL;
}

static void
herald_deliveries_view_dispose (GObject *object)
{
  HeraldDeliveriesView *self = (HeraldDeliveriesView *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->library);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (herald_deliveries_view_parent_class)->dispose (object);
}

/* GTK loads a widget's icon even while its page is hidden, and the empty page's icon, at a
 * status page's size, exists only as SVG: set at start-up it would load the SVG renderer
 * (librsvg, 6 MB) for a page most sessions never open. */
static void
herald_deliveries_view_map (GtkWidget *widget)
{
  HeraldDeliveriesView *self = HERALD_DELIVERIES_VIEW (widget);

  GTK_WIDGET_CLASS (herald_deliveries_view_parent_class)->map (widget);
  adw_status_page_set_icon_name (self->empty_page, "mail-send-symbolic");
}

static const HeraldTooltipSpec tooltips[] = {
  { "connection_button", N_ ("Details of the last connection to Mailjet") },
};

static void
herald_deliveries_view_class_init (HeraldDeliveriesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_deliveries_view_dispose;
  widget_class->map = herald_deliveries_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/herald-deliveries-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldDeliveriesView, stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeliveriesView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeliveriesView, groups_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeliveriesView, connection_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeliveriesView, connection_popover);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeliveriesView, connection_grid);
  gtk_widget_class_bind_template_callback (widget_class, connection_popover_show_cb);
  gtk_widget_class_set_css_name (widget_class, "deliveriesview");
}

static void
herald_deliveries_view_init (HeraldDeliveriesView *self)
{
  self->groups = g_ptr_array_new_with_free_func (group_free);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  herald_widget_set_template_tooltips (GTK_WIDGET (self), tooltips, G_N_ELEMENTS (tooltips));
}
