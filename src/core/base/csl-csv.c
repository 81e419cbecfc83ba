#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

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

