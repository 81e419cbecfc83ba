/* Catalogue batch files (catalogue import): validated, then applied in one transaction. */

#include "records/csl-catalogue.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  CslWorkspace *ws;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  gboolean ok;

  fuzz_init ();
  ws = fuzz_workspace ();
  bytes = g_bytes_new (data, size);
  ok = csl_catalogue_import_bytes (ws, bytes, "fuzz.json", &error);
  fuzz_check_error (ok, error);
  /* Whatever was imported reads back, with everything the other modules ask of it. */
  categories = csl_catalogue_list (ws, &error);
  if (categories == NULL)
    abort ();
  for (guint i = 0; i < categories->len; i++)
    {
      CslCategory *c = categories->pdata[i];
      g_autoptr(GPtrArray) indicators = csl_category_dup_indicators (c);

      (void) csl_category_display_name (c);
      for (int grade = 1; grade <= 3; grade++)
        g_strfreev (csl_category_dup_standards (c, grade));
    }
  return 0;
}
