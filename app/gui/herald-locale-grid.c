/* herald-locale-grid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-locale-grid"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-locale-name.h"
#include "herald-locale-grid.h"
#include "herald-pseudo-locale.h"

/* Several locales of the same template and scenario side by side, so that a translation
 * that runs long or breaks the layout shows next to the source it came from. */
struct _HeraldLocaleGrid
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkWidget *scroller;
  GtkWidget *columns_box;

  /* Owned References */
  GPtrArray *previews;
  char **locales;

  guint drop_source;
};

G_DEFINE_FINAL_TYPE (HeraldLocaleGrid, herald_locale_grid, GTK_TYPE_WIDGET)

static char *
describe_locale (const char *locale, gboolean source)
{
  g_autofree char *language = herald_locale_name_dup_label (locale);

  if (source)
    /* Translators: the column of the grid that shows the original text, e.g. "en (source)" */
    return g_strdup_printf (_ ("%s (source)"), language);
  if (herald_is_pseudo_locale (locale))
    /* Translators: the column of the grid that shows the pseudo-translation */
    return g_strdup_printf (_ ("%s (pseudo-translation)"), locale);
  return g_steal_pointer (&language);
}

static void
clear_columns (HeraldLocaleGrid *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->columns_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->columns_box), child);
  g_ptr_array_set_size (self->previews, 0);
  g_clear_pointer (&self->locales, g_strfreev);
}

/* The grid's own widgets are made when it is first given languages, that is when Compare
 * Languages is first turned on: the window built them before its first frame. */
static void
ensure_built (HeraldLocaleGrid *self)
{
  if (self->columns_box == NULL)
    gtk_widget_init_template (GTK_WIDGET (self));
}

/* locales[0] is the source locale. */
void
herald_locale_grid_set_locales (HeraldLocaleGrid *self, const char *const *locales)
{
  g_return_if_fail (HERALD_IS_LOCALE_GRID (self));

  ensure_built (self);

  g_clear_handle_id (&self->drop_source, g_source_remove);
  /* Each column is a web view of its own, which takes WebKit a second or more to make and
   * draw under a software renderer: turning the grid off and on again keeps them, with
   * their emails. */
  if (self->locales != NULL && locales != NULL &&
      g_strv_equal (locales, (const char *const *) self->locales))
    return;

  clear_columns (self);
  self->locales = g_strdupv ((char **) locales);

  for (guint i = 0; locales != NULL && locales[i] != NULL; i++)
    {
      GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      g_autofree char *title = describe_locale (locales[i], i == 0);
      GtkWidget *label = gtk_label_new (title);
      HeraldPreview *preview = herald_preview_new ();

      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (label, "locale-grid-title");
      herald_preview_set_compact (preview, TRUE);
      gtk_widget_set_vexpand (GTK_WIDGET (preview), TRUE);
      gtk_widget_set_hexpand (GTK_WIDGET (preview), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (preview), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title, -1);

      gtk_box_append (GTK_BOX (column), label);
      gtk_box_append (GTK_BOX (column), GTK_WIDGET (preview));
      /* Columns are divided by CSS: a separator child would get a column's width in a
       * homogeneous box. */
      gtk_widget_add_css_class (column, "locale-grid-column");
      gtk_box_append (GTK_BOX (self->columns_box), column);
      g_ptr_array_add (self->previews, preview);
    }
}

guint
herald_locale_grid_get_n_columns (HeraldLocaleGrid *self)
{
  g_return_val_if_fail (HERALD_IS_LOCALE_GRID (self), 0);
  return self->previews->len;
}

HeraldPreview *
herald_locale_grid_get_preview (HeraldLocaleGrid *self, guint column)
{
  g_return_val_if_fail (HERALD_IS_LOCALE_GRID (self), NULL);
  g_return_val_if_fail (column < self->previews->len, NULL);
  return g_ptr_array_index (self->previews, column);
}

/* A column whose locale cannot be rendered keeps its last good email with the reason
 * over it, like the main preview. */
void
herald_locale_grid_show (HeraldLocaleGrid *self,
                         guint column,
                         const HeraldRendered *rendered,
                         const char *error,
                         HeraldLibrary *library)
{
  HeraldPreview *preview;

  g_return_if_fail (HERALD_IS_LOCALE_GRID (self));
  g_return_if_fail (column < self->previews->len);

  preview = g_ptr_array_index (self->previews, column);
  herald_preview_set_error (preview, error);
  if (rendered != NULL)
    herald_preview_set_rendered (preview, rendered, library);
}

static gboolean
drop_columns_cb (gpointer data)
{
  HeraldLocaleGrid *self = data;

  self->drop_source = 0;
  clear_columns (self);
  return G_SOURCE_REMOVE;
}

/* The columns' web views hold some 90 MB in WebKit's processes: kept for a while after the
 * grid is put away, so that turning it on again shows them at once, then given back.
 * Showing the grid again (herald_locale_grid_set_locales) keeps them. */
void
herald_locale_grid_drop_columns_after (HeraldLocaleGrid *self, guint seconds)
{
  g_return_if_fail (HERALD_IS_LOCALE_GRID (self));

  g_clear_handle_id (&self->drop_source, g_source_remove);
  if (self->previews->len > 0)
    self->drop_source = g_timeout_add_seconds (seconds, drop_columns_cb, self);
}

static void
herald_locale_grid_dispose (GObject *object)
{
  HeraldLocaleGrid *self = (HeraldLocaleGrid *) object;

  g_clear_handle_id (&self->drop_source, g_source_remove);
  g_clear_pointer (&self->previews, g_ptr_array_unref);
  g_clear_pointer (&self->locales, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_LOCALE_GRID);

  G_OBJECT_CLASS (herald_locale_grid_parent_class)->dispose (object);
}

static void
herald_locale_grid_class_init (HeraldLocaleGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_locale_grid_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/herald-locale-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldLocaleGrid, scroller);
  gtk_widget_class_bind_template_child (widget_class, HeraldLocaleGrid, columns_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "localegrid");
}

static void
herald_locale_grid_init (HeraldLocaleGrid *self)
{
  /* Weak: the columns own the previews. */
  self->previews = g_ptr_array_new ();
}
