#pragma once

/* Builds workspaces for the lifecycle, deadline and UI tests through the core API: entities, a
 * filing that passes its check, and the steps to file it. Dates are always given, never read
 * from the clock. */

#include <string.h>
#include "workspace/csl-workspace.h"
#include "records/csl-catalogue.h"
#include "base/csl-error.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "lifecycle/csl-lifecycle.h"
#include "records/csl-manufacturer.h"
#include "records/csl-owner.h"
#include "records/csl-product.h"
#include "base/csl-uscc.h"

/* A valid Unified Social Credit Code that differs for each n. */
static inline char *
fx_uscc (guint n)
{
  g_autofree char *first17 = g_strdup_printf ("91110000%09u", n);

  return g_strdup_printf ("%s%c", first17, csl_uscc_check_char (first17));
}

static inline gint64
fx_manufacturer (CslWorkspace *ws,
                 const char   *name,
                 guint         n)
{
  g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
  g_autoptr(GError) error = NULL;

  m->name_en = g_strdup (name);
  m->uscc = fx_uscc (n);
  g_assert_cmpint (csl_manufacturer_add (ws, m, &error), >, 0);
  g_assert_no_error (error);
  return m->id;
}

static inline gint64
fx_lab (CslWorkspace *ws,
        const char   *name,
        const char   *accreditation_no,
        const char   *accredited_until)
{
  g_autoptr(CslLab) lab = csl_lab_new ();
  g_autoptr(GError) error = NULL;

  lab->name = g_strdup (name);
  lab->kind = g_strdup ("third-party");
  lab->accreditation_no = g_strdup (accreditation_no);
  lab->accredited_until = g_strdup (accredited_until);
  g_assert_cmpint (csl_lab_add (ws, lab, &error), >, 0);
  g_assert_no_error (error);
  return lab->id;
}

static inline gint64
fx_product (CslWorkspace *ws,
            gint64        manufacturer_id,
            const char   *model,
            const char   *support_until)
{
  g_autoptr(CslProduct) p = csl_product_new ();
  g_autoptr(CslCategory) c = csl_catalogue_find_serial (ws, "CSL 001-2025", NULL);
  g_autoptr(GError) error = NULL;

  p->manufacturer_id = manufacturer_id;
  p->category_id = c->id;
  p->model = g_strdup (model);
  p->name = g_strdup ("Home Camera");
  p->hardware_version = g_strdup ("A1");
  p->firmware_version = g_strdup ("1.0");
  p->support_until = g_strdup (support_until);
  p->default_password_policy = g_strdup ("unique per device");
  p->vulnerability_contact = g_strdup ("psirt@example.com");
  p->update_policy = g_strdup ("monthly");
  csl_product_set_param (p, "resolution", "1080p");
  g_assert_cmpint (csl_product_add (ws, p, &error), >, 0);
  g_assert_no_error (error);
  return p->id;
}

static inline void
fx_attach (CslWorkspace *ws,
           gint64        filing_id,
           const char   *kind,
           const char   *file_name)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, file_name, -1);
  g_autofree char *blob = csl_workspace_blob_path (ws, sha);
  g_autofree char *fan = g_path_get_dirname (blob);
  g_autoptr(GError) error = NULL;

  /* The attachment store writes these rows and blobs; the lifecycle only reads and copies
   * them. The blob is the file name's bytes, so the check finds a stored copy of the right size. */
  g_assert_cmpint (g_mkdir_with_parents (fan, 0700), ==, 0);
  g_assert_true (g_file_set_contents (blob, file_name, -1, NULL));
  stmt = csl_db_prepare (db, "INSERT INTO attachment (filing_id, kind, file_name, size, sha256, attached_at) "
                             "VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", &error);
  g_assert_no_error (error);
  csl_stmt_bind_int64 (stmt, 1, filing_id);
  csl_stmt_bind_text (stmt, 2, kind);
  csl_stmt_bind_text (stmt, 3, file_name);
  csl_stmt_bind_int64 (stmt, 4, (gint64) strlen (file_name));
  csl_stmt_bind_text (stmt, 5, sha);
  g_assert_true (csl_db_step_done (db, stmt, &error));
}

/* A Basic-grade filing with everything its check needs (as of 2027). */
static inline gint64
fx_filing_bare (CslWorkspace *ws,
                gint64        product_id,
                gint64        lab_id)
{
  g_autoptr(CslFiling) f = csl_filing_new ();
  g_autoptr(GError) error = NULL;
  const char *const stds[] = { "GB/T 41387-2022", NULL };

  f->product_id = product_id;
  f->lab_id = lab_id;
  f->grade = 1;
  f->report_number = g_strdup ("R-2026-001");
  f->report_date = g_strdup ("2026-10-01");
  f->standards = g_strdupv ((char **) stds);
  g_assert_cmpint (csl_filing_add (ws, f, &error), >, 0);
  g_assert_no_error (error);
  return f->id;
}

static inline gint64
fx_filing (CslWorkspace *ws,
           gint64        product_id,
           gint64        lab_id)
{
  gint64 id = fx_filing_bare (ws, product_id, lab_id);

  fx_attach (ws, id, "test-report", "report.pdf");
  fx_attach (ws, id, "declaration", "declaration.pdf");
  fx_attach (ws, id, "business-license", "licence.pdf");
  fx_attach (ws, id, "lab-accreditation", "cnas.pdf");
  return id;
}

#define FX_SHA256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* ready → packaged → submitted → filed, as the user would. */
static inline void
fx_file (CslWorkspace *ws,
         gint64        filing_id,
         const char   *number,
         const char   *filed_on,
         const char   *valid_until)
{
  g_autoptr(GError) error = NULL;
  CslFiledInfo info = { number, filed_on, NULL, valid_until };

  g_assert_true (csl_lifecycle_mark_ready (ws, filing_id, "2027-01-05", &error));
  g_assert_no_error (error);
  g_assert_true (csl_lifecycle_mark_packaged (ws, filing_id, FX_SHA256, &error));
  g_assert_true (csl_lifecycle_mark_submitted (ws, filing_id, filed_on, &error));
  g_assert_true (csl_lifecycle_mark_filed (ws, filing_id, &info, &error));
  g_assert_no_error (error);
}

static inline int
fx_count (CslWorkspace *ws,
          const char   *sql)
{
  g_autoptr(CslStmt) stmt = csl_db_prepare (csl_workspace_get_db (ws), sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (csl_stmt_step (stmt, NULL), ==, CSL_STMT_ROW);
  return csl_stmt_column_int (stmt, 0);
}

static inline CslWorkspace *
fx_open (const char *dir)
{
  g_autoptr(GError) error = NULL;
  CslWorkspace *ws = csl_workspace_open (dir, &error);

  g_assert_no_error (error);
  return ws;
}
