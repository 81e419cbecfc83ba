#!/usr/bin/env python3
"""Every source file with translatable strings must be listed in po/POTFILES.in, and every
listed file must exist: otherwise its strings silently stay in English."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
listed = set()
for line in (root / "po" / "POTFILES.in").read_text().splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        listed.add(line)

marker_c = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext)\s*\(\s*"')
marker_ui = re.compile(r'translatable="yes"')
needed = set()
for path in sorted(root.glob("src/**/*")):
    if path.suffix in (".c", ".h") and marker_c.search(path.read_text(encoding="utf-8")):
        needed.add(str(path.relative_to(root)))
    elif path.suffix == ".ui" and marker_ui.search(path.read_text(encoding="utf-8")):
        needed.add(str(path.relative_to(root)))
for path in sorted(root.glob("data/*.in")) + sorted(root.glob("data/*.gschema.xml")):
    needed.add(str(path.relative_to(root)))

missing = sorted(needed - listed)
stale = sorted(p for p in listed if not (root / p).exists())
for p in missing:
    print(f"not in po/POTFILES.in: {p}")
for p in stale:
    print(f"listed in po/POTFILES.in but missing: {p}")
print(f"{len(needed)} files with translatable strings, {len(missing)} unlisted, {len(stale)} stale")
sys.exit(1 if missing or stale else 0)
