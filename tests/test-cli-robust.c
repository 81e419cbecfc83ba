/* csl-filer-cli against what a careless or hostile user does (issue 16): values stored with
 * control characters by an older program reach no output raw, a read-only workspace is read
 * but not written, and a draft can be changed after it was made. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "records/csl-audit.h"
#include "csl-test-cli.h"
#include "csl-test-filing.h"
#include "workspace/csl-workspace.h"
#include "csl-test-util.h"

static void
exec_sql (const char *dir,
          const char *sql)
{
  g_autofree char *path = g_build_filename (dir, "filings.db", NULL);
  sqlite3 *raw = NULL;
  char *message = NULL;

  if (csl_test_on_server ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CslWorkspace) ws = csl_workspace_open (dir, &error);

      g_assert_no_error (error);
      if (!csl_db_exec (csl_workspace_get_db (ws), sql, &error))
        g_error ("%s: %s", sql, error->message);
      return;
    }
  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  if (sqlite3_exec (raw, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (raw);
}

static char *
run_ok (const char        *dir,
        const char *const *args)
{
  CslCliResult r = csl_cli_runv (dir, NULL, args);
  char *out;

  if (r.status != 0)
    g_error ("%s %s: exit %d: %s", args[0], args[1], r.status, r.err);
  out = g_steal_pointer (&r.out);
  csl_cli_result_clear (&r);
  return out;
}

#define ok(dir, ...) run_ok ((dir), (const char *const[]) { __VA_ARGS__, NULL })

/* Nothing but tabs and newlines below U+0020, no C1 control, no bidi override. */
static void
assert_no_raw_controls (const char *what,
                        const char *out)
{
  g_assert_true (g_utf8_validate (out, -1, NULL));
  for (const char *p = out; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E))
        g_error ("%s prints U+%04X raw:\n%s", what, c, out);
    }
}

static guint
count_lines (const char *out)
{
  guint n = 0;

  for (const char *p = out; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* An older program (or another tool) stored a model, a name and a file name with escape
 * sequences, a newline and a bidi override: every text output shows them as escapes, one row
 * per record. */
static void
test_output_escaped (CslTestTmp    *tmp,
                     gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *id = NULL, *sql = NULL;
  g_autofree char *out = NULL;
  CslTestFiling t;

  csl_test_filing_open (&t, dir, FALSE);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, t.filing);
  csl_test_filing_close (&t);

  sql = g_strdup_printf ("UPDATE product SET model = 'CAM' || char(1) || char(27) || '[31mRED' || char(10) || 'INJECTED'; "
                         "UPDATE manufacturer SET name_en = 'Evil' || char(8238) || 'gpj.exe', name_zh = NULL; "
                         "UPDATE filing SET status = 'filed', filing_number = 'N' || char(27) || ']0;x' || char(7), "
                         "filed_on = date('now', '-1 year'), valid_from = date('now', '-1 year'), "
                         "valid_until = date('now', '+10 days'); "
                         "INSERT INTO attachment (filing_id, kind, file_name, size, sha256, attached_at) "
                         "VALUES (%s, 'other', 'a' || char(27) || '[2Jb' || char(10) || '.pdf', 1, "
                         "'0000000000000000000000000000000000000000000000000000000000000000', 'x');", id);
  exec_sql (dir, sql);

  out = ok (dir, "filing", "list");
  assert_no_raw_controls ("filing list", out);
  g_assert_cmpuint (count_lines (out), ==, 1);
  g_assert_nonnull (strstr (out, "CAM\\x01\\x1b[31mRED\\nINJECTED"));
  g_assert_nonnull (strstr (out, "Evil\\u202egpj.exe"));
  g_clear_pointer (&out, g_free);

  out = ok (dir, "product", "list");
  assert_no_raw_controls ("product list", out);
  g_assert_cmpuint (count_lines (out), ==, 1);
  g_clear_pointer (&out, g_free);

  out = ok (dir, "manufacturer", "list");
  assert_no_raw_controls ("manufacturer list", out);
  g_clear_pointer (&out, g_free);

  out = ok (dir, "filing", "show", id);
  assert_no_raw_controls ("filing show", out);
  g_assert_nonnull (strstr (out, "N\\x1b]0;x\\x07"));
  g_clear_pointer (&out, g_free);

  out = ok (dir, "filing", "attachments", id);
  assert_no_raw_controls ("filing attachments", out);
  g_assert_cmpuint (count_lines (out), ==, 1);
  g_assert_nonnull (strstr (out, "a\\x1b[2Jb\\n.pdf"));
  g_clear_pointer (&out, g_free);

  out = ok (dir, "deadlines", "--within", "30");
  assert_no_raw_controls ("deadlines", out);
  g_assert_nonnull (strstr (out, "label-expiry"));
  g_assert_cmpuint (count_lines (out), ==, 1);
  g_clear_pointer (&out, g_free);

  /* RFC 5545: no control but HTAB in TEXT (the line ends are the format's own CRLF). */
  out = ok (dir, "deadlines", "--within", "30", "--format", "ics");
  for (const char *p = out; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\t' && !(*p == '\r' && p[1] == '\n') && !(*p == '\n' && p > out && p[-1] == '\r'))
      g_error ("the calendar holds the control 0x%02x:\n%s", (guchar) *p, out);
  g_assert_null (strstr (out, "\xe2\x80\xae"));
  g_clear_pointer (&out, g_free);

  out = ok (dir, "filing", "history", id);
  assert_no_raw_controls ("filing history", out);
}

/* Reading commands work on a workspace the user cannot write, say so, and writes are refused
 * with a clear message; nothing in the folder changes. */
static void
test_read_only (CslTestTmp    *tmp,
                gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *db_path = g_build_filename (dir, "filings.db", NULL);
  g_autofree char *wrapper = NULL, *before = NULL, *after = NULL, *out = NULL;
  gsize before_len, after_len;
  CslTestFiling t;
  CslCliResult r;
  int status = -1;

  csl_test_filing_open (&t, dir, FALSE);
  csl_test_filing_close (&t);

  /* Read-only media, as the kernel reports it: a read-only bind mount (root may write any file
   * whatever its mode, so permissions alone would not do). */
  if (!g_spawn_command_line_sync ("bwrap --dev-bind / / --ro-bind / / true", NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("bwrap cannot make a read-only mount here");
      return;
    }
  before = csl_test_read_file (db_path, &before_len);
  wrapper = g_strdup_printf ("bwrap --dev-bind / / --ro-bind '%s' '%s'", dir, dir);
  g_setenv ("CSL_FILER_CLI_WRAPPER", wrapper, TRUE);

  r = csl_cli_run (dir, "filing", "list");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, CSL_TEST_MODEL));
  g_assert_nonnull (strstr (r.err, "read-only"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (dir, "deadlines", "--within", "3650");
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);

  r = csl_cli_run (dir, "filing", "check", "1", "--json");
  g_assert_cmpint (r.status, !=, 2);
  csl_cli_result_clear (&r);

  r = csl_cli_run (dir, "manufacturer", "add", "--name", "Other", "--uscc", "91350100M000100Y43",
                   "--accept-check-digit");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "is read-only"));
  g_assert_nonnull (strstr (r.err, "can be read but not changed"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (dir, "lab", "update", "1", "--name", "Renamed");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "read-only"));
  csl_cli_result_clear (&r);

  g_unsetenv ("CSL_FILER_CLI_WRAPPER");
  after = csl_test_read_file (db_path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
  out = ok (dir, "lab", "list");
  g_assert_null (strstr (out, "Renamed"));
}

/* A workspace an older program wrote cannot be upgraded read-only: the message says what to do. */
static void
test_read_only_older (CslTestTmp    *tmp,
                      gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *db_path = g_build_filename (dir, "filings.db", NULL);
  g_autofree char *wrapper = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  CslCliResult r;

  if (!g_spawn_command_line_sync ("bwrap --dev-bind / / --ro-bind / / true", NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("bwrap cannot make a read-only mount here");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  csl_db_close (csl_db_open_at_version (db_path, 2, &error));
  g_assert_no_error (error);
  wrapper = g_strdup_printf ("bwrap --dev-bind / / --ro-bind '%s' '%s'", dir, dir);
  g_setenv ("CSL_FILER_CLI_WRAPPER", wrapper, TRUE);
  r = csl_cli_run (dir, "manufacturer", "list");
  g_unsetenv ("CSL_FILER_CLI_WRAPPER");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "read-only and was written by an older CSL Filer"));
  csl_cli_result_clear (&r);
}

static gboolean
history_has (const char *dir,
             const char *entity,
             gint64      id,
             const char *field,
             const char *new_value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = csl_workspace_open (dir, &error);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE entity = '%s' AND entity_id = %" G_GINT64_FORMAT
                                          " AND field = '%s' AND new_value = '%s' AND via = 'cli'",
                                          entity, id, field, new_value);
  g_autoptr(CslStmt) stmt = csl_db_prepare (csl_workspace_get_db (ws), sql, &error);

  g_assert_no_error (error);
  g_assert_true (csl_stmt_step_row (stmt, &error));
  return csl_stmt_column_int (stmt, 0) == 1;
}

/* A draft made without --standard can get one, and pass its check, from the command line. */
static void
test_update (CslTestTmp    *tmp,
             gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *m = NULL, *lab = NULL, *lab2 = NULL, *p = NULL, *f = NULL, *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;
  CslCliResult r;

  m = csl_cli_id (dir, "manufacturer", "add", "--name", "Acme", "--uscc", "91110000600037341L");
  lab = csl_cli_id (dir, "lab", "add", "--name", "Lab One", "--kind", "third-party", "--accreditation", "CNAS L1",
                    "--accredited-until", "2030-12-31");
  lab2 = csl_cli_id (dir, "lab", "add", "--name", "Lab Two", "--kind", "third-party");
  p = csl_cli_id (dir, "product", "add", "--manufacturer", m, "--category", "CSL 001-2025", "--model", "CAM-1");
  f = csl_cli_id (dir, "filing", "new", "--product", p, "--grade", "2", "--lab", lab);

  r = csl_cli_run (dir, "filing", "check", f);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "standard"));
  csl_cli_result_clear (&r);

  out = ok (dir, "filing", "update", f, "--standard", "GB/T 41387-2022", "--standard", "GB/T 38632-2020",
            "--report-number", "R-1", "--report-date", "2026-08-01", "--lab", lab2);
  g_clear_pointer (&out, g_free);
  out = ok (dir, "filing", "show", f, "--json");
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  o = json_node_get_object (node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "standards")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (o, "report_number"), ==, "R-1");
  g_assert_cmpint (json_object_get_int_member (o, "lab_id"), ==, g_ascii_strtoll (lab2, NULL, 10));
  /* filing show --json has every stored field, the bundle's checksum too (none yet). */
  g_assert_true (json_object_has_member (o, "bundle_sha256"));
  g_assert_true (json_object_get_null_member (o, "bundle_sha256"));
  g_assert_true (history_has (dir, "filing", g_ascii_strtoll (f, NULL, 10), "report_number", "R-1"));
  g_assert_true (history_has (dir, "filing", g_ascii_strtoll (f, NULL, 10), "standards",
                              "GB/T 41387-2022; GB/T 38632-2020"));
  g_clear_pointer (&out, g_free);

  r = csl_cli_run (dir, "filing", "check", f);
  g_assert_null (strstr (r.out, "basis standard"));
  csl_cli_result_clear (&r);

  /* The app's checks: a bad date, an unknown lab, an empty standard, nothing to change. */
  r = csl_cli_run (dir, "filing", "update", f, "--report-date", "2026-02-30");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "2026-02-30"));
  csl_cli_result_clear (&r);
  r = csl_cli_run (dir, "filing", "update", f, "--pentest-lab", "999");
  g_assert_cmpint (r.status, ==, 2);
  csl_cli_result_clear (&r);
  r = csl_cli_run (dir, "filing", "update", f);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "nothing to change"));
  csl_cli_result_clear (&r);
  r = csl_cli_run (dir, "filing", "update", f, "--standard", "GB/T\xe2\x80\xae" "1");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "U+202E"));
  csl_cli_result_clear (&r);

  /* Past draft, a filing is reopened first, as in the app. */
  exec_sql (dir, "UPDATE filing SET status = 'ready'");
  r = csl_cli_run (dir, "filing", "update", f, "--report-number", "R-2");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "only a draft"));
  csl_cli_result_clear (&r);

  out = ok (dir, "manufacturer", "update", m, "--address", "1 Main St", "--email", "psirt@acme.example");
  g_clear_pointer (&out, g_free);
  g_assert_true (history_has (dir, "manufacturer", g_ascii_strtoll (m, NULL, 10), "address", "1 Main St"));
  r = csl_cli_run (dir, "manufacturer", "update", m, "--uscc", "91110000600037341X");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--accept-check-digit"));
  csl_cli_result_clear (&r);
  r = csl_cli_run (dir, "manufacturer", "update", m, "--email", "not an address");
  g_assert_cmpint (r.status, ==, 2);
  csl_cli_result_clear (&r);
  r = csl_cli_run (dir, "manufacturer", "update", "99", "--phone", "1");
  g_assert_cmpint (r.status, ==, 2);
  csl_cli_result_clear (&r);

  out = ok (dir, "lab", "update", lab2, "--accreditation", "CNAS L2", "--accredited-until", "2029-06-30");
  g_clear_pointer (&out, g_free);
  g_assert_true (history_has (dir, "lab", g_ascii_strtoll (lab2, NULL, 10), "accredited_until", "2029-06-30"));
  r = csl_cli_run (dir, "lab", "update", lab2, "--kind", "somewhere");
  g_assert_cmpint (r.status, ==, 2);
  csl_cli_result_clear (&r);
  out = ok (dir, "lab", "list");
  g_assert_nonnull (strstr (out, "CNAS L2"));
}

static void
skip_on_server (CslTestTmp    *tmp,
                gconstpointer  data)
{
  g_test_skip ("about read-only SQLite workspace files");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Read-only folders and files are SQLite's; a team server refuses by role (test-team). */
#define ADD(path, fn) \
  g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, \
              csl_test_on_server () && (fn == test_read_only || fn == test_read_only_older) ? skip_on_server : fn, \
              csl_test_tmp_teardown)
  ADD ("/cli/robust/output-escaped", test_output_escaped);
  ADD ("/cli/robust/read-only", test_read_only);
  ADD ("/cli/robust/read-only-older", test_read_only_older);
  ADD ("/cli/robust/update", test_update);
  return g_test_run ();
}
