/* test-eml-export.c: the .eml a reviewer receives parses back as a proper MIME message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-eml-export.h"

static GMimeMessage *
parse_message (GBytes *bytes)
{
  g_autoptr (GMimeStream) stream =
      g_mime_stream_mem_new_with_buffer (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr (GMimeParser) parser = g_mime_parser_new_with_stream (stream);

  return g_mime_parser_construct_message (parser, NULL);
}

static char *
part_text (GMimeObject *object)
{
  return g_mime_text_part_get_text (GMIME_TEXT_PART (object));
}

static void
test_eml_alternative (void)
{
  HeraldRendered rendered = {
    .subject = (char *) "Solde bas : 12,40 € — agissez avant vendredi",
    .preheader = (char *) "Compte courant",
    .html = (char *) "<!DOCTYPE html><html><body><p>Votre solde est de <b>12,40 "
                     "€</b>.</p></body></html>",
    .text = (char *) "Votre solde est de 12,40 €.\n",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = herald_eml_build (
      &rendered, "Ledgerly Alertes", "alerts@ledgerly.example", "recipient@example.com", &error);
  g_autoptr (GMimeMessage) message = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  InternetAddressList *from;
  InternetAddress *address;
  GMimeObject *body;
  GMimeMultipart *multipart;
  GMimeContentType *type;
  const char *raw_subject;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  raw = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* RFC 2047: the non-ASCII words of the subject travel as encoded-words; no header
   * carries raw UTF-8. */
  raw_subject = strstr (raw, "\nSubject: ");
  g_assert_nonnull (raw_subject);
  {
    g_autofree char *line = g_strndup (raw_subject + 1, strcspn (raw_subject + 1, "\n"));
    g_autofree char *lower = g_ascii_strdown (line, -1);

    g_assert_nonnull (strstr (lower, "=?utf-8?"));
    g_assert_true (g_str_has_prefix (line, "Subject: Solde bas"));
  }
  for (const char *p = raw; p < strstr (raw, "\n\n"); p++)
    g_assert_cmpint ((guchar) *p, <, 0x80);
  g_assert_nonnull (strstr (raw, "\nMIME-Version: 1.0"));

  message = parse_message (bytes);
  g_assert_nonnull (message);
  g_assert_cmpstr (g_mime_message_get_subject (message), ==,
                   "Solde bas : 12,40 € — agissez avant vendredi");

  from = g_mime_message_get_from (message);
  g_assert_cmpint (internet_address_list_length (from), ==, 1);
  address = internet_address_list_get_address (from, 0);
  g_assert_cmpstr (internet_address_get_name (address), ==, "Ledgerly Alertes");
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)), ==,
                   "alerts@ledgerly.example");
  g_assert_cmpint (internet_address_list_length (g_mime_message_get_to (message)), ==, 1);
  g_assert_nonnull (g_mime_message_get_message_id (message));
  g_assert_nonnull (g_mime_message_get_date (message));

  body = g_mime_message_get_mime_part (message);
  g_assert_true (GMIME_IS_MULTIPART (body));
  type = g_mime_object_get_content_type (body);
  g_assert_true (g_mime_content_type_is_type (type, "multipart", "alternative"));
  multipart = GMIME_MULTIPART (body);
  g_assert_cmpint (g_mime_multipart_get_count (multipart), ==, 2);

  /* Plain text first, HTML last: clients show the last alternative they can. */
  g_assert_true (g_mime_content_type_is_type (
      g_mime_object_get_content_type (g_mime_multipart_get_part (multipart, 0)), "text", "plain"));
  g_assert_true (g_mime_content_type_is_type (
      g_mime_object_get_content_type (g_mime_multipart_get_part (multipart, 1)), "text", "html"));
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (
                       g_mime_multipart_get_part (multipart, 1), "charset"),
                   ==, "utf-8");

  text = part_text (g_mime_multipart_get_part (multipart, 0));
  html = part_text (g_mime_multipart_get_part (multipart, 1));
  g_assert_cmpstr (text, ==, "Votre solde est de 12,40 €.\n");
  g_assert_cmpstr (
      html, ==,
      "<!DOCTYPE html><html><body><p>Votre solde est de <b>12,40 €</b>.</p></body></html>");
}

static void
test_eml_html_only (void)
{
  HeraldRendered rendered = {
    .subject = (char *) "Plain ASCII subject",
    .html = (char *) "<p>Hello</p>",
    .text = (char *) "",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes =
      herald_eml_build (&rendered, NULL, "alerts@ledgerly.example", NULL, &error);
  g_autoptr (GMimeMessage) message = NULL;
  g_autofree char *raw = NULL;

  g_assert_no_error (error);
  raw = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (raw, "\nSubject: Plain ASCII subject\n"));

  message = parse_message (bytes);
  g_assert_true (g_mime_content_type_is_type (
      g_mime_object_get_content_type (g_mime_message_get_mime_part (message)), "text", "html"));
}

static void
test_eml_errors (void)
{
  HeraldRendered empty = { .subject = (char *) "Nothing", .html = (char *) "", .text = NULL };
  HeraldRendered fine = { .subject = (char *) "Hi",
                          .html = (char *) "<p>Hi</p>",
                          .text = (char *) "Hi" };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;

  bytes = herald_eml_build (&empty, "Ledgerly", "alerts@ledgerly.example", NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, HERALD_EML_ERROR, HERALD_EML_ERROR_INVALID);
  g_clear_error (&error);

  bytes = herald_eml_build (&fine, "Ledgerly", "not-an-address", NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, HERALD_EML_ERROR, HERALD_EML_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "herald.json"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_mime_init ();

  g_test_add_func ("/herald/preview/eml/alternative", test_eml_alternative);
  g_test_add_func ("/herald/preview/eml/html-only", test_eml_html_only);
  g_test_add_func ("/herald/preview/eml/errors", test_eml_errors);

  return g_test_run ();
}
