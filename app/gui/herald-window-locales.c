/* herald-window-locales.c: the window's languages: the locales the picker offers, the
 * translation catalogs loaded from the library's .po files, the template as a locale's
 * readers get it, the translation status of each row of the template list, and the
 * language grid's columns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-window"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-pseudo-locale.h"
#include "herald-window-private.h"

/* The chosen locale, or NULL for the library's source locale. */
const char *
_herald_window_current_locale (HeraldWindow *self)
{
  guint position = gtk_drop_down_get_selected (self->locale_dropdown);

  if (self->locales == NULL || position == 0 || position == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->locales, position);
}

HeraldPoCatalog *
_herald_window_get_catalog (HeraldWindow *self, const char *locale, GError **error)
{
  HeraldPoCatalog *catalog = g_hash_table_lookup (self->catalogs, locale);

  if (catalog == NULL)
    {
      catalog = herald_l10n_load_catalog (self->library, locale, error);
      if (catalog == NULL)
        return NULL;
      g_hash_table_insert (self->catalogs, g_strdup (locale), catalog);
    }

  return catalog;
}

/* The template as a locale's readers get it; NULL with no error for the source. */
HeraldLocalizedTemplate *
_herald_window_localize_in (HeraldWindow *self,
                            const char *locale,
                            GPtrArray *diagnostics,
                            GError **error)
{
  HeraldPoCatalog *catalog;

  if (locale == NULL || self->template == NULL)
    return NULL;
  if (herald_is_pseudo_locale (locale))
    return herald_localize_template_pseudo (self->template, diagnostics, error);

  catalog = _herald_window_get_catalog (self, locale, error);
  if (catalog == NULL)
    return NULL;
  return herald_localize_template (self->template, catalog, diagnostics, error);
}

static char *
describe_translation_status (HeraldWindow *self, HeraldTemplate *template)
{
  const char *const *targets = herald_library_get_target_locales (self->library);
  GString *status = g_string_new (NULL);

  for (guint i = 0; targets != NULL && targets[i] != NULL; i++)
    {
      HeraldL10nCounts counts = {
        0,
      };
      HeraldPoCatalog *catalog = _herald_window_get_catalog (self, targets[i], NULL);
      guint total;

      if (status->len > 0)
        g_string_append (status, " · ");

      if (catalog == NULL || !herald_l10n_count_template (template, catalog, &counts, NULL))
        {
          /* Translators: a locale with no translation file yet, e.g. "de —" */
          g_string_append_printf (status, _ ("%s —"), targets[i]);
          continue;
        }

      total = counts.translated + counts.fuzzy + counts.untranslated;
      if (counts.fuzzy == 0 && counts.untranslated == 0)
        /* Translators: translation status, e.g. "fr 100 %" */
        g_string_append_printf (status, _ ("%s 100 %%"), targets[i]);
      else if (counts.untranslated > 0)
        /* Translators: translation status, e.g. "de 80 %" (share of translated units) */
        g_string_append_printf (status, _ ("%s %u %%"), targets[i],
                                total ? (counts.translated * 100) / total : 0);
      else
        /* Translators: translation status, e.g. "de 2 fuzzy" */
        g_string_append_printf (
            status, g_dngettext (GETTEXT_PACKAGE, "%s %u fuzzy", "%s %u fuzzy", counts.fuzzy),
            targets[i], counts.fuzzy);
    }

  return g_string_free (status, FALSE);
}

static gboolean
status_idle_cb (gpointer user_data)
{
  HeraldWindow *self = user_data;

  self->status_source = 0;
  _herald_window_update_status_labels (self);
  return G_SOURCE_REMOVE;
}

void
_herald_window_queue_status_update (HeraldWindow *self)
{
  if (self->status_source == 0)
    self->status_source = g_idle_add_full (G_PRIORITY_LOW, status_idle_cb, self, NULL);
}

void
_herald_window_update_status_labels (HeraldWindow *self)
{
  GHashTableIter iter;
  gpointer template, label;

  g_hash_table_iter_init (&iter, self->status_labels);
  while (g_hash_table_iter_next (&iter, &template, &label))
    {
      g_autofree char *status = describe_translation_status (self, template);

      gtk_label_set_text (label, status);
      gtk_widget_set_visible (GTK_WIDGET (label), status[0] != '\0');
    }
}

void
_herald_window_rebuild_locales (HeraldWindow *self)
{
  g_autoptr (GtkStringList) locales = gtk_string_list_new (NULL);

  if (self->library != NULL)
    {
      const char *const *targets = herald_library_get_target_locales (self->library);

      gtk_string_list_append (locales, herald_library_get_source_locale (self->library));
      for (guint i = 0; targets != NULL && targets[i] != NULL; i++)
        gtk_string_list_append (locales, targets[i]);
      gtk_string_list_append (locales, HERALD_PSEUDO_LOCALE);
    }

  g_set_object (&self->locales, locales);
  gtk_drop_down_set_model (self->locale_dropdown, G_LIST_MODEL (locales));
  gtk_drop_down_set_selected (self->locale_dropdown, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->locale_dropdown), self->library != NULL);
  if (self->comparing)
    _herald_window_rebuild_grid_columns (self);
}

/* The grid shows the source and every target locale (not the pseudo-locale, which has its
 * place in the picker). */
void
_herald_window_rebuild_grid_columns (HeraldWindow *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) locales = NULL;
  guint n = self->locales ? g_list_model_get_n_items (G_LIST_MODEL (self->locales)) : 0;

  for (guint i = 0; i < n; i++)
    {
      const char *locale = gtk_string_list_get_string (self->locales, i);

      if (!herald_is_pseudo_locale (locale))
        g_strv_builder_add (builder, locale);
    }
  locales = g_strv_builder_end (builder);
  herald_locale_grid_set_locales (self->locale_grid, (const char *const *) locales);
}
