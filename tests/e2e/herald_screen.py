# herald_screen.py: the X server as a person's eyes and fingers, for the benchmarks that
# measure from outside the process (bench-keystroke, bench-big-library) and the tests that
# look at pixels (test-still-pointer): events in through XTest, pixels out, drawing reported
# by DAMAGE, widgets found through AT-SPI, and the memory of every process a program started.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import contextlib
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

import numpy
import pyatspi
from Xlib import X, XK
from Xlib import display as xdisplay
from Xlib.ext import damage, xtest

import herald_e2e as e2e  # noqa: E402

pyatspi.setTimeout(2000, 15000)


def log(message):
    print(message, flush=True)


class Screen:
    """The X server as a person's eyes and fingers: key events in, pixels out."""

    def __init__(self):
        self.display = xdisplay.Display()
        self.root = self.display.screen().root
        if not self.display.has_extension("DAMAGE") or not self.display.has_extension("XTEST"):
            sys.exit("%s: the X server needs the DAMAGE and XTEST extensions"
                     % os.path.basename(sys.argv[0]))
        self.display.damage_query_version()
        self.damage = None
        self.net_wm_pid = self.display.intern_atom("_NET_WM_PID")

    def toplevel_of(self, pid):
        for window in self.root.query_tree().children:
            try:
                prop = window.get_full_property(self.net_wm_pid, X.AnyPropertyType)
                attrs = window.get_attributes()
            except Exception:
                continue
            if prop and prop.value and prop.value[0] == pid and attrs.map_state == X.IsViewable:
                return window
        return None

    def watch(self, window):
        self.unwatch()
        self.damage = window.damage_create(damage.DamageReportRawRectangles)
        self.display.sync()
        self.drain()

    def unwatch(self):
        # Before the window goes: destroying a damage object after would be an X error.
        if self.damage is not None:
            self.display.damage_destroy(self.damage)
            self.display.sync()
            self.damage = None

    def origin(self, window):
        coords = window.translate_coords(self.root, 0, 0)
        return -coords.x, -coords.y

    def grab(self, rect):
        x, y, w, h = rect
        image = self.root.get_image(x, y, w, h, X.ZPixmap, 0xFFFFFFFF)
        return numpy.frombuffer(image.data, dtype=numpy.uint32).reshape(h, -1)[:, :w]

    def drain(self):
        while self.display.pending_events():
            self.display.next_event()

    def wait_damage(self, deadline):
        """Returns the arrival time of the next drawing, or None at the deadline."""
        while True:
            if self.display.pending_events():
                event = self.display.next_event()
                if event.type == self.display.extension_event.DamageNotify:
                    return time.monotonic()
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            select.select([self.display.fileno()], [], [], left)

    def click(self, x, y):
        xtest.fake_input(self.display, X.MotionNotify, x=x, y=y)
        xtest.fake_input(self.display, X.ButtonPress, 1)
        xtest.fake_input(self.display, X.ButtonRelease, 1)
        self.display.sync()

    def point(self, x, y):
        xtest.fake_input(self.display, X.MotionNotify, x=x, y=y)
        self.display.sync()

    def wheel(self, button):
        """One step of the mouse wheel where the pointer is: 5 down, 4 up."""
        xtest.fake_input(self.display, X.ButtonPress, button)
        xtest.fake_input(self.display, X.ButtonRelease, button)
        self.display.sync()

    def key(self, name):
        keycode = self.display.keysym_to_keycode(XK.string_to_keysym(name))
        xtest.fake_input(self.display, X.KeyPress, keycode)
        xtest.fake_input(self.display, X.KeyRelease, keycode)
        self.display.sync()


# Two paintings of the same document by a GL renderer can differ by a level or two in a
# colour channel across the page (blending and tiles: seen in WebKit reloading one page);
# a glyph edge that appears or goes differs by far more.
PIXEL_TOLERANCE = 24


def changed(before, after):
    """The pixels that differ visibly between two grabs of one rectangle, as a mask."""
    a = before.view(numpy.uint8).reshape(before.shape + (4,))[:, :, :3].astype(numpy.int16)
    b = after.view(numpy.uint8).reshape(after.shape + (4,))[:, :, :3].astype(numpy.int16)
    return (numpy.abs(a - b) > PIXEL_TOLERANCE).any(axis=2)


def extents(node):
    box = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return box.x, box.y, box.width, box.height


def find_node(root, predicate):
    for node in e2e.walk(root):
        try:
            if predicate(node):
                return node
        except Exception:
            continue
    return None


def visible(node):
    x, y, w, h = extents(node)
    return w > 0 and h > 0


def in_root(screen, window, rect):
    ox, oy = screen.origin(window)
    x, y, w, h = rect
    return x + ox, y + oy, w, h


def stop(process):
    e2e.stop(process)
    # The next program starts on a screen its windows have left.
    time.sleep(0.5)


def launch(argv, env):
    # Every process the program starts inherits this mark, WebKit's too, which GLib spawns
    # so that they are not its children (a session's subreaper adopts them).
    mark = "HERALD_BENCH_MARK=%d-%d" % (os.getpid(), time.monotonic_ns())
    env = dict(env)
    key, value = mark.split("=")
    env[key] = value
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    process.mark = mark.encode()
    return process


def tree_pss_mb(process):
    """Proportional set size of every process the program started (its own, WebKit's), in
    MB."""
    total_kb = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/environ" % entry, "rb") as f:
                if process.mark not in f.read().split(b"\0"):
                    continue
            with open("/proc/%s/smaps_rollup" % entry) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024.0


@contextlib.contextmanager
def text_editor(screen, binary, document, env, shows, size=None):
    """GNOME Text Editor showing @document: yields its process, its window and the text view
    whose text satisfies @shows. It gets state folders of its own (otherwise a second run
    restores the first one's session) and, with @size, that window size: under a software
    renderer a frame costs in proportion to the window's pixels, which a fair reference
    shares."""
    state = tempfile.mkdtemp(prefix="bench-text-editor-")
    env = dict(env, XDG_DATA_HOME=os.path.join(state, "data"),
               XDG_STATE_HOME=os.path.join(state, "state"), XDG_CACHE_HOME=os.path.join(state, "cache"))
    process = launch([binary, "--standalone", "--new-window", document], env)
    try:
        app = e2e.wait_for("GNOME Text Editor on the accessibility bus", lambda: e2e.find_app(process.pid))
        window = e2e.wait_for("its window", lambda: screen.toplevel_of(process.pid))
        view = e2e.wait_for("its document on screen", lambda: find_node(
            app, lambda n: n.getRoleName() == "text" and visible(n) and shows(n.queryText().getText(0, -1))))
        if size is not None:
            window.configure(width=size[0], height=size[1])
            screen.display.sync()
        yield process, window, view
    finally:
        stop(process)
        shutil.rmtree(state, ignore_errors=True)
