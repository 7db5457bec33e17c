/* herald-render.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "herald-json-util.h"
#include "herald-render.h"

#define N_PARTS 4

G_DEFINE_BOXED_TYPE (HeraldRendered, herald_rendered, herald_rendered_copy, herald_rendered_free)

HeraldRendered *
herald_rendered_copy (const HeraldRendered *self)
{
  HeraldRendered *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (HeraldRendered, 1);
  copy->subject = g_strdup (self->subject);
  copy->preheader = g_strdup (self->preheader);
  copy->html = g_strdup (self->html);
  copy->text = g_strdup (self->text);
  return copy;
}

void
herald_rendered_free (HeraldRendered *self)
{
  if (self == NULL)
    return;
  g_free (self->subject);
  g_free (self->preheader);
  g_free (self->html);
  g_free (self->text);
  g_free (self);
}

const char *
herald_rendered_get_part (const HeraldRendered *self, HeraldPart part)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (part)
    {
    case HERALD_PART_SUBJECT:
      return self->subject;
    case HERALD_PART_PREHEADER:
      return self->preheader;
    case HERALD_PART_HTML:
      return self->html;
    case HERALD_PART_TEXT:
      return self->text;
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The context */

struct _HeraldRenderContext
{
  HeraldTlContext tl;
  JsonObject *predefined;
  /* The variables in the context's locale (the scenario's, or a merged copy). */
  JsonObject *variables;
  /* The scenario owns data and segments; keep it alive. */
  HeraldScenario *scenario;
};

typedef struct
{
  gint64 mtime;
  char *email;
  char *name;
} SenderCacheEntry;

G_LOCK_DEFINE_STATIC (sender_cache);
static GHashTable *sender_cache;

static void
sender_cache_entry_free (gpointer data)
{
  SenderCacheEntry *entry = data;

  g_free (entry->email);
  g_free (entry->name);
  g_free (entry);
}

/* mj:sender.* is the library's default From, read from herald.json two folders above the
 * template. Cached by file modification time: the preview renders on every keystroke. */
static void
lookup_sender (HeraldTemplate *tmpl, char **email, char **name)
{
  g_autofree char *templates_dir = NULL;
  g_autofree char *library_dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) root = NULL;
  SenderCacheEntry *entry;
  GStatBuf st;

  *email = g_strdup ("alerts@example.com");
  *name = g_strdup ("Preview sender");
  if (tmpl == NULL || herald_template_get_directory (tmpl) == NULL)
    return;

  templates_dir = g_path_get_dirname (herald_template_get_directory (tmpl));
  library_dir = g_path_get_dirname (templates_dir);
  path = g_build_filename (library_dir, "herald.json", NULL);
  if (g_stat (path, &st) != 0)
    return;

  G_LOCK (sender_cache);
  if (sender_cache == NULL)
    sender_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sender_cache_entry_free);
  entry = g_hash_table_lookup (sender_cache, path);
  if (entry != NULL && entry->mtime == (gint64) st.st_mtime)
    {
      g_free (*email);
      g_free (*name);
      *email = g_strdup (entry->email);
      *name = g_strdup (entry->name);
      G_UNLOCK (sender_cache);
      return;
    }
  G_UNLOCK (sender_cache);

  root = herald_json_parse_file (path, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  {
    JsonObject *object = json_node_get_object (root);
    JsonNode *from = json_object_get_member (object, "from");

    if (from != NULL && JSON_NODE_HOLDS_OBJECT (from))
      {
        JsonObject *from_object = json_node_get_object (from);

        g_free (*email);
        g_free (*name);
        *email = g_strdup (
            herald_json_object_get_string_or (from_object, "email", "alerts@example.com"));
        *name = g_strdup (herald_json_object_get_string_or (from_object, "name", ""));
      }
  }

  entry = g_new0 (SenderCacheEntry, 1);
  entry->mtime = st.st_mtime;
  entry->email = g_strdup (*email);
  entry->name = g_strdup (*name);
  G_LOCK (sender_cache);
  g_hash_table_replace (sender_cache, g_strdup (path), entry);
  G_UNLOCK (sender_cache);
}

static JsonObject *
address_object (gint64 id, const char *email, const char *name)
{
  JsonObject *object = json_object_new ();
  const char *at = strchr (email, '@');

  json_object_set_int_member (object, "ID", id);
  json_object_set_string_member (object, "email", email);
  if (at != NULL)
    {
      g_autofree char *local = g_strndup (email, at - email);

      json_object_set_string_member (object, "local_part", local);
      json_object_set_string_member (object, "domain", at + 1);
    }
  else
    {
      json_object_set_string_member (object, "local_part", email);
      json_object_set_string_member (object, "domain", "");
    }
  json_object_set_string_member (object, "name", name);
  return object;
}

G_LOCK_DEFINE_STATIC (predefined);

/* The address objects made last, which the mj: values of every template share: nearly all
 * contexts have the library's sender and the stand-in contact. */
#define N_SHARED_ADDRESSES 4

typedef struct
{
  char *email;
  char *name;
  JsonObject *object;
} SharedAddress;

static SharedAddress shared_addresses[N_SHARED_ADDRESSES];
static guint shared_addresses_next;

/* A new reference to the address object of email and name. Called with the lock held. */
static JsonObject *
shared_address_object (const char *email, const char *name)
{
  SharedAddress *slot;

  for (guint i = 0; i < N_SHARED_ADDRESSES; i++)
    if (shared_addresses[i].object != NULL && g_str_equal (shared_addresses[i].email, email) &&
        g_str_equal (shared_addresses[i].name, name))
      return json_object_ref (shared_addresses[i].object);

  slot = &shared_addresses[shared_addresses_next];
  shared_addresses_next = (shared_addresses_next + 1) % N_SHARED_ADDRESSES;
  g_free (slot->email);
  g_free (slot->name);
  g_clear_pointer (&slot->object, json_object_unref);
  slot->email = g_strdup (email);
  slot->name = g_strdup (name);
  slot->object = address_object (1, email, name);
  return json_object_ref (slot->object);
}

/* Stand-ins: the real links are made by Mailjet per message. */
static const struct
{
  const char *name;
  const char *url;
} stand_in_links[] = {
  { "unsub_link", "https://example.com/unsubscribe" },
  { "share_twitter", "https://example.com/share/twitter" },
  { "share_google", "https://example.com/share/google" },
  { "share_facebook", "https://example.com/share/facebook" },
  { "share_linkedin", "https://example.com/share/linkedin" },
};

/* The values every mj: object has, made once and shared by them all (json-glib counts a
 * node's references atomically): a template's objects are made anew for each template. */
static JsonNode *stand_in_nodes[G_N_ELEMENTS (stand_in_links)];
static JsonNode *template_id_node;

/* Called with the lock held. */
static void
ensure_shared_nodes (void)
{
  if (template_id_node != NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (stand_in_links); i++)
    stand_in_nodes[i] = json_node_init_string (json_node_alloc (), stand_in_links[i].url);
  template_id_node = json_node_init_int (json_node_alloc (), 1);
}

/* Every mj: value, from what tells one context's apart: the template's name, the contact and
 * the sender. Called with the lock held. */
static JsonObject *
build_predefined (const char *template_name,
                  const char *contact_email,
                  const char *contact_name,
                  const char *sender_email,
                  const char *sender_name)
{
  JsonObject *predefined = json_object_new ();
  JsonObject *template_object = json_object_new ();
  g_autofree char *copyright = g_strconcat ("© ", sender_name, NULL);

  ensure_shared_nodes ();
  json_object_set_object_member (predefined, "contact",
                                 shared_address_object (contact_email, contact_name));
  json_object_set_object_member (predefined, "sender",
                                 shared_address_object (sender_email, sender_name));
  json_object_set_member (template_object, "ID", json_node_ref (template_id_node));
  json_object_set_string_member (template_object, "name", template_name);
  json_object_set_string_member (template_object, "copyright", copyright);
  json_object_set_object_member (predefined, "template", template_object);
  for (guint i = 0; i < G_N_ELEMENTS (stand_in_links); i++)
    json_object_set_member (predefined, stand_in_links[i].name, json_node_ref (stand_in_nodes[i]));
  return predefined;
}

/* Points member of predefined at the shared address object of email and name, unless it is
 * that one already. Called with the lock held. */
static void
refill_address (JsonObject *predefined, const char *member, const char *email, const char *name)
{
  JsonObject *address = shared_address_object (email, name);

  if (json_node_get_object (json_object_get_member (predefined, member)) == address)
    json_object_unref (address);
  else
    json_object_set_object_member (predefined, member, address);
}

/* Gives an object of build_predefined() that no context holds any more the values
 * build_predefined() gives for these strings, its members staying in their order: a
 * library's lint makes the mj: values of every template twice (its own checks' and its
 * translations'), and changing the three that differ costs half of making and freeing them
 * all. Called with the lock held. */
static void
refill_predefined (JsonObject *predefined,
                   const char *template_name,
                   const char *contact_email,
                   const char *contact_name,
                   const char *sender_email,
                   const char *sender_name)
{
  JsonObject *template_object =
      json_node_get_object (json_object_get_member (predefined, "template"));
  g_autofree char *copyright = g_strconcat ("© ", sender_name, NULL);

  refill_address (predefined, "contact", contact_email, contact_name);
  refill_address (predefined, "sender", sender_email, sender_name);
  /* The nodes themselves take the new strings: a member replaced costs several times more. */
  json_node_set_string (json_object_get_member (template_object, "name"), template_name);
  json_node_set_string (json_object_get_member (template_object, "copyright"), copyright);
}

/* The mj: values made last, shared by the contexts of one template's scenarios that need the
 * same ones (most scenarios have no contact of their own, and a context only reads them).
 * json-glib counts an object's references without atomics: they are taken and dropped under
 * the lock. */
#define N_SHARED_PREDEFINED 4
#define N_KEY_STRINGS 6

typedef struct
{
  char *key; /* the template's id and the strings that made object, each with its NUL */
  gsize key_length;
  JsonObject *object;
  guint users; /* the contexts holding object */
} SharedPredefined;

static SharedPredefined shared_predefined[N_SHARED_PREDEFINED];
static guint shared_predefined_next;

static char *
predefined_key (const char *const strings[N_KEY_STRINGS], gsize *length)
{
  gsize lengths[N_KEY_STRINGS];
  gsize total = 0;
  char *key;
  char *p;

  for (guint i = 0; i < N_KEY_STRINGS; i++)
    total += (lengths[i] = strlen (strings[i])) + 1;
  p = key = g_malloc (total);
  for (guint i = 0; i < N_KEY_STRINGS; i++)
    {
      memcpy (p, strings[i], lengths[i] + 1);
      p += lengths[i] + 1;
    }
  *length = total;
  return key;
}

/* A new reference, for a context, to the shared object made from key, or NULL. Called with
 * the lock held. */
static JsonObject *
shared_predefined_find (const char *key, gsize key_length)
{
  for (guint i = 0; i < N_SHARED_PREDEFINED; i++)
    if (shared_predefined[i].object != NULL && shared_predefined[i].key_length == key_length &&
        memcmp (shared_predefined[i].key, key, key_length) == 0)
      {
        shared_predefined[i].users++;
        return json_object_ref (shared_predefined[i].object);
      }
  return NULL;
}

/* The slot of the oldest shared object, to be given key: its object, when no context holds
 * it, is kept for refill_predefined(); otherwise the slot is left empty. Called with the lock
 * held. */
static SharedPredefined *
shared_predefined_take_oldest (char *key, gsize key_length)
{
  SharedPredefined *slot;

  slot = &shared_predefined[shared_predefined_next];
  shared_predefined_next = (shared_predefined_next + 1) % N_SHARED_PREDEFINED;
  g_free (slot->key);
  if (slot->users > 0)
    g_clear_pointer (&slot->object, json_object_unref);
  slot->key = key;
  slot->key_length = key_length;
  slot->users = 0;
  return slot;
}

/* The mj: values of a context, shared or made. */
static JsonObject *
predefined_for (HeraldTemplate *tmpl, const char *template_id, JsonObject *scenario_root)
{
  const char *contact_email = "recipient@example.com";
  const char *contact_name = "Alex Martin";
  g_autofree char *sender_email = NULL;
  g_autofree char *sender_name = NULL;
  g_autofree char *key = NULL;
  const char *template_name = template_id != NULL ? template_id : "";
  const char *strings[N_KEY_STRINGS];
  JsonObject *object;
  gsize key_length;
  JsonNode *contact;

  if (scenario_root != NULL &&
      (contact = json_object_get_member (scenario_root, "contact")) != NULL &&
      JSON_NODE_HOLDS_OBJECT (contact))
    {
      JsonObject *contact_object = json_node_get_object (contact);

      contact_email = herald_json_object_get_string_or (contact_object, "email", contact_email);
      contact_name = herald_json_object_get_string_or (contact_object, "name", contact_name);
    }
  lookup_sender (tmpl, &sender_email, &sender_name);
  if (tmpl != NULL && herald_template_get_name (tmpl) != NULL)
    template_name = herald_template_get_name (tmpl);

  strings[0] = template_id != NULL ? template_id : "";
  strings[1] = template_name;
  strings[2] = contact_email;
  strings[3] = contact_name;
  strings[4] = sender_email;
  strings[5] = sender_name;
  key = predefined_key (strings, &key_length);

  G_LOCK (predefined);
  object = shared_predefined_find (key, key_length);
  if (object == NULL)
    {
      SharedPredefined *slot = shared_predefined_take_oldest (g_steal_pointer (&key), key_length);

      if (slot->object != NULL)
        refill_predefined (slot->object, template_name, contact_email, contact_name, sender_email,
                           sender_name);
      else
        slot->object = build_predefined (template_name, contact_email, contact_name, sender_email,
                                         sender_name);
      slot->users = 1;
      object = json_object_ref (slot->object);
    }
  G_UNLOCK (predefined);
  return object;
}

static void
predefined_release (JsonObject *object)
{
  G_LOCK (predefined);
  /* Not found when its slot went to other strings while the context held it. */
  for (guint i = 0; i < N_SHARED_PREDEFINED; i++)
    if (shared_predefined[i].object == object)
      shared_predefined[i].users--;
  json_object_unref (object);
  G_UNLOCK (predefined);
}

static gint64
days_ago (JsonObject *activity, const char *member)
{
  JsonNode *node;

  if (activity == NULL || (node = json_object_get_member (activity, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return MAX (json_node_get_int (node), 0);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) MAX (json_node_get_double (node), 0);
  return -1;
}

HeraldRenderContext *
herald_render_context_new (HeraldTemplate *tmpl,
                           const char *template_id,
                           HeraldScenario *scenario,
                           GError **error)
{
  return herald_render_context_new_for_locale (tmpl, template_id, scenario, NULL, error);
}

HeraldRenderContext *
herald_render_context_new_for_locale (HeraldTemplate *tmpl,
                                      const char *template_id,
                                      HeraldScenario *scenario,
                                      const char *locale,
                                      GError **error)
{
  HeraldRenderContext *self;
  JsonObject *root = NULL;
  JsonObject *activity = NULL;

  g_return_val_if_fail (tmpl == NULL || HERALD_IS_TEMPLATE (tmpl), NULL);
  g_return_val_if_fail (scenario == NULL || HERALD_IS_SCENARIO (scenario), NULL);

  if (template_id == NULL && tmpl != NULL)
    template_id = herald_template_get_id (tmpl);

  self = g_new0 (HeraldRenderContext, 1);
  herald_tl_context_init (&self->tl);

  if (scenario != NULL)
    {
      JsonNode *node;

      self->scenario = g_object_ref (scenario);
      root = herald_scenario_get_root (scenario, error);
      if (root == NULL)
        goto failed;
      self->variables = herald_scenario_dup_variables_for_locale (scenario, locale, error);
      if (self->variables == NULL)
        goto failed;
      self->tl.variables = self->variables;
      self->tl.data = herald_scenario_get_data (scenario, NULL);
      node = json_object_get_member (root, "segments");
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        self->tl.segments = json_node_get_object (node);
      node = json_object_get_member (root, "activity");
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        activity = json_node_get_object (node);
    }

  self->tl.opened_days_ago = days_ago (activity, "openedDaysAgo");
  self->tl.clicked_days_ago = days_ago (activity, "clickedDaysAgo");
  self->predefined = predefined_for (tmpl, template_id, root);
  self->tl.predefined = self->predefined;
  return self;

failed:
  herald_render_context_free (self);
  return NULL;
}

gboolean
herald_render_context_set_locale (HeraldRenderContext *self, const char *locale, GError **error)
{
  JsonObject *variables;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->scenario == NULL)
    return TRUE;
  variables = herald_scenario_dup_variables_for_locale (self->scenario, locale, error);
  if (variables == NULL)
    return FALSE;
  g_clear_pointer (&self->variables, json_object_unref);
  self->variables = variables;
  self->tl.variables = variables;
  return TRUE;
}

const HeraldTlContext *
herald_render_context_get_tl (HeraldRenderContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->tl;
}

HeraldTlContext *
herald_render_context_get_tl_mutable (HeraldRenderContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->tl;
}

void
herald_render_context_free (HeraldRenderContext *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->predefined, predefined_release);
  g_clear_pointer (&self->variables, json_object_unref);
  g_clear_object (&self->scenario);
  g_free (self);
}

/* Rendering */

HeraldDiagnostic *
herald_render_error_to_diagnostic (const GError *error,
                                   const HeraldTlLocation *location,
                                   const char *template_id,
                                   HeraldPart part,
                                   HeraldScenario *scenario)
{
  HeraldDiagnostic *diagnostic;
  gboolean syntax;

  g_return_val_if_fail (error != NULL, NULL);

  syntax = error->domain == HERALD_TL_ERROR && error->code == HERALD_TL_ERROR_SYNTAX;
  diagnostic =
      herald_diagnostic_new (syntax ? "syntax-error" : "evaluation-error", HERALD_SEVERITY_ERROR,
                             template_id, NULL, part, location != NULL ? location->line : 0,
                             location != NULL ? location->column : 0, error->message);
  if (!syntax && scenario != NULL)
    herald_diagnostic_set_scenario_id (diagnostic, herald_scenario_get_id (scenario));
  return diagnostic;
}

static char *
render_part (const char *source,
             HeraldPart part,
             const char *template_id,
             HeraldRenderContext *context,
             HeraldScenario *scenario,
             HeraldDiagnostic **error_diagnostic,
             GError **error)
{
  g_autoptr (HeraldTlTemplate) tree = NULL;
  g_autoptr (GError) local_error = NULL;
  HeraldTlLocation location = { 0 };
  GString *out;

  tree = herald_tl_template_parse_cached (source != NULL ? source : "", &location, &local_error);
  if (tree != NULL)
    {
      gsize length;

      herald_tl_template_get_source (tree, &length);
      out = g_string_sized_new (length + length / 4 + 16);
      if (herald_tl_template_render (tree, herald_render_context_get_tl (context), out, &location,
                                     &local_error))
        return g_string_free (out, FALSE);
      g_string_free (out, TRUE);
    }

  if (error_diagnostic != NULL)
    *error_diagnostic =
        herald_render_error_to_diagnostic (local_error, &location, template_id, part, scenario);
  /* Translators: the first placeholder is the name of a template part as the library files
   * write it (subject, preheader, html or text), the last one what is wrong there. */
  g_set_error (error, local_error->domain, local_error->code, _ ("%s, line %u, column %u: %s"),
               herald_part_to_string (part), location.line, location.column, local_error->message);
  return NULL;
}

static HeraldDiagnostic *
scenario_diagnostic (const GError *error, const char *template_id, HeraldScenario *scenario)
{
  HeraldDiagnostic *diagnostic;

  diagnostic = herald_diagnostic_new ("evaluation-error", HERALD_SEVERITY_ERROR, template_id, NULL,
                                      HERALD_PART_HTML, 0, 0, error->message);
  if (scenario != NULL)
    herald_diagnostic_set_scenario_id (diagnostic, herald_scenario_get_id (scenario));
  return diagnostic;
}

/* The context a render needs; when the scenario cannot give one, the error is also said as
 * a diagnostic on the scenario. */
static HeraldRenderContext *
context_or_diagnostic (HeraldTemplate *tmpl,
                       const char *template_id,
                       HeraldScenario *scenario,
                       const char *locale,
                       HeraldDiagnostic **error_diagnostic,
                       GError **error)
{
  g_autoptr (GError) local_error = NULL;
  HeraldRenderContext *context =
      herald_render_context_new_for_locale (tmpl, template_id, scenario, locale, &local_error);

  if (context == NULL)
    {
      if (error_diagnostic != NULL)
        *error_diagnostic = scenario_diagnostic (local_error, template_id, scenario);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return context;
}

char *
herald_render_source (const char *source,
                      HeraldPart part,
                      const char *template_id,
                      HeraldScenario *scenario,
                      HeraldDiagnostic **error_diagnostic,
                      GError **error)
{
  return herald_render_source_for_locale (source, part, template_id, scenario, NULL,
                                          error_diagnostic, error);
}

char *
herald_render_source_for_locale (const char *source,
                                 HeraldPart part,
                                 const char *template_id,
                                 HeraldScenario *scenario,
                                 const char *locale,
                                 HeraldDiagnostic **error_diagnostic,
                                 GError **error)
{
  g_autoptr (HeraldRenderContext) context = NULL;

  g_return_val_if_fail (scenario == NULL || HERALD_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (error_diagnostic == NULL || *error_diagnostic == NULL, NULL);

  context = context_or_diagnostic (NULL, template_id, scenario, locale, error_diagnostic, error);
  if (context == NULL)
    return NULL;
  return render_part (source, part, template_id, context, scenario, error_diagnostic, error);
}

/* sources holds the four parts to render, or is NULL for the template's own. */
static HeraldRendered *
render_sources (HeraldTemplate *tmpl,
                const char *const *sources,
                HeraldScenario *scenario,
                const char *locale,
                HeraldDiagnostic **error_diagnostic,
                GError **error)
{
  g_autoptr (HeraldRenderContext) context = NULL;
  g_autoptr (HeraldRendered) rendered = NULL;
  const char *template_id;
  char **slots[N_PARTS];

  g_return_val_if_fail (HERALD_IS_TEMPLATE (tmpl), NULL);
  g_return_val_if_fail (scenario == NULL || HERALD_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (error_diagnostic == NULL || *error_diagnostic == NULL, NULL);

  template_id = herald_template_get_id (tmpl);
  context = context_or_diagnostic (tmpl, template_id, scenario, locale, error_diagnostic, error);
  if (context == NULL)
    return NULL;

  rendered = g_new0 (HeraldRendered, 1);
  slots[HERALD_PART_SUBJECT] = &rendered->subject;
  slots[HERALD_PART_PREHEADER] = &rendered->preheader;
  slots[HERALD_PART_HTML] = &rendered->html;
  slots[HERALD_PART_TEXT] = &rendered->text;

  for (guint part = 0; part < N_PARTS; part++)
    {
      const char *source = sources ? sources[part] : herald_template_get_part (tmpl, part);

      *slots[part] =
          render_part (source, part, template_id, context, scenario, error_diagnostic, error);
      if (*slots[part] == NULL)
        return NULL;
    }

  return g_steal_pointer (&rendered);
}

HeraldRendered *
herald_render_template (HeraldTemplate *tmpl,
                        HeraldScenario *scenario,
                        HeraldDiagnostic **error_diagnostic,
                        GError **error)
{
  return render_sources (tmpl, NULL, scenario, NULL, error_diagnostic, error);
}

HeraldRendered *
herald_render_localized (HeraldTemplate *tmpl,
                         HeraldLocalizedTemplate *localized,
                         HeraldScenario *scenario,
                         HeraldDiagnostic **error_diagnostic,
                         GError **error)
{
  const char *sources[N_PARTS];

  g_return_val_if_fail (localized != NULL, NULL);

  for (guint part = 0; part < N_PARTS; part++)
    sources[part] = herald_localized_template_get_part (localized, part);

  return render_sources (tmpl, sources, scenario, herald_localized_template_get_locale (localized),
                         error_diagnostic, error);
}
