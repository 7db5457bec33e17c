/* herald-client-support.h: which email clients support which HTML and CSS features, from
 * the caniemail snapshot compiled into Herald (data/caniemail/).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  HERALD_SUPPORT_YES,
  HERALD_SUPPORT_PARTIAL,
  HERALD_SUPPORT_NO,
  HERALD_SUPPORT_UNKNOWN,
} HeraldSupport;

/* What in a template can use a feature. */
typedef enum
{
  HERALD_FEATURE_ELEMENT,
  HERALD_FEATURE_ATTRIBUTE,
  HERALD_FEATURE_PROPERTY,
  HERALD_FEATURE_AT_RULE,
  HERALD_FEATURE_MEDIA_FEATURE,
  HERALD_FEATURE_FUNCTION,
  HERALD_FEATURE_VALUE, /* "property:value", e.g. "display:flex" */
} HeraldFeatureKind;

typedef struct _HeraldClientSupport HeraldClientSupport;
typedef struct _HeraldFeature HeraldFeature;

/* Loaded once from the compiled-in snapshot; owned by Herald, never NULL. */
HeraldClientSupport *herald_client_support_get_default (void);

/* The clients checked when a library names none (family.platform, as caniemail names them). */
const char *const *herald_client_support_get_default_clients (void);

guint herald_client_support_get_n_features (HeraldClientSupport *self);
guint herald_client_support_get_n_clients (HeraldClientSupport *self);
/* All client names, sorted. */
const char *const *herald_client_support_get_clients (HeraldClientSupport *self);
const char *herald_client_support_get_version (HeraldClientSupport *self);
const char *herald_client_support_get_snapshot_date (HeraldClientSupport *self);
gboolean herald_client_support_has_client (HeraldClientSupport *self, const char *client);
/* "Outlook Windows" for "outlook.windows". */
char *herald_client_support_dup_client_label (HeraldClientSupport *self, const char *client);
/* The same, of the client at that index in herald_client_support_get_clients(), made once
 * per run and owned by the snapshot: the checks name the same clients in many findings. */
const char *herald_client_support_get_client_label (HeraldClientSupport *self, gint client);

/* "Outlook" and "Windows" for "outlook.windows"; NULL when the snapshot has no label. Owned
 * by the snapshot. */
const char *herald_client_support_get_family_label (HeraldClientSupport *self, const char *client);
const char *herald_client_support_get_platform_label (HeraldClientSupport *self,
                                                      const char *client);

/* The features a name of that kind uses (lowercase), or NULL. Not owned. */
GPtrArray *
herald_client_support_lookup (HeraldClientSupport *self, HeraldFeatureKind kind, const char *name);

/* Whether some HERALD_FEATURE_VALUE name starts with "property:" (property lowercase). */
gboolean herald_client_support_has_values (HeraldClientSupport *self, const char *property);

/* From 0 to herald_client_support_get_n_features() - 1: the checks keep what they find on
 * each feature in an array. */
guint herald_feature_get_index (const HeraldFeature *feature);
const char *herald_feature_get_slug (const HeraldFeature *feature);
const char *herald_feature_get_title (const HeraldFeature *feature);
const char *herald_feature_get_url (const HeraldFeature *feature);
/* notes (nullable) receives caniemail's notes for that client, joined; free with g_free. */
HeraldSupport
herald_feature_get_support (const HeraldFeature *feature, const char *client, char **notes);
/* Each of caniemail's notes for that client (its "#N"s), in order; never NULL. */
char **herald_feature_dup_notes (const HeraldFeature *feature, const char *client);

/* The index of client in herald_client_support_get_clients(), -1 when the snapshot does not
 * know it. */
gint herald_client_support_find_client (HeraldClientSupport *self, const char *client);
/* herald_feature_get_support() and herald_feature_dup_notes() of the client at that index
 * (-1: unknown), read from the snapshot once per run; notes is owned by the snapshot. The
 * checks ask this for every feature a template uses, in every client. */
HeraldSupport herald_feature_get_support_at (const HeraldFeature *feature,
                                             HeraldClientSupport *support,
                                             gint client,
                                             const char *const **notes);

/* What herald_feature_get_support_at() answers for a client, kept for the run. */
typedef struct
{
  HeraldSupport support;
  char **notes; /* herald_feature_dup_notes() */
} HeraldClientAnswer;

/* The answers on the feature by client index, each NULL until herald_feature_get_support_at()
 * is first asked for that client (read them with g_atomic_pointer_get()): the checks read
 * each one for a dozen clients in every template, without a call. */
const HeraldClientAnswer *const *herald_feature_get_answers (const HeraldFeature *feature);

G_END_DECLS
