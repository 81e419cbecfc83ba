#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The storage seam: everything above store/ reaches the database only through CslDb and
 * CslStmt, never through a database library's own API (tests/check-includes.py keeps it so),
 * so that a second backend (PostgreSQL) can be added here without touching records/ and the
 * layers above. SQL text stays SQLite's, with "?" placeholders; another backend translates it.
 *
 * Column text is borrowed from the statement and stays valid until its next step, reset or
 * free, so that listing rows allocates nothing per row. Bound text is copied, so the caller
 * may free it right after binding. */

/* 'CSLF': marks a filings.db as ours so that a stray SQLite file is never migrated. */
#define CSL_DB_APPLICATION_ID 0x43534C46

typedef struct _CslDb CslDb;
typedef struct _CslStmt CslStmt;

typedef enum
{
  CSL_STMT_ERROR = -1,  /* the GError is set */
  CSL_STMT_DONE = 0,
  CSL_STMT_ROW = 1,
} CslStmtResult;

/* path: an SQLite file, or a team workspace's libpq connection URI or conninfo string
 * (store/csl-db-pg.h), which opens the workspace on that PostgreSQL server. */
gboolean      csl_db_is_location_server (const char *location);
/* The location as messages show it: a password in it left out. */
char         *csl_db_server_display_name (const char *location);
/* For the tests' second pass only (store/csl-workspace-handle.c): a conninfo for the schema on
 * server that stands for the folder dir, created if missing. */
char         *csl_db_server_test_location (const char *server,
                                           const char *dir,
                                           GError    **error);
CslDb        *csl_db_open            (const char    *path,
                                      GError       **error);
CslDb        *csl_db_open_at_version (const char    *path,
                                      int            target_version,
                                      GError       **error);
/* For reading only, whether or not the user may write it: nothing in the file or its folder
 * changes. The database must exist and be at the latest version. */
CslDb        *csl_db_open_read_only  (const char    *path,
                                      GError       **error);
void          csl_db_close           (CslDb         *db);
int           csl_db_schema_version  (CslDb         *db);
/* Opened for reading only: the user may not write the file or its folder. Writes fail with
 * CSL_ERROR_READ_ONLY. */
gboolean      csl_db_is_read_only    (CslDb         *db);
gboolean      csl_db_set_read_only_error (CslDb     *db,
                                      GError       **error);
int           csl_db_latest_version  (void);
/* A team workspace on a PostgreSQL server. */
gboolean      csl_db_is_server       (CslDb         *db);
/* On a server: the role connected (session_user); NULL for an SQLite file. */
const char   *csl_db_server_user     (CslDb         *db);

gboolean      csl_db_exec            (CslDb         *db,
                                      const char    *sql,
                                      GError       **error);
CslStmt      *csl_db_prepare         (CslDb         *db,
                                      const char    *sql,
                                      GError       **error);
/* Steps once; a row or the end is success. */
gboolean      csl_db_step_done       (CslDb         *db,
                                      CslStmt       *stmt,
                                      GError       **error);
gboolean      csl_db_begin           (CslDb         *db,
                                      GError       **error);
gboolean      csl_db_commit          (CslDb         *db,
                                      GError       **error);
void          csl_db_rollback        (CslDb         *db);
gint64        csl_db_last_insert_id  (CslDb         *db);
int           csl_db_changes         (CslDb         *db);

CslStmtResult csl_stmt_step          (CslStmt       *stmt,
                                      GError       **error);
/* Steps once and expects a row: the end of the rows is an error too. */
gboolean      csl_stmt_step_row      (CslStmt       *stmt,
                                      GError       **error);
void          csl_stmt_reset         (CslStmt       *stmt);
void          csl_stmt_free          (CslStmt       *stmt);

/* Parameters count from 1, as in the SQL ("?1"). NULL text binds SQL NULL. */
void          csl_stmt_bind_text     (CslStmt       *stmt,
                                      int            idx,
                                      const char    *text);
void          csl_stmt_bind_int64    (CslStmt       *stmt,
                                      int            idx,
                                      gint64         value);
void          csl_stmt_bind_int      (CslStmt       *stmt,
                                      int            idx,
                                      int            value);
void          csl_stmt_bind_double   (CslStmt       *stmt,
                                      int            idx,
                                      double         value);
void          csl_stmt_bind_null     (CslStmt       *stmt,
                                      int            idx);
/* Bytes (a document's chunk: bytea on the server, a BLOB in SQLite), copied like text. */
void          csl_stmt_bind_blob     (CslStmt       *stmt,
                                      int            idx,
                                      const void    *data,
                                      gsize          len);
/* An optional field: NULL or empty text binds SQL NULL. */
void          csl_stmt_bind_optional_text (CslStmt  *stmt,
                                           int       idx,
                                           const char *text);
/* A reference: an id of 0 or less (none) binds SQL NULL. */
void          csl_stmt_bind_id       (CslStmt       *stmt,
                                      int            idx,
                                      gint64         id);

/* Columns count from 0. SQL NULL reads as NULL text, 0 or 0.0. */
int           csl_stmt_column_count  (CslStmt       *stmt);
/* The result column's name (valid once a row has been stepped to). */
const char   *csl_stmt_column_name   (CslStmt       *stmt,
                                      int            col);
/* Any value as text that reads back to the same value (a double with all its digits), or
 * NULL for SQL NULL: what copying a row between backends binds. */
char         *csl_stmt_dup_column_value (CslStmt    *stmt,
                                      int            col);
gboolean      csl_stmt_column_is_null (CslStmt      *stmt,
                                       int           col);
const char   *csl_stmt_column_text   (CslStmt       *stmt,
                                      int            col);
/* A copy of the column's text, for keeping past the next step. */
char         *csl_stmt_dup_column_text (CslStmt     *stmt,
                                        int          col);
gint64        csl_stmt_column_int64  (CslStmt       *stmt,
                                      int            col);
int           csl_stmt_column_int    (CslStmt       *stmt,
                                      int            col);
double        csl_stmt_column_double (CslStmt       *stmt,
                                      int            col);
/* Bytes of a bytea or BLOB column, borrowed like text (NULL and 0 for SQL NULL). */
const guint8 *csl_stmt_column_blob   (CslStmt       *stmt,
                                      int            col,
                                      gsize         *len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslDb, csl_db_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslStmt, csl_stmt_free)

G_END_DECLS
