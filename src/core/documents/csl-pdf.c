/* memmem() */
#define _GNU_SOURCE
#include "config.h"

/* The PDF's bytes are checked here (csl_pdf_sniff); parsing it is left to
 * csl-filer-pdf-helper, a separate, sandboxed and limited process, whose answer is checked
 * as carefully as the PDF itself would be. */

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csl-error.h"
#include "base/csl-json.h"
#include "documents/csl-pdf-frame.h"
#include "documents/csl-pdf-helper.h"
#include "documents/csl-pdf.h"

/* ISO 32000-1 §7.5.2/§7.5.5 put the header at the start and %%EOF at the end; readers (and
 * Acrobat) tolerate up to 1024 bytes of junk before and after, and so do we. */
#define SNIFF_WINDOW 1024

void
csl_pdf_info_free (CslPdfInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->title);
  g_free (info->producer);
  g_free (info->text);
  g_clear_pointer (&info->thumbnail, cairo_surface_destroy);
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

  /* O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer before it is refused. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
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

/* A page bigger than this (in points, about 350 km) is no page. */
#define PAGE_SIZE_MAX 1e9

static void
invalid_answer (const char  *display_name,
                const char  *what,
                GError     **error)
{
  g_debug ("PDF helper answer for %s refused: %s", display_name, what);
  g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_HELPER,
               _("Cannot read “%s”: the PDF reader gave an answer that makes no sense"), display_name);
}

static JsonObject *
parse_json_frame (const CslPdfFrame *frame,
                  const char        *display_name,
                  GError           **error)
{
  g_autoptr(JsonNode) root = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (frame->payload, &len);

  if (len > CSL_PDF_INFO_MAX || !g_utf8_validate_len (data, len, NULL) ||
      (root = csl_json_parse_document (data, len, NULL)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid_answer (display_name, "not a JSON object", error);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* A string member, or NULL: FALSE when it is there but not a string. */
static gboolean
get_optional_string (JsonObject  *o,
                     const char  *name,
                     char       **out)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_number (JsonObject *o,
            const char *name,
            double      min,
            double      max,
            double     *out)
{
  JsonNode *node = json_object_get_member (o, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out) && *out >= min && *out <= max;
}

/* The helper's FAIL frame as the error the caller would have got from poppler in-process. */
static void
set_pdf_error (const CslPdfFrame *frame,
               const char        *display_name,
               GError           **error)
{
  g_autoptr(JsonObject) o = parse_json_frame (frame, display_name, error);
  g_autofree char *code = NULL;
  g_autofree char *detail = NULL;

  if (o == NULL)
    return;
  if (!get_optional_string (o, "code", &code) || code == NULL || !get_optional_string (o, "detail", &detail))
    {
      invalid_answer (display_name, "a failure without a code", error);
      return;
    }
  /* poppler's own words, short: only a hint next to ours. */
  if (detail != NULL && g_utf8_strlen (detail, -1) > 200)
    *g_utf8_offset_to_pointer (detail, 200) = '\0';

  if (strcmp (code, CSL_PDF_FAIL_ENCRYPTED) == 0)
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_ENCRYPTED,
                 _("“%s” is password-protected: save it without a password (or print it to a new PDF) and attach that"),
                 display_name);
  else if (strcmp (code, CSL_PDF_FAIL_DAMAGED) == 0)
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_DAMAGED, _("“%s” is a damaged PDF: %s"), display_name,
                 detail != NULL && *detail != '\0' ? detail : _("it cannot be parsed"));
  else if (strcmp (code, CSL_PDF_FAIL_NO_PAGE) == 0)
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_DAMAGED, _("“%s” is a damaged PDF: it has no page"), display_name);
  else if (strcmp (code, CSL_PDF_FAIL_FIRST_PAGE) == 0)
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_DAMAGED,
                 _("“%s” is a damaged PDF: its first page cannot be read"), display_name);
  else if (strcmp (code, CSL_PDF_FAIL_NO_SIZE) == 0)
    g_set_error (error, CSL_ERROR, CSL_ERROR_PDF_DAMAGED,
                 _("“%s” is a damaged PDF: its first page has no size"), display_name);
  else if (strcmp (code, CSL_PDF_FAIL_DRAW) == 0)
    g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot draw a thumbnail of “%s”: %s"), display_name,
                 detail != NULL ? detail : "");
  else
    invalid_answer (display_name, "an unknown failure code", error);
}

static const CslPdfFrame *
find_frame (GPtrArray  *frames,
            const char *tag)
{
  const CslPdfFrame *found = NULL;

  for (guint i = 0; i < frames->len; i++)
    {
      const CslPdfFrame *frame = frames->pdata[i];

      if (memcmp (frame->tag, tag, 4) != 0)
        continue;
      /* One of each: a second one is a helper that does not follow its own protocol. */
      if (found != NULL)
        return NULL;
      found = frame;
    }
  return found;
}

/* The frames of an answer: the failure (as error), or exactly the ones expected (each
 * optional one at most once). */
static gboolean
check_answer (GPtrArray   *frames,
              const char  *expected,
              const char  *optional,
              const char  *optional2,
              const char  *display_name,
              GError     **error)
{
  const CslPdfFrame *fail = find_frame (frames, CSL_PDF_FRAME_FAIL);
  guint wanted = 1;

  if (fail != NULL && frames->len == 1)
    {
      set_pdf_error (fail, display_name, error);
      return FALSE;
    }
  if (optional != NULL && find_frame (frames, optional) != NULL)
    wanted++;
  if (optional2 != NULL && find_frame (frames, optional2) != NULL)
    wanted++;
  if (find_frame (frames, expected) == NULL || frames->len != wanted)
    {
      invalid_answer (display_name, "unexpected frames", error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_info (const CslPdfFrame  *frame,
           CslPdfInfo         *info,
           const char         *display_name,
           GError            **error)
{
  g_autoptr(JsonObject) o = parse_json_frame (frame, display_name, error);
  double pages;

  if (o == NULL)
    return FALSE;
  if (!get_number (o, "n_pages", 1, G_MAXINT, &pages) || pages != floor (pages) ||
      !get_number (o, "width", 0, PAGE_SIZE_MAX, &info->page_width_pt) ||
      !get_number (o, "height", 0, PAGE_SIZE_MAX, &info->page_height_pt) ||
      !get_optional_string (o, "title", &info->title) ||
      !get_optional_string (o, "producer", &info->producer))
    {
      invalid_answer (display_name, "info members missing or out of range", error);
      return FALSE;
    }
  info->n_pages = (int) pages;
  return TRUE;
}

static char *
read_text (const CslPdfFrame  *frame,
           const char         *display_name,
           GError            **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (frame->payload, &len);

  /* No NUL inside (g_utf8_validate_len() refuses it): the text is used as a C string. */
  if (len > CSL_PDF_TEXT_MAX || (len > 0 && !g_utf8_validate_len (data, len, NULL)))
    {
      invalid_answer (display_name, "text too long or not UTF-8", error);
      return NULL;
    }
  return g_strndup (data != NULL ? data : "", len);
}

static cairo_surface_t *read_thumbnail (const CslPdfFrame  *frame,
                                        int                 width,
                                        const char         *display_name,
                                        GError            **error);

CslPdfInfo *
csl_pdf_inspect (const char          *path,
                 const char          *display_name,
                 guint64              max_size,
                 CslPdfInspectFlags   flags,
                 GCancellable        *cancellable,
                 GError             **error)
{
  return csl_pdf_inspect_full (path, display_name, max_size, flags, 0, cancellable, error);
}

CslPdfInfo *
csl_pdf_inspect_full (const char          *path,
                      const char          *display_name,
                      guint64              max_size,
                      CslPdfInspectFlags   flags,
                      int                  thumbnail_width,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autofree char *width_text = NULL;
  g_autoptr(CslPdfInfo) info = NULL;
  g_autoptr(GPtrArray) frames = NULL;
  const char *args[5] = { "inspect", NULL, NULL, NULL, NULL };
  guint n_args = 1;
  gsize max_answer = CSL_PDF_INFO_MAX + CSL_PDF_TEXT_MAX + 3 * CSL_PDF_FRAME_HEADER;
  const CslPdfFrame *thumbnail;
  GStatBuf st;

  g_return_val_if_fail (thumbnail_width >= 0 && thumbnail_width <= CSL_PDF_THUMBNAIL_MAX_WIDTH, NULL);

  if (!csl_pdf_sniff (path, display_name, max_size, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (flags & CSL_PDF_INSPECT_TEXT)
    args[n_args++] = "--text";
  if (thumbnail_width > 0)
    {
      width_text = g_strdup_printf ("%d", thumbnail_width);
      args[n_args++] = "--thumbnail";
      args[n_args++] = width_text;
      max_answer += 8 + (gsize) thumbnail_width * thumbnail_width * CSL_PDF_THUMBNAIL_MAX_ASPECT * 4;
    }
  frames = csl_pdf_helper_run (path, display_name, args, max_answer, cancellable, error);
  if (frames == NULL ||
      !check_answer (frames, CSL_PDF_FRAME_INFO, (flags & CSL_PDF_INSPECT_TEXT) ? CSL_PDF_FRAME_TEXT : NULL,
                     thumbnail_width > 0 ? CSL_PDF_FRAME_THUMBNAIL : NULL, display_name, error))
    return NULL;

  info = g_new0 (CslPdfInfo, 1);
  if (g_stat (path, &st) == 0)
    info->size = (guint64) st.st_size;
  if (!read_info (find_frame (frames, CSL_PDF_FRAME_INFO), info, display_name, error))
    return NULL;
  if (flags & CSL_PDF_INSPECT_TEXT)
    {
      const CslPdfFrame *text = find_frame (frames, CSL_PDF_FRAME_TEXT);

      if (text == NULL)
        {
          invalid_answer (display_name, "no text", error);
          return NULL;
        }
      if ((info->text = read_text (text, display_name, error)) == NULL)
        return NULL;
    }
  /* A first page the helper could not draw comes without a thumbnail; the caller draws it on
   * its own and reports that. A thumbnail of the wrong shape is a bad answer like any other. */
  if (thumbnail_width > 0 && (thumbnail = find_frame (frames, CSL_PDF_FRAME_THUMBNAIL)) != NULL &&
      (info->thumbnail = read_thumbnail (thumbnail, thumbnail_width, display_name, error)) == NULL)
    return NULL;
  return g_steal_pointer (&info);
}

static cairo_surface_t *
read_thumbnail (const CslPdfFrame  *frame,
                int                 width,
                const char         *display_name,
                GError            **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (frame->payload, &len);
  cairo_surface_t *surface;
  guint8 *pixels;
  guint32 w, h;
  int stride;

  if (len < 8)
    {
      invalid_answer (display_name, "short thumbnail", error);
      return NULL;
    }
  w = ((guint32) data[0] << 24) | ((guint32) data[1] << 16) | ((guint32) data[2] << 8) | data[3];
  h = ((guint32) data[4] << 24) | ((guint32) data[5] << 16) | ((guint32) data[6] << 8) | data[7];
  if (w != (guint32) width || h < 1 || h > (guint32) width * CSL_PDF_THUMBNAIL_MAX_ASPECT ||
      len != 8 + (gsize) w * h * 4)
    {
      invalid_answer (display_name, "thumbnail of the wrong size", error);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) w, (int) h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot draw a thumbnail of “%s”: %s"),
                   display_name, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (guint32 y = 0; y < h; y++)
    {
      guint32 *row = (guint32 *) (void *) (pixels + (gsize) stride * y);

      memcpy (row, data + 8 + (gsize) y * w * 4, (gsize) w * 4);
      /* Opaque, as drawn on white: any colour is then valid premultiplied ARGB. */
      for (guint32 x = 0; x < w; x++)
        row[x] |= 0xFF000000u;
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

cairo_surface_t *
csl_pdf_render_thumbnail (const char    *path,
                          const char    *display_name,
                          int            width,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *width_text = NULL;
  g_autoptr(GPtrArray) frames = NULL;
  const char *args[] = { "thumbnail", NULL, NULL };

  g_return_val_if_fail (width > 0 && width <= CSL_PDF_THUMBNAIL_MAX_WIDTH, NULL);

  width_text = g_strdup_printf ("%d", width);
  args[1] = width_text;
  frames = csl_pdf_helper_run (path, display_name, args,
                               CSL_PDF_INFO_MAX + 8 + (gsize) width * width * CSL_PDF_THUMBNAIL_MAX_ASPECT * 4 +
                               CSL_PDF_FRAME_HEADER,
                               cancellable, error);
  if (frames == NULL || !check_answer (frames, CSL_PDF_FRAME_THUMBNAIL, NULL, NULL, display_name, error))
    return NULL;
  return read_thumbnail (find_frame (frames, CSL_PDF_FRAME_THUMBNAIL), width, display_name, error);
}
