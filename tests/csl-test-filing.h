#pragma once

#include "workspace/csl-workspace.h"
#include "records/csl-catalogue.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-owner.h"
#include "records/csl-product.h"
#include "csl-test-pdf.h"

/* A workspace holding one complete filing (Two-Star, third-party lab), through the core API. */
typedef struct
{
  CslWorkspace *ws;
  gint64        manufacturer;
  gint64        lab;
  gint64        product;
  gint64        filing;
} CslTestFiling;

#define CSL_TEST_MANUFACTURER_ZH "北京示例科技有限公司"
#define CSL_TEST_MANUFACTURER_EN "Beijing Example Technology Co., Ltd."
#define CSL_TEST_USCC            "91110000600037341L"
#define CSL_TEST_MODEL           "CAM-100"
#define CSL_TEST_REPORT_NUMBER   "CSL-R-2026-001"
#define CSL_TEST_STANDARD_1      "GB/T 41387-2022"
#define CSL_TEST_STANDARD_2      "GB/T 38632-2020"

static inline void
csl_test_filing_open (CslTestFiling *t,
                      const char    *dir,
                      gboolean       agent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
  g_autoptr(CslLab) lab = csl_lab_new ();
  g_autoptr(CslProduct) p = csl_product_new ();
  g_autoptr(CslFiling) f = csl_filing_new ();
  g_autoptr(CslCategory) category = NULL;
  const char *standards[] = { CSL_TEST_STANDARD_1, CSL_TEST_STANDARD_2, NULL };

  t->ws = csl_workspace_open (dir, &error);
  g_assert_no_error (error);

  m->name_zh = g_strdup (CSL_TEST_MANUFACTURER_ZH);
  m->name_en = g_strdup (CSL_TEST_MANUFACTURER_EN);
  m->uscc = g_strdup (CSL_TEST_USCC);
  m->address = g_strdup ("北京市海淀区中关村大街1号");
  m->contact = g_strdup ("张三");
  m->phone = g_strdup ("010-12345678");
  m->email = g_strdup ("compliance@example.cn");
  t->manufacturer = csl_manufacturer_add (t->ws, m, &error);
  g_assert_no_error (error);

  lab->name = g_strdup ("中国网络安全检测实验室");
  lab->kind = g_strdup ("third-party");
  lab->accreditation_no = g_strdup ("CNAS L0001");
  lab->accredited_until = g_strdup ("2028-12-31");
  t->lab = csl_lab_add (t->ws, lab, &error);
  g_assert_no_error (error);

  category = csl_catalogue_find_serial (t->ws, "CSL 001-2025", &error);
  g_assert_no_error (error);
  p->manufacturer_id = t->manufacturer;
  p->category_id = category->id;
  p->name = g_strdup ("智能摄像头");
  p->model = g_strdup (CSL_TEST_MODEL);
  p->hardware_version = g_strdup ("HW-2");
  p->firmware_version = g_strdup ("1.0.3");
  p->support_until = g_strdup ("2031-12-31");
  p->default_password_policy = g_strdup ("每台设备唯一随机口令");
  p->vulnerability_contact = g_strdup ("psirt@example.cn");
  p->update_policy = g_strdup ("OTA updates every quarter");
  csl_product_set_param (p, "resolution", "3840x2160");
  t->product = csl_product_add (t->ws, p, &error);
  g_assert_no_error (error);

  if (agent)
    {
      g_autoptr(CslOwner) owner = g_new0 (CslOwner, 1);
      g_autoptr(CslAuthorization) a = g_new0 (CslAuthorization, 1);

      owner->kind = g_strdup ("agent");
      owner->agent_name = g_strdup ("上海合规代理有限公司");
      owner->agent_uscc = g_strdup ("91310000MA1FL0000N");
      owner->agent_address = g_strdup ("上海市浦东新区世纪大道100号");
      owner->agent_contact = g_strdup ("李四");
      g_assert_true (csl_owner_set (t->ws, owner, &error));
      g_assert_no_error (error);
      a->manufacturer_id = t->manufacturer;
      a->letter_ref = g_strdup ("AUTH-2026-07");
      a->valid_from = g_strdup ("2026-01-01");
      a->valid_until = g_strdup ("2027-12-31");
      g_assert_cmpint (csl_authorization_add (t->ws, a, &error), >, 0);
      g_assert_no_error (error);
    }

  f->product_id = t->product;
  f->grade = CSL_GRADE_ENHANCED;
  f->lab_id = t->lab;
  g_free (f->filed_by);
  f->filed_by = g_strdup (agent ? "agent" : "manufacturer");
  f->report_number = g_strdup (CSL_TEST_REPORT_NUMBER);
  f->report_date = g_strdup ("2026-10-01");
  f->standards = g_strdupv ((char **) standards);
  t->filing = csl_filing_add (t->ws, f, &error);
  g_assert_no_error (error);
}

static inline void
csl_test_filing_close (CslTestFiling *t)
{
  g_clear_object (&t->ws);
}

/* A test report that names everything the filing gives, spread over two pages the way real
 * reports do, with a full-width colon and an em dash as typeset Chinese has them. */
static inline void
csl_test_make_test_report (const char *path)
{
  const char *pages[] = {
    "检验检测报告 Test Report\n报告编号：" CSL_TEST_REPORT_NUMBER "\n委托单位：" CSL_TEST_MANUFACTURER_ZH
    "\n产品名称：智能摄像头  型号：" CSL_TEST_MODEL,
    "检验依据 Basis: GB/T 41387—2022《信息安全技术 智能家居通用安全规范》; GB/T 38632-2020\n结论：符合",
    NULL
  };

  csl_test_make_pdf (path, "Test report " CSL_TEST_REPORT_NUMBER, pages);
}
