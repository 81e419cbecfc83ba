#!/usr/bin/env python3
"""What a person reads and presses, in English and in Simplified Chinese (issue 20, point 2).

- Access keys sit on buttons, menu items and labels that name a control; not on view-switcher
  tabs, entry-row titles or pills (GNOME zh_CN practice, and the HIG's for the rest).
- No two controls of one .ui (one window or dialog) share an access key, in either language.
  The C file of the same name counts as part of it: the buttons, responses, toasts and menu
  items it builds with translatable mnemonics (gtk_button_new_with_mnemonic (_("…")), a label
  set after *_set_use_underline (…, TRUE), …) are checked alike, and so are windows built in C
  alone. A label that only one of several possible strings fills (a table of N_() labels, a
  "cond ? _(…) : _(…)") is one control.
- No zh_CN string keeps an "Art." reference (第8条第(2)项), and Chinese text in brackets uses
  full-width ones (（…）); ASCII brackets stay only around digits and access keys."""
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

root = pathlib.Path(sys.argv[1])
NO_MNEMONIC_CLASSES = {"AdwViewStackPage", "AdwEntryRow", "AdwPasswordEntryRow"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def read_po(path):
    """(msgctxt, msgid) → msgstr, for the translated, non-obsolete messages."""
    catalogue, entry, key = {}, {}, None
    def flush():
        if entry.get("msgid") and entry.get("msgstr"):
            catalogue[(entry.get("msgctxt"), entry["msgid"])] = entry["msgstr"]
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#~"):
            continue
        m = re.match(r'^(msgctxt|msgid|msgstr) "(.*)"$', line)
        if m:
            if m.group(1) == "msgctxt" or (m.group(1) == "msgid" and "msgctxt" not in entry):
                flush()
                entry = {}
            key = m.group(1)
            entry[key] = m.group(2)
        elif line.startswith('"') and key:
            entry[key] += line[1:-1]
        elif not line.strip():
            flush()
            entry, key = {}, None
    return {k: v.encode().decode("unicode_escape").encode("latin-1").decode("utf-8") if "\\" in v else v
            for k, v in catalogue.items()}


def access_key(text):
    m = re.search(r"_([^_\s])", text)
    return m.group(1).lower() if m else None


zh = read_po(root / "po" / "zh_CN.po")
failures = []
# One window or dialog (a .ui and the .c of the same name) → language → key → (control, text).
dialogs = {}


def add_key(dialog, where, control, text):
    """Records text's access key for control, in English and in zh_CN; a clash is a failure."""
    keys = dialogs.setdefault(dialog, {"en": {}, "zh_CN": {}})
    for lang, shown in (("en", text), ("zh_CN", zh.get((None, text)))):
        key = access_key(shown) if shown else None
        if key is None:
            continue
        other = keys[lang].get(key)
        if other is not None and other[0] != control:
            failures.append(f"{where}: “{other[1]}” and “{shown}” share the access key {key.upper()} ({lang})")
        elif other is None:
            keys[lang][key] = (control, shown)


for ui in sorted((root / "src" / "gui").rglob("*.ui")):
    tree = ET.parse(ui)
    keys = dialogs.setdefault(ui.with_suffix(""), {"en": {}, "zh_CN": {}})
    for obj in tree.iter("object"):
        props = {p.get("name").replace("_", "-"): p for p in obj.findall("property")}
        if (props.get("use-underline") is None or props["use-underline"].text != "true"):
            continue
        classes = {c.get("name") for s in obj.findall("style") for c in s.findall("class")}
        what = f"{ui.relative_to(root)}: {obj.get('class')} {obj.get('id') or ''}".rstrip()
        if obj.get("class") in NO_MNEMONIC_CLASSES or "pill" in classes:
            failures.append(f"{what}: no access key on a tab, an entry row's title or a pill")
            continue
        for name in ("label", "title"):
            p = props.get(name)
            if p is None or p.text is None:
                continue
            for lang, text in (("en", p.text), ("zh_CN", zh.get((p.get("context"), p.text)))):
                key = access_key(text) if text else None
                if key is None:
                    continue
                if key in keys[lang]:
                    failures.append(f"{ui.relative_to(root)}: “{keys[lang][key][1]}” and “{text}” share the "
                                    f"access key {key.upper()} ({lang})")
                else:
                    keys[lang][key] = (id(obj), text)

# Calls whose translatable string argument is shown with its access key: buttons, dialog
# responses, toast buttons and menu items, where GNOME puts access keys.
C_MNEMONIC_CALLS = ("gtk_button_new_with_mnemonic", "gtk_check_button_new_with_mnemonic",
                    "gtk_toggle_button_new_with_mnemonic", "gtk_label_new_with_mnemonic",
                    "adw_message_dialog_add_response", "adw_toast_set_button_label",
                    "g_menu_append", "g_menu_prepend", "g_menu_insert", "g_menu_item_new")
# Calls that show an access key only once *_set_use_underline (…, TRUE) is called in the file.
C_UNDERLINE_CALLS = ("gtk_button_set_label", "adw_preferences_row_set_title", "gtk_label_set_label")
# Where GNOME zh_CN practice puts no access key at all.
C_NO_MNEMONIC = ("adw_view_stack_page_set_use_underline", "adw_entry_row", "adw_password_entry_row")
LITERAL = r'"((?:[^"\\]|\\.)*)"'


def call_args(text, start):
    """The text between the parentheses of the call whose "(" is at or after start."""
    open_at = text.index("(", start)
    depth = 0
    for i in range(open_at, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return text[open_at + 1:i]
    return text[open_at + 1:]


def unescape(literal):
    return literal.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


for c_file in sorted((root / "src" / "gui").rglob("*.c")):
    code = c_file.read_text(encoding="utf-8")
    where = str(c_file.relative_to(root))
    underline = re.search(r"_set_use_underline\s*\([^;]*TRUE", code) is not None
    if "adw_view_stack_page_set_use_underline" in code and re.search(
            r"adw_view_stack_page_set_use_underline\s*\([^;]*TRUE", code):
        failures.append(f"{where}: no access key on a view switcher's tabs")
    if underline and re.search(r"adw_(password_)?entry_row_new", code) and "adw_preferences_row_set_use_underline" in code:
        failures.append(f"{where}: no access key on an entry row's title")
    # The N_() labels a table offers one control, for calls that take _(variable).
    table = [unescape(t) for t in re.findall(r"\bN_\(\s*" + LITERAL + r"\s*\)", code) if access_key(unescape(t))]
    calls = C_MNEMONIC_CALLS + (C_UNDERLINE_CALLS if underline else ())
    for m in re.finditer(r"\b(" + "|".join(calls) + r")\s*\(", code):
        args = call_args(code, m.start())
        texts = [unescape(t) for t in re.findall(r"\b_\(\s*" + LITERAL + r"\s*\)", args)]
        if not texts and re.search(r"\b_\(\s*[A-Za-z]", args):
            texts = table
        line = code.count("\n", 0, m.start()) + 1
        # A control is known by what it is assigned to ("self->cancel_button = …" and a later
        # gtk_button_set_label (GTK_BUTTON (self->cancel_button), …) are one button).
        target = re.search(r"([\w>.-]+)\s*=\s*$", code[code.rfind("\n", 0, m.start()) + 1:m.start()])
        subject = re.search(r"^\s*(?:\w+\s*\(\s*)*([\w>.-]+)", args)
        control = (target or subject).group(1) if (target or subject) else f"{where}:{line}"
        if m.group(1) in ("adw_message_dialog_add_response", "g_menu_append", "g_menu_prepend", "g_menu_insert",
                          "g_menu_item_new", "gtk_button_new_with_mnemonic", "gtk_check_button_new_with_mnemonic",
                          "gtk_toggle_button_new_with_mnemonic", "gtk_label_new_with_mnemonic") and target is None:
            control = f"{where}:{line}"
        for text in texts:
            add_key(c_file.with_suffix(""), f"{where}:{line}", control, text)

for (context, msgid), msgstr in sorted(zh.items(), key=lambda kv: kv[0][1]):
    if "Art." in msgstr:
        failures.append(f"zh_CN keeps an English article reference: “{msgstr}”")
    for inner in re.findall(r"\(([^()]*)\)", msgstr):
        if CJK.search(inner):
            failures.append(f"zh_CN puts Chinese in ASCII brackets, not （…）: “{msgstr}”")
            break

if failures:
    sys.exit("\n".join(failures))
