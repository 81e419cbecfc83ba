#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "base/csl-error.h"
#include "label/csl-label-template-private.h"
#include "label/csl-label.h"
#include "label/csl-qr.h"
#include "base/csl-text-check.h"

/* One element made ready to draw at the chosen size: the text laid out at the font size that
 * fits, or the reason it cannot be drawn. */
typedef struct
{
  PangoLayout *layout;
  gboolean     failed;
  guint        n_chars;     /* a text that failed: its length, and how much of it would fit */
  guint        fit_chars;
} Prepared;

typedef struct
{
  const CslLabelTemplate *t;
  const CslLabelContent  *c;
  double                  width_mm;
  double                  scale;      /* label millimetres per design millimetre */
  PangoContext           *pango;
  CslQr                  *qr;
  char                   *grade_text;
  Prepared               *prepared;   /* one per template element */
  GError                 *error;      /* the first problem found */
  gboolean                mono;       /* CSL_LABEL_DRAW_MONOCHROME */
} Render;

static double
pt_to_mm (double pt)
{
  return pt / 72.0 * 25.4;
}

static void
render_clear (Render *r)
{
  for (guint i = 0; r->prepared != NULL && i < r->t->elements->len; i++)
    g_clear_object (&r->prepared[i].layout);
  g_free (r->prepared);
  g_clear_object (&r->pango);
  g_clear_pointer (&r->qr, csl_qr_free);
  g_free (r->grade_text);
  g_clear_error (&r->error);
}

/* Unhinted metrics and unrounded positions: the layout then measures the same in the check,
 * the PDF, a 300 or 600 dpi PNG and the screen, so what passed the check is what prints.
 * One context per thread, like Pango's font map: fresh contexts cost font lookups each time. */
static PangoContext *
get_pango_context (void)
{
  static GPrivate key = G_PRIVATE_INIT (g_object_unref);
  PangoContext *ctx = g_private_get (&key);
  cairo_font_options_t *options;

  if (ctx != NULL)
    return ctx;
  ctx = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (ctx, FALSE);
  g_private_set (&key, ctx);
  return ctx;
}

static const char *
element_text (Render                *r,
              const CslLabelElement *e)
{
  const CslLabelContent *c = r->c;

  if (e->field == CSL_LABEL_FIELD_NONE)
    return e->text;
  switch (e->field)
    {
    case CSL_LABEL_FIELD_MANUFACTURER:  return c->manufacturer;
    case CSL_LABEL_FIELD_MODEL:         return c->model;
    case CSL_LABEL_FIELD_GRADE:         return r->grade_text;
    case CSL_LABEL_FIELD_VALIDITY:      return c->validity;
    case CSL_LABEL_FIELD_LAB:           return c->lab;
    case CSL_LABEL_FIELD_STANDARDS:     return c->standards;
    case CSL_LABEL_FIELD_FILING_NUMBER: return csl_label_content_is_draft (c) ? NULL : c->filing_number;
    case CSL_LABEL_FIELD_NONE:
    case CSL_LABEL_N_FIELDS:
    default:
      return NULL;
    }
}

/* The box text must fit in, in label millimetres: a draft mark keeps clear of its frame. */
static void
text_box (Render                *r,
          const CslLabelElement *e,
          double                *w,
          double                *h)
{
  double inset = e->type == CSL_LABEL_ELEMENT_DRAFT ? 2 * (e->stroke_mm > 0 ? e->stroke_mm : 0.3) : 0;

  *w = e->w * r->scale - 2 * inset * r->scale;
  *h = e->h * r->scale - 2 * inset * r->scale;
}

/* "GB/T 41387-2022" must not break after "GB/" or "GB/T": lines break only between numbers. */
static void
keep_numbers_whole (PangoLayout *layout,
                    const char  *text)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  const char *start = text;

  while (*start != '\0')
    {
      const char *end = strstr (start, "; ");
      PangoAttribute *attr = pango_attr_allow_breaks_new (FALSE);

      if (end == NULL)
        end = start + strlen (start);
      attr->start_index = (guint) (start - text);
      attr->end_index = (guint) (end - text);
      pango_attr_list_insert (attrs, attr);
      start = *end != '\0' ? end + 2 : end;
    }
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
}

static PangoLayout *
new_layout (Render                *r,
            const CslLabelElement *e,
            const char            *text,
            double                 size_pt,
            double                 box_w)
{
  PangoLayout *layout = pango_layout_new (r->pango);
  PangoFontDescription *desc = pango_font_description_new ();
  static const PangoAlignment align[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT };

  pango_font_description_set_family (desc, e->font_family ? e->font_family : r->t->font_family);
  pango_font_description_set_weight (desc, e->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  /* User space is millimetres while drawing, so the size is too. */
  pango_font_description_set_absolute_size (desc, pt_to_mm (size_pt) * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) floor (box_w * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align[e->align]);
  pango_layout_set_text (layout, text, -1);
  if (e->field == CSL_LABEL_FIELD_STANDARDS)
    keep_numbers_whole (layout, text);
  return layout;
}

static gboolean
layout_fits (PangoLayout           *layout,
             const CslLabelElement *e,
             double                 box_w,
             double                 box_h)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return pango_layout_get_line_count (layout) <= e->max_lines &&
         logical.width <= box_w * PANGO_SCALE + 1 &&
         logical.height <= box_h * PANGO_SCALE + 1;
}

static void G_GNUC_PRINTF (3, 4)
problem (Render     *r,
         int         code,
         const char *format,
         ...)
{
  va_list args;

  if (r->error != NULL)
    return;
  va_start (args, format);
  r->error = g_error_new_valist (CSL_ERROR, code, format, args);
  va_end (args);
}

static char *
describe_text (const CslLabelElement *e,
               const char            *full_text)
{
  /* A message quotes the start of a long text, not all of it. */
  g_autofree char *text = csl_text_cut (full_text, 60);

  if (e->type == CSL_LABEL_ELEMENT_DRAFT)
    return g_strdup_printf (_("The draft mark “%s”"), text);
  if (e->field == CSL_LABEL_FIELD_NONE)
    return g_strdup_printf (_("The label text “%s”"), text);
  /* "the manufacturer name “…”", capitalised for the start of a sentence. */
  {
    g_autofree char *what = g_strdup_printf ("%s “%s”", csl_label_field_describe (e->field), text);
    g_autofree char *first = g_utf8_strup (what, g_utf8_next_char (what) - what);
    return g_strconcat (first, g_utf8_next_char (what), NULL);
  }
}

/* Font sizes on a 0.05 pt grid: Pango keeps font patterns per size (and the 1.50 series never
 * frees them), so a grid keeps their number bounded however often labels are drawn. */
static double
on_grid (double pt)
{
  return floor (pt * 20 + 1e-6) / 20;
}

/* More characters than any label box holds at a legible size: a longer text (one stored before
 * text fields had limits) is judged by its start, since what does not fit cannot fit longer. */
#define FIT_PROBE_CHARS 2048

static gboolean
fits_at (Render                *r,
         const CslLabelElement *e,
         const char            *text,
         double                 size,
         double                 box_w,
         double                 box_h,
         Prepared              *out)
{
  g_clear_object (&out->layout);
  out->layout = new_layout (r, e, text, size, box_w);
  return layout_fits (out->layout, e, box_w, box_h);
}

/* How many of the text's first characters fit the box at the smallest size: a bisection on
 * the length, so a dozen layouts at most. */
static guint
chars_that_fit (Render                *r,
                const CslLabelElement *e,
                const char            *text,
                double                 box_w,
                double                 box_h)
{
  glong lo = 0, hi = MIN (g_utf8_strlen (text, -1), FIT_PROBE_CHARS + 1);   /* lo fits, hi does not */
  Prepared probe = { 0 };

  while (hi - lo > 1)
    {
      glong mid = (lo + hi) / 2;
      g_autofree char *start = g_utf8_substring (text, 0, mid);

      if (fits_at (r, e, start, e->min_font_pt, box_w, box_h, &probe))
        lo = mid;
      else
        hi = mid;
    }
  g_clear_object (&probe.layout);
  return (guint) lo;
}

/* The largest size on the grid, from the design size scaled to the label down to the template's
 * minimum, at which the text fits: a bisection, so a few layouts whatever the text, and a text
 * that does not fit at the minimum costs one layout of its first FIT_PROBE_CHARS characters. */
static void
prepare_text (Render                *r,
              const CslLabelElement *e,
              Prepared              *out)
{
  const char *text = element_text (r, e);
  double hi, lo, box_w, box_h;

  if (text == NULL || *text == '\0')
    return;
  text_box (r, e, &box_w, &box_h);
  lo = e->min_font_pt;
  /* A caption scaled with a narrow label would print below legibility: it keeps the
   * template's caption minimum, and the template's boxes must hold it (the check says so). */
  if (e->type == CSL_LABEL_ELEMENT_TEXT && e->field == CSL_LABEL_FIELD_NONE)
    lo = MAX (lo, r->t->min_caption_pt);
  hi = MAX (on_grid (e->font_pt * r->scale), lo);
  if (g_utf8_strlen (text, (FIT_PROBE_CHARS + 1) * 4) > FIT_PROBE_CHARS)
    {
      g_autofree char *probe = g_utf8_substring (text, 0, FIT_PROBE_CHARS);

      if (!fits_at (r, e, probe, lo, box_w, box_h, out))
        goto failed;
    }
  if (fits_at (r, e, text, hi, box_w, box_h, out))
    return;
  if (hi > lo && fits_at (r, e, text, lo, box_w, box_h, out))
    {
      /* lo fits, hi does not. */
      for (;;)
        {
          double mid = on_grid ((lo + hi) / 2);

          if (mid <= lo || mid >= hi)
            break;
          if (fits_at (r, e, text, mid, box_w, box_h, out))
            lo = mid;
          else
            hi = mid;
        }
      fits_at (r, e, text, lo, box_w, box_h, out);
      return;
    }

failed:
  out->failed = TRUE;
  out->n_chars = (guint) g_utf8_strlen (text, -1);
  out->fit_chars = chars_that_fit (r, e, text, box_w, box_h);
  if (e->field != CSL_LABEL_FIELD_NONE)
    {
      g_autofree char *what = describe_text (e, text);

      /* In characters, which is what the officer can shorten. */
      if (r->width_mm < r->t->max_width_mm - 1e-3)
        problem (r, CSL_ERROR_PRINT_QUALITY,
                 _("%s is too long for the label: %u of its %u characters fit on a %g mm wide label, even at the smallest font size (%g pt): shorten it or choose a wider label (up to %g mm)"),
                 what, out->fit_chars, out->n_chars, r->width_mm, e->min_font_pt, r->t->max_width_mm);
      else
        problem (r, CSL_ERROR_PRINT_QUALITY,
                 _("%s is too long for the label: %u of its %u characters fit on a %g mm wide label, even at the smallest font size (%g pt): shorten it"),
                 what, out->fit_chars, out->n_chars, r->width_mm, e->min_font_pt);
      return;
    }
  {
    g_autofree char *what = describe_text (e, text);

    if (r->width_mm < r->t->max_width_mm - 1e-3)
      problem (r, CSL_ERROR_PRINT_QUALITY,
               _("%s does not fit its %.1f × %.1f mm box on a %g mm wide label, even at the smallest font size (%g pt): shorten it or choose a wider label (up to %g mm)"),
               what, e->w * r->scale, e->h * r->scale, r->width_mm, lo, r->t->max_width_mm);
    else
      problem (r, CSL_ERROR_PRINT_QUALITY,
               _("%s does not fit its %.1f × %.1f mm box on a %g mm wide label, even at the smallest font size (%g pt): shorten it"),
               what, e->w * r->scale, e->h * r->scale, r->width_mm, lo);
  }
}

static void
prepare_qr (Render                *r,
            const CslLabelElement *e,
            Prepared              *out)
{
  double side = MIN (e->w, e->h);
  int modules;
  double module_mm, needed_width;

  if (r->qr == NULL)
    {
      out->failed = TRUE;
      return;
    }
  modules = csl_qr_get_size (r->qr) + 2 * e->quiet_modules;
  module_mm = side * r->scale / modules;
  if (module_mm >= r->t->qr_min_module_mm - 1e-9)
    return;

  out->failed = TRUE;
  /* The width at which this symbol's modules reach the minimum. */
  needed_width = ceil (r->t->qr_min_module_mm * modules / side * r->t->width_mm * 10) / 10;
  if (needed_width <= r->t->max_width_mm)
    problem (r, CSL_ERROR_PRINT_QUALITY,
             _("The QR code (%d × %d modules for “%s”) would print with %.3f mm modules on a %g mm wide label, below the minimum of %g mm: choose a label at least %g mm wide"),
             csl_qr_get_size (r->qr), csl_qr_get_size (r->qr), csl_qr_get_text (r->qr), module_mm,
             r->width_mm, r->t->qr_min_module_mm, needed_width);
  else
    problem (r, CSL_ERROR_PRINT_QUALITY,
             _("The QR code (%d × %d modules for “%s”) would print with %.3f mm modules on a %g mm wide label, below the minimum of %g mm, and even the widest label the template allows (%g mm) is too small: use a shorter QR address"),
             csl_qr_get_size (r->qr), csl_qr_get_size (r->qr), csl_qr_get_text (r->qr), module_mm,
             r->width_mm, r->t->qr_min_module_mm, r->t->max_width_mm);
}

/* Runs every check and lays out every text; FALSE only for a width outside the template's
 * limits, when there is nothing sensible to draw. Other problems land in r->error. */
static gboolean
prepare (Render                 *r,
         const CslLabelTemplate *t,
         const CslLabelContent  *c,
         double                  width_mm)
{
  GError *local_error = NULL;

  r->t = t;
  r->c = c;
  r->width_mm = width_mm;
  if (!csl_label_template_check_width (t, width_mm, &r->error))
    return FALSE;
  r->scale = width_mm / t->width_mm;
  r->pango = g_object_ref (get_pango_context ());
  r->grade_text = csl_label_grade_text (c->grade);
  r->prepared = g_new0 (Prepared, t->elements->len);

  csl_label_content_validate (c, &r->error);
  if (c->qr_text != NULL && *c->qr_text != '\0')
    {
      r->qr = csl_qr_encode (c->qr_text, &local_error);
      if (r->qr == NULL)
        {
          if (r->error == NULL)
            r->error = local_error;
          else
            g_error_free (local_error);
        }
    }

  for (guint i = 0; i < t->elements->len; i++)
    {
      const CslLabelElement *e = t->elements->pdata[i];

      if (e->type == CSL_LABEL_ELEMENT_TEXT ||
          (e->type == CSL_LABEL_ELEMENT_DRAFT && csl_label_content_is_draft (c)))
        prepare_text (r, e, &r->prepared[i]);
      else if (e->type == CSL_LABEL_ELEMENT_QR)
        prepare_qr (r, e, &r->prepared[i]);
    }
  return TRUE;
}

gboolean
csl_label_check (const CslLabelTemplate  *template,
                 const CslLabelContent   *content,
                 double                   width_mm,
                 GError                 **error)
{
  Render r = { 0 };
  gboolean ok;

  prepare (&r, template, content, width_mm);
  ok = r.error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&r.error));
  render_clear (&r);
  return ok;
}

gboolean
csl_label_text_fits (const CslLabelTemplate *template,
                     const char             *field,
                     const char             *text,
                     double                  width_mm,
                     guint                  *fit_chars,
                     guint                  *n_chars)
{
  g_autoptr(CslLabelContent) c = csl_label_content_new ();
  Render r = { 0 };
  gboolean fits = TRUE;
  char **slot[CSL_LABEL_N_FIELDS] = {
    &c->manufacturer, &c->model, NULL, &c->validity, &c->lab, &c->standards, &c->filing_number,
  };
  int f = 0;

  while (f < CSL_LABEL_N_FIELDS && g_strcmp0 (csl_label_field_names[f], field) != 0)
    f++;
  g_return_val_if_fail (f < CSL_LABEL_N_FIELDS && slot[f] != NULL, TRUE);
  if (!csl_label_template_check_width (template, width_mm, NULL))
    return TRUE;
  *slot[f] = g_strdup (text);
  if (f == CSL_LABEL_FIELD_FILING_NUMBER)
    c->qr_text = g_strdup (text);
  r.t = template;
  r.c = c;
  r.width_mm = width_mm;
  r.scale = width_mm / template->width_mm;
  r.pango = g_object_ref (get_pango_context ());
  r.prepared = g_new0 (Prepared, template->elements->len);
  for (guint i = 0; i < template->elements->len && fits; i++)
    {
      const CslLabelElement *e = template->elements->pdata[i];

      if (e->type != CSL_LABEL_ELEMENT_TEXT || (int) e->field != f)
        continue;
      prepare_text (&r, e, &r.prepared[i]);
      if (r.prepared[i].failed)
        {
          fits = FALSE;
          if (fit_chars != NULL)
            *fit_chars = r.prepared[i].fit_chars;
          if (n_chars != NULL)
            *n_chars = r.prepared[i].n_chars;
        }
    }
  render_clear (&r);
  return fits;
}

/* ---- drawing, in label millimetres ------------------------------------------------------ */

typedef enum
{
  INK_FILL,     /* text and filled shapes */
  INK_STROKE,   /* lines and outlines */
  INK_PAPER,    /* the label's ground, a QR code's quiet zone */
} Ink;

static void
set_color (Render              *r,
           cairo_t             *cr,
           const CslLabelColor *color,
           Ink                  ink)
{
  double luminance = 0.2126 * color->r + 0.7152 * color->g + 0.0722 * color->b;

  if (!r->mono)
    cairo_set_source_rgba (cr, color->r, color->g, color->b, color->a);
  /* Single-colour printing knows ink and no ink. Lines and outlines are thin and must show,
   * so they take ink whatever their colour; a fill or a text takes it when it is dark and
   * opaque enough to read as ink, else stays paper (the title, light on its dark band, is
   * then reversed out of black). */
  else if (ink == INK_STROKE || (ink == INK_FILL && luminance < 0.5 && color->a >= 0.5))
    cairo_set_source_rgb (cr, 0, 0, 0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   radius)
{
  radius = MIN (radius, MIN (w, h) / 2);
  if (radius <= 0)
    {
      cairo_rectangle (cr, x, y, w, h);
      return;
    }
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static double
aligned (CslLabelAlign align,
         double        start,
         double        room,
         double        size)
{
  switch (align)
    {
    case CSL_LABEL_ALIGN_CENTER: return start + (room - size) / 2;
    case CSL_LABEL_ALIGN_END:    return start + room - size;
    case CSL_LABEL_ALIGN_START:
    default:                     return start;
    }
}

static void
draw_text (Render                *r,
           cairo_t               *cr,
           const CslLabelElement *e,
           PangoLayout           *layout,
           gboolean               outline)
{
  PangoRectangle logical;
  double box_w, box_h, x, y;

  text_box (r, e, &box_w, &box_h);
  pango_layout_get_extents (layout, NULL, &logical);
  x = e->x * r->scale + (e->w * r->scale - box_w) / 2;
  y = aligned (e->valign, e->y * r->scale + (e->h * r->scale - box_h) / 2, box_h,
               (double) logical.height / PANGO_SCALE);
  cairo_move_to (cr, x, y - (double) logical.y / PANGO_SCALE);
  if (outline)
    {
      /* No tint in one colour: a watermark is its letters' outlines, thin enough to read
       * the text through. */
      pango_cairo_layout_path (cr, layout);
      set_color (r, cr, &e->color, INK_STROKE);
      cairo_set_line_width (cr, 0.1 * r->scale);
      cairo_stroke (cr);
    }
  else
    {
      set_color (r, cr, &e->color, INK_FILL);
      pango_cairo_show_layout (cr, layout);
    }
}

static void
star_path (cairo_t *cr,
           double   cx,
           double   cy,
           double   radius)
{
  /* The inner radius of a regular five-pointed star: sin 18° / sin 126° of the outer one. */
  double inner = radius * 0.381966;

  for (int k = 0; k < 10; k++)
    {
      double a = -G_PI / 2 + k * G_PI / 5;
      double d = k % 2 == 0 ? radius : inner;

      if (k == 0)
        cairo_move_to (cr, cx + d * cos (a), cy + d * sin (a));
      else
        cairo_line_to (cr, cx + d * cos (a), cy + d * sin (a));
    }
  cairo_close_path (cr);
}

static void
draw_stars (Render                *r,
            cairo_t               *cr,
            const CslLabelElement *e)
{
  int grade = csl_grade_valid (r->c->grade) ? r->c->grade : 0;
  int slots = e->has_empty_color ? 3 : grade;
  double x = e->x * r->scale, y = e->y * r->scale, w = e->w * r->scale, h = e->h * r->scale;
  double cell, gap, radius, star_h, left, cy;

  if (slots == 0)
    return;
  /* A star is 1.902 radii wide and 1.809 high; a fifth of a cell between stars. */
  cell = MIN (h / 1.809 * 1.902, w / (slots + 0.2 * (slots - 1)));
  gap = cell * 0.2;
  radius = cell / 1.902;
  star_h = radius * 1.809;
  left = aligned (e->align, x, w, slots * cell + (slots - 1) * gap);
  cy = y + (h - star_h) / 2 + radius;
  for (int i = 0; i < slots; i++)
    {
      star_path (cr, left + i * (cell + gap) + cell / 2, cy, radius);
      if (i < grade)
        {
          set_color (r, cr, &e->color, INK_FILL);
          cairo_fill (cr);
        }
      else
        {
          set_color (r, cr, &e->empty_color, INK_STROKE);
          cairo_set_line_width (cr, radius * 0.08);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
          cairo_stroke (cr);
        }
    }
}

static void
draw_qr (Render                *r,
         cairo_t               *cr,
         const CslLabelElement *e)
{
  double side = MIN (e->w, e->h) * r->scale;
  double x = aligned (e->align, e->x * r->scale, e->w * r->scale, side);
  double y = e->y * r->scale + (e->h * r->scale - side) / 2;
  double module;

  if (r->qr == NULL)
    return;
  module = side / (csl_qr_get_size (r->qr) + 2 * e->quiet_modules);
  /* The quiet zone must be light whatever lies under the box. */
  set_color (r, cr, &r->t->paper, INK_PAPER);
  cairo_rectangle (cr, x, y, side, side);
  cairo_fill (cr);
  cairo_save (cr);
  /* Crisp module edges in raster output; vector output is exact either way. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  set_color (r, cr, &e->color, INK_FILL);
  csl_qr_append_path (r->qr, cr, x + e->quiet_modules * module, y + e->quiet_modules * module, module);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_draft (Render                *r,
            cairo_t               *cr,
            const CslLabelElement *e,
            PangoLayout           *layout)
{
  double w = e->w * r->scale, h = e->h * r->scale;
  double stroke = (e->stroke_mm > 0 ? e->stroke_mm : 0.3) * r->scale;

  cairo_save (cr);
  cairo_translate (cr, e->x * r->scale + w / 2, e->y * r->scale + h / 2);
  cairo_rotate (cr, e->rotate_deg * G_PI / 180);
  cairo_translate (cr, -(e->x * r->scale + w / 2), -(e->y * r->scale + h / 2));
  rounded_rect (cr, e->x * r->scale + stroke / 2, e->y * r->scale + stroke / 2, w - stroke, h - stroke, h / 6);
  if (e->has_fill && !r->mono)
    {
      set_color (r, cr, &e->fill, INK_FILL);
      cairo_fill_preserve (cr);
    }
  /* In one colour the frame would be a solid line through the fields: the outlined letters
   * say "draft" alone. */
  if (r->mono)
    cairo_new_path (cr);
  else
    {
      set_color (r, cr, &e->color, INK_STROKE);
      cairo_set_line_width (cr, stroke);
      cairo_stroke (cr);
    }
  if (layout != NULL)
    draw_text (r, cr, e, layout, r->mono);
  cairo_restore (cr);
}

static void
draw_element (Render                *r,
              cairo_t               *cr,
              const CslLabelElement *e,
              Prepared              *p)
{
  double x = e->x * r->scale, y = e->y * r->scale, w = e->w * r->scale, h = e->h * r->scale;
  double stroke = (e->stroke_mm > 0 ? e->stroke_mm : 0.2) * r->scale;

  switch (e->type)
    {
    case CSL_LABEL_ELEMENT_RECT:
      rounded_rect (cr, x, y, w, h, e->radius_mm * r->scale);
      if (e->has_fill)
        {
          set_color (r, cr, &e->fill, INK_FILL);
          cairo_fill_preserve (cr);
        }
      if (e->has_color)
        {
          set_color (r, cr, &e->color, INK_STROKE);
          cairo_set_line_width (cr, stroke);
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
      break;
    case CSL_LABEL_ELEMENT_LINE:
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + w, y + h);
      set_color (r, cr, &e->color, INK_STROKE);
      cairo_set_line_width (cr, stroke);
      cairo_stroke (cr);
      break;
    case CSL_LABEL_ELEMENT_TEXT:
      /* A text too long (preview only) stays in its box rather than run over the rules. */
      if (p->layout != NULL)
        {
          cairo_save (cr);
          if (p->failed)
            {
              cairo_rectangle (cr, x, y, w, h);
              cairo_clip (cr);
            }
          draw_text (r, cr, e, p->layout, FALSE);
          cairo_restore (cr);
        }
      break;
    case CSL_LABEL_ELEMENT_STARS:
      draw_stars (r, cr, e);
      break;
    case CSL_LABEL_ELEMENT_QR:
      draw_qr (r, cr, e);
      break;
    case CSL_LABEL_ELEMENT_DRAFT:
      if (csl_label_content_is_draft (r->c))
        draw_draft (r, cr, e, p->layout);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Preview only: a red tint and a dashed red frame on each element that fails a check (the
 * preview's caller says why, from the check's message). */
static void
mark_failure (Render                *r,
              cairo_t               *cr,
              const CslLabelElement *e)
{
  double dash = 0.8;

  cairo_save (cr);
  cairo_rectangle (cr, e->x * r->scale, e->y * r->scale, e->w * r->scale, e->h * r->scale);
  cairo_set_source_rgba (cr, 0.86, 0.08, 0.24, 0.12);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.86, 0.08, 0.24);
  cairo_set_line_width (cr, 0.35);
  cairo_set_dash (cr, &dash, 1, 0);
  cairo_rectangle (cr, e->x * r->scale, e->y * r->scale, e->w * r->scale, e->h * r->scale);
  cairo_stroke (cr);
  cairo_restore (cr);
}

gboolean
csl_label_draw (cairo_t                 *cr,
                const CslLabelTemplate  *template,
                const CslLabelContent   *content,
                double                   width_mm,
                CslLabelDrawFlags        flags,
                GError                 **error)
{
  Render r = { 0 };
  const CslLabelTemplate *t = template;
  double height_mm = csl_label_template_height_for_width (t, width_mm);
  double radius, border;
  gboolean ok;

  if (!prepare (&r, template, content, width_mm) ||
      (r.error != NULL && (flags & CSL_LABEL_DRAW_PREVIEW) == 0))
    {
      g_propagate_error (error, g_steal_pointer (&r.error));
      render_clear (&r);
      return FALSE;
    }

  r.mono = (flags & CSL_LABEL_DRAW_MONOCHROME) != 0;
  cairo_save (cr);
  cairo_scale (cr, 72.0 / 25.4, 72.0 / 25.4);
  radius = t->corner_radius_mm * r.scale;
  border = t->has_border ? t->border_mm * r.scale : 0;

  cairo_save (cr);
  rounded_rect (cr, 0, 0, width_mm, height_mm, radius);
  set_color (&r, cr, &t->paper, INK_PAPER);
  cairo_fill_preserve (cr);
  cairo_clip (cr);
  for (guint i = 0; i < t->elements->len; i++)
    draw_element (&r, cr, t->elements->pdata[i], &r.prepared[i]);
  cairo_restore (cr);

  if (t->has_border)
    {
      rounded_rect (cr, border / 2, border / 2, width_mm - border, height_mm - border, MAX (radius - border / 2, 0));
      set_color (&r, cr, &t->border, INK_STROKE);
      cairo_set_line_width (cr, border);
      cairo_stroke (cr);
    }
  if (r.error != NULL)
    for (guint i = 0; i < t->elements->len; i++)
      if (r.prepared[i].failed)
        mark_failure (&r, cr, t->elements->pdata[i]);
  cairo_restore (cr);

  ok = r.error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&r.error));
  render_clear (&r);
  return ok;
}
