#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include "store/csl-db.h"
#include "store/csl-db-pg.h"
#include "base/csl-error.h"
#include "store/csl-migrations.h"
#include <glib/gstdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "base/csl-atomic.h"

struct _CslDb
{
  sqlite3  *handle;
  char     *path;
  gboolean  read_only;
  CslPgDb  *pg;       /* a team workspace on a PostgreSQL server: everything goes there */
  /* SQL text -> a prepared statement not in use. Preparing compiles every trigger a write
   * fires (the deadlines kept by migration 9's), which an import would otherwise pay for each
   * row it writes. */
  GHashTable *cache;
};

/* Enough for every statement an import or a wizard save repeats. */
#define STMT_CACHE_MAX 64

struct _CslStmt
{
  sqlite3_stmt *handle;
  CslDb        *db;
  CslPgStmt    *pg;
  char         *sql;   /* its key in the cache */
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* libpq's type ids of the numbers bound (catalog/pg_type_d.h, not installed with libpq). */
#define PG_INT8_OID 20
#define PG_FLOAT8_OID 701

static const char *
db_name (CslDb *db)
{
  return db->path;
}

gboolean
csl_db_set_read_only_error (CslDb   *db,
                            GError **error)
{
  g_set_error (error, CSL_ERROR, CSL_ERROR_READ_ONLY,
               _("The workspace database %s is read-only (no write access to it or its folder): "
                 "it can be read but not changed"), db->path);
  return FALSE;
}

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
  else if (primary == SQLITE_READONLY && db->read_only)
    return csl_db_set_read_only_error (db, error);

  g_set_error (error, CSL_ERROR, code, _("Database %s: %s"),
               db->path, db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
  return FALSE;
}

gboolean
csl_db_exec (CslDb       *db,
             const char  *sql,
             GError     **error)
{
  if (db->pg)
    return csl_pg_db_exec (db->pg, sql, error);
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
  sqlite3_stmt *handle;
  CslStmt *stmt;
  char *key = NULL;

  if (db->pg)
    {
      stmt = g_new0 (CslStmt, 1);
      stmt->db = db;
      stmt->pg = csl_pg_db_prepare (db->pg, sql, error);
      if (stmt->pg == NULL)
        g_clear_pointer (&stmt, g_free);
      return stmt;
    }
  /* A statement in use is out of the cache: the same SQL used twice at once gets a second. */
  if (db->cache == NULL ||
      !g_hash_table_steal_extended (db->cache, sql, (gpointer *) &key, (gpointer *) &handle))
    handle = prepare_handle (db, sql, error);
  if (handle == NULL)
    return NULL;
  stmt = g_new0 (CslStmt, 1);
  stmt->handle = handle;
  stmt->db = db;
  stmt->sql = key ? key : g_strdup (sql);
  return stmt;
}

void
csl_stmt_free (CslStmt *stmt)
{
  GHashTable *cache;

  if (stmt == NULL)
    return;
  csl_pg_stmt_free (stmt->pg);
  cache = stmt->handle ? stmt->db->cache : NULL;
  if (cache != NULL && g_hash_table_size (cache) < STMT_CACHE_MAX && !g_hash_table_contains (cache, stmt->sql))
    {
      /* Reset, it holds no lock and no value of its last use. */
      sqlite3_reset (stmt->handle);
      sqlite3_clear_bindings (stmt->handle);
      g_hash_table_insert (cache, g_steal_pointer (&stmt->sql), stmt->handle);
    }
  else if (stmt->handle)
    sqlite3_finalize (stmt->handle);
  g_free (stmt->sql);
  g_free (stmt);
}

CslStmtResult
csl_stmt_step (CslStmt  *stmt,
               GError  **error)
{
  int rc;

  if (stmt->pg)
    return csl_pg_stmt_step (stmt->pg, error);
  rc = sqlite3_step (stmt->handle);
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
  if (stmt->pg)
    {
      CslStmtResult r = csl_pg_stmt_step (stmt->pg, error);

      if (r == CSL_STMT_DONE)
        g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND, _("Database %s: no row"), db_name (stmt->db));
      return r == CSL_STMT_ROW;
    }
  if (sqlite3_step (stmt->handle) != SQLITE_ROW)
    return csl_db_set_error (stmt->db, sqlite3_errcode (stmt->db->handle), error);
  return TRUE;
}

void
csl_stmt_reset (CslStmt *stmt)
{
  if (stmt->pg)
    csl_pg_stmt_reset (stmt->pg);
  else
    sqlite3_reset (stmt->handle);
}

gboolean
csl_db_step_done (CslDb         *db,
                  CslStmt       *stmt,
                  GError       **error)
{
  int rc;

  if (stmt->pg)
    return csl_pg_stmt_step (stmt->pg, error) != CSL_STMT_ERROR;
  rc = sqlite3_step (stmt->handle);
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
  if (db->pg)
    return csl_pg_db_begin (db->pg, error);
  if (db->read_only)
    return csl_db_set_read_only_error (db, error);
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
  if (db->pg)
    {
      csl_pg_db_rollback (db->pg);
      return;
    }
  if (!sqlite3_get_autocommit (db->handle))
    sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);
}

gint64
csl_db_last_insert_id (CslDb *db)
{
  return db->pg ? csl_pg_db_last_insert_id (db->pg) : sqlite3_last_insert_rowid (db->handle);
}

int
csl_db_changes (CslDb *db)
{
  return db->pg ? csl_pg_db_changes (db->pg) : sqlite3_changes (db->handle);
}

void
csl_stmt_bind_text (CslStmt    *stmt,
                    int         idx,
                    const char *text)
{
  if (stmt->pg)
    csl_pg_stmt_bind (stmt->pg, idx, text, 0);
  else
    sqlite3_bind_text (stmt->handle, idx, text, -1, SQLITE_TRANSIENT);
}

void
csl_stmt_bind_int64 (CslStmt *stmt,
                     int      idx,
                     gint64   value)
{
  if (stmt->pg)
    {
      char text[32];

      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
      csl_pg_stmt_bind (stmt->pg, idx, text, PG_INT8_OID);
    }
  else
    sqlite3_bind_int64 (stmt->handle, idx, value);
}

void
csl_stmt_bind_int (CslStmt *stmt,
                   int      idx,
                   int      value)
{
  csl_stmt_bind_int64 (stmt, idx, value);
}

void
csl_stmt_bind_double (CslStmt *stmt,
                      int      idx,
                      double   value)
{
  if (stmt->pg)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      csl_pg_stmt_bind (stmt->pg, idx, g_ascii_dtostr (text, sizeof text, value), PG_FLOAT8_OID);
    }
  else
    sqlite3_bind_double (stmt->handle, idx, value);
}

void
csl_stmt_bind_null (CslStmt *stmt,
                    int      idx)
{
  if (stmt->pg)
    csl_pg_stmt_bind (stmt->pg, idx, NULL, 0);
  else
    sqlite3_bind_null (stmt->handle, idx);
}

void
csl_stmt_bind_blob (CslStmt    *stmt,
                    int         idx,
                    const void *data,
                    gsize       len)
{
  if (stmt->pg)
    csl_pg_stmt_bind_blob (stmt->pg, idx, data, len);
  else
    sqlite3_bind_blob64 (stmt->handle, idx, data ? data : "", len, SQLITE_TRANSIENT);
}

void
csl_stmt_bind_optional_text (CslStmt    *stmt,
                             int         idx,
                             const char *text)
{
  if (text == NULL || *text == '\0')
    csl_stmt_bind_null (stmt, idx);
  else
    csl_stmt_bind_text (stmt, idx, text);
}

void
csl_stmt_bind_id (CslStmt *stmt,
                  int      idx,
                  gint64   id)
{
  if (id <= 0)
    csl_stmt_bind_null (stmt, idx);
  else
    csl_stmt_bind_int64 (stmt, idx, id);
}

int
csl_stmt_column_count (CslStmt *stmt)
{
  return stmt->pg ? csl_pg_stmt_column_count (stmt->pg) : sqlite3_column_count (stmt->handle);
}

const char *
csl_stmt_column_name (CslStmt *stmt,
                      int      col)
{
  if (stmt->pg)
    return csl_pg_stmt_column_name (stmt->pg, col);
  return sqlite3_column_name (stmt->handle, col);
}

char *
csl_stmt_dup_column_value (CslStmt *stmt,
                           int      col)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* SQLite's own text of a REAL keeps 15 digits; a page size in points may need 17. */
  if (stmt->pg == NULL && sqlite3_column_type (stmt->handle, col) == SQLITE_FLOAT)
    return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, sqlite3_column_double (stmt->handle, col)));
  return g_strdup (csl_stmt_column_text (stmt, col));
}

gboolean
csl_stmt_column_is_null (CslStmt *stmt,
                         int      col)
{
  if (stmt->pg)
    return csl_pg_stmt_column_is_null (stmt->pg, col);
  return sqlite3_column_type (stmt->handle, col) == SQLITE_NULL;
}

const char *
csl_stmt_column_text (CslStmt *stmt,
                      int      col)
{
  if (stmt->pg)
    return csl_pg_stmt_column_text (stmt->pg, col);
  return (const char *) sqlite3_column_text (stmt->handle, col);
}

char *
csl_stmt_dup_column_text (CslStmt *stmt,
                          int      col)
{
  return g_strdup (csl_stmt_column_text (stmt, col));
}

gint64
csl_stmt_column_int64 (CslStmt *stmt,
                       int      col)
{
  if (stmt->pg)
    {
      const char *text = csl_pg_stmt_column_text (stmt->pg, col);

      return text ? g_ascii_strtoll (text, NULL, 10) : 0;
    }
  return sqlite3_column_int64 (stmt->handle, col);
}

int
csl_stmt_column_int (CslStmt *stmt,
                     int      col)
{
  if (stmt->pg)
    return (int) csl_stmt_column_int64 (stmt, col);
  return sqlite3_column_int (stmt->handle, col);
}

double
csl_stmt_column_double (CslStmt *stmt,
                        int      col)
{
  if (stmt->pg)
    {
      const char *text = csl_pg_stmt_column_text (stmt->pg, col);

      return text ? g_ascii_strtod (text, NULL) : 0.0;
    }
  return sqlite3_column_double (stmt->handle, col);
}

const guint8 *
csl_stmt_column_blob (CslStmt *stmt,
                      int      col,
                      gsize   *len)
{
  const guint8 *data;

  if (stmt->pg)
    return csl_pg_stmt_column_blob (stmt->pg, col, len);
  data = sqlite3_column_blob (stmt->handle, col);
  *len = data ? (gsize) sqlite3_column_bytes (stmt->handle, col) : 0;
  return data;
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

static gboolean
query_text (CslDb       *db,
            const char  *sql,
            char       **out,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_handle (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return csl_db_set_error (db, sqlite3_extended_errcode (db->handle), error);
  *out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return *out != NULL;
}

int
csl_db_schema_version (CslDb *db)
{
  int version = -1;

  if (db->pg)
    return csl_pg_db_schema_version (db->pg);
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
  csl_pg_db_close (db->pg);
  g_clear_pointer (&db->cache, g_hash_table_unref);
  if (db->handle)
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

/* What the file is, read before anything in it changes, and again under the write lock: a
 * newer or foreign database must come out of this untouched. Sets *version. */
static gboolean
check_ours (CslDb   *db,
            int     *version,
            GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int app_id, n_tables, rc;

  /* One statement, so one snapshot: read one by one, another program's first migration could
   * commit in between and the three would describe different files. */
  stmt = prepare_handle (db, "SELECT (SELECT application_id FROM pragma_application_id), "
                             "(SELECT user_version FROM pragma_user_version), "
                             "(SELECT count(*) FROM sqlite_master)", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return csl_db_set_error (db, sqlite3_extended_errcode (db->handle), error);
  app_id = sqlite3_column_int (stmt, 0);
  *version = sqlite3_column_int (stmt, 1);
  n_tables = sqlite3_column_int (stmt, 2);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (app_id != 0 && app_id != CSL_DB_APPLICATION_ID)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_WORKSPACE,
                   _("%s is an SQLite database of another program (application id 0x%08x), not a CSL Filer workspace"),
                   db->path, (guint) app_id);
      return FALSE;
    }
  /* Only an empty database may become a workspace: one with tables of its own is somebody's data. */
  if (app_id == 0 && (*version != 0 || n_tables != 0))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_WORKSPACE,
                   _("%s is an SQLite database of another program, not a CSL Filer workspace; it was left unchanged"),
                   db->path);
      return FALSE;
    }
  if (*version > csl_migrations_latest ())
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_SCHEMA_TOO_NEW,
                   _("The workspace %s was written by a newer CSL Filer (schema version %d; this program knows up to %d). "
                     "It was left unchanged; update CSL Filer to open it"),
                   db->path, *version, csl_migrations_latest ());
      return FALSE;
    }
  return TRUE;
}

/* One step, or none when another program made it first: the version is read again under the
 * write lock, so however many programs open an older workspace at once, each upgrade runs once.
 * Sets *done when the database is at target_version. */
static gboolean
migrate_step (CslDb    *db,
              int       target_version,
              gboolean *done,
              GError  **error)
{
  g_autofree char *set_version = NULL;
  int version = 0;

  if (!csl_db_begin (db, error))
    return FALSE;
  if (!check_ours (db, &version, error))
    {
      csl_db_rollback (db);
      return FALSE;
    }
  if (version >= target_version)
    {
      *done = TRUE;
      csl_db_rollback (db);
      return TRUE;
    }
  version++;
  set_version = g_strdup_printf ("PRAGMA user_version = %d", version);
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
         int      target_version,
         GError **error)
{
  gboolean ok = TRUE, done = FALSE;

  /* A migration may rebuild a table that others refer to; SQLite only allows that with
   * foreign keys off, which cannot change inside a transaction. Each migration checks the
   * keys itself before it commits. */
  if (!csl_db_exec (db, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  while (ok && !done)
    ok = migrate_step (db, target_version, &done, error);
  if (!csl_db_exec (db, "PRAGMA foreign_keys = ON", ok ? error : NULL))
    return FALSE;
  return ok;
}

static CslDb *
open_handle (const char  *path,
             const char  *uri,
             int          flags,
             GError     **error)
{
  g_autoptr(CslDb) db = g_new0 (CslDb, 1);
  int rc;

  db->path = g_strdup (path);
  db->read_only = (flags & SQLITE_OPEN_READONLY) != 0;
  rc = sqlite3_open_v2 (uri ? uri : path, &db->handle, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      csl_db_set_error (db, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (db->handle, 1);
  db->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sqlite3_finalize);
  /* Another process (the CLI next to the GUI) may hold the write lock for a moment. */
  sqlite3_busy_timeout (db->handle, 10000);
  return g_steal_pointer (&db);
}

/* A new workspace database is made whole under a temporary name and linked into place, which
 * fails if the name exists: programs creating one workspace at the same moment all end up
 * opening the one that won, already in WAL mode and at the latest version. FALSE with no error:
 * the file system cannot link, and the database is made in place instead. */
static gboolean
create_by_link (const char  *path,
                int          target_version,
                GError     **error)
{
  g_autofree char *temp = g_strconcat (path, ".new-XXXXXX", NULL);
  g_autoptr(CslDb) db = NULL;
  int fd, saved;
  gboolean linked;

  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot create the workspace database %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  /* Held until the temporary is gone, so that sweep_abandoned() tells it from a crash's
   * leftover. fd stays open while SQLite works: closing any descriptor of a file would drop the
   * fcntl locks SQLite holds on it. */
  while (flock (fd, LOCK_EX) != 0 && errno == EINTR)
    ;
  db = open_handle (temp, NULL, SQLITE_OPEN_READWRITE, error);
  if (db == NULL ||
      !csl_db_exec (db, "PRAGMA journal_mode = WAL", error) ||
      !csl_db_exec (db, "PRAGMA synchronous = FULL", error) ||
      !migrate (db, target_version, error))
    {
      g_clear_pointer (&db, csl_db_close);
      g_unlink (temp);
      close (fd);
      return FALSE;
    }
  /* Closing checkpoints the WAL into the file, so the file alone holds everything. */
  g_clear_pointer (&db, csl_db_close);
  linked = link (temp, path) == 0;
  saved = errno;
  g_unlink (temp);
  close (fd);
  if (linked || saved == EEXIST)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      return csl_fsync_directory (dir, error);
    }
  if (saved == EPERM || saved == ENOTSUP || saved == EOPNOTSUPP || saved == EXDEV || saved == EMLINK)
    return FALSE;
  g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot create the workspace database %s: %s"),
               path, g_strerror (saved));
  return FALSE;
}

/* A program killed while it made a new database leaves its temporary (and the temporary's WAL)
 * behind; one still being made is locked by its maker, and a few minutes old at most (the age
 * covers the instant between its creation and its lock). */
#define ABANDONED_AFTER_SECONDS (10 * 60)

static void
sweep_abandoned (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *prefix = g_strconcat (strrchr (path, G_DIR_SEPARATOR) ? strrchr (path, G_DIR_SEPARATOR) + 1 : path,
                                         ".new-", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *temp = NULL;
      struct stat st;
      int fd;

      /* The temporary itself: "-wal", "-shm" and "-journal" go with it. */
      if (!g_str_has_prefix (name, prefix) || strchr (name + strlen (prefix), '-') != NULL)
        continue;
      temp = g_build_filename (dir, name, NULL);
      fd = g_open (temp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0);
      if (fd < 0)
        continue;
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_mtime < time (NULL) - ABANDONED_AFTER_SECONDS &&
          flock (fd, LOCK_EX | LOCK_NB) == 0)
        {
          static const char *const suffixes[] = { "-wal", "-shm", "-journal" };

          for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
            {
              g_autofree char *side = g_strconcat (temp, suffixes[i], NULL);
              g_unlink (side);
            }
          g_unlink (temp);
        }
      close (fd);
    }
}

/* A workspace this user cannot write (read-only media, a colleague's folder) is opened for
 * reading. In WAL mode a reader needs the -shm file; where it cannot be made and no writer left
 * a WAL behind, the file cannot change under us and is read as immutable. */
static gboolean
is_writable (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  return access (path, W_OK) == 0 && access (dir, W_OK) == 0;
}

static CslDb *
open_read_only (const char  *path,
                int          target_version,
                GError     **error)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *immutable = NULL;
  g_autoptr(CslDb) db = NULL;
  g_autoptr(GError) local_error = NULL;
  int version = 0;

  if (uri == NULL)
    uri = g_strdup (path);
  db = open_handle (path, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, error);
  if (db == NULL)
    return NULL;
  if (!check_ours (db, &version, &local_error))
    {
      GStatBuf st;

      if (local_error->code != CSL_ERROR_DATABASE || (g_stat (wal, &st) == 0 && st.st_size > 0))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&local_error);
      g_clear_pointer (&db, csl_db_close);
      immutable = g_strconcat (uri, "?immutable=1", NULL);
      db = open_handle (path, immutable, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, error);
      if (db == NULL || !check_ours (db, &version, error))
        return NULL;
    }
  if (version < target_version)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_READ_ONLY,
                   _("The workspace %s is read-only and was written by an older CSL Filer (schema version %d); "
                     "open it once with write access so that it can be upgraded"),
                   path, version);
      return NULL;
    }
  if (!csl_db_exec (db, "PRAGMA query_only = ON", error))
    return NULL;
  return g_steal_pointer (&db);
}

/* Only a database made in place (an empty file, a file system without links) is not in WAL mode
 * yet. Two programs switching at once would each hold a read lock while waiting for the other's
 * to go, and SQLite fails one at once ("database is locked") rather than wait: a lock on the
 * folder (flock, which SQLite's own fcntl locks do not see) lets one switch at a time. */
static gboolean
switch_to_wal (CslDb       *db,
               const char  *path,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *mode = NULL;
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd >= 0)
    while (flock (fd, LOCK_EX) != 0 && errno == EINTR)
      ;
  ok = query_text (db, "PRAGMA journal_mode", &mode, error) &&
       (g_ascii_strcasecmp (mode, "wal") == 0 || csl_db_exec (db, "PRAGMA journal_mode = WAL", error));
  if (fd >= 0)
    close (fd);
  return ok;
}

/* A team workspace: the server's connection does everything; path is kept for messages. */
static CslDb *
open_server (const char  *location,
             int          target_version,
             gboolean     read_only,
             GError     **error)
{
  g_autoptr(CslDb) db = g_new0 (CslDb, 1);

  db->read_only = read_only;
  db->pg = csl_pg_db_open (location, target_version, read_only, error);
  if (db->pg == NULL)
    return NULL;
  db->path = g_strdup (csl_pg_db_display_name (db->pg));
  return g_steal_pointer (&db);
}

gboolean
csl_db_is_server (CslDb *db)
{
  return db->pg != NULL;
}

const char *
csl_db_server_user (CslDb *db)
{
  return db->pg ? csl_pg_db_user (db->pg) : NULL;
}

CslDb *
csl_db_open_at_version (const char  *path,
                        int          target_version,
                        GError     **error)
{
  g_autoptr(CslDb) db = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *mode = NULL;
  int version = 0;

  if (csl_pg_is_location (path))
    return open_server (path, target_version, FALSE, error);
  if (!g_file_test (path, G_FILE_TEST_EXISTS) &&
      !create_by_link (path, target_version, &local_error) && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !is_writable (path))
    return open_read_only (path, target_version, error);

  db = open_handle (path, NULL, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (db == NULL || !check_ours (db, &version, error))
    return NULL;

  if (!query_text (db, "PRAGMA journal_mode", &mode, error))
    return NULL;
  if (g_ascii_strcasecmp (mode, "wal") != 0 && !switch_to_wal (db, path, error))
    return NULL;
  if (!csl_db_exec (db, "PRAGMA synchronous = FULL", error) ||
      !csl_db_exec (db, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (version < target_version && !migrate (db, target_version, error))
    return NULL;

  sweep_abandoned (path);
  return g_steal_pointer (&db);
}

CslDb *
csl_db_open_read_only (const char  *path,
                       GError     **error)
{
  if (csl_pg_is_location (path))
    return open_server (path, csl_migrations_latest (), TRUE, error);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND, _("There is no workspace database %s"), path);
      return NULL;
    }
  return open_read_only (path, csl_migrations_latest (), error);
}

gboolean
csl_db_is_read_only (CslDb *db)
{
  return db->read_only;
}

CslDb *
csl_db_open (const char  *path,
             GError     **error)
{
  return csl_db_open_at_version (path, csl_migrations_latest (), error);
}

gboolean
csl_db_is_location_server (const char *location)
{
  return csl_pg_is_location (location);
}

char *
csl_db_server_display_name (const char *location)
{
  return csl_pg_display_name (location);
}

char *
csl_db_server_test_location (const char  *server,
                             const char  *dir,
                             GError     **error)
{
  return csl_pg_test_location (server, dir, error);
}
