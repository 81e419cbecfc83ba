#include "config.h"

#include <string.h>

#include "base/csl-csv-reader.h"
#include "base/csl-csv.h"
#include "base/csl-error.h"
#include "records/csl-filing.h"
#include "records/csl-import.h"
#include "records/csl-manufacturer.h"
#include "records/csl-product.h"
#include "workspace/csl-workspace.h"
#include "csl-test-util.h"

typedef struct
{
  CslTestTmp    tmp;
  CslWorkspace *ws;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;

  csl_test_tmp_setup (&f->tmp, data);
  dir = g_build_filename (f->tmp.dir, "ws", NULL);
  f->ws = csl_workspace_open (dir, &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (f->ws);
  csl_test_tmp_teardown (&f->tmp, data);
}

static CslImportReport *
import_bytes (Fixture        *f,
              CslImportKind   kind,
              const char     *bytes,
              gssize          len,
              CslImportFlags  flags,
              GError        **error)
{
  g_autoptr(GInputStream) in = NULL;

  if (len < 0)
    len = strlen (bytes);
  in = g_memory_input_stream_new_from_data (g_memdup2 (bytes, len), len, g_free);
  return csl_import_run (f->ws, kind, in, "t.csv", len, flags, NULL, NULL, NULL, error);
}

static char *
example (CslImportKind kind)
{
  g_autofree char *name = g_strdup_printf ("%s.csv", csl_import_kind_to_string (kind));

  return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data", "import", name, NULL);
}

static guint
count (GPtrArray *list)
{
  return list ? list->len : 0;
}

/* The example files in data/ import cleanly, in order, and a second time change nothing. */
static void
test_examples (Fixture       *f,
               gconstpointer  data)
{
  for (int round = 0; round < 2; round++)
    for (CslImportKind k = 0; k < CSL_N_IMPORT_KINDS; k++)
      {
        g_autofree char *path = example (k);
        g_autoptr(GError) error = NULL;
        g_autoptr(CslImportReport) r = csl_import_file (f->ws, k, path, CSL_IMPORT_FLAGS_NONE, NULL, NULL, NULL, &error);

        g_assert_no_error (error);
        if (r->n_problems > 0)
          g_error ("%s, line %u: %s", path, ((CslImportProblem *) r->problems->pdata[0])->line,
                   ((CslImportProblem *) r->problems->pdata[0])->message);
        g_assert_cmpint (r->encoding, ==, CSL_CSV_UTF8_BOM);
        g_assert_cmpuint (r->n_updated, ==, 0);
        if (round == 0)
          {
            g_assert_cmpuint (r->n_new, ==, r->rows->len);
            g_assert_true (r->written);
          }
        else
          {
            g_assert_cmpuint (r->n_new, ==, 0);
            g_assert_cmpuint (r->n_unchanged, ==, r->rows->len);
          }
      }
  {
    g_autoptr(GPtrArray) filings = csl_filing_list (f->ws, NULL);

    g_assert_cmpuint (count (filings), ==, 3);
  }
}

/* Excel on Chinese Windows: GB18030, semicolons; an update of one field, one new row. */
static void
test_gb18030_update (Fixture       *f,
                     gconstpointer  data)
{
  static const char first[] = "name_zh,uscc,phone\n北京示例科技有限公司,91110000600037341L,+86 10 1\n";
  static const char second[] = "name_zh;uscc;phone\n北京示例科技有限公司;91110000600037341L;+86 10 2\n"
                               "深圳样例智能设备有限公司;91440300MA5FAKE01G;\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CslImportReport) a = import_bytes (f, CSL_IMPORT_MANUFACTURERS, first, -1, 0, &error);
  g_autofree char *gb = g_convert (second, -1, "GB18030", "UTF-8", NULL, NULL, &error);
  g_autoptr(CslImportReport) b = NULL;
  g_autoptr(GPtrArray) list = NULL;
  CslImportRow *row;

  g_assert_no_error (error);
  g_assert_cmpuint (a->n_new, ==, 1);
  b = import_bytes (f, CSL_IMPORT_MANUFACTURERS, gb, -1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (b->encoding, ==, CSL_CSV_GB18030);
  g_assert_cmpint (b->delimiter, ==, ';');
  g_assert_cmpuint (b->n_problems, ==, 0);
  g_assert_cmpuint (b->n_updated, ==, 1);
  g_assert_cmpuint (b->n_new, ==, 1);
  row = b->rows->pdata[0];
  g_assert_cmpint (row->action, ==, CSL_IMPORT_UPDATE);
  g_assert_cmpint (row->id, ==, ((CslImportRow *) a->rows->pdata[0])->id);
  list = csl_manufacturer_list (f->ws, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((CslManufacturer *) list->pdata[0])->phone, ==, "+86 10 2");
  g_assert_cmpstr (((CslManufacturer *) list->pdata[1])->name_zh, ==, "深圳样例智能设备有限公司");
}

static const CslImportProblem *
only_problem (CslImportReport *r)
{
  g_assert_cmpuint (r->n_problems, ==, 1);
  return r->problems->pdata[0];
}

/* One bad row stops the whole file, and its line and column are named; a dry run writes
 * nothing either way. */
static void
test_problems_write_nothing (Fixture       *f,
                             gconstpointer  data)
{
  static const char text[] = "name_zh,uscc\n"
                             "北京示例科技有限公司,91110000600037341L\n"
                             "坏公司,91110000600037341X\n";
  static const char dry[] = "name_en,uscc\nShenzhen Sample,91440300MA5FAKE01G\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CslImportReport) r = import_bytes (f, CSL_IMPORT_MANUFACTURERS, text, -1, 0, &error);
  g_autoptr(CslImportReport) d = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const CslImportProblem *p;

  g_assert_no_error (error);
  p = only_problem (r);
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_cmpstr (p->column, ==, "uscc");
  g_assert_nonnull (strstr (p->message, "“L”"));
  g_assert_false (r->written);
  g_assert_cmpint (((CslImportRow *) r->rows->pdata[0])->id, ==, 0);
  g_assert_cmpint (((CslImportRow *) r->rows->pdata[1])->action, ==, CSL_IMPORT_INVALID);

  d = import_bytes (f, CSL_IMPORT_MANUFACTURERS, dry, -1, CSL_IMPORT_DRY_RUN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->n_new, ==, 1);
  g_assert_false (d->written);
  list = csl_manufacturer_list (f->ws, &error);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  static const char unknown_column[] = "name_zh,uscc,colour\nA,91110000600037341L,red\n";
  static const char missing_column[] = "name_zh\nA\n";
  static const char products[] = "manufacturer_uscc,category,model\n"
                                 "91110000600037341L,CSL 001-2025,CAM-1\n"
                                 "91110000600037341L,CSL 999-2030,CAM-2\n"
                                 "91110000600037341L,CSL 001-2025,cam-1\n";
  static const char manufacturer[] = "name_zh,uscc\n北京示例科技有限公司,91110000600037341L\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CslImportReport) m = NULL;
  g_autoptr(CslImportReport) r = NULL;
  const CslImportProblem *p;

  g_assert_null (import_bytes (f, CSL_IMPORT_MANUFACTURERS, unknown_column, -1, 0, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 1, column 3: “colour” is not a column of manufacturers"));
  g_clear_error (&error);
  g_assert_null (import_bytes (f, CSL_IMPORT_MANUFACTURERS, missing_column, -1, 0, &error));
  g_assert_nonnull (strstr (error->message, "the column “uscc” is missing"));
  g_clear_error (&error);
  g_assert_null (import_bytes (f, CSL_IMPORT_MANUFACTURERS, "\x89PNG\r\n\x1a\n\0\0", 10, 0, &error));
  g_assert_nonnull (strstr (error->message, "not a text file"));
  g_clear_error (&error);
  g_assert_null (import_bytes (f, CSL_IMPORT_LABS, "", 0, 0, &error));
  g_assert_nonnull (strstr (error->message, "is empty"));
  g_clear_error (&error);

  m = import_bytes (f, CSL_IMPORT_MANUFACTURERS, manufacturer, -1, 0, &error);
  g_assert_no_error (error);
  r = import_bytes (f, CSL_IMPORT_PRODUCTS, products, -1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_problems, ==, 2);
  p = r->problems->pdata[0];
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_cmpstr (p->column, ==, "category");
  p = r->problems->pdata[1];
  g_assert_cmpuint (p->line, ==, 4);
  g_assert_nonnull (strstr (p->message, "also on line 2"));
  g_assert_false (r->written);
  {
    g_autoptr(GPtrArray) list = csl_product_list (f->ws, 0, &error);

    g_assert_cmpuint (list->len, ==, 0);
  }
}

/* Many rows stream in one transaction; the rows stay in order with their lines. */
static void
test_many_rows (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("name_en,uscc\n");
  static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  g_autoptr(GError) error = NULL;
  g_autoptr(CslImportReport) r = NULL;

  for (guint i = 0; i < 2000; i++)
    {
      char code[19];
      int sum = 0;

      g_snprintf (code, sizeof code, "9111000060%07u", i);
      for (int k = 0, w = 1; k < 17; k++, w = w * 3 % 31)
        sum += (int) (strchr (charset, code[k]) - charset) * w;
      code[17] = charset[(31 - sum % 31) % 31];
      code[18] = '\0';
      g_string_append_printf (text, "Maker %u,%s\n", i, code);
    }
  r = import_bytes (f, CSL_IMPORT_MANUFACTURERS, text->str, text->len, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_problems, ==, 0);
  g_assert_cmpuint (r->n_new, ==, 2000);
  g_assert_cmpuint (((CslImportRow *) r->rows->pdata[1999])->line, ==, 2001);
}

static void
test_template (void)
{
  for (CslImportKind k = 0; k < CSL_N_IMPORT_KINDS; k++)
    {
      g_autofree char *t = csl_import_template (k);
      g_autofree char *path = example (k);
      g_autofree char *contents = NULL;
      guint n;
      const CslImportColumn *columns = csl_import_columns (k, &n);

      g_assert_true (g_str_has_prefix (t, "\xEF\xBB\xBF"));
      g_assert_true (g_str_has_suffix (t, "\r\n"));
      for (guint i = 0; i < n; i++)
        g_assert_nonnull (strstr (t, columns[i].name));
      /* Every example file uses only columns of its kind (the import test reads it). */
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    }
}

/* What the export writes, the reader gives back; a formula stays text. */
static void
test_csv_writer (void)
{
  const char *fields[] = { "plain", "a,b", "say \"hi\"", "two\r\nlines", "=HYPERLINK(\"x\")", "-12", "", NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  CslCsvRecord *row;

  csl_csv_append_row (out, fields, 7);
  g_assert_true (g_str_has_suffix (out->str, "\r\n"));
  rows = csl_csv_parse (out->str, out->len, "x.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];
  g_assert_cmpuint (g_strv_length (row->fields), ==, 7);
  for (guint i = 0; i < 7; i++)
    if (i == 4)
      g_assert_cmpstr (row->fields[i], ==, "'=HYPERLINK(\"x\")");
    else
      g_assert_cmpstr (row->fields[i], ==, fields[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/import/examples", test_examples);
  ADD ("/import/gb18030-update", test_gb18030_update);
  ADD ("/import/problems-write-nothing", test_problems_write_nothing);
  ADD ("/import/bad-files", test_bad_files);
  ADD ("/import/many-rows", test_many_rows);
  g_test_add_func ("/import/template", test_template);
  g_test_add_func ("/import/csv-writer", test_csv_writer);
  return g_test_run ();
}
