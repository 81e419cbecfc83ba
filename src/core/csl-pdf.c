/* memmem() */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <poppler.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csl-error.h"
#include "csl-pdf.h"

/* ISO 32000-1 §7.5.2/§7.5.5 put the header at the start and %%EOF at the end; readers (and
 * Acrobat) tolerate up to 1024 bytes of junk before and after, and so do we. */
#define SNIFF_WINDOW 1024

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

void
csl_pdf_info_free (CslPdfInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->title);
  g_free (info->producer);
  g_free (info->text);
  g_free (info);
}

static gboolean
read_at (int          fd,
         off_t        offset,
         char        *buf,
         gsize        len,
         const char  *display_name,
         GError     **error)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = pread (fd, buf + done, len - done, offset + (off_t) done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;
          g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read “%s”: %s"), display_name,
                       n == 0 ? _("the file got shorter while being read") : g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

gboolean
csl_pdf_sniff (const char  *path,
               const char  *display_name,
               guint64      max_size,
               GError     **error)
{
  char head[SNIFF_WINDOW], tail[SNIFF_WINDOW];
  gsize head_len, tail_len;
  struct stat st;
  int fd;
  gboolean ok;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read “%s”: %s"), display_name,
                   g_strerror (saved));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("“%s” is not a regular file"), display_name);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      close (fd);
      g_set_error (error, CSL_ERROR, CSL_ERROR_FILE_EMPTY,
                   _("“%s” is empty (0 bytes): it cannot be a PDF"), display_name);
      return FALSE;
    }
  if ((guint64) st.st_size > max_size)
    {
      g_autofree char *size = g_format_size_full ((guint64) st.st_size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

      close (fd);
      g_set_error (error, CSL_ERROR, CSL_ERROR_FILE_TOO_LARGE,
                   _("“%s” is too large: %s, over the attachment size limit of %s"),
                   display_name, size, limit);
      return FALSE;
    }

  head_len = MIN ((gsize) st.st_size, sizeof head);
  tail_len = MIN ((gsize) st.st_size, sizeof tail);
  ok = read_at (fd, 0, head, head_len, display_name, error) &&
       read_at (fd, st.st_size - (off_t) tail_len, tail, tail_len, display_name, error);
  close (fd);
  if (!ok)
    return FALSE;

  if (memmem (head, head_len, "%PDF-", 5) == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_NOT_PDF,
                   _("“%s” is not a PDF: it does not start with the PDF header “%%PDF-”"), display_name);
      return FALSE;
    }
  /* poppler repairs a file cut short after its last object, so a truncated report would
   * otherwise pass with pages silently missing. */
  if (memmem (tail, tail_len, "%%EOF", 5) == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_DAMAGED,
                   _("“%s” is a damaged PDF: it lacks the end-of-file marker “%%%%EOF”, so it is probably truncated"),
                   display_name);
      return FALSE;
    }
  return TRUE;
}

static PopplerDocument *
open_document (const char  *path,
               const char  *display_name,
               GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = NULL;
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *doc;

  uri = g_filename_to_uri (absolute, NULL, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot read “%s”: %s"), display_name,
                   local_error->message);
      return NULL;
    }
  doc = poppler_document_new_from_file (uri, NULL, &local_error);
  if (doc == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_ENCRYPTED,
                     _("“%s” is password-protected: save it without a password (or print it to a new PDF) and attach that"),
                     display_name);
      else
        g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_DAMAGED,
                     _("“%s” is a damaged PDF: %s"), display_name, local_error->message);
      return NULL;
    }
  if (poppler_document_get_n_pages (doc) < 1)
    {
      g_object_unref (doc);
      g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_DAMAGED,
                   _("“%s” is a damaged PDF: it has no page"), display_name);
      return NULL;
    }
  return doc;
}

static char *
blank_to_null (char *s)
{
  if (s != NULL && *g_strstrip (s) == '\0')
    g_clear_pointer (&s, g_free);
  return s;
}

static char *
extract_text (PopplerDocument  *doc,
              GCancellable     *cancellable,
              GError          **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  int n = poppler_document_get_n_pages (doc);

  for (int i = 0; i < n && text->len < CSL_PDF_TEXT_MAX; i++)
    {
      g_autoptr(PopplerPage) page = NULL;
      g_autofree char *page_text = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      page = poppler_document_get_page (doc, i);
      if (page == NULL)
        continue;
      page_text = poppler_page_get_text (page);
      if (i > 0)
        g_string_append_c (text, '\f');
      if (page_text != NULL)
        g_string_append (text, page_text);
    }
  if (text->len > CSL_PDF_TEXT_MAX)
    {
      const char *end = g_utf8_find_prev_char (text->str, text->str + CSL_PDF_TEXT_MAX);
      g_string_truncate (text, end ? (gsize) (end - text->str) : 0);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

CslPdfInfo *
csl_pdf_inspect (const char          *path,
                 const char          *display_name,
                 guint64              max_size,
                 CslPdfInspectFlags   flags,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autoptr(CslPdfInfo) info = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(PopplerPage) first = NULL;
  GStatBuf st;

  if (!csl_pdf_sniff (path, display_name, max_size, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      (doc = open_document (path, display_name, error)) == NULL)
    return NULL;

  info = g_new0 (CslPdfInfo, 1);
  if (g_stat (path, &st) == 0)
    info->size = (guint64) st.st_size;
  info->n_pages = poppler_document_get_n_pages (doc);
  first = poppler_document_get_page (doc, 0);
  if (first == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_DAMAGED,
                   _("“%s” is a damaged PDF: its first page cannot be read"), display_name);
      return NULL;
    }
  poppler_page_get_size (first, &info->page_width_pt, &info->page_height_pt);
  info->title = blank_to_null (poppler_document_get_title (doc));
  info->producer = blank_to_null (poppler_document_get_producer (doc));
  if (flags & CSL_PDF_INSPECT_TEXT)
    {
      info->text = extract_text (doc, cancellable, error);
      if (info->text == NULL)
        return NULL;
    }
  return g_steal_pointer (&info);
}

cairo_surface_t *
csl_pdf_render_thumbnail (const char    *path,
                          const char    *display_name,
                          int            width,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(PopplerPage) page = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double page_w, page_h, scale;
  int height;

  g_return_val_if_fail (width > 0, NULL);

  if ((doc = open_document (path, display_name, error)) == NULL ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  page = poppler_document_get_page (doc, 0);
  if (page == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_DAMAGED,
                   _("“%s” is a damaged PDF: its first page cannot be read"), display_name);
      return NULL;
    }
  poppler_page_get_size (page, &page_w, &page_h);
  if (!(page_w > 0 && page_h > 0))
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_DAMAGED,
                   _("“%s” is a damaged PDF: its first page has no size"), display_name);
      return NULL;
    }
  scale = width / page_w;
  height = MAX (1, (int) round (page_h * scale));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  /* PDF pages are transparent where nothing is drawn; paper is white (as in Evince). */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot draw a thumbnail of “%s”: %s"),
                   display_name, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}
