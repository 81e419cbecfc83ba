#include "config.h"

#include <glib/gi18n.h>

#include "csl-form.h"
#include "csl-params-group.h"
#include "csl-product-editor.h"
#include "lifecycle/csl-refiling.h"

struct _CslProductEditor
{
  AdwWindow     parent_instance;

  CslWorkspace *workspace;
  CslProduct   *product;

  GtkWidget    *hardware;
  GtkWidget    *firmware;
  GtkWidget    *support_until;
  CslParamsGroup *params;
  GtkLabel     *message;
  GtkWidget    *save_button;
};

G_DEFINE_FINAL_TYPE (CslProductEditor, csl_product_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
validate (CslProductEditor *self)
{
  const char *problem = csl_params_group_get_problem (self->params);

  /* The row says what is wrong; Save says it too, as the wizard's Next does. */
  gtk_widget_set_sensitive (self->save_button,
                            csl_form_check_date (self->support_until, FALSE) == CSL_FORM_OK && problem == NULL);
  gtk_widget_set_tooltip_text (self->save_button, problem);
}

void
csl_product_editor_fill (CslProductEditor *self,
                         const char       *hardware,
                         const char       *firmware,
                         const char       *support_until,
                         const char       *params)
{
  csl_form_set_text (self->hardware, hardware);
  csl_form_set_text (self->firmware, firmware);
  csl_form_set_text (self->support_until, support_until);
  if (params != NULL)
    {
      g_autoptr(CslProduct) parsed = csl_product_new ();

      if (csl_product_params_from_text (parsed, params, NULL))
        csl_params_group_set_params (self->params, parsed->params);
    }
  validate (self);
}

gboolean
csl_product_editor_save (CslProductEditor  *self,
                         GError           **error)
{
  g_autoptr(CslProduct) p = csl_product_copy (self->product);
  g_autoptr(GArray) due = NULL;

  g_free (p->hardware_version);
  p->hardware_version = csl_form_dup_text (self->hardware);
  g_free (p->firmware_version);
  p->firmware_version = csl_form_dup_text (self->firmware);
  g_free (p->support_until);
  p->support_until = csl_form_dup_text (self->support_until);

  if (!csl_params_group_apply (self->params, p, error))
    return FALSE;

  /* The core applies Art. 10 in the same transaction as the change. */
  if (!csl_refiling_update_product (self->workspace, p, &due, error))
    return FALSE;
  g_signal_emit (self, signals[SAVED], 0, due ? due->len : 0u);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_save_clicked (CslProductEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!csl_product_editor_save (self, &error))
    {
      gtk_label_set_text (self->message, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message), TRUE);
    }
}

static void
csl_product_editor_dispose (GObject *object)
{
  CslProductEditor *self = CSL_PRODUCT_EDITOR (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->product, csl_product_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_PRODUCT_EDITOR);
  G_OBJECT_CLASS (csl_product_editor_parent_class)->dispose (object);
}

static void
csl_product_editor_class_init (CslProductEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_product_editor_dispose;
  g_type_ensure (CSL_TYPE_PARAMS_GROUP);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-product-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CslProductEditor, hardware);
  gtk_widget_class_bind_template_child (widget_class, CslProductEditor, firmware);
  gtk_widget_class_bind_template_child (widget_class, CslProductEditor, support_until);
  gtk_widget_class_bind_template_child (widget_class, CslProductEditor, params);
  gtk_widget_class_bind_template_child (widget_class, CslProductEditor, message);
  gtk_widget_class_bind_template_child (widget_class, CslProductEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, validate);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
csl_product_editor_init (CslProductEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  csl_form_add_calendar (self->support_until);
}

CslProductEditor *
csl_product_editor_new (GtkWindow        *parent,
                        CslWorkspace     *workspace,
                        const CslProduct *product)
{
  CslProductEditor *self = g_object_new (CSL_TYPE_PRODUCT_EDITOR, "transient-for", parent, NULL);
  g_autofree char *title = g_strdup_printf (_("Edit %s"), product->model);

  self->workspace = g_object_ref (workspace);
  self->product = csl_product_copy (product);
  gtk_window_set_title (GTK_WINDOW (self), title);
  csl_product_editor_fill (self, product->hardware_version, product->firmware_version, product->support_until, NULL);
  csl_params_group_set_params (self->params, product->params);
  return self;
}
