/* A test report as scanners and report generators make them, for the benchmark:
 *
 *   csl-bench-pdf OUT.pdf [--pages N | --size-mib M] [--image WxH] [--lines L] [--header TEXT] [--seed S]
 *
 * Every page carries a header (the report number, manufacturer and model the consistency
 * check looks for), L lines of report text and a W×H image of random noise. Noise does not
 * compress, like the JPEG scans in real reports, so the file's size is about the pixels' size
 * and a ZIP of it cannot be smaller. With --size-mib the page count is chosen to reach M MiB. */

#include <cairo-pdf.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static const char *const words[] = {
  "the", "device", "firmware", "was", "tested", "against", "clause", "requirement", "result", "pass",
  "authentication", "default", "password", "unique", "per", "unit", "update", "signed", "image", "verified",
  "secure", "boot", "chain", "vulnerability", "disclosure", "contact", "published", "port", "scan", "found",
  "no", "open", "telnet", "service", "TLS", "1.3", "certificate", "pinning", "stream", "encrypted",
  "storage", "of", "personal", "data", "log", "retention", "days", "penetration", "test", "session",
  "token", "expiry", "brute", "force", "lockout", "after", "attempts", "cloud", "API", "access",
};

static guint64 state;

static inline guint64
next_random (void)
{
  /* xorshift64*: fast enough to fill a gigabyte of pixels in a second or two. */
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ULL;
}

static void
fill_noise (cairo_surface_t *image)
{
  unsigned char *data;
  int stride, height;

  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  height = cairo_image_surface_get_height (image);
  for (gsize i = 0; i + 8 <= (gsize) stride * height; i += 8)
    {
      guint64 r = next_random ();
      memcpy (data + i, &r, 8);
    }
  cairo_surface_mark_dirty (image);
}

static void
draw_page (cairo_t         *cr,
           int              image_width,
           int              image_height,
           const char      *header,
           guint            page,
           guint            n_pages,
           guint            lines)
{
  const double width = 595.276, margin = 56;
  double y = margin;
  double img_w = image_width, img_h = image_height;
  double box_w = width - 2 * margin, box_h = 841.89 - 2 * margin - 24 - lines * 12.5;
  double scale;
  char footer[64];

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 11);
  cairo_move_to (cr, margin, y);
  cairo_show_text (cr, header);
  y += 20;
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 9.5);
  for (guint l = 0; l < lines; l++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, "%u.%u ", page + 1, l + 1);
      for (guint w = 0; w < 10; w++)
        g_string_append_printf (line, "%s ", words[next_random () % G_N_ELEMENTS (words)]);
      cairo_move_to (cr, margin, y);
      cairo_show_text (cr, line->str);
      y += 12.5;
    }

  /* The scan (or photograph) of the page, as large as the space left allows. */
  if (box_h > 20)
    {
      /* A new surface each page: the PDF surface would otherwise emit one image for them all. */
      cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, image_width, image_height);

      scale = MIN (box_w / img_w, box_h / img_h);
      fill_noise (image);
      cairo_save (cr);
      cairo_translate (cr, margin, y);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (image);
    }
  g_snprintf (footer, sizeof footer, "Page %u of %u", page + 1, n_pages);
  cairo_move_to (cr, width / 2 - 30, 841.89 - 30);
  cairo_show_text (cr, footer);
  cairo_show_page (cr);
}

int
main (int   argc,
      char *argv[])
{
  int pages = 0, size_mib = 0, lines = 40, seed = 1;
  g_autofree char *image_size = NULL, *header = NULL;
  const GOptionEntry entries[] = {
    { "pages", 0, 0, G_OPTION_ARG_INT, &pages, "Number of pages", "N" },
    { "size-mib", 0, 0, G_OPTION_ARG_INT, &size_mib, "Make about this many MiB instead", "M" },
    { "image", 0, 0, G_OPTION_ARG_STRING, &image_size, "Noise image size per page (default 1240x1754, A4 at 150 dpi)", "WxH" },
    { "lines", 0, 0, G_OPTION_ARG_INT, &lines, "Lines of text per page (default 40)", "L" },
    { "header", 0, 0, G_OPTION_ARG_STRING, &header, "The header line of every page", "TEXT" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("OUT.pdf");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int w = 1240, h = 1754;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 ||
      (image_size != NULL && sscanf (image_size, "%dx%d", &w, &h) != 2) || w < 1 || h < 1 || lines < 0 ||
      (pages < 1) == (size_mib < 1))
    {
      g_printerr ("%s\n", error ? error->message : "usage: csl-bench-pdf OUT.pdf (--pages N | --size-mib M) [--image WxH]");
      return 2;
    }
  if (size_mib > 0)
    pages = (int) MAX (1, ((gint64) size_mib * 1024 * 1024 + (gint64) w * h * 3 / 2) / ((gint64) w * h * 3));
  state = 0x9E3779B97F4A7C15ULL * (guint64) (seed + 1);

  /* Written next to the target and renamed, so that an interrupted run leaves no short PDF
   * that a later run would take for finished. */
  tmp = g_strconcat (argv[1], ".part", NULL);
  surface = cairo_pdf_surface_create (tmp, 595.276, 841.89);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, header ? header : "Test report");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Scanner");
  cr = cairo_create (surface);
  for (int p = 0; p < pages; p++)
    draw_page (cr, w, h, header ? header : "Test report", (guint) p, (guint) pages, (guint) lines);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_printerr ("%s: %s\n", argv[1], cairo_status_to_string (cairo_surface_status (surface)));
      return 1;
    }
  cairo_surface_destroy (surface);
  if (g_rename (tmp, argv[1]) != 0)
    {
      g_printerr ("cannot rename %s\n", tmp);
      return 1;
    }
  return 0;
}
