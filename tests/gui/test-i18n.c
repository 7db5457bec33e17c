/* test-i18n.c: the main window in French and in German, from the build's catalogues.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "herald-application.h"
#include "herald-delivery.h"
#include "herald-preferences-window.h"
#include "herald-send-dialog.h"
#include "herald-test-gui.h"
#include "herald-tooltip.h"

/* The strings a person sees first: the Send button, the two pages, the Save button and the
 * main menu's tooltip, written by hand from the GNOME teams' usual wording. */
typedef struct
{
  const char *language;
  const char *screenshot;
  const char *send_button;
  const char *templates_page;
  const char *deliveries_page;
  const char *save_button;
  const char *main_menu_tooltip;
  const char *queued_status;
  const char *test_inboxes_group;
  const char *accounts_page;
} Expected;

static const Expected french = {
  "fr",
  "main-window-fr.png",
  "Envoyer un test…",
  "Modèles",
  "Envois",
  "Enregistrer",
  "Menu principal",
  /* French puts a no-break space before the colon. */
  "En file d’attente\xc2\xa0: Mailjet l’a accepté et l’enverra sous peu",
  "Boîtes de réception de test",
  "Comptes",
};

static const Expected german = {
  "de",
  "main-window-de.png",
  "Test senden …",
  "Vorlagen",
  "Zustellungen",
  "Speichern",
  "Hauptmenü",
  "In der Warteschlange: Mailjet hat sie angenommen und sendet sie in Kürze",
  "Testpostfächer",
  "Konten",
};

static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

static void
add_text (GHashTable *texts, const char *text)
{
  if (text != NULL && *text != '\0')
    g_hash_table_add (texts, strip_mnemonic (text));
}

/* Every label, tooltip and page title in the widget tree, without mnemonic underscores. */
static void
collect_texts (GtkWidget *widget, GHashTable *texts)
{
  add_text (texts, herald_widget_get_tooltip (widget));
  if (GTK_IS_LABEL (widget))
    add_text (texts, gtk_label_get_text (GTK_LABEL (widget)));
  if (ADW_IS_VIEW_STACK (widget))
    {
      g_autoptr (GtkSelectionModel) pages = adw_view_stack_get_pages (ADW_VIEW_STACK (widget));

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
        {
          g_autoptr (AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

          add_text (texts, adw_view_stack_page_get_title (page));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static void
assert_shows (GHashTable *texts, const char *text)
{
  if (!g_hash_table_contains (texts, text))
    g_error ("The window shows no “%s” (LANGUAGE=%s)", text, g_getenv ("LANGUAGE"));
}

static void
assert_hides (GHashTable *texts, const char *text)
{
  if (g_hash_table_contains (texts, text))
    g_error ("The window still shows the English “%s” (LANGUAGE=%s)", text, g_getenv ("LANGUAGE"));
}

static gboolean
window_ready (gpointer data)
{
  HeraldWindow *window = data;

  return herald_window_get_template (window) != NULL &&
         herald_preview_get_load_count (herald_window_get_preview (window)) > 0;
}

/* A dialog shows the expected heading; its picture goes next to the window's. */
static void
check_dialog (GType type, const char *language, const char *name, const char *heading)
{
  g_autoptr (GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *screenshot = g_strdup_printf ("%s-%s.png", name, language);
  GtkWindow *dialog = herald_test_find_toplevel (type);

  g_assert_nonnull (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  collect_texts (GTK_WIDGET (dialog), texts);
  assert_shows (texts, heading);
  herald_test_save_screenshot (adw_window_get_content (ADW_WINDOW (dialog)), screenshot);
  gtk_window_destroy (dialog);
}

static void
check_window (const Expected *expected)
{
  g_autoptr (GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (HeraldApplication) app = herald_application_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *library_dir = NULL;
  g_autofree char *queued = NULL;
  HeraldWindow *window;

  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, expected->language);

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  library_dir = herald_test_copy_sample_library ();
  window = herald_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  herald_window_open_library (window, library_dir);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (herald_test_wait_until (window_ready, window, 30000));
  collect_texts (GTK_WIDGET (window), texts);

  assert_shows (texts, expected->send_button);
  assert_shows (texts, expected->templates_page);
  assert_shows (texts, expected->deliveries_page);
  assert_shows (texts, expected->save_button);
  assert_shows (texts, expected->main_menu_tooltip);
  assert_hides (texts, "Send Test…");
  assert_hides (texts, "Templates");
  assert_hides (texts, "Deliveries");

  /* libherald-mailjet looks its words up in Herald's domain too. */
  queued = herald_delivery_describe ("queued", 0, NULL);
  g_assert_cmpstr (queued, ==, expected->queued_status);

  herald_test_save_screenshot (GTK_WIDGET (window), expected->screenshot);
  /* Translations run longer than English: the language grid must still fit. */
  herald_test_check_compare_layout (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.send-test", NULL));
  check_dialog (HERALD_TYPE_SEND_DIALOG, expected->language, "send-dialog",
                expected->test_inboxes_group);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  check_dialog (HERALD_TYPE_PREFERENCES_WINDOW, expected->language, "preferences",
                expected->accounts_page);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* gettext keeps what it found for one LANGUAGE, so each language gets a fresh process. */
static void
run_in_language (const Expected *expected)
{
  if (g_test_subprocess ())
    {
      check_window (expected);
      return;
    }

  g_setenv ("LANGUAGE", expected->language, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_french (void)
{
  run_in_language (&french);
}

static void
test_german (void)
{
  run_in_language (&german);
}

int
main (int argc, char *argv[])
{
  const char *localedir = g_getenv ("HERALD_TEST_LOCALEDIR");

  herald_test_gui_init (&argc, &argv);

  /* gtk_test_init() asks for en_US.UTF-8, which a fresh machine may lack; gettext ignores
   * LANGUAGE in the C locale, and glibc always has C.UTF-8. */
  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    g_error ("The C.UTF-8 locale is missing, so LANGUAGE cannot be honoured");
  if (localedir == NULL)
    g_error ("HERALD_TEST_LOCALEDIR must name the build's compiled catalogues");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/herald/ui/i18n/french", test_french);
  g_test_add_func ("/herald/ui/i18n/german", test_german);

  return g_test_run ();
}
