#!/usr/bin/python3
# bench-big-library.py: does a library of 1,000 templates open and check as fast as the
# 5-template sample?
#
# Generates, in a temporary folder, a library of 1,000 templates cycling over the sample's
# five (each a folder of its own with its scenarios; the sample's translations cover them,
# since their texts are the sample's), then measures both libraries the same way:
#
#   - open: from spawning `herald LIBRARY` to the window's last drawing before it stays
#     still for QUIET_S (the list shown, the first template in the editor and its email in
#     the preview), read from the X server's DAMAGE events: what a person waits for;
#   - lint: the CPU time (user + system) of `herald-cli lint LIBRARY`, every template in
#     the source language and the library's two target languages.
#
# It prints medians and ratios; it asserts nothing. Run it in a test session:
#   build-aux/test-session --run /usr/bin/python3 tests/bench/bench-big-library.py _build [RUNS]
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import resource
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from Xlib import X
from Xlib import display as xdisplay
from Xlib.ext import damage

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import herald_e2e as e2e  # noqa: E402

N_TEMPLATES = 1000
QUIET_S = 3.0
TIMEOUT_S = 120.0


def generate(sample, folder):
    library = os.path.join(folder, "big-library")
    shutil.copytree(sample, library)
    templates = os.path.join(library, "templates")
    originals = sorted(os.listdir(templates))
    for i in range(N_TEMPLATES - len(originals)):
        source = originals[i % len(originals)]
        shutil.copytree(os.path.join(templates, source),
                        os.path.join(templates, "%s-%04d" % (source, i)))
    return library


def lint_cpu_seconds(build, library):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The sample's two target languages besides the source: three languages in all.
    subprocess.run([os.path.join(build, "app/cli/herald-cli"), "lint", "-l", "fr", "-l", "de", library],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def open_seconds(display, build, library, env):
    """Seconds from spawn to the last drawing before the window stays still."""
    root = display.screen().root
    root.change_attributes(event_mask=X.SubstructureNotifyMask)
    display.sync()
    start = time.monotonic()
    process = subprocess.Popen([os.path.join(build, "app/gui/herald"), library], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watched = None
    last_drawing = None
    deadline = start + TIMEOUT_S
    try:
        while time.monotonic() < deadline:
            if last_drawing is not None and time.monotonic() - last_drawing >= QUIET_S:
                return last_drawing - start
            if not display.pending_events():
                select.select([display.fileno()], [], [], 0.1)
                continue
            event = display.next_event()
            if event.type == X.MapNotify and watched is None and not event.override:
                watched = event.window.damage_create(damage.DamageReportRawRectangles)
                display.sync()
            elif event.type == display.extension_event.DamageNotify:
                last_drawing = time.monotonic()
        return None
    finally:
        if watched is not None:
            display.damage_destroy(watched)
            display.sync()
        root.change_attributes(event_mask=X.NoEventMask)
        process.terminate()
        process.wait()
        time.sleep(0.5)


def median(values):
    return statistics.median(values) if values else float("nan")


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "_build")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    sample = os.path.join(source, "data", "samples", "account-alerts")
    if not os.path.isdir(sample):
        sample = os.path.join(build, "..", "data", "samples", "account-alerts")

    env = e2e.bench_env(build, "bench-big-library")

    display = xdisplay.Display()
    if not display.has_extension("DAMAGE"):
        sys.exit("bench-big-library: the X server needs the DAMAGE extension")
    display.damage_query_version()

    with tempfile.TemporaryDirectory() as folder:
        small = os.path.join(folder, "sample")
        shutil.copytree(sample, small)
        big = generate(sample, folder)

        figures = {}
        for label, library in (("sample (5 templates)", small), ("generated (1,000)", big)):
            lint = [lint_cpu_seconds(build, library) for _ in range(runs)]
            opened = []
            open_seconds(display, build, library, env)  # warms the disk cache
            for _ in range(runs):
                seconds = open_seconds(display, build, library, env)
                if seconds is None:
                    sys.exit("bench-big-library: %s never became still" % label)
                opened.append(seconds)
            figures[label] = (median(opened), median(lint))
            print("%-22s open to a still window: median %6.2f s (%s)   lint CPU: median %5.2f s"
                  % (label, median(opened), ", ".join("%.2f" % s for s in opened), median(lint)),
                  flush=True)

    (small_open, small_lint), (big_open, big_lint) = figures.values()
    print("ratio open, 1,000 templates / sample: %.2f (budget <= 1.5)" % (big_open / small_open))
    print("lint of 1,000 templates x 3 languages: %.2f s CPU (budget < 1 s)" % big_lint)


if __name__ == "__main__":
    main()
