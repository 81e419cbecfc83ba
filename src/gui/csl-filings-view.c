#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "base/csl-atomic.h"
#include "base/csl-csv.h"
#include "csl-bulk-window.h"
#include "csl-filing-item.h"
#include "csl-filing-model.h"
#include "csl-filings-selection.h"
#include "csl-filings-view.h"
#include "csl-gui-util.h"
#include "csl-label-sheet-print.h"
#include "records/csl-manufacturer.h"
#include "records/csl-serialize.h"

struct _CslFilingsView
{
  GtkWidget           parent_instance;

  CslWorkspace       *workspace;
  CslFilingModel     *filings;    /* reads rows as they are shown */
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;     /* set on filtered only while something is filtered */
  GArray             *manufacturer_ids;   /* dropdown position - 1 -> id */

  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *manufacturer_filter;
  GtkDropDown        *status_filter;
  GtkRevealer        *filter_revealer;
  GtkLabel           *filter_count;
  GtkButton          *manufacturer_pill;
  GtkButton          *status_pill;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  GtkMultiSelection  *selection;
  GtkActionBar       *action_bar;
  GtkLabel           *selection_label;
  GtkToggleButton    *select_button;
  GtkColumnViewColumn *check_column;   /* the check boxes of selection mode */
};

G_DEFINE_FINAL_TYPE (CslFilingsView, csl_filings_view, GTK_TYPE_WIDGET)

enum {
  FILING_ACTIVATED,
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The columns; a column's number is also the item key slot of its sort key. */
typedef enum
{
  COLUMN_PRODUCT,
  COLUMN_MANUFACTURER,
  COLUMN_GRADE,
  COLUMN_STATUS,
  COLUMN_FILING_NUMBER,
  COLUMN_VALID_UNTIL,
  N_COLUMNS
} Column;

G_STATIC_ASSERT (N_COLUMNS <= CSL_FILING_ITEM_N_KEYS);

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
    case COLUMN_FILING_NUMBER:
      return g_strdup (s->filing_number ? s->filing_number : "—");
    case COLUMN_VALID_UNTIL:
      return s->valid_until ? csl_format_date (s->valid_until) : g_strdup ("—");
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
  /* Rows of a comfortable height for a table read all day (about 36 px, not 21). */
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  if (GPOINTER_TO_INT (user_data) == COLUMN_GRADE)
    gtk_widget_add_css_class (label, "warning");
  /* In the narrow layout the product keeps a readable width; the table scrolls sideways
   * rather than cut it to "CAM-100 — H…" beside columns of dashes. */
  if (GPOINTER_TO_INT (user_data) == COLUMN_PRODUCT)
    gtk_label_set_width_chars (GTK_LABEL (label), 20);
  if (GPOINTER_TO_INT (user_data) == COLUMN_STATUS)
    {
      /* A coloured pill (csl-filer.css): what needs action stands out in a long table. */
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_add_css_class (label, "status-pill");
    }
  gtk_list_item_set_child (item, label);
}

static void
show_row (GtkWidget     *label,
          CslFilingItem *item)
{
  const CslFilingSummary *s = csl_filing_item_get_summary (item);
  Column column = (Column) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "column"));
  g_autofree char *text = column_text (s, column);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (column == COLUMN_STATUS)
    for (int st = 0; st < CSL_N_STATUSES; st++)
      {
        if (st == (int) s->status)
          gtk_widget_add_css_class (label, csl_filing_status_to_string ((CslFilingStatus) st));
        else
          gtk_widget_remove_css_class (label, csl_filing_status_to_string ((CslFilingStatus) st));
      }
  /* Stars mean nothing to a screen reader: say the grade. */
  if (column == COLUMN_GRADE)
    gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    csl_grade_name (s->grade), -1);
}

/* A search points the item at another filing while the row stays (csl_filing_model_set_search). */
static void
on_item_changed (CslFilingItem *item,
                 GtkWidget     *label)
{
  show_row (label, item);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  CslFilingItem *filing = gtk_list_item_get_item (item);

  g_object_set_data (G_OBJECT (label), "column", user_data);
  show_row (label, filing);
  g_signal_connect_object (filing, "changed", G_CALLBACK (on_item_changed), label, 0);
}

static void
unbind_label (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), on_item_changed,
                                        gtk_list_item_get_child (item));
}

static char *
make_sort_key (const CslFilingSummary *s,
               guint                   column)
{
  g_autofree char *text = column_text (s, (Column) column);

  return g_utf8_collate_key (text, -1);
}

static int
compare_column (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  CslFilingItem *ia = (CslFilingItem *) a, *ib = (CslFilingItem *) b;
  const CslFilingSummary *sa = csl_filing_item_get_summary (ia);
  const CslFilingSummary *sb = csl_filing_item_get_summary (ib);
  Column column = (Column) GPOINTER_TO_INT (user_data);

  switch (column)
    {
    case COLUMN_GRADE:
      return sa->grade - sb->grade;
    case COLUMN_STATUS:
      return (int) sa->status - (int) sb->status;
    case COLUMN_VALID_UNTIL:
      /* By the ISO date, whatever the locale shows. */
      return g_strcmp0 (sa->valid_until, sb->valid_until);
    case COLUMN_PRODUCT:
    case COLUMN_MANUFACTURER:
    case COLUMN_FILING_NUMBER:
    default:
      /* As g_utf8_collate() orders them, with the keys made once per row. */
      return strcmp (csl_filing_item_get_key (ia, column, make_sort_key),
                     csl_filing_item_get_key (ib, column, make_sort_key));
    }
}

static void
add_column (CslFilingsView *self,
            const char     *title,
            Column          column,
            gboolean        expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;
  g_autoptr(GtkSorter) sorter = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_label), GINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_column, GINT_TO_POINTER (column), NULL));
  gtk_column_view_column_set_sorter (col, sorter);
  gtk_column_view_append_column (self->column_view, col);
}

static gint64
selected_manufacturer (CslFilingsView *self)
{
  guint m = gtk_drop_down_get_selected (self->manufacturer_filter);

  if (m == GTK_INVALID_LIST_POSITION || m == 0 || m - 1 >= self->manufacturer_ids->len)
    return 0;
  return g_array_index (self->manufacturer_ids, gint64, m - 1);
}

static int
selected_status (CslFilingsView *self)
{
  guint st = gtk_drop_down_get_selected (self->status_filter);

  return st == GTK_INVALID_LIST_POSITION || st == 0 ? -1 : (int) st - 1;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  CslFilingsView *self = user_data;
  const CslFilingSummary *s = csl_filing_item_get_summary (item);
  gint64 manufacturer = selected_manufacturer (self);
  int status = selected_status (self);

  if (manufacturer != 0 && manufacturer != s->manufacturer_id)
    return FALSE;
  if (status >= 0 && (int) s->status != status)
    return FALSE;
  return TRUE;
}

static gboolean
filtering (CslFilingsView *self)
{
  return selected_manufacturer (self) != 0 || selected_status (self) >= 0;
}

/* A filter pill shows the filter's value and a cross; clicking it takes that filter away. */
static void
set_pill (GtkButton   *pill,
          GtkDropDown *filter)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (filter);
  const char *value = item != NULL ? gtk_string_object_get_string (item) : "";
  GtkWidget *box = gtk_button_get_child (pill);
  g_autofree char *what = g_strdup_printf (_("Remove the filter “%s”"), value);

  gtk_widget_set_visible (GTK_WIDGET (pill), gtk_drop_down_get_selected (filter) > 0 &&
                                             gtk_drop_down_get_selected (filter) != GTK_INVALID_LIST_POSITION);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), value);
  gtk_widget_set_tooltip_text (GTK_WIDGET (pill), what);
  gtk_accessible_update_property (GTK_ACCESSIBLE (pill), GTK_ACCESSIBLE_PROPERTY_LABEL, what, -1);
}

static GtkWidget *
new_pill_child (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("window-close-symbolic"));
  return box;
}

/* The search bar holds the filters; once it is closed the list would still be narrowed with
 * nothing on screen saying so. The pills say so, and undo it, until the bar opens again. */
static void
update_filter_pills (CslFilingsView *self)
{
  guint n = (selected_manufacturer (self) != 0) + (selected_status (self) >= 0);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u filter:", "%u filters:", n), n);

  set_pill (self->manufacturer_pill, self->manufacturer_filter);
  set_pill (self->status_pill, self->status_filter);
  gtk_label_set_text (self->filter_count, count);
  gtk_revealer_set_reveal_child (self->filter_revealer,
                                 n > 0 && !gtk_search_bar_get_search_mode (self->search_bar));
}

static void
on_manufacturer_pill_clicked (CslFilingsView *self)
{
  gtk_drop_down_set_selected (self->manufacturer_filter, 0);
}

static void
on_status_pill_clicked (CslFilingsView *self)
{
  gtk_drop_down_set_selected (self->status_filter, 0);
}

static void
on_clear_filters_clicked (CslFilingsView *self)
{
  gtk_drop_down_set_selected (self->manufacturer_filter, 0);
  gtk_drop_down_set_selected (self->status_filter, 0);
}

static void
update_stack (CslFilingsView *self)
{
  guint all = csl_filing_model_get_n_filings (self->filings);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  gtk_stack_set_visible_child_name (self->stack, all == 0 ? "empty" : shown == 0 ? "no-match" : "list");
}

/* With nothing to filter the filter is taken away, so that the list passes the rows through
 * unread instead of reading all of them to test each. */
static void
refilter (CslFilingsView *self)
{
  if (!filtering (self))
    gtk_filter_list_model_set_filter (self->filtered, NULL);
  else if (gtk_filter_list_model_get_filter (self->filtered) == NULL)
    gtk_filter_list_model_set_filter (self->filtered, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_stack (self);
  update_filter_pills (self);
}

/* The search is the model's: it filters keys made ahead of time, in memory, and the list
 * only hears which rows went. */
static void
on_search_changed (CslFilingsView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  /* The rows on screen keep their widgets unless a sort, a filter or a selection holds on to
   * the items themselves. */
  gboolean in_place = !filtering (self) && gtk_bitset_is_empty (selected) &&
                      (sorter == NULL || gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE);

  GtkAdjustment *scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  /* The rows on screen, from the scroll position and the rows' average height, with a margin
   * for the guess: they show the search's result in the next frame, the rest soon after. */
  if (scroll != NULL && n > 0 && gtk_adjustment_get_upper (scroll) > 0)
    {
      double row = gtk_adjustment_get_upper (scroll) / n;
      guint first = (guint) (gtk_adjustment_get_value (scroll) / row);

      csl_filing_model_set_window (self->filings, first > 8 ? first - 8 : 0,
                                   (guint) (gtk_adjustment_get_page_size (scroll) / row) + 24);
    }
  csl_filing_model_set_search (self->filings, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), in_place);
  update_stack (self);
}

static void
on_activate (CslFilingsView *self,
             guint           position)
{
  GtkSelectionModel *model = gtk_column_view_get_model (self->column_view);
  g_autoptr(CslFilingItem) item = g_list_model_get_item (G_LIST_MODEL (model), position);

  if (item != NULL)
    g_signal_emit (self, signals[FILING_ACTIVATED], 0, csl_filing_item_get_summary (item)->id);
}

static void
reload_manufacturers (CslFilingsView *self)
{
  g_autoptr(GPtrArray) list = self->workspace ? csl_manufacturer_list (self->workspace, NULL) : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = gtk_drop_down_get_selected (self->manufacturer_filter);
  gint64 selected_id = selected > 0 && selected != GTK_INVALID_LIST_POSITION && selected - 1 < self->manufacturer_ids->len
                       ? g_array_index (self->manufacturer_ids, gint64, selected - 1) : 0;
  guint restore = 0;

  g_array_set_size (self->manufacturer_ids, 0);
  gtk_string_list_append (names, _("All Manufacturers"));
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      CslManufacturer *m = list->pdata[i];

      gtk_string_list_append (names, csl_manufacturer_display_name (m));
      g_array_append_val (self->manufacturer_ids, m->id);
      if (m->id == selected_id)
        restore = i + 1;
    }
  gtk_drop_down_set_model (self->manufacturer_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->manufacturer_filter, restore);
}

/* ---- selection and bulk actions --------------------------------------------------------- */

GArray *
csl_filings_view_get_selected_ids (CslFilingsView *self)
{
  g_autoptr(GtkBitset) set = NULL;
  GtkBitsetIter iter;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint position;

  g_return_val_if_fail (CSL_IS_FILINGS_VIEW (self), ids);
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  /* In the order shown, so the bulk window lists them as the user sees them. */
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(CslFilingItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (item != NULL)
        g_array_append_val (ids, csl_filing_item_get_summary (item)->id);
    }
  return ids;
}

static void
update_selection (CslFilingsView *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 n = gtk_bitset_get_size (set);
  gboolean mode = gtk_toggle_button_get_active (self->select_button);
  static const char *const actions[] = { "filings.check", "filings.export-labels", "filings.print-labels",
                                         "filings.package", "filings.refile", "filings.record-submission" };
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("Click filings to select them; Ctrl and Shift add to the selection"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u filing selected", "%u filings selected", (gulong) n),
                            (guint) n);
  gtk_label_set_text (self->selection_label, text);
  gtk_action_bar_set_revealed (self->action_bar, mode || n > 1);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], n > 0 && self->workspace != NULL &&
                                   (i <= 2 || !csl_workspace_is_read_only (self->workspace)));
}

/* Selection mode, as in GNOME Files: a plain click adds a filing to the selection or takes it
 * out, instead of replacing it; leaving the mode clears the selection. */
static void
on_select_toggled (CslFilingsView *self)
{
  gboolean mode = gtk_toggle_button_get_active (self->select_button);

  gtk_column_view_set_enable_rubberband (self->column_view, mode);
  gtk_column_view_column_set_visible (self->check_column, mode);
  if (!mode)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  update_selection (self);
}

/* The check box of selection mode: it shows the row's selection and changes only its row's. */
static void
on_check_toggled (GtkCheckButton *check,
                  CslFilingsView *self)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (check), "list-item");
  guint position = gtk_list_item_get_position (item);
  gboolean active = gtk_check_button_get_active (check);

  if (position == GTK_INVALID_LIST_POSITION || active == gtk_list_item_get_selected (item))
    return;
  if (active)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, FALSE);
  else
    gtk_selection_model_unselect_item (GTK_SELECTION_MODEL (self->selection), position);
}

static void
setup_check (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CslFilingsView           *self)
{
  GtkWidget *check = gtk_check_button_new ();

  g_object_set_data (G_OBJECT (check), "list-item", item);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Select filing"), -1);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_check_toggled), self, 0);
  gtk_list_item_set_child (item, check);
}

static void
bind_check (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *check = gtk_list_item_get_child (item);
  GBinding *binding = g_object_bind_property (item, "selected", check, "active", G_BINDING_SYNC_CREATE);

  g_object_set_data (G_OBJECT (check), "binding", binding);
}

static void
unbind_check (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *check = gtk_list_item_get_child (item);
  GBinding *binding = g_object_steal_data (G_OBJECT (check), "binding");

  if (binding != NULL)
    g_binding_unbind (binding);
}

static void
add_check_column (CslFilingsView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_check), self, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_check), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_check), NULL);
  col = gtk_column_view_column_new (NULL, factory);
  gtk_column_view_column_set_visible (col, FALSE);
  /* Last, so the data columns keep their places (tests and the row styling count on them). */
  gtk_column_view_append_column (self->column_view, col);
  self->check_column = col;
}

static void
open_bulk (CslFilingsView *self,
           CslBulkKind     kind)
{
  g_autoptr(GArray) ids = csl_filings_view_get_selected_ids (self);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkBitsetIter iter;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  CslBulkWindow *window;
  guint position;

  if (ids->len == 0 || self->workspace == NULL)
    return;
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(CslFilingItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
      const CslFilingSummary *s = csl_filing_item_get_summary (item);
      g_autofree char *product = column_text (s, COLUMN_PRODUCT);

      g_ptr_array_add (titles, g_strdup_printf ("%s · %s", product, s->manufacturer));
    }
  g_ptr_array_add (titles, NULL);
  window = csl_bulk_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->workspace, kind, ids,
                                (const char *const *) titles->pdata);
  gtk_window_present (GTK_WINDOW (window));
}

static void
bulk_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  static const struct { const char *name; CslBulkKind kind; } map[] = {
    { "filings.check", CSL_BULK_CHECK },
    { "filings.export-labels", CSL_BULK_EXPORT_LABELS },
    { "filings.package", CSL_BULK_PACKAGE },
    { "filings.refile", CSL_BULK_REFILE },
    { "filings.record-submission", CSL_BULK_RECORD_SUBMISSION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (action, map[i].name) == 0)
      open_bulk (CSL_FILINGS_VIEW (widget), map[i].kind);
}

static void
print_labels_action (GtkWidget  *widget,
                     const char *action,
                     GVariant   *param)
{
  CslFilingsView *self = CSL_FILINGS_VIEW (widget);
  g_autoptr(GArray) ids = csl_filings_view_get_selected_ids (self);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (ids->len == 0 || self->workspace == NULL)
    return;
  gtk_window_present (GTK_WINDOW (csl_label_sheet_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                              self->workspace, ids)));
}

/* ---- export ------------------------------------------------------------------------------- */

gboolean
csl_filings_view_export_csv (CslFilingsView  *self,
                             GFile           *file,
                             GError         **error)
{
  GListModel *shown = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (shown);
  g_autoptr(GString) out = g_string_sized_new (128 * (gsize) (n + 1));
  g_autofree char *path = g_file_get_path (file);

  g_return_val_if_fail (CSL_IS_FILINGS_VIEW (self), FALSE);
  /* The writer of "filing list --format csv": UTF-8 with a BOM for Excel, ISO dates. */
  g_string_append (out, CSL_CSV_BOM);
  csl_csv_add_filing_summary_header (out);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CslFilingItem) item = g_list_model_get_item (shown, i);

      csl_csv_add_filing_summary (out, csl_filing_item_get_summary (item));
    }
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Choose a folder on this computer."));
      return FALSE;
    }
  return csl_file_set_contents_atomic (path, out->str, out->len, 0644, error);
}

static void
on_export_chosen (GFile    *file,
                  gpointer  user_data)
{
  g_autoptr(CslFilingsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (file == NULL)
    return;
  if (!csl_filings_view_export_csv (self, file, &error))
    text = g_strdup (error->message);
  else
    {
      g_autofree char *name = g_file_get_basename (file);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u filing saved to %s", "%u filings saved to %s",
                                           g_list_model_get_n_items (G_LIST_MODEL (self->selection))),
                              g_list_model_get_n_items (G_LIST_MODEL (self->selection)), name);
    }
  g_signal_emit (self, signals[TOAST], 0, text);
}

static void
export_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  csl_choose_file_to_save (widget, _("Export Filings"), _("filings.csv"), on_export_chosen, g_object_ref (widget));
}

void
csl_filings_view_reload (CslFilingsView *self)
{
  g_autoptr(GError) error = NULL;
  GtkSelectionModel *selection;
  CslFilingsSelection *saved;

  g_return_if_fail (CSL_IS_FILINGS_VIEW (self));
  if (self->workspace == NULL)
    return;

  /* A reload (a colleague's change, arriving live) keeps what the user had selected. */
  selection = gtk_column_view_get_model (self->column_view);
  saved = csl_filings_selection_save (selection);
  if (!csl_filing_model_reload (self->filings, self->workspace, &error))
    {
      csl_filings_selection_restore (selection, saved);
      g_warning ("Cannot list filings: %s", error->message);
      return;
    }
  csl_filings_selection_restore (selection, saved);
  reload_manufacturers (self);
  update_stack (self);
  update_selection (self);
}

static void
on_workspace_changed (CslFilingsView *self,
                      const char     *entity)
{
  csl_filings_view_reload (self);
}

void
csl_filings_view_set_workspace (CslFilingsView *self,
                                CslWorkspace   *workspace)
{
  g_return_if_fail (CSL_IS_FILINGS_VIEW (self));

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_set_object (&self->workspace, workspace);
  if (workspace != NULL)
    g_signal_connect_object (workspace, "changed", G_CALLBACK (on_workspace_changed), self, G_CONNECT_SWAPPED);
  csl_filings_view_reload (self);
}

GListModel *
csl_filings_view_get_model (CslFilingsView *self)
{
  g_return_val_if_fail (CSL_IS_FILINGS_VIEW (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

void
csl_filings_view_set_search (CslFilingsView *self,
                             const char     *text)
{
  g_return_if_fail (CSL_IS_FILINGS_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  on_search_changed (self);
}

void
csl_filings_view_focus_search (CslFilingsView *self)
{
  g_return_if_fail (CSL_IS_FILINGS_VIEW (self));
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
csl_filings_view_dispose (GObject *object)
{
  CslFilingsView *self = CSL_FILINGS_VIEW (object);
  GtkWidget *child;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);
  gtk_widget_dispose_template (GTK_WIDGET (self), CSL_TYPE_FILINGS_VIEW);
  /* GTK 4.8 leaves an unnamed top-level template child in place. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->filings);
  G_OBJECT_CLASS (csl_filings_view_parent_class)->dispose (object);
}

static void
csl_filings_view_finalize (GObject *object)
{
  CslFilingsView *self = CSL_FILINGS_VIEW (object);

  g_array_unref (self->manufacturer_ids);
  G_OBJECT_CLASS (csl_filings_view_parent_class)->finalize (object);
}

static void
csl_filings_view_class_init (CslFilingsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = csl_filings_view_dispose;
  object_class->finalize = csl_filings_view_finalize;

  signals[FILING_ACTIVATED] = g_signal_new ("filing-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* A short message for the window to show (what an export wrote, or why it failed). */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cslfiler/CslFiler/csl-filings-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, manufacturer_filter);
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, status_filter);
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, filter_count);
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, manufacturer_pill);
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, status_pill);
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, stack);
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, action_bar);
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, selection_label);
  gtk_widget_class_bind_template_child (widget_class, CslFilingsView, select_button);
  gtk_widget_class_bind_template_callback (widget_class, on_select_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_manufacturer_pill_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_status_pill_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_filters_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "filings.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "filings.check", NULL, bulk_action);
  gtk_widget_class_install_action (widget_class, "filings.export-labels", NULL, bulk_action);
  gtk_widget_class_install_action (widget_class, "filings.print-labels", NULL, print_labels_action);
  gtk_widget_class_install_action (widget_class, "filings.package", NULL, bulk_action);
  gtk_widget_class_install_action (widget_class, "filings.refile", NULL, bulk_action);
  gtk_widget_class_install_action (widget_class, "filings.record-submission", NULL, bulk_action);
}

static void
csl_filings_view_init (CslFilingsView *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  GtkSortListModel *sorted;

  csl_gui_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->manufacturer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_button_set_child (self->manufacturer_pill, new_pill_child ());
  gtk_button_set_child (self->status_pill, new_pill_child ());

  gtk_string_list_append (statuses, _("All Statuses"));
  for (guint i = 0; i < CSL_N_STATUSES; i++)
    gtk_string_list_append (statuses, csl_filing_status_label (i));
  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (statuses));
  reload_manufacturers (self);

  self->filings = csl_filing_model_new ();
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->filings)), NULL);
  g_object_ref (self->filtered);
  add_column (self, _("Product"), COLUMN_PRODUCT, TRUE);
  add_column (self, _("Manufacturer"), COLUMN_MANUFACTURER, TRUE);
  add_column (self, _("Grade"), COLUMN_GRADE, FALSE);
  add_column (self, _("Status"), COLUMN_STATUS, FALSE);
  add_column (self, _("Filing Number"), COLUMN_FILING_NUMBER, FALSE);
  add_column (self, _("Valid Until"), COLUMN_VALID_UNTIL, FALSE);
  add_check_column (self);

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  /* Ctrl+click and Shift+click select several filings, as in GNOME Files. */
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (update_selection), self);

  g_signal_connect_swapped (self->manufacturer_filter, "notify::selected", G_CALLBACK (refilter), self);
  g_signal_connect_swapped (self->status_filter, "notify::selected", G_CALLBACK (refilter), self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_swapped (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (update_filter_pills), self);
  update_stack (self);
  update_filter_pills (self);
  update_selection (self);
}
