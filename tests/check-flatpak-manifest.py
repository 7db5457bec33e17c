#!/usr/bin/python3
# check-flatpak-manifest.py SOURCE_DIR: the Flatpak manifest parses, and everything Herald's
# build asks for is there inside the sandbox.
#
# `flatpak-builder --show-manifest` parses the manifest the way a build would (a property it
# does not know, or one of the wrong type, is a failure too). Then every dependency('…') and
# find_library('…') of the application's meson.build files must come from the GNOME runtime
# (the list below) or from a module of the manifest: a dependency added to meson.build
# without a provider fails here, before a Flatpak build finds out.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import subprocess
import sys
import tempfile

MANIFEST = os.path.join("build-aux", "flatpak", "io.github.heraldapp.Herald.json")

# What org.gnome.Platform provides, by the pkg-config or library name meson.build asks for.
# Only valid for the GNOME runtime, from version 44 on: WebKitGTK 6.0 (the GTK 4 API) is in it
# since 44. libgettextpo is part of the freedesktop base's gettext, which GNOME's own PO
# editor (Gtranslator) relies on in its manifest without building it.
GNOME_RUNTIME = {
    "glib-2.0", "gio-2.0", "gobject-2.0", "gmodule-2.0",
    "json-glib-1.0", "libxml-2.0", "gettextpo", "libsoup-3.0", "libsecret-1", "gnutls",
    "gtk4", "libadwaita-1", "gtksourceview-5", "webkitgtk-6.0",
    "m",
}
FIRST_GNOME_RUNTIME_WITH_WEBKITGTK_6 = 44

# What the runtime lacks: the manifest module that builds it.
MODULES = {
    "gmime-3.0": "gmime",
}

REQUEST = re.compile(r"\b(?:dependency|find_library)\s*\(\s*'([^']+)'")


def requested(source):
    """Name -> 'file:line' of the first request, for every meson.build the app's build reads.
    The tests are not built in the Flatpak (the manifest says -Dtests=false)."""
    found = {}
    for folder, dirs, files in os.walk(source):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_build")) and
                   not (folder == source and d in ("tests", "subprojects"))]
        if "meson.build" not in files:
            continue
        path = os.path.join(folder, "meson.build")
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                code = line.split("#", 1)[0]
                for name in REQUEST.findall(code):
                    found.setdefault(name, "%s:%d" % (os.path.relpath(path, source), number))
    return found


def main():
    source = os.path.abspath(sys.argv[1])
    manifest_path = os.path.join(source, MANIFEST)
    problems = []

    # flatpak-builder leaves a .flatpak-builder folder in its working folder.
    with tempfile.TemporaryDirectory(prefix="herald-flatpak-") as work:
        result = subprocess.run(["flatpak-builder", "--show-manifest", manifest_path],
                                cwd=work, capture_output=True, text=True)
    if result.returncode != 0:
        print("%s does not parse: %s" % (MANIFEST, result.stderr.strip()))
        return 1
    for line in result.stderr.splitlines():
        if "WARNING" in line or "CRITICAL" in line:
            problems.append("%s: %s" % (MANIFEST, line.strip()))
    manifest = json.loads(result.stdout)

    runtime_version = manifest.get("runtime-version", "")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        problems.append("%s: the runtime is not org.gnome.Platform with org.gnome.Sdk, so the "
                        "list of what the runtime provides does not apply" % MANIFEST)
    elif not runtime_version.isdigit() or int(runtime_version) < FIRST_GNOME_RUNTIME_WITH_WEBKITGTK_6:
        problems.append("%s: runtime-version %r has no WebKitGTK 6.0 (GNOME %d or later has)"
                        % (MANIFEST, runtime_version, FIRST_GNOME_RUNTIME_WITH_WEBKITGTK_6))

    modules = manifest.get("modules", [])
    names = [m.get("name") for m in modules if isinstance(m, dict)]
    if not names or names[-1] != "herald":
        problems.append("%s: the last module must build Herald" % MANIFEST)
    elif "-Dtests=false" not in modules[-1].get("config-opts", []):
        problems.append("%s: Herald's module must pass -Dtests=false (the test suite's own "
                        "dependencies are not in the sandbox)" % MANIFEST)

    for name, where in sorted(requested(source).items()):
        if name in GNOME_RUNTIME:
            continue
        module = MODULES.get(name)
        if module is None:
            problems.append("%s asks for '%s', which neither the GNOME runtime nor a module of "
                            "%s provides: add a module for it (and to MODULES in %s)"
                            % (where, name, MANIFEST, os.path.basename(__file__)))
        elif module not in names:
            problems.append("%s asks for '%s', provided by the module '%s', which is missing "
                            "from %s" % (where, name, module, MANIFEST))

    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
