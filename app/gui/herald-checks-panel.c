/* herald-checks-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-checks-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-checks-panel.h"
#include "herald-first-frame.h"

/* Lists the findings of the checks for the current template; activating one asks the
 * window to show its place in the editor. */
struct _HeraldChecksPanel
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkWidget *box;
  GtkLabel *summary_label;
  GtkListBox *list_box;

  /* Owned References */
  GListStore *diagnostics;
  /* The rows made so far: the first of diagnostics, all of them once fill_source is done. */
  GListStore *shown;

  guint fill_source;
  /* A wait for the panel to paint is under way: one is enough, however many edits come
   * while the panel is hidden. */
  gboolean fill_waiting;
  guint kind_counts[HERALD_DIAGNOSTIC_N_KINDS];
};

/* Each row's wrapped text costs a layout of its own at every width GTK tries, and the
 * panel shows two or three: the first rows are made with the findings, the rest in
 * batches once the panel has painted, so that neither a window's first frame nor the
 * frame after an edit waits for rows below the fold. */
#define ROWS_AT_ONCE 4
#define ROWS_PER_BATCH 8

G_DEFINE_FINAL_TYPE (HeraldChecksPanel, herald_checks_panel, GTK_TYPE_WIDGET)

enum
{
  DIAGNOSTIC_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
severity_icon (HeraldSeverity severity)
{
  switch (severity)
    {
    case HERALD_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case HERALD_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case HERALD_SEVERITY_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

static const char *
severity_style (HeraldSeverity severity)
{
  switch (severity)
    {
    case HERALD_SEVERITY_ERROR:
      return "error";
    case HERALD_SEVERITY_WARNING:
      return "warning";
    case HERALD_SEVERITY_INFO:
    default:
      return "dim-label";
    }
}

static char *
describe_place (HeraldDiagnostic *diagnostic)
{
  static const char *part_names[] = { N_ ("Subject"), N_ ("Preheader"), N_ ("HTML"), N_ ("Text") };
  const char *part = _ (part_names[herald_diagnostic_get_part (diagnostic)]);
  GString *place = g_string_new (part);

  if (herald_diagnostic_get_line (diagnostic) > 0)
    /* Translators: a position in a part of the email, e.g. "HTML 12:5" */
    g_string_append_printf (place, _ (" %u:%u"), herald_diagnostic_get_line (diagnostic),
                            MAX (herald_diagnostic_get_column (diagnostic), 1));
  if (herald_diagnostic_get_locale (diagnostic) != NULL)
    g_string_append_printf (place, " · %s", herald_diagnostic_get_locale (diagnostic));
  if (herald_diagnostic_get_scenario_id (diagnostic) != NULL)
    /* Translators: the scenario (sample data) in which a problem appears */
    g_string_append_printf (place, _ (" · scenario %s"),
                            herald_diagnostic_get_scenario_id (diagnostic));

  return g_string_free (place, FALSE);
}

/* What a screen reader says for a row: the severity in the user's language, the finding and
 * where it is. */
static char *
describe_for_screen_reader (HeraldDiagnostic *diagnostic, const char *place)
{
  const char *message = herald_diagnostic_get_message (diagnostic);

  switch (herald_diagnostic_get_severity (diagnostic))
    {
    case HERALD_SEVERITY_ERROR:
      /* Translators: a finding of the checks, then where it is, e.g. "HTML 12:5" */
      return g_strdup_printf (_ ("Error: %s, %s"), message, place);
    case HERALD_SEVERITY_WARNING:
      /* Translators: a finding of the checks, then where it is, e.g. "HTML 12:5" */
      return g_strdup_printf (_ ("Warning: %s, %s"), message, place);
    case HERALD_SEVERITY_INFO:
    default:
      /* Translators: a finding of the checks, then where it is, e.g. "HTML 12:5" */
      return g_strdup_printf (_ ("Note: %s, %s"), message, place);
    }
}

static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  HeraldDiagnostic *diagnostic = item;
  HeraldSeverity severity = herald_diagnostic_get_severity (diagnostic);
  g_autofree char *place = describe_place (diagnostic);
  GtkWidget *row = gtk_list_box_row_new ();
  /* A grid, not boxes: GTK 4.8's horizontal grid measures a wrapping label's height by a
   * search over widths, each a search of the label's own, some hundred text layouts a row. */
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (severity));
  GtkWidget *message = gtk_label_new (herald_diagnostic_get_message (diagnostic));
  GtkWidget *detail = gtk_label_new (NULL);
  g_autofree char *detail_text = NULL;
  g_autofree char *accessible = NULL;

  gtk_widget_add_css_class (icon, severity_style (severity));
  gtk_widget_set_valign (icon, GTK_ALIGN_START);

  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);

  if (herald_diagnostic_get_fix (diagnostic) != NULL)
    detail_text = g_strdup_printf ("%s — %s · %s", place, herald_diagnostic_get_fix (diagnostic),
                                   herald_diagnostic_get_rule_id (diagnostic));
  else
    detail_text = g_strdup_printf ("%s · %s", place, herald_diagnostic_get_rule_id (diagnostic));
  gtk_label_set_text (GTK_LABEL (detail), detail_text);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");

  gtk_grid_set_column_spacing (GTK_GRID (grid), 10);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_widget_set_hexpand (message, TRUE);
  gtk_grid_attach (GTK_GRID (grid), icon, 0, 0, 1, 2);
  gtk_grid_attach (GTK_GRID (grid), message, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), detail, 1, 1, 1, 1);
  gtk_widget_set_margin_top (grid, 6);
  gtk_widget_set_margin_bottom (grid, 6);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), grid);

  accessible = describe_for_screen_reader (diagnostic, place);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return row;
}

static const char *
kind_title (HeraldDiagnosticKind kind)
{
  switch (kind)
    {
    case HERALD_DIAGNOSTIC_KIND_TEMPLATE:
      return _ ("Template language");
    case HERALD_DIAGNOSTIC_KIND_CLIENTS:
      return _ ("Client support");
    case HERALD_DIAGNOSTIC_KIND_ACCESSIBILITY:
      return _ ("Accessibility");
    case HERALD_DIAGNOSTIC_KIND_CONTENT:
    default:
      return _ ("Content");
    }
}

/* A heading with its count above the first finding of each kind. */
static void
update_header (GtkListBoxRow *row, GtkListBoxRow *before, gpointer user_data)
{
  HeraldChecksPanel *self = user_data;
  GListModel *model = G_LIST_MODEL (self->shown);
  g_autoptr (HeraldDiagnostic) diagnostic =
      g_list_model_get_item (model, gtk_list_box_row_get_index (row));
  g_autoptr (HeraldDiagnostic) previous =
      before != NULL ? g_list_model_get_item (model, gtk_list_box_row_get_index (before)) : NULL;
  HeraldDiagnosticKind kind;
  g_autofree char *text = NULL;
  GtkWidget *header;

  if (diagnostic == NULL)
    return;
  kind = herald_diagnostic_get_kind (diagnostic);
  if (previous != NULL && herald_diagnostic_get_kind (previous) == kind)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  /* Translators: a group of findings and how many there are, e.g. "Accessibility (3)" */
  text = g_strdup_printf (_ ("%s (%u)"), kind_title (kind), self->kind_counts[kind]);
  header = gtk_list_box_row_get_header (row);
  if (GTK_IS_LABEL (header) && g_str_equal (gtk_label_get_text (GTK_LABEL (header)), text))
    return;
  header = g_object_new (GTK_TYPE_LABEL, "label", text, "accessible-role",
                         GTK_ACCESSIBLE_ROLE_HEADING, NULL);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_list_box_row_set_header (row, header);
}

/* Client support comes last: most of it is notes on partial support, which should not push
 * an accessibility problem out of sight. Within a kind, the most severe findings first. */
static int
kind_rank (HeraldDiagnosticKind kind)
{
  switch (kind)
    {
    case HERALD_DIAGNOSTIC_KIND_TEMPLATE:
      return 0;
    case HERALD_DIAGNOSTIC_KIND_CONTENT:
      return 1;
    case HERALD_DIAGNOSTIC_KIND_ACCESSIBILITY:
      return 2;
    case HERALD_DIAGNOSTIC_KIND_CLIENTS:
    default:
      return 3;
    }
}

static int
compare_kinds (gconstpointer a, gconstpointer b)
{
  HeraldDiagnostic *da = *(HeraldDiagnostic **) a;
  HeraldDiagnostic *db = *(HeraldDiagnostic **) b;
  int by_kind =
      kind_rank (herald_diagnostic_get_kind (da)) - kind_rank (herald_diagnostic_get_kind (db));

  if (by_kind != 0)
    return by_kind;
  return (int) herald_diagnostic_get_severity (db) - (int) herald_diagnostic_get_severity (da);
}

static void
row_activated_cb (HeraldChecksPanel *self, GtkListBoxRow *row)
{
  g_autoptr (HeraldDiagnostic) diagnostic =
      g_list_model_get_item (G_LIST_MODEL (self->shown), gtk_list_box_row_get_index (row));

  if (diagnostic != NULL)
    g_signal_emit (self, signals[DIAGNOSTIC_ACTIVATED], 0, diagnostic);
}

static void
update_summary (HeraldChecksPanel *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->diagnostics));
  guint errors = 0;
  guint warnings = 0;
  g_autofree char *text = NULL;
  g_autofree char *errors_text = NULL;
  g_autofree char *warnings_text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (HeraldDiagnostic) diagnostic =
          g_list_model_get_item (G_LIST_MODEL (self->diagnostics), i);

      if (herald_diagnostic_get_severity (diagnostic) == HERALD_SEVERITY_ERROR)
        errors++;
      else if (herald_diagnostic_get_severity (diagnostic) == HERALD_SEVERITY_WARNING)
        warnings++;
    }

  errors_text =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", errors), errors);
  warnings_text = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", warnings), warnings);
  if (n == 0)
    text = g_strdup (_ ("Checks: no problems found"));
  else
    /* Translators: "Checks: 2 errors, 3 warnings, 5 in all" */
    text = g_strdup_printf (_ ("Checks: %s, %s, %u in all"), errors_text, warnings_text, n);
  gtk_label_set_text (self->summary_label, text);
}

static gboolean
is_shown_at (GListModel *model, guint position, HeraldDiagnostic *diagnostic)
{
  g_autoptr (HeraldDiagnostic) shown = g_list_model_get_item (model, position);

  return herald_diagnostic_equal (shown, diagnostic);
}

/* How many findings at the start (*prefix) and then at the end (*suffix) are the same in
 * model and diagnostics. */
static void
count_unchanged (GListModel *model, GPtrArray *diagnostics, guint *prefix, guint *suffix)
{
  guint n_old = g_list_model_get_n_items (model);
  guint n_new = diagnostics->len;

  for (*prefix = 0; *prefix < MIN (n_old, n_new) &&
                    is_shown_at (model, *prefix, g_ptr_array_index (diagnostics, *prefix));
       (*prefix)++)
    ;
  for (*suffix = 0; *prefix + *suffix < MIN (n_old, n_new) &&
                    is_shown_at (model, n_old - 1 - *suffix,
                                 g_ptr_array_index (diagnostics, n_new - 1 - *suffix));
       (*suffix)++)
    ;
}

/* Appends up to n of the findings not shown yet; TRUE while some remain. */
static gboolean
show_more_rows (HeraldChecksPanel *self, guint n)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->diagnostics));
  g_autoptr (GPtrArray) more = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = shown; i < total && more->len < n; i++)
    g_ptr_array_add (more, g_list_model_get_item (G_LIST_MODEL (self->diagnostics), i));
  g_list_store_splice (self->shown, shown, 0, more->pdata, more->len);
  return shown + more->len < total;
}

static gboolean
has_rows_to_make (HeraldChecksPanel *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->shown)) <
         g_list_model_get_n_items (G_LIST_MODEL (self->diagnostics));
}

static gboolean
fill_rows_cb (gpointer user_data)
{
  HeraldChecksPanel *self = user_data;

  if (show_more_rows (self, ROWS_PER_BATCH))
    return G_SOURCE_CONTINUE;
  self->fill_source = 0;
  return G_SOURCE_REMOVE;
}

static void
start_filling (GtkWidget *widget)
{
  HeraldChecksPanel *self = HERALD_CHECKS_PANEL (widget);

  self->fill_waiting = FALSE;
  if (self->fill_source == 0 && has_rows_to_make (self))
    self->fill_source = g_idle_add (fill_rows_cb, self);
}

void
herald_checks_panel_set_diagnostics (HeraldChecksPanel *self, GPtrArray *diagnostics)
{
  g_autoptr (GPtrArray) grouped = NULL;

  g_return_if_fail (HERALD_IS_CHECKS_PANEL (self));

  /* Grouped by kind, each group in the checks' own order (the sort is stable). */
  if (diagnostics != NULL)
    {
      grouped = g_ptr_array_copy (diagnostics, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
      g_ptr_array_sort (grouped, compare_kinds);
      diagnostics = grouped;
    }

  /* Checks run after every edit and mostly find what they found before, or the same with a
   * column moved: only the rows of what changed are made again, so that typing does not
   * relayout every row's wrapped text. */
  {
    g_autoptr (GPtrArray) none = g_ptr_array_new ();
    GPtrArray *found = diagnostics != NULL ? diagnostics : none;
    guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->diagnostics));
    guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
    guint prefix, suffix;
    guint n_changed;

    count_unchanged (G_LIST_MODEL (self->diagnostics), found, &prefix, &suffix);
    if (prefix == n_old && prefix == found->len)
      return;
    memset (self->kind_counts, 0, sizeof self->kind_counts);
    for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
      self->kind_counts[herald_diagnostic_get_kind (g_ptr_array_index (diagnostics, i))]++;
    n_changed = found->len - prefix - suffix;
    g_list_store_splice (self->diagnostics, prefix, n_old - prefix - suffix, found->pdata + prefix,
                         n_changed);

    g_clear_handle_id (&self->fill_source, g_source_remove);
    if (n_shown == n_old && n_changed <= ROWS_AT_ONCE)
      g_list_store_splice (self->shown, prefix, n_old - prefix - suffix, found->pdata + prefix,
                           n_changed);
    else
      {
        guint keep = MIN (n_shown, prefix);

        g_list_store_splice (self->shown, keep, n_shown - keep, found->pdata + keep,
                             MIN (found->len - keep, ROWS_AT_ONCE));
      }
  }

  update_summary (self);
  /* A group's count may have changed where none of its rows did. */
  gtk_list_box_invalidate_headers (self->list_box);

  if (!self->fill_waiting && has_rows_to_make (self))
    {
      self->fill_waiting = TRUE;
      herald_run_after_first_frame (GTK_WIDGET (self), start_filling);
    }
}

GListModel *
herald_checks_panel_get_diagnostics (HeraldChecksPanel *self)
{
  g_return_val_if_fail (HERALD_IS_CHECKS_PANEL (self), NULL);
  return G_LIST_MODEL (self->diagnostics);
}

static void
herald_checks_panel_dispose (GObject *object)
{
  HeraldChecksPanel *self = (HeraldChecksPanel *) object;

  g_clear_handle_id (&self->fill_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_CHECKS_PANEL);
  g_clear_object (&self->diagnostics);
  g_clear_object (&self->shown);

  G_OBJECT_CLASS (herald_checks_panel_parent_class)->dispose (object);
}

static void
herald_checks_panel_class_init (HeraldChecksPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_checks_panel_dispose;

  /**
   * HeraldChecksPanel::diagnostic-activated:
   * @diagnostic: the finding the user chose
   */
  signals[DIAGNOSTIC_ACTIVATED] =
      g_signal_new ("diagnostic-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, HERALD_TYPE_DIAGNOSTIC);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/herald-checks-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldChecksPanel, box);
  gtk_widget_class_bind_template_child (widget_class, HeraldChecksPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldChecksPanel, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "checkspanel");
}

static void
herald_checks_panel_init (HeraldChecksPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->diagnostics = g_list_store_new (HERALD_TYPE_DIAGNOSTIC);
  self->shown = g_list_store_new (HERALD_TYPE_DIAGNOSTIC);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->shown), create_row, NULL, NULL);
  gtk_list_box_set_header_func (self->list_box, update_header, self, NULL);
  update_summary (self);
}
