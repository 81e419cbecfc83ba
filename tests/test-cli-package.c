#include "config.h"

#include "csl-test-util.h"
#include "csl-test-cli.h"
#include "csl-test-pdf.h"

/* The whole path a user takes from the command line, with the real filing form and label
 * (not stand-ins): a filing with its materials is packaged, signed and verified, and the
 * filing moves to "packaged". */
static void
test_package_with_real_documents (CslTestTmp    *tmp,
                                  gconstpointer  data)
{
  g_autofree char *ws = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *pw = g_build_filename (tmp->dir, "pw", NULL);
  g_autofree char *p12 = g_build_filename (tmp->dir, "id.p12", NULL);
  g_autofree char *cert = g_build_filename (tmp->dir, "signer.pem", NULL);
  g_autofree char *m = NULL, *lab = NULL, *p = NULL, *f = NULL, *bundle = NULL;
  const char *kinds[] = { "test-report", "declaration", "business-license", "lab-accreditation" };
  CslCliResult r;

  m = csl_cli_id (ws, "manufacturer", "add", "--name", "北京示例科技有限公司", "--uscc", "91110000600037341L");
  lab = csl_cli_id (ws, "lab", "add", "--name", "CESI Lab", "--kind", "third-party", "--accreditation", "CNAS L0001",
                    "--accredited-until", "2099-12-31");
  p = csl_cli_id (ws, "product", "add", "--manufacturer", m, "--category", "CSL 001-2025", "--model", "CAM-100",
                  "--support-until", "2099-12-31", "--default-passwords", "unique", "--vulnerability-contact", "psirt",
                  "--update-policy", "5 years");
  f = csl_cli_id (ws, "filing", "new", "--product", p, "--grade", "2", "--lab", lab, "--report-number", "R-1",
                  "--report-date", "2026-10-01", "--standard", "GB/T 41387-2022");

  /* Not packageable while materials are missing: the error lists them, nothing is written. */
  g_assert_true (g_file_set_contents (pw, "secret\n", -1, NULL));
  r = csl_cli_run (NULL, "identity", "create", "--name", "Example Signer", "--out", p12, "--cert-out", cert,
                   "--password-file", pw);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);
  r = csl_cli_run (ws, "bundle", "create", f, "--out", tmp->dir, "--p12", p12, "--password-file", pw);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "Test report"));
  csl_cli_result_clear (&r);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", tmp->dir, kinds[i]);
      g_autofree char *text = g_strdup_printf ("%s: 北京示例科技有限公司 CAM-100 R-1 GB/T 41387-2022", kinds[i]);

      csl_test_make_pdf1 (pdf, text);
      g_free (csl_cli_id (ws, "filing", "attach", f, "--kind", kinds[i], pdf));
    }

  r = csl_cli_run (ws, "bundle", "create", f, "--out", tmp->dir, "--p12", p12, "--password-file", pw);
  if (r.status != 0)
    g_error ("bundle create: %s", r.err);
  bundle = g_strdup (g_strstrip (r.out));
  g_assert_true (g_file_test (bundle, G_FILE_TEST_IS_REGULAR));
  /* Named from manufacturer, model, grade and date, in ASCII (the Chinese name falls back to the USCC). */
  g_assert_true (g_str_has_suffix (bundle, ".zip"));
  g_assert_nonnull (strstr (bundle, "91110000600037341L_CAM-100_2-star_"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (NULL, "bundle", "verify", bundle, "--signer", cert, "--json");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "01-filing-form.pdf"));
  g_assert_nonnull (strstr (r.out, "03-label.svg"));
  g_assert_nonnull (strstr (r.out, "03-label.png"));
  g_assert_nonnull (strstr (r.out, "06-lab-accreditation.pdf"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (ws, "filing", "show", f, "--json");
  g_assert_nonnull (strstr (r.out, "\"packaged\""));
  csl_cli_result_clear (&r);
}

/* Several filings with one identity and one password: each complete one becomes a bundle in
 * the --out folder ("ID<TAB>FILE"), the incomplete one is named with what it lacks, the summary
 * counts them, and the exit status says only a check failed. */
static void
test_package_many (CslTestTmp    *tmp,
                   gconstpointer  data)
{
  g_autofree char *ws = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *pw = g_build_filename (tmp->dir, "pw", NULL);
  g_autofree char *p12 = g_build_filename (tmp->dir, "id.p12", NULL);
  g_autofree char *out = g_build_filename (tmp->dir, "bundles", NULL);
  g_autofree char *not_a_folder = g_build_filename (tmp->dir, "pw", NULL);
  g_autofree char *m = NULL, *lab = NULL;
  const char *kinds[] = { "test-report", "declaration", "business-license", "lab-accreditation" };
  const char *models[] = { "CAM-100", "CAM-200", "CAM-300" };
  char *filings[G_N_ELEMENTS (models)];
  g_auto(GStrv) lines = NULL;
  CslCliResult r;

  m = csl_cli_id (ws, "manufacturer", "add", "--name", "北京示例科技有限公司", "--uscc", "91110000600037341L");
  lab = csl_cli_id (ws, "lab", "add", "--name", "CESI Lab", "--kind", "third-party", "--accreditation", "CNAS L0001",
                    "--accredited-until", "2099-12-31");
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autofree char *p = csl_cli_id (ws, "product", "add", "--manufacturer", m, "--category", "CSL 001-2025",
                                       "--model", models[i], "--support-until", "2099-12-31", "--default-passwords",
                                       "unique", "--vulnerability-contact", "psirt", "--update-policy", "5 years");
      g_autofree char *report = g_strdup_printf ("R-%u", i + 1);

      filings[i] = csl_cli_id (ws, "filing", "new", "--product", p, "--grade", "2", "--lab", lab, "--report-number",
                               report, "--report-date", "2026-10-01", "--standard", "GB/T 41387-2022");
      /* The second stays without its materials. */
      for (guint k = 0; i != 1 && k < G_N_ELEMENTS (kinds); k++)
        {
          g_autofree char *pdf = g_strdup_printf ("%s/%s-%u.pdf", tmp->dir, kinds[k], i);
          g_autofree char *text = g_strdup_printf ("%s: 北京示例科技有限公司 %s %s GB/T 41387-2022", kinds[k],
                                                   models[i], report);

          csl_test_make_pdf1 (pdf, text);
          g_free (csl_cli_id (ws, "filing", "attach", filings[i], "--kind", kinds[k], pdf));
        }
    }
  g_assert_true (g_file_set_contents (pw, "secret\n", -1, NULL));
  r = csl_cli_run (NULL, "identity", "create", "--name", "Example Signer", "--out", p12, "--password-file", pw);
  g_assert_cmpint (r.status, ==, 0);
  csl_cli_result_clear (&r);

  /* Several bundles need a folder to go in. */
  r = csl_cli_run (ws, "bundle", "create", "--all", "--out", not_a_folder, "--p12", p12, "--password-file", pw);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "folder"));
  csl_cli_result_clear (&r);

  g_mkdir_with_parents (out, 0755);
  r = csl_cli_run (ws, "bundle", "create", "--all", "--status", "draft", "--out", out, "--p12", p12,
                   "--password-file", pw);
  g_assert_cmpint (r.status, ==, 1);
  lines = g_strsplit (g_strstrip (r.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_true (g_str_has_prefix (lines[0], filings[0]));
  g_assert_nonnull (strstr (lines[0], "CAM-100_2-star_"));
  g_assert_true (g_str_has_prefix (lines[1], filings[2]));
  {
    g_autofree char *named = g_strdup_printf ("filing %s:", filings[1]);

    g_assert_nonnull (strstr (r.err, named));
  }
  g_assert_nonnull (strstr (r.err, "Test report"));
  g_assert_nonnull (strstr (r.err, "2 of 3 filings succeeded"));
  csl_cli_result_clear (&r);

  r = csl_cli_run (ws, "filing", "show", filings[1], "--json");
  g_assert_nonnull (strstr (r.out, "\"draft\""));
  csl_cli_result_clear (&r);
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    g_free (filings[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli/package/real-documents", CslTestTmp, NULL, csl_test_tmp_setup,
              test_package_with_real_documents, csl_test_tmp_teardown);
  g_test_add ("/cli/package/many", CslTestTmp, NULL, csl_test_tmp_setup, test_package_many, csl_test_tmp_teardown);
  return g_test_run ();
}
