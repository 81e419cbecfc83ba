#pragma once

#include "bundle/csl-bundle-plan.h"
#include "bundle/csl-identity.h"
#include "bundle/csl-zip-writer.h"

G_BEGIN_DECLS

typedef struct
{
  CslIdentity              *identity;
  const CslBundleProviders *providers;     /* NULL: csl_bundle_default_providers () */
  const char               *today;         /* NULL: csl_date_today () */
  gint64                    created;       /* Unix time of the manifest and entries; 0: now */
  CslProgressFunc           progress;      /* bytes written of all entries, may be NULL */
  gpointer                  progress_data;
  GCancellable             *cancellable;
  /* An RFC 3161 time-stamping authority (http:// or https://) asked for a token over the
   * signature; NULL: none. On a TSA error, tsa_required refuses the bundle (nothing is
   * written), else the bundle is made without a timestamp and *tsa_warning (if given) says why. */
  const char               *tsa_url;
  guint                     tsa_timeout;   /* seconds; 0: CSL_TSA_DEFAULT_TIMEOUT */
  gboolean                  tsa_required;
  GError                  **tsa_warning;
} CslBundleOptions;

/* Packages a filing whose requirements check finds no error (else CSL_ERROR_INCOMPLETE,
 * listing what is missing): filing.json, the generated documents, the attachments streamed
 * from the store (each checked against its SHA-256 on the way: CSL_ERROR_DAMAGED),
 * META-INF/manifest.json, META-INF/ASiCManifest.xml and its CAdES signature, in an ASiC-E
 * container (csl-asic.h). The ZIP goes to a temporary file next to
 * out_path, is fsynced, verified and renamed; only then, in one audited transaction, the
 * filing becomes "packaged" with the bundle's SHA-256. Any failure or a cancel leaves no file
 * behind and the filing unchanged. out_path may be a folder: the file then gets
 * csl_bundle_file_name(). */
gboolean csl_bundle_create (CslWorkspace            *ws,
                            gint64                   filing_id,
                            const char              *out_path,
                            const CslBundleOptions  *options,
                            char                   **path_written,
                            char                   **sha256,
                            GError                 **error);

G_END_DECLS
