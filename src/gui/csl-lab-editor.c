#include "config.h"

#include <glib/gi18n.h>

#include "csl-form.h"
#include "csl-lab-editor.h"

struct _CslLabEditor
{
  AdwWindow     parent_instance;

  CslWorkspace *workspace;
  CslLab       *original;
  gboolean      valid;

  GtkWidget    *name;
  AdwComboRow  *kind;
  GtkWidget    *accreditation_no;
  GtkWidget    *accredited_until;
  GtkWidget    *barred_until;
  GtkWidget    *barred_reason;
  GtkLabel     *message;
  GtkWidget    *save_button;
};

G_DEFINE_FINAL_TYPE (CslLabEditor, csl_lab_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static CslLab *
collect (CslLabEditor *self)
{
  CslLab *lab = csl_lab_new ();

  lab->id = self->original ? self->original->id : 0;
  lab->name = csl_form_dup_text (self->name);
  lab->kind = g_strdup (adw_combo_row_get_selected (self->kind) == 0 ? "in-house" : "third-party");
  lab->accreditation_no = csl_form_dup_text (self->accreditation_no);
  lab->accredited_until = csl_form_dup_text (self->accredited_until);
  lab->barred_until = csl_form_dup_text (self->barred_until);
  lab->barred_reason = csl_form_dup_text (self->barred_reason);
  return lab;
}

static void
validate (CslLabEditor *self)
{
  g_autoptr(CslLab) lab = collect (self);
  g_autoptr(GError) error = NULL;
  gboolean third_party = adw_combo_row_get_selected (self->kind) == 1;

  csl_form_check_date (self->accredited_until, FALSE);
  csl_form_check_date (self->barred_until, FALSE);
  self->valid = csl_lab_validate (lab, &error);
  if (lab->name == NULL && lab->accredited_until == NULL && lab->barred_until == NULL)
    csl_form_show_message (self->message, CSL_FORM_OK, NULL);
  else if (error != NULL)
    csl_form_show_message (self->message, CSL_FORM_ERROR, error->message);
  else if (third_party && lab->accreditation_no == NULL)
    csl_form_show_message (self->message, CSL_FORM_WARNING,
                           _("A third-party lab’s accreditation number is needed for the filing (Art. 8(6))."));
  else
    csl_form_show_message (self->message, CSL_FORM_OK, NULL);
  gtk_widget_set_sensitive (self->save_button, self->valid);
}

gboolean
csl_lab_editor_can_save (CslLabEditor *self)
{
  g_return_val_if_fail (CSL_IS_LAB_EDITOR (self), FALSE);
  return self->valid;
}

gboolean
csl_lab_editor_save (CslLabEditor *self)
{
  g_autoptr(CslLab) lab = collect (self);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (CSL_IS_LAB_EDITOR (self), FALSE);
  ok = self->original ? csl_lab_update (self->workspace, lab, &error)
                      : csl_lab_add (self->workspace, lab, &error) > 0;
  if (!ok)
    {
      csl_form_show_message (self->message, CSL_FORM_ERROR, error->message);
      return FALSE;
    }
  g_signal_emit (self, signals[SAVED], 0, lab->id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_save_clicked (CslLabEditor *self)
{
  csl_lab_editor_save (self);
}

static void
csl_lab_editor_dispose (GObject *object)
{
  CslLabEditor *self = CSL_LAB_EDITOR (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->original, csl_lab_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_LAB_EDITOR);
  G_OBJECT_CLASS (csl_lab_editor_parent_class)->dispose (object);
}

static void
csl_lab_editor_class_init (CslLabEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_lab_editor_dispose;
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-lab-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CslLabEditor, name);
  gtk_widget_class_bind_template_child (widget_class, CslLabEditor, kind);
  gtk_widget_class_bind_template_child (widget_class, CslLabEditor, accreditation_no);
  gtk_widget_class_bind_template_child (widget_class, CslLabEditor, accredited_until);
  gtk_widget_class_bind_template_child (widget_class, CslLabEditor, barred_until);
  gtk_widget_class_bind_template_child (widget_class, CslLabEditor, barred_reason);
  gtk_widget_class_bind_template_child (widget_class, CslLabEditor, message);
  gtk_widget_class_bind_template_child (widget_class, CslLabEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, validate);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
csl_lab_editor_init (CslLabEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  csl_form_add_calendar (self->accredited_until);
  csl_form_add_calendar (self->barred_until);
}

CslLabEditor *
csl_lab_editor_new (GtkWindow    *parent,
                    CslWorkspace *workspace,
                    const CslLab *lab)
{
  CslLabEditor *self = g_object_new (CSL_TYPE_LAB_EDITOR, "transient-for", parent, NULL);

  self->workspace = g_object_ref (workspace);
  gtk_window_set_title (GTK_WINDOW (self), lab ? _("Edit Lab") : _("New Lab"));
  if (lab != NULL)
    {
      self->original = csl_lab_new ();
      self->original->id = lab->id;
      csl_form_set_text (self->name, lab->name);
      adw_combo_row_set_selected (self->kind, csl_lab_get_kind (lab) == CSL_LAB_IN_HOUSE ? 0 : 1);
      csl_form_set_text (self->accreditation_no, lab->accreditation_no);
      csl_form_set_text (self->accredited_until, lab->accredited_until);
      csl_form_set_text (self->barred_until, lab->barred_until);
      csl_form_set_text (self->barred_reason, lab->barred_reason);
    }
  else
    adw_combo_row_set_selected (self->kind, 1);
  validate (self);
  return self;
}
