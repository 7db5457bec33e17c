#!/usr/bin/python3
# test-still-pointer.py: typing with the pointer resting over the editor must not show the
# editor's scrollbar. GTK 4.8 sends a window a motion event at the unmoved pointer after any
# layout that reallocates, and a scrolled window shows its overlay scrollbar for any motion,
# then fades it in and out over three seconds: each key then cost a second of full-window
# repaints. A person moving the mouse must still see the scrollbar.
#
# Real X events (XTest) and the pixels the X server shows: the right edge of the HTML
# editor, where its overlay scrollbar appears.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import sys
import time

import numpy
import pyatspi

import herald_e2e as e2e
from herald_screen import Screen

# The overlay scrollbar is drawn within this many pixels of the scrolled window's right edge.
STRIP_WIDTH = 14
# After the last motion GTK keeps the scrollbar 2 s, then fades it out in 1 s.
CONCEALED_AFTER_S = 5.0
WATCH_S = 1.5
# Pixels above the clicked point left out of the strip: the typed line's height, and more.
TYPED_LINE_MARGIN = 30


def wait_still(screen, rect, still_s, timeout_s):
    """Waits until @rect has not changed for @still_s; returns its pixels then."""
    deadline = time.monotonic() + timeout_s
    last = screen.grab(rect)
    since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = screen.grab(rect)
        if not numpy.array_equal(now, last):
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= still_s:
            return now
    raise AssertionError("the editor's right edge kept changing for %.0f s" % timeout_s)


def first_change(screen, rect, before, seconds):
    """Seconds until @rect differs from @before, or None if it stays for @seconds."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if not numpy.array_equal(screen.grab(rect), before):
            return time.monotonic() - start
        time.sleep(0.03)
    return None


def on_screen(app, name):
    for node in e2e.walk(app):
        try:
            if node.name == name:
                box = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
                if box.width > 0 and box.height > 0:
                    return node
        except Exception:
            continue
    return None


def main():
    scratch, library = e2e.scratch_library("herald-still-")
    print("1..2", flush=True)
    process = e2e.start(library, e2e.app_env(), scratch)
    try:
        screen = Screen()
        app = e2e.wait_for_app(process)
        window = e2e.wait_for("Herald's window", lambda: screen.toplevel_of(process.pid))
        e2e.select_template(app, "Overdraft risk")
        tab = e2e.wait_for("the HTML tab", lambda: e2e.find(app, "HTML", ("page tab",)))
        try:
            e2e.click(tab)
        except NotImplementedError:
            tab.parent.querySelection().selectChild(tab.getIndexInParent())
        editor = e2e.wait_for("the HTML part on screen", lambda: on_screen(app, "HTML part"))
        box = editor.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        ox, oy = screen.origin(window)
        # Only the strip's upper part, above the line typed into (the click's, halfway down):
        # a letter typed into a long line moves the words wrapped to the right edge, on that
        # line and below. The scrollbar of a long document seen from its start is at the top.
        strip = (ox + box.x + box.width - STRIP_WIDTH, oy + box.y, STRIP_WIDTH,
                 box.height // 2 - TYPED_LINE_MARGIN)
        text = editor.queryText()
        typed_before = text.getText(0, -1).count("x")

        # The pointer comes to rest over the middle of the text, as after a click to type.
        screen.click(ox + box.x + box.width // 3, oy + box.y + box.height // 2)
        # Typing goes on in an edited template (the first key of a session relays out less).
        for key in ("x", "BackSpace"):
            screen.key(key)
            time.sleep(1.2)
        concealed = wait_still(screen, strip, 1.0, 30)
        time.sleep(CONCEALED_AFTER_S)
        concealed = wait_still(screen, strip, 1.0, 30)

        screen.key("x")
        shown = first_change(screen, strip, concealed, WATCH_S)
        typed = e2e.wait_for("the typed letter in the text",
                             lambda: text.getText(0, -1).count("x") > typed_before or None,
                             timeout=10)
        assert typed
        if shown is not None:
            print("not ok 1 /herald/e2e/still-pointer/typing # the scrollbar showed %.2f s after "
                  "a key, the pointer still" % shown, flush=True)
            return 1
        print("ok 1 /herald/e2e/still-pointer/typing", flush=True)

        # A pointer that moves shows it: the strip above does change when it is there.
        concealed = wait_still(screen, strip, 1.0, 30)
        screen.point(ox + box.x + box.width // 3 + 5, oy + box.y + box.height // 2 + 5)
        shown = first_change(screen, strip, concealed, WATCH_S)
        if shown is None:
            print("not ok 2 /herald/e2e/still-pointer/moving # a moving pointer did not show "
                  "the scrollbar", flush=True)
            return 1
        print("ok 2 /herald/e2e/still-pointer/moving", flush=True)
        return 0
    except AssertionError as error:
        return e2e.fail(error)
    finally:
        e2e.clean_up(process, scratch)


if __name__ == "__main__":
    sys.exit(main())
