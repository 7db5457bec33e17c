/* test-email-checks.c: the caniemail snapshot and its loader, the CSS tokenizer, the
 * client-support rule and the accessibility rules on a library of known cases
 * (tests/data/email-checks). Expected clients come from caniemail's data (read here with
 * json-glib, or written from it), expected ratios from WCAG's formula.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "herald-client-support.h"
#include "herald-core.h"
#include "herald-css.h"
#include "herald-l10n-library.h"
#include "herald-l10n-lint.h"
#include "herald-lint-a11y-private.h"
#include "herald-lint-private.h"
#include "herald-lint.h"
#include "herald-test-files.h"

static const char *const email_rules[] = {
  "client-support",
  "contrast",
  "contrast-dark",
  "text-size",
  "heading-order",
  "link-text",
  "table-role",
  "link-image-alt",
  "img-decorative-alt",
  "img-text",
  NULL,
};

/* Loader */

static void
test_loader_counts (void)
{
  g_autofree char *path =
      g_test_build_filename (G_TEST_DIST, "..", "data", "caniemail", "caniemail.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) clients = g_hash_table_new (g_str_hash, g_str_equal);
  HeraldClientSupport *support = herald_client_support_get_default ();
  JsonArray *features;

  /* Counted independently from the file in the source tree. */
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *stats =
          json_object_get_object_member (json_array_get_object_element (features, i), "stats");
      g_autoptr (GList) members = json_object_get_members (stats);

      for (GList *l = members; l != NULL; l = l->next)
        g_hash_table_add (clients, l->data);
    }

  g_test_message ("caniemail %s (snapshot %s): %u features, %u clients",
                  herald_client_support_get_version (support),
                  herald_client_support_get_snapshot_date (support),
                  herald_client_support_get_n_features (support),
                  herald_client_support_get_n_clients (support));
  printf ("# caniemail %s: %u features, %u clients\n", herald_client_support_get_version (support),
          herald_client_support_get_n_features (support),
          herald_client_support_get_n_clients (support));
  g_assert_cmpuint (herald_client_support_get_n_features (support), ==,
                    json_array_get_length (features));
  g_assert_cmpuint (herald_client_support_get_n_clients (support), ==, g_hash_table_size (clients));
  /* caniemail 2.0.2 has 291 HTML and CSS features; the converter keeps those it can detect. */
  g_assert_cmpuint (herald_client_support_get_n_features (support), >, 150);
  g_assert_cmpuint (herald_client_support_get_n_clients (support), >, 30);
  g_assert_cmpstr (herald_client_support_get_version (support), ==, "2.0.2");

  for (guint i = 0; herald_client_support_get_default_clients ()[i] != NULL; i++)
    g_assert_true (herald_client_support_has_client (
        support, herald_client_support_get_default_clients ()[i]));
  g_assert_cmpuint (g_strv_length ((char **) herald_client_support_get_default_clients ()), ==, 12);
  g_assert_false (herald_client_support_has_client (support, "outlook.windowz"));
}

static const HeraldFeature *
find_feature (HeraldFeatureKind kind, const char *name, const char *slug)
{
  GPtrArray *features =
      herald_client_support_lookup (herald_client_support_get_default (), kind, name);

  for (guint i = 0; features != NULL && i < features->len; i++)
    if (g_str_equal (herald_feature_get_slug (g_ptr_array_index (features, i)), slug))
      return g_ptr_array_index (features, i);
  return NULL;
}

static void
test_loader_lookup (void)
{
  const HeraldFeature *flex =
      find_feature (HERALD_FEATURE_VALUE, "display:flex", "css-display-flex");
  const HeraldFeature *radius =
      find_feature (HERALD_FEATURE_PROPERTY, "border-radius", "css-border-radius");
  const HeraldFeature *dark = find_feature (HERALD_FEATURE_MEDIA_FEATURE, "prefers-color-scheme",
                                            "css-at-media-prefers-color-scheme");
  g_autofree char *notes = NULL;
  g_autofree char *label = NULL;

  g_assert_nonnull (flex);
  g_assert_nonnull (radius);
  g_assert_nonnull (dark);
  g_assert_nonnull (find_feature (HERALD_FEATURE_ELEMENT, "h3", "html-h1-h6"));
  g_assert_nonnull (find_feature (HERALD_FEATURE_ATTRIBUTE, "srcset", "html-srcset"));
  g_assert_nonnull (
      find_feature (HERALD_FEATURE_FUNCTION, "linear-gradient", "css-linear-gradient"));
  g_assert_nonnull (find_feature (HERALD_FEATURE_AT_RULE, "font-face", "css-at-font-face"));
  g_assert_null (herald_client_support_lookup (herald_client_support_get_default (),
                                               HERALD_FEATURE_PROPERTY, "no-such-property"));

  /* caniemail: display:flex "n" in Outlook for Windows, "a #1" in Gmail for Android. */
  g_assert_cmpint (herald_feature_get_support (flex, "outlook.windows", NULL), ==,
                   HERALD_SUPPORT_NO);
  g_assert_cmpint (herald_feature_get_support (flex, "gmail.android", &notes), ==,
                   HERALD_SUPPORT_PARTIAL);
  g_assert_cmpstr (notes, ==, "Not supported with non Google accounts.");
  g_clear_pointer (&notes, g_free);
  g_assert_cmpint (herald_feature_get_support (flex, "apple-mail.ios", NULL), ==,
                   HERALD_SUPPORT_YES);
  g_assert_cmpint (herald_feature_get_support (flex, "no.such-client", NULL), ==,
                   HERALD_SUPPORT_UNKNOWN);
  /* border-radius: "a #2" in Yahoo (elliptical shorthand). */
  g_assert_cmpint (herald_feature_get_support (radius, "yahoo.desktop-webmail", &notes), ==,
                   HERALD_SUPPORT_PARTIAL);
  g_assert_nonnull (strstr (notes, "elliptical"));
  g_assert_cmpint (herald_feature_get_support (dark, "gmail.desktop-webmail", NULL), ==,
                   HERALD_SUPPORT_NO);
  label = herald_client_support_dup_client_label (herald_client_support_get_default (),
                                                  "outlook.windows");
  g_assert_cmpstr (label, ==, "Outlook Windows");
  g_clear_pointer (&label, g_free);
  label = herald_client_support_dup_client_label (herald_client_support_get_default (),
                                                  "outlook.outlook-com");
  g_assert_cmpstr (label, ==, "Outlook.com");
}

/* The support read once per run answers as the snapshot does, for every feature in every
 * client, the second time from what the first kept; a client the snapshot does not know
 * has no support and no notes. */
static void
test_loader_support_at (void)
{
  HeraldClientSupport *support = herald_client_support_get_default ();
  const char *const *clients = herald_client_support_get_clients (support);
  const HeraldFeature *flex =
      find_feature (HERALD_FEATURE_VALUE, "display:flex", "css-display-flex");
  const HeraldFeature *features[] = {
    flex,
    find_feature (HERALD_FEATURE_PROPERTY, "border-radius", "css-border-radius"),
    find_feature (HERALD_FEATURE_MEDIA_FEATURE, "prefers-color-scheme",
                  "css-at-media-prefers-color-scheme"),
    find_feature (HERALD_FEATURE_ELEMENT, "h3", "html-h1-h6"),
    find_feature (HERALD_FEATURE_ATTRIBUTE, "srcset", "html-srcset"),
    find_feature (HERALD_FEATURE_FUNCTION, "linear-gradient", "css-linear-gradient"),
    find_feature (HERALD_FEATURE_AT_RULE, "font-face", "css-at-font-face"),
  };
  const char *const *notes = NULL;
  guint partial = 0;

  g_assert_cmpint (herald_client_support_find_client (support, "no.such-client"), ==, -1);
  g_assert_cmpint (herald_feature_get_support_at (flex, support, -1, &notes), ==,
                   HERALD_SUPPORT_UNKNOWN);
  g_assert_null (notes[0]);
  for (guint c = 0; clients[c] != NULL; c++)
    {
      gint index = herald_client_support_find_client (support, clients[c]);

      g_assert_cmpint (index, ==, (gint) c);
      for (guint f = 0; f < G_N_ELEMENTS (features); f++)
        {
          const HeraldFeature *feature = features[f];
          g_auto (GStrv) expected = herald_feature_dup_notes (feature, clients[c]);

          for (guint round = 0; round < 2; round++)
            {
              g_assert_cmpint (herald_feature_get_support_at (feature, support, index, &notes), ==,
                               herald_feature_get_support (feature, clients[c], NULL));
              g_assert_true (g_strv_equal ((const char *const *) expected, notes));
            }
          partial += notes[0] != NULL;
        }
    }
  /* Notes are there to compare: display:flex has one in Gmail for Android. */
  g_assert_cmpuint (partial, >, 0);
  herald_feature_get_support_at (
      flex, support, herald_client_support_find_client (support, "gmail.android"), &notes);
  g_assert_cmpstr (notes[0], ==, "Not supported with non Google accounts.");
}

/* CSS tokenizer */

static char *
slice (const char *text, gsize start, gsize end)
{
  return g_strndup (text + start, end - start);
}

static void
test_css_tokenizer (void)
{
  const char *inline_css = "color: red ; /* c */ background : url('a;b.png') #fff!important;;x";
  const char *sheet = "p { color: #777 }\n@media (prefers-color-scheme: dark) { .a, .b { color: "
                      "#fff !important; } }\n@media (max-width: 600px) { p { margin: 0 } }\n"
                      "@import url(x.css);\n@font-face { font-family: X; }\n.c { }";
  g_autoptr (GArray) declarations = g_array_new (FALSE, FALSE, sizeof (HeraldCssDeclaration));
  g_autoptr (GArray) rules = g_array_new (FALSE, FALSE, sizeof (HeraldCssRule));
  g_autoptr (GArray) at_rules = g_array_new (FALSE, FALSE, sizeof (HeraldCssAtRule));
  HeraldCssDeclaration *d;
  HeraldCssRule *r;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  g_autofree char *selector = NULL;

  herald_css_parse_declarations (inline_css, 0, strlen (inline_css), declarations);
  g_assert_cmpuint (declarations->len, ==, 2);
  d = &g_array_index (declarations, HeraldCssDeclaration, 1);
  name = slice (inline_css, d->name_start, d->name_end);
  value = slice (inline_css, d->value_start, d->value_end);
  g_assert_cmpstr (name, ==, "background");
  g_assert_cmpstr (value, ==, "url('a;b.png') #fff");
  g_assert_true (d->important);
  g_assert_false (g_array_index (declarations, HeraldCssDeclaration, 0).important);

  herald_css_parse_stylesheet (sheet, 0, strlen (sheet), rules, at_rules);
  g_assert_cmpuint (rules->len, ==, 4);
  g_assert_cmpuint (at_rules->len, ==, 4);
  r = &g_array_index (rules, HeraldCssRule, 1);
  selector = slice (sheet, r->selector_start, r->selector_end);
  g_assert_cmpstr (selector, ==, ".a, .b");
  g_assert_true (r->dark);
  g_assert_true (r->in_media);
  g_assert_false (g_array_index (rules, HeraldCssRule, 0).dark);
  g_assert_false (g_array_index (rules, HeraldCssRule, 2).dark);
  g_assert_true (g_array_index (rules, HeraldCssRule, 2).in_media);
}

/* The known cases */

static HeraldLibrary *
load_known_cases (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "email-checks", NULL);
  g_autoptr (GError) error = NULL;
  HeraldLibrary *library = herald_library_load (dir, &error);

  g_assert_no_error (error);
  return library;
}

/* "rule line:column" for the rules of this test, in order. */
static char *
summarize (GPtrArray *diagnostics)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (!g_strv_contains (email_rules, herald_diagnostic_get_rule_id (d)))
        continue;
      g_string_append_printf (out, "%s %u:%u\n", herald_diagnostic_get_rule_id (d),
                              herald_diagnostic_get_line (d), herald_diagnostic_get_column (d));
    }
  return g_string_free (out, FALSE);
}

static HeraldDiagnostic *
find_at (GPtrArray *diagnostics, const char *rule, guint line, guint column)
{
  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (g_str_equal (herald_diagnostic_get_rule_id (d), rule) &&
          herald_diagnostic_get_line (d) == line && herald_diagnostic_get_column (d) == column)
        return d;
    }
  g_error ("no %s finding at %u:%u", rule, line, column);
  return NULL;
}

static void
test_known_cases (void)
{
  g_autoptr (HeraldLibrary) library = load_known_cases ();
  g_autoptr (GPtrArray) diagnostics = herald_lint_library (library);
  g_autofree char *summary = summarize (diagnostics);
  HeraldDiagnostic *d;

  /* Client support with the default clients: each feature caniemail marks "n" or "a" in one
   * of them, once, at its first use (border-radius is used on lines 14 and 21), less the
   * clients whose every note concerns something the template does not do: lang on <html>
   * (Yahoo's note is about <td>), role on a <table> (Yahoo's: only on <table>), font-size in
   * px (the notes are about rem, relative and percentage sizes), letter-spacing 1px and
   * uppercase on line 26 (notes on negative and em values, on lowercase). font-weight 650 on
   * line 27 keeps both its notes (Yahoo: only hundreds; Outlook: 600 and up is bold). Then the
   * accessibility rules: grey #949494 on white (3.03:1), #222222 on the dark rule's #111111
   * (1.19:1, the dark rule is !important and beats the inline white), 12px text, <h1> then
   * <h3>, "cliquez ici", a 1×1 pixel with alt text, a table with no role, and text in images:
   * a 600px image whose alt is an offer (28), a link that is only an image with a phrase for
   * alt (30), a banner by its file name (31), an image repeating the heading above it (33). The
   * 7:1 grey, <h2> after <h3>, "Read your statement", the photograph described in its alt (29)
   * and the linked "Acme Bank" logo (34) pass. */
  g_assert_cmpstr (summary, ==,
                   "client-support 4:1\n"   /* <style>: Gmail Android, iOS a (other accounts) */
                   "client-support 7:3\n"   /* @media */
                   "client-support 7:11\n"  /* prefers-color-scheme */
                   "client-support 12:1\n"  /* <body>: Outlook macOS n */
                   "client-support 13:13\n" /* display */
                   "client-support 13:13\n" /* display:flex */
                   "client-support 14:43\n" /* border-radius */
                   "client-support 25:42\n" /* width attribute */
                   "client-support 25:52\n" /* height attribute */
                   "client-support 27:11\n" /* font-weight */
                   "contrast 15:1\n"
                   "contrast-dark 16:52\n"
                   "text-size 21:1\n"
                   "heading-order 18:1\n"
                   "link-text 19:4\n"
                   "img-decorative-alt 25:1\n"
                   "table-role 20:1\n"
                   "img-text 28:1\n"
                   "img-text 30:35\n"
                   "img-text 31:1\n"
                   "img-text 33:1\n");

  d = find_at (diagnostics, "client-support", 13, 13);
  /* The first at 13:13 is "display"; look for display:flex by its message. */
  for (guint i = 0; i < diagnostics->len; i++)
    if (g_str_has_prefix (herald_diagnostic_get_message (g_ptr_array_index (diagnostics, i)),
                          "display:flex"))
      d = g_ptr_array_index (diagnostics, i);
  g_assert_cmpstr (herald_diagnostic_get_message (d), ==,
                   "display:flex is not supported in Outlook Windows, and only partly in Gmail "
                   "Android, Gmail iOS");
  g_assert_cmpstr (herald_diagnostic_get_fix (d), ==,
                   "Gmail Android: Not supported with non Google accounts.");
  /* Yahoo's partial support of border-radius is about the "/" notation, unused here. */
  g_assert_cmpstr (herald_diagnostic_get_message (find_at (diagnostics, "client-support", 14, 43)),
                   ==, "border-radius is not supported in Outlook Windows");
  d = find_at (diagnostics, "client-support", 27, 11);
  g_assert_cmpstr (herald_diagnostic_get_message (d), ==,
                   "font-weight is only partly supported in Outlook Windows, Yahoo! Mail Desktop "
                   "Webmail");
  g_assert_nonnull (strstr (herald_diagnostic_get_fix (d), "Only the following numeric values"));
  g_assert_nonnull (strstr (herald_diagnostic_get_fix (d), "set as bold font weight"));
  /* @media: Gmail Desktop Webmail's note is on height queries, Outlook.com's on nesting. */
  g_assert_cmpstr (herald_diagnostic_get_message (find_at (diagnostics, "client-support", 7, 3)),
                   ==,
                   "@media is not supported in Outlook Windows, and only partly in Gmail Android, "
                   "Gmail iOS, Yahoo! Mail Desktop Webmail, Samsung Email Android");
  d = find_at (diagnostics, "img-text", 28, 1);
  g_assert_nonnull (
      strstr (herald_diagnostic_get_message (d), "“Get 20% off your first transfer”"));
  g_assert_cmpstr (
      herald_diagnostic_get_fix (d), ==,
      "Put the text in HTML so screen readers, translation and dark mode can reach it");
  g_assert_nonnull (
      strstr (herald_diagnostic_get_message (find_at (diagnostics, "img-text", 31, 1)),
              "“summer_banner@2x.png”"));
  g_assert_cmpstr (herald_diagnostic_get_message (find_at (diagnostics, "client-support", 7, 11)),
                   ==,
                   "@media (prefers-color-scheme) is not supported in Gmail Desktop Webmail, Gmail "
                   "Android, Gmail iOS, Outlook Windows, Yahoo! Mail Desktop Webmail");
  g_assert_nonnull (
      strstr (herald_diagnostic_get_message (find_at (diagnostics, "contrast", 15, 1)), "3.03:1"));
  g_assert_nonnull (
      strstr (herald_diagnostic_get_message (find_at (diagnostics, "contrast", 15, 1)), "4.5:1"));
  g_assert_nonnull (strstr (
      herald_diagnostic_get_message (find_at (diagnostics, "contrast-dark", 16, 52)), "1.19:1"));
  g_assert_nonnull (strstr (
      herald_diagnostic_get_message (find_at (diagnostics, "link-text", 19, 4)), "cliquez ici"));
  g_assert_nonnull (herald_diagnostic_get_fix (find_at (diagnostics, "table-role", 20, 1)));
  g_assert_nonnull (herald_diagnostic_get_fix (find_at (diagnostics, "heading-order", 18, 1)));
}

static void
test_chosen_clients (void)
{
  g_autoptr (HeraldLibrary) library = load_known_cases ();
  const char *const outlook[] = { "outlook.windows", NULL };
  const char *const apple[] = { "apple-mail.ios", NULL };
  g_autoptr (GPtrArray) for_outlook = herald_lint_library_for_clients (library, outlook);
  g_autoptr (GPtrArray) for_apple = herald_lint_library_for_clients (library, apple);

  g_assert_cmpstr (herald_diagnostic_get_message (find_at (for_outlook, "client-support", 14, 43)),
                   ==, "border-radius is not supported in Outlook Windows");
  /* Apple Mail for iOS supports every feature of the template ("y" in caniemail). */
  for (guint i = 0; i < for_apple->len; i++)
    g_assert_cmpstr (herald_diagnostic_get_rule_id (g_ptr_array_index (for_apple, i)), !=,
                     "client-support");
}

static void
write_library_json (const char *dir, const char *text)
{
  g_autofree char *path = g_build_filename (dir, "herald.json", NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_library_clients (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-clients-XXXXXX", &error);
  g_autofree char *templates = g_build_filename (dir, "templates", NULL);
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldLibrary) broken = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (templates, 0700), ==, 0);

  write_library_json (dir, "{\"format\": 1, \"clients\": [\"outlook.windows\", \"gmail.ios\"]}");
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **) herald_library_get_clients (library)), ==, 2);
  g_assert_cmpstr (herald_library_get_clients (library)[1], ==, "gmail.ios");

  write_library_json (dir, "{\"format\": 1, \"clients\": [\"outlook.windowz\"]}");
  broken = herald_library_load (dir, &error);
  g_assert_null (broken);
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "herald.json"));
  g_assert_nonnull (strstr (error->message, "“outlook.windowz”"));
  g_clear_error (&error);

  write_library_json (dir, "{\"format\": 1, \"clients\": \"outlook.windows\"}");
  broken = herald_library_load (dir, &error);
  g_assert_null (broken);
  g_assert_error (error, HERALD_LIBRARY_ERROR, HERALD_LIBRARY_ERROR_INVALID);
  g_clear_error (&error);

  write_library_json (dir, "{\"format\": 1}");
  g_clear_object (&library);
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  g_assert_true (herald_library_get_clients (library) ==
                 herald_client_support_get_default_clients ());

  herald_test_remove_tree (dir);
}

/* A library in English with a French translation, and one template "t" with this HTML. */
static void
write_template (const char *dir, const char *html)
{
  herald_test_write_file (dir, "herald.json",
                          "{\"format\": 1, \"sourceLocale\": \"en\", \"targetLocales\": [\"fr\"]}");
  herald_test_write_file (
      dir, "templates/t/template.json",
      "{\"name\": \"T\", \"subject\": \"Statement\", \"preheader\": \"Statement\"}");
  herald_test_write_file (dir, "templates/t/body.txt", "Statement\n");
  herald_test_write_file (dir, "templates/t/body.html", html);
}

static GPtrArray *
lint_french (const char *dir, const char *translation)
{
  g_autofree char *po =
      g_strdup_printf ("msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                       "\"Language: fr\\n\"\n\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n\n"
                       "msgid \"Read your statement\"\nmsgstr \"%s\"\n",
                       translation);
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *diagnostics;

  herald_test_write_file (dir, "po/fr.po", po);
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  diagnostics =
      herald_l10n_lint_locale (library, herald_library_find_template (library, "t"), "fr", &error);
  g_assert_no_error (error);
  return diagnostics;
}

static HeraldDiagnostic *
only_finding (GPtrArray *diagnostics, const char *rule)
{
  HeraldDiagnostic *found = NULL;

  for (guint i = 0; i < diagnostics->len; i++)
    if (g_str_equal (herald_diagnostic_get_rule_id (g_ptr_array_index (diagnostics, i)), rule))
      {
        g_assert_null (found);
        found = g_ptr_array_index (diagnostics, i);
      }
  return found;
}

/* A statement's HTML with one link, on line 4. */
static const char statement_html[] =
    "<html>\n<body>\n<p>Your statement is ready.</p>\n"
    "<p><a href=\"https://example.com/s\">Read your statement</a></p>\n</body>\n</html>\n";

/* A translation that says "Cliquez ici" where the source names the destination. */
static void
test_link_text_per_locale (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-link-text-XXXXXX", &error);
  g_autoptr (GPtrArray) vague = NULL;
  g_autoptr (GPtrArray) clear = NULL;
  g_autoptr (GPtrArray) source = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  HeraldDiagnostic *finding;

  g_assert_no_error (error);
  write_template (dir, statement_html);

  vague = lint_french (dir, "Cliquez ici");
  finding = only_finding (vague, "link-text");
  g_assert_nonnull (finding);
  g_assert_cmpstr (herald_diagnostic_get_locale (finding), ==, "fr");
  g_assert_cmpuint (herald_diagnostic_get_line (finding), ==, 4);
  g_assert_cmpuint (herald_diagnostic_get_column (finding), ==, 4);
  g_assert_nonnull (strstr (herald_diagnostic_get_message (finding), "“cliquez ici”"));

  clear = lint_french (dir, "Lire votre relevé");
  for (guint i = 0; i < clear->len; i++)
    g_assert_cmpstr (herald_diagnostic_get_rule_id (g_ptr_array_index (clear, i)), !=, "link-text");

  /* The English source itself is fine. */
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  source = herald_lint_library (library);
  for (guint i = 0; i < source->len; i++)
    g_assert_cmpstr (herald_diagnostic_get_rule_id (g_ptr_array_index (source, i)), !=,
                     "link-text");
}

/* The per-locale checks read the source HTML as it is when they run: a template edited after
 * it was checked has its findings where the link is now. */
static void
test_link_text_after_edit (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-link-text-edit-XXXXXX", &error);
  g_autoptr (GPtrArray) vague = NULL;
  g_autoptr (GPtrArray) checked = NULL;
  g_autoptr (GPtrArray) edited = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldPoCatalog) fr = NULL;
  HeraldTemplate *tmpl;
  HeraldDiagnostic *finding;

  g_assert_no_error (error);
  write_template (dir, statement_html);
  /* Writes the translation. */
  vague = lint_french (dir, "Cliquez ici");
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  tmpl = herald_library_find_template (library, "t");
  fr = herald_l10n_load_catalog (library, "fr", &error);
  g_assert_no_error (error);

  checked = herald_lint_template (tmpl);
  herald_template_set_part (
      tmpl, HERALD_PART_HTML,
      "<html>\n<body>\n<p>Your statement is ready.</p>\n<p>See below.</p>\n\n"
      "<p>  <a href=\"https://example.com/s\">Read your statement</a></p>\n</body>\n</html>\n");
  edited = herald_l10n_lint_template (tmpl, fr, NULL, &error);
  g_assert_no_error (error);
  finding = only_finding (edited, "link-text");
  g_assert_nonnull (finding);
  g_assert_cmpuint (herald_diagnostic_get_line (finding), ==, 6);
  g_assert_cmpuint (herald_diagnostic_get_column (finding), ==, 6);

  herald_test_remove_tree (dir);
}

/* A language's findings for every scenario at once: the translation's findings once (not per
 * scenario), each scenario's size finding, in the order herald_l10n_lint_template() gives
 * them scenario by scenario. */
static void
test_locale_findings_per_scenario (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-l10n-scenarios-XXXXXX", &error);
  g_autofree char *filler = NULL;
  g_autofree char *big = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldPoCatalog) fr = NULL;
  g_autoptr (GPtrArray) expected = g_ptr_array_new_with_free_func (g_object_unref);
  HeraldTemplate *tmpl;
  GListModel *scenarios;
  guint link_texts = 0;
  guint clippings = 0;

  g_assert_no_error (error);
  write_template (
      dir, "<html>\n<body>\n<p>{{var:filler}}</p>\n"
           "<p><a href=\"https://example.com/s\">Read your statement</a></p>\n</body>\n</html>\n");
  /* Two scenarios over Gmail's limit, one under it. */
  filler = g_strnfill (110 * 1024, 'x');
  big = g_strdup_printf ("{\"name\": \"Big\", \"variables\": {\"filler\": \"%s\"}}", filler);
  herald_test_write_file (dir, "templates/t/scenarios/a-big.json", big);
  herald_test_write_file (dir, "templates/t/scenarios/b-small.json",
                          "{\"name\": \"Small\", \"variables\": {\"filler\": \"x\"}}");
  herald_test_write_file (dir, "templates/t/scenarios/c-big.json", big);

  all = lint_french (dir, "Cliquez ici");
  for (guint i = 0; i < all->len; i++)
    {
      const char *rule = herald_diagnostic_get_rule_id (g_ptr_array_index (all, i));

      link_texts += g_str_equal (rule, "link-text");
      clippings += g_str_equal (rule, "gmail-clipping");
    }
  g_assert_cmpuint (link_texts, ==, 1);
  g_assert_cmpuint (clippings, ==, 2);

  /* The same list as one scenario at a time, keeping after the first only what is tied to a
   * scenario. */
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  tmpl = herald_library_find_template (library, "t");
  fr = herald_l10n_load_catalog (library, "fr", &error);
  g_assert_no_error (error);
  scenarios = herald_template_get_scenarios (tmpl);
  g_assert_cmpuint (g_list_model_get_n_items (scenarios), ==, 3);
  for (guint s = 0; s < g_list_model_get_n_items (scenarios); s++)
    {
      g_autoptr (HeraldScenario) scenario = g_list_model_get_item (scenarios, s);
      g_autoptr (GPtrArray) found = herald_l10n_lint_template (tmpl, fr, scenario, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < found->len; i++)
        if (s == 0 || herald_diagnostic_get_scenario_id (g_ptr_array_index (found, i)) != NULL)
          g_ptr_array_add (expected, g_object_ref (g_ptr_array_index (found, i)));
    }
  g_assert_cmpuint (all->len, ==, expected->len);
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *have = herald_diagnostic_to_string (g_ptr_array_index (all, i));
      g_autofree char *want = herald_diagnostic_to_string (g_ptr_array_index (expected, i));

      g_assert_cmpstr (have, ==, want);
      g_assert_cmpstr (herald_diagnostic_get_scenario_id (g_ptr_array_index (all, i)), ==,
                       herald_diagnostic_get_scenario_id (g_ptr_array_index (expected, i)));
    }

  herald_test_remove_tree (dir);
}

/* Every note the narrowings decide is, word for word, a note of that feature in the snapshot:
 * a caniemail update that rewords one makes it apply again, and this test says which. */
static void
test_narrowings_in_snapshot (void)
{
  g_autofree char *path =
      g_test_build_filename (G_TEST_DIST, "..", "data", "caniemail", "caniemail.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *features;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *feature_notes = json_object_get_object_member (feature, "notes");
      g_autoptr (GList) members =
          feature_notes != NULL ? json_object_get_members (feature_notes) : NULL;

      for (GList *l = members; l != NULL; l = l->next)
        g_hash_table_add (
            notes, g_strdup_printf ("%s\n%s", json_object_get_string_member (feature, "slug"),
                                    json_object_get_string_member (feature_notes, l->data)));
    }

  g_assert_cmpuint (_herald_lint_get_n_narrowings (), >, 40);
  for (guint i = 0; i < _herald_lint_get_n_narrowings (); i++)
    {
      const char *slug;
      const char *note;
      g_autofree char *key = NULL;

      _herald_lint_get_narrowing (i, &slug, &note);
      key = g_strdup_printf ("%s\n%s", slug, note);
      if (!g_hash_table_contains (notes, key))
        g_error ("the snapshot has no note “%s” on %s", note, slug);
    }
}

/* The client-support message of a feature (by title) for one snippet in <body>, NULL when
 * there is none. */
/* The findings on a library of one template, whose page has head and body. */
static GPtrArray *
lint_page (const char *head, const char *body)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-notes-XXXXXX", &error);
  g_autofree char *html = g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>"
                                           "T</title>\n%s\n</head>\n<body>\n%s\n</body>\n</html>\n",
                                           head, body);
  g_autoptr (HeraldLibrary) library = NULL;
  GPtrArray *diagnostics;

  g_assert_no_error (error);
  herald_test_write_file (dir, "herald.json", "{\"format\": 1, \"sourceLocale\": \"en\"}");
  herald_test_write_file (dir, "templates/t/template.json",
                          "{\"name\": \"T\", \"subject\": \"S\", \"preheader\": \"P\"}");
  herald_test_write_file (dir, "templates/t/body.txt", "T\n");
  herald_test_write_file (dir, "templates/t/body.html", html);
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  diagnostics = herald_lint_library (library);
  herald_test_remove_tree (dir);
  return diagnostics;
}

static char *
client_message (const char *head, const char *body, const char *title, guint *line, guint *column)
{
  g_autofree char *prefix = g_strdup_printf ("%s is ", title);
  g_autoptr (GPtrArray) diagnostics = lint_page (head, body);
  char *message = NULL;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (g_str_equal (herald_diagnostic_get_rule_id (d), "client-support") &&
          g_str_has_prefix (herald_diagnostic_get_message (d), prefix))
        {
          g_assert_null (message);
          message = g_strdup (herald_diagnostic_get_message (d));
          if (line != NULL)
            *line = herald_diagnostic_get_line (d);
          if (column != NULL)
            *column = herald_diagnostic_get_column (d);
        }
    }
  return message;
}

static void
assert_client_message (const char *head, const char *body, const char *title, const char *expected)
{
  g_autofree char *message = client_message (head, body, title, NULL, NULL);

  g_test_message ("%s → %s", body, message);
  g_assert_cmpstr (message, ==, expected);
}

/* Each narrowing both ways: the note left out when the template does not have its case, kept
 * when it does. Expected clients from caniemail's entries (printed in the comments). */
static void
test_narrowed_notes (void)
{
  /* html-role: Yahoo "a #2", "Only works on the `<table>` tag." */
  assert_client_message ("", "<table role=\"presentation\"><tr><td>x</td></tr></table>",
                         "role attribute", NULL);
  assert_client_message ("", "<div role=\"note\">x</div>", "role attribute",
                         "role attribute is only partly supported in Yahoo! Mail Desktop Webmail");
  /* css-text-transform: Outlook Windows "a #1", "`lowercase` value is not supported." */
  assert_client_message ("", "<p style=\"text-transform:uppercase\">x</p>", "text-transform", NULL);
  assert_client_message ("", "<p style=\"text-transform:lowercase\">x</p>", "text-transform",
                         "text-transform is only partly supported in Outlook Windows");
  /* css-border-radius: Outlook Windows "n", Yahoo "a #2" on the "/" notation. */
  assert_client_message ("", "<td style=\"border-radius:4px\">x</td>", "border-radius",
                         "border-radius is not supported in Outlook Windows");
  assert_client_message ("", "<td style=\"border-radius:50% / 10%\">x</td>", "border-radius",
                         "border-radius is not supported in Outlook Windows, and only partly in "
                         "Yahoo! Mail Desktop Webmail");
  /* html-target: "n #1" (`_blank` forced on all links) in Gmail, Outlook.com and Yahoo, "a #3"
   * (links always open in a new window) in the others: what target="_blank" asks. */
  assert_client_message ("", "<a href=\"https://example.com/\" target=\"_blank\">Example</a>",
                         "target attribute", NULL);
  assert_client_message ("", "<a href=\"https://example.com/\" target=\"_self\">Example</a>",
                         "target attribute",
                         "target attribute is not supported in Gmail Desktop Webmail, Gmail "
                         "Android, Gmail iOS, Outlook.com, Yahoo! Mail Desktop Webmail, and only "
                         "partly in Apple Mail macOS, Apple Mail iOS, Outlook Windows, Outlook "
                         "macOS, Outlook iOS, Outlook Android, Samsung Email Android");
  /* html-style: Gmail Desktop Webmail "a #1 #6" (inside <body>; over 16 KB), Outlook Windows
   * "a #4" (declared after use); Gmail Android and iOS "a #1 #2" (#2: other accounts). */
  assert_client_message ("<style>p { color: #222; }</style>", "<p>x</p>", "<style> element",
                         "<style> element is only partly supported in Gmail Android, Gmail iOS");
  assert_client_message ("", "<p>x</p><style>p { color: #222; }</style>", "<style> element",
                         "<style> element is only partly supported in Gmail Desktop Webmail, "
                         "Gmail Android, Gmail iOS, Outlook Windows");
  /* css-box-sizing: "n" in Outlook Windows and Yahoo. Outlook Windows has no @media ("n"), so
   * it never applies a rule inside one; Yahoo applies screen and max-width queries. */
  assert_client_message ("<style>@media screen and (max-width: 600px) { .x { box-sizing: "
                         "border-box; } }</style>",
                         "<div class=\"x\">x</div>", "box-sizing",
                         "box-sizing is not supported in Yahoo! Mail Desktop Webmail");
  assert_client_message ("", "<div style=\"box-sizing:border-box\">x</div>", "box-sizing",
                         "box-sizing is not supported in Outlook Windows, Yahoo! Mail Desktop "
                         "Webmail");
  /* css-display-none: Outlook Windows "a #1 #2", nested tables and <img>. */
  assert_client_message ("", "<span style=\"display:none\">x</span>", "display:none", NULL);
  assert_client_message ("",
                         "<div style=\"display:none\"><table role=\"presentation\"><tr><td>x"
                         "</td></tr></table></div>",
                         "display:none",
                         "display:none is only partly supported in Outlook Windows");
  /* css-padding: Outlook Windows "a #1 #2", only on table cells, rows share vertical padding.
   * A class selector resolves to the elements that carry the class. */
  assert_client_message ("<style>.pad { padding: 4px; }</style>",
                         "<table role=\"presentation\"><tr><td class=\"pad\">x</td></tr></table>",
                         "padding", "padding is only partly supported in Outlook Windows");
  /* css-margin: "a #1" (negative values) in Gmail, Outlook.com, Outlook iOS and Android,
   * Yahoo; Outlook Windows "a #1 #2 #3 #4", of which #3: the background is painted under
   * the margin, which matters only on an element a background reaches. */
  assert_client_message ("<style>.shade { background-color: #eeeeee; }</style>",
                         "<p class=\"plain\" style=\"margin:0 0 16px 0\">x</p>", "margin", NULL);
  assert_client_message ("<style>.shade { background-color: #eeeeee; }</style>",
                         "<p class=\"shade\" style=\"margin:0 0 16px 0\">x</p>", "margin",
                         "margin is only partly supported in Outlook Windows");
  assert_client_message ("", "<p style=\"margin:-4px 0 0 0\">x</p>", "margin",
                         "margin is only partly supported in Gmail Desktop Webmail, Gmail Android, "
                         "Gmail iOS, Outlook Windows, Outlook.com, Outlook iOS, Outlook Android, "
                         "Yahoo! Mail Desktop Webmail");
  /* css-font-size: "a #1" (rem) in Outlook Windows and Yahoo, Samsung "a #2" (relative
   * sizes). Outlook Windows has no @media, so the rem inside one is not its concern; the
   * same note is Yahoo's. */
  assert_client_message ("<style>@media screen { .r { font-size: 2rem; } }</style>",
                         "<p class=\"r\" style=\"font-size:14px\">x</p>", "font-size",
                         "font-size is only partly supported in Yahoo! Mail Desktop Webmail, "
                         "Samsung Email Android");
  /* css-width: Outlook Windows "a #1", not on body, span, div, p, img. */
  assert_client_message ("<style>.w { width: 100px; }</style>",
                         "<table role=\"presentation\"><tr><td class=\"w\">x</td></tr></table>",
                         "width property", NULL);
  assert_client_message ("<style>.w { width: 100px; }</style>", "<div class=\"w\">x</div>",
                         "width property",
                         "width property is only partly supported in Outlook Windows");
}

/* The Clients view's question, per client, agrees with the check: Outlook for Windows lacks
 * border-radius (first used on line 2), Yahoo's note is about the "/" notation, unused. */
static void
test_client_losses (void)
{
  static const char *const clients[] = { "outlook.windows", "yahoo.desktop-webmail", NULL };
  g_autoptr (GPtrArray) losses =
      herald_lint_client_losses ("<p>x</p>\n<p>y <span style=\"border-radius:4px\">z</span></p>\n"
                                 "<p style=\"border-radius:2px\">w</p>",
                                 clients);
  GArray *outlook;
  GArray *yahoo;
  gboolean found = FALSE;

  g_assert_cmpuint (losses->len, ==, 2);
  outlook = g_ptr_array_index (losses, 0);
  for (guint i = 0; i < outlook->len; i++)
    {
      HeraldClientLoss *loss = &g_array_index (outlook, HeraldClientLoss, i);

      if (!g_str_equal (herald_feature_get_slug (loss->feature), "css-border-radius"))
        continue;
      found = TRUE;
      g_assert_cmpint (loss->support, ==, HERALD_SUPPORT_NO);
      g_assert_cmpuint (loss->line, ==, 2);
      g_assert_cmpuint (loss->column, ==, 19);
    }
  g_assert_true (found);
  yahoo = g_ptr_array_index (losses, 1);
  for (guint i = 0; i < yahoo->len; i++)
    g_assert_cmpstr (herald_feature_get_slug (g_array_index (yahoo, HeraldClientLoss, i).feature),
                     !=, "css-border-radius");
}

/* The colours the contrast rule reads: a name, rgb(), <font color>, and a colour among other
 * words of a background (lines 8 to 11 of the page lint_page writes). */
static void
test_contrast_colours (void)
{
  g_autoptr (GPtrArray) diagnostics = lint_page (
      "", "<p style=\"color:Grey\">a</p>\n"
          "<p style=\"color: rgb(150, 150, 150)\">b</p>\n"
          "<div style=\"background: url(x.png)  #777777 no-repeat; color:#fff\">c</div>\n"
          "<font color=\"silver\">d</font>");
  g_autoptr (GString) found = g_string_new (NULL);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (g_str_equal (herald_diagnostic_get_rule_id (d), "contrast"))
        g_string_append_printf (found, "%u: %.23s\n", herald_diagnostic_get_line (d),
                                herald_diagnostic_get_message (d));
    }
  g_assert_cmpstr (found->str, ==,
                   "8: Text #808080 on #FFFFFF\n"
                   "9: Text #969696 on #FFFFFF\n"
                   "10: Text #FFFFFF on #777777\n"
                   "11: Text #C0C0C0 on #FFFFFF\n");
}

/* The contrast findings of a page, "line: colours" each. */
static char *
contrast_findings (const char *head, const char *body)
{
  g_autoptr (GPtrArray) diagnostics = lint_page (head, body);
  GString *found = g_string_new (NULL);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (g_str_equal (herald_diagnostic_get_rule_id (d), "contrast"))
        g_string_append_printf (found, "%u: %.23s\n", herald_diagnostic_get_line (d),
                                herald_diagnostic_get_message (d));
    }
  return g_string_free (found, FALSE);
}

/* Style attributes and stylesheets are read once for all templates: a template reads a style
 * another one read as if it were the first, and keeps its styles when a style too long to keep
 * empties what is kept for the next templates (lines 8 and on of the page lint_page writes). */
static void
test_styles_shared (void)
{
  const char *sheet = "<style>.muted { color: #999999 }</style>";
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *after_long = NULL;
  g_autofree char *long_sheet = NULL;
  g_autofree char *after_long_sheet = NULL;
  g_autoptr (GString) long_style = g_string_new ("color:#777777");
  g_autoptr (GString) long_rules = g_string_new (".pale { color: #777777 }");

  first = contrast_findings (sheet, "<p style=\"color:#999999\">a</p>\n<p class=muted>b</p>");
  g_assert_cmpstr (first, ==, "8: Text #999999 on #FFFFFF\n");
  again = contrast_findings (sheet, "<p style=\"color:#000\">a</p>\n"
                                    "<p style=\"color:#999999\">b</p>\n<p class=muted>c</p>");
  g_assert_cmpstr (again, ==, "9: Text #999999 on #FFFFFF\n");

  /* Over the megabyte kept: read when the shorter one, already kept, is in use. */
  while (long_style->len <= 1024 * 1024)
    g_string_append (long_style, ";padding:0");
  {
    g_autofree char *body = g_strdup_printf ("<p style=\"color:#999999\">a</p>\n"
                                             "<p style=\"%s\">b</p>\n"
                                             "<p style=\"color:#999999\">c</p>",
                                             long_style->str);

    after_long = contrast_findings ("", body);
  }
  g_assert_cmpstr (after_long, ==,
                   "8: Text #999999 on #FFFFFF\n"
                   "9: Text #777777 on #FFFFFF\n");

  while (long_rules->len <= 1024 * 1024)
    g_string_append (long_rules, " .x { margin: 0 }");
  long_sheet = g_strdup_printf ("%s<style>%s</style>", sheet, long_rules->str);
  after_long_sheet = contrast_findings (long_sheet, "<p class=muted>a</p>\n<p class=pale>b</p>");
  g_assert_cmpstr (after_long_sheet, ==,
                   "8: Text #999999 on #FFFFFF\n"
                   "9: Text #777777 on #FFFFFF\n");
}

/* A finding on an element whose start tag is written over several lines is placed at its
 * "<", as on one line (it was placed on the line of its ">", at column 0). */
static void
test_finding_on_tag_over_lines (void)
{
  g_autoptr (GPtrArray) diagnostics =
      lint_page ("", "<p>x</p>\n  <p\n    style=\"color:Grey\"\n  >a</p>");
  guint found = 0;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *d = g_ptr_array_index (diagnostics, i);

      if (!g_str_equal (herald_diagnostic_get_rule_id (d), "contrast"))
        continue;
      g_assert_cmpuint (herald_diagnostic_get_line (d), ==, 9);
      g_assert_cmpuint (herald_diagnostic_get_column (d), ==, 3);
      found++;
    }
  g_assert_cmpuint (found, ==, 1);
}

/* A finding is placed where one of its clients reads a use its notes concern: not on the
 * rule inside @media Outlook for Windows skips, nor on the display:none it supports, but on
 * the inline-block it does not (line 9 of the page client_message writes). */
static void
test_client_finding_place (void)
{
  guint line = 0;
  guint column = 0;
  g_autofree char *message = client_message (
      "<style>@media screen and (max-width: 600px) { .x { display: block !important; } }</style>",
      "<span class=\"x\" style=\"display:none\">a</span>\n"
      "<a href=\"https://example.com/\" style=\"display:inline-block\">b</a>",
      "display", &line, &column);

  g_assert_cmpstr (message, ==, "display is only partly supported in Outlook Windows");
  g_assert_cmpuint (line, ==, 9);
  g_assert_cmpuint (column, ==, 39);
}

static GPtrArray *
lint_locale (const char *dir, const char *msgid, const char *translation)
{
  g_autofree char *po =
      g_strdup_printf ("msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                       "\"Language: fr\\n\"\n\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n\n"
                       "msgid \"%s\"\nmsgstr \"%s\"\n",
                       msgid, translation);
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *diagnostics;

  herald_test_write_file (dir, "po/fr.po", po);
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  diagnostics =
      herald_l10n_lint_locale (library, herald_library_find_template (library, "t"), "fr", &error);
  g_assert_no_error (error);
  return diagnostics;
}

/* The alt text is translated: a French alt that reads like an offer gives the image away
 * where the English "Spring offer" did not. */
static void
test_text_image_per_locale (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-img-text-XXXXXX", &error);
  g_autoptr (GPtrArray) offer = NULL;
  g_autoptr (GPtrArray) plain = NULL;
  g_autoptr (GPtrArray) source = NULL;
  g_autoptr (HeraldLibrary) library = NULL;
  HeraldDiagnostic *finding;

  g_assert_no_error (error);
  herald_test_write_file (dir, "herald.json",
                          "{\"format\": 1, \"sourceLocale\": \"en\", \"targetLocales\": [\"fr\"]}");
  herald_test_write_file (dir, "templates/t/template.json",
                          "{\"name\": \"T\", \"subject\": \"Offer\", \"preheader\": \"Offer\"}");
  herald_test_write_file (dir, "templates/t/body.txt", "Offer\n");
  herald_test_write_file (
      dir, "templates/t/body.html",
      "<html>\n<body>\n<p>Your offer.</p>\n"
      "<img src=\"https://example.com/spring.png\" width=\"600\" alt=\"Spring offer\">\n"
      "</body>\n</html>\n");

  offer = lint_locale (dir, "Spring offer", "Profitez de 20 % de réduction sur votre virement");
  finding = only_finding (offer, "img-text");
  g_assert_nonnull (finding);
  g_assert_cmpstr (herald_diagnostic_get_locale (finding), ==, "fr");
  g_assert_cmpuint (herald_diagnostic_get_line (finding), ==, 4);
  g_assert_cmpuint (herald_diagnostic_get_column (finding), ==, 1);
  g_assert_nonnull (strstr (herald_diagnostic_get_message (finding), "“Profitez de 20"));

  plain = lint_locale (dir, "Spring offer", "Offre de printemps");
  g_assert_null (only_finding (plain, "img-text"));

  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  source = herald_lint_library (library);
  g_assert_null (only_finding (source, "img-text"));
}

static int
compare_lines (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* What the translation checks read of links and images, in the terms of the accessibility
 * rule's findings: "link-text L:C text" for a vague link, "img-text L:C message" for an image
 * of text, sorted. */
static char *
summarize_read (const char *html)
{
  g_autoptr (GArray) links = NULL;
  g_autoptr (GArray) images = NULL;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  _herald_lint_collect_links_and_images (html, TRUE, &links, &images);
  for (guint i = 0; i < links->len; i++)
    {
      HeraldLintLink *link = &g_array_index (links, HeraldLintLink, i);

      if (link->vague)
        g_ptr_array_add (
            lines, g_strdup_printf ("link-text %u:%u %s", link->line, link->column, link->text));
    }
  for (guint i = 0; i < images->len; i++)
    {
      HeraldLintImage *image = &g_array_index (images, HeraldLintImage, i);

      if (image->reason != HERALD_LINT_TEXT_IMAGE_NONE)
        {
          g_autofree char *message = _herald_lint_text_image_message (image);

          g_ptr_array_add (
              lines, g_strdup_printf ("img-text %u:%u %s", image->line, image->column, message));
        }
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* The same from the accessibility rule, which reads libxml2's tree. */
static char *
summarize_rule (HeraldTemplate *tmpl)
{
  g_autoptr (GPtrArray) diagnostics = herald_lint_template (tmpl);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *d = g_ptr_array_index (diagnostics, i);
      const char *rule = herald_diagnostic_get_rule_id (d);
      const char *message = herald_diagnostic_get_message (d);

      if (g_str_equal (rule, "link-text"))
        {
          /* The link text is quoted in the message. */
          const char *start = strstr (message, "“") + strlen ("“");
          g_autofree char *text = g_strndup (start, strstr (start, "”") - start);

          g_ptr_array_add (lines,
                           g_strdup_printf ("link-text %u:%u %s", herald_diagnostic_get_line (d),
                                            herald_diagnostic_get_column (d), text));
        }
      else if (g_str_equal (rule, "img-text"))
        g_ptr_array_add (lines,
                         g_strdup_printf ("img-text %u:%u %s", herald_diagnostic_get_line (d),
                                          herald_diagnostic_get_column (d), message));
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* The translation checks read links and images from libxml2's events, the accessibility rule
 * from its tree: both must see the same, on HTML that libxml2 repairs, with text split by
 * elements, entities and comments, headings after the images that repeat them, images alone in
 * links, prefixed and upper-case names, tags over several lines and text before them that is
 * not ASCII. */
static void
test_links_images_read_as_tree (void)
{
  static const char *const cases[] = {
    "<!DOCTYPE html>\n<html>\n<head><title>Relevé</title>\n"
    "<style>a { color: #000000 }</style></head>\n<body>\n"
    "<h1>Get 20% off your first transfer</h1>\n"
    "<p>Café — <a href=\"https://example.com/a\">Click <b>here</b></a></p>\n"
    "<p>Ünïcødé … <a href=\"x\"><span>cliquez</span>&nbsp;<em>ici</em>!</a> "
    "<a href=\"y\">he<!-- a comment -->re</a></p>\n"
    "<a href=\"z\"><img src=\"photo.png\" width=\"600\" alt=\"Open your account now\"></a>\n"
    "<a href=\"w\">\n  <img src=\"photo.jpg\" width=\"600\" alt=\"Open the app today\">\n</a>\n"
    "<IMG SRC=\"summer_banner@2x.png\" WIDTH=\"600\" ALT=\"Summer\">\n"
    "<img\n  src=\"x.png\" width=\"600\" alt=\"Get 20% off your first transfer\">\n"
    "<o:a href=\"p\">link</o:a>\n"
    "<a name=\"n\"><img src=\"q.png\" alt=\"Read the whole statement\" width=\"600\"></a>\n"
    "<a href=\"m\">Statement <img src=\"r.png\" alt=\"Read the whole statement\"></a>\n"
    "<h2>Before <img src=\"h.png\" alt=\"Open this part of the statement\" width=\"600\"></h2>\n"
    "<p>É <img src=\"late.png\" alt=\"Your new savings goal\" width=\"600\"></p>\n"
    "<h3>Your new <i>savings</i> goal</h3>\n"
    "<h4>Nested <h5>headings</h5></h4>\n<img src=\"n.png\" alt=\"headings\" width=\"600\">\n"
    "<a href=\"u\">https://example.com/very/long</a>\n"
    "<table><tr><td><a href=\"v\">www.example.com</a></td></tr></table>\n"
    "<p><a href=\"t\" href=\"again\">Hier</a><a HREF>ici</a><a>here</a></p>\n"
    "<img src=\"logo-banner.png\" alt=\"Acme\"><img src=\"cta.png\" alt=\"\">\n"
    "<img src=\"btn.png\" alt=\"Go\" width=\"40\" height=\"40\"><img src=\"button.png\">\n"
    "<script>var s = \"<a href='s'>here</a>\";</script>\n"
    "<p><a href=\"k\"><script>/* */</script>Click</a></p>\n"
    "</body>\n</html>\n",
    /* A fragment: libxml2 implies <html>, <body> and <p>, and pairs no tag with them. */
    "<div>\n<a href=\"a\">click</a>\n</div>\n<a href=\"b\"><img src=\"banner.png\" alt=\"x\"></a>\n"
    "<p>Text <a href=\"c\">\n\n   lien\n</a>\n<p><a href=\"d\">ce lien</a>",
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-links-images-XXXXXX", &error);
  g_autoptr (HeraldLibrary) library = NULL;
  HeraldTemplate *tmpl;

  g_assert_no_error (error);
  write_template (dir, statement_html);
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  tmpl = herald_library_find_template (library, "t");

  g_autoptr (GString) deep = g_string_new ("<p><a href=\"x\">here</a><img src=\"banner.png\"></p>");
  const char *all[G_N_ELEMENTS (cases) + 1];

  /* libxml2 stops building its tree 256 elements deep: the link inside is not read. */
  for (guint i = 0; i < 300; i++)
    g_string_append (deep, "<div>");
  g_string_append (deep, "<a href=\"y\">ici</a>");
  memcpy (all, cases, sizeof cases);
  all[G_N_ELEMENTS (cases)] = deep->str;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autofree char *read = summarize_read (all[i]);
      g_autofree char *rule = NULL;

      herald_template_set_part (tmpl, HERALD_PART_HTML, all[i]);
      rule = summarize_rule (tmpl);
      g_assert_cmpstr (read, ==, rule);
      /* Something to compare: each case has both kinds of finding. */
      g_assert_nonnull (strstr (read, "link-text "));
      g_assert_nonnull (strstr (read, "img-text "));
    }

  herald_test_remove_tree (dir);
}

/* Whether the reader finds a vague link or an image of text in html. */
static gboolean
reads_finding (const char *html)
{
  g_autoptr (GArray) links = NULL;
  g_autoptr (GArray) images = NULL;

  _herald_lint_collect_links_and_images (html, FALSE, &links, &images);
  return _herald_lint_has_vague_link_or_text_image (links, images);
}

/* The quick look that spares the translation checks their parse must never miss what the
 * parse would find: vague link texts written in every way libxml2 reads them (case, markup
 * and comments between letters, a ">" in an attribute of that markup, entities and character
 * references, spaces that are not ASCII, letters that case-fold to ASCII ones), bare URLs,
 * images of text. It does let ordinary text, URLs in attributes and "img" in CSS pass. */
static void
test_quick_look_before_parse (void)
{
  static const char *const vague[] = {
    "<p><a href=\"x\">Click here</a></p>",
    "<p><a href=\"x\">CLIQUEZ ICI</a></p>",
    "<p><a href=\"x\">\n  hier\n</a></p>",
    "<p><a href=\"x\">cli<b>ck</b> here</a></p>",
    "<p><a href=\"x\">he<!-- a > b -->re</a></p>",
    "<p><a href=\"x\">h<span title=\"a>b\">e</span>re</a></p>",
    "<p><a href=\"x\">cliquez&nbsp;ici !</a></p>",
    "<p><a href=\"x\">&nbsp;ici&nbsp;&raquo;</a></p>",
    "<p><a href=\"x\">&#160here</a></p>",
    "<p><a href=\"x\">h&#101;re</a></p>",
    "<p><a href=\"x\">h&#x65;re</a></p>",
    "<p><a href=\"x\">clic\xe2\x84\xaa</a></p>",
    "<p><a href=\"x\">thi\xc5\xbf link</a></p>",
    "<p><a href=\"x\">he\x01re</a></p>",
    "<p><a href=\"x\">he\xef\xbf\xbere</a></p>",
    "<p><a href=\"x\">\xc2\xa0lien \xe2\x80\xba</a></p>",
    "<p><a href=\"x\">klicken <b>Sie</b> hier</a></p>",
    "<p><a href=\"x\">Haga clic aqu&iacute;</a></p>",
    "<p><a href=\"x\"><script></script>qui</a></p>",
    "<p><a href=\"x\"><span>ce</span> <em>lien</em></a></p>",
    "<p><a href=\"x\">https://example.com/statement</a></p>",
    "<p><a href=\"x\"> WWW.example.com</a></p>",
    "<p><a href=\"x\">www&#46;example.com</a></p>",
    "<p><a href=\"x\">ht<b>tp</b>://example.com</a></p>",
    "<p><img src=\"spring-banner.png\" alt=\"Spring\"></p>",
    "<p><IMG SRC=\"cta.png\"></p>",
    "<p><v:img src=\"button.png\"></v:img></p>",
    "<h1>Save 20% today</h1><p><img src=\"p.png\" alt=\"Save 20% today\"></p>",
  };
  static const char *const plain[] = {
    "<html><head><style>img { border: 0 }</style></head><body>\n"
    "<p>Lire votre relevé, qui est prêt ici.</p>\n"
    "<p><a href=\"https://example.com/s\" title=\"www.example.com\">Lire votre relevé</a></p>\n"
    "<p>Hier ist Ihr Kontoauszug &#39;2024&#39;.</p>\n"
    "<p style=\"background:url(https://example.com/bg.png)\">Voir le lien ci-dessous</p>\n"
    "</body></html>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (vague); i++)
    {
      g_test_message ("vague %u: %s", i, vague[i]);
      g_assert_true (reads_finding (vague[i]));
      g_assert_true (_herald_lint_may_have_vague_links_or_images (vague[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_test_message ("plain %u: %s", i, plain[i]);
      g_assert_false (reads_finding (plain[i]));
      g_assert_false (_herald_lint_may_have_vague_links_or_images (plain[i]));
    }
}

/* The same on many HTML texts made at random: vague texts with what libxml2 reads around
 * and inside them (markup, comments, entities, blanks, characters it leaves out) put in at
 * random places, letters in random case (with a fixed seed: a failure shows the text). */
static void
test_quick_look_random_texts (void)
{
  static const char *const texts[] = {
    "click here",      "here",         "cliquez ici",
    "ce lien",         "hier klicken", "klicken sie hier",
    "clic aquí",       "qui",          "https://example.com/a",
    "www.example.com",
  };
  static const char *const noise[] = {
    "<b>",
    "</b>",
    "<span title=\"a>b\">",
    "</span>",
    "<!-- c > d -->",
    "<br>",
    "<script></script>",
    "<?pi?>",
    "<o:b>",
    "< ",
    "<!--x-->",
    " ",
    "\n",
    "\t",
    "&nbsp;",
    "\xc2\xa0",
    "&#160;",
    "&#160",
    "&#32;",
    "!",
    "»",
    "&raquo;",
    "\x01",
    "\xef\xbf\xbe",
    ";",
    ">",
    "&amp;",
    "&x",
    "\"",
    "x",
    "é",
    "&#104;",
    "<p>",
    "</a>",
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (18);
  guint n_vague = 0;

  for (guint i = 0; i < 20000; i++)
    {
      const char *text = texts[g_rand_int_range (rand, 0, G_N_ELEMENTS (texts))];
      g_autoptr (GString) html = g_string_new (i % 2 ? "<p><a href=\"x\">" : "<div>\n<a href=x>");

      for (const char *p = text;; p++)
        {
          if (g_rand_int_range (rand, 0, 6) == 0)
            g_string_append (html, noise[g_rand_int_range (rand, 0, G_N_ELEMENTS (noise))]);
          if (*p == '\0')
            break;
          g_string_append_c (html, g_rand_boolean (rand) ? g_ascii_toupper (*p) : *p);
        }
      g_string_append (html, "</a></p>");
      if (!reads_finding (html->str))
        continue;
      n_vague++;
      if (!_herald_lint_may_have_vague_links_or_images (html->str))
        g_error ("the quick look misses a vague link in %s", html->str);
    }
  g_assert_cmpuint (n_vague, >, 5000);
}

/* A translated alt text that repeats a translated heading, which comes after the image: the
 * finding is at the source's image, its column counted in characters. */
static void
test_text_image_heading_per_locale (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-img-heading-XXXXXX", &error);
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (GPtrArray) diagnostics = NULL;
  HeraldDiagnostic *finding;

  g_assert_no_error (error);
  write_template (dir, "<html>\n<body>\n<p>Your savings.</p>\n"
                       "<div title=\"Épargne — été\"><img src=\"s.png\" width=\"600\" "
                       "alt=\"Savings chart\"></div>\n"
                       "<h1>Your savings this year</h1>\n</body>\n</html>\n");
  herald_test_write_file (
      dir, "po/fr.po",
      "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
      "\"Language: fr\\n\"\n\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n\n"
      "msgid \"Savings chart\"\nmsgstr \"Vos économies cette année\"\n\n"
      "msgid \"Your savings this year\"\nmsgstr \"Vos économies cette année\"\n");
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  diagnostics =
      herald_l10n_lint_locale (library, herald_library_find_template (library, "t"), "fr", &error);
  g_assert_no_error (error);

  finding = only_finding (diagnostics, "img-text");
  g_assert_nonnull (finding);
  g_assert_cmpuint (herald_diagnostic_get_line (finding), ==, 4);
  g_assert_cmpuint (herald_diagnostic_get_column (finding), ==, 28);
  g_assert_nonnull (strstr (herald_diagnostic_get_message (finding), "repeats a heading"));

  herald_test_remove_tree (dir);
}

/* The accessibility rule's findings on tmpl, one line each ("rule L:C message"). */
static char *
summarize_accessibility (HeraldTemplate *tmpl, gboolean compaction)
{
  g_autoptr (GPtrArray) diagnostics = NULL;
  g_autoptr (GString) summary = g_string_new (NULL);

  _herald_lint_a11y_set_compaction (compaction);
  diagnostics = herald_lint_template (tmpl);
  _herald_lint_a11y_set_compaction (TRUE);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      HeraldDiagnostic *d = g_ptr_array_index (diagnostics, i);

      g_string_append_printf (summary, "%s %u:%u %s\n", herald_diagnostic_get_rule_id (d),
                              herald_diagnostic_get_line (d), herald_diagnostic_get_column (d),
                              herald_diagnostic_get_message (d));
    }
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

/* Emails that set off every accessibility finding through the attributes, stylesheets and
 * text the rule reads, written as libxml2 reads them in more than one way: tags and values
 * over lines, values with and without quotes (one before "/>"), entities in styles, upper
 * case, repeated attributes (but those moved out, with which the rule parses the whole
 * HTML), long blanks, comments, a script in a link. */
static const char *const accessibility_cases[] = {
  "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
  "<!--\n  Over\n  lines\n-->\n<style>\n  .muted { color: #999999 }\n"
  "  #dark { background: #111111 }\n  td.big { font-size: 24px }\n"
  "  @media (prefers-color-scheme: dark) { .inverse { color: #eeeeee !important } }\n"
  "</style>\n</head>\n<body bgcolor=\"#ffffff\">\n"
  "<table   width=\"600\"\n     cellpadding=\"0\" style=\"font-size:16px\"  >\n"
  "<tr><td class=\"muted big\"  align=center>Grey text</td>\n"
  "<td id=dark style=\"color:#333333;\n  padding: 0\">Dark on dark</td></tr>\n</table>\n"
  "<table role=presentation><tr><td><font color=\"#aaaaaa\">Faint</font></td></tr></table>\n"
  "<p style=\"font-size:10px; font-family: &quot;Arial&quot;\">Small</p>\n"
  "<h1 STYLE='color:#cccccc'>Title</h1>\n\n\n<h3>Skipped</h3>\n"
  "<a href=\"x\"    >click here</a> <a HREF=y><img src=\"spacer.gif\" alt=\"\" /></a>\n"
  "<img src=pixel.gif width=1 height=1 alt=Pixel />\n"
  "<img role=\"presentation\" alt=\"Decor\" src=\"d.png\">\n"
  "<img aria-hidden=true alt=\"Hidden\"\tsrc=\"h.png\" />\n"
  "<IMG SRC=\"summer_banner@2x.png\" WIDTH=\"600\" ALT=\"Summer\">\n"
  "<img src=\"logo.png\" class=logo alt=\"Open your account now\" width=600>\n"
  "<p class=\"inverse\" style=\"color:#dddddd\" id=\"a\" id=\"dark\">Inverse</p>\n"
  "<p><a href=\"z\"><script>/* a\n */</script>here</a></p>\n"
  "<h2><span>Save</span>\n      <span>20%</span></h2><img src=\"save.png\" alt=\"Save 20%\">\n"
  "</body>\n</html>\n",
  /* A fragment, with blanks longer than libxml2's pieces of text where no text may be. */
  "<html>                                                                                   "
  "                                                                                         "
  "                                                                                         "
  "                                                                                         "
  "                                                                                         "
  "                                                                                         "
  "                                                                                         "
  "                                                                                         "
  "                                                                                         "
  "                                                                                         "
  "                                                                                         "
  "                                                                                         "
  "<p style=\"color:#eeeeee\">Pale</p>\r\n<div>\r\n<a href=\"b\">ici</a>\r\n</div>\r\n"
  "<td style=\"color:#777777\" bgcolor=\"#000000\" bgcolor=\"#ffffff\">Twice</td>",
};

/* The rule parses a compact copy of the HTML, with the values it moved out put back: what it
 * finds, and where, must be what it finds in the HTML itself. */
static void
test_accessibility_compaction_changes_nothing (void)
{
  const char *samples = g_getenv ("HERALD_SAMPLES_DIR");
  g_autofree char *sample_path =
      g_build_filename (samples ? samples : SOURCE_SAMPLES_DIR, "account-alerts", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-a11y-compact-XXXXXX", &error);
  g_autoptr (HeraldLibrary) sample_library = herald_library_load (sample_path, &error);
  g_autoptr (HeraldLibrary) library = NULL;
  HeraldTemplate *tmpl;
  guint n_samples = g_list_model_get_n_items (G_LIST_MODEL (sample_library));

  g_assert_no_error (error);
  write_template (dir, accessibility_cases[0]);
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  tmpl = herald_library_find_template (library, "t");

  for (guint i = 0; i < n_samples + G_N_ELEMENTS (accessibility_cases); i++)
    {
      g_autoptr (HeraldTemplate) sample =
          i < n_samples ? g_list_model_get_item (G_LIST_MODEL (sample_library), i) : NULL;
      const char *html = sample != NULL ? herald_template_get_part (sample, HERALD_PART_HTML)
                                        : accessibility_cases[i - n_samples];
      g_autoptr (HeraldHtmlCompact) compact = _herald_lint_a11y_compact (html, strlen (html));
      g_autofree char *whole = NULL;
      g_autofree char *compacted = NULL;

      /* Each is compacted: the comparison compares something. */
      g_assert_nonnull (compact);
      herald_template_set_part (tmpl, HERALD_PART_HTML, html);
      whole = summarize_accessibility (tmpl, FALSE);
      compacted = summarize_accessibility (tmpl, TRUE);
      g_assert_cmpstr (compacted, ==, whole);
      if (sample == NULL)
        for (const char *const *rule =
                 (const char *const[]){ "contrast ", "contrast-dark ", "text-size ",
                                        "heading-order ", "link-text ", "link-image-alt ",
                                        "img-decorative-alt ", "img-text ", NULL };
             i == n_samples && *rule != NULL; rule++)
          g_assert_nonnull (strstr (whole, *rule));
    }

  herald_test_remove_tree (dir);
}

/* Texts the rule's compact copy cuts down, which it puts back as they were: a link's text over
 * lines (read as the link's name), words in other scripts and after CR LF, a text of a
 * template statement only (no words: no contrast to judge), text in the head (libxml2 makes
 * a <body> and a <p> at its end), a "<" that opens nothing. */
static void
test_accessibility_moved_texts (void)
{
  const char *html =
      "<html><head><title>T</title>\nA stray text in the head\n</head><body>\n"
      "<p style=\"color:#999999\">{% if shown %}{% endif %}</p>\n"
      "<p style=\"color:#aaaaaa\">\n  \xc2\xabGrey\xc2\xbb words\r\n  over lines\n</p>\n"
      "<a href=\"x\">\n   Click   here \n</a>\n"
      "<p>a < b, and some more text</p>\n"
      "<h1>A heading of words</h1><h3>Skipped a level</h3>\n"
      "</body></html>\n";
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("herald-a11y-texts-XXXXXX", &error);
  g_autoptr (HeraldLibrary) library = NULL;
  g_autoptr (HeraldHtmlCompact) compact = _herald_lint_a11y_compact (html, strlen (html));
  g_autofree char *whole = NULL;
  g_autofree char *compacted = NULL;
  const HeraldHtmlCompactMoved *moved;
  guint n_moved = 0;
  guint n_texts = 0;

  g_assert_nonnull (compact);
  moved = herald_html_compact_get_moved (compact, &n_moved);
  for (guint i = 0; i < n_moved; i++)
    n_texts += moved[i].attribute == HERALD_HTML_COMPACT_TEXT;
  /* The head's, the statement, the grey words, the link's, the heading's, "Skipped a level" */
  g_assert_cmpuint (n_texts, ==, 6);

  g_assert_no_error (error);
  write_template (dir, html);
  library = herald_library_load (dir, &error);
  g_assert_no_error (error);
  whole = summarize_accessibility (herald_library_find_template (library, "t"), FALSE);
  compacted = summarize_accessibility (herald_library_find_template (library, "t"), TRUE);
  g_assert_cmpstr (compacted, ==, whole);
  g_assert_nonnull (strstr (whole, "link-text 9:1 The link text \xe2\x80\x9c"
                                   "click here"));
  g_assert_nonnull (strstr (whole, "contrast 5:1 Text #AAAAAA"));
  g_assert_null (strstr (whole, "#999999"));
  g_assert_nonnull (strstr (whole, "heading-order 13:28 "));
  herald_test_remove_tree (dir);
}

/* What the rule's compact copy keeps of a start tag (the attributes it reads but those whose
 * values it moves out; each newline) and of a <style>, and where the moved values are in the
 * original. */
static void
test_accessibility_compact_copy (void)
{
  const char *html = "<td  class=\"a\"\n  style=\"color: red\" nowrap>Hi</td>\n    "
                     "<style>\np{}\n</style><img src=x.png alt='A' width=1 />";
  const char *values[] = { "a", "color: red", "\np{}\n", "x.png" };
  g_autoptr (HeraldHtmlCompact) compact = _herald_lint_a11y_compact (html, strlen (html));
  const HeraldHtmlCompactMoved *moved;
  const char *text;
  guint n_moved = 0;

  g_assert_nonnull (compact);
  text = herald_html_compact_get_text (compact, NULL);
  g_assert_cmpstr (text, ==, "<td\n>Hi</td>\n<style>\n\n</style><img alt='A' width=1 />");
  moved = herald_html_compact_get_moved (compact, &n_moved);
  g_assert_cmpuint (n_moved, ==, G_N_ELEMENTS (values));
  for (guint i = 0; i < n_moved; i++)
    {
      g_autofree char *value = g_strndup (html + moved[i].start, moved[i].end - moved[i].start);

      g_assert_cmpstr (value, ==, values[i]);
      /* libxml2 calls back at the tag's end. */
      g_assert_cmpint (text[moved[i].tag_start], ==, '<');
      g_assert_true (text[moved[i].tag_end] == '>' || text[moved[i].tag_end] == '/');
      g_assert_cmpint (moved[i].attribute == HERALD_HTML_COMPACT_RAW_TEXT, ==, i == 2);
    }
  g_assert_cmpuint (moved[0].tag_end, ==, moved[1].tag_end);

  /* A value that libxml2 does not read as its bytes stays; a repeated one gives up. */
  g_clear_pointer (&compact, herald_html_compact_free);
  compact = _herald_lint_a11y_compact ("<p style=\"a&amp;b\">x</p>", 24);
  g_assert_nonnull (compact);
  g_assert_cmpstr (herald_html_compact_get_text (compact, NULL), ==, "<p style=\"a&amp;b\">x</p>");
  herald_html_compact_get_moved (compact, &n_moved);
  g_assert_cmpuint (n_moved, ==, 0);
  g_clear_pointer (&compact, herald_html_compact_free);
  g_assert_null (_herald_lint_a11y_compact ("<p style=a style=b>x</p>", 24));
  /* A tag that opens a <style> is markup to libxml2. */
  g_assert_null (_herald_lint_a11y_compact ("<style><body style=a></style>", 29));
  g_assert_nonnull (_herald_lint_a11y_compact ("<style></style><p>x</p>", 23));

  /* A text is cut down to its first character that is not blank and its newlines, and
   * moved; one with an entity, or after a "<" that opens nothing, stays. */
  compact = _herald_lint_a11y_compact ("<p>\n  Hello world\n</p>", 22);
  g_assert_nonnull (compact);
  text = herald_html_compact_get_text (compact, NULL);
  g_assert_cmpstr (text, ==, "<p>\nH\n</p>");
  moved = herald_html_compact_get_moved (compact, &n_moved);
  g_assert_cmpuint (n_moved, ==, 1);
  g_assert_cmpint (moved[0].attribute, ==, HERALD_HTML_COMPACT_TEXT);
  g_assert_cmpuint (moved[0].tag_start, ==, 3);
  g_assert_cmpuint (moved[0].tag_end, ==, 6);
  g_assert_cmpuint (moved[0].start, ==, 3);
  g_assert_cmpuint (moved[0].end, ==, 18);
  g_clear_pointer (&compact, herald_html_compact_free);
  compact = _herald_lint_a11y_compact ("<p>Hello &amp; world</p><p>x < then more words</p>", 50);
  g_assert_nonnull (compact);
  g_assert_cmpstr (herald_html_compact_get_text (compact, NULL), ==,
                   "<p>Hello &amp; world</p><p>x < then more words</p>");
  herald_html_compact_get_moved (compact, &n_moved);
  g_assert_cmpuint (n_moved, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/herald/email-checks/loader-counts", test_loader_counts);
  g_test_add_func ("/herald/email-checks/accessibility-compaction-changes-nothing",
                   test_accessibility_compaction_changes_nothing);
  g_test_add_func ("/herald/email-checks/accessibility-moved-texts",
                   test_accessibility_moved_texts);
  g_test_add_func ("/herald/email-checks/accessibility-compact-copy",
                   test_accessibility_compact_copy);
  g_test_add_func ("/herald/email-checks/loader-lookup", test_loader_lookup);
  g_test_add_func ("/herald/email-checks/loader-support-at", test_loader_support_at);
  g_test_add_func ("/herald/email-checks/css-tokenizer", test_css_tokenizer);
  g_test_add_func ("/herald/email-checks/known-cases", test_known_cases);
  g_test_add_func ("/herald/email-checks/chosen-clients", test_chosen_clients);
  g_test_add_func ("/herald/email-checks/library-clients", test_library_clients);
  g_test_add_func ("/herald/email-checks/link-text-per-locale", test_link_text_per_locale);
  g_test_add_func ("/herald/email-checks/link-text-after-edit", test_link_text_after_edit);
  g_test_add_func ("/herald/email-checks/links-images-read-as-tree",
                   test_links_images_read_as_tree);
  g_test_add_func ("/herald/email-checks/quick-look-before-parse", test_quick_look_before_parse);
  g_test_add_func ("/herald/email-checks/quick-look-random-texts", test_quick_look_random_texts);
  g_test_add_func ("/herald/email-checks/locale-findings-per-scenario",
                   test_locale_findings_per_scenario);
  g_test_add_func ("/herald/email-checks/narrowings-in-snapshot", test_narrowings_in_snapshot);
  g_test_add_func ("/herald/email-checks/narrowed-notes", test_narrowed_notes);
  g_test_add_func ("/herald/email-checks/contrast-colours", test_contrast_colours);
  g_test_add_func ("/herald/email-checks/styles-shared", test_styles_shared);
  g_test_add_func ("/herald/email-checks/client-losses", test_client_losses);
  g_test_add_func ("/herald/email-checks/client-finding-place", test_client_finding_place);
  g_test_add_func ("/herald/email-checks/finding-on-tag-over-lines",
                   test_finding_on_tag_over_lines);
  g_test_add_func ("/herald/email-checks/text-image-per-locale", test_text_image_per_locale);
  g_test_add_func ("/herald/email-checks/text-image-heading-per-locale",
                   test_text_image_heading_per_locale);

  return g_test_run ();
}
