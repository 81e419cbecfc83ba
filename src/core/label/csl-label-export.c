#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <png.h>
#include <string.h>

#include "base/csl-atomic.h"
#include "base/csl-error.h"
#include "label/csl-label-export-private.h"
#include "label/csl-label-export.h"

/* cairo's image surfaces stop at 32767 pixels a side; far below that a label is a typo. */
#define MAX_PIXELS_PER_SIDE 20000

static const char *const format_names[] = { "pdf", "svg", "png" };

gboolean
csl_label_format_parse (const char      *text,
                        CslLabelFormat  *out,
                        GError         **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (text != NULL && g_ascii_strcasecmp (text, format_names[i]) == 0)
      {
        *out = (CslLabelFormat) i;
        return TRUE;
      }
  g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("Label format “%s” is not pdf, svg or png"),
               text ? text : "");
  return FALSE;
}

gboolean
csl_label_format_for_path (const char      *path,
                           CslLabelFormat  *out,
                           GError         **error)
{
  const char *dot = path ? strrchr (path, '.') : NULL;

  if (dot != NULL && strchr (dot, '/') == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
      if (g_ascii_strcasecmp (dot + 1, format_names[i]) == 0)
        {
          *out = (CslLabelFormat) i;
          return TRUE;
        }
  g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
               _("Cannot tell the label format from “%s”: name it .pdf, .svg or .png, or give the format"),
               path ? path : "");
  return FALSE;
}

const char *
csl_label_format_to_string (CslLabelFormat format)
{
  g_return_val_if_fail (format <= CSL_LABEL_FORMAT_PNG, NULL);
  return format_names[format];
}

const char *
csl_label_format_content_type (CslLabelFormat format)
{
  static const char *const types[] = { "application/pdf", "image/svg+xml", "image/png" };

  g_return_val_if_fail (format <= CSL_LABEL_FORMAT_PNG, NULL);
  return types[format];
}

gboolean
csl_label_check_dpi (double   dpi,
                     GError **error)
{
  if (isfinite (dpi) && dpi >= CSL_LABEL_MIN_DPI && dpi <= CSL_LABEL_MAX_DPI)
    return TRUE;
  g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("A resolution of %g dpi is outside %d to %d dpi"),
               dpi, CSL_LABEL_MIN_DPI, CSL_LABEL_MAX_DPI);
  return FALSE;
}

cairo_status_t
csl_label_sink_write (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL ||
      !g_output_stream_write_all (sink->out, data, length, NULL, sink->cancellable, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
finish (Sink             *sink,
        cairo_surface_t  *surface,
        GError          **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (sink->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&sink->error));
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot draw the label: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static gboolean
draw_page (cairo_surface_t  *surface,
           CslLabel         *label,
           double            width_mm,
           GError          **error)
{
  cairo_t *cr = cairo_create (surface);
  gboolean ok = csl_label_draw (cr, csl_label_get_template (label), csl_label_get_content (label), width_mm,
                                csl_label_get_draw_flags (label), error);

  cairo_show_page (cr);
  cairo_destroy (cr);
  return ok;
}

static gboolean
render_vector (CslLabel        *label,
               CslLabelFormat   format,
               double           width_mm,
               Sink            *sink,
               GError         **error)
{
  const CslLabelContent *c = csl_label_get_content (label);
  double w = csl_mm_to_pt (width_mm);
  double h = csl_mm_to_pt (csl_label_template_height_for_width (csl_label_get_template (label), width_mm));
  cairo_surface_t *surface;
  gboolean ok;

  if (format == CSL_LABEL_FORMAT_PDF)
    {
      g_autofree char *title = g_strdup_printf ("网络安全标识 China Cybersecurity Label: %s", c->model ? c->model : "");

      surface = cairo_pdf_surface_create_for_stream (csl_label_sink_write, sink, w, h);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
    }
  else
    {
      surface = cairo_svg_surface_create_for_stream (csl_label_sink_write, sink, w, h);
      /* Points, which cairo writes as the page's width and height: the label's true size. */
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
    }
  ok = draw_page (surface, label, width_mm, error);
  if (!ok)
    {
      /* Destroying finishes the document: keep it out of the caller's stream. */
      if (sink->error == NULL)
        sink->error = g_error_new_literal (CSL_ERROR, CSL_ERROR_IO, "refused");
      cairo_surface_destroy (surface);
      g_clear_error (&sink->error);
      return FALSE;
    }
  return finish (sink, surface, error);
}

/* ---- PNG through libpng, for the pHYs chunk cairo does not write ------------------------ */

typedef struct
{
  Sink *sink;
  char *message;
} PngState;

static void
png_on_error (png_structp      png,
              png_const_charp  message)
{
  PngState *state = png_get_error_ptr (png);

  if (state->message == NULL)
    state->message = g_strdup (message);
  png_longjmp (png, 1);
}

static void
png_on_warning (png_structp      png,
                png_const_charp  message)
{
}

static void
png_on_write (png_structp  png,
              png_bytep    data,
              png_size_t   length)
{
  PngState *state = png_get_io_ptr (png);

  if (csl_label_sink_write (state->sink, data, (unsigned int) length) != CAIRO_STATUS_SUCCESS)
    png_error (png, "write failed");
}

static void
png_on_flush (png_structp png)
{
}

/* No g_auto variables here: libpng reports errors by longjmp. */
static gboolean
write_png (cairo_surface_t  *image,
           double            dpi,
           Sink             *sink,
           GError          **error)
{
  int width = cairo_image_surface_get_width (image);
  int height = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *pixels = cairo_image_surface_get_data (image);
  png_uint_32 ppm = (png_uint_32) lround (dpi / 0.0254);
  PngState state = { sink, NULL };
  png_bytep row = g_malloc ((gsize) width * 3);
  png_structp png;
  png_infop info = NULL;

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, &state, png_on_error, png_on_warning);
  if (png != NULL)
    info = png_create_info_struct (png);
  if (png == NULL || info == NULL)
    {
      png_destroy_write_struct (&png, &info);
      g_free (row);
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot start writing the PNG"));
      return FALSE;
    }
  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      g_free (row);
      if (sink->error != NULL)
        g_propagate_error (error, g_steal_pointer (&sink->error));
      else
        g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot write the PNG: %s"),
                     state.message ? state.message : "");
      g_free (state.message);
      return FALSE;
    }
  png_set_write_fn (png, &state, png_on_write, png_on_flush);
  /* A label is flat colour, text and a QR code: row filters make it larger, not smaller, and
   * trying all five on every row made up most of the time of a 600 dpi export. Deflate's fastest
   * level writes it in a sixth of the time of the default for a file a fifth larger. */
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_compression_level (png, 1);
  png_set_IHDR (png, info, (png_uint_32) width, (png_uint_32) height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_pHYs (png, info, ppm, ppm, PNG_RESOLUTION_METER);
  png_write_info (png, info);
  for (int y = 0; y < height; y++)
    {
      const guint32 *src = (const guint32 *) (gconstpointer) (pixels + (gsize) y * stride);

      /* CAIRO_FORMAT_RGB24: native-endian 0x00RRGGBB words. */
      for (int x = 0; x < width; x++)
        {
          row[3 * x] = (src[x] >> 16) & 0xff;
          row[3 * x + 1] = (src[x] >> 8) & 0xff;
          row[3 * x + 2] = src[x] & 0xff;
        }
      png_write_row (png, row);
    }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  g_free (row);
  g_free (state.message);
  return TRUE;
}

static gboolean
render_png (CslLabel  *label,
            double     width_mm,
            double     dpi,
            Sink      *sink,
            GError   **error)
{
  double height_mm = csl_label_template_height_for_width (csl_label_get_template (label), width_mm);
  double w = round (width_mm / 25.4 * dpi), h = round (height_mm / 25.4 * dpi);
  cairo_surface_t *image;
  cairo_t *cr;
  gboolean ok;

  if (w > MAX_PIXELS_PER_SIDE || h > MAX_PIXELS_PER_SIDE)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("A %g mm label at %g dpi would be %.0f × %.0f pixels, more than %d a side: lower the resolution"),
                   width_mm, dpi, w, h, MAX_PIXELS_PER_SIDE);
      return FALSE;
    }
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) w, (int) h);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot make a %.0f × %.0f pixel image: %s"), w, h,
                   cairo_status_to_string (cairo_surface_status (image)));
      cairo_surface_destroy (image);
      return FALSE;
    }
  cr = cairo_create (image);
  /* Rounded corners leave the image's corners outside the label: white, as on a label sheet. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, w / csl_mm_to_pt (width_mm), h / csl_mm_to_pt (height_mm));
  ok = csl_label_draw (cr, csl_label_get_template (label), csl_label_get_content (label), width_mm,
                       csl_label_get_draw_flags (label), error);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  ok = ok && write_png (image, dpi, sink, error);
  cairo_surface_destroy (image);
  return ok;
}

gboolean
csl_label_render_to_stream (CslLabel       *label,
                            CslLabelFormat  format,
                            double          width_mm,
                            double          dpi,
                            GOutputStream  *out,
                            GCancellable   *cancellable,
                            GError        **error)
{
  const CslLabelTemplate *t = csl_label_get_template (label);
  Sink sink = { out, cancellable, NULL };

  g_return_val_if_fail (format <= CSL_LABEL_FORMAT_PNG, FALSE);

  if (width_mm <= 0)
    width_mm = csl_label_template_get_width_mm (t);
  if (dpi <= 0)
    dpi = CSL_LABEL_DEFAULT_DPI;
  if ((format == CSL_LABEL_FORMAT_PNG && !csl_label_check_dpi (dpi, error)) ||
      !csl_label_check (t, csl_label_get_content (label), width_mm, error))
    return FALSE;
  if (format == CSL_LABEL_FORMAT_PNG)
    return render_png (label, width_mm, dpi, &sink, error);
  return render_vector (label, format, width_mm, &sink, error);
}

GBytes *
csl_label_render_to_bytes (CslLabel        *label,
                           CslLabelFormat   format,
                           double           width_mm,
                           double           dpi,
                           GError         **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (!csl_label_render_to_stream (label, format, width_mm, dpi, out, NULL, error) ||
      !g_output_stream_close (out, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

gboolean
csl_label_render_to_file (CslLabel        *label,
                          CslLabelFormat   format,
                          double           width_mm,
                          double           dpi,
                          const char      *path,
                          GError         **error)
{
  g_autoptr(CslAtomicFile) file = NULL;

  /* Checked before the temporary file exists, so a refusal leaves the folder untouched. */
  if (width_mm <= 0)
    width_mm = csl_label_template_get_width_mm (csl_label_get_template (label));
  if (!csl_label_check (csl_label_get_template (label), csl_label_get_content (label), width_mm, error))
    return FALSE;
  file = csl_atomic_file_new (path, 0644, error);
  return file != NULL &&
         csl_label_render_to_stream (label, format, width_mm, dpi, csl_atomic_file_get_stream (file), NULL, error) &&
         csl_atomic_file_commit (file, error);
}
