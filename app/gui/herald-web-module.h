/* herald-web-module.h: the contract between Herald and its WebKit module.
 *
 * WebKit and the hundred libraries it pulls in take longer to load than GTK needs to draw
 * Herald's whole window, so the web views live in a module (libherald-web.so) that is
 * loaded once the window is on screen. Only this header is shared: the module links WebKit,
 * Herald's binary does not, and neither calls the other's symbols.
 *
 * Views made by the module are WebKitWebViews that emit, besides WebKit's own signals:
 *   "herald-load-finished" ()                  a document finished loading
 *   "herald-scrolled"      (double x, double y) the reader scrolled the document
 *   "herald-link"          (const char *uri)    the reader asked to follow a link, which the
 *                                               view refused; nothing ever navigates it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HERALD_WEB_MODULE_SYMBOL "herald_web_module"
#define HERALD_WEB_MODULE_ABI 1

typedef struct
{
  guint abi;

  /* A view for untrusted email: an ephemeral session (nothing kept on disk), the
   * document's own scripts off, no context menu, no navigation. @accessible_label names it
   * for screen readers. */
  GtkWidget *(*new_view) (const char *accessible_label);

  /* Loads @html as about:blank after replacing the view's user scripts with @scripts, which
   * run at document end in Herald's own script world, out of the email's reach. */
  void (*load_html) (GtkWidget *view, const char *html, const char *const *scripts);

  /* Runs @script in Herald's script world, without waiting for a result. */
  void (*run_script) (GtkWidget *view, const char *script);

  void (*set_zoom) (GtkWidget *view, double zoom);

  /* The whole document as a texture. */
  void (*snapshot_async) (GtkWidget *view,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data);
  GdkTexture *(*snapshot_finish) (GtkWidget *view, GAsyncResult *result, GError **error);
} HeraldWebModule;

/* In Herald's binary: loads the module on first use. */
const HeraldWebModule *herald_web_module_get (GError **error);

G_END_DECLS
