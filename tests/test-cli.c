#include "config.h"

#include <json-glib/json-glib.h>

#include <sqlite3.h>

#include "workspace/csl-workspace.h"
#include "csl-test-util.h"
#include "csl-test-cli.h"

static void
assert_fails (CslCliResult r,
              int          status,
              const char  *fragment)
{
  g_assert_cmpint (r.status, ==, status);
  if (strstr (r.err, fragment) == NULL)
    g_error ("expected “%s” on stderr, got: %s", fragment, r.err);
  g_assert_cmpstr (r.out, ==, "");
  csl_cli_result_clear (&r);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

/* The whole path of a manufacturer filing Basic, then an agent filing Leading, with the exit
 * status and messages a script relies on. */
static void
test_end_to_end (CslTestTmp    *tmp,
                 gconstpointer  data)
{
  const char *ws = tmp->dir;
  g_autofree char *m = NULL, *lab = NULL, *tp = NULL, *p = NULL, *f = NULL, *f3 = NULL;
  g_autoptr(JsonNode) list = NULL;
  CslCliResult r;

  r = csl_cli_run (ws, "catalogue", "list");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "CSL 001-2025"));
  g_assert_nonnull (strstr (r.out, "消费类联网摄像头"));
  csl_cli_result_clear (&r);

  m = csl_cli_id (ws, "manufacturer", "add", "--name", "北京示例科技有限公司", "--uscc", "91110000600037341L",
                  "--address", "北京市", "--contact", "张三");
  assert_fails (csl_cli_run (ws, "manufacturer", "add", "--name", "Dup", "--uscc", "91110000600037341L"),
                2, "already");
  assert_fails (csl_cli_run (ws, "manufacturer", "add", "--name", "X", "--uscc", "91110000600037341M"),
                2, "check character");
  assert_fails (csl_cli_run (ws, "manufacturer", "add", "--name", "X", "--uscc", "9111000060003734"),
                2, "9111000060003734");
  assert_fails (csl_cli_run (ws, "manufacturer", "add", "--uscc", "9144030071526726XG"), 2, "--name");
  g_free (csl_cli_id (ws, "manufacturer", "add", "--name", "Early Co", "--uscc", "91330100716105852A",
                      "--accept-check-digit"));

  r = csl_cli_run (ws, "manufacturer", "list", "--json");
  g_assert_cmpint (r.status, ==, 0);
  list = parse_json (r.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  csl_cli_result_clear (&r);

  lab = csl_cli_id (ws, "lab", "add", "--name", "Own Lab", "--kind", "in-house");
  tp = csl_cli_id (ws, "lab", "add", "--name", "CESI Lab", "--kind", "third-party", "--accreditation", "CNAS L0001",
                   "--accredited-until", "2028-12-31");
  assert_fails (csl_cli_run (ws, "lab", "add", "--name", "Z", "--kind", "outsourced"), 2, "outsourced");
  assert_fails (csl_cli_run (ws, "lab", "add", "--name", "Z", "--kind", "third-party", "--accredited-until", "2028-02-30"),
                2, "2028-02-30");

  assert_fails (csl_cli_run (ws, "product", "add", "--manufacturer", m, "--category", "CSL 999-2099", "--model", "X"),
                2, "CSL 999-2099");
  p = csl_cli_id (ws, "product", "add", "--manufacturer", m, "--category", "CSL 001-2025", "--model", "CAM-100",
                  "--firmware", "1.0", "--param", "resolution=4K", "--support-until", "2031-12-31");
  assert_fails (csl_cli_run (ws, "product", "add", "--manufacturer", m, "--category", "CSL 001-2025", "--model", "Y",
                             "--param", "novalue"), 2, "NAME=VALUE");

  assert_fails (csl_cli_run (ws, "filing", "new", "--product", p, "--grade", "4", "--lab", lab), 2, "“4”");
  assert_fails (csl_cli_run (ws, "filing", "new", "--product", "77", "--grade", "1", "--lab", lab), 2, "77");
  assert_fails (csl_cli_run (ws, "filing", "new", "--product", p, "--grade", "1", "--lab", lab,
                             "--report-date", "01/10/2026"), 2, "01/10/2026");
  f = csl_cli_id (ws, "filing", "new", "--product", p, "--grade", "1", "--lab", lab, "--report-number", "R-1",
                  "--report-date", "2026-10-01", "--standard", "GB/T 41387-2022");

  r = csl_cli_run (ws, "filing", "check", f);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "Art. 8(2)"));
  g_assert_nonnull (strstr (r.out, "Test report"));
  g_assert_nonnull (strstr (r.out, "Art. 8(6)"));
  g_assert_null (strstr (r.out, "Art. 8(7)"));
  csl_cli_result_clear (&r);

  f3 = csl_cli_id (ws, "filing", "new", "--product", p, "--grade", "3", "--lab", lab, "--agent",
                   "--report-number", "R-3", "--report-date", "2026-10-01", "--standard", "GB/T 41387-2022");
  r = csl_cli_run (ws, "filing", "check", "--json", f3);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "three-star-in-house-only"));
  g_assert_nonnull (strstr (r.out, "Art. 7(2)"));
  g_assert_nonnull (strstr (r.out, "authorization-letter"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (ws, "filing", "show", f);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "R-1"));
  g_assert_nonnull (strstr (r.out, "GB/T 41387-2022"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (ws, "filing", "list");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "CAM-100"));
  g_assert_nonnull (strstr (r.out, "★★★"));
  csl_cli_result_clear (&r);

  assert_fails (csl_cli_run (ws, "filing", "show", "abc"), 2, "abc");
  assert_fails (csl_cli_run (ws, "filing", "show", "999"), 2, "999");
  (void) tp;
}

static void
test_usage (CslTestTmp    *tmp,
            gconstpointer  data)
{
  CslCliResult r;

  r = csl_cli_run (tmp->dir, "frobnicate", "now");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "frobnicate"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (tmp->dir, "filing", "explode");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "explode"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (tmp->dir, "lab", "add", "--bogus");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--bogus"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (NULL, "--help");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "filing check"));
  csl_cli_result_clear (&r);
}

static void
test_catalogue_import (CslTestTmp    *tmp,
                       gconstpointer  data)
{
  g_autofree char *ws = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *good = g_build_filename (tmp->dir, "good.json", NULL);
  g_autofree char *bad = g_build_filename (tmp->dir, "bad.json", NULL);
  CslCliResult r;

  g_assert_true (g_file_set_contents (good,
    "{\"format\": 1, \"batch\": {\"code\": \"B2\", \"revision\": 1},"
    " \"categories\": [{\"serial\": \"CSL 002-2026\", \"name_en\": \"Smart Locks\"}]}", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{\"format\": 1, ", -1, NULL));

  r = csl_cli_run (ws, "catalogue", "import", good);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  r = csl_cli_run (ws, "catalogue", "list");
  g_assert_nonnull (strstr (r.out, "CSL 002-2026"));
  csl_cli_result_clear (&r);
  assert_fails (csl_cli_run (ws, "catalogue", "import", bad), 2, "bad.json");
  assert_fails (csl_cli_run (ws, "catalogue", "import", "/nonexistent/x.json"), 2, "/nonexistent/x.json");
}

static void
test_newer_workspace (CslTestTmp    *tmp,
                      gconstpointer  data)
{
  g_autofree char *db = g_build_filename (tmp->dir, "filings.db", NULL);
  CslCliResult r = csl_cli_run (tmp->dir, "lab", "list");
  sqlite3 *raw;

  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  if (csl_test_on_server ())
    {
      /* A team workspace names the release that upgraded it. */
      g_autoptr(GError) error = NULL;
      g_autoptr(CslWorkspace) ws = csl_workspace_open (tmp->dir, &error);

      g_assert_no_error (error);
      g_assert_true (csl_db_exec (csl_workspace_get_db (ws), "UPDATE csl_schema SET version = 500, written_by = '9.9'",
                                  &error));
      g_clear_object (&ws);
      assert_fails (csl_cli_run (tmp->dir, "lab", "list"), 2, "upgraded by CSL Filer 9.9");
      return;
    }
  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA user_version = 500", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  assert_fails (csl_cli_run (tmp->dir, "lab", "list"), 2, "newer");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  ADD ("/cli/end-to-end", test_end_to_end);
  ADD ("/cli/usage", test_usage);
  ADD ("/cli/catalogue-import", test_catalogue_import);
  ADD ("/cli/newer-workspace", test_newer_workspace);
  return g_test_run ();
}
