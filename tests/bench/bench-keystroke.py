#!/usr/bin/python3
# bench-keystroke.py: what a person sees when typing, measured from outside the process.
#
# A real key event goes to the X server (XTest); the clock stops when the pixels on screen
# change, read back from the X server whenever it reports drawing (DAMAGE). Three programs
# run in the same session, in the renderer configuration a user gets (no GSK_RENDERER, no
# WebKit compositing switch: whatever GTK and WebKit pick):
#
#   - Herald on the sample library, typing into the HTML part of "Overdraft risk": the
#     editor's echo (the letter appears in the editor) and the preview (the letter appears
#     in the rendered email);
#   - GNOME Text Editor with the same body.html, the caret at the same word: its echo, at
#     its own default window size and at Herald's (the ratio's reference: under a software
#     renderer a frame costs in proportion to the window's pixels);
#   - a bare WebKitWebView (bench-webkit-page) the size of Herald's preview, showing the
#     same email rendered by herald-cli, two ways: made editable, the caret at the same word
#     (WebKit's own keystroke to pixels), and loading the whole document again with the
#     letter in on every key (what any preview must do when its source changes), the
#     latter also with the view at the bottom right of a window of Herald's size, the rest
#     empty: the reference for Herald's preview budget, for the reason the editor's shares
#     Herald's window size (GTK redraws the whole window for each frame under a software
#     renderer, so a preview in a larger window pays for every pixel of it).
#
# The screen is compared with a tolerance of a few levels per colour channel: two paintings
# of one page differ by a level or two here and there, a glyph by far more.
#
# For each key it also counts how many times each program's window was drawn in the second
# after it: a frame under a software renderer costs the whole window's pixels, so drawings
# that show nothing new (an animation the key set off) are CPU taken from the next frame.
#
# Then the memory of each program with every process it started (WebKit's included), as
# proportional set size. Herald starts once before it is measured (see main()), so that
# every program is measured with the shader cache a user has after a first start; that
# first start's memory is printed too.
#
# It prints medians and ratios; it asserts nothing. Run it in a test session:
#   build-aux/test-session --run /usr/bin/python3 tests/bench/bench-keystroke.py _build [KEYS]
# It needs Debian's python3-xlib and python3-numpy, and gnome-text-editor for the reference.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy

# The end-to-end tests' AT-SPI and environment helpers (tests/e2e/herald_e2e.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import herald_e2e as e2e  # noqa: E402
from herald_screen import (Screen, changed, extents, find_node, in_root, launch, log, stop,  # noqa: E402
                           text_editor, tree_pss_mb, visible)

# The caret goes after the first word of the headline the scenario shows. The scenario is
# the one Herald shows first (scenarios are in the order of their ids): the headline of
# another scenario's {% if %} branch would not be in Herald's preview at all.
ANCHOR = "Your account is overdrawn"
TEMPLATE = "overdraft-risk"
TEMPLATE_NAME = "Overdraft risk"
SCENARIO = "already-overdrawn"
# Between keys, the windows must have been still (but for a caret) this long.
QUIET_S = 1.0
SETTLE_MAX_S = 30.0
KEY_TIMEOUT_S = 5.0
# A caret blinking is a change one or two pixels wide; a typed letter is wider.
MIN_CHANGE_WIDTH = 4
SCROLLBAR_WIDTH = 20
# Two loads of one document can differ by a few anti-aliased pixels (a right-aligned figure
# placed a subpixel apart): a state counts as shown when what still differs from it is a
# tenth of what the letter changes, or less.
SAME_TOLERANCE = 0.1
# How long after each key the window's drawings are counted, and the gap that separates two
# of them (one frame reaches the X server as one or more rectangles at once).
DRAWINGS_WINDOW_S = 1.0
DRAWING_GAP_S = 0.004

def differs(before, after):
    """True when the images differ by more than a caret: a blinking caret is a change one or
    two pixels wide, a letter is wider."""
    diff = changed(before, after)
    columns = numpy.flatnonzero(diff.any(axis=0))
    return columns.size > 0 and columns[-1] - columns[0] + 1 >= MIN_CHANGE_WIDTH


def letter_area(without, with_letter, name):
    """Where the letter shows, from the two settled states (rows y0:y1, columns x0:x1), with a
    margin. The right edge is left out: an overlay scrollbar that shows on load and fades
    is not the letter."""
    diff = changed(without, with_letter)[:, :-SCROLLBAR_WIDTH]
    ys, xs = numpy.nonzero(diff)
    if xs.size == 0:
        sys.exit("bench-keystroke: a typed letter made no visible change in the " + name)
    height, width = without.shape
    return (max(ys.min() - 4, 0), min(ys.max() + 5, height),
            max(xs.min() - 4, 0), min(xs.max() + 5, width - SCROLLBAR_WIDTH))


def settle(screen, regions):
    """Waits until nothing but a caret changes in the regions for QUIET_S; returns them."""
    deadline = time.monotonic() + SETTLE_MAX_S
    last = {name: screen.grab(rect) for name, rect in regions.items()}
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = {name: screen.grab(rect) for name, rect in regions.items()}
        if any(differs(last[name], now[name]) for name in regions):
            quiet_since = time.monotonic()
        last = now
        if time.monotonic() - quiet_since >= QUIET_S:
            return now
    sys.exit("bench-keystroke: the window kept changing for %.0f s" % SETTLE_MAX_S)


def drawings(times):
    """How many times the window was drawn, from the arrival times of its damage events."""
    count, last = 0, None
    for t in sorted(times):
        if last is None or t - last > DRAWING_GAP_S:
            count += 1
        last = t
    return count


def time_keys(screen, regions, keys):
    """Types x and BackSpace in turn; for each key, the seconds until each region shows it,
    and under "drawings" how many times the whole window was drawn in the DRAWINGS_WINDOW_S
    after it (a caret blinking is one of them, an animation many).

    A region named "echo" is done at its first change (an editor draws the letter once). The
    others are done when they show the very pixels they settled on the last time the
    document was in that state: a web view that blanks or half-paints on its way there has
    not shown the letter yet; only where the letter goes is compared, and within
    SAME_TOLERANCE. Two unmeasured keys first record both settled states."""
    names = list(regions)
    settled = [{name: None for name in names}, {name: None for name in names}]
    samples = {name: [] for name in names}
    drawn_per_key = []
    settled[0] = settle(screen, regions)
    for i in range(keys + 2):
        state = (i + 1) % 2
        measured = i >= 2
        before = settle(screen, regions)
        screen.drain()
        pending = set(names)
        start = time.monotonic()
        screen.key("x" if state == 1 else "BackSpace")
        deadline = start + KEY_TIMEOUT_S
        drawn = []
        while pending and measured:
            seen = screen.wait_damage(deadline)
            if seen is None:
                break
            drawn.append(seen)
            for name in list(pending):
                now = screen.grab(regions[name])
                if name == "echo":
                    done = differs(before[name], now)
                else:
                    y0, y1, x0, x1 = letter_box[name]
                    off = numpy.count_nonzero(changed(settled[state][name][y0:y1, x0:x1], now[y0:y1, x0:x1]))
                    done = off <= letter_pixels[name] * SAME_TOLERANCE
                if done:
                    samples[name].append(seen - start)
                    pending.discard(name)
        if not measured:
            settled[state] = settle(screen, regions)
            if i == 1:
                letter_box = {name: letter_area(settled[0][name], settled[1][name], name)
                              for name in names if name != "echo"}
                letter_pixels = {}
                for name, (y0, y1, x0, x1) in letter_box.items():
                    letter_pixels[name] = numpy.count_nonzero(
                        changed(settled[0][name][y0:y1, x0:x1], settled[1][name][y0:y1, x0:x1]))
            continue
        for name in pending:
            now = screen.grab(regions[name])
            log("  key %d: %s not shown within %.0f s" % (i - 1, name, KEY_TIMEOUT_S))
        while True:
            seen = screen.wait_damage(start + DRAWINGS_WINDOW_S)
            if seen is None:
                break
            drawn.append(seen)
        drawn_per_key.append(drawings(t for t in drawn if t - start <= DRAWINGS_WINDOW_S))
    samples["drawings"] = drawn_per_key
    return samples


def activate(node):
    try:
        action = node.queryAction()
        names = [action.getName(i) for i in range(action.nActions)]
        for wanted in ("click", "activate", "press"):
            if wanted in names:
                action.doAction(names.index(wanted))
                return
        if names:
            action.doAction(0)
            return
    except NotImplementedError:
        pass
    node.parent.querySelection().selectChild(node.getIndexInParent())


def place_caret(screen, text_node, rect):
    """Caret after the first word of ANCHOR, scrolled into view as a person's arrow keys
    would, with the focus in the text."""
    text = text_node.queryText()
    content = text.getText(0, -1)
    offset = content.index(ANCHOR) + ANCHOR.index(" ")
    # A click gives the text the keyboard focus, as it would for a person (GTK 4.8 does not
    # answer AT-SPI's GrabFocus).
    screen.click(rect[0] + rect[2] // 2, rect[1] + rect[3] // 2)
    time.sleep(0.3)
    text.setCaretOffset(offset)
    time.sleep(0.5)
    # Moving the caret by key scrolls it on screen (AT-SPI's caret move does not).
    screen.key("Right")
    screen.key("Left")


def median_ms(values):
    return statistics.median(values) * 1000.0 if values else float("nan")


def report(label, samples, keys):
    for name, values in samples.items():
        if name == "drawings":
            if values:
                log("%-34s window drawn %.0f times per key (median; min %d, max %d) in the %.1f s "
                    "after it" % (label, statistics.median(values), min(values), max(values),
                                  DRAWINGS_WINDOW_S))
            continue
        if values:
            log("%-34s %-8s keys %2d/%d  median %6.1f ms  min %6.1f  max %6.1f" % (
                label, name, len(values), keys, median_ms(values),
                min(values) * 1000, max(values) * 1000))
        else:
            log("%-34s %-8s no change seen" % (label, name))


def bench_herald(screen, build, library, keys, env):
    process = launch([os.path.join(build, "app/gui/herald"), library], env)
    try:
        app = e2e.wait_for("Herald on the accessibility bus", lambda: e2e.find_app(process.pid))
        window = e2e.wait_for("Herald's window", lambda: screen.toplevel_of(process.pid))
        label = e2e.wait_for("the template in the list", lambda: find_node(
            app, lambda n: n.getRoleName() == "label" and n.name == TEMPLATE_NAME))
        item = label
        while item is not None and item.getRoleName() not in ("list item", "table row"):
            item = item.parent
        item.parent.querySelection().selectChild(item.getIndexInParent())
        tab = e2e.wait_for("the HTML tab", lambda: find_node(
            app, lambda n: n.getRoleName() == "page tab" and n.name == "HTML"))
        activate(tab)
        editor = e2e.wait_for("the HTML part on screen", lambda: find_node(
            app, lambda n: n.name == "HTML part" and visible(n)))
        preview = e2e.wait_for("the preview on screen", lambda: find_node(
            app, lambda n: n.name == "Email preview" and visible(n)))
        # The preview has drawn once it stops changing.
        time.sleep(3)
        screen.watch(window)
        regions = {"echo": in_root(screen, window, extents(editor)),
                   "preview": in_root(screen, window, extents(preview))}
        place_caret(screen, editor, regions["echo"])
        samples = time_keys(screen, regions, keys)
        memory = tree_pss_mb(process)
        preview_size = regions["preview"][2:]
        geometry = window.get_geometry()
        window_size = (geometry.width, geometry.height)
    finally:
        screen.unwatch()
        stop(process)
    return samples, memory, preview_size, window_size


def bench_text_editor(screen, editor_binary, document, keys, env, size=None):
    with text_editor(screen, editor_binary, document, env, lambda text: ANCHOR in text,
                     size) as (process, window, view):
        try:
            time.sleep(2)
            screen.watch(window)
            region = in_root(screen, window, extents(view))
            place_caret(screen, view, region)
            samples = time_keys(screen, {"echo": region}, keys)
            memory = tree_pss_mb(process)
        finally:
            screen.unwatch()
    return samples, memory


def rendered_page(build, library, folder):
    html = subprocess.run(
        [os.path.join(build, "app/cli/herald-cli"), "render", library, TEMPLATE,
         "--scenario", SCENARIO], check=True, capture_output=True, text=True).stdout
    path = os.path.join(folder, "rendered.html")
    with open(path, "w") as f:
        f.write(html)
    return path, html


def editable_page(html, folder):
    # The caret goes where it goes in the editors: after the first word of ANCHOR.
    script = """<script>
window.addEventListener("load", () => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(%r);
    if (at >= 0) {
      document.getSelection().collapse(node, at + %d);
      break;
    }
  }
});
</script>""" % (ANCHOR, ANCHOR.index(" "))
    html = html.replace("<body", "<body contenteditable=\"true\"", 1)
    html = html.replace("</head>", script + "</head>", 1)
    path = os.path.join(folder, "page.html")
    with open(path, "w") as f:
        f.write(html)
    return path


def bench_webkit_page(screen, build, page, size, keys, env, reload_anchor=None, window_size=None):
    argv = [os.path.join(build, "tests/bench/bench-webkit-page"), page, str(size[0]), str(size[1])]
    if reload_anchor or window_size:
        argv.append(reload_anchor or "")
    if window_size:
        argv += [str(window_size[0]), str(window_size[1])]
    process = launch(argv, env)
    try:
        window = e2e.wait_for("the web page's window", lambda: screen.toplevel_of(process.pid))
        time.sleep(4)
        screen.watch(window)
        # The page puts its caret after the anchor's first word once loaded; the focus is
        # the web view's (bench-webkit-page grabs it).
        # The view is at the window's bottom right (bench-webkit-page).
        geometry = window.get_geometry()
        width, height = min(size[0], geometry.width), min(size[1], geometry.height)
        region = in_root(screen, window, (geometry.width - width, geometry.height - height,
                                          width, height))
        samples = time_keys(screen, {"page": region}, keys)
        memory = tree_pss_mb(process)
    finally:
        screen.unwatch()
        stop(process)
    return samples, memory


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "_build")
    keys = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    samples_dir = os.path.join(build, "..", "data", "samples", "account-alerts")
    if not os.path.isdir(samples_dir):
        samples_dir = os.path.join(source, "data", "samples", "account-alerts")

    env = e2e.bench_env(build, "bench-keystroke")

    screen = Screen()
    with tempfile.TemporaryDirectory() as folder:
        # The typing goes into a copy: the sample library stays as it is.
        library = os.path.join(folder, "account-alerts")
        shutil.copytree(samples_dir, library)
        document = os.path.join(folder, "body.html")
        shutil.copy(os.path.join(library, "templates", TEMPLATE, "body.html"), document)
        rendered, html = rendered_page(build, library, folder)
        page = editable_page(html, folder)

        # One start and two keys first, unmeasured but for its memory, as bench-startup's
        # first start: in a fresh home the software renderer compiles the shaders Herald's
        # frames need and Mesa keeps them in ~/.cache, so only a user's very first start pays
        # for compiling them (34 MB of the process's heap stays behind). The other programs
        # find GTK's own shaders already compiled by this start.
        _, herald_first_mb, _, _ = bench_herald(screen, build, library, 2, env)

        log("keystroke to pixels, %d keys each (x and BackSpace in turn), default renderer" % keys)
        herald, herald_mb, preview_size, window_size = bench_herald(screen, build, library, keys, env)
        report("herald (HTML part) %dx%d" % window_size, herald, keys)

        editor_binary = shutil.which("gnome-text-editor")
        editor, editor_mb, editor_own_size, editor_own_mb = (None, None, None, None)
        if editor_binary:
            editor_own_size, editor_own_mb = bench_text_editor(screen, editor_binary, document, keys, env)
            report("gnome-text-editor (same file), its own window size", editor_own_size, keys)
            editor, editor_mb = bench_text_editor(screen, editor_binary, document, keys, env,
                                                  window_size)
            report("gnome-text-editor (same file) %dx%d" % window_size, editor, keys)
        else:
            log("gnome-text-editor is not installed: no editor reference (apt install gnome-text-editor)")

        webkit, webkit_mb = bench_webkit_page(screen, build, page, preview_size, keys, env)
        report("bare WebKitWebView, editable page", webkit, keys)
        reload, _ = bench_webkit_page(screen, build, rendered, preview_size, keys, env, ANCHOR)
        report("bare WebKitWebView, reload per key", reload, keys)
        reload_same, _ = bench_webkit_page(screen, build, rendered, preview_size, keys, env, ANCHOR,
                                           window_size)
        report("the same in a %dx%d window" % window_size, reload_same, keys)

    log("")
    if editor and editor["echo"] and herald["echo"]:
        log("ratio editor echo, herald / gnome-text-editor, same window size: %.2f (budget <= 1.2)"
            % (median_ms(herald["echo"]) / median_ms(editor["echo"])))
    if editor_own_size and editor_own_size["echo"] and herald["echo"]:
        log("ratio editor echo, herald / gnome-text-editor at its own smaller size: %.2f"
            % (median_ms(herald["echo"]) / median_ms(editor_own_size["echo"])))
    if reload_same["page"] and herald["preview"]:
        log("ratio preview pixels, herald / bare WebKit reload per key, same window size: %.2f "
            "(budget <= 1.5)" % (median_ms(herald["preview"]) / median_ms(reload_same["page"])))
    if reload["page"] and herald["preview"]:
        log("ratio preview pixels, herald / bare WebKit reload per key, window the preview's size: %.2f"
            % (median_ms(herald["preview"]) / median_ms(reload["page"])))
    if webkit["page"] and herald["preview"]:
        log("ratio preview pixels, herald / bare WebKit editable page: %.2f"
            % (median_ms(herald["preview"]) / median_ms(webkit["page"])))
    log("memory, whole process tree (PSS): herald %.0f MB, bare WebKit page %.0f MB%s"
        % (herald_mb, webkit_mb,
           ", gnome-text-editor %.0f MB (%.0f MB at its own size)" % (editor_mb, editor_own_mb)
           if editor_mb else ""))
    log("memory of herald's first start in a fresh home (its shaders compiled then): %.0f MB"
        % herald_first_mb)
    if editor_mb:
        log("ratio memory, herald / gnome-text-editor, same window size: %.2f (budget <= 1.5)"
            % (herald_mb / editor_mb))
        log("ratio memory, herald's first start in a fresh home / gnome-text-editor: %.2f"
            % (herald_first_mb / editor_mb))


if __name__ == "__main__":
    main()
