#include "config.h"

#include <string.h>

#include "base/csl-error.h"
#include "lifecycle/csl-draft.h"
#include "store/csl-conflict.h"
#include "csl-test-cli.h"
#include "csl-test-filing.h"
#include "csl-test-util.h"

/* Two people with one workspace open, each through a handle of their own, both editing what
 * they read: the second save must be refused with a conflict that names the first, and never
 * overwrite it. */

static void
test_two_editors_one_filing (CslTestTmp *tmp, gconstpointer data)
{
  CslTestFiling t;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) other = NULL;
  g_autoptr(CslFiling) mine = NULL;
  g_autoptr(CslFiling) theirs = NULL;
  g_autoptr(CslFiling) stored = NULL;
  int conflicts = 0;

  csl_test_filing_open (&t, tmp->dir, FALSE);
  csl_workspace_set_user (t.ws, "zhang.san");
  other = csl_workspace_open (tmp->dir, &error);
  g_assert_no_error (error);
  csl_workspace_set_user (other, "li.wei");

  mine = csl_filing_get (t.ws, t.filing, &error);
  g_assert_no_error (error);
  theirs = csl_filing_get (other, t.filing, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mine->version, ==, theirs->version);

  g_free (theirs->report_number);
  theirs->report_number = g_strdup ("R-LI-WEI");
  if (!csl_filing_update (other, theirs, &error))
    conflicts++;
  g_assert_no_error (error);
  g_assert_cmpint (theirs->version, ==, mine->version + 1);

  g_free (mine->report_number);
  mine->report_number = g_strdup ("R-ZHANG-SAN");
  if (!csl_filing_update (t.ws, mine, &error))
    conflicts++;
  g_assert_error (error, CSL_ERROR, CSL_ERROR_CONFLICT);
  g_assert_cmpint (conflicts, ==, 1);
  g_assert_nonnull (strstr (error->message, "changed by li.wei at "));
  g_assert_nonnull (strstr (error->message, "reload to see it"));
  g_clear_error (&error);

  /* Nothing of the refused save landed: neither the field nor its audit entry. */
  stored = csl_filing_get (t.ws, t.filing, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->report_number, ==, "R-LI-WEI");
  g_assert_cmpint (stored->version, ==, theirs->version);

  /* Reloaded, the same change saves; the handle that saved keeps its version in step, so the
   * wizard's next step saves too. */
  g_free (stored->report_number);
  stored->report_number = g_strdup ("R-ZHANG-SAN");
  g_assert_true (csl_filing_update (t.ws, stored, &error));
  g_assert_no_error (error);
  stored->grade = CSL_GRADE_BASIC;
  g_assert_true (csl_filing_update (t.ws, stored, &error));
  g_assert_no_error (error);
  /* ... and now li.wei's copy is the stale one. */
  theirs->grade = CSL_GRADE_LEADING;
  g_assert_false (csl_filing_update (other, theirs, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "zhang.san"));

  csl_test_filing_close (&t);
}

/* Every editable record, not only filings. */
static void
test_records_conflict (CslTestTmp *tmp, gconstpointer data)
{
  CslTestFiling t;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) other = NULL;
  g_autoptr(CslManufacturer) m1 = NULL, m2 = NULL;
  g_autoptr(CslLab) l1 = NULL, l2 = NULL;
  g_autoptr(CslProduct) p1 = NULL, p2 = NULL;

  csl_test_filing_open (&t, tmp->dir, FALSE);
  other = csl_workspace_open (tmp->dir, &error);
  g_assert_no_error (error);
  csl_workspace_set_user (other, "li.wei");

  m1 = csl_manufacturer_get (t.ws, t.manufacturer, &error);
  m2 = csl_manufacturer_get (other, t.manufacturer, &error);
  g_assert_no_error (error);
  g_free (m2->phone);
  m2->phone = g_strdup ("010-87654321");
  g_assert_true (csl_manufacturer_update (other, m2, &error));
  g_free (m1->email);
  m1->email = g_strdup ("other@example.cn");
  g_assert_false (csl_manufacturer_update (t.ws, m1, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "manufacturer was changed by li.wei"));
  g_clear_error (&error);

  l1 = csl_lab_get (t.ws, t.lab, &error);
  l2 = csl_lab_get (other, t.lab, &error);
  g_assert_no_error (error);
  g_free (l2->accreditation_no);
  l2->accreditation_no = g_strdup ("CNAS L0002");
  g_assert_true (csl_lab_update (other, l2, &error));
  g_assert_false (csl_lab_update (t.ws, l1, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_CONFLICT);
  g_clear_error (&error);

  p1 = csl_product_get (t.ws, t.product, &error);
  p2 = csl_product_get (other, t.product, &error);
  g_assert_no_error (error);
  g_free (p2->name);
  p2->name = g_strdup ("智能摄像头二代");
  g_assert_true (csl_product_update (other, p2, &error));
  g_assert_false (csl_product_update (t.ws, p1, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_CONFLICT);
  g_clear_error (&error);

  csl_test_filing_close (&t);
}

/* A filing's standards and a product's parameters are rows of other tables: a save that changes
 * only them still checks and advances the record's version, so a stale copy neither reverts a
 * colleague's list nor slips its own in unseen. */
static void
test_rows_conflict (CslTestTmp *tmp, gconstpointer data)
{
  CslTestFiling t;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) other = NULL;
  g_autoptr(CslFiling) f1 = NULL, f2 = NULL, stored = NULL;
  g_autoptr(CslProduct) p1 = NULL, p2 = NULL;
  gint64 version;

  csl_test_filing_open (&t, tmp->dir, FALSE);
  other = csl_workspace_open (tmp->dir, &error);
  g_assert_no_error (error);
  csl_workspace_set_user (other, "li.wei");

  f1 = csl_filing_get (t.ws, t.filing, &error);
  f2 = csl_filing_get (other, t.filing, &error);
  g_assert_no_error (error);
  version = f2->version;
  g_strfreev (f2->standards);
  f2->standards = g_strsplit ("GB/T 45000-2025;GB 42250-2022", ";", -1);
  g_assert_true (csl_filing_update (other, f2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (f2->version, ==, version + 1);
  g_strfreev (f1->standards);
  f1->standards = g_strsplit ("GB/T 45001-2025", ";", -1);
  g_assert_false (csl_filing_update (t.ws, f1, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "li.wei"));
  g_clear_error (&error);
  stored = csl_filing_get (t.ws, t.filing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (stored->standards), ==, 2);
  /* Saved again unchanged, it is still no change. */
  g_assert_true (csl_filing_update (t.ws, stored, &error));
  g_assert_cmpint (stored->version, ==, version + 1);

  p1 = csl_product_get (t.ws, t.product, &error);
  p2 = csl_product_get (other, t.product, &error);
  g_assert_no_error (error);
  version = p2->version;
  g_assert_true (csl_product_params_from_text (p2, "wifi_chip=RTL8720\nfirmware_signing=yes", &error));
  g_assert_true (csl_product_update (other, p2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (p2->version, ==, version + 1);
  g_assert_true (csl_product_params_from_text (p1, "wifi_chip=ESP32", &error));
  g_assert_false (csl_product_update (t.ws, p1, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_CONFLICT);
  g_clear_error (&error);
  /* The same parameters in another order are the same parameters. */
  g_assert_true (csl_product_params_from_text (p2, "firmware_signing=yes\nwifi_chip=RTL8720", &error));
  g_assert_true (csl_product_update (other, p2, &error));
  g_assert_cmpint (p2->version, ==, version + 1);

  csl_test_filing_close (&t);
}

/* The wizard's save writes the product and the filing in one transaction: when the filing
 * conflicts, the product's rolled-back version bump must not stay in memory, or every later
 * save would conflict with itself. */
static void
test_draft_rollback_keeps_versions (CslTestTmp *tmp, gconstpointer data)
{
  CslTestFiling t;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) other = NULL;
  g_autoptr(CslFiling) f = NULL, theirs = NULL, reloaded = NULL;
  g_autoptr(CslProduct) p = NULL;
  g_auto(GStrv) changed = NULL;
  gint64 product_version;
  const char *standards[] = { "GB/T 1-2020", NULL };
  const char *mine[] = { "report_date", "standards", NULL };

  csl_test_filing_open (&t, tmp->dir, FALSE);
  other = csl_workspace_open (tmp->dir, &error);
  g_assert_no_error (error);
  f = csl_filing_get (t.ws, t.filing, &error);
  p = csl_product_get (t.ws, t.product, &error);
  g_assert_no_error (error);
  product_version = p->version;

  theirs = csl_filing_get (other, t.filing, &error);
  theirs->grade = CSL_GRADE_LEADING;
  g_assert_true (csl_filing_update (other, theirs, &error));
  g_assert_no_error (error);

  g_free (f->report_date);
  f->report_date = g_strdup ("2026-10-02");
  g_strfreev (f->standards);
  f->standards = g_strdupv ((char **) standards);
  g_assert_false (csl_draft_save (t.ws, p, f, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (p->version, ==, product_version);

  /* Reload: what the colleague changed, what the user typed, and the typing re-applied. */
  reloaded = csl_filing_get (t.ws, t.filing, &error);
  g_assert_no_error (error);
  changed = csl_filing_changed_fields (f, reloaded);
  g_assert_true (g_strv_contains ((const char * const *) changed, "grade"));
  g_assert_true (g_strv_contains ((const char * const *) changed, "report_date"));
  g_assert_true (g_strv_contains ((const char * const *) changed, "standards"));
  g_assert_false (g_strv_contains ((const char * const *) changed, "report_number"));
  g_assert_false (g_strv_contains ((const char * const *) changed, "version"));
  csl_filing_copy_fields (reloaded, f, mine);
  g_assert_cmpstr (reloaded->report_date, ==, "2026-10-02");
  g_assert_cmpint (reloaded->grade, ==, CSL_GRADE_LEADING);
  g_assert_true (csl_draft_save (t.ws, p, reloaded, &error));
  g_assert_no_error (error);
  /* The product was re-saved unchanged: no new version, so a colleague's wizard saving the same
   * product for another filing does not conflict. */
  g_assert_cmpint (p->version, ==, product_version);
  g_free (p->name);
  p->name = g_strdup ("智能摄像头 Pro");
  g_assert_true (csl_draft_save (t.ws, p, reloaded, &error));
  g_assert_no_error (error);
  g_assert_cmpint (p->version, ==, product_version + 1);

  csl_test_filing_close (&t);
}

/* The message says the time in local time, with the date when it was not today. */
static void
test_format_when (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2026, 12, 7, 15, 0, 0);
  g_autofree char *same = csl_conflict_format_when ("2026-12-07T10:42:00Z", now);
  g_autofree char *expected = NULL;
  g_autofree char *older = csl_conflict_format_when ("2025-03-01T10:42:00Z", now);

  {
    g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-12-07T10:42:00Z", NULL);
    g_autoptr(GDateTime) at_local = g_date_time_to_local (at);
    expected = g_date_time_format (at_local, "%H:%M");
  }
  g_assert_cmpstr (same, ==, expected);
  g_assert_nonnull (older);
  g_assert_true (g_str_has_prefix (older, "2025-03-0"));
  g_assert_null (csl_conflict_format_when ("not a time", now));
  g_assert_null (csl_conflict_format_when (NULL, now));
}

/* The command line: a script that read version N and saves after a colleague gets a readable
 * conflict and a non-zero exit, and the colleague's change stays. */
static void
test_cli_conflict (CslTestTmp *tmp, gconstpointer data)
{
  CslTestFiling t;
  g_autofree char *id = NULL;
  CslCliResult r;

  csl_test_filing_open (&t, tmp->dir, FALSE);
  csl_test_filing_close (&t);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, t.filing);

  r = csl_cli_run (tmp->dir, "filing", "show", id);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Version"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (tmp->dir, "filing", "update", id, "--report-number", "R-FIRST", "--if-version", "1");
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);

  r = csl_cli_run (tmp->dir, "filing", "update", id, "--report-number", "R-SECOND", "--if-version", "1");
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "This filing was changed by "));
  g_assert_nonnull (strstr (r.err, "reload to see it"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (tmp->dir, "filing", "show", id);
  g_assert_nonnull (strstr (r.out, "R-FIRST"));
  g_assert_null (strstr (r.out, "R-SECOND"));
  csl_cli_result_clear (&r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/conflict/two-editors-one-filing", CslTestTmp, NULL, csl_test_tmp_setup,
              test_two_editors_one_filing, csl_test_tmp_teardown);
  g_test_add ("/conflict/records", CslTestTmp, NULL, csl_test_tmp_setup, test_records_conflict,
              csl_test_tmp_teardown);
  g_test_add ("/conflict/rows", CslTestTmp, NULL, csl_test_tmp_setup, test_rows_conflict,
              csl_test_tmp_teardown);
  g_test_add ("/conflict/draft-rollback", CslTestTmp, NULL, csl_test_tmp_setup,
              test_draft_rollback_keeps_versions, csl_test_tmp_teardown);
  g_test_add_func ("/conflict/format-when", test_format_when);
  g_test_add ("/conflict/cli", CslTestTmp, NULL, csl_test_tmp_setup, test_cli_conflict,
              csl_test_tmp_teardown);
  return g_test_run ();
}
