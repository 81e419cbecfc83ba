#include "config.h"

#include <string.h>

#include "workspace/csl-workspace.h"
#include "documents/csl-label-load.h"
#include "base/csl-error.h"
#include "csl-label-preview.h"
#include "csl-label-print.h"
#include "csl-label-sheet-print.h"
#include "label/csl-qr.h"
#include "csl-test-label.h"
#include "csl-test-ui.h"
#include "csl-test-util.h"

typedef struct
{
  CslTestTmp    tmp;
  CslWorkspace *ws;
  gint64        filed_id;
  CslLabel     *filed;
  CslLabel     *draft;
  CslLabel     *too_long;
} Fixture;

static CslLabel *
load (CslWorkspace *ws,
      gint64        id)
{
  g_autoptr(GError) error = NULL;
  CslLabel *label = csl_label_load (ws, id, NULL, &error);

  g_assert_no_error (error);
  return label;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CslTestLabelParties parties;

  csl_test_tmp_setup (&fx->tmp, data);
  fx->ws = csl_workspace_open (fx->tmp.dir, &error);
  g_assert_no_error (error);
  parties = csl_test_label_parties (fx->ws);
  fx->filed_id = csl_test_label_filing (fx->ws, &parties, 2, "CAM-200", "CSL2026-000200");
  fx->filed = load (fx->ws, fx->filed_id);
  fx->draft = load (fx->ws, csl_test_label_filing (fx->ws, &parties, 3, "CAM-300", NULL));
  fx->too_long = load (fx->ws, csl_test_label_filing (fx->ws, &parties, 1,
                                                      "IPC-CAM-PRO-4K-WIFI6-DUALBAND-OUTDOOR-PTZ-NIGHTVISION-2026EDITION",
                                                      NULL));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  csl_label_unref (fx->filed);
  csl_label_unref (fx->draft);
  csl_label_unref (fx->too_long);
  g_object_unref (fx->ws);
  csl_test_tmp_teardown (&fx->tmp, data);
}

static void
destroy_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* The preview draws with the label's own function: its QR code scans off the screen. */
static void
test_preview (Fixture       *fx,
              gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *preview = csl_label_preview_new ();
  CslLabelPreview *p = CSL_LABEL_PREVIEW (preview);
  g_autofree char *png = NULL, *draft_png = NULL, *problem_png = NULL, *qr = NULL, *draft_qr = NULL;
  guint notified = 0;

  g_signal_connect (preview, "notify::problem", G_CALLBACK (count_notify), &notified);
  gtk_window_set_title (GTK_WINDOW (window), "Label preview");
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 680);
  gtk_window_set_child (GTK_WINDOW (window), preview);
  csl_label_preview_set_label (p, fx->filed);
  g_assert_true (csl_label_preview_get_label (p) == fx->filed);
  g_assert_null (csl_label_preview_get_problem (p));
  gtk_window_present (GTK_WINDOW (window));

  png = csl_test_screenshot (window, "label-preview");
  qr = csl_test_zbar (png);
  g_assert_cmpstr (qr, ==, "https://csl-filing.invalid/filing/CSL2026-000200");

  csl_label_preview_set_label (p, fx->draft);
  g_assert_null (csl_label_preview_get_problem (p));
  draft_png = csl_test_screenshot (window, "label-preview-draft");
  /* The monochrome variant, drawn by the same function. */
  csl_label_set_monochrome (fx->draft, TRUE);
  gtk_widget_queue_draw (preview);
  {
    g_autofree char *mono_png = csl_test_screenshot (window, "label-preview-monochrome");
    g_autofree char *mono_qr = csl_test_zbar (mono_png);

    g_assert_true (g_str_has_prefix (mono_qr, "CSL-DRAFT:91110000600037341L/CAM-300/"));
  }
  csl_label_set_monochrome (fx->draft, FALSE);
  draft_qr = csl_test_zbar (draft_png);
  g_assert_true (g_str_has_prefix (draft_qr, "CSL-DRAFT:91110000600037341L/CAM-300/"));

  /* A size the template does not allow, then text that cannot fit: said, not hidden. */
  csl_label_preview_set_width_mm (p, 30);
  g_assert_cmpfloat (csl_label_preview_get_width_mm (p), ==, 30);
  g_assert_nonnull (strstr (csl_label_preview_get_problem (p), "30 mm"));
  csl_label_preview_set_width_mm (p, 50);
  csl_label_preview_set_label (p, fx->too_long);
  g_assert_nonnull (strstr (csl_label_preview_get_problem (p), "50 mm"));
  if (csl_test_ui_untranslated ())
    g_assert_nonnull (strstr (csl_label_preview_get_problem (p), "is too long for the label"));
  g_assert_cmpuint (notified, >=, 4);
  problem_png = csl_test_screenshot (window, "label-preview-problem");
  g_test_message ("screenshots: %s %s %s", png, draft_png, problem_png);

  csl_label_preview_set_label (p, NULL);
  g_assert_null (csl_label_preview_get_problem (p));
  destroy_window (window);
}

/* Printing at true size: exported through the same print operation the dialog runs. */
static void
test_print (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) op = csl_label_print_operation_new (fx->filed, 100);
  g_autofree char *pdf_path = g_build_filename (fx->tmp.dir, "printed.pdf", NULL);
  GtkPrintOperationResult result;
  CslTestPdf pdf;

  gtk_print_operation_set_export_filename (op, pdf_path);
  result = gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  pdf = csl_test_pdf_read_file (pdf_path);
  g_assert_cmpfloat_with_epsilon (pdf.width_pt, 100 / 25.4 * 72, 0.05);
  g_assert_cmpfloat_with_epsilon (pdf.height_pt, 100 * 50.0 / 70 / 25.4 * 72, 0.05);
  g_assert_nonnull (strstr (pdf.text, "网络安全标识"));
  g_assert_nonnull (strstr (pdf.text, "CSL2026-000200"));
  g_free (pdf.text);

  /* A label that fails its checks never reaches the print dialog. */
  g_assert_false (csl_label_print (NULL, fx->too_long, 50, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_PRINT_QUALITY);
}

/* The page count; the first page's size (pt) and the text of all, when asked for. */
static int
pdf_pages (const char  *path,
           double      *width,
           double      *height,
           char       **text)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);
  GString *all = g_string_new (NULL);
  int n;

  g_assert_no_error (error);
  n = poppler_document_get_n_pages (doc);
  for (int i = 0; i < n; i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      if (i == 0 && width != NULL)
        poppler_page_get_size (page, width, height);
      g_string_append (all, page_text);
      g_object_unref (page);
    }
  g_object_unref (doc);
  if (text != NULL)
    *text = g_string_free (all, FALSE);
  else
    g_string_free (all, TRUE);
  return n;
}

/* A sticker sheet printed through the print operation: A4 paper, as many pages as the PDF of
 * `label sheet` has (the same drawing function), the labels' text on them. */
static void
test_print_sheet (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslLabelSheet) sheet = csl_label_sheet_find ("a4-2x5-70x50", &error);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_label_unref);
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autofree char *printed = g_build_filename (fx->tmp.dir, "sheet-printed.pdf", NULL);
  g_autofree char *written = g_build_filename (fx->tmp.dir, "sheet-written.pdf", NULL);
  g_autofree char *text = NULL;
  double width = 0, height = 0;
  guint per;

  g_assert_no_error (error);
  per = csl_label_sheet_get_per_page (sheet);
  /* One more than fits after three used cells: two pages. */
  for (guint i = 0; i < per - 3 + 1; i++)
    g_ptr_array_add (labels, csl_label_ref (fx->filed));
  g_assert_true (csl_label_sheet_render_to_file (sheet, (CslLabel *const *) labels->pdata, labels->len, 3, written,
                                                 NULL, &error));
  op = csl_label_sheet_print_operation_new (g_steal_pointer (&sheet), labels, 3, &error);
  g_assert_no_error (error);
  gtk_print_operation_set_export_filename (op, printed);
  g_assert_cmpint (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error), ==,
                   GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_cmpint (pdf_pages (printed, &width, &height, &text), ==, 2);
  g_assert_cmpint (pdf_pages (written, NULL, NULL, NULL), ==, 2);
  g_assert_cmpfloat_with_epsilon (width, 210 / 25.4 * 72, 0.5);
  g_assert_cmpfloat_with_epsilon (height, 297 / 25.4 * 72, 0.5);
  g_assert_nonnull (strstr (text, "CSL2026-000200"));
}

/* The app's setting feeds the QR address; its shipped default is the core's placeholder. */
static void
test_setting (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) shipped = g_settings_get_default_value (settings, "qr-url-template");
  g_autoptr(CslLabel) label = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = fx->filed_id;

  g_assert_cmpstr (g_variant_get_string (shipped, NULL), ==, CSL_QR_DEFAULT_URL_TEMPLATE);
  g_assert_true (g_settings_set_string (settings, "qr-url-template", "https://settings.example/{filing_number}"));
  label = csl_label_load_for_app (fx->ws, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (csl_label_get_content (label)->qr_text, ==, "https://settings.example/CSL2026-000200");
  g_clear_pointer (&label, csl_label_unref);

  g_assert_true (g_settings_set_string (settings, "qr-url-template", "https://settings.example/"));
  g_assert_null (csl_label_load_for_app (fx->ws, id, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, _("The “Filing information address” setting")));
  g_settings_reset (settings, "qr-url-template");
  g_clear_error (&error);

  /* The label step's Monochrome switch: every label the app loads then prints in black. */
  label = csl_label_load_for_app (fx->ws, id, &error);
  g_assert_false (csl_label_get_monochrome (label));
  g_clear_pointer (&label, csl_label_unref);
  g_settings_set_boolean (settings, "label-monochrome", TRUE);
  label = csl_label_load_for_app (fx->ws, id, &error);
  g_assert_no_error (error);
  g_assert_true (csl_label_get_monochrome (label));
  g_settings_reset (settings, "label-monochrome");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  csl_test_ui_bind_translations ();
  g_test_add ("/ui/label/preview", Fixture, NULL, fixture_setup, test_preview, fixture_teardown);
  g_test_add ("/ui/label/print", Fixture, NULL, fixture_setup, test_print, fixture_teardown);
  g_test_add ("/ui/label/print-sheet", Fixture, NULL, fixture_setup, test_print_sheet, fixture_teardown);
  g_test_add ("/ui/label/setting", Fixture, NULL, fixture_setup, test_setting, fixture_teardown);
  return g_test_run ();
}
