/* vcr-cassette.c: just enough YAML to read the VCR cassettes in
 * tests/data/mailjet-recordings, for the conformance and Sandbox-recordings tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vcr-cassette.h"

void
vcr_interaction_free (VcrInteraction *interaction)
{
  g_free (interaction->method);
  g_free (interaction->uri);
  g_free (interaction->request_body);
  g_free (interaction->content_type);
  g_free (interaction->response_body);
  g_free (interaction);
}

/* ---------------------------------------------------------------------------------------- */
/* Just enough YAML for VCR cassettes: block mappings, "- " sequences and the three scalar
 * styles VCR writes (plain, single- and double-quoted with folding, literal "|").         */

static guint
indent_of (const char *line)
{
  guint n = 0;

  while (line[n] == ' ')
    n++;
  return n;
}

static gboolean
is_blank (const char *line)
{
  return line[indent_of (line)] == '\0';
}

static void
append_escape (GString *out, const char **p)
{
  const char *s = *p; /* at the character after the backslash */

  switch (*s)
    {
    case 'n':
      g_string_append_c (out, '\n');
      break;
    case 'r':
      g_string_append_c (out, '\r');
      break;
    case 't':
      g_string_append_c (out, '\t');
      break;
    case '0':
      g_string_append_c (out, '\0');
      break;
    case 'u':
    case 'x':
      {
        int digits = *s == 'u' ? 4 : 2;
        g_autofree char *hex = g_strndup (s + 1, digits);

        g_string_append_unichar (out, (gunichar) g_ascii_strtoull (hex, NULL, 16));
        s += digits;
      }
      break;
    default:
      g_string_append_c (out, *s); /* \" \\ \/ and friends */
      break;
    }
  *p = s + 1;
}

/* A quoted scalar starting at text (just after the opening quote), possibly over several
 * lines; line breaks fold to one space, blank lines to "\n". */
static char *
parse_quoted (char **lines, guint *i, const char *text, char quote)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *p = text;

  for (;;)
    {
      gboolean escaped_break = FALSE;
      guint blanks = 0;

      while (*p != '\0')
        {
          if (quote == '\'' && *p == '\'')
            {
              if (p[1] == '\'')
                {
                  g_string_append_c (out, '\'');
                  p += 2;
                  continue;
                }
              return g_string_free (g_steal_pointer (&out), FALSE);
            }
          if (quote == '"' && *p == '"')
            return g_string_free (g_steal_pointer (&out), FALSE);
          if (quote == '"' && *p == '\\')
            {
              if (p[1] == '\0')
                {
                  escaped_break = TRUE;
                  p++;
                  break;
                }
              p++;
              append_escape (out, &p);
              continue;
            }
          g_string_append_c (out, *p++);
        }

      /* Fold to the next non-blank line. */
      if (!escaped_break)
        while (out->len > 0 && out->str[out->len - 1] == ' ')
          g_string_truncate (out, out->len - 1);
      do
        {
          (*i)++;
          if (lines[*i] == NULL)
            return g_string_free (g_steal_pointer (&out), FALSE);
        }
      while (is_blank (lines[*i]) && ++blanks);
      if (blanks > 0)
        for (guint b = 0; b < blanks; b++)
          g_string_append_c (out, '\n');
      else if (!escaped_break)
        g_string_append_c (out, ' ');
      p = lines[*i] + indent_of (lines[*i]);
    }
}

static char *
parse_literal (char **lines, guint *i, guint key_indent, gboolean keep_last_newline)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint block_indent = 0;

  while (lines[*i + 1] != NULL &&
         (is_blank (lines[*i + 1]) || indent_of (lines[*i + 1]) > key_indent))
    {
      const char *line = lines[++(*i)];

      if (block_indent == 0 && !is_blank (line))
        block_indent = indent_of (line);
      g_string_append (out, strlen (line) > block_indent ? line + block_indent : "");
      g_string_append_c (out, '\n');
    }
  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  if (keep_last_newline && out->len > 0)
    g_string_append_c (out, '\n');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
vcr_parse_scalar (char **lines, guint *i, const char *rest, guint key_indent)
{
  while (*rest == ' ')
    rest++;
  if (*rest == '\'' || *rest == '"')
    return parse_quoted (lines, i, rest + 1, *rest);
  if (g_str_has_prefix (rest, "|"))
    return parse_literal (lines, i, key_indent, rest[1] != '-');
  return g_strstrip (g_strdup (rest));
}

GPtrArray *
vcr_cassette_load (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) interactions =
      g_ptr_array_new_with_free_func ((GDestroyNotify) vcr_interaction_free);
  VcrInteraction *current = NULL;
  gboolean in_response = FALSE;
  const char *block = "";

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      guint indent = indent_of (line);
      const char *key = line + indent;

      if (g_str_has_prefix (line, "- request:"))
        {
          current = g_new0 (VcrInteraction, 1);
          g_ptr_array_add (interactions, current);
          in_response = FALSE;
          continue;
        }
      if (current == NULL)
        continue;
      if (indent == 2 && g_str_has_prefix (key, "response:"))
        in_response = TRUE;
      else if (indent == 4 && strchr (key, ':') != NULL)
        {
          block = g_str_has_prefix (key, "body:")      ? "body"
                  : g_str_has_prefix (key, "headers:") ? "headers"
                  : g_str_has_prefix (key, "status:")  ? "status"
                                                       : "";
          if (!in_response && g_str_has_prefix (key, "method:"))
            {
              g_autofree char *method = g_strstrip (g_strdup (key + 7));

              current->method = g_ascii_strup (method, -1);
            }
          else if (!in_response && g_str_has_prefix (key, "uri:"))
            current->uri = vcr_parse_scalar (lines, &i, key + 4, indent);
        }
      else if (indent == 6 && g_str_equal (block, "body") && g_str_has_prefix (key, "string:"))
        {
          char *value = vcr_parse_scalar (lines, &i, key + 7, indent);

          if (in_response)
            current->response_body = value;
          else
            current->request_body = value;
        }
      else if (indent == 6 && in_response && g_str_equal (block, "status") &&
               g_str_has_prefix (key, "code:"))
        current->status = (guint) g_ascii_strtoull (key + 5, NULL, 10);
      else if (indent == 6 && in_response && g_str_equal (block, "headers") &&
               g_ascii_strncasecmp (key, "Content-Type:", 13) == 0 && lines[i + 1] != NULL)
        {
          const char *value = lines[i + 1] + indent_of (lines[i + 1]);

          if (g_str_has_prefix (value, "- "))
            current->content_type = vcr_parse_scalar (lines, &i, value + 2, indent);
        }
    }

  for (guint n = 0; n < interactions->len; n++)
    {
      VcrInteraction *it = g_ptr_array_index (interactions, n);

      if (it->method == NULL || it->uri == NULL || it->status == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: interaction %u lacks a method, URI or status", path, n);
          return NULL;
        }
    }
  return g_steal_pointer (&interactions);
}
