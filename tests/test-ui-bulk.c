#include "config.h"

#include <string.h>

#include "base/csl-password.h"
#include "bundle/csl-cms.h"
#include "workspace/csl-workspace.h"

#include "csl-bulk-window.h"
#include "csl-filings-view.h"
#include "csl-label-sheet-print.h"
#include "csl-test-bundle.h"
#include "csl-test-ui.h"

#define PASSWORD "correct horse"

typedef struct
{
  CslTestTmp     tmp;
  CslWorkspace  *ws;
  GArray        *ids;
  GPtrArray     *titles;
  char          *p12;
  char          *out;
  GtkWindow     *parent;
  CslBulkWindow *bulk;
  guint          filing_changes;
} Fixture;

static void
on_changed (CslWorkspace *ws,
            const char   *entity,
            Fixture      *f)
{
  if (g_strcmp0 (entity, "filing") == 0)
    f->filing_changes++;
}

/* Another product of the same manufacturer, filed as the first one is, complete or not. */
static gint64
add_filing (Fixture    *f,
            gint64      like,
            const char *model,
            gboolean    complete)
{
  g_autoptr(CslFiling) first = csl_filing_get (f->ws, like, NULL);
  g_autoptr(CslProduct) first_product = csl_product_get (f->ws, first->product_id, NULL);
  g_autoptr(CslProduct) p = csl_product_copy (first_product);
  g_autoptr(CslFiling) filing = csl_filing_new ();
  g_autoptr(GError) error = NULL;

  g_free (p->model);
  p->model = g_strdup (model);
  p->id = 0;
  g_assert_cmpint (csl_product_add (f->ws, p, &error), >, 0);
  filing->product_id = p->id;
  filing->grade = first->grade;
  filing->lab_id = first->lab_id;
  g_free (filing->filed_by);
  filing->filed_by = g_strdup ("manufacturer");
  filing->report_number = g_strdup_printf ("R-%s", model);
  filing->report_date = g_strdup (first->report_date);
  filing->standards = g_strdupv (first->standards);
  g_assert_cmpint (csl_filing_add (f->ws, filing, &error), >, 0);
  if (complete)
    {
      g_autoptr(GBytes) report = csl_test_make_pdf (filing->report_number, 0);
      g_autoptr(GBytes) license = csl_test_make_pdf ("Business licence", 0);
      g_autoptr(GBytes) accreditation = csl_test_make_pdf ("CNAS accreditation", 0);
      g_autoptr(GBytes) declaration = csl_test_make_pdf ("Declaration", 0);

      csl_test_attach (f->ws, filing->id, "declaration", "declaration-signed.pdf", declaration);
      csl_test_attach (f->ws, filing->id, "test-report", "report.pdf", report);
      csl_test_attach (f->ws, filing->id, "business-license", "licence.pdf", license);
      csl_test_attach (f->ws, filing->id, "lab-accreditation", "cnas.pdf", accreditation);
    }
  g_ptr_array_add (f->titles, g_strdup (model));
  return filing->id;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  const CslTestFilingSpec spec = { .grade = 2, .attach_declaration = TRUE };
  g_autoptr(CslIdentity) identity = csl_test_identity ("Bulk Signer");
  g_autoptr(CslPassword) password = csl_password_new (PASSWORD);
  g_autoptr(GError) error = NULL;
  gint64 id;

  csl_test_tmp_setup (&f->tmp, data);
  f->ws = csl_workspace_open (f->tmp.dir, &error);
  g_assert_no_error (error);
  f->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->titles = g_ptr_array_new_with_free_func (g_free);
  id = csl_test_make_filing (f->ws, &spec);
  g_array_append_val (f->ids, id);
  g_ptr_array_add (f->titles, g_strdup ("CAM-100"));
  /* The second lacks its documents: it fails with the reason, the others go on. */
  id = add_filing (f, id, "CAM-200", FALSE);
  g_array_append_val (f->ids, id);
  id = add_filing (f, g_array_index (f->ids, gint64, 0), "CAM-300", TRUE);
  g_array_append_val (f->ids, id);
  g_ptr_array_add (f->titles, NULL);
  g_signal_connect (f->ws, "changed", G_CALLBACK (on_changed), f);

  f->p12 = g_build_filename (f->tmp.dir, "signer.p12", NULL);
  g_assert_true (csl_identity_save_pkcs12 (identity, f->p12, password, &error));
  g_assert_no_error (error);
  f->out = g_build_filename (f->tmp.dir, "bundles", NULL);
  g_mkdir_with_parents (f->out, 0755);

  f->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (f->parent);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->bulk != NULL)
    gtk_window_destroy (GTK_WINDOW (f->bulk));
  gtk_window_destroy (f->parent);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_handlers_disconnect_by_data (f->ws, f);
  g_array_unref (f->ids);
  g_ptr_array_unref (f->titles);
  g_free (f->p12);
  g_free (f->out);
  g_assert_finalize_object (f->ws);
  csl_test_tmp_teardown (&f->tmp, data);
}

static void
open_bulk (Fixture     *f,
           CslBulkKind  kind)
{
  f->bulk = csl_bulk_window_new (f->parent, f->ws, kind, f->ids, (const char *const *) f->titles->pdata);
  gtk_window_present (GTK_WINDOW (f->bulk));
}

static void
wait_idle (Fixture *f)
{
  while (csl_bulk_window_is_busy (f->bulk))
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_bundles (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->out, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".zip");
  return n;
}

static CslFilingStatus
status_of (Fixture *f,
           guint    index)
{
  g_autoptr(CslFiling) filing = csl_filing_get (f->ws, g_array_index (f->ids, gint64, index), NULL);

  return csl_filing_get_status (filing);
}

/* One identity, one password for all three: two are packaged, the incomplete one fails and
 * says what it lacks; the summary counts both. */
static void
test_package (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GFile) p12 = g_file_new_for_path (f->p12);
  g_autoptr(GFile) out = g_file_new_for_path (f->out);

  open_bulk (f, CSL_BULK_PACKAGE);
  csl_bulk_window_set_identity (f->bulk, p12, NULL);
  csl_bulk_window_set_destination (f->bulk, out);
  g_free (csl_test_screenshot (GTK_WIDGET (f->bulk), "bulk-package-setup"));

  /* A wrong password is refused before anything starts. */
  csl_bulk_window_set_password (f->bulk, "wrong");
  g_assert_false (csl_bulk_window_start (f->bulk));
  g_assert_false (csl_bulk_window_is_busy (f->bulk));

  csl_bulk_window_set_password (f->bulk, PASSWORD);
  g_assert_true (csl_bulk_window_start (f->bulk));
  wait_idle (f);
  for (guint i = 0; i < f->ids->len; i++)
    {
      g_autofree char *said = g_strescape (csl_bulk_window_get_outcome (f->bulk, i), NULL);

      g_test_message ("filing %u: %s", i, said);
    }
  g_assert_cmpuint (csl_bulk_window_get_n_succeeded (f->bulk), ==, 2);
  g_assert_cmpuint (csl_bulk_window_get_n_failed (f->bulk), ==, 1);
  g_assert_true (g_str_has_suffix (csl_bulk_window_get_outcome (f->bulk, 0), ".zip"));
  g_assert_cmpstr (csl_bulk_window_get_outcome (f->bulk, 1), !=, "");
  g_assert_nonnull (strstr (csl_bulk_window_get_outcome (f->bulk, 1), "Art."));
  g_assert_true (g_str_has_suffix (csl_bulk_window_get_outcome (f->bulk, 2), ".zip"));
  if (csl_test_ui_untranslated ())
    g_assert_cmpstr (csl_bulk_window_get_summary (f->bulk), ==, "2 of 3 filings done, 1 failed.");
  g_assert_cmpuint (count_bundles (f), ==, 2);
  g_assert_cmpint (status_of (f, 0), ==, CSL_STATUS_PACKAGED);
  g_assert_cmpint (status_of (f, 1), ==, CSL_STATUS_DRAFT);
  g_assert_cmpint (status_of (f, 2), ==, CSL_STATUS_PACKAGED);
  g_assert_cmpuint (f->filing_changes, >=, 1);
  g_free (csl_test_screenshot (GTK_WIDGET (f->bulk), "bulk-package-done"));
}

/* Cancel while the first filing is being packaged: it finishes, the rest are skipped. */
static void
test_package_stop (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) p12 = g_file_new_for_path (f->p12);
  g_autoptr(GFile) out = g_file_new_for_path (f->out);

  open_bulk (f, CSL_BULK_PACKAGE);
  csl_bulk_window_set_identity (f->bulk, p12, NULL);
  csl_bulk_window_set_destination (f->bulk, out);
  csl_bulk_window_set_password (f->bulk, PASSWORD);
  g_assert_true (csl_bulk_window_start (f->bulk));
  csl_bulk_window_stop (f->bulk);
  wait_idle (f);
  g_assert_cmpuint (csl_bulk_window_get_n_succeeded (f->bulk), ==, 1);
  g_assert_cmpuint (csl_bulk_window_get_n_failed (f->bulk), ==, 0);
  g_assert_cmpuint (count_bundles (f), ==, 1);
  g_assert_cmpint (status_of (f, 2), ==, CSL_STATUS_DRAFT);
  g_free (csl_test_screenshot (GTK_WIDGET (f->bulk), "bulk-package-stopped"));
}

/* The check starts at once and names what each filing lacks. */
static void
test_check (Fixture       *f,
            gconstpointer  data)
{
  open_bulk (f, CSL_BULK_CHECK);
  g_assert_true (csl_bulk_window_is_busy (f->bulk));
  wait_idle (f);
  g_assert_cmpuint (csl_bulk_window_get_n_succeeded (f->bulk), ==, 2);
  g_assert_cmpuint (csl_bulk_window_get_n_failed (f->bulk), ==, 1);
  g_assert_cmpuint (f->filing_changes, ==, 0);
}

/* Re-filing needs filed filings: the drafts fail, each with the reason, and nothing changes. */
static void
test_refile_drafts (Fixture       *f,
                    gconstpointer  data)
{
  open_bulk (f, CSL_BULK_REFILE);
  g_assert_true (csl_bulk_window_start (f->bulk));
  wait_idle (f);
  g_assert_cmpuint (csl_bulk_window_get_n_succeeded (f->bulk), ==, 0);
  g_assert_cmpuint (csl_bulk_window_get_n_failed (f->bulk), ==, 3);
  g_assert_cmpstr (csl_bulk_window_get_outcome (f->bulk, 0), !=, "");
}

/* The selection of the Filings view is what the bulk actions get: Ctrl-style additions, in the
 * order shown; Export writes the rows the filter shows. */
static void
test_view_selection_export (Fixture       *f,
                            gconstpointer  data)
{
  CslFilingsView *view = g_object_new (CSL_TYPE_FILINGS_VIEW, NULL);
  GtkColumnView *columns;
  GtkSelectionModel *selection;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *csv_path = g_build_filename (f->tmp.dir, "export.csv", NULL);
  g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  gtk_window_set_child (f->parent, GTK_WIDGET (view));
  gtk_window_set_default_size (f->parent, 1000, 600);
  csl_filings_view_set_workspace (view, f->ws);
  csl_test_wait_for_frames (GTK_WIDGET (f->parent));
  columns = GTK_COLUMN_VIEW (csl_test_find_by_id (GTK_WIDGET (view), "column_view"));
  selection = gtk_column_view_get_model (columns);
  g_assert_true (GTK_IS_MULTI_SELECTION (selection));
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  ids = csl_filings_view_get_selected_ids (view);
  g_assert_cmpuint (ids->len, ==, 2);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (csl_test_find_by_id (GTK_WIDGET (view), "select_button")), TRUE);
  g_assert_true (gtk_action_bar_get_revealed (GTK_ACTION_BAR (csl_test_find_by_id (GTK_WIDGET (view), "action_bar"))));
  g_free (csl_test_screenshot (GTK_WIDGET (f->parent), "filings-selection"));

  csl_filings_view_set_search (view, "CAM-2");
  g_assert_true (csl_filings_view_export_csv (view, csv, &error));
  g_assert_no_error (error);
  g_file_get_contents (csv_path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbf"));
  lines = g_strsplit (text, "\r\n", -1);
  /* The header, the one filing the search shows, and the empty rest after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_nonnull (strstr (lines[1], "CAM-200"));
  g_assert_null (strstr (text, "CAM-300"));

  /* Leaving selection mode clears the selection. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (csl_test_find_by_id (GTK_WIDGET (view), "select_button")), FALSE);
  g_clear_pointer (&ids, g_array_unref);
  ids = csl_filings_view_get_selected_ids (view);
  g_assert_cmpuint (ids->len, ==, 0);
  gtk_window_set_child (f->parent, NULL);
}

static GtkWidget *
find_switch (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_SWITCH (child))
        return child;
      if ((found = find_switch (child)) != NULL)
        return found;
    }
  return NULL;
}

/* Print Labels…: the selected filings' labels on the chosen sheet, through the print operation. */
static void
test_print_labels (Fixture       *f,
                   gconstpointer  data)
{
  CslLabelSheetWindow *window = csl_label_sheet_window_new (f->parent, f->ws, f->ids);
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->tmp.dir, "labels.pdf", NULL);

  gtk_window_present (GTK_WINDOW (window));
  g_free (csl_test_screenshot (GTK_WIDGET (window), "print-labels"));
  op = csl_label_sheet_window_make_operation (window, &error);
  g_assert_no_error (error);
  g_assert_nonnull (op);
  gtk_print_operation_set_export_filename (op, pdf);
  g_assert_cmpint (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error), ==,
                   GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  /* Its Monochrome switch is the label step's setting, which every label loaded follows. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    GtkWidget *mono = find_switch (GTK_WIDGET (window));

    g_assert_nonnull (mono);
    g_assert_false (gtk_switch_get_active (GTK_SWITCH (mono)));
    gtk_switch_set_active (GTK_SWITCH (mono), TRUE);
    g_assert_true (g_settings_get_boolean (settings, "label-monochrome"));
    g_free (csl_test_screenshot (GTK_WIDGET (window), "print-labels-monochrome"));
    g_settings_reset (settings, "label-monochrome");
    g_assert_false (gtk_switch_get_active (GTK_SWITCH (mono)));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  csl_test_ui_init (&argc, &argv);
  g_test_add ("/ui/bulk/package", Fixture, NULL, setup, test_package, teardown);
  g_test_add ("/ui/bulk/package-stop", Fixture, NULL, setup, test_package_stop, teardown);
  g_test_add ("/ui/bulk/check", Fixture, NULL, setup, test_check, teardown);
  g_test_add ("/ui/bulk/refile-drafts", Fixture, NULL, setup, test_refile_drafts, teardown);
  g_test_add ("/ui/bulk/print-labels", Fixture, NULL, setup, test_print_labels, teardown);
  g_test_add ("/ui/bulk/view-selection-export", Fixture, NULL, setup, test_view_selection_export, teardown);
  return g_test_run ();
}
