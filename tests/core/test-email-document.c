/* test-email-document.c: the documents the preview shows, made from rendered HTML without
 * a display: the content security policy, dark mode, forced inversion, images off, and the
 * detection of remote content.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-email-document.h"

static const char page[] =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Alert</title>"
    "<style>@media (prefers-color-scheme: dark) { body { background: #000 } }"
    "@media (prefers-color-scheme:light){ body { background: #fff } }</style></head>"
    "<body><table background=\"https://cdn.example/bg.png\"><tr><td>"
    "<img src=\"https://cdn.example/logo.png\" alt=\"Ledgerly\" width=\"120\" height=\"40\">"
    "</td></tr></table><p>Hello</p></body></html>";

static const char *
csp_of (const char *document)
{
  const char *csp = strstr (document, "http-equiv=\"Content-Security-Policy\"");

  g_assert_nonnull (csp);
  return strstr (csp, "content=\"");
}

/* No script ever runs, and nothing is fetched unless the user allows remote content; the
 * policy goes inside <head>, after the doctype, so the email keeps standards mode. */
static void
test_policy (void)
{
  g_autofree char *blocked =
      herald_email_document_prepare (page, HERALD_EMAIL_VARIANT_NORMAL, FALSE);
  g_autofree char *allowed =
      herald_email_document_prepare (page, HERALD_EMAIL_VARIANT_NORMAL, TRUE);
  g_autofree char *fragment =
      herald_email_document_prepare ("<p>Hi</p>", HERALD_EMAIL_VARIANT_NORMAL, FALSE);
  g_autofree char *blocked_csp = NULL;
  const char *meta;

  g_assert_true (g_str_has_prefix (blocked, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "));
  meta = csp_of (blocked);
  blocked_csp = g_strndup (meta, strchr (meta + 9, '"') - meta);
  g_assert_nonnull (strstr (blocked_csp, "script-src 'none'"));
  g_assert_nonnull (strstr (blocked_csp, "img-src data: cid:;"));
  g_assert_null (strstr (blocked_csp, "https:"));
  g_assert_nonnull (strstr (csp_of (allowed), "img-src data: cid: https: http:"));
  g_assert_nonnull (strstr (csp_of (allowed), "script-src 'none'"));
  /* The email's own markup is untouched. */
  g_assert_nonnull (strstr (blocked, "<img src=\"https://cdn.example/logo.png\""));
  /* A fragment with neither <html> nor <head> still gets the policy, before it. */
  g_assert_true (g_str_has_prefix (fragment, "<meta http-equiv=\"Content-Security-Policy\""));
  g_assert_true (g_str_has_suffix (fragment, "<p>Hi</p>"));
}

/* Dark mode applies the email's dark rules and drops its light ones, for this document
 * only; the colour scheme turns dark only for emails that declare they support it. */
static void
test_dark (void)
{
  g_autofree char *dark = herald_email_document_prepare (page, HERALD_EMAIL_VARIANT_DARK, FALSE);
  g_autofree char *declared_page =
      g_strconcat ("<html><head><meta name=\"color-scheme\" content=\"light dark\"></head>"
                   "<body>x</body></html>",
                   NULL);
  g_autofree char *declared =
      herald_email_document_prepare (declared_page, HERALD_EMAIL_VARIANT_DARK, FALSE);

  g_assert_null (strstr (dark, "prefers-color-scheme"));
  g_assert_nonnull (strstr (dark, "@media (min-width: 0px) { body { background: #000 } }"));
  g_assert_nonnull (strstr (dark, "@media (max-width: 0px){ body { background: #fff } }"));
  g_assert_null (strstr (dark, "color-scheme:dark"));
  g_assert_nonnull (strstr (declared, ":root{color-scheme:dark !important}"));

  g_assert_true (herald_email_document_has_dark_styles (page));
  g_assert_false (herald_email_document_has_dark_styles ("<p>Dark chocolate</p>"));
  g_assert_true (herald_email_document_declares_dark_support (declared_page));
  g_assert_true (herald_email_document_declares_dark_support (
      "<style>:root { color-scheme: light dark; }</style>"));
  g_assert_false (herald_email_document_declares_dark_support (page));
}

static void
test_inverted (void)
{
  g_autofree char *inverted =
      herald_email_document_prepare (page, HERALD_EMAIL_VARIANT_INVERTED, FALSE);

  /* The whole page is inverted, images twice so they look as they are. */
  g_assert_nonnull (
      strstr (inverted, "html{background-color:#ffffff;min-height:100%;filter:invert(1)"));
  g_assert_nonnull (strstr (inverted, "img,picture,video,svg"));
  /* The email's own dark rules are not applied in this mode. */
  g_assert_nonnull (strstr (inverted, "prefers-color-scheme: dark"));
}

/* As Gmail and Outlook show a blocked image: its box, with its alt text in it; background
 * images go too, and nothing remote loads even if the user allowed remote content. */
static void
test_images_off (void)
{
  g_autofree char *off =
      herald_email_document_prepare (page, HERALD_EMAIL_VARIANT_IMAGES_OFF, TRUE);
  const char *span;

  g_assert_null (strstr (off, "<img"));
  g_assert_null (strstr (off, "background=\""));
  span = strstr (off, "<span class=\"herald-blocked-image\"");
  g_assert_nonnull (span);
  g_assert_nonnull (strstr (span, "width:120px;min-height:40px;"));
  g_assert_nonnull (strstr (span, ">Ledgerly</span>"));
  g_assert_nonnull (strstr (off, "<p>Hello</p>"));
  g_assert_null (strstr (csp_of (off), "https:"));
}

static void
test_remote_references (void)
{
  const char *remote[] = {
    "<img src=\"https://cdn.example/a.png\">",
    "<img src='//cdn.example/a.png'>",
    "<td background=\"http://cdn.example/bg.png\">",
    "<div style=\"background-image:url( 'https://cdn.example/bg.png')\">",
    "<link rel=\"stylesheet\" href=\"https://fonts.example/css\">",
    "<style>@import url(\"https://fonts.example/css\");</style>",
    "<img srcset=\"https://cdn.example/a.png 2x\">",
  };
  const char *local[] = {
    "<p>Read more at https://ledgerly.example/help</p>",
    "<a href=\"https://ledgerly.example/help\">Help</a>",
    "<img src=\"cid:logo\" alt=\"\">",
    "<img src=\"data:image/png;base64,AAAA\" alt=\"\">",
  };

  for (guint i = 0; i < G_N_ELEMENTS (remote); i++)
    if (!herald_email_document_has_remote_references (remote[i]))
      g_error ("Remote content not seen in %s", remote[i]);
  for (guint i = 0; i < G_N_ELEMENTS (local); i++)
    if (herald_email_document_has_remote_references (local[i]))
      g_error ("Remote content wrongly seen in %s", local[i]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/herald/email-document/policy", test_policy);
  g_test_add_func ("/herald/email-document/dark", test_dark);
  g_test_add_func ("/herald/email-document/inverted", test_inverted);
  g_test_add_func ("/herald/email-document/images-off", test_images_off);
  g_test_add_func ("/herald/email-document/remote-references", test_remote_references);

  return g_test_run ();
}
