#include "config.h"

#include <glib/gi18n.h>

#include "base/csl-error.h"
#include "csl-form.h"
#include "csl-params-group.h"

struct _CslParamsGroup
{
  AdwPreferencesGroup parent_instance;

  char               *problem;   /* the first row's that cannot be saved */

  GtkListBox         *list;
  GtkWidget          *add_row;
};

G_DEFINE_FINAL_TYPE (CslParamsGroup, csl_params_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
row_entry (GtkWidget  *row,
           const char *which)
{
  return g_object_get_data (G_OBJECT (row), which);
}

/* Why the row cannot be saved, or NULL; `seen` holds the names of the rows above it. */
static char *
row_problem (GtkWidget  *row,
             GHashTable *seen)
{
  g_autofree char *name = csl_form_dup_text (row_entry (row, "name"));
  g_autofree char *value = csl_form_dup_text (row_entry (row, "value"));

  if (name == NULL)
    return value == NULL ? NULL : g_strdup_printf (_("The parameter with the value “%s” needs a name."), value);
  if (strchr (name, '=') != NULL)
    return g_strdup_printf (_("The parameter name “%s” cannot contain “=”."), name);
  if (seen != NULL && g_hash_table_contains (seen, name))
    return g_strdup_printf (_("The parameter “%s” is listed twice."), name);
  if (seen != NULL)
    g_hash_table_add (seen, g_steal_pointer (&name));
  return NULL;
}

/* Each row says on itself what is wrong with it, as the wizard's other rows do. */
static void
check_rows (CslParamsGroup *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_clear_pointer (&self->problem, g_free);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autofree char *problem = NULL;
      GtkWidget *name;

      if (row == self->add_row)
        continue;
      problem = row_problem (row, seen);
      name = row_entry (row, "name");
      csl_form_set_state (name, problem ? CSL_FORM_ERROR : CSL_FORM_OK);
      gtk_widget_set_tooltip_text (name, problem);
      if (self->problem == NULL)
        self->problem = g_steal_pointer (&problem);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
csl_params_group_get_problem (CslParamsGroup *self)
{
  return self->problem;
}

static void
on_name_changed (GtkEditable *name,
                 GtkWidget   *row)
{
  g_autofree char *text = csl_form_dup_text (GTK_WIDGET (name));
  g_autofree char *label = text ? g_strdup_printf (_("Remove parameter %s"), text) : g_strdup (_("Remove parameter"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (row_entry (row, "remove")), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
on_remove_clicked (GtkWidget      *button,
                   CslParamsGroup *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);

  /* The focus would go with the row: the "Add Parameter" row is the next thing to act on. */
  gtk_widget_grab_focus (self->add_row);
  gtk_list_box_remove (self->list, row);
  check_rows (self);
}

static GtkWidget *
entry_new (const char *text,
           const char *placeholder,
           const char *label)
{
  GtkWidget *entry = gtk_entry_new ();

  csl_form_set_text (entry, text);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return entry;
}

static GtkWidget *
add_param_row (CslParamsGroup *self,
               const char     *name,
               const char     *value)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  /* The placeholders are examples: what a name and a value look like. */
  GtkWidget *name_entry = entry_new (name, _("Name, e.g. Resolution"), _("Parameter name"));
  GtkWidget *value_entry = entry_new (value, _("Value, e.g. 3840×2160"), _("Parameter value"));
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_tooltip_text (remove, _("Remove Parameter"));
  gtk_box_append (GTK_BOX (box), name_entry);
  gtk_box_append (GTK_BOX (box), value_entry);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "name", name_entry);
  g_object_set_data (G_OBJECT (row), "value", value_entry);
  g_object_set_data (G_OBJECT (row), "remove", remove);

  on_name_changed (GTK_EDITABLE (name_entry), row);
  g_signal_connect_object (name_entry, "changed", G_CALLBACK (on_name_changed), row, 0);
  g_signal_connect_object (name_entry, "changed", G_CALLBACK (check_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (value_entry, "changed", G_CALLBACK (check_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), self, 0);
  gtk_list_box_insert (self->list, row, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (self->add_row)));
  return row;
}

GtkWidget *
csl_params_group_add_row (CslParamsGroup *self)
{
  GtkWidget *row = add_param_row (self, NULL, NULL);

  gtk_widget_grab_focus (row_entry (row, "name"));
  return row;
}

static void
on_row_activated (CslParamsGroup *self,
                  GtkListBoxRow  *row)
{
  if (GTK_WIDGET (row) == self->add_row)
    csl_params_group_add_row (self);
}

void
csl_params_group_set_params (CslParamsGroup *self,
                             GPtrArray      *params)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != self->add_row)
    gtk_list_box_remove (self->list, row);
  for (guint i = 0; params != NULL && i < params->len; i++)
    {
      CslParam *param = params->pdata[i];

      add_param_row (self, param->name, param->value);
    }
  check_rows (self);
}

gboolean
csl_params_group_apply (CslParamsGroup  *self,
                        CslProduct      *p,
                        GError         **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_param_free);

  /* All rows first, so that a bad one leaves the product as it was. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != self->add_row;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autofree char *problem = row_problem (row, seen);
      g_autofree char *name = csl_form_dup_text (row_entry (row, "name"));
      g_autofree char *value = csl_form_dup_text (row_entry (row, "value"));

      if (problem != NULL)
        {
          g_set_error_literal (error, CSL_ERROR, CSL_ERROR_INVALID, problem);
          return FALSE;
        }
      if (name != NULL)
        g_ptr_array_add (params, csl_param_new (name, value ? value : ""));
    }
  g_ptr_array_set_size (p->params, 0);
  for (guint i = 0; i < params->len; i++)
    {
      CslParam *param = params->pdata[i];

      csl_product_set_param (p, param->name, param->value);
    }
  return TRUE;
}

static void
csl_params_group_dispose (GObject *object)
{
  g_clear_pointer (&CSL_PARAMS_GROUP (object)->problem, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), CSL_TYPE_PARAMS_GROUP);
  G_OBJECT_CLASS (csl_params_group_parent_class)->dispose (object);
}

static void
csl_params_group_class_init (CslParamsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_params_group_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-params-group.ui");
  gtk_widget_class_bind_template_child (widget_class, CslParamsGroup, list);
  gtk_widget_class_bind_template_child (widget_class, CslParamsGroup, add_row);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
csl_params_group_init (CslParamsGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
