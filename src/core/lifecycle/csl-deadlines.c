#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "base/csl-date.h"
#include "lifecycle/csl-deadlines.h"
#include "base/csl-error.h"
#include "records/csl-serialize.h"

static const int default_reminders[] = { 90, 60, 30 };

static const struct
{
  const char *id;
  const char *article;
  const char *label;
} rules[CSL_N_DEADLINE_RULES] = {
  [CSL_DEADLINE_LABEL_EXPIRY]        = { "label-expiry", "Art. 10", N_("Label validity ends") },
  [CSL_DEADLINE_REFILING_DUE]        = { "refiling-due", "Art. 10", N_("Re-filing due after a change") },
  [CSL_DEADLINE_SUPPORT_END]         = { "support-end", "Art. 14(4)", N_("Security support ends") },
  [CSL_DEADLINE_LAB_ACCREDITATION]   = { "lab-accreditation", "Art. 7(1)", N_("Lab accreditation ends before the label") },
  [CSL_DEADLINE_AUTHORIZATION]       = { "authorization", "Art. 8(7)", N_("Agent authorisation ends before the label") },
  [CSL_DEADLINE_LAB_BARRED]          = { "lab-barred", "Art. 16", N_("Relies on a barred lab") },
  [CSL_DEADLINE_MANUFACTURER_BARRED] = { "manufacturer-barred", "Art. 15", N_("Manufacturer is barred") },
  [CSL_DEADLINE_STANDARD_REPLACED]   = { "standard-replaced", "Art. 10", N_("Re-filing due: a basis standard is replaced") },
};

const char *
csl_deadline_rule_to_string (CslDeadlineRule rule)
{
  g_return_val_if_fail (rule < CSL_N_DEADLINE_RULES, "");
  return rules[rule].id;
}

const char *
csl_deadline_rule_article (CslDeadlineRule rule)
{
  g_return_val_if_fail (rule < CSL_N_DEADLINE_RULES, "");
  return rules[rule].article;
}

const char *
csl_deadline_rule_label (CslDeadlineRule rule)
{
  g_return_val_if_fail (rule < CSL_N_DEADLINE_RULES, "");
  return _(rules[rule].label);
}

static gboolean
is_condition (CslDeadlineRule rule)
{
  return rule == CSL_DEADLINE_REFILING_DUE || rule == CSL_DEADLINE_LAB_BARRED ||
         rule == CSL_DEADLINE_MANUFACTURER_BARRED;
}

void
csl_deadline_free (CslDeadline *d)
{
  if (d == NULL)
    return;
  g_free (d->manufacturer);
  g_free (d->model);
  g_free (d->product_name);
  g_free (d->filing_number);
  g_free (d->due);
  g_free (d->since);
  g_free (d->detail);
  g_free (d);
}

/* The full computation, which a team server runs and the tests check deadline_due against (a
 * workspace file reads stored_sql below). One statement for the whole workspace. Each branch
 * starts from the index that finds the rows which can be due — (status, valid_until), product(support_until), lab(accredited_until),
 * authorization(manufacturer_id, valid_until), the barred_until indexes — and reaches the
 * filings through filing_product, filing_lab and filing_pentest_lab; the label branch uses the
 * partial index of filings not superseded, so a workspace of 100 000 filings reads what is due
 * and not the years of re-filed labels behind it. CROSS JOIN fixes that order and the unary + keeps
 * the planner from scanning filing_status instead, whatever the statistics say.
 * ?1 today, ?2 the horizon, ?3 a manufacturer or 0. */
/* Each branch carries the filing's columns the result shows, so that no filing is read twice.
 * Filters each branch before its rows are joined and checked: an agent looking at one
 * manufacturer pays for that manufacturer's filings only. */
#define ONE_MANUFACTURER " AND (?3 = 0 OR f.product_id IN (SELECT id FROM product WHERE manufacturer_id = ?3))"

/* A filing whose re-filing has been filed is done with; one with a re-filing still in progress
 * keeps its deadlines, since its label is the one in use. (The unary + here and on other filing
 * columns keeps the planner on the branch's own index instead of the validity index.) */
#define NOT_SUPERSEDED " AND +f.superseded_on IS NULL"

#define LAB_BAR_SINCE \
  "(SELECT substr(max(a.at), 1, 10) FROM audit a WHERE a.entity = 'lab' AND a.entity_id = l.id" \
  " AND a.field = 'barred_until')"
#define LAB_BAR_DETAIL "l.name || COALESCE(': ' || l.barred_reason, '')"

static const char deadlines_sql[] =
  "WITH d(rule, filing_id, product_id, filing_number, status, due, since, detail) AS ("
  " SELECT 0, f.id, f.product_id, f.filing_number, f.status, f.valid_until, NULL, NULL FROM filing f"
  "  WHERE f.superseded_on IS NULL AND f.status IN ('filed', 'refiling-due', 'expired')"
  "  AND f.valid_until <= ?2" ONE_MANUFACTURER
  " UNION ALL"
  " SELECT 1, r.id, r.product_id, r.filing_number, r.status, r.since, r.since, r.reason FROM"
  "  (SELECT f.id, f.product_id, f.filing_number, f.status, f.refiling_reason AS reason,"
  "    COALESCE((SELECT substr(max(a.at), 1, 10) FROM audit a"
  "    WHERE a.entity = 'filing' AND a.entity_id = f.id AND a.field = 'status'"
  "    AND a.new_value = 'refiling-due'), ?1) AS since"
  "   FROM filing f WHERE f.status = 'refiling-due'" ONE_MANUFACTURER NOT_SUPERSEDED ") r"
  " UNION ALL"
  " SELECT 2, f.id, f.product_id, f.filing_number, f.status, p.support_until, NULL, NULL"
  "  FROM product p CROSS JOIN filing f ON f.product_id = p.id"
  "  WHERE p.support_until <= ?2 AND +f.status IN ('filed', 'refiling-due')"
  "  AND p.support_until <= +f.valid_until" ONE_MANUFACTURER NOT_SUPERSEDED
  " UNION ALL"
  " SELECT 3, f.id, f.product_id, f.filing_number, f.status, l.accredited_until, NULL, l.name"
  "  FROM lab l CROSS JOIN filing f ON f.lab_id = l.id"
  "  WHERE l.accredited_until <= ?2 AND +f.status IN ('filed', 'refiling-due')"
  "  AND l.accredited_until < +f.valid_until" ONE_MANUFACTURER NOT_SUPERSEDED
  " UNION ALL"
  " SELECT 3, f.id, f.product_id, f.filing_number, f.status, l.accredited_until, NULL, l.name"
  "  FROM lab l CROSS JOIN filing f ON f.pentest_lab_id = l.id"
  "  WHERE l.accredited_until <= ?2 AND +f.status IN ('filed', 'refiling-due') AND +f.lab_id <> l.id"
  "  AND l.accredited_until < +f.valid_until" ONE_MANUFACTURER NOT_SUPERSEDED
  " UNION ALL"
  " SELECT 4, f.id, f.product_id, f.filing_number, f.status, au.until, NULL, NULL FROM"
  "  (SELECT manufacturer_id, max(valid_until) AS until FROM authorization GROUP BY manufacturer_id) au"
  "  CROSS JOIN product p ON p.manufacturer_id = au.manufacturer_id CROSS JOIN filing f ON f.product_id = p.id"
  "  WHERE au.until <= ?2 AND +f.filed_by = 'agent' AND +f.status IN ('filed', 'refiling-due')"
  "  AND au.until < +f.valid_until" ONE_MANUFACTURER NOT_SUPERSEDED
  " UNION ALL"
  " SELECT 5, f.id, f.product_id, f.filing_number, f.status, l.barred_until, " LAB_BAR_SINCE ", " LAB_BAR_DETAIL
  "  FROM lab l CROSS JOIN filing f ON f.lab_id = l.id"
  "  WHERE l.barred_until >= ?1 AND +f.status NOT IN ('expired', 'revoked')" ONE_MANUFACTURER NOT_SUPERSEDED
  " UNION ALL"
  " SELECT 5, f.id, f.product_id, f.filing_number, f.status, l.barred_until, " LAB_BAR_SINCE ", " LAB_BAR_DETAIL
  "  FROM lab l CROSS JOIN filing f ON f.pentest_lab_id = l.id"
  "  WHERE l.barred_until >= ?1 AND +f.status NOT IN ('expired', 'revoked') AND +f.lab_id <> l.id"
  ONE_MANUFACTURER NOT_SUPERSEDED
  " UNION ALL"
  " SELECT 6, f.id, f.product_id, f.filing_number, f.status, m.barred_until,"
  "  (SELECT substr(max(a.at), 1, 10) FROM audit a WHERE a.entity = 'manufacturer' AND a.entity_id = m.id"
  "   AND a.field = 'barred_until'),"
  "  m.barred_reason FROM manufacturer m CROSS JOIN product p ON p.manufacturer_id = m.id"
  "  CROSS JOIN filing f ON f.product_id = p.id"
  "  WHERE m.barred_until >= ?1 AND +f.status NOT IN ('expired', 'revoked')" ONE_MANUFACTURER NOT_SUPERSEDED
  /* A replaced standard: few rows, each reaching its filings through filing_standard_number. */
  " UNION ALL"
  " SELECT 7, f.id, f.product_id, f.filing_number, f.status, sr.effective_from, substr(sr.recorded_at, 1, 10),"
  "  sr.old_number || ' → ' || sr.new_number"
  "  FROM standard_replacement sr CROSS JOIN filing_standard fs ON fs.number = sr.old_number"
  "  CROSS JOIN filing f ON f.id = fs.filing_id"
  "  WHERE sr.effective_from <= ?2 AND +f.status IN ('filed', 'refiling-due')" ONE_MANUFACTURER NOT_SUPERSEDED ")"
  " SELECT d.rule, d.filing_id, m.id, COALESCE(m.name_zh, m.name_en), p.model, p.name, d.filing_number,"
  "  d.status, d.due, d.since, d.detail"
  " FROM d JOIN product p ON p.id = d.product_id"
  " JOIN manufacturer m ON m.id = p.manufacturer_id";

/* What migration 9's triggers keep in deadline_due, read by one range scan of its primary key:
 * the dates up to the horizon and the conditions (due_key ''), less the bars that have ended.
 * A re-filing due with no audit entry started today, as in the full query. Same columns as
 * deadlines_sql's result. */
#define STORED_SQL \
  "SELECT rule, filing_id, manufacturer_id, manufacturer, model, product_name, filing_number, status," \
  " CASE rule WHEN 1 THEN COALESCE(since, ?1) ELSE due END AS shown_due," \
  " CASE rule WHEN 1 THEN COALESCE(since, ?1) ELSE since END, detail" \
  " FROM deadline_due WHERE due_key <= ?2 AND (rule NOT IN (5, 6) OR due >= ?1)" \
  " AND (?3 = 0 OR manufacturer_id = ?3)"
static const char stored_sql[] = STORED_SQL;

static int
reminder_for (int         days_left,
              const int  *windows,
              guint       n)
{
  int best = 0;

  if (days_left < 0)
    return 0;
  for (guint i = 0; i < n; i++)
    if (days_left <= windows[i] && (best == 0 || windows[i] < best))
      best = windows[i];
  return best;
}

static int
compare_values (const CslDeadline *x,
                const CslDeadline *y)
{
  int c;

  if (x->overdue != y->overdue)
    return x->overdue ? -1 : 1;
  if ((c = g_strcmp0 (x->due, y->due)) != 0)
    return c;
  if ((c = g_strcmp0 (x->manufacturer, y->manufacturer)) != 0)
    return c;
  if (x->filing_id != y->filing_id)
    return x->filing_id < y->filing_id ? -1 : 1;
  return (int) x->rule - (int) y->rule;
}

static int
compare_deadlines (gconstpointer a,
                   gconstpointer b)
{
  return compare_values (*(CslDeadline **) a, *(CslDeadline **) b);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return compare_values (a, b);
}

typedef struct
{
  CslStmt    *stmt;
  const char *today;
  const int  *windows;
  guint       n_windows;
} Rows;

static gboolean
rows_open (Rows                    *r,
           CslWorkspace            *ws,
           const char              *sql,
           const CslDeadlineQuery  *q,
           GError                 **error)
{
  g_autofree char *horizon = NULL;
  GDate date;

  r->stmt = NULL;
  r->today = q->today;
  r->windows = q->reminder_days ? q->reminder_days : default_reminders;
  r->n_windows = q->reminder_days ? q->n_reminder_days : G_N_ELEMENTS (default_reminders);
  if (!csl_date_parse (q->today, &date, error))
    return FALSE;
  if (q->within_days < 0 || q->within_days > 36500)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                   _("%d is not a number of days from 0 to 36500"), q->within_days);
      return FALSE;
    }
  g_date_add_days (&date, (guint) q->within_days);
  horizon = csl_date_format (&date);

  r->stmt = csl_db_prepare (csl_workspace_get_db (ws), sql, error);
  if (r->stmt == NULL)
    return FALSE;
  csl_stmt_bind_text (r->stmt, 1, q->today);
  csl_stmt_bind_text (r->stmt, 2, horizon);
  csl_stmt_bind_int64 (r->stmt, 3, q->manufacturer_id);
  return TRUE;
}

static char *
column (CslStmt  *stmt,
        int       i,
        gboolean  copy)
{
  return copy ? csl_stmt_dup_column_text (stmt, i) : (char *) csl_stmt_column_text (stmt, i);
}

/* The row as a deadline: its text copied, or (copy FALSE) the statement's until the next step. */
static void
rows_read (Rows        *r,
           CslDeadline *d,
           gboolean     copy)
{
  CslStmt *stmt = r->stmt;

  d->rule = (CslDeadlineRule) csl_stmt_column_int (stmt, 0);
  d->filing_id = csl_stmt_column_int64 (stmt, 1);
  d->manufacturer_id = csl_stmt_column_int64 (stmt, 2);
  d->manufacturer = column (stmt, 3, copy);
  d->model = column (stmt, 4, copy);
  d->product_name = column (stmt, 5, copy);
  d->filing_number = column (stmt, 6, copy);
  csl_filing_status_from_string (csl_stmt_column_text (stmt, 7), &d->status);
  d->due = column (stmt, 8, copy);
  d->since = column (stmt, 9, copy);
  d->detail = column (stmt, 10, copy);
  d->days_left = csl_date_days_between (r->today, d->due);
  d->overdue = is_condition (d->rule) || d->days_left < 0;
  d->reminder = is_condition (d->rule) ? 0 : reminder_for (d->days_left, r->windows, r->n_windows);
}

static GPtrArray *
run_query (CslWorkspace            *ws,
           const char              *sql,
           const CslDeadlineQuery  *q,
           GError                 **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) csl_deadline_free);
  g_autoptr(CslStmt) stmt = NULL;
  Rows r;
  int rc;

  if (!rows_open (&r, ws, sql, q, error))
    return NULL;
  stmt = r.stmt;
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      CslDeadline *d = g_new0 (CslDeadline, 1);

      rows_read (&r, d, TRUE);
      g_ptr_array_add (out, d);
    }
  if (rc != CSL_STMT_DONE)
    return NULL;
  g_ptr_array_sort (out, compare_deadlines);
  return g_steal_pointer (&out);
}

/* A team server has no deadline_due (its row-level security would have to cover it and triggers
 * that see every manufacturer): it computes the list from the filings, which its planner and
 * cache serve without a workspace file's random reads. */
static const char *
query_for (CslWorkspace *ws)
{
  return csl_db_is_server (csl_workspace_get_db (ws)) ? deadlines_sql : stored_sql;
}

GPtrArray *
csl_deadlines_list (CslWorkspace            *ws,
                    const CslDeadlineQuery  *q,
                    GError                 **error)
{
  return run_query (ws, query_for (ws), q, error);
}

static char *
chunk_text (GStringChunk *chunk,
            const char   *text)
{
  return text ? g_string_chunk_insert (chunk, text) : NULL;
}

/* The list's rows in one array and their text in one chunk, sorted as the list is: no allocation
 * of its own for each of 11 000 deadlines and their eight strings. */
gboolean
csl_deadlines_foreach (CslWorkspace            *ws,
                       const CslDeadlineQuery  *q,
                       CslDeadlineFunc          func,
                       gpointer                 user_data,
                       GError                 **error)
{
  g_autoptr(CslStmt) stmt = NULL;
  g_autoptr(GArray) rows = g_array_sized_new (FALSE, FALSE, sizeof (CslDeadline), 1024);
  GStringChunk *chunk;
  Rows r;
  int rc;

  if (!rows_open (&r, ws, query_for (ws), q, error))
    return FALSE;
  stmt = r.stmt;
  chunk = g_string_chunk_new (64 * 1024);
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    {
      CslDeadline d;

      rows_read (&r, &d, FALSE);
      d.manufacturer = chunk_text (chunk, d.manufacturer);
      d.model = chunk_text (chunk, d.model);
      d.product_name = chunk_text (chunk, d.product_name);
      d.filing_number = chunk_text (chunk, d.filing_number);
      d.due = chunk_text (chunk, d.due);
      d.since = chunk_text (chunk, d.since);
      d.detail = chunk_text (chunk, d.detail);
      g_array_append_val (rows, d);
    }
  if (rc == CSL_STMT_DONE)
    {
      g_array_sort (rows, compare_rows);
      for (guint i = 0; i < rows->len; i++)
        func (&g_array_index (rows, CslDeadline, i), user_data);
    }
  g_string_chunk_free (chunk);
  return rc == CSL_STMT_DONE;
}

GPtrArray *
csl_deadlines_recompute (CslWorkspace            *ws,
                         const CslDeadlineQuery  *q,
                         GError                 **error)
{
  return run_query (ws, deadlines_sql, q, error);
}

static gboolean
crossed (const char *date,
         int         days_before,
         const char *since,
         const char *today)
{
  GDate d;
  g_autofree char *iso = NULL;

  if (!csl_date_parse (date, &d, NULL))
    return FALSE;
  g_date_subtract_days (&d, (guint) days_before);
  iso = csl_date_format (&d);
  return g_strcmp0 (since, iso) < 0 && g_strcmp0 (iso, today) <= 0;
}

gboolean
csl_deadline_entered_window (const CslDeadline *d,
                             const char        *since,
                             const char        *today,
                             const int         *reminder_days,
                             guint              n_reminder_days)
{
  if (reminder_days == NULL)
    {
      reminder_days = default_reminders;
      n_reminder_days = G_N_ELEMENTS (default_reminders);
    }
  if (since == NULL || *since == '\0')
    return d->overdue || d->reminder > 0 || d->days_left == 0;
  if (is_condition (d->rule))
    return d->since == NULL || crossed (d->since, 0, since, today);
  if (crossed (d->due, 0, since, today))
    return TRUE;
  for (guint i = 0; i < n_reminder_days; i++)
    if (reminder_days[i] > 0 && crossed (d->due, reminder_days[i], since, today))
      return TRUE;
  return FALSE;
}

GArray *
csl_reminder_days_parse (const char  *text,
                         GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ",", -1);
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 v;
      int n;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, 3650, &v, NULL))
        {
          g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID,
                       _("Reminder “%s” in “%s” is not a number of days from 1 to 3650"), parts[i], text);
          return NULL;
        }
      n = (int) v;
      g_array_append_val (days, n);
    }
  if (days->len == 0)
    {
      g_set_error (error, CSL_ERROR, CSL_ERROR_INVALID, _("No reminder days given (e.g. 90,60,30)"));
      return NULL;
    }
  return g_steal_pointer (&days);
}

char *
csl_deadlines_query_plan (CslWorkspace  *ws,
                          GError       **error)
{
  CslDb *db = csl_workspace_get_db (ws);
  g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", query_for (ws), NULL);
  g_autoptr(CslStmt) stmt = csl_db_prepare (db, sql, error);
  g_autoptr(GString) plan = g_string_new (NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  csl_stmt_bind_text (stmt, 1, "2000-01-01");
  csl_stmt_bind_text (stmt, 2, "2000-04-01");
  csl_stmt_bind_int64 (stmt, 3, 0);
  while ((rc = csl_stmt_step (stmt, error)) == CSL_STMT_ROW)
    g_string_append_printf (plan, "%s\n", csl_stmt_column_text (stmt, 3));
  if (rc != CSL_STMT_DONE)
    return NULL;
  return g_string_free (g_steal_pointer (&plan), FALSE);
}
