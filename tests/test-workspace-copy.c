#include "config.h"

#include <glib/gstdio.h>

#include "base/csl-error.h"
#include "documents/csl-store.h"
#include "store/csl-db.h"
#include "workspace/csl-workspace-copy.h"
#include "csl-test-cli.h"
#include "csl-test-filing.h"
#include "csl-test-util.h"

/* `workspace copy`: a whole workspace into another, then back, gives the same filings, history
 * and documents. In the PostgreSQL pass the middle copy is a team workspace on the server and
 * the ends are folders (SQLite), which is what moving in and out is; otherwise all three are
 * folders. */

static char *team_server;   /* CSL_TEST_PG, taken from the environment so folders stay SQLite */

/* One filing with a test report attached, a second document attached twice (stored once), a
 * status change and an edit, so that history, ids and documents all have something to carry. */
static void
fill (const char *dir)
{
  CslTestFiling t;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = g_build_filename (dir, "..", "report.pdf", NULL);
  g_autofree char *licence = g_build_filename (dir, "..", "licence.pdf", NULL);
  const char *pages[] = { "营业执照 Business licence", NULL };
  g_autoptr(CslAttachment) a = NULL;
  g_autoptr(CslAttachment) b = NULL;
  g_autoptr(CslAttachment) c = NULL;
  g_autoptr(CslFiling) f = NULL;

  csl_test_filing_open (&t, dir, FALSE);
  csl_test_make_test_report (report);
  csl_test_make_pdf (licence, "Licence", pages);
  a = csl_store_attach (t.ws, t.filing, CSL_MATERIAL_TEST_REPORT, report, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_no_error (error);
  b = csl_store_attach (t.ws, t.filing, CSL_MATERIAL_BUSINESS_LICENSE, licence, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_no_error (error);
  c = csl_store_attach (t.ws, t.filing, CSL_MATERIAL_OTHER, licence, CSL_PDF_DEFAULT_MAX_SIZE, NULL, &error);
  g_assert_no_error (error);
  f = csl_filing_get (t.ws, t.filing, &error);
  g_assert_no_error (error);
  g_free (f->report_number);
  f->report_number = g_strdup ("CSL-R-2026-002");
  g_assert_true (csl_filing_update (t.ws, f, &error));
  g_assert_no_error (error);
  csl_test_filing_close (&t);
}

static char *
cli_out (const char *ws,
         const char *const *args)
{
  CslCliResult r = csl_cli_runv (ws, NULL, args);
  char *out;

  if (r.status != 0)
    g_error ("%s failed: %s", args[0], r.err);
  out = g_strdup (r.out);
  csl_cli_result_clear (&r);
  return out;
}

/* What a user sees of the workspace, as data: the filing, its history, its check and list. */
static char *
snapshot (const char *ws)
{
  g_autofree char *show = cli_out (ws, (const char *const[]) { "filing", "show", "1", "--json", NULL });
  g_autofree char *history = cli_out (ws, (const char *const[]) { "filing", "history", "1", "--json", NULL });
  g_autofree char *list = cli_out (ws, (const char *const[]) { "filing", "list", "--json", NULL });
  g_autofree char *makers = cli_out (ws, (const char *const[]) { "manufacturer", "list", "--json", NULL });

  return g_strconcat (show, history, list, makers, NULL);
}

static void
test_round_trip (CslTestTmp    *tmp,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = g_build_filename (tmp->dir, "a", NULL);
  g_autofree char *b = g_build_filename (tmp->dir, "b", NULL);
  g_autofree char *c = g_build_filename (tmp->dir, "c", NULL);
  g_autofree char *middle = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  CslCopyReport report;

  fill (a);
  if (team_server != NULL)
    {
      g_autofree char *canonical = g_canonicalize_filename (b, NULL);

      middle = csl_db_server_test_location (team_server, canonical, &error);
      g_assert_no_error (error);
    }
  else
    middle = g_strdup (b);

  g_test_message ("copying through %s", middle);
  g_assert_true (csl_workspace_copy (a, middle, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.manufacturers, ==, 1);
  g_assert_cmpuint (report.filings, ==, 1);
  /* Three attachments, two documents. */
  g_assert_cmpuint (report.documents, ==, 2);
  g_assert_cmpuint (report.rows, >, 10);

  /* Back out through the command line. */
  out = cli_out (NULL, (const char *const[]) { "workspace", "copy", "--from", middle, "--to", c, NULL });
  g_assert_nonnull (strstr (out, "1 filings and 2 documents"));

  before = snapshot (a);
  after = snapshot (c);
  g_assert_cmpstr (after, ==, before);

  /* The documents came along: the copy packages and its store verifies. */
  {
    g_autoptr(CslWorkspace) ws = csl_workspace_open (c, &error);
    g_autoptr(GPtrArray) problems = NULL;
    g_autofree char *store = g_build_filename (c, "store", NULL);

    g_assert_no_error (error);
    problems = csl_store_verify (ws, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 0);
    g_assert_cmpint (csl_test_count_files (store), >=, 2);
  }

  /* A new record in the copy gets a new id, not one the copied rows hold. */
  {
    g_autofree char *id = csl_cli_id (middle, "lab", "add", "--name", "Second lab", "--kind", "in-house");

    g_assert_cmpstr (id, ==, "2");
  }
}

/* A target that holds records is refused with nothing written; so is copying onto itself. */
static void
test_refused (CslTestTmp    *tmp,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = g_build_filename (tmp->dir, "a", NULL);
  g_autofree char *b = g_build_filename (tmp->dir, "b", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CslCliResult r;

  fill (a);
  fill (b);
  before = snapshot (b);
  g_assert_false (csl_workspace_copy (a, b, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "never merged"));
  g_clear_error (&error);
  after = snapshot (b);
  g_assert_cmpstr (after, ==, before);

  g_assert_false (csl_workspace_copy (a, a, NULL, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_clear_error (&error);

  r = csl_cli_run (NULL, "workspace", "copy", "--from", a, "--to", b);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "already holds records"));
  csl_cli_result_clear (&r);
  r = csl_cli_run (NULL, "workspace", "copy", "--from", a);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "--to"));
  csl_cli_result_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  team_server = g_strdup (g_getenv ("CSL_TEST_PG"));
  g_unsetenv ("CSL_TEST_PG");

  g_test_add ("/workspace-copy/round-trip", CslTestTmp, NULL, csl_test_tmp_setup, test_round_trip,
              csl_test_tmp_teardown);
  g_test_add ("/workspace-copy/refused", CslTestTmp, NULL, csl_test_tmp_setup, test_refused,
              csl_test_tmp_teardown);

  return g_test_run ();
}
