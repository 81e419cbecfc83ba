/* The filing agency's bar announcements, JSON or CSV, against a workspace with two labs and
 * two manufacturers for the records to name. */

#include "lifecycle/csl-bars.h"
#include "base/csl-csv-reader.h"
#include "base/csl-csv.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "base/csl-uscc.h"
#include "fuzz-common.h"

#include <string.h>

static void
populate (CslWorkspace *ws)
{
  /* The second code's check character is computed, so that both are valid. */
  static const char *const usccs[] = { "91110000600037341L", "91350100M000100Y4" };
  static const char *const accreditations[] = { "CNAS L0001", "CNAS L0002" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
      g_autoptr(CslLab) lab = csl_lab_new ();

      m->name_en = g_strdup_printf ("Maker %u", i + 1);
      m->uscc = strlen (usccs[i]) == CSL_USCC_LENGTH ? g_strdup (usccs[i])
                : g_strdup_printf ("%s%c", usccs[i], csl_uscc_check_char (usccs[i]));
      lab->name = g_strdup_printf ("Lab %u", i + 1);
      lab->kind = g_strdup ("third-party");
      lab->accreditation_no = g_strdup (accreditations[i]);
      if (csl_manufacturer_add (ws, m, &error) == 0 || csl_lab_add (ws, lab, &error) == 0)
        {
          fprintf (stderr, "cannot set up the workspace: %s\n", error->message);
          abort ();
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static CslWorkspace *ws;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  CslAnnouncementImport result = { 0 };
  gboolean ok;

  fuzz_init ();
  if (ws == NULL)
    {
      ws = fuzz_workspace ();
      populate (ws);
    }
  /* The CSV reader on its own, then the whole import. */
  records = csl_csv_parse ((const char *) data, size, "fuzz.csv", &error);
  fuzz_check_error (records != NULL, error);
  g_clear_error (&error);

  bytes = g_bytes_new (data, size);
  ok = csl_announcements_import_bytes (ws, bytes, "fuzz", &result, &error);
  fuzz_check_error (ok, error);
  return 0;
}
