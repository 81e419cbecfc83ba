#include "config.h"

#include "workspace/csl-workspace.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "base/csl-csv-reader.h"
#include "base/csl-csv.h"
#include "csl-test-cli.h"
#include "csl-test-many.h"
#include "csl-test-util.h"

#define N_FILINGS 2500

/* "filing list" streams its rows in large writes: every row, in id order, as before; its JSON
 * is one array as json-glib prints it, element by element. */
static void
test_filing_list (CslTestTmp    *tmp,
                  gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) makers = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  JsonArray *array;
  CslCliResult r;

  {
    g_autoptr(CslWorkspace) ws = csl_workspace_open (dir, &error);

    g_assert_no_error (error);
    csl_test_add_filings (ws, 2, N_FILINGS, &makers);
  }

  r = csl_cli_run (dir, "filing", "list");
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, N_FILINGS + 1);
  g_assert_cmpstr (lines[N_FILINGS], ==, "");
  for (guint i = 0; i < N_FILINGS; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      g_autofree char *model = g_strdup_printf ("M%u-%u", i, i % 2);

      g_assert_cmpuint (g_strv_length (fields), ==, 6);
      g_assert_cmpint (g_ascii_strtoll (fields[0], NULL, 10), ==, i + 1);
      g_assert_cmpstr (fields[1], ==, i % 2 ? "Maker 1" : "Maker 0");
      g_assert_cmpstr (fields[2], ==, model);
      g_assert_cmpstr (fields[4], ==, csl_filing_status_to_string ((CslFilingStatus) (i % CSL_N_STATUSES)));
      g_assert_cmpstr (fields[5], ==, "-");
    }
  csl_cli_result_clear (&r);

  r = csl_cli_run (dir, "filing", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "[\n  {\n    \"id\" : 1,\n"));
  g_assert_true (g_str_has_suffix (r.out, "\n  }\n]\n"));
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, N_FILINGS);
  for (guint i = 0; i < N_FILINGS; i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      g_autofree char *model = g_strdup_printf ("M%u-%u", i, i % 2);

      g_assert_cmpint (json_object_get_int_member (o, "id"), ==, i + 1);
      g_assert_cmpstr (json_object_get_string_member (o, "model"), ==, model);
    }
  csl_cli_result_clear (&r);

  /* One manufacturer's, and none. */
  r = csl_cli_run (dir, "filing", "list", "--manufacturer", "2");
  g_assert_cmpint (r.status, ==, 0);
  g_strfreev (lines);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, N_FILINGS / 2 + 1);
  csl_cli_result_clear (&r);
  r = csl_cli_run (dir, "filing", "list", "--manufacturer", "99", "--json");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "[]\n");
  csl_cli_result_clear (&r);

  /* For spreadsheets: a BOM, a header, a CRLF row each, read back the same by the CSV reader. */
  r = csl_cli_run (dir, "filing", "list", "--format", "csv");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "\xEF\xBB\xBFid,manufacturer_id,manufacturer,model,product_name,grade,"
                                          "status,filing_number,valid_until\r\n"));
  {
    g_autoptr(GPtrArray) rows = csl_csv_parse (r.out, strlen (r.out), "list.csv", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, N_FILINGS + 1);
    for (guint i = 0; i < N_FILINGS; i++)
      {
        CslCsvRecord *row = rows->pdata[i + 1];
        g_autofree char *model = g_strdup_printf ("M%u-%u", i, i % 2);

        g_assert_cmpint (g_ascii_strtoll (row->fields[0], NULL, 10), ==, i + 1);
        g_assert_cmpstr (row->fields[3], ==, model);
        g_assert_cmpstr (row->fields[6], ==, csl_filing_status_to_string ((CslFilingStatus) (i % CSL_N_STATUSES)));
      }
  }
  csl_cli_result_clear (&r);
  r = csl_cli_run (dir, "filing", "list", "--format", "xml");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "“xml”"));
  csl_cli_result_clear (&r);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

/* Bulk commands: several ids or a selection; each filing on its own, a summary, and the exit
 * status of the worst. Filings cycle through every status, two of each. */
static void
test_bulk (CslTestTmp    *tmp,
           gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) makers = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  CslCliResult r;

  {
    g_autoptr(CslWorkspace) ws = csl_workspace_open (dir, &error);

    g_assert_no_error (error);
    csl_test_add_filings (ws, 2, 2 * CSL_N_STATUSES, &makers);
  }

  /* Checks: a line per finding led by the id, JSON an array of results; an unknown id fails
   * alone and makes the status 2. */
  r = csl_cli_run (dir, "filing", "check", "1", "2", "999");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_true (g_str_has_prefix (r.out, "1\t"));
  g_assert_nonnull (strstr (r.out, "\n2\t"));
  g_assert_nonnull (strstr (r.err, "filing 999:"));
  g_assert_nonnull (strstr (r.err, "2 of 3 filings succeeded"));
  csl_cli_result_clear (&r);
  r = csl_cli_run (dir, "filing", "check", "--all", "--status", "draft", "--json");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 2);
  csl_cli_result_clear (&r);

  /* One submission date for every packaged filing; Maker 1 has none (packaged filings are
   * the even ones, Maker 0's), and after it none are left. */
  {
    g_autofree char *maker1 = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (makers, gint64, 1));

    r = csl_cli_run (dir, "filing", "record", "--all", "--status", "packaged", "--manufacturer", maker1,
                     "--submitted", "2026-12-01");
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "no filing matches"));
    csl_cli_result_clear (&r);
  }
  r = csl_cli_run (dir, "filing", "record", "--all", "--status", "packaged", "--submitted", "2026-12-01");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "2 of 2 filings succeeded"));
  csl_cli_result_clear (&r);
  r = csl_cli_run (dir, "filing", "record", "--all", "--status", "packaged", "--submitted", "2026-12-01");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "no filing matches"));
  csl_cli_result_clear (&r);
  r = csl_cli_run (dir, "filing", "record", "--all", "--filed", "X", "--filed-on", "2026-12-01");
  g_assert_cmpint (r.status, ==, 2);
  csl_cli_result_clear (&r);

  /* Re-file both filed ones: the old and the new id a line. */
  r = csl_cli_run (dir, "filing", "refile", "--all", "--status", "filed");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.out), ==, 2);
  g_assert_nonnull (strstr (r.out, "\t"));
  csl_cli_result_clear (&r);
  r = csl_cli_run (dir, "filing", "refile", "1", "--all");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "not both"));
  csl_cli_result_clear (&r);
}

/* Deadlines as JSON: a file and standard output get the same array. */
static void
test_deadlines_json (CslTestTmp    *tmp,
                     gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *out = g_build_filename (tmp->dir, "deadlines.json", NULL);
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  CslCliResult r;

  {
    g_autoptr(CslWorkspace) ws = csl_workspace_open (dir, &error);
    g_autoptr(GArray) makers = NULL;

    g_assert_no_error (error);
    csl_test_add_filings (ws, 1, 40, &makers);
    /* Re-filing due is a deadline from the moment it is recorded. */
    g_assert_true (csl_db_exec (csl_workspace_get_db (ws),
                                "UPDATE filing SET valid_until = '2099-01-01' WHERE status = 'refiling-due'", &error));
  }
  r = csl_cli_run (dir, "deadlines", "--format", "json");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 5);
  g_assert_true (g_str_has_suffix (r.out, "]\n"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (dir, "deadlines", "--format", "json", "--output", out);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  csl_cli_result_clear (&r);
  written = csl_test_read_file (out, NULL);
  r = csl_cli_run (dir, "deadlines", "--format", "json");
  g_assert_cmpstr (written, ==, r.out);
  csl_cli_result_clear (&r);
}

/* A list that cannot be written (a full disk) fails the command, however much of it went out
 * in earlier chunks. */
static void
test_full_output (CslTestTmp    *tmp,
                  gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full here");
      return;
    }
  {
    g_autoptr(CslWorkspace) ws = csl_workspace_open (dir, &error);
    g_autoptr(GArray) makers = NULL;

    g_assert_no_error (error);
    csl_test_add_filings (ws, 2, N_FILINGS, &makers);
  }
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/full");
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CSL_FILER_CLI"), "--workspace", dir,
                                      "filing", "list", "--json", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), !=, 0);
  g_assert_nonnull (strstr (err, "csl-filer-cli:"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli/lists/bulk", CslTestTmp, NULL, csl_test_tmp_setup, test_bulk, csl_test_tmp_teardown);
  g_test_add ("/cli/lists/filing-list", CslTestTmp, NULL, csl_test_tmp_setup, test_filing_list,
              csl_test_tmp_teardown);
  g_test_add ("/cli/lists/full-output", CslTestTmp, NULL, csl_test_tmp_setup, test_full_output,
              csl_test_tmp_teardown);
  g_test_add ("/cli/lists/deadlines-json", CslTestTmp, NULL, csl_test_tmp_setup, test_deadlines_json,
              csl_test_tmp_teardown);
  return g_test_run ();
}
