/* What the app does when a PDF is dropped on a filing's documents page, without the window:
 * check, copy and hash it into the store, extract its text and draw the thumbnail the row
 * shows in the same pass of the PDF helper (csl_store_stage_full() at the page's thumbnail
 * width), then record it (csl_store_commit()). A page the helper could not draw there is
 * drawn on its own (csl_store_render_thumbnail()), as the page does.
 *
 *   csl-bench-attach WORKSPACE FILING KIND FILE
 *
 * The command line's "filing attach" does the same but draws no thumbnail. */

#include "config.h"

#include "workspace/csl-workspace.h"
#include "documents/csl-store.h"

/* src/gui/csl-page-documents.c THUMBNAIL_WIDTH */
#define THUMBNAIL_WIDTH 96

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslWorkspace) ws = NULL;
  g_autoptr(CslStoreStaged) staged = NULL;
  g_autoptr(CslAttachment) a = NULL;
  cairo_surface_t *thumbnail = NULL;
  CslMaterialKind kind;
  gint64 filing_id;

  if (argc != 5)
    {
      g_printerr ("usage: csl-bench-attach WORKSPACE FILING KIND FILE\n");
      return 2;
    }
  filing_id = g_ascii_strtoll (argv[2], NULL, 10);
  if (csl_material_from_string (argv[3], &kind, &error) &&
      (ws = csl_workspace_open (argv[1], &error)) != NULL &&
      (staged = csl_store_stage_full (ws, argv[4], CSL_PDF_DEFAULT_MAX_SIZE, THUMBNAIL_WIDTH, NULL, &error)) != NULL)
    {
      const CslPdfInfo *info = csl_store_staged_get_info (staged);

      if (info->thumbnail != NULL)
        thumbnail = cairo_surface_reference (info->thumbnail);
      a = csl_store_commit (ws, filing_id, kind, staged, &error);
    }
  if (a != NULL && thumbnail == NULL)
    thumbnail = csl_store_render_thumbnail (ws, a, THUMBNAIL_WIDTH, NULL, &error);
  if (a == NULL || thumbnail == NULL)
    {
      g_printerr ("csl-bench-attach: %s\n", error->message);
      g_clear_pointer (&thumbnail, cairo_surface_destroy);
      return 1;
    }
  g_print ("%" G_GINT64_FORMAT "\t%d pages\t%dx%d thumbnail\n", a->id, a->page_count,
           cairo_image_surface_get_width (thumbnail), cairo_image_surface_get_height (thumbnail));
  cairo_surface_destroy (thumbnail);
  return 0;
}
