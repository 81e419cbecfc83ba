#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "base/csl-error.h"
#include "documents/csl-store.h"
#include "store/csl-db.h"
#include "workspace/csl-workspace.h"
#include "workspace/csl-workspace-copy.h"

/* In the order their references need. The catalogue comes first: a new workspace already holds
 * the batches this program ships, which the source's replace. What the schema derives from
 * these (deadline_due on SQLite) is kept by the target's own triggers; the team's people and
 * roles belong to its server, not to the filings. */
static const char *const tables[] = {
  "catalogue_batch", "catalogue_category", "manufacturer", "owner", "authorization", "lab",
  "product", "product_param", "filing", "filing_standard", "standard_replacement",
  "attachment", "attachment_text", "audit", "announcement",
};

static gboolean
is_catalogue (const char *table)
{
  return g_str_has_prefix (table, "catalogue_");
}

static gint64
count_rows (CslWorkspace  *ws,
            const char    *table,
            GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);
  g_autoptr(CslStmt) stmt = csl_db_prepare (csl_workspace_get_db (ws), sql, error);

  if (stmt == NULL || !csl_stmt_step_row (stmt, error))
    return -1;
  return csl_stmt_column_int64 (stmt, 0);
}

static gboolean
check_empty (CslWorkspace  *target,
             const char    *to,
             GError       **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      gint64 n;

      if (is_catalogue (tables[i]))
        continue;
      if ((n = count_rows (target, tables[i], error)) < 0)
        return FALSE;
      if (n > 0)
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_EXISTS,
                       _("%s already holds records (%lld in %s): a workspace is copied only into an empty one, "
                         "never merged"), to, (long long) n, tables[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
insert_sql (const char *table,
            CslStmt    *row)
{
  GString *sql = g_string_new (NULL);
  int n = csl_stmt_column_count (row);

  g_string_append_printf (sql, "INSERT INTO \"%s\" (", table);
  for (int c = 0; c < n; c++)
    g_string_append_printf (sql, "%s\"%s\"", c ? ", " : "", csl_stmt_column_name (row, c));
  g_string_append (sql, ") VALUES (");
  for (int c = 0; c < n; c++)
    g_string_append (sql, c ? ", ?" : "?");
  g_string_append_c (sql, ')');
  return g_string_free (sql, FALSE);
}

static gboolean
has_id (CslStmt *row)
{
  for (int c = 0; c < csl_stmt_column_count (row); c++)
    if (g_strcmp0 (csl_stmt_column_name (row, c), "id") == 0)
      return TRUE;
  return FALSE;
}

/* A server hands out ids from a sequence, which rows inserted with their ids do not advance. */
static gboolean
advance_sequence (CslDb       *db,
                  const char  *table,
                  GError     **error)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT setval(pg_get_serial_sequence('\"%s\"', 'id'), "
                     "COALESCE((SELECT max(id) FROM \"%s\"), 0) + 1, false)", table, table);
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, sql, error);

  return stmt != NULL && csl_stmt_step_row (stmt, error);
}

/* Values go as text, which both backends read back as the column's type: SQLite by the
 * column's affinity, PostgreSQL by the parameter's inferred type. */
static gboolean
copy_table (CslWorkspace  *source,
            CslWorkspace  *target,
            const char    *table,
            GCancellable  *cancellable,
            GError       **error)
{
  CslDb *db = csl_workspace_get_db (target);
  g_autofree char *select = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1", table);
  g_autoptr(CslStmt) row = csl_db_prepare (csl_workspace_get_db (source), select, error);
  g_autoptr(CslStmt) insert = NULL;
  gboolean with_id = FALSE;
  CslStmtResult rc;

  if (row == NULL)
    return FALSE;
  if (is_catalogue (table))
    {
      g_autofree char *clear = g_strdup_printf ("DELETE FROM \"%s\"", table);

      if (!csl_db_exec (db, clear, error))
        return FALSE;
    }
  while ((rc = csl_stmt_step (row, error)) == CSL_STMT_ROW)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (insert == NULL)
        {
          g_autofree char *sql = insert_sql (table, row);

          if ((insert = csl_db_prepare (db, sql, error)) == NULL)
            return FALSE;
          with_id = has_id (row);
        }
      csl_stmt_reset (insert);
      for (int c = 0; c < csl_stmt_column_count (row); c++)
        {
          g_autofree char *value = csl_stmt_dup_column_value (row, c);

          if (value == NULL)
            csl_stmt_bind_null (insert, c + 1);
          else
            csl_stmt_bind_text (insert, c + 1, value);
        }
      if (!csl_db_step_done (db, insert, error))
        {
          g_prefix_error (error, _("Copying a row of %s: "), table);
          return FALSE;
        }
    }
  if (rc != CSL_STMT_DONE)
    return FALSE;
  return !with_id || !csl_db_is_server (db) || advance_sequence (db, table, error);
}

typedef gboolean (*DocumentFunc) (CslWorkspace  *source,
                                  CslWorkspace  *target,
                                  const char    *sha256,
                                  gint64         size,
                                  const char    *name,
                                  GCancellable  *cancellable,
                                  GError       **error);

static gboolean
copy_document (CslWorkspace  *source,
               CslWorkspace  *target,
               const char    *sha256,
               gint64         size,
               const char    *name,
               GCancellable  *cancellable,
               GError       **error)
{
  return csl_store_import_blob (target, source, sha256, size, name, cancellable, error);
}

/* Each distinct document once, however many attachments name it. */
static gboolean
for_each_document (CslWorkspace   *source,
                   CslWorkspace   *target,
                   DocumentFunc    func,
                   CslCopyReport  *report,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(CslStmt) stmt =
    csl_db_prepare (csl_workspace_get_db (source),
                    "SELECT sha256, size, min(file_name) FROM attachment GROUP BY sha256, size ORDER BY sha256", error);
  CslStmtResult rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      const char *sha256 = csl_stmt_column_text (stmt, 0);
      gint64 size = csl_stmt_column_int64 (stmt, 1);

      if (!func (source, target, sha256, size, csl_stmt_column_text (stmt, 2), cancellable, error))
        return FALSE;
      if (report != NULL)
        {
          report->documents++;
          report->document_bytes += (guint64) size;
        }
    }
  return rc == CSL_STMT_DONE;
}

static gboolean
check_document (CslWorkspace  *source,
                CslWorkspace  *target,
                const char    *sha256,
                gint64         size,
                const char    *name,
                GCancellable  *cancellable,
                GError       **error)
{
  return csl_store_check_blob (target, sha256, size, name, cancellable, error);
}

static gboolean
copy_all (CslWorkspace   *source,
          CslWorkspace   *target,
          CslCopyReport  *report,
          GCancellable   *cancellable,
          GError        **error)
{
  CslDb *db = csl_workspace_get_db (target);

  if (!csl_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (!copy_table (source, target, tables[i], cancellable, error))
      goto fail;
  if (!for_each_document (source, target, copy_document, report, cancellable, error) ||
      !csl_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  csl_db_rollback (db);
  return FALSE;
}

/* After the commit: the same number of rows in every table, and every document readable from
 * the target with its SHA-256. */
static gboolean
verify (CslWorkspace   *source,
        CslWorkspace   *target,
        const char     *to,
        CslCopyReport  *report,
        GCancellable   *cancellable,
        GError        **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      gint64 a = count_rows (source, tables[i], error);
      gint64 b = a < 0 ? -1 : count_rows (target, tables[i], error);

      if (a < 0 || b < 0)
        return FALSE;
      if (a != b)
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_DAMAGED,
                       _("The copy in %s does not match its source: %s holds %lld rows there, %lld in the source"),
                       to, tables[i], (long long) b, (long long) a);
          return FALSE;
        }
      report->rows += (guint64) a;
      if (strcmp (tables[i], "manufacturer") == 0)
        report->manufacturers = (guint) a;
      else if (strcmp (tables[i], "product") == 0)
        report->products = (guint) a;
      else if (strcmp (tables[i], "filing") == 0)
        report->filings = (guint) a;
    }
  return for_each_document (source, target, check_document, NULL, cancellable, error);
}

gboolean
csl_workspace_copy (const char     *from,
                    const char     *to,
                    CslCopyReport  *report,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(CslWorkspace) source = NULL;
  g_autoptr(CslWorkspace) target = NULL;
  CslCopyReport local = { 0 };

  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  if (report == NULL)
    report = &local;
  memset (report, 0, sizeof *report);
  if ((source = csl_workspace_open_read_only (from, error)) == NULL)
    return FALSE;
  if ((target = csl_workspace_open (to, error)) == NULL)
    return FALSE;
  if (csl_db_is_read_only (csl_workspace_get_db (target)))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_STATE, _("Cannot copy into %s: it is open for reading only"), to);
      return FALSE;
    }
  if (g_strcmp0 (csl_workspace_get_path (source), csl_workspace_get_path (target)) == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s and %s are the same workspace"), from, to);
      return FALSE;
    }
  if (!check_empty (target, to, error) || !copy_all (source, target, report, cancellable, error))
    return FALSE;
  return verify (source, target, to, report, cancellable, error);
}
