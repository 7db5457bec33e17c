/* fuzz-response.c: Mailjet answers (send results, envelopes, message, history, errors).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-fatal-log.h"

#include "herald-delivery.h"
#include "herald-json-util.h"
#include "herald-mailjet-client.h"
#include "herald-send-result.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static const guint statuses[] = { 200, 400, 401, 403, 404, 429, 500, 503 };
  g_autoptr (GBytes) body = g_bytes_new (data, size);
  g_autoptr (JsonArray) input = json_array_new ();
  g_autoptr (JsonArray) envelope = NULL;
  g_autoptr (GError) error = NULL;
  guint status = statuses[size % G_N_ELEMENTS (statuses)];
  g_autoptr (HeraldSendResult) result = NULL;
  g_autoptr (GError) response_error = NULL;

  /* A request whose errors can be mapped back to recipients. */
  {
    g_autoptr (JsonNode) message =
        json_from_string ("{\"To\":[{\"Email\":\"a@example.com\"}],\"CustomID\":\"x\"}", NULL);

    json_array_add_element (input, g_steal_pointer (&message));
  }

  result = herald_send_result_parse (status, body, input, &error);
  g_clear_error (&error);
  response_error = herald_mailjet_error_from_response (
      status, size % 2 ? "text/html" : "application/json", body, size % 3 == 0);
  envelope = herald_mailjet_parse_envelope (body, &error);
  if (envelope)
    {
      g_autoptr (HeraldDelivery) delivery =
          herald_delivery_new ("a", 1, NULL, NULL, NULL, NULL, NULL, NULL, 0);

      herald_delivery_set_events (delivery, envelope);
      /* The same type-checked reads as the tracker's. */
      if (herald_json_array_get_object_or_null (envelope, 0))
        {
          JsonObject *message = herald_json_array_get_object_or_null (envelope, 0);
          const char *status_text = herald_json_object_get_string_or (message, "Status", "unknown");

          herald_delivery_update (delivery, status_text,
                                  (guint) herald_json_object_get_int_or (message, "StateID", 0),
                                  NULL);
        }
    }

  return 0;
}
