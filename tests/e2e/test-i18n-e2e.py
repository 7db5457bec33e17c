#!/usr/bin/python3
# test-i18n-e2e.py: the uninstalled `herald` binary, started the way `build-aux/dev run`
# starts it but with LANGUAGE=fr, must show its interface and the findings of the checks
# panel in French, read from the catalogue that the build made of po/fr.po. The expected
# texts come from po/fr.po itself (compiled here with msgfmt), never from the code.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gettext
import os
import subprocess
import sys

import herald_e2e as e2e

# A finding the sample template "Overdraft risk" always has: its scenario past-overdraft-limit
# sends an empty list.
EMPTY_LIST = ('"%s" is an empty list: Mailjet has been reported to fail on loops over empty '
              'lists; confirm with a real test send')


def french_catalogue(scratch):
    """po/fr.po compiled by the real msgfmt, as Python's gettext reads it."""
    folder = os.path.join(scratch, "locale", "fr", "LC_MESSAGES")
    os.makedirs(folder)
    po = os.path.join(os.environ["HERALD_SOURCE_DIR"], "po", "fr.po")
    subprocess.run(["msgfmt", "--check", "-o", os.path.join(folder, "herald-expected.mo"), po],
                   check=True)
    return gettext.translation("herald-expected", os.path.join(scratch, "locale"), ["fr"])


def translated(catalogue, msgid):
    text = catalogue.gettext(msgid)
    assert text != msgid, "po/fr.po has no French for “%s”" % msgid
    return text


def named(app, predicate):
    for node in e2e.walk(app):
        try:
            if node.name and predicate(node.name):
                return node
        except Exception:
            continue
    return None


def main():
    scratch, library = e2e.scratch_library("herald-i18n-e2e-")
    french = french_catalogue(scratch)

    send_test = translated(french, "Send Test")
    finding = translated(french, EMPTY_LIST) % "var:upcoming"
    warning = translated(french, "Warning: %s, %s")
    spoken = warning[:warning.index("%s")] + finding
    summary = translated(french, "Checks: %s, %s, %u in all")
    summary_start = summary[:summary.index("%s")]

    # As a user whose session is French: gettext needs a locale other than C to read
    # LANGUAGE, and glibc always has C.UTF-8.
    env = e2e.app_env(LANGUAGE="fr", LC_ALL="C.UTF-8")

    print("1..1", flush=True)
    process = e2e.start(library, env, scratch)
    app = None
    try:
        app = e2e.wait_for_app(process)
        e2e.select_template(app, "Overdraft risk")

        e2e.wait_for("the “%s” button" % send_test,
                     lambda: e2e.find(app, send_test, ("push button", "button")))
        e2e.wait_for("the checks summary “%s…”" % summary_start,
                     lambda: named(app, lambda name: name.startswith(summary_start)))
        e2e.wait_for("the finding “%s” in the checks panel" % finding,
                     lambda: e2e.find(app, finding, ("label",)))
        e2e.wait_for("the checks row read out as “%s…”" % spoken,
                     lambda: named(app, lambda name: name.startswith(spoken)))
        english = named(app, lambda name: "is an empty list" in name or name.startswith("Checks:"))
        assert english is None, "English is still shown: “%s”" % english.name
        print("ok 1 /herald/e2e/french-from-the-build-tree", flush=True)
        return 0
    except AssertionError as error:
        e2e.log_names(app, ("label", "push button", "list item"), width=120)
        return e2e.fail(error, "1 /herald/e2e/french-from-the-build-tree")
    finally:
        e2e.clean_up(process, scratch)


if __name__ == "__main__":
    sys.exit(main())
