#!/usr/bin/python3
# bench-big-library.py: does a library of 1,000 templates open and check as fast as the
# 5-template sample?
#
# Generates, in a temporary folder, a library of 1,000 templates cycling over the sample's
# five (each a folder of its own with its scenarios, its HTML made distinct by a comment at
# the end; the sample's translations cover them, since their texts are the sample's), then
# measures both libraries the same way:
#
#   - open: from spawning `herald LIBRARY` to the window's last drawing before it stays
#     still for QUIET_S (the list shown, the first template in the editor and its email in
#     the preview), read from the X server's DAMAGE events: what a person waits for;
#   - lint: the CPU time (user + system) of `herald-cli lint LIBRARY`, every template in
#     the source language and the library's two target languages, beside the CPU time
#     libxml2 alone takes to parse every template's HTML twice (bench-lint-floor: the
#     source's structure and the rendered email, the least the lint has to read);
#   - scrolling: with the window still, SCROLL_STEPS turns of the mouse wheel down over the
#     template list, one every SCROLL_INTERVAL_S (XTest), and every change of the list's
#     pixels read back from the X server at each DAMAGE event: how many steps got a frame
#     and the longest wait between frames. The reference scrolls GNOME Text Editor the same
#     way, at the same window size, over a document as long (a line per template).
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
from herald_screen import (Screen, extents, find_node, in_root, launch, stop,  # noqa: E402
                           text_editor)

N_TEMPLATES = 1000
QUIET_S = 3.0
TIMEOUT_S = 120.0
SCROLL_STEPS = 40
SCROLL_INTERVAL_S = 0.05


def generate(sample, folder):
    library = os.path.join(folder, "big-library")
    shutil.copytree(sample, library)
    templates = os.path.join(library, "templates")
    originals = sorted(os.listdir(templates))
    for i in range(N_TEMPLATES - len(originals)):
        source = originals[i % len(originals)]
        copy = os.path.join(templates, "%s-%04d" % (source, i))
        shutil.copytree(os.path.join(templates, source), copy)
        # Each copy's HTML differs by a comment after </html> (the checks find the same in
        # it as in the original): nothing keyed on a text's content (the template parse,
        # the extraction of translatable units) can answer a copy from the original's work.
        with open(os.path.join(copy, "body.html"), "a") as f:
            f.write("<!-- Generated copy %04d of %s -->\n" % (i, source))
    return library


def lint_cpu_seconds(build, library):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The sample's two target languages besides the source: three languages in all.
    subprocess.run([os.path.join(build, "app/cli/herald-cli"), "lint", "-l", "fr", "-l", "de", library],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def lint_floor_seconds(build, library):
    """libxml2 alone reading every template's HTML twice: the least the lint can cost."""
    out = subprocess.run([os.path.join(build, "tests/bench/bench-lint-floor"), library],
                         check=True, capture_output=True, text=True).stdout
    return float(out.split()[0])


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


def scroll_frames(screen, window, rect):
    """Turns the wheel down over @rect SCROLL_STEPS times; returns the seconds, from the first
    step, at which @rect's pixels changed."""
    x, y, width, height = rect
    screen.point(x + width // 2, y + height // 2)
    time.sleep(1.0)
    screen.watch(window)
    last = screen.grab(rect)
    frames = []
    start = time.monotonic()
    end = start + SCROLL_STEPS * SCROLL_INTERVAL_S + 2.0
    for step in range(SCROLL_STEPS + 1):
        if step < SCROLL_STEPS:
            screen.wheel(5)
        until = start + (step + 1) * SCROLL_INTERVAL_S if step < SCROLL_STEPS else end
        while True:
            seen = screen.wait_damage(until)
            if seen is None:
                break
            now = screen.grab(rect)
            if (now != last).any():
                frames.append(seen - start)
                last = now
    screen.unwatch()
    return frames


def report_scroll(label, frames):
    gaps = [b - a for a, b in zip([0.0] + frames, frames)]
    print("%-22s scrolling: %2d frames for %d wheel steps, median gap %5.0f ms, longest %5.0f ms"
          % (label, len(frames), SCROLL_STEPS, median(gaps) * 1000 if gaps else float("nan"),
             max(gaps) * 1000 if gaps else float("nan")), flush=True)
    return len(frames), max(gaps) if gaps else float("nan")


def scroll_herald(screen, build, library, env):
    process = launch([os.path.join(build, "app/gui/herald"), library], env)
    try:
        app = e2e.wait_for("Herald on the accessibility bus", lambda: e2e.find_app(process.pid))
        window = e2e.wait_for("Herald's window", lambda: screen.toplevel_of(process.pid))
        templates = e2e.wait_for("the template list", lambda: find_node(
            app, lambda n: n.name == "Templates" and n.getRoleName() in ("list", "list box")))
        time.sleep(QUIET_S)
        geometry = window.get_geometry()
        frames = scroll_frames(screen, window, in_root(screen, window, extents(templates)))
        return frames, (geometry.width, geometry.height)
    finally:
        stop(process)


def scroll_text_editor(screen, editor, document, size, env):
    with text_editor(screen, editor, document, env, lambda text: text.startswith("template 0001"),
                     size) as (_, window, view):
        time.sleep(QUIET_S)
        return scroll_frames(screen, window, in_root(screen, window, extents(view)))


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
            floor = [lint_floor_seconds(build, library) for _ in range(runs)]
            opened = []
            open_seconds(display, build, library, env)  # warms the disk cache
            for _ in range(runs):
                seconds = open_seconds(display, build, library, env)
                if seconds is None:
                    sys.exit("bench-big-library: %s never became still" % label)
                opened.append(seconds)
            figures[label] = (median(opened), median(lint), median(floor))
            print("%-22s open to a still window: median %6.2f s (%s)   lint CPU: median %5.2f s"
                  % (label, median(opened), ", ".join("%.2f" % s for s in opened), median(lint)),
                  flush=True)

        screen = Screen()
        herald_frames, herald_window_size = scroll_herald(screen, build, big, env)
        herald_scroll = report_scroll("generated (1,000)", herald_frames)
        editor = shutil.which("gnome-text-editor")
        editor_scroll = None
        if editor:
            document = os.path.join(folder, "long.txt")
            with open(document, "w") as f:
                f.writelines("template %04d\n" % i for i in range(1, N_TEMPLATES + 1))
            editor_scroll = report_scroll(
                "gnome-text-editor", scroll_text_editor(screen, editor, document,
                                                        herald_window_size, env))

    (small_open, small_lint, _), (big_open, big_lint, big_floor) = figures.values()
    print("ratio open, 1,000 templates / sample: %.2f (budget <= 1.5)" % (big_open / small_open))
    print("lint of 1,000 templates x 3 languages: %.2f s CPU (budget < 1 s); libxml2 alone "
          "parsing their HTML twice: %.2f s (%.1fx)" % (big_lint, big_floor, big_lint / big_floor))
    if editor_scroll:
        print("scrolling, herald's list / gnome-text-editor's text: %d / %d frames, longest "
              "gap %.2f" % (herald_scroll[0], editor_scroll[0], herald_scroll[1] / editor_scroll[1]))


if __name__ == "__main__":
    main()
