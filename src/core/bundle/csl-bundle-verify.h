#pragma once

#include <json-glib/json-glib.h>

#include "bundle/csl-asic.h"
#include "bundle/csl-cms.h"
#include "bundle/csl-manifest.h"
#include "bundle/csl-zip.h"

G_BEGIN_DECLS

typedef enum
{
  CSL_ENTRY_OK,
  CSL_ENTRY_MISSING,       /* listed in the manifest, not in the ZIP */
  CSL_ENTRY_WRONG_SIZE,
  CSL_ENTRY_WRONG_SHA256,
  CSL_ENTRY_UNLISTED,      /* in the ZIP, not in the manifest */
} CslEntryStatus;

typedef struct
{
  char           *path;
  char           *kind;        /* from the manifest; NULL when unlisted */
  guint64         size;        /* as found in the bundle; 0 when missing */
  char           *sha256;      /* as found; NULL when missing */
  CslEntryStatus  status;
} CslVerifiedEntry;

typedef enum
{
  CSL_BUNDLE_FORMAT_UNKNOWN,  /* the container could not be read far enough to tell */
  CSL_BUNDLE_FORMAT_1,        /* a ZIP with a signed META-INF/manifest.json (before ASiC-E) */
  CSL_BUNDLE_FORMAT_ASIC_E,   /* ETSI EN 319 162-1 ASiC-E with CAdES (manifest.json format 2) */
} CslBundleFormat;

/* "format 1", "ASiC-E", translated: what the GUI and the CLI show. */
const char *csl_bundle_format_label (CslBundleFormat format);
/* "1", "asic-e": what the JSON report says. */
const char *csl_bundle_format_id    (CslBundleFormat format);

typedef struct
{
  gboolean      ok;           /* everything below holds and the signer is trusted */
  CslBundleFormat format;
  char         *path;
  char         *sha256;       /* of the bundle file, NULL if it could not be read */
  CslSigner    *signer;       /* NULL when no signature could be read */
  CslManifest  *manifest;     /* NULL when it could not be read */
  CslAsicManifest *asic;      /* ASiC-E: META-INF/ASiCManifest.xml; NULL otherwise or unreadable */
  GPtrArray    *entries;      /* of CslVerifiedEntry: the manifest's, then unlisted ones */
  GPtrArray    *failures;     /* of char *, one translated sentence per problem */
  GPtrArray    *errors;       /* of GError *, one per failure, with its domain and code
                               * (CSL_ASIC_ERROR for what is wrong with the ASiC-E parts) */
} CslVerifyReport;

typedef struct
{
  /* NULL: the signature is checked against the certificate it carries, which proves
   * nothing about who made it, so the report fails with a failure that says so. */
  const CslTrust     *trust;
  const CslZipLimits *limits;   /* NULL: the defaults */
  GCancellable       *cancellable;
  /* The file's SHA-256 when the caller already has it (the writer computed it while writing):
   * the report takes it instead of reading the whole file once more. NULL: computed. */
  const char         *sha256;
  /* The CAs of time-stamping authorities: a timestamp's signature is checked against them,
   * and a trusted timestamp's time is when the signer's certificate must have been valid.
   * NULL: a timestamp's imprint is checked and its time reported, but not trusted. */
  const CslTrust     *tsa_trust;
  gint64              at_time;   /* check certificates as of this Unix time; 0: now */
} CslVerifyOptions;

/* The one verification of the CLI and the GUI. NULL with error only when the file cannot
 * be opened at all; everything about its contents, hostile or damaged, is in the report. */
CslVerifyReport *csl_bundle_verify           (const char             *path,
                                              const CslVerifyOptions *options,
                                              GError                **error);
void             csl_verify_report_free      (CslVerifyReport        *report);
const char      *csl_entry_status_to_string  (CslEntryStatus          status);
void             csl_json_add_verify_report  (JsonBuilder            *b,
                                              const CslVerifyReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslVerifyReport, csl_verify_report_free)

G_END_DECLS
