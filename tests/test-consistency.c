#include "config.h"

#include "records/csl-consistency.h"
#include "records/csl-requirements.h"
#include "documents/csl-store.h"
#include "csl-test-filing.h"
#include "csl-test-pdf.h"
#include "csl-test-util.h"

static void
test_normalize (void)
{
  g_autofree char *a = csl_text_normalize ("ＧＢ／Ｔ 41387—2022\n《智能家居》");
  g_autofree char *b = csl_text_normalize (NULL);
  g_autofree char *text = csl_text_normalize ("检验依据：GB/T 41387–2022\f制造商：北京示例\n科技有限公司 Model cam-100");

  g_assert_cmpstr (a, ==, "gb/t41387-2022《智能家居》");
  g_assert_cmpstr (b, ==, "");
  g_assert_true (csl_text_mentions (text, "GB/T 41387-2022"));
  g_assert_true (csl_text_mentions (text, "北京示例科技有限公司"));
  g_assert_true (csl_text_mentions (text, "CAM-100"));
  g_assert_false (csl_text_mentions (text, "CAM-1000"));
  g_assert_false (csl_text_mentions (text, "GB/T 41387-2021"));
  /* An empty value is never "mentioned". */
  g_assert_false (csl_text_mentions (text, ""));
  g_assert_false (csl_text_mentions (text, NULL));
}

static void
test_report_number (void)
{
  const struct { const char *text; const char *number; } cases[] = {
    { "检验报告\n报告编号：CSL-R-2026-001\n委托单位", "CSL-R-2026-001" },
    { "报告编号 ：ＣＳＬ－００１２", "CSL-0012" },
    { "Test Report\nReport No.: ABC/2026/77 page 1", "ABC/2026/77" },
    { "REPORT NUMBER 2026.0415", "2026.0415" },
    { "Report number: see cover page. 报告号：T-88", "T-88" },
    { "No number anywhere in this text", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = csl_text_find_report_number (cases[i].text);
      g_assert_cmpstr (found, ==, cases[i].number);
    }
}

static void
test_excerpt (void)
{
  g_autofree char *e = csl_text_excerpt ("  检验\n\n报告   编号\fR-1  ", 100);
  g_autofree char *cut = csl_text_excerpt ("一二三四五六", 4);

  g_assert_cmpstr (e, ==, "检验 报告 编号 R-1");
  g_assert_cmpstr (cut, ==, "一二三四");
}

enum { PART_MANUFACTURER, PART_MODEL, PART_REPORT, PART_STANDARD_1, PART_STANDARD_2, N_PARTS };

static const char *const parts[N_PARTS] = {
  "委托单位：北京示例科技有限公司",
  "型号：CAM-100",
  "报告编号：R-1",
  "检验依据：GB/T 41387—2022",
  "GB/T 38632-2020",
};

static const char *const standards[] = { "GB/T 41387-2022", "GB/T 38632-2020", NULL };

static char *
text_without (int omitted)
{
  GString *s = g_string_new ("检验检测报告\n");

  for (int i = 0; i < N_PARTS; i++)
    if (i != omitted)
      g_string_append_printf (s, "%s\n", parts[i]);
  return g_string_free (s, FALSE);
}

static GPtrArray *
evaluate (const char      *text,
          CslMaterialKind  kind,
          gboolean         missing)
{
  CslDocumentFacts doc = { 1, "report.pdf", kind, text, NULL, missing };
  CslConsistencyInput in = { 0 };

  in.manufacturer_name_zh = "北京示例科技有限公司";
  in.manufacturer_name_en = "Beijing Example Technology Co., Ltd.";
  in.model = "CAM-100";
  in.report_number = "R-1";
  in.standards = standards;
  in.documents = &doc;
  in.n_documents = 1;
  return csl_consistency_evaluate (&in);
}

static void
test_each_value (void)
{
  const char *codes[N_PARTS] = {
    "report-manufacturer-mismatch", "report-model-mismatch", "report-number-mismatch",
    "report-standard-mismatch", "report-standard-mismatch",
  };
  const char *values[N_PARTS] = {
    "北京示例科技有限公司", "CAM-100", "R-1", "GB/T 41387-2022", "GB/T 38632-2020",
  };
  g_autofree char *all = text_without (-1);
  g_autoptr(GPtrArray) none = evaluate (all, CSL_MATERIAL_TEST_REPORT, FALSE);

  g_assert_cmpuint (none->len, ==, 0);

  for (int i = 0; i < N_PARTS; i++)
    {
      g_autofree char *text = text_without (i);
      g_autoptr(GPtrArray) findings = evaluate (text, CSL_MATERIAL_TEST_REPORT, FALSE);
      CslFinding *f;

      g_test_message ("without %s", values[i]);
      g_assert_cmpuint (findings->len, ==, 1);
      f = findings->pdata[0];
      g_assert_cmpstr (f->code, ==, codes[i]);
      g_assert_cmpint (f->severity, ==, CSL_SEVERITY_WARNING);
      g_assert_cmpint (f->material, ==, CSL_MATERIAL_TEST_REPORT);
      g_assert_cmpstr (f->article, ==, "Art. 8(2)");
      g_assert_nonnull (strstr (f->message, "report.pdf"));
      g_assert_nonnull (strstr (f->message, values[i]));
    }
}

static void
test_manufacturer_either_language (void)
{
  g_autofree char *text = text_without (PART_MANUFACTURER);
  g_autofree char *english = g_strconcat (text, "Applicant: BEIJING EXAMPLE TECHNOLOGY CO., LTD.\n", NULL);
  g_autoptr(GPtrArray) findings = evaluate (english, CSL_MATERIAL_TEST_REPORT, FALSE);

  g_assert_cmpuint (findings->len, ==, 0);
}

static void
test_other_documents (void)
{
  g_autoptr(GPtrArray) other = evaluate ("营业执照", CSL_MATERIAL_BUSINESS_LICENSE, FALSE);
  g_autoptr(GPtrArray) scan = evaluate (" \f \n", CSL_MATERIAL_TEST_REPORT, FALSE);
  g_autoptr(GPtrArray) missing = evaluate ("", CSL_MATERIAL_BUSINESS_LICENSE, TRUE);

  /* Only the test report is compared with the filing. */
  g_assert_cmpuint (other->len, ==, 0);
  /* A scan without text gets one warning, not one per value. */
  g_assert_cmpuint (scan->len, ==, 1);
  g_assert_cmpstr (((CslFinding *) scan->pdata[0])->code, ==, "report-no-text");
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (((CslFinding *) missing->pdata[0])->code, ==, "attachment-missing");
  g_assert_cmpint (((CslFinding *) missing->pdata[0])->severity, ==, CSL_SEVERITY_ERROR);
}

static GPtrArray *
check (CslTestFiling *t)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *findings = csl_requirements_check (t->ws, t->filing, "2026-11-21", NULL, &error);

  g_assert_no_error (error);
  return findings;
}

static guint
count_code (GPtrArray  *findings,
            const char *code,
            const char *fragment)
{
  guint n = 0;

  for (guint i = 0; i < findings->len; i++)
    {
      CslFinding *f = findings->pdata[i];

      if (g_strcmp0 (f->code, code) == 0 && (fragment == NULL || strstr (f->message, fragment) != NULL))
        n++;
    }
  return n;
}

/* Through the store and the requirements engine, as `filing check` runs it. */
static void
test_filing_check (CslTestTmp    *tmp,
                   gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *good = g_build_filename (tmp->dir, "full-report.pdf", NULL);
  g_autofree char *partial = g_build_filename (tmp->dir, "supplement.pdf", NULL);
  g_autoptr(GPtrArray) f1 = NULL, f2 = NULL, f3 = NULL;
  g_autoptr(CslAttachment) a = NULL, b = NULL;
  g_autoptr(CslFiling) filing = NULL;
  g_autoptr(GError) error = NULL;
  CslTestFiling t = { 0 };

  csl_test_filing_open (&t, ws_dir, FALSE);
  csl_test_make_test_report (good);
  a = csl_store_attach (t.ws, t.filing, CSL_MATERIAL_TEST_REPORT, good, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_no_error (error);

  f1 = check (&t);
  g_assert_cmpuint (count_code (f1, "report-manufacturer-mismatch", NULL), ==, 0);
  g_assert_cmpuint (count_code (f1, "report-model-mismatch", NULL), ==, 0);
  g_assert_cmpuint (count_code (f1, "report-number-mismatch", NULL), ==, 0);
  g_assert_cmpuint (count_code (f1, "report-standard-mismatch", NULL), ==, 0);

  /* The filing changes; the stored text is read again, the PDF is not. */
  filing = csl_filing_get (t.ws, t.filing, &error);
  g_free (filing->report_number);
  filing->report_number = g_strdup ("CSL-R-2026-002");
  g_assert_true (csl_filing_update (t.ws, filing, &error));
  g_assert_no_error (error);
  csl_test_make_pdf1 (partial, "补充报告 型号 " CSL_TEST_MODEL " " CSL_TEST_MANUFACTURER_ZH " CSL-R-2026-002 "
                      CSL_TEST_STANDARD_1);
  b = csl_store_attach (t.ws, t.filing, CSL_MATERIAL_TEST_REPORT, partial, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_no_error (error);

  f2 = check (&t);
  /* The first report gives another number (and says which); the second one lacks a standard. */
  g_assert_cmpuint (count_code (f2, "report-number-mismatch", "full-report.pdf"), ==, 1);
  g_assert_cmpuint (count_code (f2, "report-number-mismatch", CSL_TEST_REPORT_NUMBER), ==, 1);
  g_assert_cmpuint (count_code (f2, "report-number-mismatch", "supplement.pdf"), ==, 0);
  g_assert_cmpuint (count_code (f2, "report-standard-mismatch", "supplement.pdf"), ==, 1);
  g_assert_cmpuint (count_code (f2, "report-standard-mismatch", CSL_TEST_STANDARD_2), ==, 1);
  g_assert_cmpuint (count_code (f2, "report-standard-mismatch", "full-report.pdf"), ==, 0);

  g_assert_true (csl_store_detach (t.ws, t.filing, b->id, &error));
  f3 = check (&t);
  g_assert_cmpuint (count_code (f3, "report-standard-mismatch", NULL), ==, 0);
  g_assert_cmpuint (count_code (f3, "report-number-mismatch", NULL), ==, 1);
  csl_test_filing_close (&t);
}

static void
set_model (CslTestFiling *t,
           const char    *model)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslProduct) p = csl_product_get (t->ws, t->product, &error);

  g_assert_no_error (error);
  g_free (p->model);
  p->model = g_strdup (model);
  g_assert_true (csl_product_update (t->ws, p, &error));
  g_assert_no_error (error);
}

/* Art. 6(2): a model the label cannot print is found by the check, not only on the Label step:
 * a warning while a wider label still holds it, an error when none does. */
static void
test_label_model (CslTestTmp    *tmp,
                  gconstpointer  data)
{
  g_autofree char *ws_dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autoptr(GPtrArray) short_model = NULL, wide = NULL, never = NULL;
  CslTestFiling t = { 0 };

  csl_test_filing_open (&t, ws_dir, FALSE);
  short_model = check (&t);
  g_assert_cmpuint (count_code (short_model, "label-model-wide-label", NULL), ==, 0);
  g_assert_cmpuint (count_code (short_model, "label-model-too-long", NULL), ==, 0);

  set_model (&t, "IPC-CAM-PRO-4K-WIFI6-DUALBAND-OUTDOOR-PTZ-NIGHTVISION-2026EDITION-EXTENDED-WARRANTY-BUNDLE");
  wide = check (&t);
  g_assert_cmpuint (count_code (wide, "label-model-wide-label", "of its 90 characters fit"), ==, 1);
  g_assert_cmpuint (count_code (wide, "label-model-too-long", NULL), ==, 0);
  for (guint i = 0; i < wide->len; i++)
    if (g_strcmp0 (((CslFinding *) wide->pdata[i])->code, "label-model-wide-label") == 0)
      {
        g_assert_cmpstr (((CslFinding *) wide->pdata[i])->article, ==, "Art. 6(2)");
        g_assert_cmpint (((CslFinding *) wide->pdata[i])->severity, ==, CSL_SEVERITY_WARNING);
      }

  /* At the model's most, 100 characters, wide ones: more than even a 140 mm label holds. */
  {
    g_autoptr(GString) wide_chars = g_string_new (NULL);

    for (guint i = 0; i < 20; i++)
      g_string_append (wide_chars, "网络摄像机");
    set_model (&t, wide_chars->str);
  }
  never = check (&t);
  g_assert_cmpuint (count_code (never, "label-model-too-long", "140 mm"), ==, 1);
  g_assert_cmpuint (count_code (never, "label-model-wide-label", NULL), ==, 0);
  g_assert_true (csl_findings_have_errors (never));
  csl_test_filing_close (&t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/consistency/normalize", test_normalize);
  g_test_add_func ("/consistency/report-number", test_report_number);
  g_test_add_func ("/consistency/excerpt", test_excerpt);
  g_test_add_func ("/consistency/each-value", test_each_value);
  g_test_add_func ("/consistency/manufacturer-either-language", test_manufacturer_either_language);
  g_test_add_func ("/consistency/other-documents", test_other_documents);
  g_test_add ("/consistency/filing-check", CslTestTmp, NULL, csl_test_tmp_setup, test_filing_check,
              csl_test_tmp_teardown);
  g_test_add ("/consistency/label-model", CslTestTmp, NULL, csl_test_tmp_setup, test_label_model,
              csl_test_tmp_teardown);
  return g_test_run ();
}
