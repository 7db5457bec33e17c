/* test-spam-check.c: SpamAssassin's report, read and scored locally.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-core.h"
#include "herald-eml-export.h"
#include "herald-render.h"
#include "herald-spam-check.h"

/* The end of a real `spamassassin -L -t` run, with a description that wraps. */
static const char report_output[] =
    "Subject: Hello\n"
    "\n"
    "Hello there.\n"
    "Content preview:  Hello there. \n"
    "\n"
    "Content analysis details:   (2.6 points, 5.0 required)\n"
    "\n"
    " pts rule name              description\n"
    "---- ---------------------- --------------------------------------------------\n"
    "-0.0 NO_RELAYS              Informational: message was not relayed via SMTP\n"
    " 1.5 MISSING_HEADERS        Missing To: header\n"
    " 1.1 HTML_IMAGE_ONLY_08     BODY: HTML: images with 400-800 bytes of words\n"
    "                            and a long tail\n"
    "\n";

static void
test_parse_report (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldSpamReport) report = herald_spam_report_parse (report_output, &error);
  const HeraldSpamRule *rule;

  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (report->score, 2.6, 0.001);
  g_assert_cmpfloat_with_epsilon (report->required, 5.0, 0.001);
  g_assert_cmpuint (report->rules->len, ==, 3);

  rule = g_ptr_array_index (report->rules, 0);
  g_assert_cmpstr (rule->name, ==, "NO_RELAYS");
  g_assert_cmpfloat_with_epsilon (rule->points, 0.0, 0.001);
  g_assert_cmpstr (rule->description, ==, "Informational: message was not relayed via SMTP");

  rule = g_ptr_array_index (report->rules, 1);
  g_assert_cmpstr (rule->name, ==, "MISSING_HEADERS");
  g_assert_cmpfloat_with_epsilon (rule->points, 1.5, 0.001);
  g_assert_cmpstr (rule->description, ==, "Missing To: header");

  rule = g_ptr_array_index (report->rules, 2);
  g_assert_cmpstr (rule->name, ==, "HTML_IMAGE_ONLY_08");
  g_assert_cmpstr (rule->description, ==,
                   "BODY: HTML: images with 400-800 bytes of words and a long tail");
}

static void
test_parse_garbage (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldSpamReport) report =
      herald_spam_report_parse ("spamassassin: command not understood\n", &error);

  g_assert_null (report);
  g_assert_error (error, HERALD_SPAM_CHECK_ERROR, HERALD_SPAM_CHECK_ERROR_FAILED);
}

typedef struct
{
  HeraldSpamReport *report;
  GError *error;
  gboolean done;
} CheckResult;

static void
check_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  CheckResult *check = user_data;

  check->report = herald_spam_check_finish (result, &check->error);
  check->done = TRUE;
}

static HeraldSpamReport *
score (const HeraldRendered *rendered)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) eml = herald_eml_build (rendered, "Ledgerly", "alerts@ledgerly.example",
                                             "recipient@example.com", &error);
  CheckResult check = { NULL, NULL, FALSE };

  g_assert_no_error (error);
  herald_spam_check_async (eml, NULL, check_cb, &check);
  while (!check.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (check.error);
  g_assert_nonnull (check.report);
  return check.report;
}

static gboolean
require_spamassassin (void)
{
  g_autofree char *program = herald_spam_check_find_program ();

  if (program == NULL)
    {
      g_test_fail_printf ("SpamAssassin is not installed (build-aux/dev test installs it)");
      return FALSE;
    }
  return TRUE;
}

static HeraldRendered *
render_sample_alert (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("HERALD_SAMPLES_DIR"), "account-alerts", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLibrary) library = herald_library_load (dir, &error);
  g_autoptr (HeraldScenario) scenario = NULL;
  HeraldTemplate *template;
  HeraldRendered *rendered;

  g_assert_no_error (error);
  template = herald_library_find_template (library, "overdraft-risk");
  g_assert_nonnull (template);
  scenario = g_list_model_get_item (herald_template_get_scenarios (template), 0);
  rendered = herald_render_template (template, scenario, NULL, &error);
  g_assert_no_error (error);

  return rendered;
}

static gboolean
has_rule (const HeraldSpamReport *report, const char *name)
{
  for (guint i = 0; i < report->rules->len; i++)
    if (g_str_equal (((HeraldSpamRule *) g_ptr_array_index (report->rules, i))->name, name))
      return TRUE;
  return FALSE;
}

static void
test_score_sample_and_spam (void)
{
  g_autoptr (HeraldRendered) sample = NULL;
  g_autoptr (HeraldSpamReport) sample_report = NULL;
  g_autoptr (HeraldSpamReport) spam_report = NULL;
  HeraldRendered spammy = {
    .subject = (char *) "FREE CASH!!! You are a WINNER - claim your $1,000,000 PRIZE NOW",
    .preheader = (char *) "100% GUARANTEED, act now",
    .html =
        (char
             *) "<html><body><font color=\"red\" size=\"7\"><b>CONGRATULATIONS WINNER!!!</b></font>"
                "<p>You have been SELECTED to receive a FREE CASH PRIZE of $1,000,000 US DOLLARS. "
                "100% GUARANTEED. No credit check! Lose weight fast, cheap viagra, meet hot "
                "singles, "
                "work from home and earn extra cash. ACT NOW! This is not spam. Limited time "
                "offer, "
                "order now, risk free, satisfaction guaranteed.</p>"
                "<p><a href=\"http://192.168.0.1/claim\">CLICK HERE TO CLAIM YOUR PRIZE</a></p>"
                "<p>To be removed from our mailing list click here.</p></body></html>",
    .text = (char *) "CONGRATULATIONS WINNER!!! FREE CASH PRIZE of $1,000,000. 100% GUARANTEED. "
                     "Cheap viagra. Click here: http://192.168.0.1/claim\n",
  };

  if (!require_spamassassin ())
    return;

  sample = render_sample_alert ();
  sample_report = score (sample);
  spam_report = score (&spammy);

  /* SpamAssassin always reports at least the informational rules on a message that never
   * went through SMTP, and HTML_MESSAGE for an HTML part. */
  g_assert_cmpuint (sample_report->rules->len, >, 0);
  g_assert_true (has_rule (sample_report, "HTML_MESSAGE"));
  g_assert_cmpfloat (sample_report->required, >, 0);
  g_assert_cmpfloat (sample_report->score, <, sample_report->required);

  g_assert_cmpuint (spam_report->rules->len, >, sample_report->rules->len);
  g_assert_cmpfloat (spam_report->score, >, sample_report->score + 1.0);
  g_test_message ("sample alert: %.1f points, %u rules; spammy email: %.1f points, %u rules",
                  sample_report->score, sample_report->rules->len, spam_report->score,
                  spam_report->rules->len);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/herald/preview/spam/parse-report", test_parse_report);
  g_test_add_func ("/herald/preview/spam/parse-garbage", test_parse_garbage);
  g_test_add_func ("/herald/preview/spam/score-sample-and-spam", test_score_sample_and_spam);

  return g_test_run ();
}
