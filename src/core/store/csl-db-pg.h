#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* The PostgreSQL backend beneath CslDb (store/csl-db.c dispatches to it): a team workspace is
 * a schema on a server, named by a libpq connection URI (postgresql://, postgres://) or
 * conninfo string (service=…, host=…, dbname=…), so that TLS (sslmode=verify-full),
 * pg_service.conf and ~/.pgpass work as libpq documents them. Private to store/.
 *
 * Writers are serialised as SQLite's BEGIN IMMEDIATE does: csl_db_begin() takes a
 * transaction-level advisory lock of the workspace, so transactions never fail half-way with a
 * serialisation failure or a deadlock against each other; a statement outside a transaction
 * that fails with one (40001, 40P01) is retried.
 *
 * Every change to a table with rows of its own sends, at commit,
 *   NOTIFY csl_changes, '{"entity": "filing", "id": 42, "op": "insert"|"update"|"delete"}'
 * (store/csl-schema-pg.c: csl_notify, csl_watch), so that a window that LISTENs to csl_changes
 * sees colleagues' changes without polling. entity is the record kind the GUI knows (a
 * filing's standards report as "filing", a product's parameters as "product"). */

typedef struct _CslPgDb CslPgDb;
typedef struct _CslPgStmt CslPgStmt;

/* A connection URI or conninfo string rather than a folder. */
gboolean      csl_pg_is_location     (const char  *location);

char         *csl_pg_display_name    (const char  *location);
char         *csl_pg_test_location   (const char  *server,
                                      const char  *dir,
                                      GError     **error);
CslPgDb      *csl_pg_db_open         (const char  *location,
                                      int          target_version,
                                      gboolean     read_only,
                                      GError     **error);
void          csl_pg_db_close        (CslPgDb     *db);
/* The location without its password, for messages and titles. */
const char   *csl_pg_db_display_name (CslPgDb     *db);
/* The role the server says is connected (session_user): who the audit trail names. */
const char   *csl_pg_db_user         (CslPgDb     *db);
int           csl_pg_db_schema_version (CslPgDb   *db);
PGconn       *csl_pg_db_conn         (CslPgDb     *db);
gboolean      csl_pg_db_exec         (CslPgDb     *db,
                                      const char  *sql,
                                      GError     **error);
CslPgStmt    *csl_pg_db_prepare      (CslPgDb     *db,
                                      const char  *sql,
                                      GError     **error);
gboolean      csl_pg_db_begin        (CslPgDb     *db,
                                      GError     **error);
gboolean      csl_pg_db_commit       (CslPgDb     *db,
                                      GError     **error);
void          csl_pg_db_rollback     (CslPgDb     *db);
gint64        csl_pg_db_last_insert_id (CslPgDb   *db);
int           csl_pg_db_changes      (CslPgDb     *db);
/* Sets the error from a failed result (or the connection's state when res is NULL). */
gboolean      csl_pg_db_set_error    (CslPgDb     *db,
                                      PGresult    *res,
                                      GError     **error);

/* CslStmtResult's values (store/csl-db.h): -1 error, 0 done, 1 a row. */
int           csl_pg_stmt_step       (CslPgStmt   *stmt,
                                      GError     **error);
void          csl_pg_stmt_reset      (CslPgStmt   *stmt);
void          csl_pg_stmt_free       (CslPgStmt   *stmt);
void          csl_pg_stmt_bind       (CslPgStmt   *stmt,
                                      int          idx,
                                      const char  *text,
                                      Oid          type);
/* Sent in binary as bytea, so that a chunk is not escaped into twice its size. */
void          csl_pg_stmt_bind_blob  (CslPgStmt   *stmt,
                                      int          idx,
                                      const void  *data,
                                      gsize        len);
int           csl_pg_stmt_column_count (CslPgStmt *stmt);
const char   *csl_pg_stmt_column_name (CslPgStmt *stmt,
                                       int        col);
gboolean      csl_pg_stmt_column_is_null (CslPgStmt *stmt,
                                        int        col);
const char   *csl_pg_stmt_column_text (CslPgStmt  *stmt,
                                       int         col);
const guint8 *csl_pg_stmt_column_blob (CslPgStmt  *stmt,
                                       int         col,
                                       gsize      *len);

G_END_DECLS
