#include "config.h"

#include <string.h>

#include "base/csl-error.h"
#include "lifecycle/csl-deadlines.h"
#include "lifecycle/csl-refiling.h"
#include "lifecycle/csl-standards.h"
#include "csl-test-util.h"
#include "csl-test-fixture.h"

#define OLD "GB/T 41387-2022"
#define NEW "GB/T 41387-2026"
#define TODAY "2027-06-01"

typedef struct
{
  CslWorkspace *ws;
  gint64        cites_old, cites_other, draft, refiled;
} World;

static void
world_init (World      *w,
            CslTestTmp *tmp)
{
  g_autoptr(GError) error = NULL;
  gint64 maker, lab;

  w->ws = fx_open (tmp->dir);
  maker = fx_manufacturer (w->ws, "Alpha Co", 1);
  lab = fx_lab (w->ws, "CESI Lab", "CNAS L0001", "2031-12-31");
  /* fx_filing cites OLD. */
  w->cites_old = fx_filing (w->ws, fx_product (w->ws, maker, "CAM-1", "2031-12-31"), lab);
  fx_file (w->ws, w->cites_old, "N-1", "2027-01-20", "2030-01-20");
  w->cites_other = fx_filing (w->ws, fx_product (w->ws, maker, "CAM-2", "2031-12-31"), lab);
  {
    g_autoptr(CslFiling) f = csl_filing_get (w->ws, w->cites_other, &error);
    const char *const other[] = { "GB/T 38632-2020", NULL };

    g_strfreev (f->standards);
    f->standards = g_strdupv ((char **) other);
    g_assert_true (csl_filing_update (w->ws, f, &error));
    g_assert_no_error (error);
  }
  fx_file (w->ws, w->cites_other, "N-2", "2027-01-20", "2030-01-20");
  /* A draft is not filed yet: it is not due for re-filing. */
  w->draft = fx_filing (w->ws, fx_product (w->ws, maker, "CAM-3", "2031-12-31"), lab);
}

static const CslDeadline *
find (GPtrArray       *list,
      gint64           filing,
      CslDeadlineRule  rule)
{
  for (guint i = 0; i < list->len; i++)
    {
      const CslDeadline *d = list->pdata[i];

      if (d->filing_id == filing && d->rule == rule)
        return d;
    }
  return NULL;
}

/* The filings citing OLD are due from the date, with the reason; a re-filing cites NEW. */
static void
test_replace (CslTestTmp    *tmp,
              gconstpointer  data)
{
  World w = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) affected = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(CslFiling) refiled = NULL;
  g_autofree char *text = NULL;
  CslDeadlineQuery q = { TODAY, 90, 0, NULL, 0 };
  const CslDeadline *d;
  gint64 new_id;

  world_init (&w, tmp);
  g_assert_true (csl_standard_replace (w.ws, OLD, NEW, "2027-07-01", &affected, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (affected->len, ==, 1);
  g_assert_cmpint (g_array_index (affected, gint64, 0), ==, w.cites_old);
  g_assert_cmpint (fx_count (w.ws, "SELECT count(*) FROM audit WHERE entity = 'standard'"), ==, 1);

  list = csl_deadlines_list (w.ws, &q, &error);
  g_assert_no_error (error);
  d = find (list, w.cites_old, CSL_DEADLINE_STANDARD_REPLACED);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->due, ==, "2027-07-01");
  g_assert_cmpint (d->days_left, ==, 30);
  g_assert_false (d->overdue);
  g_assert_cmpstr (d->detail, ==, OLD " → " NEW);
  text = csl_deadline_description (d);
  g_assert_nonnull (strstr (text, NEW));
  g_assert_cmpstr (csl_deadline_rule_to_string (d->rule), ==, "standard-replaced");
  g_assert_null (find (list, w.cites_other, CSL_DEADLINE_STANDARD_REPLACED));
  g_assert_null (find (list, w.draft, CSL_DEADLINE_STANDARD_REPLACED));

  /* Outside the window: not listed yet. */
  {
    CslDeadlineQuery near = { TODAY, 10, 0, NULL, 0 };
    g_autoptr(GPtrArray) soon = csl_deadlines_list (w.ws, &near, &error);

    g_assert_null (find (soon, w.cites_old, CSL_DEADLINE_STANDARD_REPLACED));
  }

  new_id = csl_refiling_refile (w.ws, w.cites_old, NULL, &error);
  g_assert_no_error (error);
  refiled = csl_filing_get (w.ws, new_id, &error);
  g_assert_cmpuint (g_strv_length (refiled->standards), ==, 1);
  g_assert_cmpstr (refiled->standards[0], ==, NEW);
  g_clear_object (&w.ws);
}

/* A chain of replacements ends at the last one; duplicates fold; an unrelated number stays. */
static void
test_apply_chain (CslTestTmp    *tmp,
                  gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = fx_open (tmp->dir);
  g_autoptr(GError) error = NULL;
  const char *const cited[] = { "A-1", "B-1", "X-9", NULL };
  g_auto(GStrv) out = NULL;

  g_assert_true (csl_standard_replace (ws, "A-1", "B-1", "2027-01-01", NULL, &error));
  g_assert_true (csl_standard_replace (ws, "B-1", "C-1", "2027-02-01", NULL, &error));
  /* Recorded again: the replacement changes, it is not added twice. */
  g_assert_true (csl_standard_replace (ws, "B-1", "C-2", "2027-03-01", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_count (ws, "SELECT count(*) FROM standard_replacement"), ==, 2);
  out = csl_standard_apply_replacements (ws, cited, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (out), ==, 2);
  g_assert_cmpstr (out[0], ==, "C-2");
  g_assert_cmpstr (out[1], ==, "X-9");
}

/* Bad input: each a specific error, nothing recorded. */
static void
test_bad_input (CslTestTmp    *tmp,
                gconstpointer  data)
{
  g_autoptr(CslWorkspace) ws = fx_open (tmp->dir);
  g_autofree char *long_number = g_strnfill (300, 'X');
  struct { const char *old, *new_, *from; } cases[] = {
    { "", NEW, "2027-01-01" },
    { OLD, "", "2027-01-01" },
    { OLD, OLD, "2027-01-01" },
    { OLD, NEW, "2027-02-30" },
    { OLD, NEW, "tomorrow" },
    { OLD, "GB/T\n1", "2027-01-01" },
    { OLD, long_number, "2027-01-01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (csl_standard_replace (ws, cases[i].old, cases[i].new_, cases[i].from, NULL, &error));
      g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
    }
  g_assert_cmpint (fx_count (ws, "SELECT count(*) FROM standard_replacement"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  ADD ("/standards/replace", test_replace);
  ADD ("/standards/apply-chain", test_apply_chain);
  ADD ("/standards/bad-input", test_bad_input);
  return g_test_run ();
}
