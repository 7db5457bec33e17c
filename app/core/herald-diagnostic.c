/* herald-diagnostic.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-diagnostic"

#include "config.h"

#include <glib/gi18n-lib.h>
#include "herald-diagnostic.h"
#include "herald-gstring.h"

struct _HeraldDiagnostic
{
  GObject parent_instance;

  char *rule_id;
  char *template_id;
  char *locale;
  char *scenario_id;
  char *message;
  char *fix;
  HeraldSeverity severity;
  HeraldPart part;
  guint line;
  guint column;
};

G_DEFINE_FINAL_TYPE (HeraldDiagnostic, herald_diagnostic, G_TYPE_OBJECT)

const char *
herald_severity_to_string (HeraldSeverity severity)
{
  switch (severity)
    {
    case HERALD_SEVERITY_INFO:
      return "info";
    case HERALD_SEVERITY_WARNING:
      return "warning";
    case HERALD_SEVERITY_ERROR:
      return "error";
    default:
      g_return_val_if_reached ("error");
    }
}

static void
herald_diagnostic_finalize (GObject *object)
{
  HeraldDiagnostic *self = (HeraldDiagnostic *) object;

  g_clear_pointer (&self->rule_id, g_free);
  g_clear_pointer (&self->template_id, g_free);
  g_clear_pointer (&self->locale, g_free);
  g_clear_pointer (&self->scenario_id, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->fix, g_free);

  G_OBJECT_CLASS (herald_diagnostic_parent_class)->finalize (object);
}

static void
herald_diagnostic_class_init (HeraldDiagnosticClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_diagnostic_finalize;
}

static void
herald_diagnostic_init (HeraldDiagnostic *self)
{
}

HeraldDiagnostic *
herald_diagnostic_new (const char *rule_id,
                       HeraldSeverity severity,
                       const char *template_id,
                       const char *locale,
                       HeraldPart part,
                       guint line,
                       guint column,
                       const char *message)
{
  HeraldDiagnostic *self;

  g_return_val_if_fail (rule_id != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (HERALD_TYPE_DIAGNOSTIC, NULL);
  self->rule_id = g_strdup (rule_id);
  self->severity = severity;
  self->template_id = g_strdup (template_id);
  self->locale = g_strdup (locale);
  self->part = part;
  self->line = line;
  self->column = column;
  self->message = g_strdup (message);

  return self;
}

const char *
herald_diagnostic_get_rule_id (HeraldDiagnostic *self)
{
  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (self), NULL);
  return self->rule_id;
}

HeraldSeverity
herald_diagnostic_get_severity (HeraldDiagnostic *self)
{
  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (self), HERALD_SEVERITY_ERROR);
  return self->severity;
}

const char *
herald_diagnostic_get_template_id (HeraldDiagnostic *self)
{
  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (self), NULL);
  return self->template_id;
}

const char *
herald_diagnostic_get_locale (HeraldDiagnostic *self)
{
  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (self), NULL);
  return self->locale;
}

HeraldPart
herald_diagnostic_get_part (HeraldDiagnostic *self)
{
  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (self), HERALD_PART_HTML);
  return self->part;
}

guint
herald_diagnostic_get_line (HeraldDiagnostic *self)
{
  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (self), 0);
  return self->line;
}

guint
herald_diagnostic_get_column (HeraldDiagnostic *self)
{
  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (self), 0);
  return self->column;
}

const char *
herald_diagnostic_get_message (HeraldDiagnostic *self)
{
  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (self), NULL);
  return self->message;
}

const char *
herald_diagnostic_get_fix (HeraldDiagnostic *self)
{
  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (self), NULL);
  return self->fix;
}

void
herald_diagnostic_set_fix (HeraldDiagnostic *self, const char *fix)
{
  g_return_if_fail (HERALD_IS_DIAGNOSTIC (self));
  g_free (self->fix);
  self->fix = g_strdup (fix);
}

const char *
herald_diagnostic_get_scenario_id (HeraldDiagnostic *self)
{
  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (self), NULL);
  return self->scenario_id;
}

void
herald_diagnostic_set_scenario_id (HeraldDiagnostic *self, const char *scenario_id)
{
  g_return_if_fail (HERALD_IS_DIAGNOSTIC (self));
  g_free (self->scenario_id);
  self->scenario_id = g_strdup (scenario_id);
}

static const char *
part_file_name (HeraldPart part)
{
  switch (part)
    {
    case HERALD_PART_HTML:
      return "body.html";
    case HERALD_PART_TEXT:
      return "body.txt";
    case HERALD_PART_SUBJECT:
    case HERALD_PART_PREHEADER:
    default:
      return "template.json";
    }
}

gboolean
herald_diagnostic_equal (HeraldDiagnostic *a, HeraldDiagnostic *b)
{
  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (a), FALSE);
  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (b), FALSE);

  return a->severity == b->severity && a->part == b->part && a->line == b->line &&
         a->column == b->column && g_strcmp0 (a->rule_id, b->rule_id) == 0 &&
         g_strcmp0 (a->template_id, b->template_id) == 0 && g_strcmp0 (a->locale, b->locale) == 0 &&
         g_strcmp0 (a->message, b->message) == 0 && g_strcmp0 (a->fix, b->fix) == 0 &&
         g_strcmp0 (a->scenario_id, b->scenario_id) == 0;
}

gboolean
herald_diagnostics_equal (GPtrArray *a, GPtrArray *b)
{
  guint n_a = a != NULL ? a->len : 0;
  guint n_b = b != NULL ? b->len : 0;

  if (n_a != n_b)
    return FALSE;
  for (guint i = 0; i < n_a; i++)
    if (!herald_diagnostic_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static void
append_uint (GString *str, guint value)
{
  char digits[16];
  guint n = 0;

  do
    digits[n++] = (char) ('0' + value % 10);
  while ((value /= 10) > 0);
  while (n > 0)
    g_string_append_c (str, digits[--n]);
}

/* Appends rather than formats: a library's lint writes a line for each of thousands of
 * findings, and a g_string_append_printf() costs some thousand instructions. */
char *
herald_diagnostic_to_string (HeraldDiagnostic *self)
{
  GString *str;

  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (self), NULL);

  str = g_string_sized_new (128 + strlen (self->message));
  if (self->template_id != NULL)
    {
      herald_gstring_append_str (str, "templates/");
      herald_gstring_append_str (str, self->template_id);
      g_string_append_c (str, '/');
      herald_gstring_append_str (str, part_file_name (self->part));
    }
  else
    herald_gstring_append_str (str, "herald.json");

  /* Subject and preheader live inside template.json: name the part rather than a line. */
  if (self->part == HERALD_PART_SUBJECT || self->part == HERALD_PART_PREHEADER)
    {
      g_string_append_c (str, '[');
      herald_gstring_append_str (str, herald_part_to_string (self->part));
      g_string_append_c (str, ']');
    }

  if (self->line > 0)
    {
      g_string_append_c (str, ':');
      append_uint (str, self->line);
      g_string_append_c (str, ':');
      append_uint (str, MAX (self->column, 1));
    }

  herald_gstring_append_str (str, ": ");
  herald_gstring_append_str (str, herald_severity_to_string (self->severity));
  herald_gstring_append_str (str, ": ");
  if (self->locale != NULL)
    {
      g_string_append_c (str, '(');
      herald_gstring_append_str (str, self->locale);
      herald_gstring_append_str (str, ") ");
    }
  if (self->scenario_id != NULL)
    {
      /* Translators: the placeholder is a scenario id such as quiet-week. */
      g_string_append_printf (str, _ ("[scenario %s]"), self->scenario_id);
      g_string_append_c (str, ' ');
    }
  herald_gstring_append_str (str, self->message);
  herald_gstring_append_str (str, " [");
  herald_gstring_append_str (str, self->rule_id);
  g_string_append_c (str, ']');

  return g_string_free (str, FALSE);
}

const char *
herald_diagnostic_kind_to_string (HeraldDiagnosticKind kind)
{
  static const char *const names[] = { "template", "content", "clients", "accessibility" };

  g_return_val_if_fail (kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
}

HeraldDiagnosticKind
herald_diagnostic_get_kind (HeraldDiagnostic *self)
{
  static const char *const template_rules[] = {
    "syntax-error",        "evaluation-error",        "loop-source",  "raw-html-value",
    "missing-sample-data", "unused-sample-variable",  "html-invalid", "placeholder-mismatch",
    "markup-mismatch",     "translation-breaks-html", NULL,
  };
  static const char *const accessibility_rules[] = {
    "contrast",       "contrast-dark",      "text-size", "heading-order", "link-text", "table-role",
    "link-image-alt", "img-decorative-alt", "img-alt",   "lang-dir",      "img-text",  NULL,
  };
  const char *rule;

  g_return_val_if_fail (HERALD_IS_DIAGNOSTIC (self), HERALD_DIAGNOSTIC_KIND_CONTENT);

  rule = herald_diagnostic_get_rule_id (self);
  if (g_str_equal (rule, "client-support"))
    return HERALD_DIAGNOSTIC_KIND_CLIENTS;
  if (g_strv_contains (accessibility_rules, rule))
    return HERALD_DIAGNOSTIC_KIND_ACCESSIBILITY;
  if (g_strv_contains (template_rules, rule))
    return HERALD_DIAGNOSTIC_KIND_TEMPLATE;
  return HERALD_DIAGNOSTIC_KIND_CONTENT;
}
