/* test-client-faults.c: the client against small misbehaving servers on 127.0.0.1: answers
 * too large to read, answers with the wrong JSON types, and TLS certificates that must be
 * refused for a reason the user is told.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <time.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "herald-mailjet-client.h"
#include "herald-test-files.h"
#include "mailjet-test-util.h"

#define HUGE_BODY (50 * 1024 * 1024)
#define WRITE_CHUNK (64 * 1024)

typedef enum
{
  ANSWER_CONTENT_LENGTH,
  ANSWER_UNTIL_CLOSE,
  ANSWER_CHUNKED,
  ANSWER_JSON,
} AnswerKind;

/* One connection at a time, served from a thread: blocking writes show when the client stops
 * reading (the write fails once the client has closed the connection). */
typedef struct
{
  GSocketListener *listener;
  GCancellable *stop;
  guint16 port;
  GThread *thread;
  AnswerKind kind;
  const char *json;
  GTlsCertificate *certificate; /* NULL: plain HTTP */
  gint done;
  gsize written;
  gboolean write_failed;
} FaultServer;

static gboolean
read_request_head (GIOStream *stream)
{
  GInputStream *in = g_io_stream_get_input_stream (stream);
  g_autoptr (GString) head = g_string_new (NULL);
  char c;

  while (!strstr (head->str, "\r\n\r\n"))
    {
      if (g_input_stream_read (in, &c, 1, NULL, NULL) != 1)
        return FALSE;
      g_string_append_c (head, c);
    }
  return TRUE;
}

static gboolean
write_all (FaultServer *server, GOutputStream *out, const void *data, gsize len)
{
  gsize n = 0;
  gboolean ok = g_output_stream_write_all (out, data, len, &n, NULL, NULL);

  server->written += n;
  if (!ok)
    server->write_failed = TRUE;
  return ok;
}

static void
answer_huge (FaultServer *server, GOutputStream *out)
{
  g_autofree char *chunk = g_malloc (WRITE_CHUNK);
  g_autofree char *head = NULL;

  memset (chunk, ' ', WRITE_CHUNK);
  chunk[0] = '[';
  if (server->kind == ANSWER_CONTENT_LENGTH)
    head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            "Content-Length: %d\r\n\r\n",
                            HUGE_BODY);
  else if (server->kind == ANSWER_UNTIL_CLOSE)
    head =
        g_strdup ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
  else
    head = g_strdup ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n");
  if (!write_all (server, out, head, strlen (head)))
    return;

  for (gsize sent = 0; sent < HUGE_BODY; sent += WRITE_CHUNK)
    {
      if (server->kind == ANSWER_CHUNKED)
        {
          g_autofree char *size = g_strdup_printf ("%x\r\n", WRITE_CHUNK);

          if (!write_all (server, out, size, strlen (size)))
            return;
        }
      if (!write_all (server, out, chunk, WRITE_CHUNK))
        return;
      if (server->kind == ANSWER_CHUNKED && !write_all (server, out, "\r\n", 2))
        return;
      chunk[0] = ' ';
    }
  if (server->kind == ANSWER_CHUNKED)
    write_all (server, out, "0\r\n\r\n", 5);
}

static gpointer
serve (gpointer data)
{
  FaultServer *server = data;

  for (;;)
    {
      g_autoptr (GSocketConnection) connection =
          g_socket_listener_accept (server->listener, NULL, server->stop, NULL);
      g_autoptr (GIOStream) stream = NULL;
      GOutputStream *out;

      if (connection == NULL)
        break;
      if (server->certificate)
        {
          stream =
              g_tls_server_connection_new (G_IO_STREAM (connection), server->certificate, NULL);
          /* The client is expected to refuse the handshake. */
          if (stream == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (stream), NULL, NULL))
            {
              g_atomic_int_set (&server->done, 1);
              continue;
            }
        }
      else
        stream = g_object_ref (G_IO_STREAM (connection));

      if (read_request_head (stream))
        {
          out = g_io_stream_get_output_stream (stream);
          if (server->kind == ANSWER_JSON)
            {
              g_autofree char *text =
                  g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                   "Content-Length: %zu\r\n\r\n%s",
                                   strlen (server->json), server->json);

              write_all (server, out, text, strlen (text));
            }
          else
            answer_huge (server, out);
        }
      g_io_stream_close (stream, NULL, NULL);
      g_atomic_int_set (&server->done, 1);
    }
  return NULL;
}

static FaultServer *
fault_server_start (AnswerKind kind, GTlsCertificate *certificate)
{
  FaultServer *server = g_new0 (FaultServer, 1);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) effective = NULL;
  g_autoptr (GError) error = NULL;

  server->kind = kind;
  server->certificate = certificate ? g_object_ref (certificate) : NULL;
  server->listener = g_socket_listener_new ();
  server->stop = g_cancellable_new ();
  g_assert_true (g_socket_listener_add_address (server->listener, address, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error));
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  server->thread = g_thread_new ("fault-server", serve, server);
  return server;
}

static void
fault_server_stop (FaultServer *server)
{
  g_cancellable_cancel (server->stop);
  g_thread_join (server->thread);
  g_socket_listener_close (server->listener);
  g_object_unref (server->stop);
  g_object_unref (server->listener);
  g_clear_object (&server->certificate);
  g_free (server);
}

static gboolean
give_up (gpointer data)
{
  g_error ("The fault server did not finish in time");
  return G_SOURCE_REMOVE;
}

static void
wait_server_done (FaultServer *server)
{
  guint guard = g_timeout_add_seconds (60, give_up, NULL);

  while (!g_atomic_int_get (&server->done))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_source_remove (guard);
}

static HeraldMailjetClient *
client_for (FaultServer *server, const char *scheme)
{
  g_autofree char *url = g_strdup_printf ("%s://127.0.0.1:%u", scheme, server->port);
  HeraldMailjetClient *client = herald_mailjet_client_new (url, "key", "secret");

  herald_mailjet_client_set_retry_policy (client, 10, 20, 1);
  return client;
}

/* Peak resident memory of this process, in kB. */
static gsize
peak_rss_kb (void)
{
  return herald_test_proc_kib ("/proc/self/status", "VmHWM:");
}

static void
test_too_large (gconstpointer data)
{
  AnswerKind kind = GPOINTER_TO_INT (data);
  FaultServer *server = fault_server_start (kind, NULL);
  g_autoptr (HeraldMailjetClient) client = client_for (server, "http");
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) data_array = NULL;
  gsize before = peak_rss_kb ();
  gsize after;

  herald_mailjet_client_get_async (client, "/v3/REST/message?Limit=1000", NULL,
                                   mailjet_test_wait_cb, &result);
  data_array = herald_mailjet_client_get_finish (client, mailjet_test_wait (&result), &error);
  g_assert_null (data_array);
  g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "larger than 4 MB"));

  /* The client hung up: the server could not write the whole answer. */
  g_clear_object (&client);
  wait_server_done (server);
  after = peak_rss_kb ();
  g_test_message ("server wrote %zu of %d bytes; peak memory grew by %zu kB", server->written,
                  HUGE_BODY, after - before);
  g_assert_true (server->write_failed);
  g_assert_cmpuint (server->written, <, HUGE_BODY);
  g_assert_cmpuint (after - before, <, 24 * 1024);
  fault_server_stop (server);
}

static void
test_send_too_large (void)
{
  FaultServer *server = fault_server_start (ANSWER_CHUNKED, NULL);
  g_autoptr (HeraldMailjetClient) client = client_for (server, "http");
  g_autoptr (JsonNode) payload = json_from_string ("{\"Messages\":[]}", NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldSendResult) sent = NULL;

  herald_mailjet_client_send_async (client, payload, NULL, mailjet_test_wait_cb, &result);
  sent = herald_mailjet_client_send_finish (client, mailjet_test_wait (&result), &error);
  g_assert_null (sent);
  g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "may or may not have gone out"));
  g_clear_object (&client);
  wait_server_done (server);
  g_assert_true (server->write_failed);
  fault_server_stop (server);
}

static void
test_data_not_objects (void)
{
  FaultServer *server = fault_server_start (ANSWER_JSON, NULL);
  g_autoptr (HeraldMailjetClient) client = client_for (server, "http");
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) message = NULL;

  server->json = "{\"Count\":1,\"Data\":[1],\"Total\":1}";
  herald_mailjet_client_get_message_async (client, 42, NULL, mailjet_test_wait_cb, &result);
  message = herald_mailjet_client_get_message_finish (client, mailjet_test_wait (&result), &error);
  g_assert_null (message);
  g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_NOT_FOUND);
  g_clear_object (&client);
  fault_server_stop (server);
}

/* Certificates ---------------------------------------------------------------------------- */

typedef struct
{
  gnutls_x509_crt_t crt;
  gnutls_x509_privkey_t key;
} Cert;

static void
check_gnutls (int ret)
{
  if (ret < 0)
    g_error ("GnuTLS: %s", gnutls_strerror (ret));
}

static Cert
make_cert (const Cert *issuer, const char *dns_name, gint64 not_before, gint64 not_after)
{
  static const guint8 ipv4[4] = { 127, 0, 0, 1 };
  Cert cert;
  guint8 serial[8];
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;

  for (guint i = 0; i < sizeof serial; i++)
    serial[i] = g_random_int_range (0, 256);
  serial[0] &= 0x7f;
  check_gnutls (gnutls_x509_privkey_init (&cert.key));
  check_gnutls (gnutls_x509_privkey_generate (
      cert.key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0));
  check_gnutls (gnutls_x509_crt_init (&cert.crt));
  check_gnutls (gnutls_x509_crt_set_version (cert.crt, 3));
  check_gnutls (gnutls_x509_crt_set_serial (cert.crt, serial, sizeof serial));
  check_gnutls (gnutls_x509_crt_set_activation_time (cert.crt, not_before));
  check_gnutls (gnutls_x509_crt_set_expiration_time (cert.crt, not_after));
  check_gnutls (gnutls_x509_crt_set_key (cert.crt, cert.key));
  check_gnutls (gnutls_x509_crt_get_key_id (cert.crt, 0, key_id, &key_id_size));
  check_gnutls (gnutls_x509_crt_set_subject_key_id (cert.crt, key_id, key_id_size));
  if (issuer == NULL)
    {
      check_gnutls (gnutls_x509_crt_set_dn (cert.crt, "CN=Herald Test CA", NULL));
      check_gnutls (gnutls_x509_crt_set_basic_constraints (cert.crt, 1, -1));
      check_gnutls (gnutls_x509_crt_set_key_usage (cert.crt, GNUTLS_KEY_KEY_CERT_SIGN |
                                                                 GNUTLS_KEY_DIGITAL_SIGNATURE));
      check_gnutls (gnutls_x509_crt_sign2 (cert.crt, cert.crt, cert.key, GNUTLS_DIG_SHA256, 0));
      return cert;
    }

  check_gnutls (gnutls_x509_crt_set_dn (cert.crt, "CN=Herald Test Server", NULL));
  if (dns_name)
    check_gnutls (gnutls_x509_crt_set_subject_alt_name (cert.crt, GNUTLS_SAN_DNSNAME, dns_name,
                                                        strlen (dns_name), GNUTLS_FSAN_APPEND));
  else
    check_gnutls (gnutls_x509_crt_set_subject_alt_name (cert.crt, GNUTLS_SAN_IPADDRESS, ipv4,
                                                        sizeof ipv4, GNUTLS_FSAN_APPEND));
  check_gnutls (gnutls_x509_crt_set_basic_constraints (cert.crt, 0, -1));
  check_gnutls (gnutls_x509_crt_set_key_usage (cert.crt, GNUTLS_KEY_DIGITAL_SIGNATURE));
  check_gnutls (gnutls_x509_crt_set_key_purpose_oid (cert.crt, GNUTLS_KP_TLS_WWW_SERVER, 0));
  check_gnutls (gnutls_x509_crt_sign2 (cert.crt, issuer->crt, issuer->key, GNUTLS_DIG_SHA256, 0));
  return cert;
}

static char *
cert_pem (const Cert *cert, gboolean with_key)
{
  gnutls_datum_t crt = { NULL, 0 };
  gnutls_datum_t key = { NULL, 0 };
  char *pem;

  check_gnutls (gnutls_x509_crt_export2 (cert->crt, GNUTLS_X509_FMT_PEM, &crt));
  if (with_key)
    check_gnutls (gnutls_x509_privkey_export2_pkcs8 (cert->key, GNUTLS_X509_FMT_PEM, NULL,
                                                     GNUTLS_PKCS_PLAIN, &key));
  pem = g_strdup_printf ("%.*s%.*s", (int) crt.size, crt.data, (int) key.size,
                         key.data ? (const char *) key.data : "");
  gnutls_free (crt.data);
  gnutls_free (key.data);
  return pem;
}

static void
cert_free (Cert *cert)
{
  gnutls_x509_crt_deinit (cert->crt);
  gnutls_x509_privkey_deinit (cert->key);
}

typedef enum
{
  TLS_WRONG_HOST,
  TLS_EXPIRED,
  TLS_NOT_YET_VALID,
  TLS_PIN_MISMATCH,
} TlsCase;

static void
test_tls (gconstpointer data)
{
  TlsCase which = GPOINTER_TO_INT (data);
  gint64 now = time (NULL);
  Cert ca = make_cert (NULL, NULL, now - 86400, now + 86400);
  Cert leaf;
  g_autofree char *ca_pem = cert_pem (&ca, FALSE);
  g_autofree char *leaf_pem = NULL;
  g_autofree char *ca_path = g_build_filename (g_get_tmp_dir (), "herald-test-ca.pem", NULL);
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (HeraldMailjetClient) client = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  FaultServer *server;

  if (which == TLS_WRONG_HOST)
    leaf = make_cert (&ca, "api.other.example", now - 86400, now + 86400);
  else if (which == TLS_EXPIRED)
    leaf = make_cert (&ca, NULL, now - 10 * 86400, now - 86400);
  else if (which == TLS_NOT_YET_VALID)
    leaf = make_cert (&ca, NULL, now + 86400, now + 10 * 86400);
  else
    leaf = make_cert (&ca, NULL, now - 86400, now + 86400);
  leaf_pem = cert_pem (&leaf, TRUE);
  certificate = g_tls_certificate_new_from_pem (leaf_pem, -1, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (ca_path, ca_pem, -1, NULL));

  server = fault_server_start (ANSWER_JSON, certificate);
  server->json = "{\"Count\":1,\"Data\":[{}],\"Total\":1}";
  client = client_for (server, "https");
  g_assert_true (herald_mailjet_client_set_trusted_certificate_file (client, ca_path, &error));
  if (which == TLS_PIN_MISMATCH)
    herald_mailjet_client_set_pin (client, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

  herald_mailjet_client_verify_async (client, NULL, mailjet_test_wait_cb, &result);
  g_assert_false (
      herald_mailjet_client_verify_finish (client, mailjet_test_wait (&result), &error));
  g_test_message ("%s", error->message);
  switch (which)
    {
    case TLS_WRONG_HOST:
      g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TLS_UNTRUSTED);
      g_assert_nonnull (strstr (error->message, "made out to another host name"));
      g_assert_nonnull (strstr (error->message, "Check the API address"));
      break;
    case TLS_EXPIRED:
      g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TLS_UNTRUSTED);
      g_assert_nonnull (strstr (error->message, "has expired"));
      g_assert_nonnull (strstr (error->message, "date and time"));
      break;
    case TLS_NOT_YET_VALID:
      g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_TLS_UNTRUSTED);
      g_assert_nonnull (strstr (error->message, "not valid yet"));
      break;
    case TLS_PIN_MISMATCH:
      g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_PIN_MISMATCH);
      g_assert_nonnull (strstr (error->message, "update the pinned key"));
      break;
    }
  g_assert_null (strstr (error->message, "Unacceptable"));

  g_clear_object (&client);
  fault_server_stop (server);
  g_unlink (ca_path);
  cert_free (&leaf);
  cert_free (&ca);
}

int
main (int argc, char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  g_test_add_data_func ("/herald/mailjet/client-faults/too-large/content-length",
                        GINT_TO_POINTER (ANSWER_CONTENT_LENGTH), test_too_large);
  g_test_add_data_func ("/herald/mailjet/client-faults/too-large/until-close",
                        GINT_TO_POINTER (ANSWER_UNTIL_CLOSE), test_too_large);
  g_test_add_data_func ("/herald/mailjet/client-faults/too-large/chunked",
                        GINT_TO_POINTER (ANSWER_CHUNKED), test_too_large);
  g_test_add_func ("/herald/mailjet/client-faults/too-large/send", test_send_too_large);
  g_test_add_func ("/herald/mailjet/client-faults/data-not-objects", test_data_not_objects);
  g_test_add_data_func ("/herald/mailjet/client-faults/tls/wrong-host",
                        GINT_TO_POINTER (TLS_WRONG_HOST), test_tls);
  g_test_add_data_func ("/herald/mailjet/client-faults/tls/expired", GINT_TO_POINTER (TLS_EXPIRED),
                        test_tls);
  g_test_add_data_func ("/herald/mailjet/client-faults/tls/not-yet-valid",
                        GINT_TO_POINTER (TLS_NOT_YET_VALID), test_tls);
  g_test_add_data_func ("/herald/mailjet/client-faults/tls/pin-mismatch",
                        GINT_TO_POINTER (TLS_PIN_MISMATCH), test_tls);

  return g_test_run ();
}
