#include "config.h"

#include <string.h>

#include "csl-application.h"
#include "csl-banner.h"
#include "csl-page-grade.h"
#include "csl-page-product.h"
#include "csl-window.h"
#include "csl-wizard.h"
#include "csl-wizard-conflict.h"
#include "records/csl-filing.h"
#include "workspace/csl-workspace.h"
#include "csl-test-fixtures.h"
#include "csl-test-util.h"
#include "csl-test-ui.h"

/* Two people on one workspace: the wizard's save meets li.wei's newer one. The banner says
 * who and offers Reload; the reload lists what li.wei changed and keeps what was typed, which
 * Re-apply Mine puts back (the user's report number wins: they chose to re-apply it); the next
 * save then succeeds and keeps li.wei's change to the product. */

static CslApplication *test_app;

typedef struct
{
  char           *dir;
  CslWorkspace   *ws;
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
  csl_workspace_set_user (f->ws, "zhang.san");
  f->fx = csl_fixture_fill (f->ws);
  f->window = csl_window_new (GTK_APPLICATION (test_app), f->ws);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->ws);
  csl_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
test_conflict_reload_reapply (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) other = NULL;
  g_autoptr(CslFiling) theirs = NULL;
  g_autoptr(CslFiling) saved = NULL;
  g_autoptr(CslProduct) theirs_product = NULL;
  g_autoptr(CslProduct) saved_product = NULL;
  CslWizard *wizard = csl_wizard_new (GTK_WINDOW (f->window), f->ws, 0, &error);
  CslBanner *banner;
  CslWizardPage *grade;
  gint64 filing_id;
  const char *title;

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (wizard), 900, 760);
  gtk_window_present (GTK_WINDOW (wizard));
  banner = csl_wizard_get_conflict_banner (wizard);
  g_assert_false (csl_banner_get_revealed (banner));

  csl_page_product_fill (CSL_PAGE_PRODUCT (csl_wizard_get_page (wizard, 0)), f->fx.manufacturer, "CAM-100",
                         "Home Camera", "1.2.0", "2031-12-31");
  g_assert_true (csl_wizard_next (wizard));
  filing_id = csl_wizard_get_filing_id (wizard);

  /* li.wei, on another machine, corrects the product's hardware version and the filing's
   * test report number, and saves first. */
  other = csl_workspace_open (f->dir, &error);
  g_assert_no_error (error);
  csl_workspace_set_user (other, "li.wei");
  theirs = csl_filing_get (other, filing_id, &error);
  g_assert_no_error (error);
  theirs_product = csl_product_get (other, theirs->product_id, &error);
  g_assert_no_error (error);
  g_free (theirs_product->hardware_version);
  theirs_product->hardware_version = g_strdup ("HW-3");
  g_assert_true (csl_product_update (other, theirs_product, &error));
  g_assert_no_error (error);
  theirs->report_number = g_strdup ("R-LI-WEI");
  g_assert_true (csl_filing_update (other, theirs, &error));
  g_assert_no_error (error);

  grade = csl_wizard_get_page (wizard, 1);
  csl_page_grade_fill (CSL_PAGE_GRADE (grade), CSL_GRADE_ENHANCED, f->fx.thirdparty_lab, "R-MINE-0042",
                       "2026-10-15", "GB/T 41387-2022");
  g_assert_false (csl_wizard_next (wizard));
  g_assert_cmpuint (csl_wizard_get_position (wizard), ==, 1);
  g_assert_true (csl_banner_get_revealed (banner));
  title = csl_banner_get_title (banner);
  g_assert_nonnull (strstr (title, "li.wei"));
  g_assert_nonnull (csl_banner_get_button_label (banner));
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-conflict"));

  /* Nothing of the refused save is stored. */
  saved = csl_filing_get (f->ws, filing_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->report_number, ==, "R-LI-WEI");
  g_clear_pointer (&saved, csl_filing_free);

  /* Reload: the banner names li.wei's field and offers the user's own back. */
  csl_banner_activate_button (banner);
  g_assert_true (csl_banner_get_revealed (banner));
  title = csl_banner_get_title (banner);
  g_assert_nonnull (strstr (title, csl_wizard_conflict_field_label ("hardware_version")));
  g_assert_nonnull (strstr (title, csl_wizard_conflict_field_label ("report_number")));
  g_assert_nonnull (csl_banner_get_button_label (banner));
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-conflict-reloaded"));

  /* Re-apply Mine, then Next: both people's changes are stored. */
  csl_banner_activate_button (banner);
  g_assert_false (csl_banner_get_revealed (banner));
  g_assert_true (csl_wizard_next (wizard));
  g_assert_cmpuint (csl_wizard_get_position (wizard), ==, 2);
  saved = csl_filing_get (f->ws, filing_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->report_number, ==, "R-MINE-0042");
  g_assert_cmpint (saved->grade, ==, CSL_GRADE_ENHANCED);
  saved_product = csl_product_get (f->ws, saved->product_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved_product->hardware_version, ==, "HW-3");
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* Closing the wizard while its save conflicts does not drop the typing silently: the first
 * close is refused with the banner shown; the second closes. */
static void
test_close_keeps_draft (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) other = NULL;
  g_autoptr(CslFiling) theirs = NULL;
  CslWizard *wizard = csl_wizard_new (GTK_WINDOW (f->window), f->ws, 0, &error);
  gboolean stopped = FALSE;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (wizard));
  csl_page_product_fill (CSL_PAGE_PRODUCT (csl_wizard_get_page (wizard, 0)), f->fx.manufacturer, "CAM-200",
                         "Door Camera", "1.0.0", "2031-12-31");
  g_assert_true (csl_wizard_next (wizard));
  other = csl_workspace_open (f->dir, &error);
  g_assert_no_error (error);
  theirs = csl_filing_get (other, csl_wizard_get_filing_id (wizard), &error);
  g_assert_no_error (error);
  theirs->grade = CSL_GRADE_LEADING;
  g_assert_true (csl_filing_update (other, theirs, &error));
  csl_page_grade_fill (CSL_PAGE_GRADE (csl_wizard_get_page (wizard, 1)), CSL_GRADE_ENHANCED,
                       f->fx.thirdparty_lab, "R-2", "2026-10-15", "GB/T 41387-2022");

  g_object_ref (wizard);
  g_signal_emit_by_name (wizard, "close-request", &stopped);
  g_assert_true (stopped);
  g_assert_true (csl_banner_get_revealed (csl_wizard_get_conflict_banner (wizard)));
  g_signal_emit_by_name (wizard, "close-request", &stopped);
  g_assert_false (stopped);
  gtk_window_destroy (GTK_WINDOW (wizard));
  g_object_unref (wizard);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  csl_test_ui_init (&argc, &argv);
  test_app = csl_application_new ();
  g_application_set_flags (G_APPLICATION (test_app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (test_app), NULL, &error));
  g_test_add ("/ui/conflict/reload-reapply", Fixture, NULL, setup, test_conflict_reload_reapply, teardown);
  g_test_add ("/ui/conflict/close-keeps-draft", Fixture, NULL, setup, test_close_keeps_draft, teardown);
  status = g_test_run ();
  g_clear_object (&test_app);
  return status;
}
