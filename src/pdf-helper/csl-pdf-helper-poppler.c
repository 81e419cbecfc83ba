/* What the helper asks poppler: the document's facts and text, or its first page drawn.
 * This is the code that moved out of csl-pdf.c into the sandbox. */

#include "config.h"

#include <unistd.h>

#include <cairo.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "documents/csl-pdf-frame.h"
#include "csl-pdf-helper-private.h"

/* As csl-pdf.h's CSL_PDF_TEXT_MAX: the parent refuses more. */
#define TEXT_MAX (16 * 1024 * 1024)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

static PopplerDocument *
open_document (int fd)
{
  g_autoptr(GError) error = NULL;
  /* Poppler copies standard input into memory before it parses it, in 8 KiB pieces (a third of
   * the time of a 300-page attach): on a copy of the descriptor it reads the file in place. */
  int own = dup (fd);
  PopplerDocument *doc = poppler_document_new_from_fd (own >= 0 ? own : fd, NULL, &error);

  if (doc == NULL)
    {
      helper_fail (g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED) ? CSL_PDF_FAIL_ENCRYPTED
                                                                                    : CSL_PDF_FAIL_DAMAGED,
                   error->message);
      return NULL;
    }
  if (poppler_document_get_n_pages (doc) < 1)
    {
      g_object_unref (doc);
      helper_fail (CSL_PDF_FAIL_NO_PAGE, NULL);
      return NULL;
    }
  return doc;
}

static PopplerPage *
first_page (PopplerDocument *doc,
            double          *width,
            double          *height)
{
  PopplerPage *page = poppler_document_get_page (doc, 0);

  if (page == NULL)
    {
      helper_fail (CSL_PDF_FAIL_FIRST_PAGE, NULL);
      return NULL;
    }
  poppler_page_get_size (page, width, height);
  if (!isfinite (*width) || !isfinite (*height))
    {
      g_object_unref (page);
      helper_fail (CSL_PDF_FAIL_NO_SIZE, NULL);
      return NULL;
    }
  return page;
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    char        *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL && *g_strstrip (value) != '\0' && g_utf8_validate (value, -1, NULL))
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
  g_free (value);
}

static char *
extract_text (PopplerDocument *doc)
{
  g_autoptr(GString) text = g_string_new (NULL);
  int n = poppler_document_get_n_pages (doc);

  for (int i = 0; i < n && text->len < TEXT_MAX; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *page_text = NULL;

      if (i > 0)
        g_string_append_c (text, '\f');
      if (page == NULL)
        continue;
      page_text = poppler_page_get_text (page);
      if (page_text == NULL)
        continue;
      /* Valid before the cut: replacing bad bytes afterwards could take it past the limit. */
      if (!g_utf8_validate (page_text, -1, NULL))
        {
          char *valid = g_utf8_make_valid (page_text, -1);

          g_free (page_text);
          page_text = valid;
        }
      g_string_append (text, page_text);
    }
  if (text->len > TEXT_MAX)
    {
      const char *end = g_utf8_find_prev_char (text->str, text->str + TEXT_MAX);
      g_string_truncate (text, end ? (gsize) (end - text->str) : 0);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The first page at `width` pixels on white, as a THUMBNAIL frame; when it cannot be drawn, a
 * FAIL frame, or nothing if `optional`. */
static gboolean
write_thumbnail (PopplerPage *page,
                 double       page_w,
                 double       page_h,
                 int          width,
                 gboolean     optional)
{
  g_autofree guint8 *frame = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double scale, h;
  int height, stride;
  gsize row;
  gboolean ok;

  if (!(page_w > 0 && page_h > 0))
    return helper_fail (CSL_PDF_FAIL_NO_SIZE, NULL);
  scale = width / page_w;
  h = round (page_h * scale);
  height = (int) CLAMP (h, 1, (double) width * CSL_PDF_THUMBNAIL_MAX_ASPECT);

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
      ok = optional || helper_fail (CSL_PDF_FAIL_DRAW, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return ok;
    }

  /* Rows without cairo's padding, after the width and height. */
  row = (gsize) width * 4;
  frame = g_malloc (8 + row * (gsize) height);
  for (int i = 0; i < 4; i++)
    {
      frame[i] = (guint8) ((guint32) width >> (24 - 8 * i));
      frame[4 + i] = (guint8) ((guint32) height >> (24 - 8 * i));
    }
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y++)
    memcpy (frame + 8 + row * (gsize) y, cairo_image_surface_get_data (surface) + (gsize) stride * (gsize) y, row);
  cairo_surface_destroy (surface);
  return helper_write_frame (CSL_PDF_FRAME_THUMBNAIL, frame, 8 + row * (gsize) height);
}

gboolean
helper_inspect (int      fd,
                gboolean with_text,
                int      thumbnail_width)
{
  g_autoptr(PopplerDocument) doc = open_document (fd);
  g_autoptr(PopplerPage) page = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) info = NULL;
  double width = 0, height = 0;

  if (doc == NULL)
    return TRUE;
  if ((page = first_page (doc, &width, &height)) == NULL)
    return TRUE;

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n_pages");
  json_builder_add_int_value (b, poppler_document_get_n_pages (doc));
  json_builder_set_member_name (b, "width");
  json_builder_add_double_value (b, width);
  json_builder_set_member_name (b, "height");
  json_builder_add_double_value (b, height);
  add_string_or_null (b, "title", poppler_document_get_title (doc));
  add_string_or_null (b, "producer", poppler_document_get_producer (doc));
  json_builder_end_object (b);
  info = json_builder_get_root (b);
  if (!helper_write_json (CSL_PDF_FRAME_INFO, info))
    return FALSE;
  if (with_text)
    {
      g_autofree char *text = extract_text (doc);

      if (!helper_write_frame (CSL_PDF_FRAME_TEXT, text, strlen (text)))
        return FALSE;
    }
  /* The thumbnail comes with the facts when asked, so that attaching parses the file once. A
   * first page that cannot be drawn sends none: the caller draws it alone and gets the error. */
  if (thumbnail_width > 0 && width > 0 && height > 0)
    return write_thumbnail (page, width, height, thumbnail_width, TRUE);
  return TRUE;
}

gboolean
helper_thumbnail (int fd,
                  int width)
{
  g_autoptr(PopplerDocument) doc = open_document (fd);
  g_autoptr(PopplerPage) page = NULL;
  double page_w = 0, page_h = 0;

  /* A PDF that fails to open has had its answer (a FAIL frame) already. */
  if (doc == NULL || (page = first_page (doc, &page_w, &page_h)) == NULL)
    return TRUE;
  return write_thumbnail (page, page_w, page_h, width, FALSE);
}
