#include "config.h"

#include "records/csl-consistency.h"
#include "workspace/csl-workspace.h"

#include "csl-filing-model.h"
#include "csl-filings-view.h"
#include "csl-test-many.h"
#include "csl-test-ui.h"
#include "csl-test-util.h"

#define N_MAKERS 3
#define N_FILINGS 3000

typedef struct
{
  CslTestTmp      tmp;
  CslWorkspace   *ws;
  GArray         *makers;
  GtkWindow      *window;
  CslFilingsView *view;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  csl_test_tmp_setup (&f->tmp, data);
  f->ws = csl_workspace_open (f->tmp.dir, &error);
  g_assert_no_error (error);
  csl_test_add_filings (f->ws, N_MAKERS, N_FILINGS, &f->makers);
}

static void
show_view (Fixture *f)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  f->view = g_object_new (CSL_TYPE_FILINGS_VIEW, NULL);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_set_default_size (f->window, 1100, 760);
  csl_filings_view_set_workspace (f->view, f->ws);
  gtk_window_present (f->window);
  csl_test_wait_for_frames (GTK_WIDGET (f->window));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_array_unref (f->makers);
  g_assert_finalize_object (f->ws);
  csl_test_tmp_teardown (&f->tmp, data);
}

static CslFilingModel *
base_model (Fixture *f)
{
  return CSL_FILING_MODEL (gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (csl_filings_view_get_model (f->view))));
}

static const CslFilingSummary *
summary_at (GListModel *model,
            guint       position)
{
  g_autoptr(CslFilingItem) item = g_list_model_get_item (model, position);

  /* The model holds its items: the summary outlives this reference. */
  return csl_filing_item_get_summary (item);
}

/* The list opens with every filing counted but only the rows on screen read; filters and search
 * narrow it as before, and clearing them reads nothing more. */
static void
test_lazy_list (Fixture       *f,
                gconstpointer  data)
{
  GListModel *shown;
  GtkDropDown *makers, *statuses;
  guint loaded;

  show_view (f);
  shown = csl_filings_view_get_model (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_FILINGS);
  loaded = csl_filing_model_get_n_loaded (base_model (f));
  g_assert_cmpuint (loaded, >, 0);
  g_assert_cmpuint (loaded, <=, 512);
  g_assert_null (gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (shown)));

  /* The same row is the same object each time. */
  {
    g_autoptr(GObject) a = g_list_model_get_item (shown, N_FILINGS - 1);
    g_autoptr(GObject) b = g_list_model_get_item (shown, N_FILINGS - 1);

    g_assert_true (a == b);
    g_assert_cmpstr (csl_filing_item_get_summary (CSL_FILING_ITEM (a))->model, ==, "M2999-2");
  }

  csl_filings_view_set_search (f->view, "m2999-");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_cmpstr (summary_at (shown, 0)->model, ==, "M2999-2");
  /* Case-folded, in the product name too, and never across two fields. */
  csl_filings_view_set_search (f->view, "CAMERA");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_FILINGS / 2);
  csl_filings_view_set_search (f->view, "-1camera");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);

  csl_filings_view_set_search (f->view, "");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_FILINGS);
  g_assert_null (gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (shown)));

  makers = GTK_DROP_DOWN (csl_test_find_by_id (GTK_WIDGET (f->view), "manufacturer_filter"));
  statuses = GTK_DROP_DOWN (csl_test_find_by_id (GTK_WIDGET (f->view), "status_filter"));
  g_assert_nonnull (makers);
  g_assert_nonnull (statuses);
  gtk_drop_down_set_selected (makers, 2);   /* "All", then the makers by name */
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_FILINGS / N_MAKERS);
  for (guint i = 0; i < N_FILINGS / N_MAKERS; i += 97)
    g_assert_cmpint (summary_at (shown, i)->manufacturer_id, ==, g_array_index (f->makers, gint64, 1));
  gtk_drop_down_set_selected (statuses, 1 + CSL_STATUS_FILED);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 125);
  for (guint i = 0; i < 125; i++)
    g_assert_cmpint (summary_at (shown, i)->status, ==, CSL_STATUS_FILED);
  gtk_drop_down_set_selected (makers, 0);
  gtk_drop_down_set_selected (statuses, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_FILINGS);
  g_assert_null (gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (shown)));
}

static gboolean
revealed (GtkWidget *view,
          const char *id)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (csl_test_find_by_id (view, id)));
}

/* Filters set in the search bar stay in sight once it closes: a pill for each, which takes it
 * away, and Clear Filters; with the bar open again they are its dropdowns once more. */
static void
test_filter_pills (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *view;
  GListModel *shown;
  GtkSearchBar *bar;
  GtkDropDown *makers, *statuses;
  GtkWidget *maker_pill, *status_pill, *clear;

  show_view (f);
  view = GTK_WIDGET (f->view);
  shown = csl_filings_view_get_model (f->view);
  bar = GTK_SEARCH_BAR (csl_test_find_by_id (view, "search_bar"));
  makers = GTK_DROP_DOWN (csl_test_find_by_id (view, "manufacturer_filter"));
  statuses = GTK_DROP_DOWN (csl_test_find_by_id (view, "status_filter"));
  maker_pill = csl_test_find_by_id (view, "manufacturer_pill");
  status_pill = csl_test_find_by_id (view, "status_pill");
  clear = csl_test_find_by_id (view, "clear_filters");
  g_assert_nonnull (maker_pill);
  g_assert_nonnull (status_pill);
  g_assert_nonnull (clear);

  /* Closed with nothing filtered: no row. */
  gtk_search_bar_set_search_mode (bar, FALSE);
  g_assert_false (revealed (view, "filter_revealer"));

  gtk_search_bar_set_search_mode (bar, TRUE);
  gtk_drop_down_set_selected (makers, 2);
  gtk_drop_down_set_selected (statuses, 1 + CSL_STATUS_FILED);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 125);
  /* In the bar, the dropdowns say it. */
  g_assert_false (revealed (view, "filter_revealer"));

  gtk_search_bar_set_search_mode (bar, FALSE);
  g_assert_true (revealed (view, "filter_revealer"));
  g_assert_true (gtk_widget_get_visible (maker_pill));
  g_assert_true (gtk_widget_get_visible (status_pill));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 125);
  {
    GtkWidget *label = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (status_pill)));
    GtkStringObject *chosen = gtk_drop_down_get_selected_item (statuses);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, gtk_string_object_get_string (chosen));
  }
  /* This test runs untranslated only. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (csl_test_find_by_id (view, "filter_count"))), ==, "2 filters:");

  /* A pill takes its own filter away, and only it. */
  g_signal_emit_by_name (status_pill, "clicked");
  g_assert_cmpuint (gtk_drop_down_get_selected (statuses), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (makers), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_FILINGS / N_MAKERS);
  g_assert_false (gtk_widget_get_visible (status_pill));
  g_assert_true (revealed (view, "filter_revealer"));

  /* Clear Filters takes the rest, and the row goes. */
  gtk_drop_down_set_selected (statuses, 1 + CSL_STATUS_FILED);
  g_signal_emit_by_name (clear, "clicked");
  g_assert_cmpuint (gtk_drop_down_get_selected (makers), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (statuses), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_FILINGS);
  g_assert_false (revealed (view, "filter_revealer"));

  /* Opening the bar again hides the pills: the dropdowns there show the filter. */
  gtk_drop_down_set_selected (makers, 1);
  g_assert_true (revealed (view, "filter_revealer"));
  csl_filings_view_focus_search (f->view);
  g_assert_false (revealed (view, "filter_revealer"));
}

/* Search keys are made after the list is shown, in idle time, without making list items. A
 * query is normalised as the keys are (full-width forms, case, dashes, white space), and a
 * query refined or widened shows what the same query typed afresh does. */
static void
test_search_keys (Fixture       *f,
                  gconstpointer  data)
{
  char model_text[] = "ＣＡＭ—１００", name[] = "IP  Camera", maker[] = "示例 Maker";
  CslFilingSummary s = { .model = model_text, .product_name = name, .manufacturer = maker };
  g_autofree char *key = csl_filing_search_key (&s);
  static const struct { const char *query; guint n; } steps[] = {
    { "M2", 1111 },        /* M2-…, M20…M29, M200…M299, M2000…M2999 */
    { "M29", 111 },        /* refined: only the rows "m2" matched are looked at */
    { "M299", 11 },
    { "M2", 1111 },        /* widened: every row again */
    { "Ｍ２９", 111 },     /* typed full-width */
    { "m 2 9 9", 11 },
    { "zzz", 0 },
  };
  CslFilingModel *model;
  GListModel *shown;
  GtkStack *stack;

  g_assert_cmpstr (key, ==, "cam-100" "\x1f" "ipcamera" "\x1f" "示例maker" "\x1f");

  show_view (f);
  model = base_model (f);
  shown = csl_filings_view_get_model (f->view);
  stack = GTK_STACK (csl_test_find_by_id (GTK_WIDGET (f->view), "stack"));
  while (csl_filing_model_get_n_keyed (model) < N_FILINGS)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (csl_filing_model_get_n_loaded (model), <=, 512);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *prefix = csl_text_normalize (steps[i].query);

      csl_filings_view_set_search (f->view, steps[i].query);
      g_assert_cmpuint (g_list_model_get_n_items (shown), ==, steps[i].n);
      for (guint j = 0; j < steps[i].n; j += 7)
        {
          g_autofree char *folded = g_utf8_casefold (summary_at (shown, j)->model, -1);

          g_assert_true (g_str_has_prefix (folded, prefix));
        }
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, steps[i].n ? "list" : "no-match");
    }
  csl_filings_view_set_search (f->view, "");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_FILINGS);
  g_assert_cmpuint (csl_filing_model_get_n_filings (model), ==, N_FILINGS);
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Typing a search keeps the rows on screen and shows other filings in them, rather than
 * destroying and making the rows' widgets. */
static void
test_search_keeps_rows (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *columns, *first;

  show_view (f);
  columns = csl_test_find_by_id (GTK_WIDGET (f->view), "column_view");
  first = find_label (columns, "M0-0");
  g_assert_nonnull (first);
  g_object_ref (first);
  csl_filings_view_set_search (f->view, "M29");
  csl_test_wait_for_frames (GTK_WIDGET (f->window));
  g_assert_true (find_label (columns, "M29-2 — Camera") == first);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (first)), ==, "M29-2 — Camera");
  /* The rows kept off screen follow once typing pauses: the last of the 111, not asked for. */
  {
    gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

    while (find_label (columns, "M2999-2 — Camera") == NULL && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
    g_assert_nonnull (find_label (columns, "M2999-2 — Camera"));
  }
  csl_filings_view_set_search (f->view, "");
  csl_test_wait_for_frames (GTK_WIDGET (f->window));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (first)), ==, "M0-0");
  g_object_unref (first);
}

/* A change anywhere in the workspace is shown: the ids are read again, the rows on demand. */
static void
test_reload_on_change (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GArray) more = NULL;
  GListModel *shown;

  show_view (f);
  shown = csl_filings_view_get_model (f->view);
  csl_test_add_filings (f->ws, 1, 10, &more);
  /* That added rows in one transaction without telling anyone; this is what the core does
   * after each change. */
  csl_workspace_emit_changed (f->ws, "filing");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_FILINGS + 10);
  g_assert_cmpstr (summary_at (shown, N_FILINGS + 9)->model, ==, "M9-0");
  g_assert_cmpuint (csl_filing_model_get_n_loaded (base_model (f)), <=, 512 + 128);
}

/* Sorting by a column orders the rows as g_utf8_collate() would. */
static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  GtkColumnView *columns;
  GListModel *sorted, *columns_list;
  GtkColumnViewColumn *product;
  g_autofree char *highest = NULL;

  show_view (f);
  columns = GTK_COLUMN_VIEW (csl_test_find_by_id (GTK_WIDGET (f->view), "column_view"));
  columns_list = gtk_column_view_get_columns (columns);
  product = g_list_model_get_item (columns_list, 0);
  gtk_column_view_sort_by_column (columns, product, GTK_SORT_DESCENDING);
  g_object_unref (product);
  sorted = G_LIST_MODEL (gtk_column_view_get_model (columns));
  g_assert_cmpuint (g_list_model_get_n_items (sorted), ==, N_FILINGS);
  for (guint i = 0; i < N_FILINGS; i++)
    {
      g_autofree char *text = g_strdup_printf ("M%u-%u — %s", i, i % N_MAKERS, "Camera");
      g_autofree char *plain = g_strdup_printf ("M%u-%u", i, i % N_MAKERS);
      const char *shown = i % 2 ? text : plain;

      if (highest == NULL || g_utf8_collate (shown, highest) > 0)
        {
          g_free (highest);
          highest = g_strdup (shown);
        }
    }
  {
    const CslFilingSummary *first = summary_at (sorted, 0);
    g_autofree char *first_text = first->product_name
                                  ? g_strdup_printf ("%s — %s", first->model, first->product_name)
                                  : g_strdup (first->model);

    g_assert_cmpstr (first_text, ==, highest);
  }
}

/* A filing removed behind the list's back (another process) still gives the list an item. */
static void
test_vanished_row (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CslFilingModel) model = csl_filing_model_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) item = NULL;

  g_assert_true (csl_filing_model_reload (model, f->ws, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FILINGS);
  g_assert_true (csl_db_exec (csl_workspace_get_db (f->ws), "DELETE FROM filing WHERE id = 2000", &error));
  item = g_list_model_get_item (G_LIST_MODEL (model), 1999);
  g_assert_cmpint (csl_filing_item_get_summary (CSL_FILING_ITEM (item))->id, ==, 2000);
  g_assert_cmpstr (csl_filing_item_get_summary (CSL_FILING_ITEM (item))->model, ==, "2000");
  /* One page read, from row 1920. */
  g_assert_cmpuint (csl_filing_model_get_n_loaded (model), ==, 128);
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (model), 1998);
  g_assert_cmpstr (csl_filing_item_get_summary (CSL_FILING_ITEM (item))->model, ==, "M1998-0");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_FILINGS));
  g_assert_true (csl_filing_model_reload (model, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

/* The application opens the workspace it is given and, for benchmarks, quits after its first
 * frame. */
static void
test_app_first_frame (CslTestTmp    *tmp,
                      gconstpointer  data)
{
  g_autofree char *ws = g_build_filename (tmp->dir, "ws", NULL);
  g_autofree char *db = g_build_filename (ws, "filings.db", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = g_getenv ("CSL_FILER_APP");

  g_assert_nonnull (path);
  g_subprocess_launcher_setenv (launcher, "CSL_FILER_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "CSL_FILER_WORKSPACE");
  app = g_subprocess_launcher_spawn (launcher, &error, path, "--workspace", ws, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (app, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
}

int
main (int   argc,
      char *argv[])
{
  csl_test_ui_init (&argc, &argv);
  g_test_add ("/ui/filings/lazy-list", Fixture, NULL, setup, test_lazy_list, teardown);
  g_test_add ("/ui/filings/filter-pills", Fixture, NULL, setup, test_filter_pills, teardown);
  g_test_add ("/ui/filings/search-keys", Fixture, NULL, setup, test_search_keys, teardown);
  g_test_add ("/ui/filings/search-keeps-rows", Fixture, NULL, setup, test_search_keeps_rows, teardown);
  g_test_add ("/ui/filings/reload-on-change", Fixture, NULL, setup, test_reload_on_change, teardown);
  g_test_add ("/ui/filings/sort", Fixture, NULL, setup, test_sort, teardown);
  g_test_add ("/ui/filings/vanished-row", Fixture, NULL, setup, test_vanished_row, teardown);
  g_test_add ("/ui/filings/app-first-frame", CslTestTmp, NULL, csl_test_tmp_setup, test_app_first_frame,
              csl_test_tmp_teardown);
  return g_test_run ();
}
