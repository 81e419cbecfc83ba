#pragma once

#include "records/csl-catalogue.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-product.h"
#include "base/csl-uscc.h"

/* Many filings, made in one transaction: filing i (from 0) belongs to the new manufacturer
 * "Maker <k + i % n_makers>" (k: how many there were; ids in *makers, which the caller frees),
 * its model is "M<i>-<i % n_makers>" and its status cycles through every status. */
static inline void
csl_test_add_filings (CslWorkspace *ws,
                      guint         n_makers,
                      guint         n_filings,
                      GArray      **makers)
{
  g_autoptr(CslCategory) c = csl_catalogue_find_serial (ws, "CSL 001-2025", NULL);
  g_autoptr(CslLab) lab = csl_lab_new ();
  g_autoptr(GError) error = NULL;
  CslDb *db = csl_workspace_get_db (ws);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) existing = csl_manufacturer_list (ws, &error);
  guint first = existing->len;

  lab->name = g_strdup ("Test Lab");
  lab->kind = g_strdup ("in-house");
  g_assert_cmpint (csl_lab_add (ws, lab, &error), >, 0);
  for (guint m = 0; m < n_makers; m++)
    {
      g_autoptr(CslManufacturer) maker = csl_manufacturer_new ();
      g_autofree char *first17 = g_strdup_printf ("9111000060%07u", first + m);
      gint64 id;

      maker->name_en = g_strdup_printf ("Maker %u", first + m);
      maker->uscc = g_strdup_printf ("%s%c", first17, csl_uscc_check_char (first17));
      id = csl_manufacturer_add (ws, maker, &error);
      g_assert_no_error (error);
      g_array_append_val (ids, id);
    }
  g_assert_true (csl_db_begin (db, &error));
  for (guint i = 0; i < n_filings; i++)
    {
      g_autoptr(CslProduct) p = csl_product_new ();
      g_autoptr(CslFiling) f = csl_filing_new ();

      p->manufacturer_id = g_array_index (ids, gint64, i % n_makers);
      p->category_id = c->id;
      p->model = g_strdup_printf ("M%u-%u", i, i % n_makers);
      p->name = g_strdup (i % 2 ? "Camera" : NULL);
      g_assert_cmpint (csl_product_insert_in_transaction (ws, p, &error), >, 0);
      f->product_id = p->id;
      f->lab_id = lab->id;
      f->grade = 1 + (int) (i % 3);
      g_free (f->status);
      f->status = g_strdup (csl_filing_status_to_string ((CslFilingStatus) (i % CSL_N_STATUSES)));
      g_assert_cmpint (csl_filing_insert_in_transaction (ws, f, &error), >, 0);
    }
  g_assert_true (csl_db_commit (db, &error));
  g_assert_no_error (error);
  *makers = ids;
}
