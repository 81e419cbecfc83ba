#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 4180 text: comma-separated fields, double quotes around fields that hold commas, quotes
 * or line breaks, a doubled quote inside them; CRLF or LF line ends; a UTF-8 byte order mark
 * is skipped. Blank lines are skipped. */
typedef struct
{
  guint  line;     /* where the record starts, from 1 */
  GStrv  fields;
} CslCsvRecord;

void       csl_csv_record_free (CslCsvRecord  *record);
/* Records of CslCsvRecord; source names the file in messages. */
GPtrArray *csl_csv_parse       (const char    *text,
                                gsize          len,
                                const char    *source,
                                GError       **error);

G_END_DECLS
