#include "config.h"

#include <glib/gi18n.h>

#include "csl-form.h"
#include "csl-standards-group.h"

struct _CslStandardsGroup
{
  AdwPreferencesGroup parent_instance;

  GPtrArray          *standards;     /* char *, in the order the filing cites them */
  GStrv               suggestions;

  GtkListBox         *list;
  GtkWidget          *entry;
};

G_DEFINE_FINAL_TYPE (CslStandardsGroup, csl_standards_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild (CslStandardsGroup *self);

static gboolean
listed (CslStandardsGroup *self,
        const char        *number)
{
  return g_ptr_array_find_with_equal_func (self->standards, number, g_str_equal, NULL);
}

/* A ";" list as the single text box had: pasting one still works. */
static GStrv
split_numbers (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit_set (text ? text : "", ";；\n", -1);

  for (guint i = 0; parts[i]; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

void
csl_standards_group_add (CslStandardsGroup *self,
                         const char        *number)
{
  g_autofree char *stripped = g_strstrip (g_strdup (number ? number : ""));

  if (*stripped == '\0' || listed (self, stripped))
    return;
  g_ptr_array_add (self->standards, g_steal_pointer (&stripped));
  rebuild (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_remove_clicked (GtkWidget         *button,
                   CslStandardsGroup *self)
{
  const char *number = g_object_get_data (G_OBJECT (button), "number");
  guint i;

  if (!g_ptr_array_find_with_equal_func (self->standards, number, g_str_equal, &i))
    return;
  /* The focus would go with the row: the entry is the next thing to act on. */
  gtk_widget_grab_focus (self->entry);
  g_ptr_array_remove_index (self->standards, i);
  rebuild (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_add_clicked (GtkWidget         *button,
                CslStandardsGroup *self)
{
  g_autofree char *number = g_strdup (g_object_get_data (G_OBJECT (button), "number"));

  gtk_widget_grab_focus (self->entry);
  csl_standards_group_add (self, number);
}

static GtkWidget *
standard_row (CslStandardsGroup *self,
              const char        *number,
              gboolean           suggestion)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;
  g_autofree char *label = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), number);
  if (suggestion)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Suggested by the catalogue"));
      button = gtk_button_new_with_label (_("Add"));
      label = g_strdup_printf (_("Add standard %s"), number);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_add_clicked), self, 0);
    }
  else
    {
      button = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_add_css_class (button, "circular");
      gtk_widget_set_tooltip_text (button, _("Remove Standard"));
      label = g_strdup_printf (_("Remove standard %s"), number);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_remove_clicked), self, 0);
    }
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "number", g_strdup (number), g_free);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/* The listed standards, then the suggestions not listed, then the entry row. */
static void
rebuild (CslStandardsGroup *self)
{
  GtkWidget *row;
  int at = 0;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != self->entry)
    gtk_list_box_remove (self->list, row);
  for (guint i = 0; i < self->standards->len; i++)
    gtk_list_box_insert (self->list, standard_row (self, self->standards->pdata[i], FALSE), at++);
  for (guint i = 0; self->suggestions && self->suggestions[i]; i++)
    if (!listed (self, self->suggestions[i]))
      gtk_list_box_insert (self->list, standard_row (self, self->suggestions[i], TRUE), at++);
}

static void
on_entry_apply (CslStandardsGroup *self)
{
  g_auto(GStrv) numbers = split_numbers (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  /* Cleared first: adding emits "changed", whose handlers read the entry too. */
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  for (guint i = 0; numbers[i]; i++)
    csl_standards_group_add (self, numbers[i]);
}

static void
on_entry_changed (CslStandardsGroup *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

void
csl_standards_group_set_standards (CslStandardsGroup *self,
                                   const char *const *standards)
{
  g_ptr_array_set_size (self->standards, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  for (guint i = 0; standards && standards[i]; i++)
    if (!listed (self, standards[i]))
      g_ptr_array_add (self->standards, g_strdup (standards[i]));
  rebuild (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

GStrv
csl_standards_group_dup_standards (CslStandardsGroup *self)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  g_auto(GStrv) typed = split_numbers (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  for (guint i = 0; i < self->standards->len; i++)
    g_ptr_array_add (out, self->standards->pdata[i]);
  for (guint i = 0; typed[i]; i++)
    if (!g_ptr_array_find_with_equal_func (out, typed[i], g_str_equal, NULL))
      g_ptr_array_add (out, typed[i]);
  g_ptr_array_add (out, NULL);
  return g_strdupv ((char **) out->pdata);
}

void
csl_standards_group_set_suggestions (CslStandardsGroup *self,
                                     const char *const *suggestions)
{
  /* The live check calls this on every key press: rebuild only when they differ. */
  if (self->suggestions && suggestions ? g_strv_equal ((const char *const *) self->suggestions, suggestions)
                                       : self->suggestions == (GStrv) suggestions)
    return;
  g_strfreev (self->suggestions);
  self->suggestions = g_strdupv ((char **) suggestions);
  rebuild (self);
}

static void
csl_standards_group_dispose (GObject *object)
{
  CslStandardsGroup *self = CSL_STANDARDS_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_STANDARDS_GROUP);
  g_clear_pointer (&self->standards, g_ptr_array_unref);
  g_clear_pointer (&self->suggestions, g_strfreev);
  G_OBJECT_CLASS (csl_standards_group_parent_class)->dispose (object);
}

static void
csl_standards_group_class_init (CslStandardsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_standards_group_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-standards-group.ui");
  gtk_widget_class_bind_template_child (widget_class, CslStandardsGroup, list);
  gtk_widget_class_bind_template_child (widget_class, CslStandardsGroup, entry);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
}

static void
csl_standards_group_init (CslStandardsGroup *self)
{
  self->standards = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
