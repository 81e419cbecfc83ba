#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ASiC-E with CAdES (ETSI EN 319 162-1): the container's fixed names and its manifest,
 * META-INF/ASiCManifest.xml, the document the CAdES signature signs. It lists every data
 * object of the bundle with its SHA-256; META-INF/manifest.json is one of them. */
#define CSL_ASIC_MIMETYPE_PATH   "mimetype"
#define CSL_ASIC_MIMETYPE        "application/vnd.etsi.asic-e+zip"
#define CSL_ASIC_MANIFEST_PATH   "META-INF/ASiCManifest.xml"
#define CSL_ASIC_NAMESPACE       "http://uri.etsi.org/02918/v1.2.1#"
#define CSL_XMLDSIG_NAMESPACE    "http://www.w3.org/2000/09/xmldsig#"
#define CSL_XMLENC_SHA256        "http://www.w3.org/2001/04/xmlenc#sha256"
#define CSL_ASIC_MANIFEST_MAX_SIZE (1024 * 1024)

#define CSL_ASIC_ERROR (csl_asic_error_quark ())

/* What is wrong with an ASiC-E container, its manifest, its signature or its timestamp, and
 * what went wrong asking a time-stamping authority (TSA). */
typedef enum
{
  CSL_ASIC_ERROR_MIMETYPE_NOT_FIRST,     /* "mimetype" missing or not the first entry */
  CSL_ASIC_ERROR_MIMETYPE_COMPRESSED,    /* "mimetype" deflated, or with an extra field */
  CSL_ASIC_ERROR_MIMETYPE_WRONG,         /* "mimetype" holds another media type */
  CSL_ASIC_ERROR_MANIFEST_INVALID,       /* ASiCManifest.xml is not the schema's */
  CSL_ASIC_ERROR_MANIFEST_DUPLICATE,     /* a file referenced twice */
  CSL_ASIC_ERROR_MANIFEST_OUTSIDE,       /* a reference to a path outside the container */
  CSL_ASIC_ERROR_MANIFEST_MISMATCH,      /* the references and the files disagree */
  CSL_ASIC_ERROR_SIGNATURE_MISMATCH,     /* the signature is over another manifest */
  CSL_ASIC_ERROR_SIG_REFERENCE,          /* the manifest names another signature file */
  CSL_ASIC_ERROR_TIMESTAMP_MISMATCH,     /* the timestamp is over another signature */
  CSL_ASIC_ERROR_TIMESTAMP_INVALID,      /* unreadable token, or the TSA's signature fails */
  CSL_ASIC_ERROR_TSA_UNREACHABLE,        /* no connection, an HTTP error */
  CSL_ASIC_ERROR_TSA_TIMEOUT,            /* no answer in time */
  CSL_ASIC_ERROR_TSA_GARBAGE,            /* an answer that is no time-stamp response */
  CSL_ASIC_ERROR_TSA_REJECTED,           /* a response that grants no token */
} CslAsicError;

GQuark csl_asic_error_quark (void);

typedef struct
{
  char *uri;          /* the entry's name in the container */
  char *mime_type;
  char *sha256;       /* hex */
} CslAsicReference;

typedef struct
{
  char      *sig_uri;       /* the SigReference */
  GPtrArray *references;    /* of CslAsicReference, in document order */
} CslAsicManifest;

CslAsicManifest *csl_asic_manifest_new      (const char            *sig_uri);
void             csl_asic_manifest_free     (CslAsicManifest       *manifest);
void             csl_asic_manifest_add      (CslAsicManifest       *manifest,
                                             const char            *uri,
                                             const char            *sha256);
const CslAsicReference *csl_asic_manifest_find (const CslAsicManifest *manifest,
                                             const char            *uri);
GBytes          *csl_asic_manifest_to_bytes (const CslAsicManifest *manifest);
/* Strict: well-formed XML with the ETSI and XML-DSig namespaces, one SigReference, SHA-256
 * digests of 32 bytes, names that csl_zip_check_name() accepts (else
 * CSL_ASIC_ERROR_MANIFEST_OUTSIDE), no name twice (CSL_ASIC_ERROR_MANIFEST_DUPLICATE). */
CslAsicManifest *csl_asic_manifest_parse    (GBytes                *bytes,
                                             GError               **error);
/* The media type an ASiCManifest gives an entry, from its name. */
const char      *csl_asic_mime_type_for     (const char            *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslAsicManifest, csl_asic_manifest_free)

G_END_DECLS
