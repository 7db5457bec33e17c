/* herald-clients-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-clients-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "herald-clients-view.h"
#include "herald-core.h"
#include "herald-tooltip.h"

/* The client-support check as the person choosing what to build sees it: one row per email
 * client the library targets, with what that client loses. Activating a feature asks the
 * window to show where the template uses it. */
struct _HeraldClientsView
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkWidget *scroller;
  GtkLabel *summary_label;
  GtkListBox *list_box;

  /* What the rows show, to leave them (and what is expanded) alone when an edit changes
   * nothing for any client. */
  char *shown;

  /* What to show once the view is on screen: hidden behind the Checks page, it would check
   * every client again at each edit for nobody, and its rows' expander arrows are the icons
   * that would load the SVG renderer (librsvg, 6 MB) at start-up. */
  gboolean stale;
  char *pending_html;
  GStrv pending_clients;
};

G_DEFINE_FINAL_TYPE (HeraldClientsView, herald_clients_view, GTK_TYPE_WIDGET)

enum
{
  FEATURE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
describe_losses (GString *shown, const char *client, GArray *losses)
{
  g_string_append_printf (shown, "%s\n", client);
  for (guint i = 0; i < losses->len; i++)
    {
      HeraldClientLoss *loss = &g_array_index (losses, HeraldClientLoss, i);

      g_string_append_printf (shown, "\t%s %d %u:%u %s\n", herald_feature_get_slug (loss->feature),
                              loss->support, loss->line, loss->column,
                              loss->notes ? loss->notes : "");
    }
}

static void
feature_row_activated_cb (HeraldClientsView *self, AdwActionRow *row)
{
  guint line = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "herald-line"));
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "herald-column"));

  g_signal_emit (self, signals[FEATURE_ACTIVATED], 0, line, column);
}

static GtkWidget *
create_feature_row (HeraldClientsView *self, const HeraldClientLoss *loss)
{
  GtkWidget *row = adw_action_row_new ();
  const char *status =
      loss->support == HERALD_SUPPORT_NO ? _ ("Not supported") : _ ("Partly supported");
  g_autofree char *detail =
      loss->notes ? g_strdup_printf ("%s: %s", status, loss->notes) : g_strdup (status);
  /* Translators: how a client supports a feature and where the template uses it, e.g.
   * "Not supported — line 12" */
  g_autofree char *subtitle = g_strdup_printf (_ ("%s — line %u"), detail, loss->line);

  /* Feature titles such as "<div> element" are text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 herald_feature_get_title (loss->feature));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  herald_widget_set_tooltip (row, _ ("Show where the HTML uses it"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  if (loss->support == HERALD_SUPPORT_NO)
    gtk_widget_add_css_class (row, "clients-view-unsupported");

  g_object_set_data (G_OBJECT (row), "herald-line", GUINT_TO_POINTER (loss->line));
  g_object_set_data (G_OBJECT (row), "herald-column", GUINT_TO_POINTER (loss->column));
  g_signal_connect_object (row, "activated", G_CALLBACK (feature_row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  return row;
}

static char *
summarize_losses (GArray *losses)
{
  guint missing = 0;
  guint partial = 0;
  g_autofree char *missing_text = NULL;
  g_autofree char *partial_text = NULL;

  for (guint i = 0; i < losses->len; i++)
    {
      if (g_array_index (losses, HeraldClientLoss, i).support == HERALD_SUPPORT_NO)
        missing++;
      else
        partial++;
    }

  missing_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feature not supported",
                                               "%u features not supported", missing),
                                  missing);
  partial_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feature partly supported",
                                               "%u features partly supported", partial),
                                  partial);
  if (partial == 0)
    return g_steal_pointer (&missing_text);
  if (missing == 0)
    return g_steal_pointer (&partial_text);
  return g_strdup_printf ("%s · %s", missing_text, partial_text);
}

/* A client's features become rows when the user opens it: a template can use dozens of
 * features that a dozen clients lack, and most of those rows would never be seen. */
static void
fill_client_row (HeraldClientsView *self, AdwExpanderRow *row)
{
  GArray *losses = g_object_get_data (G_OBJECT (row), "herald-losses");

  if (losses == NULL || !adw_expander_row_get_expanded (row))
    return;
  for (guint i = 0; i < losses->len; i++)
    adw_expander_row_add_row (
        row, create_feature_row (self, &g_array_index (losses, HeraldClientLoss, i)));
  g_object_set_data (G_OBJECT (row), "herald-losses", NULL);
}

static void
client_row_expanded_cb (HeraldClientsView *self, GParamSpec *pspec, AdwExpanderRow *row)
{
  fill_client_row (self, row);
}

static GtkWidget *
create_client_row (HeraldClientsView *self, const char *client, GArray *losses, gboolean expanded)
{
  g_autofree char *label =
      herald_client_support_dup_client_label (herald_client_support_get_default (), client);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (losses->len == 0)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      row = adw_action_row_new ();
      gtk_widget_add_css_class (icon, "success");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _ ("Full support"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }
  else
    {
      row = adw_expander_row_new ();
      subtitle = summarize_losses (losses);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (row), "herald-losses", g_array_ref (losses),
                              (GDestroyNotify) g_array_unref);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), expanded);
      fill_client_row (self, ADW_EXPANDER_ROW (row));
      g_signal_connect_object (row, "notify::expanded", G_CALLBACK (client_row_expanded_cb), self,
                               G_CONNECT_SWAPPED);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "herald-client", g_strdup (client), g_free);
  return row;
}

/* The clients whose rows the user opened, so that an edit does not fold them again. */
static GHashTable *
collect_expanded (HeraldClientsView *self)
{
  GHashTable *expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_EXPANDER_ROW (row) && adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
      g_hash_table_add (expanded, g_strdup (g_object_get_data (G_OBJECT (row), "herald-client")));
  return expanded;
}

static void
update_summary (HeraldClientsView *self, const char *html, guint n_losing, guint n_clients)
{
  g_autofree char *summary = NULL;

  if (html == NULL)
    summary = g_strdup ("");
  else if (n_losing == 0)
    summary = g_strdup (_ ("Every chosen email client supports all that this template uses"));
  else
    /* Translators: e.g. "3 of 10 email clients lose something in this template" */
    summary = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u of %u email clients loses something in this template",
                     "%u of %u email clients lose something in this template", n_losing),
        n_losing, n_clients);
  gtk_label_set_label (self->summary_label, summary);
}

static void
show_losses (HeraldClientsView *self, const char *html, const char *const *clients)
{
  g_autoptr (GPtrArray) all_losses = NULL;
  g_autoptr (GString) shown = g_string_new (NULL);
  g_autoptr (GHashTable) expanded = NULL;
  guint n_losing = 0;
  guint n_clients = 0;
  GtkWidget *child;

  /* The client-support check's own verdict, so that the view and the findings agree. */
  all_losses = html != NULL && clients != NULL ? herald_lint_client_losses (html, clients)
                                               : g_ptr_array_new ();
  for (guint i = 0; i < all_losses->len; i++)
    {
      GArray *losses = g_ptr_array_index (all_losses, i);

      describe_losses (shown, clients[i], losses);
      n_losing += losses->len > 0;
      n_clients++;
    }

  if (g_strcmp0 (shown->str, self->shown) == 0 && html != NULL)
    return;
  g_free (self->shown);
  self->shown = g_strdup (shown->str);

  expanded = collect_expanded (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  for (guint i = 0; i < all_losses->len; i++)
    gtk_list_box_append (self->list_box,
                         create_client_row (self, clients[i], g_ptr_array_index (all_losses, i),
                                            g_hash_table_contains (expanded, clients[i])));

  gtk_widget_set_visible (GTK_WIDGET (self->list_box), n_clients > 0);
  update_summary (self, html, n_losing, n_clients);
}

void
herald_clients_view_update (HeraldClientsView *self, const char *html, const char *const *clients)
{
  g_return_if_fail (HERALD_IS_CLIENTS_VIEW (self));

  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->stale)
    {
      g_free (self->pending_html);
      self->pending_html = g_strdup (html);
      g_strfreev (self->pending_clients);
      self->pending_clients = g_strdupv ((char **) clients);
      return;
    }

  show_losses (self, html, clients);
}

static void
herald_clients_view_map (GtkWidget *widget)
{
  HeraldClientsView *self = HERALD_CLIENTS_VIEW (widget);

  /* Its widgets are made the first time it is shown: the tab is opened far less often than
   * the window, which built them before its first frame. */
  if (self->scroller == NULL)
    gtk_widget_init_template (widget);

  GTK_WIDGET_CLASS (herald_clients_view_parent_class)->map (widget);
  if (!self->stale)
    return;

  self->stale = FALSE;
  show_losses (self, self->pending_html, (const char *const *) self->pending_clients);
  g_clear_pointer (&self->pending_html, g_free);
  g_clear_pointer (&self->pending_clients, g_strfreev);
}

static void
herald_clients_view_dispose (GObject *object)
{
  HeraldClientsView *self = (HeraldClientsView *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_CLIENTS_VIEW);
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->pending_html, g_free);
  g_clear_pointer (&self->pending_clients, g_strfreev);

  G_OBJECT_CLASS (herald_clients_view_parent_class)->dispose (object);
}

static void
herald_clients_view_class_init (HeraldClientsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_clients_view_dispose;
  widget_class->map = herald_clients_view_map;

  /**
   * HeraldClientsView::feature-activated:
   * @line: where the HTML first uses the feature, from 1
   * @column: from 1
   */
  signals[FEATURE_ACTIVATED] =
      g_signal_new ("feature-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/herald-clients-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldClientsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, HeraldClientsView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldClientsView, list_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "clientsview");
}

static void
herald_clients_view_init (HeraldClientsView *self)
{
}
