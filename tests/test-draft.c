#include "config.h"

#include "lifecycle/csl-draft.h"
#include "base/csl-error.h"
#include "lifecycle/csl-lifecycle.h"
#include "csl-test-util.h"
#include "csl-test-fixture.h"

/* The wizard's save: product and filing together, or nothing. */
static void
test_rollback (CslTestTmp    *tmp,
               gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = fx_open (tmp->dir);
  g_autoptr(CslProduct) p = csl_product_new ();
  g_autoptr(CslFiling) f = csl_filing_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CslCategory) c = csl_catalogue_find_serial (ws, "CSL 001-2025", NULL);

  p->manufacturer_id = fx_manufacturer (ws, "Acme", 1);
  p->category_id = c->id;
  p->model = g_strdup ("CAM-1");
  f->grade = 1;
  f->lab_id = 4242;   /* no such lab: the filing half fails */
  g_assert_false (csl_draft_save (ws, p, f, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND);
  g_assert_cmpint (p->id, ==, 0);
  g_assert_cmpint (f->id, ==, 0);
  g_assert_cmpint (fx_count (ws, "SELECT COUNT(*) FROM product"), ==, 0);

  g_clear_error (&error);
  f->lab_id = 0;      /* a draft may not have its lab yet */
  g_assert_true (csl_draft_save (ws, p, f, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_count (ws, "SELECT COUNT(*) FROM filing WHERE lab_id IS NULL"), ==, 1);
}

/* Art. 10: a firmware change saved through a re-filing draft turns the filed filing of the
 * same product re-filing due, with the change listed. */
static void
test_product_change_triggers_refiling (CslTestTmp    *tmp,
                                       gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = fx_open (tmp->dir);
  g_autoptr(GError) error = NULL;
  gint64 m = fx_manufacturer (ws, "Acme", 1);
  gint64 lab = fx_lab (ws, "Lab", "CNAS L1", "2099-12-31");
  gint64 product = fx_product (ws, m, "CAM-2", "2099-12-31");
  gint64 filed = fx_filing (ws, product, lab);
  g_autoptr(CslProduct) p = NULL;
  g_autoptr(CslFiling) draft = csl_filing_new ();
  g_autoptr(CslFiling) after = NULL;

  fx_file (ws, filed, "CSL-2027-000001", "2027-01-10", "2030-01-09");
  p = csl_product_get (ws, product, &error);
  g_free (p->firmware_version);
  p->firmware_version = g_strdup ("9.9.9");
  draft->grade = 1;
  g_assert_true (csl_draft_save (ws, p, draft, &error));
  g_assert_no_error (error);

  after = csl_filing_get (ws, filed, &error);
  g_assert_cmpint (csl_filing_get_status (after), ==, CSL_STATUS_REFILING_DUE);
  g_assert_nonnull (strstr (after->refiling_reason, "9.9.9"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  ADD ("/draft/rollback", test_rollback);
  ADD ("/draft/product-change-triggers-refiling", test_product_change_triggers_refiling);
  return g_test_run ();
}
