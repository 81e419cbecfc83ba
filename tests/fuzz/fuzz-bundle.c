/* A signed bundle as a reviewer receives it: the ZIP reader, the layout check, the manifest
 * and the CMS signature, all through csl_bundle_verify() on a file holding the input. */

#include "bundle/csl-bundle-verify.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *path;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslVerifyReport) report = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  /* Small limits, so that the fuzzer reaches them with small inputs. */
  CslZipLimits limits = { 8, 64 * 1024, 256 * 1024, 64 };
  CslVerifyOptions options = { NULL, &limits, NULL };

  fuzz_init ();
  if (path == NULL)
    path = g_build_filename (fuzz_tmp (), "bundle.zip", NULL);
  if (!g_file_set_contents (path, (const char *) data, (gssize) size, &error))
    abort ();
  report = csl_bundle_verify (path, &options, &error);
  if (report == NULL)
    {
      fprintf (stderr, "a readable file gave no report: %s\n", error->message);
      abort ();
    }
  /* A report is ok exactly when it lists no failure; and it always serialises. */
  if (report->ok != (report->failures->len == 0))
    abort ();
  if (report->ok)
    {
      fprintf (stderr, "an untrusted signature was reported as good\n");
      abort ();
    }
  for (guint i = 0; i < report->failures->len; i++)
    if (!g_utf8_validate (report->failures->pdata[i], -1, NULL))
      abort ();
  csl_json_add_verify_report (builder, report);
  root = json_builder_get_root (builder);
  g_free (json_to_string (root, FALSE));
  return 0;
}
