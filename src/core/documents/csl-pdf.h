#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Everything the app learns from a PDF goes through this file: a path in, plain data out (no
 * poppler types). The parsing happens in csl-filer-pdf-helper, a separate process with
 * processor-time and memory limits and a timeout, sandboxed with bubblewrap (or flatpak-spawn
 * inside Flatpak) where the machine allows; see README, "Hardening". A helper that crashes,
 * hangs or runs out of memory on a file is CSL_ERROR_PDF_HELPER for that file. */

#define CSL_PDF_DEFAULT_MAX_SIZE ((guint64) 512 * 1024 * 1024)
/* Text beyond this is not kept: the consistency check looks for short values, and a report
 * whose first 16 MiB of text does not mention them will not mention them later either. */
#define CSL_PDF_TEXT_MAX (16 * 1024 * 1024)

typedef struct
{
  guint64          size;
  int              n_pages;
  double           page_width_pt;    /* of the first page, as displayed (its rotation applied) */
  double           page_height_pt;
  char            *title;            /* NULL when the document has none */
  char            *producer;
  char            *text;             /* every page's text, pages separated by '\f'; NULL unless asked */
  cairo_surface_t *thumbnail;        /* csl_pdf_inspect_full()'s first page, or NULL */
} CslPdfInfo;

typedef enum
{
  CSL_PDF_INSPECT_DEFAULT = 0,
  CSL_PDF_INSPECT_TEXT    = 1 << 0,
} CslPdfInspectFlags;

void             csl_pdf_info_free        (CslPdfInfo          *info);

/* Checks the bytes only, without parsing: a regular file, not empty, at most max_size bytes,
 * starting with a PDF header and ending with an end-of-file marker. display_name is what
 * messages call the file. Codes: CSL_ERROR_FILE_EMPTY, CSL_ERROR_FILE_TOO_LARGE,
 * CSL_ERROR_NOT_PDF, CSL_ERROR_PDF_DAMAGED, CSL_ERROR_IO. */
gboolean         csl_pdf_sniff            (const char          *path,
                                           const char          *display_name,
                                           guint64              max_size,
                                           GError             **error);

/* csl_pdf_sniff(), then opens the document with poppler (in the helper): CSL_ERROR_PDF_ENCRYPTED
 * when it needs a password, CSL_ERROR_PDF_DAMAGED when it does not parse or has no page,
 * CSL_ERROR_PDF_HELPER when the helper fails on it. */
CslPdfInfo      *csl_pdf_inspect          (const char          *path,
                                           const char          *display_name,
                                           guint64              max_size,
                                           CslPdfInspectFlags   flags,
                                           GCancellable        *cancellable,
                                           GError             **error);

/* csl_pdf_inspect(), and when thumbnail_width > 0 also the first page as
 * csl_pdf_render_thumbnail() draws it (info->thumbnail), from the same parse of the file.
 * When the helper cannot draw the page, info->thumbnail is NULL and the rest is returned. */
CslPdfInfo      *csl_pdf_inspect_full     (const char          *path,
                                           const char          *display_name,
                                           guint64              max_size,
                                           CslPdfInspectFlags   flags,
                                           int                  thumbnail_width,
                                           GCancellable        *cancellable,
                                           GError             **error);

/* The first page at width pixels (at most CSL_PDF_THUMBNAIL_MAX_WIDTH, 2048) on a white
 * background (CAIRO_FORMAT_ARGB32, opaque), at most 8 times as high as wide. */
cairo_surface_t *csl_pdf_render_thumbnail (const char          *path,
                                           const char          *display_name,
                                           int                  width,
                                           GCancellable        *cancellable,
                                           GError             **error);

/* Finds out, once per process, which sandbox the PDF helper runs in: bubblewrap is tried by
 * running it (some 30 ms). Callers may do it ahead, e.g. on another thread while a file is
 * copied; the first PDF read does it otherwise. */
void             csl_pdf_probe_sandbox    (void);
/* For the user (the About window): how PDFs are read on this machine, and why there is no
 * sandbox when there is none. */
char            *csl_pdf_describe_sandbox (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CslPdfInfo, csl_pdf_info_free)

G_END_DECLS
