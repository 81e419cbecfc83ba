#!/usr/bin/env python3
"""CSL Filer's benchmarks (issue 10), run by build-aux/bench inside Xvfb and a D-Bus session.

Every comparison runs side by side in one run: the runs of each contender are interleaved (A B A
B …) so that another job on the machine slows both alike, and each figure is the median of the
runs. Peak RSS is the child's ru_maxrss from wait4() — for a shell pipeline, its largest
process. Everything runs warm: one untimed run first fills the page cache.
"""

import argparse
import datetime
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sqlite3
import sys
import tempfile
import threading
import time

TODAY = "2030-06-01"          # the day the generated history leads up to (CSL_FILER_TODAY)
DATA_VERSION = "5"            # bump when the generated data changes
N_FILINGS = 100_000
N_MANUFACTURERS = 1_000
ZIP_LEVEL = 6                 # csl-zip-writer.c: CSL_ZIP_DEFLATE_LEVEL
# The package filing's materials, MiB: 1 GiB together, each a scanned report of noise pages.
MATERIALS = [
    ("test-report", 400),
    ("pentest-report", 300),
    ("lab-accreditation", 120),
    ("business-license", 80),
    ("declaration", 64),
    ("authorization-letter", 60),
]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run_checked(argv, **kw):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"bench: {shlex.join(map(str, argv))} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


class Result:
    """The runs of one contender: median wall and CPU time, the largest peak RSS."""

    def __init__(self, samples):
        self.walls = [w for w, _, _ in samples]
        self.wall = statistics.median(self.walls)
        self.cpu = statistics.median(c for _, _, c in samples)
        self.rss = max(m for _, m, _ in samples)
        self.runs = len(samples)


class Bench:
    def __init__(self, args):
        self.root = os.path.abspath(args.root)
        self.build = os.path.abspath(args.build)
        self.data = os.path.join(self.build, "bench-data")
        self.out = os.path.join(self.data, "out")
        self.cli = os.path.join(self.build, "src", "cli", "csl-filer-cli")
        self.gui = os.path.join(self.build, "src", "gui", "csl-filer")
        self.tools = os.path.join(self.build, "tests", "bench")
        self.baseline = os.path.abspath(args.baseline_cli) if args.baseline_cli else None
        self.befores = []
        self.runs = args.runs
        self.big_runs = args.big_runs
        self.only = set(args.only.split(",")) if args.only else None
        self.env = dict(os.environ, CSL_FILER_TODAY=TODAY, LC_ALL="C.UTF-8", LANGUAGE="C",
                        GSETTINGS_BACKEND="memory", GSK_RENDERER="cairo", GDK_BACKEND="x11",
                        NO_AT_BRIDGE="1", GSETTINGS_SCHEMA_DIR=os.path.join(self.build, "data"),
                        CSL_FILER_PDF_HELPER=os.path.join(self.build, "src", "pdf-helper", "csl-filer-pdf-helper"))
        self.env.pop("CSL_FILER_WORKSPACE", None)
        self.rows = []
        self.notes = []
        self.raws = []

    # ---- running and timing ---------------------------------------------------------------

    def once(self, argv, stdout=None, env=None, shell=False):
        """One run: (wall seconds, peak RSS KiB, CPU seconds of user and system time)."""
        if shell:
            argv = ["bash", "-c", argv]
        out = open(stdout, "wb") if stdout else subprocess.DEVNULL
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE, env=env or self.env)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if stdout:
            out.close()
        if proc.returncode != 0:
            sys.exit(f"bench: {argv if shell else shlex.join(map(str, argv))} failed "
                     f"({proc.returncode}):\n{err.decode(errors='replace')}")
        return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime

    def compare(self, contenders, runs, slow=None):
        """contenders: list of (name, callable returning once()'s triple). Interleaved runs after
        one untimed warm-up each; one run only when a warm-up took longer than `slow` seconds.
        Returns {name: Result}."""
        longest = 0.0
        for _, fn in contenders:
            longest = max(longest, fn()[0])
        if slow is not None and longest > slow:
            runs = 1
            self.notes.append("one timed run only for %s: a warm-up run took %.0f s" % (
                ", ".join(n for n, _ in contenders), longest))
        samples = {name: [] for name, _ in contenders}
        for _ in range(runs):
            for name, fn in contenders:
                samples[name].append(fn())
        return {name: Result(samples[name]) for name, _ in contenders}

    def cli_argv(self, *args, cli=None):
        return [cli or self.cli, "--workspace", self.ws] + [str(a) for a in args]

    def with_baseline(self, contenders, make_argv, **kw):
        """Adds the baseline build's CLI (--baseline-cli) as the contender "before"."""
        if self.baseline:
            contenders.append(("before", lambda: self.once(make_argv(self.baseline), **kw)))
        return contenders

    # ---- data ---------------------------------------------------------------------------------

    def prepare(self):
        os.makedirs(self.data, exist_ok=True)
        self.ws = os.path.join(self.data, "ws")
        self.pristine = os.path.join(self.data, "filings.db.pristine")
        stamp = os.path.join(self.data, "stamp")
        self.materials_dir = os.path.join(self.data, "materials")
        if not os.path.exists(stamp) or open(stamp).read() != DATA_VERSION:
            log("Generating the benchmark data (once; kept in %s)…" % self.data)
            for name in ("ws", "materials", "stage", "out", "stamp", "filings.db.pristine", "ids.json"):
                path = os.path.join(self.data, name)
                if os.path.isdir(path):
                    shutil.rmtree(path)
                elif os.path.exists(path):
                    os.unlink(path)
            self.generate()
            with open(stamp, "w") as f:
                f.write(DATA_VERSION)
        self.ids = json.load(open(os.path.join(self.data, "ids.json")))
        self.key = os.path.join(self.data, "key.pem")
        self.cert = os.path.join(self.data, "cert.pem")
        self.report300 = os.path.join(self.materials_dir, "report-300-pages.pdf")
        self.upgrade_pristine()
        self.restore_workspace()
        if os.path.isdir(self.out):
            shutil.rmtree(self.out)
        os.makedirs(self.out)

    def upgrade_pristine(self):
        """Data generated by an older schema is upgraded once here (migration 9 fills deadline_due
        for 100 000 filings), not in the untimed first run of every case."""
        import contextlib
        import sqlite3

        def version():
            with contextlib.closing(sqlite3.connect("file:%s?mode=ro" % self.pristine, uri=True)) as db:
                return db.execute("PRAGMA user_version").fetchone()[0]

        before = version()
        self.restore_workspace()
        run_checked(self.cli_argv("lab", "list"), env=self.env)
        with contextlib.closing(sqlite3.connect(os.path.join(self.ws, "filings.db"))) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(os.path.join(self.ws, "filings.db"), self.pristine + ".new")
        os.replace(self.pristine + ".new", self.pristine)
        if version() != before:
            log("  the workspace's schema upgraded from version %d to %d" % (before, version()))

    def restore_workspace(self):
        """Every benchmark run starts from the same workspace: attach and package change it."""
        for suffix in ("-wal", "-shm"):
            path = os.path.join(self.ws, "filings.db" + suffix)
            if os.path.exists(path):
                os.unlink(path)
        shutil.copyfile(self.pristine, os.path.join(self.ws, "filings.db"))

    def generate(self):
        ws = os.path.join(self.data, "ws")
        mat = os.path.join(self.data, "materials")
        os.makedirs(mat)
        t0 = time.perf_counter()
        out = run_checked([os.path.join(self.tools, "csl-bench-workspace"), ws, "--filings", str(N_FILINGS),
                           "--manufacturers", str(N_MANUFACTURERS), "--today", TODAY], env=self.env)
        ids = dict(line.split() for line in out.splitlines())
        ids = {k: int(v) for k, v in ids.items()}
        log("  workspace: %.0f s" % (time.perf_counter() - t0))

        # The documents name what the consistency check looks for, as a real report does.
        header = ("Test report R-BENCH-PACKAGE: Example Smart Tech 1 Co., Ltd., model BENCH-PACKAGE, "
                  "GB/T 41387-2022")
        t0 = time.perf_counter()
        jobs = []
        for i, (kind, mib) in enumerate(MATERIALS):
            jobs.append([os.path.join(self.tools, "csl-bench-pdf"), os.path.join(mat, f"{kind}.pdf"),
                         "--size-mib", str(mib), "--lines", "8", "--seed", str(i + 1), "--header", header])
        jobs.append([os.path.join(self.tools, "csl-bench-pdf"), os.path.join(mat, "report-300-pages.pdf"),
                     "--pages", "300", "--image", "320x240", "--lines", "45", "--seed", "99", "--header",
                     "Test report R-BENCH-ATTACH: Example Smart Tech 1 Co., Ltd., model BENCH-ATTACH"])
        # Two at a time: the machine has two cores.
        while jobs:
            batch, jobs = jobs[:2], jobs[2:]
            procs = [subprocess.Popen(j, env=self.env) for j in batch]
            for p, j in zip(procs, batch):
                if p.wait() != 0:
                    sys.exit(f"bench: {shlex.join(j)} failed")
        for f in os.listdir(mat):
            # Valid PDFs: poppler opens them and counts their pages.
            info = run_checked(["pdfinfo", os.path.join(mat, f)])
            pages = [l for l in info.splitlines() if l.startswith("Pages:")]
            log("  %s: %.1f MiB, %s" % (f, os.path.getsize(os.path.join(mat, f)) / 2**20, pages[0]))
        log("  documents: %.0f s" % (time.perf_counter() - t0))

        key, cert = os.path.join(self.data, "key.pem"), os.path.join(self.data, "cert.pem")
        run_checked(["openssl", "req", "-x509", "-newkey", "rsa:3072", "-nodes", "-keyout", key, "-out", cert,
                     "-days", "3650", "-subj", "/CN=Pearl River Compliance Agency"])

        t0 = time.perf_counter()
        for kind, _ in MATERIALS:
            run_checked([self.cli, "--workspace", ws, "filing", "attach", str(ids["package"]), "--kind", kind,
                         "--max-size-mib", "1024", os.path.join(mat, f"{kind}.pdf")], env=self.env)
        log("  attaching the 1 GiB of materials: %.0f s" % (time.perf_counter() - t0))
        run_checked([self.cli, "--workspace", ws, "filing", "check", str(ids["package"])], env=self.env)
        shutil.copyfile(os.path.join(ws, "filings.db"), os.path.join(self.data, "filings.db.pristine"))
        with open(os.path.join(self.data, "ids.json"), "w") as f:
            json.dump(ids, f)

    # ---- report ---------------------------------------------------------------------------------

    def row(self, case, ours, ref, ratio, target, limit, detail="", met=None):
        """ours: a Result or text; ratio: of wall times (or of what the case says) or None; met:
        ratio <= limit unless given."""
        if met is None and ratio is not None and limit is not None:
            met = ratio <= limit
        self.rows.append((case, self.fmt(ours) if isinstance(ours, Result) else ours, ref,
                          "" if ratio is None else "%.2f×" % ratio, target, met, detail))

    @staticmethod
    def fmt_time(s):
        return "%.0f ms" % (s * 1000) if s < 10 else "%.1f s" % s

    @staticmethod
    def fmt_rss(kib):
        return "%.0f MiB" % (kib / 1024)

    def fmt(self, r):
        return "%s (CPU %s), %s" % (self.fmt_time(r.wall), self.fmt_time(r.cpu), self.fmt_rss(r.rss))

    def before_after(self, case, res, name="ours"):
        if "before" in res:
            b, a = res["before"], res[name]
            self.befores.append((case, b, a))

    def wanted(self, name):
        return self.only is None or name in self.only

    # ---- 1. package ---------------------------------------------------------------------------

    def bench_package(self):
        pkg = self.ids["package"]
        bundle = os.path.join(self.out, "bundle.zip")
        stage = os.path.join(self.data, "stage")
        hand = os.path.join(self.out, "hand")
        os.makedirs(hand, exist_ok=True)

        def ours(cli=None):
            return self.cli_argv("bundle", "create", pkg, "--out", bundle, "--key", self.key, "--cert", self.cert,
                                 cli=cli)

        self.once(ours())
        # The hand pipeline and bsdtar package the very files the bundle holds.
        if os.path.isdir(stage):
            shutil.rmtree(stage)
        os.makedirs(stage)
        run_checked(["bsdtar", "-xf", bundle, "-C", stage, "--exclude", "META-INF", "--exclude", "mimetype"])
        files = sorted(os.listdir(stage))
        total = sum(os.path.getsize(os.path.join(stage, f)) for f in files)
        # Our writer's settings: deflate at level 6 (csl-zip-writer.h CSL_ZIP_DEFLATE_LEVEL).
        opts = f"zip:compression=deflate,zip:compression-level={ZIP_LEVEL}"
        quoted = " ".join(shlex.quote(f) for f in files)
        hand_cmd = (f"cd {shlex.quote(stage)} && sha256sum -- {quoted} > {hand}/MANIFEST.sha256 && "
                    f"openssl cms -sign -binary -in {hand}/MANIFEST.sha256 -signer {self.cert} -inkey {self.key} "
                    f"-outform DER -out {hand}/MANIFEST.sha256.p7s && "
                    f"bsdtar --format zip --options {opts} -cf {hand}/bundle.zip {quoted} "
                    f"-C {hand} MANIFEST.sha256 MANIFEST.sha256.p7s")
        bsdtar_cmd = f"cd {shlex.quote(stage)} && bsdtar --format zip --options {opts} -cf {hand}/bsdtar.zip {quoted}"
        log("Package: %d files, %.2f GiB, %d runs each…" % (len(files), total / 2**30, self.big_runs))
        res = self.compare(self.with_baseline([
            ("ours", lambda: self.once(ours())),
            ("hand", lambda: self.once(hand_cmd, shell=True)),
            ("bsdtar", lambda: self.once(bsdtar_cmd, shell=True)),
        ], ours), self.big_runs)
        o, h, t = res["ours"], res["hand"], res["bsdtar"]
        self.bundle = bundle
        detail = "%d files, %.2f GiB in, bundle %.2f GiB, deflate level %d; ours also signs, fsyncs and reads " \
                 "the bundle back to verify it" % (len(files), total / 2**30, os.path.getsize(bundle) / 2**30, ZIP_LEVEL)
        self.row("Package vs `bsdtar` alone", o, "bsdtar: " + self.fmt(t), o.wall / t.wall, "≤ 1.10×", 1.10, detail)
        self.row("Package vs hand pipeline", o, "sha256sum + openssl cms -sign + bsdtar: " + self.fmt(h),
                 o.wall / h.wall, "< 1.00×", 0.9999)
        self.row("Package peak RSS", self.fmt_rss(o.rss), "", None, "< 64 MiB", None, met=o.rss < 64 * 1024)
        self.before_after("Package (bundle create)", res)
        self.raw("package", res)

    # ---- 2. verify ----------------------------------------------------------------------------

    def bench_verify(self):
        bundle = getattr(self, "bundle", None)
        if bundle is None or not os.path.exists(bundle):
            bundle = os.path.join(self.out, "bundle.zip")
            self.once(self.cli_argv("bundle", "create", self.ids["package"], "--out", bundle,
                                    "--key", self.key, "--cert", self.cert))
        names = [n for n in run_checked(["unzip", "-Z1", bundle]).split("\n") if n]
        tmp = os.path.join(self.out, "verify")
        os.makedirs(tmp, exist_ok=True)
        b = shlex.quote(bundle)
        hashes = "; ".join(f"unzip -p {b} {shlex.quote(n)} | sha256sum" for n in names)
        hand_cmd = (f"{{ {hashes}; }} > {tmp}/sums && "
                    f"unzip -p {b} META-INF/ASiCManifest.xml > {tmp}/ASiCManifest.xml && "
                    f"unzip -p {b} META-INF/signature.p7s > {tmp}/signature.p7s && "
                    f"openssl cms -verify -binary -inform DER -in {tmp}/signature.p7s -content {tmp}/ASiCManifest.xml "
                    f"-CAfile {self.cert} -purpose any -out /dev/null 2>/dev/null")

        def ours(cli=None):
            return [cli or self.cli, "bundle", "verify", bundle, "--signer", self.cert]

        log("Verify: %d entries, %d runs each…" % (len(names), self.runs))
        res = self.compare(self.with_baseline([
            ("ours", lambda: self.once(ours())),
            ("hand", lambda: self.once(hand_cmd, shell=True)),
        ], ours), self.runs)
        o, h = res["ours"], res["hand"]
        self.row("Verify vs hand pipeline", o, "unzip -p | sha256sum ×%d + openssl cms -verify: %s"
                 % (len(names), self.fmt(h)), o.wall / h.wall, "< 1.00×", 0.9999,
                 "bundle of %.2f GiB" % (os.path.getsize(bundle) / 2**30))
        self.before_after("Verify (bundle verify)", res)
        self.raw("verify", res)

    # ---- 3. attach ----------------------------------------------------------------------------

    def bench_attach(self):
        pdf = self.report300
        tmp = os.path.join(self.out, "attach")
        os.makedirs(tmp, exist_ok=True)
        fid = self.ids["attach"]
        q = shlex.quote(pdf)
        trio = (f"pdfinfo {q} > /dev/null && pdftoppm -r 36 -f 1 -l 1 -png {q} {tmp}/thumb && "
                f"pdftotext {q} {tmp}/text.txt")
        app = [os.path.join(self.tools, "csl-bench-attach"), self.ws, str(fid), "test-report", pdf]

        def cli(c=None):
            return self.cli_argv("filing", "attach", fid, "--kind", "test-report", pdf, cli=c)

        log("Attach: %.0f MiB, 300 pages, %d runs each…" % (os.path.getsize(pdf) / 2**20, self.runs))
        res = self.compare(self.with_baseline([
            ("app", lambda: self.once(app)),
            ("cli", lambda: self.once(cli())),
            ("trio", lambda: self.once(trio, shell=True)),
        ], cli), self.runs)
        a, c, t = res["app"], res["cli"], res["trio"]
        ref = "pdfinfo + pdftoppm -r 36 -f 1 -l 1 + pdftotext: " + self.fmt(t)
        self.row("Attach a 300-page PDF as the app does (check, copy, text, thumbnail)", a, ref, a.wall / t.wall,
                 "≤ 1.5×", 1.5, "%.0f MiB" % (os.path.getsize(pdf) / 2**20))
        self.row("Attach with `filing attach` (no thumbnail)", c, ref, c.wall / t.wall, "≤ 1.5×", 1.5)
        self.before_after("Attach (filing attach)", res, "cli")
        self.raw("attach", res)

    # ---- 4. label -----------------------------------------------------------------------------

    def bench_label(self):
        """Against what a user would run instead: rsvg-convert rasterising the same label's SVG
        (Debian's librsvg2-bin) at the same resolution. qrencode drew a code, not a label."""
        lid = self.ids["label"]
        shown = json.loads(run_checked(self.cli_argv("label", "show", lid, "--json"), env=self.env))
        png = os.path.join(self.out, "label.png")
        svg = os.path.join(self.out, "label.svg")
        rsvg_png = os.path.join(self.out, "label-rsvg.png")
        run_checked(self.cli_argv("label", "render", lid, "--out", svg, "--format", "svg"), env=self.env)

        def ours(cli=None):
            return self.cli_argv("label", "render", lid, "--out", png, "--format", "png", "--dpi", "600", cli=cli)

        log("Label: %d runs each…" % self.runs)
        res = self.compare(self.with_baseline([
            ("ours", lambda: self.once(ours())),
            ("rsvg-convert", lambda: self.once(["rsvg-convert", "-d", "600", "-p", "600", "-o", rsvg_png, svg])),
        ], ours), self.runs)
        o, r = res["ours"], res["rsvg-convert"]
        self.row("Label PNG at 600 dpi (`label render --dpi 600`)", o,
                 "`rsvg-convert -d 600 -p 600` of its SVG: " + self.fmt(r), o.wall / r.wall, "≤ 0.5×", 0.5,
                 "%.0f × %.0f mm, %d × %d px" % (shown["width_mm"], shown["height_mm"],
                                                 round(shown["width_mm"] / 25.4 * 600),
                                                 round(shown["height_mm"] / 25.4 * 600)))
        self.before_after("Label PNG (label render)", res)
        self.raw("label", res)

    # ---- 7. many products at once: import and a label sheet (issue 18) -------------------------

    def bench_import(self):
        """Needs none of the 100 000-filing data: a workspace of 100 manufacturers of its own."""
        base = os.path.join(self.data, "import")
        pristine = os.path.join(base, "pristine")
        if os.path.isdir(base):
            shutil.rmtree(base)
        os.makedirs(base)
        run_checked([os.path.join(self.tools, "csl-bench-products"), "prepare", pristine, base, "100",
                     "10000", "100000"], env=self.env)
        small = os.path.join(base, "products-10000.csv")
        big = os.path.join(base, "products-100000.csv")
        ws = os.path.join(base, "ws")

        def fresh():
            if os.path.isdir(ws):
                shutil.rmtree(ws)
            shutil.copytree(pristine, ws)

        def import_(path):
            fresh()
            return self.once([self.cli, "--workspace", ws, "import", "products", path])

        def one_by_one():
            fresh()
            return self.once([os.path.join(self.tools, "csl-bench-products"), "one-by-one", ws, small])

        log("Import: %d runs each…" % self.runs)
        res = self.compare([("import", lambda: import_(small)), ("one-by-one", one_by_one)], self.runs, slow=60)
        o, r = res["import"], res["one-by-one"]
        self.row("Import 10 000 products from CSV (`import products`, one transaction)", o,
                 "the same rows one by one through the core (csl_product_add): " + self.fmt(r), o.wall / r.wall,
                 "≤ 0.2×", 0.2, "%.1f MiB of CSV" % (os.path.getsize(small) / 2**20))
        self.raw("import-10000", res)

        log("Import of 100 000 rows: %d runs…" % self.big_runs)
        res = self.compare([("import", lambda: import_(big))], self.big_runs, slow=120)
        b = res["import"]
        self.row("Import 100 000 products from CSV: peak RSS", b, "", None, "≤ 64 MiB", None,
                 "%.1f MiB of CSV" % (os.path.getsize(big) / 2**20), met=b.rss <= 64 * 1024)
        self.raw("import-100000", res)
        shutil.rmtree(base)

    def bench_sheet(self):
        base = os.path.join(self.data, "sheet")
        if os.path.isdir(base):
            shutil.rmtree(base)
        os.makedirs(base)
        ws = os.path.join(base, "ws")
        pdf = os.path.join(base, "sheet.pdf")

        def cli(*args):
            return run_checked([self.cli, "--workspace", ws] + list(args), env=self.env).strip()

        m = cli("manufacturer", "add", "--name", "北京示例科技有限公司", "--uscc", "91110000600037341L")
        lab = cli("lab", "add", "--name", "Example Testing Lab", "--kind", "third-party", "--accreditation",
                  "CNAS-L0001", "--accredited-until", "2031-12-31")
        p = cli("product", "add", "--manufacturer", m, "--category", "CSL 001-2025", "--model", "EX-CAM-100",
                "--firmware", "1.0.0", "--support-until", "2031-12-31")
        f = cli("filing", "new", "--product", p, "--grade", "2", "--lab", lab, "--report-number", "R-1",
                "--report-date", "2030-05-01", "--standard", "GB/T 41387-2022")

        log("Label sheet: %d runs…" % self.runs)
        res = self.compare([("sheet", lambda: self.once([self.cli, "--workspace", ws, "label", "sheet", f,
                                                          "--copies", "500", "--template", "a4-3x7-63.5x38.1",
                                                          "--out", pdf]))], self.runs)
        pages = [l for l in run_checked(["pdfinfo", pdf]).splitlines() if l.startswith("Pages:")]
        self.row("A4 sheet PDF of 500 labels (`label sheet --copies 500`, 3 × 7 per page)", res["sheet"], "", None,
                 "", None, "%.1f MiB, %s pages" % (os.path.getsize(pdf) / 2**20, pages[0].split()[1]))
        self.raw("sheet-500", res)
        shutil.rmtree(base)

    # ---- 5. deadlines and filing list ---------------------------------------------------------

    def bench_lists(self):
        dl = os.path.join(self.out, "deadlines.json")
        fl = os.path.join(self.out, "filings.txt")

        def deadlines(cli=None):
            return self.cli_argv("deadlines", "--within", 90, "--format", "json", cli=cli)

        def filing_list(cli=None):
            return self.cli_argv("filing", "list", cli=cli)

        log("Deadlines and filing list: %d runs each…" % self.runs)
        contenders = [
            ("deadlines", lambda: self.once(deadlines(), stdout=dl)),
            ("list", lambda: self.once(filing_list(), stdout=fl)),
            ("start", lambda: self.once(self.cli_argv("lab", "list"))),
            ("version", lambda: self.once([self.cli, "--version"])),
        ]
        if self.baseline:
            contenders += [("deadlines-before", lambda: self.once(deadlines(self.baseline), stdout=dl + ".before")),
                           ("list-before", lambda: self.once(filing_list(self.baseline), stdout=fl + ".before"))]
        res = self.compare(contenders, self.runs)
        n_deadlines = len(json.load(open(dl)))
        n_lines = sum(1 for _ in open(fl))
        d, l, st, v = res["deadlines"], res["list"], res["start"], res["version"]
        self.row("`deadlines --within 90 --format json`", d, "", None, "< 50 ms", None, met=d.wall < 0.05,
                 detail="%d deadlines, %.1f MiB of JSON" % (n_deadlines, os.path.getsize(dl) / 2**20))
        self.row("`filing list`", l, "", None, "< 100 ms", None, met=l.wall < 0.1,
                 detail="%d filings, %.1f MiB" % (n_lines, os.path.getsize(fl) / 2**20))
        self.row("(the CLI starting: `--version`; and opening the workspace: `lab list`)", v, self.fmt(st), None,
                 "", None)
        if self.baseline:
            self.befores.append(("`deadlines --within 90 --format json`", res["deadlines-before"], d))
            self.befores.append(("`filing list`", res["list-before"], l))
        self.raw("lists", res)

    # ---- team workspace (issue 17) ------------------------------------------------------------

    def bench_team(self):
        """The lists on a PostgreSQL server against the same lists on SQLite, same data, and eight
        writers at once. The server is a throwaway cluster (build-aux/pg-cluster, fsync off) on a
        Unix socket, filled by `workspace copy` from the bench workspace without its documents
        (the lists do not read them; 1 GiB of bytea would only make the copy slow)."""
        pg_cluster = os.path.join(self.root, "build-aux", "pg-cluster")
        pgdir = tempfile.mkdtemp(prefix="csl-bench-pg-")
        try:
            conn = run_checked([pg_cluster, "start", pgdir]).strip()
            records = os.path.join(self.out, "records-only")
            shutil.rmtree(records, ignore_errors=True)
            os.makedirs(records)
            for name in os.listdir(self.ws):
                if name.startswith("filings.db"):
                    shutil.copyfile(os.path.join(self.ws, name), os.path.join(records, name))
            db = sqlite3.connect(os.path.join(records, "filings.db"))
            db.execute("DELETE FROM attachment_text")
            db.execute("DELETE FROM attachment")
            db.commit()
            db.close()
            log("Team: copying %d filings into the server…" % N_FILINGS)
            t0 = time.perf_counter()
            run_checked([self.cli, "workspace", "copy", "--from", records, "--to", conn], env=self.env)
            copy_s = time.perf_counter() - t0
            out = {k: os.path.join(self.out, "team-" + k) for k in ("pl", "sl", "pd", "sd")}

            def argv(ws, *args):
                return [self.cli, "--workspace", ws] + [str(a) for a in args]

            res = self.compare([
                ("pg-list", lambda: self.once(argv(conn, "filing", "list"), stdout=out["pl"])),
                ("sqlite-list", lambda: self.once(argv(records, "filing", "list"), stdout=out["sl"])),
                ("pg-deadlines", lambda: self.once(argv(conn, "deadlines", "--within", 90, "--format", "json"),
                                                   stdout=out["pd"])),
                ("sqlite-deadlines", lambda: self.once(argv(records, "deadlines", "--within", 90, "--format",
                                                            "json"), stdout=out["sd"])),
            ], self.runs)
            same = (open(out["pl"], "rb").read() == open(out["sl"], "rb").read() and
                    open(out["pd"], "rb").read() == open(out["sd"], "rb").read())
            pl, sl, pd, sd = res["pg-list"], res["sqlite-list"], res["pg-deadlines"], res["sqlite-deadlines"]
            self.row("Team server: `filing list`, 100 000 filings", pl, "SQLite: " + self.fmt(sl), pl.wall / sl.wall,
                     "< 100 ms", None, met=pl.wall < 0.1,
                     detail="output byte for byte the same as SQLite's: %s; filled by `workspace copy` in %.0f s"
                            % ("yes" if same else "**no**", copy_s))
            self.row("Team server: `deadlines --within 90 --format json`", pd, "SQLite: " + self.fmt(sd),
                     pd.wall / sd.wall, "< 100 ms", None, met=pd.wall < 0.1)
            self.bench_writers(conn)
            self.raw("team", res)
        finally:
            subprocess.run([pg_cluster, "stop", pgdir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def bench_writers(self, conn, writers=8, ops=500):
        """Eight people at once, each 500 operations in turn: add a product, start a filing for it,
        attach a report, change the filing. Every failure must be a reported conflict (none is
        expected: these writers touch their own records), and nothing may be lost."""
        pdf = os.path.join(self.out, "small-report.pdf")
        run_checked([os.path.join(self.tools, "csl-bench-pdf"), pdf, "--pages", "1", "--lines", "8", "--seed", "5"],
                    env=self.env)
        log("Team: %d writers × %d operations…" % (writers, ops))
        results = [None] * writers

        def writer(k):
            done = {"product": 0, "filing": 0, "attach": 0, "update": 0}
            errors, conflicts = [], 0
            product = filing = None
            for i in range(ops):
                step = i % 4
                if step == 0:
                    args = ["product", "add", "--manufacturer", "1", "--category", "CSL 001-2025",
                            "--model", "W%d-%d" % (k, i)]
                elif step == 1 and product:
                    args = ["filing", "new", "--product", product, "--grade", "1", "--lab", "1"]
                elif step == 2 and filing:
                    args = ["filing", "attach", filing, pdf, "--kind", "test-report"]
                elif step == 3 and filing:
                    args = ["filing", "update", filing, "--report-number", "R-W%d-%d" % (k, i)]
                else:
                    continue
                r = subprocess.run([self.cli, "--workspace", conn] + args, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, env=self.env)
                if r.returncode == 0:
                    name = ("product", "filing", "attach", "update")[step]
                    done[name] += 1
                    if step == 0:
                        product = r.stdout.strip().split()[-1]
                    elif step == 1:
                        filing = r.stdout.strip().split()[-1]
                elif "changed by" in r.stderr:
                    conflicts += 1
                else:
                    errors.append(r.stderr.strip())
            results[k] = (done, conflicts, errors)

        t0 = time.perf_counter()
        threads = [threading.Thread(target=writer, args=(k,)) for k in range(writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        done = {n: sum(r[0][n] for r in results) for n in results[0][0]}
        conflicts = sum(r[1] for r in results)
        errors = [e for r in results for e in r[2]]
        # What the server holds of the writers' work: nothing lost.
        listed = run_checked([self.cli, "--workspace", conn, "product", "list", "--json"], env=self.env)
        products = sum(1 for p in json.loads(listed) if str(p.get("model", "")).startswith("W"))
        lost = done["product"] - products
        total = sum(done.values())
        self.row("Team server: %d writers × %d operations at once" % (writers, ops),
                 "%d done in %.1f s: %.0f operations/s" % (total, wall, total / wall), "", None,
                 "0 lost, 0 errors but conflicts", None, met=(lost == 0 and not errors),
                 detail="%s; %d conflicts reported, %d other errors%s, %d lost" % (
                     ", ".join("%d %s" % (v, k) for k, v in done.items()), conflicts, len(errors),
                     (" (first: %s)" % errors[0][:200]) if errors else "", lost))

    # ---- 6. start-up --------------------------------------------------------------------------

    def bench_startup(self):
        env = dict(self.env, CSL_FILER_EXIT_AFTER_FIRST_FRAME="1")
        empty = os.path.join(self.out, "empty-ws")
        app = [self.gui, "--workspace", self.ws]
        app_empty = [self.gui, "--workspace", empty]
        minimal = [os.path.join(self.tools, "csl-bench-window")]
        log("Start-up: %d runs each (one if the app takes more than 10 s)…" % self.runs)
        res = self.compare([
            ("app", lambda: self.once(app, env=env)),
            ("empty", lambda: self.once(app_empty, env=env)),
            ("minimal", lambda: self.once(minimal, env=env)),
        ], self.runs, slow=10.0)
        a, e, m = res["app"], res["empty"], res["minimal"]
        self.row("Start-up to the first frame, 100 000 filings", a, "minimal AdwApplicationWindow: " + self.fmt(m),
                 a.wall / m.wall, "≤ 1.5×", 1.5)
        self.row("(start-up to the first frame, empty workspace)", e, "", e.wall / m.wall, "", None)
        # Peak RSS up to the first frame; the interaction cases (search, open) report the app's
        # peak after them too.
        self.row("App peak RSS, 100 000 filings vs an empty workspace (to the first frame)",
                 self.fmt_rss(a.rss), "empty workspace: " + self.fmt_rss(e.rss), a.rss / e.rss, "≤ 1.5×", 1.5)
        self.empty_rss = e.rss
        self.raw("startup", res)

    # ---- 8. interactions in the app (issue 19) ------------------------------------------------

    @staticmethod
    def p95(values):
        """The 95th percentile, by the nearest rank: a figure some sample actually reached."""
        ordered = sorted(values)
        return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]

    def ui(self, case, runs, *extra):
        """csl-bench-ui drives the real app: keys and clicks through the X server (XTest).
        Returns its JSON and the process's peak RSS (KiB); one untimed run warms the cache."""
        argv = [os.path.join(self.tools, "csl-bench-ui"), case, "--workspace", self.ws] + [str(a) for a in extra]
        path = os.path.join(self.out, "ui-%s.json" % case)
        self.once(argv + ["--runs", "1"], stdout=path)
        _, rss, _ = self.once(argv + ["--runs", str(runs)], stdout=path)
        return json.load(open(path)), rss

    def ms_stats(self, values):
        return "median %.1f ms, p95 %.1f ms" % (statistics.median(values), self.p95(values))

    def met_both(self, wall, cpu, limit, p95=True):
        """Met on wall time, as a user feels it; on CPU time too, which another job on the
        machine inflates far less (what the process itself spent over the same span)."""
        def ok(values):
            return statistics.median(values) < limit and (not p95 or self.p95(values) < limit)
        return "%s (CPU: %s)" % ("yes" if ok(wall) else "**no**", "yes" if ok(cpu) else "no")

    def bench_search(self):
        log("Search as you type: %d queries…" % self.runs)
        res, rss = self.ui("search", self.runs)
        wall, cpu = res["wall_ms"], res["cpu_ms"]
        worst = max(wall)
        self.row("Search as you type in Filings, %d filings: each key typed into the search entry to the next "
                 "frame showing the filtered list" % res["filings"],
                 "%s (CPU %s)" % (self.ms_stats(wall), self.ms_stats(cpu)), "the frame budget, 16 ms", None,
                 "< 16 ms, median and p95", None,
                 "%d keys over %d queries, search-delay %d ms (in the figures), slowest key %.0f ms (the first "
                 "search after start-up: %.0f ms); the list keeps %d text cells, all laid out again when a key "
                 "changes the rows shown; app peak RSS after searching %s" % (
                     len(wall), self.runs, res["search_delay_ms"], worst, wall[0], res["cells"], self.fmt_rss(rss)),
                 met=self.met_both(wall, cpu, 16))
        self.raws.append("search (ms, wall): " + " ".join("%.1f" % w for w in wall))
        self.raws.append("search (ms, CPU): " + " ".join("%.1f" % w for w in cpu))

    def bench_open(self):
        log("Opening a filing from the list: %d rows…" % self.runs)
        res, rss = self.ui("open", self.runs)
        wall, cpu = res["wall_ms"], res["cpu_ms"]
        self.row("Opening a filing from the list into the assistant, %d filings: a row's double click to the "
                 "wizard's first frame" % res["filings"],
                 "%s (CPU %s)" % (self.ms_stats(wall), self.ms_stats(cpu)), "", None, "< 100 ms", None,
                 "%d rows opened; app peak RSS %s" % (len(wall), self.fmt_rss(rss)),
                 met=self.met_both(wall, cpu, 100, p95=False))
        self.raws.append("open (ms, wall): " + " ".join("%.1f" % w for w in wall))
        self.raws.append("open (ms, CPU): " + " ".join("%.1f" % w for w in cpu))

    def bench_preview(self):
        log("Label preview while the model is typed: %d runs…" % self.runs)
        res, _ = self.ui("preview", self.runs, "--filing", self.ids["label"])
        wall, cpu, snap = res["paint_wall_ms"], res["paint_cpu_ms"], res["snapshot_cpu_ms"]
        self.row("Label preview redraw while typing the model (the wizard's label step): each frame's paint "
                 "(snapshot and render)",
                 "%s (CPU %s)" % (self.ms_stats(wall), self.ms_stats(cpu)), "the frame budget", None, "< 8 ms", None,
                 "%d redraws of a %d × %d px preview; its snapshot alone: CPU %s" % (
                     len(wall), res["preview_width_px"], res["preview_height_px"], self.ms_stats(snap)),
                 met=self.met_both(wall, cpu, 8))
        self.raws.append("preview paint (ms, wall): " + " ".join("%.2f" % w for w in wall))

    # ---- all ----------------------------------------------------------------------------------

    def raw(self, name, res):
        self.raws.append("%s: " % name + "; ".join(
            "%s %s" % (k, " ".join("%.3f" % w for w in v.walls)) for k, v in res.items()))

    def run(self):
        started = datetime.datetime.now()
        load_before = os.getloadavg()
        steps = [("package", self.bench_package), ("verify", self.bench_verify), ("attach", self.bench_attach),
                 ("label", self.bench_label), ("lists", self.bench_lists), ("team", self.bench_team), ("startup", self.bench_startup),
                 ("search", self.bench_search), ("open", self.bench_open), ("preview", self.bench_preview)]
        # The import and the sheet make workspaces of their own: they need none of the big data.
        own = [("import", self.bench_import), ("sheet", self.bench_sheet)]
        big = any(self.wanted(name) for name, _ in steps)
        if big:
            self.prepare()
        else:
            os.makedirs(self.data, exist_ok=True)
        # Each case starts from the generated workspace: attach and package change it.
        for name, fn in steps:
            if self.wanted(name):
                self.restore_workspace()
                fn()
        for name, fn in own:
            if self.wanted(name):
                fn()
        if big:
            self.restore_workspace()
        load_after = os.getloadavg()
        self.write_report(started, load_before, load_after)

    def write_report(self, started, load_before, load_after):
        cpu = "?"
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        lines = ["# CSL Filer benchmarks", "",
                 "%s · %d cores (%s) · load average %.1f before, %.1f after · %s" % (
                     started.strftime("%Y-%m-%d %H:%M"), os.cpu_count(), cpu, load_before[0], load_after[0],
                     subprocess.run(["git", "-C", self.root, "describe", "--always", "--dirty"],
                                    capture_output=True, text=True).stdout.strip()),
                 "",
                 "Median wall time of %d interleaved runs (the 1 GiB package: %d), after one untimed warm-up "
                 "run each, all warm in the page cache; CPU is user + system time; peak RSS is the largest of the "
                 "runs (of a pipeline: its largest process). Ratios are of wall times. Data: %d filings over %d "
                 "manufacturers, today %s." % (self.runs, self.big_runs, N_FILINGS, N_MANUFACTURERS, TODAY),
                 "",
                 "| Case | CSL Filer | Reference | Ratio | Target | Met |",
                 "|---|---|---|---|---|---|"]
        for case, ours, ref, ratio, target, met, detail in self.rows:
            mark = "" if met is None else met if isinstance(met, str) else ("yes" if met else "**no**")
            c = case + (" — " + detail if detail else "")
            lines.append("| %s | %s | %s | %s | %s | %s |" % (c, ours, ref, ratio, target, mark))
        if self.befores:
            lines += ["", "Before and after, same data, same run (`--baseline-cli %s`):" % self.baseline, "",
                      "| Case | Before | After | Speed-up |", "|---|---|---|---|"]
            for case, b, a in self.befores:
                lines.append("| %s | %s | %s | %.2f× |" % (case, self.fmt(b), self.fmt(a), b.wall / a.wall))
        if self.notes:
            lines += [""] + ["Note: " + n for n in self.notes]
        lines += ["", "Raw wall times (s):", ""] + ["    " + n for n in self.raws] + [""]
        text = "\n".join(lines)
        path = os.path.join(self.root, "_build", "bench", "report.md")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        print(text)
        log("Written to %s" % path)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--root", required=True)
    p.add_argument("--build", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--big-runs", type=int, default=3, help="runs of the 1 GiB package")
    p.add_argument("--only", help="comma-separated: package,verify,attach,label,lists,team,startup,search,open,preview,import,sheet")
    p.add_argument("--baseline-cli", help="another build's csl-filer-cli, timed beside this one (before/after)")
    Bench(p.parse_args()).run()


if __name__ == "__main__":
    main()
