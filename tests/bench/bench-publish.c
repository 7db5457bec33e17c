/* bench-publish.c: requests and elapsed time of a publish to the Sandbox (over TLS on
 * 127.0.0.1), for the sample library and a generated 200-template × 3-locale library, first
 * publish and no-op re-publish. Prints figures; asserts nothing about time.
 *
 * Usage: bench-publish [SAMPLES_DIR]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "herald-core.h"
#include "herald-mailjet-client.h"
#include "herald-publish.h"
#include "herald-sandbox.h"

#define N_GENERATED 200

static void
write_file (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents (path, text, -1, &error))
    g_error ("%s", error->message);
}

/* No .po files: each locale publishes the source text, which costs the same requests. */
static char *
generate_library (void)
{
  g_autofree char *tmp = g_build_filename (g_get_tmp_dir (), "herald-bench-publish-XXXXXX", NULL);
  char *root = g_mkdtemp (g_steal_pointer (&tmp));

  write_file (root, "herald.json",
              "{\"format\": 1, \"name\": \"Generated\", \"sourceLocale\": \"en\", "
              "\"targetLocales\": [\"fr\", \"de\"], "
              "\"from\": {\"email\": \"alerts@bench.example\", \"name\": \"Bench\"}}\n");
  for (guint i = 0; i < N_GENERATED; i++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/templates/alert-%03u", root, i);
      g_autofree char *json = g_strdup_printf (
          "{\"name\": \"Alert %u\", \"description\": \"\", \"subject\": \"Alert %u for "
          "{{var:name}}\", \"preheader\": \"\", \"tags\": []}\n",
          i, i);
      g_autofree char *html = g_strdup_printf (
          "<html><body><p>Hello {{var:name}}, this is alert number %u.</p></body></html>\n", i);

      write_file (dir, "template.json", json);
      write_file (dir, "body.html", html);
      write_file (dir, "body.txt", "Hello {{var:name}}\n");
    }
  return root;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
measure (HeraldSandbox *sandbox, HeraldMailjetClient *client, const char *label, const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (dir, &error);

  if (library == NULL)
    g_error ("%s", error->message);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr (HeraldPublish) publish = NULL;
      g_autoptr (GAsyncResult) result = NULL;
      guint requests = herald_mailjet_client_get_request_count (client);
      guint writes = herald_sandbox_count_writes (sandbox);
      gint64 start = g_get_monotonic_time ();
      double prepare;

      publish = herald_publish_new (library, NULL, NULL, NULL, NULL, &error);
      if (publish == NULL)
        g_error ("%s", error->message);
      prepare = (g_get_monotonic_time () - start) / 1e3;
      herald_publish_run_async (publish, client, FALSE, FALSE, NULL, done_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      if (!herald_publish_run_finish (publish, result, &error))
        g_error ("%s", error->message);
      g_print ("%-28s %-10s rows %4u  requests %5u  writes %5u  failed %u  prepare %8.1f ms  "
               "total %8.1f ms\n",
               label, pass == 0 ? "first" : "re-publish", herald_publish_get_n_rows (publish),
               herald_mailjet_client_get_request_count (client) - requests,
               herald_sandbox_count_writes (sandbox) - writes,
               herald_publish_get_n_failed (publish), prepare,
               (g_get_monotonic_time () - start) / 1e3);
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr (HeraldSandbox) sandbox = herald_sandbox_new ();
  g_autoptr (HeraldMailjetClient) client = NULL;
  g_autoptr (GError) error = NULL;
  const char *samples = argc > 1 ? argv[1] : g_getenv ("HERALD_SAMPLES_DIR");
  g_autofree char *sample = NULL;
  g_autofree char *generated = NULL;

  setlocale (LC_ALL, "");
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  if (!herald_sandbox_start (sandbox, 0, &error))
    g_error ("%s", error->message);
  client = herald_mailjet_client_new (herald_sandbox_get_base_url (sandbox), "bench", "bench");
  if (!herald_mailjet_client_set_trusted_certificate_file (
          client, herald_sandbox_get_certificate_file (sandbox), &error))
    g_error ("%s", error->message);

  sample = g_build_filename (samples ? samples : "data/samples", "account-alerts", NULL);
  measure (sandbox, client, "sample (5 × 3)", sample);
  generated = generate_library ();
  measure (sandbox, client, "generated (200 × 3)", generated);
  remove_tree (generated);

  herald_sandbox_stop (sandbox);
  return 0;
}
