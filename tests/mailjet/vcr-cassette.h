/* vcr-cassette.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One recorded exchange; the method is upper case. */
typedef struct
{
  char *method;
  char *uri;
  char *request_body;
  guint status;
  char *content_type;
  char *response_body;
} VcrInteraction;

void vcr_interaction_free (VcrInteraction *interaction);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VcrInteraction, vcr_interaction_free)

/* The interactions of a cassette, in order; an error when one lacks a method, URI or status. */
GPtrArray *vcr_cassette_load (const char *path, GError **error);

/* One scalar (plain, 'single', "double" with folding, or a | block) starting at rest on
 * lines[*i], whose key is indented key_indent; *i ends on its last line. */
char *vcr_parse_scalar (char **lines, guint *i, const char *rest, guint key_indent);

G_END_DECLS
