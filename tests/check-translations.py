#!/usr/bin/env python3
"""Every language in po/LINGUAS must translate every message of the current sources.

The template is extracted afresh from the files in po/POTFILES.in (with the keywords of meson's
glib preset), so a new untranslated string fails here even before anyone runs the pot target;
each catalogue is merged against it without fuzzy matching and checked by msgfmt."""
import pathlib
import re
import subprocess
import sys
import tempfile

# meson's i18n.gettext(preset: 'glib'), as passed to xgettext by meson's pot target.
GLIB_PRESET = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]

root = pathlib.Path(sys.argv[1])
po = root / "po"
package = sys.argv[2] if len(sys.argv) > 2 else "csl-filer"


def run(*args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args[:2])} failed:\n{result.stderr}")
    return result


def msgids(catalogue, *selection):
    """The msgids msgattrib selects, one per line (no wrapping, no file positions)."""
    out = run("msgattrib", *selection, "--no-obsolete", "--no-wrap", "--no-location", str(catalogue)).stdout
    # A msgid with "\n" inside continues on the following quoted lines.
    ids = ["".join(re.findall(r'"(.*)"', m)) for m in re.findall(r'^msgid (".*"\n(?:".*"\n)*)', out, re.MULTILINE)]
    return [i for i in ids if i]   # the header's msgid is ""


with tempfile.TemporaryDirectory() as tmp:
    pot = pathlib.Path(tmp) / f"{package}.pot"
    run("xgettext", f"--package-name={package}", "-D", str(root), "-f", str(po / "POTFILES.in"),
        "-k_", "-o", str(pot), *GLIB_PRESET)
    total = len(msgids(pot))
    if total == 0:
        sys.exit("xgettext found no messages: is po/POTFILES.in empty?")

    languages = [lang for line in (po / "LINGUAS").read_text().splitlines()
                 for lang in line.split("#")[0].split()]
    failed = False
    for lang in languages:
        source = po / f"{lang}.po"
        if not source.exists():
            print(f"{lang}: po/{lang}.po is missing")
            failed = True
            continue
        merged = pathlib.Path(tmp) / f"{lang}.po"
        run("msgmerge", "--quiet", "--no-fuzzy-matching", "-o", str(merged), str(source), str(pot))
        stats = run("msgfmt", "-c", "--check-format", "--statistics", "-o", "/dev/null", str(merged)).stderr.strip()
        untranslated = msgids(merged, "--untranslated")
        fuzzy = msgids(merged, "--only-fuzzy")
        print(f"{lang}: {stats} (template: {total} messages)")
        for msgid in untranslated:
            print(f"  untranslated: \"{msgid}\"")
        for msgid in fuzzy:
            print(f"  fuzzy: \"{msgid}\"")
        failed = failed or bool(untranslated or fuzzy)
    sys.exit(1 if failed else 0)
