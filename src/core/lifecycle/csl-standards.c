#include "config.h"

#include <glib/gi18n-lib.h>

#include "base/csl-date.h"
#include "base/csl-error.h"
#include "base/csl-text-check.h"
#include "lifecycle/csl-standards.h"
#include "store/csl-db.h"

/* As long as a standard's number may be where the filing form shows it. */
#define MAX_NUMBER_CHARS 200

static gboolean
check_number (const char  *label,
              const char  *number,
              GError     **error)
{
  if (number == NULL || *number == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("%s is empty: give a standard’s number"), label);
      return FALSE;
    }
  return csl_text_check (label, number, MAX_NUMBER_CHARS, FALSE, error);
}

static gboolean
list_affected (CslDb       *db,
               const char  *old_number,
               GArray      *ids,
               GError     **error)
{
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, "SELECT DISTINCT f.id FROM filing_standard fs"
                                                " JOIN filing f ON f.id = fs.filing_id"
                                                " WHERE fs.number = ? AND f.status IN ('filed', 'refiling-due')"
                                                " AND f.superseded_on IS NULL ORDER BY f.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_text (stmt, 1, old_number);
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      gint64 id = csl_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  return rc == CSL_STMT_DONE;
}

static gboolean
replace_in_transaction (CslWorkspace  *ws,
                        const char    *old_number,
                        const char    *new_number,
                        const char    *effective_from,
                        GArray        *ids,
                        GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = NULL;
  g_autoptr(CslStmt) find = NULL;
  g_autoptr(GDateTime) clock = g_date_time_new_now_utc ();
  g_autofree char *now = g_date_time_format (clock, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *what = g_strdup_printf ("%s → %s (%s)", old_number, new_number, effective_from);
  gint64 id;

  stmt = csl_db_prepare (db, "INSERT INTO standard_replacement (old_number, new_number, effective_from, recorded_at)"
                             " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (old_number) DO UPDATE SET"
                             " new_number = ?2, effective_from = ?3, recorded_at = ?4", error);
  if (stmt == NULL)
    return FALSE;
  csl_stmt_bind_text (stmt, 1, old_number);
  csl_stmt_bind_text (stmt, 2, new_number);
  csl_stmt_bind_text (stmt, 3, effective_from);
  csl_stmt_bind_text (stmt, 4, now);
  if (!csl_db_step_done (db, stmt, error))
    return FALSE;
  /* last_insert_id is not set by the DO UPDATE path: look the row up. */
  if ((find = csl_db_prepare (db, "SELECT id FROM standard_replacement WHERE old_number = ?", error)) == NULL)
    return FALSE;
  csl_stmt_bind_text (find, 1, old_number);
  if (csl_stmt_step (find, error) != CSL_STMT_ROW)
    return FALSE;
  id = csl_stmt_column_int64 (find, 0);
  return csl_workspace_audit (ws, "standard", id, "replaced_by", NULL, what, error) &&
         list_affected (db, old_number, ids, error);
}

gboolean
csl_standard_replace (CslWorkspace  *ws,
                      const char    *old_number,
                      const char    *new_number,
                      const char    *effective_from,
                      GArray       **affected,
                      GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!check_number (_("The replaced standard"), old_number, error) ||
      !check_number (_("The new standard"), new_number, error) ||
      !csl_date_validate (effective_from, _("The date the new standard applies from"), error))
    return FALSE;
  if (g_strcmp0 (old_number, new_number) == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("“%s” cannot replace itself"), old_number);
      return FALSE;
    }
  if (!csl_db_begin (db, error))
    return FALSE;
  if (!replace_in_transaction (ws, old_number, new_number, effective_from, ids, error) ||
      !csl_db_commit (db, error))
    {
      csl_db_rollback (db);
      return FALSE;
    }
  csl_workspace_emit_changed (ws, "filing");
  if (affected != NULL)
    *affected = g_steal_pointer (&ids);
  return TRUE;
}

GStrv
csl_standard_apply_replacements (CslWorkspace       *ws,
                                 const char *const  *numbers,
                                 GError            **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, "SELECT new_number FROM standard_replacement WHERE old_number = ?",
                                            error);
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; numbers != NULL && numbers[i] != NULL; i++)
    {
      g_autofree char *number = g_strdup (numbers[i]);

      /* A chain (A → B, later B → C) ends at its last edition; a loop stops after each number
       * has been seen once. */
      for (guint hops = 0; hops < 16; hops++)
        {
          int rc;

          csl_stmt_reset (stmt);
          csl_stmt_bind_text (stmt, 1, number);
          rc = csl_stmt_step (stmt, error);
          if (rc == CSL_STMT_DONE)
            break;
          if (rc != CSL_STMT_ROW)
            return NULL;
          g_free (number);
          number = csl_stmt_dup_column_text (stmt, 0);
        }
      if (g_hash_table_add (seen, g_strdup (number)))
        g_strv_builder_add (out, number);
    }
  return g_strv_builder_end (out);
}
