/* herald-scenario-form.c: HeraldScenarioForm, a scenario's sample data as rows: one per
 * variable with its type, nested rows for lists and objects, the variables the template uses
 * but the scenario lacks as one-click suggestions, and values per language; kept in step with
 * the JSON page both ways.
 *
 * One widget, one file: every row edits the same JSON tree, which the form writes back
 * whole; the tree operations themselves are herald-scenario-ops.c in core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-scenario-form"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "herald-locale-name.h"
#include "herald-lint.h"
#include "herald-scenario-form.h"
#include "herald-scenario-ops.h"
#include "herald-signal-group.h"
#include "herald-tooltip.h"

/* Edits a scenario's sample data as rows, one per variable, for people who do not write
 * JSON. The form keeps its own parsed copy of the scenario's text; every edit changes the
 * copy and writes the whole text back with the project's pretty writer (member order and
 * unknown members kept), so the JSON page, the preview and the file all see one text. A
 * text that does not parse leaves the form on a page that says so; nothing is rewritten. */
struct _HeraldScenarioForm
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkStack *stack;
  AdwStatusPage *broken_page;
  AdwEntryRow *name_row;
  AdwEntryRow *description_row;
  AdwComboRow *locale_row;
  GtkListBox *variables_list;
  AdwPreferencesGroup *suggestions_group;
  GtkListBox *suggestions_list;
  AdwEntryRow *new_name_row;
  GtkDropDown *new_type;
  AdwEntryRow *new_value_row;
  GtkLabel *add_error;
  GtkButton *add_button;

  /* Owned References */
  HeraldScenario *scenario;
  HeraldTemplate *template;
  GSignalGroup *scenario_signals;
  GSignalGroup *template_signals;
  char **locales;
  JsonNode *root;       /* NULL while the text does not parse */
  GHashTable *expanded; /* paths of the list and object rows the user opened */

  guint rebuild_source;
  guint suggestions_source;
  /* Set while the form writes the text, so that it does not read it back. */
  guint pushing : 1;
  /* Set while the form fills its own widgets. */
  guint loading : 1;
  /* Set when the rows no longer match the scenario and wait for the form to be shown. */
  guint rows_stale : 1;
};

G_DEFINE_FINAL_TYPE (HeraldScenarioForm, herald_scenario_form, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SCENARIO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The order of the type menus, which is HeraldValueKind's. */
static const char *const kind_names[] = { N_ ("Text"), N_ ("Number"), N_ ("Yes/No"),
                                          N_ ("List"), N_ ("Object"), NULL };

static void rebuild (HeraldScenarioForm *self);
static void queue_rebuild (HeraldScenarioForm *self);

static void
attach_slot (GtkWidget *widget, const HeraldValueSlot *slot)
{
  g_object_set_data_full (G_OBJECT (widget), "herald-slot", herald_value_slot_copy (slot),
                          (GDestroyNotify) herald_value_slot_free);
}

static HeraldValueSlot *
slot_of (gpointer widget)
{
  return g_object_get_data (G_OBJECT (widget), "herald-slot");
}

static HeraldScenarioForm *
form_of (gpointer widget)
{
  return HERALD_SCENARIO_FORM (gtk_widget_get_ancestor (widget, HERALD_TYPE_SCENARIO_FORM));
}

static void
set_label (gpointer widget, const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static JsonObject *
root_object (HeraldScenarioForm *self)
{
  return json_node_get_object (self->root);
}

/* The object node the current view edits: "variables", or the locale's values (made when
 * missing only if create is set). */
static JsonNode *
values_node (HeraldScenarioForm *self, const char *locale, gboolean create)
{
  JsonObject *root = root_object (self);
  JsonObject *locales;

  if (locale == NULL)
    {
      if (create)
        herald_scenario_json_ensure_variables (root);
      return json_object_get_member (root, "variables");
    }
  locales = herald_json_object_get_object_or_null (root, "locales");
  return locales != NULL ? json_object_get_member (locales, locale) : NULL;
}

static void
commit (HeraldScenarioForm *self)
{
  g_autofree char *text = NULL;

  if (self->scenario == NULL || self->root == NULL)
    return;

  text = herald_scenario_json_to_text (root_object (self));
  self->pushing = TRUE;
  herald_scenario_set_text (self->scenario, text);
  self->pushing = FALSE;
}

const char *
herald_scenario_form_get_locale (HeraldScenarioForm *self)
{
  guint selected;

  g_return_val_if_fail (HERALD_IS_SCENARIO_FORM (self), NULL);

  selected = adw_combo_row_get_selected (self->locale_row);
  if (self->locales == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected > g_strv_length (self->locales))
    return NULL;
  return self->locales[selected - 1];
}

/* Value widgets */

static void
text_changed_cb (GtkEditable *editable)
{
  HeraldScenarioForm *self = form_of (editable);
  HeraldValueSlot *slot = slot_of (editable);
  const char *text = gtk_editable_get_text (editable);

  if (self == NULL || self->loading)
    return;

  if (herald_value_kind_of (herald_value_slot_get (slot)) == HERALD_VALUE_NUMBER)
    {
      JsonNode *number = herald_value_parse_number (text);

      /* A half-typed number ("-", "1.") stays in the entry, marked, until it is one. */
      if (number == NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
          return;
        }
      gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
      herald_value_slot_set (slot, number);
    }
  else
    herald_value_slot_set (slot, json_node_init_string (json_node_alloc (), text));

  commit (self);
}

static void
switch_changed_cb (GtkSwitch *toggle)
{
  HeraldScenarioForm *self = form_of (toggle);

  if (self == NULL || self->loading)
    return;
  herald_value_slot_set (slot_of (toggle), json_node_init_boolean (json_node_alloc (),
                                                                   gtk_switch_get_active (toggle)));
  commit (self);
}

static void
type_changed_cb (GtkDropDown *dropdown)
{
  HeraldScenarioForm *self = form_of (dropdown);
  HeraldValueSlot *slot = slot_of (dropdown);
  guint kind = gtk_drop_down_get_selected (dropdown);

  if (self == NULL || self->loading || kind == GTK_INVALID_LIST_POSITION ||
      kind == herald_value_kind_of (herald_value_slot_get (slot)))
    return;

  herald_value_slot_set (slot, herald_value_convert (herald_value_slot_get (slot), kind));
  commit (self);
  queue_rebuild (self);
}

static void
remove_clicked_cb (GtkButton *button)
{
  HeraldScenarioForm *self = form_of (button);

  herald_value_slot_remove (slot_of (button));
  commit (self);
  queue_rebuild (self);
}

static GtkWidget *
make_value_widget (JsonNode *node, const HeraldValueSlot *slot)
{
  g_autofree char *label = g_strdup_printf (_ ("Value of %s"), slot->path);
  GtkWidget *widget;

  if (herald_value_kind_of (node) == HERALD_VALUE_BOOLEAN)
    {
      widget = gtk_switch_new ();
      gtk_switch_set_active (GTK_SWITCH (widget), json_node_get_boolean (node));
      g_signal_connect (widget, "notify::active", G_CALLBACK (switch_changed_cb), NULL);
    }
  else if (herald_value_kind_of (node) == HERALD_VALUE_NULL)
    {
      widget = gtk_label_new ("null");
      gtk_widget_add_css_class (widget, "dim-label");
    }
  else
    {
      g_autofree char *text = herald_value_summary (node);

      widget = gtk_entry_new ();
      gtk_editable_set_text (GTK_EDITABLE (widget), text);
      gtk_editable_set_width_chars (GTK_EDITABLE (widget), 14);
      gtk_widget_set_hexpand (widget, TRUE);
      if (herald_value_kind_of (node) == HERALD_VALUE_NUMBER)
        gtk_entry_set_input_purpose (GTK_ENTRY (widget), GTK_INPUT_PURPOSE_NUMBER);
      g_signal_connect (widget, "changed", G_CALLBACK (text_changed_cb), NULL);
    }

  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  attach_slot (widget, slot);
  set_label (widget, label);
  return widget;
}

static GtkWidget *
make_type_dropdown (JsonNode *node, const HeraldValueSlot *slot)
{
  g_autofree char *label = g_strdup_printf (_ ("Type of %s"), slot->path);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  HeraldValueKind kind = herald_value_kind_of (node);
  GtkWidget *dropdown;

  for (guint i = 0; kind_names[i] != NULL; i++)
    gtk_string_list_append (names, _ (kind_names[i]));
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown),
                              kind == HERALD_VALUE_NULL ? GTK_INVALID_LIST_POSITION : kind);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  herald_widget_set_tooltip (dropdown, _ ("Type"));
  attach_slot (dropdown, slot);
  set_label (dropdown, label);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (type_changed_cb), NULL);
  return dropdown;
}

static GtkWidget *
make_icon_button (const char *icon, const char *tooltip, const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  herald_widget_set_tooltip (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  set_label (button, label);
  return button;
}

static GtkWidget *
make_remove_button (const HeraldValueSlot *slot)
{
  g_autofree char *label = g_strdup_printf (_ ("Remove %s"), slot->path);
  GtkWidget *button = make_icon_button ("user-trash-symbolic", _ ("Remove"), label);

  attach_slot (button, slot);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), NULL);
  return button;
}

/* Rows */

static void
append_row (GtkWidget *parent, GtkWidget *row)
{
  if (ADW_IS_EXPANDER_ROW (parent))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (parent), row);
  else
    gtk_list_box_append (GTK_LIST_BOX (parent), row);
}

static void
expanded_cb (AdwExpanderRow *row, GParamSpec *pspec, HeraldScenarioForm *self)
{
  const char *path = slot_of (row)->path;

  if (adw_expander_row_get_expanded (row))
    g_hash_table_add (self->expanded, g_strdup (path));
  else
    g_hash_table_remove (self->expanded, path);
}

static void
add_item_cb (GtkButton *button)
{
  HeraldScenarioForm *self = form_of (button);
  JsonArray *array = json_node_get_array (herald_value_slot_get (slot_of (button)));
  guint length = json_array_get_length (array);
  HeraldValueKind kind = HERALD_VALUE_TEXT;

  /* A list usually holds one kind of thing: the new item is like the last. */
  if (length > 0)
    kind = herald_value_kind_of (json_array_get_element (array, length - 1));
  json_array_add_element (array, herald_value_convert (NULL, kind));
  commit (self);
  queue_rebuild (self);
}

static void
add_member_cb (GtkWidget *widget)
{
  HeraldScenarioForm *self = form_of (widget);
  GtkEditable *entry = g_object_get_data (G_OBJECT (widget), "herald-entry");
  JsonObject *object = json_node_get_object (herald_value_slot_get (slot_of (entry)));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (*name == '\0' || json_object_has_member (object, name))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      herald_widget_set_tooltip (GTK_WIDGET (entry), *name == '\0'
                                                         ? _ ("Give the member a name.")
                                                         : _ ("This object already has a member of "
                                                              "that name."));
      return;
    }
  json_object_set_member (object, name, herald_value_convert (NULL, HERALD_VALUE_TEXT));
  commit (self);
  queue_rebuild (self);
}

static GtkWidget *
make_add_child_row (JsonNode *node, const HeraldValueSlot *slot)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  if (herald_value_kind_of (node) == HERALD_VALUE_LIST)
    {
      g_autofree char *label = g_strdup_printf (_ ("Add Item to %s"), slot->path);

      button = gtk_button_new_with_mnemonic (_ ("Add _Item"));
      set_label (button, label);
      attach_slot (button, slot);
      g_signal_connect (button, "clicked", G_CALLBACK (add_item_cb), NULL);
    }
  else
    {
      g_autofree char *label = g_strdup_printf (_ ("Add Member to %s"), slot->path);
      g_autofree char *entry_label = g_strdup_printf (_ ("Member name in %s"), slot->path);
      GtkWidget *entry = gtk_entry_new ();

      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _ ("Member name"));
      gtk_widget_set_hexpand (entry, TRUE);
      gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
      set_label (entry, entry_label);
      attach_slot (entry, slot);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);

      button = gtk_button_new_with_mnemonic (_ ("Add _Member"));
      set_label (button, label);
      g_object_set_data (G_OBJECT (button), "herald-entry", entry);
      g_object_set_data (G_OBJECT (entry), "herald-entry", entry);
      g_signal_connect (button, "clicked", G_CALLBACK (add_member_cb), NULL);
      g_signal_connect (entry, "activate", G_CALLBACK (add_member_cb), NULL);
    }
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static GtkWidget *add_value_row (HeraldScenarioForm *self,
                                 GtkWidget *parent,
                                 const HeraldValueSlot *slot,
                                 const char *title,
                                 GtkWidget *remove_button);

static void
add_children (HeraldScenarioForm *self,
              GtkWidget *expander,
              JsonNode *node,
              const HeraldValueSlot *slot)
{
  if (herald_value_kind_of (node) == HERALD_VALUE_LIST)
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *title = g_strdup_printf ("%u", i + 1);
          g_autofree char *path = g_strdup_printf ("%s › %u", slot->path, i + 1);
          HeraldValueSlot *child = herald_value_slot_new (node, NULL, i, path);

          add_value_row (self, expander, child, title, make_remove_button (child));
          herald_value_slot_free (child);
        }
    }
  else
    {
      g_autoptr (GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *path = g_strdup_printf ("%s › %s", slot->path, (char *) l->data);
          HeraldValueSlot *child = herald_value_slot_new (node, l->data, 0, path);

          add_value_row (self, expander, child, l->data, make_remove_button (child));
          herald_value_slot_free (child);
        }
    }
  append_row (expander, make_add_child_row (node, slot));
}

/* One row for the value at slot; lists and objects open onto a row per element or member. */
static GtkWidget *
add_value_row (HeraldScenarioForm *self,
               GtkWidget *parent,
               const HeraldValueSlot *slot,
               const char *title,
               GtkWidget *remove_button)
{
  JsonNode *node = herald_value_slot_get (slot);
  HeraldValueKind kind = herald_value_kind_of (node);
  GtkWidget *row;

  if (kind == HERALD_VALUE_LIST || kind == HERALD_VALUE_OBJECT)
    {
      g_autofree char *summary = herald_value_summary (node);

      row = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), summary);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), make_type_dropdown (node, slot));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), remove_button);
      attach_slot (row, slot);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row),
                                     g_hash_table_contains (self->expanded, slot->path));
      g_signal_connect_object (row, "notify::expanded", G_CALLBACK (expanded_cb), self, 0);
      add_children (self, row, node, slot);
    }
  else
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_value_widget (node, slot));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_type_dropdown (node, slot));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove_button);
    }
  gtk_widget_set_name (row, slot->path);
  append_row (parent, row);
  return row;
}

/* Per-locale values */

static void
add_override_cb (GtkButton *button)
{
  HeraldScenarioForm *self = form_of (button);
  const char *name = g_object_get_data (G_OBJECT (button), "herald-name");
  const char *locale = herald_scenario_form_get_locale (self);
  JsonObject *variables = json_node_get_object (values_node (self, NULL, TRUE));

  /* Starts from the shared value, which is usually a good draft of the translation. */
  herald_scenario_json_set_override (root_object (self), locale, name,
                                     herald_value_copy (json_object_get_member (variables, name)));
  g_hash_table_add (self->expanded, g_strdup (name));
  commit (self);
  queue_rebuild (self);
}

static void
remove_override_cb (GtkButton *button)
{
  HeraldScenarioForm *self = form_of (button);
  const char *name = g_object_get_data (G_OBJECT (button), "herald-name");

  herald_scenario_json_remove_override (root_object (self), herald_scenario_form_get_locale (self),
                                        name);
  commit (self);
  queue_rebuild (self);
}

/* A language as a sentence names it: "French", or the code Herald has no name for. */
static const char *
language_name (const char *locale)
{
  const char *name = herald_locale_name_get_language (locale);

  return name != NULL ? name : locale;
}

static GtkWidget *
make_override_button (const char *locale, const char *name, gboolean add)
{
  const char *language = language_name (locale);
  g_autofree char *label = add ? /* Translators: "Add French Value for amount": a value of the
                                    variable "amount" for readers of French. */
                               g_strdup_printf (_ ("Add %s Value for %s"), language, name)
                               : g_strdup_printf (_ ("Remove %s Value for %s"), language, name);
  GtkWidget *button;

  if (add)
    {
      button = gtk_button_new_with_label (_ ("Add Value"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      set_label (button, label);
      herald_widget_set_tooltip (button, label);
    }
  else
    button = make_icon_button ("edit-undo-symbolic", label, label);

  g_object_set_data_full (G_OBJECT (button), "herald-name", g_strdup (name), g_free);
  if (add)
    g_signal_connect (button, "clicked", G_CALLBACK (add_override_cb), NULL);
  else
    g_signal_connect (button, "clicked", G_CALLBACK (remove_override_cb), NULL);
  return button;
}

/* A variable the locale takes as it is: its shared value, and a button to give it one of the
 * locale's own. */
static void
add_inherited_row (HeraldScenarioForm *self, const char *locale, const char *name, JsonNode *value)
{
  g_autofree char *summary = herald_value_summary (value);
  g_autofree char *subtitle = g_strdup_printf (_ ("Same in all languages: %s"), summary);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_override_button (locale, name, TRUE));
  gtk_widget_set_name (row, name);
  gtk_list_box_append (self->variables_list, row);
}

static void
fill_locale_rows (HeraldScenarioForm *self, const char *locale)
{
  JsonNode *variables = values_node (self, NULL, FALSE);
  JsonNode *overrides = values_node (self, locale, FALSE);
  JsonObject *base = variables != NULL ? json_node_get_object (variables) : NULL;
  JsonObject *own = overrides != NULL ? json_node_get_object (overrides) : NULL;
  g_autoptr (GList) names = base != NULL ? json_object_get_members (base) : NULL;
  g_autoptr (GList) own_names = own != NULL ? json_object_get_members (own) : NULL;

  for (GList *l = names; l != NULL; l = l->next)
    {
      if (own != NULL && json_object_has_member (own, l->data))
        {
          HeraldValueSlot *slot = herald_value_slot_new (overrides, l->data, 0, l->data);
          GtkWidget *row = add_value_row (self, GTK_WIDGET (self->variables_list), slot, l->data,
                                          make_override_button (locale, l->data, FALSE));
          g_autofree char *subtitle =
              /* Translators: the placeholder is a language, such as French. */
              g_strdup_printf (_ ("%s value"), language_name (locale));

          if (ADW_IS_ACTION_ROW (row))
            adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          herald_value_slot_free (slot);
        }
      else
        add_inherited_row (self, locale, l->data, json_object_get_member (base, l->data));
    }

  /* Values for a variable the shared ones lack: shown, so that they can be removed. */
  for (GList *l = own_names; l != NULL; l = l->next)
    {
      HeraldValueSlot *slot;

      if (base != NULL && json_object_has_member (base, l->data))
        continue;
      slot = herald_value_slot_new (overrides, l->data, 0, l->data);
      add_value_row (self, GTK_WIDGET (self->variables_list), slot, l->data,
                     make_override_button (locale, l->data, FALSE));
      herald_value_slot_free (slot);
    }
}

static void
fill_shared_rows (HeraldScenarioForm *self)
{
  JsonNode *variables = values_node (self, NULL, FALSE);
  g_autoptr (GList) names = NULL;

  if (variables == NULL)
    return;
  names = json_object_get_members (json_node_get_object (variables));
  for (GList *l = names; l != NULL; l = l->next)
    {
      HeraldValueSlot *slot = herald_value_slot_new (variables, l->data, 0, l->data);

      add_value_row (self, GTK_WIDGET (self->variables_list), slot, l->data,
                     make_remove_button (slot));
      herald_value_slot_free (slot);
    }
}

/* Suggestions */

static void
add_suggestion_cb (GtkButton *button)
{
  HeraldScenarioForm *self = form_of (button);
  const char *name = g_object_get_data (G_OBJECT (button), "herald-name");
  HeraldValueKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "herald-kind"));
  JsonObject *variables = json_node_get_object (values_node (self, NULL, TRUE));

  json_object_set_member (variables, name, herald_value_convert (NULL, kind));
  commit (self);
  queue_rebuild (self);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
refresh_suggestions (HeraldScenarioForm *self)
{
  g_autoptr (GPtrArray) used = NULL;
  JsonNode *variables;
  guint shown = 0;

  g_clear_handle_id (&self->suggestions_source, g_source_remove);
  clear_list (self->suggestions_list);
  if (self->template == NULL || self->root == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->suggestions_group), FALSE);
      return;
    }

  variables = values_node (self, NULL, FALSE);
  used = herald_lint_dup_used_variables (self->template);
  for (guint i = 0; i < used->len; i++)
    {
      HeraldUsedVariable *variable = g_ptr_array_index (used, i);
      HeraldValueKind kind = variable->is_list     ? HERALD_VALUE_LIST
                             : variable->is_object ? HERALD_VALUE_OBJECT
                                                   : HERALD_VALUE_TEXT;
      g_autofree char *label = NULL;
      GtkWidget *row;
      GtkWidget *button;

      if (variables != NULL &&
          json_object_has_member (json_node_get_object (variables), variable->name))
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), variable->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   variable->is_list     ? _ ("A list: the template loops over it")
                                   : variable->is_object ? _ ("An object: the template uses its "
                                                              "members")
                                                         : _ ("Text"));
      label = g_strdup_printf (_ ("Add %s"), variable->name);
      button = gtk_button_new_with_label (_ ("Add"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      set_label (button, label);
      g_object_set_data_full (G_OBJECT (button), "herald-name", g_strdup (variable->name), g_free);
      g_object_set_data (G_OBJECT (button), "herald-kind", GUINT_TO_POINTER (kind));
      g_signal_connect (button, "clicked", G_CALLBACK (add_suggestion_cb), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->suggestions_list, row);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_group), shown > 0);
}

static gboolean
refresh_suggestions_cb (gpointer data)
{
  HeraldScenarioForm *self = data;

  self->suggestions_source = 0;
  refresh_suggestions (self);
  return G_SOURCE_REMOVE;
}

/* The template's parts change at every keystroke; parsing them again can wait a moment. */
static void
template_changed_cb (HeraldScenarioForm *self)
{
  g_clear_handle_id (&self->suggestions_source, g_source_remove);
  /* Hidden, the form has nothing to suggest to anyone until it is shown again. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->rows_stale = TRUE;
      return;
    }
  self->suggestions_source = g_timeout_add (300, refresh_suggestions_cb, self);
}

/* Loading */

static void
set_entry_text (HeraldScenarioForm *self, AdwEntryRow *row, const char *text)
{
  gboolean was_loading = self->loading;

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text ? text : "") == 0)
    return;
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  self->loading = was_loading;
}

static void
rebuild (HeraldScenarioForm *self)
{
  const char *locale = herald_scenario_form_get_locale (self);

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  /* A scenario's rows are dozens of widgets, made again for every template and scenario
   * chosen; a form nobody sees (the Scenario page is not the one shown at start-up) makes
   * them once it is shown, rather than hold up the window's first frame. */
  self->rows_stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->rows_stale)
    return;

  clear_list (self->variables_list);
  if (self->root == NULL)
    return;

  self->loading = TRUE;
  set_entry_text (self, self->name_row,
                  herald_json_object_get_string_or (root_object (self), "name", ""));
  set_entry_text (self, self->description_row,
                  herald_json_object_get_string_or (root_object (self), "description", ""));
  if (locale == NULL)
    fill_shared_rows (self);
  else
    fill_locale_rows (self, locale);
  self->loading = FALSE;
  refresh_suggestions (self);
}

static gboolean
rebuild_cb (gpointer data)
{
  HeraldScenarioForm *self = data;

  self->rebuild_source = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* A row's own signal handler may ask for the rows to be made again: not under its feet. */
static void
queue_rebuild (HeraldScenarioForm *self)
{
  /* Ahead of drawing: the old rows must not be drawn once more, nor wait behind a busy
   * preview. */
  if (self->rebuild_source == 0)
    self->rebuild_source =
        g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_cb, g_object_ref (self), g_object_unref);
}

/* Reads the scenario's text; a text the core refuses (not JSON, "variables" or "locales" not
 * objects) shows its message and leaves the text alone. */
static void
load (HeraldScenarioForm *self)
{
  g_autoptr (GError) error = NULL;
  JsonNode *root = NULL;

  g_clear_pointer (&self->root, json_node_unref);
  if (self->scenario == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      rebuild (self);
      return;
    }

  if (herald_scenario_get_variables (self->scenario, &error) != NULL &&
      (herald_scenario_get_locale_overrides (self->scenario, &error) != NULL || error == NULL))
    /* Unsealed: the rows edit this tree, and json-glib refuses to change an array of a
     * sealed one (a list item typed into would be lost). */
    root = herald_json_parse_text_unsealed (herald_scenario_get_id (self->scenario),
                                            herald_scenario_get_text (self->scenario), -1, &error);

  if (root == NULL)
    {
      adw_status_page_set_description (self->broken_page, error ? error->message : NULL);
      gtk_stack_set_visible_child_name (self->stack, "broken");
      rebuild (self);
      return;
    }

  self->root = root;
  gtk_stack_set_visible_child_name (self->stack, "form");
  rebuild (self);
}

static void
scenario_text_changed_cb (HeraldScenarioForm *self)
{
  if (!self->pushing)
    load (self);
}

/* Callbacks of the template's widgets */

static void
about_changed_cb (HeraldScenarioForm *self, GtkEditable *editable)
{
  const char *member = editable == GTK_EDITABLE (self->name_row) ? "name" : "description";
  const char *text = gtk_editable_get_text (editable);

  if (self->loading || self->root == NULL)
    return;

  /* Without a name the picker shows the file name; an empty "name" would show nothing. */
  if (*text == '\0')
    json_object_remove_member (root_object (self), member);
  else
    json_object_set_string_member (root_object (self), member, text);
  commit (self);
}

static void
locale_changed_cb (HeraldScenarioForm *self)
{
  if (!self->loading)
    rebuild (self);
}

static void
show_add_error (HeraldScenarioForm *self, const char *message)
{
  gtk_label_set_text (self->add_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->add_error), message != NULL);
}

static void
new_variable_changed_cb (HeraldScenarioForm *self)
{
  show_add_error (self, NULL);
}

/* Variable names are what the template writes after "var:": a dot or a colon there means
 * something else, and a space ends the name. */
static gboolean
check_variable_name (const char *name, GError **error)
{
  if (*name == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Give the variable a name."));
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '.' || c == ':' || c == '"' || c == '{' || c == '}' || g_unichar_isspace (c))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _ ("A variable name cannot contain spaces, dots, colons, quotes or "
                                  "braces: the template could not refer to it."));
          return FALSE;
        }
    }
  return TRUE;
}

static void
add_variable_cb (HeraldScenarioForm *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) typed = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->new_name_row));
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->new_value_row));
  HeraldValueKind kind = gtk_drop_down_get_selected (self->new_type);
  JsonObject *variables;
  JsonNode *node;

  if (self->root == NULL)
    return;
  if (!check_variable_name (name, &error))
    {
      show_add_error (self, error->message);
      return;
    }
  variables = json_node_get_object (values_node (self, NULL, TRUE));
  if (json_object_has_member (variables, name))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("This scenario already has a variable “%s”."), name);

      show_add_error (self, message);
      return;
    }
  if (kind == HERALD_VALUE_NUMBER && *value != '\0' &&
      (node = herald_value_parse_number (value)) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_ ("“%s” is not a number: write it with "
                                                     "digits and a dot, such as 1249.50."),
                                                  value);

      show_add_error (self, message);
      return;
    }

  typed = json_node_init_string (json_node_alloc (), value);
  json_object_set_member (variables, name, herald_value_convert (typed, kind));
  if (kind == HERALD_VALUE_LIST || kind == HERALD_VALUE_OBJECT)
    g_hash_table_add (self->expanded, g_strdup (name));
  commit (self);

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_value_row), "");
  self->loading = FALSE;
  rebuild (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->new_name_row));
}

/* GObject */

static void
herald_scenario_form_dispose (GObject *object)
{
  HeraldScenarioForm *self = (HeraldScenarioForm *) object;

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  g_clear_handle_id (&self->suggestions_source, g_source_remove);
  g_clear_object (&self->scenario_signals);
  g_clear_object (&self->template_signals);
  g_clear_object (&self->scenario);
  g_clear_object (&self->template);
  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->locales, g_strfreev);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_SCENARIO_FORM);

  G_OBJECT_CLASS (herald_scenario_form_parent_class)->dispose (object);
}

static void
herald_scenario_form_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HeraldScenarioForm *self = HERALD_SCENARIO_FORM (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_scenario_form_set_property (GObject *object,
                                   guint prop_id,
                                   const GValue *value,
                                   GParamSpec *pspec)
{
  HeraldScenarioForm *self = HERALD_SCENARIO_FORM (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      herald_scenario_form_set_scenario (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_scenario_form_map (GtkWidget *widget)
{
  HeraldScenarioForm *self = HERALD_SCENARIO_FORM (widget);

  GTK_WIDGET_CLASS (herald_scenario_form_parent_class)->map (widget);
  if (self->rows_stale)
    queue_rebuild (self);
}

static void
herald_scenario_form_class_init (HeraldScenarioFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_scenario_form_dispose;
  object_class->get_property = herald_scenario_form_get_property;
  object_class->set_property = herald_scenario_form_set_property;
  widget_class->map = herald_scenario_form_map;

  properties[PROP_SCENARIO] =
      g_param_spec_object ("scenario", NULL, NULL, HERALD_TYPE_SCENARIO,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/herald-scenario-form.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, broken_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, description_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, locale_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, variables_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, suggestions_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, suggestions_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, new_name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, new_type);
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, new_value_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, add_error);
  gtk_widget_class_bind_template_child (widget_class, HeraldScenarioForm, add_button);
  gtk_widget_class_bind_template_callback (widget_class, about_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, locale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_variable_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_variable_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scenarioform");
}

static void
fill_locale_model (HeraldScenarioForm *self)
{
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, _ ("All Languages"));
  for (guint i = 0; self->locales != NULL && self->locales[i] != NULL; i++)
    {
      g_autofree char *title = herald_locale_name_dup_label (self->locales[i]);

      gtk_string_list_append (model, title);
    }
  self->loading = TRUE;
  adw_combo_row_set_model (self->locale_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->locale_row, 0);
  self->loading = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->locale_row),
                          self->locales != NULL && self->locales[0] != NULL);
}

static void
herald_scenario_form_init (HeraldScenarioForm *self)
{
  g_autoptr (GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; kind_names[i] != NULL; i++)
    gtk_string_list_append (kinds, _ (kind_names[i]));
  gtk_drop_down_set_model (self->new_type, G_LIST_MODEL (kinds));
  show_add_error (self, NULL);
  fill_locale_model (self);

  self->scenario_signals = g_signal_group_new (HERALD_TYPE_SCENARIO);
  g_signal_group_connect_object (self->scenario_signals, "notify::text",
                                 G_CALLBACK (scenario_text_changed_cb), self, G_CONNECT_SWAPPED);
  self->template_signals = g_signal_group_new (HERALD_TYPE_TEMPLATE);
  herald_signal_group_connect_notifies (
      self->template_signals, (const char *const[]){ HERALD_TEMPLATE_CONTENT_PROPERTIES, NULL },
      G_CALLBACK (template_changed_cb), self);
  load (self);
}

HeraldScenario *
herald_scenario_form_get_scenario (HeraldScenarioForm *self)
{
  g_return_val_if_fail (HERALD_IS_SCENARIO_FORM (self), NULL);
  return self->scenario;
}

void
herald_scenario_form_set_scenario (HeraldScenarioForm *self, HeraldScenario *scenario)
{
  g_return_if_fail (HERALD_IS_SCENARIO_FORM (self));
  g_return_if_fail (!scenario || HERALD_IS_SCENARIO (scenario));

  if (!g_set_object (&self->scenario, scenario))
    return;

  g_signal_group_set_target (self->scenario_signals, scenario);
  g_hash_table_remove_all (self->expanded);
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
}

void
herald_scenario_form_set_template (HeraldScenarioForm *self, HeraldTemplate *template)
{
  g_return_if_fail (HERALD_IS_SCENARIO_FORM (self));

  if (!g_set_object (&self->template, template))
    return;
  g_signal_group_set_target (self->template_signals, template);
  refresh_suggestions (self);
}

void
herald_scenario_form_set_locales (HeraldScenarioForm *self, const char *const *locales)
{
  g_return_if_fail (HERALD_IS_SCENARIO_FORM (self));

  if (self->locales != NULL && locales != NULL &&
      g_strv_equal ((const char *const *) self->locales, locales))
    return;
  g_strfreev (self->locales);
  self->locales = g_strdupv ((char **) locales);
  fill_locale_model (self);
  rebuild (self);
}

void
herald_scenario_form_set_locale (HeraldScenarioForm *self, const char *locale)
{
  guint position = 0;

  g_return_if_fail (HERALD_IS_SCENARIO_FORM (self));

  for (guint i = 0; locale != NULL && self->locales != NULL && self->locales[i] != NULL; i++)
    if (g_str_equal (self->locales[i], locale))
      position = i + 1;
  adw_combo_row_set_selected (self->locale_row, position);
}
