#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "csl-gui-util.h"
#include "csl-import-window.h"
#include "workspace/csl-workspace.h"

struct _CslImportWindow
{
  AdwWindow        parent_instance;

  CslWorkspace    *workspace;
  GFile           *file;
  CslImportReport *report;
  char            *status;
  GCancellable    *cancellable;
  gboolean         busy;
  gboolean         disposed;

  GtkWidget       *cancel_button;
  GtkWidget       *import_button;
  AdwComboRow     *kind_row;
  AdwActionRow    *file_row;
  GtkWidget       *choose_button;
  GtkWidget       *progress_box;
  GtkProgressBar  *progress;
  GtkLabel        *progress_label;
  GtkLabel        *status_label;
  GtkWidget       *problems_box;
  GtkStringList   *problems_model;
  GtkWidget       *rows_box;
  GtkStringList   *rows_model;
};

G_DEFINE_FINAL_TYPE (CslImportWindow, csl_import_window, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the "changed" signal calls each kind, for the views to reload. */
static const char *const entities[CSL_N_IMPORT_KINDS] = { "manufacturer", "lab", "product", "filing" };

/* ---- the tables: a list item is the index of a row or problem in the report ------------- */

enum { ROW_LINE, ROW_ACTION, ROW_KEY, PROBLEM_LINE, PROBLEM_COLUMN, PROBLEM_MESSAGE };

static char *
cell_text (CslImportWindow *self,
           guint            index,
           int              column)
{
  const CslImportReport *r = self->report;

  if (r == NULL)
    return g_strdup ("");
  if (column <= ROW_KEY)
    {
      const CslImportRow *row;
      g_autofree char *id = NULL;

      if (index >= r->rows->len)
        return g_strdup ("");
      row = r->rows->pdata[index];
      id = g_strdup_printf ("#%" G_GINT64_FORMAT, row->id);
      switch (column)
        {
        case ROW_LINE:
          return g_strdup_printf ("%u", row->line);
        case ROW_ACTION:
          switch (row->action)
            {
            case CSL_IMPORT_NEW:
              return g_strdup (_("New"));
            case CSL_IMPORT_UPDATE:
              /* TRANSLATORS: the row updates the record with this id (“#12”). */
              return g_strdup_printf (_("Update of %s"), id);
            case CSL_IMPORT_UNCHANGED:
              /* TRANSLATORS: the record with this id (“#12”) already says the same. */
              return g_strdup_printf (_("Unchanged (%s)"), id);
            case CSL_IMPORT_INVALID:
            default:
              return g_strdup (_("Has a problem"));
            }
        default:
          return g_strdup (row->key ? row->key : "—");
        }
    }
  else
    {
      const CslImportProblem *p;

      if (index >= r->problems->len)
        return g_strdup ("");
      p = r->problems->pdata[index];
      switch (column)
        {
        case PROBLEM_LINE:
          return g_strdup_printf ("%u", p->line);
        case PROBLEM_COLUMN:
          return g_strdup (p->column ? p->column : "—");
        default:
          return g_strdup (p->message);
        }
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (column == PROBLEM_MESSAGE)
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == ROW_LINE || column == PROBLEM_LINE)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           CslImportWindow          *self)
{
  GtkStringObject *index = gtk_list_item_get_item (item);
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  g_autofree char *text = cell_text (self, (guint) strtoul (gtk_string_object_get_string (index), NULL, 10), column);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static GtkWidget *
new_table (CslImportWindow *self,
           GtkStringList   *model,
           const char      *accessible_name,
           int              first_column,
           const char      *const *titles)
{
  GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (model)));
  GtkWidget *view = gtk_column_view_new (GTK_SELECTION_MODEL (selection));
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  for (int i = 0; i < 3; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) col = NULL;

      g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (first_column + i));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell), self, 0);
      col = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_column_set_expand (col, i == 2);
      gtk_column_view_column_set_resizable (col, TRUE);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), col);
    }
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  return scrolled;
}

/* Every row and problem of the report as an index into it: the column views read only what
 * they show, so a 100 000-row preview costs one short string per row. */
static void
fill_model (GtkStringList *model,
            guint          n)
{
  guint old = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (strings, g_strdup_printf ("%u", i));
  g_ptr_array_add (strings, NULL);
  gtk_string_list_splice (model, 0, old, (const char *const *) strings->pdata);
}

/* ---- state ---------------------------------------------------------------------------------- */

static void
set_status (CslImportWindow *self,
            const char      *text,
            gboolean         is_error)
{
  g_free (self->status);
  self->status = g_strdup (text);
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
update_sensitivity (CslImportWindow *self)
{
  const CslImportReport *r = self->report;
  gboolean clean = r != NULL && !r->written && r->n_problems == 0 && r->n_new + r->n_updated > 0;

  gtk_widget_set_sensitive (self->import_button, !self->busy && clean);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), !self->busy);
  gtk_widget_set_sensitive (self->choose_button, !self->busy);
  gtk_widget_set_visible (self->progress_box, self->busy);
}

static void
show_report (CslImportWindow *self,
             CslImportReport *report)
{
  g_autofree char *name = self->file ? g_file_get_basename (self->file) : NULL;
  g_autofree char *counts = NULL;
  g_autofree char *text = NULL;

  g_clear_pointer (&self->report, csl_import_report_free);
  self->report = report;
  fill_model (self->rows_model, report ? report->rows->len : 0);
  fill_model (self->problems_model, report ? report->problems->len : 0);
  gtk_widget_set_visible (self->rows_box, report != NULL && report->rows->len > 0);
  gtk_widget_set_visible (self->problems_box, report != NULL && report->problems->len > 0);
  if (report == NULL)
    return;

  /* TRANSLATORS: the file, its encoding, then how many rows become or became what. */
  counts = g_strdup_printf (_("%s (%s): %u new, %u updated, %u unchanged."), name,
                            csl_csv_encoding_name (report->encoding), report->n_new, report->n_updated,
                            report->n_unchanged);
  if (report->n_problems > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s %u problem: fix the file and choose it again.",
                                         "%s %u problems: fix the file and choose it again.", report->n_problems),
                            counts, report->n_problems);
  else if (report->written)
    text = g_strdup_printf (_("%s Imported."), counts);
  else if (report->n_new + report->n_updated == 0)
    text = g_strdup_printf (_("%s Nothing to import: the workspace already says the same."), counts);
  else
    text = g_strdup_printf (_("%s Nothing has been written yet."), counts);
  set_status (self, text, report->n_problems > 0);
}

/* ---- the run, off the main thread ----------------------------------------------------------- */

typedef struct
{
  char          *workspace_path;
  CslImportKind  kind;
  char          *path;
  gboolean       dry_run;
  GWeakRef       window;
} Job;

static void
job_free (Job *job)
{
  g_free (job->workspace_path);
  g_free (job->path);
  g_weak_ref_clear (&job->window);
  g_free (job);
}

typedef struct
{
  GWeakRef window;
  double   fraction;
} Progress;

static gboolean
show_progress (gpointer data)
{
  Progress *p = data;
  g_autoptr(CslImportWindow) self = g_weak_ref_get (&p->window);

  if (self != NULL && !self->disposed && self->busy)
    gtk_progress_bar_set_fraction (self->progress, p->fraction);
  g_weak_ref_clear (&p->window);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Job *job = user_data;
  g_autoptr(GObject) window = g_weak_ref_get (&job->window);
  Progress *p;

  if (window == NULL)
    return;
  p = g_new0 (Progress, 1);
  g_weak_ref_init (&p->window, window);
  p->fraction = total > 0 ? MIN (1.0, (double) done / (double) total) : 0.0;
  g_idle_add (show_progress, p);
}

/* On a database connection of its own: SQLite connections are not shared between threads. */
static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(CslWorkspace) ws = NULL;
  CslImportReport *report;
  GError *error = NULL;

  if ((ws = csl_workspace_open (job->workspace_path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  csl_workspace_set_interface (ws, "gui");
  report = csl_import_file (ws, job->kind, job->path, job->dry_run ? CSL_IMPORT_DRY_RUN : CSL_IMPORT_FLAGS_NONE,
                            on_progress, job, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) csl_import_report_free);
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CslImportWindow *self = CSL_IMPORT_WINDOW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  CslImportReport *report = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean written;

  if (self->disposed)
    {
      g_clear_pointer (&report, csl_import_report_free);
      return;
    }
  self->busy = FALSE;
  if (report == NULL)
    {
      show_report (self, NULL);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, job->dry_run ? _("Reading the file was cancelled.")
                                       : _("The import was cancelled; nothing was written."), FALSE);
      else
        set_status (self, error->message, TRUE);
      update_sensitivity (self);
      return;
    }
  written = report->written;
  show_report (self, report);
  update_sensitivity (self);
  if (written)
    {
      /* The worker wrote through its own connection: tell this one's views. */
      csl_workspace_emit_changed (self->workspace, entities[job->kind]);
      g_signal_emit (self, signals[IMPORTED], 0, report->n_new, report->n_updated);
    }
}

static void
start (CslImportWindow *self,
       gboolean         dry_run)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->file == NULL || self->busy)
    return;
  job = g_new0 (Job, 1);
  job->workspace_path = g_strdup (csl_workspace_get_path (self->workspace));
  job->kind = (CslImportKind) adw_combo_row_get_selected (self->kind_row);
  job->path = g_file_get_path (self->file);
  job->dry_run = dry_run;
  g_weak_ref_init (&job->window, self);
  if (job->path == NULL)
    {
      job_free (job);
      set_status (self, _("The file is not on this computer: copy it to a local folder first."), TRUE);
      return;
    }

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = TRUE;
  if (dry_run)
    show_report (self, NULL);
  set_status (self, NULL, FALSE);
  gtk_progress_bar_set_fraction (self->progress, 0.0);
  gtk_label_set_text (self->progress_label, dry_run ? _("Checking every row…") : _("Importing…"));
  update_sensitivity (self);
  task = g_task_new (self, self->cancellable, import_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, import_thread);
}

void
csl_import_window_set_file (CslImportWindow *self,
                            CslImportKind    kind,
                            GFile           *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (CSL_IS_IMPORT_WINDOW (self));
  g_return_if_fail (kind < CSL_N_IMPORT_KINDS);
  if (self->busy)
    return;
  g_set_object (&self->file, file);
  /* Setting the kind previews too (notify::selected); start() below then finds it busy. */
  adw_combo_row_set_selected (self->kind_row, kind);
  name = file ? g_file_get_basename (file) : NULL;
  adw_action_row_set_subtitle (self->file_row, name ? name : _("No file chosen"));
  start (self, TRUE);
}

gboolean
csl_import_window_is_busy (CslImportWindow *self)
{
  g_return_val_if_fail (CSL_IS_IMPORT_WINDOW (self), FALSE);
  return self->busy;
}

const CslImportReport *
csl_import_window_get_report (CslImportWindow *self)
{
  g_return_val_if_fail (CSL_IS_IMPORT_WINDOW (self), NULL);
  return self->report;
}

const char *
csl_import_window_get_status (CslImportWindow *self)
{
  g_return_val_if_fail (CSL_IS_IMPORT_WINDOW (self), NULL);
  return self->status;
}

GtkWidget *
csl_import_window_get_import_button (CslImportWindow *self)
{
  g_return_val_if_fail (CSL_IS_IMPORT_WINDOW (self), NULL);
  return self->import_button;
}

/* ---- signals -------------------------------------------------------------------------------- */

static void
on_kind_changed (CslImportWindow *self)
{
  start (self, TRUE);
}

static void
on_file_chosen (GFile    *file,
                gpointer  user_data)
{
  g_autoptr(CslImportWindow) self = user_data;

  if (file != NULL && !self->disposed)
    csl_import_window_set_file (self, (CslImportKind) adw_combo_row_get_selected (self->kind_row), file);
}

static void
on_choose (CslImportWindow *self)
{
  csl_choose_file_to_open (GTK_WIDGET (self), _("Choose a Spreadsheet Saved as CSV"), _("CSV files"), "text/csv",
                           on_file_chosen, g_object_ref (self));
}

static void
on_import (CslImportWindow *self)
{
  start (self, FALSE);
}

static void
on_cancel (CslImportWindow *self)
{
  if (self->busy)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
on_close_request (CslImportWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  return FALSE;
}

/* ---- the widget ----------------------------------------------------------------------------- */

static void
csl_import_window_dispose (GObject *object)
{
  CslImportWindow *self = CSL_IMPORT_WINDOW (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_clear_object (&self->file);
  g_clear_object (&self->rows_model);
  g_clear_object (&self->problems_model);
  g_clear_pointer (&self->report, csl_import_report_free);
  G_OBJECT_CLASS (csl_import_window_parent_class)->dispose (object);
}

static void
csl_import_window_finalize (GObject *object)
{
  CslImportWindow *self = CSL_IMPORT_WINDOW (object);

  g_free (self->status);
  G_OBJECT_CLASS (csl_import_window_parent_class)->finalize (object);
}

static void
csl_import_window_class_init (CslImportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = csl_import_window_dispose;
  object_class->finalize = csl_import_window_finalize;
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
csl_import_window_init (CslImportWindow *self)
{
  static const char *const row_titles[] = { N_("Line"), N_("Becomes"), N_("Matched On") };
  static const char *const problem_titles[] = { N_("Line"), N_("Column"), N_("Problem") };
  const char *rows_t[3], *problems_t[3];
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *stop;

  for (int i = 0; i < 3; i++)
    {
      rows_t[i] = _(row_titles[i]);
      problems_t[i] = _(problem_titles[i]);
    }
  gtk_window_set_title (GTK_WINDOW (self), _("Import"));
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 680);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);

  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (on_cancel), self);
  self->import_button = gtk_button_new_with_mnemonic (_("_Import"));
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  gtk_widget_set_tooltip_text (self->import_button, _("Write every row, in one transaction"));
  g_signal_connect_swapped (self->import_button, "clicked", G_CALLBACK (on_import), self);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->cancel_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->import_button);
  gtk_box_append (GTK_BOX (outer), header);

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_widget_set_vexpand (clamp, TRUE);
  gtk_box_append (GTK_BOX (outer), clamp);

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("A spreadsheet saved as CSV, in UTF-8 or GB18030 (GBK), with the columns of "
                                           "“csl-filer-cli import template”. Every row is checked before anything "
                                           "is written."));
  gtk_string_list_append (kinds, _("Manufacturers"));
  gtk_string_list_append (kinds, _("Labs"));
  gtk_string_list_append (kinds, _("Products"));
  gtk_string_list_append (kinds, _("Draft Filings"));
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("The File Holds"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_kind_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->kind_row));

  self->file_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), _("File"));
  adw_action_row_set_subtitle (self->file_row, _("No file chosen"));
  self->choose_button = gtk_button_new_with_mnemonic (_("C_hoose…"));
  gtk_widget_set_valign (self->choose_button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->choose_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose the file to import"), -1);
  g_signal_connect_swapped (self->choose_button, "clicked", G_CALLBACK (on_choose), self);
  adw_action_row_add_suffix (self->file_row, self->choose_button);
  adw_action_row_set_activatable_widget (self->file_row, self->choose_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->file_row));
  gtk_box_append (GTK_BOX (box), group);

  self->progress_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  {
    GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

    self->progress_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->progress_label, 0.0);
    self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Progress of the import"), -1);
    gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->progress_label));
    gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->progress));
    gtk_widget_set_hexpand (column, TRUE);
    gtk_widget_set_valign (column, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (self->progress_box), column);
  }
  stop = gtk_button_new_with_mnemonic (_("_Stop"));
  gtk_widget_set_tooltip_text (stop, _("Stop; nothing is written"));
  g_signal_connect_swapped (stop, "clicked", G_CALLBACK (on_cancel), self);
  gtk_box_append (GTK_BOX (self->progress_box), stop);
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_box_append (GTK_BOX (box), self->progress_box);

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0.0);
  gtk_label_set_selectable (self->status_label, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));

  self->problems_model = gtk_string_list_new (NULL);
  self->problems_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (self->problems_box), heading (_("Problems")));
  gtk_box_append (GTK_BOX (self->problems_box),
                  new_table (self, self->problems_model, _("Problems"), PROBLEM_LINE, problems_t));
  gtk_widget_set_visible (self->problems_box, FALSE);
  gtk_widget_set_vexpand (self->problems_box, TRUE);
  gtk_box_append (GTK_BOX (box), self->problems_box);

  self->rows_model = gtk_string_list_new (NULL);
  self->rows_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (self->rows_box), heading (_("Rows")));
  gtk_box_append (GTK_BOX (self->rows_box), new_table (self, self->rows_model, _("Rows"), ROW_LINE, rows_t));
  gtk_widget_set_visible (self->rows_box, FALSE);
  gtk_widget_set_vexpand (self->rows_box, TRUE);
  gtk_box_append (GTK_BOX (box), self->rows_box);

  adw_window_set_content (ADW_WINDOW (self), outer);
  update_sensitivity (self);
}

CslImportWindow *
csl_import_window_new (GtkWindow    *parent,
                       CslWorkspace *workspace)
{
  CslImportWindow *self = g_object_new (CSL_TYPE_IMPORT_WINDOW, "transient-for", parent, NULL);

  self->workspace = g_object_ref (workspace);
  return self;
}
