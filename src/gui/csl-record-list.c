#include "config.h"

#include <glib/gi18n.h>

#include "csl-record-list.h"

struct _CslRecordList
{
  GtkWidget          parent_instance;

  CslWorkspace      *workspace;
  CslRecordLoadFunc  load;
  guint              n_rows;

  GtkStack          *stack;
  AdwStatusPage     *status_page;
  GtkButton         *empty_add_button;
  GtkButton         *add_button;
  GtkListBox        *list;
};

G_DEFINE_FINAL_TYPE (CslRecordList, csl_record_list, GTK_TYPE_WIDGET)

enum {
  ADD,
  EDIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

CslRecordRow *
csl_record_row_new (gint64      id,
                    const char *title,
                    const char *subtitle,
                    const char *badge)
{
  CslRecordRow *row = g_new0 (CslRecordRow, 1);

  row->id = id;
  row->title = g_strdup (title);
  row->subtitle = g_strdup (subtitle);
  row->badge = g_strdup (badge);
  return row;
}

void
csl_record_row_free (CslRecordRow *row)
{
  if (row == NULL)
    return;
  g_free (row->title);
  g_free (row->subtitle);
  g_free (row->badge);
  g_free (row);
}

static void
on_add_clicked (CslRecordList *self)
{
  g_signal_emit (self, signals[ADD], 0);
}

static void
on_row_activated (CslRecordList *self,
                  GtkListBoxRow *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "record-id");

  g_signal_emit (self, signals[EDIT], 0, *id);
}

void
csl_record_list_reload (CslRecordList *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *child;

  g_return_if_fail (CSL_IS_RECORD_LIST (self));
  if (self->workspace == NULL)
    return;
  rows = self->load (self->workspace, &error);
  if (rows == NULL)
    {
      g_warning ("Cannot list records: %s", error->message);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < rows->len; i++)
    {
      CslRecordRow *r = rows->pdata[i];
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (r->subtitle)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), r->subtitle);
      if (r->badge)
        {
          GtkWidget *badge = gtk_label_new (r->badge);

          gtk_widget_add_css_class (badge, "warning");
          gtk_widget_add_css_class (badge, "caption-heading");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "record-id", g_memdup2 (&r->id, sizeof r->id), g_free);
      gtk_list_box_append (self->list, row);
    }
  self->n_rows = rows->len;
  gtk_stack_set_visible_child_name (self->stack, rows->len > 0 ? "list" : "empty");
}

static void
on_workspace_changed (CslRecordList *self,
                      const char    *entity)
{
  csl_record_list_reload (self);
}

void
csl_record_list_set_workspace (CslRecordList *self,
                               CslWorkspace  *workspace)
{
  g_return_if_fail (CSL_IS_RECORD_LIST (self));
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_set_object (&self->workspace, workspace);
  if (workspace != NULL)
    g_signal_connect_object (workspace, "changed", G_CALLBACK (on_workspace_changed), self, G_CONNECT_SWAPPED);
  csl_record_list_reload (self);
}

guint
csl_record_list_get_n_rows (CslRecordList *self)
{
  g_return_val_if_fail (CSL_IS_RECORD_LIST (self), 0);
  return self->n_rows;
}

static void
csl_record_list_dispose (GObject *object)
{
  CslRecordList *self = CSL_RECORD_LIST (object);
  GtkWidget *child;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_RECORD_LIST);
  /* GTK 4.8 leaves an unnamed top-level template child in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (csl_record_list_parent_class)->dispose (object);
}

static void
csl_record_list_class_init (CslRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_record_list_dispose;
  signals[ADD] = g_signal_new ("add", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                               G_TYPE_NONE, 0);
  signals[EDIT] = g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-record-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CslRecordList, stack);
  gtk_widget_class_bind_template_child (widget_class, CslRecordList, status_page);
  gtk_widget_class_bind_template_child (widget_class, CslRecordList, empty_add_button);
  gtk_widget_class_bind_template_child (widget_class, CslRecordList, add_button);
  gtk_widget_class_bind_template_child (widget_class, CslRecordList, list);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
csl_record_list_init (CslRecordList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CslRecordList *
csl_record_list_new (const char        *list_label,
                     const char        *icon_name,
                     const char        *empty_title,
                     const char        *empty_description,
                     const char        *add_label,
                     CslRecordLoadFunc  load)
{
  CslRecordList *self = g_object_new (CSL_TYPE_RECORD_LIST, NULL);

  self->load = load;
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, empty_title);
  adw_status_page_set_description (self->status_page, empty_description);
  gtk_button_set_label (self->empty_add_button, add_label);
  gtk_button_set_label (self->add_button, add_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, list_label, -1);
  return self;
}
