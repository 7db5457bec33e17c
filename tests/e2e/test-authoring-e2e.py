#!/usr/bin/python3
# test-authoring-e2e.py: the real `herald` binary, started on an empty folder and driven
# through the accessibility tree (and the X server's keyboard and mouse, where GTK 4.8 gives
# a control no action) as a person would: a new library with French, a template from the
# starter, a scenario made in the form with a French value, a sentence typed into the HTML
# part, a word found and replaced, the French preview showing the French value, a test sent
# through the Sandbox. The test writes no library file itself; afterwards the files on disk
# must be what docs/library-format.md says.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import resource
import subprocess
import sys
import tempfile

import pyatspi

import herald_e2e as e2e

LIBRARY_NAME = "Card alerts"
TEMPLATE_NAME = "Payment received"
SCENARIO_NAME = "Small payment"
SCENARIO_FILE = "small-payment"
VARIABLE = "amount_display"
VALUE = "€12.00"
FRENCH_VALUE = "12,00 €"
SENTENCE = "<p>We have received your payment of {{var:%s}}; thank you.</p>" % VARIABLE
FOUND = "received"
REPLACEMENT = "credited"

# X keysyms (X11/keysymdef.h) and the Control modifier's mask (X11/X.h).
CONTROL_MASK = 1 << 2
KEY_DOWN = 0xFF54
KEY_RETURN = 0xFF0D


def button_named(root, label):
    """A push button whose label is @label: GTK 4.8 names a button after its label as written,
    mnemonic underscore included, followed by the label as shown."""
    def probe():
        for node in e2e.walk(root):
            try:
                if node.getRoleName() not in ("push button", "toggle button"):
                    continue
                for name in (node.name, node.name.replace("_", "", 1)):
                    if name == label or name.startswith(label + " "):
                        return node
            except Exception:
                continue
        return None
    return e2e.wait_for("the “%s” button" % label, probe)


def open_menu(root, name):
    """Opens the menu button @name: GTK 4.8 names both the menu button and the button inside
    it, and only the inner one can be pressed."""
    def probe():
        for node in e2e.walk(root):
            try:
                if node.name == name and node.getRoleName() == "push button" and \
                        node.queryAction().nActions > 0:
                    return node
            except Exception:
                continue
        return None

    def expanded():
        for node in e2e.walk(root):
            try:
                if node.name == name and node.getState().contains(pyatspi.STATE_EXPANDED):
                    return True
            except Exception:
                continue
        return False

    e2e.click(e2e.wait_for("the “%s” menu button" % name, probe))
    # On a loaded machine, the Scenario Actions menu pressed within a second of its page
    # first appearing does not open, and its button does not stay pressed. A pointer click
    # does the same; pressed a second later, it opens. Neither the menu made
    # after the first frame nor the form made on demand is the cause (both ruled out). A
    # person presses again, and so does the test; the second press must open the menu.
    try:
        e2e.wait_for("the “%s” menu to open" % name, expanded, timeout=5)
    except AssertionError:
        print("# the “%s” menu did not open on the first press; pressing again" % name,
              flush=True)
        e2e.click(e2e.wait_for("the “%s” menu button" % name, probe))
        e2e.wait_for("the “%s” menu to open" % name, expanded)


def sensitive(node):
    return node.getState().contains(pyatspi.STATE_SENSITIVE)


def checked(node):
    return node.getState().contains(pyatspi.STATE_CHECKED)


def text_of(node):
    text = node.queryText()
    return text.getText(0, text.characterCount)


def set_text(root, name, value):
    entry = e2e.wait_for("the “%s” field" % name,
                         lambda: e2e.find(root, name, ("text", "entry", "password text")))
    entry.queryEditableText().setTextContents(value)
    e2e.wait_for("“%s” in the “%s” field" % (value, name), lambda: text_of(entry) == value)
    return entry


def extents(node):
    # Without a window manager every toplevel sits at the screen's origin, so the window
    # coordinates GTK 4.8 reports are the screen's (it supports no others).
    return node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)


def press_at(node):
    """Clicks the middle of @node with the X server's pointer: GTK 4.8 gives check boxes and
    expander rows no accessible action."""
    box = extents(node)
    pyatspi.Registry.generateMouseEvent(box.x + box.width // 2, box.y + box.height // 2, "b1c")


def scroll_into_view(node):
    """Turns the wheel over the scrolled pane that holds @node until @node lies inside it, as a
    person scrolls to a row."""
    pane = node.parent
    while pane is not None and pane.getRoleName() not in ("scroll pane", "frame"):
        pane = pane.parent

    def visible():
        box, frame = extents(node), extents(pane)
        if box.width > 0 and box.y >= frame.y and box.y + box.height <= frame.y + frame.height:
            return True
        middle = frame.x + frame.width // 2, frame.y + frame.height // 2
        pyatspi.Registry.generateMouseEvent(middle[0], middle[1], "b5c" if box.y > middle[1] else "b4c")
        return False
    e2e.wait_for("the row to scroll into view", visible)


def press_with_control(key):
    """Presses @key (a keysym) with Control held, through the X server's keyboard."""
    pyatspi.Registry.generateKeyboardEvent(CONTROL_MASK, None, pyatspi.KEY_LOCKMODIFIERS)
    try:
        pyatspi.Registry.generateKeyboardEvent(key, None, pyatspi.KEY_SYM)
    finally:
        pyatspi.Registry.generateKeyboardEvent(CONTROL_MASK, None, pyatspi.KEY_UNLOCKMODIFIERS)


def window_named(app, title):
    return e2e.wait_for("the “%s” window" % title,
                        lambda: e2e.find(app, title, ("frame", "dialog", "window", "alert", "filler")))


def create_library(app, folder):
    click_button(app, "New Library…")
    dialog = window_named(app, "New Library")
    name = e2e.wait_for("the Name field", lambda: e2e.find(dialog, "Name", ("text",)))
    # The empty folder Herald was started on is already chosen, and names the library.
    assert text_of(name) == os.path.basename(folder), \
        "the library name is “%s”, not the folder's name" % text_of(name)
    set_text(dialog, "Name", LIBRARY_NAME)
    set_text(dialog, "Sender Name", "Card Team")
    set_text(dialog, "Sender Email Address", "cards@example.com")

    targets = e2e.wait_for("the Target Languages row",
                           lambda: e2e.find(dialog, "Target Languages", ("list item",)))
    press_at(targets)
    french = e2e.wait_for("the French check box",
                          lambda: e2e.find(dialog, "French — fr", ("check box",)))
    scroll_into_view(french)
    press_at(french)
    e2e.wait_for("French to be checked", lambda: checked(french))

    # An empty library: the template comes from New Template… below.
    empty = e2e.wait_for("the empty-library choice",
                         lambda: e2e.find(dialog, "An Empty Library", ("list item",)))
    scroll_into_view(empty)
    press_at(empty)
    create = button_named(dialog, "Create")
    e2e.wait_for("Create to be enabled", lambda: sensitive(create))
    e2e.click(create)


def click_button(root, label):
    button = button_named(root, label)
    e2e.wait_for("“%s” to be enabled" % label, lambda: sensitive(button))
    e2e.click(button)
    return button


def create_template(app):
    # The library is open once its (empty) template list is.
    open_menu(app, "Main Menu")
    item = e2e.wait_for("New Template… in the main menu",
                        lambda: e2e.find(app, "New Template…", ("menu item", "push button")))
    e2e.click(item)
    dialog = window_named(app, "New Template")
    set_text(dialog, "Name", TEMPLATE_NAME)
    click_button(dialog, "Create")


def page_tab(root, name):
    return e2e.wait_for("the “%s” page" % name, lambda: e2e.find(root, name, ("page tab",)))


def field_shows(app, field, value):
    # A node can vanish between the walk finding it and the question asked of it: the
    # editor rebuilds parts of itself while a template or a scenario opens.
    for node in e2e.walk(app):
        try:
            if node.getRoleName() == "text" and node.name == field and text_of(node) == value:
                return True
        except Exception:
            continue
    return False


def add_scenario(app):
    # The new template is open in the editor once its name is in the Message page.
    e2e.wait_for("the new template in the editor", lambda: field_shows(app, "Name", TEMPLATE_NAME))
    e2e.click(page_tab(app, "Scenario"))
    open_menu(app, "Scenario Actions")
    e2e.click(e2e.wait_for("Add Scenario… in the menu",
                           lambda: e2e.find(app, "Add Scenario…", ("menu item", "push button"))))
    dialog = window_named(app, "New Scenario")
    set_text(dialog, "Scenario name", SCENARIO_NAME)
    set_text(dialog, "File name", SCENARIO_FILE)
    click_button(dialog, "Add")


def is_french(label):
    # However a language menu shows French: "fr", "French", "French (fr)", "French — fr".
    return label in ("fr", "French") or label.startswith("French") and label.endswith(
        ("(fr)", "— fr"))


def find_combo_row(app):
    """The scenario form's language row: the combo box named "Language" (plus the row's title)
    that, unlike the preview's drop-down, has no button of its own."""
    for node in e2e.walk(app):
        try:
            if node.getRoleName() == "combo box" and node.name.startswith("Language ") and \
                    e2e.find(node, None, ("push button",)) is None:
                return node
        except Exception:
            continue
    return None


def choose_item(popup_owner, predicate):
    """Chooses, in the list @popup_owner has just popped up, the item whose label satisfies
    @predicate with the keyboard, as a person would: Down until it has the focus, then Enter
    (libadwaita 1.2's combo rows follow only an activated row, not a selected one)."""
    def item():
        for node in e2e.walk(popup_owner):
            try:
                if node.getRoleName() != "list item" or node.parent.parent.getRoleName() != "scroll pane":
                    continue
                label = e2e.find(node, None, ("label",))
                if label is not None and predicate(label.name):
                    return node
            except Exception:
                continue
        return None

    choice = e2e.wait_for("the item in the popped-up list", item)

    def focused():
        if choice.getState().contains(pyatspi.STATE_FOCUSED):
            return True
        pyatspi.Registry.generateKeyboardEvent(KEY_DOWN, None, pyatspi.KEY_SYM)
        return False
    e2e.wait_for("the item to have the focus", focused)
    pyatspi.Registry.generateKeyboardEvent(KEY_RETURN, None, pyatspi.KEY_SYM)


def fill_scenario(app):
    e2e.wait_for("the new scenario in the form",
                 lambda: field_shows(app, "Scenario Name", SCENARIO_NAME))
    set_text(app, "Variable name", VARIABLE)
    set_text(app, "Value", VALUE)
    click_button(app, "Add Variable")
    value = e2e.wait_for("the value row of %s" % VARIABLE,
                         lambda: e2e.find(app, "Value of " + VARIABLE, ("text",)))
    assert text_of(value) == VALUE, "the form shows “%s” for %s" % (text_of(value), VARIABLE)

    # Values for French readers: the form's language row, then the variable's French value.
    row = e2e.wait_for("the form's language row",
                       lambda: e2e.find(app, "Language", ("combo box",)) and find_combo_row(app))
    scroll_into_view(row)
    press_at(row)
    choose_item(row, is_french)
    click_button(app, "Add French Value for " + VARIABLE)
    # In French, the value row is the French value's.
    set_text(app, "Value of " + VARIABLE, FRENCH_VALUE)


def type_sentence(app):
    e2e.click(page_tab(app, "HTML"))
    view = e2e.wait_for("the HTML part", lambda: e2e.find(app, "HTML part", ("text",)))
    html = e2e.wait_for("the starter's HTML in the HTML part",
                        lambda: "</head>" in text_of(view) and text_of(view))
    # After the first paragraph of the content (the starter's greeting).
    anchor = html.index("</p>", html.index("</head>")) + len("</p>")
    view.queryEditableText().insertText(anchor, "\n  " + SENTENCE, len("\n  " + SENTENCE))
    e2e.wait_for("the sentence in the HTML part", lambda: SENTENCE in text_of(view))
    return view


def find_and_replace(app, view):
    # Without a window manager the keyboard goes to the window under the pointer: the
    # pointer goes into the HTML part first, as a person's hand would.
    press_at(view)
    press_with_control(ord("h"))
    set_text(app, "Find", FOUND)
    set_text(app, "Replace with", REPLACEMENT)
    click_button(app, "Replace All")
    replaced = SENTENCE.replace(FOUND, REPLACEMENT)
    e2e.wait_for("the word replaced in the HTML part", lambda: replaced in text_of(view))
    assert FOUND not in text_of(view), "“%s” is still in the HTML part" % FOUND


def header_dropdown(app, name):
    """The drop-down @name above the preview: a combo box with a button of its own."""
    def probe():
        for node in e2e.walk(app):
            try:
                if node.getRoleName() == "combo box" and node.name == name:
                    button = e2e.find(node, name, ("push button", "toggle button"))
                    if button is not None:
                        return node, button
            except Exception:
                continue
        return None
    return e2e.wait_for("the “%s” drop-down" % name, probe)


def preview_french_source(app):
    scenario, _ = header_dropdown(app, "Scenario")
    e2e.wait_for("the new scenario in the preview",
                 lambda: e2e.find(scenario, SCENARIO_NAME, ("label",)))
    language, button = header_dropdown(app, "Language")
    e2e.click(button)
    choose_item(language, is_french)
    e2e.wait_for("French in the preview",
                 lambda: any(is_french(node.name) for node in e2e.walk(language)
                             if node.getRoleName() == "label"))
    source = e2e.wait_for("the Source preview mode",
                          lambda: e2e.find(app, "Source", ("toggle button", "push button", "radio button")))
    e2e.click(source)
    view = e2e.wait_for("the rendered source", lambda: e2e.find(app, "Rendered HTML source", ("text",)))
    expected = SENTENCE.replace(FOUND, REPLACEMENT).replace("{{var:%s}}" % VARIABLE, FRENCH_VALUE)
    e2e.wait_for("the French sentence in the rendered source", lambda: expected in text_of(view))
    assert FOUND not in text_of(view), "“%s” is still in the rendered HTML" % FOUND


def send_to_sandbox(app, process):
    dialog = e2e.open_send_test(app)
    entry = e2e.wait_for("the test inbox field", lambda: e2e.find(dialog, None, ("text", "entry")))
    e2e.type_into(entry, "ok@example.com")
    click_button(dialog, "Send")

    def delivered():
        current = e2e.find_app(process.pid) or app
        return e2e.find(current, "Delivered", ("label",)) or e2e.find(current, "Opened", ("label",))
    e2e.wait_for("“Delivered” in the deliveries", delivered)


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def template_folder(folder):
    templates = os.path.join(folder, "templates")
    if not os.path.isdir(templates):
        return None
    names = [name for name in os.listdir(templates) if not name.startswith(".")]
    return os.path.join(templates, names[0]) if len(names) == 1 else None


def check_library(folder):
    """The files as docs/library-format.md describes them."""
    with open(os.path.join(folder, "herald.json"), encoding="utf-8") as f:
        settings = json.load(f)
    assert type(settings["format"]) is int and settings["format"] == 1, settings["format"]
    assert settings["name"] == LIBRARY_NAME, settings["name"]
    assert settings["targetLocales"] == ["fr"], settings["targetLocales"]
    assert settings["from"] == {"email": "cards@example.com", "name": "Card Team"}, settings["from"]

    # The empty library's one template is the one made from the starter.
    templates = sorted(name for name in os.listdir(os.path.join(folder, "templates"))
                       if not name.startswith("."))
    assert len(templates) == 1, "templates/ holds %s" % templates
    template = os.path.join(folder, "templates", templates[0])
    with open(os.path.join(template, "template.json"), encoding="utf-8") as f:
        assert json.load(f)["name"] == TEMPLATE_NAME
    body = read(os.path.join(template, "body.html"))
    assert SENTENCE.replace(FOUND, REPLACEMENT) in body, "body.html lacks the sentence"
    assert FOUND not in body, "body.html still has “%s”" % FOUND

    scenario_path = os.path.join(template, "scenarios", SCENARIO_FILE + ".json")
    text = read(scenario_path)
    assert text.startswith('{\n  "'), "the scenario is not indented by two spaces"
    scenario = json.loads(text)
    assert scenario["name"] == SCENARIO_NAME, scenario
    assert scenario["variables"] == {VARIABLE: VALUE}, scenario["variables"]
    assert scenario["locales"] == {"fr": {VARIABLE: FRENCH_VALUE}}, scenario.get("locales")

    po = os.path.join(folder, "po", "fr.po")
    assert os.path.isfile(po), "po/fr.po is missing"
    assert os.path.isfile(os.path.join(folder, "po", os.path.basename(folder) + ".pot")), \
        "the .pot named after the folder is missing"
    check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, po], capture_output=True, text=True)
    assert check.returncode == 0, "msgfmt --check refuses po/fr.po: " + check.stderr


def main():
    scratch = tempfile.mkdtemp(prefix="herald-authoring-e2e-")
    folder = os.path.join(scratch, "card-alerts")
    os.mkdir(folder)
    env = e2e.app_env(HERALD_SANDBOX_SPEED="50")

    print("1..1", flush=True)

    def allow_core():
        resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))

    process = e2e.start(folder, env, scratch, preexec_fn=allow_core)
    app = None
    try:
        app = e2e.wait_for_app(process)
        create_library(app, folder)
        e2e.wait_for("herald.json", lambda: os.path.exists(os.path.join(folder, "herald.json")))
        create_template(app)
        add_scenario(app)
        fill_scenario(app)
        view = type_sentence(app)
        find_and_replace(app, view)
        click_button(app, "Save")
        template_dir = e2e.wait_for("the template's folder", lambda: template_folder(folder))
        body = os.path.join(template_dir, "body.html")
        e2e.wait_for("the saved HTML part",
                     lambda: SENTENCE.replace(FOUND, REPLACEMENT) in read(body))
        preview_french_source(app)
        send_to_sandbox(app, process)
        e2e.stop(process)
        check_library(folder)
        print("ok 1 /herald/e2e/author-from-an-empty-folder", flush=True)
        return 0
    except (AssertionError, KeyError, ValueError, OSError) as error:
        e2e.log_names(app, ("label", "text", "push button", "check box", "list item"))
        e2e.report_herald(process, scratch)
        return e2e.fail(error, "1 /herald/e2e/author-from-an-empty-folder")
    finally:
        e2e.clean_up(process, scratch)


if __name__ == "__main__":
    sys.exit(main())
