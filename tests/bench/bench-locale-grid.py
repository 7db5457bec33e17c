#!/usr/bin/python3
# bench-locale-grid.py: from Compare Languages turned on to every column of the language grid
# showing its email, and from a turn of the mouse wheel over a column to its pixels moving,
# measured from outside the process as a person sees them.
#
# Herald runs on the sample library's longest email (Weekly summary) in the renderer
# configuration a user gets. The button
# is clicked with the X server's pointer (XTest); every drawing the X server reports
# (DAMAGE) is read back, and a column counts as painted once most of it is no longer the
# blank page a preview shows while it draws ("Drawing the email…" is a line of text on
# white; an email fills its column with its own backgrounds). Each run turns the grid off,
# waits for the window to be still, and turns it on again.
#
# It prints medians; it asserts nothing. Run it from the source tree in a test session:
#   build-aux/test-session --run /usr/bin/python3 tests/bench/bench-locale-grid.py _build [RUNS]
# It needs Debian's python3-xlib and python3-numpy.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import select
import statistics
import subprocess
import sys
import time

import numpy
from Xlib import X
from Xlib import display as xdisplay
from Xlib.ext import damage, xtest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import herald_e2e as e2e  # noqa: E402

QUIET_S = 1.5
TIMEOUT_S = 30.0
# Share of a column that must differ from the blank page for it to count as painted (the
# waiting line of text is well under 1 %; an email's backgrounds and text are over 20 %).
PAINTED_SHARE = 0.15
WHEEL_STEPS = 8


def frame(screen, rect):
    x, y, width, height = rect
    raw = screen.root.get_image(x, y, width, height, X.ZPixmap, 0xFFFFFFFF).data
    return numpy.frombuffer(raw, dtype=numpy.uint8).reshape(height, width, 4)[:, :, :3].copy()


def painted(pixels):
    """Most of the column is something other than white (an email's page background is a
    light grey at most)."""
    return numpy.mean(pixels.min(axis=2) < 250) >= PAINTED_SHARE


def wait_still(display, timeout=TIMEOUT_S):
    """Waits for QUIET_S without drawing; returns the time of the last drawing, or None."""
    last = None
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        quiet_since = last if last is not None else start
        if time.monotonic() - quiet_since >= QUIET_S:
            return last
        if not display.pending_events():
            select.select([display.fileno()], [], [], 0.05)
            continue
        if display.next_event().type == display.extension_event.DamageNotify:
            last = time.monotonic()
    return last


def press(display, x, y, button=1):
    xtest.fake_input(display, X.MotionNotify, x=x, y=y)
    xtest.fake_input(display, X.ButtonPress, button)
    xtest.fake_input(display, X.ButtonRelease, button)
    display.sync()


def grid_columns(app):
    """The columns' previews, left to right: panels named after their language."""
    columns = []
    for node in e2e.walk(app):
        try:
            if node.getRoleName() == "panel" and " — " in node.name:
                box = node.queryComponent().getExtents(0)
                columns.append((box.x, box.y, box.width, box.height))
        except Exception:
            continue
    return sorted(columns)


def time_grid_on(display, screen, toggle, window_rect):
    """Clicks Compare Languages; returns the frames read back after each drawing, with their
    times since the click, until the window is still."""
    frames = []
    start = time.monotonic()
    press(display, *toggle)
    last = start
    while time.monotonic() - last < QUIET_S and time.monotonic() - start < TIMEOUT_S:
        if not display.pending_events():
            select.select([display.fileno()], [], [], 0.02)
            continue
        if display.next_event().type != display.extension_event.DamageNotify:
            continue
        last = time.monotonic()
        while display.pending_events():
            display.next_event()
        frames.append((time.monotonic() - start, frame(screen, window_rect)))
    return frames


def all_painted_at(frames, columns, window_rect):
    """Seconds from the click to the first frame from which every column stays painted."""
    ox, oy = window_rect[0], window_rect[1]
    since = None
    for seconds, pixels in frames:
        done = all(painted(pixels[y - oy:y - oy + h, x - ox:x - ox + w]) for x, y, w, h in columns)
        if done and since is None:
            since = seconds
        elif not done:
            since = None
    return since


def time_wheel(display, screen, column):
    """Median seconds from a wheel step over @column to its pixels changing."""
    x, y, width, height = column
    xtest.fake_input(display, X.MotionNotify, x=x + width // 2, y=y + height // 2)
    display.sync()
    wait_still(display)
    latencies = []
    for step in range(WHEEL_STEPS):
        # Down and up in turn, so that every step has somewhere to go.
        button = 5 if step % 2 == 0 else 4
        before = frame(screen, column)
        start = time.monotonic()
        xtest.fake_input(display, X.ButtonPress, button)
        xtest.fake_input(display, X.ButtonRelease, button)
        display.sync()
        while time.monotonic() - start < 5.0:
            if not display.pending_events():
                select.select([display.fileno()], [], [], 0.01)
                continue
            if display.next_event().type != display.extension_event.DamageNotify:
                continue
            if (frame(screen, column) != before).any():
                latencies.append(time.monotonic() - start)
                break
        wait_still(display)
    return latencies


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "_build")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    library = os.path.join(source, "data", "samples", "account-alerts")

    env = e2e.bench_env(build, "bench-locale-grid")

    display = xdisplay.Display()
    screen = display.screen()
    display.damage_query_version()
    root = screen.root
    root.change_attributes(event_mask=X.SubstructureNotifyMask)
    display.sync()
    process = subprocess.Popen([os.path.join(build, "app/gui/herald"), library], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watched = None
    try:
        while watched is None:
            event = display.next_event()
            if event.type == X.MapNotify and not event.override:
                window = event.window
                watched = window.damage_create(damage.DamageReportRawRectangles)
        app = e2e.wait_for("Herald on the accessibility bus", lambda: e2e.find_app(process.pid))
        # The longest email of the sample: its columns are taller than the window, so they scroll.
        e2e.select_template(app, "Weekly summary")
        button = e2e.wait_for("Compare Languages", lambda: e2e.find(app, "Compare Languages"))
        box = button.queryComponent().getExtents(0)
        toggle = (box.x + box.width // 2, box.y + box.height // 2)
        geometry = window.get_geometry()
        window_rect = (0, 0, geometry.width, geometry.height)
        wait_still(display, 120)

        painted_s = []
        columns = []
        for run in range(runs):
            frames = time_grid_on(display, screen, toggle, window_rect)
            columns = grid_columns(app)
            seconds = all_painted_at(frames, columns, window_rect)
            print("run %d: %d columns, every column painted %s after the click"
                  % (run + 1, len(columns), "never" if seconds is None else "%.2f s" % seconds),
                  flush=True)
            painted_s.append(seconds if seconds is not None else float("inf"))
            if run < runs - 1:
                press(display, *toggle)
                wait_still(display)
        wheel = time_wheel(display, screen, columns[len(columns) // 2]) if columns else []
    finally:
        e2e.stop(process)

    first, again = painted_s[:1], painted_s[1:]
    print("language grid: every column painted, first time %s, again median %s (budget <= 1 s)"
          % ("%.2f s" % first[0] if first else "never",
             "%.2f s" % statistics.median(again) if again else "n/a"))
    print("language grid: wheel step to pixels, median %.1f ms, max %.1f ms (%d of %d steps)"
          % (statistics.median(wheel) * 1000 if wheel else float("nan"),
             max(wheel) * 1000 if wheel else float("nan"), len(wheel), WHEEL_STEPS))


if __name__ == "__main__":
    main()
