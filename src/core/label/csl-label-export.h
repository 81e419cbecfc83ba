#pragma once

#include <gio/gio.h>

#include "label/csl-label.h"

G_BEGIN_DECLS

/* PDF and SVG are vector pages of exactly the label's size; PNG is a raster at a chosen
 * resolution, with that resolution recorded in the file (pHYs) so it prints at true size. */
typedef enum
{
  CSL_LABEL_FORMAT_PDF,
  CSL_LABEL_FORMAT_SVG,
  CSL_LABEL_FORMAT_PNG,
} CslLabelFormat;

#define CSL_LABEL_DEFAULT_DPI 600
#define CSL_LABEL_MIN_DPI 72
#define CSL_LABEL_MAX_DPI 2400

gboolean    csl_label_format_parse        (const char      *text,
                                           CslLabelFormat  *out,
                                           GError         **error);
/* From the file name's extension (.pdf, .svg, .png, any case). */
gboolean    csl_label_format_for_path     (const char      *path,
                                           CslLabelFormat  *out,
                                           GError         **error);
const char *csl_label_format_to_string    (CslLabelFormat   format);
const char *csl_label_format_content_type (CslLabelFormat   format);
gboolean    csl_label_check_dpi           (double           dpi,
                                           GError         **error);

/* width_mm 0: the template's design width; dpi 0: CSL_LABEL_DEFAULT_DPI (PNG only). Every
 * check runs before the first byte is written, so a refused label writes nothing. */
gboolean    csl_label_render_to_stream    (CslLabel        *label,
                                           CslLabelFormat   format,
                                           double           width_mm,
                                           double           dpi,
                                           GOutputStream   *out,
                                           GCancellable    *cancellable,
                                           GError         **error);
GBytes     *csl_label_render_to_bytes     (CslLabel        *label,
                                           CslLabelFormat   format,
                                           double           width_mm,
                                           double           dpi,
                                           GError         **error);
/* Atomic: the file appears complete under its name or not at all. */
gboolean    csl_label_render_to_file      (CslLabel        *label,
                                           CslLabelFormat   format,
                                           double           width_mm,
                                           double           dpi,
                                           const char      *path,
                                           GError         **error);

G_END_DECLS
