/* herald-template-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-template-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "herald-template-editor.h"
#include "herald-editor-search.h"
#include "herald-scenario-actions.h"
#include "herald-scenario-form.h"
#include "herald-stack-switcher.h"
#include "herald-tooltip.h"
#include "herald-variable-completion.h"

#include "herald-first-frame.h"
#include "herald-signal-group.h"
#include "herald-utf8.h"

/* Edits one template: its message fields, HTML and text parts, and the scenario the
 * window has chosen. Buffers and the model are kept in step both ways; `syncing` stops a
 * change from echoing back to where it came from. */
struct _HeraldTemplateEditor
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkWidget *box;
  AdwViewStack *stack;
  HeraldEditorSearch *search;
  HeraldVariableCompletion *completion;
  AdwEntryRow *name_row;
  AdwEntryRow *description_row;
  AdwEntryRow *subject_row;
  AdwEntryRow *preheader_row;
  GtkScrolledWindow *html_scroller;
  GtkScrolledWindow *text_scroller;
  GtkScrolledWindow *scenario_scroller;
  /* NULL until made (make_code_views): after the first frame, or when first needed. */
  GtkSourceView *html_view;
  GtkSourceView *text_view;
  GtkSourceView *scenario_view;
  GtkLabel *scenario_title;
  GtkStack *scenario_stack;
  AdwBin *scenario_form_slot;
  GtkMenuButton *scenario_menu_button;
  GMenuModel *scenario_menu;
  /* NULL until the Scenario page is first shown: the form is some two hundred widgets. */
  HeraldScenarioForm *scenario_form;

  /* Owned References */
  HeraldTemplate *template;
  HeraldScenario *scenario;
  char **locales;
  GSignalGroup *template_signals;
  /* Set while an edit made here goes to the template. */
  gboolean pushing;
  /* The findings the buffers are marked with, to skip marking them again. */
  GPtrArray *underlined;
  GSignalGroup *scenario_signals;

  guint syncing : 1;
};

G_DEFINE_FINAL_TYPE (HeraldTemplateEditor, herald_template_editor, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TEMPLATE,
  PROP_SCENARIO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SELECT_SCENARIO,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkTextBuffer *
buffer_of (GtkSourceView *view)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* A copy of a buffer's text kept in step with its edits. Reading a 20 KB buffer back with
 * gtk_text_buffer_get_text() costs more than the rest of a keystroke together, and every
 * keystroke hands the whole text to the template. */
typedef struct
{
  GString *text;
  gsize n_chars;
  gboolean valid; /* FALSE until read from the buffer, or after an edit it cannot follow */
} Mirror;

static void
mirror_free (Mirror *mirror)
{
  g_string_free (mirror->text, TRUE);
  g_free (mirror);
}

/* The byte offset of a character offset. */
static gsize
mirror_byte_offset (Mirror *mirror, gsize n_chars)
{
  const char *start = mirror->text->str;
  const char *end = start + mirror->text->len;
  const char *p = start;

  while (n_chars > 0 && p < end)
    {
      /* An ASCII byte is a character: the run is looked for no further than needed. */
      gsize ascii = herald_utf8_ascii_prefix (p, MIN ((gsize) (end - p), n_chars));

      p += ascii;
      n_chars -= ascii;
      if (n_chars > 0 && p < end)
        {
          p = g_utf8_next_char (p);
          n_chars--;
        }
    }
  return (gsize) (MIN (p, end) - start);
}

static void
mirror_insert_cb (
    GtkTextBuffer *buffer, GtkTextIter *location, const char *text, int length, Mirror *mirror)
{
  gsize at;

  if (!mirror->valid)
    return;
  if (length < 0)
    length = strlen (text);
  at = mirror_byte_offset (mirror, gtk_text_iter_get_offset (location));
  g_string_insert_len (mirror->text, at, text, length);
  mirror->n_chars += g_utf8_strlen (text, length);
}

static void
mirror_delete_cb (GtkTextBuffer *buffer, GtkTextIter *start, GtkTextIter *end, Mirror *mirror)
{
  gsize from, to;

  if (!mirror->valid)
    return;
  from = mirror_byte_offset (mirror, gtk_text_iter_get_offset (start));
  to = mirror_byte_offset (mirror, gtk_text_iter_get_offset (end));
  if (to < from)
    {
      gsize swap = from;

      from = to;
      to = swap;
    }
  g_string_erase (mirror->text, from, to - from);
  mirror->n_chars -= ABS (gtk_text_iter_get_offset (end) - gtk_text_iter_get_offset (start));
}

static void
mirror_lost_cb (Mirror *mirror)
{
  mirror->valid = FALSE;
}

static void
mirror_attach (GtkTextBuffer *buffer)
{
  Mirror *mirror = g_new0 (Mirror, 1);

  mirror->text = g_string_new (NULL);
  g_object_set_data_full (G_OBJECT (buffer), "herald-mirror", mirror, (GDestroyNotify) mirror_free);
  /* Before the buffer's own handlers: the iterators still point where the edit is made. */
  g_signal_connect (buffer, "insert-text", G_CALLBACK (mirror_insert_cb), mirror);
  g_signal_connect (buffer, "delete-range", G_CALLBACK (mirror_delete_cb), mirror);
  g_signal_connect_swapped (buffer, "insert-paintable", G_CALLBACK (mirror_lost_cb), mirror);
  g_signal_connect_swapped (buffer, "insert-child-anchor", G_CALLBACK (mirror_lost_cb), mirror);
}

/* The buffer's text; read back from the buffer only when the copy cannot be trusted (its
 * length disagrees with the buffer's, as after an edit it could not follow). */
static const char *
mirror_get_text (GtkTextBuffer *buffer)
{
  Mirror *mirror = g_object_get_data (G_OBJECT (buffer), "herald-mirror");

  if (!mirror->valid || mirror->n_chars != (gsize) gtk_text_buffer_get_char_count (buffer))
    {
      g_autofree char *text = buffer_text (buffer);

      g_string_assign (mirror->text, text);
      mirror->n_chars = gtk_text_buffer_get_char_count (buffer);
      mirror->valid = TRUE;
    }
  return mirror->text->str;
}

/* Replaces the buffer's text when it differs, keeping the cursor on the same line so that
 * an external change does not throw the user to the top. */
static void
set_buffer_text (HeraldTemplateEditor *self,
                 GtkTextBuffer *buffer,
                 const char *text,
                 gboolean undoable)
{
  GtkTextIter iter;
  int line;

  if (text == NULL)
    text = "";
  if (g_strcmp0 (mirror_get_text (buffer), text) == 0)
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  line = gtk_text_iter_get_line (&iter);

  self->syncing = TRUE;
  /* New text carries none of the marks. */
  g_clear_pointer (&self->underlined, g_ptr_array_unref);
  if (!undoable)
    gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text, -1);
  if (!undoable)
    gtk_text_buffer_end_irreversible_action (buffer);
  self->syncing = FALSE;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

static void
set_row_text (HeraldTemplateEditor *self, AdwEntryRow *row, const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text ? text : "") == 0)
    return;

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  self->syncing = FALSE;
}

static void
load_template_into_widgets (HeraldTemplateEditor *self, gboolean undoable)
{
  HeraldTemplate *template = self->template;
  gboolean sensitive = template != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), sensitive);
  if (template == NULL)
    return;

  set_row_text (self, self->name_row, herald_template_get_name (template));
  set_row_text (self, self->description_row, herald_template_get_description (template));
  set_row_text (self, self->subject_row, herald_template_get_subject (template));
  set_row_text (self, self->preheader_row, herald_template_get_preheader (template));
  if (self->html_view == NULL)
    return;
  set_buffer_text (self, buffer_of (self->html_view), herald_template_get_html (template),
                   undoable);
  set_buffer_text (self, buffer_of (self->text_view), herald_template_get_text (template),
                   undoable);
}

static void
template_changed_cb (HeraldTemplateEditor *self)
{
  /* The editor's own edits already show; comparing 20 KB of text per keystroke to learn that
   * would only delay the preview. */
  if (self->pushing)
    return;

  /* The model changed under us: a reload, or another program's save. */
  load_template_into_widgets (self, FALSE);
}

static void
update_scenario_actions (HeraldTemplateEditor *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "scenario.add", self->template != NULL);
  gtk_widget_action_set_enabled (widget, "scenario.duplicate", self->scenario != NULL);
  gtk_widget_action_set_enabled (widget, "scenario.rename", self->scenario != NULL);
  gtk_widget_action_set_enabled (widget, "scenario.delete", self->scenario != NULL);
}

static void
load_scenario_into_view (HeraldTemplateEditor *self)
{
  if (self->scenario_view == NULL)
    return;
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->scenario_view), self->scenario != NULL);
  set_buffer_text (self, buffer_of (self->scenario_view),
                   self->scenario != NULL ? herald_scenario_get_text (self->scenario) : "", FALSE);
}

static void
load_scenario_into_widgets (HeraldTemplateEditor *self)
{
  update_scenario_actions (self);
  if (self->scenario_form != NULL)
    herald_scenario_form_set_scenario (self->scenario_form, self->scenario);
  load_scenario_into_view (self);
  if (self->scenario == NULL)
    {
      gtk_label_set_text (self->scenario_title, _ ("This template has no scenario yet"));
      return;
    }

  /* The file, relative to the library: the whole path would be cut at the start. */
  {
    g_autofree char *file =
        g_strconcat ("scenarios/", herald_scenario_get_id (self->scenario), ".json", NULL);

    gtk_label_set_text (self->scenario_title, file);
    herald_widget_set_tooltip (GTK_WIDGET (self->scenario_title),
                               herald_scenario_get_path (self->scenario));
  }
}

static void
scenario_text_changed_cb (HeraldTemplateEditor *self)
{
  load_scenario_into_view (self);
}

/* Up and Down leave the Inbox rows for the next or previous group, as they do between
 * libadwaita's own groups. */
static gboolean
inbox_keynav_failed_cb (HeraldTemplateEditor *self, GtkDirectionType direction)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));

  if (root == NULL || (direction != GTK_DIR_UP && direction != GTK_DIR_DOWN))
    return FALSE;
  return gtk_widget_child_focus (root, direction == GTK_DIR_UP ? GTK_DIR_TAB_BACKWARD
                                                               : GTK_DIR_TAB_FORWARD);
}

static void
row_changed_cb (HeraldTemplateEditor *self, GtkEditable *editable)
{
  const char *text = gtk_editable_get_text (editable);

  if (self->syncing || self->template == NULL)
    return;

  if (editable == GTK_EDITABLE (self->name_row))
    herald_template_set_name (self->template, text);
  else if (editable == GTK_EDITABLE (self->description_row))
    herald_template_set_description (self->template, text);
  else if (editable == GTK_EDITABLE (self->subject_row))
    herald_template_set_part (self->template, HERALD_PART_SUBJECT, text);
  else if (editable == GTK_EDITABLE (self->preheader_row))
    herald_template_set_part (self->template, HERALD_PART_PREHEADER, text);
}

static void
buffer_changed_cb (HeraldTemplateEditor *self, GtkTextBuffer *buffer)
{
  const char *text;

  if (self->syncing)
    return;

  text = mirror_get_text (buffer);
  if (buffer == buffer_of (self->scenario_view))
    {
      if (self->scenario != NULL)
        herald_scenario_set_text (self->scenario, text);
    }
  else if (self->template != NULL)
    {
      self->pushing = TRUE;
      herald_template_set_part (
          self->template,
          buffer == buffer_of (self->html_view) ? HERALD_PART_HTML : HERALD_PART_TEXT, text);
      self->pushing = FALSE;
    }
}

static void
update_style_scheme (HeraldTemplateEditor *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;
  GtkSourceView *views[] = { self->html_view, self->text_view, self->scenario_view };

  scheme = gtk_source_style_scheme_manager_get_scheme (
      schemes, adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita");
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer_of (views[i])), scheme);
}

/* The Mailjet Templating Language's definitions are compiled into the program, so that the
 * build tree and an installed copy find the same ones. */
#define LANGUAGE_SPECS_PATH "resource:///io/github/heraldapp/Herald/language-specs/"

GtkSourceLanguage *
herald_template_editor_get_part_language (HeraldPart part)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  const char *const *path = gtk_source_language_manager_get_search_path (languages);

  if (path == NULL || !g_strv_contains (path, LANGUAGE_SPECS_PATH))
    gtk_source_language_manager_append_search_path (languages, LANGUAGE_SPECS_PATH);

  return gtk_source_language_manager_get_language (
      languages, part == HERALD_PART_TEXT ? "mailjet-text" : "mailjet-html");
}

static void
set_language (GtkSourceView *view, GtkSourceLanguage *language)
{
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer_of (view)), language);
}

static void make_code_views (HeraldTemplateEditor *self);
static GtkSourceView *current_view (HeraldTemplateEditor *self);

/* Making the code views, and loading the highlighting definitions and style schemes, take
 * longer than drawing the whole window, and the first page shown holds no code, so they wait
 * for the first frame. */
static void
start_highlighting (GtkWidget *widget)
{
  HeraldTemplateEditor *self = HERALD_TEMPLATE_EDITOR (widget);

  make_code_views (self);
  set_language (self->html_view, herald_template_editor_get_part_language (HERALD_PART_HTML));
  set_language (self->text_view, herald_template_editor_get_part_language (HERALD_PART_TEXT));
  set_language (self->scenario_view, gtk_source_language_manager_get_language (
                                         gtk_source_language_manager_get_default (), "json"));
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  update_style_scheme (self);
}

static void
setup_view (HeraldTemplateEditor *self, GtkSourceView *view)
{
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (buffer_of (view));
  GdkRGBA error_color = { 0.88, 0.11, 0.14, 1.0 };
  GdkRGBA warning_color = { 0.90, 0.55, 0.0, 1.0 };

  gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (buffer), "diagnostic-error", "underline",
                              PANGO_UNDERLINE_ERROR, "underline-rgba", &error_color, NULL);
  gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (buffer), "diagnostic-warning", "underline",
                              PANGO_UNDERLINE_ERROR, "underline-rgba", &warning_color, NULL);

  gtk_source_buffer_set_highlight_matching_brackets (buffer, TRUE);
  mirror_attach (GTK_TEXT_BUFFER (buffer));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (buffer_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void underline_all (HeraldTemplateEditor *self);

/* The HTML, text and scenario JSON views, made once and filled from the template and the
 * scenario as they are now. */
static void
make_code_views (HeraldTemplateEditor *self)
{
  g_autoptr (GtkBuilder) builder = NULL;
  g_autoptr (GPtrArray) underlined = NULL;

  if (self->html_view != NULL)
    return;

  builder = gtk_builder_new_from_resource (APP_PATH "/ui/herald-template-editor-views.ui");
  self->html_view = GTK_SOURCE_VIEW (
      herald_scrolled_window_take_child (self->html_scroller, builder, "html_view"));
  self->text_view = GTK_SOURCE_VIEW (
      herald_scrolled_window_take_child (self->text_scroller, builder, "text_view"));
  self->scenario_view = GTK_SOURCE_VIEW (
      herald_scrolled_window_take_child (self->scenario_scroller, builder, "scenario_view"));

  setup_view (self, self->html_view);
  setup_view (self, self->text_view);
  setup_view (self, self->scenario_view);
  gtk_source_completion_add_provider (gtk_source_view_get_completion (self->html_view),
                                      GTK_SOURCE_COMPLETION_PROVIDER (self->completion));
  gtk_source_completion_add_provider (gtk_source_view_get_completion (self->text_view),
                                      GTK_SOURCE_COMPLETION_PROVIDER (self->completion));

  /* Filling the views forgets the findings marked, as any new text does: these are for it. */
  underlined = self->underlined != NULL ? g_ptr_array_ref (self->underlined) : NULL;
  load_template_into_widgets (self, FALSE);
  load_scenario_into_view (self);
  g_clear_pointer (&self->underlined, g_ptr_array_unref);
  self->underlined = g_steal_pointer (&underlined);
  underline_all (self);
  herald_editor_search_set_view (self->search, current_view (self));
}

static void
herald_template_editor_dispose (GObject *object)
{
  HeraldTemplateEditor *self = (HeraldTemplateEditor *) object;

  g_clear_object (&self->template_signals);
  g_clear_object (&self->completion);
  g_clear_pointer (&self->underlined, g_ptr_array_unref);
  g_clear_object (&self->scenario_signals);
  g_clear_object (&self->template);
  g_clear_object (&self->scenario);
  g_clear_pointer (&self->locales, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_TEMPLATE_EDITOR);
  /* They went with their scrolled windows. */
  self->html_view = self->text_view = self->scenario_view = NULL;

  G_OBJECT_CLASS (herald_template_editor_parent_class)->dispose (object);
}

static void
herald_template_editor_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  HeraldTemplateEditor *self = HERALD_TEMPLATE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_TEMPLATE:
      g_value_set_object (value, self->template);
      break;
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_template_editor_set_property (GObject *object,
                                     guint prop_id,
                                     const GValue *value,
                                     GParamSpec *pspec)
{
  HeraldTemplateEditor *self = HERALD_TEMPLATE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_TEMPLATE:
      herald_template_editor_set_template (self, g_value_get_object (value));
      break;
    case PROP_SCENARIO:
      herald_template_editor_set_scenario (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The page's code view, or NULL for the Message page. */
static GtkSourceView *
current_view (HeraldTemplateEditor *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "message") == 0)
    return NULL;
  make_code_views (self);
  if (g_strcmp0 (page, "html") == 0)
    return self->html_view;
  if (g_strcmp0 (page, "text") == 0)
    return self->text_view;
  if (g_strcmp0 (page, "scenario") == 0)
    return self->scenario_view;
  return NULL;
}

static void
page_changed_cb (HeraldTemplateEditor *self)
{
  herald_editor_search_set_view (self->search, current_view (self));
}

/* Find and Go to Line work on the page's code; from the Message page they go to the HTML. */
static void
show_code_page (HeraldTemplateEditor *self)
{
  if (current_view (self) == NULL)
    adw_view_stack_set_visible_child_name (self->stack, "html");
  herald_editor_search_set_view (self->search, current_view (self));
}

void
herald_template_editor_find (HeraldTemplateEditor *self, gboolean replace)
{
  g_return_if_fail (HERALD_IS_TEMPLATE_EDITOR (self));

  show_code_page (self);
  herald_editor_search_find (self->search, replace);
}

void
herald_template_editor_goto_line (HeraldTemplateEditor *self)
{
  g_return_if_fail (HERALD_IS_TEMPLATE_EDITOR (self));

  show_code_page (self);
  herald_editor_search_goto_line (self->search);
}

HeraldVariableCompletion *
herald_template_editor_get_variable_completion (HeraldTemplateEditor *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE_EDITOR (self), NULL);
  return self->completion;
}

HeraldEditorSearch *
herald_template_editor_get_search (HeraldTemplateEditor *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE_EDITOR (self), NULL);
  return self->search;
}

static void
show_json_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HeraldTemplateEditor *self = HERALD_TEMPLATE_EDITOR (widget);

  herald_template_editor_show_scenario (self, TRUE);
  make_code_views (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->scenario_view));
}

void
herald_template_editor_select_scenario (HeraldTemplateEditor *self, HeraldScenario *scenario)
{
  g_return_if_fail (HERALD_IS_TEMPLATE_EDITOR (self));

  g_signal_emit (self, signals[SELECT_SCENARIO], 0, scenario);
  /* Whoever chooses scenarios may not be listening (a lone editor): show it all the same. */
  herald_template_editor_set_scenario (self, scenario);
}

void
herald_template_editor_set_locales (HeraldTemplateEditor *self, const char *const *locales)
{
  g_return_if_fail (HERALD_IS_TEMPLATE_EDITOR (self));

  g_strfreev (self->locales);
  self->locales = g_strdupv ((char **) locales);
  if (self->scenario_form != NULL)
    herald_scenario_form_set_locales (self->scenario_form, locales);
}

void
herald_template_editor_show_scenario (HeraldTemplateEditor *self, gboolean json)
{
  g_return_if_fail (HERALD_IS_TEMPLATE_EDITOR (self));

  adw_view_stack_set_visible_child_name (self->stack, "scenario");
  gtk_stack_set_visible_child_name (self->scenario_stack, json ? "json" : "form");
}

GtkTextBuffer *
herald_template_editor_get_scenario_buffer (HeraldTemplateEditor *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE_EDITOR (self), NULL);

  make_code_views (self);
  return buffer_of (self->scenario_view);
}

static HeraldScenarioForm *
ensure_scenario_form (HeraldTemplateEditor *self)
{
  if (self->scenario_form != NULL)
    return self->scenario_form;

  self->scenario_form = g_object_new (HERALD_TYPE_SCENARIO_FORM, NULL);
  herald_scenario_form_set_locales (self->scenario_form, (const char *const *) self->locales);
  herald_scenario_form_set_template (self->scenario_form, self->template);
  herald_scenario_form_set_scenario (self->scenario_form, self->scenario);
  adw_bin_set_child (self->scenario_form_slot, GTK_WIDGET (self->scenario_form));
  return self->scenario_form;
}

HeraldScenarioForm *
herald_template_editor_get_scenario_form (HeraldTemplateEditor *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE_EDITOR (self), NULL);
  return ensure_scenario_form (self);
}

static const HeraldTooltipSpec tooltips[] = {
  { "scenario_menu_button", N_ ("Scenario Actions") },
};

static void
herald_template_editor_class_init (HeraldTemplateEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_template_editor_dispose;

  g_type_ensure (HERALD_TYPE_EDITOR_SEARCH);
  object_class->get_property = herald_template_editor_get_property;
  object_class->set_property = herald_template_editor_set_property;

  properties[PROP_TEMPLATE] =
      g_param_spec_object ("template", NULL, NULL, HERALD_TYPE_TEMPLATE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCENARIO] =
      g_param_spec_object ("scenario", NULL, NULL, HERALD_TYPE_SCENARIO,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Asks whoever chooses the scenario (the window) to choose this one: one just added,
   * duplicated or renamed. */
  signals[SELECT_SCENARIO] =
      g_signal_new ("select-scenario", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, HERALD_TYPE_SCENARIO);

  g_type_ensure (HERALD_TYPE_SCENARIO_FORM);
  g_type_ensure (HERALD_TYPE_STACK_SWITCHER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/herald-template-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, box);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, subject_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, preheader_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, html_scroller);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, text_scroller);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, scenario_scroller);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, scenario_title);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, scenario_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, scenario_form_slot);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, scenario_menu_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, scenario_menu);
  gtk_widget_class_bind_template_child (widget_class, HeraldTemplateEditor, search);
  gtk_widget_class_bind_template_callback (widget_class, row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, inbox_keynav_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);

  gtk_widget_class_install_action (widget_class, "scenario.show-json", NULL, show_json_action);
  herald_scenario_actions_install (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "templateeditor");
}

static void
herald_template_editor_init (HeraldTemplateEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  herald_widget_set_template_tooltips (GTK_WIDGET (self), tooltips, G_N_ELEMENTS (tooltips));

  self->completion = herald_variable_completion_new ();

  self->template_signals = g_signal_group_new (HERALD_TYPE_TEMPLATE);
  herald_signal_group_connect_notifies (
      self->template_signals,
      (const char *const[]){ HERALD_TEMPLATE_CONTENT_PROPERTIES, "name", "description", NULL },
      G_CALLBACK (template_changed_cb), self);

  self->scenario_signals = g_signal_group_new (HERALD_TYPE_SCENARIO);
  g_signal_group_connect_object (self->scenario_signals, "notify::text",
                                 G_CALLBACK (scenario_text_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_swapped (self->scenario_form_slot, "map", G_CALLBACK (ensure_scenario_form),
                            self);
  herald_menu_button_set_menu_model_after_first_frame (self->scenario_menu_button,
                                                       self->scenario_menu);

  herald_run_after_first_frame (GTK_WIDGET (self), start_highlighting);
  load_template_into_widgets (self, FALSE);
  load_scenario_into_widgets (self);
}

HeraldTemplate *
herald_template_editor_get_template (HeraldTemplateEditor *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE_EDITOR (self), NULL);
  return self->template;
}

void
herald_template_editor_set_template (HeraldTemplateEditor *self, HeraldTemplate *template)
{
  g_return_if_fail (HERALD_IS_TEMPLATE_EDITOR (self));
  g_return_if_fail (!template || HERALD_IS_TEMPLATE (template));

  if (!g_set_object (&self->template, template))
    return;

  g_signal_group_set_target (self->template_signals, template);
  herald_variable_completion_set_template (self->completion, template);
  if (self->scenario_form != NULL)
    herald_scenario_form_set_template (self->scenario_form, template);
  update_scenario_actions (self);
  /* Switching templates starts a fresh undo history: undoing into another template's
   * text would be confusing. */
  load_template_into_widgets (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATE]);
}

HeraldScenario *
herald_template_editor_get_scenario (HeraldTemplateEditor *self)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE_EDITOR (self), NULL);
  return self->scenario;
}

void
herald_template_editor_set_scenario (HeraldTemplateEditor *self, HeraldScenario *scenario)
{
  g_return_if_fail (HERALD_IS_TEMPLATE_EDITOR (self));
  g_return_if_fail (!scenario || HERALD_IS_SCENARIO (scenario));

  if (!g_set_object (&self->scenario, scenario))
    return;

  g_signal_group_set_target (self->scenario_signals, scenario);
  load_scenario_into_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
}

GtkTextBuffer *
herald_template_editor_get_buffer (HeraldTemplateEditor *self, HeraldPart part)
{
  g_return_val_if_fail (HERALD_IS_TEMPLATE_EDITOR (self), NULL);

  switch (part)
    {
    case HERALD_PART_HTML:
      make_code_views (self);
      return buffer_of (self->html_view);
    case HERALD_PART_TEXT:
      make_code_views (self);
      return buffer_of (self->text_view);
    case HERALD_PART_SUBJECT:
    case HERALD_PART_PREHEADER:
    default:
      return NULL;
    }
}

static void
clear_underlines (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "diagnostic-error", &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "diagnostic-warning", &start, &end);
}

/* Underlines from the reported column to the end of the word or tag there, so that the
 * mark sits on the thing to fix rather than on a single character. */
static void
underline (GtkTextBuffer *buffer, HeraldDiagnostic *diagnostic)
{
  const char *tag = herald_diagnostic_get_severity (diagnostic) == HERALD_SEVERITY_ERROR
                        ? "diagnostic-error"
                        : "diagnostic-warning";
  guint line = herald_diagnostic_get_line (diagnostic);
  guint column = MAX (herald_diagnostic_get_column (diagnostic), 1);
  GtkTextIter start, end;

  if (line == 0 || (int) line > gtk_text_buffer_get_line_count (buffer))
    return;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, line - 1, column - 1);
  end = start;
  while (!gtk_text_iter_ends_line (&end))
    {
      gunichar c = gtk_text_iter_get_char (&end);

      if (!gtk_text_iter_equal (&start, &end) && (g_unichar_isspace (c) || c == '<'))
        break;
      if (!gtk_text_iter_forward_char (&end))
        break;
    }
  if (gtk_text_iter_equal (&start, &end))
    {
      /* At the end of a line: mark the line instead. */
      gtk_text_iter_set_line_offset (&start, 0);
    }

  gtk_text_buffer_apply_tag_by_name (buffer, tag, &start, &end);
}

/* Marks the code views with the findings kept in `underlined`; views not made yet are
 * marked when they are. */
static void
underline_all (HeraldTemplateEditor *self)
{
  if (self->html_view == NULL || self->underlined == NULL)
    return;

  clear_underlines (buffer_of (self->html_view));
  clear_underlines (buffer_of (self->text_view));
  for (guint i = 0; i < self->underlined->len; i++)
    {
      HeraldDiagnostic *diagnostic = g_ptr_array_index (self->underlined, i);

      /* Translations have their own lines; only the source is in the editor. */
      if (herald_diagnostic_get_locale (diagnostic) != NULL)
        continue;
      if (herald_diagnostic_get_part (diagnostic) == HERALD_PART_HTML)
        underline (buffer_of (self->html_view), diagnostic);
      else if (herald_diagnostic_get_part (diagnostic) == HERALD_PART_TEXT)
        underline (buffer_of (self->text_view), diagnostic);
    }
}

void
herald_template_editor_set_diagnostics (HeraldTemplateEditor *self, GPtrArray *diagnostics)
{
  gboolean subject_problem = FALSE;
  gboolean preheader_problem = FALSE;

  g_return_if_fail (HERALD_IS_TEMPLATE_EDITOR (self));

  /* Marking a buffer relays out all of its text: not again for the same findings. */
  if (self->underlined != NULL && herald_diagnostics_equal (diagnostics, self->underlined))
    return;
  g_clear_pointer (&self->underlined, g_ptr_array_unref);
  self->underlined = diagnostics != NULL ? g_ptr_array_ref (diagnostics)
                                         : g_ptr_array_new_with_free_func (g_object_unref);
  underline_all (self);

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      HeraldDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (herald_diagnostic_get_locale (diagnostic) != NULL)
        continue;

      switch (herald_diagnostic_get_part (diagnostic))
        {
        case HERALD_PART_SUBJECT:
          subject_problem |= herald_diagnostic_get_severity (diagnostic) >= HERALD_SEVERITY_WARNING;
          break;
        case HERALD_PART_PREHEADER:
          preheader_problem |=
              herald_diagnostic_get_severity (diagnostic) >= HERALD_SEVERITY_WARNING;
          break;
        default:
          break;
        }
    }

  if (subject_problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->subject_row), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->subject_row), "warning");
  if (preheader_problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->preheader_row), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->preheader_row), "warning");
}

/* Brings a part forward and puts the cursor at line:column (1-based; 0 for "the part"). */
void
herald_template_editor_show_part (HeraldTemplateEditor *self,
                                  HeraldPart part,
                                  guint line,
                                  guint column)
{
  GtkSourceView *view = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_if_fail (HERALD_IS_TEMPLATE_EDITOR (self));

  switch (part)
    {
    case HERALD_PART_SUBJECT:
      adw_view_stack_set_visible_child_name (self->stack, "message");
      gtk_widget_grab_focus (GTK_WIDGET (self->subject_row));
      return;
    case HERALD_PART_PREHEADER:
      adw_view_stack_set_visible_child_name (self->stack, "message");
      gtk_widget_grab_focus (GTK_WIDGET (self->preheader_row));
      return;
    case HERALD_PART_HTML:
      adw_view_stack_set_visible_child_name (self->stack, "html");
      make_code_views (self);
      view = self->html_view;
      break;
    case HERALD_PART_TEXT:
      adw_view_stack_set_visible_child_name (self->stack, "text");
      make_code_views (self);
      view = self->text_view;
      break;
    default:
      g_return_if_reached ();
    }

  buffer = buffer_of (view);
  if (line > 0)
    {
      gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, line - 1,
                                               column > 0 ? column - 1 : 0);
      gtk_text_buffer_place_cursor (buffer, &iter);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (view), &iter, 0.2, FALSE, 0, 0);
    }
  gtk_widget_grab_focus (GTK_WIDGET (view));
}
