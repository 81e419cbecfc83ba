#include "config.h"

#include <glib/gi18n.h>

#include "base/csl-date.h"
#include "base/csl-error.h"
#include "base/csl-password.h"
#include "bundle/csl-bundle.h"
#include "bundle/csl-identity.h"
#include "documents/csl-label-load.h"
#include "label/csl-label-export.h"
#include "lifecycle/csl-lifecycle.h"
#include "lifecycle/csl-refiling.h"
#include "records/csl-requirements.h"

#include "csl-bulk-window.h"
#include "csl-gui-util.h"
#include "csl-settings.h"

typedef enum
{
  STATE_WAITING,
  STATE_RUNNING,
  STATE_DONE,
  STATE_FAILED,
  STATE_SKIPPED,
} RowState;

typedef struct
{
  AdwActionRow   *row;
  GtkImage       *icon;
  GtkSpinner     *spinner;
  GtkProgressBar *progress;
  RowState        state;
  char           *outcome;
} Row;

struct _CslBulkWindow
{
  AdwWindow       parent_instance;

  CslWorkspace   *workspace;
  CslBulkKind     kind;
  GArray         *ids;
  GArray         *rows;       /* of Row */
  GFile          *identity;
  GFile          *cert;
  GFile          *destination;
  GCancellable   *stop;       /* checked between filings, never inside one */
  char           *summary;
  gboolean        busy;
  gboolean        finished;
  gboolean        disposed;
  guint           n_succeeded, n_failed;

  GtkWidget      *cancel_button;
  GtkWidget      *start_button;
  GtkWidget      *setup_group;
  AdwActionRow   *identity_row;
  AdwActionRow   *cert_row;
  GtkWidget      *password_row;
  AdwActionRow   *destination_row;
  GtkWidget      *date_row;
  GtkLabel       *message;
};

G_DEFINE_FINAL_TYPE (CslBulkWindow, csl_bulk_window, ADW_TYPE_WINDOW)

/* ---- rows ------------------------------------------------------------------------------------ */

static void
row_clear (Row *row)
{
  g_free (row->outcome);
}

static void
set_row_state (CslBulkWindow *self,
               guint          index,
               RowState       state,
               const char    *outcome)
{
  Row *row = &g_array_index (self->rows, Row, index);
  const char *icon = NULL, *said = NULL;

  row->state = state;
  g_free (row->outcome);
  row->outcome = g_strdup (outcome ? outcome : "");
  switch (state)
    {
    case STATE_WAITING:
      said = _("Waiting");
      break;
    case STATE_RUNNING:
      said = _("Working…");
      break;
    case STATE_DONE:
      icon = "emblem-ok-symbolic";
      said = _("Done");
      break;
    case STATE_FAILED:
      icon = "dialog-error-symbolic";
      said = _("Failed");
      break;
    case STATE_SKIPPED:
    default:
      icon = "action-unavailable-symbolic";
      said = _("Skipped");
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (row->spinner), state == STATE_RUNNING);
  gtk_spinner_set_spinning (row->spinner, state == STATE_RUNNING);
  gtk_widget_set_visible (GTK_WIDGET (row->icon), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (row->icon, icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, said, -1);
  gtk_widget_set_visible (GTK_WIDGET (row->progress), state == STATE_RUNNING && self->kind == CSL_BULK_PACKAGE);
  if (state == STATE_RUNNING)
    gtk_progress_bar_set_fraction (row->progress, 0.0);
  adw_action_row_set_subtitle (row->row, *row->outcome ? row->outcome : said);
  if (state == STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (row->icon), "error");
  else if (state == STATE_DONE)
    gtk_widget_add_css_class (GTK_WIDGET (row->icon), "success");
}

static void
show_message (CslBulkWindow *self,
              const char    *text,
              gboolean       is_error)
{
  gtk_label_set_text (self->message, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message), "error");
}

/* ---- the work, one filing at a time in a worker thread --------------------------------------- */

typedef struct
{
  char          *workspace_path;
  CslBulkKind    kind;
  GArray        *ids;
  CslIdentity   *identity;
  char          *out_dir;
  char          *date;
  char          *today;
  char          *qr_template;
  char          *tsa_url;       /* Preferences: the time-stamping authority, NULL for none */
  gboolean       tsa_required;
  GCancellable  *stop;
  GWeakRef       window;
  guint          current;
} Job;

static void
job_free (Job *job)
{
  g_free (job->workspace_path);
  g_array_unref (job->ids);
  g_clear_pointer (&job->identity, csl_identity_free);
  g_free (job->out_dir);
  g_free (job->date);
  g_free (job->today);
  g_free (job->qr_template);
  g_free (job->tsa_url);
  g_clear_object (&job->stop);
  g_weak_ref_clear (&job->window);
  g_free (job);
}

typedef struct
{
  GWeakRef  window;
  guint     index;
  RowState  state;
  char     *outcome;
  double    fraction;   /* >= 0: progress only */
} Update;

static gboolean
apply_update (gpointer data)
{
  Update *u = data;
  g_autoptr(CslBulkWindow) self = g_weak_ref_get (&u->window);

  if (self != NULL && !self->disposed && u->index < self->rows->len)
    {
      if (u->fraction >= 0)
        gtk_progress_bar_set_fraction (g_array_index (self->rows, Row, u->index).progress, u->fraction);
      else
        set_row_state (self, u->index, u->state, u->outcome);
    }
  g_weak_ref_clear (&u->window);
  g_free (u->outcome);
  g_free (u);
  return G_SOURCE_REMOVE;
}

static void
post (Job        *job,
      guint       index,
      RowState    state,
      const char *outcome,
      double      fraction)
{
  g_autoptr(GObject) window = g_weak_ref_get (&job->window);
  Update *u;

  if (window == NULL)
    return;
  u = g_new0 (Update, 1);
  g_weak_ref_init (&u->window, window);
  u->index = index;
  u->state = state;
  u->outcome = g_strdup (outcome);
  u->fraction = fraction;
  /* At the priority GTask returns with, so that every update runs before bulk_done(). */
  g_idle_add_full (G_PRIORITY_DEFAULT, apply_update, u, NULL);
}

static void
on_bundle_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  Job *job = user_data;

  post (job, job->current, STATE_RUNNING, NULL, total > 0 ? (double) done / (double) total : 0.0);
}

/* One filing: TRUE with what was done, or FALSE with error set. */
static gboolean
do_one (Job           *job,
        CslWorkspace  *ws,
        gint64         id,
        char         **outcome,
        GError       **error)
{
  switch (job->kind)
    {
    case CSL_BULK_CHECK:
      {
        g_autoptr(GPtrArray) findings = csl_requirements_check (ws, id, job->today, NULL, error);
        guint n_errors = 0;
        const CslFinding *first = NULL;

        if (findings == NULL)
          return FALSE;
        for (guint i = 0; i < findings->len; i++)
          {
            const CslFinding *f = findings->pdata[i];

            if (f->severity == CSL_SEVERITY_ERROR && n_errors++ == 0)
              first = f;
          }
        if (first != NULL)
          {
            /* TRANSLATORS: the article, what it still requires, then how many such findings. */
            g_set_error (error, CSL_ERROR, CSL_ERROR_INCOMPLETE,
                         g_dngettext (GETTEXT_PACKAGE, "%s: %s (%u thing missing)", "%s: %s (%u things missing)",
                                      n_errors), first->article, first->message, n_errors);
            return FALSE;
          }
        *outcome = g_strdup (findings->len > 0 ? _("Can be packaged, with warnings") : _("Can be packaged"));
        return TRUE;
      }
    case CSL_BULK_EXPORT_LABELS:
      {
        g_autoptr(CslLabel) label = csl_label_load (ws, id, job->qr_template, error);
        g_autofree char *name = g_strdup_printf ("label-%" G_GINT64_FORMAT ".pdf", id);
        g_autofree char *path = g_build_filename (job->out_dir, name, NULL);

        if (label == NULL || !csl_label_render_to_file (label, CSL_LABEL_FORMAT_PDF, 0, 0, path, error))
          return FALSE;
        *outcome = g_steal_pointer (&name);
        return TRUE;
      }
    case CSL_BULK_PACKAGE:
      {
        CslBundleProviders providers;
        CslBundleOptions options = { 0 };
        g_autoptr(GError) unstamped = NULL;
        g_autofree char *path = NULL;
        g_autofree char *name = NULL;

        csl_bundle_providers_init (&providers, job->qr_template);
        options.identity = job->identity;
        options.providers = &providers;
        options.today = job->today;
        options.progress = on_bundle_progress;
        options.progress_data = job;
        options.tsa_url = job->tsa_url;
        options.tsa_required = job->tsa_required;
        options.tsa_warning = &unstamped;
        if (!csl_bundle_create (ws, id, job->out_dir, &options, &path, NULL, error))
          return FALSE;
        name = g_path_get_basename (path);
        /* TRANSLATORS: the bundle's file name, then why the time-stamping authority gave no timestamp. */
        *outcome = unstamped != NULL ? g_strdup_printf (_("%s, signed without a timestamp: %s"), name, unstamped->message)
                                     : g_steal_pointer (&name);
        return TRUE;
      }
    case CSL_BULK_REFILE:
      {
        g_autoptr(GPtrArray) dropped = NULL;
        gint64 new_id = csl_refiling_refile (ws, id, &dropped, error);
        g_autofree char *number = NULL;

        if (new_id == 0)
          return FALSE;
        number = g_strdup_printf ("#%" G_GINT64_FORMAT, new_id);
        if (dropped != NULL && dropped->len > 0)
          /* TRANSLATORS: the new draft's id (“#12”), then how many materials were not carried over. */
          *outcome = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "New draft %s; %u material not carried over",
                                                   "New draft %s; %u materials not carried over", dropped->len),
                                      number, dropped->len);
        else
          *outcome = g_strdup_printf (_("New draft %s"), number);
        return TRUE;
      }
    case CSL_BULK_RECORD_SUBMISSION:
    default:
      if (!csl_lifecycle_mark_submitted (ws, id, job->date, error))
        return FALSE;
      *outcome = g_strdup_printf (_("Submitted on %s"), job->date);
      return TRUE;
    }
}

static void
bulk_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(CslWorkspace) ws = NULL;
  GError *error = NULL;

  if ((ws = csl_workspace_open (job->workspace_path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  csl_workspace_set_interface (ws, "gui");
  for (guint i = 0; i < job->ids->len; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *outcome = NULL;

      /* Stopping finishes the filing being worked on and skips the rest. The first always runs:
       * the user asked for it when nothing was running yet. */
      if (i > 0 && g_cancellable_is_cancelled (job->stop))
        {
          for (guint j = i; j < job->ids->len; j++)
            post (job, j, STATE_SKIPPED, _("Not done: stopped"), -1);
          break;
        }
      job->current = i;
      post (job, i, STATE_RUNNING, NULL, -1);
      if (do_one (job, ws, g_array_index (job->ids, gint64, i), &outcome, &local))
        post (job, i, STATE_DONE, outcome, -1);
      else
        post (job, i, STATE_FAILED, local->message, -1);
    }
  g_task_return_boolean (task, TRUE);
}

static const char *
entity (CslBulkKind kind)
{
  return kind == CSL_BULK_CHECK || kind == CSL_BULK_EXPORT_LABELS ? NULL : "filing";
}

static void
update_buttons (CslBulkWindow *self)
{
  gtk_widget_set_visible (self->start_button, !self->busy && !self->finished);
  gtk_button_set_use_underline (GTK_BUTTON (self->cancel_button), TRUE);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), self->finished ? _("_Close") : _("_Cancel"));
  gtk_widget_set_sensitive (self->setup_group, !self->busy && !self->finished);
}

static void
bulk_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CslBulkWindow *self = CSL_BULK_WINDOW (source);
  g_autoptr(GError) error = NULL;

  /* Rows were updated from idle callbacks queued before this one: they have all run. */
  if (self->disposed)
    return;
  self->busy = FALSE;
  self->finished = TRUE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_message (self, error->message, TRUE);
      update_buttons (self);
      return;
    }
  self->n_succeeded = self->n_failed = 0;
  for (guint i = 0; i < self->rows->len; i++)
    {
      RowState state = g_array_index (self->rows, Row, i).state;

      self->n_succeeded += state == STATE_DONE;
      self->n_failed += state == STATE_FAILED;
    }
  g_free (self->summary);
  /* TRANSLATORS: how many of how many filings succeeded, then how many failed. */
  self->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u filing done, %u failed.",
                                                "%u of %u filings done, %u failed.", self->rows->len),
                                   self->n_succeeded, self->rows->len, self->n_failed);
  show_message (self, self->summary, self->n_failed > 0);
  update_buttons (self);
  if (entity (self->kind) != NULL)
    /* The worker wrote through its own connection: tell this one's views. */
    csl_workspace_emit_changed (self->workspace, entity (self->kind));
}

static gboolean
is_pkcs12 (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, ".p12") || g_str_has_suffix (lower, ".pfx");
}

/* One password prompt for all: the identity is opened here, once, and shared by every filing. */
static CslIdentity *
load_identity (CslBulkWindow  *self,
               GError        **error)
{
  g_autoptr(CslPassword) password = csl_password_new (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  g_autofree char *path = NULL;
  g_autofree char *cert = NULL;

  if (self->identity == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("Choose a signing identity first."));
      return NULL;
    }
  path = g_file_get_path (self->identity);
  if (is_pkcs12 (self->identity))
    return csl_identity_load_pkcs12 (path, password, error);
  if (self->cert == NULL)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("Choose the certificate that goes with the key."));
      return NULL;
    }
  cert = g_file_get_path (self->cert);
  return csl_identity_load_pem (path, cert, NULL, *password ? password : NULL, error);
}

gboolean
csl_bulk_window_start (CslBulkWindow *self)
{
  g_autoptr(GSettings) settings = csl_settings_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_val_if_fail (CSL_IS_BULK_WINDOW (self), FALSE);
  if (self->busy || self->finished)
    return FALSE;

  job = g_new0 (Job, 1);
  job->kind = self->kind;
  job->ids = g_array_ref (self->ids);
  job->today = csl_date_today ();
  job->qr_template = settings ? g_settings_get_string (settings, "qr-url-template") : NULL;
  job->tsa_url = csl_settings_dup_tsa_url (settings, &job->tsa_required);
  if (self->kind == CSL_BULK_PACKAGE && (job->identity = load_identity (self, &error)) == NULL)
    goto refused;
  if (self->kind == CSL_BULK_PACKAGE || self->kind == CSL_BULK_EXPORT_LABELS)
    {
      if (self->destination == NULL || (job->out_dir = g_file_get_path (self->destination)) == NULL)
        {
          g_set_error (&error, CSL_ERROR, CSL_ERROR_INVALID, _("Choose a folder to save to first."));
          goto refused;
        }
    }
  if (self->kind == CSL_BULK_RECORD_SUBMISSION)
    {
      job->date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
      if (!csl_date_validate (job->date, _("Submission date"), &error))
        goto refused;
    }

  job->workspace_path = g_strdup (csl_workspace_get_path (self->workspace));
  job->stop = g_object_ref (self->stop);
  g_weak_ref_init (&job->window, self);
  self->busy = TRUE;
  show_message (self, NULL, FALSE);
  update_buttons (self);
  task = g_task_new (self, NULL, bulk_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, bulk_thread);
  return TRUE;

refused:
  show_message (self, error->message, TRUE);
  g_weak_ref_init (&job->window, NULL);
  job_free (job);
  return FALSE;
}

void
csl_bulk_window_stop (CslBulkWindow *self)
{
  g_return_if_fail (CSL_IS_BULK_WINDOW (self));
  g_cancellable_cancel (self->stop);
  if (self->busy)
    show_message (self, _("Stopping after the filing being worked on…"), FALSE);
}

/* ---- setters and getters ------------------------------------------------------------------ */

static void
set_file_subtitle (AdwActionRow *row,
                   GFile        *file,
                   const char   *none)
{
  g_autofree char *name = file ? g_file_get_basename (file) : NULL;

  adw_action_row_set_subtitle (row, name ? name : none);
}

void
csl_bulk_window_set_identity (CslBulkWindow *self,
                              GFile         *identity,
                              GFile         *cert)
{
  g_return_if_fail (CSL_IS_BULK_WINDOW (self));
  g_set_object (&self->identity, identity);
  g_set_object (&self->cert, cert);
  set_file_subtitle (self->identity_row, identity, _("None chosen"));
  set_file_subtitle (self->cert_row, cert, _("None chosen"));
  gtk_widget_set_visible (GTK_WIDGET (self->cert_row), identity != NULL && !is_pkcs12 (identity));
}

void
csl_bulk_window_set_password (CslBulkWindow *self,
                              const char    *password)
{
  g_return_if_fail (CSL_IS_BULK_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
}

void
csl_bulk_window_set_destination (CslBulkWindow *self,
                                 GFile         *folder)
{
  g_autofree char *path = NULL;

  g_return_if_fail (CSL_IS_BULK_WINDOW (self));
  g_set_object (&self->destination, folder);
  path = folder ? g_file_get_path (folder) : NULL;
  adw_action_row_set_subtitle (self->destination_row, path ? path : _("None chosen"));
}

gboolean
csl_bulk_window_is_busy (CslBulkWindow *self)
{
  g_return_val_if_fail (CSL_IS_BULK_WINDOW (self), FALSE);
  return self->busy;
}

guint
csl_bulk_window_get_n_succeeded (CslBulkWindow *self)
{
  g_return_val_if_fail (CSL_IS_BULK_WINDOW (self), 0);
  return self->n_succeeded;
}

guint
csl_bulk_window_get_n_failed (CslBulkWindow *self)
{
  g_return_val_if_fail (CSL_IS_BULK_WINDOW (self), 0);
  return self->n_failed;
}

const char *
csl_bulk_window_get_outcome (CslBulkWindow *self,
                             guint          index)
{
  g_return_val_if_fail (CSL_IS_BULK_WINDOW (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_array_index (self->rows, Row, index).outcome;
}

const char *
csl_bulk_window_get_summary (CslBulkWindow *self)
{
  g_return_val_if_fail (CSL_IS_BULK_WINDOW (self), NULL);
  return self->summary;
}

/* ---- signals -------------------------------------------------------------------------------- */

static void
on_identity_chosen (GFile    *file,
                    gpointer  user_data)
{
  g_autoptr(CslBulkWindow) self = user_data;

  if (file != NULL && !self->disposed)
    csl_bulk_window_set_identity (self, file, is_pkcs12 (file) ? NULL : self->cert);
}

static void
on_cert_chosen (GFile    *file,
                gpointer  user_data)
{
  g_autoptr(CslBulkWindow) self = user_data;

  if (file != NULL && !self->disposed)
    csl_bulk_window_set_identity (self, self->identity, file);
}

static void
on_destination_chosen (GFile    *file,
                       gpointer  user_data)
{
  g_autoptr(CslBulkWindow) self = user_data;

  if (file != NULL && !self->disposed)
    csl_bulk_window_set_destination (self, file);
}

static void
on_choose_identity (CslBulkWindow *self)
{
  csl_choose_file_to_open (GTK_WIDGET (self), _("Choose a Signing Identity"), _("PKCS#12 or PEM key"), NULL,
                           on_identity_chosen, g_object_ref (self));
}

static void
on_choose_cert (CslBulkWindow *self)
{
  csl_choose_file_to_open (GTK_WIDGET (self), _("Choose the Certificate"), _("PEM certificate"), NULL,
                           on_cert_chosen, g_object_ref (self));
}

static void
on_choose_destination (CslBulkWindow *self)
{
  csl_choose_folder (GTK_WIDGET (self), _("Choose a Folder"), on_destination_chosen, g_object_ref (self));
}

static void
on_start (CslBulkWindow *self)
{
  csl_bulk_window_start (self);
}

static void
on_cancel (CslBulkWindow *self)
{
  if (self->busy)
    csl_bulk_window_stop (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Closing while running stops after the current filing; the worker finishes on its own. */
static gboolean
on_close_request (CslBulkWindow *self)
{
  g_cancellable_cancel (self->stop);
  return FALSE;
}

/* ---- the widget ----------------------------------------------------------------------------- */

static void
csl_bulk_window_dispose (GObject *object)
{
  CslBulkWindow *self = CSL_BULK_WINDOW (object);

  self->disposed = TRUE;
  if (self->stop != NULL)
    g_cancellable_cancel (self->stop);
  g_clear_object (&self->stop);
  g_clear_object (&self->workspace);
  g_clear_object (&self->identity);
  g_clear_object (&self->cert);
  g_clear_object (&self->destination);
  G_OBJECT_CLASS (csl_bulk_window_parent_class)->dispose (object);
}

static void
csl_bulk_window_finalize (GObject *object)
{
  CslBulkWindow *self = CSL_BULK_WINDOW (object);

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  g_free (self->summary);
  G_OBJECT_CLASS (csl_bulk_window_parent_class)->finalize (object);
}

static void
csl_bulk_window_class_init (CslBulkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = csl_bulk_window_dispose;
  object_class->finalize = csl_bulk_window_finalize;
}

static void
csl_bulk_window_init (CslBulkWindow *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, (GDestroyNotify) row_clear);
  self->stop = g_cancellable_new ();
}

static AdwActionRow *
chooser_row (GtkWidget  *group,
             const char *title,
             const char *button_label,
             GCallback   callback,
             gpointer    self)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *button = gtk_button_new_with_mnemonic (_("C_hoose…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, _("None chosen"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
  g_signal_connect_swapped (button, "clicked", callback, self);
  adw_action_row_add_suffix (row, button);
  adw_action_row_set_activatable_widget (row, button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (row));
  return row;
}

static void
build (CslBulkWindow     *self,
       const char *const *titles)
{
  static const struct { const char *title, *start; } kinds[] = {
    /* Chec_k: _Cancel and _Close hold C. */
    [CSL_BULK_CHECK] = { N_("Check Filings"), N_("Chec_k") },
    [CSL_BULK_EXPORT_LABELS] = { N_("Export Labels"), N_("_Export") },
    [CSL_BULK_PACKAGE] = { N_("Package Filings"), N_("_Package") },
    [CSL_BULK_REFILE] = { N_("Re-file Filings"), N_("_Re-file") },
    [CSL_BULK_RECORD_SUBMISSION] = { N_("Record Submission"), N_("_Record") },
  };
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *list_group = adw_preferences_group_new ();

  gtk_window_set_title (GTK_WINDOW (self), _(kinds[self->kind].title));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 620);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);

  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (on_cancel), self);
  self->start_button = gtk_button_new_with_mnemonic (_(kinds[self->kind].start));
  gtk_widget_add_css_class (self->start_button, "suggested-action");
  g_signal_connect_swapped (self->start_button, "clicked", G_CALLBACK (on_start), self);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->cancel_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->start_button);
  gtk_box_append (GTK_BOX (outer), header);

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (outer), scrolled);

  self->setup_group = adw_preferences_group_new ();
  self->identity_row = chooser_row (self->setup_group, _("Signing Identity"), _("Choose the signing identity"),
                                    G_CALLBACK (on_choose_identity), self);
  self->cert_row = chooser_row (self->setup_group, _("Certificate"), _("Choose the certificate"),
                                G_CALLBACK (on_choose_cert), self);
  gtk_widget_set_visible (GTK_WIDGET (self->cert_row), FALSE);
  self->password_row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->setup_group), self->password_row);
  self->destination_row = chooser_row (self->setup_group, _("Save To"), _("Choose the folder to save to"),
                                       G_CALLBACK (on_choose_destination), self);
  self->date_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row), _("Submitted On (YYYY-MM-DD)"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->setup_group), self->date_row);
  {
    gboolean package = self->kind == CSL_BULK_PACKAGE;
    g_autofree char *today = csl_date_today ();

    gtk_widget_set_visible (GTK_WIDGET (self->identity_row), package);
    gtk_widget_set_visible (self->password_row, package);
    gtk_widget_set_visible (GTK_WIDGET (self->destination_row), package || self->kind == CSL_BULK_EXPORT_LABELS);
    gtk_widget_set_visible (self->date_row, self->kind == CSL_BULK_RECORD_SUBMISSION);
    gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
    if (package)
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->setup_group),
                                             _("Every filing is signed with this identity; its password is asked once."));
    gtk_widget_set_visible (self->setup_group, package || self->kind == CSL_BULK_EXPORT_LABELS ||
                                               self->kind == CSL_BULK_RECORD_SUBMISSION);
  }
  gtk_box_append (GTK_BOX (box), self->setup_group);

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (list_group), _("Filings"));
  for (guint i = 0; i < self->ids->len; i++)
    {
      Row row = { 0 };
      GtkWidget *suffix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      row.row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row.row), titles[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row.row), FALSE);
      adw_action_row_set_subtitle_lines (row.row, 3);
      row.icon = GTK_IMAGE (gtk_image_new ());
      row.spinner = GTK_SPINNER (gtk_spinner_new ());
      row.progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
      gtk_widget_set_valign (GTK_WIDGET (row.progress), GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (GTK_WIDGET (row.progress), 120, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row.progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Progress"), -1);
      gtk_box_append (GTK_BOX (suffix), GTK_WIDGET (row.progress));
      gtk_box_append (GTK_BOX (suffix), GTK_WIDGET (row.spinner));
      gtk_box_append (GTK_BOX (suffix), GTK_WIDGET (row.icon));
      adw_action_row_add_suffix (row.row, suffix);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (list_group), GTK_WIDGET (row.row));
      g_array_append_val (self->rows, row);
      set_row_state (self, i, STATE_WAITING, NULL);
    }
  gtk_box_append (GTK_BOX (box), list_group);

  adw_window_set_content (ADW_WINDOW (self), outer);
  update_buttons (self);
}

CslBulkWindow *
csl_bulk_window_new (GtkWindow         *parent,
                     CslWorkspace      *workspace,
                     CslBulkKind        kind,
                     GArray            *ids,
                     const char *const *titles)
{
  CslBulkWindow *self = g_object_new (CSL_TYPE_BULK_WINDOW, "transient-for", parent, NULL);

  self->workspace = g_object_ref (workspace);
  self->kind = kind;
  self->ids = g_array_ref (ids);
  build (self, titles);
  if (kind == CSL_BULK_CHECK)
    csl_bulk_window_start (self);
  return self;
}
