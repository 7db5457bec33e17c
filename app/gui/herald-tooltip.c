/* herald-tooltip.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-tooltip.h"

#include <glib/gi18n.h>
#include <string.h>

static GQuark
tooltip_quark (void)
{
  return g_quark_from_static_string ("herald-tooltip");
}

static gboolean
query_tooltip_cb (GtkWidget *widget,
                  int x,
                  int y,
                  gboolean keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer user_data)
{
  const char *text = g_object_get_qdata (G_OBJECT (widget), tooltip_quark ());

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The same tooltip and accessible description as gtk_widget_set_tooltip_text(), without
 * its cost before the widget is on screen. GTK 4.8 asks the display where the pointer is
 * every time a visible widget's tooltip is set, to refresh a tooltip the pointer might be
 * resting on; under X11 that is a round trip to the server (sometimes two), even for a
 * widget that is not in a window yet. Setting the window's tooltips that way cost 97 round
 * trips, about 8 ms, before Herald's first frame. Answering "query-tooltip" ourselves
 * needs no query; once the widget is on screen the pointer may be resting on it, so a
 * change is shown at once as GTK would. */
void
herald_widget_set_tooltip (GtkWidget *widget, const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (text, herald_widget_get_tooltip (widget)) == 0)
    return;

  if (g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, query_tooltip_cb, NULL) == 0)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_object_set_qdata_full (G_OBJECT (widget), tooltip_quark (), g_strdup (text), g_free);

  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_widget_set_has_tooltip (widget, text != NULL);

  /* Only a pointer resting on the widget can be showing its tooltip, or waiting to; GTK
   * marks the widgets under the pointer as it moves, so this costs no round trip. */
  if (gtk_widget_get_mapped (widget) &&
      (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_PRELIGHT) != 0)
    gtk_widget_trigger_tooltip_query (widget);
}

/* The tooltip set by herald_widget_set_tooltip(), or else GTK's own. */
const char *
herald_widget_get_tooltip (GtkWidget *widget)
{
  const char *text;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  text = g_object_get_qdata (G_OBJECT (widget), tooltip_quark ());
  return text != NULL ? text : gtk_widget_get_tooltip_text (widget);
}

static void
set_tooltips_below (GtkWidget *widget,
                    const HeraldTooltipSpec *specs,
                    gsize n_specs,
                    guint *n_found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (child));

      for (gsize i = 0; id != NULL && i < n_specs; i++)
        if (strcmp (id, specs[i].child) == 0)
          {
            herald_widget_set_tooltip (child, _ (specs[i].text));
            n_found[i]++;
          }
      /* Herald's own composite widgets give their children's tooltips themselves. */
      if (!g_str_has_prefix (G_OBJECT_TYPE_NAME (child), "Herald"))
        set_tooltips_below (child, specs, n_specs, n_found);
    }
}

/* Templates give their children's tooltips here, by the children's ids, rather than as
 * "tooltip-text" in the .ui file: GtkBuilder sets that property through
 * gtk_widget_set_tooltip_text(), with the cost herald_widget_set_tooltip() avoids. Call
 * from init, after gtk_widget_init_template(). */
void
herald_widget_set_template_tooltips (GtkWidget *widget,
                                     const HeraldTooltipSpec *specs,
                                     gsize n_specs)
{
  g_autofree guint *n_found = g_new0 (guint, n_specs);

  set_tooltips_below (widget, specs, n_specs, n_found);
  for (gsize i = 0; i < n_specs; i++)
    if (n_found[i] != 1)
      g_critical ("%s: %u widgets with the id “%s” for a tooltip, not one",
                  G_OBJECT_TYPE_NAME (widget), n_found[i], specs[i].child);
}
