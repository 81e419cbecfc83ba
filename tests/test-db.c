#include "config.h"

#include <sqlite3.h>
#include <string.h>
#include <utime.h>

#include "store/csl-db.h"
#include "base/csl-error.h"
#include "workspace/csl-workspace.h"
#include "csl-test-util.h"

static int
query_int (CslDb      *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (csl_stmt_step (stmt, NULL), ==, CSL_STMT_ROW);
  return csl_stmt_column_int (stmt, 0);
}

static char *
query_text (CslDb      *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (csl_stmt_step (stmt, NULL), ==, CSL_STMT_ROW);
  return csl_stmt_dup_column_text (stmt, 0);
}

static void
test_from_empty (CslTestTmp    *tmp,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "filings.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslDb) db = csl_db_open (path, &error);
  g_autofree char *mode = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (csl_db_schema_version (db), ==, csl_db_latest_version ());
  g_assert_cmpint (csl_db_latest_version (), >=, 2);
  g_assert_cmpint (query_int (db, "PRAGMA application_id"), ==, CSL_DB_APPLICATION_ID);
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 2);  /* FULL */
  mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('filing', 'attachment', 'audit')"), ==, 3);
}

static void
test_from_older (CslTestTmp    *tmp,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "filings.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslDb) old = csl_db_open_at_version (path, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpint (csl_db_schema_version (old), ==, 1);
  /* Data written by a version-1 program must survive the upgrade. */
  g_assert_true (csl_db_exec (old,
                              "INSERT INTO manufacturer (name_en, uscc) VALUES ('Acme', '91110000600037341L');"
                              "INSERT INTO lab (name, kind) VALUES ('Lab', 'third-party');"
                              "INSERT INTO catalogue_batch (code, revision, imported_at) VALUES ('B', 1, 'x');"
                              "INSERT INTO catalogue_category (batch_id, serial, data) VALUES (1, 'CSL 001-2025', '{}');"
                              "INSERT INTO product (manufacturer_id, category_id, model) VALUES (1, 1, 'M');"
                              "INSERT INTO filing (id, product_id, grade, lab_id, filed_by) VALUES (7, 1, 2, 1, 'manufacturer');"
                              "INSERT INTO filing_standard (filing_id, position, number) VALUES (7, 0, 'GB/T 1');", &error));
  g_assert_no_error (error);
  g_clear_pointer (&old, csl_db_close);

  {
    g_autoptr(CslDb) db = csl_db_open (path, &error);
    g_autofree char *name = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (csl_db_schema_version (db), ==, csl_db_latest_version ());
    name = query_text (db, "SELECT name_en FROM manufacturer WHERE uscc = '91110000600037341L'");
    g_assert_cmpstr (name, ==, "Acme");
    /* A version-2 column exists and is empty. */
    g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM manufacturer WHERE barred_until IS NULL"), ==, 1);
    /* Version 3 rebuilt the filing table: rows, keys and indexes survive, and a draft may lack a lab. */
    g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM filing WHERE id = 7 AND lab_id = 1 AND grade = 2"), ==, 1);
    g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM filing_standard WHERE filing_id = 7"), ==, 1);
    g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'filing' "
                                    "AND name IN ('filing_product', 'filing_status', 'filing_valid_until')"), ==, 3);
    g_assert_true (csl_db_exec (db, "INSERT INTO filing (product_id, grade, filed_by) VALUES (1, 1, 'manufacturer')", &error));
    g_assert_no_error (error);
    g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  }
}

static void
test_newer_refused (CslTestTmp    *tmp,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "filings.db", NULL);
  g_autofree char *before = NULL, *after = NULL, *wal = NULL;
  gsize before_len, after_len;
  g_autoptr(GError) error = NULL;
  sqlite3 *raw;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA application_id = 1129532486; PRAGMA user_version = 999;"
                                      "CREATE TABLE future (x);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  before = csl_test_read_file (path, &before_len);

  g_assert_null (csl_db_open (path, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_SCHEMA_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "999"));

  after = csl_test_read_file (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_foreign_refused (CslTestTmp    *tmp,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "other.db", NULL);
  g_autofree char *junk = g_build_filename (tmp->dir, "junk.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *raw;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA user_version = 3; CREATE TABLE t (x);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  g_assert_null (csl_db_open (path, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_WORKSPACE);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (junk, "this is not a database, just text that is long enough to be a header", -1, NULL));
  g_assert_null (csl_db_open (junk, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_WORKSPACE);
}

/* application_id 0 and user_version 0, as every fresh SQLite file has, but with a table of its
 * own: somebody's data, never adopted. */
static void
test_foreign_unversioned_refused (CslTestTmp    *tmp,
                                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "filings.db", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  g_autoptr(GError) error = NULL;
  sqlite3 *raw;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  before = csl_test_read_file (path, &before_len);

  g_assert_null (csl_db_open (path, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_WORKSPACE);
  g_clear_error (&error);
  g_assert_null (csl_workspace_open (tmp->dir, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_WORKSPACE);

  after = csl_test_read_file (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* A file with no tables yet (sqlite3 filings.db "VACUUM", an empty file) may become a workspace. */
static void
test_empty_adopted (CslTestTmp    *tmp,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "filings.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslDb) db = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  db = csl_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (csl_db_schema_version (db), ==, csl_db_latest_version ());
}

/* A program killed while it made a new workspace left its temporary database behind: the next
 * open removes it, but not one another program is making right now. */
static void
test_abandoned_temporary (CslTestTmp    *tmp,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "filings.db", NULL);
  g_autofree char *old = g_build_filename (tmp->dir, "filings.db.new-Ab12Cd", NULL);
  g_autofree char *old_wal = g_strconcat (old, "-wal", NULL);
  g_autofree char *fresh = g_build_filename (tmp->dir, "filings.db.new-Xy34Zw", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslDb) db = NULL;
  struct utimbuf long_ago = { 1000000000, 1000000000 };

  g_assert_true (g_file_set_contents (old, "half a database", -1, NULL));
  g_assert_true (g_file_set_contents (old_wal, "its log", -1, NULL));
  g_assert_true (g_file_set_contents (fresh, "being made", -1, NULL));
  g_assert_cmpint (g_utime (old, &long_ago), ==, 0);
  db = csl_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (old_wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
}

static void
test_workspace_layout (CslTestTmp    *tmp,
                       gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp->dir, "ws", "nested", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = csl_workspace_open (dir, &error);
  g_autofree char *db = g_build_filename (dir, "filings.db", NULL);
  g_autofree char *store = g_build_filename (dir, "store", NULL);

  g_assert_no_error (error);
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (store, G_FILE_TEST_IS_DIR));
  g_assert_finalize_object (g_steal_pointer (&ws));

  /* The environment variable names the default workspace. */
  g_setenv ("CSL_FILER_WORKSPACE", dir, TRUE);
  {
    g_autofree char *def = csl_workspace_default_dir ();
    g_assert_cmpstr (def, ==, dir);
  }
  g_unsetenv ("CSL_FILER_WORKSPACE");
}

static void
test_audit_append_only (CslTestTmp    *tmp,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = csl_workspace_open (tmp->dir, &error);
  CslDb *db;

  g_assert_no_error (error);
  db = csl_workspace_get_db (ws);
  g_assert_true (csl_workspace_audit (ws, "lab", 1, "name", "a", "b", &error));
  g_assert_false (csl_db_exec (db, "UPDATE audit SET new_value = 'x'", &error));
  g_assert_nonnull (strstr (error->message, "append-only"));
  g_clear_error (&error);
  g_assert_false (csl_db_exec (db, "DELETE FROM audit", &error));
  g_assert_nonnull (error);
}

static void
skip_on_server (CslTestTmp    *tmp,
                gconstpointer  data)
{
  g_test_skip ("about SQLite workspace files");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* These are about SQLite files (their migrations, layout and leftovers); on the server only
   * the trail's refusal to be rewritten applies. */
#define ADD(path, fn) \
  g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, \
              csl_test_on_server () && fn != test_audit_append_only ? skip_on_server : fn, csl_test_tmp_teardown)
  ADD ("/db/migrate/from-empty", test_from_empty);
  ADD ("/db/migrate/from-older", test_from_older);
  ADD ("/db/refuse/newer", test_newer_refused);
  ADD ("/db/refuse/foreign", test_foreign_refused);
  ADD ("/db/refuse/foreign-unversioned", test_foreign_unversioned_refused);
  ADD ("/db/migrate/empty-file", test_empty_adopted);
  ADD ("/db/migrate/abandoned-temporary", test_abandoned_temporary);
  ADD ("/db/workspace/layout", test_workspace_layout);
  ADD ("/db/audit/append-only", test_audit_append_only);
  return g_test_run ();
}
