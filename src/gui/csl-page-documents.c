#include "config.h"

#include <glib/gi18n.h>

#include "base/csl-article.h"
#include "documents/csl-document.h"
#include "csl-gui-util.h"
#include "csl-material-row.h"
#include "csl-page-documents.h"
#include "documents/csl-pdf.h"
#include "records/csl-requirements.h"

#define THUMBNAIL_WIDTH 96

struct _CslPageDocuments
{
  CslWizardPage  parent_instance;

  GCancellable  *cancellable;
  GHashTable    *thumbnails;     /* sha256 → GdkTexture */
  GPtrArray     *rows;           /* CslMaterialRow, in list order */
  guint          n_pending;
  gboolean       missing;        /* some required document is not attached yet */
  AdwToast      *last_toast;   /* for tests: the Undo toast of the last removal */

  GtkListBox    *materials;
  GtkWidget     *consistency_group;
  GtkListBox    *consistency;
  GtkListBox    *generated;
};

G_DEFINE_FINAL_TYPE (CslPageDocuments, csl_page_documents, CSL_TYPE_WIZARD_PAGE)

enum {
  ATTACH_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (CslPageDocuments *self);

static guint64
size_limit (void)
{
  g_autoptr(GSettingsSchema) schema =
    g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  g_autoptr(GSettings) settings = schema ? g_settings_new (APP_ID) : NULL;

  return settings ? (guint64) g_settings_get_uint (settings, "attachment-size-limit-mib") * 1024 * 1024
                  : CSL_PDF_DEFAULT_MAX_SIZE;
}

static CslMaterialRow *
row_for_kind (CslPageDocuments *self,
              CslMaterialKind   kind)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (csl_material_row_get_kind (self->rows->pdata[i]) == kind)
      return self->rows->pdata[i];
  return NULL;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* ---- thumbnails, rendered off the main thread ------------------------------------------ */

typedef struct
{
  CslWorkspace  *ws;
  CslAttachment *attachment;
} ThumbJob;

static void
thumb_job_free (ThumbJob *job)
{
  g_clear_object (&job->ws);
  csl_attachment_free (job->attachment);
  g_free (job);
}

static void
thumb_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  ThumbJob *job = data;
  GError *error = NULL;
  cairo_surface_t *surface = csl_store_render_thumbnail (job->ws, job->attachment, THUMBNAIL_WIDTH, cancellable, &error);

  if (surface == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

static void
thumb_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CslPageDocuments *self = CSL_PAGE_DOCUMENTS (source);
  ThumbJob *job = g_task_get_task_data (G_TASK (result));
  cairo_surface_t *surface = g_task_propagate_pointer (G_TASK (result), NULL);
  CslMaterialRow *row;

  if (surface == NULL)
    return;
  g_hash_table_insert (self->thumbnails, g_strdup (job->attachment->sha256), csl_texture_from_surface (surface));
  cairo_surface_destroy (surface);
  row = row_for_kind (self, job->attachment->kind);
  if (row != NULL && csl_material_row_get_attachment_id (row) == job->attachment->id)
    csl_material_row_set_thumbnail (row, g_hash_table_lookup (self->thumbnails, job->attachment->sha256));
}

static void
request_thumbnail (CslPageDocuments    *self,
                   CslWorkspace        *ws,
                   const CslAttachment *a,
                   CslMaterialRow      *row)
{
  g_autoptr(GTask) task = NULL;
  ThumbJob *job;
  GdkTexture *cached = g_hash_table_lookup (self->thumbnails, a->sha256);

  if (cached != NULL)
    {
      csl_material_row_set_thumbnail (row, cached);
      return;
    }
  job = g_new0 (ThumbJob, 1);
  job->ws = g_object_ref (ws);
  job->attachment = g_new0 (CslAttachment, 1);
  job->attachment->id = a->id;
  job->attachment->kind = a->kind;
  job->attachment->sha256 = g_strdup (a->sha256);
  job->attachment->size = a->size;
  job->attachment->file_name = g_strdup (a->file_name);
  task = g_task_new (self, self->cancellable, thumb_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) thumb_job_free);
  g_task_run_in_thread (task, thumb_thread);
}

/* ---- attaching ------------------------------------------------------------------------- */

typedef struct
{
  CslWorkspace    *ws;
  CslMaterialKind  kind;
  char            *path;
  guint64          max_size;
} AttachJob;

static void
attach_job_free (AttachJob *job)
{
  g_clear_object (&job->ws);
  g_free (job->path);
  g_free (job);
}

/* The slow part, with no database: check, copy, hash, fsync. */
static void
attach_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  AttachJob *job = data;
  GError *error = NULL;
  CslStoreStaged *staged = csl_store_stage_full (job->ws, job->path, job->max_size, THUMBNAIL_WIDTH, cancellable,
                                                 &error);

  if (staged == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, staged, (GDestroyNotify) csl_store_staged_free);
}

static void
attach_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CslPageDocuments *self = CSL_PAGE_DOCUMENTS (source);
  AttachJob *job = g_task_get_task_data (G_TASK (result));
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  g_autoptr(GError) error = NULL;
  CslStoreStaged *staged = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(CslAttachment) attachment = NULL;
  CslMaterialRow *row = row_for_kind (self, job->kind);
  gint64 replaced = row ? csl_material_row_get_attachment_id (row) : 0;

  self->n_pending--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (staged != NULL)
    {
      const CslPdfInfo *info = csl_store_staged_get_info (staged);

      /* The thumbnail came with the check: the row shows it without a second pass of the file. */
      if (info->thumbnail != NULL)
        g_hash_table_insert (self->thumbnails, g_strdup (csl_store_staged_get_sha256 (staged)),
                             csl_texture_from_surface (info->thumbnail));
      /* The quick part, where the workspace's database lives. */
      attachment = csl_store_commit (state->workspace, state->filing->id, job->kind, staged, &error);
      csl_store_staged_free (staged);
      if (attachment != NULL && replaced > 0 && replaced != attachment->id)
        csl_store_detach (state->workspace, state->filing->id, replaced, NULL);
    }
  if (row != NULL)
    csl_material_row_set_busy (row, FALSE);
  reload (self);
  row = row_for_kind (self, job->kind);
  if (error != NULL && row != NULL)
    {
      /* The file's name is enough: a temporary or long folder says nothing to the officer. */
      g_autoptr(GString) message = g_string_new (error->message);
      g_autofree char *name = g_path_get_basename (job->path);

      g_string_replace (message, job->path, name, 0);
      csl_material_row_set_error (row, message->str);
    }
  g_signal_emit (self, signals[ATTACH_FINISHED], 0, (int) job->kind, error == NULL);
}

void
csl_page_documents_attach_file (CslPageDocuments *self,
                                CslMaterialKind   kind,
                                GFile            *file)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  CslMaterialRow *row = row_for_kind (self, kind);
  g_autoptr(GTask) task = NULL;
  AttachJob *job;

  g_return_if_fail (CSL_IS_PAGE_DOCUMENTS (self));
  job = g_new0 (AttachJob, 1);
  job->ws = g_object_ref (state->workspace);
  job->kind = kind;
  job->path = g_file_get_path (file);
  job->max_size = size_limit ();
  if (job->path == NULL)
    {
      attach_job_free (job);
      if (row != NULL)
        csl_material_row_set_error (row, _("Only local files can be attached"));
      g_signal_emit (self, signals[ATTACH_FINISHED], 0, (int) kind, FALSE);
      return;
    }
  if (row != NULL)
    csl_material_row_set_busy (row, TRUE);
  self->n_pending++;
  task = g_task_new (self, self->cancellable, attach_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) attach_job_free);
  g_task_run_in_thread (task, attach_thread);
}

static void
on_file_chosen (GFile    *file,
                gpointer  user_data)
{
  CslMaterialRow *row = user_data;
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (row), CSL_TYPE_PAGE_DOCUMENTS);

  if (file != NULL && page != NULL)
    csl_page_documents_attach_file (CSL_PAGE_DOCUMENTS (page), csl_material_row_get_kind (row), file);
  g_object_unref (row);
}

static void
on_row_choose (CslMaterialRow *row)
{
  g_autofree char *title = g_strdup_printf (_("Choose the %s"), csl_material_label (csl_material_row_get_kind (row)));

  csl_choose_file_to_open (GTK_WIDGET (row), title, _("PDF documents"), "application/pdf",
                           on_file_chosen, g_object_ref (row));
}

static void
on_row_dropped (CslPageDocuments *self,
                GFile            *file,
                CslMaterialRow   *row)
{
  csl_page_documents_attach_file (self, csl_material_row_get_kind (row), file);
}

typedef struct
{
  CslPageDocuments *self;
  CslStoreRemoved  *removed;
} Undo;

static void
undo_free (Undo *undo)
{
  g_object_unref (undo->self);
  csl_store_removed_free (undo->removed);
  g_free (undo);
}

static void
on_undo_remove (AdwToast *toast,
                Undo     *undo)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (undo->self));
  g_autoptr(GError) error = NULL;
  g_autoptr(CslAttachment) back = csl_store_undo_detach (state->workspace, undo->removed, &error);

  /* Once undone, the toast (which may outlive its dismissal) cannot undo again. */
  if (undo->self->last_toast == toast)
    g_clear_weak_pointer (&undo->self->last_toast);
  if (back == NULL)
    csl_wizard_page_show_toast (CSL_WIZARD_PAGE (undo->self), adw_toast_new (error->message));
  reload (undo->self);
}

/* Removal commits at once (audited); Undo puts the same stored document back. */
static void
on_row_remove (CslPageDocuments *self,
               gint64            attachment_id)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  g_autoptr(GError) error = NULL;
  CslStoreRemoved *removed = csl_store_detach_for_undo (state->workspace, state->filing->id, attachment_id, &error);
  AdwToast *toast;
  Undo *undo;

  if (removed == NULL)
    {
      csl_wizard_page_show_toast (CSL_WIZARD_PAGE (self), adw_toast_new (error->message));
      return;
    }
  reload (self);
  undo = g_new0 (Undo, 1);
  undo->self = g_object_ref (self);
  undo->removed = removed;
  toast = adw_toast_new (_("Document removed"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_remove), undo,
                         (GClosureNotify) undo_free, 0);
  /* Nowhere to offer Undo: the toast, and the page its Undo holds, go at once. */
  g_set_weak_pointer (&self->last_toast, toast);
  csl_wizard_page_show_toast (CSL_WIZARD_PAGE (self), toast);
}

/* ---- generated documents --------------------------------------------------------------- */

typedef struct
{
  CslPageDocuments *self;
  CslDocumentKind   kind;
} ExportJob;

static void
on_export_chosen (GFile    *file,
                  gpointer  user_data)
{
  ExportJob *job = user_data;
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (job->self));
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autoptr(GError) error = NULL;

  if (path != NULL)
    {
      if (csl_document_render_to_file (state->workspace, state->filing->id, job->kind, path, &error))
        csl_wizard_page_show_toast (CSL_WIZARD_PAGE (job->self), adw_toast_new (_("Document saved")));
      else
        csl_wizard_page_show_toast (CSL_WIZARD_PAGE (job->self), adw_toast_new (error->message));
    }
  g_object_unref (job->self);
  g_free (job);
}

static void
on_export_clicked (GtkButton *button,
                   gpointer   user_data)
{
  CslPageDocuments *self = CSL_PAGE_DOCUMENTS (gtk_widget_get_ancestor (GTK_WIDGET (button), CSL_TYPE_PAGE_DOCUMENTS));
  ExportJob *job = g_new0 (ExportJob, 1);

  job->self = g_object_ref (self);
  job->kind = GPOINTER_TO_INT (user_data);
  csl_choose_file_to_save (GTK_WIDGET (button), _("Export Document"), csl_document_file_name (job->kind),
                           on_export_chosen, job);
}

static const char *
document_title (CslDocumentKind kind)
{
  switch (kind)
    {
    case CSL_DOCUMENT_FILING_FORM:          return _("Cybersecurity label filing form");
    case CSL_DOCUMENT_DECLARATION:          return _("Declaration of conformity (draft to sign)");
    case CSL_DOCUMENT_AUTHORIZATION_LETTER: return _("Authorisation letter (template)");
    case CSL_N_DOCUMENTS:
    default:                                return "";
    }
}

static const char *
document_article (CslDocumentKind kind)
{
  switch (kind)
    {
    case CSL_DOCUMENT_FILING_FORM:          return _("Art. 8(1) · filled in from this filing, included in the bundle");
    case CSL_DOCUMENT_DECLARATION:          return _("Art. 8(4) · print, sign and attach it above");
    case CSL_DOCUMENT_AUTHORIZATION_LETTER: return _("Art. 8(7) · for the manufacturer to sign");
    case CSL_N_DOCUMENTS:
    default:                                return "";
    }
}

static void
fill_generated (CslPageDocuments *self,
                CslWizardState   *state)
{
  clear_list (self->generated);
  for (int k = 0; k < CSL_N_DOCUMENTS; k++)
    {
      GtkWidget *row, *button;
      g_autofree char *label = NULL;

      if (!csl_document_applies (state->workspace, state->filing->id, (CslDocumentKind) k, NULL))
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), document_title ((CslDocumentKind) k));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), document_article ((CslDocumentKind) k));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("x-office-document-symbolic"));
      button = gtk_button_new_with_mnemonic (_("_Export…"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      label = g_strdup_printf (_("Export the %s"), document_title ((CslDocumentKind) k));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_signal_connect (button, "clicked", G_CALLBACK (on_export_clicked), GINT_TO_POINTER (k));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->generated, row);
    }
}

/* ---- the page -------------------------------------------------------------------------- */

static void
fill_consistency (CslPageDocuments *self,
                  GPtrArray        *findings)
{
  guint shown = 0;

  clear_list (self->consistency);
  for (guint i = 0; findings && i < findings->len; i++)
    {
      CslFinding *f = findings->pdata[i];
      GtkWidget *row;

      if (!g_str_has_prefix (f->code, "report-") && g_strcmp0 (f->code, "attachment-missing") != 0)
        continue;
      /* One finding style everywhere (csl-gui-util): coloured icon, message, article. */
      row = csl_finding_row_new (f);
      gtk_list_box_append (self->consistency, row);
      shown++;
    }
  gtk_widget_set_visible (self->consistency_group, shown > 0);
}

static void
reload (CslPageDocuments *self)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GHashTable) errors = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  if (state == NULL || state->filing->id == 0)
    return;

  /* Keep refusals shown across the reload that follows an attach. */
  for (guint i = 0; i < self->rows->len; i++)
    if (csl_material_row_get_error (self->rows->pdata[i]) != NULL)
      g_hash_table_insert (errors, GINT_TO_POINTER (csl_material_row_get_kind (self->rows->pdata[i])),
                           g_strdup (csl_material_row_get_error (self->rows->pdata[i])));

  findings = csl_requirements_check (state->workspace, state->filing->id, state->today, &materials, &error);
  attachments = csl_store_list (state->workspace, state->filing->id, NULL);
  clear_list (self->materials);
  g_ptr_array_set_size (self->rows, 0);
  if (findings == NULL)
    {
      csl_wizard_page_set_blocker (CSL_WIZARD_PAGE (self), error->message);
      csl_wizard_page_set_complete (CSL_WIZARD_PAGE (self), FALSE);
      return;
    }

  for (guint i = 0; i < materials->len; i++)
    {
      CslRequirement *r = materials->pdata[i];
      CslMaterialRow *row = csl_material_row_new (r->kind);
      const char *refusal = g_hash_table_lookup (errors, GINT_TO_POINTER (r->kind));

      for (guint j = 0; attachments && j < attachments->len; j++)
        {
          CslAttachment *a = attachments->pdata[j];

          if (a->kind == r->kind)
            {
              csl_material_row_set_attachment (row, a);
              request_thumbnail (self, state->workspace, a, row);
            }
        }
      if (refusal != NULL && !r->present)
        csl_material_row_set_error (row, refusal);
      if (!r->present)
        /* TRANSLATORS: between the items of a list, such as the missing documents */
        g_string_append_printf (missing, "%s%s", missing->len ? C_("list separator", ", ") : "",
                                csl_material_label (r->kind));
      g_signal_connect (row, "choose", G_CALLBACK (on_row_choose), NULL);
      g_signal_connect_object (row, "file-dropped", G_CALLBACK (on_row_dropped), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "remove", G_CALLBACK (on_row_remove), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->rows, row);
      gtk_list_box_append (self->materials, GTK_WIDGET (row));
    }
  fill_consistency (self, findings);

  /* Missing documents do not hold the officer back: the draft is saved and the label can be
   * proofread while a PDF is on its way; only packaging (the review's check) needs them all. */
  if (missing->len > 0)
    {
      g_autofree char *note = g_strdup_printf (_("Still missing: %s. You can go on; packaging needs every document."),
                                               missing->str);
      csl_wizard_page_set_blocker (CSL_WIZARD_PAGE (self), note);
    }
  else
    csl_wizard_page_set_blocker (CSL_WIZARD_PAGE (self), NULL);
  self->missing = missing->len > 0;
  csl_wizard_page_set_complete (CSL_WIZARD_PAGE (self), TRUE);
}

static void
csl_page_documents_load (CslWizardPage  *page,
                         CslWizardState *state)
{
  CslPageDocuments *self = CSL_PAGE_DOCUMENTS (page);

  reload (self);
  fill_generated (self, state);
}

const char *
csl_page_documents_get_error (CslPageDocuments *self,
                              CslMaterialKind   kind)
{
  CslMaterialRow *row = row_for_kind (self, kind);

  return row ? csl_material_row_get_error (row) : NULL;
}

void
csl_page_documents_remove (CslPageDocuments *self,
                           CslMaterialKind   kind)
{
  CslMaterialRow *row = row_for_kind (self, kind);

  if (row != NULL && csl_material_row_get_attachment_id (row) > 0)
    on_row_remove (self, csl_material_row_get_attachment_id (row));
}

void
csl_page_documents_undo_last (CslPageDocuments *self)
{
  if (self->last_toast != NULL)
    g_signal_emit_by_name (self->last_toast, "button-clicked");
}

gboolean
csl_page_documents_has (CslPageDocuments *self,
                        CslMaterialKind   kind)
{
  CslMaterialRow *row = row_for_kind (self, kind);

  return row != NULL && csl_material_row_get_attachment_id (row) > 0;
}

gboolean
csl_page_documents_get_missing (CslPageDocuments *self)
{
  return self->missing;
}

guint
csl_page_documents_get_n_pending (CslPageDocuments *self)
{
  return self->n_pending;
}

static void
csl_page_documents_dispose (GObject *object)
{
  CslPageDocuments *self = CSL_PAGE_DOCUMENTS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->last_toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_PAGE_DOCUMENTS);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (csl_page_documents_parent_class)->dispose (object);
}

static void
csl_page_documents_class_init (CslPageDocumentsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CslWizardPageClass *page_class = CSL_WIZARD_PAGE_CLASS (klass);

  object_class->dispose = csl_page_documents_dispose;
  page_class->load = csl_page_documents_load;

  signals[ATTACH_FINISHED] = g_signal_new ("attach-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-page-documents.ui");
  gtk_widget_class_bind_template_child (widget_class, CslPageDocuments, materials);
  gtk_widget_class_bind_template_child (widget_class, CslPageDocuments, consistency_group);
  gtk_widget_class_bind_template_child (widget_class, CslPageDocuments, consistency);
  gtk_widget_class_bind_template_child (widget_class, CslPageDocuments, generated);
}

static void
csl_page_documents_init (CslPageDocuments *self)
{
  self->cancellable = g_cancellable_new ();
  self->thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  csl_wizard_page_set_title (CSL_WIZARD_PAGE (self), _("Documents"));
}

CslPageDocuments *
csl_page_documents_new (void)
{
  return g_object_new (CSL_TYPE_PAGE_DOCUMENTS, NULL);
}
