#include "config.h"

#include "workspace/csl-workspace.h"
#include "records/csl-filing.h"
#include "csl-test-many.h"
#include "csl-test-util.h"

#define N_MAKERS 3
#define N_FILINGS 300

typedef struct
{
  CslTestTmp    tmp;
  CslWorkspace *ws;
  GArray       *makers;
} World;

static void
world_setup (World         *w,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  csl_test_tmp_setup (&w->tmp, data);
  w->ws = csl_workspace_open (w->tmp.dir, &error);
  g_assert_no_error (error);
  csl_test_add_filings (w->ws, N_MAKERS, N_FILINGS, &w->makers);
}

static void
world_teardown (World         *w,
                gconstpointer  data)
{
  g_array_unref (w->makers);
  g_assert_finalize_object (w->ws);
  csl_test_tmp_teardown (&w->tmp, data);
}

static void
collect (const CslFilingSummary *s,
         gpointer                list)
{
  g_ptr_array_add (list, csl_filing_summary_copy (s));
}

static void
assert_same (const CslFilingSummary *a,
             const CslFilingSummary *b)
{
  g_assert_cmpint (a->id, ==, b->id);
  g_assert_cmpint (a->manufacturer_id, ==, b->manufacturer_id);
  g_assert_cmpstr (a->manufacturer, ==, b->manufacturer);
  g_assert_cmpstr (a->model, ==, b->model);
  g_assert_cmpstr (a->product_name, ==, b->product_name);
  g_assert_cmpint (a->grade, ==, b->grade);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpstr (a->filing_number, ==, b->filing_number);
  g_assert_cmpstr (a->valid_until, ==, b->valid_until);
}

/* The streamed rows are the listed ones, in id order; the manufacturer filter keeps that
 * manufacturer's only. */
static void
test_foreach (World         *w,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = csl_filing_list_summaries (w->ws, 0, &error);
  g_autoptr(GPtrArray) streamed = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_filing_summary_free);
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_filing_summary_free);
  gint64 maker = g_array_index (w->makers, gint64, 1);

  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, N_FILINGS);
  g_assert_true (csl_filing_foreach_summary (w->ws, 0, collect, streamed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (streamed->len, ==, N_FILINGS);
  for (guint i = 0; i < N_FILINGS; i++)
    {
      const CslFilingSummary *s = streamed->pdata[i];
      g_autofree char *model = g_strdup_printf ("M%u-%u", i, i % N_MAKERS);

      assert_same (s, listed->pdata[i]);
      g_assert_cmpstr (s->model, ==, model);
      g_assert_cmpint (s->status, ==, (CslFilingStatus) (i % CSL_N_STATUSES));
      if (i > 0)
        g_assert_cmpint (s->id, >, ((CslFilingSummary *) streamed->pdata[i - 1])->id);
    }

  g_assert_true (csl_filing_foreach_summary (w->ws, maker, collect, one, &error));
  g_assert_cmpuint (one->len, ==, N_FILINGS / N_MAKERS);
  for (guint i = 0; i < one->len; i++)
    g_assert_cmpint (((CslFilingSummary *) one->pdata[i])->manufacturer_id, ==, maker);
}

/* What a list loading its rows page by page reads: every id in order, and any range of them. */
static void
test_ids_and_ranges (World         *w,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = csl_filing_list_ids (w->ws, &error);
  g_autoptr(GPtrArray) listed = csl_filing_list_summaries (w->ws, 0, &error);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_filing_summary_free);

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, N_FILINGS);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, ((CslFilingSummary *) listed->pdata[i])->id);

  g_assert_true (csl_filing_foreach_summary_between (w->ws, g_array_index (ids, gint64, 10),
                                                     g_array_index (ids, gint64, 20), collect, page, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 11);
  for (guint i = 0; i < page->len; i++)
    assert_same (page->pdata[i], listed->pdata[10 + i]);

  g_ptr_array_set_size (page, 0);
  g_assert_true (csl_filing_foreach_summary_between (w->ws, g_array_index (ids, gint64, N_FILINGS - 1) + 1,
                                                     G_MAXINT64, collect, page, &error));
  g_assert_cmpuint (page->len, ==, 0);
}

/* A copy owns its strings: it outlives the row it was made from. */
static void
test_copy (World         *w,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = csl_filing_list_summaries (w->ws, 0, &error);
  CslFilingSummary *copy = csl_filing_summary_copy (listed->pdata[1]);

  g_ptr_array_remove_index (listed, 1);
  g_assert_cmpstr (copy->model, ==, "M1-1");
  g_assert_cmpstr (copy->product_name, ==, "Camera");
  g_assert_cmpstr (copy->manufacturer, ==, "Maker 1");
  g_assert_null (copy->filing_number);
  csl_filing_summary_free (copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/filing-list/foreach", World, NULL, world_setup, test_foreach, world_teardown);
  g_test_add ("/filing-list/ids-and-ranges", World, NULL, world_setup, test_ids_and_ranges, world_teardown);
  g_test_add ("/filing-list/copy", World, NULL, world_setup, test_copy, world_teardown);
  return g_test_run ();
}
