#include "config.h"

#include <glib/gi18n.h>

#include "csl-deadlines-view.h"
#include "csl-filing-item.h"
#include "csl-manufacturer.h"
#include "csl-window.h"

struct _CslWindow
{
  AdwApplicationWindow  parent_instance;

  CslWorkspace         *workspace;
  GListStore           *filings;
  guint                 n_manufacturers;

  GtkStack             *filings_stack;
  GtkColumnView        *filings_view;
  GtkStack             *manufacturers_stack;
  GtkListBox           *manufacturers_list;
  AdwViewStack         *stack;
  CslDeadlinesView     *deadlines_view;
};

G_DEFINE_FINAL_TYPE (CslWindow, csl_window, ADW_TYPE_APPLICATION_WINDOW)

typedef enum
{
  COLUMN_PRODUCT,
  COLUMN_MANUFACTURER,
  COLUMN_GRADE,
  COLUMN_STATUS,
  COLUMN_VALID_UNTIL,
} Column;

static char *
column_text (const CslFilingSummary *s,
             Column                  column)
{
  switch (column)
    {
    case COLUMN_PRODUCT:
      return s->product_name ? g_strdup_printf ("%s — %s", s->model, s->product_name) : g_strdup (s->model);
    case COLUMN_MANUFACTURER:
      return g_strdup (s->manufacturer);
    case COLUMN_GRADE:
      return g_strdup (csl_grade_stars (s->grade));
    case COLUMN_STATUS:
      return g_strdup (csl_filing_status_label (s->status));
    case COLUMN_VALID_UNTIL:
      return g_strdup (s->valid_until ? s->valid_until : "—");
    default:
      g_assert_not_reached ();
    }
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  CslFilingItem *filing = gtk_list_item_get_item (item);
  g_autofree char *text = column_text (csl_filing_item_get_summary (filing), GPOINTER_TO_INT (user_data));
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (GPOINTER_TO_INT (user_data) == COLUMN_GRADE)
    gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    csl_grade_name (csl_filing_item_get_summary (filing)->grade), -1);
}

static void
add_column (CslWindow  *self,
            const char *title,
            Column      column,
            gboolean    expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), GINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (self->filings_view, col);
  g_object_unref (col);
}

static void
reload_filings (CslWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = csl_filing_list_summaries (self->workspace, 0, &error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (list == NULL)
    {
      g_warning ("Cannot list filings: %s", error->message);
      return;
    }
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (items, csl_filing_item_new (list->pdata[i]));
  /* The items own the summaries now. */
  g_ptr_array_set_free_func (list, NULL);
  g_list_store_splice (self->filings, 0, g_list_model_get_n_items (G_LIST_MODEL (self->filings)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->filings_stack, items->len > 0 ? "list" : "empty");
}

static void
reload_manufacturers (CslWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = csl_manufacturer_list (self->workspace, &error);
  GtkWidget *child;

  if (list == NULL)
    {
      g_warning ("Cannot list manufacturers: %s", error->message);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->manufacturers_list))) != NULL)
    gtk_list_box_remove (self->manufacturers_list, child);
  for (guint i = 0; i < list->len; i++)
    {
      CslManufacturer *m = list->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = m->name_zh && m->name_en
        ? g_strdup_printf ("%s · %s", m->name_en, m->uscc)
        : g_strdup (m->uscc);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), csl_manufacturer_display_name (m));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->manufacturers_list, row);
    }
  self->n_manufacturers = list->len;
  gtk_stack_set_visible_child_name (self->manufacturers_stack, list->len > 0 ? "list" : "empty");
}

void
csl_window_reload (CslWindow *self)
{
  g_return_if_fail (CSL_IS_WINDOW (self));
  reload_filings (self);
  reload_manufacturers (self);
}

static void
on_workspace_changed (CslWindow  *self,
                      const char *entity)
{
  csl_window_reload (self);
}

static void
csl_window_dispose (GObject *object)
{
  CslWindow *self = CSL_WINDOW (object);

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);
  g_clear_object (&self->filings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_WINDOW);
  G_OBJECT_CLASS (csl_window_parent_class)->dispose (object);
}

static void
csl_window_class_init (CslWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_window_dispose;

  g_type_ensure (CSL_TYPE_DEADLINES_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CslWindow, filings_stack);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, filings_view);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, manufacturers_stack);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, manufacturers_list);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CslWindow, deadlines_view);
}

static void
csl_window_init (CslWindow *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filings = g_list_store_new (CSL_TYPE_FILING_ITEM);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filings)));
  gtk_column_view_set_model (self->filings_view, GTK_SELECTION_MODEL (selection));
  add_column (self, _("Product"), COLUMN_PRODUCT, TRUE);
  add_column (self, _("Manufacturer"), COLUMN_MANUFACTURER, TRUE);
  add_column (self, _("Grade"), COLUMN_GRADE, FALSE);
  add_column (self, _("Status"), COLUMN_STATUS, FALSE);
  add_column (self, _("Valid Until"), COLUMN_VALID_UNTIL, FALSE);
}

CslWindow *
csl_window_new (CslApplication *app,
                CslWorkspace   *workspace)
{
  CslWindow *self = g_object_new (CSL_TYPE_WINDOW, "application", app, NULL);

  self->workspace = g_object_ref (workspace);
  g_signal_connect_object (workspace, "changed", G_CALLBACK (on_workspace_changed), self, G_CONNECT_SWAPPED);
  csl_window_reload (self);
  csl_deadlines_view_set_workspace (self->deadlines_view, workspace);
  return self;
}

void
csl_window_show_page (CslWindow  *self,
                      const char *name)
{
  g_return_if_fail (CSL_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->stack, name);
}

GListModel *
csl_window_get_filings (CslWindow *self)
{
  g_return_val_if_fail (CSL_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->filings);
}

guint
csl_window_get_n_manufacturers (CslWindow *self)
{
  g_return_val_if_fail (CSL_IS_WINDOW (self), 0);
  return self->n_manufacturers;
}
