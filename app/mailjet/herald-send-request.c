/* herald-send-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-send-request"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-diagnostic.h"
#include "herald-mailjet-client.h"
#include "herald-render.h"
#include "herald-send-request.h"

typedef struct
{
  char *template_id;
  char *locale;
  char *scenario_id;
  char *subject;
  char *html;
  char *text;
  JsonObject *variables; /* NULL in Herald mode: values are already in the parts */
  gint64 stored_id;      /* stored mode: the Mailjet template */
} Variant;

typedef struct
{
  char *email;
  char *name;
} Recipient;

struct _HeraldSendRequest
{
  GObject parent_instance;
  HeraldSendMode mode;
  char *from_email;
  char *from_name;
  char *error_reporting;
  GPtrArray *variants;
  GPtrArray *recipients;
  GPtrArray *items;
  GPtrArray *batches; /* JsonNode */
};

G_DEFINE_FINAL_TYPE (HeraldSendRequest, herald_send_request, G_TYPE_OBJECT)

static void
variant_free (gpointer data)
{
  Variant *v = data;

  g_free (v->template_id);
  g_free (v->locale);
  g_free (v->scenario_id);
  g_free (v->subject);
  g_free (v->html);
  g_free (v->text);
  g_clear_pointer (&v->variables, json_object_unref);
  g_free (v);
}

static void
recipient_free (gpointer data)
{
  Recipient *r = data;

  g_free (r->email);
  g_free (r->name);
  g_free (r);
}

static void
item_free (gpointer data)
{
  HeraldSendItem *item = data;

  g_free (item->template_id);
  g_free (item->locale);
  g_free (item->scenario_id);
  g_free (item->recipient);
  g_free (item->custom_id);
  g_free (item);
}

static void
herald_send_request_finalize (GObject *object)
{
  HeraldSendRequest *self = (HeraldSendRequest *) object;

  g_free (self->from_email);
  g_free (self->from_name);
  g_free (self->error_reporting);
  g_ptr_array_unref (self->variants);
  g_ptr_array_unref (self->recipients);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->batches);

  G_OBJECT_CLASS (herald_send_request_parent_class)->finalize (object);
}

static void
herald_send_request_class_init (HeraldSendRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_send_request_finalize;
}

static void
herald_send_request_init (HeraldSendRequest *self)
{
  self->variants = g_ptr_array_new_with_free_func (variant_free);
  self->recipients = g_ptr_array_new_with_free_func (recipient_free);
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
}

gboolean
herald_send_mode_from_string (const char *text, HeraldSendMode *mode)
{
  if (g_strcmp0 (text, "mailjet") == 0)
    *mode = HERALD_SEND_MODE_MAILJET;
  else if (g_strcmp0 (text, "herald") == 0)
    *mode = HERALD_SEND_MODE_HERALD;
  else if (g_strcmp0 (text, "stored") == 0)
    *mode = HERALD_SEND_MODE_STORED;
  else
    return FALSE;
  return TRUE;
}

HeraldSendRequest *
herald_send_request_new (HeraldSendMode mode)
{
  HeraldSendRequest *self = g_object_new (HERALD_TYPE_SEND_REQUEST, NULL);

  self->mode = mode;
  return self;
}

HeraldSendMode
herald_send_request_get_mode (HeraldSendRequest *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_REQUEST (self), HERALD_SEND_MODE_MAILJET);
  return self->mode;
}

void
herald_send_request_set_from (HeraldSendRequest *self, const char *email, const char *name)
{
  g_return_if_fail (HERALD_IS_SEND_REQUEST (self));

  g_free (self->from_email);
  g_free (self->from_name);
  self->from_email = g_strdup (email);
  self->from_name = g_strdup (name);
}

void
herald_send_request_set_error_reporting (HeraldSendRequest *self, const char *email)
{
  g_return_if_fail (HERALD_IS_SEND_REQUEST (self));

  g_free (self->error_reporting);
  self->error_reporting = g_strdup (email);
}

void
herald_send_request_add_recipient (HeraldSendRequest *self, const char *email, const char *name)
{
  Recipient *r;

  g_return_if_fail (HERALD_IS_SEND_REQUEST (self));
  g_return_if_fail (email != NULL);

  r = g_new0 (Recipient, 1);
  r->email = g_strstrip (g_strdup (email));
  r->name = g_strdup (name);
  g_ptr_array_add (self->recipients, r);
}

char *
herald_send_insert_preheader (const char *html, const char *preheader)
{
  g_autofree char *block = NULL;
  const char *body;
  const char *insert_at;

  if (html == NULL)
    return NULL;
  if (preheader == NULL || *preheader == 0)
    return g_strdup (html);

  block = g_strdup_printf (
      "<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all\">%s</div>", preheader);

  /* After the opening <body …> tag, or first when the part is a fragment. */
  body = strstr (html, "<body");
  if (body == NULL)
    body = strstr (html, "<BODY");
  insert_at = body ? strchr (body, '>') : NULL;
  if (insert_at == NULL)
    return g_strconcat (block, html, NULL);
  insert_at++;

  return g_strdup_printf ("%.*s%s%s", (int) (insert_at - html), html, block, insert_at);
}

static const char *
pick (const char *explicit, const char *fallback)
{
  return explicit ? explicit : (fallback ? fallback : "");
}

static gboolean
render_variant (Variant *variant,
                HeraldTemplate *template,
                HeraldScenario *scenario,
                const HeraldSendContent *content,
                GError **error)
{
  g_autoptr (HeraldDiagnostic) diagnostic = NULL;
  g_autoptr (GError) local_error = NULL;
  HeraldRendered *rendered;

  if (content && (content->subject || content->preheader || content->html || content->text))
    {
      /* Render a locale's own strings with the same engine, one part at a time. */
      const char *parts[] = {
        pick (content->subject, herald_template_get_subject (template)),
        pick (content->preheader, herald_template_get_preheader (template)),
        pick (content->html, herald_template_get_html (template)),
        pick (content->text, herald_template_get_text (template)),
      };
      char *out[4] = { NULL };
      gboolean ok = TRUE;

      for (guint i = 0; i < G_N_ELEMENTS (parts) && ok; i++)
        {
          out[i] = herald_render_source_for_locale (parts[i], (HeraldPart) i,
                                                    herald_template_get_id (template), scenario,
                                                    variant->locale, &diagnostic, &local_error);
          ok = out[i] != NULL;
        }
      if (ok)
        {
          variant->subject = g_strdup (out[0]);
          variant->html = herald_send_insert_preheader (out[2], out[1]);
          variant->text = g_strdup (out[3]);
        }
      for (guint i = 0; i < G_N_ELEMENTS (out); i++)
        g_free (out[i]);
      if (ok)
        return TRUE;
      goto failed;
    }

  rendered = herald_render_template (template, scenario, &diagnostic, &local_error);
  if (rendered == NULL)
    goto failed;
  variant->subject = g_strdup (rendered->subject);
  variant->html = herald_send_insert_preheader (rendered->html, rendered->preheader);
  variant->text = g_strdup (rendered->text);
  herald_rendered_free (rendered);
  return TRUE;

failed:
  if (diagnostic)
    {
      g_autofree char *where = herald_diagnostic_to_string (diagnostic);

      g_set_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_BAD_REQUEST,
                   _ ("“%s” cannot be rendered for %s: %s"), herald_template_get_id (template),
                   variant->locale, where);
    }
  else
    g_set_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_BAD_REQUEST,
                 _ ("“%s” cannot be rendered for %s: %s"), herald_template_get_id (template),
                 variant->locale, local_error ? local_error->message : _ ("unknown error"));
  return FALSE;
}

gboolean
herald_send_request_add_variant (HeraldSendRequest *self,
                                 HeraldTemplate *template,
                                 const char *locale,
                                 HeraldScenario *scenario,
                                 const HeraldSendContent *content,
                                 GError **error)
{
  g_autoptr (GError) local_error = NULL;
  Variant *variant;

  g_return_val_if_fail (HERALD_IS_SEND_REQUEST (self), FALSE);
  g_return_val_if_fail (HERALD_IS_TEMPLATE (template), FALSE);
  g_return_val_if_fail (locale != NULL, FALSE);

  variant = g_new0 (Variant, 1);
  variant->template_id = g_strdup (herald_template_get_id (template));
  variant->locale = g_strdup (locale);
  variant->scenario_id = g_strdup (scenario ? herald_scenario_get_id (scenario) : "");

  if (self->mode == HERALD_SEND_MODE_HERALD)
    {
      if (!render_variant (variant, template, scenario, content, error))
        {
          variant_free (variant);
          return FALSE;
        }
    }
  else
    {
      const char *preheader = content && content->preheader
                                  ? content->preheader
                                  : herald_template_get_preheader (template);

      variant->subject = g_strdup (
          pick (content ? content->subject : NULL, herald_template_get_subject (template)));
      variant->html = herald_send_insert_preheader (
          pick (content ? content->html : NULL, herald_template_get_html (template)), preheader);
      variant->text =
          g_strdup (pick (content ? content->text : NULL, herald_template_get_text (template)));

      if (scenario)
        {
          /* Mailjet gets the values this locale's readers would get from the backend. */
          g_autoptr (JsonObject) variables =
              herald_scenario_dup_variables_for_locale (scenario, locale, &local_error);

          if (variables == NULL && local_error)
            {
              g_set_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_BAD_REQUEST,
                           _ ("The sample data “%s” cannot be used: %s"),
                           herald_scenario_get_id (scenario), local_error->message);
              variant_free (variant);
              return FALSE;
            }
          if (variables)
            {
              g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
              g_autoptr (JsonNode) copy = NULL;

              json_node_set_object (node, variables);
              copy = json_node_copy (node);
              variant->variables = json_object_ref (json_node_get_object (copy));
            }
        }
    }

  g_ptr_array_add (self->variants, variant);

  return TRUE;
}

void
herald_send_request_set_stored_template (HeraldSendRequest *self,
                                         const char *template_id,
                                         const char *locale,
                                         gint64 mailjet_id)
{
  g_return_if_fail (HERALD_IS_SEND_REQUEST (self));

  for (guint i = 0; i < self->variants->len; i++)
    {
      Variant *v = g_ptr_array_index (self->variants, i);

      if (g_strcmp0 (v->template_id, template_id) == 0 && g_strcmp0 (v->locale, locale) == 0)
        v->stored_id = mailjet_id;
    }
}

static char **
dup_distinct (HeraldSendRequest *self, gsize member_offset)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->variants->len; i++)
    {
      const char *value =
          G_STRUCT_MEMBER (const char *, g_ptr_array_index (self->variants, i), member_offset);

      if (g_hash_table_add (seen, (gpointer) value))
        g_strv_builder_add (builder, value);
    }
  return g_strv_builder_end (builder);
}

char **
herald_send_request_dup_template_ids (HeraldSendRequest *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_REQUEST (self), NULL);
  return dup_distinct (self, G_STRUCT_OFFSET (Variant, template_id));
}

char **
herald_send_request_dup_locales (HeraldSendRequest *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_REQUEST (self), NULL);
  return dup_distinct (self, G_STRUCT_OFFSET (Variant, locale));
}

static char *
new_custom_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("herald-%s", uuid);
}

static JsonNode *
address_node (const char *email, const char *name)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Email");
  json_builder_add_string_value (builder, email);
  if (name && *name)
    {
      json_builder_set_member_name (builder, "Name");
      json_builder_add_string_value (builder, name);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static char *
event_payload (Variant *variant)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "template");
  json_builder_add_string_value (builder, variant->template_id);
  json_builder_set_member_name (builder, "locale");
  json_builder_add_string_value (builder, variant->locale);
  json_builder_set_member_name (builder, "scenario");
  json_builder_add_string_value (builder, variant->scenario_id);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static JsonObject *
build_message (HeraldSendRequest *self,
               Variant *variant,
               Recipient *recipient,
               const char *custom_id)
{
  JsonObject *message = json_object_new ();
  JsonArray *to = json_array_new ();
  g_autofree char *payload = event_payload (variant);

  json_object_set_member (message, "From", address_node (self->from_email, self->from_name));
  json_array_add_element (to, address_node (recipient->email, recipient->name));
  json_object_set_array_member (message, "To", to);
  if (self->mode == HERALD_SEND_MODE_STORED)
    /* The stored template supplies Subject and parts: sending them too would override the
     * Subject and make Mailjet refuse the HTML (send-0004, reference §3.6). */
    json_object_set_int_member (message, "TemplateID", variant->stored_id);
  else
    {
      json_object_set_string_member (message, "Subject", variant->subject);
      if (variant->text && *variant->text)
        json_object_set_string_member (message, "TextPart", variant->text);
      if (variant->html && *variant->html)
        json_object_set_string_member (message, "HTMLPart", variant->html);
    }

  if (self->mode != HERALD_SEND_MODE_HERALD)
    {
      json_object_set_boolean_member (message, "TemplateLanguage", TRUE);
      if (self->error_reporting && *self->error_reporting)
        json_object_set_member (message, "TemplateErrorReporting",
                                address_node (self->error_reporting, NULL));
      json_object_set_boolean_member (message, "TemplateErrorDeliver", FALSE);
      json_object_set_object_member (message, "Variables",
                                     variant->variables ? json_object_ref (variant->variables)
                                                        : json_object_new ());
    }

  json_object_set_string_member (message, "CustomID", custom_id);
  json_object_set_string_member (message, "EventPayload", payload);

  return message;
}

static JsonNode *
new_batch (void)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *root = json_object_new ();

  json_object_set_array_member (root, "Messages", json_array_new ());
  json_node_take_object (node, root);
  return node;
}

gboolean
herald_send_request_build (HeraldSendRequest *self, GError **error)
{
  JsonArray *current = NULL;
  guint recipients_in_batch = 0;

  g_return_val_if_fail (HERALD_IS_SEND_REQUEST (self), FALSE);

  if (self->from_email == NULL || *self->from_email == 0)
    {
      g_set_error_literal (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_BAD_REQUEST,
                           _ ("There is no sender address: set the library’s From address or the "
                              "account’s default sender."));
      return FALSE;
    }
  if (self->recipients->len == 0)
    {
      g_set_error_literal (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_BAD_REQUEST,
                           _ ("There is no recipient: add at least one test inbox."));
      return FALSE;
    }
  if (self->variants->len == 0)
    {
      g_set_error_literal (
          error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_BAD_REQUEST,
          _ ("There is nothing to send: choose at least one locale and scenario."));
      return FALSE;
    }

  for (guint v = 0; self->mode == HERALD_SEND_MODE_STORED && v < self->variants->len; v++)
    {
      Variant *variant = g_ptr_array_index (self->variants, v);

      if (variant->stored_id <= 0)
        {
          g_set_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_BAD_REQUEST,
                       _ ("“%s” (%s) is not published on this account yet."), variant->template_id,
                       variant->locale);
          return FALSE;
        }
    }

  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_set_size (self->batches, 0);

  for (guint v = 0; v < self->variants->len; v++)
    {
      Variant *variant = g_ptr_array_index (self->variants, v);

      for (guint r = 0; r < self->recipients->len; r++)
        {
          Recipient *recipient = g_ptr_array_index (self->recipients, r);
          HeraldSendItem *item = g_new0 (HeraldSendItem, 1);

          /* Each message has one recipient, so both limits bound the same count. */
          if (current == NULL || json_array_get_length (current) >= HERALD_SEND_MAX_MESSAGES ||
              recipients_in_batch + 1 > HERALD_SEND_MAX_RECIPIENTS)
            {
              JsonNode *batch = new_batch ();

              g_ptr_array_add (self->batches, batch);
              current = json_object_get_array_member (json_node_get_object (batch), "Messages");
              recipients_in_batch = 0;
            }

          item->template_id = g_strdup (variant->template_id);
          item->locale = g_strdup (variant->locale);
          item->scenario_id = g_strdup (variant->scenario_id);
          item->recipient = g_strdup (recipient->email);
          item->custom_id = new_custom_id ();
          item->batch = self->batches->len - 1;
          item->index_in_batch = json_array_get_length (current);
          json_array_add_object_element (current,
                                         build_message (self, variant, recipient, item->custom_id));
          recipients_in_batch++;
          g_ptr_array_add (self->items, item);
        }
    }

  return TRUE;
}

guint
herald_send_request_get_n_batches (HeraldSendRequest *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_REQUEST (self), 0);
  return self->batches->len;
}

JsonNode *
herald_send_request_get_batch (HeraldSendRequest *self, guint batch)
{
  g_return_val_if_fail (HERALD_IS_SEND_REQUEST (self), NULL);
  g_return_val_if_fail (batch < self->batches->len, NULL);
  return g_ptr_array_index (self->batches, batch);
}

guint
herald_send_request_get_n_items (HeraldSendRequest *self)
{
  g_return_val_if_fail (HERALD_IS_SEND_REQUEST (self), 0);
  return self->items->len;
}

const HeraldSendItem *
herald_send_request_get_item (HeraldSendRequest *self, guint index)
{
  g_return_val_if_fail (HERALD_IS_SEND_REQUEST (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return g_ptr_array_index (self->items, index);
}

const HeraldSendItem *
herald_send_request_find_item (HeraldSendRequest *self, const char *custom_id)
{
  g_return_val_if_fail (HERALD_IS_SEND_REQUEST (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      HeraldSendItem *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (item->custom_id, custom_id) == 0)
        return item;
    }
  return NULL;
}
