#!/usr/bin/python3
# test-send-e2e.py: the real `herald` binary, driven through the accessibility tree as a
# person would: pick a template, open Send Test, type an inbox, send to the Sandbox, and wait
# for the delivery to reach a final state. Finding every control by its accessible name is
# also the proof that the controls have one.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import resource
import sys
import time

import pyatspi

from herald_e2e import (app_env, clean_up, click, fail, find, find_app, log, log_names,
                        open_send_test, report_herald, scratch_library, select_template, start,
                        type_into, wait_for, wait_for_app)


def main():
    scratch, library = scratch_library("herald-e2e-")
    env = app_env(HERALD_SANDBOX_SPEED="50")

    print("1..1", flush=True)
    def allow_core():
        # A crash leaves a core file in the scratch folder for the report below.
        resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))

    process = start(library, env, scratch, preexec_fn=allow_core)
    app = None
    try:
        app = wait_for_app(process)
        log("found %s" % app.name)

        select_template(app, "Overdraft risk")
        dialog = open_send_test(app)

        # A screen reader that counted the windows while the dialog was open and reads the
        # last one after it closed must get an answer, not crash the app (GTK 4.8 returns
        # the last toplevel it has, which must therefore never be a hidden one).
        windows = app.childCount
        assert windows >= 2, "the Send Test dialog is not a child of the app"
        cancel = wait_for("the Cancel button", lambda: find(dialog, "_Cancel", ("push button",)))
        click(cancel)
        wait_for("the dialog to close", lambda: process.poll() is not None or app.childCount < windows)
        try:
            app.getChildAtIndex(windows - 1)
        except Exception:
            pass
        time.sleep(0.5)
        assert process.poll() is None, "herald died when a closed dialog was read"

        dialog = open_send_test(app)
        sandbox_note = find(dialog, "Sandbox messages are simulated")
        assert sandbox_note is not None, "the dialog does not say Sandbox messages are simulated"

        entry = wait_for("the test inbox field",
                         lambda: find(dialog, None, ("text", "entry")))
        type_into(entry, "ok@example.com")

        send = wait_for("the Send button", lambda: find(dialog, "Send", ("push button", "button")))
        wait_for("Send to be enabled", lambda: send.getState().contains(pyatspi.STATE_SENSITIVE))
        click(send)

        # Asks the registry for the app again on each probe, so that a subtree GTK has
        # rebuilt since is not searched through stale references.
        def final_status():
            current = find_app(process.pid) or app
            return find(current, "Opened", ("label",)) or find(current, "Delivered", ("label",))

        status = wait_for("“Delivered” or “Opened” in the deliveries", final_status)
        log("delivery reached %s" % status.name)
        recipient = find(app, "ok@example.com")
        assert recipient is not None, "the deliveries view does not name the recipient"
        print("ok 1 /herald/e2e/send-to-sandbox", flush=True)
        return 0
    except AssertionError as error:
        log_names(app, ("label", "text", "push button"))
        report_herald(process, scratch)
        return fail(error, "1 /herald/e2e/send-to-sandbox")
    finally:
        clean_up(process, scratch)


if __name__ == "__main__":
    sys.exit(main())
