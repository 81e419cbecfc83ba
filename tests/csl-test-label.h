#pragma once

#include <gio/gio.h>
#include <cairo.h>
#include <poppler.h>

#include "records/csl-catalogue.h"
#include "records/csl-filing.h"
#include "records/csl-lab.h"
#include "records/csl-manufacturer.h"
#include "records/csl-product.h"

/* A manufacturer and a lab to hang label filings on. */
typedef struct
{
  gint64 manufacturer_id;
  gint64 lab_id;
  gint64 category_id;
} CslTestLabelParties;

static inline CslTestLabelParties
csl_test_label_parties (CslWorkspace *ws)
{
  g_autoptr(CslManufacturer) m = csl_manufacturer_new ();
  g_autoptr(CslLab) lab = csl_lab_new ();
  g_autoptr(CslCategory) c = NULL;
  g_autoptr(GError) error = NULL;
  CslTestLabelParties parties;

  m->name_zh = g_strdup ("北京示例科技有限公司");
  m->name_en = g_strdup ("Beijing Example Technology Co., Ltd.");
  m->uscc = g_strdup ("91110000600037341L");
  parties.manufacturer_id = csl_manufacturer_add (ws, m, &error);
  g_assert_no_error (error);
  lab->name = g_strdup ("中国电子技术标准化研究院 测试实验室");
  lab->kind = g_strdup ("third-party");
  parties.lab_id = csl_lab_add (ws, lab, &error);
  g_assert_no_error (error);
  c = csl_catalogue_find_serial (ws, "CSL 001-2025", &error);
  g_assert_no_error (error);
  parties.category_id = c->id;
  return parties;
}

/* A filing for a new product; filed when filing_number is given (valid 2026-07-01 to
 * 2029-06-30, as the lifecycle would set it). */
static inline gint64
csl_test_label_filing (CslWorkspace              *ws,
                       const CslTestLabelParties *parties,
                       int                        grade,
                       const char                *model,
                       const char                *filing_number)
{
  g_autoptr(CslProduct) p = csl_product_new ();
  g_autoptr(CslFiling) f = csl_filing_new ();
  g_autoptr(GError) error = NULL;

  p->manufacturer_id = parties->manufacturer_id;
  p->category_id = parties->category_id;
  p->model = g_strdup (model);
  g_assert_cmpint (csl_product_add (ws, p, &error), >, 0);
  g_assert_no_error (error);
  f->product_id = p->id;
  f->lab_id = parties->lab_id;
  f->grade = grade;
  f->standards = g_strsplit ("GB/T 41387-2022;GB/T 38632-2020", ";", -1);
  g_assert_cmpint (csl_filing_add (ws, f, &error), >, 0);
  g_assert_no_error (error);
  if (filing_number != NULL)
    {
      f->filing_number = g_strdup (filing_number);
      f->valid_from = g_strdup ("2026-07-01");
      f->valid_until = g_strdup ("2029-06-30");
      g_assert_true (csl_filing_update (ws, f, &error));
      g_assert_no_error (error);
    }
  return f->id;
}

/* What zbarimg (zbar-tools) reads from the image's QR code, as a phone would. */
static inline char *
csl_test_zbar (const char *png_path)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           "zbarimg", "--raw", "-q", png_path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    g_error ("zbarimg found no QR code in %s: %s", png_path, err);
  return g_strdup (g_strchomp (out));
}

typedef struct
{
  double  width_pt;
  double  height_pt;
  char   *text;
} CslTestPdf;

/* The first page's size and text, read back with poppler. */
static inline CslTestPdf
csl_test_pdf_read (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  /* poppler 22.12 declares no autoptr cleanup for its types. */
  PopplerDocument *doc = poppler_document_new_from_bytes (bytes, NULL, &error);
  PopplerPage *page;
  CslTestPdf pdf = { 0 };

  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 1);
  page = poppler_document_get_page (doc, 0);
  poppler_page_get_size (page, &pdf.width_pt, &pdf.height_pt);
  pdf.text = poppler_page_get_text (page);
  g_object_unref (page);
  g_object_unref (doc);
  return pdf;
}

static inline CslTestPdf
csl_test_pdf_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (mapped);
  return csl_test_pdf_read (bytes);
}

/* Where the rendered labels go for a person to look at: the build folder's labels/. */
static inline char *
csl_test_label_dir (void)
{
  const char *dir = g_getenv ("CSL_FILER_LABEL_DIR");
  char *path = g_strdup (dir ? dir : g_get_tmp_dir ());

  g_mkdir_with_parents (path, 0755);
  return path;
}

/* Whether every pixel of the PNG is grey (r == g == b): a monochrome label's promise. Counts
 * the pixels that are not into *coloured when it is given. */
static inline gboolean
csl_test_png_is_grey (const char *path,
                      guint      *coloured)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (path);
  const guint8 *data;
  int stride, w, h;
  guint n = 0;

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  w = cairo_image_surface_get_width (image);
  h = cairo_image_surface_get_height (image);
  g_assert_cmpint (w, >, 0);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 px = *(const guint32 *) (gconstpointer) (data + y * stride + 4 * x);
        guint r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

        if (r != g || g != b)
          n++;
      }
  cairo_surface_destroy (image);
  if (coloured != NULL)
    *coloured = n;
  return n == 0;
}
