/* herald-client-support.c: the caniemail snapshot, compiled into the core as a GResource so
 * that the app and herald-cli find it installed or not, without a file to look for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-client-support"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "herald-client-support.h"
#include "herald-core-data.h"
#include "herald-json-util.h"

#define CANIEMAIL_RESOURCE "/io/github/heraldapp/Herald/core/caniemail.json"

typedef HeraldClientAnswer Answer;

struct _HeraldFeature
{
  const char *slug;
  const char *title;
  const char *url;
  JsonObject *stats;
  JsonObject *notes;
  /* Answer * per client of HeraldClientSupport.clients, each made on its first use (the
   * array too); set with compare-and-exchange, as the checks may run in threads. */
  guint n_clients;
  Answer **answers;
  guint index; /* in HeraldClientSupport.features */
};

struct _HeraldClientSupport
{
  JsonNode *root;
  GArray *features; /* HeraldFeature */
  /* One table per kind, name → GPtrArray of HeraldFeature*: the checks look up every
   * element, attribute and property of every template, so a lookup builds no key. */
  GHashTable *index[HERALD_FEATURE_VALUE + 1];
  /* The properties some "property:value" feature names: a handful, so that the checks look
   * up the value of no other declaration. */
  GPtrArray *value_properties;
  GPtrArray *clients; /* sorted, NULL-terminated */
  /* herald_client_support_dup_client_label() of each of clients, made on its first use (the
   * array too) and kept for the run; set with compare-and-exchange, as the checks may run in
   * threads */
  char **labels;
  JsonObject *families; /* family → label */
  JsonObject *platforms;
  const char *version;
  const char *snapshot_date;
};

static const char *const default_clients[] = {
  "gmail.desktop-webmail",
  "gmail.android",
  "gmail.ios",
  "apple-mail.macos",
  "apple-mail.ios",
  "outlook.windows",
  "outlook.macos",
  "outlook.outlook-com",
  "outlook.ios",
  "outlook.android",
  "yahoo.desktop-webmail",
  "samsung-email.android",
  NULL,
};

/* The JSON member that lists the names of each kind. */
static const char *const kind_members[] = {
  [HERALD_FEATURE_ELEMENT] = "elements",
  [HERALD_FEATURE_ATTRIBUTE] = "attributes",
  [HERALD_FEATURE_PROPERTY] = "properties",
  [HERALD_FEATURE_AT_RULE] = "at_rules",
  [HERALD_FEATURE_MEDIA_FEATURE] = "media_features",
  [HERALD_FEATURE_FUNCTION] = "functions",
  [HERALD_FEATURE_VALUE] = "values",
};

static void
index_add (HeraldClientSupport *self, HeraldFeatureKind kind, const char *name, guint feature)
{
  GPtrArray *list = g_hash_table_lookup (self->index[kind], name);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->index[kind], g_strdup (name), list);
    }
  /* The features array is complete before indexing starts, so the pointer stays valid. */
  g_ptr_array_add (list, &g_array_index (self->features, HeraldFeature, feature));
}

static void
index_feature (HeraldClientSupport *self, JsonObject *object, guint feature)
{
  for (guint kind = 0; kind < G_N_ELEMENTS (kind_members); kind++)
    {
      JsonArray *names;

      if (!json_object_has_member (object, kind_members[kind]))
        continue;
      names = json_object_get_array_member (object, kind_members[kind]);
      for (guint i = 0; names != NULL && i < json_array_get_length (names); i++)
        {
          JsonNode *node = json_array_get_element (names, i);

          if (kind == HERALD_FEATURE_VALUE && JSON_NODE_HOLDS_ARRAY (node))
            {
              JsonArray *pair = json_node_get_array (node);
              const char *property = json_array_get_string_element (pair, 0);
              g_autofree char *name =
                  g_strdup_printf ("%s:%s", property, json_array_get_string_element (pair, 1));

              index_add (self, kind, name, feature);
              if (!g_ptr_array_find_with_equal_func (self->value_properties, property, g_str_equal,
                                                     NULL))
                g_ptr_array_add (self->value_properties, g_strdup (property));
            }
          else if (JSON_NODE_HOLDS_VALUE (node))
            index_add (self, kind, json_node_get_string (node), feature);
        }
    }
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Adds the clients a feature's stats name to the set clients, unless they are those of the
 * previous feature, in the same order (as for most features): previous holds those names, and
 * receives the feature's. */
static void
add_clients (GHashTable *clients, JsonObject *stats, GPtrArray *previous)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  guint n = 0;
  gboolean same = TRUE;

  json_object_iter_init_ordered (&iter, stats);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (n < previous->len)
        {
          same = same && strcmp (previous->pdata[n], name) == 0;
          previous->pdata[n] = (gpointer) name;
        }
      else
        {
          same = FALSE;
          g_ptr_array_add (previous, (gpointer) name);
        }
      n++;
    }
  same = same && n == previous->len;
  g_ptr_array_set_size (previous, n);
  if (!same)
    for (guint i = 0; i < n; i++)
      g_hash_table_add (clients, previous->pdata[i]);
}

static HeraldClientSupport *
load (void)
{
  HeraldClientSupport *self = g_new0 (HeraldClientSupport, 1);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) clients = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) previous = g_ptr_array_new ();
  JsonObject *root;
  JsonObject *source;
  JsonArray *features;

  self->features = g_array_new (FALSE, TRUE, sizeof (HeraldFeature));
  for (guint kind = 0; kind < G_N_ELEMENTS (self->index); kind++)
    self->index[kind] =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->value_properties = g_ptr_array_new_with_free_func (g_free);
  self->clients = g_ptr_array_new_null_terminated (64, NULL, TRUE);

  bytes = g_resource_lookup_data (herald_core_data_get_resource (), CANIEMAIL_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  /* The snapshot is part of the binary: failing to read it is a build error. Unsealed, as
   * JsonParser made it: sealing hashes every node, and nothing here compares trees. */
  if (bytes != NULL)
    self->root =
        herald_json_parse_text_unsealed (CANIEMAIL_RESOURCE, g_bytes_get_data (bytes, NULL),
                                         (gssize) g_bytes_get_size (bytes), &error);
  if (self->root == NULL)
    g_error ("The compiled-in caniemail data is unreadable: %s", error->message);

  root = json_node_get_object (self->root);
  source = json_object_get_object_member (root, "source");
  self->version = json_object_get_string_member (source, "version");
  self->snapshot_date = json_object_get_string_member (source, "snapshot_date");
  self->families = json_object_get_object_member (root, "families");
  self->platforms = json_object_get_object_member (root, "platforms");

  features = json_object_get_array_member (root, "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *object = json_array_get_object_element (features, i);
      HeraldFeature feature = {
        json_object_get_string_member (object, "slug"),
        json_object_get_string_member (object, "title"),
        json_object_get_string_member (object, "url"),
        json_object_get_object_member (object, "stats"),
        json_object_get_object_member (object, "notes"),
      };
      add_clients (clients, feature.stats, previous);
      feature.index = self->features->len;
      g_array_append_val (self->features, feature);
    }
  for (guint i = 0; i < json_array_get_length (features); i++)
    index_feature (self, json_array_get_object_element (features, i), i);

  {
    g_autoptr (GList) names = g_hash_table_get_keys (clients);

    for (GList *l = names; l != NULL; l = l->next)
      g_ptr_array_add (self->clients, l->data);
    g_ptr_array_sort (self->clients, compare_names);
  }
  for (guint i = 0; i < self->features->len; i++)
    g_array_index (self->features, HeraldFeature, i).n_clients = self->clients->len;
  return self;
}

static gpointer
load_once (gpointer data)
{
  return load ();
}

HeraldClientSupport *
herald_client_support_get_default (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_once, NULL);
}

const char *const *
herald_client_support_get_default_clients (void)
{
  return default_clients;
}

guint
herald_client_support_get_n_features (HeraldClientSupport *self)
{
  return self->features->len;
}

guint
herald_client_support_get_n_clients (HeraldClientSupport *self)
{
  return self->clients->len;
}

const char *const *
herald_client_support_get_clients (HeraldClientSupport *self)
{
  return (const char *const *) self->clients->pdata;
}

const char *
herald_client_support_get_version (HeraldClientSupport *self)
{
  return self->version;
}

const char *
herald_client_support_get_snapshot_date (HeraldClientSupport *self)
{
  return self->snapshot_date;
}

gboolean
herald_client_support_has_client (HeraldClientSupport *self, const char *client)
{
  return herald_client_support_find_client (self, client) >= 0;
}

char *
herald_client_support_dup_client_label (HeraldClientSupport *self, const char *client)
{
  const char *dot = strchr (client, '.');
  g_autofree char *family = NULL;
  const char *family_label;
  const char *platform_label;

  if (dot == NULL)
    return g_strdup (client);
  family = g_strndup (client, dot - client);
  family_label = json_object_get_string_member_with_default (self->families, family, family);
  platform_label = json_object_get_string_member_with_default (self->platforms, dot + 1, dot + 1);
  /* "Outlook.com", not "Outlook Outlook.com". */
  if (g_str_has_prefix (platform_label, family_label))
    return g_strdup (platform_label);
  return g_strdup_printf ("%s %s", family_label, platform_label);
}

const char *
herald_client_support_get_client_label (HeraldClientSupport *self, gint client)
{
  char **labels;
  char *label;

  g_return_val_if_fail (client >= 0 && (guint) client < self->clients->len, NULL);

  labels = g_atomic_pointer_get (&self->labels);
  if (labels == NULL)
    {
      labels = g_new0 (char *, self->clients->len);
      if (!g_atomic_pointer_compare_and_exchange (&self->labels, NULL, labels))
        {
          g_free (labels);
          labels = g_atomic_pointer_get (&self->labels);
        }
    }
  label = g_atomic_pointer_get (&labels[client]);
  if (label == NULL)
    {
      label = herald_client_support_dup_client_label (self, self->clients->pdata[client]);
      if (!g_atomic_pointer_compare_and_exchange (&labels[client], NULL, label))
        {
          g_free (label);
          label = g_atomic_pointer_get (&labels[client]);
        }
    }
  return label;
}

const char *
herald_client_support_get_family_label (HeraldClientSupport *self, const char *client)
{
  const char *dot = strchr (client, '.');
  g_autofree char *family =
      g_strndup (client, dot != NULL ? (gsize) (dot - client) : strlen (client));

  return json_object_get_string_member_with_default (self->families, family, NULL);
}

const char *
herald_client_support_get_platform_label (HeraldClientSupport *self, const char *client)
{
  const char *dot = strchr (client, '.');

  if (dot == NULL)
    return NULL;
  return json_object_get_string_member_with_default (self->platforms, dot + 1, NULL);
}

static int
compare_client (const void *key, const void *member)
{
  return strcmp (key, *(const char *const *) member);
}

gint
herald_client_support_find_client (HeraldClientSupport *self, const char *client)
{
  const char *const *found =
      bsearch (client, self->clients->pdata, self->clients->len, sizeof (gpointer), compare_client);

  return found != NULL ? (gint) (found - (const char *const *) self->clients->pdata) : -1;
}

GPtrArray *
herald_client_support_lookup (HeraldClientSupport *self, HeraldFeatureKind kind, const char *name)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (self->index), NULL);

  return g_hash_table_lookup (self->index[kind], name);
}

gboolean
herald_client_support_has_values (HeraldClientSupport *self, const char *property)
{
  /* Three in the snapshot, that most properties differ from in their first letter. */
  for (guint i = 0; i < self->value_properties->len; i++)
    {
      const char *known = self->value_properties->pdata[i];

      if (known[0] == property[0] && strcmp (known, property) == 0)
        return TRUE;
    }
  return FALSE;
}

guint
herald_feature_get_index (const HeraldFeature *feature)
{
  return feature->index;
}

const char *
herald_feature_get_slug (const HeraldFeature *feature)
{
  return feature->slug;
}

const char *
herald_feature_get_title (const HeraldFeature *feature)
{
  return feature->title;
}

const char *
herald_feature_get_url (const HeraldFeature *feature)
{
  return feature->url;
}

HeraldSupport
herald_feature_get_support (const HeraldFeature *feature, const char *client, char **notes)
{
  const char *value = json_object_get_string_member_with_default (feature->stats, client, NULL);
  HeraldSupport support;

  if (notes != NULL)
    *notes = NULL;
  if (value == NULL)
    return HERALD_SUPPORT_UNKNOWN;
  switch (value[0])
    {
    case 'y':
      support = HERALD_SUPPORT_YES;
      break;
    case 'n':
      support = HERALD_SUPPORT_NO;
      break;
    case 'a':
      support = HERALD_SUPPORT_PARTIAL;
      break;
    default:
      support = HERALD_SUPPORT_UNKNOWN;
    }

  if (notes != NULL)
    {
      g_auto (GStrv) list = herald_feature_dup_notes (feature, client);

      if (list != NULL && list[0] != NULL)
        *notes = g_strjoinv (" ", list);
    }
  return support;
}

char **
herald_feature_dup_notes (const HeraldFeature *feature, const char *client)
{
  const char *value = json_object_get_string_member_with_default (feature->stats, client, NULL);
  const char *p = value != NULL ? strchr (value, '#') : NULL;
  g_autoptr (GStrvBuilder) builder = NULL;

  /* Most support values refer to no note. */
  if (p == NULL || feature->notes == NULL)
    return g_new0 (char *, 1);
  builder = g_strv_builder_new ();
  for (; p != NULL; p = strchr (p + 1, '#'))
    {
      gsize length = strspn (p + 1, "0123456789");
      char buffer[16];
      g_autofree char *allocated = NULL;
      char *number = length < sizeof buffer ? buffer : (allocated = g_malloc (length + 1));
      const char *note;

      memcpy (number, p + 1, length);
      number[length] = '\0';
      if ((note = json_object_get_string_member_with_default (feature->notes, number, NULL)) !=
          NULL)
        g_strv_builder_add (builder, note);
    }
  return g_strv_builder_end (builder);
}

const HeraldClientAnswer *const *
herald_feature_get_answers (const HeraldFeature *feature)
{
  /* The answers are a cache of what the snapshot says, not a change of the feature. */
  HeraldFeature *self = (HeraldFeature *) feature;
  Answer **answers = g_atomic_pointer_get (&self->answers);

  if (answers == NULL)
    {
      answers = g_new0 (Answer *, self->n_clients);
      if (!g_atomic_pointer_compare_and_exchange (&self->answers, NULL, answers))
        {
          g_free (answers);
          answers = g_atomic_pointer_get (&self->answers);
        }
    }
  return (const HeraldClientAnswer *const *) answers;
}

HeraldSupport
herald_feature_get_support_at (const HeraldFeature *feature,
                               HeraldClientSupport *support,
                               gint client,
                               const char *const **notes)
{
  static const char *const none[] = { NULL };
  /* The answers are a cache of what the snapshot says, not a change of the feature. */
  HeraldFeature *self = (HeraldFeature *) feature;
  Answer **answers;
  Answer *answer;

  if (client < 0 || (guint) client >= self->n_clients)
    {
      *notes = none;
      return HERALD_SUPPORT_UNKNOWN;
    }
  answers = (Answer **) herald_feature_get_answers (feature);
  answer = g_atomic_pointer_get (&answers[client]);
  if (answer == NULL)
    {
      const char *name = g_ptr_array_index (support->clients, client);

      answer = g_new (Answer, 1);
      answer->support = herald_feature_get_support (feature, name, NULL);
      answer->notes = herald_feature_dup_notes (feature, name);
      if (!g_atomic_pointer_compare_and_exchange (&answers[client], NULL, answer))
        {
          g_strfreev (answer->notes);
          g_free (answer);
          answer = g_atomic_pointer_get (&answers[client]);
        }
    }
  *notes = (const char *const *) answer->notes;
  return answer->support;
}
