/* META-INF/ASiCManifest.xml, what an ASiC-E bundle's signature signs: parsed (XML, from a
 * file that may be hostile) before any reference in it is believed. A manifest that parses
 * must survive a round trip with the same signature and the same references. */

#include <string.h>

#include "bundle/csl-asic.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslAsicManifest) manifest = NULL;

  fuzz_init ();
  bytes = g_bytes_new (data, size);
  manifest = csl_asic_manifest_parse (bytes, &error);
  fuzz_check_error (manifest != NULL, error);
  if (manifest != NULL)
    {
      g_autoptr(GBytes) written = csl_asic_manifest_to_bytes (manifest);
      g_autoptr(CslAsicManifest) again = csl_asic_manifest_parse (written, &error);

      if (again == NULL)
        {
          fprintf (stderr, "a parsed ASiCManifest does not parse once written: %s\n", error->message);
          abort ();
        }
      if (strcmp (manifest->sig_uri, again->sig_uri) != 0 || manifest->references->len != again->references->len)
        abort ();
      for (guint i = 0; i < manifest->references->len; i++)
        {
          const CslAsicReference *a = manifest->references->pdata[i];
          const CslAsicReference *b = again->references->pdata[i];

          if (strcmp (a->uri, b->uri) != 0 || strcmp (a->sha256, b->sha256) != 0 ||
              csl_asic_manifest_find (manifest, a->uri) != a)
            abort ();
        }
    }
  return 0;
}
