#!/usr/bin/python3
# test-a11y-names.py: what a screen reader hears. The real `herald` binary on the sample
# library, with two tracked test messages, read through the accessibility tree: every
# control a person can reach must have a name, and that name must not be a GTK type name
# such as "GtkToggleButton".
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import sys
import time

import pyatspi

import herald_e2e as e2e

CONTROLS = ("push button", "toggle button", "combo box", "check box", "radio button",
            "menu button", "list item", "entry", "spin button", "text")

# Two messages that reached a final state, so the deliveries view lists them without any
# network: the fields are those of Herald's deliveries.json.
DELIVERIES = {
    "deliveries": [
        {"account": "sandbox", "messageId": 1152921504606846977, "uuid": "a11y-1",
         "customId": "herald-a11y-1", "recipient": "ok@example.com",
         "template": "overdraft-risk", "locale": "fr", "scenario": "near-threshold",
         "sentAt": 1764600000, "status": "opened", "stateId": 0, "state": "",
         "requests": 3, "finished": True, "events": []},
        {"account": "sandbox", "messageId": 1152921504606846978, "uuid": "a11y-2",
         "customId": "herald-a11y-2", "recipient": "bounce@example.com",
         "template": "overdraft-risk", "locale": "de", "scenario": "near-threshold",
         "sentAt": 1764600000, "status": "bounce", "stateId": 1,
         "state": "user unknown", "requests": 3, "finished": True, "events": []},
    ]
}


def unnamed_controls(root):
    found = []
    for node in e2e.walk(root):
        try:
            role = node.getRoleName()
            if role not in CONTROLS or not node.getState().contains(pyatspi.STATE_SHOWING):
                continue
            name = node.name or ""
            if name.strip() == "" or name.startswith("Gtk") or name.startswith("Adw"):
                found.append("%s “%s”" % (role, name))
        except Exception:
            continue
    return found


def main():
    scratch, library = e2e.scratch_library("herald-a11y-")
    data_home = os.path.join(scratch, "data")
    os.makedirs(os.path.join(data_home, "herald"))
    with open(os.path.join(data_home, "herald", "deliveries.json"), "w") as f:
        json.dump(DELIVERIES, f)

    env = e2e.app_env(XDG_DATA_HOME=data_home)

    print("1..2", flush=True)
    process = e2e.start(library, env, scratch)
    failures = 0
    app = None
    try:
        app = e2e.wait_for_app(process)
        e2e.select_template(app, "Overdraft risk")
        for name in ("Scenario", "Language"):
            e2e.wait_for("the %s drop-down's button" % name,
                         lambda: e2e.find(app, name, ("toggle button", "push button")))
        time.sleep(1)
        missing = unnamed_controls(app)
        if missing:
            failures += 1
            print("not ok 1 /herald/e2e/a11y/templates-page # unnamed: %s" % "; ".join(missing),
                  flush=True)
        else:
            print("ok 1 /herald/e2e/a11y/templates-page", flush=True)

        page = e2e.wait_for("the Deliveries page button",
                            lambda: e2e.find(app, "Deliveries", ("toggle button", "push button",
                                                                 "radio button", "page tab")))
        e2e.click(page)
        rows = {}
        for inbox in ("ok@example.com", "bounce@example.com"):
            rows[inbox] = e2e.wait_for(
                "a delivery row named after %s" % inbox,
                lambda: e2e.find(app, inbox + ":", ("list item", "table row")),
                timeout=30)
        missing = unnamed_controls(app)
        if missing:
            failures += 1
            print("not ok 2 /herald/e2e/a11y/deliveries-page # unnamed: %s" % "; ".join(missing),
                  flush=True)
        else:
            # The row says what happened, in the words the row shows.
            bounced = rows["bounce@example.com"].name
            assert "Bounced" in bounced and "de" in bounced, bounced
            print("ok 2 /herald/e2e/a11y/deliveries-page", flush=True)
        return 1 if failures else 0
    except AssertionError as error:
        # What a screen reader would hear of the rows, for whoever reads the failure.
        for node in e2e.walk(app):
            try:
                if node.name and ("@" in node.name or node.getRoleName() in ("list item", "table row")):
                    e2e.log("%s: %s" % (node.getRoleName(), node.name[:100]))
            except Exception:
                pass
        return e2e.fail(error)
    finally:
        e2e.clean_up(process, scratch)


if __name__ == "__main__":
    sys.exit(main())
