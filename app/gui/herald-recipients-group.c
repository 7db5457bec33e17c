/* herald-recipients-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-recipients-group"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-recipients-group.h"
#include "herald-tooltip.h"

#define MAX_ADDRESS_LENGTH 254

struct _HeraldRecipientsGroup
{
  AdwPreferencesGroup parent_instance;

  GSettings *settings;
  GPtrArray *rows; /* AdwEntryRow, unowned: the group holds them */
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (HeraldRecipientsGroup, herald_recipients_group, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
herald_recipients_check_address (const char *address)
{
  const char *at;
  const char *domain;

  if (address == NULL || *address == '\0')
    return NULL;
  if (strlen (address) > MAX_ADDRESS_LENGTH)
    return _ ("This address is too long to be real");
  for (const char *p = address; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
      return _ ("An address has no spaces, commas or angle brackets");
  if (!(at = strchr (address, '@')))
    return _ ("Missing the @ and the domain, as in name@example.com");
  if (at == address)
    return _ ("Missing the name before the @");
  if (strchr (at + 1, '@'))
    return _ ("An address has only one @");
  domain = at + 1;
  if (*domain == '\0')
    return _ ("Missing the domain after the @, as in example.com");
  if (!strchr (domain, '.') || domain[strlen (domain) - 1] == '.' || *domain == '.' ||
      strstr (domain, ".."))
    return _ ("The domain after the @ looks incomplete, as in example.com");
  return NULL;
}

static const char *
row_problem (AdwEntryRow *row)
{
  return herald_recipients_check_address (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
save (HeraldRecipientsGroup *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) addresses = NULL;

  if (self->settings == NULL || self->loading)
    return;

  /* What is being typed is not saved until it looks like an address. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      AdwEntryRow *row = g_ptr_array_index (self->rows, i);
      const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

      if (*text && row_problem (row) == NULL)
        g_strv_builder_add (builder, text);
    }
  addresses = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "test-recipients", (const char *const *) addresses);
}

static void
show_state (AdwEntryRow *row, const char *problem)
{
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "herald-error-icon");
  GtkWidget *copy = g_object_get_data (G_OBJECT (row), "herald-copy-button");
  const char *identifier = g_object_get_data (G_OBJECT (row), "herald-error-id");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 problem ? problem : _ ("Email address"));
  gtk_widget_set_visible (icon, problem != NULL);
  herald_widget_set_tooltip (icon, problem);
  gtk_widget_set_visible (copy, problem != NULL && identifier != NULL);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  problem ? problem : "", -1);
}

static void
row_changed_cb (AdwEntryRow *row, HeraldRecipientsGroup *self)
{
  /* A server error was about the old text. */
  g_object_set_data (G_OBJECT (row), "herald-error-id", NULL);
  show_state (row, row_problem (row));
  save (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_clicked_cb (GtkButton *button, HeraldRecipientsGroup *self)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (button), "herald-row");

  g_ptr_array_remove (self->rows, row);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
  save (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
copy_clicked_cb (GtkButton *button, AdwEntryRow *row)
{
  const char *identifier = g_object_get_data (G_OBJECT (row), "herald-error-id");

  if (identifier)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), identifier);
}

static AdwEntryRow *
create_row (HeraldRecipientsGroup *self, const char *address)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_add_css_class (icon, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Problem"), -1);

  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  herald_widget_set_tooltip (copy, _ ("Copy Mailjet’s Error ID (support asks for it)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Copy Error ID"), -1);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), row);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  herald_widget_set_tooltip (remove, _ ("Remove This Test Inbox"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Remove Test Inbox"), -1);
  g_object_set_data (G_OBJECT (remove), "herald-row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);

  adw_entry_row_add_suffix (row, icon);
  adw_entry_row_add_suffix (row, copy);
  adw_entry_row_add_suffix (row, remove);
  g_object_set_data (G_OBJECT (row), "herald-error-icon", icon);
  g_object_set_data (G_OBJECT (row), "herald-copy-button", copy);
  gtk_editable_set_text (GTK_EDITABLE (row), address ? address : "");
  herald_widget_set_tooltip (GTK_WIDGET (row), _ ("A test inbox, such as you@example.com"));
  show_state (row, row_problem (row));
  g_signal_connect (row, "changed", G_CALLBACK (row_changed_cb), self);

  g_ptr_array_add (self->rows, row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
  return row;
}

AdwEntryRow *
herald_recipients_group_add_row (HeraldRecipientsGroup *self, const char *address)
{
  AdwEntryRow *row;

  g_return_val_if_fail (HERALD_IS_RECIPIENTS_GROUP (self), NULL);

  row = create_row (self, address);
  save (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return row;
}

static void
add_clicked_cb (HeraldRecipientsGroup *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (herald_recipients_group_add_row (self, NULL)));
}

static void
clear_rows (HeraldRecipientsGroup *self)
{
  while (self->rows->len > 0)
    {
      AdwEntryRow *row = g_ptr_array_steal_index (self->rows, self->rows->len - 1);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
    }
}

void
herald_recipients_group_set_settings (HeraldRecipientsGroup *self, GSettings *settings)
{
  g_auto (GStrv) saved = NULL;

  g_return_if_fail (HERALD_IS_RECIPIENTS_GROUP (self));

  if (!g_set_object (&self->settings, settings))
    return;

  self->loading = TRUE;
  clear_rows (self);
  saved = settings ? g_settings_get_strv (settings, "test-recipients") : NULL;
  for (guint i = 0; saved && saved[i]; i++)
    create_row (self, saved[i]);
  /* First run: a row to type into rather than a button to find. */
  if (self->rows->len == 0)
    create_row (self, NULL);
  self->loading = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
}

GStrv
herald_recipients_group_dup_addresses (HeraldRecipientsGroup *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (HERALD_IS_RECIPIENTS_GROUP (self), NULL);

  if (herald_recipients_group_get_n_invalid (self) > 0)
    return NULL;
  for (guint i = 0; i < self->rows->len; i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (g_ptr_array_index (self->rows, i)));

      if (*text)
        g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

guint
herald_recipients_group_get_n_invalid (HeraldRecipientsGroup *self)
{
  guint n = 0;

  g_return_val_if_fail (HERALD_IS_RECIPIENTS_GROUP (self), 0);

  for (guint i = 0; i < self->rows->len; i++)
    n += row_problem (g_ptr_array_index (self->rows, i)) != NULL;
  return n;
}

AdwEntryRow *
herald_recipients_group_get_row (HeraldRecipientsGroup *self, guint index)
{
  g_return_val_if_fail (HERALD_IS_RECIPIENTS_GROUP (self), NULL);
  return index < self->rows->len ? g_ptr_array_index (self->rows, index) : NULL;
}

guint
herald_recipients_group_get_n_rows (HeraldRecipientsGroup *self)
{
  g_return_val_if_fail (HERALD_IS_RECIPIENTS_GROUP (self), 0);
  return self->rows->len;
}

void
herald_recipients_group_set_error (HeraldRecipientsGroup *self,
                                   const char *address,
                                   const char *message,
                                   const char *identifier)
{
  g_return_if_fail (HERALD_IS_RECIPIENTS_GROUP (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      AdwEntryRow *row = g_ptr_array_index (self->rows, i);

      if (g_ascii_strcasecmp (gtk_editable_get_text (GTK_EDITABLE (row)), address) != 0)
        continue;
      g_object_set_data_full (G_OBJECT (row), "herald-error-id", g_strdup (identifier), g_free);
      show_state (row, message);
    }
}

void
herald_recipients_group_clear_errors (HeraldRecipientsGroup *self)
{
  g_return_if_fail (HERALD_IS_RECIPIENTS_GROUP (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      AdwEntryRow *row = g_ptr_array_index (self->rows, i);

      g_object_set_data (G_OBJECT (row), "herald-error-id", NULL);
      show_state (row, row_problem (row));
    }
}

GtkWidget *
herald_recipients_group_new (void)
{
  return g_object_new (HERALD_TYPE_RECIPIENTS_GROUP, NULL);
}

static void
herald_recipients_group_dispose (GObject *object)
{
  HeraldRecipientsGroup *self = (HeraldRecipientsGroup *) object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (herald_recipients_group_parent_class)->dispose (object);
}

static void
herald_recipients_group_finalize (GObject *object)
{
  HeraldRecipientsGroup *self = (HeraldRecipientsGroup *) object;

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (herald_recipients_group_parent_class)->finalize (object);
}

static const HeraldTooltipSpec tooltips[] = {
  { "add_button", N_ ("Add a Test Inbox") },
};

static void
herald_recipients_group_class_init (HeraldRecipientsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_recipients_group_dispose;
  object_class->finalize = herald_recipients_group_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/herald-recipients-group.ui");
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
herald_recipients_group_init (HeraldRecipientsGroup *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  herald_widget_set_template_tooltips (GTK_WIDGET (self), tooltips, G_N_ELEMENTS (tooltips));
}
