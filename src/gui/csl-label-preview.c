#include "config.h"

#include <glib/gi18n.h>

#include "csl-label-preview.h"

/* Room round the label for its shadow, in pixels. */
#define MARGIN 8
/* Natural size: about the label's size on a 96 dpi screen, and a bit more. */
#define NATURAL_PX_PER_MM 5.0

struct _CslLabelPreview
{
  GtkWidget  parent_instance;

  CslLabel  *label;
  double     width_mm;
  char      *problem;
};

G_DEFINE_FINAL_TYPE (CslLabelPreview, csl_label_preview, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_WIDTH_MM,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static double
effective_width_mm (CslLabelPreview *self)
{
  if (self->width_mm > 0)
    return self->width_mm;
  return csl_label_template_get_width_mm (csl_label_get_template (self->label));
}

/* The checks run when the label or its size changes, not on every frame. */
static void
update (CslLabelPreview *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  g_clear_pointer (&self->problem, g_free);
  if (self->label != NULL)
    {
      const CslLabelContent *c = csl_label_get_content (self->label);
      g_autofree char *grade = csl_label_grade_text (c->grade);

      if (!csl_label_check (csl_label_get_template (self->label), c, effective_width_mm (self), &error))
        self->problem = g_strdup (error->message);
      description = g_strdup_printf (_("China Cybersecurity Label%s: %s, %s, %s"),
                                     csl_label_content_is_draft (c) ? _(" (draft)") : "",
                                     c->manufacturer ? c->manufacturer : "", c->model ? c->model : "",
                                     grade ? grade : "");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description ? description : _("No label"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->problem ? self->problem : "", -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/* What fails the check, said under the label it marks (the label's own red frames show where):
 * laid out for the widget's width, or NULL when all is well. */
static PangoLayout *
problem_layout (CslLabelPreview *self,
                int              width)
{
  PangoLayout *layout;

  if (self->problem == NULL || self->label == NULL || width <= 2 * MARGIN)
    return NULL;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->problem);
  pango_layout_set_width (layout, (width - 2 * MARGIN) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  return layout;
}

static int
problem_height (CslLabelPreview *self,
                int              width)
{
  g_autoptr(PangoLayout) layout = problem_layout (self, width);
  int h = 0;

  if (layout != NULL)
    pango_layout_get_pixel_size (layout, NULL, &h);
  return layout != NULL ? h + MARGIN : 0;
}

static GtkSizeRequestMode
csl_label_preview_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
csl_label_preview_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  CslLabelPreview *self = CSL_LABEL_PREVIEW (widget);
  double w_mm = 70, h_mm = 50;

  if (self->label != NULL)
    {
      w_mm = effective_width_mm (self);
      h_mm = csl_label_template_height_for_width (csl_label_get_template (self->label), w_mm);
    }
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = (int) (w_mm * NATURAL_PX_PER_MM) + 2 * MARGIN;
    }
  else
    {
      int width = for_size > 0 ? for_size : (int) (w_mm * NATURAL_PX_PER_MM) + 2 * MARGIN;

      int message = problem_height (self, width);

      *minimum = (int) ((120 - 2 * MARGIN) * h_mm / w_mm) + 2 * MARGIN + message;
      *natural = MAX (*minimum, (int) ((width - 2 * MARGIN) * h_mm / w_mm) + 2 * MARGIN + message);
    }
}

static void
csl_label_preview_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  CslLabelPreview *self = CSL_LABEL_PREVIEW (widget);
  const CslLabelTemplate *t;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) message = problem_layout (self, w);
  double w_mm, w_pt, h_pt, scale, x, y;
  GskRoundedRect outline;
  cairo_t *cr;

  if (message != NULL)
    {
      GdkRGBA color = { 0.75, 0.11, 0.16, 1 };
      int mh;

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "error_color", &color);
      G_GNUC_END_IGNORE_DEPRECATIONS
      pango_layout_get_pixel_size (message, NULL, &mh);
      h -= mh + MARGIN;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (MARGIN, h + MARGIN / 2));
      gtk_snapshot_append_layout (snapshot, message, &color);
      gtk_snapshot_restore (snapshot);
    }
  if (self->label == NULL || w <= 2 * MARGIN || h <= 2 * MARGIN)
    return;
  t = csl_label_get_template (self->label);
  w_mm = effective_width_mm (self);
  /* Outside the template's limits there is no label to show; "problem" says why. */
  if (!csl_label_template_check_width (t, w_mm, NULL))
    return;
  w_pt = csl_mm_to_pt (w_mm);
  h_pt = csl_mm_to_pt (csl_label_template_height_for_width (t, w_mm));
  scale = MIN ((w - 2 * MARGIN) / w_pt, (h - 2 * MARGIN) / h_pt);
  x = (w - w_pt * scale) / 2;
  y = (h - h_pt * scale) / 2;

  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x, y, w_pt * scale, h_pt * scale),
                                   csl_mm_to_pt (csl_label_template_get_corner_radius_mm (t) * w_mm /
                                                 csl_label_template_get_width_mm (t)) * scale);
  gtk_snapshot_append_outset_shadow (snapshot, &outline, &(GdkRGBA) { 0, 0, 0, 0.3 }, 0, 1, 0, 4);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  /* Problems are already in self->problem; the preview draws what it can regardless. */
  csl_label_draw (cr, t, csl_label_get_content (self->label), w_mm,
                  CSL_LABEL_DRAW_PREVIEW | csl_label_get_draw_flags (self->label), NULL);
  cairo_destroy (cr);
}

static void
csl_label_preview_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CslLabelPreview *self = CSL_LABEL_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_WIDTH_MM:
      g_value_set_double (value, self->width_mm);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
csl_label_preview_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CslLabelPreview *self = CSL_LABEL_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_WIDTH_MM:
      csl_label_preview_set_width_mm (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
csl_label_preview_finalize (GObject *object)
{
  CslLabelPreview *self = CSL_LABEL_PREVIEW (object);

  g_clear_pointer (&self->label, csl_label_unref);
  g_free (self->problem);
  G_OBJECT_CLASS (csl_label_preview_parent_class)->finalize (object);
}

static void
csl_label_preview_class_init (CslLabelPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = csl_label_preview_finalize;
  object_class->get_property = csl_label_preview_get_property;
  object_class->set_property = csl_label_preview_set_property;
  widget_class->get_request_mode = csl_label_preview_get_request_mode;
  widget_class->measure = csl_label_preview_measure;
  widget_class->snapshot = csl_label_preview_snapshot;

  properties[PROP_WIDTH_MM] =
    g_param_spec_double ("width-mm", NULL, NULL, 0, 1000, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "labelpreview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
csl_label_preview_init (CslLabelPreview *self)
{
  update (self);
}

GtkWidget *
csl_label_preview_new (void)
{
  return g_object_new (CSL_TYPE_LABEL_PREVIEW, NULL);
}

void
csl_label_preview_set_label (CslLabelPreview *self,
                             CslLabel        *label)
{
  g_return_if_fail (CSL_IS_LABEL_PREVIEW (self));

  if (label == self->label)
    return;
  g_clear_pointer (&self->label, csl_label_unref);
  if (label != NULL)
    self->label = csl_label_ref (label);
  update (self);
}

CslLabel *
csl_label_preview_get_label (CslLabelPreview *self)
{
  g_return_val_if_fail (CSL_IS_LABEL_PREVIEW (self), NULL);
  return self->label;
}

void
csl_label_preview_set_width_mm (CslLabelPreview *self,
                                double           width_mm)
{
  g_return_if_fail (CSL_IS_LABEL_PREVIEW (self));

  if (width_mm == self->width_mm)
    return;
  self->width_mm = MAX (width_mm, 0);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH_MM]);
}

double
csl_label_preview_get_width_mm (CslLabelPreview *self)
{
  g_return_val_if_fail (CSL_IS_LABEL_PREVIEW (self), 0);
  return self->width_mm;
}

const char *
csl_label_preview_get_problem (CslLabelPreview *self)
{
  g_return_val_if_fail (CSL_IS_LABEL_PREVIEW (self), NULL);
  return self->problem;
}
