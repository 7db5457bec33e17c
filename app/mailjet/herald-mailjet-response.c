/* herald-mailjet-response.c: what Mailjet's answers say, read without the client: the error an
 * error answer stands for, in a plain sentence with Mailjet's own words and error id when it
 * gave them (§2.4 A–D), and the list of results in a success envelope. Pure parsing, shared
 * by HeraldMailjetClient (herald-mailjet-client.c), herald-send-result.c, the tests and the
 * fuzz target; declared in herald-mailjet-client.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-mailjet"

#include "config.h"

#include "herald-json-util.h"

#include <glib/gi18n-lib.h>

#include "herald-mailjet-client.h"

static char *
with_identifier (const char *sentence, const char *identifier)
{
  if (identifier && *identifier)
    return g_strdup_printf (_ ("%s (Mailjet error id %s)"), sentence, identifier);
  return g_strdup (sentence);
}

/* Collects the sentence Mailjet gave, whatever the error shape (§2.4 A–D). */
static char *
mailjet_sentence (JsonObject *root, const char **identifier)
{
  const char *message = herald_json_object_get_string_or (root, "ErrorMessage", NULL);
  JsonNode *errors = json_object_get_member (root, "Errors");

  *identifier = herald_json_object_get_string_or (root, "ErrorIdentifier", NULL);
  if (message && *message)
    return g_strdup (message);

  if (errors && JSON_NODE_HOLDS_ARRAY (errors))
    {
      JsonArray *array = json_node_get_array (errors);
      g_autoptr (GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *e = herald_json_array_get_object_or_null (array, i);
          const char *m = herald_json_object_get_string_or (e, "ErrorMessage", NULL);
          JsonArray *related = herald_json_object_get_array_or_null (e, "ErrorRelatedTo");
          const char *path = herald_json_array_get_string_or_null (related, 0);

          if (m == NULL)
            continue;
          if (text->len)
            g_string_append (text, " ");
          g_string_append (text, m);
          if (path)
            g_string_append_printf (text, " (%s)", path);
          if (*identifier == NULL)
            *identifier = herald_json_object_get_string_or (e, "ErrorIdentifier", NULL);
        }
      if (text->len)
        return g_string_free (g_steal_pointer (&text), FALSE);
    }

  message = herald_json_object_get_string_or (root, "ErrorInfo", NULL);
  if (message && *message)
    return g_strdup (message);

  return NULL;
}

GError *
herald_mailjet_error_from_response (guint status,
                                    const char *content_type,
                                    GBytes *body,
                                    gboolean is_send)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *detail = NULL;
  g_autofree char *text = NULL;
  const char *identifier = NULL;
  const char *data = NULL;
  gsize len = 0;
  int code;

  if (body)
    data = g_bytes_get_data (body, &len);

  /* Never assume JSON on errors: empty 401 bodies and HTML 429 pages are real. */
  if (data && len > 0 && herald_json_parser_load (parser, data, len, NULL) &&
      herald_json_parser_get_object (parser) != NULL)
    detail = mailjet_sentence (herald_json_parser_get_object (parser), &identifier);

  switch (status)
    {
    case 401:
      code = HERALD_MAILJET_ERROR_UNAUTHORIZED;
      text = g_strdup (_ ("Mailjet refused the API key and secret: check them in the account "
                          "settings (they may be wrong, expired or suspended)."));
      break;
    case 403:
      code = HERALD_MAILJET_ERROR_FORBIDDEN;
      text = g_strdup_printf (_ ("Mailjet does not allow this with this API key: %s"),
                              detail ? detail : _ ("access forbidden."));
      break;
    case 404:
      code = HERALD_MAILJET_ERROR_NOT_FOUND;
      text = g_strdup_printf (_ ("Mailjet does not know this item: %s"),
                              detail ? detail : _ ("not found."));
      break;
    case 429:
      code = HERALD_MAILJET_ERROR_RATE_LIMITED;
      text = g_strdup (_ ("Mailjet is receiving too many requests from this account right now. "
                          "Wait a minute and try again."));
      break;
    default:
      if (status >= 500)
        {
          code = HERALD_MAILJET_ERROR_SERVER_ERROR;
          if (is_send)
            text = g_strdup_printf (
                _ ("Mailjet had a problem (HTTP %u) and did not confirm the send: the emails may "
                   "or may not have gone out. Check the deliveries before sending again.%s%s"),
                status, detail ? " " : "", detail ? detail : "");
          else
            text = g_strdup_printf (_ ("Mailjet had a problem (HTTP %u)%s%s"), status,
                                    detail ? ": " : ".", detail ? detail : "");
        }
      else if (status >= 400)
        {
          code = HERALD_MAILJET_ERROR_BAD_REQUEST;
          text = g_strdup_printf (_ ("Mailjet refused the request: %s"),
                                  detail ? detail : _ ("the request was not valid."));
        }
      else
        {
          code = HERALD_MAILJET_ERROR_INVALID_RESPONSE;
          text =
              g_strdup_printf (_ ("Mailjet’s answer (HTTP %u) could not be understood."), status);
        }
      break;
    }

  if (detail == NULL && data && len > 0 &&
      (content_type == NULL || !g_str_has_prefix (content_type, "application/json")))
    g_debug ("Non-JSON error body (HTTP %u, %s, %" G_GSIZE_FORMAT " bytes)", status,
             content_type ? content_type : "no type", len);

  {
    g_autofree char *message = with_identifier (text, identifier);

    return g_error_new_literal (HERALD_MAILJET_ERROR, code, message);
  }
}

JsonArray *
herald_mailjet_parse_envelope (GBytes *body, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonNode *data;
  const char *bytes = NULL;
  gsize len = 0;

  if (body)
    bytes = g_bytes_get_data (body, &len);
  if (bytes == NULL || len == 0 || !herald_json_parser_load (parser, bytes, len, NULL) ||
      (root = herald_json_parser_get_object (parser)) == NULL)
    goto invalid;

  data = json_object_get_member (root, "Data");
  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    goto invalid;

  return json_array_ref (json_node_get_array (data));

invalid:
  g_set_error_literal (
      error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_INVALID_RESPONSE,
      _ ("Mailjet’s answer could not be understood (it is not the usual list of results)."));
  return NULL;
}
