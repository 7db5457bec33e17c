#!/usr/bin/python3
# test-home-isolation.py: build-aux/test-session keeps the tests out of the real home, and
# settings written inside a session are read back inside it.
#
# The test starts a session of its own whose HOME is a sentinel folder, with the GSettings
# backend a desktop uses (dconf, through the D-Bus-activated dconf-service). Inside it the
# real `herald` keeps a test inbox typed into Send Test, quits, starts again, and must show
# the inbox again. Afterwards every name, mode, size, modification time and byte under the
# sentinel must be what it was before.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

APP_ID = "io.github.heraldapp.Herald"
INBOX = "kept@example.com"
TESTS = ("/herald/session/home-untouched", "/herald/session/settings-survive-restart")


def log(message, stderr=True):
    print("# " + message, flush=True)
    if stderr:
        print("# " + message, file=sys.stderr, flush=True)


def snapshot(root):
    """Everything a write could change under root, symlinks not followed."""
    state = {}
    for folder, dirs, files in os.walk(root):
        for name in [""] + dirs + files:
            path = os.path.join(folder, name) if name else folder
            if not name and folder != root:
                continue
            info = os.lstat(path)
            entry = (info.st_mode, info.st_size, info.st_mtime_ns)
            if os.path.islink(path):
                entry += (os.readlink(path),)
            elif os.path.isfile(path):
                with open(path, "rb") as f:
                    entry += (hashlib.sha256(f.read()).hexdigest(),)
            state[os.path.relpath(path, root)] = entry
    return state


def make_sentinel(root):
    """A home as a user has it: configuration, data and cache folders with files in them."""
    for sub in (".config", ".local/share", ".cache", "Documents"):
        os.makedirs(os.path.join(root, sub))
    with open(os.path.join(root, ".config", "user-dirs.dirs"), "w") as f:
        f.write('XDG_DOCUMENTS_DIR="$HOME/Documents"\n')
    with open(os.path.join(root, "Documents", "notes.txt"), "w") as f:
        f.write("not Herald's\n")


def outer():
    source = os.environ["HERALD_SOURCE_DIR"]
    work = tempfile.mkdtemp(prefix="herald-isolation-")
    sentinel = os.path.join(work, "home")
    make_sentinel(sentinel)
    before = snapshot(sentinel)

    env = dict(os.environ)
    # A user's login session: HOME set, the XDG variables left to their defaults under it,
    # and the ordinary GSettings backend.
    env["HOME"] = sentinel
    for name in list(env):
        if name.startswith("XDG_") and name not in ("XDG_DATA_DIRS", "XDG_CONFIG_DIRS"):
            del env[name]
    env.pop("GSETTINGS_BACKEND", None)
    # Set when this test itself runs in a session started by an older test-session.
    env.pop("HERALD_TEST_SESSION_INNER", None)

    print("1..%d" % len(TESTS), flush=True)
    try:
        inner = subprocess.run(
            [os.path.join(source, "build-aux", "test-session"), "--run",
             sys.executable, os.path.abspath(__file__), "--inner", work],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
        for line in inner.stdout.splitlines():
            log("session: " + line)
        survived = inner.returncode == 0 and ("RESTART-OK " + INBOX) in inner.stdout

        after = snapshot(sentinel)
        changed = sorted(name for name in set(before) | set(after)
                         if before.get(name) != after.get(name))
        for name in changed:
            log("changed under the sentinel home: %s" % name)

        failures = 0
        if changed:
            print("not ok 1 %s # %d entries changed, first %s" % (TESTS[0], len(changed), changed[0]),
                  flush=True)
            failures += 1
        else:
            print("ok 1 %s" % TESTS[0], flush=True)
        if survived:
            print("ok 2 %s" % TESTS[1], flush=True)
        else:
            print("not ok 2 %s # the kept test inbox was not shown after a restart" % TESTS[1],
                  flush=True)
            failures += 1
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_text(node):
    # GTK 4.8 answers an end offset of -1 with an empty string.
    text = node.queryText()
    return text.getText(0, text.characterCount)


def gsettings_get(key):
    result = subprocess.run(["gsettings", "get", APP_ID, key], capture_output=True, text=True)
    return result.stdout.strip()


def inner(work):
    # Imported here: the outer half runs outside the session, with no accessibility bus.
    import herald_e2e as e2e

    library = os.path.join(work, "account-alerts")
    shutil.copytree(os.path.join(os.environ["HERALD_SAMPLES_DIR"], "account-alerts"), library)
    env = e2e.app_env()

    def open_send_test():
        process = e2e.start(library, env, work)
        app = e2e.wait_for_app(process)
        e2e.select_template(app, "Overdraft risk")
        dialog = e2e.open_send_test(app)
        entry = e2e.wait_for("the test inbox field",
                             lambda: e2e.find(dialog, None, ("text", "entry")))
        return process, entry

    # The session's own folders, where its dconf-service must write.
    print("# HOME=%s XDG_CONFIG_HOME=%s" % (os.environ["HOME"], os.environ.get("XDG_CONFIG_HOME")))

    process, entry = open_send_test()
    try:
        e2e.type_into(entry, INBOX)
        # Read through dconf by another process: the write reached the database that this
        # session reads, not only the app's memory.
        e2e.wait_for("gsettings to read the kept inbox back",
                     lambda: INBOX in gsettings_get("test-recipients"), timeout=30)
        print("# last-library: %s" % gsettings_get("last-library"), flush=True)
    finally:
        e2e.stop(process)

    process, entry = open_send_test()
    try:
        shown = e2e.wait_for("the kept inbox in the restarted app",
                             lambda: read_text(entry) or None, timeout=30)
        print("RESTART-%s %s" % ("OK" if shown == INBOX else "WRONG", shown), flush=True)
    finally:
        e2e.stop(process)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--inner":
        sys.exit(inner(sys.argv[2]))
    sys.exit(outer())
