#pragma once

#include "records/csl-catalogue.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-product.h"

/* A small, realistic workspace: one manufacturer, an in-house and a third-party lab. */
typedef struct
{
  gint64 manufacturer;
  gint64 inhouse_lab;
  gint64 thirdparty_lab;
  gint64 category;
} CslFixture;

static inline CslFixture
csl_fixture_fill (CslWorkspace *ws)
{
  g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
  g_autoptr(CslLab) own = csl_lab_new ();
  g_autoptr(CslLab) tp = csl_lab_new ();
  g_autoptr(CslCategory) c = csl_catalogue_find_serial (ws, "CSL 001-2025", NULL);
  g_autoptr(GError) error = NULL;
  CslFixture fx = { 0 };

  m->name_zh = g_strdup ("北京示例科技有限公司");
  m->name_en = g_strdup ("Beijing Example Technology Co., Ltd.");
  m->uscc = g_strdup ("91110000600037341L");
  m->address = g_strdup ("北京市海淀区中关村大街1号");
  m->contact = g_strdup ("张伟");
  fx.manufacturer = csl_manufacturer_add (ws, m, &error);
  g_assert_no_error (error);
  own->name = g_strdup ("Example In-house Security Lab");
  own->kind = g_strdup ("in-house");
  fx.inhouse_lab = csl_lab_add (ws, own, &error);
  tp->name = g_strdup ("China Example Testing Center");
  tp->kind = g_strdup ("third-party");
  tp->accreditation_no = g_strdup ("CNAS L0000");
  tp->accredited_until = g_strdup ("2028-12-31");
  fx.thirdparty_lab = csl_lab_add (ws, tp, &error);
  g_assert_no_error (error);
  fx.category = c->id;
  return fx;
}

static inline gint64
csl_fixture_filing (CslWorkspace *ws,
                    CslFixture   *fx,
                    const char   *model,
                    int           grade,
                    const char   *status)
{
  g_autoptr(CslProduct) p = csl_product_new ();
  g_autoptr(CslFiling) f = csl_filing_new ();
  g_autoptr(GError) error = NULL;

  p->manufacturer_id = fx->manufacturer;
  p->category_id = fx->category;
  p->model = g_strdup (model);
  p->name = g_strdup ("Home Camera");
  g_assert_cmpint (csl_product_add (ws, p, &error), >, 0);
  f->product_id = p->id;
  f->lab_id = fx->thirdparty_lab;
  f->grade = grade;
  g_free (f->status);
  f->status = g_strdup (status);
  g_assert_cmpint (csl_filing_add (ws, f, &error), >, 0);
  g_assert_no_error (error);
  return f->id;
}
