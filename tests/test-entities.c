#include "config.h"

#include <string.h>

#include "workspace/csl-workspace.h"
#include "records/csl-catalogue.h"
#include "base/csl-error.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-owner.h"
#include "records/csl-product.h"
#include "records/csl-requirements.h"
#include "csl-test-util.h"

static CslWorkspace *
open_ws (CslTestTmp *tmp)
{
  g_autoptr(GError) error = NULL;
  CslWorkspace *ws = csl_workspace_open (tmp->dir, &error);

  g_assert_no_error (error);
  return ws;
}

static gint64
add_manufacturer (CslWorkspace *ws,
                  const char   *uscc)
{
  g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
  g_autoptr(GError) error = NULL;

  m->name_zh = g_strdup ("北京示例科技有限公司");
  m->uscc = g_strdup (uscc);
  g_assert_cmpint (csl_manufacturer_add (ws, m, &error), >, 0);
  g_assert_no_error (error);
  return m->id;
}

static int
count (CslWorkspace *ws,
       const char   *sql)
{
  g_autoptr(CslStmt) stmt = csl_db_prepare (csl_workspace_get_db (ws), sql, NULL);

  g_assert_cmpint (csl_stmt_step (stmt, NULL), ==, CSL_STMT_ROW);
  return csl_stmt_column_int (stmt, 0);
}

static void
test_manufacturer (CslTestTmp    *tmp,
                   gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  g_autoptr(CslManufacturer) dup = csl_manufacturer_new ();
  g_autoptr(CslManufacturer) bad = csl_manufacturer_new ();
  g_autoptr(CslManufacturer) got = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = add_manufacturer (ws, " 91110000600037341l ");

  got = csl_manufacturer_get (ws, id, &error);
  g_assert_cmpstr (got->uscc, ==, "91110000600037341L");

  dup->name_en = g_strdup ("Other");
  dup->uscc = g_strdup ("91110000600037341L");
  g_assert_cmpint (csl_manufacturer_add (ws, dup, &error), ==, 0);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_EXISTS);
  g_clear_error (&error);

  bad->name_en = g_strdup ("Early Co");
  bad->uscc = g_strdup ("91330100716105852A");
  g_assert_cmpint (csl_manufacturer_add (ws, bad, &error), ==, 0);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_CHECK_DIGIT);
  g_clear_error (&error);
  bad->uscc_check_accepted = TRUE;
  g_assert_cmpint (csl_manufacturer_add (ws, bad, &error), >, 0);

  /* An edit is audited field by field. */
  g_free (got->address);
  got->address = g_strdup ("北京市海淀区");
  g_assert_true (csl_manufacturer_update (ws, got, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (ws, "SELECT COUNT(*) FROM audit WHERE entity = 'manufacturer' AND field = 'address' "
                              "AND new_value = '北京市海淀区' AND old_value IS NULL AND via = 'core'"), ==, 1);

  g_assert_null (csl_manufacturer_get (ws, 999, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND);
}

static void
test_product_and_filing (CslTestTmp    *tmp,
                         gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  g_autoptr(CslCategory) cat = csl_catalogue_find_serial (ws, "CSL 001-2025", NULL);
  g_autoptr(CslProduct) p = csl_product_new ();
  g_autoptr(CslProduct) again = NULL;
  g_autoptr(CslLab) lab = csl_lab_new ();
  g_autoptr(CslFiling) f = csl_filing_new ();
  g_autoptr(CslFiling) bad = csl_filing_new ();
  g_autoptr(CslFiling) got = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(GError) error = NULL;
  const char *const stds[] = { "GB/T 41387-2022", NULL };

  p->manufacturer_id = add_manufacturer (ws, "9144030071526726XG");
  p->category_id = cat->id;
  p->model = g_strdup ("CAM-100");
  p->firmware_version = g_strdup ("1.0.0");
  csl_product_set_param (p, "wifi", "802.11n");
  csl_product_set_param (p, "cloud", "yes");
  g_assert_cmpint (csl_product_add (ws, p, &error), >, 0);
  again = csl_product_get (ws, p->id, &error);
  g_assert_cmpuint (again->params->len, ==, 2);
  g_assert_cmpstr (((CslParam *) again->params->pdata[0])->name, ==, "cloud");
  g_assert_cmpstr (csl_product_get_param (again, "wifi"), ==, "802.11n");

  csl_product_set_param (again, "wifi", "802.11ax");
  g_assert_true (csl_product_update (ws, again, &error));
  g_assert_cmpint (count (ws, "SELECT COUNT(*) FROM audit WHERE entity = 'product' AND field = 'param:wifi' "
                              "AND old_value = '802.11n' AND new_value = '802.11ax'"), ==, 1);

  lab->name = g_strdup ("In-house Lab");
  lab->kind = g_strdup ("in-house");
  g_assert_cmpint (csl_lab_add (ws, lab, &error), >, 0);

  bad->product_id = p->id;
  bad->lab_id = 4242;
  bad->grade = 1;
  g_assert_cmpint (csl_filing_add (ws, bad, &error), ==, 0);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  bad->lab_id = lab->id;
  bad->grade = 4;
  g_assert_cmpint (csl_filing_add (ws, bad, &error), ==, 0);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);

  f->product_id = p->id;
  f->lab_id = lab->id;
  f->grade = 1;
  f->report_number = g_strdup ("R-2026-001");
  f->report_date = g_strdup ("2026-10-01");
  f->standards = g_strdupv ((char **) stds);
  g_assert_cmpint (csl_filing_add (ws, f, &error), >, 0);
  got = csl_filing_get (ws, f->id, &error);
  g_assert_cmpstrv (got->standards, stds);
  g_assert_cmpint (csl_filing_get_status (got), ==, CSL_STATUS_DRAFT);

  summaries = csl_filing_list_summaries (ws, 0, &error);
  g_assert_cmpuint (summaries->len, ==, 1);
  g_assert_cmpstr (((CslFilingSummary *) summaries->pdata[0])->model, ==, "CAM-100");

  /* From the database: every material is missing until attached. */
  findings = csl_requirements_check (ws, f->id, "2026-11-21", &materials, &error);
  g_assert_no_error (error);
  g_assert_true (csl_findings_have_errors (findings));
  g_assert_cmpuint (materials->len, ==, 4);

  /* Rows naming one stored one-byte blob: the check also looks that the stored copy is there. */
  {
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "x", 1);
    g_autofree char *blob = csl_workspace_blob_path (ws, sha);
    g_autofree char *fan = g_path_get_dirname (blob);
    g_autofree char *sql = g_strdup_printf ("INSERT INTO attachment (filing_id, kind, file_name, size, sha256, attached_at) "
                                            "SELECT 1, k, k || '.pdf', 1, '%s', 'now' FROM (SELECT 'test-report' AS k UNION SELECT "
                                            "'declaration' UNION SELECT 'business-license' UNION SELECT 'lab-capability') AS kinds", sha);

    g_assert_cmpint (g_mkdir_with_parents (fan, 0700), ==, 0);
    g_assert_true (g_file_set_contents (blob, "x", 1, NULL));
    g_assert_true (csl_db_exec (csl_workspace_get_db (ws), sql, &error));
  }
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = csl_requirements_check (ws, f->id, "2026-11-21", NULL, &error);
  for (guint i = 0; i < findings->len; i++)
    g_test_message ("%s", ((CslFinding *) findings->pdata[i])->message);
  g_assert_false (csl_findings_have_errors (findings));
}

static void
test_owner_and_authorization (CslTestTmp    *tmp,
                              gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = open_ws (tmp);
  g_autoptr(CslOwner) owner = g_new0 (CslOwner, 1);
  g_autoptr(CslOwner) got = NULL;
  g_autoptr(CslAuthorization) a = g_new0 (CslAuthorization, 1);
  g_autoptr(CslAuthorization) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 m = add_manufacturer (ws, "91330100716105852F");

  got = csl_owner_get (ws, &error);
  g_assert_null (got->kind);
  g_clear_pointer (&got, csl_owner_free);

  owner->kind = g_strdup ("agent");
  owner->agent_name = g_strdup ("Compliance Agency Ltd");
  g_assert_true (csl_owner_set (ws, owner, &error));
  got = csl_owner_get (ws, &error);
  g_assert_true (csl_owner_is_agent (got));

  a->manufacturer_id = m;
  a->letter_ref = g_strdup ("AUTH-1");
  a->valid_from = g_strdup ("2026-12-01");
  a->valid_until = g_strdup ("2026-01-01");
  g_assert_cmpint (csl_authorization_add (ws, a, &error), ==, 0);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);
  g_free (a->valid_from);
  a->valid_from = g_strdup ("2025-01-01");
  g_assert_cmpint (csl_authorization_add (ws, a, &error), >, 0);

  found = csl_authorization_find_valid (ws, m, "2025-06-01", &error);
  g_assert_nonnull (found);
  g_clear_pointer (&found, csl_authorization_free);
  found = csl_authorization_find_valid (ws, m, "2026-01-02", &error);
  g_assert_null (found);
  g_assert_no_error (error);
}

/* The parameter text the product forms edit round-trips, and a bad line changes nothing. */
static void
test_params_text (void)
{
  g_autoptr(GError) error = NULL;
  CslProduct *p = csl_product_new ();
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;

  g_assert_true (csl_product_params_from_text (p, "wifi = 802.11ac\n\n  chip=HI3516=v2 \n", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p->params->len, ==, 2);
  g_assert_cmpstr (csl_product_get_param (p, "wifi"), ==, " 802.11ac");
  g_assert_cmpstr (csl_product_get_param (p, "chip"), ==, "HI3516=v2");
  text = csl_product_params_to_text (p);
  g_assert_true (csl_product_params_from_text (p, text, &error));
  again = csl_product_params_to_text (p);
  g_assert_cmpstr (again, ==, text);

  g_assert_false (csl_product_params_from_text (p, "wifi=none\nno equals sign", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no equals sign"));
  g_assert_cmpstr (csl_product_get_param (p, "chip"), ==, "HI3516=v2");
  g_assert_cmpuint (p->params->len, ==, 2);
  csl_product_free (p);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  g_test_add_func ("/entities/params-text", test_params_text);
  ADD ("/entities/manufacturer", test_manufacturer);
  ADD ("/entities/product-and-filing", test_product_and_filing);
  ADD ("/entities/owner-and-authorization", test_owner_and_authorization);
  return g_test_run ();
}
