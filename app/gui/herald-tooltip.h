/* herald-tooltip.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A tooltip for a template child, by its id in the template; @text is untranslated, marked
 * for xgettext with the N_ macro. */
typedef struct
{
  const char *child;
  const char *text;
} HeraldTooltipSpec;

void herald_widget_set_tooltip (GtkWidget *widget, const char *text);
const char *herald_widget_get_tooltip (GtkWidget *widget);

void herald_widget_set_template_tooltips (GtkWidget *widget,
                                          const HeraldTooltipSpec *specs,
                                          gsize n_specs);

G_END_DECLS
