/* herald-email-document.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  HERALD_EMAIL_VARIANT_NORMAL,
  /* The email's own prefers-color-scheme: dark rules, as a client in dark mode applies them. */
  HERALD_EMAIL_VARIANT_DARK,
  /* The forced inversion of clients that darken light emails (Gmail's apps, Outlook). */
  HERALD_EMAIL_VARIANT_INVERTED,
  /* Images replaced by boxes showing their alt text; nothing remote loads. */
  HERALD_EMAIL_VARIANT_IMAGES_OFF,
} HeraldEmailVariant;

char *herald_email_document_prepare (const char *html,
                                     HeraldEmailVariant variant,
                                     gboolean allow_remote_content);
gboolean herald_email_document_has_remote_references (const char *html);
gboolean herald_email_document_has_dark_styles (const char *html);
gboolean herald_email_document_declares_dark_support (const char *html);

G_END_DECLS
