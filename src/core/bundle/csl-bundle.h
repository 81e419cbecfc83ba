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
} CslBundleOptions;

/* Packages a filing whose requirements check finds no error (else CSL_ERROR_INCOMPLETE,
 * listing what is missing): filing.json, the generated documents, the attachments streamed
 * from the store (each checked against its SHA-256 on the way: CSL_ERROR_DAMAGED),
 * META-INF/manifest.json and its signature. The ZIP goes to a temporary file next to
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
