/* herald-sandbox-router.c: which handler answers which v3 REST request. A new resource is one
 * line in the table below and a handler in the resource's file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <string.h>

#include "herald-sandbox-store-private.h"

/* A path pattern is the path after "/v3/REST/" with "{…}" standing for any one segment and a
 * trailing "**" for any number of further segments (none included). The first route whose
 * method and pattern match answers. A route without a method is a fallback: it answers any
 * method, but only on a path that no route of another method knows (that path is a 405, as
 * is a path of a known resource that no route matches). A resource not in the table is not
 * the Sandbox's: the caller answers nginx's 404. */
typedef struct
{
  const char *method;
  const char *pattern;
  HeraldSandboxHandler handler;
} Route;

static const Route routes[] = {
  { "GET", "message", herald_sandbox_rest_message_list },
  { "GET", "message/{id}/**", herald_sandbox_rest_message_get },
  { "GET", "messagehistory/**", herald_sandbox_rest_messagehistory_get },
  { "GET", "messagestate/**", herald_sandbox_rest_messagestate_get },
  { "GET", "messageinformation/**", herald_sandbox_rest_messageinformation_get },
  { "GET", "bouncestatistics/**", herald_sandbox_rest_bouncestatistics_get },
  { "GET", "apikeytotals/**", herald_sandbox_rest_statistics_get },
  { "GET", "messagestatistics/**", herald_sandbox_rest_statistics_get },
  { "GET", "senderstatistics/**", herald_sandbox_rest_statistics_get },
  { "GET", "myprofile/**", herald_sandbox_rest_myprofile_get },
  { "GET", "user/**", herald_sandbox_rest_user_get },
  { "GET", "apikey/**", herald_sandbox_rest_apikey_get },
  { "GET", "eventcallbackurl/**", herald_sandbox_rest_eventcallbackurl_list },
  { "POST", "eventcallbackurl/**", herald_sandbox_rest_eventcallbackurl_create },
  { "GET", "sender", herald_sandbox_rest_sender_list },
  { "POST", "sender", herald_sandbox_rest_sender_create },
  { "GET", "sender/{id}", herald_sandbox_rest_sender_get },
  { "PUT", "sender/{id}", herald_sandbox_rest_sender_change },
  { "DELETE", "sender/{id}", herald_sandbox_rest_sender_delete },
  { "POST", "sender/{id}/validate", herald_sandbox_rest_sender_validate },
  { "GET", "dns", herald_sandbox_rest_dns_list },
  { "GET", "dns/{id}", herald_sandbox_rest_dns_get },
  { "POST", "dns/{id}/check", herald_sandbox_rest_dns_check },
  { "GET", "template", herald_sandbox_rest_template_list },
  { "POST", "template", herald_sandbox_rest_template_create },
  { "GET", "template/{id}", herald_sandbox_rest_template_get },
  { "PUT", "template/{id}", herald_sandbox_rest_template_change },
  { "DELETE", "template/{id}", herald_sandbox_rest_template_delete },
  { "GET", "template/{id}/detailcontent", herald_sandbox_rest_template_content_get },
  { "POST", "template/{id}/detailcontent", herald_sandbox_rest_template_content_set },
  { "PUT", "template/{id}/detailcontent", herald_sandbox_rest_template_content_set },
  { NULL, "template/{id}/{part}/**", herald_sandbox_rest_template_not_found },
};

static gboolean
pattern_matches (const char *pattern, char **segments)
{
  g_auto (GStrv) parts = g_strsplit (pattern, "/", -1);
  guint i;

  for (i = 0; parts[i] != NULL; i++)
    {
      if (g_str_equal (parts[i], "**"))
        return TRUE;
      if (segments[i] == NULL)
        return FALSE;
      if (parts[i][0] != '{' && !g_str_equal (parts[i], segments[i]))
        return FALSE;
    }
  return segments[i] == NULL;
}

static gboolean
resource_is_routed (const char *resource)
{
  gsize length = strlen (resource);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (strncmp (routes[i].pattern, resource, length) == 0 &&
        (routes[i].pattern[length] == '\0' || routes[i].pattern[length] == '/'))
      return TRUE;
  return FALSE;
}

static const Route *
find_route (const HeraldSandboxRequest *request)
{
  const Route *fallback = NULL;
  gboolean other_method = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!pattern_matches (routes[i].pattern, request->segments))
        continue;
      if (routes[i].method == NULL)
        fallback = fallback != NULL ? fallback : &routes[i];
      else if (g_str_equal (routes[i].method, request->method))
        return &routes[i];
      else
        other_method = TRUE;
    }
  return other_method ? NULL : fallback;
}

gboolean
herald_sandbox_store_rest (HeraldSandboxStore *store,
                           const char *method,
                           char **segments,
                           GHashTable *query,
                           const char *body,
                           gsize length,
                           HeraldSandboxReply *reply)
{
  HeraldSandboxRequest request = { method, segments, query, body, length };
  const Route *route;

  if (segments[0] == NULL || !resource_is_routed (segments[0]))
    return FALSE;

  route = find_route (&request);
  g_mutex_lock (&store->mutex);
  if (route != NULL)
    route->handler (store, &request, reply);
  else
    herald_sandbox_reply_method_not_allowed (reply);
  g_mutex_unlock (&store->mutex);
  return TRUE;
}
