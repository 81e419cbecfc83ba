#include "config.h"

#include "csl-filing-model.h"

/* Rows read at once: a screenful or a few, in one query on the primary key. */
#define PAGE_SIZE 128

struct _CslFilingModel
{
  GObject        parent_instance;

  CslWorkspace  *workspace;
  GArray        *ids;        /* gint64, ascending */
  GPtrArray     *items;      /* CslFilingItem or NULL, one per id */
  guint          n_loaded;
};

static void csl_filing_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CslFilingModel, csl_filing_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, csl_filing_model_list_model_init))

typedef struct
{
  CslFilingModel *self;
  guint           position;   /* of the next id expected */
  guint           end;
} PageLoad;

static void
set_item (CslFilingModel   *self,
          guint             position,
          CslFilingSummary *summary)
{
  self->items->pdata[position] = csl_filing_item_new (summary);
  self->n_loaded++;
}

static void
add_row (const CslFilingSummary *s,
         gpointer                user_data)
{
  PageLoad *load = user_data;
  CslFilingModel *self = load->self;

  /* Ids are ascending on both sides; one the list has that the query did not return was
   * removed by another process since the list was read. */
  while (load->position < load->end && g_array_index (self->ids, gint64, load->position) < s->id)
    load->position++;
  if (load->position < load->end && g_array_index (self->ids, gint64, load->position) == s->id &&
      self->items->pdata[load->position] == NULL)
    set_item (self, load->position++, csl_filing_summary_copy (s));
}

static void
load_page (CslFilingModel *self,
           guint           position)
{
  guint start = position - position % PAGE_SIZE;
  guint end = MIN (start + PAGE_SIZE, self->ids->len);
  PageLoad load = { self, start, end };
  g_autoptr(GError) error = NULL;

  if (!csl_filing_foreach_summary_between (self->workspace, g_array_index (self->ids, gint64, start),
                                           g_array_index (self->ids, gint64, end - 1), add_row, &load, &error))
    g_warning ("Cannot read filings: %s", error->message);
  /* A row that is gone (or could not be read) still needs an item: the list's length is
   * already promised. It shows its id until the next reload. */
  for (guint i = start; i < end; i++)
    if (self->items->pdata[i] == NULL)
      {
        CslFilingSummary *missing = g_new0 (CslFilingSummary, 1);

        missing->id = g_array_index (self->ids, gint64, i);
        missing->model = g_strdup_printf ("%" G_GINT64_FORMAT, missing->id);
        set_item (self, i, missing);
      }
}

static GType
csl_filing_model_get_item_type (GListModel *model)
{
  return CSL_TYPE_FILING_ITEM;
}

static guint
csl_filing_model_get_n_items (GListModel *model)
{
  return CSL_FILING_MODEL (model)->ids->len;
}

static gpointer
csl_filing_model_get_item (GListModel *model,
                           guint       position)
{
  CslFilingModel *self = CSL_FILING_MODEL (model);

  if (position >= self->ids->len)
    return NULL;
  if (self->items->pdata[position] == NULL)
    load_page (self, position);
  return g_object_ref (self->items->pdata[position]);
}

static void
csl_filing_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = csl_filing_model_get_item_type;
  iface->get_n_items = csl_filing_model_get_n_items;
  iface->get_item = csl_filing_model_get_item;
}

/* Rows not read yet are NULL. */
static void
item_unref (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static void
csl_filing_model_dispose (GObject *object)
{
  CslFilingModel *self = CSL_FILING_MODEL (object);

  g_clear_object (&self->workspace);
  g_ptr_array_set_size (self->items, 0);
  G_OBJECT_CLASS (csl_filing_model_parent_class)->dispose (object);
}

static void
csl_filing_model_finalize (GObject *object)
{
  CslFilingModel *self = CSL_FILING_MODEL (object);

  g_array_unref (self->ids);
  g_ptr_array_unref (self->items);
  G_OBJECT_CLASS (csl_filing_model_parent_class)->finalize (object);
}

static void
csl_filing_model_class_init (CslFilingModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = csl_filing_model_dispose;
  object_class->finalize = csl_filing_model_finalize;
}

static void
csl_filing_model_init (CslFilingModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->items = g_ptr_array_new_with_free_func (item_unref);
}

CslFilingModel *
csl_filing_model_new (void)
{
  return g_object_new (CSL_TYPE_FILING_MODEL, NULL);
}

gboolean
csl_filing_model_reload (CslFilingModel  *self,
                         CslWorkspace    *workspace,
                         GError         **error)
{
  g_autoptr(GArray) ids = NULL;
  guint removed;

  g_return_val_if_fail (CSL_IS_FILING_MODEL (self), FALSE);

  if (workspace != NULL && (ids = csl_filing_list_ids (workspace, error)) == NULL)
    return FALSE;
  if (ids == NULL)
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_set_object (&self->workspace, workspace);
  /* Removed, then added, in two signals: in one, GTK 4.8's list view looks up every new item
   * to see whether it had a row for it, which would read all 100 000. */
  removed = self->ids->len;
  g_array_set_size (self->ids, 0);
  g_ptr_array_set_size (self->items, 0);
  self->n_loaded = 0;
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  g_ptr_array_set_size (self->items, (int) self->ids->len);
  if (self->ids->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->ids->len);
  return TRUE;
}

guint
csl_filing_model_get_n_loaded (CslFilingModel *self)
{
  g_return_val_if_fail (CSL_IS_FILING_MODEL (self), 0);
  return self->n_loaded;
}
