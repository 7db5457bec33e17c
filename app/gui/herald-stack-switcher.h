/* herald-stack-switcher.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HERALD_TYPE_STACK_SWITCHER (herald_stack_switcher_get_type ())

G_DECLARE_FINAL_TYPE (HeraldStackSwitcher, herald_stack_switcher, HERALD, STACK_SWITCHER, GtkWidget)

GtkStack *herald_stack_switcher_get_stack (HeraldStackSwitcher *self);
void herald_stack_switcher_set_stack (HeraldStackSwitcher *self, GtkStack *stack);

G_END_DECLS
