#!/usr/bin/env python3
"""Reads a CSL Filer bundle as another ASiC-E implementation would, with Python's zipfile and
asn1crypto only (no CSL Filer code): the container layout of ETSI EN 319 162-1, the
ASiCManifest against the files, and every CAdES-B attribute of ETSI EN 319 122-1 (and, with
--timestamp, the CAdES-T signature-time-stamp). Usage: check-asic.py BUNDLE [--timestamp]
Prints "ASiC-E OK" and exits 0, or names the first thing wrong."""
import base64
import hashlib
import sys
import xml.etree.ElementTree as ET
import zipfile

from asn1crypto import cms, tsp

ASIC = "http://uri.etsi.org/02918/v1.2.1#"
DS = "http://www.w3.org/2000/09/xmldsig#"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
OWN = {"mimetype", "META-INF/ASiCManifest.xml", "META-INF/signature.p7s"}

path = sys.argv[1]
want_timestamp = "--timestamp" in sys.argv[2:]


def check(condition, what):
    if not condition:
        print("NOT ASiC-E:", what)
        sys.exit(1)


raw = open(path, "rb").read()
z = zipfile.ZipFile(path)
check(z.testzip() is None, "a CRC does not match")
first = z.infolist()[0]
check(first.filename == "mimetype" and first.header_offset == 0, "mimetype is not the first entry")
check(first.compress_type == zipfile.ZIP_STORED, "mimetype is compressed")
check(first.extra == b"" and raw[28:30] == b"\0\0", "mimetype has an extra field")
check(not first.flag_bits & 0x08, "mimetype has a data descriptor")
check(raw[30:38] == b"mimetype" and raw[38:69] == b"application/vnd.etsi.asic-e+zip", "no media type at byte 38")
names = [i.filename for i in z.infolist()]
check(len(set(names)) == len(names), "a name appears twice")

manifest_bytes = z.read("META-INF/ASiCManifest.xml")
root = ET.fromstring(manifest_bytes)
check(root.tag == "{%s}ASiCManifest" % ASIC, "the manifest is not an asic:ASiCManifest")
sig_refs = root.findall("{%s}SigReference" % ASIC)
check(len(sig_refs) == 1 and sig_refs[0].get("URI") == "META-INF/signature.p7s", "SigReference")
referenced = set()
for ref in root.findall("{%s}DataObjectReference" % ASIC):
    uri = ref.get("URI")
    check(uri not in referenced, f"{uri} referenced twice")
    referenced.add(uri)
    check(ref.find("{%s}DigestMethod" % DS).get("Algorithm") == SHA256, f"{uri}: not SHA-256")
    digest = base64.b64decode(ref.find("{%s}DigestValue" % DS).text)
    check(hashlib.sha256(z.read(uri)).digest() == digest, f"{uri} does not match its digest")
    check(ref.get("MimeType"), f"{uri} has no MimeType")
check(referenced == set(names) - OWN, "the references and the files differ")
check("META-INF/manifest.json" in referenced, "manifest.json is not a data object")

info = cms.ContentInfo.load(z.read("META-INF/signature.p7s"))
check(info["content_type"].native == "signed_data", "the signature is not SignedData")
signed = info["content"]
check(signed["encap_content_info"]["content"].native is None, "the signature is not detached")
check(len(signed["signer_infos"]) == 1, "not exactly one signer")
signer = signed["signer_infos"][0]
check(signer["digest_algorithm"]["algorithm"].native == "sha256", "the digest is not SHA-256")
attrs = {a["type"].native: a["values"] for a in signer["signed_attrs"]}
check(attrs["content_type"][0].native == "data", "content-type")
check(attrs["message_digest"][0].native == hashlib.sha256(manifest_bytes).digest(), "message-digest")
check("signing_time" in attrs, "no signing-time")
check("signing_certificate_v2" in attrs, "no signing-certificate-v2")
certs = [c.chosen for c in signed["certificates"]]
sid = signer["sid"].chosen
cert = [c for c in certs if c.issuer == sid["issuer"] and c.serial_number == sid["serial_number"].native][0]
cert_id = attrs["signing_certificate_v2"][0]["certs"][0]
check(cert_id["hash_algorithm"]["algorithm"].native == "sha256", "signing-certificate-v2 is not SHA-256")
check(cert_id["cert_hash"].native == hashlib.sha256(cert.dump()).digest(), "signing-certificate-v2 names another certificate")

unsigned = {a["type"].native: a["values"] for a in (signer["unsigned_attrs"] or [])}
if want_timestamp:
    check("signature_time_stamp_token" in unsigned, "no signature-time-stamp")
    token = unsigned["signature_time_stamp_token"][0]
    tst = token["content"]["encap_content_info"]["content"].parsed
    check(isinstance(tst, tsp.TSTInfo), "the token holds no TSTInfo")
    imprint = tst["message_imprint"]
    check(imprint["hash_algorithm"]["algorithm"].native == "sha256", "the imprint is not SHA-256")
    check(imprint["hashed_message"].native == hashlib.sha256(signer["signature"].native).digest(),
          "the timestamp is not over the signature value")
    print("timestamp", tst["gen_time"].native.isoformat())
else:
    check("signature_time_stamp_token" not in unsigned, "an unexpected timestamp")
print("ASiC-E OK")
