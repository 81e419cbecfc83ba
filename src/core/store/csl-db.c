#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "store/csl-db.h"
#include "base/csl-error.h"
#include "store/csl-migrations.h"

struct _CslDb
{
  sqlite3 *handle;
  char    *path;
};

struct _CslStmt
{
  sqlite3_stmt *handle;
  CslDb        *db;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static gboolean
csl_db_set_error (CslDb   *db,
                  int      rc,
                  GError **error)
{
  int code = CSL_ERROR_DATABASE;
  int primary = rc & 0xff;

  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    code = CSL_ERROR_EXISTS;
  else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    code = CSL_ERROR_NOT_FOUND;
  else if (primary == SQLITE_NOTADB)
    code = CSL_ERROR_NOT_WORKSPACE;

  g_set_error (error, CSL_ERROR, code, _("Database %s: %s"),
               db->path, db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
  return FALSE;
}

gboolean
csl_db_exec (CslDb       *db,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (db->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return csl_db_set_error (db, sqlite3_extended_errcode (db->handle), error);
  return TRUE;
}

static sqlite3_stmt *
prepare_handle (CslDb       *db,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db->handle, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      csl_db_set_error (db, sqlite3_extended_errcode (db->handle), error);
      return NULL;
    }
  return stmt;
}

CslStmt *
csl_db_prepare (CslDb       *db,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *handle = prepare_handle (db, sql, error);
  CslStmt *stmt;

  if (handle == NULL)
    return NULL;
  stmt = g_new (CslStmt, 1);
  stmt->handle = handle;
  stmt->db = db;
  return stmt;
}

void
csl_stmt_free (CslStmt *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_finalize (stmt->handle);
  g_free (stmt);
}

CslStmtResult
csl_stmt_step (CslStmt  *stmt,
               GError  **error)
{
  int rc = sqlite3_step (stmt->handle);

  if (rc == SQLITE_ROW)
    return CSL_STMT_ROW;
  if (rc == SQLITE_DONE)
    return CSL_STMT_DONE;
  csl_db_set_error (stmt->db, rc, error);
  return CSL_STMT_ERROR;
}

gboolean
csl_stmt_step_row (CslStmt  *stmt,
                   GError  **error)
{
  if (sqlite3_step (stmt->handle) != SQLITE_ROW)
    return csl_db_set_error (stmt->db, sqlite3_errcode (stmt->db->handle), error);
  return TRUE;
}

void
csl_stmt_reset (CslStmt *stmt)
{
  sqlite3_reset (stmt->handle);
}

gboolean
csl_db_step_done (CslDb         *db,
                  CslStmt       *stmt,
                  GError       **error)
{
  int rc = sqlite3_step (stmt->handle);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return csl_db_set_error (db, sqlite3_extended_errcode (db->handle), error);
  return TRUE;
}

gboolean
csl_db_begin (CslDb   *db,
              GError **error)
{
  /* IMMEDIATE takes the write lock up front, so two processes on one workspace queue up
   * instead of failing half-way through with SQLITE_BUSY on upgrade. */
  return csl_db_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
csl_db_commit (CslDb   *db,
               GError **error)
{
  if (!csl_db_exec (db, "COMMIT", error))
    {
      csl_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

void
csl_db_rollback (CslDb *db)
{
  if (!sqlite3_get_autocommit (db->handle))
    sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);
}

gint64
csl_db_last_insert_id (CslDb *db)
{
  return sqlite3_last_insert_rowid (db->handle);
}

int
csl_db_changes (CslDb *db)
{
  return sqlite3_changes (db->handle);
}

void
csl_stmt_bind_text (CslStmt    *stmt,
                    int         idx,
                    const char *text)
{
  sqlite3_bind_text (stmt->handle, idx, text, -1, SQLITE_TRANSIENT);
}

void
csl_stmt_bind_int64 (CslStmt *stmt,
                     int      idx,
                     gint64   value)
{
  sqlite3_bind_int64 (stmt->handle, idx, value);
}

void
csl_stmt_bind_int (CslStmt *stmt,
                   int      idx,
                   int      value)
{
  sqlite3_bind_int (stmt->handle, idx, value);
}

void
csl_stmt_bind_double (CslStmt *stmt,
                      int      idx,
                      double   value)
{
  sqlite3_bind_double (stmt->handle, idx, value);
}

void
csl_stmt_bind_null (CslStmt *stmt,
                    int      idx)
{
  sqlite3_bind_null (stmt->handle, idx);
}

void
csl_stmt_bind_optional_text (CslStmt    *stmt,
                             int         idx,
                             const char *text)
{
  if (text == NULL || *text == '\0')
    sqlite3_bind_null (stmt->handle, idx);
  else
    sqlite3_bind_text (stmt->handle, idx, text, -1, SQLITE_TRANSIENT);
}

void
csl_stmt_bind_id (CslStmt *stmt,
                  int      idx,
                  gint64   id)
{
  if (id <= 0)
    sqlite3_bind_null (stmt->handle, idx);
  else
    sqlite3_bind_int64 (stmt->handle, idx, id);
}

int
csl_stmt_column_count (CslStmt *stmt)
{
  return sqlite3_column_count (stmt->handle);
}

gboolean
csl_stmt_column_is_null (CslStmt *stmt,
                         int      col)
{
  return sqlite3_column_type (stmt->handle, col) == SQLITE_NULL;
}

const char *
csl_stmt_column_text (CslStmt *stmt,
                      int      col)
{
  return (const char *) sqlite3_column_text (stmt->handle, col);
}

char *
csl_stmt_dup_column_text (CslStmt *stmt,
                          int      col)
{
  const unsigned char *text = sqlite3_column_text (stmt->handle, col);

  return text ? g_strdup ((const char *) text) : NULL;
}

gint64
csl_stmt_column_int64 (CslStmt *stmt,
                       int      col)
{
  return sqlite3_column_int64 (stmt->handle, col);
}

int
csl_stmt_column_int (CslStmt *stmt,
                     int      col)
{
  return sqlite3_column_int (stmt->handle, col);
}

double
csl_stmt_column_double (CslStmt *stmt,
                        int      col)
{
  return sqlite3_column_double (stmt->handle, col);
}

static gboolean
query_int (CslDb       *db,
           const char  *sql,
           int         *out,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_handle (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return csl_db_set_error (db, sqlite3_extended_errcode (db->handle), error);
  *out = sqlite3_column_int (stmt, 0);
  return TRUE;
}

int
csl_db_schema_version (CslDb *db)
{
  int version = -1;

  query_int (db, "PRAGMA user_version", &version, NULL);
  return version;
}

int
csl_db_latest_version (void)
{
  return csl_migrations_latest ();
}

void
csl_db_close (CslDb *db)
{
  if (db == NULL)
    return;
  sqlite3_close_v2 (db->handle);
  g_free (db->path);
  g_free (db);
}

static gboolean
foreign_keys_intact (CslDb   *db,
                     GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_handle (db, "PRAGMA foreign_key_check", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_DATABASE,
                   _("a row of table %s refers to a missing row of %s"),
                   sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 2));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return csl_db_set_error (db, rc, error);
  return TRUE;
}

static gboolean
migrate_one (CslDb   *db,
             int      version,
             GError **error)
{
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version);

  if (!csl_db_begin (db, error))
    return FALSE;
  if (!csl_db_exec (db, csl_migrations_sql (version), error) ||
      !foreign_keys_intact (db, error) ||
      !csl_db_exec (db, set_version, error))
    {
      g_prefix_error (error, _("Upgrading the workspace database to version %d failed: "), version);
      csl_db_rollback (db);
      return FALSE;
    }
  return csl_db_commit (db, error);
}

static gboolean
migrate (CslDb   *db,
         int      from,
         int      to,
         GError **error)
{
  gboolean ok = TRUE;

  /* A migration may rebuild a table that others refer to; SQLite only allows that with
   * foreign keys off, which cannot change inside a transaction. Each migration checks the
   * keys itself before it commits. */
  if (!csl_db_exec (db, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  for (int v = from + 1; ok && v <= to; v++)
    ok = migrate_one (db, v, error);
  if (!csl_db_exec (db, "PRAGMA foreign_keys = ON", ok ? error : NULL))
    return FALSE;
  return ok;
}

CslDb *
csl_db_open_at_version (const char  *path,
                        int          target_version,
                        GError     **error)
{
  g_autoptr(CslDb) db = g_new0 (CslDb, 1);
  int rc, app_id = 0, version = 0;

  db->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &db->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      csl_db_set_error (db, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (db->handle, 1);
  /* Another process (the CLI next to the GUI) may hold the write lock for a moment. */
  sqlite3_busy_timeout (db->handle, 10000);

  /* Read what the file is before changing anything in it: a newer or foreign database must
   * come out of this untouched. */
  if (!query_int (db, "PRAGMA application_id", &app_id, error) ||
      !query_int (db, "PRAGMA user_version", &version, error))
    return NULL;

  if (app_id != 0 && app_id != CSL_DB_APPLICATION_ID)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_WORKSPACE,
                   _("%s is an SQLite database of another program (application id 0x%08x), not a CSL Filer workspace"),
                   path, (guint) app_id);
      return NULL;
    }
  if (app_id == 0 && version != 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_WORKSPACE,
                   _("%s is an SQLite database of another program, not a CSL Filer workspace"), path);
      return NULL;
    }
  if (version > csl_migrations_latest ())
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_SCHEMA_TOO_NEW,
                   _("The workspace %s was written by a newer CSL Filer (schema version %d; this program knows up to %d). "
                     "It was left unchanged; update CSL Filer to open it"),
                   path, version, csl_migrations_latest ());
      return NULL;
    }

  if (!csl_db_exec (db, "PRAGMA journal_mode = WAL", error) ||
      !csl_db_exec (db, "PRAGMA synchronous = FULL", error) ||
      !csl_db_exec (db, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (version < target_version && !migrate (db, version, target_version, error))
    return NULL;

  return g_steal_pointer (&db);
}

CslDb *
csl_db_open (const char  *path,
             GError     **error)
{
  return csl_db_open_at_version (path, csl_migrations_latest (), error);
}
