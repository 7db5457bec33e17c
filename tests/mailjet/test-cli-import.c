/* test-cli-import.c: `herald-cli import` against the Sandbox over TLS.
 *
 * The round trip publishes the sample library, imports it into a new folder and renders
 * every template × locale × scenario from both libraries, with the original's sample data:
 * subject, HTML (with its preheader) and text must be the same. Templates made by hand on
 * the account ("Payment due (fr)") are grouped when they line up and kept apart, with a
 * note, when they do not; --name filters; a full folder is refused; and a 500 in the middle
 * of the reading leaves no folder behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "herald-core.h"
#include "herald-import.h"
#include "herald-l10n-library.h"
#include "herald-render.h"
#include "herald-sandbox.h"
#include "herald-send-request.h"
#include "herald-test-files.h"
#include "test-sandbox-util.h"

#define KEY "herald-import-key"
#define SECRET "import-secret-51ab"
#define CREDENTIALS KEY ":" SECRET

typedef struct
{
  HeraldSandbox *sandbox;
  SoupSession *session;
  char *root; /* a scratch folder */
} Fixture;

/* Only `accounts add` (in sandbox_test_start_account) gets the key, from the environment as in
 * CI; the imports use the account's, from the keyring. */
static char *
run_cli (const char *const *args, int *status, char **err_out)
{
  return sandbox_test_run_cli (args, NULL, NULL, status, err_out);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *tmp = g_build_filename (g_get_tmp_dir (), "herald-import-XXXXXX", NULL);

  f->sandbox = sandbox_test_start_account ("Import", KEY, SECRET);
  f->session = sandbox_test_session_new (f->sandbox);
  f->root = g_mkdtemp (g_steal_pointer (&tmp));
  g_assert_nonnull (f->root);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->session);
  sandbox_test_stop_account (&f->sandbox, "Import");
  herald_test_remove_tree (f->root);
  g_free (f->root);
}

/* `import --json`, parsed; asserts the exit status. */
static JsonObject *
import_json (const char *directory, int expected_status, const char *extra)
{
  const char *args[] = { "import", directory, "--account", "Import", "--json", extra, NULL };

  return sandbox_test_run_cli_json (args, NULL, NULL, expected_status);
}

static JsonObject *
find_row (JsonObject *result, const char *mailjet_name)
{
  JsonArray *rows = json_object_get_array_member (result, "rows");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_str_equal (json_object_get_string_member (row, "name"), mailjet_name))
        return row;
    }
  g_assert_not_reached ();
}

/* ---------------------------------------------------------------------------------------- */
/* Round trip                                                                                */

typedef struct
{
  char *subject;
  char *html; /* with its preheader, as a send carries it */
  char *text;
} Rendered;

static void
rendered_clear (Rendered *r)
{
  g_free (r->subject);
  g_free (r->html);
  g_free (r->text);
}

/* What a reader of @locale gets from @tmpl in @as_locale (the language its text is in), with
 * the sample data of @scenario in @locale. */
static void
render (HeraldLibrary *library,
        HeraldTemplate *tmpl,
        const char *as_locale,
        HeraldScenario *scenario,
        const char *locale,
        Rendered *out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (HeraldLocalizedTemplate) localized =
      herald_l10n_localize (library, tmpl, as_locale, NULL, &error);
  char *parts[4];

  g_assert_no_error (error);
  for (guint p = 0; p < 4; p++)
    {
      parts[p] = herald_render_source_for_locale (herald_localized_template_get_part (localized, p),
                                                  p, herald_template_get_id (tmpl), scenario,
                                                  locale, NULL, &error);
      g_assert_no_error (error);
    }
  out->subject = parts[HERALD_PART_SUBJECT];
  out->html = herald_send_insert_preheader (parts[HERALD_PART_HTML], parts[HERALD_PART_PREHEADER]);
  out->text = parts[HERALD_PART_TEXT];
  g_free (parts[HERALD_PART_HTML]);
  g_free (parts[HERALD_PART_PREHEADER]);
}

/* The sample library, with one more weekly summary: a single payment, where English and
 * French plural rules pick their forms by different conditions. */
static char *
publish_sample (Fixture *f)
{
  g_autofree char *sample = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data", "samples",
                                              "account-alerts", NULL);
  g_autofree char *library = g_build_filename (f->root, "account-alerts", NULL);
  g_autofree char *busy = NULL;
  g_autoptr (GString) one = NULL;
  const char *args[] = { "publish", library, "--account", "Import", NULL };
  g_autofree char *out = NULL;
  int status;

  herald_test_copy_tree (sample, library);
  busy = herald_test_read_file (library, "templates/weekly-summary/scenarios/busy-week.json");
  one = g_string_new (busy);
  g_assert_cmpuint (g_string_replace (one, "\"payment_count\": 14", "\"payment_count\": 1", 0), ==,
                    1);
  herald_test_write_file (library, "templates/weekly-summary/scenarios/one-payment.json", one->str);

  out = run_cli (args, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&library);
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autofree char *sample = NULL;
  g_autofree char *imported_dir = g_build_filename (f->root, "imported", NULL);
  g_autoptr (JsonObject) result = NULL;
  g_autoptr (HeraldLibrary) original = NULL;
  g_autoptr (HeraldLibrary) imported = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *fr_po = NULL;
  const char *locales[] = { "en", "fr", "de", NULL };
  guint n_compared = 0;
  guint n_grouped = 0;

  if (!sandbox_test_have_keyring ())
    return;
  sample = publish_sample (f);
  result = import_json (imported_dir, 0, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "rows")), ==, 15);

  original = herald_library_load (sample, &error);
  g_assert_no_error (error);
  imported = herald_library_load (imported_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_library_get_name (imported), ==, "Account alerts");
  g_assert_cmpstr (herald_library_get_source_locale (imported), ==, "en");
  g_assert_cmpstr (herald_library_get_from_email (imported), ==, "alerts@ledgerly.example");
  g_assert_cmpstr (herald_library_get_from_name (imported), ==, "Ledgerly");

  for (guint t = 0; t < g_list_model_get_n_items (G_LIST_MODEL (original)); t++)
    {
      g_autoptr (HeraldTemplate) tmpl = g_list_model_get_item (G_LIST_MODEL (original), t);
      GListModel *scenarios = herald_template_get_scenarios (tmpl);

      for (guint l = 0; locales[l]; l++)
        {
          g_autofree char *marker = g_strdup_printf ("herald:Account alerts/%s/%s",
                                                     herald_template_get_id (tmpl), locales[l]);
          JsonObject *row = find_row (result, marker);
          HeraldTemplate *copy = herald_library_find_template (
              imported, json_object_get_string_member (row, "template"));
          gboolean separate = json_object_get_boolean_member (row, "separate");

          g_assert_nonnull (copy);
          n_grouped += !separate;
          for (guint s = 0; s < g_list_model_get_n_items (scenarios); s++)
            {
              g_autoptr (HeraldScenario) scenario = g_list_model_get_item (scenarios, s);
              Rendered want = { 0 }, got = { 0 };

              render (original, tmpl, locales[l], scenario, locales[l], &want);
              render (imported, copy,
                      separate ? herald_library_get_source_locale (imported)
                               : json_object_get_string_member (row, "locale"),
                      scenario, locales[l], &got);
              g_assert_cmpstr (got.subject, ==, want.subject);
              g_assert_cmpstr (got.html, ==, want.html);
              g_assert_cmpstr (got.text, ==, want.text);
              rendered_clear (&want);
              rendered_clear (&got);
              n_compared++;
            }
        }
    }
  /* 14 scenarios in 3 locales. */
  g_assert_cmpuint (n_compared, ==, 42);
  /* Translations that line up became .po entries, not copies of the templates: the large
   * expense alert (no plural) is one template in three languages. */
  g_assert_false (json_object_get_boolean_member (
      find_row (result, "herald:Account alerts/large-expense/fr"), "separate"));
  g_assert_cmpstr (json_object_get_string_member (
                       find_row (result, "herald:Account alerts/large-expense/fr"), "template"),
                   ==, "large-expense");
  g_assert_cmpuint (n_grouped, >=, 12);
  fr_po = herald_test_read_file (imported_dir, "po/fr.po");
  g_assert_nonnull (strstr (fr_po, "msgstr \"Nous avons repéré une dépense importante"));
}

/* ---------------------------------------------------------------------------------------- */
/* Templates made on the account by hand                                                     */

static void
create_template (Fixture *f,
                 const char *name,
                 const char *purpose,
                 const char *subject,
                 const char *html,
                 const char *text)
{
  g_autofree char *body = g_strdup_printf (
      "{\"Name\":\"%s\",\"OwnerType\":\"apikey\",\"Purposes\":[\"%s\"],\"EditMode\":2}", name,
      purpose);
  g_autoptr (SandboxResponse) created = sandbox_request (
      f->session, f->sandbox, "POST", "/v3/REST/template", body, CREDENTIALS, NULL);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) content = NULL;
  g_autofree char *content_text = NULL;
  g_autofree char *path = NULL;
  g_autoptr (SandboxResponse) written = NULL;
  JsonObject *object;

  g_assert_cmpuint (created->status, ==, 201);
  object = sandbox_path_object (created->json, "Data", 0, NULL);
  g_assert_nonnull (object);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Headers");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Subject");
  json_builder_add_string_value (builder, subject);
  json_builder_set_member_name (builder, "From");
  json_builder_add_string_value (builder, "\"Payments\" <payments@bank.example>");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "Html-part");
  json_builder_add_string_value (builder, html);
  json_builder_set_member_name (builder, "Text-part");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  content = json_builder_get_root (builder);
  content_text = json_to_string (content, FALSE);
  path = g_strdup_printf ("/v3/REST/template/%" G_GINT64_FORMAT "/detailcontent",
                          json_object_get_int_member (object, "ID"));
  written = sandbox_request (f->session, f->sandbox, "POST", path, content_text, CREDENTIALS, NULL);
  g_assert_cmpuint (written->status, ==, 201);
}

static void
create_hand_made (Fixture *f)
{
  create_template (f, "Payment due", "transactional", "Payment due: {{var:amount}}",
                   "<p>Hello {{var:first_name:\"there\"}},</p><p>A payment of {{var:amount}} "
                   "is due.</p>",
                   "A payment of {{var:amount}} is due.");
  create_template (f, "Payment due (fr)", "transactional", "Paiement dû : {{var:amount}}",
                   "<p>Bonjour {{var:first_name:\"there\"}},</p><p>Un paiement de "
                   "{{var:amount}} est dû.</p>",
                   "Un paiement de {{var:amount}} est dû.");
  create_template (f, "Card blocked", "transactional", "Your card is blocked",
                   "<p>Your card ending {{var:last_digits}} is blocked.</p>",
                   "Your card is blocked.");
  /* One more paragraph than the English: not a translation of it. */
  create_template (f, "Card blocked (fr)", "transactional", "Votre carte est bloquée",
                   "<p>Votre carte {{var:last_digits}} est bloquée.</p><p>Appelez-nous.</p>",
                   "Votre carte est bloquée.");
  /* The same sentences, but the French shows its warning on other days: other logic. */
  create_template (f, "Loan reminder", "transactional", "Loan reminder",
                   "<p>Your loan payment is due.</p>{% if var:days < 3 %}<p>Pay "
                   "soon.</p>{% endif %}",
                   "");
  create_template (f, "Loan reminder (fr)", "transactional", "Rappel de prêt",
                   "<p>Votre échéance de prêt arrive.</p>{% if var:days < 5 %}<p>Payez "
                   "bientôt.</p>{% endif %}",
                   "");
  create_template (f, "Spring newsletter", "marketing", "Spring", "<p>Spring is here</p>", "");
}

static char *
template_json (const char *library, const char *id)
{
  g_autofree char *relative = g_build_filename ("templates", id, "template.json", NULL);

  return herald_test_read_file (library, relative);
}

static void
test_hand_made (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_build_filename (f->root, "hand-made", NULL);
  g_autoptr (JsonObject) result = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *fr_po = NULL;
  g_autofree char *card_fr = NULL;
  g_autofree char *sample = NULL;
  JsonObject *row;

  if (!sandbox_test_have_keyring ())
    return;
  create_hand_made (f);
  result = import_json (dir, 0, NULL);
  /* The marketing template is not one of the account's transactional templates. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "rows")), ==, 6);

  row = find_row (result, "Payment due (fr)");
  g_assert_cmpstr (json_object_get_string_member (row, "template"), ==, "payment-due");
  g_assert_cmpstr (json_object_get_string_member (row, "locale"), ==, "fr");
  g_assert_false (json_object_get_boolean_member (row, "separate"));
  g_assert_true (json_object_get_null_member (row, "note"));
  fr_po = herald_test_read_file (dir, "po/fr.po");
  g_assert_nonnull (strstr (fr_po, "msgid \"A payment of {{var:amount}} is due.\"\n"
                                   "msgstr \"Un paiement de {{var:amount}} est dû.\""));

  row = find_row (result, "Card blocked (fr)");
  g_assert_true (json_object_get_boolean_member (row, "separate"));
  g_assert_cmpstr (json_object_get_string_member (row, "template"), !=, "card-blocked");
  g_assert_cmpstr (json_object_get_string_member (row, "locale"), ==, "fr");
  g_assert_nonnull (json_object_get_string_member (row, "note"));
  card_fr = template_json (dir, json_object_get_string_member (row, "template"));
  g_assert_nonnull (strstr (card_fr, json_object_get_string_member (row, "note")));
  g_assert_null (strstr (fr_po, "msgstr \"Appelez-nous"));

  row = find_row (result, "Loan reminder (fr)");
  g_assert_true (json_object_get_boolean_member (row, "separate"));
  g_assert_nonnull (json_object_get_string_member (row, "note"));
  g_assert_null (strstr (fr_po, "msgstr \"Payez bientôt."));

  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (herald_library_get_from_email (library), ==, "payments@bank.example");
  g_assert_cmpstr (herald_library_get_from_name (library), ==, "Payments");
  g_assert_cmpstr (
      herald_template_get_subject (herald_library_find_template (library, "payment-due")), ==,
      "Payment due: {{var:amount}}");
  /* The sample data: the default where the template gives one, else the name in brackets. */
  sample = herald_test_read_file (dir, "templates/payment-due/scenarios/sample.json");
  g_assert_nonnull (strstr (sample, "\"first_name\": \"there\""));
  g_assert_nonnull (strstr (sample, "\"amount\": \"[amount]\""));
}

static void
test_name_filter (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_build_filename (f->root, "cards", NULL);
  g_autofree char *nothing_dir = g_build_filename (f->root, "nothing", NULL);
  const char *args[] = {
    "import", nothing_dir, "--account", "Import", "--name", "Mortgage*", NULL
  };
  g_autoptr (JsonObject) result = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *payment_due = NULL;
  JsonArray *rows;
  int status;

  if (!sandbox_test_have_keyring ())
    return;
  create_hand_made (f);
  result = import_json (dir, 0, "--name=Card*");
  rows = json_object_get_array_member (result, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_assert_true (g_str_has_prefix (
        json_object_get_string_member (json_array_get_object_element (rows, i), "name"), "Card"));
  payment_due = g_build_filename (dir, "templates", "payment-due", NULL);
  g_assert_false (g_file_test (payment_due, G_FILE_TEST_EXISTS));

  out = run_cli (args, &status, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "Mortgage*"));
  g_assert_false (g_file_test (nothing_dir, G_FILE_TEST_EXISTS));
}

static void
test_full_folder_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_build_filename (f->root, "full", NULL);
  const char *args[] = { "import", dir, "--account", "Import", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *settings = NULL;
  int status;

  if (!sandbox_test_have_keyring ())
    return;
  create_hand_made (f);
  herald_test_write_file (dir, "notes.txt", "mine");
  out = run_cli (args, &status, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "not empty"));
  kept = herald_test_read_file (dir, "notes.txt");
  g_assert_cmpstr (kept, ==, "mine");
  settings = g_build_filename (dir, "herald.json", NULL);
  g_assert_false (g_file_test (settings, G_FILE_TEST_EXISTS));
}

static void
import_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* A 500 on the third template's content, and on every retry: nothing is written. */
static void
test_server_error_midway (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_build_filename (f->root, "broken", NULL);
  g_autoptr (HeraldMailjetClient) client =
      herald_mailjet_client_new (herald_sandbox_get_base_url (f->sandbox), KEY, SECRET);
  g_autoptr (HeraldImport) import = herald_import_new (dir, NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) root = NULL;

  create_hand_made (f);
  g_assert_true (herald_mailjet_client_set_trusted_certificate_file (
      client, herald_sandbox_get_certificate_file (f->sandbox), &error));
  g_assert_no_error (error);
  herald_mailjet_client_set_retry_policy (client, 1, 2, 3);
  /* The list, two contents, then the failure. */
  herald_sandbox_set_read_fault (f->sandbox, HERALD_SANDBOX_FAULT_SERVER_ERROR, 4);

  herald_import_run_async (import, client, NULL, import_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (herald_import_run_finish (import, result, &error));
  g_assert_error (error, HERALD_MAILJET_ERROR, HERALD_MAILJET_ERROR_SERVER_ERROR);
  g_assert_nonnull (strstr (error->message, "nothing was imported"));
  g_assert_cmpuint (herald_import_get_n_rows (import), ==, 0);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  /* No half-written library left beside it either. */
  root = g_dir_open (f->root, 0, NULL);
  g_assert_null (g_dir_read_name (root));
}

int
main (int argc, char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/herald/mailjet/cli/import/round-trip", Fixture, NULL, fixture_set_up,
              test_round_trip, fixture_tear_down);
  g_test_add ("/herald/mailjet/cli/import/hand-made", Fixture, NULL, fixture_set_up, test_hand_made,
              fixture_tear_down);
  g_test_add ("/herald/mailjet/cli/import/name-filter", Fixture, NULL, fixture_set_up,
              test_name_filter, fixture_tear_down);
  g_test_add ("/herald/mailjet/cli/import/full-folder-refused", Fixture, NULL, fixture_set_up,
              test_full_folder_refused, fixture_tear_down);
  g_test_add ("/herald/mailjet/cli/import/server-error-midway", Fixture, NULL, fixture_set_up,
              test_server_error_midway, fixture_tear_down);

  return g_test_run ();
}
