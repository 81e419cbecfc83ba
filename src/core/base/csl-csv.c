#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-csv-reader.h"
#include "base/csl-csv.h"
#include "base/csl-error.h"

void
csl_csv_record_free (CslCsvRecord *record)
{
  if (record == NULL)
    return;
  g_strfreev (record->fields);
  g_free (record);
}

GPtrArray *
csl_csv_parse (const char  *text,
               gsize        len,
               const char  *source,
               GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_csv_record_free);
  g_autoptr(CslCsvReader) reader = NULL;
  g_autoptr(GError) local = NULL;
  CslCsvRecord *record;

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0 ? text + 3 : text,
                        len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0 ? len - 3 : len, NULL))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s is not UTF-8 text"), source);
      return NULL;
    }
  reader = csl_csv_reader_new_for_utf8 (text, len, source);
  while ((record = csl_csv_reader_next (reader, &local)) != NULL)
    g_ptr_array_add (out, record);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&out);
}
