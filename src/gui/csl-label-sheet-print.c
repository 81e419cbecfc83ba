#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "base/csl-error.h"
#include "csl-label-print.h"
#include "csl-label-sheet-print.h"

typedef struct
{
  CslLabelSheet *sheet;
  GPtrArray     *labels;
  guint          skip;
} SheetJob;

static void
sheet_job_free (SheetJob *job)
{
  csl_label_sheet_free (job->sheet);
  g_ptr_array_unref (job->labels);
  g_free (job);
}

static void
draw_sheet_page (GtkPrintOperation *op,
                 GtkPrintContext   *context,
                 int                page_nr,
                 SheetJob          *job)
{
  guint per = csl_label_sheet_get_per_page (job->sheet);
  guint first = 0, skip = job->skip, n;
  g_autoptr(GError) error = NULL;

  /* Page 0 has skip cells used already; the others start on a fresh sheet. */
  if (page_nr > 0)
    {
      first = (per - job->skip) + (guint) (page_nr - 1) * per;
      skip = 0;
    }
  if (first >= job->labels->len)
    return;
  n = MIN (per - skip, job->labels->len - first);
  if (!csl_label_sheet_draw_page (job->sheet, gtk_print_context_get_cairo_context (context),
                                  (CslLabel *const *) job->labels->pdata + first, n, skip, &error))
    g_warning ("The label sheet passed its checks before printing but not while printing: %s", error->message);
}

static gboolean
near (double a,
      double b)
{
  return fabs (a - b) < 0.5;
}

GtkPrintOperation *
csl_label_sheet_print_operation_new (CslLabelSheet  *sheet,
                                     GPtrArray      *labels,
                                     guint           skip,
                                     GError        **error)
{
  g_autoptr(CslLabelSheet) owned = sheet;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  GtkPrintOperation *op;
  GtkPaperSize *paper;
  SheetJob *job;
  double w = csl_label_sheet_get_page_width_mm (sheet), h = csl_label_sheet_get_page_height_mm (sheet);

  if (labels->len == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("A label sheet needs at least one label"));
      return NULL;
    }
  if (!csl_label_sheet_check (sheet, (CslLabel *const *) labels->pdata, labels->len, error))
    return NULL;

  /* The printer's own name for A4 and Letter, so it takes the sheet from the right tray. */
  if (near (w, 210) && near (h, 297))
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else if (near (w, 215.9) && near (h, 279.4))
    paper = gtk_paper_size_new (GTK_PAPER_NAME_LETTER);
  else
    paper = gtk_paper_size_new_custom ("csl-label-sheet", csl_label_sheet_get_name (sheet), w, h, GTK_UNIT_MM);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_paper_size_free (paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);

  job = g_new0 (SheetJob, 1);
  job->skip = skip % csl_label_sheet_get_per_page (sheet);
  job->sheet = g_steal_pointer (&owned);
  job->labels = g_ptr_array_ref (labels);

  op = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (op, setup);
  /* Points from the paper's corner, never scaled: the cells are where the sheet has them. */
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_n_pages (op, (int) csl_label_sheet_n_pages (job->sheet, labels->len, job->skip));
  gtk_print_operation_set_job_name (op, csl_label_sheet_get_name (job->sheet));
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_sheet_page), job);
  g_object_set_data_full (G_OBJECT (op), "csl-label-sheet-job", job, (GDestroyNotify) sheet_job_free);
  return op;
}

/* ---- the window ---------------------------------------------------------------------------- */

struct _CslLabelSheetWindow
{
  AdwWindow      parent_instance;

  CslWorkspace  *workspace;
  GArray        *ids;
  GPtrArray     *sheets;
  AdwComboRow   *sheet_row;
  GtkSpinButton *copies;
  GtkSpinButton *skip;
  GtkSwitch     *monochrome;
  GSettings     *settings;
  GtkLabel      *message;
};

G_DEFINE_FINAL_TYPE (CslLabelSheetWindow, csl_label_sheet_window, ADW_TYPE_WINDOW)

GtkPrintOperation *
csl_label_sheet_window_make_operation (CslLabelSheetWindow  *self,
                                       GError              **error)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_label_unref);
  guint chosen = adw_combo_row_get_selected (self->sheet_row);
  int copies = gtk_spin_button_get_value_as_int (self->copies);
  const CslLabelSheet *sheet;
  CslLabelSheet *copy;

  if (chosen >= self->sheets->len)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("Choose a sticker sheet first."));
      return NULL;
    }
  sheet = self->sheets->pdata[chosen];
  for (guint i = 0; i < self->ids->len; i++)
    {
      CslLabel *label = csl_label_load_for_app (self->workspace, g_array_index (self->ids, gint64, i), error);

      if (label == NULL)
        return NULL;
      for (int c = 0; c < copies; c++)
        g_ptr_array_add (labels, c == 0 ? label : csl_label_ref (label));
    }
  /* The operation owns its sheet: find it again by name rather than share the list's. */
  if ((copy = csl_label_sheet_find (csl_label_sheet_get_name (sheet), error)) == NULL)
    return NULL;
  return csl_label_sheet_print_operation_new (copy, labels, (guint) gtk_spin_button_get_value_as_int (self->skip),
                                              error);
}

static void
on_print (CslLabelSheetWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) op = csl_label_sheet_window_make_operation (self, &error);

  if (op == NULL ||
      gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_label_set_text (self->message, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message), TRUE);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_sheet_changed (CslLabelSheetWindow *self)
{
  guint chosen = adw_combo_row_get_selected (self->sheet_row);

  if (chosen < self->sheets->len)
    gtk_spin_button_set_range (self->skip, 0, csl_label_sheet_get_per_page (self->sheets->pdata[chosen]) - 1);
}

static void
csl_label_sheet_window_dispose (GObject *object)
{
  CslLabelSheetWindow *self = CSL_LABEL_SHEET_WINDOW (object);

  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->sheets, g_ptr_array_unref);
  G_OBJECT_CLASS (csl_label_sheet_window_parent_class)->dispose (object);
}

static void
csl_label_sheet_window_class_init (CslLabelSheetWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = csl_label_sheet_window_dispose;
}

static void
csl_label_sheet_window_init (CslLabelSheetWindow *self)
{
}

static GtkSpinButton *
spin_row (GtkWidget  *group,
          const char *title,
          const char *subtitle,
          double      lower,
          double      upper)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return GTK_SPIN_BUTTON (spin);
}

CslLabelSheetWindow *
csl_label_sheet_window_new (GtkWindow    *parent,
                            CslWorkspace *workspace,
                            GArray       *ids)
{
  CslLabelSheetWindow *self = g_object_new (CSL_TYPE_LABEL_SHEET_WINDOW, "transient-for", parent, "modal", TRUE,
                                            "title", _("Print Labels"), "default-width", 520, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *print = gtk_button_new_with_mnemonic (_("_Print…"));
  g_autofree char *description = NULL;

  self->workspace = g_object_ref (workspace);
  self->ids = g_array_ref (ids);
  self->sheets = csl_label_sheet_list_builtin (&error);
  if (self->sheets == NULL)
    self->sheets = g_ptr_array_new ();
  for (guint i = 0; i < self->sheets->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s — %s", csl_label_sheet_get_name (self->sheets->pdata[i]),
                                               csl_label_sheet_get_description (self->sheets->pdata[i]));

      gtk_string_list_append (names, name);
    }

  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  gtk_widget_add_css_class (print, "suggested-action");
  g_signal_connect_swapped (print, "clicked", G_CALLBACK (on_print), self);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), print);
  gtk_box_append (GTK_BOX (outer), header);

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The label of %u filing at true size, with crop marks.",
                                              "The labels of %u filings at true size, with crop marks.", ids->len),
                                 ids->len);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  self->sheet_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sheet_row), _("Sticker Sheet"));
  adw_combo_row_set_model (self->sheet_row, G_LIST_MODEL (names));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->sheet_row));
  self->copies = spin_row (group, _("Copies of Each Label"), NULL, 1, 1000);
  self->skip = spin_row (group, _("Cells Already Used"), _("On the first sheet, counted across then down"), 0, 0);
  g_signal_connect_swapped (self->sheet_row, "notify::selected", G_CALLBACK (on_sheet_changed), self);
  on_sheet_changed (self);
  /* The label step's switch too: one setting, since it is the printer that has one colour. */
  {
    GtkWidget *row = adw_action_row_new ();

    self->monochrome = GTK_SWITCH (gtk_switch_new ());
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Monochrome"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Black only, no colours or tints, for single-colour printing"));
    gtk_widget_set_valign (GTK_WIDGET (self->monochrome), GTK_ALIGN_CENTER);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->monochrome), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Monochrome"), -1);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->monochrome));
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->monochrome));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    self->settings = g_settings_new (APP_ID);
    g_settings_bind (self->settings, "label-monochrome", self->monochrome, "active", G_SETTINGS_BIND_DEFAULT);
  }

  self->message = GTK_LABEL (gtk_label_new (error ? error->message : NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message), error != NULL);

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), group);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));
  gtk_box_append (GTK_BOX (outer), box);
  adw_window_set_content (ADW_WINDOW (self), outer);
  return self;
}
