/* herald-tls-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-tls"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "herald-tls-info.h"

struct _HeraldTlsInfo
{
  GObject parent_instance;
  char *protocol;
  char *cipher;
  char *subject;
  char *issuer;
  GDateTime *expiry;
  char *spki_sha256;
};

G_DEFINE_FINAL_TYPE (HeraldTlsInfo, herald_tls_info, G_TYPE_OBJECT)

static void
herald_tls_info_finalize (GObject *object)
{
  HeraldTlsInfo *self = (HeraldTlsInfo *) object;

  g_free (self->protocol);
  g_free (self->cipher);
  g_free (self->subject);
  g_free (self->issuer);
  g_clear_pointer (&self->expiry, g_date_time_unref);
  g_free (self->spki_sha256);

  G_OBJECT_CLASS (herald_tls_info_parent_class)->finalize (object);
}

static void
herald_tls_info_class_init (HeraldTlsInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_tls_info_finalize;
}

static void
herald_tls_info_init (HeraldTlsInfo *self)
{
}

const char *
herald_tls_protocol_to_string (GTlsProtocolVersion protocol)
{
  switch (protocol)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0:
      return "SSL 3.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_0:
      return "TLS 1.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_1:
      return "TLS 1.1";
    case G_TLS_PROTOCOL_VERSION_TLS_1_2:
      return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3:
      return "TLS 1.3";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0:
      return "DTLS 1.0";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2:
      return "DTLS 1.2";
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default:
      return _ ("unknown");
    }
}

static gnutls_x509_crt_t
import_certificate (GTlsCertificate *certificate, GError **error)
{
  g_autoptr (GByteArray) der = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  int ret;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _ ("The server sent no readable certificate."));
      return NULL;
    }

  datum.data = der->data;
  datum.size = der->len;
  gnutls_x509_crt_init (&crt);
  ret = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER);
  if (ret < 0)
    {
      gnutls_x509_crt_deinit (crt);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The server’s certificate could not be read: %s"), gnutls_strerror (ret));
      return NULL;
    }

  return crt;
}

static char *
spki_sha256_of (gnutls_x509_crt_t crt, GError **error)
{
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t spki = { NULL, 0 };
  g_autoptr (GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  int ret;

  gnutls_pubkey_init (&pubkey);
  ret = gnutls_pubkey_import_x509 (pubkey, crt, 0);
  if (ret >= 0)
    ret = gnutls_pubkey_export2 (pubkey, GNUTLS_X509_FMT_DER, &spki);
  gnutls_pubkey_deinit (pubkey);
  if (ret < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The server’s public key could not be read: %s"), gnutls_strerror (ret));
      return NULL;
    }

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, spki.data, spki.size);
  g_checksum_get_digest (checksum, digest, &digest_len);
  gnutls_free (spki.data);

  return g_base64_encode (digest, digest_len);
}

char *
herald_tls_compute_spki_sha256 (GTlsCertificate *certificate, GError **error)
{
  gnutls_x509_crt_t crt;
  char *pin;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  if (!(crt = import_certificate (certificate, error)))
    return NULL;
  pin = spki_sha256_of (crt, error);
  gnutls_x509_crt_deinit (crt);

  return pin;
}

static char *
dup_dn (gnutls_x509_crt_t crt, gboolean issuer)
{
  gnutls_datum_t dn = { NULL, 0 };
  char *ret;

  if ((issuer ? gnutls_x509_crt_get_issuer_dn2 (crt, &dn) : gnutls_x509_crt_get_dn2 (crt, &dn)) < 0)
    return g_strdup ("");
  ret = g_strndup ((const char *) dn.data, dn.size);
  gnutls_free (dn.data);

  return ret;
}

HeraldTlsInfo *
herald_tls_info_new (GTlsCertificate *certificate, GTlsProtocolVersion protocol, const char *cipher)
{
  HeraldTlsInfo *self;
  gnutls_x509_crt_t crt;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  self = g_object_new (HERALD_TYPE_TLS_INFO, NULL);
  self->protocol = g_strdup (herald_tls_protocol_to_string (protocol));
  self->cipher = g_strdup (cipher ? cipher : "");

  if ((crt = import_certificate (certificate, NULL)))
    {
      time_t expiry = gnutls_x509_crt_get_expiration_time (crt);

      self->subject = dup_dn (crt, FALSE);
      self->issuer = dup_dn (crt, TRUE);
      if (expiry != (time_t) -1)
        self->expiry = g_date_time_new_from_unix_utc (expiry);
      self->spki_sha256 = spki_sha256_of (crt, NULL);
      gnutls_x509_crt_deinit (crt);
    }

  return self;
}

const char *
herald_tls_info_get_protocol (HeraldTlsInfo *self)
{
  g_return_val_if_fail (HERALD_IS_TLS_INFO (self), NULL);
  return self->protocol;
}

const char *
herald_tls_info_get_cipher (HeraldTlsInfo *self)
{
  g_return_val_if_fail (HERALD_IS_TLS_INFO (self), NULL);
  return self->cipher;
}

const char *
herald_tls_info_get_subject (HeraldTlsInfo *self)
{
  g_return_val_if_fail (HERALD_IS_TLS_INFO (self), NULL);
  return self->subject;
}

const char *
herald_tls_info_get_issuer (HeraldTlsInfo *self)
{
  g_return_val_if_fail (HERALD_IS_TLS_INFO (self), NULL);
  return self->issuer;
}

GDateTime *
herald_tls_info_get_expiry (HeraldTlsInfo *self)
{
  g_return_val_if_fail (HERALD_IS_TLS_INFO (self), NULL);
  return self->expiry;
}

const char *
herald_tls_info_get_spki_sha256 (HeraldTlsInfo *self)
{
  g_return_val_if_fail (HERALD_IS_TLS_INFO (self), NULL);
  return self->spki_sha256;
}

char *
herald_tls_info_to_string (HeraldTlsInfo *self)
{
  g_autofree char *expiry = NULL;

  g_return_val_if_fail (HERALD_IS_TLS_INFO (self), NULL);

  expiry = self->expiry ? g_date_time_format_iso8601 (self->expiry) : g_strdup (_ ("unknown"));

  return g_strdup_printf (
      _ ("%s, %s\nCertificate: %s\nIssued by: %s\nExpires: %s\nPublic key pin (SPKI SHA-256): %s"),
      self->protocol, self->cipher, self->subject ? self->subject : "",
      self->issuer ? self->issuer : "", expiry, self->spki_sha256 ? self->spki_sha256 : "");
}
