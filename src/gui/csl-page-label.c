#include "config.h"

#include <glib/gi18n.h>

#include "csl-gui-util.h"
#include "label/csl-label-export.h"
#include "csl-label-preview.h"
#include "csl-label-print.h"
#include "label/csl-label-template.h"
#include "csl-page-label.h"

struct _CslPageLabel
{
  CslWizardPage    parent_instance;

  CslLabel        *label;
  gboolean         width_chosen;

  CslLabelPreview *preview;
  GtkLabel        *problem;
  GtkSpinButton   *width;
  GtkSwitch       *monochrome;
  GSettings       *settings;
};

G_DEFINE_FINAL_TYPE (CslPageLabel, csl_page_label, CSL_TYPE_WIZARD_PAGE)

static void
toast (CslPageLabel *self,
       const char   *message)
{
  csl_wizard_page_show_toast (CSL_WIZARD_PAGE (self), adw_toast_new (message));
}

static void
update (CslPageLabel *self)
{
  const char *problem = self->label ? csl_label_preview_get_problem (self->preview) : _("The label cannot be drawn yet.");

  gtk_label_set_text (self->problem, problem ? problem : "");
  /* With a label to show, the preview says what fails under the label itself. */
  gtk_widget_set_visible (GTK_WIDGET (self->problem), problem != NULL && self->label == NULL);
  csl_wizard_page_set_blocker (CSL_WIZARD_PAGE (self), problem);
  csl_wizard_page_set_complete (CSL_WIZARD_PAGE (self), problem == NULL);
}

/* The switch is bound to the "label-monochrome" setting, which every later load follows. */
static void
on_monochrome_changed (CslPageLabel *self)
{
  if (self->label != NULL)
    csl_label_set_monochrome (self->label, gtk_switch_get_active (self->monochrome));
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

static void
on_width_changed (CslPageLabel *self)
{
  csl_label_preview_set_width_mm (self->preview, gtk_spin_button_get_value (self->width));
  update (self);
}

void
csl_page_label_set_width_mm (CslPageLabel *self,
                             double        width_mm)
{
  gtk_spin_button_set_value (self->width, width_mm);
  on_width_changed (self);
}

static void
csl_page_label_load (CslWizardPage  *page,
                     CslWizardState *state)
{
  CslPageLabel *self = CSL_PAGE_LABEL (page);
  g_autoptr(GError) error = NULL;
  const CslLabelTemplate *t;

  g_clear_pointer (&self->label, csl_label_unref);
  self->label = csl_label_load_for_app (state->workspace, state->filing->id, &error);
  csl_label_preview_set_label (self->preview, self->label);
  if (self->label == NULL)
    {
      csl_wizard_page_set_blocker (page, error->message);
      csl_wizard_page_set_complete (page, FALSE);
      gtk_label_set_text (self->problem, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problem), TRUE);
      return;
    }
  t = csl_label_get_template (self->label);
  gtk_spin_button_set_range (self->width, csl_label_template_get_min_width_mm (t),
                             csl_label_template_get_max_width_mm (t));
  if (!self->width_chosen)
    gtk_spin_button_set_value (self->width, csl_label_template_get_width_mm (t));
  self->width_chosen = TRUE;
  on_width_changed (self);
}

typedef struct
{
  CslPageLabel   *self;
  CslLabelFormat  format;
} Export;

static void
on_export_chosen (GFile    *file,
                  gpointer  user_data)
{
  Export *job = user_data;
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autoptr(GError) error = NULL;

  if (path != NULL && job->self->label != NULL)
    {
      if (csl_label_render_to_file (job->self->label, job->format, gtk_spin_button_get_value (job->self->width),
                                    CSL_LABEL_DEFAULT_DPI, path, &error))
        toast (job->self, _("Label saved"));
      else
        toast (job->self, error->message);
    }
  g_object_unref (job->self);
  g_free (job);
}

static void
export_as (CslPageLabel   *self,
           CslLabelFormat  format)
{
  Export *job = g_new0 (Export, 1);
  g_autofree char *name = g_strdup_printf ("label.%s", csl_label_format_to_string (format));

  job->self = g_object_ref (self);
  job->format = format;
  csl_choose_file_to_save (GTK_WIDGET (self), _("Export Label"), name, on_export_chosen, job);
}

static void
on_export_pdf (CslPageLabel *self)
{
  export_as (self, CSL_LABEL_FORMAT_PDF);
}

static void
on_export_svg (CslPageLabel *self)
{
  export_as (self, CSL_LABEL_FORMAT_SVG);
}

static void
on_export_png (CslPageLabel *self)
{
  export_as (self, CSL_LABEL_FORMAT_PNG);
}

static void
on_print (CslPageLabel *self)
{
  g_autoptr(GError) error = NULL;

  if (self->label != NULL &&
      !csl_label_print (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->label,
                        gtk_spin_button_get_value (self->width), &error))
    toast (self, error->message);
}

static void
csl_page_label_dispose (GObject *object)
{
  CslPageLabel *self = CSL_PAGE_LABEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_PAGE_LABEL);
  g_clear_pointer (&self->label, csl_label_unref);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (csl_page_label_parent_class)->dispose (object);
}

static void
csl_page_label_class_init (CslPageLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CslWizardPageClass *page_class = CSL_WIZARD_PAGE_CLASS (klass);

  object_class->dispose = csl_page_label_dispose;
  page_class->load = csl_page_label_load;

  g_type_ensure (CSL_TYPE_LABEL_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-page-label.ui");
  gtk_widget_class_bind_template_child (widget_class, CslPageLabel, preview);
  gtk_widget_class_bind_template_child (widget_class, CslPageLabel, problem);
  gtk_widget_class_bind_template_child (widget_class, CslPageLabel, width);
  gtk_widget_class_bind_template_child (widget_class, CslPageLabel, monochrome);
  gtk_widget_class_bind_template_callback (widget_class, on_monochrome_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_width_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_export_pdf);
  gtk_widget_class_bind_template_callback (widget_class, on_export_svg);
  gtk_widget_class_bind_template_callback (widget_class, on_export_png);
  gtk_widget_class_bind_template_callback (widget_class, on_print);
}

static void
csl_page_label_init (CslPageLabel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  csl_wizard_page_set_title (CSL_WIZARD_PAGE (self), _("Label"));
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "label-monochrome", self->monochrome, "active", G_SETTINGS_BIND_DEFAULT);
}

CslPageLabel *
csl_page_label_new (void)
{
  return g_object_new (CSL_TYPE_PAGE_LABEL, NULL);
}
