/* herald-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-account"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-account.h"

#include "herald-json-util.h"
#include "herald-mailjet-client.h"

struct _HeraldAccount
{
  GObject parent_instance;
  char *id;
  char *name;
  HeraldAccountRegion region;
  char *base_url;
  char *ca_file;
  char *pin;
  char *sender_email;
  char *sender_name;
};

G_DEFINE_FINAL_TYPE (HeraldAccount, herald_account, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_BASE_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *region_names[] = { "eu", "us", "custom", "sandbox" };

const char *
herald_account_region_to_string (HeraldAccountRegion region)
{
  g_return_val_if_fail (region <= HERALD_ACCOUNT_REGION_SANDBOX, NULL);
  return region_names[region];
}

gboolean
herald_account_region_from_string (const char *text, HeraldAccountRegion *region)
{
  for (guint i = 0; i < G_N_ELEMENTS (region_names); i++)
    {
      if (g_strcmp0 (text, region_names[i]) == 0)
        {
          *region = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
herald_account_finalize (GObject *object)
{
  HeraldAccount *self = (HeraldAccount *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->base_url);
  g_free (self->ca_file);
  g_free (self->pin);
  g_free (self->sender_email);
  g_free (self->sender_name);

  G_OBJECT_CLASS (herald_account_parent_class)->finalize (object);
}

static void
herald_account_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HeraldAccount *self = HERALD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_account_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  HeraldAccount *self = HERALD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      herald_account_set_name (self, g_value_get_string (value));
      break;
    case PROP_BASE_URL:
      herald_account_set_base_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_account_class_init (HeraldAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_account_finalize;
  object_class->get_property = herald_account_get_property;
  object_class->set_property = herald_account_set_property;

  properties[PROP_ID] =
      g_param_spec_string ("id", NULL, NULL, NULL, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] =
      g_param_spec_string ("name", NULL, NULL, NULL,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BASE_URL] =
      g_param_spec_string ("base-url", NULL, NULL, NULL,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_account_init (HeraldAccount *self)
{
}

static const char *
region_url (HeraldAccountRegion region)
{
  switch (region)
    {
    case HERALD_ACCOUNT_REGION_EU:
      return HERALD_MAILJET_URL_EU;
    case HERALD_ACCOUNT_REGION_US:
      return HERALD_MAILJET_URL_US;
    case HERALD_ACCOUNT_REGION_CUSTOM:
    case HERALD_ACCOUNT_REGION_SANDBOX:
    default:
      return NULL;
    }
}

HeraldAccount *
herald_account_new (const char *name, HeraldAccountRegion region, const char *custom_url)
{
  HeraldAccount *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (HERALD_TYPE_ACCOUNT, NULL);
  self->id =
      region == HERALD_ACCOUNT_REGION_SANDBOX ? g_strdup ("sandbox") : g_uuid_string_random ();
  self->name = g_strdup (name);
  self->region = region;
  self->base_url = g_strdup (region_url (region) ? region_url (region) : custom_url);

  return self;
}

HeraldAccount *
herald_account_new_from_json (JsonObject *object, GError **error)
{
  HeraldAccount *self;
  HeraldAccountRegion region;
  const char *id = herald_json_object_get_string_or (object, "id", NULL);
  const char *name = herald_json_object_get_string_or (object, "name", NULL);
  const char *url = herald_json_object_get_string_or (object, "url", NULL);

  if (id == NULL || name == NULL ||
      !herald_account_region_from_string (herald_json_object_get_string_or (object, "region", NULL),
                                          &region) ||
      region == HERALD_ACCOUNT_REGION_SANDBOX ||
      (region == HERALD_ACCOUNT_REGION_CUSTOM && url == NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _ ("An account in the account list is incomplete (it needs an id, a "
                              "name and a region or URL)."));
      return NULL;
    }

  self = herald_account_new (name, region, url);
  g_free (self->id);
  self->id = g_strdup (id);
  self->ca_file = g_strdup (herald_json_object_get_string_or (object, "caFile", NULL));
  self->pin = g_strdup (herald_json_object_get_string_or (object, "pin", NULL));
  self->sender_email = g_strdup (herald_json_object_get_string_or (object, "senderEmail", NULL));
  self->sender_name = g_strdup (herald_json_object_get_string_or (object, "senderName", NULL));

  return self;
}

static void
add_optional (JsonBuilder *builder, const char *member, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

JsonNode *
herald_account_to_json (HeraldAccount *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (HERALD_IS_ACCOUNT (self), NULL);

  json_builder_begin_object (builder);
  add_optional (builder, "id", self->id);
  add_optional (builder, "name", self->name);
  add_optional (builder, "region", herald_account_region_to_string (self->region));
  if (self->region == HERALD_ACCOUNT_REGION_CUSTOM)
    add_optional (builder, "url", self->base_url);
  add_optional (builder, "caFile", self->ca_file);
  add_optional (builder, "pin", self->pin);
  add_optional (builder, "senderEmail", self->sender_email);
  add_optional (builder, "senderName", self->sender_name);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
herald_account_get_id (HeraldAccount *self)
{
  g_return_val_if_fail (HERALD_IS_ACCOUNT (self), NULL);
  return self->id;
}

const char *
herald_account_get_name (HeraldAccount *self)
{
  g_return_val_if_fail (HERALD_IS_ACCOUNT (self), NULL);
  return self->name;
}

void
herald_account_set_name (HeraldAccount *self, const char *name)
{
  g_return_if_fail (HERALD_IS_ACCOUNT (self));
  g_return_if_fail (name != NULL);

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

HeraldAccountRegion
herald_account_get_region (HeraldAccount *self)
{
  g_return_val_if_fail (HERALD_IS_ACCOUNT (self), HERALD_ACCOUNT_REGION_EU);
  return self->region;
}

gboolean
herald_account_is_sandbox (HeraldAccount *self)
{
  g_return_val_if_fail (HERALD_IS_ACCOUNT (self), FALSE);
  return self->region == HERALD_ACCOUNT_REGION_SANDBOX;
}

const char *
herald_account_get_base_url (HeraldAccount *self)
{
  g_return_val_if_fail (HERALD_IS_ACCOUNT (self), NULL);
  return self->base_url;
}

void
herald_account_set_base_url (HeraldAccount *self, const char *base_url)
{
  g_return_if_fail (HERALD_IS_ACCOUNT (self));

  if (g_strcmp0 (self->base_url, base_url) == 0)
    return;
  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

const char *
herald_account_get_ca_file (HeraldAccount *self)
{
  g_return_val_if_fail (HERALD_IS_ACCOUNT (self), NULL);
  return self->ca_file;
}

void
herald_account_set_ca_file (HeraldAccount *self, const char *path)
{
  g_return_if_fail (HERALD_IS_ACCOUNT (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
}

const char *
herald_account_get_pin (HeraldAccount *self)
{
  g_return_val_if_fail (HERALD_IS_ACCOUNT (self), NULL);
  return self->pin;
}

void
herald_account_set_pin (HeraldAccount *self, const char *spki_sha256)
{
  g_return_if_fail (HERALD_IS_ACCOUNT (self));

  g_free (self->pin);
  self->pin = (spki_sha256 && *spki_sha256) ? g_strdup (spki_sha256) : NULL;
}

const char *
herald_account_get_sender_email (HeraldAccount *self)
{
  g_return_val_if_fail (HERALD_IS_ACCOUNT (self), NULL);
  return self->sender_email;
}

const char *
herald_account_get_sender_name (HeraldAccount *self)
{
  g_return_val_if_fail (HERALD_IS_ACCOUNT (self), NULL);
  return self->sender_name;
}

void
herald_account_set_sender (HeraldAccount *self, const char *email, const char *name)
{
  g_return_if_fail (HERALD_IS_ACCOUNT (self));

  g_free (self->sender_email);
  g_free (self->sender_name);
  self->sender_email = g_strdup (email);
  self->sender_name = g_strdup (name);
}
