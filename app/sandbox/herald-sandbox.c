/* herald-sandbox.c: the Sandbox object: its settings, its certificate and the thread it
 * serves from. Requests are answered in herald-sandbox-requests.c, connections accepted in
 * herald-sandbox-connections.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "herald-sandbox-server-private.h"

#include "herald-sandbox.h"
#include "herald-sandbox-limiter.h"
#include "herald-sandbox-private.h"

G_DEFINE_FINAL_TYPE (HeraldSandbox, herald_sandbox, G_TYPE_OBJECT)

static void
herald_sandbox_finalize (GObject *object)
{
  HeraldSandbox *self = (HeraldSandbox *) object;

  herald_sandbox_stop (self);

  if (self->certificate_file != NULL)
    g_unlink (self->certificate_file);
  if (self->certificate_dir != NULL)
    g_rmdir (self->certificate_dir);

  g_clear_pointer (&self->store, herald_sandbox_store_free);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->certificate_dir, g_free);
  g_clear_pointer (&self->certificate_file, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->api_key, g_free);
  if (self->secret_key != NULL)
    memset (self->secret_key, 0, strlen (self->secret_key));
  g_clear_pointer (&self->secret_key, g_free);
  g_clear_pointer (&self->request_counts, g_hash_table_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (herald_sandbox_parent_class)->finalize (object);
}

static void
herald_sandbox_class_init (HeraldSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_sandbox_finalize;
}

static void
herald_sandbox_init (HeraldSandbox *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->store = herald_sandbox_store_new ();
  self->slow_delay = DEFAULT_SLOW_DELAY;
  self->handshake_timeout = DEFAULT_HANDSHAKE_TIMEOUT;
  self->idle_timeout = DEFAULT_IDLE_TIMEOUT;
  self->request_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

HeraldSandbox *
herald_sandbox_new (void)
{
  return g_object_new (HERALD_TYPE_SANDBOX, NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* The server thread                                                                        */

static gpointer
server_thread (gpointer data)
{
  HeraldSandbox *self = data;
  GError *error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);
  self->pending = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) g_source_unref, NULL);
  self->cancellable = g_cancellable_new ();
  self->stopping = FALSE;
  self->incoming =
      g_hash_table_new_full (NULL, NULL, (GDestroyNotify) herald_sandbox_incoming_free, NULL);
  self->connections =
      g_hash_table_new_full (NULL, NULL, (GDestroyNotify) herald_sandbox_conn_unref, NULL);

  ok = herald_sandbox_listen_on_loopback (self, &error);

  g_mutex_lock (&self->mutex);
  self->start_error = error;
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (ok)
    {
      self->sweep = g_timeout_source_new_seconds (1);
      g_source_set_callback (self->sweep, herald_sandbox_sweep_cb, self, NULL);
      g_source_set_name (self->sweep, "[herald-sandbox] idle connections");
      g_source_attach (self->sweep, self->context);
      g_main_loop_run (self->loop);
      g_source_destroy (self->sweep);
      g_clear_pointer (&self->sweep, g_source_unref);
    }

  herald_sandbox_stop_accepting (self);

  /* Answers still held back by a "slow" fault are dropped with the server. */
  {
    GHashTableIter iter;
    gpointer source;

    g_hash_table_iter_init (&iter, self->pending);
    while (g_hash_table_iter_next (&iter, &source, NULL))
      g_source_destroy (source);
    g_clear_pointer (&self->pending, g_hash_table_unref);
  }
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->dormant_peer);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  /* Let the connections' close callbacks run before the context goes. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->incoming, g_hash_table_unref);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
write_certificate (HeraldSandbox *self, const char *certificate_pem, GError **error)
{
  /* A private directory (0700), so that only this user can swap the file a client trusts. */
  self->certificate_dir = g_dir_make_tmp ("herald-sandbox-XXXXXX", error);
  if (self->certificate_dir == NULL)
    return FALSE;
  self->certificate_file =
      g_build_filename (self->certificate_dir, "sandbox-certificate.pem", NULL);
  return g_file_set_contents_full (self->certificate_file, certificate_pem, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

static gboolean
prepare_certificate (HeraldSandbox *self, GError **error)
{
  g_autofree char *certificate_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *both = NULL;

  if (self->certificate != NULL)
    return TRUE;
  if (!herald_sandbox_cert_generate (&certificate_pem, &key_pem, error))
    return FALSE;

  both = g_strconcat (certificate_pem, key_pem, NULL);
  memset (key_pem, 0, strlen (key_pem));
  self->certificate = g_tls_certificate_new_from_pem (both, -1, error);
  memset (both, 0, strlen (both));
  if (self->certificate == NULL)
    return FALSE;
  return write_certificate (self, certificate_pem, error);
}

gboolean
herald_sandbox_start (HeraldSandbox *self, guint16 port, GError **error)
{
  GError *start_error;

  g_return_val_if_fail (HERALD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  if (!prepare_certificate (self, error))
    return FALSE;

  self->requested_port = port;
  self->ready = FALSE;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("herald-sandbox", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  start_error = g_steal_pointer (&self->start_error);
  g_mutex_unlock (&self->mutex);

  if (start_error != NULL)
    {
      g_propagate_prefixed_error (error, start_error, "The Sandbox could not start: ");
      herald_sandbox_stop (self);
      return FALSE;
    }

  g_free (self->base_url);
  self->base_url = g_strdup_printf ("https://127.0.0.1:%u", self->port);
  herald_sandbox_store_set_base_url (self->store, self->base_url);
  g_debug ("Sandbox listening on %s", self->base_url);
  return TRUE;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
herald_sandbox_stop (HeraldSandbox *self)
{
  g_autoptr (GSource) source = NULL;

  g_return_if_fail (HERALD_IS_SANDBOX (self));

  if (self->thread == NULL)
    return;

  /* Through the loop's own context: quitting before the thread reached g_main_loop_run()
   * would otherwise be lost. */
  source = g_idle_source_new ();
  g_source_set_callback (source, quit_loop_cb, g_main_loop_ref (self->loop),
                         (GDestroyNotify) g_main_loop_unref);
  g_source_attach (source, self->context);
  g_thread_join (g_steal_pointer (&self->thread));

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->port = 0;
}

const char *
herald_sandbox_get_base_url (HeraldSandbox *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX (self), NULL);

  return self->base_url;
}

guint16
herald_sandbox_get_port (HeraldSandbox *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX (self), 0);

  return self->port;
}

const char *
herald_sandbox_get_certificate_file (HeraldSandbox *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX (self), NULL);

  return self->certificate_file;
}

GTlsCertificate *
herald_sandbox_get_certificate (HeraldSandbox *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX (self), NULL);

  return self->certificate;
}

void
herald_sandbox_set_speed (HeraldSandbox *self, double speed)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));
  g_return_if_fail (speed > 0);

  herald_sandbox_store_set_speed (self->store, speed);
}

void
herald_sandbox_set_clock (HeraldSandbox *self, HeraldClock clock, gpointer user_data)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  herald_sandbox_store_set_clock (self->store, clock, user_data);
}

void
herald_sandbox_set_visibility_delay (HeraldSandbox *self, double seconds)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  herald_sandbox_store_set_visibility_delay (self->store, seconds);
}

void
herald_sandbox_set_slow_delay (HeraldSandbox *self, double seconds)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  g_mutex_lock (&self->mutex);
  self->slow_delay = MAX (seconds, 0);
  g_mutex_unlock (&self->mutex);
}

void
herald_sandbox_set_fault (HeraldSandbox *self, HeraldSandboxFault fault)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  g_mutex_lock (&self->mutex);
  self->fault = fault;
  g_mutex_unlock (&self->mutex);
}

void
herald_sandbox_set_credentials (HeraldSandbox *self, const char *api_key, const char *secret_key)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  g_mutex_lock (&self->mutex);
  g_free (self->api_key);
  if (self->secret_key != NULL)
    memset (self->secret_key, 0, strlen (self->secret_key));
  g_free (self->secret_key);
  if (api_key != NULL && secret_key != NULL)
    {
      self->api_key = g_strdup (api_key);
      self->secret_key = g_strdup (secret_key);
    }
  else
    {
      self->api_key = NULL;
      self->secret_key = NULL;
    }
  g_mutex_unlock (&self->mutex);
}

void
herald_sandbox_add_sender (HeraldSandbox *self, const char *email, const char *name)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));
  g_return_if_fail (email != NULL);

  herald_sandbox_store_add_sender (self->store, email, name);
}

void
herald_sandbox_set_max_messages (HeraldSandbox *self, guint max_messages)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  herald_sandbox_store_set_message_cap (self->store, max_messages);
}

void
herald_sandbox_set_timeouts (HeraldSandbox *self, guint handshake_seconds, guint idle_seconds)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));
  g_return_if_fail (handshake_seconds > 0 && idle_seconds > 0);

  g_mutex_lock (&self->mutex);
  self->handshake_timeout = handshake_seconds;
  self->idle_timeout = idle_seconds;
  g_mutex_unlock (&self->mutex);
}

guint
herald_sandbox_count_requests (HeraldSandbox *self, const char *path)
{
  guint count;

  g_return_val_if_fail (HERALD_IS_SANDBOX (self), 0);
  g_return_val_if_fail (path != NULL, 0);

  g_mutex_lock (&self->mutex);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, path));
  g_mutex_unlock (&self->mutex);
  return count;
}

guint
herald_sandbox_count_writes (HeraldSandbox *self)
{
  guint count;

  g_return_val_if_fail (HERALD_IS_SANDBOX (self), 0);

  g_mutex_lock (&self->mutex);
  count = self->writes;
  g_mutex_unlock (&self->mutex);
  return count;
}

void
herald_sandbox_set_write_fault (HeraldSandbox *self, HeraldSandboxFault fault, guint nth)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  g_mutex_lock (&self->mutex);
  self->write_fault = fault;
  self->write_fault_at = nth > 0 ? self->writes + nth : 0;
  g_mutex_unlock (&self->mutex);
}

void
herald_sandbox_set_read_fault (HeraldSandbox *self, HeraldSandboxFault fault, guint nth)
{
  g_return_if_fail (HERALD_IS_SANDBOX (self));

  g_mutex_lock (&self->mutex);
  self->read_fault = fault;
  self->read_fault_from = nth > 0 ? self->reads + nth : 0;
  g_mutex_unlock (&self->mutex);
}

char *
herald_sandbox_dup_messages_json (HeraldSandbox *self)
{
  g_return_val_if_fail (HERALD_IS_SANDBOX (self), NULL);

  return herald_sandbox_store_dup_messages_json (self->store);
}
