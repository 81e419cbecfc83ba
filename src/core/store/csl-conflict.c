#include "config.h"

#include <glib/gi18n-lib.h>

#include "base/csl-error.h"
#include "store/csl-conflict.h"

char *
csl_conflict_format_when (const char *utc_timestamp,
                          GDateTime  *now)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_now = NULL;

  if (utc_timestamp == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (utc_timestamp, NULL);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  local_now = g_date_time_to_local (now);
  if (g_date_time_get_year (local) == g_date_time_get_year (local_now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (local_now))
    return g_date_time_format (local, "%H:%M");
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
message (const char *table,
         const char *who,
         const char *when)
{
  /* Whole sentences per record kind, so that translations can order them freely. */
  if (g_strcmp0 (table, "filing") == 0)
    return g_strdup_printf (_("This filing was changed by %s at %s; reload to see it"), who, when);
  if (g_strcmp0 (table, "product") == 0)
    return g_strdup_printf (_("This product was changed by %s at %s; reload to see it"), who, when);
  if (g_strcmp0 (table, "manufacturer") == 0)
    return g_strdup_printf (_("This manufacturer was changed by %s at %s; reload to see it"), who, when);
  if (g_strcmp0 (table, "lab") == 0)
    return g_strdup_printf (_("This lab was changed by %s at %s; reload to see it"), who, when);
  return g_strdup_printf (_("This record was changed by %s at %s; reload to see it"), who, when);
}

gboolean
csl_conflict_set_error (CslWorkspace  *ws,
                        const char    *table,
                        gint64         id,
                        GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autofree char *sql = g_strdup_printf ("SELECT updated_by, updated_at FROM %s WHERE id = ?", table);
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, sql, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_int64 (stmt, 1, id);
  rc = csl_stmt_step (stmt, error);
  if (rc == CSL_STMT_DONE)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                   _("This record was deleted by someone else since it was opened"));
      return FALSE;
    }
  if (rc != CSL_STMT_ROW)
    return FALSE;
  when = csl_conflict_format_when (csl_stmt_column_text (stmt, 1), now);
  text = message (table,
                  csl_stmt_column_text (stmt, 0) ? csl_stmt_column_text (stmt, 0) : _("someone else"),
                  when ? when : _("an unknown time"));
  g_set_error_literal (error, CSL_ERROR, CSL_ERROR_CONFLICT, text);
  return FALSE;
}
