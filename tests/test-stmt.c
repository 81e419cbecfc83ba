#include "config.h"

#include <string.h>

#include "store/csl-db.h"
#include "base/csl-error.h"
#include "csl-test-util.h"

/* CslStmt is the only way above store/ to the database: its binds, columns and errors must be
 * what the SQLite calls it replaced gave. */

static CslDb *
scratch_db (CslTestTmp  *tmp,
            char       **path_out)
{
  g_autofree char *path = g_build_filename (tmp->dir, "filings.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslDb) db = csl_db_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (csl_db_exec (db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, note TEXT, "
                                  "ref INTEGER REFERENCES t (id), x REAL)", &error));
  g_assert_no_error (error);
  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return g_steal_pointer (&db);
}

static void
test_binds (CslTestTmp    *tmp,
            gconstpointer  data)
{
  g_autoptr(CslDb) db = scratch_db (tmp, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslStmt) ins = csl_db_prepare (db, "INSERT INTO t (name, note, ref, x) VALUES (?, ?, ?, ?)", &error);
  g_autoptr(CslStmt) sel = NULL;
  g_autofree char *copy = NULL;
  char name[] = "first";

  g_assert_no_error (error);
  /* Bound text is copied: changing the caller's buffer before the step changes nothing. */
  csl_stmt_bind_text (ins, 1, name);
  name[0] = 'F';
  csl_stmt_bind_text (ins, 2, "");
  csl_stmt_bind_id (ins, 3, 0);
  csl_stmt_bind_double (ins, 4, 2.5);
  g_assert_true (csl_db_step_done (db, ins, &error));
  g_assert_cmpint (csl_db_last_insert_id (db), ==, 1);

  csl_stmt_reset (ins);
  csl_stmt_bind_optional_text (ins, 1, "second");
  csl_stmt_bind_optional_text (ins, 2, "");
  csl_stmt_bind_id (ins, 3, 1);
  csl_stmt_bind_null (ins, 4);
  g_assert_cmpint (csl_stmt_step (ins, &error), ==, CSL_STMT_DONE);
  g_assert_no_error (error);
  g_assert_cmpint (csl_db_changes (db), ==, 1);

  sel = csl_db_prepare (db, "SELECT name, note, ref, x, id FROM t WHERE id >= ? ORDER BY id", &error);
  g_assert_no_error (error);
  csl_stmt_bind_int (sel, 1, 1);
  g_assert_cmpint (csl_stmt_column_count (sel), ==, 5);

  g_assert_cmpint (csl_stmt_step (sel, &error), ==, CSL_STMT_ROW);
  g_assert_cmpstr (csl_stmt_column_text (sel, 0), ==, "first");
  /* Plain text binds keep the empty string; optional ones make it NULL. */
  g_assert_false (csl_stmt_column_is_null (sel, 1));
  g_assert_cmpstr (csl_stmt_column_text (sel, 1), ==, "");
  g_assert_true (csl_stmt_column_is_null (sel, 2));
  g_assert_cmpint (csl_stmt_column_int64 (sel, 2), ==, 0);
  g_assert_cmpfloat (csl_stmt_column_double (sel, 3), ==, 2.5);
  /* Column text is borrowed from the row, not allocated on each call. */
  g_assert_true (csl_stmt_column_text (sel, 0) == csl_stmt_column_text (sel, 0));
  copy = csl_stmt_dup_column_text (sel, 0);

  g_assert_cmpint (csl_stmt_step (sel, &error), ==, CSL_STMT_ROW);
  g_assert_cmpstr (copy, ==, "first");
  g_assert_cmpstr (csl_stmt_column_text (sel, 0), ==, "second");
  g_assert_true (csl_stmt_column_is_null (sel, 1));
  g_assert_null (csl_stmt_column_text (sel, 1));
  g_assert_null (csl_stmt_dup_column_text (sel, 1));
  g_assert_cmpint (csl_stmt_column_int64 (sel, 2), ==, 1);
  g_assert_true (csl_stmt_column_is_null (sel, 3));
  g_assert_cmpint (csl_stmt_column_int (sel, 4), ==, 2);

  g_assert_cmpint (csl_stmt_step (sel, &error), ==, CSL_STMT_DONE);
  g_assert_no_error (error);

  csl_stmt_reset (sel);
  csl_stmt_bind_int64 (sel, 1, 2);
  g_assert_cmpint (csl_stmt_step (sel, &error), ==, CSL_STMT_ROW);
  g_assert_cmpstr (csl_stmt_column_text (sel, 0), ==, "second");
  csl_stmt_free (NULL);
}

static void
test_errors (CslTestTmp    *tmp,
             gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(CslDb) db = scratch_db (tmp, &path);
  g_autofree char *prefix = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CslStmt) ins = NULL;
  g_autoptr(CslStmt) none = NULL;

  g_assert_null (csl_db_prepare (db, "SELECT nothing FROM nowhere", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_DATABASE);
  g_clear_error (&error);

  ins = csl_db_prepare (db, "INSERT INTO t (name, ref) VALUES (?, ?)", &error);
  g_assert_no_error (error);
  csl_stmt_bind_text (ins, 1, "same");
  g_assert_cmpint (csl_stmt_step (ins, &error), ==, CSL_STMT_DONE);

  /* The db's mapping: a duplicate is EXISTS, a missing referenced row NOT_FOUND, and the
   * message names the database file. */
  csl_stmt_reset (ins);
  g_assert_cmpint (csl_stmt_step (ins, &error), ==, CSL_STMT_ERROR);
  g_assert_error (error, CSL_ERROR, CSL_ERROR_EXISTS);
  prefix = g_strdup_printf ("Database %s: ", path);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_nonnull (strstr (error->message, "UNIQUE"));
  g_clear_error (&error);

  csl_stmt_reset (ins);
  csl_stmt_bind_text (ins, 1, "other");
  csl_stmt_bind_id (ins, 2, 99);
  g_assert_false (csl_db_step_done (db, ins, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  none = csl_db_prepare (db, "SELECT id FROM t WHERE name = ?", &error);
  g_assert_no_error (error);
  csl_stmt_bind_text (none, 1, "absent");
  g_assert_false (csl_stmt_step_row (none, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_DATABASE);
  g_clear_error (&error);
  csl_stmt_reset (none);
  csl_stmt_bind_text (none, 1, "same");
  g_assert_true (csl_stmt_step_row (none, &error));
  g_assert_no_error (error);
  g_assert_cmpint (csl_stmt_column_int64 (none, 0), ==, 1);
}

/* Bytes go in and come back as they were, NULs and all, on either backend. */
static void
assert_blob_round_trip (CslDb      *db,
                        const char *type)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *create = g_strdup_printf ("CREATE TABLE b (n INTEGER PRIMARY KEY, data %s)", type);
  g_autoptr(CslStmt) ins = NULL;
  g_autoptr(CslStmt) sel = NULL;
  guint8 bytes[300];
  const guint8 *got;
  gsize len = 99;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) (i * 7);
  g_assert_true (csl_db_exec (db, create, &error));
  g_assert_no_error (error);
  ins = csl_db_prepare (db, "INSERT INTO b (n, data) VALUES (?, ?)", &error);
  g_assert_no_error (error);
  csl_stmt_bind_int (ins, 1, 1);
  csl_stmt_bind_blob (ins, 2, bytes, sizeof bytes);
  /* Copied: the caller's buffer may change before the step. */
  bytes[0] = 0xff;
  g_assert_true (csl_db_step_done (db, ins, &error));
  csl_stmt_reset (ins);
  csl_stmt_bind_int (ins, 1, 2);
  csl_stmt_bind_blob (ins, 2, NULL, 0);
  g_assert_true (csl_db_step_done (db, ins, &error));
  csl_stmt_reset (ins);
  csl_stmt_bind_int (ins, 1, 3);
  csl_stmt_bind_null (ins, 2);
  g_assert_true (csl_db_step_done (db, ins, &error));
  g_assert_no_error (error);

  sel = csl_db_prepare (db, "SELECT data FROM b ORDER BY n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (csl_stmt_step (sel, &error), ==, CSL_STMT_ROW);
  got = csl_stmt_column_blob (sel, 0, &len);
  bytes[0] = 0;
  g_assert_cmpmem (got, len, bytes, sizeof bytes);
  /* Zero bytes are not NULL. */
  g_assert_cmpint (csl_stmt_step (sel, &error), ==, CSL_STMT_ROW);
  g_assert_false (csl_stmt_column_is_null (sel, 0));
  csl_stmt_column_blob (sel, 0, &len);
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmpint (csl_stmt_step (sel, &error), ==, CSL_STMT_ROW);
  g_assert_true (csl_stmt_column_is_null (sel, 0));
  g_assert_null (csl_stmt_column_blob (sel, 0, &len));
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmpint (csl_stmt_step (sel, &error), ==, CSL_STMT_DONE);
  g_assert_no_error (error);
}

static void
test_blobs (CslTestTmp    *tmp,
            gconstpointer  data)
{
  g_autoptr(CslDb) db = scratch_db (tmp, NULL);

  assert_blob_round_trip (db, "BLOB");
  if (csl_test_on_server ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_canonicalize_filename (tmp->dir, NULL);
      g_autofree char *location = csl_db_server_test_location (g_getenv ("CSL_TEST_PG"), dir, &error);
      g_autoptr(CslDb) server = NULL;

      g_assert_no_error (error);
      server = csl_db_open (location, &error);
      g_assert_no_error (error);
      assert_blob_round_trip (server, "bytea");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  ADD ("/stmt/binds", test_binds);
  ADD ("/stmt/errors", test_errors);
  ADD ("/stmt/blobs", test_blobs);
  return g_test_run ();
}
