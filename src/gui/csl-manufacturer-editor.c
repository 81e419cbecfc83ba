#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "base/csl-error.h"
#include "csl-form.h"
#include "csl-manufacturer-editor.h"
#include "base/csl-uscc.h"

struct _CslManufacturerEditor
{
  AdwWindow        parent_instance;

  CslWorkspace    *workspace;
  CslManufacturer *original;   /* NULL for a new manufacturer */
  gboolean         valid;

  GtkWidget       *name_zh;
  GtkWidget       *name_en;
  GtkWidget       *uscc;
  GtkWidget       *accept_row;
  GtkSwitch       *accept_switch;
  GtkLabel        *message;
  GtkWidget       *address;
  GtkWidget       *contact;
  GtkWidget       *phone;
  GtkWidget       *email;
  GtkWidget       *save_button;
};

G_DEFINE_FINAL_TYPE (CslManufacturerEditor, csl_manufacturer_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Builds the record from the form; the core validates it, so the rules live in one place. */
static CslManufacturer *
collect (CslManufacturerEditor *self)
{
  CslManufacturer *m = self->original ? csl_manufacturer_copy (self->original) : csl_manufacturer_new ();

#define TAKE(field, widget) G_STMT_START { g_free (m->field); m->field = csl_form_dup_text (widget); } G_STMT_END
  TAKE (name_zh, self->name_zh);
  TAKE (name_en, self->name_en);
  TAKE (uscc, self->uscc);
  TAKE (address, self->address);
  TAKE (contact, self->contact);
  TAKE (phone, self->phone);
  TAKE (email, self->email);
#undef TAKE
  if (m->uscc == NULL)
    m->uscc = g_strdup ("");
  m->uscc_check_accepted = gtk_switch_get_active (self->accept_switch);
  return m;
}

static void
validate (CslManufacturerEditor *self)
{
  g_autoptr(CslManufacturer) m = collect (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *uscc = csl_uscc_normalize (m->uscc);
  gboolean check_digit_issue;

  /* The check-digit switch only appears when the code is otherwise well formed. */
  check_digit_issue = !csl_uscc_validate (uscc, FALSE, &error) &&
                      g_error_matches (error, CSL_ERROR, CSL_ERROR_CHECK_DIGIT);
  gtk_widget_set_visible (self->accept_row, check_digit_issue);
  g_clear_error (&error);

  self->valid = csl_manufacturer_validate (m, &error);
  csl_form_set_state (self->uscc, *m->uscc == '\0' ? CSL_FORM_OK
                                  : g_error_matches (error, CSL_ERROR, CSL_ERROR_CHECK_DIGIT) ? CSL_FORM_WARNING
                                  : error && strstr (error->message, uscc) ? CSL_FORM_ERROR
                                  : check_digit_issue ? CSL_FORM_WARNING : CSL_FORM_OK);
  /* An empty form is not an error yet: say nothing until the user has typed. */
  if (m->name_zh == NULL && m->name_en == NULL && *m->uscc == '\0')
    csl_form_show_message (self->message, CSL_FORM_OK, NULL);
  else if (error != NULL)
    csl_form_show_message (self->message,
                           g_error_matches (error, CSL_ERROR, CSL_ERROR_CHECK_DIGIT) ? CSL_FORM_WARNING : CSL_FORM_ERROR,
                           error->message);
  else if (check_digit_issue)
    csl_form_show_message (self->message, CSL_FORM_WARNING, _("The check character does not match; the code is kept as written."));
  else
    csl_form_show_message (self->message, CSL_FORM_OK, NULL);
  gtk_widget_set_sensitive (self->save_button, self->valid);
}

gboolean
csl_manufacturer_editor_can_save (CslManufacturerEditor *self)
{
  g_return_val_if_fail (CSL_IS_MANUFACTURER_EDITOR (self), FALSE);
  return self->valid;
}

gboolean
csl_manufacturer_editor_save (CslManufacturerEditor *self)
{
  g_autoptr(CslManufacturer) m = collect (self);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (CSL_IS_MANUFACTURER_EDITOR (self), FALSE);

  ok = self->original ? csl_manufacturer_update (self->workspace, m, &error)
                      : csl_manufacturer_add (self->workspace, m, &error) > 0;
  if (!ok)
    {
      csl_form_show_message (self->message, CSL_FORM_ERROR, error->message);
      return FALSE;
    }
  g_signal_emit (self, signals[SAVED], 0, m->id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_save_clicked (CslManufacturerEditor *self)
{
  csl_manufacturer_editor_save (self);
}

static void
csl_manufacturer_editor_dispose (GObject *object)
{
  CslManufacturerEditor *self = CSL_MANUFACTURER_EDITOR (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->original, csl_manufacturer_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_MANUFACTURER_EDITOR);
  G_OBJECT_CLASS (csl_manufacturer_editor_parent_class)->dispose (object);
}

static void
csl_manufacturer_editor_class_init (CslManufacturerEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_manufacturer_editor_dispose;
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-manufacturer-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CslManufacturerEditor, name_zh);
  gtk_widget_class_bind_template_child (widget_class, CslManufacturerEditor, name_en);
  gtk_widget_class_bind_template_child (widget_class, CslManufacturerEditor, uscc);
  gtk_widget_class_bind_template_child (widget_class, CslManufacturerEditor, accept_row);
  gtk_widget_class_bind_template_child (widget_class, CslManufacturerEditor, accept_switch);
  gtk_widget_class_bind_template_child (widget_class, CslManufacturerEditor, message);
  gtk_widget_class_bind_template_child (widget_class, CslManufacturerEditor, address);
  gtk_widget_class_bind_template_child (widget_class, CslManufacturerEditor, contact);
  gtk_widget_class_bind_template_child (widget_class, CslManufacturerEditor, phone);
  gtk_widget_class_bind_template_child (widget_class, CslManufacturerEditor, email);
  gtk_widget_class_bind_template_child (widget_class, CslManufacturerEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, validate);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
csl_manufacturer_editor_init (CslManufacturerEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CslManufacturerEditor *
csl_manufacturer_editor_new (GtkWindow             *parent,
                             CslWorkspace          *workspace,
                             const CslManufacturer *manufacturer)
{
  CslManufacturerEditor *self = g_object_new (CSL_TYPE_MANUFACTURER_EDITOR, "transient-for", parent, NULL);

  self->workspace = g_object_ref (workspace);
  if (manufacturer != NULL)
    {
      self->original = csl_manufacturer_copy (manufacturer);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Manufacturer"));
      csl_form_set_text (self->name_zh, manufacturer->name_zh);
      csl_form_set_text (self->name_en, manufacturer->name_en);
      csl_form_set_text (self->uscc, manufacturer->uscc);
      gtk_switch_set_active (self->accept_switch, manufacturer->uscc_check_accepted);
      csl_form_set_text (self->address, manufacturer->address);
      csl_form_set_text (self->contact, manufacturer->contact);
      csl_form_set_text (self->phone, manufacturer->phone);
      csl_form_set_text (self->email, manufacturer->email);
    }
  else
    gtk_window_set_title (GTK_WINDOW (self), _("New Manufacturer"));
  validate (self);
  return self;
}
