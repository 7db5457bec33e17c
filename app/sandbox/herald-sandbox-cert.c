/* herald-sandbox-cert.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <string.h>
#include <time.h>

#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "herald-sandbox-private.h"

/* The sandbox lives for one session, so a short validity is enough; starting it an hour in the
 * past tolerates a clock that is a little behind. */
#define CERT_VALIDITY_DAYS 30

static gboolean
check (int ret, const char *what, GError **error)
{
  if (ret >= 0)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "Could not create the Sandbox certificate (%s: %s)", what, gnutls_strerror (ret));
  return FALSE;
}

static char *
datum_to_string (gnutls_datum_t *datum)
{
  char *str = g_strndup ((const char *) datum->data, datum->size);

  gnutls_free (datum->data);
  datum->data = NULL;
  datum->size = 0;
  return str;
}

static gboolean
add_names (gnutls_x509_crt_t crt, GError **error)
{
  static const guint8 ipv4[4] = { 127, 0, 0, 1 };
  static const guint8 ipv6[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };

  if (!check (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, ipv4, sizeof ipv4,
                                                    GNUTLS_FSAN_APPEND),
              "subject alternative name", error))
    return FALSE;
  if (!check (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, ipv6, sizeof ipv6,
                                                    GNUTLS_FSAN_APPEND),
              "subject alternative name", error))
    return FALSE;
  return check (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, "localhost",
                                                      strlen ("localhost"), GNUTLS_FSAN_APPEND),
                "subject alternative name", error);
}

static gboolean
fill_certificate (gnutls_x509_crt_t crt, gnutls_x509_privkey_t key, GError **error)
{
  const char *err_pos = NULL;
  guint8 serial[16];
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  time_t now = time (NULL);

  for (guint i = 0; i < sizeof serial; i++)
    serial[i] = g_random_int_range (0, 256);
  serial[0] &= 0x7f; /* a positive serial number */

  if (!check (gnutls_x509_crt_set_version (crt, 3), "version", error) ||
      !check (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), "serial", error) ||
      !check (gnutls_x509_crt_set_activation_time (crt, now - 3600), "activation", error) ||
      !check (gnutls_x509_crt_set_expiration_time (crt, now + CERT_VALIDITY_DAYS * 24 * 3600),
              "expiration", error) ||
      !check (gnutls_x509_crt_set_dn (crt, "CN=127.0.0.1,O=Herald Sandbox", &err_pos), "subject",
              error) ||
      !check (gnutls_x509_crt_set_key (crt, key), "key", error) || !add_names (crt, error))
    return FALSE;

  /* A self-signed certificate is its own trust anchor: it must be allowed to sign itself
   * and to serve TLS. */
  if (!check (gnutls_x509_crt_set_basic_constraints (crt, 1, -1), "basic constraints", error) ||
      !check (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                                      GNUTLS_KEY_KEY_CERT_SIGN),
              "key usage", error) ||
      !check (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0), "key purpose",
              error) ||
      !check (gnutls_x509_crt_get_key_id (crt, 0, key_id, &key_id_size), "key id", error) ||
      !check (gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size), "key id", error))
    return FALSE;

  return check (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), "signature", error);
}

gboolean
herald_sandbox_cert_generate (char **certificate_pem, char **private_key_pem, GError **error)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t cert_datum = { NULL, 0 };
  gnutls_datum_t key_datum = { NULL, 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (certificate_pem != NULL, FALSE);
  g_return_val_if_fail (private_key_pem != NULL, FALSE);

  if (!check (gnutls_x509_privkey_init (&key), "key", error) ||
      !check (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                            GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0),
              "key generation", error) ||
      !check (gnutls_x509_crt_init (&crt), "certificate", error) ||
      !fill_certificate (crt, key, error) ||
      !check (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &cert_datum), "export", error) ||
      !check (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN,
                                                 &key_datum),
              "key export", error))
    goto out;

  *certificate_pem = datum_to_string (&cert_datum);
  *private_key_pem = datum_to_string (&key_datum);
  ok = TRUE;

out:
  if (key_datum.data != NULL)
    {
      /* The key stays in memory only; wipe the copy GnuTLS made. */
      memset (key_datum.data, 0, key_datum.size);
      gnutls_free (key_datum.data);
    }
  gnutls_free (cert_datum.data);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  if (key != NULL)
    gnutls_x509_privkey_deinit (key);
  return ok;
}
