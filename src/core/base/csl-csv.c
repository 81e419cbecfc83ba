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

static void
append_field (GString    *out,
              const char *field)
{
  gboolean formula = field[0] == '=' || field[0] == '+' || field[0] == '@' || field[0] == '\t';

  if (!formula && strpbrk (field, ",;\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
csl_csv_append_row (GString           *out,
                    const char *const *fields,
                    guint              n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_field (out, fields[i] ? fields[i] : "");
    }
  g_string_append (out, "\r\n");
}

