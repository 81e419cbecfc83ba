#include "config.h"

#include <glib/gi18n.h>

#include "csl-label-print.h"
#include "documents/csl-label-load.h"
#include "label/csl-qr.h"

CslLabel *
csl_label_load_for_app (CslWorkspace  *workspace,
                        gint64         filing_id,
                        GError       **error)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *url_template = g_settings_get_string (settings, "qr-url-template");

  CslLabel *label;

  if (!csl_qr_template_validate (url_template, _("The “Filing information address” setting"), error) ||
      (label = csl_label_load (workspace, filing_id, url_template, error)) == NULL)
    return NULL;
  /* Printing, exports and sheets alike follow the label step's Monochrome switch. */
  csl_label_set_monochrome (label, g_settings_get_boolean (settings, "label-monochrome"));
  return label;
}

typedef struct
{
  CslLabel *label;
  double    width_mm;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  csl_label_unref (job->label);
  g_free (job);
}

static void
begin_print (GtkPrintOperation *op,
             GtkPrintContext   *context,
             PrintJob          *job)
{
  gtk_print_operation_set_n_pages (op, 1);
}

static void
draw_page (GtkPrintOperation *op,
           GtkPrintContext   *context,
           int                page_nr,
           PrintJob          *job)
{
  g_autoptr(GError) error = NULL;

  /* The operation's unit is the point, which is what csl_label_draw() expects. */
  if (!csl_label_draw (gtk_print_context_get_cairo_context (context), csl_label_get_template (job->label),
                       csl_label_get_content (job->label), job->width_mm, csl_label_get_draw_flags (job->label),
                       &error))
    g_warning ("The label passed its checks before printing but not while printing: %s", error->message);
}

GtkPrintOperation *
csl_label_print_operation_new (CslLabel *label,
                               double    width_mm)
{
  const CslLabelTemplate *t = csl_label_get_template (label);
  const CslLabelContent *c = csl_label_get_content (label);
  GtkPrintOperation *op = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autofree char *paper_name = NULL, *job_name = NULL;
  GtkPaperSize *paper;
  PrintJob *job = g_new0 (PrintJob, 1);
  double height_mm;

  if (width_mm <= 0)
    width_mm = csl_label_template_get_width_mm (t);
  height_mm = csl_label_template_height_for_width (t, width_mm);
  job->label = csl_label_ref (label);
  job->width_mm = width_mm;

  paper_name = g_strdup_printf (_("Label %g × %g mm"), width_mm, height_mm);
  paper = gtk_paper_size_new_custom ("csl-label", paper_name, width_mm, height_mm, GTK_UNIT_MM);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_paper_size_free (paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_MM);
  gtk_print_operation_set_default_page_setup (op, setup);

  /* Never "fit to page": a label printed at any other size is a different label. */
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (op, FALSE);
  gtk_print_operation_set_n_pages (op, 1);
  job_name = g_strdup_printf (_("China Cybersecurity Label — %s"), c->model ? c->model : "");
  gtk_print_operation_set_job_name (op, job_name);

  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print), job);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page), job);
  g_object_set_data_full (G_OBJECT (op), "csl-label-print-job", job, (GDestroyNotify) print_job_free);
  return op;
}

gboolean
csl_label_print (GtkWindow  *parent,
                 CslLabel   *label,
                 double      width_mm,
                 GError    **error)
{
  g_autoptr(GtkPrintOperation) op = NULL;

  if (width_mm <= 0)
    width_mm = csl_label_template_get_width_mm (csl_label_get_template (label));
  if (!csl_label_check (csl_label_get_template (label), csl_label_get_content (label), width_mm, error))
    return FALSE;
  op = csl_label_print_operation_new (label, width_mm);
  return gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error) !=
         GTK_PRINT_OPERATION_RESULT_ERROR;
}
