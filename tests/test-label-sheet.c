#include "config.h"

#include <string.h>

#include "base/csl-error.h"
#include "documents/csl-label-load.h"
#include "label/csl-label-sheet.h"
#include "workspace/csl-workspace.h"
#include "csl-test-label.h"
#include "csl-test-util.h"

/* Page n of the PDF at dpi, as a PNG beside it, for zbarimg. */
static char *
page_png (const char *pdf_path,
          int         n,
          double      dpi)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (pdf_path, NULL, NULL);
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);
  PopplerPage *page;
  double w, h;
  cairo_surface_t *surface;
  cairo_t *cr;
  char *png = g_strdup_printf ("%s-%d.png", pdf_path, n);

  g_assert_no_error (error);
  page = poppler_document_get_page (doc, n);
  poppler_page_get_size (page, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (w * dpi / 72), (int) (h * dpi / 72));
  cr = cairo_create (surface);
  /* White first, as Evince does: a PDF page has no background of its own. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72, dpi / 72);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_object_unref (page);
  g_object_unref (doc);
  return png;
}

static int
n_pages (const char *pdf_path,
         double     *width_pt)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (pdf_path, NULL, NULL);
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);
  PopplerPage *page;
  double h;
  int n;

  g_assert_no_error (error);
  n = poppler_document_get_n_pages (doc);
  page = poppler_document_get_page (doc, 0);
  poppler_page_get_size (page, width_pt, &h);
  g_object_unref (page);
  g_object_unref (doc);
  return n;
}

static guint
count_lines_equal (const char *text,
                   const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_strcmp0 (lines[i], line) == 0;
  return n;
}

/* Three filings, four copies each, on 21-label A4 sheets starting at cell 19 of the first:
 * 12 labels on 2 pages (2 + 10); every QR code on a page scans to its filing's text. */
static void
test_sheet_pages_and_codes (CslTestTmp    *tmp,
                            gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *pdf = g_build_filename (tmp->dir, "sheet.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = csl_workspace_open (dir, &error);
  g_autoptr(CslLabelSheet) sheet = csl_label_sheet_find ("a4-3x7-63.5x38.1", &error);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_label_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  CslTestLabelParties parties;
  double width_pt = 0;

  g_assert_no_error (error);
  parties = csl_test_label_parties (ws);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *model = g_strdup_printf ("CAM-%d", i);
      g_autofree char *number = g_strdup_printf ("CSL-2026-00%d", i);
      gint64 id = csl_test_label_filing (ws, &parties, i + 1, model, number);
      CslLabel *label = csl_label_load (ws, id, NULL, &error);

      g_assert_no_error (error);
      g_ptr_array_add (texts, g_strdup (csl_label_get_content (label)->qr_text));
      for (int c = 0; c < 4; c++)
        g_ptr_array_add (labels, c == 0 ? label : csl_label_ref (label));
    }
  g_assert_cmpuint (csl_label_sheet_get_per_page (sheet), ==, 21);
  g_assert_cmpuint (csl_label_sheet_n_pages (sheet, labels->len, 19), ==, 2);
  g_assert_true (csl_label_sheet_render_to_file (sheet, (CslLabel *const *) labels->pdata, labels->len, 19, pdf,
                                                 NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_pages (pdf, &width_pt), ==, 2);
  g_assert_cmpfloat_with_epsilon (width_pt, 210 / 25.4 * 72, 0.01);

  {
    g_autofree char *png1 = page_png (pdf, 0, 300);
    g_autofree char *png2 = page_png (pdf, 1, 300);
    g_autofree char *codes1 = csl_test_zbar (png1);
    g_autofree char *codes2 = csl_test_zbar (png2);

    /* Cells 19 and 20 of page 1 hold the first filing's first two copies; page 2 the rest. */
    g_assert_cmpuint (count_lines_equal (codes1, texts->pdata[0]), ==, 2);
    g_assert_cmpuint (count_lines_equal (codes2, texts->pdata[0]), ==, 2);
    g_assert_cmpuint (count_lines_equal (codes2, texts->pdata[1]), ==, 4);
    g_assert_cmpuint (count_lines_equal (codes2, texts->pdata[2]), ==, 4);
  }
}

/* A label that fails its check (here: no lab) stops the sheet before anything is written;
 * so does a sheet whose cells are too small for the template. */
static void
test_refused (CslTestTmp    *tmp,
              gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *pdf = g_build_filename (tmp->dir, "refused.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = csl_workspace_open (dir, &error);
  g_autoptr(CslLabelSheet) sheet = csl_label_sheet_find ("a4-2x5-70x50", &error);
  g_autoptr(CslLabelSheet) tiny = NULL;
  g_autoptr(JsonNode) node = NULL;
  CslTestLabelParties parties;
  CslLabel *labels[1];
  gint64 id;

  g_assert_no_error (error);
  parties = csl_test_label_parties (ws);
  id = csl_test_label_filing (ws, &parties, 1, "CAM-1", "CSL-2026-001");
  labels[0] = csl_label_load (ws, id, NULL, &error);
  g_assert_no_error (error);
  g_free (((CslLabelContent *) csl_label_get_content (labels[0]))->lab);
  ((CslLabelContent *) csl_label_get_content (labels[0]))->lab = NULL;
  g_assert_false (csl_label_sheet_render_to_file (sheet, labels, 1, 0, pdf, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  node = json_from_string ("{\"name\": \"tiny\", \"page_width_mm\": 210, \"page_height_mm\": 297, "
                           "\"label_width_mm\": 30, \"label_height_mm\": 20, \"columns\": 6, \"rows\": 14, "
                           "\"margin_left_mm\": 10, \"margin_top_mm\": 10, \"pitch_x_mm\": 31, "
                           "\"pitch_y_mm\": 20}", &error);
  g_assert_no_error (error);
  tiny = csl_label_sheet_new_from_json (node, "tiny.json", &error);
  g_assert_no_error (error);
  g_assert_false (csl_label_sheet_render_to_file (tiny, labels, 1, 0, pdf, NULL, &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "30.0 × 20.0 mm"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  csl_label_unref (labels[0]);
}

static void
test_builtin_and_bad_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sheets = csl_label_sheet_list_builtin (&error);
  static const char *const bad[] = {
    "[]",
    "{\"page_width_mm\": 210}",
    "{\"name\": \"x\", \"page_width_mm\": 210, \"page_height_mm\": 297, \"label_width_mm\": 70, "
    "\"label_height_mm\": 50, \"columns\": 4, \"rows\": 5, \"margin_left_mm\": 0, \"margin_top_mm\": 0, "
    "\"pitch_x_mm\": 70, \"pitch_y_mm\": 50}",
    "{\"name\": \"x\", \"page_width_mm\": 210, \"page_height_mm\": 297, \"label_width_mm\": 70, "
    "\"label_height_mm\": 50, \"columns\": 2, \"rows\": 5, \"margin_left_mm\": 0, \"margin_top_mm\": 0, "
    "\"pitch_x_mm\": 60, \"pitch_y_mm\": 50}",
  };

  g_assert_no_error (error);
  g_assert_cmpuint (sheets->len, >=, 4);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);

      g_assert_null (csl_label_sheet_new_from_json (node, "bad.json", &error));
      g_assert_error (error, CSL_ERROR, CSL_ERROR_CATALOGUE);
      g_clear_error (&error);
    }
  g_assert_null (csl_label_sheet_find ("no-such-sheet", &error));
  g_assert_nonnull (strstr (error->message, "a4-2x5-70x50"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/label-sheet/pages-and-codes", CslTestTmp, NULL, csl_test_tmp_setup, test_sheet_pages_and_codes,
              csl_test_tmp_teardown);
  g_test_add ("/label-sheet/refused", CslTestTmp, NULL, csl_test_tmp_setup, test_refused, csl_test_tmp_teardown);
  g_test_add_func ("/label-sheet/builtin-and-bad-data", test_builtin_and_bad_data);
  return g_test_run ();
}
