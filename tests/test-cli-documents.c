#include "config.h"

#include <json-glib/json-glib.h>

#include "csl-test-cli.h"
#include "csl-test-filing.h"
#include "csl-test-pdf.h"
#include "csl-test-util.h"

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

static JsonArray *
attachments_json (const char *ws,
                  const char *filing,
                  JsonNode  **root)
{
  g_autoptr(GError) error = NULL;
  CslCliResult r = csl_cli_run (ws, "filing", "attachments", "--json", filing);

  g_assert_cmpint (r.status, ==, 0);
  *root = json_from_string (r.out, &error);
  g_assert_no_error (error);
  csl_cli_result_clear (&r);
  return json_node_get_array (*root);
}

/* attach, list, check, render and detach the way a script would, with their exit statuses. */
static void
test_documents_end_to_end (CslTestTmp    *tmp,
                           gconstpointer  data)
{
  g_autofree char *ws = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *report = g_build_filename (tmp->dir, "report.pdf", NULL);
  g_autofree char *scan = g_build_filename (tmp->dir, "scan.pdf", NULL);
  g_autofree char *empty = g_build_filename (tmp->dir, "empty.pdf", NULL);
  g_autofree char *fake = g_build_filename (tmp->dir, "fake.pdf", NULL);
  g_autofree char *locked = g_build_filename (tmp->dir, "locked.pdf", NULL);
  g_autofree char *form = g_build_filename (tmp->dir, "form.pdf", NULL);
  g_autofree char *letter = g_build_filename (tmp->dir, "letter.pdf", NULL);
  g_autofree char *m = NULL, *lab = NULL, *p = NULL, *f = NULL, *a1 = NULL, *a2 = NULL, *a3 = NULL;
  g_autofree char *text = NULL, *sha = NULL;
  g_autofree char *store = g_build_filename (ws, "store", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *list;
  CslCliResult r;

  csl_test_make_test_report (report);
  csl_test_make_pdf1 (scan, "营业执照");
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (fake, "PK\003\004 a zip file", -1, NULL));
  csl_test_encrypt_pdf (report, locked);

  m = csl_cli_id (ws, "manufacturer", "add", "--name", CSL_TEST_MANUFACTURER_ZH, "--uscc", CSL_TEST_USCC);
  lab = csl_cli_id (ws, "lab", "add", "--name", "CESI Lab", "--kind", "third-party", "--accreditation", "CNAS L0001",
                    "--accredited-until", "2028-12-31");
  p = csl_cli_id (ws, "product", "add", "--manufacturer", m, "--category", "CSL 001-2025", "--model", CSL_TEST_MODEL);
  f = csl_cli_id (ws, "filing", "new", "--product", p, "--grade", "1", "--lab", lab, "--report-number",
                  CSL_TEST_REPORT_NUMBER, "--report-date", "2026-10-01", "--standard", CSL_TEST_STANDARD_1,
                  "--standard", "GB/T 99999-2099");

  a1 = csl_cli_id (ws, "filing", "attach", f, "--kind", "test-report", report);
  a2 = csl_cli_id (ws, "filing", "attach", f, "--kind", "business-license", scan);
  /* The same bytes again: a new row, no new blob. */
  a3 = csl_cli_id (ws, "filing", "attach", f, "--kind", "other", report);

  assert_fails (csl_cli_run (ws, "filing", "attach", f, "--kind", "test-report", empty), 2, "empty.pdf");
  assert_fails (csl_cli_run (ws, "filing", "attach", f, "--kind", "test-report", fake), 2, "not a PDF");
  assert_fails (csl_cli_run (ws, "filing", "attach", f, "--kind", "test-report", locked), 2, "password");
  assert_fails (csl_cli_run (ws, "filing", "attach", f, "--kind", "test-report", "--max-size-mib", "0", report),
                2, "--max-size-mib");
  assert_fails (csl_cli_run (ws, "filing", "attach", f, "--kind", "brochure", report), 2, "brochure");
  assert_fails (csl_cli_run (ws, "filing", "attach", f, report), 2, "--kind");
  assert_fails (csl_cli_run (ws, "filing", "attach", "77", "--kind", "other", report), 2, "77");

  list = attachments_json (ws, f, &root);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  {
    JsonObject *o = json_array_get_object_element (list, 0);

    g_assert_cmpint (json_object_get_int_member (o, "id"), ==, g_ascii_strtoll (a1, NULL, 10));
    g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "test-report");
    g_assert_cmpstr (json_object_get_string_member (o, "file_name"), ==, "report.pdf");
    g_assert_cmpint (json_object_get_int_member (o, "size"), ==, (gint64) csl_test_file_size (report));
    g_assert_cmpint (json_object_get_int_member (o, "page_count"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (o, "report_number_found"), ==, CSL_TEST_REPORT_NUMBER);
    sha = g_strdup (json_object_get_string_member (o, "sha256"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 2), "sha256"), ==, sha);
  }
  g_assert_cmpuint (csl_test_count_files (store), ==, 2);

  r = csl_cli_run (ws, "filing", "attachments", f);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, sha));
  g_assert_nonnull (strstr (r.out, "595x842"));
  g_assert_nonnull (strstr (r.out, "business-license"));
  csl_cli_result_clear (&r);

  /* The check reads the report's text: the second standard is not in it. */
  r = csl_cli_run (ws, "filing", "check", f);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "GB/T 99999-2099"));
  g_assert_nonnull (strstr (r.out, "report.pdf"));
  g_assert_null (strstr (r.out, "does not mention the product model"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (ws, "store", "verify");
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);

  r = csl_cli_run (ws, "document", "render", f, "--kind", "filing-form", "--out", form);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  text = csl_test_pdf_text (form, NULL);
  csl_test_assert_mentions (text, CSL_TEST_MANUFACTURER_ZH);
  csl_test_assert_mentions (text, sha);
  assert_fails (csl_cli_run (ws, "document", "render", f, "--kind", "authorization-letter", "--out", letter),
                2, "agent");
  g_assert_false (g_file_test (letter, G_FILE_TEST_EXISTS));
  assert_fails (csl_cli_run (ws, "document", "render", f, "--kind", "poster", "--out", letter), 2, "poster");
  assert_fails (csl_cli_run (ws, "document", "render", f, "--kind", "declaration"), 2, "--out");

  assert_fails (csl_cli_run (ws, "filing", "detach", f, "999"), 2, "999");
  r = csl_cli_run (ws, "filing", "detach", f, a1);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  r = csl_cli_run (ws, "filing", "detach", f, a2);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  g_clear_pointer (&root, json_node_unref);
  list = attachments_json (ws, f, &root);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  /* a3 still names the report's blob; the licence's is gone. */
  g_assert_cmpuint (csl_test_count_files (store), ==, 1);

  /* A damaged blob makes "store verify" fail and name the document. */
  {
    char fan[3] = { sha[0], sha[1], 0 };
    g_autofree char *blob = g_build_filename (store, fan, sha, NULL);
    g_autofree char *bytes = NULL;
    gsize len;

    g_assert_cmpint (g_chmod (blob, 0600), ==, 0);
    bytes = csl_test_read_file (blob, &len);
    bytes[len / 3] ^= 1;
    g_assert_true (g_file_set_contents (blob, bytes, (gssize) len, NULL));
    r = csl_cli_run (ws, "store", "verify");
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.out, "report.pdf"));
    g_assert_nonnull (strstr (r.out, "damaged"));
    csl_cli_result_clear (&r);
  }
  (void) a3;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("CSL_FILER_TODAY", "2026-11-21", TRUE);

  g_test_add ("/cli/documents", CslTestTmp, NULL, csl_test_tmp_setup, test_documents_end_to_end,
              csl_test_tmp_teardown);
  return g_test_run ();
}
