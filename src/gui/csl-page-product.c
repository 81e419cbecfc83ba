#include "config.h"

#include <glib/gi18n.h>

#include "records/csl-catalogue.h"
#include "csl-form.h"
#include "csl-manufacturer-editor.h"
#include "records/csl-manufacturer.h"
#include "csl-page-product.h"
#include "csl-params-group.h"

struct _CslPageProduct
{
  CslWizardPage  parent_instance;

  GPtrArray     *categories;      /* CslCategory, in combo order */
  GArray        *manufacturers;   /* gint64 ids, in combo order */

  AdwComboRow   *category;
  AdwActionRow  *scope_row;
  AdwComboRow   *manufacturer;
  GtkWidget     *model;
  GtkWidget     *name;
  GtkWidget     *hardware;
  GtkWidget     *firmware;
  GtkWidget     *support_until;
  CslParamsGroup *params;
  GtkWidget     *default_passwords;
  GtkWidget     *vulnerability_contact;
  GtkWidget     *update_policy;
};

G_DEFINE_FINAL_TYPE (CslPageProduct, csl_page_product, CSL_TYPE_WIZARD_PAGE)

static gint64
selected_manufacturer (CslPageProduct *self)
{
  guint i = adw_combo_row_get_selected (self->manufacturer);

  return i < self->manufacturers->len ? g_array_index (self->manufacturers, gint64, i) : 0;
}

static CslCategory *
selected_category (CslPageProduct *self)
{
  guint i = adw_combo_row_get_selected (self->category);

  return self->categories && i < self->categories->len ? self->categories->pdata[i] : NULL;
}

/* The row that keeps Next disabled says so itself: error style and the reason as its tooltip. */
static void
mark (GtkWidget  *row,
      const char *reason)
{
  csl_form_set_state (row, reason ? CSL_FORM_ERROR : CSL_FORM_OK);
  gtk_widget_set_tooltip_text (row, reason);
}

static void
update (CslPageProduct *self)
{
  g_autofree char *model = csl_form_dup_text (self->model);
  const char *blocker = NULL;
  gboolean date_ok = csl_form_check_date (self->support_until, FALSE) == CSL_FORM_OK;

  if (selected_category (self) == NULL)
    blocker = _("Choose the catalogue category of the product.");
  else if (selected_manufacturer (self) == 0)
    blocker = _("Choose the manufacturer, or add one with “New…”.");
  else if (model == NULL)
    blocker = _("Enter the product model or specification as it will appear on the label.");
  else if (!date_ok)
    blocker = _("The security support end date must be a date in the form YYYY-MM-DD.");
  else if (csl_params_group_get_problem (self->params) != NULL)
    blocker = csl_params_group_get_problem (self->params);
  mark (GTK_WIDGET (self->category), selected_category (self) == NULL ? blocker : NULL);
  mark (GTK_WIDGET (self->manufacturer), selected_category (self) != NULL && selected_manufacturer (self) == 0
                                         ? blocker : NULL);
  mark (self->model, blocker != NULL && model == NULL && selected_manufacturer (self) != 0 ? blocker : NULL);
  if (!date_ok)
    gtk_widget_set_tooltip_text (self->support_until, blocker);
  csl_wizard_page_set_blocker (CSL_WIZARD_PAGE (self), blocker);
  csl_wizard_page_set_complete (CSL_WIZARD_PAGE (self), blocker == NULL);
}

static void
on_category_changed (CslPageProduct *self)
{
  CslCategory *c = selected_category (self);
  g_autofree char *scope = NULL;

  if (c != NULL)
    scope = g_strdup_printf ("%s\n%s", c->scope_zh ? c->scope_zh : "", c->scope_en ? c->scope_en : "");
  adw_action_row_set_subtitle (self->scope_row, scope ? g_strstrip (scope) : "");
  update (self);
}

static void
reload_manufacturers (CslPageProduct *self,
                      CslWorkspace   *ws,
                      gint64          select_id)
{
  g_autoptr(GPtrArray) list = csl_manufacturer_list (ws, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_array_set_size (self->manufacturers, 0);
  for (guint i = 0; list && i < list->len; i++)
    {
      CslManufacturer *m = list->pdata[i];

      gtk_string_list_append (names, csl_manufacturer_display_name (m));
      g_array_append_val (self->manufacturers, m->id);
      if (m->id == select_id)
        selected = i;
    }
  adw_combo_row_set_model (self->manufacturer, G_LIST_MODEL (names));
  if (selected == GTK_INVALID_LIST_POSITION && self->manufacturers->len == 1)
    selected = 0;
  adw_combo_row_set_selected (self->manufacturer, selected);
}

static void
reload_categories (CslPageProduct *self,
                   CslWorkspace   *ws,
                   gint64          select_id)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_clear_pointer (&self->categories, g_ptr_array_unref);
  self->categories = csl_catalogue_list (ws, NULL);
  for (guint i = 0; self->categories && i < self->categories->len; i++)
    {
      CslCategory *c = self->categories->pdata[i];
      g_autofree char *label = g_strdup_printf ("%s · %s", c->serial, csl_category_display_name (c));

      gtk_string_list_append (names, label);
      if (c->id == select_id)
        selected = i;
    }
  adw_combo_row_set_model (self->category, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->category, selected);
}

static void
on_manufacturer_saved (CslPageProduct *self,
                       gint64          id)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));

  reload_manufacturers (self, state->workspace, id);
  update (self);
}

static void
on_new_manufacturer (CslPageProduct *self)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  CslManufacturerEditor *editor = csl_manufacturer_editor_new (GTK_WINDOW (root), state->workspace, NULL);

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_manufacturer_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
csl_page_product_load (CslWizardPage  *page,
                       CslWizardState *state)
{
  CslPageProduct *self = CSL_PAGE_PRODUCT (page);
  CslProduct *p = state->product;

  reload_categories (self, state->workspace, p->category_id);
  reload_manufacturers (self, state->workspace, p->manufacturer_id);
  csl_form_set_text (self->model, p->model);
  csl_form_set_text (self->name, p->name);
  csl_form_set_text (self->hardware, p->hardware_version);
  csl_form_set_text (self->firmware, p->firmware_version);
  csl_form_set_text (self->support_until, p->support_until);
  csl_params_group_set_params (self->params, p->params);
  csl_form_set_text (self->default_passwords, p->default_password_policy);
  csl_form_set_text (self->vulnerability_contact, p->vulnerability_contact);
  csl_form_set_text (self->update_policy, p->update_policy);
  on_category_changed (self);
}

static gboolean
csl_page_product_apply (CslWizardPage   *page,
                        CslWizardState  *state,
                        GError         **error)
{
  CslPageProduct *self = CSL_PAGE_PRODUCT (page);
  CslProduct *p = state->product;

  /* First, so that a bad row leaves the product as it was. */
  if (!csl_params_group_apply (self->params, p, error))
    return FALSE;

  p->category_id = selected_category (self) ? selected_category (self)->id : 0;
  p->manufacturer_id = selected_manufacturer (self);
#define TAKE(field, widget) G_STMT_START { g_free (p->field); p->field = csl_form_dup_text (widget); } G_STMT_END
  TAKE (model, self->model);
  TAKE (name, self->name);
  TAKE (hardware_version, self->hardware);
  TAKE (firmware_version, self->firmware);
  TAKE (support_until, self->support_until);
  TAKE (default_password_policy, self->default_passwords);
  TAKE (vulnerability_contact, self->vulnerability_contact);
  TAKE (update_policy, self->update_policy);
#undef TAKE
  return TRUE;
}

void
csl_page_product_fill (CslPageProduct *self,
                       gint64          manufacturer_id,
                       const char     *model,
                       const char     *name,
                       const char     *firmware,
                       const char     *support_until)
{
  CslWizardState *state = csl_wizard_page_get_state (CSL_WIZARD_PAGE (self));

  reload_manufacturers (self, state->workspace, manufacturer_id);
  csl_form_set_text (self->model, model);
  csl_form_set_text (self->name, name);
  csl_form_set_text (self->firmware, firmware);
  csl_form_set_text (self->support_until, support_until);
  update (self);
}

static void
csl_page_product_dispose (GObject *object)
{
  CslPageProduct *self = CSL_PAGE_PRODUCT (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_PAGE_PRODUCT);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->manufacturers, g_array_unref);
  G_OBJECT_CLASS (csl_page_product_parent_class)->dispose (object);
}

static void
csl_page_product_class_init (CslPageProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CslWizardPageClass *page_class = CSL_WIZARD_PAGE_CLASS (klass);

  object_class->dispose = csl_page_product_dispose;
  page_class->load = csl_page_product_load;
  page_class->apply = csl_page_product_apply;

  g_type_ensure (CSL_TYPE_PARAMS_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-page-product.ui");
  gtk_widget_class_bind_template_child (widget_class, CslPageProduct, category);
  gtk_widget_class_bind_template_child (widget_class, CslPageProduct, scope_row);
  gtk_widget_class_bind_template_child (widget_class, CslPageProduct, manufacturer);
  gtk_widget_class_bind_template_child (widget_class, CslPageProduct, model);
  gtk_widget_class_bind_template_child (widget_class, CslPageProduct, name);
  gtk_widget_class_bind_template_child (widget_class, CslPageProduct, hardware);
  gtk_widget_class_bind_template_child (widget_class, CslPageProduct, firmware);
  gtk_widget_class_bind_template_child (widget_class, CslPageProduct, support_until);
  gtk_widget_class_bind_template_child (widget_class, CslPageProduct, params);
  gtk_widget_class_bind_template_child (widget_class, CslPageProduct, default_passwords);
  gtk_widget_class_bind_template_child (widget_class, CslPageProduct, vulnerability_contact);
  gtk_widget_class_bind_template_child (widget_class, CslPageProduct, update_policy);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, on_category_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_new_manufacturer);
}

static void
csl_page_product_init (CslPageProduct *self)
{
  self->manufacturers = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
  csl_form_add_calendar (self->support_until);
  csl_form_keep_choice_arrow (self->category);
  csl_form_keep_choice_arrow (self->manufacturer);
  csl_wizard_page_set_title (CSL_WIZARD_PAGE (self), _("Product"));
}

CslPageProduct *
csl_page_product_new (void)
{
  return g_object_new (CSL_TYPE_PAGE_PRODUCT, NULL);
}
