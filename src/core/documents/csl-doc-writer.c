#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "documents/csl-doc-writer.h"
#include "base/csl-error.h"

/* A4 in points. */
#define PAGE_W        595.276
#define PAGE_H        841.890
#define MARGIN_X      56.0
#define MARGIN_TOP    56.0
#define MARGIN_BOTTOM 70.0
#define CONTENT_W     (PAGE_W - 2 * MARGIN_X)
#define LABEL_W       150.0
#define GAP           12.0
#define VALUE_X       (MARGIN_X + LABEL_W + GAP)
#define VALUE_W       (CONTENT_W - LABEL_W - GAP)

typedef enum
{
  BLOCK_HEADING,
  BLOCK_FIELD,
  BLOCK_TEXT,
  BLOCK_SIGNATURE,
} BlockType;

typedef struct
{
  BlockType  type;
  char      *zh;
  char      *en;
  char      *value;
  gboolean   fill_in;
} Block;

struct _CslDocContent
{
  char      *title_zh;
  char      *title_en;
  char      *subtitle;
  char      *date;
  GPtrArray *blocks;
};

typedef struct
{
  CslDocContent *content;
  cairo_t       *cr;
  PangoContext  *pango;
  double         y;
  int            page;
  int            total;    /* 0 while counting */
} Writer;

static void
block_free (Block *b)
{
  g_free (b->zh);
  g_free (b->en);
  g_free (b->value);
  g_free (b);
}

CslDocContent *
csl_doc_content_new (const char *title_zh,
                     const char *title_en)
{
  CslDocContent *c = g_new0 (CslDocContent, 1);

  c->title_zh = g_strdup (title_zh);
  c->title_en = g_strdup (title_en);
  c->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  return c;
}

void
csl_doc_content_free (CslDocContent *content)
{
  if (content == NULL)
    return;
  g_free (content->title_zh);
  g_free (content->title_en);
  g_free (content->subtitle);
  g_free (content->date);
  g_ptr_array_unref (content->blocks);
  g_free (content);
}

void
csl_doc_set_subtitle (CslDocContent *content,
                      const char    *subtitle)
{
  g_free (content->subtitle);
  content->subtitle = g_strdup (subtitle);
}

void
csl_doc_set_date (CslDocContent *content,
                  const char    *iso_date)
{
  g_free (content->date);
  content->date = g_strdup (iso_date);
}

static void
add_block (CslDocContent *content,
           BlockType      type,
           const char    *zh,
           const char    *en,
           const char    *value,
           gboolean       fill_in)
{
  Block *b = g_new0 (Block, 1);

  b->type = type;
  b->zh = g_strdup (zh);
  b->en = g_strdup (en);
  b->value = g_strdup (value);
  b->fill_in = fill_in;
  g_ptr_array_add (content->blocks, b);
}

void
csl_doc_add_heading (CslDocContent *content,
                     const char    *zh,
                     const char    *en)
{
  add_block (content, BLOCK_HEADING, zh, en, NULL, FALSE);
}

void
csl_doc_add_field (CslDocContent *content,
                   const char    *label_zh,
                   const char    *label_en,
                   const char    *value,
                   gboolean       fill_in)
{
  add_block (content, BLOCK_FIELD, label_zh, label_en, value, fill_in);
}

void
csl_doc_add_text (CslDocContent *content,
                  const char    *zh,
                  const char    *en)
{
  add_block (content, BLOCK_TEXT, zh, en, NULL, FALSE);
}

void
csl_doc_add_signature (CslDocContent *content,
                       const char    *label_zh,
                       const char    *label_en)
{
  add_block (content, BLOCK_SIGNATURE, label_zh, label_en, NULL, TRUE);
}

static PangoLayout *
make_layout (Writer         *w,
             const char     *markup,
             double          width,
             double          size_pt,
             PangoAlignment  align)
{
  PangoLayout *layout = pango_layout_new (w->pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (CSL_DOC_FONT_FAMILY);

  pango_font_description_set_size (font, (int) (size_pt * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  /* Break anywhere when a word is wider than the column (a SHA-256, a long URL). */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

static double
first_line_height (PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  PangoRectangle logical;

  pango_layout_iter_get_line_extents (iter, NULL, &logical);
  pango_layout_iter_free (iter);
  return (double) logical.height / PANGO_SCALE;
}

static void
draw_footer (Writer *w)
{
  g_autofree char *pages = NULL;
  g_autofree char *markup = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  if (w->total > 0)
    pages = g_strdup_printf ("第 %d 页，共 %d 页 · Page %d of %d", w->page, w->total, w->page, w->total);
  else
    pages = g_strdup_printf ("第 %d 页 · Page %d", w->page, w->page);
  markup = g_markup_printf_escaped ("%s %s\n%s", w->content->title_zh, w->content->title_en, pages);
  layout = make_layout (w, markup, CONTENT_W, 7.5, PANGO_ALIGN_CENTER);

  cairo_save (w->cr);
  cairo_set_source_rgb (w->cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (w->cr, 0.5);
  cairo_move_to (w->cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 18);
  cairo_line_to (w->cr, PAGE_W - MARGIN_X, PAGE_H - MARGIN_BOTTOM + 18);
  cairo_stroke (w->cr);
  cairo_set_source_rgb (w->cr, 0.35, 0.35, 0.35);
  cairo_move_to (w->cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 24);
  pango_cairo_show_layout (w->cr, layout);
  cairo_restore (w->cr);
}

static void
new_page (Writer *w)
{
  draw_footer (w);
  cairo_show_page (w->cr);
  w->page++;
  w->y = MARGIN_TOP;
}

static double
bottom (void)
{
  return PAGE_H - MARGIN_BOTTOM;
}

/* Starts a new page unless height fits below y (or the page is still empty). */
static void
ensure (Writer *w,
        double  height)
{
  if (w->y + height > bottom () && w->y > MARGIN_TOP)
    new_page (w);
}

/* Draws layout line by line from y, moving to the next page whenever a line does not fit. */
static void
flow (Writer      *w,
      PangoLayout *layout,
      double       x)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      double height, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = (double) logical.height / PANGO_SCALE;
      baseline = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;
      ensure (w, height);
      cairo_move_to (w->cr, x + (double) logical.x / PANGO_SCALE, w->y + baseline);
      pango_cairo_show_layout_line (w->cr, pango_layout_iter_get_line_readonly (iter));
      w->y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
rule (Writer *w,
      double  x1,
      double  x2,
      double  y,
      double  grey,
      double  width)
{
  cairo_save (w->cr);
  cairo_set_source_rgb (w->cr, grey, grey, grey);
  cairo_set_line_width (w->cr, width);
  cairo_move_to (w->cr, x1, y);
  cairo_line_to (w->cr, x2, y);
  cairo_stroke (w->cr);
  cairo_restore (w->cr);
}

static char *
label_markup (const char *zh,
              const char *en)
{
  if (en == NULL || *en == '\0')
    return g_markup_printf_escaped ("<b>%s</b>", zh ? zh : "");
  return g_markup_printf_escaped ("<b>%s</b>\n<span size=\"smaller\" foreground=\"#555555\">%s</span>",
                                  zh ? zh : "", en);
}

static void
draw_title (Writer *w)
{
  g_autofree char *zh = g_markup_printf_escaped ("<b>%s</b>", w->content->title_zh);
  g_autofree char *en = g_markup_escape_text (w->content->title_en, -1);
  g_autoptr(PangoLayout) title_zh = make_layout (w, zh, CONTENT_W, 17, PANGO_ALIGN_CENTER);
  g_autoptr(PangoLayout) title_en = make_layout (w, en, CONTENT_W, 12, PANGO_ALIGN_CENTER);

  flow (w, title_zh, MARGIN_X);
  w->y += 2;
  flow (w, title_en, MARGIN_X);
  if (w->content->subtitle != NULL)
    {
      g_autofree char *sub = g_markup_printf_escaped ("<span foreground=\"#555555\">%s</span>",
                                                      w->content->subtitle);
      g_autoptr(PangoLayout) layout = make_layout (w, sub, CONTENT_W, 8, PANGO_ALIGN_CENTER);

      w->y += 4;
      flow (w, layout, MARGIN_X);
    }
  w->y += 14;
}

static void
draw_heading (Writer *w,
              Block  *b)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>  <span foreground=\"#333333\">%s</span>",
                                                     b->zh, b->en ? b->en : "");
  g_autoptr(PangoLayout) layout = make_layout (w, markup, CONTENT_W, 11, PANGO_ALIGN_LEFT);

  w->y += 8;
  /* Keep a heading with at least two lines of what follows it. */
  ensure (w, layout_height (layout) + 36);
  flow (w, layout, MARGIN_X);
  w->y += 2;
  rule (w, MARGIN_X, PAGE_W - MARGIN_X, w->y, 0.2, 0.8);
  w->y += 6;
}

static void
draw_fill_line (Writer *w,
                double  y_baseline)
{
  rule (w, VALUE_X, PAGE_W - MARGIN_X, y_baseline + 2, 0.0, 0.6);
}

static void
draw_field (Writer *w,
            Block  *b)
{
  g_autofree char *label = label_markup (b->zh, b->en);
  g_autoptr(PangoLayout) label_layout = make_layout (w, label, LABEL_W, 9, PANGO_ALIGN_LEFT);
  gboolean empty = b->value == NULL || *b->value == '\0';
  g_autofree char *value = g_markup_escape_text (empty ? (b->fill_in ? " " : "—") : b->value, -1);
  g_autoptr(PangoLayout) value_layout = make_layout (w, value, VALUE_W, 10, PANGO_ALIGN_LEFT);
  double label_h = layout_height (label_layout);
  double y0;
  int page0;

  ensure (w, MAX (label_h, first_line_height (value_layout)));
  y0 = w->y;
  page0 = w->page;
  cairo_move_to (w->cr, MARGIN_X, y0);
  pango_cairo_show_layout (w->cr, label_layout);
  flow (w, value_layout, VALUE_X);
  if (w->page == page0)
    w->y = MAX (w->y, y0 + label_h);
  if (empty && b->fill_in)
    draw_fill_line (w, w->y);
  w->y += 3;
  rule (w, MARGIN_X, PAGE_W - MARGIN_X, w->y, 0.85, 0.4);
  w->y += 4;
}

static void
draw_text (Writer *w,
           Block  *b)
{
  g_autofree char *zh = g_markup_escape_text (b->zh ? b->zh : "", -1);
  g_autofree char *en = g_markup_printf_escaped ("<span foreground=\"#333333\">%s</span>", b->en ? b->en : "");
  g_autoptr(PangoLayout) zh_layout = make_layout (w, zh, CONTENT_W, 10, PANGO_ALIGN_LEFT);
  g_autoptr(PangoLayout) en_layout = make_layout (w, en, CONTENT_W, 9, PANGO_ALIGN_LEFT);

  w->y += 4;
  if (b->zh != NULL)
    flow (w, zh_layout, MARGIN_X);
  w->y += 2;
  if (b->en != NULL)
    flow (w, en_layout, MARGIN_X);
  w->y += 6;
}

static void
draw_signature (Writer *w,
                Block  *b)
{
  g_autofree char *label = label_markup (b->zh, b->en);
  g_autoptr(PangoLayout) layout = make_layout (w, label, LABEL_W, 9, PANGO_ALIGN_LEFT);
  double h = MAX (layout_height (layout), 22);

  ensure (w, h + 14);
  w->y += 10;
  cairo_move_to (w->cr, MARGIN_X, w->y);
  pango_cairo_show_layout (w->cr, layout);
  w->y += h;
  draw_fill_line (w, w->y);
  w->y += 8;
}

static cairo_status_t
discard (void                *closure,
         const unsigned char *data,
         unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

static int
layout_pass (CslDocContent       *content,
             cairo_write_func_t   write_func,
             void                *closure,
             int                  total,
             GError             **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_func, closure, PAGE_W, PAGE_H);
  g_autofree char *created = NULL;
  cairo_font_options_t *options;
  cairo_status_t status;
  Writer w = { 0 };

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, content->title_en);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
  if (content->date != NULL)
    {
      created = g_strdup_printf ("%sT00:00:00Z", content->date);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
    }

  w.content = content;
  w.cr = cairo_create (surface);
  w.pango = pango_cairo_create_context (w.cr);
  /* Metrics as designed, not snapped to a screen's pixels. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (w.pango, options);
  cairo_font_options_destroy (options);
  w.page = 1;
  w.total = total;
  w.y = MARGIN_TOP;
  cairo_set_source_rgb (w.cr, 0, 0, 0);

  draw_title (&w);
  for (guint i = 0; i < content->blocks->len; i++)
    {
      Block *b = content->blocks->pdata[i];

      switch (b->type)
        {
        case BLOCK_HEADING:   draw_heading (&w, b); break;
        case BLOCK_FIELD:     draw_field (&w, b); break;
        case BLOCK_TEXT:      draw_text (&w, b); break;
        case BLOCK_SIGNATURE: draw_signature (&w, b); break;
        default:              g_assert_not_reached ();
        }
    }
  draw_footer (&w);
  cairo_show_page (w.cr);

  g_object_unref (w.pango);
  cairo_destroy (w.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_IO, _("Cannot write the document “%s”: %s"),
                   content->title_en, cairo_status_to_string (status));
      return 0;
    }
  return w.page;
}

int
csl_doc_render (CslDocContent       *content,
                cairo_write_func_t   write_func,
                void                *closure,
                GError             **error)
{
  int pages = layout_pass (content, discard, NULL, 0, error);

  if (pages == 0)
    return 0;
  return layout_pass (content, write_func, closure, pages, error);
}
