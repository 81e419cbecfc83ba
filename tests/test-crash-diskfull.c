/* A full disk under the workspace and under the bundle's folder: size-limited tmpfs mounts,
 * which need root (skipped with a message otherwise). Filling the store ends in a clear error,
 * with every document attached before intact and nothing half-written; packaging onto a
 * full disk leaves no file under the bundle's name and the filing as it was. */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "workspace/csl-workspace.h"
#include "documents/csl-store.h"
#include "csl-test-cli.h"
#include "csl-test-pdf.h"
#include "csl-test-util.h"

#define MOUNT_ENV "CSL_TEST_DISKFULL_DIR"

static gboolean
run_quietly (const char *const *argv)
{
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

static gboolean
mount_tmpfs (const char *dir,
             const char *size)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", size);
  const char *argv[] = { "mount", "-t", "tmpfs", "-o", options, "tmpfs", dir, NULL };

  return run_quietly (argv);
}

static void
unmount (const char *dir)
{
  const char *argv[] = { "umount", dir, NULL };

  g_assert_true (run_quietly (argv));
}

static gboolean
is_full_disk_message (const char *text)
{
  return strstr (text, "No space left on device") != NULL || strstr (text, "disk is full") != NULL;
}

/* A valid PDF of about size bytes, different for every n (comments are valid PDF). */
static char *
padded_pdf (const char *dir,
            guint       n,
            gsize       size)
{
  g_autofree char *base = g_strdup_printf ("%s/base-%u.pdf", dir, n);
  g_autofree char *text = g_strdup_printf ("Appendix %u", n);
  g_autofree char *contents = NULL;
  g_autoptr(GByteArray) padded = g_byte_array_new ();
  char *path = g_strdup_printf ("%s/appendix-%u.pdf", dir, n);
  gsize len = 0;

  csl_test_make_pdf1 (base, text);
  g_assert_true (g_file_get_contents (base, &contents, &len, NULL));
  g_byte_array_append (padded, (const guint8 *) contents, 9);
  while (padded->len < size)
    {
      g_autofree char *line = g_strdup_printf ("%% padding %u %u %0900u\n", n, padded->len, 0);
      g_byte_array_append (padded, (const guint8 *) line, (guint) strlen (line));
    }
  g_byte_array_append (padded, (const guint8 *) contents + 9, (guint) (len - 9));
  g_assert_true (g_file_set_contents (path, (const char *) padded->data, padded->len, NULL));
  return path;
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Runs in a subprocess, so that the parent unmounts whatever happens here. */
static void
test_full_disk_body (void)
{
  const char *top = g_getenv (MOUNT_ENV);
  g_autofree char *ws = g_build_filename (top, "workspace", "ws", NULL);
  g_autofree char *out = g_build_filename (top, "out", NULL);
  g_autofree char *full_out = g_build_filename (top, "workspace", NULL);
  g_autofree char *files = g_build_filename (top, "files", NULL);
  g_autofree char *pw = g_build_filename (files, "password", NULL);
  g_autofree char *p12 = g_build_filename (files, "id.p12", NULL);
  g_autofree char *m = NULL, *lab = NULL, *p = NULL, *f = NULL, *last = NULL;
  const char *kinds[] = { "test-report", "declaration", "business-license", "lab-accreditation" };
  g_autoptr(GPtrArray) attached = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  CslCliResult r = { 0 };
  gboolean full = FALSE;

  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /crash/full-disk on its mounts");
      return;
    }
  m = csl_cli_id (ws, "manufacturer", "add", "--name", "Full Disk Ltd", "--uscc", "91110000600037341L");
  lab = csl_cli_id (ws, "lab", "add", "--name", "Lab", "--kind", "third-party", "--accreditation", "CNAS L0001",
                    "--accredited-until", "2099-12-31");
  p = csl_cli_id (ws, "product", "add", "--manufacturer", m, "--category", "CSL 001-2025", "--model", "CAM-100",
                  "--support-until", "2099-12-31", "--default-passwords", "unique", "--vulnerability-contact",
                  "psirt", "--update-policy", "5 years");
  f = csl_cli_id (ws, "filing", "new", "--product", p, "--grade", "2", "--lab", lab, "--report-number", "R-1",
                  "--report-date", "2026-10-01", "--standard", "GB/T 41387-2022");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *pdf = padded_pdf (files, 1000 + i, 1);
      g_ptr_array_add (attached, csl_cli_id (ws, "filing", "attach", f, "--kind", kinds[i], pdf));
    }
  g_assert_true (g_file_set_contents (pw, "secret\n", -1, NULL));
  r = csl_cli_run (NULL, "identity", "create", "--name", "Signer", "--out", p12, "--password-file", pw);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);

  /* Fill the workspace's disk with documents until the store refuses one. */
  for (guint i = 0; i < 200 && !full; i++)
    {
      g_autofree char *pdf = padded_pdf (files, i, 200 * 1024);

      r = csl_cli_run (ws, "filing", "attach", f, "--kind", "other", pdf);
      if (r.status == 0)
        g_ptr_array_add (attached, g_strdup (g_strstrip (r.out)));
      else
        {
          full = TRUE;
          g_test_message ("attach %u: %s", i, r.err);
          g_assert_cmpint (r.status, ==, 2);
          g_assert_true (is_full_disk_message (r.err));
          g_assert_nonnull (strstr (r.err, "appendix-"));
        }
      csl_cli_result_clear (&r);
    }
  g_assert_true (full);

  /* Nothing lost: every document attached before is listed and verifies. */
  r = csl_cli_run (ws, "filing", "attachments", f, "--json");
  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; i < attached->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("\"id\" : %s,", (char *) attached->pdata[i]);
      g_assert_nonnull (strstr (r.out, id));
    }
  csl_cli_result_clear (&r);
  r = csl_cli_run (ws, "store", "verify");
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);

  /* Packaging onto the full disk and onto a small one: a clear error, no bundle file, and
   * the filing not marked packaged. */
  {
    const char *targets[] = { full_out, out };

    for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
      {
        guint before = count_entries (targets[i]);

        r = csl_cli_run (ws, "bundle", "create", f, "--out", targets[i], "--p12", p12, "--password-file", pw);
        g_test_message ("bundle create to %s: %s", targets[i], r.err);
        g_assert_cmpint (r.status, ==, 2);
        g_assert_true (is_full_disk_message (r.err));
        /* Which layer notices the full disk first varies; the message says what and where. */
        g_assert_nonnull (strstr (r.err, "Cannot write"));
        g_assert_nonnull (strstr (r.err, targets[i]));
        g_assert_cmpstr (r.out, ==, "");
        csl_cli_result_clear (&r);
        g_assert_cmpuint (count_entries (targets[i]), ==, before);
        r = csl_cli_run (ws, "filing", "show", f, "--json");
        g_assert_null (strstr (r.out, "\"packaged\""));
        csl_cli_result_clear (&r);
      }
  }

  /* The workspace is whole once reopened, and takes documents again when space is freed. */
  {
    g_autoptr(CslWorkspace) w = csl_workspace_open (ws, &error);
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(CslStmt) stmt = NULL;
    CslStoreSweepResult swept = { 0 };

    g_assert_no_error (error);
    stmt = csl_db_prepare (csl_workspace_get_db (w), "PRAGMA integrity_check", &error);
    g_assert_no_error (error);
    g_assert_cmpint (csl_stmt_step (stmt, NULL), ==, CSL_STMT_ROW);
    g_assert_cmpstr (csl_stmt_column_text (stmt, 0), ==, "ok");
    problems = csl_store_verify (w, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 0);
    g_assert_true (csl_store_sweep (w, &swept, &error));
    g_assert_cmpuint (swept.temp_files + swept.orphan_blobs, ==, 0);
  }
  last = g_strdup (attached->pdata[attached->len - 1]);
  r = csl_cli_run (ws, "filing", "detach", f, last);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  {
    g_autofree char *small = padded_pdf (files, 999, 1);
    g_free (csl_cli_id (ws, "filing", "attach", f, "--kind", "other", small));
  }
}

static void
test_full_disk (CslTestTmp    *tmp,
                gconstpointer  data)
{
  g_autofree char *top = g_build_filename (tmp->dir, "mnt", NULL);
  g_autofree char *wsdir = g_build_filename (top, "workspace", NULL);
  g_autofree char *out = g_build_filename (top, "out", NULL);
  g_autofree char *files = g_build_filename (top, "files", NULL);

  if (getuid () != 0)
    {
      g_test_skip ("mounting a small tmpfs needs root: run the test as root to fill a disk");
      return;
    }
  g_mkdir (top, 0700);
  g_mkdir (wsdir, 0700);
  g_mkdir (out, 0700);
  g_mkdir (files, 0700);
  if (!mount_tmpfs (wsdir, "3m"))
    {
      g_test_skip ("mount -t tmpfs failed (no CAP_SYS_ADMIN in this container?)");
      return;
    }
  if (!mount_tmpfs (out, "64k"))
    {
      unmount (wsdir);
      g_test_skip ("mount -t tmpfs failed");
      return;
    }
  g_setenv (MOUNT_ENV, top, TRUE);
  g_test_trap_subprocess ("/crash/full-disk/body", 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  unmount (out);
  unmount (wsdir);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/crash/full-disk", CslTestTmp, NULL, csl_test_tmp_setup, test_full_disk, csl_test_tmp_teardown);
  g_test_add_func ("/crash/full-disk/body", test_full_disk_body);
  return g_test_run ();
}
