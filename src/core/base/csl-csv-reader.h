#pragma once

#include <gio/gio.h>

#include "base/csl-csv.h"

G_BEGIN_DECLS

/* CSV as spreadsheets save it, read a record at a time so that a file of any length needs
 * memory for one record only. The encoding is found from the first 64 KiB: UTF-8 (with or
 * without the byte order mark Excel writes), else GB18030 — which covers GBK and GB2312, what
 * Excel and WPS on Chinese Windows write by default — when the sample converts cleanly. The
 * delimiter is a comma, or a semicolon when the header line has more of those (spreadsheets
 * in locales with a decimal comma). Quoting is RFC 4180's; quoted fields may hold line breaks. */
typedef struct _CslCsvReader CslCsvReader;

typedef enum
{
  CSL_CSV_UTF8,
  CSL_CSV_UTF8_BOM,
  CSL_CSV_GB18030,
} CslCsvEncoding;

/* Takes a reference on in. source names the file in messages. Fails (CSL_ERROR_INVALID) when
 * the sample is neither UTF-8 nor GB18030 text, or holds a NUL byte (not text at all). */
CslCsvReader  *csl_csv_reader_new           (GInputStream   *in,
                                             const char     *source,
                                             GCancellable   *cancellable,
                                             GError        **error);
/* For text already in memory and known to be UTF-8, delimited by commas (announcements). */
CslCsvReader  *csl_csv_reader_new_for_utf8  (const char     *text,
                                             gsize           len,
                                             const char     *source);
CslCsvEncoding csl_csv_reader_get_encoding  (CslCsvReader   *reader);
/* "UTF-8", "UTF-8 (BOM)" or "GB18030", for telling the user what was read. */
const char    *csl_csv_encoding_name        (CslCsvEncoding  encoding);
char           csl_csv_reader_get_delimiter (CslCsvReader   *reader);
/* Bytes of the file read so far (up to 64 KiB ahead of the records returned), for progress. */
guint64        csl_csv_reader_get_offset    (CslCsvReader   *reader);
/* The next record (blank lines are skipped), or NULL at the end or on an error (error set:
 * the line and the fault). A record over 1 MiB is refused rather than held. */
CslCsvRecord  *csl_csv_reader_next          (CslCsvReader   *reader,
                                             GError        **error);
void           csl_csv_reader_free          (CslCsvReader   *reader);

/* A whole UTF-8 text in memory, comma-separated (announcements): every record, or NULL. */
GPtrArray     *csl_csv_parse                (const char    *text,
                                             gsize          len,
                                             const char    *source,
                                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslCsvReader, csl_csv_reader_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslCsvRecord, csl_csv_record_free)

G_END_DECLS
