#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* META-INF/manifest.json, the part of a bundle that is signed:
 *   {"format": 1, "generator": "csl-filer X.Y.Z", "created": "2026-07-01T08:00:00Z",
 *    "filing": {"id", "manufacturer", "uscc", "model", "grade"},
 *    "files": [{"path", "size", "sha256", "kind"}, …]}
 * listing every entry of the bundle except the manifest and the signature. */
#define CSL_MANIFEST_FORMAT     1
/* Format 2: the same members, in an ASiC-E container (csl-asic.h), where the manifest is one of
 * the data objects that META-INF/ASiCManifest.xml lists and the signature signs that one;
 * "files" lists every entry but mimetype, the two manifests and the signature. */
#define CSL_MANIFEST_FORMAT_ASIC 2
#define CSL_MANIFEST_PATH       "META-INF/manifest.json"
#define CSL_SIGNATURE_PATH      "META-INF/signature.p7s"
#define CSL_MANIFEST_MAX_SIZE   (1024 * 1024)

typedef struct
{
  char    *path;
  guint64  size;
  char    *sha256;
  char    *kind;
} CslManifestFile;

typedef struct
{
  int        format;
  char      *generator;
  char      *created;
  gint64     filing_id;
  char      *manufacturer;
  char      *uscc;
  char      *model;
  int        grade;
  GPtrArray *files;   /* of CslManifestFile, in bundle order */
} CslManifest;

CslManifest           *csl_manifest_new       (void);
void                   csl_manifest_free      (CslManifest       *manifest);
void                   csl_manifest_add_file  (CslManifest       *manifest,
                                               const char        *path,
                                               guint64            size,
                                               const char        *sha256,
                                               const char        *kind);
const CslManifestFile *csl_manifest_find      (const CslManifest *manifest,
                                               const char        *path);
GBytes                *csl_manifest_to_bytes  (const CslManifest *manifest);
/* Strict: every member present with the right type, format 1, hex digests, safe paths,
 * no path twice, neither the manifests, the mimetype nor the signature listed. */
CslManifest           *csl_manifest_parse     (GBytes            *bytes,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslManifest, csl_manifest_free)

G_END_DECLS
