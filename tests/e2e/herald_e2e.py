# herald_e2e.py: what the end-to-end tests share: starting the real `herald` binary on a
# copy of the sample library with the accessibility bridge on, finding and driving its
# controls through AT-SPI, and stopping it. Each test-*.py imports it (Python puts the
# script's own folder on the import path).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
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


def wait_for_app(process):
    """Herald's application on the accessibility bus, once it is there."""
    return wait_for("Herald on the accessibility bus", lambda: find_app(process.pid))


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


def report_herald(process, scratch):
    """After a failure: herald's exit status, and where it is stuck or where it crashed."""
    log("herald exit status: %s" % process.poll())
    report_stacks(process)
    report_crash(os.environ["HERALD_BINARY"], scratch)


def fail(error, test=None):
    """Logs @error and prints the TAP line that fails @test ("1 /herald/e2e/…"), or the next
    test when None. Returns 1, the exit status of a failed run."""
    log("failed: %s" % error)
    print("not ok %s# %s" % (test + " " if test else "", error), flush=True)
    return 1


def clean_up(process, scratch):
    """Stops herald and removes the scratch folder."""
    stop(process)
    shutil.rmtree(scratch, ignore_errors=True)


def scratch_library(prefix):
    """A scratch folder and, inside it, a copy of the sample library: (scratch, library)."""
    scratch = tempfile.mkdtemp(prefix=prefix)
    library = os.path.join(scratch, "account-alerts")
    shutil.copytree(os.path.join(os.environ["HERALD_SAMPLES_DIR"], "account-alerts"), library)
    return scratch, library


def app_env(**extra):
    """The test's environment with the GTK accessibility bridge on, and @extra."""
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env["GTK_A11Y"] = "atspi"
    env.update(extra)
    return env


def bench_env(build, bench):
    """A benchmark's environment for the uninstalled Herald in @build: what `build-aux/dev
    run` sets, the accessibility bridge on, and nothing about rendering (the figures are for
    what a user gets, so a renderer variable in the environment stops the benchmark)."""
    for variable in ("GSK_RENDERER", "GDK_DEBUG", "WEBKIT_DISABLE_COMPOSITING_MODE"):
        if variable in os.environ:
            sys.exit("%s: unset %s: the figures are for what a user gets" % (bench, variable))
    env = app_env(GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"),
                  HERALD_WEB_MODULE=os.path.join(build, "app/gui/libherald-web.so"))
    if os.getuid() == 0:
        env["WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS"] = "1"
    return env


def start(library, env, cwd, **popen):
    return subprocess.Popen([os.environ["HERALD_BINARY"], library], env=env, cwd=cwd, **popen)


def stop(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def log_names(root, roles, width=100):
    """Logs what a screen reader would hear of @root's nodes with one of @roles, for whoever
    reads a failure."""
    for node in walk(root):
        try:
            if node.getRoleName() in roles and node.name:
                log("%s: %s" % (node.getRoleName(), node.name[:width]))
        except Exception:
            pass


def open_send_test(app):
    """Waits for Send Test to be enabled (a template is selected), clicks it: the dialog."""
    send_test = wait_for("the Send Test button",
                         lambda: find(app, "Send Test", ("push button", "button")))
    wait_for("Send Test to be enabled",
             lambda: send_test.getState().contains(pyatspi.STATE_SENSITIVE))
    click(send_test)
    return wait_for("the Send Test window",
                    lambda: find(app, "Send Test", ("frame", "window", "dialog")))
