/* META-INF/manifest.json, the signed part of a bundle: parsed before anything else in it is
 * believed. A manifest that parses must survive a round trip unchanged. */

#include <string.h>

#include "bundle/csl-manifest.h"
#include "fuzz-common.h"

static void
assert_same (const CslManifest *a,
             const CslManifest *b)
{
  if (a->format != b->format || a->filing_id != b->filing_id || a->grade != b->grade ||
      g_strcmp0 (a->generator, b->generator) != 0 || g_strcmp0 (a->created, b->created) != 0 ||
      g_strcmp0 (a->manufacturer, b->manufacturer) != 0 || g_strcmp0 (a->uscc, b->uscc) != 0 ||
      g_strcmp0 (a->model, b->model) != 0 || a->files->len != b->files->len)
    abort ();
  for (guint i = 0; i < a->files->len; i++)
    {
      const CslManifestFile *fa = a->files->pdata[i];
      const CslManifestFile *fb = b->files->pdata[i];

      if (strcmp (fa->path, fb->path) != 0 || fa->size != fb->size ||
          strcmp (fa->sha256, fb->sha256) != 0 || g_strcmp0 (fa->kind, fb->kind) != 0 ||
          csl_manifest_find (a, fa->path) != fa)
        abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslManifest) manifest = NULL;

  fuzz_init ();
  bytes = g_bytes_new (data, size);
  manifest = csl_manifest_parse (bytes, &error);
  fuzz_check_error (manifest != NULL, error);
  if (manifest != NULL)
    {
      g_autoptr(GBytes) written = csl_manifest_to_bytes (manifest);
      g_autoptr(CslManifest) again = csl_manifest_parse (written, &error);

      if (again == NULL)
        {
          fprintf (stderr, "a parsed manifest does not parse once written: %s\n", error->message);
          abort ();
        }
      assert_same (manifest, again);
    }
  return 0;
}
