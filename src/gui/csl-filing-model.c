#include "config.h"

#include <string.h>

#include "csl-filing-model.h"
#include "records/csl-consistency.h"

/* Rows read at once: a screenful or a few, in one query on the primary key. */
#define PAGE_SIZE 128
/* Search keys made per idle call once the list is shown: a few milliseconds, well inside a
 * frame, so the window stays responsive while 100 000 keys are made. */
#define KEY_CHUNK 1024

struct _CslFilingModel
{
  GObject        parent_instance;

  CslWorkspace  *workspace;
  GArray        *ids;        /* gint64, ascending */
  GPtrArray     *items;      /* CslFilingItem or NULL, one per id */
  guint          n_loaded;

  /* Search: a normalised key per row, all in one buffer (a row's is at key_at[i] in keys,
   * '\0'-terminated), made ahead in idle time so that typing filters strings in memory
   * instead of reading 100 000 rows and making objects for them. */
  GString       *keys;
  GArray        *key_at;     /* guint32 offsets into keys, one per row keyed so far */
  guint          key_source;
  GHashTable    *normal;     /* while keys are made: text -> csl_text_normalize()d */
  char          *query;      /* normalised; NULL: every row is shown */
  GArray        *shown;      /* guint row positions matching query, ascending */
  /* While the list hears of the rows a search took away, the rows it then adds are hidden:
   * each signal must find the model as it describes it. */
  guint          hidden_at;
  guint          n_hidden;
  /* The positions on screen, pointed at their new rows at once; the other rows the list keeps
   * (some 200 in all) are pointed when typing pauses, so that the frame after a key lays out
   * only what is seen. */
  guint          window_at;
  guint          window_n;
  guint          retarget_source;
  /* What the list is handed: a proxy per position shown (NULL until asked for), so that a
   * search can point the rows on screen at other filings and GTK keeps their widgets, instead
   * of destroying and making some 200 rows of cells (most of a key's time, by profile). */
  GPtrArray     *slots;
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
n_shown (CslFilingModel *self)
{
  return self->query != NULL ? self->shown->len : self->ids->len;
}

static guint
csl_filing_model_get_n_items (GListModel *model)
{
  CslFilingModel *self = CSL_FILING_MODEL (model);

  return n_shown (self) - self->n_hidden;
}

static CslFilingItem *
row_item (CslFilingModel *self,
          guint           row)
{
  if (self->items->pdata[row] == NULL)
    load_page (self, row);
  return self->items->pdata[row];
}

static void
point_slot (CslFilingModel *self,
            guint           position)
{
  CslFilingItem *slot = self->slots->pdata[position];

  if (slot != NULL)
    csl_filing_item_set_target (slot, row_item (self, self->query ? g_array_index (self->shown, guint, position)
                                                                  : position));
}

static gpointer
csl_filing_model_get_item (GListModel *model,
                           guint       position)
{
  CslFilingModel *self = CSL_FILING_MODEL (model);

  if (position >= n_shown (self) - self->n_hidden)
    return NULL;
  if (position >= self->hidden_at)
    position += self->n_hidden;
  if (self->slots->pdata[position] == NULL)
    {
      guint row = self->query != NULL ? g_array_index (self->shown, guint, position) : position;

      self->slots->pdata[position] = csl_filing_item_new_proxy (row_item (self, row));
    }
  /* Whoever asks gets the row that is there now, pointed or not yet. */
  else if (self->retarget_source != 0)
    point_slot (self, position);
  return g_object_ref (self->slots->pdata[position]);
}

static void
csl_filing_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = csl_filing_model_get_item_type;
  iface->get_n_items = csl_filing_model_get_n_items;
  iface->get_item = csl_filing_model_get_item;
}

/* ---- search keys ------------------------------------------------------------------------- */

/* normal: NULL, or the normalised text of strings seen before. Names of makers and kinds of
 * product repeat across 100 000 rows; normalising each once makes the keys several times
 * faster (NFKC of Chinese names is most of the cost). */
static void
append_normal (GString    *key,
               const char *text,
               GHashTable *normal)
{
  const char *done = normal ? g_hash_table_lookup (normal, text) : NULL;

  if (done == NULL)
    {
      char *made = csl_text_normalize (text);

      if (normal == NULL)
        {
          g_string_append (key, made);
          g_free (made);
          return;
        }
      g_hash_table_insert (normal, g_strdup (text), made);
      done = made;
    }
  g_string_append (key, done);
}

static char *
make_search_key (const CslFilingSummary *s,
                 GHashTable             *normal)
{
  const char *fields[] = { s->model, s->product_name, s->manufacturer, s->filing_number };
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL)
      {
        /* Models and filing numbers are each a row's own. */
        append_normal (key, fields[i], i == 1 || i == 2 ? normal : NULL);
        g_string_append_c (key, '\x1f');
      }
  return g_string_free (key, FALSE);
}

char *
csl_filing_search_key (const CslFilingSummary *s)
{
  return make_search_key (s, NULL);
}

typedef struct
{
  CslFilingModel *self;
  guint           end;
  GHashTable     *normal;
} KeyLoad;

static void
append_key (CslFilingModel *self,
            const char     *key)
{
  guint32 at = (guint32) self->keys->len;

  g_array_append_val (self->key_at, at);
  g_string_append_len (self->keys, key, (gssize) strlen (key) + 1);
}

static void
add_key (const CslFilingSummary *s,
         gpointer                user_data)
{
  KeyLoad *load = user_data;
  CslFilingModel *self = load->self;
  g_autofree char *key = NULL;

  /* As add_row(): an id the query skipped was removed meanwhile; it matches nothing. */
  while (self->key_at->len < load->end && g_array_index (self->ids, gint64, self->key_at->len) < s->id)
    append_key (self, "");
  if (self->key_at->len < load->end && g_array_index (self->ids, gint64, self->key_at->len) == s->id)
    {
      key = make_search_key (s, load->normal);
      append_key (self, key);
    }
}

/* Makes the keys of the next n rows (all of them for G_MAXUINT), in one query. */
static void
make_keys (CslFilingModel *self,
           guint           n)
{
  guint start = self->key_at->len;
  KeyLoad load = { self, start + MIN (n, self->ids->len - start), self->normal };
  g_autoptr(GError) error = NULL;

  if (start >= load.end)
    return;
  if (self->normal == NULL)
    load.normal = self->normal = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!csl_filing_foreach_summary_between (self->workspace, g_array_index (self->ids, gint64, start),
                                           g_array_index (self->ids, gint64, load.end - 1), add_key, &load, &error))
    g_warning ("Cannot read filings: %s", error->message);
  while (self->key_at->len < load.end)
    append_key (self, "");
  if (self->key_at->len == self->ids->len)
    g_clear_pointer (&self->normal, g_hash_table_unref);
}

static gboolean
make_keys_idle (gpointer user_data)
{
  CslFilingModel *self = user_data;

  make_keys (self, KEY_CHUNK);
  if (self->key_at->len < self->ids->len)
    return G_SOURCE_CONTINUE;
  self->key_source = 0;
  return G_SOURCE_REMOVE;
}

static void
clear_keys (CslFilingModel *self)
{
  g_clear_handle_id (&self->key_source, g_source_remove);
  g_string_truncate (self->keys, 0);
  g_array_set_size (self->key_at, 0);
  g_clear_pointer (&self->normal, g_hash_table_unref);
}

static gboolean
row_matches (CslFilingModel *self,
             guint           row)
{
  return strstr (self->keys->str + g_array_index (self->key_at, guint32, row), self->query) != NULL;
}

/* query is normalised and not empty; shown becomes the rows matching it. A query that contains
 * the last one can only match rows the last one matched: only those are looked at. */
static void
filter (CslFilingModel *self,
        const char     *previous)
{
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (guint));

  make_keys (self, G_MAXUINT);
  if (previous != NULL && strstr (self->query, previous) != NULL)
    {
      for (guint i = 0; i < self->shown->len; i++)
        if (row_matches (self, g_array_index (self->shown, guint, i)))
          g_array_append_val (shown, g_array_index (self->shown, guint, i));
    }
  else
    for (guint row = 0; row < self->ids->len; row++)
      if (row_matches (self, row))
        g_array_append_val (shown, row);
  g_array_unref (self->shown);
  self->shown = g_steal_pointer (&shown);
}

static guint
row_at (GArray *shown,
        guint   position)
{
  return shown != NULL ? g_array_index (shown, guint, position) : position;
}

/* Tells the list what changed between two row lists (NULL: every row): the rows they share at
 * the start and the end keep their items and widgets. Removed, then added, for the reason
 * reload gives. */
static void
announce (CslFilingModel *self,
          GArray         *before,
          guint           n_before,
          GArray         *after,
          guint           n_after)
{
  guint head = 0, tail = 0, removed, added;

  while (head < n_before && head < n_after && row_at (before, head) == row_at (after, head))
    head++;
  while (tail < n_before - head && tail < n_after - head &&
         row_at (before, n_before - 1 - tail) == row_at (after, n_after - 1 - tail))
    tail++;
  removed = n_before - head - tail;
  added = n_after - head - tail;
  g_ptr_array_remove_range (self->slots, head, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (self->slots, (int) head, NULL);
  if (removed > 0)
    {
      self->hidden_at = head;
      self->n_hidden = added;
      g_list_model_items_changed (G_LIST_MODEL (self), head, removed, 0);
      self->n_hidden = 0;
    }
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), head, 0, added);
}

/* Rows off screen are pointed once typing pauses: done between two keys, their layout would
 * hold up the next key's frame. */
#define RETARGET_PAUSE_MS 250

static gboolean
retarget_later (gpointer user_data)
{
  CslFilingModel *self = user_data;

  self->retarget_source = 0;
  for (guint p = 0; p < self->slots->len; p++)
    point_slot (self, p);
  return G_SOURCE_REMOVE;
}

/* The rows on screen are pointed at the filings now at their positions; only the difference in
 * length is announced. A proxy nobody else holds is dropped instead: it is on no screen. */
static void
retarget (CslFilingModel *self,
          guint           n_before,
          guint           n_after)
{
  guint common = MIN (n_before, n_after);
  gboolean later = FALSE;

  g_ptr_array_set_size (self->slots, (int) MAX (n_before, n_after));
  for (guint p = 0; p < common; p++)
    {
      GObject *slot = self->slots->pdata[p];

      if (slot == NULL)
        continue;
      if (g_atomic_int_get (&slot->ref_count) == 1)
        g_clear_object (&self->slots->pdata[p]);
      else if (p >= self->window_at && p - self->window_at < self->window_n)
        point_slot (self, p);
      else
        later = TRUE;
    }
  g_ptr_array_set_size (self->slots, (int) n_after);
  if (later || self->retarget_source != 0)
    {
      g_clear_handle_id (&self->retarget_source, g_source_remove);
      self->retarget_source = g_timeout_add_full (G_PRIORITY_LOW, RETARGET_PAUSE_MS, retarget_later, self, NULL);
    }
  if (n_before > common)
    g_list_model_items_changed (G_LIST_MODEL (self), common, n_before - common, 0);
  if (n_after > common)
    g_list_model_items_changed (G_LIST_MODEL (self), common, 0, n_after - common);
}

void
csl_filing_model_set_window (CslFilingModel *self,
                             guint           position,
                             guint           n_items)
{
  g_return_if_fail (CSL_IS_FILING_MODEL (self));
  self->window_at = position;
  self->window_n = n_items;
}

void
csl_filing_model_set_search (CslFilingModel *self,
                             const char     *text,
                             gboolean        in_place)
{
  g_autofree char *query = NULL;
  g_autofree char *previous = NULL;
  g_autoptr(GArray) before = NULL;
  guint n_before;

  g_return_if_fail (CSL_IS_FILING_MODEL (self));

  query = csl_text_normalize (text);
  if (*query == '\0')
    g_clear_pointer (&query, g_free);
  if (g_strcmp0 (query, self->query) == 0)
    return;
  n_before = n_shown (self);
  if (self->query != NULL)
    before = g_array_ref (self->shown);
  previous = g_steal_pointer (&self->query);
  self->query = g_steal_pointer (&query);
  if (self->query != NULL)
    filter (self, previous);
  else
    {
      g_array_unref (self->shown);
      self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
    }
  if (in_place)
    retarget (self, n_before, n_shown (self));
  else
    announce (self, before, n_before, self->query != NULL ? self->shown : NULL, n_shown (self));
}

guint
csl_filing_model_get_n_filings (CslFilingModel *self)
{
  g_return_val_if_fail (CSL_IS_FILING_MODEL (self), 0);
  return self->ids->len;
}

guint
csl_filing_model_get_n_keyed (CslFilingModel *self)
{
  g_return_val_if_fail (CSL_IS_FILING_MODEL (self), 0);
  return self->key_at->len;
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

  clear_keys (self);
  g_clear_handle_id (&self->retarget_source, g_source_remove);
  g_clear_object (&self->workspace);
  g_ptr_array_set_size (self->slots, 0);
  g_ptr_array_set_size (self->items, 0);
  G_OBJECT_CLASS (csl_filing_model_parent_class)->dispose (object);
}

static void
csl_filing_model_finalize (GObject *object)
{
  CslFilingModel *self = CSL_FILING_MODEL (object);

  g_array_unref (self->ids);
  g_ptr_array_unref (self->items);
  g_string_free (self->keys, TRUE);
  g_array_unref (self->key_at);
  g_array_unref (self->shown);
  g_ptr_array_unref (self->slots);
  g_free (self->query);
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
  self->keys = g_string_new (NULL);
  self->key_at = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
  self->slots = g_ptr_array_new_with_free_func (item_unref);
  self->window_n = G_MAXUINT;
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
  removed = n_shown (self);
  g_array_set_size (self->ids, 0);
  g_ptr_array_set_size (self->items, 0);
  g_array_set_size (self->shown, 0);
  g_ptr_array_set_size (self->slots, 0);
  g_clear_handle_id (&self->retarget_source, g_source_remove);
  clear_keys (self);
  self->n_loaded = 0;
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  g_ptr_array_set_size (self->items, (int) self->ids->len);
  /* A search that was shown goes on over the new rows; otherwise the keys are made while the
   * user looks at the list, at low priority, so that the first key typed finds them. */
  if (self->query != NULL)
    filter (self, NULL);
  else if (self->ids->len > 0)
    self->key_source = g_idle_add_full (G_PRIORITY_LOW, make_keys_idle, self, NULL);
  g_ptr_array_set_size (self->slots, (int) n_shown (self));
  if (n_shown (self) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n_shown (self));
  return TRUE;
}

guint
csl_filing_model_get_n_loaded (CslFilingModel *self)
{
  g_return_val_if_fail (CSL_IS_FILING_MODEL (self), 0);
  return self->n_loaded;
}
