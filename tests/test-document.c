#include "config.h"

#include "documents/csl-document.h"
#include "base/csl-error.h"
#include "documents/csl-store.h"
#include "csl-test-filing.h"
#include "csl-test-pdf.h"
#include "csl-test-util.h"

static char *
render (CslTestFiling   *t,
        const char      *dir,
        CslDocumentKind  kind,
        int             *n_pages)
{
  g_autofree char *path = g_build_filename (dir, csl_document_file_name (kind), NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (csl_document_render_to_file (t->ws, t->filing, kind, path, &error));
  g_assert_no_error (error);
  return csl_test_pdf_text (path, n_pages);
}

static void
assert_absent (const char *text,
               const char *value)
{
  g_autofree char *haystack = csl_test_squash (text);
  g_autofree char *needle = csl_test_squash (value);

  g_assert_null (strstr (haystack, needle));
}

static void
test_filing_form (CslTestTmp    *tmp,
                  gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *report = g_build_filename (tmp->dir, "test-report.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(CslAttachment) a = NULL;
  g_autoptr(GError) error = NULL;
  CslTestFiling t = { 0 };
  const char *expected[] = {
    "网络安全标识备案表", "Cybersecurity Label Filing Form",
    CSL_TEST_MANUFACTURER_ZH, CSL_TEST_MANUFACTURER_EN, CSL_TEST_USCC, "北京市海淀区中关村大街1号", "张三",
    "compliance@example.cn",
    "CSL 001-2025", "消费类联网摄像头", "Consumer Internet-Connected Cameras", "智能摄像头", CSL_TEST_MODEL,
    "HW-2", "1.0.3", "resolution: 3840x2160",
    "二星", "增强级", "Two-Star (Enhanced)",
    "中国网络安全检测实验室", "第三方检测机构", "CNAS L0001", "2028-12-31", CSL_TEST_REPORT_NUMBER, "2026-10-01",
    CSL_TEST_STANDARD_1, CSL_TEST_STANDARD_2,
    "不存在弱口令或通用默认口令", "每台设备唯一随机口令", "psirt@example.cn", "OTA updates every quarter", "2031-12-31",
    "网络安全能力等级检测报告", "test-report.pdf",
  };

  csl_test_filing_open (&t, ws_dir, FALSE);
  csl_test_make_test_report (report);
  a = csl_store_attach (t.ws, t.filing, CSL_MATERIAL_TEST_REPORT, report, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_no_error (error);

  text = render (&t, tmp->dir, CSL_DOCUMENT_FILING_FORM, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    csl_test_assert_mentions (text, expected[i]);
  /* The attached material with its full SHA-256, however it wraps. */
  csl_test_assert_mentions (text, a->sha256);
  /* A manufacturer filing for itself has no agent section. */
  assert_absent (text, "上海合规代理有限公司");
  csl_test_filing_close (&t);
}

static void
test_agent_documents (CslTestTmp    *tmp,
                      gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *form = NULL, *letter = NULL;
  CslTestFiling t = { 0 };
  const char *letter_expected[] = {
    "授权委托书", "Letter of Authorisation", CSL_TEST_MANUFACTURER_ZH, CSL_TEST_USCC,
    "上海合规代理有限公司", "91310000MA1FL0000N", "上海市浦东新区世纪大道100号", "李四",
    "AUTH-2026-07", "2026-01-01", "2027-12-31", CSL_TEST_MODEL, "二星",
    "委托方（盖章）", "Agent (seal)",
  };

  csl_test_filing_open (&t, ws_dir, TRUE);
  form = render (&t, tmp->dir, CSL_DOCUMENT_FILING_FORM, NULL);
  csl_test_assert_mentions (form, "上海合规代理有限公司");
  csl_test_assert_mentions (form, "AUTH-2026-07");
  csl_test_assert_mentions (form, "尚未附加材料");

  letter = render (&t, tmp->dir, CSL_DOCUMENT_AUTHORIZATION_LETTER, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (letter_expected); i++)
    csl_test_assert_mentions (letter, letter_expected[i]);
  csl_test_filing_close (&t);
}

static void
test_declaration (CslTestTmp    *tmp,
                  gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *text = NULL;
  CslTestFiling t = { 0 };
  const char *expected[] = {
    "产品制造商符合性声明", "Declaration of Conformity", CSL_TEST_MANUFACTURER_ZH, CSL_TEST_USCC,
    CSL_TEST_MODEL, "消费类联网摄像头", "二星", "Two-Star (Enhanced)", CSL_TEST_STANDARD_1, CSL_TEST_STANDARD_2,
    "默认口令", "每台设备唯一随机口令", "漏洞处理", "psirt@example.cn", "安全更新支持至", "2031-12-31",
    CSL_TEST_REPORT_NUMBER, "地点", "Place", "日期", "Date", "Signature of authorised signatory",
  };

  csl_test_filing_open (&t, ws_dir, FALSE);
  text = render (&t, tmp->dir, CSL_DOCUMENT_DECLARATION, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    csl_test_assert_mentions (text, expected[i]);
  csl_test_filing_close (&t);
}

/* Far more parameters than a page holds: the form runs on over pages and loses nothing. */
static void
test_overflow (CslTestTmp    *tmp,
               gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *text = NULL;
  g_autoptr(CslProduct) p = NULL;
  g_autoptr(GError) error = NULL;
  CslTestFiling t = { 0 };
  int pages = 0;

  csl_test_filing_open (&t, ws_dir, FALSE);
  p = csl_product_get (t.ws, t.product, &error);
  for (int i = 0; i < 80; i++)
    {
      g_autofree char *name = g_strdup_printf ("param-%02d", i);
      g_autofree char *value = g_strdup_printf ("参数值 %02d: a long value that wraps onto a second line of the "
                                                "value column, end-%02d", i, i);
      csl_product_set_param (p, name, value);
    }
  g_assert_true (csl_product_update (t.ws, p, &error));
  g_assert_no_error (error);

  text = render (&t, tmp->dir, CSL_DOCUMENT_FILING_FORM, &pages);
  g_assert_cmpint (pages, >=, 3);
  for (int i = 0; i < 80; i++)
    {
      g_autofree char *end = g_strdup_printf ("end-%02d", i);
      csl_test_assert_mentions (text, end);
    }
  /* What comes after the long field is there too. */
  csl_test_assert_mentions (text, "Manufacturer (seal)");
  {
    g_autofree char *last_page = g_strdup_printf ("Page %d of %d", pages, pages);
    csl_test_assert_mentions (text, last_page);
  }
  csl_test_filing_close (&t);
}

static GBytes *
render_bytes (CslTestFiling   *t,
              CslDocumentKind  kind)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (csl_document_render_to_stream (t->ws, t->filing, kind, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_streams_and_errors (CslTestTmp    *tmp,
                         gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *path = g_build_filename (tmp->dir, "form.pdf", NULL);
  g_autofree char *nowhere = g_build_filename (tmp->dir, "no", "such", "dir", "form.pdf", NULL);
  g_autofree char *letter = g_build_filename (tmp->dir, "letter.pdf", NULL);
  g_autofree char *file_data = NULL;
  g_autoptr(GBytes) first = NULL, second = NULL;
  g_autoptr(GError) error = NULL;
  CslTestFiling t = { 0 };
  gsize len;

  csl_test_filing_open (&t, ws_dir, FALSE);
  first = render_bytes (&t, CSL_DOCUMENT_FILING_FORM);
  second = render_bytes (&t, CSL_DOCUMENT_FILING_FORM);
  /* Same filing, same day, same bytes: a bundle can be rebuilt and compared. */
  g_assert_true (g_bytes_equal (first, second));
  g_assert_true (csl_document_render_to_file (t.ws, t.filing, CSL_DOCUMENT_FILING_FORM, path, &error));
  file_data = csl_test_read_file (path, &len);
  g_assert_cmpmem (file_data, len, g_bytes_get_data (first, NULL), g_bytes_get_size (first));

  /* The stream's own error comes back. */
  {
    static char small[200];
    g_autoptr(GOutputStream) full = g_memory_output_stream_new (small, sizeof small, NULL, NULL);

    g_assert_false (csl_document_render_to_stream (t.ws, t.filing, CSL_DOCUMENT_DECLARATION, full, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_clear_error (&error);
  }

  g_assert_false (csl_document_render_to_file (t.ws, t.filing, CSL_DOCUMENT_FILING_FORM, nowhere, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_IO);
  g_clear_error (&error);

  /* No agent, no letter; and nothing written. */
  g_assert_false (csl_document_applies (t.ws, t.filing, CSL_DOCUMENT_AUTHORIZATION_LETTER, &error));
  g_assert_no_error (error);
  g_assert_false (csl_document_render_to_file (t.ws, t.filing, CSL_DOCUMENT_AUTHORIZATION_LETTER, letter, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (g_file_test (letter, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (csl_test_count_files (tmp->dir), ==, csl_test_count_files (ws_dir) + 1);

  g_assert_false (csl_document_render_to_file (t.ws, 9999, CSL_DOCUMENT_FILING_FORM, letter, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  csl_test_filing_close (&t);
}

static void
test_kinds (void)
{
  g_autoptr(GError) error = NULL;
  CslDocumentKind kind;

  for (guint i = 0; i < CSL_N_DOCUMENTS; i++)
    {
      g_assert_true (csl_document_kind_from_string (csl_document_kind_to_string (i), &kind, &error));
      g_assert_cmpint (kind, ==, i);
      g_assert_true (g_str_has_suffix (csl_document_file_name (i), ".pdf"));
    }
  g_assert_false (csl_document_kind_from_string ("label", &kind, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "label"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("CSL_FILER_TODAY", "2026-11-21", TRUE);

  g_test_add_func ("/document/kinds", test_kinds);
  g_test_add ("/document/filing-form", CslTestTmp, NULL, csl_test_tmp_setup, test_filing_form, csl_test_tmp_teardown);
  g_test_add ("/document/agent", CslTestTmp, NULL, csl_test_tmp_setup, test_agent_documents, csl_test_tmp_teardown);
  g_test_add ("/document/declaration", CslTestTmp, NULL, csl_test_tmp_setup, test_declaration, csl_test_tmp_teardown);
  g_test_add ("/document/overflow", CslTestTmp, NULL, csl_test_tmp_setup, test_overflow, csl_test_tmp_teardown);
  g_test_add ("/document/streams-and-errors", CslTestTmp, NULL, csl_test_tmp_setup, test_streams_and_errors,
              csl_test_tmp_teardown);
  return g_test_run ();
}
