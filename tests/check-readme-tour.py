#!/usr/bin/env python3
"""Runs the README's quick tour verbatim against a build tree, in a clean environment.

The tour calls _build/src/cli/csl-filer-cli from the clone's root. Here a fresh folder with a
`_build` link to the build tree under test stands in for the clone, and the shell gets only
HOME, PATH and a UTF-8 locale: whatever the tour needs (the PDF helper, translations) the
uninstalled program must find by itself.

Usage: check-readme-tour.py README.md BUILD_ROOT
"""

import os
import re
import subprocess
import sys
import tempfile


def main():
    readme, build_root = sys.argv[1], os.path.realpath(sys.argv[2])
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"<!-- quick-tour -->\s*```sh\n(.*?)```\s*<!-- /quick-tour -->", text, re.S)
    if m is None:
        print("README.md has no quick tour between <!-- quick-tour --> markers")
        return 1
    tour = m.group(1)
    with tempfile.TemporaryDirectory() as clone:
        os.symlink(build_root, os.path.join(clone, "_build"))
        env = {"HOME": clone, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
        # A sanitizer build's own settings (its library suppressions) are not something the
        # program needs to find its files: they pass through.
        for name in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"):
            if name in os.environ:
                env[name] = os.environ[name]
        run = subprocess.run(["bash", "-euo", "pipefail", "-c", tour], cwd=clone, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
        sys.stdout.write(run.stdout)
        sys.stderr.write(run.stderr)
        problems = []
        if run.returncode != 0:
            problems.append(f"the tour exited {run.returncode}")
        for name in ("declaration.pdf", "label.png", "tour-workspace/filings.db"):
            if not os.path.exists(os.path.join(clone, name)):
                problems.append(f"the tour left no {name}")
        # The attach line prints the attachment's id alone; a helper that was not found, or ran
        # without its sandbox for want of its path, would say so on stderr.
        if "helper" in run.stderr.lower():
            problems.append("the PDF helper complained: " + run.stderr.strip())
        for p in problems:
            print("not ok:", p)
        if problems:
            return 1
    print("the README's quick tour ran verbatim against", build_root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
