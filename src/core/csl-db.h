#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* 'CSLF': marks a filings.db as ours so that a stray SQLite file is never migrated. */
#define CSL_DB_APPLICATION_ID 0x43534C46

typedef struct _CslDb CslDb;

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
sqlite3      *csl_db_handle          (CslDb         *db);
int           csl_db_schema_version  (CslDb         *db);
int           csl_db_latest_version  (void);
/* Opened for reading only: the user may not write the file or its folder. Writes fail with
 * CSL_ERROR_READ_ONLY. */
gboolean      csl_db_is_read_only    (CslDb         *db);

gboolean      csl_db_exec            (CslDb         *db,
                                      const char    *sql,
                                      GError       **error);
sqlite3_stmt *csl_db_prepare         (CslDb         *db,
                                      const char    *sql,
                                      GError       **error);
gboolean      csl_db_step_done       (CslDb         *db,
                                      sqlite3_stmt  *stmt,
                                      GError       **error);
gboolean      csl_db_begin           (CslDb         *db,
                                      GError       **error);
gboolean      csl_db_commit          (CslDb         *db,
                                      GError       **error);
void          csl_db_rollback        (CslDb         *db);
gboolean      csl_db_set_error       (CslDb         *db,
                                      int            rc,
                                      GError       **error);
gboolean      csl_db_set_read_only_error (CslDb     *db,
                                      GError       **error);
gint64        csl_db_last_insert_id  (CslDb         *db);
int           csl_db_changes         (CslDb         *db);

/* Binding helpers: NULL or empty text binds SQL NULL. */
void          csl_db_bind_text       (sqlite3_stmt  *stmt,
                                      int            idx,
                                      const char    *text);
void          csl_db_bind_id         (sqlite3_stmt  *stmt,
                                      int            idx,
                                      gint64         id);
char         *csl_db_column_text     (sqlite3_stmt  *stmt,
                                      int            col);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslDb, csl_db_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
