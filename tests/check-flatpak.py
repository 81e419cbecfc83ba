#!/usr/bin/env python3
"""The Flatpak manifest cannot be built here (no runtimes can be downloaded), so its promises
are checked instead: valid JSON, the app id, pinned sources, and no permission beyond the few
the app needs."""
import json
import sys

ALLOWED_FINISH_ARGS = {"--share=ipc", "--socket=fallback-x11", "--socket=wayland", "--device=dri"}
REQUIRED_FINISH_ARGS = {"--socket=wayland", "--socket=fallback-x11"}
APP_ID = "io.github.cslfiler.CslFiler"

path, expected_app_id = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else APP_ID
with open(path, encoding="utf-8") as f:
    manifest = json.load(f)

errors = []
if manifest.get("app-id") != expected_app_id:
    errors.append(f"app-id is {manifest.get('app-id')!r}, expected {expected_app_id!r}")
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    errors.append("runtime/sdk must be org.gnome.Platform/org.gnome.Sdk")
if not str(manifest.get("runtime-version", "")).isdigit():
    errors.append("runtime-version must be a stable GNOME release number")
args = set(manifest.get("finish-args", []))
for extra in sorted(args - ALLOWED_FINISH_ARGS):
    errors.append(f"finish-arg not allowed: {extra}")
for missing in sorted(REQUIRED_FINISH_ARGS - args):
    errors.append(f"finish-arg missing: {missing}")

names = []
for module in manifest.get("modules", []):
    if isinstance(module, str):
        errors.append(f"module {module!r} is an external file; keep modules inline")
        continue
    name = module.get("name", "?")
    names.append(name)
    sources = module.get("sources", [])
    if not sources:
        errors.append(f"module {name}: no sources")
    for src in sources:
        kind = src.get("type")
        if kind in ("archive", "file"):
            sha = src.get("sha256", "")
            if not src.get("url", "").startswith("https://"):
                errors.append(f"module {name}: source URL must be https")
            if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
                errors.append(f"module {name}: source not pinned by sha256")
        elif kind == "git":
            if len(src.get("commit", "")) != 40:
                errors.append(f"module {name}: git source not pinned to a commit")
        elif kind == "dir":
            if name != "csl-filer":
                errors.append(f"module {name}: only the app itself may build from a local dir")
        else:
            errors.append(f"module {name}: unexpected source type {kind!r}")
    if name == "poppler":
        opts = " ".join(module.get("config-opts", []))
        for off in ("ENABLE_QT5=OFF", "ENABLE_QT6=OFF", "ENABLE_BOOST=OFF", "ENABLE_CPP=OFF",
                    "ENABLE_GOBJECT_INTROSPECTION=OFF"):
            if off not in opts:
                errors.append(f"poppler: {off} missing")
    if name == "libqrencode" and "--without-tools" not in module.get("config-opts", []):
        errors.append("libqrencode: --without-tools missing")
    if name == "csl-filer" and module.get("run-tests") is not True:
        errors.append("csl-filer: run-tests must be true")

for needed in ("poppler-data", "poppler", "libqrencode", "libpq", "csl-filer"):
    if needed not in names:
        errors.append(f"module {needed} missing")
if names and names[-1] != "csl-filer":
    errors.append("the app must be the last module")

for e in errors:
    print(e)
print(f"{len(names)} modules, {len(errors)} problems")
sys.exit(1 if errors else 0)
