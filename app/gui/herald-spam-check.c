/* herald-spam-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-spam-check"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "herald-spam-check.h"

G_DEFINE_QUARK (herald-spam-check-error-quark, herald_spam_check_error);
G_DEFINE_BOXED_TYPE (HeraldSpamReport,
                     herald_spam_report,
                     herald_spam_report_copy,
                     herald_spam_report_free)

static void
spam_rule_free (gpointer data)
{
  HeraldSpamRule *rule = data;

  g_free (rule->name);
  g_free (rule->description);
  g_free (rule);
}

static HeraldSpamReport *
spam_report_new (void)
{
  HeraldSpamReport *self = g_new0 (HeraldSpamReport, 1);

  self->rules = g_ptr_array_new_with_free_func (spam_rule_free);
  return self;
}

HeraldSpamReport *
herald_spam_report_copy (const HeraldSpamReport *self)
{
  HeraldSpamReport *copy = spam_report_new ();

  copy->score = self->score;
  copy->required = self->required;
  for (guint i = 0; i < self->rules->len; i++)
    {
      const HeraldSpamRule *rule = g_ptr_array_index (self->rules, i);
      HeraldSpamRule *rule_copy = g_new0 (HeraldSpamRule, 1);

      rule_copy->points = rule->points;
      rule_copy->name = g_strdup (rule->name);
      rule_copy->description = g_strdup (rule->description);
      g_ptr_array_add (copy->rules, rule_copy);
    }

  return copy;
}

void
herald_spam_report_free (HeraldSpamReport *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->rules);
  g_free (self);
}

/* SpamAssassin prints numbers with a dot whatever the locale. */
static gboolean
parse_number (const char *text, double *value, const char **end)
{
  char *stop = NULL;

  *value = g_ascii_strtod (text, &stop);
  if (stop == text)
    return FALSE;
  if (end != NULL)
    *end = stop;
  return TRUE;
}

static gboolean
parse_rule_line (const char *line, HeraldSpamReport *report)
{
  g_auto (GStrv) fields = NULL;
  HeraldSpamRule *rule;
  const char *rest;
  double points;
  const char *p = line;

  while (*p == ' ')
    p++;

  /* A line that does not start with points continues the previous description. */
  if (!parse_number (p, &points, &rest) || (*rest != ' ' && *rest != '\0'))
    {
      HeraldSpamRule *last;
      g_autofree char *joined = NULL;

      if (report->rules->len == 0 || *p == '\0')
        return FALSE;
      last = g_ptr_array_index (report->rules, report->rules->len - 1);
      joined = g_strconcat (last->description, " ", g_strstrip (g_strdup (p)), NULL);
      g_free (last->description);
      last->description = g_steal_pointer (&joined);
      return TRUE;
    }

  while (*rest == ' ')
    rest++;
  fields = g_strsplit_set (rest, " ", 2);
  if (fields[0] == NULL || fields[0][0] == '\0')
    return FALSE;

  rule = g_new0 (HeraldSpamRule, 1);
  rule->points = points;
  rule->name = g_strdup (fields[0]);
  rule->description = g_strstrip (g_strdup (fields[1] != NULL ? fields[1] : ""));
  g_ptr_array_add (report->rules, rule);
  return TRUE;
}

/* Reads the report that `spamassassin -t` appends to the message:
 *
 *   Content analysis details:   (-0.0 points, 5.0 required)
 *
 *    pts rule name              description
 *   ---- ---------------------- ------------------------------------------
 *   -0.0 NO_RELAYS              Informational: message was not relayed via SMTP
 */
HeraldSpamReport *
herald_spam_report_parse (const char *output, GError **error)
{
  g_autoptr (HeraldSpamReport) report = spam_report_new ();
  g_auto (GStrv) lines = NULL;
  const char *details;
  const char *p;
  gboolean in_table = FALSE;

  g_return_val_if_fail (output != NULL, NULL);

  details = strstr (output, "Content analysis details:");
  if (details == NULL || (p = strchr (details, '(')) == NULL ||
      !parse_number (p + 1, &report->score, &p) || (p = strstr (p, "points,")) == NULL ||
      !parse_number (p + strlen ("points,"), &report->required, NULL))
    {
      g_set_error (error, HERALD_SPAM_CHECK_ERROR, HERALD_SPAM_CHECK_ERROR_FAILED,
                   _ ("SpamAssassin did not produce a report Herald can read."));
      return NULL;
    }

  lines = g_strsplit (details, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "----"))
        {
          in_table = TRUE;
          continue;
        }
      if (!in_table)
        continue;
      if (!parse_rule_line (lines[i], report))
        break;
    }

  return g_steal_pointer (&report);
}

char *
herald_spam_check_find_program (void)
{
  return g_find_program_in_path ("spamassassin");
}

static void
communicate_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GSubprocess *subprocess = G_SUBPROCESS (object);
  g_autoptr (GTask) task = user_data;
  g_autoptr (GBytes) stdout_bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *output = NULL;
  HeraldSpamReport *report;
  gsize size;
  const char *data;

  if (!g_subprocess_communicate_finish (subprocess, result, &stdout_bytes, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_bytes_get_data (stdout_bytes, &size);
  output = g_strndup (data != NULL ? data : "", size);
  report = herald_spam_report_parse (output, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) herald_spam_report_free);
}

/* Scores the message on this computer only: -L turns off every test that would ask the
 * network (DNS blocklists, Razor, Pyzor), so the email never leaves the machine. */
void
herald_spam_check_async (GBytes *message,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GSubprocess) subprocess = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *program = herald_spam_check_find_program ();

  g_return_if_fail (message != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_spam_check_async);

  if (program == NULL)
    {
      g_task_return_new_error (
          task, HERALD_SPAM_CHECK_ERROR, HERALD_SPAM_CHECK_ERROR_NOT_INSTALLED,
          _ ("SpamAssassin is not installed. Install it with “sudo apt install spamassassin” "
             "(or your distribution’s package) and try again."));
      return;
    }

  subprocess = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                 &error, program, "-L", "-t", NULL);
  if (subprocess == NULL)
    {
      g_task_return_new_error (task, HERALD_SPAM_CHECK_ERROR, HERALD_SPAM_CHECK_ERROR_FAILED,
                               _ ("SpamAssassin could not be started: %s"), error->message);
      return;
    }

  g_subprocess_communicate_async (subprocess, message, cancellable, communicate_cb,
                                  g_steal_pointer (&task));
}

HeraldSpamReport *
herald_spam_check_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
