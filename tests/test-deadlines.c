#include "config.h"

#include <string.h>

#include "lifecycle/csl-bars.h"
#include "lifecycle/csl-deadlines.h"
#include "lifecycle/csl-refiling.h"
#include "lifecycle/csl-standards.h"
#include "csl-test-util.h"
#include "csl-test-fixture.h"

#define TODAY "2027-06-01"

/* One filing per rule, each with dates chosen against TODAY. */
typedef struct
{
  CslWorkspace *ws;
  gint64 alpha, beta, gamma;
  gint64 lab, short_lab, bad_lab;
  gint64 expiring, support, accreditation, overdue, changed, agent, on_barred_lab, revoked, barred_maker;
} World;

static gint64
filed (World        *w,
       gint64        manufacturer,
       const char   *model,
       const char   *support_until,
       gint64        lab,
       const char   *number,
       const char   *valid_until)
{
  gint64 id = fx_filing (w->ws, fx_product (w->ws, manufacturer, model, support_until), lab);

  fx_file (w->ws, id, number, "2027-01-20", valid_until);
  return id;
}

static void
world_init (World      *w,
            CslTestTmp *tmp)
{
  g_autoptr(GError) error = NULL;
  gint64 lab, short_lab, bad_lab;

  w->ws = fx_open (tmp->dir);
  w->alpha = fx_manufacturer (w->ws, "Alpha Co", 1);
  w->beta = fx_manufacturer (w->ws, "Beta Co", 2);
  w->gamma = fx_manufacturer (w->ws, "Gamma Co", 3);
  lab = fx_lab (w->ws, "CESI Lab", "CNAS L0001", "2031-12-31");
  short_lab = fx_lab (w->ws, "Short Lab", "CNAS L0002", "2027-09-15");
  bad_lab = fx_lab (w->ws, "Bad Lab", "CNAS L0003", "2031-12-31");
  w->lab = lab;
  w->short_lab = short_lab;
  w->bad_lab = bad_lab;

  /* Art. 10: the label ends in 30 days. */
  w->expiring = filed (w, w->alpha, "CAM-1", "2031-12-31", lab, "N-1", "2027-07-01");
  /* Art. 14(4): support ends in 39 days, long before the label. */
  w->support = filed (w, w->alpha, "CAM-2", "2027-07-10", lab, "N-2", "2028-12-31");
  /* Art. 7(1): the lab's accreditation ends in 106 days, before the label. */
  w->accreditation = filed (w, w->beta, "CAM-3", "2031-12-31", short_lab, "N-3", "2029-01-01");
  /* Art. 10: the label ended 31 days ago. */
  w->overdue = filed (w, w->alpha, "CAM-4", "2031-12-31", lab, "N-4", "2027-05-01");
  /* Art. 10: the firmware changed after filing. */
  w->changed = filed (w, w->beta, "CAM-5", "2031-12-31", lab, "N-5", "2029-01-01");
  {
    g_autoptr(CslFiling) f = csl_filing_get (w->ws, w->changed, &error);
    g_autoptr(CslProduct) p = csl_product_get (w->ws, f->product_id, &error);

    g_free (p->firmware_version);
    p->firmware_version = g_strdup ("2.0");
    g_assert_true (csl_refiling_update_product (w->ws, p, NULL, &error));
  }
  /* Art. 8(7): the agent's authorisation ends in 91 days, before the label. */
  {
    g_autoptr(CslAuthorization) a = g_new0 (CslAuthorization, 1);
    g_autoptr(CslFiling) f = NULL;

    a->manufacturer_id = w->beta;
    a->letter_ref = g_strdup ("AUTH-7");
    a->valid_from = g_strdup ("2026-01-01");
    a->valid_until = g_strdup ("2027-08-31");
    g_assert_cmpint (csl_authorization_add (w->ws, a, &error), >, 0);
    w->agent = fx_filing (w->ws, fx_product (w->ws, w->beta, "CAM-6", "2031-12-31"), lab);
    f = csl_filing_get (w->ws, w->agent, &error);
    g_free (f->filed_by);
    f->filed_by = g_strdup ("agent");
    g_assert_true (csl_filing_update (w->ws, f, &error));
    fx_attach (w->ws, w->agent, "authorization-letter", "letter.pdf");
    fx_file (w->ws, w->agent, "N-6", "2027-01-20", "2029-01-01");
  }
  /* Art. 16: a draft and a revoked filing rely on a lab barred later. */
  w->on_barred_lab = fx_filing (w->ws, fx_product (w->ws, w->gamma, "CAM-7", "2031-12-31"), bad_lab);
  w->revoked = filed (w, w->gamma, "CAM-8", "2031-12-31", bad_lab, "N-8", "2029-01-01");
  g_assert_true (csl_lifecycle_revoke (w->ws, w->revoked, "Art. 16", &error));
  g_assert_true (csl_bar_set (w->ws, CSL_BAR_LAB, bad_lab, "2028-05-01", "False test reports", &error));
  /* Art. 15: a filed product of a barred manufacturer. */
  {
    gint64 delta = fx_manufacturer (w->ws, "Delta Co", 4);

    w->barred_maker = filed (w, delta, "CAM-9", "2031-12-31", lab, "N-9", "2029-01-01");
    g_assert_true (csl_bar_set (w->ws, CSL_BAR_MANUFACTURER, delta, "2028-02-01", "Forged labels", &error));
  }
  g_assert_no_error (error);
}

static GPtrArray *
query (World     *w,
       int        within,
       gint64     manufacturer,
       const int *windows,
       guint      n_windows)
{
  g_autoptr(GError) error = NULL;
  CslDeadlineQuery q = { TODAY, within, manufacturer, windows, n_windows };
  GPtrArray *list = csl_deadlines_list (w->ws, &q, &error);

  g_assert_no_error (error);
  return list;
}

static CslDeadline *
find (GPtrArray       *list,
      gint64           filing,
      CslDeadlineRule  rule)
{
  for (guint i = 0; i < list->len; i++)
    {
      CslDeadline *d = list->pdata[i];
      if (d->filing_id == filing && d->rule == rule)
        return d;
    }
  return NULL;
}

static void
assert_deadline (CslDeadline *d,
                 const char  *due,
                 int          days_left,
                 gboolean     overdue,
                 int          reminder)
{
  g_assert_nonnull (d);
  g_assert_cmpstr (d->due, ==, due);
  g_assert_cmpint (d->days_left, ==, days_left);
  g_assert_cmpint (d->overdue, ==, overdue);
  g_assert_cmpint (d->reminder, ==, reminder);
}

static void
test_rules (CslTestTmp    *tmp,
            gconstpointer  data)
{
  World w;
  g_autoptr(GPtrArray) list = NULL;
  CslDeadline *d;

  world_init (&w, tmp);
  list = query (&w, 90, 0, NULL, 0);

  assert_deadline (find (list, w.expiring, CSL_DEADLINE_LABEL_EXPIRY), "2027-07-01", 30, FALSE, 30);
  assert_deadline (find (list, w.support, CSL_DEADLINE_SUPPORT_END), "2027-07-10", 39, FALSE, 60);
  assert_deadline (find (list, w.overdue, CSL_DEADLINE_LABEL_EXPIRY), "2027-05-01", -31, TRUE, 0);
  /* Outside 90 days. */
  g_assert_null (find (list, w.accreditation, CSL_DEADLINE_LAB_ACCREDITATION));
  g_assert_null (find (list, w.agent, CSL_DEADLINE_AUTHORIZATION));
  g_assert_null (find (list, w.support, CSL_DEADLINE_LABEL_EXPIRY));

  d = find (list, w.changed, CSL_DEADLINE_REFILING_DUE);
  g_assert_nonnull (d);
  g_assert_true (d->overdue);
  g_assert_cmpstr (d->detail, ==, "firmware version: 1.0 → 2.0");
  g_assert_cmpstr (d->due, ==, d->since);

  d = find (list, w.on_barred_lab, CSL_DEADLINE_LAB_BARRED);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->due, ==, "2028-05-01");
  g_assert_true (d->overdue);
  g_assert_cmpint (d->status, ==, CSL_STATUS_DRAFT);
  g_assert_cmpstr (d->detail, ==, "Bad Lab: False test reports");
  g_assert_null (find (list, w.revoked, CSL_DEADLINE_LAB_BARRED));

  d = find (list, w.barred_maker, CSL_DEADLINE_MANUFACTURER_BARRED);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->due, ==, "2028-02-01");
  g_assert_cmpstr (d->manufacturer, ==, "Delta Co");
  g_assert_cmpstr (d->model, ==, "CAM-9");

  /* Exactly these six, overdue and action-now first. */
  g_assert_cmpuint (list->len, ==, 6);
  for (guint i = 1; i < list->len; i++)
    {
      CslDeadline *a = list->pdata[i - 1], *b = list->pdata[i];
      g_assert_true (a->overdue >= b->overdue);
      if (a->overdue == b->overdue)
        g_assert_cmpstr (a->due, <=, b->due);
    }
  g_clear_pointer (&list, g_ptr_array_unref);

  list = query (&w, 120, 0, NULL, 0);
  assert_deadline (find (list, w.accreditation, CSL_DEADLINE_LAB_ACCREDITATION), "2027-09-15", 106, FALSE, 0);
  g_assert_cmpstr (find (list, w.accreditation, CSL_DEADLINE_LAB_ACCREDITATION)->detail, ==, "Short Lab");
  assert_deadline (find (list, w.agent, CSL_DEADLINE_AUTHORIZATION), "2027-08-31", 91, FALSE, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The windows are a parameter. */
  {
    const int windows[] = { 120, 7 };
    list = query (&w, 120, 0, windows, G_N_ELEMENTS (windows));
    assert_deadline (find (list, w.accreditation, CSL_DEADLINE_LAB_ACCREDITATION), "2027-09-15", 106, FALSE, 120);
    assert_deadline (find (list, w.expiring, CSL_DEADLINE_LABEL_EXPIRY), "2027-07-01", 30, FALSE, 120);
    g_clear_pointer (&list, g_ptr_array_unref);
  }

  /* An agent looks at one manufacturer. */
  list = query (&w, 120, w.beta, NULL, 0);
  g_assert_cmpuint (list->len, ==, 3);
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpint (((CslDeadline *) list->pdata[i])->manufacturer_id, ==, w.beta);
  g_clear_object (&w.ws);
}

static void
test_supersede (CslTestTmp    *tmp,
                gconstpointer  data)
{
  World w;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 next;
  guint n;

  world_init (&w, tmp);
  /* Expiry by the calendar keeps the overdue label in the list… */
  g_assert_true (csl_lifecycle_apply_time (w.ws, TODAY, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  list = query (&w, 90, 0, NULL, 0);
  assert_deadline (find (list, w.overdue, CSL_DEADLINE_LABEL_EXPIRY), "2027-05-01", -31, TRUE, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* …while its re-filing is only a draft… */
  next = csl_refiling_refile (w.ws, w.overdue, NULL, &error);
  g_assert_cmpint (next, >, 0);
  list = query (&w, 90, 0, NULL, 0);
  g_assert_nonnull (find (list, w.overdue, CSL_DEADLINE_LABEL_EXPIRY));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* …and drops it once the re-filing is filed. */
  fx_file (w.ws, next, "N-4b", "2027-06-01", "2029-05-31");
  list = query (&w, 90, 0, NULL, 0);
  g_assert_null (find (list, w.overdue, CSL_DEADLINE_LABEL_EXPIRY));
  g_assert_null (find (list, next, CSL_DEADLINE_LABEL_EXPIRY));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A revoked filing has no deadlines left. */
  g_assert_true (csl_lifecycle_revoke (w.ws, w.expiring, "withdrawn", &error));
  list = query (&w, 90, 0, NULL, 0);
  g_assert_null (find (list, w.expiring, CSL_DEADLINE_LABEL_EXPIRY));
  g_clear_object (&w.ws);
}

static void
test_entered_window (void)
{
  CslDeadline d = { 0 };
  const int windows[] = { 90, 60, 30 };

  d.rule = CSL_DEADLINE_LABEL_EXPIRY;
  d.due = (char *) "2027-07-01";
  /* The 30-day window opens on 2027-06-01. */
  g_assert_true (csl_deadline_entered_window (&d, "2027-05-31", "2027-06-01", windows, 3));
  g_assert_false (csl_deadline_entered_window (&d, "2027-06-01", "2027-06-02", windows, 3));
  /* The 90-day window opens on 2027-04-02; a week without the app still catches it. */
  g_assert_true (csl_deadline_entered_window (&d, "2027-03-30", "2027-04-05", windows, 3));
  g_assert_false (csl_deadline_entered_window (&d, "2027-03-01", "2027-04-01", windows, 3));
  /* Falling due is a notice of its own. */
  g_assert_true (csl_deadline_entered_window (&d, "2027-06-30", "2027-07-01", windows, 3));
  g_assert_false (csl_deadline_entered_window (&d, "2027-07-01", "2027-07-20", windows, 3));

  /* First run: whatever is inside a window now. */
  d.reminder = 30;
  d.days_left = 21;
  g_assert_true (csl_deadline_entered_window (&d, "", "2027-06-10", windows, 3));
  d.reminder = 0;
  d.days_left = 172;
  g_assert_false (csl_deadline_entered_window (&d, NULL, "2027-01-10", windows, 3));

  /* A condition counts from the day it arose. */
  d.rule = CSL_DEADLINE_LAB_BARRED;
  d.due = (char *) "2028-05-01";
  d.since = (char *) "2027-06-03";
  d.overdue = TRUE;
  g_assert_true (csl_deadline_entered_window (&d, "2027-06-02", "2027-06-03", windows, 3));
  g_assert_false (csl_deadline_entered_window (&d, "2027-06-03", "2027-06-04", windows, 3));
}

static void
test_reminder_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) days = csl_reminder_days_parse ("90, 60,30", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 3);
  g_assert_cmpint (g_array_index (days, int, 1), ==, 60);
  g_assert_null (csl_reminder_days_parse ("90,x", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“x”"));
  g_clear_error (&error);
  g_assert_null (csl_reminder_days_parse ("0", &error));
  g_assert_error (error, CSL_ERROR, CSL_ERROR_INVALID);
}

static void
test_text (CslTestTmp    *tmp,
           gconstpointer  data)
{
  World w;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *summary = NULL, *description = NULL;
  CslDeadline *d;

  world_init (&w, tmp);
  list = query (&w, 90, 0, NULL, 0);
  d = find (list, w.support, CSL_DEADLINE_SUPPORT_END);
  summary = csl_deadline_summary (d);
  g_assert_cmpstr (summary, ==, "Alpha Co CAM-2: Security support ends (Art. 14(4))");
  description = csl_deadline_description (d);
  g_assert_nonnull (strstr (description, "2027-07-10"));
  g_assert_nonnull (strstr (description, "Art. 14(4)"));
  g_assert_nonnull (strstr (description, "N-2"));
  for (guint rule = 0; rule < CSL_N_DEADLINE_RULES; rule++)
    g_assert_true (g_str_has_prefix (csl_deadline_rule_article (rule), "Art. "));
  g_clear_object (&w.ws);
}

/* SQLite's statistics for a workspace of 100 000 filings, 20 000 products, 200 manufacturers
 * and 20 labs, so the planner chooses as it would there. */
static const char large_workspace_stats[] =
  "DELETE FROM sqlite_stat1;"
  "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES"
  " ('filing', NULL, '100000'), ('filing', 'filing_status', '100000 12500'),"
  " ('filing', 'filing_status_valid_until', '100000 12500 2'),"
  " ('filing', 'filing_current_validity', '25000 5000 2'), ('filing', 'filing_valid_until', '100000 2'),"
  " ('filing', 'filing_product', '100000 5'), ('filing', 'filing_predecessor', '100000 1'),"
  " ('filing', 'filing_lab', '100000 5000'), ('filing', 'filing_pentest_lab', '100000 50000'),"
  " ('product', NULL, '20000'), ('product', 'product_manufacturer', '20000 100'),"
  " ('product', 'product_support_until', '20000 10'),"
  " ('manufacturer', NULL, '200'), ('manufacturer', 'manufacturer_barred_until', '200 100'),"
  " ('lab', NULL, '20'), ('lab', 'lab_barred_until', '20 10'), ('lab', 'lab_accredited_until', '20 2'),"
  " ('authorization', NULL, '400'), ('authorization', 'authorization_manufacturer', '400 2 1'),"
  " ('audit', NULL, '1000000'), ('audit', 'audit_entity', '1000000 200000 10');"
  "ANALYZE sqlite_schema;";

/* The list is one range scan of deadline_due's primary key: no other table, no full scan. */
static void
assert_plan_uses_indexes (CslWorkspace *ws)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;
  g_auto(GStrv) lines = NULL;

  plan = csl_deadlines_query_plan (ws, &error);
  g_assert_no_error (error);
  g_test_message ("%s", plan);
  lines = g_strsplit (plan, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpstr (lines[0], ==, "SEARCH deadline_due USING PRIMARY KEY (due_key<?)");
}

/* Both as a new workspace is (no statistics) and as the planner would see 100 000 filings. */
static void
test_query_plan (CslTestTmp    *tmp,
                 gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;

  /* SQLite's planner and statistics; the server's speed is measured in build-aux/bench. */
  CSL_TEST_SKIP_ON_SERVER ("the query plan checked is SQLite's");
  world_init (&w, tmp);
  assert_plan_uses_indexes (w.ws);
  g_assert_true (csl_db_exec (csl_workspace_get_db (w.ws), "ANALYZE", &error));
  g_assert_true (csl_db_exec (csl_workspace_get_db (w.ws), large_workspace_stats, &error));
  g_assert_no_error (error);
  assert_plan_uses_indexes (w.ws);
  g_clear_object (&w.ws);
}


/* The text the CLI streams is what json-glib prints for the same list, escapes and all. */
static void
test_json_text (void)
{
  const char *const texts[] = {
    "plain", "", NULL, "a \"quote\" and a \\ backslash", "line\nbreak\ttab\rreturn\bback\fform",
    "\x01 \x1f \x7f controls", "示例智能科技32有限公司", "GB/T 1-2020 → GB/T 1-2026", "/slash/ and 'single'",
  };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) streamed = g_string_new ("[");
  g_autofree char *expected = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      CslDeadline d = { 0 };
      g_autoptr(GString) alone = g_string_new (NULL);
      g_autoptr(JsonBuilder) one = json_builder_new ();
      g_autoptr(JsonNode) one_root = NULL;
      g_autofree char *one_text = NULL;

      d.rule = i % CSL_N_DEADLINE_RULES;
      d.filing_id = i;                      /* 0: null */
      d.manufacturer_id = 1000 + i;
      d.manufacturer = (char *) texts[i];
      d.model = (char *) texts[(i + 1) % G_N_ELEMENTS (texts)];
      d.product_name = (char *) texts[(i + 2) % G_N_ELEMENTS (texts)];
      d.filing_number = (char *) texts[(i + 3) % G_N_ELEMENTS (texts)];
      d.status = i % 3;
      d.due = (char *) "2027-07-01";
      d.since = i % 2 ? (char *) "2027-01-01" : NULL;
      d.days_left = (int) i * 17 - 60;
      d.overdue = d.days_left < 0;
      d.reminder = i % 2 ? 30 : 0;
      d.detail = (char *) texts[(i + 4) % G_N_ELEMENTS (texts)];
      csl_json_add_deadline (b, &d);
      g_string_append (streamed, i == 0 ? "\n  " : ",\n  ");
      csl_deadline_write_json (streamed, &d, 1);

      /* Alone, at the top. */
      csl_json_add_deadline (one, &d);
      one_root = json_builder_get_root (one);
      json_generator_set_pretty (gen, TRUE);
      json_generator_set_root (gen, one_root);
      one_text = json_generator_to_data (gen, NULL);
      csl_deadline_write_json (alone, &d, 0);
      g_assert_cmpstr (alone->str, ==, one_text);
    }
  json_builder_end_array (b);
  g_string_append (streamed, "\n]");
  root = json_builder_get_root (b);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  expected = json_generator_to_data (gen, NULL);
  g_assert_cmpstr (streamed->str, ==, expected);
}

/* ---- what migration 9 keeps (deadline_due) against the full computation ---- */

static char *
list_json (GPtrArray *list)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    csl_json_add_deadline (b, list->pdata[i]);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static void
stream_one (const CslDeadline *d,
            gpointer           user_data)
{
  GString *out = user_data;

  g_string_append (out, out->len ? ",\n  " : "[\n  ");
  csl_deadline_write_json (out, d, 1);
}

/* The kept list and the computed one, as JSON (every field, in order), for some days, horizons,
 * manufacturers and windows; returns how many deadlines were compared so that a caller can
 * check the comparison was not of empty lists. */
static guint
assert_kept_matches (World *w)
{
  const char *const days[] = { "2026-01-01", TODAY, "2028-03-01" };
  const int within[] = { 0, 90, 36500 };
  const int windows[] = { 120, 7 };
  const gint64 makers[] = { 0, w->alpha, w->beta };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    for (guint j = 0; j < G_N_ELEMENTS (within); j++)
      for (guint k = 0; k < G_N_ELEMENTS (makers); k++)
        {
          g_autoptr(GError) error = NULL;
          CslDeadlineQuery q = { days[i], within[j], makers[k], j % 2 ? windows : NULL, j % 2 ? 2 : 0 };
          g_autoptr(GPtrArray) kept = csl_deadlines_list (w->ws, &q, &error);
          g_autoptr(GPtrArray) computed = csl_deadlines_recompute (w->ws, &q, &error);
          g_autofree char *a = NULL, *b = NULL;

          g_autoptr(GString) streamed = g_string_new (NULL);
          g_autofree char *c = NULL;

          g_assert_no_error (error);
          a = list_json (kept);
          b = list_json (computed);
          if (g_strcmp0 (a, b) != 0)
            g_error ("today %s, within %d, manufacturer %" G_GINT64_FORMAT ": kept\n%s\ncomputed\n%s",
                     days[i], within[j], makers[k], a, b);
          /* Streamed in SQLite's order, as the CLI prints it: the same text as the list. */
          g_assert_true (csl_deadlines_foreach (w->ws, &q, stream_one, streamed, &error));
          g_assert_no_error (error);
          g_string_append (streamed, streamed->len ? "\n]" : "[]");
          c = list_json (computed);
          if (g_strcmp0 (streamed->str, c) != 0)
            g_error ("today %s, within %d, manufacturer %" G_GINT64_FORMAT ": streamed\n%s\ncomputed\n%s",
                     days[i], within[j], makers[k], streamed->str, c);
          n += kept->len;
        }
  return n;
}

static gint64
product_of (World  *w,
            gint64  filing)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CslFiling) f = csl_filing_get (w->ws, filing, &error);

  g_assert_no_error (error);
  return f->product_id;
}

/* Every kind of write that moves a deadline, each through the code that makes it, and the kept
 * list still the computed one after each. */
static void
test_kept_matches (CslTestTmp    *tmp,
                   gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  gint64 next;
  guint n;

  world_init (&w, tmp);
  g_assert_cmpuint (assert_kept_matches (&w), >, 100);

  g_assert_true (csl_lifecycle_apply_time (w.ws, TODAY, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  assert_kept_matches (&w);

  /* A re-filing in progress, then filed: the old label drops out. */
  next = csl_refiling_refile (w.ws, w.overdue, NULL, &error);
  g_assert_cmpint (next, >, 0);
  assert_kept_matches (&w);
  fx_file (w.ws, next, "N-4b", "2027-06-01", "2027-08-15");
  assert_kept_matches (&w);

  /* A lab's accreditation, its name and a bar, lifted again. */
  {
    g_autoptr(CslLab) l = csl_lab_get (w.ws, w.lab, &error);

    g_free (l->accredited_until);
    l->accredited_until = g_strdup ("2027-08-01");
    g_free (l->name);
    l->name = g_strdup ("CESI Lab (renamed)");
    g_assert_true (csl_lab_update (w.ws, l, &error));
    g_assert_no_error (error);
  }
  assert_kept_matches (&w);
  g_assert_true (csl_bar_set (w.ws, CSL_BAR_LAB, w.short_lab, "2027-12-01", "Forged reports", &error));
  assert_kept_matches (&w);

  /* A pentest lab of its own, barred. */
  {
    g_autoptr(CslFiling) f = csl_filing_get (w.ws, w.accreditation, &error);

    f->pentest_lab_id = w.bad_lab;
    g_assert_true (csl_filing_update (w.ws, f, &error));
    g_assert_no_error (error);
  }
  assert_kept_matches (&w);

  /* A product's support and name, a manufacturer's name. */
  {
    g_autoptr(CslProduct) p = csl_product_get (w.ws, product_of (&w, w.expiring), &error);

    g_free (p->support_until);
    p->support_until = g_strdup ("2027-06-20");
    g_free (p->name);
    p->name = g_strdup ("Renamed camera");
    g_assert_true (csl_product_update (w.ws, p, &error));
    g_assert_no_error (error);
  }
  assert_kept_matches (&w);
  {
    g_autoptr(CslManufacturer) m = csl_manufacturer_get (w.ws, w.alpha, &error);

    g_free (m->name_en);
    m->name_en = g_strdup ("Alpha Renamed Co");
    g_free (m->name_zh);
    m->name_zh = NULL;
    g_assert_true (csl_manufacturer_update (w.ws, m, &error));
    g_assert_no_error (error);
  }
  assert_kept_matches (&w);

  /* A later authorisation moves the agent's date. */
  {
    g_autoptr(CslAuthorization) a = g_new0 (CslAuthorization, 1);

    a->manufacturer_id = w.beta;
    a->letter_ref = g_strdup ("AUTH-8");
    a->valid_from = g_strdup ("2027-01-01");
    a->valid_until = g_strdup ("2027-10-31");
    g_assert_cmpint (csl_authorization_add (w.ws, a, &error), >, 0);
  }
  assert_kept_matches (&w);

  /* A replaced standard, then a filing that no longer cites it. */
  g_assert_true (csl_standard_replace (w.ws, "GB/T 41387-2022", "GB/T 41387-2026", "2027-08-01", NULL, &error));
  g_assert_no_error (error);
  assert_kept_matches (&w);
  {
    g_autoptr(CslFiling) f = csl_filing_get (w.ws, w.support, &error);
    const char *const other[] = { "GB/T 38632-2020", NULL };

    g_strfreev (f->standards);
    f->standards = g_strdupv ((char **) other);
    g_assert_true (csl_filing_update (w.ws, f, &error));
    g_assert_no_error (error);
  }
  assert_kept_matches (&w);

  /* Re-filing due with no audit entry (written by another program): due from today. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE filing SET status = 'refiling-due', refiling_reason = 'by hand' "
                                            "WHERE id = %" G_GINT64_FORMAT, w.accreditation);

    g_assert_true (csl_db_exec (csl_workspace_get_db (w.ws), sql, &error));
    g_assert_no_error (error);
  }
  assert_kept_matches (&w);
  /* …and its audit entry after the change, not before it as the app writes them. */
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO audit (at, entity, entity_id, field, old_value, new_value, via) "
                                            "VALUES ('2027-05-20T10:00:00Z', 'filing', %" G_GINT64_FORMAT ", 'status', "
                                            "'filed', 'refiling-due', 'cli')", w.accreditation);

    g_assert_true (csl_db_exec (csl_workspace_get_db (w.ws), sql, &error));
    g_assert_no_error (error);
  }
  assert_kept_matches (&w);

  g_assert_true (csl_lifecycle_revoke (w.ws, w.expiring, "withdrawn", &error));
  g_assert_true (csl_bar_set (w.ws, CSL_BAR_MANUFACTURER, w.alpha, "2027-07-01", "Late reports", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assert_kept_matches (&w), >, 100);
  g_clear_object (&w.ws);
}

static char *
kept_support_end (World  *w,
                  gint64  filing)
{
  g_autofree char *sql = g_strdup_printf ("SELECT due FROM deadline_due WHERE filing_id = %" G_GINT64_FORMAT
                                          " AND rule = %d", filing, CSL_DEADLINE_SUPPORT_END);
  g_autoptr(CslStmt) stmt = csl_db_prepare (csl_workspace_get_db (w->ws), sql, NULL);

  g_assert_nonnull (stmt);
  if (csl_stmt_step (stmt, NULL) != CSL_STMT_ROW)
    return NULL;
  return csl_stmt_dup_column_text (stmt, 0);
}

/* The table changes with the product in the writer's transaction, and goes back with it. */
static void
test_kept_in_transaction (CslTestTmp    *tmp,
                          gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  CslDb *db;
  g_autofree char *sql = NULL;
  char *due;

  CSL_TEST_SKIP_ON_SERVER ("deadline_due is a workspace file's");
  world_init (&w, tmp);
  db = csl_workspace_get_db (w.ws);
  due = kept_support_end (&w, w.support);
  g_assert_cmpstr (due, ==, "2027-07-10");
  g_free (due);
  sql = g_strdup_printf ("UPDATE product SET support_until = '2027-06-20' WHERE id = %" G_GINT64_FORMAT,
                         product_of (&w, w.support));
  g_assert_true (csl_db_begin (db, &error));
  g_assert_true (csl_db_exec (db, sql, &error));
  g_assert_no_error (error);
  due = kept_support_end (&w, w.support);
  g_assert_cmpstr (due, ==, "2027-06-20");
  g_free (due);
  assert_kept_matches (&w);
  csl_db_rollback (db);
  due = kept_support_end (&w, w.support);
  g_assert_cmpstr (due, ==, "2027-07-10");
  g_free (due);
  g_clear_object (&w.ws);
}

/* A workspace of version 8 gets what is due filled in as it is upgraded. */
static void
test_kept_by_migration (CslTestTmp    *tmp,
                        gconstpointer  data)
{
  World w;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CslStmt) stmt = NULL;
  CslDb *db;
  int rc;

  CSL_TEST_SKIP_ON_SERVER ("deadline_due is a workspace file's");
  world_init (&w, tmp);
  db = csl_workspace_get_db (w.ws);
  stmt = csl_db_prepare (db, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'deadline%'", &error);
  g_assert_no_error (error);
  while ((rc = csl_stmt_step (stmt, &error)) == CSL_STMT_ROW)
    g_ptr_array_add (names, g_strdup_printf ("DROP TRIGGER %s", csl_stmt_column_text (stmt, 0)));
  g_assert_cmpint (rc, ==, CSL_STMT_DONE);
  g_clear_pointer (&stmt, csl_stmt_free);
  g_assert_cmpuint (names->len, >=, 10);
  for (guint i = 0; i < names->len; i++)
    g_assert_true (csl_db_exec (db, names->pdata[i], &error));
  g_assert_true (csl_db_exec (db, "DROP TABLE deadline_due; DROP TABLE deadline_stale; PRAGMA user_version = 8", &error));
  g_assert_no_error (error);
  g_clear_object (&w.ws);

  w.ws = fx_open (tmp->dir);
  g_assert_cmpint (fx_count (w.ws, "PRAGMA user_version"), ==, 9);
  g_assert_cmpint (fx_count (w.ws, "SELECT count(*) FROM deadline_due"), >, 5);
  g_assert_cmpuint (assert_kept_matches (&w), >, 100);
  g_clear_object (&w.ws);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, CslTestTmp, NULL, csl_test_tmp_setup, fn, csl_test_tmp_teardown)
  ADD ("/deadlines/rules", test_rules);
  ADD ("/deadlines/supersede", test_supersede);
  g_test_add_func ("/deadlines/entered-window", test_entered_window);
  g_test_add_func ("/deadlines/reminder-parse", test_reminder_parse);
  g_test_add_func ("/deadlines/json-text", test_json_text);
  ADD ("/deadlines/text", test_text);
  ADD ("/deadlines/query-plan", test_query_plan);
  ADD ("/deadlines/kept-matches", test_kept_matches);
  ADD ("/deadlines/kept-in-transaction", test_kept_in_transaction);
  ADD ("/deadlines/kept-by-migration", test_kept_by_migration);
  return g_test_run ();
}
