#include "config.h"

#include <glib/gi18n.h>

#include "csl-gui-util.h"
#include "base/csl-model.h"
#include "csl-verify-view.h"

struct _CslVerifyView
{
  GtkWidget        parent_instance;

  GFile           *bundle;
  GFile           *ca;
  GFile           *signer;
  GFile           *tsa_ca;
  CslVerifyReport *report;
  GCancellable    *cancellable;

  GtkStack        *stack;
  GtkWidget       *verdict;
  GtkImage        *verdict_icon;
  GtkLabel        *verdict_title;
  GtkLabel        *verdict_description;
  AdwActionRow    *file_row;
  AdwActionRow    *filing_row;
  AdwActionRow    *signer_row;
  AdwActionRow    *format_row;
  AdwActionRow    *timestamp_row;
  GtkWidget       *failures_group;
  GtkListBox      *failures;
  GtkListBox      *entries;
  AdwActionRow    *ca_row;
  AdwActionRow    *signer_pin_row;
  AdwActionRow    *tsa_ca_row;
};

G_DEFINE_FINAL_TYPE (CslVerifyView, csl_verify_view, GTK_TYPE_WIDGET)

enum {
  VERIFIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static const char *
entry_status_text (CslEntryStatus status)
{
  switch (status)
    {
    case CSL_ENTRY_OK:           return _("As signed");
    case CSL_ENTRY_MISSING:      return _("Listed but missing");
    case CSL_ENTRY_WRONG_SIZE:   return _("Wrong size");
    case CSL_ENTRY_WRONG_SHA256: return _("Changed since signing");
    case CSL_ENTRY_UNLISTED:     return _("Not listed in the manifest");
    default:                     return "";
    }
}

static void
show_report (CslVerifyView *self)
{
  const CslVerifyReport *r = self->report;
  g_autofree char *file_text = g_file_get_parse_name (self->bundle);

  gtk_image_set_from_icon_name (self->verdict_icon, r->ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_label_set_text (self->verdict_title, r->ok ? _("Bundle Verified") : _("Bundle Not Verified"));
  gtk_label_set_text (self->verdict_description,
                      r->ok ? _("The signature is valid, the signer is trusted, and every file is as signed.")
                            : _("Do not submit or accept this bundle until the problems below are resolved."));
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), r->ok ? "success" : "error");

  adw_action_row_set_subtitle (self->file_row, file_text);
  if (r->manifest != NULL)
    {
      g_autofree char *filing = g_strdup_printf ("%s · %s · %s %s", r->manifest->manufacturer ? r->manifest->manufacturer : "",
                                                 r->manifest->uscc ? r->manifest->uscc : "",
                                                 r->manifest->model ? r->manifest->model : "",
                                                 csl_grade_stars (r->manifest->grade));
      adw_action_row_set_subtitle (self->filing_row, filing);
    }
  else
    adw_action_row_set_subtitle (self->filing_row, _("The manifest could not be read"));
  if (r->signer != NULL)
    {
      g_autofree char *signer = g_strdup_printf ("%s\n%s", r->signer->subject, r->signer->fingerprint);
      adw_action_row_set_subtitle (self->signer_row, signer);
    }
  else
    adw_action_row_set_subtitle (self->signer_row, _("No readable signature"));
  adw_action_row_set_subtitle (self->format_row, csl_bundle_format_label (r->format));
  if (r->signer != NULL && r->signer->timestamp != NULL)
    {
      g_autofree char *stamp = g_strdup_printf (r->signer->timestamp_trusted ? _("%s, by %s (trusted)")
                                                                            : _("%s, by %s — choose the time-stamping authority’s CA to check it"),
                                                r->signer->timestamp, r->signer->timestamp_tsa ? r->signer->timestamp_tsa : "?");
      adw_action_row_set_subtitle (self->timestamp_row, stamp);
    }
  else
    adw_action_row_set_subtitle (self->timestamp_row, _("None: the signature does not prove when it was made"));

  clear_list (self->failures);
  for (guint i = 0; r->failures && i < r->failures->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->failures->pdata[i]);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-error-symbolic"));
      gtk_list_box_append (self->failures, row);
    }
  gtk_widget_set_visible (self->failures_group, r->failures && r->failures->len > 0);

  clear_list (self->entries);
  for (guint i = 0; r->entries && i < r->entries->len; i++)
    {
      CslVerifiedEntry *e = r->entries->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (e->status == CSL_ENTRY_OK ? "emblem-ok-symbolic" : "dialog-error-symbolic");
      g_autofree char *size = g_format_size (e->size);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", entry_status_text (e->status), size);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->path);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (icon, e->status == CSL_ENTRY_OK ? "success" : "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      entry_status_text (e->status), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->entries, row);
    }
  gtk_stack_set_visible_child_name (self->stack, "report");
}

typedef struct
{
  char *bundle;
  char *ca;
  char *signer;
  char *tsa_ca;
} Job;

static void
job_free (Job *job)
{
  g_free (job->bundle);
  g_free (job->ca);
  g_free (job->signer);
  g_free (job->tsa_ca);
  g_free (job);
}

/* The check reads only the file: safe in a worker thread, and never blocks the window. */
static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(CslTrust) trust = NULL;
  g_autoptr(CslTrust) tsa_trust = NULL;
  CslVerifyOptions options = { 0 };
  GError *error = NULL;
  CslVerifyReport *report;

  if (job->ca != NULL)
    trust = csl_trust_new_ca (job->ca, &error);
  else if (job->signer != NULL)
    trust = csl_trust_new_pinned (job->signer, &error);
  if (error == NULL && job->tsa_ca != NULL)
    tsa_trust = csl_trust_new_ca (job->tsa_ca, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  options.trust = trust;
  options.tsa_trust = tsa_trust;
  options.cancellable = cancellable;
  report = csl_bundle_verify (job->bundle, &options, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) csl_verify_report_free);
}

static void
verify_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CslVerifyView *self = CSL_VERIFY_VIEW (source);
  g_autoptr(GError) error = NULL;
  CslVerifyReport *report = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->report, csl_verify_report_free);
  if (report == NULL)
    {
      /* A file that cannot be opened at all: say so in the same place as any other failure. */
      report = g_new0 (CslVerifyReport, 1);
      report->failures = g_ptr_array_new_with_free_func (g_free);
      report->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
      report->entries = g_ptr_array_new ();
      g_ptr_array_add (report->failures, g_strdup (error->message));
    }
  self->report = report;
  show_report (self);
  g_signal_emit (self, signals[VERIFIED], 0, report->ok);
}

void
csl_verify_view_verify_file (CslVerifyView *self,
                             GFile         *bundle)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (CSL_IS_VERIFY_VIEW (self));
  g_set_object (&self->bundle, bundle);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (Job, 1);
  job->bundle = g_file_get_path (bundle);
  job->ca = self->ca ? g_file_get_path (self->ca) : NULL;
  job->signer = self->signer ? g_file_get_path (self->signer) : NULL;
  job->tsa_ca = self->tsa_ca ? g_file_get_path (self->tsa_ca) : NULL;
  gtk_stack_set_visible_child_name (self->stack, "busy");
  task = g_task_new (self, self->cancellable, verify_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, verify_thread);
}

static void
set_trust_file (CslVerifyView  *self,
                GFile         **slot,
                GFile          *file,
                AdwActionRow   *row)
{
  g_autofree char *name = file ? g_file_get_basename (file) : NULL;

  g_set_object (slot, file);
  adw_action_row_set_subtitle (row, name ? name : _("None"));
}

void
csl_verify_view_set_ca (CslVerifyView *self,
                        GFile         *ca_pem)
{
  set_trust_file (self, &self->ca, ca_pem, self->ca_row);
  if (ca_pem != NULL)
    set_trust_file (self, &self->signer, NULL, self->signer_pin_row);
}

void
csl_verify_view_set_signer (CslVerifyView *self,
                            GFile         *signer_pem)
{
  set_trust_file (self, &self->signer, signer_pem, self->signer_pin_row);
  if (signer_pem != NULL)
    set_trust_file (self, &self->ca, NULL, self->ca_row);
}

const CslVerifyReport *
csl_verify_view_get_report (CslVerifyView *self)
{
  g_return_val_if_fail (CSL_IS_VERIFY_VIEW (self), NULL);
  return self->report;
}

static void
bundle_chosen (GFile    *file,
               gpointer  user_data)
{
  if (file != NULL)
    csl_verify_view_verify_file (user_data, file);
  g_object_unref (user_data);
}

static void
on_choose_bundle (CslVerifyView *self)
{
  csl_choose_file_to_open (GTK_WIDGET (self), _("Choose a Filing Bundle"), _("ZIP archives"), "application/zip",
                           bundle_chosen, g_object_ref (self));
}

static void
ca_chosen (GFile    *file,
           gpointer  user_data)
{
  CslVerifyView *self = user_data;

  if (file != NULL)
    {
      csl_verify_view_set_ca (self, file);
      if (self->bundle != NULL)
        csl_verify_view_verify_file (self, self->bundle);
    }
  g_object_unref (self);
}

static void
signer_chosen (GFile    *file,
               gpointer  user_data)
{
  CslVerifyView *self = user_data;

  if (file != NULL)
    {
      csl_verify_view_set_signer (self, file);
      if (self->bundle != NULL)
        csl_verify_view_verify_file (self, self->bundle);
    }
  g_object_unref (self);
}

void
csl_verify_view_set_tsa_ca (CslVerifyView *self,
                            GFile         *ca_pem)
{
  set_trust_file (self, &self->tsa_ca, ca_pem, self->tsa_ca_row);
}

static void
tsa_ca_chosen (GFile    *file,
               gpointer  user_data)
{
  CslVerifyView *self = user_data;

  if (file != NULL)
    {
      csl_verify_view_set_tsa_ca (self, file);
      if (self->bundle != NULL)
        csl_verify_view_verify_file (self, self->bundle);
    }
  g_object_unref (self);
}

static void
on_choose_tsa_ca (CslVerifyView *self)
{
  csl_choose_file_to_open (GTK_WIDGET (self), _("Choose the Time-Stamping Authority’s CA Certificate"), NULL, NULL,
                           tsa_ca_chosen, g_object_ref (self));
}

static void
on_choose_ca (CslVerifyView *self)
{
  csl_choose_file_to_open (GTK_WIDGET (self), _("Choose the Trusted CA Certificate"), NULL, NULL,
                           ca_chosen, g_object_ref (self));
}

static void
on_choose_signer (CslVerifyView *self)
{
  csl_choose_file_to_open (GTK_WIDGET (self), _("Choose the Expected Signer Certificate"), NULL, NULL,
                           signer_chosen, g_object_ref (self));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         CslVerifyView *self)
{
  g_autoptr(GFile) file = csl_dropped_file (value);

  if (file == NULL)
    return FALSE;
  csl_verify_view_verify_file (self, file);
  return TRUE;
}

static void
csl_verify_view_dispose (GObject *object)
{
  CslVerifyView *self = CSL_VERIFY_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_VERIFY_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->bundle);
  g_clear_object (&self->ca);
  g_clear_object (&self->signer);
  g_clear_object (&self->tsa_ca);
  g_clear_pointer (&self->report, csl_verify_report_free);
  G_OBJECT_CLASS (csl_verify_view_parent_class)->dispose (object);
}

static void
csl_verify_view_class_init (CslVerifyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_verify_view_dispose;
  signals[VERIFIED] = g_signal_new ("verified", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-verify-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, stack);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, verdict);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, verdict_title);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, verdict_description);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, file_row);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, filing_row);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, signer_row);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, failures_group);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, failures);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, entries);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, ca_row);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, signer_pin_row);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, tsa_ca_row);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, format_row);
  gtk_widget_class_bind_template_child (widget_class, CslVerifyView, timestamp_row);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_tsa_ca);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_bundle);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_ca);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_signer);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
csl_verify_view_init (CslVerifyView *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  set_trust_file (self, &self->ca, NULL, self->ca_row);
  set_trust_file (self, &self->signer, NULL, self->signer_pin_row);
  set_trust_file (self, &self->tsa_ca, NULL, self->tsa_ca_row);
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
