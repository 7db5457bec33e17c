#!/usr/bin/python3
# test-send-e2e.py: the real `herald` binary, driven through the accessibility tree as a
# person would: pick a template, open Send Test, type an inbox, send to the Sandbox, and wait
# for the delivery to reach a final state. Finding every control by its accessible name is
# also the proof that the controls have one.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

TIMEOUT = 90

# GTK 4.8 leaves some AT-SPI calls unanswered when it hits an internal critical (a null object
# path while the registry has not answered yet); with the default 25 s D-Bus timeout, one such
# node makes a single walk of the tree outlast the whole test. A short timeout skips the node
# and the next probe asks again.
pyatspi.setTimeout(2000, 15000)


def log(message):
    # meson shows only standard error of a failed TAP test, so the story goes there too.
    print("# " + message, flush=True)
    print("# " + message, file=sys.stderr, flush=True)


# The previews' web content lives in WebKit's own processes; asking them about their
# accessibility trees can block for a D-Bus timeout on a busy machine, and nothing a user
# clicks here is inside them.
WEB_ROLES = ("document web", "document frame", "embedded", "internal frame")


def walk(node, depth=0, limit=60):
    if node is None or depth > limit:
        return
    yield node
    try:
        if node.getRoleName() in WEB_ROLES:
            return
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1, limit)


def find(root, name=None, roles=None, showing=False):
    for node in walk(root):
        try:
            # GTK 4.8 appends a button's visible label to its accessible label.
            if name is not None and node.name != name and not node.name.startswith(name + " "):
                continue
            if roles is not None and node.getRoleName() not in roles:
                continue
            if showing and not node.getState().contains(pyatspi.STATE_SHOWING):
                continue
            return node
        except Exception:
            continue
    return None


def wait_for(what, probe, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError("timed out waiting for " + what)


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def click(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "activate", "press"):
            action.doAction(i)
            return
    action.doAction(0)


def select_template(app, name):
    label = wait_for("the template “%s” in the list" % name,
                     lambda: find(app, name, ("label",), showing=False))
    item = label
    while item is not None and item.getRoleName() not in ("list item", "table row"):
        item = item.parent
    assert item is not None, "the template name is not inside a list item"
    selection = item.parent.querySelection()
    selection.selectChild(item.getIndexInParent())


def type_into(node, text):
    try:
        node.queryEditableText().setTextContents(text)
        return
    except NotImplementedError:
        pass
    node.queryComponent().grabFocus()
    time.sleep(0.2)
    for char in text:
        pyatspi.Registry.generateKeyboardEvent(ord(char), None, pyatspi.KEY_SYM)
        time.sleep(0.02)


def report_stacks(process):
    """Prints where a still-running herald is, so that a timeout in CI says whether the app
    was stuck or only its accessibility tree was."""
    if process.poll() is not None or shutil.which("gdb") is None:
        return
    result = subprocess.run(["gdb", "-batch", "-p", str(process.pid), "-ex", "thread apply all bt 12"],
                            capture_output=True, text=True, timeout=120)
    for line in result.stdout.splitlines():
        if line.startswith("#") or line.startswith("Thread"):
            log(line)


def report_crash(herald, folder):
    """Prints the stack of a crashed herald, when the system wrote a core file and gdb is
    installed, so that a failure in CI says where it happened."""
    cores = [name for name in os.listdir(folder) if name.startswith("core")]
    if not cores or shutil.which("gdb") is None:
        return
    result = subprocess.run(["gdb", "-batch", "-ex", "bt 30", herald, os.path.join(folder, cores[0])],
                            capture_output=True, text=True, timeout=120)
    for line in result.stdout.splitlines():
        if line.startswith("#"):
            log(line)


def main():
    herald = os.environ["HERALD_BINARY"]
    samples = os.path.join(os.environ["HERALD_SAMPLES_DIR"], "account-alerts")
    scratch = tempfile.mkdtemp(prefix="herald-e2e-")
    library = os.path.join(scratch, "account-alerts")
    shutil.copytree(samples, library)

    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env["GTK_A11Y"] = "atspi"
    env["HERALD_SANDBOX_SPEED"] = "50"

    print("1..1", flush=True)
    def allow_core():
        # A crash leaves a core file in the scratch folder for the report below.
        resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))

    process = subprocess.Popen([herald, library], env=env, cwd=scratch, preexec_fn=allow_core)
    app = None
    try:
        app = wait_for("Herald on the accessibility bus", lambda: find_app(process.pid))
        log("found %s" % app.name)

        select_template(app, "Overdraft risk")
        send_test = wait_for("the Send Test button",
                             lambda: find(app, "Send Test", ("push button", "button")))
        wait_for("Send Test to be enabled",
                 lambda: send_test.getState().contains(pyatspi.STATE_SENSITIVE))
        click(send_test)
        dialog = wait_for("the Send Test window",
                          lambda: find(app, "Send Test", ("frame", "window", "dialog")))

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

        click(send_test)
        dialog = wait_for("the Send Test window",
                          lambda: find(app, "Send Test", ("frame", "window", "dialog")))
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
        # What the user would see, for whoever reads the failure.
        for node in walk(app):
            try:
                if node.getRoleName() in ("label", "text", "push button") and node.name:
                    log("%s: %s" % (node.getRoleName(), node.name[:100]))
            except Exception:
                pass
        log("herald exit status: %s" % process.poll())
        report_stacks(process)
        report_crash(herald, scratch)
        log("failed: %s" % error)
        print("not ok 1 /herald/e2e/send-to-sandbox # %s" % error, flush=True)
        return 1
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
