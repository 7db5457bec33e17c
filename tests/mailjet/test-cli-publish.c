/* test-cli-publish.c: `herald-cli publish` against the Sandbox over TLS, counting the writes
 * that reach it: a first publish creates, a second writes nothing, one changed French
 * sentence costs exactly one write, a dry run writes nothing and shows the difference, and
 * a 500 on the third template is reported on its row and finished by a re-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "herald-publish.h"
#include "herald-sandbox.h"
#include "test-sandbox-util.h"
#include "herald-test-files.h"

#define KEY "herald-publish-key"
#define SECRET "publish-secret-7c1e"
#define OLD_SENTENCE "Nous avons repéré une dépense importante"
#define NEW_SENTENCE "Nous avons remarqué une dépense importante"
/* The sample library: 5 templates × en, fr, de. */
#define N_ROWS 15

static char *
run_cli (const char *const *args, int *status, char **err_out)
{
  return sandbox_test_run_cli (args, NULL, NULL, status, err_out);
}

static char *
make_library (void)
{
  g_autofree char *tmp = g_build_filename (g_get_tmp_dir (), "herald-publish-XXXXXX", NULL);
  char *root = g_mkdtemp (g_steal_pointer (&tmp));
  g_autofree char *sample = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data", "samples",
                                              "account-alerts", NULL);

  herald_test_copy_tree (sample, root);
  return root;
}

/* Translators' change: one sentence of one template, in French only. */
static void
change_french_sentence (const char *library)
{
  g_autofree char *po = g_build_filename (library, "po", "fr.po", NULL);

  herald_test_replace_once (po, OLD_SENTENCE, NEW_SENTENCE);
}

typedef struct
{
  HeraldSandbox *sandbox;
  char *library;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->sandbox = sandbox_test_start_account ("Publish", KEY, SECRET);
  f->library = make_library ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  sandbox_test_stop_account (&f->sandbox, "Publish");
  herald_test_remove_tree (f->library);
  g_free (f->library);
}

/* `publish --json` (and extra arguments), parsed; asserts the exit status. */
static JsonObject *
publish_json (Fixture *f, int expected_status, const char *extra)
{
  const char *args[] = { "publish", f->library, "--account", "Publish", "--json", extra, NULL };

  return sandbox_test_run_cli_json (args, NULL, NULL, expected_status);
}

static JsonObject *
find_row (JsonObject *result, const char *template, const char *locale)
{
  JsonArray *rows = json_object_get_array_member (result, "rows");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_str_equal (json_object_get_string_member (row, "template"), template) &&
          g_str_equal (json_object_get_string_member (row, "locale"), locale))
        return row;
    }
  g_assert_not_reached ();
}

/* How many rows are in each state; "created=15" style, sorted by state name. */
static char *
state_counts (JsonObject *result)
{
  JsonArray *rows = json_object_get_array_member (result, "rows");
  const char *states[] = { "changed", "created",   "failed",  "new",
                           "refused", "unchanged", "updated", NULL };
  GString *out = g_string_new (NULL);

  for (guint s = 0; states[s]; s++)
    {
      guint n = 0;

      for (guint i = 0; i < json_array_get_length (rows); i++)
        n += g_str_equal (
            json_object_get_string_member (json_array_get_object_element (rows, i), "state"),
            states[s]);
      if (n > 0)
        g_string_append_printf (out, "%s%s=%u", out->len ? " " : "", states[s], n);
    }
  return g_string_free (out, FALSE);
}

/* What the account holds for one template, read back with a plain HTTPS session. */
static JsonObject *
stored (Fixture *f, gint64 id, const char *what)
{
  g_autoptr (SoupSession) session = sandbox_test_session_new (f->sandbox);
  g_autofree char *path = g_strdup_printf ("/v3/REST/template/%" G_GINT64_FORMAT "%s", id, what);
  g_autoptr (SandboxResponse) response =
      sandbox_request (session, f->sandbox, "GET", path, NULL, KEY ":" SECRET, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  return json_object_ref (sandbox_path_object (response->json, "Data", 0, NULL));
}

static void
test_publish_idempotent (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonObject) first = NULL;
  g_autoptr (JsonObject) second = NULL;
  g_autoptr (JsonObject) third = NULL;
  g_autoptr (JsonObject) properties = NULL;
  g_autoptr (JsonObject) content = NULL;
  g_autofree char *counts = NULL;
  JsonObject *row;
  gint64 fr_id;
  guint writes;

  if (!sandbox_test_have_keyring ())
    return;

  first = publish_json (f, 0, NULL);
  counts = state_counts (first);
  g_assert_cmpstr (counts, ==, "created=15");
  /* One template, then its content, per row. */
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, 2 * N_ROWS);

  row = find_row (first, "large-expense", "fr");
  fr_id = json_object_get_int_member (row, "templateId");
  g_assert_cmpint (fr_id, >, 0);
  properties = stored (f, fr_id, "");
  g_assert_cmpstr (json_object_get_string_member (properties, "Name"), ==,
                   "herald:Account alerts/large-expense/fr");
  g_assert_cmpstr (json_object_get_string_member (properties, "Locale"), ==, "fr_FR");
  g_assert_cmpstr (json_object_get_string_member (properties, "OwnerType"), ==, "apikey");
  g_assert_cmpint (json_object_get_int_member (properties, "EditMode"), ==, 2);
  g_assert_cmpstr (
      json_array_get_string_element (json_object_get_array_member (properties, "Purposes"), 0), ==,
      "transactional");
  content = stored (f, fr_id, "/detailcontent");
  g_assert_nonnull (strstr (json_object_get_string_member (content, "Html-part"), OLD_SENTENCE));
  /* The Mailjet language stays for Mailjet to fill in at send time. */
  g_assert_nonnull (strstr (json_object_get_string_member (content, "Html-part"), "{{var:"));
  /* The localizer puts French typography's no-break space before the colon. */
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (content, "Headers"), "Subject"),
      ==, "Dépense importante\u00a0: {{var:amount_display}} chez {{var:merchant}}");
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (content, "Headers"), "From"),
      ==, "\"Ledgerly\" <alerts@ledgerly.example>");

  /* Again: Herald finds its templates by name and writes nothing. */
  writes = herald_sandbox_count_writes (f->sandbox);
  second = publish_json (f, 0, NULL);
  g_clear_pointer (&counts, g_free);
  counts = state_counts (second);
  g_assert_cmpstr (counts, ==, "unchanged=15");
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, writes);
  g_assert_cmpint (
      json_object_get_int_member (find_row (second, "large-expense", "fr"), "templateId"), ==,
      fr_id);

  /* One French sentence: exactly one write, to the same template. */
  change_french_sentence (f->library);
  third = publish_json (f, 0, NULL);
  g_clear_pointer (&counts, g_free);
  counts = state_counts (third);
  g_assert_cmpstr (counts, ==, "unchanged=14 updated=1");
  g_assert_cmpstr (json_object_get_string_member (find_row (third, "large-expense", "fr"), "state"),
                   ==, "updated");
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, writes + 1);
  g_clear_pointer (&content, json_object_unref);
  content = stored (f, fr_id, "/detailcontent");
  g_assert_nonnull (strstr (json_object_get_string_member (content, "Html-part"), NEW_SENTENCE));
  g_assert_null (strstr (json_object_get_string_member (content, "Html-part"), OLD_SENTENCE));
}

static void
test_dry_run (Fixture *f, gconstpointer data)
{
  const char *args[] = { "publish",  f->library, "large-expense", "--account", "Publish",
                         "--locale", "fr",       "--dry-run",     NULL };
  g_autoptr (JsonObject) fresh = NULL;
  g_autoptr (JsonObject) published = NULL;
  g_autoptr (JsonObject) after = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *out = NULL;
  guint writes;
  int status;

  if (!sandbox_test_have_keyring ())
    return;

  /* Nothing on the account yet: every row is new, and nothing is written. */
  fresh = publish_json (f, 0, "--dry-run");
  counts = state_counts (fresh);
  g_assert_cmpstr (counts, ==, "new=15");
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, 0);

  published = publish_json (f, 0, NULL);
  writes = herald_sandbox_count_writes (f->sandbox);
  change_french_sentence (f->library);

  after = publish_json (f, 0, "--dry-run");
  g_clear_pointer (&counts, g_free);
  counts = state_counts (after);
  g_assert_cmpstr (counts, ==, "changed=1 unchanged=14");
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, writes);

  /* The human form: the row, its TemplateID, and the changed lines of the HTML part. */
  out = run_cli (args, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  {
    g_autofree char *id = g_strdup_printf (
        "%" G_GINT64_FORMAT,
        json_object_get_int_member (find_row (published, "large-expense", "fr"), "templateId"));
    g_autofree char *row_line = g_strdup_printf ("large-expense  fr        changed     %s", id);
    const char *html = strstr (out, "@@ Html-part @@");
    const char *minus, *plus;

    g_assert_nonnull (strstr (out, row_line));
    g_assert_nonnull (html);
    minus = strstr (html, "-");
    plus = strstr (html, "+");
    g_assert_nonnull (minus);
    g_assert_nonnull (plus);
    g_assert_nonnull (strstr (out, OLD_SENTENCE));
    g_assert_nonnull (strstr (out, NEW_SENTENCE));
    g_assert_true (strstr (html, OLD_SENTENCE) < strstr (html, NEW_SENTENCE));
    /* Only the one template and locale asked for. */
    g_assert_null (strstr (out, "low-balance"));
    g_assert_null (strstr (out, "large-expense  en"));
    g_assert_null (strstr (out, "@@ Subject @@"));
  }
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, writes);
}

static void
test_server_error_then_rerun (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonObject) broken = NULL;
  g_autoptr (JsonObject) rerun = NULL;
  g_autofree char *counts = NULL;
  JsonArray *rows;
  JsonObject *third;
  guint writes;

  if (!sandbox_test_have_keyring ())
    return;

  /* Rows are published in order, two writes each: the fifth write is the third row's. */
  herald_sandbox_set_write_fault (f->sandbox, HERALD_SANDBOX_FAULT_SERVER_ERROR, 5);
  broken = publish_json (f, 1, NULL);
  rows = json_object_get_array_member (broken, "rows");
  third = json_array_get_object_element (rows, 2);
  g_assert_cmpstr (json_object_get_string_member (third, "state"), ==, "failed");
  g_assert_true (json_object_get_null_member (third, "templateId"));
  g_assert_nonnull (json_object_get_string_member (third, "error"));
  g_assert_nonnull (strstr (json_object_get_string_member (third, "error"), "Mailjet"));
  counts = state_counts (broken);
  g_assert_cmpstr (counts, ==, "created=14 failed=1");

  writes = herald_sandbox_count_writes (f->sandbox);
  rerun = publish_json (f, 0, NULL);
  g_clear_pointer (&counts, g_free);
  counts = state_counts (rerun);
  g_assert_cmpstr (counts, ==, "created=1 unchanged=14");
  g_assert_cmpstr (
      json_object_get_string_member (
          json_array_get_object_element (json_object_get_array_member (rerun, "rows"), 2), "state"),
      ==, "created");
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, writes + 2);
}

/* A template the checks refuse (its subject is empty): listed as refused, never written,
 * unless --force. */
static void
test_lint_errors_refuse (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_build_filename (f->library, "templates", "no-subject", NULL);
  g_autoptr (JsonObject) dry = NULL;
  g_autoptr (JsonObject) refused = NULL;
  g_autoptr (JsonObject) forced = NULL;
  g_autofree char *counts = NULL;
  JsonObject *row;

  if (!sandbox_test_have_keyring ())
    return;

  herald_test_write_file (
      dir, "template.json",
      "{\n  \"name\": \"No subject\",\n  \"description\": \"\",\n  \"subject\": "
      "\"\",\n  \"preheader\": \"\",\n  \"tags\": []\n}\n");
  herald_test_write_file (dir, "body.html", "<html><body><p>Hello</p></body></html>\n");
  herald_test_write_file (dir, "body.txt", "Hello\n");

  dry = publish_json (f, 1, "--dry-run");
  counts = state_counts (dry);
  g_assert_cmpstr (counts, ==, "new=15 refused=3");
  row = find_row (dry, "no-subject", "fr");
  g_assert_cmpint (json_object_get_int_member (row, "lintErrors"), >, 0);
  g_assert_nonnull (strstr (json_object_get_string_member (row, "error"), "Not published"));
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, 0);

  refused = publish_json (f, 1, NULL);
  g_clear_pointer (&counts, g_free);
  counts = state_counts (refused);
  g_assert_cmpstr (counts, ==, "created=15 refused=3");
  g_assert_true (
      json_object_get_null_member (find_row (refused, "no-subject", "en"), "templateId"));
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, 2 * N_ROWS);

  forced = publish_json (f, 0, "--force");
  g_clear_pointer (&counts, g_free);
  counts = state_counts (forced);
  g_assert_cmpstr (counts, ==, "created=3 unchanged=15");
}

/* A locale not translated yet publishes the source text, as a test send sends it. */
static void
test_untranslated_locale (Fixture *f, gconstpointer data)
{
  g_autofree char *po = g_build_filename (f->library, "po", "de.po", NULL);
  g_autoptr (JsonObject) result = NULL;
  g_autoptr (JsonObject) en = NULL;
  g_autoptr (JsonObject) de = NULL;
  g_autofree char *counts = NULL;

  if (!sandbox_test_have_keyring ())
    return;

  g_assert_cmpint (g_unlink (po), ==, 0);
  result = publish_json (f, 0, NULL);
  counts = state_counts (result);
  g_assert_cmpstr (counts, ==, "created=15");
  en = stored (f, json_object_get_int_member (find_row (result, "low-balance", "en"), "templateId"),
               "/detailcontent");
  de = stored (f, json_object_get_int_member (find_row (result, "low-balance", "de"), "templateId"),
               "/detailcontent");
  g_assert_cmpstr (json_object_get_string_member (de, "Html-part"), ==,
                   json_object_get_string_member (en, "Html-part"));
}

/* Someone changed a published template's Locale and Purposes on Mailjet: the next publish
 * puts them back, in one write, and leaves its content alone. */
static void
test_properties_put_back (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonObject) first = NULL;
  g_autoptr (JsonObject) again = NULL;
  g_autoptr (JsonObject) properties = NULL;
  g_autoptr (SoupSession) session = NULL;
  g_autoptr (SandboxResponse) put = NULL;
  g_autofree char *path = NULL;
  g_autofree char *counts = NULL;
  gint64 id;
  guint writes;

  if (!sandbox_test_have_keyring ())
    return;

  first = publish_json (f, 0, NULL);
  id = json_object_get_int_member (find_row (first, "low-balance", "de"), "templateId");
  session = sandbox_test_session_new (f->sandbox);
  path = g_strdup_printf ("/v3/REST/template/%" G_GINT64_FORMAT, id);
  put =
      sandbox_request (session, f->sandbox, "PUT", path,
                       "{\"Locale\":\"en_US\",\"Purposes\":[\"marketing\"]}", KEY ":" SECRET, NULL);
  g_assert_cmpuint (put->status, ==, 200);

  writes = herald_sandbox_count_writes (f->sandbox);
  again = publish_json (f, 0, NULL);
  counts = state_counts (again);
  g_assert_cmpstr (counts, ==, "unchanged=14 updated=1");
  g_assert_cmpstr (json_object_get_string_member (find_row (again, "low-balance", "de"), "state"),
                   ==, "updated");
  g_assert_cmpuint (herald_sandbox_count_writes (f->sandbox), ==, writes + 1);
  properties = stored (f, id, "");
  g_assert_cmpstr (json_object_get_string_member (properties, "Locale"), ==, "de_DE");
  g_assert_cmpstr (
      json_array_get_string_element (json_object_get_array_member (properties, "Purposes"), 0), ==,
      "transactional");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (properties, "Purposes")),
                    ==, 1);
}

static void
test_mailjet_locale (void)
{
  static const char *const cases[][2] = {
    { "fr", "fr_FR" },       { "en", "en_US" },      { "de", "de_DE" },
    { "pt-BR", "pt_BR" },    { "pt_BR", "pt_BR" },   { "zh-Hant-TW", "zh_TW" },
    { "sr@latin", "sr_SR" }, { "es-419", "es_419" }, { "DA", "da_DK" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *spelled = herald_publish_mailjet_locale (cases[i][0]);

      g_assert_cmpstr (spelled, ==, cases[i][1]);
    }
}

int
main (int argc, char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/herald/mailjet/publish/mailjet-locale", test_mailjet_locale);
  g_test_add ("/herald/mailjet/cli/publish/idempotent", Fixture, NULL, fixture_set_up,
              test_publish_idempotent, fixture_tear_down);
  g_test_add ("/herald/mailjet/cli/publish/dry-run", Fixture, NULL, fixture_set_up, test_dry_run,
              fixture_tear_down);
  g_test_add ("/herald/mailjet/cli/publish/server-error-rerun", Fixture, NULL, fixture_set_up,
              test_server_error_then_rerun, fixture_tear_down);
  g_test_add ("/herald/mailjet/cli/publish/untranslated-locale", Fixture, NULL, fixture_set_up,
              test_untranslated_locale, fixture_tear_down);
  g_test_add ("/herald/mailjet/cli/publish/properties-put-back", Fixture, NULL, fixture_set_up,
              test_properties_put_back, fixture_tear_down);
  g_test_add ("/herald/mailjet/cli/publish/lint-errors-refuse", Fixture, NULL, fixture_set_up,
              test_lint_errors_refuse, fixture_tear_down);

  return g_test_run ();
}
