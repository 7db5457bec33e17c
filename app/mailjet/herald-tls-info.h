/* herald-tls-info.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_TYPE_TLS_INFO (herald_tls_info_get_type ())

/* What the send panel shows about the last connection to Mailjet. */
G_DECLARE_FINAL_TYPE (HeraldTlsInfo, herald_tls_info, HERALD, TLS_INFO, GObject)

HeraldTlsInfo *herald_tls_info_new (GTlsCertificate *certificate,
                                    GTlsProtocolVersion protocol,
                                    const char *cipher);
const char *herald_tls_info_get_protocol (HeraldTlsInfo *self);
const char *herald_tls_info_get_cipher (HeraldTlsInfo *self);
const char *herald_tls_info_get_subject (HeraldTlsInfo *self);
const char *herald_tls_info_get_issuer (HeraldTlsInfo *self);
GDateTime *herald_tls_info_get_expiry (HeraldTlsInfo *self);
const char *herald_tls_info_get_spki_sha256 (HeraldTlsInfo *self);
char *herald_tls_info_to_string (HeraldTlsInfo *self);

/* Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo (DER), as in HPKP. */
char *herald_tls_compute_spki_sha256 (GTlsCertificate *certificate, GError **error);
const char *herald_tls_protocol_to_string (GTlsProtocolVersion protocol);

G_END_DECLS
