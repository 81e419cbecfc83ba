#include "config.h"

#include <math.h>

#include "base/csl-error.h"
#include "documents/csl-pdf.h"
#include "csl-test-pdf.h"
#include "csl-test-util.h"

static char *
fixture (CslTestTmp *tmp,
         const char *name)
{
  return g_build_filename (tmp->dir, name, NULL);
}

static void
test_inspect (CslTestTmp    *tmp,
              gconstpointer  data)
{
  g_autofree char *path = fixture (tmp, "report.pdf");
  const char *pages[] = { "第一页 报告编号：R-7 型号 CAM-100", "Second page: GB/T 41387-2022", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CslPdfInfo) info = NULL;
  g_autoptr(CslPdfInfo) no_text = NULL;

  csl_test_make_pdf (path, "检测报告 R-7", pages);
  info = csl_pdf_inspect (path, "report.pdf", CSL_PDF_DEFAULT_MAX_SIZE, CSL_PDF_INSPECT_TEXT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->n_pages, ==, 2);
  g_assert_cmpuint (info->size, ==, csl_test_file_size (path));
  g_assert_cmpfloat_with_epsilon (info->page_width_pt, 595.276, 0.5);
  g_assert_cmpfloat_with_epsilon (info->page_height_pt, 841.89, 0.5);
  g_assert_cmpstr (info->title, ==, "检测报告 R-7");
  g_assert_nonnull (strstr (info->producer, "cairo"));
  g_assert_nonnull (info->text);
  csl_test_assert_mentions (info->text, "第一页 报告编号：R-7 型号 CAM-100");
  csl_test_assert_mentions (info->text, "GB/T 41387-2022");
  /* Pages stay apart, in order. */
  g_assert_true (strchr (info->text, '\f') > strstr (info->text, "CAM-100"));
  g_assert_true (strchr (info->text, '\f') < strstr (info->text, "41387"));

  no_text = csl_pdf_inspect (path, "report.pdf", CSL_PDF_DEFAULT_MAX_SIZE, CSL_PDF_INSPECT_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (no_text->text);
}

static void
assert_refused (const char *path,
                guint64     max_size,
                int         code,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslPdfInfo) info = NULL;
  g_autofree char *name = g_path_get_basename (path);

  info = csl_pdf_inspect (path, name, max_size, CSL_PDF_INSPECT_TEXT, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, CSL_ERROR, code);
  /* The message names the file and says what is wrong with it. */
  g_assert_nonnull (strstr (error->message, name));
  if (strstr (error->message, fragment) == NULL)
    g_error ("expected “%s” in: %s", fragment, error->message);
}

static void
test_refusals (CslTestTmp    *tmp,
               gconstpointer  data)
{
  g_autofree char *good = fixture (tmp, "good.pdf");
  g_autofree char *empty = fixture (tmp, "empty.pdf");
  g_autofree char *text = fixture (tmp, "notes.pdf");
  g_autofree char *half = fixture (tmp, "half.pdf");
  g_autofree char *no_eof = fixture (tmp, "no-eof.pdf");
  g_autofree char *junk = fixture (tmp, "junk.pdf");
  g_autofree char *locked = fixture (tmp, "locked.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(CslPdfInfo) info = NULL;
  gsize size;

  csl_test_make_pdf1 (good, "A perfectly fine report");
  size = csl_test_file_size (good);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_refused (empty, CSL_PDF_DEFAULT_MAX_SIZE, CSL_ERROR_FILE_EMPTY, "empty");

  g_assert_true (g_file_set_contents (text, "Meeting notes, saved with the wrong name.\n", -1, NULL));
  assert_refused (text, CSL_PDF_DEFAULT_MAX_SIZE, CSL_ERROR_NOT_PDF, "not a PDF");

  /* Cut in the middle: poppler cannot parse it. */
  csl_test_truncate_copy (good, half, size / 2);
  assert_refused (half, CSL_PDF_DEFAULT_MAX_SIZE, CSL_ERROR_PDF_DAMAGED, "damaged");
  /* Cut just before the end marker: poppler would repair it, the app must not accept it. */
  csl_test_truncate_copy (good, no_eof, size - 7);
  assert_refused (no_eof, CSL_PDF_DEFAULT_MAX_SIZE, CSL_ERROR_PDF_DAMAGED, "truncated");
  /* Header and marker but nothing parseable between them. */
  g_assert_true (g_file_set_contents (junk, "%PDF-1.7\nthis is no PDF body at all\n%%EOF\n", -1, NULL));
  assert_refused (junk, CSL_PDF_DEFAULT_MAX_SIZE, CSL_ERROR_PDF_DAMAGED, "damaged");

  csl_test_encrypt_pdf (good, locked);
  assert_refused (locked, CSL_PDF_DEFAULT_MAX_SIZE, CSL_ERROR_PDF_ENCRYPTED, "password");

  assert_refused (good, size - 1, CSL_ERROR_FILE_TOO_LARGE, "size limit");
  info = csl_pdf_inspect (good, "good.pdf", size, CSL_PDF_INSPECT_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->n_pages, ==, 1);
}

static void
test_cancel (CslTestTmp    *tmp,
             gconstpointer  data)
{
  g_autofree char *path = fixture (tmp, "report.pdf");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CslPdfInfo) info = NULL;

  csl_test_make_pdf1 (path, "text");
  g_cancellable_cancel (cancellable);
  info = csl_pdf_inspect (path, "report.pdf", CSL_PDF_DEFAULT_MAX_SIZE, CSL_PDF_INSPECT_TEXT, cancellable, &error);
  g_assert_null (info);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A page that is transparent except for a black box in its lower half. */
static void
make_box_pdf (const char *path)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 600, 800);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, 100, 500, 400, 200);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(const guint32 *) (const void *) (data + y * stride + x * 4);
}

static void
test_thumbnail (CslTestTmp    *tmp,
                gconstpointer  data)
{
  g_autofree char *path = fixture (tmp, "box.pdf");
  const int widths[] = { 60, 150, 333 };

  make_box_pdf (path);
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autoptr(GError) error = NULL;
      cairo_surface_t *thumb = csl_pdf_render_thumbnail (path, "box.pdf", widths[i], NULL, &error);
      int w = widths[i];

      g_assert_no_error (error);
      g_assert_cmpint (cairo_image_surface_get_format (thumb), ==, CAIRO_FORMAT_ARGB32);
      g_assert_cmpint (cairo_image_surface_get_width (thumb), ==, w);
      g_assert_cmpint (cairo_image_surface_get_height (thumb), ==, (int) round (800.0 * w / 600.0));
      /* Paper is opaque white where the page draws nothing, and the box is drawn. */
      g_assert_cmphex (pixel (thumb, 1, 1), ==, 0xFFFFFFFF);
      g_assert_cmphex (pixel (thumb, w - 2, cairo_image_surface_get_height (thumb) - 2), ==, 0xFFFFFFFF);
      g_assert_cmphex (pixel (thumb, w / 2, (int) (600.0 * w / 600.0)), ==, 0xFF000000);
      cairo_surface_destroy (thumb);
    }
}

/* Attaching asks for the facts, the text and the thumbnail in one pass of the helper: the
 * thumbnail is the very one csl_pdf_render_thumbnail() draws, and asking for it changes nothing
 * else. */
static void
test_inspect_thumbnail (CslTestTmp    *tmp,
                        gconstpointer  data)
{
  g_autofree char *path = fixture (tmp, "box.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(CslPdfInfo) plain = NULL;
  g_autoptr(CslPdfInfo) info = NULL;
  cairo_surface_t *alone;
  int h, stride;

  make_box_pdf (path);
  plain = csl_pdf_inspect (path, "box.pdf", CSL_PDF_DEFAULT_MAX_SIZE, CSL_PDF_INSPECT_TEXT, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (plain->thumbnail);
  info = csl_pdf_inspect_full (path, "box.pdf", CSL_PDF_DEFAULT_MAX_SIZE, CSL_PDF_INSPECT_TEXT, 150, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->n_pages, ==, plain->n_pages);
  g_assert_cmpstr (info->text, ==, plain->text);
  g_assert_nonnull (info->thumbnail);

  alone = csl_pdf_render_thumbnail (path, "box.pdf", 150, NULL, &error);
  g_assert_no_error (error);
  h = cairo_image_surface_get_height (alone);
  g_assert_cmpint (cairo_image_surface_get_width (info->thumbnail), ==, 150);
  g_assert_cmpint (cairo_image_surface_get_height (info->thumbnail), ==, h);
  stride = cairo_image_surface_get_stride (alone);
  g_assert_cmpint (cairo_image_surface_get_stride (info->thumbnail), ==, stride);
  g_assert_cmpmem (cairo_image_surface_get_data (info->thumbnail), stride * h,
                   cairo_image_surface_get_data (alone), stride * h);
  cairo_surface_destroy (alone);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pdf/inspect", CslTestTmp, NULL, csl_test_tmp_setup, test_inspect, csl_test_tmp_teardown);
  g_test_add ("/pdf/refusals", CslTestTmp, NULL, csl_test_tmp_setup, test_refusals, csl_test_tmp_teardown);
  g_test_add ("/pdf/cancel", CslTestTmp, NULL, csl_test_tmp_setup, test_cancel, csl_test_tmp_teardown);
  g_test_add ("/pdf/thumbnail", CslTestTmp, NULL, csl_test_tmp_setup, test_thumbnail, csl_test_tmp_teardown);
  g_test_add ("/pdf/inspect-thumbnail", CslTestTmp, NULL, csl_test_tmp_setup, test_inspect_thumbnail,
              csl_test_tmp_teardown);
  return g_test_run ();
}
