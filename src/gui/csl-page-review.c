#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "workspace/csl-workspace.h"
#include "records/csl-audit.h"
#include "records/csl-audit-text.h"
#include "bundle/csl-bundle.h"
#include "csl-form.h"
#include "csl-gui-util.h"
#include "bundle/csl-identity.h"
#include "records/csl-lab.h"
#include "lifecycle/csl-lifecycle.h"
#include "records/csl-manufacturer.h"
#include "csl-page-review.h"
#include "base/csl-password.h"
#include "csl-product-editor.h"
#include "lifecycle/csl-refiling.h"
#include "records/csl-requirements.h"
#include "csl-settings.h"
#include "documents/csl-store.h"
#include "csl-verify-view.h"

struct _CslPageReview
{
  CslWizardPage  parent_instance;

  GFile         *identity;      /* .p12/.pfx, or a PEM key */
  GFile         *cert;          /* with a PEM key */
  GFile         *destination;
  GFile         *signer_cert;   /* the signer's certificate, kept to verify with */
  char          *bundle_path;
  GCancellable  *cancellable;
  gboolean       blocked;       /* the requirements check finds errors */

  GtkListBox    *summary;
  GtkListBox    *findings;
  AdwActionRow  *identity_row;
  GtkWidget     *cert_row;
  GtkWidget     *password;
  AdwActionRow  *destination_row;
  GtkLabel      *message;
  GtkWidget     *progress_box;
  GtkProgressBar *progress;
  GtkWidget     *package_button;
  GtkWidget     *done_group;
  AdwActionRow  *bundle_row;
  AdwActionRow  *stamp_row;
  GtkImage      *stamp_icon;
  GtkWidget     *submitted_on;
  GtkListBox    *history;
  GtkWidget     *after_group;
  GtkWidget     *signature_group;
  GtkWidget     *package_box;
  AdwActionRow  *refile_row;
  GtkWidget     *refile_button;
};

G_DEFINE_FINAL_TYPE (CslPageReview, csl_page_review, CSL_TYPE_WIZARD_PAGE)

enum {
  PACKAGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (CslPageReview *self,
       const char    *text)
{
  csl_wizard_page_show_toast (CSL_WIZARD_PAGE (self), adw_toast_new (text));
}

static gboolean
is_pkcs12 (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, ".p12") || g_str_has_suffix (lower, ".pfx");
}

static void
show_message (CslPageReview *self,
              const char    *text,
              gboolean       is_error)
{
  gtk_label_set_text (self->message, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->message), "error");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
}

static gboolean
can_package (CslPageReview *self)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  CslFilingStatus status = state ? csl_filing_get_status (state->filing) : CSL_STATUS_DRAFT;

  return status == CSL_STATUS_DRAFT || status == CSL_STATUS_READY || status == CSL_STATUS_PACKAGED;
}

static void
update (CslPageReview *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password));
  gboolean pkcs12 = self->identity != NULL && is_pkcs12 (self->identity);
  const char *blocker = NULL;

  gtk_widget_set_visible (self->cert_row, self->identity != NULL && !pkcs12);
  /* Once submitted, the bundle is what was submitted: packaging is over for this filing. */
  gtk_widget_set_visible (self->signature_group, can_package (self));
  gtk_widget_set_visible (self->package_box, can_package (self));
  if (!can_package (self))
    blocker = NULL;
  else if (self->blocked)
    blocker = _("The filing cannot be packaged until the errors above are resolved.");
  else if (self->identity == NULL)
    blocker = _("Choose a signing identity, or create one.");
  else if (!pkcs12 && self->cert == NULL)
    blocker = _("Choose the certificate that goes with the key.");
  else if (pkcs12 && *password == '\0')
    blocker = _("Type the identity’s password.");
  else if (self->destination == NULL)
    blocker = _("Choose where to save the bundle.");
  csl_wizard_page_set_blocker (CSL_WIZARD_PAGE (self), blocker);
  gtk_widget_set_sensitive (self->package_button, blocker == NULL && !gtk_widget_get_visible (self->progress_box));
}

static void
add_summary_row (CslPageReview *self,
                 const char    *title,
                 const char    *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value && *value ? value : "—");
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_append (self->summary, row);
}

static void
fill_summary (CslPageReview  *self,
              CslWizardState *state)
{
  g_autoptr(CslManufacturer) m = csl_manufacturer_get (state->workspace, state->product->manufacturer_id, NULL);
  g_autoptr(CslLab) lab = state->filing->lab_id > 0 ? csl_lab_get (state->workspace, state->filing->lab_id, NULL) : NULL;
  g_autoptr(GPtrArray) attachments = csl_store_list (state->workspace, state->filing->id, NULL);
  /* The Chinese grade name is what the label prints; in a Chinese UI it is the name already. */
  g_autofree char *grade = g_str_equal (csl_grade_name (state->filing->grade), csl_grade_name_zh (state->filing->grade))
    ? g_strdup_printf ("%s %s", csl_grade_stars (state->filing->grade), csl_grade_name (state->filing->grade))
    : g_strdup_printf ("%s %s · %s", csl_grade_stars (state->filing->grade),
                       csl_grade_name (state->filing->grade), csl_grade_name_zh (state->filing->grade));
  g_autofree char *report = g_strdup_printf ("%s · %s", state->filing->report_number ? state->filing->report_number : "—",
                                             state->filing->report_date ? state->filing->report_date : "—");
  g_autofree char *standards = state->filing->standards ? g_strjoinv ("; ", state->filing->standards) : NULL;
  g_autofree char *materials = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u document attached",
                                                             "%u documents attached", attachments ? attachments->len : 0),
                                                attachments ? attachments->len : 0);
  g_autofree char *product = g_strdup_printf ("%s%s%s", state->product->model, state->product->name ? " · " : "",
                                              state->product->name ? state->product->name : "");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary))) != NULL)
    gtk_list_box_remove (self->summary, child);
  add_summary_row (self, _("Manufacturer"), m ? csl_manufacturer_display_name (m) : NULL);
  add_summary_row (self, _("Product"), product);
  add_summary_row (self, _("Grade"), grade);
  add_summary_row (self, _("Testing lab"), lab ? lab->name : NULL);
  add_summary_row (self, _("Test report"), report);
  add_summary_row (self, _("Basis standards"), standards);
  add_summary_row (self, _("Filing materials"), materials);
  add_summary_row (self, _("Status"), csl_filing_status_label (csl_filing_get_status (state->filing)));
}

static void
fill_findings (CslPageReview  *self,
               CslWizardState *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = csl_requirements_check (state->workspace, state->filing->id, state->today, NULL, &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->findings))) != NULL)
    gtk_list_box_remove (self->findings, child);
  self->blocked = findings == NULL || csl_findings_have_errors (findings);
  if (findings == NULL)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      gtk_list_box_append (self->findings, row);
      return;
    }
  for (guint i = 0; i < findings->len; i++)
    {
      gtk_list_box_append (self->findings, csl_finding_row_new (findings->pdata[i]));
    }
  if (findings->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing is missing: the filing can be packaged"));
      gtk_widget_add_css_class (icon, "success");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->findings, row);
    }
}

/* The audit trail in the words of csl-audit-text, newest first; hashes wait behind an expander
 * and the wizard's navigation is left out. */
static void
fill_history (CslPageReview  *self,
              CslWizardState *state)
{
  g_autoptr(GPtrArray) entries = state->filing->id > 0
    ? csl_audit_list_for_filing (state->workspace, state->filing->id, NULL) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history))) != NULL)
    gtk_list_box_remove (self->history, child);
  for (guint i = entries ? entries->len : 0; i-- > 0;)
    {
      CslAuditEntry *e = entries->pdata[i];
      g_autofree char *title = NULL;
      g_autofree char *byline = NULL;
      g_autofree char *detail = NULL;
      GtkWidget *row;

      if (csl_audit_entry_is_navigation (e))
        continue;
      title = csl_audit_entry_describe (e);
      byline = csl_audit_entry_byline (e);
      detail = csl_audit_entry_detail (e);
      if (detail != NULL)
        {
          GtkWidget *hash = adw_action_row_new ();

          row = adw_expander_row_new ();
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), byline);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (hash), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (hash), detail);
          adw_action_row_set_title_lines (ADW_ACTION_ROW (hash), 3);
          gtk_widget_add_css_class (hash, "monospace");
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), hash);
        }
      else
        {
          row = adw_action_row_new ();
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), byline);
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_list_box_append (self->history, row);
    }
}

/* Once filed, a product can change (Art. 10) and the filing can be re-filed. */
static void
update_after_filing (CslPageReview  *self,
                     CslWizardState *state)
{
  CslFilingStatus status = csl_filing_get_status (state->filing);
  gint64 successor = csl_refiling_get_successor (state->workspace, state->filing->id, NULL);
  gboolean filed = status == CSL_STATUS_FILED || status == CSL_STATUS_REFILING_DUE ||
                   status == CSL_STATUS_EXPIRED || status == CSL_STATUS_REVOKED;

  gtk_widget_set_visible (self->after_group, filed);
  gtk_widget_set_sensitive (self->refile_button, filed && successor == 0);
  if (successor > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Already re-filed as filing %" PRId64), successor);
      adw_action_row_set_subtitle (self->refile_row, text);
    }
  else if (status == CSL_STATUS_REFILING_DUE && state->filing->refiling_reason != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Due because: %s"), state->filing->refiling_reason);
      adw_action_row_set_subtitle (self->refile_row, text);
    }
}

static void
reload_filing (CslPageReview  *self,
               CslWizardState *state)
{
  g_autoptr(CslFiling) f = csl_filing_get (state->workspace, state->filing->id, NULL);
  g_autoptr(CslProduct) p = csl_product_get (state->workspace, state->product->id, NULL);

  if (f != NULL)
    {
      csl_filing_free (state->filing);
      state->filing = g_steal_pointer (&f);
    }
  if (p != NULL)
    {
      csl_product_free (state->product);
      state->product = g_steal_pointer (&p);
    }
  fill_summary (self, state);
  fill_history (self, state);
  update_after_filing (self, state);
}

static void
on_product_saved (CslPageReview *self,
                  guint          n_due)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  g_autofree char *text = n_due > 0
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Product saved; %u filing is now due for re-filing",
                                    "Product saved; %u filings are now due for re-filing", n_due), n_due)
    : g_strdup (_("Product saved"));

  reload_filing (self, state);
  toast (self, text);
}

CslProductEditor *
csl_page_review_edit_product (CslPageReview *self)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  CslProductEditor *editor = csl_product_editor_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                     state->workspace, state->product);

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_product_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

static void
on_edit_product (CslPageReview *self)
{
  csl_page_review_edit_product (self);
}

gint64
csl_page_review_refile (CslPageReview  *self,
                        GError        **error)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  GtkWindow *wizard = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWindow *parent = wizard ? gtk_window_get_transient_for (wizard) : NULL;
  gint64 id = csl_refiling_refile (state->workspace, state->filing->id, NULL, error);

  if (id <= 0)
    return 0;
  reload_filing (self, state);
  /* The new draft opens in an assistant of its own, at its first step: the main window does
   * that, as it does for a filing activated in its list. */
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.open-filing", "x", id);
  return id;
}

static void
on_refile (CslPageReview *self)
{
  g_autoptr(GError) error = NULL;

  if (csl_page_review_refile (self, &error) == 0)
    toast (self, error->message);
}

static void
set_file_row (AdwActionRow *row,
              GFile        *file,
              const char   *none)
{
  g_autofree char *name = file ? g_file_get_parse_name (file) : NULL;

  adw_action_row_set_subtitle (row, name ? name : none);
}

static void
csl_page_review_load (CslWizardPage  *page,
                      CslWizardState *state)
{
  CslPageReview *self = CSL_PAGE_REVIEW (page);

  if (self->destination == NULL)
    {
      const char *docs = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
      g_autofree char *fallback = g_build_filename (g_get_home_dir (), "Documents", NULL);

      /* The Documents folder, also without xdg-user-dirs; the home folder only when it is absent. */
      if (docs == NULL && g_file_test (fallback, G_FILE_TEST_IS_DIR))
        docs = fallback;
      self->destination = g_file_new_for_path (docs ? docs : g_get_home_dir ());
    }
  set_file_row (self->destination_row, self->destination, _("None"));
  set_file_row (self->identity_row, self->identity, _("None chosen"));
  fill_summary (self, state);
  fill_findings (self, state);
  fill_history (self, state);
  update_after_filing (self, state);
  update (self);
}

void
csl_page_review_set_identity (CslPageReview *self,
                              GFile         *p12_or_key,
                              GFile         *cert_pem)
{
  g_set_object (&self->identity, p12_or_key);
  g_set_object (&self->cert, cert_pem);
  set_file_row (self->identity_row, self->identity, _("None chosen"));
  set_file_row (ADW_ACTION_ROW (self->cert_row), self->cert, _("None chosen"));
  update (self);
}

void
csl_page_review_set_password (CslPageReview *self,
                              const char    *password)
{
  gtk_editable_set_text (GTK_EDITABLE (self->password), password);
  update (self);
}

void
csl_page_review_set_destination (CslPageReview *self,
                                 GFile         *folder)
{
  g_set_object (&self->destination, folder);
  set_file_row (self->destination_row, folder, _("None"));
  update (self);
}

/* ---- choosing and creating identities -------------------------------------------------- */

static void
identity_chosen (GFile    *file,
                 gpointer  user_data)
{
  CslPageReview *self = user_data;

  if (file != NULL)
    csl_page_review_set_identity (self, file, NULL);
  g_object_unref (self);
}

static void
on_choose_identity (CslPageReview *self)
{
  csl_choose_file_to_open (GTK_WIDGET (self), _("Choose a Signing Identity (PKCS#12 or PEM Key)"), NULL, NULL,
                           identity_chosen, g_object_ref (self));
}

static void
cert_chosen (GFile    *file,
             gpointer  user_data)
{
  CslPageReview *self = user_data;

  if (file != NULL)
    csl_page_review_set_identity (self, self->identity, file);
  g_object_unref (self);
}

static void
on_choose_cert (CslPageReview *self)
{
  csl_choose_file_to_open (GTK_WIDGET (self), _("Choose the Certificate"), NULL, NULL,
                           cert_chosen, g_object_ref (self));
}

static void
destination_chosen (GFile    *file,
                    gpointer  user_data)
{
  CslPageReview *self = user_data;

  if (file != NULL)
    csl_page_review_set_destination (self, file);
  g_object_unref (self);
}

static void
on_choose_destination (CslPageReview *self)
{
  csl_choose_folder (GTK_WIDGET (self), _("Choose Where to Save the Bundle"), destination_chosen, g_object_ref (self));
}

static void
create_identity_at (GFile    *file,
                    gpointer  user_data)
{
  CslPageReview *self = user_data;
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  g_autoptr(CslManufacturer) m = NULL;
  g_autoptr(CslIdentity) identity = NULL;
  g_autoptr(CslPassword) password = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autofree char *lower = NULL;
  g_autofree char *base = NULL;
  g_autofree char *cert_path = NULL;

  if (path == NULL)
    goto out;
  m = csl_manufacturer_get (state->workspace, state->product->manufacturer_id, &error);
  password = csl_password_new (gtk_editable_get_text (GTK_EDITABLE (self->password)));
  if (m != NULL)
    identity = csl_identity_generate (m->name_en ? m->name_en : csl_manufacturer_display_name (m), CSL_KEY_EC, 3 * 365,
                                      &error);
  /* The certificate goes next to the key: it is what reviewers pin when they verify. */
  lower = g_ascii_strdown (path, -1);
  base = g_str_has_suffix (lower, ".p12") ? g_strndup (path, strlen (path) - 4) : g_strdup (path);
  cert_path = g_strconcat (base, ".pem", NULL);
  if (identity == NULL ||
      !csl_identity_save_pkcs12 (identity, path, password, &error) ||
      !csl_identity_save_cert (identity, cert_path, &error))
    {
      show_message (self, error->message, TRUE);
      goto out;
    }
  csl_page_review_set_identity (self, file, NULL);
  toast (self, _("Signing identity created; its certificate was saved next to it for reviewers"));
out:
  g_object_unref (self);
}

static void
on_create_identity (CslPageReview *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->password)) == '\0')
    {
      show_message (self, _("Type a password for the new identity first; it protects the private key."), TRUE);
      gtk_widget_grab_focus (self->password);
      return;
    }
  csl_choose_file_to_save (GTK_WIDGET (self), _("Save the New Signing Identity"), "signing-identity.p12",
                           create_identity_at, g_object_ref (self));
}

/* ---- packaging ------------------------------------------------------------------------- */

typedef struct
{
  char        *workspace_path;
  gint64       filing_id;
  char        *out_dir;
  char        *qr_template;
  char        *today;
  CslIdentity *identity;
  char        *tsa_url;       /* Preferences: the time-stamping authority, NULL for none */
  gboolean     tsa_required;
  GError      *tsa_warning;   /* set by the worker: signed without the timestamp asked for */
  GWeakRef     page;
} PackageJob;

static void
package_job_free (PackageJob *job)
{
  g_free (job->workspace_path);
  g_free (job->out_dir);
  g_free (job->qr_template);
  g_free (job->today);
  g_free (job->tsa_url);
  g_clear_error (&job->tsa_warning);
  g_clear_pointer (&job->identity, csl_identity_free);
  g_weak_ref_clear (&job->page);
  g_free (job);
}

typedef struct
{
  GWeakRef page;
  double   fraction;
} Progress;

static gboolean
show_progress (gpointer data)
{
  Progress *p = data;
  g_autoptr(CslPageReview) self = g_weak_ref_get (&p->page);

  if (self != NULL)
    gtk_progress_bar_set_fraction (self->progress, p->fraction);
  g_weak_ref_clear (&p->page);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  PackageJob *job = user_data;
  Progress *p = g_new0 (Progress, 1);
  g_autoptr(GObject) page = g_weak_ref_get (&job->page);

  if (page == NULL)
    {
      g_free (p);
      return;
    }
  g_weak_ref_init (&p->page, page);
  p->fraction = total > 0 ? (double) done / (double) total : 0.0;
  g_idle_add (show_progress, p);
}

/* Packaging streams every document and signs: in a worker thread, on a database connection
 * of its own (SQLite connections must not be shared between threads). */
static void
package_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  PackageJob *job = data;
  g_autoptr(CslWorkspace) ws = NULL;
  CslBundleProviders providers;
  CslBundleOptions options = { 0 };
  GError *error = NULL;
  char *path = NULL;

  ws = csl_workspace_open (job->workspace_path, &error);
  if (ws == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  csl_workspace_set_interface (ws, "gui");
  csl_bundle_providers_init (&providers, job->qr_template);
  options.identity = job->identity;
  options.providers = &providers;
  options.today = job->today;
  options.progress = on_progress;
  options.progress_data = job;
  options.cancellable = cancellable;
  options.tsa_url = job->tsa_url;
  options.tsa_required = job->tsa_required;
  options.tsa_warning = &job->tsa_warning;
  if (!csl_bundle_create (ws, job->filing_id, job->out_dir, &options, &path, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

/* Next to the bundle, as prominent as it: whether the trusted timestamp asked for is in it,
 * and why not when it is not (the bundle is valid, but proves less once its certificate
 * expires). No row when Preferences name no authority. */
static void
show_stamp (CslPageReview *self,
            PackageJob    *job)
{
  GtkWidget *icon = GTK_WIDGET (self->stamp_icon);

  gtk_widget_set_visible (GTK_WIDGET (self->stamp_row), job->tsa_url != NULL);
  if (job->tsa_url == NULL)
    return;
  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_remove_css_class (icon, "warning");
  if (job->tsa_warning != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->stamp_row), _("Signed Without a Timestamp"));
      adw_action_row_set_subtitle (self->stamp_row, job->tsa_warning->message);
      gtk_image_set_from_icon_name (self->stamp_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "warning");
    }
  else
    {
      /* TRANSLATORS: the time-stamping authority's address. */
      g_autofree char *by = g_strdup_printf (_("Trusted time from %s"), job->tsa_url);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->stamp_row), _("Timestamped"));
      adw_action_row_set_subtitle (self->stamp_row, by);
      gtk_image_set_from_icon_name (self->stamp_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (icon, "success");
    }
}

static void
package_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CslPageReview *self = CSL_PAGE_REVIEW (source);
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);

  /* The wizard closed while packaging (dispose cancelled it): nothing is left to update. */
  if (self->progress_box == NULL)
    return;
  gtk_widget_set_visible (self->progress_box, FALSE);
  if (path == NULL)
    {
      show_message (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                          ? _("Packaging was cancelled; nothing was written.") : error->message,
                    !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
      update (self);
      g_signal_emit (self, signals[PACKAGED], 0, NULL, error->message);
      return;
    }

  g_free (self->bundle_path);
  self->bundle_path = g_strdup (path);
  adw_action_row_set_subtitle (self->bundle_row, path);
  show_message (self, NULL, FALSE);
  gtk_widget_set_visible (self->done_group, TRUE);
  {
    g_autofree char *today = g_strdup (state->today);
    gtk_editable_set_text (GTK_EDITABLE (self->submitted_on), today);
  }
  /* The worker wrote through its own connection: refresh the draft and every view. */
  {
    g_autoptr(CslFiling) f = csl_filing_get (state->workspace, state->filing->id, NULL);

    if (f != NULL)
      {
        csl_filing_free (state->filing);
        state->filing = g_steal_pointer (&f);
      }
  }
  csl_workspace_emit_changed (state->workspace, "filing");
  fill_summary (self, state);
  fill_history (self, state);
  update (self);
  {
    PackageJob *job = g_task_get_task_data (G_TASK (result));

    show_stamp (self, job);
    if (job->tsa_warning == NULL)
      toast (self, job->tsa_url != NULL ? _("Bundle packaged, signed and timestamped")
                                        : _("Bundle packaged and signed"));
  }
  g_signal_emit (self, signals[PACKAGED], 0, path, NULL);
}

gboolean
csl_page_review_package (CslPageReview *self)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  g_autoptr(CslPassword) password = csl_password_new (gtk_editable_get_text (GTK_EDITABLE (self->password)));
  g_autoptr(CslIdentity) identity = NULL;
  g_autoptr(GSettings) settings = csl_settings_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *identity_path = NULL;
  g_autofree char *cert_path = NULL;
  PackageJob *job;

  g_return_val_if_fail (CSL_IS_PAGE_REVIEW (self), FALSE);
  if (csl_wizard_page_get_blocker (CSL_WIZARD_PAGE (self)) != NULL)
    return FALSE;

  identity_path = g_file_get_path (self->identity);
  if (is_pkcs12 (self->identity))
    identity = csl_identity_load_pkcs12 (identity_path, password, &error);
  else
    {
      cert_path = g_file_get_path (self->cert);
      identity = csl_identity_load_pem (identity_path, cert_path, NULL, *password ? password : NULL, &error);
    }
  if (identity == NULL)
    {
      show_message (self, error->message, TRUE);
      return FALSE;
    }

  /* Keep the signer's certificate to verify the bundle with once it is written. */
  {
    g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "csl-filer", NULL);
    g_autofree char *fingerprint = csl_identity_dup_fingerprint (identity);
    g_autofree char *name = NULL;
    g_autofree char *pem = NULL;

    g_strdelimit (fingerprint, ":", '-');
    name = g_strdup_printf ("signer-%s.pem", fingerprint);
    pem = g_build_filename (dir, name, NULL);
    g_mkdir_with_parents (dir, 0700);
    if (csl_identity_save_cert (identity, pem, NULL))
      {
        g_clear_object (&self->signer_cert);
        self->signer_cert = g_file_new_for_path (pem);
      }
  }

  job = g_new0 (PackageJob, 1);
  job->workspace_path = g_strdup (csl_workspace_get_path (state->workspace));
  job->filing_id = state->filing->id;
  job->out_dir = g_file_get_path (self->destination);
  job->qr_template = settings ? g_settings_get_string (settings, "qr-url-template") : NULL;
  job->tsa_url = csl_settings_dup_tsa_url (settings, &job->tsa_required);
  job->today = g_strdup (state->today);
  job->identity = g_steal_pointer (&identity);
  g_weak_ref_init (&job->page, self);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_message (self, NULL, FALSE);
  gtk_progress_bar_set_fraction (self->progress, 0.0);
  gtk_widget_set_visible (self->progress_box, TRUE);
  gtk_widget_set_sensitive (self->package_button, FALSE);
  task = g_task_new (self, self->cancellable, package_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) package_job_free);
  g_task_run_in_thread (task, package_thread);
  return TRUE;
}

static void
on_package_clicked (CslPageReview *self)
{
  csl_page_review_package (self);
}

void
csl_page_review_cancel (CslPageReview *self)
{
  g_cancellable_cancel (self->cancellable);
}

const char *
csl_page_review_get_bundle_path (CslPageReview *self)
{
  return self->bundle_path;
}

/* The history's sentences, one a line, newest first. */
char *
csl_page_review_dup_history_text (CslPageReview *self)
{
  GString *text = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->history)); row; row = gtk_widget_get_next_sibling (row))
    g_string_append_printf (text, "%s\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return g_string_free (text, FALSE);
}

guint
csl_page_review_get_n_history (CslPageReview *self)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->history)); row; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

/* ---- after packaging ------------------------------------------------------------------- */

static void
on_open_folder (CslPageReview *self)
{
  g_autoptr(GFile) file = self->bundle_path ? g_file_new_for_path (self->bundle_path) : NULL;
  g_autoptr(GFile) folder = file ? g_file_get_parent (file) : NULL;

  if (folder != NULL)
    csl_open_uri_for_file (GTK_WIDGET (self), folder);
}

static void
on_verify (CslPageReview *self)
{
  GtkWindow *wizard = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWindow *main_window = wizard ? gtk_window_get_transient_for (wizard) : NULL;
  g_autofree char *cert = self->signer_cert ? g_file_get_path (self->signer_cert) : NULL;

  if (self->bundle_path == NULL || main_window == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.verify-bundle", "(ss)", self->bundle_path,
                              cert ? cert : "");
}

gboolean
csl_page_review_record_submission (CslPageReview  *self,
                                   const char     *date,
                                   GError        **error)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  g_autoptr(CslFiling) f = NULL;

  if (!csl_lifecycle_mark_submitted (state->workspace, state->filing->id, date, error))
    return FALSE;
  f = csl_filing_get (state->workspace, state->filing->id, NULL);
  if (f != NULL)
    {
      csl_filing_free (state->filing);
      state->filing = g_steal_pointer (&f);
    }
  fill_summary (self, state);
  fill_history (self, state);
  return TRUE;
}

static void
on_record_submission (CslPageReview *self)
{
  g_autofree char *date = csl_form_dup_text (self->submitted_on);
  g_autoptr(GError) error = NULL;

  if (csl_page_review_record_submission (self, date ? date : "", &error))
    toast (self, _("Submission recorded"));
  else
    toast (self, error->message);
}

static void
csl_page_review_dispose (GObject *object)
{
  CslPageReview *self = CSL_PAGE_REVIEW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_PAGE_REVIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->identity);
  g_clear_object (&self->cert);
  g_clear_object (&self->destination);
  g_clear_object (&self->signer_cert);
  g_clear_pointer (&self->bundle_path, g_free);
  G_OBJECT_CLASS (csl_page_review_parent_class)->dispose (object);
}

static void
csl_page_review_class_init (CslPageReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CslWizardPageClass *page_class = CSL_WIZARD_PAGE_CLASS (klass);

  object_class->dispose = csl_page_review_dispose;
  page_class->load = csl_page_review_load;

  signals[PACKAGED] = g_signal_new ("packaged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-page-review.ui");
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, summary);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, findings);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, identity_row);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, cert_row);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, password);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, destination_row);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, message);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, progress);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, package_button);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, done_group);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, bundle_row);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, stamp_row);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, stamp_icon);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, submitted_on);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, history);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, after_group);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, signature_group);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, package_box);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, refile_row);
  gtk_widget_class_bind_template_child (widget_class, CslPageReview, refile_button);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_product);
  gtk_widget_class_bind_template_callback (widget_class, on_refile);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_identity);
  gtk_widget_class_bind_template_callback (widget_class, on_create_identity);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_cert);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_destination);
  gtk_widget_class_bind_template_callback (widget_class, on_package_clicked);
  gtk_widget_class_bind_template_callback (widget_class, csl_page_review_cancel);
  gtk_widget_class_bind_template_callback (widget_class, on_open_folder);
  gtk_widget_class_bind_template_callback (widget_class, on_verify);
  gtk_widget_class_bind_template_callback (widget_class, on_record_submission);
}

static void
csl_page_review_init (CslPageReview *self)
{
  csl_gui_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));
  csl_form_add_calendar (self->submitted_on);
  csl_wizard_page_set_title (CSL_WIZARD_PAGE (self), _("Review and Package"));
}

CslPageReview *
csl_page_review_new (void)
{
  return g_object_new (CSL_TYPE_PAGE_REVIEW, NULL);
}
