/* test-preview.c: the preview's modes and safety, in a real window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtksourceview/gtksource.h>
#include <libsoup/soup.h>

#include "herald-test-gui.h"
#include "herald-test-files.h"

/* ------------------------------------------------------------------------------------ */
/* Helpers                                                                               */

typedef struct
{
  HeraldPreview *preview;
  guint loads;
} LoadWait;

static gboolean
loaded_after (gpointer data)
{
  LoadWait *wait = data;
  WebKitWebView *web_view = herald_preview_get_web_view (wait->preview);

  return web_view != NULL && herald_preview_get_load_count (wait->preview) > wait->loads &&
         !webkit_web_view_is_loading (web_view);
}

static void
wait_for_load (HeraldPreview *preview, guint loads_before)
{
  LoadWait wait = { preview, loads_before };

  g_assert_true (herald_test_wait_until (loaded_after, &wait, 20000));
  /* Let WebKit paint what it loaded. */
  herald_test_spin (250);
}

/* Switches mode and waits until the new document (if the mode needs one) is shown. */
static void
set_mode (HeraldPreview *preview, HeraldPreviewMode mode, gboolean expect_load)
{
  guint loads = herald_preview_get_load_count (preview);

  herald_preview_set_mode (preview, mode);
  g_assert_cmpint (herald_preview_get_mode (preview), ==, mode);
  if (expect_load)
    wait_for_load (preview, loads);
  else
    herald_test_spin (400);
}

typedef struct
{
  GdkTexture *texture;
  gboolean done;
} SnapshotWait;

static void
snapshot_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SnapshotWait *wait = user_data;
  g_autoptr (GError) error = NULL;

  wait->texture = herald_preview_snapshot_finish (HERALD_PREVIEW (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static gboolean
snapshot_done (gpointer data)
{
  return ((SnapshotWait *) data)->done;
}

static GdkTexture *
snapshot (HeraldPreview *preview)
{
  SnapshotWait wait = { NULL, FALSE };

  herald_preview_snapshot_async (preview, NULL, snapshot_cb, &wait);
  g_assert_true (herald_test_wait_until (snapshot_done, &wait, 20000));
  g_assert_nonnull (wait.texture);
  return wait.texture;
}

static guchar *
download (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  guchar *data = g_malloc ((gsize) width * height * 4);

  gdk_texture_download (texture, data, (gsize) width * 4);
  return data;
}

/* Mean relative luminance (0–255) of the picture; gdk_texture_download gives B, G, R, A. */
static double
mean_luminance (GdkTexture *texture)
{
  g_autofree guchar *data = download (texture);
  gsize n = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture);
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += 0.0722 * data[i * 4] + 0.7152 * data[i * 4 + 1] + 0.2126 * data[i * 4 + 2];

  return sum / n;
}

/* Mean absolute difference per channel over the area both pictures cover, or 255 when
 * their sizes differ. */
static double
picture_difference (GdkTexture *a, GdkTexture *b)
{
  int width = gdk_texture_get_width (a);
  int height = gdk_texture_get_height (a);
  g_autofree guchar *da = NULL;
  g_autofree guchar *db = NULL;
  double sum = 0;

  if (width != gdk_texture_get_width (b) || height != gdk_texture_get_height (b))
    return 255;

  da = download (a);
  db = download (b);
  for (gsize i = 0; i < (gsize) width * height * 4; i++)
    sum += ABS ((int) da[i] - (int) db[i]);

  return sum / ((gsize) width * height * 4);
}

static char *
eval (HeraldPreview *preview, const char *script)
{
  return herald_test_eval_string (herald_preview_get_web_view (preview), script);
}

static double
eval_number (HeraldPreview *preview, const char *script)
{
  g_autofree char *text = eval (preview, script);

  return g_ascii_strtod (text, NULL);
}

static HeraldWindow *
open_sample_alert (void)
{
  g_autofree char *library_dir = herald_test_copy_sample_library ();
  HeraldWindow *window = herald_test_open_window (library_dir);
  HeraldPreview *preview = herald_window_get_preview (window);
  guint loads = herald_preview_get_load_count (preview);

  herald_window_select_template (window, "overdraft-risk");
  if (g_strcmp0 (herald_preview_get_html (preview), "") == 0 ||
      herald_preview_get_load_count (preview) == loads)
    wait_for_load (preview, loads);
  else
    herald_test_spin (300);

  return window;
}

/* ------------------------------------------------------------------------------------ */
/* Modes                                                                                 */

static void
test_modes (void)
{
  HeraldWindow *window = open_sample_alert ();
  HeraldPreview *preview = herald_window_get_preview (window);
  const HeraldRendered *rendered = herald_preview_get_rendered (preview);
  GdkTexture *shots[HERALD_PREVIEW_MODE_SOURCE + 1] = {
    NULL,
  };
  g_autofree char *text = NULL;
  g_autofree char *background = NULL;
  g_autoptr (GBytes) png = NULL;
  GtkSourceBuffer *source;
  double luminance;

  g_assert_nonnull (rendered);
  g_assert_nonnull (strstr (rendered->subject, "overdrawn"));

  /* Desktop: a wide window, however narrow the pane; the email's light page colour. */
  g_assert_cmpint (herald_preview_get_mode (preview), ==, HERALD_PREVIEW_MODE_DESKTOP);
  g_assert_cmpfloat (eval_number (preview, "window.innerWidth"), >=,
                     HERALD_PREVIEW_DESKTOP_WIDTH - 1);
  background =
      eval (preview, "getComputedStyle(document.querySelector('.bg-page')).backgroundColor");
  g_assert_cmpstr (background, ==, "rgb(243, 244, 246)");
  g_clear_pointer (&background, g_free);
  shots[HERALD_PREVIEW_MODE_DESKTOP] = snapshot (preview);
  luminance = mean_luminance (shots[HERALD_PREVIEW_MODE_DESKTOP]);
  g_test_message ("desktop: %dx%d, mean luminance %.0f", gdk_texture_get_width (shots[0]),
                  gdk_texture_get_height (shots[0]), luminance);
  g_assert_cmpfloat (luminance, >, 180);
  png = gdk_texture_save_to_png_bytes (shots[HERALD_PREVIEW_MODE_DESKTOP]);
  g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  herald_test_save_screenshot (GTK_WIDGET (window), "preview-desktop.png");

  /* Mobile: the same document in a 375-pixel viewport, no new load needed. */
  set_mode (preview, HERALD_PREVIEW_MODE_MOBILE, FALSE);
  g_assert_cmpfloat (eval_number (preview, "window.innerWidth"), ==, HERALD_PREVIEW_MOBILE_WIDTH);
  shots[HERALD_PREVIEW_MODE_MOBILE] = snapshot (preview);
  g_assert_cmpint (gdk_texture_get_width (shots[HERALD_PREVIEW_MODE_MOBILE]), >=,
                   HERALD_PREVIEW_MOBILE_WIDTH - 2);
  g_assert_cmpint (gdk_texture_get_width (shots[HERALD_PREVIEW_MODE_MOBILE]), <=,
                   HERALD_PREVIEW_MOBILE_WIDTH + 2);
  g_assert_nonnull (strstr (herald_preview_get_note (preview), "375"));
  g_assert_nonnull (herald_test_find_label (GTK_WIDGET (preview), "375 px", TRUE));
  herald_test_save_screenshot (GTK_WIDGET (window), "preview-mobile.png");

  /* Dark (a): the email's own dark rules apply to this document; Herald stays light. */
  set_mode (preview, HERALD_PREVIEW_MODE_DARK, TRUE);
  background =
      eval (preview, "getComputedStyle(document.querySelector('.bg-page')).backgroundColor");
  g_assert_cmpstr (background, ==, "rgb(15, 17, 20)");
  g_clear_pointer (&background, g_free);
  g_assert_false (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  shots[HERALD_PREVIEW_MODE_DARK] = snapshot (preview);
  luminance = mean_luminance (shots[HERALD_PREVIEW_MODE_DARK]);
  g_test_message ("dark: mean luminance %.0f", luminance);
  g_assert_cmpfloat (luminance, <, 60);
  g_assert_nonnull (strstr (herald_preview_get_note (preview), "prefers-color-scheme"));
  herald_test_save_screenshot (GTK_WIDGET (window), "preview-dark.png");

  /* Dark (b): forced inversion, with the email's light styles. */
  set_mode (preview, HERALD_PREVIEW_MODE_INVERTED, TRUE);
  background =
      eval (preview, "getComputedStyle(document.querySelector('.bg-page')).backgroundColor");
  g_assert_cmpstr (background, ==, "rgb(243, 244, 246)");
  shots[HERALD_PREVIEW_MODE_INVERTED] = snapshot (preview);
  luminance = mean_luminance (shots[HERALD_PREVIEW_MODE_INVERTED]);
  g_test_message ("inverted: mean luminance %.0f", luminance);
  g_assert_cmpfloat (luminance, <, 60);
  g_assert_nonnull (strstr (herald_preview_get_note (preview), "force dark mode"));
  herald_test_save_screenshot (GTK_WIDGET (window), "preview-inverted.png");

  /* Images off: the sample has no images, so its text stays and the page still differs
   * from the other modes only by the blocked-image outline (none here); its own test
   * below uses an email with images. */
  set_mode (preview, HERALD_PREVIEW_MODE_IMAGES_OFF, TRUE);
  g_assert_cmpfloat (eval_number (preview, "document.images.length"), ==, 0);
  shots[HERALD_PREVIEW_MODE_IMAGES_OFF] = NULL;

  /* Plain text: the text part, monospace, 78 columns marked. */
  set_mode (preview, HERALD_PREVIEW_MODE_TEXT, FALSE);
  text = herald_test_buffer_text (herald_preview_get_text_buffer (preview));
  g_assert_cmpstr (text, ==, rendered->text);
  g_clear_pointer (&text, g_free);
  g_assert_nonnull (strstr (herald_preview_get_note (preview), "78"));
  shots[HERALD_PREVIEW_MODE_TEXT] = snapshot (preview);
  herald_test_save_screenshot (GTK_WIDGET (window), "preview-text.png");

  /* Inbox: sender, subject and preheader as native widgets, made when first shown. */
  g_assert_null (herald_test_find_label (GTK_WIDGET (preview), "Mobile", FALSE));
  set_mode (preview, HERALD_PREVIEW_MODE_INBOX, FALSE);
  g_assert_nonnull (herald_test_find_label (GTK_WIDGET (preview), "Ledgerly", TRUE));
  g_assert_nonnull (herald_test_find_label (GTK_WIDGET (preview), rendered->subject, TRUE));
  g_assert_nonnull (herald_test_find_label (GTK_WIDGET (preview), rendered->preheader, TRUE));
  shots[HERALD_PREVIEW_MODE_INBOX] = snapshot (preview);
  herald_test_save_screenshot (GTK_WIDGET (window), "preview-inbox.png");

  /* Source: the rendered HTML, highlighted as HTML. */
  set_mode (preview, HERALD_PREVIEW_MODE_SOURCE, FALSE);
  source = GTK_SOURCE_BUFFER (herald_preview_get_source_buffer (preview));
  text = herald_test_buffer_text (GTK_TEXT_BUFFER (source));
  g_assert_cmpstr (text, ==, rendered->html);
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (source)), ==,
                   "html");
  shots[HERALD_PREVIEW_MODE_SOURCE] = snapshot (preview);
  herald_test_save_screenshot (GTK_WIDGET (window), "preview-source.png");

  /* Every mode looks different from every other. */
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (shots); j++)
      if (shots[i] != NULL && shots[j] != NULL)
        {
          double difference = picture_difference (shots[i], shots[j]);

          if (difference < 4)
            g_error ("modes %u and %u look alike (difference %.1f)", i, j, difference);
        }

  /* Switching back to desktop reloads the plain document; the template is not rendered
   * again (the same HeraldRendered is kept). */
  set_mode (preview, HERALD_PREVIEW_MODE_DESKTOP, TRUE);
  g_assert_true (herald_preview_get_rendered (preview) == rendered);

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    g_clear_object (&shots[i]);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ------------------------------------------------------------------------------------ */
/* Remote content and images off, with an email of our own                               */

static void
count_request_cb (SoupServer *server,
                  SoupServerMessage *message,
                  const char *path,
                  GHashTable *query,
                  gpointer user_data)
{
  static const guchar gif[] = {
    'G', 'I', 'F', '8', '9', 'a',  1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x21, 0xf9, 4,
    1,   0,   0,   0,   0,   0x2c, 0, 0, 0, 0, 1,    0, 1, 0, 0, 2, 2,    0x44, 1,    0,    0x3b,
  };
  guint *count = user_data;

  (*count)++;
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "image/gif", SOUP_MEMORY_STATIC, (const char *) gif,
                                    sizeof gif);
}

static char *
write_image_library (guint port)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("herald-preview-XXXXXX", &error);
  char *dir = g_build_filename (tmp, "promo-alerts", NULL);
  g_autofree char *html = NULL;

  g_assert_no_error (error);
  herald_test_write_file (
      dir, "herald.json",
      "{\n  \"format\": 1,\n  \"name\": \"Promo alerts\",\n  \"sourceLocale\": \"en\",\n"
      "  \"targetLocales\": [],\n"
      "  \"from\": {\n    \"email\": \"news@ledgerly.example\",\n    \"name\": \"Ledgerly "
      "News\"\n  }\n}\n");
  herald_test_write_file (
      dir, "templates/promo/template.json",
      "{\n  \"name\": \"Promo\",\n  \"description\": \"An email with images.\",\n"
      "  \"subject\": \"Your card is on its way\",\n  \"preheader\": \"Track it\",\n  "
      "\"tags\": []\n}\n");
  html = g_strdup_printf (
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta "
      "charset=\"utf-8\"><title>Promo</title></head>\n"
      "<body style=\"margin:0;background:#ffffff;\">\n"
      "<p>Before the logo.</p>\n"
      "<img src=\"https://cdn.ledgerly.invalid/logo.png\" alt=\"Ledgerly logo\" width=\"160\" "
      "height=\"48\""
      " style=\"font-family:sans-serif;color:#0b6e5a;\">\n"
      "<img src=\"http://127.0.0.1:%u/pixel.gif\" alt=\"\" width=\"1\" height=\"1\">\n"
      "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" alt=\"Embedded badge\" width=\"20\" "
      "height=\"20\">\n"
      "<p>After the logo.</p>\n"
      "</body>\n</html>\n",
      port);
  herald_test_write_file (dir, "templates/promo/body.html", html);
  herald_test_write_file (dir, "templates/promo/body.txt", "Your card is on its way.\n");
  herald_test_write_file (
      dir, "templates/promo/scenarios/default.json",
      "{\n  \"name\": \"Default\",\n  \"description\": \"\",\n  \"variables\": {}\n}\n");

  return dir;
}

typedef struct
{
  guint *count;
  guint at_least;
} CountWait;

static gboolean
count_reached (gpointer data)
{
  CountWait *wait = data;

  return *wait->count >= wait->at_least;
}

static void
test_remote_content_and_images_off (void)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *library_dir = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_auto (GStrv) allowed = NULL;
  g_autofree char *body = NULL;
  GSList *uris;
  HeraldWindow *window;
  HeraldPreview *preview;
  g_autoptr (GdkTexture) blocked_shot = NULL;
  g_autoptr (GdkTexture) images_off_shot = NULL;
  guint requests = 0;
  guint port;
  guint loads;
  CountWait count_wait = { &requests, 1 };

  soup_server_add_handler (server, NULL, count_request_cb, &requests, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  library_dir = write_image_library (port);
  window = herald_test_open_window (library_dir);
  preview = herald_window_get_preview (window);
  herald_test_spin (300);
  g_assert_nonnull (herald_preview_get_rendered (preview));
  g_assert_cmpstr (herald_preview_get_rendered (preview)->subject, ==, "Your card is on its way");

  /* Blocked: the tracking pixel is in the page but never fetched. */
  g_assert_false (herald_preview_get_remote_content_loads (preview));
  g_assert_cmpfloat (eval_number (preview, "document.images.length"), ==, 3);
  herald_test_spin (1000);
  g_assert_cmpuint (requests, ==, 0);
  herald_test_save_screenshot (GTK_WIDGET (window), "preview-remote-blocked.png");
  blocked_shot = snapshot (preview);

  /* Images off: every image, remote or embedded, becomes its alt text in its own box. */
  set_mode (preview, HERALD_PREVIEW_MODE_IMAGES_OFF, TRUE);
  g_assert_cmpfloat (eval_number (preview, "document.images.length"), ==, 0);
  body = eval (preview, "document.body.innerText");
  g_assert_nonnull (strstr (body, "Before the logo."));
  g_assert_nonnull (strstr (body, "Ledgerly logo"));
  g_assert_nonnull (strstr (body, "Embedded badge"));
  /* The box keeps the image's width (give or take the rounding of the scaled page). */
  g_assert_cmpfloat_with_epsilon (
      eval_number (preview, "document.querySelector('.herald-blocked-image').offsetWidth"), 160, 2);
  g_assert_cmpuint (requests, ==, 0);
  herald_test_save_screenshot (GTK_WIDGET (window), "preview-images-off.png");
  images_off_shot = snapshot (preview);
  g_test_message ("blocked vs images off: difference %.2f",
                  picture_difference (blocked_shot, images_off_shot));
  g_assert_cmpfloat (picture_difference (blocked_shot, images_off_shot), >, 0.5);

  /* Allowed for this library: the image is requested, and the choice is remembered. */
  set_mode (preview, HERALD_PREVIEW_MODE_DESKTOP, TRUE);
  loads = herald_preview_get_load_count (preview);
  herald_preview_set_remote_allowed_for_library (preview, TRUE);
  wait_for_load (preview, loads);
  g_assert_true (herald_preview_get_remote_content_loads (preview));
  g_assert_true (herald_test_wait_until (count_reached, &count_wait, 10000));
  g_assert_cmpuint (requests, >=, 1);
  allowed = g_settings_get_strv (settings, "remote-content-libraries");
  g_assert_true (g_strv_contains ((const char *const *) allowed, library_dir));

  /* And blocked again. */
  herald_preview_set_remote_allowed_for_library (preview, FALSE);
  g_assert_false (herald_preview_get_remote_content_loads (preview));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ------------------------------------------------------------------------------------ */
/* Safety and calm                                                                       */

static void
link_activated_cb (HeraldPreview *preview, const char *uri, char **out)
{
  g_free (*out);
  *out = g_strdup (uri);
}

static gboolean
string_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_link_click_does_not_navigate (void)
{
  HeraldWindow *window = open_sample_alert ();
  HeraldPreview *preview = herald_window_get_preview (window);
  WebKitWebView *web_view = herald_preview_get_web_view (preview);
  g_autofree char *uri_before = g_strdup (webkit_web_view_get_uri (web_view));
  g_autofree char *clicked = NULL;
  g_autofree char *href = NULL;
  g_autofree char *text = NULL;
  AdwMessageDialog *dialog;
  guint loads = herald_preview_get_load_count (preview);

  g_signal_connect (preview, "link-activated", G_CALLBACK (link_activated_cb), &clicked);

  /* A click through the DOM, the same activation a mouse click triggers. */
  href = eval (preview, "(function () { var a = document.querySelector('a[href^=\"http\"]'); "
                        "a.click(); return a.href; })()");
  g_assert_true (g_str_has_prefix (href, "http"));
  g_assert_true (herald_test_wait_until (string_set, &clicked, 10000));
  g_assert_cmpstr (clicked, ==, href);

  herald_test_spin (500);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, uri_before);
  g_assert_cmpuint (herald_preview_get_load_count (preview), ==, loads);
  text = eval (preview, "document.body.innerText");
  g_assert_nonnull (strstr (text, "Ledgerly"));

  /* The window asks first, showing the whole address. */
  dialog = herald_test_find_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, href);
  herald_test_respond (dialog, "cancel");

  g_signal_handlers_disconnect_by_func (preview, link_activated_cb, &clicked);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
insert_before_body_end (GtkTextBuffer *buffer, const char *text)
{
  GtkTextIter start, match;

  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_forward_search (&start, "</body>", GTK_TEXT_SEARCH_TEXT_ONLY, &match, NULL,
                                     NULL))
    return FALSE;
  gtk_text_buffer_insert (buffer, &match, text, -1);
  return TRUE;
}

/* Where the preview is scrolled, once it has stopped moving (the wheel scrolls smoothly). */
static double
settled_scroll_y (HeraldPreview *preview)
{
  double last = -1, now = eval_number (preview, "window.scrollY");

  for (guint i = 0; i < 50 && (now <= 0 || now != last); i++)
    {
      herald_test_spin (50);
      last = now;
      now = eval_number (preview, "window.scrollY");
    }
  return now;
}

static void
test_scroll_survives_edit (void)
{
  HeraldWindow *window = open_sample_alert ();
  HeraldPreview *preview = herald_window_get_preview (window);
  GtkTextBuffer *buffer =
      herald_template_editor_get_buffer (herald_window_get_editor (window), HERALD_PART_HTML);
  double scrolled;

  /* Scrolled as a person scrolls, with the wheel: the preview follows the reader only
   * once they touch it. */
  herald_test_wheel (GTK_WIDGET (herald_preview_get_web_view (preview)), 3);
  scrolled = settled_scroll_y (preview);
  g_assert_cmpfloat (scrolled, >, 50);
  /* The page reports scrolling on its next frame; a person's next keystroke comes later. */
  herald_test_spin (100);

  /* Each edit leaves the page where it was, not a pixel up: a drift would add up. */
  for (guint edit = 0; edit < 4; edit++)
    {
      g_autofree char *phrase = g_strdup_printf ("Edited by the preview test %u", edit);
      g_autofree char *paragraph = g_strdup_printf ("<p>%s</p>", phrase);
      g_autofree char *text = NULL;
      guint loads = herald_preview_get_load_count (preview);

      g_assert_true (insert_before_body_end (buffer, paragraph));
      wait_for_load (preview, loads);

      text = eval (preview, "document.body.innerText");
      g_assert_nonnull (strstr (text, phrase));
      g_assert_cmpfloat_with_epsilon (eval_number (preview, "window.scrollY"), scrolled, 1.5);
      herald_test_spin (150);
    }

  /* Scrolled back up, the next edit keeps the preview at the top. */
  herald_test_wheel (GTK_WIDGET (herald_preview_get_web_view (preview)), -20);
  herald_test_spin (500);
  g_assert_cmpfloat (eval_number (preview, "window.scrollY"), ==, 0);
  {
    guint loads = herald_preview_get_load_count (preview);

    g_assert_true (insert_before_body_end (buffer, "<p>Edited at the top</p>"));
    wait_for_load (preview, loads);
    g_assert_cmpfloat (eval_number (preview, "window.scrollY"), ==, 0);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A burst of typing loads the preview once, with the last state; a single edit after a
 * pause loads it without waiting for more. */
static void
test_typing_burst_loads_once (void)
{
  HeraldWindow *window = open_sample_alert ();
  HeraldPreview *preview = herald_window_get_preview (window);
  GtkTextBuffer *buffer =
      herald_template_editor_get_buffer (herald_window_get_editor (window), HERALD_PART_HTML);
  g_autofree char *text = NULL;
  guint loads;

  herald_test_spin (300);
  loads = herald_preview_get_load_count (preview);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *paragraph = g_strdup_printf ("<p>Burst %u</p>", i);

      g_assert_true (insert_before_body_end (buffer, paragraph));
    }
  wait_for_load (preview, loads);
  herald_test_spin (400);
  g_assert_cmpuint (herald_preview_get_load_count (preview), ==, loads + 1);
  text = eval (preview, "document.body.innerText");
  g_assert_nonnull (strstr (text, "Burst 7"));

  herald_test_spin (300);
  loads = herald_preview_get_load_count (preview);
  g_assert_true (insert_before_body_end (buffer, "<p>After a pause</p>"));
  wait_for_load (preview, loads);
  g_assert_cmpuint (herald_preview_get_load_count (preview), ==, loads + 1);
  g_free (text);
  text = eval (preview, "document.body.innerText");
  g_assert_nonnull (strstr (text, "After a pause"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_error (gpointer data)
{
  return herald_preview_get_error (data) != NULL;
}

static gboolean
has_no_error (gpointer data)
{
  return herald_preview_get_error (data) == NULL;
}

static gboolean
shows_error_label (gpointer data)
{
  return herald_test_find_label (GTK_WIDGET (data), herald_preview_get_error (data), TRUE) != NULL;
}

static void
test_error_keeps_last_good_preview (void)
{
  HeraldWindow *window = open_sample_alert ();
  HeraldPreview *preview = herald_window_get_preview (window);
  GtkTextBuffer *buffer =
      herald_template_editor_get_buffer (herald_window_get_editor (window), HERALD_PART_HTML);
  g_autofree char *html_before = g_strdup (herald_preview_get_html (preview));
  g_autofree char *text = NULL;
  guint loads = herald_preview_get_load_count (preview);

  g_assert_true (insert_before_body_end (buffer, "{% if var:balance < 0 %}unclosed"));
  g_assert_true (herald_test_wait_until (has_error, preview, 5000));

  /* The message is shown (once its bar has slid in, which takes longer on a busy machine);
   * the page is the one from before the mistake. */
  g_assert_nonnull (strstr (herald_preview_get_error (preview), "HTML"));
  g_assert_true (herald_test_wait_until (shows_error_label, preview, 5000));
  g_assert_cmpuint (herald_preview_get_load_count (preview), ==, loads);
  g_assert_cmpstr (herald_preview_get_html (preview), ==, html_before);
  text = eval (preview, "document.body.innerText");
  g_assert_nonnull (strstr (text, "Ledgerly"));
  g_assert_null (strstr (text, "unclosed"));
  herald_test_save_screenshot (GTK_WIDGET (window), "preview-error.png");

  /* Undoing the mistake clears the message. */
  gtk_text_buffer_undo (buffer);
  g_assert_true (herald_test_wait_until (has_no_error, preview, 5000));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ------------------------------------------------------------------------------------ */
/* Size, export                                                                          */

static void
test_size_and_eml (void)
{
  HeraldWindow *window = open_sample_alert ();
  HeraldPreview *preview = herald_window_get_preview (window);
  const HeraldRendered *rendered = herald_preview_get_rendered (preview);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) eml = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *size = g_format_size_full (strlen (rendered->html), G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *size_text = g_strdup_printf ("%s of 102 KiB", size);

  /* The gauge shows the rendered HTML's size against Gmail's limit. */
  g_assert_nonnull (herald_test_find_label (GTK_WIDGET (preview), size_text, TRUE));

  eml = herald_preview_build_eml (preview, &error);
  g_assert_no_error (error);
  raw = g_strndup (g_bytes_get_data (eml, NULL), g_bytes_get_size (eml));
  g_assert_nonnull (strstr (raw, "From: Ledgerly <alerts@ledgerly.example>"));
  g_assert_nonnull (strstr (raw, "multipart/alternative"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
dialog_shown (gpointer data)
{
  return herald_test_find_dialog (data) != NULL;
}

/* The Spam Score button: a score and the rules in words where SpamAssassin is installed,
 * how to install it where it is not. */
static void
test_spam_score_action (void)
{
  HeraldWindow *window = open_sample_alert ();
  HeraldPreview *preview = herald_window_get_preview (window);
  g_autofree char *program = g_find_program_in_path ("spamassassin");
  AdwMessageDialog *dialog;
  GtkWidget *rules;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.spam-score", NULL));
  g_assert_true (herald_test_wait_until (dialog_shown, window, 60000));
  dialog = herald_test_find_dialog (GTK_WINDOW (window));

  if (program == NULL)
    {
      g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                       "SpamAssassin Is Not Installed");
      g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "apt install spamassassin"));
    }
  else
    {
      g_assert_true (g_str_has_prefix (adw_message_dialog_get_heading (dialog), "Spam Score: "));
      g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "would deliver"));
      rules = herald_test_find_widget_of_type (adw_message_dialog_get_extra_child (dialog),
                                               ADW_TYPE_ACTION_ROW);
      g_assert_nonnull (rules);
      g_assert_nonnull (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (rules)));
      herald_test_save_screenshot (gtk_window_get_child (GTK_WINDOW (dialog)),
                                   "preview-spam-score.png");
    }

  herald_test_respond (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The preview on its own, outside the main window: created lazily, then disposed with a
 * live web view. */
static void
test_standalone (void)
{
  GtkWidget *window = gtk_window_new ();
  HeraldPreview *preview = herald_preview_new ();
  HeraldRendered rendered = {
    .subject = (char *) "Standalone",
    .preheader = (char *) "",
    .html = (char *) "<html><body><p>Standalone preview</p></body></html>",
    .text = (char *) "Standalone preview\n",
  };
  g_autofree char *text = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (preview));
  herald_preview_set_rendered (preview, &rendered, NULL);
  g_assert_null (herald_preview_get_web_view (preview));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_load (preview, 0);

  text = eval (preview, "document.body.innerText");
  g_assert_cmpstr (text, ==, "Standalone preview");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
count_paint (GdkFrameClock *clock, guint *paints)
{
  (*paints)++;
}

/* A preview that shows a still email draws nothing more once it is painted: every frame
 * is a whole-window redraw, which a keystroke then waits behind (WebKit's overlay
 * scrollbars used to ask for frames for as long as a long email was shown). */
static void
test_idle_after_load (void)
{
  GtkWidget *window = gtk_window_new ();
  HeraldPreview *preview = herald_preview_new ();
  g_autoptr (GString) html = g_string_new ("<html><body>");
  HeraldRendered rendered = {
    .subject = (char *) "Long",
    .preheader = (char *) "",
    .text = (char *) "Long\n",
  };
  GdkFrameClock *clock;
  guint paints = 0;
  gulong handler;

  /* Longer than the window: the page scrolls. */
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (html, "<p>Paragraph %u of a long email.</p>", i);
  g_string_append (html, "</body></html>");
  rendered.html = html->str;

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (preview));
  herald_preview_set_rendered (preview, &rendered, NULL);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_load (preview, 0);
  /* Whatever follows a load (the first paints, a scrollbar shown and faded) has ended. */
  herald_test_spin (3000);

  clock = gtk_widget_get_frame_clock (window);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint), &paints);
  herald_test_spin (2000);
  g_signal_handler_disconnect (clock, handler);

  g_test_message ("%u frames painted in 2 s of a still preview", paints);
  g_assert_cmpuint (paints, ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The application loads its stylesheet itself; the screenshots should look the same. */
static void
load_app_style (void)
{
  g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, APP_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int argc, char *argv[])
{
  herald_test_gui_init (&argc, &argv);
  load_app_style ();

  g_test_add_func ("/herald/preview/standalone", test_standalone);
  g_test_add_func ("/herald/preview/idle-after-load", test_idle_after_load);
  g_test_add_func ("/herald/preview/modes", test_modes);
  g_test_add_func ("/herald/preview/remote-content-and-images-off",
                   test_remote_content_and_images_off);
  g_test_add_func ("/herald/preview/link-click-does-not-navigate",
                   test_link_click_does_not_navigate);
  g_test_add_func ("/herald/preview/scroll-survives-edit", test_scroll_survives_edit);
  g_test_add_func ("/herald/preview/typing-burst-loads-once", test_typing_burst_loads_once);
  g_test_add_func ("/herald/preview/error-keeps-last-good-preview",
                   test_error_keeps_last_good_preview);
  g_test_add_func ("/herald/preview/size-and-eml", test_size_and_eml);
  g_test_add_func ("/herald/preview/spam-score-action", test_spam_score_action);

  return g_test_run ();
}
