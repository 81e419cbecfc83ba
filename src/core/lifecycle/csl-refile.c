#include "config.h"

#include <glib/gi18n-lib.h>

#include "base/csl-error.h"
#include "lifecycle/csl-refiling.h"
#include "lifecycle/csl-standards.h"

/* Re-filing a filing: the new draft and the materials that carry over (Art. 10). */

/* The audit entries that record a key technical change of a product, as
 * csl_refiling_update_product() and csl_product_update() write them. */
#define KEY_CHANGE_SQL \
  "SELECT 1 FROM audit WHERE entity = 'product' AND entity_id = ?1 " \
  "AND (field IN ('hardware_version', 'firmware_version') OR field LIKE 'param:%') "

/* TRUE if a key technical value of the product changed at or after the time stamp: a document
 * attached in the same instant as a change is treated as describing the old product, so the
 * doubt falls on the side of a fresh report. */
static int
changed_since (CslWorkspace *ws,
               gint64        product_id,
               const char   *since,
               GError      **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, KEY_CHANGE_SQL "AND julianday(at) >= julianday(?2) LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return -1;
  csl_stmt_bind_int64 (stmt, 1, product_id);
  csl_stmt_bind_text (stmt, 2, since);
  rc = csl_stmt_step (stmt, error);
  if (rc != CSL_STMT_ROW && rc != CSL_STMT_DONE)
    return -1;
  return rc == CSL_STMT_ROW;
}

static gboolean
is_product_document (const char *kind)
{
  return g_strcmp0 (kind, "test-report") == 0 || g_strcmp0 (kind, "pentest-report") == 0 ||
         g_strcmp0 (kind, "declaration") == 0;
}

typedef struct
{
  gint64  id;
  char   *kind;
  char   *file_name;
  char   *attached_at;
  int     stale;
} Material;

static void
material_free (Material *m)
{
  g_free (m->kind);
  g_free (m->file_name);
  g_free (m->attached_at);
  g_free (m);
}

static GPtrArray *
load_materials (CslWorkspace    *ws,
                const CslFiling *f,
                GError         **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (db, "SELECT id, kind, file_name, attached_at FROM attachment WHERE filing_id = ? ORDER BY id", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) material_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  csl_stmt_bind_int64 (stmt, 1, f->id);
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      Material *m = g_new0 (Material, 1);

      m->id = csl_stmt_column_int64 (stmt, 0);
      m->kind = csl_stmt_dup_column_text (stmt, 1);
      m->file_name = csl_stmt_dup_column_text (stmt, 2);
      m->attached_at = csl_stmt_dup_column_text (stmt, 3);
      g_ptr_array_add (out, m);
    }
  if (rc != CSL_STMT_DONE)
    return NULL;
  for (guint i = 0; i < out->len; i++)
    {
      Material *m = out->pdata[i];

      if (is_product_document (m->kind) && (m->stale = changed_since (ws, f->product_id, m->attached_at, error)) < 0)
        return NULL;
    }
  return g_steal_pointer (&out);
}

/* The report number and date describe the tested product: they go where the test report goes,
 * and without an attached report they stay only if the product did not change after the
 * filing was started. */
static int
report_info_valid (CslWorkspace    *ws,
                   const CslFiling *f,
                   GPtrArray       *materials,
                   GError         **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;
  g_autofree char *created = NULL;
  gboolean has_report = FALSE;
  int changed;

  for (guint i = 0; i < materials->len; i++)
    {
      Material *m = materials->pdata[i];

      if (g_strcmp0 (m->kind, "test-report") == 0)
        {
          has_report = TRUE;
          if (!m->stale)
            return TRUE;
        }
    }
  if (has_report)
    return FALSE;
  stmt = csl_db_prepare (db, "SELECT created_at FROM filing WHERE id = ?", error);
  if (stmt == NULL)
    return -1;
  csl_stmt_bind_int64 (stmt, 1, f->id);
  if (!csl_stmt_step_row (stmt, error))
    return -1;
  created = csl_stmt_dup_column_text (stmt, 0);
  changed = changed_since (ws, f->product_id, created, error);
  return changed < 0 ? -1 : !changed;
}

static gboolean
copy_material (CslWorkspace    *ws,
               gint64           to_filing,
               const Material  *m,
               GError         **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;
  g_autofree char *what = g_strdup_printf ("%s: %s", m->kind, m->file_name);

  /* The row points at the same stored blob: the store keeps one copy per content. The original
   * attachment time stays, so the next re-filing judges the document by when it was made. */
  stmt = csl_db_prepare (db,
                         "INSERT INTO attachment (filing_id, kind, file_name, size, sha256, page_count, page_width_pt, "
                         "page_height_pt, pdf_title, pdf_producer, report_number_found, text_excerpt, attached_at) "
                         "SELECT ?1, kind, file_name, size, sha256, page_count, page_width_pt, page_height_pt, pdf_title, "
                         "pdf_producer, report_number_found, text_excerpt, attached_at FROM attachment WHERE id = ?2",
                         error);
  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, to_filing);
  csl_stmt_bind_int64 (stmt, 2, m->id);
  return csl_db_step_done (db, stmt, error) &&
         csl_workspace_audit (ws, "filing", to_filing, "attachment", NULL, what, error);
}

static gboolean
check_refilable (CslWorkspace     *ws,
                 const CslFiling  *f,
                 GError          **error)
{
  CslFilingStatus status = csl_filing_get_status (f);
  gint64 successor;

  if (status < CSL_STATUS_FILED)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_STATE,
                   _("Filing %lld is “%s”; only a filed, re-filing due, expired or revoked filing "
                     "can be re-filed"), (long long) f->id, csl_filing_status_to_string (status));
      return FALSE;
    }
  successor = csl_refiling_get_successor (ws, f->id, error);
  if (successor < 0)
    return FALSE;
  if (successor > 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_STATE,
                   _("Filing %lld was already re-filed as filing %lld"),
                   (long long) f->id, (long long) successor);
      return FALSE;
    }
  return TRUE;
}

static gint64
refile_in_transaction (CslWorkspace  *ws,
                       gint64         filing_id,
                       GPtrArray     *dropped,
                       GError       **error)
{
  g_autoptr(CslFiling) old = csl_filing_get (ws, filing_id, error);
  g_autoptr(CslFiling) f = csl_filing_new ();
  g_autoptr(GPtrArray) materials = NULL;
  g_autofree char *old_id = NULL, *new_id = NULL;
  int report_valid;

  if (old == NULL || !check_refilable (ws, old, error) || (materials = load_materials (ws, old, error)) == NULL ||
      (report_valid = report_info_valid (ws, old, materials, error)) < 0)
    return 0;

  f->product_id = old->product_id;
  f->grade = old->grade;
  f->lab_id = old->lab_id;
  f->pentest_lab_id = old->pentest_lab_id;
  g_free (f->filed_by);
  f->filed_by = g_strdup (old->filed_by);
  /* A replaced basis standard is cited by its replacement (csl-standards.h). */
  if ((f->standards = csl_standard_apply_replacements (ws, (const char *const *) old->standards, error)) == NULL)
    return 0;
  f->predecessor_id = old->id;
  if (report_valid)
    {
      f->report_number = g_strdup (old->report_number);
      f->report_date = g_strdup (old->report_date);
    }
  if (csl_filing_insert_in_transaction (ws, f, error) == 0)
    return 0;

  for (guint i = 0; i < materials->len; i++)
    {
      Material *m = materials->pdata[i];

      if (m->stale)
        g_ptr_array_add (dropped, g_strdup_printf (_("%s “%s”: the product changed after it was attached"),
                                                   m->kind, m->file_name));
      else if (!copy_material (ws, f->id, m, error))
        return 0;
    }
  old_id = g_strdup_printf ("%" G_GINT64_FORMAT, old->id);
  new_id = g_strdup_printf ("%" G_GINT64_FORMAT, f->id);
  if (!csl_workspace_audit (ws, "filing", f->id, "predecessor_id", NULL, old_id, error) ||
      !csl_workspace_audit (ws, "filing", old->id, "successor_id", NULL, new_id, error))
    return 0;
  return f->id;
}

gint64
csl_refiling_refile (CslWorkspace  *ws,
                     gint64         filing_id,
                     GPtrArray    **dropped,
                     GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func (g_free);
  gint64 id;

  if (!csl_db_begin (db, error))
    return 0;
  id = refile_in_transaction (ws, filing_id, left, error);
  if (id == 0 || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      return 0;
    }
  csl_workspace_emit_changed (ws, "filing");
  if (dropped != NULL)
    *dropped = g_steal_pointer (&left);
  return id;
}
