#include "config.h"

#include "csl-application.h"
#include "csl-page-documents.h"
#include "csl-page-grade.h"
#include "csl-page-label.h"
#include "csl-page-review.h"
#include "csl-material-row.h"
#include "workspace/csl-workspace.h"
#include "documents/csl-store.h"
#include "bundle/csl-identity.h"
#include "base/csl-password.h"
#include "csl-verify-view.h"
#include "csl-page-product.h"
#include "csl-params-group.h"
#include "csl-standards-group.h"
#include "csl-window.h"
#include "csl-wizard.h"
#include "csl-test-fixtures.h"
#include "csl-test-util.h"
#include "csl-test-pdf.h"
#include "csl-test-fixture.h"
#include "csl-product-editor.h"
#include "csl-manufacturer-editor.h"
#include "csl-lab-editor.h"
#include "records/csl-lab.h"
#include "lifecycle/csl-refiling.h"
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
  f->window = csl_window_new (GTK_APPLICATION (f->app), f->ws);
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

static GtkWidget *
find_spin (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_SPIN_BUTTON (child))
        return child;
      if ((found = find_spin (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
on_attach_finished (CslPageDocuments *page,
                    int               kind,
                    gboolean          success,
                    gpointer          user_data)
{
  *(int *) user_data = success ? 1 : -1;
}

/* Attaches as a drop would, and waits for the worker thread and the commit. */
static gboolean
attach (CslPageDocuments *page,
        CslMaterialKind   kind,
        const char       *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  int outcome = 0;
  gulong id = g_signal_connect (page, "attach-finished", G_CALLBACK (on_attach_finished), &outcome);

  csl_page_documents_attach_file (page, kind, file);
  while (outcome == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (page, id);
  return outcome > 0;
}

static void
on_packaged (CslPageReview *page,
             const char    *path,
             const char    *message,
             gpointer       user_data)
{
  char **out = user_data;

  *out = g_strdup (path ? path : "");
  if (message != NULL)
    g_test_message ("packaging failed: %s", message);
}

static void
on_verified (CslVerifyView *view,
             gboolean       ok,
             gpointer       user_data)
{
  *(int *) user_data = ok ? 1 : -1;
}

/* Step 5: a test identity signs the bundle, which the Verify view then checks against the
 * signer's certificate. */
static void
review_and_package (Fixture   *f,
                    CslWizard *wizard)
{
  CslPageReview *review = CSL_PAGE_REVIEW (csl_wizard_get_page (wizard, 4));
  g_autofree char *p12 = g_build_filename (f->dir, "signer.p12", NULL);
  g_autofree char *cert = g_build_filename (f->dir, "signer.pem", NULL);
  g_autofree char *out_dir = g_build_filename (f->dir, "out", NULL);
  g_autofree char *bundle = NULL;
  g_autoptr(CslIdentity) identity = NULL;
  g_autoptr(CslPassword) password = csl_password_new ("test password");
  g_autoptr(GFile) p12_file = g_file_new_for_path (p12);
  g_autoptr(GFile) out_file = NULL;
  g_autoptr(GFile) bundle_file = NULL;
  g_autoptr(GFile) cert_file = g_file_new_for_path (cert);
  g_autoptr(CslFiling) filing = NULL;
  g_autoptr(GError) error = NULL;
  CslVerifyView *verify;
  int verified = 0;

  g_assert_cmpuint (csl_wizard_get_position (wizard), ==, 4);
  identity = csl_identity_generate ("Beijing Example Technology", CSL_KEY_EC, 30, &error);
  g_assert_no_error (error);
  g_assert_true (csl_identity_save_pkcs12 (identity, p12, password, &error));
  g_assert_true (csl_identity_save_cert (identity, cert, &error));
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  out_file = g_file_new_for_path (out_dir);

  /* Packaging waits for an identity and its password, and says so. */
  g_assert_nonnull (csl_wizard_page_get_blocker (CSL_WIZARD_PAGE (review)));
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-5-review"));
  csl_page_review_set_identity (review, p12_file, NULL);
  csl_page_review_set_destination (review, out_file);
  g_assert_nonnull (csl_wizard_page_get_blocker (CSL_WIZARD_PAGE (review)));
  csl_page_review_set_password (review, "test password");
  g_assert_null (csl_wizard_page_get_blocker (CSL_WIZARD_PAGE (review)));

  g_signal_connect (review, "packaged", G_CALLBACK (on_packaged), &bundle);
  g_assert_true (csl_page_review_package (review));
  while (bundle == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (bundle, !=, "");
  g_assert_true (g_file_test (bundle, G_FILE_TEST_IS_REGULAR));
  filing = csl_filing_get (f->ws, csl_wizard_get_filing_id (wizard), &error);
  g_assert_cmpint (csl_filing_get_status (filing), ==, CSL_STATUS_PACKAGED);
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-5-packaged"));

  /* The Verify view of the main window checks it against the signer's certificate. */
  verify = CSL_VERIFY_VIEW (csl_window_get_view (f->window, "verify"));
  g_signal_connect (verify, "verified", G_CALLBACK (on_verified), &verified);
  csl_verify_view_set_signer (verify, cert_file);
  bundle_file = g_file_new_for_path (bundle);
  csl_verify_view_verify_file (verify, bundle_file);
  while (verified == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (verified, ==, 1);
  g_assert_true (csl_verify_view_get_report (verify)->ok);
  /* An ASiC-E bundle, and the view says so; no TSA in the preferences, so no timestamp. */
  g_assert_cmpint (csl_verify_view_get_report (verify)->format, ==, CSL_BUNDLE_FORMAT_ASIC_E);
  {
    GtkWidget *format_row = csl_test_find_by_id (GTK_WIDGET (verify), "format_row");
    GtkWidget *timestamp_row = csl_test_find_by_id (GTK_WIDGET (verify), "timestamp_row");

    g_assert_nonnull (format_row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (format_row)), ==,
                     csl_bundle_format_label (CSL_BUNDLE_FORMAT_ASIC_E));
    g_assert_nonnull (timestamp_row);
    g_assert_null (csl_verify_view_get_report (verify)->signer->timestamp);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (timestamp_row)), !=, "");
  }
  csl_window_show_view (f->window, "verify");
  g_free (csl_test_screenshot (GTK_WIDGET (f->window), "verify-ok"));

  /* Recording the submission moves the filing on. */
  g_assert_true (csl_page_review_record_submission (review, "2026-11-21", &error));
  g_assert_no_error (error);
  g_clear_pointer (&filing, csl_filing_free);
  filing = csl_filing_get (f->ws, csl_wizard_get_filing_id (wizard), &error);
  g_assert_cmpint (csl_filing_get_status (filing), ==, CSL_STATUS_SUBMITTED);

  /* The History panel shows the audit trail, including the steps just taken. */
  g_assert_cmpuint (csl_page_review_get_n_history (review), >=, 4);
  /* In words, in the UI's language, without the wizard's navigation or raw hashes. */
  {
    g_autofree char *history = csl_page_review_dup_history_text (review);

    g_assert_null (strstr (history, "wizard_step"));
    g_assert_null (strstr (history, "sha256"));
    g_assert_null (strstr (history, "_"));
    g_assert_nonnull (strstr (history, csl_test_ui_untranslated () ? "Status changed: Packaged → Submitted"
                                                                   : "状态变更：已打包 → 已提交"));
  }
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-5-history"));
}

static char *
make_pdf (const char *dir,
          const char *name,
          const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  csl_test_make_pdf1 (path, text);
  return path;
}

static void
test_documents_and_label (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CslWizard *wizard = csl_wizard_new (GTK_WINDOW (f->window), f->ws, 0, &error);
  CslPageDocuments *docs;
  CslWizardPage *label;
  g_autofree char *report = NULL, *declaration = NULL, *licence = NULL, *accreditation = NULL;
  g_autofree char *locked = NULL, *fake = NULL;

  gtk_window_set_default_size (GTK_WINDOW (wizard), 900, 800);
  gtk_window_present (GTK_WINDOW (wizard));
  csl_page_product_fill (CSL_PAGE_PRODUCT (csl_wizard_get_page (wizard, 0)), f->fx.manufacturer, "CAM-100",
                         "Home Camera", "1.2.0", "2031-12-31");
  g_assert_true (csl_wizard_next (wizard));
  csl_page_grade_fill (CSL_PAGE_GRADE (csl_wizard_get_page (wizard, 1)), CSL_GRADE_ENHANCED, f->fx.thirdparty_lab,
                       "R-2026-0042", "2026-10-15", "GB/T 41387-2022");
  g_assert_true (csl_wizard_next (wizard));
  g_assert_cmpuint (csl_wizard_get_position (wizard), ==, 2);
  docs = CSL_PAGE_DOCUMENTS (csl_wizard_get_page (wizard, 2));

  /* Nothing attached: the page says what is missing, yet Next stays on (only packaging needs
   * every document). */
  g_assert_true (csl_wizard_page_get_complete (CSL_WIZARD_PAGE (docs)));
  g_assert_true (csl_page_documents_get_missing (docs));
  g_assert_nonnull (strstr (csl_wizard_page_get_blocker (CSL_WIZARD_PAGE (docs)), csl_material_label (CSL_MATERIAL_TEST_REPORT)));
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-3-documents-empty"));

  report = make_pdf (f->dir, "report.pdf",
                     "Test report R-2026-0042 for 北京示例科技有限公司, model CAM-100, per GB/T 41387-2022.");
  declaration = make_pdf (f->dir, "declaration.pdf", "Declaration of conformity, signed.");
  licence = make_pdf (f->dir, "licence.pdf", "营业执照 Business licence 91110000600037341L");
  accreditation = make_pdf (f->dir, "accreditation.pdf", "CNAS accreditation certificate");
  locked = g_build_filename (f->dir, "locked.pdf", NULL);
  csl_test_encrypt_pdf (report, locked);
  fake = g_build_filename (f->dir, "not-really.pdf", NULL);
  g_assert_true (g_file_set_contents (fake, "PK\003\004 this is a zip file", -1, NULL));

  /* A password-protected PDF and a non-PDF are refused on their row, with the reason. */
  g_assert_false (attach (docs, CSL_MATERIAL_TEST_REPORT, locked));
  g_assert_nonnull (csl_page_documents_get_error (docs, CSL_MATERIAL_TEST_REPORT));
  g_assert_nonnull (strstr (csl_page_documents_get_error (docs, CSL_MATERIAL_TEST_REPORT), "locked.pdf"));
  if (csl_test_ui_untranslated ())
    g_assert_nonnull (strstr (csl_page_documents_get_error (docs, CSL_MATERIAL_TEST_REPORT), "password"));
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-3-documents-refused"));
  g_assert_false (attach (docs, CSL_MATERIAL_BUSINESS_LICENSE, fake));
  g_assert_nonnull (csl_page_documents_get_error (docs, CSL_MATERIAL_BUSINESS_LICENSE));

  g_assert_true (attach (docs, CSL_MATERIAL_TEST_REPORT, report));
  g_assert_null (csl_page_documents_get_error (docs, CSL_MATERIAL_TEST_REPORT));
  g_assert_true (attach (docs, CSL_MATERIAL_DECLARATION, declaration));
  g_assert_true (attach (docs, CSL_MATERIAL_BUSINESS_LICENSE, licence));
  g_assert_true (csl_page_documents_get_missing (docs));
  g_assert_true (attach (docs, CSL_MATERIAL_LAB_ACCREDITATION, accreditation));
  g_assert_false (csl_page_documents_get_missing (docs));
  g_assert_null (csl_wizard_page_get_blocker (CSL_WIZARD_PAGE (docs)));

  /* Removing a document can be undone from its toast. */
  csl_page_documents_remove (docs, CSL_MATERIAL_BUSINESS_LICENSE);
  g_assert_false (csl_page_documents_has (docs, CSL_MATERIAL_BUSINESS_LICENSE));
  g_assert_true (csl_page_documents_get_missing (docs));
  csl_page_documents_undo_last (docs);
  g_assert_true (csl_page_documents_has (docs, CSL_MATERIAL_BUSINESS_LICENSE));
  g_assert_false (csl_page_documents_get_missing (docs));
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-3-documents"));
  /* The toast speaks of this step: the next one dismisses it rather than let it cover Print. */
  g_assert_cmpuint (csl_wizard_page_get_n_toasts (CSL_WIZARD_PAGE (docs)), >=, 1);
  g_assert_true (csl_wizard_next (wizard));
  g_assert_cmpuint (csl_wizard_page_get_n_toasts (CSL_WIZARD_PAGE (docs)), ==, 0);

  /* The label is drawn by the shared renderer; a width outside the template's limits is refused. */
  label = csl_wizard_get_page (wizard, 3);
  g_assert_true (csl_wizard_page_get_complete (label));
  /* It opens at the template's design width (70 mm for CSL 001-2025), inside its limits. */
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (find_spin (GTK_WIDGET (label)))), ==, 70.0);
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-4-label"));
  g_assert_true (csl_wizard_next (wizard));

  review_and_package (f, wizard);
  gtk_window_destroy (GTK_WINDOW (wizard));
}

static CslMaterialRow *
find_material_row (GtkWidget       *root,
                   CslMaterialKind  kind)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      CslMaterialRow *found;

      if (CSL_IS_MATERIAL_ROW (child) && csl_material_row_get_kind (CSL_MATERIAL_ROW (child)) == kind)
        return CSL_MATERIAL_ROW (child);
      if ((found = find_material_row (child, kind)) != NULL)
        return found;
    }
  return NULL;
}

/* A password-protected PDF dropped on the test report's row: refused there, with the reason,
 * and nothing stored. */
static void
test_drop_encrypted (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CslWizard *wizard = csl_wizard_new (GTK_WINDOW (f->window), f->ws, 0, &error);
  CslPageDocuments *docs;
  CslMaterialRow *row;
  g_autofree char *plain = NULL, *locked = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  int outcome = 0;

  gtk_window_present (GTK_WINDOW (wizard));
  csl_page_product_fill (CSL_PAGE_PRODUCT (csl_wizard_get_page (wizard, 0)), f->fx.manufacturer, "CAM-7", NULL,
                         NULL, NULL);
  g_assert_true (csl_wizard_next (wizard));
  csl_page_grade_fill (CSL_PAGE_GRADE (csl_wizard_get_page (wizard, 1)), CSL_GRADE_BASIC, f->fx.inhouse_lab,
                       "R-7", "2026-10-01", "GB/T 41387-2022");
  g_assert_true (csl_wizard_next (wizard));
  docs = CSL_PAGE_DOCUMENTS (csl_wizard_get_page (wizard, 2));

  plain = make_pdf (f->dir, "plain.pdf", "Test report R-7");
  locked = g_build_filename (f->dir, "locked.pdf", NULL);
  csl_test_encrypt_pdf (plain, locked);
  file = g_file_new_for_path (locked);
  row = find_material_row (GTK_WIDGET (docs), CSL_MATERIAL_TEST_REPORT);
  g_assert_nonnull (row);
  g_signal_connect (docs, "attach-finished", G_CALLBACK (on_attach_finished), &outcome);
  g_signal_emit_by_name (row, "file-dropped", file);
  while (outcome == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (outcome, ==, -1);

  row = find_material_row (GTK_WIDGET (docs), CSL_MATERIAL_TEST_REPORT);
  g_assert_nonnull (csl_material_row_get_error (row));
  g_assert_nonnull (strstr (csl_material_row_get_error (row), "locked.pdf"));
  /* The name, not the folder it came from; the row stays neutral, its Choose… not red. */
  g_assert_null (strstr (csl_material_row_get_error (row), f->dir));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  stored = csl_store_list (f->ws, csl_wizard_get_filing_id (wizard), &error);
  g_assert_cmpuint (stored->len, ==, 0);
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-3-drop-encrypted"));
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* A filed filing opens at its last step, where a product change (Art. 10) and re-filing
 * are one click away. */
static void
test_after_filing (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 product = fx_product (f->ws, f->fx.manufacturer, "CAM-9", "2099-12-31");
  gint64 filing = fx_filing (f->ws, product, f->fx.thirdparty_lab);
  CslWizard *wizard;
  CslPageReview *review;
  CslProductEditor *editor;
  g_autoptr(CslFiling) after = NULL;
  gint64 successor;

  fx_file (f->ws, filing, "CSL-2027-000009", "2027-01-10", "2030-01-09");
  wizard = csl_wizard_new (GTK_WINDOW (f->window), f->ws, filing, &error);
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (wizard), 900, 800);
  gtk_window_present (GTK_WINDOW (wizard));
  g_assert_cmpuint (csl_wizard_get_position (wizard), ==, csl_wizard_get_n_pages (wizard) - 1);
  /* It opened at its last step, and only that step was built. */
  {
    GtkWidget *stack = csl_test_find_by_id (GTK_WIDGET (wizard), "stack");
    g_autoptr(GListModel) steps = G_LIST_MODEL (gtk_stack_get_pages (GTK_STACK (stack)));

    g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 1);
  }
  review = CSL_PAGE_REVIEW (csl_wizard_get_page (wizard, csl_wizard_get_n_pages (wizard) - 1));
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-5-filed"));

  editor = csl_page_review_edit_product (review);
  csl_product_editor_fill (editor, NULL, "2.0.0", "2099-12-31", "resolution=4K\n");
  {
    /* A parameter added as a row of its own. */
    GtkWidget *row = csl_params_group_add_row (CSL_PARAMS_GROUP (csl_test_find_by_id (GTK_WIDGET (editor), "params")));

    gtk_editable_set_text (GTK_EDITABLE (csl_test_find_nth (row, GTK_TYPE_ENTRY, 0)), "codec");
    gtk_editable_set_text (GTK_EDITABLE (csl_test_find_nth (row, GTK_TYPE_ENTRY, 1)), "H.265");
  }
  g_free (csl_test_screenshot (GTK_WIDGET (editor), "product-editor"));
  g_assert_true (csl_product_editor_save (editor, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CslProduct) changed = csl_product_get (f->ws, product, &error);

    g_assert_cmpstr (csl_product_get_param (changed, "resolution"), ==, "4K");
    g_assert_cmpstr (csl_product_get_param (changed, "codec"), ==, "H.265");
  }
  after = csl_filing_get (f->ws, filing, &error);
  g_assert_cmpint (csl_filing_get_status (after), ==, CSL_STATUS_REFILING_DUE);
  g_assert_nonnull (strstr (after->refiling_reason, "2.0.0"));

  successor = csl_page_review_refile (review, &error);
  g_assert_no_error (error);
  g_assert_cmpint (successor, >, 0);
  g_assert_cmpint (csl_refiling_get_successor (f->ws, filing, NULL), ==, successor);
  g_free (csl_test_screenshot (GTK_WIDGET (wizard), "wizard-5-refiled"));
  gtk_window_destroy (GTK_WINDOW (wizard));

  /* The new draft opened in an assistant of its own. */
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
    guint found = 0;

    for (GList *l = toplevels; l; l = l->next)
      if (CSL_IS_WIZARD (l->data) && csl_wizard_get_filing_id (l->data) == successor)
        {
          found++;
          gtk_window_destroy (l->data);
        }
    g_assert_cmpuint (found, ==, 1);
  }
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static void
shoot_light_and_dark (GtkWidget  *window,
                      const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_free (csl_test_screenshot (window, name));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_free (csl_test_screenshot (window, dark));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* The records a first filing needs are made from inside the assistant, through the same
 * editors and buttons a user has, and each step is shot in light and dark. */
static void
test_create_records_in_wizard (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CslWizard *wizard = csl_wizard_new (GTK_WINDOW (f->window), f->ws, 0, &error);
  CslWizardPage *product, *grade;
  GtkWindow *editor;
  g_autoptr(GPtrArray) labs = NULL;
  g_autoptr(CslFiling) saved = NULL;
  gint64 made;

  gtk_window_set_default_size (GTK_WINDOW (wizard), 900, 800);
  gtk_window_present (GTK_WINDOW (wizard));
  product = csl_wizard_get_page (wizard, 0);
  shoot_light_and_dark (GTK_WIDGET (wizard), "wizard-step-1");

  g_signal_emit_by_name (find_button (GTK_WIDGET (product), g_dgettext (GETTEXT_PACKAGE, "_New…")), "clicked");
  editor = find_toplevel (CSL_TYPE_MANUFACTURER_EDITOR);
  g_assert_nonnull (editor);
  gtk_editable_set_text (GTK_EDITABLE (csl_test_find_by_id (GTK_WIDGET (editor), "name_zh")), "杭州示例智能家居有限公司");
  gtk_editable_set_text (GTK_EDITABLE (csl_test_find_by_id (GTK_WIDGET (editor), "uscc")), "91330100716105852F");
  g_assert_true (csl_manufacturer_editor_save (CSL_MANUFACTURER_EDITOR (editor)));
  /* The new manufacturer is the one chosen; only the model is left to type. */
  g_assert_false (csl_wizard_page_get_complete (product));
  gtk_editable_set_text (GTK_EDITABLE (csl_test_find_by_id (GTK_WIDGET (product), "model")), "HUB-1");
  g_assert_true (csl_wizard_page_get_complete (product));
  g_assert_true (csl_wizard_next (wizard));

  grade = csl_wizard_get_page (wizard, 1);
  g_signal_emit_by_name (find_button (GTK_WIDGET (grade), g_dgettext (GETTEXT_PACKAGE, "_New Lab…")), "clicked");
  editor = find_toplevel (CSL_TYPE_LAB_EDITOR);
  g_assert_nonnull (editor);
  gtk_editable_set_text (GTK_EDITABLE (csl_test_find_by_id (GTK_WIDGET (editor), "name")), "Hangzhou Testing Centre");
  gtk_editable_set_text (GTK_EDITABLE (csl_test_find_by_id (GTK_WIDGET (editor), "accreditation_no")), "CNAS L9999");
  gtk_editable_set_text (GTK_EDITABLE (csl_test_find_by_id (GTK_WIDGET (editor), "accredited_until")), "2029-06-30");
  g_assert_true (csl_lab_editor_save (CSL_LAB_EDITOR (editor)));
  labs = csl_lab_list (f->ws, &error);
  g_assert_cmpuint (labs->len, ==, 3);
  shoot_light_and_dark (GTK_WIDGET (wizard), "wizard-step-2");
  g_assert_true (csl_wizard_next (wizard));

  shoot_light_and_dark (GTK_WIDGET (wizard), "wizard-step-3");
  saved = csl_filing_get (f->ws, csl_wizard_get_filing_id (wizard), &error);
  g_assert_no_error (error);
  /* The lab made in the editor is the filing's lab. */
  made = 0;
  for (guint i = 0; i < labs->len; i++)
    if (g_strcmp0 (((CslLab *) labs->pdata[i])->name, "Hangzhou Testing Centre") == 0)
      made = ((CslLab *) labs->pdata[i])->id;
  g_assert_cmpint (made, >, 0);
  g_assert_cmpint (saved->lab_id, ==, made);
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* The catalogue as built in, with standards published for CSL 001-2025 (the built-in one has
 * none yet), so that the grade step has some to suggest. */
static void
import_catalogue_with_standards (CslWorkspace *ws)
{
  g_autoptr(GBytes) builtin = g_resources_lookup_data ("/io/github/cslfiler/CslFiler/catalogue/csl-batch-1.json",
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root, *standards;
  JsonArray *basic = json_array_new (), *enhanced = json_array_new ();
  char *text;

  g_assert_nonnull (builtin);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (builtin, NULL), g_bytes_get_size (builtin), &error));
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_int_member (json_object_get_object_member (root, "batch"), "revision", 99);
  standards = json_object_get_object_member (json_array_get_object_element (json_object_get_array_member (root, "categories"), 0),
                                             "standards");
  json_array_add_string_element (basic, "GB/T 41387-2022");
  json_array_add_string_element (enhanced, "GB/T 41387-2022");
  json_array_add_string_element (enhanced, "GB/T 00000-2026");
  json_object_set_array_member (standards, "1", basic);
  json_object_set_array_member (standards, "2", enhanced);
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, NULL);
  bytes = g_bytes_new_take (text, strlen (text));
  g_assert_true (csl_catalogue_import_bytes (ws, bytes, "test", &error));
  g_assert_no_error (error);
}

static GtkWidget *
row_entry (GtkWidget *row,
           guint      nth)
{
  GtkWidget *entry = csl_test_find_nth (row, GTK_TYPE_ENTRY, nth);

  g_assert_nonnull (entry);
  return entry;
}

/* What to type (issue 20, point 9): key parameters as rows added and removed, a date picked from
 * the calendar and a standard the catalogue suggests, each stored in the filing as before. */
static void
test_rows_calendar_and_suggestions (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CslWizard *wizard;
  CslWizardPage *product, *grade;
  GtkWidget *params, *add_row, *first, *second, *suggested, *standards, *entry;
  g_autoptr(CslFiling) saved = NULL;
  g_autoptr(CslProduct) saved_product = NULL;
  g_autofree char *remove_label = NULL;

  import_catalogue_with_standards (f->ws);
  wizard = csl_wizard_new (GTK_WINDOW (f->window), f->ws, 0, &error);
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (wizard), 900, 1100);
  gtk_window_present (GTK_WINDOW (wizard));
  product = csl_wizard_get_page (wizard, 0);
  csl_page_product_fill (CSL_PAGE_PRODUCT (product), f->fx.manufacturer, "CAM-300", "Doorbell Camera", "3.0.1",
                         "2031-12-31");

  /* The catalogue's only category is still shown as a choice: an arrow, and a click opens it. */
  {
    GtkWidget *category = csl_test_find_by_id (GTK_WIDGET (product), "category");
    GtkWidget *choice = csl_test_find_nth (category, GTK_TYPE_MENU_BUTTON, 0);

    g_assert_nonnull (choice);
    g_assert_true (gtk_widget_get_visible (choice));
    g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (category)));
    g_signal_emit_by_name (category, "activated");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (choice)))));
    gtk_menu_button_popdown (GTK_MENU_BUTTON (choice));
  }

  /* Two parameters added from the "Add Parameter" row, the first removed again. */
  params = csl_test_find_by_id (GTK_WIDGET (product), "params");
  g_assert_true (CSL_IS_PARAMS_GROUP (params));
  add_row = csl_test_find_by_id (params, "add_row");
  gtk_widget_activate (add_row);
  gtk_widget_activate (add_row);
  first = csl_test_find_nth (params, GTK_TYPE_LIST_BOX_ROW, 0);
  second = csl_test_find_nth (params, GTK_TYPE_LIST_BOX_ROW, 1);
  g_assert_true (first != add_row && second != add_row && first != second);
  /* The new row's name has the focus, so typing goes on there. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (wizard)), second));
  gtk_editable_set_text (GTK_EDITABLE (row_entry (first, 0)), "wifi");
  gtk_editable_set_text (GTK_EDITABLE (row_entry (first, 1)), "2.4 GHz");
  /* A value without a name is marked on its row, and keeps the step from saving. */
  gtk_editable_set_text (GTK_EDITABLE (row_entry (second, 1)), "3840×2160");
  g_assert_true (gtk_widget_has_css_class (row_entry (second, 0), "error"));
  g_assert_false (csl_wizard_page_get_complete (product));
  g_assert_nonnull (strstr (csl_wizard_page_get_blocker (product), "3840×2160"));
  g_assert_false (csl_wizard_next (wizard));
  g_assert_cmpuint (csl_wizard_get_position (wizard), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (row_entry (second, 0)), "resolution");
  g_assert_false (gtk_widget_has_css_class (row_entry (second, 0), "error"));

  /* A date picked from the calendar lands in the row as an ISO date. */
  csl_test_pick_date (csl_test_find_by_id (GTK_WIDGET (product), "support_until"), 2032, 6, 30);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (csl_test_find_by_id (GTK_WIDGET (product), "support_until"))),
                   ==, "2032-06-30");
  g_assert_true (csl_wizard_page_get_complete (product));
  shoot_light_and_dark (GTK_WIDGET (wizard), "wizard-1-product-rows");
  {
    /* The end of the step: the key indicators and the examples of what to declare. */
    GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
      csl_test_find_nth (GTK_WIDGET (product), GTK_TYPE_SCROLLED_WINDOW, 0)));

    gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
    shoot_light_and_dark (GTK_WIDGET (wizard), "wizard-1-product-indicators");
    gtk_adjustment_set_value (v, 0);
  }

  remove_label = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Remove parameter %s"), "wifi");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (csl_test_find_nth (first, GTK_TYPE_BUTTON, 0)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label);
  g_signal_emit_by_name (csl_test_find_nth (first, GTK_TYPE_BUTTON, 0), "clicked");
  g_assert_true (csl_test_find_nth (params, GTK_TYPE_LIST_BOX_ROW, 0) == second);
  g_assert_true (csl_wizard_next (wizard));
  saved = csl_filing_get (f->ws, csl_wizard_get_filing_id (wizard), &error);
  g_assert_no_error (error);
  saved_product = csl_product_get (f->ws, saved->product_id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&saved, csl_filing_free);
  g_assert_cmpuint (saved_product->params->len, ==, 1);
  g_assert_cmpstr (csl_product_get_param (saved_product, "resolution"), ==, "3840×2160");
  g_assert_null (csl_product_get_param (saved_product, "wifi"));
  g_assert_cmpstr (saved_product->support_until, ==, "2032-06-30");

  /* Step 2, Enhanced: Basic's standard is listed, Enhanced's other one is suggested. */
  grade = csl_wizard_get_page (wizard, 1);
  csl_page_grade_fill (CSL_PAGE_GRADE (grade), CSL_GRADE_ENHANCED, f->fx.thirdparty_lab, "R-300", NULL,
                       "GB/T 41387-2022");
  /* With two labs to choose from, libadwaita's own arrow is enough. */
  g_assert_false (gtk_widget_get_visible (csl_test_find_nth (csl_test_find_by_id (GTK_WIDGET (grade), "lab"),
                                                             GTK_TYPE_MENU_BUTTON, 0)));
  standards = csl_test_find_by_id (GTK_WIDGET (grade), "standards");
  g_assert_true (CSL_IS_STANDARDS_GROUP (standards));
  csl_test_pick_date (csl_test_find_by_id (GTK_WIDGET (grade), "report_date"), 2026, 11, 2);
  suggested = find_button (standards, g_dgettext (GETTEXT_PACKAGE, "Add"));
  g_assert_nonnull (suggested);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_ancestor (suggested, ADW_TYPE_ACTION_ROW))),
                   ==, "GB/T 00000-2026");
  shoot_light_and_dark (GTK_WIDGET (wizard), "wizard-2-grade-standards");
  g_signal_emit_by_name (suggested, "clicked");
  /* Added, it is no longer offered. */
  g_assert_null (find_button (standards, g_dgettext (GETTEXT_PACKAGE, "Add")));
  /* Another number typed in the entry row: Enter adds it; one typed and not yet added is kept too. */
  entry = csl_test_find_by_id (standards, "entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "GB/T 12345-2027");
  g_signal_emit_by_name (entry, "entry-activated");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (entry), "GB 54321-2028");
  g_assert_true (csl_wizard_next (wizard));
  saved = csl_filing_get (f->ws, csl_wizard_get_filing_id (wizard), &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (saved->standards, ((const char *[]) { "GB/T 41387-2022", "GB/T 00000-2026", "GB/T 12345-2027",
                                                          "GB 54321-2028", NULL }));
  g_assert_cmpstr (saved->report_date, ==, "2026-11-02");
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
  g_test_add ("/ui/wizard/documents-and-label", Fixture, NULL, setup, test_documents_and_label, teardown);
  g_test_add ("/ui/wizard/drop-encrypted", Fixture, NULL, setup, test_drop_encrypted, teardown);
  g_test_add ("/ui/wizard/after-filing", Fixture, NULL, setup, test_after_filing, teardown);
  g_test_add ("/ui/wizard/create-records", Fixture, NULL, setup, test_create_records_in_wizard, teardown);
  g_test_add ("/ui/wizard/rows-calendar-suggestions", Fixture, NULL, setup, test_rows_calendar_and_suggestions, teardown);
  status = g_test_run ();
  g_clear_object (&test_app);
  return status;
}
