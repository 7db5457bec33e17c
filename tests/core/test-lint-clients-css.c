/* test-lint-clients-css.c: the client-support rule reads each CSS text's declarations once per
 * run, for every template that has the text: what it finds in a template must not depend on
 * the templates read before it, nor on whether the run still keeps what it reads. And where
 * it places a finding counts characters, whichever way the line is measured.
 *
 * The expected features come from caniemail's data: Outlook for Windows lacks border-radius,
 * display:flex and conic-gradient(). Columns count from 1, at the property's name (the
 * function's for a function).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-client-support.h"
#include "herald-lint-clients-private.h"
#include "herald-lint-clients.h"

static const char *const outlook[] = { "outlook.windows", NULL };

/* "line:column" of Outlook for Windows' loss of the feature slug in html, "" for none. */
static char *
outlook_loss (const char *html, const char *slug)
{
  g_autoptr (GPtrArray) losses = herald_lint_client_losses (html, outlook);
  GArray *found = g_ptr_array_index (losses, 0);

  for (guint i = 0; i < found->len; i++)
    {
      HeraldClientLoss *loss = &g_array_index (found, HeraldClientLoss, i);

      if (g_str_equal (herald_feature_get_slug (loss->feature), slug))
        return g_strdup_printf ("%u:%u", loss->line, loss->column);
    }
  return g_strdup ("");
}

static void
assert_loss (const char *html, const char *slug, const char *expected)
{
  g_autofree char *position = outlook_loss (html, slug);

  g_assert_cmpstr (position, ==, expected);
}

/* The same style in a second template, elsewhere in it: placed where it is there. */
static void
test_same_style_in_two_templates (void)
{
  const char *style = "Display:Flex;background:Conic-Gradient(red, blue)";
  g_autofree char *first = g_strdup_printf ("<div style=\"%s\">a</div>", style);
  g_autofree char *second = g_strdup_printf ("<p>x</p>\n  <div style=\"%s\">b</div>", style);

  assert_loss (first, "css-display-flex", "1:13");
  assert_loss (first, "css-conic-gradient", "1:37");
  assert_loss (second, "css-display-flex", "2:15");
  assert_loss (second, "css-conic-gradient", "2:39");
  /* Read again in the first: the same. */
  assert_loss (first, "css-conic-gradient", "1:37");
  /* Another text with the same declarations in another case, then the first again. */
  assert_loss ("<p style=\"border-radius:4px\">a</p>", "css-border-radius", "1:11");
  assert_loss ("<p>\n<b style=\"BORDER-RADIUS:4PX\">a</b></p>", "css-border-radius", "2:11");
  assert_loss ("<p style=\"border-radius:4px\">a</p>", "css-border-radius", "1:11");
  /* A style attribute in any case, after a class one. */
  assert_loss ("<p Class=\"x\" STYLE=\"border-radius:4px\">a</p>", "css-border-radius", "1:21");
}

/* The same <style> in a second template, elsewhere in it: its rules are placed there. */
static void
test_same_stylesheet_in_two_templates (void)
{
  const char *sheet =
      "<style>@media screen { .r { color: red } } .s { display: flex; border-radius: 2px }</style>";
  g_autofree char *first = g_strdup_printf ("%s<p class=\"r s\">x</p>", sheet);
  g_autofree char *second = g_strdup_printf ("<p>a</p>\n <b>c</b>%s<p class=\"r s\">x</p>", sheet);

  assert_loss (first, "css-at-media", "1:8");
  assert_loss (first, "css-display-flex", "1:49");
  assert_loss (first, "css-border-radius", "1:64");
  assert_loss (second, "css-at-media", "2:17");
  assert_loss (second, "css-display-flex", "2:58");
  assert_loss (second, "css-border-radius", "2:73");
  assert_loss (first, "css-display-flex", "1:49");
}

/* A finding's column counts characters: bytes on an ASCII line, UTF-8 characters on others
 * (the line before is not counted). */
static void
test_columns_in_characters (void)
{
  assert_loss ("<p>x</p>\n<p>abc <b style=\"border-radius:1px\">x</b></p>", "css-border-radius",
               "2:18");
  assert_loss ("<p>é ü <b style=\"border-radius:1px\">x</b></p>", "css-border-radius", "1:18");
  assert_loss (
      "<p>Köln</p>\n<p>Grüße aus Köln, 9 € pro Monat — <b style=\"border-radius:1px\">x</b></p>",
      "css-border-radius", "2:46");
}

/* Once the run keeps no more, new texts are read for their template: found the same. */
static void
test_past_what_the_run_keeps (void)
{
  g_autoptr (GString) html = g_string_new (NULL);

  /* Distinct styles until the run's table is full: each takes over a hundred bytes of it. */
  for (guint round = 0; round < 8 && !_herald_lint_css_shared_full (); round++)
    {
      g_autofree char *position = NULL;

      g_string_truncate (html, 0);
      for (guint i = 0; i < 20000; i++)
        g_string_append_printf (html, "<i style=\"padding:%u.%upx\">x</i>\n", round, i);
      g_string_append (html, "<b style=\"border-radius:1px\">y</b>");
      position = outlook_loss (html->str, "css-border-radius");
      g_assert_cmpstr (position, ==, "20001:11");
    }
  g_assert_true (_herald_lint_css_shared_full ());

  assert_loss ("<div style=\"Display:Flex;background:Conic-Gradient(red, green)\">a</div>",
               "css-display-flex", "1:13");
  assert_loss ("<div style=\"Display:Flex;background:Conic-Gradient(red, green)\">a</div>",
               "css-conic-gradient", "1:37");
  assert_loss ("<p>x</p>\n<i style=\"color:red; border-radius:3px\">a</i>", "css-border-radius",
               "2:22");
  assert_loss ("<p>a</p>\n<style>.s { border-radius: 5px }</style><p class=\"s\">x</p>",
               "css-border-radius", "2:13");
  /* A text kept before is still found. */
  assert_loss (
      "<p>x</p>\n  <div style=\"Display:Flex;background:Conic-Gradient(red, blue)\">b</div>",
      "css-conic-gradient", "2:39");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/herald/lint-clients-css/same-style-in-two-templates",
                   test_same_style_in_two_templates);
  g_test_add_func ("/herald/lint-clients-css/same-stylesheet-in-two-templates",
                   test_same_stylesheet_in_two_templates);
  g_test_add_func ("/herald/lint-clients-css/columns-in-characters", test_columns_in_characters);
  g_test_add_func ("/herald/lint-clients-css/past-what-the-run-keeps",
                   test_past_what_the_run_keeps);
  return g_test_run ();
}
