/* csl-filer-cli killed with SIGKILL at random moments (a seeded generator, so a failure
 * replays) while it attaches documents, packages and signs bundles, imports catalogue
 * batches and adds records. After every loop the workspace must be whole: SQLite's
 * integrity check passes, everything the CLI reported as done (exit 0, or an id printed) is
 * there, every status change of a filing (packaged, submitted, reopened, ready) has its
 * audit entry, the store holds exactly the blobs its rows name and each matches its hash, and the
 * only bundle under its final name is one that verifies. */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>
#include <sys/file.h>
#include <sqlite3.h>
#include <string.h>

#include "workspace/csl-workspace.h"
#include "bundle/csl-bundle-verify.h"
#include "records/csl-catalogue.h"
#include "documents/csl-store.h"
#include "csl-test-cli.h"
#include "csl-test-pdf.h"
#include "csl-test-util.h"
#include "base/csl-uscc.h"

#define SEED        20261121
#define N_PDFS      6
/* Kills wanted per loop; a run that ends on its own before the kill counts as a commit. */
#define KILLS_ATTACH    60
#define KILLS_BUNDLE    50
#define KILLS_CATALOGUE 50
#define KILLS_RECORDS   50
#define MAX_ROUNDS(k)   ((k) * 4)

typedef struct
{
  CslTestTmp  *tmp;
  GRand       *rand;
  char        *ws;
  char        *out;        /* where bundles go */
  char        *p12;
  char        *password;
  char        *cert;
  char        *attach_filing;
  char        *bundle_filing;
  char        *pdfs[N_PDFS];
  GPtrArray   *attachments;   /* ids reported as attached */
  GPtrArray   *batches;       /* catalogue batch codes reported as imported */
  GPtrArray   *labs;          /* ids reported as added */
  char        *bundle;        /* the path bundle create reported, or NULL */
  guint        kills;
  guint        total_kills;
  guint        finished;
} Kill;

typedef struct
{
  gboolean killed;
  int      status;
  char    *out;
  char    *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

static gboolean
kill_now (gpointer data)
{
  g_subprocess_send_signal (data, SIGKILL);
  return G_SOURCE_REMOVE;
}

static void
wait_done (GObject      *proc,
           GAsyncResult *result,
           gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (proc), result, NULL);
  *(gboolean *) data = TRUE;
}

static char *
read_all (GInputStream *in)
{
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();

  g_assert_cmpint (g_output_stream_splice (mem, in, G_OUTPUT_STREAM_SPLICE_NONE, NULL, NULL), >=, 0);
  g_assert_true (g_output_stream_write_all (mem, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (mem, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (mem));
}

/* Runs the CLI and sends it SIGKILL after delay_ms unless it ends first. */
static Run
run_with_kill (Kill              *k,
               const char *const *args,
               guint              delay_ms)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timer = g_timeout_source_new (delay_ms);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  Run r = { 0 };

  g_ptr_array_add (argv, (gpointer) g_getenv ("CSL_FILER_CLI"));
  g_ptr_array_add (argv, (gpointer) "--workspace");
  g_ptr_array_add (argv, k->ws);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_main_context_push_thread_default (context);
  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (proc, NULL, wait_done, &done);
  g_source_set_callback (timer, kill_now, proc, NULL);
  g_source_attach (timer, context);
  while (!done)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timer);
  g_main_context_pop_thread_default (context);

  /* What it wrote before it ended is in the pipes (a pipe outlives its writer). */
  r.out = read_all (g_subprocess_get_stdout_pipe (proc));
  r.err = read_all (g_subprocess_get_stderr_pipe (proc));
  r.killed = g_subprocess_get_if_signaled (proc) && g_subprocess_get_term_sig (proc) == SIGKILL;
  if (r.killed)
    {
      k->kills++;
      k->total_kills++;
    }
  else
    {
      g_assert_true (g_subprocess_get_if_exited (proc));
      r.status = g_subprocess_get_exit_status (proc);
      k->finished++;
      /* An operation that ran to its end on a workspace a kill left behind must succeed. */
      if (r.status != 0)
        g_error ("csl-filer-cli %s %s failed (%d) after %u kills: %s", args[0], args[1], r.status,
                 k->total_kills, r.err);
    }
  return r;
}

/* How long the operation takes when left alone: kills land within that time. */
static guint
measure_ms (Kill              *k,
            const char *const *args)
{
  gint64 start = g_get_monotonic_time ();
  Run r = run_with_kill (k, args, 600000);

  g_assert_false (r.killed);
  run_clear (&r);
  return (guint) MAX (2, (g_get_monotonic_time () - start) / 1000);
}

static gboolean
printed_id (const char *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (out));

  return *copy != '\0' && strspn (copy, "0123456789") == strlen (copy);
}

/* ---- the checks ---------------------------------------------------------------------------- */

static char *
query_text (CslWorkspace *ws,
            const char   *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslStmt) stmt = csl_db_prepare (csl_workspace_get_db (ws), sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (csl_stmt_step (stmt, NULL), ==, CSL_STMT_ROW);
  return g_strdup (csl_stmt_column_text (stmt, 0));
}

static gint64
query_int (CslWorkspace *ws,
           const char   *sql)
{
  g_autofree char *text = query_text (ws, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

static guint
count_files (const char *path,
             gboolean    temp)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n += count_files (child, temp);
      else if ((strstr (name, ".tmp-") != NULL) == temp)
        n++;
    }
  return n;
}

/* A child forked at the moment of the kill (to start the PDF helper) holds copies of the killed
 * process's descriptors, and so the lock of its temporary copy, until it execs a moment later;
 * the sweep rightly leaves a locked copy alone. Wait for those locks, as a later open would find
 * them gone. */
static void
wait_for_temp_locks (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      int fd;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        wait_for_temp_locks (child);
      else if (strstr (name, ".tmp-") != NULL && (fd = g_open (child, O_RDONLY | O_CLOEXEC, 0)) >= 0)
        {
          flock (fd, LOCK_EX);
          close (fd);
        }
    }
}

static void
check_bundles (Kill         *k,
               CslWorkspace *ws)
{
  g_autoptr(GDir) dir = g_dir_open (k->out, 0, NULL);
  g_autoptr(CslTrust) trust = csl_trust_new_pinned (k->cert, NULL);
  CslVerifyOptions options = { trust, NULL, NULL };
  const char *name;

  g_assert_nonnull (trust);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (k->out, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CslVerifyReport) report = NULL;

      /* A temporary file a kill left is not a bundle anybody would send. */
      if (name[0] == '.' && strstr (name, ".tmp-") != NULL)
        continue;
      report = csl_bundle_verify (path, &options, &error);
      g_assert_no_error (error);
      if (!report->ok)
        g_error ("half-written bundle under its final name %s: %s", path, (const char *) report->failures->pdata[0]);
      /* The filing names the bundle it was last packaged into when that one was reported. */
      if (k->bundle != NULL && strcmp (k->bundle, path) == 0)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT bundle_sha256 FROM filing WHERE id = %s", k->bundle_filing);
          g_autofree char *recorded = query_text (ws, sql);

          g_assert_cmpstr (recorded, ==, report->sha256);
        }
    }
}

static void
check_workspace (Kill       *k,
                 const char *after)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *store = g_build_filename (k->ws, "store", NULL);
  g_autofree char *integrity = NULL;
  CslStoreSweepResult swept = { 0 };

  g_test_message ("%s: %u kills, %u runs to the end", after, k->kills, k->finished);
  /* Opening it is "the next open": it recovers the journal and sweeps the store. */
  wait_for_temp_locks (store);
  ws = csl_workspace_open (k->ws, &error);
  g_assert_no_error (error);
  integrity = query_text (ws, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (query_int (ws, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);

  /* Everything reported as done is there. */
  for (guint i = 0; i < k->attachments->len; i++)
    {
      g_autoptr(CslAttachment) a = csl_store_get (ws, g_ascii_strtoll (k->attachments->pdata[i], NULL, 10), &error);
      g_assert_no_error (error);
      g_assert_nonnull (a);
    }
  for (guint i = 0; i < k->batches->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM catalogue_category c JOIN catalogue_batch b "
                                              "ON b.id = c.batch_id WHERE b.code = '%s'", (char *) k->batches->pdata[i]);
      g_assert_cmpint (query_int (ws, sql), ==, 3);
    }
  for (guint i = 0; i < k->labs->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM lab WHERE id = %s", (char *) k->labs->pdata[i]);
      g_assert_cmpint (query_int (ws, sql), ==, 1);
    }
  /* Nothing half-done: every batch whole, every record with its audit entry. */
  g_assert_cmpint (query_int (ws, "SELECT count(*) FROM catalogue_batch b WHERE b.code LIKE 'KILL-%' AND "
                                  "(SELECT count(*) FROM catalogue_category c WHERE c.batch_id = b.id) != 3"), ==, 0);
  g_assert_cmpint (query_int (ws, "SELECT count(*) FROM lab l WHERE NOT EXISTS (SELECT 1 FROM audit a "
                                  "WHERE a.entity = 'lab' AND a.entity_id = l.id AND a.field = 'created')"), ==, 0);
  g_assert_cmpint (query_int (ws, "SELECT count(*) FROM manufacturer m WHERE NOT EXISTS (SELECT 1 FROM audit a "
                                  "WHERE a.entity = 'manufacturer' AND a.entity_id = m.id AND a.field = 'created')"), ==, 0);
  /* Each status change wrote its audit entry in the same transaction: the last one names the
   * status the filing has. */
  g_assert_cmpint (query_int (ws, "SELECT count(*) FROM filing f WHERE f.status != 'draft' AND f.status IS NOT "
                                  "(SELECT a.new_value FROM audit a WHERE a.entity = 'filing' AND a.entity_id = f.id "
                                  "AND a.field = 'status' ORDER BY a.id DESC LIMIT 1)"), ==, 0);
  /* Each attach writes one audit entry on its filing, naming the hash (nothing is detached
   * here, so the counts match exactly). */
  g_assert_cmpint (query_int (ws, "SELECT count(*) FROM (SELECT filing_id, sha256, count(*) AS n FROM attachment "
                                  "GROUP BY filing_id, sha256) t WHERE n != (SELECT count(*) FROM audit a "
                                  "WHERE a.entity = 'filing' AND a.entity_id = t.filing_id AND a.field = 'attachment' "
                                  "AND a.new_value LIKE '%sha256:' || t.sha256)"), ==, 0);

  /* The store: no temporary copy left after the open, one blob per distinct hash named by a
   * row, every blob whole, and nothing more for a second sweep to do. */
  g_assert_cmpuint (count_files (store, TRUE), ==, 0);
  g_assert_cmpint (count_files (store, FALSE), ==, query_int (ws, "SELECT count(DISTINCT sha256) FROM attachment"));
  problems = csl_store_verify (ws, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (csl_store_sweep (ws, &swept, &error));
  g_assert_cmpuint (swept.temp_files + swept.orphan_blobs, ==, 0);

  check_bundles (k, ws);
}

/* ---- the loops --------------------------------------------------------------------------- */

static void
loop_attach (Kill *k)
{
  const char *args[] = { "filing", "attach", k->attach_filing, "--kind", "other", k->pdfs[0], NULL };
  guint ms = measure_ms (k, args);

  k->kills = k->finished = 0;
  for (guint round = 0; k->kills < KILLS_ATTACH && round < MAX_ROUNDS (KILLS_ATTACH); round++)
    {
      Run r;

      args[5] = k->pdfs[g_rand_int_range (k->rand, 0, N_PDFS)];
      r = run_with_kill (k, args, (guint) g_rand_int_range (k->rand, 1, (gint32) (ms * 5 / 4 + 2)));
      /* The id is printed after the commit: printed means attached, killed or not. */
      if (printed_id (r.out))
        g_ptr_array_add (k->attachments, g_strstrip (g_strdup (r.out)));
      run_clear (&r);
    }
  g_assert_cmpuint (k->kills, >=, KILLS_ATTACH);
  check_workspace (k, "attach");
}

static void
loop_bundle (Kill *k)
{
  const char *args[] = { "bundle", "create", k->bundle_filing, "--out", k->out, "--p12", k->p12,
                         "--password-file", k->password, NULL };
  guint ms = measure_ms (k, args);

  k->kills = k->finished = 0;
  for (guint round = 0; k->kills < KILLS_BUNDLE && round < MAX_ROUNDS (KILLS_BUNDLE); round++)
    {
      Run r = run_with_kill (k, args, (guint) g_rand_int_range (k->rand, 1, (gint32) (ms * 5 / 4 + 2)));
      g_autofree char *path = g_strstrip (g_strdup (r.out));

      if (*path != '\0')
        {
          g_free (k->bundle);
          k->bundle = g_steal_pointer (&path);
        }
      else if (r.killed)
        /* Killed before it reported: the last reported bundle may have been replaced by a
         * newer complete one the filing does not name yet, so only completeness is checked. */
        g_clear_pointer (&k->bundle, g_free);
      run_clear (&r);
    }
  g_assert_cmpuint (k->kills, >=, KILLS_BUNDLE);
  check_workspace (k, "bundle create");

  /* The next bundle create into the folder clears what the killed ones left. */
  {
    CslCliResult r = csl_cli_runv (k->ws, NULL, args);
    g_autoptr(GDir) d = g_dir_open (k->out, 0, NULL);
    const char *name;

    if (r.status != 0)
      g_error ("bundle create after the kills failed (%d): %s", r.status, r.err);
    csl_cli_result_clear (&r);
    while ((name = g_dir_read_name (d)) != NULL)
      if (strstr (name, ".tmp-") != NULL)
        g_error ("bundle create left %s in %s after a complete run", name, k->out);
  }
}

static char *
write_batch (Kill  *k,
             guint  n)
{
  g_autofree char *path = g_strdup_printf ("%s/batch-%u.json", k->tmp->dir, n);
  g_autofree char *json = g_strdup_printf (
    "{\"format\": 1, \"batch\": {\"code\": \"KILL-%u\", \"revision\": 1}, \"categories\": ["
    "{\"serial\": \"CSL K%u-A\", \"name_en\": \"A\", \"validity_months\": 36},"
    "{\"serial\": \"CSL K%u-B\", \"name_en\": \"B\", \"key_indicators\": [{\"key\": \"auth\"}]},"
    "{\"serial\": \"CSL K%u-C\", \"name_zh\": \"丙\", \"standards\": {\"1\": [\"GB/T 1-2027\"]}}]}",
    n, n, n, n);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return g_steal_pointer (&path);
}

static void
loop_catalogue (Kill *k)
{
  g_autofree char *first = write_batch (k, 0);
  const char *args[] = { "catalogue", "import", first, NULL };
  guint ms = measure_ms (k, args);

  g_ptr_array_add (k->batches, g_strdup ("KILL-0"));
  k->kills = k->finished = 0;
  for (guint round = 1; k->kills < KILLS_CATALOGUE && round <= MAX_ROUNDS (KILLS_CATALOGUE); round++)
    {
      g_autofree char *path = write_batch (k, round);
      Run r;

      args[2] = path;
      r = run_with_kill (k, args, (guint) g_rand_int_range (k->rand, 1, (gint32) (ms * 5 / 4 + 2)));
      if (!r.killed)
        g_ptr_array_add (k->batches, g_strdup_printf ("KILL-%u", round));
      run_clear (&r);
    }
  g_assert_cmpuint (k->kills, >=, KILLS_CATALOGUE);
  check_workspace (k, "catalogue import");
}

/* The packaged filing's status, read straight from the database (no sweep, no lock). */
static char *
filing_status (Kill *k)
{
  g_autofree char *db = g_build_filename (k->ws, "filings.db", NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT status FROM filing WHERE id = %s", k->bundle_filing);
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  char *status;

  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return status;
}

/* One step round packaged → submitted → draft → ready → packaged, whatever the last kill
 * left the filing in. */
static Run
lifecycle_step (Kill  *k,
                guint  delay)
{
  g_autofree char *status = filing_status (k);
  const char *submit[] = { "filing", "record", k->bundle_filing, "--submitted", "2026-11-22", NULL };
  const char *reopen[] = { "filing", "reopen", k->bundle_filing, NULL };
  const char *ready[] = { "filing", "ready", k->bundle_filing, NULL };
  const char *package[] = { "bundle", "create", k->bundle_filing, "--out", k->out, "--p12", k->p12,
                            "--password-file", k->password, NULL };

  if (strcmp (status, "packaged") == 0)
    return run_with_kill (k, submit, delay);
  if (strcmp (status, "submitted") == 0)
    return run_with_kill (k, reopen, delay);
  if (strcmp (status, "draft") == 0)
    return run_with_kill (k, ready, delay);
  g_assert_cmpstr (status, ==, "ready");
  /* The bundle reported last may be replaced now: only completeness is checked again. */
  g_clear_pointer (&k->bundle, g_free);
  return run_with_kill (k, package, delay);
}

static void
loop_records (Kill *k)
{
  const char *lab_args[] = { "lab", "add", "--name", "Kill Lab", "--kind", "in-house", NULL };
  guint ms = measure_ms (k, lab_args);

  k->kills = k->finished = 0;
  for (guint round = 0; k->kills < KILLS_RECORDS && round < MAX_ROUNDS (KILLS_RECORDS); round++)
    {
      guint delay = (guint) g_rand_int_range (k->rand, 1, (gint32) (ms * 5 / 4 + 2));
      Run r;

      if (round % 3 == 0)
        {
          r = run_with_kill (k, lab_args, delay);
          if (printed_id (r.out))
            g_ptr_array_add (k->labs, g_strstrip (g_strdup (r.out)));
        }
      else if (round % 3 == 2)
        r = lifecycle_step (k, delay);
      else
        {
          /* A manufacturer with a code of its own each time (a valid check character). */
          g_autofree char *first17 = g_strdup_printf ("91110000600%06u", round);
          g_autofree char *uscc = g_strdup_printf ("%s%c", first17, csl_uscc_check_char (first17));
          g_autofree char *name = g_strdup_printf ("Kill Maker %u", round);
          const char *args[] = { "manufacturer", "add", "--name", name, "--uscc", uscc, NULL };

          r = run_with_kill (k, args, delay);
        }
      run_clear (&r);
    }
  g_assert_cmpuint (k->kills, >=, KILLS_RECORDS);
  check_workspace (k, "records");
}

static void
set_up (Kill       *k,
        CslTestTmp *tmp)
{
  const char *kinds[] = { "test-report", "declaration", "business-license", "lab-accreditation" };
  g_autofree char *m = NULL, *lab = NULL, *p = NULL;
  CslCliResult r;

  k->tmp = tmp;
  k->rand = g_rand_new_with_seed (SEED);
  k->ws = g_build_filename (tmp->dir, "ws", NULL);
  k->out = g_build_filename (tmp->dir, "out", NULL);
  k->p12 = g_build_filename (tmp->dir, "id.p12", NULL);
  k->password = g_build_filename (tmp->dir, "password", NULL);
  k->cert = g_build_filename (tmp->dir, "signer.pem", NULL);
  k->attachments = g_ptr_array_new_with_free_func (g_free);
  k->batches = g_ptr_array_new_with_free_func (g_free);
  k->labs = g_ptr_array_new_with_free_func (g_free);
  g_mkdir (k->out, 0700);
  for (guint i = 0; i < N_PDFS; i++)
    {
      g_autofree char *text = g_strdup_printf ("Document %u: Kill Maker CAM-100 R-1 GB/T 41387-2022", i);

      k->pdfs[i] = g_strdup_printf ("%s/doc-%u.pdf", tmp->dir, i);
      csl_test_make_pdf1 (k->pdfs[i], text);
    }

  m = csl_cli_id (k->ws, "manufacturer", "add", "--name", "Kill Maker", "--uscc", "91110000600037341L");
  lab = csl_cli_id (k->ws, "lab", "add", "--name", "CESI Lab", "--kind", "third-party", "--accreditation",
                    "CNAS L0001", "--accredited-until", "2099-12-31");
  p = csl_cli_id (k->ws, "product", "add", "--manufacturer", m, "--category", "CSL 001-2025", "--model", "CAM-100",
                  "--support-until", "2099-12-31", "--default-passwords", "unique", "--vulnerability-contact",
                  "psirt", "--update-policy", "5 years");
  k->bundle_filing = csl_cli_id (k->ws, "filing", "new", "--product", p, "--grade", "2", "--lab", lab,
                                 "--report-number", "R-1", "--report-date", "2026-10-01", "--standard",
                                 "GB/T 41387-2022");
  k->attach_filing = csl_cli_id (k->ws, "filing", "new", "--product", p, "--grade", "1", "--lab", lab);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_free (csl_cli_id (k->ws, "filing", "attach", k->bundle_filing, "--kind", kinds[i], k->pdfs[i]));
  g_assert_true (g_file_set_contents (k->password, "secret\n", -1, NULL));
  r = csl_cli_run (NULL, "identity", "create", "--name", "Kill Signer", "--out", k->p12, "--cert-out", k->cert,
                   "--password-file", k->password);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
}

static void
tear_down (Kill *k)
{
  g_rand_free (k->rand);
  g_free (k->ws);
  g_free (k->out);
  g_free (k->p12);
  g_free (k->password);
  g_free (k->cert);
  g_free (k->attach_filing);
  g_free (k->bundle_filing);
  g_free (k->bundle);
  for (guint i = 0; i < N_PDFS; i++)
    g_free (k->pdfs[i]);
  g_ptr_array_unref (k->attachments);
  g_ptr_array_unref (k->batches);
  g_ptr_array_unref (k->labs);
}

static void
test_kill (CslTestTmp    *tmp,
           gconstpointer  data)
{
  Kill k = { 0 };

  set_up (&k, tmp);
  loop_attach (&k);
  loop_bundle (&k);
  loop_catalogue (&k);
  loop_records (&k);
  g_test_message ("%u kills in all", k.total_kills);
  g_assert_cmpuint (k.total_kills, >=, 200);
  tear_down (&k);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/crash/kill", CslTestTmp, NULL, csl_test_tmp_setup, test_kill, csl_test_tmp_teardown);
  return g_test_run ();
}
