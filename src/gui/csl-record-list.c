#include "config.h"

#include <glib/gi18n.h>

#include "csl-gui-util.h"
#include "csl-record-list.h"

struct _CslRecordList
{
  GtkWidget          parent_instance;

  CslWorkspace      *workspace;
  CslRecordLoadFunc  load;
  guint              n_rows;
  gboolean           stale;     /* reload when next shown or asked */

  GtkStack          *stack;
  AdwStatusPage     *status_page;
  GtkButton         *empty_add_button;
  GtkButton         *add_button;
  GtkLabel          *heading;
  GtkListView       *list;
  GListStore        *items;
};

G_DEFINE_FINAL_TYPE (CslRecordList, csl_record_list, GTK_TYPE_WIDGET)

/* A record in the list's model: the list view makes widgets only for the rows on screen, so an
 * agent's thousand manufacturers cost no more than ten. */
#define CSL_TYPE_RECORD_ITEM (csl_record_item_get_type ())
G_DECLARE_FINAL_TYPE (CslRecordItem, csl_record_item, CSL, RECORD_ITEM, GObject)

struct _CslRecordItem
{
  GObject       parent_instance;
  CslRecordRow *row;
};

G_DEFINE_FINAL_TYPE (CslRecordItem, csl_record_item, G_TYPE_OBJECT)

static void
csl_record_item_finalize (GObject *object)
{
  csl_record_row_free (CSL_RECORD_ITEM (object)->row);
  G_OBJECT_CLASS (csl_record_item_parent_class)->finalize (object);
}

static void
csl_record_item_class_init (CslRecordItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = csl_record_item_finalize;
}

static void
csl_record_item_init (CslRecordItem *self)
{
}

/* Takes the row. */
static CslRecordItem *
csl_record_item_new (CslRecordRow *row)
{
  CslRecordItem *self = g_object_new (CSL_TYPE_RECORD_ITEM, NULL);

  self->row = row;
  return self;
}

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
                  guint          position)
{
  g_autoptr(CslRecordItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  if (item != NULL)
    g_signal_emit (self, signals[EDIT], 0, item->row->id);
}

static void
on_setup_row (GtkListItemFactory *factory,
              GtkListItem        *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0.0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (badge, "warning");
  gtk_widget_add_css_class (badge, "caption-heading");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (box), "badge", badge);
  gtk_list_item_set_child (item, box);
}

static void
on_bind_row (GtkListItemFactory *factory,
             GtkListItem        *item)
{
  CslRecordRow *row = CSL_RECORD_ITEM (gtk_list_item_get_item (item))->row;
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkLabel *subtitle = g_object_get_data (G_OBJECT (box), "subtitle");
  GtkLabel *badge = g_object_get_data (G_OBJECT (box), "badge");

  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "title"), row->title);
  gtk_label_set_text (subtitle, row->subtitle ? row->subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (subtitle), row->subtitle != NULL && *row->subtitle);
  gtk_label_set_text (badge, row->badge ? row->badge : "");
  gtk_widget_set_visible (GTK_WIDGET (badge), row->badge != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, row->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, row->subtitle ? row->subtitle : "", -1);
}

static void
ensure_loaded (CslRecordList *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;

  if (!self->stale || self->workspace == NULL)
    return;
  rows = self->load (self->workspace, &error);
  if (rows == NULL)
    {
      /* Still stale: the next showing tries again. */
      g_warning ("Cannot list records: %s", error->message);
      return;
    }
  self->stale = FALSE;
  items = g_ptr_array_new_full (rows->len, g_object_unref);
  /* The items take the rows over. */
  g_ptr_array_set_free_func (rows, NULL);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (items, csl_record_item_new (rows->pdata[i]));
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  self->n_rows = rows->len;
  gtk_stack_set_visible_child_name (self->stack, rows->len > 0 ? "list" : "empty");
}

/* A list nobody is looking at waits until it is shown (or asked), so that opening a workspace
 * does not lay out the rows of pages the user has not opened. */
void
csl_record_list_reload (CslRecordList *self)
{
  g_return_if_fail (CSL_IS_RECORD_LIST (self));
  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_loaded (self);
}

static void
csl_record_list_map (GtkWidget *widget)
{
  ensure_loaded (CSL_RECORD_LIST (widget));
  GTK_WIDGET_CLASS (csl_record_list_parent_class)->map (widget);
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
  ensure_loaded (self);
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
  g_clear_object (&self->items);
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
  widget_class->map = csl_record_list_map;
  signals[ADD] = g_signal_new ("add", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                               G_TYPE_NONE, 0);
  signals[EDIT] = g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-record-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CslRecordList, stack);
  gtk_widget_class_bind_template_child (widget_class, CslRecordList, status_page);
  gtk_widget_class_bind_template_child (widget_class, CslRecordList, empty_add_button);
  gtk_widget_class_bind_template_child (widget_class, CslRecordList, heading);
  gtk_widget_class_bind_template_child (widget_class, CslRecordList, add_button);
  gtk_widget_class_bind_template_child (widget_class, CslRecordList, list);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
csl_record_list_init (CslRecordList *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  csl_gui_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = g_list_store_new (CSL_TYPE_RECORD_ITEM);
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_row), NULL);
  gtk_list_view_set_factory (self->list, factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (selection));
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
  /* The empty state's pill carries no access key (the header's button has it). */
  {
    g_autofree char *plain = csl_strip_mnemonic (add_label);

    gtk_button_set_label (self->empty_add_button, plain);
  }
  gtk_button_set_label (self->add_button, add_label);
  gtk_label_set_text (self->heading, list_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, list_label, -1);
  return self;
}
