#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-csv-reader.h"
#include "base/csl-error.h"

#define SAMPLE_SIZE   (64 * 1024)
#define CHUNK_SIZE    (64 * 1024)
#define MAX_RECORD    (1024 * 1024)

struct _CslCsvReader
{
  GInputStream   *in;            /* NULL when reading from memory */
  GCancellable   *cancellable;
  GConverter     *converter;     /* GB18030 → UTF-8, or NULL */
  char           *source;
  CslCsvEncoding  encoding;
  char            delimiter;

  GByteArray     *raw;           /* bytes read and not yet converted */
  gboolean        raw_eof;
  const char     *text;          /* UTF-8 being parsed: text[pos..len) */
  gsize           len, pos;
  GByteArray     *converted;     /* owns text when converting */
  const char     *memory;        /* owns nothing: text handed to new_for_utf8 */
  guint64         offset;

  /* The parser's state between chunks. */
  GStrvBuilder   *fields;
  GString        *field;
  gsize           record_bytes;
  guint           line, record_line;
  gboolean        quoted, was_quoted, blank;
  gboolean        pending_cr, pending_quote;
};

const char *
csl_csv_encoding_name (CslCsvEncoding encoding)
{
  switch (encoding)
    {
    case CSL_CSV_UTF8_BOM: return "UTF-8 (BOM)";
    case CSL_CSV_GB18030:  return "GB18030";
    case CSL_CSV_UTF8:
    default:               return "UTF-8";
    }
}

static CslCsvReader *
reader_new (const char *source)
{
  CslCsvReader *r = g_new0 (CslCsvReader, 1);

  r->source = g_strdup (source);
  r->delimiter = ',';
  r->raw = g_byte_array_new ();
  r->fields = g_strv_builder_new ();
  r->field = g_string_new (NULL);
  r->line = r->record_line = 1;
  r->blank = TRUE;
  return r;
}

void
csl_csv_reader_free (CslCsvReader *r)
{
  if (r == NULL)
    return;
  g_clear_object (&r->in);
  g_clear_object (&r->cancellable);
  g_clear_object (&r->converter);
  g_byte_array_unref (r->raw);
  if (r->converted != NULL)
    g_byte_array_unref (r->converted);
  g_strv_builder_unref (r->fields);
  g_string_free (r->field, TRUE);
  g_free (r->source);
  g_free (r);
}

/* A sample that ends inside a multi-byte character is still UTF-8 if only that is wrong. */
static gboolean
utf8_sample (const char *s,
             gsize       len,
             gboolean    at_end)
{
  const char *end = NULL;

  if (g_utf8_validate (s, len, &end))
    return TRUE;
  return !at_end && (gsize) (end - s) + 4 > len &&
         g_utf8_get_char_validated (end, len - (end - s)) == (gunichar) -2;
}

/* More header delimiters of one kind than the other, outside quotes, on the first line. */
static char
sniff_delimiter (const char *s,
                 gsize       len)
{
  guint commas = 0, semicolons = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len && (quoted || (s[i] != '\n' && s[i] != '\r')); i++)
    {
      if (s[i] == '"')
        quoted = !quoted;
      else if (!quoted && s[i] == ',')
        commas++;
      else if (!quoted && s[i] == ';')
        semicolons++;
    }
  return semicolons > commas ? ';' : ',';
}

static gboolean
read_raw (CslCsvReader  *r,
          gsize          want,
          GError       **error)
{
  guint old = r->raw->len;
  gsize got = 0;

  g_byte_array_set_size (r->raw, old + want);
  if (!g_input_stream_read_all (r->in, r->raw->data + old, want, &got, r->cancellable, error))
    {
      g_byte_array_set_size (r->raw, old);
      g_prefix_error (error, _("Cannot read %s: "), r->source);
      return FALSE;
    }
  g_byte_array_set_size (r->raw, old + got);
  r->offset += got;
  if (got < want)
    r->raw_eof = TRUE;
  return TRUE;
}

/* Converts what raw holds (all of it, or up to a split character) into text. */
static gboolean
convert_raw (CslCsvReader  *r,
             GError       **error)
{
  gsize out_size = r->raw->len * 2 + 16;

  g_byte_array_set_size (r->converted, 0);
  for (;;)
    {
      g_autoptr(GError) local = NULL;
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult res;

      g_byte_array_set_size (r->converted, out_size);
      res = g_converter_convert (r->converter, r->raw->data, r->raw->len, r->converted->data, out_size,
                                 r->raw_eof ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                 &bytes_read, &bytes_written, &local);
      if (res == G_CONVERTER_ERROR && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        {
          out_size *= 2;
          continue;
        }
      if (res == G_CONVERTER_ERROR && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) &&
          !r->raw_eof)
        {
          /* A character split at the end of the chunk: read on. */
          g_byte_array_set_size (r->converted, 0);
          if (!read_raw (r, CHUNK_SIZE, error))
            return FALSE;
          out_size = r->raw->len * 2 + 16;
          continue;
        }
      if (res == G_CONVERTER_ERROR)
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                       _("%s, line %u: not GB18030 text, which the beginning of the file is"),
                       r->source, r->line);
          return FALSE;
        }
      g_byte_array_set_size (r->converted, bytes_written);
      g_byte_array_remove_range (r->raw, 0, bytes_read);
      return TRUE;
    }
}

/* The next chunk of UTF-8 text into text/len; FALSE with no error at the end. */
static gboolean
fill (CslCsvReader  *r,
      GError       **error)
{
  if (r->in == NULL)
    return FALSE;
  if (r->raw->len == 0 && !r->raw_eof && !read_raw (r, CHUNK_SIZE, error))
    return FALSE;
  if (r->raw->len == 0 && r->raw_eof)
    return FALSE;
  if (r->converter != NULL)
    {
      if (!convert_raw (r, error))
        return FALSE;
      r->text = (const char *) r->converted->data;
      r->len = r->converted->len;
    }
  else
    {
      /* Swap raw into converted, so that raw is free for the next read. */
      GByteArray *tmp = r->converted;

      r->converted = r->raw;
      r->raw = tmp;
      g_byte_array_set_size (r->raw, 0);
      r->text = (const char *) r->converted->data;
      r->len = r->converted->len;
    }
  r->pos = 0;
  return TRUE;
}

CslCsvReader *
csl_csv_reader_new (GInputStream  *in,
                    const char    *source,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(CslCsvReader) r = reader_new (source);
  const char *sample;
  gsize n;

  r->in = g_object_ref (in);
  r->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  r->converted = g_byte_array_new ();
  if (!read_raw (r, SAMPLE_SIZE, error))
    return NULL;
  sample = (const char *) r->raw->data;
  n = r->raw->len;
  if (memchr (sample, '\0', n) != NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s is not a text file (it holds NUL bytes); save the spreadsheet as CSV"), source);
      return NULL;
    }
  if (n >= 3 && memcmp (sample, "\xEF\xBB\xBF", 3) == 0)
    {
      r->encoding = CSL_CSV_UTF8_BOM;
      g_byte_array_remove_range (r->raw, 0, 3);
    }
  else if (utf8_sample (sample, n, r->raw_eof))
    r->encoding = CSL_CSV_UTF8;
  else
    {
      g_autofree char *probe = NULL;
      g_autoptr(GError) local = NULL;
      gsize probe_read = 0;

      /* The sample may end inside a character: only a conversion error before that counts. */
      probe = g_convert ((const char *) r->raw->data, n, "UTF-8", "GB18030", &probe_read, NULL, &local);
      if (probe == NULL && !(g_error_matches (local, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT) &&
                             !r->raw_eof && probe_read + 4 > n))
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                       _("%s is neither UTF-8 nor GB18030 text; save the spreadsheet as CSV UTF-8"), source);
          return NULL;
        }
      r->encoding = CSL_CSV_GB18030;
      r->converter = G_CONVERTER (g_charset_converter_new ("UTF-8", "GB18030", error));
      if (r->converter == NULL)
        return NULL;
    }
  r->delimiter = sniff_delimiter ((const char *) r->raw->data, r->raw->len);
  return g_steal_pointer (&r);
}

CslCsvReader *
csl_csv_reader_new_for_utf8 (const char *text,
                             gsize       len,
                             const char *source)
{
  CslCsvReader *r = reader_new (source);

  if (text == NULL)
    text = "";
  r->offset = len;
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      len -= 3;
      r->encoding = CSL_CSV_UTF8_BOM;
    }
  r->memory = r->text = text;
  r->len = len;
  return r;
}

CslCsvEncoding
csl_csv_reader_get_encoding (CslCsvReader *r)
{
  return r->encoding;
}

char
csl_csv_reader_get_delimiter (CslCsvReader *r)
{
  return r->delimiter;
}

guint64
csl_csv_reader_get_offset (CslCsvReader *r)
{
  return r->offset;
}

static gboolean
end_field (CslCsvReader  *r,
           GError       **error)
{
  if (r->in != NULL && !g_utf8_validate (r->field->str, r->field->len, NULL))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s, line %u: not %s text"), r->source, r->line,
                   csl_csv_encoding_name (r->encoding));
      return FALSE;
    }
  g_strv_builder_add (r->fields, r->field->str);
  g_string_truncate (r->field, 0);
  r->was_quoted = FALSE;
  return TRUE;
}

static CslCsvRecord *
end_record (CslCsvReader *r)
{
  CslCsvRecord *rec = NULL;
  g_auto(GStrv) fields = g_strv_builder_end (r->fields);

  if (!r->blank)
    {
      rec = g_new0 (CslCsvRecord, 1);
      rec->line = r->record_line;
      rec->fields = g_steal_pointer (&fields);
    }
  r->blank = TRUE;
  r->record_bytes = 0;
  r->record_line = ++r->line;
  return rec;
}

static gboolean
append (CslCsvReader  *r,
        char           c,
        GError       **error)
{
  if (c == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s, line %u: a NUL byte; this is not a text file"), r->source, r->line);
      return FALSE;
    }
  if (++r->record_bytes > MAX_RECORD)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s, line %u: a record longer than 1 MiB (an unclosed quote?)"), r->source, r->record_line);
      return FALSE;
    }
  g_string_append_c (r->field, c);
  return TRUE;
}

/* One character of the state machine; *done gets a finished record. */
static gboolean
step (CslCsvReader  *r,
      char           c,
      CslCsvRecord **done,
      GError       **error)
{
  if (r->pending_cr)
    {
      r->pending_cr = FALSE;
      if (c == '\n')
        {
          r->blank = r->blank && r->field->len == 0;
          if (!end_field (r, error))
            return FALSE;
          *done = end_record (r);
          return TRUE;
        }
      if (!append (r, '\r', error))
        return FALSE;
      r->blank = FALSE;
    }
  if (r->pending_quote)
    {
      r->pending_quote = FALSE;
      if (c == '"')
        return append (r, '"', error);
      r->quoted = FALSE;
    }
  if (r->quoted)
    {
      if (c == '"')
        r->pending_quote = TRUE;
      else
        {
          if (c == '\n')
            r->line++;
          return append (r, c, error);
        }
      return TRUE;
    }
  if (c == '"' && r->field->len == 0 && !r->was_quoted)
    {
      r->quoted = r->was_quoted = TRUE;
      r->blank = FALSE;
    }
  else if (c == r->delimiter)
    {
      if (!end_field (r, error))
        return FALSE;
      r->blank = FALSE;
    }
  else if (c == '\r')
    r->pending_cr = TRUE;
  else if (c == '\n')
    {
      r->blank = r->blank && r->field->len == 0;
      if (!end_field (r, error))
        return FALSE;
      *done = end_record (r);
    }
  else if (c == '"' || r->was_quoted)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%s, line %u: a quote inside a field that is not enclosed in quotes, or text after "
                     "the closing quote"), r->source, r->line);
      return FALSE;
    }
  else
    {
      r->blank = FALSE;
      return append (r, c, error);
    }
  return TRUE;
}

CslCsvRecord *
csl_csv_reader_next (CslCsvReader  *r,
                     GError       **error)
{
  for (;;)
    {
      while (r->pos < r->len)
        {
          CslCsvRecord *done = NULL;

          if (!step (r, r->text[r->pos++], &done, error))
            return NULL;
          if (done != NULL)
            return done;
        }
      {
        g_autoptr(GError) local = NULL;

        if (fill (r, &local))
          continue;
        if (local != NULL)
          {
            g_propagate_error (error, g_steal_pointer (&local));
            return NULL;
          }
      }
      /* The end: a pending quote closes the field, a pending CR is text. */
      if (r->pending_quote)
        {
          r->pending_quote = FALSE;
          r->quoted = FALSE;
        }
      if (r->pending_cr)
        {
          r->pending_cr = FALSE;
          if (!append (r, '\r', error))
            return NULL;
          r->blank = FALSE;
        }
      if (r->quoted)
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                       _("%s, line %u: a quoted field is not closed"), r->source, r->record_line);
          return NULL;
        }
      if (!r->blank || r->field->len > 0)
        {
          if (!end_field (r, error))
            return NULL;
          r->blank = FALSE;
          return end_record (r);
        }
      return NULL;
    }
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
