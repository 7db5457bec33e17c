/* herald-library-fields.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-library-fields"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-library-fields.h"
#include "herald-locale-name.h"
#include "herald-recipients-group.h"

struct _HeraldLibraryFields
{
  GtkBox parent_instance;

  AdwEntryRow *name_row;
  AdwComboRow *source_row;
  AdwPreferencesGroup *translations_group;
  AdwExpanderRow *targets_row;
  AdwEntryRow *from_name_row;
  AdwEntryRow *from_email_row;
  GtkLabel *email_problem;

  /* Language codes in the order of the source row's model and of target_checks. */
  GPtrArray *codes;
  GPtrArray *target_checks;
  gboolean valid;
};

G_DEFINE_FINAL_TYPE (HeraldLibraryFields, herald_library_fields, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
compare_by_name (gconstpointer a, gconstpointer b)
{
  const char *code_a = *(const char *const *) a;
  const char *code_b = *(const char *const *) b;
  const char *name_a = herald_locale_name_get_language (code_a);
  const char *name_b = herald_locale_name_get_language (code_b);

  return g_utf8_collate (name_a ? name_a : code_a, name_b ? name_b : code_b);
}

static gboolean
has_code (HeraldLibraryFields *self, const char *code, guint *index)
{
  return g_ptr_array_find_with_equal_func (self->codes, code, g_str_equal, index);
}

static void
update_targets_summary (HeraldLibraryFields *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) names = NULL;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < self->codes->len; i++)
    {
      const char *code = g_ptr_array_index (self->codes, i);
      const char *language = herald_locale_name_get_language (code);

      if (gtk_check_button_get_active (g_ptr_array_index (self->target_checks, i)))
        g_strv_builder_add (builder, language ? language : code);
    }
  names = g_strv_builder_end (builder);
  summary = names[0] != NULL ? g_strjoinv (", ", names) : g_strdup (_ ("None: no translations"));
  adw_expander_row_set_subtitle (self->targets_row, summary);
}

static void
update_validity (HeraldLibraryFields *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->from_email_row));
  const char *problem = herald_recipients_check_address (email);
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  gboolean valid;

  if (email[0] == '\0')
    problem = NULL;
  gtk_label_set_text (self->email_problem, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->email_problem), problem != NULL);
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->from_email_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->from_email_row), "error");

  valid = stripped[0] != '\0' && email[0] != '\0' && problem == NULL;
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

/* The source language is not also a target. */
static void
source_changed_cb (HeraldLibraryFields *self)
{
  guint source = adw_combo_row_get_selected (self->source_row);

  for (guint i = 0; i < self->target_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->target_checks, i);
      GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_ACTION_ROW);

      if (i == source)
        gtk_check_button_set_active (check, FALSE);
      gtk_widget_set_sensitive (row, i != source);
    }
}

static GtkWidget *
make_target_row (HeraldLibraryFields *self, const char *code)
{
  const char *language = herald_locale_name_get_language (code);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *code_label = gtk_label_new (code);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), language ? language : code);
  g_autofree char *label = herald_locale_name_dup_label (code);

  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (code_label, "dim-label");
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), code_label);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_targets_summary), self);
  g_ptr_array_add (self->target_checks, check);
  return row;
}

/* Herald's languages plus any the library already uses, sorted by name. */
static void
rebuild_languages (HeraldLibraryFields *self, const char *const *extra)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->target_checks->len; i++)
    adw_expander_row_remove (
        self->targets_row,
        gtk_widget_get_ancestor (g_ptr_array_index (self->target_checks, i), ADW_TYPE_ACTION_ROW));
  g_ptr_array_set_size (self->target_checks, 0);
  g_ptr_array_set_size (self->codes, 0);

  for (const char *const *code = herald_locale_name_get_known (); *code != NULL; code++)
    g_ptr_array_add (self->codes, g_strdup (*code));
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    if (!has_code (self, extra[i], NULL))
      g_ptr_array_add (self->codes, g_strdup (extra[i]));
  g_ptr_array_sort (self->codes, compare_by_name);

  for (guint i = 0; i < self->codes->len; i++)
    {
      const char *code = g_ptr_array_index (self->codes, i);
      g_autofree char *label = herald_locale_name_dup_label (code);

      gtk_string_list_append (labels, label);
      adw_expander_row_add_row (self->targets_row, make_target_row (self, code));
    }
  adw_combo_row_set_model (self->source_row, G_LIST_MODEL (labels));
}

static void
herald_library_fields_finalize (GObject *object)
{
  HeraldLibraryFields *self = (HeraldLibraryFields *) object;

  g_clear_pointer (&self->codes, g_ptr_array_unref);
  g_clear_pointer (&self->target_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (herald_library_fields_parent_class)->finalize (object);
}

static void
herald_library_fields_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  HeraldLibraryFields *self = HERALD_LIBRARY_FIELDS (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_library_fields_class_init (HeraldLibraryFieldsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = herald_library_fields_finalize;
  object_class->get_property = herald_library_fields_get_property;

  properties[PROP_VALID] =
      g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/heraldapp/Herald/ui/herald-library-fields.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldLibraryFields, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldLibraryFields, source_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldLibraryFields, translations_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldLibraryFields, targets_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldLibraryFields, from_name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldLibraryFields, from_email_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldLibraryFields, email_problem);
  gtk_widget_class_bind_template_callback (widget_class, update_validity);
  gtk_widget_class_bind_template_callback (widget_class, source_changed_cb);
}

static void
herald_library_fields_init (HeraldLibraryFields *self)
{
  self->codes = g_ptr_array_new_with_free_func (g_free);
  self->target_checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  rebuild_languages (self, NULL);
  herald_library_fields_set_source (self, "en");
  update_targets_summary (self);
}

void
herald_library_fields_set_source (HeraldLibraryFields *self, const char *code)
{
  guint index;

  g_return_if_fail (HERALD_IS_LIBRARY_FIELDS (self));

  if (has_code (self, code, &index))
    adw_combo_row_set_selected (self->source_row, index);
}

void
herald_library_fields_set_target_active (HeraldLibraryFields *self,
                                         const char *code,
                                         gboolean active)
{
  guint index;

  g_return_if_fail (HERALD_IS_LIBRARY_FIELDS (self));

  if (has_code (self, code, &index))
    gtk_check_button_set_active (g_ptr_array_index (self->target_checks, index), active);
}

void
herald_library_fields_set_settings (HeraldLibraryFields *self,
                                    const HeraldLibrarySettings *settings)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) used = NULL;

  g_return_if_fail (HERALD_IS_LIBRARY_FIELDS (self));

  g_strv_builder_add (builder, settings->source_locale);
  g_strv_builder_addv (builder, (const char **) settings->target_locales);
  used = g_strv_builder_end (builder);
  rebuild_languages (self, (const char *const *) used);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), settings->name);
  herald_library_fields_set_source (self, settings->source_locale);
  for (guint i = 0; settings->target_locales[i] != NULL; i++)
    herald_library_fields_set_target_active (self, settings->target_locales[i], TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->from_name_row), settings->from_name);
  gtk_editable_set_text (GTK_EDITABLE (self->from_email_row), settings->from_email);
  update_targets_summary (self);
  update_validity (self);
}

HeraldLibrarySettings *
herald_library_fields_dup_settings (HeraldLibraryFields *self)
{
  HeraldLibrarySettings *settings = herald_library_settings_new ();
  g_autoptr (GStrvBuilder) targets = g_strv_builder_new ();
  guint source = adw_combo_row_get_selected (self->source_row);

  g_return_val_if_fail (HERALD_IS_LIBRARY_FIELDS (self), NULL);

  g_free (settings->name);
  settings->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (source < self->codes->len)
    {
      g_free (settings->source_locale);
      settings->source_locale = g_strdup (g_ptr_array_index (self->codes, source));
    }
  for (guint i = 0; i < self->codes->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->target_checks, i)))
      g_strv_builder_add (targets, g_ptr_array_index (self->codes, i));
  g_strfreev (settings->target_locales);
  settings->target_locales = g_strv_builder_end (targets);
  g_free (settings->from_name);
  settings->from_name =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->from_name_row))));
  g_free (settings->from_email);
  settings->from_email =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->from_email_row))));
  return settings;
}

void
herald_library_fields_set_translations_note (HeraldLibraryFields *self, const char *note)
{
  g_autofree char *description = NULL;

  g_return_if_fail (HERALD_IS_LIBRARY_FIELDS (self));

  description = g_strdup_printf ("%s %s",
                                 _ ("Each target language gets a translation file, "
                                    "po/LANGUAGE.po, for translators to fill in."),
                                 note);
  adw_preferences_group_set_description (self->translations_group, description);
}

gboolean
herald_library_fields_get_valid (HeraldLibraryFields *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY_FIELDS (self), FALSE);
  return self->valid;
}

AdwEntryRow *
herald_library_fields_get_name_row (HeraldLibraryFields *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY_FIELDS (self), NULL);
  return self->name_row;
}

AdwEntryRow *
herald_library_fields_get_from_name_row (HeraldLibraryFields *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY_FIELDS (self), NULL);
  return self->from_name_row;
}

AdwEntryRow *
herald_library_fields_get_from_email_row (HeraldLibraryFields *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY_FIELDS (self), NULL);
  return self->from_email_row;
}

const char *
herald_library_fields_get_email_problem (HeraldLibraryFields *self)
{
  g_return_val_if_fail (HERALD_IS_LIBRARY_FIELDS (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->email_problem)))
    return NULL;
  return gtk_label_get_text (self->email_problem);
}
