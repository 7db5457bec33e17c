/* herald-drop-down-labels.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-drop-down-labels.h"

#define MIN_CHARS 8
#define MAX_CHARS 40

static void
setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), MIN_CHARS);
  gtk_label_set_max_width_chars (GTK_LABEL (label), MAX_CHARS);
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, GtkDropDown *drop_down)
{
  GtkExpression *expression = gtk_drop_down_get_expression (drop_down);
  GObject *object = gtk_list_item_get_item (item);
  g_auto (GValue) value = G_VALUE_INIT;
  const char *text = NULL;

  if (expression != NULL && gtk_expression_evaluate (expression, object, &value))
    text = g_value_get_string (&value);
  else if (GTK_IS_STRING_OBJECT (object))
    text = gtk_string_object_get_string (GTK_STRING_OBJECT (object));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

void
herald_drop_down_use_shrinking_labels (GtkDropDown *drop_down)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cb), drop_down, 0);
  gtk_drop_down_set_factory (drop_down, factory);
}
