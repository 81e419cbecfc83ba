#!/usr/bin/env python3
"""What a person reads and presses, in English and in Simplified Chinese (issue 20, point 2).

- Access keys sit on buttons, menu items and labels that name a control; not on view-switcher
  tabs, entry-row titles or pills (GNOME zh_CN practice, and the HIG's for the rest).
- No two controls of one .ui (one window or dialog) share an access key, in either language.
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

for ui in sorted((root / "src" / "gui").rglob("*.ui")):
    tree = ET.parse(ui)
    keys = {"en": {}, "zh_CN": {}}
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
                    failures.append(f"{ui.relative_to(root)}: “{keys[lang][key]}” and “{text}” share the "
                                    f"access key {key.upper()} ({lang})")
                else:
                    keys[lang][key] = text

for (context, msgid), msgstr in sorted(zh.items(), key=lambda kv: kv[0][1]):
    if "Art." in msgstr:
        failures.append(f"zh_CN keeps an English article reference: “{msgstr}”")
    for inner in re.findall(r"\(([^()]*)\)", msgstr):
        if CJK.search(inner):
            failures.append(f"zh_CN puts Chinese in ASCII brackets, not （…）: “{msgstr}”")
            break

if failures:
    sys.exit("\n".join(failures))
