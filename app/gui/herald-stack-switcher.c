/* herald-stack-switcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-stack-switcher.h"

/* GtkStackSwitcher, for stacks whose pages have titles, without its cost. GTK 4.8's
 * switcher makes each button's label again whenever any property of its page changes,
 * and clears the button's tooltip each time; clearing a tooltip asks the X server where
 * the pointer is, one to three round trips, even before the window exists. Herald's two
 * switchers made 12 of them before its first frame. This one looks and reads the same
 * (the "stackswitcher" node with linked toggle buttons, a tab list of tabs to assistive
 * technologies) and changes a button only for what changed on its page. */

#define HOVER_SWITCH_MS 500

struct _HeraldStackSwitcher
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkSelectionModel *pages;
};

G_DEFINE_FINAL_TYPE (HeraldStackSwitcher, herald_stack_switcher, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_STACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark
page_quark (void)
{
  return g_quark_from_static_string ("herald-stack-switcher-page");
}

static GtkStackPage *
page_of (GtkWidget *button)
{
  return g_object_get_qdata (G_OBJECT (button), page_quark ());
}

static void
show_title (GtkWidget *button, GtkStackPage *page)
{
  const char *title = gtk_stack_page_get_title (page);
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  gtk_label_set_use_underline (GTK_LABEL (label), gtk_stack_page_get_use_underline (page));
  gtk_label_set_label (GTK_LABEL (label), title != NULL ? title : "");
  gtk_widget_set_visible (button, gtk_stack_page_get_visible (page) && title != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
}

static void
page_changed_cb (GtkStackPage *page, GParamSpec *pspec, GtkWidget *button)
{
  show_title (button, page);
}

static void
show_selected (HeraldStackSwitcher *self, GtkWidget *button, guint position)
{
  gboolean selected = gtk_selection_model_is_selected (self->pages, position);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), selected);
  gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_SELECTED, selected,
                               -1);
}

static guint
position_of (HeraldStackSwitcher *self, GtkWidget *button)
{
  guint position = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != button;
       child = gtk_widget_get_next_sibling (child))
    position++;
  return position;
}

static void
button_toggled_cb (GtkToggleButton *button, GParamSpec *pspec, HeraldStackSwitcher *self)
{
  guint position = position_of (self, GTK_WIDGET (button));

  if (gtk_toggle_button_get_active (button))
    gtk_selection_model_select_item (self->pages, position, TRUE);
  else if (gtk_selection_model_is_selected (self->pages, position))
    /* A page is left by choosing another, not by pressing its own button again. */
    gtk_toggle_button_set_active (button, TRUE);
}

/* As GtkStackSwitcher does: something dragged over a button shows its page after a
 * moment, so that it can be dropped there. */
static gboolean
hover_switch_cb (gpointer data)
{
  GtkWidget *button = data;

  /* Stolen, not cleared: clearing would remove the very source running now. */
  g_object_steal_data (G_OBJECT (button), "herald-hover-switch");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  return G_SOURCE_REMOVE;
}

static void
cancel_hover_switch (gpointer data)
{
  guint source = GPOINTER_TO_UINT (data);

  if (source != 0)
    g_source_remove (source);
}

static void
drag_enter_cb (GtkDropControllerMotion *motion, double x, double y, gpointer user_data)
{
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion));

  if (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)))
    g_object_set_data_full (
        G_OBJECT (button), "herald-hover-switch",
        GUINT_TO_POINTER (g_timeout_add (HOVER_SWITCH_MS, hover_switch_cb, button)),
        cancel_hover_switch);
}

static void
drag_leave_cb (GtkDropControllerMotion *motion, gpointer user_data)
{
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion));

  g_object_set_data (G_OBJECT (button), "herald-hover-switch", NULL);
}

static GtkWidget *
make_button (HeraldStackSwitcher *self, GtkStackPage *page)
{
  GtkWidget *button =
      g_object_new (GTK_TYPE_TOGGLE_BUTTON, "accessible-role", GTK_ACCESSIBLE_ROLE_TAB, "hexpand",
                    TRUE, "vexpand", TRUE, "focus-on-click", FALSE, NULL);
  GtkWidget *label = gtk_label_new (NULL);
  GtkEventController *motion = gtk_drop_controller_motion_new ();

  gtk_widget_set_halign (label, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "text-button");

  g_signal_connect (motion, "enter", G_CALLBACK (drag_enter_cb), NULL);
  g_signal_connect (motion, "leave", G_CALLBACK (drag_leave_cb), NULL);
  gtk_widget_add_controller (button, motion);

  g_object_set_qdata_full (G_OBJECT (button), page_quark (), g_object_ref (page), g_object_unref);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_CONTROLS, page,
                                  NULL, -1);
  show_title (button, page);
  g_signal_connect_object (page, "notify::title", G_CALLBACK (page_changed_cb), button, 0);
  g_signal_connect_object (page, "notify::use-underline", G_CALLBACK (page_changed_cb), button, 0);
  g_signal_connect_object (page, "notify::visible", G_CALLBACK (page_changed_cb), button, 0);
  return button;
}

static void
remove_buttons (HeraldStackSwitcher *self)
{
  GtkWidget *button;

  while ((button = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    {
      g_signal_handlers_disconnect_by_data (page_of (button), button);
      gtk_widget_unparent (button);
    }
}

static void
add_buttons (HeraldStackSwitcher *self)
{
  guint n_pages = g_list_model_get_n_items (G_LIST_MODEL (self->pages));

  for (guint i = 0; i < n_pages; i++)
    {
      g_autoptr (GObject) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);
      GtkWidget *button = make_button (self, GTK_STACK_PAGE (page));

      gtk_widget_set_parent (button, GTK_WIDGET (self));
      show_selected (self, button, i);
      g_signal_connect_object (button, "notify::active", G_CALLBACK (button_toggled_cb), self, 0);
    }
}

static void
pages_changed_cb (HeraldStackSwitcher *self)
{
  remove_buttons (self);
  add_buttons (self);
}

static void
selection_changed_cb (HeraldStackSwitcher *self, guint position, guint n_items)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (self));

  for (guint i = 0; button != NULL && i < position; i++)
    button = gtk_widget_get_next_sibling (button);
  for (guint i = position; button != NULL && i < position + n_items; i++)
    {
      show_selected (self, button, i);
      button = gtk_widget_get_next_sibling (button);
    }
}

GtkStack *
herald_stack_switcher_get_stack (HeraldStackSwitcher *self)
{
  g_return_val_if_fail (HERALD_IS_STACK_SWITCHER (self), NULL);

  return self->stack;
}

void
herald_stack_switcher_set_stack (HeraldStackSwitcher *self, GtkStack *stack)
{
  g_return_if_fail (HERALD_IS_STACK_SWITCHER (self));
  g_return_if_fail (stack == NULL || GTK_IS_STACK (stack));

  if (self->stack == stack)
    return;

  if (self->pages != NULL)
    g_signal_handlers_disconnect_by_data (self->pages, self);
  remove_buttons (self);
  g_clear_object (&self->pages);
  g_set_object (&self->stack, stack);

  if (stack != NULL)
    {
      self->pages = gtk_stack_get_pages (stack);
      add_buttons (self);
      g_signal_connect_swapped (self->pages, "items-changed", G_CALLBACK (pages_changed_cb), self);
      g_signal_connect_swapped (self->pages, "selection-changed", G_CALLBACK (selection_changed_cb),
                                self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STACK]);
}

static void
herald_stack_switcher_dispose (GObject *object)
{
  herald_stack_switcher_set_stack (HERALD_STACK_SWITCHER (object), NULL);

  G_OBJECT_CLASS (herald_stack_switcher_parent_class)->dispose (object);
}

static void
herald_stack_switcher_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  HeraldStackSwitcher *self = HERALD_STACK_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_STACK:
      g_value_set_object (value, self->stack);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_stack_switcher_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  HeraldStackSwitcher *self = HERALD_STACK_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_STACK:
      herald_stack_switcher_set_stack (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_stack_switcher_class_init (HeraldStackSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_stack_switcher_dispose;
  object_class->get_property = herald_stack_switcher_get_property;
  object_class->set_property = herald_stack_switcher_set_property;

  properties[PROP_STACK] =
      g_param_spec_object ("stack", NULL, NULL, GTK_TYPE_STACK,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "stackswitcher");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TAB_LIST);
}

static void
herald_stack_switcher_init (HeraldStackSwitcher *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "linked");
}
