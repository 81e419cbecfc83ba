/* Spreadsheets saved as CSV (base/csl-csv-reader.c): the encoding guess (UTF-8, its BOM,
 * GB18030), the delimiter, quoting across lines, the 1 MiB record bound; then the whole import
 * as a dry run against a workspace with a manufacturer and a lab for rows to match. The first
 * byte picks the kind of records; the rest is the file. */

#include "base/csl-csv-reader.h"
#include "records/csl-import.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "fuzz-common.h"

#include <string.h>

static void
populate (CslWorkspace *ws)
{
  g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
  g_autoptr(CslLab) lab = csl_lab_new ();
  g_autoptr(GError) error = NULL;

  m->name_zh = g_strdup ("北京示例科技有限公司");
  m->uscc = g_strdup ("91110000600037341L");
  lab->name = g_strdup ("示例网络安全检测实验室 Example Cybersecurity Testing Lab");
  lab->kind = g_strdup ("third-party");
  lab->accreditation_no = g_strdup ("CNAS L0001");
  if (csl_manufacturer_add (ws, m, &error) == 0 || csl_lab_add (ws, lab, &error) == 0)
    {
      fprintf (stderr, "cannot set up the workspace: %s\n", error->message);
      abort ();
    }
}

static void
read_all (const uint8_t *data,
          size_t         size)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslCsvReader) reader = csl_csv_reader_new (in, "fuzz.csv", NULL, &error);
  CslCsvRecord *rec;
  guint last_line = 0;

  fuzz_check_error (reader != NULL, error);
  if (reader == NULL)
    return;
  if (csl_csv_encoding_name (csl_csv_reader_get_encoding (reader)) == NULL)
    abort ();
  while ((rec = csl_csv_reader_next (reader, &error)) != NULL)
    {
      /* Records come in file order, every field valid UTF-8 whatever the file's encoding. */
      if (rec->line <= last_line && last_line != 0)
        abort ();
      last_line = rec->line;
      for (guint i = 0; rec->fields[i] != NULL; i++)
        if (!g_utf8_validate (rec->fields[i], -1, NULL))
          abort ();
      csl_csv_record_free (rec);
    }
  if (error != NULL)
    fuzz_check_error (FALSE, error);
  if (csl_csv_reader_get_offset (reader) > size)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static CslWorkspace *ws;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslImportReport) report = NULL;
  CslImportKind kind;

  fuzz_init ();
  if (size == 0)
    return 0;
  if (ws == NULL)
    {
      ws = fuzz_workspace ();
      populate (ws);
    }
  kind = (CslImportKind) (data[0] % CSL_N_IMPORT_KINDS);
  read_all (data + 1, size - 1);

  in = g_memory_input_stream_new_from_data (data + 1, (gssize) size - 1, NULL);
  report = csl_import_run (ws, kind, in, "fuzz.csv", size - 1, CSL_IMPORT_DRY_RUN, NULL, NULL, NULL, &error);
  fuzz_check_error (report != NULL, error);
  /* A dry run writes nothing, whatever the rows say. */
  if (report != NULL && report->written)
    abort ();
  return 0;
}
