/* bench-webkit-page.c: references for keystroke-to-pixels in a web view: a window that
 * holds only a WebKitWebView. bench-keystroke types into it the way it types into Herald's
 * editor, so WebKit's own cost of turning a key into pixels, on this machine and renderer,
 * is the yardstick for Herald's preview. Two ways:
 *
 *   bench-webkit-page FILE.html [WIDTH HEIGHT]
 *       the page is editable (the bench makes it so); the key edits it in place;
 *   bench-webkit-page FILE.html WIDTH HEIGHT ANCHOR
 *       every key loads the whole document again with the letter put in after ANCHOR's
 *       first word (or taken out by BackSpace): what a preview does when its source
 *       changes, without the editor, the template language or the checks.
 *
 * With WINDOW-WIDTH WINDOW-HEIGHT after those (ANCHOR "" for an editable page), the view
 * keeps its size at the right of a window that large, the rest of it empty: under a
 * software renderer GTK redraws the whole window for every frame, so a frame's cost follows
 * the window's pixels, and a preview inside a larger window pays for all of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>
#include <webkit/webkit.h>

static char *page_uri;
static int page_width = 580;
static int page_height = 650;
/* The window, when larger than the page. */
static int window_width;
static int window_height;
/* Reload mode: the page as text, and where a typed letter goes in it. */
static char *page_text;
static gsize insert_at;
static gboolean letter_inserted;

/* In reload mode every key replaces the whole document, as a preview must when its source
 * changes: 'x' puts the letter in, BackSpace takes it out again. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint keyval,
                guint keycode,
                GdkModifierType state,
                WebKitWebView *view)
{
  g_autoptr (GString) html = g_string_new (page_text);

  if (keyval == GDK_KEY_x)
    letter_inserted = TRUE;
  else if (keyval == GDK_KEY_BackSpace)
    letter_inserted = FALSE;
  else
    return FALSE;

  if (letter_inserted)
    g_string_insert_c (html, insert_at, 'x');
  webkit_web_view_load_html (view, html->str, page_uri);
  return TRUE;
}

static void
on_load_changed (WebKitWebView *view, WebKitLoadEvent event)
{
  /* Keys go to the page only once it is there to receive them. */
  if (event == WEBKIT_LOAD_FINISHED)
    gtk_widget_grab_focus (GTK_WIDGET (view));
}

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *view = webkit_web_view_new ();

  gtk_window_set_title (GTK_WINDOW (window), "WebKit page");
  if (window_width > 0)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *rest = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      gtk_widget_set_hexpand (rest, TRUE);
      gtk_widget_set_size_request (view, page_width, page_height);
      gtk_widget_set_valign (view, GTK_ALIGN_END);
      gtk_box_append (GTK_BOX (box), rest);
      gtk_box_append (GTK_BOX (box), view);
      gtk_window_set_default_size (GTK_WINDOW (window), window_width, window_height);
      gtk_window_set_child (GTK_WINDOW (window), box);
    }
  else
    {
      gtk_window_set_default_size (GTK_WINDOW (window), page_width, page_height);
      gtk_window_set_child (GTK_WINDOW (window), view);
    }
  g_signal_connect (view, "load-changed", G_CALLBACK (on_load_changed), NULL);
  if (page_text != NULL)
    {
      GtkEventController *keys = gtk_event_controller_key_new ();

      gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
      g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), view);
      gtk_widget_add_controller (window, keys);
      webkit_web_view_load_html (WEBKIT_WEB_VIEW (view), page_text, page_uri);
    }
  else
    webkit_web_view_load_uri (WEBKIT_WEB_VIEW (view), page_uri);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GtkApplication) app = NULL;
  g_autoptr (GFile) file = NULL;

  if (argc < 2)
    {
      g_printerr ("usage: bench-webkit-page FILE.html [WIDTH HEIGHT [RELOAD-ANCHOR "
                  "[WINDOW-WIDTH WINDOW-HEIGHT]]]\n");
      return 2;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  page_uri = g_file_get_uri (file);
  if (argc >= 4)
    {
      page_width = atoi (argv[2]);
      page_height = atoi (argv[3]);
    }
  if (argc >= 7)
    {
      window_width = atoi (argv[5]);
      window_height = atoi (argv[6]);
    }
  if (argc >= 5 && argv[4][0] != '\0')
    {
      g_autoptr (GError) error = NULL;
      const char *anchor;
      const char *space = strchr (argv[4], ' ');

      if (!g_file_get_contents (argv[1], &page_text, NULL, &error))
        {
          g_printerr ("bench-webkit-page: %s\n", error->message);
          return 1;
        }
      anchor = strstr (page_text, argv[4]);
      if (anchor == NULL)
        {
          g_printerr ("bench-webkit-page: “%s” is not in the page\n", argv[4]);
          return 1;
        }
      insert_at = (anchor - page_text) + (space != NULL ? (gsize) (space - argv[4]) : 0);
    }

  app = gtk_application_new ("org.gnome.Herald.BenchWebKitPage", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  /* Only the program's name reaches GApplication: the file is ours, not an "open". */
  return g_application_run (G_APPLICATION (app), 1, argv);
}
