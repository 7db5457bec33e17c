/* herald-scenario-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-scenario-actions"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "herald-scenario-actions.h"
#include "herald-template-editor.h"

typedef enum
{
  ASK_ADD,
  ASK_DUPLICATE,
  ASK_RENAME,
} AskMode;

/* One open name dialog. */
typedef struct
{
  HeraldTemplateEditor *editor;
  HeraldScenario *source; /* duplicate, rename */
  AskMode mode;
  AdwMessageDialog *dialog;
  AdwEntryRow *name_row; /* NULL when renaming: the display name is the form's */
  AdwEntryRow *id_row;
  GtkLabel *problem;
  gboolean id_typed; /* the user wrote the file name: stop deriving it from the name */
  gboolean filling;
} Ask;

static void
ask_free (Ask *ask)
{
  g_clear_object (&ask->editor);
  g_clear_object (&ask->source);
  g_free (ask);
}

char *
herald_scenario_actions_id_from_name (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, NULL);
  GString *id = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (id, g_ascii_tolower (*p));
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
    }
  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);
  if (id->len > 60)
    g_string_truncate (id, 60);
  if (id->len == 0)
    g_string_assign (id, "scenario");
  return g_string_free (id, FALSE);
}

static void
ask_check (Ask *ask)
{
  HeraldTemplate *template = herald_template_editor_get_template (ask->editor);
  g_autoptr (GError) error = NULL;
  const char *id = gtk_editable_get_text (GTK_EDITABLE (ask->id_row));
  gboolean ok =
      template != NULL && herald_scenario_id_check_free (
                              template, id, ask->mode == ASK_RENAME ? ask->source : NULL, &error);

  gtk_label_set_text (ask->problem, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (ask->problem), error != NULL);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (ask->id_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (ask->id_row), "error");
  adw_message_dialog_set_response_enabled (ask->dialog, "ok", ok);
}

static void
name_changed_cb (Ask *ask)
{
  g_autofree char *base = NULL;
  g_autofree char *id = NULL;

  if (ask->id_typed)
    return;
  base =
      herald_scenario_actions_id_from_name (gtk_editable_get_text (GTK_EDITABLE (ask->name_row)));
  id = herald_scenario_id_suggest (herald_template_editor_get_template (ask->editor), base);
  ask->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (ask->id_row), id);
  ask->filling = FALSE;
  ask_check (ask);
}

static void
id_changed_cb (Ask *ask)
{
  if (!ask->filling)
    ask->id_typed = TRUE;
  ask_check (ask);
}

static void
show_problem (HeraldTemplateEditor *editor, const char *heading, const GError *error)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (editor))), heading, error->message));

  adw_message_dialog_add_response (dialog, "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ask_response_cb (AdwMessageDialog *dialog, const char *response, Ask *ask)
{
  HeraldTemplate *template = herald_template_editor_get_template (ask->editor);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldScenario) scenario = NULL;
  const char *id = gtk_editable_get_text (GTK_EDITABLE (ask->id_row));
  const char *name = ask->name_row ? gtk_editable_get_text (GTK_EDITABLE (ask->name_row)) : NULL;

  if (!g_str_equal (response, "ok") || template == NULL)
    return;

  switch (ask->mode)
    {
    case ASK_ADD:
      scenario = herald_scenario_add (template, id, name, &error);
      break;
    case ASK_DUPLICATE:
      scenario = herald_scenario_duplicate (template, ask->source, id, name, &error);
      break;
    case ASK_RENAME:
    default:
      scenario = herald_scenario_rename (template, ask->source, id, &error);
      break;
    }

  if (scenario == NULL)
    show_problem (ask->editor, _ ("The Scenario Was Not Saved"), error);
  else
    herald_template_editor_select_scenario (ask->editor, scenario);
}

static GtkWidget *
make_entry_row (const char *title, const char *accessible)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return row;
}

static void
ask (HeraldTemplateEditor *editor, AskMode mode)
{
  HeraldScenario *source = herald_template_editor_get_scenario (editor);
  static const char *const headings[] = { N_ ("New Scenario"), N_ ("Duplicate Scenario"),
                                          N_ ("Rename Scenario File") };
  static const char *const verbs[] = { N_ ("_Add"), N_ ("_Duplicate"), N_ ("_Rename") };
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  Ask *ask = g_new0 (Ask, 1);

  ask->editor = g_object_ref (editor);
  ask->source = mode != ASK_ADD && source != NULL ? g_object_ref (source) : NULL;
  ask->mode = mode;
  ask->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (editor))), _ (headings[mode]), NULL));
  if (mode == ASK_RENAME)
    adw_message_dialog_set_body (ask->dialog, _ ("The file name is the scenario's id in the "
                                                 "library. The name people see is edited in the "
                                                 "form."));

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  if (mode != ASK_RENAME)
    {
      ask->name_row = ADW_ENTRY_ROW (make_entry_row (_ ("Name"), _ ("Scenario name")));
      gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (ask->name_row));
    }
  ask->id_row = ADW_ENTRY_ROW (make_entry_row (_ ("File Name"), _ ("File name")));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (ask->id_row));
  gtk_box_append (GTK_BOX (box), list);
  ask->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (ask->problem, TRUE);
  gtk_label_set_xalign (ask->problem, 0);
  gtk_widget_add_css_class (GTK_WIDGET (ask->problem), "error");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (ask->problem));
  adw_message_dialog_set_extra_child (ask->dialog, box);

  adw_message_dialog_add_responses (ask->dialog, "cancel", _ ("_Cancel"), "ok", _ (verbs[mode]),
                                    NULL);
  adw_message_dialog_set_response_appearance (ask->dialog, "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ask->dialog, "ok");
  adw_message_dialog_set_close_response (ask->dialog, "cancel");

  g_object_set_data_full (G_OBJECT (ask->dialog), "herald-ask", ask, (GDestroyNotify) ask_free);
  g_signal_connect (ask->dialog, "response", G_CALLBACK (ask_response_cb), ask);
  g_signal_connect_swapped (ask->id_row, "changed", G_CALLBACK (id_changed_cb), ask);

  if (mode == ASK_RENAME)
    {
      ask->id_typed = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (ask->id_row), herald_scenario_get_id (source));
    }
  else
    {
      g_autofree char *name =
          mode == ASK_DUPLICATE
              ? g_strdup_printf (_ ("%s (copy)"), herald_scenario_get_name (source))
              : g_strdup (_ ("New scenario"));

      g_signal_connect_swapped (ask->name_row, "changed", G_CALLBACK (name_changed_cb), ask);
      gtk_editable_set_text (GTK_EDITABLE (ask->name_row), name);
    }
  ask_check (ask);
  gtk_window_present (GTK_WINDOW (ask->dialog));
}

static void
add_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ask (HERALD_TEMPLATE_EDITOR (widget), ASK_ADD);
}

static void
duplicate_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ask (HERALD_TEMPLATE_EDITOR (widget), ASK_DUPLICATE);
}

static void
rename_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ask (HERALD_TEMPLATE_EDITOR (widget), ASK_RENAME);
}

/* Undo */

typedef struct
{
  HeraldTemplateEditor *editor;
  HeraldTemplate *template;
  HeraldDeletedScenario *deleted;
} Undo;

static void
undo_free (Undo *undo)
{
  g_clear_object (&undo->editor);
  g_clear_object (&undo->template);
  g_clear_pointer (&undo->deleted, herald_deleted_scenario_free);
  g_free (undo);
}

static void
undo_cb (AdwToast *toast, Undo *undo)
{
  g_autoptr (GError) error = NULL;

  if (!herald_scenario_restore (undo->template, undo->deleted, &error))
    {
      show_problem (undo->editor, _ ("The Scenario Was Not Restored"), error);
      return;
    }
  if (herald_template_editor_get_template (undo->editor) == undo->template)
    herald_template_editor_select_scenario (undo->editor,
                                            herald_deleted_scenario_get_scenario (undo->deleted));
}

/* The file is deleted at once, and its bytes kept with the toast: Undo writes them back, so
 * that nothing is left half-deleted if Herald quits while the toast shows. */
static void
delete_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldTemplateEditor *editor = HERALD_TEMPLATE_EDITOR (widget);
  HeraldTemplate *template = herald_template_editor_get_template (editor);
  HeraldScenario *scenario = herald_template_editor_get_scenario (editor);
  GtkWidget *overlay;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  HeraldDeletedScenario *deleted;
  AdwToast *toast;
  Undo *undo;

  if (template == NULL || scenario == NULL)
    return;

  title = g_strdup_printf (_ ("Scenario “%s” deleted"), herald_scenario_get_name (scenario));
  deleted = herald_scenario_delete (template, scenario, &error);
  if (deleted == NULL)
    {
      show_problem (editor, _ ("The Scenario Was Not Deleted"), error);
      return;
    }

  undo = g_new0 (Undo, 1);
  undo->editor = g_object_ref (editor);
  undo->template = g_object_ref (template);
  undo->deleted = deleted;

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _ ("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "herald-undo", undo, (GDestroyNotify) undo_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_cb), undo);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

void
herald_scenario_actions_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "scenario.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "scenario.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "scenario.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "scenario.delete", NULL, delete_action);
}
