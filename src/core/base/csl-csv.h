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

/* Writing, as Excel reads it back: fields that hold the delimiter, quotes or line breaks are
 * quoted, and a field that a spreadsheet would run as a formula (=, +, @ or a tab first) gets
 * a leading apostrophe, so that an exported model name cannot become a live formula. A row
 * ends in CRLF. */
#define CSL_CSV_BOM "\xEF\xBB\xBF"
void       csl_csv_append_row  (GString            *out,
                                const char *const  *fields,
                                guint               n_fields);

G_END_DECLS
