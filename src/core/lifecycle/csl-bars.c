#include "config.h"

#include <glib/gi18n-lib.h>

#include "lifecycle/csl-bars.h"
#include "base/csl-date.h"
#include "base/csl-error.h"
#include "base/csl-text-check.h"

const char *
csl_bar_target_to_string (CslBarTarget target)
{
  return target == CSL_BAR_LAB ? "lab" : "manufacturer";
}

static gboolean
load_bar (CslWorkspace  *ws,
          CslBarTarget   target,
          gint64         id,
          char         **until,
          char         **reason,
          GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autofree char *sql = g_strdup_printf ("SELECT barred_until, barred_reason FROM %s WHERE id = ?",
                                          csl_bar_target_to_string (target));
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, id);
  rc = csl_stmt_step (stmt, error);
  if (rc == CSL_STMT_DONE)
    {
      if (target == CSL_BAR_LAB)
        g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                     _("No lab has the id %lld (see “lab list”)"), (long long) id);
      else
        g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                     _("No manufacturer has the id %lld (see “manufacturer list”)"), (long long) id);
      return FALSE;
    }
  if (rc != CSL_STMT_ROW)
    return FALSE;
  *until = csl_stmt_dup_column_text (stmt, 0);
  *reason = csl_stmt_dup_column_text (stmt, 1);
  return TRUE;
}

gboolean
csl_bar_set_in_transaction (CslWorkspace  *ws,
                            CslBarTarget   target,
                            gint64         id,
                            const char    *until,
                            const char    *reason,
                            GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  const char *table = csl_bar_target_to_string (target);
  g_autofree char *old_until = NULL, *old_reason = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(CslStmt) stmt = NULL;

  if (!csl_date_validate (until, _("Barred until"), error))
    return FALSE;
  if (reason == NULL || *reason == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("A bar needs its reason (the announcement)"));
      return FALSE;
    }
  if (!csl_text_check_field (table, "barred_reason", reason, error) ||
      !load_bar (ws, target, id, &old_until, &old_reason, error))
    return FALSE;
  sql = g_strdup_printf ("UPDATE %s SET barred_until = ?, barred_reason = ? WHERE id = ?", table);
  stmt = csl_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_text (stmt, 1, until);
  csl_stmt_bind_text (stmt, 2, reason);
  csl_stmt_bind_int64 (stmt, 3, id);
  return csl_db_step_done (db, stmt, error) &&
         csl_workspace_audit (ws, table, id, "barred_until", old_until, until, error) &&
         csl_workspace_audit (ws, table, id, "barred_reason", old_reason, reason, error);
}

gboolean
csl_bar_set (CslWorkspace  *ws,
             CslBarTarget   target,
             gint64         id,
             const char    *until,
             const char    *reason,
             GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autofree char *text = g_strstrip (g_strdup (reason ? reason : ""));

  if (!csl_db_begin (db, error))
    return FALSE;
  if (!csl_bar_set_in_transaction (ws, target, id, until, text, error) || !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      return FALSE;
    }
  csl_workspace_emit_changed (ws, csl_bar_target_to_string (target));
  return TRUE;
}
