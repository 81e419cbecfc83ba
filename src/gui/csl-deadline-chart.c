#include "config.h"

#include <glib/gi18n.h>

#include "base/csl-date.h"
#include "csl-deadline-chart.h"

#define N_BARS (CSL_DEADLINE_CHART_MONTHS + 1)
#define LABEL_HEIGHT 34
#define COUNT_HEIGHT 18

struct _CslDeadlineChart
{
  GtkDrawingArea  parent_instance;

  guint           counts[N_BARS];
  guint           soon[N_BARS];     /* of counts: due within 30 days, amber as in the rows */
  char           *labels[N_BARS];
  char           *summary;
};

G_DEFINE_FINAL_TYPE (CslDeadlineChart, csl_deadline_chart, GTK_TYPE_DRAWING_AREA)

static void
set_source (cairo_t       *cr,
            const GdkRGBA *rgba,
            double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

static void
show_text (GtkWidget  *widget,
           cairo_t    *cr,
           const char *text,
           double      center_x,
           double      top,
           gboolean    bold)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();
  int w, h;

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, center_x - w / 2.0, top);
  pango_cairo_show_layout (cr, layout);
}

static void
draw (GtkDrawingArea *area,
      cairo_t        *cr,
      int             width,
      int             height,
      gpointer        user_data)
{
  CslDeadlineChart *self = CSL_DEADLINE_CHART (area);
  GtkWidget *widget = GTK_WIDGET (area);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA fg, accent, error, warning;
  double slot = width / (double) N_BARS;
  double bar = MIN (slot * 0.62, 44.0);
  double base = height - LABEL_HEIGHT;
  double room = base - COUNT_HEIGHT - 4;
  guint max = 1;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "accent_bg_color", &accent))
    gdk_rgba_parse (&accent, "#3584e4");
  if (!gtk_style_context_lookup_color (style, "error_bg_color", &error))
    gdk_rgba_parse (&error, "#e01b24");
  if (!gtk_style_context_lookup_color (style, "warning_bg_color", &warning))
    gdk_rgba_parse (&warning, "#e5a50a");
  G_GNUC_END_IGNORE_DEPRECATIONS

  for (guint i = 0; i < N_BARS; i++)
    max = MAX (max, self->counts[i]);

  set_source (cr, &fg, 0.15);
  cairo_rectangle (cr, 0, base, width, 1);
  cairo_fill (cr);

  for (guint i = 0; i < N_BARS; i++)
    {
      double cx = slot * i + slot / 2;
      double h = self->counts[i] ? MAX (3.0, room * self->counts[i] / max) : 0;

      if (h > 0)
        {
          double x = cx - bar / 2, y = base - h, r = MIN (4.0, bar / 4);

          set_source (cr, i == 0 ? &error : &accent, 1.0);
          /* Rounded top corners, square on the baseline. */
          cairo_new_sub_path (cr);
          cairo_arc (cr, x + r, y + r, r, G_PI, 1.5 * G_PI);
          cairo_arc (cr, x + bar - r, y + r, r, 1.5 * G_PI, 2 * G_PI);
          cairo_line_to (cr, x + bar, base);
          cairo_line_to (cr, x, base);
          cairo_close_path (cr);
          cairo_fill (cr);
          /* One colour language with the rows: red overdue, amber within 30 days, blue later. */
          if (i > 0 && self->soon[i] > 0)
            {
              double hs = self->soon[i] >= self->counts[i] ? h : MAX (3.0, room * self->soon[i] / max);

              set_source (cr, &warning, 1.0);
              if (hs >= h)
                {
                  cairo_new_sub_path (cr);
                  cairo_arc (cr, x + r, y + r, r, G_PI, 1.5 * G_PI);
                  cairo_arc (cr, x + bar - r, y + r, r, 1.5 * G_PI, 2 * G_PI);
                  cairo_line_to (cr, x + bar, base);
                  cairo_line_to (cr, x, base);
                  cairo_close_path (cr);
                }
              else
                cairo_rectangle (cr, x, base - hs, bar, hs);
              cairo_fill (cr);
            }

          set_source (cr, &fg, 0.9);
          {
            g_autofree char *n = g_strdup_printf ("%u", self->counts[i]);
            show_text (widget, cr, n, cx, y - COUNT_HEIGHT, TRUE);
          }
        }
      set_source (cr, &fg, i == 0 ? 0.9 : 0.6);
      if (self->labels[i] != NULL)
        show_text (widget, cr, self->labels[i], cx, base + 4, FALSE);
    }
}

static void
csl_deadline_chart_finalize (GObject *object)
{
  CslDeadlineChart *self = CSL_DEADLINE_CHART (object);

  for (guint i = 0; i < N_BARS; i++)
    g_free (self->labels[i]);
  g_free (self->summary);
  G_OBJECT_CLASS (csl_deadline_chart_parent_class)->finalize (object);
}

static void
csl_deadline_chart_class_init (CslDeadlineChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = csl_deadline_chart_finalize;
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
csl_deadline_chart_init (CslDeadlineChart *self)
{
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 170);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw, NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Deadlines per month"), -1);
}

GtkWidget *
csl_deadline_chart_new (void)
{
  return g_object_new (CSL_TYPE_DEADLINE_CHART, NULL);
}

void
csl_deadline_chart_set_counts (CslDeadlineChart *self,
                               guint             overdue,
                               const guint      *months,
                               const char       *first_month)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  GDate date;
  guint total = 0;

  g_return_if_fail (CSL_IS_DEADLINE_CHART (self));
  if (!csl_date_parse (first_month, &date, NULL))
    g_return_if_reached ();
  g_date_set_day (&date, 1);

  self->counts[0] = overdue;
  g_free (self->labels[0]);
  self->labels[0] = g_strdup (C_("chart bar", "Overdue\nor now"));
  g_string_append_printf (summary, _("Overdue or due now: %u"), overdue);
  for (guint m = 0; m < CSL_DEADLINE_CHART_MONTHS; m++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), 1, 0, 0, 0);
      g_autofree char *month = g_date_time_format (dt, "%b");
      /* TRANSLATORS: a month and its year ("June 2027"), a g_date_time_format() format: write it
       * as your language does, e.g. "%Y年%-m月" */
      g_autofree char *full = g_date_time_format (dt, C_("month and year", "%B %Y"));

      self->counts[m + 1] = months[m];
      total += months[m];
      g_free (self->labels[m + 1]);
      /* The year under the first month and under every January. */
      self->labels[m + 1] = (m == 0 || g_date_get_month (&date) == G_DATE_JANUARY)
        ? g_date_time_format (dt, "%b\n%Y") : g_steal_pointer (&month);
      g_string_append_printf (summary, "; %s: %u", full, months[m]);
      g_date_add_months (&date, 1);
    }
  g_free (self->summary);
  self->summary = g_string_free (g_steal_pointer (&summary), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary, -1);
  {
    g_autofree char *tip = g_strdup_printf (_("%u overdue or due now, %u in the next 12 months"), overdue, total);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), tip);
  }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
csl_deadline_chart_set_soon (CslDeadlineChart *self,
                             const guint      *soon)
{
  g_return_if_fail (CSL_IS_DEADLINE_CHART (self));
  for (guint m = 0; m < CSL_DEADLINE_CHART_MONTHS; m++)
    self->soon[m + 1] = soon ? MIN (soon[m], self->counts[m + 1]) : 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
csl_deadline_chart_get_soon (CslDeadlineChart *self,
                             guint             month)
{
  g_return_val_if_fail (CSL_IS_DEADLINE_CHART (self) && month < CSL_DEADLINE_CHART_MONTHS, 0);
  return self->soon[month + 1];
}

const char *
csl_deadline_chart_get_summary (CslDeadlineChart *self)
{
  g_return_val_if_fail (CSL_IS_DEADLINE_CHART (self), NULL);
  return self->summary;
}
