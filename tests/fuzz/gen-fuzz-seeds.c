/* Writes the binary seeds of the bundle and manifest corpora: small bundles as CSL Filer
 * writes them (valid, and with one thing wrong each), so that the fuzzer starts from inputs
 * that pass the ZIP layout check and reaches the manifest and the signature. Text seeds are
 * written by hand. Usage: gen-fuzz-seeds CORPUS_DIR */

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/csl-asic.h"
#include "bundle/csl-cms.h"
#include "bundle/csl-identity.h"
#include "bundle/csl-manifest.h"
#include "base/csl-sha256.h"
#include "bundle/csl-zip-writer.h"

#define CREATED G_GINT64_CONSTANT (1795248000)

static void
check (gboolean  ok,
       GError   *error)
{
  if (!ok)
    {
      fprintf (stderr, "%s\n", error ? error->message : "failed");
      exit (1);
    }
}

typedef enum
{
  SEED_VALID,
  SEED_UNSIGNED,
  SEED_TAMPERED,      /* a document changed after signing */
  SEED_UNLISTED,      /* an entry the manifest does not list */
  SEED_WRONG_SIGNER,  /* the signature is over another manifest */
  SEED_NO_MANIFEST,
} SeedKind;

static char *
sha256_of (GBytes *bytes)
{
  g_autoptr(CslSha256) sum = csl_sha256_new ();

  csl_sha256_update (sum, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return csl_sha256_finish (sum);
}

static CslManifest *
make_manifest (GBytes *document,
               GBytes *data)
{
  CslManifest *m = csl_manifest_new ();
  g_autofree char *doc_sha = sha256_of (document);
  g_autofree char *data_sha = sha256_of (data);

  m->generator = g_strdup ("csl-filer 0.1.0");
  m->created = g_strdup ("2026-11-21T08:00:00Z");
  m->filing_id = 1;
  m->manufacturer = g_strdup ("示例科技 Example Tech");
  m->uscc = g_strdup ("91110000600037341L");
  m->model = g_strdup ("CAM-100");
  m->grade = 2;
  csl_manifest_add_file (m, "filing.json", g_bytes_get_size (data), data_sha, "filing-data");
  csl_manifest_add_file (m, "documents/test-report.pdf", g_bytes_get_size (document), doc_sha, "test-report");
  return m;
}

/* The seeds as ASiC-E containers, as the writer makes them now, named "asic-*.zip". The
 * format-1 seeds beside them (valid.zip, …) were written by the libarchive writer before it and
 * are kept as they are: they are the old format, which verify still reads. */
static void
write_asic_bundle (const char  *path,
                   SeedKind     kind,
                   CslIdentity *identity,
                   const char  *manifest_dir)
{
  g_autoptr(GBytes) document = g_bytes_new_static ("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", 34);
  g_autoptr(GBytes) changed = g_bytes_new_static ("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\r", 34);
  g_autoptr(GBytes) data = g_bytes_new_static ("{\"format\":1}\n", 13);
  g_autoptr(GBytes) mimetype = g_bytes_new_static (CSL_ASIC_MIMETYPE, strlen (CSL_ASIC_MIMETYPE));
  g_autoptr(CslManifest) manifest = make_manifest (document, data);
  g_autoptr(GBytes) manifest_bytes = NULL;
  g_autoptr(CslAsicManifest) asic = csl_asic_manifest_new (CSL_SIGNATURE_PATH);
  g_autoptr(GBytes) asic_bytes = NULL;
  g_autoptr(GBytes) other = g_bytes_new_static ("<other/>", 8);
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(CslZipWriter) zip = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *doc_sha = sha256_of (document);
  g_autofree char *data_sha = sha256_of (data);
  g_autofree char *manifest_sha = NULL;

  manifest->format = CSL_MANIFEST_FORMAT_ASIC;
  manifest_bytes = csl_manifest_to_bytes (manifest);
  manifest_sha = sha256_of (manifest_bytes);
  csl_asic_manifest_add (asic, "filing.json", data_sha);
  csl_asic_manifest_add (asic, "documents/test-report.pdf", doc_sha);
  csl_asic_manifest_add (asic, CSL_MANIFEST_PATH, manifest_sha);
  asic_bytes = csl_asic_manifest_to_bytes (asic);
  if (kind == SEED_VALID)
    {
      g_autofree char *seed = g_build_filename (manifest_dir, "..", "asic-manifest", "valid.xml", NULL);

      check (g_file_set_contents (seed, g_bytes_get_data (asic_bytes, NULL), (gssize) g_bytes_get_size (asic_bytes),
                                  &error), error);
    }
  signature = csl_cms_sign_cades (identity, kind == SEED_WRONG_SIGNER ? other : asic_bytes, NULL, &error);
  check (signature != NULL, error);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  check (out != NULL, error);
  zip = csl_zip_writer_new (G_OUTPUT_STREAM (out), CREATED, NULL, &error);
  check (zip != NULL, error);
  check (csl_zip_writer_add_stored_bytes (zip, CSL_ASIC_MIMETYPE_PATH, mimetype, &error), error);
  check (csl_zip_writer_add_bytes (zip, "filing.json", data, NULL, &error), error);
  check (csl_zip_writer_add_bytes (zip, "documents/test-report.pdf",
                                   kind == SEED_TAMPERED ? changed : document, NULL, &error), error);
  if (kind == SEED_UNLISTED)
    check (csl_zip_writer_add_bytes (zip, "documents/extra.pdf", document, NULL, &error), error);
  check (csl_zip_writer_add_bytes (zip, CSL_MANIFEST_PATH, manifest_bytes, NULL, &error), error);
  if (kind != SEED_NO_MANIFEST)
    check (csl_zip_writer_add_bytes (zip, CSL_ASIC_MANIFEST_PATH, asic_bytes, NULL, &error), error);
  if (kind != SEED_UNSIGNED)
    check (csl_zip_writer_add_bytes (zip, CSL_SIGNATURE_PATH, signature, NULL, &error), error);
  check (csl_zip_writer_finish (zip, &error), error);
  check (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error), error);
}

int
main (int   argc,
      char *argv[])
{
  static const struct { SeedKind kind; const char *name; } bundles[] = {
    { SEED_VALID, "valid.zip" },
    { SEED_UNSIGNED, "unsigned.zip" },
    { SEED_TAMPERED, "tampered.zip" },
    { SEED_UNLISTED, "unlisted.zip" },
    { SEED_WRONG_SIGNER, "wrong-signature.zip" },
    { SEED_NO_MANIFEST, "no-manifest.zip" },
  };
  g_autoptr(CslIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle_dir = NULL;
  g_autofree char *manifest_dir = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s CORPUS_DIR\n", argv[0]);
      return 2;
    }
  bundle_dir = g_build_filename (argv[1], "bundle", NULL);
  manifest_dir = g_build_filename (argv[1], "manifest", NULL);
  g_mkdir_with_parents (bundle_dir, 0755);
  g_mkdir_with_parents (manifest_dir, 0755);

  /* EC keys: a signature of a few hundred bytes keeps the seeds small; ten years, so that
   * the seeds behave the same for years. */
  identity = csl_identity_generate ("Fuzz Seed Signer", CSL_KEY_EC, 3650, &error);
  check (identity != NULL, error);
  {
    g_autofree char *asic_dir = g_build_filename (argv[1], "asic-manifest", NULL);

    g_mkdir_with_parents (asic_dir, 0755);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bundles); i++)
    {
      g_autofree char *name = g_strconcat ("asic-", bundles[i].name, NULL);
      g_autofree char *path = g_build_filename (bundle_dir, name, NULL);

      /* The writer of format-1 seeds (libarchive) is gone: only the ASiC-E ones are made. */
      write_asic_bundle (path, bundles[i].kind, identity, manifest_dir);
    }

  {
    g_autoptr(GBytes) document = g_bytes_new_static ("x", 1);
    g_autoptr(CslManifest) manifest = make_manifest (document, document);
    g_autoptr(GBytes) bytes = csl_manifest_to_bytes (manifest);
    g_autofree char *path = g_build_filename (manifest_dir, "valid.json", NULL);

    check (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error),
           error);
  }
  return 0;
}
