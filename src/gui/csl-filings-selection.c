#include "config.h"

#include "csl-filing-item.h"
#include "csl-filings-selection.h"

/* Looked for this far around where it was: a reload moves a row by the few rows a colleague
 * added or removed, and reading further would page in rows of a 100 000-filing list that
 * nobody looks at. */
#define SEARCH_WINDOW 512
/* More selected rows than this are not carried over (a select-all of a huge list). */
#define MAX_SAVED 1024

typedef struct
{
  gint64 id;
  guint  position;
} Saved;

struct _CslFilingsSelection
{
  GArray *rows;
};

static gint64
id_at (GListModel *model,
       guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  return CSL_IS_FILING_ITEM (item) ? csl_filing_item_get_summary (CSL_FILING_ITEM (item))->id : 0;
}

CslFilingsSelection *
csl_filings_selection_save (GtkSelectionModel *model)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (model);
  CslFilingsSelection *saved = g_new0 (CslFilingsSelection, 1);
  GtkBitsetIter iter;
  guint position;

  saved->rows = g_array_new (FALSE, FALSE, sizeof (Saved));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more && saved->rows->len < MAX_SAVED; more = gtk_bitset_iter_next (&iter, &position))
    {
      Saved row = { id_at (G_LIST_MODEL (model), position), position };

      if (row.id > 0)
        g_array_append_val (saved->rows, row);
    }
  return saved;
}

static gboolean
find (GListModel *model,
      const Saved *row,
      guint       *found)
{
  guint n = g_list_model_get_n_items (model);

  for (guint d = 0; d <= SEARCH_WINDOW; d++)
    {
      if (row->position + d < n && id_at (model, row->position + d) == row->id)
        {
          *found = row->position + d;
          return TRUE;
        }
      if (d > 0 && d <= row->position && row->position - d < n && id_at (model, row->position - d) == row->id)
        {
          *found = row->position - d;
          return TRUE;
        }
    }
  return FALSE;
}

void
csl_filings_selection_restore (GtkSelectionModel   *model,
                               CslFilingsSelection *saved)
{
  gboolean first = TRUE;

  for (guint i = 0; i < saved->rows->len; i++)
    {
      guint position;

      if (!find (G_LIST_MODEL (model), &g_array_index (saved->rows, Saved, i), &position))
        continue;
      gtk_selection_model_select_item (model, position, first);
      first = FALSE;
    }
  g_array_unref (saved->rows);
  g_free (saved);
}
