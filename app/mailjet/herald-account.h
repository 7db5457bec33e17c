/* herald-account.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  HERALD_ACCOUNT_REGION_EU,      /* https://api.mailjet.com */
  HERALD_ACCOUNT_REGION_US,      /* https://api.us.mailjet.com */
  HERALD_ACCOUNT_REGION_CUSTOM,  /* any base URL: a proxy, a test server */
  HERALD_ACCOUNT_REGION_SANDBOX, /* the built-in local stand-in */
} HeraldAccountRegion;

const char *herald_account_region_to_string (HeraldAccountRegion region);
gboolean herald_account_region_from_string (const char *text, HeraldAccountRegion *region);

#define HERALD_TYPE_ACCOUNT (herald_account_get_type ())

/* An account is nothing secret: its key and secret live in the keyring only. */
G_DECLARE_FINAL_TYPE (HeraldAccount, herald_account, HERALD, ACCOUNT, GObject)

HeraldAccount *
herald_account_new (const char *name, HeraldAccountRegion region, const char *custom_url);
HeraldAccount *herald_account_new_from_json (JsonObject *object, GError **error);
JsonNode *herald_account_to_json (HeraldAccount *self);
const char *herald_account_get_id (HeraldAccount *self);
const char *herald_account_get_name (HeraldAccount *self);
void herald_account_set_name (HeraldAccount *self, const char *name);
HeraldAccountRegion herald_account_get_region (HeraldAccount *self);
gboolean herald_account_is_sandbox (HeraldAccount *self);
const char *herald_account_get_base_url (HeraldAccount *self);
/* Only for the Sandbox and custom URLs. */
void herald_account_set_base_url (HeraldAccount *self, const char *base_url);
const char *herald_account_get_ca_file (HeraldAccount *self);
void herald_account_set_ca_file (HeraldAccount *self, const char *path);
const char *herald_account_get_pin (HeraldAccount *self);
void herald_account_set_pin (HeraldAccount *self, const char *spki_sha256);
const char *herald_account_get_sender_email (HeraldAccount *self);
const char *herald_account_get_sender_name (HeraldAccount *self);
void herald_account_set_sender (HeraldAccount *self, const char *email, const char *name);

G_END_DECLS
