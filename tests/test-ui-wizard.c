#include "config.h"

#include "csl-application.h"
#include "csl-page-grade.h"
#include "csl-page-product.h"
#include "csl-window.h"
#include "csl-wizard.h"
#include "csl-test-fixtures.h"
#include "csl-test-util.h"
#include "csl-test-ui.h"

static CslApplication *test_app;

typedef struct
{
  char           *dir;
  CslWorkspace   *ws;
  CslApplication *app;
  CslWindow      *window;
  CslFixture      fx;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_setenv ("CSL_FILER_TODAY", "2026-11-21", TRUE);
  f->dir = csl_test_make_tmpdir ();
  f->ws = csl_workspace_open (f->dir, &error);
  g_assert_no_error (error);
  f->fx = csl_fixture_fill (f->ws);
  f->app = g_object_ref (test_app);
  f->window = csl_window_new (f->app, f->ws);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->app);
  g_assert_finalize_object (f->ws);
  csl_test_rm_rf (f->dir);
  g_free (f->dir);
}

static gboolean
strv_has (GStrv       codes,
          const char *code)
{
  return g_strv_contains ((const char *const *) codes, code);
}

static void
test_steps_and_resume (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CslWizard *wizard = csl_wizard_new (GTK_WINDOW (f->window), f->ws, 0, &error);
  CslWizardPage *product, *grade;
  g_auto(GStrv) codes = NULL;
  g_autoptr(CslFiling) saved = NULL;
  g_autoptr(CslProduct) saved_product = NULL;
  gint64 filing_id;

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (wizard), 900, 760);
  gtk_window_present (GTK_WINDOW (wizard));
  g_assert_cmpuint (csl_wizard_get_position (wizard), ==, 0);
  product = csl_wizard_get_page (wizard, 0);

  /* The only manufacturer is preselected; without a model, Next stays off and says why. */
  g_assert_false (csl_wizard_page_get_complete (product));
  g_assert_nonnull (csl_wizard_page_get_blocker (product));
  g_assert_false (csl_wizard_next (wizard));
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-1-product-empty"));

  csl_page_product_fill (CSL_PAGE_PRODUCT (product), f->fx.manufacturer, "CAM-100", "Home Camera", "1.2.0", "2031-12-31");
  g_assert_true (csl_wizard_page_get_complete (product));
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-1-product"));
  g_assert_true (csl_wizard_next (wizard));
  g_assert_cmpuint (csl_wizard_get_position (wizard), ==, 1);
  filing_id = csl_wizard_get_filing_id (wizard);
  g_assert_cmpint (filing_id, >, 0);

  /* Step 2: Three-Star with only an in-house lab is flagged live (Art. 7(2)). */
  grade = csl_wizard_get_page (wizard, 1);
  csl_page_grade_fill (CSL_PAGE_GRADE (grade), CSL_GRADE_LEADING, f->fx.inhouse_lab, "R-2026-0042", "2026-10-15",
                       "GB/T 41387-2022");
  codes = csl_page_grade_dup_finding_codes (CSL_PAGE_GRADE (grade));
  g_assert_true (strv_has (codes, "three-star-in-house-only"));
  g_assert_true (strv_has (codes, "pentest-report"));
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-2-grade-three-star-in-house"));
  g_clear_pointer (&codes, g_strfreev);

  csl_page_grade_fill (CSL_PAGE_GRADE (grade), CSL_GRADE_ENHANCED, f->fx.thirdparty_lab, "R-2026-0042", "2026-10-15",
                       "GB/T 41387-2022");
  codes = csl_page_grade_dup_finding_codes (CSL_PAGE_GRADE (grade));
  g_assert_false (strv_has (codes, "three-star-in-house-only"));
  g_assert_false (strv_has (codes, "pentest-report"));
  g_assert_true (strv_has (codes, "lab-accreditation"));
  g_assert_true (csl_wizard_page_get_complete (grade));
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-2-grade"));

  /* Closing keeps the draft, at the step where it stopped. */
  gtk_window_close (GTK_WINDOW (wizard));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  saved = csl_filing_get (f->ws, filing_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->grade, ==, CSL_GRADE_ENHANCED);
  g_assert_cmpint (saved->lab_id, ==, f->fx.thirdparty_lab);
  g_assert_cmpstr (saved->report_number, ==, "R-2026-0042");
  g_assert_cmpint (saved->wizard_step, ==, 1);
  saved_product = csl_product_get (f->ws, saved->product_id, &error);
  g_assert_cmpstr (saved_product->model, ==, "CAM-100");
  g_assert_cmpstr (saved_product->support_until, ==, "2031-12-31");

  wizard = csl_wizard_new (GTK_WINDOW (f->window), f->ws, filing_id, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (wizard));
  g_assert_cmpuint (csl_wizard_get_position (wizard), ==, 1);
  csl_wizard_back (wizard);
  g_assert_cmpuint (csl_wizard_get_position (wizard), ==, 0);
  gtk_window_destroy (GTK_WINDOW (wizard));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  csl_test_ui_init (&argc, &argv);
  /* One registered application per process, as in the real program. */
  test_app = csl_application_new ();
  g_application_set_flags (G_APPLICATION (test_app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (test_app), NULL, &error));
  g_test_add ("/ui/wizard/steps-and-resume", Fixture, NULL, setup, test_steps_and_resume, teardown);
  status = g_test_run ();
  g_clear_object (&test_app);
  return status;
}
