#include "config.h"

#include "workspace/csl-workspace.h"

#include <glib/gstdio.h>
#include <string.h>

#include "csl-test-cli.h"
#include "csl-test-label.h"
#include "csl-test-util.h"

typedef struct
{
  char  *dir;
  char  *ws_dir;
  char  *draft;
  char  *filed;
  char  *no_standards;
} Fixture;

static char *
id_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = NULL;
  g_autoptr(CslFiling) bare = NULL;
  CslTestLabelParties parties;

  fx->dir = csl_test_make_tmpdir ();
  fx->ws_dir = g_build_filename (fx->dir, "ws", NULL);
  ws = csl_workspace_open (fx->ws_dir, &error);
  g_assert_no_error (error);
  parties = csl_test_label_parties (ws);
  fx->draft = id_string (csl_test_label_filing (ws, &parties, 2, "CAM-100", NULL));
  fx->filed = id_string (csl_test_label_filing (ws, &parties, 3, "CAM-300", "CSL2026-000300"));
  fx->no_standards = id_string (csl_test_label_filing (ws, &parties, 1, "CAM-1", NULL));
  bare = csl_filing_get (ws, g_ascii_strtoll (fx->no_standards, NULL, 10), &error);
  g_clear_pointer (&bare->standards, g_strfreev);
  g_assert_true (csl_filing_update (ws, bare, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  csl_test_rm_rf (fx->dir);
  g_free (fx->dir);
  g_free (fx->ws_dir);
  g_free (fx->draft);
  g_free (fx->filed);
  g_free (fx->no_standards);
}

static char *
out_path (Fixture    *fx,
          const char *name)
{
  return g_build_filename (fx->dir, name, NULL);
}

static void
assert_fails (CslCliResult *r,
              int           status,
              const char   *needle)
{
  if (r->status != status || strstr (r->err, needle) == NULL)
    g_error ("expected status %d and “%s”, got %d: %s", status, needle, r->status, r->err);
  g_assert_cmpstr (r->out, ==, "");
  csl_cli_result_clear (r);
}

static void
test_render (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *png = out_path (fx, "draft.png");
  g_autofree char *pdf = out_path (fx, "filed.pdf");
  g_autofree char *svg_named_png = out_path (fx, "filed.png.out");
  g_autofree char *qr = NULL, *expected = NULL, *svg = NULL;
  CslCliResult r;
  CslTestPdf doc;

  r = csl_cli_run (fx->ws_dir, "label", "render", fx->draft, "--out", png, "--dpi", "300");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  csl_cli_result_clear (&r);
  qr = csl_test_zbar (png);
  expected = g_strdup_printf ("CSL-DRAFT:91110000600037341L/CAM-100/%s", fx->draft);
  g_assert_cmpstr (qr, ==, expected);

  /* --monochrome: black only, the same label. */
  {
    g_autofree char *mono = out_path (fx, "mono.png");

    g_assert_false (csl_test_png_is_grey (png, NULL));
    r = csl_cli_run (fx->ws_dir, "label", "render", fx->draft, "--out", mono, "--dpi", "300", "--monochrome");
    g_assert_cmpint (r.status, ==, 0);
    csl_cli_result_clear (&r);
    g_assert_true (csl_test_png_is_grey (mono, NULL));
    g_free (qr);
    qr = csl_test_zbar (mono);
    g_assert_cmpstr (qr, ==, expected);
  }

  /* The setting's template arrives as --qr-template; --width-mm sets the page. */
  r = csl_cli_run (fx->ws_dir, "label", "render", fx->filed, "--out", pdf, "--width-mm", "100",
                   "--qr-template", "https://filing.example/{filing_number}");
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  doc = csl_test_pdf_read_file (pdf);
  g_assert_cmpfloat_with_epsilon (doc.width_pt, 100 / 25.4 * 72, 0.01);
  g_assert_cmpfloat_with_epsilon (doc.height_pt, 100 * 50.0 / 70 / 25.4 * 72, 0.01);
  g_assert_nonnull (strstr (doc.text, "CSL2026-000300"));
  g_assert_null (strstr (doc.text, "DRAFT"));
  g_free (doc.text);

  g_clear_pointer (&png, g_free);
  g_clear_pointer (&qr, g_free);
  png = out_path (fx, "filed.png");
  r = csl_cli_run (fx->ws_dir, "label", "render", fx->filed, "--out", png,
                   "--qr-template", "https://filing.example/{filing_number}");
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  qr = csl_test_zbar (png);
  g_assert_cmpstr (qr, ==, "https://filing.example/CSL2026-000300");

  /* --format wins over the file name. */
  r = csl_cli_run (fx->ws_dir, "label", "render", fx->filed, "--out", svg_named_png, "--format", "svg");
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  svg = csl_test_read_file (svg_named_png, NULL);
  g_assert_nonnull (strstr (svg, "<svg"));
}

static void
test_refusals (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *out = out_path (fx, "label.pdf");
  CslCliResult r;

  r = csl_cli_run (fx->ws_dir, "label", "render", fx->draft);
  assert_fails (&r, 2, "--out is required");
  r = csl_cli_run (fx->ws_dir, "label", "render", "x1", "--out", out);
  assert_fails (&r, 2, "“x1”");
  r = csl_cli_run (fx->ws_dir, "label", "render", "999", "--out", out);
  assert_fails (&r, 2, "999");
  r = csl_cli_run (fx->ws_dir, "label", "render", fx->draft, "--out", "label.jpg");
  assert_fails (&r, 2, "label.jpg");
  r = csl_cli_run (fx->ws_dir, "label", "render", fx->draft, "--out", out, "--format", "tiff");
  assert_fails (&r, 2, "“tiff”");
  r = csl_cli_run (fx->ws_dir, "label", "render", fx->draft, "--out", out, "--dpi", "lots");
  assert_fails (&r, 2, "--dpi “lots”");
  r = csl_cli_run (fx->ws_dir, "label", "render", fx->draft, "--out", out, "--dpi", "10000");
  assert_fails (&r, 2, "10000 dpi");
  r = csl_cli_run (fx->ws_dir, "label", "render", fx->draft, "--out", out, "--width-mm", "20");
  assert_fails (&r, 2, "20 mm");
  r = csl_cli_run (fx->ws_dir, "label", "render", fx->draft, "--out", out, "--qr-template", "https://x.example/");
  assert_fails (&r, 2, "--qr-template “https://x.example/”");
  /* The label's own checks fail: status 1, as for "filing check". */
  r = csl_cli_run (fx->ws_dir, "label", "render", fx->no_standards, "--out", out);
  assert_fails (&r, 1, "basis standard numbers");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_show (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;
  CslCliResult r;

  r = csl_cli_run (fx->ws_dir, "label", "show", fx->draft, "--json");
  g_assert_cmpint (r.status, ==, 0);
  node = json_from_string (r.out, &error);
  g_assert_no_error (error);
  o = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (o, "draft"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "qr"), "CSL-DRAFT:"));
  g_assert_cmpstr (json_object_get_string_member (o, "grade_name"), ==, "增强级 Enhanced");
  g_assert_true (json_object_get_null_member (o, "problem"));
  csl_cli_result_clear (&r);
  json_node_unref (g_steal_pointer (&node));

  r = csl_cli_run (fx->ws_dir, "label", "show", fx->filed);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "https://csl-filing.invalid/filing/CSL2026-000300"));
  g_assert_nonnull (strstr (r.out, "passes"));
  csl_cli_result_clear (&r);

  /* A failed check is exit status 1, as for "filing check" and "label render". */
  r = csl_cli_run (fx->ws_dir, "label", "show", fx->no_standards);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "basis standard numbers"));
  csl_cli_result_clear (&r);
  r = csl_cli_run (fx->ws_dir, "label", "show", fx->no_standards, "--json");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "\"problem\""));
  csl_cli_result_clear (&r);
}

/* Sheets: several filings and copies in one PDF; bad selections and a failing label refused. */
static void
test_sheet (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *out = out_path (fx, "sheet.pdf");
  CslCliResult r;

  r = csl_cli_run (fx->ws_dir, "label", "sheets");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "a4-3x7-63.5x38.1\t21\t"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (fx->ws_dir, "label", "sheet", fx->draft, fx->filed, "--template", "letter-2x5-70x50",
                   "--copies", "6", "--out", out);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  {
    g_autofree char *uri = g_filename_to_uri (out, NULL, NULL);
    PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, NULL);

    /* 12 labels at 10 a page. */
    g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 2);
    g_object_unref (doc);
  }
  g_assert_cmpint (g_unlink (out), ==, 0);

  r = csl_cli_run (fx->ws_dir, "label", "sheet", fx->draft, "--template", "nope", "--out", out);
  assert_fails (&r, 2, "“nope”");
  r = csl_cli_run (fx->ws_dir, "label", "sheet", "--template", "a4-2x5-70x50", "--out", out);
  assert_fails (&r, 2, "--all");
  r = csl_cli_run (fx->ws_dir, "label", "sheet", fx->draft, "--all", "--template", "a4-2x5-70x50", "--out", out);
  assert_fails (&r, 2, "not both");
  r = csl_cli_run (fx->ws_dir, "label", "sheet", "--all", "--status", "expired", "--template", "a4-2x5-70x50",
                   "--out", out);
  assert_fails (&r, 2, "no filing matches");
  r = csl_cli_run (fx->ws_dir, "label", "sheet", "--all", "--status", "lost", "--template", "a4-2x5-70x50",
                   "--out", out);
  assert_fails (&r, 2, "“lost”");
  r = csl_cli_run (fx->ws_dir, "label", "sheet", fx->draft, "--template", "a4-2x5-70x50", "--skip", "10",
                   "--out", out);
  assert_fails (&r, 2, "--skip");
  /* One label that fails its check: status 1, and no sheet. */
  r = csl_cli_run (fx->ws_dir, "label", "sheet", "--all", "--template", "a4-2x5-70x50", "--out", out);
  assert_fails (&r, 1, "basis standard numbers");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli/label/render", Fixture, NULL, fixture_setup, test_render, fixture_teardown);
  g_test_add ("/cli/label/refusals", Fixture, NULL, fixture_setup, test_refusals, fixture_teardown);
  g_test_add ("/cli/label/show", Fixture, NULL, fixture_setup, test_show, fixture_teardown);
  g_test_add ("/cli/label/sheet", Fixture, NULL, fixture_setup, test_sheet, fixture_teardown);
  return g_test_run ();
}
