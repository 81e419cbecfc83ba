#include "config.h"

#include <string.h>

#include "base/csl-csv-reader.h"
#include "base/csl-error.h"

static GPtrArray *
read_all (const char      *bytes,
          gsize            len,
          CslCsvEncoding  *encoding,
          char            *delimiter,
          GError         **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (g_memdup2 (bytes, len), len, g_free);
  g_autoptr(CslCsvReader) reader = csl_csv_reader_new (in, "t.csv", NULL, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_csv_record_free);
  g_autoptr(GError) local = NULL;
  CslCsvRecord *record;

  if (reader == NULL)
    return NULL;
  while ((record = csl_csv_reader_next (reader, &local)) != NULL)
    g_ptr_array_add (out, record);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (encoding != NULL)
    *encoding = csl_csv_reader_get_encoding (reader);
  if (delimiter != NULL)
    *delimiter = csl_csv_reader_get_delimiter (reader);
  g_assert_cmpuint (csl_csv_reader_get_offset (reader), ==, len);
  return g_steal_pointer (&out);
}

static void
assert_same (GPtrArray *a,
             GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      CslCsvRecord *x = a->pdata[i], *y = b->pdata[i];

      g_assert_cmpuint (x->line, ==, y->line);
      g_assert_cmpstrv (x->fields, y->fields);
    }
}

/* What Excel's "CSV UTF-8" writes in a decimal-comma locale: BOM, semicolons, CRLF. */
static void
test_excel_utf8 (void)
{
  static const char text[] = "\xEF\xBB\xBFname_zh;uscc;address\r\n"
                             "北京示例科技有限公司;91110000600037341L;\"海淀区\r\n中关村 1 号; 2 层\"\r\n"
                             "\r\n"
                             "\"Quote \"\"Co\"\"\";X;\r\n";
  g_autoptr(GError) error = NULL;
  CslCsvEncoding encoding;
  char delimiter;
  g_autoptr(GPtrArray) rows = read_all (text, sizeof text - 1, &encoding, &delimiter, &error);
  CslCsvRecord *r;

  g_assert_no_error (error);
  g_assert_cmpint (encoding, ==, CSL_CSV_UTF8_BOM);
  g_assert_cmpint (delimiter, ==, ';');
  g_assert_cmpuint (rows->len, ==, 3);
  r = rows->pdata[1];
  g_assert_cmpuint (r->line, ==, 2);
  g_assert_cmpstr (r->fields[2], ==, "海淀区\r\n中关村 1 号; 2 层");
  r = rows->pdata[2];
  g_assert_cmpuint (r->line, ==, 5);
  g_assert_cmpstr (r->fields[0], ==, "Quote \"Co\"");
  g_assert_cmpstr (r->fields[2], ==, "");
}

/* Many records, so that characters, CRLFs and doubled quotes fall on chunk boundaries; read
 * as UTF-8 and as GB18030 they give the same records as the in-memory parser. */
static void
test_chunks_and_gb18030 (void)
{
  g_autoptr(GString) text = g_string_new ("manufacturer,model,notes\r\n");
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) utf8 = NULL;
  g_autoptr(GPtrArray) gb = NULL;
  g_autofree char *gb_bytes = NULL;
  g_autoptr(GError) error = NULL;
  CslCsvEncoding encoding;
  gsize gb_len = 0;

  for (guint i = 0; i < 6000; i++)
    g_string_append_printf (text, "深圳摄像头制造%u,CAM-%u,\"第%u行 \"\"引号\"\" 换行\n继续\"\r\n", i, i, i);
  expected = csl_csv_parse (text->str, text->len, "t.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 6001);

  utf8 = read_all (text->str, text->len, &encoding, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (encoding, ==, CSL_CSV_UTF8);
  assert_same (expected, utf8);

  gb_bytes = g_convert (text->str, text->len, "GB18030", "UTF-8", NULL, &gb_len, &error);
  g_assert_no_error (error);
  gb = read_all (gb_bytes, gb_len, &encoding, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (encoding, ==, CSL_CSV_GB18030);
  g_assert_cmpstr (csl_csv_encoding_name (encoding), ==, "GB18030");
  assert_same (expected, gb);
}

static void
test_not_text (void)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  static const char neither[] = "a,b\n\xff\xfe\xff\xfe,\x80\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) huge = g_string_new ("a,\"");

  g_assert_null (read_all (png, sizeof png - 1, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not a text file"));
  g_clear_error (&error);

  g_assert_null (read_all (neither, sizeof neither - 1, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "neither UTF-8 nor GB18030"));
  g_clear_error (&error);

  /* An unclosed quote does not make the reader hold the rest of a big file. */
  for (guint i = 0; i < 120000; i++)
    g_string_append (huge, "0123456789\n");
  g_assert_null (read_all (huge->str, huge->len, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "longer than 1 MiB"));
  g_clear_error (&error);

  g_assert_null (read_all ("a,\"b\n", 5, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "line 1: a quoted field is not closed"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv-reader/excel-utf8", test_excel_utf8);
  g_test_add_func ("/csv-reader/chunks-and-gb18030", test_chunks_and_gb18030);
  g_test_add_func ("/csv-reader/not-text", test_not_text);
  return g_test_run ();
}
