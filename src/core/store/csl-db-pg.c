#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "base/csl-error.h"
#include "store/csl-db-pg.h"
#include "store/csl-pg-dialect.h"
#include "store/csl-schema-pg.h"

#define BOOLOID 16
#define BYTEAOID 17
#define CSL_DB_APPLICATION_ID 0x43534C46 /* store/csl-db.h */

/* Serialisation failures and deadlocks of a statement outside a transaction are retried this
 * often before the error reaches the user. */
#define MAX_RETRIES 8

struct _CslPgDb
{
  PGconn     *conn;
  char       *display;
  char       *user;
  int         version;
  gboolean    read_only;
  /* Tables whose INSERTs report their new row's id (RETURNING id): csl_db_last_insert_id(). */
  GHashTable *id_tables;
  /* Two 32-bit keys of the writers' advisory lock: this workspace's schema. */
  int         lock_key;
  gint64      last_insert_id;
  int         changes;
};

struct _CslPgStmt
{
  CslPgDb    *db;
  CslPgSql    sql;
  gboolean    returns_id;   /* RETURNING id was added: its row is read here, not by the caller */
  char      **values;
  Oid        *types;
  int        *lengths;      /* of binary values (csl_pg_stmt_bind_blob); 0 for text */
  int        *formats;      /* 1 for a binary value */
  PGresult   *res;
  int         row;
  guint8     *blob;         /* the last bytea column read, unescaped (PQfreemem) */
};

gboolean
csl_pg_is_location (const char *location)
{
  static const char *const keywords[] = { "host=", "hostaddr=", "dbname=", "service=", "user=", "port=" };

  if (location == NULL)
    return FALSE;
  if (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (g_str_has_prefix (location, keywords[i]))
      return TRUE;
  return FALSE;
}

static const char *
sqlstate_of (PGresult *res)
{
  const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;

  return state ? state : "";
}

gboolean
csl_pg_db_set_error (CslPgDb   *db,
                     PGresult  *res,
                     GError   **error)
{
  const char *state = sqlstate_of (res);
  const char *primary = res ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *message = g_strstrip (g_strdup (primary ? primary : PQerrorMessage (db->conn)));
  int code = CSL_ERROR_DATABASE;

  if (PQstatus (db->conn) == CONNECTION_BAD || g_str_has_prefix (state, "08") ||
      g_str_has_prefix (state, "57P"))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_CONNECTION,
                   _("The connection to the team workspace %s was lost: %s. Nothing of the interrupted change "
                     "was saved; try again when the server is back"), db->display, message);
      return FALSE;
    }
  if (strcmp (state, "23505") == 0)
    code = CSL_ERROR_EXISTS;
  else if (strcmp (state, "23503") == 0)
    code = CSL_ERROR_NOT_FOUND;
  else if (strcmp (state, "25006") == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_READ_ONLY,
                   _("The team workspace %s is open for reading only: it can be read but not changed"), db->display);
      return FALSE;
    }
  else if (strcmp (state, "42501") == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_PERMISSION,
                   _("The server of the team workspace %s refused this as %s: %s. Ask a team administrator "
                     "for the role that may do it"), db->display, db->user ? db->user : "?", message);
      return FALSE;
    }
  else if (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_CONFLICT,
                   _("The team workspace %s was busy with colleagues' changes to the same records (%s); "
                     "nothing was saved, try again"), db->display, message);
      return FALSE;
    }
  g_set_error (error, CSL_ERROR, code, _("Team workspace %s: %s"), db->display, message);
  return FALSE;
}

static gboolean
retryable (PGresult *res)
{
  const char *state = sqlstate_of (res);

  return strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0;
}

static gboolean
in_transaction (CslPgDb *db)
{
  PGTransactionStatusType status = PQtransactionStatus (db->conn);

  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

/* A statement that can be sent again after the connection was reset: one that only reads. */
static gboolean
is_read (const char *sql)
{
  while (g_ascii_isspace (*sql))
    sql++;
  return g_ascii_strncasecmp (sql, "SELECT", 6) == 0 || g_ascii_strncasecmp (sql, "WITH", 4) == 0;
}

/* Runs one command, retrying a serialisation failure or deadlock outside a transaction and a
 * read whose connection dropped (once, after a reset). Returns the result, failed or not. */
static PGresult *
run_binary (CslPgDb     *db,
            const char  *sql,
            int          n_params,
            const Oid   *types,
            const char *const *values,
            const int   *lengths,
            const int   *formats)
{
  gboolean reset_done = FALSE;

  for (int attempt = 0;; attempt++)
    {
      gboolean outside = !in_transaction (db);
      PGresult *res = n_params > 0 || types != NULL
        ? PQexecParams (db->conn, sql, n_params, types, values, lengths, formats, 0)
        : PQexec (db->conn, sql);
      ExecStatusType status = PQresultStatus (res);

      if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return res;
      if (outside && retryable (res) && attempt < MAX_RETRIES)
        {
          PQclear (res);
          /* Let the colleague's transaction finish; the pause grows with each attempt. */
          g_usleep ((1 << MIN (attempt, 6)) * 1000 + g_random_int_range (0, 1000));
          continue;
        }
      if (outside && !reset_done && PQstatus (db->conn) == CONNECTION_BAD && is_read (sql))
        {
          reset_done = TRUE;
          PQreset (db->conn);
          if (PQstatus (db->conn) == CONNECTION_OK)
            {
              PQclear (res);
              continue;
            }
        }
      return res;
    }
}

static PGresult *
run (CslPgDb     *db,
     const char  *sql,
     int          n_params,
     const Oid   *types,
     const char *const *values)
{
  return run_binary (db, sql, n_params, types, values, NULL, NULL);
}

gboolean
csl_pg_db_exec (CslPgDb     *db,
                const char  *sql,
                GError     **error)
{
  CslPgSql translated;
  PGresult *res;
  gboolean ok;

  csl_pg_sql_translate (sql, &translated);
  res = run (db, translated.sql, 0, NULL, NULL);
  ok = PQresultStatus (res) == PGRES_COMMAND_OK || PQresultStatus (res) == PGRES_TUPLES_OK;
  if (ok)
    db->changes = atoi (PQcmdTuples (res));
  else
    {
      g_debug ("%s failed: %s", translated.sql, PQresultErrorMessage (res));
      csl_pg_db_set_error (db, res, error);
    }
  PQclear (res);
  csl_pg_sql_clear (&translated);
  return ok;
}

/* Runs SQL of our own (no placeholders) and returns the first column of its first row. */
static char *
query_value (CslPgDb     *db,
             const char  *sql,
             GError     **error)
{
  PGresult *res = run (db, sql, 0, NULL, NULL);
  char *value = NULL;

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    csl_pg_db_set_error (db, res, error);
  else if (PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    value = g_strdup (PQgetvalue (res, 0, 0));
  else
    value = g_strdup ("");
  PQclear (res);
  return value;
}

CslPgStmt *
csl_pg_db_prepare (CslPgDb     *db,
                   const char  *sql,
                   GError     **error)
{
  CslPgStmt *stmt = g_new0 (CslPgStmt, 1);

  stmt->db = db;
  csl_pg_sql_translate (sql, &stmt->sql);
  if (stmt->sql.insert_table != NULL && g_hash_table_contains (db->id_tables, stmt->sql.insert_table) &&
      strstr (stmt->sql.sql, "RETURNING") == NULL && strstr (stmt->sql.sql, "returning") == NULL)
    {
      char *with = g_strconcat (stmt->sql.sql, " RETURNING id", NULL);

      g_free (stmt->sql.sql);
      stmt->sql.sql = with;
      stmt->returns_id = TRUE;
    }
  stmt->values = g_new0 (char *, MAX (stmt->sql.n_params, 1));
  stmt->types = g_new0 (Oid, MAX (stmt->sql.n_params, 1));
  stmt->lengths = g_new0 (int, MAX (stmt->sql.n_params, 1));
  stmt->formats = g_new0 (int, MAX (stmt->sql.n_params, 1));
  stmt->row = -1;
  return stmt;
}

static void
clear_blob (CslPgStmt *stmt)
{
  g_clear_pointer (&stmt->blob, PQfreemem);
}

void
csl_pg_stmt_reset (CslPgStmt *stmt)
{
  clear_blob (stmt);
  g_clear_pointer (&stmt->res, PQclear);
  stmt->row = -1;
}

void
csl_pg_stmt_free (CslPgStmt *stmt)
{
  if (stmt == NULL)
    return;
  csl_pg_stmt_reset (stmt);
  for (int i = 0; i < stmt->sql.n_params; i++)
    g_free (stmt->values[i]);
  g_free (stmt->values);
  g_free (stmt->types);
  g_free (stmt->lengths);
  g_free (stmt->formats);
  csl_pg_sql_clear (&stmt->sql);
  g_free (stmt);
}

/* Bound values are sent as text: a type of 0 lets the server infer it from where the
 * parameter stands, as SQLite's loose typing would take it; numbers say what they are. */
void
csl_pg_stmt_bind (CslPgStmt  *stmt,
                  int         idx,
                  const char *text,
                  Oid         type)
{
  if (idx < 1 || idx > stmt->sql.n_params)
    return;
  g_free (stmt->values[idx - 1]);
  stmt->values[idx - 1] = g_strdup (text);
  stmt->types[idx - 1] = type;
  stmt->lengths[idx - 1] = 0;
  stmt->formats[idx - 1] = 0;
}

void
csl_pg_stmt_bind_blob (CslPgStmt  *stmt,
                       int         idx,
                       const void *data,
                       gsize       len)
{
  if (idx < 1 || idx > stmt->sql.n_params)
    return;
  g_return_if_fail (len <= G_MAXINT);
  g_free (stmt->values[idx - 1]);
  /* Never NULL: a NULL value would bind SQL NULL, not zero bytes. */
  stmt->values[idx - 1] = len > 0 ? g_memdup2 (data, len) : g_malloc (1);
  stmt->types[idx - 1] = BYTEAOID;
  stmt->lengths[idx - 1] = (int) len;
  stmt->formats[idx - 1] = 1;
}

int
csl_pg_stmt_step (CslPgStmt  *stmt,
                  GError    **error)
{
  CslPgDb *db = stmt->db;

  if (stmt->res == NULL)
    {
      static const Oid no_type = 0;
      PGresult *res = run_binary (db, stmt->sql.sql, stmt->sql.n_params,
                                  stmt->sql.n_params > 0 ? stmt->types : &no_type,
                                  (const char *const *) stmt->values,
                                  stmt->sql.n_params > 0 ? stmt->lengths : NULL,
                                  stmt->sql.n_params > 0 ? stmt->formats : NULL);
      ExecStatusType status = PQresultStatus (res);

      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        {
          g_debug ("%s failed: %s", stmt->sql.sql, PQresultErrorMessage (res));
          csl_pg_db_set_error (db, res, error);
          PQclear (res);
          return -1;
        }
      stmt->res = res;
      stmt->row = -1;
      if (status == PGRES_COMMAND_OK)
        {
          db->changes = atoi (PQcmdTuples (res));
          return 0;
        }
      if (stmt->returns_id)
        {
          /* The row RETURNING id added is ours: the caller asked for no rows. */
          db->changes = PQntuples (res);
          if (PQntuples (res) > 0)
            db->last_insert_id = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
          stmt->row = PQntuples (res);
          return 0;
        }
      if (!is_read (stmt->sql.sql))
        db->changes = atoi (PQcmdTuples (res));
    }
  clear_blob (stmt);
  if (stmt->row + 1 >= PQntuples (stmt->res))
    {
      stmt->row = PQntuples (stmt->res);
      return 0;
    }
  stmt->row++;
  return 1;
}

int
csl_pg_stmt_column_count (CslPgStmt *stmt)
{
  return stmt->res ? PQnfields (stmt->res) : 0;
}

const char *
csl_pg_stmt_column_name (CslPgStmt *stmt,
                         int        col)
{
  return stmt->res ? PQfname (stmt->res, col) : NULL;
}

static gboolean
on_row (CslPgStmt *stmt,
        int        col)
{
  return stmt->res != NULL && stmt->row >= 0 && stmt->row < PQntuples (stmt->res) &&
         col >= 0 && col < PQnfields (stmt->res);
}

gboolean
csl_pg_stmt_column_is_null (CslPgStmt *stmt,
                            int        col)
{
  return !on_row (stmt, col) || PQgetisnull (stmt->res, stmt->row, col);
}

/* NULL for SQL NULL; a boolean reads as SQLite's 1 or 0. */
const char *
csl_pg_stmt_column_text (CslPgStmt *stmt,
                         int        col)
{
  const char *value;

  if (csl_pg_stmt_column_is_null (stmt, col))
    return NULL;
  value = PQgetvalue (stmt->res, stmt->row, col);
  if (PQftype (stmt->res, col) == BOOLOID)
    return value[0] == 't' ? "1" : "0";
  return value;
}

/* Results come as text, so a bytea arrives hex-escaped and is unescaped here, one column at a
 * time, into a buffer the statement keeps until its next step. */
const guint8 *
csl_pg_stmt_column_blob (CslPgStmt *stmt,
                         int        col,
                         gsize     *len)
{
  size_t n = 0;

  *len = 0;
  if (csl_pg_stmt_column_is_null (stmt, col))
    return NULL;
  clear_blob (stmt);
  stmt->blob = PQunescapeBytea ((const unsigned char *) PQgetvalue (stmt->res, stmt->row, col), &n);
  if (stmt->blob == NULL)
    return NULL;
  *len = n;
  return stmt->blob;
}

gboolean
csl_pg_db_begin (CslPgDb  *db,
                 GError  **error)
{
  g_autofree char *sql = NULL;

  if (db->read_only)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_READ_ONLY,
                   _("The team workspace %s is open for reading only: it can be read but not changed"), db->display);
      return FALSE;
    }
  /* Writers queue up on the workspace's lock as SQLite's BEGIN IMMEDIATE makes them: a
   * transaction reads what it then changes without a colleague's commit in between. */
  sql = g_strdup_printf ("BEGIN; SELECT pg_advisory_xact_lock(%d, %d)", CSL_DB_APPLICATION_ID, db->lock_key);
  if (!csl_pg_db_exec (db, sql, error))
    {
      csl_pg_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
csl_pg_db_commit (CslPgDb  *db,
                  GError  **error)
{
  if (!csl_pg_db_exec (db, "COMMIT", error))
    {
      csl_pg_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

void
csl_pg_db_rollback (CslPgDb *db)
{
  if (in_transaction (db))
    PQclear (PQexec (db->conn, "ROLLBACK"));
}

gint64
csl_pg_db_last_insert_id (CslPgDb *db)
{
  return db->last_insert_id;
}

int
csl_pg_db_changes (CslPgDb *db)
{
  return db->changes;
}

const char *
csl_pg_db_display_name (CslPgDb *db)
{
  return db->display;
}

const char *
csl_pg_db_user (CslPgDb *db)
{
  return db->user;
}

int
csl_pg_db_schema_version (CslPgDb *db)
{
  return db->version;
}

PGconn *
csl_pg_db_conn (CslPgDb *db)
{
  return db->conn;
}

void
csl_pg_db_close (CslPgDb *db)
{
  if (db == NULL)
    return;
  if (db->conn != NULL)
    PQfinish (db->conn);
  g_clear_pointer (&db->id_tables, g_hash_table_unref);
  g_free (db->display);
  g_free (db->user);
  g_free (db);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslPgDb, csl_pg_db_close)

static void
ignore_notice (void       *data,
               const char *message)
{
  /* The server's NOTICEs ("relation already exists, skipping") are not for the user. */
}

/* The location as messages show it: a password given in it is left out. */
char *
csl_pg_display_name (const char *location)
{
  PQconninfoOption *options = PQconninfoParse (location, NULL);
  GString *out;
  gboolean has_password = FALSE;

  if (options == NULL)
    return g_strdup (location);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (strcmp (o->keyword, "password") == 0 && o->val != NULL)
      has_password = TRUE;
  if (!has_password)
    {
      PQconninfoFree (options);
      return g_strdup (location);
    }
  out = g_string_new (NULL);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (o->val != NULL && strcmp (o->keyword, "password") != 0)
      g_string_append_printf (out, "%s%s=%s", out->len ? " " : "", o->keyword, o->val);
  PQconninfoFree (options);
  return g_string_free (out, FALSE);
}

static gboolean
connect_error (const char  *display,
               PGconn      *conn,
               GError     **error)
{
  g_autofree char *message = g_strstrip (g_strdup (conn ? PQerrorMessage (conn) : "out of memory"));

  if (strstr (message, "password authentication failed") != NULL ||
      strstr (message, "no password supplied") != NULL)
    g_set_error (error, CSL_ERROR, CSL_ERROR_PASSWORD,
                 _("The server of the team workspace %s did not accept the password: %s"), display, message);
  else if (strstr (message, "SSL") != NULL || strstr (message, "certificate") != NULL)
    g_set_error (error, CSL_ERROR, CSL_ERROR_CONNECTION,
                 _("No secure (TLS) connection to the team workspace %s: %s"), display, message);
  else
    g_set_error (error, CSL_ERROR, CSL_ERROR_CONNECTION,
                 _("Cannot connect to the team workspace %s: %s"), display, message);
  return FALSE;
}

/* Brings the schema to target_version: in one transaction, under an advisory lock, reading the
 * version again under the lock, so that however many clients start at once each migration runs
 * once and a failure leaves the schema as it was. */
static gboolean
migrate (CslPgDb  *db,
         int       target_version,
         GError  **error)
{
  g_autofree char *exists = NULL;
  g_autofree char *version = NULL;
  g_autofree char *written_by = NULL;
  g_autofree char *n_tables = NULL;
  int current;

  if (!csl_pg_db_exec (db, "BEGIN", error))
    return FALSE;
  if (!csl_pg_db_exec (db, "SELECT pg_advisory_xact_lock(1129532486)", error) ||
      (exists = query_value (db, "SELECT to_regclass('csl_schema') IS NOT NULL", error)) == NULL)
    goto fail;
  if (strcmp (exists, "t") != 0)
    {
      /* Only an empty schema may become a workspace: one with tables is somebody's data. */
      n_tables = query_value (db, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                  "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v')", error);
      if (n_tables == NULL)
        goto fail;
      if (strcmp (n_tables, "0") != 0)
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_WORKSPACE,
                       _("The database %s already holds tables of another program, not a CSL Filer team workspace; "
                         "it was left unchanged"), db->display);
          goto fail;
        }
      if (!csl_pg_db_exec (db, "CREATE TABLE csl_schema (version integer NOT NULL, written_by text NOT NULL)", error) ||
          !csl_pg_db_exec (db, "INSERT INTO csl_schema VALUES (0, '')", error))
        goto fail;
    }
  if ((version = query_value (db, "SELECT version FROM csl_schema", error)) == NULL ||
      (written_by = query_value (db, "SELECT written_by FROM csl_schema", error)) == NULL)
    goto fail;
  current = atoi (version);
  if (target_version > csl_schema_pg_latest ())
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_DATABASE,
                   _("This CSL Filer has no PostgreSQL twin of its schema version %d (it knows up to %d): "
                     "it cannot open team workspaces"), target_version, csl_schema_pg_latest ());
      goto fail;
    }
  if (current > csl_schema_pg_latest ())
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_SCHEMA_TOO_NEW,
                   _("This team workspace was upgraded by CSL Filer %s (schema version %d; this program knows up to %d). "
                     "It was left unchanged; update CSL Filer to open it"),
                   written_by, current, csl_schema_pg_latest ());
      goto fail;
    }
  if (current < target_version)
    {
      g_autofree char *set = NULL;

      for (int v = current + 1; v <= target_version; v++)
        if (!csl_pg_db_exec (db, csl_schema_pg_sql (v), error))
          {
            g_prefix_error (error, _("Upgrading the team workspace to version %d failed: "), v);
            goto fail;
          }
      set = g_strdup_printf ("UPDATE csl_schema SET version = %d, written_by = '%s'", target_version, PACKAGE_VERSION);
      if (!csl_pg_db_exec (db, set, error))
        goto fail;
      current = target_version;
    }
  db->version = current;
  return csl_pg_db_commit (db, error);

fail:
  csl_pg_db_rollback (db);
  return FALSE;
}

static gboolean
load_id_tables (CslPgDb  *db,
                GError  **error)
{
  PGresult *res = run (db, "SELECT table_name FROM information_schema.columns "
                           "WHERE table_schema = current_schema() AND column_name = 'id'", 0, NULL, NULL);

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      csl_pg_db_set_error (db, res, error);
      PQclear (res);
      return FALSE;
    }
  for (int i = 0; i < PQntuples (res); i++)
    g_hash_table_add (db->id_tables, g_strdup (PQgetvalue (res, i, 0)));
  PQclear (res);
  return TRUE;
}

CslPgDb *
csl_pg_db_open (const char  *location,
                int          target_version,
                gboolean     read_only,
                GError     **error)
{
  g_autoptr(CslPgDb) db = g_new0 (CslPgDb, 1);
  g_autofree char *schema = NULL;
  g_autofree char *key = NULL;

  db->display = csl_pg_display_name (location);
  db->read_only = read_only;
  db->id_tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  db->conn = PQconnectdb (location);
  if (db->conn == NULL || PQstatus (db->conn) != CONNECTION_OK)
    {
      connect_error (db->display, db->conn, error);
      return NULL;
    }
  PQsetNoticeProcessor (db->conn, ignore_notice, NULL);
  /* Dates and times as SQLite reads and writes them: UTC, ISO. */
  if (!csl_pg_db_exec (db, "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO'; SET client_encoding = 'UTF8'", error))
    return NULL;
  if ((db->user = query_value (db, "SELECT session_user", error)) == NULL ||
      (schema = query_value (db, "SELECT current_schema()", error)) == NULL)
    return NULL;
  if (*schema == '\0')
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND,
                   _("The team workspace %s has no schema to work in: the schema named by search_path does not exist"),
                   db->display);
      return NULL;
    }
  if ((key = query_value (db, "SELECT hashtext(current_database() || '.' || current_schema())", error)) == NULL)
    return NULL;
  db->lock_key = atoi (key);

  if (read_only)
    {
      g_autofree char *version = query_value (db, "SELECT CASE WHEN to_regclass('csl_schema') IS NULL THEN -1 "
                                                  "ELSE (SELECT version FROM csl_schema) END", error);
      if (version == NULL)
        return NULL;
      db->version = atoi (version);
      if (db->version < 0)
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_WORKSPACE,
                       _("%s is not a CSL Filer team workspace"), db->display);
          return NULL;
        }
      if (!csl_pg_db_exec (db, "SET default_transaction_read_only = on", error))
        return NULL;
    }
  else if (!migrate (db, target_version, error))
    return NULL;
  if (!load_id_tables (db, error))
    return NULL;
  return g_steal_pointer (&db);
}

char *
csl_pg_test_location (const char  *server,
                      const char  *dir,
                      GError     **error)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, dir, -1);
  g_autofree char *schema = g_strdup_printf ("t_%.24s", digest);
  g_autofree char *sql = g_strdup_printf ("CREATE SCHEMA IF NOT EXISTS %s", schema);
  g_autoptr(CslPgDb) db = g_new0 (CslPgDb, 1);
  PGresult *res;
  gboolean ok;

  db->display = g_strdup (server);
  db->conn = PQconnectdb (server);
  if (db->conn == NULL || PQstatus (db->conn) != CONNECTION_OK)
    {
      connect_error (db->display, db->conn, error);
      return NULL;
    }
  PQsetNoticeProcessor (db->conn, ignore_notice, NULL);
  /* Two processes opening one folder at once may both try to create it: the loser sees it. */
  for (int attempt = 0;; attempt++)
    {
      res = PQexec (db->conn, sql);
      ok = PQresultStatus (res) == PGRES_COMMAND_OK;
      if (ok || attempt == 3 || strcmp (sqlstate_of (res), "23505") != 0)
        break;
      PQclear (res);
    }
  if (!ok)
    {
      csl_pg_db_set_error (db, res, error);
      PQclear (res);
      return NULL;
    }
  PQclear (res);
  return g_strdup_printf ("%s options='-csearch_path=%s'", server, schema);
}
