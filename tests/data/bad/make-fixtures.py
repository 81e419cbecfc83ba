#!/usr/bin/env python3
"""Writes the binary fixtures of the bad-input corpus (PDFs, ZIPs, keys, PKCS#12 files) into
OUTDIR, so that none of them is committed: test-bad-input runs this first. Text fixtures live
next to this script. Usage: make-fixtures.py OUTDIR SRCDIR (SRCDIR: the tests/ folder)."""
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import zipfile

out = pathlib.Path(sys.argv[1])
src = pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)


def pdf(text="Bad input corpus"):
    """A small, valid one-page PDF with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        body += b"%010d 00000 n \n" % off
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(body)


def write(name, data):
    (out / name).write_bytes(data)


good = pdf()
write("valid.pdf", good)
write("truncated.pdf", good[: len(good) // 2])
# Over a 1 MiB limit (the case passes --max-size-mib 1): comment lines are valid PDF syntax.
write("too-large.pdf", good[:9] + (b"%" + b"x" * 1022 + b"\n") * 1100 + good[9:])
write("header-only.pdf", b"%PDF-1.7\n%%EOF\n")
write("binary-garbage.pdf", b"%PDF-1.5\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
(out / "folder.pdf").mkdir(exist_ok=True)
# Named pipes where a file is read: nobody writes them, so a reader that opens one hangs.
for name in ("fifo.pdf", "fifo.json", "fifo.zip", "fifo.p12"):
    if not (out / name).exists():
        os.mkfifo(out / name)
subprocess.run(["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--",
                str(out / "valid.pdf"), str(out / "encrypted.pdf")], check=True)

# ZIPs that are not what CSL Filer writes, each hostile in one way.
def zip_with(name, entries, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(out / name, "w", compression) as z:
        for info, data in entries:
            z.writestr(info, data)

zip_with("traversal.zip", [("../../evil.txt", b"escaped")])
zip_with("absolute.zip", [("/tmp/evil.txt", b"escaped")])
zip_with("backslash.zip", [("documents\\evil.txt", b"windows")])
zip_with("traversal-backslash.zip", [("..\\..\\evil.pdf", b"escaped")])
link = zipfile.ZipInfo("documents/link.pdf")
link.external_attr = (stat.S_IFLNK | 0o777) << 16
zip_with("symlink.zip", [(link, b"/etc/passwd")])
import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    zip_with("duplicate.zip", [("filing.json", b"{}"), ("filing.json", b"{\"x\": 1}")])
zip_with("stored.zip", [("filing.json", b"{}")], zipfile.ZIP_STORED)
zip_with("many-entries.zip", [(f"documents/{i}.txt", b"") for i in range(1001)])
zip_with("folder-entry.zip", [("documents/", b"")])
enc = zipfile.ZipInfo("filing.json")
enc.flag_bits |= 0x1
zip_with("encrypted-entry.zip", [(enc, b"not really encrypted")])
valid_bundle = (src / "fuzz" / "corpus" / "bundle" / "valid.zip").read_bytes()
write("truncated-bundle.zip", valid_bundle[: len(valid_bundle) * 2 // 3])
write("trailing-junk.zip", valid_bundle + b"junk after the end record" * 4)
write("zip-magic-only.zip", b"PK\x05\x06" + b"\0" * 18)

# Keys and certificates, made by the openssl command as a user would.
def openssl(*args):
    subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
        "-subj", "/CN=Bad Input Signer", "-keyout", str(out / "key.pem"), "-out", str(out / "cert.pem"))
openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(out / "other-key.pem"))
openssl("pkcs12", "-export", "-inkey", str(out / "key.pem"), "-in", str(out / "cert.pem"),
        "-passout", "pass:right-password", "-out", str(out / "identity.p12"))
openssl("pkcs8", "-topk8", "-in", str(out / "key.pem"), "-passout", "pass:right-password",
        "-out", str(out / "encrypted-key.pem"))
p12 = (out / "identity.p12").read_bytes()
write("truncated.p12", p12[: len(p12) // 2])
write("wrong-password.txt", b"not-the-password\n")
write("right-password.txt", b"right-password\n")
# A certificate where a key belongs, and the certificate cut short.
shutil.copy(out / "cert.pem", out / "cert-as-key.pem")
cert = (out / "cert.pem").read_bytes()
write("truncated-cert.pem", cert[: len(cert) // 2])

# json-glib recurses once per level: this overflowed its stack before csl-json.c's check.
write("deep-nesting.json", b"[" * 100000)
write("catalogue-not-utf8.json", b'{"format": 1, "batch": {"code": "\xff\xfe"}}')
write("announcements-not-utf8.csv", b"reference,target,id,announced_on\nR-1,lab,1,2027-01-0\xff\n")
write("announcements-huge-target.json", b'{"format": 1, "announcements": [{"reference": "R-1", "target": "'
      + b"x" * 100000 + b'", "id": 1, "announced_on": "2027-01-01"}]}')
