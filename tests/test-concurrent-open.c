#include "config.h"

#include <sqlite3.h>

#include <gio/gio.h>
#include <string.h>

#include "store/csl-db.h"
#include "workspace/csl-workspace.h"
#include "csl-test-util.h"

/* Several programs opening one workspace at the same moment: real csl-filer-cli processes,
 * started together and repeated, on a missing workspace and on one an older program wrote. Each
 * must see exactly one upgrade, and the schema must come out whole. */

#define N_PROCESSES 6
#define N_ROUNDS 5

static char *
schema_of (const char *db_path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &raw, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "SELECT type, name, sql FROM sqlite_master ORDER BY type, name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s %s %s\n", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                            sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_string_append_printf (out, "version %d\n", sqlite3_column_int (stmt, 0));
  sqlite3_finalize (stmt);
  /* One copy of the built-in catalogue, however many programs imported it. */
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "SELECT count(*) FROM catalogue_batch", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_string_append_printf (out, "batches %d\n", sqlite3_column_int (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The schema one program alone makes: what every racing round must end with. */
static char *
reference_schema (const char *tmp_dir)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "reference", NULL);
  g_autofree char *db_path = g_build_filename (dir, "filings.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = csl_workspace_open (dir, &error);

  g_assert_no_error (error);
  g_clear_object (&ws);
  return schema_of (db_path);
}

typedef struct
{
  const char *dir;
  GError     *error;
} OpenInProcess;

/* The app opens a workspace through the same core call; a thread stands in for it. */
static gpointer
open_in_process (gpointer data)
{
  OpenInProcess *op = data;
  g_autoptr(CslWorkspace) ws = csl_workspace_open (op->dir, &op->error);

  return NULL;
}

static void
race (const char *dir,
      gboolean    with_app)
{
  const char *cli = g_getenv ("CSL_FILER_CLI");
  GSubprocess *procs[N_PROCESSES] = { NULL };
  OpenInProcess op = { dir, NULL };
  GThread *thread = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (cli);
  for (guint i = 0; i < N_PROCESSES; i++)
    {
      procs[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                   cli, "--workspace", dir, "manufacturer", "list", NULL);
      g_assert_no_error (error);
    }
  if (with_app)
    thread = g_thread_new ("app", open_in_process, &op);
  for (guint i = 0; i < N_PROCESSES; i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      g_assert_true (g_subprocess_communicate_utf8 (procs[i], NULL, NULL, &out, &err, &error));
      g_assert_no_error (error);
      if (!g_subprocess_get_if_exited (procs[i]) || g_subprocess_get_exit_status (procs[i]) != 0)
        g_error ("process %u of %d on %s failed: %s", i, N_PROCESSES, dir, err);
      g_assert_cmpstr (err, ==, "");
      g_object_unref (procs[i]);
    }
  if (thread != NULL)
    {
      g_thread_join (thread);
      g_assert_no_error (op.error);
    }
}

static void
check_whole (const char *dir,
             const char *reference)
{
  g_autofree char *db_path = g_build_filename (dir, "filings.db", NULL);
  g_autofree char *schema = schema_of (db_path);

  g_assert_cmpstr (schema, ==, reference);
}

static void
test_new_workspace (CslTestTmp    *tmp,
                    gconstpointer  data)
{
  gboolean with_app = GPOINTER_TO_INT (data);
  g_autofree char *reference = reference_schema (tmp->dir);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autofree char *name = g_strdup_printf ("new-%u", round);
      g_autofree char *dir = g_build_filename (tmp->dir, name, NULL);

      race (dir, with_app);
      check_whole (dir, reference);
      /* And every later command still works. */
      race (dir, FALSE);
    }
}

static void
test_older_workspace (CslTestTmp    *tmp,
                      gconstpointer  data)
{
  gboolean with_app = GPOINTER_TO_INT (data);
  g_autofree char *reference = reference_schema (tmp->dir);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autofree char *name = g_strdup_printf ("old-%u", round);
      g_autofree char *dir = g_build_filename (tmp->dir, name, NULL);
      g_autofree char *db_path = g_build_filename (dir, "filings.db", NULL);
      g_autoptr(GError) error = NULL;
      /* Each round starts from another old version, up to the one just before the latest. */
      int version = 1 + (int) round % (csl_db_latest_version () - 1);
      g_autoptr(CslDb) old = NULL;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      old = csl_db_open_at_version (db_path, version, &error);
      g_assert_no_error (error);
      g_assert_true (csl_db_exec (old,
                                  "INSERT INTO manufacturer (name_en, uscc) VALUES ('Acme', '91110000600037341L')",
                                  &error));
      g_assert_no_error (error);
      g_clear_pointer (&old, csl_db_close);

      race (dir, with_app);
      check_whole (dir, reference);
    }
}

/* An empty filings.db (a user's touch, a copy tool) is made a workspace in place: the WAL
 * switch and the first migration race there without the temporary file's help. */
static void
test_empty_file (CslTestTmp    *tmp,
                 gconstpointer  data)
{
  g_autofree char *reference = reference_schema (tmp->dir);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autofree char *name = g_strdup_printf ("empty-%u", round);
      g_autofree char *dir = g_build_filename (tmp->dir, name, NULL);
      g_autofree char *db_path = g_build_filename (dir, "filings.db", NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (db_path, "", 0, NULL));
      race (dir, GPOINTER_TO_INT (data));
      check_whole (dir, reference);
    }
}

static void
skip_on_server (CslTestTmp    *tmp,
                gconstpointer  data)
{
  g_test_skip ("about SQLite workspace files opened at once");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* SQLite files opened at once; the server's migration under its advisory lock is test-team's. */
#define ADD(path, fn, app) \
  g_test_add (path, CslTestTmp, GINT_TO_POINTER (app), csl_test_tmp_setup, \
              csl_test_on_server () ? skip_on_server : fn, csl_test_tmp_teardown)
  ADD ("/concurrent-open/new/cli", test_new_workspace, FALSE);
  ADD ("/concurrent-open/new/app-and-cli", test_new_workspace, TRUE);
  ADD ("/concurrent-open/older/cli", test_older_workspace, FALSE);
  ADD ("/concurrent-open/older/app-and-cli", test_older_workspace, TRUE);
  ADD ("/concurrent-open/empty-file/cli", test_empty_file, FALSE);
  ADD ("/concurrent-open/empty-file/app-and-cli", test_empty_file, TRUE);
  return g_test_run ();
}
