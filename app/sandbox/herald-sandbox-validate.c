/* herald-sandbox-validate.c: the Send API's payload checks, with Mailjet's error codes
 * and wording (send-0003, mj-0004…), as recorded from the real API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-sandbox"

#include "config.h"

#include <string.h>

#include "herald-sandbox-store-private.h"

static const char *const forbidden_headers[] = {
  "From",
  "Sender",
  "Subject",
  "To",
  "Cc",
  "Bcc",
  "Return-Path",
  "Delivered-To",
  "DKIM-Signature",
  "DomainKey-Status",
  "Received-SPF",
  "Authentication-Results",
  "Received",
  "X-Mailjet-Prio",
  "X-Mailjet-Debug",
  "User-Agent",
  "X-Mailer",
  "X-MJ-CustomID",
  "X-MJ-EventPayload",
  "X-MJ-Vars",
  "X-MJ-TemplateErrorDeliver",
  "X-MJ-TemplateErrorReporting",
  "X-MJ-TemplateLanguage",
  "X-Mailjet-TrackOpen",
  "X-Mailjet-TrackClick",
  "X-MJ-TemplateID",
  "X-MJ-WorkflowID",
  "X-Feedback-Id",
  "X-Mailjet-Segmentation",
  "List-Id",
  "X-MJ-MID",
  "X-MJ-ErrorMessage",
  "Date",
  "X-CSA-Complaints",
  "Message-Id",
  "X-Mailjet-Campaign",
  "X-MJ-StatisticsContactsListID",
};

JsonObject *
herald_sandbox_error_object (
    const char *code, guint status, const char *message, const char *related_first, ...)
{
  g_autofree char *uuid = g_uuid_string_random ();
  JsonObject *o = json_object_new ();
  JsonArray *related = json_array_new ();
  va_list args;

  va_start (args, related_first);
  for (const char *r = related_first; r != NULL; r = va_arg (args, const char *))
    json_array_add_string_element (related, r);
  va_end (args);

  json_object_set_string_member (o, "ErrorIdentifier", uuid);
  json_object_set_string_member (o, "ErrorCode", code);
  json_object_set_int_member (o, "StatusCode", status);
  json_object_set_string_member (o, "ErrorMessage", message);
  json_object_set_array_member (o, "ErrorRelatedTo", related);
  return o;
}

void
herald_sandbox_type_mismatch (JsonArray *errors, const char *expected, const char *related)
{
  g_autofree char *message = g_strdup_printf ("Type mismatch. Expected type \"%s\".", expected);

  ADD_ERROR (errors, "mj-0004", 400, message, related, NULL);
}

static void
check_address (JsonArray *errors,
               JsonNode *node,
               const char *path,
               const char *expected_type,
               const char **email_out,
               const char **name_out)
{
  JsonObject *o;
  const char *email;
  g_autofree char *email_path = g_strdup_printf ("%s.Email", path);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      herald_sandbox_type_mismatch (errors, expected_type, path);
      return;
    }
  o = json_node_get_object (node);
  if (!herald_sandbox_member_is_set (o, "Email"))
    {
      ADD_ERROR (errors, "mj-0003", 400, "Missing mandatory property.", email_path, NULL);
      return;
    }
  if ((email = herald_sandbox_member_string (o, "Email")) == NULL)
    {
      herald_sandbox_type_mismatch (errors, "string", email_path);
      return;
    }
  if (email[0] == '\0')
    {
      ADD_ERROR (errors, "mj-0012", 400, "Empty string not allowed.", email_path, NULL);
      return;
    }
  if (!herald_sandbox_email_is_valid (email))
    {
      g_autofree char *message = g_strdup_printf ("\"%s\" is an invalid email address.", email);

      ADD_ERROR (errors, "mj-0013", 400, message, email_path, NULL);
      return;
    }
  *email_out = email;
  *name_out = herald_sandbox_member_string (o, "Name");
}

static void
check_recipients (
    JsonObject *msg, const char *field, gboolean required, JsonArray *errors, SendSpec *spec)
{
  JsonNode *node = json_object_get_member (msg, field);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        ADD_ERROR (errors, "mj-0003", 400, "Missing mandatory property.", field, NULL);
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      herald_sandbox_type_mismatch (errors, "array of emails", field);
      return;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0 && required)
    {
      ADD_ERROR (errors, "mj-0007", 400, "At least 1 element is required in the array.", field,
                 NULL);
      return;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", field, i);
      Recipient r = { field, NULL, NULL };

      check_address (errors, json_array_get_element (array, i), path, "emailIn", &r.email, &r.name);
      if (r.email != NULL)
        g_array_append_val (spec->recipients, r);
    }
}

static const char *
template_header (Template *t, const char *name)
{
  return t != NULL && t->headers != NULL ? herald_sandbox_member_string (t->headers, name) : NULL;
}

/* Splits a template's From header ("Name" <email> or a bare address). */
void
herald_sandbox_parse_from_header (const char *value, char **email, char **name)
{
  const char *lt = strrchr (value, '<');
  const char *gt = lt != NULL ? strchr (lt, '>') : NULL;

  if (lt != NULL && gt != NULL)
    {
      g_autofree char *raw_name = g_strndup (value, lt - value);

      *email = g_strndup (lt + 1, gt - lt - 1);
      *name = g_strdup (g_strstrip (raw_name));
      if ((*name)[0] == '"')
        {
          gsize len = strlen (*name);

          memmove (*name, *name + 1, len);
          if (len > 1 && (*name)[len - 2] == '"')
            (*name)[len - 2] = '\0';
        }
    }
  else
    {
      *email = g_strstrip (g_strdup (value));
      *name = g_strdup ("");
    }
}

static void
check_template (HeraldSandboxStore *store,
                JsonObject *msg,
                JsonArray *errors,
                SendSpec *spec,
                Template **template_out)
{
  JsonNode *node = json_object_get_member (msg, "TemplateID");
  Template *t;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      herald_sandbox_type_mismatch (errors, "integer", "TemplateID");
      return;
    }
  spec->template_id = json_node_get_int (node);
  t = herald_sandbox_find_template (store, spec->template_id);
  if (t == NULL)
    {
      g_autofree char *message =
          g_strdup_printf ("Template ID \"%" G_GINT64_FORMAT "\" doesn't exist for your account.",
                           spec->template_id);

      ADD_ERROR (errors, "send-0010", 400, message, "TemplateID", NULL);
      return;
    }
  if (herald_sandbox_member_is_set (msg, "HTMLPart") && t->html != NULL && t->html[0] != '\0')
    ADD_ERROR (errors, "send-0004", 400,
               "\"HTMLPart\" and \"TemplateID\" can not be used together if the template "
               "already has an HTML part.",
               "HTMLPart", "TemplateID", NULL);
  *template_out = t;
}

static void
check_from (HeraldSandboxStore *store,
            JsonObject *msg,
            Template *t,
            JsonArray *errors,
            SendSpec *spec,
            char **from_storage)
{
  JsonNode *node = json_object_get_member (msg, "From");
  const char *from_header = template_header (t, "From");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (from_header != NULL)
        {
          herald_sandbox_parse_from_header (from_header, &from_storage[0], &from_storage[1]);
          spec->from_email = from_storage[0];
          spec->from_name = from_storage[1];
        }
      else if (!herald_sandbox_member_is_set (msg, "TemplateID"))
        ADD_ERROR (errors, "mj-0003", 400, "Missing mandatory property.", "From", NULL);
      /* A stored template without a From is only found out later: gem #166. */
    }
  else
    check_address (errors, node, "From", "emailIn", &spec->from_email, &spec->from_name);

  if (spec->from_email != NULL && !herald_sandbox_sender_is_allowed (store, spec->from_email))
    {
      g_autofree char *message = g_strdup_printf (
          "The From email address \"%s\" is not an active sender of this account. Add and "
          "validate it as a sender first.",
          spec->from_email);

      ADD_ERROR (errors, "send-0008", 403, message, "From", NULL);
    }
}

static void
check_template_language (JsonObject *msg, JsonArray *errors, SendSpec *spec)
{
  JsonNode *reporting = json_object_get_member (msg, "TemplateErrorReporting");

  if (herald_sandbox_member_is_set (msg, "TemplateLanguage") &&
      !herald_sandbox_member_has_type (msg, "TemplateLanguage", G_TYPE_BOOLEAN))
    herald_sandbox_type_mismatch (errors, "boolean", "TemplateLanguage");
  if (herald_sandbox_member_is_set (msg, "TemplateErrorDeliver") &&
      !herald_sandbox_member_has_type (msg, "TemplateErrorDeliver", G_TYPE_BOOLEAN))
    herald_sandbox_type_mismatch (errors, "boolean", "TemplateErrorDeliver");
  spec->template_language = herald_sandbox_member_true (msg, "TemplateLanguage");
  spec->error_deliver = herald_sandbox_member_true (msg, "TemplateErrorDeliver");

  if (reporting != NULL && !JSON_NODE_HOLDS_NULL (reporting))
    {
      const char *name = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (reporting))
        herald_sandbox_type_mismatch (errors, "emailIn", "Messages.TemplateErrorReporting");
      else
        check_address (errors, reporting, "TemplateErrorReporting", "emailIn", &spec->report_email,
                       &name);
    }

  if ((herald_sandbox_member_is_set (msg, "TemplateErrorReporting") ||
       herald_sandbox_member_is_set (msg, "TemplateErrorDeliver")) &&
      !spec->template_language)
    ADD_ERROR (errors, "send-0016", 400,
               "\"TemplateErrorReporting\" and \"TemplateErrorDeliver\" can only be used "
               "with \"TemplateLanguage\" set to true.",
               "TemplateLanguage", NULL);

  if (herald_sandbox_member_is_set (msg, "Variables"))
    {
      JsonNode *node = json_object_get_member (msg, "Variables");

      if (!JSON_NODE_HOLDS_OBJECT (node))
        herald_sandbox_type_mismatch (errors, "object", "Variables");
      else
        spec->variables = json_node_get_object (node);
    }
}

static void
check_strings (JsonObject *msg, JsonArray *errors, SendSpec *spec)
{
  static const char *const string_members[] = {
    "Subject",      "TextPart", "HTMLPart",       "CustomID",
    "EventPayload", "URLTags",  "CustomCampaign", "MonitoringCategory",
  };

  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    if (herald_sandbox_member_is_set (msg, string_members[i]) &&
        !herald_sandbox_member_has_type (msg, string_members[i], G_TYPE_STRING))
      herald_sandbox_type_mismatch (errors, "string", string_members[i]);

  spec->subject = herald_sandbox_member_string (msg, "Subject");
  spec->html = herald_sandbox_member_string (msg, "HTMLPart");
  spec->text = herald_sandbox_member_string (msg, "TextPart");
  spec->custom_id = herald_sandbox_member_string (msg, "CustomID");
  spec->event_payload = herald_sandbox_member_string (msg, "EventPayload");

  if (spec->subject != NULL && g_utf8_strlen (spec->subject, -1) > MAX_SUBJECT)
    ADD_ERROR (errors, "mj-0006", 400, "String is too long. Maximum length is 255 characters.",
               "Subject", NULL);
  if (herald_sandbox_member_string (msg, "URLTags") != NULL &&
      g_utf8_strlen (herald_sandbox_member_string (msg, "URLTags"), -1) > MAX_URL_TAGS)
    ADD_ERROR (errors, "mj-0006", 400, "String is too long. Maximum length is 256 characters.",
               "URLTags", NULL);
}

static void
check_tracking (JsonObject *msg, const char *member, JsonArray *errors, gboolean *tracked)
{
  const char *value;

  if (!herald_sandbox_member_is_set (msg, member))
    return;
  value = herald_sandbox_member_string (msg, member);
  if (value == NULL || (!g_str_equal (value, "account_default") &&
                        !g_str_equal (value, "disabled") && !g_str_equal (value, "enabled")))
    {
      ADD_ERROR (errors, "mj-0005", 400,
                 "Value is not allowed. Allowed values: \"account_default\", \"disabled\", "
                 "\"enabled\".",
                 member, NULL);
      return;
    }
  *tracked = !g_str_equal (value, "disabled");
}

static void
check_headers (JsonObject *msg, JsonArray *errors)
{
  JsonNode *node = json_object_get_member (msg, "Headers");
  g_autoptr (GList) names = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      herald_sandbox_type_mismatch (errors, "object", "Headers");
      return;
    }
  names = json_object_get_members (json_node_get_object (node));
  for (GList *l = names; l != NULL; l = l->next)
    for (guint i = 0; i < G_N_ELEMENTS (forbidden_headers); i++)
      if (g_ascii_strcasecmp (l->data, forbidden_headers[i]) == 0)
        {
          g_autofree char *related = g_strdup_printf ("Headers[\"%s\"]", (char *) l->data);
          g_autofree char *message = g_strdup_printf (
              "The header \"%s\" can not be set in \"Headers\".", (char *) l->data);

          ADD_ERROR (errors, "send-0011", 400, message, related, NULL);
        }
}

static void
check_attachments (JsonObject *msg, const char *member, JsonArray *errors, SendSpec *spec)
{
  static const char *const fields[] = { "ContentType", "Filename", "Base64Content" };
  JsonNode *node = json_object_get_member (msg, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      herald_sandbox_type_mismatch (errors, "array of attachments", member);
      return;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          const char *value = herald_sandbox_member_string (o, fields[f]);

          if (value == NULL || value[0] == '\0')
            {
              g_autofree char *related = g_strdup_printf ("%s[%u].%s", member, i, fields[f]);

              ADD_ERROR (errors, "mj-0012", 400, "Empty string not allowed.", related, NULL);
            }
        }
      spec->attachment_count++;
    }
}

/* §3.9 step 4: every check runs, so that one answer lists all of a message's problems. */
void
herald_sandbox_check_message (HeraldSandboxStore *store,
                              JsonObject *msg,
                              JsonArray *errors,
                              SendSpec *spec,
                              char **from_storage)
{
  Template *t = NULL;

  check_template (store, msg, errors, spec, &t);
  check_from (store, msg, t, errors, spec, from_storage);
  check_recipients (msg, "To", TRUE, errors, spec);
  check_recipients (msg, "Cc", FALSE, errors, spec);
  check_recipients (msg, "Bcc", FALSE, errors, spec);
  check_strings (msg, errors, spec);

  if (!herald_sandbox_member_is_set (msg, "HTMLPart") &&
      !herald_sandbox_member_is_set (msg, "TextPart") &&
      !herald_sandbox_member_is_set (msg, "TemplateID"))
    ADD_ERROR (errors, "send-0003", 400,
               "At least \"HTMLPart\", \"TextPart\" or \"TemplateID\" must be provided.",
               "TextPart", "HTMLPart", "TemplateID", NULL);

  check_template_language (msg, errors, spec);
  check_tracking (msg, "TrackOpens", errors, &spec->open_tracked);
  check_tracking (msg, "TrackClicks", errors, &spec->click_tracked);
  check_headers (msg, errors);
  if (herald_sandbox_member_true (msg, "DeduplicateCampaign") &&
      !herald_sandbox_member_is_set (msg, "CustomCampaign"))
    ADD_ERROR (errors, "send-0012", 400,
               "\"DeduplicateCampaign\" can only be used with \"CustomCampaign\".",
               "CustomCampaign", "DeduplicateCampaign", NULL);
  check_attachments (msg, "Attachments", errors, spec);
  check_attachments (msg, "InlinedAttachments", errors, spec);

  /* A stored template supplies whatever the call leaves out. */
  if (t != NULL)
    {
      if (spec->subject == NULL)
        spec->subject = template_header (t, "Subject");
      if (spec->html == NULL)
        spec->html = t->html;
      if (spec->text == NULL)
        spec->text = t->text;
    }
}
