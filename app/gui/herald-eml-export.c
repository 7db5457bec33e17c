/* herald-eml-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-eml-export"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-eml-export.h"

G_DEFINE_QUARK (herald-eml-error-quark, herald_eml_error);

static void
ensure_gmime (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      g_mime_init ();
      g_once_init_leave (&initialized, 1);
    }
}

/* Mail transports want 7-bit safe bodies; GMime picks quoted-printable or base64 for what
 * the text actually contains. */
static GMimeObject *
text_part_new (const char *subtype, const char *text)
{
  GMimeTextPart *part = g_mime_text_part_new_with_subtype (subtype);
  GMimeContentEncoding encoding;

  g_mime_text_part_set_text (part, text);
  g_mime_text_part_set_charset (part, "utf-8");
  encoding =
      g_mime_part_get_best_content_encoding (GMIME_PART (part), GMIME_ENCODING_CONSTRAINT_7BIT);
  g_mime_part_set_content_encoding (GMIME_PART (part), encoding);

  return GMIME_OBJECT (part);
}

static char *
make_message_id (const char *from_email)
{
  const char *at = from_email != NULL ? strrchr (from_email, '@') : NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("herald-%s@%s", uuid,
                          at != NULL && at[1] != '\0' ? at + 1 : "herald.invalid");
}

/* The rendered email as a reviewer's mail program opens it: text and HTML as alternatives
 * of one message, the subject encoded per RFC 2047 when it is not plain ASCII. */
GBytes *
herald_eml_build (const HeraldRendered *rendered,
                  const char *from_name,
                  const char *from_email,
                  const char *to_email,
                  GError **error)
{
  g_autoptr (GMimeMessage) message = NULL;
  g_autoptr (GMimeStream) stream = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *message_id = NULL;
  gboolean has_html, has_text;
  GByteArray *array;

  g_return_val_if_fail (rendered != NULL, NULL);

  has_html = rendered->html != NULL && rendered->html[0] != '\0';
  has_text = rendered->text != NULL && rendered->text[0] != '\0';
  if (!has_html && !has_text)
    {
      g_set_error (
          error, HERALD_EML_ERROR, HERALD_EML_ERROR_INVALID,
          _ ("The email has neither an HTML nor a text part, so there is nothing to save."));
      return NULL;
    }
  if (from_email == NULL || strchr (from_email, '@') == NULL)
    {
      g_set_error (error, HERALD_EML_ERROR, HERALD_EML_ERROR_INVALID,
                   _ ("The library has no valid sender address; set “from” in herald.json."));
      return NULL;
    }

  ensure_gmime ();

  message = g_mime_message_new (TRUE);
  g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_FROM, from_name, from_email);
  if (to_email != NULL)
    g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_TO, NULL, to_email);
  g_mime_message_set_subject (message, rendered->subject != NULL ? rendered->subject : "", "utf-8");
  now = g_date_time_new_now_local ();
  g_mime_message_set_date (message, now);
  message_id = make_message_id (from_email);
  g_mime_message_set_message_id (message, message_id);

  if (has_html && has_text)
    {
      g_autoptr (GMimeMultipart) alternative = g_mime_multipart_new_with_subtype ("alternative");
      g_autoptr (GMimeObject) text = text_part_new ("plain", rendered->text);
      g_autoptr (GMimeObject) html = text_part_new ("html", rendered->html);

      /* Clients show the last alternative they understand: plain text first. */
      g_mime_multipart_add (alternative, text);
      g_mime_multipart_add (alternative, html);
      g_mime_message_set_mime_part (message, GMIME_OBJECT (alternative));
    }
  else
    {
      g_autoptr (GMimeObject) part = has_html ? text_part_new ("html", rendered->html)
                                              : text_part_new ("plain", rendered->text);

      g_mime_message_set_mime_part (message, part);
    }

  stream = g_mime_stream_mem_new ();
  if (g_mime_object_write_to_stream (GMIME_OBJECT (message), NULL, stream) < 0)
    {
      g_set_error (error, HERALD_EML_ERROR, HERALD_EML_ERROR_INVALID,
                   _ ("The email could not be assembled."));
      return NULL;
    }

  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  return g_bytes_new (array->data, array->len);
}
