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
end_record (GPtrArray    *out,
            GStrvBuilder *fields,
            guint         line,
            gboolean      blank)
{
  CslCsvRecord *r;

  if (blank)
    {
      g_auto(GStrv) discard = g_strv_builder_end (fields);
      return;
    }
  r = g_new0 (CslCsvRecord, 1);
  r->line = line;
  r->fields = g_strv_builder_end (fields);
  g_ptr_array_add (out, r);
}

GPtrArray *
csl_csv_parse (const char  *text,
               gsize        len,
               const char  *source,
               GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_csv_record_free);
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p, *end;
  guint line = 1, record_line = 1;
  gboolean quoted = FALSE, was_quoted = FALSE, blank = TRUE;

  if (text == NULL)
    text = "";
  p = text;
  end = text + len;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  if (!g_utf8_validate (p, end - p, NULL))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s is not UTF-8 text"), source);
      return NULL;
    }
  for (; p < end; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            g_string_append_c (field, *++p);
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (field, c);
            }
          continue;
        }
      if (c == '"' && field->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          blank = FALSE;
        }
      else if (c == ',')
        {
          g_strv_builder_add (fields, field->str);
          g_string_truncate (field, 0);
          was_quoted = FALSE;
          blank = FALSE;
        }
      else if (c == '\n' || (c == '\r' && p + 1 < end && p[1] == '\n'))
        {
          if (c == '\r')
            p++;
          g_strv_builder_add (fields, field->str);
          end_record (out, fields, record_line, blank && field->len == 0);
          g_string_truncate (field, 0);
          was_quoted = FALSE;
          blank = TRUE;
          record_line = ++line;
        }
      else if (c == '"' || was_quoted)
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                       _("%s, line %u: a quote inside a field that is not enclosed in quotes, or text after "
                         "the closing quote"), source, line);
          return NULL;
        }
      else
        {
          g_string_append_c (field, c);
          blank = FALSE;
        }
    }
  if (quoted)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s, line %u: a quoted field is not closed"), source, record_line);
      return NULL;
    }
  if (!blank || field->len > 0)
    {
      g_strv_builder_add (fields, field->str);
      end_record (out, fields, record_line, FALSE);
    }
  return g_steal_pointer (&out);
}
